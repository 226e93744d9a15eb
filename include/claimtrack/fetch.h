/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: fetch a document over HTTP(S) with libcurl.
 */
#ifndef CLAIMTRACK_FETCH_H
#define CLAIMTRACK_FETCH_H

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_fetch_options {
	unsigned int version;
	long timeout;                 /* seconds for the whole transfer; 0: 60 */
	size_t max_bytes;             /* 0: CT_MAX_INPUT */
	const char *user_agent;       /* NULL: "claimtrack/<version>" */
	const char *if_none_match;    /* ETag of the last version, for a 304 */
	const char *if_modified_since;/* Last-Modified of the last version */
} ct_fetch_options;

#define CT_FETCH_OPTIONS_VERSION 1
#define CT_FETCH_OPTIONS_INIT { CT_FETCH_OPTIONS_VERSION, 0, 0, NULL, NULL, NULL }

typedef struct ct_fetch_result {
	long status;                  /* HTTP status of the final response */
	int not_modified;             /* 304: the body is empty, nothing new */
	char *content_type;           /* NULL when not sent */
	char *etag;
	char *last_modified;
	char *url;                    /* after redirects */
} ct_fetch_result;

/*
 * GET url (http or https only; at most 5 redirects, which must stay on
 * http/https) into body. A status other than 2xx or 304, a body over
 * max_bytes, or a transport failure is an error naming the URL; after an
 * HTTP error res->status still holds the status (0 after a transport
 * failure), everything else in res is cleared.
 */
int ct_fetch(ct_buf *body, ct_fetch_result *res, const char *url,
	const ct_fetch_options *opts);
/* Free the strings of a result filled by ct_fetch and leave it empty. */
void ct_fetch_result_dispose(ct_fetch_result *res);

/* A document id made from a URL: host and path, other characters as '-'
 * ("https://example.com/a/b.html?x=1" -> "example.com-a-b.html-x-1"). */
int ct_fetch_url_id(char **out, const char *url);

/*
 * robots.txt (RFC 9309). ct_robots_parse reads the rules that apply to the
 * crawler whose product token is agent ("claimtrack"): the groups naming it,
 * else those for "*". ct_robots_allowed says whether path (the URL's path
 * and query, "/" at least) may be fetched: the longest matching pattern
 * decides, allow winning a tie, '*' and a final '$' as the RFC has them.
 * ct_robots_crawl_delay is the group's Crawl-delay in seconds, -1 if none.
 */
typedef struct ct_robots ct_robots;

/* parse: 0 and *out to ct_robots_free; only the first 500 KiB are read,
 * as the RFC allows. allowed: 1 or 0, never an error. */
int ct_robots_parse(ct_robots **out, const char *data, size_t len, const char *agent);
int ct_robots_allowed(const ct_robots *robots, const char *path);
double ct_robots_crawl_delay(const ct_robots *robots);
void ct_robots_free(ct_robots *robots);

/* "https://User@Example.com:8080/a/b?x#f" -> origin "https://example.com:8080",
 * path "/a/b?x": what robots.txt and per-site politeness go by. */
int ct_url_split(char **origin, char **path, const char *url);

#ifdef __cplusplus
}
#endif
#endif
