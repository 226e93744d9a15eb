/*
 * RSS/Atom/RDF/CDF parser plugin.
 *
 * libxml2 parses (no network, no external entities, no DTD loading) into
 * a tree of our own (tree.c); we walk it once. Element names are matched case-insensitively and by
 * namespace family, as feedparser does, so RSS 0.9x/2.0, RSS 1.0 (RDF),
 * Atom 0.3/1.0 and CDF share one mapping. Each item/entry becomes a section
 * with its metadata, its title as a heading block and its body; HTML in
 * titles, summaries and bodies goes through the host's HTML plugin so item
 * text is normalized like any page.
 *
 * Hostile input: external entities and external parameter entities are
 * refused outright (no feed needs them), libxml2's entity-loop detection is
 * reported as such, and our own expansion of internal entities is budgeted
 * against the input size, so a billion-laughs file fails in milliseconds.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "claimtrack/plugin.h"
#include "rss.h"

/* Feeds are small; anything this large is an archive dump or an attack. */
#define RSS_MAX_INPUT (32u * 1024 * 1024)
/* Text produced by expanding internal entities, per byte of input. */
#define RSS_ENTITY_RATIO 10
#define RSS_ENTITY_FLOOR (1u * 1024 * 1024)

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

/* How the text of a construct is to be read. */
enum {
	K_SNIFF,    /* RSS: plain unless it looks like HTML */
	K_TEXT,     /* plain text, whatever it looks like */
	K_HTML,     /* escaped HTML */
	K_XHTML,    /* inline markup: serialize the children */
	K_BASE64    /* base64 of text or HTML */
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

typedef struct fields {
	fnode *node[R_COUNT];
	int prio[R_COUNT];
	int link_score;
	xmlChar *link;              /* resolved href or link text, xmlFree */
} fields;

/* ---- buffers ---- */

static int sb_reserve(rss_ctx *c, sbuf *b, size_t more)
{
	size_t cap;
	char *np;

	if (b->len + more + 1 <= b->cap)
		return 0;
	if (more > (size_t)INT_MAX - b->len)
		return c->err = c->host->fail(c->sink, CT_PLUGIN_ETOOBIG,
			"a feed field is over %d bytes", INT_MAX);
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	if (!(np = c->host->realloc(b->p, cap)))
		return c->err = c->host->fail(c->sink, CT_PLUGIN_ENOMEM, "out of memory");
	b->p = np;
	b->cap = cap;
	return 0;
}

static int sb_put(rss_ctx *c, sbuf *b, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (sb_reserve(c, b, n) < 0)
		return c->err;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int sb_puts(rss_ctx *c, sbuf *b, const char *s)
{
	return sb_put(c, b, s, strlen(s));
}

/* s with &, <, > (and " in attributes) escaped. */
static int sb_put_escaped(rss_ctx *c, sbuf *b, const char *s, size_t n, int attr)
{
	size_t i, start = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		default: rep = NULL;
		}
		if (!rep)
			continue;
		if (sb_put(c, b, s + start, i - start) < 0 || sb_puts(c, b, rep) < 0)
			return c->err;
		start = i + 1;
	}
	return sb_put(c, b, s + start, n - start);
}

static void sb_trim(sbuf *b, size_t *start)
{
	size_t s = 0;

	while (b->len && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\t' ||
			  b->p[b->len - 1] == '\n' || b->p[b->len - 1] == '\r'))
		b->len--;
	if (b->p)
		b->p[b->len] = '\0';
	while (s < b->len && (b->p[s] == ' ' || b->p[s] == '\t' || b->p[s] == '\n' ||
			      b->p[s] == '\r'))
		s++;
	*start = s;
}

/* ---- names ---- */

