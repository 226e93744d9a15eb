/* SPDX-License-Identifier: MIT */
/* Two collectors share one bare remote through claimtrack sync: 100 rounds
 * of both adding to the same documents in the same minute (sometimes the
 * same bytes), each round synced by both; no version either stored is
 * lost, the histories agree and stay in time order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define T0 INT64_C(1748779200)
#define ROUNDS 100

#if defined(__SANITIZE_ADDRESS__)
/* libgit2 1.5 leaks the pcre2 match data of the url.*.insteadOf lookup a
 * remote is made with (git_remote_create_anonymous); not ours to free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}
#endif

static char *dir;
static char remote[4200], arch[2][4200];
static ct_host *host;

static void setup(void)
{
	ct_archive *a = NULL;
	char *out;
	int st, k;

	dir = tmpdir_new();
	host = test_host();
	snprintf(remote, sizeof(remote), "%s/remote.git", dir);
	out = run_shell(&st, "git init -q --bare '%s'", remote);
	ck_assert_int_eq(st, 0);
	free(out);
	for (k = 0; k < 2; k++) {
		snprintf(arch[k], sizeof(arch[k]), "%s/collector%d", dir, k);
		ck_assert_int_eq(ct_archive_init(&a, arch[k]), 0);
		ct_archive_free(a);
	}
}

static void teardown(void)
{
	ct_host_free(host);
	tmpdir_cleanup(dir);
	dir = NULL;
}

/* What was stored, "id\tbytes\ttime" a line. */
typedef struct seen {
	char **v;
	size_t n;
} seen;

static void seen_add(seen *s, const char *id, const char *text, int64_t at)
{
	char *line = malloc(strlen(id) + strlen(text) + 32);

	sprintf(line, "%s\t%s\t%lld", id, text, (long long)at);
	s->v = realloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = line;
}

static void add(seen *s, int k, const char *id, const char *text, int64_t at)
{
	ct_archive *a = NULL;
	ct_add_options o = CT_ADD_OPTIONS_INIT;
	ct_add_result r;

	ck_assert_int_eq(ct_archive_open(&a, arch[k]), 0);
	o.observed_at = at;
	o.type = "text";
	ck_assert_msg(ct_archive_add(&r, a, host, id, text, strlen(text), &o) == 0, "%s",
		ct_error_last());
	if (r.created)
		seen_add(s, id, text, at);
	ct_add_result_dispose(&r);
	ct_archive_free(a);
}

