/* SPDX-License-Identifier: MIT */
/* Many GETs at once with curl multi: parallel across origins, one at a
 * time and spaced per origin, retried with backoff. Part of the HTTP
 * module (core/modules/http_api.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>

#include "claimtrack/watch.h"

/* One origin's queue of jobs (indexes, in order) and its spacing. */
typedef struct origin {
	char *name;
	size_t *queue;
	size_t head, n, cap;
	int busy;
	double next_start;    /* monotonic seconds: not before */
} origin;

/* A job's transfer in flight. */
typedef struct xfer {
	CURL *easy;
	struct curl_slist *hdrs;
	size_t job;
	size_t origin;
	ct_buf *body;
	size_t cap;
	int too_big;
	char errbuf[CURL_ERROR_SIZE];
} xfer;

typedef struct run {
	ct_fetch_job *jobs;
	size_t n, done;
	origin *o;
	size_t no;
	size_t *origin_of;    /* per job */
	CURLM *multi;
	const ct_fetch_many_options *opts;
	long timeout, max_redirects;
	int retries;
	double backoff, max_wait;
	size_t max_bytes;
	int running, parallel;
	char ua[64];
} run;

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	xfer *x = userdata;
	size_t n = size * nmemb;

	if (x->body->len + n > x->cap) {
		x->too_big = 1;
		return 0;
	}
	return ct_buf_put(x->body, ptr, n) < 0 ? 0 : n;
}

/* user:pass@ out of a URL for messages and records; url itself on failure */
static char *clean(const char *url)
{
	char *s = NULL;

	if (ct_url_strip_credentials(&s, url) < 0)
		ct_error_clear();
	return s;
}

static int job_fail(ct_fetch_job *j, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int job_fail(ct_fetch_job *j, int code, const char *fmt, ...)
{
	char msg[1400], *u = clean(j->url);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(j->error);
	if (asprintf(&j->error, "%s: %s", u ? u : "(URL)", msg) < 0)
		j->error = NULL;
	free(u);
	j->err = code;
	return code;
}

static int add_header(struct curl_slist **h, const char *name, const char *value)
{
	struct curl_slist *n;
	char *line;

	if (!value)
		return 0;
	if (asprintf(&line, "%s: %s", name, value) < 0)
		return -1;
	n = curl_slist_append(*h, line);
	free(line);
	if (!n)
		return -1;
	*h = n;
	return 0;
}

static int start(run *r, size_t ji, size_t oi)
{
	ct_fetch_job *j = &r->jobs[ji];
	xfer *x = calloc(1, sizeof(*x));
	CURL *c;

	if (!x || !(c = curl_easy_init())) {
		free(x);
		return job_fail(j, CT_ENOMEM, "cannot start libcurl");
	}
	x->easy = c;
	x->job = ji;
	x->origin = oi;
	x->body = &j->body;
	x->cap = r->max_bytes;
	ct_buf_clear(&j->body);
	curl_easy_setopt(c, CURLOPT_URL, j->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, r->max_redirects);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, r->timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, r->timeout < 20 ? r->timeout : 20L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)r->max_bytes);
	curl_easy_setopt(c, CURLOPT_USERAGENT, j->user_agent ? j->user_agent : r->ua);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	if (add_header(&x->hdrs, "If-None-Match", j->if_none_match) < 0 ||
	    add_header(&x->hdrs, "If-Modified-Since", j->if_modified_since) < 0) {
		curl_slist_free_all(x->hdrs);
		curl_easy_cleanup(c);
		free(x);
		return job_fail(j, CT_ENOMEM, "out of memory");
	}
	if (x->hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->hdrs);
	if (curl_multi_add_handle(r->multi, c) != CURLM_OK) {
		curl_slist_free_all(x->hdrs);
		curl_easy_cleanup(c);
		free(x);
		return job_fail(j, CT_ERROR, "libcurl refused the transfer");
	}
	j->attempts++;
	r->o[oi].busy = 1;
	r->o[oi].next_start = mono() + j->delay;
	r->running++;
	return 0;
}

