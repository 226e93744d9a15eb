/* SPDX-License-Identifier: MIT */
/* The server module's table: the functions of core/server/mhd.c, which are
 * built into this shared object with hidden visibility. */
#include "serve_api.h"

/* A declaration in archive.h that the list spells differently fails here. */
#define F(ret, name, params, args, fail) \
	_Static_assert(__builtin_types_compatible_p(__typeof__(&name), ret (*) params), \
		#name " differs in archive.h and serve_api.h");
#define V(name, params, args) F(void, name, params, args, )
CT_SERVE_API(F, V)
#undef F
#undef V

#define F(ret, name, params, args, fail) name,
#define V(name, params, args) name,
static const ct_serve_module table = {
	{ sizeof(ct_serve_module), CT_MODULE_ABI, CT_VERSION, CT_SERVE_SIGNATURE },
	CT_SERVE_API(F, V)
};

__attribute__((visibility("default"))) const ct_module_head *claimtrack_module_entry(void);
__attribute__((visibility("default"))) const ct_module_head *claimtrack_module_entry(void)
{
	return &table.head;
}
