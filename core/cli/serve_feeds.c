/* SPDX-License-Identifier: MIT */
/*
 * claimtrack serve: the Atom feeds, each the one a command writes.
 *   /changes.atom          the archive's newest figure changes:
 *                          `claimtrack changes --format atom -n 100 --url
 *                          http://HOST:PORT/changes.atom`, entry ids from
 *                          commit ids
 *   /doc/ID/changes.atom   one document's figure changes:
 *                          `claimtrack timeline ID --format atom`, an entry
 *                          per figure move, ids from the document, the
 *                          commit and the figure
 * Neither uses the clock, so polling an unchanged archive gives the same
 * bytes. The archive-wide feed reads every document's history, and it is
 * a function of the documents' tips alone (a history is its tip's), so the
 * last one made is kept while every tip is the same commit.
 */
#include <stdlib.h>
#include <string.h>

#include "serve.h"

struct serve_feed {
	ct_archive_tip *tips;      /* the tips the kept feed was made from */
	size_t ntips;
	int valid;
	ct_buf body;
};

int serve_feed_new(serve_feed **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	return 0;
}

void serve_feed_free(serve_feed *f)
{
	if (!f)
		return;
	ct_archive_tips_free(f->tips, f->ntips);
	ct_buf_dispose(&f->body);
	free(f);
}

static int same_tips(const ct_archive_tip *a, size_t na, const ct_archive_tip *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (strcmp(a[i].commit, b[i].commit) || strcmp(a[i].id, b[i].id))
			return 0;
	return 1;
}

/* The feed as `changes` makes it, into f->body. */
static int make_changes(serve_feed *f, const serve_ctx *ctx, ct_archive *a)
{
	ct_change_list list = { NULL, 0 };
	int err;

	ct_buf_clear(&f->body);
	if ((err = ct_changes_collect(&list, a, ctx->host, 0, SERVE_FEED_ENTRIES)) == 0)
		err = ct_changes_render(&f->body, &list, CT_FORMAT_ATOM, ctx->feed_url);
	ct_change_list_dispose(&list);
	return err;
}

void serve_changes_feed(const serve_ctx *ctx, ct_http_response *res)
{
	serve_feed *f = ctx->feed;
	ct_archive_tip *tips = NULL;
	ct_archive *a = NULL;
	size_t ntips = 0;

	if (serve_open(&a, ctx, res) < 0)
		return;
	if (ct_archive_tips(&tips, &ntips, a) < 0) {
		serve_lib_failure(res, "changes");
		goto out;
	}
	if (!f->valid || !same_tips(tips, ntips, f->tips, f->ntips)) {
		f->valid = 0;
		if (make_changes(f, ctx, a) < 0) {
			serve_lib_failure(res, "changes");
			goto out;
		}
		ct_archive_tips_free(f->tips, f->ntips);
		f->tips = tips;
		f->ntips = ntips;
		tips = NULL;
		ntips = 0;
		f->valid = 1;
	}
	res->content_type = "application/atom+xml; charset=utf-8";
	if (ct_buf_put(&res->body, f->body.ptr, f->body.len) < 0)
		serve_error(res, 500, "out of memory");
out:
	ct_archive_tips_free(tips, ntips);
	ct_archive_free(a);
}

void serve_doc_feed(const serve_ctx *ctx, const char *id, ct_http_response *res)
{
	ct_archive *a = NULL;
	serve_timeline t;

	memset(&t, 0, sizeof(t));
	if (serve_open(&a, ctx, res) < 0)
		return;
	/* the labels `timeline --format atom` gives: no title, no URL */
	if (serve_timeline_load(&t, a, ctx->host, id, 0, 0) < 0 ||
	    ct_report_timeline(&res->body, t.tl, CT_FORMAT_ATOM, &t.labels) < 0)
		serve_lib_failure(res, id);
	else
		res->content_type = "application/atom+xml; charset=utf-8";
	serve_timeline_dispose(&t);
	ct_archive_free(a);
}
