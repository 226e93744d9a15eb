/* SPDX-License-Identifier: MIT */
/*
 * Sentence alignment (see align.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/common.h"
#include "align.h"

/* Words that only spell a number: left out like digits, so "four" and "4"
 * leave the same sentence behind. */
#define NW(s) { s, sizeof(s) - 1 }
static const struct { const char *w; size_t n; } number_words[] = {
	NW("zero"), NW("one"), NW("two"), NW("three"), NW("four"), NW("five"), NW("six"),
	NW("seven"), NW("eight"), NW("nine"), NW("ten"), NW("eleven"), NW("twelve"),
	NW("thirteen"), NW("fourteen"), NW("fifteen"), NW("sixteen"), NW("seventeen"),
	NW("eighteen"), NW("nineteen"), NW("twenty"), NW("thirty"), NW("forty"), NW("fifty"),
	NW("sixty"), NW("seventy"), NW("eighty"), NW("ninety"), NW("hundred"), NW("thousand"),
	NW("million"), NW("billion"), NW("trillion"), NW("dozen"), NW("half"), NW("k"), NW("m"),
	NW("bn"), NW("mn"), NW("pc"),
};

static int is_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
	       c == '\'';
}

#define FNV_BASIS 1469598103934665603u
#define FNV_PRIME 1099511628211u

static uint64_t number_hash[sizeof(number_words) / sizeof(number_words[0])];
static pthread_once_t number_once = PTHREAD_ONCE_INIT;

static int cmp_u64(const void *x, const void *y);

/* The number words by the hash a word gets below, sorted: a word is one
 * of them when its hash is (a hash collision with a real word would only
 * leave that word out of the comparison). */
static void number_hash_init(void)
{
	size_t i, k;

	for (i = 0; i < sizeof(number_words) / sizeof(number_words[0]); i++) {
		uint64_t h = FNV_BASIS;

		for (k = 0; k < number_words[i].n; k++)
			h = (h ^ (unsigned char)number_words[i].w[k]) * FNV_PRIME;
		number_hash[i] = h;
	}
	qsort(number_hash, i, sizeof(number_hash[0]), cmp_u64);
}

