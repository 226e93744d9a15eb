/*
 * Claim extraction from one sentence: a hand-written grammar that reads
 * figures the way a news editor does.
 *
 * The sentence is cut into tokens once (numbers, words, symbols,
 * punctuation; no allocation per token), every word looked up once in the
 * lexicon (lexicon.c). Then each figure is read left to right:
 *
 *   [qualifier] [currency] NUMBER [scale] [unit|percent|currency word]
 *       [range: to|-|and NUMBER ...] [rate: a day|per month|daily]
 *
 * and its subject is attributed by the first rule that applies, recorded in
 * claim->rule: "of-np" ("10% of arrest numbers"), "noun" (the noun phrase
 * after the figure, with an identifying proper-noun tail), "elided" (the
 * noun of the previous figure in a list), "paren" (a conversion in
 * parentheses shares the subject before it), "clause" (the subject of the
 * clause, for money and percentages with nothing after them).
 *
 * Dates, clock times, model names ("Game 7", "iPhone 11") and list
 * numbering are read as part of the grammar and dropped, not reported.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claims.h"
#include "grammar.h"

/* Tokens [a,b) of a noun phrase starting at i (adjectives and nouns,
 * hyphenated compounds, "and" between proper names). */
static size_t noun_phrase(const sent *st, size_t i, size_t max)
{
	size_t j = i, words = 0;

	while (j < st->n && words < max) {
		const tok *t = TK(st, j);

		if (np_word(st, j)) {
			/* a verb form after a noun ends the phrase: "people killed" */
			if (words > 0 && participle(st, j) && !TK(st, j - 1)->cap)
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
	/* a phrase never ends on a word that only modifies */
	while (j > i && (tok_is(st, j - 1, "more") || tok_is(st, j - 1, "additional") ||
			 is_dash(st, j - 1)))
		j--;
	return j;
}

/* A proper-noun tail that identifies a group: "from the FBI, U.S. Marshals
 * Service and the DEA", "of Homeland Security". Returns its end, or i. */
static size_t proper_tail(const sent *st, size_t i)
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

/* Boundary of the clause holding token a: the token after the last
 * ',' ';' ':' '(' or clause conjunction before a. */
static size_t clause_start(const sent *st, size_t a)
{
	size_t k = a;

	while (k > 0) {
		const tok *t = TK(st, k - 1);

		if (t->type == T_PUNCT && t->n == 1 && strchr(",;:(\"", st->s[t->s]))
			return k;
		if (t->type == T_PUNCT && t->sym == S_DASH && !t->glued)
			return k;
		if (tok_is(st, k - 1, "while") || tok_is(st, k - 1, "whereas") ||
		    tok_is(st, k - 1, "but") || tok_is(st, k - 1, "that") ||
		    tok_is(st, k - 1, "because") || tok_is(st, k - 1, "after") ||
		    tok_is(st, k - 1, "when") || tok_is(st, k - 1, "if") || tok_is(st, k - 1, "where") ||
		    tok_is(st, k - 1, "which") || tok_is(st, k - 1, "who") ||
		    tok_is(st, k - 1, "since") || tok_is(st, k - 1, "although") ||
		    tok_is(st, k - 1, "though") || tok_is(st, k - 1, "unless"))
			return k;
		/* "The charge was 2.5 F and the voltage across it was 5 volts":
		 * a conjunction before an article opens a clause of its own */
		if ((tok_is(st, k - 1, "and") || tok_is(st, k - 1, "but")) && k < a &&
		    (tok_is(st, k, "the") || tok_is(st, k, "its") || tok_is(st, k, "their")))
			return k;
		k--;
	}
	return 0;
}


/* The subject noun phrase of the clause from k up to a: the words before
 * its verb. A clause without one of its own (", up from 50%", ", easing
 * against the yen") borrows the subject of the clause before. */
static int clause_subject(const sent *st, size_t k, size_t a, size_t *sa, size_t *sb)
{
	size_t j, start, end;
	int guard, det;

	for (guard = 0; guard < 3; guard++) {
		j = k;
		det = 0;
		/* "Nissan, which is 43.4% owned": the antecedent */
		if (k > 1 && (tok_is(st, k - 1, "which") || tok_is(st, k - 1, "who"))) {
			end = k - 1;
			if (tok_ch(st, end - 1, ','))
				end--;
			start = end;
			while (start > 0 && np_word(st, start - 1) && end - start < 6)
				start--;
			if (start < end) {
				*sa = start;
				*sb = end;
				return 1;
			}
		}
		while (j < a && ((cls(st, j) & (L_DET | L_ADV | L_CONJ)) || ly_adverb(st, j))) {
			det = (cls(st, j) & L_DET) != 0;
			j++;
		}
		/* "some of the best deals" */
		if (det && tok_is(st, j, "of")) {
			j++;
			while (j < a && (cls(st, j) & L_DET))
				j++;
		}
		start = j;
		/* up to the verb, or an adverb before it: "Prices eventually
		 * reached $5", "fillets routinely sell for $24" */
		while (j < a && is_word(st, j) && (!(cls(st, j) & (L_VERB | L_PRON | L_UP | L_DOWN |
		       L_ADV)) || (j == start && det && !(cls(st, j) & L_PRON))) &&
		       !(j > start && participle(st, j) && !(cls(st, j - 1) & L_PREP)) &&
		       !(j > start && ly_adverb(st, j)))
			j++;
		/* "Ford (F)": a parenthesised ticker stays with its name */
		if (j > start && tok_ch(st, j, '(') && is_word(st, j + 1) && tok_ch(st, j + 2, ')'))
			j += 3;
		end = j;
		while (end > start && is_word(st, end - 1) && (cls(st, end - 1) & (L_PREP | L_DET | L_CONJ)))
			end--;
		/* a clause opening on a preposition, a participle or a change word
		 * has no subject of its own */
		if (end > start && end - start <= 12 && !(cls(st, start) & (L_PRON | L_PREP)) &&
		    (!participle(st, start) || (start > k && (cls(st, start - 1) & L_DET)))) {
			*sa = start;
			*sb = end;
			return 1;
		}
		if (k == 0)
			return 0;
		a = k - 1;
		k = clause_start(st, a);
	}
	return 0;
}

/* A pronoun that stands for a named owner: "it", "they", "he", "she". */
static int is_pronoun_ref(const sent *st, size_t i)
{
	return tok_is(st, i, "it") || tok_is(st, i, "they") || tok_is(st, i, "he") ||
		tok_is(st, i, "she");
}

static int speech_verb(const sent *st, size_t i)
{
	return tok_is(st, i, "said") || tok_is(st, i, "says") || tok_is(st, i, "told") ||
		tok_is(st, i, "announced") || tok_is(st, i, "added") || tok_is(st, i, "reported") ||
		tok_is(st, i, "estimated") || tok_is(st, i, "expects") || tok_is(st, i, "confirmed") ||
		tok_is(st, i, "claimed") || tok_is(st, i, "insisted") || tok_is(st, i, "warned");
}

/* The owner of a counted noun when a verb leads straight to the figure:
 * "Ford, which has 13,000 workers", "Musk has 80 million followers". */
static int owner_of(const sent *st, size_t qa, size_t *sa, size_t *sb)
{
	size_t v = qa, k, j, start, end;

	/* "run a 4.3 second dash", "grew by 125,600 positions": the verb
	 * still leads to the figure across an article or "by" */
	if (v > 1 && (tok_is(st, v - 1, "a") || tok_is(st, v - 1, "an") || tok_is(st, v - 1, "by")))
		v--;
	if (v == 0 || !is_word(st, v - 1))
		return 0;
	if (!(cls(st, v - 1) & (L_VERB | L_UP | L_DOWN)) && !(!TK(st, v - 1)->lx && participle(st, v - 1)))
		return 0;
	/* "Officials said 300 homes ...": a figure right after a verb of
	 * saying opens the reported clause, which the speaker does not own */
	if (tok_is(st, v - 1, "said") || tok_is(st, v - 1, "says") || tok_is(st, v - 1, "say") ||
	    tok_is(st, v - 1, "told") || tok_is(st, v - 1, "warned") ||
	    tok_is(st, v - 1, "insisted") || tok_is(st, v - 1, "claimed") ||
	    tok_is(st, v - 1, "confirmed"))
		return 0;
	/* back over the verb group */
	while (v > 0 && is_word(st, v - 1) && ((cls(st, v - 1) & (L_VERB | L_UP | L_DOWN | L_ADV)) ||
	       tok_is(st, v - 1, "to") || (!TK(st, v - 1)->lx && participle(st, v - 1)) ||
	       ly_adverb(st, v - 1)))
		v--;
	/* a relative clause: the owner is its antecedent */
	if (v > 0 && (tok_is(st, v - 1, "which") || tok_is(st, v - 1, "who") || tok_is(st, v - 1, "that"))) {
		end = v - 1;
		if (end > 0 && tok_ch(st, end - 1, ','))
			end--;
		if (end > 0 && tok_ch(st, end - 1, ')') && end >= 3 && tok_ch(st, end - 3, '('))
			j = end - 3;
		else
			j = end;
		start = j;
		while (start > 0 && np_word(st, start - 1) && j - start < 6)
			start--;
		if (start == j)
			return 0;
		*sa = start;
		*sb = end;
		return 1;
	}
	k = clause_start(st, v);
	j = k;
	while (j < v && (cls(st, j) & (L_DET | L_ADV | L_CONJ)))
		j++;
	start = j;
	while (j < v && is_word(st, j) && !(cls(st, j) & (L_VERB | L_PRON | L_UP | L_DOWN)))
		j++;
	if (j > start && tok_ch(st, j, '(') && is_word(st, j + 1) && tok_ch(st, j + 2, ')'))
		j += 3;
	end = j;
	while (end > start && is_word(st, end - 1) && (cls(st, end - 1) & (L_PREP | L_DET | L_CONJ)))
		end--;
	/* "Cayman Airways said it was grounding two jets": a pronoun after a
	 * verb of saying stands for the one who said it */
	if (v > k && is_pronoun_ref(st, v - 1)) {
		size_t e = v - 1, b;

		if (e > 0 && tok_is(st, e - 1, "that"))
			e--;
		if (e > 0 && speech_verb(st, e - 1)) {
			e--;
			while (e > k && (cls(st, e - 1) & L_ADV))
				e--;
			b = e;
			while (b > k && np_word(st, b - 1) && e - b < 6)
				b--;
			if (b < e && !(cls(st, b) & L_PRON)) {
				*sa = b;
				*sb = e;
				return 1;
			}
		}
	}
	if (v == k + 1 && k > 0 && is_pronoun_ref(st, k)) {
		/* "Musk uses his account, where he has 80 million followers": the
		 * pronoun opening a clause stands for the subject of the one before */
		return clause_subject(st, clause_start(st, k - 1), k - 1, sa, sb) &&
			!(cls(st, *sa) & L_PRON);
	}
	if (end != v && v > k + 1) {
		/* "The WTO said global trade could see ...", "which saw US trade
		 * figures for April decrease to ...": the noun phrase right before
		 * the verb, after a verb of its own */
		size_t b = v;

		while (b > k && (np_word(st, b - 1) || ((tok_is(st, b - 1, "of") || tok_is(st, b - 1, "for")) &&
		       b > k + 1 && np_word(st, b - 2) && b < v)) && v - b < 7)
			b--;
		while (b < v && (cls(st, b) & (L_PREP | L_DET)))
			b++;
		if (b < v && b > k && ((cls(st, b - 1) & L_VERB) || tok_is(st, b - 1, "that")) &&
		    !TK(st, b)->used && !(cls(st, v - 1) & L_PREP)) {
			*sa = b;
			*sb = v;
			return 1;
		}
	}
	if (end <= start || end != v || end - start > 8 || (cls(st, start) & (L_PRON | L_PREP)))
		return 0;
	*sa = start;
	*sb = end;
	return 1;
}

/* The noun a figure's preposition hangs from: "a survey of 6,000
 * employers", "price reductions on 50 products". */
static int prep_owner(const sent *st, size_t qa, size_t *sa, size_t *sb)
{
	size_t e, b;

	if (qa < 2 || !(tok_is(st, qa - 1, "of") || tok_is(st, qa - 1, "on") ||
			tok_is(st, qa - 1, "for") || tok_is(st, qa - 1, "in")))
		return 0;
	e = qa - 1;
	/* "a light that glowed reliably for 1,000 hours": an adverb before
	 * the preposition, so a verb's, not a noun's */
	if (!np_word(st, e - 1) || (cls(st, e - 1) & (L_TIMEN | L_PERUNIT)) ||
	    TK(st, e - 1)->type != T_WORD || ly_adverb(st, e - 1))
		return 0;
	b = e - 1;
	while (b > 0 && np_word(st, b - 1) && e - b < 3)
		b--;
	if (!(b > 0 && ((cls(st, b - 1) & (L_DET | L_PREP | L_VERB)) || participle(st, b - 1))))
		return 0;
	*sa = b;
	*sb = e;
	return 1;
}

/* "a speed of 15 mph", "net worth of $1.3bn": the noun before "of". */
static int noun_before_of(const sent *st, size_t qa, size_t *sa, size_t *sb)
{
	size_t e, b;

	if (qa < 2 || !tok_is(st, qa - 1, "of"))
		return 0;
	e = qa - 1;
	b = e;
	/* "a net worth of $1.3bn": "worth", a preposition elsewhere, is the
	 * noun here */
	if (qa >= 3 && tok_is(st, qa - 2, "worth") && np_word(st, qa - 3)) {
		b = qa - 2;
		while (b > 0 && np_word(st, b - 1) && e - b < 4)
			b--;
		*sa = b;
		*sb = e;
		return 1;
	}
	/* "a raise of $2,000", "the cut of 5%": after an article a verb form
	 * is a noun */
	if (!np_word(st, qa - 2)) {
		if (qa < 3 || !is_word(st, qa - 2) || !(cls(st, qa - 3) & L_DET) ||
		    (cls(st, qa - 2) & (L_PREP | L_PRON | L_DET | L_CONJ)) || TK(st, qa - 2)->cap)
			return 0;
		*sa = qa - 2;
		*sb = e;
		return 1;
	}
	while (b > 0 && np_word(st, b - 1) && e - b < 4 && !(cls(st, b - 1) & L_VAGUE))
		b--;
	if (tok_is(st, b, "total") && e - b == 1)
		return 0;
	*sa = b;
	*sb = e;
	return 1;
}

/* A verb of the clause at token i: a known verb form, a change verb or an
 * unknown participle. */
static int verb_at(const sent *st, size_t i)
{
	if (!is_word(st, i))
		return 0;
	if (cls(st, i) & L_VERB)
		return !(cls(st, i) & L_PREP);
	if ((cls(st, i) & (L_UP | L_DOWN)) && !(cls(st, i) & L_PREP))
		return 1;
	return !TK(st, i)->lx && participle(st, i);
}

/*
 * "Homes from $750,000 to $1 million stay 70 days; $1 million to $1.25
 * million, 99 days; ...": a list after a semicolon whose items have no verb
 * of their own repeats the frame of the first clause, so its figures
 * belong to that clause's subject. Sets the subject of the sentence's
 * first clause when the figure at qa sits in such a verbless item.
 */
static int fragment_subject(const sent *st, size_t qa, size_t *sa, size_t *sb)
{
	size_t k = qa, first = st->n;

	while (k > 0 && !tok_ch(st, k - 1, ';'))
		k--;
	if (k == 0)
		return 0;
	for (; k < qa; k++)
		if (verb_at(st, k))
			return 0;
	for (k = 0; k < qa; k++)
		if (tok_ch(st, k, ';')) {
			first = k;
			break;
		}
	if (first == st->n || !clause_subject(st, 0, first, sa, sb) || *sb > first)
		return 0;
	return !(cls(st, *sa) & L_PRON) && !TK(st, *sa)->used;
}

/*
 * "took a 51 per cent stake in a school for 92 million yuan", "cooked each
 * sample for 3min": a sum or a span after "for" is what the verb's object
 * cost or lasted. The object is the noun phrase between the verb (or an
 * earlier figure) and "for", with its prepositional tail.
 */
static int object_before_for(const sent *st, size_t qa, size_t ks, size_t *sa, size_t *sb)
{
	size_t e, b;

	if (qa < 2 || !tok_is(st, qa - 1, "for"))
		return 0;
	e = qa - 1;
	b = e;
	while (b > ks && e - b < 12 && !TK(st, b - 1)->used && !verb_at(st, b - 1) &&
	       (np_word(st, b - 1) || ((cls(st, b - 1) & L_DET) && !(cls(st, b - 1) & L_PRON)) ||
		tok_is(st, b - 1, "of") || tok_is(st, b - 1, "in") || tok_is(st, b - 1, "on") ||
		tok_is(st, b - 1, "at")))
		b--;
	/* the phrase must hang from a verb or an earlier figure, not open
	 * the clause: "The house sold for $5m" has the clause's subject */
	if (b == ks || !(TK(st, b - 1)->used || verb_at(st, b - 1)))
		return 0;
	while (b < e && (cls(st, b) & (L_DET | L_PREP)))
		b++;
	while (e > b && (cls(st, e - 1) & (L_DET | L_PREP)))
		e--;
	if (e <= b || !np_word(st, b) || participle(st, b))
		return 0;
	*sa = b;
	*sb = e;
	return 1;
}

/* A word that follows a model number in product names: "737 Max", "11
 * Pro", "787 Dreamliner". Capitalized, as names are written. */
static int model_word(const sent *st, size_t i)
{
	static const char *const words[] = {
		"Max", "MAX", "Pro", "Mini", "Plus", "Ultra", "Lite", "Dreamliner", "Neo", "XL",
		"XS", "XR", "SE", "Turbo", "Classic", "Series", "NEO", NULL
	};
	const tok *t;
	size_t k;

	if (!is_word(st, i) || !TK(st, i)->cap)
		return 0;
	t = TK(st, i);
	for (k = 0; words[k]; k++)
		if (strlen(words[k]) == t->n && memcmp(words[k], st->s + t->s, t->n) == 0)
			return 1;
	return 0;
}

/* Skip figures that are dates, times, names or list numbers. */
static int not_a_figure(const sent *st, const num *n, size_t a, size_t after)
{
	const tok *t = TK(st, n->a);

	/* "TPP-11", "COVID-19", "last-32", "production-four-door": part of a name */
	if (n->a >= 2 && is_dash(st, n->a - 1) && t->glued && is_word(st, n->a - 2) &&
	    (TK(st, n->a - 1)->glued || TK(st, n->a - 2)->cap))
		return 1;
	if (t->type != T_NUM)
		return 0;
	/* clock times "9:35", scores of a clock "1:36.6" */
	if ((tok_ch(st, n->a + 1, ':') && n->a + 2 < st->n && TK(st, n->a + 2)->type == T_NUM) ||
	    (n->a > 1 && tok_ch(st, n->a - 1, ':') && TK(st, n->a - 2)->type == T_NUM))
		return 1;
	/* "8 p.m.", "6am" */
	if (n->plain && t->v <= 12 && (tok_is(st, after, "a.m.") || tok_is(st, after, "p.m.") ||
	    tok_is(st, after, "a.m") || tok_is(st, after, "p.m") || tok_is(st, after, "am") ||
	    tok_is(st, after, "pm")))
		return 1;
	/* dates: "Oct. 31", "September 8", "9 May", "4th of July" */
	if (n->plain && t->v >= 1 && t->v <= 31 && t->ndig <= 2) {
		size_t p = n->a;

		if (p > 0 && tok_ch(st, p - 1, '.'))
			p--;
		if (p > 0 && (cls(st, p - 1) & L_MONTH) && TK(st, p - 1)->cap)
			return 1;
		if ((cls(st, after) & L_MONTH) && TK(st, after)->cap)
			return 1;
		if (tok_is(st, after, "of") && (cls(st, after + 1) & L_MONTH) && TK(st, after + 1)->cap)
			return 1;
	}
	/* model and product names: "Game 7", "iPhone 11", "Fortune 100" */
	if (n->plain && n->b == n->a + 1 && n->a > 0 && is_word(st, n->a - 1) &&
	    !(cls(st, n->a - 1) & ~(uint32_t)L_NOTNOUN) && (n->a - 1 > 0 || !TK(st, 0)->lx)) {
		const tok *p = TK(st, n->a - 1);
		const char *w = st->s + p->s;
		size_t q;
		int up = 0;

		for (q = 0; q < p->n; q++)
			up |= ascii_upper((unsigned char)w[q]) != 0;
		if (up && !tok_ch(st, n->a + 1, '%') && TK(st, n->a - 1)->type == T_WORD)
			return 1;
	}
	/* "two new 737 Max jets", "the 787 Dreamliner", "11 Pro Max": a
	 * number before a product-line word names a model */
	if (n->plain && n->b == n->a + 1 && model_word(st, n->b))
		return 1;
	/* "Senard, 65, now faces": an age in apposition */
	if (n->plain && t->v < 120 && n->a >= 2 && tok_ch(st, n->a - 1, ',') && tok_ch(st, n->b, ',') &&
	    is_word(st, n->a - 2) && TK(st, n->a - 2)->cap)
		return 1;
	/* "No. 1", "Chapter 11" */
	if (n->a > 1 && tok_ch(st, n->a - 1, '.') && tok_is(st, n->a - 2, "no"))
		return 1;
	return 0;
}

static int year_like(const sent *st, const num *n, size_t after)
{
	const tok *t = TK(st, n->a);
	size_t p = n->a;

	if (t->type != T_NUM || !n->plain || t->ndig != 4 || n->b != n->a + 1 || t->glued)
		return 0;
	if (t->v < 1800 || t->v > 2100)
		return 0;
	if (p > 0 && ((cls(st, p - 1) & (L_PREP | L_MONTH)) || tok_is(st, p - 1, "the") ||
		      tok_ch(st, p - 1, '\'') || tok_is(st, p - 1, "fiscal") || tok_is(st, p - 1, "mid") ||
		      tok_is(st, p - 1, "year") || tok_is(st, p - 1, "early") || tok_is(st, p - 1, "late")))
		return 1;
	if (after >= st->n || TK(st, after)->type == T_PUNCT || (cls(st, after) & (L_CONJ | L_PREP | L_VERB)))
		return 1;
	if (plural_word(st, after) && !TK(st, after)->cap)
		return 0;
	return 1;
}

static void set_subject(fig *f, size_t a, size_t b, const char *rule)
{
	f->sa = a;
	f->sb = b;
	f->rule = rule;
}

/* Emit one figure as a claim. Nothing is allocated here: the subject and
 * key are built on the stack, the set copies the spans into its arena. */
static int emit(ct_claimset *set, const sent *st, const fig *f, const char *section,
	size_t sentence_no, size_t text_end)
{
	char subj[512], key[512];
	size_t sn = 0, ta, tb;
	ct_claim c;

	if (f->sb > f->sa) {
		size_t a = TK(st, f->sa)->s, b = TK(st, f->sb - 1)->s + TK(st, f->sb - 1)->n;

		sn = b - a < sizeof(subj) ? b - a : sizeof(subj) - 1;
		memcpy(subj, st->s + a, sn);
	}
	if (f->sb2 > f->sa2 && sn + 2 < sizeof(subj)) {
		size_t a = TK(st, f->sa2)->s, b = TK(st, f->sb2 - 1)->s + TK(st, f->sb2 - 1)->n;
		size_t m = b - a;
		const char *jn = f->join ? f->join : " ";
		size_t jl = strlen(jn);

		if (sn && sn + jl + m < sizeof(subj)) {
			memcpy(subj + sn, jn, jl);
			sn += jl;
			memcpy(subj + sn, st->s + a, m);
			sn += m;
		}
	}
	subj[sn] = '\0';
	ta = TK(st, f->a)->s;
	tb = text_end;
	if (tb <= ta)
		tb = TK(st, f->b - 1)->s + TK(st, f->b - 1)->n;
	memset(&c, 0, sizeof(c));
	c.value = f->n.v;
	c.high = f->n.high;
	c.has_high = f->n.has_high;
	c.kind = f->kind;
	c.unit = (char *)f->unit;
	c.per = (char *)f->per;
	c.qualifier = f->qual;
	c.rule = f->rule;
	ct_claims_key_into(key, sizeof(key), subj, sn);
	c.key = key;
	c.subject = subj;
	c.section = (char *)section;
	c.sentence_no = sentence_no;
	c.offset = ta;
	return ct_claimset_push_spans(set, &c, st->s + ta, tb - ta, st->s, st->len);
}

/* Is token i where a figure may start? */
static int may_start(const sent *st, size_t i)
{
	const tok *t = TK(st, i);
	uint32_t c;

	if (t->used)
		return 0;
	if (t->type == T_NUM || (t->type == T_SYM && (t->sym == S_CUR || t->sym == S_FRAC)))
		return 1;
	if (t->type == T_PUNCT && (t->sym == S_MINUS || t->sym == S_DASH) && i + 1 < st->n &&
	    (TK(st, i + 1)->type == T_NUM || (TK(st, i + 1)->type == T_SYM && TK(st, i + 1)->sym == S_CUR)))
		return 1;
	if (t->type != T_WORD)
		return 0;
	c = cls(st, i);
	if (c & (L_NUM | L_VAGUE | L_CUR))
		return 1;
	/* by length: this runs for every word of every sentence, and most
	 * are longer than any word asked about here */
	switch (t->n) {
	case 1:
	case 2:
		if ((tok_is(st, i, "a") || tok_is(st, i, "an")) && (cls(st, i + 1) & (L_SCALE | L_FRAC)))
			return 1;
		if (t->n == 2 && st->s[t->s] == 'R' && st->s[t->s + 1] == 's')
			return 1;
		break;
	case 3:
		if (is_upper_word(st->s + t->s, t->n))
			return 1;
		break;
	case 4:
		if (tok_is(st, i, "half"))
			return 1;
		break;
	case 5:
		return tok_is(st, i, "minus");
	case 8:
		return tok_is(st, i, "negative");
	default:
		return 0;
	}
	/* "HK $", "US$", "c $" */
	return i + 1 < st->n && TK(st, i + 1)->type == T_SYM && TK(st, i + 1)->sym == S_CUR;
}

/* Read one figure starting at token i into f. Returns the token after it,
 * or i when nothing was read. */
/*
 * A date, a version or a phone number written with digits: "2019-02-15",
 * "15/02/2019", "9/11", "0.17.0", "555-123-4567". None is a figure, and a
 * page's "updated 2019-02-15" would otherwise be a figure that changes
 * with every edit. Returns the first token after it, or i.
 */
static size_t date_or_version(const sent *st, size_t i)
{
	const char *p = st->s + TK(st, i)->s, *e = st->s + st->len, *q;
	size_t len[4], n = 0, k;
	char sep = 0;

	/* not the tail of something longer: "v2019-02-15" is a code */
	if (p > st->s && (ascii_alnum((unsigned char)p[-1]) || p[-1] == '.' || p[-1] == '/' ||
	    p[-1] == '-'))
		return i;
	for (q = p; n < 4;) {
		const char *d = q;

		while (q < e && *q >= '0' && *q <= '9')
			q++;
		if (q == d)
			return i;
		len[n++] = (size_t)(q - d);
		if (q + 1 < e && (*q == '-' || *q == '/' || *q == '.') && q[1] >= '0' && q[1] <= '9' &&
		    (!sep || *q == sep)) {
			sep = *q++;
			continue;
		}
		break;
	}
	if (q < e && (ascii_alnum((unsigned char)*q) || *q == '-' || *q == '/'))
		return i;
	/* "9/11", "12/25": a month and a day, where a fraction's
	 * denominator would be odd (3/4, 7/8, 5/12, 3/16 stay fractions) */
	if (n == 2 && sep == '/' && len[0] <= 2 && len[1] == 2) {
		/* the sentence is no C string: the digits are read by their count */
		int m = len[0] == 1 ? p[0] - '0' : (p[0] - '0') * 10 + (p[1] - '0');
		int d = (p[len[0] + 1] - '0') * 10 + (p[len[0] + 2] - '0');

		if (m >= 1 && m <= 12 && d >= 11 && d <= 31 && d != 12 && d != 16 && d != 20) {
			for (k = i; k < st->n && st->s + TK(st, k)->s < q; k++)
				;
			return k;
		}
	}
	if (n < 3)
		return i;
	/* versions: three dotted parts, unless they group thousands
	 * ("3.000.000"); dates: three parts, the year first or last; North
	 * American phone numbers: 3-3-4. Four dotted parts (an IP address)
	 * stay the numbers they are. */
	if (!(sep == '.' && n == 3 && !(len[0] <= 3 && len[1] == 3 && len[2] == 3)) &&
	    !(n == 3 && ((len[0] == 4 && len[1] <= 2 && len[2] <= 2) ||
			 (len[0] <= 2 && len[1] <= 2 && (len[2] == 4 || len[2] == 2)) ||
			 (sep != '/' && len[0] == 3 && len[1] == 3 && len[2] == 4))))
		return i;
	for (k = i; k < st->n && st->s + TK(st, k)->s < q; k++)
		;
	return k;
}

static size_t read_figure(sent *st, size_t i, fig *f, int in_between)
{
	const char *iso = NULL;
	size_t j = i, k, start = i;
	int neg = 0;

	memset(f, 0, sizeof(*f));
	f->qual = "=";
	f->kind = CT_KIND_COUNT;
	/* sign */
	if (tok_is(st, j, "minus") || tok_is(st, j, "negative")) {
		neg = 1;
		j++;
	} else if (TK(st, j)->type == T_PUNCT && (TK(st, j)->sym == S_MINUS || TK(st, j)->sym == S_DASH)) {
		/* a minus sign, not a range dash or a hyphen */
		if (j > 0 && (TK(st, j - 1)->type == T_NUM || (is_word(st, j - 1) && TK(st, j)->glued &&
		    !(cls(st, j - 1) & (L_PREP | L_VERB | L_UP | L_DOWN)))))
			return i;
		if (j + 1 < st->n && !TK(st, j + 1)->glued && j != 0)
			return i;
		if (j > 0 && is_word(st, j - 1) && TK(st, j - 1)->cap && !(cls(st, j - 1) & (L_PREP | L_VERB)))
			return i;
		neg = 1;
		j++;
	}
	k = currency_prefix(st, j, &iso);
	if (iso) {
		f->kind = CT_KIND_MONEY;
		f->unit = iso;
		j = k;
		if (TK(st, j - 1)->type == T_SYM && j < st->n && TK(st, j)->type == T_PUNCT &&
		    (TK(st, j)->sym == S_MINUS || TK(st, j)->sym == S_DASH) && TK(st, j)->glued) {
			neg = !neg;   /* "$-50.8bn" */
			j++;
		}
		if (j < st->n && TK(st, j)->type == T_SYM && TK(st, j)->sym == S_CUR)
			j++;      /* "US$ $5" typos */
	}
	if (j >= st->n || !parse_number(st, j, &f->n, iso != NULL))
		return i;
	if (neg)
		f->n.v = -f->n.v;
	f->a = start;
	j = f->n.b;
	f->qual = read_qualifier(st, start, &f->qa);
	/* an ordinal: "4th", "21st" */
	if (f->n.a + 1 < st->n && TK(st, f->n.a)->type == T_NUM && is_word(st, f->n.a + 1) &&
	    TK(st, f->n.a + 1)->glued && (tok_is(st, f->n.a + 1, "st") || tok_is(st, f->n.a + 1, "nd") ||
	    tok_is(st, f->n.a + 1, "rd") || tok_is(st, f->n.a + 1, "th")) && !iso) {
		f->kind = CT_KIND_ORDINAL;
		f->b = f->n.a + 2;
		f->qual = "=";
		if ((f->n.a > 0 && (cls(st, f->n.a - 1) & L_MONTH)) || tok_is(st, f->b, "of") ||
		    (cls(st, f->b) & L_MONTH) || tok_is(st, f->b, "century") ||
		    (f->n.a > 0 && tok_is(st, f->n.a - 1, "the") && (cls(st, f->b) & L_MONTH)))
			f->skip = 1;
		return f->b;
	}
	if (iso) {
		/* "$5bn": scale came with the number; a unit word may repeat the currency */
		if (is_word(st, j) && (cls(st, j) & L_CUR) && !(cls(st, j) & L_VERB) &&
		    !strcmp(TK(st, j)->lx->unit, iso))
			j++;
	} else {
		j = read_unit(st, j, f);
		if (f->kind == CT_KIND_COUNT && f->n.spelled && !f->n.scaled && !f->n.frac &&
		    !f->n.vague && f->n.alone_one && !neg && !tok_is(st, j, "over") &&
		    !tok_is(st, j, "in") && !tok_is(st, j, "out") && !(is_stop(st, j) && i == 0)) {
			/* "one" is a figure only before a noun or "of": not "no one", "one another" */
			if (!(tok_is(st, j, "of") || np_word(st, j)) || tok_is(st, j, "another") ||
			    (start > 0 && (tok_is(st, start - 1, "no") || tok_is(st, start - 1, "every") ||
			     tok_is(st, start - 1, "any") || tok_is(st, start - 1, "the") ||
			     tok_is(st, start - 1, "each") || tok_is(st, start - 1, "which") ||
			     tok_is(st, start - 1, "this") || tok_is(st, start - 1, "that"))) ||
			    tok_is(st, j, "day") || tok_is(st, j, "thing"))
				return i;
		}
	}
	/* range: "2,000 to 3,000", "2,000-3,000", "between 10 and 12", "$1 to $2 million" */
	if (!f->n.has_high && j < st->n && !f->n.vague) {
		size_t r = j, r2;
		int between = in_between || (f->qa > 0 && tok_is(st, f->qa - 1, "between")) ||
			(start > 0 && tok_is(st, start - 1, "between"));
		const char *iso2 = NULL;
		num m;

		/* "rose $1.20 to $84.50": a change, then the level it reached */
		int change = (!strcmp(f->qual, "up") || !strcmp(f->qual, "down")) && !between &&
			!(f->qa > 0 && tok_is(st, f->qa - 1, "from"));

		if ((tok_is(st, r, "to") && !tok_is(st, r + 1, "the") && !change) ||
		    (is_dash(st, r) && (TK(st, r)->glued || (r + 1 < st->n && !TK(st, r + 1)->glued) ||
		     TK(st, r)->n > 1)) || (between && tok_is(st, r, "and"))) {
			r++;
			if (is_dash(st, r))
				r++;
			r2 = currency_prefix(st, r, &iso2);
			if (r2 < st->n && (iso2 ? iso && !strcmp(iso, iso2) : 1) &&
			    (TK(st, r2)->type == T_NUM || (cls(st, r2) & L_NUM)) &&
			    parse_number(st, r2, &m, iso != NULL) && !m.vague && !m.frac &&
			    !(TK(st, r2)->type == T_NUM && tok_ch(st, r2 + 1, ':'))) {
				fig g;

				memset(&g, 0, sizeof(g));
				g.n = m;
				g.kind = CT_KIND_COUNT;
				r = m.b;
				if (!iso)
					r = read_unit(st, r, &g);
				/* both ends must be the same kind of figure: "rose 5% to 300" is
				 * a change and a level, "from 2008 to 29 mpg" a year and a figure */
				if ((f->kind == CT_KIND_COUNT || f->kind == g.kind || iso ||
				     (g.kind == CT_KIND_COUNT && is_dash(st, j))) &&
				    !(f->kind == CT_KIND_COUNT && !f->n.has_high && year_like(st, &f->n, j) &&
				      f->n.a > 0 && (cls(st, f->n.a - 1) & L_PREP) && !year_like(st, &m, m.b) &&
				      (m.v >= 100 || g.kind != CT_KIND_COUNT)) &&
				    !(f->kind != CT_KIND_COUNT && g.kind != CT_KIND_COUNT && f->unit && g.unit &&
				      strcmp(f->unit, g.unit))) {
					/* "four to five thousand": the scale is shared */
					if (m.scaled && !f->n.scaled && f->n.v < m.v && m.v / f->n.v >= 100 &&
					    !iso2 && m.spelled == f->n.spelled) {
						double sc = 1;

						while (sc * f->n.v * 10 <= m.v && sc < 1e12)
							sc *= 10;
						if (m.v / sc >= f->n.v)
							f->n.v *= sc;
					} else if (m.scaled && !f->n.scaled && iso && f->n.v * 1000 <= m.v) {
						f->n.v *= m.v / (m.v >= 1e12 ? m.v / 1e12 : m.v >= 1e9 ?
							m.v / 1e9 : m.v >= 1e6 ? m.v / 1e6 : 1);
						f->n.v = f->n.v;
					}
					if (f->kind == CT_KIND_COUNT && g.kind != CT_KIND_COUNT) {
						f->kind = g.kind;
						f->unit = g.kind == CT_KIND_MEASURE && g.unit == g.unitbuf ?
							NULL : g.unit;
						if (g.unit == g.unitbuf) {
							memcpy(f->unitbuf, g.unitbuf, sizeof(f->unitbuf));
							f->unit = f->unitbuf;
						}
					}
					f->n.high = m.v;
					f->n.has_high = 1;
					f->n.b = m.b;
					j = r;
					/* a year range "2019-20" is a year */
					if (year_like(st, &f->n, j) && m.v < 100) {
						f->kind = CT_KIND_YEAR;
						f->n.has_high = 0;
					}
				}
			}
		}
	}
	/* "1 in 5", "one out of three" */
	if (f->kind == CT_KIND_COUNT && !f->n.has_high && (tok_is(st, j, "in") ||
	    (tok_is(st, j, "out") && tok_is(st, j + 1, "of"))) && !f->n.scaled) {
		size_t r = j + (tok_is(st, j, "out") ? 2 : 1);
		num m;

		if (r < st->n && (TK(st, r)->type == T_NUM || (cls(st, r) & L_NUM)) &&
		    parse_number(st, r, &m, 0) && m.v > f->n.v && !year_like(st, &m, m.b) &&
		    m.v <= 1000 && f->n.v >= 1) {
			f->n.v = f->n.v / m.v;
			f->n.frac = 1;
			j = m.b;
		}
	}
	/* "one over three" */
	if (f->kind == CT_KIND_COUNT && tok_is(st, j, "over") && f->n.b == j) {
		num m;

		if (j + 1 < st->n && parse_number(st, j + 1, &m, 0) && m.v != 0 && is_stop(st, m.b)) {
			f->n.v /= m.v;
			j = m.b;
		}
	}
	f->b = j;
	/* a rate right after the unit: "$70-a-share", "3,000 migrants a day" comes later */
	k = read_per(st, j, &f->per);
	if (k != j)
		f->b = j = k;
	return j;
}

/* Qualify a counted noun with its owner: "workers of Ford (F)". */
/* "Morro Bay is the home port for 60 fishermen": a noun after a copula
 * only describes the subject, which is the owner. */
static int copula_complement(const sent *st, size_t sa)
{
	size_t p = sa;

	if (p > 0 && (cls(st, p - 1) & L_DET))
		p--;
	return p > 0 && (tok_is(st, p - 1, "is") || tok_is(st, p - 1, "are") ||
		tok_is(st, p - 1, "was") || tok_is(st, p - 1, "were"));
}

static void add_owner(const sent *st, fig *f)
{
	size_t sa, sb, ks;

	if ((owner_of(st, f->qa, &sa, &sb) || prep_owner(st, f->qa, &sa, &sb)) && sb <= f->qa &&
	    !copula_complement(st, sa)) {
		f->sa2 = sa;
		f->sb2 = sb;
		f->join = " of ";
		return;
	}
	/* "Morro Bay is the home port for about 60 fishermen", "Maddon left
	 * Chapman in with a 9-2 lead": the clause's subject, when a verb of its
	 * own stands between it and the figure, owns what is counted there */
	ks = clause_start(st, f->qa);
	if (clause_subject(st, ks, f->qa, &sa, &sb) && sa >= ks && sb < f->qa &&
	    !(cls(st, sa) & L_PRON)) {
		size_t k;
		int verb = 0;

		/* "Officials said 300 homes were damaged": a speaker reports the
		 * figure and owns nothing of it */
		for (k = sb; k < f->qa; k++) {
			if (speech_verb(st, k)) {
				verb = 0;
				break;
			}
			if (is_word(st, k) && (cls(st, k) & (L_VERB | L_UP | L_DOWN)))
				verb = 1;
		}
		if (verb && sb - sa <= 4) {
			f->sa2 = sa;
			f->sb2 = sb;
			f->join = " of ";
			f->rule = "noun+clause";
			return;
		}
	}
	if (fragment_subject(st, f->qa, &sa, &sb) && sb - sa <= 4) {
		f->sa2 = sa;
		f->sb2 = sb;
		f->join = " of ";
		f->rule = "noun+fragment";
	}
}

/* "students studying at Heidelberg University": a participle that leads
 * to a name identifies the noun as a tail does. The tail is kept without
 * the participle ("students at Heidelberg University"), so the noun stays
 * the head and the key reads "heidelberg university student". */
static int participle_tail(const sent *st, fig *f, size_t e, size_t *end)
{
	size_t t;

	if (f->kind != CT_KIND_COUNT || f->sb != e || e + 1 >= st->n || !participle(st, e) ||
	    !ends_with(st, e, "ing") || TK(st, e)->lx)
		return 0;
	if ((t = proper_tail(st, e + 1)) <= e + 1)
		return 0;
	f->sa2 = e + 1;
	f->sb2 = t;
	f->join = " ";
	*end = t;
	return 1;
}

/* A word after a figure that is a verb, not its noun: "$1 million stay an
 * average", "$5bn raised". */
static int verb_like(const sent *st, size_t j, const fig *f)
{
	const char *per = NULL;

	if (TK(st, j)->cap)
		return 0;
	if (participle(st, j) && f->kind != CT_KIND_COUNT)
		return 1;
	/* "Homes from $750,000 to $1 million stay 70 days": no noun phrase
	 * runs straight into another figure */
	if (f->kind != CT_KIND_COUNT && !TK(st, j)->lx && j + 1 < st->n &&
	    (TK(st, j + 1)->type == T_NUM || (TK(st, j + 1)->type == T_SYM && TK(st, j + 1)->sym == S_CUR)))
		return 1;
	if ((tok_is(st, j + 1, "the") || tok_is(st, j + 1, "an") || tok_is(st, j + 1, "its") ||
	     tok_is(st, j + 1, "their") || tok_is(st, j + 1, "his") || tok_is(st, j + 1, "her") ||
	     (tok_is(st, j + 1, "a") && read_per(st, j + 1, &per) == j + 1)) && !plural_word(st, j))
		return 1;
	return 0;
}

/* The subject of figure f (tokens after it from f->b). figs[0..nf) are the
 * figures before it in the sentence. Returns the end of the noun phrase
 * (token) for the claim's text. */
static size_t attribute(sent *st, fig *f, const fig *prev, size_t after_prev)
{
	size_t j = f->b, e, np_end = f->b;
	int noun_ok = 1;

	/* "the 15 year-old students", "$800 stone pizza oven" */
	if (f->kind == CT_KIND_PERCENT && f->unit && !strcmp(f->unit, "pp"))
		noun_ok = 0;
	/* "N of NP" */
	if (tok_is(st, j, "of")) {
		size_t a = j + 1;

		while (a < st->n && (cls(st, a) & L_DET) && !TK(st, a)->cap)
			a++;
		if (a < st->n && (tok_is(st, a, "them") || tok_is(st, a, "whom") || tok_is(st, a, "those") ||
		    tok_is(st, a, "us") || tok_is(st, a, "which"))) {
			/* "of whom", "of them": the noun is elided */
		} else {
			e = noun_phrase(st, a, 8);
			/* "tens of millions of dollars": money, its subject elsewhere */
			if (e == a + 1 && (cls(st, a) & L_CUR) && f->kind == CT_KIND_COUNT &&
			    !(cls(st, a) & L_VERB)) {
				f->kind = CT_KIND_MONEY;
				f->unit = TK(st, a)->lx->unit;
				j = e;
				goto money_subject;
			}
			if (e > a) {
				size_t t2 = proper_tail(st, e);

				set_subject(f, a, t2 > e ? t2 : e, "of-np");
				if (t2 == e && participle_tail(st, f, e, &t2))
					;
				else if (f->kind == CT_KIND_COUNT && !f->n.frac)
					add_owner(st, f);
				e = t2 > e ? t2 : e;
				if (!f->per) {
					const char *per = NULL;
					size_t pk = read_per(st, e, &per);

					if (pk != e) {
						f->per = per;
						e = pk;
					}
				}
				return e;
			}
		}
	}
	/* a noun after the figure */
	if (is_dash(st, j) && TK(st, j)->glued && is_word(st, j + 1) && TK(st, j + 1)->glued)
		j++;      /* "a two-month contract" */
	else if (tok_is(st, j, "such") && np_word(st, j + 1))
		j++;      /* "300 such promotions" */
	if (noun_ok && np_word(st, j) && !((cls(st, j) & L_TIMEN) && f->kind != CT_KIND_COUNT) &&
	    !(cls(st, j) & L_MONTH) && !verb_like(st, j, f) &&
	    !(f->kind != CT_KIND_COUNT && is_word(st, j) && (tok_is(st, j, "last") ||
	      tok_is(st, j, "this") || tok_is(st, j, "next") || tok_is(st, j, "year") ||
	      (cls(st, j) & L_PERUNIT)))) {
		e = noun_phrase(st, j, 6);
		/* a capitalized single word after money is usually who paid it */
		if (e > j && !(f->kind == CT_KIND_PERCENT && TK(st, j)->cap && e == j + 1)) {
			size_t t2;
			const char *per = NULL;
			size_t pk;

			np_end = e;
			/* "of NP" after a count noun: "65 snaps of man coverage";
			 * a bare "for NP" says what they are for: "four options for
			 * greener fuels" */
			if ((tok_is(st, e, "of") || (tok_is(st, e, "for") && f->kind == CT_KIND_COUNT)) &&
			    np_word(st, e + 1) && !TK(st, e + 1)->cap &&
			    !(cls(st, e + 1) & (L_TIMEN | L_VAGUE | L_NUM))) {
				size_t e2 = noun_phrase(st, e + 1, 4);

				if (e2 > e + 1)
					e = np_end = e2;
			}
			t2 = proper_tail(st, e);
			/* "students studying at Heidelberg University": a participle
			 * that leads to a name identifies the noun as a tail does */
			set_subject(f, j, t2 > e ? t2 : e, "noun");
			np_end = t2 > e ? t2 : e;
			if (participle_tail(st, f, e, &np_end))
				;
			/* a noun after a percentage, a sum or a measure is what it
			 * measures ("a 5 per cent rebound", "run a 40 yard dash"), so
			 * its owner identifies it too */
			else
				add_owner(st, f);
			/* the rate after the noun: "3,000 migrants a day" */
			if (!f->per) {
				pk = read_per(st, np_end, &per);
				if (pk != np_end) {
					f->per = per;
					np_end = pk;
				}
			}
			return np_end;
		}
	}
money_subject:
	/* money: "$1 billion in gains", "$48 billion in assets" */
	if (f->kind == CT_KIND_MONEY && tok_is(st, j, "in") && is_word(st, j + 1) &&
	    !TK(st, j + 1)->cap && !(cls(st, j + 1) & (L_TIMEN | L_MONTH | L_DET | L_PREP | L_PRON))) {
		e = j + 1;
		while (e < st->n && e < j + 5 && is_word(st, e) && !TK(st, e)->cap &&
		       !(cls(st, e) & (L_PREP | L_DET | L_CONJ | L_PRON | L_TIMEN | L_MONTH)))
			e++;
		if (e > j + 1) {
			set_subject(f, j + 1, e, "in-np");
			return e;
		}
	}
	/* the elided noun of a list: "3,000 ICE agents, including 1,800 from HSI" */
	if (prev && prev->rule && (!strcmp(prev->rule, "noun") || !strcmp(prev->rule, "elided")) &&
	    prev->kind == f->kind && f->kind == CT_KIND_COUNT && !f->n.frac) {
		size_t t2 = proper_tail(st, j);
		int link = 0, p;

		for (p = (int)after_prev; p < (int)f->a && p < (int)st->n; p++)
			if (tok_is(st, (size_t)p, "including") || tok_is(st, (size_t)p, "and") ||
			    tok_is(st, (size_t)p, "of") || tok_is(st, (size_t)p, "whom") ||
			    tok_is(st, (size_t)p, "with") || tok_ch(st, (size_t)p, ',') ||
			    tok_is(st, (size_t)p, "or") || tok_is(st, (size_t)p, "plus"))
				link = 1;
		if (link && (int)f->a - (int)after_prev <= 4) {
			size_t hb = prev->sb;

			/* keep the noun, not the tail of the earlier figure */
			if (prev->sb2 > prev->sa2 || !strcmp(prev->rule, "noun")) {
				size_t q;

				for (q = prev->sa; q < prev->sb; q++)
					if (cls(st, q) & L_PREP) {
						hb = q;
						break;
					}
			}
			f->sa = prev->sa;
			f->sb = hb;
			if (t2 > j) {
				f->sa2 = j;
				f->sb2 = t2;
			}
			f->rule = "elided";
			return t2 > j ? t2 : j;
		}
	}
	/* a conversion in parentheses: "87 mph (140 km/h)", "1.356 billion ($1.762bn)" */
	if (prev && f->a > 0 && tok_ch(st, f->qa - 1, '(') && after_prev + 1 >= f->qa) {
		f->sa = prev->sa;
		f->sb = prev->sb;
		f->sa2 = prev->sa2;
		f->sb2 = prev->sb2;
		f->rule = "paren";
		return f->b;
	}
	/* "a speed of 15 to 22 mph", "net worth of $1.3bn" */
	{
		size_t sa, sb, ks = clause_start(st, f->qa);

		if (noun_before_of(st, f->qa, &sa, &sb)) {
			set_subject(f, sa, sb, "np-of");
			return f->b;
		}
		/* "a contract worth $200 million", "products priced at under $10":
		 * the noun that is worth it */
		if (f->kind == CT_KIND_MONEY && f->qa > 1) {
			size_t we = f->qa, b;

			if (tok_is(st, we - 1, "worth"))
				we--;
			else if (we > 2 && tok_is(st, we - 1, "at") && (tok_is(st, we - 2, "valued") ||
				 tok_is(st, we - 2, "priced")))
				we -= 2;
			b = we;
			/* not into an earlier figure: "a five-year contract worth" */
			while (we < f->qa && b > ks && np_word(st, b - 1) && !TK(st, b - 1)->used && we - b < 4)
				b--;
			if (b < we) {
				set_subject(f, b, we, "worth");
				return f->b;
			}
		}
		if (f->kind != CT_KIND_COUNT && f->qa > 1 && np_word(st, f->qa - 1) &&
		    !TK(st, f->qa - 1)->cap && !participle(st, f->qa - 1)) {
			size_t b = f->qa - 1;

			while (b > 0 && np_word(st, b - 1) && f->qa - b < 3)
				b--;
			if (b > 0 && tok_is(st, b - 1, "the") && b > 1 && ((cls(st, b - 2) & (L_VERB | L_UP | L_DOWN)) ||
			    (!TK(st, b - 2)->lx && participle(st, b - 2)))) {
				set_subject(f, b, f->qa, "object");
				return f->b;
			}
		}
		if (f->kind != CT_KIND_COUNT && object_before_for(st, f->qa, ks, &sa, &sb)) {
			set_subject(f, sa, sb, "for-object");
			return f->b;
		}
		if (fragment_subject(st, f->qa, &sa, &sb)) {
			set_subject(f, sa, sb, "fragment");
			return f->b;
		}
		/* a clause that opens on an earlier figure shares its subject:
		 * "78% of the deal will be paid in cash, up from 50%" */
		if (prev && prev->sb > prev->sa && prev->qa >= ks && prev->a < f->a &&
		    prev->kind == f->kind) {
			f->sa = prev->sa;
			f->sb = prev->sb;
			f->rule = "clause-prev";
			return f->b;
		}
		if (clause_subject(st, ks, f->qa, &sa, &sb)) {
			set_subject(f, sa, sb, "clause");
			return f->b;
		}
	}
	/* "could be priced from RM120,000 to RM300,000 for an apartment":
	 * with no one paying, what the sum pays for. A payer comes first
	 * ("The club paid £100m for the striker" is the club's figure). */
	if (f->kind == CT_KIND_MONEY && tok_is(st, j, "for")) {
		size_t a = j + 1;

		while (a < st->n && (cls(st, a) & L_DET) && !(cls(st, a) & L_PRON))
			a++;
		if (np_word(st, a) && !TK(st, a)->cap && !(cls(st, a) & (L_TIMEN | L_PERUNIT | L_MONTH))) {
			e = noun_phrase(st, a, 4);
			if (e > a) {
				set_subject(f, a, e, "for-np");
				return e;
			}
		}
	}
	return f->b;
}

int ct_claims_extract_sentence(ct_claimset *set, const char *s, size_t len,
	const char *section, size_t sentence_no)
{
	sent st;
	fig figs[2];
	fig *prev = NULL;
	size_t i, prev_end = 0, np_end;
	tok stack_toks[192];
	int err = 0, have_prev = 0;

	memset(&st, 0, sizeof(st));
	st.s = s;
	st.len = len;
	/* most sentences fit on the stack; push_tok moves longer ones to the heap */
	st.t = stack_toks;
	st.cap = sizeof(stack_toks) / sizeof(stack_toks[0]);
	st.stack = stack_toks;
	if (tokenize(&st) < 0) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < st.n; ) {
		fig *f = &figs[have_prev ? (prev == &figs[0] ? 1 : 0) : 0];
		size_t next, text_end;
		int in_between = 0;

		if (!may_start(&st, i)) {
			i++;
			continue;
		}
		if (TK(&st, i)->type == T_NUM && (next = date_or_version(&st, i)) > i) {
			for (; i < next; i++)
				st.t[i].used = 1;
			continue;
		}
		next = read_figure(&st, i, f, in_between);
		if (next == i) {
			i++;
			continue;
		}
		/* later rules look back across earlier figures, not into them */
		{
			size_t u;

			for (u = f->a; u < next && u < st.n; u++)
				st.t[u].used = 1;
		}
		if (f->skip) {
			i = next;
			continue;
		}
		if (f->kind == CT_KIND_COUNT && !f->n.has_high && (not_a_figure(&st, &f->n, f->a, f->b) ||
		    (!f->n.spelled && f->b == f->n.b && year_like(&st, &f->n, f->b)))) {
			if (!not_a_figure(&st, &f->n, f->a, f->b) && year_like(&st, &f->n, f->b)) {
				f->kind = CT_KIND_YEAR;
			} else {
				i = next;
				continue;
			}
		}
		/* "A.D. 1000", "1260 BC" */
		if (f->kind == CT_KIND_COUNT && f->n.plain && ((f->a > 0 && (tok_is(&st, f->a - 1, "A.D.") ||
		    tok_is(&st, f->a - 1, "AD"))) || tok_is(&st, f->b, "BC") || tok_is(&st, f->b, "B.C.") ||
		    tok_is(&st, f->b, "AD") || tok_is(&st, f->b, "BCE") || tok_is(&st, f->b, "CE")))
			f->kind = CT_KIND_YEAR;
		if (f->kind == CT_KIND_COUNT && f->n.has_high && f->n.plain &&
		    f->n.high >= 1800 && f->n.high <= 2100 && f->n.high > f->n.v) {
			/* "between 1990 and 2020": the first end decides */
			num first = f->n;

			first.b = first.a + 1;
			if (year_like(&st, &first, first.b))
				f->kind = CT_KIND_YEAR;
		}
		text_end = 0;
		np_end = next;
		if (f->kind != CT_KIND_YEAR && f->kind != CT_KIND_ORDINAL) {
			size_t e = attribute(&st, f, have_prev ? prev : NULL, prev_end);

			if (e > f->b) {
				text_end = TK(&st, e - 1)->s + TK(&st, e - 1)->n;
				np_end = e;
			}
		}
		if (f->kind == CT_KIND_YEAR)
			f->qual = "=";
		if ((err = emit(set, &st, f, section, sentence_no, text_end)) < 0)
			goto out;
		prev = f;
		have_prev = 1;
		prev_end = np_end;
		i = next > i ? next : i + 1;
	}
out:
	if (st.t != stack_toks)
		free(st.t);
	return err;
}
