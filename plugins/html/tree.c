/* SPDX-License-Identifier: MIT */
/*
 * The page as a compact node table, built from libxml2's SAX events.
 *
 * libxml2's forgiving HTML parser does the tag-soup repair (implied and
 * auto-closed elements come as events); no libxml2 tree is built. Each
 * element and text run becomes one pre-order hnode whose subtree is the
 * index range [i, end), so every later walk is a loop. Markup nested
 * deeper than MAX_DEPTH is attached to its ancestor at that depth (and
 * its elements get no node unless they still say something). Junk
 * (script, style, controls, <head> excepted) keeps its element but not its
 * content, except what metadata needs (<title>, JSON-LD). An inline
 * element with no attribute that says anything and only text inside (<b>,
 * a bare <span>) is folded into its parent when it closes: its text joins
 * the text around it, and the parent counts it as a child. Past HTML_NODE_BUDGET
 * live nodes the parse stops and the page is refused.
 */
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>

#include "html.h"

#define MAX_DEPTH 256
#define CAPTURE_MAX (1u << 20)   /* bytes of a <title> or JSON-LD kept */
#define PUSH_CHUNK (64u << 10)    /* bytes handed to libxml2 at a time */
#define FOLD_MAX 64               /* text nodes an inline element may hold to be folded */

/* ---- tags ---- */

/*
 * libxml2's HTML parser lower-cases element names, so a switch on the first
 * letter and a comparison of the rest finds the tag in a handful of byte
 * compares; this runs once for every element of every page.
 */
#define TAG(lit, t) do { if (strcmp(rest, (lit) + 1) == 0) return (t); } while (0)

int html_tag_of(const char *name)
{
	const char *n = name, *rest;

	if (!n || !n[0])
		return T_OTHER;
	rest = n + 1;
	switch (n[0]) {
	case 'a':
		TAG("a", T_A); TAG("article", T_ARTICLE); TAG("aside", T_ASIDE);
		TAG("address", T_ADDRESS); TAG("audio", T_AUDIO);
		break;
	case 'b':
		TAG("br", T_BR); TAG("body", T_BODY); TAG("button", T_BUTTON);
		TAG("blockquote", T_BLOCKQUOTE);
		break;
	case 'c':
		TAG("code", T_CODE); TAG("caption", T_CAPTION); TAG("center", T_CENTER);
		TAG("canvas", T_CANVAS);
		break;
	case 'd':
		TAG("div", T_DIV); TAG("dd", T_DD); TAG("dt", T_DT); TAG("dl", T_DL);
		TAG("details", T_DETAILS); TAG("dialog", T_DIALOG);
		break;
	case 'e':
		TAG("embed", T_EMBED);
		break;
	case 'f':
		TAG("figure", T_FIGURE); TAG("figcaption", T_FIGCAPTION);
		TAG("footer", T_FOOTER); TAG("form", T_FORM); TAG("fieldset", T_FIELDSET);
		break;
	case 'h':
		if (rest[0] >= '1' && rest[0] <= '6' && !rest[1])
			return T_H1 + (rest[0] - '1');
		TAG("head", T_HEAD); TAG("header", T_HEADER); TAG("hr", T_HR);
		TAG("html", T_HTML);
		break;
	case 'i':
		TAG("img", T_IMG); TAG("input", T_INPUT); TAG("iframe", T_IFRAME);
		break;
	case 'l':
		TAG("li", T_LI); TAG("link", T_LINK); TAG("label", T_LABEL);
		TAG("legend", T_LEGEND);
		break;
	case 'm':
		TAG("meta", T_META); TAG("main", T_MAIN); TAG("menu", T_MENU);
		TAG("math", T_MATH); TAG("map", T_MAP);
		break;
	case 'n':
		TAG("nav", T_NAV); TAG("noscript", T_NOSCRIPT);
		break;
	case 'o':
		TAG("ol", T_OL); TAG("option", T_OPTION); TAG("object", T_OBJECT);
		break;
	case 'p':
		TAG("p", T_P); TAG("picture", T_PICTURE); TAG("pre", T_PRE);
		break;
	case 's':
		TAG("span", T_OTHER); TAG("script", T_SCRIPT); TAG("section", T_SECTION);
		TAG("style", T_STYLE); TAG("svg", T_SVG); TAG("source", T_SOURCE);
		TAG("select", T_SELECT); TAG("summary", T_SUMMARY);
		break;
	case 't':
		TAG("td", T_TD); TAG("tr", T_TR); TAG("th", T_TH); TAG("table", T_TABLE);
		TAG("tbody", T_TBODY); TAG("thead", T_THEAD); TAG("tfoot", T_TFOOT);
		TAG("time", T_TIME); TAG("title", T_TITLE); TAG("template", T_TEMPLATE);
		TAG("textarea", T_TEXTAREA);
		break;
	case 'u':
		TAG("ul", T_UL);
		break;
	case 'v':
		TAG("video", T_VIDEO);
		break;
	default:
		break;
	}
	return T_OTHER;
}

