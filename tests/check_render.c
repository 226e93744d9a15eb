/* Rendering of claims and text as the archive stores them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* ct_buf_printf formats into the free room first: what fits, what does not,
 * an exact fit and the cap must all come out as before. */
START_TEST(test_buf_printf)
{
	ct_buf b = CT_BUF_INIT;
	char want[512];
	size_t i, room;

	ck_assert_int_eq(ct_buf_printf(&b, "%s", ""), 0);
	ck_assert_ptr_nonnull(b.ptr);
	ck_assert_uint_eq(b.len, 0);
	want[0] = '\0';
	for (i = 0; i < 200; i++) {
		size_t n = strlen(want);

		ck_assert_int_eq(ct_buf_printf(&b, "%zu,", i), 0);
		snprintf(want + n, sizeof(want) - n, "%zu,", i);
		if (strlen(want) > 400)
			break;
	}
	ck_assert_str_eq(b.ptr, want);
	ck_assert_uint_eq(b.len, strlen(want));
	/* exactly the free room: one byte short of it needs the NUL too */
	room = b.size - b.len;
	ck_assert_int_eq(ct_buf_printf(&b, "%*s", (int)(room - 1), "x"), 0);
	ck_assert_uint_eq(b.len, b.size - 1);
	ck_assert_int_eq(ct_buf_printf(&b, "%s", "y"), 0);
	ck_assert_uint_eq(b.ptr[b.len - 1], 'y');
	ck_assert_uint_eq(b.ptr[b.len], '\0');
	ct_buf_dispose(&b);

	/* over the cap: refused, the bytes before left as they were */
	b.cap = 10;
	ck_assert_int_eq(ct_buf_puts(&b, "abc"), 0);
	ck_assert_int_eq(ct_buf_printf(&b, "%s", "defghijklmnop"), CT_ETOOBIG);
	ck_assert_uint_eq(b.len, 3);
	ck_assert_str_eq(b.ptr, "abc");
	ck_assert_int_eq(ct_buf_printf(&b, "%d", 1234567), 0);
	ck_assert_str_eq(b.ptr, "abc1234567");
	ck_assert_int_eq(ct_buf_printf(&b, "%c", 'z'), CT_ETOOBIG);
	ck_assert_str_eq(b.ptr, "abc1234567");
	ct_buf_dispose(&b);
}
END_TEST

Suite *make_render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("line");

	tcase_add_test(tc, test_buf_printf);
	suite_add_tcase(s, tc);
	return s;
}
