/*
 * Internal interface of the HTML plugin: the flattened node table that
 * extraction, metadata and emission share.
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

/* hnode.flags */
#define NF_JUNK      0x0001u  /* never text: script, style, controls */
#define NF_DROP      0x0002u  /* removed before scoring (boilerplate, hidden) */
#define NF_CLEAN     0x0004u  /* removed from the chosen article */
#define NF_BLOCK     0x0008u  /* breaks a text block */
#define NF_HASBLOCK  0x0010u  /* has a block-level element child */
#define NF_HIDDEN    0x0020u  /* hidden by attribute or inline style */
#define NF_CAND      0x0040u  /* has a content score */
#define NF_KEEP      0x0080u  /* part of the article */
#define NF_DATATABLE 0x0100u
#define NF_BYLINE    0x0200u
#define NF_INTABLE   0x0400u  /* inside a data table or code: never unlikely */
#define NF_DUPTITLE  0x0800u

typedef struct hnode {
	xmlNode *x;
	int parent;           /* index, -1 for the root */
	int end;              /* one past the last descendant (pre-order) */
	unsigned short flags;
	unsigned char tag;
	unsigned char kind;   /* ct_block_kind for text inside */
	short weight;         /* class/id hint weight */
	short depth;
	unsigned short hints; /* what class/id names say (H_* in extract.c) */
	const char *cls, *id; /* attribute values, owned by the libxml2 tree */
	int tchars, tcommas;  /* of a text node: measured once */
	/* stats over the subtree, recomputed for each attempt */
	int text, link, htext, litext, commas;
	int np, nimg, nli, ninput, nembed, nchild, na;
	float score;
} hnode;

typedef struct html_ctx {
	const ct_host_services *host;
	ct_sink *sink;
	const ct_parse_options *opts;
	hnode *n;
	size_t count, cap;
	int body;             /* index of <body> or the root */
	char *title;          /* host-allocated, for the duplicate-heading check */
	size_t title_len;
	int have_author;
	int weighted;          /* elements with a class/id weight */
	int err;
} html_ctx;

/* extract.c */
int html_flatten(html_ctx *c, xmlNode *root);
int html_extract(html_ctx *c);
int html_emit_all(html_ctx *c);
int html_tag_of(const xmlChar *name);
const char *html_attr(const xmlNode *x, const char *name);

/* meta.c */
int html_meta_head(html_ctx *c);
int html_meta_byline(html_ctx *c, int i);
int html_text_of(html_ctx *c, int i, char **out, size_t *out_len);

/* entity.c: the page with legacy references lacking their ';' rewritten
 * as libxml2 decodes them; *out is NULL when nothing needed it. */
int html_fix_entities(const ct_host_services *host, const char *data, size_t len,
	char **out, size_t *out_len);

#endif
