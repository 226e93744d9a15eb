/* SPDX-License-Identifier: MIT */
/*
 * Character encodings: one detection policy for every parser plugin,
 * offered to them as the host's decode() service.
 *
 * In order: a byte-order mark; the charset the document declares (an XML
 * declaration, an HTML <meta>, when the format has them); the charset of
 * the Content-Type; else a sniff: UTF-32 or UTF-16 by where the NUL bytes
 * are, UTF-8 when the bytes are valid UTF-8, Shift_JIS when they are valid
 * Shift_JIS and read as Japanese (kana among the double-byte characters),
 * else windows-1252, which browsers assume for undeclared Western text.
 *
 * A label is taken only when the bytes agree with it, since stale and
 * copied labels are common: a 16- or 32-bit label on bytes without NULs
 * (a <meta> cannot honestly declare one), an ASCII-based label on bytes
 * full of NULs, a legacy label on bytes that are valid multi-byte UTF-8 (a
 * re-saved page: that is next to impossible by chance), and a UTF-8 label
 * on bytes with no valid multi-byte sequence but invalid ones (Latin text
 * mislabelled) are all passed over for the next source.
 *
 * UTF-8 and windows-1252 are decoded here; the rest through iconv, each
 * invalid sequence becoming U+FFFD. The result never holds a NUL.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "charset.h"

#define PRESCAN 4096   /* bytes searched for a <meta> charset */
#define SNIFF 4096     /* bytes looked at for NUL patterns and Shift_JIS */
#define LABEL_MAX 64

/* ---- output buffer ---- */

typedef struct obuf {
	const ct_host_services *mem;
	char *p;
	size_t len, cap;
	size_t replaced;    /* invalid bytes or sequences replaced by U+FFFD */
	int err;
} obuf;

static int ob_reserve(obuf *b, size_t more)
{
	size_t cap;
	char *np;

	if (b->err)
		return -1;
	if (b->len + more + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1) {
		if (cap > ((size_t)-1) / 2) {
			b->err = CT_PLUGIN_ENOMEM;
			return -1;
		}
		cap *= 2;
	}
	if (!(np = b->mem->realloc(b->p, cap))) {
		b->err = CT_PLUGIN_ENOMEM;
		return -1;
	}
	b->p = np;
	b->cap = cap;
	return 0;
}

static void ob_cp(obuf *b, unsigned int cp)
{
	char *o;

	if (ob_reserve(b, 4) < 0)
		return;
	o = b->p + b->len;
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xF0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	b->len = (size_t)(o - b->p);
}

static void ob_put(obuf *b, const void *s, size_t n)
{
	if (n && ob_reserve(b, n) == 0) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
	}
}

/* ---- UTF-8 ---- */

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
			return 0;   /* overlong, surrogate */
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

/* What a scan of the bytes as UTF-8 found. */
typedef struct utf8_scan {
	size_t bad_at;      /* offset of the first invalid byte (or NUL), else len */
	int multibyte;      /* a valid multi-byte sequence was seen */
} utf8_scan;

static utf8_scan scan_utf8(const unsigned char *p, size_t len)
{
	utf8_scan s = { len, 0 };
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
		if (!(k = utf8_seq(p + i, len - i))) {
			if (s.bad_at == len)
				s.bad_at = i;
			i++;
			if (s.multibyte)
				break;
			continue;
		}
		if (k > 1) {
			s.multibyte = 1;
			if (s.bad_at < len)
				break;
		}
		i += k;
	}
	return s;
}

/* UTF-8 with each invalid byte (and each NUL) replaced by U+FFFD. */
static void repair_utf8(obuf *b, const unsigned char *p, size_t len, size_t from)
{
	size_t i = from, k;

	ob_put(b, p, from);
	while (i < len && !b->err) {
		if ((k = utf8_seq(p + i, len - i)) != 0) {
			size_t run = i;

			/* copy valid runs whole */
			while (run < len && (k = utf8_seq(p + run, len - run)) != 0)
				run += k;
			ob_put(b, p + i, run - i);
			i = run;
		} else {
			ob_cp(b, 0xFFFD);
			b->replaced++;
			i++;
		}
	}
}

