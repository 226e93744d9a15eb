/* SPDX-License-Identifier: MIT */
/*
 * Main-content extraction over the node table (tree.c): subtrees are index
 * ranges [i, end), so every walk is a loop, never a recursion.
 *
 * Scoring, in the spirit of Readability and trafilatura but our own:
 *  - boilerplate goes first: scripts and controls always; navigation,
 *    asides, footers, hidden nodes, and elements whose class/id names say
 *    comments, sharing, newsletter, related or most-read, in strict mode;
 *  - each paragraph-like run of text of 25+ characters scores by its length
 *    and commas, credited to its parent in full and to farther ancestors in
 *    decreasing parts; ancestors start from a tag prior and a class/id hint;
 *  - an element's score is discounted by its link density; the best one is
 *    the article, widened to a common ancestor when several near-best
 *    candidates share it, and joined by siblings that score or read like
 *    prose;
 *  - inside the article, lists, tables and divs that look like link farms,
 *    image galleries, forms or widgets are cleaned out.
 * When strict mode leaves under 500 characters, it is relaxed step by step
 * and the longest result kept (pages that put their text in odd places).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

#define MIN_PARA 25
#define ENOUGH_TEXT 500

/* attempt flags */
#define A_STRIP  0x1u   /* drop unlikely candidates and boilerplate tags */
#define A_WEIGHT 0x2u   /* use class/id hints */
#define A_CLEAN  0x4u   /* conditional cleaning of the article */

static int is_elem(const html_ctx *c, int i)
{
	return html_node(c, i)->tag != T_TEXT;
}

/* ---- text measures ---- */

static int text_chars(const html_ctx *c, int i, int *commas)
{
	int n, k;

	html_measure_text(html_node_text(c, i), &n, &k);
	if (commas)
		*commas = k;
	return n;
}

/* Does the text under i contain ". " or end with "."? (prose, not a label) */
static int reads_like_sentence(const html_ctx *c, int i)
{
	int j, last_dot = 0;

	for (j = i; j < html_node(c, i)->end; j++) {
		const char *s;

		if (html_node(c, j)->tag != T_TEXT)
			continue;
		for (s = html_node_text(c, j); *s; s++) {
			if (*s == '.') {
				if (s[1] == ' ')
					return 1;
				last_dot = 1;
			} else if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r') {
				last_dot = 0;
			}
		}
	}
	return last_dot;
}

/* ---- data tables ---- */

static void mark_data_tables(html_ctx *c)
{
	size_t i;
	int j;

	for (i = 0; i < c->count; i++) {
		hnode *t = html_node(c, i);
		int rows = 0, cols = 0, cells = 0, data = -1;

		if (t->tag != T_TABLE)
			continue;
		if (t->flags & NF_TBL_LAYOUT)
			data = 0;
		else if (t->flags & NF_TBL_DATA)
			data = 1;
		for (j = (int)i + 1; data < 0 && j < t->end; j++) {
			switch (html_node(c, j)->tag) {
			case T_CAPTION: case T_TH: case T_THEAD: case T_TFOOT:
				data = 1;
				break;
			case T_TABLE:
				data = 0;
				break;
			case T_TR:
				rows++;
				if (cells > cols)
					cols = cells;
				cells = 0;
				break;
			case T_TD:
				cells++;
				break;
			default:
				break;
			}
		}
		if (cells > cols)
			cols = cells;
		if (data < 0)
			data = rows >= 10 || cols > 4 || rows * cols > 10;
		if (data)
			for (j = (int)i; j < t->end; j++)
				html_node(c, j)->flags |= NF_INDATA;
		if (data)
			t->flags |= NF_DATATABLE;
	}
}

/* ---- one extraction attempt ---- */

typedef struct attempt {
	unsigned int flags;
	int top;                 /* chosen element */
	int na;                  /* links in the result */
	int stripped, cleaned;   /* what strict dropping and cleaning removed */
	int scored;              /* paragraphs scored */
	int text, link;          /* of the result */
} attempt;

static int text_len_of(const html_ctx *c, int i)
{
	int j, n = 0;

	for (j = i; j < html_node(c, i)->end; j++)
		if (html_node(c, j)->tag == T_TEXT)
			n += text_chars(c, j, NULL);
	return n;
}

