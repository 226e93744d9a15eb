/* SPDX-License-Identifier: MIT */
/*
 * Keeping an archive honest and small: verify re-derives every stored
 * version from its source; gc packs what is reachable and drops only what
 * that pack makes redundant (or what is unreachable and old).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include "archive_internal.h"

#define git_fail ct_archive__git_error

/* ---- verify ---- */

static int set_why(ct_verify_status *status, ct_buf *why, ct_verify_status st,
	const char *msg)
{
	*status = st;
	ct_buf_clear(why);
	return ct_buf_puts(why, msg);
}

int ct_archive_verify_version(ct_verify_status *status, ct_buf *why, ct_archive *a,
	ct_host *host, const ct_archive_version *v)
{
	ct_buf text = CT_BUF_INIT, claims = CT_BUF_INIT;
	ct_buf want_text = CT_BUF_INIT, want_claims = CT_BUF_INIT;
	ct_claimset set = CT_CLAIMSET_INIT;
	ct_doc *doc = NULL;
	char label[300], plugin[200];
	int err = 0, drifted;

	*status = CT_VERIFY_OK;
	snprintf(label, sizeof(label), "version %u (%.12s)", v->number, v->commit);
	/* every read below goes through libgit2's hash check */
	if (ct_archive_read(&text, a, v, "text") < 0 ||
	    ct_archive_read(&claims, a, v, "claims") < 0) {
		err = set_why(status, why, CT_VERIFY_CORRUPT, ct_error_last());
		goto out;
	}
	if (ct_archive__derive(&doc, &set, a, host, v, label) < 0) {
		/* a missing plugin is not damage, but the version is unchecked */
		err = set_why(status, why, ct_error_last_code() == CT_EPLUGIN ?
			CT_VERIFY_DRIFT : CT_VERIFY_CORRUPT, ct_error_last());
		goto out;
	}
	if ((err = ct_archive__render_text(&want_text, doc)) < 0 ||
	    (err = ct_archive__render_claims(&want_claims, &set)) < 0)
		goto out;
	if (want_text.len == text.len && !memcmp(want_text.ptr, text.ptr, text.len) &&
	    want_claims.len == claims.len && !memcmp(want_claims.ptr, claims.ptr, claims.len))
		goto out;
	snprintf(plugin, sizeof(plugin), "%s %s", doc->type,
		doc->plugin_version ? doc->plugin_version : "0");
	drifted = !v->extractor || strcmp(v->extractor, CT_EXTRACTOR_VERSION) ||
		!v->plugin || strcmp(v->plugin, plugin);
	if (drifted) {
		*status = CT_VERIFY_DRIFT;
		ct_buf_clear(why);
		err = ct_buf_printf(why, "%s differs from what plugin %s and extractor %s derive "
			"now (stored by %s, extractor %s)",
			want_text.len != text.len || memcmp(want_text.ptr, text.ptr, text.len) ?
			"text.txt" : "claims.txt", plugin, CT_EXTRACTOR_VERSION,
			v->plugin ? v->plugin : "?", v->extractor ? v->extractor : "?");
	} else {
		err = set_why(status, why, CT_VERIFY_CORRUPT,
			want_text.len != text.len || memcmp(want_text.ptr, text.ptr, text.len) ?
			"text.txt does not match what its source derives with the same plugin and extractor" :
			"claims.txt does not match what its source derives with the same plugin and extractor");
	}
out:
	ct_doc_free(doc);
	ct_claimset_clear(&set);
	ct_buf_dispose(&text);
	ct_buf_dispose(&claims);
	ct_buf_dispose(&want_text);
	ct_buf_dispose(&want_claims);
	return err < 0 ? err : 0;
}

/* ---- gc ---- */

