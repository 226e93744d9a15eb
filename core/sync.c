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
 *
 * The watch state (branch _watch, one watch.json) goes along, merged
 * source by source against the state both sides last shared (their merge
 * base): a source one side dropped stays dropped, one changed on one side
 * takes that change, one changed on both is taken from the side that
 * checked it last; so two collectors watching one list share what each
 * has seen. States with no common base (each made apart): every source
 * either holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <jansson.h>

#include "claimtrack/archive.h"
#include "claimtrack/watch.h"
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

	if (ct_archive__commit(&c, repo, tip) < 0)
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

	if (ct_archive__commit(&commit, a->repo, c) < 0)
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

			if (ct_archive__commit(&bc, a->repo, &base) == 0 && vvec_push(&bv, bc) == 0) {
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

/* What one sync is doing: the two sides' branches and what to push. */
typedef struct syncing {
	ct_archive *a;
	ct_host *host;
	ct_sync_stats *st;
	ct_ref *fetched, *local;  /* sorted by name */
	size_t nfetched, nlocal;
	char **pspecs;
	size_t npspecs, cap;
} syncing;

/* ---- the watch state: one JSON file, merged source by source ---- */

#define WATCH_BRANCH "_watch"
#define WATCH_REF HEADS WATCH_BRANCH

/* The watch state commit c holds (watch.json), parsed. */
static int watch_load(json_t **out, ct_archive *a, const git_oid *c)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_blob *blob = NULL;
	const git_tree_entry *e;
	json_error_t je;
	int err = 0;

	*out = NULL;
	git_oid_tostr(hex, sizeof(hex), c);
	if (ct_archive__commit(&commit, a->repo, c) < 0 || git_commit_tree(&tree, commit) < 0 ||
	    !(e = git_tree_entry_byname(tree, "watch.json")) ||
	    git_blob_lookup(&blob, a->repo, git_tree_entry_id(e)) < 0) {
		err = git_fail(CT_EARCHIVE, "sync: the watch state %s holds no watch.json", hex);
	} else if (!(*out = json_loadb(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), 0,
		&je)) || !json_is_object(json_object_get(*out, "sources"))) {
		err = ct_error_set(CT_EARCHIVE, "sync: the watch state %s (branch " WATCH_BRANCH
			") is damaged: %s", hex, *out ? "no sources" : je.text);
		json_decref(*out);
		*out = NULL;
	}
	git_blob_free(blob);
	git_tree_free(tree);
	git_commit_free(commit);
	return err;
}

/* The later of two states of one source: the one checked last ("last"),
 * on a tie the one whose text sorts last, so that both collectors choose
 * the same. */
static const json_t *watch_later(const json_t *x, const json_t *y)
{
	json_int_t tx = json_integer_value(json_object_get(x, "last"));
	json_int_t ty = json_integer_value(json_object_get(y, "last"));
	char *dx, *dy;
	int c;

	if (tx != ty)
		return tx > ty ? x : y;
	dx = json_dumps(x, JSON_SORT_KEYS | JSON_COMPACT);
	dy = json_dumps(y, JSON_SORT_KEYS | JSON_COMPACT);
	c = dx && dy ? strcmp(dx, dy) : 0;
	free(dx);
	free(dy);
	return c >= 0 ? x : y;
}

/*
 * One source in the three-way merge: b its state at the merge base, x and
 * y on the two sides (NULL: not there). The state to keep (NULL: none): a
 * source one side dropped since the base stays dropped; one only one side
 * changed takes that side's; changed on both, the later check. One the
 * base lacks (added since, or there is no base) is kept from either side,
 * from the later check if both have it.
 */
static const json_t *watch_pick(const json_t *b, const json_t *x, const json_t *y)
{
	if (!x || !y)
		return b ? NULL : x ? x : y;
	if (b && json_equal(x, b))
		return y;
	if (b && json_equal(y, b))
		return x;
	return watch_later(x, y);
}

/* The sources of local and remote merged against those of base (NULL:
 * there is no common base: their union); the rest as local has it. */
