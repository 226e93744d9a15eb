/* SPDX-License-Identifier: MIT */
/* Test plugin: a descriptor too small to hold the callbacks. */
#include "claimtrack/plugin.h"

static const ct_plugin desc = {
	sizeof(size_t) + sizeof(unsigned int), CT_PLUGIN_ABI_VERSION, "tiny", "1.0",
	"too small", NULL, NULL, NULL, NULL
};

CT_PLUGIN_DEFINE(desc)
