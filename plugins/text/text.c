/* SPDX-License-Identifier: MIT */
/*
 * Plain-text parser plugin.
 *
 * News text arrives hard-wrapped (at ~72 columns), with paragraphs that are
 * not always separated by blank lines, and with bullets that sometimes sit
 * alone on their line. We estimate the wrap width from the line lengths and
 * treat a line break as a paragraph break only when the next line's first
 * word would have fitted on the line (so the writer broke it on purpose) and
 * the next line does not continue a sentence.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/plugin.h"

typedef struct line {
	const char *s;
	size_t len;      /* bytes, without the line end, right-trimmed */
	size_t cols;     /* characters */
	size_t indent;   /* leading white space, in bytes */
	size_t bullet;   /* bytes of bullet marker incl. following space, 0 if none */
	int bullet_only; /* the line is just a bullet */
	int blank;
} line;

/* Characters in a UTF-8 string: its bytes less the continuation bytes
 * (10xxxxxx), counted eight at a time. */
static size_t utf8_cols(const char *s, size_t n)
{
	size_t i = 0, c = n;

	for (; i + 8 <= n; i += 8) {
		uint64_t x;

		memcpy(&x, s + i, sizeof(x));
		/* the top bit of each byte whose top two bits are 10, then
		 * their sum in the top byte */
		x &= ~(x << 1) & UINT64_C(0x8080808080808080);
		c -= (size_t)(((x >> 7) * UINT64_C(0x0101010101010101)) >> 56);
	}
	for (; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			c--;
	return c;
}

static const char *const bullets[] = {
	"\xe2\x86\x92", /* → */
	"\xe2\x80\xa2", /* • */
	"\xe2\x80\xa3", /* ‣ */
	"\xe2\x96\xaa", /* ▪ */
	"\xe2\x97\xa6", /* ◦ */
	"\xe2\x96\xba", /* ► */
	"\xe2\x96\xb6", /* ▶ */
	"\xc2\xb7",     /* · */
	"\xe2\x80\x93", /* – */
	"\xe2\x80\x94", /* — */
	"-", "*", "+", ">>", NULL
};

/* Length of the bullet marker at s (incl. following spaces), 0 if none. */
static size_t bullet_len(const char *s, size_t n, int *alone)
{
	size_t i, m = 0, k;

	*alone = 0;
	for (i = 0; bullets[i]; i++) {
		if (n == 0 || s[0] != bullets[i][0])
			continue;
		k = strlen(bullets[i]);
		if (n >= k && memcmp(s, bullets[i], k) == 0) {
			m = k;
			break;
		}
	}
	if (!m) {
		/* "1." "12)" "(a)" "a)" numbered items */
		k = 0;
		if (n > 0 && s[0] == '(')
			k = 1;
		while (k < n && k < 4 && isdigit((unsigned char)s[k]))
			k++;
		if (k == (n > 0 && s[0] == '(' ? 1u : 0u) && k < n && isalpha((unsigned char)s[k]) &&
		    k + 1 < n && (s[k + 1] == ')'))
			k++;
		if (k > 0 && k < n && (s[k] == '.' || s[k] == ')') &&
		    (k + 1 == n || s[k + 1] == ' ') && (isdigit((unsigned char)s[k - 1]) || s[k] == ')'))
			m = k + 1;
		else
			return 0;
		/* "2025." alone is a year, not an item */
		if (m == n && m > 3)
			return 0;
	}
	if (m == n) {
		*alone = 1;
		return m;
	}
	if (s[m] != ' ' && s[m] != '\t')
		return 0;
	while (m < n && (s[m] == ' ' || s[m] == '\t'))
		m++;
	return m;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static size_t first_word_cols(const line *l)
{
	size_t i = l->indent + l->bullet, start = i;

	while (i < l->len && l->s[i] != ' ' && l->s[i] != '\t')
		i++;
	return utf8_cols(l->s + start, i - start);
}

/* Does the text of l start like a sentence continuation (lower case)? */
static int starts_lower(const line *l)
{
	size_t i = l->indent + l->bullet;
	unsigned char c;

	while (i < l->len && (l->s[i] == '"' || l->s[i] == '\'' || l->s[i] == '('))
		i++;
	if (i >= l->len)
		return 0;
	c = (unsigned char)l->s[i];
	return islower(c) || c == ',' || c == ';';
}

static int ends_sentence(const line *l)
{
	char c;

	if (l->len == 0)
		return 0;
	c = l->s[l->len - 1];
	return c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == '\'' ||
	       c == ')' || c == ';';
}

/* Heading-like: short, no closing punctuation, mostly capitalized words. */
static int heading_like(const line *l, size_t width)
{
	size_t i, words = 0, caps = 0;
	const char *s = l->s + l->indent;
	size_t n = l->len - l->indent;
	int inword = 0;

	if (l->bullet || n == 0 || l->cols > 80 || (width && l->cols * 10 > width * 8))
		return 0;
	if (ends_sentence(l) && l->s[l->len - 1] != ':' && l->s[l->len - 1] != '?')
		return 0;
	if (s[n - 1] == ',' || s[n - 1] == ';')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == ' ') {
			inword = 0;
		} else if (!inword) {
			inword = 1;
			words++;
			if (isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
			    (unsigned char)s[i] >= 0x80)
				caps++;
		}
	}
	return words > 0 && words <= 12 && caps * 2 >= words;
}

