/* SPDX-License-Identifier: MIT */
/*
 * Out-of-memory paths (as expat's allocation tests): plugins allocate
 * through the host's table, so a host whose allocator fails at the N-th
 * call drives every plugin through every allocation failure. Each run must
 * fail cleanly or succeed, and give back all it took.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static long calls, fail_at, live;

static void *t_alloc(size_t n)
{
	void *p;

	if (++calls == fail_at)
		return NULL;
	if ((p = malloc(n ? n : 1)))
		live++;
	return p;
}

static void *t_realloc(void *p, size_t n)
{
	void *q;

	if (++calls == fail_at)
		return NULL;
	q = realloc(p, n ? n : 1);
	if (q && !p)
		live++;
	return q;
}

static void t_free(void *p)
{
	if (p)
		live--;
	free(p);
}

static ct_host *failing_host(void)
{
	ct_host_options o = CT_HOST_OPTIONS_INIT;
	ct_host *h = NULL;
	char dir[4096];
	const char *build = getenv("CT_BUILD");

	snprintf(dir, sizeof(dir), "%s/plugins", build ? build : "build");
	o.plugin_path = dir;
	o.no_default_dirs = 1;
	o.alloc = t_alloc;
	o.realloc = t_realloc;
	o.free = t_free;
	ck_assert_int_eq(ct_host_new(&h, &o), 0);
	return h;
}

/* First fixture file in dir with the suffix, or NULL. */
static char *first_fixture(const char *rel, const char *suffix)
{
	DIR *d = opendir(src_path(rel));
	struct dirent *e;
	char *best = NULL;

	while (d && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name), m = strlen(suffix);

		if (n > m && !strcmp(e->d_name + n - m, suffix) &&
		    (!best || strcmp(e->d_name, best + strlen(rel) + 1) < 0)) {
			free(best);
			best = malloc(strlen(rel) + n + 2);
			sprintf(best, "%s/%s", rel, e->d_name);
		}
	}
	if (d)
		closedir(d);
	return best;
}

static void drive(const char *type, const char *rel)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_host *h = failing_host();
	size_t len;
	char *data;
	long n;
	int ok = 0;

	if (!ct_host_find(h, type)) {
		ct_host_free(h);
		return;   /* plugin not built in this tree */
	}
	data = slurp(src_path(rel), &len);
	req.type = type;
	req.name = rel;
	for (n = 1; n < 100000 && !ok; n++) {
		ct_doc *doc = NULL;
		int err;

		calls = live = 0;
		fail_at = n;
		err = ct_host_parse(&doc, h, data, len, &req);
		ck_assert_msg(live == 0, "%s: %ld allocations leaked when call %ld failed",
			rel, live, n);
		if (err == 0) {
			ck_assert_ptr_nonnull(doc);
			ok = calls < n;   /* this run met no failure: every path was tried */
		} else {
			ck_assert_ptr_null(doc);
		}
		ct_doc_free(doc);
	}
	ck_assert_msg(ok, "%s never parsed", rel);
	free(data);
	ct_host_free(h);
}

START_TEST(test_text_plugin_oom)
{
	drive("text", "fixtures/text/operation-at-large.txt");
}
END_TEST

START_TEST(test_html_plugin_oom)
{
	char *f = first_fixture("fixtures/html", ".html");

	if (f)
		drive("html", f);
	free(f);
}
END_TEST

START_TEST(test_rss_plugin_oom)
{
	char *f = first_fixture("fixtures/feeds", ".xml");

	if (f)
		drive("rss", f);
	free(f);
}
END_TEST

Suite *make_alloc_suite(void)
{
	Suite *s = suite_create("alloc");
	TCase *tc = tcase_create("oom");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_text_plugin_oom);
	tcase_add_test(tc, test_html_plugin_oom);
	tcase_add_test(tc, test_rss_plugin_oom);
	suite_add_tcase(s, tc);
	return s;
}
