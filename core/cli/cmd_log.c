/* SPDX-License-Identifier: MIT */
/* claimtrack log: the versions of one document. */
#include <getopt.h>
#include <string.h>

#include <jansson.h>

#include "archive_cmds.h"

static const char log_usage[] =
"usage: claimtrack log [-A DIR] [--format text|json] ID\n"
"\n"
"List the versions of document ID, oldest first: version number, when it\n"
"was observed, its commit, and how its figures changed from the version\n"
"before. Reads only this document's history. --format json prints one\n"
"object a line: id, version, observed, commit, summary, url, media_type,\n"
"plugin, extractor (null where unknown).\n"
"\n"
"Options:\n"
"  -f, --format FMT    text (default) or json\n"
"  -A, --archive DIR   archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                      ~/.local/share/claimtrack/archive)\n"
"  -h, --help          this help\n";

/* What a commit subject "<id>: version N (summary)" says in parentheses. */
static void subject_summary(const char **s, int *len, const char *subject)
{
	const char *open = strstr(subject, ": version ");
	size_t n = strlen(subject);

	*s = subject;
	*len = (int)n;
	if (!open || !(open = strchr(open, '(')) || n < 2 || subject[n - 1] != ')')
		return;
	*s = open + 1;
	*len = (int)(subject + n - 1 - (open + 1));
}

int cmd_log(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *archive_opt = NULL, *format = "text";
	ct_archive *archive = NULL;
	ct_archive_version *v = NULL;
	size_t n = 0, i;
	int c, rc, json;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'A': archive_opt = optarg; break;
		case 'f': format = optarg; break;
		case 'h': fputs(log_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("log", c, argv);
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error("log", "--format takes text or json, not '%s'", format);
	json = !strcmp(format, "json");
	if (argc - optind != 1)
		return cli_usage_error("log", "expected one document ID");
	if (strchr(argv[optind], '@'))
		return cli_usage_error("log", "give a document ID without @");
	if (ct_archive_id_check(argv[optind]) < 0)
		return cli_lib_error();
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		return rc;
	if (ct_archive_log(&v, &n, archive, argv[optind]) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	for (i = 0; i < n; i++) {
		char when[32];
		const char *s;
		int len;

		cli_format_time(when, sizeof(when), v[i].observed_at);
		subject_summary(&s, &len, v[i].subject);
		if (json) {
			json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s#, s:s?, s:s?, s:s?, s:s?}",
				"id", argv[optind], "version", (json_int_t)v[i].number,
				"observed", when, "commit", v[i].commit, "summary", s, len,
				"url", v[i].source_url, "media_type", v[i].media_type,
				"plugin", v[i].plugin, "extractor", v[i].extractor);

			if (!o || json_dumpf(o, stdout, JSON_COMPACT) < 0 || fputc('\n', stdout) == EOF) {
				json_decref(o);
				rc = cli_error("cannot write output");
				goto out;
			}
			json_decref(o);
			continue;
		}
		printf("%4u  %s  %.12s  %.*s\n", v[i].number, when, v[i].commit, len, s);
	}
	rc = fflush(stdout) == 0 ? EXIT_OK : cli_error("cannot write output");
out:
	ct_versions_free(v, n);
	ct_archive_free(archive);
	return rc;
}
