/* SPDX-License-Identifier: MIT */
/*
 * The command line's consistency pass (issue 14): log and list as JSON,
 * fetch -i, colour and progress only on a terminal (and no colour on a
 * dumb one), and diff's arguments: a path that exists is a file, anything
 * else a version id, and the message says which was tried.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

static char *dir;

static void setup(void)
{
	char path[4200];

	dir = tmpdir_new();
	snprintf(path, sizeof(path), "%s/v1.txt", dir);
	spew(path, "The city hired 40 teachers.\n", 28);
	snprintf(path, sizeof(path), "%s/v2.txt", dir);
	spew(path, "The city hired 45 teachers.\n", 28);
}

static void teardown(void)
{
	tmpdir_cleanup(dir);
	dir = NULL;
}

/* Run a shell line in the test directory with the binary as $CT; its
 * stdout and stderr together, and the exit status. */
static char *sh(int *status, const char *line)
{
	return run_shell(status, "cd '%s' && CT='%s' && %s 2>&1", dir, getenv("CT_BIN"), line);
}

START_TEST(test_log_and_list_json)
{
	int st;
	char *out = sh(&st, "\"$CT\" init -q a && \"$CT\" add -q -A a --id d v1.txt && "
		"\"$CT\" add -q -A a --id d v2.txt && \"$CT\" log -A a --format json d && "
		"\"$CT\" list -A a -f json");
	json_error_t e;
	json_t *o;
	char *line, *save = NULL;
	int n = 0;

	ck_assert_msg(st == 0, "%s", out);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		ck_assert_msg((o = json_loads(line, 0, &e)) != NULL, "not JSON: %s", line);
		ck_assert_str_eq(json_string_value(json_object_get(o, "id")), "d");
		ck_assert_int_eq(strlen(json_string_value(json_object_get(o, "commit"))), 40);
		if (n < 2) {
			ck_assert_int_eq(json_integer_value(json_object_get(o, "version")), n + 1);
			ck_assert_str_eq(json_string_value(json_object_get(o, "plugin")), "text 1.0.0");
			ck_assert(json_is_null(json_object_get(o, "url")));
		} else {
			ck_assert_int_eq(json_integer_value(json_object_get(o, "versions")), 2);
			ck_assert_ptr_nonnull(json_string_value(json_object_get(o, "last")));
		}
		json_decref(o);
	}
	ck_assert_int_eq(n, 3);
	free(out);

	out = sh(&st, "\"$CT\" list -A a --format xml");
	ck_assert_int_eq(st, 2);
	ck_assert_ptr_nonnull(strstr(out, "--format takes text or json, not 'xml'"));
	free(out);
}
END_TEST

START_TEST(test_fetch_short_id)
{
	int st;
	char *out = sh(&st, "\"$CT\" init -q a && \"$CT\" fetch -A a -i bad/id --ignore-robots "
		"http://127.0.0.1:9/x");

	/* -i is the id option: the id is checked, no 'unknown option' */
	ck_assert_int_eq(st, 2);
	ck_assert_str_eq(out, "claimtrack: document id 'bad/id': '/' is not allowed (ids are flat names)\n");
	free(out);
}
END_TEST

START_TEST(test_diff_file_or_id)
{
	int st;
	char *out;

	out = sh(&st, "\"$CT\" diff /nonexistent v1.txt");
	ck_assert_int_eq(st, 2);
	ck_assert_str_eq(out, "claimtrack: /nonexistent: no such file, and not a version id either: "
		"document id '/nonexistent': '/' is not allowed (ids are flat names)\n");
	free(out);

	out = sh(&st, "\"$CT\" diff ./v1.txt v2.txt");
	ck_assert_int_eq(st, 1);
	ck_assert_ptr_nonnull(strstr(out, "teachers of city: 40 -> 45"));
	free(out);

	out = sh(&st, "\"$CT\" diff -A ./none v3.txt v1.txt");
	ck_assert_int_eq(st, 2);
	ck_assert_msg(!strncmp(out, "claimtrack: v3.txt: no such file; read as a version id: ", 56) &&
		strstr(out, "no archive here"), "%s", out);
	free(out);

	/* a directory is no file: with an archive, it is a document id */
	out = sh(&st, "mkdir d && \"$CT\" init -q a && \"$CT\" diff -A a d v1.txt");
	ck_assert_int_eq(st, 2);
	ck_assert_str_eq(out, "claimtrack: d: is a directory; read as a version id: d: no such "
		"document in the archive\n");
	free(out);
}
END_TEST

