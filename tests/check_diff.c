/* SPDX-License-Identifier: MIT */
/* Claim-set diff: matching passes, deltas and ratios, reports, CLI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void add(ct_claimset *set, const char *key, double value, ct_claim_kind kind,
	const char *unit, const char *per, const char *sentence)
{
	ct_claim c;

	memset(&c, 0, sizeof(c));
	c.key = (char *)key;
	c.subject = (char *)key;
	c.value = value;
	c.kind = kind;
	c.unit = (char *)unit;
	c.per = (char *)per;
	c.qualifier = "=";
	c.text = (char *)key;
	c.sentence = (char *)sentence;
	ck_assert_int_eq(ct_claimset_push(set, &c), 0);
}

START_TEST(test_changed_added_removed)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff *d = NULL;

	add(&a, "ice agent", 3000, CT_KIND_COUNT, NULL, NULL, "3,000 ICE agents.");
	add(&a, "irs agent", 250, CT_KIND_COUNT, NULL, NULL, "250 IRS agents.");
	add(&a, "migrant", 3000, CT_KIND_COUNT, NULL, "day", "3,000 migrants a day.");
	add(&b, "migrant", 3000, CT_KIND_COUNT, NULL, "day", "3,000 migrants a day.");
	add(&b, "ice agent", 3500, CT_KIND_COUNT, NULL, NULL, "3,500 ICE agents.");
	add(&b, "atf agent", 400, CT_KIND_COUNT, NULL, NULL, "400 ATF agents.");
	ck_assert_int_eq(ct_diff_compute(&d, &a, &b, NULL), 0);
	ck_assert_uint_eq(d->count, 3);
	ck_assert_uint_eq(d->unchanged, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ck_assert_str_eq(d->changes[0].old->key, "ice agent");
	ck_assert(d->changes[0].delta == 500);
	ck_assert(d->changes[0].has_ratio && d->changes[0].ratio > 0.1666 && d->changes[0].ratio < 0.1667);
	ck_assert_int_eq(d->changes[1].change, CT_CHANGE_REMOVED);
	ck_assert_str_eq(d->changes[1].old->key, "irs agent");
	ck_assert_int_eq(d->changes[2].change, CT_CHANGE_ADDED);
	ck_assert_str_eq(d->changes[2].new->key, "atf agent");
	ct_diff_free(d);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
}
END_TEST

START_TEST(test_no_delta_across_units)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff *d = NULL;

	/* one span in two units changed, but "18 -> 18" says nothing of how
	 * much; the same unit still has its difference */
	add(&a, "wait", 18, CT_KIND_MEASURE, "week", NULL, "The wait is 18 weeks.");
	add(&b, "wait", 18, CT_KIND_MEASURE, "day", NULL, "The wait is 18 days.");
	add(&a, "river", 2, CT_KIND_MEASURE, "m", NULL, "The river rose 2 m.");
	add(&b, "river", 3, CT_KIND_MEASURE, "m", NULL, "The river rose 3 m.");
	ck_assert_int_eq(ct_diff_compute(&d, &a, &b, NULL), 0);
	ck_assert_uint_eq(d->count, 2);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ck_assert_str_eq(d->changes[0].old->key, "wait");
	ck_assert(!d->changes[0].has_delta && !d->changes[0].has_ratio);
	ck_assert_int_eq(d->changes[1].change, CT_CHANGE_CHANGED);
	ck_assert(d->changes[1].has_delta && d->changes[1].delta == 1);
	ct_diff_free(d);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
}
END_TEST

START_TEST(test_rate_and_kind_must_agree)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff *d = NULL;

	/* same key, but a rate is not a total and a percent is not a count */
	add(&a, "migrant", 3000, CT_KIND_COUNT, NULL, "day", "3,000 migrants a day.");
	add(&b, "migrant", 90000, CT_KIND_COUNT, NULL, "month", "90,000 migrants a month.");
	add(&a, "arrest", 10, CT_KIND_PERCENT, "%", NULL, "10% of arrests.");
	add(&b, "arrest", 10, CT_KIND_COUNT, NULL, NULL, "10 arrests.");
	ck_assert_int_eq(ct_diff_compute(&d, &a, &b, NULL), 0);
	ck_assert_uint_eq(d->count, 4);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_REMOVED);
	ck_assert_int_eq(d->changes[1].change, CT_CHANGE_REMOVED);
	ck_assert_int_eq(d->changes[2].change, CT_CHANGE_ADDED);
	ck_assert_int_eq(d->changes[3].change, CT_CHANGE_ADDED);
	ct_diff_free(d);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
}
END_TEST

