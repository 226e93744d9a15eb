/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: text normalization and sentence segmentation.
 */
#ifndef CLAIMTRACK_TEXT_H
#define CLAIMTRACK_TEXT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Normalize one block of text: invalid UTF-8 replaced by U+FFFD (counted in
 * *replaced when not NULL), Unicode NFC, control characters dropped, all
 * runs of white space (incl. NBSP and Unicode spaces) folded to one space,
 * trimmed, curly quotes and primes made ASCII, soft hyphens and zero-width
 * characters removed. Output is malloc'd.
 */
int ct_text_normalize(char **out, size_t *out_len, const char *in, size_t len,
	size_t *replaced);

/* True when the bytes are valid UTF-8. */
int ct_utf8_valid(const char *s, size_t len);

/* Heuristic: mostly binary (NULs, control bytes) rather than text. */
int ct_text_looks_binary(const char *s, size_t len);

typedef struct ct_span {
	size_t start;   /* byte offset */
	size_t len;     /* byte length, trimmed */
} ct_span;

/*
 * Split normalized text into sentences. Abbreviations ("U.S.", "Mr.",
 * "Jan."), initials, decimals ("3.5"), ellipses and closing quotes after the
 * full stop are handled. *out is malloc'd.
 */
int ct_sentences(ct_span **out, size_t *count, const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
