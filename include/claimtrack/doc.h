/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: the normalized document a parser plugin produces, and the
 * plugin host that loads plugins and runs them.
 */
#ifndef CLAIMTRACK_DOC_H
#define CLAIMTRACK_DOC_H

#include "common.h"
#include "buf.h"
#include "plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_block {
	ct_block_kind kind;
	int section;          /* index into doc->sections, -1 for none */
	char *text;           /* normalized UTF-8, NUL-terminated */
	size_t len;
} ct_block;

typedef struct ct_section {
	char *meta[CT_META_KEY_COUNT];  /* NULL where unknown; CT_META_ID is the id */
} ct_section;

typedef struct ct_doc {
	char *type;                     /* plugin name: "html", "text", "rss" */
	char *meta[CT_META_KEY_COUNT];  /* document-level metadata */
	ct_block *blocks;
	size_t nblocks;
	ct_section *sections;
	size_t nsections;
	char **warnings;                /* diagnostics from parsing */
	size_t nwarnings;
	char *plugin_version;
} ct_doc;

/* Free a document from ct_host_parse and everything in it (NULL: nothing). */
void ct_doc_free(ct_doc *doc);

/* The section id a block belongs to, or NULL. */
const char *ct_doc_block_section(const ct_doc *doc, const ct_block *b);

/* The plain text of a document: blocks joined by "\n\n", with a final "\n". */
int ct_doc_text(char **out, size_t *out_len, const ct_doc *doc);

/* "title", "heading", "paragraph"...; "title", "url", "published"... as
 * the JSON reports name them (static; out of range: "paragraph", "?"). */
const char *ct_block_kind_name(ct_block_kind kind);
const char *ct_meta_key_name(ct_meta_key key);

/* --- plugin host --- */

typedef struct ct_host ct_host;

typedef struct ct_host_options {
	unsigned int version;
	const char *plugin_path;   /* colon-separated dirs; NULL: $CLAIMTRACK_PLUGIN_PATH */
	const char *exe_path;      /* argv[0]/proc path to find build-tree/installed plugins */
	int no_default_dirs;       /* only plugin_path (tests) */
	/* Called for every plugin file refused, with the reason. */
	void (*on_refuse)(const char *file, const char *why, void *payload);
	void *payload;
	/* The allocator plugins get through the services table (all three or
	 * none): tests use a failing one to prove out-of-memory paths. */
	void *(*alloc)(size_t size);
	void *(*realloc)(void *ptr, size_t size);
	void (*free)(void *ptr);
} ct_host_options;

#define CT_HOST_OPTIONS_VERSION 1
#define CT_HOST_OPTIONS_INIT { CT_HOST_OPTIONS_VERSION, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL }

/* Find plugins: each dir of plugin_path, then the directory beside the
 * executable (build tree: <exe dir>/build/plugins, installed:
 * <exe dir>/../lib/claimtrack/plugins or PLUGINDIR relative to BINDIR),
 * then the compiled-in PLUGINDIR.
 * The first plugin of a given name wins; later ones are refused. A plugin
 * with a manifest (NAME.manifest beside NAME.so, see ct_plugin_manifest)
 * is loaded when first chosen; one without is loaded now. */
int ct_host_new(ct_host **out, const ct_host_options *opts);
void ct_host_free(ct_host *host);

/* Load one plugin file explicitly (tests, --plugin). */
int ct_host_load(ct_host *host, const char *path);

/* The plugins that load, in search order: these load every plugin not
 * loaded yet (refusals are reported then). */
size_t ct_host_count(const ct_host *host);
const ct_plugin *ct_host_plugin(const ct_host *host, size_t i);
const char *ct_host_plugin_file(const ct_host *host, size_t i);
/* The manifest it was known by before it loaded, or NULL (borrowed). */
const char *ct_host_plugin_manifest(const ct_host *host, size_t i);

/* A plugin by name ("html"), loading it if need be; NULL when there is none
 * or it was refused. */
const ct_plugin *ct_host_find(const ct_host *host, const char *name);

/* Pick a plugin for data: among the plugins declaring the name's
 * extension when some do, else among all, by probe score plus 50 for the
 * extension (ct_host_parse also weighs a Content-Type). */
const ct_plugin *ct_host_sniff(const ct_host *host, const char *data,
	size_t len, const char *name);

typedef struct ct_parse_request {
	unsigned int version;
	const char *type;          /* plugin name, or NULL to sniff */
	const char *name;          /* file name or URL, for messages and sniffing */
	const char *content_type;
	unsigned int flags;        /* CT_PARSE_* */
	const char *region;        /* a region selector (see ct_region_xpath), or NULL:
	                              the plugin must read regions, else CT_EUNSUPPORTED */
} ct_parse_request;

#define CT_PARSE_REQUEST_VERSION 2
#define CT_PARSE_REQUEST_INIT { CT_PARSE_REQUEST_VERSION, NULL, NULL, NULL, 0, NULL }

/*
 * A region selector as the XPath a plugin is given: sel itself when it
 * starts with '/' or '(', else a simple CSS selector translated: compounds
 * of a tag, #id and .class parts ("article", "#main", ".story-body",
 * "div.content", "div#main.wide"), separated by spaces (descendants:
 * "main .story p"). Tags match in any case. CT_EINVAL naming what is
 * wrong for anything else (">", "+", "[attr]", ":pseudo", ...).
 */
int ct_region_xpath(char **out, const char *sel);

/* 0 when plugin type (NULL: "html") can read region sel (its XPath
 * compiles and evaluates), else CT_EINVAL or CT_EUNSUPPORTED with the
 * reason (without the selector: the caller names it). */
int ct_host_check_region(ct_host *host, const char *type, const char *sel);

/* A plugin's manifest, written from its descriptor: what the host needs
 * to choose it without loading it (name, version, media types, extensions,
 * and file's size and ABI, so that a manifest for another build of the file
 * is not believed). Appended to out. */
int ct_plugin_manifest(ct_buf *out, const ct_plugin *plugin, const char *file);

/* Parse bytes into a normalized document. Empty input, binary garbage and
 * inputs over CT_MAX_INPUT fail with CT_EINVAL / CT_ETOOBIG. */
int ct_host_parse(ct_doc **out, ct_host *host, const char *data, size_t len,
	const ct_parse_request *req);

#ifdef __cplusplus
}
#endif
#endif
