/* SPDX-License-Identifier: MIT */
/* claimtrack serve: a document's page and a diff's page, made by the
 * library's renderers exactly as the CLI makes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

void serve_timeline_dispose(serve_timeline *t)
{
	size_t i;

	ct_timeline_free(t->tl);
	for (i = 0; t->sets && i < t->n; i++)
		ct_claimset_clear(&t->sets[i]);
	for (i = 0; t->vlabels && i < t->n; i++)
		free(t->vlabels[i]);
	for (i = 0; t->tlabels && i < t->n; i++)
		free(t->tlabels[i]);
	free(t->sets);
	free(t->vlabels);
	free(t->tlabels);
	free(t->commits);
	free(t->observed);
	free(t->title);
	free(t->url);
	free(t->diff_base);
	free(t->feed);
	if (t->vers)
		ct_versions_free(t->vers, t->nall);
	memset(t, 0, sizeof(*t));
}

static int labels_for(serve_timeline *t, size_t i)
{
	const ct_archive_version *v = &t->vers[t->first + i];
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%u", v->number);
	t->vlabels[i] = strdup(tmp);
	cli_format_time(tmp, sizeof(tmp), v->observed_at);
	t->tlabels[i] = strdup(tmp);
	t->commits[i] = v->commit;
	t->observed[i] = v->observed_at;
	return t->vlabels[i] && t->tlabels[i] ? 0 : ct_error_set(CT_ENOMEM, "out of memory");
}

int serve_timeline_load(serve_timeline *t, ct_archive *a, ct_host *host, const char *id,
	size_t last, int meta)
{
	ct_diff_options o = CT_DIFF_OPTIONS_INIT;
	size_t i, n;
	int err;

	memset(t, 0, sizeof(*t));
	if ((err = ct_archive_log(&t->vers, &t->nall, a, id)) < 0)
		return err;
	t->first = last && t->nall > last ? t->nall - last : 0;
	n = t->nall - t->first;
	if (!(t->sets = calloc(n + 1, sizeof(*t->sets))) ||
	    !(t->vlabels = calloc(n + 1, sizeof(char *))) ||
	    !(t->tlabels = calloc(n + 1, sizeof(char *))) ||
	    !(t->commits = calloc(n + 1, sizeof(char *))) ||
	    !(t->observed = calloc(n + 1, sizeof(*t->observed))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	t->n = n;
	for (i = 0; i < n; i++) {
		if ((err = ct_archive_claims(&t->sets[i], a, host, &t->vers[t->first + i])) < 0 ||
		    (err = labels_for(t, i)) < 0)
			return err;
	}
	if ((err = ct_timeline_build(&t->tl, t->sets, n, &o)) < 0)
		return err;
	if (meta && n)
		cli_version_meta(&t->title, &t->url, a, host, &t->vers[t->nall - 1]);
	t->labels.id = id;
	t->labels.versions = (const char *const *)t->vlabels;
	t->labels.times = (const char *const *)t->tlabels;
	t->labels.observed = t->observed;
	t->labels.commits = t->commits;
	t->labels.title = t->title;
	t->labels.url = t->url;
	return 0;
}

/* 404 for a document that is not there, 500 for anything else. */
void serve_lib_failure(ct_http_response *res, const char *what)
{
	if (ct_error_last_code() == CT_ENOTFOUND) {
		serve_error(res, 404, "no such document or version");
		return;
	}
	cli_warn("serve: %s: %s", what, ct_error_last());
	serve_error(res, 500, "the archive could not be read");
}

void serve_doc_page(const serve_ctx *ctx, const char *id, ct_http_response *res)
{
	ct_archive *a = NULL;
	serve_timeline t;
	size_t len = strlen(id) + 20;

	memset(&t, 0, sizeof(t));
	if (serve_open(&a, ctx, res) < 0)
		return;
	if (serve_timeline_load(&t, a, ctx->host, id, 0, 1) < 0) {
		serve_lib_failure(res, id);
		goto out;
	}
	if (!(t.diff_base = malloc(len)) || !(t.feed = malloc(len))) {
		serve_error(res, 500, "out of memory");
		goto out;
	}
	snprintf(t.diff_base, len, "/diff/%s/", id);
	snprintf(t.feed, len, "/doc/%s/changes.atom", id);
	t.labels.diff_base = t.diff_base;
	t.labels.feed = t.feed;
	t.labels.home = "/";
	if (ct_report_timeline(&res->body, t.tl, CT_FORMAT_HTML, &t.labels) < 0)
		serve_lib_failure(res, id);
out:
	serve_timeline_dispose(&t);
	ct_archive_free(a);
}

void serve_diff_page(const serve_ctx *ctx, const char *id, unsigned n, ct_http_response *res)
{
	ct_diff_options o = CT_DIFF_OPTIONS_INIT;
	ct_archive_version va, vb;
	ct_claimset sa = CT_CLAIMSET_INIT, sb = CT_CLAIMSET_INIT;
	ct_report_labels l;
	ct_archive *a = NULL;
	ct_diff *d = NULL;
	char spec[300], la[400], lb[400], ta[32], tb[32], *title = NULL, *url = NULL;

	memset(&va, 0, sizeof(va));
	memset(&vb, 0, sizeof(vb));
	if (serve_open(&a, ctx, res) < 0)
		return;
	snprintf(spec, sizeof(spec), "%s@%u", id, n - 1);
	if (ct_archive_resolve(&va, a, spec) < 0) {
		serve_lib_failure(res, spec);
		goto out;
	}
	snprintf(spec, sizeof(spec), "%s@%u", id, n);
	if (ct_archive_resolve(&vb, a, spec) < 0) {
		serve_lib_failure(res, spec);
		goto out;
	}
	if (ct_archive_claims(&sa, a, ctx->host, &va) < 0 || ct_archive_claims(&sb, a, ctx->host, &vb) < 0 ||
	    ct_diff_compute(&d, &sa, &sb, &o) < 0) {
		serve_lib_failure(res, spec);
		goto out;
	}
	cli_version_meta(&title, &url, a, ctx->host, &vb);
	cli_format_time(ta, sizeof(ta), va.observed_at);
	cli_format_time(tb, sizeof(tb), vb.observed_at);
	snprintf(la, sizeof(la), "%s@%u (%s, %.12s)", id, va.number, ta, va.commit);
	snprintf(lb, sizeof(lb), "%s@%u (%s, %.12s)", id, vb.number, tb, vb.commit);
	memset(&l, 0, sizeof(l));
	l.old_label = la;
	l.new_label = lb;
	l.old_time = ta;
	l.new_time = tb;
	l.id = id;
	l.title = title;
	l.url = url;
	if (ct_report_diff(&res->body, d, CT_FORMAT_HTML, &l, 0) < 0)
		serve_lib_failure(res, spec);
out:
	free(title);
	free(url);
	ct_diff_free(d);
	ct_claimset_clear(&sa);
	ct_claimset_clear(&sb);
	ct_version_dispose(&va);
	ct_version_dispose(&vb);
	ct_archive_free(a);
}
