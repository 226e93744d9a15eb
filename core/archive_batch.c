/* SPDX-License-Identifier: MIT */
/*
 * Group commit for bulk imports.
 *
 * A batch opens a second handle on the repository with our own odb backend
 * (the "sink") at the highest priority. Every object a batched add writes
 * is deflated once, appended to an in-memory pack body and indexed by id,
 * so it can be read back before it is on disk; a document's files go in as
 * deltas against its previous version in the same pack, as git fast-import
 * stores them. Every ref move is recorded as pending. A flush writes that
 * body as a packfile with its .idx (both built here, so nothing is
 * compressed or hashed twice), fsynced in durable mode and renamed into
 * place, and only then moves the refs, each by compare-and-swap against
 * the tip it had before the batch. `claimtrack gc` repacks later, with a
 * full delta search, when nobody waits. One pack per flush instead of five
 * loose files per version is where the speed comes from; the ordering is
 * what keeps it crash safe.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <git2.h>
#include <openssl/evp.h>
#include <git2/sys/odb_backend.h>

#include "archive_internal.h"
#include "delta.h"

#define git_fail ct_archive__git_error

/* ---- zlib ---- */

/*
 * One deflate stream per thread and kind, reset between objects:
 * initializing one costs more than deflating a small object. Level 1
 * spends about 3 us on its Huffman trees however small the input, more
 * than a tree object (20-byte ids, incompressible) or a short delta is
 * worth, so those are stored: a zlib stream of stored blocks, a sixth of
 * the time, and gc recompresses everything anyway.
 */
#define STORE_BELOW 512

typedef struct z_set {
	z_stream *s[2];       /* [0] stores, [1] deflates at CT_PACK_ZLIB_LEVEL */
} z_set;

static pthread_once_t z_once = PTHREAD_ONCE_INIT;
static pthread_key_t z_key;
static int z_key_ok;

static void z_set_free(void *p)
{
	z_set *zs = p;
	int i;

	if (!zs)
		return;
	for (i = 0; i < 2; i++)
		if (zs->s[i]) {
			deflateEnd(zs->s[i]);
			free(zs->s[i]);
		}
	free(zs);
}

static void z_load(void)
{
	z_key_ok = pthread_key_create(&z_key, z_set_free) == 0;
}

static uint32_t crc_of(uint32_t crc, const unsigned char *p, size_t n)
{
	while (n > 0) {
		uInt chunk = n > 0x40000000u ? 0x40000000u : (uInt)n;

		crc = (uint32_t)crc32(crc, p, chunk);
		p += chunk;
		n -= chunk;
	}
	return crc;
}

static z_stream *z_thread_stream(size_t n)
{
	int kind = n >= STORE_BELOW;
	z_set *zs;
	z_stream *s;

	pthread_once(&z_once, z_load);
	if (!z_key_ok)
		return NULL;
	if (!(zs = pthread_getspecific(z_key))) {
		if (!(zs = calloc(1, sizeof(*zs))))
			return NULL;
		if (pthread_setspecific(z_key, zs) != 0) {
			free(zs);
			return NULL;
		}
	}
	if ((s = zs->s[kind]) != NULL)
		return deflateReset(s) == Z_OK ? s : NULL;
	if (!(s = calloc(1, sizeof(*s))))
		return NULL;
	if (deflateInit(s, kind ? CT_PACK_ZLIB_LEVEL : 0) != Z_OK) {
		free(s);
		return NULL;
	}
	zs->s[kind] = s;
	return s;
}

static int deflate_into(ct_buf *out, const unsigned char *p, size_t n)
{
	z_stream *s;
	size_t bound;
	int err;

	if (n > 0xffffffffu)
		return ct_error_set(CT_ETOOBIG, "archive: object too large to pack");
	if (!(s = z_thread_stream(n)))
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
#define PACK_OFS_DELTA 6

/* An entry's type and size: 4 bits of size in the first byte, then 7 a
 * byte, the high bit saying another follows. Returns its length. */
static size_t entry_header(unsigned char hdr[16], unsigned int type, size_t size)
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
	else if (git_odb_hash(&out->oid, data, len, type) < 0)
		return git_fail(CT_ERROR, "archive: cannot hash an object");
	n = entry_header(hdr, pack_type[type], len);
	ct_buf_clear(&out->entry);
	if ((err = ct_buf_put(&out->entry, (const char *)hdr, n)) < 0 ||
	    (err = deflate_into(&out->entry, data, len)) < 0)
		return err;
	out->type = type;
	out->size = len;
	out->crc = crc_of(0, (const unsigned char *)out->entry.ptr, out->entry.len);
	return 0;
}

