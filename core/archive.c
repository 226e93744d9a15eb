/* SPDX-License-Identifier: MIT */
/*
 * The archive: a bare git repository written directly through libgit2.
 *
 * One branch per document (refs/heads/<id>), a linear chain of commits,
 * one per distinct version. No index and no working tree: blobs, a tree
 * and a commit are written first, then the branch moves by compare-and-swap
 * against the tip the commit was built on. A writer that loses the race
 * rebuilds its commit on the new tip and tries again, so concurrent writers
 * never drop a version and a crash never leaves a ref to a missing object.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "claimtrack/archive.h"
#include "claimtrack/diff.h"
#include "claimtrack/text.h"
#include "archive_internal.h"
#include "claims_internal.h"

#define REF_PREFIX "refs/heads/"

/* ---- errors ---- */

/* Our message with context, then libgit2's own reason. */
int ct_archive__git_error(int code, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	char ctx[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	return ct_error_set(code, "%s: %s", ctx,
		e && e->message ? e->message : "unknown libgit2 error");
}
#define git_fail ct_archive__git_error

/* An id as it can be shown in a message: control bytes escaped, cut short. */
static void id_display(char *out, size_t size, const char *id)
{
	size_t o = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)id; *p && o + 8 < size; p++) {
		if (*p < 0x20 || *p == 0x7f || *p >= 0x80)
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", *p);
		else
			out[o++] = (char)*p;
		if (o > 60 && p[1]) {
			o += (size_t)snprintf(out + o, size - o, "...");
			break;
		}
	}
	out[o < size ? o : size - 1] = '\0';
}

/*
 * git resolves a name by looking in the repository directory first: a
 * pseudo-ref (HEAD, FETCH_HEAD, ORIG_HEAD, MERGE_HEAD, any CAPITALS_HEAD,
 * and the few other names git writes there) would shadow refs/heads/<id>,
 * so `git log <id>` would show something else. Such ids are refused.
 */
static int is_pseudoref(const char *id)
{
	static const char *const other[] = {
		"AUTO_MERGE", "BISECT_EXPECTED_REV", "NOTES_MERGE_PARTIAL", "NOTES_MERGE_REF",
		"MERGE_AUTOSTASH", "MERGE_MSG", "MERGE_MODE", "MERGE_RR", "SQUASH_MSG"
	};
	size_t i, n = strlen(id);

	for (i = 0; i < n; i++)
		if (!((id[i] >= 'A' && id[i] <= 'Z') || id[i] == '_'))
			return 0;
	if (n >= 4 && !strcmp(id + n - 4, "HEAD"))
		return 1;
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (!strcmp(id, other[i]))
			return 1;
	return 0;
}

int ct_archive_id_check(const char *id)
{
	char shown[96];
	size_t i, n;

	if (!id || !*id)
		return ct_error_set(CT_EINVAL, "document id is empty");
	id_display(shown, sizeof(shown), id);
	n = strlen(id);
	if (n > CT_ARCHIVE_ID_MAX)
		return ct_error_set(CT_EINVAL, "document id '%s' is %zu bytes long; the limit is %d",
			shown, n, CT_ARCHIVE_ID_MAX);
	if (strstr(id, ".."))
		return ct_error_set(CT_EINVAL, "document id '%s': '..' is not allowed", shown);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];

		if (c < 0x20 || c == 0x7f)
			return ct_error_set(CT_EINVAL,
				"document id '%s': control character 0x%02x is not allowed", shown, c);
		if (c == ' ')
			return ct_error_set(CT_EINVAL, "document id '%s': spaces are not allowed", shown);
		if (c == '/')
			return ct_error_set(CT_EINVAL,
				"document id '%s': '/' is not allowed (ids are flat names)", shown);
		if (c >= 0x80)
			return ct_error_set(CT_EINVAL,
				"document id '%s': non-ASCII byte 0x%02x is not allowed", shown, c);
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return ct_error_set(CT_EINVAL,
				"document id '%s': '%c' is not allowed (use letters, digits, '.', '_' and '-')",
				shown, c);
	}
	if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z') ||
	      (id[0] >= '0' && id[0] <= '9')))
		return ct_error_set(CT_EINVAL,
			"document id '%s' must start with a letter or a digit", shown);
	if (id[n - 1] == '.' || (n >= 5 && !strcmp(id + n - 5, ".lock")))
		return ct_error_set(CT_EINVAL,
			"document id '%s' must not end in '.' or '.lock'", shown);
	if (is_pseudoref(id))
		return ct_error_set(CT_EINVAL,
			"document id '%s' is reserved by git (a file of that name in the repository, "
			"such as FETCH_HEAD, would shadow the document's branch)", shown);
	return 0;
}

