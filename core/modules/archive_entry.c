/* SPDX-License-Identifier: MIT */
/* The archive module's table: the functions of core/archive*.c, which are
 * built into this shared object with hidden visibility. */
#include "archive_api.h"

/* A declaration in archive.h that the list spells differently fails here. */
#define F(ret, name, params, args, fail) \
	_Static_assert(__builtin_types_compatible_p(__typeof__(&name), ret (*) params), \
		#name " differs in archive.h and archive_api.h");
#define V(name, params, args) F(void, name, params, args, )
CT_ARCHIVE_API(F, V)
#undef F
#undef V

#define F(ret, name, params, args, fail) name,
#define V(name, params, args) name,
static const ct_archive_module table = {
	{ sizeof(ct_archive_module), CT_MODULE_ABI, CT_VERSION, CT_ARCHIVE_SIGNATURE },
	CT_ARCHIVE_API(F, V)
};

__attribute__((visibility("default"))) const ct_module_head *claimtrack_module_entry(void);
__attribute__((visibility("default"))) const ct_module_head *claimtrack_module_entry(void)
{
	return &table.head;
}
