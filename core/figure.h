/* SPDX-License-Identifier: MIT */
/*
 * Figure identity: when two claims report the same quantity, whatever the
 * wording. "20,000" and "20k", "four" and "4", "14 days" and "two weeks",
 * "three quarters" and "75%" are one figure; the matcher in diff.c asks
 * this module and nothing else.
 */
#ifndef CT_FIGURE_H
#define CT_FIGURE_H

#include <stdint.h>

#include "claimtrack/claims.h"

/* What kind of quantity a figure is, for comparing values across forms. */
typedef enum {
	CT_FIG_NUMBER = 0,   /* counts, and percentages as fractions */
	CT_FIG_MONEY,        /* per currency */
	CT_FIG_DURATION,     /* in seconds */
	CT_FIG_AGE,          /* in days */
	CT_FIG_MEASURE       /* per unit as written */
} ct_fig_class;

typedef struct ct_figure_id {
	ct_fig_class cls;
	const char *unit;    /* currency or measure unit (borrowed), else NULL */
	const char *per;     /* a rate's time unit (borrowed): "3,000 a day" is no
	                      * "3,000" */
	double value;        /* in the class's base unit */
	double high;         /* upper end of a range, in the same unit */
	int has_high;
	int age;             /* an age: a property of one person, not a tally */
	uint64_t hash;       /* equal ids hash equal */
} ct_figure_id;

/* Is c a figure monitors are told about (not a year, an ordinal, a date,
 * a label or a vague word)? years/ordinals let those through when asked. */
int ct_figure_wanted(const ct_claim *c, int years, int ordinals);

/* The identity of c's quantity. */
void ct_figure_id_of(ct_figure_id *out, const ct_claim *c);

/* Same quantity (value, range, class and unit), whatever the wording. */
int ct_figure_id_equal(const ct_figure_id *a, const ct_figure_id *b);

/* May a and b count the same kind of thing at all (same class and unit)?
 * Only such figures can be paired as one figure that changed. */
int ct_figure_comparable(const ct_figure_id *a, const ct_figure_id *b);

#endif
