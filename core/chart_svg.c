/* SPDX-License-Identifier: MIT */
/*
 * A figure's value over observation time as an inline SVG step chart: the
 * value holds until the next version changes it, so the line steps at
 * each observation. Drawn through the escaping writer, no script needed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report_internal.h"
#include "timeline_internal.h"

#define W 560.0
#define H 200.0
#define LEFT 64.0
#define RIGHT 16.0
#define TOP 12.0
#define BOTTOM 30.0

typedef struct scale {
	double lo, hi;     /* data range */
	double a, b;       /* pixel range */
} scale;

static double at(const scale *s, double v)
{
	return s->a + (v - s->lo) * (s->b - s->a) / (s->hi - s->lo);
}

/* A step of 1, 2 or 5 times a power of ten giving about n ticks. */
static double nice_step(double span, int n)
{
	double raw = span / n, p = pow(10.0, floor(log10(raw))), m = raw / p;

	return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/* Axis numbers short enough for the margin: 3.5bn, 12M, 40k, 1,250. */
static void axis_number(char *out, size_t size, double v)
{
	double a = fabs(v);
	static const struct { double at; const char *suffix; } units[] = {
		{ 1e12, "tn" }, { 1e9, "bn" }, { 1e6, "M" }, { 1e4, "k" }
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (a >= units[i].at) {
			snprintf(out, size, "%.3g%s", v / units[i].at, units[i].suffix);
			return;
		}
	}
	if (a >= 1000 && v == floor(v))
		snprintf(out, size, "%s%d,%03d", v < 0 ? "-" : "", (int)(a / 1000), (int)fmod(a, 1000));
	else
		snprintf(out, size, "%.4g", v);
}

/* Dates for a long span, times for a day, both when it crosses midnight. */
static void time_label(char *out, size_t size, double t, const scale *sx, int is_time)
{
	time_t tt = (time_t)t, lo = (time_t)sx->lo, hi = (time_t)sx->hi;
	struct tm tm, a, b;

	if (!is_time) {
		snprintf(out, size, "v%.0f", t + 1);
		return;
	}
	gmtime_r(&tt, &tm);
	gmtime_r(&lo, &a);
	gmtime_r(&hi, &b);
	strftime(out, size, sx->hi - sx->lo > 3 * 86400.0 ? "%Y-%m-%d" :
		a.tm_yday != b.tm_yday || a.tm_year != b.tm_year ? "%m-%d %H:%M" : "%H:%M", &tm);
}

static void value_range(const ct_series *s, size_t n, double *lo, double *hi)
{
	size_t v;

	*lo = INFINITY;
	*hi = -INFINITY;
	for (v = 0; v < n; v++) {
		const ct_claim *c = s->at[v];

		if (!c)
			continue;
		if (c->value < *lo) *lo = c->value;
		if (c->value > *hi) *hi = c->value;
	}
	if (*lo == *hi) {
		double pad = *lo ? fabs(*lo) * 0.1 : 1;

		*lo -= pad;
		*hi += pad;
	} else {
		double pad = (*hi - *lo) * 0.08;

		/* counts and money start from zero when that does not flatten them */
		*lo = *lo >= 0 && *lo - pad < (*hi - *lo) ? 0 : *lo - pad;
		*hi += pad;
	}
}

static void num_attr(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.1f", v);
}

static void line(ct_html *h, const char *cls, double x1, double y1, double x2, double y2)
{
	char a[4][24];

	num_attr(a[0], sizeof(a[0]), x1);
	num_attr(a[1], sizeof(a[1]), y1);
	num_attr(a[2], sizeof(a[2]), x2);
	num_attr(a[3], sizeof(a[3]), y2);
	/* foreign elements in HTML: closed explicitly, never <line> alone */
	ct_html_open(h, "line", "class", cls, "x1", a[0], "y1", a[1], "x2", a[2], "y2", a[3], NULL);
	ct_html_close(h, "line");
}

static void label(ct_html *h, double x, double y, const char *anchor, const char *text)
{
	char xs[24], ys[24];

	num_attr(xs, sizeof(xs), x);
	num_attr(ys, sizeof(ys), y);
	ct_html_elem(h, "text", text, "x", xs, "y", ys, "text-anchor", anchor, NULL);
}

static void axes(ct_html *h, const scale *sx, const scale *sy, int is_time)
{
	double step = nice_step(sy->hi - sy->lo, 4), v, span = sx->hi - sx->lo;
	char buf[48];
	int i;

	for (v = ceil(sy->lo / step) * step; v <= sy->hi + step * 1e-9; v += step) {
		line(h, "grid", LEFT, at(sy, v), W - RIGHT, at(sy, v));
		axis_number(buf, sizeof(buf), fabs(v) < step * 1e-9 ? 0 : v);
		label(h, LEFT - 6, at(sy, v) + 4, "end", buf);
	}
	line(h, "axis", LEFT, TOP, LEFT, H - BOTTOM);
	line(h, "axis", LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
	/* four time ticks, the ends included */
	for (i = 0; i <= 3; i++) {
		double t = sx->lo + span * i / 3.0;

		if (!is_time && (t != floor(t) || (i && t == sx->lo + span * (i - 1) / 3.0)))
			continue;
		line(h, "axis", at(sx, t), H - BOTTOM, at(sx, t), H - BOTTOM + 4);
		time_label(buf, sizeof(buf), t, sx, is_time);
		label(h, at(sx, t), H - BOTTOM + 17, i == 0 ? "start" : i == 3 ? "end" : "middle", buf);
	}
}

/* The step line: one path per run of versions the figure is in. */
static void steps(ct_html *h, const ct_series *s, size_t n, const double *xs, const scale *sx,
	const scale *sy)
{
	ct_buf d = CT_BUF_INIT;
	size_t v;
	int open = 0, err = 0;

	for (v = 0; v < n && !err; v++) {
		const ct_claim *c = s->at[v];
		double x = at(sx, xs[v]);

		if (!c) {
			open = 0;
			continue;
		}
		if (!open)
			err = ct_buf_printf(&d, "%sM%.1f %.1f", d.len ? " " : "", x, at(sy, c->value));
		else
			err = ct_buf_printf(&d, "H%.1fV%.1f", x, at(sy, c->value));
		open = 1;
		/* a value holds until the version that no longer has it */
		if (v + 1 < n && !s->at[v + 1] && !err)
			err = ct_buf_printf(&d, "H%.1f", at(sx, xs[v + 1]));
		/* the last value holds to the right edge when it is still there */
		if (v + 1 == n && !err && xs[v] < sx->hi)
			err = ct_buf_printf(&d, "H%.1f", at(sx, sx->hi));
	}
	if (err)
		h->err = h->err ? h->err : err;
	else if (d.len) {
		ct_html_open(h, "path", "class", "line", "d", d.ptr, NULL);
		ct_html_close(h, "path");
	}
	ct_buf_dispose(&d);
}

static void points(ct_html *h, const ct_series *s, size_t n, const double *xs, const scale *sx,
	const scale *sy, const ct_timeline_labels *l)
{
	const ct_claim *prev = NULL;
	const char *r = n > 200 ? "2" : n > 40 ? "3" : "4";
	ct_buf tip = CT_BUF_INIT;
	char cx[24], cy[24], v_no[24];
	size_t v;

	for (v = 0; v < n; v++) {
		const ct_claim *c = s->at[v];
		int moved = ct__series_step(s, v, &prev);

		if (!c)
			continue;
		ct_buf_clear(&tip);
		if (ct_buf_printf(&tip, "%s  v%s: ", l->times ? l->times[v] : "",
				l->versions ? l->versions[v] : "?") < 0 ||
		    ct_report_figure(&tip, c) < 0 || ct_buf_printf(&tip, "\n%s", c->sentence) < 0) {
			h->err = h->err ? h->err : CT_ENOMEM;
			break;
		}
		num_attr(cx, sizeof(cx), at(sx, xs[v]));
		num_attr(cy, sizeof(cy), at(sy, c->value));
		snprintf(v_no, sizeof(v_no), "%zu", v + 1);
		ct_html_open(h, "circle", "class", moved && v ? "pt moved" : "pt", "cx", cx, "cy", cy,
			"r", r, "data-version", v_no, NULL);
		ct_html_elem(h, "title", tip.ptr, NULL);
		ct_html_close(h, "circle");
	}
	ct_buf_dispose(&tip);
}

void ct__svg_step_chart(ct_html *h, const ct_series *s, size_t n, const double *xs, int is_time,
	const ct_timeline_labels *l)
{
	scale sx, sy;
	char vb[64];
	const char *name = ct__series_label(s, n);

	sx.lo = xs[0];
	sx.hi = xs[n - 1];
	if (sx.hi <= sx.lo)
		sx.hi = sx.lo + 1;
	sx.a = LEFT + 8;
	sx.b = W - RIGHT - 8;
	value_range(s, n, &sy.lo, &sy.hi);
	sy.a = H - BOTTOM;
	sy.b = TOP;
	snprintf(vb, sizeof(vb), "0 0 %.0f %.0f", W, H);
	ct_html_open(h, "svg", "xmlns", "http://www.w3.org/2000/svg", "viewBox", vb, "width", "560",
		"height", "200", "role", "img", "class", "chart", NULL);
	ct_html_open(h, "title", NULL);
	ct_html_textf(h, "%s over time", name);
	ct_html_close(h, "title");
	axes(h, &sx, &sy, is_time);
	steps(h, s, n, xs, &sx, &sy);
	points(h, s, n, xs, &sx, &sy, l);
	ct_html_close(h, "svg");
}
