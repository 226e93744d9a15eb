/* SPDX-License-Identifier: MIT */
/*
 * A watch round: which sources are due, their robots.txt, fetching them
 * all (ct_fetch_many), storing what came back, and the state the next
 * round starts from (kept in the archive, ct_archive_state_*).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "claimtrack/archive.h"
#include "claimtrack/fetch.h"
#include "watch_internal.h"

#define STATE_NAME "watch"
#define FEED_EVERY (15 * 60)

/* --- state ----------------------------------------------------------- */

static int64_t st_int(json_t *st, const char *key)
{
	json_t *v = json_object_get(st, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

static const char *st_str(json_t *st, const char *key)
{
	return json_string_value(json_object_get(st, key));
}

static void st_set_int(json_t *st, const char *key, int64_t v)
{
	json_object_set_new(st, key, json_integer((json_int_t)v));
}

static void st_set_str(json_t *st, const char *key, const char *v)
{
	if (v)
		json_object_set_new(st, key, json_string(v));
	else
		json_object_del(st, key);
}

json_t *ct__watch_state_of(wround *r, const char *id)
{
	json_t *st = json_object_get(r->sources, id);

	if (!st) {
		st = json_object();
		if (!st || json_object_set_new(r->sources, id, st) < 0)
			return NULL;
		st_set_int(st, "first", r->now);
	}
	return st;
}

static int state_load(wround *r)
{
	ct_buf b = CT_BUF_INIT;
	json_error_t je;
	int err = ct_archive_state_read(&b, r->state_commit, r->archive, STATE_NAME);

	if (err == CT_ENOTFOUND) {
		ct_error_clear();
		r->state_commit[0] = '\0';
		r->state = json_pack("{s:i,s:{}}", "format", 1, "sources");
	} else if (err < 0) {
		ct_buf_dispose(&b);
		return err;
	} else if (!(r->state = json_loadb(b.ptr, b.len, 0, &je)) ||
		   !json_is_object(json_object_get(r->state, "sources"))) {
		ct_buf_dispose(&b);
		return ct_error_set(CT_EARCHIVE, "archive: the watch state (branch _watch) is damaged: "
			"%s; 'git -C ARCHIVE branch -D _watch' starts afresh", r->state ? "no sources"
			: je.text);
	}
	ct_buf_dispose(&b);
	if (!r->state)
		return ct_error_set(CT_ENOMEM, "out of memory");
	r->sources = json_object_get(r->state, "sources");
	return 0;
}

/* Items that left their feed past --keep-items are checked no more: their
 * state goes (their documents stay), once no notifier is owed for them. */
static void prune_retired(wround *r)
{
	const char *id;
	json_t *st;
	void *tmp;

	json_object_foreach_safe(r->sources, tmp, id, st)
		if (json_is_true(json_object_get(st, "retired")) &&
		    !json_array_size(json_object_get(st, "pending")))
			json_object_del(r->sources, id);
}

static int state_save(wround *r)
{
	char *text;
	int err;

	prune_retired(r);
	if (!(text = json_dumps(r->state, JSON_SORT_KEYS | JSON_INDENT(1))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	err = ct_archive_state_write(r->archive, STATE_NAME, text, strlen(text), r->state_commit,
		r->state_commit);
	free(text);
	return err;
}

/* --- the sources of the round ------------------------------------------ */

static wsrc *grow(wround *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		wsrc *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		r->v = v;
		r->cap = cap;
	}
	memset(&r->v[r->n], 0, sizeof(r->v[0]));
	return &r->v[r->n++];
}

static const wsrc *find(const wround *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].id, id))
			return &r->v[i];
	return NULL;
}

wsrc *ct__watch_add_item(wround *r, const char *id, const char *url, const char *feed)
{
	wsrc *s;

	if (find(r, id))
		return NULL;
	if (!(s = grow(r)))
		return NULL;
	s->id = strdup(id);
	s->url = strdup(url);
	s->canonical = strdup(url);
	s->feed = feed;
	s->st = ct__watch_state_of(r, id);
	if (!s->id || !s->url || !s->canonical || !s->st) {
		free(s->id);
		free(s->url);
		free(s->canonical);
		r->n--;
		return NULL;
	}
	return s;
}

