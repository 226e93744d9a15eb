/* SPDX-License-Identifier: MIT */
/*
 * The units a diff matches figures in (diff_units.c): the document, or in
 * a feed each item. Every wanted claim and every known item of both sides
 * becomes an entry; sorted by item, the entries group into units, in the
 * order the items first appear (the old version's, then those only the
 * new one has).
 */
#ifndef CT_DIFF_UNITS_H
#define CT_DIFF_UNITS_H

#include <stddef.h>

#include "claimtrack/diff.h"

typedef struct ct_diff_entry {
	const char *sec;   /* NULL: outside any item */
	int side;          /* 0 old, 1 new */
	size_t idx;        /* claim index, or (size_t)-1 for the item itself */
} ct_diff_entry;

typedef struct ct_diff_unit {
	size_t start, end;      /* its entries */
	size_t order;           /* where it first appears: old first, then new */
	const ct_claim_section *item[2];
	int has[2];             /* present on each side */
} ct_diff_unit;

/* Entries for every wanted claim and every known item of both sides. */
int ct_diff__entries(ct_diff_entry **out, size_t *count, const ct_claimset *old,
	const ct_claimset *new, const ct_diff_options *o);
/* The sorted entries grouped into units, in order of first appearance. */
int ct_diff__units(ct_diff_unit **out, size_t *count, const ct_diff_entry *e, size_t n,
	const ct_claimset *old, const ct_claimset *new);

#endif