static void refname_of(char *out, size_t size, const char *id)
{
	snprintf(out, size, REF_PREFIX "%s", id);
}

/* ---- opening ---- */

static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	}
	closedir(d);
	return empty;
}

/* A bare repository at path, or a clone with a working tree whose git
 * directory is path/.git. */
static int open_repo(git_repository **out, const char *path)
{
	struct stat st;
	git_repository *repo = NULL;

	*out = NULL;
	if (stat(path, &st) < 0)
		return ct_error_set(CT_EARCHIVE,
			"%s: no archive here (%s); create one with 'claimtrack init'",
			path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return ct_error_set(CT_EARCHIVE, "%s: not an archive (not a directory)", path);
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return ct_error_set(CT_EARCHIVE,
			"%s: not an archive (not a git repository); create one with 'claimtrack init'",
			path);
	*out = repo;
	return 0;
}

static int archive_new(ct_archive **out, git_repository *repo, const char *path)
{
	ct_archive *a = calloc(1, sizeof(*a));
	size_t n;

	if (!a || !(a->path = strdup(path)) || !(a->gitdir = strdup(git_repository_path(repo))) ||
	    ct_refs_open(&a->refs, git_repository_path(repo)) < 0) {
		if (a) {
			free(a->path);
			free(a->gitdir);
		}
		free(a);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	/* libgit2 gives the git directory with a trailing slash */
	n = strlen(a->gitdir);
	while (n > 1 && a->gitdir[n - 1] == '/')
		a->gitdir[--n] = '\0';
	a->repo = repo;
	*out = a;
	return 0;
}

int ct_archive_open(ct_archive **out, const char *path)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	int err, durable = 0;

	*out = NULL;
	git_libgit2_init();
	if ((err = open_repo(&repo, path)) < 0 ||
	    (err = archive_new(out, repo, path)) < 0) {
		git_repository_free(repo);
		git_libgit2_shutdown();
		return err;
	}
	if ((err = ct_archive__check_marker(repo, (*out)->refs, path)) < 0) {
		ct_archive_free(*out);
		*out = NULL;
		return err;
	}
	/* an archive made before the marker branch existed gets it now; one
	 * that cannot be written to is read as it is */
	if (ct_archive__ensure_head(repo, (*out)->refs, path) < 0)
		ct_error_clear();
	/* an archivist can make durability the archive's own default */
	if (git_repository_config_snapshot(&cfg, repo) == 0) {
		int32_t stale = 0;

		if (git_config_get_bool(&durable, cfg, "claimtrack.durable") == 0 && durable)
			ct_archive_set_durable(*out, 1);
		/* where a slow shared disk makes writers hold locks longer */
		if (git_config_get_int32(&stale, cfg, "claimtrack.staleLockSeconds") == 0 && stale > 0)
			ct_archive_set_stale_lock(*out, (int)stale);
		git_config_free(cfg);
	}
	git_error_clear();
	return 0;
}

int ct_archive_init(ct_archive **out, const char *path)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	struct stat st;
	int err = 0;

	*out = NULL;
	git_libgit2_init();
	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			err = ct_error_set(CT_EEXISTS, "%s: exists and is not a directory", path);
			goto out;
		}
		if (open_repo(&repo, path) == 0) {
			err = ct_error_set(CT_EEXISTS, "%s: a git repository%s already exists here", path,
				git_repository_is_bare(repo) ? "" : " with a working tree");
			goto out;
		}
		if (!dir_is_empty(path)) {
			err = ct_error_set(CT_EEXISTS,
				"%s: exists and is not empty; give a new or empty directory", path);
			goto out;
		}
	}
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH |
		GIT_REPOSITORY_INIT_NO_REINIT;
	opts.description = "claimtrack archive: one branch per document, one commit per version";
	if (git_repository_init_ext(&repo, path, &opts) < 0) {
		err = git_fail(CT_EIO, "archive: cannot create %s", path);
		goto out;
	}
	if (git_repository_config(&cfg, repo) < 0 ||
	    /* histories are append-only: a push that rewrites one is refused */
	    git_config_set_bool(cfg, "receive.denyNonFastForwards", 1) < 0 ||
	    git_config_set_bool(cfg, "receive.denyDeletes", 1) < 0 ||
	    /* the marker last, so a half-made archive is not taken for one */
	    git_config_set_int32(cfg, "claimtrack.version", CT_ARCHIVE_FORMAT) < 0) {
		err = git_fail(CT_EIO, "archive: cannot write the config of %s", path);
		goto out;
	}
	if ((err = archive_new(out, repo, path)) < 0)
		goto out;
	repo = NULL;
	if ((err = ct_archive__ensure_head((*out)->repo, (*out)->refs, path)) < 0) {
		ct_archive_free(*out);
		*out = NULL;
		git_libgit2_init();   /* the free shut down what the out: below does again */
	}
