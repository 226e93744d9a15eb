/* SPDX-License-Identifier: MIT */
/*
 * Numbers: the value of a number at a token, written in digits ("1,234.5",
 * "2 1/4", "1.99×10−30"), in words ("three thousand two hundred", "a
 * dozen", "two-thirds") or vaguely ("dozens of"), with its scale ("300m",
 * "$5bn", "four million").
 */
#include <math.h>
#include <string.h>

#include "grammar.h"

static int parse_spelled_at(const sent *st, size_t i, num *out, int denominators);

/* A spelled ordinal of more than one word at j, read as a denominator:
 * "twenty-fifth(s)", "thirty fifths", "one hundred fifth". Its value goes to
 * *den and the token after it is returned, or j when there is none. A
 * singular one must end the phrase ("one twenty-fifth of"), so that "one
 * twenty-first century" stays a number and an ordinal. */
static size_t compound_denominator(const sent *st, size_t j, double *den, int plural_only)
{
	num m;
	size_t k;
	double o;

	if (!(cls(st, j) & L_NUM) || !parse_spelled_at(st, j, &m, 0) || m.frac || m.v < 20)
		return j;
	if (m.ordinal) {
		/* "twenty-fifth" read whole: its last word is the ordinal */
		k = m.b - 1;
		o = 0;
	} else {
		if (fmod(m.v, 10) != 0)
			return j;
		k = m.b;
		if (is_dash(st, k) && TK(st, k)->glued)
			k++;
		if (!(cls(st, k) & (L_ORD | L_FRAC)) || TK(st, k)->lx->val >= 10)
			return j;
		o = TK(st, k)->lx->val;
	}
	if (!ends_with(st, k, "s") && (plural_only || !(is_stop(st, k + 1) || tok_is(st, k + 1, "of"))))
		return j;
	*den = m.v + o;
	return k + 1;
}

/* Spelled number starting at i: "three thousand two hundred", "a dozen",
 * "two-thirds", "one and a half", "twenty point five". */
static int parse_spelled(const sent *st, size_t i, num *out)
{
	return parse_spelled_at(st, i, out, 1);
}

/* A spelled number being read, word by word. */
typedef struct spelled {
	double total, cur;     /* the scaled part so far, and the part below it */
	double last;           /* the last number or scale word's value */
	double last_scale;     /* the last scale added into total */
	size_t j, end;         /* the next token; the end of what was read */
	int any;               /* a number word (or the article) was read */
	int article;           /* it opened with "a"/"an" */
	int tens;              /* the last word was a tens word: "twenty" */
	int ordinal;           /* it ended on an ordinal: "twenty-first" */
} spelled;

/* out is the fraction v over tokens [a,b), in words. */
static void set_spelled_fraction(num *out, double v, size_t a, size_t b)
{
	out->v = v;
	out->frac = 1;
	out->a = a;
	out->b = b;
	out->spelled = 1;
}

/* "a hundred", "a quarter", "a dozen": an article that stands for one.
 * Returns 0 when the article at sp->j starts no number. */
static int spelled_article(const sent *st, spelled *sp)
{
	size_t j = sp->j;
	uint32_t c = cls(st, j + 1);

	if (!(c & (L_SCALE | L_FRAC)) || (c & L_VAGUE))
		return 0;
	if (tok_is(st, j + 1, "m") || tok_is(st, j + 1, "b") || tok_is(st, j + 1, "k") ||
	    tok_is(st, j + 1, "mm") || (tok_is(st, j + 1, "quarter") && (cls(st, j + 2) & L_PREP) &&
	    !tok_is(st, j + 2, "of")))
		return 0;
	sp->cur = 1;
	sp->article = 1;
	sp->j = j + 1;
	sp->any = 1;
	sp->end = sp->j;
	return 1;
}

enum { SPELL_NEXT, SPELL_STOP, SPELL_DONE };

/* The number word lx at sp->j (number from token i): SPELL_NEXT when it
 * adds to the number, SPELL_STOP when it starts another, SPELL_DONE when
 * it opens a compound denominator that ends the number as a fraction in
 * out. */
