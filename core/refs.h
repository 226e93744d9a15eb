/* SPDX-License-Identifier: MIT */
/*
 * Refs and their locks: git's own on-disk formats (loose refs, a sorted
 * packed-refs file, NAME.lock files), read and written here and nowhere
 * else in claimtrack. Internal to core/; never installed.
 *
 * The lock policy, in one place: a writer creates NAME.lock with O_EXCL
 * and holds an flock(2) on it for as long as it lives, so the kernel tells
 * a live holder from a dead one. A lock nobody holds an flock on and older
 * than the stale age was left by a writer that died (or by a git process
 * that did); it is removed by whoever meets it next. A writer waits for a
 * lock one and a half times the stale age plus a second, so that a dead
 * writer's lock is always cleared before anyone gives up, and then fails
 * with a message naming the lock file and what to do.
 */
#ifndef CT_REFS_H
#define CT_REFS_H

#include <stddef.h>
#include <git2.h>

/* default age at which an unheld lock is a dead writer's */
#define CT_LOCK_STALE_SECONDS 10

typedef struct ct_lock {
	char *path;           /* NAME.lock */
	char *target;         /* NAME */
	int fd;
} ct_lock;

#define CT_LOCK_INIT { NULL, NULL, -1 }

/* How long a writer waits for a lock: longer than the stale age. */
int ct_lock_wait_seconds(int stale_seconds);
/* Take target's lock (target.lock), waiting and clearing a stale one as
 * the policy says. CT_ECONFLICT when a live holder kept it past the wait. */
int ct_lock_take(ct_lock *l, const char *target, int stale_seconds);
/* Take it only if nobody holds it now (a stale one is cleared): 1 taken,
 * 0 busy, < 0 error. */
int ct_lock_try(ct_lock *l, const char *target, int stale_seconds);
/* Write data as the new content of target: written, fsynced when durable,
 * renamed over target. The lock is released either way. */
int ct_lock_commit(ct_lock *l, const void *data, size_t len, int durable);
/* Give the lock up without changing target. */
void ct_lock_release(ct_lock *l);
/* Sleep before attempt+1 of a retry: 0.2 ms doubling to 50 ms, jittered. */
void ct_lock_backoff(unsigned int attempt);
/* Remove path (a NAME.lock) if the policy says its writer is dead:
 * 1 removed, 0 left. */
int ct_lock_clear_stale(const char *path, int stale_seconds);

typedef struct ct_refs ct_refs;

int ct_refs_open(ct_refs **out, const char *gitdir);
void ct_refs_free(ct_refs *r);
void ct_refs_set_stale(ct_refs *r, int stale_seconds);
int ct_refs_stale(const ct_refs *r);

/* A ref's value: loose file first, then packed-refs (binary search in
 * the mapped file). CT_ENOTFOUND when absent; CT_EARCHIVE, naming the
 * file, when the loose file or its packed-refs line is damaged. */
int ct_refs_read(git_oid *out, ct_refs *r, const char *refname);

/* Compare-and-swap: set refname to new_id if it is old_id now, or with
 * old_id NULL if it does not exist. 0 done; CT_REFS_MOVED when its value
 * was not the expected one (nothing written); < 0 an error with a message
 * (a lock kept past the wait is CT_ECONFLICT). */
#define CT_REFS_MOVED 1
int ct_refs_update(ct_refs *r, const char *refname, const git_oid *new_id,
	const git_oid *old_id, int durable);

/* Every ref under prefix ("refs/heads/"), loose and packed merged, sorted
 * by name. A ref that cannot be read is listed with damaged set and why. */
typedef struct ct_ref {
	char *name;
	git_oid oid;
	int damaged;
	int loose;            /* a loose file (else a packed-refs line) */
	char *why;
} ct_ref;

int ct_refs_list(ct_ref **out, size_t *count, ct_refs *r, const char *prefix);
/* Read refs/heads/X as remote_prefix X ("refs/remotes/origin/") when there
 * is no local X, in reads and in listings of refs/heads/: a clone that
 * cannot be written to, read as it is. NULL turns it off. */
int ct_refs_set_view(ct_refs *r, const char *remote_prefix);
void ct_refs_list_free(ct_ref *v, size_t count);

/* What gc does to refs: every readable ref into one sorted packed-refs,
 * then each loose ref whose value is the packed one removed under its
 * lock (a ref a writer holds or moved meanwhile stays loose, and wins).
 * *packed gets how many refs packed-refs holds. */
int ct_refs_pack(size_t *packed, ct_refs *r, git_repository *repo, int durable);

/* Lock files under the refs and in the git directory whose writers died:
 * removed (each counted in *cleared); live ones are left. */
int ct_refs_clear_stale_locks(size_t *cleared, ct_refs *r);

#endif