out:
	git_config_free(cfg);
	git_repository_free(repo);
	if (err)
		git_libgit2_shutdown();
	return err;
}

void ct_archive_free(ct_archive *a)
{
	if (!a)
		return;
	/* an unfinished batch is dropped: none of it was acknowledged */
	ct_archive_batch_abort(a);
	ct_archive__cache_drop(a);
	free(a->sources.id);
	free(a->sources.v);
	free(a->pslots);
	git_repository_free(a->repo);
	ct_refs_free(a->refs);
	free(a->path);
	free(a->gitdir);
	free(a);
	git_libgit2_shutdown();
}

void ct_archive_set_durable(ct_archive *a, int durable)
{
	a->durable = durable != 0;
	/* a process-wide libgit2 switch: objects, packs and refs are fsynced */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, a->durable);
}

/* ---- versions ---- */

void ct_version_dispose(ct_archive_version *v)
{
	if (!v)
		return;
	free(v->source_name);
	free(v->source_url);
	free(v->media_type);
	free(v->plugin);
	free(v->extractor);
	free(v->subject);
	free(v->etag);
	free(v->last_modified);
	free(v->region);
	memset(v, 0, sizeof(*v));
}

void ct_versions_free(ct_archive_version *v, size_t count)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < count; i++)
		ct_version_dispose(&v[i]);
	free(v);
}

void ct_add_result_dispose(ct_add_result *r)
{
	size_t i;

	if (!r)
		return;
	ct_version_dispose(&r->version);
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	memset(r, 0, sizeof(*r));
}

int ct_archive__dup(char **dst, const char *s)
{
	free(*dst);
	if (!(*dst = strdup(s)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	return 0;
}

/* The version number a subject "<id>: version N ..." names, or 0. */
static unsigned int subject_number(const char *subject)
{
	const char *p = subject ? strstr(subject, ": version ") : NULL;
	unsigned long n;
	char *end;

	if (!p)
		return 0;
	n = strtoul(p + 10, &end, 10);
	if (end == p + 10 || n == 0 || n > 0xffffffffUL || (*end && *end != ' '))
		return 0;
	return (unsigned int)n;
}

/* The tree entry holding the source: the one named source.<ext>. */
const git_tree_entry *ct_archive__source_entry(const git_tree *tree)
{
	size_t i, n = git_tree_entrycount(tree);

	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);

		if (!strncmp(git_tree_entry_name(e), "source.", 7) &&
		    git_tree_entry_type(e) == GIT_OBJECT_BLOB)
			return e;
	}
	return NULL;
}

