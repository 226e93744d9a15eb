/* SPDX-License-Identifier: MIT */
/*
 * Page chrome inside the chosen article that scoring keeps because it sits
 * in the story's flow: small blocks a reader skips. Each rule reads the
 * structure (what is a link, what labels what, how short a line is), never
 * one site's markup:
 *  - a promotion: a figure whose caption is a link to another page;
 *  - a line of tags: a label ("Topics:") and three or more short links;
 *  - a short line that only announces chrome ("Advertisement", "Story
 *    continues below", "toggle caption");
 *  - a sign-up set into the story: a box of a heading, a line or two and
 *    one button link, with a paragraph of prose on either side (boxes of
 *    that shape side by side are a product page's features, and stay);
 *  - a line, list or box of links to tag pages or share buttons, as their
 *    targets say (links.c);
 *  - a list of headline links to other stories set between paragraphs;
 *  - a box of three or more teasers: a headline wholly a link, a line
 *    under it (the story's own section headings never link away);
 *  - a list whose first item labels it ("Most read") and whose other
 *    items are headline links.
 * What follows the story's last paragraph is tail.c's.
 * Tried and left out, since the dev pages' reference texts keep them (they
 * are Readability's output): "Read more: <headline>" paragraphs, lists of
 * headline links under a heading of their own, author boxes, a box's
 * heading left alone when its cards are cleaned out, "Follow us on" lines
 * of social links whose words are not mostly links, and comment prompts
 * ("Comments (5 posted)").
 * Runs on the article root after compute_stats (helem text/link are over
 * what is not dropped); marks NF_CLEAN.
 */
#include <string.h>

#include "html.h"

#define LABEL_MAX 40     /* a label: "Related coverage", "Read more:" */
#define TAG_MAX 20       /* a tag's link, on average */
#define CTA_MAX 300      /* a sign-up box */
#define BUTTON_MAX 30    /* a link that reads as a button */
#define PROSE_MIN 80     /* a paragraph of the story around it */
#define INDEX_MAX 300    /* a line or box of tag or share links */
#define HEADLINE_MIN 20  /* a link that reads as a headline */
#define TEASER_MAX 400   /* a headline and a line or two under it */

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

