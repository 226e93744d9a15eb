/* SPDX-License-Identifier: MIT */
/*
 * A document's timeline as one self-contained HTML page: for each figure
 * that moved, its step chart beside its table of changes; the figures that
 * never moved folded away in a <details>. No script, no external asset.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "timeline_internal.h"

static int same_value(const ct_claim *a, const ct_claim *b)
{
	return a->value == b->value && a->has_high == b->has_high &&
	       (!a->has_high || a->high == b->high);
}

int ct__series_step(const ct_series *s, size_t v, const ct_claim **prev)
{
	const ct_claim *c = s->at[v], *p = *prev;

	*prev = c;
	if (c == p || (c && p && same_value(c, p)))
		return 0;
	return c || p;
}

void ct__series_xs(double *xs, size_t n, const ct_timeline_labels *l, int *is_time)
{
	size_t v;

	*is_time = l->observed && n > 1 && l->observed[n - 1] > l->observed[0];
	for (v = 0; v < n; v++)
		xs[v] = *is_time ? (double)l->observed[v] : (double)v;
	/* times out of order (a clock set back) would fold the line: versions */
	for (v = 1; *is_time && v < n; v++)
		if (xs[v] < xs[v - 1]) {
			*is_time = 0;
			for (v = 0; v < n; v++)
				xs[v] = (double)v;
			break;
		}
}

static void version_cell(ct_html *h, const ct_timeline_labels *l, size_t v)
{
	ct_buf href = CT_BUF_INIT;
	const char *ver = l->versions ? l->versions[v] : "?";

	ct_html_open(h, "td", "class", "n", NULL);
	if (l->diff_base && v > 0 && ct_buf_printf(&href, "%s%s", l->diff_base, ver) == 0 &&
	    ct_html_url_ok(href.ptr)) {
		ct_html_open(h, "a", "href", href.ptr, NULL);
		ct_html_textf(h, "v%s", ver);
		ct_html_close(h, "a");
	} else {
		ct_html_textf(h, "v%s", ver);
	}
	ct_html_close(h, "td");
	ct_buf_dispose(&href);
}

static void change_cell(ct_html *h, const ct_claim *c, const ct_claim *p)
{
	ct_buf num = CT_BUF_INIT;
	double d;

	if (!c || !p) {
		ct_html_elem(h, "td", c ? "+ appeared" : "\xe2\x88\x92 gone", "class", c ? "n added" : "n removed",
			NULL);
		return;
	}
	d = c->value - p->value;
	ct_html_open(h, "td", "class", d > 0 ? "n up" : d < 0 ? "n down" : "n same", NULL);
	ct_html_text(h, d > 0 ? "\xe2\x96\xb2 +" : d < 0 ? "\xe2\x96\xbc \xe2\x88\x92" : "= ");
	if (ct__report_number(&num, fabs(d)) < 0)
		h->err = h->err ? h->err : CT_ENOMEM;
	else
		ct_html_text(h, num.ptr);
	if (p->value && p->kind != CT_KIND_PERCENT)
		ct_html_textf(h, " (%+.1f%%)", d / fabs(p->value) * 100.0);
	ct_html_close(h, "td");
	ct_buf_dispose(&num);
}

/* The versions where the value moved: time, version, value, change. */
static void series_table(ct_html *h, const ct_series *s, size_t n, const ct_timeline_labels *l)
{
	const ct_claim *prev = NULL, *shown = NULL;
	size_t v, rows = 0;

	ct_html_open(h, "table", NULL);
	ct_html_raw(h, "<thead><tr><th>observed</th><th class=\"n\">version</th>"
		"<th class=\"n\">value</th><th class=\"n\">change</th></tr></thead>");
	ct_html_open(h, "tbody", NULL);
	for (v = 0; v < n; v++) {
		const ct_claim *c = s->at[v];

		if (!ct__series_step(s, v, &prev))
			continue;
		ct_html_open(h, "tr", NULL);
		ct_html_open(h, "td", NULL);
		if (l->times)
			ct_html_elem(h, "time", l->times[v], "datetime", l->times[v], NULL);
		ct_html_close(h, "td");
		version_cell(h, l, v);
		ct_html_open(h, "td", "class", "n", "title", c ? c->sentence : NULL, NULL);
		if (c)
			ct__html_figure(h, c);
		ct_html_close(h, "td");
		if (shown || !c)
			change_cell(h, c, shown);
		else if (rows)
			ct_html_elem(h, "td", "+ back", "class", "n added", NULL);
		else
			ct_html_elem(h, "td", "first", "class", "n same", NULL);
		ct_html_close(h, "tr");
		shown = c;
		rows++;
	}
	ct_html_close(h, "tbody");
	ct_html_close(h, "table");
}

