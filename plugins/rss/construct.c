/* SPDX-License-Identifier: MIT */
/*
 * RSS/Atom plugin: text constructs. Scratch buffers, the text of an
 * element (plain, HTML escaped or inline XHTML serialized, base64), and
 * how a construct reaches the host: metadata, or blocks of a body (HTML
 * through the host's HTML plugin).
 */
#include <limits.h>
#include <string.h>

#include <libxml/parser.h>

#include "claimtrack/plugin.h"
#include "rss.h"

/* How the text of a construct is to be read. */
enum {
	K_SNIFF,    /* RSS: plain unless it looks like HTML */
	K_TEXT,     /* plain text, whatever it looks like */
	K_HTML,     /* escaped HTML */
	K_XHTML,    /* inline markup: serialize the children */
	K_BASE64    /* base64 of text or HTML */
};

/* An attribute without namespace, case-insensitive (CDF writes HREF). */
static const char *attr(const fnode *n, const char *name)
{
	return fnode_attr(n, name);
}

/* ---- buffers ---- */

int rss_sb_reserve(rss_ctx *c, sbuf *b, size_t more)
{
	size_t cap;
	char *np;

	if (b->len + more + 1 <= b->cap)
		return 0;
	if (more > (size_t)INT_MAX - b->len)
		return c->err = c->host->fail(c->sink, CT_PLUGIN_ETOOBIG,
			"a feed field is over %d bytes", INT_MAX);
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	if (!(np = c->host->realloc(b->p, cap)))
		return c->err = c->host->fail(c->sink, CT_PLUGIN_ENOMEM, "out of memory");
	b->p = np;
	b->cap = cap;
	return 0;
}

int rss_sb_put(rss_ctx *c, sbuf *b, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (rss_sb_reserve(c, b, n) < 0)
		return c->err;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int rss_sb_puts(rss_ctx *c, sbuf *b, const char *s)
{
	return rss_sb_put(c, b, s, strlen(s));
}

/* s with &, <, > (and " in attributes) escaped. */
static int sb_put_escaped(rss_ctx *c, sbuf *b, const char *s, size_t n, int attr)
{
	size_t i, start = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		default: rep = NULL;
		}
		if (!rep)
			continue;
		if (rss_sb_put(c, b, s + start, i - start) < 0 || rss_sb_puts(c, b, rep) < 0)
			return c->err;
		start = i + 1;
	}
	return rss_sb_put(c, b, s + start, n - start);
}

void rss_sb_trim(sbuf *b, size_t *start)
{
	size_t s = 0;

	while (b->len && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\t' ||
			  b->p[b->len - 1] == '\n' || b->p[b->len - 1] == '\r'))
		b->len--;
	if (b->p)
		b->p[b->len] = '\0';
	while (s < b->len && (b->p[s] == ' ' || b->p[s] == '\t' || b->p[s] == '\n' ||
			      b->p[s] == '\r'))
		s++;
	*start = s;
}

/* ---- names ---- */

int rss_ieq(const xmlChar *a, const char *b)
{
	return a && xmlStrcasecmp(a, (const xmlChar *)b) == 0;
}


/* All text below n (not n's own siblings), entities expanded. */
int rss_collect_text(rss_ctx *c, const fnode *n, sbuf *b, int depth)
{
	const fnode *k;

	if (depth > RSS_MAX_DEPTH)
		return c->err = c->host->fail(c->sink, CT_PLUGIN_EINVAL,
			"elements or entities nested more than %d deep", RSS_MAX_DEPTH);
	for (k = n->children; k; k = k->next) {
		if (!k->elem) {
			if (rss_sb_put(c, b, k->text, k->len) < 0)
				return c->err;
		} else if (rss_collect_text(c, k, b, depth + 1) < 0) {
			return c->err;
		}
	}
	return 0;
}

/*
 * Elements libxml2's HTML parser knows to be empty. Every other element is
 * closed explicitly, even the HTML5 void ones it does not know (embed,
 * source, wbr), or it would swallow the text that follows them.
 */
static int is_void_element(const xmlChar *name)
{
	static const char *const v[] = {
		"area", "base", "basefont", "br", "col", "frame", "hr", "img", "input",
		"isindex", "link", "meta", "param", NULL
	};
	size_t i;

	for (i = 0; v[i]; i++)
		if (rss_ieq(name, v[i]))
			return 1;
	return 0;
}

