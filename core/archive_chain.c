/* SPDX-License-Identifier: MIT */
/*
 * Re-making a document's history: when a version observed earlier than
 * the latest arrives (an add --at in the past, a writer that lost a race
 * by a second, a collector's versions met at sync), the versions after it
 * are committed again on top of it, in time order. Each keeps its files,
 * its observation time and its provenance trailers; its number and the
 * figure changes in its message are made anew against its new predecessor,
 * so `git log -p` and every report read the history as it really ran.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "claimtrack/archive.h"
#include "claimtrack/diff.h"
#include "archive_internal.h"

#define git_fail ct_archive__git_error

/* The trailer paragraph of a message: what follows its last blank line. */
static const char *trailers_of(const char *msg)
{
	const char *p = msg, *last = NULL;

	while ((p = strstr(p, "\n\n")) != NULL) {
		last = p + 2;
		p += 2;
	}
	return last ? last : "";
}

static int remake_one(git_oid *out, ct_archive *a, ct_host *host, const char *id,
	const git_oid *parent, unsigned int number, ct_claimset *prev, const git_oid *commit)
{
	ct_claimset cur = CT_CLAIMSET_INIT;
	ct_buf text = CT_BUF_INIT, msg = CT_BUF_INIT, raw = CT_BUF_INIT;
	ct_add_result r;
	ct_diff *d = NULL;
	git_commit *c = NULL;
	ct_archive_version v;
	int err;

	memset(&r, 0, sizeof(r));
	memset(&v, 0, sizeof(v));
	if (ct_archive__commit(&c, a->repo, commit) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read a version of '%s'", id);
	if ((err = ct_archive__version_fill(&v, a, c, number)) < 0 ||
	    (err = ct_archive_claims(&cur, a, host, &v)) < 0 ||
	    (err = ct_archive_read(&text, a, &v, "text")) < 0)
		goto out;
	if (number > 1 && (err = ct_diff_compute(&d, prev, &cur, NULL)) < 0)
		goto out;
	r.nclaims = cur.count;
	ct_archive__count_changes(&r, number > 1 ? d : NULL);
	if ((err = ct_archive__message_head(&msg, id, number, (int64_t)git_commit_time(c), &r,
		ct_archive__count_sentences(&text), number > 1 ? d : NULL)) < 0 ||
	    (err = ct_buf_puts(&msg, trailers_of(git_commit_message(c)))) < 0 ||
	    (err = ct_archive__commit_raw(&raw, git_commit_tree_id(c), parent,
		(int64_t)git_commit_time(c), msg.ptr)) < 0 ||
	    (err = ct_archive__write_object(out, a, GIT_OBJECT_COMMIT, raw.ptr, raw.len, id)) < 0)
		goto out;
	/* the diff borrows prev's claims: free it before they go */
	ct_diff_free(d);
	d = NULL;
	ct_claimset_clear(prev);
	*prev = cur;
	memset(&cur, 0, sizeof(cur));
out:
	if (err)
		err = ct_error_wrap(err, "archive: cannot re-make version %u of '%s' (%.12s)", number,
			id, v.commit[0] ? v.commit : "?");
	ct_diff_free(d);
	ct_claimset_clear(&cur);
	ct_version_dispose(&v);
	ct_buf_dispose(&text);
	ct_buf_dispose(&msg);
	ct_buf_dispose(&raw);
	git_commit_free(c);
	return err;
}

int ct_archive__rechain(git_oid *tip, ct_archive *a, ct_host *host, const char *id,
	const git_oid *base, unsigned int base_number, ct_claimset *prev,
	const git_oid *commits, size_t n)
{
	git_oid parent, made;
	size_t i;
	int err;

	if (base)
		git_oid_cpy(&parent, base);
	else
		base_number = 0;
	for (i = 0; i < n; i++) {
		if ((err = remake_one(&made, a, host, id, base || i ? &parent : NULL,
			base_number + (unsigned int)i + 1, prev, &commits[i])) < 0)
			return err;
		git_oid_cpy(&parent, &made);
	}
	if (n)
		git_oid_cpy(tip, &parent);
	else if (base)
		git_oid_cpy(tip, base);
	return 0;
}

void ct_insertion_dispose(ct_insertion *ins)
{
	free(ins->tail);
	memset(ins, 0, sizeof(*ins));
}

int ct_archive__insertion(ct_insertion *ins, ct_archive *a, const char *id, const git_oid *tip,
	int64_t observed)
{
	git_commit *c = NULL, *p = NULL;
	git_oid *v = NULL, *nv;
	size_t n = 0, cap = 0, i;
	int err = 0;

	memset(ins, 0, sizeof(*ins));
	if (ct_archive__commit(&c, a->repo, tip) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read the latest version of '%s'", id);
	/* back from the tip over every version observed after this one */
	while ((int64_t)git_commit_time(c) > observed) {
		git_tree *tree = NULL;
		const git_tree_entry *se;

		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if (!(nv = realloc(v, cap * sizeof(*v)))) {
				err = ct_error_set(CT_ENOMEM, "out of memory");
				goto out;
			}
			v = nv;
		}
		git_oid_cpy(&v[n++], git_commit_id(c));
		if (git_commit_tree(&tree, c) < 0) {
			err = git_fail(CT_EARCHIVE, "archive: cannot read a version of '%s'", id);
			goto out;
		}
		if ((se = ct_archive__source_entry(tree)) != NULL)
			git_oid_cpy(&ins->next_source, git_tree_entry_id(se));
		git_tree_free(tree);
		if (git_commit_parentcount(c) == 0) {
			git_commit_free(c);
			c = NULL;
			break;
		}
		if (git_commit_parent(&p, c, 0) < 0) {
			err = git_fail(CT_EARCHIVE, "archive: history of '%s' is broken", id);
			goto out;
		}
		git_commit_free(c);
		c = p;
		p = NULL;
	}
	if (c) {
		git_tree *tree = NULL;
		const git_tree_entry *se;

		ins->has_base = 1;
		git_oid_cpy(&ins->base, git_commit_id(c));
		if ((err = ct_archive__commit_number(&ins->base_number, a, c)) < 0)
			goto out;
		if (git_commit_tree(&tree, c) == 0 && (se = ct_archive__source_entry(tree)) != NULL)
			git_oid_cpy(&ins->base_source, git_tree_entry_id(se));
		git_tree_free(tree);
	}
	/* oldest first, the order they are re-made in */
	for (i = 0; i < n / 2; i++) {
		git_oid t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	ins->tail = v;
	ins->ntail = n;
	v = NULL;
out:
	free(v);
	git_commit_free(c);
	if (err)
		ct_insertion_dispose(ins);
	return err;
}