/* ---- windows-1252 ---- */

/* 0x80..0x9F; the five undefined bytes map to their C1 code, as browsers do */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

static void decode_1252(obuf *b, const unsigned char *p, size_t len)
{
	size_t i = 0;

	if (ob_reserve(b, len) < 0)
		return;
	while (i < len && !b->err) {
		size_t run = i;
		unsigned int c;

		while (run < len && p[run] >= 0x01 && p[run] < 0x80)
			run++;
		ob_put(b, p + i, run - i);
		if ((i = run) >= len)
			break;
		c = p[i++];
		if (c == 0) {
			c = 0xFFFD;
			b->replaced++;
		}
		else if (c >= 0x80 && c < 0xA0)
			c = cp1252_hi[c - 0x80];
		ob_cp(b, c);
	}
}

/* ---- iconv ---- */

/*
 * glibc loads a converter module at iconv_open and unloads it when its last
 * descriptor closes: a feed poller would map and unmap it for every
 * document. One descriptor per charset is kept open (never used) so each
 * module stays loaded; the set is bounded by the names this file knows.
 */
#define PINS 32
static pthread_mutex_t pin_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *pin_name[PINS];
static iconv_t pin_cd[PINS];

static void pin(const char *name)
{
	size_t i;

	pthread_mutex_lock(&pin_lock);
	for (i = 0; i < PINS && pin_name[i]; i++)
		if (pin_name[i] == name)
			break;
	if (i < PINS && !pin_name[i] && (pin_cd[i] = iconv_open("UTF-8", name)) != (iconv_t)-1)
		pin_name[i] = name;
	pthread_mutex_unlock(&pin_lock);
}

/* Bytes of one code unit of a wide encoding: what an invalid one skips. */
static size_t unit_of(const char *charset)
{
	if (!strncasecmp(charset, "UTF-32", 6))
		return 4;
	if (!strncasecmp(charset, "UTF-16", 6))
		return 2;
	return 1;
}

