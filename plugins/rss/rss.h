/* SPDX-License-Identifier: MIT */
/*
 * RSS/Atom plugin: helpers shared between its source files. Everything here
 * is hidden inside the shared object (-fvisibility=hidden).
 */
#ifndef CT_RSS_H
#define CT_RSS_H

#include <stddef.h>

#include <libxml/parser.h>

#include "claimtrack/plugin.h"

/* Deeper than libxml2's own default limit (256): a guard, not a policy. */
#define RSS_MAX_DEPTH 300

/* tree.c: the feed as our own tree, from libxml2's SAX2 events. */
typedef struct fattr {
	const xmlChar *name, *prefix, *href;   /* libxml2's dictionary */
	const char *value;                     /* references decoded */
	struct fattr *next;
} fattr;

typedef struct fnode {
	unsigned char elem;         /* 1 an element, 0 text (CDATA and entities
	                               expanded in place included) */
	const xmlChar *name;        /* local name; "p:x" when p is undeclared */
	const xmlChar *prefix, *href;   /* namespace, NULL when none */
	struct fnode *parent, *children, *last, *next;
	fattr *attrs;
	const char *text;           /* text: NUL-terminated, len bytes */
	size_t len;
} fnode;

typedef struct ftree ftree;

/* Handlers for the parse: set them over xmlSAXVersion(sax, 2)'s. The
 * tree is the parser context's _private (user is kept for the caller);
 * budget is decremented by the bytes entity expansion produces. */
void ftree_sax(xmlSAXHandler *sax);
ftree *ftree_new(const ct_host_services *host, xmlParserCtxtPtr ctxt, size_t *budget, void *user);
void *ftree_user(const ftree *t);
void ftree_free(ftree *t);
fnode *ftree_root(ftree *t);   /* after the parse */
int ftree_status(const ftree *t);   /* 0, CT_PLUGIN_ENOMEM, or EINVAL (budget) */
const char *fnode_attr(const fnode *n, const char *name);   /* no namespace, any case */
const char *fnode_attr_ns(const fnode *n, const char *name, const char *href);
const char *fnode_lang(const fnode *n);
xmlChar *fnode_base(const fnode *n);

/* "YYYY-MM-DDTHH:MM:SSZ" plus the NUL. */
#define RSS_DATE_LEN 21

/*
 * Parse a feed date, RFC 822 ("Sat, 07 Sep 2002 00:00:01 GMT", as RSS
 * writes them, with the usual deviations) or RFC 3339 / W3C-DTF
 * ("2003-12-13T18:30:02.25+01:00", "2003-12", as Atom and Dublin Core write
 * them), into UTC ISO 8601. Returns 0 and fills out, or -1 when the text is
 * no date we understand.
 */
int rss_date_parse(char out[RSS_DATE_LEN], const char *s, size_t len);

/* The plugin's state while it reads one feed. */
typedef enum { D_RSS, D_RDF, D_ATOM, D_CDF } dialect;

/* Namespace families. NS_CORE is the feed's own vocabulary. */
enum {
	NS_CORE, NS_CONTENT, NS_DC, NS_DCTERMS, NS_MEDIA, NS_ITUNES,
	NS_XHTML, NS_ATOM, NS_RDF, NS_OTHER
};

/* What an element contributes to a feed or an item. */
enum {
	R_NONE = -1,
	R_TITLE, R_LINK, R_ID, R_AUTHOR, R_SUMMARY, R_CONTENT,
	R_PUBLISHED, R_UPDATED, R_LANGUAGE,
	R_TEXT_FIRST,   /* the first summary-or-content element: feedparser's summary */
	R_COUNT
};

typedef struct sbuf {
	char *p;
	size_t len, cap;
} sbuf;

typedef struct rss_ctx {
	const ct_host_services *host;
	ct_sink *sink;
	xmlParserCtxtPtr ctxt;      /* of the last read: its dictionary holds the names */
	ftree *tree;
	xmlDocPtr doc;              /* the DTD and its entities (no elements) */
	dialect dialect;
	const xmlChar *core_ns;     /* namespace of the root (or of the channel) */
	size_t entity_budget;       /* bytes entity expansion may still produce */
	int err;                    /* first failure, already reported */
	int recovered;              /* libxml2 had to repair the tree */
	sbuf raw, text;             /* scratch buffers reused for every field */
	const xmlChar *ns_seen[8];  /* namespaces (href, prefix) already resolved */
	const xmlChar *ns_prefix[8];
	int ns_family[8];
	int ns_next;
} rss_ctx;

/* construct.c */
int rss_sb_reserve(rss_ctx *c, sbuf *b, size_t more);
int rss_sb_put(rss_ctx *c, sbuf *b, const char *s, size_t n);
int rss_sb_puts(rss_ctx *c, sbuf *b, const char *s);
void rss_sb_trim(sbuf *b, size_t *start);
int rss_ieq(const xmlChar *a, const char *b);
int rss_is_name_char(char ch, int first);
/* All text below n (not n's own siblings). */
int rss_collect_text(rss_ctx *c, const fnode *n, sbuf *b, int depth);
/* Set metadata key from a text construct, HTML reduced to plain text. */
int rss_meta_construct(rss_ctx *c, int key, const fnode *n);
/* The plain text of a construct, in c->text. */
int rss_construct_plain(rss_ctx *c, const fnode *n, const char **out, size_t *out_len);
/* An item's body as blocks; with the summary too when it is both. */
int rss_emit_body(rss_ctx *c, const fnode *n);
int rss_emit_summary_body(rss_ctx *c, const fnode *n);

/* items.c */
int rss_emit_item(rss_ctx *c, const fnode *item);
int rss_emit_feed_meta(rss_ctx *c, const fnode *chan, const fnode *root);
int rss_emit_items(rss_ctx *c, const fnode *parent, const char *item_name, int depth,
	const fnode *skip);

#endif
