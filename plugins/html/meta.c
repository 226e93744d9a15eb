/* SPDX-License-Identifier: MIT */
/*
 * Page metadata: title, canonical URL, published/updated time, author and
 * language, from <meta>/<link> tags, JSON-LD (NewsArticle and kin), <time>,
 * <title>, <h1> and bylines. tree.c feeds the candidates as it parses;
 * they are ranked and the best of each is handed to the host once (the
 * host keeps the first value it gets).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* ranks: lower is better */
enum { R_META = 0, R_LD = 1, R_META2 = 2, R_TAG = 3, R_BODY = 4, R_NONE = 9 };

typedef struct slot {
	char *v;        /* host-allocated */
	int rank;
} slot;

struct mset {
	slot s[CT_META_KEY_COUNT];
	int time_rank;      /* of the <time> taken for the published date */
};

static void put(html_ctx *c, mset *m, int key, const char *v, size_t n, int rank)
{
	slot *s = &m->s[key];
	char *copy;

	while (n && (*v == ' ' || *v == '\n' || *v == '\t' || *v == '\r')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\n' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		n--;
	if (!n || (s->v && s->rank <= rank))
		return;
	if (!(copy = c->host->alloc(n + 1))) {
		c->err = CT_PLUGIN_ENOMEM;
		return;
	}
	memcpy(copy, v, n);
	copy[n] = '\0';
	c->host->free(s->v);
	s->v = copy;
	s->rank = rank;
}

/* ---- dates ---- */

static long long days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

static int month_of(const char *s)
{
	static const char *const names[] = {
		"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
	};
	int i;

	for (i = 0; i < 12; i++)
		if (strncasecmp(s, names[i], 3) == 0)
			return i + 1;
	return 0;
}

/* Parse an offset "Z", "+05:30", "-0800", "GMT", "UTC", "EST"... in seconds. */
static int parse_zone(const char *s, long *off)
{
	int h, m = 0;

	while (*s == ' ')
		s++;
	*off = 0;
	if (!*s || *s == 'Z' || *s == 'z' || !strncasecmp(s, "GMT", 3) || !strncasecmp(s, "UTC", 3) ||
	    !strncasecmp(s, "UT", 2))
		return 1;
	if ((*s == '+' || *s == '-') && digits(s + 1, 2, &h)) {
		const char *p = s + 3;

		if (*p == ':')
			p++;
		if (!digits(p, 2, &m))
			m = 0;
		*off = (h * 3600L + m * 60L) * (*s == '-' ? -1 : 1);
		return 1;
	}
	if (!strncasecmp(s, "EST", 3)) *off = -5 * 3600L;
	else if (!strncasecmp(s, "EDT", 3)) *off = -4 * 3600L;
	else if (!strncasecmp(s, "CST", 3)) *off = -6 * 3600L;
	else if (!strncasecmp(s, "CDT", 3)) *off = -5 * 3600L;
	else if (!strncasecmp(s, "MST", 3)) *off = -7 * 3600L;
	else if (!strncasecmp(s, "MDT", 3)) *off = -6 * 3600L;
	else if (!strncasecmp(s, "PST", 3)) *off = -8 * 3600L;
	else if (!strncasecmp(s, "PDT", 3)) *off = -7 * 3600L;
	return 1;
}

/* ISO 8601 / RFC 3339 / RFC 822 to "YYYY-MM-DDTHH:MM:SSZ"; 0 if not a date. */
static int norm_date(const char *s, char out[32])
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	long off = 0;
	long long t;

	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++;
	if (digits(s, 4, &y) && s[4] == '-' && digits(s + 5, 2, &mo) && s[7] == '-' &&
	    digits(s + 8, 2, &d)) {
		const char *p = s + 10;

		if ((*p == 'T' || *p == 't' || *p == ' ') && digits(p + 1, 2, &h) && p[3] == ':' &&
		    digits(p + 4, 2, &mi)) {
			p += 6;
			if (*p == ':' && digits(p + 1, 2, &sec))
				p += 3;
			if (*p == '.' || *p == ',')
				for (p++; *p >= '0' && *p <= '9'; p++)
					;
			parse_zone(p, &off);
		}
	} else {
		/* RFC 822: [Day,] DD Mon YYYY HH:MM[:SS] zone */
		const char *p = s;
		int n;

		if (strchr(p, ','))
			p = strchr(p, ',') + 1;
		while (*p == ' ')
			p++;
		for (n = 0; p[n] >= '0' && p[n] <= '9'; n++)
			;
		if (n < 1 || n > 2 || !digits(p, n, &d))
			return 0;
		p += n;
		while (*p == ' ')
			p++;
		if (!(mo = month_of(p)))
			return 0;
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
		if (!digits(p, 4, &y))
			return 0;
		p += 4;
		while (*p == ' ')
			p++;
		if (digits(p, 2, &h) && p[2] == ':' && digits(p + 3, 2, &mi)) {
			p += 5;
			if (*p == ':' && digits(p + 1, 2, &sec))
				p += 3;
			parse_zone(p, &off);
		} else {
			h = 0;
		}
	}
	if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 ||
	    sec > 60)
		return 0;
	t = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + sec - off;
	{
		long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400, rem = t - days * 86400;

		civil_from_days(days, &y, &mo, &d);
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, (int)(rem / 3600),
			(int)(rem / 60 % 60), (int)(rem % 60));
	}
	return 1;
}

