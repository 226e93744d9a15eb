/* SPDX-License-Identifier: MIT */
/*
 * Judging a number read as a figure (internal to core/): is it a figure a
 * monitor hears about, or a year, a date, a time that places an event, a
 * name, or a word that points at a known set? Called by extract.c between
 * reading a figure (numbers.c, units.c) and attributing its subject
 * (subjects.c); it calls only the token predicates of grammar.h.
 */
#ifndef CT_JUDGE_H
#define CT_JUDGE_H

#include "grammar.h"

#define year_like      ct_grammar__year_like
#define judge_figure   ct_grammar__judge_figure

/* What judge_figure makes of a figure. */
typedef enum {
	J_DROP = 0,      /* nothing to report: a pronoun "one", list numbering */
	J_FIGURE,        /* a claim of f->kind; f->rule set when the subject is too */
	J_REFERENCE      /* a count that names a known set or a member of one
	                  * ("the two sides", "one of the oldest"): a claim,
	                  * never a figure change */
} judgement;

/* Is the plain four-digit number n (ending before token after) a year? */
int year_like(const sent *st, const num *n, size_t after);

/* Judge the figure f just read: set f->kind to what it is (a count may
 * become a year, a date, a label, a relative time, an ordinal, a percent
 * of a whole; a bare number in apposition an age with its subject). */
judgement judge_figure(const sent *st, fig *f);

#endif