static int ieq(const xmlChar *a, const char *b)
{
	return a && xmlStrcasecmp(a, (const xmlChar *)b) == 0;
}

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
			if (ieq(prefix, known_prefix[i].prefix) && known_prefix[i].ns != NS_RDF)
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
		if (roles[i].ns == *ns && roles[i].name[0] == first && ieq(local, roles[i].name)) {
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

static int collect_text(rss_ctx *c, const fnode *n, sbuf *b, int depth);

/* All text below n (not n's own siblings), entities expanded. */
static int collect_text(rss_ctx *c, const fnode *n, sbuf *b, int depth)
{
	const fnode *k;

	if (depth > RSS_MAX_DEPTH)
		return c->err = c->host->fail(c->sink, CT_PLUGIN_EINVAL,
			"elements or entities nested more than %d deep", RSS_MAX_DEPTH);
	for (k = n->children; k; k = k->next) {
		if (!k->elem) {
			if (sb_put(c, b, k->text, k->len) < 0)
				return c->err;
		} else if (collect_text(c, k, b, depth + 1) < 0) {
			return c->err;
		}
	}
	return 0;
}

/*
 * Elements libxml2's HTML parser knows to be empty. Every other element is
 * closed explicitly, even the HTML5 void ones it does not know (embed,
 * source, wbr), or it would swallow the text that follows them.
 */
static int is_void_element(const xmlChar *name)
{
	static const char *const v[] = {
		"area", "base", "basefont", "br", "col", "frame", "hr", "img", "input",
		"isindex", "link", "meta", "param", NULL
	};
	size_t i;

	for (i = 0; v[i]; i++)
		if (ieq(name, v[i]))
			return 1;
	return 0;
}

/* Serialize the children of n as HTML: inline XHTML or naked markup. */
static int serialize_children(rss_ctx *c, const fnode *n, sbuf *b, int depth)
{
	const fnode *k;
	const fattr *a;
	const xmlChar *local;

	if (depth > RSS_MAX_DEPTH)
		return c->err = c->host->fail(c->sink, CT_PLUGIN_EINVAL,
			"elements nested more than %d deep", RSS_MAX_DEPTH);
	for (k = n->children; k; k = k->next) {
		if (!k->elem) {
			if (sb_put_escaped(c, b, k->text, k->len, 0) < 0)
				return c->err;
			continue;
		}
		/* local name: HTML knows no prefixes */
		local = k->name;
		if (xmlStrchr(local, ':'))
			local = xmlStrchr(local, ':') + 1;
		if (sb_puts(c, b, "<") < 0 || sb_puts(c, b, (const char *)local) < 0)
			return c->err;
		for (a = k->attrs; a; a = a->next) {
			int e;

			if (a->href || a->prefix)
				e = sb_puts(c, b, " ") < 0;   /* drop xlink:, xml: noise */
			else
				e = sb_puts(c, b, " ") < 0 ||
				    sb_puts(c, b, (const char *)a->name) < 0 ||
				    sb_puts(c, b, "=\"") < 0 ||
				    sb_put_escaped(c, b, a->value, strlen(a->value), 1) < 0 ||
				    sb_puts(c, b, "\"") < 0;
			if (e)
				return c->err;
		}
		if (sb_puts(c, b, ">") < 0)
			return c->err;
		if (is_void_element(local) && !k->children)
			continue;
		if (serialize_children(c, k, b, depth + 1) < 0 ||
		    sb_puts(c, b, "</") < 0 || sb_puts(c, b, (const char *)local) < 0 ||
		    sb_puts(c, b, ">") < 0)
			return c->err;
	}
	return 0;
}

static int has_element_child(const fnode *n)
{
	const fnode *k;

	for (k = n->children; k; k = k->next)
		if (k->elem)
			return 1;
	return 0;
}

/* Markup or a character reference, the way feedparser's sniffing sees it. */
static int looks_like_html(const char *s, size_t n)
{
	size_t i, j;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] == '<') {
			char d = s[i + 1];

			if ((d | 0x20) >= 'a' && (d | 0x20) <= 'z')
				return 1;
			if ((d == '/' || d == '!') && i + 2 < n)
				return 1;
		} else if (s[i] == '&') {
			j = i + 1;
			if (j < n && s[j] == '#') {
				j++;
				if (j < n && (s[j] == 'x' || s[j] == 'X'))
					j++;
				while (j < n && ((s[j] >= '0' && s[j] <= '9') ||
						 ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'f')))
					j++;
			} else {
				while (j < n && (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') ||
						 (s[j] >= '0' && s[j] <= '9')))
					j++;
			}
			if (j > i + 1 && j < n && s[j] == ';')
				return 1;
		}
	}
	return 0;
}

static int b64_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z') return ch - 'A';
	if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9') return ch - '0' + 52;
	if (ch == '+' || ch == '-') return 62;
	if (ch == '/' || ch == '_') return 63;
	return -1;
}

/* Decode b->p in place; -1 (buffer untouched) if it is not base64. */
static int b64_decode(sbuf *b, size_t start)
{
	size_t i, out = 0;
	unsigned int acc = 0;
	int bits = 0, v;

	for (i = start; i < b->len; i++) {
		char ch = b->p[i];

		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
			continue;
		if (ch == '=')
			break;
		if ((v = b64_value(ch)) < 0)
			return -1;
	}
	for (i = start; i < b->len; i++) {
		char ch = b->p[i];

		if (ch == '=')
			break;
		if ((v = b64_value(ch)) < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			b->p[start + out++] = (char)((acc >> bits) & 0xFF);
		}
	}
	b->len = start + out;
	b->p[b->len] = '\0';
	return 0;
}

