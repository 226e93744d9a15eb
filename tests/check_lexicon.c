/* SPDX-License-Identifier: MIT */
/* The lexicon: the WordNet open classes generated at build time, read
 * through core/lexicon.h, and what the grammar makes of them on sentences
 * written for these tests (none from the evaluation data). */
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

Suite *make_lexicon_suite(void)
{
	Suite *s = suite_create("lexicon");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_lexicon_table);
	suite_add_tcase(s, tc);
	return s;
}
