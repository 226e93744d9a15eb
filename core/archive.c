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

#define REF_PREFIX "refs/heads/"
#define ID_MAX 200
#define CAS_ATTEMPTS 200
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
	/* git would read refs/heads/HEAD as ambiguous with HEAD itself */
	if (!strcmp(id, "HEAD"))
		return ct_error_set(CT_EINVAL, "document id 'HEAD' is reserved by git");
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
	a->repo = repo;
	a->stale_lock_seconds = CT_STALE_LOCK_SECONDS;
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
	ct_claimset_clear(&a->cache_claims);
	git_repository_free(a->repo);
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

int ct_archive__version_fill(ct_version *v, ct_archive *a, const git_commit *c,
	unsigned int number)
{
	git_message_trailer_array tr = { 0 };
	git_tree *tree = NULL;
	const git_tree_entry *se;
	const char *summary;
	size_t i;
	int err = 0;

	(void)a;
	memset(v, 0, sizeof(*v));
	v->number = number;
	git_oid_tostr(v->commit, sizeof(v->commit), git_commit_id(c));
	v->observed_at = (int64_t)git_commit_time(c);
	summary = git_commit_summary((git_commit *)c);
	if ((err = dup_into(&v->subject, summary ? summary : "")) < 0)
		goto out;
	if (git_message_trailers(&tr, git_commit_message(c)) == 0) {
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
		}
		git_message_trailer_array_free(&tr);
	}
	if (err)
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

