/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: watching sources. A watch list names the sources to fetch
 * again and again; `claimtrack watch` fetches the ones that are due.
 *
 * The watch list is a plain text file, one source per line:
 *
 *     # comment
 *     URL [key=value ...]
 *
 * A value holding spaces is written in double quotes ("a b", with \" and
 * \\ inside). The keys:
 *     id=ID            document id (default: made from the canonical URL)
 *     type=NAME        parser plugin (default: sniffed)
 *     interval=DUR     check every DUR ("90s", "15m", "2h", "1d", "1h30m");
 *                      default: by age, see ct_watch_age_interval
 *     region=SEL       only this part of an HTML page is read: an XPath
 *                      ("//article") or a simple CSS selector ("article",
 *                      "#main", ".story-body", "div.content", "main p"),
 *                      see ct_region_xpath; kept with each version
 *                      (ct_archive_version.region)
 *     user-agent=UA    User-Agent for this source's requests
 *     follow=yes|no    for a feed: track every article it links as its
 *                      own document (default yes for a feed)
 *     hook=CMD         run CMD when this source's figures change
 * Only http and https URLs are accepted. Every error names FILE:LINE.
 */
#ifndef CLAIMTRACK_WATCH_H
#define CLAIMTRACK_WATCH_H

#include "common.h"
#include "buf.h"
#include "fetch.h"
#include "archive.h"
#include "doc.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_watch_source {
	char *url;          /* as written: what is fetched (may hold user:pass@) */
	char *canonical;    /* ct_url_canonical of url: what is stored */
	char *id;           /* given, or ct_url_default_id */
	int id_given;
	char *type;         /* NULL: sniff */
	char *region;       /* NULL: the whole page */
	char *user_agent;   /* NULL: the default */
	char *hook;         /* NULL: none */
	int64_t interval;   /* seconds; 0: by age */
	int follow;         /* -1 default (feeds: yes), 0 no, 1 yes */
	unsigned int line;  /* where it is in the file */
} ct_watch_source;

typedef struct ct_watch_list {
	char *file;         /* the name errors give */
	ct_watch_source *v;
	size_t n;
} ct_watch_list;

/* Parse a watch list; file names it in errors ("FILE:LINE: ..."). Two
 * sources with one id (or one canonical URL) are an error naming both
 * lines. CT_EINVAL with the message on any error; nothing is kept. */
int ct_watch_list_parse(ct_watch_list *out, const char *data, size_t len, const char *file);
/* Read path ("-": stdin) and parse it. */
int ct_watch_list_load(ct_watch_list *out, const char *path);
void ct_watch_list_dispose(ct_watch_list *list);

/* "90s", "15m", "2h", "1d", "1w", "1h30m" -> seconds (at least 1).
 * CT_EINVAL with a message for anything else. */
int ct_watch_parse_duration(int64_t *out, const char *s);

/*
 * A URL as it is stored and compared: scheme and host in lower case, no
 * user:pass@, no default port (:80 for http, :443 for https), no
 * #fragment, no tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid),
 * "/" for an empty path. CT_EINVAL for anything but an http or https URL
 * with a host, or one holding spaces or control characters.
 */
int ct_url_canonical(char **out, const char *url);

/* url without its user:pass@ (and nothing else changed); a URL without
 * one is copied. For every URL claimtrack writes down. */
int ct_url_strip_credentials(char **out, const char *url);

/*
 * A readable document id for a URL: its canonical host without "www."
 * and its path, '/' and other characters not allowed in an id as '-', a
 * final .html/.htm/.php/.shtml/.aspx and a final /index.* dropped,
 * non-tracking query parameters kept:
 *   https://www.nbcnews.com/politics/congress/senate-vote-rcna123
 *       -> nbcnews.com-politics-congress-senate-vote-rcna123
 * The port is not part of it. Longer than 200 bytes: cut, and a hash of
 * the whole canonical URL appended, so two long URLs stay apart. The
 * result always passes ct_archive_id_check's rules.
 */
int ct_url_default_id(char **out, const char *url);

/*
 * Many GETs at once (curl multi): requests to different origins run in
 * parallel, to one origin one at a time, each at least its delay after the
 * one before began. A 429, a 5xx or a transport failure is tried again up
 * to retries times, after backoff seconds doubling each time, or after the
 * server's Retry-After when that is longer; a Retry-After over max_wait is
 * not waited for: the job fails with retry_after set, for the next run.
 * Redirects (at most max_redirects, http/https only), a timeout per
 * request, a body cap and TLS verification as ct_fetch has them.
 * on_done is called as each job ends (its body may be taken and freed
 * there). Errors are the jobs'; the call fails only when it cannot run.
 */
