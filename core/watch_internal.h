/* SPDX-License-Identifier: MIT */
/*
 * Inside a watch round: shared by core/watch_run.c, watch_feed.c and
 * notify.c only.
 */
#ifndef CT_WATCH_INTERNAL_H
#define CT_WATCH_INTERNAL_H

#include <jansson.h>
#include "claimtrack/watch.h"

/* One source of the round: a line of the list, or an item of a feed. */
typedef struct wsrc {
	const ct_watch_source *line;  /* NULL for a feed's item */
	char *id;
	char *url;                    /* what is fetched */
	char *canonical;              /* what is stored */
	const char *feed;             /* the feed's id, for an item */
	json_t *st;                   /* its state (borrowed from the round's) */
	int due;
	int done;
	char stored[41];              /* the commit of a version stored this round */
} wsrc;

/* A site's robots.txt, read once a round. */
typedef struct wsite {
	char *origin;
	ct_robots *robots;            /* NULL: all allowed (unless why) */
	char *why;                    /* could not be read: nothing allowed */
	double delay;
} wsite;

typedef struct wround {
	ct_archive *archive;
	ct_host *host;
	const ct_watch_options *o;
	ct_watch_stats *stats;
	ct_watch_schedule sched;
	int64_t now;
	json_t *state;                /* {"format":1,"sources":{id:{...}}} */
	json_t *sources;
	char state_commit[41];
	wsrc *v;
	size_t n, cap;
	wsite *sites;
	size_t nsites;
} wround;

/* "extraction broke?": the text shrank to under half (of at least 400
 * bytes), or the figures fell to under 40% (of at least 5). 1 with why
 * filled, else 0. */
int ct__extraction_broke(size_t old_text, size_t new_text, size_t old_figures,
	size_t new_figures, char *why, size_t n);

/* A source's state object, made when new. */
json_t *ct__watch_state_of(wround *r, const char *id);
/* Add an item of feed (the round grows): NULL when it is there already. */
wsrc *ct__watch_add_item(wround *r, const char *id, const char *url, const char *feed);
void ct__watch_event(wround *r, const ct_watch_event *e);

/* After a feed's new version: its items into the round, new ones due
 * now; items no longer in it get "left". */
int ct__watch_follow(wround *r, wsrc *feed, const ct_archive_version *v);

/* Queue the notifications of a new version of s (in its state's
 * "pending"), then, at the end of the round, run every pending one. */
int ct__notify_queue(wround *r, wsrc *s, const ct_archive_version *v);
void ct__notify_run(wround *r);

#endif
