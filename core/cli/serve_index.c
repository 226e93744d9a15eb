/* SPDX-License-Identifier: MIT */
/*
 * claimtrack serve: the index, the page asked for most and the one that
 * reads every document. Two things keep it fast however the archive grows:
 *  - each document's row is kept with the tip commit it was made from, and
 *    made again only for a document whose tip moved: one reading of the
 *    refs (ct_archive_tips) and one commit per moved document, not one per
 *    document;
 *  - the last page made is kept while the refs stay as they were. A version
 *    added renames a ref file into refs/heads (or rewrites packed-refs),
 *    which moves that directory's (or file's) modification time. A time
 *    within the last two seconds is not trusted, as git does not trust an
 *    index entry as new as its file (a second write in the same clock tick
 *    would leave it as it was): such a page is made and not kept.
 * A row is only ever a function of its commit, so the rows need no such
 * care: a kept row is right for as long as its tip is that commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "serve.h"

/* What the index shows of one document's latest version. */
typedef struct row {
	char *id;
	char commit[41];           /* the tip it was made from */
	unsigned int number;
	int64_t observed;
	char when[32];
	char *latest;              /* the subject, its "ID: " left out */
	char *url;
	int taken;                 /* moved into the next refresh's rows */
} row;

typedef struct refs_stamp { struct timespec heads, packed; } refs_stamp;

struct serve_index {
	row *rows;                 /* sorted by id (strcmp) */
	size_t n;
	size_t made, kept;         /* rows made and kept by the last refresh */
	double refs_ms, rows_ms;   /* what reading the tips and making rows took */
	int valid;                 /* page and stamp hold the last page kept */
	refs_stamp stamp;
	ct_buf page;
};

static void row_dispose(row *r)
{
	free(r->id);
	free(r->latest);
	free(r->url);
	memset(r, 0, sizeof(*r));
}

static void rows_free(row *rows, size_t n)
{
	size_t i;

	for (i = 0; rows && i < n; i++)
		row_dispose(&rows[i]);
	free(rows);
}

int serve_index_new(serve_index **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	return 0;
}

void serve_index_free(serve_index *x)
{
	if (!x)
		return;
	rows_free(x->rows, x->n);
	ct_buf_dispose(&x->page);
	free(x);
}

