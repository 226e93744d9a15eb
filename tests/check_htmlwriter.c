/* SPDX-License-Identifier: MIT */
/* The escaping writer every HTML, SVG and Atom report goes through. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "../core/html_writer.h"

static char *escaped(const char *s, size_t n, int attr)
{
	ct_buf b = CT_BUF_INIT;

	ck_assert_int_eq(ct_html_escape(&b, s, n, attr), 0);
	ct_buf_putc(&b, '\0');
	return ct_buf_detach(&b);
}

START_TEST(test_escape_text_and_attributes)
{
	char *t = escaped("a<b>&\"c'", 8, 0), *a = escaped("a<b>&\"c'", 8, 1);

	ck_assert_str_eq(t, "a&lt;b&gt;&amp;\"c'");
	ck_assert_str_eq(a, "a&lt;b&gt;&amp;&quot;c&#39;");
	free(t);
	free(a);
	/* an entity already written is escaped again: text is text */
	t = escaped("&amp;", 5, 0);
	ck_assert_str_eq(t, "&amp;amp;");
	free(t);
}
END_TEST

START_TEST(test_escape_bad_bytes_and_controls)
{
	/* invalid UTF-8, a lone continuation byte, NUL, ESC, a C1 control;
	 * tab and newline stay, valid multibyte text stays */
	static const char in[] = "x\xff" "y\x80" "z\x00" "a\x1b" "b\xc2\x85" "c\t\n\xe2\x82\xac\xf0\x9f\x98\x80";
	char *t = escaped(in, sizeof(in) - 1, 0);

	ck_assert_str_eq(t, "x\xef\xbf\xbdy\xef\xbf\xbdz\xef\xbf\xbd" "a\xef\xbf\xbd"
		"b\xef\xbf\xbd" "c\t\n\xe2\x82\xac\xf0\x9f\x98\x80");
	free(t);
	/* a sequence cut short at the end of the input */
	t = escaped("ok\xe2\x82", 4, 0);
	ck_assert_str_eq(t, "ok\xef\xbf\xbd\xef\xbf\xbd");
	free(t);
}
END_TEST

START_TEST(test_elements_and_attributes)
{
	ct_buf b = CT_BUF_INIT;
	ct_html h;

	ct_html_init(&h, &b, CT_HTML_MODE_HTML);
	ct_html_open(&h, "p", "class", "x\"y", "title", NULL, "id", "<i>", NULL);
	ct_html_text(&h, "1 < 2");
	ct_html_empty(&h, "br", NULL);
	ct_html_elem(&h, "b", "a&b", NULL);
	ct_html_textf(&h, " %d%%<", 5);
	ct_html_close(&h, "p");
	ck_assert_int_eq(ct_html_finish(&h), 0);
	ck_assert_str_eq(b.ptr, "<p class=\"x&quot;y\" id=\"&lt;i&gt;\">1 &lt; 2<br><b>a&amp;b</b> 5%&lt;</p>");
	ct_buf_clear(&b);
	ct_html_init(&h, &b, CT_HTML_MODE_XML);
	ct_html_open(&h, "feed", NULL);
	ct_html_empty(&h, "link", "href", "http://e/?a=1&b=2", NULL);
	ct_html_open(&h, "entry", NULL);
	ct_html_open(&h, "title", NULL);
	ct_html_close_to(&h, "feed");
	ck_assert_int_eq(ct_html_finish(&h), 0);
	ck_assert_str_eq(b.ptr, "<feed><link href=\"http://e/?a=1&amp;b=2\"/><entry><title></title></entry></feed>");
	ct_buf_dispose(&b);
}
END_TEST

START_TEST(test_misuse_is_an_error)
{
	ct_buf b = CT_BUF_INIT;
	ct_html h;

	/* a mismatched close, then nothing more is written */
	ct_html_init(&h, &b, CT_HTML_MODE_HTML);
	ct_html_open(&h, "div", NULL);
	ct_html_close(&h, "span");
	ct_html_text(&h, "after");
	ck_assert_int_eq(ct_html_finish(&h), CT_EINVAL);
	ck_assert(strstr(b.ptr, "after") == NULL);
	ct_buf_clear(&b);
	/* an element left open */
	ct_html_init(&h, &b, CT_HTML_MODE_HTML);
	ct_html_open(&h, "div", NULL);
	ck_assert_int_eq(ct_html_finish(&h), CT_EINVAL);
	ct_buf_clear(&b);
	/* names are checked: no markup smuggled through a tag or attribute */
	ct_html_init(&h, &b, CT_HTML_MODE_HTML);
	ct_html_open(&h, "a onclick=x", NULL);
	ck_assert_int_eq(ct_html_finish(&h), CT_EINVAL);
	ct_html_init(&h, &b, CT_HTML_MODE_HTML);
	ct_html_empty(&h, "img", "src\"", "x", NULL);
	ck_assert_int_eq(ct_html_finish(&h), CT_EINVAL);
	ct_buf_dispose(&b);
}
END_TEST

START_TEST(test_url_policy)
{
	ck_assert(ct_html_url_ok("https://example.com/a?b"));
	ck_assert(ct_html_url_ok("http://example.com"));
	ck_assert(ct_html_url_ok("/doc/x"));
	ck_assert(!ct_html_url_ok("//evil.example/"));
	ck_assert(!ct_html_url_ok("javascript:alert(1)"));
	ck_assert(!ct_html_url_ok(" javascript:alert(1)"));
	ck_assert(!ct_html_url_ok("data:text/html,x"));
	ck_assert(!ct_html_url_ok("https://"));
	ck_assert(!ct_html_url_ok(NULL));
}
END_TEST

Suite *make_htmlwriter_suite(void)
{
	Suite *s = suite_create("htmlwriter");
	TCase *tc = tcase_create("escape");

	tcase_add_test(tc, test_escape_text_and_attributes);
	tcase_add_test(tc, test_escape_bad_bytes_and_controls);
	tcase_add_test(tc, test_elements_and_attributes);
	tcase_add_test(tc, test_misuse_is_an_error);
	tcase_add_test(tc, test_url_policy);
	suite_add_tcase(s, tc);
	return s;
}
