/* SPDX-License-Identifier: MIT */
/*
 * Reports: documents and claims as JSON (shapes in report.h, claims.h), claim tables, and
 * diffs as text and JSON lines (HTML and Atom: report_html.c).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#include "claimtrack/report.h"
#include "report_internal.h"
#include "worddiff.h"

int ct_format_parse(ct_format *out, const char *name)
{
	static const char *const names[] = { "text", "json", "html", "atom" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcmp(name, names[i]) == 0) {
			*out = (ct_format)i;
			return 0;
		}
	}
	return ct_error_set(CT_EINVAL, "unknown format '%s' (text, json, html or atom)", name);
}

/* ---- JSON ---- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *number(double v)
{
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static int emit_json(ct_buf *out, json_t *obj)
{
	char *s;
	int err;

	if (!obj)
		return ct_error_set(CT_ENOMEM, "out of memory building JSON");
	s = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	json_decref(obj);
	if (!s)
		return ct_error_set(CT_ENOMEM, "out of memory writing JSON");
	err = ct_buf_puts(out, s);
	free(s);
	return err;
}

int ct_report_doc_json(ct_buf *out, const ct_doc *doc)
{
	json_t *o = json_object(), *secs = json_array(), *blocks = json_array();
	size_t i;

	if (!o || !secs || !blocks) {
		json_decref(o);
		json_decref(secs);
		json_decref(blocks);
		return ct_error_set(CT_ENOMEM, "out of memory building JSON");
	}
	json_object_set_new(o, "type", json_string(doc->type));
	json_object_set_new(o, "title", json_string(doc->meta[CT_META_TITLE] ? doc->meta[CT_META_TITLE] : ""));
	json_object_set_new(o, "url", str_or_null(doc->meta[CT_META_URL]));
	json_object_set_new(o, "published", str_or_null(doc->meta[CT_META_PUBLISHED]));
	json_object_set_new(o, "updated", str_or_null(doc->meta[CT_META_UPDATED]));
	json_object_set_new(o, "author", str_or_null(doc->meta[CT_META_AUTHOR]));
	if (doc->meta[CT_META_LANGUAGE])
		json_object_set_new(o, "language", json_string(doc->meta[CT_META_LANGUAGE]));
	for (i = 0; i < doc->nsections; i++) {
		const ct_section *s = &doc->sections[i];
		json_t *so = json_object();

		json_object_set_new(so, "id", str_or_null(s->meta[CT_META_ID]));
		json_object_set_new(so, "title", json_string(s->meta[CT_META_TITLE] ? s->meta[CT_META_TITLE] : ""));
		json_object_set_new(so, "link", str_or_null(s->meta[CT_META_URL]));
		json_object_set_new(so, "published", str_or_null(s->meta[CT_META_PUBLISHED]));
		json_object_set_new(so, "updated", str_or_null(s->meta[CT_META_UPDATED]));
		json_object_set_new(so, "author", str_or_null(s->meta[CT_META_AUTHOR]));
		json_object_set_new(so, "summary", str_or_null(s->meta[CT_META_SUMMARY]));
		json_array_append_new(secs, so);
	}
	for (i = 0; i < doc->nblocks; i++) {
		const ct_block *b = &doc->blocks[i];
		json_t *bo = json_object();

		json_object_set_new(bo, "kind", json_string(ct_block_kind_name(b->kind)));
		json_object_set_new(bo, "section", str_or_null(ct_doc_block_section(doc, b)));
		json_object_set_new(bo, "text", json_stringn(b->text, b->len));
		json_array_append_new(blocks, bo);
	}
	json_object_set_new(o, "sections", secs);
	json_object_set_new(o, "blocks", blocks);
	return emit_json(out, o);
}

static json_t *claim_obj(const ct_claim *c, int debug)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "key", json_string(c->key));
	json_object_set_new(o, "subject", json_string(c->subject));
	json_object_set_new(o, "value", number(c->value));
	json_object_set_new(o, "high", c->has_high ? number(c->high) : json_null());
	json_object_set_new(o, "kind", json_string(ct_claim_kind_name(c->kind)));
	json_object_set_new(o, "unit", str_or_null(c->unit));
	json_object_set_new(o, "per", str_or_null(c->per));
	json_object_set_new(o, "qualifier", json_string(c->qualifier));
	if (c->band)
		json_object_set_new(o, "band", json_string(c->band));
	json_object_set_new(o, "text", json_string(c->text));
	json_object_set_new(o, "sentence", json_string(c->sentence));
	json_object_set_new(o, "section", str_or_null(c->section));
	if (c->vague)
		json_object_set_new(o, "vague", json_true());
	if (c->reference)
		json_object_set_new(o, "reference", json_true());
	if (debug && c->rule)
		json_object_set_new(o, "rule", json_string(c->rule));
	return o;
}

int ct_report_claim_json(ct_buf *out, const ct_claim *c, int debug)
{
	return emit_json(out, claim_obj(c, debug));
}

/* ---- human-readable figures ---- */