static int kind_of(const rss_ctx *c, const fnode *n)
{
	const xmlChar *mode = (const xmlChar *)attr(n, "mode");
	int kind = c->dialect == D_ATOM ? K_TEXT : K_SNIFF;
	const xmlChar *t = (const xmlChar *)attr(n, "type");
	int atom03 = mode != NULL;

	if (t) {
		while (*t == ' ')
			t++;
		if (!*t || ieq(t, "text") || ieq(t, "text/plain")) {
			kind = K_TEXT;
		} else if (ieq(t, "html") || ieq(t, "text/html")) {
			kind = K_HTML;
		} else if (ieq(t, "xhtml") || ieq(t, "application/xhtml+xml")) {
			kind = K_XHTML;
		} else if (!xmlStrncasecmp(t, (const xmlChar *)"text/", 5)) {
			kind = K_TEXT;
		} else if (xmlStrstr(t, (const xmlChar *)"xml")) {
			kind = K_XHTML;
		} else if (c->dialect == D_ATOM) {
			kind = K_BASE64;   /* Atom 1.0: other media types are base64 */
		}
	}
	if (atom03) {
		if (ieq(mode, "base64"))
			kind = K_BASE64;
		else if (ieq(mode, "escaped"))
			kind = kind == K_XHTML || kind == K_HTML ? K_HTML : K_TEXT;
		else if (ieq(mode, "xml") && kind == K_HTML)
			kind = K_XHTML;
	} else if (kind == K_XHTML && !has_element_child(n) && c->dialect != D_ATOM) {
		kind = K_SNIFF;
	}
	/* naked markup where text was expected (an RSS <description><p>) */
	if ((kind == K_SNIFF || kind == K_HTML) && has_element_child(n))
		kind = K_XHTML;
	return kind;
}

/*
 * Read a text construct into c->raw: its plain text, or HTML when *html is
 * set on return. Empty when the element has nothing to say.
 */
static int construct_read(rss_ctx *c, const fnode *n, int *html, size_t *start)
{
	int kind = kind_of(c, n);

	c->raw.len = 0;
	if (c->raw.p)
		c->raw.p[0] = '\0';
	*html = 0;
	*start = 0;
	if (kind == K_XHTML) {
		if (serialize_children(c, n, &c->raw, 0) < 0)
			return c->err;
		*html = 1;
		sb_trim(&c->raw, start);
		return 0;
	}
	if (collect_text(c, n, &c->raw, 0) < 0)
		return c->err;
	sb_trim(&c->raw, start);
	if (kind == K_BASE64) {
		const xmlChar *type = (const xmlChar *)attr(n, "type");

		if (b64_decode(&c->raw, *start) == 0) {
			kind = ieq(type, "text/plain") || ieq(type, "text") ? K_TEXT : K_SNIFF;
			sb_trim(&c->raw, start);
		} else {
			kind = K_SNIFF;
		}
	}
	if (kind == K_HTML || kind == K_SNIFF)
		*html = looks_like_html(c->raw.p + *start, c->raw.len - *start);
	return 0;
}

/* Set metadata key from a text construct, HTML reduced to plain text. */
static int meta_construct(rss_ctx *c, int key, const fnode *n)
{
	size_t start;
	char *text = NULL;
	size_t tlen = 0;
	int html, err;

	if (!n)
		return 0;
	if (construct_read(c, n, &html, &start) < 0)
		return c->err;
	if (c->raw.len == start)
		return 0;
	if (!html)
		return c->host->meta(c->sink, key, c->raw.p + start, c->raw.len - start);
	if ((err = c->host->text_of(c->sink, "text/html", c->raw.p + start,
				    c->raw.len - start, &text, &tlen)) < 0)
		return c->err = err;
	if (text)
		err = c->host->meta(c->sink, key, text, tlen);
	c->host->free(text);
	return err;
}

/* The plain text of a construct into c->text (for titles used twice). */
static int construct_plain(rss_ctx *c, const fnode *n, const char **out, size_t *out_len)
{
	size_t start;
	char *text = NULL;
	size_t tlen = 0;
	int html, err;

	*out = NULL;
	*out_len = 0;
	c->text.len = 0;
	if (!n)
		return 0;
	if (construct_read(c, n, &html, &start) < 0)
		return c->err;
	if (!html) {
		if (sb_put(c, &c->text, c->raw.p + start, c->raw.len - start) < 0)
			return c->err;
	} else {
		if ((err = c->host->text_of(c->sink, "text/html", c->raw.p + start,
					    c->raw.len - start, &text, &tlen)) < 0)
			return c->err = err;
		err = text ? sb_put(c, &c->text, text, tlen) : 0;
		c->host->free(text);
		if (err < 0)
			return err;
	}
	*out = c->text.p;
	*out_len = c->text.len;
	return 0;
}

/* Plain text as paragraphs: blank lines separate them. */
static int emit_paragraphs(rss_ctx *c, const char *s, size_t n)
{
	size_t i = 0, start = 0;
	int err;

	while (i < n) {
		if (s[i] == '\n') {
			size_t j = i + 1;

			while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
				j++;
			if (j < n && s[j] == '\n') {
				if ((err = c->host->block(c->sink, CT_BLOCK_PARAGRAPH, s + start,
							  i - start)) < 0)
					return c->err = err;
				start = i = j + 1;
				continue;
			}
		}
		i++;
	}
	if (start < n && (err = c->host->block(c->sink, CT_BLOCK_PARAGRAPH, s + start,
					       n - start)) < 0)
		return c->err = err;
	return 0;
}

