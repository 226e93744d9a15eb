/*
 * Character encoding of an HTML page: BOM, the Content-Type charset, a
 * <meta> charset in the first bytes, the XML declaration, else UTF-8 when the
 * bytes are valid UTF-8 and windows-1252 when they are not (what browsers
 * do for undeclared Latin text). UTF-8 and windows-1252 are decoded here so
 * that no byte can make libxml2's converter stop early; anything else is left
 * to libxml2 (iconv) by name.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

#define PRESCAN 4096

/* windows-1252 0x80..0x9F; the five undefined bytes map to their C1 code */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

/* Length of the valid UTF-8 sequence at p (not NUL), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c >= 0x01 && c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
			return 0;  /* overlong, surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* Offset of the first byte that is not valid UTF-8 (or a NUL), else len. */
static size_t utf8_valid_prefix(const unsigned char *p, size_t len)
{
	size_t i = 0, k;

	while (i < len) {
		/* ASCII runs dominate markup: skip them eight bytes at a time */
		while (i + 8 <= len) {
			unsigned long long w;

			memcpy(&w, p + i, 8);
			if ((w & 0x8080808080808080ULL) ||
			    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if (!(k = utf8_seq(p + i, len - i)))
			return i;
		i += k;
	}
	return len;
}

static int has_multibyte(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] >= 0xC2)
			return 1;
	return 0;
}

static char *put_cp(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	return o;
}

/* UTF-8 with each invalid byte (and NUL) replaced by U+FFFD. */
static int repair_utf8(const ct_host_services *host, const unsigned char *p, size_t len,
	size_t from, char **out, size_t *out_len)
{
	char *buf, *o;
	size_t i = from, k;

	if (len > ((size_t)-1) / 3 - 1 || !(buf = host->alloc(len * 3 + 1)))
		return CT_PLUGIN_ENOMEM;
	memcpy(buf, p, from);
	o = buf + from;
	while (i < len) {
		if ((k = utf8_seq(p + i, len - i)) != 0) {
			memcpy(o, p + i, k);
			o += k;
			i += k;
		} else {
			o = put_cp(o, 0xFFFD);
			i++;
		}
	}
	*o = '\0';
	*out = buf;
	*out_len = (size_t)(o - buf);
	return 0;
}

static int decode_1252(const ct_host_services *host, const unsigned char *p, size_t len,
	char **out, size_t *out_len)
{
	char *buf, *o;
	size_t i;

	if (len > ((size_t)-1) / 3 - 1 || !(buf = host->alloc(len * 3 + 1)))
		return CT_PLUGIN_ENOMEM;
	for (o = buf, i = 0; i < len; i++) {
		unsigned int c = p[i];

		if (c == 0)
			c = 0xFFFD;
		else if (c >= 0x80 && c < 0xA0)
			c = cp1252_hi[c - 0x80];
		o = put_cp(o, c);
	}
	*o = '\0';
	*out = buf;
	*out_len = (size_t)(o - buf);
	return 0;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Copy a charset label starting at s (quoted or not) into lab. */
static int take_label(const char *s, const char *end, char *lab, size_t cap)
{
	size_t n = 0;
	char q = 0;

	while (s < end && is_space(*s))
		s++;
	if (s < end && (*s == '"' || *s == '\'')) {
		q = *s++;
	}
	while (s < end && n + 1 < cap && *s != q && *s != ';' && *s != '>' &&
	       *s != '"' && *s != '\'' && !is_space(*s) && *s != '/')
		lab[n++] = *s++;
	lab[n] = '\0';
	return n > 0;
}

/* Case-insensitive search for needle in [s, end). */
static const char *find_ci(const char *s, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; s + n <= end; s++)
		if (strncasecmp(s, needle, n) == 0)
			return s;
	return NULL;
}

static int label_from_content_type(const char *ct, char *lab, size_t cap)
{
	const char *p;

	if (!ct || !(p = find_ci(ct, ct + strlen(ct), "charset=")))
		return 0;
	return take_label(p + 8, ct + strlen(ct), lab, cap);
}

/* The charset a <meta> in the first bytes declares, or the XML declaration's. */
static int label_from_prescan(const char *data, size_t len, char *lab, size_t cap)
{
	const char *end = data + (len < PRESCAN ? len : PRESCAN), *p = data, *tag_end, *cs;

	if (len > 5 && memcmp(data, "<?xml", 5) == 0) {
		const char *q = memchr(data, '>', (size_t)(end - data));
		const char *e = q ? find_ci(data, q, "encoding=") : NULL;

		if (e && take_label(e + 9, q, lab, cap))
			return 1;
	}
	while ((p = find_ci(p, end, "<meta")) != NULL) {
		if (!(tag_end = memchr(p, '>', (size_t)(end - p))))
			break;
		if ((cs = find_ci(p, tag_end, "charset")) != NULL) {
			cs += 7;
			while (cs < tag_end && is_space(*cs))
				cs++;
			if (cs < tag_end && *cs == '=' && take_label(cs + 1, tag_end, lab, cap))
				return 1;
		}
		p = tag_end;
	}
	return 0;
}

static int label_is(const char *lab, const char *const *names)
{
	for (; *names; names++)
		if (strcasecmp(lab, *names) == 0)
			return 1;
	return 0;
}

int html_decode(const ct_host_services *host, ct_sink *sink, const char *data,
	size_t len, const char *content_type, char **out, size_t *out_len,
	const char **encoding, char *lab)
{
	static const char *const utf8_names[] = {
		"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8",
		/* a meta tag cannot honestly declare a 16-bit encoding */
		"utf-16", "utf-16le", "utf-16be", "ucs-2", "unicode", NULL
	};
	static const char *const latin_names[] = {
		"windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1",
		"iso_8859-1", "latin1", "l1", "ascii", "us-ascii", "iso-ir-100",
		"cp819", "ibm819", "csisolatin1", "iso_8859-1:1987", "ansi_x3.4-1968", NULL
	};
	const unsigned char *p = (const unsigned char *)data;
	size_t bad;

	(void)sink;
	*out = NULL;
	*out_len = 0;
	*encoding = "UTF-8";
	if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
		*encoding = p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
		return 0;
	}
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		p += 3;
		len -= 3;
		lab[0] = '\0';
	} else if (!label_from_content_type(content_type, lab, HTML_LABEL_MAX) &&
		   !label_from_prescan(data, len, lab, HTML_LABEL_MAX)) {
		lab[0] = '\0';
	}

	if (lab[0] && !label_is(lab, utf8_names)) {
		/* valid multi-byte UTF-8 is next to impossible by chance in a
		 * legacy encoding: the label is stale (a re-saved page) */
		if (utf8_valid_prefix(p, len) == len && has_multibyte(p, len)) {
			if (p != (const unsigned char *)data)
				*out_len = 3;
			return 0;
		}
		if (!label_is(lab, latin_names)) {
			/* another encoding: libxml2's converters know it, or it falls
			 * back to its own detection */
			*encoding = lab;
			return 0;
		}
		if (!has_multibyte(p, len) && utf8_valid_prefix(p, len) == len)
			return 0;  /* plain ASCII is the same in both */
		return decode_1252(host, p, len, out, out_len);
	}
	bad = utf8_valid_prefix(p, len);
	if (bad == len) {
		if (p != (const unsigned char *)data) {
			/* skip the BOM without a copy: hand back an offset view */
			*out = NULL;
			*out_len = 3;
		}
		return 0;
	}
	if (!lab[0] && p == (const unsigned char *)data)
		return decode_1252(host, p, len, out, out_len);
	return repair_utf8(host, p, len, bad, out, out_len);
}