static int spelled_number_word(const sent *st, size_t i, spelled *sp, const ct_lex *lx,
	num *out, int denominators)
{
	size_t j = sp->j, k;
	double den;

	/* "three twenty-firsts", "one hundred thirty fifths": the number so
	 * far over a compound ordinal ("and" binds the tens to the number:
	 * "one hundred and thirty fifths") */
	if (sp->any && denominators && !sp->article && lx->val >= 20 && !tok_is(st, j - 1, "and") &&
	    (k = compound_denominator(st, j, &den, sp->total + sp->cur != 1)) != j) {
		set_spelled_fraction(out, (sp->total + sp->cur) / den, i, k);
		return SPELL_DONE;
	}
	if (sp->any && sp->tens && lx->val < 10 && lx->val > 0) {
		sp->cur += lx->val;          /* "twenty one" */
	} else if (sp->any && (sp->cur != 0 && fmod(sp->cur, 100) != 0 && lx->val < 100) &&
		   !(sp->last >= 100)) {
		return SPELL_STOP;           /* "three four": two numbers */
	} else {
		sp->cur += lx->val;
	}
	sp->tens = lx->val >= 20 && lx->val < 100 && fmod(lx->val, 10) == 0 &&
		!(sp->any && sp->last < 100 && sp->cur != lx->val);
	sp->last = lx->val;
	sp->any = 1;
	sp->end = ++sp->j;
	return SPELL_NEXT;
}

/* The scale word lx at sp->j: "hundred", "million", "dozen", "lakh". */
static void spelled_scale_word(spelled *sp, const ct_lex *lx, num *out)
{
	if (lx->val == 12 && sp->cur > 100 && fmod(sp->cur, 100) != 0) {
		/* "three hundred and two dozens": the dozens are the small part */
		sp->cur = (sp->cur - fmod(sp->cur, 100)) + fmod(sp->cur, 100) * 12;
	} else if (lx->val == 100 || lx->val == 12) {
		sp->cur = (sp->cur ? sp->cur : 1) * lx->val;
	} else if (sp->cur == 0 && sp->total > 0 && lx->val > sp->last_scale) {
		sp->total *= lx->val;        /* "three lakh crore" */
		sp->last_scale = lx->val;
	} else {
		sp->total += (sp->cur ? sp->cur : 1) * lx->val;
		sp->cur = 0;
		sp->last_scale = lx->val;
	}
	sp->tens = 0;
	sp->last = lx->val;
	sp->end = ++sp->j;
	out->scaled = 1;
}

/* The number and scale words from sp->j, with the dashes and "and"s
 * between them. Returns 1 when a compound denominator made the number a
 * fraction (out is complete), else 0. */
static int spelled_words(const sent *st, size_t i, spelled *sp, num *out, int denominators)
{
	while (sp->j < st->n) {
		size_t j = sp->j;
		uint32_t c = cls(st, j);
		const ct_lex *lx = is_word(st, j) ? TK(st, j)->lx : NULL;

		if (lx && (c & L_NUM) && !(c & L_SCALE)) {
			int r = spelled_number_word(st, i, sp, lx, out, denominators);

			if (r == SPELL_DONE)
				return 1;
			if (r == SPELL_STOP)
				break;
		} else if (lx && (c & L_SCALE) && (!(c & L_VAGUE) || lx->val == 12) && sp->any &&
			   !tok_is(st, j, "k") && !tok_is(st, j, "m") && !tok_is(st, j, "b") &&
			   !tok_is(st, j, "mm") && TK(st, j)->n > 1) {
			spelled_scale_word(sp, lx, out);
		} else if (sp->any && sp->tens && is_dash(st, j) && TK(st, j)->glued &&
			   (cls(st, j + 1) & L_ORD) && TK(st, j + 1)->lx->val < 10 &&
			   TK(st, j + 1)->glued && !ends_with(st, j + 1, "s")) {
			/* "twenty-first", "thirty-third": a compound ordinal */
			sp->cur += TK(st, j + 1)->lx->val;
			sp->j = sp->end = j + 2;
			sp->ordinal = 1;
			break;
		} else if (sp->any && is_dash(st, j) && (TK(st, j)->glued || sp->tens) && j + 1 < st->n &&
			   (cls(st, j + 1) & (L_NUM | L_FRAC)) && !(cls(st, j + 1) & L_SCALE) &&
			   (sp->tens || (cls(st, j + 1) & L_FRAC))) {
			sp->j++;                     /* "twenty-one", "two-thirds" */
		} else if (sp->any && tok_is(st, j, "and") && (cls(st, j + 1) & L_NUM) &&
			   (sp->last >= 100) && !(cls(st, j + 2) & L_FRAC)) {
			sp->j++;                     /* "one hundred and six" */
		} else {
			break;
		}
	}
	return 0;
}