static int is_byline(html_ctx *c, int i)
{
	int len;

	if (!is_elem(c, i) || !(html_el(c, i)->hints & (H_AUTHOR | H_BYLINE)))
		return 0;
	len = text_len_of(c, i);
	return len > 0 && len < 100;
}

static int in_article(const html_ctx *c, int i)
{
	int p;

	for (p = html_node(c, i)->parent; p >= 0; p = html_node(c, p)->parent)
		if (html_node(c, p)->tag == T_ARTICLE)
			return 1;
	return 0;
}

/* An article's own <header> goes as chrome, but its byline names the
 * author: take it before the subtree is dropped unseen. */
static void header_byline(html_ctx *c, int i)
{
	int j;

	for (j = i + 1; j < html_node(c, i)->end; j++) {
		if (html_node(c, j)->flags & (NF_JUNK | NF_HIDDEN)) {
			j = html_node(c, j)->end - 1;
			continue;
		}
		if (is_elem(c, j) && html_el(c, j)->hints && is_byline(c, j)) {
			html_meta_byline(c, j);
			return;
		}
	}
}

/* Returns how many elements strict mode dropped. */
static int mark_drops(html_ctx *c, unsigned int flags)
{
	int stripped = 0, bylines = 0;
	size_t i;

	for (i = 0; i < c->count; i++)
		html_node(c, i)->flags &= ~(NF_DROP | NF_CLEAN | NF_CAND | NF_KEEP);
	for (i = 0; i < c->nel; i++)
		html_elem(c, i)->score = 0;
	for (i = 0; i < c->count;) {
		hnode *h = html_node(c, i);
		const helem *e;
		int drop = 0;

		if (h->tag == T_TEXT) {
			i++;
			continue;
		}
		e = html_el(c, (int)i);
		if (h->flags & (NF_JUNK | NF_HIDDEN)) {
			drop = 1;
		} else if (flags & A_STRIP) {
			if ((html_tag_props[h->tag] & P_BOILER) && (int)i != c->body)
				drop = 1;
			else if (e->hints & H_ROLE)
				drop = 1;
		}
		if (!drop && e->hints && h->tag != T_BODY && h->tag != T_HTML) {
			if (!bylines && is_byline(c, (int)i)) {
				bylines++;
				h->flags |= NF_BYLINE;
				html_meta_byline(c, (int)i);
				drop = 1;
			} else if ((e->hints & H_DATELINE) && text_len_of(c, (int)i) < 100) {
				drop = 1;
			} else if ((flags & A_STRIP) && !(h->flags & NF_INTABLE) &&
				   h->tag != T_A && h->tag != T_ARTICLE && h->tag != T_MAIN &&
				   (e->hints & (H_UNLIKELY | H_MAYBE | H_BODY)) == H_UNLIKELY &&
				   /* math renderers (MathJax, KaTeX) wrap formulas in
				    * inline elements whose class names read as chrome */
				   !((h->flags & NF_MATH) && !(html_tag_props[h->tag] & P_BLOCK))) {
				drop = 1;
			}
		}
		if (drop && h->tag == T_HEADER && !c->have_author && in_article(c, (int)i))
			header_byline(c, (int)i);
		if (drop) {
			h->flags |= NF_DROP;
			stripped += !(h->flags & (NF_JUNK | NF_HIDDEN | NF_BYLINE));
			i = (size_t)h->end;
		} else {
			i++;
		}
	}
	return stripped;
}

static int is_heading(int tag)
{
	return tag >= T_H1 && tag <= T_H6;
}

static void sat_add16(unsigned short *v, unsigned int n)
{
	*v = (unsigned short)(*v + n > 65535 ? 65535 : *v + n);
}

static void sat_add8(unsigned char *v, unsigned int n)
{
	*v = (unsigned char)(*v + n > 255 ? 255 : *v + n);
}

/* Text, links, commas and children of every element, over what is not
 * dropped, bottom-up. */
