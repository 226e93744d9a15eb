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

#endif