/* A fraction after the number read: "two thirds", "one and a half" (not
 * inside a denominator, whose ordinal is read by the caller). Returns 1
 * when the number is that fraction (out is complete); "and a half" is
 * added to sp. */
static int spelled_denominator(const sent *st, size_t i, spelled *sp, num *out)
{
	size_t k = sp->end, end = sp->end;
	double numer = sp->total + sp->cur;

	if (is_dash(st, k) && (cls(st, k + 1) & L_FRAC))
		k++;
	if ((cls(st, k) & L_FRAC) && !(cls(st, k) & L_SCALE) && numer > 0 &&
	    !(numer > 1 && !ends_with(st, k, "s") && !tok_is(st, k, "half") &&
	      !tok_is(st, k, "halves"))) {
		double d = TK(st, k)->lx->val;

		/* "a third term": an ordinal, not a fraction */
		if (!(numer == 1 && (cls(st, k) & L_ORD) && !tok_is(st, k + 1, "of") &&
		      np_word(st, k + 1) && !sp->article)) {
			set_spelled_fraction(out, numer / d, i, k + 1);
			return 1;
		}
	}
	if (tok_is(st, end, "and") && (tok_is(st, end + 1, "a") || tok_is(st, end + 1, "an") ||
	    (cls(st, end + 1) & L_NUM)) && (cls(st, end + 2) & L_FRAC)) {
		double n2 = tok_is(st, end + 1, "a") || tok_is(st, end + 1, "an") ? 1 :
			TK(st, end + 1)->lx->val;

		sp->cur += n2 / TK(st, end + 2)->lx->val;
		sp->end += 3;
	}
	/* "half a dozen", "half a million" */
	return 0;
}

/* "two hundred point zero three", "twenty point five": decimals in words
 * after the number read, added to sp. */
static void spelled_point(const sent *st, spelled *sp)
{
	size_t end = sp->end, k = end + 1;
	double frac = 0, scale = 0.1;

	if (!(tok_is(st, end, "point") && (cls(st, end + 1) & L_NUM)))
		return;
	if (!(cls(st, k + 1) & L_NUM) && TK(st, k)->lx->val >= 10) {
		double w = TK(st, k)->lx->val;

		k++;
		if (is_dash(st, k) && (cls(st, k + 1) & L_NUM) && TK(st, k + 1)->lx->val < 10) {
			w += TK(st, k + 1)->lx->val;
			k += 2;
		}
		frac = w / (w >= 10 ? 100 : 10);
	} else {
		while ((cls(st, k) & L_NUM) && TK(st, k)->lx->val < 10) {
			frac += TK(st, k)->lx->val * scale;
			scale /= 10;
			k++;
		}
	}
	if (k > end + 1) {
		sp->cur += frac;
		sp->end = k;
	}
}

static int parse_spelled_at(const sent *st, size_t i, num *out, int denominators)
{
	spelled sp;

	memset(out, 0, sizeof(*out));
	memset(&sp, 0, sizeof(sp));
	sp.j = sp.end = i;
	if ((tok_is(st, i, "a") || tok_is(st, i, "an")) && !spelled_article(st, &sp))
		return 0;
	if (spelled_words(st, i, &sp, out, denominators))
		return 1;
	if (sp.article && sp.end == i + 1 && (cls(st, sp.end) & L_FRAC) && !(cls(st, sp.end) & L_SCALE)) {
		/* "a half", "a fifth", "a quarter of" */
		set_spelled_fraction(out, 1 / TK(st, sp.end)->lx->val, i, sp.end + 1);
		return 1;
	}
	if (!sp.any || (sp.article && sp.end == i + 1))
		return 0;
	if (sp.end < st->n && denominators && !sp.ordinal && spelled_denominator(st, i, &sp, out))
		return 1;
	spelled_point(st, &sp);
	out->v = sp.total + sp.cur;
	out->a = i;
	out->b = sp.end;
	out->spelled = 1;
	out->alone_one = sp.end == i + 1 && tok_is(st, i, "one");
	out->ordinal = sp.ordinal;
	return 1;
}

