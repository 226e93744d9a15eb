/* SPDX-License-Identifier: MIT */
/*
 * Test plugin: a third-party format added without rebuilding the core.
 * "key: value" lines; "# " lines are headings, "@title " sets the title,
 * "@fail" makes the parse fail through the host, "@item" opens a section.
 */
#include <string.h>
#include "claimtrack/plugin.h"

static int parse(const ct_host_services *h, ct_sink *s, const char *d, size_t n,
	const ct_parse_options *o)
{
	const char *end = d + n;
	int err = 0, in_section = 0;

	(void)o;
	while (d < end && !err) {
		const char *e = memchr(d, '\n', (size_t)(end - d));
		size_t len;

		if (!e)
			e = end;
		len = (size_t)(e - d);
		if (len >= 5 && !memcmp(d, "@fail", 5))
			return h->fail(s, CT_PLUGIN_EINVAL, "line says @fail");
		if (len > 7 && !memcmp(d, "@title ", 7))
			err = h->meta(s, CT_META_TITLE, d + 7, len - 7);
		else if (len > 6 && !memcmp(d, "@item ", 6)) {
			if (in_section)
				h->section_end(s);
			h->section_begin(s);
			in_section = 1;
			err = h->meta(s, CT_META_ID, d + 6, len - 6);
		} else if (len > 2 && !memcmp(d, "# ", 2))
			err = h->block(s, CT_BLOCK_HEADING, d + 2, len - 2);
		else if (len)
			err = h->block(s, CT_BLOCK_PARAGRAPH, d, len);
		d = e + 1;
	}
	if (in_section)
		h->section_end(s);
	return err;
}

static int probe(const char *d, size_t n, const char *name)
{
	(void)name;
	return n >= 7 && !memcmp(d, "@lines\n", 7) ? 90 : 0;
}

static const char *const types[] = { "text/x-lines", NULL };
static const char *const exts[] = { "lines", NULL };

static const ct_plugin desc = {
	sizeof(ct_plugin), CT_PLUGIN_ABI_VERSION, "lines", "0.1", "test format",
	types, exts, probe, parse
};

CT_PLUGIN_DEFINE(desc)
