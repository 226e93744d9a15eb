/* SPDX-License-Identifier: MIT */
/* claimtrack watch: fetch the due sources of a watch list, once or every DURATION. */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char watch_usage[] =
"usage: claimtrack watch [options] [WATCHLIST]\n"
"\n"
"Fetch every source of WATCHLIST that is due, store what changed as new\n"
"versions, tell the notifiers, and exit: run it from cron. --every loops\n"
"in the foreground instead (systemd). WATCHLIST defaults to\n"
"$CLAIMTRACK_WATCHLIST, else ~/.config/claimtrack/watchlist; '-' is stdin.\n"
"\n"
"A watch list has one source per line, '#' comments:\n"
"    URL [key=value ...]\n"
"with the keys id, type, interval (15m, 2h, 1d), region (XPath or CSS:\n"
"checked, not applied yet),\n"
"user-agent, follow (yes/no: a feed's articles as documents of their own)\n"
"and hook (a command run when figures change). A value with spaces is\n"
"written in double quotes. Only http and https are fetched.\n"
"\n"
"A source without interval= is checked by age: younger than 3 hours every\n"
"15 minutes, than a day hourly, than a week every 6 hours, than a month\n"
"daily, then weekly (--schedule changes this); a feed every 15 minutes.\n"
"An item that left its feed is still checked for 30 days (--keep-items),\n"
"then dropped from the watch state (its document stays), as is, after as\n"
"long, a source the list no longer names.\n"
"A source that\n"
"fails is tried again after 15 minutes, doubling up to a day, or when its\n"
"server's Retry-After says. What each source did last, its validators\n"
"(ETag, Last-Modified: the next request is conditional) and when it is due\n"
"are kept in the archive (branch _watch), so clones and restarts share it.\n"
"\n"
"Notifiers, for every new version whose figures changed: hook=CMD and\n"
"--hook CMD get the changes as JSON lines on stdin and CLAIMTRACK_ID,\n"
"CLAIMTRACK_URL, CLAIMTRACK_VERSION, CLAIMTRACK_COMMIT, CLAIMTRACK_SUMMARY,\n"
"CLAIMTRACK_ARCHIVE in the environment; --webhook URL is POSTed one JSON\n"
"object; --mail ADDR is sent a mail through sendmail(8) ($CLAIMTRACK_SENDMAIL\n"
"names another). A notifier that\n"
"fails is reported and tried again next run.\n"
"\n"
"Options:\n"
"  -A, --archive DIR    archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                       ~/.local/share/claimtrack/archive)\n"
"      --force          fetch every source now, due or not\n"
"      --every DUR      loop: a round every DUR (the list is read anew each time)\n"
"      --ignore-robots  fetch what robots.txt disallows (your own sites)\n"
"      --delay SEC      seconds between requests to one site (default 1)\n"
"      --timeout SEC    give up on a request after SEC seconds (default 60)\n"
"      --parallel N     requests at once, to different sites (default 16)\n"
"      --max-bytes N    a response over N bytes is an error (default 64 MiB)\n"
"      --schedule SPEC  by age, as AGE=EVERY,...,*=EVERY\n"
"                       (default 3h=15m,1d=1h,7d=6h,30d=1d,*=7d)\n"
"      --keep-items DUR check an item that left its feed for DUR more (default 30d)\n"
"      --hook CMD       run CMD for every change (as hook= does)\n"
"      --webhook URL    POST every change to URL as JSON\n"
"      --mail ADDR      mail every change to ADDR with sendmail(8)\n"
"  -q, --quiet          print only the summary line and errors\n"
"  -h, --help           this help\n"
"\n"
"Output: a line per new version, errors on stderr, one summary line per\n"
"round; a progress line on stderr when it is a terminal.\n"
"Exit status: 0 nothing changed, 1 figures changed, 2 trouble (a source\n"
"failed or was refused, extraction broke?, a notifier failed, bad input).\n";

typedef struct view {
	int quiet;
	int progress;         /* stderr is a terminal */
	int shown;            /* a progress line is on screen */
} view;

static void clear_progress(view *v)
{
	if (v->shown) {
		fputs("\r\033[K", stderr);
		v->shown = 0;
	}
}

