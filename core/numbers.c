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

	if (!(cls(st, j) & L_NUM) || !parse_spelled_at(st, j, &m, 0) || m.frac || m.v < 20 ||
	    fmod(m.v, 10) != 0)
		return j;
	k = m.b;
	if (is_dash(st, k) && TK(st, k)->glued)
		k++;
	if (!(cls(st, k) & (L_ORD | L_FRAC)) || TK(st, k)->lx->val >= 10)
		return j;
	o = TK(st, k)->lx->val;
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

static int parse_spelled_at(const sent *st, size_t i, num *out, int denominators)
{
	double total = 0, cur = 0, last = 0, last_scale = 0;
	size_t j = i, end = i;
	int any = 0, article = 0, tens = 0;

	memset(out, 0, sizeof(*out));
	if (tok_is(st, j, "a") || tok_is(st, j, "an")) {
		uint32_t c = cls(st, j + 1);

		if (!(c & (L_SCALE | L_FRAC)) || (c & L_VAGUE))
			return 0;
		if (tok_is(st, j + 1, "m") || tok_is(st, j + 1, "b") || tok_is(st, j + 1, "k") ||
		    tok_is(st, j + 1, "mm") || (tok_is(st, j + 1, "quarter") && (cls(st, j + 2) & L_PREP) &&
		    !tok_is(st, j + 2, "of")))
			return 0;
		cur = 1;
		article = 1;
		j++;
		any = 1;
		end = j;
	}
	while (j < st->n) {
		uint32_t c = cls(st, j);
		const ct_lex *lx = is_word(st, j) ? TK(st, j)->lx : NULL;

		if (lx && (c & L_NUM) && !(c & L_SCALE)) {
			double den;
			size_t k;

			/* "three twenty-firsts", "one hundred thirty fifths": the
			 * number so far over a compound ordinal ("and" binds the
			 * tens to the number: "one hundred and thirty fifths") */
			if (any && denominators && !article && lx->val >= 20 && !tok_is(st, j - 1, "and") &&
			    (k = compound_denominator(st, j, &den, total + cur != 1)) != j) {
				out->v = (total + cur) / den;
				out->frac = 1;
				out->a = i;
				out->b = k;
				out->spelled = 1;
				return 1;
			}
			if (any && tens && lx->val < 10 && lx->val > 0) {
				cur += lx->val;          /* "twenty one" */
			} else if (any && (cur != 0 && fmod(cur, 100) != 0 && lx->val < 100) &&
				   !(last >= 100)) {
				break;                   /* "three four": two numbers */
			} else {
				cur += lx->val;
			}
			tens = lx->val >= 20 && lx->val < 100 && fmod(lx->val, 10) == 0 &&
				!(any && last < 100 && cur != lx->val);
			last = lx->val;
			any = 1;
			end = ++j;
		} else if (lx && (c & L_SCALE) && (!(c & L_VAGUE) || lx->val == 12) && any &&
			   !tok_is(st, j, "k") && !tok_is(st, j, "m") && !tok_is(st, j, "b") &&
			   !tok_is(st, j, "mm") && TK(st, j)->n > 1) {
			if (lx->val == 12 && cur > 100 && fmod(cur, 100) != 0) {
				/* "three hundred and two dozens": the dozens are the small part */
				cur = (cur - fmod(cur, 100)) + fmod(cur, 100) * 12;
			} else if (lx->val == 100 || lx->val == 12) {
				cur = (cur ? cur : 1) * lx->val;
			} else if (cur == 0 && total > 0 && lx->val > last_scale) {
				total *= lx->val;        /* "three lakh crore" */
				last_scale = lx->val;
			} else {
				total += (cur ? cur : 1) * lx->val;
				cur = 0;
				last_scale = lx->val;
			}
			tens = 0;
			last = lx->val;
			end = ++j;
			out->scaled = 1;
		} else if (any && is_dash(st, j) && (TK(st, j)->glued || tens) && j + 1 < st->n &&
			   (cls(st, j + 1) & (L_NUM | L_FRAC)) && !(cls(st, j + 1) & L_SCALE) &&
			   (tens || (cls(st, j + 1) & L_FRAC))) {
			j++;                             /* "twenty-one", "two-thirds" */
		} else if (any && tok_is(st, j, "and") && (cls(st, j + 1) & L_NUM) &&
			   (last >= 100) && !(cls(st, j + 2) & L_FRAC)) {
			j++;                             /* "one hundred and six" */
		} else {
			break;
		}
	}
	if (article && end == i + 1 && (cls(st, end) & L_FRAC) && !(cls(st, end) & L_SCALE)) {
		/* "a half", "a fifth", "a quarter of" */
		out->v = 1 / TK(st, end)->lx->val;
		out->frac = 1;
		out->a = i;
		out->b = end + 1;
		out->spelled = 1;
		return 1;
	}
	if (!any || (article && end == i + 1))
		return 0;
	/* fractions: "two thirds", "a quarter", "one and a half" (not inside
	 * a denominator, whose ordinal is read by the caller) */
	if (end < st->n && denominators) {
		size_t k = end;
		double numer = total + cur;

		if (is_dash(st, k) && (cls(st, k + 1) & L_FRAC))
			k++;
		if ((cls(st, k) & L_FRAC) && !(cls(st, k) & L_SCALE) && numer > 0 &&
		    !(numer > 1 && !ends_with(st, k, "s") && !tok_is(st, k, "half") &&
		      !tok_is(st, k, "halves"))) {
			double d = TK(st, k)->lx->val;

			/* "a third term": an ordinal, not a fraction */
			if (!(numer == 1 && (cls(st, k) & L_ORD) && !tok_is(st, k + 1, "of") &&
			      np_word(st, k + 1) && !article))
			{
				out->v = numer / d;
				out->frac = 1;
				out->a = i;
				out->b = k + 1;
				out->spelled = 1;
				return 1;
			}
		}
		if (tok_is(st, end, "and") && (tok_is(st, end + 1, "a") || tok_is(st, end + 1, "an") ||
		    (cls(st, end + 1) & L_NUM)) && (cls(st, end + 2) & L_FRAC)) {
			double n2 = tok_is(st, end + 1, "a") || tok_is(st, end + 1, "an") ? 1 :
				TK(st, end + 1)->lx->val;

			cur += n2 / TK(st, end + 2)->lx->val;
			end += 3;
		}
		/* "half a dozen", "half a million" */
	}
	/* "two hundred point zero three" */
	if (tok_is(st, end, "point") && (cls(st, end + 1) & L_NUM)) {
		double frac = 0, scale = 0.1;
		size_t k = end + 1;

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
			cur += frac;
			end = k;
		}
	}
	out->v = total + cur;
	out->a = i;
	out->b = end;
	out->spelled = 1;
	out->alone_one = end == i + 1 && tok_is(st, i, "one");
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
			if (!money && *w == 'm' && !np_word(st, j + 1))
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