/* script(1) gives the command a terminal; its output has \r\n. */
START_TEST(test_colour_and_progress_on_terminals_only)
{
	int st;
	char *out;

	out = sh(&st, "TERM=xterm script -qec \"$CT diff v1.txt v2.txt\" /dev/null");
	ck_assert_msg(strstr(out, "\033[") != NULL, "no colour on a terminal: %s", out);
	free(out);
	out = sh(&st, "TERM=dumb script -qec \"$CT diff v1.txt v2.txt\" /dev/null");
	ck_assert_msg(strstr(out, "teachers of city") && !strstr(out, "\033["), "%s", out);
	free(out);
	out = sh(&st, "NO_COLOR=1 TERM=xterm script -qec \"$CT diff v1.txt v2.txt\" /dev/null");
	ck_assert_msg(strstr(out, "teachers of city") && !strstr(out, "\033["), "%s", out);
	free(out);

	/* 60 versions: timeline shows progress on a terminal, none redirected */
	out = sh(&st, "mkdir -p t/d && for i in $(seq 10 69); do "
		"echo \"The city hired $i teachers.\" > t/d/17000000$i.txt; done && "
		"\"$CT\" init -q a && \"$CT\" import -q -A a t && "
		"\"$CT\" timeline -A a d 2>err >/dev/null && cat err && echo redirected-ok && "
		"script -qec \"$CT timeline -A a d\" /dev/null | grep -c 'reading versions'");
	ck_assert_int_eq(st, 0);
	ck_assert_str_eq(out, "redirected-ok\n1\n");
	free(out);
}
END_TEST

/* Every trailer add writes is named in the README's provenance list, in
 * full (Claimtrack-Source, Claimtrack-File) or as its "-Suffix". */
START_TEST(test_readme_names_the_trailers_add_writes)
{
	char *readme = slurp(src_path("README.md"), NULL), *out, *line, *save = NULL;
	int st, n = 0;

	out = sh(&st, "\"$CT\" init -q a && \"$CT\" add -q -A a --id d v1.txt && "
		"\"$CT\" add -q -A a --id d --url https://example.com/x v2.txt && "
		"git --git-dir=a log --format='%(trailers:only,unfold)' d | cut -d: -f1 | sort -u");
	ck_assert_msg(st == 0, "%s", out);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		char full[128], suffix[128];

		snprintf(full, sizeof(full), "`%s`", line);
		snprintf(suffix, sizeof(suffix), "`%s`", line + strlen("Claimtrack"));
		ck_assert_msg(strncmp(line, "Claimtrack-", 11) == 0, "trailer %s", line);
		ck_assert_msg(strstr(readme, full) || strstr(readme, suffix),
			"README.md does not name the trailer %s", line);
	}
	ck_assert_int_ge(n, 6);   /* Source, File, Media-Type, Plugin, Extractor, Observed */
	free(out);
	free(readme);
}
END_TEST

Suite *make_clipass_suite(void)
{
	Suite *s = suite_create("clipass");
	TCase *tc = tcase_create("clipass");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_log_and_list_json);
	tcase_add_test(tc, test_fetch_short_id);
	tcase_add_test(tc, test_diff_file_or_id);
	tcase_add_test(tc, test_colour_and_progress_on_terminals_only);
	tcase_add_test(tc, test_readme_names_the_trailers_add_writes);
	suite_add_tcase(s, tc);
	return s;
}
