/* SPDX-License-Identifier: MIT */
/* Webhooks: POST a JSON body with libcurl. Part of the HTTP module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "claimtrack/watch.h"

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	(void)ptr;
	(void)userdata;
	return size * nmemb;
}

int ct_http_post(long *status, const char *url, const char *content_type,
	const char *data, size_t len, long timeout)
{
	struct curl_slist *h = NULL;
	char errbuf[CURL_ERROR_SIZE], *shown = NULL, *line = NULL;
	CURLcode rc;
	CURL *c;
	int err = 0;

	*status = 0;
	if (ct_url_strip_credentials(&shown, url) < 0)
		return -1;
	if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)) {
		err = ct_error_set(CT_EINVAL, "%s: a webhook is an http or https URL", shown);
		goto out;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(c = curl_easy_init())) {
		err = ct_error_set(CT_ERROR, "cannot start libcurl");
		goto out;
	}
	errbuf[0] = '\0';
	if (asprintf(&line, "Content-Type: %s", content_type ? content_type : "application/json") < 0 ||
	    !(h = curl_slist_append(NULL, line))) {
		curl_easy_cleanup(c);
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout > 0 ? timeout : 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "claimtrack/" CT_VERSION);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	if (rc != CURLE_OK)
		err = ct_error_set(CT_EIO, "%s: %s", shown, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else if (*status < 200 || *status > 299)
		err = ct_error_set(CT_EIO, "%s: the webhook answered HTTP %ld", shown, *status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
out:
	free(line);
	free(shown);
	return err;
}