void ct__watch_event(wround *r, const ct_watch_event *e)
{
	if (r->o->on_event)
		r->o->on_event(e, r->o->payload);
}

static int64_t keep_for(const wround *r)
{
	return r->o->item_keep > 0 ? r->o->item_keep : 30 * 86400;
}

/* A source the list no longer names, or an item of a feed no longer
 * followed (gone from the list, or follow=no), is not checked; from the
 * first round that finds it so, its state waits --keep-items for the line
 * to come back, then goes (its document stays). */
static void unlisted(wround *r, json_t *st)
{
	if (!json_object_get(st, "unlisted"))
		json_object_set_new(st, "unlisted", json_integer((json_int_t)r->now));
	else if (r->now - st_int(st, "unlisted") > keep_for(r))
		json_object_set_new(st, "retired", json_true());
}

/* The list's lines, then the items their feeds are followed for. */
static int collect(wround *r, const ct_watch_list *list)
{
	const char *id;
	json_t *st;
	size_t i;

	for (i = 0; i < list->n; i++) {
		const ct_watch_source *l = &list->v[i];
		wsrc *s = grow(r);

		if (!s)
			return ct_error_set(CT_ENOMEM, "out of memory");
		s->line = l;
		s->id = strdup(l->id);
		s->url = strdup(l->url);
		s->canonical = strdup(l->canonical);
		if (!s->id || !s->url || !s->canonical || !(s->st = ct__watch_state_of(r, l->id)))
			return ct_error_set(CT_ENOMEM, "out of memory");
		st_set_str(s->st, "url", l->canonical);
		json_object_del(s->st, "feed");
		json_object_del(s->st, "unlisted");
		if (l->type && !ct_host_find(r->host, l->type))
			return ct_error_set(CT_EINVAL, "%s:%u: type=%s: there is no such plugin "
				"(see 'claimtrack plugins')", list->file, l->line, l->type);
		if (l->region && ct_host_check_region(r->host, l->type, l->region) < 0)
			return ct_error_wrap(CT_EINVAL, "%s:%u: region=%s", list->file, l->line,
				l->region);
	}
	json_object_foreach(r->sources, id, st) {
		const char *feed = st_str(st, "feed"), *url = st_str(st, "url");
		const wsrc *f;
		wsrc *s;

		if (json_is_true(json_object_get(st, "retired")) || (!feed && find(r, id)))
			continue;
		if (!feed || !url || !(f = find(r, feed)) || !f->line || f->line->follow == 0) {
			unlisted(r, st);
			continue;
		}
		json_object_del(st, "unlisted");
		if ((s = ct__watch_add_item(r, id, url, f->id)) != NULL)
			s->st = st;
	}
	return 0;
}

/* How long until a source is checked again after this round. */
static int64_t next_in(wround *r, wsrc *s)
{
	int64_t failures = st_int(s->st, "failures");

	if (failures > 0) {
		int64_t wait = 15 * 60, ra = st_int(s->st, "retry_after");

		while (--failures > 0 && wait < 86400)
			wait *= 2;
		if (wait > 86400)
			wait = 86400;
		return ra > wait ? ra : wait;
	}
	if (s->line && s->line->interval)
		return s->line->interval;
	if (!strcmp(st_str(s->st, "kind") ? st_str(s->st, "kind") : "", "feed"))
		return FEED_EVERY;
	return ct_watch_age_interval(&r->sched, r->now - st_int(s->st, "first"));
}

static void mark_due(wround *r, size_t from)
{
	int64_t keep = keep_for(r);
	size_t i;

	for (i = from; i < r->n; i++) {
		wsrc *s = &r->v[i];
		int64_t left = st_int(s->st, "left");

		if (s->feed && left && r->now - left > keep) {
			json_object_set_new(s->st, "retired", json_true());
			continue;
		}
		s->due = r->o->force || !json_object_get(s->st, "due") || st_int(s->st, "due") <= r->now;
		if (s->due)
			r->stats->due++;
	}
}

