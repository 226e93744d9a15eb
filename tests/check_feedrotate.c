/* SPDX-License-Identifier: MIT */
/*
 * A feed tracked over many snapshots: stories rotate through it (one
 * arrives and one leaves in every version), and now and then a figure
 * inside a story that stays is edited, or a story is reworded without
 * its figures moving. Exactly the edits are figure changes; arrivals
 * and departures are item events, in the archive's summaries, the diff,
 * and the timeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define VERSIONS 20
#define WINDOW 8      /* stories in each snapshot */
#define STORIES (VERSIONS + WINDOW)

static const char *const towns[] = {
	"Ashford", "Bexley", "Carlow", "Dunmore", "Eastwick", "Fairhaven", "Glenrock",
	"Hollis", "Ivybridge", "Jarrow",
};

/* The version in which story k's homes figure is edited (by +15), if any:
 * always a version where story k was in the feed before and stays. */
static int edited_in(int k)
{
	switch (k) {
	case 6: return 5;     /* in the feed for versions 0..6 */
	case 14: return 11;   /* 7..14 */
	case 20: return 17;   /* 13..20 */
	}
	return -1;
}

/* Story k is reworded (same figures) from this version on, if any. */
static int reworded_in(int k)
{
	return k == 10 ? 8 : -1;
}

static void story(ct_buf *b, int k, int v)
{
	int homes = 100 + 7 * k, people = 20 + k;
	const char *town = towns[k % 10];

	if (edited_in(k) >= 0 && v >= edited_in(k))
		homes += 15;
	ck_assert_int_eq(ct_buf_printf(b, "<item><title>Storm damage in %s %d</title>"
		"<link>https://courier.example/storm-%d</link><guid>https://courier.example/storm-%d</guid>"
		"<description>", town, k, k, k), 0);
	if (reworded_in(k) >= 0 && v >= reworded_in(k))
		ck_assert_int_eq(ct_buf_printf(b, "The council in %s counted %d damaged homes, and %d "
			"residents spent the night in shelters.", town, homes, people), 0);
	else
		ck_assert_int_eq(ct_buf_printf(b, "Officials in %s said %d homes were damaged and %d "
			"residents spent the night in shelters.", town, homes, people), 0);
	ck_assert_int_eq(ct_buf_puts(b, "</description></item>\n"), 0);
}

/* Snapshot v holds stories v .. v+WINDOW-1, newest first, as feeds do. */
static void snapshot(ct_buf *b, int v)
{
	int k;

	ct_buf_clear(b);
	ck_assert_int_eq(ct_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<rss version=\"2.0\"><channel><title>Courier</title>"
		"<link>https://courier.example/</link><description>Latest</description>\n"), 0);
	for (k = v + WINDOW - 1; k >= v; k--)
		story(b, k, v);
	ck_assert_int_eq(ct_buf_puts(b, "</channel></rss>\n"), 0);
}

static int edits_at(int v)
{
	int k, n = 0;

	for (k = 0; k < STORIES; k++)
		n += edited_in(k) == v;
	return n;
}

