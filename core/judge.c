/* SPDX-License-Identifier: MIT */
/*
 * What a number read as a figure is. A news sentence is full of numbers
 * that are no figure: dates and clock times ("May 7", "9.30pm"), decades
 * ("the 70s"), times that place an event ("two days after the fire",
 * "the past 24 hours"), names and labels ("Covid-19", "level 2", "101
 * Freeway", "5G", "Game 7"), and counts that only point at a known set
 * ("the two sides", "one of the oldest"). A monitor must not hear of
 * them when they change, so each gets a kind of its own (or the reference
 * mark) instead of being reported as a count; `claims --all` still shows
 * them. What is a figure follows the annotation rules the figure-change
 * gold set was made by: ages, durations that measure a state ("jailed for
 * 55 years"), shares ("nearly a fifth") are.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "claimtrack/claims.h"
#include "judge.h"

/* Is word i one of words (NULL-terminated), any case? */
static int word_in(const sent *st, size_t i, const char *const *words)
{
	size_t k;
	unsigned c0;

	if (!is_word(st, i))
		return 0;
	/* the first letter, case folded, rules out most words without a
	 * full compare (this runs for every figure a name or date might be) */
	c0 = (unsigned char)st->s[TK(st, i)->s] | 32u;
	for (k = 0; words[k]; k++)
		if (((unsigned char)words[k][0] | 32u) == c0 && tok_is_s(st, i, words[k]))
			return 1;
	return 0;
}

