/* SPDX-License-Identifier: MIT */
/*
 * Git's delta format (what pack entries of type OFS_DELTA carry):
 *
 *   base size, result size     7 bits a byte, least significant first,
 *                              the high bit set on every byte but the last
 *   then instructions:
 *   0nnnnnnn                   insert the next n (1..127) bytes
 *   1sssoooo [o0 o1 o2 o3] [s0 s1 s2]
 *                              copy from the base; bit k of oooo says
 *                              offset byte k follows, bit k of sss size
 *                              byte k, least significant first; a size
 *                              of 0 means 0x10000
 *   00000000                   reserved: an error
 *
 * Making one: the base is indexed by a hash of each aligned BLOCK-byte
 * run; the target is hashed at every offset until a hash hits, and the
 * match then grows forward and back as far as the bytes agree. Versions
 * of one article share most of their text, so most of a target is covered
 * by a few long copies found at memcmp speed and only the edited stretches
 * pay for hashing. The hash is two multiplies of two 8-byte loads, not a
 * rolling one: as cheap per offset, with no serial chain of 16 steps to
 * index the base.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/common.h"
#include "delta.h"

#define BLOCK 16
#define MAX_COPY 0x10000
#define MAX_INSERT 127
/* slots looked at per lookup or insert: bounds the work on repetitive
 * bases (a page of one repeated line) while runs of distinct text find
 * their block at the first probe */
#define MAX_PROBE 8

typedef struct slot {
	uint32_t hash;
	uint32_t pos;         /* offset in the base + 1; 0 is empty */
} slot;

typedef struct index {
	slot *slots;
	uint32_t mask;
	unsigned int shift;
} index_t;

static uint32_t hash_block(const unsigned char *p)
{
	uint64_t a, b;

	memcpy(&a, p, 8);
	memcpy(&b, p + 8, 8);
	return (uint32_t)(((a * 0x9E3779B97F4A7C15u) ^ (b * 0xC2B2AE3D27D4EB4Fu)) >> 32);
}

static uint32_t bucket(const index_t *ix, uint32_t h)
{
	return h >> ix->shift;
}

