/*
 * Inside the archive: shared by core/archive*.c only, never installed.
 */
#ifndef CT_ARCHIVE_INTERNAL_H
#define CT_ARCHIVE_INTERNAL_H

#include <git2.h>
#include "claimtrack/archive.h"

/* claimtrack.version in the repository config */
#define CT_ARCHIVE_FORMAT 1
/* default age at which a ref lock is taken for a dead writer's */
#define CT_STALE_LOCK_SECONDS 10

/* A ref moved in memory during a batch, written at the flush. */
typedef struct ct_pending_ref {
	char *id;
	int had_old;          /* 0: the branch did not exist before the batch */
	git_oid old;          /* its tip before the batch: the CAS expectation */
	git_oid new;          /* its tip now, in the mempack */
} ct_pending_ref;

struct ct_archive {
	git_repository *repo;       /* the batch repository while in a batch */
	git_repository *main_repo;  /* the one opened, kept aside in a batch */
	char *path;
	int durable;
	int stale_lock_seconds;
	/* Group commit: objects go to an in-memory pack, refs to pending;
	 * a flush writes one pack, then moves the refs. */
	git_odb_backend *mempack;
	ct_pending_ref *pending;
	size_t npending, apending;
	size_t batch_adds;          /* versions added since the last flush */
	/* Claims of the last version written or skipped, keyed by commit:
	 * a bulk import diffs each version against the one before without
	 * parsing that one's source again. */
	int cache_valid;
	git_oid cache_commit;
	ct_claimset cache_claims;
};

/* ct_error_set(code, "<context>: <libgit2's message>") */
int ct_archive__git_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int ct_archive__tip(git_oid *out, ct_archive *a, const char *id);
int ct_archive__version_fill(ct_version *v, ct_archive *a, const git_commit *c,
	unsigned int number);
int ct_archive__commit_number(unsigned int *out, ct_archive *a, const git_commit *c);
/* A tree entry's bytes; name NULL means the source.<ext> entry. */
int ct_archive__read_entry(ct_buf *out, ct_archive *a, const char *commit,
	const char *name);
/* Parse a version's stored source and extract its claims; *doc_out (when
 * not NULL) receives the parsed document. */
int ct_archive__derive(ct_doc **doc_out, ct_claimset *set, ct_archive *a,
	ct_host *host, const ct_version *v, const char *label);
/* In a batch: the pending tip of id, if the batch moved it. */
const ct_pending_ref *ct_archive__pending(const ct_archive *a, const char *id);
/* Record a batched ref move (id's tip old -> new). */
int ct_archive__pending_set(ct_archive *a, const char *id, const git_oid *old,
	const git_oid *new);

int ct_archive__render_text(ct_buf *b, const ct_doc *doc);
int ct_archive__render_claims(ct_buf *b, const ct_claimset *set);

#endif
