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
#define ID_MAX 200
#define CAS_ATTEMPTS 1000
#define SIG_NAME "claimtrack"
#define SIG_EMAIL "claimtrack@localhost"
/* changes listed in a commit body before "... and N more" */
#define BODY_CHANGES_MAX 40

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
	if (n > ID_MAX)
		return ct_error_set(CT_EINVAL, "document id '%s' is %zu bytes long; the limit is %d",
			shown, n, ID_MAX);
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

/* 1 when path holds a git repository marked as a claimtrack archive. */
static int check_marker(git_repository *repo, const char *path)
{
	git_config *cfg = NULL;
	int32_t v = 0;
	int err;

	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read the config of %s", path);
	err = git_config_get_int32(&v, cfg, "claimtrack.version");
	git_config_free(cfg);
	if (err == GIT_ENOTFOUND)
		return ct_error_set(CT_EARCHIVE,
			"%s: a git repository, but not a claimtrack archive (no claimtrack.version in its config)",
			path);
	if (err < 0)
		return git_fail(CT_EARCHIVE, "%s: bad claimtrack.version", path);
	if (v != CT_ARCHIVE_FORMAT)
		return ct_error_set(CT_EARCHIVE,
			"%s: archive format %d is not supported by this claimtrack (it reads format %d)",
			path, (int)v, CT_ARCHIVE_FORMAT);
	return 0;
}

static int open_repo(git_repository **out, const char *path)
{
	struct stat st;
	git_repository *repo = NULL;
	int err;

	*out = NULL;
	if (stat(path, &st) < 0)
		return ct_error_set(CT_EARCHIVE,
			"%s: no archive here (%s); create one with 'claimtrack init'",
			path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return ct_error_set(CT_EARCHIVE, "%s: not an archive (not a directory)", path);
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH |
		GIT_REPOSITORY_OPEN_NO_DOTGIT | GIT_REPOSITORY_OPEN_BARE, NULL) < 0)
		return ct_error_set(CT_EARCHIVE,
			"%s: not an archive (not a git repository); create one with 'claimtrack init'",
			path);
	if (!git_repository_is_bare(repo) || git_repository_workdir(repo)) {
		git_repository_free(repo);
		return ct_error_set(CT_EARCHIVE,
			"%s: a git repository with a working tree, not a claimtrack archive", path);
	}
	if ((err = check_marker(repo, path)) < 0) {
		git_repository_free(repo);
		return err;
	}
	*out = repo;
	return 0;
}

static int archive_new(ct_archive **out, git_repository *repo, const char *path)
{
	ct_archive *a = calloc(1, sizeof(*a));

	if (!a || !(a->path = strdup(path))) {
		free(a);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	if (ct_refs_open(&a->refs, git_repository_path(repo)) < 0) {
		free(a->path);
		free(a);
		return CT_ENOMEM;
	}
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
	/* an archivist can make durability the archive's own default */
	if (git_repository_config_snapshot(&cfg, repo) == 0) {
		if (git_config_get_bool(&durable, cfg, "claimtrack.durable") == 0 && durable)
			ct_archive_set_durable(*out, 1);
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
			err = ct_error_set(CT_EEXISTS, "%s: an archive already exists here", path);
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
	err = archive_new(out, repo, path);
	if (!err)
		repo = NULL;
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
	git_repository_free(a->repo);
	ct_refs_free(a->refs);
	free(a->path);
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

void ct_version_dispose(ct_version *v)
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
	memset(v, 0, sizeof(*v));
}

void ct_versions_free(ct_version *v, size_t count)
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

static int dup_into(char **dst, const char *s)
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
static const git_tree_entry *source_entry(const git_tree *tree)
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
static int fill_from_message(ct_version *v, const char *summary, const char *message)
{
	git_message_trailer_array tr = { 0 };
	size_t i;
	int err;

	if ((err = dup_into(&v->subject, summary ? summary : "")) < 0)
		return err;
	if (git_message_trailers(&tr, message) != 0)
		return 0;
	for (i = 0; i < tr.count && !err; i++) {
		const char *k = tr.trailers[i].key, *val = tr.trailers[i].value;

		if (!strcasecmp(k, "Claimtrack-Source"))
			err = dup_into(&v->source_url, val);
		else if (!strcasecmp(k, "Claimtrack-Media-Type"))
			err = dup_into(&v->media_type, val);
		else if (!strcasecmp(k, "Claimtrack-Plugin"))
			err = dup_into(&v->plugin, val);
		else if (!strcasecmp(k, "Claimtrack-Extractor"))
			err = dup_into(&v->extractor, val);
		else if (!strcasecmp(k, "Claimtrack-ETag"))
			err = dup_into(&v->etag, val);
		else if (!strcasecmp(k, "Claimtrack-Last-Modified"))
			err = dup_into(&v->last_modified, val);
	}
	git_message_trailer_array_free(&tr);
	return err;
}

int ct_archive__version_fill(ct_version *v, ct_archive *a, const git_commit *c,
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
	if ((err = fill_from_message(v, git_commit_summary((git_commit *)c),
		git_commit_message(c))) < 0)
		goto out;
	if (git_commit_tree(&tree, c) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot read the tree of commit %s", v->commit);
		goto out;
	}
	if (!(se = source_entry(tree))) {
		err = ct_error_set(CT_EARCHIVE, "archive: commit %s holds no source file", v->commit);
		goto out;
	}
	err = dup_into(&v->source_name, git_tree_entry_name(se));
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

	if (git_commit_lookup(&c, repo, tip) < 0)
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

int ct_archive_latest(ct_version *out, ct_archive *a, const char *id)
{
	git_commit *c = NULL;
	unsigned int number;
	git_oid tip;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = ct_archive_id_check(id)) < 0 || (err = ct_archive__tip(&tip, a, id)) < 0)
		return err;
	if (git_commit_lookup(&c, a->repo, &tip) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read the latest commit of '%s'", id);
	if ((err = ct_archive__commit_number(&number, a, c)) == 0)
		err = ct_archive__version_fill(out, a, c, number);
	git_commit_free(c);
	return err;
}

int ct_archive_log(ct_version **out, size_t *count, ct_archive *a, const char *id)
{
	git_commit *c = NULL, *p = NULL;
	ct_version *v = NULL, *nv;
	size_t n = 0, cap = 0, i;
	git_oid tip;
	int err;

	*out = NULL;
	*count = 0;
	if ((err = ct_archive_id_check(id)) < 0 || (err = ct_archive__tip(&tip, a, id)) < 0)
		return err;
	if (git_commit_lookup(&c, a->repo, &tip) < 0)
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
		ct_version t = v[i];

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

static int is_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))
			return 0;
	return 1;
}

