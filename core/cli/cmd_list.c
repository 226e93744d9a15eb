/* SPDX-License-Identifier: MIT */
/* claimtrack list: the documents in the archive. */
#include <getopt.h>
#include <string.h>

#include <jansson.h>

#include "archive_cmds.h"

static const char list_usage[] =
"usage: claimtrack list [-A DIR] [--format text|json]\n"
"\n"
"List the documents in the archive, sorted by id, with how many versions\n"
"each has and when its latest version was observed. A branch that cannot\n"
"be read (an empty or garbage ref file) is named on stderr, exit status 2.\n"
"--format json prints one object a line: id, versions, last (the latest\n"
"observation), commit (the latest version's).\n"
"\n"
"Options:\n"
"  -f, --format FMT    text (default) or json\n"
"  -A, --archive DIR   archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                      ~/.local/share/claimtrack/archive)\n"
"  -h, --help          this help\n";

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *archive_opt = NULL, *format = "text";
	ct_archive *archive = NULL;
	char **ids = NULL;
	size_t n = 0, i, width = 2;
	int c, rc, broken = 0, json;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'A': archive_opt = optarg; break;
		case 'f': format = optarg; break;
		case 'h': fputs(list_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("list", c, argv);
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error("list", "--format takes text or json, not '%s'", format);
	json = !strcmp(format, "json");
	if (argc != optind)
		return cli_usage_error("list", "takes no arguments");
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		return rc;
	if (ct_archive_list(&ids, &n, archive) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	for (i = 0; i < n; i++)
		if (strlen(ids[i]) > width)
			width = strlen(ids[i]);
	for (i = 0; i < n; i++) {
		ct_archive_version v;
		char when[32];

		/* the latest version only: O(documents), not O(versions) */
		if (ct_archive_latest(&v, archive, ids[i]) < 0) {
			/* a branch to nowhere: check_refs below names it */
			if (ct_error_last_code() == CT_ENOMEM) {
				rc = cli_lib_error();
				goto out;
			}
			broken = 1;
			continue;
		}
		cli_format_time(when, sizeof(when), v.observed_at);
		if (json) {
			json_t *o = json_pack("{s:s, s:I, s:s, s:s}", "id", ids[i],
				"versions", (json_int_t)v.number, "last", when, "commit", v.commit);

			if (o)
				json_dumpf(o, stdout, JSON_COMPACT);
			json_decref(o);
			ct_version_dispose(&v);
			if (!o || fputc('\n', stdout) == EOF) {
				rc = cli_error("cannot write output");
				goto out;
			}
			continue;
		}
		printf("%-*s  %5u version%s  last %s\n", (int)width, ids[i], v.number,
			v.number == 1 ? " " : "s", when);
		ct_version_dispose(&v);
	}
	rc = fflush(stdout) == 0 ? EXIT_OK : cli_error("cannot write output");
	/* a branch that cannot be read is no listed document, but it is said */
	if (rc == EXIT_OK) {
		char **bad = NULL;
		size_t nbad = 0;

		if (ct_archive_check_refs(&bad, &nbad, archive) < 0) {
			rc = cli_lib_error();
			goto out;
		}
		for (i = 0; i < nbad; i++)
			cli_error("list: %s (run 'claimtrack verify')", bad[i]);
		if (nbad || broken)
			rc = EXIT_TROUBLE;
		ct_strings_free(bad, nbad);
	}
out:
	ct_strings_free(ids, n);
	ct_archive_free(archive);
	return rc;
}
