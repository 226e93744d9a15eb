/* SPDX-License-Identifier: MIT */
/*
 * claimtrack serve: the pages. Each request opens the archive afresh (a
 * reader never holds it; `add` may write meanwhile) and makes the same HTML
 * the CLI writes:
 *   /                    the documents, latest observed first
 *   /doc/ID              its timeline page (charts, tables, versions)
 *   /diff/ID/N           the diff of version N-1 to N
 *   /changes.atom        the archive's latest figure changes
 * Paths are checked before anything is read: no percent-encoding at all
 * (no page needs it, so an encoded slash or dot is refused, never decoded),
 * no "..", no empty segment, ids as the archive allows them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "serve.h"

static void plain(ct_http_response *res, int status, const char *msg)
{
	res->status = status;
	res->content_type = "text/plain; charset=utf-8";
	ct_buf_clear(&res->body);
	ct_buf_printf(&res->body, "%d %s\n", status, msg);
}

/* Is the path one this server could have made? */
static int path_ok(const char *p)
{
	const char *s;

	if (p[0] != '/')
		return 0;
	for (s = p; *s; s++) {
		unsigned char c = (unsigned char)*s;

		/* '%' (no page is percent-encoded), '\\', controls and non-ASCII */
		if (c == '%' || c == '\\' || c < 0x21 || c > 0x7e)
			return 0;
	}
	return !strstr(p, "//") && !strstr(p, "/./") && !strstr(p, "/../") &&
	       !(strlen(p) >= 3 && !strcmp(p + strlen(p) - 3, "/..")) &&
	       !(strlen(p) >= 2 && !strcmp(p + strlen(p) - 2, "/."));
}

static int open_archive(ct_archive **a, const serve_ctx *ctx, ct_http_response *res)
{
	if (ct_archive_open(a, ctx->archive_path) < 0) {
		cli_warn("serve: %s", ct_error_last());
		plain(res, 503, "the archive cannot be opened now");
		return -1;
	}
	return 0;
}

static void make_index(const serve_ctx *ctx, ct_http_response *res);

static int by_newest(const void *pa, const void *pb)
{
	const serve_doc *a = pa, *b = pb;

	if (a->v.observed_at != b->v.observed_at)
		return a->v.observed_at < b->v.observed_at ? 1 : -1;
	return strcmp(a->id, b->id);
}

void serve_docs_free(serve_doc *docs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ct_version_dispose(&docs[i].v);
	free(docs);
}

int serve_docs(serve_doc **out, size_t *count, ct_archive *a, char ***ids_out, size_t *nids)
{
	serve_doc *docs;
	char **ids = NULL;
	size_t n = 0, i, k = 0;

	*out = NULL;
	*count = 0;
	if (ct_archive_list(&ids, &n, a) < 0)
		return -1;
	if (!(docs = calloc(n + 1, sizeof(*docs)))) {
		ct_strings_free(ids, n);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		/* a branch that cannot be read is not listed (verify names it) */
		if (ct_archive_latest(&docs[k].v, a, ids[i]) < 0)
			continue;
		docs[k].id = ids[i];
		k++;
	}
	qsort(docs, k, sizeof(*docs), by_newest);
	*out = docs;
	*count = k;
	*ids_out = ids;
	*nids = n;
	return 0;
}

/*
 * The index is the page asked for most and the one that reads every
 * document, so the last one made is kept while the refs stay as they were:
 * a version added renames a ref file into refs/heads (or rewrites
 * packed-refs), which moves that directory's (or file's) modification time.
 * A time within the last two seconds is not trusted, as git does not trust
 * an index entry as new as its file (a second write in the same clock tick
 * would leave it as it was): such a page is made and not kept.
 */
typedef struct refs_stamp { struct timespec heads, packed; } refs_stamp;

static struct {
	int valid;
	refs_stamp stamp;
	ct_buf html;
} index_cache = { 0, { { 0, 0 }, { 0, 0 } }, CT_BUF_INIT };

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

