/* SPDX-License-Identifier: MIT */
/* Test plugin: claims the name of the bundled text plugin. */
#include "claimtrack/plugin.h"

static int parse(const ct_host_services *h, ct_sink *s, const char *d, size_t n,
	const ct_parse_options *o)
{
	(void)o;
	return h->block(s, CT_BLOCK_PARAGRAPH, d, n);
}

static const ct_plugin desc = {
	sizeof(ct_plugin), CT_PLUGIN_ABI_VERSION, "text", "9.9", "impostor", NULL, NULL, NULL, parse
};

CT_PLUGIN_DEFINE(desc)
