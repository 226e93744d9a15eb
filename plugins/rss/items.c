/* SPDX-License-Identifier: MIT */
/*
 * RSS/Atom plugin: feeds and items. Elements are matched case-insensitively
 * and by namespace family, as feedparser does, so RSS 0.9x/2.0, RSS 1.0
 * (RDF), Atom 0.3/1.0 and CDF share one mapping; the best element of each
 * role gives an item's metadata, its title a heading block, and its body.
 */
#include <limits.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/uri.h>

#include "claimtrack/plugin.h"
#include "rss.h"

typedef struct fields {
	fnode *node[R_COUNT];
	int prio[R_COUNT];
	int link_score;
	xmlChar *link;              /* resolved href or link text, xmlFree */
} fields;

static const struct { const char *href; int ns; } known_ns[] = {
	{ "http://purl.org/rss/1.0/", NS_CORE },
	{ "http://my.netscape.com/rdf/simple/0.9/", NS_CORE },
	{ "http://backend.userland.com/rss2", NS_CORE },
	{ "http://backend.userland.com/rss", NS_CORE },
	{ "http://blogs.law.harvard.edu/tech/rss", NS_CORE },
	{ "http://purl.org/net/rss1.1#", NS_CORE },
	{ "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
	{ "http://purl.org/dc/elements/1.1/", NS_DC },
	{ "http://purl.org/dc/elements/1.0/", NS_DC },
	{ "http://purl.org/dc/terms/", NS_DCTERMS },
	{ "http://search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
	{ "http://www.w3.org/2005/Atom", NS_ATOM },
	{ "http://purl.org/atom/ns#", NS_ATOM },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
};

/* Prefixes feeds use without declaring them (libxml2 keeps "dc:creator"). */
static const struct { const char *prefix; int ns; } known_prefix[] = {
	{ "dc", NS_DC }, { "dcterms", NS_DCTERMS }, { "content", NS_CONTENT },
	{ "media", NS_MEDIA }, { "itunes", NS_ITUNES }, { "atom", NS_ATOM },
	{ "xhtml", NS_XHTML }, { "rdf", NS_RDF },
};

static int ns_family_of(const rss_ctx *c, const xmlChar *href, const xmlChar *prefix);

/* Namespace family of an element and its local name. */
static int ns_of(rss_ctx *c, const fnode *n, const xmlChar **local)
{
	const xmlChar *colon;
	size_t i;
	int k;

	*local = n->name;
	if (!n->href || !n->href[0]) {
		if ((colon = xmlStrchr(n->name, ':')) != NULL) {
			*local = colon + 1;
			for (i = 0; i < sizeof(known_prefix) / sizeof(known_prefix[0]); i++)
				if (xmlStrncasecmp(n->name, (const xmlChar *)known_prefix[i].prefix,
						   (int)(colon - n->name)) == 0 &&
				    strlen(known_prefix[i].prefix) == (size_t)(colon - n->name))
					return known_prefix[i].ns;
			return NS_OTHER;
		}
		return NS_CORE;
	}
	/* a feed's elements share a handful of namespaces (dictionary strings) */
	for (k = 0; k < 8; k++)
		if (c->ns_seen[k] == n->href && c->ns_prefix[k] == n->prefix)
			return c->ns_family[k];
	k = c->ns_next++ & 7;
	c->ns_seen[k] = n->href;
	c->ns_prefix[k] = n->prefix;
	return c->ns_family[k] = ns_family_of(c, n->href, n->prefix);
}

static int ns_family_of(const rss_ctx *c, const xmlChar *href, const xmlChar *prefix)
{
	size_t i;

	if (c->core_ns && xmlStrEqual(href, c->core_ns))
		return NS_CORE;
	for (i = 0; i < sizeof(known_ns) / sizeof(known_ns[0]); i++) {
		if (xmlStrcasecmp(href, (const xmlChar *)known_ns[i].href) == 0) {
			/* Atom is the core vocabulary of an Atom feed */
			if (known_ns[i].ns == NS_ATOM && c->dialect == D_ATOM)
				return NS_CORE;
			return known_ns[i].ns;
		}
	}
	/* an unknown URI under a well-known prefix (itunes and media moved
	 * their URIs more than once): trust the prefix, as feedparser does */
	if (prefix)
		for (i = 0; i < sizeof(known_prefix) / sizeof(known_prefix[0]); i++)
			if (rss_ieq(prefix, known_prefix[i].prefix) && known_prefix[i].ns != NS_RDF)
				return known_prefix[i].ns == NS_ATOM && c->dialect == D_ATOM ?
				       NS_CORE : known_prefix[i].ns;
	return NS_OTHER;
}

static const struct { int ns; const char *name; int role, prio; } roles[] = {
	{ NS_CORE, "title", R_TITLE, 0 },
	{ NS_CORE, "link", R_LINK, 0 },
	{ NS_CORE, "guid", R_ID, 0 },
	{ NS_CORE, "id", R_ID, 0 },
	{ NS_CORE, "author", R_AUTHOR, 0 },
	{ NS_CORE, "managingeditor", R_AUTHOR, 4 },
	{ NS_CORE, "description", R_SUMMARY, 0 },
	{ NS_CORE, "summary", R_SUMMARY, 0 },
	{ NS_CORE, "abstract", R_SUMMARY, 0 },
	{ NS_CORE, "content", R_CONTENT, 0 },
	{ NS_CORE, "body", R_CONTENT, 0 },
	{ NS_CORE, "fullitem", R_CONTENT, 0 },
	{ NS_CORE, "pubdate", R_PUBLISHED, 0 },
	{ NS_CORE, "published", R_PUBLISHED, 0 },
	{ NS_CORE, "issued", R_PUBLISHED, 1 },
	{ NS_CORE, "created", R_PUBLISHED, 3 },
	{ NS_CORE, "updated", R_UPDATED, 0 },
	{ NS_CORE, "modified", R_UPDATED, 1 },
	{ NS_CORE, "lastbuilddate", R_UPDATED, 2 },
	{ NS_CORE, "language", R_LANGUAGE, 0 },
	{ NS_CONTENT, "encoded", R_CONTENT, 0 },
	{ NS_XHTML, "body", R_CONTENT, 0 },
	{ NS_XHTML, "div", R_CONTENT, 0 },
	{ NS_DC, "title", R_TITLE, 1 },
	{ NS_DC, "creator", R_AUTHOR, 1 },
	{ NS_DC, "author", R_AUTHOR, 1 },
	{ NS_DC, "date", R_PUBLISHED, 1 },
	{ NS_DC, "language", R_LANGUAGE, 1 },
	{ NS_DC, "description", R_SUMMARY, 2 },
	{ NS_DC, "identifier", R_ID, 2 },
	{ NS_DCTERMS, "issued", R_PUBLISHED, 2 },
	{ NS_DCTERMS, "created", R_PUBLISHED, 3 },
	{ NS_DCTERMS, "modified", R_UPDATED, 2 },
	{ NS_MEDIA, "title", R_TITLE, 2 },
	{ NS_MEDIA, "description", R_SUMMARY, 3 },
	{ NS_ITUNES, "summary", R_SUMMARY, 0 },
	{ NS_ITUNES, "author", R_AUTHOR, 2 },
	{ NS_ITUNES, "title", R_TITLE, 3 },
	{ NS_ITUNES, "subtitle", R_SUMMARY, 4 },
	{ NS_ATOM, "link", R_LINK, 0 },
	{ NS_ATOM, "id", R_ID, 1 },
	{ NS_ATOM, "title", R_TITLE, 3 },
	{ NS_ATOM, "author", R_AUTHOR, 2 },
	{ NS_ATOM, "summary", R_SUMMARY, 1 },
	{ NS_ATOM, "content", R_CONTENT, 1 },
	{ NS_ATOM, "published", R_PUBLISHED, 2 },
	{ NS_ATOM, "updated", R_UPDATED, 3 },
};

static int role_of(rss_ctx *c, const fnode *n, int *ns, int *prio)
{
	const xmlChar *local;
	size_t i;
	int first;

	*ns = ns_of(c, n, &local);
	first = local[0] | 0x20;
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (roles[i].ns == *ns && roles[i].name[0] == first && rss_ieq(local, roles[i].name)) {
			*prio = roles[i].prio;
			return roles[i].role;
		}
	}
	return R_NONE;
}

/* An attribute without namespace, case-insensitive (CDF writes HREF). */
static const char *attr(const fnode *n, const char *name)
{
	return fnode_attr(n, name);
}

/* ---- fields ---- */

static int is_html_type(const xmlChar *type)
{
	return !type || rss_ieq(type, "text/html") || rss_ieq(type, "application/xhtml+xml") ||
	       rss_ieq(type, "html") || rss_ieq(type, "xhtml");
}

/* href (owned) made absolute against the xml:base in force at n. */
static xmlChar *resolve(rss_ctx *c, const fnode *n, xmlChar *href)
{
	xmlChar *base, *abs;

	(void)c;
	if (!href)
		return NULL;
	if (!(base = fnode_base(n)))
		return href;
	abs = xmlBuildURI(href, base);
	xmlFree(base);
	if (!abs)
		return href;
	xmlFree(href);
	return abs;
}

/* Offer a link element; the best-scoring one is kept. */
static void offer_link(rss_ctx *c, fields *f, const fnode *n, int ns)
{
	const char *href = attr(n, "href"), *rel, *type;
	xmlChar *v = NULL;
	int score = 0;

	if (href) {
		rel = attr(n, "rel");
		type = attr(n, "type");
		if (!rel || rss_ieq((const xmlChar *)rel, "alternate"))
			score = is_html_type((const xmlChar *)type) ? 4 : 2;
		if (ns == NS_ATOM && score)
			score -= 1;   /* an RSS feed's own <link> comes first */
		if (score)
			v = xmlStrdup((const xmlChar *)href);
	} else if (ns == NS_CORE) {
		size_t start;

		c->raw.len = 0;
		if (rss_collect_text(c, n, &c->raw, 0) < 0)
			return;
		rss_sb_trim(&c->raw, &start);
		if (c->raw.len > start) {
			v = xmlStrndup((const xmlChar *)c->raw.p + start, (int)(c->raw.len - start));
			score = 3;
		}
	}
	/* among equals the last wins, as in feedparser */
	if (score && score >= f->link_score && v) {
		xmlFree(f->link);
		f->link = resolve(c, n, v);
		f->link_score = score;
	} else {
		xmlFree(v);
	}
}

static void fields_collect(rss_ctx *c, fields *f, const fnode *parent)
{
	const fnode *n;
	int role, ns, prio, i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < R_COUNT; i++)
		f->prio[i] = INT_MAX;
	for (n = parent->children; n && !c->err; n = n->next) {
		if (!n->elem)
			continue;
		if ((role = role_of(c, n, &ns, &prio)) == R_NONE)
			continue;
		if (role == R_LINK) {
			offer_link(c, f, n, ns);
			continue;
		}
		if (role == R_CONTENT && attr(n, "src"))
			continue;   /* out-of-line content: nothing to read */
		if (prio < f->prio[role]) {
			f->node[role] = (fnode *)n;
			f->prio[role] = prio;
		}
		if ((role == R_SUMMARY || role == R_CONTENT) && prio < f->prio[R_TEXT_FIRST] &&
		    prio <= 1) {
			/* feedparser: the first of them is the summary, the rest content */
			f->node[R_TEXT_FIRST] = (fnode *)n;
			f->prio[R_TEXT_FIRST] = prio;
		}
	}
}