static int number_word(uint64_t h, size_t n)
{
	size_t lo = 0, hi = sizeof(number_hash) / sizeof(number_hash[0]);

	/* no number word is longer than nine letters ("seventeen") */
	if (n > 9)
		return 0;
	pthread_once(&number_once, number_hash_init);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (number_hash[mid] == h)
			return 1;
		if (number_hash[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Sentences have a few dozen words: insertion sort beats qsort there. */
static void sort_u64(uint64_t *v, size_t n)
{
	size_t i, j;

	if (n > 48) {
		qsort(v, n, sizeof(*v), cmp_u64);
		return;
	}
	for (i = 1; i < n; i++) {
		uint64_t x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

void ct_wordset_free(ct_wordset *ws)
{
	free(ws->h);
	memset(ws, 0, sizeof(*ws));
}

int ct_wordset_make(ct_wordset *ws, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t cap = 0, i, n;
	uint64_t all = FNV_BASIS;

	memset(ws, 0, sizeof(*ws));
	while (p < end) {
		uint64_t h = FNV_BASIS;
		int digit = 0;
		size_t letters = 0;

		while (p < end && !is_word_byte(*p))
			p++;
		for (; p < end && is_word_byte(*p); p++) {
			unsigned char c = *p;

			if (c == '\'')
				continue;
			digit |= c >= '0' && c <= '9';
			letters++;
			h = (h ^ (c >= 'A' && c <= 'Z' ? c | 0x20 : c)) * FNV_PRIME;
		}
		/* the figures are what may have changed: leave numbers out */
		if (!letters || digit || number_word(h, letters))
			continue;
		if (ws->n == cap) {
			uint64_t *nh;

			cap = cap ? cap * 2 : 16;
			if (!(nh = realloc(ws->h, cap * sizeof(*nh)))) {
				ct_wordset_free(ws);
				return ct_error_set(CT_ENOMEM, "out of memory");
			}
			ws->h = nh;
		}
		ws->h[ws->n++] = h;
	}
	if (ws->n > 1) {
		sort_u64(ws->h, ws->n);
		for (i = 1, n = 1; i < ws->n; i++)
			if (ws->h[i] != ws->h[n - 1])
				ws->h[n++] = ws->h[i];
		ws->n = n;
	}
	for (i = 0; i < ws->n; i++)
		all = (all ^ ws->h[i]) * FNV_PRIME;
	ws->all = all ^ ws->n;
	return 0;
}

static size_t intersect(const ct_wordset *a, const ct_wordset *b)
{
	size_t i = 0, j = 0, inter = 0;

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
	return inter;
}

double ct_wordset_jaccard(const ct_wordset *a, const ct_wordset *b)
{
	size_t inter;

	if (a->n == 0 && b->n == 0)
		return 1.0;
	inter = intersect(a, b);
	return (double)inter / (double)(a->n + b->n - inter);
}

/* The same words on both sides: pairs at once, before any scoring. */
static int same_words(const ct_wordset *a, const ct_wordset *b)
{
	return a->all == b->all && a->n == b->n &&
	       (a->n == 0 || memcmp(a->h, b->h, a->n * sizeof(*a->h)) == 0);
}

typedef struct posting {
	uint64_t h;
	size_t j;
} posting;

typedef struct cand {
	double score;
	size_t i, j;
} cand;

static int cmp_posting(const void *x, const void *y)
{
	const posting *a = x, *b = y;

	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

static int cmp_cand(const void *x, const void *y)
{
	const cand *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

/* First posting of h in p[0,n), or n. */
static size_t lower_bound(const posting *p, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A word in more sentences than this proposes no candidates: such words
 * ("the", "said") say nothing about which sentence is which. */
#define COMMON_WORD 48

static int push_cand(cand **c, size_t *n, size_t *cap, double score, size_t i, size_t j)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		cand *nv = realloc(*c, nc * sizeof(*nv));

		if (!nv)
			return ct_error_set(CT_ENOMEM, "out of memory");
		*c = nv;
		*cap = nc;
	}
	(*c)[*n].score = score;
	(*c)[*n].i = i;
	(*c)[*n].j = j;
	(*n)++;
	return 0;
}

/* Candidates for a[i] among the free b, through the postings. */
static int propose(cand **c, size_t *nc, size_t *cap, const ct_wordset *a, size_t i,
	const ct_wordset *b, const posting *post, size_t npost, const long *b_taken,
	unsigned *hits, size_t *touched, double min)
{
	size_t k, t, ntouched = 0, skipped = 0;
	int err = 0;

	for (k = 0; k < a[i].n; k++) {
		size_t lo = lower_bound(post, npost, a[i].h[k]), hi = lo;

		while (hi < npost && post[hi].h == a[i].h[k])
			hi++;
		if (hi - lo > COMMON_WORD) {
			skipped++;
			continue;
		}
		for (t = lo; t < hi; t++) {
			size_t j = post[t].j;

			if (b_taken[j] >= 0)
				continue;
			if (hits[j]++ == 0)
				touched[ntouched++] = j;
		}
	}
	for (t = 0; t < ntouched && !err; t++) {
		size_t j = touched[t];
		double score;

		/* the common words left out can add at most `skipped` shared
		 * words: a pair that cannot reach min even so is not scored */
		if ((double)(hits[j] + skipped) < min * (double)(a[i].n > b[j].n ? a[i].n : b[j].n))
			goto next;
		score = ct_wordset_jaccard(&a[i], &b[j]);
		if (score >= min)
			err = push_cand(c, nc, cap, score, i, j);
next:
		hits[j] = 0;
	}
	for (; t < ntouched; t++)
		hits[touched[t]] = 0;
	return err;
}

int ct_align_sentences(long *a_to_b, const ct_wordset *a, size_t na,
	const ct_wordset *b, size_t nb, double min)
{
	posting *post = NULL;
	cand *c = NULL;
	long *b_taken = NULL;
	unsigned *hits = NULL;
	size_t *touched = NULL;
	size_t i, j, k, npost = 0, nc = 0, cap = 0;
	int err = 0;

	for (i = 0; i < na; i++)
		a_to_b[i] = -1;
	if (!na || !nb)
		return 0;
	for (j = 0; j < nb; j++)
		npost += b[j].n;
	if (!(b_taken = malloc(nb * sizeof(*b_taken))) || !(hits = calloc(nb, sizeof(*hits))) ||
	    !(touched = malloc(nb * sizeof(*touched))) ||
	    !(post = malloc((npost + 1) * sizeof(*post)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	for (j = 0; j < nb; j++)
		b_taken[j] = -1;
	/* identical sentences first, by the hash of their whole word set */
	for (j = 0, k = 0; j < nb; j++) {
		post[k].h = b[j].all;
		post[k++].j = j;
	}
	qsort(post, nb, sizeof(*post), cmp_posting);
	for (i = 0; i < na; i++) {
		size_t t = lower_bound(post, nb, a[i].all);

		for (; t < nb && post[t].h == a[i].all; t++) {
			if (b_taken[post[t].j] < 0 && same_words(&a[i], &b[post[t].j])) {
				a_to_b[i] = (long)post[t].j;
				b_taken[post[t].j] = (long)i;
				break;
			}
		}
	}
	/* then the rest, scored through an index of their words */
	for (j = 0, npost = 0; j < nb; j++) {
		if (b_taken[j] >= 0)
			continue;
		for (k = 0; k < b[j].n; k++) {
			post[npost].h = b[j].h[k];
			post[npost++].j = j;
		}
	}
	qsort(post, npost, sizeof(*post), cmp_posting);
	for (i = 0; i < na && !err; i++)
		if (a_to_b[i] < 0 && a[i].n)
			err = propose(&c, &nc, &cap, a, i, b, post, npost, b_taken, hits, touched, min);
	if (err)
		goto out;
	if (nc > 1)
		qsort(c, nc, sizeof(*c), cmp_cand);
	for (k = 0; k < nc; k++) {
		if (a_to_b[c[k].i] >= 0 || b_taken[c[k].j] >= 0)
			continue;
		a_to_b[c[k].i] = (long)c[k].j;
		b_taken[c[k].j] = (long)c[k].i;
	}
out:
	free(post);
	free(c);
	free(b_taken);
	free(hits);
	free(touched);
	return err;
}
