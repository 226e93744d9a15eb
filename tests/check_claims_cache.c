/* SPDX-License-Identifier: MIT */
/* The claims cache (core/claims_cache.h): documents extracted through a
 * cache give claim sets equal field by field to plain extraction, across
 * versions that repeat, change and reorder sentences, and past the
 * cache's bounds; an archive imported with it re-derives exactly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "../core/claims_cache.h"
#include "../core/claims_internal.h"

static ct_host *host;
static char *dir;

static void setup(void)
{
	host = test_host();
	dir = tmpdir_new();
}

static void teardown(void)
{
	ct_host_free(host);
	host = NULL;
	tmpdir_cleanup(dir);
	dir = NULL;
}

static ct_doc *parse_text(const char *data, const char *name)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;

	req.type = "text";
	req.name = name;
	ck_assert_msg(ct_host_parse(&doc, host, data, strlen(data), &req) == 0, "%s: %s", name,
		ct_error_last());
	return doc;
}

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Every field of every claim, and the sections, equal. */
static void assert_sets_equal(const ct_claimset *got, const ct_claimset *want, const char *what)
{
	size_t i;

	ck_assert_msg(got->count == want->count, "%s: %zu claims, want %zu", what, got->count,
		want->count);
	for (i = 0; i < want->count; i++) {
		const ct_claim *g = &got->items[i], *w = &want->items[i];

		ck_assert_msg(str_eq(g->key, w->key) && str_eq(g->subject, w->subject) &&
			memcmp(&g->value, &w->value, sizeof(double)) == 0 &&
			memcmp(&g->high, &w->high, sizeof(double)) == 0 &&
			g->has_high == w->has_high && g->kind == w->kind &&
			str_eq(g->unit, w->unit) && str_eq(g->per, w->per) &&
			str_eq(g->qualifier, w->qualifier) && str_eq(g->text, w->text) &&
			str_eq(g->sentence, w->sentence) && str_eq(g->section, w->section) &&
			g->sentence_no == w->sentence_no && g->offset == w->offset &&
			g->rule == w->rule && g->vague == w->vague &&
			g->reference == w->reference && g->band == w->band,
			"%s: claim %zu differs: '%s' '%s' in '%s' (want '%s' '%s' in '%s')", what, i,
			g->key, g->text, g->sentence, w->key, w->text, w->sentence);
	}
	ck_assert_uint_eq(got->nsections, want->nsections);
	ck_assert_int_eq(got->sections_known, want->sections_known);
	for (i = 0; i < want->nsections; i++)
		ck_assert_msg(str_eq(got->sections[i].id, want->sections[i].id) &&
			str_eq(got->sections[i].title, want->sections[i].title) &&
			str_eq(got->sections[i].link, want->sections[i].link),
			"%s: section %zu differs", what, i);
}

/* doc through cache (claims and text.txt) against plain extraction. */
static void check_doc(ct_claims_cache *cache, const ct_doc *doc, const char *what)
{
	ct_claimset got = CT_CLAIMSET_INIT, want = CT_CLAIMSET_INIT, plain = CT_CLAIMSET_INIT;
	ct_buf gtext = CT_BUF_INIT, wtext = CT_BUF_INIT;

	ck_assert_msg(ct_claims_extract(&want, doc) == 0, "%s", ct_error_last());
	ck_assert_msg(ct_claims__extract_render(&got, &gtext, doc, cache) == 0, "%s",
		ct_error_last());
	ck_assert_msg(ct_claims__extract_render(&plain, &wtext, doc, NULL) == 0, "%s",
		ct_error_last());
	assert_sets_equal(&got, &want, what);
	assert_sets_equal(&plain, &want, what);
	ct_claimset_clear(&plain);
	ck_assert_uint_eq(gtext.len, wtext.len);
	ck_assert_int_eq(memcmp(gtext.ptr, wtext.ptr, wtext.len), 0);
	ct_claimset_clear(&got);
	ct_claimset_clear(&want);
	ct_buf_dispose(&gtext);
	ct_buf_dispose(&wtext);
}