static void fields_dispose(fields *f)
{
	xmlFree(f->link);
	f->link = NULL;
}

static fnode *child_named(rss_ctx *c, const fnode *n, const char *name)
{
	fnode *k;
	const xmlChar *local;
	int ns;

	for (k = n->children; k; k = k->next) {
		if (!k->elem)
			continue;
		ns = ns_of(c, k, &local);
		if ((ns == NS_CORE || ns == NS_ATOM) && rss_ieq(local, name))
			return k;
	}
	return NULL;
}

/* Atom person ("name (email)") or RSS text. */
static int meta_author(rss_ctx *c, const fnode *n)
{
	const fnode *name, *email;
	size_t start, mark;

	if (!n)
		return 0;
	name = child_named(c, n, "name");
	email = child_named(c, n, "email");
	if (!name && !email)
		return rss_meta_construct(c, CT_META_AUTHOR, n);
	c->text.len = 0;
	if (name) {
		c->raw.len = 0;
		if (rss_collect_text(c, name, &c->raw, 0) < 0)
			return c->err;
		rss_sb_trim(&c->raw, &start);
		if (rss_sb_put(c, &c->text, c->raw.p + start, c->raw.len - start) < 0)
			return c->err;
	}
	if (email) {
		c->raw.len = 0;
		if (rss_collect_text(c, email, &c->raw, 0) < 0)
			return c->err;
		rss_sb_trim(&c->raw, &start);
		if (c->raw.len > start) {
			mark = c->text.len;
			if ((mark && rss_sb_puts(c, &c->text, " (") < 0) ||
			    rss_sb_put(c, &c->text, c->raw.p + start, c->raw.len - start) < 0 ||
			    (mark && rss_sb_puts(c, &c->text, ")") < 0))
				return c->err;
		}
	}
	if (!c->text.len)
		return 0;
	return c->host->meta(c->sink, CT_META_AUTHOR, c->text.p, c->text.len);
}

