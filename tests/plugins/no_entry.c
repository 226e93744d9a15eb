/* SPDX-License-Identifier: MIT */
/* Test plugin: a shared object without the entry symbol. */
#include "claimtrack/plugin.h"

CT_PLUGIN_EXPORT int not_a_plugin(void);
CT_PLUGIN_EXPORT int not_a_plugin(void)
{
	return 42;
}