/* ---- SHA-1, for the pack and index trailers ---- */

/*
 * OpenSSL's libcrypto: libgit2 and libcurl link it already (so it costs no
 * new dependency, and no second copy of the code in the process), and its
 * SHA-1 uses the CPU's SHA extensions or vector code where there are
 * some. The trailers are checksums of bytes this process wrote, so
 * libgit2's collision-detecting SHA-1 (kept for object ids) is not needed.
 * The digest of a then b (b may be empty).
 */
static int sha1_of(unsigned char out[20], const void *a, size_t alen, const void *b, size_t blen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n = 0;
	int ok;

	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1 &&
		EVP_DigestUpdate(ctx, a, alen) == 1 &&
		(blen == 0 || EVP_DigestUpdate(ctx, b, blen) == 1) &&
		EVP_DigestFinal_ex(ctx, out, &n) == 1 && n == 20;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : ct_error_set(CT_ERROR, "archive: SHA-1 (libcrypto) failed");
}

/* ---- the sink: an odb backend over the pack being built ---- */

/*
 * Deltas. A blob the batch packs for a document's file is stored as a
 * delta against the blob it packed last for the same document and file,
 * when that is in this pack and the delta is under half the blob, as
 * git fast-import does: an article's next version is mostly its last, so
 * the pack holds the edits and zlib deflates a few hundred bytes instead
 * of the whole article. Chains stop at MAX_DEPTH so that reading an old
 * version before gc applies at most that many deltas.
 */
#define MAX_DEPTH 50
/* the last blobs kept as bases, in all: beyond it, new documents' blobs
 * are packed whole */
#define MAX_BASE_BYTES ((size_t)64 << 20)

typedef struct sink_obj {
	git_oid oid;
	git_oid base;         /* a delta's base, when depth > 0 */
	uint64_t offset;      /* in the pack file, header included */
	size_t size;          /* the object's, inflated */
	size_t zsize;         /* what the zlib stream inflates to */
	uint32_t crc;
	uint32_t skip;        /* the entry's header bytes before the stream */
	git_object_t type;
	unsigned int depth;   /* deltas between it and a whole object */
} sink_obj;

/* The blob last packed for one document's file: the next one's base. */
typedef struct sink_base {
	char *id;
	int file;
	git_oid oid;
	ct_buf raw;
} sink_base;

struct ct_sink {
	git_odb_backend parent;
	ct_buf body;          /* the pack after its 12-byte header */
	sink_obj *objs;
	size_t count, alloc;
	size_t *slots;        /* open addressing: index + 1 into objs, 0 empty */
	size_t nslots;
	sink_base *bases;
	size_t nbases, abases;
	size_t *bslots;       /* the same, into bases */
	size_t nbslots;
	size_t base_bytes;
	ct_buf delta;         /* scratch */
	size_t deltas;        /* entries stored as deltas, for tests */
};

#define PACK_HEADER 12

static size_t oid_hash(const git_oid *oid)
{
	size_t h;

	memcpy(&h, oid->id, sizeof(h));
	return h;
}

static sink_obj *sink_find(const ct_sink *s, const git_oid *oid)
{
	size_t i, mask = s->nslots - 1;

	if (!s->nslots)
		return NULL;
	for (i = oid_hash(oid) & mask; s->slots[i]; i = (i + 1) & mask)
		if (git_oid_equal(&s->objs[s->slots[i] - 1].oid, oid))
			return &s->objs[s->slots[i] - 1];
	return NULL;
}

static int sink_rehash(ct_sink *s, size_t nslots)
{
	size_t *slots = calloc(nslots, sizeof(*slots)), i, k;

	if (!slots)
		return ct_error_set(CT_ENOMEM, "out of memory");
	for (i = 0; i < s->count; i++) {
		for (k = oid_hash(&s->objs[i].oid) & (nslots - 1); slots[k]; k = (k + 1) & (nslots - 1))
			;
		slots[k] = i + 1;
	}
	free(s->slots);
	s->slots = slots;
	s->nslots = nslots;
	return 0;
}

