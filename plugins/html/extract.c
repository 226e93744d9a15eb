/*
 * Main-content extraction over a flattened DOM.
 *
 * The libxml2 tree is copied into a pre-order array (hnode) whose subtrees
 * are index ranges [i, end): every walk is a loop, never a recursion, and
 * markup nested deeper than MAX_DEPTH is attached to its ancestor at that
 * depth so no per-depth cost grows without bound.
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

#define MAX_DEPTH 256
#define MIN_PARA 25
#define ENOUGH_TEXT 500

/* attempt flags */
#define A_STRIP  0x1u   /* drop unlikely candidates and boilerplate tags */
#define A_WEIGHT 0x2u   /* use class/id hints */
#define A_CLEAN  0x4u   /* conditional cleaning of the article */

#define NF_INDATA 0x1000u  /* inside a data table */
#define NF_INFIG  0x4000u  /* a figure or inside one */
#define NF_MATH   0x8000u  /* holds MathML */

/* ---- tags ---- */

/*
 * libxml2's HTML parser lower-cases element names, so a switch on the first
 * letter and a comparison of the rest finds the tag in a handful of byte
 * compares; this runs once for every element of every page.
 */
#define TAG(lit, t) do { if (strcmp(rest, (lit) + 1) == 0) return (t); } while (0)

