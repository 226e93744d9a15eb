/* SPDX-License-Identifier: MIT */
/* The parsed document of a stored version: what the reports take its title from. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_version_doc(ct_doc **out, ct_archive *archive, ct_host *host, const ct_archive_version *v)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_buf src = CT_BUF_INIT;
	char type[64];
	size_t n = v->plugin ? strcspn(v->plugin, " ") : 0;
	int err;

	*out = NULL;
	if (n >= sizeof(type))
		n = sizeof(type) - 1;
	memcpy(type, v->plugin ? v->plugin : "", n);
	type[n] = '\0';
	if ((err = ct_archive_read(&src, archive, v, "source")) < 0)
		return err;
	req.type = type[0] && ct_host_find(host, type) ? type : NULL;
	req.name = v->source_name;
	req.content_type = v->media_type;
	err = ct_host_parse(out, host, src.ptr, src.len, &req);
	ct_buf_dispose(&src);
	return err;
}

void cli_version_meta(char **title, char **url, ct_archive *archive, ct_host *host,
	const ct_archive_version *v)
{
	ct_doc *doc = NULL;

	if (cli_version_doc(&doc, archive, host, v) == 0 && doc->meta[CT_META_TITLE])
		*title = strdup(doc->meta[CT_META_TITLE]);
	if (v->source_url)
		*url = strdup(v->source_url);
	else if (doc && doc->meta[CT_META_URL])
		*url = strdup(doc->meta[CT_META_URL]);
	ct_doc_free(doc);
}