static int meta_date(rss_ctx *c, int key, const fnode *n)
{
	char iso[RSS_DATE_LEN];

	if (!n)
		return 0;
	c->raw.len = 0;
	if (rss_collect_text(c, n, &c->raw, 0) < 0)
		return c->err;
	if (rss_date_parse(iso, c->raw.p ? c->raw.p : "", c->raw.len) < 0)
		return 0;   /* unreadable dates are left out, not guessed */
	return c->host->meta(c->sink, key, iso, RSS_DATE_LEN - 1);
}

static int meta_plain(rss_ctx *c, int key, const fnode *n)
{
	size_t start;

	if (!n)
		return 0;
	c->raw.len = 0;
	if (rss_collect_text(c, n, &c->raw, 0) < 0)
		return c->err;
	rss_sb_trim(&c->raw, &start);
	if (c->raw.len == start)
		return 0;
	return c->host->meta(c->sink, key, c->raw.p + start, c->raw.len - start);
}

/* CDF puts links and dates in attributes of the item itself. */
static int cdf_attrs(rss_ctx *c, fields *f, const fnode *n)
{
	const char *v;
	char iso[RSS_DATE_LEN];
	int err = 0;

	if (!f->link && (v = attr(n, "href")) != NULL) {
		f->link = resolve(c, n, xmlStrdup((const xmlChar *)v));
		f->link_score = 1;
	}
	if ((v = attr(n, "lastmod")) != NULL &&
	    rss_date_parse(iso, v, strlen(v)) == 0)
		err = c->host->meta(c->sink, CT_META_UPDATED, iso, RSS_DATE_LEN - 1);
	return err;
}

