/* SPDX-License-Identifier: MIT */
/* Refs and locks: dead writers' locks never wedge the archive, live ones are
 * waited for and then named; damaged refs are seen; ids git would shadow
 * are refused; resume never skips what it has not stored; the import
 * summary counts what a failed batch really lost. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "testutil.h"

#define T0 INT64_C(1748779200)

static char *dir;
static char arch[4096];
static ct_host *host;

static void setup(void)
{
	ct_archive *a = NULL;

	dir = tmpdir_new();
	snprintf(arch, sizeof(arch), "%s/arch", dir);
	ck_assert_msg(ct_archive_init(&a, arch) == 0, "%s", ct_error_last());
	ct_archive_free(a);
	host = test_host();
}

static void teardown(void)
{
	ct_host_free(host);
	host = NULL;
	tmpdir_cleanup(dir);
	dir = NULL;
}

static const char *in_arch(const char *rel)
{
	static char path[4][4200];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", arch, rel);
	return path[k];
}

static int add_text(ct_archive *a, const char *id, const char *text, int64_t at)
{
	ct_add_options o = CT_ADD_OPTIONS_INIT;
	ct_add_result r;
	int err;

	o.observed_at = at;
	o.type = "text";
	err = ct_archive_add(&r, a, host, id, text, strlen(text), &o);
	if (err == 0)
		ct_add_result_dispose(&r);
	return err;
}

#define ct(r, ...) run_ct((r), NULL, NULL, __VA_ARGS__)

/* A lock file as a SIGKILLed writer leaves it: there, unheld, old. */
static void dead_lock(const char *rel, int age)
{
	struct utimbuf t;
	const char *p = in_arch(rel);

	spew(p, "", 0);
	t.actime = t.modtime = time(NULL) - age;
	ck_assert_int_eq(utime(p, &t), 0);
}

/* A child that holds rel's lock (with flock, as writers do) until killed;
 * its mtime is made old so that only the flock says it is alive. */
static pid_t live_lock(const char *rel)
{
	int pfd[2];
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe(pfd), 0);
	if ((pid = fork()) == 0) {
		struct utimbuf t;
		const char *p = in_arch(rel);
		int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);

		if (fd < 0 || flock(fd, LOCK_EX) < 0)
			_exit(3);
		t.actime = t.modtime = time(NULL) - 3600;
		utime(p, &t);
		if (write(pfd[1], "x", 1) != 1)
			_exit(4);
		for (;;)
			pause();
	}
	ck_assert(pid > 0);
	close(pfd[1]);
	ck_assert_int_eq(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	return pid;
}

