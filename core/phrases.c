/* SPDX-License-Identifier: MIT */
/*
 * Phrases: where a noun phrase, a proper-noun tail and a clause start and
 * end, and the subject of a clause.
 */
#include <string.h>

#include "grammar.h"

/* Tokens [a,b) of a noun phrase starting at i (adjectives and nouns,
 * hyphenated compounds, "and" between proper names). */
size_t noun_phrase(const sent *st, size_t i, size_t max)
{
	size_t j = i, words = 0;

	while (j < st->n && words < max) {
		const tok *t = TK(st, j);

		if (np_word(st, j)) {
			/* a verb form after a noun ends the phrase: "people killed",
			 * "children aged 5 to 12" */
			if (words > 0 && (participle(st, j) || tok_is(st, j, "aged")) && !TK(st, j - 1)->cap)
				break;
			/* "cocaine hidden in crates", "goods stolen from": an
			 * irregular participle and its preposition */
			if (words > 0 && (tok_wb(st, t) & W_VPAST) && !(tok_wb(st, t) & W_NOUNISH) &&
			    (cls(st, j + 1) & L_PREP))
				break;
			/* "180,000 people worldwide", "seats available": an adverb or an
			 * adjective after the head noun, with no noun after it */
			if (words > 0 && !t->cap && !t->lx && (tok_wb(st, t) & (W_ADV | W_ADJ)) &&
			    !(tok_wb(st, t) & W_NOUNISH) && !np_word(st, j + 1) &&
			    ((tok_wb(st, TK(st, j - 1)) & W_NOUNISH) || !tok_wb(st, TK(st, j - 1))))
				break;
			/* "8.5 bathrooms finish off the": a plural noun, then a verb */
			if (words > 0 && !t->cap && plural_word(st, j - 1) && !t->lx &&
			    (cls(st, j + 1) & (L_PREP | L_DET)) && !tok_is(st, j + 1, "of"))
				break;
			words++;
			j++;
			continue;
		}
		if (is_dash(st, j) && t->glued && j + 1 < st->n && TK(st, j + 1)->glued &&
		    (np_word(st, j + 1) || TK(st, j + 1)->type == T_NUM) && words > 0) {
			j += 2;
			continue;
		}
		/* "digital and physical sales": two modifiers of one noun (a
		 * plural before "and" is a noun of its own: "homes and cars") */
		if (tok_is(st, j, "and") && words > 0 && !TK(st, j - 1)->cap && !plural_word(st, j - 1) &&
		    np_word(st, j - 1) && !t->glued && np_word(st, j + 1) && !TK(st, j + 1)->cap &&
		    !plural_word(st, j + 1) && np_word(st, j + 2) && !participle(st, j + 2) &&
		    !participle(st, j + 1)) {
			j++;
			continue;
		}
		if ((tok_is(st, j, "and") || tok_ch(st, j, '&')) && words > 0 && TK(st, j - 1)->cap &&
		    is_word(st, j + 1) && TK(st, j + 1)->cap) {
			j++;
			continue;
		}
		if (tok_ch(st, j, '/') && t->glued && words > 0 && np_word(st, j + 1) &&
		    TK(st, j + 1)->glued) {
			j++;
			continue;
		}
		if (t->type == T_NUM && words > 0 && is_word(st, j + 1) && TK(st, j + 1)->cap &&
		    !t->sep && !t->dec) {
			j++;
			continue;
		}
		break;
	}
	/* a phrase never ends on a word that only modifies: "3 metres
	 * overnight", "additional" */
	while (j > i && (tok_is(st, j - 1, "more") || tok_is(st, j - 1, "additional") ||
			 is_dash(st, j - 1) || modifier_only(st, j - 1)))
		j--;
	return j;
}

int modifier_only(const sent *st, size_t i)
{
	const tok *t;
	unsigned wb;

	if (!is_word(st, i))
		return 0;
	t = TK(st, i);
	if (t->cap || (t->lx && t->cls))
		return t->lx && (t->cls & L_ADV) && !t->cap;
	wb = tok_wb(st, t);
	/* an adjective alone says what a share measures ("95% effective");
	 * a comparison does not ("25k cheaper than its rivals") */
	return (wb & (W_ADV | W_COMPAR)) && !(wb & (W_NOUNISH | W_VERBISH));
}

/* A proper-noun tail that identifies a group: "from the FBI, U.S. Marshals
 * Service and the DEA", "of Homeland Security". Returns its end, or i. */
