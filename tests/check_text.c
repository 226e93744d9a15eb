/* SPDX-License-Identifier: MIT */
/* Text normalization, sentence segmentation and the plain-text plugin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *norm(const char *in, size_t *bad)
{
	char *out = NULL;
	size_t n;

	ck_assert_int_eq(ct_text_normalize(&out, &n, in, strlen(in), bad), 0);
	ck_assert_uint_eq(strlen(out), n);
	return out;
}

START_TEST(test_normalize_spaces_quotes)
{
	size_t bad = 99;
	char *s = norm("  \xe2\x80\x9cThree\xc2\xa0thousand\xe2\x80\x9d\t agents\xe2\x80\x99 \n pay ", &bad);

	ck_assert_str_eq(s, "\"Three thousand\" agents' pay");
	ck_assert_uint_eq(bad, 0);
	free(s);
}
END_TEST

START_TEST(test_normalize_invalid_utf8)
{
	size_t bad = 0;
	char *s = norm("caf\xe9 \xc3\x28 ok", &bad);

	ck_assert_str_eq(s, "caf\xef\xbf\xbd \xef\xbf\xbd( ok");
	ck_assert_uint_eq(bad, 2);
	free(s);
}
END_TEST

START_TEST(test_normalize_nfc)
{
	/* e + combining acute -> é; soft hyphen and zero-width space dropped */
	char *s = norm("Cafe\xcc\x81 in\xc2\xad\xe2\x80\x8b" "come", NULL);

	ck_assert_str_eq(s, "Caf\xc3\xa9 income");
	free(s);
}
END_TEST

static void check_sentences(const char *text, const char *const *want)
{
	ct_span *sp = NULL;
	size_t n = 0, i;

	ck_assert_int_eq(ct_sentences(&sp, &n, text, strlen(text)), 0);
	for (i = 0; want[i]; i++) {
		ck_assert_msg(i < n, "only %zu sentences in: %s", n, text);
		ck_assert_msg(strlen(want[i]) == sp[i].len &&
			memcmp(text + sp[i].start, want[i], sp[i].len) == 0,
			"sentence %zu: want [%s] got [%.*s]", i, want[i], (int)sp[i].len,
			text + sp[i].start);
	}
	ck_assert_uint_eq(n, i);
	free(sp);
}

START_TEST(test_sentences_abbrev)
{
	const char *want[] = {
		"2,000 Justice Department employees from the FBI, U.S. Marshals Service and the DEA.",
		"Mr. Miller said 3.5 million.",
		"\"It takes weeks.\"",
		"A law enforcement official said so!",
		NULL
	};

	check_sentences("2,000 Justice Department employees from the FBI, U.S. Marshals "
		"Service and the DEA. Mr. Miller said 3.5 million. \"It takes weeks.\" "
		"A law enforcement official said so!", want);
}
END_TEST

START_TEST(test_sentences_initials_and_lowercase)
{
	const char *want[] = {
		"John F. Kennedy arrived at 10 a.m. on Jan. 5 and left.",
		"Then e.g. nothing... more happened.",
		NULL
	};

	check_sentences("John F. Kennedy arrived at 10 a.m. on Jan. 5 and left. "
		"Then e.g. nothing... more happened.", want);
}
END_TEST

START_TEST(test_plugin_example_article)
{
	ct_host *h = test_host();
	ct_doc *doc = parse_fixture(h, "fixtures/text/operation-at-large.txt", "text");
	char *want = slurp(src_path("fixtures/text/operation-at-large.expected"), NULL);
	char *got = NULL;

	ck_assert_int_eq(ct_doc_text(&got, NULL, doc), 0);
	ck_assert_text_eq(got, want);
	/* the four staffing lines are items, the bullet alone on its line included */
	ck_assert_int_eq(doc->blocks[3].kind, CT_BLOCK_ITEM);
	ck_assert_int_eq(doc->blocks[6].kind, CT_BLOCK_ITEM);
	ck_assert(strncmp(doc->blocks[6].text, "250 IRS agents", 14) == 0);
	ck_assert_int_eq(doc->blocks[7].kind, CT_BLOCK_PARAGRAPH);
	ck_assert_uint_eq(doc->nblocks, 10);
	free(got);
	free(want);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_plugin_short_wire_story)
{
	static const ct_block_kind kinds[] = {
		CT_BLOCK_TITLE, CT_BLOCK_HEADING, CT_BLOCK_PARAGRAPH, CT_BLOCK_PARAGRAPH,
		CT_BLOCK_PARAGRAPH, CT_BLOCK_ITEM, CT_BLOCK_ITEM
	};
	ct_host *h = test_host();
	ct_doc *doc = parse_fixture(h, "fixtures/text/wildfire-wire.txt", "text");
	char *want = slurp(src_path("fixtures/text/wildfire-wire.expected"), NULL);
	char *got = NULL;
	size_t i;

	/* few lines, most of them short: the wrap width comes from the lines
	 * that were surely wrapped mid-sentence, not from a percentile */
	ck_assert_int_eq(ct_doc_text(&got, NULL, doc), 0);
	ck_assert_text_eq(got, want);
	ck_assert_uint_eq(doc->nblocks, 7);
	for (i = 0; i < 7; i++)
		ck_assert_int_eq(doc->blocks[i].kind, kinds[i]);
	free(got);
	free(want);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

static ct_doc *parse_str(ct_host *h, const char *s)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;

	req.type = "text";
	req.name = "inline";
	ck_assert_int_eq(ct_host_parse(&doc, h, s, strlen(s), &req), 0);
	return doc;
}

