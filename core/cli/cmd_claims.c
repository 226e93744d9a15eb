/* claimtrack claims: the figures a document reports. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char claims_usage[] =
"usage: claimtrack claims [--type html|text|rss] [--format text|json] [--debug] FILE|-\n"
"\n"
"Extract the claims of a document: each figure with what it counts, its\n"
"kind (count, percent, money, measure, ordinal, year), unit, rate and\n"
"qualifier. --format json prints one JSON object per line (JSON Lines) in\n"
"document order; text prints a table.\n"
"\n"
"Options:\n"
"  -t, --type NAME     parser plugin to use (see 'claimtrack plugins')\n"
"  -f, --format FMT    text (default) or json\n"
"      --debug         with json: add \"rule\", the grammar rule that found\n"
"                      each claim's subject\n"
"  -h, --help          this help\n";

int cmd_claims(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *type = NULL, *format = "text";
	ct_claimset set = CT_CLAIMSET_INIT;
	ct_host *host = NULL;
	ct_doc *doc = NULL;
	ct_buf out = CT_BUF_INIT;
	int c, rc, debug = 0;
	size_t i;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': type = optarg; break;
		case 'f': format = optarg; break;
		case 'd': debug = 1; break;
		case 'h': fputs(claims_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("claims", c, argv);
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error("claims", "unknown format '%s' (text or json)", format);
	if (optind + 1 != argc)
		return cli_usage_error("claims", "expected one FILE (or - for stdin)");
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	if ((rc = cli_parse_file(&doc, host, argv[optind], type)) != EXIT_OK)
		goto out;
	if (ct_claims_extract(&set, doc) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (!strcmp(format, "json")) {
		for (i = 0; i < set.count; i++) {
			if (ct_report_claim_json(&out, &set.items[i], debug) < 0 ||
			    ct_buf_putc(&out, '\n') < 0) {
				rc = cli_lib_error();
				goto out;
			}
		}
	} else if (ct_report_claims_text(&out, &set) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	rc = cli_write(&out);
out:
	ct_buf_dispose(&out);
	ct_claimset_clear(&set);
	ct_doc_free(doc);
	ct_host_free(host);
	return rc;
}
