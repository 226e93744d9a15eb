/* SPDX-License-Identifier: MIT */
/*
 * Group commit for bulk imports.
 *
 * A batch opens a second handle on the repository with our own odb backend
 * (the "sink") at the highest priority. Every object a batched add writes
 * is deflated once, appended to an in-memory pack body and indexed by id,
 * so it can be read back before it is on disk; a document's files go in as
 * deltas against its previous version in the same pack, as git fast-import
 * stores them, and so does its commit. Every ref move is recorded as pending. A flush writes that
 * body as a packfile with its .idx (both built here, so nothing is
 * compressed or hashed twice), fsynced in durable mode and renamed into
 * place, and only then moves the refs, each by compare-and-swap against
 * the tip it had before the batch. `claimtrack gc` repacks later, with a
 * full delta search, when nobody waits. One pack per flush instead of five
 * loose files per version is where the speed comes from; the ordering is
 * what keeps it crash safe. An object an earlier flush of the same batch
 * handle wrote is not packed again, and ct_archive_batch_end puts the
 * packs together into one (archive_packfile.c). Pack entries and their
 * zlib streams are made in archive_zlib.c.
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
	/* what earlier batches of this import wrote, by id: on disk, never
	 * packed again, and merged into one pack at the end */
	ct_idx_entry *done;
	size_t ndone, adone;
	uint32_t *dslots;     /* open addressing: index + 1 into done, 0 empty */
	size_t ndslots;
	char (*packs)[41];
	size_t npacks, apacks;
	int no_merge;
};

#define PACK_HEADER 12

static size_t oid_hash(const git_oid *oid)
{
	size_t h;

	memcpy(&h, oid->id, sizeof(h));
	return h;
}

static ct_idx_entry *done_find(const ct_sink *s, const git_oid *oid);

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

	/* the same object twice in one pack is an error to git: keep the
	 * first; one an earlier batch wrote is on disk already */
	if (sink_find(s, &p->oid) || done_find(s, &p->oid))
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

/* Append an OFS_DELTA entry for oid, an object of type and size: s->delta
 * against base object bo, stored rather than deflated when store is set. */
static int put_delta(ct_sink *s, const git_oid *oid, const sink_obj *bo, git_object_t type,
	size_t size, int store)
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
	n = ct_archive__entry_header(hdr, CT_PACK_OFS_DELTA, s->delta.len);
	memcpy(hdr + n, ofs + k, sizeof(ofs) - k);
	n += sizeof(ofs) - k;
	if (!(o = sink_reserve(s)))
		return CT_ENOMEM;
	if ((err = ct_buf_put(&s->body, (const char *)hdr, n)) < 0 ||
	    (err = ct_archive__zlib_put(&s->body, (const unsigned char *)s->delta.ptr, s->delta.len,
		store)) < 0) {
		s->body.len = start;
		return err;
	}
	git_oid_cpy(&o->oid, oid);
	git_oid_cpy(&o->base, &base.oid);
	o->offset = PACK_HEADER + start;
	o->size = size;
	o->zsize = s->delta.len;
	o->crc = ct_archive__crc32(0, (const unsigned char *)s->body.ptr + start, s->body.len - start);
	o->skip = (uint32_t)n;
	o->type = type;
	o->depth = base.depth + 1;
	sink_index(s);
	s->deltas++;
	return 0;
}

/* Add oid (type, its bytes in raw) as the latest object of document id's
 * slot `file`: a delta against the one before when that is in this pack
 * and the delta is under max_out bytes, else whole. */
static int put_based(ct_sink *s, const char *id, int file, git_object_t type,
	const git_oid *oid, ct_buf *raw, const ct_packed *whole, size_t max_out, int store)
{
	sink_base *b = base_find(s, id, file);
	const sink_obj *bo;
	int err = 1;

	if (!sink_find(s, oid) && !done_find(s, oid)) {
		if (b && (bo = sink_find(s, &b->oid)) != NULL && bo->depth < MAX_DEPTH) {
			ct_buf_clear(&s->delta);
			err = ct_delta_make(&s->delta, (const unsigned char *)b->raw.ptr, b->raw.len,
				(const unsigned char *)raw->ptr, raw->len, max_out);
			if (err < 0)
				return err;
			if (err == 0 && (err = put_delta(s, oid, bo, type, raw->len, store)) < 0)
				return err;
		}
		/* no base, or no delta worth it: the whole object */
		if (err && whole) {
			err = ct_archive__sink_put(s, whole);
		} else if (err) {
			ct_packed p = CT_PACKED_INIT;

			if ((err = ct_archive__pack_entry(&p, type, raw->ptr ? raw->ptr : "",
				raw->len, oid)) == 0)
				err = ct_archive__sink_put(s, &p);
			ct_buf_dispose(&p.entry);
		}
		if (err < 0)
			return err;
	}
	return base_keep(s, b, id, file, oid, raw);
}

int ct_archive__sink_put_blob(ct_sink *s, const char *id, int file, const git_oid *oid,
	ct_buf *raw, const ct_packed *whole)
{
	if (file < 0)
		return ct_error_set(CT_EINVAL, "archive: no such file slot %d", file);
	return put_based(s, id, file, GIT_OBJECT_BLOB, oid, raw, whole, raw->len / 2, 0);
}

/*
 * Commits. A document's next commit repeats most of its last one: the
 * author and committer lines, the trailers, often the figures that moved.
 * Deflating a commit (about 1 KB, to some 45%) cost 15-20 us, all on the
 * writing thread; a delta against the document's previous commit is
 * about as small, takes a few microseconds, and is stored, not deflated.
 * One that would not save a quarter goes whole, deflated as before.
 */
