/* SPDX-License-Identifier: MIT */
/*
 * Legacy character references without their semicolon.
 *
 * Browsers decode "&copy 2025", "&amp" and "&eacute" as if the ';' were
 * there: HTML keeps 106 old names (Latin-1 and &AMP; &COPY; &GT; &LT;
 * &QUOT; &REG;) that work without it, and old pages rely on that.
 * libxml2 2.9 leaves such a reference as written ("&copy 2025"), and does
 * not know the upper-case spellings at all. Before parsing, each one is
 * rewritten in the form libxml2 decodes ("&copy;"), following the HTML
 * tokenizer: in text the longest legacy name that starts the run of
 * letters wins ("&notit" is "¬it"); in an attribute value a name followed
 * by a letter, digit or '=' is left alone, so query strings
 * ("?a=1&copy=2") survive; script and style bodies and comments are not
 * touched.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

typedef struct legacy {
	const char *name;
	const char *as;      /* the spelling libxml2 knows */
} legacy;

#define L(n) { n, n }
static const legacy legacy_names[] = {
	L("AElig"), { "AMP", "amp" }, L("Aacute"), L("Acirc"), L("Agrave"), L("Aring"),
	L("Atilde"), L("Auml"), { "COPY", "copy" }, L("Ccedil"), L("ETH"), L("Eacute"),
	L("Ecirc"), L("Egrave"), L("Euml"), { "GT", "gt" }, L("Iacute"), L("Icirc"),
	L("Igrave"), L("Iuml"), { "LT", "lt" }, L("Ntilde"), L("Oacute"), L("Ocirc"),
	L("Ograve"), L("Oslash"), L("Otilde"), L("Ouml"), { "QUOT", "quot" },
	{ "REG", "reg" }, L("THORN"), L("Uacute"), L("Ucirc"), L("Ugrave"), L("Uuml"),
	L("Yacute"), L("aacute"), L("acirc"), L("acute"), L("aelig"), L("agrave"),
	L("amp"), L("aring"), L("atilde"), L("auml"), L("brvbar"), L("ccedil"),
	L("cedil"), L("cent"), L("copy"), L("curren"), L("deg"), L("divide"),
	L("eacute"), L("ecirc"), L("egrave"), L("eth"), L("euml"), L("frac12"),
	L("frac14"), L("frac34"), L("gt"), L("iacute"), L("icirc"), L("iexcl"),
	L("igrave"), L("iquest"), L("iuml"), L("laquo"), L("lt"), L("macr"),
	L("micro"), L("middot"), L("nbsp"), L("not"), L("ntilde"), L("oacute"),
	L("ocirc"), L("ograve"), L("ordf"), L("ordm"), L("oslash"), L("otilde"),
	L("ouml"), L("para"), L("plusmn"), L("pound"), L("quot"), L("raquo"),
	L("reg"), L("sect"), L("shy"), L("sup1"), L("sup2"), L("sup3"), L("szlig"),
	L("thorn"), L("times"), L("uacute"), L("ucirc"), L("ugrave"), L("uml"),
	L("uuml"), L("yacute"), L("yen"), L("yuml"),
};
#undef L

#define NLEGACY (sizeof(legacy_names) / sizeof(legacy_names[0]))
#define MAX_RUN 32

static int is_alnum(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/*
 * The reference at p[0] == '&' (end is the end of the input): the legacy
 * name to rewrite it with and how many bytes it replaces, or NULL to leave
 * it as written.
 */
static const legacy *needs_fix(const char *p, const char *end, int in_attr, size_t *span)
{
	const legacy *best = NULL;
	size_t run = 0, k, n, best_len = 0;
	char name[MAX_RUN + 1];

	while (p + 1 + run < end && run < MAX_RUN && is_alnum((unsigned char)p[1 + run]))
		run++;
	if (run < 2)
		return NULL;
	memcpy(name, p + 1, run);
	name[run] = '\0';
	/* a complete reference libxml2 knows decodes as it is */
	if (p + 1 + run < end && p[1 + run] == ';' && htmlEntityLookup((const xmlChar *)name))
		return NULL;
	for (k = 0; k < NLEGACY; k++) {
		const legacy *l = &legacy_names[k];

		if (l->name[0] != name[0])
			continue;
		n = strlen(l->name);
		if (n <= run && n > best_len && memcmp(l->name, name, n) == 0) {
			best = l;
			best_len = n;
		}
	}
	if (!best)
		return NULL;
	n = 1 + best_len;
	if (p + n < end && p[n] == ';')
		n++;
	else if (in_attr && (best_len < run || (p + n < end && p[n] == '=')))
		return NULL;
	/* already in the form libxml2 decodes */
	if (p[n - 1] == ';' && strcmp(best->name, best->as) == 0)
		return NULL;
	*span = n;
	return best;
}

/* Is p the name of a raw-text element (its body is not decoded)? Which. */
static const char *raw_element(const char *p, const char *end)
{
	static const char *const raw[] = { "script", "style", NULL };
	const char *const *r;

	for (r = raw; *r; r++) {
		size_t n = strlen(*r);

		if ((size_t)(end - p) > n && strncasecmp(p, *r, n) == 0 &&
		    (p[n] == '>' || p[n] == '/' || p[n] == ' ' || p[n] == '\t' ||
		     p[n] == '\n' || p[n] == '\r' || p[n] == '\f'))
			return *r;
	}
	return NULL;
}

/* The end tag "</name" at or after p, case-insensitively; else end. */
static const char *find_end_tag(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= n + 2 && p[1] == '/' && strncasecmp(p + 2, name, n) == 0)
			return p;
		p++;
	}
	return end;
}

