/* SPDX-License-Identifier: MIT */
/*
 * The figure matcher's rules, one test each, on claims made by hand from
 * made-up sentences (so that each test is about matching, not about what
 * the extractor reads): see the steps in core/diff.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct fig {
	const char *key;
	double value;
	ct_claim_kind kind;
	const char *unit;
	const char *text;      /* as written; found in the sentence for its offset */
	const char *sentence;
	const char *qualifier;
	const char *section;
} fig;

static void put(ct_claimset *set, const fig *f)
{
	const char *at = strstr(f->sentence, f->text);
	ct_claim c;

	ck_assert_msg(at != NULL, "'%s' is not in '%s'", f->text, f->sentence);
	memset(&c, 0, sizeof(c));
	c.key = (char *)f->key;
	c.subject = (char *)f->key;
	c.value = f->value;
	c.kind = f->kind;
	c.unit = (char *)f->unit;
	c.qualifier = f->qualifier ? f->qualifier : "=";
	c.text = (char *)f->text;
	c.sentence = (char *)f->sentence;
	c.offset = (size_t)(at - f->sentence);
	c.section = (char *)f->section;
	ck_assert_int_eq(ct_claimset_push(set, &c), 0);
}

static void fill(ct_claimset *set, const fig *figs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put(set, &figs[i]);
}

#define FILL(set, arr) fill(set, arr, sizeof(arr) / sizeof(arr[0]))

/* The diff of a and b with options o (NULL: defaults). */
static ct_diff *diff_of(const ct_claimset *a, const ct_claimset *b, const ct_diff_options *o)
{
	ct_diff *d = NULL;

	ck_assert_int_eq(ct_diff_compute(&d, a, b, o), 0);
	ck_assert_ptr_nonnull(d);
	return d;
}

static void done(ct_diff *d, ct_claimset *a, ct_claimset *b)
{
	ct_diff_free(d);
	ct_claimset_clear(a);
	ct_claimset_clear(b);
}

static const char S_FIRE_OLD[] = "The wildfire destroyed 40 homes near the river.";
static const char S_FIRE_NEW[] = "The wildfire destroyed 65 homes near the river.";

