/* SPDX-License-Identifier: MIT */
/*
 * Finding a version: the one that holds given bytes (an import or add that
 * meets bytes it stored before), and the one a spec names (ID, ID@N,
 * ID@-N, a commit id).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "claimtrack/archive.h"
#include "archive_internal.h"

#define git_fail ct_archive__git_error

/* ---- which version holds these bytes ---- */

static int cmp_src(const void *x, const void *y)
{
	return git_oid_cmp(&((const ct_source_at *)x)->source, &((const ct_source_at *)y)->source);
}

/* The sources of id's history, sorted by blob id, made once per tip. */
static int source_index(ct_archive *a, const char *id, const git_oid *tip)
{
	ct_source_index *ix = &a->sources;
	git_commit *c = NULL, *p = NULL;
	git_tree *tree = NULL;
	size_t n = 0, cap = 0;
	ct_source_at *v = NULL, *nv;
	int err = 0;

	if (ix->id && !strcmp(ix->id, id) && git_oid_equal(&ix->tip, tip))
		return 0;
	free(ix->id);
	free(ix->v);
	memset(ix, 0, sizeof(*ix));
	if (ct_archive__commit(&c, a->repo, tip) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read the latest commit of '%s'", id);
	for (;;) {
		const git_tree_entry *se;

		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(nv = realloc(v, cap * sizeof(*v)))) {
				err = ct_error_set(CT_ENOMEM, "out of memory");
				goto out;
			}
			v = nv;
		}
		if (git_commit_tree(&tree, c) < 0) {
			err = git_fail(CT_EARCHIVE, "archive: cannot read a tree of '%s'", id);
			goto out;
		}
		if ((se = ct_archive__source_entry(tree)) != NULL) {
			git_oid_cpy(&v[n].source, git_tree_entry_id(se));
			git_oid_cpy(&v[n].commit, git_commit_id(c));
			v[n].depth = (unsigned int)n;
			n++;
		}
		git_tree_free(tree);
		tree = NULL;
		if (git_commit_parentcount(c) == 0)
			break;
		if (git_commit_parent(&p, c, 0) < 0) {
			err = git_fail(CT_EARCHIVE, "archive: history of '%s' is broken", id);
			goto out;
		}
		git_commit_free(c);
		c = p;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_src);
	if (!(ix->id = strdup(id))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	git_oid_cpy(&ix->tip, tip);
	ix->v = v;
	ix->n = n;
	v = NULL;
out:
	free(v);
	git_tree_free(tree);
	git_commit_free(c);
	return err;
}

int ct_archive_find_source(ct_archive_version *out, ct_archive *a, const char *id, const char *data,
	size_t len)
{
	ct_source_at key, *hit;
	git_commit *c = NULL;
	unsigned int number;
	git_oid tip;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = ct_archive_id_check(id)) < 0 || (err = ct_archive__tip(&tip, a, id)) < 0)
		return err;
	if (git_odb_hash(&key.source, data ? data : "", len, GIT_OBJECT_BLOB) < 0)
		return git_fail(CT_ERROR, "archive: cannot hash a source");
	if ((err = source_index(a, id, &tip)) < 0)
		return err;
	hit = a->sources.n ? bsearch(&key, a->sources.v, a->sources.n, sizeof(key), cmp_src) : NULL;
	if (!hit)
		return ct_error_set(CT_ENOTFOUND, "%s: no stored version holds these bytes", id);
	/* the earliest of equal sources: the highest depth among neighbours */
	while (hit > a->sources.v && git_oid_equal(&hit[-1].source, &key.source))
		hit--;
	{
		ct_source_at *best = hit;

		for (; hit < a->sources.v + a->sources.n && git_oid_equal(&hit->source, &key.source); hit++)
			if (hit->depth > best->depth)
				best = hit;
		hit = best;
	}
	if (ct_archive__commit(&c, a->repo, &hit->commit) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read a commit of '%s'", id);
	if ((err = ct_archive__commit_number(&number, a, c)) == 0)
		err = ct_archive__version_fill(out, a, c, number);
	git_commit_free(c);
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

int ct_archive_resolve(ct_archive_version *out, ct_archive *a, const char *spec)
{
	ct_archive_version *all = NULL;
	const char *at = strchr(spec, '@'), *rev;
	char id[CT_ARCHIVE_ID_MAX + 2];
	size_t n = 0, i, found = (size_t)-1, idlen;
	int err;

	memset(out, 0, sizeof(*out));
	idlen = at ? (size_t)(at - spec) : strlen(spec);
	if (idlen > CT_ARCHIVE_ID_MAX)
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

