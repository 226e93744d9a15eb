/* SPDX-License-Identifier: MIT */
/* ct_archive_tips and ct_archive_tip_version: what serve's index keeps its
 * rows by. The tips are the documents ct_archive_list lists, each with the
 * commit ct_archive_latest gives, and a tip read earlier still names its
 * version after the branch has moved on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static ct_host *host;
static ct_archive *a;
static char *dir;

static void setup(void)
{
	char path[4200];

	host = test_host();
	dir = tmpdir_new();
	snprintf(path, sizeof(path), "%s/a", dir);
	ck_assert_int_eq(ct_archive_init(&a, path), 0);
}

static void teardown(void)
{
	ct_archive_free(a);
	ct_host_free(host);
	tmpdir_cleanup(dir);
	a = NULL;
	host = NULL;
	dir = NULL;
}

static void add(const char *id, const char *text, int64_t at)
{
	ct_add_options o = CT_ADD_OPTIONS_INIT;
	ct_add_result r;

	o.type = "text";
	o.observed_at = at;
	o.source_url = "https://example.org/story";
	ck_assert_msg(ct_archive_add(&r, a, host, id, text, strlen(text), &o) == 0, "add %s: %s", id,
		ct_error_last());
	ct_add_result_dispose(&r);
}

START_TEST(test_tips_are_the_listed_documents_and_their_latest)
{
	ct_archive_tip *tips = NULL;
	char **ids = NULL;
	size_t n = 0, nids = 0, i;

	ck_assert_int_eq(ct_archive_tips(&tips, &n, a), 0);
	ck_assert_uint_eq(n, 0);
	ct_archive_tips_free(tips, n);
	add("beta", "Officials said 40 agents were sent.\n", 1750000000);
	add("alpha", "Officials said 10 agents were sent.\n", 1750000100);
	add("alpha", "Officials said 12 agents were sent.\n", 1750000200);
	ck_assert_int_eq(ct_archive_tips(&tips, &n, a), 0);
	ck_assert_int_eq(ct_archive_list(&ids, &nids, a), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(nids, 2);
	for (i = 0; i < n; i++) {
		ct_archive_version latest, at;

		ck_assert_str_eq(tips[i].id, ids[i]);
		ck_assert_int_eq(ct_archive_latest(&latest, a, ids[i]), 0);
		ck_assert_int_eq(ct_archive_tip_version(&at, a, &tips[i]), 0);
		ck_assert_str_eq(tips[i].commit, latest.commit);
		ck_assert_str_eq(at.commit, latest.commit);
		ck_assert_uint_eq(at.number, latest.number);
		ck_assert_int_eq(at.observed_at, latest.observed_at);
		ck_assert_str_eq(at.subject, latest.subject);
		ck_assert_str_eq(at.source_url, "https://example.org/story");
		ct_version_dispose(&latest);
		ct_version_dispose(&at);
	}
	ck_assert_str_eq(tips[0].id, "alpha");
	ct_strings_free(ids, nids);
	ct_archive_tips_free(tips, n);
}
END_TEST

START_TEST(test_tip_version_of_an_older_tip)
{
	ct_archive_tip *tips = NULL, *now = NULL, bad;
	ct_archive_version v;
	size_t n = 0, nn = 0;

	add("doc", "Officials said 10 agents were sent.\n", 1750000000);
	ck_assert_int_eq(ct_archive_tips(&tips, &n, a), 0);
	add("doc", "Officials said 12 agents were sent.\n", 1750000100);
	ck_assert_int_eq(ct_archive_tips(&now, &nn, a), 0);
	ck_assert_str_ne(tips[0].commit, now[0].commit);
	ck_assert_int_eq(ct_archive_tip_version(&v, a, &tips[0]), 0);
	ck_assert_uint_eq(v.number, 1);
	ck_assert_int_eq(v.observed_at, 1750000000);
	ct_version_dispose(&v);
	ck_assert_int_eq(ct_archive_tip_version(&v, a, &now[0]), 0);
	ck_assert_uint_eq(v.number, 2);
	ct_version_dispose(&v);
	/* a commit the archive does not hold, and no commit id at all */
	bad.id = (char *)"doc";
	snprintf(bad.commit, sizeof(bad.commit), "%s", "0123456789012345678901234567890123456789");
	ck_assert_int_eq(ct_archive_tip_version(&v, a, &bad), CT_ENOTFOUND);
	snprintf(bad.commit, sizeof(bad.commit), "%s", "not-a-commit");
	ck_assert_int_eq(ct_archive_tip_version(&v, a, &bad), CT_EINVAL);
	ck_assert(strstr(ct_error_last(), "not-a-commit") != NULL);
	ct_archive_tips_free(tips, n);
	ct_archive_tips_free(now, nn);
}
END_TEST

Suite *make_serve_tips_suite(void)
{
	Suite *s = suite_create("serve_tips");
	TCase *tc = tcase_create("tips");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_tips_are_the_listed_documents_and_their_latest);
	tcase_add_test(tc, test_tip_version_of_an_older_tip);
	suite_add_tcase(s, tc);
	return s;
}
