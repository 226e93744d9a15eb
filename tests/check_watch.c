/* SPDX-License-Identifier: MIT */
/*
 * Watch lists, canonical URLs and the ids made from them: the parser is
 * strict and every error names FILE:LINE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void id_is(const char *url, const char *want)
{
	char *id = NULL;

	ck_assert_msg(ct_url_default_id(&id, url) == 0, "%s: %s", url, ct_error_last());
	ck_assert_msg(!strcmp(id, want), "%s: got %s, want %s", url, id, want);
	ck_assert_int_eq(ct_archive_id_check(id), 0);
	free(id);
}

static void canonical_is(const char *url, const char *want)
{
	char *c = NULL;

	ck_assert_msg(ct_url_canonical(&c, url) == 0, "%s: %s", url, ct_error_last());
	ck_assert_msg(!strcmp(c, want), "%s: got %s, want %s", url, c, want);
	free(c);
}

START_TEST(test_canonical_urls)
{
	char *c = NULL;

	canonical_is("HTTPS://User:Secret@WWW.Example.COM:443/a/B?utm_source=x&id=4&fbclid=z#top",
		"https://www.example.com/a/B?id=4");
	canonical_is("http://example.com", "http://example.com/");
	canonical_is("http://example.com:80?x=1", "http://example.com/?x=1");
	canonical_is("http://example.com:8080/feed.xml", "http://example.com:8080/feed.xml");
	canonical_is("https://example.com:80/", "https://example.com:80/");
	canonical_is("http://[::1]:8080/x", "http://[::1]:8080/x");
	canonical_is("http://example.com/?utm_medium=a", "http://example.com/");
	ck_assert_int_eq(ct_url_canonical(&c, "ftp://example.com/x"), CT_EINVAL);
	ck_assert(strstr(ct_error_last(), "only http and https") != NULL);
	ck_assert_int_eq(ct_url_canonical(&c, "file:///etc/passwd"), CT_EINVAL);
	ck_assert_int_eq(ct_url_canonical(&c, "http:///path"), CT_EINVAL);
	ck_assert_int_eq(ct_url_canonical(&c, "http://exa mple.com/"), CT_EINVAL);
	ck_assert_int_eq(ct_url_canonical(&c, "http://example.com:8x/"), CT_EINVAL);
	ck_assert_ptr_null(c);
}
END_TEST

START_TEST(test_strip_credentials)
{
	char *s = NULL;

	ck_assert_int_eq(ct_url_strip_credentials(&s, "https://u:p@host.example/a@b?c@d"), 0);
	ck_assert_str_eq(s, "https://host.example/a@b?c@d");
	free(s);
	ck_assert_int_eq(ct_url_strip_credentials(&s, "http://a@b@host/"), 0);
	ck_assert_str_eq(s, "http://host/");
	free(s);
	ck_assert_int_eq(ct_url_strip_credentials(&s, "http://host/x"), 0);
	ck_assert_str_eq(s, "http://host/x");
	free(s);
}
END_TEST

START_TEST(test_default_ids)
{
	char *id = NULL, url[600];

	id_is("https://www.nbcnews.com/politics/congress/senate-vote-rcna123",
		"nbcnews.com-politics-congress-senate-vote-rcna123");
	id_is("https://www.nbcnews.com/politics/", "nbcnews.com-politics");
	id_is("http://127.0.0.1:43921/feed.xml", "127.0.0.1-feed.xml");
	id_is("https://example.com/", "example.com");
	id_is("https://example.com/news/index.html", "example.com-news");
	id_is("https://example.com/story.html?id=42&utm_source=tw", "example.com-story-id-42");
	id_is("https://user:pw@example.com/a..b/.hidden/x.lock", "example.com-a-b-hidden-x-lock");
	id_is("https://www.example.com/politics/ice-plan.html?x=1#top", "example.com-politics-ice-plan-x-1");
	/* long URLs: cut, and kept apart by a hash */
	memset(url, 'a', sizeof(url));
	memcpy(url, "https://example.com/", 20);
	url[400] = '\0';
	ck_assert_int_eq(ct_url_default_id(&id, url), 0);
	ck_assert_uint_eq(strlen(id), 200);
	ck_assert_int_eq(ct_archive_id_check(id), 0);
	url[399] = 'b';
	{
		char *other = NULL;

		ck_assert_int_eq(ct_url_default_id(&other, url), 0);
		ck_assert_str_ne(id, other);
		ck_assert_int_eq(strncmp(id, other, 190), 0);
		free(other);
	}
	free(id);
}
END_TEST