static void compute_stats(html_ctx *c)
{
	size_t i;
	int skip_until = -1;

	for (i = 0; i < c->nel; i++) {
		helem *e = html_elem(c, i);

		e->text = e->link = e->commas = 0;
		e->na = 0;
		e->nchild = 0;
	}
	/* dropped subtrees: mark their descendants so the reverse pass skips them */
	for (i = 0; i < c->count; i++) {
		if ((int)i < skip_until)
			html_node(c, i)->flags |= NF_CLEAN;
		else if (html_node(c, i)->flags & NF_DROP)
			skip_until = html_node(c, i)->end;
	}
	for (i = c->count; i-- > 0;) {
		hnode *h = html_node(c, i);
		helem *p, *e;

		if (h->parent < 0 || (h->flags & (NF_DROP | NF_CLEAN)))
			continue;
		p = html_el(c, h->parent);
		if (h->tag == T_TEXT) {
			int k, n = text_chars(c, (int)i, &k);

			p->text += n;
			p->commas += k;
			continue;
		}
		e = html_el(c, (int)i);
		/* the inline children folded in while parsing count as children */
		sat_add8(&e->nchild, e->nfolded);
		if (h->tag == T_A) {
			e->link = e->text;
			sat_add16(&e->na, 1);
		}
		sat_add8(&p->nchild, 1);
		p->text += e->text;
		p->link += e->link;
		p->commas += e->commas;
		sat_add16(&p->na, e->na);
	}
	if (c->count && html_node(c, 0)->tag != T_TEXT)
		sat_add8(&html_el(c, 0)->nchild, html_el(c, 0)->nfolded);
	for (i = 0; i < c->count; i++)
		html_node(c, i)->flags &= ~NF_CLEAN;
}

static float tag_prior(int tag)
{
	switch (tag) {
	case T_DIV: return 5;
	case T_PRE: case T_TD: case T_BLOCKQUOTE: return 3;
	case T_ADDRESS: case T_OL: case T_UL: case T_DL: case T_DD: case T_DT:
	case T_LI: case T_FORM: return -3;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6: case T_TH:
		return -5;
	default: return 0;
	}
}

static void init_candidate(html_ctx *c, int i, unsigned int flags)
{
	hnode *h = html_node(c, i);
	helem *e = html_el(c, i);

	if (h->flags & NF_CAND)
		return;
	h->flags |= NF_CAND;
	e->score = tag_prior(h->tag) + ((flags & A_WEIGHT) ? e->weight : 0);
}

static float link_density(const helem *e)
{
	return e->text > 0 ? (float)e->link / (float)e->text : 0;
}

/* Direct inline text of a div that also has block children. */
static void inline_text(const html_ctx *c, int i, int *len, int *commas)
{
	int j = i + 1;

	*len = *commas = 0;
	while (j < html_node(c, i)->end) {
		const hnode *h = html_node(c, j);

		if (h->tag == T_TEXT) {
			int k;

			*len += text_chars(c, j, &k);
			*commas += k;
		} else if (!(h->flags & (NF_DROP | NF_BLOCK)) && h->tag != T_IMG) {
			*len += html_el(c, j)->text;
			*commas += html_el(c, j)->commas;
		}
		j = h->end;
	}
}

static void score_paragraphs(html_ctx *c, attempt *a)
{
	size_t i;

	for (i = 0; i < c->count;) {
		hnode *h = html_node(c, i);
		const helem *e;
		int len = 0, commas = 0, anc, level, scoreable = 0;
		float s;

		if (h->tag == T_TEXT) {
			i++;
			continue;
		}
		if (h->flags & NF_DROP) {
			i = (size_t)h->end;
			continue;
		}
		e = html_el(c, (int)i);
		switch (h->tag) {
		case T_P: case T_PRE: case T_TD: case T_SECTION:
		case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
			scoreable = 1;
			len = e->text;
			commas = e->commas;
			anc = h->parent;
			break;
		case T_DIV:
			if (!(h->flags & NF_HASBLOCK)) {
				scoreable = 1;
				len = e->text;
				commas = e->commas;
				anc = h->parent;
			} else {
				/* loose text beside blocks reads as its own paragraph */
				inline_text(c, (int)i, &len, &commas);
				scoreable = 1;
				anc = (int)i;
			}
			break;
		default:
			anc = -1;
			break;
		}
		i++;
		if (!scoreable || len < MIN_PARA || anc < 0)
			continue;
		a->scored++;
		s = 1 + (float)(commas + 1) + (float)(len / 100 < 3 ? len / 100 : 3);
		for (level = 0; anc >= 0 && level < 5; level++, anc = html_node(c, anc)->parent) {
			if (html_node(c, anc)->parent < 0)
				break;   /* the root <html> takes no score */
			init_candidate(c, anc, a->flags);
			html_el(c, anc)->score += s / (level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3);
		}
	}
}

