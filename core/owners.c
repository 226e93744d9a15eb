/* SPDX-License-Identifier: MIT */
/*
 * Owners: the noun phrase that identifies what a figure counts, when the
 * noun after the figure alone does not ("workers of Ford", "seats of
 * Labour"): a verb's subject, a relative clause's antecedent, the
 * speaker a pronoun stands for. subjects.c asks for it (add_owner).
 */
#include <string.h>

#include "grammar.h"

/* A pronoun that stands for a named owner: "it", "they", "he", "she". */
static int is_pronoun_ref(const sent *st, size_t i)
{
	return tok_is(st, i, "it") || tok_is(st, i, "they") || tok_is(st, i, "he") ||
		tok_is(st, i, "she");
}

/* The first token of the verb group that leads to the figure at qa ("has",
 * "is expected to have"), into *v_out. Returns 0 when no verb leads there, or
 * the verb is one of saying. */
int verb_group_start(const sent *st, size_t qa, size_t *v_out)
{
	size_t v = qa;

	/* "run a 4.3 second dash", "grew by 125,600 positions": the verb
	 * still leads to the figure across an article or "by" */
	if (v > 1 && (tok_is(st, v - 1, "a") || tok_is(st, v - 1, "an") || tok_is(st, v - 1, "by")))
		v--;
	if (v == 0 || !is_word(st, v - 1))
		return 0;
	if (!(cls(st, v - 1) & (L_VERB | L_UP | L_DOWN)) && !(!TK(st, v - 1)->lx && participle(st, v - 1)))
		return 0;
	/* "Officials said 300 homes ...": a figure right after a verb of
	 * saying (or of expecting: "Officials expect 20,000 visitors") opens
	 * the reported clause, which the speaker does not own */
	if (tok_is(st, v - 1, "said") || tok_is(st, v - 1, "says") || tok_is(st, v - 1, "say") ||
	    tok_is(st, v - 1, "told") || tok_is(st, v - 1, "warned") ||
	    tok_is(st, v - 1, "insisted") || tok_is(st, v - 1, "claimed") ||
	    tok_is(st, v - 1, "expect") || tok_is(st, v - 1, "estimate") ||
	    tok_is(st, v - 1, "predict") || tok_is(st, v - 1, "forecast") ||
	    tok_is(st, v - 1, "confirmed"))
		return 0;
	/* back over the verb group */
	while (v > 0 && is_word(st, v - 1) && ((cls(st, v - 1) & (L_VERB | L_UP | L_DOWN | L_ADV)) ||
	       tok_is(st, v - 1, "to") || (!TK(st, v - 1)->lx && participle(st, v - 1)) ||
	       ly_adverb(st, v - 1)))
		v--;
	*v_out = v;
	return 1;
}