START_TEST(test_durations)
{
	int64_t d = 0;

	ck_assert_int_eq(ct_watch_parse_duration(&d, "90s"), 0);
	ck_assert_int_eq(d, 90);
	ck_assert_int_eq(ct_watch_parse_duration(&d, "1h30m"), 0);
	ck_assert_int_eq(d, 5400);
	ck_assert_int_eq(ct_watch_parse_duration(&d, "2d"), 0);
	ck_assert_int_eq(d, 172800);
	ck_assert_int_eq(ct_watch_parse_duration(&d, "1w"), 0);
	ck_assert_int_eq(d, 604800);
	ck_assert_int_eq(ct_watch_parse_duration(&d, "15"), CT_EINVAL);
	ck_assert_int_eq(ct_watch_parse_duration(&d, "m"), CT_EINVAL);
	ck_assert_int_eq(ct_watch_parse_duration(&d, "0s"), CT_EINVAL);
	ck_assert_int_eq(ct_watch_parse_duration(&d, "5y"), CT_EINVAL);
	ck_assert_int_eq(ct_watch_parse_duration(&d, ""), CT_EINVAL);
}
END_TEST

static const char good_list[] =
	"# sources for the morning desk\n"
	"\n"
	"https://www.nbcnews.com/politics/congress/senate-vote-rcna123\n"
	"  https://feeds.example.org/rss.xml   follow=no interval=15m  # the wire\n"
	"https://u:pw@example.com/live id=live type=html region=\"//div[@id='main']\" "
	"user-agent=\"Desk bot/1.0 (+mailto:desk@example.com)\" hook=\"notify-send \\\"figures\\\"\"\r\n"
	"https://example.com/b region=article.story follow=yes\n";

START_TEST(test_list_parses)
{
	ct_watch_list l;

	ck_assert_msg(ct_watch_list_parse(&l, good_list, strlen(good_list), "desk.list") == 0,
		"%s", ct_error_last());
	ck_assert_uint_eq(l.n, 4);
	ck_assert_str_eq(l.v[0].id, "nbcnews.com-politics-congress-senate-vote-rcna123");
	ck_assert_uint_eq(l.v[0].line, 3);
	ck_assert_int_eq(l.v[0].follow, -1);
	ck_assert_int_eq(l.v[0].interval, 0);
	ck_assert_str_eq(l.v[1].id, "feeds.example.org-rss.xml");
	ck_assert_int_eq(l.v[1].follow, 0);
	ck_assert_int_eq(l.v[1].interval, 900);
	ck_assert_str_eq(l.v[2].id, "live");
	ck_assert_int_eq(l.v[2].id_given, 1);
	ck_assert_str_eq(l.v[2].url, "https://u:pw@example.com/live");
	ck_assert_str_eq(l.v[2].canonical, "https://example.com/live");
	ck_assert_str_eq(l.v[2].type, "html");
	ck_assert_str_eq(l.v[2].region, "//div[@id='main']");
	ck_assert_str_eq(l.v[2].user_agent, "Desk bot/1.0 (+mailto:desk@example.com)");
	ck_assert_str_eq(l.v[2].hook, "notify-send \"figures\"");
	ck_assert_str_eq(l.v[3].region, "article.story");
	ck_assert_int_eq(l.v[3].follow, 1);
	ct_watch_list_dispose(&l);
	/* an empty list, and one of comments only, are valid */
	ck_assert_int_eq(ct_watch_list_parse(&l, "", 0, "e"), 0);
	ck_assert_uint_eq(l.n, 0);
	ct_watch_list_dispose(&l);
	ck_assert_int_eq(ct_watch_list_parse(&l, "# x\n  \n\t# y", 11, "e"), 0);
	ct_watch_list_dispose(&l);
}
END_TEST

