/* SPDX-License-Identifier: MIT */
/* claimtrack verify: every stored version checked against its source. */
#include <string.h>
#include <unistd.h>

#include "archive_cmds.h"

static const char verify_usage[] =
"usage: claimtrack verify [-A DIR] [-q] [ID...]\n"
"\n"
"Re-read every version of every document (or of the IDs given): each\n"
"object is hash-checked as it is read, the source is parsed again and\n"
"its text and claims re-derived and compared with the stored text.txt and\n"
"claims.txt. A difference made by a newer plugin or extractor is reported\n"
"as drift, apart from damage (unreadable or missing objects, a broken\n"
"history, or a difference with the same plugin and extractor). Without\n"
"IDs the refs themselves are checked too, as git fsck does: a branch file\n"
"that is empty or garbage, or a branch to an object the archive lacks.\n"
"\n"
"Options:\n"
"  -A, --archive DIR   archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                      ~/.local/share/claimtrack/archive)\n"
"  -q, --quiet         print problems only, no summary\n"
"      --progress      show progress on stderr (default: when a terminal)\n"
"      --no-progress   do not\n"
"  -h, --help          this help\n"
"\n"
"Exit status: 0 all versions verified, 1 drift only, 2 damage or trouble.\n";

typedef struct counts {
	size_t docs, versions, drift, corrupt;
	size_t ndocs;          /* documents to verify, for the progress line */
	int progress;
} counts;

/* A long verify says where it is: documents done of all, versions so far. */
static void progress(const counts *n, int final)
{
	fprintf(stderr, "\rverify: %zu/%zu documents, %zu versions, %zu damaged, %zu drifted ",
		n->docs, n->ndocs, n->versions, n->corrupt, n->drift);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

static int verify_doc(counts *n, ct_archive *archive, ct_host *host, const char *id)
{
	ct_archive_version *v = NULL;
	ct_buf why = CT_BUF_INIT;
	size_t count = 0, i;

	n->docs++;
	if (ct_archive_log(&v, &count, archive, id) < 0) {
		printf("%s: damaged: %s\n", id, ct_error_last());
		n->corrupt++;
		return EXIT_OK;
	}
	for (i = 0; i < count; i++) {
		ct_verify_status st;
		char want[64];

		n->versions++;
		if (ct_archive_verify_version(&st, &why, archive, host, &v[i]) < 0) {
			ct_buf_dispose(&why);
			ct_versions_free(v, count);
			return cli_lib_error();
		}
		/* the number in the subject must match the position in the chain */
		snprintf(want, sizeof(want), ": version %u ", v[i].number);
		if (st == CT_VERIFY_OK && !strstr(v[i].subject, want)) {
			st = CT_VERIFY_CORRUPT;
			ct_buf_clear(&why);
			ct_buf_printf(&why, "subject '%s' does not say version %u", v[i].subject,
				v[i].number);
		}
		if (n->progress && n->versions % 100 == 0)
			progress(n, 0);
		if (n->progress && st != CT_VERIFY_OK)
			fputc('\n', stderr);   /* the problem goes on a line of its own */
		if (st == CT_VERIFY_DRIFT) {
			n->drift++;
			printf("%s@%u (%.12s): drift: %s\n", id, v[i].number, v[i].commit, why.ptr);
		} else if (st == CT_VERIFY_CORRUPT) {
			n->corrupt++;
			printf("%s@%u (%.12s): damaged: %s\n", id, v[i].number, v[i].commit, why.ptr);
		}
	}
	ct_buf_dispose(&why);
	ct_versions_free(v, count);
	return EXIT_OK;
}

int cmd_verify(int argc, char **argv)
{
	enum { OPT_PROGRESS = 256, OPT_NO_PROGRESS };
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *archive_opt = NULL;
	ct_archive *archive = NULL;
	ct_host *host = NULL;
	char **ids = NULL;
	size_t nids = 0, i;
	counts n;
	int c, rc, quiet = 0;

	memset(&n, 0, sizeof(n));
	n.progress = isatty(STDERR_FILENO);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'A': archive_opt = optarg; break;
		case 'q': quiet = 1; break;
		case OPT_PROGRESS: n.progress = 1; break;
		case OPT_NO_PROGRESS: n.progress = 0; break;
		case 'h': fputs(verify_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("verify", c, argv);
		}
	}
	for (i = (size_t)optind; i < (size_t)argc; i++)
		if (ct_archive_id_check(argv[i]) < 0)
			return cli_lib_error();
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		return rc;
	if ((rc = cli_host(&host)) != EXIT_OK)
		goto out;
	if (optind == argc && ct_archive_list(&ids, &nids, archive) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	/* refs no document list shows (an empty or garbage branch file, a
	 * branch to a missing object) are damage as git fsck sees it */
	if (optind == argc) {
		char **bad = NULL;
		size_t nbad = 0;

		if (ct_archive_check_refs(&bad, &nbad, archive) < 0) {
			rc = cli_lib_error();
			goto out;
		}
		for (i = 0; i < nbad; i++)
			printf("%s\n", bad[i]);
		n.corrupt += nbad;
		ct_strings_free(bad, nbad);
	}
	n.ndocs = optind == argc ? nids : (size_t)(argc - optind);
	for (i = 0; rc == EXIT_OK && i < n.ndocs; i++) {
		rc = verify_doc(&n, archive, host, optind == argc ? ids[i] : argv[optind + (int)i]);
		if (n.progress)
			progress(&n, 0);
	}
	if (n.progress)
		progress(&n, 1);
	if (rc != EXIT_OK)
		goto out;
	if (!quiet)
		printf("verified %zu version%s of %zu document%s: %zu damaged, %zu drifted\n",
			n.versions, n.versions == 1 ? "" : "s", n.docs, n.docs == 1 ? "" : "s",
			n.corrupt, n.drift);
	if (fflush(stdout) != 0)
		rc = cli_error("cannot write output");
	else
		rc = n.corrupt ? EXIT_TROUBLE : n.drift ? 1 : EXIT_OK;
out:
	ct_strings_free(ids, nids);
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
