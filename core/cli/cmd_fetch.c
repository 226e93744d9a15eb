/* claimtrack fetch: fetch pages or feeds over HTTP(S) and store new versions. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char fetch_usage[] =
"usage: claimtrack fetch [options] URL...\n"
"\n"
"Fetch each URL (http or https) and store what it returns as a new version\n"
"of a document in the archive, as 'add' does: identical bytes make no new\n"
"version. The document id is --id, else made from the URL's host and path.\n"
"The Content-Type, ETag and Last-Modified the server sent are kept in the\n"
"version's provenance, and the next fetch of the same URL sends them back\n"
"(If-None-Match, If-Modified-Since) so an unchanged page costs a 304 only.\n"
"A URL that fails is reported and the others go on.\n"
"\n"
"Options:\n"
"  -A, --archive DIR    archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                       ~/.local/share/claimtrack/archive)\n"
"      --id ID          document id (only with one URL)\n"
"  -t, --type NAME      parser plugin (default: from Content-Type and content)\n"
"      --timeout SEC    give up on a URL after SEC seconds (default 60)\n"
"  -q, --quiet          print only errors\n"
"  -h, --help           this help\n"
"\n"
"Exit status: 0 every URL stored (or unchanged), 2 any URL failed.\n";

static int fetch_one(ct_archive *archive, ct_host *host, const char *url, const char *id_opt,
	const char *type, long timeout, int quiet)
{
	ct_fetch_options fo = CT_FETCH_OPTIONS_INIT;
	ct_add_options ao = CT_ADD_OPTIONS_INIT;
	ct_fetch_result fr;
	ct_add_result ar;
	ct_version latest;
	ct_buf body = CT_BUF_INIT;
	char *id = NULL;
	const char *path;
	int rc = EXIT_OK;

	memset(&ar, 0, sizeof(ar));
	memset(&latest, 0, sizeof(latest));
	if (id_opt) {
		if (!(id = strdup(id_opt)))
			return cli_error("out of memory");
	} else if (ct_fetch_url_id(&id, url) < 0) {
		return cli_lib_error();
	}
	if (ct_archive_id_check(id) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	fo.timeout = timeout;
	/* revalidate against the latest version fetched from the same URL */
	memset(&latest, 0, sizeof(latest));
	if (ct_archive_resolve(&latest, archive, id) == 0 && latest.source_url &&
	    !strcmp(latest.source_url, url)) {
		fo.if_none_match = latest.etag;
		fo.if_modified_since = latest.last_modified;
	}
	ct_error_clear();
	if (ct_fetch(&body, &fr, url, &fo) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (fr.not_modified) {
		if (!quiet)
			printf("%s: not modified (HTTP 304)\n", id);
		goto done;
	}
	/* the URL's path names the file, for extension sniffing */
	path = strstr(url, "://");
	path = path ? strchr(path + 3, '/') : NULL;
	ao.observed_at = (int64_t)time(NULL);
	ao.type = type;
	ao.name = path ? path : url;
	ao.source_url = fr.url ? fr.url : url;
	ao.content_type = fr.content_type;
	ao.etag = fr.etag;
	ao.last_modified = fr.last_modified;
	if (ct_archive_add(&ar, archive, host, id, body.ptr, body.len, &ao) < 0) {
		rc = cli_lib_error();
		goto done;
	}
	if (!quiet) {
		if (ar.created)
			printf("%s: version %u (%.12s) %zu changed, %zu added, %zu removed\n", id,
				ar.version.number, ar.version.commit, ar.changed, ar.added, ar.removed);
		else
			printf("%s: unchanged, same as version %u\n", id, ar.version.number);
	}
	ct_add_result_dispose(&ar);
done:
	ct_fetch_result_dispose(&fr);
out:
	ct_version_dispose(&latest);
	ct_buf_dispose(&body);
	free(id);
	fflush(stdout);
	return rc;
}

int cmd_fetch(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "id", required_argument, NULL, 'i' },
		{ "type", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *archive_opt = NULL, *id = NULL, *type = NULL;
	ct_archive *archive = NULL;
	ct_host *host = NULL;
	long timeout = 60;
	int c, i, rc, quiet = 0, failed = 0;
	char *end;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:t:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'A': archive_opt = optarg; break;
		case 'i': id = optarg; break;
		case 't': type = optarg; break;
		case 'T':
			timeout = strtol(optarg, &end, 10);
			if (*end || timeout <= 0)
				return cli_usage_error("fetch", "--timeout takes a number of seconds");
			break;
		case 'q': quiet = 1; break;
		case 'h': fputs(fetch_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("fetch", c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("fetch", "expected at least one URL");
	if (id && argc - optind > 1)
		return cli_usage_error("fetch", "--id names one document: give one URL with it");
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	if (type && !ct_host_find(host, type)) {
		ct_host_free(host);
		return cli_error("unknown type '%s' (see 'claimtrack plugins')", type);
	}
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		goto out;
	for (i = optind; i < argc; i++)
		if (fetch_one(archive, host, argv[i], id, type, timeout, quiet) != EXIT_OK)
			failed++;
	rc = failed ? EXIT_TROUBLE : EXIT_OK;
out:
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
