/* SPDX-License-Identifier: MIT */
/*
 * Keys: the normalized subject by which a figure is followed from one
 * version of a document to the next. Called by the grammar (extract.c) for
 * every claim, and by anyone who matches subjects.
 */
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claims.h"
#include "lexicon.h"

/* A letter as the C locale has it, without a locale call: keys are built
 * a byte at a time for every claim. */
static inline int ascii_alpha(unsigned c)
{
	return (c | 0x20) - 'a' < 26u;
}

#define W(s) { s, sizeof(s) - 1 }

typedef struct word_len {
	const char *w;
	size_t n;
} word_len;

static const word_len key_stop[] = {
	W("the"), W("a"), W("an"), W("some"), W("these"), W("those"), W("this"), W("that"),
	W("its"), W("their"), W("his"), W("her"), W("our"), W("your"), W("my"), W("all"),
	W("other"), W("such"), W("about"), W("nearly"), W("roughly"), W("around"),
	W("approximately"), W("almost"), W("than"), W("more"), W("less"), W("fewer"),
	W("over"), W("under"), W("least"), W("most"), W("up"), W("to"), W("estimated"),
	W("additional"), W("another"), W("new"), W("total"), W("and"),
};

/* Lengths are compared first: this runs for every word of every key. */
static int word_in(const word_len *tab, size_t count, const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (tab[i].n == n && tab[i].w[0] == w[0] && memcmp(tab[i].w, w, n) == 0)
			return 1;
	return 0;
}

static int is_key_stop(const char *w, size_t n, int first)
{
	/* "of" only goes when it leads ("of the agents") */
	if (n == 2 && w[0] == 'o' && w[1] == 'f')
		return first;
	return word_in(key_stop, sizeof(key_stop) / sizeof(key_stop[0]), w, n);
}

static const struct { word_len plural; const char *singular; } irregular[] = {
	{ W("people"), "people" }, { W("men"), "man" }, { W("women"), "woman" },
	{ W("children"), "child" }, { W("feet"), "foot" }, { W("teeth"), "tooth" },
	{ W("mice"), "mouse" }, { W("geese"), "goose" }, { W("persons"), "person" },
	{ W("police"), "police" }, { W("staff"), "staff" }, { W("news"), "news" },
	{ W("series"), "series" }, { W("species"), "species" }, { W("data"), "data" },
	{ W("media"), "media" }, { W("personnel"), "personnel" }, { W("crises"), "crisis" },
	{ W("analyses"), "analysis" }, { W("lives"), "life" }, { W("wives"), "wife" },
	{ W("knives"), "knife" }, { W("leaves"), "leaf" }, { W("halves"), "half" },
};

/*
 * The singular of a word WordNet knows, into out (n+1 bytes at least): the
 * noun base of a plural ("agents" -> "agent", "leaves" -> "leaf"), the word
 * itself when it is no plural ("economics", "texas", "news"). A plural that
 * is also a noun of its own keeps itself when it is the more common
 * reading ("means", "data"), else goes to its base ("sales" -> "sale").
 * Returns 0 when WordNet does not know the word.
 */
static size_t lexicon_singular(char *out, const char *w, size_t n)
{
	uint32_t id = n > 3 ? ct_lex_open_find(w, n) : 0;
	unsigned bits = ct_lex_open_bits(id);
	const char *base;
	size_t m;

	/* "is", "us", "gas": too short for a plural worth reading */
	if (!id || n <= 3)
		return 0;
	base = ct_lex_open_base(id, W_POS_NOUN);
	if (!(bits & W_PLURAL) || !base || ((bits & W_NOUN) &&
	    ct_lex_open_freq(id, W_POS_NOUN) >= ct_lex_open_freq(ct_lex_open_find(base, strlen(base)),
	    W_POS_NOUN))) {
		memcpy(out, w, n);
		out[n] = '\0';
		return n;
	}
	m = strlen(base);
	if (m > n + 1)
		return 0;
	memcpy(out, base, m + 1);
	return m;
}

/* Singular of a lower-case word, written into out (at least n+1 bytes):
 * the irregular list, WordNet, then the regular endings. */
