/* SPDX-License-Identifier: MIT */
/*
 * Git's binary delta format: a version as copies from the one before it
 * and inserted bytes. Internal to the core, never installed.
 */
#ifndef CT_DELTA_H
#define CT_DELTA_H

#include <stddef.h>
#include "claimtrack/buf.h"

/* ct_delta_make's answer when the delta would be over max_out bytes */
#define CT_DELTA_TOO_BIG 1

/*
 * Append to out a delta that turns base into target. Returns 0, or
 * CT_DELTA_TOO_BIG (out left as it was) when the delta would take more
 * than max_out bytes - storing the target whole is then as good - or a
 * negative CT_E* code.
 */
int ct_delta_make(ct_buf *out, const unsigned char *base, size_t base_len,
	const unsigned char *target, size_t target_len, size_t max_out);

/*
 * Append to out the result of applying delta to base. Every instruction
 * is checked against both buffers: CT_EARCHIVE for a delta that does not
 * fit its base or its own sizes.
 */
int ct_delta_apply(ct_buf *out, const unsigned char *base, size_t base_len,
	const unsigned char *delta, size_t delta_len);

#endif
