/* SPDX-License-Identifier: MIT */
/* The archive commands end to end through the real binary: init, add, log,
 * list, show; every bad input leaves the archive byte for byte unchanged;
 * plain git reads (fsck --strict, log, show) what claimtrack wrote. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

static char *dir;
static char arch[4096];

static void setup(void)
{
	dir = tmpdir_new();
	snprintf(arch, sizeof(arch), "%s/news.archive", dir);
}

static void teardown(void)
{
	tmpdir_cleanup(dir);
	dir = NULL;
}

static const char *in_dir(const char *name)
{
	static char path[4][4096];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", dir, name);
	return path[k];
}

/* Run claimtrack with a NULL-terminated list of arguments. */
#define ct(r, in, ...) run_ct((r), (in), NULL, __VA_ARGS__)

/* stderr lines that are not warnings (plugins being rebuilt may warn) */
static int error_lines(const char *err, const char **first)
{
	const char *p = err, *nl;
	int n = 0;

	*first = NULL;
	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		if (!strstr(p, "warning:") || strstr(p, "warning:") > nl) {
			if (!*first)
				*first = p;
			n++;
		}
	}
	return n;
}


/* ---- a whole-directory fingerprint: refs, objects, config, everything ---- */

static char **snap;
static size_t nsnap;
static size_t snap_root;

static int snap_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	unsigned long long h = 1469598103934665603ULL;
	size_t len = 0, i;
	char *data, line[4400];

	(void)ftw;
	if (flag == FTW_F) {
		data = slurp(path, &len);
		for (i = 0; i < len; i++)
			h = (h ^ (unsigned char)data[i]) * 1099511628211ULL;
		free(data);
	}
	snprintf(line, sizeof(line), "%s %c %lld %llx\n", path + snap_root,
		flag == FTW_D ? 'd' : 'f', flag == FTW_D ? 0LL : (long long)st->st_size, h);
	snap = realloc(snap, (nsnap + 1) * sizeof(*snap));
	snap[nsnap++] = strdup(line);
	return 0;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted list of every path under root with its size and content hash. */
static char *snapshot(const char *root)
{
	ct_buf out = CT_BUF_INIT;
	size_t i;

	snap = NULL;
	nsnap = 0;
	snap_root = strlen(root);
	ck_assert_int_eq(nftw(root, snap_one, 16, FTW_PHYS), 0);
	qsort(snap, nsnap, sizeof(*snap), cmp_line);
	for (i = 0; i < nsnap; i++) {
		ct_buf_puts(&out, snap[i]);
		free(snap[i]);
	}
	free(snap);
	ct_buf_grow(&out, 0);
	return ct_buf_detach(&out);
}

static void init_with_one_version(void)
{
	run_result r;

	ct(&r, NULL, "init", arch, NULL);
	ck_assert_msg(r.status == 0, "init: %s", r.err);
	run_result_free(&r);
	ct(&r, NULL, "add", "-A", arch, "--id", "doc", "--at", "2025-06-01T12:00:00Z",
		src_path("fixtures/archive/v1.txt"), NULL);
	ck_assert_msg(r.status == 0, "add: %s", r.err);
	run_result_free(&r);
}

START_TEST(test_help)
{
	static const char *const cmds[] = { "init", "add", "log", "list", "show", "import",
		"verify", "gc", NULL };
	char want[64];
	run_result r;
	size_t i;

	for (i = 0; cmds[i]; i++) {
		ct(&r, NULL, cmds[i], "--help", NULL);
		ck_assert_int_eq(r.status, 0);
		snprintf(want, sizeof(want), "usage: claimtrack %s", cmds[i]);
		ck_assert_msg(!strncmp(r.out, want, strlen(want)), "%s --help: %s", cmds[i], r.out);
		ck_assert_str_eq(r.err, "");
		run_result_free(&r);
	}
}
END_TEST

