/* SPDX-License-Identifier: MIT */
/*
 * What a number is of: its currency ("$", "US$", "euros"), its unit ("%",
 * "km/h", "65-year-old", "a 12-page report"), its rate ("a day", "per
 * month", "daily"), and the qualifier before it ("about", "more than",
 * "up to", "rose").
 */
#include <stdio.h>
#include <string.h>

#include "grammar.h"

static const char *currency_adj(const sent *st, size_t i, const char *iso, int *hit)
{
	/* "australian dollars", "hong kong dollars", "swiss francs" */
	static const struct { const char *w, *iso; } adj[] = {
		{ "australian", "AUD" }, { "canadian", "CAD" }, { "us", "USD" }, { "u.s.", "USD" },
		{ "american", "USD" }, { "kong", "HKD" }, { "zealand", "NZD" }, { "singapore", "SGD" },
		{ "taiwan", "TWD" }, { "swiss", "CHF" }, { "french", "FRF" }, { "belgian", "BEF" },
		{ "dutch", "NLG" }, { "netherlands", "NLG" }, { "finnish", "FIM" }, { "mexican", "MXN" },
		{ "philippine", "PHP" }, { "indian", "INR" }, { "pakistani", "PKR" }, { "danish", "DKK" },
		{ "norwegian", "NOK" }, { "swedish", "SEK" }, { "japanese", "JPY" }, { "chinese", "CNY" },
		{ "british", "GBP" }, { "egyptian", "EGP" }, { "jamaican", "JMD" }, { "brazilian", "BRL" },
		{ NULL, NULL }
	};
	size_t k;

	*hit = 0;
	if (i >= st->n || !is_word(st, i))
		return iso;
	for (k = 0; adj[k].w; k++)
		if (tok_is_s(st, i, adj[k].w)) {
			*hit = 1;
			/* a dollar adjective only changes dollars; a franc one francs */
			if ((!strcmp(iso, "USD") && strcmp(adj[k].iso, "CHF") && strcmp(adj[k].iso, "FRF") &&
			     strcmp(adj[k].iso, "BEF") && strcmp(adj[k].iso, "NLG") && strcmp(adj[k].iso, "FIM")) ||
			    (!strcmp(iso, "CHF") && (!strcmp(adj[k].iso, "CHF") || !strcmp(adj[k].iso, "FRF") ||
						     !strcmp(adj[k].iso, "BEF"))) ||
			    !strcmp(iso, "NLG") || !strcmp(iso, "FIM") || !strcmp(iso, "INR") ||
			    !strcmp(iso, "GBP") || !strcmp(iso, "CNY") || !strcmp(iso, "JPY"))
				return adj[k].iso;
		}
	return iso;
}

/* Currency prefix at i: "$", "US$", "HK $", "C$", "USD", "£". Returns the
 * token after it and sets *iso, or returns i. */
size_t currency_prefix(const sent *st, size_t i, const char **iso)
{
	static const struct { const char *w, *iso; } pre[] = {
		{ "US", "USD" }, { "U.S.", "USD" }, { "u.s", "USD" }, { "HK", "HKD" }, { "C", "CAD" },
		{ "CA", "CAD" }, { "A", "AUD" }, { "AU", "AUD" }, { "NZ", "NZD" }, { "S", "SGD" },
		{ "R", "BRL" }, { "NT", "TWD" }, { "Mex", "MXN" }, { NULL, NULL }
	};
	const tok *t;
	size_t k;

	if (i >= st->n)
		return i;
	t = TK(st, i);
	if (t->type == T_WORD && i + 1 < st->n && TK(st, i + 1)->type == T_SYM &&
	    TK(st, i + 1)->sym == S_CUR && !strcmp(TK(st, i + 1)->unit, "USD")) {
		for (k = 0; pre[k].w; k++) {
			/* "a $5 fee" and "A $5 fee" are an article, "Grade A $5" a
			 * word: a one-letter prefix must be written against the sign
			 * ("A$5", "R$10"). Only "C $" is read spaced: C is no word. A
			 * lower-case prefix that is a word must be glued too ("us $5"
			 * is a pronoun, "hk $ 10" is not). */
			if (tok_is_s(st, i, pre[k].w) && !(t->n == 1 && st->s[t->s] == 'a') &&
			    !(t->n == 1 && !TK(st, i + 1)->glued && strcmp(pre[k].w, "C")) &&
			    !(t->n <= 2 && !ascii_upper((unsigned char)st->s[t->s]) && !TK(st, i + 1)->glued &&
			      t->lx)) {
				*iso = pre[k].iso;
				i += 2;
				if (tok_ch(st, i, '.'))
					i++;
				return i;
			}
		}
	}
	if (t->type == T_SYM && t->sym == S_CUR && t->v == 0) {
		*iso = t->unit;
		i++;
		/* "$US113" */
		if (!strcmp(*iso, "USD") && i < st->n && is_word(st, i) && TK(st, i)->glued) {
			for (k = 0; pre[k].w; k++)
				if (tok_is_s(st, i, pre[k].w) && strcmp(pre[k].w, "C")) {
					*iso = pre[k].iso;
					return i + 1;
				}
		}
		return i;
	}
	/* "Rs 5,000 crore", "Rs. 500" */
	if (t->type == T_WORD && t->n == 2 && !strncmp(st->s + t->s, "Rs", 2)) {
		size_t k2 = i + 1;

		if (tok_ch(st, k2, '.'))
			k2++;
		if (k2 < st->n && TK(st, k2)->type == T_NUM) {
			*iso = "INR";
			return k2;
		}
	}
	if (t->type == T_WORD && is_upper_word(st->s + t->s, t->n) && t->n == 3 &&
	    (cls(st, i) & L_CUR) && i + 1 < st->n && (TK(st, i + 1)->type == T_NUM)) {
		*iso = t->lx->unit;
		return i + 1;
	}
	return i;
}

