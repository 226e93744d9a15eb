/* SPDX-License-Identifier: MIT */
/*
 * The set of packs. Every batch flush writes one pack, so an import of a
 * million versions has a thousand until its end merges them, and libgit2
 * looks an object up in each pack's index in turn. A multi-pack-index
 * (git's objects/pack/multi-pack-index, which libgit2 and git both read)
 * answers from one table instead. It is
 * rewritten when the packs it does not cover reach half of those it does
 * (at least MIDX_MIN), so an import pays for it a logarithmic number of
 * times; gc removes it before it removes the packs it names. Writing it
 * and removing packs are serialized by one lock, under the policy of
 * refs.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/midx.h>

#include "archive_internal.h"

#define git_fail ct_archive__git_error
#define MIDX_MIN 16

/* How many packs the multi-pack-index covers (its header's count). */
static size_t midx_covered(const char *packdir)
{
	char path[4400];
	unsigned char h[12];
	int fd;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/multi-pack-index", packdir);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (read(fd, h, sizeof(h)) == (ssize_t)sizeof(h) && !memcmp(h, "MIDX", 4))
		n = (size_t)h[8] << 24 | (size_t)h[9] << 16 | (size_t)h[10] << 8 | h[11];
	close(fd);
	return n;
}

/* The .idx files that have their .pack, by name. */
static int list_idx(char ***out, size_t *count, const char *packdir)
{
	DIR *d = opendir(packdir);
	struct dirent *e;
	char **v = NULL, **nv, pack[4400];
	size_t n = 0;

	*out = NULL;
	*count = 0;
	if (!d)
		return errno == ENOENT ? 0 : ct_error_set(CT_EIO, "cannot read %s: %s", packdir,
			strerror(errno));
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 10 || strncmp(e->d_name, "pack-", 5) || strcmp(e->d_name + len - 4, ".idx"))
			continue;
		snprintf(pack, sizeof(pack), "%s/%.*s.pack", packdir, (int)(len - 4), e->d_name);
		if (access(pack, F_OK) != 0)
			continue;
		if (!(nv = realloc(v, (n + 1) * sizeof(*v))) || !(nv[n] = strdup(e->d_name))) {
			if (nv)
				v = nv;
			closedir(d);
			ct_strings_free(v, n);
			return ct_error_set(CT_ENOMEM, "out of memory");
		}
		v = nv;
		n++;
	}
	closedir(d);
	*out = v;
	*count = n;
	return 0;
}

static int packs_lock(ct_lock *l, const ct_archive *a, char *packdir, size_t size)
{
	char target[4400];

	snprintf(packdir, size, "%s/objects/pack", a->gitdir);
	snprintf(target, sizeof(target), "%s/claimtrack-packs", packdir);
	return ct_lock_take(l, target, ct_refs_stale(a->refs));
}

int ct_archive__packs_index(ct_archive *a, int at_end)
{
	ct_lock l = CT_LOCK_INIT;
	git_midx_writer *w = NULL;
	char packdir[4096], mlock[4200], **idx = NULL;
	size_t n = 0, covered, i;
	int err;

	snprintf(packdir, sizeof(packdir), "%s/objects/pack", a->gitdir);
	covered = midx_covered(packdir);
	if ((err = list_idx(&idx, &n, packdir)) < 0)
		return err;
	ct_strings_free(idx, n);
	idx = NULL;
	/* few packs, or few new ones: a lookup is cheap enough as it is */
	if (n < MIDX_MIN || n - (covered < n ? covered : n) < (at_end ? MIDX_MIN : MIDX_MIN + covered / 2))
		return 0;
	if ((err = packs_lock(&l, a, packdir, sizeof(packdir))) < 0)
		return err;
	/* libgit2's writer takes a lock of its own, without an flock: one a
	 * killed import left is cleared by its age */
	snprintf(mlock, sizeof(mlock), "%s/multi-pack-index.lock", packdir);
	ct_lock_clear_stale(mlock, ct_refs_stale(a->refs));
	/* listed again under the lock: gc may have removed some meanwhile */
	if ((err = list_idx(&idx, &n, packdir)) < 0)
		goto out;
	if (git_midx_writer_new(&w, packdir) < 0) {
		err = git_fail(CT_EIO, "archive: cannot index the packs of %s", a->path);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (git_midx_writer_add(w, idx[i]) < 0) {
			err = git_fail(CT_EIO, "archive: cannot index pack %s", idx[i]);
			goto out;
		}
	if (git_midx_writer_commit(w) < 0)
		err = git_fail(CT_EIO, "archive: cannot write the multi-pack-index of %s", a->path);
out:
	git_midx_writer_free(w);
	ct_strings_free(idx, n);
	ct_lock_release(&l);
	return err;
}

int ct_archive__packs_lock(ct_lock *l, ct_archive *a)
{
	char packdir[4096], midx[4200];
	int err;

	if ((err = packs_lock(l, a, packdir, sizeof(packdir))) < 0)
		return err;
	/* it names packs about to go: without it, libgit2 and git read the
	 * packs one by one, which is always right */
	snprintf(midx, sizeof(midx), "%s/multi-pack-index", packdir);
	if (unlink(midx) < 0 && errno != ENOENT) {
		err = ct_error_set(CT_EIO, "cannot remove %s: %s", midx, strerror(errno));
		ct_lock_release(l);
	}
	return err;
}