/* Does text node j hold anything but white space? */
static int has_words(const html_ctx *c, int j)
{
	const char *s;

	for (s = html_node_text(c, j); *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
			return 1;
	return 0;
}

/* Is sibling k one to pass over (white space, what is removed)? -1: k is
 * text that reads, so i has no element neighbour there. */
static int passes_over(const html_ctx *c, int k)
{
	if (is_text(c, k))
		return has_words(c, k) ? -1 : 1;
	return (html_node(c, k)->flags & (NF_DROP | NF_CLEAN)) != 0;
}

/*
 * The element siblings on either side of i, -1 where there is none, found
 * from i itself (the node before i is the previous sibling or inside it;
 * the one after i's subtree the next sibling) so that a page of many
 * siblings costs no more per element than its depth. A few removed
 * neighbours are passed over, no more.
 */
static void siblings_of(const html_ctx *c, int i, int *prev, int *next)
{
	int p = html_node(c, i)->parent, j, k, steps, pass;

	*prev = *next = -1;
	if (p < 0)
		return;
	for (j = i - 1, steps = 0; j > p && steps < 4; steps++) {
		for (k = j; html_node(c, k)->parent != p; k = html_node(c, k)->parent)
			;
		if ((pass = passes_over(c, k)) < 0)
			break;
		if (!pass) {
			*prev = k;
			break;
		}
		j = k - 1;
	}
	for (j = html_node(c, i)->end, steps = 0; j < html_node(c, p)->end && steps < 4; steps++) {
		if ((pass = passes_over(c, j)) < 0)
			break;
		if (!pass) {
			*next = j;
			break;
		}
		j = html_node(c, j)->end;
	}
}

static int is_prose(const html_ctx *c, int i)
{
	return i >= 0 && html_node(c, i)->tag == T_P && html_el(c, i)->text >= PROSE_MIN &&
	       html_el(c, i)->link * 4 < html_el(c, i)->text;
}

/* A call to action's shape: a small box that opens with a heading and
 * ends with one short link, its button ("Sign me up"). */
int html_is_cta_box(const html_ctx *c, int i)
{
	const hnode *h = html_node(c, i);
	const helem *e = html_el(c, i), *le;
	int j, first = -1, last = -1;

	if ((h->tag != T_DIV && h->tag != T_SECTION && h->tag != T_ASIDE) ||
	    e->text == 0 || e->text > CTA_MAX || e->na != 1)
		return 0;
	for (j = i + 1; j < h->end; j = html_node(c, j)->end) {
		if (is_text(c, j) || (html_node(c, j)->flags & (NF_DROP | NF_CLEAN)) ||
		    html_el(c, j)->text == 0)
			continue;
		if (first < 0)
			first = j;
		last = j;
	}
	if (first < 0 || last == first || html_node(c, first)->tag < T_H2 ||
	    html_node(c, first)->tag > T_H6)
		return 0;
	le = html_el(c, last);
	return le->na == 1 && le->link == le->text && le->text <= BUTTON_MAX &&
	       !has_inpage_link(c, last);
}

/* A call to action set into the story, between two paragraphs of prose.
 * Boxes side by side (a product page's features) are not set into prose. */
static int is_cta_island(const html_ctx *c, int i)
{
	int prev, next;

	if (!html_is_cta_box(c, i))
		return 0;
	siblings_of(c, i, &prev, &next);
	return is_prose(c, prev) && is_prose(c, next);
}

/*
 * A line, list or box of links to the site's index pages (tags, topics)
 * or to share buttons and social networks: two or more such links, two
 * thirds of its links, holding most of its words, in a few words.
 */
static int is_index_block(const html_ctx *c, int i)
{
	const hnode *h = html_node(c, i);
	const helem *e = html_el(c, i);
	int j, marked = 0;

	if ((h->tag != T_P && h->tag != T_DIV && h->tag != T_UL && h->tag != T_OL &&
	     h->tag != T_SECTION) || e->text == 0 || e->text > INDEX_MAX || e->na < 2 ||
	    e->nchild < 2 || e->link * 10 < e->text * 6)
		return 0;
	for (j = i + 1; j < h->end; j++) {
		const hnode *k = html_node(c, j);

		if (k->flags & NF_DROP) {
			j = k->end - 1;
			continue;
		}
		if (k->tag == T_A && (k->flags & (NF_TAGLINK | NF_SOCIAL)))
			marked++;
	}
	return marked >= 2 && marked * 3 >= e->na * 2;
}

/*
 * A list of other stories set into the story: three or more items, each
 * one link of a headline's length to another page with at most a date or
 * a line beside it, between two paragraphs of prose. Lists in the flow
 * (steps, sources) are not all headline links, or end the story.
 */
static int is_inset_links(const html_ctx *c, int i)
{
	const hnode *h = html_node(c, i);
	int j, items = 0, prev, next;

	/* three items with one link each, checked cheaply before the walks */
	if ((h->tag != T_UL && h->tag != T_OL) || html_el(c, i)->nchild < 3 ||
	    html_el(c, i)->na < 3 || has_inpage_link(c, i))
		return 0;
	for (j = i + 1; j < h->end; j = html_node(c, j)->end) {
		const hnode *k = html_node(c, j);
		const helem *ke;

		if (is_text(c, j) || (k->flags & (NF_DROP | NF_CLEAN)))
			continue;
		ke = html_el(c, j);
		if (k->tag != T_LI || ke->na != 1 || ke->link < HEADLINE_MIN ||
		    ke->link * 10 < ke->text * 6)
			return 0;
		items++;
	}
	if (items < 3)
		return 0;
	siblings_of(c, i, &prev, &next);
	return is_prose(c, prev) && is_prose(c, next);
}

/* The first child of i with words, -1 when none. */
static int first_readable(const html_ctx *c, int i)
{
	int j;

	for (j = i + 1; j < html_node(c, i)->end; j = html_node(c, j)->end) {
		if (is_text(c, j)) {
			if (has_words(c, j))
				return -1;
			continue;
		}
		if (!(html_node(c, j)->flags & (NF_DROP | NF_CLEAN)) && html_el(c, j)->text > 0)
			return j;
	}
	return -1;
}

/* A teaser: a small block that opens with a headline wholly one link to
 * another page (a heading, or a link of a headline's length), then at
 * most a line or two with no other link. */
static int is_teaser(const html_ctx *c, int i)
{
	const hnode *h = html_node(c, i);
	const helem *e = html_el(c, i), *fe;
	int f;

	if ((h->tag != T_DIV && h->tag != T_ARTICLE && h->tag != T_LI && h->tag != T_SECTION) ||
	    e->text == 0 || e->text > TEASER_MAX || e->na != 1 || has_inpage_link(c, i))
		return 0;
	if ((f = first_readable(c, i)) < 0)
		return 0;
	fe = html_el(c, f);
	/* a bare link is an item of a list of links, not a teaser */
	if (html_node(c, f)->tag == T_A)
		return fe->text >= HEADLINE_MIN && e->text - fe->text >= HEADLINE_MIN;
	return html_node(c, f)->tag >= T_H2 && html_node(c, f)->tag <= T_H6 &&
	       fe->na == 1 && fe->link == fe->text;
}

/* A box of three or more teasers, with at most a short label beside
 * them: other stories, not this one's sections, whose headings never
 * link away. */
static int is_teaser_box(const html_ctx *c, int i)
{
	const hnode *h = html_node(c, i);
	int j, teasers = 0, labels = 0;

	if ((h->tag != T_DIV && h->tag != T_SECTION && h->tag != T_UL && h->tag != T_OL &&
	     h->tag != T_ASIDE) || html_el(c, i)->nchild < 3 || html_el(c, i)->na < 3)
		return 0;
	for (j = i + 1; j < h->end; j = html_node(c, j)->end) {
		const hnode *k = html_node(c, j);

		if (is_text(c, j)) {
			if (has_words(c, j))
				return 0;
			continue;
		}
		if ((k->flags & (NF_DROP | NF_CLEAN)) || html_el(c, j)->text == 0)
			continue;
		if (is_teaser(c, j))
			teasers++;
		else if (html_el(c, j)->text <= LABEL_MAX && !labels && !teasers)
			labels++;
		else
			return 0;
	}
	return teasers >= 3;
}

/*
 * A list that labels itself: its first item a few words with no link
 * ("Most read"), then three or more items each one link of a headline's
 * length and nothing else. A story's lists say what they list before
 * them, not in their first item.
 */
static int is_labelled_links(const html_ctx *c, int i)
{
	const hnode *h = html_node(c, i);
	int j, items = 0, label = 0;

	if ((h->tag != T_UL && h->tag != T_OL) || html_el(c, i)->nchild < 4 ||
	    html_el(c, i)->na < 3 || has_inpage_link(c, i))
		return 0;
	for (j = i + 1; j < h->end; j = html_node(c, j)->end) {
		const hnode *k = html_node(c, j);
		const helem *ke;

		if (is_text(c, j) || (k->flags & (NF_DROP | NF_CLEAN)))
			continue;
		ke = html_el(c, j);
		if (k->tag != T_LI || ke->text == 0)
			return 0;
		if (!label && !items && ke->na == 0 && ke->text <= LABEL_MAX) {
			label = 1;
			continue;
		}
		if (!label || ke->na != 1 || ke->link < HEADLINE_MIN || ke->link != ke->text)
			return 0;
		items++;
	}
	return items >= 3;
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
		if (is_promo_figure(c, i) || is_tag_line(c, i) || is_chrome_line(c, i) ||
		    is_cta_island(c, i) || is_index_block(c, i) || is_inset_links(c, i) ||
		    is_teaser_box(c, i) || is_labelled_links(c, i)) {
			h->flags |= NF_CLEAN;
			i = h->end;
			continue;
		}
		i++;
	}
}
