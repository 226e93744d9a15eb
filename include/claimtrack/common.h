/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: common types, error codes and the per-thread last error.
 *
 * Every public function returns int: 0 on success, a negative CT_E* code on
 * failure, with a message in ct_error_last().
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

void ct_error_clear(void);

/* Hard caps on untrusted input. */
#define CT_MAX_INPUT (64u * 1024 * 1024)   /* bytes of one document */

#ifdef __cplusplus
}
#endif
#endif
