/* SPDX-License-Identifier: MIT */
/*
 * The claim grammar's shared types, and what one of its stages asks of
 * another (internal to core/). A sentence goes through the stages in order:
 *
 *   tokens.c    the sentence cut into tokens, each word looked up once in
 *               the lexicon (lexicon.h); predicates over tokens and words
 *   numbers.c   a number at a token: digits, words, scales, fractions
 *   units.c     what follows and precedes it: currency, unit, rate ("a
 *               day"), qualifier ("about", "more than", "up")
 *   phrases.c   where a noun phrase or a clause starts and ends
 *   owners.c    who or what identifies a figure's noun ("workers of Ford")
 *   subjects.c  which phrase a figure counts: its subject, and its owner
 *   lists.c     figures of one list share what its last member says
 *   extract.c   a figure read, judged (dates, years, names are none) and
 *               emitted as a claim; the key comes from keys.c
 *
 * Each stage calls only the ones above it. Tokens are indexes into
 * sent.t; a span of tokens is [a,b).
 */
#ifndef CT_GRAMMAR_H
#define CT_GRAMMAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "claimtrack/claims.h"
#include "lexicon.h"

/*
 * The stages' functions keep their short names in the source; the library
 * exports them under its ct_ prefix only, as it does every symbol.
 */
#define tokenize       ct_grammar__tokenize
#define tail_is        ct_grammar__tail_is
#define tok_is_s       ct_grammar__tok_is_s
#define is_upper_word  ct_grammar__is_upper_word
#define np_word        ct_grammar__np_word
#define participle     ct_grammar__participle
#define plural_word    ct_grammar__plural_word
#define ly_adverb      ct_grammar__ly_adverb
#define possessive     ct_grammar__possessive
#define verb_base_in   ct_grammar__verb_base_in
#define particle_before ct_grammar__particle_before
#define finite_verb    ct_grammar__finite_verb
#define verb_likelier  ct_grammar__verb_likelier
#define wb_fill        ct_grammar__wb_fill
#define parse_number   ct_grammar__parse_number
#define currency_prefix ct_grammar__currency_prefix
#define read_unit      ct_grammar__read_unit
#define read_per       ct_grammar__read_per
#define read_cents     ct_grammar__read_cents
#define read_qualifier ct_grammar__read_qualifier
#define read_band      ct_grammar__read_band
#define noun_phrase    ct_grammar__noun_phrase
#define proper_tail    ct_grammar__proper_tail
#define modifier_only  ct_grammar__modifier_only
#define clause_start   ct_grammar__clause_start
#define index_clauses  ct_grammar__index_clauses
#define clause_subject ct_grammar__clause_subject
#define speech_verb    ct_grammar__speech_verb
#define attribute      ct_grammar__attribute
#define subject_copy   ct_grammar__subject_copy
#define fragment_subject ct_grammar__fragment_subject
#define verb_group_start ct_grammar__verb_group_start
#define owner_verb_ok  ct_grammar__owner_verb_ok
#define add_owner      ct_grammar__add_owner
#define verb_at        ct_grammar__verb_at
#define list_holds     ct_grammar__list_holds
#define list_linked    ct_grammar__list_linked
#define list_share     ct_grammar__list_share

/* ---- tokens (tokens.c) ---- */

enum { T_WORD, T_NUM, T_PUNCT, T_SYM };

/* symbol kinds */
enum { S_NONE, S_CUR, S_PCT, S_DASH, S_FRAC, S_DEG, S_TILDE, S_MINUS, S_INCH, S_TIMES };

typedef struct tok {
	uint32_t s, n;       /* byte span in the sentence */
	uint8_t type;
	uint8_t glued;       /* no space before */
	uint8_t cap;         /* word starts with an upper-case letter */
	uint8_t sym;         /* symbol kind (T_SYM, T_PUNCT dash) */
	uint8_t dec;         /* number had a decimal part */
	uint8_t sep;         /* number had grouping separators */
	uint8_t ndig;        /* digits before the point */
	uint8_t used;        /* consumed by a figure */
	uint32_t cls;        /* lx->cls of a word in the lexicon, else 0 */
	uint16_t wb;         /* W_* bits of its open-class entry (WordNet), else 0;
	                      * looked up on first use (tok_wb) */
	uint8_t wb_done;     /* wb is set */
	const ct_lex *lx;
	uint64_t low8;       /* a word's first eight bytes folded (lit8) */
	double v;            /* number value, fraction value of a symbol */
	const char *unit;    /* currency code of a symbol */
} tok;

