/* SPDX-License-Identifier: MIT */
/* Plugin host: ABI checks, refusals with reasons, sniffing, parse errors,
 * manifests and loading on first use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
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

/* ---- manifests: a plugin is loaded when it is chosen ---- */

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *data = slurp(from, &len);

	spew(to, data, len);
	free(data);
}

/* Is a file with this path mapped into this process? */
static int mapped(const char *path)
{
	size_t len;
	char *maps = slurp("/proc/self/maps", &len);
	int hit = strstr(maps, path) != NULL;

	free(maps);
	return hit;
}

static long long file_size(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return (long long)st.st_size;
}

/* A manifest for a plugin file, as the build writes it. */
static void write_manifest(const char *so, const char *manifest)
{
	ct_host *h = empty_host();
	ct_buf b = CT_BUF_INIT;

	ck_assert_int_eq(ct_host_load(h, so), 0);
	ck_assert_int_eq(ct_plugin_manifest(&b, ct_host_plugin(h, 0), so), 0);
	spew(manifest, b.ptr, b.len);
	ct_buf_dispose(&b);
	ct_host_free(h);
}

static ct_host *host_over(const char *dir, refusals *r)
{
	ct_host_options o = CT_HOST_OPTIONS_INIT;
	ct_host *h = NULL;

	o.plugin_path = dir;
	o.no_default_dirs = 1;
	o.on_refuse = count_refusal;
	o.payload = r;
	ck_assert_int_eq(ct_host_new(&h, &o), 0);
	return h;
}

static const char *in_dir(const char *dir, const char *name)
{
	static char path[4][4400];
	static int n;

	n = (n + 1) % 4;
	snprintf(path[n], sizeof(path[n]), "%.4000s/%.300s", dir, name);
	return path[n];
}

START_TEST(test_manifest_chooses_without_loading)
{
	static const char junk[] = "not a shared object: loading it would fail\n";
	char *dir = tmpdir_new(), manifest[512];
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	refusals r = { 0, "" };
	ct_doc *doc = NULL;
	ct_host *h;

	copy_file(plugin("text"), in_dir(dir, "text.so"));
	write_manifest(in_dir(dir, "text.so"), in_dir(dir, "text.manifest"));
	copy_file(testplugin("lines"), in_dir(dir, "lines.so"));
	write_manifest(in_dir(dir, "lines.so"), in_dir(dir, "lines.manifest"));
	spew(in_dir(dir, "broken.so"), junk, sizeof(junk) - 1);
	snprintf(manifest, sizeof(manifest), "claimtrack-plugin-manifest 1\nabi 1\nsize %zu\n"
		"name broken\nversion 1\nmedia-types application/x-broken\nextensions brk\n",
		sizeof(junk) - 1);
	spew(in_dir(dir, "broken.manifest"), manifest, strlen(manifest));

	h = host_over(dir, &r);
	ck_assert_int_eq(r.count, 0);
	ck_assert(!mapped(in_dir(dir, "text.so")) && !mapped(in_dir(dir, "lines.so")));
	/* the extension chooses text; lines and broken are never loaded */
	req.name = "story.txt";
	ck_assert_int_eq(ct_host_parse(&doc, h, "Officials said 3 cats.\n", 23, &req), 0);
	ck_assert_str_eq(doc->type, "text");
	ct_doc_free(doc);
	ck_assert(mapped(in_dir(dir, "text.so")));
	ck_assert(!mapped(in_dir(dir, "lines.so")));
	ck_assert_int_eq(r.count, 0);
	/* by name, only that one */
	ck_assert_ptr_nonnull(ct_host_find(h, "lines"));
	ck_assert(mapped(in_dir(dir, "lines.so")));
	ck_assert_int_eq(r.count, 0);
	/* chosen, broken fails to load, is said once, and another plugin takes the input */
	req.name = "story.brk";
	ck_assert_int_eq(ct_host_parse(&doc, h, "Officials said 3 cats.\n", 23, &req), 0);
	ck_assert_str_eq(doc->type, "text");
	ct_doc_free(doc);
	ck_assert_int_eq(r.count, 1);
	ck_assert(strstr(r.last, "broken.so: cannot load") != NULL);
	ck_assert_uint_eq(ct_host_count(h), 2);
	ck_assert_int_eq(r.count, 1);
	ck_assert_str_eq(ct_host_plugin_manifest(h, 0), in_dir(dir, "lines.manifest"));
	ct_host_free(h);
	tmpdir_cleanup(dir);
}
END_TEST

/* dir/sub/lines.so, a fresh path: what is mapped tells of this host only */
static const char *lines_copy(const char *dir, const char *sub)
{
	static char path[4400];
	char d[4400];

	snprintf(d, sizeof(d), "%.4000s/%.300s", dir, sub);
	ck_assert_int_eq(mkdir(d, 0700), 0);
	snprintf(path, sizeof(path), "%.4300s/lines.so", d);
	copy_file(testplugin("lines"), path);
	return path;
}

