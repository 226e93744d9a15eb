/* SPDX-License-Identifier: MIT */
/* The command line end to end: help, usage errors, bad input, exit codes. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static void copy_to(const char *from, const char *to)
{
	size_t len;
	char *data = slurp(from, &len);

	spew(to, data, len);
	free(data);
}

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
		ck_assert_str_eq(r.err, "claimtrack text: expected a FILE (or - for stdin)\n"
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

/* ---- several FILEs in one run ---- */

static const char story_a[] = "The city hired 12 new teachers in 2024.\n";
static const char story_b[] = "Officials said 40 homes burned.\n";

static void two_stories(char *dir, char *a, char *b, size_t size)
{
	snprintf(a, size, "%s/a.txt", dir);
	snprintf(b, size, "%s/b.txt", dir);
	spew(a, story_a, sizeof(story_a) - 1);
	spew(b, story_b, sizeof(story_b) - 1);
}

static void expect_output(const char *const *argv, int status, const char *out, const char *err)
{
	run_result r;

	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_msg(r.status == status, "%s exited %d: %s", argv[0], r.status, r.err);
	ck_assert_text_eq(r.out, out);
	ck_assert_text_eq(r.err, err);
	run_result_free(&r);
}

START_TEST(test_several_files_in_argument_order)
{
	char *dir = tmpdir_new(), a[4200], b[4200], want[20000];

	two_stories(dir, a, b, sizeof(a));
	{
		/* one FILE: exactly as ever, no header, no "file" */
		const char *t1[] = { "text", a, NULL };
		const char *c1[] = { "claims", "--format", "json", a, NULL };

		expect_output(t1, 0, story_a, "");
		expect_output(c1, 0,
			"{\"key\":\"city teacher\",\"subject\":\"new teachers of city\",\"value\":12,"
			"\"high\":null,\"kind\":\"count\",\"unit\":null,\"per\":null,\"qualifier\":\"=\","
			"\"text\":\"12 new teachers\",\"sentence\":\"The city hired 12 new teachers in 2024.\","
			"\"section\":null}\n"
			"{\"key\":\"\",\"subject\":\"\",\"value\":2024,\"high\":null,\"kind\":\"year\","
			"\"unit\":null,\"per\":null,\"qualifier\":\"=\",\"text\":\"2024\","
			"\"sentence\":\"The city hired 12 new teachers in 2024.\",\"section\":null}\n", "");
	}
	{
		const char *t2[] = { "text", b, a, NULL };

		snprintf(want, sizeof(want), "==> %s <==\n%s\n==> %s <==\n%s", b, story_b, a, story_a);
		expect_output(t2, 0, want, "");
	}
	{
		const char *c2[] = { "claims", a, b, NULL };

		snprintf(want, sizeof(want), "==> %s <==\n"
			"count    12  new teachers of city\n"
			"year     2024  (figure)\n"
			"\n==> %s <==\n"
			"count    40  homes\n", a, b);
		expect_output(c2, 0, want, "");
	}
	{
		const char *c3[] = { "claims", "--format", "json", b, a, NULL };

		snprintf(want, sizeof(want),
			"{\"file\":\"%s\",\"key\":\"home\",\"subject\":\"homes\",\"value\":40,\"high\":null,"
			"\"kind\":\"count\",\"unit\":null,\"per\":null,\"qualifier\":\"=\",\"text\":\"40 homes\","
			"\"sentence\":\"Officials said 40 homes burned.\",\"section\":null}\n"
			"{\"file\":\"%s\",\"key\":\"city teacher\",\"subject\":\"new teachers of city\","
			"\"value\":12,\"high\":null,\"kind\":\"count\",\"unit\":null,\"per\":null,"
			"\"qualifier\":\"=\",\"text\":\"12 new teachers\","
			"\"sentence\":\"The city hired 12 new teachers in 2024.\",\"section\":null}\n"
			"{\"file\":\"%s\",\"key\":\"\",\"subject\":\"\",\"value\":2024,\"high\":null,"
			"\"kind\":\"year\",\"unit\":null,\"per\":null,\"qualifier\":\"=\",\"text\":\"2024\","
			"\"sentence\":\"The city hired 12 new teachers in 2024.\",\"section\":null}\n", b, a, a);
		expect_output(c3, 0, want, "");
	}
	{
		const char *t3[] = { "text", "--format", "json", a, b, NULL };

		snprintf(want, sizeof(want),
			"{\"file\":\"%s\",\"type\":\"text\",\"title\":\"\",\"url\":null,\"published\":null,"
			"\"updated\":null,\"author\":null,\"sections\":[],\"blocks\":[{\"kind\":\"paragraph\","
			"\"section\":null,\"text\":\"The city hired 12 new teachers in 2024.\"}]}\n"
			"{\"file\":\"%s\",\"type\":\"text\",\"title\":\"\",\"url\":null,\"published\":null,"
			"\"updated\":null,\"author\":null,\"sections\":[],\"blocks\":[{\"kind\":\"paragraph\","
			"\"section\":null,\"text\":\"Officials said 40 homes burned.\"}]}\n", a, b);
		expect_output(t3, 0, want, "");
	}
	tmpdir_cleanup(dir);
}
END_TEST

