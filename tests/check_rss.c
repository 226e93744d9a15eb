/* SPDX-License-Identifier: MIT */
/* The RSS/Atom plugin: dialects, HTML bodies, encodings, malformed and
 * hostile feeds, through the real binary and through the library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

/* `claimtrack text --format json FIXTURE` must print exactly FIXTURE.json. */
static void check_json(const char *feed, const char *expected)
{
	char rel[256], *want;
	run_result r;
	const char *argv[] = { "text", "--format", "json", NULL, NULL };

	snprintf(rel, sizeof(rel), "fixtures/feeds/%s", feed);
	argv[3] = src_path(rel);
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_msg(r.status == 0, "%s: exit %d: %s", feed, r.status, r.err);
	snprintf(rel, sizeof(rel), "fixtures/feeds/%s", expected);
	want = slurp(src_path(rel), NULL);
	ck_assert_text_eq(r.out, want);
	free(want);
	run_result_free(&r);
}

/* The binary fails with exit 2 and a message containing why. */
static void check_refused(const char *feed, const char *why)
{
	char rel[256];
	run_result r;
	const char *argv[] = { "text", "--type", "rss", "--format", "json", NULL, NULL };
	struct timespec t0, t1;
	double secs;

	snprintf(rel, sizeof(rel), "fixtures/feeds/%s", feed);
	argv[5] = src_path(rel);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_claimtrack(&r, argv, NULL, 0, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_msg(r.status == 2, "%s: exit %d, want 2 (stderr: %s)", feed, r.status, r.err);
	ck_assert_msg(strstr(r.err, why) != NULL, "%s: stderr lacks '%s': %s", feed, why, r.err);
	ck_assert_msg(strstr(r.err, feed) != NULL, "%s: stderr does not name the file: %s",
		feed, r.err);
	ck_assert_str_eq(r.out, "");
	/* hostile input fails fast, it is not ground through (sanitizers are slow: be lenient) */
	ck_assert_msg(secs < 5.0, "%s took %.1f s", feed, secs);
	run_result_free(&r);
}

START_TEST(test_rss091_netscape_dtd)
{
	/* the remote DTD is not fetched; its HTML entities are still read */
	check_json("rss091.rss", "rss091.json");
}
END_TEST

START_TEST(test_rss20_content_encoded)
{
	check_json("rss20.xml", "rss20.json");
}
END_TEST

START_TEST(test_rdf10)
{
	check_json("rdf10.rdf", "rdf10.json");
}
END_TEST

START_TEST(test_atom10_xml_base)
{
	check_json("atom10.atom", "atom10.json");
}
END_TEST

START_TEST(test_atom03_modes)
{
	check_json("atom03.xml", "atom03.json");
}
END_TEST

/* Item HTML written to trip tag-soup readers: text after an iframe, in
 * SVG, after malformed comments and bogus "<!" markup, and around a stray
 * </script> all reach the item (scripts and styles do not). */
START_TEST(test_hostile_item_markup)
{
	check_json("hostile-markup.xml", "hostile-markup.json");
}
END_TEST

START_TEST(test_latin1_declared)
{
	check_json("latin1.xml", "latin1.json");
}
END_TEST

/* One feed in every encoding the host's decoding must read: the same JSON. */
static const struct { const char *file, *want; } charset_cases[] = {
	{ "charset-utf16le.xml", "charset-western.json" },
	{ "charset-utf16be.xml", "charset-western.json" },
	{ "charset-utf32le.xml", "charset-western.json" },
	{ "charset-utf32be.xml", "charset-western.json" },
	{ "charset-cp1252.xml", "charset-western.json" },
	{ "charset-sjis.xml", "charset-japanese.json" },
	/* no declaration, not UTF-8: sniffed as Shift_JIS */
	{ "charset-sjis-undeclared.xml", "charset-japanese.json" },
};

START_TEST(test_charsets)
{
	check_json(charset_cases[_i].file, charset_cases[_i].want);
}
END_TEST

/* A feed without declaration, served with a charset. */
START_TEST(test_content_type_charset)
{
	ct_host *h = test_host();
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	static const char feed[] = "<rss version=\"2.0\"><channel><title>Caf\xe9 news</title>"
		"<item><title>Z\xfcrich: 3,000 at the caf\xe9s</title><guid>z-1</guid></item>"
		"</channel></rss>";
	ct_doc *doc = NULL;

	req.type = "rss";
	req.content_type = "application/rss+xml; charset=ISO-8859-15";
	ck_assert_int_eq(ct_host_parse(&doc, h, feed, sizeof(feed) - 1, &req), 0);
	ck_assert_str_eq(doc->meta[CT_META_TITLE], "Caf\xc3\xa9 news");
	ck_assert_uint_eq(doc->nsections, 1);
	ck_assert_str_eq(doc->sections[0].meta[CT_META_TITLE], "Z\xc3\xbcrich: 3,000 at the caf\xc3\xa9s");
	ck_assert_uint_eq(doc->nwarnings, 0);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_cp1252_undeclared)
{
	check_json("cp1252-undeclared.xml", "cp1252-undeclared.json");
}
END_TEST

START_TEST(test_dates)
{
	check_json("dates.xml", "dates.json");
}
END_TEST

START_TEST(test_malformed_recovered)
{
	ct_host *h = test_host();
	ct_doc *doc = parse_fixture(h, "fixtures/feeds/malformed.xml", "rss");

	/* a bare '&' is read as a character; the unclosed <b> loses no item */
	ck_assert_str_eq(doc->meta[CT_META_TITLE], "Broken & Co");
	ck_assert_uint_eq(doc->nsections, 2);
	ck_assert_str_eq(doc->sections[1].meta[CT_META_ID], "broken-2");
	ck_assert_uint_ge(doc->nwarnings, 1);
	ck_assert_ptr_nonnull(strstr(doc->warnings[0], "not well-formed"));
	ct_doc_free(doc);
	ct_host_free(h);
	check_json("malformed.xml", "malformed.json");
}
END_TEST

START_TEST(test_truncated_recovered)
{
	check_json("truncated.xml", "truncated.json");
}
END_TEST

static ct_doc *parse_str(ct_host *h, const char *s)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;

	req.type = "rss";
	req.name = "inline";
	ck_assert_msg(ct_host_parse(&doc, h, s, strlen(s), &req) == 0, "%s", ct_error_last());
	return doc;
}