static int sync(int k, ct_sync_stats *st)
{
	ct_archive *a = NULL;
	int err;

	ck_assert_int_eq(ct_archive_open(&a, arch[k]), 0);
	err = ct_archive_sync(st, a, host, remote);
	ct_archive_free(a);
	return err;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every version of every document in archive k, as seen_add writes them;
 * checks each history is numbered and in time order on the way. */
static void load(seen *s, int k)
{
	ct_archive *a = NULL;
	ct_buf b = CT_BUF_INIT, why = CT_BUF_INIT;
	char **ids = NULL;
	size_t nids = 0, i, j, nv;

	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(ct_archive_open(&a, arch[k]), 0);
	ck_assert_int_eq(ct_archive_list(&ids, &nids, a), 0);
	for (i = 0; i < nids; i++) {
		ct_archive_version *v = NULL;

		ck_assert_int_eq(ct_archive_log(&v, &nv, a, ids[i]), 0);
		for (j = 0; j < nv; j++) {
			ct_verify_status vs;

			if (j)
				ck_assert_int_le(v[j - 1].observed_at, v[j].observed_at);
			ck_assert_int_eq(ct_archive_verify_version(&vs, &why, a, host, &v[j]), 0);
			ck_assert_msg(vs == CT_VERIFY_OK, "%s@%zu: %s", ids[i], j + 1, why.ptr);
			ck_assert_int_eq(ct_archive_read(&b, a, &v[j], "source"), 0);
			seen_add(s, ids[i], b.ptr, v[j].observed_at);
		}
		ct_versions_free(v, nv);
	}
	qsort(s->v, s->n, sizeof(*s->v), cmp_str);
	ct_strings_free(ids, nids);
	ct_buf_dispose(&b);
	ct_buf_dispose(&why);
	ct_archive_free(a);
}

START_TEST(test_two_collectors_100_rounds)
{
	seen added = { NULL, 0 }, got[2];
	ct_sync_stats st;
	size_t i, merged = 0, remade = 0, dups = 0;
	char *out;
	int round, k, status;

	for (round = 0; round < ROUNDS; round++) {
		int64_t t = T0 + (int64_t)round * 600;
		char text[160];

		/* both collectors observe the shared story in the same minute:
		 * every third round they see the same bytes */
		for (k = 0; k < 2; k++) {
			snprintf(text, sizeof(text), "The agency sent %d agents.\n",
				round % 3 == 0 ? 1000 + round : 1000 + round * 2 + k);
			add(&added, k, "shared", text, t + 10 + k * 20);
			/* a story both start the same minute */
			snprintf(text, sizeof(text), "Round %d: %d people were counted.\n", round, k + 5);
			add(&added, k, round % 10 == 0 ? "fresh" : "story", text, t + 30 - k * 15);
			/* and one only this collector follows */
			snprintf(text, sizeof(text), "Collector %d round %d saw %d trucks.\n", k, round, round);
			add(&added, k, k ? "only-b" : "only-a", text, t + k);
		}
		/* collector 1 syncs first half the time */
		for (k = 0; k < 2; k++) {
			int who = (round + k) % 2;

			ck_assert_msg(sync(who, &st) == 0, "round %d, collector %d: %s", round, who,
				ct_error_last());
			merged += st.merged;
			remade += st.remade;
		}
	}
	/* one more round trip each and both hold the same */
	for (k = 0; k < 2; k++)
		ck_assert_msg(sync(k, &st) == 0, "%s", ct_error_last());
	ck_assert_msg(sync(0, &st) == 0 && st.merged == 0 && st.pushed == 0, "%zu merged, %zu pushed",
		st.merged, st.pushed);
	out = run_shell(&status, "for r in '%s' '%s' '%s'; do git -C \"$r\" for-each-ref "
		"--format='%%(refname) %%(objectname)' refs/heads; done | sort | uniq -c | awk '$1 != 3'",
		arch[0], arch[1], remote);
	ck_assert_msg(!*out, "branches differ:\n%s", out);
	free(out);
	out = run_shell(&status, "git -C '%s' fsck --strict 2>&1 && git -C '%s' fsck --strict 2>&1 && "
		"git -C '%s' rev-list --all --min-parents=2 | wc -l", arch[0], remote, arch[0]);
	ck_assert_msg(status == 0, "%s", out);
	ck_assert_str_eq(out + strlen(out) - 2, "0\n");
	free(out);

	/* nothing either collector stored is lost */
	qsort(added.v, added.n, sizeof(*added.v), cmp_str);
	for (k = 0; k < 2; k++) {
		load(&got[k], k);
		for (i = 0; i < added.n; i++) {
			char *p = strrchr(added.v[i], '\t'), *q;
			size_t g;
			int found = 0;

			/* the same bytes next to each other in time are one version: a
			 * version is there, or its bytes are, at a time no later */
			if (bsearch(&added.v[i], got[k].v, got[k].n, sizeof(char *), cmp_str))
				continue;
			*p = '\0';
			for (g = 0; g < got[k].n && !found; g++) {
				q = strrchr(got[k].v[g], '\t');
				found = !strncmp(got[k].v[g], added.v[i], (size_t)(q - got[k].v[g])) &&
					(size_t)(q - got[k].v[g]) == strlen(added.v[i]) &&
					atoll(q + 1) <= atoll(p + 1);
			}
			ck_assert_msg(found, "collector %d lost %s (at %s)", k, added.v[i], p + 1);
			*p = '\t';
			dups++;
		}
	}
	ck_assert_uint_eq(got[0].n, got[1].n);
	for (i = 0; i < got[0].n; i++)
		ck_assert_str_eq(got[0].v[i], got[1].v[i]);
	ck_assert_uint_gt(merged, 0);
	printf("sync: %d rounds, 2 collectors, %zu versions added, %zu stored, %zu same-bytes pairs "
		"kept as one, %zu histories put together (%zu versions re-made), 0 lost\n", ROUNDS,
		added.n, got[0].n, dups / 2, merged, remade);
	ct_strings_free(added.v, added.n);
	ct_strings_free(got[0].v, got[0].n);
	ct_strings_free(got[1].v, got[1].n);
}
END_TEST

static void state_put(int k, const char *json)
{
	ct_archive *a = NULL;
	char commit[41];
	ct_buf b = CT_BUF_INIT;
	int err;

	ck_assert_int_eq(ct_archive_open(&a, arch[k]), 0);
	err = ct_archive_state_read(&b, commit, a, "watch");
	ck_assert_msg(err == 0 || err == CT_ENOTFOUND, "%s", ct_error_last());
	ck_assert_msg(ct_archive_state_write(a, "watch", json, strlen(json), err ? NULL : commit,
		NULL) == 0, "%s", ct_error_last());
	ct_buf_dispose(&b);
	ct_archive_free(a);
}

static char *state_get(int k)
{
	ct_archive *a = NULL;
	ct_buf b = CT_BUF_INIT;
	char *s;

	ck_assert_int_eq(ct_archive_open(&a, arch[k]), 0);
	ck_assert_msg(ct_archive_state_read(&b, NULL, a, "watch") == 0, "%s", ct_error_last());
	s = strdup(b.ptr);
	ct_buf_dispose(&b);
	ct_archive_free(a);
	return s;
}

/* The watch state travels with sync: each source's state from the
 * collector that checked it last, the same on both sides after. */
START_TEST(test_sync_watch_state)
{
	ct_sync_stats st;
	char *s0, *s1;

	/* collector 0 alone: pushed, and collector 1 takes it as it is */
	state_put(0, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 100, \"etag\": \"x0\"}}}");
	ck_assert_msg(sync(0, &st) == 0, "%s", ct_error_last());
	ck_assert_msg(sync(1, &st) == 0, "%s", ct_error_last());
	s1 = state_get(1);
	ck_assert_msg(strstr(s1, "\"x0\""), "%s", s1);
	free(s1);
	/* both check meanwhile: a later on 1, b only on 0, c on both (later on 0) */
	state_put(0, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 100, \"etag\": \"x0\"}, "
		"\"b\": {\"last\": 150}, \"c\": {\"last\": 300, \"etag\": \"c0\"}}}");
	state_put(1, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 200, \"etag\": \"x1\"}, "
		"\"c\": {\"last\": 250, \"etag\": \"c1\"}}}");
	ck_assert_msg(sync(0, &st) == 0, "%s", ct_error_last());
	ck_assert_msg(sync(1, &st) == 0, "%s", ct_error_last());
	ck_assert_msg(sync(0, &st) == 0, "%s", ct_error_last());
	s0 = state_get(0);
	s1 = state_get(1);
	ck_assert_str_eq(s0, s1);
	ck_assert_str_eq(s0, "{\n \"format\": 1,\n \"sources\": {\n  \"a\": {\n   \"etag\": \"x1\",\n"
		"   \"last\": 200\n  },\n  \"b\": {\n   \"last\": 150\n  },\n  \"c\": {\n"
		"   \"etag\": \"c0\",\n   \"last\": 300\n  }\n }\n}");
	free(s0);
	free(s1);
	/* nothing new: nothing pushed */
	ck_assert_msg(sync(1, &st) == 0, "%s", ct_error_last());
	ck_assert_uint_eq(st.pushed, 0);
}
END_TEST

static void state_expect(const char *want)
{
	char *s0 = state_get(0), *s1 = state_get(1);

	ck_assert_str_eq(s0, want);
	ck_assert_str_eq(s1, want);
	free(s0);
	free(s1);
}

/* One watch round in collector k at time now over an empty watch list:
 * every source is unlisted, and one unlisted for longer than
 * --keep-items (30 days) is dropped from the state. */
static void watch_round(int k, int64_t now)
{
	ct_archive *a = NULL;
	ct_watch_list l;
	ct_watch_options o = CT_WATCH_OPTIONS_INIT;
	ct_watch_stats st;

	ck_assert_int_eq(ct_watch_list_parse(&l, "# nothing\n", 10, "w.list"), 0);
	o.now = now;
	ck_assert_int_eq(ct_archive_open(&a, arch[k]), 0);
	ck_assert_msg(ct_watch_run(&st, a, host, &l, &o) == 0, "%s", ct_error_last());
	ct_watch_list_dispose(&l);
	ct_archive_free(a);
}

static void sync_all(const int *order, size_t n)
{
	ct_sync_stats st;
	size_t i;

	for (i = 0; i < n; i++)
		ck_assert_msg(sync(order[i], &st) == 0, "sync %zu (collector %d): %s", i, order[i],
			ct_error_last());
}

/* A source one collector's watch round dropped stays dropped when the
 * other still holds it as it was: not brought back from that copy. */
START_TEST(test_sync_watch_dropped)
{
	static const int order[] = { 0, 1, 0 };
	ct_sync_stats st;

	state_put(0, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 100}, "
		"\"b\": {\"last\": 100, \"unlisted\": 1}}}");
	sync_all(order, 2);
	/* 0 drops b (unlisted since 1970) and marks a unlisted; 1 checks c */
	watch_round(0, T0);
	state_put(1, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 100}, "
		"\"b\": {\"last\": 100, \"unlisted\": 1}, \"c\": {\"last\": 300}}}");
	sync_all(order, 3);
	state_expect("{\n \"format\": 1,\n \"sources\": {\n  \"a\": {\n   \"last\": 100,\n"
		"   \"unlisted\": 1748779200\n  },\n  \"c\": {\n   \"last\": 300\n  }\n }\n}");
	ck_assert_msg(sync(1, &st) == 0, "%s", ct_error_last());
	ck_assert_uint_eq(st.pushed, 0);
}
END_TEST