/* Make room for one more object; the caller fills it and calls sink_index. */
static sink_obj *sink_reserve(ct_sink *s)
{
	sink_obj *o;
	int err;

	if (s->count == s->alloc) {
		size_t alloc = s->alloc ? s->alloc * 2 : 1024;

		if (!(o = realloc(s->objs, alloc * sizeof(*o)))) {
			ct_error_set(CT_ENOMEM, "out of memory");
			return NULL;
		}
		s->objs = o;
		s->alloc = alloc;
	}
	if ((s->count + 1) * 2 > s->nslots &&
	    (err = sink_rehash(s, s->nslots ? s->nslots * 2 : 2048)) < 0)
		return NULL;
	o = &s->objs[s->count];
	memset(o, 0, sizeof(*o));
	return o;
}

static void sink_index(ct_sink *s)
{
	size_t k, mask = s->nslots - 1;

	for (k = oid_hash(&s->objs[s->count].oid) & mask; s->slots[k]; k = (k + 1) & mask)
		;
	s->slots[k] = ++s->count;
}

int ct_archive__sink_put(ct_sink *s, const ct_packed *p)
{
	sink_obj *o;
	size_t skip = 0;
	int err;

	/* the same object twice in one pack is an error to git: keep the first */
	if (sink_find(s, &p->oid))
		return 0;
	if (!(o = sink_reserve(s)))
		return CT_ENOMEM;
	while (skip < p->entry.len && (p->entry.ptr[skip] & 0x80))
		skip++;
	git_oid_cpy(&o->oid, &p->oid);
	o->offset = PACK_HEADER + s->body.len;
	o->crc = p->crc;
	o->type = p->type;
	o->size = o->zsize = p->size;
	o->skip = (uint32_t)skip + 1;
	if ((err = ct_buf_put(&s->body, p->entry.ptr, p->entry.len)) < 0)
		return err;
	sink_index(s);
	return 0;
}

int ct_archive__sink_write(ct_sink *s, git_oid *out, git_object_t type, const void *data,
	size_t len)
{
	ct_packed p = CT_PACKED_INIT;
	int err;

	if ((err = ct_archive__pack_entry(&p, type, data, len, NULL)) == 0 &&
	    (err = ct_archive__sink_put(s, &p)) == 0 && out)
		git_oid_cpy(out, &p.oid);
	ct_buf_dispose(&p.entry);
	return err;
}

/* ---- delta bases ---- */

static size_t base_hash(const char *id, int file)
{
	size_t h = 1469598103934665603u ^ (size_t)file;

	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211u;
	return h;
}

static sink_base *base_find(const ct_sink *s, const char *id, int file)
{
	size_t k, mask = s->nbslots - 1;

	if (!s->nbslots)
		return NULL;
	for (k = base_hash(id, file) & mask; s->bslots[k]; k = (k + 1) & mask) {
		sink_base *b = &s->bases[s->bslots[k] - 1];

		if (b->file == file && !strcmp(b->id, id))
			return b;
	}
	return NULL;
}

static int base_rehash(ct_sink *s, size_t n)
{
	size_t *slots = calloc(n, sizeof(*slots)), i, k;

	if (!slots)
		return ct_error_set(CT_ENOMEM, "out of memory");
	for (i = 0; i < s->nbases; i++) {
		for (k = base_hash(s->bases[i].id, s->bases[i].file) & (n - 1); slots[k];
		     k = (k + 1) & (n - 1))
			;
		slots[k] = i + 1;
	}
	free(s->bslots);
	s->bslots = slots;
	s->nbslots = n;
	return 0;
}

/* Keep raw (taken over: left empty) as the base for id's next blob of
 * this file. Under memory pressure a new document gets no base. */
static int base_keep(ct_sink *s, sink_base *b, const char *id, int file, const git_oid *oid,
	ct_buf *raw)
{
	ct_buf old;
	size_t k;

	if (!b) {
		if (s->base_bytes + raw->size > MAX_BASE_BYTES)
			return 0;
		if (s->nbases == s->abases) {
			size_t n = s->abases ? s->abases * 2 : 64;
			sink_base *nb = realloc(s->bases, n * sizeof(*nb));

			if (!nb)
				return ct_error_set(CT_ENOMEM, "out of memory");
			s->bases = nb;
			s->abases = n;
		}
		if ((s->nbases + 1) * 2 > s->nbslots &&
		    base_rehash(s, s->nbslots ? s->nbslots * 2 : 128) < 0)
			return CT_ENOMEM;
		b = &s->bases[s->nbases];
		memset(b, 0, sizeof(*b));
		if (!(b->id = strdup(id)))
			return ct_error_set(CT_ENOMEM, "out of memory");
		b->file = file;
		for (k = base_hash(id, file) & (s->nbslots - 1); s->bslots[k];
		     k = (k + 1) & (s->nbslots - 1))
			;
		s->bslots[k] = ++s->nbases;
	}
	old = b->raw;
	s->base_bytes -= old.size;
	b->raw = *raw;
	s->base_bytes += raw->size;
	git_oid_cpy(&b->oid, oid);
	/* the caller gets the old buffer back, emptied, to reuse or free */
	*raw = old;
	ct_buf_clear(raw);
	return 0;
}

