/* SPDX-License-Identifier: MIT */
/* claimtrack init: create an archive. */
#include <getopt.h>
#include <string.h>

#include "archive_cmds.h"

static const char init_usage[] =
"usage: claimtrack init [DIR]\n"
"\n"
"Create an archive: a bare git repository with one branch per document\n"
"and one commit per distinct version. DIR must not exist or be empty;\n"
"without it, the archive goes to $CLAIMTRACK_ARCHIVE, else\n"
"~/.local/share/claimtrack/archive. An existing archive is left alone.\n"
"\n"
"Options:\n"
"  -A, --archive DIR   the same as giving DIR\n"
"  -q, --quiet         print nothing on success\n"
"  -h, --help          this help\n";

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = NULL, *path;
	ct_archive *archive = NULL;
	int c, quiet = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'A': dir = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(init_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("init", c, argv);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("init", "expected at most one DIR");
	if (argc - optind == 1) {
		if (dir)
			return cli_usage_error("init", "give DIR or --archive, not both");
		dir = argv[optind];
	}
	if (dir && !*dir)
		return cli_usage_error("init", "DIR is empty");
	path = cli_archive_path(dir);
	if (ct_archive_init(&archive, path) < 0)
		return cli_lib_error();
	ct_archive_free(archive);
	if (!quiet)
		printf("Initialized an empty claimtrack archive in %s\n", path);
	return fflush(stdout) == 0 ? EXIT_OK : cli_error("cannot write output");
}
