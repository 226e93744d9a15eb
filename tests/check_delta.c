/* SPDX-License-Identifier: MIT */
/* Binary deltas (git's format) for packing a version against the last. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "../core/delta.h"

static uint64_t rng = 88172645463325252ULL;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* An article-like text: numbered sentences, some of them repeated. */
static void article(ct_buf *b, size_t len, unsigned int seed)
{
	unsigned int k = 0;

	while (b->len < len) {
		ck_assert_int_eq(ct_buf_printf(b, "Officials said %u agents were assigned in week %u. "
			"The agency did not respond to a request for comment.\n",
			(seed + k * 37) % 9000 + 100, k), 0);
		k++;
	}
}

/* Apply d to base and check the result is target, byte for byte. */
static void check_apply(const ct_buf *base, const ct_buf *d, const ct_buf *target)
{
	ct_buf got = CT_BUF_INIT;

	ck_assert_int_eq(ct_delta_apply(&got, (const unsigned char *)base->ptr, base->len,
		(const unsigned char *)d->ptr, d->len), 0);
	ck_assert_uint_eq(got.len, target->len);
	ck_assert(memcmp(got.ptr, target->ptr, got.len) == 0);
	ct_buf_dispose(&got);
}

static int make(ct_buf *d, const ct_buf *base, const ct_buf *target, size_t max_out)
{
	return ct_delta_make(d, (const unsigned char *)base->ptr, base->len,
		(const unsigned char *)target->ptr, target->len, max_out);
}

START_TEST(test_edited_article_is_small)
{
	ct_buf base = CT_BUF_INIT, target = CT_BUF_INIT, d = CT_BUF_INIT;
	char *p;

	article(&base, 12000, 1);
	ck_assert_int_eq(ct_buf_put(&target, base.ptr, base.len), 0);
	/* three figures move, a sentence goes, one is added near the end */
	p = strstr(target.ptr, "week 7.");
	memcpy(p - 22, "9999", 4);
	p = strstr(target.ptr, "week 40.");
	memcpy(p - 22, "1234", 4);
	p = strstr(target.ptr, "week 90.");
	memcpy(p - 22, "5555", 4);
	p = strstr(target.ptr, "Officials said");
	memmove(p, p + 60, target.len - (size_t)(p - target.ptr) - 60);
	target.len -= 60;
	ck_assert_int_eq(ct_buf_puts(&target, "A later update added this sentence.\n"), 0);

	ck_assert_int_eq(make(&d, &base, &target, target.len / 2), 0);
	/* a few copies and the changed bytes, not the article again */
	ck_assert_uint_lt(d.len, 200);
	check_apply(&base, &d, &target);
	ct_buf_dispose(&base);
	ct_buf_dispose(&target);
	ct_buf_dispose(&d);
}
END_TEST

START_TEST(test_random_edits_round_trip)
{
	int round;

	for (round = 0; round < 400; round++) {
		ct_buf base = CT_BUF_INIT, target = CT_BUF_INIT, d = CT_BUF_INIT;
		size_t len = next_rand() % (round % 10 == 0 ? 150000 : 9000), i, edits;

		/* text, binary noise or a run of one byte, by turns */
		if (round % 3 == 0) {
			article(&base, len, next_rand());
		} else {
			ck_assert_int_eq(ct_buf_grow(&base, len), 0);
			for (i = 0; i < len; i++)
				base.ptr[i] = (char)(round % 3 == 1 ? next_rand() : 'a');
			base.len = len;
		}
		ck_assert_int_eq(ct_buf_put(&target, base.ptr, base.len), 0);
		for (edits = next_rand() % 12; edits > 0; edits--) {
			size_t at = target.len ? next_rand() % target.len : 0;
			size_t n = next_rand() % 300;

			switch (next_rand() % 3) {
			case 0: /* overwrite */
				for (i = at; i < at + n && i < target.len; i++)
					target.ptr[i] = (char)next_rand();
				break;
			case 1: /* delete */
				n = n < target.len - at ? n : target.len - at;
				memmove(target.ptr + at, target.ptr + at + n, target.len - at - n);
				target.len -= n;
				break;
			default: /* insert */
				ck_assert_int_eq(ct_buf_grow(&target, n), 0);
				memmove(target.ptr + at + n, target.ptr + at, target.len - at);
				for (i = 0; i < n; i++)
					target.ptr[at + i] = (char)next_rand();
				target.len += n;
				break;
			}
		}
		/* a limit no delta can reach: one is always made */
		ck_assert_int_eq(make(&d, &base, &target, target.len * 2 + 64), 0);
		check_apply(&base, &d, &target);
		ct_buf_dispose(&base);
		ct_buf_dispose(&target);
		ct_buf_dispose(&d);
	}
}
END_TEST