static void put_date(html_ctx *c, mset *m, int key, const char *v, int rank)
{
	char d[32];

	if (v && norm_date(v, d))
		put(c, m, key, d, strlen(d), rank);
}

/* ---- JSON-LD (a scan for the few keys we want, not a full parser) ---- */

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

/* Decode the JSON string at p (after its opening quote) into buf. */
static size_t json_str(const char *p, char *buf, size_t cap)
{
	size_t n = 0;

	while (*p && *p != '"' && n + 4 < cap) {
		if (*p == '\\' && p[1]) {
			p++;
			if (*p == 'u') {
				unsigned int cp = 0;
				int i;

				for (i = 1; i <= 4; i++) {
					char ch = p[i];

					cp <<= 4;
					if (ch >= '0' && ch <= '9') cp |= (unsigned)(ch - '0');
					else if (ch >= 'a' && ch <= 'f') cp |= (unsigned)(ch - 'a' + 10);
					else if (ch >= 'A' && ch <= 'F') cp |= (unsigned)(ch - 'A' + 10);
					else break;
				}
				if (i <= 4)
					break;
				p += 5;
				if (cp >= 0xD800 && cp <= 0xDFFF)
					cp = 0xFFFD;  /* pairs are rare in metadata */
				if (cp < 0x80) {
					buf[n++] = (char)(cp ? cp : ' ');
				} else if (cp < 0x800) {
					buf[n++] = (char)(0xC0 | (cp >> 6));
					buf[n++] = (char)(0x80 | (cp & 0x3F));
				} else {
					buf[n++] = (char)(0xE0 | (cp >> 12));
					buf[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
					buf[n++] = (char)(0x80 | (cp & 0x3F));
				}
				continue;
			}
			buf[n++] = *p == 'n' || *p == 't' || *p == 'r' ? ' ' : *p;
			p++;
			continue;
		}
		buf[n++] = *p++;
	}
	buf[n] = '\0';
	return n;
}

/* The string value of "key" in the JSON text, or for an object/array value,
 * the string of its first "name". */
static size_t json_find(const char *json, const char *key, char *buf, size_t cap)
{
	char pat[48];
	const char *p = json;

	snprintf(pat, sizeof(pat), "\"%s\"", key);
	while ((p = strstr(p, pat)) != NULL) {
		const char *v = skip_ws(p + strlen(pat));

		p += strlen(pat);
		if (*v != ':')
			continue;
		v = skip_ws(v + 1);
		if (*v == '"')
			return json_str(v + 1, buf, cap);
		if (*v == '{' || *v == '[') {
			const char *nm = strstr(v, "\"name\"");

			if (nm && nm - v < 400) {
				nm = skip_ws(nm + 6);
				if (*nm == ':' && *(nm = skip_ws(nm + 1)) == '"')
					return json_str(nm + 1, buf, cap);
			}
		}
	}
	return 0;
}

static void json_ld(html_ctx *c, mset *m, const char *json)
{
	char buf[1024];
	size_t n;

	if ((n = json_find(json, "headline", buf, sizeof(buf))) > 0)
		put(c, m, CT_META_TITLE, buf, n, R_LD);
	if (json_find(json, "datePublished", buf, sizeof(buf)))
		put_date(c, m, CT_META_PUBLISHED, buf, R_LD);
	if (json_find(json, "dateModified", buf, sizeof(buf)))
		put_date(c, m, CT_META_UPDATED, buf, R_LD);
	if ((n = json_find(json, "author", buf, sizeof(buf))) > 0 && strncmp(buf, "http", 4))
		put(c, m, CT_META_AUTHOR, buf, n, R_LD);
	if ((n = json_find(json, "inLanguage", buf, sizeof(buf))) > 0)
		put(c, m, CT_META_LANGUAGE, buf, n, R_LD);
}

/* ---- <meta> ---- */

typedef struct meta_rule {
	const char *name;
	int key;
	int rank;
} meta_rule;

static const meta_rule meta_rules[] = {
	{ "og:title", CT_META_TITLE, R_META },
	{ "twitter:title", CT_META_TITLE, R_META2 },
	{ "dc.title", CT_META_TITLE, R_META2 },
	{ "og:url", CT_META_URL, R_META2 },
	{ "article:published_time", CT_META_PUBLISHED, R_META },
	{ "og:article:published_time", CT_META_PUBLISHED, R_META },
	{ "article:published", CT_META_PUBLISHED, R_META },
	{ "datepublished", CT_META_PUBLISHED, R_META },
	{ "pubdate", CT_META_PUBLISHED, R_META2 },
	{ "publishdate", CT_META_PUBLISHED, R_META2 },
	{ "publish-date", CT_META_PUBLISHED, R_META2 },
	{ "parsely-pub-date", CT_META_PUBLISHED, R_META2 },
	{ "sailthru.date", CT_META_PUBLISHED, R_META2 },
	{ "dc.date.issued", CT_META_PUBLISHED, R_META2 },
	{ "dcterms.created", CT_META_PUBLISHED, R_META2 },
	{ "dc.date", CT_META_PUBLISHED, R_META2 },
	{ "date", CT_META_PUBLISHED, R_META2 },
	{ "article:modified_time", CT_META_UPDATED, R_META },
	{ "og:updated_time", CT_META_UPDATED, R_META },
	{ "datemodified", CT_META_UPDATED, R_META },
	{ "dcterms.modified", CT_META_UPDATED, R_META2 },
	{ "last-modified", CT_META_UPDATED, R_META2 },
	{ "author", CT_META_AUTHOR, R_META },
	{ "article:author", CT_META_AUTHOR, R_META },
	{ "dc.creator", CT_META_AUTHOR, R_META2 },
	{ "parsely-author", CT_META_AUTHOR, R_META2 },
	{ "sailthru.author", CT_META_AUTHOR, R_META2 },
	{ "byl", CT_META_AUTHOR, R_META2 },
	{ "dc.language", CT_META_LANGUAGE, R_META2 },
	{ "content-language", CT_META_LANGUAGE, R_META2 },
	{ "og:locale", CT_META_LANGUAGE, R_TAG },
	{ NULL, 0, 0 }
};

static void meta_author(html_ctx *c, mset *m, const char *v, int rank)
{
	size_t n = strlen(v);

	if (!strncmp(v, "http://", 7) || !strncmp(v, "https://", 8) || v[0] == '@')
		return;
	if (n > 3 && strncasecmp(v, "by ", 3) == 0) {
		v += 3;
		n -= 3;
	}
	put(c, m, CT_META_AUTHOR, v, n, rank);
}

static const char *find_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return s;
	return NULL;
}

