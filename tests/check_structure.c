/* SPDX-License-Identifier: MIT */
/*
 * Subjects, units and kinds from a sentence's structure: lists that share
 * their last member's noun, objects before "by", modifiers that end no
 * phrase, sizes and numbers inside a noun phrase. Sentences written for
 * these tests (none from the evaluation data); each row is every listed
 * claim of its sentence as "value kind unit key", in order.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "claimtrack/claims.h"

static const struct {
	const char *sentence, *want;
} rows[] = {
	/* a list's noun after a conversion in parentheses is the converted figure's, not the horsepower's */
	{ "The engine makes 296 hp and 450 Nm (332 lb-ft) of torque.",
	  "296 measure hp engine | 450 measure Nm torque | 332 measure lb-ft torque" },
	/* suspended hyphens take the unit and the noun of the list's last member */
	{ "Buyers choose four-, five- and six-cylinder engines.",
	  "4 measure cylinder engine | 5 measure cylinder engine | 6 measure cylinder engine" },
	/* an owner is never a phrase another figure counts */
	{ "Dozens of people were hurt at two stations in the city.",
	  "12-120 count - people | 2 count - station" },
	/* no noun phrase ends on an adverb */
	{ "The river rose 3 metres overnight.",
	  "3 measure m river" },
	/* "fewer" opens a noun phrase as "more" does */
	{ "Surgeons performed 9,000 fewer operations this spring.",
	  "9000 count - surgeon operation" },
	/* the number inside "of the 300 workers" is a figure of its own */
	{ "Half of the 300 workers at the mill are women.",
	  "50 percent % worker | 300 count - worker" },
	/* X of N counts what N counts */
	{ "The club won 11 of its 14 matches.",
	  "11 count - club match | 14 count - club match" },
	/* a verb's object before "by" is what changed; the level after "to" is its level */
	{ "The bank cut its main rate by 50 basis points to 4.75%.",
	  "50 measure bp main rate | 4.75 percent % main rate" },
	/* a bare plural object before "by" */
	{ "The new drug reduced relapses by 30 percent.",
	  "30 percent % relapse" },
	/* a spaced number before a singular noun and a singular head measures the first */
	{ "The 12 page report was leaked.",
	  "12 measure page report" },
	/* a temperature glued to its scale's letter */
	{ "It was 41C in Cordoba on Monday.",
	  "41 measure °C -" },
	/* two amounts of one width with a spaced dash are a range, not a year */
	{ "Adults need 2000 - 2500 Calories a day.",
	  "2000-2500 measure cal adult" },
	/* an era makes a year, and the end of a span that starts on one */
	{ "The fort was held between A.D. 1000 and 1260 by the clan.",
	  "1000 year - - | 1260 year - -" },
	/* house numbers are a label, never listed */
	{ "The depot sits at 16-18 Harbour Road.",
	  "" },
	/* a size between a count and its noun is a figure of its own */
	{ "The plant fills eight million 500ml bottles a year.",
	  "8000000 count - bottle | 500 measure ml bottle" },
	/* a measure word after "a"/"an" is a price's rate */
	{ "Silver traded at $24 an ounce.",
	  "24 money USD silver" },
	/* a comparative adjective is no subject */
	{ "Fares are 30% cheaper this winter.",
	  "30 percent % fare" },
	/* an -ing verb opens no subject before "of" */
	{ "Pay rose 5%, beating inflation of 3.1%.",
	  "5 percent % pay | 3.1 percent % inflation" },
	/* a bare singular object before "by" */
	{ "The frost cut grape output by a third.",
	  "33.3333333333333 percent % grape output" },
	/* a vote is two figures; "VERB ... from X to Y" a change, not a range */
	{ "The assembly approved the measure 71 to 29.",
	  "71 count - assembly | 29 count - assembly" },
	{ "The club raised the ticket price from 40 to 45 euros.",
	  "40 count - ticket price | 45 money EUR ticket price" },
	/* "N-strong" counts the noun after it */
	{ "A 2,000-strong army crossed the river.",
	  "2000 count - army" },
	/* no subject reaches back across a verb before "of" */
	{ "The storm brought gusts of up to 140 km/h.",
	  "140 measure km/h gust" },
	/* a compound ordinal is one ordinal, never a tens word and a word */
	{ "Her thirty-second birthday fell in the twenty-first week.",
	  "32 ordinal - - | 21 ordinal - -" },
	/* measure words of science and computing are units */
	{ "The filter traps 35 micrograms per cubic metre at 920 millibars.",
	  "35 measure \xc2\xb5g filter | 920 measure mbar filter" },
};

/* The claims of set as the rows write them. */
static void render(char *out, size_t cap, const ct_claimset *set)
{
	size_t k, n = 0;

	out[0] = '\0';
	for (k = 0; k < set->count && n < cap; k++) {
		const ct_claim *c = &set->items[k];
		char v[64];

		if (c->has_high)
			snprintf(v, sizeof(v), "%.15g-%.15g", c->value, c->high);
		else
			snprintf(v, sizeof(v), "%.15g", c->value);
		n += (size_t)snprintf(out + n, cap - n, "%s%s %s %s %s", k ? " | " : "", v,
			ct_claim_kind_name(c->kind), c->unit ? c->unit : "-", c->key[0] ? c->key : "-");
	}
}

START_TEST(test_structure_rows)
{
	const char *s = rows[_i].sentence;
	ct_claimset set = CT_CLAIMSET_INIT;
	char got[1024];

	ck_assert_int_eq(ct_claims_extract_sentence(&set, s, strlen(s), NULL, 0), 0);
	ct_claimset_keep_listed(&set);
	render(got, sizeof(got), &set);
	ck_assert_msg(!strcmp(got, rows[_i].want), "%s\n got: %s\nwant: %s", s, got, rows[_i].want);
	ct_claimset_clear(&set);
}
END_TEST

/* The house numbers are read, as a label: listed by claims --all only. */
START_TEST(test_structure_house_numbers_label)
{
	static const char s[] = "The depot sits at 16-18 Harbour Road.";
	ct_claimset set = CT_CLAIMSET_INIT;

	ck_assert_int_eq(ct_claims_extract_sentence(&set, s, strlen(s), NULL, 0), 0);
	ck_assert_uint_eq(set.count, 1);
	ck_assert_int_eq(set.items[0].kind, CT_KIND_LABEL);
	ck_assert(set.items[0].value == 16 && set.items[0].high == 18);
	ct_claimset_clear(&set);
}
END_TEST

Suite *make_structure_suite(void)
{
	Suite *s = suite_create("structure");
	TCase *tc = tcase_create("rows");

	tcase_add_loop_test(tc, test_structure_rows, 0, (int)(sizeof(rows) / sizeof(rows[0])));
	tcase_add_test(tc, test_structure_house_numbers_label);
	suite_add_tcase(s, tc);
	return s;
}
