/* SPDX-License-Identifier: MIT */
/*
 * Pack files as an import writes them: a pack streamed to a temporary
 * file in objects/pack with its SHA-1 computed on the way, then its .idx
 * (version 2) built from the entries' ids, CRCs and offsets, both renamed
 * into place, the pack before its index: git sees a pack only through its
 * .idx, so a reader never meets half of one, and a crash leaves at most a
 * stray temporary file.
 *
 * An import writes one pack per batch, so that every batch is on disk
 * before its refs move; at its end the packs it wrote are put together
 * into one (ct_archive__packs_merge). Their entries are copied as they
 * are: a delta names its base by the distance back to it, which
 * concatenating packs keeps, and an import never writes an object twice,
 * so nothing is recompressed and no object is duplicated. Each byte is
 * copied once more, and a per-document command reads one index instead of
 * one per batch.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <openssl/evp.h>

#include "archive_internal.h"

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int write_all(int fd, const void *data, size_t n)
{
	const char *p = data;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * SHA-1 from OpenSSL's libcrypto: libgit2 and libcurl link it already, and
 * it uses the CPU's SHA extensions where there are some. The trailers are
 * checksums of bytes this process wrote, so libgit2's collision-detecting
 * SHA-1 (kept for object ids) is not needed.
 */
static int sha1_of(unsigned char out[20], const void *p, size_t n)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ok;

	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1 &&
		EVP_DigestUpdate(ctx, p, n) == 1 && EVP_DigestFinal_ex(ctx, out, &len) == 1 &&
		len == 20;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : ct_error_set(CT_ERROR, "archive: SHA-1 (libcrypto) failed");
}

int ct_packfile_open(ct_packfile *pf, const char *gitdir, uint32_t count, int durable)
{
	unsigned char head[12];

	memset(pf, 0, sizeof(*pf));
	pf->fd = -1;
	pf->durable = durable;
	snprintf(pf->dir, sizeof(pf->dir), "%s/objects/pack", gitdir);
	mkdir(pf->dir, 0755);
	snprintf(pf->tmp, sizeof(pf->tmp), "%s/tmp_pack_XXXXXX", pf->dir);
	if (!(pf->md = EVP_MD_CTX_new()) || EVP_DigestInit_ex(pf->md, EVP_sha1(), NULL) != 1) {
		EVP_MD_CTX_free(pf->md);
		pf->md = NULL;
		return ct_error_set(CT_ERROR, "archive: SHA-1 (libcrypto) failed");
	}
	if ((pf->fd = mkstemp(pf->tmp)) < 0) {
		ct_packfile_abort(pf);
		return ct_error_set(CT_EIO, "archive: cannot create a file in %s: %s", pf->dir,
			strerror(errno));
	}
	memcpy(head, "PACK\0\0\0\2", 8);
	be32(head + 8, count);
	return ct_packfile_put(pf, head, sizeof(head));
}

int ct_packfile_put(ct_packfile *pf, const void *p, size_t n)
{
	if (n && EVP_DigestUpdate(pf->md, p, n) != 1) {
		ct_packfile_abort(pf);
		return ct_error_set(CT_ERROR, "archive: SHA-1 (libcrypto) failed");
	}
	if (write_all(pf->fd, p, n) < 0) {
		int e = errno;

		ct_error_set(CT_EIO, "archive: cannot write %s: %s", pf->tmp, strerror(e));
		ct_packfile_abort(pf);
		return CT_EIO;
	}
	return 0;
}

void ct_packfile_abort(ct_packfile *pf)
{
	if (pf->fd >= 0) {
		close(pf->fd);
		unlink(pf->tmp);
	}
	pf->fd = -1;
	EVP_MD_CTX_free(pf->md);
	pf->md = NULL;
}

static int cmp_entry(const void *x, const void *y)
{
	return git_oid_cmp(&((const ct_idx_entry *)x)->oid, &((const ct_idx_entry *)y)->oid);
}