/* The fields of a version that its commit message holds: the subject
 * and the provenance trailers. */
int ct_archive__fill_from_message(ct_archive_version *v, const char *summary,
	const char *message)
{
	git_message_trailer_array tr = { 0 };
	size_t i;
	int err;

	if ((err = ct_archive__dup(&v->subject, summary ? summary : "")) < 0)
		return err;
	if (git_message_trailers(&tr, message) != 0)
		return 0;
	for (i = 0; i < tr.count && !err; i++) {
		const char *k = tr.trailers[i].key, *val = tr.trailers[i].value;

		if (!strcasecmp(k, "Claimtrack-Source"))
			err = ct_archive__dup(&v->source_url, val);
		else if (!strcasecmp(k, "Claimtrack-Media-Type"))
			err = ct_archive__dup(&v->media_type, val);
		else if (!strcasecmp(k, "Claimtrack-Plugin"))
			err = ct_archive__dup(&v->plugin, val);
		else if (!strcasecmp(k, "Claimtrack-Extractor"))
			err = ct_archive__dup(&v->extractor, val);
		else if (!strcasecmp(k, "Claimtrack-ETag"))
			err = ct_archive__dup(&v->etag, val);
		else if (!strcasecmp(k, "Claimtrack-Last-Modified"))
			err = ct_archive__dup(&v->last_modified, val);
		else if (!strcasecmp(k, "Claimtrack-Region"))
			err = ct_archive__dup(&v->region, val);
	}
	git_message_trailer_array_free(&tr);
	return err;
}

int ct_archive__version_fill(ct_archive_version *v, ct_archive *a, const git_commit *c,
	unsigned int number)
{
	git_tree *tree = NULL;
	const git_tree_entry *se;
	int err = 0;

	(void)a;
	memset(v, 0, sizeof(*v));
	v->number = number;
	git_oid_tostr(v->commit, sizeof(v->commit), git_commit_id(c));
	v->observed_at = (int64_t)git_commit_time(c);
	if ((err = ct_archive__fill_from_message(v, git_commit_summary((git_commit *)c),
		git_commit_message(c))) < 0)
		goto out;
	if (git_commit_tree(&tree, c) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot read the tree of commit %s", v->commit);
		goto out;
	}
	if (!(se = ct_archive__source_entry(tree))) {
		err = ct_error_set(CT_EARCHIVE, "archive: commit %s holds no source file", v->commit);
		goto out;
	}
	err = ct_archive__dup(&v->source_name, git_tree_entry_name(se));
out:
	git_tree_free(tree);
	if (err)
		ct_version_dispose(v);
	return err;
}

/* Compare-and-swap a document's branch through the one ref policy (refs.c):
 * 0 moved, CT_REFS_MOVED when another writer moved it first. */
int ct_archive__move_ref(ct_archive *a, const char *id, const git_oid *new_id,
	const git_oid *old_id)
{
	char ref[256];
	int err;

	refname_of(ref, sizeof(ref), id);
	err = ct_refs_update(a->refs, ref, new_id, old_id, a->durable);
	if (err < 0)
		return ct_error_wrap(err, "archive: cannot update the branch of '%s'", id);
	return err;
}

/*
 * libgit2 looks for a missing object once more after re-reading the pack
 * directory; with other writers adding and merging packs that read can
 * still miss a pack that was in place before the ref moved (seen about
 * once in 60 rounds of two concurrent writers), and a second one finds
 * it, as git's own lookup re-scans the packs on a miss. A commit that
 * is really missing fails both and is reported as before.
 */
