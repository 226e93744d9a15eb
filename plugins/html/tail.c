/* SPDX-License-Identifier: MIT */
/*
 * What follows the story's last paragraph inside the chosen article.
 *
 * The body is the run of prose paragraphs held by the element that holds
 * the most prose, or by any element holding two or more paragraphs of it
 * (a story in sections). A box after the body's last paragraph that has
 * a call to action's shape (a heading, a line, one button link: a
 * newsletter sign-up, an app or subscription offer) is chrome: set into
 * the story chrome.c needs prose on both of its sides, but after the
 * story's end it is followed by more chrome, or nothing.
 *
 * Tried here and left out, since the dev pages' reference texts (Readability's
 * output) keep them: lists of links after the body (a wiki's "see also"
 * reads like "more stories"), short lines with two links (photo credits),
 * small boxes of any shape, boxes headed "About the author", bios named by
 * class, and headings left alone once their box is cleaned out.
 *
 * Runs on the article's roots after cleaning; marks NF_CLEAN and tells
 * how much text went.
 */
#include "html.h"

#define PROSE_MIN 80      /* a paragraph of the story */

static int gone(const hnode *h)
{
	return (h->flags & (NF_DROP | NF_CLEAN)) != 0;
}

/* Text and link characters under i, what is removed excluded. */
static void live_text(const html_ctx *c, int i, int *text, int *link)
{
	int j, end = html_node(c, i)->end, link_end = -1;

	*text = *link = 0;
	for (j = i; j < end;) {
		const hnode *h = html_node(c, j);

		if (h->tag == T_TEXT) {
			int n, k;

			html_measure_text(html_node_text(c, j), &n, &k);
			*text += n;
			if (j < link_end)
				*link += n;
			j++;
			continue;
		}
		if (gone(h)) {
			j = h->end;
			continue;
		}
		if (h->tag == T_A && j >= link_end)
			link_end = h->end;
		j++;
	}
}

static int is_prose(const html_ctx *c, int i)
{
	const hnode *h = html_node(c, i);
	const helem *e = html_el(c, i);

	return (h->tag == T_P || (h->tag == T_DIV && !(h->flags & NF_HASBLOCK))) &&
	       e->text >= PROSE_MIN && e->link * 4 < e->text;
}

/* The prose paragraphs that are children of p: how many (up to max) and
 * their characters. */
static int prose_of(const html_ctx *c, int p, int max, int *chars)
{
	int j, n = 0;

	*chars = 0;
	for (j = p + 1; j < html_node(c, p)->end && n < max; j = html_node(c, j)->end) {
		if (html_node(c, j)->tag == T_TEXT || gone(html_node(c, j)) || !is_prose(c, j))
			continue;
		*chars += html_el(c, j)->text;
		n++;
	}
	return n;
}

/* The article's roots: top alone, or the kept children of top's parent. */
typedef struct roots {
	int top, parent;         /* parent -1: top alone */
} roots;

static int root_next(const html_ctx *c, const roots *rs, int r)
{
	if (rs->parent < 0)
		return -1;
	for (r = html_node(c, r)->end; r < html_node(c, rs->parent)->end; r = html_node(c, r)->end)
		if ((html_node(c, r)->flags & NF_KEEP) && !gone(html_node(c, r)))
			return r;
	return -1;
}

static int root_first(const html_ctx *c, const roots *rs)
{
	int r;

	if (rs->parent < 0)
		return rs->top;
	for (r = rs->parent + 1; r < html_node(c, rs->parent)->end; r = html_node(c, r)->end)
		if ((html_node(c, r)->flags & NF_KEEP) && !gone(html_node(c, r)))
			return r;
	return -1;
}

/* Calls fn on every prose paragraph under the roots that is not removed. */
typedef void (*para_fn)(const html_ctx *c, int i, void *payload);

static void each_para(const html_ctx *c, const roots *rs, para_fn fn, void *payload)
{
	int r, i;

	for (r = root_first(c, rs); r >= 0; r = root_next(c, rs, r)) {
		for (i = r; i < html_node(c, r)->end;) {
			const hnode *h = html_node(c, i);

			if (h->tag == T_TEXT) {
				i++;
			} else if (gone(h)) {
				i = h->end;
			} else if (is_prose(c, i)) {
				fn(c, i, payload);
				i = h->end;
			} else {
				i++;
			}
		}
	}
}

typedef struct body {
	int holder, chars;       /* the element holding the most prose */
	int seen;                /* the parent last measured */
	int end;                 /* one past the body's last paragraph */
} body;

static void find_holder(const html_ctx *c, int i, void *payload)
{
	body *b = payload;
	int p = html_node(c, i)->parent, chars;

	/* a parent's paragraphs come one after another: measured once */
	if (p == b->seen)
		return;
	b->seen = p;
	prose_of(c, p, 1 << 20, &chars);
	if (chars > b->chars) {
		b->chars = chars;
		b->holder = p;
	}
}

static void find_end(const html_ctx *c, int i, void *payload)
{
	body *b = payload;
	int p = html_node(c, i)->parent, chars;

	if (p == b->holder || prose_of(c, p, 2, &chars) >= 2)
		b->end = html_node(c, i)->end;
}

/* Cleans what has a call to action's shape under root from node from on. */
static void mark_tail(html_ctx *c, int root, int from, int *text, int *link)
{
	int i, end = html_node(c, root)->end;

	for (i = from > root ? from : root; i < end;) {
		hnode *h = html_node(c, i);
		int t, l;

		if (h->tag == T_TEXT || gone(h)) {
			i = h->tag == T_TEXT ? i + 1 : h->end;
			continue;
		}
		if (!(h->flags & NF_INDATA) && html_is_cta_box(c, i)) {
			live_text(c, i, &t, &l);
			*text += t;
			*link += l;
			h->flags |= NF_CLEAN;
			i = h->end;
			continue;
		}
		i++;
	}
}

void html_clean_tail(html_ctx *c, int top, int siblings, int *text, int *link)
{
	roots rs;
	body b = { -1, 0, -1, -1 };
	int r;

	*text = *link = 0;
	rs.top = top;
	rs.parent = siblings ? html_node(c, top)->parent : -1;
	each_para(c, &rs, find_holder, &b);
	if (b.holder < 0)
		return;
	each_para(c, &rs, find_end, &b);
	if (b.end < 0)
		return;
	for (r = root_first(c, &rs); r >= 0; r = root_next(c, &rs, r))
		if (html_node(c, r)->end > b.end)
			mark_tail(c, r, b.end, text, link);
}