/* Scale words and suffixes after a number at j: "million", "bn", "k". */
static size_t apply_scale(const sent *st, size_t j, num *n, int money)
{
	while (j < st->n && is_word(st, j) && (cls(st, j) & L_SCALE) && !(cls(st, j) & L_VAGUE)) {
		const tok *t = TK(st, j);
		const char *w = st->s + t->s;

		if (t->n == 1 && (*w == 'm' || *w == 'M')) {
			/* "300m": million for money or when a noun follows, else metres */
			if (!t->glued && !money && !(*w == 'M' && is_stop(st, j + 1)))
				break;
			/* "rose by 1.5m overnight": an adverb is no noun */
			if (!money && *w == 'm' && (!np_word(st, j + 1) ||
			    ((wbits(st, j + 1) & W_ADV) && !(wbits(st, j + 1) & W_NOUNISH))))
				break;
		}
		if (t->n == 2 && ct_lower[(unsigned char)w[0]] == 'm' &&
		    ct_lower[(unsigned char)w[1]] == 'm' && !money && !(w[0] == 'M'))
			break;
		if (t->n == 1 && (*w == 'b' || *w == 'B' || *w == 'k' || *w == 'K') && !t->glued &&
		    !(*w == 'B' || *w == 'k'))
			break;
		if ((tok_is(st, j, "hundred") || tok_is(st, j, "dozen")) && n->scaled)
			break;
		n->v *= t->lx->val;
		n->scaled = 1;
		n->plain = 0;
		j++;
	}
	return j;
}

/* "1.1^23", "2.5^-1": a power written with a caret at j after the digits
 * at i. Returns 1 when there is one (n is complete). */
static int caret_power(const sent *st, size_t i, size_t j, num *n)
{
	size_t k = j + 1;
	int neg = 0;

	if (!(tok_ch(st, j, '^') && TK(st, j)->glued))
		return 0;
	while (k < st->n && TK(st, k)->glued && (is_dash(st, k) || tok_ch(st, k, '+') ||
	       (TK(st, k)->type == T_PUNCT && TK(st, k)->sym == S_MINUS))) {
		neg ^= !tok_ch(st, k, '+');
		k++;
	}
	if (k < st->n && TK(st, k)->type == T_NUM && TK(st, k)->glued && TK(st, k)->v < 400 &&
	    k - j <= 3) {
		n->v = pow(TK(st, i)->v, neg ? -TK(st, k)->v : TK(st, k)->v);
		n->plain = 0;
		n->b = k + 1;
		return 1;
	}
	return 0;
}

/* "1/4", "2 1/4", "2½": a fraction at j after the digits at i, added to n.
 * Returns the token after it, or j. */
static size_t digit_fraction(const sent *st, size_t i, size_t j, num *n)
{
	const tok *t = TK(st, i);

	if (tok_ch(st, j, '/') && TK(st, j)->glued && j + 1 < st->n &&
	    TK(st, j + 1)->type == T_NUM && TK(st, j + 1)->glued && !TK(st, j)->dec &&
	    TK(st, j + 1)->v > 0 && !t->dec && !tok_ch(st, j + 2, '/')) {
		n->v = t->v / TK(st, j + 1)->v;
		n->frac = 1;
		n->plain = 0;
		j += 2;
	} else if (j + 2 < st->n && TK(st, j)->type == T_NUM && !TK(st, j)->glued &&
		   tok_ch(st, j + 1, '/') && TK(st, j + 2)->type == T_NUM &&
		   TK(st, j + 2)->v > TK(st, j)->v && !t->dec) {
		n->v = t->v + TK(st, j)->v / TK(st, j + 2)->v;
		n->plain = 0;
		j += 3;
	} else if (j < st->n && TK(st, j)->type == T_SYM && TK(st, j)->sym == S_FRAC) {
		n->v += TK(st, j)->v;
		n->plain = 0;
		j++;
	}
	return j;
}

/* "1.99×10−30", "2.998 x 10^8": a power of ten at j, applied to n. Returns
 * the token after it, or j. */
static size_t times_ten(const sent *st, size_t j, num *n)
{
	size_t k = j + 2;
	int neg = 0;

	if (!(j + 1 < st->n && ((TK(st, j)->type == T_SYM && TK(st, j)->sym == S_TIMES) ||
	      tok_is(st, j, "x")) && TK(st, j + 1)->type == T_NUM && TK(st, j + 1)->v == 10 &&
	      TK(st, j + 1)->n == 2))
		return j;
	if (tok_ch(st, k, '^'))
		k++;
	if (k < st->n && TK(st, k)->type == T_PUNCT && (TK(st, k)->sym == S_MINUS ||
	    TK(st, k)->sym == S_DASH) && TK(st, k)->glued) {
		neg = 1;
		k++;
	}
	if (k < st->n && TK(st, k)->type == T_NUM && TK(st, k)->glued && !TK(st, k)->dec &&
	    TK(st, k)->v < 400) {
		n->v *= pow(10, neg ? -TK(st, k)->v : TK(st, k)->v);
		n->plain = 0;
		j = k + 1;
	}
	return j;
}

