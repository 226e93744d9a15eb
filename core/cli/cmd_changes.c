/* SPDX-License-Identifier: MIT */
/* claimtrack changes: every figure change across the archive since a time. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char changes_usage[] =
"usage: claimtrack changes [options]\n"
"\n"
"Every figure change across the whole archive since a time, newest first:\n"
"each version whose figures changed against the version before it (or\n"
"whose feed items came or went).\n"
"\n"
"Options:\n"
"  -A, --archive DIR    archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                       ~/.local/share/claimtrack/archive)\n"
"  -s, --since TIME     only versions observed at TIME or later: a date, a\n"
"                       time (2025-06-01T12:00:00Z), @EPOCH, or an age (2h, 7d)\n"
"  -n, --limit N        the N newest only\n"
"  -f, --format FMT     text (default), json (one change per line), atom (a\n"
"                       stable feed: ids from commits, times from observations),\n"
"                       html (a list)\n"
"      --url URL        where the Atom feed is published: its id and rel=self\n"
"                       (default $CLAIMTRACK_FEED_URL)\n"
"  -h, --help           this help\n"
"\n"
"Exit status: 0 no change, 1 changes listed, 2 trouble.\n";

int cmd_changes(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "since", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "url", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *archive_opt = NULL, *self = getenv("CLAIMTRACK_FEED_URL");
	ct_format fmt = CT_FORMAT_TEXT;
	ct_archive *archive = NULL;
	ct_host *host = NULL;
	ct_change_list list = { NULL, 0 };
	ct_buf out = CT_BUF_INIT;
	int64_t since = 0, age;
	size_t limit = 0;
	char *end;
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:s:n:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'A': archive_opt = optarg; break;
		case 's':
			if (ct_watch_parse_duration(&age, optarg) == 0) {
				since = (int64_t)time(NULL) - age;
			} else if (cli_parse_time(&since, optarg) < 0) {
				return cli_usage_error("changes", "--since %s: give a time "
					"(2025-06-01, 2025-06-01T12:00:00Z, @EPOCH) or an age (2h, 7d)", optarg);
			}
			ct_error_clear();
			break;
		case 'n':
			limit = strtoul(optarg, &end, 10);
			if (*end || !limit || optarg[0] == '-')
				return cli_usage_error("changes", "--limit takes a positive number");
			break;
		case 'f':
			if (ct_format_parse(&fmt, optarg) < 0)
				return cli_usage_error("changes", "--format is text, json, atom or html");
			break;
		case 'u':
			if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8))
				return cli_usage_error("changes", "--url takes an http or https URL");
			self = optarg;
			break;
		case 'h': fputs(changes_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("changes", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("changes", "takes no arguments (the whole archive)");
	if (self && !*self)
		self = NULL;
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		goto out;
	if (ct_changes_collect(&list, archive, host, since, limit) < 0 ||
	    ct_changes_render(&out, &list, fmt, self) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	rc = cli_write(&out);
	if (rc == EXIT_OK && list.n)
		rc = EXIT_DIFFERENT;
out:
	ct_buf_dispose(&out);
	ct_change_list_dispose(&list);
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
