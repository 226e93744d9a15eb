/*
 * Group commit for bulk imports.
 *
 * A batch opens a second handle on the repository with a mempack backend
 * at the highest priority, so every object an add writes stays in memory
 * (readable, but not on disk) and every ref move is recorded as pending.
 * A flush packs the objects into one packfile through the normal pack
 * writer and indexer (fsynced in durable mode) and only then moves the
 * refs, each by compare-and-swap against the tip it had before the batch.
 * One pack per flush instead of five loose files per version is where the
 * speed comes from; the ordering is what keeps it crash safe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include "archive_internal.h"

#define git_fail ct_archive__git_error
#define FLUSH_LOCK_ATTEMPTS 50

const ct_pending_ref *ct_archive__pending(const ct_archive *a, const char *id)
{
	size_t i;

	if (!a->mempack)
		return NULL;
	/* newest first: an import touches one document many times in a row */
	for (i = a->npending; i-- > 0;)
		if (!strcmp(a->pending[i].id, id))
			return &a->pending[i];
	return NULL;
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
		p = &a->pending[a->npending];
		memset(p, 0, sizeof(*p));
		if (!(p->id = strdup(id)))
			return ct_error_set(CT_ENOMEM, "out of memory");
		/* the first move of a batch fixes what the ref must still be at the flush */
		p->had_old = old != NULL;
		if (old)
			git_oid_cpy(&p->old, old);
		a->npending++;
	}
	git_oid_cpy(&p->new, new);
	a->batch_adds++;
	return 0;
}

static void pending_clear(ct_archive *a)
{
	size_t i;

	for (i = 0; i < a->npending; i++)
		free(a->pending[i].id);
	a->npending = 0;
	a->batch_adds = 0;
}

size_t ct_archive_batch_pending(const ct_archive *a)
{
	return a->mempack ? a->batch_adds : 0;
}

int ct_archive_batch_begin(ct_archive *a)
{
	git_repository *repo = NULL;
	git_odb_backend *mp = NULL;
	git_odb *odb = NULL;
	int err = 0;

	if (a->mempack)
		return ct_error_set(CT_EINVAL, "archive: a batch is already open");
	if (git_repository_open_ext(&repo, a->path, GIT_REPOSITORY_OPEN_NO_SEARCH |
		GIT_REPOSITORY_OPEN_NO_DOTGIT | GIT_REPOSITORY_OPEN_BARE, NULL) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot open %s for a batch", a->path);
		goto out;
	}
	if (git_mempack_new(&mp) < 0 || git_repository_odb(&odb, repo) < 0) {
		err = git_fail(CT_ENOMEM, "archive: cannot start a batch");
		goto out;
	}
	if (git_odb_add_backend(odb, mp, 999) < 0) {
		err = git_fail(CT_ERROR, "archive: cannot start a batch");
		goto out;
	}
	/* the odb owns the backend now */
	a->mempack = mp;
	mp = NULL;
	a->main_repo = a->repo;
	a->repo = repo;
	repo = NULL;
out:
	if (mp)
		mp->free(mp);
	git_odb_free(odb);
	git_repository_free(repo);
	return err;
}

/* Write what the mempack holds as one packfile in objects/pack. */
static int write_pack(ct_archive *a)
{
	git_buf pack = { 0 };
	git_odb *odb = NULL;
	git_odb_writepack *wp = NULL;
	git_indexer_progress stats;
	int err = 0;

	memset(&stats, 0, sizeof(stats));
	if (git_mempack_dump(&pack, a->repo, a->mempack) < 0) {
		err = git_fail(CT_ERROR, "archive: cannot pack the batch");
		goto out;
	}
	if (git_repository_odb(&odb, a->repo) < 0 ||
	    git_odb_write_pack(&wp, odb, NULL, NULL) < 0 ||
	    wp->append(wp, pack.ptr, pack.size, &stats) < 0 ||
	    wp->commit(wp, &stats) < 0) {
		err = git_fail(CT_EIO, "archive: cannot write the batch's pack to %s", a->path);
		goto out;
	}
out:
	if (wp)
		wp->free(wp);
	git_odb_free(odb);
	git_buf_dispose(&pack);
	return err;
}

static int move_ref(ct_archive *a, const ct_pending_ref *p)
{
	git_reference *ref = NULL;
	struct timespec ts = { 0, 2000000 };
	char name[256];
	int err, attempt;

	snprintf(name, sizeof(name), "refs/heads/%s", p->id);
	for (attempt = 0; attempt < FLUSH_LOCK_ATTEMPTS; attempt++) {
		if (p->had_old)
			err = git_reference_create_matching(&ref, a->repo, name, &p->new, 1, &p->old,
				"claimtrack import");
		else
			err = git_reference_create(&ref, a->repo, name, &p->new, 0, "claimtrack import");
		git_reference_free(ref);
		ref = NULL;
		/* a lock is held only for a moment by a live writer: wait it out */
		if (err != GIT_ELOCKED)
			break;
		nanosleep(&ts, NULL);
	}
	if (err == GIT_EMODIFIED || err == GIT_EEXISTS)
		return CT_ECONFLICT;
	if (err < 0)
		return git_fail(CT_EIO, "archive: cannot update ref for '%s'", p->id);
	return 0;
}

int ct_archive_batch_flush(ct_archive *a)
{
	char conflicts[512];
	size_t i, nconf = 0, used = 0;
	int err = 0, e;

	if (!a->mempack)
		return 0;
	conflicts[0] = '\0';
	/* objects first, durable on disk; only then may a ref point at them */
	if (a->npending && (err = write_pack(a)) < 0)
		goto out;
	git_mempack_reset(a->mempack);
	for (i = 0; i < a->npending; i++) {
		if ((e = move_ref(a, &a->pending[i])) == CT_ECONFLICT) {
			if (used + strlen(a->pending[i].id) + 8 < sizeof(conflicts))
				used += (size_t)snprintf(conflicts + used, sizeof(conflicts) - used,
					"%s'%s'", nconf ? ", " : "", a->pending[i].id);
			nconf++;
		} else if (e < 0 && !err) {
			err = e;
		}
	}
	if (!err && nconf)
		err = ct_error_set(CT_ECONFLICT,
			"archive: %zu document%s changed by another writer during the import, "
			"their new versions were not recorded: %s", nconf, nconf == 1 ? "" : "s",
			conflicts);
	/* refs that did not move leave the cache pointing at unreachable commits */
	if (err)
		a->cache_valid = 0;
out:
	if (err && a->npending)
		git_mempack_reset(a->mempack);
	pending_clear(a);
	return err;
}

void ct_archive_batch_abort(ct_archive *a)
{
	if (!a || !a->mempack)
		return;
	git_mempack_reset(a->mempack);
	pending_clear(a);
	free(a->pending);
	a->pending = NULL;
	a->apending = 0;
	a->cache_valid = 0;
	/* freeing the batch handle frees its odb and the mempack with it */
	git_repository_free(a->repo);
	a->repo = a->main_repo;
	a->main_repo = NULL;
	a->mempack = NULL;
}

int ct_archive_batch_end(ct_archive *a)
{
	int err = ct_archive_batch_flush(a);

	if (a->mempack) {
		int valid = a->cache_valid;

		ct_archive_batch_abort(a);
		/* what was flushed is on disk: the cache still holds */
		a->cache_valid = valid && !err;
	}
	return err;
}
