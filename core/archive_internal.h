/* SPDX-License-Identifier: MIT */
/*
 * Inside the archive: shared by core/archive*.c only, never installed.
 */
#ifndef CT_ARCHIVE_INTERNAL_H
#define CT_ARCHIVE_INTERNAL_H

#include <stdint.h>
#include <git2.h>
#include "claimtrack/archive.h"
#include "claimtrack/diff.h"
#include "refs.h"

/* claimtrack.version in the repository config */
#define CT_ARCHIVE_FORMAT 1

/* A ref moved in memory during a batch, written at the flush. */
typedef struct ct_pending_ref {
	char *id;
	int had_old;          /* 0: the branch did not exist before the batch */
	git_oid old;          /* its tip before the batch: the CAS expectation */
	git_oid new;          /* its tip now, in the mempack */
	size_t nadds;         /* versions the batch added to it */
} ct_pending_ref;

/* An object ready for a pack: its id and its pack entry (type and size
 * header, then the zlib stream), made without touching the archive so
 * that several threads can make them at once. */
typedef struct ct_packed {
	git_oid oid;
	git_object_t type;
	size_t size;          /* inflated */
	uint32_t crc;         /* CRC-32 of entry, for the .idx */
	ct_buf entry;
} ct_packed;

#define CT_PACKED_INIT { { { 0 } }, GIT_OBJECT_INVALID, 0, 0, CT_BUF_INIT }

/* zlib level of batched objects: an import is bound by CPU, and gc
 * deltifies and recompresses later anyway */
#define CT_PACK_ZLIB_LEVEL 1

typedef struct ct_sink ct_sink;

/* What the archive remembers of the last version of a document it wrote
 * or saw: the next add to that document diffs against these claims and
 * compares against this source without reading either back. Valid only
 * while the document's tip is still commit. */
typedef struct ct_tip_cache {
	char *id;
	git_oid commit;
	git_oid source;
	unsigned int number;
	int64_t observed;
	ct_claimset claims;
	uint64_t used;        /* for eviction: least recently used goes */
} ct_tip_cache;

#define CT_TIP_CACHE_SIZE 64

/* One document's stored sources by blob id: ct_archive_find_source's index,
 * kept while the document's tip stays the same. */
typedef struct ct_source_at {
	git_oid source;
	git_oid commit;
	unsigned int depth;   /* commits between it and the tip */
} ct_source_at;

typedef struct ct_source_index {
	char *id;
	git_oid tip;
	ct_source_at *v;
	size_t n;
} ct_source_index;

struct ct_archive {
	git_repository *repo;       /* the batch repository while in a batch */
	git_repository *main_repo;  /* the one opened, kept aside in a batch */
	char *path;                 /* as opened */
	char *gitdir;               /* the git directory: path, or path/.git in a clone */
	int durable;
	ct_refs *refs;              /* every ref read and move goes through it */
	/* Group commit: objects go to the sink (an in-memory pack), refs to
	 * pending; a flush writes one pack and its index, then moves the refs. */
	ct_sink *sink;
	ct_pending_ref *pending;
	size_t npending, apending;
	size_t *pslots, npslots;    /* pending by id: open addressing, index + 1 */
	size_t batch_adds;          /* versions added since the last flush */
	size_t unrecorded;          /* versions the last flush could not record */
	ct_tip_cache cache[CT_TIP_CACHE_SIZE];
	ct_source_index sources;
	uint64_t cache_clock;
};

/* 0 when repo is an archive (its config says so, or its marker branch
 * does: a clone, whose config is then made; archive_marker.c). */
int ct_archive__check_marker(git_repository *repo, ct_refs *refs, const char *path);
/* HEAD at the _claimtrack marker branch, made if HEAD points at nothing. */
int ct_archive__ensure_head(git_repository *repo, ct_refs *refs, const char *path);

/* strdup into *dst (freeing what was there) */
int ct_archive__dup(char **dst, const char *s);
/* The tree entry holding the source: the one named source.<ext>. */
const git_tree_entry *ct_archive__source_entry(const git_tree *tree);
/* The subject and provenance trailers of a commit message into v. */
int ct_archive__fill_from_message(ct_archive_version *v, const char *summary, const char *message);