static void end_child(pid_t pid)
{
	int st;

	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

START_TEST(test_dead_writers_lock_is_cleared)
{
	ct_archive *a = NULL;
	ct_archive_version *v = NULL;
	size_t n = 0;

	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 300 agents.\n", T0), 0);
	/* a batched import killed between lock and rename */
	dead_lock("refs/heads/doc.lock", 30);
	ck_assert_int_eq(ct_archive_batch_begin(a), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 400 agents.\n", T0 + 60), 0);
	ck_assert_msg(ct_archive_batch_end(a) == 0, "%s", ct_error_last());
	ck_assert_uint_eq(ct_archive_batch_unrecorded(a), 0);
	/* and a plain add after another one */
	dead_lock("refs/heads/doc.lock", 30);
	ck_assert_msg(add_text(a, "doc", "Officials sent 500 agents.\n", T0 + 120) == 0, "%s",
		ct_error_last());
	ck_assert_int_eq(ct_archive_log(&v, &n, a, "doc"), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_ne(access(in_arch("refs/heads/doc.lock"), F_OK), 0);
	ct_versions_free(v, n);
	ct_archive_free(a);
}
END_TEST

/*
 * A lock younger than the stale age is left alone however the seconds
 * fall: one made a few milliseconds ago, at the end of the previous
 * second, is not "a second old". (Judged in whole seconds it was, and
 * under load a writer between creating its lock and taking the flock on
 * it lost the lock to another: two writers moved the same ref.)
 */
START_TEST(test_young_lock_at_a_second_boundary_is_kept)
{
	ct_archive *a = NULL;
	ct_gc_stats st;
	struct timespec now, t[2];
	int fd;

	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 300 agents.\n", T0), 0);
	ct_archive_set_stale_lock(a, 1);
	/* in the first tenth of a second */
	for (;;) {
		struct timespec nap = { 0, 5000000 };

		clock_gettime(CLOCK_REALTIME, &now);
		if (now.tv_nsec < 50000000)
			break;
		nanosleep(&nap, NULL);
	}
	fd = open(in_arch("refs/heads/doc.lock"), O_WRONLY | O_CREAT | O_EXCL, 0644);
	ck_assert_int_ge(fd, 0);
	close(fd);
	/* written 0.999 s into the previous second: a few ms old */
	t[0].tv_sec = t[1].tv_sec = now.tv_sec - 1;
	t[0].tv_nsec = t[1].tv_nsec = 999000000;
	ck_assert_int_eq(utimensat(AT_FDCWD, in_arch("refs/heads/doc.lock"), t, 0), 0);
	/* gc clears dead writers' locks first of all */
	ck_assert_msg(ct_archive_gc(&st, a, NULL) == 0, "%s", ct_error_last());
	ck_assert_uint_eq(st.locks_cleared, 0);
	ct_archive_free(a);
}
END_TEST

START_TEST(test_live_lock_is_waited_for_then_named)
{
	ct_archive *a = NULL;
	ct_archive_version v;
	pid_t holder;
	time_t t0;
	int err;

	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 300 agents.\n", T0), 0);
	ct_archive_set_stale_lock(a, 1);
	holder = live_lock("refs/heads/doc.lock");
	t0 = time(NULL);
	err = add_text(a, "doc", "Officials sent 400 agents.\n", T0 + 60);
	end_child(holder);
	ck_assert_int_eq(err, CT_ECONFLICT);
	/* waited longer than a lock takes to go stale, and said which file */
	ck_assert_int_ge(time(NULL) - t0, 1);
	ck_assert_msg(strstr(ct_error_last(), "refs/heads/doc.lock") &&
		strstr(ct_error_last(), "remove that file"), "%s", ct_error_last());
	/* the held lock was not taken for a dead one: nothing moved */
	ck_assert_int_eq(ct_archive_latest(&v, a, "doc"), 0);
	ck_assert_uint_eq(v.number, 1);
	ct_version_dispose(&v);
	ct_archive_free(a);
}
END_TEST

START_TEST(test_failed_batch_counts_only_what_it_lost)
{
	char tree[4200], cmd[9000], *out;
	run_result r;
	pid_t holder;
	int st;

	/* d1 and d3 import; d2's branch is held by a live process */
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	out = run_shell(&st, "mkdir -p %s/d1 %s/d2 %s/d3 && cd %s && "
		"echo 'One sent 1 agent.' > d1/1748779200.txt && echo 'One sent 2 agents.' > d1/1748779260.txt && "
		"echo 'Two sent 1 agent.' > d2/1748779200.txt && echo 'Two sent 2 agents.' > d2/1748779260.txt && "
		"echo 'Two sent 3 agents.' > d2/1748779320.txt && echo 'Three sent 1 agent.' > d3/1748779200.txt && "
		"git config -f %s/config claimtrack.staleLockSeconds 1", tree, tree, tree, tree, arch);
	ck_assert_int_eq(st, 0);
	free(out);
	holder = live_lock("refs/heads/d2.lock");
	ct(&r, "import", "--no-progress", "-A", arch, tree, NULL);
	end_child(holder);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.out, "6 versions of 3 documents: 3 new, 0 unchanged, 3 failed"),
		"%s", r.out);
	ck_assert_msg(strstr(r.err, "3 versions of this batch not recorded") &&
		strstr(r.err, "refs/heads/d2.lock"), "%s", r.err);
	run_result_free(&r);
	snprintf(cmd, sizeof(cmd), "git -C '%s' rev-list d1 d3 | wc -l; git -C '%s' rev-parse -q "
		"--verify d2", arch, arch);
	out = run_shell(&st, "%s", cmd);
	ck_assert_str_eq(out, "3\n");
	free(out);
	/* the next import resumes: d1 and d3 are stored, d2 is written now */
	ct(&r, "import", "--no-progress", "-A", arch, tree, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_msg(strstr(r.out, "3 versions of 1 document: 3 new") &&
		strstr(r.out, "skipped 3 versions already archived"), "%s", r.out);
	run_result_free(&r);
}
END_TEST

START_TEST(test_resume_never_skips_unstored_versions)
{
	char tree[4200], *out;
	ct_archive *a = NULL;
	run_result r;
	int st;

	/* only the newest of three versions is stored */
	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 300 agents.\n", T0 + 120), 0);
	ct_archive_free(a);
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	out = run_shell(&st, "mkdir -p %s/doc && cd %s/doc && "
		"printf 'Officials sent 100 agents.\\n' > 1748779200.txt && "
		"printf 'Officials sent 200 agents.\\n' > 1748779260.txt && "
		"printf 'Officials sent 300 agents.\\n' > 1748779320.txt", tree, tree);
	ck_assert_int_eq(st, 0);
	free(out);
	/* the stored one is skipped; the two older ones are not: they go
	 * before it, in time order */
	ct(&r, "import", "--no-progress", "-A", arch, tree, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_msg(strstr(r.out, "skipped 1 version already archived") &&
		strstr(r.out, "2 versions of 1 document: 2 new, 0 unchanged, 0 failed"), "%s", r.out);
	run_result_free(&r);
	out = run_shell(&st, "git -C '%s' log --reverse --format='%%ct %%s' doc", arch);
	ck_assert_str_eq(out, "1748779200 doc: version 1 (1 figure)\n"
		"1748779260 doc: version 2 (1 changed, 0 added, 0 removed)\n"
		"1748779320 doc: version 3 (1 changed, 0 added, 0 removed)\n");
	free(out);
}
END_TEST

START_TEST(test_earlier_add_goes_in_time_order)
{
	ct_archive *a = NULL;
	ct_archive_version *v = NULL;
	ct_add_options o = CT_ADD_OPTIONS_INIT;
	ct_add_result r;
	ct_buf b = CT_BUF_INIT;
	size_t n = 0;
	char *out;
	int st;

	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 300 agents.\n", T0 + 60), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 500 agents.\n", T0 + 180), 0);
	/* between the two, then before both */
	o.observed_at = T0 + 120;
	o.type = "text";
	o.source_url = "https://example.com/doc";
	ck_assert_msg(ct_archive_add(&r, a, host, "doc", "Officials sent 400 agents.\n", 27, &o) == 0,
		"%s", ct_error_last());
	ck_assert_int_eq(r.created, 1);
	ck_assert_uint_eq(r.version.number, 2);
	ck_assert_uint_eq(r.changed, 1);
	ct_add_result_dispose(&r);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 200 agents.\n", T0), 0);
	/* the same bytes as a neighbour are no new version */
	o.observed_at = T0 + 30;
	ck_assert_int_eq(ct_archive_add(&r, a, host, "doc", "Officials sent 200 agents.\n", 27, &o), 0);
	ck_assert_int_eq(r.created, 0);
	ck_assert_uint_eq(r.version.number, 1);
	ct_add_result_dispose(&r);
	ck_assert_int_eq(ct_archive_log(&v, &n, a, "doc"), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(v[0].observed_at, T0);
	ck_assert_int_eq(v[1].observed_at, T0 + 60);
	ck_assert_int_eq(v[2].observed_at, T0 + 120);
	ck_assert_str_eq(v[2].source_url, "https://example.com/doc");
	ck_assert_int_eq(v[3].observed_at, T0 + 180);
	ck_assert_int_eq(ct_archive_read(&b, a, &v[1], "source"), 0);
	ck_assert_str_eq(b.ptr, "Officials sent 300 agents.\n");
	ct_buf_dispose(&b);
	ct_versions_free(v, n);
	ct_archive_free(a);
	/* each message counts against its new predecessor */
	out = run_shell(&st, "git -C '%s' log --reverse --format=%%B doc | grep -E '^(doc:|  ~)'", arch);
	ck_assert_str_eq(out, "doc: version 1 (1 figure)\n"
		"doc: version 2 (1 changed, 0 added, 0 removed)\n"
		"  ~ 200 agents -> 300 agents\n"
		"doc: version 3 (1 changed, 0 added, 0 removed)\n"
		"  ~ 300 agents -> 400 agents\n"
		"doc: version 4 (1 changed, 0 added, 0 removed)\n"
		"  ~ 400 agents -> 500 agents\n");
	free(out);
	out = run_shell(&st, "git -C '%s' fsck --strict 2>&1", arch);
	ck_assert_msg(st == 0, "%s", out);
	free(out);
}
END_TEST

START_TEST(test_damaged_refs_are_seen)
{
	ct_archive *a = NULL;
	char **ids = NULL, **bad = NULL, *out;
	size_t nids = 0, nbad = 0;
	run_result r;
	int st;

	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(add_text(a, "good", "Officials sent 300 agents.\n", T0), 0);
	spew(in_arch("refs/heads/empty"), "", 0);
	spew(in_arch("refs/heads/garbage"), "not a commit id\n", 16);
	spew(in_arch("refs/heads/missing"), "0123456789012345678901234567890123456789\n", 41);
	/* unreadable branches are no documents; a readable one to nowhere is
	 * listed, and named as damage below */
	ck_assert_int_eq(ct_archive_list(&ids, &nids, a), 0);
	ck_assert_uint_eq(nids, 2);
	ck_assert_str_eq(ids[0], "good");
	ck_assert_str_eq(ids[1], "missing");
	ck_assert_int_eq(ct_archive_check_refs(&bad, &nbad, a), 0);
	ck_assert_uint_eq(nbad, 3);
	ck_assert_str_eq(bad[0], "refs/heads/empty: damaged: the file is empty");
	ck_assert_str_eq(bad[1], "refs/heads/garbage: damaged: the file does not hold a commit id");
	ck_assert_str_eq(bad[2], "refs/heads/missing: points to "
		"0123456789012345678901234567890123456789, which the archive does not hold");
	ct_strings_free(ids, nids);
	ct_strings_free(bad, nbad);
	ct_archive_free(a);
	/* git fsck sees them too, and so do verify and list */
	out = run_shell(&st, "git -C '%s' fsck 2>&1", arch);
	ck_assert_msg(st != 0, "%s", out);
	free(out);
	ct(&r, "verify", "-A", arch, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.out, "refs/heads/empty: damaged") &&
		strstr(r.out, "refs/heads/garbage: damaged") && strstr(r.out, "refs/heads/missing"),
		"%s", r.out);
	run_result_free(&r);
	ct(&r, "list", "-A", arch, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.out, "good") && strstr(r.err, "refs/heads/empty: damaged"),
		"%s\n%s", r.out, r.err);
	run_result_free(&r);
}
END_TEST

