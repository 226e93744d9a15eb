/*
 * Diff of two claim sets. Claims are paired in three passes, each over what
 * is left by the one before:
 *   1. same section, key, kind, unit, rate and value: unchanged;
 *   2. same section, key, kind, unit and rate: changed (the figure moved);
 *   3. same section, kind, unit and rate, and similar subject words or a
 *      similar sentence: changed (the wording around the figure moved too).
 * What is left is removed (old) or added (new).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/diff.h"

const char *ct_change_kind_name(ct_change_kind kind)
{
	switch (kind) {
	case CT_CHANGE_CHANGED: return "changed";
	case CT_CHANGE_ADDED: return "added";
	case CT_CHANGE_REMOVED: return "removed";
	case CT_CHANGE_UNCHANGED: return "unchanged";
	}
	return "changed";
}

static int eq_null(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static int same_measure(const ct_claim *a, const ct_claim *b)
{
	return a->kind == b->kind && eq_null(a->unit, b->unit) && eq_null(a->per, b->per) &&
	       eq_null(a->section, b->section);
}

static int same_figure(const ct_claim *a, const ct_claim *b)
{
	return a->value == b->value && a->has_high == b->has_high &&
	       (!a->has_high || a->high == b->high) && strcmp(a->qualifier, b->qualifier) == 0;
}

/* Words of s (lower case, letters and digits; numbers left out), for similarity. */
typedef struct wordset {
	char **w;
	size_t n;
} wordset;

static void wordset_free(wordset *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		free(ws->w[i]);
	free(ws->w);
	ws->w = NULL;
	ws->n = 0;
}

static int wordset_make(wordset *ws, const char *s)
{
	size_t cap = 0;

	ws->w = NULL;
	ws->n = 0;
	while (*s) {
		const char *st;
		char *w, **nw;
		size_t i, k;

		while (*s && !isalnum((unsigned char)*s) && (unsigned char)*s < 0x80)
			s++;
		st = s;
		while (*s && (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80))
			s++;
		if (s == st)
			continue;
		/* the figures themselves are what changed: leave numbers out */
		for (k = 0; st + k < s && !isdigit((unsigned char)st[k]); k++)
			;
		if (st + k < s)
			continue;
		if (!(w = strndup(st, (size_t)(s - st))))
			goto nomem;
		for (k = 0; w[k]; k++)
			w[k] = (char)tolower((unsigned char)w[k]);
		for (i = 0; i < ws->n; i++)
			if (strcmp(ws->w[i], w) == 0)
				break;
		if (i < ws->n) {
			free(w);
			continue;
		}
		if (ws->n == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(nw = realloc(ws->w, cap * sizeof(*nw)))) {
				free(w);
				goto nomem;
			}
			ws->w = nw;
		}
		ws->w[ws->n++] = w;
	}
	return 0;
nomem:
	wordset_free(ws);
	return ct_error_set(CT_ENOMEM, "out of memory");
}

static double jaccard(const wordset *a, const wordset *b)
{
	size_t i, j, inter = 0;

	if (a->n == 0 && b->n == 0)
		return 1.0;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (strcmp(a->w[i], b->w[j]) == 0) {
				inter++;
				break;
			}
	return (double)inter / (double)(a->n + b->n - inter);
}

static int wanted(const ct_claim *c, const ct_diff_options *o)
{
	if (c->kind == CT_KIND_YEAR && !o->include_years)
		return 0;
	if (c->kind == CT_KIND_ORDINAL && !o->include_ordinals)
		return 0;
	return 1;
}

static int push(ct_diff *d, size_t *cap, ct_change_kind kind, const ct_claim *o,
	const ct_claim *n)
{
	ct_change *c;

	if (d->count == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		ct_change *nv = realloc(d->changes, nc * sizeof(*nv));

		if (!nv)
			return ct_error_set(CT_ENOMEM, "out of memory");
		d->changes = nv;
		*cap = nc;
	}
	c = &d->changes[d->count++];
	memset(c, 0, sizeof(*c));
	c->change = kind;
	c->old = o;
	c->new = n;
	if (o && n) {
		c->delta = n->value - o->value;
		c->has_delta = 1;
		if (o->value != 0) {
			c->ratio = c->delta / fabs(o->value);
			c->has_ratio = 1;
		}
	}
	return 0;
}

/* The new claims by key: head[hash & mask] is the first index with that
 * hash bucket, next[] the following one, ascending; -1 ends a chain. */
typedef struct key_chain {
	long *head, *next;
	size_t mask;
} key_chain;

