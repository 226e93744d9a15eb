/* SPDX-License-Identifier: MIT */
/*
 * Inside the claims module: shared with the rest of core/ (the archive) and
 * the tests, never installed.
 */
#ifndef CT_CLAIMS_INTERNAL_H
#define CT_CLAIMS_INTERNAL_H

#include "claimtrack/buf.h"
#include "claimtrack/claims.h"
#include "claims_cache.h"

/*
 * ct_claims_extract(set, doc) and the archive's text.txt rendering of doc
 * in one pass, each block split into sentences once. Claims are appended to
 * set exactly as ct_claims_extract appends them; text gets exactly what
 * ct_archive__render_text(text, doc) appends: each block's sentences one
 * per line (a sentence's own '\n' and '\r' made spaces), blocks apart by a
 * blank line, and the buffer allocated (empty) when nothing was written.
 * text may be NULL (claims only). With a cache (claims_cache.h) a sentence
 * already seen is not read again: the claims are the same either way.
 * Returns 0, or a negative CT_E* code with set and text partly filled (the
 * caller clears or disposes of them).
 */
int ct_claims__extract_render(ct_claimset *set, ct_buf *text, const ct_doc *doc,
	ct_claims_cache *cache);

/* A new sentence's claims begin: until the next call, push_spans may take
 * a sentence at the pointer it last copied as the same sentence, without
 * comparing its bytes (the caller's buffer does not change within one
 * sentence's extraction). */
void ct_claimset__sentence_begin(ct_claimset *set);

/* Append c's claims.txt line (ct_claim_line, without a newline) to b. */
int ct_claims__line_put(ct_buf *b, const ct_claim *c);

/* Size of a buffer that holds any ct_claims__format_number result. */
#define CT_CLAIMS_NUMBER_MAX 32

/*
 * v as printf's "%.15g" writes it, into out (CT_CLAIMS_NUMBER_MAX bytes,
 * NUL-terminated); returns the length. Digits are written directly when
 * ct_claims__format_number_fast can prove the result, else snprintf.
 */
size_t ct_claims__format_number(char *out, double v);

/* The direct path alone: the length written, or 0 (out untouched) when it
 * cannot prove its string is "%.15g"'s. Exposed for the tests. */
size_t ct_claims__format_number_fast(char *out, double v);

#endif
