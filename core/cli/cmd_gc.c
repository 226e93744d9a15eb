/* SPDX-License-Identifier: MIT */
/* claimtrack gc: pack the archive. */
#include <string.h>

#include "archive_cmds.h"

static const char gc_usage[] =
"usage: claimtrack gc [-A DIR] [--prune-now] [-q]\n"
"\n"
"Pack every version of every document into one delta-compressed pack,\n"
"then remove the loose objects and older packs it makes redundant, and\n"
"pack the refs. Safe while other claimtrack processes write: objects\n"
"nothing points to yet are kept for an hour (a writer may be about to\n"
"move its ref to them). Plain 'git gc' works on the archive as well.\n"
"\n"
"Options:\n"
"      --prune-now     drop unreachable objects whatever their age (only\n"
"                      when no one else writes to the archive)\n"
"  -A, --archive DIR   archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                      ~/.local/share/claimtrack/archive)\n"
"  -q, --quiet         print nothing on success\n"
"  -h, --help          this help\n";

enum { OPT_PRUNE_NOW = 256 };

int cmd_gc(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "prune-now", no_argument, NULL, OPT_PRUNE_NOW },
		{ "archive", required_argument, NULL, 'A' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	ct_gc_options gopts = CT_GC_OPTIONS_INIT;
	const char *archive_opt = NULL;
	ct_archive *archive = NULL;
	ct_gc_stats st;
	char **ids = NULL;
	size_t nids = 0, i, versions = 0;
	int c, rc, quiet = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:qh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PRUNE_NOW: gopts.prune_now = 1; break;
		case 'A': archive_opt = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(gc_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("gc", c, argv);
		}
	}
	if (argc != optind)
		return cli_usage_error("gc", "takes no arguments");
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		return rc;
	if (ct_archive_gc(&st, archive, &gopts) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (quiet)
		goto out;
	if (ct_archive_list(&ids, &nids, archive) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	for (i = 0; i < nids; i++) {
		ct_archive_version v;

		if (ct_archive_latest(&v, archive, ids[i]) == 0)
			versions += v.number;
		ct_version_dispose(&v);
	}
	printf("packed %zu objects of %zu versions; removed %zu loose objects and %zu packs\n",
		st.objects_packed, versions, st.loose_removed, st.packs_removed);
	if (st.locks_cleared || st.tmp_removed)
		printf("cleared %zu lock%s and %zu temporary file%s that killed writers left\n",
			st.locks_cleared, st.locks_cleared == 1 ? "" : "s", st.tmp_removed,
			st.tmp_removed == 1 ? "" : "s");
	printf("%llu KB before, %llu KB after", (unsigned long long)(st.bytes_before / 1024),
		(unsigned long long)(st.bytes_after / 1024));
	if (versions)
		printf(", %llu bytes per version", (unsigned long long)(st.bytes_after / versions));
	printf("\n");
	if (fflush(stdout) != 0)
		rc = cli_error("cannot write output");
out:
	ct_strings_free(ids, nids);
	ct_archive_free(archive);
	return rc;
}