/* Merged against what both last shared: changed on one side takes that
 * change, on both the later check; dropped on one side stays dropped,
 * even if the other checked it since; added on either is kept. The merge
 * is the base of the next one, also for a collector that has not taken it
 * yet. */
START_TEST(test_sync_watch_three_way)
{
	static const int first[] = { 0, 1 }, then[] = { 1, 0, 1, 0 };
	ct_sync_stats st;
	char *s1, *out;
	int status;

	state_put(0, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 100}, \"b\": {\"last\": 100}, "
		"\"c\": {\"last\": 100}, \"d\": {\"last\": 100}}}");
	sync_all(first, 2);
	state_put(0, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 200, \"etag\": \"a0\"}, "
		"\"c\": {\"last\": 300, \"etag\": \"c0\"}, \"d\": {\"last\": 100}, \"e\": {\"last\": 150}}}");
	state_put(1, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 100}, \"b\": {\"last\": 250}, "
		"\"c\": {\"last\": 350, \"etag\": \"c1\"}, \"f\": {\"last\": 160}}}");
	sync_all(first, 2);
	s1 = state_get(1);
	ck_assert_str_eq(s1, "{\n \"format\": 1,\n \"sources\": {\n  \"a\": {\n   \"etag\": \"a0\",\n"
		"   \"last\": 200\n  },\n  \"c\": {\n   \"etag\": \"c1\",\n   \"last\": 350\n  },\n"
		"  \"e\": {\n   \"last\": 150\n  },\n  \"f\": {\n   \"last\": 160\n  }\n }\n}");
	free(s1);
	/* the merge has both states as parents */
	out = run_shell(&status, "git -C '%s' rev-list --parents -1 _watch | wc -w", arch[1]);
	ck_assert_str_eq(out, "3\n");
	free(out);
	/* 1 drops e, which 0 added; 0, still on its own state, adds g */
	state_put(1, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 200, \"etag\": \"a0\"}, "
		"\"c\": {\"last\": 350, \"etag\": \"c1\"}, \"f\": {\"last\": 160}}}");
	state_put(0, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 200, \"etag\": \"a0\"}, "
		"\"c\": {\"last\": 300, \"etag\": \"c0\"}, \"d\": {\"last\": 100}, \"e\": {\"last\": 150}, "
		"\"g\": {\"last\": 500}}}");
	sync_all(then, 3);
	state_expect("{\n \"format\": 1,\n \"sources\": {\n  \"a\": {\n   \"etag\": \"a0\",\n"
		"   \"last\": 200\n  },\n  \"c\": {\n   \"etag\": \"c1\",\n   \"last\": 350\n  },\n"
		"  \"f\": {\n   \"last\": 160\n  },\n  \"g\": {\n   \"last\": 500\n  }\n }\n}");
	ck_assert_msg(sync(then[3], &st) == 0, "%s", ct_error_last());
	ck_assert_uint_eq(st.pushed, 0);
	out = run_shell(&status, "git -C '%s' fsck --strict 2>&1 && git -C '%s' fsck --strict 2>&1",
		arch[0], remote);
	ck_assert_msg(status == 0, "%s", out);
	free(out);
}
END_TEST

