/* SPDX-License-Identifier: MIT */
/*
 * Claim extraction from one sentence: a hand-written grammar that reads
 * figures the way a news editor does. This file assembles the claims; the
 * stages it calls are listed in grammar.h.
 *
 * The sentence is cut into tokens once (tokens.c: numbers, words, symbols,
 * punctuation; no allocation per token), every word looked up once in the
 * lexicon (lexicon.c). Then each figure is read left to right (read_figure,
 * with numbers.c and units.c):
 *
 *   [qualifier] [currency] NUMBER [scale] [unit|percent|currency word]
 *       [range: to|-|and NUMBER ...] [rate: a day|per month|daily]
 *
 * and its subject is attributed (subjects.c) by the first rule that
 * applies, recorded in claim->rule: "of-np" ("10% of arrest numbers"),
 * "noun" (the noun phrase after the figure, with an identifying
 * proper-noun tail), "elided" (the noun of the previous figure in a list),
 * "paren" (a conversion in parentheses shares the subject before it),
 * "clause" (the subject of the clause, for money and percentages with
 * nothing after them).
 *
 * Each figure read is judged (judge.c): a year, a date, a clock time, a
 * time that places an event, a name ("Game 7", "level 2"), a count that
 * points at a known set ("the two sides") gets a kind or a mark of its
 * own, so that it is listed but never reported as a figure change.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claims.h"
#include "claims_internal.h"
#include "grammar.h"
#include "judge.h"

/* Emit one figure as a claim. Nothing is allocated here: the subject and
 * key are built on the stack, the set copies the spans into its arena. */
static int emit(ct_claimset *set, const sent *st, const fig *f, const char *section,
	size_t sentence_no, size_t text_end, int reference)
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
	c.vague = f->n.vague;
	c.reference = reference;
	c.band = f->band;
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

/* A sign at *j ("minus", "negative", '−', '-'): sets *neg and moves *j past
 * it. Returns 0 when a dash there is a range dash or a hyphen, no sign. */
static int read_sign(const sent *st, size_t *j_io, int *neg)
{
	size_t j = *j_io;

	if (tok_is(st, j, "minus") || tok_is(st, j, "negative")) {
		*neg = 1;
		*j_io = j + 1;
	} else if (TK(st, j)->type == T_PUNCT && (TK(st, j)->sym == S_MINUS || TK(st, j)->sym == S_DASH)) {
		/* a minus sign, not a range dash or a hyphen */
		if (j > 0 && (TK(st, j - 1)->type == T_NUM || (is_word(st, j - 1) && TK(st, j)->glued &&
		    !(cls(st, j - 1) & (L_PREP | L_VERB | L_UP | L_DOWN)))))
			return 0;
		if (j + 1 < st->n && !TK(st, j + 1)->glued && j != 0)
			return 0;
		if (j > 0 && is_word(st, j - 1) && TK(st, j - 1)->cap && !(cls(st, j - 1) & (L_PREP | L_VERB)))
			return 0;
		*neg = 1;
		*j_io = j + 1;
	}
	return 1;
}

/* A currency before the number at *j ("$", "US$", "$-50.8bn"): makes f
 * money and moves *j past it. Returns its ISO code, or NULL. */
static const char *read_money_prefix(const sent *st, fig *f, size_t *j_io, int *neg)
{
	const char *iso = NULL;
	size_t j, k = currency_prefix(st, *j_io, &iso);

	if (!iso)
		return NULL;
	f->kind = CT_KIND_MONEY;
	f->unit = iso;
	j = k;
	if (TK(st, j - 1)->type == T_SYM && j < st->n && TK(st, j)->type == T_PUNCT &&
	    (TK(st, j)->sym == S_MINUS || TK(st, j)->sym == S_DASH) && TK(st, j)->glued) {
		*neg = !*neg;   /* "$-50.8bn" */
		j++;
	}
	if (j < st->n && TK(st, j)->type == T_SYM && TK(st, j)->sym == S_CUR)
		j++;      /* "US$ $5" typos */
	*j_io = j;
	return iso;
}

/* An ordinal: "4th", "21st". Returns 1 with f read (and skipped when it is
 * a date or a century: "4th of July", "21st century"). */
