/* SPDX-License-Identifier: MIT */
/* Timelines: follow each figure across versions with the diff's matching. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "claimtrack/timeline.h"
#include "timeline_internal.h"

void ct_timeline_free(ct_timeline *tl)
{
	size_t i;

	if (!tl)
		return;
	for (i = 0; i < tl->nseries; i++)
		free(tl->series[i].at);
	free(tl->series);
	free(tl);
}

static int new_series(ct_timeline *tl, size_t *cap, size_t version, const ct_claim *c,
	long *id)
{
	ct_series *s;

	if (tl->nseries == *cap) {
		size_t nc = *cap ? *cap * 2 : 32;
		ct_series *ns = realloc(tl->series, nc * sizeof(*ns));

		if (!ns)
			return ct_error_set(CT_ENOMEM, "out of memory");
		tl->series = ns;
		*cap = nc;
	}
	s = &tl->series[tl->nseries];
	memset(s, 0, sizeof(*s));
	if (!(s->at = calloc(tl->nversions, sizeof(*s->at))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	s->at[version] = c;
	s->first = version;
	*id = (long)tl->nseries++;
	return 0;
}

static int eq_null(const char *a, const char *b)
{
	return (!a || !b) ? a == b : strcmp(a, b) == 0;
}

/* Is c the same figure as the last one series s had before version v? */
static int returns(const ct_series *s, size_t v, const ct_claim *c)
{
	const ct_claim *last = NULL;

	while (v-- > 0 && !(last = s->at[v]))
		;
	return last && last->kind == c->kind && strcmp(last->key, c->key) == 0 &&
	       eq_null(last->unit, c->unit) && eq_null(last->per, c->per) &&
	       eq_null(last->section, c->section);
}

/* Which series each claim of one version is in: by claim index. */
typedef struct version_map {
	const ct_claimset *set;
	long *of;
} version_map;

static long *series_slot(version_map *m, const ct_claim *c)
{
	return &m->of[c - m->set->items];
}

static void assign(version_map *m, const ct_claim *const *mentions, size_t n, long id)
{
	size_t i;

	for (i = 0; i < n; i++)
		*series_slot(m, mentions[i]) = id;
}

/* A figure that comes back after a gap continues its old series. */
static long returning_series(const ct_timeline *tl, size_t v, const ct_claim *c)
{
	size_t k;

	for (k = 0; k < tl->nseries; k++)
		if (!tl->series[k].at[v - 1] && !tl->series[k].at[v] && returns(&tl->series[k], v, c))
			return (long)k;
	return -1;
}

/* Extend the series with diff d of versions v-1 and v. */
static int follow(ct_timeline *tl, size_t *cap, size_t v, const ct_diff *d, version_map *prev,
	version_map *cur)
{
	size_t i, k;
	long id;
	int err = 0;

	for (i = 0; i < d->count && !err; i++) {
		const ct_change *c = &d->changes[i];

		if (c->change == CT_CHANGE_REMOVED)
			continue;
		id = -1;
		if (c->change == CT_CHANGE_ADDED) {
			if (v > 0 && (id = returning_series(tl, v, c->new)) >= 0) {
				tl->series[id].at[v] = c->new;
				tl->series[id].changes++;
			}
		} else {
			for (k = 0; k < c->nold_mentions && id < 0; k++)
				id = *series_slot(prev, c->old_mentions[k]);
			if (id >= 0) {
				tl->series[id].at[v] = c->new;
				if (c->change == CT_CHANGE_CHANGED && !c->qualifier_only)
					tl->series[id].changes++;
			}
		}
		if (id < 0)
			err = new_series(tl, cap, v, c->new, &id);
		if (!err)
			assign(cur, c->new_mentions, c->nnew_mentions, id);
	}
	for (i = 0; i < d->nitems && !err; i++) {
		const ct_item_event *e = &d->items[i];

		for (k = 0; k < e->nfigures && !err; k++) {
			long *slot = series_slot(e->event == CT_ITEM_LEFT ? prev : cur, e->figures[k]);

			if (e->event == CT_ITEM_LEFT) {
				if (*slot >= 0)
					tl->series[*slot].left_with_item = 1;
				continue;
			}
			if (*slot >= 0)
				continue;
			/* the item's own figures: context, each told once */
			if (!(err = new_series(tl, cap, v, e->figures[k], slot)))
				tl->series[*slot].came_with_item = 1;
		}
	}
	return err;
}

