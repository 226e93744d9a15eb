/* SPDX-License-Identifier: MIT */
/* Test plugin: the entry point returns no descriptor. */
#include "claimtrack/plugin.h"

CT_PLUGIN_EXPORT const ct_plugin *claimtrack_plugin_entry(unsigned int abi);
CT_PLUGIN_EXPORT const ct_plugin *claimtrack_plugin_entry(unsigned int abi)
{
	(void)abi;
	return NULL;
}