static int contains(const html_ctx *c, int anc, int i)
{
	return i >= anc && i < html_node(c, anc)->end;
}

/* What the clean pass counts under an element, removals excluded. */
typedef struct tally {
	int node;
	int text, link, htext, litext, commas, np, nimg, nli, nembed, na;
	int nctl;                /* form controls (dropped as junk) */
	int ncode;               /* code and preformatted text */
} tally;

static void tally_add(tally *to, const tally *from)
{
	to->text += from->text;
	to->link += from->link;
	to->htext += from->htext;
	to->litext += from->litext;
	to->commas += from->commas;
	to->np += from->np;
	to->nimg += from->nimg;
	to->nli += from->nli;
	to->nembed += from->nembed;
	to->na += from->na;
	to->nctl += from->nctl;
	to->ncode += from->ncode;
}

static int is_list_like(const hnode *h, const tally *t)
{
	if (h->tag == T_UL || h->tag == T_OL)
		return 1;
	return t->text > 0 && (float)t->litext / (float)t->text > 0.9f;
}

static int is_link_box(const html_ctx *c, int i, const tally *t);

static int should_clean(html_ctx *c, int i, const tally *t, unsigned int flags)
{
	hnode *h = html_node(c, i);
	int weight = (flags & A_WEIGHT) ? html_el(c, i)->weight : 0, list, p, img, li, have;
	int in_fig = h->parent >= 0 && (html_node(c, h->parent)->flags & NF_INFIG);
	float ld, hd;

	if (h->flags & NF_INDATA)
		return 0;
	if (weight < 0)
		return 1;
	if (t->commas >= 10)
		return 0;
	list = is_list_like(h, t);
	p = t->np;
	img = t->nimg;
	li = t->nli - 100;
	ld = t->text > 0 ? (float)t->link / (float)t->text : 0;
	hd = t->text > 0 ? (float)t->htext / (float)t->text : 0;
	have = (img > 1 && (float)p / (float)img < 0.5f && !in_fig) ||
	       (!list && li > p) ||
	       (!list && hd < 0.9f && t->text < MIN_PARA && (img == 0 || img > 2) &&
		!in_fig) ||
	       (!list && weight < 25 && ld > 0.2f) ||
	       (weight >= 25 && ld > 0.5f) ||
	       (t->nembed == 1 && t->text < 75) || t->nembed > 1;
	/* a box of links to other stories */
	if (is_link_box(c, i, t))
		return 1;
	/* a sentence or two around a form control: a sign-up, a search box */
	if (t->nctl > 0 && t->text < 200 && t->commas < 3 && !t->nimg &&
	    !t->ncode && !(h->flags & (NF_INTABLE | NF_INFIG)))
		return 1;
	if (list && have) {
		/* a list of single images is a gallery worth keeping */
		int j;

		for (j = i + 1; j < h->end; j = html_node(c, j)->end)
			if (html_node(c, j)->tag != T_TEXT && html_el(c, j)->nchild > 1)
				return have;
		if (t->nli == img)
			return 0;
	}
	return have;
}

/*
 * A box of links to other pages (related stories, "more on", tags): a
 * container holding a few short labels and one list of at least two
 * items, nearly all its words links, the links headlines rather than
 * words, to other pages. A list of links in the flow of an article
 * (sources, see also) has no box of its own around it and its label; a
 * table of contents links within the page.
 */
static int is_link_box(const html_ctx *c, int i, const tally *t)
{
	const hnode *h = html_node(c, i);
	int j, lists = 0, labels = 0, list = -1;

	if ((h->tag != T_DIV && h->tag != T_SECTION) || t->text == 0 ||
	    t->link * 10 < t->text * 8)
		return 0;
	for (j = i + 1; j < h->end; j = html_node(c, j)->end) {
		const hnode *k = html_node(c, j);

		if (k->tag == T_TEXT) {
			int n, cm;

			html_measure_text(html_node_text(c, j), &n, &cm);
			if (n > 40)
				return 0;
			continue;
		}
		if (k->flags & (NF_DROP | NF_CLEAN) || html_el(c, j)->text == 0)
			continue;
		if (k->tag == T_UL || k->tag == T_OL) {
			lists++;
			list = j;
		} else if (html_el(c, j)->text <= 40) {
			labels++;
		} else {
			return 0;
		}
	}
	if (lists != 1 || labels > 3)
		return 0;
	{
		const helem *le = html_el(c, list);
		int items = 0;

		for (j = list + 1; j < html_node(c, list)->end; j = html_node(c, j)->end)
			items += html_node(c, j)->tag == T_LI;
		/* links within the page make a table of contents */
		for (j = list + 1; j < html_node(c, list)->end; j++)
			if (html_node(c, j)->flags & NF_INPAGE)
				return 0;
		return items >= 2 && le->link >= items * 25;
	}
}