/* Does word i start with an upper-case letter, and not the sentence? */
static int cap_word(const sent *st, size_t i)
{
	return is_word(st, i) && TK(st, i)->cap && i > 0;
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

/* A noun that a number after it places in a sequence: "day three",
 * "Round 2", "week 6". */
static int sequence_noun(const sent *st, size_t i)
{
	static const char *const words[] = { "day", "week", "round", "leg", "lap", "stage", NULL };

	return word_in(st, i, words);
}

/* A noun that a number after it labels: "level 2", "Terminal 5", "Senate
 * Bill 1383", "Phase 1", "section 70". */
static int label_noun(const sent *st, size_t i)
{
	static const char *const words[] = {
		"level", "levels", "phase", "section", "bill", "terminal", "route",
		"chapter", "article", "season", "episode", "grade", "category", "tier",
		"platform", "gate", "room", "flight", "highway", "interstate", "act", "clause",
		"paragraph", "amendment", "district", "ward", "precinct", "pier", "runway",
		"channel", "model", "version", "No", "Nos", "number", NULL
	};

	return word_in(st, i, words);
}

/* A road or place word after a number that names it: "101 Freeway",
 * "10 Downing Street". Written capitalized, as names are. */
static int road_word(const sent *st, size_t i)
{
	static const char *const words[] = {
		"Freeway", "Highway", "Motorway", "Expressway", "Parkway", "Turnpike", "Street",
		"St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Drive",
		"Place", "Square", "Terminal", NULL
	};

	return cap_word(st, i) && word_in(st, i, words);
}

/* Is the number at token a just after an opening quote: the start of a
 * title ("60 Minutes", "24 Hours in A&E")? */
static int opens_title(const sent *st, size_t a)
{
	uint32_t s = TK(st, a)->s;

	if (s >= 1 && st->s[s - 1] == '"')
		return 1;
	/* U+201C LEFT DOUBLE QUOTATION MARK */
	return s >= 3 && (unsigned char)st->s[s - 3] == 0xe2 && (unsigned char)st->s[s - 2] == 0x80 &&
		(unsigned char)st->s[s - 1] == 0x9c;
}

/* Is n a clock time ("9:35", "8 p.m.", "5.40pm") or a day of a date
 * ("Oct. 31", "9 May", "4th of July")? */
static int clock_or_day(const sent *st, const num *n, size_t after)
{
	const tok *t = TK(st, n->a);

	if ((tok_ch(st, n->a + 1, ':') && n->a + 2 < st->n && TK(st, n->a + 2)->type == T_NUM) ||
	    (n->a > 1 && tok_ch(st, n->a - 1, ':') && TK(st, n->a - 2)->type == T_NUM))
		return 1;
	if ((n->plain || (t->dec && !n->scaled)) && t->v < 13 &&
	    (tok_is(st, after, "a.m.") || tok_is(st, after, "p.m.") || tok_is(st, after, "a.m") ||
	     tok_is(st, after, "p.m") || tok_is(st, after, "am") || tok_is(st, after, "pm")))
		return 1;
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
	return 0;
}

/* "Game 7", "iPhone 11", "Fortune 100": a word with a capital inside it
 * (or a capitalized noun the lexicon has none of) before a lone number. */
static int model_name(const sent *st, const num *n)
{
	const tok *p;
	const char *w;
	size_t q;
	int up = 0;

	if (!(n->plain && n->b == n->a + 1 && n->a > 0 && is_word(st, n->a - 1) &&
	      !(cls(st, n->a - 1) & ~(uint32_t)L_NOTNOUN) && (n->a - 1 > 0 || !TK(st, 0)->lx)))
		return 0;
	/* "Liverpool 3-0 Crystal Palace": a score after a team's name */
	if (is_dash(st, n->b) && n->b + 1 < st->n && TK(st, n->b + 1)->type == T_NUM)
		return 0;
	p = TK(st, n->a - 1);
	w = st->s + p->s;
	/* "England's 469": an owner, no model */
	if (possessive(st, n->a - 1))
		return 0;
	for (q = 0; q < p->n; q++)
		up |= ascii_upper((unsigned char)w[q]) != 0;
	return up && !tok_ch(st, n->a + 1, '%') && p->type == T_WORD;
}

/*
 * A number that reads as a count but names something or places it in time:
 * returns CT_KIND_LABEL or CT_KIND_DATE, or CT_KIND_COUNT when it is a
 * count after all. after is the token after the figure.
 */
/* Is the number at token a written after an era: "A.D. 1000", "AD 79"? */
static int era_before(const sent *st, size_t a)
{
	size_t s = TK(st, a)->s;

	while (s > 0 && st->s[s - 1] == ' ')
		s--;
	if (s >= 4 && !memcmp(st->s + s - 4, "A.D.", 4))
		return 1;
	return s >= 2 && !memcmp(st->s + s - 2, "AD", 2) && (s == 2 || !ascii_alnum((unsigned char)st->s[s - 3]));
}

/* A year of an era, or the end of a span that starts on one: "A.D. 1000
 * and 1260". */
static int era_year(const sent *st, const num *n)
{
	const tok *t = TK(st, n->a);

	if (t->type != T_NUM || !n->plain || t->ndig > 4)
		return 0;
	if (era_before(st, n->a))
		return 1;
	return n->a >= 2 && (tok_is(st, n->a - 1, "and") || tok_is(st, n->a - 1, "to") ||
		tok_is(st, n->a - 1, "until")) && TK(st, n->a - 2)->type == T_NUM &&
		era_before(st, n->a - 2);
}

static ct_claim_kind name_or_date(const sent *st, const num *n, size_t after)
{
	const tok *t = TK(st, n->a);

	if (era_year(st, n))
		return CT_KIND_YEAR;

	/* "TPP-11", "COVID-19", "last-32", "production-four-door": part of a name */
	if (n->a >= 2 && is_dash(st, n->a - 1) && t->glued && is_word(st, n->a - 2) &&
	    (TK(st, n->a - 1)->glued || TK(st, n->a - 2)->cap))
		return CT_KIND_LABEL;
	/* "level three", "Phase One" */
	if (t->type != T_NUM && n->spelled && n->b == n->a + 1 && n->a > 0 && label_noun(st, n->a - 1))
		return CT_KIND_LABEL;
	if (t->type != T_NUM)
		return CT_KIND_COUNT;
	if (clock_or_day(st, n, after))
		return CT_KIND_DATE;
	/* decades: "the 70s", "the 1990s" */
	if (n->b < st->n && is_word(st, n->b) && TK(st, n->b)->glued && tok_is(st, n->b, "s") &&
	    (t->ndig == 2 || t->ndig == 4) && fmod(t->v, 10) == 0)
		return CT_KIND_DATE;
	if (model_name(st, n) || (n->plain && n->b == n->a + 1 && model_word(st, n->b)))
		return CT_KIND_LABEL;
	/* "No. 1" */
	if (n->a > 1 && tok_ch(st, n->a - 1, '.') && tok_is(st, n->a - 2, "no"))
		return CT_KIND_LABEL;
	if (!n->plain || n->b != n->a + 1 || tok_ch(st, n->b, '%') || (cls(st, n->b) & L_PCT))
		return CT_KIND_COUNT;
	/* "level 2", "alert level 4", "Senate Bill 1383" */
	if (n->a > 0 && label_noun(st, n->a - 1))
		return CT_KIND_LABEL;
	/* "101 Freeway", "10 Downing Street" */
	if (road_word(st, n->b) || (cap_word(st, n->b) && road_word(st, n->b + 1)))
		return CT_KIND_LABEL;
	/* "5G", "3D": a generation or a dimension glued to its letter */
	if (is_word(st, n->b) && TK(st, n->b)->glued && TK(st, n->b)->n == 1 &&
	    (st->s[TK(st, n->b)->s] == 'G' || st->s[TK(st, n->b)->s] == 'D'))
		return CT_KIND_LABEL;
	/* the title of a show or a book: "60 Minutes" */
	if (opens_title(st, n->a) && cap_word(st, n->b))
		return CT_KIND_LABEL;
	return CT_KIND_COUNT;
}

int year_like(const sent *st, const num *n, size_t after)
{
	const tok *t = TK(st, n->a);
	size_t p = n->a;

	if (t->type != T_NUM || !n->plain || t->ndig != 4 || n->b != n->a + 1 || t->glued)
		return 0;
	/* an earlier century only where nothing else reads: "in 1781," */
	if (t->v >= 1000 && t->v < 1800 && p > 0 && (tok_is(st, p - 1, "in") || tok_is(st, p - 1, "since")) &&
	    (is_stop(st, after) || (cls(st, after) & L_CONJ)))
		return 1;
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

/* The first token of f with its qualifier ("more than eight hours"). */
static size_t figure_start(const fig *f)
{
	return f->qa < f->a && f->qa + 8 > f->a ? f->qa : f->a;
}

/*
 * A time that places an event rather than measuring one: "two days after
 * the death", "four days ago", "more than eight hours later", "the past
 * 24 hours". A span that measures a state stays a figure: "for five days",
 * "after 7 weeks", "within two days of".
 */
static int relative_time(const sent *st, const fig *f)
{
	static const char *const placing[] = {
		"ago", "earlier", "later", "after", "before", "prior", "previously", NULL
	};
	static const char *const measuring[] = {
		"for", "within", "in", "over", "after", "during", "than", "of", "lasting", "spent",
		"took", "taking", "last", "lasted", "by", "nearly", "almost", NULL
	};
	static const char *const window[] = {
		"past", "last", "next", "previous", "coming", "recent", "preceding", NULL
	};
	size_t t = f->n.b, s = figure_start(f);

	if (f->kind != CT_KIND_COUNT || f->unit || f->n.has_high || f->n.vague)
		return 0;
	if (!(cls(st, t) & L_TIMEN))
		return 0;
	/* "to last another seven days", "for a further two weeks" */
	if (s > 1 && (tok_is(st, s - 1, "another") || tok_is(st, s - 1, "further") ||
	    tok_is(st, s - 1, "extra") || tok_is(st, s - 1, "additional")))
		s -= tok_is(st, s - 2, "a") && s > 2 ? 2 : 1;
	/* "could last six weeks", "is expected to last 10 days": the verb */
	if (s > 0 && word_in(st, s - 1, window) &&
	    !(s > 1 && tok_is(st, s - 1, "last") && ((cls(st, s - 2) & L_AUX) || tok_is(st, s - 2, "to"))))
		return 1;
	if (!word_in(st, t + 1, placing))
		return 0;
	return !(s > 0 && word_in(st, s - 1, measuring));
}

/* A rate or a yield named in the clause before token a. */
static int rate_before(const sent *st, size_t a)
{
	static const char *const words[] = {
		"rate", "rates", "yield", "yields", "inflation", "unemployment", NULL
	};
	size_t k = a, guard = 0;

	while (k > 0 && guard++ < 10) {
		k--;
		if (tok_ch(st, k, ';') || tok_ch(st, k, '.'))
			return 0;
		if (word_in(st, k, words))
			return 1;
	}
	return 0;
}

/*
 * "a quarter of a percentage point", "half of one per cent": the fraction
 * is of the unit, not a share of something; in a sentence about a rate,
 * "a quarter of a point", "a quarter point", "a half-point" and "half a
 * point" are of a percentage point too. Returns 1 with f changed.
 */
static int fraction_of_unit(const sent *st, fig *f)
{
	size_t u = f->n.b;
	int pp;

	if (tok_is(st, u, "of") && (tok_is(st, u + 1, "a") || tok_is(st, u + 1, "one")))
		u += 2;
	else if (is_dash(st, u) && TK(st, u)->glued && u + 1 < st->n && TK(st, u + 1)->glued)
		u++;
	else if (!(tok_is(st, u, "point") || tok_is(st, u, "points") ||
		   tok_is(st, u, "percentage")))
		return 0;
	if ((tok_is(st, u, "point") || tok_is(st, u, "points")) && rate_before(st, f->a)) {
		f->kind = CT_KIND_PERCENT;
		f->unit = "pp";
		f->b = u + 1;
		return 1;
	}
	pp = tok_is(st, u, "percentage") && (tok_is(st, u + 1, "point") || tok_is(st, u + 1, "points"));
	if (pp || (u > f->n.b + 1 &&
	    (tok_is(st, u, "percent") || (tok_is(st, u, "per") && tok_is(st, u + 1, "cent"))))) {
		f->kind = CT_KIND_PERCENT;
		f->unit = pp ? "pp" : "%";
		f->b = u + (tok_is(st, u, "percent") ? 1 : 2);
		return 1;
	}
	return 0;
}

/*
 * A fraction in words: "nearly a fifth", "half of cases" is a share, a
 * percentage of a whole (20, 50), as "three quarters" is 75%; "a sixth
 * vessel", "a fourth day" is an ordinal. Changes f in place.
 */
static void fraction_share(const sent *st, fig *f)
{
	size_t nx = f->n.b;

	if (!(f->kind == CT_KIND_COUNT && f->n.frac && f->n.spelled && !f->unit && !f->n.has_high &&
	      f->n.v > 0 && f->n.v < 1))
		return;
	/* before the ordinal reading ("a quarter point" is no "a fourth
	 * day"); in "a quarter-point" the hyphen went with the figure */
	if ((f->b == f->n.b || (f->b == f->n.b + 1 && is_dash(st, f->n.b))) && fraction_of_unit(st, f))
		return;
	/* "a fifth village", "a third monthly fall" (a rate word read as
	 * the figure's is the noun's modifier) */
	if ((tok_is(st, f->n.a, "a") || tok_is(st, f->n.a, "an")) && nx > 0 && (cls(st, nx - 1) & L_ORD) &&
	    ((f->b == f->n.b && !tok_is(st, nx, "of") && np_word(st, nx) &&
	      !(cls(st, nx) & (L_PREP | L_CONJ | L_VERB | L_DET))) ||
	     ((cls(st, nx) & L_PERADV) && is_word(st, nx + 1) &&
	      !(cls(st, nx + 1) & (L_PREP | L_CONJ | L_DET | L_PRON))))) {
		f->kind = CT_KIND_ORDINAL;
		f->n.v = floor(1 / f->n.v + 0.5);
		f->per = NULL;
		f->b = f->n.b;
		return;
	}
	if (f->b != f->n.b)
		return;
	/* a fraction alone ("two thirds", "five eighths of") is a number: a
	 * share is of something the sentence names around it */
	if (f->n.a == 0 && (is_stop(st, nx) || (tok_is(st, nx, "of") && is_stop(st, nx + 1))))
		return;
	/* "fell by a third last year": a change by a fraction is a share, as
	 * is a fraction of what a determiner names ("lost half its value") */
	if (tok_is(st, nx, "of") || is_stop(st, nx) || (cls(st, nx) & (L_PREP | L_CONJ | L_VERB)) ||
	    ((cls(st, nx) & L_DET) && !tok_is(st, nx, "a") && !tok_is(st, nx, "an")) ||
	    (f->qa > 0 && tok_is(st, f->qa - 1, "by"))) {
		f->kind = CT_KIND_PERCENT;
		f->n.v *= 100;
		f->unit = "%";
	}
}

/* A word that makes "one of ..." a member of a set: "one of the oldest",
 * "one of its founders", "one of Britain's". */
static int set_opener(const sent *st, size_t i)
{
	static const char *const words[] = {
		"the", "its", "his", "her", "their", "our", "my", "your", "these", "those", NULL
	};
	return word_in(st, i, words) || possessive(st, i);
}

/*
 * A number word that points at a known set rather than counting: "the two
 * sides", "The two were among", "one of the oldest", "in one incident",
 * "one scenario is worse than the other".
 */
static int names_known_set(const sent *st, const fig *f)
{
	size_t nx = f->n.b, k;

	if (!(f->kind == CT_KIND_COUNT && f->n.spelled && !f->n.scaled && !f->n.frac && !f->n.vague &&
	      !f->n.has_high && !strcmp(f->qual, "=") && f->n.b == f->n.a + 1))
		return 0;
	if (f->n.alone_one) {
		if (tok_is(st, nx, "of") && set_opener(st, nx + 1))
			return 1;
		if (f->a > 0 && (tok_is(st, f->a - 1, "in") || tok_is(st, f->a - 1, "at") ||
		    tok_is(st, f->a - 1, "on")) && is_word(st, nx) && !plural_word(st, nx) &&
		    !(cls(st, nx) & (L_TIMEN | L_PERUNIT)))
			return 1;
		for (k = nx; k + 1 < st->n; k++)
			if (tok_is(st, k, "the") && tok_is(st, k + 1, "other"))
				return 1;
		return 0;
	}
	/* "The two were among", "the three of them"; "The two leaders met" at
	 * the start of a sentence names who it told of before; "from the four
	 * local airlines" counts */
	return f->a > 0 && tok_is(st, f->a - 1, "the") && f->n.v >= 2 && f->n.v <= 10 &&
		!is_dash(st, nx) && !(cls(st, nx) & (L_TIMEN | L_PERUNIT)) &&
		(is_stop(st, nx) || tok_is(st, nx, "of") || (cls(st, nx) & (L_VERB | L_CONJ | L_PREP)) ||
		 f->a == 1);
}

/* "mother-of-two": a count, of what the word before names. */
static int x_of_n(const sent *st, fig *f)
{
	size_t a = f->n.a;

	if (!(a >= 4 && f->n.b == a + 1 && is_dash(st, a - 1) && TK(st, a)->glued &&
	      tok_is(st, a - 2, "of") && is_dash(st, a - 3) && is_word(st, a - 4) &&
	      TK(st, a - 3)->glued))
		return 0;
	f->sa = a - 4;
	f->sb = a - 3;
	f->rule = "x-of-n";
	return 1;
}

/* The first token of the name or noun before a comma at token c:
 * "Charles Hilder", "girl", "mother-of-two". Returns c when none. */
static size_t apposition_head(const sent *st, size_t c)
{
	size_t w = c - 1, sa;

	if ((TK(st, w)->type == T_NUM || (cls(st, w) & L_NUM)) && w >= 4 && is_dash(st, w - 1) && tok_is(st, w - 2, "of") &&
	    is_dash(st, w - 3) && is_word(st, w - 4))
		return w - 4;
	if (!is_word(st, w) || (cls(st, w) & (L_MONTH | L_WEEKDAY | L_NUM | L_PREP | L_CONJ |
	    L_DET | L_PRON | L_VERB | L_ADV | L_VAGUE)) || !np_word(st, w))
		return c;
	sa = w;
	while (TK(st, w)->cap && sa > 0 && sa + 4 > w && is_word(st, sa - 1) && TK(st, sa - 1)->cap &&
	       !(cls(st, sa - 1) & (L_DET | L_PREP | L_CONJ | L_PRON)))
		sa--;
	return sa;
}

/* "Charles Hilder, 66, died", "Boy, 16, arrested": a bare number between
 * commas after a name or a noun is that one's age. */
static int apposition_age(const sent *st, fig *f)
{
	const tok *t = TK(st, f->n.a);
	size_t a = f->n.a, sa;

	if (!(t->type == T_NUM && f->n.plain && f->n.b == a + 1 && f->b == a + 1 && t->v >= 1 &&
	      t->v < 120 && a >= 2 && tok_ch(st, a - 1, ',') &&
	      (tok_ch(st, a + 1, ',') || tok_ch(st, a + 1, ')') || a + 1 >= st->n)))
		return 0;
	if ((sa = apposition_head(st, a - 1)) >= a - 1)
		return 0;
	f->kind = CT_KIND_MEASURE;
	f->unit = "year-old";
	f->sa = sa;
	f->sb = a - 1;
	f->rule = "apposition";
	return 1;
}

judgement judge_figure(const sent *st, fig *f)
{
	ct_claim_kind k;

	if (f->skip) {
		f->kind = CT_KIND_DATE;
		return J_FIGURE;
	}
	if (f->kind == CT_KIND_COUNT && !f->n.has_high) {
		if (x_of_n(st, f))
			return J_FIGURE;
		if (f->n.b == f->n.a + 1 && f->b == f->n.b && f->n.a > 0 &&
		    sequence_noun(st, f->n.a - 1) && (f->n.plain || f->n.spelled) &&
		    !(f->n.a >= 2 && ((cls(st, f->n.a - 2) & L_NUM) || tok_is(st, f->n.a - 2, "a") ||
		      tok_is(st, f->n.a - 2, "an") || tok_is(st, f->n.a - 2, "per") ||
		      tok_is(st, f->n.a - 2, "each") || tok_is(st, f->n.a - 2, "every")))) {
			f->kind = CT_KIND_ORDINAL;
			return J_FIGURE;
		}
		if ((k = name_or_date(st, &f->n, f->b)) != CT_KIND_COUNT) {
			f->kind = k;
			return J_FIGURE;
		}
		if (!f->n.spelled && f->b == f->n.b && year_like(st, &f->n, f->b)) {
			f->kind = CT_KIND_YEAR;
			return J_FIGURE;
		}
		if (apposition_age(st, f))
			return J_FIGURE;
	}
	/* "1260 BC" ("A.D. 1000" is era_year's) */
	if (f->kind == CT_KIND_COUNT && f->n.plain && (tok_is(st, f->b, "BC") ||
	    tok_is(st, f->b, "B.C.") || tok_is(st, f->b, "AD") || tok_is(st, f->b, "BCE") ||
	    tok_is(st, f->b, "CE")))
		f->kind = CT_KIND_YEAR;
	if (f->kind == CT_KIND_COUNT && f->n.has_high && f->n.plain &&
	    f->n.high >= 1800 && f->n.high <= 2100 && f->n.high > f->n.v) {
		/* "between 1990 and 2020": the first end decides */
		num first = f->n;

		first.b = first.a + 1;
		if (year_like(st, &first, first.b))
			f->kind = CT_KIND_YEAR;
	}
	/* a range of house numbers: "16-18 Industrial Avenue" */
	if (f->kind == CT_KIND_COUNT && f->n.has_high && f->n.plain && f->n.high < 10000 &&
	    f->b == f->n.b && (road_word(st, f->b) || (cap_word(st, f->b) && road_word(st, f->b + 1)))) {
		f->kind = CT_KIND_LABEL;
		return J_FIGURE;
	}
	if (relative_time(st, f)) {
		f->kind = CT_KIND_RELATIVE;
		return J_FIGURE;
	}
	fraction_share(st, f);
	return names_known_set(st, f) ? J_REFERENCE : J_FIGURE;
}
