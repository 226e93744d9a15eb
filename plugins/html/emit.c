/* SPDX-License-Identifier: MIT */
/*
 * Emission: the chosen article as blocks (a block ends at every block-level
 * element and at a double <br>; text inside a heading, list item, quote or
 * caption carries that kind), and the plain text of a subtree.
 */
#include <string.h>

#include "html.h"

#define MAX_DEPTH 256

/* ---- title comparison ---- */

/* Collapsed, lower-cased ASCII letters and digits of s into buf. */
static size_t squash(const char *s, size_t n, char *buf, size_t cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < cap; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 'A' && ch <= 'Z')
			buf[k++] = (char)(ch + 32);
		else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80)
			buf[k++] = (char)ch;
	}
	buf[k] = '\0';
	return k;
}

/* Is heading i a repeat of the page title (shown above the article)? */
int html_eq_title(html_ctx *c, int i)
{
	char *text = NULL, a[512], b[512];
	size_t len = 0, na, nb;
	int eq = 0;

	if (!c->title || html_text_of(c, i, &text, &len) < 0 || !text)
		return 0;
	na = squash(text, len, a, sizeof(a));
	nb = squash(c->title, c->title_len, b, sizeof(b));
	if (na >= 10 && nb && (strcmp(a, b) == 0 || strstr(b, a)))
		eq = 1;
	c->host->free(text);
	return eq;
}

/* ---- emission ---- */

typedef struct emitter {
	html_ctx *c;
	char *buf;
	size_t len, cap;
	int kind;
	int has_text;
	int last_br;
	int have_title;
	int err;
} emitter;

static void em_put(emitter *e, const char *s, size_t n)
{
	if (e->err || !n)
		return;
	if (e->len + n + 1 > e->cap) {
		size_t cap = e->cap ? e->cap : 256;
		char *nb;

		while (cap < e->len + n + 1)
			cap *= 2;
		if (!(nb = e->c->host->realloc(e->buf, cap))) {
			e->err = e->c->host->fail(e->c->sink, CT_PLUGIN_ENOMEM, "out of memory");
			return;
		}
		e->buf = nb;
		e->cap = cap;
	}
	memcpy(e->buf + e->len, s, n);
	e->len += n;
}

static void em_flush(emitter *e)
{
	int kind = e->kind, err;

	if (e->err)
		return;
	if (e->has_text) {
		if (kind == CT_BLOCK_TITLE) {
			if (e->have_title)
				kind = CT_BLOCK_HEADING;
			e->have_title = 1;
		}
		if ((err = e->c->host->block(e->c->sink, kind, e->buf, e->len)) < 0)
			e->err = err;
	}
	e->len = 0;
	e->has_text = 0;
	e->last_br = 0;
}

static void em_text(emitter *e, int j)
{
	const hnode *h = html_node(e->c, j);
	const char *s = html_node_text(e->c, j);
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f')
			break;
	if (i == n) {
		if (e->has_text)
			em_put(e, " ", 1);
		return;
	}
	if (!e->has_text) {
		e->kind = h->kind;
		e->has_text = 1;
	}
	e->last_br = 0;
	em_put(e, s, n);
}

/* Emit the text of subtree root; skip removed parts. */
static void emit_subtree(emitter *e, int root)
{
	html_ctx *c = e->c;
	int stack[MAX_DEPTH + 2], sp = 0, j = root;

	while (j < html_node(c, root)->end && !e->err) {
		hnode *h = html_node(c, j);

		while (sp > 0 && html_node(c, stack[sp - 1])->end <= j) {
			sp--;
			em_flush(e);
		}
		if (h->flags & (NF_DROP | NF_CLEAN | NF_JUNK)) {
			j = h->end;
			continue;
		}
		switch (h->tag) {
		case T_TEXT:
			em_text(e, j);
			break;
		case T_BR:
			if (e->last_br) {
				em_flush(e);
			} else if (e->has_text) {
				em_put(e, "\n", 1);
				e->last_br = 1;
			}
			break;
		case T_TD: case T_TH:
			if (e->has_text)
				em_put(e, " | ", 3);
			break;
		case T_IMG: case T_HR:
			break;
		default:
			if (h->flags & NF_BLOCK) {
				em_flush(e);
				if (sp < MAX_DEPTH + 2 && h->end > j + 1)
					stack[sp++] = j;
			}
			break;
		}
		j++;
	}
	em_flush(e);
}

/* Emit the article: the top element alone, or with siblings, every kept
 * and not cleaned child of its parent. */
int html_emit_article(html_ctx *c, int top, int siblings)
{
	emitter e;
	int j, parent = html_node(c, top)->parent;

	memset(&e, 0, sizeof(e));
	e.c = c;
	if (!siblings || parent < 0) {
		emit_subtree(&e, top);
	} else {
		for (j = parent + 1; j < html_node(c, parent)->end && !e.err; j = html_node(c, j)->end)
			if ((html_node(c, j)->flags & NF_KEEP) && !(html_node(c, j)->flags & NF_CLEAN))
				emit_subtree(&e, j);
	}
	c->host->free(e.buf);
	return e.err;
}

/* ---- text of a subtree ---- */

int html_text_of(html_ctx *c, int i, char **out, size_t *out_len)
{
	size_t n = 0, cap = 0;
	char *buf = NULL;
	int j;

	*out = NULL;
	*out_len = 0;
	for (j = i; j < html_node(c, i)->end; j++) {
		const char *s;
		size_t k;

		if (html_node(c, j)->flags & NF_JUNK) {
			j = html_node(c, j)->end - 1;
			continue;
		}
		if (html_node(c, j)->tag != T_TEXT)
			continue;
		s = html_node_text(c, j);
		k = strlen(s);
		if (n + k + 2 > cap) {
			size_t nc = (n + k + 2) * 2;
			char *nb = c->host->realloc(buf, nc);

			if (!nb) {
				c->host->free(buf);
				return CT_PLUGIN_ENOMEM;
			}
			buf = nb;
			cap = nc;
		}
		memcpy(buf + n, s, k);
		n += k;
		buf[n] = '\0';
	}
	*out = buf;
	*out_len = n;
	return 0;
}
