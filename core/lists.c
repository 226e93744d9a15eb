/* SPDX-License-Identifier: MIT */
/*
 * Figures in a list share what its last member says. "four-, five- and
 * six-cylinder engines" are three measures of cylinders in engines; "296 hp
 * and 450 Nm (332 lb-ft) of torque" names what it measures once, after the
 * last figure. A figure read left to right cannot see that, so the
 * extractor holds such a figure back (list_holds) until the next one is
 * attributed, and if the two are linked by nothing but list punctuation
 * (list_linked) the held one takes what it lacks (list_share): a
 * suspended hyphen the unit and noun, a figure with no subject of its own
 * (or one guessed from the clause) the noun of a later figure in the same
 * unit, or of the conversion in parentheses right after it.
 */
#include "grammar.h"

/* Is token i list punctuation: ",", "and", "or", "(", ")", "/"? */
static int list_link(const sent *st, size_t i)
{
	return tok_ch(st, i, ',') || tok_ch(st, i, '(') || tok_ch(st, i, ')') ||
		tok_ch(st, i, '/') || tok_is(st, i, "and") || tok_is(st, i, "or");
}

/* Does figure f end on a suspended hyphen: "four-, five- and six-cylinder"? */
static int suspended(const sent *st, const fig *f)
{
	size_t d = f->n.b;

	return f->kind == CT_KIND_COUNT && f->b == d && is_dash(st, d) && TK(st, d)->glued &&
		TK(st, d)->n == 1 && (tok_ch(st, d + 1, ',') || tok_is(st, d + 1, "and") ||
		tok_is(st, d + 1, "or") || tok_is(st, d + 1, "to"));
}

/* Is f's subject only a guess from before it: none, the clause's, or the
 * figure's it converts? A list's own noun after it says more. */
static int weak_subject(const fig *f)
{
	return f->sb == f->sa || (f->rule && (!strcmp(f->rule, "clause") ||
		!strcmp(f->rule, "clause-prev") || !strcmp(f->rule, "paren")));
}

int list_holds(const sent *st, const fig *f, size_t np_end)
{
	if (suspended(st, f))
		return LIST_SUSPENDED;
	if (weak_subject(f) && ct_claim_kind_is_figure(f->kind) && list_link(st, np_end))
		return LIST_BARE;
	return LIST_NONE;
}

int list_linked(const sent *st, size_t from, size_t to)
{
	size_t i;

	if (to <= from || to - from > 3)
		return 0;
	for (i = from; i < to; i++)
		if (!list_link(st, i) && !(is_dash(st, i) && TK(st, i)->glued))
			return 0;
	return 1;
}

/* Copy g's unit into f, pointing into f's own buffer when g's does. */
static void copy_unit(fig *f, const fig *g)
{
	if (g->unit == g->unitbuf) {
		memcpy(f->unitbuf, g->unitbuf, sizeof(f->unitbuf));
		f->unit = f->unitbuf;
	} else {
		f->unit = g->unit;
	}
}

/* Do figures f and g measure in the same unit? */
static int same_unit(const fig *f, const fig *g)
{
	return f->kind == g->kind && (f->unit == g->unit || (f->unit && g->unit &&
		!strcmp(f->unit, g->unit)));
}

void list_share(const sent *st, fig *f, int how, const fig *last)
{
	if (how == LIST_SUSPENDED) {
		if (last->kind != CT_KIND_MEASURE)
			return;
		f->kind = last->kind;
		copy_unit(f, last);
		f->per = last->per;
	} else if (!same_unit(f, last) &&
		   !(f->kind == last->kind && tok_ch(st, f->b, '(') && last->qa == f->b + 1)) {
		/* "296 hp and 450 Nm of torque": the torque is the Nm's
		 * alone; "450 Nm (332 lb-ft) of torque" converts one figure */
		return;
	}
	if (last->sb <= last->sa)
		return;
	subject_copy(f, last, "list");
}
