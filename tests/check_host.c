/* Plugin host: ABI checks, refusals with reasons, sniffing, parse errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static const char *testplugin(const char *name)
{
	static char path[4096];
	const char *build = getenv("CT_BUILD");

	snprintf(path, sizeof(path), "%s/testplugins/%s.so", build ? build : "build", name);
	return path;
}

static const char *plugin(const char *name)
{
	static char path[4096];
	const char *build = getenv("CT_BUILD");

	snprintf(path, sizeof(path), "%s/plugins/%s.so", build ? build : "build", name);
	return path;
}

static ct_host *empty_host(void)
{
	ct_host_options o = CT_HOST_OPTIONS_INIT;
	ct_host *h = NULL;

	o.plugin_path = "";
	o.no_default_dirs = 1;
	ck_assert_int_eq(ct_host_new(&h, &o), 0);
	ck_assert_uint_eq(ct_host_count(h), 0);
	return h;
}

static void assert_refused(const char *name, const char *why)
{
	ct_host *h = empty_host();
	const char *path = testplugin(name);

	ck_assert_int_eq(ct_host_load(h, path), CT_EPLUGIN);
	ck_assert_msg(strstr(ct_error_last(), path) != NULL, "no file name in: %s", ct_error_last());
	ck_assert_msg(strstr(ct_error_last(), why) != NULL, "want '%s' in: %s", why, ct_error_last());
	ck_assert_uint_eq(ct_host_count(h), 0);
	ct_host_free(h);
}

START_TEST(test_refuse_wrong_abi)
{
	assert_refused("bad_abi", "built for plugin ABI 999, this claimtrack speaks ABI 1");
}
END_TEST

START_TEST(test_refuse_small_struct)
{
	assert_refused("small_struct", "descriptor is 12 bytes, at least");
}
END_TEST

START_TEST(test_refuse_no_entry)
{
	assert_refused("no_entry", "no claimtrack_plugin_entry symbol: not a claimtrack plugin");
}
END_TEST

START_TEST(test_refuse_null_descriptor)
{
	assert_refused("null_desc", "its entry point returned no descriptor");
}
END_TEST

START_TEST(test_refuse_duplicate_name)
{
	ct_host *h = empty_host();

	ck_assert_int_eq(ct_host_load(h, plugin("text")), 0);
	ck_assert_int_eq(ct_host_load(h, testplugin("dup_text")), CT_EPLUGIN);
	ck_assert(strstr(ct_error_last(), "a plugin named 'text' is already loaded from") != NULL);
	ck_assert_uint_eq(ct_host_count(h), 1);
	ck_assert_str_eq(ct_host_plugin(h, 0)->version, "1.0.0");
	ct_host_free(h);
}
END_TEST

START_TEST(test_refuse_not_elf)
{
	char *dir = tmpdir_new();
	char path[4200];
	ct_host *h = empty_host();

	snprintf(path, sizeof(path), "%s/junk.so", dir);
	spew(path, "this is not a shared object\n", 28);
	ck_assert_int_eq(ct_host_load(h, path), CT_EPLUGIN);
	ck_assert(strstr(ct_error_last(), "cannot load") != NULL);
	ct_host_free(h);
	tmpdir_cleanup(dir);
}
END_TEST

typedef struct refusals {
	int count;
	char last[512];
} refusals;

static void count_refusal(const char *file, const char *why, void *payload)
{
	refusals *r = payload;

	r->count++;
	snprintf(r->last, sizeof(r->last), "%s: %s", file, why);
}

START_TEST(test_scan_dir_reports_each_refusal)
{
	ct_host_options o = CT_HOST_OPTIONS_INIT;
	refusals r = { 0, "" };
	ct_host *h = NULL;
	char dir[4096];
	const char *build = getenv("CT_BUILD");

	snprintf(dir, sizeof(dir), "%s/testplugins", build ? build : "build");
	o.plugin_path = dir;
	o.no_default_dirs = 1;
	o.on_refuse = count_refusal;
	o.payload = &r;
	ck_assert_int_eq(ct_host_new(&h, &o), 0);
	/* bad_abi, no_entry, null_desc, small_struct refused; dup_text and lines load */
	ck_assert_int_eq(r.count, 4);
	ck_assert_uint_eq(ct_host_count(h), 2);
	ck_assert_ptr_nonnull(ct_host_find(h, "lines"));
	ck_assert_ptr_nonnull(ct_host_find(h, "text"));
	ct_host_free(h);
}
END_TEST

