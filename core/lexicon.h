/* SPDX-License-Identifier: MIT */
/*
 * Word tables of the claim grammar (internal to core/): one lookup per word
 * token, case-insensitive, through a hash built once.
 */
#ifndef CT_LEXICON_H
#define CT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

/* Word classes; a word may carry several. */
enum {
	L_NUM      = 1u << 0,  /* cardinal: "three", "twenty" (val) */
	L_SCALE    = 1u << 1,  /* "hundred", "million", "bn", "k" (val) */
	L_ORD      = 1u << 2,  /* ordinal: "third" (val) */
	L_FRAC     = 1u << 3,  /* denominator: "half", "thirds", "quarter" (val) */
	L_CUR      = 1u << 4,  /* currency word: "dollars" (unit ISO, val factor) */
	L_MEAS     = 1u << 5,  /* measure unit: "km", "miles" (unit) */
	L_PCT      = 1u << 6,  /* "percent", "pct", "pc" */
	L_UP       = 1u << 7,  /* change upward: "rose", "up" */
	L_DOWN     = 1u << 8,  /* change downward: "fell", "down" */
	L_PREP     = 1u << 9,  /* preposition */
	L_DET      = 1u << 10, /* determiner, possessive pronoun */
	L_PRON     = 1u << 11, /* pronoun, relative pronoun */
	L_VERB     = 1u << 12, /* verb form (auxiliary or common) */
	L_CONJ     = 1u << 13, /* conjunction */
	L_MONTH    = 1u << 14, /* month name or abbreviation */
	L_PERUNIT  = 1u << 15, /* noun after "a"/"per": "day", "capita" (unit) */
	L_PERADV   = 1u << 16, /* "daily", "annually" (unit) */
	L_ADV      = 1u << 17, /* filler adverb: "just", "only", "still" */
	L_VAGUE    = 1u << 18, /* "dozens", "hundreds", "thousands", "tens" (val) */
	L_WEEKDAY  = 1u << 19,
	L_TIMEN    = 1u << 20, /* duration noun: "days", "years" */
	L_NOTNOUN  = 1u << 21  /* never heads a counted noun phrase */
};

typedef struct ct_lex {
	const char *word;     /* lower case */
	uint32_t cls;
	double val;
	const char *unit;     /* ISO code, unit spelling or rate unit */
} ct_lex;

/* ASCII case folding without locale calls: ct_lower['A'] == 'a'; every
 * other byte maps to itself. */
extern const unsigned char ct_lower[256];

/* The entry for a word (any case, len bytes), or NULL. */
const ct_lex *ct_lex_find(const char *w, size_t len);

#endif