int ct_archive__commit(git_commit **out, git_repository *repo, const git_oid *id)
{
	git_odb *odb = NULL;
	int err = git_commit_lookup(out, repo, id);

	if (err != GIT_ENOTFOUND || git_repository_odb(&odb, repo) < 0)
		return err;
	if (git_odb_refresh(odb) == 0)
		err = git_commit_lookup(out, repo, id);
	git_odb_free(odb);
	return err;
}

int ct_archive__tip(git_oid *out, ct_archive *a, const char *id)
{
	const ct_pending_ref *p = ct_archive__pending(a, id);
	char ref[256];
	int err;

	if (p) {
		git_oid_cpy(out, &p->new);
		return 0;
	}
	refname_of(ref, sizeof(ref), id);
	err = ct_refs_read(out, a->refs, ref);
	if (err == CT_ENOTFOUND)
		return ct_error_set(CT_ENOTFOUND, "%s: no such document in the archive", id);
	return err;
}

/* How many commits lead to c along first parents: the fallback when a
 * subject does not carry the version number. */
static int count_chain(unsigned int *out, git_repository *repo, const git_oid *tip)
{
	git_commit *c = NULL, *p = NULL;
	unsigned int n = 0;

	if (ct_archive__commit(&c, repo, tip) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read commit");
	for (;;) {
		n++;
		if (git_commit_parentcount(c) == 0)
			break;
		if (git_commit_parent(&p, c, 0) < 0) {
			git_commit_free(c);
			return git_fail(CT_EARCHIVE, "archive: cannot read a parent commit");
		}
		git_commit_free(c);
		c = p;
	}
	git_commit_free(c);
	*out = n;
	return 0;
}

int ct_archive__commit_number(unsigned int *out, ct_archive *a, const git_commit *c)
{
	unsigned int n = subject_number(git_commit_summary((git_commit *)c));

	if (n) {
		*out = n;
		return 0;
	}
	return count_chain(out, a->repo, git_commit_id(c));
}

int ct_archive_latest(ct_archive_version *out, ct_archive *a, const char *id)
{
	git_commit *c = NULL;
	unsigned int number;
	git_oid tip;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = ct_archive_id_check(id)) < 0 || (err = ct_archive__tip(&tip, a, id)) < 0)
		return err;
	if (ct_archive__commit(&c, a->repo, &tip) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read the latest commit of '%s'", id);
	if ((err = ct_archive__commit_number(&number, a, c)) == 0)
		err = ct_archive__version_fill(out, a, c, number);
	git_commit_free(c);
	return err;
}

int ct_archive_log(ct_archive_version **out, size_t *count, ct_archive *a, const char *id)
{
	git_commit *c = NULL, *p = NULL;
	ct_archive_version *v = NULL, *nv;
	size_t n = 0, cap = 0, i;
	git_oid tip;
	int err;

	*out = NULL;
	*count = 0;
	if ((err = ct_archive_id_check(id)) < 0 || (err = ct_archive__tip(&tip, a, id)) < 0)
		return err;
	if (ct_archive__commit(&c, a->repo, &tip) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read the latest commit of '%s'", id);
	/* only this document's chain is walked: O(its versions) */
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(nv = realloc(v, cap * sizeof(*v)))) {
				err = ct_error_set(CT_ENOMEM, "out of memory");
				goto out;
			}
			v = nv;
		}
		if ((err = ct_archive__version_fill(&v[n], a, c, 0)) < 0)
			goto out;
		n++;
		if (git_commit_parentcount(c) == 0)
			break;
		if (git_commit_parent(&p, c, 0) < 0) {
			err = git_fail(CT_EARCHIVE, "archive: history of '%s' is broken after %s",
				id, v[n - 1].commit);
			goto out;
		}
		git_commit_free(c);
		c = p;
		p = NULL;
	}
	/* oldest first, numbered from 1 */
	for (i = 0; i < n / 2; i++) {
		ct_archive_version t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	for (i = 0; i < n; i++)
		v[i].number = (unsigned int)(i + 1);
	*out = v;
	*count = n;
	v = NULL;
	n = 0;
out:
	git_commit_free(c);
	ct_versions_free(v, n);
	return err;
}