static int ordinal_figure(const sent *st, fig *f)
{
	size_t a = f->n.a;

	/* "the twenty-first century", "his thirty-second birthday" */
	if (f->n.ordinal) {
		f->kind = CT_KIND_ORDINAL;
		f->b = f->n.b;
		f->qual = "=";
		return 1;
	}
	if (!(a + 1 < st->n && TK(st, a)->type == T_NUM && is_word(st, a + 1) &&
	      TK(st, a + 1)->glued && (tok_is(st, a + 1, "st") || tok_is(st, a + 1, "nd") ||
	      tok_is(st, a + 1, "rd") || tok_is(st, a + 1, "th"))))
		return 0;
	f->kind = CT_KIND_ORDINAL;
	f->b = a + 2;
	f->qual = "=";
	if ((a > 0 && (cls(st, a - 1) & L_MONTH)) || tok_is(st, f->b, "of") ||
	    (cls(st, f->b) & L_MONTH) || tok_is(st, f->b, "century") ||
	    (a > 0 && tok_is(st, a - 1, "the") && (cls(st, f->b) & L_MONTH)))
		f->skip = 1;
	return 1;
}

/* "one" is a figure only before a noun or "of": not "no one", "one
 * another", "get their hands on one in order to". Returns 0 when the
 * figure f (from token start, unit read up to j) is such a "one". */
static int one_is_figure(const sent *st, const fig *f, size_t j, size_t start, int neg)
{
	if (!(f->kind == CT_KIND_COUNT && f->n.spelled && !f->n.scaled && !f->n.frac &&
	      !f->n.vague && f->n.alone_one && !neg && !tok_is(st, j, "over") &&
	      !(tok_is(st, j, "in") && !tok_is(st, j + 1, "order")) && !tok_is(st, j, "out") &&
	      !(is_stop(st, j) && start == 0)))
		return 1;
	/* "Jet crashes, killing one", "injuring two": the count a verb leaves */
	if (is_stop(st, j) && start > 0 && (tok_is(st, start - 1, "killing") ||
	    tok_is(st, start - 1, "injuring") || tok_is(st, start - 1, "wounding") ||
	    tok_is(st, start - 1, "leaving") || tok_is(st, start - 1, "sparing")))
		return 1;
	return !(!(tok_is(st, j, "of") || np_word(st, j)) || tok_is(st, j, "another") ||
		 (start > 0 && (tok_is(st, start - 1, "no") || tok_is(st, start - 1, "every") ||
		  tok_is(st, start - 1, "any") || tok_is(st, start - 1, "the") ||
		  tok_is(st, start - 1, "each") || tok_is(st, start - 1, "which") ||
		  tok_is(st, start - 1, "this") || tok_is(st, start - 1, "that"))) ||
		 tok_is(st, j, "day") || tok_is(st, j, "thing"));
}

/* Both ends of a range must be the same kind of figure: "rose 5% to 300"
 * is a change and a level, "from 2008 to 29 mpg" a year and a figure. f
 * ends at j, g (number m) is the second end. */
static int range_ends_agree(const sent *st, const fig *f, const fig *g, const num *m, size_t j,
	const char *iso)
{
	return (f->kind == CT_KIND_COUNT || f->kind == g->kind || iso ||
		(g->kind == CT_KIND_COUNT && is_dash(st, j))) &&
		!(f->kind == CT_KIND_COUNT && !f->n.has_high && year_like(st, &f->n, j) &&
		  f->n.a > 0 && (cls(st, f->n.a - 1) & L_PREP) && !year_like(st, m, m->b) &&
		  (m->v >= 100 || g->kind != CT_KIND_COUNT) &&
		  /* "about 2000 - 2500 Calories": two amounts of one width */
		  !(TK(st, m->a)->type == T_NUM && TK(st, m->a)->ndig == TK(st, f->n.a)->ndig &&
		    m->v > f->n.v)) &&
		!(f->kind != CT_KIND_COUNT && g->kind != CT_KIND_COUNT && f->unit && g->unit &&
		  strcmp(f->unit, g->unit));
}

/* Is figure f the old level of a change, "VERB NP from f to ..."? A
 * change verb stands before "from" across at most a short noun phrase:
 * "raised the limit from 18 to 21", "cut prices from $5 to $4" (not
 * "crowds of from 20 to 30"). */
static int from_change(const sent *st, const fig *f)
{
	size_t k;

	if (!(f->qa > 1 && tok_is(st, f->qa - 1, "from")))
		return 0;
	for (k = f->qa - 1; k > 0 && f->qa - 1 - k < 6; k--) {
		const tok *t = TK(st, k - 1);
		uint32_t c = cls(st, k - 1);

		if (t->type != T_WORD)
			return 0;
		if ((c & (L_UP | L_DOWN)) && (c & L_VERB))
			return 1;
		if (!np_word(st, k - 1) && !(c & L_DET))
			return 0;
	}
	return 0;
}

