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
 *                      "#main", ".story-body", "div.content")
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

#ifdef __cplusplus
}
#endif
#endif