/* "3 dollars 50 cents", "thirteen dollars and forty-five cents", "$100
 * and fifty.": the subunit after a main unit. Returns the token after it. */
size_t read_cents(const sent *st, size_t j, fig *f)
{
	size_t k = j;
	num m;

	if (tok_is(st, k, "and"))
		k++;
	if (k >= st->n || !(TK(st, k)->type == T_NUM || (cls(st, k) & L_NUM)) ||
	    !parse_number(st, k, &m, 0) || m.v >= 100 || m.v < 1 || m.scaled || m.frac)
		return j;
	if (tok_is(st, m.b, "cents") || tok_is(st, m.b, "cent") || tok_is(st, m.b, "pence") ||
	    tok_is(st, m.b, "p")) {
		f->n.v += m.v / 100;
		return m.b + 1;
	}
	/* a spelled number alone: "one dollar fifty", "one dollar and one and" */
	if (m.spelled && f->n.v == (double)(long long)f->n.v && !f->n.scaled &&
	    (is_stop(st, m.b) || (k > j && tok_is(st, m.b, "and")))) {
		f->n.v += m.v / 100;
		return m.b;
	}
	return j;
}

/* "the 12 page document": a singular noun j before a singular head that
 * ends the phrase. More than one of the head would be plural, so the
 * number counts j, which modifies the head ("3 bedroom house", "20 point
 * lead"; not "14 state lawmakers", "three state department officials"). */
static int singular_head_after(const sent *st, size_t j)
{
	unsigned w1 = wbits(st, j), w2 = wbits(st, j + 1);

	return cls(st, j) == 0 && cls(st, j + 1) == 0 && !TK(st, j + 1)->cap &&
		(w1 & W_NOUN) && !(w1 & W_PLURAL) && !plural_word(st, j) &&
		(w2 & W_NOUN) && !(w2 & W_PLURAL) && !plural_word(st, j + 1) &&
		!(w2 & W_FINITE) && !participle(st, j + 1) && !np_word(st, j + 2);
}

/*
 * "10-year Treasuries", "a two-month contract", "a 12-page report", "the
 * 30 year rate": a number glued to a singular noun that itself modifies the
 * noun after it measures that noun; it does not count it. The figure is a
 * measure in the modifier's unit and the noun after it is the subject.
 * Spaced, only a duration word after digits reads so ("30 year rate"; "14
 * state lawmakers" counts lawmakers, "one day police came" is no figure).
 */
static int measure_modifier(const sent *st, size_t j, fig *f)
{
	const tok *t = TK(st, j);
	int hyphen = j > 0 && is_dash(st, j - 1) && TK(st, j - 1)->glued && t->glued;
	uint32_t c = cls(st, j), c2;
	size_t n;

	if (!is_word(st, j) || t->cap || !np_word(st, j + 1) || f->kind != CT_KIND_COUNT ||
	    f->n.frac || f->n.vague)
		return 0;
	/* "a production-four-door record": inside a compound, not a figure */
	if (f->n.a >= 2 && is_dash(st, f->n.a - 1) && TK(st, f->n.a)->glued && is_word(st, f->n.a - 2))
		return 0;
	c2 = cls(st, j + 1);
	/* the modified word must be a noun: "10-year high" is a noun too, but
	 * "two-day visit to" and "3-mile race" are read alike */
	/* "a 5,000-strong crowd" counts the crowd */
	if (tok_is(st, j, "strong"))
		return 0;
	if ((c2 & (L_TIMEN | L_PERUNIT | L_MONTH | L_PCT | L_CUR | L_SCALE)) || participle(st, j + 1) ||
	    tok_is(st, j + 1, "ago") || tok_is(st, j + 1, "old") || tok_is(st, j + 1, "olds"))
		return 0;
	if (!hyphen) {
		if (TK(st, f->n.a)->type != T_NUM || f->n.v == 1)
			return 0;
		if (!((c & L_TIMEN) && (c & L_PERUNIT)) && !singular_head_after(st, j))
			return 0;
	} else if (f->n.alone_one && f->n.spelled && !(c & (L_TIMEN | L_MEAS))) {
		/* "One-punch killer", "a one-man show": a compound that reads as
		 * its spaced form does, so an editor's hyphen changes nothing
		 * ("a one-year deal" is still a span) */
		return 0;
	} else {
		/* a singular noun: not "10-years", "a 2-pronged", "three-fold" */
		if ((c & ~(uint32_t)(L_TIMEN | L_PERUNIT | L_MEAS)) || plural_word(st, j) ||
		    participle(st, j) || ends_with(st, j, "ed") || t->n < 3 || t->n >= sizeof(f->unitbuf))
			return 0;
	}
	f->kind = CT_KIND_MEASURE;
	if (t->lx && t->lx->unit) {
		f->unit = t->lx->unit;
	} else {
		for (n = 0; n < t->n; n++)
			f->unitbuf[n] = (char)ct_lower[(unsigned char)st->s[t->s + n]];
		f->unitbuf[n] = '\0';
		f->unit = f->unitbuf;
	}
	return 1;
}