/* Append an OFS_DELTA entry for oid: s->delta against base object bo. */
static int put_delta(ct_sink *s, const git_oid *oid, const sink_obj *bo, size_t size)
{
	unsigned char hdr[16 + 10], ofs[10];
	size_t n, start = s->body.len, k = sizeof(ofs) - 1;
	uint64_t back = PACK_HEADER + start - bo->offset;
	sink_obj base = *bo, *o;
	int err;

	/* the distance back to the base: 7 bits a byte, most significant
	 * first, each continuing byte one less than its value (git's rule,
	 * so that no distance has two spellings) */
	ofs[k] = back & 0x7f;
	while (back >>= 7)
		ofs[--k] = 0x80 | (--back & 0x7f);
	n = entry_header(hdr, PACK_OFS_DELTA, s->delta.len);
	memcpy(hdr + n, ofs + k, sizeof(ofs) - k);
	n += sizeof(ofs) - k;
	if (!(o = sink_reserve(s)))
		return CT_ENOMEM;
	if ((err = ct_buf_put(&s->body, (const char *)hdr, n)) < 0 ||
	    (err = deflate_into(&s->body, (const unsigned char *)s->delta.ptr, s->delta.len)) < 0) {
		s->body.len = start;
		return err;
	}
	git_oid_cpy(&o->oid, oid);
	git_oid_cpy(&o->base, &base.oid);
	o->offset = PACK_HEADER + start;
	o->size = size;
	o->zsize = s->delta.len;
	o->crc = crc_of(0, (const unsigned char *)s->body.ptr + start, s->body.len - start);
	o->skip = (uint32_t)n;
	o->type = GIT_OBJECT_BLOB;
	o->depth = base.depth + 1;
	sink_index(s);
	s->deltas++;
	return 0;
}

int ct_archive__sink_put_blob(ct_sink *s, const char *id, int file, const git_oid *oid,
	ct_buf *raw, const ct_packed *whole)
{
	sink_base *b = base_find(s, id, file);
	const sink_obj *bo;
	int err = 1;

	if (!sink_find(s, oid)) {
		if (b && (bo = sink_find(s, &b->oid)) != NULL && bo->depth < MAX_DEPTH) {
			ct_buf_clear(&s->delta);
			err = ct_delta_make(&s->delta, (const unsigned char *)b->raw.ptr, b->raw.len,
				(const unsigned char *)raw->ptr, raw->len, raw->len / 2);
			if (err < 0)
				return err;
			if (err == 0 && (err = put_delta(s, oid, bo, raw->len)) < 0)
				return err;
		}
		/* no base, or no delta worth it: the whole blob */
		if (err && whole) {
			err = ct_archive__sink_put(s, whole);
		} else if (err) {
			ct_packed p = CT_PACKED_INIT;

			if ((err = ct_archive__pack_entry(&p, GIT_OBJECT_BLOB, raw->ptr ? raw->ptr : "",
				raw->len, oid)) == 0)
				err = ct_archive__sink_put(s, &p);
			ct_buf_dispose(&p.entry);
		}
		if (err < 0)
			return err;
	}
	return base_keep(s, b, id, file, oid, raw);
}

size_t ct_archive__sink_deltas(const ct_sink *s)
{
	return s ? s->deltas : 0;
}

static void sink_reset(ct_sink *s)
{
	size_t i;

	ct_buf_dispose(&s->body);
	ct_buf_dispose(&s->delta);
	free(s->objs);
	free(s->slots);
	for (i = 0; i < s->nbases; i++) {
		free(s->bases[i].id);
		ct_buf_dispose(&s->bases[i].raw);
	}
	free(s->bases);
	free(s->bslots);
	s->objs = NULL;
	s->slots = NULL;
	s->bases = NULL;
	s->bslots = NULL;
	s->count = s->alloc = s->nslots = 0;
	s->nbases = s->abases = s->nbslots = s->base_bytes = 0;
}

/* ---- reading a batched object back ---- */