typedef struct para {
	ct_block_kind kind;
	char *buf;
	size_t len, cap;
} para;

static int para_add(const ct_host_services *host, para *p, const char *s, size_t n)
{
	if (p->len + n + 2 > p->cap) {
		size_t cap = (p->cap ? p->cap * 2 : 256);
		char *nb;

		while (cap < p->len + n + 2)
			cap *= 2;
		if (!(nb = host->realloc(p->buf, cap)))
			return CT_PLUGIN_ENOMEM;
		p->buf = nb;
		p->cap = cap;
	}
	if (p->len && n)
		p->buf[p->len++] = ' ';
	memcpy(p->buf + p->len, s, n);
	p->len += n;
	return 0;
}

static int para_flush(const ct_host_services *host, ct_sink *sink, para *p)
{
	int err = 0;

	if (p->len)
		err = host->block(sink, p->kind, p->buf, p->len);
	p->len = 0;
	p->kind = CT_BLOCK_PARAGRAPH;
	return err;
}

/* Split into lines: LF, CRLF or CR. The next LF and the next CR are each
 * looked for again only once passed. -1: out of memory. */
static int split_lines(const ct_host_services *host, const char *data, size_t len,
	line **out, size_t *nout)
{
	const char *s = data, *end = data + len, *lf, *cr;
	line *lines;
	size_t nlines = 0, cap;

	cap = 64;
	if (!(lines = host->alloc(cap * sizeof(*lines))))
		return -1;
	if (!(lf = memchr(s, '\n', (size_t)(end - s))))
		lf = end;
	if (!(cr = memchr(s, '\r', (size_t)(end - s))))
		cr = end;
	while (s < end) {
		const char *e;
		line *l;

		if (lf < s && !(lf = memchr(s, '\n', (size_t)(end - s))))
			lf = end;
		if (cr < s && !(cr = memchr(s, '\r', (size_t)(end - s))))
			cr = end;
		e = lf < cr ? lf : cr;
		if (nlines == cap) {
			line *nl = host->realloc(lines, cap * 2 * sizeof(*lines));

			if (!nl) {
				host->free(lines);
				return -1;
			}
			lines = nl;
			cap *= 2;
		}
		l = &lines[nlines++];
		memset(l, 0, sizeof(*l));
		l->s = s;
		l->len = (size_t)(e - s);
		while (l->len && (s[l->len - 1] == ' ' || s[l->len - 1] == '\t'))
			l->len--;
		while (l->indent < l->len && (s[l->indent] == ' ' || s[l->indent] == '\t'))
			l->indent++;
		l->blank = l->indent == l->len;
		l->cols = utf8_cols(s, l->len);
		if (!l->blank)
			l->bullet = bullet_len(s + l->indent, l->len - l->indent, &l->bullet_only);
		if (e < end && *e == '\r' && e + 1 < end && e[1] == '\n')
			e++;
		s = e + 1;
	}

	*out = lines;
	*nout = nlines;
	return 0;
}

/* -1: out of memory */
static long wrap_width(const ct_host_services *host, const line *lines, size_t nlines)
{
	size_t i, *lens, nlens = 0, width = 0, p75;

	/* Wrap width. A line whose successor starts in lower case was surely
	 * wrapped mid-sentence: the longest of those is the width. Without any,
	 * take the longest line among those not much longer than most. */
	for (i = 0; i + 1 < nlines; i++)
		if (!lines[i].blank && !lines[i].bullet_only && !lines[i + 1].blank &&
		    !lines[i + 1].bullet && starts_lower(&lines[i + 1]) && lines[i].cols > width)
			width = lines[i].cols;
	if (!(lens = host->alloc((nlines + 1) * sizeof(*lens))))
		return -1;
	for (i = 0; i < nlines; i++)
		if (!lines[i].blank)
			lens[nlens++] = lines[i].cols;
	if (nlens && !width) {
		qsort(lens, nlens, sizeof(*lens), cmp_size);
		p75 = lens[(nlens * 3) / 4];
		for (i = 0; i < nlens; i++)
			if (lens[i] * 20 <= p75 * 23)
				width = lens[i];
	}

	host->free(lens);
	return (long)width;
}

