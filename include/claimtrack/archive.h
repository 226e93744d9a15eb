/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: the archive, a bare git repository written through libgit2.
 *
 * Layout: one branch per document, refs/heads/<id>, a linear chain of
 * commits, one per distinct version. Each commit's tree holds
 *   source.<ext>  the raw bytes as observed (the truth)
 *   text.txt      normalized text, one sentence per line
 *   claims.txt    claims, one per line, canonically sorted
 * The commit time is the observation time; provenance is in trailers
 * (Claimtrack-Source, -Media-Type, -Plugin, -Extractor, -ETag, ...).
 * Plain git reads, clones, pushes and fetches it.
 *
 * The repository is bare (no index, no working tree); its config holds
 * claimtrack.version = 1, which is how ct_archive_open tells an archive
 * from any other git repository. Objects are written before a ref moves
 * and refs move by compare-and-swap, so a crash leaves an archive that
 * `git fsck --strict` accepts and that holds every acknowledged version.
 */
#ifndef CLAIMTRACK_ARCHIVE_H
#define CLAIMTRACK_ARCHIVE_H

#include "common.h"
#include "buf.h"
#include "doc.h"
#include "claims.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_archive ct_archive;

/* Create a new archive at path (a directory that must not exist or be
 * empty). CT_EEXISTS when there is one already. */
int ct_archive_init(ct_archive **out, const char *path);

/* Open an existing archive; CT_EARCHIVE when path is not one. */
int ct_archive_open(ct_archive **out, const char *path);

/* Close an archive from ct_archive_init/ct_archive_open (NULL: nothing). */
void ct_archive_free(ct_archive *archive);

/* The path the archive was opened with (borrowed). */
const char *ct_archive_path(const ct_archive *archive);

/* Durable mode: fsync objects and refs before acknowledging an add. */
void ct_archive_set_durable(ct_archive *archive, int durable);

/* A ref lock that no live process holds (writers hold an flock on theirs)
 * and older than this many seconds (default 10, or the archive's
 * claimtrack.staleLockSeconds) was left by a writer that died and is
 * removed. A writer waits for a held lock 1.5 times as long plus a second,
 * then fails with CT_ECONFLICT and a message naming the lock file. */
void ct_archive_set_stale_lock(ct_archive *archive, int seconds);

/* 0 when id is a valid document id ([A-Za-z0-9][A-Za-z0-9._-]*, at most
 * 200 bytes, no "..", not ending in ".lock" or ".", not a name git keeps in
 * the repository directory: HEAD, FETCH_HEAD, ORIG_HEAD, any CAPITALS_HEAD,
 * AUTO_MERGE, ...), else CT_EINVAL with a message naming what is wrong.
 * The one id policy: every command and the library check ids with it. */
int ct_archive_id_check(const char *id);

typedef struct ct_archive_version {
	unsigned int number;      /* 1-based position in the document's history */
	char commit[41];          /* hex commit id */
	int64_t observed_at;      /* seconds since the epoch, UTC */
	char *source_name;        /* "source.txt" */
	char *source_url;         /* NULL where unknown */
	char *media_type;
	char *plugin;             /* "text 1.0.0" */
	char *extractor;          /* CT_EXTRACTOR_VERSION at write time */
	char *subject;            /* first line of the commit message */
	char *etag;               /* the server's validators when fetched, else NULL */
	char *last_modified;
	char *region;             /* the region= it was read with (Claimtrack-Region), or
	                             NULL: every re-derivation reads the same part */
} ct_archive_version;

/* Free the strings of one version and leave it empty; free an array of
 * count versions (from ct_archive_log) and the array. */
void ct_version_dispose(ct_archive_version *v);
void ct_versions_free(ct_archive_version *v, size_t count);

typedef struct ct_add_options {
	unsigned int version;
	int64_t observed_at;      /* 0: now */
	const char *type;         /* plugin name, NULL to sniff */
	const char *name;         /* file name, for sniffing and provenance */
	const char *source_url;
	const char *content_type;
	const char *etag;
	const char *last_modified;
	const char *region;       /* read only this part (ct_region_xpath); version 2 on */
} ct_add_options;

#define CT_ADD_OPTIONS_VERSION 2
#define CT_ADD_OPTIONS_INIT { CT_ADD_OPTIONS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

typedef struct ct_add_result {
	int created;              /* 0: identical to the latest version, no commit */
	ct_archive_version version;       /* the new version, or the latest when !created */
	size_t nclaims;
	size_t changed, added, removed;  /* figure changes against the previous version */
	size_t items_arrived, items_left;/* feed items that came or went since then */
	char **warnings;          /* parser diagnostics (invalid UTF-8, ...) */
	size_t nwarnings;
} ct_add_result;

/* Free what ct_archive_add filled in and leave the result empty. */
void ct_add_result_dispose(ct_add_result *r);

