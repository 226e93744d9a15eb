/* SPDX-License-Identifier: MIT */
/* The HTML plugin: extraction on page shapes, metadata, encodings, limits. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static const char *const fixtures[] = {
	"news-article.html", "live-blog.html", "paywall.html", "amp.html",
	"cp1252-undeclared.html", "meta-charset-latin1.html", "xml-decl-cp1252.xhtml",
	"utf8-bom-stale-label.html", "tag-soup.html", "deep-nesting.html",
	"no-article.html", "news-full-page.html", "blog-news-page.html",
	/* a box of links to other stories and a sign-up box go; a list of
	 * sources in the story's flow stays */
	"boilerplate-boxes.html",
	/* in the story's flow: a promotion's linked caption, a line of tags,
	 * "Story continues below advertisement" and a photo's "toggle caption"
	 * go; a "Read more:" line, a real caption and links in a sentence stay */
	"chrome-in-flow.html",
	/* after the story's last paragraph, in <section>s and <article>s: a
	 * list of tag links, a bar of share buttons, one of follow links, a
	 * sign-up box with one button, recommended teasers with their photos'
	 * credits and a comment prompt all go; the story's photo caption stays */
	"trailing-chrome.html",
	/* div soup with no class names: a list of other stories (headline
	 * links and dates) set between paragraphs, a teaser card with its
	 * photo credit, a "Most read" list and a topics line without a colon
	 * go */
	"inset-links.html", NULL
};

static void check_fixture(ct_host *h, const char *name)
{
	char rel[256], exp[256], *want, *got = NULL, *dot;
	ct_doc *doc;

	snprintf(rel, sizeof(rel), "fixtures/html/%s", name);
	snprintf(exp, sizeof(exp), "fixtures/html/%s", name);
	dot = strrchr(exp, '.');
	strcpy(dot, ".expected");
	doc = parse_fixture(h, rel, "html");
	want = slurp(src_path(exp), NULL);
	ck_assert_int_eq(ct_doc_text(&got, NULL, doc), 0);
	if (strcmp(got, want) != 0)
		ck_abort_msg("%s: text differs\n--- want\n%s\n--- got\n%s\n---", name, want, got);
	free(got);
	free(want);
	ct_doc_free(doc);
}

START_TEST(test_fixture_texts)
{
	ct_host *h = test_host();

	check_fixture(h, fixtures[_i]);
	ct_host_free(h);
}
END_TEST

static ct_doc *parse_mem(ct_host *h, const char *s, size_t len, unsigned int flags)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;

	req.type = "html";
	req.name = "inline.html";
	req.flags = flags;
	if (ct_host_parse(&doc, h, s, len, &req) < 0)
		ck_abort_msg("parse failed: %s", ct_error_last());
	return doc;
}

static int has_warning(const ct_doc *doc, const char *what)
{
	size_t i;

	for (i = 0; i < doc->nwarnings; i++)
		if (strstr(doc->warnings[i], what))
			return 1;
	return 0;
}