typedef struct sent {
	const char *s;
	size_t len;
	tok *t;
	size_t n, cap;
	tok *stack;          /* the caller's initial token array, not freed */
	/* Clause boundaries of a long sentence (NULL for a short one, whose
	 * clauses are found by scanning): for token a, cb1[a] is the last
	 * boundary at or before a, cb2[a] the last "and the" boundary at or
	 * before a (see clause_start). They live in the heap block of t, so
	 * freeing t frees them. */
	uint32_t *cb1, *cb2;
	size_t first_semi;   /* the first ';' token, or n when there is none */
} sent;

/* Sentences of more tokens than this get a clause index at tokenize time,
 * so that no figure's clause search scans back across the whole sentence:
 * a 10 MB run-on sentence takes time in proportion to its length. */
#define CLAUSE_INDEX_MIN 256
/* No scan for a clause's subject or verb runs further than this many
 * tokens: a subject that far from its figure is not one. */
#define SCAN_MAX 64

/* Byte classes as the C locale has them, without a locale call per byte:
 * the tokenizer asks several per byte of every sentence. */
static inline int ascii_alpha(unsigned c)
{
	return (c | 0x20) - 'a' < 26u;
}

static inline int ascii_upper(unsigned c)
{
	return c - 'A' < 26u;
}

static inline int ascii_digit(unsigned c)
{
	return c - '0' < 10u;
}

static inline int ascii_alnum(unsigned c)
{
	return ascii_alpha(c) || ascii_digit(c);
}

/*
 * A word's first eight bytes ASCII-folded, byte k at bits 8k, zero past its
 * end: the grammar compares words with literals some two hundred ways, and
 * tok_is does it as one integer compare against the literal's lit8, a
 * constant the compiler folds.
 */
#define FOLD(c) ((uint64_t)((unsigned)(c) - 'A' < 26u ? (unsigned)(c) | 0x20u : (unsigned)(c)))
#define LIT8_AT(p, k) (FOLD((unsigned char)(p)[k]) << (8 * (k)))
/* w must be a string literal: eight NULs stand for the bytes past its end */
#define lit8(w) (LIT8_AT("" w "\0\0\0\0\0\0\0\0", 0) | LIT8_AT("" w "\0\0\0\0\0\0\0\0", 1) | \
	LIT8_AT("" w "\0\0\0\0\0\0\0\0", 2) | LIT8_AT("" w "\0\0\0\0\0\0\0\0", 3) | \
	LIT8_AT("" w "\0\0\0\0\0\0\0\0", 4) | LIT8_AT("" w "\0\0\0\0\0\0\0\0", 5) | \
	LIT8_AT("" w "\0\0\0\0\0\0\0\0", 6) | LIT8_AT("" w "\0\0\0\0\0\0\0\0", 7))

static inline uint64_t fold8(const unsigned char *w, size_t n)
{
	uint64_t v = 0;
	size_t k;

	for (k = 0; k < n && k < 8; k++)
		v |= FOLD(w[k]) << (8 * k);
	return v;
}

/* Cut st->s[0,st->len) into st->t[0,st->n), growing the array from the
 * caller's st->stack as needed. Returns 0, or -1 when out of memory. */
int tokenize(sent *st);

#define TK(st, i) (&(st)->t[(i)])

/* Bytes [8,n) of word t and w the same, any case. */
int tail_is(const sent *st, const tok *t, const char *w, size_t n);

/* Is token i the word w (n bytes, folded first eight w8), any case? This is
 * the grammar's hottest comparison: length, type and w8 decide most. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int tok_is_n8(const sent *st, size_t i, const char *w, size_t n, uint64_t w8)
{
	const tok *t;

	if (i >= st->n)
		return 0;
	t = &st->t[i];
	if (t->n != n || t->type != T_WORD || t->low8 != w8)
		return 0;
	return n <= 8 || tail_is(st, t, w, n);
}

/* w must be a string literal */
#define tok_is(st, i, w) tok_is_n8((st), (i), "" w, sizeof(w) - 1, lit8(w))

/* Is token i the word w (a C string), any case? */
int tok_is_s(const sent *st, size_t i, const char *w);

static inline int tok_ch(const sent *st, size_t i, char c)
{
	return i < st->n && st->t[i].type == T_PUNCT && st->t[i].n == 1 && st->s[st->t[i].s] == c;
}

static inline uint32_t cls(const sent *st, size_t i)
{
	return i < st->n && st->t[i].type == T_WORD ? st->t[i].cls : 0;
}

/* Look word t up in WordNet and keep its bits in t->wb. */
unsigned wb_fill(const sent *st, const tok *t);