#undef TAG


const unsigned char html_tag_props[T_COUNT] = {
	[T_ADDRESS] = P_BLOCK, [T_ARTICLE] = P_BLOCK, [T_ASIDE] = P_BLOCK | P_BOILER,
	[T_BLOCKQUOTE] = P_BLOCK, [T_BODY] = P_BLOCK, [T_CAPTION] = P_BLOCK,
	[T_CENTER] = P_BLOCK, [T_DD] = P_BLOCK, [T_DETAILS] = P_BLOCK,
	[T_DIALOG] = P_BLOCK | P_BOILER, [T_DIV] = P_BLOCK, [T_DL] = P_BLOCK,
	[T_DT] = P_BLOCK, [T_FIELDSET] = P_BLOCK, [T_FIGCAPTION] = P_BLOCK,
	[T_FIGURE] = P_BLOCK, [T_FOOTER] = P_BLOCK | P_BOILER, [T_FORM] = P_BLOCK,
	[T_H1] = P_BLOCK, [T_H2] = P_BLOCK, [T_H3] = P_BLOCK, [T_H4] = P_BLOCK,
	[T_H5] = P_BLOCK, [T_H6] = P_BLOCK, [T_HEADER] = P_BLOCK | P_BOILER,
	[T_HR] = P_BLOCK, [T_HTML] = P_BLOCK, [T_LI] = P_BLOCK, [T_MAIN] = P_BLOCK,
	[T_MENU] = P_BLOCK | P_BOILER, [T_NAV] = P_BLOCK | P_BOILER, [T_OL] = P_BLOCK,
	[T_P] = P_BLOCK, [T_PRE] = P_BLOCK, [T_SECTION] = P_BLOCK,
	[T_SUMMARY] = P_BLOCK, [T_TABLE] = P_BLOCK, [T_TBODY] = P_BLOCK,
	[T_TFOOT] = P_BLOCK, [T_THEAD] = P_BLOCK, [T_TR] = P_BLOCK, [T_UL] = P_BLOCK,
	[T_LEGEND] = P_BLOCK,
	[T_BUTTON] = P_JUNK, [T_SCRIPT] = P_JUNK, [T_STYLE] = P_JUNK,
	[T_NOSCRIPT] = P_JUNK, [T_TEMPLATE] = P_JUNK, [T_SVG] = P_JUNK,
	[T_IFRAME] = P_JUNK, [T_OBJECT] = P_JUNK, [T_EMBED] = P_JUNK,
	[T_INPUT] = P_JUNK, [T_SELECT] = P_JUNK, [T_TEXTAREA] = P_JUNK,
	[T_OPTION] = P_JUNK, [T_CANVAS] = P_JUNK, [T_AUDIO] = P_JUNK,
	[T_VIDEO] = P_JUNK, [T_SOURCE] = P_JUNK, [T_MAP] = P_JUNK, [T_HEAD] = P_JUNK,
	[T_TITLE] = P_JUNK, [T_META] = P_JUNK, [T_LINK] = P_JUNK,
};


/* the block kind of text inside a tag; 0 inherits from the parent */
#define K(kind) ((kind) + 1)
static const unsigned char tag_kind[T_COUNT] = {
	[T_H1] = K(CT_BLOCK_TITLE), [T_H2] = K(CT_BLOCK_HEADING),
	[T_H3] = K(CT_BLOCK_HEADING), [T_H4] = K(CT_BLOCK_HEADING),
	[T_H5] = K(CT_BLOCK_HEADING), [T_H6] = K(CT_BLOCK_HEADING),
	[T_LI] = K(CT_BLOCK_ITEM), [T_DT] = K(CT_BLOCK_ITEM), [T_DD] = K(CT_BLOCK_ITEM),
	[T_BLOCKQUOTE] = K(CT_BLOCK_QUOTE), [T_FIGCAPTION] = K(CT_BLOCK_CAPTION),
	[T_CAPTION] = K(CT_BLOCK_CAPTION),
};


/* ---- class/id hints ---- */

typedef struct hint_def {
	const char *pat;
	unsigned char len;
	unsigned short bits;
} hint_def;

#define HD(s, b) { s, sizeof(s) - 1, b }
#define U H_UNLIKELY
#define M H_MAYBE
#define P H_POSITIVE
#define N H_NEGATIVE

/* One table for every list, grouped by first character (see hint_index):
 * a class name is scanned once rather than once per word of each list. */
