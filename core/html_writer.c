/* SPDX-License-Identifier: MIT */
/* The escaping writer behind every HTML, SVG and Atom report. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "claimtrack/common.h"
#include "html_writer.h"

void ct_html_init(ct_html *h, ct_buf *out, ct_html_mode mode)
{
	memset(h, 0, sizeof(*h));
	h->out = out;
	h->mode = mode;
}

static void fail(ct_html *h, int err)
{
	if (!h->err)
		h->err = err;
}

static void put(ct_html *h, const char *s, size_t n)
{
	int err;

	if (!h->err && (err = ct_buf_put(h->out, s, n)) < 0)
		fail(h, err);
}

static void puts_(ct_html *h, const char *s)
{
	put(h, s, strlen(s));
}

/* A name the caller wrote: letters (SVG's viewBox), digits, '-' and ':'. */
static int name_ok(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == ':'))
			return 0;
	return 1;
}

static const char *entity(unsigned char c, int attr)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return attr ? "&quot;" : NULL;
	case '\'': return attr ? "&#39;" : NULL;
	default: return NULL;
	}
}

int ct_html_escape(ct_buf *out, const char *s, size_t n, int attr)
{
	static const char replacement[] = "\xef\xbf\xbd";
	size_t i = 0, run = 0, skip;
	int err = 0;

	/* plain bytes and valid UTF-8 stay in the run copied at once; an
	 * entity or a replacement flushes it */
	while (i < n && !err) {
		unsigned char c = (unsigned char)s[i];
		const char *ent = NULL;
		utf8proc_int32_t cp;
		utf8proc_ssize_t len;

		if (c < 0x80) {
			if ((c >= 0x20 || c == '\t' || c == '\n' || c == '\r') && !(ent = entity(c, attr))) {
				i++;
				continue;
			}
			skip = 1;
		} else {
			len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
				(utf8proc_ssize_t)(n - i), &cp);
			if (len > 0 && !(cp >= 0x80 && cp < 0xa0) && cp != 0xfffe && cp != 0xffff) {
				i += (size_t)len;
				continue;
			}
			skip = len > 0 ? (size_t)len : 1;   /* not UTF-8, or a C1 control */
		}
		if (i > run)
			err = ct_buf_put(out, s + run, i - run);
		if (!err)
			err = ct_buf_puts(out, ent ? ent : replacement);
		run = i = i + skip;
	}
	if (!err && i > run)
		err = ct_buf_put(out, s + run, i - run);
	return err;
}

static void esc(ct_html *h, const char *s, size_t n, int attr)
{
	int err;

	if (!h->err && (err = ct_html_escape(h->out, s, n, attr)) < 0)
		fail(h, err);
}

static void start_tag(ct_html *h, const char *tag, va_list ap, int empty)
{
	const char *name, *value;

	if (!name_ok(tag)) {
		fail(h, ct_error_set(CT_EINVAL, "html writer: bad element name"));
		return;
	}
	put(h, "<", 1);
	puts_(h, tag);
	while ((name = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		if (!value)
			continue;
		if (!name_ok(name)) {
			fail(h, ct_error_set(CT_EINVAL, "html writer: bad attribute name"));
			return;
		}
		put(h, " ", 1);
		puts_(h, name);
		put(h, "=\"", 2);
		esc(h, value, strlen(value), 1);
		put(h, "\"", 1);
	}
	puts_(h, empty && h->mode == CT_HTML_MODE_XML ? "/>" : ">");
}

static void push(ct_html *h, const char *tag)
{
	if (h->err)
		return;
	if (h->depth == CT_HTML_DEPTH) {
		fail(h, ct_error_set(CT_EINVAL, "html writer: elements nested too deep"));
		return;
	}
	h->open[h->depth++] = tag;
}

void ct_html_open(ct_html *h, const char *tag, ...)
{
	va_list ap;

	if (h->err)
		return;
	va_start(ap, tag);
	start_tag(h, tag, ap, 0);
	va_end(ap);
	push(h, tag);
}

void ct_html_empty(ct_html *h, const char *tag, ...)
{
	va_list ap;

	if (h->err)
		return;
	va_start(ap, tag);
	start_tag(h, tag, ap, 1);
	va_end(ap);
}

void ct_html_close(ct_html *h, const char *tag)
{
	if (h->err)
		return;
	if (!h->depth || strcmp(h->open[h->depth - 1], tag)) {
		fail(h, ct_error_set(CT_EINVAL, "html writer: </%s> closes %s", tag,
			h->depth ? h->open[h->depth - 1] : "nothing"));
		return;
	}
	h->depth--;
	put(h, "</", 2);
	puts_(h, tag);
	put(h, ">", 1);
}

void ct_html_close_to(ct_html *h, const char *tag)
{
	size_t k = h->depth;

	while (k > 0 && strcmp(h->open[k - 1], tag))
		k--;
	if (!k) {
		fail(h, ct_error_set(CT_EINVAL, "html writer: no open %s to close", tag));
		return;
	}
	while (!h->err && h->depth >= k)
		ct_html_close(h, h->open[h->depth - 1]);
}

void ct_html_text(ct_html *h, const char *s)
{
	if (s)
		esc(h, s, strlen(s), 0);
}

void ct_html_textn(ct_html *h, const char *s, size_t n)
{
	esc(h, s, n, 0);
}

void ct_html_textf(ct_html *h, const char *fmt, ...)
{
	ct_buf tmp = CT_BUF_INIT;
	va_list ap;
	int err;

	if (h->err)
		return;
	va_start(ap, fmt);
	err = ct_buf_vprintf(&tmp, fmt, ap);
	va_end(ap);
	if (err < 0)
		fail(h, err);
	else if (tmp.len)
		esc(h, tmp.ptr, tmp.len, 0);
	ct_buf_dispose(&tmp);
}

void ct_html_elem(ct_html *h, const char *tag, const char *text, ...)
{
	va_list ap;

	if (h->err)
		return;
	va_start(ap, text);
	start_tag(h, tag, ap, 0);
	va_end(ap);
	ct_html_text(h, text);
	put(h, "</", 2);
	puts_(h, tag);
	put(h, ">", 1);
}

void ct_html_raw(ct_html *h, const char *markup)
{
	puts_(h, markup);
}

int ct_html_finish(ct_html *h)
{
	if (!h->err && h->depth)
		fail(h, ct_error_set(CT_EINVAL, "html writer: <%s> left open", h->open[h->depth - 1]));
	return h->err;
}

int ct_html_url_ok(const char *url)
{
	if (!url)
		return 0;
	if (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7))
		return url[url[4] == 's' ? 8 : 7] != '\0';
	return url[0] == '/' && url[1] != '/' && url[1] != '\\';
}
