/* SPDX-License-Identifier: MIT */
/*
 * Feed item bodies (CT_PARSE_FRAGMENT): a snippet of HTML reduced to its
 * text, every word of it but those of scripts and styles.
 *
 * A snippet needs no main-content extraction, only a tokenizer that loses
 * nothing, so this is our own, one pass and no tree, after the HTML
 * tokenizer's rules where they keep words: comments end at "-->", "--!>",
 * or right away ("<!-->", "<!--->"), and one that never closes ends at the
 * next '>' rather than swallowing the item; a "<!" or "<?" that is no
 * comment ends at the next '>'; CDATA is text. Unlike in a page, the text
 * of <title>, <textarea>, <iframe>, <noscript>, <svg> (its <title>,
 * <desc>, <text>), <object> and forms is kept: in a feed item it is the
 * item's. Only <script> and <style> are dropped, to their end tag; an end
 * tag that closes none (a start tag commented out) pairs with the next
 * start tag of its kind, as feed readers count them, so the words after
 * "crazy" markup survive.
 *
 * Blocks break at block-level tags; text in a heading, list item, quote or
 * caption carries that kind; table cells are joined with " | ".
 */
#include <string.h>
#include <strings.h>

#include "html.h"

#define KIND_DEPTH 64
#define NAME_MAX_LEN 16

typedef struct frag {
	const ct_host_services *host;
	ct_sink *sink;
	char *buf;
	size_t len, cap;
	int kind;                    /* of the block being built */
	int has_text;
	int last_br;
	int err;
	unsigned char kinds[KIND_DEPTH];   /* open elements that give text a kind */
	int nkinds;
	int stray_script, stray_style;     /* end tags that closed nothing */
	int paired_script, paired_style;   /* start tags paired with one: open */
} frag;

static void put(frag *f, const char *s, size_t n)
{
	if (f->err || !n)
		return;
	if (f->len + n + 1 > f->cap) {
		size_t cap = f->cap ? f->cap : 256;
		char *nb;

		while (cap < f->len + n + 1)
			cap *= 2;
		if (!(nb = f->host->realloc(f->buf, cap))) {
			f->err = f->host->fail(f->sink, CT_PLUGIN_ENOMEM, "out of memory");
			return;
		}
		f->buf = nb;
		f->cap = cap;
	}
	memcpy(f->buf + f->len, s, n);
	f->len += n;
}

static void flush(frag *f)
{
	int err, kind = f->kind;

	if (f->err)
		return;
	if (f->has_text) {
		if (kind == CT_BLOCK_TITLE)
			kind = CT_BLOCK_HEADING;   /* a snippet has no title of its own */
		if ((err = f->host->block(f->sink, kind, f->buf, f->len)) < 0)
			f->err = err;
	}
	f->len = 0;
	f->has_text = 0;
	f->last_br = 0;
}

static int current_kind(const frag *f)
{
	static const unsigned char kind_of[T_COUNT] = {
		[T_H1] = CT_BLOCK_TITLE + 1, [T_H2] = CT_BLOCK_HEADING + 1,
		[T_H3] = CT_BLOCK_HEADING + 1, [T_H4] = CT_BLOCK_HEADING + 1,
		[T_H5] = CT_BLOCK_HEADING + 1, [T_H6] = CT_BLOCK_HEADING + 1,
		[T_LI] = CT_BLOCK_ITEM + 1, [T_DT] = CT_BLOCK_ITEM + 1, [T_DD] = CT_BLOCK_ITEM + 1,
		[T_BLOCKQUOTE] = CT_BLOCK_QUOTE + 1, [T_FIGCAPTION] = CT_BLOCK_CAPTION + 1,
		[T_CAPTION] = CT_BLOCK_CAPTION + 1,
	};

	return f->nkinds > 0 ? kind_of[f->kinds[f->nkinds - 1]] - 1 : CT_BLOCK_PARAGRAPH;
}

static int gives_kind(int tag)
{
	return (tag >= T_H1 && tag <= T_H6) || tag == T_LI || tag == T_DT || tag == T_DD ||
	       tag == T_BLOCKQUOTE || tag == T_FIGCAPTION || tag == T_CAPTION;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f';
}

/* Text, references decoded. A run of white space alone before any text
 * of the block says nothing. */
