/* SPDX-License-Identifier: MIT */
/*
 * Diff of two claim sets: which figures moved.
 *
 * The unit is the document, or in a feed the item: figures are matched
 * only within one unit, and a feed item present on one side only is an
 * item event (arrived, left), not a heap of figures added or removed.
 * Within a unit the figures are decided in four steps:
 *
 *   1. Sentences are aligned (align.c: the words of each sentence without
 *      its numbers). In each aligned pair, a figure of equal value on both
 *      sides is the same figure; then a figure in the same slot (same
 *      subject, or the only comparable figure left in both, or the same
 *      words around it) with another value has changed - unless both
 *      values are still reported elsewhere in the other version, which
 *      is figures trading places, not moving.
 *   2. A figure whose value (figure.c: "four" is 4, "20k" is 20,000,
 *      "two weeks" is 14 days) appears anywhere in the other version is
 *      unchanged: it moved, was restated or is told twice.
 *   3. A figure told twice in one version is one figure: further
 *      mentions of a changed value fold into its change.
 *   4. What is left are values reported on one side only. Such a removed
 *      and an added value are one changed figure only when their subjects
 *      say they count the same thing (the same key, and no other
 *      candidate on either side); otherwise removed and added.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/diff.h"
#include "align.h"
#include "diff_units.h"
#include "figure.h"

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

const char *ct_item_event_name(ct_item_event_kind kind)
{
	return kind == CT_ITEM_LEFT ? "item-left" : "item-arrived";
}

/* Sentences are aligned when at least this share of their words agree. */
#define ALIGN_MIN 0.5

enum { F_FREE = 0, F_SAME, F_CHANGED, F_FOLDED };

/* One figure of one side of a unit. */
typedef struct mfig {
	const ct_claim *c;
	ct_figure_id id;
	size_t sent;       /* its sentence, index into the side's sentences */
	int state;
	long pair;         /* index on the other side, when SAME or CHANGED;
			    * the changed figure it folds into, when FOLDED */
	long group;        /* the figure group it is reported in, or -1 */
	const char *why;
} mfig;

/* A chain index: head[hash & mask] is the first figure with that hash
 * bucket, next[] the following one, ascending; -1 ends a chain. */
typedef struct chains {
	long *head, *next;
	size_t mask;
} chains;

/* One side of a unit: its figures, its sentences (with their word sets
 * and figures grouped by sentence), and its figures chained by value and
 * by key, so that every step looks only where a match can be. */
typedef struct uside {
	mfig *f;
	size_t n;
	uint64_t *shash;   /* per sentence: a hash of its text */
	size_t ns;
	size_t *by_sent;   /* figure indices, grouped by sentence ... */
	size_t *sent_off;  /* ... sentence k's at by_sent[sent_off[k], sent_off[k+1]) */
	chains byval, bykey;
} uside;

typedef struct matcher {
	const ct_diff_options *opts;
	ct_diff *d;
	const ct_claim_section *item;   /* of the unit being matched */
	size_t cap;        /* of d->changes */
	size_t icap;       /* of d->items */
	size_t pool_used;
	long groups;       /* figure groups made so far */
} matcher;

/* ---- the output ---- */

static int same_unit(const char *a, const char *b)
{
	if (!a || !*a || !b || !*b)
		return (!a || !*a) && (!b || !*b);
	return strcmp(a, b) == 0;
}

static int push_change(matcher *m, ct_change_kind kind, const ct_claim *o, const ct_claim *n,
	const char *why)
{
	ct_diff *d = m->d;
	ct_change *c;

	if (d->count == m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 16;
		ct_change *nv = realloc(d->changes, nc * sizeof(*nv));

		if (!nv)
			return ct_error_set(CT_ENOMEM, "out of memory");
		d->changes = nv;
		m->cap = nc;
	}
	c = &d->changes[d->count++];
	memset(c, 0, sizeof(*c));
	c->change = kind;
	c->old = o;
	c->new = n;
	c->why = why;
	c->item = m->item;
	/* a difference is only read in one unit: "18 weeks -> 18 days" and
	 * "25 bp -> 0.5 pp" have none */
	if (o && n && o->kind == n->kind && same_unit(o->unit, n->unit) && same_unit(o->per, n->per)) {
		c->delta = n->value - o->value;
		c->has_delta = 1;
		if (o->value != 0) {
			c->ratio = c->delta / fabs(o->value);
			c->has_ratio = 1;
		}
	}
	return 0;
}

