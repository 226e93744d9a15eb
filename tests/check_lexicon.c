/* SPDX-License-Identifier: MIT */
/* The lexicon: the WordNet open classes generated at build time, read
 * through core/lexicon.h, and what the grammar makes of them on sentences
 * written for these tests (none from the evaluation data). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "claimtrack/claims.h"
#include "../core/lexicon.h"

static unsigned bits_of(const char *w)
{
	return ct_lex_open_bits(ct_lex_open_find(w, strlen(w)));
}

static const char *base_of(const char *w, int pos)
{
	return ct_lex_open_base(ct_lex_open_find(w, strlen(w)), pos);
}

START_TEST(test_lexicon_table)
{
	/* the generator and the library hash alike, and the table is whole */
	ck_assert(ct_lex_open_selftest());
	ck_assert_uint_gt(ct_lex_open_size(), 100000);
	ck_assert(bits_of("agent") & W_NOUN);
	ck_assert(bits_of("AGENT") & W_NOUN);
	ck_assert(bits_of("agents") & W_PLURAL);
	ck_assert_str_eq(base_of("agents", W_POS_NOUN), "agent");
	ck_assert_str_eq(base_of("Employees", W_POS_NOUN), "employee");
	/* an exception list's forms: irregular plurals and verbs */
	ck_assert_str_eq(base_of("leaves", W_POS_NOUN), "leaf");
	ck_assert_str_eq(base_of("leaves", W_POS_VERB), "leave");
	ck_assert(bits_of("leaves") & W_V3);
	ck_assert_str_eq(base_of("ran", W_POS_VERB), "run");
	ck_assert(bits_of("ran") & W_VPAST);
	ck_assert_str_eq(base_of("stopping", W_POS_VERB), "stop");
	ck_assert_str_eq(base_of("geese", W_POS_NOUN), "goose");
	/* regular forms generated from the lemmas */
	ck_assert_str_eq(base_of("stranded", W_POS_VERB), "strand");
	ck_assert_str_eq(base_of("ferries", W_POS_NOUN), "ferry");
	ck_assert(bits_of("eventually") & W_ADV);
	ck_assert(bits_of("cheaper") & W_COMPAR);
	/* a lemma is no inflection of itself; unknown words are unknown */
	ck_assert_ptr_null(base_of("agent", W_POS_NOUN));
	ck_assert_uint_eq(ct_lex_open_find("qzxvbnm", 7), 0);
	ck_assert_uint_eq(ct_lex_open_find("", 0), 0);
	ck_assert_uint_eq(ct_lex_open_find("agentx", 5), ct_lex_open_find("agent", 5));
	/* the sense-tagged counts tell the usual reading */
	ck_assert_uint_gt(ct_lex_open_freq(ct_lex_open_find("ran", 3), W_POS_VERB), 0);
}
END_TEST

/* Sentences written for these tests: a verb the hand list does not name,
 * an inflected head, and the key each figure should get. */
static const struct {
	const char *sentence;
	double value;
	const char *key;
} keyed[] = {
	/* a noun-or-verb form between its subject and a figure is the verb
	 * ("union count" before); a patient verb's subject owns nothing, so
	 * the storm's figure has no key rather than "storm leaf" */
	{ "The union counts 40,000.", 40000, "union" },
	{ "The storm leaves 200,000 without power.", 200000, "" },
	/* a form WordNet sees more often as a verb, before "that", is no noun
	 * of the figure's (and "homes" before an article still is one) */
	{ "The 58-year-old worries that the mill will close.", 58, "" },
	{ "The 300 homes the storm destroyed were insured.", 300, "home" },
	{ "A blizzard strands 3,000 travellers at the airport.", 3000, "traveller" },
	/* a verb WordNet knows and the hand list does not ends the subject,
	 * and what it leads to is counted on its own (the owner rule is for
	 * the verbs of having the hand list names: "Ford employs") */
	{ "The river inundates 400 homes every spring.", 400, "home" },
	{ "The startup onboards 50 engineers a month.", 50, "engineer" },
	{ "The charity disburses $40 million a year.", 40e6, "charity" },
	/* an adverb WordNet knows ends no subject and joins none */
	{ "The agency eventually hired 250 agents.", 250, "agency agent" },
	/* inflected heads: irregular and regular plurals to their base */
	{ "The bakery sells 900 loaves a day.", 900, "bakery loaf" },
	{ "Rangers counted 1,200 geese on the lake.", 1200, "ranger goose" },
	{ "About 300 ferries crossed the strait.", 300, "ferry" },
	/* a name that ends in s is no plural */
	{ "Texas employs 4,000 wardens.", 4000, "texas warden" },
};