/* A unit written as a symbol at j: "%", "°C", '″', a currency sign after
 * the number ("100 ₡"). Returns 1 and sets *end when there is one. */
static int symbol_unit(const sent *st, size_t j, fig *f, size_t *end)
{
	const tok *t = TK(st, j);

	if (t->type == T_SYM && t->sym == S_PCT) {
		f->kind = CT_KIND_PERCENT;
		f->unit = "%";
		*end = j + 1;
		return 1;
	}
	if (t->type == T_SYM && t->sym == S_DEG) {
		f->kind = CT_KIND_MEASURE;
		f->unit = t->unit ? t->unit : "°";
		j++;
		if (!t->unit && is_word(st, j) && TK(st, j)->glued) {
			if (tok_is(st, j, "C") || tok_is(st, j, "celsius")) {
				f->unit = "°C";
				j++;
			} else if (tok_is(st, j, "F") || tok_is(st, j, "fahrenheit")) {
				f->unit = "°F";
				j++;
			}
		}
		*end = j;
		return 1;
	}
	if (t->sym == S_INCH && t->glued) {
		f->kind = CT_KIND_MEASURE;
		f->unit = "in";
		*end = j + 1;
		return 1;
	}
	if (t->type == T_SYM && t->sym == S_CUR && t->glued && f->kind != CT_KIND_MONEY) {
		f->kind = CT_KIND_MONEY;
		f->unit = t->unit;
		*end = j + 1;
		return 1;
	}
	if (t->type == T_SYM && t->sym == S_CUR && !t->glued && f->kind != CT_KIND_MONEY &&
	    strcmp(t->unit, "USD") && (j + 1 >= st->n || TK(st, j + 1)->type != T_NUM)) {
		f->kind = CT_KIND_MONEY;   /* "100 ₡" */
		f->unit = t->unit;
		*end = j + 1;
		return 1;
	}
	return 0;
}

/* "per cent", "percent", "percentage points" at word j. Returns 1 and sets
 * *end when the word decides (a figure's "percentage increase" is no
 * unit: *end is j). */
static int percent_unit(const sent *st, size_t j, fig *f, size_t *end)
{
	if (tok_is(st, j, "per") && tok_is(st, j + 1, "cent")) {
		f->kind = CT_KIND_PERCENT;
		f->unit = "%";
		*end = j + 2;
		return 1;
	}
	if (!(cls(st, j) & L_PCT))
		return 0;
	*end = j;
	if (tok_is(st, j, "percentage") && !(tok_is(st, j + 1, "points") || tok_is(st, j + 1, "point")) &&
	    !is_stop(st, j + 1) && np_word(st, j + 1))
		return 1;
	f->kind = CT_KIND_PERCENT;
	f->unit = "%";
	j++;
	if (tok_is(st, j, "points") || tok_is(st, j, "point")) {
		f->unit = "pp";
		j++;
	}
	*end = j;
	return 1;
}

/* An age at the time word j: "65-year-old", "15 year-old", "3 years old";
 * or "the 30 year rate" (a measure modifier). Returns 1 and sets *end when
 * j is such a word ("5 points" stays a count). */
static int age_unit(const sent *st, size_t j, fig *f, size_t *end)
{
	size_t k = j + 1;

	if (!(tok_is(st, j, "year") || tok_is(st, j, "years") || tok_is(st, j, "month") ||
	      tok_is(st, j, "months") || tok_is(st, j, "week") || tok_is(st, j, "day")))
		return 0;
	if (is_dash(st, k) && tok_is(st, k + 1, "old")) {
		k += 2;
	} else if (tok_is(st, k, "old")) {
		k += 1;
	} else if (measure_modifier(st, j, f)) {
		*end = j + 1;
		return 1;
	} else {
		*end = j > 0 && is_dash(st, j - 1) && TK(st, j - 1)->glued ? j - 1 : j;
		return 1;
	}
	f->kind = CT_KIND_MEASURE;
	snprintf(f->unitbuf, sizeof(f->unitbuf), "%.*s-old",
		tok_is(st, j, "years") || tok_is(st, j, "year") ? 4 :
		tok_is(st, j, "months") || tok_is(st, j, "month") ? 5 : (int)(tok_is(st, j, "week") ? 4 : 3),
		tok_is(st, j, "years") || tok_is(st, j, "year") ? "year" :
		tok_is(st, j, "months") || tok_is(st, j, "month") ? "month" :
		tok_is(st, j, "week") ? "week" : "day");
	f->unit = f->unitbuf;
	*end = k;
	return 1;
}

