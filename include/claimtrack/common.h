/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: common types, error codes and the per-thread last error.
 *
 * Conventions of the whole API (every header of include/claimtrack), as
 * libgit2 has them:
 *
 *  - Errors: a function returning int returns 0 (or a count, where its
 *    comment says so) on success and a negative ct_error_code on failure,
 *    with a message for a person in ct_error_last() on the calling thread
 *    (it names the file, URL or document concerned). CT_ENOMEM is always
 *    possible where memory is allocated and is not repeated below.
 *  - Ownership: an out-parameter `T **out` receives an object the caller
 *    owns and releases with the matching *_free(); `char **out` receives a
 *    string to free() with the C library. A struct filled in place (a
 *    ct_archive_version, a ct_add_result, a ct_claimset) is released with its
 *    *_dispose() or *_clear(), which leave it empty and may be called on
 *    an empty one; every *_free(NULL) does nothing. `const char *` results
 *    are borrowed: valid as long as the object they came from.
 *  - On failure, out-parameters hold nothing to free (NULL or empty).
 *  - Threads: separate objects may be used from separate threads at once;
 *    one object is not to be used by two threads at once unless its
 *    comment says so (ct_host is safe to share once made).
 *  - Versions: CT_VERSION is what a program was compiled against,
 *    ct_version() (claimtrack.h) what it runs with; libclaimtrack.so's
 *    soname changes when a function changes or goes away.
 */
#ifndef CLAIMTRACK_COMMON_H
#define CLAIMTRACK_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CT_VERSION "0.1.0"

/* Bumped whenever claim extraction can produce different claims for the
 * same text: the archive stores it so reports re-derive old versions. */
#define CT_EXTRACTOR_VERSION "2"

typedef enum {
	CT_OK = 0,
	CT_ERROR = -1,      /* generic failure */
	CT_ENOMEM = -2,     /* allocation failed */
	CT_EIO = -3,        /* file could not be read or written */
	CT_EINVAL = -4,     /* bad argument or bad input (malformed, too big) */
	CT_ENOTFOUND = -5,  /* document, version, plugin not found */
	CT_EEXISTS = -6,    /* already exists */
	CT_EPLUGIN = -7,    /* plugin refused or failed */
	CT_EARCHIVE = -8,   /* archive missing, corrupt or not ours */
	CT_ECONFLICT = -9,  /* concurrent update lost the race too often */
	CT_ETOOBIG = -10,   /* input over a hard size cap */
	CT_EUNSUPPORTED = -11 /* no plugin handles this input */
} ct_error_code;

/* Message of the last failure on this thread; never NULL. */
const char *ct_error_last(void);

/* Code of the last failure on this thread (0 when none). */
int ct_error_last_code(void);

/* Set the last error; returns code so callers can `return ct_error_set(...)`. */
int ct_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefix the existing last error with context ("archive: ...: <old>"). */
int ct_error_wrap(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Forget the last error of this thread (ct_error_last() is then ""). */
void ct_error_clear(void);

/* Hard caps on untrusted input. */
#define CT_MAX_INPUT (64u * 1024 * 1024)   /* bytes of one document */

#ifdef __cplusplus
}
#endif
#endif