START_TEST(test_aligned_slot_changes)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	/* the subject the extractor found differs, the sentence is the same */
	fig o[] = { { "wildfire home", 40, CT_KIND_COUNT, NULL, "40 homes", S_FIRE_OLD, NULL, NULL } };
	fig n[] = { { "home near river", 65, CT_KIND_COUNT, NULL, "65 homes", S_FIRE_NEW, NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ck_assert(d->changes[0].old->value == 40 && d->changes[0].new->value == 65);
	ck_assert_str_eq(d->changes[0].why, "aligned sentence, same words around");
	done(d, &a, &b);
}
END_TEST

START_TEST(test_aligned_only_figure_changes)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	static const char so[] = "Officials confirmed 40 deaths in the flooded valley on Sunday.";
	static const char sn[] = "Officials confirmed that 65 had died in the flooded valley on Sunday.";
	/* other words around it and another subject, but the one figure of
	 * a sentence that is otherwise the same */
	fig o[] = { { "death", 40, CT_KIND_COUNT, NULL, "40", so, NULL, NULL } };
	fig n[] = { { "official", 65, CT_KIND_COUNT, NULL, "65", sn, NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ck_assert_str_eq(d->changes[0].why, "aligned sentence, only figure");
	done(d, &a, &b);
}
END_TEST

START_TEST(test_slot_by_words_around)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	static const char so[] = "Crews rescued 14 hikers and 3 dogs from the ridge.";
	static const char sn[] = "Crews rescued 16 hikers and 5 dogs from the ridge.";
	/* the extractor's keys cross over; the word after each figure says
	 * which is which */
	fig o[] = { { "crew", 14, CT_KIND_COUNT, NULL, "14", so, NULL, NULL },
		    { "hiker", 3, CT_KIND_COUNT, NULL, "3", so, NULL, NULL } };
	fig n[] = { { "hiker", 16, CT_KIND_COUNT, NULL, "16", sn, NULL, NULL },
		    { "crew", 5, CT_KIND_COUNT, NULL, "5", sn, NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 2);
	ck_assert(d->changes[0].old->value == 14 && d->changes[0].new->value == 16);
	ck_assert(d->changes[1].old->value == 3 && d->changes[1].new->value == 5);
	ck_assert_str_eq(d->changes[0].why, "aligned sentence, same words around");
	done(d, &a, &b);
}
END_TEST

START_TEST(test_moved_figure_is_unchanged)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	/* the count leaves the headline for the summary, in other words */
	fig o[] = { { "miner", 9, CT_KIND_COUNT, NULL, "Nine", "Nine miners trapped after tunnel collapse", NULL, NULL } };
	fig n[] = { { "worker", 9, CT_KIND_COUNT, NULL, "nine",
		      "Rescuers are drilling towards nine workers caught underground since dawn.", NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 0);
	ck_assert_uint_eq(d->unchanged, 1);
	ck_assert(!ct_diff_has_changes(d));
	done(d, &a, &b);
}
END_TEST

START_TEST(test_restated_forms_are_one_value)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	static const char so[] = "The clinic waited 14 days for 0.75 of its supplies and $2.5 million.";
	static const char sn[] = "The clinic waited two weeks for 75% of its supplies and $2,500,000.";
	/* a span in days and in weeks, a fraction and a percentage, money
	 * with and without a scale word */
	fig o[] = { { "day", 14, CT_KIND_COUNT, NULL, "14 days", so, NULL, NULL },
		    { "supply", 0.75, CT_KIND_COUNT, NULL, "0.75", so, NULL, NULL },
		    { "clinic", 2500000, CT_KIND_MONEY, "USD", "$2.5 million", so, NULL, NULL } };
	fig n[] = { { "week", 2, CT_KIND_COUNT, NULL, "two weeks", sn, NULL, NULL },
		    { "supply", 75, CT_KIND_PERCENT, "%", "75%", sn, NULL, NULL },
		    { "clinic", 2500000, CT_KIND_MONEY, "USD", "$2,500,000", sn, NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 0);
	ck_assert_uint_eq(d->unchanged, 3);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_owned_span_is_a_span)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	static const char so[] = "The government will spend $2.5bn over five years on homes.";
	static const char sn[] = "Homes will be built over 60 months at a cost of $2.5bn.";
	/* a span keeps its class with an owner before its time unit */
	fig o[] = { { "government year", 5, CT_KIND_COUNT, NULL, "five years", so, NULL, NULL } };
	fig n[] = { { "month", 60, CT_KIND_COUNT, NULL, "60 months", sn, NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 0);
	ck_assert_uint_eq(d->unchanged, 1);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_age_forms_are_one_value)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	fig o[] = { { "man", 23, CT_KIND_MEASURE, "year-old", "23-year-old",
		      "A 23-year-old man was charged on Friday.", NULL, NULL } };
	fig n[] = { { "man", 23, CT_KIND_COUNT, NULL, "23", "A man, 23, was charged on Friday.", NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 0);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_told_twice_is_one_change)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	static const char ho[] = "Ferry sinking: 7 missing", bo[] = "Seven passengers are still missing after the ferry sank.";
	static const char hn[] = "Ferry sinking: 11 missing", bn[] = "Eleven passengers are still missing after the ferry sank.";
	fig o[] = { { "missing", 7, CT_KIND_COUNT, NULL, "7", ho, NULL, NULL },
		    { "passenger", 7, CT_KIND_COUNT, NULL, "Seven", bo, NULL, NULL } };
	fig n[] = { { "missing", 11, CT_KIND_COUNT, NULL, "11", hn, NULL, NULL },
		    { "passenger", 11, CT_KIND_COUNT, NULL, "Eleven", bn, NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ck_assert_uint_eq(d->changes[0].nold_mentions, 2);
	ck_assert_uint_eq(d->changes[0].nnew_mentions, 2);
	ck_assert_str_eq(d->changes[0].new_mentions[1]->sentence, bn);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_added_told_twice_is_one_figure)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	fig n[] = { { "arrest", 5, CT_KIND_COUNT, NULL, "5", "Police make 5 arrests after match", NULL, NULL },
		    { "fan", 5, CT_KIND_COUNT, NULL, "five", "Officers arrested five fans outside the ground.", NULL, NULL } };
	ct_diff *d;

	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_ADDED);
	ck_assert_uint_eq(d->changes[0].nnew_mentions, 2);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_disagreeing_mentions_stay_apart)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	static const char h[] = "Queue of 22,000 at border";
	static const char so[] = "About 23,000 lorries are waiting at the border crossing.";
	static const char sn[] = "About 25,000 lorries are waiting at the border crossing.";
	/* the headline keeps its figure while the summary's moves */
	fig o[] = { { "queue", 22000, CT_KIND_COUNT, NULL, "22,000", h, NULL, NULL },
		    { "lorry", 23000, CT_KIND_COUNT, NULL, "23,000", so, NULL, NULL } };
	fig n[] = { { "queue", 22000, CT_KIND_COUNT, NULL, "22,000", h, NULL, NULL },
		    { "lorry", 25000, CT_KIND_COUNT, NULL, "25,000", sn, NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 1);
	ck_assert(d->changes[0].old->value == 23000 && d->changes[0].new->value == 25000);
	ck_assert_uint_eq(d->unchanged, 1);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_traded_places_is_no_change)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	static const char o1[] = "The council closed 6 libraries this year.";
	static const char o2[] = "It also sold 4 buildings to developers.";
	static const char n1[] = "The council closed 4 libraries this year.";
	static const char n2[] = "It also sold 6 buildings to developers.";
	/* each aligned slot has a new value, but both values are still
	 * reported: the figures traded places, neither moved alone */
	fig o[] = { { "library", 6, CT_KIND_COUNT, NULL, "6", o1, NULL, NULL },
		    { "building", 4, CT_KIND_COUNT, NULL, "4", o2, NULL, NULL } };
	fig n[] = { { "library", 4, CT_KIND_COUNT, NULL, "4", n1, NULL, NULL },
		    { "building", 6, CT_KIND_COUNT, NULL, "6", n2, NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->changed, 0);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_one_value_kept_one_moved)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	static const char so[] = "The blast killed 3 workers and injured 3 visitors.";
	static const char sn[] = "The blast killed 3 workers and injured 5 visitors.";
	/* 3 is still reported, but 5 is new: the visitors' figure moved */
	fig o[] = { { "worker", 3, CT_KIND_COUNT, NULL, "3 workers", so, NULL, NULL },
		    { "visitor", 3, CT_KIND_COUNT, NULL, "3 visitors", so, NULL, NULL } };
	fig n[] = { { "worker", 3, CT_KIND_COUNT, NULL, "3 workers", sn, NULL, NULL },
		    { "visitor", 5, CT_KIND_COUNT, NULL, "5 visitors", sn, NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ck_assert_str_eq(d->changes[0].new->key, "visitor");
	ck_assert(d->changes[0].old->value == 3 && d->changes[0].new->value == 5);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_unrelated_leftovers_stay_apart)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	/* one figure goes, another comes, in different sentences with other
	 * subjects: removed and added, never "changed" */
	fig o[] = { { "sample", 1300, CT_KIND_COUNT, NULL, "1,300", "Labs tested 1,300 samples.", NULL, NULL } };
	fig n[] = { { "strain", 1356, CT_KIND_COUNT, NULL, "1,356", "Scientists have now sequenced 1,356 strains of the virus.", NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 2);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_REMOVED);
	ck_assert_int_eq(d->changes[1].change, CT_CHANGE_ADDED);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_leftovers_pair_by_subject)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	/* rewritten sentences, same subject and nothing competing: changed */
	fig o[] = { { "death toll", 135, CT_KIND_COUNT, NULL, "135", "The death toll stood at 135 on Monday.", NULL, NULL } };
	fig n[] = { { "death toll", 137, CT_KIND_COUNT, NULL, "137", "Officials raised the death toll to 137 after two more bodies were found.", NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ck_assert_str_eq(d->changes[0].why, "same subject");
	done(d, &a, &b);
}
END_TEST

START_TEST(test_leftovers_with_rivals_stay_apart)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	/* two old values share the subject: which one moved is not known */
	fig o[] = { { "vote", 120, CT_KIND_COUNT, NULL, "120", "The bill won 120 votes at first.", NULL, NULL },
		    { "vote", 80, CT_KIND_COUNT, NULL, "80", "Opponents mustered 80 votes against it.", NULL, NULL } };
	fig n[] = { { "vote", 130, CT_KIND_COUNT, NULL, "130", "In the final count the bill had 130 votes.", NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->changed, 0);
	ck_assert_uint_eq(d->removed, 2);
	ck_assert_uint_eq(d->added, 1);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_ages_never_pair_by_subject)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	/* a woman of 25 in one sentence, a woman of 30 in another: two women */
	fig o[] = { { "woman", 25, CT_KIND_MEASURE, "year-old", "25-year-old",
		      "A 25-year-old woman was arrested at the scene.", NULL, NULL } };
	fig n[] = { { "woman", 30, CT_KIND_MEASURE, "year-old", "30-year-old",
		      "Detectives later charged a 30-year-old woman from the town.", NULL, NULL } };
	ct_diff *d;

	FILL(&a, o);
	FILL(&b, n);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->changed, 0);
	ck_assert_uint_eq(d->removed, 1);
	ck_assert_uint_eq(d->added, 1);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_qualifier_only)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff_options o = CT_DIFF_OPTIONS_INIT;
	fig ol[] = { { "evacuee", 400000, CT_KIND_COUNT, NULL, "Some 400,000",
		       "Some 400,000 people were told to leave.", "~", NULL } };
	fig nl[] = { { "evacuee", 400000, CT_KIND_COUNT, NULL, "Up to 400,000",
		       "Up to 400,000 people were told to leave.", "<=", NULL } };
	ct_diff *d;

	FILL(&a, ol);
	FILL(&b, nl);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 0);
	ck_assert_uint_eq(d->unchanged, 1);
	ct_diff_free(d);
	o.qualifiers = 1;
	d = diff_of(&a, &b, &o);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->changes[0].change, CT_CHANGE_CHANGED);
	ck_assert(d->changes[0].qualifier_only);
	done(d, &a, &b);
}
END_TEST