/* A currency word at j: "dollars", "5 pounds" (or of weight: "5 pounds of
 * meat"), "australian dollars", "hong kong dollars", "10 EUR". Returns 1
 * and sets *end when the word decides. */
static int currency_word_unit(const sent *st, size_t j, fig *f, size_t *end)
{
	const tok *t = TK(st, j);
	uint32_t c = cls(st, j);
	int hit;

	/* "190p a litre", "45.5p": pence glued to the figure (a video
	 * resolution, "1080p", is no price) */
	if (tok_is(st, j, "p") && t->glued && f->kind == CT_KIND_COUNT && !f->n.scaled &&
	    !f->n.has_high && f->n.v < 10000 && f->n.v != 480 && f->n.v != 720 &&
	    f->n.v != 1080 && f->n.v != 1440 && f->n.v != 2160) {
		f->n.v *= 0.01;
		f->kind = CT_KIND_MONEY;
		f->unit = "GBP";
		*end = j + 1;
		return 1;
	}
	if ((c & L_CUR) && f->kind != CT_KIND_MONEY && !(c & L_VERB && !t->glued && !f->n.scaled)) {
		const char *iso = t->lx->unit;

		/* "5 pounds of meat", "lost 10 pounds": weight */
		if ((tok_is(st, j, "pounds") || tok_is(st, j, "pound")) &&
		    (tok_is(st, j + 1, "of") || (f->qa > 0 && (tok_is(st, f->qa - 1, "weighs") ||
		     tok_is(st, f->qa - 1, "weighed") || tok_is(st, f->qa - 1, "weighing") ||
		     tok_is(st, f->qa - 1, "weigh"))))) {
			f->kind = CT_KIND_MEASURE;
			f->unit = "lb";
			*end = j + 1;
			return 1;
		}
		if (tok_is(st, j, "won") && !f->n.scaled && f->n.v < 1000) {
			*end = j;
			return 1;
		}
		if (t->lx->val != 1)
			f->n.v *= t->lx->val;
		f->kind = CT_KIND_MONEY;
		f->unit = iso;
		*end = t->lx->val == 1 ? read_cents(st, j + 1, f) : j + 1;
		return 1;
	}
	/* "australian dollars", "10 us dollar" */
	if (is_word(st, j + 1) && (cls(st, j + 1) & L_CUR) && !(cls(st, j + 1) & L_VERB)) {
		const char *iso = currency_adj(st, j, TK(st, j + 1)->lx->unit, &hit);

		if (hit) {
			f->kind = CT_KIND_MONEY;
			f->unit = iso;
			*end = read_cents(st, j + 2, f);
			return 1;
		}
	}
	if (is_word(st, j + 2) && (cls(st, j + 2) & L_CUR) && (tok_is(st, j, "hong") ||
	    tok_is(st, j, "new"))) {
		f->kind = CT_KIND_MONEY;
		f->unit = currency_adj(st, j + 1, TK(st, j + 2)->lx->unit, &hit);
		*end = j + 3;
		return 1;
	}
	if (is_upper_word(st->s + t->s, t->n) && t->n == 3 && (c & L_CUR) && !t->glued) {
		f->kind = CT_KIND_MONEY;
		f->unit = t->lx->unit;
		*end = j + 1;
		return 1;
	}
	return 0;
}

/* What follows a measure unit and makes it another: "degrees Celsius",
 * "lb-ft", "km/h", "miles per hour". Returns the token after it (k when
 * nothing follows). */
static size_t compound_unit(const sent *st, size_t k, fig *f)
{
	const char *u = f->unit;

	/* degrees Celsius, deg C */
	if (!strcmp(u, "degree") && is_word(st, k)) {
		if (tok_is(st, k, "celsius") || tok_is(st, k, "C") || tok_is(st, k, "centigrade")) {
			f->unit = "°C";
			k++;
		} else if (tok_is(st, k, "fahrenheit") || tok_is(st, k, "F")) {
			f->unit = "°F";
			k++;
		}
	}
	/* "lb-ft" */
	if (!strcmp(u, "lb") && is_dash(st, k) && tok_is(st, k + 1, "ft")) {
		f->unit = "lb-ft";
		k += 2;
	}
	/* "km/h", "m/s" */
	if (tok_ch(st, k, '/') && is_word(st, k + 1) && TK(st, k)->glued && TK(st, k + 1)->glued) {
		snprintf(f->unitbuf, sizeof(f->unitbuf), "%s/%.*s", f->unit,
			(int)TK(st, k + 1)->n, st->s + TK(st, k + 1)->s);
		f->unit = f->unitbuf;
		k += 2;
	}
	/* "miles per hour" */
	if (tok_is(st, k, "per") && is_word(st, k + 1)) {
		const char *u2 = NULL;

		if (!strcmp(f->unit, "mi") && tok_is(st, k + 1, "hour"))
			u2 = "mph";
		else if (!strcmp(f->unit, "km") && tok_is(st, k + 1, "hour"))
			u2 = "km/h";
		else if (!strcmp(f->unit, "m") && tok_is(st, k + 1, "second"))
			u2 = "m/s";
		else if (!strcmp(f->unit, "mi") && tok_is(st, k + 1, "gallon"))
			u2 = "mpg";
		if (u2) {
			f->unit = u2;
			k += 2;
		}
	}
	return k;
}

