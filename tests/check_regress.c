/* SPDX-License-Identifier: MIT */
/*
 * Inputs that once crashed or misbehaved under the fuzzers
 * (fixtures/fuzz/TARGET/) replayed the way each fuzz target drives the
 * code. Under SANITIZE=address,undefined any memory error or undefined
 * behaviour aborts the test.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef void (*replay_fn)(const char *data, size_t len, const char *name);

static void replay_extract(const char *data, size_t len, const char *name)
{
	ct_claimset set = CT_CLAIMSET_INIT;
	ct_span *sp = NULL;
	char *norm = NULL;
	size_t nlen, ns, k;

	(void)name;
	ck_assert_int_ge(ct_claims_extract_sentence(&set, data, len, NULL, 0), CT_ENOMEM);
	ct_claimset_clear(&set);
	ck_assert_int_eq(ct_text_normalize(&norm, &nlen, data, len, NULL), 0);
	ck_assert_int_eq(ct_sentences(&sp, &ns, norm, nlen), 0);
	for (k = 0; k < ns; k++)
		ck_assert_int_eq(ct_claims_extract_sentence(&set, norm + sp[k].start, sp[k].len, "s", k), 0);
	ct_claimset_sort(&set);
	ct_claimset_clear(&set);
	free(sp);
	free(norm);
}

static void replay_plugin(const char *type, const char *data, size_t len, const char *name)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_host *h = test_host();
	ct_doc *doc = NULL;
	int err;

	req.type = type;
	req.name = name;
	err = ct_host_parse(&doc, h, data, len, &req);
	/* either a document or a clean refusal with a message naming the input */
	if (err == 0)
		ck_assert_ptr_nonnull(doc);
	else
		ck_assert_msg(strstr(ct_error_last(), name) != NULL, "%s", ct_error_last());
	ct_doc_free(doc);
	ct_host_free(h);
}

static void replay_html(const char *d, size_t n, const char *name) { replay_plugin("html", d, n, name); }
static void replay_rss(const char *d, size_t n, const char *name) { replay_plugin("rss", d, n, name); }

static void replay_dir(const char *rel, replay_fn fn)
{
	DIR *d = opendir(src_path(rel));
	struct dirent *e;
	char path[4200];

	if (!d)
		return;
	snprintf(path, sizeof(path), "%s", src_path(rel));
	while ((e = readdir(d)) != NULL) {
		char file[8400];
		size_t len;
		char *data;

		if (e->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
		data = slurp(file, &len);
		/* exactly len bytes, no NUL after them, as the fuzzers pass
		 * their inputs: a read past the end is the sanitizers' to catch */
		{
			char *exact = malloc(len ? len : 1);

			ck_assert_ptr_nonnull(exact);
			memcpy(exact, data, len);
			fn(exact, len, e->d_name);
			free(exact);
		}
		free(data);
	}
	closedir(d);
}

START_TEST(test_regress_extract)
{
	replay_dir("fixtures/fuzz/extract", replay_extract);
}
END_TEST

START_TEST(test_regress_html)
{
	replay_dir("fixtures/fuzz/html", replay_html);
}
END_TEST

START_TEST(test_regress_rss)
{
	replay_dir("fixtures/fuzz/rss", replay_rss);
}
END_TEST

Suite *make_regress_suite(void)
{
	Suite *s = suite_create("regress");
	TCase *tc = tcase_create("fuzz");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_regress_extract);
	tcase_add_test(tc, test_regress_html);
	tcase_add_test(tc, test_regress_rss);
	suite_add_tcase(s, tc);
	return s;
}