#define COMMIT_SLOT (-1)

int ct_archive__sink_put_commit(ct_sink *s, const char *id, git_oid *out, ct_buf *raw)
{
	int err;

	if ((err = ct_archive__hash(out, raw->ptr ? raw->ptr : "", raw->len,
		GIT_OBJECT_COMMIT)) < 0)
		return err;
	return put_based(s, id, COMMIT_SLOT, GIT_OBJECT_COMMIT, out, raw, NULL,
		raw->len - raw->len / 4, 1);
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
	free(s->done);
	free(s->dslots);
	free(s->packs);
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

/* ---- writing the pack ---- */

/* This import's objects already on disk, in the packs it wrote before. */
static ct_idx_entry *done_find(const ct_sink *s, const git_oid *oid)
{
	size_t i, mask = s->ndslots - 1;

	if (!s->ndslots)
		return NULL;
	for (i = oid_hash(oid) & mask; s->dslots[i]; i = (i + 1) & mask)
		if (git_oid_equal(&s->done[s->dslots[i] - 1].oid, oid))
			return &s->done[s->dslots[i] - 1];
	return NULL;
}

static int done_rehash(ct_sink *s, size_t n)
{
	uint32_t *slots = calloc(n, sizeof(*slots));
	size_t i, k;

	if (!slots)
		return ct_error_set(CT_ENOMEM, "out of memory");
	for (i = 0; i < s->ndone; i++) {
		for (k = oid_hash(&s->done[i].oid) & (n - 1); slots[k]; k = (k + 1) & (n - 1))
			;
		slots[k] = (uint32_t)(i + 1);
	}
	free(s->dslots);
	s->dslots = slots;
	s->ndslots = n;
	return 0;
}

/* The batch's objects, written as pack number s->npacks of this import. */
static int done_add(ct_sink *s, const char *hex)
{
	size_t i, k, need = s->ndone + s->count;
	int err;

	if (need >= 0x7fffffffu)
		return ct_error_set(CT_ETOOBIG, "archive: too many objects in one import");
	if (need > s->adone) {
		size_t cap = s->adone ? s->adone : 4096;
		ct_idx_entry *nd;

		while (cap < need)
			cap *= 2;
		if (!(nd = realloc(s->done, cap * sizeof(*nd))))
			return ct_error_set(CT_ENOMEM, "out of memory");
		s->done = nd;
		s->adone = cap;
	}
	if (s->npacks == s->apacks) {
		size_t cap = s->apacks ? s->apacks * 2 : 16;
		char (*np)[41] = realloc(s->packs, cap * sizeof(*np));

		if (!np)
			return ct_error_set(CT_ENOMEM, "out of memory");
		s->packs = np;
		s->apacks = cap;
	}
	if (need * 2 > s->ndslots) {
		size_t n = s->ndslots ? s->ndslots : 8192;

		while (n < need * 2)
			n *= 2;
		if ((err = done_rehash(s, n)) < 0)
			return err;
	}
	for (i = 0; i < s->count; i++) {
		ct_idx_entry *d = &s->done[s->ndone];

		git_oid_cpy(&d->oid, &s->objs[i].oid);
		d->crc = s->objs[i].crc;
		d->offset = s->objs[i].offset;
		d->pack = (uint32_t)s->npacks;
		for (k = oid_hash(&d->oid) & (s->ndslots - 1); s->dslots[k]; k = (k + 1) & (s->ndslots - 1))
			;
		s->dslots[k] = (uint32_t)++s->ndone;
	}
	memcpy(s->packs[s->npacks++], hex, 41);
	return 0;
}

/* The batch as objects/pack/pack-<sum>.{pack,idx} (archive_packfile.c). */
static int write_pack(ct_archive *a)
{
	ct_sink *s = a->sink;
	ct_idx_entry *e = malloc((s->count ? s->count : 1) * sizeof(*e));
	ct_packfile pf;
	char hex[41];
	size_t i;
	int err;

	if (!e)
		return ct_error_set(CT_ENOMEM, "out of memory");
	for (i = 0; i < s->count; i++) {
		git_oid_cpy(&e[i].oid, &s->objs[i].oid);
		e[i].crc = s->objs[i].crc;
		e[i].offset = s->objs[i].offset;
		e[i].pack = 0;
	}
	if ((err = ct_packfile_open(&pf, a->gitdir, (uint32_t)s->count, a->durable)) == 0 &&
	    (err = ct_packfile_put(&pf, s->body.ptr, s->body.len)) == 0 &&
	    (err = ct_packfile_finish(&pf, hex, e, s->count)) == 0 && done_add(s, hex) < 0) {
		/* on disk all the same: only the merge at the end cannot count on it */
		ct_error_clear();
		s->no_merge = 1;
	}
	free(e);
	return err;
}

/* The packs this import wrote, put together into one at its end. */
static void merge_packs(ct_archive *a)
{
	ct_sink *s = a->sink;

	if (s->npacks < 2 || s->no_merge)
		return;
	if (ct_archive__packs_merge(a, (const char (*)[41])s->packs, s->npacks, s->done,
		s->ndone) < 0)
		ct_error_clear();   /* the packs stay as they were: all there */
	/* the merge reordered the table: no more lookups in it */
	free(s->dslots);
	s->dslots = NULL;
	s->ndslots = 0;
	s->npacks = 0;
	s->ndone = 0;
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
out:
	if (err)
		sink_reset(a->sink);
	ct_archive__pending_clear(a);
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
	ct_archive__pending_clear(a);
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

	if (!err && a->sink)
		merge_packs(a);

	if (a->sink) {
		ct_archive__pending_clear(a);
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