START_TEST(test_similar_sentence_pairs_reworded_subject)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff *d = NULL;

	add(&a, "people", 12, CT_KIND_COUNT, NULL, NULL,
		"At least 12 people were killed in the storm on Tuesday, officials said.");
	add(&b, "death", 15, CT_KIND_COUNT, NULL, NULL,
		"At least 15 deaths were caused by the storm on Tuesday, officials said.");
	ck_assert_int_eq(ct_diff_compute(&d, &a, &b, NULL), 0);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ck_assert(d->changes[0].delta == 3);
	ct_diff_free(d);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
}
END_TEST

START_TEST(test_years_ignored_by_default)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff_options o = CT_DIFF_OPTIONS_INIT;
	ct_diff *d = NULL;

	add(&a, "", 2024, CT_KIND_YEAR, NULL, NULL, "In 2024 it began.");
	add(&b, "", 2025, CT_KIND_YEAR, NULL, NULL, "In 2025 it began.");
	ck_assert_int_eq(ct_diff_compute(&d, &a, &b, NULL), 0);
	ck_assert_uint_eq(d->count, 0);
	ct_diff_free(d);
	o.include_years = 1;
	ck_assert_int_eq(ct_diff_compute(&d, &a, &b, &o), 0);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ct_diff_free(d);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
}
END_TEST