START_TEST(test_bad_file_among_good_ones)
{
	char *dir = tmpdir_new(), a[4200], b[4200], empty[4200], want[20000];

	two_stories(dir, a, b, sizeof(a));
	snprintf(empty, sizeof(empty), "%s/empty.txt", dir);
	spew(empty, "", 0);
	{
		const char *t[] = { "text", a, "/nonexistent/story.txt", b, empty, NULL };
		char err[8600];

		snprintf(want, sizeof(want), "==> %s <==\n%s\n==> %s <==\n%s", a, story_a, b, story_b);
		snprintf(err, sizeof(err), "claimtrack: /nonexistent/story.txt: No such file or directory\n"
			"claimtrack: %s: empty document\n", empty);
		expect_output(t, 2, want, err);
	}
	{
		const char *c[] = { "claims", "--format", "json", "/nonexistent/a.txt", b, NULL };

		snprintf(want, sizeof(want),
			"{\"file\":\"%s\",\"key\":\"home\",\"subject\":\"homes\",\"value\":40,\"high\":null,"
			"\"kind\":\"count\",\"unit\":null,\"per\":null,\"qualifier\":\"=\",\"text\":\"40 homes\","
			"\"sentence\":\"Officials said 40 homes burned.\",\"section\":null}\n", b);
		expect_output(c, 2, want, "claimtrack: /nonexistent/a.txt: No such file or directory\n");
	}
	tmpdir_cleanup(dir);
}
END_TEST

/* ---- start-up: a command loads only what it needs ---- */

/* What the dynamic loader opened for a run (LD_DEBUG=files). */
static char *libraries_loaded(int *status, const char *const *argv, const char *const *env)
{
	const char *envs[8] = { "LD_DEBUG=files" };
	run_result r;
	char *err;
	size_t i;

	for (i = 0; env && env[i] && i < 6; i++)
		envs[i + 1] = env[i];
	run_claimtrack(&r, argv, NULL, 0, envs);
	*status = r.status;
	err = r.err;
	r.err = NULL;
	run_result_free(&r);
	return err;
}

START_TEST(test_claims_on_text_loads_no_heavy_library)
{
	char *dir = tmpdir_new(), a[4200], b[4200], arch[4200];
	const char *claims[] = { "claims", a, NULL };
	const char *init[] = { "init", arch, NULL };
	const char *list[] = { "list", "-A", arch, NULL };
	char *loaded;
	int status;

	two_stories(dir, a, b, sizeof(a));
	snprintf(arch, sizeof(arch), "%s/archive", dir);
	loaded = libraries_loaded(&status, claims, NULL);
	ck_assert_int_eq(status, 0);
	ck_assert_msg(strstr(loaded, "/text.so") != NULL, "text.so not loaded:\n%s", loaded);
	ck_assert_msg(strstr(loaded, "libcurl") == NULL, "libcurl loaded:\n%s", loaded);
	ck_assert_msg(strstr(loaded, "libgit2") == NULL, "libgit2 loaded:\n%s", loaded);
	ck_assert_msg(strstr(loaded, "libxml2") == NULL, "libxml2 loaded:\n%s", loaded);
	ck_assert_msg(strstr(loaded, "/html.so") == NULL, "html.so loaded:\n%s", loaded);
	ck_assert_msg(strstr(loaded, "/rss.so") == NULL, "rss.so loaded:\n%s", loaded);
	free(loaded);
	/* an archive command loads libgit2, and still not libcurl */
	free(libraries_loaded(&status, init, NULL));
	ck_assert_int_eq(status, 0);
	loaded = libraries_loaded(&status, list, NULL);
	ck_assert_int_eq(status, 0);
	ck_assert_msg(strstr(loaded, "/archive.so") != NULL && strstr(loaded, "libgit2") != NULL,
		"no archive module:\n%s", loaded);
	ck_assert_msg(strstr(loaded, "libcurl") == NULL, "libcurl loaded:\n%s", loaded);
	free(loaded);
	tmpdir_cleanup(dir);
}
END_TEST

