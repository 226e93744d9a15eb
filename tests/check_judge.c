/* SPDX-License-Identifier: MIT */
/*
 * What a number is (core/judge.c): each rule on sentences written for it,
 * then the figure-change report on revisions that move only such numbers,
 * which must raise no alert.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct judged {
	const char *sentence;
	const char *text;      /* the number as the claim's text starts */
	const char *kind;
	double value;
	int vague, reference;
	const char *subject;   /* NULL: unchecked */
} judged;

static const judged cases[] = {
	/* dates, clock times, decades */
	{ "The hearing was moved to Nov. 14 after objections.", "14", "date", 14, 0, 0, NULL },
	{ "The ferry sailed at 6.15am with 300 passengers.", "6.15", "date", 6.15, 0, 0, NULL },
	{ "Doors open at 7 p.m. for the 500 ticket holders.", "7", "date", 7, 0, 0, NULL },
	{ "Her sound was rooted in the 60s soul scene.", "60", "date", 60, 0, 0, NULL },
	{ "Tax returns from the 1980s were released.", "1980", "date", 1980, 0, 0, NULL },
	{ "The treaty was signed in 1648, ending the war.", "1648", "year", 1648, 0, 0, NULL },
	/* names and labels */
	{ "The region moved to alert level 3 on Monday.", "3", "label", 3, 0, 0, NULL },
	{ "Lawmakers passed Assembly Bill 5 after a long debate.", "5", "label", 5, 0, 0, NULL },
	{ "A crash closed the 405 Freeway near the airport.", "405", "label", 405, 0, 0, NULL },
	{ "Protesters gathered outside 10 Downing Street at noon.", "10", "label", 10, 0, 0, NULL },
	{ "The carrier is switching on its 5G network in April.", "5", "label", 5, 0, 0, NULL },
	{ "She was interviewed on \"48 Hours\" last week.", "48", "label", 48, 0, 0, NULL },
	{ "Passengers were moved to Terminal 2 overnight.", "2", "label", 2, 0, 0, NULL },
	/* times that place an event */
	{ "Three days after the flood, the water began to recede.", "Three", "relative", 3, 0, 0, NULL },
	{ "The bridge was inspected six weeks ago.", "six", "relative", 6, 0, 0, NULL },
	{ "Nearly two hours later, the fire was under control.", "two", "relative", 2, 0, 0, NULL },
	{ "Sales rose in the past 12 months across the region.", "12", "relative", 12, 0, 0, NULL },
	/* ... and spans that measure one stay figures */
	{ "The road was closed for three days after the flood.", "three", "count", 3, 0, 0, NULL },
	{ "He was released after 9 weeks in custody.", "9", "count", 9, 0, 0, NULL },
	/* shares and ordinals written as fractions */
	{ "Turnout fell by almost a third.", "a third", "percent", 100.0 / 3, 0, 0, NULL },
	{ "Nearly half of the nurses had no masks.", "half", "percent", 50, 0, 0, "nurses" },
	{ "Rescuers reached a fifth village by nightfall.", "a fifth", "ordinal", 5, 0, 0, NULL },
	/* ages in apposition, counts in compounds */
	{ "Margaret Ellis, 72, was rescued from the roof.", "72", "measure", 72, 0, 0, "Margaret Ellis" },
	{ "A teenager, 17, was charged with arson.", "17", "measure", 17, 0, 0, "teenager" },
	{ "The father-of-three, 40, spoke to reporters.", "40", "measure", 40, 0, 0, "father-of-three" },
	{ "The father-of-three, 40, spoke to reporters.", "three", "count", 3, 0, 0, "father" },
	/* scores are two figures; a team's name before one names no model */
	{ "Rovers beat City 4-1 at home.", "1", "count", 1, 0, 0, NULL },
	{ "Rovers 4-1 City: a late winner.", "4", "count", 4, 0, 0, NULL },
	{ "It came after Kenya's 312 in the first innings.", "312", "count", 312, 0, 0, NULL },
	{ "Rain stopped play on day four of the Test.", "four", "ordinal", 4, 0, 0, NULL },
	{ "The city stays at level four this week.", "four", "label", 4, 0, 0, NULL },
	/* vague quantities and known sets: listed, marked */
	{ "Dozens of homes were flooded.", "Dozens", "count", 12, 1, 0, NULL },
	{ "The two leaders met in Geneva.", "two", "count", 2, 0, 1, NULL },
	{ "It is one of the busiest ports in Asia.", "one", "count", 1, 0, 1, NULL },
	{ "Police said in one case the driver fled.", "one", "count", 1, 0, 1, NULL },
	{ "The two were charged on Monday.", "two", "count", 2, 0, 1, NULL },
	{ "Flights from the four local airlines were cut.", "four", "count", 4, 0, 0, NULL },
	/* real counts next to those words stay counts */
	{ "Two leaders met in Geneva.", "Two", "count", 2, 0, 0, "leaders" },
	{ "One person died and 14 were injured.", "One", "count", 1, 0, 0, "person" },
	{ "Bus Overturns on Mountain Road, Killing One", "One", "count", 1, 0, 0, NULL },
};