static void text(frag *f, const char *s, const char *end)
{
	const char *p = s, *copied = s;

	while (p < end && is_space(*p))
		p++;
	if (p == end) {
		if (f->has_text)
			put(f, " ", 1);
		return;
	}
	if (!f->has_text) {
		f->kind = current_kind(f);
		f->has_text = 1;
	}
	f->last_br = 0;
	for (p = s; p < end && (p = memchr(p, '&', (size_t)(end - p))) != NULL;) {
		char u[8];
		size_t n, span = html_entity_at(p, end, u, &n);

		if (!span) {
			p++;
			continue;
		}
		put(f, copied, (size_t)(p - copied));
		put(f, u, n);
		p += span;
		copied = p;
	}
	put(f, copied, (size_t)(end - copied));
}

/* The tag name at p (letters, digits and a few more), lower-cased into
 * name; returns its end. */
static const char *tag_name(const char *p, const char *end, char name[NAME_MAX_LEN + 1])
{
	size_t n = 0;

	while (p < end && !is_space(*p) && *p != '/' && *p != '>') {
		if (n < NAME_MAX_LEN)
			name[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
		p++;
	}
	name[n] = '\0';
	return p;
}

/* Past the attributes to the tag's '>' (quoted values may hold one). */
static const char *tag_end(const char *p, const char *end, int *self_closing)
{
	char quote = 0;
	const char *q = p;

	*self_closing = 0;
	for (; q < end; q++) {
		if (quote) {
			if (*q == quote)
				quote = 0;
		} else if (*q == '"' || *q == '\'') {
			/* a quote opens a value only after '=' (and spaces) */
			const char *b = q;

			while (b > p && is_space(b[-1]))
				b--;
			if (b > p && b[-1] == '=')
				quote = *q;
		} else if (*q == '>') {
			*self_closing = q > p && q[-1] == '/';
			return q + 1;
		}
	}
	return end;
}

/* The end tag "</name" followed by white space, '/' or '>' at or after p. */
static const char *find_close(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= n + 2 && p[1] == '/' && strncasecmp(p + 2, name, n) == 0 &&
		    ((size_t)(end - p) == n + 2 || is_space(p[n + 2]) || p[n + 2] == '/' ||
		     p[n + 2] == '>'))
			return p;
		p++;
	}
	return NULL;
}

static const char *skip_past(const char *p, const char *end, char ch)
{
	const char *q = memchr(p, ch, (size_t)(end - p));

	return q ? q + 1 : end;
}

static void start_tag(frag *f, int tag)
{
	if (tag == T_BR) {
		if (f->last_br) {
			flush(f);
		} else if (f->has_text) {
			put(f, "\n", 1);
			f->last_br = 1;
		}
		return;
	}
	if (tag == T_TD || tag == T_TH) {
		if (f->has_text)
			put(f, " | ", 3);
		return;
	}
	if (tag == T_HR || tag == T_IMG)
		return;
	if (html_tag_props[tag] & P_BLOCK)
		flush(f);
	if (gives_kind(tag)) {
		int top = f->nkinds ? f->kinds[f->nkinds - 1] : -1;

		/* an item ends the open item, a heading the open heading */
		if ((tag == T_LI || tag == T_DT || tag == T_DD) &&
		    (top == T_LI || top == T_DT || top == T_DD))
			f->nkinds--;
		else if (tag >= T_H1 && tag <= T_H6 && top >= T_H1 && top <= T_H6)
			f->nkinds--;
		if (f->nkinds < KIND_DEPTH)
			f->kinds[f->nkinds++] = (unsigned char)tag;
	}
}

static void end_tag(frag *f, int tag)
{
	int k;

	if (tag == T_TD || tag == T_TH || tag == T_BR || tag == T_HR || tag == T_IMG)
		return;
	if (html_tag_props[tag] & P_BLOCK)
		flush(f);
	if (gives_kind(tag)) {
		for (k = f->nkinds; k-- > 0;)
			if (f->kinds[k] == tag) {
				f->nkinds = k;
				break;
			}
	} else if (tag == T_UL || tag == T_OL || tag == T_DL || tag == T_MENU) {
		/* the end of a list ends its open items */
		while (f->nkinds > 0 && (f->kinds[f->nkinds - 1] == T_LI ||
		       f->kinds[f->nkinds - 1] == T_DT || f->kinds[f->nkinds - 1] == T_DD))
			f->nkinds--;
	} else if (tag == T_TABLE || tag == T_FIGURE) {
		while (f->nkinds > 0 && (f->kinds[f->nkinds - 1] == T_CAPTION ||
		       f->kinds[f->nkinds - 1] == T_FIGCAPTION))
			f->nkinds--;
	}
}

