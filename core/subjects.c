/* SPDX-License-Identifier: MIT */
/*
 * Subjects: which noun phrase a figure counts, by the first rule that
 * applies (recorded in fig.rule; see extract.c). The owner that
 * identifies it ("workers of Ford") is owners.c's.
 */
#include <string.h>

#include "grammar.h"

/* "a speed of 15 mph", "net worth of $1.3bn": the noun before "of". */
static int noun_before_of(const sent *st, size_t qa, size_t *sa, size_t *sb)
{
	size_t e, b;

	/* "per cent of 22": the percent word is the unit, and names nothing */
	if (qa < 2 || !tok_is(st, qa - 1, "of") || (cls(st, qa - 2) & L_PCT) || tok_is(st, qa - 2, "cent"))
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
	/* not back across a verb: "The typhoon packed winds of up to" */
	while (b > 0 && np_word(st, b - 1) && e - b < 4 && !(cls(st, b - 1) & L_VAGUE) &&
	       !(b >= 2 && ((participle(st, b - 1) && ends_with(st, b - 1, "ed")) ||
		 ((wbits(st, b - 1) & W_VPAST) && !(wbits(st, b - 1) & W_NOUNISH))) &&
		 np_word(st, b - 2) && !(cls(st, b - 2) & L_DET))) {
		b--;
		/* "a pre-tax profit of": a hyphenated compound is one word */
		if (b >= 2 && is_dash(st, b - 1) && TK(st, b - 1)->glued && TK(st, b)->glued &&
		    is_word(st, b - 2) && !(cls(st, b - 2) & L_DET))
			b -= 2;
	}
	/* "outpacing inflation of 3.2%": a verb's -ing form opens no phrase */
	while (b < e - 1 && participle(st, b) && ends_with(st, b, "ing") && !TK(st, b)->lx)
		b++;
	/* "a total of", "an average of 7%": a word of amount says nothing of
	 * what the figure is */
	if (e - b == 1 && (tok_is(st, b, "total") || tok_is(st, b, "average") ||
	    tok_is(st, b, "maximum") || tok_is(st, b, "minimum") || tok_is(st, b, "peak")))
		return 0;
	*sa = b;
	*sb = e;
	return 1;
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
	/* "sold at auction for $450m": a phrase after a preposition is no
	 * object */
	if ((cls(st, b) & L_PREP) && !tok_is(st, b, "of"))
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

static void set_subject(fig *f, size_t a, size_t b, const char *rule)
{
	f->sa = a;
	f->sb = b;
	f->rule = rule;
}

void subject_copy(fig *f, const fig *g, const char *rule)
{
	f->sa = g->sa;
	f->sb = g->sb;
	f->sa2 = g->sa2;
	f->sb2 = g->sb2;
	f->join = g->join;
	f->rule = rule;
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
	/* "The 65-year-old worries that": a form WordNet sees more often as
	 * a verb than as a noun, before what a verb takes */
	if (verb_likelier(st, j) && (tok_is(st, j + 1, "that") ||
	    ((cls(st, j + 1) & (L_DET | L_PRON)) && !(cls(st, j + 1) & L_PREP))))
		return 1;
	return 0;
}

/* The rate after a figure's noun phrase ending at e: "3,000 migrants a
 * day". Returns the phrase's end, past the rate when there is one. */
static size_t rate_after(const sent *st, fig *f, size_t e)
{
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

enum { RULE_NONE, RULE_DONE, RULE_MONEY };

/* "N of NP": "10% of arrest numbers". RULE_DONE with the subject set and
 * *end its phrase's end; RULE_MONEY when the NP is a currency ("tens of
 * millions of dollars": money, its subject elsewhere), *j past it. */
static int of_np_subject(sent *st, fig *f, size_t *j, size_t *end)
{
	size_t a = *j + 1, e;

	if (!tok_is(st, *j, "of"))
		return RULE_NONE;
	while (a < st->n && (cls(st, a) & L_DET) && !TK(st, a)->cap)
		a++;
	/* "70% of the town's 8,000 residents": the owner before a count */
	if (a + 1 < st->n && possessive(st, a) && TK(st, a + 1)->type == T_NUM)
		a++;
	/* "12 of its last 15 games": a word that picks which ones */
	if (a + 2 < st->n && (TK(st, a + 1)->type == T_NUM || (cls(st, a + 1) & L_NUM)) &&
	    (tok_is(st, a, "last") || tok_is(st, a, "first") || tok_is(st, a, "next") ||
	     tok_is(st, a, "past") || tok_is(st, a, "previous") || tok_is(st, a, "final") ||
	     tok_is(st, a, "remaining") || tok_is(st, a, "other") || tok_is(st, a, "latest")))
		a++;
	/* "half of the 300 workers": the number is a figure of its own */
	if (a + 1 < st->n && (TK(st, a)->type == T_NUM || (cls(st, a) & L_NUM)) && !TK(st, a)->dec &&
	    np_word(st, a + 1) &&
	    !(cls(st, a + 1) & (L_MEAS | L_PCT | L_CUR | L_SCALE | L_TIMEN | L_MONTH)) &&
	    !is_dash(st, a + 1))
		a++;
	/* "of whom", "of them": the noun is elided */
	if (a < st->n && (tok_is(st, a, "them") || tok_is(st, a, "whom") || tok_is(st, a, "those") ||
	    tok_is(st, a, "us") || tok_is(st, a, "which")))
		return RULE_NONE;
	e = noun_phrase(st, a, 8);
	if (e == a + 1 && (cls(st, a) & L_CUR) && f->kind == CT_KIND_COUNT &&
	    !(cls(st, a) & L_VERB)) {
		f->kind = CT_KIND_MONEY;
		f->unit = TK(st, a)->lx->unit;
		*j = e;
		return RULE_MONEY;
	}
	if (e > a) {
		size_t t2 = proper_tail(st, e);

		set_subject(f, a, t2 > e ? t2 : e, "of-np");
		if (t2 == e && participle_tail(st, f, e, &t2))
			;
		else if (f->kind == CT_KIND_COUNT && !f->n.frac)
			add_owner(st, f);
		e = t2 > e ? t2 : e;
		/* a band of a ranking is a share, never a rate: "posting the
		 * bottom 10% of arrest numbers monthly" posts monthly */
		*end = f->band && f->kind == CT_KIND_PERCENT ? e : rate_after(st, f, e);
		return RULE_DONE;
	}
	return RULE_NONE;
}

/* Is a form of "be" (or "remain") before token qa, across an adverb? */
static int after_copula(const sent *st, size_t qa)
{
	size_t p = qa;

	if (p > 0 && (cls(st, p - 1) & L_ADV) && !(cls(st, p - 1) & L_PREP))
		p--;
	return p > 0 && (tok_is(st, p - 1, "is") || tok_is(st, p - 1, "was") ||
		tok_is(st, p - 1, "are") || tok_is(st, p - 1, "were") || tok_is(st, p - 1, "be") ||
		tok_is(st, p - 1, "been") || tok_is(st, p - 1, "remains") ||
		tok_is(st, p - 1, "remained"));
}

/* An adjective that is no noun, or a comparative ("cheaper", "lighter"),
 * with no noun after it. */
static int predicate_adjective(const sent *st, size_t j)
{
	const tok *t;
	unsigned wb;

	if (!is_word(st, j))
		return 0;
	t = TK(st, j);
	wb = tok_wb(st, t);
	if (t->cap || (t->lx && t->cls))
		return 0;
	return ((wb & W_COMPAR) || ((wb & W_ADJ) && !(wb & W_NOUNISH))) && !np_word(st, j + 1);
}

/* "a 5% pay rise", "a 3% pay cut": a verb of the hand list at j that
 * WordNet knows as a noun, modifying the noun (or change noun) after it. */
static int verb_noun_modifier(const sent *st, size_t j)
{
	if (!(cls(st, j) & L_VERB) || (cls(st, j) & (L_PREP | L_AUX)) || TK(st, j)->cap ||
	    !(ct_lex_open_bits(ct_lex_open_find(st->s + TK(st, j)->s, TK(st, j)->n)) & W_NOUN))
		return 0;
	return is_word(st, j + 1) && !(cls(st, j + 1) & (L_PREP | L_DET)) && !participle(st, j + 1) &&
		(np_word(st, j + 1) || (cls(st, j + 1) & (L_UP | L_DOWN)));
}

/* The noun phrase after the figure at *j (moved past a glued hyphen or
 * "such"): "3,000 ICE agents", "a 5 per cent rebound". Returns 1 with the
 * subject set and *end its phrase's end. */
static int noun_subject(sent *st, fig *f, size_t *j_io, size_t *end)
{
	size_t j = *j_io, e, np_end, t2;

	if (is_dash(st, j) && TK(st, j)->glued && tok_is(st, j + 1, "strong") && TK(st, j + 1)->glued)
		j++;
	if (tok_is(st, j, "strong") && j > 0 && is_dash(st, j - 1) && TK(st, j)->glued &&
	    np_word(st, j + 1))
		j++;      /* "a 5,000-strong crowd" counts the crowd */
	else if (is_dash(st, j) && TK(st, j)->glued && is_word(st, j + 1) && TK(st, j + 1)->glued)
		j++;      /* "a two-month contract" */
	else if (f->kind == CT_KIND_COUNT && j + 2 < st->n && TK(st, j)->type == T_NUM &&
		 (cls(st, j + 1) & L_MEAS) && np_word(st, j + 2) && !(cls(st, j + 2) & L_MEAS))
		j += 2;   /* "eight million 250ml bottles": the size is a figure of its own */
	else if (tok_is(st, j, "such") && np_word(st, j + 1))
		j++;      /* "300 such promotions" */
	else if (f->kind == CT_KIND_PERCENT && ((wbits(st, j) & W_COMPAR) ||
		 tok_is(st, j, "lower") || tok_is(st, j, "higher")) && np_word(st, j + 1) &&
		 !(cls(st, j + 1) & (L_TIMEN | L_PERUNIT)))
		j++;      /* "a 50% lower risk of dying": what is lower */
	*j_io = j;
	/* "The average wait is now 18 weeks": a span the clause's subject is,
	 * said of it by a copula */
	if (f->kind == CT_KIND_COUNT && (cls(st, j) & L_TIMEN) && is_stop(st, j + 1) &&
	    after_copula(st, f->qa) && TK(st, j)->lx && TK(st, j)->lx->unit) {
		/* the time word is then the figure's unit, so it stays a span */
		f->kind = CT_KIND_MEASURE;
		f->unit = TK(st, j)->lx->unit;
		f->b = *j_io = j + 1;
		return 0;
	}
	if (f->kind != CT_KIND_COUNT && verb_noun_modifier(st, j)) {
		set_subject(f, j, j + 2, "noun");
		*end = j + 2;
		return 1;
	}
	/* "the 15 year-old students", "$800 stone pizza oven"; no noun after
	 * percentage points */
	if (f->kind == CT_KIND_PERCENT && f->unit && !strcmp(f->unit, "pp"))
		return 0;
	if (!(np_word(st, j) && !((cls(st, j) & L_TIMEN) && f->kind != CT_KIND_COUNT) &&
	      !(cls(st, j) & L_MONTH) && !verb_like(st, j, f) &&
	      !(f->kind != CT_KIND_COUNT && is_word(st, j) && (tok_is(st, j, "last") ||
		tok_is(st, j, "this") || tok_is(st, j, "next") || tok_is(st, j, "year") ||
		(cls(st, j) & L_PERUNIT)))))
		return 0;
	e = noun_phrase(st, j, 6);
	/* "12 grams lighter than", "300 feet long": a lone adjective after a
	 * measure is said of the clause's subject (after a percentage it
	 * names what is measured: "95% effective") */
	if (e == j + 1 && f->kind != CT_KIND_PERCENT && predicate_adjective(st, j))
		return 0;
	/* a capitalized single word after money is usually who paid it */
	if (!(e > j && !(f->kind == CT_KIND_PERCENT && TK(st, j)->cap && e == j + 1)))
		return 0;
	/* "of NP" after a count noun: "65 snaps of man coverage"; a bare "for
	 * NP" says what they are for: "four options for greener fuels" */
	if ((tok_is(st, e, "of") || (tok_is(st, e, "for") && f->kind == CT_KIND_COUNT)) &&
	    np_word(st, e + 1) && !TK(st, e + 1)->cap &&
	    !(cls(st, e + 1) & (L_TIMEN | L_VAGUE | L_NUM))) {
		size_t e2 = noun_phrase(st, e + 1, 4);

		if (e2 > e + 1)
			e = e2;
	}
	t2 = proper_tail(st, e);
	set_subject(f, j, t2 > e ? t2 : e, "noun");
	np_end = t2 > e ? t2 : e;
	/* "students studying at Heidelberg University": a participle that
	 * leads to a name identifies the noun as a tail does */
	if (participle_tail(st, f, e, &np_end))
		;
	/* a noun after a percentage, a sum or a measure is what it measures
	 * ("a 5 per cent rebound", "run a 40 yard dash"), so its owner
	 * identifies it too */
	else
		add_owner(st, f);
	*end = rate_after(st, f, np_end);
	return 1;
}

/* money: "$1 billion in gains", "$48 billion in assets". */
static int in_np_subject(const sent *st, fig *f, size_t j, size_t *end)
{
	size_t e;

	if (!(f->kind == CT_KIND_MONEY && tok_is(st, j, "in") && is_word(st, j + 1) &&
	      !TK(st, j + 1)->cap &&
	      !(cls(st, j + 1) & (L_TIMEN | L_MONTH | L_DET | L_PREP | L_PRON | L_ADV | L_NUM))))
		return 0;
	e = j + 1;
	while (e < st->n && e < j + 5 && is_word(st, e) && !TK(st, e)->cap &&
	       !(cls(st, e) & (L_PREP | L_DET | L_CONJ | L_PRON | L_TIMEN | L_MONTH)))
		e++;
	if (e > j + 1) {
		set_subject(f, j + 1, e, "in-np");
		*end = e;
		return 1;
	}
	return 0;
}

/* The elided noun of a list: "3,000 ICE agents, including 1,800 from HSI"
 * shares the noun of prev, whose phrase ended at after_prev. */
static int elided_subject(const sent *st, fig *f, size_t j, const fig *prev, size_t after_prev,
	size_t *end)
{
	size_t t2, hb;
	int link = 0, p;

	if (!(prev && prev->rule && (!strcmp(prev->rule, "noun") || !strcmp(prev->rule, "elided")) &&
	      prev->kind == f->kind && f->kind == CT_KIND_COUNT && !f->n.frac))
		return 0;
	t2 = proper_tail(st, j);
	for (p = (int)after_prev; p < (int)f->a && p < (int)st->n; p++)
		if (tok_is(st, (size_t)p, "including") || tok_is(st, (size_t)p, "and") ||
		    tok_is(st, (size_t)p, "of") || tok_is(st, (size_t)p, "whom") ||
		    tok_is(st, (size_t)p, "with") || tok_ch(st, (size_t)p, ',') ||
		    tok_is(st, (size_t)p, "or") || tok_is(st, (size_t)p, "plus"))
			link = 1;
	/* "2,400 homes were damaged, of which 600 were destroyed"; "employs
	 * 5,600 people and plans to cut 800 of them" */
	if (!(link && (int)f->a - (int)after_prev <= 4) &&
	    !(tok_is(st, j, "of") && (tok_is(st, j + 1, "them") || tok_is(st, j + 1, "those"))) &&
	    !(f->qa >= 2 && f->qa > after_prev && tok_is(st, f->qa - 2, "of") &&
	      (tok_is(st, f->qa - 1, "which") || tok_is(st, f->qa - 1, "whom") ||
	       tok_is(st, f->qa - 1, "them"))))
		return 0;
	hb = prev->sb;
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
	*end = t2 > j ? t2 : j;
	return 1;
}

/* "a contract worth $200 million", "products priced at under $10": the
 * noun that is worth the sum, not reaching back before ks. */
static int worth_subject(const sent *st, fig *f, size_t ks)
{
	size_t we = f->qa, b;

	if (!(f->kind == CT_KIND_MONEY && f->qa > 1))
		return 0;
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
		return 1;
	}
	return 0;
}

/* Is word i a verb that takes an object: one of the hand list, a change
 * verb, or a participle the lexicon does not list? */
static int object_verb(const sent *st, size_t i)
{
	return (cls(st, i) & (L_VERB | L_UP | L_DOWN)) || (!TK(st, i)->lx && participle(st, i));
}

/* "raised the price 5%", "cut its key rate by 50 basis points" or "to
 * 4.5%", "reduced deaths by 30 percent": the object of a verb, right
 * before a figure that is not a count. */
static int object_subject(const sent *st, fig *f)
{
	size_t b, e = f->qa;
	/* "will make the S8 25k cheaper": what the figure makes so */
	int pred = f->b < st->n && predicate_adjective(st, f->b);

	/* "raises the smoking age from 18 to 21": a count's level too (not
	 * "bringing its total to 260 million": a total names nothing) */
	int level = e >= 3 && (tok_is(st, e - 1, "from") || tok_is(st, e - 1, "to")) &&
		!tok_is(st, e - 2, "total");

	if ((f->kind == CT_KIND_COUNT && !pred && !level) || e < 2)
		return 0;
	/* "raise the minimum wage to $15 an hour": the level it reaches */
	if (tok_is(st, e - 1, "by") || tok_is(st, e - 1, "to") || (level && f->kind == CT_KIND_COUNT))
		e--;
	/* "has shrunk by 40%": a past form that is no noun is the verb */
	if (!(e > 1 && np_word(st, e - 1) && (!TK(st, e - 1)->cap || pred) && !participle(st, e - 1) &&
	      !((tok_wb(st, TK(st, e - 1)) & W_VPAST) && !(tok_wb(st, TK(st, e - 1)) & W_NOUNISH))))
		return 0;
	b = e - 1;
	while (b > 0 && np_word(st, b - 1) && e - b < 3)
		b--;
	/* "cut the risk of death by 35%": an "of" attachment belongs to it */
	if (b > 2 && e - b <= 2 && tok_is(st, b - 1, "of") && np_word(st, b - 2) &&
	    !TK(st, b - 2)->cap) {
		size_t b0 = b - 2;

		while (b0 > 0 && np_word(st, b0 - 1) && b - b0 < 3)
			b0--;
		b = b0;
	}
	if (b > 1 && (tok_is(st, b - 1, "the") || tok_is(st, b - 1, "its") ||
	    tok_is(st, b - 1, "their") || tok_is(st, b - 1, "his") || tok_is(st, b - 1, "her")) &&
	    object_verb(st, b - 2)) {
		set_subject(f, b, e, "object");
		return 1;
	}
	/* a bare object only before "by" or a bound: "reduced deaths by
	 * 30%", "cut wheat output by a fifth", "pushed temperatures above
	 * 40C" */
	if (b > 0 && e < f->qa && tok_is(st, e, "by") && object_verb(st, b - 1)) {
		set_subject(f, b, e, "object");
		return 1;
	}
	if (e == f->qa && (tok_is(st, e, "above") || tok_is(st, e, "below") || tok_is(st, e, "past"))) {
		for (b = e - 1; b > 0 && e - b < 3 && np_word(st, b - 1) && !participle(st, b - 1) &&
		     !finite_verb(st, b - 1); b--)
			;
		if (b > 0 && (participle(st, b - 1) || finite_verb(st, b - 1)) &&
		    object_verb(st, b - 1) && !(cls(st, b - 1) & L_AUX)) {
			set_subject(f, b, e, "object");
			return 1;
		}
	}
	return 0;
}

/* "which saw US trade figures for April decrease to $-50.8bn": what a
 * change verb before the figure moves, when another verb stands before
 * it. */
static int np_of_change(const sent *st, const fig *f, size_t ks, size_t *sa, size_t *sb)
{
	size_t p = f->qa, v, b, w;

	/* p: just after the change word, which the qualifier may hold */
	if (p < st->n && is_word(st, p) && (cls(st, p) & (L_UP | L_DOWN)))
		p++;
	else if (p > 0 && (tok_is(st, p - 1, "to") || tok_is(st, p - 1, "by")))
		p--;
	if (!(p > ks + 1 && (cls(st, p - 1) & (L_UP | L_DOWN)) && is_word(st, p - 1)))
		return 0;
	if (!verb_group_start(st, p, &v) || v <= ks)
		return 0;
	/* back over the noun phrase, "figures for April" included */
	b = v;
	while (b > ks && ((np_word(st, b - 1) && !verb_likelier(st, b - 1)) || (cls(st, b - 1) & L_MONTH) ||
	       ((tok_is(st, b - 1, "of") || tok_is(st, b - 1, "for")) &&
	       b > ks + 1 && np_word(st, b - 2) && b < v)) && v - b < 8)
		b--;
	while (b < v && (cls(st, b) & (L_PREP | L_DET)))
		b++;
	/* the verb before, across an article: "watched the shares fall" */
	w = b;
	if (w > ks + 1 && (cls(st, w - 1) & L_DET) && !(cls(st, w - 1) & L_PRON))
		w--;
	if (!(b < v && w > ks && !TK(st, b)->used && !(cls(st, v - 1) & L_PREP) &&
	      !(cls(st, b) & L_PRON) && ((cls(st, w - 1) & L_VERB) || verb_likelier(st, w - 1))))
		return 0;
	*sa = b;
	*sb = v;
	return 1;
}

/* A subject before the figure, by the first rule that applies: the noun
 * before "of" ("a speed of 15 to 22 mph"), what is worth a sum, a verb's
 * object, what a sum after "for" bought, the frame of a verbless list,
 * the subject of an earlier figure that opens the clause, or the clause's
 * own subject. Returns 1 with the subject set. */
static int subject_before(const sent *st, fig *f, const fig *prev)
{
	size_t sa, sb, ks = clause_start(st, f->qa);

	if (noun_before_of(st, f->qa, &sa, &sb)) {
		set_subject(f, sa, sb, "np-of");
		return 1;
	}
	if (worth_subject(st, f, ks) || object_subject(st, f))
		return 1;
	if (f->kind != CT_KIND_COUNT && object_before_for(st, f->qa, ks, &sa, &sb)) {
		set_subject(f, sa, sb, "for-object");
		return 1;
	}
	if (fragment_subject(st, f->qa, &sa, &sb)) {
		set_subject(f, sa, sb, "fragment");
		return 1;
	}
	/* "cut its key rate by 50 basis points to 5.25%": the level reached
	 * is the level of what changed */
	if (prev && prev->sb > prev->sa && prev->rule &&
	    (!strcmp(prev->rule, "object") || !strcmp(prev->rule, "np-verb")) &&
	    prev->b < f->qa && f->qa - prev->b <= 1 && tok_is(st, prev->b, "to")) {
		f->sa = prev->sa;
		f->sb = prev->sb;
		f->rule = "object";
		return 1;
	}
	/* a clause that opens on an earlier figure shares its subject:
	 * "78% of the deal will be paid in cash, up from 50%" */
	if (prev && prev->sb > prev->sa && prev->qa >= ks && prev->a < f->a &&
	    prev->kind == f->kind) {
		f->sa = prev->sa;
		f->sb = prev->sb;
		f->rule = "clause-prev";
		return 1;
	}
	/* "The storm leaves 200,000 without power": what a patient verb acts
	 * on is not its subject's, as in the passive ("200,000 were left
	 * without power by the storm") */
	if (f->kind == CT_KIND_COUNT && !owner_verb_ok(st, f->qa))
		return 0;
	if (f->kind != CT_KIND_COUNT && np_of_change(st, f, ks, &sa, &sb)) {
		set_subject(f, sa, sb, "np-verb");
		return 1;
	}
	if (clause_subject(st, ks, f->qa, &sa, &sb)) {
		set_subject(f, sa, sb, "clause");
		return 1;
	}
	return 0;
}

/* "The airline carried 8.2 million passengers in the quarter, up 6%": a
 * change set off by a comma after a figure, with no verb between them, is
 * the change of that figure. */
static int change_of_prev(const sent *st, const fig *f, const fig *prev)
{
	size_t p = f->qa, k;

	if (!(f->qual && (!strcmp(f->qual, "up") || !strcmp(f->qual, "down")) && p >= 2 &&
	      (cls(st, p - 1) & (L_UP | L_DOWN)) && !(cls(st, p - 1) & L_VERB) &&
	      tok_ch(st, p - 2, ',') && prev->b < p - 1))
		return 0;
	for (k = prev->b; k < p - 2; k++)
		if (!(cls(st, k) & L_MONTH) && (!is_word(st, k) ||
		    (cls(st, k) & (L_VERB | L_CONJ | L_PRON)) || finite_verb(st, k)))
			return 0;
	return 1;
}

/* "4.2 million people watched, up from 3.1 million", "67%, compared with
 * 71%": a figure the sentence compares an earlier one with, naming no noun
 * of its own, counts what the earlier one counts. */
static int baseline_subject(const sent *st, fig *f, const fig *prev)
{
	size_t p = f->qa;
	int base;

	if (!(prev && prev->sb > prev->sa && p > 1))
		return 0;
	if (change_of_prev(st, f, prev)) {
		subject_copy(f, prev, "change-of");
		return 1;
	}
	if (prev->kind != f->kind)
		return 0;
	base = (tok_is(st, p - 1, "from") && (cls(st, p - 2) & (L_UP | L_DOWN)) &&
		!(cls(st, p - 2) & L_VERB)) ||
	       ((tok_is(st, p - 1, "with") || tok_is(st, p - 1, "to")) &&
		tok_is(st, p - 2, "compared")) ||
	       tok_is(st, p - 1, "versus") || tok_is(st, p - 1, "vs");
	if (!base)
		return 0;
	subject_copy(f, prev, "baseline");
	return 1;
}

/* "could be priced from RM120,000 to RM300,000 for an apartment": with no
 * one paying, what the sum pays for. A payer comes first ("The club paid
 * £100m for the striker" is the club's figure). */
static int for_np_subject(const sent *st, fig *f, size_t j, size_t *end)
{
	size_t a = j + 1, e;

	if (!(f->kind == CT_KIND_MONEY && tok_is(st, j, "for")))
		return 0;
	while (a < st->n && (cls(st, a) & L_DET) && !(cls(st, a) & L_PRON))
		a++;
	if (np_word(st, a) && !TK(st, a)->cap && !(cls(st, a) & (L_TIMEN | L_PERUNIT | L_MONTH))) {
		e = noun_phrase(st, a, 4);
		if (e > a) {
			set_subject(f, a, e, "for-np");
			*end = e;
			return 1;
		}
	}
	return 0;
}

/* The subject of figure f (tokens after it from f->b), by the first rule
 * that applies; prev is the figure before it in the sentence, whose phrase
 * ended at after_prev. Returns the end of the noun phrase (token) for the
 * claim's text. */
size_t attribute(sent *st, fig *f, const fig *prev, size_t after_prev)
{
	size_t j = f->b, end;
	int of;

	f->band = read_band(st, f);
	/* a conversion in parentheses before what both measure: "450 Nm (332
	 * lb-ft) of torque" */
	if (f->qa > 0 && tok_ch(st, f->qa - 1, '(') && tok_ch(st, j, ')') && tok_is(st, j + 1, "of"))
		j++;
	of = of_np_subject(st, f, &j, &end);

	if (of == RULE_DONE)
		return end;
	if (of != RULE_MONEY && noun_subject(st, f, &j, &end))
		return end;
	if (in_np_subject(st, f, j, &end) || elided_subject(st, f, j, prev, after_prev, &end))
		return end;
	/* a conversion in parentheses: "87 mph (140 km/h)", "1.356 billion ($1.762bn)" */
	if (prev && f->a > 0 && tok_ch(st, f->qa - 1, '(') && after_prev + 1 >= f->qa) {
		f->sa = prev->sa;
		f->sb = prev->sb;
		f->sa2 = prev->sa2;
		f->sb2 = prev->sb2;
		f->rule = "paren";
		return f->b;
	}
	if (baseline_subject(st, f, prev) || subject_before(st, f, prev))
		return f->b;
	if (for_np_subject(st, f, j, &end))
		return end;
	return f->b;
}
