/* SPDX-License-Identifier: MIT */
/* Test plugin: built for a future ABI the host does not speak. */
#include "claimtrack/plugin.h"

static int parse(const ct_host_services *h, ct_sink *s, const char *d, size_t n,
	const ct_parse_options *o)
{
	(void)h; (void)s; (void)d; (void)n; (void)o;
	return 0;
}

static const ct_plugin desc = {
	sizeof(ct_plugin), 999, "future", "1.0", "wrong ABI", NULL, NULL, NULL, parse
};

CT_PLUGIN_DEFINE(desc)
