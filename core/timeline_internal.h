/* SPDX-License-Identifier: MIT */
/* The timeline's HTML page, SVG chart and Atom feeds (timeline_html.c,
 * chart_svg.c, timeline_atom.c). */
#ifndef CT_TIMELINE_INTERNAL_H
#define CT_TIMELINE_INTERNAL_H

#include "claimtrack/timeline.h"
#include "html_writer.h"

int ct__timeline_html(ct_buf *out, const ct_timeline *tl, const ct_timeline_labels *l);
int ct__timeline_atom(ct_buf *out, const ct_timeline *tl, const ct_timeline_labels *l);

/* A series' label: its latest subject, else its key. */
const char *ct__series_label(const ct_series *s, size_t nversions);

/* Has the value at version v moved from the last one shown (or appeared,
 * or gone)? *prev is updated to what version v holds. */
int ct__series_step(const ct_series *s, size_t v, const ct_claim **prev);

/* x positions: the observation times when every version has one and they
 * are not all equal, else the version numbers (0-based). */
void ct__series_xs(double *xs, size_t n, const ct_timeline_labels *l, int *is_time);

/* One figure's step chart as inline SVG: value over observation time,
 * axes with real times and values, a point per version it is in, each
 * with a <title> of time, figure and sentence. */
void ct__svg_step_chart(ct_html *h, const ct_series *s, size_t nversions,
	const double *xs, int is_time, const ct_timeline_labels *l);

#endif
