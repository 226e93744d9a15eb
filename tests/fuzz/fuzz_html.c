/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the HTML plugin, run directly through its parse()
 * with a minimal services table of its own and the core's decoding (make
 * fuzz links the claimtrack library for it):
 *
 *   make fuzz   (or build/fuzz/fuzz/fuzz_html -max_total_time=600 fixtures/html)
 *
 * The first byte's low bit selects fragment mode (a feed item body), its
 * next two bits the Content-Type charset (none, windows-1252, Shift_JIS,
 * UTF-8); the services check that every block and value is handed over
 * intact, and that everything allocated through them is freed.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/plugin.h"
#include "../../core/charset.h"

const ct_plugin *claimtrack_plugin_entry(unsigned int host_abi);

struct ct_sink {
	size_t blocks, bytes;
	int failed;
};

static long live;   /* allocations not yet freed (one input at a time) */

static void *f_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	live += p != NULL;
	return p;
}

static void *f_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	live += !p && q;
	return q;
}

static void f_free(void *p)
{
	live -= p != NULL;
	free(p);
}

static void f_log(ct_sink *sink, int level, const char *fmt, ...)
{
	(void)sink;
	(void)level;
	(void)fmt;
}

static int f_fail(ct_sink *sink, int code, const char *fmt, ...)
{
	sink->failed = 1;
	(void)fmt;
	return code < 0 ? code : CT_PLUGIN_EINVAL;
}

/* Touch every byte so ASan sees a bad length. */
static void consume(ct_sink *sink, const char *s, size_t n)
{
	volatile unsigned char sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum ^= (unsigned char)s[i];
	(void)sum;
	sink->bytes += n;
}

static int f_meta(ct_sink *sink, int key, const char *v, size_t n)
{
	if (key < 0 || key >= CT_META_KEY_COUNT || !v)
		abort();
	consume(sink, v, n);
	return 0;
}

static int f_section(ct_sink *sink)
{
	(void)sink;
	return 0;
}

static int f_block(ct_sink *sink, int kind, const char *s, size_t n)
{
	if (kind < 0 || kind >= CT_BLOCK_KIND_COUNT || !s)
		abort();
	consume(sink, s, n);
	sink->blocks++;
	return 0;
}

static int f_nested(ct_sink *sink, const char *mt, const char *d, size_t n, unsigned int fl)
{
	(void)mt;
	(void)fl;
	consume(sink, d, n);
	return 0;
}

static int f_text_of(ct_sink *sink, const char *mt, const char *d, size_t n, char **out,
	size_t *out_len)
{
	(void)sink;
	(void)mt;
	(void)d;
	(void)n;
	*out = NULL;
	*out_len = 0;
	return CT_PLUGIN_EINVAL;
}

static const ct_host_services services;

static int f_decode(ct_sink *sink, const char *d, size_t n, const char *ct, unsigned int fl,
	ct_decoded *out)
{
	(void)sink;
	return ct_charset_decode(&services, d, n, ct, fl, out, NULL);
}

static const ct_host_services services = {
	sizeof(ct_host_services), CT_PLUGIN_ABI_VERSION,
	f_alloc, f_realloc, f_free, f_log, f_fail, f_meta, f_section, f_section,
	f_block, f_nested, f_text_of, f_decode
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[4] = {
		NULL, "text/html; charset=windows-1252", "text/html; charset=shift_jis",
		"text/html; charset=utf-8"
	};
	const ct_plugin *p = claimtrack_plugin_entry(CT_PLUGIN_ABI_VERSION);
	ct_parse_options opts;
	ct_sink sink;
	int err;

	if (size < 1)
		return 0;
	memset(&opts, 0, sizeof(opts));
	memset(&sink, 0, sizeof(sink));
	opts.struct_size = sizeof(opts);
	opts.flags = (data[0] & 1) ? CT_PARSE_FRAGMENT : 0;
	opts.content_type = charsets[(data[0] >> 1) & 3];
	opts.name = "fuzz.html";
	p->probe((const char *)data + 1, size - 1 < 4096 ? size - 1 : 4096, NULL);
	live = 0;
	err = p->parse(&services, &sink, (const char *)data + 1, size - 1, &opts);
	/* a parse that fails must say why; one that succeeds must not */
	if ((err < 0) != sink.failed)
		abort();
	if (live != 0)
		abort();   /* everything allocated through the host was freed */
	return 0;
}
