/* SPDX-License-Identifier: MIT */
/* claimtrack timeline: every figure of a document across all its versions. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char timeline_usage[] =
"usage: claimtrack timeline [options] ID\n"
"       claimtrack timeline [options] FILE FILE...\n"
"\n"
"Follow every figure of a document through all its versions (oldest first)\n"
"and show when each one appeared, moved or disappeared. Figures are paired\n"
"between consecutive versions exactly as 'claimtrack diff' pairs them.\n"
"Given files instead of an archive ID, they are taken as versions in order.\n"
"\n"
"Options:\n"
"  -A, --archive DIR    archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                       ~/.local/share/claimtrack/archive)\n"
"  -t, --type NAME      parser plugin for files\n"
"  -f, --format FMT     text (default), json, html (one page: a chart and a\n"
"                       table per figure that moved) or atom (a feed entry\n"
"                       per figure change; needs an archive ID)\n"
"  -a, --all            also list figures that never changed\n"
"      --years          include years\n"
"  -h, --help           this help\n";

static int all_files(int argc, char **argv)
{
	struct stat st;
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") && (stat(argv[i], &st) != 0 || S_ISDIR(st.st_mode)))
			return 0;
	return 1;
}

/* What the command line asked for. */
typedef struct timeline_args {
	const char *archive_opt, *type;
	ct_diff_options dopts;
	ct_format fmt;
	int all;
	int files;                 /* the arguments are files, not an archive ID */
	char **args;               /* the files, or args[0] the ID */
	size_t nargs;
} timeline_args;

/* The versions followed: their claims and labels. */
typedef struct loaded {
	ct_archive_version *vers;  /* from the archive, else NULL */
	size_t n;
	ct_claimset *sets;
	char **vlabels, **tlabels, **commits;
	int64_t *observed;
} loaded;

/* PROCEED, or the exit status (--help, a usage error). */
#define PROCEED (-1)
static int parse_args(timeline_args *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "years", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const ct_diff_options defaults = CT_DIFF_OPTIONS_INIT;
	const char *format = "text";
	int c;

	memset(o, 0, sizeof(*o));
	o->dopts = defaults;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:t:f:ah", opts, NULL)) != -1) {
		switch (c) {
		case 'A': o->archive_opt = optarg; break;
		case 't': o->type = optarg; break;
		case 'f': format = optarg; break;
		case 'a': o->all = 1; break;
		case 'y': o->dopts.include_years = 1; break;
		case 'h': fputs(timeline_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("timeline", c, argv);
		}
	}
	if (ct_format_parse(&o->fmt, format) < 0)
		return cli_usage_error("timeline", "unknown format '%s' (text, json, html or atom)", format);
	if (optind >= argc)
		return cli_usage_error("timeline", "expected a document ID or files");
	o->files = all_files(argc - optind, argv + optind);
	if (!o->files && argc - optind != 1)
		return cli_usage_error("timeline", "expected one document ID, or files that exist");
	if (o->files && o->fmt == CT_FORMAT_ATOM)
		return cli_usage_error("timeline", "atom needs an archive document ID (its entries "
			"are made of commit ids and observation times)");
	o->args = argv + optind;
	o->nargs = (size_t)(argc - optind);
	return PROCEED;
}

static void loaded_dispose(loaded *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->sets)
			ct_claimset_clear(&l->sets[i]);
		if (l->vlabels)
			free(l->vlabels[i]);
		if (l->tlabels)
			free(l->tlabels[i]);
	}
	free(l->sets);
	free(l->vlabels);
	free(l->tlabels);
	free(l->observed);
	free(l->commits);
	if (l->vers)
		ct_versions_free(l->vers, l->n);
	memset(l, 0, sizeof(*l));
}

/* Version i from file path: its claims, its number and the file's name. */
static int load_file(loaded *l, size_t i, ct_host *host, const char *path, const char *type)
{
	ct_doc *doc = NULL;
	char tmp[64];
	int rc;

	if ((rc = cli_parse_file(&doc, host, path, type)) != EXIT_OK)
		return rc;
	if (ct_claims_extract(&l->sets[i], doc) < 0) {
		ct_doc_free(doc);
		return cli_lib_error();
	}
	ct_doc_free(doc);
	snprintf(tmp, sizeof(tmp), "%zu", i + 1);
	l->vlabels[i] = strdup(tmp);
	l->tlabels[i] = strdup(path);
	return EXIT_OK;
}