START_TEST(test_pseudoref_ids_refused)
{
	static const char *const bad[] = { "HEAD", "FETCH_HEAD", "ORIG_HEAD", "MERGE_HEAD",
		"CHERRY_PICK_HEAD", "AUTO_MERGE" };
	static const char *const good[] = { "HEADLINE", "Fetch_HEAD", "head", "CNN", "NEWS_2" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(ct_archive_id_check(bad[i]) == CT_EINVAL, "%s accepted", bad[i]);
		ck_assert_msg(strstr(ct_error_last(), "reserved by git"), "%s", ct_error_last());
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(ct_archive_id_check(good[i]) == 0, "%s: %s", good[i], ct_error_last());
}
END_TEST

START_TEST(test_empty_archive_option_is_an_error)
{
	run_result r;

	ct(&r, "list", "-A", "", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "-A/--archive: the archive directory is empty"), "%s", r.err);
	run_result_free(&r);
}
END_TEST

START_TEST(test_gc_clears_what_killed_writers_left)
{
	ct_archive *a = NULL;
	ct_gc_options go = CT_GC_OPTIONS_INIT;
	ct_gc_stats gs;
	ct_archive_version v;

	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 300 agents.\n", T0), 0);
	spew(in_arch("objects/tmp_object_git2_a1b2c3"), "half", 4);
	spew(in_arch("objects/tmp_object_git2_d4e5f6"), "half", 4);
	dead_lock("refs/heads/doc.lock", 30);
	dead_lock("packed-refs.lock", 30);
	go.prune_now = 1;
	ck_assert_msg(ct_archive_gc(&gs, a, &go) == 0, "%s", ct_error_last());
	ck_assert_uint_eq(gs.tmp_removed, 2);
	ck_assert_uint_eq(gs.locks_cleared, 2);
	ck_assert_uint_eq(gs.refs_packed, 2);   /* doc and the marker branch */
	ck_assert_int_ne(access(in_arch("objects/tmp_object_git2_a1b2c3"), F_OK), 0);
	ck_assert_int_ne(access(in_arch("refs/heads/doc"), F_OK), 0);   /* packed now */
	ck_assert_int_eq(ct_archive_latest(&v, a, "doc"), 0);
	ck_assert_uint_eq(v.number, 1);
	ct_version_dispose(&v);
	/* a packed ref moves as a loose one again, and wins */
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 400 agents.\n", T0 + 60), 0);
	ck_assert_int_eq(ct_archive_latest(&v, a, "doc"), 0);
	ck_assert_uint_eq(v.number, 2);
	ct_version_dispose(&v);
	ct_archive_free(a);
}
END_TEST