/* "3 changed, 1 added, 1 removed", "no figure changed", or for a first
 * version "7 figures", followed for a feed by "; 2 items arrived, 1 left"
 * when items came or went: what the commit subject says in parentheses. */
int ct_archive_summary(ct_buf *out, const ct_add_result *r);

/* Parse data, extract claims and commit a new version of document id.
 * Compare-and-swap on the ref with retries: two writers never lose a
 * version. Bad input fails before anything is written. */
int ct_archive_add(ct_add_result *out, ct_archive *archive, ct_host *host,
	const char *id, const char *data, size_t len, const ct_add_options *opts);

/*
 * An add in two halves, for importers that parse in several threads.
 * ct_archive_prepare does everything that needs no archive: parse, extract,
 * render text and claims and hash the files.
 * It may run in any number of threads at once, beside ct_archive_commit on
 * the same archive, as long as nobody begins or ends a batch meanwhile
 * (a version prepared in a batch is committed in one, and the same outside).
 * ct_archive_commit then records it exactly as ct_archive_add would, in
 * the order it is called; the prepared version is freed by the caller.
 * Bad input fails in ct_archive_prepare, before anything is written.
 */
typedef struct ct_prepared ct_prepared;

int ct_archive_prepare(ct_prepared **out, const ct_archive *archive, ct_host *host,
	const char *id, const char *data, size_t len, const ct_add_options *opts);
int ct_archive_commit(ct_add_result *out, ct_archive *archive, ct_host *host,
	ct_prepared *prepared);
void ct_prepared_free(ct_prepared *prepared);

/*
 * In a batch, ct_archive_commit stores a version's files as deltas against
 * the same document's previous version when that is in the batch, and
 * compresses them whole otherwise. An importer that expects no previous
 * version there (the document's first in this import) may call this in its
 * preparing thread, so that the whole files are compressed in parallel
 * rather than by the committing thread. Optional; a no-op outside a batch.
 */
int ct_prepared_deflate(ct_prepared *prepared);

/*
 * Group commit for bulk imports. Between begin and flush/end, adds write
 * their objects into memory and move no ref; a flush writes them as one
 * pack (fsynced in durable mode), then moves every branch the batch
 * touched by compare-and-swap. An add inside a batch is acknowledged only
 * when the flush that follows it succeeds; a crash before that loses the
 * unflushed adds and nothing else. CT_ECONFLICT from a flush names the
 * documents another writer changed meanwhile: their batched versions were
 * not recorded; every other document's were.
 */
int ct_archive_batch_begin(ct_archive *archive);
int ct_archive_batch_flush(ct_archive *archive);
/* Flush and leave batch mode. */
int ct_archive_batch_end(ct_archive *archive);
/* Leave batch mode dropping what was not flushed. */
void ct_archive_batch_abort(ct_archive *archive);
/* Versions added since the last flush. */
size_t ct_archive_batch_pending(const ct_archive *archive);
/* Versions the last flush (or end) could not record: all of its batch when
 * the pack could not be written, else those of the documents whose branch
 * could not move. 0 after a flush that succeeded. */
size_t ct_archive_batch_unrecorded(const ct_archive *archive);

/* All versions of a document, oldest first. CT_ENOTFOUND for no document. */
int ct_archive_log(ct_archive_version **out, size_t *count, ct_archive *archive,
	const char *id);

/* The latest version of a document without walking its history.
 * CT_ENOTFOUND for no document. */
int ct_archive_latest(ct_archive_version *out, ct_archive *archive, const char *id);

/* The earliest stored version of document id whose source is exactly
 * these bytes; CT_ENOTFOUND when no version holds them (or there is no such
 * document). Repeated calls for one document walk its history once. */
int ct_archive_find_source(ct_archive_version *out, ct_archive *archive, const char *id,
	const char *data, size_t len);

/* Resolve "ID", "ID@N" (1-based; negative counts back from the latest, -1
 * is the latest) or "ID@<commit prefix>" (at least 4 hex digits) to one
 * version. A revision of digits only is always a version number. */
int ct_archive_resolve(ct_archive_version *out, ct_archive *archive, const char *spec);

/* A stored file of a version: "source", "text" or "claims". */
int ct_archive_read(ct_buf *out, ct_archive *archive, const ct_archive_version *v,
	const char *what);

/* The claims of a version, in document order, always re-derived from the
 * stored source with the plugin named in its Claimtrack-Plugin trailer and
 * this library's extractor. claims.txt is a one-line-per-claim rendering
 * for people and for `claimtrack verify`; it does not hold every field
 * (sentence, offsets), so the source stays the truth and an extractor
 * upgrade never shows up as a figure change. */
int ct_archive_claims(ct_claimset *set, ct_archive *archive, ct_host *host,
	const ct_archive_version *v);