START_TEST(test_min_change)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff_options o = CT_DIFF_OPTIONS_INIT;
	fig ol[] = { { "job", 1000, CT_KIND_COUNT, NULL, "1,000", "The plant will cut 1,000 jobs.", NULL, NULL } };
	fig nl[] = { { "job", 1030, CT_KIND_COUNT, NULL, "1,030", "The plant will cut 1,030 jobs.", NULL, NULL } };
	ct_diff *d;

	FILL(&a, ol);
	FILL(&b, nl);
	ck_assert_int_eq(ct_diff_parse_min_change(&o, "5%"), 0);
	d = diff_of(&a, &b, &o);
	ck_assert_uint_eq(d->count, 0);     /* 3% is below 5% */
	ct_diff_free(d);
	o.min_ratio = 0;
	ck_assert_int_eq(ct_diff_parse_min_change(&o, "30"), 0);
	d = diff_of(&a, &b, &o);
	ck_assert_uint_eq(d->count, 1);     /* 30 reaches 30 */
	ct_diff_free(d);
	ck_assert_int_eq(ct_diff_parse_min_change(&o, "31"), 0);
	d = diff_of(&a, &b, &o);
	ck_assert_uint_eq(d->count, 0);
	ck_assert_int_eq(ct_diff_parse_min_change(&o, "5%%"), CT_EINVAL);
	ck_assert_int_eq(ct_diff_parse_min_change(&o, "-3"), CT_EINVAL);
	ck_assert_int_eq(ct_diff_parse_min_change(&o, "lots"), CT_EINVAL);
	done(d, &a, &b);
}
END_TEST

