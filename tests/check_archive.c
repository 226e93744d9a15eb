/* SPDX-License-Identifier: MIT */
/* The archive through the library: init/open, add, log, resolve, read,
 * unchanged versions, ids, and compare-and-swap under concurrent writers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <pthread.h>
#include <unistd.h>
#include <git2.h>

#include "testutil.h"

#define T1 INT64_C(1748779200)   /* 2025-06-01T12:00:00Z */
#define T2 INT64_C(1748802600)   /* 2025-06-01T18:30:00Z */

static char *dir;
static ct_host *host;

static void setup(void)
{
	dir = tmpdir_new();
	host = test_host();
}

static void teardown(void)
{
	ct_host_free(host);
	host = NULL;
	tmpdir_cleanup(dir);
	dir = NULL;
}

static const char *in_dir(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static ct_archive *new_archive(void)
{
	ct_archive *a = NULL;

	ck_assert_msg(ct_archive_init(&a, in_dir("arch")) == 0, "%s", ct_error_last());
	return a;
}

/* Add a fixture (or literal data when rel is NULL) and return the result. */
static void add(ct_add_result *r, ct_archive *a, const char *id, const char *rel,
	const char *data, int64_t at)
{
	ct_add_options o = CT_ADD_OPTIONS_INIT;
	size_t len;
	char *buf = rel ? slurp(src_path(rel), &len) : strdup(data);

	if (!rel)
		len = strlen(data);
	o.observed_at = at;
	o.name = rel ? rel : "data.txt";
	o.type = "text";
	ck_assert_msg(ct_archive_add(r, a, host, id, buf, len, &o) == 0, "add %s: %s",
		id, ct_error_last());
	free(buf);
}

START_TEST(test_init_open_refusals)
{
	ct_archive *a = new_archive(), *b = NULL;
	git_repository *repo = NULL;

	ct_archive_free(a);
	ck_assert_int_eq(ct_archive_open(&a, in_dir("arch")), 0);
	ck_assert_str_eq(ct_archive_path(a), in_dir("arch"));
	ct_archive_free(a);

	ck_assert_int_eq(ct_archive_init(&b, in_dir("arch")), CT_EEXISTS);
	ck_assert_ptr_null(b);
	ck_assert_ptr_nonnull(strstr(ct_error_last(), "already"));

	ck_assert_int_eq(ct_archive_open(&b, in_dir("missing")), CT_EARCHIVE);
	ck_assert_ptr_nonnull(strstr(ct_error_last(), "no archive"));

	spew(in_dir("file"), "x", 1);
	ck_assert_int_eq(ct_archive_open(&b, in_dir("file")), CT_EARCHIVE);
	ck_assert_int_eq(ct_archive_init(&b, in_dir("file")), CT_EEXISTS);

	mkdir(in_dir("plain"), 0755);
	ck_assert_int_eq(ct_archive_open(&b, in_dir("plain")), CT_EARCHIVE);
	ck_assert_ptr_nonnull(strstr(ct_error_last(), "not a git repository"));

	/* any other git repository is refused, bare or not */
	git_libgit2_init();
	ck_assert_int_eq(git_repository_init(&repo, in_dir("other.git"), 1), 0);
	git_repository_free(repo);
	ck_assert_int_eq(git_repository_init(&repo, in_dir("work"), 0), 0);
	git_repository_free(repo);
	git_libgit2_shutdown();
	ck_assert_int_eq(ct_archive_open(&b, in_dir("other.git")), CT_EARCHIVE);
	ck_assert_ptr_nonnull(strstr(ct_error_last(), "not a claimtrack archive"));
	ck_assert_int_eq(ct_archive_open(&b, in_dir("work")), CT_EARCHIVE);
	ck_assert_int_eq(ct_archive_init(&b, in_dir("work")), CT_EEXISTS);
	ck_assert_ptr_null(b);
}
END_TEST

START_TEST(test_id_check)
{
	static const char *const good[] = { "nbc-at-large", "a", "A.b_c-9", "2025.06.01", NULL };
	static const struct { const char *id, *why; } bad[] = {
		{ "", "empty" },
		{ "..", ".." },
		{ "a..b", ".." },
		{ "a/b", "'/'" },
		{ "../etc", ".." },
		{ "a b", "spaces" },
		{ "a\tb", "control character 0x09" },
		{ "a\x01" "b", "control character 0x01" },
		{ "a\x7f", "control character 0x7f" },
		{ "caf\xc3\xa9", "non-ASCII" },
		{ "-x", "start with" },
		{ ".hidden", "start with" },
		{ "x.lock", ".lock" },
		{ "x.", "end in" },
		{ "a:b", "':'" },
		{ "a@1", "'@'" },
		{ "HEAD", "reserved" },
		{ NULL, NULL }
	};
	char longid[300];
	size_t i;

	for (i = 0; good[i]; i++)
		ck_assert_msg(ct_archive_id_check(good[i]) == 0, "%s: %s", good[i], ct_error_last());
	for (i = 0; bad[i].id; i++) {
		ck_assert_msg(ct_archive_id_check(bad[i].id) == CT_EINVAL, "accepted [%s]", bad[i].id);
		ck_assert_msg(strstr(ct_error_last(), bad[i].why) != NULL, "[%s]: %s",
			bad[i].id, ct_error_last());
		/* the message never carries raw control bytes */
		ck_assert_ptr_null(strpbrk(ct_error_last(), "\t\x01\x7f"));
	}
	memset(longid, 'a', sizeof(longid));
	longid[200] = '\0';
	ck_assert_int_eq(ct_archive_id_check(longid), 0);
	longid[200] = 'a';
	longid[201] = '\0';
	ck_assert_int_eq(ct_archive_id_check(longid), CT_EINVAL);
	ck_assert_ptr_nonnull(strstr(ct_error_last(), "201 bytes"));
}
END_TEST

START_TEST(test_add_log_read)
{
	ct_archive *a = new_archive();
	ct_add_result r1, r2;
	ct_archive_version *v = NULL;
	ct_buf b = CT_BUF_INIT;
	size_t n = 0, len, i, lines = 0;
	char *src;

	add(&r1, a, "doc", "fixtures/archive/v1.txt", NULL, T1);
	ck_assert_int_eq(r1.created, 1);
	ck_assert_uint_eq(r1.version.number, 1);
	ck_assert_uint_eq(r1.nclaims, 4);
	ck_assert_int_eq(r1.version.observed_at, T1);
	ck_assert_str_eq(r1.version.source_name, "source.txt");
	ck_assert_str_eq(r1.version.subject, "doc: version 1 (4 figures)");

	add(&r2, a, "doc", "fixtures/archive/v2.txt", NULL, T2);
	ck_assert_int_eq(r2.created, 1);
	ck_assert_uint_eq(r2.version.number, 2);
	ck_assert_uint_eq(r2.changed, 1);
	ck_assert_uint_eq(r2.added, 1);
	ck_assert_uint_eq(r2.removed, 1);
	ck_assert_str_eq(r2.version.subject, "doc: version 2 (1 changed, 1 added, 1 removed)");
	ck_assert_str_ne(r1.version.commit, r2.version.commit);
	ck_assert_str_eq(r2.version.plugin, "text 1.0.0");
	ck_assert_str_eq(r2.version.extractor, CT_EXTRACTOR_VERSION);
	ck_assert_str_eq(r2.version.media_type, "text/plain");
	ck_assert_ptr_null(r2.version.source_url);

	ck_assert_int_eq(ct_archive_log(&v, &n, a, "doc"), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(v[0].number, 1);
	ck_assert_uint_eq(v[1].number, 2);
	ck_assert_str_eq(v[0].commit, r1.version.commit);
	ck_assert_str_eq(v[1].commit, r2.version.commit);
	ck_assert_int_eq(v[0].observed_at, T1);
	ck_assert_int_eq(v[1].observed_at, T2);

	/* the source is stored byte for byte */
	src = slurp(src_path("fixtures/archive/v1.txt"), &len);
	ck_assert_int_eq(ct_archive_read(&b, a, &v[0], "source"), 0);
	ck_assert_uint_eq(b.len, len);
	ck_assert(memcmp(b.ptr, src, len) == 0);
	free(src);

	/* text: one sentence per line, blocks apart by a blank line */
	ck_assert_int_eq(ct_archive_read(&b, a, &v[0], "text"), 0);
	ck_assert_text_eq(b.ptr,
		"Agencies lend staff to the immigration push\n"
		"\n"
		"The plan calls on 3,000 ICE agents and 250 IRS agents.\n"
		"About 500 employees from Customs and Border Protection will help.\n"
		"Officials expect the work to last 90 days.\n");

	/* claims: one line per claim, sorted */
	ck_assert_int_eq(ct_archive_read(&b, a, &v[1], "claims"), 0);
	for (i = 0; i < b.len; i++)
		lines += b.ptr[i] == '\n';
	ck_assert_uint_eq(lines, 4);
	ck_assert_ptr_nonnull(strstr(b.ptr, "\t3500\tcount\t3,500 ICE agents\n"));
	ck_assert_int_eq(ct_archive_read(&b, a, &v[1], "nonsense"), CT_EINVAL);

	ct_buf_dispose(&b);
	ct_versions_free(v, n);
	ct_add_result_dispose(&r1);
	ct_add_result_dispose(&r2);
	ct_archive_free(a);
}
END_TEST

START_TEST(test_unchanged_makes_no_commit)
{
	ct_archive *a = new_archive();
	ct_add_result r;
	ct_archive_version *v = NULL;
	size_t n = 0;
	char first[41];

	add(&r, a, "doc", "fixtures/archive/v1.txt", NULL, T1);
	strcpy(first, r.version.commit);
	ct_add_result_dispose(&r);
	add(&r, a, "doc", "fixtures/archive/v1.txt", NULL, T2);
	ck_assert_int_eq(r.created, 0);
	ck_assert_uint_eq(r.version.number, 1);
	ck_assert_str_eq(r.version.commit, first);
	ck_assert_int_eq(r.version.observed_at, T1);
	ct_add_result_dispose(&r);

	/* a change and a change back are two versions: only the latest counts */
	add(&r, a, "doc", "fixtures/archive/v2.txt", NULL, T2);
	ct_add_result_dispose(&r);
	add(&r, a, "doc", "fixtures/archive/v1.txt", NULL, T2 + 60);
	ck_assert_int_eq(r.created, 1);
	ck_assert_uint_eq(r.version.number, 3);
	ck_assert_uint_eq(r.changed, 1);
	ck_assert_uint_eq(r.added, 1);
	ck_assert_uint_eq(r.removed, 1);
	ct_add_result_dispose(&r);

	ck_assert_int_eq(ct_archive_log(&v, &n, a, "doc"), 0);
	ck_assert_uint_eq(n, 3);
	ct_versions_free(v, n);
	ct_archive_free(a);
}
END_TEST

START_TEST(test_resolve)
{
	ct_archive *a = new_archive();
	ct_add_result r1, r2, r3;
	ct_archive_version v;
	char prefix[9];

	add(&r1, a, "doc", "fixtures/archive/v1.txt", NULL, T1);
	add(&r2, a, "doc", "fixtures/archive/v2.txt", NULL, T2);
	add(&r3, a, "other", "fixtures/archive/v2.txt", NULL, T2);

	ck_assert_int_eq(ct_archive_resolve(&v, a, "doc"), 0);
	ck_assert_uint_eq(v.number, 2);
	ck_assert_str_eq(v.commit, r2.version.commit);
	ct_version_dispose(&v);
	ck_assert_int_eq(ct_archive_resolve(&v, a, "doc@1"), 0);
	ck_assert_str_eq(v.commit, r1.version.commit);
	ck_assert_uint_eq(v.number, 1);
	ct_version_dispose(&v);
	ck_assert_int_eq(ct_archive_resolve(&v, a, "doc@-1"), 0);
	ck_assert_str_eq(v.commit, r2.version.commit);
	ct_version_dispose(&v);
	ck_assert_int_eq(ct_archive_resolve(&v, a, "doc@-2"), 0);
	ck_assert_str_eq(v.commit, r1.version.commit);
	ck_assert_uint_eq(v.number, 1);
	ct_version_dispose(&v);
	memcpy(prefix, r1.version.commit, 8);
	prefix[8] = '\0';
	/* all digits: still found, as a commit once no version has that number */
	{
		char spec[64];

		snprintf(spec, sizeof(spec), "doc@%s", prefix);
		ck_assert_int_eq(ct_archive_resolve(&v, a, spec), 0);
		ck_assert_str_eq(v.commit, r1.version.commit);
		ck_assert_uint_eq(v.number, 1);
		ct_version_dispose(&v);
		/* another document's commit is not a version of this one */
		snprintf(spec, sizeof(spec), "other@%.8s", r1.version.commit);
		ck_assert_int_eq(ct_archive_resolve(&v, a, spec), CT_ENOTFOUND);
	}
	ck_assert_int_eq(ct_archive_resolve(&v, a, "doc@0"), CT_EINVAL);
	ck_assert_int_eq(ct_archive_resolve(&v, a, "doc@3"), CT_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(ct_error_last(), "has 2 versions"));
	ck_assert_int_eq(ct_archive_resolve(&v, a, "doc@-3"), CT_ENOTFOUND);
	ck_assert_int_eq(ct_archive_resolve(&v, a, "doc@"), CT_EINVAL);
	ck_assert_int_eq(ct_archive_resolve(&v, a, "doc@xyz"), CT_EINVAL);
	ck_assert_int_eq(ct_archive_resolve(&v, a, "nodoc"), CT_ENOTFOUND);
	ck_assert_int_eq(ct_archive_resolve(&v, a, "no/doc@1"), CT_EINVAL);
	ct_add_result_dispose(&r1);
	ct_add_result_dispose(&r2);
	ct_add_result_dispose(&r3);
	ct_archive_free(a);
}
END_TEST

/* Claims re-derived from the stored source equal those of the file. */
START_TEST(test_claims_rederived)
{
	ct_archive *a = new_archive();
	ct_claimset got = CT_CLAIMSET_INIT, want = CT_CLAIMSET_INIT;
	ct_add_result r;
	ct_doc *doc;
	size_t i;

	add(&r, a, "doc", "fixtures/archive/v1.txt", NULL, T1);
	ct_archive_free(a);
	/* a fresh handle: nothing cached */
	ck_assert_int_eq(ct_archive_open(&a, in_dir("arch")), 0);
	ck_assert_int_eq(ct_archive_claims(&got, a, host, &r.version), 0);
	doc = parse_fixture(host, "fixtures/archive/v1.txt", "text");
	ck_assert_int_eq(ct_claims_extract(&want, doc), 0);
	ck_assert_uint_eq(got.count, want.count);
	for (i = 0; i < got.count; i++) {
		ck_assert_str_eq(got.items[i].key, want.items[i].key);
		ck_assert_str_eq(got.items[i].text, want.items[i].text);
		ck_assert_str_eq(got.items[i].sentence, want.items[i].sentence);
		ck_assert(got.items[i].value == want.items[i].value);
	}
	ct_doc_free(doc);
	ct_claimset_clear(&got);
	ct_claimset_clear(&want);
	ct_add_result_dispose(&r);
	ct_archive_free(a);
}
END_TEST

START_TEST(test_provenance_trailers)
{
	ct_archive *a = new_archive();
	ct_add_options o = CT_ADD_OPTIONS_INIT;
	ct_add_result r;
	git_repository *repo = NULL;
	git_commit *c = NULL;
	git_oid oid;
	const char *msg;
	size_t len;
	char *data = slurp(src_path("fixtures/archive/v1.txt"), &len);

	o.observed_at = T1;
	o.type = "text";
	o.name = "/some/where/v1.txt";
	o.source_url = "https://example.com/news/1\nInjected: yes";
	o.etag = "\"abc123\"";
	o.last_modified = "Sun, 01 Jun 2025 11:00:00 GMT";
	ck_assert_int_eq(ct_archive_add(&r, a, host, "doc", data, len, &o), 0);
	ck_assert_str_eq(r.version.source_url, "https://example.com/news/1 Injected: yes");

	git_libgit2_init();
	ck_assert_int_eq(git_repository_open_bare(&repo, in_dir("arch")), 0);
	ck_assert_int_eq(git_oid_fromstr(&oid, r.version.commit), 0);
	ck_assert_int_eq(git_commit_lookup(&c, repo, &oid), 0);
	msg = git_commit_message(c);
	ck_assert_ptr_nonnull(strstr(msg, "\nClaimtrack-Source: https://example.com/news/1 Injected: yes\n"));
	ck_assert_ptr_null(strstr(msg, "\nInjected:"));
	ck_assert_ptr_nonnull(strstr(msg, "\nClaimtrack-Media-Type: text/plain\n"));
	ck_assert_ptr_nonnull(strstr(msg, "\nClaimtrack-Plugin: text 1.0.0\n"));
	ck_assert_ptr_nonnull(strstr(msg, "\nClaimtrack-Extractor: " CT_EXTRACTOR_VERSION "\n"));
	ck_assert_ptr_nonnull(strstr(msg, "\nClaimtrack-Observed: 2025-06-01T12:00:00Z\n"));
	ck_assert_ptr_nonnull(strstr(msg, "\nClaimtrack-ETag: \"abc123\"\n"));
	ck_assert_ptr_nonnull(strstr(msg, "\nClaimtrack-Last-Modified: Sun, 01 Jun 2025 11:00:00 GMT\n"));
	/* no machine path in the archive */
	ck_assert_ptr_null(strstr(msg, "/some/where"));
	ck_assert_str_eq(git_commit_author(c)->name, "claimtrack");
	ck_assert_str_eq(git_commit_committer(c)->name, "claimtrack");
	ck_assert_int_eq(git_commit_time(c), T1);
	ck_assert_int_eq(git_commit_author(c)->when.time, T1);
	git_commit_free(c);
	git_repository_free(repo);
	git_libgit2_shutdown();
	free(data);
	ct_add_result_dispose(&r);
	ct_archive_free(a);
}
END_TEST

/* Bad input fails before anything is written. */
START_TEST(test_bad_input_writes_nothing)
{
	ct_archive *a = new_archive();
	ct_add_options o = CT_ADD_OPTIONS_INIT;
	ct_add_result r;
	char **ids = NULL;
	size_t n = 0;
	static const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";

	ck_assert_int_eq(ct_archive_add(&r, a, host, "a/b", "x 1", 3, NULL), CT_EINVAL);
	ck_assert_int_eq(ct_archive_add(&r, a, host, "..", "x 1", 3, NULL), CT_EINVAL);
	ck_assert_int_eq(ct_archive_add(&r, a, host, "doc", "", 0, NULL), CT_EINVAL);
	ck_assert_int_eq(ct_archive_add(&r, a, host, "doc", bin, sizeof(bin), NULL), CT_EINVAL);
	ck_assert_int_eq(ct_archive_add(&r, a, host, "doc", "  \n\n ", 5, NULL), CT_EINVAL);
	o.type = "nosuchplugin";
	ck_assert_int_eq(ct_archive_add(&r, a, host, "doc", "3 agents", 8, &o), CT_EUNSUPPORTED);
	o.type = NULL;
	o.observed_at = -5;
	ck_assert_int_eq(ct_archive_add(&r, a, host, "doc", "3 agents", 8, &o), CT_EINVAL);
	ck_assert_int_eq(ct_archive_list(&ids, &n, a), 0);
	ck_assert_uint_eq(n, 0);
	ct_strings_free(ids, n);
	ct_archive_free(a);
}
END_TEST

START_TEST(test_list_sorted)
{
	ct_archive *a = new_archive();
	ct_add_result r;
	ct_archive_version v;
	char **ids = NULL;
	size_t n = 0;

	add(&r, a, "zeta", NULL, "It has 3 agents.", T1);
	ct_add_result_dispose(&r);
	add(&r, a, "alpha", NULL, "It has 4 agents.", T1);
	ct_add_result_dispose(&r);
	add(&r, a, "alpha", NULL, "It has 5 agents.", T2);
	ct_add_result_dispose(&r);
	ck_assert_int_eq(ct_archive_list(&ids, &n, a), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(ids[0], "alpha");
	ck_assert_str_eq(ids[1], "zeta");
	ct_strings_free(ids, n);
	ck_assert_int_eq(ct_archive_latest(&v, a, "alpha"), 0);
	ck_assert_uint_eq(v.number, 2);
	ck_assert_int_eq(v.observed_at, T2);
	ct_version_dispose(&v);
	{
		ct_archive_version *none = NULL;

		ck_assert_int_eq(ct_archive_log(&none, &n, a, "beta"), CT_ENOTFOUND);
		ck_assert_ptr_null(none);
	}
	ct_archive_free(a);
}
END_TEST

/*
 * Writers in separate processes, several on the same document: the ref
 * moves by compare-and-swap, so every add that returned success is in the
 * one linear history and nothing is lost.
 */
#define WRITERS 4
#define ADDS 8

START_TEST(test_cas_concurrent_writers)
{
	ct_archive *a = new_archive();
	ct_archive_version *v = NULL;
	ct_buf b = CT_BUF_INIT;
	pid_t pids[WRITERS];
	int seen[WRITERS][ADDS];
	size_t n = 0, i;
	int w, k, status;

	ct_archive_free(a);
	for (w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		ck_assert(pids[w] >= 0);
		if (pids[w] == 0) {
			ct_host *h = test_host();
			ct_archive *mine = NULL;
			int fails = 0;

			if (ct_archive_open(&mine, in_dir("arch")) < 0)
				_exit(3);
			for (k = 0; k < ADDS; k++) {
				ct_add_options o = CT_ADD_OPTIONS_INIT;
				ct_add_result r;
				char text[128];

				snprintf(text, sizeof(text), "Writer %d sent %d agents.\n", w, 100 + k);
				o.observed_at = T1 + w * 100 + k;
				o.type = "text";
				if (ct_archive_add(&r, mine, h, "shared", text, strlen(text), &o) < 0 ||
				    !r.created) {
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
		ck_assert(waitpid(pids[w], &status, 0) == pids[w]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d failed", w);
	}
	ck_assert_int_eq(ct_archive_open(&a, in_dir("arch")), 0);
	ck_assert_int_eq(ct_archive_log(&v, &n, a, "shared"), 0);
	ck_assert_uint_eq(n, WRITERS * ADDS);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < n; i++) {
		int ww, kk;

		ck_assert_uint_eq(v[i].number, i + 1);
		ck_assert_int_eq(ct_archive_read(&b, a, &v[i], "source"), 0);
		ck_assert_int_eq(sscanf(b.ptr, "Writer %d sent %d agents.", &ww, &kk), 2);
		ck_assert(ww >= 0 && ww < WRITERS && kk >= 100 && kk < 100 + ADDS);
		ck_assert_msg(!seen[ww][kk - 100], "version stored twice");
		seen[ww][kk - 100] = 1;
		/* the subject's number matches the position in the chain */
		{
			char want[64];

			snprintf(want, sizeof(want), "shared: version %zu (", i + 1);
			ck_assert_msg(!strncmp(v[i].subject, want, strlen(want)), "%s", v[i].subject);
		}
	}
	ct_buf_dispose(&b);
	ct_versions_free(v, n);
	ct_archive_free(a);
}
END_TEST

/* ---- batches: our own pack, prepared in threads, read back before the flush ---- */

#define BDOCS 5
#define BVERS 6

static void batch_text(char *out, size_t size, int d, int v)
{
	snprintf(out, size, "Update %d of story %d.\n\nOfficials said %d agents were sent "
		"and %d arrests were made.\n\nThe operation continues.\n", v, d, 100 * d + v,
		10 + (v % 3));
}

typedef struct prep_job {
	ct_archive *a;
	ct_prepared *p[BDOCS * BVERS];
	int first, step;
} prep_job;

/* Versions are interleaved across documents, entry k = version k / BDOCS
 * of document k % BDOCS, as a manifest could list them. */
static void *prep_thread(void *arg)
{
	prep_job *j = arg;
	int k;

	for (k = j->first; k < BDOCS * BVERS; k += j->step) {
		ct_add_options o = CT_ADD_OPTIONS_INIT;
		char id[16], text[512];

		snprintf(id, sizeof(id), "doc%d", k % BDOCS);
		batch_text(text, sizeof(text), k % BDOCS, k / BDOCS);
		o.observed_at = T1 + k * 60;
		o.type = "text";
		o.name = "v.txt";
		if (ct_archive_prepare(&j->p[k], j->a, host, id, text, strlen(text), &o) < 0)
			j->p[k] = NULL;
		/* first versions compressed whole here, as import does: the
		 * commits must come out the same either way */
		else if (k < BDOCS && ct_prepared_deflate(j->p[k]) < 0)
			j->p[k] = NULL;
	}
	return NULL;
}

START_TEST(test_batch_pack_matches_loose_adds)
{
	ct_archive *a = new_archive(), *b = NULL;
	pthread_t t[2];
	prep_job job[2];
	ct_archive_version *log = NULL, latest;
	ct_buf src = CT_BUF_INIT;
	char text[512], cmd[8704], arch[4096], line[256];
	size_t n = 0;
	FILE *p;
	int k, d;

	/* the same versions added one by one, loose, in a second archive */
	ck_assert_msg(ct_archive_init(&b, in_dir("loose")) == 0, "%s", ct_error_last());
	for (k = 0; k < BDOCS * BVERS; k++) {
		ct_add_result r;
		char id[16];

		snprintf(id, sizeof(id), "doc%d", k % BDOCS);
		batch_text(text, sizeof(text), k % BDOCS, k / BDOCS);
		{
			ct_add_options o = CT_ADD_OPTIONS_INIT;

			o.observed_at = T1 + k * 60;
			o.type = "text";
			o.name = "v.txt";
			ck_assert_msg(ct_archive_add(&r, b, host, id, text, strlen(text), &o) == 0,
				"%s", ct_error_last());
		}
		ct_add_result_dispose(&r);
	}

	/* prepared in two threads, committed in order inside one batch */
	ck_assert_int_eq(ct_archive_batch_begin(a), 0);
	for (k = 0; k < 2; k++) {
		memset(&job[k], 0, sizeof(job[k]));
		job[k].a = a;
		job[k].first = k;
		job[k].step = 2;
		ck_assert_int_eq(pthread_create(&t[k], NULL, prep_thread, &job[k]), 0);
	}
	for (k = 0; k < 2; k++)
		pthread_join(t[k], NULL);
	for (k = 0; k < BDOCS * BVERS; k++) {
		ct_prepared *pp = job[k % 2].p[k];
		ct_add_result r;

		ck_assert_ptr_nonnull(pp);
		ck_assert_msg(ct_archive_commit(&r, a, host, pp) == 0, "%s", ct_error_last());
		ck_assert_int_eq(r.created, 1);
		ck_assert_uint_eq(r.version.number, (unsigned)(k / BDOCS + 1));
		ct_add_result_dispose(&r);
		ct_prepared_free(pp);
	}
	ck_assert_uint_eq(ct_archive_batch_pending(a), BDOCS * BVERS);

	/* before the flush, what the batch wrote reads back from memory */
	ck_assert_int_eq(ct_archive_log(&log, &n, a, "doc3"), 0);
	ck_assert_uint_eq(n, BVERS);
	ck_assert_int_eq(ct_archive_read(&src, a, &log[2], "source"), 0);
	batch_text(text, sizeof(text), 3, 2);
	ck_assert_str_eq(src.ptr, text);
	ct_versions_free(log, n);
	ct_buf_dispose(&src);
	/* and nothing is on disk or visible to another reader yet */
	{
		ct_archive *other = NULL;
		ct_archive_version v;

		ck_assert_int_eq(ct_archive_open(&other, in_dir("arch")), 0);
		ck_assert_int_eq(ct_archive_latest(&v, other, "doc3"), CT_ENOTFOUND);
		ct_archive_free(other);
	}
	ck_assert_int_eq(ct_archive_batch_end(a), 0);

	/* byte for byte the commits a loose add makes: same ids */
	for (d = 0; d < BDOCS; d++) {
		ct_archive_version lv;
		char id[16];

		snprintf(id, sizeof(id), "doc%d", d);
		ck_assert_int_eq(ct_archive_latest(&latest, a, id), 0);
		ck_assert_int_eq(ct_archive_latest(&lv, b, id), 0);
		ck_assert_str_eq(latest.commit, lv.commit);
		ck_assert_uint_eq(latest.number, BVERS);
		ct_version_dispose(&latest);
		ct_version_dispose(&lv);
	}
	ct_archive_free(a);
	ct_archive_free(b);

	/* one pack with its index, and plain git accepts it */
	snprintf(arch, sizeof(arch), "%s", in_dir("arch"));
	snprintf(cmd, sizeof(cmd), "ls '%s/objects/pack' | grep -c '^pack-.*\\.idx$'; "
		"git -C '%s' fsck --strict >/dev/null 2>&1 && echo fsck-ok", arch, arch);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_str_eq(line, "1\n");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_str_eq(line, "fsck-ok\n");
	pclose(p);
}
END_TEST

/* An article of about 3 KB whose figures move with the version. */
static void long_text(ct_buf *b, int d, int v)
{
	int k;

	ct_buf_clear(b);
	ck_assert_int_eq(ct_buf_printf(b, "Story %d, update %d.\n\n", d, v), 0);
	for (k = 0; k < 30; k++)
		ck_assert_int_eq(ct_buf_printf(b, "Officials said %d agents were sent to district "
			"%d, and the agency did not respond to a request for comment.\n\n",
			k % 7 == v % 7 ? 1000 * d + 10 * v + k : 500 + k, k), 0);
}

#define DDOCS 70            /* more than the tip cache holds */
#define DVERS 60            /* more than a delta chain may take */

/*
 * A batch stores each version's files as deltas against the last: the pack
 * is a fraction of the bytes, reads back exactly before and after the
 * flush (interleaved documents overflow the tip cache, so adds re-read
 * earlier versions through the deltas), chains stay short, and git
 * accepts the pack.
 */
START_TEST(test_batch_stores_deltas)
{
	ct_archive *a = new_archive();
	ct_buf text = CT_BUF_INIT, got = CT_BUF_INIT;
	ct_archive_version *log = NULL;
	char id[16], cmd[8704], arch[4096], line[256];
	size_t n = 0, raw = 0, i;
	long long packed = -1, depth = 0, deltas = 0;
	FILE *p;
	int k;

	ck_assert_int_eq(ct_archive_batch_begin(a), 0);
	for (k = 0; k < DDOCS * DVERS; k++) {
		ct_add_options o = CT_ADD_OPTIONS_INIT;
		ct_add_result r;

		snprintf(id, sizeof(id), "doc%d", k % DDOCS);
		long_text(&text, k % DDOCS, k / DDOCS);
		raw += text.len;
		o.observed_at = T1 + k;
		o.type = "text";
		o.name = "v.txt";
		ck_assert_msg(ct_archive_add(&r, a, host, id, text.ptr, text.len, &o) == 0,
			"%s", ct_error_last());
		ck_assert_int_eq(r.created, 1);
		ck_assert_uint_eq(r.version.number, (unsigned)(k / DDOCS + 1));
		ct_add_result_dispose(&r);
	}
	/* read back from memory, through a chain of deltas */
	ck_assert_int_eq(ct_archive_log(&log, &n, a, "doc5"), 0);
	ck_assert_uint_eq(n, DVERS);
	for (i = 0; i < n; i++) {
		ct_buf_clear(&got);
		ck_assert_int_eq(ct_archive_read(&got, a, &log[i], "source"), 0);
		long_text(&text, 5, (int)i);
		ck_assert_msg(got.len == text.len && !memcmp(got.ptr, text.ptr, got.len),
			"doc5 version %zu reads back wrong before the flush", i + 1);
	}
	ct_versions_free(log, n);
	ck_assert_int_eq(ct_archive_batch_end(a), 0);

	/* and from disk, every version of every document */
	for (k = 0; k < DDOCS; k++) {
		snprintf(id, sizeof(id), "doc%d", k);
		ck_assert_int_eq(ct_archive_log(&log, &n, a, id), 0);
		ck_assert_uint_eq(n, DVERS);
		for (i = 0; i < n; i++) {
			ct_buf_clear(&got);
			ck_assert_int_eq(ct_archive_read(&got, a, &log[i], "source"), 0);
			long_text(&text, k, (int)i);
			ck_assert_msg(got.len == text.len && !memcmp(got.ptr, text.ptr, got.len),
				"%s version %zu reads back wrong", id, i + 1);
		}
		ct_versions_free(log, n);
	}
	ct_archive_free(a);

	snprintf(arch, sizeof(arch), "%s", in_dir("arch"));
	snprintf(cmd, sizeof(cmd), "git -C '%s' fsck --strict >/dev/null 2>&1 && echo fsck-ok; "
		"cat '%s'/objects/pack/pack-*.pack | wc -c; "
		"git verify-pack -v '%s'/objects/pack/pack-*.idx | "
		"awk '/^chain length/ { d = $4 + 0 } NF >= 7 && $2 == \"blob\" { n++ } "
		"END { print d, n }'", arch, arch, arch);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_str_eq(line, "fsck-ok\n");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	packed = atoll(line);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_int_eq(sscanf(line, "%lld %lld", &depth, &deltas), 2);
	pclose(p);
	/* source, text and claims of all but each chain's first version */
	ck_assert_int_ge(deltas, DDOCS * (DVERS - 2) * 3);
	ck_assert_int_le(depth, 50);
	/* three files, a tree and a commit per version in under half the
	 * bytes of the sources alone (whole, the files would take twice
	 * those bytes before compression) */
	ck_assert_msg(packed > 0 && (size_t)packed < raw / 2, "pack %lld bytes for %zu raw",
		packed, raw);
	ct_buf_dispose(&text);
	ct_buf_dispose(&got);
}
END_TEST

/*
 * An import of many batches ends with one pack: each flush writes its
 * own, and the end puts them together. An object an earlier batch wrote
 * (the same article under two ids, a version back to earlier bytes) is
 * not packed again, so git finds each object once, and every version
 * reads back, between the flushes and after.
 */
START_TEST(test_batch_packs_merged_at_end)
{
	ct_archive *a = new_archive();
	ct_buf text = CT_BUF_INIT, got = CT_BUF_INIT;
	ct_archive_version *log = NULL;
	char id[16], cmd[8704], arch[4096], line[256];
	size_t n = 0, i;
	FILE *p;
	int k, flushes = 0;

	snprintf(arch, sizeof(arch), "%s", in_dir("arch"));
	ck_assert_int_eq(ct_archive_batch_begin(a), 0);
	for (k = 0; k < 60; k++) {
		ct_add_options o = CT_ADD_OPTIONS_INIT;
		ct_add_result r;

		/* doc0..doc2 carry the same versions: "copies" of one another */
		snprintf(id, sizeof(id), "doc%d", k % 3);
		long_text(&text, 1, k / 3);
		o.observed_at = T1 + k;
		o.type = "text";
		o.name = "v.txt";
		ck_assert_msg(ct_archive_add(&r, a, host, id, text.ptr, text.len, &o) == 0,
			"%s", ct_error_last());
		ct_add_result_dispose(&r);
		if (k % 7 == 6) {
			ck_assert_msg(ct_archive_batch_flush(a) == 0, "%s", ct_error_last());
			flushes++;
			/* a flushed batch reads back from its own pack */
			ck_assert_int_eq(ct_archive_log(&log, &n, a, "doc1"), 0);
			ck_assert_int_eq(ct_archive_read(&got, a, &log[0], "source"), 0);
			ct_versions_free(log, n);
		}
	}
	ck_assert_int_ge(flushes, 8);
	snprintf(cmd, sizeof(cmd), "ls '%s/objects/pack' | grep -c '^pack-.*\\.idx$'", arch);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_int_eq(atoi(line), flushes);
	pclose(p);
	ck_assert_int_eq(ct_archive_batch_end(a), 0);

	for (k = 0; k < 3; k++) {
		snprintf(id, sizeof(id), "doc%d", k);
		ck_assert_int_eq(ct_archive_log(&log, &n, a, id), 0);
		ck_assert_uint_eq(n, 20);
		for (i = 0; i < n; i++) {
			ct_buf_clear(&got);
			ck_assert_int_eq(ct_archive_read(&got, a, &log[i], "source"), 0);
			long_text(&text, 1, (int)i);
			ck_assert_msg(got.len == text.len && !memcmp(got.ptr, text.ptr, got.len),
				"%s version %zu reads back wrong", id, i + 1);
		}
		ct_versions_free(log, n);
	}
	ct_archive_free(a);
	/* one pack; each object in it once: 20 sources, texts and claims, 20
	 * trees (the copies' are the same) and 60 commits; with the marker
	 * branch's loose objects, all git reaches from the refs; fsck agrees */
	snprintf(cmd, sizeof(cmd), "ls '%s/objects/pack' | grep -c '^pack-.*\\.idx$'; "
		"git -C '%s' fsck --strict >/dev/null 2>&1 && echo fsck-ok; "
		"git -C '%s' count-objects -v | sed -n 's/^in-pack: //p; s/^count: //p'; "
		"git -C '%s' rev-list --objects --all | wc -l", arch, arch, arch, arch);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_str_eq(line, "1\n");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_str_eq(line, "fsck-ok\n");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	flushes = atoi(line);   /* loose */
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	k = atoi(line);         /* in the pack */
	ck_assert_int_eq(k, 20 * 3 + 20 + 60);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_int_eq(k + flushes, atoi(line));
	pclose(p);
	ct_buf_dispose(&text);
	ct_buf_dispose(&got);
}
END_TEST

/* A version prepared for a batch cannot be committed outside one. */
START_TEST(test_prepared_mode_mismatch)
{
	ct_archive *a = new_archive();
	ct_prepared *p = NULL;
	ct_add_result r;
	const char *text = "Officials said 40 agents were sent.\n";

	ck_assert_int_eq(ct_archive_batch_begin(a), 0);
	ck_assert_int_eq(ct_archive_prepare(&p, a, host, "x", text, strlen(text), NULL), 0);
	ct_archive_batch_abort(a);
	ck_assert_int_eq(ct_archive_commit(&r, a, host, p), CT_EINVAL);
	ct_prepared_free(p);
	/* bad input fails in prepare, before any write */
	ck_assert_int_eq(ct_archive_prepare(&p, a, host, "bad id", text, strlen(text), NULL),
		CT_EINVAL);
	ck_assert_ptr_null(p);
	ct_archive_free(a);
}
END_TEST

Suite *make_archive_suite(void)
{
	Suite *s = suite_create("archive");
	TCase *tc = tcase_create("archive");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_init_open_refusals);
	tcase_add_test(tc, test_id_check);
	tcase_add_test(tc, test_add_log_read);
	tcase_add_test(tc, test_unchanged_makes_no_commit);
	tcase_add_test(tc, test_resolve);
	tcase_add_test(tc, test_claims_rederived);
	tcase_add_test(tc, test_provenance_trailers);
	tcase_add_test(tc, test_bad_input_writes_nothing);
	tcase_add_test(tc, test_list_sorted);
	tcase_add_test(tc, test_cas_concurrent_writers);
	tcase_add_test(tc, test_batch_pack_matches_loose_adds);
	tcase_add_test(tc, test_batch_stores_deltas);
	tcase_add_test(tc, test_batch_packs_merged_at_end);
	tcase_add_test(tc, test_prepared_mode_mismatch);
	suite_add_tcase(s, tc);
	return s;
}