/* Close the tally of an element: its own counts, then whether it goes. */
static int tally_close(html_ctx *c, tally *t, int root, unsigned int flags, int *cleaned)
{
	hnode *h = html_node(c, t->node);

	if (h->tag == T_A) {
		t->link = t->text;
		t->na++;
	} else if (is_heading(h->tag)) {
		t->htext = t->text;
	} else if (h->tag == T_LI) {
		t->litext = t->text;
	}
	t->np += h->tag == T_P;
	t->nimg += h->tag == T_IMG;
	t->nli += h->tag == T_LI;
	t->ncode += h->tag == T_PRE || h->tag == T_CODE;
	if (t->node != root && (flags & A_CLEAN) &&
	    (h->tag == T_FORM || h->tag == T_TABLE || h->tag == T_UL || h->tag == T_DIV ||
	     h->tag == T_OL || h->tag == T_SECTION) &&
	    should_clean(c, t->node, t, flags)) {
		h->flags |= NF_CLEAN;
		(*cleaned)++;
		return 1;
	}
	return 0;
}

/*
 * Readability-style clean-up of the chosen subtree rooted at root; *out
 * is what remains of it. The conditional pass decides innermost first, so
 * a clean-out inside spares its parent: a post-order walk with one open
 * tally per ancestor (the table is at most MAX_DEPTH deep).
 */
static int clean_article(html_ctx *c, int root, unsigned int flags, int *dup_done,
	int *cleaned, tally *out)
{
	int i, end = html_node(c, root)->end;
	tally *st = NULL;
	size_t sp = 0, cap = 0;

	/* unconditional: widgets, share bars, negative headings, the title again */
	for (i = root + 1; i < end;) {
		hnode *h = html_node(c, i);
		int dead = 0;

		if (h->flags & (NF_DROP | NF_CLEAN)) {
			i = h->end;
			continue;
		}
		if (h->tag == T_TEXT) {
			i++;
			continue;
		}
		if (h->tag == T_FOOTER || h->tag == T_ASIDE || h->tag == T_NAV ||
		    h->tag == T_FIELDSET)
			dead = 1;
		else if (is_heading(h->tag) && (flags & A_WEIGHT) && html_el(c, i)->weight < 0)
			dead = 1;
		else if ((h->tag == T_H1 || h->tag == T_H2) && !*dup_done) {
			*dup_done = 1;
			dead = html_eq_title(c, i);
		} else if ((html_el(c, i)->hints & H_SHARE) && html_el(c, i)->text < ENOUGH_TEXT)
			dead = 1;

		if (dead) {
			h->flags |= NF_CLEAN;
			i = h->end;
		} else {
			i++;
		}
	}
	if (flags & A_CLEAN)
		html_mark_chrome(c, root);
	/* conditional */
	memset(out, 0, sizeof(*out));
	for (i = root; ; ) {
		hnode *h;

		/* close the tallies of the elements that end here */
		while (sp > 0 && (i >= end || html_node(c, st[sp - 1].node)->end <= i)) {
			tally *t = &st[--sp];

			if (!tally_close(c, t, root, flags, cleaned) && sp > 0)
				tally_add(&st[sp - 1], t);
			else if (sp == 0)
				*out = *t;
		}
		if (i >= end)
			break;
		h = html_node(c, i);
		if (h->flags & NF_DROP) {
			if (sp > 0 && (h->tag == T_IFRAME || h->tag == T_EMBED || h->tag == T_OBJECT))
				st[sp - 1].nembed++;
			else if (sp > 0 && (h->tag == T_INPUT || h->tag == T_BUTTON ||
					    h->tag == T_SELECT || h->tag == T_TEXTAREA))
				st[sp - 1].nctl++;
			i = h->end;
			continue;
		}
		if (i != root && (h->flags & NF_CLEAN)) {
			i = h->end;
			continue;
		}
		if (h->tag == T_TEXT) {
			int k, n = text_chars(c, i, &k);

			if (sp > 0) {
				st[sp - 1].text += n;
				st[sp - 1].commas += k;
			}
			i++;
			continue;
		}
		if (sp == cap) {
			size_t nc = cap ? cap * 2 : 64;
			tally *ns = c->host->realloc(st, nc * sizeof(*ns));

			if (!ns) {
				c->host->free(st);
				return c->host->fail(c->sink, CT_PLUGIN_ENOMEM, "out of memory");
			}
			st = ns;
			cap = nc;
		}
		memset(&st[sp], 0, sizeof(st[sp]));
		st[sp++].node = i;
		i++;
	}
	c->host->free(st);
	return 0;
}