static void on_progress(size_t done, size_t total, void *payload)
{
	view *v = payload;

	if (!v->progress)
		return;
	fprintf(stderr, "\r\033[Kwatch: %zu/%zu fetched", done, total);
	v->shown = 1;
}

static void on_event(const ct_watch_event *e, void *payload)
{
	view *v = payload;

	switch (e->outcome) {
	case CT_WATCH_NEW:
		if (v->quiet)
			break;
		clear_progress(v);
		printf("%s: version %u (%.12s) %s\n", e->id, e->version, e->commit, e->summary);
		break;
	case CT_WATCH_BROKE:
		clear_progress(v);
		printf("%s: version %u (%.12s) %s\n", e->id, e->version, e->commit, e->message);
		break;
	case CT_WATCH_FAILED:
	case CT_WATCH_REFUSED:
	case CT_WATCH_NOTIFY_FAILED:
		clear_progress(v);
		fflush(stdout);
		cli_warn("%s: %s", e->id, e->message);
		break;
	default:
		break;
	}
	fflush(stdout);
}

static void summary(const ct_watch_stats *s)
{
	printf("watch: %zu source%s, %zu due: %zu new version%s (%zu with figure changes), "
		"%zu not modified, %zu same, %zu failed", s->sources, s->sources == 1 ? "" : "s",
		s->due, s->versions, s->versions == 1 ? "" : "s", s->changed, s->not_modified,
		s->same, s->failed);
	if (s->broke)
		printf(", %zu extraction broke?", s->broke);
	if (s->refused)
		printf(", %zu refused by robots.txt", s->refused);
	if (s->items_new)
		printf("; %zu new feed item%s", s->items_new, s->items_new == 1 ? "" : "s");
	if (s->notified || s->notify_failed)
		printf("; %zu notified, %zu notifier%s failed", s->notified, s->notify_failed,
			s->notify_failed == 1 ? "" : "s");
	printf("; %zu request%s\n", s->requests, s->requests == 1 ? "" : "s");
	fflush(stdout);
}

static int status_of(const ct_watch_stats *s)
{
	if (s->failed || s->refused || s->broke || s->notify_failed)
		return EXIT_TROUBLE;
	return s->changed ? EXIT_DIFFERENT : EXIT_OK;
}

static const char *default_list(char *buf, size_t n)
{
	const char *env = getenv("CLAIMTRACK_WATCHLIST"), *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		return env;
	if (xdg && *xdg)
		snprintf(buf, n, "%s/claimtrack/watchlist", xdg);
	else
		snprintf(buf, n, "%s/.config/claimtrack/watchlist", home ? home : ".");
	return buf;
}

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* One round: read the list, run, report. */
static int round_once(ct_archive *archive, ct_host *host, const char *path,
	ct_watch_options *o, view *v)
{
	ct_watch_list list;
	ct_watch_stats st;
	int rc;

	if (ct_watch_list_load(&list, path) < 0)
		return cli_lib_error();
	o->now = 0;
	rc = ct_watch_run(&st, archive, host, &list, o);
	clear_progress(v);
	ct_watch_list_dispose(&list);
	if (rc < 0)
		return cli_lib_error();
	summary(&st);
	return status_of(&st);
}

/* Options that take a number. */
static int number_arg(double *out, const char *arg, double lo, double hi)
{
	char *end;

	*out = strtod(arg, &end);
	return end != arg && !*end && *out >= lo && *out <= hi;
}