/* 3000 -> "3,000"; 3.5 -> "3.5"; 1234567.25 -> "1,234,567.25" */
int ct__report_number(ct_buf *out, double v)
{
	char tmp[64], *dot;
	size_t intlen, i, start;
	int err;

	snprintf(tmp, sizeof(tmp), "%.10g", v);
	/* "$13.7bn" is 13,700,000,000 to a reader, not 1.37e+10 */
	if (strchr(tmp, 'e') && fabs(v) >= 1 && fabs(v) < 1e18 && v == floor(v))
		snprintf(tmp, sizeof(tmp), "%.0f", v);
	if (strchr(tmp, 'e'))
		return ct_buf_puts(out, tmp);
	start = tmp[0] == '-' ? 1 : 0;
	dot = strchr(tmp, '.');
	intlen = (dot ? (size_t)(dot - tmp) : strlen(tmp)) - start;
	if (start && (err = ct_buf_putc(out, '-')) < 0)
		return err;
	for (i = 0; i < intlen; i++) {
		if (i && (intlen - i) % 3 == 0 && (err = ct_buf_putc(out, ',')) < 0)
			return err;
		if ((err = ct_buf_putc(out, tmp[start + i])) < 0)
			return err;
	}
	return dot ? ct_buf_puts(out, dot) : 0;
}

static const char *currency_symbol(const char *unit)
{
	if (!unit)
		return NULL;
	if (!strcmp(unit, "USD")) return "$";
	if (!strcmp(unit, "GBP")) return "\xc2\xa3";
	if (!strcmp(unit, "EUR")) return "\xe2\x82\xac";
	if (!strcmp(unit, "JPY")) return "\xc2\xa5";
	return NULL;
}

static const char *qualifier_words(const char *q)
{
	if (!strcmp(q, "~")) return "about ";
	if (!strcmp(q, ">")) return "more than ";
	if (!strcmp(q, "<")) return "fewer than ";
	if (!strcmp(q, ">=")) return "at least ";
	if (!strcmp(q, "<=")) return "up to ";
	if (!strcmp(q, "up")) return "up ";
	if (!strcmp(q, "down")) return "down ";
	return "";
}

/* What goes before a rate's unit: "3,000 a day", "$15 an hour", "$2,050
 * per oz" (a symbol takes no article). */
static const char *per_words(const char *per)
{
	static const char *const nouns[] = {
		"day", "week", "month", "year", "minute", "night", "person", "head", "share",
		"quarter", "decade", "mile", "tonne", "gallon", "barrel", "acre", "capita", NULL
	};
	size_t k;

	if (!strcmp(per, "hour"))
		return " an ";
	for (k = 0; nouns[k]; k++)
		if (!strcmp(per, nouns[k]))
			return strchr("aeiou", per[0]) ? " an " : " a ";
	return " per ";
}

/* A sum as a price is written: "$42.10", not "$42.1". */
static int money_number(ct_buf *out, double v)
{
	size_t at = out->len;
	int err = ct__report_number(out, v);
	const char *dot;

	if (err)
		return err;
	dot = memchr(out->ptr + at, '.', out->len - at);
	if (dot && out->ptr + out->len - dot == 2)
		err = ct_buf_putc(out, '0');
	return err;
}

