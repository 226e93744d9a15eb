/* SPDX-License-Identifier: MIT */
/*
 * Page chrome inside the chosen article that scoring keeps because it sits
 * in the story's flow: small blocks a reader skips. Each rule reads the
 * structure (what is a link, what labels what, how short a line is), never
 * one site's markup:
 *  - a promotion: a figure whose caption is a link to another page;
 *  - a line of tags: a label ("Topics:") and three or more short links;
 *  - a short line that only announces chrome ("Advertisement", "Story
 *    continues below", "toggle caption").
 * Tried and left out, since the dev pages' reference texts keep them (they
 * are Readability's output): "Read more: <headline>" paragraphs, lists of
 * headline links under a heading of their own, author boxes, a box's
 * heading left alone when its cards are cleaned out, and sign-up boxes of
 * a heading, a sentence and a button link (product pages' feature boxes
 * have that shape).
 * Runs on the article root after compute_stats (helem text/link are over
 * what is not dropped); marks NF_CLEAN.
 */
#include <string.h>

#include "html.h"

#define LABEL_MAX 40     /* a label: "Related coverage", "Read more:" */
#define TAG_MAX 20       /* a tag's link, on average */

static int is_text(const html_ctx *c, int i)
{
	return html_node(c, i)->tag == T_TEXT;
}

/* Any link under i to a place in this page (a table of contents, notes)? */
static int has_inpage_link(const html_ctx *c, int i)
{
	int j;

	for (j = i; j < html_node(c, i)->end; j++)
		if (html_node(c, j)->flags & NF_INPAGE)
			return 1;
	return 0;
}

/* A paragraph-like element: <p>, or a div of bare text. */
static int is_para(const hnode *h)
{
	return h->tag == T_P || (h->tag == T_DIV && !(h->flags & NF_HASBLOCK));
}

/* A figure whose caption links to another page: a promotion, not a picture
 * of this story. */
static int is_promo_figure(const html_ctx *c, int i)
{
	const hnode *h = html_node(c, i);
	int j;

	if (h->tag != T_FIGURE)
		return 0;
	/* a figure's caption is its child: one pass over the children, so
	 * nested figures cost no more than the figures */
	for (j = i + 1; j < h->end; j = html_node(c, j)->end) {
		const hnode *k = html_node(c, j);
		const helem *ke;

		if (k->tag != T_FIGCAPTION || (k->flags & NF_DROP))
			continue;
		ke = html_el(c, j);
		return ke->text > 0 && ke->link * 10 >= ke->text * 8 && !has_inpage_link(c, j);
	}
	return 0;
}

/* Does the text before the first link under i end with a colon (a label
 * such as "Topics:")? */
static int starts_with_label(const html_ctx *c, int i)
{
	int j, colon = 0;

	for (j = i + 1; j < html_node(c, i)->end; j++) {
		const char *s;

		if (html_node(c, j)->tag == T_A)
			return colon;
		if (!is_text(c, j))
			continue;
		for (s = html_node_text(c, j); *s; s++)
			if (*s == ':')
				colon = 1;
			else if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
				colon = 0;
	}
	return 0;
}

/* A line of tags or topics: a label ("Topics:"), then three or more short
 * links that hold nearly all its words; an index, not text. */
static int is_tag_line(const html_ctx *c, int i)
{
	const helem *e = html_el(c, i);

	if (!is_para(html_node(c, i)) || e->text == 0 || e->text > 200 || e->na < 3)
		return 0;
	return e->link <= e->na * TAG_MAX && e->text - e->link <= 20 &&
	       e->link * 2 >= e->text && !has_inpage_link(c, i) && starts_with_label(c, i);
}

/* Lines that announce chrome rather than say anything, compared whole. */
static int is_chrome_line(const html_ctx *c, int i)
{
	static const char *const lines[] = {
		"ad", "advertisement", "skip advertisement", "sponsored", "sponsored content",
		"story continues below", "story continues below advertisement",
		"article continues below", "article continues below advertisement",
		"continue reading below", "scroll to continue", "scroll to continue with content",
		"enlarge this image", "toggle caption", "hide caption", "click to enlarge",
		"listen to this article", NULL
	};
	char buf[LABEL_MAX + 8];
	size_t n = 0;
	int j;

	if (!is_para(html_node(c, i)) || html_el(c, i)->text == 0 ||
	    html_el(c, i)->text > LABEL_MAX || html_el(c, i)->link)
		return 0;
	for (j = i + 1; j < html_node(c, i)->end; j++) {
		const char *s;

		if (!is_text(c, j) || (html_node(c, j)->flags & NF_DROP))
			continue;
		for (s = html_node_text(c, j); *s && n + 1 < sizeof(buf); s++) {
			unsigned char ch = (unsigned char)*s;

			if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
				if (n && buf[n - 1] != ' ')
					buf[n++] = ' ';
			} else if (ch != '.' && ch != ':') {
				buf[n++] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
			}
		}
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	for (j = 0; lines[j]; j++)
		if (!strcmp(buf, lines[j]))
			return 1;
	return 0;
}

void html_mark_chrome(html_ctx *c, int root)
{
	int i, end = html_node(c, root)->end;

	for (i = root + 1; i < end;) {
		hnode *h = html_node(c, i);

		if (is_text(c, i) || (h->flags & (NF_DROP | NF_CLEAN)) || (h->flags & NF_INDATA)) {
			i = is_text(c, i) ? i + 1 : h->end;
			continue;
		}
		if (is_promo_figure(c, i) || is_tag_line(c, i) || is_chrome_line(c, i)) {
			h->flags |= NF_CLEAN;
			i = h->end;
			continue;
		}
		i++;
	}
}
