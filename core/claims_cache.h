/* SPDX-License-Identifier: MIT */
/*
 * A cache of the claims of sentences already extracted, inside core/.
 *
 * ct_claims_extract_sentence is a function of the sentence's bytes alone,
 * apart from the section and sentence number it writes into each claim:
 * the grammar keeps no state from one sentence to the next, and every
 * claim's text is a span of its sentence (its offset counts from the
 * sentence's first byte). So the claims of a sentence seen before can be
 * pushed again, with the new section and number, instead of re-read, and
 * the set gets exactly the claims extraction would have given it.
 *
 * Consecutive versions of an article repeat most of their sentences, so a
 * multi-version write (an import, a watch) extracts each once. A cache is
 * used by one thread at a time: no locking.
 */
#ifndef CT_CLAIMS_CACHE_H
#define CT_CLAIMS_CACHE_H

#include <stddef.h>

#include "claimtrack/claims.h"

typedef struct ct_claims_cache ct_claims_cache;

/*
 * Bounds. A sentence longer than CT_CLAIMS_CACHE_SENTENCE_MAX bytes, or
 * whose entry would take more than CT_CLAIMS_CACHE_ENTRY_MAX, is extracted
 * and never stored. The entries live in two generations: new ones and the
 * ones hit go into the current one; when it holds CT_CLAIMS_CACHE_GEN_ENTRIES
 * entries or CT_CLAIMS_CACHE_GEN_BYTES bytes, the previous generation is
 * dropped and the current one becomes it. A cache never holds more than
 * two generations: about 2 * (GEN_BYTES + ENTRY_MAX) plus its tables.
 */
#define CT_CLAIMS_CACHE_SENTENCE_MAX 4096
#define CT_CLAIMS_CACHE_ENTRY_MAX (64 * 1024)
#define CT_CLAIMS_CACHE_GEN_ENTRIES 4096
#define CT_CLAIMS_CACHE_GEN_BYTES (2 * 1024 * 1024)

/* A new empty cache; CT_ENOMEM. */
int ct_claims_cache_new(ct_claims_cache **out);

/* Free the cache and every entry (NULL: nothing). */
void ct_claims_cache_free(ct_claims_cache *cache);

/*
 * ct_claims_extract_sentence(set, s, len, section, sentence_no), through
 * cache: the same claims appended to set, in the same order, with the same
 * fields. cache NULL: the plain call. An entry is found by a keyed hash of
 * the sentence and its length and taken only when its stored bytes equal
 * the sentence's.
 */
int ct_claims_cache__extract_sentence(ct_claims_cache *cache, ct_claimset *set,
	const char *s, size_t len, const char *section, size_t sentence_no);

/* This thread's cache, made on first use and freed when the thread ends;
 * NULL when there is no memory for one (extract without), or when the
 * environment has CLAIMTRACK_CLAIMS_CACHE=0 (read once). */
ct_claims_cache *ct_claims_cache__thread(void);

/* Counters, for the tests and benchmarks. */
typedef struct ct_claims_cache_stats {
	size_t hits, misses, uncacheable;
	size_t entries, bytes;   /* held now, both generations */
	size_t rotations;
} ct_claims_cache_stats;

void ct_claims_cache__stats(ct_claims_cache_stats *out, const ct_claims_cache *cache);

#endif