START_TEST(test_plugin_without_manifest_is_loaded_at_start)
{
	char *dir = tmpdir_new(), stale[256], sub[4400], so[4400];
	struct timespec t[2];
	struct stat st;
	refusals r = { 0, "" };
	ct_host *h;

	/* no manifest */
	snprintf(so, sizeof(so), "%s", lines_copy(dir, "none"));
	snprintf(sub, sizeof(sub), "%s/none", dir);
	h = host_over(sub, &r);
	ck_assert(mapped(so));
	ck_assert_ptr_eq(ct_host_sniff(h, "x 1", 3, "a.lines"), ct_host_find(h, "lines"));
	ck_assert_ptr_null(ct_host_plugin_manifest(h, 0));
	ct_host_free(h);

	/* a manifest for a file of another size is not believed */
	snprintf(so, sizeof(so), "%s", lines_copy(dir, "size"));
	snprintf(sub, sizeof(sub), "%s/size", dir);
	snprintf(stale, sizeof(stale), "claimtrack-plugin-manifest 1\nabi 1\nsize %lld\nname lines\n"
		"version 0.1\nmedia-types text/x-lines\nextensions lines\n", file_size(so) + 1);
	spew(in_dir(sub, "lines.manifest"), stale, strlen(stale));
	h = host_over(sub, &r);
	ck_assert(mapped(so));
	ck_assert_ptr_null(ct_host_plugin_manifest(h, 0));
	ct_host_free(h);

	/* nor one older than its plugin */
	snprintf(so, sizeof(so), "%s", lines_copy(dir, "older"));
	snprintf(sub, sizeof(sub), "%s/older", dir);
	write_manifest(so, in_dir(sub, "lines.manifest"));
	ck_assert_int_eq(stat(in_dir(sub, "lines.manifest"), &st), 0);
	t[0] = t[1] = st.st_mtim;
	t[1].tv_sec += 10;
	ck_assert_int_eq(utimensat(AT_FDCWD, so, t, 0), 0);
	h = host_over(sub, &r);
	ck_assert(mapped(so));
	ck_assert_ptr_null(ct_host_plugin_manifest(h, 0));
	ct_host_free(h);
	ck_assert_int_eq(r.count, 0);
	tmpdir_cleanup(dir);
}
END_TEST

START_TEST(test_manifest_that_misdescribes_is_refused)
{
	char *dir = tmpdir_new(), lie[256];
	refusals r = { 0, "" };
	ct_host *h;

	copy_file(testplugin("lines"), in_dir(dir, "lines.so"));
	snprintf(lie, sizeof(lie), "claimtrack-plugin-manifest 1\nabi 1\nsize %lld\nname lines\n"
		"version 0.1\nmedia-types text/x-lines\nextensions lines lns\n",
		file_size(in_dir(dir, "lines.so")));
	spew(in_dir(dir, "lines.manifest"), lie, strlen(lie));
	h = host_over(dir, &r);
	ck_assert(!mapped(in_dir(dir, "lines.so")));
	ck_assert_ptr_null(ct_host_sniff(h, "x", 1, "a.lns"));
	ck_assert_int_eq(r.count, 1);
	ck_assert_msg(strstr(r.last, "lines.manifest does not describe it (the extensions differ); "
		"rewrite it with 'claimtrack plugins --manifest ") != NULL, "%s", r.last);
	ck_assert_uint_eq(ct_host_count(h), 0);
	ct_host_free(h);
	tmpdir_cleanup(dir);
}
END_TEST

START_TEST(test_cli_writes_manifest)
{
	const char *argv[] = { "plugins", "--manifest", testplugin("lines"), NULL };
	char want[512];
	run_result r;

	snprintf(want, sizeof(want), "claimtrack-plugin-manifest 1\n"
		"# What the host needs to choose this plugin without loading it,\n"
		"# written from its descriptor by 'claimtrack plugins --manifest'.\n"
		"abi 1\nsize %lld\nname lines\nversion 0.1\nmedia-types text/x-lines\n"
		"extensions lines\n", file_size(testplugin("lines")));
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, want);
	run_result_free(&r);
	argv[2] = testplugin("bad_abi");
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert(strstr(r.err, "bad_abi.so refused: built for plugin ABI 999") != NULL);
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
	tc = tcase_create("manifest");
	tcase_add_test(tc, test_manifest_chooses_without_loading);
	tcase_add_test(tc, test_plugin_without_manifest_is_loaded_at_start);
	tcase_add_test(tc, test_manifest_that_misdescribes_is_refused);
	tcase_add_test(tc, test_cli_writes_manifest);
	suite_add_tcase(s, tc);
	return s;
}
