/* SPDX-License-Identifier: MIT */
/*
 * Sync: fetch every document branch of a remote (libgit2's transports:
 * file://, ssh, https, as git), reconcile each document whose two
 * histories went apart, push the result back.
 *
 * Reconciling is the same for both collectors, so that they agree: the
 * versions after the common base, from both sides, ordered by observation
 * time (then by source bytes, then commit id); a version with the same
 * bytes as the one before it in that order is one version with it (the
 * earlier kept). The longest run at the start that one side already has
 * as commits is kept as it is; the rest are re-made on top of it, with
 * their numbers and figure changes recomputed (archive_chain.c). Nothing
 * either side stored is dropped. A push is forced only where a history was
 * re-made, and only if the remote still holds what was fetched (a lease
 * checked in libgit2's push negotiation); otherwise sync says so and a
 * second run reconciles again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "claimtrack/archive.h"
#include "archive_internal.h"

#define git_fail ct_archive__git_error
#define TRACK "refs/claimtrack/sync/"
#define HEADS "refs/heads/"

typedef struct vers {
	git_oid commit;
	git_oid source;
	int64_t t;
} vers;

typedef struct vvec {
	vers *v;
	size_t n, cap;
} vvec;

static int vvec_push(vvec *vv, const git_commit *c)
{
	git_tree *tree = NULL;
	const git_tree_entry *se;
	vers *e;

	if (vv->n == vv->cap) {
		size_t cap = vv->cap ? vv->cap * 2 : 16;
		vers *nv = realloc(vv->v, cap * sizeof(*nv));

		if (!nv)
			return ct_error_set(CT_ENOMEM, "out of memory");
		vv->v = nv;
		vv->cap = cap;
	}
	e = &vv->v[vv->n++];
	memset(e, 0, sizeof(*e));
	git_oid_cpy(&e->commit, git_commit_id(c));
	e->t = (int64_t)git_commit_time(c);
	if (git_commit_tree(&tree, (git_commit *)c) == 0 &&
	    (se = ct_archive__source_entry(tree)) != NULL)
		git_oid_cpy(&e->source, git_tree_entry_id(se));
	git_tree_free(tree);
	return 0;
}

/* The commits from tip back to base (excluded; NULL: the root), oldest first. */
static int collect(vvec *vv, git_repository *repo, const git_oid *tip, const git_oid *base,
	const char *id)
{
	git_commit *c = NULL, *p = NULL;
	size_t start = vv->n, i, j;
	int err = 0;

	if (git_commit_lookup(&c, repo, tip) < 0)
		return git_fail(CT_EARCHIVE, "sync: cannot read the history of '%s'", id);
	while (!base || !git_oid_equal(git_commit_id(c), base)) {
		if ((err = vvec_push(vv, c)) < 0)
			break;
		if (git_commit_parentcount(c) == 0)
			break;
		if (git_commit_parent(&p, c, 0) < 0) {
			err = git_fail(CT_EARCHIVE, "sync: history of '%s' is broken", id);
			break;
		}
		git_commit_free(c);
		c = p;
	}
	git_commit_free(c);
	for (i = start, j = vv->n; i + 1 < j; i++, j--) {
		vers t = vv->v[i];

		vv->v[i] = vv->v[j - 1];
		vv->v[j - 1] = t;
	}
	return err;
}

static int cmp_vers(const void *x, const void *y)
{
	const vers *a = x, *b = y;
	int c;

	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	if ((c = git_oid_cmp(&a->source, &b->source)) != 0)
		return c;
	return git_oid_cmp(&a->commit, &b->commit);
}

/* How many of merged[] are side[] itself, from the start. */
static size_t common_run(const vvec *merged, const vvec *side)
{
	size_t k = 0;

	while (k < merged->n && k < side->n && git_oid_equal(&merged->v[k].commit, &side->v[k].commit))
		k++;
	return k;
}

