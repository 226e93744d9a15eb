/* SPDX-License-Identifier: MIT */
/* The HTML pages and Atom feeds through the real binary: timeline charts,
 * the diff page, escaping of what documents say, stable feed ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *dir;
static char arch[4096];

#define ct(r, ...) run_ct((r), NULL, NULL, __VA_ARGS__)

static void add_text(const char *id, const char *at, const char *text)
{
	char path[4200];
	run_result r;

	snprintf(path, sizeof(path), "%s/v.txt", dir);
	spew(path, text, strlen(text));
	ct(&r, "add", "-A", arch, "--id", id, "--at", at, path, NULL);
	ck_assert_msg(r.status == 0, "add: %s", r.err);
	run_result_free(&r);
}

static void setup(void)
{
	run_result r;

	dir = tmpdir_new();
	snprintf(arch, sizeof(arch), "%s/a", dir);
	ct(&r, "init", arch, NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_free(&r);
	/* markup in what a document says must come out as text */
	add_text("story", "2025-06-01T12:00:00Z",
		"Officials said <script>alert(1)</script> 3,000 agents & staff were sent.\n"
		"The agency has 250 IRS agents.\n");
	add_text("story", "2025-06-01T18:30:00Z",
		"Officials said <script>alert(1)</script> 3,500 agents & staff were sent.\n"
		"The agency has 250 IRS agents.\n");
	add_text("story", "2025-06-02T09:00:00Z",
		"Officials said <script>alert(1)</script> 4,100 agents & staff were sent.\n"
		"The agency has 250 IRS agents.\n");
}

static void teardown(void)
{
	tmpdir_cleanup(dir);
	dir = NULL;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

START_TEST(test_timeline_html_page)
{
	run_result r;

	ct(&r, "timeline", "-A", arch, "--format", "html", "story", NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(strncmp(r.out, "<!DOCTYPE html>", 15) == 0);
	/* one chart for the figure that moved, a point per version */
	ck_assert_uint_eq(count(r.out, "<svg"), 1);
	ck_assert_uint_eq(count(r.out, "<circle"), 3);
	ck_assert_uint_eq(count(r.out, "class=\"pt moved\""), 2);
	/* hover titles with the sentence, escaped */
	ck_assert(strstr(r.out, "v2: 3,500\nOfficials said &lt;script&gt;alert(1)&lt;/script&gt; "
		"3,500 agents &amp; staff were sent.</title></circle>") != NULL);
	/* real times on the axis and in the table */
	ck_assert(strstr(r.out, "<time datetime=\"2025-06-01T18:30:00Z\">") != NULL);
	ck_assert(strstr(r.out, "+500 (+16.7%)") != NULL);
	/* the figure that never moved is folded away */
	ck_assert(strstr(r.out, "<details class=\"still\"><summary>2 figures that never moved") != NULL);
	/* self-contained: no script, no external asset */
	ck_assert(strstr(r.out, "<script") == NULL);
	ck_assert(strstr(r.out, " src=") == NULL && strstr(r.out, "<link") == NULL);
	ck_assert(strstr(r.out, "@import") == NULL && strstr(r.out, "url(") == NULL);
	run_result_free(&r);
}
END_TEST

START_TEST(test_timeline_atom_stable_ids)
{
	run_result a, b, log;
	char commit[41];
	const char *p;

	ct(&a, "timeline", "-A", arch, "--format", "atom", "story", NULL);
	ck_assert_msg(a.status == 0, "%s", a.err);
	ct(&b, "timeline", "-A", arch, "--format", "atom", "story", NULL);
	/* never the current time: the same archive, the same feed */
	ck_assert_str_eq(a.out, b.out);
	ck_assert(strstr(a.out, "<updated>2025-06-02T09:00:00Z</updated>") != NULL);
	ck_assert_uint_eq(count(a.out, "<entry>"), 2);
	/* entry ids are made of the version's commit id */
	ct(&log, "show", "-A", arch, "story@2", NULL);
	ck_assert_int_eq(log.status, 0);
	p = strstr(log.out, "commit");
	ck_assert_ptr_nonnull(p);
	p += 6;
	p += strspn(p, " ");
	snprintf(commit, sizeof(commit), "%.40s", p);
	ck_assert_msg(strstr(a.out, commit) != NULL, "no %s in\n%s", commit, a.out);
	ck_assert(strstr(a.out, "<script") == NULL);
	run_result_free(&a);
	run_result_free(&b);
	run_result_free(&log);
}
END_TEST

START_TEST(test_diff_html_page)
{
	run_result r;

	ct(&r, "diff", "-A", arch, "--format", "html", "story", NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert(strstr(r.out, "<del>3,500</del> <ins>4,100</ins> agents &amp; staff") != NULL);
	ck_assert(strstr(r.out, "&lt;script&gt;") != NULL && strstr(r.out, "<script") == NULL);
	ck_assert(strstr(r.out, "<time datetime=\"2025-06-01T18:30:00Z\">") != NULL);
	ck_assert(strstr(r.out, "<time datetime=\"2025-06-02T09:00:00Z\">") != NULL);
	ck_assert(strstr(r.out, "<td class=\"n up\">+600</td><td class=\"n up\">+17.1%</td>") != NULL);
	run_result_free(&r);
}
END_TEST

START_TEST(test_timeline_formats_refused_clearly)
{
	char v1[4096];
	run_result r;

	snprintf(v1, sizeof(v1), "%s", src_path("fixtures/demo/v1.txt"));
	ct(&r, "timeline", "--format", "atom", v1, v1, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "atom needs an archive document ID") != NULL);
	run_result_free(&r);
	ct(&r, "timeline", "--format", "pdf", v1, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "unknown format 'pdf'") != NULL);
	run_result_free(&r);
	/* files: a page over version numbers */
	ct(&r, "timeline", "--format", "html", v1, v1, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strstr(r.out, "No figure moved") != NULL);
	run_result_free(&r);
}
END_TEST

/* Colour on a terminal, none for NO_COLOR or TERM=dumb (script(1) gives
 * the command a terminal). */
START_TEST(test_terminal_colour_rules)
{
	static const char *const env[] = { "", "NO_COLOR=1", "TERM=dumb" };
	char v1[4096], v2[4096];
	int st, i;

	snprintf(v1, sizeof(v1), "%s", src_path("fixtures/demo/v1.txt"));
	snprintf(v2, sizeof(v2), "%s", src_path("fixtures/demo/v2.txt"));
	free(run_shell(&st, "command -v script >/dev/null"));
	if (st != 0)
		return;   /* no script(1): nothing to give the command a terminal */
	for (i = 0; i < 3; i++) {
		char *out = run_shell(&st, "env -u NO_COLOR TERM=xterm %s script -qec \"'%s' diff '%s' '%s'\" "
			"/dev/null | grep -c \"$(printf '\\033')\"", env[i], getenv("CT_BIN"), v1, v2);
		int colours = atoi(out);

		if (i == 0)
			ck_assert_msg(colours > 0, "no colour on a terminal");
		else
			ck_assert_msg(colours == 0, "%s: %d coloured lines", env[i], colours);
		free(out);
	}
}
END_TEST

Suite *make_pages_suite(void)
{
	Suite *s = suite_create("pages");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_timeline_html_page);
	tcase_add_test(tc, test_timeline_atom_stable_ids);
	tcase_add_test(tc, test_diff_html_page);
	tcase_add_test(tc, test_timeline_formats_refused_clearly);
	tcase_add_test(tc, test_terminal_colour_rules);
	suite_add_tcase(s, tc);
	return s;
}