static void bad(const char *text, const char *want)
{
	ct_watch_list l;
	int rc = ct_watch_list_parse(&l, text, strlen(text), "w.list");

	ck_assert_msg(rc == CT_EINVAL, "accepted: %s", text);
	ck_assert_msg(strstr(ct_error_last(), want) != NULL, "for %s\nwant %s\ngot %s", text, want,
		ct_error_last());
	ck_assert_uint_eq(l.n, 0);
	ck_assert_ptr_null(l.v);
}

START_TEST(test_list_errors)
{
	bad("http://a.example/\nftp://b.example/x\n", "w.list:2: ftp://b.example/x: only http and https");
	bad("\n\nhttp://a.example/ colour=red\n", "w.list:3: unknown key 'colour'");
	bad("http://a.example/ id=../x\n", "w.list:1: id=../x:");
	bad("http://a.example/ id=_watch\n", "w.list:1: id=_watch:");
	bad("http://a.example/ interval=15\n", "w.list:1: interval=15:");
	bad("http://a.example/ follow=maybe\n", "w.list:1: follow=maybe: say yes or no");
	bad("http://a.example/ id=a id=b\n", "w.list:1: id is given twice");
	bad("http://a.example/ hook=\"run it\n", "w.list:1: the quoted value of hook has no closing");
	bad("http://a.example/ hook=\"a\"b\n", "w.list:1: a space must follow the quoted value");
	bad("http://a.example/ type=HTML\n", "w.list:1: type=HTML:");
	bad("http://a.example/ region=div>p\n", "w.list:1: region=div>p:");
	bad("http://a.example/ justaword\n", "w.list:1: 'justaword' is not key=value");
	bad("http://a.example/ id=\n", "w.list:1: id has an empty value");
	bad("http://a.example/x\nhttp://b.example/ id=one\nhttp://A.example:80/x#frag\n",
		"w.list:3: http://a.example/x is on line 1 already");
	bad("http://a.example/x id=s\nhttp://b.example/y id=s\n", "w.list:2: id s is line 1's too");
	bad("http://a.example/x\nhttp://a.example:81/x\n",
		"w.list:2: id a.example-x is line 1's too (made from the URL: give this source an id=)");
	bad("http://a.example/\x01\n", "w.list:1: a control character");
}
END_TEST

START_TEST(test_list_load_names_file)
{
	char *dir = tmpdir_new(), path[4200];
	ct_watch_list l;

	snprintf(path, sizeof(path), "%s/sources", dir);
	ck_assert_int_lt(ct_watch_list_load(&l, path), 0);
	ck_assert(strstr(ct_error_last(), path) != NULL);
	spew(path, "https://example.com/a\nhttps://example.com/b interval=\n", 54);
	ck_assert_int_eq(ct_watch_list_load(&l, path), CT_EINVAL);
	{
		char want[4300];

		snprintf(want, sizeof(want), "%s:2: interval has an empty value", path);
		ck_assert_msg(strstr(ct_error_last(), want) != NULL, "%s", ct_error_last());
	}
	tmpdir_cleanup(dir);
}
END_TEST


static void xpath_is(const char *sel, const char *want)
{
	char *x = NULL;

	ck_assert_msg(ct_region_xpath(&x, sel) == 0, "%s: %s", sel, ct_error_last());
	ck_assert_msg(!strcmp(x, want), "%s: got %s, want %s", sel, x, want);
	free(x);
}

static void xpath_bad(const char *sel, const char *want)
{
	char *x = NULL;

	ck_assert_int_eq(ct_region_xpath(&x, sel), CT_EINVAL);
	ck_assert_ptr_null(x);
	ck_assert_msg(strstr(ct_error_last(), want) != NULL, "%s: %s", sel, ct_error_last());
}

#define HAS_CLASS(c) "[contains(concat(' ',normalize-space(@class),' '),' " c " ')]"