static int emit_body(rss_ctx *c, const fnode *n)
{
	size_t start;
	int html, err;

	if (construct_read(c, n, &html, &start) < 0)
		return c->err;
	if (c->raw.len == start)
		return 0;
	if (!html)
		return emit_paragraphs(c, c->raw.p + start, c->raw.len - start);
	if ((err = c->host->parse_nested(c->sink, "text/html", c->raw.p + start,
					 c->raw.len - start, CT_PARSE_FRAGMENT)) < 0)
		return c->err = err;
	return 0;
}

static int is_name_char(char ch, int first);

/* Does the markup hold a tag that gives its text a block kind (a heading,
 * a list item, a quote, a caption)? Without one every block is a
 * paragraph. */
static int has_kind_tags(const char *s, size_t n)
{
	static const char *const tags[] = {
		"h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote",
		"figcaption", "caption", NULL
	};
	const char *p = s, *end = s + n;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		size_t k;

		p++;
		for (k = 0; tags[k]; k++) {
			size_t len = strlen(tags[k]);

			if ((size_t)(end - p) > len && !xmlStrncasecmp((const xmlChar *)p,
							(const xmlChar *)tags[k], (int)len) &&
			    !is_name_char(p[len], 0))
				return 1;
		}
	}
	return 0;
}

/*
 * A description that is also the body (no full content): its HTML is read
 * once for the summary; the body's blocks are that text's paragraphs
 * unless the markup gives some block a kind, which only a parse keeps.
 */
static int emit_summary_body(rss_ctx *c, const fnode *n)
{
	size_t start, tlen = 0;
	char *text = NULL;
	int html, err;

	if (construct_read(c, n, &html, &start) < 0)
		return c->err;
	if (c->raw.len == start)
		return 0;
	if (!html) {
		if ((err = c->host->meta(c->sink, CT_META_SUMMARY, c->raw.p + start,
					 c->raw.len - start)) < 0)
			return c->err = err;
		return emit_paragraphs(c, c->raw.p + start, c->raw.len - start);
	}
	if ((err = c->host->text_of(c->sink, "text/html", c->raw.p + start,
				    c->raw.len - start, &text, &tlen)) < 0)
		return c->err = err;
	if (text && (err = c->host->meta(c->sink, CT_META_SUMMARY, text, tlen)) < 0) {
		c->host->free(text);
		return c->err = err;
	}
	if (has_kind_tags(c->raw.p + start, c->raw.len - start))
		err = c->host->parse_nested(c->sink, "text/html", c->raw.p + start,
					    c->raw.len - start, CT_PARSE_FRAGMENT);
	else
		err = text ? emit_paragraphs(c, text, tlen) : 0;
	c->host->free(text);
	return err < 0 ? (c->err = err) : 0;
}

/* ---- fields ---- */

static int is_html_type(const xmlChar *type)
{
	return !type || ieq(type, "text/html") || ieq(type, "application/xhtml+xml") ||
	       ieq(type, "html") || ieq(type, "xhtml");
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
		if (!rel || ieq((const xmlChar *)rel, "alternate"))
			score = is_html_type((const xmlChar *)type) ? 4 : 2;
		if (ns == NS_ATOM && score)
			score -= 1;   /* an RSS feed's own <link> comes first */
		if (score)
			v = xmlStrdup((const xmlChar *)href);
	} else if (ns == NS_CORE) {
		size_t start;

		c->raw.len = 0;
		if (collect_text(c, n, &c->raw, 0) < 0)
			return;
		sb_trim(&c->raw, &start);
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
		if ((ns == NS_CORE || ns == NS_ATOM) && ieq(local, name))
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
		return meta_construct(c, CT_META_AUTHOR, n);
	c->text.len = 0;
	if (name) {
		c->raw.len = 0;
		if (collect_text(c, name, &c->raw, 0) < 0)
			return c->err;
		sb_trim(&c->raw, &start);
		if (sb_put(c, &c->text, c->raw.p + start, c->raw.len - start) < 0)
			return c->err;
	}
	if (email) {
		c->raw.len = 0;
		if (collect_text(c, email, &c->raw, 0) < 0)
			return c->err;
		sb_trim(&c->raw, &start);
		if (c->raw.len > start) {
			mark = c->text.len;
			if ((mark && sb_puts(c, &c->text, " (") < 0) ||
			    sb_put(c, &c->text, c->raw.p + start, c->raw.len - start) < 0 ||
			    (mark && sb_puts(c, &c->text, ")") < 0))
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
	if (collect_text(c, n, &c->raw, 0) < 0)
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
	if (collect_text(c, n, &c->raw, 0) < 0)
		return c->err;
	sb_trim(&c->raw, &start);
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

static int emit_item(rss_ctx *c, const fnode *item)
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

		if (!perma || !ieq((const xmlChar *)perma, "false")) {
			size_t start;

			c->raw.len = 0;
			if (collect_text(c, f.node[R_ID], &c->raw, 0) < 0)
				goto out;
			sb_trim(&c->raw, &start);
			if (!strncmp(c->raw.p + start, "http://", 7) ||
			    !strncmp(c->raw.p + start, "https://", 8))
				f.link = xmlStrndup((const xmlChar *)c->raw.p + start,
						    (int)(c->raw.len - start));
		}
	}
	if (emit_common(c, &f, item) < 0)
		goto out;
	if (construct_plain(c, f.node[R_TITLE], &title, &tlen) < 0)
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
		if (emit_summary_body(c, body) < 0)
			goto out;
	} else if (meta_construct(c, CT_META_SUMMARY, summary) < 0 ||
		   (body && emit_body(c, body) < 0)) {
		goto out;
	}
	if ((err = c->host->section_end(c->sink)) < 0)
		c->err = err;
out:
	fields_dispose(&f);
	return c->err;
}