int ct_timeline_build(ct_timeline **out, const ct_claimset *sets, size_t n,
	const ct_diff_options *opts)
{
	ct_diff_options o = CT_DIFF_OPTIONS_INIT;
	ct_claimset empty = CT_CLAIMSET_INIT;
	version_map maps[2] = { { NULL, NULL }, { NULL, NULL } };
	ct_timeline *tl;
	size_t v, i, cap = 0;
	int err = 0;

	*out = NULL;
	if (opts)
		o = *opts;
	o.version = CT_DIFF_OPTIONS_VERSION;
	o.include_unchanged = 1;
	o.min_abs = o.min_ratio = 0;
	if (!(tl = calloc(1, sizeof(*tl))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	tl->nversions = n;
	for (v = 0; v < n && !err; v++) {
		version_map *prev = &maps[(v + 1) % 2], *cur = &maps[v % 2];
		ct_diff *d = NULL;

		free(cur->of);
		cur->set = &sets[v];
		if (!(cur->of = malloc((sets[v].count + 1) * sizeof(long)))) {
			err = ct_error_set(CT_ENOMEM, "out of memory");
			break;
		}
		for (i = 0; i < sets[v].count; i++)
			cur->of[i] = -1;
		/* version 0 against nothing: every figure starts a series */
		if ((err = ct_diff_compute(&d, v ? &sets[v - 1] : &empty, &sets[v], &o)) < 0)
			break;
		err = follow(tl, &cap, v, d, prev, cur);
		ct_diff_free(d);
	}
	free(maps[0].of);
	free(maps[1].of);
	if (err) {
		ct_timeline_free(tl);
		return err;
	}
	*out = tl;
	return 0;
}

/* ---- reports ---- */

const char *ct__series_label(const ct_series *s, size_t nversions)
{
	size_t v;

	for (v = nversions; v-- > 0;)
		if (s->at[v])
			return s->at[v]->subject[0] ? s->at[v]->subject : s->at[v]->key;
	return "";
}

int ct_series_moved(const ct_series *s, size_t nversions)
{
	size_t v;

	if (s->changes)
		return 1;
	/* appeared after the first version or disappeared before the last,
	 * other than with its feed item (an item event, not a figure's) */
	for (v = 0; v < nversions; v++)
		if (!s->at[v] && !(v < s->first ? s->came_with_item : s->left_with_item))
			return 1;
	return 0;
}

static int timeline_text(ct_buf *out, const ct_timeline *tl, const ct_timeline_labels *l)
{
	size_t i, v, still = 0;
	int err = 0;

	err = ct_buf_printf(out, "%s: %zu version%s\n", l->id ? l->id : "document",
		tl->nversions, tl->nversions == 1 ? "" : "s");
	for (i = 0; i < tl->nseries && !err; i++) {
		const ct_series *s = &tl->series[i];
		const ct_claim *prev = NULL;

		if (!l->all && !ct_series_moved(s, tl->nversions)) {
			still++;
			continue;
		}
		err = ct_buf_printf(out, "\n%s\n", ct__series_label(s, tl->nversions));
		for (v = 0; v < tl->nversions && !err; v++) {
			const ct_claim *c = s->at[v];

			if (c == prev || (c && prev && c->value == prev->value &&
					  c->has_high == prev->has_high && (!c->has_high || c->high == prev->high)))
				continue;
			if (!c && !prev)
				continue;
			err = ct_buf_printf(out, "  %-20s  v%-4s ", l->times ? l->times[v] : "",
				l->versions ? l->versions[v] : "?");
			if (!err && c)
				err = ct_report_figure(out, c);
			else if (!err)
				err = ct_buf_puts(out, "(gone)");
			if (!err && c && prev)
				err = ct_buf_printf(out, "  (%+.10g)", c->value - prev->value);
			if (!err)
				err = ct_buf_putc(out, '\n');
			prev = c;
		}
	}
	if (!err && still)
		err = ct_buf_printf(out, "\n%zu figure%s unchanged in every version (--all lists them)\n",
			still, still == 1 ? "" : "s");
	return err;
}

static json_t *num(double v)
{
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static int timeline_json(ct_buf *out, const ct_timeline *tl, const ct_timeline_labels *l)
{
	json_t *o = json_object(), *vers = json_array(), *series = json_array();
	size_t i, v;
	char *s;
	int err;

	if (!o || !vers || !series) {
		json_decref(o);
		json_decref(vers);
		json_decref(series);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	json_object_set_new(o, "id", l->id ? json_string(l->id) : json_null());
	for (v = 0; v < tl->nversions; v++) {
		json_t *vo = json_object();

		json_object_set_new(vo, "version", l->versions ? json_string(l->versions[v]) : json_null());
		json_object_set_new(vo, "observed", l->times ? json_string(l->times[v]) : json_null());
		json_array_append_new(vers, vo);
	}
	for (i = 0; i < tl->nseries; i++) {
		const ct_series *sr = &tl->series[i];
		const ct_claim *last = NULL;
		json_t *so = json_object(), *vals = json_array();

		for (v = 0; v < tl->nversions; v++) {
			if (sr->at[v])
				last = sr->at[v];
			json_array_append_new(vals, sr->at[v] ? num(sr->at[v]->value) : json_null());
		}
		if (!l->all && !ct_series_moved(sr, tl->nversions)) {
			json_decref(vals);
			json_decref(so);
			continue;
		}
		json_object_set_new(so, "key", json_string(last->key));
		json_object_set_new(so, "subject", json_string(last->subject));
		json_object_set_new(so, "kind", json_string(ct_claim_kind_name(last->kind)));
		json_object_set_new(so, "unit", last->unit ? json_string(last->unit) : json_null());
		json_object_set_new(so, "per", last->per ? json_string(last->per) : json_null());
		json_object_set_new(so, "section", last->section ? json_string(last->section) : json_null());
		json_object_set_new(so, "changes", json_integer((json_int_t)sr->changes));
		json_object_set_new(so, "values", vals);
		json_array_append_new(series, so);
	}
	json_object_set_new(o, "versions", vers);
	json_object_set_new(o, "series", series);
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	json_decref(o);
	if (!s)
		return ct_error_set(CT_ENOMEM, "out of memory");
	err = ct_buf_puts(out, s);
	if (!err)
		err = ct_buf_putc(out, '\n');
	free(s);
	return err;
}

int ct_report_timeline(ct_buf *out, const ct_timeline *tl, ct_format fmt,
	const ct_timeline_labels *labels)
{
	ct_timeline_labels def;

	if (!labels) {
		memset(&def, 0, sizeof(def));
		labels = &def;
	}
	switch (fmt) {
	case CT_FORMAT_TEXT: return timeline_text(out, tl, labels);
	case CT_FORMAT_JSON: return timeline_json(out, tl, labels);
	case CT_FORMAT_HTML: return ct__timeline_html(out, tl, labels);
	case CT_FORMAT_ATOM: return ct__timeline_atom(out, tl, labels);
	}
	return ct_error_set(CT_EINVAL, "unknown format");
}
