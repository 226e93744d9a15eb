/* SPDX-License-Identifier: MIT */
/* claimtrack diff: how figures changed between two versions. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char diff_usage[] =
"usage: claimtrack diff [options] OLD NEW\n"
"       claimtrack diff [options] ID\n"
"\n"
"Compare the claims of two versions and report every figure that changed,\n"
"appeared or disappeared, with the old and new sentence. OLD and NEW are\n"
"files (or - for stdin), or archive versions: ID (latest), ID@N (N-th\n"
"version, 1 is the first; -1 the latest, -2 the one before), ID@COMMIT.\n"
"A path that exists is read as a file, anything else as a version; an\n"
"error says which was tried. With one ID, compares its latest two versions.\n"
"\n"
"Options:\n"
"  -t, --type NAME      parser plugin for files (see 'claimtrack plugins')\n"
"  -f, --format FMT     text (default), json (one change per line), html, atom\n"
"  -A, --archive DIR    archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                       ~/.local/share/claimtrack/archive)\n"
"      --color[=WHEN]   always, never or auto (default auto)\n"
"      --years          also report changed years\n"
"      --ordinals       also report changed ordinals\n"
"      --qualifiers     also report figures whose value stayed but whose\n"
"                       qualifier moved ('some 400' -> 'up to 400'), marked\n"
"      --min-change N   report a changed figure only if it moved by at least\n"
"                       N (an amount: 100) or N% of its old value (5%)\n"
"      --items          in a feed, also list items that arrived or left\n"
"                       (their figures as context); they then count as changes\n"
"  -q, --quiet          print nothing; the exit status tells\n"
"  -h, --help           this help\n"
"\n"
"A figure told twice (headline and summary) is one figure; a figure that\n"
"only moved or was restated ('four' -> '4', '20,000' -> '20k') did not\n"
"change. In a feed, figures are compared within each item that both\n"
"versions have.\n"
"\n"
"Exit status: 0 no figure changed, 1 some changed, 2 trouble.\n";

typedef struct side {
	const char *arg;
	ct_claimset set;
	ct_doc *doc;
	char label[512];
	char time[32];
	int has_time;
	char *title;   /* the document's title, when known */
	char *url;     /* the article's address, when known */
} side;

/* A path that exists (and is no directory) is read as a file, and "-" as
 * stdin; anything else is a version id. */
static int is_file(const char *arg)
{
	struct stat st;

	return !strcmp(arg, "-") || (stat(arg, &st) == 0 && !S_ISDIR(st.st_mode));
}

/* Why arg, not a file, could not be read as a version either: the message
 * names both tries. With check_only, only an argument that cannot even be
 * an id is reported (before any archive is opened). */
static int not_a_file(const char *arg, int check_only)
{
	struct stat st;
	const char *what = stat(arg, &st) == 0 ? "is a directory" : "no such file";
	char id[256];
	size_t n = strcspn(arg, "@");

	snprintf(id, sizeof(id), "%.*s", (int)(n < sizeof(id) - 1 ? n : sizeof(id) - 1), arg);
	if (ct_archive_id_check(id) < 0)
		return cli_error("%s: %s, and not a version id either: %s", arg, what, ct_error_last());
	if (check_only)
		return EXIT_OK;
	return cli_error("%s: %s; read as a version id: %s", arg, what, ct_error_last());
}

static int load_file(side *s, ct_host *host, const char *type)
{
	int rc = cli_parse_file(&s->doc, host, s->arg, type);

	if (rc != EXIT_OK)
		return rc;
	if (ct_claims_extract(&s->set, s->doc) < 0)
		return cli_lib_error();
	snprintf(s->label, sizeof(s->label), "%s", strcmp(s->arg, "-") ? s->arg : "stdin");
	if (s->doc->meta[CT_META_TITLE] && !(s->title = strdup(s->doc->meta[CT_META_TITLE])))
		return cli_error("out of memory");
	if (s->doc->meta[CT_META_URL] && !(s->url = strdup(s->doc->meta[CT_META_URL])))
		return cli_error("out of memory");
	return EXIT_OK;
}