static int emit_feed_meta(rss_ctx *c, const fnode *chan, const fnode *root)
{
	fields f;
	const char *title, *lang;
	size_t tlen;
	int err;

	fields_collect(c, &f, chan);
	if (c->err)
		goto out;
	if (construct_plain(c, f.node[R_TITLE], &title, &tlen) < 0)
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

	return n->elem && ns_of(c, n, &local) == NS_CORE && ieq(local, name);
}

/* Items of a channel (and of the root, where RSS 0.9x and RDF put them). */
static int emit_items(rss_ctx *c, const fnode *parent, const char *item_name, int depth,
	const fnode *skip)
{
	const fnode *n;

	for (n = parent->children; n && !c->err; n = n->next) {
		if (!n->elem || n == skip)
			continue;
		if (is_core_named(c, n, item_name)) {
			emit_item(c, n);
			/* recovery nests the items after an unclosed tag in that tag */
			if (c->recovered && depth < 16)
				emit_items(c, n, item_name, depth + 1, skip);
		} else if ((c->recovered || (c->dialect == D_CDF && is_core_named(c, n, "channel"))) &&
			   depth < 16) {
			emit_items(c, n, item_name, depth + 1, skip);   /* CDF nests channels */
		}
	}
	return c->err;
}

/* ---- loading ---- */

typedef struct load_state {
	int first_code;
	int first_line;
	char first_msg[200];
	int entity_loop;
} load_state;

static void on_xml_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	load_state *st = ctxt && ctxt->_private ? ftree_user(ctxt->_private) : NULL;
	size_t n;

	if (!st || !e || e->level < XML_ERR_ERROR)
		return;
	/* the loop/amplification code differs between libxml2 versions */
	if (e->code == XML_ERR_ENTITY_LOOP ||
	    (e->message && (strstr(e->message, "amplification") ||
			    strstr(e->message, "entity reference loop"))))
		st->entity_loop = 1;
	if (st->first_code)
		return;
	st->first_code = e->code;
	st->first_line = e->line;
	snprintf(st->first_msg, sizeof(st->first_msg), "%s", e->message ? e->message : "error");
	n = strlen(st->first_msg);
	while (n && (st->first_msg[n - 1] == '\n' || st->first_msg[n - 1] == ' '))
		st->first_msg[--n] = '\0';
}

/*
 * Entity lookup: declared internal entities as usual; an undeclared HTML
 * entity (&nbsp; in an RSS 0.91 feed whose DTD we do not load) is declared
 * on the fly, as feedparser would read it; external entities are never
 * handed to the parser, so it cannot try to load them.
 */
static xmlEntityPtr get_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlEntityPtr ent = xmlSAX2GetEntity(ctx, name);
	const htmlEntityDesc *h;
	xmlDocPtr doc = ctxt->myDoc;
	char u[8];
	int n;

	if (ent) {
		if (ent->etype == XML_INTERNAL_GENERAL_ENTITY ||
		    ent->etype == XML_INTERNAL_PREDEFINED_ENTITY)
			return ent;
		return NULL;
	}
	if (ctxt->inSubset || !doc || !(h = htmlEntityLookup(name)))
		return NULL;
	if (!doc->intSubset && !xmlCreateIntSubset(doc, (const xmlChar *)"feed", NULL, NULL))
		return NULL;
	if (h->value == '&' || h->value == '<') {
		/* declared as a character reference, as XML's own amp and lt are */
		snprintf(u, sizeof(u), "&#%u;", h->value);
	} else {
		n = xmlCopyCharMultiByte((xmlChar *)u, (int)h->value);
		if (n <= 0)
			return NULL;
		u[n] = '\0';
	}
	return xmlAddDocEntity(doc, name, XML_INTERNAL_GENERAL_ENTITY, NULL, NULL,
			       (const xmlChar *)u);
}

