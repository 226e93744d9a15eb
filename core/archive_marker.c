/* SPDX-License-Identifier: MIT */
/*
 * What makes a git repository an archive: claimtrack.version in its config,
 * or, in a clone (which copies no config), the _claimtrack marker branch
 * that HEAD points at.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "claimtrack/archive.h"
#include "archive_internal.h"

#define git_fail ct_archive__git_error

/*
 * The marker branch: refs/heads/_claimtrack (no document id can start with
 * '_') holds one commit of README.txt, which says what the repository is,
 * and claimtrack-archive, which says its format. HEAD points at it, so
 * `git clone` checks out something real, and a clone, which copies no
 * config, is still known for an archive.
 */
#define MARKER_REF "refs/heads/_claimtrack"
#define MARKER_FILE "claimtrack-archive"

static const char marker_readme[] =
"This git repository is a claimtrack archive.\n"
"\n"
"Each document has one branch, refs/heads/<id>: a linear chain of commits,\n"
"one per distinct version, in the order the versions were observed (the\n"
"commit time). Each commit holds source.<ext> (the bytes as observed),\n"
"text.txt (one sentence per line) and claims.txt (one figure per line).\n"
"\n"
"    git log -p <id>        how a document changed\n"
"    claimtrack log <id>    its versions\n"
"    claimtrack timeline <id>\n"
"\n"
"This branch (_claimtrack) only marks the repository as an archive.\n";

/* The format the marker branch names, 0 when there is none. */
static int marker_format(git_repository *repo, ct_refs *refs)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_blob *blob = NULL;
	const git_tree_entry *e;
	git_oid tip;
	int v = 0;

	if (ct_refs_read(&tip, refs, MARKER_REF) < 0) {
		ct_error_clear();
		return 0;
	}
	if (ct_archive__commit(&c, repo, &tip) == 0 && git_commit_tree(&tree, c) == 0 &&
	    (e = git_tree_entry_byname(tree, MARKER_FILE)) != NULL &&
	    git_blob_lookup(&blob, repo, git_tree_entry_id(e)) == 0) {
		const char *b = git_blob_rawcontent(blob);
		size_t n = (size_t)git_blob_rawsize(blob);

		if (n > 27 && !memcmp(b, "claimtrack archive format ", 26))
			v = atoi(b + 26);
	}
	git_blob_free(blob);
	git_tree_free(tree);
	git_commit_free(c);
	git_error_clear();
	return v;
}

/* Blob, tree and commit of the marker branch; *out the commit. */
static int marker_commit(git_oid *out, git_repository *repo)
{
	char format[64], hex[GIT_OID_HEXSZ + 1];
	git_oid readme, mark, tree;
	ct_buf t = CT_BUF_INIT, c = CT_BUF_INIT;
	git_odb *odb = NULL;
	/* a fixed time: every archive of a format has the same marker commit,
	 * so archives fetched into one another never disagree about it */
	int64_t now = INT64_C(1748736000);
	int err = 0;

	snprintf(format, sizeof(format), "claimtrack archive format %d\n", CT_ARCHIVE_FORMAT);
	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_write(&readme, odb, marker_readme, strlen(marker_readme), GIT_OBJECT_BLOB) < 0 ||
	    git_odb_write(&mark, odb, format, strlen(format), GIT_OBJECT_BLOB) < 0) {
		err = git_fail(CT_EIO, "archive: cannot write the marker branch");
		goto out;
	}
	/* tree entries in git's order: README.txt sorts before claimtrack-archive */
	if ((err = ct_buf_puts(&t, "100644 README.txt")) < 0 || (err = ct_buf_putc(&t, '\0')) < 0 ||
	    (err = ct_buf_put(&t, (const char *)readme.id, GIT_OID_RAWSZ)) < 0 ||
	    (err = ct_buf_puts(&t, "100644 " MARKER_FILE)) < 0 || (err = ct_buf_putc(&t, '\0')) < 0 ||
	    (err = ct_buf_put(&t, (const char *)mark.id, GIT_OID_RAWSZ)) < 0)
		goto out;
	if (git_odb_write(&tree, odb, t.ptr, t.len, GIT_OBJECT_TREE) < 0) {
		err = git_fail(CT_EIO, "archive: cannot write the marker branch");
		goto out;
	}
	git_oid_tostr(hex, sizeof(hex), &tree);
	if ((err = ct_buf_printf(&c, "tree %s\nauthor claimtrack <claimtrack@localhost> %lld +0000\n"
		"committer claimtrack <claimtrack@localhost> %lld +0000\n\n"
		"claimtrack archive, format %d\n", hex, (long long)now, (long long)now,
		CT_ARCHIVE_FORMAT)) < 0)
		goto out;
	if (git_odb_write(out, odb, c.ptr, c.len, GIT_OBJECT_COMMIT) < 0)
		err = git_fail(CT_EIO, "archive: cannot write the marker branch");
