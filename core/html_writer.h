/* SPDX-License-Identifier: MIT */
/*
 * One writer for every page and feed the reports make (HTML, inline SVG,
 * Atom): elements are opened and closed through it and every piece of text
 * and every attribute value is escaped on the way out, so no report builds
 * markup by pasting strings.
 *
 * Escaping: in text & < > become entities; in attribute values " and ' too.
 * Bytes that are not UTF-8, and control characters other than tab, line
 * feed and carriage return (which XML forbids), become U+FFFD. Tag and
 * attribute names are the caller's constants and are checked
 * ([A-Za-z0-9:-]).
 * The first error sticks: later calls do nothing and ct_html_finish
 * returns it, so a renderer checks once at the end.
 */
#ifndef CT_HTML_WRITER_H
#define CT_HTML_WRITER_H

#include <stddef.h>
#include "claimtrack/buf.h"

#define CT_HTML_DEPTH 48

typedef enum {
	CT_HTML_MODE_HTML = 0,   /* void elements as <br> */
	CT_HTML_MODE_XML         /* empty elements as <br/> (Atom) */
} ct_html_mode;

typedef struct ct_html {
	ct_buf *out;
	ct_html_mode mode;
	int err;
	size_t depth;
	const char *open[CT_HTML_DEPTH];
} ct_html;

void ct_html_init(ct_html *h, ct_buf *out, ct_html_mode mode);

/* <tag name="value" ...>: attributes as name, value pairs ending in NULL;
 * a pair whose value is NULL is left out. */
void ct_html_open(ct_html *h, const char *tag, ...) __attribute__((sentinel));
/* An element with no content: <meta ...> (HTML) or <link .../> (XML). */
void ct_html_empty(ct_html *h, const char *tag, ...) __attribute__((sentinel));
/* Close the innermost open element; tag must be its name. */
void ct_html_close(ct_html *h, const char *tag);
/* Close every open element down to (and including) the one named tag. */
void ct_html_close_to(ct_html *h, const char *tag);

/* Escaped text. */
void ct_html_text(ct_html *h, const char *s);
void ct_html_textn(ct_html *h, const char *s, size_t n);
void ct_html_textf(ct_html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* <tag attrs...>text</tag> in one call. */
void ct_html_elem(ct_html *h, const char *tag, const char *text, ...) __attribute__((sentinel));

/* Markup the caller wrote itself: the doctype, a style sheet constant.
 * Never anything that came from a document. */
void ct_html_raw(ct_html *h, const char *markup);

/* 0, or the first error (every element must have been closed). */
int ct_html_finish(ct_html *h);

/* Escape s for text (attr 0) or an attribute value (attr 1) into out. */
int ct_html_escape(ct_buf *out, const char *s, size_t n, int attr);

/* Is url one a page may link to: http(s), or a path on the same site
 * (starting with '/' but not "//")? Anything else (javascript:, data:)
 * is written as text, never as a link. */
int ct_html_url_ok(const char *url);

#endif
