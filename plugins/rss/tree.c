/* SPDX-License-Identifier: MIT */
/*
 * The feed as a small tree of our own, built from libxml2's SAX2 events.
 *
 * libxml2 still parses (well-formedness, namespaces, the DTD and its
 * entities, recovery), but builds no tree of its own: its DOM costs about
 * as much again as the parse, in small allocations. Our nodes live in a
 * few large blocks freed at once. Entities are expanded where they are
 * referenced (libxml2 replays their content through the same callbacks),
 * every byte so produced counted against the feed's entity budget.
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/uri.h>

#include "rss.h"

#define BLOCK (64u << 10)

typedef struct fblock {
	struct fblock *next;
	size_t used, cap;
	max_align_t data[];
} fblock;

struct ftree {
	const ct_host_services *host;
	fblock *blocks;
	fnode *root;
	fnode *cur;               /* the open element */
	char *pend;               /* text not yet a node */
	size_t plen, pcap;
	size_t *budget;           /* bytes entity expansion may still produce */
	int over_budget;
	int nomem;
	xmlParserCtxtPtr ctxt;
	void *user;
};

static void *take(ftree *t, size_t n)
{
	fblock *b = t->blocks;
	void *p;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!b || b->used + n > b->cap) {
		size_t cap = n > BLOCK ? n : BLOCK;

		if (!(b = t->host->alloc(sizeof(*b) + cap))) {
			t->nomem = 1;
			xmlStopParser(t->ctxt);
			return NULL;
		}
		b->next = t->blocks;
		b->used = 0;
		b->cap = cap;
		t->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static char *take_str(ftree *t, const char *s, size_t n)
{
	char *p = take(t, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static fnode *new_node(ftree *t, int elem)
{
	fnode *n = take(t, sizeof(*n));

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->elem = (unsigned char)elem;
	n->parent = t->cur;
	if (t->cur) {
		if (t->cur->last)
			t->cur->last->next = n;
		else
			t->cur->children = n;
		t->cur->last = n;
	}
	return n;
}

/* Consecutive text (character data, CDATA, expanded references) is one
 * node, as libxml2's tree would have it. */
static void flush_text(ftree *t)
{
	fnode *n;

	if (!t->plen)
		return;
	if (t->cur && (n = new_node(t, 0)) != NULL && (n->text = take_str(t, t->pend, t->plen)))
		n->len = t->plen;
	t->plen = 0;
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
	int nb_ns, const xmlChar **ns, int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr ctxt = ctx;
	ftree *t = ctxt->_private;
	fnode *n;
	int i;

	(void)nb_ns;
	(void)ns;
	if (t->nomem || (!t->cur && t->root))
		return;   /* a second root: what recovery makes of trailing junk */
	flush_text(t);
	if (!(n = new_node(t, 1)))
		return;
	n->name = local;
	n->prefix = prefix;
	n->href = uri;
	if (prefix && !uri) {
		/* an undeclared prefix stays in the name ("dc:creator") */
		n->name = xmlDictQLookup(ctxt->dict, prefix, local);
		n->prefix = NULL;
	}
	/* defaulted attributes (from a DTD) are not the feed's */
	if (!(ctxt->loadsubset & XML_COMPLETE_ATTRS))
		nb_attrs -= nb_defaulted;
	for (i = nb_attrs; i-- > 0;) {
		const xmlChar **a = attrs + 5 * i;
		size_t len = (size_t)(a[4] - a[3]);
		fattr *at = take(t, sizeof(*at));
		xmlChar *dec = NULL;

		if (!at)
			return;
		at->name = a[0];
		at->prefix = a[1];
		at->href = a[2];
		/* references in values come through as written ("&#38;" for
		 * "&amp;"): decode them as libxml2's own tree builder does */
		if (memchr(a[3], '&', len) &&
		    (dec = xmlStringLenDecodeEntities(ctxt, a[3], (int)len, XML_SUBSTITUTE_REF, 0, 0, 0)))
			at->value = take_str(t, (const char *)dec, strlen((const char *)dec));
		else
			at->value = take_str(t, (const char *)a[3], len);
		xmlFree(dec);
		if (!at->value)
			return;
		at->next = n->attrs;
		n->attrs = at;
	}
	if (!t->root)
		t->root = n;
	t->cur = n;
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	ftree *t = ((xmlParserCtxtPtr)ctx)->_private;

	(void)local;
	(void)prefix;
	(void)uri;
	flush_text(t);
	if (t->cur)
		t->cur = t->cur->parent;
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
	xmlParserCtxtPtr ctxt = ctx;
	ftree *t = ctxt->_private;
	size_t n = len > 0 ? (size_t)len : 0;

	if (t->nomem || !t->cur || !n)
		return;
	if (ctxt->depth > 0) {
		/* the content of an entity: budgeted */
		if (n > *t->budget) {
			t->over_budget = 1;
			xmlStopParser(ctxt);
			return;
		}
		*t->budget -= n;
	}
	if (t->plen + n + 1 > t->pcap) {
		size_t cap = t->pcap ? t->pcap : 256;
		char *np;

		while (cap < t->plen + n + 1)
			cap *= 2;
		if (!(np = t->host->realloc(t->pend, cap))) {
			t->nomem = 1;
			xmlStopParser(ctxt);
			return;
		}
		t->pend = np;
		t->pcap = cap;
	}
	memcpy(t->pend + t->plen, s, n);
	t->plen += n;
}

/* The reference itself: its content came through the callbacks already. */
static void on_reference(void *ctx, const xmlChar *name)
{
	(void)ctx;
	(void)name;
}

void ftree_sax(xmlSAXHandler *sax)
{
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_text;
	sax->ignorableWhitespace = on_text;
	sax->cdataBlock = on_text;
	sax->reference = on_reference;
	sax->comment = NULL;
	sax->processingInstruction = NULL;
}

ftree *ftree_new(const ct_host_services *host, xmlParserCtxtPtr ctxt, size_t *budget, void *user)
{
	ftree *t = host->alloc(sizeof(*t));

	if (!t)
		return NULL;
	memset(t, 0, sizeof(*t));
	t->host = host;
	t->ctxt = ctxt;
	t->budget = budget;
	t->user = user;
	ctxt->_private = t;
	return t;
}

void *ftree_user(const ftree *t)
{
	return t->user;
}

void ftree_free(ftree *t)
{
	fblock *b, *next;

	if (!t)
		return;
	for (b = t->blocks; b; b = next) {
		next = b->next;
		t->host->free(b);
	}
	t->host->free(t->pend);
	t->host->free(t);
}

fnode *ftree_root(ftree *t)
{
	/* text the parse stopped in (a truncated feed) is text still */
	flush_text(t);
	return t->root;
}

int ftree_status(const ftree *t)
{
	return t->nomem ? CT_PLUGIN_ENOMEM : t->over_budget ? CT_PLUGIN_EINVAL : 0;
}

/* ---- reading ---- */

const char *fnode_attr(const fnode *n, const char *name)
{
	const fattr *a;

	for (a = n->attrs; a; a = a->next)
		if (!a->href && !a->prefix && xmlStrcasecmp(a->name, (const xmlChar *)name) == 0)
			return a->value;
	return NULL;
}

const char *fnode_attr_ns(const fnode *n, const char *name, const char *href)
{
	const fattr *a;

	for (a = n->attrs; a; a = a->next)
		if (a->href && xmlStrEqual(a->name, (const xmlChar *)name) &&
		    xmlStrEqual(a->href, (const xmlChar *)href))
			return a->value;
	return NULL;
}

/* xml:lang of n or its nearest ancestor that has one. */
const char *fnode_lang(const fnode *n)
{
	const char *v;

	for (; n; n = n->parent)
		if ((v = fnode_attr_ns(n, "lang", (const char *)XML_XML_NAMESPACE)) != NULL)
			return v;
	return NULL;
}

/* The xml:base in force at n, built down from the root; NULL when none
 * (xmlFree it). */
xmlChar *fnode_base(const fnode *n)
{
	const fnode *chain[RSS_MAX_DEPTH + 1];
	xmlChar *base = NULL;
	size_t k = 0;

	for (; n && k < RSS_MAX_DEPTH + 1; n = n->parent)
		chain[k++] = n;
	while (k-- > 0) {
		const char *b = fnode_attr_ns(chain[k], "base", (const char *)XML_XML_NAMESPACE);
		xmlChar *next;

		if (!b)
			continue;
		next = base ? xmlBuildURI((const xmlChar *)b, base) : xmlStrdup((const xmlChar *)b);
		if (next) {
			xmlFree(base);
			base = next;
		}
	}
	return base;
}