/* Versions of one made-up article: sentences repeated, changed, moved,
 * dropped; one repeated within a version; lists and ranges. */
static const char *const story[] = {
	"Floods hit the valley\n\n"
	"At least 12 people were killed and 30 injured when the river rose 3 metres overnight. "
	"Officials said 1,200 homes were flooded. The mayor asked for $5m in aid. "
	"Officials said 1,200 homes were flooded.\n\n"
	"Rain is expected to continue for two days.\n",

	"Floods hit the valley\n\n"
	"At least 14 people were killed and 30 injured when the river rose 3 metres overnight. "
	"Officials said 1,200 homes were flooded. The mayor asked for $5m in aid.\n\n"
	"Rain is expected to continue for two days. About 300 soldiers were deployed.\n",

	"Floods hit the valley\n\n"
	"About 300 soldiers were deployed. The mayor asked for $5m in aid. "
	"At least 14 people were killed and 30 injured when the river rose 3 metres overnight.\n\n"
	"Officials said 1,200 homes were flooded. Rain is expected to continue for two days.\n",

	"Floods hit the valley, 20 dead\n\n"
	"At least 20 people were killed and between 30 and 40 injured when the river rose 3 metres. "
	"About 300 soldiers were deployed. The mayor asked for $5m in aid.\n\n"
	"Officials said 1,200 homes were flooded. The budget rose to $5bn. "
	"About 300 soldiers were deployed.\n",
};

static const char *const fixtures[] = {
	"fixtures/demo/v1.txt", "fixtures/demo/v2.txt", "fixtures/archive/v1.txt",
	"fixtures/archive/v2.txt", "fixtures/text/operation-at-large.txt",
	"fixtures/text/wildfire-wire.txt", "fixtures/feeds/rss20.xml",
	"fixtures/html/live-blog.html", "fixtures/html/news-article.html",
};

#define NFIX (sizeof(fixtures) / sizeof(fixtures[0]))
#define NSTORY (sizeof(story) / sizeof(story[0]))

/* Fixture documents and the story, version after version, each twice over,
 * through one cache as an import thread does. */
START_TEST(test_cache_same_claims)
{
	ct_claims_cache *cache = NULL;
	ct_claims_cache_stats st;
	ct_doc *docs[NFIX + NSTORY];
	char what[64];
	size_t i, round;

	for (i = 0; i < NFIX; i++)
		docs[i] = parse_fixture(host, fixtures[i], NULL);
	for (i = 0; i < NSTORY; i++)
		docs[NFIX + i] = parse_text(story[i], "story.txt");
	ck_assert_int_eq(ct_claims_cache_new(&cache), 0);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < NFIX + NSTORY; i++) {
			snprintf(what, sizeof(what), "round %zu, %s", round,
				i < NFIX ? fixtures[i] : "story");
			check_doc(cache, docs[i], what);
		}
	}
	/* and the versions in reverse, and the story alone in a new cache */
	for (i = NFIX + NSTORY; i-- > 0; )
		check_doc(cache, docs[i], "reverse");
	ct_claims_cache__stats(&st, cache);
	ck_assert_uint_gt(st.hits, st.misses);
	ck_assert_uint_gt(st.entries, 0);
	ct_claims_cache_free(cache);
	ck_assert_int_eq(ct_claims_cache_new(&cache), 0);
	for (i = NFIX; i < NFIX + NSTORY; i++)
		check_doc(cache, docs[i], "story");
	ct_claims_cache__stats(&st, cache);
	ck_assert_uint_gt(st.hits, 0);
	ct_claims_cache_free(cache);
	for (i = 0; i < NFIX + NSTORY; i++)
		ct_doc_free(docs[i]);
}
END_TEST

/* More distinct sentences than two generations hold, a sentence over the
 * length limit, and a document of one long sentence: the cache stays
 * within its bounds and the claims stay the same. */