/* Serialize the children of n as HTML: inline XHTML or naked markup. */
static int serialize_children(rss_ctx *c, const fnode *n, sbuf *b, int depth)
{
	const fnode *k;
	const fattr *a;
	const xmlChar *local;

	if (depth > RSS_MAX_DEPTH)
		return c->err = c->host->fail(c->sink, CT_PLUGIN_EINVAL,
			"elements nested more than %d deep", RSS_MAX_DEPTH);
	for (k = n->children; k; k = k->next) {
		if (!k->elem) {
			if (sb_put_escaped(c, b, k->text, k->len, 0) < 0)
				return c->err;
			continue;
		}
		/* local name: HTML knows no prefixes */
		local = k->name;
		if (xmlStrchr(local, ':'))
			local = xmlStrchr(local, ':') + 1;
		if (rss_sb_puts(c, b, "<") < 0 || rss_sb_puts(c, b, (const char *)local) < 0)
			return c->err;
		for (a = k->attrs; a; a = a->next) {
			int e;

			if (a->href || a->prefix)
				e = rss_sb_puts(c, b, " ") < 0;   /* drop xlink:, xml: noise */
			else
				e = rss_sb_puts(c, b, " ") < 0 ||
				    rss_sb_puts(c, b, (const char *)a->name) < 0 ||
				    rss_sb_puts(c, b, "=\"") < 0 ||
				    sb_put_escaped(c, b, a->value, strlen(a->value), 1) < 0 ||
				    rss_sb_puts(c, b, "\"") < 0;
			if (e)
				return c->err;
		}
		if (rss_sb_puts(c, b, ">") < 0)
			return c->err;
		if (is_void_element(local) && !k->children)
			continue;
		if (serialize_children(c, k, b, depth + 1) < 0 ||
		    rss_sb_puts(c, b, "</") < 0 || rss_sb_puts(c, b, (const char *)local) < 0 ||
		    rss_sb_puts(c, b, ">") < 0)
			return c->err;
	}
	return 0;
}

static int has_element_child(const fnode *n)
{
	const fnode *k;

	for (k = n->children; k; k = k->next)
		if (k->elem)
			return 1;
	return 0;
}

/* Markup or a character reference, the way feedparser's sniffing sees it. */
static int looks_like_html(const char *s, size_t n)
{
	size_t i, j;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] == '<') {
			char d = s[i + 1];

			if ((d | 0x20) >= 'a' && (d | 0x20) <= 'z')
				return 1;
			if ((d == '/' || d == '!') && i + 2 < n)
				return 1;
		} else if (s[i] == '&') {
			j = i + 1;
			if (j < n && s[j] == '#') {
				j++;
				if (j < n && (s[j] == 'x' || s[j] == 'X'))
					j++;
				while (j < n && ((s[j] >= '0' && s[j] <= '9') ||
						 ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'f')))
					j++;
			} else {
				while (j < n && (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') ||
						 (s[j] >= '0' && s[j] <= '9')))
					j++;
			}
			if (j > i + 1 && j < n && s[j] == ';')
				return 1;
		}
	}
	return 0;
}

static int b64_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z') return ch - 'A';
	if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9') return ch - '0' + 52;
	if (ch == '+' || ch == '-') return 62;
	if (ch == '/' || ch == '_') return 63;
	return -1;
}

/* Decode b->p in place; -1 (buffer untouched) if it is not base64. */
static int b64_decode(sbuf *b, size_t start)
{
	size_t i, out = 0;
	unsigned int acc = 0;
	int bits = 0, v;

	for (i = start; i < b->len; i++) {
		char ch = b->p[i];

		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
			continue;
		if (ch == '=')
			break;
		if ((v = b64_value(ch)) < 0)
			return -1;
	}
	for (i = start; i < b->len; i++) {
		char ch = b->p[i];

		if (ch == '=')
			break;
		if ((v = b64_value(ch)) < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			b->p[start + out++] = (char)((acc >> bits) & 0xFF);
		}
	}
	b->len = start + out;
	b->p[b->len] = '\0';
	return 0;
}