static const hint_def hint_defs[] = {
	HD("-ad-", U | N), HD("-bio", H_BYLINE),
	HD("ad-break", U), HD("adbox", U), HD("advert", U), HD("agegate", U),
	HD("and", M), HD("article", M | P), HD("author", H_BYLINE),
	HD("banner", U | N), HD("bio-", H_BYLINE), HD("blog", P), HD("body", M | P), HD("breadcrumb", U),
	HD("byline", N | H_BYLINE),
	HD("caption", H_CAPTION), HD("column", M), HD("com-", N), HD("combx", U | N), HD("comment", U | N),
	HD("community", U), HD("consent", U), HD("contact", N), HD("content", M | P),
	HD("cookie", U), HD("cover-wrap", U),
	HD("dateline", H_DATELINE), HD("disqus", U),
	HD("entry", P), HD("entry-date", H_DATELINE), HD("extra", U),
	HD("fallback-image", H_FALLBACK), HD("foot", N), HD("footer", U),
	HD("gdpr", U | N),
	HD("h-entry", P), HD("header", U), HD("hentry", P), HD("hidden", N),
	HD("legends", U),
	HD("main", M | P), HD("masthead", N), HD("media", N), HD("menu", U),
	HD("meta", N), HD("modal", U | N), HD("most-popular", U), HD("most-read", U), HD("mostread", U),
	HD("newsletter", U | N),
	HD("outbrain", U | N),
	HD("p-author", H_BYLINE), HD("page", P), HD("pager", U), HD("pagination", U | P),
	HD("popular", N), HD("popup", U), HD("post", P), HD("posted-on", H_DATELINE),
	HD("promo", N), HD("publish-date", H_DATELINE), HD("pubdate", H_DATELINE),
	HD("recommend", N), HD("related", U | N), HD("remark", U), HD("replies", U),
	HD("rss", U),
	HD("scroll", N), HD("shadow", M), HD("share", U | N | H_SHARE), HD("sharing", U),
	HD("shopping", N), HD("shoutbox", U | N), HD("sidebar", U | N), HD("signup", U),
	HD("skyscraper", U | N), HD("social", U | N), HD("sponsor", U | N), HD("story", P),
	HD("subscribe", U | N), HD("supplemental", U),
	HD("taboola", U), HD("tags", N), HD("text", P), HD("timestamp", H_DATELINE),
	HD("tool", N),
	HD("widget", N), HD("writtenby", H_BYLINE),
	HD("yom-remote", U),
};

#undef U
#undef M
#undef P
#undef N
#undef HD

#define NHINTS (sizeof(hint_defs) / sizeof(hint_defs[0]))

/* Where each first character's run of hint_defs starts and ends. */
typedef struct hint_index {
	unsigned char lo[128], hi[128];
} hint_index;

static void hint_index_init(hint_index *ix)
{
	size_t k;

	memset(ix, 0, sizeof(*ix));
	for (k = NHINTS; k-- > 0;) {
		unsigned char ch = (unsigned char)hint_defs[k].pat[0];

		if (!ix->hi[ch])
			ix->hi[ch] = (unsigned char)(k + 1);
		ix->lo[ch] = (unsigned char)k;
	}
}

/* The H_* bits of every hint found in s, compared case-insensitively. */
static unsigned int hint_bits(const hint_index *ix, const char *s)
{
	unsigned int bits = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		unsigned char ch = (unsigned char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
		size_t k, j;

		if (ch >= 128 || !ix->hi[ch])
			continue;
		for (k = ix->lo[ch]; k < ix->hi[ch]; k++) {
			const hint_def *d = &hint_defs[k];

			for (j = 1; j < d->len; j++) {
				unsigned char q = p[j];

				if (q >= 'A' && q <= 'Z')
					q += 32;
				if (q != (unsigned char)d->pat[j])
					break;   /* also stops at the terminating NUL */
			}
			if (j == d->len)
				bits |= d->bits;
		}
	}
	return bits;
}

static int class_weight_of(unsigned int bits)
{
	return ((bits & H_POSITIVE) ? 25 : 0) - ((bits & H_NEGATIVE) ? 25 : 0);
}

/* AMP components that carry ads, menus and widgets, never article text */
static const char *const amp_junk[] = {
	"amp-ad", "amp-analytics", "amp-consent", "amp-embed", "amp-iframe",
	"amp-sidebar", "amp-social-share", "amp-sticky-ad", "amp-user-notification",
	"amp-auto-ads", "amp-list", "amp-state", NULL
};


/* ---- attributes ---- */

const char *html_att(const xmlChar **atts, const char *name)
{
	size_t i;

	for (i = 0; atts && atts[i]; i += 2)
		if (strcasecmp((const char *)atts[i], name) == 0)
			return atts[i + 1] ? (const char *)atts[i + 1] : "";
	return NULL;
}