/* ct_error_set(code, "<context>: <libgit2's message>") */
int ct_archive__git_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Compare-and-swap document id's branch (old_id NULL: only if it does not
 * exist): 0, CT_REFS_MOVED when another writer moved it first, < 0 error. */
int ct_archive__move_ref(ct_archive *a, const char *id, const git_oid *new_id,
	const git_oid *old_id);
/* The longest document id (ct_archive_id_check's rule, archive.c). */
#define CT_ARCHIVE_ID_MAX 200
int ct_archive__tip(git_oid *out, ct_archive *a, const char *id);
/* git_commit_lookup for a commit a ref named a moment ago: another writer
 * may have put it in a pack just before it moved the ref (archive.c). */
int ct_archive__commit(git_commit **out, git_repository *repo, const git_oid *id);
int ct_archive__version_fill(ct_archive_version *v, ct_archive *a, const git_commit *c,
	unsigned int number);
int ct_archive__commit_number(unsigned int *out, ct_archive *a, const git_commit *c);
/* A tree entry's bytes; name NULL means the source.<ext> entry. */
int ct_archive__read_entry(ct_buf *out, ct_archive *a, const char *commit,
	const char *name);
/* Parse a version's stored source and extract its claims; *doc_out (when
 * not NULL) receives the parsed document. */
int ct_archive__derive(ct_doc **doc_out, ct_claimset *set, ct_archive *a,
	ct_host *host, const ct_archive_version *v, const char *label);
/* In a batch: the pending tip of id, if the batch moved it. */
const ct_pending_ref *ct_archive__pending(const ct_archive *a, const char *id);
/* Forget every pending ref (archive_pending.c). */
void ct_archive__pending_clear(ct_archive *a);
/* Record a batched ref move (id's tip old -> new). */
int ct_archive__pending_set(ct_archive *a, const char *id, const git_oid *old,
	const git_oid *new);

/* Forget every cached tip (after a failed flush: those commits are not
 * reachable). */
void ct_archive__cache_drop(ct_archive *a);

/* An object's id, as git_odb_hash computes it, with libcrypto's SHA-1
 * (the import's hashing); thread-safe. */
int ct_archive__hash(git_oid *out, const void *data, size_t len, git_object_t type);
/* Deflate one object into a pack entry, hashing it unless its id is
 * given; thread-safe. */
int ct_archive__pack_entry(ct_packed *out, git_object_t type, const void *data, size_t len,
	const git_oid *id);
/* n bytes as a zlib stream appended to out: deflated at
 * CT_PACK_ZLIB_LEVEL, or stored when small or when store is set. */
int ct_archive__zlib_put(ct_buf *out, const unsigned char *p, size_t n, int store);
uint32_t ct_archive__crc32(uint32_t crc, const unsigned char *p, size_t n);
/* A pack entry's type and size header into hdr; its length. */
#define CT_PACK_OFS_DELTA 6
size_t ct_archive__entry_header(unsigned char hdr[16], unsigned int type, size_t size);
/* Add a pack entry to the batch (once per id). */
int ct_archive__sink_put(ct_sink *s, const ct_packed *p);
/* Add blob oid, the bytes in raw, as file number `file` of document id:
 * as a delta against the blob last added for the same document and file
 * when that pays, else whole (whole: its entry made beforehand, or NULL to
 * deflate it here). raw is kept as the next base and left empty. */
int ct_archive__sink_put_blob(ct_sink *s, const char *id, int file, const git_oid *oid,
	ct_buf *raw, const ct_packed *whole);
/* Add commit raw (its bytes; *out gets its id) of document id: as a
 * delta against the commit last added for id when that pays, else whole.
 * raw is kept as the next base and left empty. */
int ct_archive__sink_put_commit(ct_sink *s, const char *id, git_oid *out, ct_buf *raw);
/* How many entries of the current batch were stored as deltas. */
size_t ct_archive__sink_deltas(const ct_sink *s);
/* Hash, deflate and add one object to the batch; *out gets its id. */
int ct_archive__sink_write(ct_sink *s, git_oid *out, git_object_t type, const void *data,
	size_t len);

/* A version's commit message up to its trailers: subject, body, the
 * figure changes d against version number - 1, a blank line. */
int ct_archive__message_head(ct_buf *b, const char *id, unsigned int number, int64_t observed,
	const ct_add_result *r, size_t nsentences, const ct_diff *d);