static int kind_of(const rss_ctx *c, const fnode *n)
{
	const xmlChar *mode = (const xmlChar *)attr(n, "mode");
	int kind = c->dialect == D_ATOM ? K_TEXT : K_SNIFF;
	const xmlChar *t = (const xmlChar *)attr(n, "type");
	int atom03 = mode != NULL;

	if (t) {
		while (*t == ' ')
			t++;
		if (!*t || rss_ieq(t, "text") || rss_ieq(t, "text/plain")) {
			kind = K_TEXT;
		} else if (rss_ieq(t, "html") || rss_ieq(t, "text/html")) {
			kind = K_HTML;
		} else if (rss_ieq(t, "xhtml") || rss_ieq(t, "application/xhtml+xml")) {
			kind = K_XHTML;
		} else if (!xmlStrncasecmp(t, (const xmlChar *)"text/", 5)) {
			kind = K_TEXT;
		} else if (xmlStrstr(t, (const xmlChar *)"xml")) {
			kind = K_XHTML;
		} else if (c->dialect == D_ATOM) {
			kind = K_BASE64;   /* Atom 1.0: other media types are base64 */
		}
	}
	if (atom03) {
		if (rss_ieq(mode, "base64"))
			kind = K_BASE64;
		else if (rss_ieq(mode, "escaped"))
			kind = kind == K_XHTML || kind == K_HTML ? K_HTML : K_TEXT;
		else if (rss_ieq(mode, "xml") && kind == K_HTML)
			kind = K_XHTML;
	} else if (kind == K_XHTML && !has_element_child(n) && c->dialect != D_ATOM) {
		kind = K_SNIFF;
	}
	/* naked markup where text was expected (an RSS <description><p>) */
	if ((kind == K_SNIFF || kind == K_HTML) && has_element_child(n))
		kind = K_XHTML;
	return kind;
}

/*
 * Read a text construct into c->raw: its plain text, or HTML when *html is
 * set on return. Empty when the element has nothing to say.
 */
static int construct_read(rss_ctx *c, const fnode *n, int *html, size_t *start)
{
	int kind = kind_of(c, n);

	c->raw.len = 0;
	if (c->raw.p)
		c->raw.p[0] = '\0';
	*html = 0;
	*start = 0;
	if (kind == K_XHTML) {
		if (serialize_children(c, n, &c->raw, 0) < 0)
			return c->err;
		*html = 1;
		rss_sb_trim(&c->raw, start);
		return 0;
	}
	if (rss_collect_text(c, n, &c->raw, 0) < 0)
		return c->err;
	rss_sb_trim(&c->raw, start);
	if (kind == K_BASE64) {
		const xmlChar *type = (const xmlChar *)attr(n, "type");

		if (b64_decode(&c->raw, *start) == 0) {
			kind = rss_ieq(type, "text/plain") || rss_ieq(type, "text") ? K_TEXT : K_SNIFF;
			rss_sb_trim(&c->raw, start);
		} else {
			kind = K_SNIFF;
		}
	}
	if (kind == K_HTML || kind == K_SNIFF)
		*html = looks_like_html(c->raw.p + *start, c->raw.len - *start);
	return 0;
}

/* Set metadata key from a text construct, HTML reduced to plain text. */
int rss_meta_construct(rss_ctx *c, int key, const fnode *n)
{
	size_t start;
	char *text = NULL;
	size_t tlen = 0;
	int html, err;

	if (!n)
		return 0;
	if (construct_read(c, n, &html, &start) < 0)
		return c->err;
	if (c->raw.len == start)
		return 0;
	if (!html)
		return c->host->meta(c->sink, key, c->raw.p + start, c->raw.len - start);
	if ((err = c->host->text_of(c->sink, "text/html", c->raw.p + start,
				    c->raw.len - start, &text, &tlen)) < 0)
		return c->err = err;
	if (text)
		err = c->host->meta(c->sink, key, text, tlen);
	c->host->free(text);
	return err;
}