/* Metadata common to the feed and its items. */
static int emit_common(rss_ctx *c, fields *f, const fnode *owner)
{
	int err;

	if (c->dialect == D_CDF && (err = cdf_attrs(c, f, owner)) < 0)
		return c->err = err;
	if (f->link && (err = c->host->meta(c->sink, CT_META_URL, (const char *)f->link,
					    (size_t)xmlStrlen(f->link))) < 0)
		return c->err = err;
	if ((err = meta_author(c, f->node[R_AUTHOR])) < 0 ||
	    (err = meta_date(c, CT_META_PUBLISHED, f->node[R_PUBLISHED])) < 0 ||
	    (err = meta_date(c, CT_META_UPDATED, f->node[R_UPDATED])) < 0)
		return c->err = err;
	return 0;
}

int rss_emit_item(rss_ctx *c, const fnode *item)
{
	fields f;
	const fnode *body, *summary;
	const char *title;
	size_t tlen;
	int err;

	fields_collect(c, &f, item);
	if (c->err)
		goto out;
	if ((err = c->host->section_begin(c->sink)) < 0) {
		c->err = err;
		goto out;
	}
	if (meta_plain(c, CT_META_ID, f.node[R_ID]) < 0)
		goto out;
	if (!f.node[R_ID] && c->dialect == D_RDF) {
		/* an RSS 1.0 item names itself (feedparser reads it as the id) */
		const char *about = fnode_attr_ns(item, "about",
			"http://www.w3.org/1999/02/22-rdf-syntax-ns#");

		if (about)
			err = c->host->meta(c->sink, CT_META_ID, about, strlen(about));
		if (about && err < 0) {
			c->err = err;
			goto out;
		}
	}
	/* a permalink guid is the link when there is no other */
	if (!f.link && f.node[R_ID] && f.prio[R_ID] == 0 && c->dialect != D_ATOM) {
		const char *perma = attr(f.node[R_ID], "ispermalink");

		if (!perma || !rss_ieq((const xmlChar *)perma, "false")) {
			size_t start;

			c->raw.len = 0;
			if (rss_collect_text(c, f.node[R_ID], &c->raw, 0) < 0)
				goto out;
			rss_sb_trim(&c->raw, &start);
			if (!strncmp(c->raw.p + start, "http://", 7) ||
			    !strncmp(c->raw.p + start, "https://", 8))
				f.link = xmlStrndup((const xmlChar *)c->raw.p + start,
						    (int)(c->raw.len - start));
		}
	}
	if (emit_common(c, &f, item) < 0)
		goto out;
	if (rss_construct_plain(c, f.node[R_TITLE], &title, &tlen) < 0)
		goto out;
	if (title && tlen) {
		if ((err = c->host->meta(c->sink, CT_META_TITLE, title, tlen)) < 0 ||
		    (err = c->host->block(c->sink, CT_BLOCK_HEADING, title, tlen)) < 0) {
			c->err = err;
			goto out;
		}
	}
	summary = f.node[R_TEXT_FIRST] ? f.node[R_TEXT_FIRST] :
		  f.node[R_SUMMARY] ? f.node[R_SUMMARY] : f.node[R_CONTENT];
	/* the body: full content when the item has it, else its description */
	body = f.node[R_CONTENT] ? f.node[R_CONTENT] : f.node[R_SUMMARY];
	if (body && body == summary) {
		if (rss_emit_summary_body(c, body) < 0)
			goto out;
	} else if (rss_meta_construct(c, CT_META_SUMMARY, summary) < 0 ||
		   (body && rss_emit_body(c, body) < 0)) {
		goto out;
	}
	if ((err = c->host->section_end(c->sink)) < 0)
		c->err = err;
out:
	fields_dispose(&f);
	return c->err;
}