static int index_build(index_t *ix, const unsigned char *base, size_t len)
{
	size_t nblocks = len / BLOCK, i;
	unsigned int bits = 4;

	while (((size_t)1 << bits) < nblocks * 2 && bits < 31)
		bits++;
	if (!(ix->slots = calloc((size_t)1 << bits, sizeof(*ix->slots))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	ix->mask = (uint32_t)(((size_t)1 << bits) - 1);
	ix->shift = 32 - bits;
	for (i = 0; i < nblocks; i++) {
		uint32_t h = hash_block(base + i * BLOCK), k = bucket(ix, h);
		int probe;

		for (probe = 0; probe < MAX_PROBE; probe++, k = (k + 1) & ix->mask)
			if (!ix->slots[k].pos) {
				ix->slots[k].hash = h;
				ix->slots[k].pos = (uint32_t)(i * BLOCK + 1);
				break;
			}
	}
	return 0;
}

/* How many bytes a and b agree on from the start, up to n. */
static size_t common_prefix(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t i = 0;

	while (i + 8 <= n) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y) {
			x ^= y;
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (size_t)(__builtin_ctzll(x) / 8);
#else
			while (a[i] == b[i])
				i++;
			return i;
#endif
		}
		i += 8;
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

static void put_size(unsigned char **o, size_t n)
{
	unsigned char *p = *o;

	while (n >= 0x80) {
		*p++ = (unsigned char)(n | 0x80);
		n >>= 7;
	}
	*p++ = (unsigned char)n;
	*o = p;
}

/* What inserting n bytes takes: an instruction byte per 127. */
static size_t insert_cost(size_t n)
{
	return n + (n + MAX_INSERT - 1) / MAX_INSERT;
}

/* A copy instruction: its byte, 4 offset bytes, 3 size bytes at most. */
#define COPY_MAX 8

static void put_insert(unsigned char **o, const unsigned char *p, size_t n)
{
	while (n) {
		size_t k = n < MAX_INSERT ? n : MAX_INSERT;

		*(*o)++ = (unsigned char)k;
		memcpy(*o, p, k);
		*o += k;
		p += k;
		n -= k;
	}
}

static void put_copy(unsigned char **o, size_t off, size_t n)
{
	unsigned char *op = (*o)++, bits = 0x80;
	int i;

	for (i = 0; i < 4; i++)
		if ((off >> (8 * i)) & 0xff) {
			bits |= (unsigned char)(1 << i);
			*(*o)++ = (unsigned char)(off >> (8 * i));
		}
	/* 0x10000 is written as no size byte at all */
	if (n != MAX_COPY)
		for (i = 0; i < 3; i++)
			if ((n >> (8 * i)) & 0xff) {
				bits |= (unsigned char)(0x10 << i);
				*(*o)++ = (unsigned char)(n >> (8 * i));
			}
	*op = bits;
}

int ct_delta_make(ct_buf *out, const unsigned char *base, size_t base_len,
	const unsigned char *target, size_t target_len, size_t max_out)
{
	index_t ix = { NULL, 0, 0 };
	unsigned char *start, *o, *limit;
	size_t i = 0, lit = 0, next = 0;
	int err;

	/* offsets are 32 bits in the format */
	if (base_len > UINT32_MAX || max_out < 32)
		return CT_DELTA_TOO_BIG;
	/* room for the limit and the two sizes (10 bytes each at most); each
	 * instruction is checked against the limit before it is written */
	if ((err = ct_buf_grow(out, max_out + 20)) < 0)
		return err;
	start = o = (unsigned char *)out->ptr + out->len;
	limit = start + max_out;
	put_size(&o, base_len);
	put_size(&o, target_len);
	if (base_len >= BLOCK && target_len >= BLOCK && (err = index_build(&ix, base, base_len)) < 0)
		return err;
	while (ix.slots && i + BLOCK <= target_len) {
		size_t best_len = 0, best_pos = 0, back, n, ep = next + (i - lit);
		uint32_t h = hash_block(target + i), k = bucket(&ix, h);
		int probe;

		/* first the bytes right after the last copy, shifted by what has
		 * been inserted since: a figure rewritten in place ("3,000" to
		 * "3,500") resumes there, while repeated sentences elsewhere in
		 * the base would offer shorter matches */
		if (ep + BLOCK <= base_len && !memcmp(base + ep, target + i, BLOCK)) {
			best_pos = ep;
			best_len = common_prefix(base + ep, target + i,
				base_len - ep < target_len - i ? base_len - ep : target_len - i);
		}

		for (probe = 0; probe < MAX_PROBE && ix.slots[k].pos; probe++, k = (k + 1) & ix.mask) {
			size_t pos = ix.slots[k].pos - 1;

			if (ix.slots[k].hash != h)
				continue;
			n = common_prefix(base + pos, target + i,
				base_len - pos < target_len - i ? base_len - pos : target_len - i);
			if (n >= BLOCK && n > best_len) {
				best_len = n;
				best_pos = pos;
			}
		}
		if (!best_len) {
			i++;
			continue;
		}
		/* grow back over bytes still waiting to be inserted */
		for (back = 0; back < i - lit && back < best_pos &&
		     base[best_pos - back - 1] == target[i - back - 1]; back++)
			;
		i -= back;
		best_pos -= back;
		best_len += back;
		if (insert_cost(i - lit) > (size_t)(limit - o))
			goto too_big;
		put_insert(&o, target + lit, i - lit);
		for (n = 0; n < best_len; n += MAX_COPY) {
			if (COPY_MAX > limit - o)
				goto too_big;
			put_copy(&o, best_pos + n, best_len - n < MAX_COPY ? best_len - n : MAX_COPY);
		}
		i += best_len;
		lit = i;
		next = best_pos + best_len;
	}
	if (insert_cost(target_len - lit) > (size_t)(limit - o))
		goto too_big;
	put_insert(&o, target + lit, target_len - lit);
	free(ix.slots);
	out->len += (size_t)(o - start);
	out->ptr[out->len] = '\0';
	return 0;
too_big:
	free(ix.slots);
	out->ptr[out->len] = '\0';
	return CT_DELTA_TOO_BIG;
}

static int get_size(size_t *out, const unsigned char **p, const unsigned char *end)
{
	size_t n = 0;
	unsigned int shift = 0;
	unsigned char c;

	do {
		if (*p >= end || shift > 56)
			return -1;
		c = *(*p)++;
		n |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	*out = n;
	return 0;
}

static int corrupt(const char *why)
{
	return ct_error_set(CT_EARCHIVE, "archive: a delta %s", why);
}

int ct_delta_apply(ct_buf *out, const unsigned char *base, size_t base_len,
	const unsigned char *delta, size_t delta_len)
{
	const unsigned char *p = delta, *end = delta + delta_len;
	size_t want_base, size, left;
	unsigned char *o;
	int err;

	if (get_size(&want_base, &p, end) < 0 || get_size(&size, &p, end) < 0)
		return corrupt("has a malformed header");
	if (want_base != base_len)
		return corrupt("was made for a base of another size");
	/* every instruction writes at least one byte, from at most 8 bytes
	 * of delta or 127 inserted: a declared size beyond what the delta
	 * can produce is a lie, caught before allocating for it */
	if (size / 0x10000 > delta_len)
		return corrupt("declares more output than it can make");
	if ((err = ct_buf_grow(out, size)) < 0)
		return err;
	o = (unsigned char *)out->ptr + out->len;
	left = size;
	while (p < end) {
		unsigned char op = *p++;

		if (op & 0x80) {
			size_t off = 0, n = 0;
			int i;

			for (i = 0; i < 4; i++)
				if (op & (1 << i)) {
					if (p >= end)
						return corrupt("ends inside a copy");
					off |= (size_t)*p++ << (8 * i);
				}
			for (i = 0; i < 3; i++)
				if (op & (0x10 << i)) {
					if (p >= end)
						return corrupt("ends inside a copy");
					n |= (size_t)*p++ << (8 * i);
				}
			if (!n)
				n = MAX_COPY;
			if (off > base_len || n > base_len - off)
				return corrupt("copies from beyond its base");
			if (n > left)
				return corrupt("makes more than its declared size");
			memcpy(o, base + off, n);
			o += n;
			left -= n;
		} else if (op) {
			if ((size_t)(end - p) < op)
				return corrupt("ends inside an insert");
			if (op > left)
				return corrupt("makes more than its declared size");
			memcpy(o, p, op);
			o += op;
			p += op;
			left -= op;
		} else {
			return corrupt("has a reserved instruction");
		}
	}
	if (left)
		return corrupt("makes less than its declared size");
	out->len += size;
	out->ptr[out->len] = '\0';
	return 0;
}