START_TEST(test_region_css_to_xpath)
{
	xpath_is("article", "//article");
	xpath_is("ARTICLE", "//article");
	xpath_is("#main", "//*[@id='main']");
	xpath_is(".story-body", "//*" HAS_CLASS("story-body"));
	xpath_is("div.content", "//div" HAS_CLASS("content"));
	xpath_is("div#main.wide.x_1", "//div[@id='main']" HAS_CLASS("wide") HAS_CLASS("x_1"));
	xpath_is("main  .story p", "//main//*" HAS_CLASS("story") "//p");
	/* XPath as given */
	xpath_is("//div[@data-x='1']", "//div[@data-x='1']");
	xpath_is("(//p)[2]", "(//p)[2]");
	xpath_bad("div>p", "div>p: '>' is not understood");
	xpath_bad("a[href]", "'[' is not understood");
	xpath_bad("p:first-child", "':' is not understood");
	xpath_bad("div.", "'.' without a class");
	xpath_bad("#", "'#' without an id");
	xpath_bad("  ", "an empty region");
	xpath_bad("//p\x01", "");
}
END_TEST

/* The html plugin reads the region instead of its guess, which for this
 * page is the essay beside the figures. */
START_TEST(test_region_parse)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_host *host = test_host();
	ct_doc *doc = NULL;
	size_t len, i;
	char *page = slurp(src_path("fixtures/html/region-wrong-guess.html"), &len);

	req.type = "html";
	req.name = "flood.html";
	ck_assert_int_eq(ct_host_parse(&doc, host, page, len, &req), 0);
	ck_assert(strstr(doc->blocks[0].text, "Rivers have always shaped") == doc->blocks[0].text);
	for (i = 0; i < doc->nblocks; i++)
		ck_assert(strstr(doc->blocks[i].text, "1,240") == NULL);
	ct_doc_free(doc);
	req.region = ".figures-box";
	ck_assert_msg(ct_host_parse(&doc, host, page, len, &req) == 0, "%s", ct_error_last());
	ck_assert_str_eq(doc->meta[CT_META_TITLE], "Flood figures: the county's count");
	ck_assert_uint_eq(doc->nblocks, 4);
	ck_assert_str_eq(doc->blocks[0].text, "The count");
	ck_assert_str_eq(doc->blocks[1].text, "Homes flooded: 1,240");
	ck_assert_int_eq(doc->blocks[1].kind, CT_BLOCK_ITEM);
	ck_assert_str_eq(doc->blocks[3].text, "Roads closed: 17");
	ct_doc_free(doc);
	/* a node inside another selected one is read once */
	req.region = "//li[2] | //ul";
	ck_assert_int_eq(ct_host_parse(&doc, host, page, len, &req), 0);
	ck_assert_uint_eq(doc->nblocks, 3);
	ct_doc_free(doc);
	req.region = "#nosuch";
	ck_assert_int_eq(ct_host_parse(&doc, host, page, len, &req), CT_EINVAL);
	ck_assert_str_eq(ct_error_last(), "flood.html: region //*[@id='nosuch'] selects nothing "
		"in this page");
	req.region = "count(//li)";
	ck_assert_int_eq(ct_host_parse(&doc, host, page, len, &req), CT_EINVAL);
	req.region = "(count(//li))";
	ck_assert_int_eq(ct_host_parse(&doc, host, page, len, &req), CT_EINVAL);
	ck_assert_str_eq(ct_error_last(), "flood.html: region (count(//li)) gives a value, "
		"not nodes of the page");
	/* a plugin that cannot read regions says so */
	req.type = "text";
	req.region = "//p";
	ck_assert_int_eq(ct_host_parse(&doc, host, "a 1\n", 4, &req), CT_EUNSUPPORTED);
	ck_assert(strstr(ct_error_last(), "plugin 'text' cannot read only a region") != NULL);
	/* checked without a page */
	ck_assert_int_eq(ct_host_check_region(host, NULL, "//ul/li"), 0);
	ck_assert_int_eq(ct_host_check_region(host, NULL, "div.content p"), 0);
	ck_assert_int_eq(ct_host_check_region(host, NULL, "//ul["), CT_EINVAL);
	ck_assert_str_eq(ct_error_last(), "region //ul[ is not an XPath libxml2 can evaluate "
		"(a bad expression at character 6)");
	ck_assert_int_eq(ct_host_check_region(host, "rss", "//item"), CT_EUNSUPPORTED);
	free(page);
	ct_host_free(host);
}
END_TEST