/* Refuse a DTD that declares anything external: feeds never need it. */
static int check_dtd(rss_ctx *c)
{
	xmlDtdPtr dtd = c->doc ? c->doc->intSubset : NULL;
	xmlNodePtr n;

	if (!dtd)
		return 0;
	for (n = dtd->children; n; n = n->next) {
		xmlEntityPtr e = (xmlEntityPtr)n;

		if (n->type != XML_ENTITY_DECL)
			continue;
		if (e->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
		    e->etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY ||
		    e->etype == XML_EXTERNAL_PARAMETER_ENTITY)
			return c->err = c->host->fail(c->sink, CT_PLUGIN_EINVAL,
				"hostile XML: the DTD declares external %sentity '%s' (%s); "
				"external entities are never loaded",
				e->etype == XML_EXTERNAL_PARAMETER_ENTITY ? "parameter " : "",
				(const char *)e->name,
				e->SystemID ? (const char *)e->SystemID : "no system id");
	}
	return 0;
}

/* Context-less messages (libxml2 sends a few there even with NOERROR). */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void drop_tree(rss_ctx *c)
{
	ftree_free(c->tree);
	c->tree = NULL;
	if (c->ctxt) {
		xmlFreeDoc(c->ctxt->myDoc);
		c->ctxt->myDoc = NULL;
		xmlFreeParserCtxt(c->ctxt);
		c->ctxt = NULL;
	}
	c->doc = NULL;
}

/*
 * One read of the bytes into our tree: its root, or NULL. The bytes are
 * UTF-8 by now (the host decoded them): the declaration's encoding is not
 * to be applied a second time. libxml2's own SAX2 handlers keep the
 * document's DTD and entities; ours take the elements and text.
 */
static fnode *read_doc(rss_ctx *c, load_state *st, const char *data, size_t len, int options,
	int *well_formed)
{
	xmlGenericErrorFunc saved = xmlGenericError;
	void *saved_ctx = xmlGenericErrorContext;
	xmlParserCtxtPtr ctxt;
	int err;

	drop_tree(c);
	memset(st, 0, sizeof(*st));
	*well_formed = 0;
	if (!(ctxt = xmlCreateMemoryParserCtxt(data, (int)len))) {
		c->err = c->host->fail(c->sink, CT_PLUGIN_ENOMEM, "out of memory");
		return NULL;
	}
	c->ctxt = ctxt;
	xmlSAXVersion(ctxt->sax, 2);
	ftree_sax(ctxt->sax);
	ctxt->sax->serror = on_xml_error;
	ctxt->sax->getEntity = get_entity;
	xmlCtxtUseOptions(ctxt, options | XML_PARSE_IGNORE_ENC);
	if (!(c->tree = ftree_new(c->host, ctxt, &c->entity_budget, st))) {
		c->err = c->host->fail(c->sink, CT_PLUGIN_ENOMEM, "out of memory");
		return NULL;
	}
	/* silence the per-thread generic handler for this read only, and put
	 * back whatever the thread had */
	xmlSetGenericErrorFunc(st, quiet);
	xmlParseDocument(ctxt);
	xmlSetGenericErrorFunc(saved_ctx, saved);
	c->doc = ctxt->myDoc;
	if ((err = ftree_status(c->tree)) == CT_PLUGIN_ENOMEM) {
		c->err = c->host->fail(c->sink, err, "out of memory");
		return NULL;
	}
	if (err < 0) {
		c->err = c->host->fail(c->sink, CT_PLUGIN_EINVAL,
			"hostile XML: entity expansion exceeds the limit for this feed (an entity bomb?)");
		return NULL;
	}
	*well_formed = ctxt->wellFormed;
	return ftree_root(c->tree);
}

static int is_name_char(char ch, int first)
{
	return ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || ch == '_' || ch == ':' ||
	       (unsigned char)ch >= 0x80 ||
	       (!first && ((ch >= '0' && ch <= '9') || ch == '.' || ch == '-'));
}

/* Length of a well-formed reference at s ("&amp;", "&#38;"), 0 if none. */
static size_t reference_len(const char *s, const char *end)
{
	const char *p = s + 1;

	if (p < end && *p == '#') {
		p++;
		if (p < end && (*p == 'x' || *p == 'X')) {
			p++;
			while (p < end && (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f') ||
					   (*p >= '0' && *p <= '9')))
				p++;
		} else {
			while (p < end && *p >= '0' && *p <= '9')
				p++;
		}
		if (p < end && *p == ';' && p - s > 2 && !(p - s == 3 && (s[2] | 0x20) == 'x'))
			return (size_t)(p - s + 1);
		return 0;
	}
	if (p >= end || !is_name_char(*p, 1))
		return 0;
	while (p < end && is_name_char(*p, 0))
		p++;
	return p < end && *p == ';' ? (size_t)(p - s + 1) : 0;
}

/*
 * The commonest malformation of real feeds is a bare '&' ("AT&T" in a
 * title). Escape those outside CDATA sections and comments; NULL (nothing
 * allocated) when there are none.
 */