static const ct_claim *last_of(const ct_series *s, size_t n)
{
	while (n-- > 0)
		if (s->at[n])
			return s->at[n];
	return NULL;
}

static size_t steps_of(const ct_series *s, size_t n)
{
	const ct_claim *prev = NULL;
	size_t v, k = 0;

	for (v = 0; v < n; v++)
		k += (size_t)ct__series_step(s, v, &prev);
	return k;
}

static void figure_section(ct_html *h, const ct_series *s, size_t n, const double *xs,
	int is_time, const ct_timeline_labels *l, size_t idx)
{
	const ct_claim *last = last_of(s, n);
	char id[32];

	snprintf(id, sizeof(id), "f%zu", idx);
	ct_html_open(h, "section", "class", "figure", "id", id, NULL);
	ct_html_open(h, "h2", NULL);
	ct_html_text(h, ct__series_label(s, n));
	ct_html_close(h, "h2");
	ct_html_open(h, "p", "class", "meta", NULL);
	if (s->changes)
		ct_html_textf(h, "moved %zu time%s; ", s->changes, s->changes == 1 ? "" : "s");
	if (s->at[n - 1]) {
		ct_html_text(h, "now ");
		ct__html_figure(h, s->at[n - 1]);
	} else if (last) {
		ct_html_text(h, "gone; last ");
		ct__html_figure(h, last);
	}
	if (last && last->section) {
		ct_html_text(h, " \xc2\xb7 in ");
		if (ct_html_url_ok(last->section))
			ct_html_elem(h, "a", last->section, "href", last->section, NULL);
		else
			ct_html_text(h, last->section);
	}
	ct_html_close(h, "p");
	ct_html_open(h, "div", "class", "fig", NULL);
	ct__svg_step_chart(h, s, n, xs, is_time, l);
	if (steps_of(s, n) > 20) {
		/* hundreds of rows would bury the next chart: one click away */
		ct_html_open(h, "details", "class", "rows", NULL);
		ct_html_open(h, "summary", NULL);
		ct_html_textf(h, "%zu observations where it moved", steps_of(s, n));
		ct_html_close(h, "summary");
		series_table(h, s, n, l);
		ct_html_close(h, "details");
	} else {
		series_table(h, s, n, l);
	}
	ct_html_close(h, "div");
	ct_html_close(h, "section");
	ct_html_raw(h, "\n");
}

static void still_figures(ct_html *h, const ct_timeline *tl, size_t still)
{
	size_t i;

	ct_html_open(h, "details", "class", "still", NULL);
	ct_html_open(h, "summary", NULL);
	ct_html_textf(h, "%zu figure%s that never moved", still, still == 1 ? "" : "s");
	ct_html_close(h, "summary");
	ct_html_open(h, "table", NULL);
	ct_html_raw(h, "<thead><tr><th>figure</th><th class=\"n\">value</th><th>sentence</th></tr></thead>");
	ct_html_open(h, "tbody", NULL);
	for (i = 0; i < tl->nseries; i++) {
		const ct_series *s = &tl->series[i];
		const ct_claim *c = last_of(s, tl->nversions);

		if (ct_series_moved(s, tl->nversions) || !c)
			continue;
		ct_html_open(h, "tr", NULL);
		ct_html_elem(h, "td", ct__series_label(s, tl->nversions), NULL);
		ct_html_open(h, "td", "class", "n", NULL);
		ct__html_figure(h, c);
		ct_html_close(h, "td");
		ct_html_elem(h, "td", c->sentence, "class", "s", NULL);
		ct_html_close(h, "tr");
	}
	ct_html_close(h, "tbody");
	ct_html_close(h, "table");
	ct_html_close(h, "details");
}