/* --- robots.txt ---------------------------------------------------------- */

static wsite *site_for(wround *r, const char *url)
{
	char *origin = NULL, *path = NULL;
	size_t i;

	if (ct_url_split(&origin, &path, url) < 0) {
		ct_error_clear();
		return NULL;
	}
	free(path);
	for (i = 0; i < r->nsites; i++)
		if (!strcmp(r->sites[i].origin, origin)) {
			free(origin);
			return &r->sites[i];
		}
	free(origin);
	return NULL;
}

/* The robots.txt of every site of a due source from index from on that
 * the round has not asked yet. */
static int robots_round(wround *r, size_t from)
{
	ct_fetch_many_options fo = CT_FETCH_MANY_OPTIONS_INIT;
	ct_fetch_job *jobs;
	size_t i, k, first = r->nsites;
	wsite *grown;
	char **urls;
	int err;

	if (!(grown = realloc(r->sites, (r->nsites + r->n - from + 1) * sizeof(*grown))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	r->sites = grown;
	for (i = from; i < r->n; i++) {
		char *origin = NULL, *path = NULL;

		if (!r->v[i].due || ct_url_split(&origin, &path, r->v[i].canonical) < 0) {
			ct_error_clear();
			continue;
		}
		free(path);
		for (k = 0; k < r->nsites && strcmp(r->sites[k].origin, origin); k++)
			;
		if (k < r->nsites) {
			free(origin);
			continue;
		}
		memset(&r->sites[r->nsites], 0, sizeof(r->sites[0]));
		r->sites[r->nsites].origin = origin;
		r->sites[r->nsites++].delay = r->o->delay < 0 ? 1.0 : r->o->delay;
	}
	if (r->o->ignore_robots || r->nsites == first)
		return 0;
	jobs = calloc(r->nsites - first, sizeof(*jobs));
	urls = calloc(r->nsites - first, sizeof(*urls));
	if (!jobs || !urls) {
		free(jobs);
		free(urls);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	for (k = 0; k < r->nsites - first; k++) {
		if (asprintf(&urls[k], "%s/robots.txt", r->sites[first + k].origin) < 0)
			urls[k] = NULL;
		jobs[k].url = urls[k] ? urls[k] : "http://invalid./";
	}
	fo.timeout = r->o->timeout;
	fo.max_bytes = 1 << 20;
	fo.retries = -1;
	fo.parallel = r->o->parallel;
	err = ct_fetch_many(jobs, r->nsites - first, &fo);
	for (k = 0; k < r->nsites - first && err == 0; k++) {
		wsite *w = &r->sites[first + k];
		double cd;

		r->stats->requests += jobs[k].attempts;
		if (!jobs[k].err) {
			if (ct_robots_parse(&w->robots, jobs[k].body.ptr, jobs[k].body.len, "claimtrack") < 0)
				w->why = strdup(ct_error_last());
		} else if (!(jobs[k].res.status >= 400 && jobs[k].res.status < 500)) {
			w->why = strdup(jobs[k].error ? jobs[k].error : "no answer");
		}
		cd = ct_robots_crawl_delay(w->robots);
		if (cd > 60)
			cd = 60;
		if (cd > w->delay)
			w->delay = cd;
	}
	for (k = 0; k < r->nsites - first; k++) {
		ct_fetch_job_dispose(&jobs[k]);
		free(urls[k]);
	}
	free(jobs);
	free(urls);
	return err;
}

/* May s be fetched? Else a REFUSED event and 0. */
static int allowed(wround *r, wsrc *s, double *delay)
{
	char *origin = NULL, *path = NULL, msg[1200];
	ct_watch_event e;
	wsite *w = site_for(r, s->canonical);

	*delay = w ? w->delay : (r->o->delay < 0 ? 1.0 : r->o->delay);
	if (r->o->ignore_robots || !w)
		return 1;
	msg[0] = '\0';
	if (w->why) {
		snprintf(msg, sizeof(msg), "not fetched: robots.txt of %s could not be read (%s); "
			"--ignore-robots fetches anyway", w->origin, w->why);
	} else if (ct_url_split(&origin, &path, s->canonical) == 0 &&
		   !ct_robots_allowed(w->robots, path)) {
		snprintf(msg, sizeof(msg), "not fetched: %s/robots.txt disallows it for claimtrack; "
			"--ignore-robots fetches anyway", w->origin);
	}
	ct_error_clear();
	free(origin);
	free(path);
	if (!msg[0])
		return 1;
	memset(&e, 0, sizeof(e));
	e.outcome = CT_WATCH_REFUSED;
	e.id = s->id;
	e.url = s->canonical;
	e.feed = s->feed;
	e.message = msg;
	r->stats->refused++;
	st_set_str(s->st, "status", "refused");
	st_set_str(s->st, "error", msg);
	st_set_int(s->st, "due", r->now + next_in(r, s));
	ct__watch_event(r, &e);
	return 0;
}

/* --- storing what came back -------------------------------------------- */

static size_t count_lines(const ct_buf *b)
{
	size_t i, n = 0;

	for (i = 0; i < b->len; i++)
		n += b->ptr[i] == '\n';
	return n;
}

int ct__extraction_broke(size_t old_text, size_t new_text, size_t old_figures,
	size_t new_figures, char *why, size_t n)
{
	if (old_text >= 400 && new_text * 2 < old_text) {
		snprintf(why, n, "extraction broke? the text shrank from %zu to %zu bytes; "
			"the figures are not reported as removed", old_text, new_text);
		return 1;
	}
	if (old_figures >= 5 && new_figures * 10 < old_figures * 4) {
		snprintf(why, n, "extraction broke? the figures fell from %zu to %zu; "
			"they are not reported as removed", old_figures, new_figures);
		return 1;
	}
	return 0;
}

static int broke(wround *r, const ct_archive_version *prev, const ct_archive_version *cur,
	char *why, size_t n)
{
	ct_buf ot = CT_BUF_INIT, nt = CT_BUF_INIT, oc = CT_BUF_INIT, nc = CT_BUF_INIT;
	int bad = 0;

	if (ct_archive_read(&ot, r->archive, prev, "text") == 0 &&
	    ct_archive_read(&nt, r->archive, cur, "text") == 0 &&
	    ct_archive_read(&oc, r->archive, prev, "claims") == 0 &&
	    ct_archive_read(&nc, r->archive, cur, "claims") == 0)
		bad = ct__extraction_broke(ot.len, nt.len, count_lines(&oc), count_lines(&nc), why, n);
	ct_error_clear();
	ct_buf_dispose(&ot);
	ct_buf_dispose(&nt);
	ct_buf_dispose(&oc);
	ct_buf_dispose(&nc);
	return bad;
}

static void failed(wround *r, wsrc *s, const char *msg, long retry_after)
{
	ct_watch_event e;

	memset(&e, 0, sizeof(e));
	e.outcome = CT_WATCH_FAILED;
	e.id = s->id;
	e.url = s->canonical;
	e.feed = s->feed;
	e.message = msg;
	r->stats->failed++;
	st_set_int(s->st, "failures", st_int(s->st, "failures") + 1);
	st_set_str(s->st, "status", "failed");
	st_set_str(s->st, "error", msg);
	if (retry_after > 0)
		st_set_int(s->st, "retry_after", retry_after);
	else
		json_object_del(s->st, "retry_after");
	ct__watch_event(r, &e);
}

/* A feed's version read for its items, when the list follows them. */
static void follow_items(wround *r, size_t idx, const ct_archive_version *v)
{
	wsrc *s = &r->v[idx];
	char msg[900];

	if (!s->line || s->line->follow == 0 || ct__watch_follow(r, s, v) == 0)
		return;
	s = &r->v[idx];   /* the round may have grown */
	snprintf(msg, sizeof(msg), "the feed's items cannot be followed: %s", ct_error_last());
	ct_error_clear();
	failed(r, s, msg, 0);
}

/* A new version was stored: health, notifications, feed items. */
static void stored(wround *r, wsrc *s, ct_add_result *ar, const ct_archive_version *prev)
{
	ct_buf sum = CT_BUF_INIT;
	ct_watch_event e;
	char why[300];
	int is_feed = ar->version.plugin && !strncmp(ar->version.plugin, "rss ", 4);
	size_t idx = (size_t)(s - r->v);

	memset(&e, 0, sizeof(e));
	e.id = s->id;
	e.url = s->canonical;
	e.feed = s->feed;
	e.version = ar->version.number;
	e.commit = ar->version.commit;
	e.nclaims = ar->nclaims;
	e.changed = ar->changed;
	e.added = ar->added;
	e.removed = ar->removed;
	if (ct_archive_summary(&sum, ar) < 0)
		ct_error_clear();
	e.summary = sum.ptr ? sum.ptr : "";
	r->stats->versions++;
	memcpy(s->stored, ar->version.commit, sizeof(s->stored));
	st_set_int(s->st, "changed", r->now);
	st_set_int(s->st, "version", ar->version.number);
	if (is_feed)
		st_set_str(s->st, "kind", "feed");
	if (prev && broke(r, prev, &ar->version, why, sizeof(why))) {
		e.outcome = CT_WATCH_BROKE;
		e.message = why;
		r->stats->broke++;
		st_set_str(s->st, "status", "broke");
		st_set_str(s->st, "error", why);
	} else {
		e.outcome = CT_WATCH_NEW;
		st_set_str(s->st, "status", "new");
		if (ar->changed + ar->added + ar->removed > 0 ||
		    (ar->version.number == 1 && ar->nclaims > 0) ||
		    (is_feed && ar->items_arrived + ar->items_left > 0)) {
			r->stats->changed++;
			if (ct__notify_queue(r, s, &ar->version) < 0)
				ct_error_clear();
		}
	}
	ct__watch_event(r, &e);
	if (is_feed)
		follow_items(r, idx, &ar->version);
	ct_buf_dispose(&sum);
}

/* The same bytes as the archive's latest version, seen by a watch state
 * that has no version of it yet (a feed new to the list, or back in it
 * after its state went): its items are followed from that version. */
static void same(wround *r, wsrc *s, const ct_add_result *ar)
{
	ct_watch_event e;
	int fresh = !json_object_get(s->st, "version");

	memset(&e, 0, sizeof(e));
	e.outcome = CT_WATCH_SAME;
	e.id = s->id;
	e.url = s->canonical;
	e.feed = s->feed;
	e.version = ar->version.number;
	e.commit = ar->version.commit;
	r->stats->same++;
	st_set_str(s->st, "status", "same");
	st_set_int(s->st, "version", ar->version.number);
	ct__watch_event(r, &e);
	if (fresh && ar->version.plugin && !strncmp(ar->version.plugin, "rss ", 4))
		follow_items(r, (size_t)(s - r->v), &ar->version);
}

static void store(wround *r, wsrc *s, ct_fetch_job *j)
{
	ct_add_options ao = CT_ADD_OPTIONS_INIT;
	ct_add_result ar;
	ct_archive_version prev;
	const char *path;
	int have_prev;

	memset(&ar, 0, sizeof(ar));
	memset(&prev, 0, sizeof(prev));
	have_prev = ct_archive_latest(&prev, r->archive, s->id) == 0;
	ct_error_clear();
	path = strstr(s->canonical, "://");
	path = path ? path + 3 + strcspn(path + 3, "/?") : s->canonical;
	ao.observed_at = r->now;
	ao.type = s->line ? s->line->type : NULL;
	ao.name = *path ? path : s->canonical;
	ao.source_url = j->res.url ? j->res.url : s->canonical;
	ao.content_type = j->res.content_type;
	ao.etag = j->res.etag;
	ao.last_modified = j->res.last_modified;
	ao.region = s->line ? s->line->region : NULL;
	if (ct_archive_add(&ar, r->archive, r->host, s->id, j->body.ptr, j->body.len, &ao) < 0) {
		char msg[1200];

		snprintf(msg, sizeof(msg), "%s: %s", s->canonical, ct_error_last());
		ct_error_clear();
		failed(r, s, msg, 0);
	} else if (!ar.created) {
		same(r, s, &ar);
	} else {
		stored(r, s, &ar, have_prev ? &prev : NULL);
	}
	ct_add_result_dispose(&ar);
	ct_version_dispose(&prev);
}

static void job_done(ct_fetch_job *j, size_t done, size_t total, void *payload)
{
	wround *r = payload;
	size_t idx = (size_t)(uintptr_t)j->payload;
	wsrc *s = &r->v[idx];

	s->done = 1;
	r->stats->requests += j->attempts;
	st_set_int(s->st, "last", r->now);
	if (j->err) {
		failed(r, s, j->error ? j->error : ct_error_last(), j->retry_after);
	} else {
		json_object_del(s->st, "failures");
		json_object_del(s->st, "error");
		json_object_del(s->st, "retry_after");
		if (j->res.etag || j->res.last_modified || !j->res.not_modified) {
			st_set_str(s->st, "etag", j->res.etag);
			st_set_str(s->st, "modified", j->res.last_modified);
		}
		if (j->res.not_modified) {
			ct_watch_event e;

			memset(&e, 0, sizeof(e));
			e.outcome = CT_WATCH_NOT_MODIFIED;
			e.id = s->id;
			e.url = s->canonical;
			e.feed = s->feed;
			r->stats->not_modified++;
			st_set_str(s->st, "status", "not-modified");
			ct__watch_event(&*r, &e);
		} else {
			store(r, s, j);
		}
	}
	s = &r->v[idx];   /* following a feed may have moved the array */
	st_set_int(s->st, "due", r->now + next_in(r, s));
	ct_fetch_job_dispose(j);
	if (r->o->on_progress)
		r->o->on_progress(done, total, r->o->payload);
}

/* Fetch the due sources from index from on; 0 or < 0 when it cannot run. */
static int fetch_from(wround *r, size_t from)
{
	ct_fetch_many_options fo = CT_FETCH_MANY_OPTIONS_INIT;
	ct_fetch_job *jobs;
	size_t i, n = 0, end = r->n;
	int err;

	if (!(jobs = calloc(end - from + 1, sizeof(*jobs))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	for (i = from; i < end; i++) {
		wsrc *s = &r->v[i];
		ct_fetch_job *j = &jobs[n];

		if (!s->due || s->done || !allowed(r, s, &j->delay))
			continue;
		j->url = s->url;
		j->user_agent = s->line ? s->line->user_agent : NULL;
		j->if_none_match = st_str(s->st, "etag");
		j->if_modified_since = st_str(s->st, "modified");
		j->payload = (void *)(uintptr_t)i;
		n++;
	}
	fo.timeout = r->o->timeout;
	fo.max_bytes = r->o->max_bytes;
	fo.retries = r->o->retries;
	fo.backoff = r->o->backoff;
	fo.max_wait = r->o->max_wait;
	fo.parallel = r->o->parallel;
	fo.on_done = job_done;
	fo.payload = r;
	err = n ? ct_fetch_many(jobs, n, &fo) : 0;
	free(jobs);
	return err;
}

/* The versions of a fetch are written as one group commit. One the flush
 * could not record (another writer moved its document meanwhile) is
 * fetched again next round, whole, and owes no notification. */
static int flush(wround *r, size_t from)
{
	size_t i;

	if (ct_archive_batch_flush(r->archive) == 0)
		return 0;
	for (i = from; i < r->n; i++) {
		wsrc *s = &r->v[i];
		ct_archive_version v;
		json_t *pending;
		size_t k;
		char msg[1200];

		if (!s->stored[0])
			continue;
		memset(&v, 0, sizeof(v));
		if (ct_archive_latest(&v, r->archive, s->id) == 0 && !strcmp(v.commit, s->stored)) {
			ct_version_dispose(&v);
			continue;
		}
		ct_version_dispose(&v);
		snprintf(msg, sizeof(msg), "the new version could not be recorded (%s); "
			"fetched again next run", ct_error_last());
		json_object_del(s->st, "etag");
		json_object_del(s->st, "modified");
		st_set_int(s->st, "due", r->now);
		pending = json_object_get(s->st, "pending");
		for (k = 0; k < json_array_size(pending);) {
			const char *c = st_str(json_array_get(pending, k), "commit");

			if (c && !strcmp(c, s->stored))
				json_array_remove(pending, k);
			else
				k++;
		}
		s->stored[0] = '\0';
		r->stats->versions--;
		failed(r, s, msg, 0);
	}
	ct_error_clear();
	return 0;
}

/* --- the round ------------------------------------------------------------ */

/* One round at a time per archive: an flock on a file beside its refs. */
static int round_lock(int *fd, ct_archive *a)
{
	char path[4200];
	struct stat sb;
	const char *dir = ct_archive_path(a);

	snprintf(path, sizeof(path), "%s/.git", dir);
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		snprintf(path, sizeof(path), "%s/.git/claimtrack-watch.lock", dir);
	else
		snprintf(path, sizeof(path), "%s/claimtrack-watch.lock", dir);
	if ((*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return ct_error_set(CT_EIO, "%s: %s", path, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		close(*fd);
		*fd = -1;
		return ct_error_set(CT_ECONFLICT, "another watch round is running on %s (it holds %s)",
			dir, path);
	}
	return 0;
}

static void round_free(wround *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].url);
		free(r->v[i].canonical);
	}
	free(r->v);
	for (i = 0; i < r->nsites; i++) {
		free(r->sites[i].origin);
		ct_robots_free(r->sites[i].robots);
		free(r->sites[i].why);
	}
	free(r->sites);
	json_decref(r->state);
}

int ct_watch_run(ct_watch_stats *stats, ct_archive *archive, ct_host *host,
	const ct_watch_list *list, const ct_watch_options *opts)
{
	ct_watch_options def = CT_WATCH_OPTIONS_INIT;
	wround r;
	size_t before;
	int err, lock = -1, batch = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&r, 0, sizeof(r));
	r.o = opts ? opts : &def;
	r.archive = archive;
	r.host = host;
	r.stats = stats;
	r.now = r.o->now ? r.o->now : (int64_t)time(NULL);
	if (r.o->schedule)
		r.sched = *r.o->schedule;
	else
		ct_watch_default_schedule(&r.sched);
	if ((err = round_lock(&lock, archive)) < 0)
		return err;
	if ((err = state_load(&r)) < 0 || (err = collect(&r, list)) < 0)
		goto out;
	mark_due(&r, 0);
	stats->sources = r.n;
	before = r.n;
	if ((err = ct_archive_batch_begin(archive)) < 0)
		goto out;
	batch = 1;
	if ((err = robots_round(&r, 0)) < 0 || (err = fetch_from(&r, 0)) < 0 ||
	    (err = flush(&r, 0)) < 0)
		goto out;
	/* the items the feeds brought in this round, fetched now (an item is
	 * never followed itself) */
	if (r.n > before) {
		mark_due(&r, before);
		stats->sources = r.n;
		if ((err = robots_round(&r, before)) < 0 || (err = fetch_from(&r, before)) < 0 ||
		    (err = flush(&r, before)) < 0)
			goto out;
	}
	ct_archive_batch_abort(archive);   /* flushed: nothing is left in it */
	batch = 0;
	ct__notify_run(&r);
	err = state_save(&r);
out:
	if (batch && ct_archive_batch_end(archive) < 0)
		ct_error_clear();
	round_free(&r);
	if (lock >= 0)
		close(lock);
	return err;
}
