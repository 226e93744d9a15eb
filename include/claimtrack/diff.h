/*
 * claimtrack: diff two claim sets.
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
} ct_change;

typedef struct ct_diff {
	ct_change *changes;
	size_t count;          /* entries in changes (unchanged ones included when asked) */
	size_t unchanged;      /* claims matched with the same figure */
} ct_diff;

typedef struct ct_diff_options {
	unsigned int version;
	int include_years;     /* report year claims (off by default) */
	int include_ordinals;  /* report ordinal claims (off by default) */
	int include_unchanged; /* list matched equal figures too (timelines) */
} ct_diff_options;

#define CT_DIFF_OPTIONS_VERSION 1
#define CT_DIFF_OPTIONS_INIT { CT_DIFF_OPTIONS_VERSION, 0, 0, 0 }

/* Match claims of old and new (by section and key, then by similarity) and
 * list what changed. The result borrows claims from both sets. */
int ct_diff_compute(ct_diff **out, const ct_claimset *old,
	const ct_claimset *new, const ct_diff_options *opts);
void ct_diff_free(ct_diff *diff);

const char *ct_change_kind_name(ct_change_kind kind);

#ifdef __cplusplus
}
#endif
#endif