/* A figure as a person writes it: "about $3.50", "10%", "3,000 a day". */
int ct_report_figure(ct_buf *out, const ct_claim *c)
{
	const char *sym = c->kind == CT_KIND_MONEY ? currency_symbol(c->unit) : NULL;
	int err = ct_buf_puts(out, qualifier_words(c->qualifier));

	if (!err && c->band)
		err = ct_buf_printf(out, "%s ", c->band);
	if (!err && sym)
		err = ct_buf_puts(out, sym);
	if (!err)
		err = c->kind == CT_KIND_YEAR ? ct_buf_printf(out, "%.0f", c->value) :
			c->kind == CT_KIND_MONEY ? money_number(out, c->value) :
			/* "a third" is 33.33%, not 33.33333333% */
			c->kind == CT_KIND_PERCENT ? ct__report_number(out, round(c->value * 100) / 100) :
			ct__report_number(out, c->value);
	if (!err && c->has_high) {
		err = ct_buf_puts(out, "-");
		if (!err)
			err = c->kind == CT_KIND_YEAR ? ct_buf_printf(out, "%.0f", c->high) :
				c->kind == CT_KIND_MONEY ? money_number(out, c->high) : ct__report_number(out, c->high);
	}
	if (!err && c->kind == CT_KIND_PERCENT)
		err = ct_buf_puts(out, !(c->unit && !strcmp(c->unit, "pp")) ? "%" :
			c->value == 1 && !c->has_high ? " percentage point" : " percentage points");
	else if (!err && c->unit && !sym && c->kind != CT_KIND_PERCENT)
		err = ct_buf_printf(out, " %s", c->unit);
	if (!err && c->per)
		err = ct_buf_puts(out, per_words(c->per));
	if (!err && c->per)
		err = ct_buf_puts(out, c->per);
	return err;
}

const char *ct__report_label(const ct_claim *c)
{
	if (c->subject && c->subject[0])
		return c->subject;
	if (c->key && c->key[0])
		return c->key;
	return "(figure)";
}

int ct_report_claims_text(ct_buf *out, const ct_claimset *set)
{
	size_t i;
	int err = 0;

	for (i = 0; i < set->count && !err; i++) {
		const ct_claim *c = &set->items[i];

		err = ct_buf_printf(out, "%-8s ", ct_claim_kind_name(c->kind));
		if (!err)
			err = ct_report_figure(out, c);
		if (!err)
			err = ct_buf_printf(out, "  %s", ct__report_label(c));
		if (!err && c->section)
			err = ct_buf_printf(out, "  [%s]", c->section);
		if (!err && (c->vague || c->reference))
			err = ct_buf_puts(out, c->vague ? "  (vague)" : "  (a known set)");
		if (!err)
			err = ct_buf_putc(out, '\n');
	}
	return err;
}

/* ---- word-level diff of two sentences ---- */

/* git --word-diff style: [-old-]{+new+}; colored when color is set. */
static int put_word_diff(ct_buf *out, const char *a, const char *b, int color)
{
	const char *del_on = color ? "\033[31m[-" : "[-", *del_off = color ? "-]\033[m" : "-]";
	const char *add_on = color ? "\033[32m{+" : "{+", *add_off = color ? "+}\033[m" : "+}";
	ct_wd_op *ops;
	size_t n, i;
	int err = ct__word_diff(&ops, &n, a, b);

	for (i = 0; i < n && !err; i++) {
		const ct_wd_op *o = &ops[i];

		if (i)
			err = ct_buf_putc(out, ' ');
		if (err)
			break;
		if (o->kind == CT_WD_SAME)
			err = ct_buf_put(out, o->s, o->n);
		else
			err = ct_buf_printf(out, "%s%.*s%s", o->kind == CT_WD_DEL ? del_on : add_on,
				(int)o->n, o->s, o->kind == CT_WD_DEL ? del_off : add_off);
	}
	free(ops);
	return err;
}

/* ---- diff reports ---- */

/* The item a change is in, as a person knows it: its title and link. */
static int put_item(ct_buf *out, const ct_claim_section *it, const char *fallback)
{
	const char *link = it && it->link ? it->link : it ? it->id : fallback;

	if (it && it->title && it->title[0])
		return ct_buf_printf(out, "\"%s\" (%s)", it->title, link ? link : "");
	return ct_buf_puts(out, link ? link : "");
}

/* The other places a figure is told, each sentence once, after the one
 * already shown. */
static int put_also(ct_buf *out, const ct_claim *const *m, size_t n, const char *shown)
{
	size_t i, k;
	int err = 0;

	for (i = 1; i < n && !err; i++) {
		if (!strcmp(m[i]->sentence, shown))
			continue;
		for (k = 1; k < i && strcmp(m[k]->sentence, m[i]->sentence); k++)
			;
		if (k == i)
			err = ct_buf_printf(out, "    also: %s\n", m[i]->sentence);
	}
	return err;
}

static int put_delta(ct_buf *out, const ct_change *c)
{
	int err = 0;

	if (c->qualifier_only)
		return ct_buf_puts(out, " (qualifier only)");
	if (c->has_delta && c->old->kind != CT_KIND_PERCENT) {
		err = ct_buf_puts(out, c->delta > 0 ? " (+" : " (");
		if (!err)
			err = ct__report_number(out, c->delta);
		if (!err && c->has_ratio)
			err = ct_buf_printf(out, ", %+.1f%%", c->ratio * 100.0);
		if (!err)
			err = ct_buf_putc(out, ')');
	} else if (c->has_delta) {
		err = ct_buf_printf(out, " (%+g points)", c->delta);
	}
	return err;
}