/* The tip of a document's branch; CT_ENOTFOUND when it has none. */
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
	err = git_reference_name_to_id(out, a->repo, ref);
	if (err == GIT_ENOTFOUND)
		return ct_error_set(CT_ENOTFOUND, "%s: no such document in the archive", id);
	if (err < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read ref for '%s'", id);
	return 0;
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

int ct_archive_claims(ct_claimset *set, ct_archive *a, ct_host *host, const ct_version *v)
{
	char label[300];
	git_oid oid;

	if (git_oid_fromstr(&oid, v->commit) == 0 && a->cache_valid &&
	    git_oid_equal(&oid, &a->cache_commit))
		return claimset_copy(set, &a->cache_claims);
	snprintf(label, sizeof(label), "version %u (%.12s)", v->number, v->commit);
	return ct_archive__derive(NULL, set, a, host, v, label);
}

/* Remember the claims of a commit: the next add to the same document
 * diffs against them without parsing the old source again. */
static void cache_store(ct_archive *a, const git_oid *commit, const ct_claimset *set)
{
	ct_claimset_clear(&a->cache_claims);
	a->cache_valid = 0;
	if (claimset_copy(&a->cache_claims, set) < 0) {
		ct_claimset_clear(&a->cache_claims);
		return;
	}
	git_oid_cpy(&a->cache_commit, commit);
	a->cache_valid = 1;
}

/* ---- listing ---- */

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

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
	git_reference_iterator *it = NULL;
	const char *name;
	char **v = NULL, **nv;
	size_t n = 0, cap = 0;
	int err = 0, gerr;

	*out = NULL;
	*count = 0;
	if (git_reference_iterator_glob_new(&it, a->repo, REF_PREFIX "*") < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot list documents");
	while ((gerr = git_reference_next_name(&name, it)) == 0) {
		const char *id = name + strlen(REF_PREFIX);

		/* branches someone else made by hand are not documents */
		if (ct_archive_id_check(id) < 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if (!(nv = realloc(v, cap * sizeof(*v)))) {
				err = ct_error_set(CT_ENOMEM, "out of memory");
				goto out;
			}
			v = nv;
		}
		if (!(v[n] = strdup(id))) {
			err = ct_error_set(CT_ENOMEM, "out of memory");
			goto out;
		}
		n++;
	}
	ct_error_clear();
	if (gerr != GIT_ITEROVER) {
		err = git_fail(CT_EARCHIVE, "archive: cannot list documents");
		goto out;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	*count = n;
	v = NULL;
	n = 0;
out:
	git_reference_iterator_free(it);
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
		for (k = 0; k < ns && !err; k++) {
			const char *s = bl->text + sp[k].start;

			for (j = 0; j < sp[k].len && !err; j++)
				err = ct_buf_putc(b, s[j] == '\n' || s[j] == '\r' ? ' ' : s[j]);
			if (!err)
				err = ct_buf_putc(b, '\n');
		}
		free(sp);
		sp = NULL;
	}
	if (!err && !b->ptr)
		err = ct_buf_grow(b, 0);
	return err;
}

/* claims.txt: one ct_claim_line per claim in canonical order. */
int ct_archive__render_claims(ct_buf *b, const ct_claimset *set)
{
	ct_claimset sorted = CT_CLAIMSET_INIT;
	size_t i;
	char *line = NULL;
	int err;

	if ((err = claimset_copy(&sorted, set)) < 0)
		goto out;
	ct_claimset_sort(&sorted);
	for (i = 0; i < sorted.count && !err; i++) {
		if ((err = ct_claim_line(&line, &sorted.items[i])) < 0)
			break;
		err = ct_buf_puts(b, line);
		if (!err)
			err = ct_buf_putc(b, '\n');
		free(line);
		line = NULL;
	}
	if (!err && !b->ptr)
		err = ct_buf_grow(b, 0);
out:
	ct_claimset_clear(&sorted);
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
	int locked;               /* the last attempt found the ref locked */
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

static int write_blob(git_oid *out, ct_archive *a, const char *data, size_t len,
	const char *id, const char *what)
{
	if (git_blob_create_from_buffer(out, a->repo, data, len) < 0)
		return git_fail(CT_EIO, "archive: cannot write the %s of '%s'", what, id);
	return 0;
}

#define TRY_AGAIN 1

/*
 * One attempt: read the tip, build the commit on it, move the ref if it
 * still points at that tip. TRY_AGAIN when another writer got there first.
 */
static int try_commit(ct_add_result *r, ct_archive *a, ct_host *host,
	commit_info *ci, const git_oid *tree_oid, const git_oid *source_oid,
	const ct_claimset *claims)
{
	ct_claimset prev = CT_CLAIMSET_INIT;
	ct_diff *d = NULL;
	ct_buf msg = CT_BUF_INIT;
	git_signature *sig = NULL;
	git_commit *parent = NULL, *made = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_reference *ref = NULL;
	const git_commit *parents[1];
	const git_tree_entry *pse;
	git_oid tip, coid;
	char refname[256];
	int err, has_parent;

	refname_of(refname, sizeof(refname), ci->id);
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
	if (has_parent) {
		ct_version pv;

		if (git_commit_lookup(&parent, a->repo, &tip) < 0 ||
		    git_commit_tree(&ptree, parent) < 0) {
			err = git_fail(CT_EARCHIVE, "archive: cannot read the latest version of '%s'", ci->id);
			goto out;
		}
		if ((err = ct_archive__commit_number(&ci->number, a, parent)) < 0)
			goto out;
		pse = source_entry(ptree);
		if (pse && git_oid_equal(git_tree_entry_id(pse), source_oid)) {
			/* the same bytes as the latest version: nothing to record */
			r->created = 0;
			err = ct_archive__version_fill(&r->version, a, parent, ci->number);
			if (!err)
				cache_store(a, &tip, claims);
			goto out;
		}
		if ((err = ct_archive__version_fill(&pv, a, parent, ci->number)) < 0)
			goto out;
		err = ct_archive_claims(&prev, a, host, &pv);
		ct_version_dispose(&pv);
		if (err < 0) {
			err = ct_error_wrap(err, "archive: cannot re-read version %u of '%s'",
				ci->number, ci->id);
			goto out;
		}
		ci->number++;
	}
	if ((err = ct_diff_compute(&d, &prev, claims, NULL)) < 0)
		goto out;
	count_changes(r, has_parent ? d : NULL);
	if ((err = build_message(&msg, ci, r, has_parent ? d : NULL)) < 0)
		goto out;
	if (git_signature_new(&sig, SIG_NAME, SIG_EMAIL, (git_time_t)ci->observed, 0) < 0) {
		err = git_fail(CT_EINVAL, "archive: bad observation time for '%s'", ci->id);
		goto out;
	}
	if (git_tree_lookup(&tree, a->repo, tree_oid) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot read the new tree of '%s'", ci->id);
		goto out;
	}
	parents[0] = parent;
	if (git_commit_create(&coid, a->repo, NULL, sig, sig, NULL, msg.ptr, tree,
		has_parent ? 1 : 0, parents) < 0) {
		err = git_fail(CT_EIO, "archive: cannot write a commit for '%s'", ci->id);
		goto out;
	}
	/* the commit and everything it points to exist; now move the ref */
	if (a->mempack) {
		/* batched: the ref moves at the flush, after the pack is written */
		if ((err = ct_archive__pending_set(a, ci->id, has_parent ? &tip : NULL, &coid)) < 0)
			goto out;
	} else if (has_parent)
		err = git_reference_create_matching(&ref, a->repo, refname, &coid, 1, &tip,
			"claimtrack add");
	else
		err = git_reference_create(&ref, a->repo, refname, &coid, 0, "claimtrack add");
	if (err == GIT_EMODIFIED || err == GIT_EEXISTS || err == GIT_ELOCKED) {
		ci->locked = err == GIT_ELOCKED;
		err = TRY_AGAIN;
		goto out;
	}
	if (err < 0) {
		err = git_fail(CT_EIO, "archive: cannot update ref for '%s'", ci->id);
		goto out;
	}
	r->created = 1;
	if (git_commit_lookup(&made, a->repo, &coid) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot read back commit for '%s'", ci->id);
		goto out;
	}
	if ((err = ct_archive__version_fill(&r->version, a, made, ci->number)) < 0)
		goto out;
	cache_store(a, &coid, claims);
out:
	git_reference_free(ref);
	git_commit_free(made);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_signature_free(sig);
	ct_buf_dispose(&msg);
	ct_diff_free(d);
	ct_claimset_clear(&prev);
	return err;
}

/*
 * A writer holds a ref's lock for the microseconds of one small write and a
 * rename; a lock much older than that was left by a writer that died (a
 * SIGKILL between lock and rename). Breaking it is safe for the archive:
 * the ref itself is intact, and a writer that really held it would fail
 * its rename and report the add as failed, not acknowledged.
 */
static void break_stale_lock(ct_archive *a, const char *id)
{
	char lock[4400];
	struct stat st;

	snprintf(lock, sizeof(lock), "%s/" REF_PREFIX "%s.lock", a->path, id);
	if (stat(lock, &st) == 0 && (int64_t)(time(NULL) - st.st_mtime) >= a->stale_lock_seconds)
		unlink(lock);
}

/* Back off a little longer each time, with jitter so writers spread out. */
static void backoff(unsigned int attempt)
{
	struct timespec ts, now;
	long us = 200L << (attempt < 8 ? attempt : 8);
	unsigned long mix;

	/* rand() would give every forked writer the same "jitter" */
	clock_gettime(CLOCK_MONOTONIC, &now);
	mix = ((unsigned long)now.tv_nsec ^ ((unsigned long)getpid() << 16)) * 2654435761UL;
	us = us / 2 + (long)((mix >> 8) % (unsigned long)(us / 2 + 1));
	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (us % 1000000) * 1000;
	nanosleep(&ts, NULL);
}

int ct_archive_add(ct_add_result *out, ct_archive *a, ct_host *host, const char *id,
	const char *data, size_t len, const ct_add_options *opts)
{
	ct_add_options defaults = CT_ADD_OPTIONS_INIT;
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_claimset claims = CT_CLAIMSET_INIT;
	ct_buf text = CT_BUF_INIT, lines = CT_BUF_INIT;
	git_treebuilder *tb = NULL;
	git_oid source_oid, text_oid, claims_oid, tree_oid;
	const ct_plugin *plugin;
	commit_info ci;
	ct_doc *doc = NULL;
	char source_name[32];
	unsigned int attempt;
	int err;

	memset(out, 0, sizeof(*out));
	memset(&ci, 0, sizeof(ci));
	if (!opts)
		opts = &defaults;
	if ((err = ct_archive_id_check(id)) < 0)
		return err;
	ci.id = id;
	ci.opts = opts;
	ci.observed = opts->observed_at ? opts->observed_at : (int64_t)time(NULL);
	/* git cannot represent times before 1970 in a commit */
	if (ci.observed < 0 || ci.observed > INT64_C(253402300799))
		return ct_error_set(CT_EINVAL, "%s: observation time is out of range (1970 to 9999)", id);

	/* everything that can be wrong with the input fails before a write */
	req.type = opts->type;
	req.name = opts->name ? opts->name : id;
	req.content_type = opts->content_type;
	if ((err = ct_host_parse(&doc, host, data, len, &req)) < 0)
		goto out;
	if (doc->nblocks == 0) {
		err = ct_error_set(CT_EINVAL, "%s: no text in this document", req.name);
		goto out;
	}
	plugin = ct_host_find(host, doc->type);
	ci.doc = doc;
	ci.media_type = opts->content_type ? opts->content_type :
		plugin && plugin->media_types ? plugin->media_types[0] : NULL;
	if ((err = ct_claims_extract(&claims, doc)) < 0 ||
	    (err = ct_archive__render_text(&text, doc)) < 0 ||
	    (err = ct_archive__render_claims(&lines, &claims)) < 0)
		goto out;
	ci.nsentences = count_sentences(&text);
	out->nclaims = claims.count;

	snprintf(source_name, sizeof(source_name), "source.%s", source_ext(plugin));
	if ((err = write_blob(&source_oid, a, data, len, id, "source")) < 0 ||
	    (err = write_blob(&text_oid, a, text.ptr, text.len, id, "text")) < 0 ||
	    (err = write_blob(&claims_oid, a, lines.ptr, lines.len, id, "claims")) < 0)
		goto out;
	if (git_treebuilder_new(&tb, a->repo, NULL) < 0 ||
	    git_treebuilder_insert(NULL, tb, source_name, &source_oid, GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_insert(NULL, tb, "text.txt", &text_oid, GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_insert(NULL, tb, "claims.txt", &claims_oid, GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_write(&tree_oid, tb) < 0) {
		err = git_fail(CT_EIO, "archive: cannot write the tree of '%s'", id);
		goto out;
	}
	for (attempt = 0;; attempt++) {
		ct_version_dispose(&out->version);
		err = try_commit(out, a, host, &ci, &tree_oid, &source_oid, &claims);
		if (err != TRY_AGAIN)
			break;
		if (ci.locked)
			break_stale_lock(a, id);
		if (attempt + 1 >= CAS_ATTEMPTS) {
			err = ct_error_set(CT_ECONFLICT,
				"archive: cannot update ref for '%s': other writers kept changing it",
				id);
			break;
		}
		backoff(attempt);
	}
	if (err)
		goto out;
	/* hand the parser's diagnostics to the caller */
	out->warnings = doc->warnings;
	out->nwarnings = doc->nwarnings;
	doc->warnings = NULL;
	doc->nwarnings = 0;
out:
	if (err)
		ct_add_result_dispose(out);
	git_treebuilder_free(tb);
	ct_buf_dispose(&text);
	ct_buf_dispose(&lines);
	ct_claimset_clear(&claims);
	ct_doc_free(doc);
	return err;
}

void ct_archive_set_stale_lock(ct_archive *a, int seconds)
{
	a->stale_lock_seconds = seconds > 0 ? seconds : CT_STALE_LOCK_SECONDS;
}

const char *ct_archive_path(const ct_archive *a)
{
	return a->path;
}
