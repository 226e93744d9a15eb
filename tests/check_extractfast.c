/* SPDX-License-Identifier: MIT */
/* The fast paths of claim extraction and ordering: each must give exactly
 * what the plain code it replaced gave. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "claimtrack/claims.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* The canonical order as the sort's contract states it. */
static int ref_strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int ref_cmp(const ct_claim *a, const ct_claim *b)
{
	int c;

	if ((c = ref_strcmp_null(a->section, b->section)) != 0)
		return c;
	if ((c = strcmp(a->key, b->key)) != 0)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return strcmp(a->text, b->text);
}

/* Keys that share prefixes of every length around eight bytes, end at
 * every length, and hold bytes above 0x7f. */
static void random_key(char *out)
{
	static const char *const stems[] = {
		"", "a", "agent", "spending", "spendings", "spending x", "migrant",
		"migrants", "ice agent", "ice agents", "\xc3\xa9t\xc3\xa9", "zzzzzzzz",
		"zzzzzzzzz", "spendinf", "spendin", "aaaaaaa\xff"
	};
	size_t n;

	strcpy(out, stems[rng() % (sizeof(stems) / sizeof(stems[0]))]);
	n = strlen(out);
	if (rng() % 3 == 0) {
		out[n++] = (char)('a' + rng() % 3);
		out[n] = '\0';
	}
}

START_TEST(test_sort_is_stable_canonical_order)
{
	static const char *const sections[] = { NULL, "intro", "body", "body2" };
	static const char *const texts[] = { "3", "3,000", "$5", "5%", "three" };
	int round;

	for (round = 0; round < 300; round++) {
		ct_claimset set = CT_CLAIMSET_INIT;
		ct_claim *ref;
		size_t n = rng() % 200, i, j;

		for (i = 0; i < n; i++) {
			ct_claim c;
			char key[32];

			memset(&c, 0, sizeof(c));
			random_key(key);
			c.key = key;
			c.subject = key;
			c.value = (double)(rng() % 4);
			c.kind = (ct_claim_kind)(rng() % 3);
			c.qualifier = "=";
			c.text = (char *)texts[rng() % 5];
			c.sentence = "s";
			c.section = (char *)sections[round % 2 ? rng() % 4 : 0];
			c.sentence_no = i;
			ck_assert_int_eq(ct_claimset_push(&set, &c), 0);
		}
		/* the reference: an insertion sort, stable by construction */
		ref = malloc((n ? n : 1) * sizeof(*ref));
		ck_assert_ptr_nonnull(ref);
		for (i = 0; i < n; i++) {
			ct_claim c = set.items[i];

			for (j = i; j > 0 && ref_cmp(&ref[j - 1], &c) > 0; j--)
				ref[j] = ref[j - 1];
			ref[j] = c;
		}
		ct_claimset_sort(&set);
		for (i = 0; i < n; i++)
			ck_assert_uint_eq(set.items[i].sentence_no, ref[i].sentence_no);
		free(ref);
		ct_claimset_clear(&set);
	}
}
END_TEST

/* The qualifier of the one claim of sentence s. */
static const char *qualifier_of(const char *s)
{
	static char q[8];
	ct_claimset set = CT_CLAIMSET_INIT;

	ck_assert_int_eq(ct_claims_extract_sentence(&set, s, strlen(s), NULL, 0), 0);
	ck_assert_uint_ge(set.count, 1);
	snprintf(q, sizeof(q), "%s", set.items[0].qualifier);
	ct_claimset_clear(&set);
	return q;
}

/* Words are compared by their first eight bytes folded and then the rest:
 * any case, words shorter, as long as and longer than eight bytes, and a
 * difference in either part. */
START_TEST(test_words_any_case_any_length)
{
	static const struct { const char *s, *q; } cases[] = {
		{ "They saw about 40 people.", "~" },
		{ "They saw ABOUT 40 people.", "~" },
		{ "They saw aBoUt 40 people.", "~" },
		{ "They saw abouts 40 people.", "=" },
		{ "They saw abou 40 people.", "=" },
		{ "They saw estimated 40 people.", "~" },
		{ "They saw ESTIMATED 40 people.", "~" },
		{ "They saw estimatex 40 people.", "=" },
		{ "They saw estimxted 40 people.", "=" },
		{ "They saw approximately 40 people.", "~" },
		{ "They saw APPROXIMATELY 40 people.", "~" },
		{ "They saw approximatelz 40 people.", "=" },
		{ "They saw approxymately 40 people.", "=" },
		{ "They saw At Least 40 people.", ">=" },
		{ "They saw at leasT 40 people.", ">=" },
		{ "They saw at leas 40 people.", "=" },
		{ "They saw Up To 40 people.", "<=" },
		{ "They saw close to 40 people.", "~" },
		{ "They saw More Than 40 people.", ">" },
		{ "They saw no fewer than 40 people.", ">=" },
		{ "They saw in excess of 40 people.", ">" },
		{ "They saw in exces of 40 people.", "=" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *q = qualifier_of(cases[i].s);

		if (strcmp(q, cases[i].q) != 0)
			ck_abort_msg("'%s': qualifier '%s', expected '%s'", cases[i].s, q, cases[i].q);
	}
}
END_TEST

Suite *make_extractfast_suite(void)
{
	Suite *s = suite_create("extractfast");
	TCase *tc = tcase_create("sort");

	tcase_add_test(tc, test_sort_is_stable_canonical_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("words");
	tcase_add_test(tc, test_words_any_case_any_length);
	suite_add_tcase(s, tc);
	return s;
}