int rss_emit_feed_meta(rss_ctx *c, const fnode *chan, const fnode *root)
{
	fields f;
	const char *title, *lang;
	size_t tlen;
	int err;

	fields_collect(c, &f, chan);
	if (c->err)
		goto out;
	if (rss_construct_plain(c, f.node[R_TITLE], &title, &tlen) < 0)
		goto out;
	if (title && tlen) {
		if ((err = c->host->meta(c->sink, CT_META_TITLE, title, tlen)) < 0 ||
		    (err = c->host->block(c->sink, CT_BLOCK_TITLE, title, tlen)) < 0) {
			c->err = err;
			goto out;
		}
	}
	if (emit_common(c, &f, chan) < 0 || meta_plain(c, CT_META_LANGUAGE, f.node[R_LANGUAGE]) < 0)
		goto out;
	if (!f.node[R_LANGUAGE] && (lang = fnode_lang(root)) != NULL) {
		err = c->host->meta(c->sink, CT_META_LANGUAGE, lang, strlen(lang));
		if (err < 0)
			c->err = err;
	}
out:
	fields_dispose(&f);
	return c->err;
}

static int is_core_named(rss_ctx *c, const fnode *n, const char *name)
{
	const xmlChar *local;

	return n->elem && ns_of(c, n, &local) == NS_CORE && rss_ieq(local, name);
}

/* Items of a channel (and of the root, where RSS 0.9x and RDF put them). */
int rss_emit_items(rss_ctx *c, const fnode *parent, const char *item_name, int depth,
	const fnode *skip)
{
	const fnode *n;

	for (n = parent->children; n && !c->err; n = n->next) {
		if (!n->elem || n == skip)
			continue;
		if (is_core_named(c, n, item_name)) {
			rss_emit_item(c, n);
			/* recovery nests the items after an unclosed tag in that tag */
			if (c->recovered && depth < 16)
				rss_emit_items(c, n, item_name, depth + 1, skip);
		} else if ((c->recovered || (c->dialect == D_CDF && is_core_named(c, n, "channel"))) &&
			   depth < 16) {
			rss_emit_items(c, n, item_name, depth + 1, skip);   /* CDF nests channels */
		}
	}
	return c->err;
}