/* A measure unit at word j: "km", "sq ft", "square feet", "pounds",
 * "degrees Celsius". Returns 1 and sets *end when the word decides. */
static int measure_unit(const sent *st, size_t j, fig *f, size_t *end)
{
	const tok *t = TK(st, j);
	const char *w = st->s + t->s, *u;

	/* "50 basis points" */
	if (tok_is(st, j, "basis") && (tok_is(st, j + 1, "points") || tok_is(st, j + 1, "point"))) {
		f->kind = CT_KIND_MEASURE;
		f->unit = "bp";
		*end = j + 2;
		return 1;
	}
	/* "a 200MP camera", "12 megapixels" */
	if ((t->n == 2 && !strncmp(w, "MP", 2)) || tok_is(st, j, "megapixel") ||
	    tok_is(st, j, "megapixels")) {
		f->kind = CT_KIND_MEASURE;
		f->unit = "MP";
		*end = j + 1;
		return 1;
	}
	if (tok_is(st, j, "nautical") && (tok_is(st, j + 1, "miles") || tok_is(st, j + 1, "mile"))) {
		f->kind = CT_KIND_MEASURE;
		f->unit = "nmi";
		*end = j + 2;
		return 1;
	}
	/* "sq ft", "square feet", "cubic metres" */
	if ((tok_is(st, j, "sq") || tok_is(st, j, "square") || tok_is(st, j, "cubic") ||
	     tok_is(st, j, "cu")) && (cls(st, j + 1) & L_MEAS)) {
		u = TK(st, j + 1)->lx->unit;
		f->kind = CT_KIND_MEASURE;
		snprintf(f->unitbuf, sizeof(f->unitbuf), "%s %s",
			tok_is(st, j, "cubic") || tok_is(st, j, "cu") ? "cu" : "sq", u);
		f->unit = f->unitbuf;
		*end = j + 2;
		return 1;
	}
	if (!(cls(st, j) & L_MEAS))
		return 0;
	u = t->lx->unit;
	*end = j;
	if (f->kind == CT_KIND_MONEY)
		return 1;
	/* short units only right after a number */
	if (t->n <= 2 && !t->glued && (tok_is(st, j, "m") || tok_is(st, j, "g") ||
	    tok_is(st, j, "w") || tok_is(st, j, "ha") || tok_is(st, j, "mi")) &&
	    !(w[0] == 'W' || w[0] == 'm'))
		return 1;
	if (t->n == 2 && !strncmp(w, "Nm", 2))
		u = "Nm";
	if (t->n == 1 && w[0] == 'G')
		return 1;
	if ((tok_is(st, j, "pound") || tok_is(st, j, "pounds")))
		u = "lb";
	if (tok_is(st, j, "second"))
		return 1;
	f->kind = CT_KIND_MEASURE;
	f->unit = u;
	*end = compound_unit(st, j + 1, f);
	return 1;
}

/* Unit words after the number at j: percent, currency words, measures.
 * Returns the token after them. */
size_t read_unit(const sent *st, size_t j, fig *f)
{
	const tok *t;
	const char *per;
	size_t end;

	if (j >= st->n)
		return j;
	t = TK(st, j);
	if (symbol_unit(st, j, f, &end))
		return end;
	/* hyphen-glued unit: "6.1-inch", "65-year-old", "12-cent" */
	if (is_dash(st, j) && t->glued && is_word(st, j + 1) && TK(st, j + 1)->glued)
		j++;
	if (!is_word(st, j))
		return j;
	/* "20in of rain", "6ft 2in": inches glued to the figure ("in" is a
	 * preposition when spaced) */
	if (t->glued && tok_is(st, j, "in") && f->kind == CT_KIND_COUNT && !f->n.scaled &&
	    TK(st, j - 1)->type == T_NUM && !(j + 1 < st->n && TK(st, j + 1)->glued &&
	    TK(st, j + 1)->type != T_PUNCT)) {
		f->kind = CT_KIND_MEASURE;
		f->unit = "in";
		return j + 1;
	}
	/* "41C", "75F": a temperature glued to its scale's letter */
	if (t->glued && t->n == 1 && (st->s[t->s] == 'C' || st->s[t->s] == 'F') &&
	    f->kind == CT_KIND_COUNT && !f->n.spelled && !f->n.scaled &&
	    !(j + 1 < st->n && TK(st, j + 1)->glued && TK(st, j + 1)->type != T_PUNCT)) {
		f->kind = CT_KIND_MEASURE;
		f->unit = st->s[t->s] == 'C' ? "°C" : "°F";
		return j + 1;
	}
	/* "beats 1,200 times a minute", "was arrested 12 times.": a count
	 * of occurrences names no thing, so the clause says whose it is
	 * ("three times as many" is a multiplier, and stays a noun) */
	if (f->kind == CT_KIND_COUNT && tok_is(st, j, "times") &&
	    (j + 1 >= st->n || TK(st, j + 1)->type == T_PUNCT || read_per(st, j + 1, &per) > j + 1)) {
		f->unit = "times";
		return j + 1;
	}
	/* "a 12-page report", "six-cylinder engines" */
	if (!(cls(st, j) & (L_TIMEN | L_MEAS | L_PCT | L_CUR)) && measure_modifier(st, j, f))
		return j + 1;
	if (percent_unit(st, j, f, &end) || age_unit(st, j, f, &end) ||
	    currency_word_unit(st, j, f, &end) || measure_unit(st, j, f, &end))
		return end;
	return j;
}

