/* SPDX-License-Identifier: MIT */
/*
 * Claim sets: a claim's kind names, and the storage of claims and their
 * strings. The bottom of the claims module: it calls nothing of it.
 */
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claims.h"
#include "claims_internal.h"

static const char *const kind_names[] = {
	"count", "percent", "money", "measure", "ordinal", "year", "date", "relative", "label"
};

int ct_claim_kind_is_figure(ct_claim_kind kind)
{
	return kind == CT_KIND_COUNT || kind == CT_KIND_PERCENT || kind == CT_KIND_MONEY ||
		kind == CT_KIND_MEASURE;
}

int ct_claim_kind_is_listed(ct_claim_kind kind)
{
	return ct_claim_kind_is_figure(kind) || kind == CT_KIND_ORDINAL || kind == CT_KIND_YEAR ||
		kind == CT_KIND_RELATIVE;
}

const char *ct_claim_kind_name(ct_claim_kind kind)
{
	return (unsigned)kind < sizeof(kind_names) / sizeof(kind_names[0])
		? kind_names[kind] : "count";
}

int ct_claim_kind_parse(ct_claim_kind *out, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (strcmp(kind_names[i], name) == 0) {
			*out = (ct_claim_kind)i;
			return 0;
		}
	}
	return ct_error_set(CT_EINVAL, "unknown claim kind '%s'", name);
}

/*
 * The claims' strings live in an arena owned by the set: a few large
 * chunks instead of seven small allocations per claim, freed all at once by
 * ct_claimset_clear. Claims of one sentence share one copy of it.
 */
typedef struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
} chunk;

struct ct_claimset_arena {
	chunk *head;
	const char *last_sentence;   /* the copy the previous claim points to */
	size_t last_sentence_len;
	const char *last_sentence_src;   /* what it was copied from */
	const char *last_section;
};

#define CHUNK_MIN (64u * 1024u - sizeof(chunk) - 64u)

static char *arena_dup(ct_claimset *set, const char *s, size_t n)
{
	struct ct_claimset_arena *a = set->arena;
	chunk *c;
	char *p;

	if (!a) {
		if (!(a = calloc(1, sizeof(*a))))
			return NULL;
		set->arena = a;
	}
	c = a->head;
	if (!c || c->size - c->used < n + 1) {
		size_t size = n + 1 > CHUNK_MIN ? n + 1 : CHUNK_MIN;

		if (!(c = malloc(sizeof(*c) + size)))
			return NULL;
		c->used = 0;
		c->size = size;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

void ct_claimset_clear(ct_claimset *set)
{
	if (set->arena) {
		chunk *c = set->arena->head, *next;

		for (; c; c = next) {
			next = c->next;
			free(c);
		}
		free(set->arena);
		set->arena = NULL;
	}
	free(set->items);
	set->items = NULL;
	set->count = set->alloc = 0;
	free(set->sections);
	set->sections = NULL;
	set->nsections = set->sections_alloc = 0;
	set->sections_known = 0;
}

static int grow(ct_claimset *set)
{
	size_t alloc;
	ct_claim *ni;

	if (set->count < set->alloc)
		return 0;
	alloc = set->alloc ? set->alloc * 2 : 16;
	if (!(ni = realloc(set->items, alloc * sizeof(*ni))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	set->items = ni;
	set->alloc = alloc;
	return 0;
}

static int copy_str(ct_claimset *set, char **dst, const char *s, int keep_null)
{
	if (!s && keep_null) {
		*dst = NULL;
		return 0;
	}
	if (!s)
		s = "";
	return (*dst = arena_dup(set, s, strlen(s))) ? 0 : -1;
}

void ct_claimset__sentence_begin(ct_claimset *set)
{
	if (set->arena)
		set->arena->last_sentence_src = NULL;
}

int ct_claimset_push_spans(ct_claimset *set, const ct_claim *c,
	const char *text, size_t text_len, const char *sentence, size_t sentence_len)
{
	struct ct_claimset_arena *a;
	ct_claim *d;
	int err;

	if ((err = grow(set)) < 0)
		return err;
	d = &set->items[set->count];
	*d = *c;
	if (!d->qualifier)
		d->qualifier = "=";
	if (copy_str(set, &d->key, c->key, 0) < 0 || copy_str(set, &d->subject, c->subject, 0) < 0 ||
	    copy_str(set, &d->unit, c->unit, 1) < 0 || copy_str(set, &d->per, c->per, 1) < 0 ||
	    !(d->text = arena_dup(set, text ? text : "", text ? text_len : 0)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	a = set->arena;
	if (!sentence)
		sentence_len = 0;
	/* the claims of one extraction come from one buffer: the pointer
	 * says so without comparing a long sentence once per claim */
	if (a->last_sentence && a->last_sentence_len == sentence_len &&
	    ((sentence && sentence == a->last_sentence_src) ||
	     memcmp(a->last_sentence, sentence ? sentence : "", sentence_len) == 0)) {
		d->sentence = (char *)a->last_sentence;
	} else {
		if (!(d->sentence = arena_dup(set, sentence ? sentence : "", sentence_len)))
			return ct_error_set(CT_ENOMEM, "out of memory");
		a->last_sentence = d->sentence;
		a->last_sentence_len = sentence_len;
	}
	a->last_sentence_src = sentence;
	if (!c->section) {
		d->section = NULL;
	} else if (a->last_section && strcmp(a->last_section, c->section) == 0) {
		d->section = (char *)a->last_section;
	} else {
		if (copy_str(set, &d->section, c->section, 1) < 0)
			return ct_error_set(CT_ENOMEM, "out of memory");
		a->last_section = d->section;
	}
	set->count++;
	return 0;
}

int ct_claimset_push(ct_claimset *set, const ct_claim *c)
{
	return ct_claimset_push_spans(set, c, c->text ? c->text : "", c->text ? strlen(c->text) : 0,
		c->sentence ? c->sentence : "", c->sentence ? strlen(c->sentence) : 0);
}

int ct_claimset_add_section(ct_claimset *set, const char *id, const char *title,
	const char *link)
{
	ct_claim_section *s;

	if (set->nsections == set->sections_alloc) {
		size_t alloc = set->sections_alloc ? set->sections_alloc * 2 : 8;
		ct_claim_section *ns = realloc(set->sections, alloc * sizeof(*ns));

		if (!ns)
			return ct_error_set(CT_ENOMEM, "out of memory");
		set->sections = ns;
		set->sections_alloc = alloc;
	}
	s = &set->sections[set->nsections];
	if (copy_str(set, &s->id, id, 0) < 0 || copy_str(set, &s->title, title, 1) < 0 ||
	    copy_str(set, &s->link, link, 1) < 0)
		return ct_error_set(CT_ENOMEM, "out of memory");
	set->nsections++;
	set->sections_known = 1;
	return 0;
}

int ct_claimset_copy(ct_claimset *dst, const ct_claimset *src)
{
	size_t i;
	int err;

	for (i = 0; i < src->count; i++)
		if ((err = ct_claimset_push(dst, &src->items[i])) < 0)
			return err;
	for (i = 0; i < src->nsections; i++)
		if ((err = ct_claimset_add_section(dst, src->sections[i].id, src->sections[i].title,
				src->sections[i].link)) < 0)
			return err;
	dst->sections_known |= src->sections_known;
	return 0;
}

void ct_claimset_keep_listed(ct_claimset *set)
{
	size_t i, n = 0;

	for (i = 0; i < set->count; i++)
		if (ct_claim_kind_is_listed(set->items[i].kind))
			set->items[n++] = set->items[i];
	set->count = n;
}