size_t proper_tail(const sent *st, size_t i)
{
	size_t j = i + 1, end = i, names = 0;

	if (!(tok_is(st, i, "from") || tok_is(st, i, "at") || tok_is(st, i, "of") ||
	      tok_is(st, i, "with")))
		return i;
	while (j < st->n) {
		if (is_word(st, j) && TK(st, j)->cap && !(cls(st, j) & (L_VERB | L_PRON | L_MONTH |
		    L_WEEKDAY | L_CONJ))) {
			names++;
			end = ++j;
			continue;
		}
		if (tok_is(st, j, "the") && is_word(st, j + 1) && TK(st, j + 1)->cap) {
			j++;
			continue;
		}
		if (names && (tok_is(st, j, "and") || tok_is(st, j, "of") || tok_ch(st, j, '&') ||
		    (tok_ch(st, j, ',') && ((is_word(st, j + 1) && TK(st, j + 1)->cap &&
		     !(cls(st, j + 1) & (L_PRON | L_CONJ | L_VERB))) ||
		     (tok_is(st, j + 1, "the") && is_word(st, j + 2) && TK(st, j + 2)->cap) ||
		     tok_is(st, j + 1, "and"))))) {
			j++;
			continue;
		}
		break;
	}
	return names ? end : i;
}

/* Does a clause start at token k (k > 0): after ',' ';' ':' '(' '"', a
 * spaced dash or a clause conjunction? */
static int clause_boundary(const sent *st, size_t k)
{
	const tok *t = TK(st, k - 1);

	if (t->type == T_PUNCT)
		return (t->n == 1 && strchr(",;:(\"", st->s[t->s])) || (t->sym == S_DASH && !t->glued);
	return tok_is(st, k - 1, "while") || tok_is(st, k - 1, "whereas") ||
		tok_is(st, k - 1, "but") || tok_is(st, k - 1, "that") ||
		tok_is(st, k - 1, "because") || tok_is(st, k - 1, "after") ||
		tok_is(st, k - 1, "when") || tok_is(st, k - 1, "if") || tok_is(st, k - 1, "where") ||
		tok_is(st, k - 1, "which") || tok_is(st, k - 1, "who") ||
		tok_is(st, k - 1, "since") || tok_is(st, k - 1, "although") ||
		tok_is(st, k - 1, "though") || tok_is(st, k - 1, "unless");
}

/* "The charge was 2.5 F and the voltage across it was 5 volts": a
 * conjunction before an article opens a clause of its own at k, for a
 * figure after k. */
static int and_the_boundary(const sent *st, size_t k)
{
	return (tok_is(st, k - 1, "and") || tok_is(st, k - 1, "but")) &&
		(tok_is(st, k, "the") || tok_is(st, k, "its") || tok_is(st, k, "their"));
}

void index_clauses(sent *st)
{
	size_t a;

	st->cb1[0] = st->cb2[0] = 0;
	for (a = 1; a <= st->n; a++) {
		st->cb1[a] = clause_boundary(st, a) ? (uint32_t)a : st->cb1[a - 1];
		st->cb2[a] = a < st->n && and_the_boundary(st, a) ? (uint32_t)a : st->cb2[a - 1];
	}
}

/* Boundary of the clause holding token a: the token after the last
 * ',' ';' ':' '(' or clause conjunction before a. */
size_t clause_start(const sent *st, size_t a)
{
	size_t k = a;

	if (st->cb1 && a <= st->n) {
		size_t b1 = st->cb1[a], b2 = a > 0 ? st->cb2[a - 1] : 0;

		return b1 > b2 ? b1 : b2;
	}
	while (k > 0) {
		if (clause_boundary(st, k) || (k < a && and_the_boundary(st, k)))
			return k;
		k--;
	}
	return 0;
}

/* The subject noun phrase of the clause from k up to a: the words before
 * its verb. A clause without one of its own (", up from 50%", ", easing
 * against the yen") borrows the subject of the clause before. */
/* "Pay rose 5%": a verb of the hand list that WordNet knows as a noun
 * too opens a clause as its subject when a verb comes right after it. */
static int verb_as_noun(const sent *st, size_t j, size_t start)
{
	return j == start && (cls(st, j) & L_VERB) && !(cls(st, j) & (L_PRON | L_PREP | L_DET)) &&
		(ct_lex_open_bits(ct_lex_open_find(st->s + TK(st, j)->s, TK(st, j)->n)) & W_NOUN) &&
		is_word(st, j + 1) &&
		((cls(st, j + 1) & (L_UP | L_DOWN)) || finite_verb(st, j + 1)) &&
		/* "that will make": an auxiliary before a base form */
		!((cls(st, j) & L_AUX) && !(tok_wb(st, TK(st, j + 1)) & W_FINITE));
}