START_TEST(test_gc_leaves_a_held_lock)
{
	ct_archive *a = NULL;
	ct_gc_options go = CT_GC_OPTIONS_INIT;
	ct_gc_stats gs;
	pid_t holder;
	char *out;
	int st;

	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 300 agents.\n", T0), 0);
	ck_assert_int_eq(add_text(a, "other", "Officials sent 30 agents.\n", T0), 0);
	holder = live_lock("refs/heads/doc.lock");
	ck_assert_msg(ct_archive_gc(&gs, a, &go) == 0, "%s", ct_error_last());
	ck_assert_uint_eq(gs.locks_cleared, 0);
	/* a writer holds doc: its loose ref stays, the other one is packed */
	ck_assert_int_eq(access(in_arch("refs/heads/doc.lock"), F_OK), 0);
	ck_assert_int_eq(access(in_arch("refs/heads/doc"), F_OK), 0);
	ck_assert_int_ne(access(in_arch("refs/heads/other"), F_OK), 0);
	end_child(holder);
	unlink(in_arch("refs/heads/doc.lock"));
	out = run_shell(&st, "git -C '%s' fsck --strict 2>&1 && git -C '%s' log --format=%%s doc other 2>&1",
		arch, arch);
	ck_assert_msg(st == 0, "%s", out);
	ck_assert_str_eq(out, "doc: version 1 (1 figure)\nother: version 1 (1 figure)\n");
	free(out);
	ct_archive_free(a);
}
END_TEST