/* "four to five thousand", "$1 to $2 million": the scale of the second end
 * m is shared by the first. */
static void share_scale(fig *f, const num *m, const char *iso, const char *iso2)
{
	if (m->scaled && !f->n.scaled && f->n.v < m->v && m->v / f->n.v >= 100 &&
	    !iso2 && m->spelled == f->n.spelled) {
		double sc = 1;

		while (sc * f->n.v * 10 <= m->v && sc < 1e12)
			sc *= 10;
		if (m->v / sc >= f->n.v)
			f->n.v *= sc;
	} else if (m->scaled && !f->n.scaled && iso && f->n.v * 1000 <= m->v) {
		f->n.v *= m->v / (m->v >= 1e12 ? m->v / 1e12 : m->v >= 1e9 ?
			m->v / 1e9 : m->v >= 1e6 ? m->v / 1e6 : 1);
	}
}

/* A range: "2,000 to 3,000", "2,000-3,000", "between 10 and 12", "$1 to $2
 * million", after the figure f (from token start) that ends at j. Returns
 * the token after it, or j. */
static size_t read_range(const sent *st, fig *f, size_t j, const char *iso, size_t start,
	int in_between)
{
	size_t r = j, r2;
	int between, change;
	const char *iso2 = NULL;
	num m;
	fig g;

	if (!(!f->n.has_high && j < st->n && !f->n.vague))
		return j;
	between = in_between || (f->qa > 0 && tok_is(st, f->qa - 1, "between")) ||
		(start > 0 && tok_is(st, start - 1, "between"));
	/* "rose $1.20 to $84.50": a change, then the level it reached */
	change = (!strcmp(f->qual, "up") || !strcmp(f->qual, "down")) && !between &&
		!(f->qa > 0 && tok_is(st, f->qa - 1, "from"));
	if (!((tok_is(st, r, "to") && !tok_is(st, r + 1, "the") && !change) ||
	      (is_dash(st, r) && (TK(st, r)->glued || (r + 1 < st->n && !TK(st, r + 1)->glued) ||
	       TK(st, r)->n > 1)) || (between && tok_is(st, r, "and"))))
		return j;
	r++;
	if (is_dash(st, r))
		r++;
	r2 = currency_prefix(st, r, &iso2);
	if (!(r2 < st->n && (iso2 ? iso && !strcmp(iso, iso2) : 1) &&
	      (TK(st, r2)->type == T_NUM || (cls(st, r2) & L_NUM)) &&
	      parse_number(st, r2, &m, iso != NULL) && !m.vague && !m.frac &&
	      !(TK(st, r2)->type == T_NUM && tok_ch(st, r2 + 1, ':'))))
		return j;
	/* "3-0", "14-0", "32-1", "approved 68 to 32": a score or a vote is
	 * two figures, a range rises */
	if ((is_dash(st, j) || tok_is(st, j, "to")) && f->n.plain && m.plain && m.v <= f->n.v &&
	    f->n.v < 1000 && !(f->qa > 0 && tok_is(st, f->qa - 1, "from")))
		return j;
	/* "raises the age limit from 18 to 21": a change, then its new level */
	if (from_change(st, f))
		return j;
	memset(&g, 0, sizeof(g));
	g.n = m;
	g.kind = CT_KIND_COUNT;
	r = m.b;
	if (!iso)
		r = read_unit(st, r, &g);
	if (!range_ends_agree(st, f, &g, &m, j, iso))
		return j;
	share_scale(f, &m, iso, iso2);
	if (f->kind == CT_KIND_COUNT && g.kind != CT_KIND_COUNT) {
		f->kind = g.kind;
		f->unit = g.kind == CT_KIND_MEASURE && g.unit == g.unitbuf ? NULL : g.unit;
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
	return j;
}

/* A ratio after the count f ending at j: "1 in 5", "one out of three" is
 * a share (20%, 33.3%), as "a fifth" is, so "nine in 10 adults" and "90%
 * of adults" are one figure; "one over three" is a number. Returns the
 * token after it, or j. */
static size_t read_ratio(const sent *st, fig *f, size_t j)
{
	num m;

	if (f->kind == CT_KIND_COUNT && !f->n.has_high && (tok_is(st, j, "in") ||
	    (tok_is(st, j, "out") && tok_is(st, j + 1, "of"))) && !f->n.scaled) {
		size_t r = j + (tok_is(st, j, "out") ? 2 : 1);

		if (r < st->n && (TK(st, r)->type == T_NUM || (cls(st, r) & L_NUM)) &&
		    parse_number(st, r, &m, 0) && m.v > f->n.v && !year_like(st, &m, m.b) &&
		    m.v <= 1000 && f->n.v >= 1) {
			f->n.frac = 1;
			j = m.b;
			/* a ratio alone is a number, as a fraction alone is */
			if (f->n.a == 0 && is_stop(st, j)) {
				f->n.v /= m.v;
			} else {
				f->n.v = 100 * f->n.v / m.v;
				f->kind = CT_KIND_PERCENT;
				f->unit = "%";
			}
		}
	}
	if (f->kind == CT_KIND_COUNT && tok_is(st, j, "over") && f->n.b == j) {
		if (j + 1 < st->n && parse_number(st, j + 1, &m, 0) && m.v != 0 && is_stop(st, m.b)) {
			f->n.v /= m.v;
			j = m.b;
		}
	}
	return j;
}

/* "per cent of twenty-two", "percent of 10" with no number before the
 * percent word: the figure after "of", ending the clause, is the
 * percentage (the figure from start to j). */
static int percent_before(const sent *st, const fig *f, size_t start, size_t j)
{
	size_t p;

	if (!(f->kind == CT_KIND_COUNT && !f->unit && is_stop(st, j) && !is_dash(st, j) && start >= 2 &&
	      tok_is(st, start - 1, "of")))
		return 0;
	p = start - 2;
	if (tok_is(st, p, "cent") && p > 0 && tok_is(st, p - 1, "per"))
		p--;
	else if (!(tok_is(st, p, "percent") || tok_is(st, p, "percents") || tok_is(st, p, "per cent")))
		return 0;
	return p == 0 || !(TK(st, p - 1)->type == T_NUM || (cls(st, p - 1) & L_NUM));
}

/* Read one figure starting at token i into f. Returns the token after it,
 * or i when nothing was read. */
static size_t read_figure(sent *st, size_t i, fig *f, int in_between)
{
	const char *iso;
	size_t j = i, k, start = i;
	int neg = 0;

	memset(f, 0, sizeof(*f));
	f->qual = "=";
	f->kind = CT_KIND_COUNT;
	if (!read_sign(st, &j, &neg))
		return i;
	iso = read_money_prefix(st, f, &j, &neg);
	if (j >= st->n || !parse_number(st, j, &f->n, iso != NULL))
		return i;
	if (neg)
		f->n.v = -f->n.v;
	f->a = start;
	j = f->n.b;
	f->qual = read_qualifier(st, start, &f->qa);
	if (!iso && ordinal_figure(st, f))
		return f->b;
	if (iso) {
		/* "$5bn": scale came with the number; a unit word may repeat the currency */
		if (is_word(st, j) && (cls(st, j) & L_CUR) && !(cls(st, j) & L_VERB) &&
		    !strcmp(TK(st, j)->lx->unit, iso))
			j++;
		j = read_cents(st, j, f);
	} else {
		j = read_unit(st, j, f);
		if (!one_is_figure(st, f, j, start, neg))
			return i;
		if (percent_before(st, f, start, j)) {
			f->kind = CT_KIND_PERCENT;
			f->unit = "%";
		}
	}
	/* "shot down 28 drones", "made up 18% of sales": the particle is the
	 * verb's, and the verb's owner rules look past it */
	if (strcmp(f->qual, "=") && f->qa == start && start > 0 && particle_before(st, start - 1) &&
	    ((f->kind == CT_KIND_COUNT && np_word(st, j)) ||
	     (f->kind == CT_KIND_PERCENT && tok_is(st, j, "of")))) {
		f->qual = "=";
		f->qa = start - 1;
	}
	j = read_range(st, f, j, iso, start, in_between);
	j = read_ratio(st, f, j);
	f->b = j;
	/* a rate right after the unit: "$70-a-share", "3,000 migrants a day" comes later */
	k = read_per(st, j, &f->per);
	if (k != j)
		f->b = j = k;
	return j;
}

/* Figures held back for the next one of their list (lists.c): at most a
 * few, emitted in sentence order once the list's last figure is read. */
#define HOLD_MAX 6

typedef struct held {
	fig f;
	size_t text_end;
	int reference, how;
} held;

typedef struct holds {
	held h[HOLD_MAX];
	size_t n;
	size_t np_end;       /* where the last held figure's phrase ended */
} holds;

/* Emit every held figure, each first taking from last what its list
 * shares (last NULL: as they are). */
static int flush_held(ct_claimset *set, const sent *st, holds *hs, const fig *last,
	const char *section, size_t sentence_no)
{
	size_t k;
	int err = 0;

	for (k = 0; k < hs->n && !err; k++) {
		held *h = &hs->h[k];

		if (last)
			list_share(st, &h->f, h->how, last);
		err = emit(set, st, &h->f, section, sentence_no, h->text_end, h->reference);
	}
	hs->n = 0;
	return err < 0 ? err : 0;
}

/* Hold f (its phrase ending at np_end) as how. */
static void hold(holds *hs, const fig *f, int how, size_t text_end, size_t np_end, int reference)
{
	held *h = &hs->h[hs->n++];

	h->f = *f;
	if (f->unit == f->unitbuf)
		h->f.unit = h->f.unitbuf;
	h->how = how;
	h->text_end = text_end;
	h->reference = reference;
	hs->np_end = np_end;
}

/* Attribute figure f its subject; sets *text_end (0: the figure's own
 * tokens) and returns the end of its phrase. */
static size_t attribute_figure(sent *st, fig *f, const fig *prev, size_t prev_end, size_t next,
	size_t *text_end)
{
	ct_claim_kind kind = f->kind;
	size_t e;

	*text_end = 0;
	if (f->rule || !(ct_claim_kind_is_figure(kind) || kind == CT_KIND_RELATIVE))
		return next;
	/* a relative time is attributed as the count of its unit it reads as */
	if (kind == CT_KIND_RELATIVE)
		f->kind = CT_KIND_COUNT;
	e = attribute(st, f, prev, prev_end);
	if (kind == CT_KIND_RELATIVE)
		f->kind = kind;
	if (e > f->b) {
		*text_end = TK(st, e - 1)->s + TK(st, e - 1)->n;
		return e;
	}
	return next;
}

int ct_claims_extract_sentence(ct_claimset *set, const char *s, size_t len,
	const char *section, size_t sentence_no)
{
	sent st;
	fig figs[2];
	fig *prev = NULL;
	holds hs;
	size_t i, prev_end = 0, np_end;
	tok stack_toks[192];
	int err = 0, have_prev = 0;

	memset(&st, 0, sizeof(st));
	hs.n = 0;
	st.s = s;
	st.len = len;
	/* most sentences fit on the stack; push_tok moves longer ones to the heap */
	st.t = stack_toks;
	st.cap = sizeof(stack_toks) / sizeof(stack_toks[0]);
	st.stack = stack_toks;
	ct_claimset__sentence_begin(set);
	if (tokenize(&st) < 0) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < st.n; ) {
		fig *f = &figs[have_prev ? (prev == &figs[0] ? 1 : 0) : 0];
		size_t next, text_end;
		int how, reference;
		judgement verdict;

		if (!may_start(&st, i)) {
			i++;
			continue;
		}
		if (TK(&st, i)->type == T_NUM && (next = date_or_version(&st, i)) > i) {
			for (; i < next; i++)
				st.t[i].used = 1;
			continue;
		}
		next = read_figure(&st, i, f, 0);
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
		verdict = judge_figure(&st, f);
		/* "a quarter of a percentage point": the judge may take the unit */
		for (; next < f->b && next < st.n; next++)
			st.t[next].used = 1;
		if (verdict == J_DROP) {
			i = next;
			continue;
		}
		reference = verdict == J_REFERENCE;
		np_end = attribute_figure(&st, f, have_prev ? prev : NULL, prev_end, next, &text_end);
		if (f->kind == CT_KIND_YEAR || f->kind == CT_KIND_DATE || f->kind == CT_KIND_LABEL)
			f->qual = "=";
		if (hs.n && !list_linked(&st, hs.np_end, f->qa) &&
		    (err = flush_held(set, &st, &hs, NULL, section, sentence_no)) < 0)
			goto out;
		how = list_holds(&st, f, np_end);
		if (how != LIST_NONE && hs.n < HOLD_MAX) {
			hold(&hs, f, how, text_end, np_end, reference);
		} else if ((err = flush_held(set, &st, &hs, f, section, sentence_no)) < 0 ||
			   (err = emit(set, &st, f, section, sentence_no, text_end, reference)) < 0) {
			goto out;
		}
		/* a name or a date is no figure a later one may take its noun from */
		if (f->kind == CT_KIND_DATE || f->kind == CT_KIND_LABEL) {
			i = next;
			continue;
		}
		prev = f;
		have_prev = 1;
		prev_end = np_end;
		i = next > i ? next : i + 1;
	}
	err = flush_held(set, &st, &hs, NULL, section, sentence_no);
out:
	if (st.t != stack_toks)
		free(st.t);
	return err;
}
