/* SPDX-License-Identifier: MIT */
/*
 * Fault injection: writers (single adds, batched imports in the library and
 * the real `claimtrack import`) are SIGKILLed at random points, 200 times.
 * Afterwards git fsck and verify find nothing wrong, every version that was
 * acknowledged before a kill is stored, no lock a dead writer left stops
 * the next writer, and the next import completes.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define T0 INT64_C(1748779200)
#define ROUNDS 200
/* one round in eleven is not killed: 200 killed rounds, 20 spare */
#define SPARE(round) ((round) % 11 == 10)
#define ADDS_MAX 40

static char *dir;
static char arch[4096], ackpath[4200];
static int ackfd = -1;

static void setup(void)
{
	ct_archive *a = NULL;
	char *out;
	int st;

	dir = tmpdir_new();
	snprintf(arch, sizeof(arch), "%s/arch", dir);
	snprintf(ackpath, sizeof(ackpath), "%s/acks", dir);
	ck_assert_msg(ct_archive_init(&a, arch) == 0, "%s", ct_error_last());
	ct_archive_free(a);
	/* a dead writer's lock is cleared after a second, not ten */
	out = run_shell(&st, "git config -f '%s/config' claimtrack.staleLockSeconds 1", arch);
	free(out);
	ackfd = open(ackpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	ck_assert(ackfd >= 0);
}

static void teardown(void)
{
	if (ackfd >= 0)
		close(ackfd);
	ackfd = -1;
	tmpdir_cleanup(dir);
	dir = NULL;
}

static void ack(const char *id, const char *text)
{
	char line[700];
	int n = snprintf(line, sizeof(line), "%s\t%s\x1e", id, text);

	if (write(ackfd, line, (size_t)n) != n)
		_exit(5);
}

/*
 * A library writer: up to ADDS_MAX versions, a third of them to a document
 * every writer shares; batched ones are acknowledged at each flush (of 3).
 */
static void writer(int round, int w, int batch)
{
	ct_host *h = test_host();
	ct_archive *a = NULL;
	char pend[3][2][300];
	int k, npend = 0, i;

	if (ct_archive_open(&a, arch) < 0)
		_exit(3);
	if (batch && ct_archive_batch_begin(a) < 0)
		_exit(4);
	for (k = 0; k < ADDS_MAX; k++) {
		ct_add_options o = CT_ADD_OPTIONS_INIT;
		ct_add_result r;
		char id[32], text[256];

		snprintf(id, sizeof(id), k % 3 == 0 ? "shared" : "w%d-%d", w, round % 7);
		snprintf(text, sizeof(text), "Round %d writer %d sent %d agents.\n", round, w, k);
		/* the writers' times interleave: some versions go in before others */
		o.observed_at = T0 + (int64_t)round * 100 + k;
		o.type = "text";
		if (ct_archive_add(&r, a, h, id, text, strlen(text), &o) < 0) {
			fprintf(stderr, "add: %s\n", ct_error_last());
			_exit(6);
		}
		ct_add_result_dispose(&r);
		if (!batch) {
			ack(id, text);
			continue;
		}
		snprintf(pend[npend][0], sizeof(pend[0][0]), "%s", id);
		snprintf(pend[npend][1], sizeof(pend[0][1]), "%s", text);
		if (++npend < 3)
			continue;
		/* another writer moved "shared" meanwhile: that batch's versions of
		 * it are not recorded, and so not acknowledged */
		if (ct_archive_batch_flush(a) < 0) {
			if (ct_error_last_code() != CT_ECONFLICT) {
				fprintf(stderr, "flush: %s\n", ct_error_last());
				_exit(7);
			}
			npend = 0;
			continue;
		}
		for (i = 0; i < npend; i++)
			ack(pend[i][0], pend[i][1]);
		npend = 0;
	}
	if (batch && ct_archive_batch_end(a) < 0) {
		if (ct_error_last_code() != CT_ECONFLICT)
			_exit(7);
		npend = 0;
	}
	for (i = 0; i < npend; i++)
		ack(pend[i][0], pend[i][1]);
	ct_archive_free(a);
	ct_host_free(h);
	_exit(0);
}

/* A tree for `claimtrack import`: three documents of two versions. */
static void make_tree(char *tree, size_t size, int round)
{
	int d, v;

	snprintf(tree, size, "%s/tree%d", dir, round);
	mkdir(tree, 0755);
	for (d = 0; d < 3; d++) {
		char sub[4500], file[4600], text[128];

		snprintf(sub, sizeof(sub), "%s/cli%d", tree, d);
		mkdir(sub, 0755);
		for (v = 0; v < 2; v++) {
			snprintf(file, sizeof(file), "%s/%lld.txt", sub,
				(long long)(T0 + (int64_t)round * 100 + v * 10 + d));
			snprintf(text, sizeof(text), "Import round %d sent %d agents.\n", round, v);
			spew(file, text, strlen(text));
		}
	}
}

static void ack_tree(int round)
{
	int d, v;

	for (d = 0; d < 3; d++)
		for (v = 0; v < 2; v++) {
			char id[16], text[128];

			snprintf(id, sizeof(id), "cli%d", d);
			snprintf(text, sizeof(text), "Import round %d sent %d agents.\n", round, v);
			ack(id, text);
		}
}

static pid_t spawn_import(const char *tree)
{
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execl(getenv("CT_BIN"), "claimtrack", "import", "-q", "--no-progress", "-b", "2", "-j", "1",
			"-A", arch, tree, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Every stored source of every document, "id\tsource", sorted. */
typedef struct stored {
	char **v;
	size_t n;
} stored;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads what is stored and verifies every version on the way. */
static void stored_load(stored *s, ct_archive *a, ct_host *h, size_t *checked)
{
	char **ids = NULL;
	size_t nids = 0, i, k, nv;
	ct_buf b = CT_BUF_INIT, why = CT_BUF_INIT;

	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(ct_archive_list(&ids, &nids, a), 0);
	for (i = 0; i < nids; i++) {
		ct_archive_version *v = NULL;

		ck_assert_msg(ct_archive_log(&v, &nv, a, ids[i]) == 0, "%s", ct_error_last());
		for (k = 0; k < nv; k++) {
			ct_verify_status vs;
			char *line;

			ck_assert_uint_eq(v[k].number, k + 1);
			if (k)
				ck_assert_int_le(v[k - 1].observed_at, v[k].observed_at);
			ck_assert_int_eq(ct_archive_verify_version(&vs, &why, a, h, &v[k]), 0);
			ck_assert_msg(vs == CT_VERIFY_OK, "%s@%zu: %s", ids[i], k + 1, why.ptr);
			ck_assert_msg(ct_archive_read(&b, a, &v[k], "source") == 0, "%s: %s", ids[i],
				ct_error_last());
			line = malloc(strlen(ids[i]) + b.len + 2);
			sprintf(line, "%s\t%s", ids[i], b.ptr);
			s->v = realloc(s->v, (s->n + 1) * sizeof(*s->v));
			s->v[s->n++] = line;
			(*checked)++;
		}
		ct_versions_free(v, nv);
	}
	qsort(s->v, s->n, sizeof(*s->v), cmp_str);
	ct_buf_dispose(&b);
	ct_buf_dispose(&why);
	ct_strings_free(ids, nids);
}

START_TEST(test_sigkill_200_times)
{
	unsigned int seed = (unsigned int)time(NULL) ^ (unsigned int)getpid();
	ct_host *h = test_host();
	ct_archive *a = NULL;
	char tree[4400], **bad = NULL, *acks, *p, *end, *out;
	size_t len, nbad = 0, nacks = 0, versions = 0;
	int round, st, kills = 0, finished = 0, locks;
	stored s;
	run_result r;

	for (round = 0; round < ROUNDS + ROUNDS / 10; round++) {
		struct timespec ts = { 0, 0 };
		pid_t pids[2];
		int n = 0, i, cli = round % 5 == 4;

		if (cli) {
			make_tree(tree, sizeof(tree), round);
			pids[n++] = spawn_import(tree);
		} else {
			for (i = 0; i < 2; i++) {
				if ((pids[n] = fork()) == 0)
					writer(round, i, (round + i) % 2);
				ck_assert(pids[n] > 0);
				n++;
			}
		}
		/* a random point: before the first write, mid-pack, mid-ref, after;
		 * a spare round runs to its end, so that however slow the machine
		 * (a sanitizer build under load), some versions are acknowledged
		 * for the kills after them to threaten */
		ts.tv_nsec = (long)(rand_r(&seed) % (cli ? 150000 : 50000)) * 1000L;
		if (!SPARE(round))
			nanosleep(&ts, NULL);
		for (i = 0; i < n; i++) {
			if (!SPARE(round))
				kill(pids[i], SIGKILL);
			waitpid(pids[i], &st, 0);
			if (WIFSIGNALED(st)) {
				kills++;
			} else {
				ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
					"round %d: a writer failed on its own (%d)", round,
					WIFEXITED(st) ? WEXITSTATUS(st) : -1);
				finished++;
				if (cli)
					ack_tree(round);
			}
		}
	}
	ck_assert_int_ge(kills, ROUNDS);
	out = run_shell(&st, "find '%s' -name '*.lock' | wc -l", arch);
	locks = atoi(out);
	free(out);

	/* fsck, when git is here: objects and refs exactly as git wants them */
	out = run_shell(&st, "command -v git >/dev/null || exit 0; git -C '%s' fsck --strict 2>&1",
		arch);
	ck_assert_msg(st == 0, "fsck after %d kills:\n%s", kills, out);
	free(out);

	/* verify clean, refs sound, every acknowledged version there */
	ck_assert_int_eq(ct_archive_open(&a, arch), 0);
	ck_assert_int_eq(ct_archive_check_refs(&bad, &nbad, a), 0);
	ck_assert_msg(nbad == 0, "%s", nbad ? bad[0] : "");
	stored_load(&s, a, h, &versions);
	acks = slurp(ackpath, &len);
	for (p = acks; (end = strchr(p, '\x1e')) != NULL; p = end + 1) {
		*end = '\0';
		ck_assert_msg(bsearch(&p, s.v, s.n, sizeof(*s.v), cmp_str) != NULL,
			"acknowledged version lost: %s", p);
		nacks++;
	}
	ck_assert_uint_gt(nacks, 0);
	free(acks);
	ct_strings_free(s.v, s.n);
	ct_archive_free(a);

	/* the next writer is not stopped by anything the dead left behind:
	 * a full import, with a new version of every document */
	snprintf(tree, sizeof(tree), "%s/final", dir);
	out = run_shell(&st, "cd '%s' && for d in $(git -C '%s' for-each-ref --format='%%(refname:short)' "
		"refs/heads | grep -v '^_'); do mkdir -p '%s'/$d && echo \"Final count: 99 agents for $d.\" "
		"> '%s'/$d/1900000000.txt; done", dir, arch, tree, tree);
	ck_assert_int_eq(st, 0);
	free(out);
	{
		const char *argv[] = { "import", "--no-progress", "-A", arch, tree, NULL };

		run_claimtrack(&r, argv, NULL, 0, NULL);
	}
	ck_assert_msg(r.status == 0 && strstr(r.out, " 0 failed"), "%s\n%s", r.out, r.err);
	run_result_free(&r);
	{
		const char *argv[] = { "gc", "-q", "--prune-now", "-A", arch, NULL };

		run_claimtrack(&r, argv, NULL, 0, NULL);
	}
	ck_assert_msg(r.status == 0, "%s", r.err);
	run_result_free(&r);
	out = run_shell(&st, "command -v git >/dev/null || exit 0; git -C '%s' fsck --strict 2>&1; "
		"find '%s' -name '*.lock' -o -name 'tmp_*'", arch, arch);
	ck_assert_msg(st == 0 && !*out, "after the final import and gc:\n%s", out);
	free(out);
	printf("fault: %d rounds killed and %d spare, %d writers killed, %d finished, %d locks left "
		"by the dead, %zu acknowledged versions all stored, %zu versions verified\n", ROUNDS,
		ROUNDS / 10, kills, finished, locks, nacks, versions);
	ct_host_free(h);
}
END_TEST

Suite *make_archive_fault_suite(void)
{
	Suite *s = suite_create("archive_fault");
	TCase *tc = tcase_create("sigkill");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, test_sigkill_200_times);
	suite_add_tcase(s, tc);
	return s;
}
