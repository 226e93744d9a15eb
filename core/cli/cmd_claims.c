/* SPDX-License-Identifier: MIT */
/* claimtrack claims: the figures a document reports. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char claims_usage[] =
"usage: claimtrack claims [--type html|text|rss] [--format text|json] [--all] [--debug] FILE|-...\n"
"\n"
"Extract the claims of a document: each figure with what it counts, its\n"
"kind (count, percent, money, measure, ordinal, year), unit, rate and\n"
"qualifier. --format json prints one JSON object per line (JSON Lines) in\n"
"document order; text prints a table. Vague quantities (\"dozens\") and\n"
"number words that point at a known set (\"the two sides\", \"one of the\n"
"oldest\") are listed, marked \"vague\" or \"reference\" in JSON; diff never\n"
"reports them. --all also lists the numbers that are no figure: dates and\n"
"clock times (kind date), times that place an event (\"two days ago\": kind\n"
"relative) and names (\"Covid-19\", \"level 2\": kind label).\n"
"\n"
"Several FILEs are read in argument order: the table of each comes after a\n"
"header line '==> FILE <==' (a blank line before all but the first), and\n"
"each JSON line gets a first member \"file\": FILE. A FILE that fails is\n"
"reported and the others go on; the exit status is then 2.\n"
"\n"
"Options:\n"
"  -t, --type NAME     parser plugin to use (see 'claimtrack plugins')\n"
"  -f, --format FMT    text (default) or json\n"
"  -a, --all           also list dates, relative times and labels\n"
"      --debug         with json: add \"rule\", the grammar rule that found\n"
"                      each claim's subject\n"
"  -h, --help          this help\n";

typedef struct claims_opts {
	int json, debug, all;
} claims_opts;

static int render_claims(ct_buf *out, const ct_doc *doc, const char *file, int many,
	size_t nth, void *payload)
{
	const claims_opts *o = payload;
	ct_claimset set = CT_CLAIMSET_INIT;
	ct_buf obj = CT_BUF_INIT;
	size_t i;
	int err;

	if ((err = ct_claims_extract(&set, doc)) < 0)
		goto out;
	if (!o->all)
		ct_claimset_keep_listed(&set);
	if (!o->json) {
		if (!many || (err = cli_file_header(out, file, nth)) == 0)
			err = ct_report_claims_text(out, &set);
		goto out;
	}
	for (i = 0; i < set.count && !err; i++) {
		if (!many) {
			err = ct_report_claim_json(out, &set.items[i], o->debug);
		} else {
			ct_buf_clear(&obj);
			if ((err = ct_report_claim_json(&obj, &set.items[i], o->debug)) == 0)
				err = cli_json_with_file(out, obj.ptr, obj.len, file);
		}
		if (!err)
			err = ct_buf_putc(out, '\n');
	}
out:
	ct_buf_dispose(&obj);
	ct_claimset_clear(&set);
	return err;
}

int cmd_claims(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "debug", no_argument, NULL, 'd' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *type = NULL, *format = "text";
	claims_opts o = { 0, 0, 0 };
	ct_host *host = NULL;
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:f:ah", opts, NULL)) != -1) {
		switch (c) {
		case 't': type = optarg; break;
		case 'f': format = optarg; break;
		case 'd': o.debug = 1; break;
		case 'a': o.all = 1; break;
		case 'h': fputs(claims_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("claims", c, argv);
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error("claims", "unknown format '%s' (text or json)", format);
	if (optind >= argc)
		return cli_usage_error("claims", "expected a FILE (or - for stdin)");
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	o.json = !strcmp(format, "json");
	rc = cli_each_file(host, argv + optind, argc - optind, type, render_claims, &o);
	ct_host_free(host);
	return rc;
}