typedef struct ct_fetch_job {
	/* in */
	const char *url;              /* fetched as is; messages never show user:pass@ */
	const char *user_agent;       /* NULL: "claimtrack/<version>" */
	const char *if_none_match;
	const char *if_modified_since;
	double delay;                 /* seconds between requests to its origin */
	void *payload;
	/* out */
	ct_buf body;
	ct_fetch_result res;          /* res.url: after redirects, without credentials */
	int err;                      /* 0, or the CT_E* code of error */
	char *error;                  /* why it failed (names the URL) */
	long retry_after;             /* seconds the server asked for, when not waited */
	unsigned int attempts;        /* requests made */
} ct_fetch_job;

typedef struct ct_fetch_many_options {
	unsigned int version;
	long timeout;                 /* seconds per request; 0: 60 */
	size_t max_bytes;             /* 0: CT_MAX_INPUT */
	long max_redirects;           /* 0: 5 */
	int retries;                  /* < 0: none; 0: 2 */
	double backoff;               /* 0: 1 second */
	double max_wait;              /* 0: 60 seconds */
	int parallel;                 /* connections at once; 0: 16 */
	void (*on_done)(ct_fetch_job *job, size_t done, size_t total, void *payload);
	void *payload;
} ct_fetch_many_options;

#define CT_FETCH_MANY_OPTIONS_VERSION 1
#define CT_FETCH_MANY_OPTIONS_INIT { CT_FETCH_MANY_OPTIONS_VERSION, 0, 0, 0, 0, 0, 0, 0, NULL, NULL }

int ct_fetch_many(ct_fetch_job *jobs, size_t n, const ct_fetch_many_options *opts);
void ct_fetch_job_dispose(ct_fetch_job *job);

/* POST data to url (a webhook); *status gets the HTTP status. A status
 * other than 2xx is an error naming the URL (without credentials). */
int ct_http_post(long *status, const char *url, const char *content_type,
	const char *data, size_t len, long timeout);

/*
 * Side state kept in the archive, outside every document: a branch
 * refs/heads/_NAME ('_' starts no document id) whose tip commit holds
 * NAME.json, so a clone of the archive has it and restarts share it.
 * Written whole each time, as a commit whose parent is the state it
 * replaced: the history lets sync merge two collectors' states against
 * what both last shared (an entry one of them dropped stays dropped).
 * name is lower-case letters only ("watch").
 */
int ct_archive_state_read(ct_buf *out, char *commit_out, ct_archive *archive,
	const char *name);
/* read: CT_ENOTFOUND when there is none; commit_out (41 bytes, may be
 * NULL) gets its commit. write: CT_ECONFLICT when another writer replaced
 * it since expected_commit was read (NULL or "" for "there was none");
 * commit_out gets the new commit, for the next write. */
int ct_archive_state_write(ct_archive *archive, const char *name, const char *data,
	size_t len, const char *expected_commit, char *commit_out);

/*
 * How often a source is checked when its line gives no interval: by the
 * age of the document (since watch first saw it), as NewsDiffs and
 * diffengine do. The default schedule, "3h=15m,1d=1h,7d=6h,30d=1d,*=7d":
 * younger than 3 hours every 15 minutes, younger than a day hourly, a
 * week every 6 hours, a month daily, older weekly. A feed itself is
 * checked every 15 minutes. ct_watch_parse_schedule reads one in that
 * form (ages rising, "*=" last) for --schedule.
 */
typedef struct ct_watch_schedule {
	size_t n;
	int64_t age[8];       /* younger than this (the last: any age) */
	int64_t every[8];
} ct_watch_schedule;

int ct_watch_parse_schedule(ct_watch_schedule *out, const char *spec);
void ct_watch_default_schedule(ct_watch_schedule *out);
int64_t ct_watch_age_interval(const ct_watch_schedule *s, int64_t age);

/* What became of one source in a run. */
typedef enum {
	CT_WATCH_NOT_MODIFIED = 0,  /* HTTP 304 */
	CT_WATCH_SAME,              /* the bytes of the latest version */
	CT_WATCH_NEW,               /* a new version (figure changes in the counts) */
	CT_WATCH_BROKE,             /* a new version, but its text shrank sharply or
	                               it lost most figures: "extraction broke?" */
	CT_WATCH_FAILED,            /* HTTP error, network error, too big, bad input */
	CT_WATCH_REFUSED,           /* robots.txt disallows it, or cannot be read */
	CT_WATCH_NOTIFIED,          /* a notifier ran for a version */
	CT_WATCH_NOTIFY_FAILED      /* a notifier failed: retried next run */
} ct_watch_outcome;

