/* SPDX-License-Identifier: MIT */
/*
 * Internal interface of the HTML plugin: the compact node table that
 * tree.c builds from libxml2's SAX events and that extraction, metadata
 * and emission share.
 *
 * Memory is the design constraint: a page of tiny elements must not cost
 * more than a few bytes per input byte. Every node is 16 bytes (hnode);
 * elements add 24 (helem); text lives once in one arena; inline elements
 * that say nothing (a bare <span>, <b> around text) are folded into their
 * parent as they close; script, style and other junk keep their element
 * but not their content; and the node count is budgeted while parsing.
 */
#ifndef CT_PLUGIN_HTML_H
#define CT_PLUGIN_HTML_H

#include <stddef.h>
#include <libxml/HTMLparser.h>

#include "claimtrack/plugin.h"

/* Tags we tell apart; everything else is T_OTHER (treated as inline). */
enum {
	T_OTHER = 0, T_TEXT, T_A, T_ADDRESS, T_ARTICLE, T_ASIDE, T_BLOCKQUOTE,
	T_BODY, T_BR, T_BUTTON, T_CAPTION, T_CENTER, T_CODE, T_DD, T_DETAILS,
	T_DIALOG, T_DIV, T_DL, T_DT, T_EMBED, T_FIELDSET, T_FIGCAPTION, T_FIGURE,
	T_FOOTER, T_FORM, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_HEAD, T_HEADER,
	T_HR, T_HTML, T_IFRAME, T_IMG, T_INPUT, T_LI, T_MAIN, T_MENU, T_NAV,
	T_NOSCRIPT, T_OBJECT, T_OL, T_P, T_PRE, T_SCRIPT, T_SECTION, T_SELECT,
	T_STYLE, T_SUMMARY, T_SVG, T_TABLE, T_TBODY, T_TD, T_TEMPLATE, T_TEXTAREA,
	T_TFOOT, T_TH, T_THEAD, T_TIME, T_TITLE, T_TR, T_UL, T_LEGEND, T_OPTION,
	T_CANVAS, T_MATH, T_AUDIO, T_VIDEO, T_SOURCE, T_MAP, T_META, T_LINK,
	T_PICTURE, T_LABEL,
	T_COUNT
};

/* html_tag_props[] */
#define P_BLOCK  0x01u
#define P_JUNK   0x02u
#define P_BOILER 0x04u   /* dropped in strict mode */

/* hnode.flags */
#define NF_JUNK      0x00001u  /* never text: script, style, controls */
#define NF_DROP      0x00002u  /* removed before scoring (boilerplate, hidden) */
#define NF_CLEAN     0x00004u  /* removed from the chosen article */
#define NF_BLOCK     0x00008u  /* breaks a text block */
#define NF_HASBLOCK  0x00010u  /* has a block-level element child */
#define NF_HIDDEN    0x00020u  /* hidden by attribute or inline style */
#define NF_CAND      0x00040u  /* has a content score */
#define NF_KEEP      0x00080u  /* part of the article */
#define NF_DATATABLE 0x00100u
#define NF_BYLINE    0x00200u
#define NF_INTABLE   0x00400u  /* inside a data table or code: never unlikely */
#define NF_INDATA    0x01000u  /* inside a data table */
#define NF_DEAD      0x02000u  /* inside a node removed by the first clean pass */
#define NF_INFIG     0x04000u  /* a figure or inside one */
#define NF_MATH      0x08000u  /* holds MathML */
#define NF_TBL_DATA  0x10000u  /* a table its attributes call data (summary=) */
#define NF_TBL_LAYOUT 0x20000u /* ... or layout (role=presentation, datatable=0) */
#define NF_INPAGE    0x40000u  /* a link to a place in the page (href="#...") */
#define NF_TAGLINK   0x80000u  /* a link to a tag, topic or category page */
#define NF_SOCIAL    0x100000u /* a share button, a social network's page */

/* helem.hints: what class/id names (and a few attributes) say */
#define H_UNLIKELY 0x0001u  /* boilerplate: dropped in strict mode... */
#define H_MAYBE    0x0002u  /* ...unless it also says this */
#define H_POSITIVE 0x0004u
#define H_NEGATIVE 0x0008u
#define H_BYLINE   0x0010u
#define H_DATELINE 0x0020u  /* short labels that date a story: metadata */
#define H_SHARE    0x0040u
#define H_FALLBACK 0x0080u  /* a fallback image's alternate content */
#define H_ROLE     0x0100u  /* role="navigation" and other chrome roles */
#define H_AUTHOR   0x0200u  /* rel="author", itemprop="author" */
#define H_BODY     0x0400u  /* itemprop="articleBody": the publisher says so */
#define H_CAPTION  0x0800u  /* a caption or credit, kept as one */

typedef struct hnode {
	int parent;                 /* index, -1 for the root */
	int end;                    /* one past the last descendant (pre-order) */
	unsigned int aux;           /* T_TEXT: offset of its text in the arena;
	                               an element: its helem */
	unsigned int flags : 22;
	unsigned int tag : 7;
	unsigned int kind : 3;      /* ct_block_kind of text inside */
} hnode;

