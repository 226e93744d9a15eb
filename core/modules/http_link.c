/* SPDX-License-Identifier: MIT */
/* ct_fetch in the program: loads the HTTP module (and so libcurl) on first
 * use and calls its function. */
#include <string.h>

#include "http_api.h"

static ct_module_slot http_slot = CT_MODULE_SLOT_INIT;
static const ct_module_spec http_spec = {
	"http.so", "HTTP", "libcurl", sizeof(ct_http_module), CT_HTTP_SIGNATURE
};

int ct_fetch(ct_buf *body, ct_fetch_result *res, const char *url,
	const ct_fetch_options *opts)
{
	const ct_http_module *m = (const ct_http_module *)ct__module_get(&http_slot, &http_spec);

	if (!m) {
		memset(res, 0, sizeof(*res));
		return ct_error_last_code();
	}
	return m->ct_fetch(body, res, url, opts);
}

static const ct_http_module *get(void)
{
	return (const ct_http_module *)ct__module_get(&http_slot, &http_spec);
}

/* the watch's fetches and webhooks (core/watch_fetch.c, core/notify_http.c) */
CT_MODULE_FORWARD(ct_http_module, get, int, ct_fetch_many, (ct_fetch_job *jobs, size_t n,
	const ct_fetch_many_options *opts), (jobs, n, opts), CT_EUNSUPPORTED)
CT_MODULE_FORWARD(ct_http_module, get, int, ct_http_post, (long *status, const char *url,
	const char *content_type, const char *data, size_t len, long timeout),
	(status, url, content_type, data, len, timeout), CT_EUNSUPPORTED)