START_TEST(test_lexicon_keys_of_sentences)
{
	ct_claimset set = CT_CLAIMSET_INIT;
	const char *s = keyed[_i].sentence;

	ck_assert_int_eq(ct_claims_extract_sentence(&set, s, strlen(s), NULL, 0), 0);
	ck_assert_msg(set.count >= 1, "no claim in: %s", s);
	ck_assert_msg(set.items[0].value == keyed[_i].value, "value %g in: %s", set.items[0].value, s);
	ck_assert_msg(!strcmp(set.items[0].key, keyed[_i].key), "key \"%s\", want \"%s\", in: %s",
		set.items[0].key, keyed[_i].key, s);
	ct_claimset_clear(&set);
}
END_TEST

/* Keys that must meet across rewordings of one subject. */
START_TEST(test_lexicon_keys_meet)
{
	static const char *const pairs[][2] = {
		{ "employees of the FBI", "FBI employees" },
		{ "agents", "agent" },
		{ "agents from ICE", "ICE agents" },
		{ "the ferries", "ferry" },
		{ "loaves", "a loaf" },
		{ "Sales", "sale" },
		{ "workers of Ford", "Ford workers" },
	};
	size_t k;

	for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
		char *a = ct_claims_key(pairs[k][0]), *b = ct_claims_key(pairs[k][1]);

		ck_assert_msg(a && b && !strcmp(a, b), "\"%s\" -> \"%s\" but \"%s\" -> \"%s\"",
			pairs[k][0], a, pairs[k][1], b);
		free(a);
		free(b);
	}
	/* and keys that must not: a plural that is its own noun, a name */
	{
		char *a = ct_claims_key("economics"), *b = ct_claims_key("Texas");

		ck_assert_str_eq(a, "economics");
		ck_assert_str_eq(b, "texas");
		free(a);
		free(b);
	}
}
END_TEST

/* A rank band stays with its figure, shown in the claim's line, and a
 * rate word after the ranked noun is the verb's, not the band's. */
START_TEST(test_lexicon_rank_band)
{
	static const struct { const char *s, *band, *key; double v; } bands[] = {
		{ "The board reviews the bottom 15% of branches quarterly.", "bottom", "branch", 15 },
		{ "The top 1% of earners paid 40% of the tax.", "top", "earner", 1 },
		{ "Schools in the lowest 20 percent of test scores get more money.", "lowest", "test score", 20 },
		{ "Sales rose 10% monthly.", NULL, "sale", 10 },
	};
	size_t k;

	for (k = 0; k < sizeof(bands) / sizeof(bands[0]); k++) {
		ct_claimset set = CT_CLAIMSET_INIT;
		char *line = NULL;

		ck_assert_int_eq(ct_claims_extract_sentence(&set, bands[k].s, strlen(bands[k].s), NULL, 0), 0);
		ck_assert_msg(set.count >= 1, "no claim in: %s", bands[k].s);
		ck_assert(set.items[0].value == bands[k].v);
		ck_assert_str_eq(set.items[0].key, bands[k].key);
		ck_assert_int_eq(ct_claim_line(&line, &set.items[0]), 0);
		if (bands[k].band) {
			char want[32];

			ck_assert_msg(set.items[0].band && !strcmp(set.items[0].band, bands[k].band),
				"band %s in: %s", set.items[0].band ? set.items[0].band : "(none)", bands[k].s);
			ck_assert_ptr_null(set.items[0].per);
			snprintf(want, sizeof(want), " band %s\t", bands[k].band);
			ck_assert_msg(strstr(line, want) != NULL, "line: %s", line);
		} else {
			ck_assert_ptr_null(set.items[0].band);
			ck_assert_str_eq(set.items[0].per, "month");
			ck_assert(strstr(line, " band ") == NULL);
		}
		free(line);
		ct_claimset_clear(&set);
	}
}
END_TEST

Suite *make_lexicon_suite(void)
{
	Suite *s = suite_create("lexicon");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_lexicon_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("grammar");
	tcase_add_loop_test(tc, test_lexicon_keys_of_sentences, 0, (int)(sizeof(keyed) / sizeof(keyed[0])));
	tcase_add_test(tc, test_lexicon_keys_meet);
	tcase_add_test(tc, test_lexicon_rank_band);
	suite_add_tcase(s, tc);
	return s;
}