static int decode_iconv(obuf *b, const char *charset, const unsigned char *p, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	char *in = (char *)(uintptr_t)p;
	size_t left = len, unit = unit_of(charset);

	if (cd == (iconv_t)-1)
		return -1;
	pin(charset);
	while (left && !b->err) {
		char *out;
		size_t room, r;

		if (ob_reserve(b, left * 3 + 4) < 0)
			break;
		out = b->p + b->len;
		room = b->cap - b->len - 1;
		r = iconv(cd, &in, &left, &out, &room);
		b->len = (size_t)(out - b->p);
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		/* an invalid or truncated sequence: one U+FFFD, then go on */
		ob_cp(b, 0xFFFD);
		b->replaced++;
		r = unit < left ? unit : left;
		in += r;
		left -= r;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	return 0;
}

/* Replace the NULs iconv passed through (U+0000 in the input). */
static void drop_nuls(obuf *b)
{
	size_t i, n = 0;
	char *q;

	for (i = 0; i < b->len; i++)
		n += b->p[i] == '\0';
	if (!n || ob_reserve(b, n * 2) < 0)
		return;
	/* expand from the back, in place */
	q = b->p + b->len + n * 2;
	for (i = b->len; i-- > 0;) {
		if (b->p[i] == '\0') {
			*--q = (char)0xBD;
			*--q = (char)0xBF;
			*--q = (char)0xEF;
		} else {
			*--q = b->p[i];
		}
	}
	b->len += n * 2;
}

/* ---- labels ---- */

typedef struct alias {
	const char *label;
	const char *name;      /* the name iconv knows it by */
} alias;

/* The WHATWG Encoding Standard's labels for what news pages use, plus the
 * 32-bit forms XML allows; a label not here is asked of iconv as it is. */
static const alias aliases[] = {
	{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "unicode-1-1-utf-8", "UTF-8" },
	{ "x-unicode20utf8", "UTF-8" }, { "unicode20utf8", "UTF-8" },
	{ "windows-1252", "windows-1252" }, { "cp1252", "windows-1252" },
	{ "x-cp1252", "windows-1252" }, { "iso-8859-1", "windows-1252" },
	{ "iso8859-1", "windows-1252" }, { "iso_8859-1", "windows-1252" },
	{ "iso88591", "windows-1252" }, { "latin1", "windows-1252" }, { "l1", "windows-1252" },
	{ "ascii", "windows-1252" }, { "us-ascii", "windows-1252" },
	{ "iso-ir-100", "windows-1252" }, { "cp819", "windows-1252" }, { "ibm819", "windows-1252" },
	{ "csisolatin1", "windows-1252" }, { "iso_8859-1:1987", "windows-1252" },
	{ "ansi_x3.4-1968", "windows-1252" },
	{ "utf-16", "UTF-16" }, { "utf-16le", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
	{ "ucs-2", "UTF-16" }, { "unicode", "UTF-16" }, { "csunicode", "UTF-16" },
	{ "iso-10646-ucs-2", "UTF-16" }, { "unicodefeff", "UTF-16LE" },
	{ "unicodefffe", "UTF-16BE" },
	{ "utf-32", "UTF-32" }, { "utf-32le", "UTF-32LE" }, { "utf-32be", "UTF-32BE" },
	{ "ucs-4", "UTF-32" }, { "iso-10646-ucs-4", "UTF-32" },
	{ "shift_jis", "Shift_JIS" }, { "shift-jis", "Shift_JIS" }, { "sjis", "Shift_JIS" },
	{ "x-sjis", "Shift_JIS" }, { "ms_kanji", "Shift_JIS" }, { "csshiftjis", "Shift_JIS" },
	{ "ms932", "Shift_JIS" }, { "windows-31j", "Shift_JIS" }, { "cp932", "Shift_JIS" },
	{ "euc-jp", "EUC-JP" }, { "x-euc-jp", "EUC-JP" }, { "cseucpkdfmtjapanese", "EUC-JP" },
	{ "iso-2022-jp", "ISO-2022-JP" }, { "csiso2022jp", "ISO-2022-JP" },
	{ "gbk", "GB18030" }, { "gb2312", "GB18030" }, { "gb_2312", "GB18030" },
	{ "gb_2312-80", "GB18030" }, { "x-gbk", "GB18030" }, { "csgb2312", "GB18030" },
	{ "chinese", "GB18030" }, { "gb18030", "GB18030" },
	{ "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" }, { "x-x-big5", "BIG5-HKSCS" },
	{ "cn-big5", "BIG5-HKSCS" }, { "csbig5", "BIG5-HKSCS" },
	{ "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" }, { "windows-949", "CP949" },
	{ "cseuckr", "CP949" }, { "korean", "CP949" },
	{ "koi8-r", "KOI8-R" }, { "koi8-u", "KOI8-U" },
	{ "iso-8859-9", "windows-1254" }, { "latin5", "windows-1254" },
	{ "iso-8859-11", "windows-874" }, { "tis-620", "windows-874" },
};

/* The name iconv reads a canonical name by (Shift_JIS is Microsoft's). */
static const char *iconv_name(const char *canon)
{
	return strcmp(canon, "Shift_JIS") == 0 ? "CP932" : canon;
}

/* Names of encodings iconv knows but our table does not, kept for the
 * result: a bounded set, so the pointer outlives the call. */
static const char *const passthrough[] = {
	"windows-1250", "windows-1251", "windows-1253", "windows-1254", "windows-1255",
	"windows-1256", "windows-1257", "windows-1258", "windows-874",
	"ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5", "ISO-8859-6", "ISO-8859-7",
	"ISO-8859-8", "ISO-8859-10", "ISO-8859-13", "ISO-8859-14", "ISO-8859-15",
	"ISO-8859-16", "IBM866", "macintosh", "x-mac-cyrillic", "GBK", "EUC-TW",
	NULL
};

static int iconv_knows(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1)
		return 0;
	pin(name);
	iconv_close(cd);
	return 1;
}

const char *ct_charset_canonical(const char *label)
{
	size_t i;

	if (!label || !*label)
		return NULL;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(label, aliases[i].label) == 0)
			return aliases[i].name;
	for (i = 0; passthrough[i]; i++)
		if (strcasecmp(label, passthrough[i]) == 0)
			return iconv_knows(passthrough[i]) ? passthrough[i] : NULL;
	return NULL;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Copy a charset label at s (quoted or not) into lab. */
static int take_label(const char *s, const char *end, char *lab)
{
	size_t n = 0;
	char q = 0;

	while (s < end && is_space(*s))
		s++;
	if (s < end && (*s == '"' || *s == '\''))
		q = *s++;
	while (s < end && n + 1 < LABEL_MAX && *s != q && *s != ';' && *s != '>' &&
	       *s != '"' && *s != '\'' && *s != ',' && !is_space(*s) && *s != '/' && *s != '?')
		lab[n++] = *s++;
	lab[n] = '\0';
	return n > 0;
}

/* Case-insensitive search for needle in [s, end). */
static const char *find_ci(const char *s, const char *end, const char *needle)
{
	size_t n = strlen(needle);
	char c0 = needle[0], c1 = (char)(c0 >= 'a' && c0 <= 'z' ? c0 - 32 : c0);

	for (; s + n <= end; s++)
		if ((*s == c0 || *s == c1) && strncasecmp(s, needle, n) == 0)
			return s;
	return NULL;
}

static int label_from_content_type(const char *ct, char *lab)
{
	const char *p, *end;

	if (!ct)
		return 0;
	end = ct + strlen(ct);
	if (!(p = find_ci(ct, end, "charset")))
		return 0;
	p += 7;
	while (p < end && is_space(*p))
		p++;
	return p < end && *p == '=' && take_label(p + 1, end, lab);
}

/* The encoding an XML declaration at the start names. */
static int label_from_xml_decl(const char *data, size_t len, char *lab)
{
	const char *end = data + (len < 1024 ? len : 1024), *p = data, *q, *e;

	while (p < end && is_space(*p))
		p++;
	if (end - p < 6 || memcmp(p, "<?xml", 5) != 0 || !is_space(p[5]))
		return 0;
	if (!(q = find_ci(p, end, "?>")) || !(e = find_ci(p, q, "encoding")))
		return 0;
	e += 8;
	while (e < q && is_space(*e))
		e++;
	return e < q && *e == '=' && take_label(e + 1, q, lab);
}

/* The charset a <meta> in the first bytes declares: <meta charset=...> or
 * the charset parameter of <meta http-equiv=Content-Type content=...>. */
static int label_from_meta(const char *data, size_t len, char *lab)
{
	const char *end = data + (len < PRESCAN ? len : PRESCAN), *p = data, *tag_end, *cs;

	while ((p = find_ci(p, end, "<meta")) != NULL) {
		if (!(tag_end = memchr(p, '>', (size_t)(end - p))))
			break;
		for (cs = p; (cs = find_ci(cs, tag_end, "charset")) != NULL;) {
			cs += 7;
			while (cs < tag_end && is_space(*cs))
				cs++;
			if (cs < tag_end && *cs == '=' && take_label(cs + 1, tag_end, lab))
				return 1;
		}
		p = tag_end;
	}
	return 0;
}

/* ---- sniffing ---- */

/* UTF-32 or UTF-16 (and which byte order) by where the NULs are. */
static const char *sniff_wide(const unsigned char *p, size_t len)
{
	size_t n = len < SNIFF ? len : SNIFF, i, z[4] = { 0, 0, 0, 0 }, quads, pairs;

	/* the signatures XML's autodetection reads ("<?" in each form) */
	if (n >= 4) {
		if (!p[0] && !p[1] && !p[2] && p[3])
			return "UTF-32BE";
		if (p[0] && !p[1] && !p[2] && !p[3])
			return "UTF-32LE";
		if (!p[0] && p[1] == '<' && !p[2] && p[3] == '?')
			return "UTF-16BE";
		if (p[0] == '<' && !p[1] && p[2] == '?' && !p[3])
			return "UTF-16LE";
	}
	n &= ~(size_t)3;
	for (i = 0; i < n; i++)
		z[i & 3] += !p[i];
	quads = n / 4;
	pairs = n / 2;
	if (quads == 0) {
		if (len >= 2 && len <= 3 && (!p[0]) != (!p[1]))
			return !p[1] ? "UTF-16LE" : "UTF-16BE";
		return NULL;
	}
	/* mostly Basic Multilingual Plane text: two of every four bytes NUL */
	if (z[2] * 10 >= quads * 9 && z[3] * 10 >= quads * 9 && z[0] * 10 < quads * 5)
		return "UTF-32LE";
	if (z[0] * 10 >= quads * 9 && z[1] * 10 >= quads * 9 && z[3] * 10 < quads * 5)
		return "UTF-32BE";
	/* mostly ASCII-range text: one of every two bytes NUL */
	if ((z[1] + z[3]) * 10 >= pairs * 4 && (z[0] + z[2]) * 10 < pairs)
		return "UTF-16LE";
	if ((z[0] + z[2]) * 10 >= pairs * 4 && (z[1] + z[3]) * 10 < pairs)
		return "UTF-16BE";
	return NULL;
}

/*
 * Strictly valid Shift_JIS that reads as Japanese: at least two kana among
 * its double-byte characters and a fifth of them (Latin text in a legacy
 * encoding can pair up into valid Shift_JIS, but then as kanji, never kana).
 */
static int sniff_sjis(const unsigned char *p, size_t len)
{
	size_t n = len < SNIFF * 4 ? len : SNIFF * 4, i = 0, dbl = 0, kana = 0;

	while (i < n) {
		unsigned char c = p[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xA1 && c <= 0xDF) {   /* half-width katakana */
			i++;
			continue;
		}
		if (!((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xEF)))
			return 0;
		if (i + 1 >= n)
			break;   /* cut at the sniff window */
		if (p[i + 1] < 0x40 || p[i + 1] == 0x7F || p[i + 1] > 0xFC)
			return 0;
		dbl++;
		kana += c == 0x82 || c == 0x83;
		i += 2;
	}
	return kana >= 2 && kana * 5 >= dbl;
}

/* Valid multi-byte sequences and invalid bytes in the first bytes. */
static void count_utf8(const unsigned char *p, size_t len, size_t *multi, size_t *bad)
{
	size_t n = len < SNIFF * 4 ? len : SNIFF * 4, i = 0, k;

	*multi = *bad = 0;
	while (i < n) {
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
		} else if ((k = utf8_seq(p + i, len - i)) != 0) {
			(*multi)++;
			i += k;
		} else {
			(*bad)++;
			i++;
		}
	}
}