static json_t *watch_merge(const json_t *base, const json_t *local, const json_t *remote)
{
	const json_t *bs = base ? json_object_get(base, "sources") : NULL;
	const json_t *ls = json_object_get(local, "sources"), *rs = json_object_get(remote, "sources");
	json_t *m = json_deep_copy(local), *ms, *v;
	const char *k;

	if (!m)
		return NULL;
	ms = json_object_get(m, "sources");
	json_object_foreach((json_t *)rs, k, v) {
		const json_t *mine = json_object_get(ls, k);
		const json_t *keep = watch_pick(json_object_get(bs, k), mine, v);

		if (!keep)
			json_object_del(ms, k);
		else if (keep != mine && json_object_set(ms, k, (json_t *)keep) < 0)
			goto fail;
	}
	json_object_foreach((json_t *)ls, k, v)
		if (!json_object_get(rs, k) && !watch_pick(json_object_get(bs, k), v, NULL))
			json_object_del(ms, k);
	return m;
fail:
	json_decref(m);
	return NULL;
}

/* The state at the merge base of l and r (*out NULL: they have none). */
static int watch_base(json_t **out, ct_archive *a, const git_oid *l, const git_oid *r)
{
	git_oid base;
	int e = git_merge_base(&base, a->repo, l, r);

	*out = NULL;
	if (e == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (e < 0)
		return git_fail(CT_EARCHIVE, "sync: cannot find where the watch states went apart");
	return watch_load(out, a, &base);
}

/* The two collectors' watch states (r, l: NULL when that side has none)
 * made one: a side that only added to the other's is taken or pushed as
 * it is; else the two are merged against their merge base, in a commit
 * whose parents are both (so the next sync's base is this merge). */
static int sync_watch(syncing *s, const git_oid *r, const git_oid *l)
{
	char *text = NULL;
	json_t *ls = NULL, *rs = NULL, *bs = NULL, *m = NULL;
	int err;

	if (!l)
		return ct_refs_update(s->a->refs, WATCH_REF, r, NULL, s->a->durable);
	if (!r || git_oid_equal(r, l))
		return r ? 0 : spec_push(&s->pspecs, &s->npspecs, &s->cap, 0, WATCH_BRANCH);
	if (git_graph_descendant_of(s->a->repo, r, l) == 1)
		return ct_refs_update(s->a->refs, WATCH_REF, r, l, s->a->durable);
	if (git_graph_descendant_of(s->a->repo, l, r) == 1)
		return spec_push(&s->pspecs, &s->npspecs, &s->cap, 0, WATCH_BRANCH);
	git_error_clear();
	if ((err = watch_load(&ls, s->a, l)) < 0 || (err = watch_load(&rs, s->a, r)) < 0 ||
	    (err = watch_base(&bs, s->a, l, r)) < 0)
		goto out;
	if (!(m = watch_merge(bs, ls, rs))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
	} else if (json_equal(m, rs)) {
		/* the remote's has all of it: take that commit */
		err = ct_refs_update(s->a->refs, WATCH_REF, r, l, s->a->durable);
	} else if (!(text = json_dumps(m, JSON_SORT_KEYS | JSON_INDENT(1)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
	} else if ((err = ct_archive__state_write(s->a, "watch", text, strlen(text), l, r,
		NULL)) == CT_ECONFLICT) {
		/* a watch round saved meanwhile: the next sync takes it */
		ct_error_clear();
		err = CT_REFS_MOVED;
	} else if (err == 0) {
		/* a descendant of the remote's: no force needed */
		err = spec_push(&s->pspecs, &s->npspecs, &s->cap, 0, WATCH_BRANCH);
	}
out:
	free(text);
	json_decref(ls);
	json_decref(rs);
	json_decref(bs);
	json_decref(m);
	return err;
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

/* Document id, on both sides (its remote tip *r, its own *l): one history. */
static int sync_both(syncing *s, const char *id, const git_oid *l, const git_oid *r)
{
	git_oid tip;
	size_t remade;
	int e, ff_remote;

	if (git_oid_equal(r, l)) {
		s->st->unchanged++;
		return 0;
	}
	if ((e = reconcile(&tip, &remade, s->a, s->host, id, l, r)) < 0)
		return e;
	ff_remote = git_graph_descendant_of(s->a->repo, &tip, r) == 1;
	git_error_clear();
	if (remade)
		s->st->merged++, s->st->remade += remade;
	else
		s->st->fetched += !git_oid_equal(&tip, l);
	if (!git_oid_equal(&tip, l) && (e = ct_archive__move_ref(s->a, id, &tip, l)) != 0)
		return e;   /* CT_REFS_MOVED: a writer added to it meanwhile, the next sync takes it */
	if (!git_oid_equal(&tip, r))
		return spec_push(&s->pspecs, &s->npspecs, &s->cap, !ff_remote, id);
	return 0;
}

/* One branch: remote tip r and local tip l, either NULL when that side
 * does not have it. */
static int sync_one(syncing *s, const char *id, const ct_ref *r, const ct_ref *l)
{
	int e;

	if (!strcmp(id, WATCH_BRANCH) && !(r && r->damaged) && !(l && l->damaged))
		e = sync_watch(s, r ? &r->oid : NULL, l ? &l->oid : NULL);
	else if (ct_archive_id_check(id) < 0 || (r && r->damaged) || (l && l->damaged)) {
		/* the marker branch, hand-made branches, damage: pushed as they are */
		ct_error_clear();
		e = !r && !l->damaged && !strcmp(id, "_claimtrack") ?
			spec_push(&s->pspecs, &s->npspecs, &s->cap, 0, id) : 0;
	} else if (!l) {
		/* only the remote has it */
		s->st->fetched++;
		e = ct_archive__move_ref(s->a, id, &r->oid, NULL);
	} else if (!r) {
		/* only here: pushed */
		e = spec_push(&s->pspecs, &s->npspecs, &s->cap, 0, id);
	} else {
		e = sync_both(s, id, &l->oid, &r->oid);
	}
	if (e == CT_REFS_MOVED) {
		s->st->busy++;
		e = 0;
	}
	return e < 0 ? ct_error_wrap(e, "sync: '%s'", id) : 0;
}

/* Send what sync_one queued, if the remote still holds what was fetched. */
static int push_specs(syncing *s, git_remote *r, const char *remote)
{
	git_strarray specs;
	git_push_options po;
	lease l;

	if (!s->npspecs)
		return 0;
	memset(&l, 0, sizeof(l));
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	l.fetched = s->fetched;
	l.n = s->nfetched;
	po.callbacks.push_negotiation = negotiate;
	po.callbacks.push_update_reference = update_ref_cb;
	po.callbacks.payload = &l;
	specs.strings = s->pspecs;
	specs.count = s->npspecs;
	if (git_remote_push(r, &specs, &po) < 0)
		return l.why[0] ? ct_error_set(CT_ECONFLICT, "sync: %s", l.why) :
			git_fail(CT_EIO, "sync: cannot push to %s", remote);
	if (l.rejected)
		return ct_error_set(CT_ECONFLICT, "sync: %s (%zu refused)", l.why, l.rejected);
	s->st->pushed = s->npspecs;
	return 0;
}

int ct_archive_sync(ct_sync_stats *st, ct_archive *a, ct_host *host, const char *remote)
{
	static char fetch_spec[] = "+" HEADS "*:" TRACK "*";
	char *fspecs[1] = { fetch_spec };
	git_strarray fetch_refspecs = { fspecs, 1 };
	git_fetch_options fo;
	git_remote *r = NULL;
	syncing s;
	size_t i, j;
	int err;

	memset(st, 0, sizeof(*st));
	memset(&s, 0, sizeof(s));
	s.a = a;
	s.host = host;
	s.st = st;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
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
	if ((err = ct_refs_list(&s.fetched, &s.nfetched, a->refs, TRACK)) < 0 ||
	    (err = ct_refs_list(&s.local, &s.nlocal, a->refs, HEADS)) < 0)
		goto out;
	/* both lists are sorted: walk them side by side */
	for (i = 0, j = 0; !err && (i < s.nfetched || j < s.nlocal);) {
		const char *rid = i < s.nfetched ? s.fetched[i].name + strlen(TRACK) : NULL;
		const char *lid = j < s.nlocal ? s.local[j].name + strlen(HEADS) : NULL;
		int c = !rid ? 1 : !lid ? -1 : strcmp(rid, lid);

		err = sync_one(&s, c <= 0 ? rid : lid, c <= 0 ? &s.fetched[i] : NULL,
			c >= 0 ? &s.local[j] : NULL);
		i += c <= 0;
		j += c >= 0;
	}
	if (!err)
		err = push_specs(&s, r, remote);
out:
	ct_strings_free(s.pspecs, s.npspecs);
	ct_refs_list_free(s.fetched, s.nfetched);
	ct_refs_list_free(s.local, s.nlocal);
	git_remote_free(r);
	return err;
}
