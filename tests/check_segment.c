/* SPDX-License-Identifier: MIT */
/* Sentence segmentation of news text (ct_sentences): every case lists the
 * exact sentences a reader sees. Claims are extracted sentence by sentence,
 * so a wrong cut splits a figure from its subject or glues two sentences'
 * clauses together. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "claimtrack/text.h"

typedef struct seg_case {
	const char *text;
	const char *want[6];   /* NULL-terminated */
} seg_case;

static const seg_case cases[] = {
	/* ---- plain full stops, questions, exclamations ---- */
	{ "Police arrested 14 people. The protest ended at dawn.", {
		"Police arrested 14 people.", "The protest ended at dawn.", NULL } },
	{ "Will rates rise? Analysts think so! Markets fell.", {
		"Will rates rise?", "Analysts think so!", "Markets fell.", NULL } },
	{ "  Leading and trailing spaces go.  ", {
		"Leading and trailing spaces go.", NULL } },
	{ "", { NULL } },

	/* ---- titles and abbreviations never end a sentence ---- */
	{ "Mr. Smith met Dr. Jones and Sen. Warren on Tuesday.", {
		"Mr. Smith met Dr. Jones and Sen. Warren on Tuesday.", NULL } },
	{ "Gov. Newsom signed it. The law takes effect Jan. 1.", {
		"Gov. Newsom signed it.", "The law takes effect Jan. 1.", NULL } },
	{ "The plant is in St. Louis, Mo. and employs 300 people.", {
		"The plant is in St. Louis, Mo. and employs 300 people.", NULL } },
	{ "She was ranked No. 1 in the world. The title is hers.", {
		"She was ranked No. 1 in the world.", "The title is hers.", NULL } },
	{ "Shares of Acme Corp. rose 5%. Rivals fell.", {
		"Shares of Acme Corp. rose 5%.", "Rivals fell.", NULL } },
	{ "The deal was signed by Acme Inc. It closes in May.", {
		"The deal was signed by Acme Inc.", "It closes in May.", NULL } },

	/* ---- initials ---- */
	{ "John F. Kennedy was elected in 1960.", {
		"John F. Kennedy was elected in 1960.", NULL } },
	{ "J.R.R. Tolkien sold 150 million copies. Fans queued.", {
		"J.R.R. Tolkien sold 150 million copies.", "Fans queued.", NULL } },

	/* ---- "U.S." in the middle and at the end ---- */
	{ "The U.S. economy added 200,000 jobs.", {
		"The U.S. economy added 200,000 jobs.", NULL } },
	{ "2,000 employees from the FBI, U.S. Marshals Service and the DEA were sent.", {
		"2,000 employees from the FBI, U.S. Marshals Service and the DEA were sent.", NULL } },
	{ "The company moved its headquarters to the U.S. The move cost $5 million.", {
		"The company moved its headquarters to the U.S.",
		"The move cost $5 million.", NULL } },
	{ "Exports to the U.K. fell 3%. Imports rose.", {
		"Exports to the U.K. fell 3%.", "Imports rose.", NULL } },
	{ "Inflation eased in the U.S. But wages lagged.", {
		"Inflation eased in the U.S.", "But wages lagged.", NULL } },
	{ "The fire started at 9 p.m. It burned for 6 hours.", {
		"The fire started at 9 p.m.", "It burned for 6 hours.", NULL } },

	/* ---- decimals, money, numbers after a stop ---- */
	{ "GDP grew 3.5 percent to $1.2 trillion. Exports rose 0.4%.", {
		"GDP grew 3.5 percent to $1.2 trillion.", "Exports rose 0.4%.", NULL } },
	{ "The index closed at 7,425.81. 3,000 jobs were cut.", {
		"The index closed at 7,425.81.", "3,000 jobs were cut.", NULL } },
	{ "Version 2.0 shipped with .5 GB of memory.", {
		"Version 2.0 shipped with .5 GB of memory.", NULL } },

	/* ---- quotes ---- */
	{ "\"We will rebuild,\" the mayor said. \"It takes weeks.\"", {
		"\"We will rebuild,\" the mayor said.", "\"It takes weeks.\"", NULL } },
	{ "\"Why now?\" she asked. Nobody answered.", {
		"\"Why now?\" she asked.", "Nobody answered.", NULL } },
	{ "He said \xe2\x80\x9cwe won.\xe2\x80\x9d Then he left.", {
		"He said \xe2\x80\x9cwe won.\xe2\x80\x9d", "Then he left.", NULL } },
	{ "The minister said it was \xe2\x80\x98over.\xe2\x80\x99 Talks resumed.", {
		"The minister said it was \xe2\x80\x98over.\xe2\x80\x99", "Talks resumed.", NULL } },
	{ "Prices rose (by 4%.) Sales fell.", {
		"Prices rose (by 4%.)", "Sales fell.", NULL } },

	/* ---- ellipses ---- */
	{ "He paused... Then he signed for $2 million.", {
		"He paused...", "Then he signed for $2 million.", NULL } },
	{ "The toll rose to 40 \xe2\x80\xa6 and kept rising.", {
		"The toll rose to 40 \xe2\x80\xa6 and kept rising.", NULL } },
	{ "Wait\xe2\x80\xa6 The count is 12.", {
		"Wait\xe2\x80\xa6", "The count is 12.", NULL } },
	{ "It was... unexpected.", {
		"It was... unexpected.", NULL } },

	/* ---- headlines and captions without a full stop ---- */
	{ "Fed raises rates by 0.25 percentage points", {
		"Fed raises rates by 0.25 percentage points", NULL } },
	{ "Quake kills 2,000 in Turkey; thousands missing", {
		"Quake kills 2,000 in Turkey; thousands missing", NULL } },
	{ "U.S. adds 200,000 jobs", {
		"U.S. adds 200,000 jobs", NULL } },

	/* ---- a stop before lower case or a glued word is no boundary ---- */
	{ "Visit example.com for details. The site has 3 pages.", {
		"Visit example.com for details.", "The site has 3 pages.", NULL } },
	{ "The vote was 5-4. e.g. the majority.", {
		"The vote was 5-4. e.g. the majority.", NULL } },
};

START_TEST(test_segment_table)
{
	const seg_case *tc = &cases[_i];
	ct_span *sp = NULL;
	size_t n = 0, i;

	ck_assert_int_eq(ct_sentences(&sp, &n, tc->text, strlen(tc->text)), 0);
	for (i = 0; tc->want[i]; i++) {
		ck_assert_msg(i < n, "[%s]: only %zu sentences", tc->text, n);
		ck_assert_msg(strlen(tc->want[i]) == sp[i].len &&
			memcmp(tc->text + sp[i].start, tc->want[i], sp[i].len) == 0,
			"[%s]: sentence %zu is [%.*s], want [%s]", tc->text, i, (int)sp[i].len,
			tc->text + sp[i].start, tc->want[i]);
	}
	ck_assert_msg(n == i, "[%s]: %zu sentences, want %zu", tc->text, n, i);
	free(sp);
}
END_TEST

Suite *make_segment_suite(void)
{
	Suite *s = suite_create("segment");
	TCase *tc = tcase_create("news");

	tcase_add_loop_test(tc, test_segment_table, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, tc);
	return s;
}