/* Two states begun apart have no common base: every source either holds
 * (as the side that checked it last); from then on the merge is the base,
 * and a source dropped after it stays dropped. */
START_TEST(test_sync_watch_no_base)
{
	static const int order[] = { 0, 1, 0 };

	state_put(0, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 100, \"etag\": \"x0\"}, "
		"\"b\": {\"last\": 100}}}");
	state_put(1, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 200, \"etag\": \"x1\"}, "
		"\"c\": {\"last\": 50}}}");
	sync_all(order, 3);
	state_expect("{\n \"format\": 1,\n \"sources\": {\n  \"a\": {\n   \"etag\": \"x1\",\n"
		"   \"last\": 200\n  },\n  \"b\": {\n   \"last\": 100\n  },\n  \"c\": {\n"
		"   \"last\": 50\n  }\n }\n}");
	state_put(0, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 200, \"etag\": \"x1\"}, "
		"\"c\": {\"last\": 50}}}");
	state_put(1, "{\"format\": 1, \"sources\": {\"a\": {\"last\": 200, \"etag\": \"x1\"}, "
		"\"b\": {\"last\": 100}, \"c\": {\"last\": 60}}}");
	sync_all(order, 3);
	state_expect("{\n \"format\": 1,\n \"sources\": {\n  \"a\": {\n   \"etag\": \"x1\",\n"
		"   \"last\": 200\n  },\n  \"c\": {\n   \"last\": 60\n  }\n }\n}");
}
END_TEST