/* "Overnight the river rose", "Yesterday the company said": an adverb
 * before the determiner that opens the subject. */
static int opening_adverb(const sent *st, size_t j)
{
	const tok *t = TK(st, j);

	/* capitalized, the word has no WordNet bits of its own (tok_wb) */
	return is_word(st, j) && !t->cls && j + 1 < st->n && (cls(st, j + 1) & L_DET) &&
		!(cls(st, j + 1) & L_PRON) &&
		(ct_lex_open_bits(ct_lex_open_find(st->s + t->s, t->n)) & W_ADV);
}

/* "That will make the S8 25k cheaper", "This could cost $4.5bn": after a
 * demonstrative, an auxiliary is the verb ("the will of the people" is a
 * noun after an article). */
static int aux_after_pronoun(const sent *st, size_t j)
{
	return j > 0 && (cls(st, j) & L_AUX) && (cls(st, j - 1) & L_PRON);
}

/* "Over the past decade the number of homeless people", "After the vote
 * the shares": an article right after a noun opens the subject, and the
 * words before it were an opening phrase with no comma. Returns that
 * article's token in (start, end), or start. */
static size_t inner_article(const sent *st, size_t start, size_t end)
{
	size_t q;

	/* q - 1 is the article, q the first word after it */
	for (q = end - 1; q > start + 1; q--)
		if ((cls(st, q - 1) & L_DET) && !(cls(st, q - 1) & L_PRON) &&
		    (np_word(st, q - 2) || TK(st, q - 2)->type == T_NUM) &&
		    !(cls(st, q - 2) & (L_PREP | L_DET | L_CONJ | L_VERB)) &&
		    !participle(st, q - 2) && !finite_verb(st, q - 2))
			return q - 1;
	return start;
}

int speech_verb(const sent *st, size_t i)
{
	static const char *const verbs[] = {
		"say", "tell", "announce", "report", "estimate", "expect", "confirm", "claim",
		"insist", "warn", "state", "believe", "fear", "suggest", NULL
	};
	return tok_is(st, i, "added") || verb_base_in(st, i, verbs);
}

/* Is word i a noun before all else: WordNet has it as a noun, and as an
 * adjective no more often ("blaze", not "true")? */
static int noun_first(const sent *st, size_t i)
{
	const tok *t = TK(st, i);
	uint32_t id;

	if (!(tok_wb(st, t) & W_NOUNISH))
		return 0;
	if (!(t->wb & W_ADJ))
		return 1;
	id = ct_lex_open_find(st->s + t->s, t->n);
	return ct_lex_open_freq(id, W_POS_NOUN) > ct_lex_open_freq(id, W_POS_ADJ);
}

/* Does the clause at k (after a comma) open on a verb, with a relative
 * clause ("which ...", "who ...") set off by commas before it? */
static int after_relative(const sent *st, size_t k)
{
	size_t j = k, p = clause_start(st, k - 1);

	while (j < st->n && (cls(st, j) & L_ADV) && !(cls(st, j) & L_PREP))
		j++;
	if (!is_word(st, j) || TK(st, j)->cap || !((cls(st, j) & L_VERB) || (tok_wb(st, TK(st, j)) & W_VERBISH)))
		return 0;
	return p > 1 && (tok_is(st, p - 1, "which") || tok_is(st, p - 1, "who")) &&
		tok_ch(st, p - 2, ',');
}

/* "..., with Brent crude trading at $86": a clause at k opening on
 * "with" has the noun phrase before its participle (up to a) as subject. */
static int with_participle(const sent *st, size_t k, size_t a, size_t *sa, size_t *sb)
{
	size_t b = k + 1, e;

	if (!(tok_is(st, k, "with") && k + 1 < a))
		return 0;
	while (b < a && (cls(st, b) & L_DET) && !(cls(st, b) & L_PRON))
		b++;
	e = noun_phrase(st, b, 5);
	if (!(e > b && e <= a && is_word(st, e) && TK(st, e)->n > 4 && ends_with(st, e, "ing")))
		return 0;
	*sa = b;
	*sb = e;
	return 1;
}

/* "Nissan, which is 43.4% owned", "a blaze that has burned": a relative
 * clause at k has its antecedent as subject ("that" after a noun; after
 * a verb it opens what was said). */