typedef struct helem {
	unsigned int cls;           /* hash of the class attribute, 0 when none */
	short weight;               /* class/id hint weight */
	unsigned short hints;       /* H_* */
	/* over the subtree and what is not dropped, recomputed each attempt */
	int text, link;
	union {
		int commas;             /* until the paragraphs are scored... */
		float score;            /* ...which read an element's commas before
		                           anything scores it (pre-order) */
	};
	unsigned short na;          /* links (saturating) */
	unsigned char nchild;       /* element children (saturating) */
	unsigned char nfolded;      /* inline children folded in (saturating) */
} helem;

typedef struct mset mset;

typedef struct html_ctx {
	const ct_host_services *host;
	ct_sink *sink;
	const ct_parse_options *opts;
	hnode **nodes;              /* chunks of HTML_CHUNK nodes */
	size_t count, nchunks;
	helem **elems;              /* chunks of HTML_CHUNK elements */
	size_t nel, echunks;
	char *text;                 /* arena: every text node, NUL-terminated */
	size_t tlen, tcap;
	int body;                   /* index of <body> or the root */
	char *title;                /* host-allocated, for the duplicate-heading check */
	size_t title_len;
	int have_author;
	int weighted;               /* elements with a class/id weight */
	mset *meta;                 /* metadata candidates, while parsing */
	int err;
} html_ctx;

/* The tables grow a chunk at a time: no realloc ever copies them whole,
 * and what is allocated is what is used, but for one chunk. */
#define HTML_CHUNK_BITS 12
#define HTML_CHUNK (1u << HTML_CHUNK_BITS)

static inline hnode *html_node(const html_ctx *c, int i)
{
	return &c->nodes[(unsigned)i >> HTML_CHUNK_BITS][(unsigned)i & (HTML_CHUNK - 1)];
}

static inline helem *html_elem(const html_ctx *c, size_t e)
{
	return &c->elems[e >> HTML_CHUNK_BITS][e & (HTML_CHUNK - 1)];
}

/* The helem of element node i. */
static inline helem *html_el(const html_ctx *c, int i)
{
	return html_elem(c, html_node(c, i)->aux);
}

static inline const char *html_node_text(const html_ctx *c, int i)
{
	return c->text + html_node(c, i)->aux;
}

/* tree.c: the page (UTF-8) into c->n; fails past the node budget. */
#define HTML_NODE_BUDGET 2000000
extern const unsigned char html_tag_props[T_COUNT];
int html_tag_of(const char *name);
int html_build(html_ctx *c, const char *data, size_t len);
void html_tables_free(html_ctx *c);
void html_measure_text(const char *s, int *chars, int *commas);

/* extract.c */
int html_extract(html_ctx *c);

/* chrome.c: "read more" lines, promotions, related lists in the article
 * under root, marked NF_CLEAN */
void html_mark_chrome(html_ctx *c, int root);
/* ... and the shape of a call to action: a heading, a line, one button */
int html_is_cta_box(const html_ctx *c, int i);

/* tail.c: what follows the story's last paragraph in the article (top,
 * with its kept siblings if siblings), marked NF_CLEAN; *text and *link
 * say how much went */
void html_clean_tail(html_ctx *c, int top, int siblings, int *text, int *link);

/* links.c: the NF_INPAGE, NF_TAGLINK and NF_SOCIAL flags of a link */
unsigned int html_link_kind(const char *href, const char *rel);

/* labels.c: does an aria-label name a kind of chrome? */
int html_label_is_chrome(const char *label);

/* emit.c */
int html_emit_article(html_ctx *c, int top, int siblings);
int html_text_of(html_ctx *c, int i, char **out, size_t *out_len);
int html_eq_title(html_ctx *c, int i);

/* meta.c: fed while parsing, then finished */
int html_meta_init(html_ctx *c);
void html_meta_free(html_ctx *c);
void html_meta_start(html_ctx *c, int tag, const xmlChar **atts);
void html_meta_title(html_ctx *c, const char *s, size_t n);
void html_meta_json(html_ctx *c, const char *json);
int html_meta_finish(html_ctx *c);
int html_meta_byline(html_ctx *c, int i);
const char *html_att(const xmlChar **atts, const char *name);

/* entity.c: the page with legacy references lacking their ';' rewritten
 * as libxml2 decodes them; *out is NULL when nothing needed it. */
int html_fix_entities(const ct_host_services *host, const char *data, size_t len,
	char **out, size_t *out_len);

/* The character reference at p (a '&'): its UTF-8 in out and *out_len,
 * and how many input bytes it takes; 0 when p starts no reference. */
size_t html_entity_at(const char *p, const char *end, char u[8], size_t *out_len);

/* fragment.c: a feed item body, every word but scripts' and styles' */
int html_fragment(const ct_host_services *host, ct_sink *sink, const char *data, size_t len);

/* region.c: the nodes xpath selects in the page (UTF-8), as markup for
 * html_fragment, host-allocated; check_only: only whether xpath is good. */
int html_region(const ct_host_services *host, ct_sink *sink, const char *data, size_t len,
	const char *xpath, int check_only, char **out, size_t *out_len);

#endif