static size_t singular(char *out, const char *w, size_t n)
{
	size_t i, m;

	for (i = 0; i < sizeof(irregular) / sizeof(irregular[0]); i++) {
		if (irregular[i].plural.n == n && irregular[i].plural.w[0] == w[0] &&
		    memcmp(irregular[i].plural.w, w, n) == 0) {
			m = strlen(irregular[i].singular);

			memcpy(out, irregular[i].singular, m + 1);
			return m;
		}
	}
	if ((m = lexicon_singular(out, w, n)) != 0)
		return m;
	if (n > 3 && memcmp(w + n - 3, "men", 3) == 0) {
		memcpy(out, w, n - 3);
		memcpy(out + n - 3, "man", 4);
		return n;
	}
	memcpy(out, w, n);
	out[n] = '\0';
	if (n <= 3 || w[n - 1] != 's' || !ascii_alpha((unsigned char)w[n - 2]))
		return n;
	if (n > 4 && memcmp(w + n - 3, "ies", 3) == 0) {
		memcpy(out + n - 3, "y", 2);
		return n - 2;
	}
	if (n > 4 && (memcmp(w + n - 4, "sses", 4) == 0 || memcmp(w + n - 4, "ches", 4) == 0 ||
		      memcmp(w + n - 4, "shes", 4) == 0 || memcmp(w + n - 3, "xes", 3) == 0 ||
		      memcmp(w + n - 3, "zes", 3) == 0)) {
		out[n - 2] = '\0';
		return n - 2;
	}
	if (w[n - 2] == 's' || w[n - 2] == 'u' || w[n - 2] == 'i')
		return n;   /* "class", "status", "analysis" */
	out[n - 1] = '\0';
	return n - 1;
}

/*
 * The key of a subject: what lets the same figure be followed from one
 * version of a document to the next while the wording around it moves.
 *
 *   1. Words are split on anything but letters, digits and internal
 *      ' - & . ("U.S.", "co-op", "S&P"); each is case-folded.
 *   2. A possessive "'s" goes ("Johnson's deputies" -> "johnson deputy").
 *   3. Determiners, quantity words and filler go (the, a, some, about,
 *      more, estimated, additional, total, ...; see key_stop), as do "and"
 *      and commas inside name lists.
 *   4. Each word is made singular (agents -> agent, people stays people).
 *   5. One prepositional tail of identification ("from", "of", "at", "in"
 *      + noun) is moved before the head, so "agents from ICE" and "ICE
 *      agents" share "ice agent", and "workers of Ford" reads "ford worker".
 *      Only the first such preposition moves; a longer tail stays in order.
 *
 * The result is stable under reordering, pluralization and added filler,
 * and deliberately not under a change of what is counted.
 */
/* At most this many parts: a head and its attachments. */
#define KEY_SEGMENTS 8

static int key_word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

static void reverse(char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n / 2; i++) {
		char t = p[i];

		p[i] = p[n - 1 - i];
		p[n - 1 - i] = t;
	}
}

static int key_byte(unsigned char c)
{
	return ascii_alpha(c) || (unsigned)c - '0' < 10u || c >= 0x80;
}

size_t ct_claims_key_into(char *out, size_t cap, const char *subject, size_t len)
{
	char word[128], sing[128];
	const char *s = subject, *end = subject + len;
	/* where each attachment ("of", "from", "at", "in") starts in out */
	size_t n, o = 0, seg[KEY_SEGMENTS], nseg = 1, i;
	int first = 1;

	if (cap == 0)
		return 0;
	out[0] = '\0';
	if (!subject)
		return 0;
	seg[0] = 0;
	while (s < end) {
		n = 0;
		/* a word: letters, digits, internal ' - & . */
		while (s < end && !key_byte((unsigned char)*s))
			s++;
		while (s < end && (key_byte((unsigned char)*s) ||
			((*s == '\'' || *s == '-' || *s == '&' || *s == '.') &&
			 s + 1 < end && key_byte((unsigned char)s[1])))) {
			if (n + 1 < sizeof(word))
				word[n++] = (char)ct_lower[(unsigned char)*s];
			s++;
		}
		if (n == 0)
			continue;
		word[n] = '\0';
		/* possessive 's goes */
		if (n > 2 && word[n - 2] == '\'' && word[n - 1] == 's')
			word[n -= 2] = '\0';
		if (is_key_stop(word, n, first))
			continue;
		if (!first && nseg < KEY_SEGMENTS && (key_word_is(word, n, "from") ||
		    key_word_is(word, n, "of") || key_word_is(word, n, "at") ||
		    key_word_is(word, n, "in"))) {
			if (seg[nseg - 1] < o)
				seg[nseg++] = o + 1;
			continue;
		}
		first = 0;
		n = singular(sing, word, n);
		if (o + (o > 0) + n + 1 > cap)
			break;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, sing, n);
		o += n;
	}
	out[o] = '\0';
	while (nseg > 1 && seg[nseg - 1] >= o)
		nseg--;
	if (nseg > 1) {
		/* "risk dying walker" (from "risk of dying of walkers") ->
		 * "walker dying risk": the attachments before the head, last
		 * first. Reverse the whole key, then each part back in place;
		 * part i spans [seg[i], next start - 1) before the first
		 * reversal and [o - its end, o - seg[i]) after it. */
		reverse(out, o);
		for (i = 0; i < nseg; i++) {
			size_t e = i + 1 < nseg ? seg[i + 1] - 1 : o;

			reverse(out + (o - e), e - seg[i]);
		}
	}
	return o;
}

char *ct_claims_key(const char *subject)
{
	size_t n = subject ? strlen(subject) : 0;
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	ct_claims_key_into(out, n + 1, subject ? subject : "", n);
	return out;
}
