/* SPDX-License-Identifier: MIT */
/* The archive under pressure: writers killed with SIGKILL at random points,
 * eight writers at once, and replication through plain git. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "testutil.h"

#define T0 INT64_C(1748779200)

static char *dir;
static char arch[4096];

static void setup(void)
{
	ct_archive *a = NULL;

	dir = tmpdir_new();
	snprintf(arch, sizeof(arch), "%s/arch", dir);
	ck_assert_msg(ct_archive_init(&a, arch) == 0, "%s", ct_error_last());
	ct_archive_free(a);
}

static void teardown(void)
{
	tmpdir_cleanup(dir);
	dir = NULL;
}


/* Every stored source of every document, "id\tsource" sorted, for lookups. */
typedef struct stored {
	char **v;
	size_t n;
} stored;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void stored_load(stored *s, ct_archive *a)
{
	char **ids = NULL;
	size_t nids = 0, i, k, nv;
	ct_buf b = CT_BUF_INIT;

	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(ct_archive_list(&ids, &nids, a), 0);
	for (i = 0; i < nids; i++) {
		ct_archive_version *v = NULL;

		ck_assert_msg(ct_archive_log(&v, &nv, a, ids[i]) == 0, "%s", ct_error_last());
		for (k = 0; k < nv; k++) {
			char *line;

			ck_assert_uint_eq(v[k].number, k + 1);
			ck_assert_msg(ct_archive_read(&b, a, &v[k], "source") == 0, "%s: %s", ids[i],
				ct_error_last());
			line = malloc(strlen(ids[i]) + b.len + 2);
			sprintf(line, "%s\t%s", ids[i], b.ptr);
			s->v = realloc(s->v, (s->n + 1) * sizeof(*s->v));
			s->v[s->n++] = line;
		}
		ct_versions_free(v, nv);
	}
	qsort(s->v, s->n, sizeof(*s->v), cmp_str);
	ct_buf_dispose(&b);
	ct_strings_free(ids, nids);
}

static int stored_has(const stored *s, const char *line)
{
	return bsearch(&line, s->v, s->n, sizeof(*s->v), cmp_str) != NULL;
}

/*
 * A writer process: adds versions forever, appending "id\tsource" to the
 * acknowledgement file after each add (or batch) that returned success.
 * Writer 0 of each generation imports in batches of 7.
 */
static void writer(int gen, int w, int ackfd)
{
	ct_host *h = test_host();
	ct_archive *a = NULL;
	int batch = w == 0, k;
	char acks[8][600];
	int nacks = 0;

	if (ct_archive_open(&a, arch) < 0)
		_exit(3);
	ct_archive_set_stale_lock(a, 1);
	if (batch && ct_archive_batch_begin(a) < 0)
		_exit(4);
	for (k = 0;; k++) {
		ct_add_options o = CT_ADD_OPTIONS_INIT;
		ct_add_result r;
		char id[32], text[256];
		int i;

		/* a third of the adds go to one document everyone writes */
		if (k % 3 == 0)
			snprintf(id, sizeof(id), "shared");
		else
			snprintf(id, sizeof(id), "w%d", w);
		snprintf(text, sizeof(text), "Generation %d writer %d sent %d agents.\n", gen, w, k);
		/* each generation observes later than the last (times restarting
		 * at T0 would put every version of a new writer at the start of
		 * "shared" and re-make all of its history each time) */
		o.observed_at = T0 + (int64_t)gen * 1000 + k;
		o.type = "text";
		if (ct_archive_add(&r, a, h, id, text, strlen(text), &o) < 0)
			continue;
		ct_add_result_dispose(&r);
		snprintf(acks[nacks++], sizeof(acks[0]), "%s\t%s", id, text);
		if (batch && nacks < 7)
			continue;
		if (batch && ct_archive_batch_flush(a) < 0) {
			nacks = 0;
			continue;
		}
		/* acknowledged: only now may the version be counted on */
		for (i = 0; i < nacks; i++) {
			char line[700];
			size_t len = (size_t)snprintf(line, sizeof(line), "%s\x1e", acks[i]);

			if (write(ackfd, line, len) != (ssize_t)len)
				_exit(5);
		}
		nacks = 0;
	}
}

static size_t count_acks(const char *path)
{
	size_t n = 0, len = 0, i;
	char *s = slurp(path, &len);

	for (i = 0; i < len; i++)
		n += s[i] == '\x1e';
	free(s);
	return n;
}