START_TEST(test_cache_bounds)
{
	ct_claims_cache *cache = NULL;
	ct_claims_cache_stats st;
	ct_buf b = CT_BUF_INIT;
	ct_doc *doc;
	size_t i, round;

	ck_assert_int_eq(ct_claims_cache_new(&cache), 0);
	for (round = 0; round < 2; round++) {
		ct_buf_clear(&b);
		ck_assert_int_eq(ct_buf_puts(&b, "Counts\n\n"), 0);
		for (i = 0; i < 3 * CT_CLAIMS_CACHE_GEN_ENTRIES; i++)
			ck_assert_int_eq(ct_buf_printf(&b, "Officials said %zu homes were flooded "
				"and %zu people left. ", i * 7 + round, i), 0);
		ck_assert_int_eq(ct_buf_puts(&b, "\n\nA long one: "), 0);
		for (i = 0; i < CT_CLAIMS_CACHE_SENTENCE_MAX / 4; i++)
			ck_assert_int_eq(ct_buf_printf(&b, "%zu cars, ", i + 1), 0);
		ck_assert_int_eq(ct_buf_puts(&b, "and 5 buses.\n"), 0);
		doc = parse_text(b.ptr, "counts.txt");
		check_doc(cache, doc, "counts");
		check_doc(cache, doc, "counts again");
		ct_doc_free(doc);
	}
	ct_claims_cache__stats(&st, cache);
	ck_assert_uint_gt(st.rotations, 0);
	ck_assert_uint_gt(st.uncacheable, 0);
	ck_assert_uint_le(st.entries, 2 * CT_CLAIMS_CACHE_GEN_ENTRIES);
	ck_assert_uint_le(st.bytes, 2 * (size_t)CT_CLAIMS_CACHE_GEN_BYTES);
	ct_claims_cache_free(cache);
	ct_buf_dispose(&b);
}
END_TEST

/* ct_claims_cache__extract_sentence with a NULL cache is the plain call,
 * and one sentence under two sections and numbers takes each. */
START_TEST(test_cache_section_and_number)
{
	static const char s[] = "More than 200 people were arrested, 40 of them children.";
	ct_claimset got = CT_CLAIMSET_INIT, want = CT_CLAIMSET_INIT;
	ct_claims_cache *cache = NULL;

	ck_assert_int_eq(ct_claims_cache_new(&cache), 0);
	ck_assert_int_eq(ct_claims_cache__extract_sentence(cache, &got, s, strlen(s), "a", 3), 0);
	ck_assert_int_eq(ct_claims_cache__extract_sentence(cache, &got, s, strlen(s), NULL, 0), 0);
	ck_assert_int_eq(ct_claims_cache__extract_sentence(cache, &got, s, strlen(s), "b", 7), 0);
	ck_assert_int_eq(ct_claims_cache__extract_sentence(NULL, &got, s, strlen(s), "c", 1), 0);
	ck_assert_int_eq(ct_claims_extract_sentence(&want, s, strlen(s), "a", 3), 0);
	ck_assert_int_eq(ct_claims_extract_sentence(&want, s, strlen(s), NULL, 0), 0);
	ck_assert_int_eq(ct_claims_extract_sentence(&want, s, strlen(s), "b", 7), 0);
	ck_assert_int_eq(ct_claims_extract_sentence(&want, s, strlen(s), "c", 1), 0);
	ck_assert_uint_gt(want.count, 0);
	assert_sets_equal(&got, &want, "sections");
	ct_claimset_clear(&got);
	ct_claimset_clear(&want);
	ct_claims_cache_free(cache);
}
END_TEST

/* Run claimtrack with env (NULL or NULL-terminated "K=V"); args after it. */
#define ct(r, env, ...) run_ct((r), NULL, (env), __VA_ARGS__)