static void page_header(ct_html *h, const ct_timeline *tl, const ct_timeline_labels *l,
	const char *title, size_t moved)
{
	size_t n = tl->nversions;

	ct_html_open(h, "header", NULL);
	ct_html_elem(h, "h1", title, NULL);
	if (l->url) {
		ct_html_open(h, "p", "class", "meta", NULL);
		ct_html_text(h, "Article: ");
		if (ct_html_url_ok(l->url))
			ct_html_elem(h, "a", l->url, "href", l->url, "rel", "noreferrer", NULL);
		else
			ct_html_text(h, l->url);
		ct_html_close(h, "p");
	}
	ct_html_open(h, "p", "class", "summary", NULL);
	ct_html_textf(h, "%zu version%s", n, n == 1 ? "" : "s");
	if (n && l->times) {
		ct_html_text(h, ", observed from ");
		ct_html_elem(h, "time", l->times[0], "datetime", l->times[0], NULL);
		ct_html_text(h, " to ");
		ct_html_elem(h, "time", l->times[n - 1], "datetime", l->times[n - 1], NULL);
	}
	ct_html_textf(h, "; %zu of %zu figure%s moved.", moved, tl->nseries, tl->nseries == 1 ? "" : "s");
	ct_html_close(h, "p");
	ct_html_close(h, "header");
	ct_html_raw(h, "\n");
}

/* Every version: when it was observed, its commit, the page of its diff. */
static void version_list(ct_html *h, const ct_timeline *tl, const ct_timeline_labels *l)
{
	size_t v, n = tl->nversions;

	ct_html_open(h, "details", "class", "versions", "open", n <= 20 ? "" : NULL, NULL);
	ct_html_open(h, "summary", NULL);
	ct_html_textf(h, "%zu version%s", n, n == 1 ? "" : "s");
	ct_html_close(h, "summary");
	ct_html_open(h, "table", NULL);
	ct_html_raw(h, "<thead><tr><th class=\"n\">version</th><th>observed</th><th>commit</th>"
		"</tr></thead>");
	ct_html_open(h, "tbody", NULL);
	for (v = 0; v < n; v++) {
		ct_html_open(h, "tr", NULL);
		version_cell(h, l, v);
		ct_html_open(h, "td", NULL);
		if (l->times)
			ct_html_elem(h, "time", l->times[v], "datetime", l->times[v], NULL);
		ct_html_close(h, "td");
		ct_html_open(h, "td", NULL);
		if (l->commits) {
			ct_html_open(h, "code", "title", l->commits[v], NULL);
			ct_html_textf(h, "%.12s", l->commits[v]);
			ct_html_close(h, "code");
		}
		ct_html_close(h, "td");
		ct_html_close(h, "tr");
	}
	ct_html_close(h, "tbody");
	ct_html_close(h, "table");
	ct_html_close(h, "details");
}

int ct__timeline_html(ct_buf *out, const ct_timeline *tl, const ct_timeline_labels *l)
{
	const char *title = l->title && l->title[0] ? l->title : l->id ? l->id : "Figure timeline";
	ct_buf head = CT_BUF_INIT;
	double *xs = NULL;
	size_t i, moved = 0, still = 0;
	int is_time = 0;
	ct_html h;

	if (tl->nversions && !(xs = malloc(tl->nversions * sizeof(*xs))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	if (xs)
		ct__series_xs(xs, tl->nversions, l, &is_time);
	for (i = 0; i < tl->nseries; i++)
		ct_series_moved(&tl->series[i], tl->nversions) ? moved++ : still++;
	ct_html_init(&h, out, CT_HTML_MODE_HTML);
	if (ct_buf_printf(&head, "%s: figure timeline", title) < 0) {
		free(xs);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	ct__html_page_begin(&h, head.ptr, l->feed);
	ct_buf_dispose(&head);
	if (l->home && ct_html_url_ok(l->home)) {
		ct_html_open(&h, "nav", NULL);
		ct_html_elem(&h, "a", "All documents", "href", l->home, NULL);
		ct_html_close(&h, "nav");
	}
	page_header(&h, tl, l, title, moved);
	if (!moved)
		ct_html_elem(&h, "p", "No figure moved between these versions.", NULL);
	for (i = 0; i < tl->nseries; i++)
		if (ct_series_moved(&tl->series[i], tl->nversions))
			figure_section(&h, &tl->series[i], tl->nversions, xs, is_time, l, i);
	if (still)
		still_figures(&h, tl, still);
	if (tl->nversions)
		version_list(&h, tl, l);
	ct__html_page_end(&h);
	free(xs);
	return ct_html_finish(&h);
}