static uint64_t du(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	struct stat st;
	char sub[4096];
	uint64_t total = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (lstat(sub, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			total += du(sub);
		else
			total += (uint64_t)st.st_size;
	}
	closedir(d);
	return total;
}

static uint64_t archive_bytes(const ct_archive *a)
{
	char p[4096];
	uint64_t n;

	snprintf(p, sizeof(p), "%s/objects", a->gitdir);
	n = du(p);
	snprintf(p, sizeof(p), "%s/refs", a->gitdir);
	n += du(p);
	snprintf(p, sizeof(p), "%s/packed-refs", a->gitdir);
	{
		struct stat st;

		if (stat(p, &st) == 0)
			n += (uint64_t)st.st_size;
	}
	return n;
}

/* An odb over one pack only: "is this object in the new pack?" */
static int pack_odb(git_odb **out, const char *idx)
{
	git_odb_backend *b = NULL;
	git_odb *odb = NULL;

	*out = NULL;
	if (git_odb_new(&odb) < 0 || git_odb_backend_one_pack(&b, idx) < 0 ||
	    git_odb_add_backend(odb, b, 1) < 0) {
		if (b && !odb)
			b->free(b);
		git_odb_free(odb);
		return git_fail(CT_EARCHIVE, "archive: cannot open pack %s", idx);
	}
	*out = odb;
	return 0;
}

typedef struct contained {
	git_odb *in;
	int all;
} contained;

static int check_one(const git_oid *id, void *payload)
{
	contained *c = payload;

	if (!git_odb_exists(c->in, id)) {
		c->all = 0;
		return 1;   /* stop: one missing object is enough */
	}
	return 0;
}

static int old_enough(const struct stat *st, time_t now, int64_t grace)
{
	return grace <= 0 || (int64_t)(now - st->st_mtime) >= grace;
}

/* Drop loose objects the new pack holds, and unreachable ones past grace. */
static void prune_loose(ct_gc_stats *stats, const ct_archive *a, git_odb *packed,
	int64_t grace)
{
	char dir[4096], file[4400], hex[GIT_OID_HEXSZ + 1];
	struct dirent *e, *f;
	struct stat st;
	time_t now = time(NULL);
	DIR *top, *sub;
	git_oid oid;

	snprintf(dir, sizeof(dir), "%s/objects", a->gitdir);
	if (!(top = opendir(dir)))
		return;
	while ((e = readdir(top)) != NULL) {
		/* a writer killed in the middle of writing a loose object leaves
		 * its temporary file; past the grace nobody is still writing it */
		if (!strncmp(e->d_name, "tmp_object_git2_", 16)) {
			snprintf(file, sizeof(file), "%s/objects/%s", a->gitdir, e->d_name);
			if (lstat(file, &st) == 0 && S_ISREG(st.st_mode) && old_enough(&st, now, grace) &&
			    unlink(file) == 0)
				stats->tmp_removed++;
			continue;
		}
		if (strlen(e->d_name) != 2 || !strchr("0123456789abcdef", e->d_name[0]) ||
		    !strchr("0123456789abcdef", e->d_name[1]))
			continue;
		snprintf(dir, sizeof(dir), "%s/objects/%s", a->gitdir, e->d_name);
		if (!(sub = opendir(dir)))
			continue;
		while ((f = readdir(sub)) != NULL) {
			if (!strncmp(f->d_name, "tmp_object_git2_", 16)) {
				snprintf(file, sizeof(file), "%s/%s", dir, f->d_name);
				if (lstat(file, &st) == 0 && S_ISREG(st.st_mode) &&
				    old_enough(&st, now, grace) && unlink(file) == 0)
					stats->tmp_removed++;
				continue;
			}
			if (strlen(f->d_name) != GIT_OID_HEXSZ - 2)
				continue;
			snprintf(hex, sizeof(hex), "%s%s", e->d_name, f->d_name);
			snprintf(file, sizeof(file), "%s/%s", dir, f->d_name);
			if (git_oid_fromstr(&oid, hex) < 0 || lstat(file, &st) < 0)
				continue;
			/* in the pack: redundant. Not in it: unreachable, so wait out
			 * the grace a writer between object and ref may need */
			if (git_odb_exists(packed, &oid) || old_enough(&st, now, grace)) {
				if (unlink(file) == 0)
					stats->loose_removed++;
			}
		}
		closedir(sub);
		rmdir(dir);  /* fails harmlessly unless empty */
	}
	closedir(top);
}

static void prune_packs(ct_gc_stats *stats, ct_archive *a, git_odb *packed,
	const char *keep, int64_t grace)
{
	char dir[4096], idx[4400], pack[4400];
	struct dirent *e;
	struct stat st;
	time_t now = time(NULL);
	char (*gone)[41] = NULL, (*ng)[41];
	size_t ngone = 0, agone = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/objects/pack", a->gitdir);
	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		git_odb *old = NULL;
		contained c;

		/* a writer killed while writing a batch leaves a temporary file, or
		 * a pack whose .idx never arrived: nobody can read either, and
		 * past the grace nobody is still writing them */
		if (!strncmp(e->d_name, "tmp_pack_", 9) || !strncmp(e->d_name, "tmp_idx_", 8) ||
		    (n > 10 && !strncmp(e->d_name, "pack-", 5) && !strcmp(e->d_name + n - 5, ".pack"))) {
			snprintf(pack, sizeof(pack), "%s/%s", dir, e->d_name);
			snprintf(idx, sizeof(idx), "%s/%.*s.idx", dir, (int)(n - 5), e->d_name);
			if (lstat(pack, &st) == 0 && old_enough(&st, now, grace) &&
			    (e->d_name[0] == 't' || access(idx, F_OK) != 0))
				unlink(pack);
			continue;
		}
		if (n < 10 || strncmp(e->d_name, "pack-", 5) || strcmp(e->d_name + n - 4, ".idx") ||
		    strstr(e->d_name, keep))
			continue;
		snprintf(idx, sizeof(idx), "%s/%s", dir, e->d_name);
		snprintf(pack, sizeof(pack), "%s/%.*s.pack", dir, (int)(n - 4), e->d_name);
		/* a .keep file says someone wants this pack left alone */
		{
			char kf[4400];

			snprintf(kf, sizeof(kf), "%s/%.*s.keep", dir, (int)(n - 4), e->d_name);
			if (access(kf, F_OK) == 0)
				continue;
		}
		if (lstat(idx, &st) < 0 || pack_odb(&old, idx) < 0) {
			ct_error_clear();
			continue;
		}
		c.in = packed;
		c.all = 1;
		git_odb_foreach(old, check_one, &c);
		git_odb_free(old);
		if (!(c.all || old_enough(&st, now, grace)) || n != 49)
			continue;
		if (ngone == agone) {
			agone = agone ? agone * 2 : 16;
			if (!(ng = realloc(gone, agone * sizeof(*gone))))
				break;   /* those listed so far go; the rest wait for the next gc */
			gone = ng;
		}
		memcpy(gone[ngone], e->d_name + 5, 40);
		gone[ngone++][40] = '\0';
	}
	closedir(d);
	/* all at once, under the lock an import merges its packs under */
	if (ct_archive__packs_retire(a, (const char (*)[41])gone, ngone) == 0)
		stats->packs_removed += ngone;
	else
		ct_error_clear();
	free(gone);
}