static int role_is_chrome(const char *role)
{
	static const char *const roles[] = {
		"navigation", "menu", "menubar", "complementary", "alert", "alertdialog",
		"dialog", NULL
	};
	const char *const *r;

	for (r = roles; *r; r++)
		if (strcasecmp(role, *r) == 0)
			return 1;
	return 0;
}

static int style_hides(const char *s)
{
	char buf[160];
	size_t n = 0;

	for (; *s && n + 1 < sizeof(buf); s++)
		if (*s != ' ' && *s != '\t')
			buf[n++] = (char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s);
	buf[n] = '\0';
	return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

/* FNV-1a of a class attribute: siblings are compared by it. */
static unsigned int class_hash(const char *s)
{
	unsigned int h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h ? h : 1;
}

/*
 * Everything extraction asks of an element's attributes, in one walk:
 * class and id (their hints and weight, the class's hash), hiding, a chrome
 * role, an author link, what a table says it is. Names come lower-cased
 * from the parser; the first of a repeated name wins.
 */
static void scan_attrs(html_ctx *c, hnode *h, helem *e, const hint_index *ix,
	const xmlChar **atts)
{
	const char *cls = NULL, *id = NULL, *style = NULL, *aria = NULL, *role = NULL;
	const char *rel = NULL, *ip = NULL, *label = NULL;
	unsigned int cb = 0, ib = 0;
	int hidden = 0;
	size_t i;

	for (i = 0; atts[i]; i += 2) {
		const char *nm = (const char *)atts[i], *v = atts[i + 1] ? (const char *)atts[i + 1] : "";

		switch (nm[0]) {
		case 'c':
			if (!cls && !strcmp(nm, "class"))
				cls = v;
			break;
		case 'i':
			if (!id && !strcmp(nm, "id"))
				id = v;
			else if (!ip && !strcmp(nm, "itemprop"))
				ip = v;
			break;
		case 'h':
			hidden |= !strcmp(nm, "hidden");
			break;
		case 'a':
			if (!aria && !strcmp(nm, "aria-hidden"))
				aria = v;
			else if (!label && !strcmp(nm, "aria-label"))
				label = v;
			break;
		case 's':
			if (!style && !strcmp(nm, "style"))
				style = v;
			break;
		case 'r':
			if (!role && !strcmp(nm, "role"))
				role = v;
			else if (!rel && !strcmp(nm, "rel"))
				rel = v;
			break;
		default:
			break;
		}
	}
	if (cls && *cls) {
		cb = hint_bits(ix, cls);
		e->cls = class_hash(cls);
	}
	if (id && *id)
		ib = hint_bits(ix, id);
	e->hints = (unsigned short)((cb | ib) & ~H_FALLBACK);
	e->weight = (short)(class_weight_of(cb) + class_weight_of(ib));
	if (role && role_is_chrome(role))
		e->hints |= H_ROLE;
	if (h->tag != T_A && h->tag != T_BUTTON && html_label_is_chrome(label)) {
		e->hints |= H_UNLIKELY;
		e->weight = (short)(e->weight - 25);
	}
	if ((rel && strcasecmp(rel, "author") == 0) || (ip && strstr(ip, "author")))
		e->hints |= H_AUTHOR;
	/* "media-caption", "image-caption": the words around it are no verdict
	 * on a caption of bare text, which is part of the story */
	if ((e->hints & H_CAPTION) && e->weight < 0 && !(e->hints & H_UNLIKELY))
		e->weight = 0;
	if (ip && strstr(ip, "articleBody")) {
		/* the publisher's own word outweighs names like
		 * "share-btns_containerParent", left by a widget that hooked
		 * itself onto the body */
		e->hints = (unsigned short)((e->hints & ~H_SHARE) | H_BODY);
		if (e->weight < 0)
			e->weight = 0;
	}
	c->weighted += e->weight != 0;
	/* a fallback image's alternate content is meant to be read */
	if (hidden || (aria && strcasecmp(aria, "true") == 0 && !(cb & H_FALLBACK)) ||
	    (style && style_hides(style)))
		h->flags |= NF_HIDDEN;
	if (h->tag == T_A)
		h->flags |= html_link_kind(html_att(atts, "href"), rel);
	if (h->tag == T_TABLE) {
		const char *a;

		if ((role && strcasecmp(role, "presentation") == 0) ||
		    ((a = html_att(atts, "datatable")) && strcmp(a, "0") == 0))
			h->flags |= NF_TBL_LAYOUT;
		else if ((a = html_att(atts, "summary")) && *a)
			h->flags |= NF_TBL_DATA;
	}
}

/* ---- text measures ---- */

/* Characters of visible text, a whitespace run counting as one. */
void html_measure_text(const char *s, int *chars, int *commas)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0, k = 0, space = 1;

	for (; *p; p++) {
		unsigned char ch = *p;

		if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
			if (!space)
				n++;
			space = 1;
			continue;
		}
		space = 0;
		if ((ch & 0xC0) != 0x80)
			n++;
		if (ch == ',')
			k++;
		else if (ch == 0xEF && p[1] == 0xBC && p[2] == 0x8C)
			k++;   /* fullwidth comma */
	}
	*chars = n;
	*commas = k;
}