/* ---- policy ---- */

static int is_wide(const char *canon)
{
	return !strncmp(canon, "UTF-16", 6) || !strncmp(canon, "UTF-32", 6);
}

/*
 * The charset to read the bytes in when a label says `canon`, or NULL when
 * the bytes contradict the label. u8 is what a UTF-8 scan found, wide what
 * the NUL sniff found.
 */
static const char *accept_label(const char *canon, const utf8_scan *u8, size_t len,
	const char *wide)
{
	if (is_wide(canon))
		return wide;   /* the NULs say which byte order */
	if (wide)
		return NULL;
	if (!strcmp(canon, "UTF-8"))
		return u8->bad_at == len || u8->multibyte ? "UTF-8" : NULL;
	if (u8->bad_at == len && u8->multibyte)
		return "UTF-8";   /* a stale label on a re-saved page */
	return canon;
}

static const char *label_charset(const char *lab, const utf8_scan *u8, size_t len,
	const char *wide)
{
	const char *canon = ct_charset_canonical(lab);

	return canon ? accept_label(canon, u8, len, wide) : NULL;
}

static const char *bom_charset(const unsigned char *p, size_t len, size_t *skip)
{
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		*skip = 3;
		return "UTF-8";
	}
	if (len >= 4 && p[0] == 0xFF && p[1] == 0xFE && !p[2] && !p[3]) {
		*skip = 4;
		return "UTF-32LE";
	}
	if (len >= 4 && !p[0] && !p[1] && p[2] == 0xFE && p[3] == 0xFF) {
		*skip = 4;
		return "UTF-32BE";
	}
	if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		*skip = 2;
		return "UTF-16LE";
	}
	if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		*skip = 2;
		return "UTF-16BE";
	}
	*skip = 0;
	return NULL;
}

