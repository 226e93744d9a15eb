/* SPDX-License-Identifier: MIT */
/*
 * claimtrack parser plugin ABI.
 *
 * A plugin is a shared object exporting one symbol, CT_PLUGIN_ENTRY_SYMBOL,
 * of type ct_plugin_entry_fn. The host calls it with its own ABI version and
 * gets back a const descriptor. Plugins are built against this header only:
 * they never link the claimtrack library, and they allocate anything they
 * hand to the host through the host's services table.
 *
 * Compatibility rules (as sqlite3ext.h / Geany plugindata.h):
 *  - CT_PLUGIN_ABI_VERSION changes only when an existing member changes
 *    meaning or position; the host refuses any other ABI version.
 *  - New members are only ever appended to ct_plugin and ct_host_services.
 *    Each struct starts with its size so either side can tell which members
 *    the other knows; the host refuses a descriptor smaller than
 *    CT_PLUGIN_MIN_SIZE.
 *
 * Data flow: parse() reads bytes and emits a normalized document through the
 * host services: metadata (title, url, dates, author) and blocks (title,
 * heading, paragraph, item, quote, caption), optionally grouped in sections
 * (one per feed item). The host owns the document; text passed to emit_*
 * is copied, so the plugin may reuse its buffers.
 */
#ifndef CLAIMTRACK_PLUGIN_H
#define CLAIMTRACK_PLUGIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CT_PLUGIN_ABI_VERSION 1
#define CT_PLUGIN_ENTRY_SYMBOL "claimtrack_plugin_entry"

typedef enum {
	CT_BLOCK_TITLE = 0,
	CT_BLOCK_HEADING = 1,
	CT_BLOCK_PARAGRAPH = 2,
	CT_BLOCK_ITEM = 3,
	CT_BLOCK_QUOTE = 4,
	CT_BLOCK_CAPTION = 5
} ct_block_kind;
#define CT_BLOCK_KIND_COUNT 6

typedef enum {
	CT_META_TITLE = 0,
	CT_META_URL = 1,        /* canonical URL; link of a section */
	CT_META_PUBLISHED = 2,  /* ISO 8601 UTC, "2025-06-01T12:00:00Z" */
	CT_META_UPDATED = 3,
	CT_META_AUTHOR = 4,
	CT_META_LANGUAGE = 5,
	CT_META_ID = 6,         /* section id (guid, atom:id) */
	CT_META_SUMMARY = 7     /* section summary, plain text */
} ct_meta_key;
#define CT_META_KEY_COUNT 8

typedef enum {
	CT_LOG_DEBUG = 0,
	CT_LOG_INFO = 1,
	CT_LOG_WARN = 2
} ct_log_level;

/* Errors a plugin returns from parse (negative). */
#define CT_PLUGIN_OK 0
#define CT_PLUGIN_EINVAL -4   /* malformed or hostile input */
#define CT_PLUGIN_ENOMEM -2
#define CT_PLUGIN_ETOOBIG -10

/* Parse flags. */
#define CT_PARSE_FRAGMENT 0x1u  /* a snippet (feed item body): keep all text,
                                   no main-content extraction */
#define CT_PARSE_REGION_CHECK 0x2u  /* only check opts->region: 0 when the
                                   plugin can evaluate it, else fail() saying
                                   why; data is not read */

/* Opaque: where the document being built lives. Host-owned. */
typedef struct ct_sink ct_sink;

typedef struct ct_parse_options {
	size_t struct_size;
	unsigned int flags;           /* CT_PARSE_* */
	const char *name;             /* file name or URL, for messages; may be NULL */
	const char *content_type;     /* e.g. "text/html; charset=utf-8"; may be NULL */
	/* ---- appended: test struct_size ---- */
	/* An XPath 1.0 expression, or NULL: read only the nodes it selects
	 * (each once, in document order, every word but scripts' and styles')
	 * instead of guessing the main content; metadata still comes from the
	 * whole page. Selecting nothing is an error. Only a plugin declaring
	 * CT_PLUGIN_READS_REGION is given one. */
	const char *region;
} ct_parse_options;

/*
 * A document as UTF-8 (see decode() below). The caller sets struct_size;
 * the host fills the rest. data is not NUL-terminated and holds no NUL.
 */
typedef struct ct_decoded {
	size_t struct_size;           /* sizeof(ct_decoded) the plugin was built with */
	const char *data;             /* UTF-8, BOM removed: into the input, or owned */
	size_t len;
	char *owned;                  /* a host-allocated copy to free(), or NULL */
	const char *charset;          /* what the bytes were read as: "UTF-8", "Shift_JIS" */
	int source;                   /* CT_CHARSET_FROM_*: how that was decided */
} ct_decoded;

/* decode() flags: the in-document declarations the format has. */
#define CT_DECODE_XML  0x1u   /* <?xml ... encoding="..."?> */
#define CT_DECODE_HTML 0x2u   /* <meta charset>, <meta http-equiv> (and an XML declaration) */

