/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the RSS/Atom plugin.
 *
 * The plugin sources are linked in statically and driven through a small
 * host services table of our own, so the fuzzer exercises the plugin (and
 * libxml2 under our options) without the core, and checks the contract the
 * host relies on: metadata keys and block kinds in range, every string
 * readable for its whole length, sections balanced, a failure always
 * reported through fail() with a message, nothing allocated left behind.
 *
 * Build and run with `make fuzz` (the seeds are fixtures/feeds); the
 * core library is linked for its decoding, which the host offers.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/plugin.h"
#include "../../core/charset.h"

const ct_plugin *claimtrack_plugin_entry(unsigned int host_abi);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ct_sink {
	int in_section;
	int failed;
	int sections;
	long live;          /* allocations not yet freed */
	char msg[256];
};

/* Each allocation carries a header so we can count what is outstanding. */
typedef union hdr {
	size_t size;
	max_align_t align;
} hdr;

static long *live_counter;   /* the sink of the input being run (one thread) */

static void *f_alloc(size_t n)
{
	hdr *h = malloc(sizeof(hdr) + (n ? n : 1));

	if (!h)
		return NULL;
	h->size = n;
	if (live_counter)
		(*live_counter)++;
	return h + 1;
}

static void f_free(void *p)
{
	if (!p)
		return;
	if (live_counter)
		(*live_counter)--;
	free((hdr *)p - 1);
}

static void *f_realloc(void *p, size_t n)
{
	hdr *h;

	if (!p)
		return f_alloc(n);
	if (!(h = realloc((hdr *)p - 1, sizeof(hdr) + (n ? n : 1))))
		return NULL;
	h->size = n;
	return h + 1;
}

/* Touch every byte so ASan sees an out-of-bounds length. */
static void touch(const char *s, size_t len)
{
	volatile unsigned char sum = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sum ^= (unsigned char)s[i];
	(void)sum;
}

static void f_log(ct_sink *sink, int level, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	(void)sink;
	(void)level;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
}

static int f_fail(ct_sink *sink, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sink->msg, sizeof(sink->msg), fmt, ap);
	va_end(ap);
	sink->failed = 1;
	return code < 0 ? code : CT_PLUGIN_EINVAL;
}

static int f_meta(ct_sink *sink, int key, const char *value, size_t len)
{
	(void)sink;
	if (key < 0 || key >= CT_META_KEY_COUNT || !value)
		abort();
	touch(value, len);
	return 0;
}

static int f_section_begin(ct_sink *sink)
{
	if (sink->in_section)
		abort();   /* items never nest */
	sink->in_section = 1;
	sink->sections++;
	return 0;
}

static int f_section_end(ct_sink *sink)
{
	if (!sink->in_section)
		abort();
	sink->in_section = 0;
	return 0;
}

static int f_block(ct_sink *sink, int kind, const char *text, size_t len)
{
	(void)sink;
	if (kind < 0 || kind >= CT_BLOCK_KIND_COUNT || !text)
		abort();
	touch(text, len);
	return 0;
}

static int f_parse_nested(ct_sink *sink, const char *media_type, const char *data,
	size_t len, unsigned int flags)
{
	(void)sink;
	(void)media_type;
	(void)flags;
	touch(data, len);
	return 0;
}

/* As the host does without an HTML plugin: the bytes themselves. */
static int f_text_of(ct_sink *sink, const char *media_type, const char *data,
	size_t len, char **out, size_t *out_len)
{
	char *copy;

	(void)sink;
	(void)media_type;
	touch(data, len);
	if (!(copy = f_alloc(len + 1)))
		return CT_PLUGIN_ENOMEM;
	memcpy(copy, data, len);
	copy[len] = '\0';
	*out = copy;
	*out_len = len;
	return 0;
}

static const ct_host_services services;

/* The core's decoding, as the host offers it. */
static int f_decode(ct_sink *sink, const char *data, size_t len, const char *ctype,
	unsigned int flags, ct_decoded *out)
{
	(void)sink;
	touch(data, len);
	return ct_charset_decode(&services, data, len, ctype, flags, out, NULL);
}

static const ct_host_services services = {
	sizeof(ct_host_services),
	CT_PLUGIN_ABI_VERSION,
	f_alloc,
	f_realloc,
	f_free,
	f_log,
	f_fail,
	f_meta,
	f_section_begin,
	f_section_end,
	f_block,
	f_parse_nested,
	f_text_of,
	f_decode
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const ct_plugin *p = claimtrack_plugin_entry(CT_PLUGIN_ABI_VERSION);
	ct_parse_options opts;
	ct_sink sink;
	int err;

	memset(&sink, 0, sizeof(sink));
	memset(&opts, 0, sizeof(opts));
	opts.struct_size = sizeof(opts);
	opts.name = "fuzz";
	live_counter = &sink.live;
	/* probe sees at most 4 KiB, as the host promises */
	(void)p->probe((const char *)data, size < 4096 ? size : 4096, NULL);
	err = p->parse(&services, &sink, (const char *)data, size, &opts);
	live_counter = NULL;
	if (err < 0 && (!sink.failed || !sink.msg[0]))
		abort();   /* a failure must say why */
	if (err == 0 && sink.failed)
		abort();   /* ...and a reported failure must fail */
	if (err == 0 && sink.in_section)
		abort();   /* every section closed */
	if (sink.live != 0)
		abort();   /* everything allocated through the host was freed */
	return 0;
}