static void items(ct_claimset *set, const char *const *ids, size_t n)
{
	size_t i;

	set->sections_known = 1;
	for (i = 0; i < n; i++)
		ck_assert_int_eq(ct_claimset_add_section(set, ids[i], ids[i], NULL), 0);
}

START_TEST(test_feed_items_are_units)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_diff_options o = CT_DIFF_OPTIONS_INIT;
	static const char *const old_ids[] = { "fire", "vote", "quiet" };
	static const char *const new_ids[] = { "flood", "fire", "quiet" };
	/* fire persists and its figure moves; vote leaves; flood arrives;
	 * quiet persists and loses its only figure */
	fig ol[] = { { "home", 40, CT_KIND_COUNT, NULL, "40", "The fire destroyed 40 homes.", NULL, "fire" },
		     { "seat", 12, CT_KIND_COUNT, NULL, "12", "The party won 12 seats.", NULL, "vote" },
		     { "bird", 30, CT_KIND_COUNT, NULL, "Thirty", "Thirty birds nest here.", NULL, "quiet" } };
	fig nl[] = { { "foot", 3, CT_KIND_MEASURE, "ft", "3 feet", "The river rose 3 feet.", NULL, "flood" },
		     { "home", 65, CT_KIND_COUNT, NULL, "65", "The fire destroyed 65 homes.", NULL, "fire" } };
	ct_diff *d;

	FILL(&a, ol);
	FILL(&b, nl);
	items(&a, old_ids, 3);
	items(&b, new_ids, 3);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->changed, 1);
	ck_assert_uint_eq(d->removed, 1);   /* the quiet item's birds */
	ck_assert_uint_eq(d->added, 0);     /* the flood's 3 feet come with their item */
	ck_assert_str_eq(d->changes[0].old->section, "fire");
	ck_assert_str_eq(d->changes[1].old->section, "quiet");
	ck_assert_uint_eq(d->items_arrived, 1);
	ck_assert_uint_eq(d->items_left, 1);
	ck_assert_uint_eq(d->nitems, 2);
	ck_assert_int_eq(d->items[0].event, CT_ITEM_LEFT);
	ck_assert_str_eq(d->items[0].item->id, "vote");
	ck_assert_uint_eq(d->items[0].nfigures, 1);
	ck_assert_int_eq(d->items[1].event, CT_ITEM_ARRIVED);
	ck_assert_str_eq(d->items[1].item->id, "flood");
	ck_assert_uint_eq(d->items[1].nfigures, 1);
	ct_diff_free(d);
	/* item events only count as changes when asked for */
	o.items = 1;
	ct_claimset_clear(&a);
	FILL(&a, ol);
	items(&a, old_ids, 3);
	ct_claimset_clear(&b);
	items(&b, old_ids, 3);
	FILL(&b, ol);
	d = diff_of(&a, &b, &o);
	ck_assert(!ct_diff_has_changes(d));
	ct_diff_free(d);
	ct_claimset_clear(&b);
	items(&b, new_ids, 3);
	d = diff_of(&a, &b, &o);
	ck_assert(ct_diff_has_changes(d));
	done(d, &a, &b);
}
END_TEST