static int change_text(ct_buf *out, const ct_change *c, int color)
{
	const char *red = color ? "\033[31m" : "", *green = color ? "\033[32m" : "";
	const char *yellow = color ? "\033[33m" : "", *off = color ? "\033[m" : "";
	const ct_claim *any = c->new ? c->new : c->old;
	int err = 0;

	switch (c->change) {
	case CT_CHANGE_CHANGED:
		err = ct_buf_printf(out, "%s~ %s: ", yellow, ct__report_label(any));
		if (!err)
			err = ct_report_figure(out, c->old);
		if (!err)
			err = ct_buf_puts(out, " -> ");
		if (!err)
			err = ct_report_figure(out, c->new);
		if (!err)
			err = put_delta(out, c);
		if (!err)
			err = ct_buf_printf(out, "%s\n", off);
		if (!err && strcmp(c->old->sentence, c->new->sentence) != 0) {
			err = ct_buf_puts(out, "    ");
			if (!err)
				err = put_word_diff(out, c->old->sentence, c->new->sentence, color);
			if (!err)
				err = ct_buf_putc(out, '\n');
		} else if (!err) {
			err = ct_buf_printf(out, "    %s\n", c->new->sentence);
		}
		if (!err)
			err = put_also(out, c->new_mentions, c->nnew_mentions, c->new->sentence);
		break;
	case CT_CHANGE_ADDED:
		err = ct_buf_printf(out, "%s+ %s: ", green, ct__report_label(any));
		if (!err)
			err = ct_report_figure(out, c->new);
		if (!err)
			err = ct_buf_printf(out, " (new)%s\n    %s\n", off, c->new->sentence);
		if (!err)
			err = put_also(out, c->new_mentions, c->nnew_mentions, c->new->sentence);
		break;
	case CT_CHANGE_REMOVED:
		err = ct_buf_printf(out, "%s- %s: ", red, ct__report_label(any));
		if (!err)
			err = ct_report_figure(out, c->old);
		if (!err)
			err = ct_buf_printf(out, " (gone)%s\n    %s\n", off, c->old->sentence);
		if (!err)
			err = put_also(out, c->old_mentions, c->nold_mentions, c->old->sentence);
		break;
	case CT_CHANGE_UNCHANGED:
		break;
	}
	if (!err && any->section) {
		err = ct_buf_puts(out, "    in ");
		if (!err)
			err = put_item(out, c->item, any->section);
		if (!err)
			err = ct_buf_putc(out, '\n');
	}
	return err;
}

static int item_text(ct_buf *out, const ct_item_event *e, int color)
{
	const char *mark = e->event == CT_ITEM_ARRIVED ? "+" : "-";
	const char *col = !color ? "" : e->event == CT_ITEM_ARRIVED ? "\033[32m" : "\033[31m";
	size_t i;
	int err;

	err = ct_buf_printf(out, "%s%s%s item %s: ", col, mark, mark,
		e->event == CT_ITEM_ARRIVED ? "arrived" : "left");
	if (!err)
		err = put_item(out, e->item, NULL);
	if (!err)
		err = ct_buf_printf(out, "%s\n", color ? "\033[m" : "");
	/* its figures are context, not changes: listed, not marked */
	for (i = 0; i < e->nfigures && !err; i++) {
		err = ct_buf_puts(out, "    ");
		if (!err)
			err = ct_report_figure(out, e->figures[i]);
		if (!err)
			err = ct_buf_printf(out, "  %s\n", ct__report_label(e->figures[i]));
	}
	return err;
}

static int diff_summary(ct_buf *out, const ct_diff *d)
{
	int err = ct_buf_printf(out, "%zu changed, %zu added, %zu removed, %zu unchanged",
		d->changed, d->added, d->removed, d->unchanged);

	if (!err && (d->items_arrived || d->items_left))
		err = ct_buf_printf(out, "; %zu item%s arrived, %zu left%s", d->items_arrived,
			d->items_arrived == 1 ? "" : "s", d->items_left,
			d->items_listed ? "" : " (--items lists them)");
	return err ? err : ct_buf_putc(out, '\n');
}