static const char *per_word(const sent *st, size_t i)
{
	if (!is_word(st, i))
		return NULL;
	if (cls(st, i) & L_PERUNIT)
		return TK(st, i)->lx->unit;
	return NULL;
}

/* A rate at j: "a day", "per month", "each year", "daily", "-a-day". */
size_t read_per(const sent *st, size_t j, const char **per)
{
	size_t k = j;
	const char *u;

	if (is_dash(st, k) && TK(st, k)->glued)
		k++;
	/* "52,000 barrel-a-day": read the hyphenated rate as "a day" */
	if (k > j && (tok_is(st, k, "a") || tok_is(st, k, "an")) && is_dash(st, k + 1) &&
	    TK(st, k + 1)->glued && (u = per_word(st, k + 2)) && TK(st, k + 2)->glued &&
	    !(is_dash(st, k + 3) && TK(st, k + 3)->glued)) {
		*per = u;
		return k + 3;
	}
	if ((tok_is(st, k, "a") || tok_is(st, k, "an") || tok_is(st, k, "each") ||
	     tok_is(st, k, "every")) && (u = per_word(st, k + 1))) {
		/* "a year earlier" is a time, not a rate */
		if (tok_is(st, k + 2, "earlier") || tok_is(st, k + 2, "ago") ||
		    tok_is(st, k + 2, "before") || tok_is(st, k + 2, "later") ||
		    tok_is(st, k + 2, "after") || tok_is(st, k + 2, "prior") ||
		    (is_dash(st, k + 2) && TK(st, k + 2)->glued && !tok_is(st, k + 3, "old")) ||
		    tok_is(st, k + 2, "of") || tok_is(st, k + 2, "and") ||
		    ((tok_is(st, k + 1, "head") || tok_is(st, k + 1, "second") ||
		      tok_is(st, k + 1, "quarter")) && !is_stop(st, k + 2) && !tok_is(st, k + 2, "in")))
			return j;
		if (tok_is(st, k, "each") || tok_is(st, k, "every"))
			if (tok_is(st, k + 1, "share") || tok_is(st, k + 1, "head"))
				return j;
		if (is_dash(st, k + 2) && tok_is(st, k + 3, "old"))
			return j;
		*per = u;
		return k + 2;
	}
	if (tok_is(st, k, "per") && is_word(st, k + 1) && !tok_is(st, k + 1, "cent")) {
		if ((u = per_word(st, k + 1))) {
			*per = u;
			return k + 2;
		}
		if ((cls(st, k + 1) & L_MEAS) && !(cls(st, k + 1) & L_CUR)) {
			*per = TK(st, k + 1)->lx->unit;
			return k + 2;
		}
		if (tok_is(st, k + 1, "cubic") && (cls(st, k + 2) & L_MEAS) &&
		    (tok_is(st, k + 2, "m") || tok_is(st, k + 2, "metre") || tok_is(st, k + 2, "meter"))) {
			*per = "cu m";
			return k + 3;
		}
		if ((tok_is(st, k + 1, "sq") || tok_is(st, k + 1, "square")) && (cls(st, k + 2) & L_MEAS)) {
			*per = tok_is(st, k + 2, "m") || tok_is(st, k + 2, "metre") ? "sq m" :
				tok_is(st, k + 2, "ft") || tok_is(st, k + 2, "foot") || tok_is(st, k + 2, "feet") ? "sq ft" : "sq km";
			return k + 3;
		}
		return j;
	}
	if (k == j && (cls(st, k) & L_PERADV)) {
		*per = TK(st, k)->lx->unit;
		return k + 1;
	}
	return j;
}

/* Two-word qualifiers ending at token p ("at least", "up to"), or NULL. */
static const char *two_word_qualifier(const sent *st, size_t p)
{
	if (tok_is(st, p, "least") && tok_is(st, p - 1, "at"))
		return ">=";
	if (tok_is(st, p, "most") && tok_is(st, p - 1, "at"))
		return "<=";
	if (tok_is(st, p, "to") && tok_is(st, p - 1, "up"))
		return "<=";
	if (tok_is(st, p, "to") && tok_is(st, p - 1, "close"))
		return "~";
	return NULL;
}

