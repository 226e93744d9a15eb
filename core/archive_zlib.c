/* SPDX-License-Identifier: MIT */
/*
 * Pack entries as a batch makes them (archive_batch.c): an object's type
 * and size header, then its zlib stream, and the CRC-32 its .idx lists.
 * Thread-safe: parsing threads deflate a document's first version while
 * the writing one packs the rest.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <git2.h>

#include "archive_internal.h"

/* ---- zlib ---- */

/*
 * One deflate stream per thread, reset between objects: initializing one
 * costs more than deflating a small object. Level 1 spends about 3 us on
 * its Huffman trees however small the input, more than a tree object
 * (20-byte ids, incompressible) or a short delta is worth, so those are
 * stored, and gc recompresses everything anyway. A stored zlib stream is
 * written here directly (header, raw blocks, Adler-32): a zlib stream at
 * level 0 still clears its 64 KB hash table on every reset, which cost
 * more than the copy.
 */
#define STORE_BELOW 512

static pthread_once_t z_once = PTHREAD_ONCE_INIT;
static pthread_key_t z_key;
static int z_key_ok;

static void z_stream_free(void *p)
{
	z_stream *s = p;

	if (!s)
		return;
	deflateEnd(s);
	free(s);
}

static void z_load(void)
{
	z_key_ok = pthread_key_create(&z_key, z_stream_free) == 0;
}

uint32_t ct_archive__crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	while (n > 0) {
		uInt chunk = n > 0x40000000u ? 0x40000000u : (uInt)n;

		crc = (uint32_t)crc32(crc, p, chunk);
		p += chunk;
		n -= chunk;
	}
	return crc;
}

/* This thread's deflate stream at CT_PACK_ZLIB_LEVEL, reset. */
static z_stream *z_thread_stream(void)
{
	z_stream *s;

	pthread_once(&z_once, z_load);
	if (!z_key_ok)
		return NULL;
	if ((s = pthread_getspecific(z_key)) != NULL)
		return deflateReset(s) == Z_OK ? s : NULL;
	if (!(s = calloc(1, sizeof(*s))))
		return NULL;
	if (deflateInit(s, CT_PACK_ZLIB_LEVEL) != Z_OK) {
		free(s);
		return NULL;
	}
	if (pthread_setspecific(z_key, s) != 0) {
		z_stream_free(s);
		return NULL;
	}
	return s;
}

/* n bytes as a zlib stream of stored blocks (RFC 1950/1951), as deflate
 * at level 0 writes them, without a zlib stream's state. */
static int store_into(ct_buf *out, const unsigned char *p, size_t n)
{
	size_t nblocks = n ? (n + 0xfffe) / 0xffff : 1, k;
	uLong adler = adler32(0L, Z_NULL, 0);
	unsigned char *o;
	int err;

	if ((err = ct_buf_grow(out, 2 + nblocks * 5 + n + 4)) < 0)
		return err;
	o = (unsigned char *)out->ptr + out->len;
	/* CMF: deflate, 32 KB window; FLG: no dictionary, fastest, check bits */
	*o++ = 0x78;
	*o++ = 0x01;
	for (k = 0; k < nblocks; k++) {
		size_t len = n - k * 0xffff < 0xffff ? n - k * 0xffff : 0xffff;

		/* BFINAL on the last; BTYPE 00; LEN and its complement, LSB first */
		*o++ = k + 1 == nblocks;
		*o++ = (unsigned char)len;
		*o++ = (unsigned char)(len >> 8);
		*o++ = (unsigned char)~len;
		*o++ = (unsigned char)(~len >> 8);
		if (len)
			memcpy(o, p + k * 0xffff, len);
		adler = adler32(adler, p + k * 0xffff, (uInt)len);
		o += len;
	}
	*o++ = (unsigned char)(adler >> 24);
	*o++ = (unsigned char)(adler >> 16);
	*o++ = (unsigned char)(adler >> 8);
	*o++ = (unsigned char)adler;
	out->len = (size_t)(o - (unsigned char *)out->ptr);
	out->ptr[out->len] = '\0';
	return 0;
}

int ct_archive__zlib_put(ct_buf *out, const unsigned char *p, size_t n, int store)
{
	z_stream *s;
	size_t bound;
	int err;

	if (n > 0xffffffffu)
		return ct_error_set(CT_ETOOBIG, "archive: object too large to pack");
	if (store || n < STORE_BELOW)
		return store_into(out, p, n);
	if (!(s = z_thread_stream()))
		return ct_error_set(CT_ENOMEM, "archive: cannot start zlib");
	bound = deflateBound(s, (uLong)n);
	if ((err = ct_buf_grow(out, bound)) < 0)
		return err;
	s->next_in = (unsigned char *)p;
	s->avail_in = (uInt)n;
	s->next_out = (unsigned char *)out->ptr + out->len;
	s->avail_out = (uInt)bound;
	if (deflate(s, Z_FINISH) != Z_STREAM_END)
		return ct_error_set(CT_ERROR, "archive: zlib could not deflate an object");
	out->len += bound - s->avail_out;
	out->ptr[out->len] = '\0';
	return 0;
}

/* ---- pack entries ---- */

static const unsigned char pack_type[] = {
	[GIT_OBJECT_COMMIT] = 1, [GIT_OBJECT_TREE] = 2, [GIT_OBJECT_BLOB] = 3, [GIT_OBJECT_TAG] = 4
};

/* An entry's type and size: 4 bits of size in the first byte, then 7 a
 * byte, the high bit saying another follows. Returns its length. */
size_t ct_archive__entry_header(unsigned char hdr[16], unsigned int type, size_t size)
{
	size_t n = 0;

	hdr[n] = (unsigned char)(type << 4 | (size & 15));
	size >>= 4;
	while (size) {
		hdr[n++] |= 0x80;
		hdr[n] = size & 0x7f;
		size >>= 7;
	}
	return n + 1;
}

int ct_archive__pack_entry(ct_packed *out, git_object_t type, const void *data, size_t len,
	const git_oid *id)
{
	unsigned char hdr[16];
	size_t n;
	int err;

	if (type < GIT_OBJECT_COMMIT || type > GIT_OBJECT_TAG)
		return ct_error_set(CT_EINVAL, "archive: cannot pack an object of type %d", (int)type);
	if (id)
		git_oid_cpy(&out->oid, id);
	else if ((err = ct_archive__hash(&out->oid, data, len, type)) < 0)
		return err;
	n = ct_archive__entry_header(hdr, pack_type[type], len);
	ct_buf_clear(&out->entry);
	if ((err = ct_buf_put(&out->entry, (const char *)hdr, n)) < 0 ||
	    (err = ct_archive__zlib_put(&out->entry, data, len, 0)) < 0)
		return err;
	out->type = type;
	out->size = len;
	out->crc = ct_archive__crc32(0, (const unsigned char *)out->entry.ptr, out->entry.len);
	return 0;
}