static int pick_top(html_ctx *c, attempt *a)
{
	enum { NTOP = 5 };
	int top[NTOP], ntop = 0, i, k, best;
	size_t j;

	for (j = 0; j < c->count; j++) {
		hnode *h = html_node(c, j);
		helem *e;

		if (!(h->flags & NF_CAND) || (h->flags & NF_DROP))
			continue;
		e = html_el(c, (int)j);
		e->score *= 1.0f - link_density(e);
		for (k = 0; k < ntop; k++)
			if (e->score > html_el(c, top[k])->score)
				break;
		if (k < NTOP) {
			if (ntop < NTOP)
				ntop++;
			memmove(&top[k + 1], &top[k], (size_t)(ntop - 1 - k) * sizeof(int));
			top[k] = (int)j;
		}
	}
	if (ntop == 0 || html_node(c, top[0])->tag == T_BODY || html_node(c, top[0])->tag == T_HTML)
		return c->body;
	best = top[0];

	/* several near-best candidates under one ancestor: the article is it */
	{
		int alt[NTOP], nalt = 0, p;

		for (k = 1; k < ntop; k++)
			if (html_el(c, top[k])->score >= 0.75f * html_el(c, best)->score)
				alt[nalt++] = top[k];
		if (nalt >= 3) {
			for (p = html_node(c, best)->parent; p >= 0 && p != c->body; p = html_node(c, p)->parent) {
				int hits = 0;

				for (k = 0; k < nalt; k++)
					hits += contains(c, p, alt[k]);
				if (hits >= 3) {
					best = p;
					init_candidate(c, best, a->flags);
					break;
				}
			}
		}
	}
	/* climb while the parent holds at least as much of the content */
	{
		float last = html_el(c, best)->score, threshold = last / 3;
		int p;

		for (p = html_node(c, best)->parent; p >= 0 && p != c->body; p = html_node(c, p)->parent) {
			if (!(html_node(c, p)->flags & NF_CAND))
				continue;
			if (html_el(c, p)->score < threshold)
				break;
			if (html_el(c, p)->score > last) {
				best = p;
				break;
			}
			last = html_el(c, p)->score;
		}
	}
	/* a lone child is its parent's whole content */
	for (i = html_node(c, best)->parent; i >= 0 && i != c->body && html_el(c, i)->nchild == 1;
	     i = html_node(c, i)->parent)
		best = i;
	init_candidate(c, best, a->flags);
	return best;
}

/* Mark what joins the article: the top and its fitting siblings. */
static void pick_siblings(html_ctx *c, attempt *a)
{
	int top = a->top, parent = html_node(c, top)->parent, j;
	float threshold;
	unsigned int cls;

	if (top == c->body || parent < 0) {
		html_node(c, top)->flags |= NF_KEEP;
		return;
	}
	threshold = html_el(c, top)->score * 0.2f;
	if (threshold < 10)
		threshold = 10;
	cls = html_el(c, top)->cls;
	for (j = parent + 1; j < html_node(c, parent)->end; j = html_node(c, j)->end) {
		hnode *s = html_node(c, j);
		int keep = 0;

		if (s->flags & NF_DROP || s->tag == T_TEXT)
			continue;
		if (j == top) {
			keep = 1;
		} else {
			const helem *se = html_el(c, j);
			float bonus = 0;

			if (cls && se->cls == cls)
				bonus = html_el(c, top)->score * 0.2f;
			if ((s->flags & NF_CAND) && se->score + bonus >= threshold) {
				keep = 1;
			} else if (s->tag == T_P || (s->tag == T_DIV && !(s->flags & NF_HASBLOCK))) {
				/* a div of bare text reads as a paragraph, as it scores */
				float ld = link_density(se);

				if (se->text > 80 && ld < 0.25f)
					keep = 1;
				else if (se->text < 80 && se->text > 0 && ld == 0 &&
					 reads_like_sentence(c, j))
					keep = 1;
			}
		}
		if (keep)
			s->flags |= NF_KEEP;
	}
}

