/* SPDX-License-Identifier: MIT */
/*
 * RSS/Atom/RDF/CDF parser plugin: the entry point, loading and sniffing.
 *
 * The host decodes the bytes to UTF-8; libxml2 parses them (no network, no
 * external entities, no DTD loading) into a tree of our own (tree.c),
 * walked once by items.c, whose text constructs construct.c reads. Each
 * item/entry becomes a section with its metadata, its title as a heading
 * block and its body; HTML in titles, summaries and bodies goes through
 * the host's HTML plugin so item text is normalized like any page.
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

#include "claimtrack/plugin.h"
#include "rss.h"

/* Feeds are small; anything this large is an archive dump or an attack. */
#define RSS_MAX_INPUT (32u * 1024 * 1024)
/* Text produced by expanding internal entities, per byte of input. */
#define RSS_ENTITY_RATIO 10
#define RSS_ENTITY_FLOOR (1u * 1024 * 1024)

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
	if (p >= end || !rss_is_name_char(*p, 1))
		return 0;
	while (p < end && rss_is_name_char(*p, 0))
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
			if (b.cap && rss_sb_put(c, &b, p, (size_t)(q - p)) < 0)
				goto fail;
			p = q;
			continue;
		}
		if (*p == '&' && !reference_len(p, end)) {
			if (!b.cap && rss_sb_put(c, &b, data, (size_t)(p - data)) < 0)
				goto fail;
			if (rss_sb_puts(c, &b, "&amp;") < 0)
				goto fail;
			bare++;
			p++;
			continue;
		}
		n = 1;
		if (b.cap && rss_sb_put(c, &b, p, n) < 0)
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
	if (rss_sb_reserve(&c, &c.raw, 1024) < 0 || rss_sb_reserve(&c, &c.text, 256) < 0)
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
	if (rss_ieq(local, "rss") || rss_ieq(local, "rdf")) {
		c.dialect = rss_ieq(local, "rss") ? D_RSS : D_RDF;
		c.core_ns = c.dialect == D_RSS ? root->href : NULL;
		for (n = root->children; n && !chan; n = n->next)
			if (n->elem && rss_ieq(n->name, "channel"))
				chan = n;
		if (chan && chan->href && !c.core_ns)
			c.core_ns = chan->href;
	} else if (rss_ieq(local, "feed") || rss_ieq(local, "entry")) {
		c.dialect = D_ATOM;
		c.core_ns = root->href;
	} else if (rss_ieq(local, "channel")) {
		c.dialect = D_CDF;
		c.core_ns = root->href;
		chan = root;
	} else {
		c.err = host->fail(sink, CT_PLUGIN_EINVAL,
			"not an RSS, Atom or RDF feed: the root element is <%s>", (const char *)root->name);
		goto out;
	}

	if (c.dialect == D_ATOM && rss_ieq(local, "entry")) {
		rss_emit_item(&c, root);   /* a lone Atom entry document */
		goto out;
	}
	if (rss_emit_feed_meta(&c, chan ? chan : root, root) < 0)
		goto out;
	if (c.dialect == D_ATOM) {
		rss_emit_items(&c, root, "entry", 0, NULL);
	} else {
		if (chan)
			rss_emit_items(&c, chan, "item", 0, NULL);
		if (chan != root)
			rss_emit_items(&c, root, "item", 0, chan);
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
	rss_parse,
	0   /* features: no region= */
};

CT_PLUGIN_DEFINE(rss_plugin)
