/* SPDX-License-Identifier: MIT */
/* claimtrack serve: what the command, its pages and its loaders share. */
#ifndef CLAIMTRACK_CLI_SERVE_H
#define CLAIMTRACK_CLI_SERVE_H

#include "claimtrack/server.h"
#include "cli.h"

/* The changes feed: the newest FEED_ENTRIES changes `claimtrack changes`
 * lists (the same entries, the same Atom). */
#define SERVE_FEED_ENTRIES 100

/* The index's rows and its last page, kept between requests (serve_index.c). */
typedef struct serve_index serve_index;
/* The archive-wide feed, kept while the tips stay (serve_feeds.c). */
typedef struct serve_feed serve_feed;

typedef struct serve_ctx {
	const char *archive_path;
	const char *title;
	ct_host *host;
	serve_index *index;
	serve_feed *feed;
	char feed_url[128];          /* this server's /changes.atom, the feed's id */
} serve_ctx;

int serve_index_new(serve_index **out);
void serve_index_free(serve_index *x);
/* GET /: the documents, latest observed first. */
void serve_index_page(const serve_ctx *ctx, ct_http_response *res);

/* The server's handler (ct_http_handler). */
void serve_handle(void *ctx, const char *path, ct_http_response *res);

int serve_open(ct_archive **a, const serve_ctx *ctx, ct_http_response *res);
void serve_error(ct_http_response *res, int status, const char *msg);

void serve_doc_page(const serve_ctx *ctx, const char *id, ct_http_response *res);
void serve_diff_page(const serve_ctx *ctx, const char *id, unsigned n, ct_http_response *res);
/* 404 for a document that is not there, 500 (said on stderr) for anything else. */
void serve_lib_failure(ct_http_response *res, const char *what);

int serve_feed_new(serve_feed **out);
void serve_feed_free(serve_feed *f);
/* GET /changes.atom and /doc/ID/changes.atom */
void serve_changes_feed(const serve_ctx *ctx, ct_http_response *res);
void serve_doc_feed(const serve_ctx *ctx, const char *id, ct_http_response *res);

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
	char *title, *url, *diff_base, *feed;
} serve_timeline;

int serve_timeline_load(serve_timeline *t, ct_archive *a, ct_host *host, const char *id,
	size_t last, int meta);
void serve_timeline_dispose(serve_timeline *t);

#endif