START_TEST(test_sync_cli)
{
	run_result r;
	const char *bad[] = { "sync", "-A", NULL, "/nonexistent/remote.git", NULL };
	const char *ok[] = { "sync", "-A", NULL, NULL, NULL };

	bad[2] = arch[0];
	run_claimtrack(&r, bad, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "sync: cannot fetch from /nonexistent/remote.git"), "%s", r.err);
	run_result_free(&r);
	ok[2] = arch[0];
	ok[3] = remote;
	run_claimtrack(&r, ok, NULL, 0, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_msg(strstr(r.out, "synced with "), "%s", r.out);
	run_result_free(&r);
}
END_TEST

/*
 * A clone this process cannot write (a read-only mount, another user's
 * files): read as it is, a plain clone's remote branches standing for the
 * documents; a write fails naming the file. As root the clone is handed
 * to nobody, whom root's files would not let in (libgit2, like git,
 * opens no repository another user owns).
 */
START_TEST(test_read_only_clone)
{
	char clone[4400], bare[4400], as[96] = "", v1[4400], v2[4400], *out;
	const char *bin = getenv("CT_BIN"), *c;
	int st, k;

	snprintf(v1, sizeof(v1), "%s/v1.txt", dir);
	snprintf(v2, sizeof(v2), "%s/v2.txt", dir);
	spew(v1, "Officials sent 3,000 ICE agents.\n", 33);
	spew(v2, "Officials sent 3,500 ICE agents.\n", 33);
	snprintf(clone, sizeof(clone), "%s/clone", dir);
	snprintf(bare, sizeof(bare), "%s/bare.git", dir);
	out = run_shell(&st, "'%s' add -q -A '%s' --id doc '%s' && '%s' add -q -A '%s' --id doc '%s' && "
		"git clone -q '%s' '%s' && git clone -q --bare '%s' '%s' 2>&1", bin, arch[0], v1, bin,
		arch[0], v2, arch[0], clone, arch[0], bare);
	ck_assert_msg(st == 0, "%s", out);
	free(out);
	out = run_shell(&st, "id -u");
	k = !strcmp(out, "0\n");
	free(out);
	if (k) {
		snprintf(as, sizeof(as), "setpriv --reuid=65534 --regid=65534 --clear-groups");
		out = run_shell(&st, "chmod 755 '%s' && chown -R 65534:65534 '%s' '%s'", dir, clone, bare);
		ck_assert_int_eq(st, 0);
		free(out);
	}
	out = run_shell(&st, "chmod -R a-w '%s' '%s'", clone, bare);
	free(out);
	for (k = 0; k < 2; k++) {
		c = k ? bare : clone;
		out = run_shell(&st, "%s env HOME='%s' '%s' list -A '%s' 2>&1", as, dir, bin, c);
		ck_assert_msg(st == 0 && !strncmp(out, "doc ", 4) && strstr(out, " 2 versions"),
			"list %s (%d): %s", c, st, out);
		free(out);
		out = run_shell(&st, "%s env HOME='%s' '%s' diff -A '%s' doc 2>&1", as, dir, bin, c);
		ck_assert_msg(st == 1 && strstr(out, "ICE agents: 3,000 -> 3,500"), "diff %s (%d): %s", c,
			st, out);
		free(out);
		out = run_shell(&st, "%s env HOME='%s' '%s' add -A '%s' --id doc '%s' 2>&1", as, dir, bin,
			c, v1);
		ck_assert_msg(st == 2 && strstr(out, "Permission denied"), "add %s (%d): %s", c, st, out);
		free(out);
	}
	out = run_shell(&st, "chmod -R u+w '%s' '%s'", clone, bare);
	free(out);
}
END_TEST

Suite *make_archive_sync_suite(void)
{
	Suite *s = suite_create("archive_sync");
	TCase *tc = tcase_create("sync");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, test_two_collectors_100_rounds);
	tcase_add_test(tc, test_sync_watch_state);
	tcase_add_test(tc, test_sync_watch_dropped);
	tcase_add_test(tc, test_sync_watch_three_way);
	tcase_add_test(tc, test_sync_watch_no_base);
	tcase_add_test(tc, test_sync_cli);
	tcase_add_test(tc, test_read_only_clone);
	suite_add_tcase(s, tc);
	return s;
}