START_TEST(test_judged)
{
	const judged *tc = &cases[_i];
	ct_claimset set = CT_CLAIMSET_INIT;
	const ct_claim *c = NULL;
	size_t k;

	ck_assert_int_eq(ct_claims_extract_sentence(&set, tc->sentence, strlen(tc->sentence), NULL, 0), 0);
	for (k = 0; k < set.count && !c; k++)
		if (!strncmp(set.items[k].text, tc->text, strlen(tc->text)))
			c = &set.items[k];
	ck_assert_msg(c != NULL, "%s: no claim at '%s'", tc->sentence, tc->text);
	ck_assert_msg(!strcmp(ct_claim_kind_name(c->kind), tc->kind), "%s: '%s' is %s, want %s",
		tc->sentence, tc->text, ct_claim_kind_name(c->kind), tc->kind);
	ck_assert_msg(c->value > tc->value - 1e-9 && c->value < tc->value + 1e-9,
		"%s: value %.12g, want %.12g", tc->sentence, c->value, tc->value);
	ck_assert_msg(c->vague == tc->vague && c->reference == tc->reference,
		"%s: vague %d reference %d", tc->sentence, c->vague, c->reference);
	if (tc->subject)
		ck_assert_msg(!strcmp(c->subject, tc->subject), "%s: subject '%s', want '%s'",
			tc->sentence, c->subject, tc->subject);
	ct_claimset_clear(&set);
}
END_TEST

/* `claims` lists figures, years, ordinals and relative times; dates and
 * labels only with --all. */
START_TEST(test_listed_kinds)
{
	static const char s[] = "On May 3 the level 4 lockdown ended, two weeks ago, after 40 days.";
	ct_claimset set = CT_CLAIMSET_INIT;
	size_t all;

	ck_assert_int_eq(ct_claims_extract_sentence(&set, s, strlen(s), NULL, 0), 0);
	all = set.count;
	ck_assert_uint_eq(all, 4);
	ct_claimset_keep_listed(&set);
	ck_assert_uint_eq(set.count, 2);
	ck_assert_str_eq(ct_claim_kind_name(set.items[0].kind), "relative");
	ck_assert_double_eq(set.items[1].value, 40);
	ck_assert(!ct_claim_kind_is_figure(CT_KIND_DATE) && !ct_claim_kind_is_figure(CT_KIND_LABEL) &&
		!ct_claim_kind_is_figure(CT_KIND_RELATIVE) && ct_claim_kind_is_figure(CT_KIND_MEASURE));
	ct_claimset_clear(&set);
}
END_TEST

/* Claims of each sentence of old and new (one sentence each, in order),
 * and their diff. */