static int sink_inflate(ct_buf *out, const ct_sink *s, const sink_obj *o)
{
	const unsigned char *p = (const unsigned char *)s->body.ptr + (o->offset - PACK_HEADER) +
		o->skip;
	z_stream zs;
	int zerr, err;

	if ((err = ct_buf_grow(out, o->zsize)) < 0)
		return err;
	memset(&zs, 0, sizeof(zs));
	zs.next_in = (unsigned char *)p;
	zs.avail_in = (uInt)((const unsigned char *)s->body.ptr + s->body.len - p);
	zs.next_out = (unsigned char *)out->ptr + out->len;
	zs.avail_out = (uInt)o->zsize + 1;
	if (inflateInit(&zs) != Z_OK)
		return ct_error_set(CT_ENOMEM, "archive: cannot start zlib");
	zerr = inflate(&zs, Z_FINISH);
	inflateEnd(&zs);
	if (zerr != Z_STREAM_END || zs.total_out != o->zsize)
		return ct_error_set(CT_EARCHIVE, "archive: a batched object does not inflate");
	out->len += o->zsize;
	out->ptr[out->len] = '\0';
	return 0;
}

/* An object's bytes, applying its chain of deltas. */
static int sink_load(ct_buf *out, const ct_sink *s, const sink_obj *o, unsigned int hops)
{
	ct_buf base = CT_BUF_INIT;
	const sink_obj *bo;
	int err;

	if (!o->depth)
		return sink_inflate(out, s, o);
	if (hops > MAX_DEPTH || !(bo = sink_find(s, &o->base)))
		return ct_error_set(CT_EARCHIVE, "archive: a batched delta has lost its base");
	if ((err = sink_load(&base, s, bo, hops + 1)) == 0) {
		ct_buf d = CT_BUF_INIT;

		if ((err = sink_inflate(&d, s, o)) == 0)
			err = ct_delta_apply(out, (const unsigned char *)base.ptr, base.len,
				(const unsigned char *)d.ptr, d.len);
		ct_buf_dispose(&d);
	}
	ct_buf_dispose(&base);
	if (!err && out->len != o->size)
		err = ct_error_set(CT_EARCHIVE, "archive: a batched delta makes the wrong size");
	return err;
}

/* libgit2 reads a batched object back. */
static int sink_read(void **out, size_t *len, git_object_t *type, git_odb_backend *b,
	const git_oid *oid)
{
	ct_sink *s = (ct_sink *)b;
	const sink_obj *o = sink_find(s, oid);
	ct_buf raw = CT_BUF_INIT;
	unsigned char *data;

	if (!o)
		return GIT_ENOTFOUND;
	if (sink_load(&raw, s, o, 0) < 0) {
		ct_buf_dispose(&raw);
		git_error_set_str(GIT_ERROR_ODB, ct_error_last());
		return -1;
	}
	if (!(data = git_odb_backend_data_alloc(b, raw.len + 1))) {
		ct_buf_dispose(&raw);
		return -1;
	}
	memcpy(data, raw.ptr ? raw.ptr : "", raw.len);
	data[raw.len] = '\0';
	*out = data;
	*len = raw.len;
	*type = o->type;
	ct_buf_dispose(&raw);
	return 0;
}

static int sink_read_header(size_t *len, git_object_t *type, git_odb_backend *b,
	const git_oid *oid)
{
	const sink_obj *o = sink_find((ct_sink *)b, oid);

	if (!o)
		return GIT_ENOTFOUND;
	*len = o->size;
	*type = o->type;
	return 0;
}

static int sink_exists(git_odb_backend *b, const git_oid *oid)
{
	return sink_find((ct_sink *)b, oid) != NULL;
}

static int sink_write_cb(git_odb_backend *b, const git_oid *oid, const void *data,
	size_t len, git_object_t type)
{
	ct_sink *s = (ct_sink *)b;
	ct_packed p = CT_PACKED_INIT;
	int err;

	if ((err = ct_archive__pack_entry(&p, type, data, len, NULL)) == 0 &&
	    !git_oid_equal(&p.oid, oid))
		err = -1;
	if (!err)
		err = ct_archive__sink_put(s, &p);
	ct_buf_dispose(&p.entry);
	if (err) {
		git_error_set_str(GIT_ERROR_ODB, ct_error_last());
		return -1;
	}
	return 0;
}

static void sink_free(git_odb_backend *b)
{
	ct_sink *s = (ct_sink *)b;

	sink_reset(s);
	free(s);
}