/* ---- reading ---- */

int ct_archive__read_entry(ct_buf *out, ct_archive *a, const char *commit,
	const char *name)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_blob *blob = NULL;
	const git_tree_entry *e;
	git_oid oid;
	int err = 0;

	if (git_oid_fromstr(&oid, commit) < 0)
		return ct_error_set(CT_EINVAL, "archive: bad commit id '%s'", commit);
	if (ct_archive__commit(&c, a->repo, &oid) < 0 || git_commit_tree(&tree, c) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot read commit %s", commit);
		goto out;
	}
	if (!name) {
		e = ct_archive__source_entry(tree);
	} else {
		e = git_tree_entry_byname(tree, name);
	}
	if (!e) {
		err = ct_error_set(CT_EARCHIVE, "archive: commit %.12s has no %s", commit,
			name ? name : "source file");
		goto out;
	}
	if (git_blob_lookup(&blob, a->repo, git_tree_entry_id(e)) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot read %s of commit %.12s",
			git_tree_entry_name(e), commit);
		goto out;
	}
	ct_buf_clear(out);
	if ((err = ct_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob))) == 0 &&
	    !out->ptr)
		err = ct_buf_grow(out, 0);
out:
	git_blob_free(blob);
	git_tree_free(tree);
	git_commit_free(c);
	return err;
}

int ct_archive_read(ct_buf *out, ct_archive *a, const ct_archive_version *v, const char *what)
{
	if (!strcmp(what, "source"))
		return ct_archive__read_entry(out, a, v->commit, v->source_name);
	if (!strcmp(what, "text"))
		return ct_archive__read_entry(out, a, v->commit, "text.txt");
	if (!strcmp(what, "claims"))
		return ct_archive__read_entry(out, a, v->commit, "claims.txt");
	return ct_error_set(CT_EINVAL, "archive: no stored file '%s' (source, text or claims)", what);
}

/* The plugin name of a "name version" trailer value. */
static void plugin_name(char *out, size_t size, const char *plugin)
{
	size_t n = plugin ? strcspn(plugin, " ") : 0;

	if (n >= size)
		n = size - 1;
	memcpy(out, plugin ? plugin : "", n);
	out[n] = '\0';
}

int ct_archive__derive(ct_doc **doc_out, ct_claimset *set, ct_archive *a, ct_host *host,
	const ct_archive_version *v, const char *label)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_buf src = CT_BUF_INIT;
	ct_doc *doc = NULL;
	char type[64];
	int err;

	if ((err = ct_archive_read(&src, a, v, "source")) < 0)
		goto out;
	plugin_name(type, sizeof(type), v->plugin);
	if (type[0] && !ct_host_find(host, type)) {
		err = ct_error_set(CT_EPLUGIN,
			"%s: stored with plugin '%s', which is not loaded (see 'claimtrack plugins')",
			label, type);
		goto out;
	}
	req.type = type[0] ? type : NULL;
	req.name = label;
	req.content_type = v->media_type;
	req.region = v->region;
	if ((err = ct_host_parse(&doc, host, src.ptr, src.len, &req)) < 0)
		goto out;
	err = ct_claims_extract(set, doc);
out:
	ct_buf_dispose(&src);
	if (doc_out && !err)
		*doc_out = doc;
	else
		ct_doc_free(doc);
	return err;
}

/* ---- listing ---- */

void ct_strings_free(char **s, size_t count)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < count; i++)
		free(s[i]);
	free(s);
}