static char *escape_bare_amps(rss_ctx *c, const char *data, size_t len, size_t *out_len)
{
	const char *p = data, *end = data + len, *skip;
	sbuf b = { NULL, 0, 0 };
	size_t bare = 0, n;

	while (p < end) {
		if (*p == '<' && end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
			skip = "]]>";
		else if (*p == '<' && end - p >= 4 && memcmp(p, "<!--", 4) == 0)
			skip = "-->";
		else
			skip = NULL;
		if (skip) {
			const char *q = p + 4;
			size_t k = strlen(skip);

			while (q + k <= end && memcmp(q, skip, k) != 0)
				q++;
			q = q + k <= end ? q + k : end;
			if (b.cap && sb_put(c, &b, p, (size_t)(q - p)) < 0)
				goto fail;
			p = q;
			continue;
		}
		if (*p == '&' && !reference_len(p, end)) {
			if (!b.cap && sb_put(c, &b, data, (size_t)(p - data)) < 0)
				goto fail;
			if (sb_puts(c, &b, "&amp;") < 0)
				goto fail;
			bare++;
			p++;
			continue;
		}
		n = 1;
		if (b.cap && sb_put(c, &b, p, n) < 0)
			goto fail;
		p += n;
	}
	if (!bare) {
		c->host->free(b.p);
		return NULL;
	}
	*out_len = b.len;
	return b.p;
fail:
	c->host->free(b.p);
	return NULL;
}

static fnode *load(rss_ctx *c, const char *data, size_t len)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	load_state st, first;
	char *fixed = NULL;
	size_t fixed_len = 0;
	fnode *root;
	int ok;

	if (len > INT_MAX) {
		c->err = c->host->fail(c->sink, CT_PLUGIN_ETOOBIG, "feed is too large");
		return NULL;
	}
	root = read_doc(c, &st, data, len, opts, &ok);
	first = st;
	ok = root && ok;
	if (!ok && !c->err && !st.entity_loop &&
	    (fixed = escape_bare_amps(c, data, len, &fixed_len))) {
		root = read_doc(c, &st, fixed, fixed_len, opts, &ok);
		ok = root && ok;
		if (ok)
			c->host->log(c->sink, CT_LOG_WARN,
				"feed is not well-formed XML (line %d: %s); read with bare '&' escaped",
				first.first_line, first.first_msg);
	}
	if (c->err)
		goto out;
	if (!ok && !st.entity_loop) {
		root = read_doc(c, &st, fixed ? fixed : data, fixed ? fixed_len : len,
				opts | XML_PARSE_RECOVER, &ok);
		c->recovered = 1;
		if (c->err)
			goto out;
		if (root && !st.entity_loop)
			c->host->log(c->sink, CT_LOG_WARN,
				"feed is not well-formed XML (line %d: %s); read what could be recovered",
				first.first_line, first.first_msg);
	}
	if (st.entity_loop || first.entity_loop) {
		c->err = c->host->fail(c->sink, CT_PLUGIN_EINVAL,
			"hostile XML: entity expansion limit exceeded (line %d: %s)",
			st.entity_loop ? st.first_line : first.first_line,
			st.entity_loop ? st.first_msg : first.first_msg);
	} else if (!root) {
		c->err = c->host->fail(c->sink, CT_PLUGIN_EINVAL, "not XML (line %d: %s)",
			first.first_line, first.first_code ? first.first_msg : "no root element");
	}
out:
	/* the tree holds copies of everything: the fixed bytes can go */
	c->host->free(fixed);
	if (c->err || check_dtd(c) < 0)
		return NULL;
	return root;
}

/* ---- the plugin ---- */

/* The feed as UTF-8: the host's decoding (BOM, XML declaration,
 * Content-Type, sniff), else the bytes as they are. */
static int decode_feed(rss_ctx *c, const char *data, size_t len, const ct_parse_options *opts,
	ct_decoded *dec)
{
	const char *ctype = opts && opts->struct_size >= offsetof(ct_parse_options, content_type) +
		sizeof(opts->content_type) ? opts->content_type : NULL;
	int err;

	memset(dec, 0, sizeof(*dec));
	dec->struct_size = sizeof(*dec);
	if (!CT_HOST_HAS(c->host, decode)) {
		dec->data = data;
		dec->len = len;
		return 0;
	}
	if ((err = c->host->decode(c->sink, data, len, ctype, CT_DECODE_XML, dec)) < 0)
		return c->err = c->host->fail(c->sink, err, "out of memory decoding the feed");
	return 0;
}