typedef struct out {
	const ct_host_services *host;
	char *buf;
	size_t len, cap;
	int err;
} out;

static void put(out *o, const char *s, size_t n)
{
	if (o->err || !n)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		char *nb;

		while (cap < o->len + n + 1)
			cap *= 2;
		if (!(nb = o->host->realloc(o->buf, cap))) {
			o->err = CT_PLUGIN_ENOMEM;
			return;
		}
		o->buf = nb;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

/* At '&': rewrite the reference if it needs it; returns where to go on. */
static const char *fix_at(out *o, const char **copied, const char *p, const char *end,
	int in_attr)
{
	const legacy *l;
	size_t span;

	if (!(l = needs_fix(p, end, in_attr, &span)))
		return p + 1;
	put(o, *copied, (size_t)(p - *copied));
	put(o, "&", 1);
	put(o, l->as, strlen(l->as));
	put(o, ";", 1);
	*copied = p + span;
	return p + span;
}

int html_fix_entities(const ct_host_services *host, const char *data, size_t len,
	char **result, size_t *result_len)
{
	const char *p = data, *end = data + len, *copied = data, *q, *raw = NULL;
	out o;
	size_t span;
	int in_tag = 0;
	char quote = 0;

	*result = NULL;
	*result_len = 0;
	/* most pages have none: look before tokenizing anything */
	for (q = data; q < end && (q = memchr(q, '&', (size_t)(end - q))) != NULL; q++)
		if (needs_fix(q, end, 0, &span))
			break;
	if (!q || q >= end)
		return 0;
	memset(&o, 0, sizeof(o));
	o.host = host;
	while (p < end && !o.err) {
		unsigned char ch = (unsigned char)*p;

		if (!in_tag) {
			if (ch == '&') {
				p = fix_at(&o, &copied, p, end, 0);
			} else if (ch != '<') {
				p++;
			} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
				q = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
				p = q ? q + 3 : end;
			} else if (end - p >= 2 && (((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z') ||
						    p[1] == '/' || p[1] == '!' || p[1] == '?')) {
				raw = p[1] != '/' ? raw_element(p + 1, end) : NULL;
				in_tag = 1;
				quote = 0;
				p++;
			} else {
				p++;
			}
			continue;
		}
		if (quote) {
			if (ch == (unsigned char)quote)
				quote = 0;
		} else if (ch == '"' || ch == '\'') {
			quote = (char)ch;
		} else if (ch == '>') {
			in_tag = 0;
			if (raw) {
				p = find_end_tag(p + 1, end, raw);
				raw = NULL;
				continue;
			}
		}
		if (ch == '&')
			p = fix_at(&o, &copied, p, end, 1);
		else
			p++;
	}
	if (copied == data) {
		/* what the quick look saw was in a script, a comment or a URL */
		host->free(o.buf);
		return 0;
	}
	put(&o, copied, (size_t)(end - copied));
	if (o.err) {
		host->free(o.buf);
		return o.err;
	}
	*result = o.buf;
	*result_len = o.len;
	return 0;
}

/* ---- decoding references in text (fragment.c) ---- */

static size_t put_utf8(char u[8], unsigned int cp)
{
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (char)(0xF0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* What HTML makes of a numeric reference: C1 bytes read as windows-1252,
 * nothing that is no character. */
static unsigned int fix_code_point(unsigned long v)
{
	static const unsigned short c1[32] = {
		0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
		0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
	};

	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0xFFFD;
	if (v >= 0x80 && v < 0xA0)
		return c1[v - 0x80];
	return (unsigned int)v;
}

size_t html_entity_at(const char *p, const char *end, char u[8], size_t *out_len)
{
	const char *q = p + 1;
	char name[MAX_RUN + 1];
	size_t run = 0, k, best_len = 0;
	const legacy *best = NULL;
	const htmlEntityDesc *d;

	if (q < end && *q == '#') {
		unsigned long v = 0;
		int hex = 0, digits = 0;

		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			hex = 1;
			q++;
		}
		for (; q < end; q++, digits++) {
			int dv;

			if (*q >= '0' && *q <= '9')
				dv = *q - '0';
			else if (hex && (*q | 0x20) >= 'a' && (*q | 0x20) <= 'f')
				dv = (*q | 0x20) - 'a' + 10;
			else
				break;
			if (v <= 0x10FFFF)
				v = v * (hex ? 16 : 10) + (unsigned long)dv;
		}
		if (!digits)
			return 0;
		if (q < end && *q == ';')
			q++;
		*out_len = put_utf8(u, fix_code_point(v));
		return (size_t)(q - p);
	}
	while (q + run < end && run < MAX_RUN && is_alnum((unsigned char)q[run]))
		run++;
	if (run == 0)
		return 0;
	memcpy(name, q, run);
	name[run] = '\0';
	if (q + run < end && q[run] == ';' && (d = htmlEntityLookup((const xmlChar *)name))) {
		*out_len = put_utf8(u, d->value);
		return run + 2;
	}
	/* a legacy name that works without its ';': the longest that fits */
	for (k = 0; k < NLEGACY; k++) {
		const legacy *l = &legacy_names[k];
		size_t n = strlen(l->name);

		if (l->name[0] == name[0] && n <= run && n > best_len && memcmp(l->name, name, n) == 0) {
			best = l;
			best_len = n;
		}
	}
	if (!best || !(d = htmlEntityLookup((const xmlChar *)best->as)))
		return 0;
	*out_len = put_utf8(u, d->value);
	return 1 + best_len + (q + best_len < end && q[best_len] == ';');
}