START_TEST(test_text_and_json_reports)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_report_labels l;
	ct_buf out = CT_BUF_INIT;
	ct_diff *d = NULL;

	add(&a, "ICE agents", 3000, CT_KIND_COUNT, NULL, NULL, "It needs 3,000 ICE agents now.");
	add(&b, "ICE agents", 3500, CT_KIND_COUNT, NULL, NULL, "It needs 3,500 ICE agents now.");
	add(&b, "budget", 5e9, CT_KIND_MONEY, "USD", NULL, "The budget is $5bn.");
	ck_assert_int_eq(ct_diff_compute(&d, &a, &b, NULL), 0);
	memset(&l, 0, sizeof(l));
	l.old_label = "v1.txt";
	l.new_label = "v2.txt";
	ck_assert_int_eq(ct_report_diff(&out, d, CT_FORMAT_TEXT, &l, 0), 0);
	ck_assert_text_eq(out.ptr,
		"--- v1.txt\n+++ v2.txt\n\n"
		"~ ICE agents: 3,000 -> 3,500 (+500, +16.7%)\n"
		"    It needs [-3,000-] {+3,500+} ICE agents now.\n\n"
		"+ budget: $5,000,000,000 (new)\n"
		"    The budget is $5bn.\n\n"
		"1 changed, 1 added, 0 removed, 0 unchanged\n");
	ct_buf_clear(&out);
	ck_assert_int_eq(ct_report_diff(&out, d, CT_FORMAT_JSON, &l, 0), 0);
	ck_assert_text_eq(out.ptr,
		"{\"change\":\"changed\",\"key\":\"ICE agents\",\"section\":null,"
		"\"old\":{\"key\":\"ICE agents\",\"subject\":\"ICE agents\",\"value\":3000,\"high\":null,"
		"\"kind\":\"count\",\"unit\":null,\"per\":null,\"qualifier\":\"=\",\"text\":\"ICE agents\","
		"\"sentence\":\"It needs 3,000 ICE agents now.\",\"section\":null},"
		"\"new\":{\"key\":\"ICE agents\",\"subject\":\"ICE agents\",\"value\":3500,\"high\":null,"
		"\"kind\":\"count\",\"unit\":null,\"per\":null,\"qualifier\":\"=\",\"text\":\"ICE agents\","
		"\"sentence\":\"It needs 3,500 ICE agents now.\",\"section\":null},"
		"\"delta\":500,\"ratio\":0.1667}\n"
		"{\"change\":\"added\",\"key\":\"budget\",\"section\":null,\"old\":null,"
		"\"new\":{\"key\":\"budget\",\"subject\":\"budget\",\"value\":5000000000,\"high\":null,"
		"\"kind\":\"money\",\"unit\":\"USD\",\"per\":null,\"qualifier\":\"=\",\"text\":\"budget\","
		"\"sentence\":\"The budget is $5bn.\",\"section\":null},\"delta\":null,\"ratio\":null}\n");
	ct_buf_clear(&out);
	ck_assert_int_eq(ct_report_diff(&out, d, CT_FORMAT_HTML, &l, 0), 0);
	/* a sign as well as a colour; delta and percent columns; only the
	 * changed words marked */
	ck_assert(strstr(out.ptr, "<tr class=\"up\"><td class=\"up\"><span class=\"sign\" "
		"aria-hidden=\"true\">\xe2\x96\xb2</span>up</td><td>ICE agents</td>"
		"<td class=\"n\">3,000</td><td class=\"n\">3,500</td>"
		"<td class=\"n up\">+500</td><td class=\"n up\">+16.7%</td>") != NULL);
	ck_assert(strstr(out.ptr, "It needs <del>3,000</del> <ins>3,500</ins> ICE agents now.") != NULL);
	ck_assert(strstr(out.ptr, "<b>Before:</b> v1.txt") != NULL);
	ct_buf_clear(&out);
	ck_assert_int_eq(ct_report_diff(&out, d, CT_FORMAT_ATOM, &l, 0), 0);
	ck_assert(strstr(out.ptr, "<title>ICE agents: 3,000 -&gt; 3,500 (changed)</title>") != NULL);
	/* ids are valid IRIs (the key's space encoded); entries carry content */
	ck_assert(strstr(out.ptr, ":0:ICE%20agents</id>") != NULL);
	ck_assert(strstr(out.ptr, "<content type=\"text\">It needs 3,500 ICE agents now.</content>") != NULL);
	ck_assert(strstr(out.ptr, "<author><name>claimtrack</name></author>") != NULL);
	ct_buf_dispose(&out);
	ct_diff_free(d);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
}
END_TEST

/* End to end through the binary on the demo versions: exit status and
 * the figures that moved (subjects are asserted by the claims suite). */
START_TEST(test_cli_diff_demo_versions)
{
	char v1[4096], v2[4096];
	const char *argv[] = { "diff", "--format", "json", v1, v2, NULL };
	run_result r;

	snprintf(v1, sizeof(v1), "%s", src_path("fixtures/demo/v1.txt"));
	snprintf(v2, sizeof(v2), "%s", src_path("fixtures/demo/v2.txt"));
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert(strstr(r.out, "{\"change\":\"changed\"") == r.out);
	ck_assert(strstr(r.out, "\"value\":3000") && strstr(r.out, "\"value\":3500"));
	ck_assert(strstr(r.out, "\"value\":1800") && strstr(r.out, "\"value\":2100"));
	ck_assert(strstr(r.out, "{\"change\":\"removed\"") && strstr(r.out, "\"value\":250"));
	ck_assert(strstr(r.out, "{\"change\":\"added\"") && strstr(r.out, "\"value\":400"));
	ck_assert_str_eq(r.err, "");
	run_result_free(&r);
}
END_TEST

START_TEST(test_cli_diff_same_file_exit_0)
{
	char v1[4096];
	const char *argv[] = { "diff", v1, v1, NULL };
	run_result r;

	snprintf(v1, sizeof(v1), "%s", src_path("fixtures/demo/v1.txt"));
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strstr(r.out, "0 changed, 0 added, 0 removed, ") != NULL);
	run_result_free(&r);
}
END_TEST