/* The .idx (version 2) of a pack: fan-out, ids, CRCs, offsets. */
static int build_idx(ct_buf *idx, ct_idx_entry *e, size_t n, const unsigned char packsum[20])
{
	unsigned char w[8], sum[20];
	uint32_t fan[256];
	size_t i, nlarge = 0;
	int err;

	qsort(e, n, sizeof(*e), cmp_entry);
	memset(fan, 0, sizeof(fan));
	for (i = 0; i < n; i++)
		fan[e[i].oid.id[0]]++;
	for (i = 1; i < 256; i++)
		fan[i] += fan[i - 1];
	if ((err = ct_buf_grow(idx, 8 + 1024 + n * 28 + 40)) < 0 ||
	    (err = ct_buf_put(idx, "\377tOc\0\0\0\2", 8)) < 0)
		return err;
	for (i = 0; i < 256 && !err; i++) {
		be32(w, fan[i]);
		err = ct_buf_put(idx, (const char *)w, 4);
	}
	for (i = 0; i < n && !err; i++)
		err = ct_buf_put(idx, (const char *)e[i].oid.id, GIT_OID_RAWSZ);
	for (i = 0; i < n && !err; i++) {
		be32(w, e[i].crc);
		err = ct_buf_put(idx, (const char *)w, 4);
	}
	/* offsets from 2 GiB on go to a table of 8-byte ones */
	for (i = 0; i < n && !err; i++) {
		if (e[i].offset < 0x80000000u)
			be32(w, (uint32_t)e[i].offset);
		else
			be32(w, 0x80000000u | (uint32_t)nlarge++);
		err = ct_buf_put(idx, (const char *)w, 4);
	}
	for (i = 0; i < n && !err; i++) {
		if (e[i].offset < 0x80000000u)
			continue;
		be32(w, (uint32_t)(e[i].offset >> 32));
		be32(w + 4, (uint32_t)e[i].offset);
		err = ct_buf_put(idx, (const char *)w, 8);
	}
	if (!err)
		err = ct_buf_put(idx, (const char *)packsum, 20);
	if (err || (err = sha1_of(sum, idx->ptr, idx->len)) < 0)
		return err;
	return ct_buf_put(idx, (const char *)sum, 20);
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), err = 0;

	if (fd < 0)
		return -1;
	if (fsync(fd) < 0)
		err = -1;
	close(fd);
	return err;
}

/* The index to a temporary file, then both renamed into place. */
static int packfile_place(ct_packfile *pf, const ct_buf *idx, const char *hex)
{
	char tidx[4200], fpack[4200], fidx[4200];
	int fd, err = 0;

	snprintf(tidx, sizeof(tidx), "%s/tmp_idx_XXXXXX", pf->dir);
	if ((fd = mkstemp(tidx)) < 0)
		return ct_error_set(CT_EIO, "archive: cannot create a file in %s: %s", pf->dir,
			strerror(errno));
	if (write_all(fd, idx->ptr, idx->len) < 0 || (pf->durable && fsync(fd) < 0) ||
	    fchmod(fd, 0444) < 0)
		err = ct_error_set(CT_EIO, "archive: cannot write %s: %s", tidx, strerror(errno));
	if (close(fd) < 0 && !err)
		err = ct_error_set(CT_EIO, "archive: cannot write %s: %s", tidx, strerror(errno));
	snprintf(fpack, sizeof(fpack), "%s/pack-%s.pack", pf->dir, hex);
	snprintf(fidx, sizeof(fidx), "%s/pack-%s.idx", pf->dir, hex);
	if (!err && rename(pf->tmp, fpack) < 0)
		err = ct_error_set(CT_EIO, "archive: cannot rename %s: %s", pf->tmp, strerror(errno));
	else if (!err)
		pf->tmp[0] = '\0';
	if (!err && rename(tidx, fidx) < 0)
		err = ct_error_set(CT_EIO, "archive: cannot rename %s: %s", tidx, strerror(errno));
	if (err)
		unlink(tidx);
	/* the renames themselves must survive a power cut before a ref names
	 * what the pack holds */
	if (!err && pf->durable && fsync_dir(pf->dir) < 0)
		err = ct_error_set(CT_EIO, "archive: cannot sync %s: %s", pf->dir, strerror(errno));
	return err;
}