static int load_version(side *s, ct_archive *a, ct_host *host, const char *spec, int meta)
{
	ct_archive_version v;
	const char *at;
	size_t idlen;

	memset(&v, 0, sizeof(v));
	if (ct_archive_resolve(&v, a, spec) < 0)
		return not_a_file(s->arg, 0);
	if (ct_archive_claims(&s->set, a, host, &v) < 0) {
		ct_version_dispose(&v);
		return cli_lib_error();
	}
	if (meta)
		cli_version_meta(&s->title, &s->url, a, host, &v);
	at = strchr(spec, '@');
	idlen = at ? (size_t)(at - spec) : strlen(spec);
	cli_format_time(s->time, sizeof(s->time), v.observed_at);
	s->has_time = 1;
	snprintf(s->label, sizeof(s->label), "%.*s@%u (%s, %.12s)", (int)idlen, spec,
		v.number, s->time, v.commit);
	ct_version_dispose(&v);
	return EXIT_OK;
}

/* What the command line asked for. */
typedef struct diff_args {
	const char *type, *archive_opt, *color;
	ct_diff_options dopts;
	ct_format fmt;
	int quiet;
	const char *first;         /* the first argument: the document's id in labels */
	const char *one_id;        /* the one ID given (its latest two), or NULL */
	const char *old_arg, *new_arg;
	char specs[2][512];
} diff_args;

/* The options and arguments: PROCEED, or the exit status (--help, a usage
 * error). */
#define PROCEED (-1)
static int parse_args(diff_args *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "archive", required_argument, NULL, 'A' },
		{ "color", optional_argument, NULL, 'c' },
		{ "years", no_argument, NULL, 'y' },
		{ "ordinals", no_argument, NULL, 'o' },
		{ "qualifiers", no_argument, NULL, 'Q' },
		{ "min-change", required_argument, NULL, 'm' },
		{ "items", no_argument, NULL, 'I' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const ct_diff_options defaults = CT_DIFF_OPTIONS_INIT;
	const char *format = "text";
	int c;

	memset(o, 0, sizeof(*o));
	o->color = "auto";
	o->dopts = defaults;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:f:A:qh", opts, NULL)) != -1) {
		switch (c) {
		case 't': o->type = optarg; break;
		case 'f': format = optarg; break;
		case 'A': o->archive_opt = optarg; break;
		case 'c': o->color = optarg ? optarg : "always"; break;
		case 'y': o->dopts.include_years = 1; break;
		case 'o': o->dopts.include_ordinals = 1; break;
		case 'Q': o->dopts.qualifiers = 1; break;
		case 'I': o->dopts.items = 1; break;
		case 'm':
			if (ct_diff_parse_min_change(&o->dopts, optarg) < 0)
				return cli_usage_error("diff", "%s", ct_error_last());
			break;
		case 'q': o->quiet = 1; break;
		case 'h': fputs(diff_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("diff", c, argv);
		}
	}
	if (ct_format_parse(&o->fmt, format) < 0)
		return cli_usage_error("diff", "%s", ct_error_last());
	if (strcmp(o->color, "auto") && strcmp(o->color, "always") && strcmp(o->color, "never"))
		return cli_usage_error("diff", "--color takes always, never or auto");
	if (argc - optind == 1) {
		if (is_file(argv[optind]))
			return cli_usage_error("diff", "one FILE given; diff takes OLD and NEW");
		if (strchr(argv[optind], '@'))
			return cli_usage_error("diff", "with one argument, give a document ID without @");
		snprintf(o->specs[0], sizeof(o->specs[0]), "%s@-2", argv[optind]);
		snprintf(o->specs[1], sizeof(o->specs[1]), "%s@-1", argv[optind]);
		o->old_arg = o->specs[0];
		o->new_arg = o->specs[1];
		o->one_id = argv[optind];
	} else if (argc - optind == 2) {
		o->old_arg = argv[optind];
		o->new_arg = argv[optind + 1];
	} else {
		return cli_usage_error("diff", "expected OLD NEW, or one document ID");
	}
	if (!strcmp(o->old_arg, "-") && !strcmp(o->new_arg, "-"))
		return cli_usage_error("diff", "only one of OLD and NEW can be stdin");
	o->first = argv[optind];
	return PROCEED;
}