/* Claims of commit c, numbered number. */
static int claims_of(ct_claimset *set, ct_archive *a, ct_host *host, const git_oid *c,
	unsigned int *number)
{
	git_commit *commit = NULL;
	ct_archive_version v;
	int err;

	if (git_commit_lookup(&commit, a->repo, c) < 0)
		return git_fail(CT_EARCHIVE, "sync: cannot read a version");
	if ((err = ct_archive__commit_number(number, a, commit)) == 0 &&
	    (err = ct_archive__version_fill(&v, a, commit, *number)) == 0) {
		err = ct_archive_claims(set, a, host, &v);
		ct_version_dispose(&v);
	}
	git_commit_free(commit);
	return err;
}

/* One history from two: *tip gets it, *remade how many commits it re-made. */
static int reconcile(git_oid *tip, size_t *remade, ct_archive *a, ct_host *host, const char *id,
	const git_oid *local, const git_oid *remote)
{
	vvec lv = { NULL, 0, 0 }, rv = { NULL, 0, 0 }, all = { NULL, 0, 0 };
	ct_claimset prev = CT_CLAIMSET_INIT;
	git_oid base, keep, *rest = NULL;
	unsigned int number = 0;
	size_t i, k, kl, kr;
	int err, has_base;

	*remade = 0;
	err = git_merge_base(&base, a->repo, local, remote);
	if (err < 0 && err != GIT_ENOTFOUND)
		return git_fail(CT_EARCHIVE, "sync: cannot compare the histories of '%s'", id);
	has_base = err == 0;
	git_error_clear();
	if ((err = collect(&lv, a->repo, local, has_base ? &base : NULL, id)) < 0 ||
	    (err = collect(&rv, a->repo, remote, has_base ? &base : NULL, id)) < 0)
		goto out;
	if (!(all.v = malloc((lv.n + rv.n) * sizeof(*all.v)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	if (lv.n)
		memcpy(all.v, lv.v, lv.n * sizeof(*all.v));
	if (rv.n)
		memcpy(all.v + lv.n, rv.v, rv.n * sizeof(*all.v));
	all.n = lv.n + rv.n;
	qsort(all.v, all.n, sizeof(*all.v), cmp_vers);
	/* the same bytes as the version before: one version */
	{
		git_oid last;
		int have_last = 0;

		if (has_base) {
			vvec bv = { NULL, 0, 0 };
			git_commit *bc = NULL;

			if (git_commit_lookup(&bc, a->repo, &base) == 0 && vvec_push(&bv, bc) == 0) {
				git_oid_cpy(&last, &bv.v[0].source);
				have_last = 1;
			}
			git_commit_free(bc);
			free(bv.v);
		}
		for (i = 0, k = 0; i < all.n; i++) {
			if (have_last && git_oid_equal(&last, &all.v[i].source))
				continue;
			git_oid_cpy(&last, &all.v[i].source);
			have_last = 1;
			all.v[k++] = all.v[i];
		}
		all.n = k;
	}
	/* keep the longer run one side already has; re-make the rest on it */
	kl = common_run(&all, &lv);
	kr = common_run(&all, &rv);
	k = kr >= kl ? kr : kl;
	if (k) {
		git_oid_cpy(&keep, &all.v[k - 1].commit);
	} else if (has_base) {
		git_oid_cpy(&keep, &base);
	}
	if (k == all.n) {
		git_oid_cpy(tip, k ? &keep : has_base ? &base : remote);
		goto out;
	}
	if ((k || has_base) && (err = claims_of(&prev, a, host, &keep, &number)) < 0)
		goto out;
	if (!(rest = malloc((all.n - k) * sizeof(*rest)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = k; i < all.n; i++)
		git_oid_cpy(&rest[i - k], &all.v[i].commit);
	err = ct_archive__rechain(tip, a, host, id, k || has_base ? &keep : NULL, number, &prev,
		rest, all.n - k);
	*remade = all.n - k;
out:
	free(rest);
	free(lv.v);
	free(rv.v);
	free(all.v);
	ct_claimset_clear(&prev);
	return err;
}

/* ---- push, with a lease ---- */

typedef struct lease {
	const ct_ref *fetched;    /* the remote's branches as fetched, sorted */
	size_t n;
	size_t rejected;
	char why[512];
} lease;

static const ct_ref *fetched_find(const lease *l, const char *name)
{
	size_t lo = 0, hi = l->n, plen = strlen(TRACK);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->fetched[mid].name + plen, name);

		if (!c)
			return &l->fetched[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Before anything is sent: the remote must still hold what was fetched. */
static int negotiate(const git_push_update **updates, size_t len, void *payload)
{
	lease *l = payload;
	size_t i;

	for (i = 0; i < len; i++) {
		const char *name = updates[i]->dst_refname;
		const ct_ref *f;

		if (strncmp(name, HEADS, strlen(HEADS)))
			continue;
		f = fetched_find(l, name + strlen(HEADS));
		if (f ? !git_oid_equal(&f->oid, &updates[i]->src) : !git_oid_is_zero(&updates[i]->src)) {
			snprintf(l->why, sizeof(l->why),
				"the remote's %s changed after it was fetched (another collector pushed); "
				"nothing was pushed, run sync again", name);
			git_error_set_str(GIT_ERROR_NET, l->why);
			return -1;
		}
	}
	return 0;
}

static int update_ref_cb(const char *refname, const char *status, void *payload)
{
	lease *l = payload;

	if (status) {
		if (!l->rejected++)
			snprintf(l->why, sizeof(l->why), "the remote refused %s: %s", refname, status);
	}
	return 0;
}

/* A push refspec: [+]refs/heads/<id>:refs/heads/<id>. */
static int spec_push(char ***v, size_t *n, size_t *cap, int force, const char *id)
{
	size_t len = 2 * (strlen(HEADS) + strlen(id)) + 3;

	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		char **nv = realloc(*v, nc * sizeof(*nv));

		if (!nv)
			return ct_error_set(CT_ENOMEM, "out of memory");
		*v = nv;
		*cap = nc;
	}
	if (!((*v)[*n] = malloc(len)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	snprintf((*v)[*n], len, "%s" HEADS "%s:" HEADS "%s", force ? "+" : "", id, id);
	(*n)++;
	return 0;
}

static int open_remote(git_remote **out, ct_archive *a, const char *remote)
{
	if (git_remote_lookup(out, a->repo, remote) == 0)
		return 0;
	git_error_clear();
	if (git_remote_create_anonymous(out, a->repo, remote) < 0)
		return git_fail(CT_EINVAL, "sync: '%s' is neither a remote of the archive nor a URL",
			remote);
	return 0;
}

int ct_archive_sync(ct_sync_stats *st, ct_archive *a, ct_host *host, const char *remote)
{
	static char fetch_spec[] = "+" HEADS "*:" TRACK "*";
	char *fspecs[1] = { fetch_spec }, **pspecs = NULL;
	git_strarray fetch_refspecs = { fspecs, 1 }, push_refspecs;
	git_fetch_options fo;
	git_push_options po;
	git_remote *r = NULL;
	ct_ref *fetched = NULL, *local = NULL;
	size_t nfetched = 0, nlocal = 0, npspecs = 0, cap = 0, i, j;
	lease l;
	int err;

	memset(st, 0, sizeof(*st));
	memset(&l, 0, sizeof(l));
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	if (a->sink)
		return ct_error_set(CT_EINVAL, "sync: cannot run inside a batch");
	if ((err = open_remote(&r, a, remote)) < 0)
		return err;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	if (git_remote_fetch(r, &fetch_refspecs, &fo, "claimtrack sync") < 0) {
		err = git_fail(CT_EIO, "sync: cannot fetch from %s", remote);
		goto out;
	}
	if ((err = ct_refs_list(&fetched, &nfetched, a->refs, TRACK)) < 0 ||
	    (err = ct_refs_list(&local, &nlocal, a->refs, HEADS)) < 0)
		goto out;
	/* both lists are sorted: walk them side by side */
	for (i = 0, j = 0; i < nfetched || j < nlocal;) {
		const char *rid = i < nfetched ? fetched[i].name + strlen(TRACK) : NULL;
		const char *lid = j < nlocal ? local[j].name + strlen(HEADS) : NULL;
		int c = !rid ? 1 : !lid ? -1 : strcmp(rid, lid);
		const char *id = c <= 0 ? rid : lid;
		git_oid tip;
		size_t remade;
		int e;

		if (ct_archive_id_check(id) < 0 || (c <= 0 && fetched[i].damaged) ||
		    (c >= 0 && local[j].damaged)) {
			/* the marker branch, hand-made branches, damage: pushed as they are */
			ct_error_clear();
			if (c > 0 && !local[j].damaged && !strcmp(id, "_claimtrack") &&
			    (err = spec_push(&pspecs, &npspecs, &cap, 0, id)) < 0)
				goto out;
			i += c <= 0;
			j += c >= 0;
			continue;
		}
		if (c < 0) {
			/* only the remote has it */
			st->fetched++;
			e = ct_archive__move_ref(a, id, &fetched[i].oid, NULL);
		} else if (c > 0) {
			/* only here: pushed */
			e = spec_push(&pspecs, &npspecs, &cap, 0, id);
		} else if (git_oid_equal(&fetched[i].oid, &local[j].oid)) {
			st->unchanged++;
			e = 0;
		} else if ((e = reconcile(&tip, &remade, a, host, id, &local[j].oid,
			&fetched[i].oid)) == 0) {
			int ff_remote = git_graph_descendant_of(a->repo, &tip, &fetched[i].oid) == 1;

			git_error_clear();
			if (remade)
				st->merged++, st->remade += remade;
			else
				st->fetched += !git_oid_equal(&tip, &local[j].oid);
			if (!git_oid_equal(&tip, &local[j].oid) &&
			    (e = ct_archive__move_ref(a, id, &tip, &local[j].oid)) == CT_REFS_MOVED) {
				/* a writer added to it meanwhile: the next sync takes it */
				st->busy++;
				e = 0;
			} else if (e == 0 && !git_oid_equal(&tip, &fetched[i].oid)) {
				e = spec_push(&pspecs, &npspecs, &cap, !ff_remote, id);
			}
		}
		if (e == CT_REFS_MOVED) {
			st->busy++;
			e = 0;
		}
		if (e < 0) {
			err = ct_error_wrap(e, "sync: '%s'", id);
			goto out;
		}
		i += c <= 0;
		j += c >= 0;
	}
	if (npspecs) {
		l.fetched = fetched;
		l.n = nfetched;
		po.callbacks.push_negotiation = negotiate;
		po.callbacks.push_update_reference = update_ref_cb;
		po.callbacks.payload = &l;
		push_refspecs.strings = pspecs;
		push_refspecs.count = npspecs;
		if (git_remote_push(r, &push_refspecs, &po) < 0) {
			err = l.why[0] ? ct_error_set(CT_ECONFLICT, "sync: %s", l.why) :
				git_fail(CT_EIO, "sync: cannot push to %s", remote);
			goto out;
		}
		if (l.rejected) {
			err = ct_error_set(CT_ECONFLICT, "sync: %s (%zu refused)", l.why, l.rejected);
			goto out;
		}
		st->pushed = npspecs;
	}
out:
	ct_strings_free(pspecs, npspecs);
	ct_refs_list_free(fetched, nfetched);
	ct_refs_list_free(local, nlocal);
	git_remote_free(r);
	return err;
}
