/* Timelines: follow each figure across versions with the diff's matching. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "claimtrack/timeline.h"

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

static int new_series(ct_timeline *tl, size_t *cap, size_t version, const ct_claim *c)
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
	if (!(s->at = calloc(tl->nversions, sizeof(*s->at))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	s->at[version] = c;
	s->first = version;
	s->changes = 0;
	tl->nseries++;
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

int ct_timeline_build(ct_timeline **out, const ct_claimset *sets, size_t n,
	const ct_diff_options *opts)
{
	ct_diff_options o = CT_DIFF_OPTIONS_INIT;
	ct_timeline *tl;
	size_t v, i, k, cap = 0;
	int err = 0;

	*out = NULL;
	if (opts)
		o = *opts;
	o.include_unchanged = 1;
	if (!(tl = calloc(1, sizeof(*tl))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	tl->nversions = n;
	if (n == 0)
		goto done;
	/* version 0: every wanted claim starts a series (diff against nothing) */
	{
		ct_claimset empty = CT_CLAIMSET_INIT;
		ct_diff *d = NULL;

		if ((err = ct_diff_compute(&d, &empty, &sets[0], &o)) < 0)
			goto fail;
		for (i = 0; i < d->count && !err; i++)
			err = new_series(tl, &cap, 0, d->changes[i].new);
		ct_diff_free(d);
		if (err)
			goto fail;
	}
	for (v = 1; v < n; v++) {
		ct_diff *d = NULL;

		if ((err = ct_diff_compute(&d, &sets[v - 1], &sets[v], &o)) < 0)
			goto fail;
		for (i = 0; i < d->count && !err; i++) {
			const ct_change *c = &d->changes[i];

			if (c->change == CT_CHANGE_ADDED) {
				/* a figure that comes back continues its old series */
				for (k = 0; k < tl->nseries; k++)
					if (!tl->series[k].at[v - 1] && !tl->series[k].at[v] &&
					    returns(&tl->series[k], v, c->new))
						break;
				if (k < tl->nseries) {
					tl->series[k].at[v] = c->new;
					tl->series[k].changes++;
				} else {
					err = new_series(tl, &cap, v, c->new);
				}
				continue;
			}
			if (c->change == CT_CHANGE_REMOVED)
				continue;
			/* extend the series that holds the old claim at v-1 */
			for (k = 0; k < tl->nseries; k++) {
				if (tl->series[k].at[v - 1] == c->old) {
					tl->series[k].at[v] = c->new;
					if (c->change == CT_CHANGE_CHANGED)
						tl->series[k].changes++;
					break;
				}
			}
			if (k == tl->nseries)
				err = new_series(tl, &cap, v, c->new);
		}
		ct_diff_free(d);
		if (err)
			goto fail;
	}
done:
	*out = tl;
	return 0;
fail:
	ct_timeline_free(tl);
	return err;
}

/* ---- reports ---- */

static const char *series_label(const ct_series *s, size_t nversions)
{
	size_t v;

	for (v = nversions; v-- > 0;)
		if (s->at[v])
			return s->at[v]->subject[0] ? s->at[v]->subject : s->at[v]->key;
	return "";
}

static int moved(const ct_series *s, size_t nversions)
{
	size_t v;

	if (s->changes)
		return 1;
	/* appeared after the first version or disappeared before the last */
	for (v = 0; v < nversions; v++)
		if (!s->at[v])
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

		if (!l->all && !moved(s, tl->nversions)) {
			still++;
			continue;
		}
		err = ct_buf_printf(out, "\n%s\n", series_label(s, tl->nversions));
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
		if (!l->all && !moved(sr, tl->nversions)) {
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
	default: break;
	}
	return ct_error_set(CT_EINVAL, "timelines are written as text or json");
}