static int is_number(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int ct_archive_resolve(ct_version *out, ct_archive *a, const char *spec)
{
	ct_version *all = NULL;
	const char *at = strchr(spec, '@'), *rev;
	char id[ID_MAX + 2];
	size_t n = 0, i, found = (size_t)-1, idlen;
	int err;

	memset(out, 0, sizeof(*out));
	idlen = at ? (size_t)(at - spec) : strlen(spec);
	if (idlen > ID_MAX)
		return ct_archive_id_check(spec);
	memcpy(id, spec, idlen);
	id[idlen] = '\0';
	if ((err = ct_archive_id_check(id)) < 0)
		return err;
	if (!at)
		return ct_archive_latest(out, a, id);
	rev = at + 1;
	if (!*rev)
		return ct_error_set(CT_EINVAL, "%s: nothing after '@' (give N, -N or a commit)", spec);
	/* digits are a version number; ten or more can only be a commit */
	if (is_number(rev) && strlen(rev) <= 9) {
		long k = strtol(rev, NULL, 10);

		if (k == 0)
			return ct_error_set(CT_EINVAL,
				"%s: versions are numbered from 1 (or -1 for the latest)", spec);
		if (k == -1)
			return ct_archive_latest(out, a, id);
		if ((err = ct_archive_log(&all, &n, a, id)) < 0)
			return err;
		if ((k > 0 && (size_t)k <= n) || (k < 0 && (size_t)-k <= n)) {
			found = k > 0 ? (size_t)k - 1 : n - (size_t)-k;
			goto take;
		}
		/* out of range: digits can still be a commit prefix */
		if (rev[0] == '-' || rev[0] == '+' || strlen(rev) < 4) {
			err = ct_error_set(CT_ENOTFOUND, "%s: '%s' has %zu version%s", spec, id, n,
				n == 1 ? "" : "s");
			goto out;
		}
	}
	if (is_hex(rev) && strlen(rev) >= 4 && strlen(rev) <= 40) {
		if (!all && (err = ct_archive_log(&all, &n, a, id)) < 0)
			return err;
		for (i = 0; i < n; i++) {
			if (strncasecmp(all[i].commit, rev, strlen(rev)))
				continue;
			if (found != (size_t)-1) {
				err = ct_error_set(CT_EINVAL, "%s: commit prefix '%s' is ambiguous", spec, rev);
				goto out;
			}
			found = i;
		}
		if (found == (size_t)-1) {
			if (is_number(rev))
				err = ct_error_set(CT_ENOTFOUND, "%s: '%s' has %zu version%s", spec, id, n,
					n == 1 ? "" : "s");
			else
				err = ct_error_set(CT_ENOTFOUND, "%s: no version of '%s' has commit %s",
					spec, id, rev);
			goto out;
		}
	} else {
		return ct_error_set(CT_EINVAL,
			"%s: '%s' is neither a version number nor a commit (at least 4 hex digits)",
			spec, rev);
	}
take:
	*out = all[found];
	memset(&all[found], 0, sizeof(all[found]));
out:
	ct_versions_free(all, n);
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
	if (git_commit_lookup(&c, a->repo, &oid) < 0 || git_commit_tree(&tree, c) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot read commit %s", commit);
		goto out;
	}
	if (!name) {
		e = source_entry(tree);
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

int ct_archive_read(ct_buf *out, ct_archive *a, const ct_version *v, const char *what)
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

static int claimset_copy(ct_claimset *dst, const ct_claimset *src)
{
	size_t i;
	int err;

	for (i = 0; i < src->count; i++)
		if ((err = ct_claimset_push(dst, &src->items[i])) < 0)
			return err;
	return 0;
}

int ct_archive__derive(ct_doc **doc_out, ct_claimset *set, ct_archive *a, ct_host *host,
	const ct_version *v, const char *label)
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

/* ---- the tip cache ---- */

static ct_tip_cache *cache_by_id(ct_archive *a, const char *id)
{
	size_t i;

	for (i = 0; i < CT_TIP_CACHE_SIZE; i++)
		if (a->cache[i].id && !strcmp(a->cache[i].id, id))
			return &a->cache[i];
	return NULL;
}

/* What the archive remembers of id's version at commit, or NULL. */
static ct_tip_cache *cache_find(ct_archive *a, const char *id, const git_oid *commit)
{
	ct_tip_cache *c = cache_by_id(a, id);

	if (!c || !git_oid_equal(&c->commit, commit))
		return NULL;
	c->used = ++a->cache_clock;
	return c;
}

/* Remember id's version at commit; takes the claims (*claims is left
 * empty). Never fails: a cache that cannot grow just forgets. */
static void cache_put(ct_archive *a, const char *id, const git_oid *commit,
	const git_oid *source, unsigned int number, ct_claimset *claims)
{
	ct_tip_cache *c = cache_by_id(a, id);
	ct_claimset none = CT_CLAIMSET_INIT;
	size_t i;

	if (!c) {
		c = &a->cache[0];
		for (i = 1; i < CT_TIP_CACHE_SIZE && c->id; i++)
			if (!a->cache[i].id || a->cache[i].used < c->used)
				c = &a->cache[i];
		free(c->id);
		if (!(c->id = strdup(id))) {
			ct_claimset_clear(&c->claims);
			return;
		}
	}
	ct_claimset_clear(&c->claims);
	c->claims = *claims;
	*claims = none;
	git_oid_cpy(&c->commit, commit);
	git_oid_cpy(&c->source, source);
	c->number = number;
	c->used = ++a->cache_clock;
}

void ct_archive__cache_drop(ct_archive *a)
{
	size_t i;

	for (i = 0; i < CT_TIP_CACHE_SIZE; i++) {
		free(a->cache[i].id);
		ct_claimset_clear(&a->cache[i].claims);
		memset(&a->cache[i], 0, sizeof(a->cache[i]));
	}
}

int ct_archive_claims(ct_claimset *set, ct_archive *a, ct_host *host, const ct_version *v)
{
	char label[300];
	git_oid oid;
	size_t i;

	if (git_oid_fromstr(&oid, v->commit) == 0)
		for (i = 0; i < CT_TIP_CACHE_SIZE; i++)
			if (a->cache[i].id && git_oid_equal(&oid, &a->cache[i].commit))
				return claimset_copy(set, &a->cache[i].claims);
	snprintf(label, sizeof(label), "version %u (%.12s)", v->number, v->commit);
	return ct_archive__derive(NULL, set, a, host, v, label);
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

/* ---- writing ---- */

/* text.txt: each block's sentences one per line, blocks apart by a blank
 * line, so `git diff` shows the sentence that moved. */
int ct_archive__render_text(ct_buf *b, const ct_doc *doc)
{
	ct_span *sp = NULL;
	size_t i, k, j, ns;
	int err = 0;

	for (i = 0; i < doc->nblocks && !err; i++) {
		const ct_block *bl = &doc->blocks[i];

		if (i && (err = ct_buf_putc(b, '\n')) < 0)
			break;
		if ((err = ct_sentences(&sp, &ns, bl->text, bl->len)) < 0)
			break;
		for (k = 0, j = 0; k < ns; k++)
			j += sp[k].len + 1;
		if ((err = ct_buf_grow(b, j)) < 0)
			break;
		for (k = 0; k < ns; k++) {
			const char *s = bl->text + sp[k].start;
			char *o = b->ptr + b->len;

			/* one line per sentence: its own line breaks become spaces */
			for (j = 0; j < sp[k].len; j++)
				o[j] = s[j] == '\n' || s[j] == '\r' ? ' ' : s[j];
			o[j] = '\n';
			b->len += j + 1;
		}
		b->ptr[b->len] = '\0';
		free(sp);
		sp = NULL;
	}
	free(sp);
	if (!err && !b->ptr)
		err = ct_buf_grow(b, 0);
	return err;
}

/* claims.txt: one ct_claim_line per claim in canonical order. */
int ct_archive__render_claims(ct_buf *b, const ct_claimset *set)
{
	ct_claimset sorted = CT_CLAIMSET_INIT;
	size_t i;
	int err = 0;

	/* sorting moves whole claims and copies no string: a shallow copy of
	 * the items is enough, and only that array is freed */
	if (set->count) {
		if (!(sorted.items = malloc(set->count * sizeof(*sorted.items))))
			return ct_error_set(CT_ENOMEM, "out of memory");
		memcpy(sorted.items, set->items, set->count * sizeof(*sorted.items));
		sorted.count = sorted.alloc = set->count;
		ct_claimset_sort(&sorted);
	}
	for (i = 0; i < sorted.count && !err; i++)
		if ((err = ct_claims__line_put(b, &sorted.items[i])) == 0)
			err = ct_buf_putc(b, '\n');
	if (!err && !b->ptr)
		err = ct_buf_grow(b, 0);
	free(sorted.items);
	return err;
}

/* The extension of the stored source: the plugin's first one. */
static const char *source_ext(const ct_plugin *p)
{
	const char *e;
	size_t i;

	if (!p || !p->extensions || !(e = p->extensions[0]) || !*e || strlen(e) > 10)
		return "bin";
	for (i = 0; e[i]; i++)
		if (!((e[i] >= 'a' && e[i] <= 'z') || (e[i] >= '0' && e[i] <= '9')))
			return "bin";
	return e;
}

/* A trailer value on one line, without control characters. */
static int put_trailer(ct_buf *b, const char *key, const char *value)
{
	size_t i, n, start;
	int err;

	if (!value)
		return 0;
	n = strlen(value);
	for (start = 0; start < n && (unsigned char)value[start] <= ' '; start++)
		;
	while (n > start && (unsigned char)value[n - 1] <= ' ')
		n--;
	if (n == start)
		return 0;
	if (n - start > 1000)
		n = start + 1000;
	if ((err = ct_buf_printf(b, "%s: ", key)) < 0)
		return err;
	for (i = start; i < n && !err; i++) {
		unsigned char c = (unsigned char)value[i];

		err = ct_buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
	}
	return err ? err : ct_buf_putc(b, '\n');
}

static void format_time(char *out, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int summary_counts(ct_buf *b, const ct_add_result *r, unsigned int number)
{
	if (number == 1)
		return ct_buf_printf(b, "%zu figure%s", r->nclaims, r->nclaims == 1 ? "" : "s");
	if (!r->changed && !r->added && !r->removed)
		return ct_buf_puts(b, "no figure changed");
	return ct_buf_printf(b, "%zu changed, %zu added, %zu removed",
		r->changed, r->added, r->removed);
}

int ct_archive_summary(ct_buf *b, const ct_add_result *r)
{
	return summary_counts(b, r, r->version.number);
}

typedef struct commit_info {
	const char *id;
	unsigned int number;
	int64_t observed;
	const ct_add_options *opts;
	const ct_doc *doc;
	const char *media_type;
	size_t nsentences;
} commit_info;

static int build_message(ct_buf *b, const commit_info *ci, const ct_add_result *r,
	const ct_diff *d)
{
	char when[32];
	size_t i;
	int err;

	format_time(when, sizeof(when), ci->observed);
	if ((err = ct_buf_printf(b, "%s: version %u (", ci->id, ci->number)) < 0 ||
	    (err = summary_counts(b, r, ci->number)) < 0 ||
	    (err = ct_buf_puts(b, ")\n\n")) < 0)
		return err;
	if (ci->number == 1)
		err = ct_buf_printf(b, "First version of %s, observed %s: %zu figure%s in %zu sentence%s.\n",
			ci->id, when, r->nclaims, r->nclaims == 1 ? "" : "s",
			ci->nsentences, ci->nsentences == 1 ? "" : "s");
	else
		err = ct_buf_printf(b, "Observed %s: %zu figure%s in %zu sentence%s.\n",
			when, r->nclaims, r->nclaims == 1 ? "" : "s",
			ci->nsentences, ci->nsentences == 1 ? "" : "s");
	if (!err && d && d->count) {
		err = ct_buf_printf(b, "\nFigures that changed since version %u:\n", ci->number - 1);
		for (i = 0; i < d->count && i < BODY_CHANGES_MAX && !err; i++) {
			const ct_change *c = &d->changes[i];

			if (c->change == CT_CHANGE_CHANGED)
				err = ct_buf_printf(b, "  ~ %s -> %s\n", c->old->text, c->new->text);
			else if (c->change == CT_CHANGE_ADDED)
				err = ct_buf_printf(b, "  + %s\n", c->new->text);
			else
				err = ct_buf_printf(b, "  - %s\n", c->old->text);
		}
		if (!err && d->count > BODY_CHANGES_MAX)
			err = ct_buf_printf(b, "  ... and %zu more\n", d->count - BODY_CHANGES_MAX);
	}
	if (!err)
		err = ct_buf_putc(b, '\n');
	if (!err)
		err = put_trailer(b, "Claimtrack-Source", ci->opts->source_url);
	if (!err && !ci->opts->source_url && ci->opts->name) {
		const char *base = strrchr(ci->opts->name, '/');

		/* the file's name only: a machine's paths are nobody's business */
		err = put_trailer(b, "Claimtrack-File", base ? base + 1 : ci->opts->name);
	}
	if (!err)
		err = put_trailer(b, "Claimtrack-Media-Type", ci->media_type);
	if (!err) {
		char plugin[200];

		snprintf(plugin, sizeof(plugin), "%s %s", ci->doc->type,
			ci->doc->plugin_version ? ci->doc->plugin_version : "0");
		err = put_trailer(b, "Claimtrack-Plugin", plugin);
	}
	if (!err)
		err = put_trailer(b, "Claimtrack-Extractor", CT_EXTRACTOR_VERSION);
	if (!err)
		err = put_trailer(b, "Claimtrack-Observed", when);
	if (!err)
		err = put_trailer(b, "Claimtrack-ETag", ci->opts->etag);
	if (!err)
		err = put_trailer(b, "Claimtrack-Last-Modified", ci->opts->last_modified);
	return err;
}

static size_t count_sentences(const ct_buf *text)
{
	size_t i, n = 0;

	for (i = 0; i < text->len; i++)
		if (text->ptr[i] == '\n' && i > 0 && text->ptr[i - 1] != '\n')
			n++;
	return n;
}

static void count_changes(ct_add_result *r, const ct_diff *d)
{
	size_t i;

	r->changed = r->added = r->removed = 0;
	for (i = 0; d && i < d->count; i++) {
		if (d->changes[i].change == CT_CHANGE_CHANGED)
			r->changed++;
		else if (d->changes[i].change == CT_CHANGE_ADDED)
			r->added++;
		else
			r->removed++;
	}
}

enum { F_SOURCE, F_TEXT, F_CLAIMS, F_COUNT };

struct ct_prepared {
	char *id;
	ct_add_options opts;      /* its strings owned */
	int64_t observed;
	char *media_type;
	ct_doc *doc;
	ct_claimset claims;
	size_t nsentences;
	char source_name[32];
	/* the stored files, by F_*: their ids and bytes; in a batch, when
	 * ct_prepared_deflate was called, their whole pack entries too */
	int packed;
	ct_packed files[F_COUNT];
	ct_buf raw[F_COUNT];
};

void ct_prepared_free(ct_prepared *p)
{
	size_t i;

	if (!p)
		return;
	free(p->id);
	free((char *)p->opts.type);
	free((char *)p->opts.name);
	free((char *)p->opts.source_url);
	free((char *)p->opts.content_type);
	free((char *)p->opts.etag);
	free((char *)p->opts.last_modified);
	free(p->media_type);
	ct_doc_free(p->doc);
	ct_claimset_clear(&p->claims);
	for (i = 0; i < F_COUNT; i++) {
		ct_buf_dispose(&p->files[i].entry);
		ct_buf_dispose(&p->raw[i]);
	}
	free(p);
}

static int dup_opt(const char **dst, const char *s)
{
	if (s && !(*dst = strdup(s)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	return 0;
}

#define TRY_AGAIN 1

/* "tree ...\nparent ...\nauthor ...\ncommitter ...\n\n<message>": what
 * git_commit_create writes, made here so that a batch needs no parent
 * object to build a commit on. */
static int commit_raw(ct_buf *b, const git_oid *tree, const git_oid *parent,
	int64_t when, const char *message)
{
	char hex[GIT_OID_HEXSZ + 1];
	int err;

	git_oid_tostr(hex, sizeof(hex), tree);
	if ((err = ct_buf_printf(b, "tree %s\n", hex)) < 0)
		return err;
	if (parent) {
		git_oid_tostr(hex, sizeof(hex), parent);
		if ((err = ct_buf_printf(b, "parent %s\n", hex)) < 0)
			return err;
	}
	if ((err = ct_buf_printf(b, "author " SIG_NAME " <" SIG_EMAIL "> %" PRId64 " +0000\n"
		"committer " SIG_NAME " <" SIG_EMAIL "> %" PRId64 " +0000\n\n", when, when)) < 0)
		return err;
	return ct_buf_puts(b, message);
}

/* A tree of the three files, entries in git's order (by name: all blobs). */
static int tree_raw(ct_buf *b, const ct_prepared *p)
{
	const char *name[F_COUNT] = { p->source_name, "text.txt", "claims.txt" };
	int order[F_COUNT] = { F_SOURCE, F_TEXT, F_CLAIMS }, i, j, t, err = 0;

	for (i = 1; i < F_COUNT; i++)
		for (j = i; j > 0 && strcmp(name[order[j - 1]], name[order[j]]) > 0; j--)
			t = order[j], order[j] = order[j - 1], order[j - 1] = t;
	for (i = 0; i < F_COUNT && !err; i++) {
		if ((err = ct_buf_printf(b, "100644 %s", name[order[i]])) == 0 &&
		    (err = ct_buf_putc(b, '\0')) == 0)
			err = ct_buf_put(b, (const char *)p->files[order[i]].oid.id, GIT_OID_RAWSZ);
	}
	return err;
}

/* Write one object: into the batch's pack, or loose through libgit2. */
static int write_object(git_oid *out, ct_archive *a, git_object_t type, const void *data,
	size_t len, const char *id)
{
	git_odb *odb = NULL;
	int err = 0;

	if (a->sink)
		return ct_archive__sink_write(a->sink, out, type, data, len);
	if (git_repository_odb(&odb, a->repo) < 0 || git_odb_write(out, odb, data, len, type) < 0)
		err = git_fail(CT_EIO, "archive: cannot write an object of '%s'", id);
	git_odb_free(odb);
	return err;
}

/* The first line of a message: what git_commit_summary gives for ours. */
static int message_summary(char **out, const char *msg)
{
	size_t n = strcspn(msg, "\n");

	if (!(*out = malloc(n + 1)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	memcpy(*out, msg, n);
	(*out)[n] = '\0';
	return 0;
}

/*
 * One attempt: read the tip, build the commit on it, move the ref if it
 * still points at that tip. TRY_AGAIN when another writer got there first.
 * The previous version's number, source id and claims come from the tip
 * cache when it still describes the tip, so a bulk import reads nothing
 * back; otherwise from the tip commit, re-deriving its claims.
 */
static int try_commit(ct_add_result *r, ct_archive *a, ct_host *host, commit_info *ci,
	ct_prepared *p, const git_oid *tree_oid)
{
	ct_claimset prev_own = CT_CLAIMSET_INIT;
	const ct_claimset *prev = &prev_own;
	const ct_tip_cache *cached = NULL;
	ct_diff *d = NULL;
	ct_buf msg = CT_BUF_INIT, raw = CT_BUF_INIT;
	git_commit *parent = NULL;
	git_tree *ptree = NULL;
	git_oid tip, coid, psource;
	char *summary = NULL;
	int err, has_parent;

	err = ct_archive__tip(&tip, a, ci->id);
	if (err == CT_ENOTFOUND) {
		has_parent = 0;
		err = 0;
	} else if (err < 0) {
		goto out;
	} else {
		has_parent = 1;
	}
	ci->number = 1;
	if (has_parent && (cached = cache_find(a, ci->id, &tip)) != NULL) {
		ci->number = cached->number;
		git_oid_cpy(&psource, &cached->source);
		prev = &cached->claims;
	} else if (has_parent) {
		const git_tree_entry *pse;

		if (git_commit_lookup(&parent, a->repo, &tip) < 0 ||
		    git_commit_tree(&ptree, parent) < 0) {
			err = git_fail(CT_EARCHIVE, "archive: cannot read the latest version of '%s'", ci->id);
			goto out;
		}
		if ((err = ct_archive__commit_number(&ci->number, a, parent)) < 0)
			goto out;
		if ((pse = source_entry(ptree)) != NULL)
			git_oid_cpy(&psource, git_tree_entry_id(pse));
		else
			memset(&psource, 0, sizeof(psource));
	}
	if (has_parent && git_oid_equal(&psource, &p->files[F_SOURCE].oid)) {
		/* the same bytes as the latest version: nothing to record */
		r->created = 0;
		if (!parent && git_commit_lookup(&parent, a->repo, &tip) < 0) {
			err = git_fail(CT_EARCHIVE, "archive: cannot read the latest version of '%s'", ci->id);
			goto out;
		}
		err = ct_archive__version_fill(&r->version, a, parent, ci->number);
		if (!err && !cached)
			cache_put(a, ci->id, &tip, &psource, ci->number, &p->claims);
		goto out;
	}
	if (has_parent && !cached) {
		ct_version pv;

		if ((err = ct_archive__version_fill(&pv, a, parent, ci->number)) < 0)
			goto out;
		err = ct_archive_claims(&prev_own, a, host, &pv);
		ct_version_dispose(&pv);
		if (err < 0) {
			err = ct_error_wrap(err, "archive: cannot re-read version %u of '%s'",
				ci->number, ci->id);
			goto out;
		}
	}
	if (has_parent)
		ci->number++;
	if ((err = ct_diff_compute(&d, prev, &p->claims, NULL)) < 0)
		goto out;
	count_changes(r, has_parent ? d : NULL);
	if ((err = build_message(&msg, ci, r, has_parent ? d : NULL)) < 0 ||
	    (err = commit_raw(&raw, tree_oid, has_parent ? &tip : NULL, ci->observed, msg.ptr)) < 0 ||
	    (err = write_object(&coid, a, GIT_OBJECT_COMMIT, raw.ptr, raw.len, ci->id)) < 0)
		goto out;
	/* the commit and everything it points to exist; now move the ref */
	if (a->sink) {
		/* batched: the ref moves at the flush, after the pack is written */
		if ((err = ct_archive__pending_set(a, ci->id, has_parent ? &tip : NULL, &coid)) < 0)
			goto out;
	} else {
		err = ct_archive__move_ref(a, ci->id, &coid, has_parent ? &tip : NULL);
	}
	if (err == CT_REFS_MOVED) {
		err = TRY_AGAIN;
		goto out;
	}
	if (err < 0)
		goto out;
	r->created = 1;
	memset(&r->version, 0, sizeof(r->version));
	r->version.number = ci->number;
	git_oid_tostr(r->version.commit, sizeof(r->version.commit), &coid);
	r->version.observed_at = ci->observed;
	if ((err = message_summary(&summary, msg.ptr)) < 0 ||
	    (err = fill_from_message(&r->version, summary, msg.ptr)) < 0 ||
	    (err = dup_into(&r->version.source_name, p->source_name)) < 0)
		goto out;
	/* the diff borrows the cached claims the next line replaces */
	ct_diff_free(d);
	d = NULL;
	cache_put(a, ci->id, &coid, &p->files[F_SOURCE].oid, ci->number, &p->claims);
out:
	free(summary);
	git_tree_free(ptree);
	git_commit_free(parent);
	ct_buf_dispose(&msg);
	ct_buf_dispose(&raw);
	ct_diff_free(d);
	ct_claimset_clear(&prev_own);
	return err;
}

int ct_archive_prepare(ct_prepared **out, const ct_archive *a, ct_host *host,
	const char *id, const char *data, size_t len, const ct_add_options *opts)
{
	ct_add_options defaults = CT_ADD_OPTIONS_INIT;
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_buf text = CT_BUF_INIT, lines = CT_BUF_INIT;
	const ct_plugin *plugin;
	ct_prepared *p;
	const char *media_type;
	size_t i;
	int err;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if ((err = ct_archive_id_check(id)) < 0)
		return err;
	if (!(p = calloc(1, sizeof(*p))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	p->opts.version = CT_ADD_OPTIONS_VERSION;
	p->opts.observed_at = opts->observed_at;
	if (!(p->id = strdup(id)) || dup_opt(&p->opts.type, opts->type) < 0 ||
	    dup_opt(&p->opts.name, opts->name) < 0 ||
	    dup_opt(&p->opts.source_url, opts->source_url) < 0 ||
	    dup_opt(&p->opts.content_type, opts->content_type) < 0 ||
	    dup_opt(&p->opts.etag, opts->etag) < 0 ||
	    dup_opt(&p->opts.last_modified, opts->last_modified) < 0) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	p->observed = opts->observed_at ? opts->observed_at : (int64_t)time(NULL);
	/* git cannot represent times before 1970 in a commit */
	if (p->observed < 0 || p->observed > INT64_C(253402300799)) {
		err = ct_error_set(CT_EINVAL, "%s: observation time is out of range (1970 to 9999)", id);
		goto out;
	}

	/* everything that can be wrong with the input fails before a write */
	req.type = opts->type;
	req.name = opts->name ? opts->name : id;
	req.content_type = opts->content_type;
	if ((err = ct_host_parse(&p->doc, host, data, len, &req)) < 0)
		goto out;
	if (p->doc->nblocks == 0) {
		err = ct_error_set(CT_EINVAL, "%s: no text in this document", req.name);
		goto out;
	}
	plugin = ct_host_find(host, p->doc->type);
	media_type = opts->content_type ? opts->content_type :
		plugin && plugin->media_types ? plugin->media_types[0] : NULL;
	if (media_type && !(p->media_type = strdup(media_type))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	/* one sentence split per block serves the claims and text.txt */
	if ((err = ct_claims__extract_render(&p->claims, &text, p->doc)) < 0 ||
	    (err = ct_archive__render_claims(&lines, &p->claims)) < 0)
		goto out;
	p->nsentences = count_sentences(&text);
	snprintf(p->source_name, sizeof(p->source_name), "source.%s", source_ext(plugin));

	/* the files' bytes and ids; a batch packs them at the commit, as
	 * deltas against the document's last version when it can */
	p->packed = a->sink != NULL;
	if ((err = ct_buf_put(&p->raw[F_SOURCE], data, len)) < 0)
		goto out;
	p->raw[F_TEXT] = text;
	p->raw[F_CLAIMS] = lines;
	memset(&text, 0, sizeof(text));
	memset(&lines, 0, sizeof(lines));
	for (i = 0; i < F_COUNT; i++)
		if (git_odb_hash(&p->files[i].oid, p->raw[i].ptr ? p->raw[i].ptr : "",
			p->raw[i].len, GIT_OBJECT_BLOB) < 0) {
			err = git_fail(CT_ERROR, "archive: cannot hash a file of '%s'", id);
			goto out;
		}
out:
	ct_buf_dispose(&text);
	ct_buf_dispose(&lines);
	if (err)
		ct_prepared_free(p);
	else
		*out = p;
	return err;
}

int ct_prepared_deflate(ct_prepared *p)
{
	size_t i;
	int err;

	for (i = 0; p->packed && i < F_COUNT; i++)
		if (!p->files[i].entry.len &&
		    (err = ct_archive__pack_entry(&p->files[i], GIT_OBJECT_BLOB,
			p->raw[i].ptr ? p->raw[i].ptr : "", p->raw[i].len, &p->files[i].oid)) < 0)
			return err;
	return 0;
}

int ct_archive_commit(ct_add_result *out, ct_archive *a, ct_host *host, ct_prepared *p)
{
	ct_buf tree = CT_BUF_INIT;
	git_oid tree_oid, oid;
	commit_info ci;
	unsigned int attempt;
	size_t i;
	int err = 0;

	memset(out, 0, sizeof(*out));
	memset(&ci, 0, sizeof(ci));
	if (p->packed != (a->sink != NULL))
		return ct_error_set(CT_EINVAL, "archive: '%s' was prepared %s a batch", p->id,
			p->packed ? "inside" : "outside");
	ci.id = p->id;
	ci.opts = &p->opts;
	ci.observed = p->observed;
	ci.doc = p->doc;
	ci.media_type = p->media_type;
	ci.nsentences = p->nsentences;
	out->nclaims = p->claims.count;
	/* blobs and tree before any commit names them */
	for (i = 0; i < F_COUNT && !err; i++) {
		if (p->packed)
			err = ct_archive__sink_put_blob(a->sink, p->id, (int)i, &p->files[i].oid,
				&p->raw[i], p->files[i].entry.len ? &p->files[i] : NULL);
		else
			err = write_object(&oid, a, GIT_OBJECT_BLOB, p->raw[i].ptr ? p->raw[i].ptr : "",
				p->raw[i].len, p->id);
	}
	if (err || (err = tree_raw(&tree, p)) < 0 ||
	    (err = write_object(&tree_oid, a, GIT_OBJECT_TREE, tree.ptr, tree.len, p->id)) < 0)
		goto out;
	for (attempt = 0;; attempt++) {
		ct_version_dispose(&out->version);
		err = try_commit(out, a, host, &ci, p, &tree_oid);
		if (err != TRY_AGAIN)
			break;
		/* another writer moved the branch first: it made progress, so this
		 * only repeats while others keep adding to the same document */
		if (attempt + 1 >= CAS_ATTEMPTS) {
			err = ct_error_set(CT_ECONFLICT,
				"archive: '%s' changed under this add %u times in a row while other "
				"writers added to it; nothing was stored, add it again", p->id, attempt + 1);
			break;
		}
		ct_lock_backoff(attempt);
	}
	if (err)
		goto out;
	/* hand the parser's diagnostics to the caller */
	out->warnings = p->doc->warnings;
	out->nwarnings = p->doc->nwarnings;
	p->doc->warnings = NULL;
	p->doc->nwarnings = 0;
out:
	if (err)
		ct_add_result_dispose(out);
	ct_buf_dispose(&tree);
	return err;
}

int ct_archive_add(ct_add_result *out, ct_archive *a, ct_host *host, const char *id,
	const char *data, size_t len, const ct_add_options *opts)
{
	ct_prepared *p = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = ct_archive_prepare(&p, a, host, id, data, len, opts)) < 0)
		return err;
	err = ct_archive_commit(out, a, host, p);
	ct_prepared_free(p);
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