static int diff_text(ct_buf *out, const ct_diff *d, const ct_report_labels *l, int color)
{
	size_t i;
	int err = 0, any = 0;
	const char *bold = color ? "\033[1m" : "", *off = color ? "\033[m" : "";

	if (l && l->old_label && l->new_label)
		err = ct_buf_printf(out, "%s--- %s\n+++ %s%s\n", bold, l->old_label, l->new_label, off);
	for (i = 0; i < d->count && !err; i++) {
		if (d->changes[i].change == CT_CHANGE_UNCHANGED)
			continue;
		if (any || (l && l->old_label))
			err = ct_buf_putc(out, '\n');
		if (!err)
			err = change_text(out, &d->changes[i], color);
		any = 1;
	}
	for (i = 0; d->items_listed && i < d->nitems && !err; i++) {
		if (any || (l && l->old_label))
			err = ct_buf_putc(out, '\n');
		if (!err)
			err = item_text(out, &d->items[i], color);
		any = 1;
	}
	if (!err && any)
		err = ct_buf_putc(out, '\n');
	return err ? err : diff_summary(out, d);
}

/* The sentences of a figure's mentions after the first, or NULL. */
static json_t *also_sentences(const ct_claim *const *m, size_t n)
{
	json_t *a;
	size_t i;

	if (n < 2 || !(a = json_array()))
		return NULL;
	for (i = 1; i < n; i++)
		json_array_append_new(a, json_string(m[i]->sentence));
	return a;
}

static int diff_json(ct_buf *out, const ct_diff *d)
{
	size_t i, k;
	int err = 0;

	for (i = 0; i < d->count && !err; i++) {
		const ct_change *c = &d->changes[i];
		const ct_claim *any = c->new ? c->new : c->old;
		json_t *o, *also;

		if (c->change == CT_CHANGE_UNCHANGED)
			continue;
		if (!(o = json_object()))
			return ct_error_set(CT_ENOMEM, "out of memory building JSON");
		json_object_set_new(o, "change", json_string(ct_change_kind_name(c->change)));
		json_object_set_new(o, "key", json_string(any->key));
		json_object_set_new(o, "section", str_or_null(any->section));
		json_object_set_new(o, "old", c->old ? claim_obj(c->old, 0) : json_null());
		json_object_set_new(o, "new", c->new ? claim_obj(c->new, 0) : json_null());
		json_object_set_new(o, "delta", c->has_delta ? number(c->delta) : json_null());
		json_object_set_new(o, "ratio", c->has_ratio ?
			json_real(round(c->ratio * 10000.0) / 10000.0) : json_null());
		/* beyond report.h's shape, only when there is something to say */
		if (c->qualifier_only)
			json_object_set_new(o, "qualifier_only", json_true());
		if ((also = also_sentences(c->old_mentions, c->nold_mentions)))
			json_object_set_new(o, "old_also", also);
		if ((also = also_sentences(c->new_mentions, c->nnew_mentions)))
			json_object_set_new(o, "new_also", also);
		if (!(err = emit_json(out, o)))
			err = ct_buf_putc(out, '\n');
	}
	for (i = 0; d->items_listed && i < d->nitems && !err; i++) {
		const ct_item_event *e = &d->items[i];
		json_t *o = json_object(), *figs = json_array();

		if (!o || !figs) {
			json_decref(o);
			json_decref(figs);
			return ct_error_set(CT_ENOMEM, "out of memory building JSON");
		}
		json_object_set_new(o, "change", json_string(ct_item_event_name(e->event)));
		json_object_set_new(o, "section", str_or_null(e->item ? e->item->id : NULL));
		json_object_set_new(o, "title", str_or_null(e->item ? e->item->title : NULL));
		json_object_set_new(o, "link", str_or_null(e->item ? e->item->link : NULL));
		for (k = 0; k < e->nfigures; k++)
			json_array_append_new(figs, claim_obj(e->figures[k], 0));
		json_object_set_new(o, "figures", figs);
		if (!(err = emit_json(out, o)))
			err = ct_buf_putc(out, '\n');
	}
	return err;
}

int ct_report_diff(ct_buf *out, const ct_diff *diff, ct_format fmt,
	const ct_report_labels *labels, int color)
{
	switch (fmt) {
	case CT_FORMAT_TEXT: return diff_text(out, diff, labels, color);
	case CT_FORMAT_JSON: return diff_json(out, diff);
	case CT_FORMAT_HTML: return ct__diff_html(out, diff, labels);
	case CT_FORMAT_ATOM: return ct__diff_atom(out, diff, labels);
	}
	return ct_error_set(CT_EINVAL, "unknown format");
}