static const char *choose(const char *data, size_t len, const char *content_type,
	unsigned int flags, size_t *skip, int *source)
{
	const unsigned char *p = (const unsigned char *)data;
	const char *cs, *wide;
	char lab[LABEL_MAX];
	utf8_scan u8;

	if ((cs = bom_charset(p, len, skip)) != NULL) {
		*source = CT_CHARSET_FROM_BOM;
		return cs;
	}
	u8 = scan_utf8(p, len);
	wide = u8.bad_at < len ? sniff_wide(p, len) : NULL;
	if (((flags & (CT_DECODE_XML | CT_DECODE_HTML)) && label_from_xml_decl(data, len, lab)) ||
	    ((flags & CT_DECODE_HTML) && label_from_meta(data, len, lab))) {
		if ((cs = label_charset(lab, &u8, len, wide)) != NULL) {
			*source = CT_CHARSET_FROM_DECLARATION;
			return cs;
		}
	}
	if (label_from_content_type(content_type, lab) &&
	    (cs = label_charset(lab, &u8, len, wide)) != NULL) {
		*source = CT_CHARSET_FROM_CONTENT_TYPE;
		return cs;
	}
	*source = CT_CHARSET_FROM_SNIFF;
	if (u8.bad_at == len)
		return "UTF-8";
	if (wide)
		return wide;
	if (u8.multibyte) {
		size_t multi, bad;

		/* UTF-8 with a stray bad byte, or legacy bytes that pair up as
		 * UTF-8 here and there (Shift_JIS does, often) */
		count_utf8(p, len, &multi, &bad);
		if (multi >= 4 * bad)
			return "UTF-8";
	}
	if (sniff_sjis(p, len))
		return "Shift_JIS";
	return "windows-1252";
}