/* What follows the story's end goes when cleaning; it is taken off the
 * attempt's measures. */
static int clean_tail(html_ctx *c, attempt *a, int siblings)
{
	int text, link;

	if (a->flags & A_CLEAN) {
		html_clean_tail(c, a->top, siblings, &text, &link);
		a->text -= text;
		a->link -= link;
	}
	return 0;
}

static int run_attempt(html_ctx *c, attempt *a)
{
	int j, dup_done = 0, err;
	tally t;

	a->scored = 0;
	a->cleaned = 0;
	a->stripped = mark_drops(c, a->flags);
	compute_stats(c);
	score_paragraphs(c, a);
	a->top = pick_top(c, a);
	pick_siblings(c, a);
	a->text = a->link = a->na = 0;
	if (html_node(c, a->top)->flags & NF_KEEP && (a->top == c->body || html_node(c, a->top)->parent < 0)) {
		if ((err = clean_article(c, a->top, a->flags, &dup_done, &a->cleaned, &t)) < 0)
			return err;
		a->text = t.text;
		a->link = t.link;
		a->na = t.na;
		return clean_tail(c, a, 0);
	}
	for (j = html_node(c, a->top)->parent + 1; j < html_node(c, html_node(c, a->top)->parent)->end; j = html_node(c, j)->end) {
		if (!(html_node(c, j)->flags & NF_KEEP))
			continue;
		if ((err = clean_article(c, j, a->flags, &dup_done, &a->cleaned, &t)) < 0)
			return err;
		if (!(html_node(c, j)->flags & NF_CLEAN)) {
			a->text += t.text;
			a->link += t.link;
			a->na += t.na;
		}
	}
	return clean_tail(c, a, 1);
}

int html_extract(html_ctx *c)
{
	static const unsigned int tries[] = {
		A_STRIP | A_WEIGHT | A_CLEAN, A_WEIGHT | A_CLEAN, A_CLEAN, 0
	};
	attempt a, best;
	size_t t;
	int err;

	if (c->count == 0) {
		c->host->log(c->sink, CT_LOG_WARN, "no article text found");
		return 0;
	}
	mark_data_tables(c);
	memset(&best, 0, sizeof(best));
	best.top = -1;
	for (t = 0; t < sizeof(tries) / sizeof(tries[0]); t++) {
		unsigned int gone = t ? tries[t - 1] & ~tries[t] : 0;

		/* relaxing what had no effect would give the same result again */
		if (t && (((gone & A_STRIP) && !a.stripped) || ((gone & A_WEIGHT) && !c->weighted) ||
			  ((gone & A_CLEAN) && !a.cleaned)))
			continue;
		memset(&a, 0, sizeof(a));
		a.flags = tries[t];
		if ((err = run_attempt(c, &a)) < 0)
			return err;
		/* a relaxed attempt must earn its boilerplate risk with much more text */
		if (best.top < 0 || (a.text > best.text &&
				     (a.text >= 2 * best.text || (a.text >= ENOUGH_TEXT && best.text < ENOUGH_TEXT / 2))))
			best = a;
		if (a.text >= ENOUGH_TEXT)
			break;
	}
	if ((best.flags != a.flags || best.top != a.top) && (err = run_attempt(c, &best)) < 0)
		return err;
	/* a page of links or nothing at all: say so rather than emit chrome */
	if (best.text == 0 || (best.na >= 3 && best.text - best.link < 140 &&
			       best.link * 2 > best.text)) {
		c->host->log(c->sink, CT_LOG_WARN, "no article text found");
		return 0;
	}
	return html_emit_article(c, best.top, !(best.top == c->body || html_node(c, best.top)->parent < 0));
}
