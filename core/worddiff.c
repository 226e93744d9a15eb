/* SPDX-License-Identifier: MIT */
/* Word-level diff of two sentences: LCS over words (see worddiff.h). */
#include <stdlib.h>
#include <string.h>

#include "claimtrack/common.h"
#include "worddiff.h"

typedef struct span { const char *s; size_t n; } span;

static int split_words(span **out, size_t *count, const char *s)
{
	size_t n = 0, cap = 0;
	span *v = NULL, *nv;

	while (*s) {
		const char *st;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		st = s;
		while (*s && *s != ' ')
			s++;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if (!(nv = realloc(v, cap * sizeof(*nv)))) {
				free(v);
				return ct_error_set(CT_ENOMEM, "out of memory");
			}
			v = nv;
		}
		v[n].s = st;
		v[n].n = (size_t)(s - st);
		n++;
	}
	*out = v;
	*count = n;
	return 0;
}

static int span_eq(span a, span b)
{
	return a.n == b.n && memcmp(a.s, b.s, a.n) == 0;
}

typedef struct oplist { ct_wd_op *v; size_t n, cap; } oplist;

static int push(oplist *l, ct_wd_kind kind, const char *s, size_t n)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 16;
		ct_wd_op *nv = realloc(l->v, nc * sizeof(*nv));

		if (!nv)
			return ct_error_set(CT_ENOMEM, "out of memory");
		l->v = nv;
		l->cap = nc;
	}
	l->v[l->n].kind = kind;
	l->v[l->n].s = s;
	l->v[l->n].n = n;
	l->n++;
	return 0;
}

/* From word i to word j-1 of w, the spaces between kept. */
static size_t run_len(const span *w, size_t i, size_t j)
{
	return (size_t)(w[j - 1].s + w[j - 1].n - w[i].s);
}

static int walk(oplist *l, const span *wa, size_t na, const span *wb, size_t nb,
	const unsigned short *t)
{
	size_t i = 0, j = 0;
	int err = 0;

#define T(x, y) t[(x) * (nb + 1) + (y)]
	while ((i < na || j < nb) && !err) {
		size_t di = i, dj = j;

		while (di < na || dj < nb) {
			if (di < na && dj < nb && span_eq(wa[di], wb[dj]))
				break;
			if (di < na && (dj == nb || T(di + 1, dj) >= T(di, dj + 1)))
				di++;
			else
				dj++;
		}
		if (di > i)
			err = push(l, CT_WD_DEL, wa[i].s, run_len(wa, i, di));
		if (dj > j && !err)
			err = push(l, CT_WD_INS, wb[j].s, run_len(wb, j, dj));
		i = di;
		j = dj;
		if (i < na && j < nb && !err) {
			err = push(l, CT_WD_SAME, wa[i].s, wa[i].n);
			i++;
			j++;
		}
	}
#undef T
	return err;
}

int ct__word_diff(ct_wd_op **ops, size_t *nops, const char *a, const char *b)
{
	span *wa = NULL, *wb = NULL;
	size_t na = 0, nb = 0, i, j;
	unsigned short *t = NULL;
	oplist l = { NULL, 0, 0 };
	int err;

	*ops = NULL;
	*nops = 0;
	if ((err = split_words(&wa, &na, a)) < 0 || (err = split_words(&wb, &nb, b)) < 0)
		goto out;
	if (na > 400 || nb > 400) {
		if (*a)
			err = push(&l, CT_WD_DEL, a, strlen(a));
		if (!err && *b)
			err = push(&l, CT_WD_INS, b, strlen(b));
		goto out;
	}
	if (!(t = calloc((na + 1) * (nb + 1), sizeof(*t)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
#define T(x, y) t[(x) * (nb + 1) + (y)]
	for (i = na; i-- > 0;)
		for (j = nb; j-- > 0;)
			T(i, j) = span_eq(wa[i], wb[j]) ? (unsigned short)(T(i + 1, j + 1) + 1)
				: (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1));
#undef T
	err = walk(&l, wa, na, wb, nb, t);
out:
	free(t);
	free(wa);
	free(wb);
	if (err) {
		free(l.v);
		return err;
	}
	*ops = l.v;
	*nops = l.n;
	return 0;
}
