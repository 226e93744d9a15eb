/* SPDX-License-Identifier: MIT */
/* claimtrack add: store a new version of a document. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "archive_cmds.h"

static const char add_usage[] =
"usage: claimtrack add [options] --id ID FILE|-\n"
"\n"
"Store FILE (or stdin) as the next version of document ID: one commit on\n"
"the document's branch holding the source, its text one sentence per line\n"
"and its claims one per line. The same bytes as the latest version make\n"
"no new commit. Prints the version number, its commit and how many figures\n"
"changed, were added and were removed since the version before.\n"
"\n"
"Options:\n"
"  -i, --id ID              document id: letters, digits, '.', '_', '-'\n"
"      --at TIME            when this version was observed (default now):\n"
"                           2025-06-01T12:00:00Z, an offset, a date, @EPOCH\n"
"  -t, --type NAME          parser plugin (default: sniffed)\n"
"  -u, --url URL            where the document came from (provenance)\n"
"      --content-type TYPE  the Content-Type it was served with\n"
"      --etag VALUE         its ETag, when fetched over HTTP\n"
"      --last-modified V    its Last-Modified, when fetched over HTTP\n"
"  -A, --archive DIR        archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                           ~/.local/share/claimtrack/archive)\n"
"      --durable            fsync objects and refs before reporting success\n"
"  -q, --quiet              print nothing on success\n"
"  -h, --help               this help\n"
"\n"
"Exit status: 0 stored (or unchanged), 2 trouble; on trouble nothing is written.\n";

enum { OPT_AT = 256, OPT_CTYPE, OPT_ETAG, OPT_LASTMOD, OPT_DURABLE };

int cmd_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "at", required_argument, NULL, OPT_AT },
		{ "type", required_argument, NULL, 't' },
		{ "url", required_argument, NULL, 'u' },
		{ "content-type", required_argument, NULL, OPT_CTYPE },
		{ "etag", required_argument, NULL, OPT_ETAG },
		{ "last-modified", required_argument, NULL, OPT_LASTMOD },
		{ "archive", required_argument, NULL, 'A' },
		{ "durable", no_argument, NULL, OPT_DURABLE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	ct_add_options aopts = CT_ADD_OPTIONS_INIT;
	ct_add_result res;
	const char *id = NULL, *archive_opt = NULL, *file, *at = NULL;
	ct_archive *archive = NULL;
	ct_host *host = NULL;
	ct_buf in = CT_BUF_INIT, summary = CT_BUF_INIT;
	int c, rc, quiet = 0, durable = 0;
	size_t i;

	memset(&res, 0, sizeof(res));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:t:u:A:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'i': id = optarg; break;
		case OPT_AT: at = optarg; break;
		case 't': aopts.type = optarg; break;
		case 'u': aopts.source_url = optarg; break;
		case OPT_CTYPE: aopts.content_type = optarg; break;
		case OPT_ETAG: aopts.etag = optarg; break;
		case OPT_LASTMOD: aopts.last_modified = optarg; break;
		case 'A': archive_opt = optarg; break;
		case OPT_DURABLE: durable = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(add_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("add", c, argv);
		}
	}
	if (!id)
		return cli_usage_error("add", "--id ID is required");
	if (argc - optind != 1)
		return cli_usage_error("add", "expected one FILE (or - for stdin)");
	file = argv[optind];
	if (at && cli_parse_time(&aopts.observed_at, at) < 0)
		return cli_usage_error("add", "--at '%s': not a time (use 2025-06-01T12:00:00Z)", at);
	if (at && aopts.observed_at <= 0)
		return cli_usage_error("add", "--at '%s': times before 1970 cannot be stored", at);
	if (ct_archive_id_check(id) < 0)
		return cli_lib_error();
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		return rc;
	if (durable)
		ct_archive_set_durable(archive, 1);
	if (ct_buf_read_file(&in, file, CT_MAX_INPUT) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if ((rc = cli_host(&host)) != EXIT_OK)
		goto out;
	aopts.name = strcmp(file, "-") ? file : "stdin";
	if (ct_archive_add(&res, archive, host, id, in.ptr, in.len, &aopts) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	for (i = 0; i < res.nwarnings; i++)
		cli_warn("%s: %s", aopts.name, res.warnings[i]);
	rc = EXIT_OK;
	if (quiet)
		goto out;
	if (!res.created) {
		printf("%s: unchanged, same as version %u\n", id, res.version.number);
	} else {
		if (ct_archive_summary(&summary, &res) < 0) {
			rc = cli_lib_error();
			goto out;
		}
		printf("%s: version %u (%.12s) %s\n", id, res.version.number,
			res.version.commit, summary.ptr);
	}
	if (fflush(stdout) != 0)
		rc = cli_error("cannot write output");
out:
	ct_buf_dispose(&summary);
	ct_buf_dispose(&in);
	ct_add_result_dispose(&res);
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