static char *header(CURL *c, const char *name)
{
	struct curl_header *h = NULL;

	if (curl_easy_header(c, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h || !h->value)
		return NULL;
	return strdup(h->value);
}

/* Retry-After: seconds, or an HTTP date; -1 when absent or unreadable. */
static double retry_after(CURL *c)
{
	char *v = header(c, "Retry-After"), *end;
	double s = -1;

	if (!v)
		return -1;
	s = strtod(v, &end);
	if (end == v || *end) {
		time_t t = curl_getdate(v, NULL);

		s = t < 0 ? -1 : (double)(t - time(NULL));
		if (t >= 0 && s < 0)
			s = 0;
	}
	free(v);
	return s < 0 ? -1 : s;
}

static int retryable(CURLcode rc, long status)
{
	if (rc == CURLE_OK)
		return status == 429 || (status >= 500 && status <= 599);
	/* not a timeout: trying again would cost the whole timeout again */
	return rc == CURLE_COULDNT_CONNECT ||
		rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING ||
		rc == CURLE_PARTIAL_FILE;
}

/* The outcome of a finished transfer into its job: 0 done, 1 try again. */
static int settle(run *r, xfer *x, CURLcode rc)
{
	ct_fetch_job *j = &r->jobs[x->job];
	origin *o = &r->o[x->origin];
	CURL *c = x->easy;
	char *ct = NULL, *eff = NULL;
	double ra = -1;

	j->err = 0;
	ct_fetch_result_dispose(&j->res);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &j->res.status);
	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		return job_fail(j, CT_ETOOBIG, "the response is over the %zu-byte limit", x->cap), 0;
	if (retryable(rc, j->res.status)) {
		double wait = r->backoff * pow(2, (double)(j->attempts - 1));

		if (rc == CURLE_OK && (ra = retry_after(c)) > wait)
			wait = ra;
		if (ra > r->max_wait || (int)j->attempts > r->retries) {
			if (ra > r->max_wait)
				j->retry_after = (long)ceil(ra);
			if (rc != CURLE_OK)
				return job_fail(j, CT_EIO, "%s", x->errbuf[0] ? x->errbuf :
					curl_easy_strerror(rc)), 0;
			if (j->retry_after)
				return job_fail(j, CT_EIO, "the server answered HTTP %ld and asked to come "
					"back in %ld seconds", j->res.status, j->retry_after), 0;
			return job_fail(j, CT_EIO, "the server answered HTTP %ld%s", j->res.status,
				j->attempts > 1 ? " (after retries)" : ""), 0;
		}
		if (o->next_start < mono() + wait)
			o->next_start = mono() + wait;
		return 1;
	}
	if (rc != CURLE_OK)
		return job_fail(j, CT_EIO, "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc)), 0;
	if (j->res.status == 304)
		j->res.not_modified = 1;
	else if (j->res.status < 200 || j->res.status > 299)
		return job_fail(j, CT_EIO, "the server answered HTTP %ld", j->res.status), 0;
	if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
		j->res.content_type = strdup(ct);
	if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
		j->res.url = clean(eff);
	j->res.etag = header(c, "ETag");
	j->res.last_modified = header(c, "Last-Modified");
	if (!j->body.ptr && ct_buf_grow(&j->body, 0) < 0)
		return job_fail(j, CT_ENOMEM, "out of memory"), 0;
	return 0;
}

static void finish(run *r, xfer *x, CURLcode rc)
{
	ct_fetch_job *j = &r->jobs[x->job];
	origin *o = &r->o[x->origin];

	curl_multi_remove_handle(r->multi, x->easy);
	r->running--;
	o->busy = 0;
	if (settle(r, x, rc) == 1) {
		/* again, first in its origin's line */
		o->queue[--o->head] = x->job;
	} else {
		if (j->err)
			ct_buf_dispose(&j->body);
		r->done++;
		if (r->opts->on_done)
			r->opts->on_done(j, r->done, r->n, r->opts->payload);
	}
	curl_slist_free_all(x->hdrs);
	curl_easy_cleanup(x->easy);
	free(x);
}

static int origins_make(run *r)
{
	size_t i, k;

	if (!(r->origin_of = calloc(r->n ? r->n : 1, sizeof(*r->origin_of))) ||
	    !(r->o = calloc(r->n ? r->n : 1, sizeof(*r->o))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	for (i = 0; i < r->n; i++) {
		char *name = NULL, *path = NULL;
		origin *o;

		if (ct_url_split(&name, &path, r->jobs[i].url) < 0)
			return -1;
		free(path);
		/* a linear search: the origins of one run are few next to its jobs */
		for (k = 0; k < r->no && strcmp(r->o[k].name, name); k++)
			;
		o = &r->o[k];
		if (k == r->no) {
			o->name = name;
			r->no++;
		} else {
			free(name);
		}
		if (o->n == o->cap) {
			size_t cap = o->cap ? o->cap * 2 : 8, *q = realloc(o->queue, cap * sizeof(*q));

			if (!q)
				return ct_error_set(CT_ENOMEM, "out of memory");
			o->queue = q;
			o->cap = cap;
		}
		o->queue[o->n++] = i;
		r->origin_of[i] = k;
	}
	return 0;
}

/* Start what may start now; the seconds until the next could, or 1. */
static double launch(run *r)
{
	double now = mono(), soonest = 1.0;
	size_t k;

	for (k = 0; k < r->no && r->running < r->parallel; k++) {
		origin *o = &r->o[k];

		if (o->busy || o->head >= o->n)
			continue;
		if (o->next_start > now) {
			if (o->next_start - now < soonest)
				soonest = o->next_start - now;
			continue;
		}
		if (start(r, o->queue[o->head], k) < 0) {
			ct_fetch_job *j = &r->jobs[o->queue[o->head]];

			r->done++;
			if (r->opts->on_done)
				r->opts->on_done(j, r->done, r->n, r->opts->payload);
		}
		o->head++;
	}
	return soonest;
}

int ct_fetch_many(ct_fetch_job *jobs, size_t n, const ct_fetch_many_options *opts)
{
	ct_fetch_many_options def = CT_FETCH_MANY_OPTIONS_INIT;
	run r;
	size_t i;
	int err = 0;

	if (!opts)
		opts = &def;
	memset(&r, 0, sizeof(r));
	r.jobs = jobs;
	r.n = n;
	r.opts = opts;
	r.timeout = opts->timeout > 0 ? opts->timeout : 60;
	r.max_bytes = opts->max_bytes ? opts->max_bytes : CT_MAX_INPUT;
	r.max_redirects = opts->max_redirects > 0 ? opts->max_redirects : 5;
	r.retries = opts->retries < 0 ? 0 : opts->retries ? opts->retries : 2;
	r.backoff = opts->backoff > 0 ? opts->backoff : 1.0;
	r.max_wait = opts->max_wait > 0 ? opts->max_wait : 60;
	r.parallel = opts->parallel > 0 ? opts->parallel : 16;
	snprintf(r.ua, sizeof(r.ua), "claimtrack/%s", CT_VERSION);
	for (i = 0; i < n; i++) {
		memset(&jobs[i].body, 0, sizeof(jobs[i].body));
		memset(&jobs[i].res, 0, sizeof(jobs[i].res));
		jobs[i].err = 0;
		jobs[i].error = NULL;
		jobs[i].retry_after = 0;
		jobs[i].attempts = 0;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return ct_error_set(CT_ERROR, "cannot start libcurl");
	if ((err = origins_make(&r)) < 0)
		goto out;
	if (!(r.multi = curl_multi_init())) {
		err = ct_error_set(CT_ENOMEM, "cannot start libcurl");
		goto out;
	}
	curl_multi_setopt(r.multi, CURLMOPT_MAX_HOST_CONNECTIONS, 2L);
	while (r.done < r.n) {
		double wait = launch(&r);
		CURLMsg *m;
		int left, still;

		int finished = 0;

		curl_multi_perform(r.multi, &still);
		while ((m = curl_multi_info_read(r.multi, &left)) != NULL) {
			xfer *x = NULL;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			finish(&r, x, m->data.result);
			finished++;
		}
		if (r.done >= r.n)
			break;
		if (finished)
			continue;   /* their origins may take the next job now */
		if (r.running == 0 && wait > 0) {
			struct timespec ts = { (time_t)wait, (long)((wait - floor(wait)) * 1e9) };

			nanosleep(&ts, NULL);
		} else {
			curl_multi_poll(r.multi, NULL, 0, (int)(wait * 1000) + 1, NULL);
		}
	}
out:
	if (r.multi)
		curl_multi_cleanup(r.multi);
	for (i = 0; i < r.no; i++) {
		free(r.o[i].name);
		free(r.o[i].queue);
	}
	free(r.o);
	free(r.origin_of);
	return err;
}