out:
	ct_buf_dispose(&t);
	ct_buf_dispose(&c);
	git_odb_free(odb);
	return err;
}

/* HEAD at the marker branch, made if needed; a HEAD at any branch that
 * exists is left alone. */
int ct_archive__ensure_head(git_repository *repo, ct_refs *refs, const char *path)
{
	git_reference *head = NULL;
	const char *target = NULL;
	git_oid oid;
	int err = 0;

	if (git_reference_lookup(&head, repo, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		target = git_reference_symbolic_target(head);
	if (target && ct_refs_read(&oid, refs, target) == 0)
		goto out;
	ct_error_clear();
	if (!marker_format(repo, refs)) {
		if ((err = marker_commit(&oid, repo)) < 0)
			goto out;
		err = ct_refs_update(refs, MARKER_REF, &oid, NULL, 0);
		if (err == CT_REFS_MOVED)
			err = 0;   /* another process made it first */
		if (err < 0)
			goto out;
	}
	if (git_repository_set_head(repo, MARKER_REF) < 0)
		err = git_fail(CT_EIO, "archive: cannot point HEAD of %s at its marker branch", path);
out:
	git_reference_free(head);
	return err;
}

/*
 * A clone made with plain git copies no config. A bare clone holds the
 * documents' branches as they were; a clone with a working tree holds them
 * as refs/remotes/<remote>/<id>, and each becomes a branch here. The config
 * marker is then written, so this happens once.
 */
static int adopt_clone(git_repository *repo, ct_refs *refs, const char *path)
{
	ct_ref *v = NULL;
	size_t n = 0, i, plen;
	git_config *cfg = NULL;
	const char *prefix = "refs/remotes/origin/";
	int err;

	plen = strlen(prefix);
	if ((err = ct_refs_list(&v, &n, refs, prefix)) < 0)
		return err;
	for (i = 0; i < n && !err; i++) {
		char local[300];
		const char *id = v[i].name + plen;

		if (v[i].damaged || ct_archive_id_check(id) < 0)
			continue;
		snprintf(local, sizeof(local), "refs/heads/%s", id);
		err = ct_refs_update(refs, local, &v[i].oid, NULL, 0);
		if (err == CT_REFS_MOVED)
			err = 0;   /* the branch exists: it stays as it is */
	}
	ct_refs_list_free(v, n);
	ct_error_clear();
	if (err < 0)
		return err;
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_bool(cfg, "receive.denyDeletes", 1) < 0 ||
	    git_config_set_int32(cfg, "claimtrack.version", CT_ARCHIVE_FORMAT) < 0)
		err = git_fail(CT_EIO, "archive: %s is a clone of an archive, but its config cannot be "
			"written", path);
	git_config_free(cfg);
	return err;
}

/* Can this process write what adopting a clone writes? */
static int clone_writable(git_repository *repo)
{
	const char *gitdir = git_repository_path(repo);
	char path[4400];

	snprintf(path, sizeof(path), "%sconfig", gitdir);
	if (access(gitdir, W_OK) != 0 || access(path, W_OK) != 0)
		return 0;
	snprintf(path, sizeof(path), "%srefs/heads", gitdir);
	return access(path, W_OK) == 0 || errno == ENOENT;
}

/* 0 when the repository is an archive: its config says so, or (a clone)
 * its marker branch does. */
int ct_archive__check_marker(git_repository *repo, ct_refs *refs, const char *path)
{
	git_config *cfg = NULL;
	int32_t v = 0;
	int err;

	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read the config of %s", path);
	err = git_config_get_int32(&v, cfg, "claimtrack.version");
	git_config_free(cfg);
	if (err == GIT_ENOTFOUND) {
		git_error_clear();
		if ((v = marker_format(repo, refs)) == 0)
			return ct_error_set(CT_EARCHIVE,
				"%s: a git repository, but not a claimtrack archive (no claimtrack.version "
				"in its config, no _claimtrack branch)", path);
		if (v == CT_ARCHIVE_FORMAT && !clone_writable(repo)) {
			/* a read-only mount, another user's clone: read as it is,
			 * its remote branches standing for the documents' */
			if ((err = ct_refs_set_view(refs, "refs/remotes/origin/")) < 0)
				return err;
		} else if (v == CT_ARCHIVE_FORMAT && (err = adopt_clone(repo, refs, path)) < 0) {
			return err;
		}
	} else if (err < 0) {
		return git_fail(CT_EARCHIVE, "%s: bad claimtrack.version", path);
	}
	if (v != CT_ARCHIVE_FORMAT)
		return ct_error_set(CT_EARCHIVE,
			"%s: archive format %d is not supported by this claimtrack (it reads format %d)",
			path, (int)v, CT_ARCHIVE_FORMAT);
	return 0;
}