START_TEST(test_packed_refs_lookup_many)
{
	ct_archive *a = NULL;
	ct_gc_options go = CT_GC_OPTIONS_INIT;
	ct_gc_stats gs;
	char id[32], **ids = NULL;
	size_t nids = 0;
	ct_archive_version v;
	int i;

	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	for (i = 0; i < 300; i++) {
		char text[64];

		snprintf(id, sizeof(id), "d%03d", (i * 7) % 300);
		snprintf(text, sizeof(text), "Officials sent %d agents.\n", i + 1);
		ck_assert_int_eq(add_text(a, id, text, T0), 0);
	}
	ck_assert_int_eq(ct_archive_gc(&gs, a, &go), 0);
	ck_assert_uint_eq(gs.refs_packed, 301);
	/* every one found by the binary search, absent ones not */
	for (i = 0; i < 300; i++) {
		snprintf(id, sizeof(id), "d%03d", i);
		ck_assert_msg(ct_archive_latest(&v, a, id) == 0, "%s: %s", id, ct_error_last());
		ct_version_dispose(&v);
	}
	ck_assert_int_eq(ct_archive_latest(&v, a, "d300"), CT_ENOTFOUND);
	ck_assert_int_eq(ct_archive_latest(&v, a, "c999"), CT_ENOTFOUND);
	ck_assert_int_eq(ct_archive_latest(&v, a, "d0"), CT_ENOTFOUND);
	ck_assert_int_eq(ct_archive_list(&ids, &nids, a), 0);
	ck_assert_uint_eq(nids, 300);
	ck_assert_str_eq(ids[0], "d000");
	ck_assert_str_eq(ids[299], "d299");
	ct_strings_free(ids, nids);
	ct_archive_free(a);
}
END_TEST

