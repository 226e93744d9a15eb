/* SPDX-License-Identifier: MIT */
/*
 * claimtrack serve: the pages. Each request opens the archive afresh (a
 * reader never holds it; `add` may write meanwhile) and makes the same HTML
 * the CLI writes:
 *   /                    the documents, latest observed first
 *   /doc/ID              its timeline page (charts, tables, versions)
 *   /doc/ID/changes.atom its figure changes (Atom)
 *   /diff/ID/N           the diff of version N-1 to N
 *   /changes.atom        the archive's latest figure changes (Atom)
 * Paths are checked before anything is read: no percent-encoding at all
 * (no page needs it, so an encoded slash or dot is refused, never decoded),
 * no "..", no empty segment, ids as the archive allows them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The id segment of /doc/ID or /diff/ID/N: an id the archive accepts. */
static int id_ok(const char *id)
{
	return ct_archive_id_check(id) == 0;
}

void serve_handle(void *ctxp, const char *path, ct_http_response *res)
{
	const serve_ctx *ctx = ctxp;
	char buf[512], *sep;
	const char *slash;

	if (!path_ok(path) || strlen(path) >= sizeof(buf)) {
		plain(res, 400, "not a path these pages use");
		return;
	}
	if (!strcmp(path, "/")) {
		serve_index_page(ctx, res);
		return;
	}
	if (!strcmp(path, "/changes.atom")) {
		serve_changes_feed(ctx, res);
		return;
	}
	if (!strncmp(path, "/doc/", 5) && id_ok(path + 5)) {
		serve_doc_page(ctx, path + 5, res);
		return;
	}
	if (!strncmp(path, "/doc/", 5) && (slash = strchr(path + 5, '/')) != NULL &&
	    !strcmp(slash, "/changes.atom") && (size_t)(slash - path - 5) < sizeof(buf)) {
		snprintf(buf, sizeof(buf), "%.*s", (int)(slash - path - 5), path + 5);
		if (id_ok(buf)) {
			serve_doc_feed(ctx, buf, res);
			return;
		}
	}
	if (!strncmp(path, "/diff/", 6)) {
		snprintf(buf, sizeof(buf), "%s", path + 6);
		if ((sep = strchr(buf, '/')) != NULL) {
			char *end;
			long n;

			*sep = '\0';
			n = strtol(sep + 1, &end, 10);
			if (id_ok(buf) && sep[1] >= '1' && sep[1] <= '9' && !*end && n >= 2 && n < 1000000) {
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
