/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the pack deltas: any base and target round-trip
 * through ct_delta_make and ct_delta_apply exactly, and ct_delta_apply
 * survives any bytes as a delta (an archive's pack is read back with it).
 * The first byte picks the split between base and target; its low bit
 * also has the rest read as base length, base and a raw delta instead.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/delta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_buf d = CT_BUF_INIT, out = CT_BUF_INIT;
	size_t split;
	int err;

	if (size < 3 || size > 1 << 17)
		return 0;
	split = ((size_t)data[1] << 8 | data[2]) % (size - 2);
	if (data[0] & 1) {
		/* base, then a delta of arbitrary bytes */
		err = ct_delta_apply(&out, data + 3, split, data + 3 + split, size - 3 - split);
		if (err == 0 && out.ptr[out.len] != '\0')
			abort();
	} else {
		const uint8_t *base = data + 3, *target = data + 3 + split;
		size_t blen = split, tlen = size - 3 - split;

		/* a limit no delta can reach: one must be made, and undo itself */
		if (ct_delta_make(&d, base, blen, target, tlen, tlen * 2 + 64) != 0)
			abort();
		if (ct_delta_apply(&out, base, blen, (const unsigned char *)d.ptr, d.len) != 0 ||
		    out.len != tlen || memcmp(out.ptr, target, tlen) != 0)
			abort();
		/* a tight limit: too big, or a delta as exact */
		ct_buf_clear(&d);
		ct_buf_clear(&out);
		err = ct_delta_make(&d, base, blen, target, tlen, tlen / 2);
		if (err == 0 && (ct_delta_apply(&out, base, blen, (const unsigned char *)d.ptr,
			d.len) != 0 || out.len != tlen || memcmp(out.ptr, target, tlen) != 0))
			abort();
		if (err != 0 && err != CT_DELTA_TOO_BIG)
			abort();
		/* against the wrong base it fails cleanly or makes some bytes */
		ct_buf_clear(&out);
		(void)ct_delta_apply(&out, target, tlen, (const unsigned char *)d.ptr, d.len);
	}
	ct_buf_dispose(&d);
	ct_buf_dispose(&out);
	return 0;
}
