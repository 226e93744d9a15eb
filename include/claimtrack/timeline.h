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
/* Free a timeline from ct_timeline_build (NULL: nothing). */
void ct_timeline_free(ct_timeline *tl);

typedef struct ct_timeline_labels {
	const char *id;
	const char *const *versions;  /* "1", "2"... or commit ids, one per version */
	const char *const *times;     /* ISO 8601, one per version */
	int all;                      /* also list figures that never changed */
	/* optional, for the HTML page and the Atom feed: */
	const int64_t *observed;      /* seconds since the epoch, one per version */
	const char *const *commits;   /* commit ids, one per version: Atom entry ids */
	const char *title;            /* the document's title */
	const char *url;              /* the article's address */
	const char *diff_base;        /* HTML: link each version's change to
	                                 diff_base + "N" (the server's diff page) */
	const char *home;             /* HTML: a link back to the index, or NULL */
	const char *feed;             /* HTML: the document's Atom feed, linked
	                                 as <link rel="alternate">, or NULL */
} ct_timeline_labels;

/* A timeline as `claimtrack timeline` prints it, appended to out: text,
 * json; html, one self-contained page (no script, no external asset) with,
 * per figure that moved, an SVG step chart of its value over observation
 * time beside its table, the figures that never moved folded away; atom,
 * one entry per figure move, ids made of the commit ids, times the
 * observation times (never the current time). */
int ct_report_timeline(ct_buf *out, const ct_timeline *tl, ct_format fmt,
	const ct_timeline_labels *labels);

/* Did the figure move (change value, or come or go on its own)? */
int ct_series_moved(const ct_series *s, size_t nversions);

/* An Atom feed of several documents' figure changes, newest first, at most
 * max entries (0: all); its updated time is the newest change's. */
typedef struct ct_feed_source {
	const ct_timeline *tl;
	const ct_timeline_labels *labels;   /* id, times, commits required */
} ct_feed_source;

int ct_report_changes_atom(ct_buf *out, const ct_feed_source *docs, size_t n,
	const char *feed_id, const char *feed_title, const char *self, size_t max);

#ifdef __cplusplus
}
#endif
#endif