/* The archive, when either side is a version (else *archive stays NULL):
 * PROCEED or the exit status. */
static int open_for(ct_archive **archive, const diff_args *o)
{
	int rc;

	if ((!is_file(o->old_arg) && (rc = not_a_file(o->old_arg, 1)) != EXIT_OK) ||
	    (!is_file(o->new_arg) && (rc = not_a_file(o->new_arg, 1)) != EXIT_OK))
		return rc;
	if (is_file(o->old_arg) && is_file(o->new_arg))
		return PROCEED;
	if (o->archive_opt && !*o->archive_opt)
		return cli_archive_open(archive, o->archive_opt);
	if (ct_archive_open(archive, cli_archive_path(o->archive_opt)) < 0)
		return not_a_file(!is_file(o->old_arg) ? o->old_arg : o->new_arg, 0);
	return PROCEED;
}

/* With one ID: a document's first version has nothing to compare yet.
 * PROCEED or the exit status. */
static int two_versions(ct_archive *archive, const diff_args *o)
{
	ct_archive_version v;

	if (!o->one_id)
		return PROCEED;
	memset(&v, 0, sizeof(v));
	if (ct_archive_resolve(&v, archive, o->one_id) < 0)
		return cli_lib_error();
	if (v.number < 2) {
		if (!o->quiet)
			fprintf(stderr, "%s: only one version so far; nothing to compare\n", o->one_id);
		ct_version_dispose(&v);
		return EXIT_OK;
	}
	ct_version_dispose(&v);
	return PROCEED;
}

static int load_side(side *s, ct_archive *archive, ct_host *host, const diff_args *o, int meta)
{
	return is_file(s->arg) ? load_file(s, host, o->type)
			       : load_version(s, archive, host, s->arg, meta);
}

/* The report, and the exit status that says whether a figure changed. */
static int report(const diff_args *o, const ct_diff *d, const side *a, const side *b,
	int in_archive)
{
	ct_report_labels labels;
	ct_buf out = CT_BUF_INIT;
	int rc = EXIT_OK;

	memset(&labels, 0, sizeof(labels));
	labels.old_label = a->label;
	labels.new_label = b->label;
	labels.old_time = a->has_time ? a->time : NULL;
	labels.new_time = b->has_time ? b->time : NULL;
	labels.id = in_archive ? o->first : b->label;
	labels.title = b->title ? b->title : a->title;
	labels.url = b->url ? b->url : a->url;
	if (!o->quiet) {
		if (ct_report_diff(&out, d, o->fmt, &labels,
				o->fmt == CT_FORMAT_TEXT && cli_color(o->color)) < 0)
			rc = cli_lib_error();
		else
			rc = cli_write(&out);
	}
	ct_buf_dispose(&out);
	if (rc != EXIT_OK)
		return rc;
	return ct_diff_has_changes(d) ? EXIT_DIFFERENT : EXIT_OK;
}

static void side_dispose(side *s)
{
	ct_claimset_clear(&s->set);
	ct_doc_free(s->doc);
	free(s->title);
	free(s->url);
}

int cmd_diff(int argc, char **argv)
{
	diff_args o;
	ct_archive *archive = NULL;
	ct_host *host = NULL;
	ct_diff *d = NULL;
	side a, b;
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if ((rc = parse_args(&o, argc, argv)) != PROCEED)
		return rc;
	a.arg = o.old_arg;
	b.arg = o.new_arg;
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	if ((rc = open_for(&archive, &o)) != PROCEED || (rc = two_versions(archive, &o)) != PROCEED)
		goto out;
	if ((rc = load_side(&a, archive, host, &o, 0)) != EXIT_OK ||
	    (rc = load_side(&b, archive, host, &o, o.fmt == CT_FORMAT_HTML)) != EXIT_OK)
		goto out;
	if (ct_diff_compute(&d, &a.set, &b.set, &o.dopts) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	rc = report(&o, d, &a, &b, archive != NULL);
out:
	ct_diff_free(d);
	side_dispose(&a);
	side_dispose(&b);
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