/* "Ford (F), which has": the antecedent of the relative pronoun at v - 1. */
static int relative_antecedent(const sent *st, size_t v, size_t *sa, size_t *sb)
{
	size_t end = v - 1, j, start;

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

/* The noun phrase [*start,*end) that opens the clause from k up to the
 * verb group at v. */
static void clause_head(const sent *st, size_t k, size_t v, size_t *start, size_t *end)
{
	size_t j = k, e;

	while (j < v && (cls(st, j) & (L_DET | L_ADV | L_CONJ)) && j - k < SCAN_MAX)
		j++;
	*start = j;
	while (j < v && is_word(st, j) && !(cls(st, j) & (L_VERB | L_PRON | L_UP | L_DOWN)) &&
	       !(j > *start && finite_verb(st, j)) && j - *start < SCAN_MAX)
		j++;
	if (j > *start && tok_ch(st, j, '(') && is_word(st, j + 1) && tok_ch(st, j + 2, ')'))
		j += 3;
	e = j;
	while (e > *start && is_word(st, e - 1) && (cls(st, e - 1) & (L_PREP | L_DET | L_CONJ)))
		e--;
	*end = e;
}

/* "Cayman Airways said it was grounding two jets": a pronoun at v - 1
 * after a verb of saying stands for the one who said it. */
static int speaker_of_pronoun(const sent *st, size_t k, size_t v, size_t *sa, size_t *sb)
{
	size_t e = v - 1, b;

	if (e > 0 && tok_is(st, e - 1, "that"))
		e--;
	if (!(e > 0 && speech_verb(st, e - 1)))
		return 0;
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
	return 0;
}

/* "The WTO said global trade could see ...", "which saw US trade figures
 * for April decrease to ...": the noun phrase right before the verb group
 * at v, after a verb of its own. */
static int np_before_verb(const sent *st, size_t k, size_t v, size_t *sa, size_t *sb)
{
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
	return 0;
}

/* The owner of a counted noun when a verb leads straight to the figure:
 * "Ford, which has 13,000 workers", "Musk has 80 million followers". */
static int owner_of(const sent *st, size_t qa, size_t *sa, size_t *sb)
{
	size_t v, k, start, end;

	if (!verb_group_start(st, qa, &v))
		return 0;
	/* a relative clause: the owner is its antecedent */
	if (v > 0 && (tok_is(st, v - 1, "which") || tok_is(st, v - 1, "who") || tok_is(st, v - 1, "that")))
		return relative_antecedent(st, v, sa, sb);
	k = clause_start(st, v);
	clause_head(st, k, v, &start, &end);
	if (v > k && is_pronoun_ref(st, v - 1) && speaker_of_pronoun(st, k, v, sa, sb))
		return 1;
	if (v == k + 1 && k > 0 && is_pronoun_ref(st, k)) {
		/* "Musk uses his account, where he has 80 million followers": the
		 * pronoun opening a clause stands for the subject of the one before */
		return clause_subject(st, clause_start(st, k - 1), k - 1, sa, sb) &&
			!(cls(st, *sa) & L_PRON);
	}
	if (end != v && v > k + 1 && np_before_verb(st, k, v, sa, sb))
		return 1;
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

/* An owner is a plain noun phrase, never one an earlier figure counts:
 * "Dozens of people were killed at two mosques" owns no mosques. */
static int owner_ok(const sent *st, size_t sa, size_t sb)
{
	size_t k;

	for (k = sa; k < sb; k++)
		if (TK(st, k)->used || TK(st, k)->type == T_NUM || (cls(st, k) & (L_NUM | L_VAGUE)))
			return 0;
	return sb > sa;
}

/*
 * A verb whose object undergoes what the clause's subject does rather than
 * belonging to it: "Police arrested 37 protesters", "the storm left
 * 200,000 homes without power", "Rescuers pulled 14 survivors". Its
 * subject owns nothing it counts, so the key stays the same when the
 * sentence turns passive ("37 protesters were arrested by police").
 */
static int patient_verb(const sent *st, size_t i)
{
	static const char *const verbs[] = {
		"arrest", "detain", "kill", "injure", "wound", "hurt", "force", "evacuate",
		"rescue", "pull", "save", "treat", "infect", "strand", "displace", "deport",
		"charge", "convict", "jail", "sentence", "fine", "sue", "seize", "vaccinate",
		"test", "screen", "question", "interview", "survey", "poll", "leave", "affect",
		"hit", "strike", "destroy", "damage", "plant", "burn", "flood", "shoot",
		"attack", "execute", "free", "release", "expel", "evict", "hospitalize",
		"hospitalise", "admit", "catch", "capture", "stop", "reject", "warn",
		"drown", "bury", "trap", "isolate", "quarantine", "track", "study", "monitor",
		"examine", "observe", "analyse", "analyze", "record", "detect", "identify",
		"discover", "log", "find",
		NULL
	};
	return verb_base_in(st, i, verbs);
}

/* The verb nearest before the figure at qa in its clause, or 0 when a
 * patient verb stands there (see patient_verb). */
int owner_verb_ok(const sent *st, size_t qa)
{
	size_t k = qa, guard = 0;

	while (k > 0 && guard++ < 6) {
		k--;
		/* "a survey of 6,000 employers": a noun's figure, not a verb's */
		if (!is_word(st, k) || (cls(st, k) & L_PREP))
			return 1;
		/* "will affect 20,000 commuters": a base form after a modal */
		if (((cls(st, k) & (L_VERB | L_UP | L_DOWN)) || finite_verb(st, k) || participle(st, k) ||
		     (k > 0 && ((cls(st, k - 1) & L_VERB) || tok_is(st, k - 1, "to")) &&
		      (tok_wb(st, TK(st, k)) & W_VERB))) &&
		    patient_verb(st, k))
			return 0;
		if (cls(st, k) & L_VERB)
			return 1;
	}
	return 1;
}

/* Qualify a counted noun with its owner: "workers of Ford (F)". */
void add_owner(const sent *st, fig *f)
{
	size_t sa, sb, ks;

	if (!owner_verb_ok(st, f->qa))
		return;
	if ((owner_of(st, f->qa, &sa, &sb) || prep_owner(st, f->qa, &sa, &sb)) && sb <= f->qa &&
	    !copula_complement(st, sa) && owner_ok(st, sa, sb)) {
		f->sa2 = sa;
		f->sb2 = sb;
		f->join = " of ";
		return;
	}
	/* "Morro Bay is the home port for about 60 fishermen", "Maddon left
	 * Chapman in with a 9-2 lead": the clause's subject, when a verb of its
	 * own stands between it and the figure, owns what is counted there */
	ks = clause_start(st, f->qa);
	/* "Tickets cost $45 and 20,000 fans are expected": after "and", a
	 * figure whose noun phrase a verb follows opens a clause of its own */
	if (f->qa > 0 && (tok_is(st, f->qa - 1, "and") || tok_is(st, f->qa - 1, "but")) &&
	    f->sb < st->n && is_word(st, f->sb) && ((cls(st, f->sb) & L_VERB) || finite_verb(st, f->sb)))
		return;
	if (clause_subject(st, ks, f->qa, &sa, &sb) && sa >= ks && sb < f->qa &&
	    f->qa - sb < SCAN_MAX && !(cls(st, sa) & L_PRON)) {
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
		if (verb && sb - sa <= 4 && owner_ok(st, sa, sb)) {
			f->sa2 = sa;
			f->sb2 = sb;
			f->join = " of ";
			f->rule = "noun+clause";
			return;
		}
	}
	if (fragment_subject(st, f->qa, &sa, &sb) && sb - sa <= 4 && owner_ok(st, sa, sb)) {
		f->sa2 = sa;
		f->sb2 = sb;
		f->join = " of ";
		f->rule = "noun+fragment";
	}
}

/* A verb of the clause at token i: a known verb form, a change verb or an
 * unknown participle. */
int verb_at(const sent *st, size_t i)
{
	if (!is_word(st, i))
		return 0;
	if (cls(st, i) & L_VERB)
		return !(cls(st, i) & L_PREP);
	if ((cls(st, i) & (L_UP | L_DOWN)) && !(cls(st, i) & L_PREP))
		return 1;
	return (!TK(st, i)->lx && participle(st, i)) || finite_verb(st, i);
}

/*
 * "Homes from $750,000 to $1 million stay 70 days; $1 million to $1.25
 * million, 99 days; ...": a list after a semicolon whose items have no verb
 * of their own repeats the frame of the first clause, so its figures
 * belong to that clause's subject. Sets the subject of the sentence's
 * first clause when the figure at qa sits in such a verbless item.
 */
int fragment_subject(const sent *st, size_t qa, size_t *sa, size_t *sb)
{
	size_t k = qa, first = st->first_semi;

	/* an item of such a list is short: no ';' near, no list */
	while (k > 0 && !tok_ch(st, k - 1, ';') && qa - k < SCAN_MAX)
		k--;
	if (k == 0 || !tok_ch(st, k - 1, ';'))
		return 0;
	for (; k < qa; k++)
		if (verb_at(st, k))
			return 0;
	if (first >= qa || !clause_subject(st, 0, first, sa, sb) || *sb > first)
		return 0;
	return !(cls(st, *sa) & L_PRON) && !TK(st, *sa)->used;
}