static int rss_parse(const ct_host_services *host, ct_sink *sink, const char *data,
	size_t len, const ct_parse_options *opts)
{
	rss_ctx c;
	const fnode *root, *chan = NULL, *n;
	const xmlChar *local;
	ct_decoded dec;

	memset(&dec, 0, sizeof(dec));
	memset(&c, 0, sizeof(c));
	c.host = host;
	c.sink = sink;
	if (len > RSS_MAX_INPUT)
		return host->fail(sink, CT_PLUGIN_ETOOBIG,
			"feed is %zu bytes, over the %u-byte limit for feeds", len, RSS_MAX_INPUT);
	c.entity_budget = len * RSS_ENTITY_RATIO;
	if (c.entity_budget < RSS_ENTITY_FLOOR)
		c.entity_budget = RSS_ENTITY_FLOOR;
	/* scratch buffers are never NULL, so offsets into them are always valid */
	if (sb_reserve(&c, &c.raw, 1024) < 0 || sb_reserve(&c, &c.text, 256) < 0)
		goto out;
	c.raw.p[0] = c.text.p[0] = '\0';
	xmlInitParser();
	if (decode_feed(&c, data, len, opts, &dec) < 0)
		goto out;
	if (!(root = load(&c, dec.data, dec.len)))
		goto out;
	local = root->name;
	if (xmlStrchr(local, ':'))
		local = xmlStrchr(local, ':') + 1;
	if (ieq(local, "rss") || ieq(local, "rdf")) {
		c.dialect = ieq(local, "rss") ? D_RSS : D_RDF;
		c.core_ns = c.dialect == D_RSS ? root->href : NULL;
		for (n = root->children; n && !chan; n = n->next)
			if (n->elem && ieq(n->name, "channel"))
				chan = n;
		if (chan && chan->href && !c.core_ns)
			c.core_ns = chan->href;
	} else if (ieq(local, "feed") || ieq(local, "entry")) {
		c.dialect = D_ATOM;
		c.core_ns = root->href;
	} else if (ieq(local, "channel")) {
		c.dialect = D_CDF;
		c.core_ns = root->href;
		chan = root;
	} else {
		c.err = host->fail(sink, CT_PLUGIN_EINVAL,
			"not an RSS, Atom or RDF feed: the root element is <%s>", (const char *)root->name);
		goto out;
	}

	if (c.dialect == D_ATOM && ieq(local, "entry")) {
		emit_item(&c, root);   /* a lone Atom entry document */
		goto out;
	}
	if (emit_feed_meta(&c, chan ? chan : root, root) < 0)
		goto out;
	if (c.dialect == D_ATOM) {
		emit_items(&c, root, "entry", 0, NULL);
	} else {
		if (chan)
			emit_items(&c, chan, "item", 0, NULL);
		if (chan != root)
			emit_items(&c, root, "item", 0, chan);
	}
out:
	drop_tree(&c);
	host->free(dec.owned);
	host->free(c.raw.p);
	host->free(c.text.p);
	return c.err < 0 ? c.err : 0;
}

/* Find s (not empty) in data, case-sensitively: memchr to each place its
 * first byte is, as the probe runs eight of these over every input. */
static const char *find(const char *data, size_t len, const char *s)
{
	size_t n = strlen(s);
	const char *p = data, *last, *hit;

	if (n > len)
		return NULL;
	last = data + (len - n);   /* the last place s can start */
	while (p <= last && (hit = memchr(p, s[0], (size_t)(last - p) + 1)) != NULL) {
		if (memcmp(hit, s, n) == 0)
			return hit;
		p = hit + 1;
	}
	return NULL;
}

/* A root-looking tag: "<rss" followed by white space, '>' or '/'. */
static const char *find_tag(const char *data, size_t len, const char *tag)
{
	const char *p = data, *end = data + len, *hit;
	size_t n = strlen(tag);

	while ((hit = find(p, (size_t)(end - p), tag)) != NULL) {
		char d = hit + n < end ? hit[n] : ' ';

		if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == '>' || d == '/')
			return hit;
		p = hit + 1;
	}
	return NULL;
}

static int rss_probe(const char *data, size_t len, const char *name)
{
	static const char *const roots[] = { "<rss", "<feed", "<rdf:RDF", "<RDF:RDF", "<rdf", NULL };
	const char *html = find_tag(data, len, "<html"), *hit;
	size_t i;

	(void)name;
	if (!html)
		html = find_tag(data, len, "<HTML");
	for (i = 0; roots[i]; i++)
		if ((hit = find_tag(data, len, roots[i])) != NULL && (!html || hit < html))
			return 95;
	if ((hit = find_tag(data, len, "<CHANNEL")) != NULL && (!html || hit < html))
		return 60;
	if (len >= 5 && find(data, len < 64 ? len : 64, "<?xml"))
		return 30;
	return 0;
}

static const char *const media_types[] = {
	"application/rss+xml", "application/atom+xml", "application/rdf+xml",
	"application/xml", "text/xml", NULL
};
static const char *const extensions[] = { "rss", "atom", "xml", "rdf", NULL };

static const ct_plugin rss_plugin = {
	sizeof(ct_plugin),
	CT_PLUGIN_ABI_VERSION,
	"rss",
	"1.0.0",
	"RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and CDF feeds: one section per item",
	media_types,
	extensions,
	rss_probe,
	rss_parse
};

CT_PLUGIN_DEFINE(rss_plugin)
