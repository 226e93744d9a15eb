/* SPDX-License-Identifier: MIT */
/*
 * Every document's tip in one reading of the refs, and the version a tip
 * names: for a reader (serve's index) that keeps what it made of each
 * document and makes it again only for those whose tip moved.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "claimtrack/archive.h"
#include "archive_internal.h"

#define TIPS_PREFIX "refs/heads/"

void ct_archive_tips_free(ct_archive_tip *tips, size_t count)
{
	size_t i;

	if (!tips)
		return;
	for (i = 0; i < count; i++)
		free(tips[i].id);
	free(tips);
}

int ct_archive_tips(ct_archive_tip **out, size_t *count, ct_archive *a)
{
	const size_t plen = strlen(TIPS_PREFIX);
	ct_ref *refs = NULL;
	ct_archive_tip *v = NULL;
	size_t nrefs = 0, n = 0, i;
	int err;

	*out = NULL;
	*count = 0;
	if ((err = ct_refs_list(&refs, &nrefs, a->refs, TIPS_PREFIX)) < 0)
		return ct_error_wrap(err, "archive: cannot list documents");
	if (!(v = calloc(nrefs ? nrefs : 1, sizeof(*v)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	/* the documents ct_archive_list lists, in its order (the refs' own) */
	for (i = 0; i < nrefs; i++) {
		const char *id = refs[i].name + plen;

		if (refs[i].damaged || strncmp(refs[i].name, TIPS_PREFIX, plen) ||
		    ct_archive_id_check(id) < 0)
			continue;
		if (!(v[n].id = strdup(id))) {
			err = ct_error_set(CT_ENOMEM, "out of memory");
			goto out;
		}
		git_oid_tostr(v[n].commit, sizeof(v[n].commit), &refs[i].oid);
		n++;
	}
	ct_error_clear();
	*out = v;
	*count = n;
	v = NULL;
	n = 0;
out:
	ct_refs_list_free(refs, nrefs);
	ct_archive_tips_free(v, n);
	return err;
}

int ct_archive_tip_version(ct_archive_version *out, ct_archive *a, const ct_archive_tip *tip)
{
	git_commit *c = NULL;
	unsigned int number;
	git_oid oid;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = ct_archive_id_check(tip->id)) < 0)
		return err;
	if (strlen(tip->commit) != GIT_OID_HEXSZ || git_oid_fromstr(&oid, tip->commit) < 0)
		return ct_error_set(CT_EINVAL, "%s: '%s' is not a commit id", tip->id, tip->commit);
	if ((err = ct_archive__commit(&c, a->repo, &oid)) < 0)
		return ct_archive__git_error(err == GIT_ENOTFOUND ? CT_ENOTFOUND : CT_EARCHIVE,
			"archive: cannot read commit %s of '%s'", tip->commit, tip->id);
	if ((err = ct_archive__commit_number(&number, a, c)) == 0)
		err = ct_archive__version_fill(out, a, c, number);
	git_commit_free(c);
	return err;
}
