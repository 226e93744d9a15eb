/* SPDX-License-Identifier: MIT */
/*
 * Plugin host: chooses a parser plugin for the input and runs it with a
 * services table that builds a normalized ct_doc. Finding and loading
 * plugins is host_load.c's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "claimtrack/buf.h"
#include "claimtrack/doc.h"
#include "claimtrack/text.h"
#include "charset.h"
#include "host_internal.h"

#define MAX_NESTING 4
#define MAX_BLOCKS 1000000
#define MAX_WARNINGS 100

struct ct_sink {
	ct_host *host;
	ct_doc *doc;
	const char *name;
	int section;          /* current section, -1 outside */
	int depth;            /* nesting of parse_nested/text_of */
	int fail_code;
	char fail_msg[512];
	size_t replaced;
};

/* ---- names ---- */

static const char *const block_names[CT_BLOCK_KIND_COUNT] = {
	"title", "heading", "paragraph", "item", "quote", "caption"
};
static const char *const meta_names[CT_META_KEY_COUNT] = {
	"title", "url", "published", "updated", "author", "language", "id", "summary"
};

const char *ct_block_kind_name(ct_block_kind kind)
{
	return (unsigned)kind < CT_BLOCK_KIND_COUNT ? block_names[kind] : "paragraph";
}

const char *ct_meta_key_name(ct_meta_key key)
{
	return (unsigned)key < CT_META_KEY_COUNT ? meta_names[key] : "?";
}

/* ---- documents ---- */

void ct_doc_free(ct_doc *doc)
{
	size_t i, k;

	if (!doc)
		return;
	for (i = 0; i < doc->nblocks; i++)
		free(doc->blocks[i].text);
	for (i = 0; i < doc->nsections; i++)
		for (k = 0; k < CT_META_KEY_COUNT; k++)
			free(doc->sections[i].meta[k]);
	for (k = 0; k < CT_META_KEY_COUNT; k++)
		free(doc->meta[k]);
	for (i = 0; i < doc->nwarnings; i++)
		free(doc->warnings[i]);
	free(doc->warnings);
	free(doc->blocks);
	free(doc->sections);
	free(doc->type);
	free(doc->plugin_version);
	free(doc);
}

const char *ct_doc_block_section(const ct_doc *doc, const ct_block *b)
{
	if (b->section < 0 || (size_t)b->section >= doc->nsections)
		return NULL;
	return doc->sections[b->section].meta[CT_META_ID];
}

int ct_doc_text(char **out, size_t *out_len, const ct_doc *doc)
{
	ct_buf b = CT_BUF_INIT;
	size_t i;
	int err = 0;

	for (i = 0; i < doc->nblocks && !err; i++) {
		if (i)
			err = ct_buf_puts(&b, "\n");
		if (!err)
			err = ct_buf_put(&b, doc->blocks[i].text, doc->blocks[i].len);
		if (!err)
			err = ct_buf_puts(&b, "\n");
	}
	if (!err)
		err = ct_buf_grow(&b, 0);
	if (err) {
		ct_buf_dispose(&b);
		return err;
	}
	if (out_len)
		*out_len = b.len;
	*out = ct_buf_detach(&b);
	return 0;
}

static int doc_warn(ct_doc *doc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int doc_warn(ct_doc *doc, const char *fmt, ...)
{
	ct_buf b = CT_BUF_INIT;
	char **nw;
	va_list ap;
	int err;

	if (doc->nwarnings >= MAX_WARNINGS)
		return 0;
	va_start(ap, fmt);
	err = ct_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (err)
		return err;
	/* room for all MAX_WARNINGS at the first */
	if (!doc->warnings) {
		if (!(nw = malloc(MAX_WARNINGS * sizeof(*nw)))) {
			ct_buf_dispose(&b);
			return ct_error_set(CT_ENOMEM, "out of memory");
		}
		doc->warnings = nw;
	}
	doc->warnings[doc->nwarnings++] = ct_buf_detach(&b);
	return 0;
}

/* ---- host services ---- */

static void *svc_alloc(size_t n) { return malloc(n ? n : 1); }
static void *svc_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }
static void svc_free(void *p) { free(p); }