static int by_id(const void *pa, const void *pb)
{
	const row *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

/* A row made from the version the tip names. */
static int row_make(row *r, ct_archive *a, const ct_archive_tip *tip)
{
	ct_archive_version v;
	const char *latest;
	size_t idlen = strlen(tip->id);
	int err;

	memset(r, 0, sizeof(*r));
	if ((err = ct_archive_tip_version(&v, a, tip)) < 0)
		return err;
	latest = v.subject ? v.subject : "";
	/* "ID: version 3 (2 changed)": the id is in the row already */
	if (!strncmp(latest, tip->id, idlen) && !strncmp(latest + idlen, ": ", 2))
		latest += idlen + 2;
	r->id = strdup(tip->id);
	r->latest = strdup(latest);
	r->url = v.source_url ? strdup(v.source_url) : NULL;
	memcpy(r->commit, tip->commit, sizeof(r->commit));
	r->number = v.number;
	r->observed = v.observed_at;
	cli_format_time(r->when, sizeof(r->when), v.observed_at);
	err = !r->id || !r->latest || (v.source_url && !r->url) ?
		ct_error_set(CT_ENOMEM, "out of memory") : 0;
	ct_version_dispose(&v);
	if (err)
		row_dispose(r);
	return err;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The rows for the archive's tips now: kept where the tip stayed, made
 * where it moved or is new; the rows of documents gone are dropped. On a
 * failure nothing is kept (the next request makes every row). */
static int refresh(serve_index *x, ct_archive *a)
{
	ct_archive_tip *tips = NULL;
	row *rows = NULL, key;
	size_t ntips = 0, n = 0, i;
	struct timespec t0;
	int err;

	x->made = x->kept = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((err = ct_archive_tips(&tips, &ntips, a)) < 0)
		goto out;
	x->refs_ms = ms_since(&t0);
	if (!(rows = calloc(ntips + 1, sizeof(*rows)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < ntips; i++) {
		row *old;

		key.id = tips[i].id;
		old = x->n ? bsearch(&key, x->rows, x->n, sizeof(*x->rows), by_id) : NULL;
		if (old && !old->taken && !strcmp(old->commit, tips[i].commit)) {
			/* the old row keeps its id (the array stays sorted) but owns nothing */
			rows[n++] = *old;
			old->taken = 1;
			x->kept++;
			continue;
		}
		/* a branch that cannot be read now is not listed (verify names it) */
		if ((err = row_make(&rows[n], a, &tips[i])) < 0) {
			if (ct_error_last_code() == CT_ENOMEM)
				goto out;
			err = 0;
			continue;
		}
		n++;
		x->made++;
	}
	qsort(rows, n, sizeof(*rows), by_id);
	x->rows_ms = ms_since(&t0) - x->refs_ms;
out:
	for (i = 0; i < x->n; i++)
		if (!x->rows[i].taken)
			row_dispose(&x->rows[i]);
	free(x->rows);
	x->rows = NULL;
	x->n = 0;
	if (err == 0) {
		x->rows = rows;
		x->n = n;
	} else {
		rows_free(rows, n);
	}
	ct_archive_tips_free(tips, ntips);
	return err;
}

/* latest observed first, then by id */
static int by_newest(const void *pa, const void *pb)
{
	const row *a = *(row *const *)pa, *b = *(row *const *)pb;

	if (a->observed != b->observed)
		return a->observed < b->observed ? 1 : -1;
	return strcmp(a->id, b->id);
}

static int render(ct_buf *out, const serve_index *x, const char *title)
{
	ct_index_entry *e = NULL;
	row **order = NULL;
	char **hrefs = NULL;
	size_t i;
	int err = 0;

	if (!(e = calloc(x->n + 1, sizeof(*e))) || !(order = calloc(x->n + 1, sizeof(*order))) ||
	    !(hrefs = calloc(x->n + 1, sizeof(*hrefs)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < x->n; i++)
		order[i] = &x->rows[i];
	qsort(order, x->n, sizeof(*order), by_newest);
	for (i = 0; i < x->n && !err; i++) {
		const row *r = order[i];
		size_t len = strlen(r->id) + 6;

		if (!(hrefs[i] = malloc(len))) {
			err = ct_error_set(CT_ENOMEM, "out of memory");
			break;
		}
		snprintf(hrefs[i], len, "/doc/%s", r->id);
		e[i].id = r->id;
		e[i].href = hrefs[i];
		e[i].versions = r->number;
		e[i].observed = r->when;
		e[i].latest = r->latest;
		e[i].url = r->url;
	}
	if (!err)
		err = ct_report_index_html(out, e, x->n, title, "/changes.atom");
out:
	for (i = 0; hrefs && i < x->n; i++)
		free(hrefs[i]);
	free(hrefs);
	free(order);
	free(e);
	return err;
}

static int refs_stamp_of(refs_stamp *st, const char *archive)
{
	struct stat sb;
	char path[4200];

	memset(st, 0, sizeof(*st));
	snprintf(path, sizeof(path), "%s/refs/heads", archive);
	if (stat(path, &sb) < 0)
		return -1;
	st->heads = sb.st_mtim;
	snprintf(path, sizeof(path), "%s/packed-refs", archive);
	if (stat(path, &sb) == 0)
		st->packed = sb.st_mtim;
	return 0;
}

static int settled(const refs_stamp *st)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return st->heads.tv_sec < now.tv_sec - 2 && st->packed.tv_sec < now.tv_sec - 2;
}

static int same_stamp(const refs_stamp *a, const refs_stamp *b)
{
	return a->heads.tv_sec == b->heads.tv_sec && a->heads.tv_nsec == b->heads.tv_nsec &&
	       a->packed.tv_sec == b->packed.tv_sec && a->packed.tv_nsec == b->packed.tv_nsec;
}

/* Server-Timing (a browser's developer tools show it): how long the page
 * took and how much of it was kept. */
static void timing(ct_http_response *res, const struct timespec *t0, const serve_index *x,
	int page_kept)
{
	if (page_kept)
		snprintf(res->timing, sizeof(res->timing), "index;dur=%.3f;desc=\"page kept\"",
			ms_since(t0));
	else
		snprintf(res->timing, sizeof(res->timing), "index;dur=%.3f;desc=\"rows: %zu made, "
			"%zu kept\", refs;dur=%.3f, rows;dur=%.3f", ms_since(t0), x->made, x->kept,
			x->refs_ms, x->rows_ms);
}

void serve_index_page(const serve_ctx *ctx, ct_http_response *res)
{
	serve_index *x = ctx->index;
	ct_archive *a = NULL;
	struct timespec t0;
	refs_stamp st;
	int stamped;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	stamped = refs_stamp_of(&st, ctx->archive_path) == 0;
	if (stamped && x->valid && same_stamp(&st, &x->stamp)) {
		if (ct_buf_put(&res->body, x->page.ptr, x->page.len) < 0)
			serve_error(res, 500, "out of memory");
		else
			timing(res, &t0, x, 1);
		return;
	}
	x->valid = 0;
	if (serve_open(&a, ctx, res) < 0)
		return;
	if (refresh(x, a) < 0) {
		cli_warn("serve: index: %s", ct_error_last());
		serve_error(res, 500, "the archive's documents cannot be listed");
		goto out;
	}
	if (render(&res->body, x, ctx->title) < 0) {
		serve_error(res, 500, "out of memory");
		goto out;
	}
	if (stamped && settled(&st)) {
		ct_buf_clear(&x->page);
		if (ct_buf_put(&x->page, res->body.ptr, res->body.len) == 0) {
			x->stamp = st;
			x->valid = 1;
		}
	}
	timing(res, &t0, x, 0);
out:
	ct_archive_free(a);
}
