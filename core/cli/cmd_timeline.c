/* SPDX-License-Identifier: MIT */
/* claimtrack timeline: every figure of a document across all its versions. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char timeline_usage[] =
"usage: claimtrack timeline [options] ID\n"
"       claimtrack timeline [options] FILE FILE...\n"
"\n"
"Follow every figure of a document through all its versions (oldest first)\n"
"and show when each one appeared, moved or disappeared. Figures are paired\n"
"between consecutive versions exactly as 'claimtrack diff' pairs them.\n"
"Given files instead of an archive ID, they are taken as versions in order.\n"
"\n"
"Options:\n"
"  -A, --archive DIR    archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                       ~/.local/share/claimtrack/archive)\n"
"  -t, --type NAME      parser plugin for files\n"
"  -f, --format FMT     text (default), json, html (one page: a chart and a\n"
"                       table per figure that moved) or atom (a feed entry\n"
"                       per figure change; needs an archive ID)\n"
"  -a, --all            also list figures that never changed\n"
"      --years          include years\n"
"  -h, --help           this help\n";

static int all_files(int argc, char **argv)
{
	struct stat st;
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") && (stat(argv[i], &st) != 0 || S_ISDIR(st.st_mode)))
			return 0;
	return 1;
}

int cmd_timeline(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "years", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *archive_opt = NULL, *type = NULL, *format = "text";
	ct_diff_options dopts = CT_DIFF_OPTIONS_INIT;
	ct_timeline_labels labels;
	ct_archive *archive = NULL;
	ct_archive_version *vers = NULL;
	ct_timeline *tl = NULL;
	ct_claimset *sets = NULL;
	ct_host *host = NULL;
	ct_buf out = CT_BUF_INIT;
	ct_format fmt;
	char **vlabels = NULL, **tlabels = NULL, **commits = NULL, *title = NULL, *url = NULL;
	int64_t *observed = NULL;
	size_t n = 0, i;
	int c, rc, all = 0, files;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:t:f:ah", opts, NULL)) != -1) {
		switch (c) {
		case 'A': archive_opt = optarg; break;
		case 't': type = optarg; break;
		case 'f': format = optarg; break;
		case 'a': all = 1; break;
		case 'y': dopts.include_years = 1; break;
		case 'h': fputs(timeline_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("timeline", c, argv);
		}
	}
	if (ct_format_parse(&fmt, format) < 0)
		return cli_usage_error("timeline", "unknown format '%s' (text, json, html or atom)", format);
	if (optind >= argc)
		return cli_usage_error("timeline", "expected a document ID or files");
	files = all_files(argc - optind, argv + optind);
	if (!files && argc - optind != 1)
		return cli_usage_error("timeline", "expected one document ID, or files that exist");
	if (files && fmt == CT_FORMAT_ATOM)
		return cli_usage_error("timeline", "atom needs an archive document ID (its entries "
			"are made of commit ids and observation times)");
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	if (files) {
		n = (size_t)(argc - optind);
	} else {
		if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
			goto out;
		if (ct_archive_log(&vers, &n, archive, argv[optind]) < 0) {
			rc = cli_lib_error();
			goto out;
		}
	}
	if (!(sets = calloc(n + 1, sizeof(*sets))) || !(vlabels = calloc(n + 1, sizeof(char *))) ||
	    !(tlabels = calloc(n + 1, sizeof(char *))) || !(observed = calloc(n + 1, sizeof(*observed))) ||
	    !(commits = calloc(n + 1, sizeof(char *)))) {
		rc = cli_error("out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		char tmp[64];

		if (files) {
			ct_doc *doc = NULL;

			if ((rc = cli_parse_file(&doc, host, argv[optind + i], type)) != EXIT_OK)
				goto out;
			if (ct_claims_extract(&sets[i], doc) < 0) {
				ct_doc_free(doc);
				rc = cli_lib_error();
				goto out;
			}
			ct_doc_free(doc);
			snprintf(tmp, sizeof(tmp), "%zu", i + 1);
			vlabels[i] = strdup(tmp);
			tlabels[i] = strdup(argv[optind + i]);
		} else {
			if (ct_archive_claims(&sets[i], archive, host, &vers[i]) < 0) {
				rc = cli_lib_error();
				goto out;
			}
			snprintf(tmp, sizeof(tmp), "%u", vers[i].number);
			vlabels[i] = strdup(tmp);
			cli_format_time(tmp, sizeof(tmp), vers[i].observed_at);
			tlabels[i] = strdup(tmp);
			observed[i] = vers[i].observed_at;
			commits[i] = vers[i].commit;
		}
		if (!vlabels[i] || !tlabels[i]) {
			rc = cli_error("out of memory");
			goto out;
		}
		if (n > 50 && isatty(STDERR_FILENO) && (i + 1) % 50 == 0)
			fprintf(stderr, "\rreading versions: %zu/%zu", i + 1, n);
	}
	if (n > 50 && isatty(STDERR_FILENO))
		fputc('\n', stderr);
	if (ct_timeline_build(&tl, sets, n, &dopts) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	memset(&labels, 0, sizeof(labels));
	labels.id = files ? NULL : argv[optind];
	labels.versions = (const char *const *)vlabels;
	labels.times = (const char *const *)tlabels;
	labels.all = all;
	if (!files) {
		labels.observed = observed;
		labels.commits = (const char *const *)commits;
		if (n && fmt == CT_FORMAT_HTML)
			cli_version_meta(&title, &url, archive, host, &vers[n - 1]);
		labels.title = title;
		labels.url = url;
	}
	if (ct_report_timeline(&out, tl, fmt, &labels) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	rc = cli_write(&out);
out:
	ct_buf_dispose(&out);
	ct_timeline_free(tl);
	for (i = 0; i < n; i++) {
		if (sets)
			ct_claimset_clear(&sets[i]);
		if (vlabels)
			free(vlabels[i]);
		if (tlabels)
			free(tlabels[i]);
	}
	free(sets);
	free(vlabels);
	free(tlabels);
	free(observed);
	free(commits);
	free(title);
	free(url);
	if (vers)
		ct_versions_free(vers, n);
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
