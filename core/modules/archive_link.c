/* SPDX-License-Identifier: MIT */
/* The archive's public functions in the program: each loads the archive
 * module (and so libgit2) on first use and calls its function. */
#include "archive_api.h"

static ct_module_slot archive_slot = CT_MODULE_SLOT_INIT;
static const ct_module_spec archive_spec = {
	"archive.so", "archive", "libgit2", sizeof(ct_archive_module), CT_ARCHIVE_SIGNATURE
};

static const ct_archive_module *get(void)
{
	return (const ct_archive_module *)ct__module_get(&archive_slot, &archive_spec);
}

static const ct_archive_module *peek(void)
{
	return (const ct_archive_module *)ct__module_peek(&archive_slot);
}

#define F(ret, name, params, args, fail) \
	CT_MODULE_FORWARD(ct_archive_module, get, ret, name, params, args, fail)
#define V(name, params, args) CT_MODULE_VFORWARD(ct_archive_module, peek, name, params, args)
CT_ARCHIVE_API(F, V)