START_TEST(test_schedules)
{
	ct_watch_schedule s;

	ct_watch_default_schedule(&s);
	ck_assert_int_eq(ct_watch_age_interval(&s, 0), 900);
	ck_assert_int_eq(ct_watch_age_interval(&s, 3 * 3600 - 1), 900);
	ck_assert_int_eq(ct_watch_age_interval(&s, 3 * 3600), 3600);
	ck_assert_int_eq(ct_watch_age_interval(&s, 2 * 86400), 6 * 3600);
	ck_assert_int_eq(ct_watch_age_interval(&s, 10 * 86400), 86400);
	ck_assert_int_eq(ct_watch_age_interval(&s, 400 * 86400), 7 * 86400);
	ck_assert_int_eq(ct_watch_parse_schedule(&s, "1h=5m,1d=30m,*=12h"), 0);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_int_eq(ct_watch_age_interval(&s, 59 * 60), 300);
	ck_assert_int_eq(ct_watch_age_interval(&s, 7200), 1800);
	ck_assert_int_eq(ct_watch_age_interval(&s, 90000), 43200);
	ck_assert_int_eq(ct_watch_parse_schedule(&s, "1h=5m"), CT_EINVAL);
	ck_assert(strstr(ct_error_last(), "end it with '*=EVERY'") != NULL);
	ck_assert_int_eq(ct_watch_parse_schedule(&s, "1d=5m,1h=1h,*=1d"), CT_EINVAL);
	ck_assert(strstr(ct_error_last(), "the ages must rise") != NULL);
	ck_assert_int_eq(ct_watch_parse_schedule(&s, "*=1d,1h=5m"), CT_EINVAL);
	ck_assert_int_eq(ct_watch_parse_schedule(&s, "1h=,*=1d"), CT_EINVAL);
	ck_assert_int_eq(ct_watch_parse_schedule(&s, "1x=5m,*=1d"), CT_EINVAL);
	ck_assert_int_eq(ct_watch_parse_schedule(&s, ""), CT_EINVAL);
}
END_TEST


/* The README's watch list works as written. */
START_TEST(test_readme_list_parses)
{
	char *readme = slurp(src_path("README.md"), NULL), *p, *q;
	ct_buf list = CT_BUF_INIT;
	ct_watch_list l;

	p = strstr(readme, "`~/.config/claimtrack/watchlist` (where");
	ck_assert_ptr_nonnull(p);
	p = strstr(p, "\n\n");
	ck_assert_ptr_nonnull(p);
	for (p += 2; !strncmp(p, "        ", 8); p = q + 1) {
		q = strchr(p, '\n');
		ck_assert_ptr_nonnull(q);
		ck_assert_int_eq(ct_buf_put(&list, p + 8, (size_t)(q - p - 7)), 0);
	}
	ck_assert_msg(ct_watch_list_parse(&l, list.ptr, list.len, "README.md") == 0, "%s",
		ct_error_last());
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.v[0].id, "npr-news");
	ck_assert_str_eq(l.v[1].id, "bbc.com-news-world");
	ck_assert_str_eq(l.v[1].hook, "logger -t claimtrack changed: $CLAIMTRACK_ID");
	ck_assert_int_eq(l.v[2].follow, 0);
	ct_watch_list_dispose(&l);
	ct_buf_dispose(&list);
	free(readme);
}
END_TEST

Suite *make_watch_suite(void)
{
	Suite *s = suite_create("watch");
	TCase *tc = tcase_create("list");

	tcase_add_test(tc, test_canonical_urls);
	tcase_add_test(tc, test_strip_credentials);
	tcase_add_test(tc, test_default_ids);
	tcase_add_test(tc, test_durations);
	tcase_add_test(tc, test_schedules);
	tcase_add_test(tc, test_region_css_to_xpath);
	tcase_add_test(tc, test_region_parse);
	tcase_add_test(tc, test_readme_list_parses);
	tcase_add_test(tc, test_list_parses);
	tcase_add_test(tc, test_list_errors);
	tcase_add_test(tc, test_list_load_names_file);
	suite_add_tcase(s, tc);
	return s;
}
