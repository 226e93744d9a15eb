/* SPDX-License-Identifier: MIT */
/* Side state in the archive (ct_archive_state_*): refs/heads/_NAME, whose
 * commits hold NAME.json, each with the state it replaced as its parent
 * (sync's three-way merge of two states needs their merge base). Part of
 * the archive module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "claimtrack/watch.h"
#include "archive_internal.h"

static int check_name(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (name[i] < 'a' || name[i] > 'z')
			break;
	if (i == 0 || name[i] || i > 32)
		return ct_error_set(CT_EINVAL, "archive: '%s' is not a state name (lower-case letters)",
			name);
	return 0;
}

int ct_archive_state_read(ct_buf *out, char *commit_out, ct_archive *a, const char *name)
{
	char ref[64], file[48];
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_blob *blob = NULL;
	const git_tree_entry *e;
	git_oid tip;
	int err;

	if ((err = check_name(name)) < 0)
		return err;
	snprintf(ref, sizeof(ref), "refs/heads/_%s", name);
	snprintf(file, sizeof(file), "%s.json", name);
	if ((err = ct_refs_read(&tip, a->refs, ref)) < 0)
		return err;
	if (commit_out)
		git_oid_tostr(commit_out, GIT_OID_HEXSZ + 1, &tip);
	if (ct_archive__commit(&c, a->repo, &tip) < 0 || git_commit_tree(&tree, c) < 0 ||
	    !(e = git_tree_entry_byname(tree, file)) ||
	    git_blob_lookup(&blob, a->repo, git_tree_entry_id(e)) < 0) {
		err = ct_archive__git_error(CT_EARCHIVE, "archive: %s does not hold %s", ref, file);
		goto out;
	}
	ct_buf_clear(out);
	if ((err = ct_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob))) == 0)
		err = ct_buf_grow(out, 0);
out:
	git_blob_free(blob);
	git_tree_free(tree);
	git_commit_free(c);
	return err;
}

/* The state commit: its tree holds NAME.json; its parents are the state
 * it replaces (expected, NULL: none) and, for a merge, the other state
 * merged (also, NULL: none), so that two states have a merge base. */
static int state_commit(git_oid *commit, git_odb *odb, const char *file, const char *name,
	const char *data, size_t len, const git_oid *expected, const git_oid *also)
{
	char hex[GIT_OID_HEXSZ + 1];
	ct_buf t = CT_BUF_INIT, c = CT_BUF_INIT;
	git_oid blob, tree;
	long long now = (long long)time(NULL);
	int err = 0;

	if (git_odb_write(&blob, odb, data, len, GIT_OBJECT_BLOB) < 0) {
		err = ct_archive__git_error(CT_EIO, "archive: cannot write %s", file);
		goto out;
	}
	if ((err = ct_buf_printf(&t, "100644 %s", file)) < 0 || (err = ct_buf_putc(&t, '\0')) < 0 ||
	    (err = ct_buf_put(&t, (const char *)blob.id, GIT_OID_RAWSZ)) < 0)
		goto out;
	if (git_odb_write(&tree, odb, t.ptr, t.len, GIT_OBJECT_TREE) < 0) {
		err = ct_archive__git_error(CT_EIO, "archive: cannot write %s", file);
		goto out;
	}
	git_oid_tostr(hex, sizeof(hex), &tree);
	if ((err = ct_buf_printf(&c, "tree %s\n", hex)) < 0)
		goto out;
	if (expected && (err = ct_buf_printf(&c, "parent %s\n", git_oid_tostr(hex, sizeof(hex),
		expected))) < 0)
		goto out;
	if (also && (err = ct_buf_printf(&c, "parent %s\n", git_oid_tostr(hex, sizeof(hex),
		also))) < 0)
		goto out;
	if ((err = ct_buf_printf(&c, "author claimtrack <claimtrack@localhost> %lld +0000\n"
		"committer claimtrack <claimtrack@localhost> %lld +0000\n\n"
		"claimtrack %s state%s\n", now, now, name, also ? " (merged)" : "")) < 0)
		goto out;
	if (git_odb_write(commit, odb, c.ptr, c.len, GIT_OBJECT_COMMIT) < 0)
		err = ct_archive__git_error(CT_EIO, "archive: cannot write %s", file);
out:
	ct_buf_dispose(&t);
	ct_buf_dispose(&c);
	return err;
}

int ct_archive__state_write(ct_archive *a, const char *name, const char *data, size_t len,
	const git_oid *expected, const git_oid *also, git_oid *out)
{
	char ref[64], file[48];
	git_oid commit;
	git_odb *odb = NULL;
	int err;

	if ((err = check_name(name)) < 0)
		return err;
	snprintf(ref, sizeof(ref), "refs/heads/_%s", name);
	snprintf(file, sizeof(file), "%s.json", name);
	if (git_repository_odb(&odb, a->repo) < 0)
		return ct_archive__git_error(CT_EIO, "archive: cannot write %s", file);
	if ((err = state_commit(&commit, odb, file, name, data, len, expected, also)) == 0) {
		err = ct_refs_update(a->refs, ref, &commit, expected, a->durable);
		if (err == CT_REFS_MOVED)
			err = ct_error_set(CT_ECONFLICT, "archive: another writer replaced %s meanwhile",
				ref);
	}
	if (err == 0 && out)
		git_oid_cpy(out, &commit);
	git_odb_free(odb);
	return err;
}

int ct_archive_state_write(ct_archive *a, const char *name, const char *data, size_t len,
	const char *expected_commit, char *commit_out)
{
	git_oid old, commit;
	int err, had = expected_commit && *expected_commit;

	if (had && git_oid_fromstr(&old, expected_commit) < 0)
		return ct_error_set(CT_EINVAL, "archive: '%s' is not a commit id", expected_commit);
	err = ct_archive__state_write(a, name, data, len, had ? &old : NULL, NULL, &commit);
	if (err == 0 && commit_out)
		git_oid_tostr(commit_out, GIT_OID_HEXSZ + 1, &commit);
	return err;
}