/* At '<': what the markup is and where the text goes on. */
static const char *markup(frag *f, const char *p, const char *end)
{
	char name[NAME_MAX_LEN + 1];
	const char *q;
	int self_closing, tag;

	if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
		if (end - p >= 5 && p[4] == '>')
			return p + 5;
		if (end - p >= 6 && p[4] == '-' && p[5] == '>')
			return p + 6;
		for (q = p + 4; q < end && (q = memchr(q, '-', (size_t)(end - q))) != NULL; q++) {
			if (end - q >= 3 && q[1] == '-' && q[2] == '>')
				return q + 3;
			if (end - q >= 4 && q[1] == '-' && q[2] == '!' && q[3] == '>')
				return q + 4;
		}
		/* never closed: it ends at the next '>', not with the item */
		return skip_past(p + 4, end, '>');
	}
	if (end - p >= 9 && !memcmp(p, "<![CDATA[", 9)) {
		const char *e = memmem(p + 9, (size_t)(end - p - 9), "]]>", 3);

		if (!e)
			e = end;
		if (e > p + 9) {
			/* CDATA holds text as it is: no references */
			const char *s = p + 9;

			while (s < e && is_space(*s))
				s++;
			if (s < e) {
				if (!f->has_text) {
					f->kind = current_kind(f);
					f->has_text = 1;
				}
				f->last_br = 0;
				put(f, p + 9, (size_t)(e - p - 9));
			} else if (f->has_text) {
				put(f, " ", 1);
			}
		}
		return e < end ? e + 3 : end;
	}
	if (end - p >= 2 && (p[1] == '!' || p[1] == '?'))
		return skip_past(p + 2, end, '>');   /* doctype, bogus comment */
	if (end - p >= 3 && p[1] == '/' && ((p[2] | 0x20) >= 'a' && (p[2] | 0x20) <= 'z')) {
		q = tag_end(tag_name(p + 2, end, name), end, &self_closing);
		tag = html_tag_of(name);
		if (tag == T_SCRIPT || tag == T_STYLE) {
			/* the end of a script we are not in: it closes a start
			 * tag paired before, else it pairs with the next one */
			int *paired = tag == T_SCRIPT ? &f->paired_script : &f->paired_style;
			int *stray = tag == T_SCRIPT ? &f->stray_script : &f->stray_style;

			if (*paired > 0)
				(*paired)--;
			else
				(*stray)++;
		} else {
			end_tag(f, tag);
		}
		return q;
	}
	if (end - p >= 2 && p[1] == '/')
		return skip_past(p + 2, end, '>');   /* "</>", "</ x>" */
	if (end - p < 2 || !((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z')) {
		text(f, p, p + 1);   /* a '<' that starts no tag is text */
		return p + 1;
	}
	q = tag_end(tag_name(p + 1, end, name), end, &self_closing);
	tag = html_tag_of(name);
	if ((tag == T_SCRIPT || tag == T_STYLE) && !self_closing) {
		int *stray = tag == T_SCRIPT ? &f->stray_script : &f->stray_style;
		const char *close;

		if (*stray > 0) {
			/* paired with an end tag seen before: no script */
			(*stray)--;
			(*(tag == T_SCRIPT ? &f->paired_script : &f->paired_style))++;
			return q;
		}
		close = find_close(q, end, tag == T_SCRIPT ? "script" : "style");
		return close ? skip_past(close, end, '>') : end;
	}
	if (tag == T_TITLE || tag == T_TEXTAREA) {
		/* their content is text, whatever it looks like */
		const char *close = find_close(q, end, tag == T_TITLE ? "title" : "textarea");
		const char *e = close ? close : end;

		flush(f);
		text(f, q, e);
		flush(f);
		return close ? skip_past(close, end, '>') : end;
	}
	start_tag(f, tag);
	if (self_closing && tag != T_BR)
		end_tag(f, tag);
	return q;
}

int html_fragment(const ct_host_services *host, ct_sink *sink, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	frag f;

	memset(&f, 0, sizeof(f));
	f.host = host;
	f.sink = sink;
	while (p < end && !f.err) {
		const char *lt = memchr(p, '<', (size_t)(end - p));

		if (!lt)
			lt = end;
		if (lt > p)
			text(&f, p, lt);
		if (lt < end)
			p = markup(&f, lt, end);
		else
			p = end;
	}
	flush(&f);
	host->free(f.buf);
	return f.err < 0 ? f.err : 0;
}