START_TEST(test_item_figures_never_pair_across_items)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	static const char *const ids[] = { "one", "two" };
	/* the same sentence in two items: each item is matched on its own */
	fig ol[] = { { "case", 50, CT_KIND_COUNT, NULL, "50", "Officials reported 50 new cases.", NULL, "one" },
		     { "case", 50, CT_KIND_COUNT, NULL, "50", "Officials reported 50 new cases.", NULL, "two" } };
	fig nl[] = { { "case", 50, CT_KIND_COUNT, NULL, "50", "Officials reported 50 new cases.", NULL, "one" },
		     { "case", 61, CT_KIND_COUNT, NULL, "61", "Officials reported 61 new cases.", NULL, "two" } };
	ct_diff *d;

	FILL(&a, ol);
	FILL(&b, nl);
	items(&a, ids, 2);
	items(&b, ids, 2);
	d = diff_of(&a, &b, NULL);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_str_eq(d->changes[0].new->section, "two");
	ck_assert(d->changes[0].new->value == 61);
	done(d, &a, &b);
}
END_TEST

Suite *make_match_suite(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_aligned_slot_changes);
	tcase_add_test(tc, test_aligned_only_figure_changes);
	tcase_add_test(tc, test_slot_by_words_around);
	tcase_add_test(tc, test_moved_figure_is_unchanged);
	tcase_add_test(tc, test_restated_forms_are_one_value);
	tcase_add_test(tc, test_owned_span_is_a_span);
	tcase_add_test(tc, test_age_forms_are_one_value);
	tcase_add_test(tc, test_told_twice_is_one_change);
	tcase_add_test(tc, test_added_told_twice_is_one_figure);
	tcase_add_test(tc, test_disagreeing_mentions_stay_apart);
	tcase_add_test(tc, test_traded_places_is_no_change);
	tcase_add_test(tc, test_one_value_kept_one_moved);
	tcase_add_test(tc, test_unrelated_leftovers_stay_apart);
	tcase_add_test(tc, test_leftovers_pair_by_subject);
	tcase_add_test(tc, test_leftovers_with_rivals_stay_apart);
	tcase_add_test(tc, test_ages_never_pair_by_subject);
	tcase_add_test(tc, test_qualifier_only);
	tcase_add_test(tc, test_min_change);
	tcase_add_test(tc, test_feed_items_are_units);
	tcase_add_test(tc, test_item_figures_never_pair_across_items);
	suite_add_tcase(s, tc);
	return s;
}
