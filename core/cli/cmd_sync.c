/* SPDX-License-Identifier: MIT */
/* claimtrack sync: share an archive through a git remote. */
#include <string.h>

#include "archive_cmds.h"

static const char sync_usage[] =
"usage: claimtrack sync [-A DIR] [-q] REMOTE\n"
"\n"
"Fetch every document from REMOTE (a remote of the archive's git config,\n"
"or a URL or path: file://, ssh://, https://, as git takes them), put each\n"
"document's two histories together where they went apart, and push the\n"
"result back. Two collectors' versions of one document become one history\n"
"in the order they were observed; the same bytes twice in a row are one\n"
"version; nothing either side stored is dropped, and each re-made\n"
"version's figure changes are counted against its new predecessor. A\n"
"re-made history is pushed only if the remote still holds what was\n"
"fetched; when another collector pushed meanwhile, sync says so and a\n"
"second run puts it together again.\n"
"\n"
"Options:\n"
"  -A, --archive DIR   archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                      ~/.local/share/claimtrack/archive)\n"
"  -q, --quiet         print nothing on success\n"
"  -h, --help          this help\n"
"\n"
"Exit status: 0 in sync, 2 trouble (nothing is lost: run it again).\n";

#if defined(__SANITIZE_ADDRESS__)
/* libgit2 1.5 leaks the pcre2 match data of the url.*.insteadOf lookup a
 * remote is made with (git_remote_create_anonymous); not ours to free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}
#endif

int cmd_sync(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *archive_opt = NULL;
	ct_archive *archive = NULL;
	ct_host *host = NULL;
	ct_sync_stats st;
	int c, rc, quiet = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'A': archive_opt = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(sync_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("sync", c, argv);
		}
	}
	if (argc - optind != 1 || !*argv[optind])
		return cli_usage_error("sync", "give one REMOTE (a remote name, a URL or a path)");
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		return rc;
	if ((rc = cli_host(&host)) != EXIT_OK)
		goto out;
	if (ct_archive_sync(&st, archive, host, argv[optind]) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (!quiet)
		printf("synced with %s: %zu documents took versions from it, %zu put together "
			"(%zu versions re-made in time order), %zu unchanged, %zu branches pushed%s\n",
			argv[optind], st.fetched, st.merged, st.remade, st.unchanged, st.pushed,
			st.busy ? "; some documents changed here meanwhile, sync again" : "");
	rc = fflush(stdout) == 0 ? EXIT_OK : cli_error("cannot write output");
out:
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
