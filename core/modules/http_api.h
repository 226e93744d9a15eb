/* SPDX-License-Identifier: MIT */
/*
 * The HTTP module's API: the functions of include/claimtrack/fetch.h that
 * need libcurl (core/fetch_curl.c). The list's form is archive_api.h's.
 */
#ifndef CT_MODULES_HTTP_API_H
#define CT_MODULES_HTTP_API_H

#include "claimtrack/fetch.h"
#include "claimtrack/watch.h"

#define CT_HTTP_API(F, V) \
	F(int, ct_fetch, (ct_buf *body, ct_fetch_result *res, const char *url, \
		const ct_fetch_options *opts), (body, res, url, opts), CT_EUNSUPPORTED) \
	F(int, ct_fetch_many, (ct_fetch_job *jobs, size_t n, const ct_fetch_many_options *opts), \
		(jobs, n, opts), CT_EUNSUPPORTED) \
	F(int, ct_http_post, (long *status, const char *url, const char *content_type, \
		const char *data, size_t len, long timeout), \
		(status, url, content_type, data, len, timeout), CT_EUNSUPPORTED)

#include "../module.h"

typedef struct ct_http_module {
	ct_module_head head;
	CT_HTTP_API(CT_MODULE_MEMBER, CT_MODULE_VMEMBER)
} ct_http_module;

#define CT_HTTP_SIGNATURE CT_HTTP_API(CT_MODULE_SIG, CT_MODULE_VSIG)

#endif