START_TEST(test_long_copies_and_empty_sides)
{
	ct_buf big = CT_BUF_INIT, empty = CT_BUF_INIT, d = CT_BUF_INIT;

	article(&big, 300000, 5);
	/* 300 KB the same: copies of 64 KB each, a few bytes apiece */
	ck_assert_int_eq(make(&d, &big, &big, big.len / 2), 0);
	ck_assert_uint_lt(d.len, 64);
	check_apply(&big, &d, &big);
	ct_buf_clear(&d);
	ck_assert_int_eq(ct_buf_grow(&empty, 0), 0);
	ck_assert_int_eq(make(&d, &empty, &big, big.len * 2), 0);
	check_apply(&empty, &d, &big);
	ct_buf_clear(&d);
	ck_assert_int_eq(make(&d, &big, &empty, 64), 0);
	check_apply(&big, &d, &empty);
	ct_buf_dispose(&big);
	ct_buf_dispose(&empty);
	ct_buf_dispose(&d);
}
END_TEST

START_TEST(test_unrelated_target_is_too_big)
{
	ct_buf base = CT_BUF_INIT, target = CT_BUF_INIT, d = CT_BUF_INIT;
	size_t i;

	article(&base, 20000, 3);
	ck_assert_int_eq(ct_buf_grow(&target, 20000), 0);
	for (i = 0; i < 20000; i++)
		target.ptr[i] = (char)next_rand();
	target.len = 20000;
	ck_assert_int_eq(ct_buf_puts(&d, "kept"), 0);
	ck_assert_int_eq(make(&d, &base, &target, target.len / 2), CT_DELTA_TOO_BIG);
	/* what was in out before is left as it was */
	ck_assert_str_eq(d.ptr, "kept");
	ct_buf_dispose(&base);
	ct_buf_dispose(&target);
	ct_buf_dispose(&d);
}
END_TEST

static int apply_raw(const char *base, size_t blen, const unsigned char *d, size_t dlen)
{
	ct_buf out = CT_BUF_INIT;
	int err = ct_delta_apply(&out, (const unsigned char *)base, blen, d, dlen);

	ct_buf_dispose(&out);
	return err;
}

START_TEST(test_apply_rejects_damage)
{
	const char *base = "0123456789";
	/* base 10, result 4: copy 4 from offset 2 */
	const unsigned char good[] = { 10, 4, 0x91, 2, 4 };
	const unsigned char wrong_base[] = { 11, 4, 0x91, 2, 4 };
	const unsigned char beyond[] = { 10, 4, 0x91, 8, 4 };
	const unsigned char short_insert[] = { 10, 4, 4, 'a', 'b' };
	const unsigned char reserved[] = { 10, 4, 0, 0x91, 2, 4 };
	const unsigned char too_little[] = { 10, 5, 0x91, 2, 4 };
	const unsigned char too_much[] = { 10, 3, 0x91, 2, 4 };
	const unsigned char cut_copy[] = { 10, 4, 0x91, 2 };
	const unsigned char cut_header[] = { 0x8a };
	/* claims an exabyte from four bytes of delta */
	const unsigned char liar[] = { 10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f };
	ct_buf out = CT_BUF_INIT;

	ck_assert_int_eq(ct_delta_apply(&out, (const unsigned char *)base, 10, good, sizeof(good)), 0);
	ck_assert_str_eq(out.ptr, "2345");
	ct_buf_dispose(&out);
	ck_assert_int_eq(apply_raw(base, 10, wrong_base, sizeof(wrong_base)), CT_EARCHIVE);
	ck_assert_int_eq(apply_raw(base, 10, beyond, sizeof(beyond)), CT_EARCHIVE);
	ck_assert_int_eq(apply_raw(base, 10, short_insert, sizeof(short_insert)), CT_EARCHIVE);
	ck_assert_int_eq(apply_raw(base, 10, reserved, sizeof(reserved)), CT_EARCHIVE);
	ck_assert_int_eq(apply_raw(base, 10, too_little, sizeof(too_little)), CT_EARCHIVE);
	ck_assert_int_eq(apply_raw(base, 10, too_much, sizeof(too_much)), CT_EARCHIVE);
	ck_assert_int_eq(apply_raw(base, 10, cut_copy, sizeof(cut_copy)), CT_EARCHIVE);
	ck_assert_int_eq(apply_raw(base, 10, cut_header, sizeof(cut_header)), CT_EARCHIVE);
	ck_assert_int_eq(apply_raw(base, 10, liar, sizeof(liar)), CT_EARCHIVE);
}
END_TEST

Suite *make_delta_suite(void)
{
	Suite *s = suite_create("delta");
	TCase *tc = tcase_create("make");

	tcase_add_test(tc, test_edited_article_is_small);
	tcase_add_test(tc, test_random_edits_round_trip);
	tcase_add_test(tc, test_long_copies_and_empty_sides);
	tcase_add_test(tc, test_unrelated_target_is_too_big);
	suite_add_tcase(s, tc);
	tc = tcase_create("apply");
	tcase_add_test(tc, test_apply_rejects_damage);
	suite_add_tcase(s, tc);
	return s;
}
