/* SPDX-License-Identifier: MIT */
/* The HTTP module's table: core/fetch_curl.c, built into this shared object
 * with hidden visibility. */
#include "http_api.h"

#define F(ret, name, params, args, fail) \
	_Static_assert(__builtin_types_compatible_p(__typeof__(&name), ret (*) params), \
		#name " differs in fetch.h and http_api.h");
CT_HTTP_API(F, )
#undef F

#define F(ret, name, params, args, fail) name,
static const ct_http_module table = {
	{ sizeof(ct_http_module), CT_MODULE_ABI, CT_VERSION, CT_HTTP_SIGNATURE },
	CT_HTTP_API(F, )
};

__attribute__((visibility("default"))) const ct_module_head *claimtrack_module_entry(void);
__attribute__((visibility("default"))) const ct_module_head *claimtrack_module_entry(void)
{
	return &table.head;
}
