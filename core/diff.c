/*
 * Diff of two claim sets. Claims are paired in three passes, each over what
 * is left by the one before:
 *   1. same section, key, kind, unit, rate and value: unchanged;
 *   2. same section, key, kind, unit and rate: changed (the figure moved);
 *   3. same section, kind, unit and rate, and similar subject words or a
 *      similar sentence: changed (the wording around the figure moved too).
 * What is left is removed (old) or added (new).
 */
#include <stdint.h>
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

/*
 * Words of s (lower case, letters and digits; numbers left out), for
 * similarity, as a sorted set of 64-bit hashes: no allocation per word,
 * and an intersection is one merge. Two different words share a hash
 * with odds of about 2^-64 per pair: never, for a sentence's words.
 */
typedef struct wordset {
	uint64_t *h;
	size_t n;
} wordset;

static void wordset_free(wordset *ws)
{
	free(ws->h);
	ws->h = NULL;
	ws->n = 0;
}

static int is_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int wordset_make(wordset *ws, const char *s)
{
	size_t cap = 0, i, n;

	ws->h = NULL;
	ws->n = 0;
	while (*s) {
		const unsigned char *st;
		uint64_t h = 1469598103934665603u;
		int digit = 0;

		while (*s && !is_word_byte((unsigned char)*s))
			s++;
		st = (const unsigned char *)s;
		for (; *s && is_word_byte((unsigned char)*s); s++) {
			unsigned char c = (unsigned char)*s;

			digit |= c >= '0' && c <= '9';
			h = (h ^ (c >= 'A' && c <= 'Z' ? c | 0x20 : c)) * 1099511628211u;
		}
		/* the figures themselves are what changed: leave numbers out */
		if ((const unsigned char *)s == st || digit)
			continue;
		if (ws->n == cap) {
			uint64_t *nh;

			cap = cap ? cap * 2 : 16;
			if (!(nh = realloc(ws->h, cap * sizeof(*nh)))) {
				wordset_free(ws);
				return ct_error_set(CT_ENOMEM, "out of memory");
			}
			ws->h = nh;
		}
		ws->h[ws->n++] = h;
	}
	if (ws->n > 1) {
		qsort(ws->h, ws->n, sizeof(*ws->h), cmp_u64);
		for (i = 1, n = 1; i < ws->n; i++)
			if (ws->h[i] != ws->h[n - 1])
				ws->h[n++] = ws->h[i];
		ws->n = n;
	}
	return 0;
}

static double jaccard(const wordset *a, const wordset *b)
{
	size_t i = 0, j = 0, inter = 0;

	if (a->n == 0 && b->n == 0)
		return 1.0;
	while (i < a->n && j < b->n) {
		if (a->h[i] < b->h[j]) {
			i++;
		} else if (a->h[i] > b->h[j]) {
			j++;
		} else {
			inter++;
			i++;
			j++;
		}
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
	size_t i, j, cap = 0, unpaired_old, unpaired_new;
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
	/* only claims left unpaired on both sides can pair here: a first
	 * version (nothing old) or a clean key match skips the word sets */
	for (i = 0, unpaired_old = 0; i < old->count; i++)
		unpaired_old += pair_of_old[i] == -1;
	for (j = 0, unpaired_new = 0; j < new->count; j++)
		unpaired_new += pair_of_new[j] == -1;
	for (i = 0; unpaired_new && i < old->count && !err; i++)
		if (pair_of_old[i] == -1 && !(err = wordset_make(&ok[i], old->items[i].key)))
			err = wordset_make(&os[i], old->items[i].sentence);
	for (j = 0; unpaired_old && j < new->count && !err; j++)
		if (pair_of_new[j] == -1 && !(err = wordset_make(&nk[j], new->items[j].key)))
			err = wordset_make(&ns[j], new->items[j].sentence);
	if (err)
		goto out;
	while (unpaired_old && unpaired_new) {
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