START_TEST(test_plugin_crlf_bom_headings)
{
	ct_host *h = test_host();
	ct_doc *doc = parse_str(h, "\xef\xbb\xbfStaffing Plan\r\n=============\r\n\r\n"
		"* 3,000 ICE agents\r\n* 250 IRS\r\n  agents\r\n\r\nBody text here.\r\n");

	ck_assert_uint_eq(doc->nblocks, 4);
	ck_assert_int_eq(doc->blocks[0].kind, CT_BLOCK_TITLE);
	ck_assert_str_eq(doc->blocks[0].text, "Staffing Plan");
	ck_assert_int_eq(doc->blocks[1].kind, CT_BLOCK_ITEM);
	ck_assert_str_eq(doc->blocks[1].text, "3,000 ICE agents");
	ck_assert_str_eq(doc->blocks[2].text, "250 IRS agents");
	ck_assert_int_eq(doc->blocks[3].kind, CT_BLOCK_PARAGRAPH);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_plugin_numbered_items_and_invalid_utf8)
{
	ct_host *h = test_host();
	/* UTF-8 (four valid sequences) with one stray byte */
	ct_doc *doc = parse_str(h, "1. First caf\xc3\xa9 item\n2) Second \xff na\xc3\xafve "
		"r\xc3\xa9sum\xc3\xa9 item\n");

	ck_assert_uint_eq(doc->nblocks, 2);
	ck_assert_int_eq(doc->blocks[0].kind, CT_BLOCK_ITEM);
	ck_assert_str_eq(doc->blocks[0].text, "First caf\xc3\xa9 item");
	ck_assert_str_eq(doc->blocks[1].text, "Second \xef\xbf\xbd na\xc3\xafve r\xc3\xa9sum\xc3\xa9 item");
	ck_assert_uint_eq(doc->nwarnings, 1);
	ck_assert(strstr(doc->warnings[0], "invalid UTF-8") != NULL);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

/* One text in every encoding the host's decoding must read: each file's
 * text is the same UTF-8. */
static const struct { const char *file, *want, *content_type; } charset_cases[] = {
	{ "charset-utf16le.txt", "charset-western.expected", NULL },
	{ "charset-utf16be.txt", "charset-western.expected", NULL },
	{ "charset-utf32le.txt", "charset-western.expected", NULL },
	{ "charset-utf32be.txt", "charset-western.expected", NULL },
	/* no BOM, not UTF-8: sniffed as windows-1252 */
	{ "charset-cp1252.txt", "charset-western.expected", NULL },
	/* no BOM, no label: sniffed as Shift_JIS (valid, and kana) */
	{ "charset-sjis.txt", "charset-japanese.expected", NULL },
	/* a Content-Type charset is taken */
	{ "charset-sjis.txt", "charset-japanese.expected", "text/plain; charset=Shift_JIS" },
	/* one the bytes contradict (valid UTF-8 is not UTF-16) is passed over */
	{ "charset-sjis.txt", "charset-japanese.expected", "text/plain; charset=utf-16" },
	{ "charset-cp1252.txt", "charset-western.expected", "text/plain; charset=\"latin1\"" },
};

START_TEST(test_plugin_charsets)
{
	ct_host *h = test_host();
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	char rel[256], *data, *want, *got = NULL;
	ct_doc *doc = NULL;
	size_t len;

	snprintf(rel, sizeof(rel), "fixtures/text/%s", charset_cases[_i].file);
	data = slurp(src_path(rel), &len);
	req.type = "text";
	req.name = rel;
	req.content_type = charset_cases[_i].content_type;
	ck_assert_msg(ct_host_parse(&doc, h, data, len, &req) == 0, "%s: %s", rel, ct_error_last());
	snprintf(rel, sizeof(rel), "fixtures/text/%s", charset_cases[_i].want);
	want = slurp(src_path(rel), NULL);
	ck_assert_int_eq(ct_doc_text(&got, NULL, doc), 0);
	ck_assert_msg(strcmp(got, want) == 0, "%s (%s): got\n%s", charset_cases[_i].file,
		charset_cases[_i].content_type ? charset_cases[_i].content_type : "no Content-Type",
		got);
	/* decoded, not repaired: nothing was replaced by U+FFFD */
	ck_assert_uint_eq(doc->nwarnings, 0);
	free(got);
	free(want);
	free(data);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

Suite *make_text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("normalize");

	tcase_add_test(tc, test_normalize_spaces_quotes);
	tcase_add_test(tc, test_normalize_invalid_utf8);
	tcase_add_test(tc, test_normalize_nfc);
	suite_add_tcase(s, tc);
	tc = tcase_create("sentences");
	tcase_add_test(tc, test_sentences_abbrev);
	tcase_add_test(tc, test_sentences_initials_and_lowercase);
	suite_add_tcase(s, tc);
	tc = tcase_create("plugin");
	tcase_add_test(tc, test_plugin_example_article);
	tcase_add_test(tc, test_plugin_short_wire_story);
	tcase_add_test(tc, test_plugin_crlf_bom_headings);
	tcase_add_test(tc, test_plugin_numbered_items_and_invalid_utf8);
	tcase_add_loop_test(tc, test_plugin_charsets, 0,
		(int)(sizeof(charset_cases) / sizeof(charset_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}