static int emit_lines(const ct_host_services *host, ct_sink *sink, const line *lines,
	size_t nlines, size_t width)
{
	para p = { CT_BLOCK_PARAGRAPH, NULL, 0, 0 };
	size_t i;
	int err = 0, have_title = 0;

	for (i = 0; i < nlines && !err; i++) {
		const line *l = &lines[i], *next = i + 1 < nlines ? &lines[i + 1] : NULL;
		const char *text = l->s + l->indent + l->bullet;
		size_t tlen = l->len - l->indent - l->bullet;
		int brk;

		if (l->blank) {
			err = para_flush(host, sink, &p);
			continue;
		}
		if (l->bullet) {
			if ((err = para_flush(host, sink, &p)) < 0)
				break;
			p.kind = CT_BLOCK_ITEM;
		} else if (l->len - l->indent >= 2 && l->s[l->indent] == '>' &&
			   (l->s[l->indent + 1] == ' ') && p.len == 0) {
			p.kind = CT_BLOCK_QUOTE;
			text += 2;
			tlen -= 2;
		} else if (p.len == 0 && l->s[l->indent] == '#') {
			size_t h = 0;

			while (h < tlen && text[h] == '#')
				h++;
			if (h <= 6 && h < tlen && text[h] == ' ') {
				p.kind = have_title ? CT_BLOCK_HEADING : CT_BLOCK_TITLE;
				have_title = 1;
				err = para_add(host, &p, text + h + 1, tlen - h - 1);
				if (!err)
					err = para_flush(host, sink, &p);
				continue;
			}
		}
		/* setext underline ("====" or "----") under a single line: heading */
		if (p.len == 0 && !l->bullet && next && !next->blank && next->len >= 3) {
			size_t k;
			char u = next->s[next->indent];

			if (u == '=' || u == '-') {
				for (k = next->indent; k < next->len && next->s[k] == u; k++)
					;
				if (k == next->len) {
					p.kind = have_title ? CT_BLOCK_HEADING : CT_BLOCK_TITLE;
					have_title = 1;
					err = para_add(host, &p, text, tlen);
					if (!err)
						err = para_flush(host, sink, &p);
					i++;
					continue;
				}
			}
		}
		if (l->bullet_only) {
			/* the item's text starts on the next line */
			continue;
		}
		if (p.kind == CT_BLOCK_QUOTE && p.len && tlen >= 2 && text[0] == '>') {
			text += 1;
			tlen -= 1;
		}
		if ((err = para_add(host, &p, text, tlen)) < 0)
			break;

		/* does a paragraph end after this line? */
		if (!next || next->blank) {
			brk = 1;
		} else if (next->bullet) {
			brk = 1;
		} else if (starts_lower(next)) {
			brk = 0;
		} else {
			/* the next line's first word would have fitted here */
			brk = width && l->cols + 1 + first_word_cols(next) <= width;
			/* a short heading-like line stands alone */
			if (!brk && p.len == tlen && heading_like(l, width) && !heading_like(next, width))
				brk = l->cols * 2 < width;
		}
		if (brk) {
			if (p.kind == CT_BLOCK_PARAGRAPH && p.len == tlen && heading_like(l, width)) {
				p.kind = have_title ? CT_BLOCK_HEADING : CT_BLOCK_TITLE;
				have_title = 1;
			} else {
				have_title = 1;  /* a title only comes first */
			}
			err = para_flush(host, sink, &p);
		}
	}
	if (!err)
		err = para_flush(host, sink, &p);
	host->free(p.buf);
	return err;
}

static int text_parse(const ct_host_services *host, ct_sink *sink, const char *data,
	size_t len, const ct_parse_options *opts)
{
	line *lines = NULL;
	size_t nlines = 0;
	long width;
	const char *ctype = opts && opts->struct_size >= offsetof(ct_parse_options, content_type) +
		sizeof(opts->content_type) ? opts->content_type : NULL;
	ct_decoded dec;
	int err = 0;

	/* the host's decoding (BOM, Content-Type, sniff), else UTF-8 as is */
	memset(&dec, 0, sizeof(dec));
	dec.struct_size = sizeof(dec);
	if (CT_HOST_HAS(host, decode)) {
		if ((err = host->decode(sink, data, len, ctype, 0, &dec)) < 0)
			return host->fail(sink, err, "out of memory decoding the text");
		data = dec.data;
		len = dec.len;
	} else if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (split_lines(host, data, len, &lines, &nlines) < 0)
		err = host->fail(sink, CT_PLUGIN_ENOMEM, "out of memory");
	else if ((width = wrap_width(host, lines, nlines)) < 0)
		err = host->fail(sink, CT_PLUGIN_ENOMEM, "out of memory");
	else
		err = emit_lines(host, sink, lines, nlines, (size_t)width);
	host->free(lines);
	host->free(dec.owned);
	return err;
}

static int text_probe(const char *data, size_t len, const char *name)
{
	(void)data;
	(void)len;
	(void)name;
	return 10;  /* anything that is text; other plugins outbid us */
}

static const char *const media_types[] = { "text/plain", NULL };
static const char *const extensions[] = { "txt", "text", NULL };

static const ct_plugin text_plugin = {
	sizeof(ct_plugin),
	CT_PLUGIN_ABI_VERSION,
	"text",
	"1.0.0",
	"Plain text: unwraps hard-wrapped lines, keeps bullets and headings",
	media_types,
	extensions,
	text_probe,
	text_parse,
	0   /* features: no region= */
};

CT_PLUGIN_DEFINE(text_plugin)