typedef struct ct_watch_event {
	ct_watch_outcome outcome;
	const char *id;
	const char *url;              /* canonical, no credentials */
	const char *feed;             /* the feed it is an item of, or NULL */
	unsigned int version;         /* NEW, BROKE, NOTIFIED */
	const char *commit;
	size_t nclaims, changed, added, removed;
	const char *summary;          /* ct_archive_summary's words, NEW and BROKE */
	const char *message;          /* why: FAILED, REFUSED, BROKE, NOTIFY_FAILED */
} ct_watch_event;

typedef struct ct_watch_stats {
	size_t sources;               /* in the run: the list's and followed items */
	size_t due, requests, not_modified, same, versions, changed, broke;
	size_t failed, refused, items_new, notified, notify_failed;
} ct_watch_stats;

typedef struct ct_watch_options {
	unsigned int version;
	int force;                    /* every source now, due or not */
	int ignore_robots;
	double delay;                 /* seconds between requests to one site; < 0: 1 */
	long timeout;                 /* per request; 0: 60 */
	size_t max_bytes;             /* 0: CT_MAX_INPUT */
	int parallel;                 /* 0: 16 */
	int retries;                  /* 0: 2, < 0: none */
	double backoff;               /* 0: 1 second */
	double max_wait;              /* longest Retry-After waited in a run; 0: 60 */
	const char *hook;             /* for every source, beside its own hook= */
	const char *webhook;          /* URL to POST each change to */
	const char *mail_to;          /* address to mail each change to (sendmail) */
	const char *sendmail;         /* NULL: /usr/sbin/sendmail, /usr/lib/sendmail */
	const ct_watch_schedule *schedule;  /* NULL: the default */
	int64_t item_keep;            /* seconds an item that left its feed is still
	                                 checked; 0: 30 days. Then its state is
	                                 dropped (once no notifier is owed) */
	int64_t now;                  /* 0: time(NULL) */
	void (*on_event)(const ct_watch_event *e, void *payload);
	void (*on_progress)(size_t done, size_t total, void *payload);
	void *payload;
} ct_watch_options;

#define CT_WATCH_OPTIONS_VERSION 1
#define CT_WATCH_OPTIONS_INIT { CT_WATCH_OPTIONS_VERSION, 0, 0, -1, 0, 0, 0, 0, 0, 0, \
	NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }

/*
 * One watch round: every due source of list (and every item its feeds
 * are followed for) fetched once, conditionally, new versions stored,
 * notifiers run, and the state written back into the archive. Another
 * round running on the same archive makes this one fail (CT_ECONFLICT)
 * before it fetches anything. The outcomes go to on_event; < 0 only when
 * the round could not run at all (the archive, the state, a bad type=).
 */
int ct_watch_run(ct_watch_stats *stats, ct_archive *archive, ct_host *host,
	const ct_watch_list *list, const ct_watch_options *opts);

/*
 * Every figure change across the archive since a time, newest first: the
 * versions (2 on) observed at since or later whose figures changed against
 * the version before, or whose feed items came or went.
 */
typedef struct ct_change_entry {
	char *id;
	ct_archive_version version;   /* the version that changed */
	char *summary;                /* "1 changed, 0 added, 0 removed" */
	char *json;                   /* its changes, ct_report_diff's JSON lines */
	char *text;                   /* and as text */
	int broke;                    /* "extraction broke?": summary says why, and the
	                                 figures it lost are not listed as removed */
} ct_change_entry;

typedef struct ct_change_list {
	ct_change_entry *v;
	size_t n;
} ct_change_list;

/* limit 0: all. */
int ct_changes_collect(ct_change_list *out, ct_archive *archive, ct_host *host, int64_t since,
	size_t limit);
void ct_change_list_dispose(ct_change_list *list);

/*
 * Render a change list: CT_FORMAT_TEXT (a block per version), CT_FORMAT_JSON
 * (one line per figure change, with "id", "version", "commit", "observed"
 * and "url" beside the change), CT_FORMAT_ATOM (a feed a monitor subscribes
 * to: entry ids from commit ids and times from observations, never from
 * the clock, so the same archive gives the same feed; rel=self and the
 * feed id are self_url when given) or CT_FORMAT_HTML (a list).
 */
int ct_changes_render(ct_buf *out, const ct_change_list *list, ct_format format,
	const char *self_url);

#ifdef __cplusplus
}
#endif
#endif