/* Filler between a qualifier and its figure: "just", "only", "a whopping". */
static int qualifier_filler(const sent *st, size_t p)
{
	return tok_is(st, p, "just") || tok_is(st, p, "only") || tok_is(st, p, "still") ||
		tok_is(st, p, "already") || tok_is(st, p, "now") || tok_is(st, p, "a") ||
		tok_is(st, p, "well") || tok_is(st, p, "even") || tok_is(st, p, "whopping") ||
		tok_is(st, p, "staggering") || tok_is(st, p, "mere") || tok_is(st, p, "record");
}

/* "more than", "fewer than", "no more than" with "than" at p. Returns the
 * qualifier (q when the word before "than" makes none) and sets *qa. */
static const char *than_qualifier(const sent *st, size_t p, const char *q, size_t *qa)
{
	size_t k;

	if (tok_is(st, p - 1, "more") || tok_is(st, p - 1, "over") ||
	    tok_is(st, p - 1, "greater") || tok_is(st, p - 1, "higher") ||
	    tok_is(st, p - 1, "larger") || tok_is(st, p - 1, "bigger"))
		q = ">";
	else if (tok_is(st, p - 1, "less") || tok_is(st, p - 1, "fewer") ||
		 tok_is(st, p - 1, "lower") || tok_is(st, p - 1, "smaller"))
		q = "<";
	else
		return q;
	*qa = k = p - 1;
	if (k > 0 && tok_is(st, k - 1, "no")) {
		q = q[0] == '>' ? "<=" : ">=";
		*qa = k - 1;
	}
	return q;
}

/* The qualifier that ends with word p ("at least", "over", "about"), or q
 * when there is none; sets *qa to its first token. */
static const char *word_qualifier(const sent *st, size_t p, const char *q, size_t *qa)
{
	const char *q2;

	if (tok_is(st, p, "than") && p > 0)
		return than_qualifier(st, p, q, qa);
	if (p > 0 && (q2 = two_word_qualifier(st, p)) != NULL) {
		*qa = p - 1;
		return q2;
	}
	if (tok_is(st, p, "as") && p > 1 && tok_is(st, p - 2, "as") &&
	    (tok_is(st, p - 1, "many") || tok_is(st, p - 1, "much") ||
	     tok_is(st, p - 1, "high"))) {
		*qa = p - 2;
		return "<=";
	}
	if (tok_is(st, p, "of") && p > 1 && tok_is(st, p - 1, "excess") && tok_is(st, p - 2, "in")) {
		*qa = p - 2;
		return ">";
	}
	if (tok_is(st, p, "of") && p > 0 && tok_is(st, p - 1, "upwards")) {
		*qa = p - 1;
		return ">";
	}
	if (tok_is(st, p, "over") || tok_is(st, p, "above") || tok_is(st, p, "exceeding") ||
	    tok_is(st, p, "topping")) {
		*qa = p;
		return ">";
	}
	if (tok_is(st, p, "under") || tok_is(st, p, "below")) {
		*qa = p;
		return "<";
	}
	if (tok_is(st, p, "about") || tok_is(st, p, "around") || tok_is(st, p, "roughly") ||
	    tok_is(st, p, "approximately") || tok_is(st, p, "approx") || tok_is(st, p, "nearly") ||
	    tok_is(st, p, "almost") || tok_is(st, p, "some") || tok_is(st, p, "circa") ||
	    tok_is(st, p, "estimated") || tok_is(st, p, "ca") || tok_is(st, p, "approaching")) {
		*qa = p;
		if (tok_is(st, p, "estimated") && p > 0 && (tok_is(st, p - 1, "an") ||
		    tok_is(st, p - 1, "the")))
			*qa = p - 1;
		return "~";
	}
	return q;
}

/* A change word before the figure at qa: "rose 5%", "fell by 300", "down
 * from 40", "cut prices by 10%". Returns "up", "down", or "=". */