int html_tag_of(const xmlChar *name)
{
	const char *n = (const char *)name, *rest;

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

#define P_BLOCK  0x01u
#define P_JUNK   0x02u
#define P_BOILER 0x04u   /* dropped in strict mode */

static const unsigned char tag_props[T_COUNT] = {
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

const char *html_attr(const xmlNode *x, const char *name)
{
	const xmlAttr *a;

	for (a = x->properties; a; a = a->next) {
		if (a->name && strcasecmp((const char *)a->name, name) == 0) {
			if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
				return (const char *)a->children->content;
			return "";
		}
	}
	return NULL;
}

/* ---- class/id hints ---- */

/* What a class or id name says about its element (hnode.hints). */
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
	HD("-ad-", U | N),
	HD("ad-break", U), HD("adbox", U), HD("advert", U), HD("agegate", U),
	HD("and", M), HD("article", M | P), HD("author", H_BYLINE),
	HD("banner", U | N), HD("blog", P), HD("body", M | P), HD("breadcrumb", U),
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

/* ---- flattening ---- */

static void measure_text(const char *s, int *chars, int *commas);

static int push_node(html_ctx *c, xmlNode *x, int tag, int parent, int depth)
{
	hnode *h;

	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		hnode *nn;

		if (c->count >= 0x3fffffff)
			return c->host->fail(c->sink, CT_PLUGIN_ETOOBIG, "too many HTML nodes");
		if (!(nn = c->host->realloc(c->n, cap * sizeof(*nn))))
			return c->host->fail(c->sink, CT_PLUGIN_ENOMEM, "out of memory");
		c->n = nn;
		c->cap = cap;
	}
	h = &c->n[c->count];
	memset(h, 0, sizeof(*h));
	h->x = x;
	h->tag = (unsigned char)tag;
	h->parent = parent;
	h->depth = (short)depth;
	if (tag_props[tag] & P_BLOCK)
		h->flags |= NF_BLOCK;
	if (tag_props[tag] & P_JUNK)
		h->flags |= NF_JUNK;
	if (parent >= 0) {
		h->kind = tag_kind[tag] ? tag_kind[tag] - 1 : c->n[parent].kind;
		if (tag != T_TEXT && ((tag_props[tag] & P_BLOCK) || tag == T_IMG))
			c->n[parent].flags |= NF_HASBLOCK;
		h->flags |= c->n[parent].flags & (NF_INTABLE | NF_INFIG);
	} else {
		h->kind = CT_BLOCK_PARAGRAPH;
	}
	if (tag == T_TABLE || tag == T_CODE || tag == T_PRE)
		h->flags |= NF_INTABLE;
	if (tag == T_FIGURE)
		h->flags |= NF_INFIG;
	return (int)c->count++;
}

static const char *attr_value(const xmlAttr *a)
{
	if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
		return (const char *)a->children->content;
	return "";
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

/*
 * Everything extraction asks of an element's attributes, in one walk of
 * its attribute list: class and id (kept, with their hints and weight),
 * hiding, a chrome role, an author link. Attribute names come lower-cased
 * from the parser; the first of a repeated name wins, as in html_attr().
 */
static void scan_attrs(html_ctx *c, hnode *h, const hint_index *ix)
{
	const xmlAttr *a;
	const char *style = NULL, *aria = NULL, *role = NULL, *rel = NULL, *ip = NULL;
	unsigned int cb = 0, ib = 0;
	int hidden = 0;

	for (a = h->x->properties; a; a = a->next) {
		const char *nm = (const char *)a->name;

		if (!nm)
			continue;
		switch (nm[0]) {
		case 'c':
			if (!h->cls && !strcmp(nm, "class"))
				h->cls = attr_value(a);
			break;
		case 'i':
			if (!h->id && !strcmp(nm, "id"))
				h->id = attr_value(a);
			else if (!ip && !strcmp(nm, "itemprop"))
				ip = attr_value(a);
			break;
		case 'h':
			hidden |= !strcmp(nm, "hidden");
			break;
		case 'a':
			if (!aria && !strcmp(nm, "aria-hidden"))
				aria = attr_value(a);
			break;
		case 's':
			if (!style && !strcmp(nm, "style"))
				style = attr_value(a);
			break;
		case 'r':
			if (!role && !strcmp(nm, "role"))
				role = attr_value(a);
			else if (!rel && !strcmp(nm, "rel"))
				rel = attr_value(a);
			break;
		default:
			break;
		}
	}
	if (h->cls && *h->cls)
		cb = hint_bits(ix, h->cls);
	if (h->id && *h->id)
		ib = hint_bits(ix, h->id);
	h->hints = (unsigned short)((cb | ib) & ~H_FALLBACK);
	h->weight = (short)(class_weight_of(cb) + class_weight_of(ib));
	if (role && role_is_chrome(role))
		h->hints |= H_ROLE;
	if ((rel && strcasecmp(rel, "author") == 0) || (ip && strstr(ip, "author")))
		h->hints |= H_AUTHOR;
	/* "media-caption", "image-caption": the words around it are no verdict
	 * on a caption of bare text, which is part of the story */
	if ((h->hints & H_CAPTION) && h->weight < 0 && !(h->hints & H_UNLIKELY))
		h->weight = 0;
	if (ip && strstr(ip, "articleBody")) {
		/* the publisher's own word outweighs names like
		 * "share-btns_containerParent", left by a widget that hooked
		 * itself onto the body */
		h->hints = (unsigned short)((h->hints & ~H_SHARE) | H_BODY);
		if (h->weight < 0)
			h->weight = 0;
	}
	c->weighted += h->weight != 0;
	/* a fallback image's alternate content is meant to be read */
	if (hidden || (aria && strcasecmp(aria, "true") == 0 && !(cb & H_FALLBACK)) ||
	    (style && style_hides(style)))
		h->flags |= NF_HIDDEN;
}

/* The parent a node really has: what libxml2 nested inside a void <embed>
 * belongs to the embed's own parent, as in a browser's tree. */
static int real_parent(const html_ctx *c, int cur)
{
	while (cur >= 0 && c->n[cur].tag == T_EMBED)
		cur = c->n[cur].parent;
	return cur;
}

int html_flatten(html_ctx *c, xmlNode *root)
{
	xmlNode *x = root;
	int cur = -1, depth = 0, idx;
	size_t i;
	hint_index ix;

	hint_index_init(&ix);
	c->body = -1;
	while (x) {
		int descend = 0;

		idx = -1;
		if (x->type == XML_ELEMENT_NODE) {
			int tag = html_tag_of(x->name);

			if ((idx = push_node(c, x, tag, real_parent(c, cur), depth)) < 0)
				return idx;
			/* <object>'s children are fallback content meant to be read
			 * where the object cannot play; in a feed item body, keep it */
			if (tag == T_OBJECT && c->opts && (c->opts->flags & CT_PARSE_FRAGMENT))
				c->n[idx].flags &= ~NF_JUNK;
			if (tag == T_OTHER && x->name && !strncmp((const char *)x->name, "amp-", 4)) {
				const char *const *a;

				for (a = amp_junk; *a; a++)
					if (!strcmp((const char *)x->name, *a))
						c->n[idx].flags |= NF_JUNK;
			}
			if (tag == T_BODY && c->body < 0)
				c->body = idx;
			if (tag == T_MATH) {
				int a;

				/* stop where an earlier formula already marked the path */
				for (a = idx; a >= 0 && !(c->n[a].flags & NF_MATH); a = c->n[a].parent)
					c->n[a].flags |= NF_MATH;
			}
			if (x->properties)
				scan_attrs(c, &c->n[idx], &ix);
			/* head is junk as text but holds the metadata; <embed> is a
			 * void element that libxml2 lets swallow what follows it */
			descend = x->children && (!(c->n[idx].flags & NF_JUNK) || tag == T_HEAD ||
				tag == T_EMBED);
		} else if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) &&
			   x->content && cur >= 0) {
			if ((idx = push_node(c, x, T_TEXT, real_parent(c, cur), depth)) < 0)
				return idx;
			measure_text((const char *)x->content, &c->n[idx].tchars,
				&c->n[idx].tcommas);
		}
		if (descend) {
			if (depth < MAX_DEPTH)
				cur = idx;
			depth++;
			x = x->children;
			continue;
		}
		/* next sibling, else climb until an ancestor has one */
		while (x) {
			if (x == root) {
				x = NULL;
				break;
			}
			if (x->next) {
				x = x->next;
				break;
			}
			x = x->parent;
			depth--;
			if (depth < MAX_DEPTH && cur >= 0)
				cur = c->n[cur].parent;
			if (x == root)
				x = NULL;
		}
	}
	if (c->body < 0)
		c->body = 0;
	for (i = 0; i < c->count; i++)
		c->n[i].end = (int)i + 1;
	for (i = c->count; i-- > 0;) {
		int p = c->n[i].parent;

		if (p >= 0 && c->n[p].end < c->n[i].end)
			c->n[p].end = c->n[i].end;
	}
	return 0;
}