int ct_archive_list(char ***out, size_t *count, ct_archive *a)
{
	ct_ref *refs = NULL;
	char **v = NULL;
	size_t nrefs = 0, n = 0, i;
	int err;

	*out = NULL;
	*count = 0;
	if ((err = ct_refs_list(&refs, &nrefs, a->refs, REF_PREFIX)) < 0)
		return ct_error_wrap(err, "archive: cannot list documents");
	if (!(v = calloc(nrefs ? nrefs : 1, sizeof(*v)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	/* already sorted; damaged refs are ct_archive_check_refs' to report */
	for (i = 0; i < nrefs; i++) {
		const char *id = refs[i].name + strlen(REF_PREFIX);

		/* branches someone else made by hand are not documents */
		if (refs[i].damaged || strncmp(refs[i].name, REF_PREFIX, strlen(REF_PREFIX)) ||
		    ct_archive_id_check(id) < 0)
			continue;
		if (!(v[n] = strdup(id))) {
			err = ct_error_set(CT_ENOMEM, "out of memory");
			goto out;
		}
		n++;
	}
	ct_error_clear();
	*out = v;
	*count = n;
	v = NULL;
	n = 0;
out:
	ct_refs_list_free(refs, nrefs);
	ct_strings_free(v, n);
	return err;
}

/* A line "<ref>: <why>" for the problems list. */
static int problem_push(char ***v, size_t *n, const char *ref, const char *why)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));
	size_t len = strlen(ref) + strlen(why) + 3;

	if (!nv)
		return ct_error_set(CT_ENOMEM, "out of memory");
	*v = nv;
	if (!(nv[*n] = malloc(len)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	snprintf(nv[*n], len, "%s: %s", ref, why);
	(*n)++;
	return 0;
}

int ct_archive_check_refs(char ***out, size_t *count, ct_archive *a)
{
	ct_ref *refs = NULL;
	char **v = NULL, why[200], hex[GIT_OID_HEXSZ + 1];
	size_t nrefs = 0, n = 0, i;
	git_odb *odb = NULL;
	int err;

	*out = NULL;
	*count = 0;
	if ((err = ct_refs_list(&refs, &nrefs, a->refs, "refs/")) < 0)
		return ct_error_wrap(err, "archive: cannot read the refs");
	if (git_repository_odb(&odb, a->repo) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot open the objects of %s", a->path);
		goto out;
	}
	for (i = 0; i < nrefs && !err; i++) {
		size_t len;
		git_object_t type;

		if (refs[i].damaged) {
			snprintf(why, sizeof(why), "damaged: the %s %s",
				refs[i].loose ? "file" : "entry", refs[i].why);
			err = problem_push(&v, &n, refs[i].name, why);
			continue;
		}
		git_oid_tostr(hex, sizeof(hex), &refs[i].oid);
		if (git_odb_read_header(&len, &type, odb, &refs[i].oid) < 0) {
			snprintf(why, sizeof(why), "points to %s, which the archive does not hold", hex);
			err = problem_push(&v, &n, refs[i].name, why);
		} else if (!strncmp(refs[i].name, REF_PREFIX, strlen(REF_PREFIX)) &&
			type != GIT_OBJECT_COMMIT) {
			snprintf(why, sizeof(why), "points to %s, a %s, not a commit", hex,
				git_object_type2string(type));
			err = problem_push(&v, &n, refs[i].name, why);
		}
	}
	git_error_clear();
	if (!err) {
		*out = v;
		*count = n;
		v = NULL;
		n = 0;
	}
out:
	git_odb_free(odb);
	ct_refs_list_free(refs, nrefs);
	ct_strings_free(v, n);
	return err;
}

void ct_archive_set_stale_lock(ct_archive *a, int seconds)
{
	ct_refs_set_stale(a->refs, seconds);
}

const char *ct_archive_path(const ct_archive *a)
{
	return a->path;
}