/*
 * W_* bits of word token t, 0 when WordNet does not know it, or the hand
 * list or a capital letter decides the word alone. Looked up the first time
 * the grammar asks: most words of a sentence never stand near a figure, and
 * a lookup in a table of 150,000 words is a cache miss or two.
 */
static inline unsigned tok_wb(const sent *st, const tok *t)
{
	return t->wb_done ? t->wb : wb_fill(st, t);
}

static inline unsigned wbits(const sent *st, size_t i)
{
	return i < st->n && st->t[i].type == T_WORD ? tok_wb(st, &st->t[i]) : 0;
}

static inline int is_dash(const sent *st, size_t i)
{
	return i < st->n && st->t[i].type == T_PUNCT && st->t[i].sym == S_DASH;
}

static inline int is_word(const sent *st, size_t i)
{
	return i < st->n && st->t[i].type == T_WORD;
}

/* Where a figure's trailing words stop being its own. */
static inline int is_stop(const sent *st, size_t i)
{
	return i >= st->n || TK(st, i)->type == T_PUNCT;
}

/* Does word i end with suf (any case) and have more than two bytes before
 * it? The grammar asks this of many words: no locale, no library call. */
static inline int ends_with(const sent *st, size_t i, const char *suf)
{
	const tok *t = &st->t[i];
	size_t n = strlen(suf), k;
	const char *w;

	if (t->n <= n + 2)
		return 0;
	w = st->s + t->s + t->n - n;
	for (k = 0; k < n; k++)
		if (ct_lower[(unsigned char)w[k]] != ct_lower[(unsigned char)suf[k]])
			return 0;
	return 1;
}

/* s[0,n) is all upper-case ASCII letters (and not empty). */
int is_upper_word(const char *s, size_t n);
/* Word i can be part of a noun phrase. */
int np_word(const sent *st, size_t i);
/* Word i is a participle or verb form by its ending: "landed", "easing". */
int participle(const sent *st, size_t i);
/* Word i looks like a plural noun: "agents", "people". */
int plural_word(const sent *st, size_t i);
/* Word i is an adverb in -ly the lexicon does not know: "eventually". */
int ly_adverb(const sent *st, size_t i);
/* Word i is a possessive: "England's", or with U+2019. */
int possessive(const sent *st, size_t i);
/* Word i is a form of one of the verbs (base forms, NULL-terminated), by
 * WordNet's base of the word, else as spelled. */
int verb_base_in(const sent *st, size_t i, const char *const *verbs);
/* Word p is "up" or "down" as a verb's particle ("shot down", "picked
 * up"), not a change: the verb before it does not move figures. */
int particle_before(const sent *st, size_t p);
/* Word i reads as the finite verb of its clause: a verb of the hand list,
 * a word WordNet knows only as a verb form, or a noun-or-verb form where a
 * verb stands, after its subject and before an object or a figure ("The
 * storm leaves 200,000", "Residents fear 30 more"). */
int finite_verb(const sent *st, size_t i);
/* Word i is a finite verb form that WordNet's sense-tagged texts see more
 * often as a verb than as a noun ("worries", "leaves"; not "homes"). */
int verb_likelier(const sent *st, size_t i);

/* ---- numbers (numbers.c) ---- */

typedef struct num {
	double v, high;
	int has_high;
	size_t a, b;         /* tokens [a,b) */
	int spelled;         /* in words */
	int scaled;          /* had a scale word or suffix */
	int vague;           /* "thousands of" */
	int frac;            /* a fraction */
	int plain;           /* bare digits, no separators, decimals or scale */
	int ordinal;
	int alone_one;       /* the word "one" alone */
} num;

/* A number of any form at token i (digits or words, with scale) into *n;
 * money: the figure has a currency, so "300m" is a million. Returns 1, or
 * 0 when there is none. */
int parse_number(const sent *st, size_t i, num *n, int money);

/* ---- figures, units, rates, qualifiers (units.c) ---- */

typedef struct fig {
	num n;
	size_t a, b;           /* tokens of the figure, qualifier excluded */
	size_t qa;             /* first token of the qualifier */
	ct_claim_kind kind;
	const char *unit;
	char unitbuf[24];
	const char *per;
	const char *qual;
	size_t sa, sb;         /* subject tokens [sa,sb) */
	size_t sa2, sb2;       /* second subject span (a tail), or sa2 == sb2 */
	const char *join;      /* between the spans: " " or " of " */
	const char *rule;
	const char *band;      /* "bottom", "top", ... (read_band), or NULL */
	int skip;
} fig;

/* Currency prefix at i: "$", "US$", "HK $", "C$", "USD", "£". Returns the
 * token after it and sets *iso, or returns i. */