/* A number of any form at i (digits or words, with scale). */
int parse_number(const sent *st, size_t i, num *n, int money)
{
	const tok *t = TK(st, i);
	size_t j;

	memset(n, 0, sizeof(*n));
	if (t->type == T_NUM) {
		n->v = t->v;
		n->a = i;
		n->plain = !t->dec && !t->sep;
		j = i + 1;
		/* "1.1^23", "2.5^-1": a power written with a caret */
		if (tok_ch(st, j, '^') && TK(st, j)->glued) {
			size_t k = j + 1;
			int neg = 0;

			while (k < st->n && TK(st, k)->glued && (is_dash(st, k) || tok_ch(st, k, '+') ||
			       (TK(st, k)->type == T_PUNCT && TK(st, k)->sym == S_MINUS))) {
				neg ^= !tok_ch(st, k, '+');
				k++;
			}
			if (k < st->n && TK(st, k)->type == T_NUM && TK(st, k)->glued && TK(st, k)->v < 400 &&
			    k - j <= 3) {
				n->v = pow(t->v, neg ? -TK(st, k)->v : TK(st, k)->v);
				n->plain = 0;
				n->b = k + 1;
				return 1;
			}
		}
		/* "1/4", "2 1/4" */
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
		/* "1.99×10−30", "2.998 x 10^8" */
		if (j + 1 < st->n && ((TK(st, j)->type == T_SYM && TK(st, j)->sym == S_TIMES) ||
		    tok_is(st, j, "x")) && TK(st, j + 1)->type == T_NUM && TK(st, j + 1)->v == 10 &&
		    TK(st, j + 1)->n == 2) {
			size_t k = j + 2;
			int neg = 0;

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
		}
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
	if (t->type == T_SYM && t->sym == S_FRAC) {
		n->v = t->v;
		n->a = i;
		n->b = i + 1;
		n->frac = 1;
		return 1;
	}
	if (t->type != T_WORD)
		return 0;
	/* "dozens of", "hundreds of", "tens of thousands of" */
	if (cls(st, i) & L_VAGUE) {
		double v = t->lx->val;

		j = i + 1;
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
	if (tok_is(st, i, "half")) {
		/* "half of", "more than half", "half a million" */
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
		return tok_is(st, i + 1, "of") || (i > 0 && (tok_is(st, i - 1, "than") ||
			tok_is(st, i - 1, "nearly") || tok_is(st, i - 1, "almost") ||
			tok_is(st, i - 1, "about") || tok_is(st, i - 1, "over")));
	}
	if (!parse_spelled(st, i, n))
		return 0;
	j = apply_scale(st, n->b, n, money);
	n->b = j;
	return 1;
}