START_TEST(test_usage_errors)
{
	static const struct { const char *args[8]; const char *cmd, *what; } cases[] = {
		{ { "add", "x.txt", NULL }, "add", "--id" },
		{ { "add", "--id", "doc", NULL }, "add", "one FILE" },
		{ { "add", "--id", "doc", "--at", "yesterday", "x.txt", NULL }, "add", "not a time" },
		{ { "add", "--bogus", NULL }, "add", "unknown option" },
		{ { "log", NULL }, "log", "one document ID" },
		{ { "log", "a", "b", NULL }, "log", "one document ID" },
		{ { "show", "--text", "--claims", "doc", NULL }, "show", "one of" },
		{ { "show", NULL }, "show", "expected one" },
		{ { "list", "extra", NULL }, "list", "no arguments" },
		{ { "init", "a", "b", NULL }, "init", "at most one" },
	};
	const char *first;
	char hint[64];
	run_result r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_claimtrack(&r, cases[i].args, NULL, 0, NULL);
		ck_assert_msg(r.status == 2, "case %zu: status %d", i, r.status);
		ck_assert_str_eq(r.out, "");
		ck_assert_msg(strstr(r.err, cases[i].what), "case %zu: %s", i, r.err);
		snprintf(hint, sizeof(hint), "Try 'claimtrack %s --help'.\n", cases[i].cmd);
		ck_assert_msg(strstr(r.err, hint), "case %zu: %s", i, r.err);
		ck_assert_int_eq(error_lines(r.err, &first), 2);
		run_result_free(&r);
	}
}
END_TEST