#define CRASH_WRITERS 4
#define CRASH_ACKS 1000

START_TEST(test_sigkill_writers_lose_nothing)
{
	char ackpath[4200], *acks, *p, *end, *out;
	pid_t pids[CRASH_WRITERS];
	int ackfd, w, gen = 0, kills = 0, st;
	ct_archive *a = NULL;
	size_t len, checked = 0;
	unsigned int seed = (unsigned int)time(NULL) ^ (unsigned int)getpid();
	stored s;

	snprintf(ackpath, sizeof(ackpath), "%s/acks", dir);
	ackfd = open(ackpath, O_WRONLY | O_CREAT | O_APPEND, 0644);
	ck_assert(ackfd >= 0);
	for (w = 0; w < CRASH_WRITERS; w++) {
		if ((pids[w] = fork()) == 0)
			writer(gen, w, ackfd);
		ck_assert(pids[w] > 0);
	}
	/* kill one writer at a random moment, start a new one in its place */
	while (count_acks(ackpath) < CRASH_ACKS || kills < 40) {
		struct timespec ts = { 0, (long)(1 + rand_r(&seed) % 30) * 1000000L };

		nanosleep(&ts, NULL);
		w = rand_r(&seed) % CRASH_WRITERS;
		kill(pids[w], SIGKILL);
		waitpid(pids[w], &st, 0);
		ck_assert_msg(WIFSIGNALED(st), "writer %d exited on its own (%d)", w,
			WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		kills++;
		gen++;
		if ((pids[w] = fork()) == 0)
			writer(gen, w, ackfd);
		ck_assert(pids[w] > 0);
	}
	for (w = 0; w < CRASH_WRITERS; w++) {
		kill(pids[w], SIGKILL);
		waitpid(pids[w], &st, 0);
	}
	close(ackfd);

	out = run_shell(&st, "git -C '%s' fsck --strict 2>&1", arch);
	ck_assert_msg(st == 0, "fsck --strict failed after %d kills:\n%s", kills, out);
	free(out);
	out = run_shell(&st, "git -C '%s' rev-list --all --min-parents=2 | wc -l", arch);
	ck_assert_str_eq(out, "0\n");
	free(out);

	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	stored_load(&s, a);
	acks = slurp(ackpath, &len);
	for (p = acks; (end = strchr(p, '\x1e')) != NULL; p = end + 1) {
		*end = '\0';
		ck_assert_msg(stored_has(&s, p), "acknowledged version lost: %s", p);
		checked++;
	}
	ck_assert_uint_ge(checked, CRASH_ACKS);
	free(acks);
	ct_strings_free(s.v, s.n);
	ct_archive_free(a);
}
END_TEST

#define WRITERS 8
#define ADDS 20

START_TEST(test_eight_concurrent_writers)
{
	pid_t pids[WRITERS];
	ct_archive *a = NULL;
	ct_archive_version *v = NULL;
	size_t n = 0;
	int w, k, st;
	char id[32], *out;
	stored s;

	for (w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		ck_assert(pids[w] >= 0);
		if (pids[w] == 0) {
			ct_host *h = test_host();
			ct_archive *mine = NULL;
			int fails = 0;

			if (ct_archive_open(&mine, arch) < 0)
				_exit(3);
			for (k = 0; k < ADDS; k++) {
				ct_add_options o = CT_ADD_OPTIONS_INIT;
				ct_add_result r;
				char text[128];

				/* half of the writers share one document */
				snprintf(id, sizeof(id), w < WRITERS / 2 ? "shared" : "own-%d", w);
				snprintf(text, sizeof(text), "Writer %d reported %d officers.\n", w, k + 1);
				o.observed_at = T0 + k * 60 + w;
				o.type = "text";
				if (ct_archive_add(&r, mine, h, id, text, strlen(text), &o) < 0 || !r.created) {
					fprintf(stderr, "writer %d: %s\n", w, ct_error_last());
					fails++;
				}
				ct_add_result_dispose(&r);
			}
			ct_archive_free(mine);
			ct_host_free(h);
			_exit(fails ? 1 : 0);
		}
	}
	for (w = 0; w < WRITERS; w++) {
		ck_assert(waitpid(pids[w], &st, 0) == pids[w]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d failed", w);
	}
	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(ct_archive_log(&v, &n, a, "shared"), 0);
	ck_assert_uint_eq(n, (WRITERS / 2) * ADDS);
	ct_versions_free(v, n);
	for (w = WRITERS / 2; w < WRITERS; w++) {
		snprintf(id, sizeof(id), "own-%d", w);
		ck_assert_int_eq(ct_archive_log(&v, &n, a, id), 0);
		ck_assert_uint_eq(n, ADDS);
		ct_versions_free(v, n);
	}
	/* every version present exactly once, in one linear history each */
	stored_load(&s, a);
	ck_assert_uint_eq(s.n, WRITERS * ADDS);
	for (w = 0; w < WRITERS; w++) {
		for (k = 0; k < ADDS; k++) {
			char line[256];

			snprintf(line, sizeof(line), "%s\tWriter %d reported %d officers.\n",
				w < WRITERS / 2 ? "shared" : (snprintf(id, sizeof(id), "own-%d", w), id), w, k + 1);
			ck_assert_msg(stored_has(&s, line), "missing: %s", line);
		}
	}
	ct_strings_free(s.v, s.n);
	out = run_shell(&st, "git -C '%s' fsck --strict 2>&1", arch);
	ck_assert_msg(st == 0, "%s", out);
	free(out);
	out = run_shell(&st, "git -C '%s' rev-list --all --min-parents=2 | wc -l", arch);
	ck_assert_str_eq(out, "0\n");
	free(out);
	ct_archive_free(a);
}
END_TEST

static void add_text(ct_archive *a, ct_host *h, const char *id, const char *text, int64_t at)
{
	ct_add_options o = CT_ADD_OPTIONS_INIT;
	ct_add_result r;

	o.observed_at = at;
	o.type = "text";
	ck_assert_msg(ct_archive_add(&r, a, h, id, text, strlen(text), &o) == 0, "%s",
		ct_error_last());
	ct_add_result_dispose(&r);
}

/* The same documents, the same commits, in the same order. */
static void assert_same_history(const char *x, const char *y)
{
	ct_archive *a = NULL, *b = NULL;
	char **ia = NULL, **ib = NULL;
	size_t na = 0, nb = 0, i, k, va, vb;

	ck_assert_int_eq(ct_archive_open(&a, x), 0);
	ck_assert_msg(ct_archive_open(&b, y) == 0, "%s", ct_error_last());
	ck_assert_int_eq(ct_archive_list(&ia, &na, a), 0);
	ck_assert_int_eq(ct_archive_list(&ib, &nb, b), 0);
	ck_assert_uint_eq(na, nb);
	for (i = 0; i < na; i++) {
		ct_archive_version *v1 = NULL, *v2 = NULL;

		ck_assert_str_eq(ia[i], ib[i]);
		ck_assert_int_eq(ct_archive_log(&v1, &va, a, ia[i]), 0);
		ck_assert_int_eq(ct_archive_log(&v2, &vb, b, ib[i]), 0);
		ck_assert_uint_eq(va, vb);
		for (k = 0; k < va; k++) {
			ck_assert_str_eq(v1[k].commit, v2[k].commit);
			ck_assert_int_eq(v1[k].observed_at, v2[k].observed_at);
		}
		ct_versions_free(v1, va);
		ct_versions_free(v2, vb);
	}
	ct_strings_free(ia, na);
	ct_strings_free(ib, nb);
	ct_archive_free(a);
	ct_archive_free(b);
}

START_TEST(test_replication_with_plain_git)
{
	ct_host *h = test_host();
	ct_archive *a = NULL, *b = NULL;
	char server[4200], replica[4200], mirror[4200], *out;
	int st, i;

	snprintf(server, sizeof(server), "%s/server.git", dir);
	snprintf(replica, sizeof(replica), "%s/replica", dir);
	snprintf(mirror, sizeof(mirror), "%s/mirror.git", dir);
	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	for (i = 0; i < 5; i++) {
		char text[128];

		snprintf(text, sizeof(text), "The agency sent %d agents and %d analysts.\n", 100 + i, 7);
		add_text(a, h, "alpha", text, T0 + i * 3600);
		if (i % 2 == 0)
			add_text(a, h, "beta", text, T0 + i * 3600 + 5);
	}

	/* push every document to a plain bare repository (a git server) */
	out = run_shell(&st, "git init -q --bare '%s' && git -C '%s' push -q '%s' 'refs/heads/*:refs/heads/*' 2>&1",
		server, arch, server);
	ck_assert_msg(st == 0, "push: %s", out);
	free(out);

	/* a second collector: a fresh archive filled by fetch */
	ck_assert_int_eq(ct_archive_init(&b, replica), 0);
	ct_archive_free(b);
	out = run_shell(&st, "git -C '%s' fetch -q '%s' 'refs/heads/*:refs/heads/*' 2>&1", replica, server);
	ck_assert_msg(st == 0, "fetch: %s", out);
	free(out);
	assert_same_history(arch, replica);

	/* new versions travel incrementally */
	add_text(a, h, "alpha", "The agency sent 900 agents and 7 analysts.\n", T0 + 86400);
	add_text(a, h, "gamma", "A new story with 3 figures and 4 charts.\n", T0 + 86400);
	out = run_shell(&st, "git -C '%s' push -q '%s' 'refs/heads/*:refs/heads/*' 2>&1 && "
		"git -C '%s' fetch -q '%s' 'refs/heads/*:refs/heads/*' 2>&1", arch, server, replica, server);
	ck_assert_msg(st == 0, "push/fetch: %s", out);
	free(out);
	assert_same_history(arch, replica);

	/* a mirror clone holds the same refs and objects */
	out = run_shell(&st, "git clone -q --mirror '%s' '%s' 2>&1 && git -C '%s' fsck --strict 2>&1 && "
		"git -C '%s' for-each-ref > '%s/r1' && git -C '%s' for-each-ref > '%s/r2' && "
		"cmp '%s/r1' '%s/r2'", arch, mirror, mirror, arch, dir, mirror, dir, dir, dir);
	ck_assert_msg(st == 0, "mirror: %s", out);
	free(out);

	/* histories are append-only: a rewriting push into an archive is refused */
	ck_assert_int_eq(ct_archive_open(&b, replica), 0);
	add_text(b, h, "beta", "A diverging version with 5 agents.\n", T0 + 99999);
	ct_archive_free(b);
	out = run_shell(&st, "git -C '%s' push -q --force '%s' 'refs/heads/beta~2:refs/heads/beta' 2>&1",
		replica, arch);
	ck_assert_msg(st != 0, "a history-rewriting push was accepted: %s", out);
	free(out);
	out = run_shell(&st, "git -C '%s' push -q '%s' ':refs/heads/beta' 2>&1", replica, arch);
	ck_assert_msg(st != 0, "a deleting push was accepted: %s", out);
	free(out);

	out = run_shell(&st, "git -C '%s' fsck --strict 2>&1", replica);
	ck_assert_msg(st == 0, "%s", out);
	free(out);
	ct_archive_free(a);
	ct_host_free(h);
}
END_TEST

/*
 * Writers that create the same new documents at the same moment: each
 * document must end with every writer's version. (libgit2 checks that a
 * ref is absent before it takes the ref's lock, so creating a branch
 * without a compare-and-swap under the lock loses a first version.)
 */
#define RACE_DOCS 40

START_TEST(test_racing_first_versions)
{
	pid_t pids[WRITERS];
	int go[2], w, d, st;
	ct_archive *a = NULL;

	ck_assert(pipe(go) == 0);
	for (w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		ck_assert(pids[w] >= 0);
		if (pids[w] == 0) {
			ct_host *h = test_host();
			ct_archive *mine = NULL;
			char c;
			int fails = 0;

			close(go[1]);
			if (ct_archive_open(&mine, arch) < 0 || read(go[0], &c, 1) != 0)
				_exit(3);
			for (d = 0; d < RACE_DOCS; d++) {
				ct_add_options o = CT_ADD_OPTIONS_INIT;
				ct_add_result r;
				char id[32], text[128];

				snprintf(id, sizeof(id), "race-%d", d);
				snprintf(text, sizeof(text), "Writer %d counted %d boats.\n", w, d + 1);
				o.observed_at = T0 + w;
				o.type = "text";
				if (ct_archive_add(&r, mine, h, id, text, strlen(text), &o) < 0 || !r.created)
					fails++;
				ct_add_result_dispose(&r);
			}
			ct_archive_free(mine);
			ct_host_free(h);
			_exit(fails ? 1 : 0);
		}
	}
	close(go[0]);
	close(go[1]);   /* every writer starts at once */
	for (w = 0; w < WRITERS; w++) {
		ck_assert(waitpid(pids[w], &st, 0) == pids[w]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d failed", w);
	}
	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	for (d = 0; d < RACE_DOCS; d++) {
		ct_archive_version *v = NULL;
		size_t n = 0;
		char id[32];

		snprintf(id, sizeof(id), "race-%d", d);
		ck_assert_int_eq(ct_archive_log(&v, &n, a, id), 0);
		ck_assert_msg(n == WRITERS, "%s has %zu versions, %d were acknowledged", id, n, WRITERS);
		ct_versions_free(v, n);
	}
	ct_archive_free(a);
}
END_TEST

/* A child that writes n one-version documents from first on, one batch
 * flush (so one pack) each, and dies before its batch ends. */
static void packs_child(int first, int n)
{
	pid_t pid = fork();
	int st, d;

	ck_assert(pid >= 0);
	if (pid == 0) {
		ct_archive *w = NULL;
		ct_host *h = test_host();

		if (ct_archive_open(&w, arch) < 0 || ct_archive_batch_begin(w) < 0)
			_exit(3);
		for (d = first; d < first + n; d++) {
			ct_add_options o = CT_ADD_OPTIONS_INIT;
			ct_add_result r;
			char id[32], text[128];

			snprintf(id, sizeof(id), "doc%d", d);
			snprintf(text, sizeof(text), "Batch %d sent %d agents.\n", d, 100 + d);
			o.observed_at = T0 + d;
			o.type = "text";
			if (ct_archive_add(&r, w, h, id, text, strlen(text), &o) < 0 ||
			    ct_archive_batch_flush(w) < 0)
				_exit(4);
			ct_add_result_dispose(&r);
		}
		_exit(0);
	}
	ck_assert(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/*
 * A long-lived reader (serve, watch --every) has searched every pack's
 * index; another process then replaces the packs (gc; an import merging
 * its own). The reader still finds every version it had not read: libgit2
 * skips a pack that is gone and looks in the new ones.
 */
START_TEST(test_reader_survives_packs_removed)
{
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	git_oid bogus;
	char *out;
	int d, st;

	git_libgit2_init();
	packs_child(0, 20);
	ck_assert_int_eq(git_repository_open_bare(&repo, arch), 0);
	ck_assert_int_eq(git_repository_odb(&odb, repo), 0);
	/* a miss searches every pack's index, mapping it, and opens no pack */
	memset(&bogus, 0x5a, sizeof(bogus));
	ck_assert(!git_odb_exists(odb, &bogus));
	/* twenty packs more, and a miss again, which reloads the pack list */
	packs_child(20, 20);
	ck_assert(!git_odb_exists(odb, &bogus));

	out = run_shell(&st, "'%s' gc -q --prune-now -A '%s' && ls '%s/objects/pack' | grep -c '\\.idx$'",
		getenv("CT_BIN"), arch, arch);
	ck_assert_msg(st == 0 && !strcmp(out, "1\n"), "gc: %s", out);
	free(out);

	for (d = 0; d < 40; d++) {
		git_commit *c = NULL;
		git_tree *t = NULL;
		git_oid tip;
		char ref[64];

		snprintf(ref, sizeof(ref), "refs/heads/doc%d", d);
		ck_assert_int_eq(git_reference_name_to_id(&tip, repo, ref), 0);
		ck_assert_msg(git_commit_lookup(&c, repo, &tip) == 0, "%s: %s", ref,
			git_error_last() ? git_error_last()->message : "");
		ck_assert_int_eq(git_commit_tree(&t, c), 0);
		git_tree_free(t);
		git_commit_free(c);
	}
	git_odb_free(odb);
	git_repository_free(repo);
	git_libgit2_shutdown();
}
END_TEST

Suite *make_archive_stress_suite(void)
{
	Suite *s = suite_create("archive_stress");
	TCase *tc = tcase_create("archive_stress");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_sigkill_writers_lose_nothing);
	tcase_add_test(tc, test_eight_concurrent_writers);
	tcase_add_test(tc, test_racing_first_versions);
	tcase_add_test(tc, test_replication_with_plain_git);
	tcase_add_test(tc, test_reader_survives_packs_removed);
	suite_add_tcase(s, tc);
	return s;
}