int ct_charset_decode(const ct_host_services *mem, const char *data, size_t len,
	const char *content_type, unsigned int flags, ct_decoded *out, size_t *replaced)
{
	const unsigned char *p;
	const char *cs;
	size_t skip = 0, want = out->struct_size;
	obuf b;
	int source = 0;

	memset(out, 0, want < sizeof(*out) ? want : sizeof(*out));
	out->struct_size = want;
	cs = choose(data, len, content_type, flags, &skip, &source);
	p = (const unsigned char *)data + skip;
	len -= skip;
	memset(&b, 0, sizeof(b));
	b.mem = mem;
	if (!strcmp(cs, "UTF-8")) {
		utf8_scan u8 = scan_utf8(p, len);

		if (u8.bad_at == len) {
			out->data = (const char *)p;
			out->len = len;
			out->charset = cs;
			out->source = source;
			return 0;
		}
	}
	/* the most any decoding here makes of a byte is three, taken at once
	 * (what is never touched costs no memory) and trimmed after: no
	 * realloc copies the document at its largest */
	if (len < ((size_t)-1) / 4 && ob_reserve(&b, len * 3 + 16) < 0)
		return CT_PLUGIN_ENOMEM;
	if (!strcmp(cs, "UTF-8")) {
		repair_utf8(&b, p, len, scan_utf8(p, len).bad_at);
	} else if (!strcmp(cs, "windows-1252")) {
		decode_1252(&b, p, len);
	} else if (decode_iconv(&b, iconv_name(cs), p, len) < 0) {
		/* the system lost a converter it had: read what is valid UTF-8 */
		cs = "UTF-8";
		repair_utf8(&b, p, len, scan_utf8(p, len).bad_at);
	} else {
		drop_nuls(&b);
	}
	if (!b.err && ob_reserve(&b, 0) == 0) {
		char *trimmed;

		b.p[b.len] = '\0';
		if ((trimmed = mem->realloc(b.p, b.len + 1)) != NULL)
			b.p = trimmed;
	}
	if (b.err) {
		mem->free(b.p);
		return CT_PLUGIN_ENOMEM;
	}
	if (replaced)
		*replaced += b.replaced;
	if (!b.p) {
		/* an empty result: still a valid (empty) string */
		if (!(b.p = mem->alloc(1)))
			return CT_PLUGIN_ENOMEM;
		b.p[0] = '\0';
	}
	out->data = b.p;
	out->len = b.len;
	out->owned = b.p;
	out->charset = cs;
	out->source = source;
	return 0;
}
