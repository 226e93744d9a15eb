/* The command line end to end: help, usage errors, bad input, exit codes. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static const char *const commands[] = {
	"text", "claims", "diff", "init", "add", "log", "list", "show", "import", "verify", "gc",
	"timeline", "plugins", NULL
};

START_TEST(test_every_command_has_help)
{
	size_t i;

	for (i = 0; commands[i]; i++) {
		const char *argv[] = { commands[i], "--help", NULL };
		run_result r;
		char want[64];

		run_claimtrack(&r, argv, NULL, 0, NULL);
		snprintf(want, sizeof(want), "usage: claimtrack %s", commands[i]);
		ck_assert_msg(r.status == 0, "%s --help exited %d", commands[i], r.status);
		ck_assert_msg(strncmp(r.out, want, strlen(want)) == 0, "%s --help printed: %s",
			commands[i], r.out);
		run_result_free(&r);
	}
}
END_TEST

START_TEST(test_top_level_usage)
{
	const char *help[] = { "--help", NULL };
	const char *none[] = { NULL };
	const char *bogus[] = { "frobnicate", NULL };
	run_result r;

	run_claimtrack(&r, help, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strstr(r.out, "  timeline  every figure of a document across all its versions") != NULL);
	run_result_free(&r);
	run_claimtrack(&r, none, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 2);
	run_result_free(&r);
	run_claimtrack(&r, bogus, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "claimtrack: 'frobnicate' is not a command; see 'claimtrack --help'\n");
	run_result_free(&r);
}
END_TEST

static void expect_error(const char *const *argv, const char *in, size_t in_len, const char *msg)
{
	run_result r;

	run_claimtrack(&r, argv, in, in_len, NULL);
	ck_assert_msg(r.status == 2, "exit %d for %s %s", r.status, argv[0], argv[1]);
	ck_assert_str_eq(r.out, "");
	ck_assert_msg(strstr(r.err, msg) != NULL, "want '%s' in stderr: %s", msg, r.err);
	ck_assert_msg(strchr(r.err, '\n') == r.err + r.err_len - 1, "not one line: %s", r.err);
	run_result_free(&r);
}

START_TEST(test_bad_input_files)
{
	char *dir = tmpdir_new();
	char empty[4200], binary[4200], huge[4200];
	int fd;

	snprintf(empty, sizeof(empty), "%s/empty.txt", dir);
	snprintf(binary, sizeof(binary), "%s/blob.bin", dir);
	snprintf(huge, sizeof(huge), "%s/huge.txt", dir);
	spew(empty, "", 0);
	spew(binary, "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0", 20);
	fd = open(huge, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ck_assert(fd >= 0 && ftruncate(fd, 100L * 1024 * 1024) == 0);
	close(fd);
	{
		const char *a1[] = { "text", "/nonexistent/story.txt", NULL };
		const char *a2[] = { "claims", empty, NULL };
		const char *a3[] = { "text", binary, NULL };
		const char *a4[] = { "claims", "--format", "json", huge, NULL };
		const char *a5[] = { "text", "--type", "pdf", empty, NULL };
		const char *a6[] = { "text", dir, NULL };

		expect_error(a1, NULL, 0, "claimtrack: /nonexistent/story.txt: No such file or directory");
		expect_error(a2, NULL, 0, "empty.txt: empty document");
		expect_error(a3, NULL, 0, "blob.bin: binary data, not a text document");
		expect_error(a4, NULL, 0, "huge.txt: 104857600 bytes is over the 67108864-byte limit");
		expect_error(a5, NULL, 0, "unknown type 'pdf'");
		expect_error(a6, NULL, 0, "is a directory");
	}
	tmpdir_cleanup(dir);
}
END_TEST

START_TEST(test_usage_errors)
{
	const char *a1[] = { "text", NULL };
	const char *a2[] = { "claims", "--format", "xml", "x", NULL };
	const char *a3[] = { "text", "--bogus", "x", NULL };

	{
		run_result r;

		/* a usage error: one line saying what is wrong, one with the hint */
		run_claimtrack(&r, a1, NULL, 0, NULL);
		ck_assert_int_eq(r.status, 2);
		ck_assert_str_eq(r.err, "claimtrack text: expected one FILE (or - for stdin)\n"
			"Try 'claimtrack text --help'.\n");
		run_result_free(&r);

		run_claimtrack(&r, a2, NULL, 0, NULL);
		ck_assert_int_eq(r.status, 2);
		ck_assert(strstr(r.err, "unknown format 'xml'") != NULL);
		ck_assert(strstr(r.err, "Try 'claimtrack claims --help'.") != NULL);
		run_result_free(&r);
		run_claimtrack(&r, a3, NULL, 0, NULL);
		ck_assert_int_eq(r.status, 2);
		run_result_free(&r);
	}
}
END_TEST

START_TEST(test_text_from_stdin_and_json_shape)
{
	const char *argv[] = { "text", "--type", "text", "--format", "json", "-", NULL };
	const char *in = "Flood toll\n\nAt least 12 people died.\n";
	run_result r;

	run_claimtrack(&r, argv, in, strlen(in), NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out,
		"{\"type\":\"text\",\"title\":\"\",\"url\":null,\"published\":null,\"updated\":null,"
		"\"author\":null,\"sections\":[],\"blocks\":["
		"{\"kind\":\"title\",\"section\":null,\"text\":\"Flood toll\"},"
		"{\"kind\":\"paragraph\",\"section\":null,\"text\":\"At least 12 people died.\"}]}\n");
	run_result_free(&r);
}
END_TEST

START_TEST(test_invalid_utf8_warns_and_succeeds)
{
	const char *argv[] = { "text", "-", NULL };
	/* UTF-8 with one stray byte (bytes that are not UTF-8 at all are
	 * read as windows-1252 instead) */
	const char *in = "Caf\xc3\xa9 prices in Z\xc3\xbcrich, K\xc3\xb6ln and M\xc3\xbcnchen rose \xe9 5%.\n";
	run_result r;

	run_claimtrack(&r, argv, in, strlen(in), NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "Caf\xc3\xa9 prices in Z\xc3\xbcrich, K\xc3\xb6ln and M\xc3\xbcnchen rose \xef\xbf\xbd 5%.\n");
	ck_assert_str_eq(r.err, "claimtrack: warning: stdin: 1 invalid UTF-8 byte replaced by U+FFFD\n");
	run_result_free(&r);
}
END_TEST

Suite *make_cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_every_command_has_help);
	tcase_add_test(tc, test_top_level_usage);
	tcase_add_test(tc, test_bad_input_files);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_text_from_stdin_and_json_shape);
	tcase_add_test(tc, test_invalid_utf8_warns_and_succeeds);
	suite_add_tcase(s, tc);
	return s;
}