START_TEST(test_end_to_end)
{
	char v1[4096], v2[4096], *src, *out;
	run_result r;
	size_t len;
	int st;

	/* src_path's buffer is static: keep copies */
	snprintf(v1, sizeof(v1), "%s", src_path("fixtures/archive/v1.txt"));
	snprintf(v2, sizeof(v2), "%s", src_path("fixtures/archive/v2.txt"));
	ct(&r, NULL, "init", arch, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, arch));
	run_result_free(&r);

	ct(&r, NULL, "add", "-A", arch, "--id", "doc", "--at", "2025-06-01T12:00:00Z", v1, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_msg(!strncmp(r.out, "doc: version 1 (", 16) && strlen(r.out) == 16 + 12 + 12 &&
		!strcmp(r.out + 28, ") 4 figures\n"), "%s", r.out);
	run_result_free(&r);

	ct(&r, NULL, "add", "-A", arch, "--id", "doc", "--at", "2025-06-01T18:30:00Z",
		"--url", "https://example.com/a", "--etag", "\"e1\"", v2, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_msg(!strncmp(r.out, "doc: version 2 (", 16) &&
		!strcmp(r.out + 28, ") 1 changed, 1 added, 1 removed\n"), "%s", r.out);
	run_result_free(&r);

	ct(&r, NULL, "add", "-A", arch, "--id", "doc", "--at", "2025-06-02T00:00:00Z", v2, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "doc: unchanged, same as version 2\n");
	run_result_free(&r);

	/* stdin, and the archive from the environment */
	{
		const char *args[] = { "add", "--id", "piped", "--at", "@1748779200", "-", NULL };
		const char *env[] = { NULL, NULL };
		char e[4200];

		snprintf(e, sizeof(e), "CLAIMTRACK_ARCHIVE=%s", arch);
		env[0] = e;
		run_claimtrack(&r, args, "It sent 12 agents.\n", 19, env);
		ck_assert_msg(r.status == 0, "%s", r.err);
		ck_assert_ptr_nonnull(strstr(r.out, "piped: version 1 ("));
		run_result_free(&r);
	}

	ct(&r, NULL, "log", "-A", arch, "doc", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(strstr(r.out, "   1  2025-06-01T12:00:00Z  ") &&
		strstr(r.out, "  4 figures\n") &&
		strstr(r.out, "   2  2025-06-01T18:30:00Z  ") &&
		strstr(r.out, "  1 changed, 1 added, 1 removed\n"), "%s", r.out);
	run_result_free(&r);

	ct(&r, NULL, "list", "-A", arch, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out,
		"doc        2 versions  last 2025-06-01T18:30:00Z\n"
		"piped      1 version   last 2025-06-01T12:00:00Z\n");
	run_result_free(&r);

	src = slurp(v1, &len);
	ct(&r, NULL, "show", "-A", arch, "doc@1", "--source", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(r.out_len, len);
	ck_assert(memcmp(r.out, src, len) == 0);
	free(src);
	run_result_free(&r);

	ct(&r, NULL, "show", "-A", arch, "doc@1", "--claims", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\t3000\tcount\t3,000 ICE agents"));
	ck_assert_ptr_nonnull(strstr(r.out, "irs agent\t250\tcount\t250 IRS agents"));
	run_result_free(&r);

	ct(&r, NULL, "show", "-A", arch, "doc", "--text", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\nThe plan calls on 3,500 ICE agents.\n"));
	run_result_free(&r);

	ct(&r, NULL, "show", "-A", arch, "doc@-1", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "version   2\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "url       https://example.com/a\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "source    source.txt (text/plain)\n"));
	run_result_free(&r);

	/* diff reads the archive through the same resolve/claims */
	ct(&r, NULL, "diff", "-A", arch, "doc", NULL);
	ck_assert_msg(r.status == 1, "%d %s", r.status, r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "3,500"));
	run_result_free(&r);

	/* plain git reads it */
	out = run_shell(&st, "git -C '%s' fsck --strict 2>&1", arch);
	ck_assert_msg(st == 0, "fsck: %s", out);
	free(out);
	out = run_shell(&st, "git -C '%s' log --format=%%s doc", arch);
	ck_assert_int_eq(st, 0);
	ck_assert_str_eq(out, "doc: version 2 (1 changed, 1 added, 1 removed)\n"
		"doc: version 1 (4 figures)\n");
	free(out);
	out = run_shell(&st, "git -C '%s' log -1 --format='%%an <%%ae> %%aI|%%cI%%n%%b' doc", arch);
	ck_assert_int_eq(st, 0);
	ck_assert_msg(!strncmp(out, "claimtrack <claimtrack@localhost> 2025-06-01T18:30:00+00:00|"
		"2025-06-01T18:30:00+00:00\n", 86), "%s", out);
	ck_assert_ptr_nonnull(strstr(out, "  ~ 3,000 ICE agents"));
	ck_assert_ptr_nonnull(strstr(out, " -> 3,500 ICE agents\n"));
	ck_assert_ptr_nonnull(strstr(out, "  + 400 analysts\n"));
	ck_assert_ptr_nonnull(strstr(out, "  - 250 IRS agents\n"));
	ck_assert_ptr_nonnull(strstr(out, "Claimtrack-Source: https://example.com/a\n"));
	ck_assert_ptr_nonnull(strstr(out, "Claimtrack-ETag: \"e1\"\n"));
	free(out);
	out = run_shell(&st, "git -C '%s' show doc~1:claims.txt", arch);
	ck_assert_int_eq(st, 0);
	ck_assert_ptr_nonnull(strstr(out, "irs agent\t250\tcount\t250 IRS agents\n"));
	free(out);
	/* no index, no working tree, one branch per document */
	out = run_shell(&st, "git -C '%s' rev-parse --is-bare-repository; ls '%s'/index 2>/dev/null;"
		"git -C '%s' for-each-ref --format='%%(refname)'", arch, arch, arch);
	ck_assert_str_eq(out, "true\nrefs/heads/_claimtrack\nrefs/heads/doc\nrefs/heads/piped\n");
	free(out);
}
END_TEST

/* Each bad input: one clear line on stderr, exit 2, archive untouched. */
START_TEST(test_bad_input_leaves_archive_unchanged)
{
	struct bad {
		const char *args[12];
		const char *stdin_data;
		const char *want;
	};
	char missing[4200], empty[4200], binary[4200], huge[4200], unreadable[4200],
		notarch[4200], afile[4200], nothere[4200];
	const struct bad cases[] = {
		{ { "add", "-A", arch, "--id", "doc", missing, NULL }, NULL, "No such file" },
		{ { "add", "-A", arch, "--id", "doc", dir, NULL }, NULL, "is a directory" },
		{ { "add", "-A", arch, "--id", "doc", empty, NULL }, NULL, "empty" },
		{ { "add", "-A", arch, "--id", "doc", "-", NULL }, "", "empty" },
		{ { "add", "-A", arch, "--id", "doc", binary, NULL }, NULL, "binary" },
		{ { "add", "-A", arch, "--id", "doc", huge, NULL }, NULL, "limit" },
		{ { "add", "-A", arch, "--id", "doc", "--type", "pdfish",
		    src_path("fixtures/archive/v2.txt"), NULL }, NULL, "unknown type 'pdfish'" },
		{ { "add", "-A", arch, "--id", "..", "-", NULL }, "It has 3 agents.", "'..'" },
		{ { "add", "-A", arch, "--id", "../doc", "-", NULL }, "It has 3 agents.", "'..'" },
		{ { "add", "-A", arch, "--id", "a/b", "-", NULL }, "It has 3 agents.", "'/'" },
		{ { "add", "-A", arch, "--id", "a b", "-", NULL }, "It has 3 agents.", "spaces" },
		{ { "add", "-A", arch, "--id", "a\tb", "-", NULL }, "It has 3 agents.", "control character" },
		{ { "add", "-A", arch, "--id", "a\x01z", "-", NULL }, "It has 3 agents.", "control character" },
		{ { "add", "-A", arch, "--id", "a\x1b[31m", "-", NULL }, "It has 3 agents.", "control character" },
		{ { "add", "-A", notarch, "--id", "doc", "-", NULL }, "It has 3 agents.", "not an archive" },
		{ { "add", "-A", afile, "--id", "doc", "-", NULL }, "It has 3 agents.", "not an archive" },
		{ { "add", "-A", nothere, "--id", "doc", "-", NULL }, "It has 3 agents.", "no archive" },
		{ { "init", arch, NULL }, NULL, "already exists" },
		{ { "init", notarch, NULL }, NULL, "not empty" },
		{ { "log", "-A", arch, "nodoc", NULL }, NULL, "no such document" },
		{ { "log", "-A", arch, "a/b", NULL }, NULL, "'/'" },
		{ { "show", "-A", arch, "doc@7", NULL }, NULL, "has 1 version" },
		{ { "show", "-A", arch, "doc@zz", NULL }, NULL, "neither" },
		{ { "show", "-A", notarch, "doc", NULL }, NULL, "not an archive" },
		{ { "list", "-A", notarch, NULL }, NULL, "not an archive" },
		{ { "add", "-A", arch, "--id", "doc", unreadable, NULL }, NULL, "Permission denied" },
	};
	size_t ncases = sizeof(cases) / sizeof(cases[0]), i;
	char *before, *after, *nbefore, *nafter, *gbefore, *gafter;
	const char *first;
	run_result r;
	FILE *f;
	int st;

	init_with_one_version();
	snprintf(missing, sizeof(missing), "%s/missing.txt", dir);
	snprintf(empty, sizeof(empty), "%s/empty.txt", dir);
	snprintf(binary, sizeof(binary), "%s/binary.bin", dir);
	snprintf(huge, sizeof(huge), "%s/huge.txt", dir);
	snprintf(unreadable, sizeof(unreadable), "%s/unreadable.txt", dir);
	snprintf(notarch, sizeof(notarch), "%s/plain", dir);
	snprintf(afile, sizeof(afile), "%s/afile", dir);
	snprintf(nothere, sizeof(nothere), "%s/nothere", dir);
	spew(empty, "", 0);
	spew(binary, "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0\x10\x10\0\0", 28);
	spew(afile, "not an archive\n", 15);
	spew(unreadable, "It has 3 agents.\n", 17);
	chmod(unreadable, 0);
	mkdir(notarch, 0755);
	spew(in_dir("plain/readme"), "x\n", 2);
	/* a sparse 100 MB file: over the cap without writing 100 MB */
	f = fopen(huge, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ftruncate(fileno(f), 100L * 1024 * 1024), 0);
	fclose(f);

	before = snapshot(arch);
	nbefore = snapshot(notarch);
	gbefore = run_shell(&st, "git -C '%s' for-each-ref; git -C '%s' count-objects -v", arch, arch);
	for (i = 0; i < ncases; i++) {
		/* root reads anything: the permission case cannot be made */
		if (cases[i].args[5] == unreadable && geteuid() == 0)
			continue;
		run_claimtrack(&r, cases[i].args, cases[i].stdin_data,
			cases[i].stdin_data ? strlen(cases[i].stdin_data) : 0, NULL);
		ck_assert_msg(r.status == 2, "case %zu (%s): status %d, stderr %s", i,
			cases[i].want, r.status, r.err);
		ck_assert_msg(error_lines(r.err, &first) == 1, "case %zu: not one line: %s", i, r.err);
		ck_assert_msg(!strncmp(first, "claimtrack: ", 12), "case %zu: %s", i, r.err);
		ck_assert_msg(strstr(first, cases[i].want), "case %zu: want '%s' in: %s", i,
			cases[i].want, r.err);
		ck_assert_msg(!strpbrk(r.err, "\x01\x1b"), "case %zu: raw control bytes: %s", i, r.err);
		ck_assert_str_eq(r.out, "");
		run_result_free(&r);
		after = snapshot(arch);
		ck_assert_msg(!strcmp(before, after), "case %zu changed the archive", i);
		free(after);
		nafter = snapshot(notarch);
		ck_assert_msg(!strcmp(nbefore, nafter), "case %zu changed a plain directory", i);
		free(nafter);
	}
	gafter = run_shell(&st, "git -C '%s' for-each-ref; git -C '%s' count-objects -v", arch, arch);
	ck_assert_str_eq(gbefore, gafter);
	ck_assert_ptr_nonnull(strstr(gafter, "refs/heads/doc"));
	free(gbefore);
	free(gafter);
	free(before);
	free(nbefore);
	ck_assert_int_eq(access(nothere, F_OK), -1);
}
END_TEST


/* Replace the latest version of doc by a commit whose claims.txt is
 * edited and whose extractor trailer says `extractor`. */
static void tamper(const char *id, const char *extractor)
{
	char *out;
	int st;

	out = run_shell(&st, "cd '%s' && t=$(mktemp -d) && "
		"git --git-dir=. read-tree --index-output=\"$t/i\" %s 2>&1 && "
		"printf 'forged\\t1\\tcount\\t1 forged\\n' > \"$t/c\" && "
		"b=$(git hash-object -w \"$t/c\") && "
		"GIT_INDEX_FILE=\"$t/i\" git --git-dir=. update-index --cacheinfo 100644,$b,claims.txt && "
		"tr=$(GIT_INDEX_FILE=\"$t/i\" git --git-dir=. write-tree) && "
		"m=$(git log -1 --format=%%B %s | sed 's/^Claimtrack-Extractor: .*/Claimtrack-Extractor: %s/') && "
		"c=$(GIT_COMMITTER_NAME=claimtrack GIT_COMMITTER_EMAIL=claimtrack@localhost "
		"GIT_AUTHOR_NAME=claimtrack GIT_AUTHOR_EMAIL=claimtrack@localhost "
		"git commit-tree $tr -p %s~1 -m \"$m\") && git update-ref refs/heads/%s $c && rm -rf \"$t\"",
		arch, id, id, extractor, id, id);
	ck_assert_msg(st == 0, "tamper: %s", out);
	free(out);
}

/* import (tree and manifest), verify (clean, drift, damage) and gc. */
START_TEST(test_import_verify_gc)
{
	char tree[4200], manifest[4200], *before, *after, *out, *v1, *v2;
	const char *first;
	size_t l1, l2;
	run_result r;
	int st;

	v1 = slurp(src_path("fixtures/archive/v1.txt"), &l1);
	v2 = slurp(src_path("fixtures/archive/v2.txt"), &l2);
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	mkdir(tree, 0755);
	mkdir(in_dir("tree/story-a"), 0755);
	mkdir(in_dir("tree/story-b"), 0755);
	spew(in_dir("tree/story-a/2025-06-01T12-00-00Z.txt"), v1, l1);
	spew(in_dir("tree/story-a/2025-06-01T18-30-00Z.txt"), v2, l2);
	spew(in_dir("tree/story-a/2025-06-02T09-00-00Z.txt"), v2, l2);   /* unchanged */
	spew(in_dir("tree/story-b/1748779200.txt"), v2, l2);
	ct(&r, NULL, "init", "-q", arch, NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_free(&r);
	ct(&r, NULL, "import", "-A", arch, "--progress", tree, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_msg(!strncmp(r.out, "imported 4 versions of 2 documents: 3 new, 1 unchanged, 0 failed (",
		66), "%s", r.out);
	ck_assert_ptr_nonnull(strstr(r.err, "\rimport ["));
	run_result_free(&r);
	ct(&r, NULL, "log", "-A", arch, "story-a", NULL);
	ck_assert_msg(strstr(r.out, "   1  2025-06-01T12:00:00Z  ") &&
		strstr(r.out, "   2  2025-06-01T18:30:00Z  ") && !strstr(r.out, "   3  "), "%s", r.out);
	run_result_free(&r);
	/* the same tree again (a rerun after a crash) adds no version: every
	 * file whose bytes are stored is skipped, and the newest file that made
	 * no version (it equals its predecessor) is read again and found
	 * unchanged; a newer file is all that a third run adds */
	ct(&r, NULL, "import", "-A", arch, tree, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_msg(!strncmp(r.out, "imported 1 version of 1 document: 0 new, 1 unchanged, 0 failed",
		62), "%s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "\nskipped 3 versions already archived (the same bytes "
		"are stored)\n"));
	run_result_free(&r);
	spew(in_dir("tree/story-b/1748865600.txt"), v1, l1);
	ct(&r, NULL, "import", "-A", arch, tree, NULL);
	ck_assert_msg(!strncmp(r.out, "imported 2 versions of 2 documents: 1 new, 1 unchanged,", 55),
		"%s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "\nskipped 3 versions already archived"));
	run_result_free(&r);

	/* a manifest: relative paths, comments; one bad line refuses it all */
	snprintf(manifest, sizeof(manifest), "%s/manifest", dir);
	spew(in_dir("m1.txt"), v1, l1);
	spew(in_dir("m2.txt"), v2, l2);
	spew(manifest, "# id time file\nstory-c 2025-06-01T12:00:00Z m1.txt\n"
		"story-c 2025-06-03T12:00:00Z m2.txt\nbad/id 2025-06-03T12:00:00Z m2.txt\n", 122);
	before = snapshot(arch);
	ct(&r, NULL, "import", "-A", arch, "--manifest", manifest, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_int_eq(error_lines(r.err, &first), 1);
	ck_assert_msg(strstr(first, "manifest:4: document id 'bad/id'"), "%s", r.err);
	run_result_free(&r);
	after = snapshot(arch);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	spew(manifest, "# id time file\nstory-c 2025-06-01T12:00:00Z m1.txt\n"
		"story-c 2025-06-03T12:00:00Z m2.txt\n", 87);
	ct(&r, NULL, "import", "-A", arch, "--batch", "1", "-m", manifest, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_msg(!strncmp(r.out, "imported 2 versions of 1 document: 2 new,", 41), "%s", r.out);
	run_result_free(&r);

	ct(&r, NULL, "verify", "-A", arch, NULL);
	ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
	ck_assert_str_eq(r.out, "verified 6 versions of 3 documents: 0 damaged, 0 drifted\n");
	run_result_free(&r);

	/* gc packs everything; the archive still reads and verifies */
	ct(&r, NULL, "gc", "-A", arch, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "of 6 versions; removed "));
	ck_assert_ptr_nonnull(strstr(r.out, "bytes per version\n"));
	run_result_free(&r);
	out = run_shell(&st, "git -C '%s' fsck --strict 2>&1; find '%s/objects' -type f | grep -vc /pack/",
		arch, arch);
	ck_assert_msg(strstr(out, "\n0\n") || !strcmp(out, "0\n"), "loose objects left: %s", out);
	free(out);
	ct(&r, NULL, "verify", "-q", "-A", arch, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);

	/* claims.txt edited, written by an older extractor: drift */
	tamper("story-a", "0");
	ct(&r, NULL, "verify", "-A", arch, "story-a", NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_msg(strstr(r.out, "story-a@2 (") && strstr(r.out, "): drift: claims.txt differs"),
		"%s", r.out);
	run_result_free(&r);
	/* the same edit claiming our extractor: damage */
	tamper("story-c", CT_EXTRACTOR_VERSION);
	ct(&r, NULL, "verify", "-A", arch, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.out, "story-c@2 ("));
	ck_assert_ptr_nonnull(strstr(r.out, "): damaged: claims.txt does not match"));
	ck_assert_ptr_nonnull(strstr(r.out, ": 1 damaged, 1 drifted\n"));
	run_result_free(&r);
	free(v1);
	free(v2);
}
END_TEST

Suite *make_archive_cli_suite(void)
{
	Suite *s = suite_create("archive_cli");
	TCase *tc = tcase_create("archive_cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_help);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_end_to_end);
	tcase_add_test(tc, test_bad_input_leaves_archive_unchanged);
	tcase_add_test(tc, test_import_verify_gc);
	suite_add_tcase(s, tc);
	return s;
}
