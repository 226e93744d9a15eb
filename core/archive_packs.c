/* SPDX-License-Identifier: MIT */
/*
 * Removing packs. gc replaces every pack with one, and an import puts the
 * packs of its batches together at its end; both remove what they made
 * redundant, here only, under one lock (the policy of refs.h), so that
 * no two of them remove packs the other is reading.
 *
 * A process that has a pack open reads on from it after the file is
 * gone; one that has only its index loaded finds the pack missing and
 * libgit2 looks in the other packs and the new ones, which is always
 * right. A multi-pack-index breaks that: libgit2 takes its word for the
 * pack that holds an object, and when that pack is gone it fails the
 * read instead of looking again (nor does it reload the index, however
 * it changed). So claimtrack writes none. One that an earlier claimtrack
 * or `git repack --write-midx` left is removed with the first packs
 * that go, as git would.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "archive_internal.h"

int ct_archive__packs_lock(ct_lock *l, ct_archive *a)
{
	char target[4400];

	snprintf(target, sizeof(target), "%s/objects/pack/claimtrack-packs", a->gitdir);
	return ct_lock_take(l, target, ct_refs_stale(a->refs));
}

static void remove_pack(const char *packdir, const char *hex)
{
	char path[4400];

	/* the index first: a pack without one is invisible, never half
	 * there, and gc clears it after the grace */
	snprintf(path, sizeof(path), "%s/pack-%s.idx", packdir, hex);
	unlink(path);
	snprintf(path, sizeof(path), "%s/pack-%s.pack", packdir, hex);
	unlink(path);
}

int ct_archive__packs_retire(ct_archive *a, const char (*names)[41], size_t n)
{
	char packdir[4096], midx[4200];
	size_t i;

	if (!n)
		return 0;
	snprintf(packdir, sizeof(packdir), "%s/objects/pack", a->gitdir);
	snprintf(midx, sizeof(midx), "%s/multi-pack-index", packdir);
	if (unlink(midx) < 0 && errno != ENOENT)
		return ct_error_set(CT_EIO, "cannot remove %s: %s; %zu pack%s kept", midx,
			strerror(errno), n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		remove_pack(packdir, names[i]);
	return 0;
}
