/* SPDX-License-Identifier: MIT */
/* Timelines: figures followed across versions, gaps and returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void add(ct_claimset *set, const char *key, double value)
{
	ct_claim c;

	memset(&c, 0, sizeof(c));
	c.key = (char *)key;
	c.subject = (char *)key;
	c.value = value;
	c.kind = CT_KIND_COUNT;
	c.qualifier = "=";
	c.text = (char *)key;
	c.sentence = (char *)key;
	ck_assert_int_eq(ct_claimset_push(set, &c), 0);
}

START_TEST(test_series_follow_changes_gaps_and_returns)
{
	ct_claimset v[4] = { CT_CLAIMSET_INIT, CT_CLAIMSET_INIT, CT_CLAIMSET_INIT, CT_CLAIMSET_INIT };
	ct_timeline *tl = NULL;
	ct_timeline_labels l;
	const char *vers[] = { "1", "2", "3", "4" };
	const char *times[] = { "t1", "t2", "t3", "t4" };
	ct_buf out = CT_BUF_INIT;
	size_t i;

	add(&v[0], "death", 12); add(&v[0], "injured", 40);
	add(&v[1], "death", 15); add(&v[1], "injured", 40);
	add(&v[2], "death", 15); add(&v[2], "injured", 40);  add(&v[2], "missing", 3);
	add(&v[3], "death", 21); add(&v[3], "injured", 40);
	ck_assert_int_eq(ct_timeline_build(&tl, v, 4, NULL), 0);
	ck_assert_uint_eq(tl->nseries, 3);
	ck_assert(tl->series[0].at[0]->value == 12 && tl->series[0].at[3]->value == 21);
	ck_assert_uint_eq(tl->series[0].changes, 2);
	ck_assert_uint_eq(tl->series[1].changes, 0);
	ck_assert_uint_eq(tl->series[2].first, 2);
	ck_assert_ptr_null(tl->series[2].at[3]);
	memset(&l, 0, sizeof(l));
	l.id = "storm";
	l.versions = vers;
	l.times = times;
	ck_assert_int_eq(ct_report_timeline(&out, tl, CT_FORMAT_TEXT, &l), 0);
	ck_assert_text_eq(out.ptr,
		"storm: 4 versions\n\n"
		"death\n"
		"  t1                    v1    12\n"
		"  t2                    v2    15  (+3)\n"
		"  t4                    v4    21  (+6)\n\n"
		"missing\n"
		"  t3                    v3    3\n"
		"  t4                    v4    (gone)\n\n"
		"1 figure unchanged in every version (--all lists them)\n");
	ct_buf_clear(&out);
	ck_assert_int_eq(ct_report_timeline(&out, tl, CT_FORMAT_JSON, &l), 0);
	ck_assert(strstr(out.ptr, "\"key\":\"death\",\"subject\":\"death\",\"kind\":\"count\","
		"\"unit\":null,\"per\":null,\"section\":null,\"changes\":2,\"values\":[12,15,15,21]") != NULL);
	ck_assert(strstr(out.ptr, "\"values\":[null,null,3,null]") != NULL);
	ct_buf_dispose(&out);
	ct_timeline_free(tl);
	for (i = 0; i < 4; i++)
		ct_claimset_clear(&v[i]);
}
END_TEST

START_TEST(test_returning_figure_continues_series)
{
	ct_claimset v[3] = { CT_CLAIMSET_INIT, CT_CLAIMSET_INIT, CT_CLAIMSET_INIT };
	ct_timeline *tl = NULL;
	size_t i;

	add(&v[0], "irs agent", 250);
	add(&v[2], "irs agent", 300);
	ck_assert_int_eq(ct_timeline_build(&tl, v, 3, NULL), 0);
	ck_assert_uint_eq(tl->nseries, 1);
	ck_assert_ptr_null(tl->series[0].at[1]);
	ck_assert(tl->series[0].at[2]->value == 300);
	ct_timeline_free(tl);
	for (i = 0; i < 3; i++)
		ct_claimset_clear(&v[i]);
}
END_TEST

START_TEST(test_cli_timeline_over_files)
{
	char v1[4096], v2[4096];
	const char *argv[] = { "timeline", "--format", "json", v1, v2, v1, NULL };
	run_result r;

	snprintf(v1, sizeof(v1), "%s", src_path("fixtures/demo/v1.txt"));
	snprintf(v2, sizeof(v2), "%s", src_path("fixtures/demo/v2.txt"));
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strstr(r.out, "\"values\":[3000,3500,3000]") != NULL);
	ck_assert(strstr(r.out, "\"values\":[250,null,250]") != NULL);
	ck_assert(strstr(r.out, "\"values\":[null,400,null]") != NULL);
	run_result_free(&r);
}
END_TEST

Suite *make_timeline_suite(void)
{
	Suite *s = suite_create("timeline");
	TCase *tc = tcase_create("build");

	tcase_add_test(tc, test_series_follow_changes_gaps_and_returns);
	tcase_add_test(tc, test_returning_figure_continues_series);
	tcase_add_test(tc, test_cli_timeline_over_files);
	suite_add_tcase(s, tc);
	return s;
}