START_TEST(test_news_metadata_and_kinds)
{
	ct_host *h = test_host();
	ct_doc *doc = parse_fixture(h, "fixtures/html/news-article.html", "html");

	/* og:title outranks <title> and the JSON-LD headline */
	ck_assert_str_eq(doc->meta[CT_META_TITLE], "Administration deploys 3,000 ICE agents to five cities");
	ck_assert_str_eq(doc->meta[CT_META_URL], "https://ledger.example/2025/06/01/ice-agents");
	/* -04:00 offset converted to UTC */
	ck_assert_str_eq(doc->meta[CT_META_PUBLISHED], "2025-06-01T12:30:00Z");
	ck_assert_str_eq(doc->meta[CT_META_UPDATED], "2025-06-02T07:15:00Z");
	ck_assert_str_eq(doc->meta[CT_META_AUTHOR], "Dana Whitfield");
	ck_assert_str_eq(doc->meta[CT_META_LANGUAGE], "en-US");
	ck_assert_uint_eq(doc->nblocks, 11);
	ck_assert_int_eq(doc->blocks[2].kind, CT_BLOCK_CAPTION);
	ck_assert_int_eq(doc->blocks[4].kind, CT_BLOCK_QUOTE);
	ck_assert_int_eq(doc->blocks[5].kind, CT_BLOCK_HEADING);
	ck_assert_str_eq(doc->blocks[5].text, "What the memo says");
	ck_assert_int_eq(doc->blocks[7].kind, CT_BLOCK_ITEM);
	ck_assert_str_eq(doc->blocks[7].text, "1,100 agents in Los Angeles");
	ck_assert_int_eq(doc->blocks[10].kind, CT_BLOCK_PARAGRAPH);
	ck_assert_uint_eq(doc->nwarnings, 0);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_live_blog_dates)
{
	ct_host *h = test_host();
	ct_doc *doc = parse_fixture(h, "fixtures/html/live-blog.html", "html");

	/* RFC 822 in a meta tag, and a +01:00 modification time */
	ck_assert_str_eq(doc->meta[CT_META_PUBLISHED], "2025-06-03T06:00:00Z");
	ck_assert_str_eq(doc->meta[CT_META_UPDATED], "2025-06-03T13:05:00Z");
	ck_assert_str_eq(doc->meta[CT_META_TITLE], "Storm live: death toll rises to 41");
	ck_assert_int_eq(doc->blocks[0].kind, CT_BLOCK_HEADING);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

/* Full-size pages: the article out of 50-140 KB of scripts, menus, ads,
 * rails, related cards and reader comments; the byline inside the
 * article's own <header> still names the author. */
START_TEST(test_full_pages_metadata)
{
	ct_host *h = test_host();
	ct_doc *doc = parse_fixture(h, "fixtures/html/news-full-page.html", "html");

	ck_assert_str_eq(doc->meta[CT_META_AUTHOR], "Jordan Reyes");
	ck_assert_str_eq(doc->meta[CT_META_PUBLISHED], "2025-06-04T04:58:00Z");
	ck_assert_uint_eq(doc->nwarnings, 0);
	ct_doc_free(doc);
	doc = parse_fixture(h, "fixtures/html/blog-news-page.html", "html");
	ck_assert_str_eq(doc->meta[CT_META_AUTHOR], "Priya Nguyen");
	ck_assert_str_eq(doc->meta[CT_META_TITLE],
		"Water deliveries to farms cut 40% as drought enters third year");
	ck_assert_uint_eq(doc->nblocks, 9);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_no_article_warns)
{
	ct_host *h = test_host();
	ct_doc *doc = parse_fixture(h, "fixtures/html/no-article.html", "html");

	ck_assert_uint_eq(doc->nblocks, 0);
	ck_assert(has_warning(doc, "no article text found"));
	ck_assert_str_eq(doc->meta[CT_META_TITLE], "Coastal News - Home");
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

static void check_json(const char *html, const char *json)
{
	const char *argv[] = { "text", "--format", "json", NULL, NULL };
	char path[4096];
	run_result r;
	char *want;

	snprintf(path, sizeof(path), "%s", src_path(html));
	argv[3] = path;
	want = slurp(src_path(json), NULL);
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_text_eq(r.out, want);
	free(want);
	run_result_free(&r);
}

START_TEST(test_json_shape)
{
	check_json("fixtures/html/news-article.html", "fixtures/html/news-article.json");
	check_json("fixtures/html/amp.html", "fixtures/html/amp.json");
}
END_TEST

START_TEST(test_cli_no_article_exit_zero)
{
	const char *argv[] = { "text", NULL, NULL };
	char path[4096];
	run_result r;

	snprintf(path, sizeof(path), "%s", src_path("fixtures/html/no-article.html"));
	argv[1] = path;
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	ck_assert(strstr(r.err, "no article text found") != NULL);
	run_result_free(&r);
}
END_TEST

START_TEST(test_fragment_keeps_everything)
{
	ct_host *h = test_host();
	static const char snip[] =
		"<p>Officials counted <b>1,200</b> arrivals.</p><nav class=\"menu\">Menu text</nav>"
		"<ul><li>3 ships</li></ul><script>var x = 1;</script><div class=\"share\">Share it</div>";
	ct_doc *doc = parse_mem(h, snip, sizeof(snip) - 1, CT_PARSE_FRAGMENT);
	char *got = NULL;

	ck_assert_int_eq(ct_doc_text(&got, NULL, doc), 0);
	ck_assert_text_eq(got, "Officials counted 1,200 arrivals.\n\nMenu text\n\n3 ships\n\nShare it\n");
	ck_assert_int_eq(doc->blocks[2].kind, CT_BLOCK_ITEM);
	ck_assert_uint_eq(doc->nwarnings, 0);
	free(got);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

/* A feed item's HTML: every word but scripts' and styles' (fragment.c). */
static const struct { const char *html, *text; } fragment_cases[] = {
	/* an iframe written self-closed, or never closed, hides nothing */
	{ "safe<iframe src=\"x\"/> description", "safe description\n" },
	{ "<p>a <iframe src=x> b</p>", "a b\n" },
	/* SVG's title and description are words; its style is not */
	{ "<svg><title>Chart: 40% up</title><desc>Two bars</desc><style>.a{}</style></svg>",
	  "Chart: 40% up\n\nTwo bars\n" },
	/* comments end at -->, --!>, or at once; an unclosed one at the next '>' */
	{ "a <!-- x -- y --!> b <!--> c <!---> d", "a b c d\n" },
	{ "a <!-- never closed > b", "a b\n" },
	/* "<!" and "<?" that are no comment end at '>'; CDATA is text */
	{ "<!x> a <![if !vml]>b<![endif]> <?php 1 ?>c <![CDATA[d < e]]> f", "a b c d < e f\n" },
	/* a stray end tag pairs with the next start tag, no further */
	{ "</script>one<script>two</script><script>three</script>four", "onetwofour\n" },
	{ "<style>p{}</style>x<script>if (a < b) y()</script>z", "xz\n" },
	/* title and textarea hold text, whatever it looks like */
	{ "<title>T <b>1</title><textarea>typed 5</textarea>", "T <b>1\n\ntyped 5\n" },
	{ "&copy 2025 &amp; &#x41;&#65 &#150; &bogus; a&b", "\xc2\xa9 2025 & AA \xe2\x80\x93 &bogus; a&b\n" },
};

START_TEST(test_fragment_words)
{
	ct_host *h = test_host();
	ct_doc *doc = parse_mem(h, fragment_cases[_i].html, strlen(fragment_cases[_i].html),
		CT_PARSE_FRAGMENT);
	char *got = NULL;

	ck_assert_int_eq(ct_doc_text(&got, NULL, doc), 0);
	ck_assert_msg(strcmp(got, fragment_cases[_i].text) == 0, "%s\n--- want\n%s--- got\n%s",
		fragment_cases[_i].html, fragment_cases[_i].text, got);
	free(got);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_fragment_kinds)
{
	ct_host *h = test_host();
	static const char snip[] = "<h1>Head</h1><ul><li>a<li>b</ul><blockquote>q</blockquote>"
		"<table><tr><td>1</td><td>2</td></tr></table><figure><figcaption>c</figcaption></figure>";
	ct_doc *doc = parse_mem(h, snip, sizeof(snip) - 1, CT_PARSE_FRAGMENT);

	ck_assert_uint_eq(doc->nblocks, 6);
	/* a snippet has no title of its own */
	ck_assert_int_eq(doc->blocks[0].kind, CT_BLOCK_HEADING);
	ck_assert_int_eq(doc->blocks[1].kind, CT_BLOCK_ITEM);
	ck_assert_str_eq(doc->blocks[2].text, "b");
	ck_assert_int_eq(doc->blocks[2].kind, CT_BLOCK_ITEM);
	ck_assert_int_eq(doc->blocks[3].kind, CT_BLOCK_QUOTE);
	ck_assert_str_eq(doc->blocks[4].text, "1 | 2");
	ck_assert_int_eq(doc->blocks[4].kind, CT_BLOCK_PARAGRAPH);
	ck_assert_int_eq(doc->blocks[5].kind, CT_BLOCK_CAPTION);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_fragment_plain_text)
{
	ct_host *h = test_host();
	static const char snip[] = "Just 5 words &amp; no tags";
	ct_doc *doc = parse_mem(h, snip, sizeof(snip) - 1, CT_PARSE_FRAGMENT);

	ck_assert_uint_eq(doc->nblocks, 1);
	ck_assert_str_eq(doc->blocks[0].text, "Just 5 words & no tags");
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

/* 100,000 nested elements: no stack overflow, the text still found. */
START_TEST(test_very_deep_nesting)
{
	ct_host *h = test_host();
	const size_t depth = 100000;
	static const char mid[] = "<p>At the very bottom, 4,000 words of text were counted by the team.</p>";
	size_t len = depth * 11 + sizeof(mid) + 64, n = 0, i;
	char *s = malloc(len);
	ct_doc *doc;

	ck_assert_ptr_nonnull(s);
	n += (size_t)sprintf(s + n, "<html><body>");
	for (i = 0; i < depth; i++)
		n += (size_t)sprintf(s + n, i % 2 ? "<div>" : "<span>");
	n += (size_t)sprintf(s + n, "%s", mid);
	doc = parse_mem(h, s, n, 0);
	ck_assert_uint_eq(doc->nblocks, 1);
	ck_assert_str_eq(doc->blocks[0].text,
		"At the very bottom, 4,000 words of text were counted by the team.");
	ct_doc_free(doc);
	free(s);
	ct_host_free(h);
}
END_TEST

/* A multi-megabyte inline script is skipped, not scanned as text. */
START_TEST(test_huge_inline_script)
{
	ct_host *h = test_host();
	static const char head[] = "<!DOCTYPE html><html><head><script>var a = \"";
	static const char tail[] = "\";</script></head><body><article><p>The report counts 2,500 "
		"new homes built in the region during the last twelve months.</p></article></body></html>";
	size_t fill = 4u << 20, n = 0;
	char *s = malloc(sizeof(head) + fill + 9 + sizeof(tail));
	ct_doc *doc;

	ck_assert_ptr_nonnull(s);
	memcpy(s, head, sizeof(head) - 1);
	n = sizeof(head) - 1;
	memset(s + n, 'x', fill);
	n += fill;
	memcpy(s + n, "</p><div>", 9);   /* markup inside the script stays script */
	n += 9;
	memcpy(s + n, tail, sizeof(tail) - 1);
	n += sizeof(tail) - 1;
	doc = parse_mem(h, s, n, 0);
	ck_assert_uint_eq(doc->nblocks, 1);
	ck_assert_str_eq(doc->blocks[0].text, "The report counts 2,500 new homes built in the region "
		"during the last twelve months.");
	ct_doc_free(doc);
	free(s);
	ct_host_free(h);
}
END_TEST

START_TEST(test_empty_and_broken_pages)
{
	ct_host *h = test_host();
	static const char *const pages[] = {
		"<", "<html></html>", "<!DOCTYPE html>", "</p></div></body>", "<!-- only a comment -->",
		"<script>unterminated", "<html><body><p></p><div>  </div></body></html>",
		"\xef\xbb\xbf", "<p>\xff\xfe\xfd</p>", NULL
	};
	size_t i;

	for (i = 0; pages[i]; i++) {
		ct_doc *doc = parse_mem(h, pages[i], strlen(pages[i]), 0);

		ck_assert_msg(doc->nblocks <= 1, "page %zu", i);
		ct_doc_free(doc);
	}
	ct_host_free(h);
}
END_TEST

START_TEST(test_invalid_utf8_is_repaired)
{
	ct_host *h = test_host();
	static const char page[] = "<html><head><meta charset=\"utf-8\"></head><body><p>Caf\xc3 "
		"prices rose to 4\xe2\x82\xac, a rise of 12 percent on the year before.</p></body></html>";
	ct_doc *doc = parse_mem(h, page, sizeof(page) - 1, 0);

	ck_assert_uint_eq(doc->nblocks, 1);
	ck_assert_str_eq(doc->blocks[0].text, "Caf\xef\xbf\xbd prices rose to 4\xe2\x82\xac, a rise of "
		"12 percent on the year before.");
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

static char *text_of_page(ct_host *h, const char *page)
{
	ct_doc *doc = parse_mem(h, page, strlen(page), 0);
	char *got = NULL;

	ck_assert_int_eq(ct_doc_text(&got, NULL, doc), 0);
	ct_doc_free(doc);
	return got;
}

#define PROSE "The committee reviewed 1,240 applications this spring, approving 310 of them, " \
	"and said that it expects a similar number next year, when the fund grows by 8%."

START_TEST(test_extraction_rules)
{
	ct_host *h = test_host();
	char *got;

	/* MathML inside a renderer's wrapper whose class reads like a menu */
	got = text_of_page(h, "<html><body><article><p>" PROSE "</p><p>When</p>"
		"<mjx-container class=\"MathJax CtxtMenu_Attached_0\"><mjx-math aria-hidden=\"true\">"
		"<mjx-c></mjx-c></mjx-math><mjx-assistive-mml><math><mi>a</mi><mo>=</mo><mn>2</mn>"
		"</math></mjx-assistive-mml></mjx-container><p>" PROSE "</p></article></body></html>");
	ck_assert_msg(strstr(got, "a=2") != NULL, "%s", got);
	free(got);
	/* the publisher's articleBody survives an id that reads like a share bar */
	got = text_of_page(h, "<html><body><div id=\"share-btns_containerParent\" "
		"itemprop=\"articleBody\"><p>" PROSE "</p><p>" PROSE "</p><p>" PROSE "</p>"
		"<p>Ministers approved 4,000 new homes on Monday, officials said, the first of 12 "
		"sites due this year.</p></div><div class=\"gallery\"><ul class=\"legends\">"
		"<li><p>" PROSE "</p></li><li><p>" PROSE "</p></li><li><p>" PROSE "</p></li>"
		"<li><p>" PROSE "</p></li><li><p>" PROSE "</p></li></ul></div></body></html>");
	ck_assert_msg(strstr(got, "first of 12 sites") != NULL, "%s", got);
	free(got);
	/* a div of bare text beside the article's block reads as a paragraph;
	 * the first byline is metadata, later ones (quoted writers) are text */
	got = text_of_page(h, "<html><body><article><div class=\"byline\">By Ann Lee</div>"
		"<div><p>" PROSE "</p></div><p>Short one</p><div>Then the board met again, and "
		"voted 7 to 2 to extend the program for 3 more years.</div>"
		"<p class=\"byline\">By Bo Chan</p></article></body></html>");
	ck_assert_msg(strstr(got, "voted 7 to 2") != NULL, "%s", got);
	ck_assert_msg(strstr(got, "Ann Lee") == NULL, "%s", got);
	free(got);
	/* a caption whose class also says "media" is still the story's */
	got = text_of_page(h, "<html><body><div class=\"article\"><p>" PROSE "</p>"
		"<img src=\"a.jpg\"><div class=\"media-caption\">Two of the 12 new sites, in "
		"March</div><p>" PROSE "</p><p>" PROSE "</p></div></body></html>");
	ck_assert_msg(strstr(got, "Two of the 12 new sites") != NULL, "%s", got);
	free(got);
	/* boxes of a heading, a line and a button link side by side are a
	 * page's features, not a sign-up set into a story: they stay */
	got = text_of_page(h, "<html><body><div class=\"features\">"
		"<div><h3>Themes</h3><p>Choose from 3,000 themes for your browser.</p>"
		"<p><a href=\"/themes\">Try it now</a></p></div>"
		"<div><h3>Sync</h3><p>Your bookmarks on all 4 of your devices.</p>"
		"<p><a href=\"/sync\">Learn more</a></p></div>"
		"<p>" PROSE "</p><p>" PROSE "</p></div></body></html>");
	ck_assert_msg(strstr(got, "Try it now") != NULL && strstr(got, "Learn more") != NULL,
		"%s", got);
	free(got);
	ct_host_free(h);
}
END_TEST

/* Chrome told by its links' targets and by where it sits, each case with
 * one that looks alike and stays. */
START_TEST(test_story_chrome)
{
	ct_host *h = test_host();
	char *got;

	/* share buttons as a list of icons' labels go anywhere in the story;
	 * a list of the story's own sources stays */
	got = text_of_page(h, "<html><body><article><p>" PROSE "</p><ul>"
		"<li><a href=\"https://www.facebook.com/sharer/sharer.php?u=1\">Facebook</a></li>"
		"<li><a href=\"whatsapp://send?text=1\">WhatsApp</a></li>"
		"<li><a href=\"mailto:?subject=1\">Email</a></li></ul><p>" PROSE "</p>"
		"<ul><li><a href=\"https://example.org/report.pdf\">The fund's annual report</a></li>"
		"<li><a href=\"https://example.org/minutes\">Minutes of the May meeting</a></li>"
		"</ul></article></body></html>");
	ck_assert_msg(strstr(got, "WhatsApp") == NULL && strstr(got, "Facebook") == NULL, "%s", got);
	ck_assert_msg(strstr(got, "Minutes of the May meeting") != NULL, "%s", got);
	free(got);
	/* links that say rel="tag" are tags, whatever their addresses; links
	 * in a sentence to other sites are the story's */
	got = text_of_page(h, "<html><body><article><p>" PROSE "</p><p>" PROSE "</p><ul>"
		"<li><a rel=\"tag\" href=\"/t/1\">Grants</a></li><li><a rel=\"tag\" href=\"/t/2\">"
		"Budget</a></li><li><a rel=\"tag\" href=\"/t/3\">City hall</a></li></ul>"
		"<p>The figures are on "
		"<a href=\"https://example.org\">the fund's site</a> and <a href=\"https://example.net\">"
		"the city's</a>.</p></article></body></html>");
	ck_assert_msg(strstr(got, "Grants") == NULL && strstr(got, "City hall") == NULL, "%s", got);
	ck_assert_msg(strstr(got, "the fund's site") != NULL, "%s", got);
	free(got);
	/* a sign-up box after the story's end goes, though nothing follows it;
	 * a box of that shape before the end is the story's */
	got = text_of_page(h, "<html><body><div><div><h3>Rules for applicants</h3>"
		"<p>Forms are due by June 30 at the clerk's office on Main Street.</p><a href=\"/apply\">How to apply</a></div><p>" PROSE
		"</p><p>" PROSE "</p><div><h3>Get the Money Letter</h3><p>Our best stories on your money, every "
		"Friday.</p><a href=\"/newsletters/money\">Sign up</a></div></div></body></html>");
	ck_assert_msg(strstr(got, "Money Letter") == NULL && strstr(got, "Sign up") == NULL,
		"%s", got);
	ck_assert_msg(strstr(got, "Rules for applicants") != NULL, "%s", got);
	free(got);
	/* teasers (a linked headline, a line under it) in a box go, though
	 * their lines read as prose; sections whose headings do not link stay */
	got = text_of_page(h, "<html><body><main><div><p>" PROSE "</p><p>" PROSE "</p><div>"
		"<h2>Elsewhere</h2>"
		"<div><h3><a href=\"/x/pool\">Public pool reopens after a refit</a></h3><p>" PROSE
		"</p></div><div><h3><a href=\"/x/bus\">Night buses added on three routes</a></h3><p>"
		PROSE "</p></div><div><h3><a href=\"/x/trees\">City to plant 5,000 trees</a></h3><p>"
		PROSE "</p></div></div></div><div><div><h3>What the fund pays for</h3><p>" PROSE
		"</p></div><div><h3>Who can apply</h3><p>" PROSE "</p></div><div><h3>When it "
		"opens</h3><p>" PROSE "</p></div></div></main></body></html>");
	ck_assert_msg(strstr(got, "Night buses") == NULL && strstr(got, "Elsewhere") == NULL,
		"%s", got);
	ck_assert_msg(strstr(got, "Who can apply") != NULL, "%s", got);
	free(got);
	/* a list whose first item labels it ("Most read") and whose other
	 * items are headline links goes */
	got = text_of_page(h, "<html><body><article><p>" PROSE "</p><p>" PROSE "</p><ol>"
		"<li>Most read</li><li><a href=\"/a\">County fair sets an attendance record</a></li>"
		"<li><a href=\"/b\">New bypass opens two months early</a></li>"
		"<li><a href=\"/c\">Hospital adds 40 beds in expansion</a></li></ol>"
		"</article></body></html>");
	ck_assert_msg(strstr(got, "Most read") == NULL && strstr(got, "bypass") == NULL,
		"%s", got);
	free(got);
	/* a block whose aria-label names chrome goes as a class name would */
	got = text_of_page(h, "<html><body><article><p>" PROSE "</p><p>" PROSE "</p>"
		"<section aria-label=\"More stories\"><p>Rates hold steady as inflation cools, "
		"the central bank says, in its first meeting of the year.</p></section>"
		"<p>" PROSE "</p></article></body></html>");
	ck_assert_msg(strstr(got, "Rates hold steady") == NULL, "%s", got);
	free(got);
	/* a list of items that each give two links, or a line, is no list of
	 * headlines set into the story */
	got = text_of_page(h, "<html><body><article><p>" PROSE "</p><ul>"
		"<li><a href=\"/a\">North district report</a> and <a href=\"/b\">its annex</a></li>"
		"<li><a href=\"/c\">South district report</a> and <a href=\"/d\">its annex</a></li>"
		"<li><a href=\"/e\">East district report</a> and <a href=\"/f\">its annex</a></li>"
		"</ul><p>" PROSE "</p></article></body></html>");
	ck_assert_msg(strstr(got, "East district report") != NULL, "%s", got);
	free(got);
	ct_host_free(h);
}
END_TEST

/* Legacy names without ';' decode as in browsers: in text the longest
 * name that starts the run of letters; in attributes not before a letter,
 * digit or '=' (query strings); never in scripts. */
START_TEST(test_legacy_entities)
{
	ct_host *h = test_host();
	static const char page[] = "<html><head><meta property=\"og:title\" content=\"Ben &amp "
		"Jerry &copy2 &AMP x\"><link rel=\"canonical\" href=\"https://x.example/?a=1&copy=2&"
		"lang=en\"><script type=\"application/ld+json\">{\"author\":\"Tom &copy Co\"}</script>"
		"</head><body><!-- &copy --><article><p>Sales rose 5% at Ben &amp Jerry's &copy 2024, "
		"&pound5 a tub, &frac12 price, &QUOT;so&QUOT; &notit &copyright; &amp;amp &#169 "
		"&unknown and &madeup; stay.</p></article></body></html>";
	ct_doc *doc = parse_mem(h, page, sizeof(page) - 1, 0);

	ck_assert_uint_eq(doc->nblocks, 1);
	ck_assert_str_eq(doc->blocks[0].text, "Sales rose 5% at Ben & Jerry's \xc2\xa9 2024, "
		"\xc2\xa3" "5 a tub, \xc2\xbd price, \"so\" \xc2\xac" "it \xc2\xa9right; &amp \xc2\xa9 "
		"&unknown and &madeup; stay.");
	ck_assert_str_eq(doc->meta[CT_META_TITLE], "Ben & Jerry &copy2 & x");
	ck_assert_str_eq(doc->meta[CT_META_URL], "https://x.example/?a=1&copy=2&lang=en");
	ck_assert_str_eq(doc->meta[CT_META_AUTHOR], "Tom &copy Co");
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_probe_and_sniff)
{
	ct_host *h = test_host();
	const ct_plugin *p = ct_host_find(h, "html");
	static const char soup[] = "some words <div class=x>and a div</div> <p>para";

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->probe("<!DOCTYPE html><html>", 21, NULL), 80);
	ck_assert_int_eq(p->probe("\xef\xbb\xbf  <HTML lang=en>", 18, NULL), 80);
	ck_assert_int_gt(p->probe(soup, sizeof(soup) - 1, NULL), 0);
	ck_assert_int_lt(p->probe(soup, sizeof(soup) - 1, NULL), 80);
	ck_assert_int_eq(p->probe("Plain words, 3,000 of them.", 27, NULL), 0);
	ck_assert_int_le(p->probe("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>", 49, NULL), 10);
	ck_assert_ptr_eq(ct_host_sniff(h, "<!doctype html><p>x</p>", 23, NULL), p);
	ck_assert_ptr_eq(ct_host_sniff(h, "words", 5, "page.htm"), p);
	ck_assert_str_eq(p->media_types[0], "text/html");
	ct_host_free(h);
}
END_TEST

START_TEST(test_content_type_charset)
{
	ct_host *h = test_host();
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	static const char page[] = "<html><body><article><p>Der Preis stieg um 5 % auf 12 Euro "
		"pro Stunde in M\xfcnchen, sagt der Bericht.</p></article></body></html>";
	ct_doc *doc = NULL;

	req.type = "html";
	req.content_type = "text/html; charset=ISO-8859-1";
	ck_assert_int_eq(ct_host_parse(&doc, h, page, sizeof(page) - 1, &req), 0);
	ck_assert_uint_eq(doc->nblocks, 1);
	ck_assert(strstr(doc->blocks[0].text, "M\xc3\xbcnchen") != NULL);
	ck_assert_uint_eq(doc->nwarnings, 0);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

/* ---- memory: what the plugin allocates, counted through the host ---- */

typedef union mem_hdr {
	size_t size;
	max_align_t align;
} mem_hdr;

static size_t mem_live, mem_peak;

static void *m_alloc(size_t n)
{
	mem_hdr *h = malloc(sizeof(*h) + (n ? n : 1));

	if (!h)
		return NULL;
	h->size = n;
	mem_live += n;
	if (mem_live > mem_peak)
		mem_peak = mem_live;
	return h + 1;
}

static void m_free(void *p)
{
	mem_hdr *h = p ? (mem_hdr *)p - 1 : NULL;

	if (!h)
		return;
	mem_live -= h->size;
	free(h);
}

static void *m_realloc(void *p, size_t n)
{
	mem_hdr *h = p ? (mem_hdr *)p - 1 : NULL, *nh;
	size_t old = h ? h->size : 0;

	if (!(nh = realloc(h, sizeof(*nh) + (n ? n : 1))))
		return NULL;
	nh->size = n;
	mem_live = mem_live - old + n;
	if (mem_live > mem_peak)
		mem_peak = mem_live;
	return nh + 1;
}

static ct_host *counting_host(void)
{
	ct_host_options o = CT_HOST_OPTIONS_INIT;
	ct_host *h = NULL;
	char dir[4096];
	const char *build = getenv("CT_BUILD");

	snprintf(dir, sizeof(dir), "%s/plugins", build ? build : "build");
	o.plugin_path = dir;
	o.no_default_dirs = 1;
	o.alloc = m_alloc;
	o.realloc = m_realloc;
	o.free = m_free;
	ck_assert_int_eq(ct_host_new(&h, &o), 0);
	mem_live = mem_peak = 0;
	return h;
}

/* head, unit n times, tail */
static char *repeated(const char *unit, size_t n, size_t *len)
{
	static const char head[] = "<html><body>", tail[] = "</body></html>";
	size_t u = strlen(unit), i;
	char *buf;

	*len = sizeof(head) - 1 + u * n + sizeof(tail) - 1;
	buf = malloc(*len + 1);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, head, sizeof(head) - 1);
	for (i = 0; i < n; i++)
		memcpy(buf + sizeof(head) - 1 + i * u, unit, u);
	memcpy(buf + *len - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
	buf[*len] = '\0';
	return buf;
}

/* Page shapes that cost most per byte, each under the node budget. */
static const struct { const char *unit; size_t n; } heavy_shapes[] = {
	{ "<b>1</b>", 250000 },        /* tiny inline elements */
	{ "<p>", 300000 },             /* empty paragraphs */
	{ "1<a>", 300000 },            /* text and links */
	{ "<div>x", 100000 },          /* deep nesting */
	{ "<td>7</td>", 200000 },      /* a long table row */
	{ "<x>", 300000 },             /* unknown tags never closed: 300,000 deep */
	{ "<ul>", 300000 },            /* block elements never closed */
};

/* At most 16 bytes of heap per input byte, whatever the page. */
START_TEST(test_memory_per_byte)
{
	ct_host *h = counting_host();
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;
	size_t len;
	char *page = repeated(heavy_shapes[_i].unit, heavy_shapes[_i].n, &len);

	req.type = "html";
	req.name = "heavy.html";
	ck_assert_msg(ct_host_parse(&doc, h, page, len, &req) == 0, "%s", ct_error_last());
	ck_assert_msg(mem_peak <= 16 * len, "'%s' x %zu: %zu bytes of heap for %zu of input (%.1f a byte)",
		heavy_shapes[_i].unit, heavy_shapes[_i].n, mem_peak, len,
		(double)mem_peak / (double)len);
	ck_assert_uint_eq(mem_live, 0);
	ct_doc_free(doc);
	free(page);
	ct_host_free(h);
}
END_TEST

/* Past the node budget the parse stops there, with a refusal. */
START_TEST(test_node_budget_refused)
{
	ct_host *h = counting_host();
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;
	size_t len;
	char *page = repeated("1<a>", 1100000, &len);   /* 2.2 million nodes */

	req.type = "html";
	req.name = "huge.html";
	ck_assert_int_eq(ct_host_parse(&doc, h, page, len, &req), CT_ETOOBIG);
	ck_assert_ptr_null(doc);
	ck_assert_msg(strstr(ct_error_last(), "huge.html") && strstr(ct_error_last(), "2000000"),
		"%s", ct_error_last());
	/* counted while parsing: refused before the page was held in full */
	ck_assert_msg(mem_peak <= 16 * len, "%zu bytes of heap for %zu of input", mem_peak, len);
	ck_assert_uint_eq(mem_live, 0);
	free(page);
	ct_host_free(h);
}
END_TEST

START_TEST(test_cli_node_budget_exit_2)
{
	char dir[] = "/tmp/ct-budget-XXXXXX", path[64];
	const char *argv[] = { "text", NULL, NULL };
	size_t len;
	char *page = repeated("<a>1</a>", 1100000, &len);
	run_result r;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/links.html", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(page, 1, len, f), len);
	fclose(f);
	argv[1] = path;
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "links.html") && strstr(r.err, "refused"), "%s", r.err);
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);
	unlink(path);
	rmdir(dir);
	free(page);
}
END_TEST

/* One page in every encoding the host's decoding must read. */
static const struct { const char *file, *want, *content_type; } charset_cases[] = {
	{ "charset-utf16le.html", "charset-western.expected", NULL },
	{ "charset-utf16be.html", "charset-western.expected", NULL },
	{ "charset-utf32le.html", "charset-western.expected", NULL },
	{ "charset-utf32be.html", "charset-western.expected", NULL },
	/* the page's <meta> outranks the server's Content-Type */
	{ "charset-cp1252-meta.html", "charset-western.expected", "text/html; charset=utf-8" },
	{ "charset-sjis-meta.html", "charset-japanese.expected", "text/html; charset=windows-1252" },
	{ "charset-sjis-meta.html", "charset-japanese.expected", NULL },
	/* undeclared: the Content-Type, else the sniff */
	{ "charset-sjis-undeclared.html", "charset-japanese.expected", "text/html; charset=sjis" },
	{ "charset-sjis-undeclared.html", "charset-japanese.expected", NULL },
};

START_TEST(test_charsets)
{
	ct_host *h = test_host();
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	char rel[256], *data, *want, *got = NULL;
	ct_doc *doc = NULL;
	size_t len;

	snprintf(rel, sizeof(rel), "fixtures/html/%s", charset_cases[_i].file);
	data = slurp(src_path(rel), &len);
	req.type = "html";
	req.name = rel;
	req.content_type = charset_cases[_i].content_type;
	ck_assert_msg(ct_host_parse(&doc, h, data, len, &req) == 0, "%s: %s", rel, ct_error_last());
	snprintf(rel, sizeof(rel), "fixtures/html/%s", charset_cases[_i].want);
	want = slurp(src_path(rel), NULL);
	ck_assert_int_eq(ct_doc_text(&got, NULL, doc), 0);
	ck_assert_msg(strcmp(got, want) == 0, "%s (%s): got\n%s", charset_cases[_i].file,
		charset_cases[_i].content_type ? charset_cases[_i].content_type : "no Content-Type",
		got);
	ck_assert_uint_eq(doc->nwarnings, 0);
	free(got);
	free(want);
	free(data);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

Suite *make_html_suite(void)
{
	Suite *s = suite_create("html");
	TCase *tc = tcase_create("fixtures");
	int n;

	for (n = 0; fixtures[n]; n++)
		;
	tcase_add_loop_test(tc, test_fixture_texts, 0, n);
	tcase_add_test(tc, test_news_metadata_and_kinds);
	tcase_add_test(tc, test_live_blog_dates);
	tcase_add_test(tc, test_full_pages_metadata);
	tcase_add_test(tc, test_no_article_warns);
	tcase_add_test(tc, test_json_shape);
	tcase_add_test(tc, test_cli_no_article_exit_zero);
	suite_add_tcase(s, tc);
	tc = tcase_create("robustness");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fragment_keeps_everything);
	tcase_add_test(tc, test_fragment_plain_text);
	tcase_add_loop_test(tc, test_fragment_words, 0,
		(int)(sizeof(fragment_cases) / sizeof(fragment_cases[0])));
	tcase_add_test(tc, test_fragment_kinds);
	tcase_add_test(tc, test_very_deep_nesting);
	tcase_add_test(tc, test_huge_inline_script);
	tcase_add_test(tc, test_empty_and_broken_pages);
	tcase_add_test(tc, test_invalid_utf8_is_repaired);
	tcase_add_test(tc, test_legacy_entities);
	tcase_add_test(tc, test_extraction_rules);
	tcase_add_test(tc, test_story_chrome);
	tcase_add_test(tc, test_probe_and_sniff);
	tcase_add_test(tc, test_content_type_charset);
	tcase_add_loop_test(tc, test_charsets, 0,
		(int)(sizeof(charset_cases) / sizeof(charset_cases[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("memory");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_memory_per_byte, 0,
		(int)(sizeof(heavy_shapes) / sizeof(heavy_shapes[0])));
	tcase_add_test(tc, test_node_budget_refused);
	tcase_add_test(tc, test_cli_node_budget_exit_2);
	suite_add_tcase(s, tc);
	return s;
}