static const char *change_qualifier(const sent *st, size_t qa)
{
	size_t p = qa;

	/* "up from 3.1 million", "fell from 9% to 7%": the figure after "from"
	 * is where the change started, unchanged itself */
	if (p > 1 && tok_is(st, p - 1, "from") && (cls(st, p - 2) & (L_UP | L_DOWN)) &&
	    !(cls(st, p - 2) & L_VERB))
		return "=";
	/* "risen by an average of 3.4%", "fell by a total of 300" */
	if (p > 3 && tok_is(st, p - 1, "of") && (tok_is(st, p - 2, "average") ||
	    tok_is(st, p - 2, "total")) && (tok_is(st, p - 3, "an") || tok_is(st, p - 3, "a")))
		p -= 3;
	if (p > 0 && (tok_is(st, p - 1, "by") || tok_is(st, p - 1, "to") ||
		      tok_is(st, p - 1, "from") || tok_is(st, p - 1, "nearly") ||
		      tok_is(st, p - 1, "some") || tok_is(st, p - 1, "another") ||
		      tok_is(st, p - 1, "an")))
		p--;
	if (p > 0 && tok_is(st, p, "an") && tok_is(st, p - 1, "by"))
		p--;
	/* "raised rates by 50 basis points", "cut prices by 10%" */
	if (p > 1 && tok_is(st, p, "by") && !(cls(st, p - 1) & (L_UP | L_DOWN))) {
		size_t v = p;

		while (v > 0 && p - v < 3 && np_word(st, v - 1) && !(cls(st, v - 1) & (L_UP | L_DOWN)))
			v--;
		if (v < p && v > 0 && (cls(st, v - 1) & (L_UP | L_DOWN)) && (cls(st, v - 1) & L_VERB))
			p = v;
	}
	if (p > 0 && (cls(st, p - 1) & L_UP) && !tok_is(st, p - 1, "gain") &&
	    !tok_is(st, p - 1, "increase") && !tok_is(st, p - 1, "higher"))
		return "up";
	if (p > 0 && (cls(st, p - 1) & L_DOWN) && !tok_is(st, p - 1, "drop") &&
	    !tok_is(st, p - 1, "decline") && !tok_is(st, p - 1, "lower") &&
	    !tok_is(st, p - 1, "cut"))
		return "down";
	return "=";
}

/*
 * "Air defences shot down 28 drones", "Labour picked up 40 seats": the
 * verb and its particle, not a fall or a rise. Verbs that move a figure
 * or report its level keep "up"/"down" as the change ("shares closed
 * down 3%", "the index ended up 40 points", "sales were down 300 units").
 */
int particle_before(const sent *st, size_t p)
{
	static const char *const movers[] = {
		"be", "go", "come", "close", "end", "finish", "open", "trade", "move", "edge",
		"tick", "inch", "head", "creep", "slip", "stay", "remain", "settle", "fall",
		"rise", "climb", "drop", "jump", "slide", "sink", "plunge", "soar", "run",
		"mark", "revise", "round", "add", "total", "trend", "bounce", "tumble",
		NULL
	};
	size_t v;

	if (p == 0 || !(tok_is(st, p, "down") || tok_is(st, p, "up")))
		return 0;
	v = p - 1;
	if (!is_word(st, v) || TK(st, v)->cap || (cls(st, v) & (L_UP | L_DOWN | L_PREP | L_DET)))
		return 0;
	/* an inflected verb ("shot", "picked") as WordNet has it will do: the
	 * particle after it rules out the noun */
	if (!((cls(st, v) & L_VERB) || finite_verb(st, v) || participle(st, v) ||
	      ct_lex_open_base(ct_lex_open_find(st->s + TK(st, v)->s, TK(st, v)->n), W_POS_VERB) ||
	      (tok_wb(st, TK(st, v)) & (W_VERB | W_NOUN)) == W_VERB))
		return 0;
	return !verb_base_in(st, v, movers);
}

/* The qualifier before token a (skipping filler): returns the qualifier and
 * sets *qa to its first token. */
const char *read_qualifier(const sent *st, size_t a, size_t *qa)
{
	const char *q = "=";
	size_t k = a;
	int guard = 0;

	*qa = a;
	while (k > 0 && guard++ < 6) {
		size_t p = k - 1;

		/* the tokenizer reads '~' as punctuation with its own symbol kind */
		if (TK(st, p)->sym == S_TILDE && TK(st, p)->type != T_WORD) {
			q = "~";
			*qa = k = p;
			continue;
		}
		if (!is_word(st, p))
			break;
		if (qualifier_filler(st, p)) {
			if (tok_is(st, p, "a") && strcmp(q, "=") == 0 && k == a)
				break;
			k = p;
			continue;
		}
		q = word_qualifier(st, p, q, qa);
		break;
	}
	if (!strcmp(q, "="))
		q = change_qualifier(st, *qa);
	return q;
}

/*
 * "posting the bottom 10% of arrest numbers", "the top 1% of earners",
 * "the lowest 20 percent": a rank word before a figure that selects part
 * of a ranking. The figure is the band's size, and the band is kept with
 * it so "bottom 10%" -> "bottom 15%" reads as the same band widening. The
 * word needs a determiner before it or "of" after the figure: "Sales top
 * 10 million" is a verb.
 */
const char *read_band(const sent *st, const fig *f)
{
	size_t p = f->qa;
	const char *band;

	if (p == 0 || !is_word(st, p - 1))
		return NULL;
	/* literal compares: this runs for every figure */
	if (tok_is(st, p - 1, "bottom"))
		band = "bottom";
	else if (tok_is(st, p - 1, "top"))
		band = "top";
	else if (tok_is(st, p - 1, "lowest"))
		band = "lowest";
	else if (tok_is(st, p - 1, "highest"))
		band = "highest";
	else
		return NULL;
	if ((p >= 2 && (cls(st, p - 2) & L_DET)) || tok_is(st, f->b, "of"))
		return band;
	return NULL;
}