/* The plain text of a construct into c->text (for titles used twice). */
int rss_construct_plain(rss_ctx *c, const fnode *n, const char **out, size_t *out_len)
{
	size_t start;
	char *text = NULL;
	size_t tlen = 0;
	int html, err;

	*out = NULL;
	*out_len = 0;
	c->text.len = 0;
	if (!n)
		return 0;
	if (construct_read(c, n, &html, &start) < 0)
		return c->err;
	if (!html) {
		if (rss_sb_put(c, &c->text, c->raw.p + start, c->raw.len - start) < 0)
			return c->err;
	} else {
		if ((err = c->host->text_of(c->sink, "text/html", c->raw.p + start,
					    c->raw.len - start, &text, &tlen)) < 0)
			return c->err = err;
		err = text ? rss_sb_put(c, &c->text, text, tlen) : 0;
		c->host->free(text);
		if (err < 0)
			return err;
	}
	*out = c->text.p;
	*out_len = c->text.len;
	return 0;
}

/* Plain text as paragraphs: blank lines separate them. */
static int emit_paragraphs(rss_ctx *c, const char *s, size_t n)
{
	size_t i = 0, start = 0;
	int err;

	while (i < n) {
		if (s[i] == '\n') {
			size_t j = i + 1;

			while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
				j++;
			if (j < n && s[j] == '\n') {
				if ((err = c->host->block(c->sink, CT_BLOCK_PARAGRAPH, s + start,
							  i - start)) < 0)
					return c->err = err;
				start = i = j + 1;
				continue;
			}
		}
		i++;
	}
	if (start < n && (err = c->host->block(c->sink, CT_BLOCK_PARAGRAPH, s + start,
					       n - start)) < 0)
		return c->err = err;
	return 0;
}

int rss_emit_body(rss_ctx *c, const fnode *n)
{
	size_t start;
	int html, err;

	if (construct_read(c, n, &html, &start) < 0)
		return c->err;
	if (c->raw.len == start)
		return 0;
	if (!html)
		return emit_paragraphs(c, c->raw.p + start, c->raw.len - start);
	if ((err = c->host->parse_nested(c->sink, "text/html", c->raw.p + start,
					 c->raw.len - start, CT_PARSE_FRAGMENT)) < 0)
		return c->err = err;
	return 0;
}

int rss_is_name_char(char ch, int first)
{
	return ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || ch == '_' || ch == ':' ||
	       (unsigned char)ch >= 0x80 ||
	       (!first && ((ch >= '0' && ch <= '9') || ch == '.' || ch == '-'));
}

/* Does the markup hold a tag that gives its text a block kind (a heading,
 * a list item, a quote, a caption)? Without one every block is a
 * paragraph. */
static int has_kind_tags(const char *s, size_t n)
{
	static const char *const tags[] = {
		"h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote",
		"figcaption", "caption", NULL
	};
	const char *p = s, *end = s + n;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		size_t k;

		p++;
		for (k = 0; tags[k]; k++) {
			size_t len = strlen(tags[k]);

			if ((size_t)(end - p) > len && !xmlStrncasecmp((const xmlChar *)p,
							(const xmlChar *)tags[k], (int)len) &&
			    !rss_is_name_char(p[len], 0))
				return 1;
		}
	}
	return 0;
}

/*
 * A description that is also the body (no full content): its HTML is read
 * once for the summary; the body's blocks are that text's paragraphs
 * unless the markup gives some block a kind, which only a parse keeps.
 */
int rss_emit_summary_body(rss_ctx *c, const fnode *n)
{
	size_t start, tlen = 0;
	char *text = NULL;
	int html, err;

	if (construct_read(c, n, &html, &start) < 0)
		return c->err;
	if (c->raw.len == start)
		return 0;
	if (!html) {
		if ((err = c->host->meta(c->sink, CT_META_SUMMARY, c->raw.p + start,
					 c->raw.len - start)) < 0)
			return c->err = err;
		return emit_paragraphs(c, c->raw.p + start, c->raw.len - start);
	}
	if ((err = c->host->text_of(c->sink, "text/html", c->raw.p + start,
				    c->raw.len - start, &text, &tlen)) < 0)
		return c->err = err;
	if (text && (err = c->host->meta(c->sink, CT_META_SUMMARY, text, tlen)) < 0) {
		c->host->free(text);
		return c->err = err;
	}
	if (has_kind_tags(c->raw.p + start, c->raw.len - start))
		err = c->host->parse_nested(c->sink, "text/html", c->raw.p + start,
					    c->raw.len - start, CT_PARSE_FRAGMENT);
	else
		err = text ? emit_paragraphs(c, text, tlen) : 0;
	c->host->free(text);
	return err < 0 ? (c->err = err) : 0;
}
