/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: diff two claim sets.
 *
 * The diff reports figures, not mentions: a figure told twice (headline and
 * summary) is one change, listing every place it appears; a figure that
 * moves or is restated ("four" -> "4", "20,000" -> "20k") is no change. In
 * a feed the item is the unit: figures are matched only within one item,
 * and an item that arrives or leaves is an item event, not a heap of
 * figures added or removed.
 */
#ifndef CLAIMTRACK_DIFF_H
#define CLAIMTRACK_DIFF_H

#include "claims.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CT_CHANGE_CHANGED = 0,
	CT_CHANGE_ADDED,
	CT_CHANGE_REMOVED,
	CT_CHANGE_UNCHANGED    /* only with include_unchanged: a matched, equal figure */
} ct_change_kind;

typedef struct ct_change {
	ct_change_kind change;
	const ct_claim *old;   /* borrowed from the old set; NULL when added */
	const ct_claim *new;   /* borrowed from the new set; NULL when removed */
	double delta;          /* new - old, valid when has_delta */
	double ratio;          /* delta / old, valid when has_ratio */
	int has_delta;
	int has_ratio;
	/* Every mention of this figure on each side, in document order, old
	 * (or new) first among them; 0 and NULL on the side it is missing. */
	const ct_claim *const *old_mentions;
	size_t nold_mentions;
	const ct_claim *const *new_mentions;
	size_t nnew_mentions;
	int qualifier_only;    /* same value, only the qualifier moved ("some" -> "up to") */
	const ct_claim_section *item;   /* the feed item it is in, or NULL */
	const char *why;       /* how old and new were paired (static), for --debug */
} ct_change;

typedef enum {
	CT_ITEM_ARRIVED = 0,   /* a feed item the old version did not have */
	CT_ITEM_LEFT           /* a feed item the new version no longer has */
} ct_item_event_kind;

typedef struct ct_item_event {
	ct_item_event_kind event;
	const ct_claim_section *item;    /* borrowed from the set it is in */
	const ct_claim *const *figures;  /* its figures, as context */
	size_t nfigures;
} ct_item_event;

typedef struct ct_diff {
	ct_change *changes;
	size_t count;          /* entries in changes (unchanged ones included when asked) */
	size_t unchanged;      /* figures matched with the same value */
	size_t changed, added, removed;  /* entries of each kind in changes */
	ct_item_event *items;  /* feed items that arrived or left, when asked */
	size_t nitems;
	size_t items_arrived, items_left;
	int items_listed;      /* options.items: item events count as changes */
	/* storage the changes' mention lists point into */
	const ct_claim **pool;
} ct_diff;

typedef struct ct_diff_options {
	unsigned int version;
	int include_years;     /* report year claims (off by default) */
	int include_ordinals;  /* report ordinal claims (off by default) */
	int include_unchanged; /* list matched equal figures too (timelines) */
	int qualifiers;        /* report qualifier-only moves as changes, marked */
	int items;             /* list feed items that arrived or left */
	double min_abs;        /* report a changed figure only if |delta| >= this */
	double min_ratio;      /* ... and only if |delta / old| >= this (0.05: 5%) */
} ct_diff_options;

#define CT_DIFF_OPTIONS_VERSION 2
#define CT_DIFF_OPTIONS_INIT { CT_DIFF_OPTIONS_VERSION, 0, 0, 0, 0, 0, 0, 0 }

/* Match the figures of old and new and list what changed. The result
 * borrows claims from both sets, which must outlive it. */
int ct_diff_compute(ct_diff **out, const ct_claimset *old,
	const ct_claimset *new, const ct_diff_options *opts);
/* Free a diff from ct_diff_compute (NULL: nothing). */
void ct_diff_free(ct_diff *diff);

/* Set opts' threshold from "N" (an amount) or "N%" (of the old value), as
 * `--min-change` takes it; CT_EINVAL with a message when it is neither. */
int ct_diff_parse_min_change(ct_diff_options *opts, const char *arg);

/* Does the diff hold anything a monitor is told about (figure changes,
 * and item events when they were asked for)? The exit status of diff. */
int ct_diff_has_changes(const ct_diff *diff);

/* The names the JSON reports use for a change and an item event (static). */
const char *ct_change_kind_name(ct_change_kind kind);
const char *ct_item_event_name(ct_item_event_kind kind);

#ifdef __cplusplus
}
#endif
#endif
