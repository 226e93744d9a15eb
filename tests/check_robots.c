/* SPDX-License-Identifier: MIT */
/* robots.txt (RFC 9309): groups, longest match, wildcards, limits; URL origins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static ct_robots *parse(const char *txt)
{
	ct_robots *r = NULL;

	ck_assert_int_eq(ct_robots_parse(&r, txt, strlen(txt), "claimtrack"), 0);
	ck_assert_ptr_nonnull(r);
	return r;
}

START_TEST(test_groups)
{
	/* our own group, named in any case and with a version, beats "*" */
	ct_robots *r = parse("User-agent: *\nDisallow: /\n\n"
		"user-agent: otherbot\nuser-AGENT: ClaimTrack/2.1\nDisallow: /drafts\n"
		"Crawl-delay: 3\n");

	ck_assert_int_eq(ct_robots_allowed(r, "/"), 1);
	ck_assert_int_eq(ct_robots_allowed(r, "/news/a.html"), 1);
	ck_assert_int_eq(ct_robots_allowed(r, "/drafts/x"), 0);
	ck_assert(ct_robots_crawl_delay(r) == 3.0);
	ct_robots_free(r);

	/* no group of ours: the one for everyone */
	r = parse("User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /admin\n"
		"Crawl-delay: 0.5\n");
	ck_assert_int_eq(ct_robots_allowed(r, "/news"), 1);
	ck_assert_int_eq(ct_robots_allowed(r, "/admin/login"), 0);
	ck_assert(ct_robots_crawl_delay(r) == 0.5);
	ct_robots_free(r);

	/* no group that applies, an empty file, rules before any user-agent */
	r = parse("Disallow: /\nUser-agent: otherbot\nDisallow: /\n");
	ck_assert_int_eq(ct_robots_allowed(r, "/anything"), 1);
	ck_assert(ct_robots_crawl_delay(r) < 0);
	ct_robots_free(r);
	r = parse("");
	ck_assert_int_eq(ct_robots_allowed(r, "/"), 1);
	ct_robots_free(r);

	/* two groups of ours merge; an empty Disallow forbids nothing */
	r = parse("User-agent: claimtrack\nDisallow:\n\nUser-agent: claimtrack\nDisallow: /b\n");
	ck_assert_int_eq(ct_robots_allowed(r, "/a"), 1);
	ck_assert_int_eq(ct_robots_allowed(r, "/b"), 0);
	ct_robots_free(r);
}
END_TEST

START_TEST(test_longest_match_and_patterns)
{
	ct_robots *r = parse("# comment line\r\n"
		"User-agent: *   # trailing comment\r\n"
		"Disallow: /private\r\n"
		"Allow: /private/open\r\n"
		"Disallow: /*.pdf$\r\n"
		"Disallow: /search*q=\r\n"
		"Allow: /page\r\n"
		"Disallow: /page\r\n"
		"Disallow: /\r\n"
		"Allow: /$\r\n"
		"Allow: /news/\r\n");

	ck_assert_int_eq(ct_robots_allowed(r, "/private"), 0);
	ck_assert_int_eq(ct_robots_allowed(r, "/privateer"), 0);
	ck_assert_int_eq(ct_robots_allowed(r, "/private/open/x"), 1);
	ck_assert_int_eq(ct_robots_allowed(r, "/news/files/a.pdf"), 0);
	ck_assert_int_eq(ct_robots_allowed(r, "/news/files/a.pdf?x=1"), 1);
	ck_assert_int_eq(ct_robots_allowed(r, "/search/all?lang=en&q=ice"), 0);
	/* equal lengths: allow wins */
	ck_assert_int_eq(ct_robots_allowed(r, "/page"), 1);
	/* "/$" is the front page only */
	ck_assert_int_eq(ct_robots_allowed(r, "/"), 1);
	ck_assert_int_eq(ct_robots_allowed(r, "/other"), 0);
	/* robots.txt itself is always allowed */
	ck_assert_int_eq(ct_robots_allowed(r, "/robots.txt"), 1);
	ct_robots_free(r);
}
END_TEST

START_TEST(test_hostile_files)
{
	ct_buf b = CT_BUF_INIT;
	ct_robots *r;
	char path[4100];
	int i;

	/* many stars against a long path that never matches: a backtracking
	 * matcher without a bound would take forever here */
	r = parse("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b$\n");
	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	ck_assert_int_eq(ct_robots_allowed(r, path), 1);
	path[sizeof(path) - 2] = 'b';
	ck_assert_int_eq(ct_robots_allowed(r, path), 0);
	ct_robots_free(r);

	/* only the first 500 KiB are read */
	ck_assert_int_eq(ct_buf_puts(&b, "User-agent: *\nDisallow: /early\n"), 0);
	for (i = 0; b.len < 600 * 1024; i++)
		ck_assert_int_eq(ct_buf_puts(&b, "# padding padding padding padding padding\n"), 0);
	ck_assert_int_eq(ct_buf_puts(&b, "Disallow: /late\n"), 0);
	ck_assert_int_eq(ct_robots_parse(&r, b.ptr, b.len, "claimtrack"), 0);
	ck_assert_int_eq(ct_robots_allowed(r, "/early"), 0);
	ck_assert_int_eq(ct_robots_allowed(r, "/late"), 1);
	ct_robots_free(r);
	ct_buf_dispose(&b);

	/* binary garbage and NUL bytes: no rules, no crash */
	ck_assert_int_eq(ct_robots_parse(&r, "\0\xff\xfe:\n\x01Disallow\0: /", 18, "claimtrack"), 0);
	ck_assert_int_eq(ct_robots_allowed(r, "/x"), 1);
	ct_robots_free(r);
}
END_TEST

START_TEST(test_url_split)
{
	char *o = NULL, *p = NULL;

	ck_assert_int_eq(ct_url_split(&o, &p, "https://User:pw@Example.COM:8080/a/B?x=1#frag"), 0);
	ck_assert_str_eq(o, "https://example.com:8080");
	ck_assert_str_eq(p, "/a/B?x=1");
	free(o);
	free(p);
	ck_assert_int_eq(ct_url_split(&o, &p, "http://example.com"), 0);
	ck_assert_str_eq(o, "http://example.com");
	ck_assert_str_eq(p, "/");
	free(o);
	free(p);
	ck_assert_int_eq(ct_url_split(&o, &p, "http://example.com?q=1"), 0);
	ck_assert_str_eq(p, "/?q=1");
	free(o);
	free(p);
	ck_assert_int_eq(ct_url_split(&o, &p, "no-scheme/path"), CT_EINVAL);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(ct_url_split(&o, &p, "http:///path"), CT_EINVAL);
	ck_assert_ptr_null(p);
}
END_TEST

Suite *make_robots_suite(void)
{
	Suite *s = suite_create("robots");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_groups);
	tcase_add_test(tc, test_longest_match_and_patterns);
	tcase_add_test(tc, test_hostile_files);
	tcase_add_test(tc, test_url_split);
	suite_add_tcase(s, tc);
	return s;
}