static ct_diff *diff_sentences(ct_claimset *a, ct_claimset *b, const char *const *old,
	const char *const *new, size_t n)
{
	ct_diff *d = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(ct_claims_extract_sentence(a, old[i], strlen(old[i]), NULL, i), 0);
		ck_assert_int_eq(ct_claims_extract_sentence(b, new[i], strlen(new[i]), NULL, i), 0);
	}
	ck_assert_int_eq(ct_diff_compute(&d, a, b, NULL), 0);
	return d;
}

/* Revisions that reword around numbers that are no figure: no alert. */
typedef struct revision {
	const char *old, *new;
} revision;

static const revision quiet[] = {
	{ "Two days after the storm, crews restored power.", "A day after the storm, crews restored power." },
	{ "The show \"60 Minutes\" aired the interview.", "The interview aired on CBS." },
	{ "The city stays at level 2 for now.", "The city moves to level 3 for now." },
	{ "Dozens of flights were cancelled at the airport.", "Many flights were cancelled at the airport." },
	{ "The two ministers met on Friday.", "The ministers met on Friday." },
	{ "It is one of the oldest bridges in the city.", "It is among the oldest bridges in the city." },
	{ "The band's 80s hits were played.", "The band's hits were played." },
	{ "The ship docked at 4.30pm on Tuesday.", "The ship docked at 6pm on Tuesday." },
	{ "Six hours later, the road reopened.", "Eight hours later, the road reopened." },
};

START_TEST(test_no_alert)
{
	const revision *r = &quiet[_i];
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff *d = diff_sentences(&a, &b, &r->old, &r->new, 1);

	ck_assert_msg(!ct_diff_has_changes(d), "'%s' -> '%s': %zu changes", r->old, r->new, d->count);
	ct_diff_free(d);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
}
END_TEST

/* ... while a real figure moving next to them is heard. */
START_TEST(test_figure_next_to_them_alerts)
{
	static const char *const so[] = { "Two days after the storm, 1,200 homes had no power." };
	static const char *const sn[] = { "Three days after the storm, 800 homes had no power." };
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff *d = diff_sentences(&a, &b, so, sn, 1);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ck_assert(d->changes[0].old->value == 1200 && d->changes[0].new->value == 800);
	ct_diff_free(d);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
}
END_TEST

/* A rate is no plain count of the same number: "3,000 migrants a day"
 * stays apart from "3,000 agents" when the agents change. */
START_TEST(test_rate_is_its_own_figure)
{
	static const char *const so[] = { "The plan expects 3,000 migrants a day.",
		"It calls on 3,000 agents." };
	static const char *const sn[] = { "The plan expects 3,000 migrants a day.",
		"It calls on 3,500 agents." };
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff *d = diff_sentences(&a, &b, so, sn, 2);
	ck_assert_uint_eq(d->count, 1);
	ck_assert(d->changes[0].old->value == 3000 && d->changes[0].new->value == 3500);
	ck_assert_ptr_null(d->changes[0].old->per);
	ck_assert_uint_eq(d->changes[0].nold_mentions, 1);
	ct_diff_free(d);
	/* a first version: two figures arrive, not one told twice */
	ct_claimset_clear(&b);
	ck_assert_int_eq(ct_diff_compute(&d, &b, &a, NULL), 0);
	ck_assert_uint_eq(d->count, 2);
	ck_assert_uint_eq(d->changes[0].nnew_mentions, 1);
	ct_diff_free(d);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
}
END_TEST

Suite *make_judge_suite(void)
{
	Suite *s = suite_create("judge");
	TCase *tc = tcase_create("judge");

	tcase_add_loop_test(tc, test_judged, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_listed_kinds);
	tcase_add_loop_test(tc, test_no_alert, 0, (int)(sizeof(quiet) / sizeof(quiet[0])));
	tcase_add_test(tc, test_figure_next_to_them_alerts);
	tcase_add_test(tc, test_rate_is_its_own_figure);
	suite_add_tcase(s, tc);
	return s;
}