START_TEST(test_text_constructs)
{
	ct_host *h = test_host();
	ct_doc *doc;

	/* Atom 0.3 escaped HTML: the XML text is HTML, decoded once more */
	doc = parse_str(h, "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry>"
		"<title type=\"text/html\" mode=\"escaped\">AT&amp;amp;T &amp;lt;3</title>"
		"<summary mode=\"base64\">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</summary></entry></feed>");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_TITLE], "AT&T <3");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_SUMMARY], "Example Atom");
	ct_doc_free(doc);

	/* Atom 1.0 text is text, whatever it looks like; xhtml is markup */
	doc = parse_str(h, "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
		"<title type=\"text\">&lt;b&gt;bold&lt;/b&gt;</title>"
		"<summary type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
		"Up <em>12%</em> &lt;y/y&gt;</div></summary></entry></feed>");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_TITLE], "<b>bold</b>");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_SUMMARY], "Up 12% <y/y>");
	ct_doc_free(doc);

	/* RSS: naked markup, undeclared prefixes, a permalink guid */
	doc = parse_str(h, "<rss version=\"2.0\"><channel><item>"
		"<guid>http://example.com/p/1</guid><dc:creator>Ann Lee</dc:creator>"
		"<description><p>Naked <b>markup</b></p></description></item></channel></rss>");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_SUMMARY], "Naked markup");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_AUTHOR], "Ann Lee");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_URL], "http://example.com/p/1");
	ct_doc_free(doc);

	/* a namespace URI we do not know under a prefix we do */
	doc = parse_str(h, "<rss xmlns:itunes=\"http://example.com/DTDs/PodCast-1.0.dtd\">"
		"<channel><itunes:author>Pod Desk</itunes:author><item><guid>g</guid>"
		"<itunes:summary>Episode 40</itunes:summary></item></channel></rss>");
	ck_assert_str_eq(doc->meta[CT_META_AUTHOR], "Pod Desk");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_SUMMARY], "Episode 40");
	ct_doc_free(doc);

	/* CDF: links and dates in attributes, upper-case names */
	doc = parse_str(h, "<CHANNEL HREF=\"http://cdf.example.com/\"><TITLE>Channel</TITLE>"
		"<ITEM HREF=\"http://cdf.example.com/1\" LASTMOD=\"2002-07-08T23:08:00\">"
		"<TITLE>One</TITLE><ABSTRACT>First of 3</ABSTRACT></ITEM></CHANNEL>");
	ck_assert_str_eq(doc->meta[CT_META_URL], "http://cdf.example.com/");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_URL], "http://cdf.example.com/1");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_UPDATED], "2002-07-08T23:08:00Z");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_SUMMARY], "First of 3");
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_sections_and_blocks)
{
	ct_host *h = test_host();
	ct_doc *doc = parse_fixture(h, "fixtures/feeds/rss20.xml", "rss");
	size_t i, headings = 0, first_body = 0;

	ck_assert_str_eq(doc->type, "rss");
	ck_assert_uint_eq(doc->nsections, 3);
	/* guid, else the link, is the section id */
	ck_assert_str_eq(doc->sections[0].meta[CT_META_ID], "metro-4411");
	ck_assert_str_eq(doc->sections[2].meta[CT_META_ID],
		"https://news.example.org/metro/parade");
	/* media:title stands in for a missing title */
	ck_assert_str_eq(doc->sections[2].meta[CT_META_TITLE], "Photo: 40,000 at the parade");
	/* the summary is plain text even though the description is HTML */
	ck_assert_str_eq(doc->sections[0].meta[CT_META_SUMMARY],
		"Officials said 3,000 agents would be sent.");
	for (i = 0; i < doc->nblocks; i++) {
		const ct_block *b = &doc->blocks[i];

		if (b->kind == CT_BLOCK_HEADING && b->section >= 0 &&
		    strcmp(b->text, doc->sections[b->section].meta[CT_META_TITLE]) == 0)
			headings++;
		if (b->section == 0 && !first_body && b->kind == CT_BLOCK_PARAGRAPH)
			first_body = i;
		ck_assert_ptr_null(strchr(b->text, '<'));
	}
	ck_assert_uint_eq(headings, 3);
	/* the body is content:encoded, the fuller text, not the description */
	ck_assert_str_eq(doc->blocks[first_body].text,
		"Officials said 3,000 agents would be sent, up from 2,000 in May.");
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_sniffed_without_type)
{
	ct_host *h = test_host();
	const char *feeds[] = {
		"fixtures/feeds/rss20.xml", "fixtures/feeds/rdf10.rdf",
		"fixtures/feeds/atom10.atom", NULL
	};
	size_t i, len;

	for (i = 0; feeds[i]; i++) {
		char *data = slurp(src_path(feeds[i]), &len);
		const ct_plugin *p = ct_host_sniff(h, data, len, NULL);

		ck_assert_msg(p && strcmp(p->name, "rss") == 0, "%s sniffed as %s", feeds[i],
			p ? p->name : "nothing");
		free(data);
	}
	ct_host_free(h);
}
END_TEST