static size_t key_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int key_chains(key_chain *c, const ct_claimset *set)
{
	size_t n = 16, i, j;

	while (n < set->count * 2)
		n *= 2;
	if (!(c->head = malloc(n * sizeof(long))) ||
	    !(c->next = malloc((set->count + 1) * sizeof(long))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	c->mask = n - 1;
	for (i = 0; i < n; i++)
		c->head[i] = -1;
	/* pushed from the last down, so that each chain runs in ascending order */
	for (j = set->count; j-- > 0;) {
		size_t b = key_hash(set->items[j].key) & c->mask;

		c->next[j] = c->head[b];
		c->head[b] = (long)j;
	}
	return 0;
}

int ct_diff_compute(ct_diff **out, const ct_claimset *old, const ct_claimset *new,
	const ct_diff_options *opts)
{
	key_chain chains = { NULL, NULL, 0 };
	ct_diff_options def = CT_DIFF_OPTIONS_INIT;
	ct_diff *d;
	long *pair_of_old = NULL;   /* index into new, -1 unmatched, -2 ignored */
	long *pair_of_new = NULL;
	wordset *ok = NULL, *nk = NULL, *os = NULL, *ns = NULL;
	size_t i, j, cap = 0;
	int err = 0, pass;

	*out = NULL;
	if (!opts)
		opts = &def;
	if (!(d = calloc(1, sizeof(*d))) ||
	    !(pair_of_old = malloc((old->count + 1) * sizeof(long))) ||
	    !(pair_of_new = malloc((new->count + 1) * sizeof(long)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < old->count; i++)
		pair_of_old[i] = wanted(&old->items[i], opts) ? -1 : -2;
	for (j = 0; j < new->count; j++)
		pair_of_new[j] = wanted(&new->items[j], opts) ? -1 : -2;

	/* passes 1 and 2: by key, each old claim taking the first new one
	 * in order with its key (and in pass 1 its figure); the new claims
	 * are chained by key hash in ascending order, so a lookup visits
	 * only claims that may share the key, not all of them */
	if ((err = key_chains(&chains, new)) < 0)
		goto out;
	for (pass = 1; pass <= 2; pass++) {
		for (i = 0; i < old->count; i++) {
			const ct_claim *a = &old->items[i];
			long k;

			if (pair_of_old[i] != -1)
				continue;
			for (k = chains.head[key_hash(a->key) & chains.mask]; k >= 0; k = chains.next[k]) {
				const ct_claim *b = &new->items[k];

				if (pair_of_new[k] != -1 || !same_measure(a, b) ||
				    strcmp(a->key, b->key) != 0)
					continue;
				if (pass == 1 && !same_figure(a, b))
					continue;
				pair_of_old[i] = k;
				pair_of_new[k] = (long)i;
				break;
			}
		}
	}

	/* pass 3: by similarity of subject and sentence */
	if (!(ok = calloc(old->count + 1, sizeof(*ok))) || !(os = calloc(old->count + 1, sizeof(*os))) ||
	    !(nk = calloc(new->count + 1, sizeof(*nk))) || !(ns = calloc(new->count + 1, sizeof(*ns)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < old->count && !err; i++)
		if (pair_of_old[i] == -1 && !(err = wordset_make(&ok[i], old->items[i].key)))
			err = wordset_make(&os[i], old->items[i].sentence);
	for (j = 0; j < new->count && !err; j++)
		if (pair_of_new[j] == -1 && !(err = wordset_make(&nk[j], new->items[j].key)))
			err = wordset_make(&ns[j], new->items[j].sentence);
	if (err)
		goto out;
	for (;;) {
		double best = 0.0, score;
		long bi = -1, bj = -1;

		for (i = 0; i < old->count; i++) {
			if (pair_of_old[i] != -1)
				continue;
			for (j = 0; j < new->count; j++) {
				double ks, ss;

				if (pair_of_new[j] != -1 || !same_measure(&old->items[i], &new->items[j]))
					continue;
				ks = jaccard(&ok[i], &nk[j]);
				ss = jaccard(&os[i], &ns[j]);
				if (ks < 0.5 && ss < 0.6)
					continue;
				score = ks + ss;
				if (score > best) {
					best = score;
					bi = (long)i;
					bj = (long)j;
				}
			}
		}
		if (bi < 0)
			break;
		pair_of_old[bi] = bj;
		pair_of_new[bj] = bi;
	}

	/* changed and removed in old order, then added in new order */
	for (i = 0; i < old->count && !err; i++) {
		long j2 = pair_of_old[i];

		if (j2 == -2)
			continue;
		if (j2 == -1) {
			err = push(d, &cap, CT_CHANGE_REMOVED, &old->items[i], NULL);
		} else if (!same_figure(&old->items[i], &new->items[j2]))
			err = push(d, &cap, CT_CHANGE_CHANGED, &old->items[i], &new->items[j2]);
		else {
			d->unchanged++;
			if (opts->include_unchanged)
				err = push(d, &cap, CT_CHANGE_UNCHANGED, &old->items[i],
					&new->items[j2]);
		}
	}
	for (j = 0; j < new->count && !err; j++)
		if (pair_of_new[j] == -1)
			err = push(d, &cap, CT_CHANGE_ADDED, NULL, &new->items[j]);
out:
	for (i = 0; i < old->count; i++) {
		if (ok)
			wordset_free(&ok[i]);
		if (os)
			wordset_free(&os[i]);
	}
	for (j = 0; j < new->count; j++) {
		if (nk)
			wordset_free(&nk[j]);
		if (ns)
			wordset_free(&ns[j]);
	}
	free(ok);
	free(os);
	free(nk);
	free(ns);
	free(pair_of_old);
	free(pair_of_new);
	free(chains.head);
	free(chains.next);
	if (err) {
		ct_diff_free(d);
		return err;
	}
	*out = d;
	return 0;
}

void ct_diff_free(ct_diff *diff)
{
	if (!diff)
		return;
	free(diff->changes);
	free(diff);
}
