/* SPDX-License-Identifier: MIT */
/* claimtrack show: one stored version. */
#include <getopt.h>
#include <string.h>

#include "archive_cmds.h"

static const char show_usage[] =
"usage: claimtrack show [-A DIR] [--source|--text|--claims] ID[@REV]\n"
"\n"
"Show one stored version of a document: by default what is known about it\n"
"(commit, observation time, provenance) followed by its claims. REV is N\n"
"(the N-th version, 1 is the first), -N (counting back, -1 is the latest)\n"
"or a commit prefix; without it, the latest version.\n"
"\n"
"Options:\n"
"  -s, --source        print the stored source bytes exactly as observed\n"
"  -T, --text          print the normalized text, one sentence per line\n"
"  -c, --claims        print the stored claims, one per line, sorted\n"
"  -A, --archive DIR   archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                      ~/.local/share/claimtrack/archive)\n"
"  -h, --help          this help\n";

static int show_info(ct_archive *archive, const ct_archive_version *v, const char *spec)
{
	ct_buf claims = CT_BUF_INIT;
	char when[32];
	int rc;

	if (ct_archive_read(&claims, archive, v, "claims") < 0) {
		ct_buf_dispose(&claims);
		return cli_lib_error();
	}
	cli_format_time(when, sizeof(when), v->observed_at);
	printf("version   %u\n", v->number);
	printf("commit    %s\n", v->commit);
	printf("observed  %s\n", when);
	printf("subject   %s\n", v->subject);
	if (v->source_url)
		printf("url       %s\n", v->source_url);
	printf("source    %s%s%s%s\n", v->source_name, v->media_type ? " (" : "",
		v->media_type ? v->media_type : "", v->media_type ? ")" : "");
	printf("plugin    %s, extractor %s\n", v->plugin ? v->plugin : "?",
		v->extractor ? v->extractor : "?");
	printf("\nclaims of %s:\n", spec);
	rc = cli_write(&claims);
	ct_buf_dispose(&claims);
	return rc;
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", no_argument, NULL, 's' },
		{ "text", no_argument, NULL, 'T' },
		{ "claims", no_argument, NULL, 'c' },
		{ "archive", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *archive_opt = NULL, *what = NULL;
	ct_archive *archive = NULL;
	ct_buf out = CT_BUF_INIT;
	ct_archive_version v;
	int c, rc;

	memset(&v, 0, sizeof(v));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":sTcA:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'T':
		case 'c':
			if (what)
				return cli_usage_error("show", "give one of --source, --text and --claims");
			what = c == 's' ? "source" : c == 'T' ? "text" : "claims";
			break;
		case 'A': archive_opt = optarg; break;
		case 'h': fputs(show_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("show", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("show", "expected one ID or ID@REV");
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		return rc;
	if (ct_archive_resolve(&v, archive, argv[optind]) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (!what) {
		rc = show_info(archive, &v, argv[optind]);
		goto out;
	}
	if (ct_archive_read(&out, archive, &v, what) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	rc = cli_write(&out);
out:
	ct_buf_dispose(&out);
	ct_version_dispose(&v);
	ct_archive_free(archive);
	return rc;
}
