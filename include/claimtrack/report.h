/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: render claims, diffs and timelines as text, JSON, HTML, Atom.
 * Renderers write into a ct_buf; the caller decides where it goes.
 */
#ifndef CLAIMTRACK_REPORT_H
#define CLAIMTRACK_REPORT_H

#include "buf.h"
#include "doc.h"
#include "claims.h"
#include "diff.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CT_FORMAT_TEXT = 0,
	CT_FORMAT_JSON,
	CT_FORMAT_HTML,
	CT_FORMAT_ATOM
} ct_format;

/* "text", "json", "html", "atom" -> *out; CT_EINVAL for another name. */
int ct_format_parse(ct_format *out, const char *name);

/*
 * The document as `claimtrack text --format json` prints it, one object
 * (no newline): type (the plugin), title, url, published, updated, author
 * (null where unknown), sections (each with id, title, url...) and blocks
 * (each with kind, section: an index into sections or null, and text).
 * Appended to out.
 */
int ct_report_doc_json(ct_buf *out, const ct_doc *doc);

/* One claim as a JSON object (no newline). debug adds "rule". */
int ct_report_claim_json(ct_buf *out, const ct_claim *c, int debug);

/* A figure as a person writes it: "about $3.5", "10%", "3,000 a day". */
int ct_report_figure(ct_buf *out, const ct_claim *c);

/* Claims as a table a person reads. */
int ct_report_claims_text(ct_buf *out, const ct_claimset *set);

typedef struct ct_report_labels {
	const char *old_label;    /* "v1.txt", "nbc-at-large@1 (2025-06-01 12:00)" */
	const char *new_label;
	const char *old_time;     /* ISO 8601, for Atom; may be NULL */
	const char *new_time;
	const char *id;           /* document id, for Atom; may be NULL */
	const char *title;        /* the document's title, for HTML; may be NULL */
	const char *url;          /* the article's address, for HTML; may be NULL */
} ct_report_labels;

/* A diff as `claimtrack diff` prints it in fmt, appended to out; color
 * adds ANSI colours to text (the caller decides: a terminal, no NO_COLOR,
 * no TERM=dumb). labels may not be NULL; its members may be. */
int ct_report_diff(ct_buf *out, const ct_diff *diff, ct_format fmt,
	const ct_report_labels *labels, int color);

/* One document in an index page (serve's front page). */
typedef struct ct_index_entry {
	const char *id;
	const char *href;         /* its page; NULL: not a link */
	unsigned int versions;
	const char *observed;     /* ISO 8601: its latest version's observation */
	const char *latest;       /* what the latest version changed ("2 changed, 1 added") */
	const char *url;          /* the article's address, or NULL */
} ct_index_entry;

/* The documents of an archive as one HTML page, in the order given, with a
 * link to the changes feed (feed_href, may be NULL). */
int ct_report_index_html(ct_buf *out, const ct_index_entry *docs, size_t n,
	const char *title, const char *feed_href);

#ifdef __cplusplus
}
#endif
#endif