START_TEST(test_rotating_feed)
{
	char *dir = tmpdir_new(), path[4200];
	ct_host *host = test_host();
	ct_archive *a = NULL;
	ct_claimset sets[VERSIONS];
	ct_timeline *tl = NULL;
	ct_buf b = CT_BUF_INIT, subj = CT_BUF_INIT;
	size_t i, moved = 0;
	int v;

	snprintf(path, sizeof(path), "%s/archive", dir);
	ck_assert_int_eq(ct_archive_init(&a, path), 0);
	for (v = 0; v < VERSIONS; v++) {
		ct_add_options o = CT_ADD_OPTIONS_INIT;
		ct_parse_request req = CT_PARSE_REQUEST_INIT;
		ct_add_result r;
		ct_doc *doc = NULL;
		char want[200];

		snapshot(&b, v);
		o.type = "rss";
		o.observed_at = 1750000000 + 3600 * v;
		memset(&r, 0, sizeof(r));
		ck_assert_msg(ct_archive_add(&r, a, host, "courier", b.ptr, b.len, &o) == 0, "%s",
			ct_error_last());
		ck_assert_int_eq(r.created, 1);
		if (v == 0) {
			ck_assert_uint_eq(r.items_arrived, 0);
		} else {
			ck_assert_uint_eq(r.changed, (size_t)edits_at(v));
			ck_assert_uint_eq(r.added, 0);
			ck_assert_uint_eq(r.removed, 0);
			ck_assert_uint_eq(r.items_arrived, 1);
			ck_assert_uint_eq(r.items_left, 1);
			if (edits_at(v))
				snprintf(want, sizeof(want), "courier: version %d (1 changed, 0 added, "
					"0 removed; 1 item arrived, 1 left)", v + 1);
			else
				snprintf(want, sizeof(want), "courier: version %d (no figure changed; "
					"1 item arrived, 1 left)", v + 1);
			ck_assert_str_eq(r.version.subject, want);
		}
		ct_add_result_dispose(&r);
		/* the same versions, as the timeline reads them */
		sets[v] = (ct_claimset)CT_CLAIMSET_INIT;
		req.type = "rss";
		ck_assert_int_eq(ct_host_parse(&doc, host, b.ptr, b.len, &req), 0);
		ck_assert_int_eq(ct_claims_extract(&sets[v], doc), 0);
		ct_doc_free(doc);
	}
	ck_assert_int_eq(ct_timeline_build(&tl, sets, VERSIONS, NULL), 0);
	for (i = 0; i < tl->nseries; i++) {
		const ct_series *s = &tl->series[i];
		size_t k, last = 0;

		for (k = 0; k < VERSIONS; k++)
			if (s->at[k])
				last = k;
		/* a story's figures come and go with it, and never count */
		ck_assert(s->first == 0 || s->came_with_item);
		ck_assert(last == VERSIONS - 1 || s->left_with_item);
		if (s->changes) {
			ck_assert_uint_eq(s->changes, 1);
			ck_assert_str_eq(s->at[last]->key, s->at[s->first]->key);
			moved++;
		}
	}
	ck_assert_uint_eq(moved, 3);
	ct_timeline_free(tl);
	for (v = 0; v < VERSIONS; v++)
		ct_claimset_clear(&sets[v]);
	ct_buf_dispose(&b);
	ct_buf_dispose(&subj);
	ct_archive_free(a);
	ct_host_free(host);
	tmpdir_cleanup(dir);
}
END_TEST

START_TEST(test_rotating_feed_cli)
{
	char *dir = tmpdir_new(), o[4200], n[4200];
	ct_buf b = CT_BUF_INIT;
	run_result r;
	const char *argv[] = { "diff", "--type", "rss", "--format", "json", o, n, NULL };
	const char *argv_items[] = { "diff", "--type", "rss", "--items", "--format", "json", o, n, NULL };

	/* versions 11 and 12: story 19 arrives, 11 leaves, story 14 keeps
	 * its figures (edited at 11): no figure changed, exit 0 */
	snprintf(o, sizeof(o), "%s/old.xml", dir);
	snprintf(n, sizeof(n), "%s/new.xml", dir);
	snapshot(&b, 11);
	spew(o, b.ptr, b.len);
	snapshot(&b, 12);
	spew(n, b.ptr, b.len);
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);
	/* asked for, the item events are lines of their own and count */
	run_claimtrack(&r, argv_items, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert(strstr(r.out, "{\"change\":\"item-left\",\"section\":\"https://courier.example/storm-11\","
		"\"title\":\"Storm damage in Bexley 11\"") != NULL);
	ck_assert(strstr(r.out, "{\"change\":\"item-arrived\",\"section\":\"https://courier.example/storm-19\",") != NULL);
	run_result_free(&r);
	ct_buf_dispose(&b);
	tmpdir_cleanup(dir);
}
END_TEST

Suite *make_feedrotate_suite(void)
{
	Suite *s = suite_create("feedrotate");
	TCase *tc = tcase_create("feed");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_rotating_feed);
	tcase_add_test(tc, test_rotating_feed_cli);
	suite_add_tcase(s, tc);
	return s;
}
