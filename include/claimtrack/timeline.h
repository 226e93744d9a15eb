/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: a figure's history across every version of a document.
 *
 * Consecutive versions are paired with the diff's matching, so a figure is
 * followed through rewording exactly as `diff` would follow it.
 */
#ifndef CLAIMTRACK_TIMELINE_H
#define CLAIMTRACK_TIMELINE_H

#include "buf.h"
#include "claims.h"
#include "diff.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_series {
	const ct_claim **at;   /* one per version: the figure there, or NULL */
	size_t first;          /* first version index it appears in */
	size_t changes;        /* how many times its value moved */
	int came_with_item;    /* it appeared because its feed item arrived */
	int left_with_item;    /* it went because its feed item left */
} ct_series;

typedef struct ct_timeline {
	size_t nversions;
	ct_series *series;
	size_t nseries;
} ct_timeline;

/* Follow every figure through sets[0..n-1] (oldest first). The timeline
 * borrows claims from the sets, which must outlive it. */
int ct_timeline_build(ct_timeline **out, const ct_claimset *sets, size_t n,
	const ct_diff_options *opts);
void ct_timeline_free(ct_timeline *tl);

typedef struct ct_timeline_labels {
	const char *id;
	const char *const *versions;  /* "1", "2"... or commit ids, one per version */
	const char *const *times;     /* ISO 8601, one per version */
	int all;                      /* also list figures that never changed */
} ct_timeline_labels;

int ct_report_timeline(ct_buf *out, const ct_timeline *tl, ct_format fmt,
	const ct_timeline_labels *labels);

#ifdef __cplusplus
}
#endif
#endif