/* Version i from the archive: its claims, number, time and commit. */
static int load_version(loaded *l, size_t i, ct_archive *archive, ct_host *host)
{
	const ct_archive_version *v = &l->vers[i];
	char tmp[64];

	if (ct_archive_claims(&l->sets[i], archive, host, v) < 0)
		return cli_lib_error();
	snprintf(tmp, sizeof(tmp), "%u", v->number);
	l->vlabels[i] = strdup(tmp);
	cli_format_time(tmp, sizeof(tmp), v->observed_at);
	l->tlabels[i] = strdup(tmp);
	l->observed[i] = v->observed_at;
	l->commits[i] = (char *)v->commit;
	return EXIT_OK;
}

/* Every version the arguments name, oldest first, with progress on a
 * terminal for a long history. */
static int load_all(loaded *l, const timeline_args *o, ct_archive *archive, ct_host *host)
{
	size_t i, n;
	int rc;

	if (o->files) {
		l->n = o->nargs;
	} else if (ct_archive_log(&l->vers, &l->n, archive, o->args[0]) < 0) {
		return cli_lib_error();
	}
	n = l->n;
	if (!(l->sets = calloc(n + 1, sizeof(*l->sets))) || !(l->vlabels = calloc(n + 1, sizeof(char *))) ||
	    !(l->tlabels = calloc(n + 1, sizeof(char *))) ||
	    !(l->observed = calloc(n + 1, sizeof(*l->observed))) ||
	    !(l->commits = calloc(n + 1, sizeof(char *))))
		return cli_error("out of memory");
	for (i = 0; i < n; i++) {
		rc = o->files ? load_file(l, i, host, o->args[i], o->type) : load_version(l, i, archive, host);
		if (rc != EXIT_OK)
			return rc;
		if (!l->vlabels[i] || !l->tlabels[i])
			return cli_error("out of memory");
		if (n > 50 && isatty(STDERR_FILENO) && (i + 1) % 50 == 0)
			fprintf(stderr, "\rreading versions: %zu/%zu", i + 1, n);
	}
	if (n > 50 && isatty(STDERR_FILENO))
		fputc('\n', stderr);
	return EXIT_OK;
}

/* The timeline of the loaded versions, written as asked. */
static int report(const timeline_args *o, const loaded *l, ct_archive *archive, ct_host *host)
{
	ct_timeline_labels labels;
	ct_timeline *tl = NULL;
	ct_buf out = CT_BUF_INIT;
	char *title = NULL, *url = NULL;
	int rc;

	if (ct_timeline_build(&tl, l->sets, l->n, &o->dopts) < 0)
		return cli_lib_error();
	memset(&labels, 0, sizeof(labels));
	labels.id = o->files ? NULL : o->args[0];
	labels.versions = (const char *const *)l->vlabels;
	labels.times = (const char *const *)l->tlabels;
	labels.all = o->all;
	if (!o->files) {
		labels.observed = l->observed;
		labels.commits = (const char *const *)l->commits;
		if (l->n && o->fmt == CT_FORMAT_HTML)
			cli_version_meta(&title, &url, archive, host, &l->vers[l->n - 1]);
		labels.title = title;
		labels.url = url;
	}
	if (ct_report_timeline(&out, tl, o->fmt, &labels) < 0)
		rc = cli_lib_error();
	else
		rc = cli_write(&out);
	ct_buf_dispose(&out);
	ct_timeline_free(tl);
	free(title);
	free(url);
	return rc;
}

int cmd_timeline(int argc, char **argv)
{
	timeline_args o;
	loaded l;
	ct_archive *archive = NULL;
	ct_host *host = NULL;
	int rc;

	memset(&l, 0, sizeof(l));
	if ((rc = parse_args(&o, argc, argv)) != PROCEED)
		return rc;
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	if ((o.files || (rc = cli_archive_open(&archive, o.archive_opt)) == EXIT_OK) &&
	    (rc = load_all(&l, &o, archive, host)) == EXIT_OK)
		rc = report(&o, &l, archive, host);
	loaded_dispose(&l);
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