/* ---- building ---- */

typedef struct open_el {
	int idx;                 /* its node, -1 when it has none (inside junk) */
	unsigned int kids : 30;  /* its element children in the table */
	unsigned int foldable : 1;   /* an inline element that says nothing */
	unsigned int skip_root : 1;  /* its content is skipped */
} open_el;

typedef struct builder {
	html_ctx *c;
	htmlParserCtxtPtr ctxt;
	hint_index ix;
	open_el *stack;
	size_t depth, scap;
	int cur;                 /* where new nodes attach (-1 before the root) */
	int done;                /* the root element closed: the rest is ignored */
	size_t skipping;         /* > 0: inside skipped content, this many deep */
	int capture;             /* 0, T_TITLE or T_SCRIPT (JSON-LD) being read */
	char *cap;               /* what is captured, host-allocated */
	size_t caplen, capcap;
	int text_open;           /* the last node is text the next characters extend */
} builder;

static void stop(builder *b, int err)
{
	if (!b->c->err)
		b->c->err = err;
	xmlStopParser(b->ctxt);
}

static int grow(builder *b, void **p, size_t *cap, size_t need, size_t size)
{
	size_t nc = *cap ? *cap : need > 256 ? need : 256;
	void *np;

	if (need <= *cap)
		return 0;
	while (nc < need)
		nc += nc / 2 + 16;
	if (!(np = b->c->host->realloc(*p, nc * size))) {
		stop(b, b->c->host->fail(b->c->sink, CT_PLUGIN_ENOMEM, "out of memory"));
		return -1;
	}
	*p = np;
	*cap = nc;
	return 0;
}

/* The chunk that holds item `index` (a multiple of HTML_CHUNK), made when
 * the table reaches it; a chunk left over by a fold is reused. */
static int add_chunk(builder *b, void ***chunks, size_t *nchunks, size_t index, size_t size)
{
	size_t k = index >> HTML_CHUNK_BITS;
	void **nc;

	if (k < *nchunks)
		return 0;
	if (!(k & (k - 1))) {
		/* the table of chunks doubles at each power of two */
		if (!(nc = b->c->host->realloc(*chunks, (k ? 2 * k : 1) * sizeof(*nc)))) {
			stop(b, b->c->host->fail(b->c->sink, CT_PLUGIN_ENOMEM, "out of memory"));
			return -1;
		}
		*chunks = nc;
	}
	if (!((*chunks)[k] = b->c->host->alloc(HTML_CHUNK * size))) {
		stop(b, b->c->host->fail(b->c->sink, CT_PLUGIN_ENOMEM, "out of memory"));
		return -1;
	}
	*nchunks = k + 1;
	return 0;
}

void html_tables_free(html_ctx *c)
{
	size_t k;

	for (k = 0; k < c->nchunks; k++)
		c->host->free(c->nodes[k]);
	for (k = 0; k < c->echunks; k++)
		c->host->free(c->elems[k]);
	c->host->free(c->nodes);
	c->host->free(c->elems);
	c->host->free(c->text);
	c->nodes = NULL;
	c->elems = NULL;
	c->text = NULL;
	c->nchunks = c->echunks = 0;
}

/* The parent a node really has: what libxml2 nested inside a void <embed>
 * belongs to the embed's own parent, as in a browser's tree. */
static int real_parent(const html_ctx *c, int cur)
{
	while (cur >= 0 && html_node(c, cur)->tag == T_EMBED)
		cur = html_node(c, cur)->parent;
	return cur;
}