static void index_page(const serve_ctx *ctx, ct_http_response *res)
{
	refs_stamp st;
	int stamped = refs_stamp_of(&st, ctx->archive_path) == 0;

	if (stamped && index_cache.valid && same_stamp(&st, &index_cache.stamp)) {
		if (ct_buf_put(&res->body, index_cache.html.ptr, index_cache.html.len) < 0)
			serve_error(res, 500, "out of memory");
		return;
	}
	index_cache.valid = 0;
	make_index(ctx, res);
	if (stamped && res->status == 200 && settled(&st)) {
		ct_buf_clear(&index_cache.html);
		if (ct_buf_put(&index_cache.html, res->body.ptr, res->body.len) == 0) {
			index_cache.stamp = st;
			index_cache.valid = 1;
		}
	}
}

static void make_index(const serve_ctx *ctx, ct_http_response *res)
{
	ct_archive *a = NULL;
	serve_doc *docs = NULL;
	ct_index_entry *e = NULL;
	char **ids = NULL, (*when)[32] = NULL, **hrefs = NULL;
	size_t n = 0, nids = 0, i;

	if (open_archive(&a, ctx, res) < 0)
		return;
	if (serve_docs(&docs, &n, a, &ids, &nids) < 0 || !(e = calloc(n + 1, sizeof(*e))) ||
	    !(when = calloc(n + 1, sizeof(*when))) || !(hrefs = calloc(n + 1, sizeof(*hrefs)))) {
		plain(res, 500, "the archive's documents cannot be listed");
		goto out;
	}
	for (i = 0; i < n; i++) {
		size_t len = strlen(docs[i].id) + 6;

		if (!(hrefs[i] = malloc(len)))
			break;
		snprintf(hrefs[i], len, "/doc/%s", docs[i].id);
		cli_format_time(when[i], sizeof(when[i]), docs[i].v.observed_at);
		e[i].id = docs[i].id;
		e[i].href = hrefs[i];
		e[i].versions = docs[i].v.number;
		e[i].observed = when[i];
		e[i].latest = docs[i].v.subject;
		/* "ID: version 3 (2 changed)": the id is in the row already */
		if (e[i].latest && !strncmp(e[i].latest, docs[i].id, strlen(docs[i].id)) &&
		    !strncmp(e[i].latest + strlen(docs[i].id), ": ", 2))
			e[i].latest += strlen(docs[i].id) + 2;
		e[i].url = docs[i].v.source_url;
	}
	if (i < n || ct_report_index_html(&res->body, e, n, ctx->title, "/changes.atom") < 0)
		plain(res, 500, "out of memory");
out:
	for (i = 0; hrefs && i < n; i++)
		free(hrefs[i]);
	free(hrefs);
	free(when);
	free(e);
	serve_docs_free(docs, n);
	ct_strings_free(ids, nids);
	ct_archive_free(a);
}

/* The id segment of /doc/ID or /diff/ID/N: an id the archive accepts. */
static int id_ok(const char *id)
{
	return ct_archive_id_check(id) == 0;
}

void serve_handle(void *ctxp, const char *path, ct_http_response *res)
{
	const serve_ctx *ctx = ctxp;
	char buf[512], *slash;

	if (!path_ok(path) || strlen(path) >= sizeof(buf)) {
		plain(res, 400, "not a path these pages use");
		return;
	}
	if (!strcmp(path, "/")) {
		index_page(ctx, res);
		return;
	}
	if (!strcmp(path, "/changes.atom")) {
		serve_feed(ctx, res);
		return;
	}
	if (!strncmp(path, "/doc/", 5) && id_ok(path + 5)) {
		serve_doc_page(ctx, path + 5, res);
		return;
	}
	if (!strncmp(path, "/diff/", 6)) {
		snprintf(buf, sizeof(buf), "%s", path + 6);
		if ((slash = strchr(buf, '/')) != NULL) {
			char *end;
			long n;

			*slash = '\0';
			n = strtol(slash + 1, &end, 10);
			if (id_ok(buf) && slash[1] >= '1' && slash[1] <= '9' && !*end && n >= 2 && n < 1000000) {
				serve_diff_page(ctx, buf, (unsigned)n, res);
				return;
			}
		}
	}
	plain(res, 404, "no such page");
}

int serve_open(ct_archive **a, const serve_ctx *ctx, ct_http_response *res)
{
	return open_archive(a, ctx, res);
}

void serve_error(ct_http_response *res, int status, const char *msg)
{
	plain(res, status, msg);
}