static int relative_subject(const sent *st, size_t k, size_t *sa, size_t *sb)
{
	size_t start, end;

	if (!(k > 1 && (tok_is(st, k - 1, "which") || tok_is(st, k - 1, "who") ||
	      (tok_is(st, k - 1, "that") && np_word(st, k - 2) && !TK(st, k - 2)->cap &&
	       noun_first(st, k - 2) && !(cls(st, k - 2) & (L_VERB | L_TIMEN)) &&
	       !finite_verb(st, k - 2) && !participle(st, k - 2)))))
		return 0;
	end = k - 1;
	if (tok_ch(st, end - 1, ','))
		end--;
	start = end;
	while (start > 0 && np_word(st, start - 1) && end - start < 6)
		start--;
	if (start >= end)
		return 0;
	*sa = start;
	*sb = end;
	return 1;
}

int clause_subject(const sent *st, size_t k, size_t a, size_t *sa, size_t *sb)
{
	size_t j, start, end, art;
	int guard, det;

	for (guard = 0; guard < 3; guard++) {
		j = k;
		det = 0;
		if (with_participle(st, k, a, sa, sb))
			return 1;
		/* "The shares, which listed at $38, now trade at $21": a clause
		 * after a relative clause that opens on a verb goes on with the
		 * antecedent */
		if (k > 2 && tok_ch(st, k - 1, ',') && after_relative(st, k)) {
			a = k - 1;
			k = clause_start(st, a);
			continue;
		}
		if (relative_subject(st, k, sa, sb))
			return 1;
		while (j < a && ((cls(st, j) & (L_DET | L_ADV | L_CONJ)) || ly_adverb(st, j) ||
		       opening_adverb(st, j)) && j - k < SCAN_MAX) {
			det = (cls(st, j) & L_DET) != 0;
			j++;
		}
		/* "some of the best deals" */
		if (det && tok_is(st, j, "of")) {
			j++;
			while (j < a && (cls(st, j) & L_DET))
				j++;
		}
		/* "Each of the 12 jurors was paid $15": past an earlier figure */
		if (j < a && det && TK(st, j)->type == T_NUM && np_word(st, j + 1))
			j++;
		start = j;
		/* up to the verb, or an adverb before it: "Prices eventually
		 * reached $5", "fillets routinely sell for $24" */
		for (;;) {
			while (j < a && j - start < SCAN_MAX && is_word(st, j) &&
			       (!(cls(st, j) & (L_VERB | L_PRON | L_UP | L_DOWN |
			       L_ADV)) || (j == start && det && !(cls(st, j) & L_PRON) &&
			       !aux_after_pronoun(st, j)) ||
			       verb_as_noun(st, j, start)) &&
			       !(j > start && participle(st, j) && !(cls(st, j - 1) & L_PREP)) &&
			       !(j > start && (ly_adverb(st, j) || finite_verb(st, j))))
				j++;
			/* "The three-bedroom house": a hyphenated compound */
			if (j > start && j + 1 < a && is_dash(st, j) && TK(st, j)->glued &&
			    TK(st, j + 1)->glued && is_word(st, j + 1)) {
				j += 2;
				continue;
			}
			break;
		}
		/* "Ford (F)": a parenthesised ticker stays with its name */
		if (j > start && tok_ch(st, j, '(') && is_word(st, j + 1) && tok_ch(st, j + 2, ')'))
			j += 3;
		end = j;
		while (end > start && is_word(st, end - 1) && (cls(st, end - 1) & (L_PREP | L_DET | L_CONJ)))
			end--;
		if (end > start + 2 && (art = inner_article(st, start, end)) > start) {
			start = art;
			while (start < end && (cls(st, start) & L_DET))
				start++;
		}
		/* a clause opening on a preposition, a participle or a change word
		 * has no subject of its own */
		if (end > start && end - start <= 12 && !(cls(st, start) & (L_PRON | L_PREP)) &&
		    (!participle(st, start) || (start > k && (cls(st, start - 1) & L_DET)))) {
			*sa = start;
			*sb = end;
			/* "Microsoft said revenue in its cloud unit grew 29%": the
			 * subject of what was said, unless it is a pronoun (the
			 * figure is near, so the recursion is shallow) */
			if (j + 1 < a && a - j <= SCAN_MAX && speech_verb(st, j) && !(cls(st, j + 1) & L_PRON) &&
			    clause_subject(st, j + 1, a, &start, &end) && start > j)
				*sa = start, *sb = end;
			return 1;
		}
		if (k == 0)
			return 0;
		a = k - 1;
		k = clause_start(st, a);
	}
	return 0;
}