START_TEST(test_third_party_plugin_sections_and_sniff)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	const char *data = "@lines\n@title  Two  items \n@item a-1\nAlpha 3 cats\n@item a-2\n# Head\n";
	ct_host *h = empty_host();
	ct_doc *doc = NULL;

	ck_assert_int_eq(ct_host_load(h, plugin("text")), 0);
	ck_assert_int_eq(ct_host_load(h, testplugin("lines")), 0);
	ck_assert_ptr_eq(ct_host_sniff(h, data, strlen(data), NULL), ct_host_find(h, "lines"));
	ck_assert_ptr_eq(ct_host_sniff(h, "plain words", 11, "x.txt"), ct_host_find(h, "text"));
	req.name = "inline.lines";
	ck_assert_int_eq(ct_host_parse(&doc, h, data, strlen(data), &req), 0);
	ck_assert_str_eq(doc->type, "lines");
	ck_assert_str_eq(doc->meta[CT_META_TITLE], "Two items");
	ck_assert_uint_eq(doc->nsections, 2);
	ck_assert_str_eq(doc->sections[0].meta[CT_META_ID], "a-1");
	ck_assert_uint_eq(doc->nblocks, 3);
	ck_assert_ptr_null(ct_doc_block_section(doc, &doc->blocks[0]));
	ck_assert_str_eq(ct_doc_block_section(doc, &doc->blocks[1]), "a-1");
	ck_assert_str_eq(ct_doc_block_section(doc, &doc->blocks[2]), "a-2");
	ck_assert_int_eq(doc->blocks[2].kind, CT_BLOCK_HEADING);
	ct_doc_free(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_plugin_failure_message)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_host *h = empty_host();
	ct_doc *doc = NULL;

	ck_assert_int_eq(ct_host_load(h, testplugin("lines")), 0);
	req.type = "lines";
	req.name = "bad.lines";
	ck_assert_int_eq(ct_host_parse(&doc, h, "ok\n@fail\n", 9, &req), CT_EINVAL);
	ck_assert_str_eq(ct_error_last(), "bad.lines: line says @fail");
	ck_assert_ptr_null(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_parse_rejects_bad_input)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_host *h = test_host();
	ct_doc *doc = NULL;
	char *big;

	req.name = "in.txt";
	ck_assert_int_eq(ct_host_parse(&doc, h, "", 0, &req), CT_EINVAL);
	ck_assert_str_eq(ct_error_last(), "in.txt: empty document");
	ck_assert_int_eq(ct_host_parse(&doc, h, "\x7f" "ELF\x02\x01\x01\0\0\0", 10, &req), CT_EINVAL);
	ck_assert_str_eq(ct_error_last(), "in.txt: binary data, not a text document");
	req.type = "pdf";
	ck_assert_int_eq(ct_host_parse(&doc, h, "x", 1, &req), CT_EUNSUPPORTED);
	ck_assert(strstr(ct_error_last(), "in.txt: unknown type 'pdf'") == ct_error_last());
	req.type = NULL;
	big = malloc(CT_MAX_INPUT + 1);
	memset(big, 'a', CT_MAX_INPUT + 1);
	ck_assert_int_eq(ct_host_parse(&doc, h, big, CT_MAX_INPUT + 1, &req), CT_ETOOBIG);
	free(big);
	ck_assert_ptr_null(doc);
	ct_host_free(h);
}
END_TEST

START_TEST(test_cli_plugins_lists_and_warns)
{
	char path[8300];
	const char *build = getenv("CT_BUILD");
	const char *argv[] = { "plugins", NULL };
	const char *env[] = { path, NULL };
	run_result r;

	snprintf(path, sizeof(path), "CLAIMTRACK_PLUGIN_PATH=%s/plugins:%s/testplugins",
		build ? build : "build", build ? build : "build");
	run_claimtrack(&r, argv, NULL, 0, env);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strncmp(r.out, "text ", 5) == 0 || strstr(r.out, "\ntext ") != NULL);
	ck_assert(strstr(r.out, "lines  0.1     text/x-lines  (.lines)") != NULL);
	ck_assert(strstr(r.err, "bad_abi.so refused: built for plugin ABI 999") != NULL);
	ck_assert(strstr(r.err, "dup_text.so refused: a plugin named 'text' is already loaded") != NULL);
	run_result_free(&r);
}
END_TEST

Suite *make_host_suite(void)
{
	Suite *s = suite_create("host");
	TCase *tc = tcase_create("refuse");

	tcase_add_test(tc, test_refuse_wrong_abi);
	tcase_add_test(tc, test_refuse_small_struct);
	tcase_add_test(tc, test_refuse_no_entry);
	tcase_add_test(tc, test_refuse_null_descriptor);
	tcase_add_test(tc, test_refuse_duplicate_name);
	tcase_add_test(tc, test_refuse_not_elf);
	tcase_add_test(tc, test_scan_dir_reports_each_refusal);
	suite_add_tcase(s, tc);
	tc = tcase_create("parse");
	tcase_add_test(tc, test_third_party_plugin_sections_and_sniff);
	tcase_add_test(tc, test_plugin_failure_message);
	tcase_add_test(tc, test_parse_rejects_bad_input);
	tcase_add_test(tc, test_cli_plugins_lists_and_warns);
	suite_add_tcase(s, tc);
	return s;
}