int ct_packfile_finish(ct_packfile *pf, char hex[41], ct_idx_entry *e, size_t n)
{
	ct_buf idx = CT_BUF_INIT;
	unsigned char sum[20];
	unsigned int len = 0;
	size_t i;
	int err;

	if (EVP_DigestFinal_ex(pf->md, sum, &len) != 1 || len != 20) {
		ct_packfile_abort(pf);
		return ct_error_set(CT_ERROR, "archive: SHA-1 (libcrypto) failed");
	}
	EVP_MD_CTX_free(pf->md);
	pf->md = NULL;
	if (write_all(pf->fd, sum, 20) < 0 || (pf->durable && fsync(pf->fd) < 0) ||
	    fchmod(pf->fd, 0444) < 0) {
		err = ct_error_set(CT_EIO, "archive: cannot write %s: %s", pf->tmp, strerror(errno));
		goto out;
	}
	if (close(pf->fd) < 0) {
		pf->fd = -1;
		err = ct_error_set(CT_EIO, "archive: cannot write %s: %s", pf->tmp, strerror(errno));
		goto out;
	}
	pf->fd = -1;
	for (i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	if ((err = build_idx(&idx, e, n, sum)) == 0)
		err = packfile_place(pf, &idx, hex);
out:
	if (pf->fd >= 0)
		close(pf->fd);
	pf->fd = -1;
	if (err && pf->tmp[0])
		unlink(pf->tmp);
	ct_buf_dispose(&idx);
	return err;
}

/* ---- putting an import's packs together ---- */

typedef struct mapped {
	const unsigned char *p;
	size_t len;
} mapped;

static int map_pack(mapped *m, const char *dir, const char *hex)
{
	char path[4400];
	struct stat st;
	void *p;
	int fd;

	m->p = NULL;
	m->len = 0;
	snprintf(path, sizeof(path), "%s/pack-%s.pack", dir, hex);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_size < 32 ||
	    (p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		close(fd);
		return -1;
	}
	close(fd);
	m->p = p;
	m->len = (size_t)st.st_size;
	if (memcmp(m->p, "PACK\0\0\0\2", 8)) {
		munmap(p, m->len);
		m->p = NULL;
		return -1;
	}
	return 0;
}

int ct_archive__packs_merge(ct_archive *a, const char (*names)[41], size_t npacks,
	ct_idx_entry *e, size_t n)
{
	ct_lock l = CT_LOCK_INIT;
	ct_packfile pf;
	mapped *m = calloc(npacks ? npacks : 1, sizeof(*m));
	uint64_t *base = calloc(npacks ? npacks : 1, sizeof(*base)), at = 12, count = 0;
	char dir[4096], hex[41];
	size_t i;
	int err = 0, ok = 1;

	if (!m || !base) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s/objects/pack", a->gitdir);
	/* the lock gc removes packs under: it may have repacked these already */
	if ((err = ct_archive__packs_lock(&l, a)) < 0)
		goto out;
	for (i = 0; i < npacks && ok; i++) {
		ok = map_pack(&m[i], dir, names[i]) == 0;
		if (ok) {
			const unsigned char *h = m[i].p + 8;

			count += (uint64_t)h[0] << 24 | (uint64_t)h[1] << 16 | (uint64_t)h[2] << 8 | h[3];
			base[i] = at;
			at += m[i].len - 32;
		}
	}
	/* every object of those packs, each once, is what the index lists */
	if (!ok || count != n || n > 0xffffffffu)
		goto out;
	for (i = 0; i < n; i++)
		e[i].offset = base[e[i].pack] + e[i].offset - 12;
	if ((err = ct_packfile_open(&pf, a->gitdir, (uint32_t)n, a->durable)) < 0)
		goto out;
	for (i = 0; i < npacks && !err; i++)
		err = ct_packfile_put(&pf, m[i].p + 12, m[i].len - 32);
	if (err || (err = ct_packfile_finish(&pf, hex, e, n)) < 0)
		goto out;
	/* the merged pack is on disk: the old ones go, but not one that
	 * happens to be the merged one itself */
	for (i = 0; i < npacks; i++)
		if (!strcmp(names[i], hex))
			break;
	if (i == npacks && ct_archive__packs_retire(a, names, npacks) < 0)
		ct_error_clear();   /* both there: every object found twice over */
out:
	ct_lock_release(&l);
	for (i = 0; m && i < npacks; i++)
		if (m[i].p)
			munmap((void *)m[i].p, m[i].len);
	free(m);
	free(base);
	return err;
}