static int push_node(builder *b, int tag)
{
	html_ctx *c = b->c;
	int parent = real_parent(c, b->cur);
	hnode *h;

	if (c->count >= HTML_NODE_BUDGET) {
		stop(b, c->host->fail(c->sink, CT_PLUGIN_ETOOBIG,
			"page has over %d elements and text runs, more than any article; refused",
			HTML_NODE_BUDGET));
		return -1;
	}
	if ((c->count & (HTML_CHUNK - 1)) == 0 &&
	    add_chunk(b, (void ***)&c->nodes, &c->nchunks, c->count, sizeof(hnode)) < 0)
		return -1;
	h = html_node(c, c->count);
	memset(h, 0, sizeof(*h));
	h->tag = (unsigned)tag;
	h->parent = parent;
	if (html_tag_props[tag] & P_BLOCK)
		h->flags |= NF_BLOCK;
	if (html_tag_props[tag] & P_JUNK)
		h->flags |= NF_JUNK;
	if (parent >= 0) {
		hnode *p = html_node(c, parent);

		h->kind = tag_kind[tag] ? tag_kind[tag] - 1u : p->kind;
		if (tag != T_TEXT && ((html_tag_props[tag] & P_BLOCK) || tag == T_IMG))
			p->flags |= NF_HASBLOCK;
		h->flags |= p->flags & (NF_INTABLE | NF_INFIG);
	} else {
		h->kind = CT_BLOCK_PARAGRAPH;
	}
	if (tag == T_TABLE || tag == T_CODE || tag == T_PRE)
		h->flags |= NF_INTABLE;
	if (tag == T_FIGURE)
		h->flags |= NF_INFIG;
	return (int)c->count++;
}

static int push_open(builder *b, int idx, int foldable, int skip_root)
{
	open_el *e;

	if (grow(b, (void **)&b->stack, &b->scap, b->depth + 1, sizeof(*b->stack)) < 0)
		return -1;
	if (b->depth > 0 && idx >= 0)
		b->stack[b->depth - 1].kids++;
	e = &b->stack[b->depth++];
	e->idx = idx;
	e->kids = 0;
	e->foldable = foldable != 0;
	e->skip_root = skip_root != 0;
	return 0;
}

static void capture_put(builder *b, const char *s, size_t n)
{
	if (b->caplen + n > CAPTURE_MAX)
		n = CAPTURE_MAX - b->caplen;
	if (!n || grow(b, (void **)&b->cap, &b->capcap, b->caplen + n + 1, 1) < 0)
		return;
	memcpy(b->cap + b->caplen, s, n);
	b->caplen += n;
	b->cap[b->caplen] = '\0';
}

/*
 * Past MAX_DEPTH an element holds nothing of its own (what it holds goes
 * to its ancestor at that depth): an inline one adds nothing there, a
 * block one only a break between the text runs around it, which an empty
 * block node just before it already makes. Such elements get no node, so
 * a page of a million unclosed <x> or <ul> costs the parser's stacks, not
 * the table. Junk, images, breaks and what metadata reads keep theirs.
 */
static int too_deep_to_matter(const builder *b, int tag, const char *name)
{
	const html_ctx *c = b->c;
	const hnode *last;
	const helem *le;

	if (b->depth < MAX_DEPTH || (html_tag_props[tag] & P_JUNK) || tag == T_IMG ||
	    tag == T_BR || tag == T_TIME || tag == T_MATH || tag == T_BODY || tag == T_HTML ||
	    (tag == T_OTHER && !strncmp(name, "amp-", 4)))
		return 0;
	if (!(html_tag_props[tag] & P_BLOCK))
		return 1;
	if (!c->count)
		return 0;
	last = html_node(c, (int)c->count - 1);
	if (last->tag == T_TEXT || !(last->flags & NF_BLOCK) ||
	    (last->flags & (NF_JUNK | NF_HIDDEN)) || last->parent != real_parent(c, b->cur))
		return 0;
	le = html_el(c, (int)c->count - 1);
	return !le->hints && !le->weight;
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	builder *b = ctx;
	html_ctx *c = b->c;
	const char *name = (const char *)xname;
	int tag, idx, depth = (int)b->depth, foldable, descend;
	hnode *h;
	helem *e;

	b->text_open = 0;
	if (c->err)
		return;
	if (b->skipping || b->done) {
		b->skipping += b->skipping > 0;
		push_open(b, -1, 0, 0);
		return;
	}
	tag = html_tag_of(name);
	if (too_deep_to_matter(b, tag, name)) {
		push_open(b, -1, 0, 0);
		return;
	}
	if ((idx = push_node(b, tag)) < 0 ||
	    ((c->nel & (HTML_CHUNK - 1)) == 0 &&
	     add_chunk(b, (void ***)&c->elems, &c->echunks, c->nel, sizeof(helem)) < 0))
		return;
	h = html_node(c, idx);
	h->aux = (unsigned int)c->nel;
	e = html_elem(c, c->nel++);
	memset(e, 0, sizeof(*e));
	if (tag == T_OTHER && !strncmp(name, "amp-", 4)) {
		const char *const *a;

		for (a = amp_junk; *a; a++)
			if (!strcmp(name, *a))
				h->flags |= NF_JUNK;
	}
	if (tag == T_BODY && c->body < 0)
		c->body = idx;
	if (tag == T_MATH) {
		int a;

		/* stop where an earlier formula already marked the path */
		for (a = idx; a >= 0 && !(html_node(c, a)->flags & NF_MATH); a = html_node(c, a)->parent)
			html_node(c, a)->flags |= NF_MATH;
	}
	if (atts)
		scan_attrs(c, h, e, &b->ix, atts);
	if (tag == T_HTML || tag == T_META || tag == T_LINK || tag == T_TIME)
		html_meta_start(c, tag, atts);
	foldable = tag == T_OTHER && !(h->flags & (NF_JUNK | NF_HIDDEN)) && !e->hints &&
		   !e->weight;
	/* head is junk as text but holds the metadata; <embed> is a void
	 * element that libxml2 lets swallow what follows it */
	descend = !(h->flags & NF_JUNK) || tag == T_HEAD || tag == T_EMBED;
	if (push_open(b, idx, foldable, !descend) < 0)
		return;
	if (!descend) {
		const char *type;

		b->skipping = 1;
		b->caplen = 0;
		b->capture = tag == T_TITLE ? T_TITLE :
			     tag == T_SCRIPT && (type = html_att(atts, "type")) &&
			     strcasecmp(type, "application/ld+json") == 0 ? T_SCRIPT : 0;
	} else if (depth < MAX_DEPTH) {
		b->cur = idx;
	}
}

