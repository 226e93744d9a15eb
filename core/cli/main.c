/* SPDX-License-Identifier: MIT */
/* claimtrack: the command table and dispatch (git.c style). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_cmd commands[] = {
	{ "text", cmd_text, "print a document's normalized text (or JSON)" },
	{ "claims", cmd_claims, "list the figures a document reports" },
	{ "diff", cmd_diff, "show how figures changed between two versions" },
	{ "init", cmd_init, "create an archive" },
	{ "add", cmd_add, "store a new version of a document in the archive" },
	{ "fetch", cmd_fetch, "fetch URLs over HTTP(S) and store new versions" },
	{ "watch", cmd_watch, "fetch the due sources of a watch list (cron), notify of changes" },
	{ "changes", cmd_changes, "every figure change across the archive since a time" },
	{ "log", cmd_log, "list the versions of a document" },
	{ "list", cmd_list, "list the documents in the archive" },
	{ "show", cmd_show, "show one stored version (source, text or claims)" },
	{ "import", cmd_import, "add many versions at once (directory tree or manifest)" },
	{ "verify", cmd_verify, "check every stored version against its source" },
	{ "gc", cmd_gc, "pack the archive and drop what the pack makes redundant" },
	{ "sync", cmd_sync, "fetch, reconcile and push the archive with a git remote" },
	{ "timeline", cmd_timeline, "every figure of a document across all its versions" },
	{ "serve", cmd_serve, "a read-only local web view of the archive" },
	{ "plugins", cmd_plugins, "list the parser plugins and why any were refused" },
	{ NULL, NULL, NULL }
};

static void usage(FILE *f)
{
	const cli_cmd *c;

	fprintf(f, "usage: claimtrack <command> [options] [args]\n\n"
		"Track how the figures reported in news coverage change over time.\n\n"
		"Commands:\n");
	for (c = commands; c->name; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->summary);
	fprintf(f, "\nRun 'claimtrack <command> --help' for a command's options.\n"
		"Exit status: 0 success (diff, fetch, watch, changes: no figure changed),\n"
		"1 figures changed, 2 trouble (bad input, usage, archive, a failed fetch).\n"
		"Environment: CLAIMTRACK_ARCHIVE (default archive), CLAIMTRACK_PLUGIN_PATH\n"
		"(extra plugin directories, colon-separated), CLAIMTRACK_MODULE_DIR (where\n"
		"archive.so and http.so are, instead of beside the program).\n");
}

int main(int argc, char **argv)
{
	const cli_cmd *c;

	cli_exe = argv[0];
	if (argc < 2)
		return usage(stderr), EXIT_TROUBLE;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			char *hargv[] = { argv[2], "--help", NULL };

			for (c = commands; c->name; c++)
				if (!strcmp(c->name, argv[2]))
					return c->run(2, hargv);
		}
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("claimtrack %s (plugin ABI %d, extractor %s)\n", CT_VERSION,
			CT_PLUGIN_ABI_VERSION, CT_EXTRACTOR_VERSION);
		return EXIT_OK;
	}
	for (c = commands; c->name; c++)
		if (!strcmp(c->name, argv[1]))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "claimtrack: '%s' is not a command; see 'claimtrack --help'\n", argv[1]);
	return EXIT_TROUBLE;
}