/* ct_decoded.source */
#define CT_CHARSET_FROM_BOM 1
#define CT_CHARSET_FROM_DECLARATION 2
#define CT_CHARSET_FROM_CONTENT_TYPE 3
#define CT_CHARSET_FROM_SNIFF 4

typedef struct ct_host_services {
	size_t struct_size;
	unsigned int abi_version;

	void *(*alloc)(size_t size);
	void *(*realloc)(void *ptr, size_t size);
	void (*free)(void *ptr);

	/* A diagnostic: warnings are shown to the user with the input's name. */
	void (*log)(ct_sink *sink, int level, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));
	/* Record why parse failed; parse then returns the same negative code. */
	int (*fail)(ct_sink *sink, int code, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));

	/* Metadata of the current section, or of the document outside one.
	 * Text is UTF-8 (invalid bytes are replaced by the host); setting a key
	 * twice keeps the first non-empty value. */
	int (*meta)(ct_sink *sink, int key, const char *value, size_t len);

	/* Sections group blocks (a feed item). Blocks emitted between
	 * section_begin and section_end belong to it; its id may be set with
	 * meta(CT_META_ID) at any point before the end (else its link is used). */
	int (*section_begin)(ct_sink *sink);
	int (*section_end)(ct_sink *sink);

	/* One block of text; the host normalizes whitespace, quotes and Unicode,
	 * and drops empty blocks. */
	int (*block)(ct_sink *sink, int kind, const char *text, size_t len);

	/* Parse nested content (an HTML item body) with the plugin registered for
	 * media_type, emitting its blocks into the current section. */
	int (*parse_nested)(ct_sink *sink, const char *media_type,
		const char *data, size_t len, unsigned int flags);

	/* Plain text of nested content (blocks joined by "\n\n"), allocated with
	 * alloc(): the caller frees it with free(). */
	int (*text_of)(ct_sink *sink, const char *media_type,
		const char *data, size_t len, char **out, size_t *out_len);

	/* ---- appended members: test with CT_HOST_HAS(host, member) ---- */

	/* The bytes as UTF-8, their charset found as every plugin finds it: a
	 * byte-order mark; the charset the document declares (flags say which
	 * declarations to look for); the charset of content_type (may be
	 * NULL); else a sniff (UTF-32/16 by their NULs, UTF-8 when valid,
	 * Shift_JIS when valid and Japanese, else windows-1252). A label the
	 * bytes contradict is passed over. Returns 0 or CT_PLUGIN_ENOMEM. */
	int (*decode)(ct_sink *sink, const char *data, size_t len,
		const char *content_type, unsigned int flags, ct_decoded *out);
} ct_host_services;

/* Does this host's services table have `member` (appended after ABI 1)? */
#define CT_HOST_HAS(host, member) \
	((host)->struct_size >= offsetof(ct_host_services, member) + sizeof((host)->member) && \
	 (host)->member != NULL)

typedef struct ct_plugin {
	size_t struct_size;           /* sizeof(ct_plugin) the plugin was built with */
	unsigned int abi_version;     /* CT_PLUGIN_ABI_VERSION */
	const char *name;             /* short unique name: "html", "text", "rss" */
	const char *version;          /* plugin version, recorded in the archive */
	const char *description;
	const char *const *media_types;  /* NULL-terminated */
	const char *const *extensions;   /* NULL-terminated, without dot */

	/* How well this plugin fits the bytes: 0 (not at all) to 100 (certain).
	 * name may be NULL. Must be cheap: it sees at most the first 4 KiB. */
	int (*probe)(const char *data, size_t len, const char *name);

	/* Parse a document. Returns CT_PLUGIN_OK or a negative code after
	 * calling host->fail(). Must be reentrant: no global mutable state. */
	int (*parse)(const ct_host_services *host, ct_sink *sink,
		const char *data, size_t len, const ct_parse_options *opts);

	/* ---- appended members: the host tests struct_size ---- */
	unsigned int features;        /* CT_PLUGIN_* below */
} ct_plugin;

/* ct_plugin.features */
#define CT_PLUGIN_READS_REGION 0x1u  /* honours ct_parse_options.region */

#define CT_PLUGIN_MIN_SIZE (offsetof(ct_plugin, parse) + sizeof(void *))

typedef const ct_plugin *(*ct_plugin_entry_fn)(unsigned int host_abi_version);

#if defined(__GNUC__)
# define CT_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
# define CT_PLUGIN_EXPORT
#endif

/* Define the entry point of a plugin whose descriptor is `desc`. */
#define CT_PLUGIN_DEFINE(desc) \
	CT_PLUGIN_EXPORT const ct_plugin *claimtrack_plugin_entry(unsigned int host_abi); \
	CT_PLUGIN_EXPORT const ct_plugin *claimtrack_plugin_entry(unsigned int host_abi) \
	{ (void)host_abi; return &(desc); }

#ifdef __cplusplus
}
#endif
#endif
