/* SPDX-License-Identifier: MIT */
/* claimtrack fetch: fetch pages or feeds over HTTP(S) and store new versions. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"

static const char fetch_usage[] =
"usage: claimtrack fetch [options] URL...\n"
"\n"
"Fetch each URL (http or https) and store what it returns as a new version\n"
"('-' reads URLs from stdin, one a line, '#' comments)\n"
"of a document in the archive, as 'add' does: identical bytes make no new\n"
"version. The document id is --id, else made from the URL's host and path\n"
"as watch makes it (https://www.example.com/news/story.html?id=4 ->\n"
"example.com-news-story-id-4).\n"
"The Content-Type, ETag and Last-Modified the server sent are kept in the\n"
"version's provenance, and the next fetch of the same URL sends them back\n"
"(If-None-Match, If-Modified-Since) so an unchanged page costs a 304 only.\n"
"A URL that fails is reported and the others go on.\n"
"\n"
"Politeness: each site's /robots.txt is read first (once a run) and a URL\n"
"it disallows for 'claimtrack' (or '*') is not fetched; a robots.txt that\n"
"is missing (HTTP 4xx) allows everything, one that cannot be read (5xx,\n"
"network) allows nothing, as RFC 9309 says. Requests to one site are at\n"
"least --delay seconds apart, or its Crawl-delay (up to 60) when longer.\n"
"\n"
"Options:\n"
"  -A, --archive DIR    archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                       ~/.local/share/claimtrack/archive)\n"
"  -i, --id ID          document id (only with one URL)\n"
"  -t, --type NAME      parser plugin (default: from Content-Type and content)\n"
"      --timeout SEC    give up on a URL after SEC seconds (default 60)\n"
"      --delay SEC      seconds between requests to one site (default 1)\n"
"      --ignore-robots  fetch what robots.txt disallows (your own sites)\n"
"  -q, --quiet          print only errors\n"
"  -h, --help           this help\n"
"\n"
"Exit status: 0 nothing changed, 1 figures changed (a first version with\n"
"figures counts), 2 any URL failed.\n";

/* What a run did, for its summary line. */
typedef struct fetch_tally {
	size_t not_modified, same, versions, changed;
} fetch_tally;