int ct_archive_gc(ct_gc_stats *stats, ct_archive *a, const ct_gc_options *opts)
{
	ct_gc_options def = CT_GC_OPTIONS_INIT;
	git_packbuilder *pb = NULL;
	git_revwalk *walk = NULL;
	git_odb *packed = NULL, *odb = NULL;
	ct_ref *refs = NULL;
	ct_lock plock = CT_LOCK_INIT;
	size_t nrefs = 0, i;
	char packdir[4096], idx[4400];
	const char *name;
	int64_t grace;
	int err = 0;

	memset(stats, 0, sizeof(*stats));
	if (!opts)
		opts = &def;
	if (a->sink)
		return ct_error_set(CT_EINVAL, "archive: gc cannot run inside a batch");
	grace = opts->prune_now ? 0 : opts->grace_seconds;
	stats->bytes_before = archive_bytes(a);
	snprintf(packdir, sizeof(packdir), "%s/objects/pack", a->gitdir);
	if (git_repository_odb(&odb, a->repo) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot open the objects of %s", a->path);
	/* dead writers' locks first, so that nothing below waits on them */
	ct_refs_clear_stale_locks(&stats->locks_cleared, a->refs);
	if ((err = ct_refs_pack(&stats->refs_packed, a->refs, a->repo, a->durable)) < 0) {
		err = ct_error_wrap(err, "archive: cannot pack the refs of %s", a->path);
		goto out;
	}
	if ((err = ct_refs_list(&refs, &nrefs, a->refs, "refs/")) < 0)
		goto out;
	if (git_revwalk_new(&walk, a->repo) < 0 || git_packbuilder_new(&pb, a->repo) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot walk %s", a->path);
		goto out;
	}
	/* every ref keeps its history, a document's or not; a damaged one
	 * cannot, and verify names it */
	for (i = 0; i < nrefs; i++) {
		git_object_t type;
		size_t len;

		if (refs[i].damaged || git_odb_read_header(&len, &type, odb, &refs[i].oid) < 0 ||
		    type != GIT_OBJECT_COMMIT)
			continue;
		if (git_revwalk_push(walk, &refs[i].oid) < 0) {
			err = git_fail(CT_EARCHIVE, "archive: cannot walk %s", refs[i].name);
			goto out;
		}
	}
	git_error_clear();
	git_packbuilder_set_threads(pb, 0);
	if (git_packbuilder_insert_walk(pb, walk) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot collect the objects of %s", a->path);
		goto out;
	}
	stats->objects_packed = git_packbuilder_object_count(pb);
	if (stats->objects_packed == 0)
		goto done;
	/* the pack must be on disk for good before what it replaces goes */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	err = git_packbuilder_write(pb, packdir, 0, NULL, NULL);
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, a->durable);
	if (err < 0) {
		err = git_fail(CT_EIO, "archive: cannot write a pack in %s", packdir);
		goto out;
	}
	name = git_packbuilder_name(pb);
	snprintf(idx, sizeof(idx), "%s/pack-%s.idx", packdir, name);
	if ((err = pack_odb(&packed, idx)) < 0)
		goto out;
	prune_loose(stats, a, packed, grace);
	/* an import's merge does not remove packs meanwhile */
	if ((err = ct_archive__packs_lock(&plock, a)) < 0)
		goto out;
	prune_packs(stats, a, packed, name, grace);
	ct_lock_release(&plock);
done:
	stats->bytes_after = archive_bytes(a);
out:
	git_odb_free(packed);
	git_packbuilder_free(pb);
	git_revwalk_free(walk);
	git_odb_free(odb);
	ct_refs_list_free(refs, nrefs);
	return err;
}