START_TEST(test_hostile_xxe)
{
	check_refused("hostile-xxe.xml", "external entity 'xxe'");
}
END_TEST

START_TEST(test_hostile_billion_laughs)
{
	check_refused("hostile-billion-laughs.xml", "entity expansion");
}
END_TEST

START_TEST(test_hostile_remote_pe)
{
	check_refused("hostile-remote-pe.xml", "external parameter entity 'remote'");
}
END_TEST

START_TEST(test_hostile_remote_dtd_ignored)
{
	/* a remote external subset is neither fetched nor fatal */
	check_json("hostile-remote-dtd.xml", "hostile-remote-dtd.json");
}
END_TEST

START_TEST(test_not_a_feed)
{
	check_refused("not-a-feed.xml", "not an RSS, Atom or RDF feed");
	check_refused("not-xml.rss", "not XML");
	check_refused("garbage.rss", "binary data");
}
END_TEST

START_TEST(test_size_cap)
{
	ct_host *h = test_host();
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	const char head[] = "<rss version=\"2.0\"><channel><title>big</title>";
	size_t len = 33u * 1024 * 1024;
	char *data = malloc(len);
	ct_doc *doc = NULL;

	ck_assert_ptr_nonnull(data);
	memset(data, ' ', len);
	memcpy(data, head, sizeof(head) - 1);
	req.type = "rss";
	req.name = "big.xml";
	ck_assert_int_eq(ct_host_parse(&doc, h, data, len, &req), CT_ETOOBIG);
	ck_assert_ptr_null(doc);
	ck_assert_ptr_nonnull(strstr(ct_error_last(), "limit for feeds"));
	free(data);
	ct_host_free(h);
}
END_TEST

START_TEST(test_entity_budget)
{
	/* No loop, but every reference multiplies: libxml2 may let it through,
	 * our own expansion budget must not. */
	ct_host *h = test_host();
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	char *data, *p;
	size_t i, cap = 4u << 20;
	ct_doc *doc = NULL;
	int err;

	data = malloc(cap);
	ck_assert_ptr_nonnull(data);
	p = data;
	p += sprintf(p, "<!DOCTYPE rss [<!ENTITY big \"");
	for (i = 0; i < 20000; i++)
		*p++ = 'x';
	p += sprintf(p, "\">]><rss><channel><title>t</title><item><title>");
	for (i = 0; i < 20000; i++)
		p += sprintf(p, "&big;");
	p += sprintf(p, "</title></item></channel></rss>");
	req.type = "rss";
	req.name = "quadratic.xml";
	err = ct_host_parse(&doc, h, data, (size_t)(p - data), &req);
	ck_assert_int_lt(err, 0);
	ck_assert_ptr_null(doc);
	ck_assert_msg(strstr(ct_error_last(), "entity") != NULL, "message: %s", ct_error_last());
	free(data);
	ct_host_free(h);
}
END_TEST