static int fetch_one(ct_archive *archive, ct_host *host, const char *url, const char *id_opt,
	const char *type, long timeout, int quiet, fetch_tally *t)
{
	ct_fetch_options fo = CT_FETCH_OPTIONS_INIT;
	ct_add_options ao = CT_ADD_OPTIONS_INIT;
	ct_fetch_result fr;
	ct_add_result ar;
	ct_archive_version latest;
	ct_buf body = CT_BUF_INIT;
	char *id = NULL;
	const char *path;
	int rc = EXIT_OK;

	memset(&ar, 0, sizeof(ar));
	memset(&latest, 0, sizeof(latest));
	if (id_opt) {
		if (!(id = strdup(id_opt)))
			return cli_error("out of memory");
	} else if (ct_url_default_id(&id, url) < 0 && ct_fetch_url_id(&id, url) < 0) {
		/* the id watch makes, so fetch and a watch list share a document */
		return cli_lib_error();
	}
	ct_error_clear();
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
		t->not_modified++;
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
	/* what add says, and the exit status watch has: 1 when figures changed */
	if (ar.created && (ar.changed + ar.added + ar.removed > 0 ||
	    (ar.version.number == 1 && ar.nclaims > 0) || ar.items_arrived + ar.items_left > 0))
		rc = EXIT_DIFFERENT;
	t->versions += ar.created != 0;
	t->same += !ar.created;
	t->changed += rc == EXIT_DIFFERENT;
	if (!quiet) {
		ct_buf sum = CT_BUF_INIT;

		if (!ar.created)
			printf("%s: unchanged, same as version %u\n", id, ar.version.number);
		else if (ct_archive_summary(&sum, &ar) == 0)
			printf("%s: version %u (%.12s) %s\n", id, ar.version.number,
				ar.version.commit, sum.ptr);
		ct_buf_dispose(&sum);
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

/* What this run knows of one site: its robots.txt and its last request. */
typedef struct site {
	char *origin;
	int checked;          /* robots.txt was asked for */
	ct_robots *robots;    /* NULL with no why: everything allowed */
	char *why;            /* robots.txt could not be read: nothing allowed */
	double last;          /* when the last page request began, 0 none */
} site;

typedef struct sites {
	site *v;
	size_t n;
} sites;

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static site *site_of(sites *ss, const char *origin)
{
	site *v;
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (!strcmp(ss->v[i].origin, origin))
			return &ss->v[i];
	if (!(v = realloc(ss->v, (ss->n + 1) * sizeof(*v))))
		return NULL;
	ss->v = v;
	v = &ss->v[ss->n];
	memset(v, 0, sizeof(*v));
	if (!(v->origin = strdup(origin)))
		return NULL;
	ss->n++;
	return v;
}

static void sites_free(sites *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++) {
		free(ss->v[i].origin);
		ct_robots_free(ss->v[i].robots);
		free(ss->v[i].why);
	}
	free(ss->v);
}

/* Read the site's robots.txt once: 2xx its rules, 4xx no rules, else none
 * can be trusted and nothing is fetched (RFC 9309, 2.3.1). */
static void site_robots(site *st, long timeout)
{
	ct_fetch_options fo = CT_FETCH_OPTIONS_INIT;
	ct_fetch_result fr;
	ct_buf body = CT_BUF_INIT;
	char url[4200];

	st->checked = 1;
	snprintf(url, sizeof(url), "%s/robots.txt", st->origin);
	fo.timeout = timeout;
	fo.max_bytes = 1 << 20;
	if (ct_fetch(&body, &fr, url, &fo) == 0) {
		if (ct_robots_parse(&st->robots, body.ptr, body.len, "claimtrack") < 0)
			st->why = strdup(ct_error_last());
	} else if (fr.status >= 400 && fr.status < 500) {
		ct_error_clear();
	} else {
		st->why = strdup(ct_error_last());
		if (!st->why)
			st->why = strdup("out of memory");
	}
	ct_fetch_result_dispose(&fr);
	ct_buf_dispose(&body);
}

/* May url be fetched now? Waits out the site's delay; 0, or an exit code. */
static int polite(sites *ss, const char *url, int robots, double delay, long timeout)
{
	char *origin = NULL, *path = NULL;
	double wait, cd;
	site *st;
	int rc = EXIT_OK;

	/* fetch_one says what is wrong with a URL that is not http(s) */
	if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
		return EXIT_OK;
	if (ct_url_split(&origin, &path, url) < 0)
		return cli_lib_error();
	if (!(st = site_of(ss, origin))) {
		rc = cli_error("out of memory");
		goto out;
	}
	if (robots && !st->checked)
		site_robots(st, timeout);
	if (robots && st->why) {
		rc = cli_error("%s: not fetched: robots.txt of %s could not be read (%s); "
			"--ignore-robots fetches anyway", url, st->origin, st->why);
		goto out;
	}
	if (robots && !ct_robots_allowed(st->robots, path)) {
		rc = cli_error("%s: not fetched: %s/robots.txt disallows it for claimtrack; "
			"--ignore-robots fetches anyway", url, st->origin);
		goto out;
	}
	cd = robots ? ct_robots_crawl_delay(st->robots) : -1;
	if (cd > 60)
		cd = 60;
	if (cd > delay)
		delay = cd;
	if (st->last > 0 && (wait = st->last + delay - mono_now()) > 0) {
		struct timespec ts;

		ts.tv_sec = (time_t)wait;
		ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) < 0)
			;
	}
	st->last = mono_now();
out:
	free(origin);
	free(path);
	return rc;
}

/* URLs from stdin, one a line; blank lines and '#' comments skipped. */
static int stdin_urls(char ***urls, size_t *n)
{
	ct_buf in = CT_BUF_INIT;
	char *p, *line;

	if (ct_buf_read_file(&in, "-", 16u << 20) < 0) {
		ct_buf_dispose(&in);
		return cli_lib_error();
	}
	for (p = in.ptr; p && *p; p = line) {
		char *e, **more;

		line = p + strcspn(p, "\n");
		if (*line)
			*line++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		e = p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = '\0';
		if (!*p || *p == '#')
			continue;
		if (!(more = realloc(*urls, (*n + 1) * sizeof(*more))) || !(more[*n] = strdup(p))) {
			if (more)
				*urls = more;
			ct_buf_dispose(&in);
			return cli_error("out of memory");
		}
		*urls = more;
		(*n)++;
	}
	ct_buf_dispose(&in);
	return EXIT_OK;
}

/* What the command line asks for. */
typedef struct fetch_args {
	const char *archive, *id, *type;
	double delay;
	long timeout;
	int quiet, robots;
	char **args;          /* the URLs as given, '-' among them */
	int nargs;
} fetch_args;