/* Write a tree of 3 documents, NSTORY + 2 versions each, under dir/tree. */
static void write_tree(void)
{
	char path[4200];
	size_t d, v, n;

	snprintf(path, sizeof(path), "%s/tree", dir);
	mkdir(path, 0755);
	for (d = 0; d < 3; d++) {
		snprintf(path, sizeof(path), "%s/tree/story-%zu", dir, d);
		mkdir(path, 0755);
		for (v = 0; v < NSTORY + 2; v++) {
			/* the story's versions, then two fixtures as versions */
			const char *data = v < NSTORY ? story[(v + d) % NSTORY] : NULL;
			char *buf = NULL;

			if (!data)
				data = buf = slurp(src_path(v == NSTORY ? "fixtures/demo/v1.txt" :
					"fixtures/demo/v2.txt"), &n);
			snprintf(path, sizeof(path), "%s/tree/story-%zu/%zu.txt", dir, d,
				(size_t)1748779200 + v * 3600);
			spew(path, data, strlen(data));
			free(buf);
		}
	}
}

/* Import the tree into dir/NAME (env for the import) and verify it. */
static void import_tree(const char *name, const char *const *env)
{
	char arch[4200], tree[4200];
	run_result r;

	snprintf(arch, sizeof(arch), "%s/%s", dir, name);
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	ct(&r, NULL, "init", "-q", arch, NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_free(&r);
	ct(&r, env, "import", "-A", arch, tree, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_msg(strstr(r.out, "imported 18 versions of 3 documents: 18 new"), "%s", r.out);
	run_result_free(&r);
	/* every stored text.txt and claims.txt is what plain extraction gives */
	ct(&r, NULL, "verify", "-A", arch, NULL);
	ck_assert_msg(r.status == 0, "verify: %s%s", r.out, r.err);
	run_result_free(&r);
}

/* The output of one command in two archives, equal. */
static void assert_same(const char *what, const char *spec)
{
	char a1[4200], a2[4200];
	run_result r1, r2;

	snprintf(a1, sizeof(a1), "%s/cached", dir);
	snprintf(a2, sizeof(a2), "%s/plain", dir);
	if (strcmp(what, "log") == 0) {
		ct(&r1, NULL, "log", "-A", a1, spec, NULL);
		ct(&r2, NULL, "log", "-A", a2, spec, NULL);
	} else {
		ct(&r1, NULL, "show", "-A", a1, what, spec, NULL);
		ct(&r2, NULL, "show", "-A", a2, what, spec, NULL);
	}
	ck_assert_msg(r1.status == 0 && r2.status == 0, "%s %s: %s%s", what, spec, r1.err, r2.err);
	ck_assert_msg(r1.out_len > 0, "%s %s: nothing", what, spec);
	ck_assert_text_eq(r1.out, r2.out);
	run_result_free(&r1);
	run_result_free(&r2);
}

/* An import through the worker threads' caches and one without them
 * (CLAIMTRACK_CLAIMS_CACHE=0) of the same versions: both verify, and
 * every version's history line, claims.txt and text.txt are the same. */
START_TEST(test_cache_import_same_archive)
{
	static const char *const off[] = { "CLAIMTRACK_CLAIMS_CACHE=0", NULL };
	char spec[64];
	size_t d, v;

	write_tree();
	import_tree("cached", NULL);
	import_tree("plain", off);
	for (d = 0; d < 3; d++) {
		snprintf(spec, sizeof(spec), "story-%zu", d);
		assert_same("log", spec);
		for (v = 1; v <= NSTORY + 2; v++) {
			snprintf(spec, sizeof(spec), "story-%zu@%zu", d, v);
			assert_same("--claims", spec);
			assert_same("--text", spec);
		}
	}
}
END_TEST

Suite *make_claims_cache_suite(void)
{
	Suite *s = suite_create("claims_cache");
	TCase *tc = tcase_create("cache");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_cache_same_claims);
	tcase_add_test(tc, test_cache_bounds);
	tcase_add_test(tc, test_cache_section_and_number);
	tcase_add_test(tc, test_cache_import_same_archive);
	suite_add_tcase(s, tc);
	return s;
}
