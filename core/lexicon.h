/* SPDX-License-Identifier: MIT */
/*
 * Word tables of the claim grammar (internal to core/): one lookup per word
 * token, case-insensitive. Two halves:
 *
 *   the hand list (lexicon.c): function words, numbers and scales, units,
 *     currencies, months, rate words and the verbs the grammar names, each
 *     with the L_* classes and values the grammar reads (ct_lex_find);
 *   the open classes (WordNet 3.0, generated at build time by
 *     core/lexicon_gen.py): every English noun, verb, adjective and adverb
 *     with its inflected forms, the W_* bits, how often each reading is
 *     seen, and the base forms (ct_lex_open_find and friends).
 *
 * When both know a word and disagree, the hand list decides the closed
 * classes and everything the grammar does with them ("may" is a verb and a
 * month, "worth" a preposition, "leaves" a verb that leads to a figure),
 * and WordNet only adds what the hand list never says: whether the word
 * can be a noun, its plural and its base form. A word the hand list lacks
 * is read from WordNet alone; a word neither knows (a name, a new coinage)
 * is a noun only when it is capitalized or sits where nouns do (see
 * np_word in tokens.c).
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
	L_NOTNOUN  = 1u << 21, /* never heads a counted noun phrase */
	L_AUX      = 1u << 22  /* auxiliary or modal: "has", "will", "could" */
};

typedef struct ct_lex {
	const char *word;     /* lower case */
	uint32_t cls;
	double val;
	const char *unit;     /* ISO code, unit spelling or rate unit */
} ct_lex;

/* Open classes (WordNet): what a word form can be, and how it is inflected. */
enum {
	W_NOUN   = 1u << 0,   /* a noun lemma: "agent", "storm" */
	W_VERB   = 1u << 1,   /* a verb lemma: "leave", "storm" */
	W_ADJ    = 1u << 2,   /* an adjective lemma: "federal" */
	W_ADV    = 1u << 3,   /* an adverb lemma: "eventually" */
	W_PLURAL = 1u << 4,   /* a noun plural: "agents", "leaves", "data" */
	W_V3     = 1u << 5,   /* a verb's -s form: "leaves", "batters" */
	W_VPAST  = 1u << 6,   /* a verb's past or participle: "ran", "stranded" */
	W_VING   = 1u << 7,   /* a verb's -ing form: "stopping" */
	W_COMPAR = 1u << 8    /* an adjective's comparative or superlative: "cheaper" */
};
#define W_NOUNISH (W_NOUN | W_PLURAL)
#define W_VERBISH (W_VERB | W_V3 | W_VPAST | W_VING)
#define W_FINITE  (W_V3 | W_VPAST)

enum { W_POS_NOUN, W_POS_VERB, W_POS_ADJ, W_POS_ADV };

/* ASCII case folding without locale calls: ct_lower['A'] == 'a'; every
 * other byte maps to itself. */
extern const unsigned char ct_lower[256];

/* The entry for a word (any case, len bytes), or NULL. */
const ct_lex *ct_lex_find(const char *w, size_t len);

/* The open-class entry of a word (any case, len bytes): an id, or 0 when
 * WordNet does not know it. */
uint32_t ct_lex_open_find(const char *w, size_t len);
/* Its W_* bits (0 for id 0). */
unsigned ct_lex_open_bits(uint32_t id);
/* How often WordNet's sense-tagged texts saw it as pos (W_POS_*), 0..255;
 * an inflected form counts as its base. */
unsigned ct_lex_open_freq(uint32_t id, int pos);
/* Its base form as a noun (W_POS_NOUN: "leaves" -> "leaf") or a verb
 * (W_POS_VERB: "leaves" -> "leave"), lower case; NULL when it is not an
 * inflected form of that part of speech. */
const char *ct_lex_open_base(uint32_t id, int pos);
/* The generated table's size and hash check, for the tests. */
size_t ct_lex_open_size(void);
int ct_lex_open_selftest(void);

#endif