/*
 * Text nodes from `from` on (what a fold moved up) joined to the text
 * before them, as they read: "a<b>1</b>" is one run. Text nodes follow
 * each other in the arena in table order, so two neighbours in the table
 * are neighbours there, the first's NUL between them.
 */
static void join_text(html_ctx *c, int from)
{
	size_t i = (size_t)from;

	while (i < c->count) {
		hnode *h = html_node(c, (int)i), *prev = html_node(c, (int)i - 1);
		size_t j;

		if (h->tag != T_TEXT || prev->tag != T_TEXT || h->parent != prev->parent) {
			i++;
			continue;
		}
		memmove(c->text + h->aux - 1, c->text + h->aux, c->tlen - h->aux);
		c->tlen--;
		for (j = i; j + 1 < c->count; j++) {
			hnode *n = html_node(c, (int)j);

			*n = *html_node(c, (int)j + 1);
			n->aux--;   /* text nodes all, after the joined one in the arena */
		}
		c->count--;
	}
}

/* Fold node k (an inline element with only text inside) into its parent:
 * its text nodes move up one place and become the parent's. */
static void fold(html_ctx *c, int k)
{
	int parent = html_node(c, k)->parent;
	size_t j;

	for (j = (size_t)k; j + 1 < c->count; j++) {
		hnode *h = html_node(c, (int)j);

		*h = *html_node(c, (int)j + 1);
		if (h->parent == k)
			h->parent = parent;
		else if (h->parent > k)
			h->parent--;
	}
	c->count--;
	/* its helem was the last one made: no element came after it */
	c->nel--;
	if (parent >= 0 && html_el(c, parent)->nfolded < 255)
		html_el(c, parent)->nfolded++;
	join_text(c, k > 0 ? k : 1);
}

static void on_end(void *ctx, const xmlChar *name)
{
	builder *b = ctx;
	html_ctx *c = b->c;
	open_el e;

	(void)name;
	b->text_open = 0;
	if (!b->depth)
		return;
	e = b->stack[--b->depth];
	if (b->skipping) {
		if (!e.skip_root) {
			b->skipping--;
			return;
		}
		b->skipping = 0;
		if (b->capture == T_TITLE && b->cap)
			html_meta_title(c, b->cap, b->caplen);
		else if (b->capture == T_SCRIPT && b->cap)
			html_meta_json(c, b->cap);
		b->capture = 0;
	}
	if (e.idx >= 0) {
		/* nodes attach to the parent again (its own node: a node's
		 * parent element always has one), unless it was too deep to be
		 * attached to at all */
		if (b->depth < MAX_DEPTH)
			b->cur = b->depth > 0 ? b->stack[b->depth - 1].idx : -1;
		/* a fold moves what lies inside: not too much (nested spans
		 * around a long run would make it quadratic) */
		if (e.foldable && !e.kids && !c->err &&
		    c->count - (size_t)e.idx - 1 <= FOLD_MAX) {
			fold(c, e.idx);
			if (b->depth > 0)
				b->stack[b->depth - 1].kids--;
			/* and the text that follows joins it too */
			b->text_open = c->count > 0 && html_node(c, (int)c->count - 1)->tag == T_TEXT &&
				html_node(c, (int)c->count - 1)->parent == real_parent(c, b->cur);
		}
	}
	if (b->depth == 0 && c->count)
		b->done = 1;
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	builder *b = ctx;
	html_ctx *c = b->c;
	size_t n = len > 0 ? (size_t)len : 0;
	int idx;

	if (c->err || !n)
		return;
	if (b->skipping) {
		if (b->capture)
			capture_put(b, (const char *)ch, n);
		return;
	}
	if (b->done || b->cur < 0)
		return;
	if (b->text_open) {
		/* the same text node, delivered in pieces: drop its NUL, go on */
		if (grow(b, (void **)&c->text, &c->tcap, c->tlen + n, 1) < 0)
			return;
		memcpy(c->text + c->tlen - 1, ch, n);
		c->tlen += n;
		c->text[c->tlen - 1] = '\0';
		return;
	}
	if (c->tlen + n + 1 > 0xffffffffu) {
		stop(b, c->host->fail(c->sink, CT_PLUGIN_ETOOBIG, "page text over 4 GB"));
		return;
	}
	if ((idx = push_node(b, T_TEXT)) < 0 ||
	    grow(b, (void **)&c->text, &c->tcap, c->tlen + n + 1, 1) < 0)
		return;
	html_node(c, idx)->aux = (unsigned int)c->tlen;
	memcpy(c->text + c->tlen, ch, n);
	c->tlen += n;
	c->text[c->tlen++] = '\0';
	b->text_open = 1;
}

