/* SPDX-License-Identifier: MIT */
/*
 * A batch's pending refs: each document's new tip, held until the flush
 * moves the branches, with the tip it had when the batch first moved it
 * (what the compare-and-swap checks). An open-addressed table by id, so a
 * batch of a thousand documents finds each in O(1).
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "archive_internal.h"

static size_t id_hash(const char *id)
{
	size_t h = 1469598103934665603u;

	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211u;
	return h;
}

/* The slot of id in the open-addressed table of pending refs (index + 1,
 * 0 empty): a batch of a thousand documents looks each up in O(1). */
static size_t *pending_slot(const ct_archive *a, const char *id)
{
	size_t k, mask = a->npslots - 1;

	for (k = id_hash(id) & mask; a->pslots[k]; k = (k + 1) & mask)
		if (!strcmp(a->pending[a->pslots[k] - 1].id, id))
			break;
	return &a->pslots[k];
}

const ct_pending_ref *ct_archive__pending(const ct_archive *a, const char *id)
{
	size_t *slot;

	if (!a->sink || !a->npslots)
		return NULL;
	slot = pending_slot(a, id);
	return *slot ? &a->pending[*slot - 1] : NULL;
}

static int pending_rehash(ct_archive *a, size_t n)
{
	size_t *old = a->pslots, i;

	if (!(a->pslots = calloc(n, sizeof(*a->pslots)))) {
		a->pslots = old;
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	free(old);
	a->npslots = n;
	for (i = 0; i < a->npending; i++)
		*pending_slot(a, a->pending[i].id) = i + 1;
	return 0;
}

int ct_archive__pending_set(ct_archive *a, const char *id, const git_oid *old,
	const git_oid *new)
{
	ct_pending_ref *p = (ct_pending_ref *)ct_archive__pending(a, id), *np;

	if (!p) {
		if (a->npending == a->apending) {
			size_t cap = a->apending ? a->apending * 2 : 64;

			if (!(np = realloc(a->pending, cap * sizeof(*np))))
				return ct_error_set(CT_ENOMEM, "out of memory");
			a->pending = np;
			a->apending = cap;
		}
		if ((a->npending + 1) * 2 > a->npslots &&
		    pending_rehash(a, a->npslots ? a->npslots * 2 : 128) < 0)
			return CT_ENOMEM;
		p = &a->pending[a->npending];
		memset(p, 0, sizeof(*p));
		if (!(p->id = strdup(id)))
			return ct_error_set(CT_ENOMEM, "out of memory");
		/* the first move of a batch fixes what the ref must still be at the flush */
		p->had_old = old != NULL;
		if (old)
			git_oid_cpy(&p->old, old);
		a->npending++;
		*pending_slot(a, id) = a->npending;
	}
	git_oid_cpy(&p->new, new);
	p->nadds++;
	a->batch_adds++;
	return 0;
}

void ct_archive__pending_clear(ct_archive *a)
{
	size_t i;

	for (i = 0; i < a->npending; i++)
		free(a->pending[i].id);
	a->npending = 0;
	a->batch_adds = 0;
	if (a->pslots)
		memset(a->pslots, 0, a->npslots * sizeof(*a->pslots));
}