static void meta_tag(html_ctx *c, mset *m, const xmlChar **atts)
{
	const char *content = html_att(atts, "content"), *names[4];
	const meta_rule *r;
	int k;

	if (!content)
		return;
	names[0] = html_att(atts, "property");
	names[1] = html_att(atts, "name");
	names[2] = html_att(atts, "itemprop");
	names[3] = html_att(atts, "http-equiv");
	for (k = 0; k < 4; k++) {
		const char *nm = names[k];

		if (!nm)
			continue;
		for (r = meta_rules; r->name; r++) {
			/* "property" may list several names separated by spaces */
			const char *hit = find_ci(nm, r->name);
			size_t rl = strlen(r->name);

			if (!hit || (hit != nm && hit[-1] != ' ') || (hit[rl] && hit[rl] != ' '))
				continue;
			if (r->key == CT_META_PUBLISHED || r->key == CT_META_UPDATED)
				put_date(c, m, r->key, content, r->rank);
			else if (r->key == CT_META_AUTHOR)
				meta_author(c, m, content, r->rank);
			else if (r->key == CT_META_LANGUAGE) {
				char lang[32];
				size_t i;

				for (i = 0; content[i] && i + 1 < sizeof(lang); i++)
					lang[i] = content[i] == '_' ? '-' : content[i];
				put(c, m, r->key, lang, i, r->rank);
			} else
				put(c, m, r->key, content, strlen(content), r->rank);
		}
	}
}

