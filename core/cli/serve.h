/* SPDX-License-Identifier: MIT */
/* claimtrack serve: what the command, its pages and its loaders share. */
#ifndef CLAIMTRACK_CLI_SERVE_H
#define CLAIMTRACK_CLI_SERVE_H

#include "claimtrack/server.h"
#include "cli.h"

/* The changes feed reads the FEED_DOCS most recently observed documents,
 * the last FEED_VERSIONS versions of each, and keeps FEED_ENTRIES entries:
 * bounded work per request however large the archive. */
#define SERVE_FEED_DOCS 50
#define SERVE_FEED_VERSIONS 10
#define SERVE_FEED_ENTRIES 100

typedef struct serve_ctx {
	const char *archive_path;
	const char *title;
	ct_host *host;
} serve_ctx;

/* A document and its latest version. */
typedef struct serve_doc {
	const char *id;              /* borrowed from the id list */
	ct_archive_version v;
} serve_doc;

/* The server's handler (ct_http_handler). */
void serve_handle(void *ctx, const char *path, ct_http_response *res);

/* The archive's documents, latest observed first; *ids is the id list
 * they borrow from (ct_strings_free it after serve_docs_free). */
int serve_docs(serve_doc **out, size_t *count, ct_archive *a, char ***ids, size_t *nids);
void serve_docs_free(serve_doc *docs, size_t n);

int serve_open(ct_archive **a, const serve_ctx *ctx, ct_http_response *res);
void serve_error(ct_http_response *res, int status, const char *msg);

void serve_doc_page(const serve_ctx *ctx, const char *id, ct_http_response *res);
void serve_diff_page(const serve_ctx *ctx, const char *id, unsigned n, ct_http_response *res);
void serve_feed(const serve_ctx *ctx, ct_http_response *res);

/* A document's timeline over its versions from first (0-based) on. */
typedef struct serve_timeline {
	ct_archive_version *vers;
	size_t nall;                 /* versions in vers */
	size_t first, n;             /* the ones followed */
	ct_claimset *sets;
	char **vlabels, **tlabels;
	const char **commits;
	int64_t *observed;
	ct_timeline *tl;
	ct_timeline_labels labels;
	char *title, *url, *diff_base;
} serve_timeline;

int serve_timeline_load(serve_timeline *t, ct_archive *a, ct_host *host, const char *id,
	size_t last, int meta);
void serve_timeline_dispose(serve_timeline *t);

#endif