size_t currency_prefix(const sent *st, size_t i, const char **iso);
/* Unit words after the number at j into f (kind, unit): percent, currency
 * words, measures. Returns the token after them. */
size_t read_unit(const sent *st, size_t j, fig *f);
/* A rate at j ("a day", "per month", "daily") into *per. Returns the token
 * after it, or j. */
size_t read_per(const sent *st, size_t j, const char **per);
/* The subunit after a sum in its main unit ("and forty-five cents"):
 * added to f; returns the token after it, or j. */
size_t read_cents(const sent *st, size_t j, fig *f);
/* The qualifier before token a ("about", "more than", "up"), skipping
 * filler; *qa is set to its first token. */
const char *read_qualifier(const sent *st, size_t a, size_t *qa);
/* The rank band of figure f: "the bottom 10% of", "the top 10 offices".
 * Returns the band word (static), or NULL. */
const char *read_band(const sent *st, const fig *f);

/* ---- phrases (phrases.c) ---- */

/* The end of a noun phrase of at most max words starting at token i. */
size_t noun_phrase(const sent *st, size_t i, size_t max);
/* Word i only modifies a verb: WordNet knows it as an adverb and never as
 * a noun or verb ("overnight", "abroad"), or the hand list calls it an
 * adverb ("more", "fewer"). No phrase ends on one. */
int modifier_only(const sent *st, size_t i);
/* The end of a proper-noun tail at i ("from the FBI and the DEA"), or i. */
size_t proper_tail(const sent *st, size_t i);
/* The first token of the clause that holds token a. */
size_t clause_start(const sent *st, size_t a);
/* Fill st->cb1 and st->cb2 (n + 1 entries each) for clause_start. */
void index_clauses(sent *st);
/* The subject noun phrase [*sa,*sb) of the clause from k up to a (or of an
 * earlier clause when this one has none). Returns 1, or 0 when none. */
int clause_subject(const sent *st, size_t k, size_t a, size_t *sa, size_t *sb);
/* Is word i a verb of saying ("said", "warns", "added")? */
int speech_verb(const sent *st, size_t i);

/* ---- subjects (subjects.c) ---- */

/* The subject of figure f, set in f (sa, sb, the tail sa2, sb2, rule) from
 * the tokens around it; prev is the figure before it in the sentence
 * (NULL for none), whose phrase ended at token after_prev. Returns the end
 * of the figure's noun phrase, for the claim's text. */
size_t attribute(sent *st, fig *f, const fig *prev, size_t after_prev);
/* f counts what g counts: g's subject and owner spans, under rule. */
void subject_copy(fig *f, const fig *g, const char *rule);

/* ---- owners (owners.c) ---- */

/* The first token of the verb group that leads to the figure at qa, into
 * *v_out. Returns 0 when no verb leads there, or it is one of saying. */
int verb_group_start(const sent *st, size_t qa, size_t *v_out);
/* May the verb before the figure at qa give it an owner? Not a patient
 * verb's ("The storm leaves 200,000 without power"). */
int owner_verb_ok(const sent *st, size_t qa);
/* Set f's owner (sa2, sb2) when its noun alone does not identify it. */
void add_owner(const sent *st, fig *f);
/* A verb of the clause at token i: a known verb form, a change verb or an
 * unknown participle. */
int verb_at(const sent *st, size_t i);
/* The first clause's subject [*sa,*sb) when the figure at qa sits in a
 * verbless item of a list after a semicolon ("...; $1 million to $1.25
 * million, 99 days"). Returns 1, or 0 when it does not. */
int fragment_subject(const sent *st, size_t qa, size_t *sa, size_t *sb);

/* ---- lists (lists.c) ---- */

enum { LIST_NONE, LIST_SUSPENDED, LIST_BARE };

/* Should attributed figure f (its phrase ending at np_end) wait for the
 * next figure of its list? LIST_SUSPENDED: it ends on a hyphen whose noun
 * comes later ("four-, five- and six-cylinder"); LIST_BARE: it has no
 * subject of its own (none, or the clause's) and list punctuation follows
 * ("5% and 7% of the vote", "450 Nm (332 lb-ft) of torque").
 * Else LIST_NONE. */
int list_holds(const sent *st, const fig *f, size_t np_end);
/* Are tokens [from,to) nothing but list punctuation ("," "and" "or" "("
 * ")" "/"), so that the figures before and after belong to one list? */
int list_linked(const sent *st, size_t from, size_t to);
/* Held figure f (held as how) takes from last, the next figure of its
 * list: a suspended one its unit and subject, a bare one its subject when
 * the two are in the same unit or last converts f in parentheses. */
void list_share(const sent *st, fig *f, int how, const fig *last);

#endif
