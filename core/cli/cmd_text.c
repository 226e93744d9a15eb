/* claimtrack text: a document's normalized text. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char text_usage[] =
"usage: claimtrack text [--type html|text|rss] [--format text|json] FILE|-\n"
"\n"
"Parse one document with the plugin chosen by --type (else by content and\n"
"file extension) and print its normalized text: the article body only, one\n"
"block per paragraph, blocks separated by a blank line. --format json prints\n"
"one object with the metadata, the sections (feed items) and the blocks.\n"
"\n"
"Options:\n"
"  -t, --type NAME     parser plugin to use (see 'claimtrack plugins')\n"
"  -f, --format FMT    text (default) or json\n"
"  -h, --help          this help\n";

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
	ct_doc *doc = NULL;
	ct_buf out = CT_BUF_INIT;
	char *text = NULL;
	int c, rc;

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
	if (optind + 1 != argc)
		return cli_usage_error("text", "expected one FILE (or - for stdin)");
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	if ((rc = cli_parse_file(&doc, host, argv[optind], type)) != EXIT_OK)
		goto out;
	if (!strcmp(format, "json")) {
		if (ct_report_doc_json(&out, doc) < 0 || ct_buf_putc(&out, '\n') < 0) {
			rc = cli_lib_error();
			goto out;
		}
	} else {
		size_t i;

		for (i = 0; i < doc->nblocks; i++) {
			if ((i && ct_buf_putc(&out, '\n') < 0) ||
			    ct_buf_put(&out, doc->blocks[i].text, doc->blocks[i].len) < 0 ||
			    ct_buf_putc(&out, '\n') < 0) {
				rc = cli_lib_error();
				goto out;
			}
		}
		if (doc->nblocks == 0)
			cli_warn("%s: no text found", argv[optind]);
	}
	rc = cli_write(&out);
out:
	free(text);
	ct_buf_dispose(&out);
	ct_doc_free(doc);
	ct_host_free(host);
	return rc;
}
