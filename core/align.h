/* SPDX-License-Identifier: MIT */
/*
 * Sentence alignment for the diff: which sentence of the new version is
 * the old one rewritten. A sentence is compared by its words without its
 * numbers (digits or number words), so "3,000 agents were sent" and
 * "3,500 agents were sent" are the same sentence with a figure moved.
 */
#ifndef CT_ALIGN_H
#define CT_ALIGN_H

#include <stddef.h>
#include <stdint.h>

/* A sentence's words (lower case, numbers left out) as a sorted set of
 * 64-bit hashes; all is the hash of the whole set. */
typedef struct ct_wordset {
	uint64_t *h;
	size_t n;
	uint64_t all;
} ct_wordset;

int ct_wordset_make(ct_wordset *ws, const char *s, size_t len);
void ct_wordset_free(ct_wordset *ws);

/* |a ∩ b| / |a ∪ b|; two empty sets are equal (1.0). */
double ct_wordset_jaccard(const ct_wordset *a, const ct_wordset *b);

/* Pair sentences one to one, best pair first, where their similarity is at
 * least min: a_to_b[i] is the index in b of a[i]'s partner, or -1. Runs in
 * time near linear in the words of both sides (an inverted index of the
 * rarer words proposes candidates; identical sentences pair at once). */
int ct_align_sentences(long *a_to_b, const ct_wordset *a, size_t na,
	const ct_wordset *b, size_t nb, double min);

#endif