/* The options that take a value, into o. */
static int value_option(int c, const char *arg, ct_watch_options *o, ct_watch_schedule *sched,
	int64_t *every)
{
	double d;

	switch (c) {
	case 'e':
		if (ct_watch_parse_duration(every, arg) < 0)
			return cli_usage_error("watch", "--every: %s", ct_error_last());
		break;
	case 'D':
		if (!number_arg(&o->delay, arg, 0, 3600))
			return cli_usage_error("watch", "--delay takes seconds, from 0 to 3600");
		break;
	case 'T':
		if (!number_arg(&d, arg, 1, 3600))
			return cli_usage_error("watch", "--timeout takes seconds, from 1 to 3600");
		o->timeout = (long)d;
		break;
	case 'P':
		if (!number_arg(&d, arg, 1, 256))
			return cli_usage_error("watch", "--parallel takes a number from 1 to 256");
		o->parallel = (int)d;
		break;
	case 'M':
		if (!number_arg(&d, arg, 1024, (double)CT_MAX_INPUT))
			return cli_usage_error("watch", "--max-bytes takes a size in bytes, "
				"from 1024 to %u", CT_MAX_INPUT);
		o->max_bytes = (size_t)d;
		break;
	case 'S':
		if (ct_watch_parse_schedule(sched, arg) < 0)
			return cli_usage_error("watch", "--schedule: %s", ct_error_last());
		o->schedule = sched;
		break;
	case 'K':
		if (ct_watch_parse_duration(&o->item_keep, arg) < 0)
			return cli_usage_error("watch", "--keep-items: %s", ct_error_last());
		break;
	case 'k': o->hook = arg; break;
	case 'w':
		if (strncmp(arg, "http://", 7) && strncmp(arg, "https://", 8))
			return cli_usage_error("watch", "--webhook takes an http or https URL");
		o->webhook = arg;
		break;
	case 'm':
		o->sendmail = getenv("CLAIMTRACK_SENDMAIL");
		if (o->sendmail && !*o->sendmail)
			o->sendmail = NULL;
		if (o->sendmail ? access(o->sendmail, X_OK) != 0 :
		    access("/usr/sbin/sendmail", X_OK) && access("/usr/lib/sendmail", X_OK))
			return cli_error("--mail: there is no sendmail(8) here (%s)",
				o->sendmail ? o->sendmail : "/usr/sbin/sendmail, /usr/lib/sendmail");
		if (!arg[0] || strpbrk(arg, "\r\n"))
			return cli_usage_error("watch", "--mail takes one address");
		o->mail_to = arg;
		break;
	}
	return EXIT_OK;
}

int cmd_watch(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "force", no_argument, NULL, 'f' },
		{ "every", required_argument, NULL, 'e' },
		{ "ignore-robots", no_argument, NULL, 'R' },
		{ "delay", required_argument, NULL, 'D' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "parallel", required_argument, NULL, 'P' },
		{ "max-bytes", required_argument, NULL, 'M' },
		{ "schedule", required_argument, NULL, 'S' },
		{ "keep-items", required_argument, NULL, 'K' },
		{ "hook", required_argument, NULL, 'k' },
		{ "webhook", required_argument, NULL, 'w' },
		{ "mail", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	ct_watch_options o = CT_WATCH_OPTIONS_INIT;
	ct_watch_schedule sched;
	const char *archive_opt = NULL, *path;
	ct_archive *archive = NULL;
	ct_host *host = NULL;
	int64_t every = 0;
	char listbuf[4200];
	view v = { 0, 0, 0 };
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'A': archive_opt = optarg; break;
		case 'e': case 'D': case 'T': case 'P': case 'M': case 'S': case 'K': case 'k':
		case 'w':
		case 'm':
			if ((rc = value_option(c, optarg, &o, &sched, &every)) != EXIT_OK)
				return rc;
			break;
		case 'R': o.ignore_robots = 1; break;
		case 'f': o.force = 1; break;
		case 'q': v.quiet = 1; break;
		case 'h': fputs(watch_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("watch", c, argv);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("watch", "expected one WATCHLIST");
	path = optind < argc ? argv[optind] : default_list(listbuf, sizeof(listbuf));
	if (every && !strcmp(path, "-"))
		return cli_usage_error("watch", "--every reads the list anew each round: give a file");
	v.progress = isatty(2);
	o.on_event = on_event;
	o.on_progress = on_progress;
	o.payload = &v;
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		goto out;
	if (every) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_stop;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	for (;;) {
		time_t began = time(NULL);

		rc = round_once(archive, host, path, &o, &v);
		if (!every || stopping)
			break;
		o.force = 0;
		while (!stopping && time(NULL) < began + every)
			sleep(1);
		if (stopping)
			break;
	}
out:
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