START_TEST(test_stdin_and_reentrant)
{
	/* two documents parsed by one host do not leak state into each other */
	ct_host *h = test_host();
	ct_doc *a = parse_fixture(h, "fixtures/feeds/atom10.atom", "rss");
	ct_doc *b = parse_fixture(h, "fixtures/feeds/rdf10.rdf", "rss");
	ct_doc *a2 = parse_fixture(h, "fixtures/feeds/atom10.atom", "rss");
	size_t i;

	ck_assert_uint_eq(a->nblocks, a2->nblocks);
	for (i = 0; i < a->nblocks; i++)
		ck_assert_str_eq(a->blocks[i].text, a2->blocks[i].text);
	ck_assert_str_eq(b->meta[CT_META_TITLE], "Science Notes");
	ck_assert_str_eq(a->meta[CT_META_LANGUAGE], "en-GB");
	ct_doc_free(a);
	ct_doc_free(a2);
	ct_doc_free(b);
	ct_host_free(h);
}
END_TEST

/* Item bodies: <embed> is void (what follows it is text), <object> keeps its
 * fallback text; items with neither guid nor link get their title as id. */
START_TEST(test_item_embed_object_and_id_fallback)
{
	const char *xml = "<rss version=\"2.0\"><channel><title>t</title>"
		"<item><title>Storm</title><description>safe&lt;embed src=x&gt; description "
		"with 5 cats</description></item>"
		"<item><description>&lt;object&gt;fallback 7 dogs&lt;param name=a&gt;&lt;/object&gt;"
		" after</description></item></channel></rss>";
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_host *h = test_host();
	ct_doc *doc = NULL;

	req.type = "rss";
	req.name = "inline.xml";
	ck_assert_int_eq(ct_host_parse(&doc, h, xml, strlen(xml), &req), 0);
	ck_assert_uint_eq(doc->nsections, 2);
	ck_assert_str_eq(doc->sections[0].meta[CT_META_SUMMARY], "safe description with 5 cats");
	ck_assert_str_eq(doc->sections[0].meta[CT_META_ID], "Storm");
	ck_assert_str_eq(doc->sections[1].meta[CT_META_SUMMARY], "fallback 7 dogs after");
	ck_assert_str_eq(doc->sections[1].meta[CT_META_ID], "item-2");
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

Suite *make_rss_suite(void)
{
	Suite *s = suite_create("rss");
	TCase *tc = tcase_create("dialects");

	tcase_add_test(tc, test_rss091_netscape_dtd);
	tcase_add_test(tc, test_rss20_content_encoded);
	tcase_add_test(tc, test_rdf10);
	tcase_add_test(tc, test_atom10_xml_base);
	tcase_add_test(tc, test_atom03_modes);
	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_sections_and_blocks);
	tcase_add_test(tc, test_text_constructs);
	tcase_add_test(tc, test_sniffed_without_type);
	tcase_add_test(tc, test_stdin_and_reentrant);
	suite_add_tcase(s, tc);
	tc = tcase_create("encodings");
	tcase_add_test(tc, test_latin1_declared);
	tcase_add_test(tc, test_cp1252_undeclared);
	tcase_add_loop_test(tc, test_charsets, 0,
		(int)(sizeof(charset_cases) / sizeof(charset_cases[0])));
	tcase_add_test(tc, test_content_type_charset);
	suite_add_tcase(s, tc);
	tc = tcase_create("malformed");
	tcase_add_test(tc, test_malformed_recovered);
	tcase_add_test(tc, test_truncated_recovered);
	tcase_add_test(tc, test_not_a_feed);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hostile_xxe);
	tcase_add_test(tc, test_hostile_billion_laughs);
	tcase_add_test(tc, test_hostile_remote_pe);
	tcase_add_test(tc, test_hostile_remote_dtd_ignored);
	tcase_add_test(tc, test_size_cap);
	tcase_add_test(tc, test_entity_budget);
	tcase_add_test(tc, test_item_embed_object_and_id_fallback);
	tcase_add_test(tc, test_hostile_item_markup);
	suite_add_tcase(s, tc);
	return s;
}