START_TEST(test_missing_module_is_named)
{
	char *dir = tmpdir_new(), mods[4200], arch[4200], env[4300], link[4300], want[9000];
	const char *build = getenv("CT_BUILD");
	const char *envs[] = { env, NULL };
	const char *init[] = { "init", arch, NULL };
	const char *list[] = { "list", "-A", arch, NULL };
	const char *fetch[] = { "fetch", "-A", arch, "--ignore-robots", "http://127.0.0.1:9/x", NULL };
	run_result r;

	snprintf(mods, sizeof(mods), "%s/modules", dir);
	snprintf(arch, sizeof(arch), "%s/archive", dir);
	snprintf(env, sizeof(env), "CLAIMTRACK_MODULE_DIR=%s", mods);
	ck_assert_int_eq(mkdir(mods, 0700), 0);
	run_claimtrack(&r, list, NULL, 0, envs);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	snprintf(want, sizeof(want), "claimtrack: claimtrack's archive module (archive.so, built with "
		"libgit2) did not load: archive.so is in none of %s ($CLAIMTRACK_MODULE_DIR)\n", mods);
	ck_assert_str_eq(r.err, want);
	run_result_free(&r);

	/* with the archive module only, fetching says what it misses */
	snprintf(link, sizeof(link), "%s/modules/archive.so", build ? build : "build");
	{
		char abs[4300], to[4400];

		ck_assert_ptr_nonnull(realpath(link, abs));
		snprintf(to, sizeof(to), "%s/archive.so", mods);
		ck_assert_int_eq(symlink(abs, to), 0);
	}
	run_claimtrack(&r, init, NULL, 0, envs);
	ck_assert_int_eq(r.status, 0);
	run_result_free(&r);
	run_claimtrack(&r, fetch, NULL, 0, envs);
	ck_assert_int_eq(r.status, 2);
	snprintf(want, sizeof(want), "claimtrack: claimtrack's HTTP module (http.so, built with "
		"libcurl) did not load: http.so is in none of %s ($CLAIMTRACK_MODULE_DIR)\n", mods);
	ck_assert_str_eq(r.err, want);
	run_result_free(&r);

	/* a module from another build (here: another module) is refused */
	{
		char from[4300], to[4400];

		snprintf(from, sizeof(from), "%s/modules/http.so", build ? build : "build");
		snprintf(to, sizeof(to), "%s/archive.so", mods);
		ck_assert_int_eq(unlink(to), 0);
		copy_to(from, to);
	}
	run_claimtrack(&r, list, NULL, 0, envs);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "claimtrack's archive module (archive.so, built with libgit2) did "
		"not load: ") != NULL && strstr(r.err, "/archive.so is from another build of claimtrack "
		"(version " CT_VERSION "), this is " CT_VERSION ": install both from one build\n") != NULL,
		"%s", r.err);
	run_result_free(&r);
	tmpdir_cleanup(dir);
}
END_TEST

/* A program alone, no plugin beside it nor on the path: `plugins` says so
 * and exits 2 (a packaging mistake must not look like success). */
START_TEST(test_plugins_none_loads_exits_2)
{
	char *dir = tmpdir_new(), *out;
	const char *bin = getenv("CT_BIN");
	int status;

	ck_assert_ptr_nonnull(bin);
	out = run_shell(&status, "cp '%s' '%s/claimtrack' && cd '%s' && "
		"CLAIMTRACK_PLUGIN_PATH= ./claimtrack plugins 2>&1; echo \"status $?\"", bin, dir, dir);
	if (!strstr(out, "no plugins loaded") && strstr(out, "status 0"))
		printf("cli: plugins found in the install directory; exit status not checked\n");
	else
		ck_assert_str_eq(out, "claimtrack: no plugins loaded; set CLAIMTRACK_PLUGIN_PATH to the "
			"plugin directory\nstatus 2\n");
	free(out);
	tmpdir_cleanup(dir);
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
	tcase_add_test(tc, test_several_files_in_argument_order);
	tcase_add_test(tc, test_bad_file_among_good_ones);
	tcase_add_test(tc, test_claims_on_text_loads_no_heavy_library);
	tcase_add_test(tc, test_missing_module_is_named);
	tcase_add_test(tc, test_plugins_none_loads_exits_2);
	suite_add_tcase(s, tc);
	return s;
}