/* ---- text measures ---- */

/* Characters of visible text, a whitespace run counting as one. */
static void measure_text(const char *s, int *chars, int *commas)
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

/* Does the text under i contain ". " or end with "."? (prose, not a label) */
static int reads_like_sentence(const html_ctx *c, int i)
{
	int j, last_dot = 0;

	for (j = i; j < c->n[i].end; j++) {
		const char *s;

		if (c->n[j].tag != T_TEXT || !(s = (const char *)c->n[j].x->content))
			continue;
		for (; *s; s++) {
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
		hnode *t = &c->n[i];
		const char *a;
		int rows = 0, cols = 0, cells = 0, data = -1;

		if (t->tag != T_TABLE)
			continue;
		if ((a = html_attr(t->x, "role")) && strcasecmp(a, "presentation") == 0)
			data = 0;
		else if ((a = html_attr(t->x, "datatable")) && strcmp(a, "0") == 0)
			data = 0;
		else if ((a = html_attr(t->x, "summary")) && *a)
			data = 1;
		for (j = (int)i + 1; data < 0 && j < t->end; j++) {
			switch (c->n[j].tag) {
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
				c->n[j].flags |= NF_INDATA;
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

	for (j = i; j < c->n[i].end; j++)
		if (c->n[j].tag == T_TEXT)
			n += c->n[j].tchars;
	return n;
}

static int is_byline(html_ctx *c, int i)
{
	int len;

	if (!(c->n[i].hints & (H_AUTHOR | H_BYLINE)))
		return 0;
	len = text_len_of(c, i);
	return len > 0 && len < 100;
}

static int in_article(const html_ctx *c, int i)
{
	int p;

	for (p = c->n[i].parent; p >= 0; p = c->n[p].parent)
		if (c->n[p].tag == T_ARTICLE)
			return 1;
	return 0;
}

/* An article's own <header> goes as chrome, but its byline names the
 * author: take it before the subtree is dropped unseen. */
static void header_byline(html_ctx *c, int i)
{
	int j;

	for (j = i + 1; j < c->n[i].end; j++) {
		if (c->n[j].flags & (NF_JUNK | NF_HIDDEN)) {
			j = c->n[j].end - 1;
			continue;
		}
		if (c->n[j].hints && is_byline(c, j)) {
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

	for (i = 0; i < c->count; i++) {
		hnode *h = &c->n[i];

		h->flags &= (unsigned short)~(NF_DROP | NF_CLEAN | NF_CAND | NF_KEEP);
		h->score = 0;
	}
	for (i = 0; i < c->count;) {
		hnode *h = &c->n[i];
		int drop = 0;

		if (h->tag == T_TEXT) {
			i++;
			continue;
		}
		if (h->flags & (NF_JUNK | NF_HIDDEN)) {
			drop = 1;
		} else if (flags & A_STRIP) {
			if ((tag_props[h->tag] & P_BOILER) && (int)i != c->body)
				drop = 1;
			else if (h->hints & H_ROLE)
				drop = 1;
		}
		if (!drop && h->hints && h->tag != T_BODY && h->tag != T_HTML) {
			if (!bylines && is_byline(c, (int)i)) {
				bylines++;
				h->flags |= NF_BYLINE;
				html_meta_byline(c, (int)i);
				drop = 1;
			} else if ((h->hints & H_DATELINE) && text_len_of(c, (int)i) < 100) {
				drop = 1;
			} else if ((flags & A_STRIP) && !(h->flags & NF_INTABLE) &&
				   h->tag != T_A && h->tag != T_ARTICLE && h->tag != T_MAIN &&
				   (h->hints & (H_UNLIKELY | H_MAYBE | H_BODY)) == H_UNLIKELY &&
				   /* math renderers (MathJax, KaTeX) wrap formulas in
				    * inline elements whose class names read as chrome */
				   !((h->flags & NF_MATH) && !(tag_props[h->tag] & P_BLOCK))) {
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

/* Subtree statistics over what is not dropped, bottom-up. */
static void compute_stats(html_ctx *c)
{
	size_t i;
	int skip_until = -1;

	for (i = 0; i < c->count; i++) {
		hnode *h = &c->n[i];

		h->text = h->link = h->htext = h->litext = h->commas = 0;
		h->np = h->nimg = h->nli = h->ninput = h->nembed = h->nchild = h->na = 0;
	}
	/* dropped subtrees: mark their descendants so the reverse pass skips them */
	for (i = 0; i < c->count; i++) {
		if ((int)i < skip_until)
			c->n[i].flags |= NF_CLEAN;
		else if (c->n[i].flags & NF_DROP)
			skip_until = c->n[i].end;
	}
	for (i = c->count; i-- > 0;) {
		hnode *h = &c->n[i], *p;

		if (h->parent < 0)
			continue;
		p = &c->n[h->parent];
		if (h->flags & (NF_DROP | NF_CLEAN)) {
			if ((h->tag == T_IFRAME || h->tag == T_EMBED || h->tag == T_OBJECT) &&
			    !(p->flags & (NF_DROP | NF_CLEAN)))
				p->nembed++;
			continue;
		}
		if (h->tag == T_TEXT) {
			h->text = h->tchars;
			h->commas = h->tcommas;
		} else {
			if (h->tag == T_A)
				h->link = h->text;
			else if (is_heading(h->tag))
				h->htext = h->text;
			else if (h->tag == T_LI)
				h->litext = h->text;
			h->np += h->tag == T_P;
			h->nimg += h->tag == T_IMG;
			h->nli += h->tag == T_LI;
			h->ninput += h->tag == T_INPUT;
			h->na += h->tag == T_A;
			p->nchild++;
		}
		p->text += h->text;
		p->link += h->link;
		p->htext += h->htext;
		p->litext += h->litext;
		p->commas += h->commas;
		p->np += h->np;
		p->nimg += h->nimg;
		p->nli += h->nli;
		p->ninput += h->ninput;
		p->nembed += h->nembed;
		p->na += h->na;
	}
	for (i = 0; i < c->count; i++)
		c->n[i].flags &= (unsigned short)~NF_CLEAN;
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
	hnode *h = &c->n[i];

	if (h->flags & NF_CAND)
		return;
	h->flags |= NF_CAND;
	h->score = tag_prior(h->tag) + ((flags & A_WEIGHT) ? h->weight : 0);
}

static float link_density(const hnode *h)
{
	return h->text > 0 ? (float)h->link / (float)h->text : 0;
}

/* Direct inline text of a div that also has block children. */
static void inline_text(const html_ctx *c, int i, int *len, int *commas)
{
	int j = i + 1;

	*len = *commas = 0;
	while (j < c->n[i].end) {
		const hnode *h = &c->n[j];

		if (!(h->flags & (NF_DROP | NF_BLOCK)) && h->tag != T_IMG) {
			*len += h->text;
			*commas += h->commas;
		}
		j = h->end;
	}
}

static void score_paragraphs(html_ctx *c, attempt *a)
{
	size_t i;

	for (i = 0; i < c->count;) {
		hnode *h = &c->n[i];
		int len = 0, commas = 0, anc, level, scoreable = 0;
		float s;

		if (h->flags & NF_DROP) {
			i = (size_t)h->end;
			continue;
		}
		switch (h->tag) {
		case T_P: case T_PRE: case T_TD: case T_SECTION:
		case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
			scoreable = 1;
			len = h->text;
			commas = h->commas;
			anc = h->parent;
			break;
		case T_DIV:
			if (!(h->flags & NF_HASBLOCK)) {
				scoreable = 1;
				len = h->text;
				commas = h->commas;
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
		for (level = 0; anc >= 0 && level < 5; level++, anc = c->n[anc].parent) {
			if (c->n[anc].parent < 0)
				break;   /* the root <html> takes no score */
			init_candidate(c, anc, a->flags);
			c->n[anc].score += s / (level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3);
		}
	}
}

static int contains(const html_ctx *c, int anc, int i)
{
	return i >= anc && i < c->n[anc].end;
}

static int is_list_like(const hnode *h)
{
	if (h->tag == T_UL || h->tag == T_OL)
		return 1;
	return h->text > 0 && (float)h->litext / (float)h->text > 0.9f;
}

/* Stats removed below a node, not yet folded into it: kills in the reverse
 * pass add here, and each node folds its delta and passes it up, so
 * removals cost O(1) instead of a climb to the article root. */
typedef struct delta {
	int text, link, htext, litext, commas, np, nimg, nli, ninput, nembed, na;
} delta;

static void delta_add(delta *d, const hnode *h)
{
	d->text += h->text;
	d->link += h->link;
	d->htext += h->htext;
	d->litext += h->litext;
	d->commas += h->commas;
	d->np += h->np;
	d->nimg += h->nimg;
	d->nli += h->nli;
	d->ninput += h->ninput;
	d->nembed += h->nembed;
	d->na += h->na;
}

static void delta_merge(delta *to, const delta *from)
{
	to->text += from->text;
	to->link += from->link;
	to->htext += from->htext;
	to->litext += from->litext;
	to->commas += from->commas;
	to->np += from->np;
	to->nimg += from->nimg;
	to->nli += from->nli;
	to->ninput += from->ninput;
	to->nembed += from->nembed;
	to->na += from->na;
}

static void delta_fold(hnode *h, const delta *d)
{
	h->text -= d->text;
	h->link -= d->link;
	h->htext -= d->htext;
	h->litext -= d->litext;
	h->commas -= d->commas;
	h->np -= d->np;
	h->nimg -= d->nimg;
	h->nli -= d->nli;
	h->ninput -= d->ninput;
	h->nembed -= d->nembed;
	h->na -= d->na;
}

static int should_clean(html_ctx *c, int i, int root, unsigned int flags)
{
	hnode *h = &c->n[i];
	int weight = (flags & A_WEIGHT) ? h->weight : 0, list, p, img, li, have;
	int in_fig = h->parent >= 0 && (c->n[h->parent].flags & NF_INFIG);
	float ld, hd;

	if (h->flags & NF_INDATA)
		return 0;
	if (weight < 0)
		return 1;
	if (h->commas >= 10)
		return 0;
	list = is_list_like(h);
	p = h->np;
	img = h->nimg;
	li = h->nli - 100;
	ld = link_density(h);
	hd = h->text > 0 ? (float)h->htext / (float)h->text : 0;
	have = (img > 1 && (float)p / (float)img < 0.5f && !in_fig) ||
	       (!list && li > p) ||
	       (h->ninput > p / 3) ||
	       (!list && hd < 0.9f && h->text < MIN_PARA && (img == 0 || img > 2) &&
		!in_fig) ||
	       (!list && weight < 25 && ld > 0.2f) ||
	       (weight >= 25 && ld > 0.5f) ||
	       (h->nembed == 1 && h->text < 75) || h->nembed > 1;
	if (list && have) {
		/* a list of single images is a gallery worth keeping */
		int j;

		for (j = i + 1; j < h->end; j = c->n[j].end)
			if (c->n[j].tag != T_TEXT && c->n[j].nchild > 1)
				return have;
		if (h->nli == img)
			return 0;
	}
	return have;
}

static int norm_eq_title(html_ctx *c, int i);

#define NF_DEAD 0x2000u  /* inside a node removed by the first clean pass */

/* Readability-style clean-up of the chosen subtree rooted at root. */
static int clean_article(html_ctx *c, int root, unsigned int flags, int *dup_done,
	int *cleaned)
{
	int i, end = c->n[root].end, until = -1;
	delta *d;

	/* unconditional: widgets, share bars, negative headings, the title again */
	for (i = root + 1; i < end;) {
		hnode *h = &c->n[i];
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
		else if (is_heading(h->tag) && (flags & A_WEIGHT) && h->weight < 0)
			dead = 1;
		else if ((h->tag == T_H1 || h->tag == T_H2) && !*dup_done) {
			*dup_done = 1;
			dead = norm_eq_title(c, i);
		} else if ((h->hints & H_SHARE) && h->text < ENOUGH_TEXT)
			dead = 1;
		if (dead) {
			h->flags |= NF_CLEAN;
			i = h->end;
		} else {
			i++;
		}
	}
	/* what lies inside a removed node or a dropped one is out of play */
	for (i = root + 1; i < end; i++) {
		if (i < until)
			c->n[i].flags |= NF_DEAD;
		else if (c->n[i].flags & (NF_CLEAN | NF_DROP))
			until = c->n[i].end;
	}
	if (!(d = c->host->alloc((size_t)(end - root) * sizeof(*d))))
		return c->host->fail(c->sink, CT_PLUGIN_ENOMEM, "out of memory");
	memset(d, 0, (size_t)(end - root) * sizeof(*d));
	/* conditional, innermost first so a clean-out inside spares its parent */
	for (i = end - 1; i >= root; i--) {
		hnode *h = &c->n[i];

		if (h->flags & NF_DEAD) {
			h->flags &= (unsigned short)~NF_DEAD;
			continue;
		}
		if (h->flags & NF_DROP)
			continue;
		delta_fold(h, &d[i - root]);
		if (i > root && !(h->flags & NF_CLEAN) && (flags & A_CLEAN) &&
		    (h->tag == T_FORM || h->tag == T_TABLE || h->tag == T_UL || h->tag == T_DIV ||
		     h->tag == T_OL || h->tag == T_SECTION) && should_clean(c, i, root, flags)) {
			h->flags |= NF_CLEAN;
			(*cleaned)++;
		}
		if (i == root)
			break;
		if (h->flags & NF_CLEAN)
			delta_add(&d[h->parent - root], h);
		else
			delta_merge(&d[h->parent - root], &d[i - root]);
	}
	c->host->free(d);
	return 0;
}

static int pick_top(html_ctx *c, attempt *a)
{
	enum { NTOP = 5 };
	int top[NTOP], ntop = 0, i, k, best;
	size_t j;

	for (j = 0; j < c->count; j++) {
		hnode *h = &c->n[j];

		if (!(h->flags & NF_CAND) || (h->flags & NF_DROP))
			continue;
		h->score *= 1.0f - link_density(h);
		for (k = 0; k < ntop; k++)
			if (h->score > c->n[top[k]].score)
				break;
		if (k < NTOP) {
			if (ntop < NTOP)
				ntop++;
			memmove(&top[k + 1], &top[k], (size_t)(ntop - 1 - k) * sizeof(int));
			top[k] = (int)j;
		}
	}
	if (ntop == 0 || c->n[top[0]].tag == T_BODY || c->n[top[0]].tag == T_HTML)
		return c->body;
	best = top[0];

	/* several near-best candidates under one ancestor: the article is it */
	{
		int alt[NTOP], nalt = 0, p;

		for (k = 1; k < ntop; k++)
			if (c->n[top[k]].score >= 0.75f * c->n[best].score)
				alt[nalt++] = top[k];
		if (nalt >= 3) {
			for (p = c->n[best].parent; p >= 0 && p != c->body; p = c->n[p].parent) {
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
		float last = c->n[best].score, threshold = last / 3;
		int p;

		for (p = c->n[best].parent; p >= 0 && p != c->body; p = c->n[p].parent) {
			if (!(c->n[p].flags & NF_CAND))
				continue;
			if (c->n[p].score < threshold)
				break;
			if (c->n[p].score > last) {
				best = p;
				break;
			}
			last = c->n[p].score;
		}
	}
	/* a lone child is its parent's whole content */
	for (i = c->n[best].parent; i >= 0 && i != c->body && c->n[i].nchild == 1;
	     i = c->n[i].parent)
		best = i;
	init_candidate(c, best, a->flags);
	return best;
}

/* Mark what joins the article: the top and its fitting siblings. */
static void pick_siblings(html_ctx *c, attempt *a)
{
	int top = a->top, parent = c->n[top].parent, j;
	float threshold;
	const char *cls;

	if (top == c->body || parent < 0) {
		c->n[top].flags |= NF_KEEP;
		return;
	}
	threshold = c->n[top].score * 0.2f;
	if (threshold < 10)
		threshold = 10;
	cls = c->n[top].cls;
	for (j = parent + 1; j < c->n[parent].end; j = c->n[j].end) {
		hnode *s = &c->n[j];
		int keep = 0;

		if (s->flags & NF_DROP || s->tag == T_TEXT)
			continue;
		if (j == top) {
			keep = 1;
		} else {
			float bonus = 0;
			const char *scls = s->cls;

			if (cls && *cls && scls && strcmp(cls, scls) == 0)
				bonus = c->n[top].score * 0.2f;
			if ((s->flags & NF_CAND) && s->score + bonus >= threshold) {
				keep = 1;
			} else if (s->tag == T_P || (s->tag == T_DIV && !(s->flags & NF_HASBLOCK))) {
				/* a div of bare text reads as a paragraph, as it scores */
				float ld = link_density(s);

				if (s->text > 80 && ld < 0.25f)
					keep = 1;
				else if (s->text < 80 && s->text > 0 && ld == 0 &&
					 reads_like_sentence(c, j))
					keep = 1;
			}
		}
		if (keep)
			s->flags |= NF_KEEP;
	}
}

static int run_attempt(html_ctx *c, attempt *a)
{
	int j, dup_done = 0, err;

	a->scored = 0;
	a->cleaned = 0;
	a->stripped = mark_drops(c, a->flags);
	compute_stats(c);
	score_paragraphs(c, a);
	a->top = pick_top(c, a);
	pick_siblings(c, a);
	a->text = a->link = 0;
	if (c->n[a->top].flags & NF_KEEP && (a->top == c->body || c->n[a->top].parent < 0)) {
		if ((err = clean_article(c, a->top, a->flags, &dup_done, &a->cleaned)) < 0)
			return err;
		a->text = c->n[a->top].text;
		a->link = c->n[a->top].link;
		a->na = c->n[a->top].na;
		return 0;
	}
	for (j = c->n[a->top].parent + 1; j < c->n[c->n[a->top].parent].end; j = c->n[j].end) {
		if (!(c->n[j].flags & NF_KEEP))
			continue;
		if ((err = clean_article(c, j, a->flags, &dup_done, &a->cleaned)) < 0)
			return err;
		if (!(c->n[j].flags & NF_CLEAN)) {
			a->text += c->n[j].text;
			a->link += c->n[j].link;
			a->na += c->n[j].na;
		}
	}
	return 0;
}

/* ---- title comparison ---- */

/* Collapsed, lower-cased ASCII letters and digits of s into buf. */
static size_t squash(const char *s, size_t n, char *buf, size_t cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < cap; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 'A' && ch <= 'Z')
			buf[k++] = (char)(ch + 32);
		else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80)
			buf[k++] = (char)ch;
	}
	buf[k] = '\0';
	return k;
}

/* Is heading i a repeat of the page title (shown above the article)? */
static int norm_eq_title(html_ctx *c, int i)
{
	char *text = NULL, a[512], b[512];
	size_t len = 0, na, nb;
	int eq = 0;

	if (!c->title || html_text_of(c, i, &text, &len) < 0 || !text)
		return 0;
	na = squash(text, len, a, sizeof(a));
	nb = squash(c->title, c->title_len, b, sizeof(b));
	if (na >= 10 && nb && (strcmp(a, b) == 0 || strstr(b, a)))
		eq = 1;
	c->host->free(text);
	return eq;
}

/* ---- emission ---- */

typedef struct emitter {
	html_ctx *c;
	char *buf;
	size_t len, cap;
	int kind;
	int has_text;
	int last_br;
	int have_title;
	int err;
} emitter;

static void em_put(emitter *e, const char *s, size_t n)
{
	if (e->err || !n)
		return;
	if (e->len + n + 1 > e->cap) {
		size_t cap = e->cap ? e->cap : 256;
		char *nb;

		while (cap < e->len + n + 1)
			cap *= 2;
		if (!(nb = e->c->host->realloc(e->buf, cap))) {
			e->err = e->c->host->fail(e->c->sink, CT_PLUGIN_ENOMEM, "out of memory");
			return;
		}
		e->buf = nb;
		e->cap = cap;
	}
	memcpy(e->buf + e->len, s, n);
	e->len += n;
}

static void em_flush(emitter *e)
{
	int kind = e->kind, err;

	if (e->err)
		return;
	if (e->has_text) {
		if (kind == CT_BLOCK_TITLE) {
			if (e->have_title)
				kind = CT_BLOCK_HEADING;
			e->have_title = 1;
		}
		if ((err = e->c->host->block(e->c->sink, kind, e->buf, e->len)) < 0)
			e->err = err;
	}
	e->len = 0;
	e->has_text = 0;
	e->last_br = 0;
}

static void em_text(emitter *e, const hnode *h)
{
	const char *s = (const char *)h->x->content;
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f')
			break;
	if (i == n) {
		if (e->has_text)
			em_put(e, " ", 1);
		return;
	}
	if (!e->has_text) {
		e->kind = h->kind;
		e->has_text = 1;
	}
	e->last_br = 0;
	em_put(e, s, n);
}

/* Emit the text of subtree root; skip removed parts. */
static void emit_subtree(emitter *e, int root)
{
	html_ctx *c = e->c;
	int stack[MAX_DEPTH + 2], sp = 0, j = root;

	while (j < c->n[root].end && !e->err) {
		hnode *h = &c->n[j];

		while (sp > 0 && c->n[stack[sp - 1]].end <= j) {
			sp--;
			em_flush(e);
		}
		if (h->flags & (NF_DROP | NF_CLEAN | NF_JUNK)) {
			j = h->end;
			continue;
		}
		switch (h->tag) {
		case T_TEXT:
			em_text(e, h);
			break;
		case T_BR:
			if (e->last_br) {
				em_flush(e);
			} else if (e->has_text) {
				em_put(e, "\n", 1);
				e->last_br = 1;
			}
			break;
		case T_TD: case T_TH:
			if (e->has_text)
				em_put(e, " | ", 3);
			break;
		case T_IMG: case T_HR:
			break;
		default:
			if (h->flags & NF_BLOCK) {
				em_flush(e);
				if (sp < MAX_DEPTH + 2 && h->end > j + 1)
					stack[sp++] = j;
			}
			break;
		}
		j++;
	}
	em_flush(e);
}

static int emit_attempt(html_ctx *c, const attempt *a)
{
	emitter e;
	int j, parent = c->n[a->top].parent;

	memset(&e, 0, sizeof(e));
	e.c = c;
	if (a->top == c->body || parent < 0) {
		emit_subtree(&e, a->top);
	} else {
		for (j = parent + 1; j < c->n[parent].end && !e.err; j = c->n[j].end)
			if ((c->n[j].flags & NF_KEEP) && !(c->n[j].flags & NF_CLEAN))
				emit_subtree(&e, j);
	}
	c->host->free(e.buf);
	return e.err;
}

int html_emit_all(html_ctx *c)
{
	emitter e;
	size_t i;
	int root = c->body;

	for (i = 0; i < c->count; i++)
		c->n[i].flags &= (unsigned short)~(NF_DROP | NF_CLEAN);
	if (c->count == 0)
		return 0;
	memset(&e, 0, sizeof(e));
	e.c = c;
	e.have_title = 1;   /* a snippet has no title of its own */
	emit_subtree(&e, root);
	c->host->free(e.buf);
	return e.err;
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
	return emit_attempt(c, &best);
}