/* r's changed/added/removed from d (NULL: none). */
void ct_archive__count_changes(ct_add_result *r, const ct_diff *d);
size_t ct_archive__count_sentences(const ct_buf *text);
/* A commit object's bytes, as git_commit_create would write them. */
int ct_archive__commit_raw(ct_buf *b, const git_oid *tree, const git_oid *parent,
	int64_t when, const char *message);
/* ct_archive_state_write with ids: the new state commit's parents are
 * expected (the state it replaces, which the ref must still name; NULL:
 * there is none) and also (NULL, or the other state of a merge). */
int ct_archive__state_write(ct_archive *a, const char *name, const char *data, size_t len,
	const git_oid *expected, const git_oid *also, git_oid *out);
/* One object into the batch's pack, or loose. */
int ct_archive__write_object(git_oid *out, ct_archive *a, git_object_t type,
	const void *data, size_t len, const char *id);

/*
 * Re-make commits on a new base (archive_chain.c): each keeps its tree,
 * time and trailers; its number and its figure changes are made anew
 * against its new predecessor, whose claims are *prev (taken: left holding
 * the claims of the last commit made). base NULL: the first becomes
 * version 1. *tip gets the last commit.
 */
int ct_archive__rechain(git_oid *tip, ct_archive *a, ct_host *host, const char *id,
	const git_oid *base, unsigned int base_number, ct_claimset *prev,
	const git_oid *commits, size_t n);

/* Where a version observed at a time before the tip's goes: after base
 * (the last version observed no later), before tail (oldest first). */
typedef struct ct_insertion {
	int has_base;             /* 0: it becomes version 1 */
	git_oid base;
	unsigned int base_number;
	git_oid base_source;      /* base's source blob */
	git_oid next_source;      /* tail[0]'s */
	git_oid *tail;
	size_t ntail;
} ct_insertion;

int ct_archive__insertion(ct_insertion *ins, ct_archive *a, const char *id, const git_oid *tip,
	int64_t observed);
void ct_insertion_dispose(ct_insertion *ins);

/* ---- pack files (archive_packfile.c) ---- */

/* An object of a pack, for its .idx: id, CRC-32 of its entry, where the
 * entry starts (pack: which of an import's packs, for a merge). */
typedef struct ct_idx_entry {
	git_oid oid;
	uint32_t crc;
	uint32_t pack;
	uint64_t offset;
} ct_idx_entry;

/* A pack being written to a temporary file in objects/pack, hashed on
 * the way. */
typedef struct ct_packfile {
	char dir[4096];
	char tmp[4200];
	int fd;
	int durable;
	void *md;             /* the SHA-1 context (libcrypto's EVP_MD_CTX) */
} ct_packfile;

/* Start a pack of count objects (its header written). */
int ct_packfile_open(ct_packfile *pf, const char *gitdir, uint32_t count, int durable);
/* Append entries' bytes. On error the file is gone. */
int ct_packfile_put(ct_packfile *pf, const void *p, size_t n);
/* Trailer, .idx from e (sorted here), both renamed into place, fsynced
 * when durable; hex gets the pack's name (pack-<hex>.pack). */
int ct_packfile_finish(ct_packfile *pf, char hex[41], ct_idx_entry *e, size_t n);
void ct_packfile_abort(ct_packfile *pf);
/* One pack from the npacks an import wrote (names: their hex), whose
 * objects are e (offsets within their own pack; rewritten); the old
 * ones removed. Left as they are, returning 0, when they are not all
 * there or hold other objects than e (gc repacked them meanwhile). */
int ct_archive__packs_merge(ct_archive *a, const char (*names)[41], size_t npacks,
	ct_idx_entry *e, size_t n);

/* Take the lock under which packs are removed (archive_packs.c). */
int ct_archive__packs_lock(ct_lock *l, ct_archive *a);
/* Under that lock: remove the n packs named (their hex), and any
 * multi-pack-index first. When that cannot go, the packs stay and the
 * error says so. */
int ct_archive__packs_retire(ct_archive *a, const char (*names)[41], size_t n);

int ct_archive__render_text(ct_buf *b, const ct_doc *doc);
int ct_archive__render_claims(ct_buf *b, const ct_claimset *set);

#endif