START_TEST(test_cli_diff_errors_exit_2)
{
	const char *missing[] = { "diff", "/nonexistent/a.txt", "/nonexistent/b.txt", NULL };
	const char *badfmt[] = { "diff", "--format", "yaml", "a", "b", NULL };
	const char *twostdin[] = { "diff", "-", "-", NULL };
	run_result r;

	run_claimtrack(&r, badfmt, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "unknown format 'yaml'") != NULL);
	run_result_free(&r);
	run_claimtrack(&r, twostdin, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "only one of OLD and NEW can be stdin") != NULL);
	run_result_free(&r);
	run_claimtrack(&r, missing, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);
}
END_TEST

/* A monitor diffs a document after every fetch: the first version has
 * nothing to compare with, which is no error. */
START_TEST(test_cli_diff_first_version_exit_0)
{
	char *dir = tmpdir_new(), arch[4200], v1[4096];
	const char *init[] = { "init", arch, NULL };
	const char *add[] = { "add", "-A", arch, "--id", "story", v1, NULL };
	const char *diff[] = { "diff", "-A", arch, "story", NULL };
	run_result r;

	snprintf(arch, sizeof(arch), "%s/a", dir);
	snprintf(v1, sizeof(v1), "%s", src_path("fixtures/demo/v1.txt"));
	run_claimtrack(&r, init, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_free(&r);
	run_claimtrack(&r, add, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_free(&r);
	run_claimtrack(&r, diff, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "story: only one version so far; nothing to compare\n");
	run_result_free(&r);
	tmpdir_cleanup(dir);
}
END_TEST

/* A figure as a reader writes it: grouped digits, never an exponent for
 * a whole number, years never grouped. */
START_TEST(test_report_figure)
{
	static const struct {
		ct_claim_kind kind;
		double v, high;
		int has_high;
		const char *unit, *qual, *want;
	} cases[] = {
		{ CT_KIND_COUNT, 3000, 0, 0, NULL, "=", "3,000" },
		{ CT_KIND_MONEY, 13.7e9, 0, 0, "USD", "~", "about $13,700,000,000" },
		{ CT_KIND_MONEY, 2.5e12, 0, 0, "EUR", "=", "\xe2\x82\xac" "2,500,000,000,000" },
		{ CT_KIND_COUNT, 1234567.25, 0, 0, NULL, ">", "more than 1,234,567.25" },
		{ CT_KIND_YEAR, 2011, 2013, 1, NULL, "=", "2011-2013" },
		{ CT_KIND_COUNT, 20000, 30000, 1, NULL, "=", "20,000-30,000" },
		{ CT_KIND_PERCENT, 2.5, 0, 0, "%", "down", "down 2.5%" },
		{ CT_KIND_COUNT, 0.25e-6, 0, 0, NULL, "=", "2.5e-07" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ct_claim c;
		ct_buf b = CT_BUF_INIT;

		memset(&c, 0, sizeof(c));
		c.kind = cases[i].kind;
		c.value = cases[i].v;
		c.high = cases[i].high;
		c.has_high = cases[i].has_high;
		c.unit = (char *)cases[i].unit;
		c.qualifier = cases[i].qual;
		ck_assert_int_eq(ct_report_figure(&b, &c), 0);
		ck_assert_str_eq(b.ptr, cases[i].want);
		ct_buf_dispose(&b);
	}
}
END_TEST

Suite *make_diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("compute");

	tcase_add_test(tc, test_changed_added_removed);
	tcase_add_test(tc, test_rate_and_kind_must_agree);
	tcase_add_test(tc, test_no_delta_across_units);
	tcase_add_test(tc, test_similar_sentence_pairs_reworded_subject);
	tcase_add_test(tc, test_years_ignored_by_default);
	suite_add_tcase(s, tc);
	tc = tcase_create("report");
	tcase_add_test(tc, test_text_and_json_reports);
	tcase_add_test(tc, test_report_figure);
	tcase_add_test(tc, test_cli_diff_demo_versions);
	tcase_add_test(tc, test_cli_diff_same_file_exit_0);
	tcase_add_test(tc, test_cli_diff_errors_exit_2);
	tcase_add_test(tc, test_cli_diff_first_version_exit_0);
	suite_add_tcase(s, tc);
	return s;
}
