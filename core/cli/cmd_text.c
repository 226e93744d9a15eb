/* SPDX-License-Identifier: MIT */
/* claimtrack text: a document's normalized text. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char text_usage[] =
"usage: claimtrack text [--type html|text|rss] [--format text|json] FILE|-...\n"
"\n"
"Parse each document with the plugin chosen by --type (else by file\n"
"extension and content) and print its normalized text: the article body\n"
"only, one block per paragraph, blocks separated by a blank line.\n"
"--format json prints one object with the metadata, the sections (feed\n"
"items) and the blocks.\n"
"\n"
"Several FILEs are printed in argument order, the plain text of each after\n"
"a header line '==> FILE <==' (a blank line before all but the first), the\n"
"JSON of each as one line whose first member is \"file\": FILE. A FILE that\n"
"fails is reported and the others go on; the exit status is then 2.\n"
"\n"
"Options:\n"
"  -t, --type NAME     parser plugin to use (see 'claimtrack plugins')\n"
"  -f, --format FMT    text (default) or json\n"
"  -h, --help          this help\n";

static int render_text(ct_buf *out, const ct_doc *doc, const char *file, int many,
	size_t nth, void *payload)
{
	int json = *(const int *)payload, err = 0;
	size_t i;

	if (json) {
		ct_buf obj = CT_BUF_INIT;

		if (!many)
			err = ct_report_doc_json(out, doc);
		else if ((err = ct_report_doc_json(&obj, doc)) == 0)
			err = cli_json_with_file(out, obj.ptr, obj.len, file);
		ct_buf_dispose(&obj);
		return err < 0 ? err : ct_buf_putc(out, '\n');
	}
	if (many && (err = cli_file_header(out, file, nth)) < 0)
		return err;
	for (i = 0; i < doc->nblocks && !err; i++) {
		if (i)
			err = ct_buf_putc(out, '\n');
		if (!err)
			err = ct_buf_put(out, doc->blocks[i].text, doc->blocks[i].len);
		if (!err)
			err = ct_buf_putc(out, '\n');
	}
	if (!err && doc->nblocks == 0)
		cli_warn("%s: no text found", file);
	return err;
}

int cmd_text(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *type = NULL, *format = "text";
	ct_host *host = NULL;
	int c, rc, json;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': type = optarg; break;
		case 'f': format = optarg; break;
		case 'h': fputs(text_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("text", c, argv);
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error("text", "unknown format '%s' (text or json)", format);
	if (optind >= argc)
		return cli_usage_error("text", "expected a FILE (or - for stdin)");
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	json = !strcmp(format, "json");
	rc = cli_each_file(host, argv + optind, argc - optind, type, render_text, &json);
	ct_host_free(host);
	return rc;
}