/* Options into a; < 0 to go on, else the exit status (--help, a usage error). */
static int fetch_parse_args(fetch_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "id", required_argument, NULL, 'i' },
		{ "type", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "delay", required_argument, NULL, 'D' },
		{ "ignore-robots", no_argument, NULL, 'R' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c, i, dashes = 0;

	memset(a, 0, sizeof(*a));
	a->delay = 1.0;
	a->timeout = 60;
	a->robots = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:i:t:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'A': a->archive = optarg; break;
		case 'i': a->id = optarg; break;
		case 't': a->type = optarg; break;
		case 'T':
			a->timeout = strtol(optarg, &end, 10);
			if (*end || a->timeout <= 0)
				return cli_usage_error("fetch", "--timeout takes a number of seconds");
			break;
		case 'D':
			a->delay = strtod(optarg, &end);
			if (end == optarg || *end || !(a->delay >= 0 && a->delay <= 3600))
				return cli_usage_error("fetch", "--delay takes seconds, from 0 to 3600");
			break;
		case 'R': a->robots = 0; break;
		case 'q': a->quiet = 1; break;
		case 'h': fputs(fetch_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("fetch", c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("fetch", "expected at least one URL");
	if (a->id && argc - optind > 1)
		return cli_usage_error("fetch", "--id names one document: give one URL with it");
	for (i = optind; i < argc; i++)
		if (!strcmp(argv[i], "-") && ++dashes > 1)
			return cli_usage_error("fetch", "'-' (URLs from stdin) once only");
	a->args = argv + optind;
	a->nargs = argc - optind;
	return -1;
}

/* The URLs to fetch: the arguments, '-' replaced by the lines of stdin
 * (when those cannot be read, *failed is counted and the rest go on). */
static int fetch_urls(char ***urls, size_t *n, int *failed, const fetch_args *a)
{
	char **more;
	int i;

	for (i = 0; i < a->nargs; i++) {
		if (!strcmp(a->args[i], "-")) {
			if (stdin_urls(urls, n) != EXIT_OK)
				(*failed)++;
			continue;
		}
		if (!(more = realloc(*urls, (*n + 1) * sizeof(*more))) ||
		    !(more[*n] = strdup(a->args[i]))) {
			*urls = more ? more : *urls;
			return cli_error("out of memory");
		}
		*urls = more;
		(*n)++;
	}
	if (a->id && *n > 1)
		return cli_usage_error("fetch", "--id names one document: give one URL with it");
	return EXIT_OK;
}

/* Each URL, politely, into the archive; the exit status of the run, and
 * its summary line when there were several. */
static int fetch_each(ct_archive *archive, ct_host *host, char **urls, size_t n, int failed,
	const fetch_args *a)
{
	fetch_tally t = { 0, 0, 0, 0 };
	sites ss = { NULL, 0 };
	size_t k;
	int changed = 0;

	for (k = 0; k < n; k++) {
		int one = polite(&ss, urls[k], a->robots, a->delay, a->timeout);

		if (one == EXIT_OK)
			one = fetch_one(archive, host, urls[k], a->id, a->type, a->timeout, a->quiet, &t);
		if (one == EXIT_TROUBLE)
			failed++;
		else if (one == EXIT_DIFFERENT)
			changed++;
	}
	sites_free(&ss);
	if (n > 1)
		printf("fetch: %zu URLs: %zu new version%s (%zu with figure changes), %zu not modified, "
			"%zu same, %d failed\n", n, t.versions, t.versions == 1 ? "" : "s", t.changed,
			t.not_modified, t.same, failed);
	return failed ? EXIT_TROUBLE : changed ? EXIT_DIFFERENT : EXIT_OK;
}

int cmd_fetch(int argc, char **argv)
{
	ct_archive *archive = NULL;
	ct_host *host = NULL;
	fetch_args a;
	char **urls = NULL;
	size_t nurls = 0, k;
	int rc, failed = 0;

	if ((rc = fetch_parse_args(&a, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	if (a.type && !ct_host_find(host, a.type)) {
		ct_host_free(host);
		return cli_error("unknown type '%s' (see 'claimtrack plugins')", a.type);
	}
	if ((rc = cli_archive_open(&archive, a.archive)) == EXIT_OK &&
	    (rc = fetch_urls(&urls, &nurls, &failed, &a)) == EXIT_OK)
		rc = fetch_each(archive, host, urls, nurls, failed, &a);
	for (k = 0; k < nurls; k++)
		free(urls[k]);
	free(urls);
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
