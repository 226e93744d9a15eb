/* SPDX-License-Identifier: MIT */
/* Fetching: what needs no libcurl (document ids from URLs, results). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/common.h"
#include "claimtrack/fetch.h"

void ct_fetch_result_dispose(ct_fetch_result *res)
{
	if (!res)
		return;
	free(res->content_type);
	free(res->etag);
	free(res->last_modified);
	free(res->url);
	memset(res, 0, sizeof(*res));
}

int ct_fetch_url_id(char **out, const char *url)
{
	const char *p = strstr(url, "://");
	char *id, *w;
	size_t n;
	int dash = 0;

	*out = NULL;
	p = p ? p + 3 : url;
	/* drop user info */
	{
		const char *at = strchr(p, '@'), *slash = strchr(p, '/');

		if (at && (!slash || at < slash))
			p = at + 1;
	}
	n = strlen(p);
	if (n > 200)
		n = 200;
	if (!(id = malloc(n + 1)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	for (w = id; n-- > 0; p++) {
		unsigned char ch = (unsigned char)*p;

		if (*p == '#')
			break;
		if (isalnum(ch) || ((ch == '.' || ch == '_') && w > id && w[-1] != '.')) {
			*w++ = (char)ch;
			dash = 0;
		} else if (w > id && !dash) {
			*w++ = '-';
			dash = 1;
		}
	}
	while (w > id && (w[-1] == '-' || w[-1] == '.'))
		w--;
	*w = '\0';
	if (!id[0]) {
		free(id);
		return ct_error_set(CT_EINVAL, "%s: no document id can be made from this URL; give --id", url);
	}
	*out = id;
	return 0;
}