static int sink_new(ct_sink **out)
{
	ct_sink *s = calloc(1, sizeof(*s));

	if (!s)
		return ct_error_set(CT_ENOMEM, "out of memory");
	git_odb_init_backend(&s->parent, GIT_ODB_BACKEND_VERSION);
	s->parent.read = sink_read;
	s->parent.read_header = sink_read_header;
	s->parent.write = sink_write_cb;
	s->parent.exists = sink_exists;
	s->parent.free = sink_free;
	*out = s;
	return 0;
}

/* ---- writing the pack and its index ---- */

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int cmp_obj(const void *x, const void *y)
{
	return git_oid_cmp(&((const sink_obj *)x)->oid, &((const sink_obj *)y)->oid);
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

/* Write data to a new temporary file in dir, fsynced when durable. */
static int write_tmp(char *path, size_t size, const char *dir, const char *prefix,
	const void *a, size_t alen, const void *b, size_t blen, int durable)
{
	int fd;

	snprintf(path, size, "%s/%sXXXXXX", dir, prefix);
	if ((fd = mkstemp(path)) < 0)
		return ct_error_set(CT_EIO, "archive: cannot create a file in %s: %s", dir,
			strerror(errno));
	if (write_all(fd, a, alen) < 0 || write_all(fd, b, blen) < 0 ||
	    (durable && fsync(fd) < 0) || fchmod(fd, 0444) < 0) {
		int e = errno;

		close(fd);
		unlink(path);
		return ct_error_set(CT_EIO, "archive: cannot write %s: %s", path, strerror(e));
	}
	if (close(fd) < 0) {
		unlink(path);
		return ct_error_set(CT_EIO, "archive: cannot write %s: %s", path, strerror(errno));
	}
	return 0;
}

/* The .idx (version 2) of the pack: fan-out, ids, CRCs, offsets. */
static int build_idx(ct_buf *idx, sink_obj *objs, size_t n, const unsigned char packsum[20])
{
	unsigned char w[8], sum[20];
	uint32_t fan[256];
	size_t i, nlarge = 0;
	int err;

	qsort(objs, n, sizeof(*objs), cmp_obj);
	memset(fan, 0, sizeof(fan));
	for (i = 0; i < n; i++)
		fan[objs[i].oid.id[0]]++;
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
		err = ct_buf_put(idx, (const char *)objs[i].oid.id, GIT_OID_RAWSZ);
	for (i = 0; i < n && !err; i++) {
		be32(w, objs[i].crc);
		err = ct_buf_put(idx, (const char *)w, 4);
	}
	/* offsets from 2 GiB on go to a table of 8-byte ones */
	for (i = 0; i < n && !err; i++) {
		if (objs[i].offset < 0x80000000u) {
			be32(w, (uint32_t)objs[i].offset);
		} else {
			be32(w, 0x80000000u | (uint32_t)nlarge++);
		}
		err = ct_buf_put(idx, (const char *)w, 4);
	}
	for (i = 0; i < n && !err; i++) {
		if (objs[i].offset < 0x80000000u)
			continue;
		be32(w, (uint32_t)(objs[i].offset >> 32));
		be32(w + 4, (uint32_t)objs[i].offset);
		err = ct_buf_put(idx, (const char *)w, 8);
	}
	if (!err)
		err = ct_buf_put(idx, (const char *)packsum, 20);
	if (err || (err = sha1_of(sum, idx->ptr, idx->len, NULL, 0)) < 0)
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

/*
 * The batch as objects/pack/pack-<sum>.{pack,idx}. Both are written to
 * temporary names and renamed, the pack before its index: git sees a pack
 * only through its .idx, so a reader never meets half of one, and a crash
 * leaves at most a stray temporary file.
 */
static int write_pack(ct_archive *a)
{
	ct_sink *s = a->sink;
	ct_buf idx = CT_BUF_INIT;
	unsigned char head[PACK_HEADER], sum[20];
	char dir[4096], tpack[4200], tidx[4200], fpack[4200], fidx[4200], hex[41];
	size_t i;
	int err;

	memcpy(head, "PACK\0\0\0\2", 8);
	be32(head + 8, (uint32_t)s->count);
	if ((err = sha1_of(sum, head, sizeof(head), s->body.ptr, s->body.len)) < 0 ||
	    (err = ct_buf_put(&s->body, (const char *)sum, 20)) < 0 ||
	    (err = build_idx(&idx, s->objs, s->count, sum)) < 0)
		goto out;
	for (i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	snprintf(dir, sizeof(dir), "%s/objects/pack", a->gitdir);
	mkdir(dir, 0755);
	if ((err = write_tmp(tpack, sizeof(tpack), dir, "tmp_pack_", head, sizeof(head),
		s->body.ptr, s->body.len, a->durable)) < 0)
		goto out;
	if ((err = write_tmp(tidx, sizeof(tidx), dir, "tmp_idx_", idx.ptr, idx.len, NULL, 0,
		a->durable)) < 0) {
		unlink(tpack);
		goto out;
	}
	snprintf(fpack, sizeof(fpack), "%s/pack-%s.pack", dir, hex);
	snprintf(fidx, sizeof(fidx), "%s/pack-%s.idx", dir, hex);
	if (rename(tpack, fpack) < 0) {
		err = ct_error_set(CT_EIO, "archive: cannot rename %s: %s", tpack, strerror(errno));
		unlink(tpack);
		unlink(tidx);
		goto out;
	}
	if (rename(tidx, fidx) < 0) {
		err = ct_error_set(CT_EIO, "archive: cannot rename %s: %s", tidx, strerror(errno));
		unlink(tidx);
		goto out;
	}
	/* the renames themselves must survive a power cut before a ref names
	 * what the pack holds */
	if (a->durable && fsync_dir(dir) < 0)
		err = ct_error_set(CT_EIO, "archive: cannot sync %s: %s", dir, strerror(errno));
out:
	ct_buf_dispose(&idx);
	return err;
}

/* ---- pending refs ---- */

static size_t id_hash(const char *id)
{
	size_t h = 1469598103934665603u;

	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211u;
	return h;
}

/* The slot of id in the open-addressed table of pending refs (index + 1,
 * 0 empty): a batch of a thousand documents looks each up in O(1). */
static size_t *pending_slot(const ct_archive *a, const char *id)
{
	size_t k, mask = a->npslots - 1;

	for (k = id_hash(id) & mask; a->pslots[k]; k = (k + 1) & mask)
		if (!strcmp(a->pending[a->pslots[k] - 1].id, id))
			break;
	return &a->pslots[k];
}

const ct_pending_ref *ct_archive__pending(const ct_archive *a, const char *id)
{
	size_t *slot;

	if (!a->sink || !a->npslots)
		return NULL;
	slot = pending_slot(a, id);
	return *slot ? &a->pending[*slot - 1] : NULL;
}

static int pending_rehash(ct_archive *a, size_t n)
{
	size_t *old = a->pslots, i;

	if (!(a->pslots = calloc(n, sizeof(*a->pslots)))) {
		a->pslots = old;
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	free(old);
	a->npslots = n;
	for (i = 0; i < a->npending; i++)
		*pending_slot(a, a->pending[i].id) = i + 1;
	return 0;
}

int ct_archive__pending_set(ct_archive *a, const char *id, const git_oid *old,
	const git_oid *new)
{
	ct_pending_ref *p = (ct_pending_ref *)ct_archive__pending(a, id), *np;

	if (!p) {
		if (a->npending == a->apending) {
			size_t cap = a->apending ? a->apending * 2 : 64;

			if (!(np = realloc(a->pending, cap * sizeof(*np))))
				return ct_error_set(CT_ENOMEM, "out of memory");
			a->pending = np;
			a->apending = cap;
		}
		if ((a->npending + 1) * 2 > a->npslots &&
		    pending_rehash(a, a->npslots ? a->npslots * 2 : 128) < 0)
			return CT_ENOMEM;
		p = &a->pending[a->npending];
		memset(p, 0, sizeof(*p));
		if (!(p->id = strdup(id)))
			return ct_error_set(CT_ENOMEM, "out of memory");
		/* the first move of a batch fixes what the ref must still be at the flush */
		p->had_old = old != NULL;
		if (old)
			git_oid_cpy(&p->old, old);
		a->npending++;
		*pending_slot(a, id) = a->npending;
	}
	git_oid_cpy(&p->new, new);
	p->nadds++;
	a->batch_adds++;
	return 0;
}

static void pending_clear(ct_archive *a)
{
	size_t i;

	for (i = 0; i < a->npending; i++)
		free(a->pending[i].id);
	a->npending = 0;
	a->batch_adds = 0;
	if (a->pslots)
		memset(a->pslots, 0, a->npslots * sizeof(*a->pslots));
}

size_t ct_archive_batch_pending(const ct_archive *a)
{
	return a->sink ? a->batch_adds : 0;
}

int ct_archive_batch_begin(ct_archive *a)
{
	git_repository *repo = NULL;
	ct_sink *sink = NULL;
	git_odb *odb = NULL;
	int err = 0;

	if (a->sink)
		return ct_error_set(CT_EINVAL, "archive: a batch is already open");
	if (git_repository_open_ext(&repo, a->gitdir, GIT_REPOSITORY_OPEN_NO_SEARCH |
		GIT_REPOSITORY_OPEN_NO_DOTGIT | GIT_REPOSITORY_OPEN_BARE, NULL) < 0) {
		err = git_fail(CT_EARCHIVE, "archive: cannot open %s for a batch", a->path);
		goto out;
	}
	if ((err = sink_new(&sink)) < 0)
		goto out;
	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_add_backend(odb, &sink->parent, 999) < 0) {
		err = git_fail(CT_ERROR, "archive: cannot start a batch");
		goto out;
	}
	/* the odb owns the backend now */
	a->sink = sink;
	sink = NULL;
	a->main_repo = a->repo;
	a->repo = repo;
	repo = NULL;
out:
	if (sink)
		sink_free(&sink->parent);
	git_odb_free(odb);
	git_repository_free(repo);
	return err;
}

int ct_archive_batch_flush(ct_archive *a)
{
	char conflicts[512];
	size_t i, nconf = 0, used = 0;
	int err = 0, e;

	if (!a->sink)
		return 0;
	a->unrecorded = 0;
	conflicts[0] = '\0';
	/* objects first, durable on disk; only then may a ref point at them */
	if (a->npending && a->sink->count && (err = write_pack(a)) < 0) {
		a->unrecorded = a->batch_adds;
		goto out;
	}
	sink_reset(a->sink);
	for (i = 0; i < a->npending; i++) {
		const ct_pending_ref *p = &a->pending[i];

		e = ct_archive__move_ref(a, p->id, &p->new, p->had_old ? &p->old : NULL);
		if (e == 0)
			continue;
		a->unrecorded += p->nadds;
		if (e == CT_REFS_MOVED) {
			if (used + strlen(p->id) + 8 < sizeof(conflicts))
				used += (size_t)snprintf(conflicts + used, sizeof(conflicts) - used,
					"%s'%s'", nconf ? ", " : "", p->id);
			nconf++;
		} else if (!err) {
			/* the first such error is the one reported; the rest go on */
			err = e;
		}
	}
	if (!err && nconf)
		err = ct_error_set(CT_ECONFLICT,
			"archive: %zu document%s changed by another writer during the import, "
			"their new versions were not recorded: %s", nconf, nconf == 1 ? "" : "s",
			conflicts);
	else if (err && a->unrecorded > 0)
		err = ct_error_wrap(err, "archive: %zu version%s of this batch not recorded",
			a->unrecorded, a->unrecorded == 1 ? "" : "s");
	/* refs that did not move leave the cache pointing at unreachable commits */
	if (err)
		ct_archive__cache_drop(a);
	/* a lookup speed-up only: without it every object is still found */
	else if (ct_archive__packs_index(a, 0) < 0)
		ct_error_clear();
out:
	if (err)
		sink_reset(a->sink);
	pending_clear(a);
	return err;
}

size_t ct_archive_batch_unrecorded(const ct_archive *a)
{
	return a->unrecorded;
}

void ct_archive_batch_abort(ct_archive *a)
{
	if (!a || !a->sink)
		return;
	pending_clear(a);
	free(a->pending);
	a->pending = NULL;
	a->apending = 0;
	ct_archive__cache_drop(a);
	/* freeing the batch handle frees its odb and the sink with it */
	git_repository_free(a->repo);
	a->repo = a->main_repo;
	a->main_repo = NULL;
	a->sink = NULL;
}

int ct_archive_batch_end(ct_archive *a)
{
	int err = ct_archive_batch_flush(a);

	if (!err && a->sink && ct_archive__packs_index(a, 1) < 0)
		ct_error_clear();

	if (a->sink) {
		pending_clear(a);
		free(a->pending);
		a->pending = NULL;
		a->apending = 0;
		/* what was flushed is on disk: the cache still holds, unless the
		 * flush failed */
		if (err)
			ct_archive__cache_drop(a);
		git_repository_free(a->repo);
		a->repo = a->main_repo;
		a->main_repo = NULL;
		a->sink = NULL;
	}
	return err;
}