/* How a stored version checks against its own source. */
typedef enum {
	CT_VERIFY_OK = 0,      /* text.txt and claims.txt re-derive exactly */
	CT_VERIFY_DRIFT = 1,   /* they differ, and so do the plugin or extractor
	                          versions that wrote them: expected after an
	                          upgrade, reports re-derive anyway */
	CT_VERIFY_CORRUPT = 2  /* unreadable, wrong hash, missing file, or they
	                          differ with the same plugin and extractor */
} ct_verify_status;

/* Re-read one version (every object hash-checked by libgit2), re-derive
 * its text and claims from the stored source, compare. *status says how
 * it went; why gets one line for anything but CT_VERIFY_OK. Returns < 0
 * only when verification itself could not run (out of memory). */
int ct_archive_verify_version(ct_verify_status *status, ct_buf *why,
	ct_archive *archive, ct_host *host, const ct_archive_version *v);

typedef struct ct_gc_options {
	unsigned int version;
	/* unreachable objects younger than this are kept: a concurrent
	 * writer's commit is unreachable until its ref moves. Default 3600. */
	int64_t grace_seconds;
	int prune_now;            /* grace 0 */
} ct_gc_options;

#define CT_GC_OPTIONS_VERSION 1
#define CT_GC_OPTIONS_INIT { CT_GC_OPTIONS_VERSION, 3600, 0 }

typedef struct ct_gc_stats {
	uint64_t bytes_before, bytes_after;  /* objects/ and refs on disk */
	size_t loose_removed, packs_removed;
	size_t objects_packed;
	size_t refs_packed;       /* refs packed-refs holds now */
	size_t locks_cleared;     /* lock files dead writers left */
	size_t tmp_removed;       /* temporary object files dead writers left */
} ct_gc_stats;

/* Clear the locks dead writers left, pack the refs (git's sorted
 * packed-refs), pack every reachable object into one pack with deltas, then
 * remove the loose objects and packs it makes redundant and the temporary
 * files killed writers left. Safe with
 * concurrent writers and readers: nothing reachable is ever deleted before
 * the new pack holding it is on disk. */
int ct_archive_gc(ct_gc_stats *stats, ct_archive *archive, const ct_gc_options *opts);

typedef struct ct_sync_stats {
	size_t fetched;           /* documents that took versions from the remote as they were */
	size_t merged;            /* documents whose two histories were reconciled */
	size_t remade;            /* commits re-made in time order by those */
	size_t unchanged;         /* documents the same on both sides */
	size_t busy;              /* documents a local writer moved meanwhile: next time */
	size_t pushed;            /* branches sent to the remote */
} ct_sync_stats;

/*
 * Fetch every document branch of remote (a remote configured in the
 * archive, or a URL: file://, ssh, https, a path), reconcile each document
 * whose histories went apart, and push. Two histories of a document become
 * one ordered by observation time; a version with the same bytes as the
 * one before it there is one version; every other version either side
 * stored is kept, and the versions after the first difference are re-made
 * with their figure changes recomputed against their new predecessor. A
 * push is forced only for a re-made history and only if the remote still
 * holds what was fetched; CT_ECONFLICT when it did not (another collector
 * pushed meanwhile: sync again). Needs the plugins that stored the sources.
 */
int ct_archive_sync(ct_sync_stats *stats, ct_archive *archive, ct_host *host,
	const char *remote);

/* Document ids in the archive, sorted. A branch that cannot be read is
 * not listed: ct_archive_check_refs names it. */
int ct_archive_list(char ***out, size_t *count, ct_archive *archive);

/* Every document with its tip commit, from one reading of the refs: the
 * documents ct_archive_list lists, in its order. For a reader that keeps
 * what it made of each document until its tip moves. */
typedef struct ct_archive_tip {
	char *id;
	char commit[41];          /* hex commit id of the latest version */
} ct_archive_tip;

int ct_archive_tips(ct_archive_tip **out, size_t *count, ct_archive *archive);
void ct_archive_tips_free(ct_archive_tip *tips, size_t count);

/* The version a tip names, as ct_archive_latest gives it, without reading
 * the ref again (the tip is not checked against the branch: a tip read
 * earlier gives that version even if the branch has moved since).
 * CT_ENOTFOUND when the archive holds no such commit. */
int ct_archive_tip_version(ct_archive_version *out, ct_archive *archive,
	const ct_archive_tip *tip);

/* Every ref git fsck would complain about, one line each ("refs/heads/x:
 * damaged: the file is empty", "...: points to <id>, which the archive does
 * not hold"); *count 0 when all are sound. The lines are the caller's
 * (ct_strings_free). */
int ct_archive_check_refs(char ***out, size_t *count, ct_archive *archive);
void ct_strings_free(char **s, size_t count);

#ifdef __cplusplus
}
#endif
#endif
