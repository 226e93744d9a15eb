/* SPDX-License-Identifier: MIT */
/* Fetching documents over HTTP(S) with libcurl: the HTTP module's code
 * (built into http.so for the program, into libclaimtrack.a directly). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "claimtrack/common.h"
#include "claimtrack/fetch.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result;

static void init_curl(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct sink {
	ct_buf *body;
	size_t max;
	int too_big;
} sink;

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	sink *s = userdata;
	size_t n = size * nmemb;

	/* the cap holds even when the server sent no Content-Length */
	if (s->body->len + n > s->max) {
		s->too_big = 1;
		return 0;
	}
	if (ct_buf_put(s->body, ptr, n) < 0)
		return 0;
	return n;
}

static char *header_value(CURL *c, const char *name)
{
	struct curl_header *h = NULL;

	if (curl_easy_header(c, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h || !h->value)
		return NULL;
	return strdup(h->value);
}

int ct_fetch(ct_buf *body, ct_fetch_result *res, const char *url,
	const ct_fetch_options *opts)
{
	ct_fetch_options def = CT_FETCH_OPTIONS_INIT;
	struct curl_slist *hdrs = NULL;
	char errbuf[CURL_ERROR_SIZE], ua[64], *ct = NULL, *eff = NULL, *line = NULL;
	sink s;
	CURL *c;
	CURLcode rc;
	int err = 0;

	memset(res, 0, sizeof(*res));
	if (!opts)
		opts = &def;
	if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
		return ct_error_set(CT_EINVAL, "%s: only http and https URLs can be fetched", url);
	pthread_once(&curl_once, init_curl);
	if (curl_init_result != CURLE_OK)
		return ct_error_set(CT_ERROR, "cannot start libcurl: %s",
			curl_easy_strerror(curl_init_result));
	if (!(c = curl_easy_init()))
		return ct_error_set(CT_ENOMEM, "cannot start libcurl");
	s.body = body;
	s.max = opts->max_bytes ? opts->max_bytes : CT_MAX_INPUT;
	s.too_big = 0;
	errbuf[0] = '\0';
	snprintf(ua, sizeof(ua), "claimtrack/%s", CT_VERSION);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, opts->timeout > 0 ? opts->timeout : 60L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s.max);
	curl_easy_setopt(c, CURLOPT_USERAGENT, opts->user_agent ? opts->user_agent : ua);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (opts->if_none_match && (line = malloc(strlen(opts->if_none_match) + 16))) {
		sprintf(line, "If-None-Match: %s", opts->if_none_match);
		hdrs = curl_slist_append(hdrs, line);
		free(line);
	}
	if (opts->if_modified_since && (line = malloc(strlen(opts->if_modified_since) + 20))) {
		sprintf(line, "If-Modified-Since: %s", opts->if_modified_since);
		hdrs = curl_slist_append(hdrs, line);
		free(line);
	}
	if (hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
	if (s.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		err = ct_error_set(CT_ETOOBIG, "%s: response is over the %zu-byte limit", url, s.max);
		goto out;
	}
	if (rc != CURLE_OK) {
		err = ct_error_set(CT_EIO, "%s: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
		goto out;
	}
	if (res->status == 304) {
		res->not_modified = 1;
	} else if (res->status < 200 || res->status > 299) {
		err = ct_error_set(CT_EIO, "%s: the server answered HTTP %ld", url, res->status);
		goto out;
	}
	if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
		res->content_type = strdup(ct);
	if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
		res->url = strdup(eff);
	res->etag = header_value(c, "ETag");
	res->last_modified = header_value(c, "Last-Modified");
	if (!body->ptr)
		err = ct_buf_grow(body, 0);
out:
	if (err) {
		long status = res->status;

		ct_fetch_result_dispose(res);
		res->status = rc == CURLE_OK ? status : 0;
	}
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	return err;
}
