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