START_TEST(test_git_clones_are_archives)
{
	char bare[4200], work[4200], *out;
	const char *const kinds[2] = { bare, work };
	ct_archive *a = NULL;
	char **ids = NULL;
	size_t nids = 0;
	ct_archive_version v;
	int st, k;

	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 300 agents.\n", T0), 0);
	ck_assert_int_eq(add_text(a, "doc", "Officials sent 400 agents.\n", T0 + 60), 0);
	ck_assert_int_eq(add_text(a, "other", "Officials sent 30 agents.\n", T0), 0);
	ct_archive_free(a);
	snprintf(bare, sizeof(bare), "%s/bare.git", dir);
	snprintf(work, sizeof(work), "%s/work", dir);
	/* HEAD points at something real: git says nothing about it */
	out = run_shell(&st, "git clone -q --bare '%s' '%s' 2>&1 && git clone -q '%s' '%s' 2>&1",
		arch, bare, arch, work);
	ck_assert_msg(st == 0 && !*out, "%s", out);
	free(out);
	out = run_shell(&st, "cat '%s/README.txt' | head -1", work);
	ck_assert_str_eq(out, "This git repository is a claimtrack archive.\n");
	free(out);
	for (k = 0; k < 2; k++) {
		ck_assert_msg(ct_archive_open(&a, kinds[k]) == 0, "%s: %s", kinds[k], ct_error_last());
		ck_assert_int_eq(ct_archive_list(&ids, &nids, a), 0);
		ck_assert_uint_eq(nids, 2);
		ck_assert_str_eq(ids[0], "doc");
		ck_assert_str_eq(ids[1], "other");
		ct_strings_free(ids, nids);
		/* the clone's refs/remotes/origin/HEAD is git's pointer, no damage */
		ck_assert_int_eq(ct_archive_check_refs(&ids, &nids, a), 0);
		ck_assert_msg(nids == 0, "%s: %s", kinds[k], nids ? ids[0] : "");
		ct_strings_free(ids, nids);
		ck_assert_int_eq(add_text(a, "doc", "Officials sent 500 agents.\n", T0 + 120), 0);
		ck_assert_int_eq(ct_archive_latest(&v, a, "doc"), 0);
		ck_assert_uint_eq(v.number, 3);
		ct_version_dispose(&v);
		ct_archive_free(a);
		/* the marker is back in the config: the next open needs no adoption */
		out = run_shell(&st, "git -C '%s' config claimtrack.version && git -C '%s' fsck --strict "
			"2>&1 && git -C '%s' log --format=%%s -1 doc", kinds[k], kinds[k], kinds[k]);
		ck_assert_str_eq(out, "1\ndoc: version 3 (1 changed, 0 added, 0 removed)\n");
		free(out);
	}
	/* any other git repository is still no archive */
	out = run_shell(&st, "git init -q --bare '%s/plain.git'", dir);
	free(out);
	snprintf(bare, sizeof(bare), "%s/plain.git", dir);
	ck_assert_int_eq(ct_archive_open(&a, bare), CT_EARCHIVE);
	ck_assert_msg(strstr(ct_error_last(), "not a claimtrack archive"), "%s", ct_error_last());
}
END_TEST

Suite *make_archive_refs_suite(void)
{
	Suite *s = suite_create("archive_refs");
	TCase *tc = tcase_create("refs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_dead_writers_lock_is_cleared);
	tcase_add_test(tc, test_young_lock_at_a_second_boundary_is_kept);
	tcase_add_test(tc, test_live_lock_is_waited_for_then_named);
	tcase_add_test(tc, test_failed_batch_counts_only_what_it_lost);
	tcase_add_test(tc, test_resume_never_skips_unstored_versions);
	tcase_add_test(tc, test_earlier_add_goes_in_time_order);
	tcase_add_test(tc, test_damaged_refs_are_seen);
	tcase_add_test(tc, test_pseudoref_ids_refused);
	tcase_add_test(tc, test_empty_archive_option_is_an_error);
	tcase_add_test(tc, test_gc_clears_what_killed_writers_left);
	tcase_add_test(tc, test_gc_leaves_a_held_lock);
	tcase_add_test(tc, test_packed_refs_lookup_many);
	tcase_add_test(tc, test_git_clones_are_archives);
	suite_add_tcase(s, tc);
	return s;
}
