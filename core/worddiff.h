/* SPDX-License-Identifier: MIT */
/*
 * The words that changed between two sentences (a longest common
 * subsequence over space-separated words), as runs the reports mark: the
 * text report as [-old-]{+new+}, the HTML report as <del>/<ins>.
 */
#ifndef CT_WORDDIFF_H
#define CT_WORDDIFF_H

#include <stddef.h>

typedef enum { CT_WD_SAME = 0, CT_WD_DEL, CT_WD_INS } ct_wd_kind;

typedef struct ct_wd_op {
	ct_wd_kind kind;
	const char *s;     /* into the old (SAME, DEL) or new (INS) sentence */
	size_t n;          /* one word for SAME; a run of words, spaces kept, otherwise */
} ct_wd_op;

/* The ops turning a into b, in order: each run of deletions, then of
 * insertions, then one equal word. Sentences over 400 words are one
 * deletion and one insertion. *ops is the caller's (free). */
int ct__word_diff(ct_wd_op **ops, size_t *nops, const char *a, const char *b);

#endif