static void svc_log(ct_sink *sink, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int svc_fail(ct_sink *sink, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void svc_log(ct_sink *sink, int level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (level < CT_LOG_WARN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	doc_warn(sink->doc, "%s", msg);
}

static int svc_fail(ct_sink *sink, int code, const char *fmt, ...)
{
	va_list ap;

	if (code >= 0)
		code = CT_EINVAL;
	va_start(ap, fmt);
	vsnprintf(sink->fail_msg, sizeof(sink->fail_msg), fmt, ap);
	va_end(ap);
	sink->fail_code = code;
	return code;
}

static int norm_into(ct_sink *sink, char **out, size_t *out_len, const char *s, size_t len)
{
	size_t bad = 0;
	int err = ct_text_normalize(out, out_len, s, len, &bad);

	sink->replaced += bad;
	return err;
}

static int svc_meta(ct_sink *sink, int key, const char *value, size_t len)
{
	char **slot, *v;
	size_t n;
	int err;

	if (key < 0 || key >= CT_META_KEY_COUNT || !value)
		return CT_EINVAL;
	slot = sink->section >= 0 ? &sink->doc->sections[sink->section].meta[key]
				  : &sink->doc->meta[key];
	if (*slot)
		return 0;
	if ((err = norm_into(sink, &v, &n, value, len)) < 0)
		return err;
	if (n == 0) {
		free(v);
		return 0;
	}
	*slot = v;
	return 0;
}

static int svc_section_begin(ct_sink *sink)
{
	ct_doc *doc = sink->doc;
	ct_section *ns;

	if (sink->depth > 0)   /* nested content stays in the outer section */
		return 0;
	/* capacity is the next power of two (at least 8), as for blocks: a
	 * feed of n items costs O(n) copying, not O(n^2) */
	if (doc->nsections < 8 ? !doc->sections : !(doc->nsections & (doc->nsections - 1))) {
		size_t alloc = doc->nsections < 8 ? 8 : doc->nsections * 2;

		if (!(ns = realloc(doc->sections, alloc * sizeof(*ns))))
			return CT_ENOMEM;
		doc->sections = ns;
	}
	ns = doc->sections;
	memset(&ns[doc->nsections], 0, sizeof(*ns));
	sink->section = (int)doc->nsections++;
	return 0;
}

static int svc_section_end(ct_sink *sink)
{
	ct_section *s;

	if (sink->depth > 0 || sink->section < 0)
		return 0;
	s = &sink->doc->sections[sink->section];
	/* Every section needs an id, or its figures would merge with the
	 * document's in a diff: the link, else the title (stable when items are
	 * added above it), else its position. */
	if (!s->meta[CT_META_ID] && s->meta[CT_META_URL])
		s->meta[CT_META_ID] = strdup(s->meta[CT_META_URL]);
	if (!s->meta[CT_META_ID] && s->meta[CT_META_TITLE])
		s->meta[CT_META_ID] = strdup(s->meta[CT_META_TITLE]);
	if (!s->meta[CT_META_ID]) {
		char pos[32];

		snprintf(pos, sizeof(pos), "item-%d", sink->section + 1);
		s->meta[CT_META_ID] = strdup(pos);
	}
	sink->section = -1;
	return 0;
}

static int svc_block(ct_sink *sink, int kind, const char *text, size_t len)
{
	ct_doc *doc = sink->doc;
	ct_block *nb;
	char *t;
	size_t n;
	int err;

	if (kind < 0 || kind >= CT_BLOCK_KIND_COUNT)
		kind = CT_BLOCK_PARAGRAPH;
	if (doc->nblocks >= MAX_BLOCKS)
		return svc_fail(sink, CT_ETOOBIG, "more than %d blocks", MAX_BLOCKS);
	if ((err = norm_into(sink, &t, &n, text, len)) < 0)
		return err;
	if (n == 0) {
		free(t);
		return 0;
	}
	if ((doc->nblocks & (doc->nblocks - 1)) == 0) {
		size_t alloc = doc->nblocks ? doc->nblocks * 2 : 8;

		if (!(nb = realloc(doc->blocks, alloc * sizeof(*nb)))) {
			free(t);
			return CT_ENOMEM;
		}
		doc->blocks = nb;
	}
	nb = &doc->blocks[doc->nblocks++];
	nb->kind = (ct_block_kind)kind;
	nb->section = sink->section;
	nb->text = t;
	nb->len = n;
	return 0;
}

static int run_plugin(ct_sink *sink, const ct_plugin *p, const char *data, size_t len,
	unsigned int flags, const char *content_type, const char *region);

static int svc_parse_nested(ct_sink *sink, const char *media_type, const char *data,
	size_t len, unsigned int flags)
{
	const ct_plugin *p = NULL;
	size_t i;
	int err;

	if (sink->depth >= MAX_NESTING)
		return svc_fail(sink, CT_EINVAL, "content nested more than %d deep", MAX_NESTING);
	for (i = 0; i < sink->host->count && !p; i++) {
		const char *const *mt = ct__host_media_types(&sink->host->items[i]);

		for (; mt && *mt; mt++)
			if (strcasecmp(*mt, media_type) == 0)
				break;
		if (mt && *mt)
			p = ct__host_plugin_of(sink->host, &sink->host->items[i]);
	}
	if (!p)
		p = ct_host_find(sink->host, media_type);
	if (!p) {
		/* No plugin for it: keep the bytes as one paragraph. */
		return svc_block(sink, CT_BLOCK_PARAGRAPH, data, len);
	}
	sink->depth++;
	err = run_plugin(sink, p, data, len, flags | CT_PARSE_FRAGMENT, media_type, NULL);
	sink->depth--;
	return err;
}


static int svc_text_of(ct_sink *sink, const char *media_type, const char *data,
	size_t len, char **out, size_t *out_len)
{
	ct_sink sub;
	ct_doc *doc;
	char *text = NULL;
	size_t n = 0, i;
	int err;

	*out = NULL;
	if (!(doc = calloc(1, sizeof(*doc))))
		return CT_ENOMEM;
	memset(&sub, 0, sizeof(sub));
	sub.host = sink->host;
	sub.doc = doc;
	sub.name = sink->name;
	sub.section = -1;
	sub.depth = sink->depth;
	err = svc_parse_nested(&sub, media_type, data, len, CT_PARSE_FRAGMENT);
	if (err < 0) {
		if (sub.fail_code)
			svc_fail(sink, sub.fail_code, "%s", sub.fail_msg);
		ct_doc_free(doc);
		return err;
	}
	/* blocks joined by a blank line, without the final newline */
	{
		ct_buf b = CT_BUF_INIT;

		for (i = 0; i < doc->nblocks && !err; i++) {
			if (i)
				err = ct_buf_puts(&b, "\n\n");
			if (!err)
				err = ct_buf_put(&b, doc->blocks[i].text, doc->blocks[i].len);
		}
		if (!err)
			err = ct_buf_grow(&b, 0);
		n = b.len;
		/* the plugin frees it with the host's free(): copy into alloc() */
		if (!err && !(text = sink->host->services.alloc(n + 1)))
			err = CT_ENOMEM;
		if (!err)
			memcpy(text, b.ptr, n + 1);
		ct_buf_dispose(&b);
	}
	ct_doc_free(doc);
	if (err)
		return err;
	*out = text;
	if (out_len)
		*out_len = n;
	return 0;
}

static int svc_decode(ct_sink *sink, const char *data, size_t len, const char *content_type,
	unsigned int flags, ct_decoded *out)
{
	return ct_charset_decode(&sink->host->services, data, len, content_type, flags, out,
		&sink->replaced);
}

const ct_host_services ct__host_default_services = {
	sizeof(ct_host_services),
	CT_PLUGIN_ABI_VERSION,
	svc_alloc,
	svc_realloc,
	svc_free,
	svc_log,
	svc_fail,
	svc_meta,
	svc_section_begin,
	svc_section_end,
	svc_block,
	svc_parse_nested,
	svc_text_of,
	svc_decode
};

static int run_plugin(ct_sink *sink, const ct_plugin *p, const char *data, size_t len,
	unsigned int flags, const char *content_type, const char *region)
{
	ct_parse_options po;

	memset(&po, 0, sizeof(po));
	po.struct_size = sizeof(po);
	po.flags = flags;
	po.name = sink->name;
	po.content_type = content_type;
	po.region = region;
	return p->parse(&sink->host->services, sink, data, len, &po);
}

/* Does media type mt (without parameters) match "type/sub; charset=..."? */
static int media_type_is(const char *mt, const char *content_type)
{
	size_t n = strlen(mt);

	while (*content_type == ' ')
		content_type++;
	return strncasecmp(mt, content_type, n) == 0 &&
	       (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

/* What a plugin's labels say of the input: 60 when the Content-Type names
 * one of its media types, plus 50 when the file name has one of its
 * extensions. From its manifest: no plugin is loaded to know. */
static int label_score(const ct_host_entry *e, const char *ext, const char *content_type)
{
	const char *const *l;
	int score = 0;

	for (l = ct__host_media_types(e); content_type && l && *l; l++)
		if (media_type_is(*l, content_type)) {
			score += 60;
			break;
		}
	for (l = ct__host_extensions(e); ext && l && *l; l++)
		if (strcasecmp(*l, ext) == 0) {
			score += 50;
			break;
		}
	return score;
}

/*
 * Choose a plugin: each candidate scores its own probe of the content plus
 * its label score; the highest wins, the first found on a tie. Which
 * plugins are candidates (and so loaded) is the policy:
 *  - a file name whose extension some plugins declare: those plugins, so
 *    a batch of .txt files never loads the HTML and feed plugins;
 *  - a Content-Type, or a name no plugin declares: every plugin, so a
 *    confident probe overrules a server that mislabels a feed or a page
 *    (a fetch costs more than loading plugins).
 * When no declared candidate loads, every plugin is tried.
 */
static const ct_plugin *sniff(const ct_host *chost, const char *data, size_t len,
	const char *name, const char *content_type)
{
	ct_host *host = (ct_host *)chost;   /* loading on first use is no change of state */
	const ct_plugin *best = NULL;
	const char *ext = NULL, *slash;
	size_t i, plen = len < 4096 ? len : 4096;
	int best_score = 0, score, declared = 0, pass;

	if (name) {
		slash = strrchr(name, '/');
		ext = strrchr(slash ? slash : name, '.');
		if (ext)
			ext++;
	}
	for (i = 0; ext && !content_type && i < host->count && !declared; i++)
		declared = label_score(&host->items[i], ext, NULL) > 0;
	for (pass = declared ? 0 : 1; pass < 2 && !best; pass++) {
		for (i = 0; i < host->count; i++) {
			int label = label_score(&host->items[i], ext, content_type);
			const ct_plugin *p;

			if (pass == 0 && label == 0)
				continue;
			if (!(p = ct__host_plugin_of(host, &host->items[i])))
				continue;
			score = p->probe ? p->probe(data, plen, name) : 0;
			if (score < 0)
				score = 0;
			if (score > 100)
				score = 100;
			score += label;
			if (score > best_score) {
				best_score = score;
				best = p;
			}
		}
	}
	return best;
}

const ct_plugin *ct_host_sniff(const ct_host *host, const char *data, size_t len,
	const char *name)
{
	return sniff(host, data, len, name, NULL);
}

static int has_wide_bom(const unsigned char *p, size_t len)
{
	if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
		return 1;
	if (len >= 4 && ((p[0] == '<' && p[1] == 0 && p[2] == '?' && p[3] == 0) ||
			 (p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF) ||
			 (p[0] == 0 && p[1] == '<' && p[2] == 0 && p[3] == '?') ||
			 (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == '<') ||
			 (p[0] == '<' && p[1] == 0 && p[2] == 0 && p[3] == 0)))
		return 1;
	return 0;
}

/* A region= for plugin p: its XPath, when p reads regions. */
static int region_of(char **xpath, const ct_plugin *p, const char *region, const char *label)
{
	unsigned int features = p->struct_size >= offsetof(ct_plugin, features) +
		sizeof(p->features) ? p->features : 0;

	if (!(features & CT_PLUGIN_READS_REGION))
		return ct_error_set(CT_EUNSUPPORTED, "%s: plugin '%s' cannot read only a region "
			"(region=%s); the html plugin can", label, p->name, region);
	if (ct_region_xpath(xpath, region) < 0)
		return ct_error_wrap(CT_EINVAL, "%s", label);
	return 0;
}

int ct_host_parse(ct_doc **out, ct_host *host, const char *data, size_t len,
	const ct_parse_request *req)
{
	ct_parse_request def = CT_PARSE_REQUEST_INIT;
	const ct_plugin *p = NULL;
	const char *label;
	char *xpath = NULL;
	ct_sink sink;
	ct_doc *doc;
	int err;

	*out = NULL;
	if (!req)
		req = &def;
	label = req->name ? req->name : "input";
	if (req->type) {
		if (!(p = ct_host_find(host, req->type)))
			return ct_error_set(CT_EUNSUPPORTED,
				"%s: unknown type '%s' (no plugin of that name is loaded; see 'claimtrack plugins')",
				label, req->type);
	}
	if (len == 0)
		return ct_error_set(CT_EINVAL, "%s: empty document", label);
	if (len > CT_MAX_INPUT)
		return ct_error_set(CT_ETOOBIG, "%s: %zu bytes is over the %u-byte limit",
			label, len, CT_MAX_INPUT);
	if (!has_wide_bom((const unsigned char *)data, len) && ct_text_looks_binary(data, len))
		return ct_error_set(CT_EINVAL, "%s: binary data, not a text document", label);
	if (!req->type && !(p = sniff(host, data, len, req->name, req->content_type))) {
		if (ct_host_count(host) == 0)
			return ct_error_set(CT_EUNSUPPORTED,
				"%s: no parser plugins are loaded (set CLAIMTRACK_PLUGIN_PATH)", label);
		return ct_error_set(CT_EUNSUPPORTED, "%s: no plugin recognizes this input; use --type",
			label);
	}
	if (req->version >= 2 && req->region && (err = region_of(&xpath, p, req->region, label)) < 0)
		return err;
	if (!(doc = calloc(1, sizeof(*doc))) || !(doc->type = strdup(p->name)) ||
	    !(doc->plugin_version = strdup(p->version ? p->version : "0"))) {
		ct_doc_free(doc);
		free(xpath);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	memset(&sink, 0, sizeof(sink));
	sink.host = host;
	sink.doc = doc;
	sink.name = req->name;
	sink.section = -1;
	err = run_plugin(&sink, p, data, len, req->flags, req->content_type, xpath);
	free(xpath);
	if (err < 0 || sink.fail_code) {
		int code = sink.fail_code ? sink.fail_code : err;

		if (code == CT_ENOMEM && !sink.fail_msg[0])
			ct_error_set(CT_ENOMEM, "%s: out of memory", label);
		else
			ct_error_set(code == CT_ENOMEM || code == CT_ETOOBIG ? code : CT_EINVAL,
				"%s: %s", label, sink.fail_msg[0] ? sink.fail_msg : "the parser failed");
		ct_doc_free(doc);
		return ct_error_last_code();
	}
	if (sink.section >= 0)
		svc_section_end(&sink);
	if (sink.replaced)
		doc_warn(doc, "%zu invalid UTF-8 byte%s replaced by U+FFFD", sink.replaced,
			sink.replaced == 1 ? "" : "s");
	*out = doc;
	return 0;
}