/* A number written with digits at i, and what extends it: a power, a
 * fraction, a scale word. */
static int parse_digits(const sent *st, size_t i, num *n, int money)
{
	const tok *t = TK(st, i);
	size_t j = i + 1;

	n->v = t->v;
	n->a = i;
	n->plain = !t->dec && !t->sep;
	if (caret_power(st, i, j, n))
		return 1;
	j = digit_fraction(st, i, j, n);
	j = times_ten(st, j, n);
	/* "322 hundred", "3 dozens" */
	if (j < st->n && (tok_is(st, j, "hundred") || tok_is(st, j, "dozen") ||
	    tok_is(st, j, "dozens") || tok_is(st, j, "dzs") || tok_is(st, j, "dozs"))) {
		n->v *= TK(st, j)->lx->val;
		n->plain = 0;
		n->scaled = 1;
		j++;
	}
	j = apply_scale(st, j, n, money);
	n->b = j;
	return 1;
}

/* "dozens of", "hundreds of", "tens of thousands of": a range of ten times
 * the word's value. */
static int parse_vague(const sent *st, size_t i, num *n)
{
	double v = TK(st, i)->lx->val;
	size_t j = i + 1;

	if (tok_is(st, j, "of") && (cls(st, j + 1) & L_VAGUE) && TK(st, j + 1)->lx->val > v) {
		v *= TK(st, j + 1)->lx->val;
		j += 2;
	}
	if (!tok_is(st, j, "of") && !tok_is(st, j, "more"))
		return 0;
	if (j > 0 && i > 0 && (cls(st, i - 1) & L_DET) && !tok_is(st, i - 1, "some"))
		return 0;
	n->v = v;
	n->high = v * 10;
	n->has_high = 1;
	n->vague = 1;
	n->spelled = 1;
	n->a = i;
	n->b = j;
	return 1;
}

/* "half of", "more than half", "half a million". */
static int parse_half(const sent *st, size_t i, num *n)
{
	n->a = i;
	n->spelled = 1;
	n->frac = 1;
	if ((tok_is(st, i + 1, "a") || tok_is(st, i + 1, "an")) &&
	    (cls(st, i + 2) & L_SCALE) && TK(st, i + 2)->n > 2) {
		n->v = 0.5 * TK(st, i + 2)->lx->val;
		n->b = i + 3;
		n->frac = 0;
		return 1;
	}
	n->v = 0.5;
	n->b = i + 1;
	/* "half a point", "half a percentage point", "half a per cent" */
	if ((tok_is(st, i + 1, "a") || tok_is(st, i + 1, "an")) &&
	    (tok_is(st, i + 2, "point") || tok_is(st, i + 2, "percentage") ||
	     tok_is(st, i + 2, "percent") || tok_is(st, i + 2, "per"))) {
		n->b = i + 2;
		return 1;
	}
	return tok_is(st, i + 1, "of") || (i > 0 && (tok_is(st, i - 1, "than") ||
		tok_is(st, i - 1, "nearly") || tok_is(st, i - 1, "almost") ||
		tok_is(st, i - 1, "about") || tok_is(st, i - 1, "over")));
}

/* A number of any form at i (digits or words, with scale). */
int parse_number(const sent *st, size_t i, num *n, int money)
{
	const tok *t = TK(st, i);

	memset(n, 0, sizeof(*n));
	if (t->type == T_NUM)
		return parse_digits(st, i, n, money);
	if (t->type == T_SYM && t->sym == S_FRAC) {
		n->v = t->v;
		n->a = i;
		n->b = i + 1;
		n->frac = 1;
		return 1;
	}
	if (t->type != T_WORD)
		return 0;
	if (cls(st, i) & L_VAGUE)
		return parse_vague(st, i, n);
	if (tok_is(st, i, "half"))
		return parse_half(st, i, n);
	if (!parse_spelled(st, i, n))
		return 0;
	n->b = apply_scale(st, n->b, n, money);
	return 1;
}