/* A comment or processing instruction: a node of libxml2's tree, so the
 * text on either side are two text nodes there; here too. */
static void on_break(void *ctx, const xmlChar *a, const xmlChar *d)
{
	(void)a;
	(void)d;
	((builder *)ctx)->text_open = 0;
}

static void on_comment(void *ctx, const xmlChar *v)
{
	(void)v;
	((builder *)ctx)->text_open = 0;
}

/* libxml2 reports through these even with NOERROR; stay quiet. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static void init_sax(htmlSAXHandler *sax)
{
	memset(sax, 0, sizeof(*sax));
	sax->startElement = on_start;
	sax->endElement = on_end;
	sax->characters = on_text;
	sax->cdataBlock = on_text;
	sax->comment = on_comment;
	sax->processingInstruction = on_break;
	sax->error = quiet;
	sax->warning = quiet;
	sax->serror = quiet_structured;
	sax->initialized = 1;
}

int html_build(html_ctx *c, const char *data, size_t len)
{
	const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		HTML_PARSE_NONET | HTML_PARSE_NODEFDTD | HTML_PARSE_IGNORE_ENC |
		XML_PARSE_HUGE;   /* deep markup is parsed; our walks are loops */
	xmlGenericErrorFunc old;
	xmlStructuredErrorFunc old_s;
	void *old_ctx, *old_sctx;
	htmlSAXHandler sax;
	builder b;
	size_t i, off = 0;

	c->body = -1;
	if (len == 0)
		return 0;
	memset(&b, 0, sizeof(b));
	b.c = c;
	b.cur = -1;
	hint_index_init(&b.ix);
	init_sax(&sax);
	/* our own handlers only, no libxml2 tree; pushed a chunk at a time so
	 * libxml2 holds a window of the input, not a copy of it */
	if (!(b.ctxt = htmlCreatePushParserCtxt(&sax, &b, NULL, 0, NULL, XML_CHAR_ENCODING_NONE)))
		return c->host->fail(c->sink, CT_PLUGIN_ENOMEM, "out of memory");
	htmlCtxtUseOptions(b.ctxt, opts);
	b.ctxt->vctxt.error = quiet;
	b.ctxt->vctxt.warning = quiet;
	/* the input is UTF-8 already (the host decoded it); unset, libxml2 2.9
	 * takes the first non-ASCII byte as a hint of Latin-1 */
	b.ctxt->charset = XML_CHAR_ENCODING_UTF8;
	/* encoding errors go to the thread's generic handler: silence it for
	 * this parse only, and put back whatever the caller had */
	old = xmlGenericError;
	old_ctx = xmlGenericErrorContext;
	old_s = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	do {
		size_t n = len - off < PUSH_CHUNK ? len - off : PUSH_CHUNK;

		htmlParseChunk(b.ctxt, data + off, (int)n, off + n == len);
		off += n;
	} while (off < len && !c->err);
	xmlSetGenericErrorFunc(old_ctx, old);
	xmlSetStructuredErrorFunc(old_sctx, old_s);
	if (b.ctxt->myDoc)
		xmlFreeDoc(b.ctxt->myDoc);
	b.ctxt->myDoc = NULL;
	htmlFreeParserCtxt(b.ctxt);
	c->host->free(b.stack);
	c->host->free(b.cap);
	if (c->err)
		return c->err;
	if (c->body < 0)
		c->body = 0;
	for (i = 0; i < c->count; i++)
		html_node(c, i)->end = (int)i + 1;
	for (i = c->count; i-- > 0;) {
		int p = html_node(c, i)->parent;

		if (p >= 0 && html_node(c, p)->end < html_node(c, i)->end)
			html_node(c, p)->end = html_node(c, i)->end;
	}
	return 0;
}
