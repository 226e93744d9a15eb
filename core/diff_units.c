/* SPDX-License-Identifier: MIT */
/* The units of a diff: see diff_units.h. */
#include <stdlib.h>
#include <string.h>

#include "diff_units.h"
#include "figure.h"

static int cmp_sec(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int cmp_entry(const void *x, const void *y)
{
	const ct_diff_entry *a = x, *b = y;
	int c = cmp_sec(a->sec, b->sec);

	if (c)
		return c;
	if (a->side != b->side)
		return a->side - b->side;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int cmp_unit(const void *x, const void *y)
{
	const ct_diff_unit *a = x, *b = y;

	return a->order < b->order ? -1 : a->order > b->order;
}

/* Entries for every wanted claim and every known item of both sides. */
int ct_diff__entries(ct_diff_entry **out, size_t *count, const ct_claimset *old,
	const ct_claimset *new, const ct_diff_options *o)
{
	const ct_claimset *sets[2] = { old, new };
	size_t total = 0, n = 0, i;
	ct_diff_entry *e;
	int s;

	for (s = 0; s < 2; s++)
		total += sets[s]->count + sets[s]->nsections;
	if (!(e = malloc((total + 1) * sizeof(*e))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	for (s = 0; s < 2; s++) {
		for (i = 0; i < sets[s]->count; i++) {
			const ct_claim *c = &sets[s]->items[i];

			if (!ct_figure_wanted(c, o->include_years, o->include_ordinals))
				continue;
			e[n].sec = c->section;
			e[n].side = s;
			e[n++].idx = i;
		}
		for (i = 0; i < sets[s]->nsections; i++) {
			e[n].sec = sets[s]->sections[i].id;
			e[n].side = s;
			e[n++].idx = (size_t)-1 - i;
		}
	}
	/* a document without items is one unit, already in order */
	for (i = 0; i < n && !e[i].sec; i++)
		;
	if (i < n)
		qsort(e, n, sizeof(*e), cmp_entry);
	*out = e;
	*count = n;
	return 0;
}

/* Group the sorted entries into units, in order of first appearance: the
 * items in the old version's order, then those only the new one has. */
int ct_diff__units(ct_diff_unit **out, size_t *count, const ct_diff_entry *e, size_t n,
	const ct_claimset *old, const ct_claimset *new)
{
	const ct_claimset *sets[2] = { old, new };
	const size_t late = (size_t)1 << (sizeof(size_t) * 8 - 2);
	ct_diff_unit *u;
	size_t i, nu = 0;
	int s;

	for (i = 0; i < n; i++)
		nu += !i || cmp_sec(e[i - 1].sec, e[i].sec) != 0;
	if (!(u = calloc(nu + 1, sizeof(*u))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	nu = 0;
	for (i = 0; i < n; i++) {
		ct_diff_unit *cur;

		if (!nu || cmp_sec(e[u[nu - 1].start].sec, e[i].sec)) {
			cur = &u[nu++];
			cur->start = i;
			cur->order = (size_t)-1;
		}
		cur = &u[nu - 1];
		cur->end = i + 1;
		cur->has[e[i].side] = 1;
		if (e[i].idx >= sets[e[i].side]->count) {
			size_t k = (size_t)-1 - e[i].idx;

			cur->item[e[i].side] = &sets[e[i].side]->sections[k];
		}
	}
	for (i = 0; i < nu; i++) {
		const char *sec = e[u[i].start].sec;

		if (!sec)
			u[i].order = 0;
		else if (u[i].item[0])
			u[i].order = 1 + (size_t)(u[i].item[0] - old->sections);
		else if (u[i].item[1])
			u[i].order = late + (size_t)(u[i].item[1] - new->sections);
		else
			u[i].order = (e[u[i].start].side ? late : 1) + e[u[i].start].idx;
		/* outside any item, or a side that does not know its items:
		 * the unit is there on both sides */
		for (s = 0; s < 2; s++)
			if (!sec || !sets[s]->sections_known)
				u[i].has[s] = 1;
	}
	qsort(u, nu, sizeof(*u), cmp_unit);
	*out = u;
	*count = nu;
	return 0;
}
