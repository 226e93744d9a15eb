/* SPDX-License-Identifier: MIT */
/* Pieces the report writers share (report.c, report_html.c, timeline*.c). */
#ifndef CT_REPORT_INTERNAL_H
#define CT_REPORT_INTERNAL_H

#include "claimtrack/report.h"
#include "html_writer.h"

/* 3000 -> "3,000"; 1234567.25 -> "1,234,567.25". */
int ct__report_number(ct_buf *out, double v);
/* What a figure is called: its subject, else its key. */
const char *ct__report_label(const ct_claim *c);

int ct__diff_html(ct_buf *out, const ct_diff *d, const ct_report_labels *l);
int ct__diff_atom(ct_buf *out, const ct_diff *d, const ct_report_labels *l);

/* A part of an Atom id (a URN): unreserved characters kept, the rest
 * percent-encoded, so keys with spaces still make valid IRIs. */
int ct__urn_part(ct_buf *out, const char *s);

/* The page head every HTML report shares: doctype, charset, title and the
 * one style sheet (screen, print, colour-blind safe), and the page's Atom
 * feed as <link rel="alternate"> when feed is not NULL; opens <body>. */
void ct__html_page_begin(ct_html *h, const char *title, const char *feed);
void ct__html_page_end(ct_html *h);

/* A figure through the writer, as ct_report_figure writes it. */
void ct__html_figure(ct_html *h, const ct_claim *c);

#endif