/* ---- building a side of a unit ---- */

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void chains_free(chains *c)
{
	free(c->head);
	free(c->next);
	memset(c, 0, sizeof(*c));
}

/* Chain the n figures of s by hash(f) (figures for which use(f) is false
 * are left out). */
static int chains_make(chains *c, const uside *s, uint64_t (*hash)(const mfig *),
	int (*use)(const mfig *))
{
	size_t size = 16, i;

	while (size < s->n * 2)
		size *= 2;
	if (!(c->head = malloc(size * sizeof(*c->head))) ||
	    !(c->next = malloc((s->n + 1) * sizeof(*c->next))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	c->mask = size - 1;
	for (i = 0; i < size; i++)
		c->head[i] = -1;
	/* from the last down, so that each chain runs in document order */
	for (i = s->n; i-- > 0;) {
		size_t b;

		c->next[i] = -1;
		if (use && !use(&s->f[i]))
			continue;
		b = (size_t)hash(&s->f[i]) & c->mask;
		c->next[i] = c->head[b];
		c->head[b] = (long)i;
	}
	return 0;
}

static uint64_t value_hash_of(const mfig *f)
{
	return f->id.hash;
}

static uint64_t key_hash_of(const mfig *f)
{
	return key_hash(f->c->key);
}

static int has_key(const mfig *f)
{
	return f->c->key && f->c->key[0];
}

static void uside_free(uside *s)
{

	free(s->shash);
	free(s->by_sent);
	free(s->sent_off);
	free(s->f);
	chains_free(&s->byval);
	chains_free(&s->bykey);
	memset(s, 0, sizeof(*s));
}

/* Which earlier sentence f's is, among the last few (a sentence's claims
 * are together; a repeat far away is another telling), or -1. */
static long recent_sentence(const uside *s, const size_t *first_fig, const mfig *f)
{
	size_t k, look = s->ns < 4 ? s->ns : 4;

	for (k = s->ns; k > s->ns - look; k--) {
		const ct_claim *o = s->f[first_fig[k - 1]].c;

		if (o->sentence == f->c->sentence || strcmp(o->sentence, f->c->sentence) == 0)
			return (long)(k - 1);
	}
	return -1;
}

/* The figures idx[0,n) of set: their identities, sentences and chains. */
static int uside_make(uside *s, const ct_claimset *set, const size_t *idx, size_t n)
{
	size_t *first_fig = NULL, i;
	int err = 0;

	memset(s, 0, sizeof(*s));
	if (!(s->f = calloc(n + 1, sizeof(*s->f))) ||
	    !(s->shash = malloc((n + 1) * sizeof(*s->shash))) ||
	    !(first_fig = malloc((n + 1) * sizeof(*first_fig))) ||
	    !(s->by_sent = malloc((n + 1) * sizeof(*s->by_sent))) ||
	    !(s->sent_off = calloc(n + 2, sizeof(*s->sent_off)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	s->n = n;
	for (i = 0; i < n && !err; i++) {
		mfig *f = &s->f[i];
		long k;

		f->c = &set->items[idx[i]];
		ct_figure_id_of(&f->id, f->c);
		f->pair = -1;
		f->group = -1;
		if ((k = recent_sentence(s, first_fig, f)) >= 0) {
			f->sent = (size_t)k;
		} else {
			f->sent = s->ns;
			first_fig[s->ns] = i;
			s->shash[s->ns] = key_hash(f->c->sentence);
			s->ns++;
		}
		s->sent_off[f->sent + 1]++;
	}
	if (err)
		goto out;
	/* figures grouped by sentence: a counting sort */
	for (i = 0; i < s->ns; i++)
		s->sent_off[i + 1] += s->sent_off[i];
	memcpy(first_fig, s->sent_off, s->ns * sizeof(*first_fig));
	for (i = 0; i < n; i++)
		s->by_sent[first_fig[s->f[i].sent]++] = i;
	if ((err = chains_make(&s->byval, s, value_hash_of, NULL)) < 0)
		goto out;
	err = chains_make(&s->bykey, s, key_hash_of, has_key);
out:
	free(first_fig);
	return err;
}

#define EACH_VALUE(s, idp, k) \
	for (long k = (s)->byval.head[(idp)->hash & (s)->byval.mask]; k >= 0; k = (s)->byval.next[k]) \
		if (ct_figure_id_equal(&(s)->f[k].id, (idp)))

#define EACH_KEY(s, kw, k) \
	for (long k = (s)->bykey.head[key_hash(kw) & (s)->bykey.mask]; k >= 0; k = (s)->bykey.next[k]) \
		if (strcmp((s)->f[k].c->key, (kw)) == 0)

#define EACH_IN_SENTENCE(s, si, k) \
	for (size_t k##_ = (s)->sent_off[si], k = 0; \
	     k##_ < (s)->sent_off[(si) + 1] && ((k = (s)->by_sent[k##_]), 1); k##_++)

/* ---- the four steps ---- */

/* The first figure of s (free ones first when asked) reporting a quantity
 * equal to id, or -1. */
static long find_value(const uside *s, const ct_figure_id *id, int free_first)
{
	long any = -1;

	if (!s->n)
		return -1;
	EACH_VALUE(s, id, k) {
		if (!free_first || s->f[k].state == F_FREE)
			return k;
		if (any < 0)
			any = k;
	}
	return any;
}

static int key_eq(const ct_claim *a, const ct_claim *b)
{
	return a->key[0] && strcmp(a->key, b->key) == 0;
}

static int per_eq(const ct_claim *a, const ct_claim *b)
{
	return (!a->per || !b->per) ? a->per == b->per : strcmp(a->per, b->per) == 0;
}

static int word_byte(unsigned char c)
{
	return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The lower-case word of s next to [off, off+len): after it (dir > 0) or
 * before it (dir < 0), written into w; its length, 0 when there is none. */
static size_t next_word(char *w, size_t cap, const char *s, size_t off, size_t len, int dir)
{
	size_t n = strlen(s), a, b, k;

	if (off > n || off + len > n)
		return 0;
	if (dir > 0) {
		for (a = off + len; a < n && !word_byte((unsigned char)s[a]); a++)
			;
		for (b = a; b < n && word_byte((unsigned char)s[b]); b++)
			;
	} else {
		for (b = off; b > 0 && !word_byte((unsigned char)s[b - 1]); b--)
			;
		for (a = b; a > 0 && word_byte((unsigned char)s[a - 1]); a--)
			;
	}
	if (b - a >= cap)
		b = a + cap - 1;
	for (k = 0; k < b - a; k++)
		w[k] = (char)(s[a + k] >= 'A' && s[a + k] <= 'Z' ? s[a + k] | 0x20 : s[a + k]);
	w[k] = '\0';
	return k;
}

/* How strongly the context of a (old) and b (new) says they are one
 * slot: the word after the figure (usually what it counts) weighs most,
 * then the subject the extractor found, then the word before. */
static int slot_score(const ct_claim *a, const ct_claim *b, int *words)
{
	char wa[32], wb[32];
	size_t la = strlen(a->text), lb = strlen(b->text);
	int score = 0;

	*words = 0;
	if (next_word(wa, sizeof(wa), a->sentence, a->offset, la, 1) &&
	    next_word(wb, sizeof(wb), b->sentence, b->offset, lb, 1) && strcmp(wa, wb) == 0) {
		score += 4;
		*words = 1;
	}
	if (key_eq(a, b))
		score += 2;
	if (next_word(wa, sizeof(wa), a->sentence, a->offset, la, -1) > 2 &&
	    next_word(wb, sizeof(wb), b->sentence, b->offset, lb, -1) > 2 && strcmp(wa, wb) == 0) {
		score += 1;
		*words = 1;
	}
	return score;
}

static void pair(uside *o, size_t i, uside *n, size_t j, int state, const char *why)
{
	o->f[i].state = n->f[j].state = state;
	o->f[i].pair = (long)j;
	n->f[j].pair = (long)i;
	o->f[i].why = n->f[j].why = why;
}

/* Two figures may be one that changed: same class, unit, kind and rate,
 * and not both values still reported on the other side (figures that
 * traded places, not one that moved). */
static int may_change(const uside *o, const mfig *a, const uside *n, const mfig *b)
{
	if (!ct_figure_comparable(&a->id, &b->id) || a->c->kind != b->c->kind || !per_eq(a->c, b->c))
		return 0;
	return !(find_value(n, &a->id, 0) >= 0 && find_value(o, &b->id, 0) >= 0);
}

typedef struct slot {
	int score, words;
	size_t i, j, dist;
} slot;

static int cmp_slot(const void *x, const void *y)
{
	const slot *a = x, *b = y;

	if (a->score != b->score)
		return b->score - a->score;
	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	return a->i != b->i ? (a->i < b->i ? -1 : 1) : (a->j < b->j ? -1 : a->j > b->j);
}

/* The free figures of sentence si of s, in order, into out; their count. */
static size_t free_in_sentence(const uside *s, size_t si, size_t *out)
{
	size_t n = 0;

	EACH_IN_SENTENCE(s, si, k)
		if (s->f[k].state == F_FREE)
			out[n++] = k;
	return n;
}

/* Step 1 for one aligned pair of sentences si (old) and sj (new); tmp has
 * room for the figures of both sentences. */
static int match_slots(uside *o, size_t si, uside *n, size_t sj, size_t *tmp)
{
	size_t *fo = tmp, *fn, no, nn, x, y, ns = 0;
	slot *sl;

	/* the same value in the same sentence: the same figure */
	EACH_IN_SENTENCE(o, si, i) {
		if (o->f[i].state != F_FREE)
			continue;
		EACH_IN_SENTENCE(n, sj, j)
			if (n->f[j].state == F_FREE && ct_figure_id_equal(&o->f[i].id, &n->f[j].id)) {
				pair(o, i, n, j, F_SAME, "aligned sentence");
				break;
			}
	}
	no = free_in_sentence(o, si, fo);
	fn = fo + no;
	nn = free_in_sentence(n, sj, fn);
	if (!no || !nn)
		return 0;
	/* the same slot with another value: best evidence first */
	if (!(sl = malloc(no * nn * sizeof(*sl))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	for (x = 0; x < no; x++)
		for (y = 0; y < nn; y++) {
			if (!may_change(o, &o->f[fo[x]], n, &n->f[fn[y]]))
				continue;
			if (!(sl[ns].score = slot_score(o->f[fo[x]].c, n->f[fn[y]].c, &sl[ns].words)))
				continue;
			sl[ns].i = fo[x];
			sl[ns].j = fn[y];
			sl[ns].dist = x > y ? x - y : y - x;
			ns++;
		}
	qsort(sl, ns, sizeof(*sl), cmp_slot);
	for (x = 0; x < ns; x++)
		if (o->f[sl[x].i].state == F_FREE && n->f[sl[x].j].state == F_FREE)
			pair(o, sl[x].i, n, sl[x].j, F_CHANGED, sl[x].words ?
				"aligned sentence, same words around" : "aligned sentence, same subject");
	free(sl);
	/* one figure left on each side of a sentence that is otherwise the
	 * same: that one moved */
	no = free_in_sentence(o, si, fo);
	fn = fo + no;
	nn = free_in_sentence(n, sj, fn);
	if (no == 1 && nn == 1 && may_change(o, &o->f[fo[0]], n, &n->f[fn[0]]))
		pair(o, fo[0], n, fn[0], F_CHANGED, "aligned sentence, only figure");
	return 0;
}

/* Step 2: a value reported on the other side too is unchanged. */
static void match_values(uside *from, uside *to)
{
	size_t i;

	for (i = 0; i < from->n; i++) {
		long j;

		if (from->f[i].state != F_FREE || (j = find_value(to, &from->f[i].id, 1)) < 0)
			continue;
		from->f[i].state = F_SAME;
		from->f[i].pair = j;
		from->f[i].why = "same value elsewhere";
		if (to->f[j].state == F_FREE) {
			to->f[j].state = F_SAME;
			to->f[j].pair = (long)i;
			to->f[j].why = from->f[i].why;
		}
	}
}

/* Step 3: a changed figure told again on its own side (the same value,
 * found nowhere on the other side) is that figure, not another. */
static void fold_mentions(uside *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->f[i].state != F_CHANGED)
			continue;
		EACH_VALUE(s, &s->f[i].id, k)
			if (s->f[k].state == F_FREE) {
				s->f[k].state = F_FOLDED;
				s->f[k].pair = (long)i;
			}
	}
}

/* Step 4: pair what is left by subject, when nothing else competes. */
static void match_leftovers(uside *o, uside *n)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		mfig *a = &o->f[i];
		long cand = -1;
		int many = 0;

		/* an age belongs to a person: another age of "a woman" in other
		 * words is another woman, not the same one older */
		if (a->state != F_FREE || !has_key(a) || !n->n || a->id.age)
			continue;
		EACH_KEY(n, a->c->key, j) {
			mfig *b = &n->f[j];

			if (b->state != F_FREE || a->c->kind != b->c->kind ||
			    !ct_figure_comparable(&a->id, &b->id) || !per_eq(a->c, b->c))
				continue;
			if (cand < 0)
				cand = j;
			else if (!ct_figure_id_equal(&n->f[cand].id, &b->id))
				many = 1;
		}
		if (cand < 0 || many)
			continue;
		/* and no other old figure with another value claims the key */
		EACH_KEY(o, a->c->key, j)
			if ((size_t)j != i && o->f[j].state == F_FREE && !ct_figure_id_equal(&o->f[j].id, &a->id))
				many = 1;
		if (!many)
			pair(o, i, n, (size_t)cand, F_CHANGED, "same subject");
	}
}

/* A changed figure that moved less than the monitor asked to hear of. */
static int below_threshold(const ct_diff_options *o, const ct_claim *a, const ct_claim *b)
{
	double delta = fabs(b->value - a->value);

	if (o->min_abs > 0 && delta < o->min_abs)
		return 1;
	if (o->min_ratio > 0 && (a->value == 0 ? delta == 0 : delta / fabs(a->value) < o->min_ratio))
		return 1;
	return 0;
}

/* The mentions of the last change on one side: the group's figures of s,
 * rep first. Every member of a group shares its rep's value, so only
 * that chain is walked. The pool was sized for every claim of both sets
 * and each claim is in at most one group: it never grows, pointers hold. */
static void set_mentions(matcher *m, const uside *s, long gid, long rep, int old_side)
{
	ct_change *c = &m->d->changes[m->d->count - 1];
	const ct_claim **start = m->d->pool + m->pool_used;
	size_t n = 0;

	if (rep < 0)
		return;
	start[n++] = s->f[rep].c;
	EACH_VALUE(s, &s->f[rep].id, k)
		if (s->f[k].group == gid && k != rep)
			start[n++] = s->f[k].c;
	m->pool_used += n;
	if (old_side) {
		c->old_mentions = start;
		c->nold_mentions = n;
	} else {
		c->new_mentions = start;
		c->nnew_mentions = n;
	}
}

/* Figure i of s and everything told with it, on both sides, into group
 * gid; its kind of change. */
static ct_change_kind make_group(uside *s, uside *t, size_t i, long gid, int from_old)
{
	mfig *f = &s->f[i];
	long p = f->pair;

	f->group = gid;
	switch (f->state) {
	case F_CHANGED:
		/* the same move told twice (headline and summary both 3 -> 20)
		 * is one change; mentions that disagree stay apart */
		EACH_VALUE(s, &f->id, k)
			if (s->f[k].state == F_CHANGED && s->f[k].group < 0 &&
			    ct_figure_id_equal(&t->f[s->f[k].pair].id, &t->f[p].id)) {
				s->f[k].group = gid;
				t->f[s->f[k].pair].group = gid;
			}
		t->f[p].group = gid;
		EACH_VALUE(s, &f->id, k)
			if (s->f[k].state == F_FOLDED && s->f[s->f[k].pair].group == gid)
				s->f[k].group = gid;
		EACH_VALUE(t, &t->f[p].id, k)
			if (t->f[k].state == F_FOLDED && t->f[t->f[k].pair].group == gid)
				t->f[k].group = gid;
		return CT_CHANGE_CHANGED;
	case F_SAME:
		EACH_VALUE(s, &f->id, k)
			if (s->f[k].group < 0 && s->f[k].state == F_SAME)
				s->f[k].group = gid;
		EACH_VALUE(t, &f->id, k)
			if (t->f[k].group < 0 && t->f[k].state == F_SAME)
				t->f[k].group = gid;
		return CT_CHANGE_UNCHANGED;
	default:
		EACH_VALUE(s, &f->id, k)
			if (s->f[k].group < 0 && s->f[k].state == F_FREE)
				s->f[k].group = gid;
		return from_old ? CT_CHANGE_REMOVED : CT_CHANGE_ADDED;
	}
}

/* Put figure i of s (and what belongs with it) in a new group, and
 * report the group. */
static int report_group(matcher *m, uside *o, uside *n, uside *s, size_t i)
{
	uside *t = s == o ? n : o;
	long gid = m->groups++, p = s->f[i].pair, oi, ni;
	ct_change_kind kind = make_group(s, t, i, gid, s == o);
	const ct_claim *oc, *nc;
	int qual = 0, err;

	if (kind == CT_CHANGE_ADDED || kind == CT_CHANGE_REMOVED)
		p = -1;
	oi = s == o ? (long)i : p;
	ni = s == n ? (long)i : p;
	oc = oi >= 0 ? o->f[oi].c : NULL;
	nc = ni >= 0 ? n->f[ni].c : NULL;
	if (kind == CT_CHANGE_UNCHANGED) {
		qual = strcmp(oc->qualifier, nc->qualifier) != 0;
		if (qual && m->opts->qualifiers) {
			kind = CT_CHANGE_CHANGED;
		} else {
			m->d->unchanged++;
			if (!m->opts->include_unchanged)
				return 0;
		}
	}
	if (kind == CT_CHANGE_CHANGED && !qual && below_threshold(m->opts, oc, nc))
		return 0;
	if ((err = push_change(m, kind, oc, nc, s->f[i].why)) < 0)
		return err;
	m->d->changes[m->d->count - 1].qualifier_only = qual;
	if (kind == CT_CHANGE_CHANGED)
		m->d->changed++;
	else if (kind == CT_CHANGE_ADDED)
		m->d->added++;
	else if (kind == CT_CHANGE_REMOVED)
		m->d->removed++;
	set_mentions(m, o, gid, oi, 1);
	set_mentions(m, n, gid, ni, 0);
	return 0;
}

/* Does sentence k of s still hold a figure no step has decided? */
static int has_free(const uside *s, size_t k)
{
	EACH_IN_SENTENCE(s, k, i)
		if (s->f[i].state == F_FREE)
			return 1;
	return 0;
}

/* The new side's sentences chained by the hash of their text. */
static int chain_sentences(chains *c, const uside *n)
{
	size_t size = 16, b, i;

	while (size < n->ns * 2)
		size *= 2;
	if (!(c->head = malloc(size * sizeof(long))) || !(c->next = malloc((n->ns + 1) * sizeof(long))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	c->mask = size - 1;
	for (b = 0; b < size; b++)
		c->head[b] = -1;
	for (i = n->ns; i-- > 0;) {
		b = (size_t)n->shash[i] & c->mask;
		c->next[i] = c->head[b];
		c->head[b] = (long)i;
	}
	return 0;
}

/* Sentences whose text is the same on both sides match first (taken marks
 * the new ones used); the old ones left over go to rest (*nrest). */
static int match_same_text(uside *o, uside *n, const chains *bytext, char *taken, size_t *rest,
	size_t *nrest, size_t *scratch)
{
	size_t i;
	int err = 0;

	*nrest = 0;
	for (i = 0; i < o->ns && !err; i++) {
		const char *text = o->f[o->by_sent[o->sent_off[i]]].c->sentence;
		long j;

		for (j = bytext->head[o->shash[i] & bytext->mask]; j >= 0; j = bytext->next[j]) {
			const char *nt = n->f[n->by_sent[n->sent_off[j]]].c->sentence;

			if (!taken[j] && n->shash[j] == o->shash[i] && strcmp(nt, text) == 0)
				break;
		}
		if (j < 0) {
			rest[(*nrest)++] = i;   /* compared word by word later */
			continue;
		}
		taken[j] = 1;
		err = match_slots(o, i, n, (size_t)j, scratch);
	}
	return err;
}

/* The rewritten sentences that still hold undecided figures, paired by
 * their words (ct_align_sentences): old ia[na] against new ib[nb]. */
static int match_rewritten(uside *o, uside *n, const size_t *ia, size_t na, const size_t *ib,
	size_t nb, size_t *scratch)
{
	ct_wordset *wa = calloc(na, sizeof(*wa)), *wb = calloc(nb, sizeof(*wb));
	long *a2b = malloc(na * sizeof(*a2b));
	size_t i;
	int err = 0;

	if (!wa || !wb || !a2b)
		err = ct_error_set(CT_ENOMEM, "out of memory");
	for (i = 0; i < na && !err; i++) {
		const char *t = o->f[o->by_sent[o->sent_off[ia[i]]]].c->sentence;

		err = ct_wordset_make(&wa[i], t, strlen(t));
	}
	for (i = 0; i < nb && !err; i++) {
		const char *t = n->f[n->by_sent[n->sent_off[ib[i]]]].c->sentence;

		err = ct_wordset_make(&wb[i], t, strlen(t));
	}
	if (!err)
		err = ct_align_sentences(a2b, wa, na, wb, nb, ALIGN_MIN);
	for (i = 0; i < na && !err; i++)
		if (a2b[i] >= 0)
			err = match_slots(o, ia[i], n, ib[a2b[i]], scratch);
	for (i = 0; wa && i < na; i++)
		ct_wordset_free(&wa[i]);
	for (i = 0; wb && i < nb; i++)
		ct_wordset_free(&wb[i]);
	free(wa);
	free(wb);
	free(a2b);
	return err;
}

/* Step 1 over a unit: sentences whose text is the same on both sides
 * align at once; only those that still hold undecided figures are
 * compared word by word (their word sets are made only then). */
static int align_unit(uside *o, uside *n)
{
	chains bytext;
	size_t *ia = NULL, *ib = NULL, *tmp = NULL, i, na = 0, nb = 0;
	char *taken = NULL;
	int err;

	memset(&bytext, 0, sizeof(bytext));
	/* tmp: the old sentences left over, then room for match_slots */
	if (!(tmp = malloc((o->ns + o->n + n->n + 1) * sizeof(*tmp))) ||
	    !(taken = calloc(n->ns + 1, 1))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	if ((err = chain_sentences(&bytext, n)) < 0 ||
	    (err = match_same_text(o, n, &bytext, taken, tmp, &na, tmp + o->ns)) < 0)
		goto out;
	/* the rest: rewritten sentences that still hold undecided figures */
	if (!(ia = malloc((na + 1) * sizeof(*ia))) || !(ib = malloc((n->ns + 1) * sizeof(*ib)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0, nb = 0; i < na; i++)
		if (has_free(o, tmp[i]))
			ia[nb++] = tmp[i];
	na = nb;
	for (i = 0, nb = 0; i < n->ns; i++)
		if (!taken[i] && has_free(n, i))
			ib[nb++] = i;
	if (na && nb)
		err = match_rewritten(o, n, ia, na, ib, nb, tmp + o->ns);
out:
	free(ia);
	free(ib);
	free(tmp);
	free(taken);
	chains_free(&bytext);
	return err;
}

/* Match one unit's figures, old idx_o[0,no) against new idx_n[0,nn). */
static int match_unit(matcher *m, const ct_claimset *old, const size_t *idx_o, size_t no,
	const ct_claimset *new, const size_t *idx_n, size_t nn)
{
	uside o, n;
	size_t i;
	int err;

	memset(&n, 0, sizeof(n));
	if ((err = uside_make(&o, old, idx_o, no)) < 0 || (err = uside_make(&n, new, idx_n, nn)) < 0)
		goto out;
	if (o.ns && n.ns && (err = align_unit(&o, &n)) < 0)
		goto out;
	match_values(&o, &n);
	match_values(&n, &o);
	fold_mentions(&o);
	fold_mentions(&n);
	match_leftovers(&o, &n);
	fold_mentions(&o);
	fold_mentions(&n);
	/* changed and removed in old order, then added in new order */
	for (i = 0; i < o.n && !err; i++)
		if (o.f[i].group < 0 && o.f[i].state != F_FOLDED)
			err = report_group(m, &o, &n, &o, i);
	for (i = 0; i < n.n && !err; i++)
		if (n.f[i].group < 0 && n.f[i].state != F_FOLDED)
			err = report_group(m, &o, &n, &n, i);
out:
	uside_free(&o);
	uside_free(&n);
	return err;
}

/* ---- units (diff_units.c): item events ---- */

static int push_item(matcher *m, ct_item_event_kind ev, const ct_claim_section *item,
	const ct_claimset *set, const size_t *idx, size_t n)
{
	ct_diff *d = m->d;
	ct_item_event *e;
	const ct_claim **figs = d->pool + m->pool_used;
	size_t i;

	if (ev == CT_ITEM_ARRIVED)
		d->items_arrived++;
	else
		d->items_left++;
	if (d->nitems == m->icap) {
		size_t nc = m->icap ? m->icap * 2 : 8;
		ct_item_event *nv = realloc(d->items, nc * sizeof(*nv));

		if (!nv)
			return ct_error_set(CT_ENOMEM, "out of memory");
		d->items = nv;
		m->icap = nc;
	}
	e = &d->items[d->nitems++];
	e->event = ev;
	e->item = item;
	for (i = 0; i < n; i++)
		figs[i] = &set->items[idx[i]];
	e->figures = n ? figs : NULL;
	e->nfigures = n;
	m->pool_used += n;
	return 0;
}

int ct_diff_compute(ct_diff **out, const ct_claimset *old, const ct_claimset *new,
	const ct_diff_options *opts)
{
	ct_diff_options def = CT_DIFF_OPTIONS_INIT;
	matcher m;
	ct_diff_entry *e = NULL;
	ct_diff_unit *u = NULL;
	size_t ne = 0, nu = 0, i, k, *idx[2] = { NULL, NULL }, cnt[2];
	int err;

	*out = NULL;
	memset(&m, 0, sizeof(m));
	m.opts = opts ? opts : &def;
	if (m.opts->version == 0 || m.opts->version > CT_DIFF_OPTIONS_VERSION)
		return ct_error_set(CT_EINVAL, "diff: options version %u is not known",
			m.opts->version);
	if (!(m.d = calloc(1, sizeof(*m.d))) ||
	    !(m.d->pool = malloc((old->count + new->count + 1) * sizeof(*m.d->pool))) ||
	    !(idx[0] = malloc((old->count + 1) * sizeof(size_t))) ||
	    !(idx[1] = malloc((new->count + 1) * sizeof(size_t)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	if ((err = ct_diff__entries(&e, &ne, old, new, m.opts)) < 0 ||
	    (err = ct_diff__units(&u, &nu, e, ne, old, new)) < 0)
		goto out;
	for (i = 0; i < nu && !err; i++) {
		/* a unit's claims in document order, per side */
		cnt[0] = cnt[1] = 0;
		for (k = u[i].start; k < u[i].end; k++)
			if (e[k].idx < (e[k].side ? new : old)->count)
				idx[e[k].side][cnt[e[k].side]++] = e[k].idx;
		m.item = u[i].item[1] ? u[i].item[1] : u[i].item[0];
		if (u[i].has[0] && u[i].has[1])
			err = match_unit(&m, old, idx[0], cnt[0], new, idx[1], cnt[1]);
		else if (u[i].has[1])
			err = push_item(&m, CT_ITEM_ARRIVED, u[i].item[1], new, idx[1], cnt[1]);
		else
			err = push_item(&m, CT_ITEM_LEFT, u[i].item[0], old, idx[0], cnt[0]);
	}
	m.d->items_listed = m.opts->items;
out:
	free(e);
	free(u);
	free(idx[0]);
	free(idx[1]);
	if (err) {
		ct_diff_free(m.d);
		return err;
	}
	*out = m.d;
	return 0;
}

int ct_diff_parse_min_change(ct_diff_options *opts, const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || errno || !isfinite(v) || v < 0 ||
	    (*end && !(end[0] == '%' && end[1] == '\0')))
		return ct_error_set(CT_EINVAL,
			"--min-change takes an amount (100) or a percentage (5%%), not '%s'", arg);
	if (*end == '%')
		opts->min_ratio = v / 100.0;
	else
		opts->min_abs = v;
	return 0;
}

int ct_diff_has_changes(const ct_diff *d)
{
	return d->changed || d->added || d->removed || (d->items_listed && d->nitems);
}

void ct_diff_free(ct_diff *diff)
{
	if (!diff)
		return;
	free(diff->changes);
	free(diff->items);
	free(diff->pool);
	free(diff);
}