/* ---- entry points ---- */

int html_meta_init(html_ctx *c)
{
	if (!(c->meta = c->host->alloc(sizeof(*c->meta))))
		return CT_PLUGIN_ENOMEM;
	memset(c->meta, 0, sizeof(*c->meta));
	c->meta->time_rank = R_NONE;
	return 0;
}

void html_meta_free(html_ctx *c)
{
	int k;

	if (!c->meta)
		return;
	for (k = 0; k < CT_META_KEY_COUNT; k++)
		c->host->free(c->meta->s[k].v);
	c->host->free(c->meta);
	c->meta = NULL;
	c->title = NULL;   /* it was one of them */
}

/* The attributes of <html>, <meta>, <link> and <time> as they are parsed. */
void html_meta_start(html_ctx *c, int tag, const xmlChar **atts)
{
	mset *m = c->meta;
	const char *a;

	if (!m || !atts || c->err)
		return;
	switch (tag) {
	case T_HTML:
		if ((a = html_att(atts, "lang")) || (a = html_att(atts, "xml:lang")))
			put(c, m, CT_META_LANGUAGE, a, strlen(a), R_META);
		break;
	case T_META:
		meta_tag(c, m, atts);
		break;
	case T_LINK:
		if ((a = html_att(atts, "rel")) && strcasecmp(a, "canonical") == 0 &&
		    (a = html_att(atts, "href")))
			put(c, m, CT_META_URL, a, strlen(a), R_META);
		break;
	case T_TIME:
		/* a <time> marked as the publication time, else the first */
		if ((a = html_att(atts, "datetime")) != NULL) {
			const char *ip = html_att(atts, "itemprop");
			int r = html_att(atts, "pubdate") || (ip && strstr(ip, "datePublished")) ?
				R_TAG : R_BODY;

			if (r < m->time_rank) {
				put_date(c, m, CT_META_PUBLISHED, a, r);
				m->time_rank = r;
			}
			if (ip && strstr(ip, "dateModified"))
				put_date(c, m, CT_META_UPDATED, a, R_TAG);
		}
		break;
	default:
		break;
	}
}

void html_meta_title(html_ctx *c, const char *s, size_t n)
{
	if (c->meta && !c->err)
		put(c, c->meta, CT_META_TITLE, s, n, R_TAG);
}

void html_meta_json(html_ctx *c, const char *json)
{
	if (c->meta && !c->err)
		json_ld(c, c->meta, json);
}

/* After the parse: the first <h1> when nothing else named the page, then
 * every value to the host. */
int html_meta_finish(html_ctx *c)
{
	mset *m = c->meta;
	size_t i;
	int k;

	if (!m)
		return 0;
	for (i = 0; i < c->count && !m->s[CT_META_TITLE].v && !c->err; i++) {
		char *t = NULL;
		size_t n;

		if (html_node(c, i)->tag != T_H1)
			continue;
		if (html_text_of(c, (int)i, &t, &n) == 0 && t)
			put(c, m, CT_META_TITLE, t, n, R_BODY);
		c->host->free(t);
		break;
	}
	if (m->s[CT_META_AUTHOR].v)
		c->have_author = 1;
	for (k = 0; k < CT_META_KEY_COUNT && !c->err; k++) {
		if (!m->s[k].v)
			continue;
		if (k == CT_META_TITLE) {
			c->title = m->s[k].v;
			c->title_len = strlen(m->s[k].v);
		}
		c->host->meta(c->sink, k, m->s[k].v, strlen(m->s[k].v));
	}
	return c->err ? c->host->fail(c->sink, c->err, "out of memory") : 0;
}

/* A byline element: the author when no metadata named one. */
int html_meta_byline(html_ctx *c, int i)
{
	char *t = NULL;
	size_t n = 0;
	const char *s;

	if (c->have_author)
		return 0;
	if (html_text_of(c, i, &t, &n) < 0 || !t)
		return 0;
	s = t;
	while (n && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) {
		s++;
		n--;
	}
	if (n > 3 && strncasecmp(s, "by ", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (n) {
		c->host->meta(c->sink, CT_META_AUTHOR, s, n);
		c->have_author = 1;
	}
	c->host->free(t);
	return 0;
}
