/*
 * Reports: documents and claims as JSON (INTERFACE.md), claim tables, and
 * diffs as text, JSON lines, HTML and Atom.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#include "claimtrack/report.h"

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
static int put_number(ct_buf *out, double v)
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

/* A figure as a person writes it: "about $3.5", "10%", "3,000 a day". */
int ct_report_figure(ct_buf *out, const ct_claim *c)
{
	const char *sym = c->kind == CT_KIND_MONEY ? currency_symbol(c->unit) : NULL;
	int err = ct_buf_puts(out, qualifier_words(c->qualifier));

	if (!err && c->band)
		err = ct_buf_printf(out, "%s ", c->band);
	if (!err && sym)
		err = ct_buf_puts(out, sym);
	if (!err)
		err = c->kind == CT_KIND_YEAR ? ct_buf_printf(out, "%.0f", c->value) : put_number(out, c->value);
	if (!err && c->has_high) {
		err = ct_buf_puts(out, "-");
		if (!err)
			err = c->kind == CT_KIND_YEAR ? ct_buf_printf(out, "%.0f", c->high) :
				put_number(out, c->high);
	}
	if (!err && c->kind == CT_KIND_PERCENT)
		err = ct_buf_puts(out, "%");
	else if (!err && c->unit && !sym && c->kind != CT_KIND_PERCENT)
		err = ct_buf_printf(out, " %s", c->unit);
	if (!err && c->per)
		err = ct_buf_printf(out, " a %s", c->per);
	return err;
}

static const char *label_of(const ct_claim *c)
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
			err = ct_buf_printf(out, "  %s", label_of(c));
		if (!err && c->section)
			err = ct_buf_printf(out, "  [%s]", c->section);
		if (!err)
			err = ct_buf_putc(out, '\n');
	}
	return err;
}

/* ---- word-level diff of two sentences (LCS over words) ---- */

typedef struct span { const char *s; size_t n; } span;

static size_t split_words(span **out, const char *s)
{
	size_t n = 0, cap = 0;
	span *v = NULL, *nv;

	while (*s) {
		const char *st;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		st = s;
		while (*s && *s != ' ')
			s++;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if (!(nv = realloc(v, cap * sizeof(*nv)))) {
				free(v);
				*out = NULL;
				return 0;
			}
			v = nv;
		}
		v[n].s = st;
		v[n].n = (size_t)(s - st);
		n++;
	}
	*out = v;
	return n;
}

static int span_eq(span a, span b)
{
	return a.n == b.n && memcmp(a.s, b.s, a.n) == 0;
}

/* git --word-diff style: [-old-]{+new+}; colored when color is set. */
static int put_word_diff(ct_buf *out, const char *a, const char *b, int color)
{
	span *wa, *wb;
	size_t na = split_words(&wa, a), nb = split_words(&wb, b), i, j;
	unsigned short *t;
	int err = 0, first = 1;
	const char *del_on = color ? "\033[31m[-" : "[-", *del_off = color ? "-]\033[m" : "-]";
	const char *add_on = color ? "\033[32m{+" : "{+", *add_off = color ? "+}\033[m" : "+}";

	if (na > 400 || nb > 400 || !(t = calloc((na + 1) * (nb + 1), sizeof(*t)))) {
		free(wa);
		free(wb);
		return ct_buf_printf(out, "%s%s%s %s%s%s", del_on, a, del_off, add_on, b, add_off);
	}
#define T(x, y) t[(x) * (nb + 1) + (y)]
	for (i = na; i-- > 0;)
		for (j = nb; j-- > 0;)
			T(i, j) = span_eq(wa[i], wb[j]) ? (unsigned short)(T(i + 1, j + 1) + 1)
				: (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1));
	/* walk the table: runs of deletions, then insertions, then equal words */
	i = j = 0;
	while ((i < na || j < nb) && !err) {
		size_t di = i, dj = j;

		while (di < na || dj < nb) {
			if (di < na && dj < nb && span_eq(wa[di], wb[dj]))
				break;
			if (di < na && (dj == nb || T(di + 1, dj) >= T(di, dj + 1)))
				di++;
			else
				dj++;
		}
		if (di > i) {
			if (!first)
				err = ct_buf_putc(out, ' ');
			if (!err)
				err = ct_buf_printf(out, "%s%.*s%s", del_on,
					(int)(wa[di - 1].s + wa[di - 1].n - wa[i].s), wa[i].s, del_off);
			first = 0;
		}
		if (dj > j && !err) {
			if (!first)
				err = ct_buf_putc(out, ' ');
			if (!err)
				err = ct_buf_printf(out, "%s%.*s%s", add_on,
					(int)(wb[dj - 1].s + wb[dj - 1].n - wb[j].s), wb[j].s, add_off);
			first = 0;
		}
		i = di;
		j = dj;
		if (i < na && j < nb && !err) {
			if (!first)
				err = ct_buf_putc(out, ' ');
			if (!err)
				err = ct_buf_put(out, wa[i].s, wa[i].n);
			first = 0;
			i++;
			j++;
		}
	}
#undef T
	free(t);
	free(wa);
	free(wb);
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
			err = put_number(out, c->delta);
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
		err = ct_buf_printf(out, "%s~ %s: ", yellow, label_of(any));
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
		err = ct_buf_printf(out, "%s+ %s: ", green, label_of(any));
		if (!err)
			err = ct_report_figure(out, c->new);
		if (!err)
			err = ct_buf_printf(out, " (new)%s\n    %s\n", off, c->new->sentence);
		if (!err)
			err = put_also(out, c->new_mentions, c->nnew_mentions, c->new->sentence);
		break;
	case CT_CHANGE_REMOVED:
		err = ct_buf_printf(out, "%s- %s: ", red, label_of(any));
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
			err = ct_buf_printf(out, "  %s\n", label_of(e->figures[i]));
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
		/* beyond INTERFACE.md's shape, only when there is something to say */
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

static int put_escaped(ct_buf *out, const char *s)
{
	int err = 0;

	for (; *s && !err; s++) {
		switch (*s) {
		case '<': err = ct_buf_puts(out, "&lt;"); break;
		case '>': err = ct_buf_puts(out, "&gt;"); break;
		case '&': err = ct_buf_puts(out, "&amp;"); break;
		case '"': err = ct_buf_puts(out, "&quot;"); break;
		default: err = ct_buf_putc(out, *s);
		}
	}
	return err;
}

/* A figure, HTML-escaped. */
static int put_figure_escaped(ct_buf *out, const ct_claim *c)
{
	ct_buf tmp = CT_BUF_INIT;
	int err = ct_report_figure(&tmp, c);

	if (!err)
		err = put_escaped(out, tmp.ptr ? tmp.ptr : "");
	ct_buf_dispose(&tmp);
	return err;
}

static int diff_html(ct_buf *out, const ct_diff *d, const ct_report_labels *l)
{
	size_t i;
	int err;

	err = ct_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>claimtrack: figure changes</title>\n<style>"
		"body{font:15px/1.45 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
		"table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;"
		"padding:.4em;text-align:left;vertical-align:top}.changed{color:#8a5a00}"
		".added{color:#17702a}.removed{color:#a11}del{background:#fdd}ins{background:#dfd;"
		"text-decoration:none}.s{color:#555;font-size:90%}</style></head><body>\n");
	if (!err)
		err = ct_buf_puts(out, "<h1>Figure changes</h1>\n");
	if (!err && l && l->old_label && l->new_label) {
		err = ct_buf_puts(out, "<p>From <b>");
		if (!err) err = put_escaped(out, l->old_label);
		if (!err) err = ct_buf_puts(out, "</b> to <b>");
		if (!err) err = put_escaped(out, l->new_label);
		if (!err) err = ct_buf_puts(out, "</b></p>\n");
	}
	if (!err)
		err = ct_buf_puts(out, "<table><thead><tr><th>change</th><th>what</th><th>old</th>"
			"<th>new</th><th>sentence</th></tr></thead><tbody>\n");
	for (i = 0; i < d->count && !err; i++) {
		const ct_change *c = &d->changes[i];
		const ct_claim *any = c->new ? c->new : c->old;
		const char *k = ct_change_kind_name(c->change);

		if (c->change == CT_CHANGE_UNCHANGED)
			continue;

		err = ct_buf_printf(out, "<tr class=\"%s\"><td>%s</td><td>", k, k);
		if (!err) err = put_escaped(out, label_of(any));
		if (!err) err = ct_buf_puts(out, "</td><td>");
		if (!err && c->old) err = put_figure_escaped(out, c->old);
		if (!err) err = ct_buf_puts(out, "</td><td>");
		if (!err && c->new) err = put_figure_escaped(out, c->new);
		if (!err) err = ct_buf_puts(out, "</td><td class=\"s\">");
		if (!err && c->old && c->new && strcmp(c->old->sentence, c->new->sentence)) {
			err = ct_buf_puts(out, "<del>");
			if (!err) err = put_escaped(out, c->old->sentence);
			if (!err) err = ct_buf_puts(out, "</del><br><ins>");
			if (!err) err = put_escaped(out, c->new->sentence);
			if (!err) err = ct_buf_puts(out, "</ins>");
		} else if (!err) {
			err = put_escaped(out, any->sentence);
		}
		if (!err) err = ct_buf_puts(out, "</td></tr>\n");
	}
	if (!err)
		err = ct_buf_printf(out, "</tbody></table>\n<p>%zu change%s, %zu unchanged.</p>\n"
			"</body></html>\n", d->count, d->count == 1 ? "" : "s", d->unchanged);
	return err;
}

/* A part of an Atom id (a URN): unreserved characters as they are, the
 * rest percent-encoded, so keys with spaces still make valid IRIs. */
static int put_urn_part(ct_buf *out, const char *s)
{
	int err = 0;

	for (; *s && !err; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			err = ct_buf_putc(out, (char)c);
		else
			err = ct_buf_printf(out, "%%%02X", c);
	}
	return err;
}

static int diff_atom(ct_buf *out, const ct_diff *d, const ct_report_labels *l)
{
	char now[32];
	const char *updated;
	const char *id = l && l->id ? l->id : "document";
	time_t t = time(NULL);
	struct tm tm;
	size_t i;
	int err;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	updated = l && l->new_time ? l->new_time : now;
	err = ct_buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>Figure changes: ");
	if (!err) err = put_escaped(out, id);
	if (!err) err = ct_buf_puts(out, "</title>\n  <id>urn:claimtrack:");
	if (!err) err = put_urn_part(out, id);
	if (!err) err = ct_buf_printf(out, "</id>\n  <updated>%s</updated>\n"
		"  <author><name>claimtrack</name></author>\n"
		"  <generator version=\"%s\">claimtrack</generator>\n", updated, CT_VERSION);
	for (i = 0; i < d->count && !err; i++) {
		const ct_change *c = &d->changes[i];
		const ct_claim *any = c->new ? c->new : c->old;
		ct_buf title = CT_BUF_INIT;

		if (c->change == CT_CHANGE_UNCHANGED)
			continue;
		err = ct_buf_printf(&title, "%s: ", label_of(any));
		if (!err && c->old) err = ct_report_figure(&title, c->old);
		if (!err && c->old && c->new) err = ct_buf_puts(&title, " -> ");
		if (!err && c->new) err = ct_report_figure(&title, c->new);
		if (!err) err = ct_buf_printf(&title, " (%s)", ct_change_kind_name(c->change));
		if (!err) err = ct_buf_puts(out, "  <entry>\n    <title>");
		if (!err) err = put_escaped(out, title.ptr);
		/* the same change of the same versions keeps its id: a reader
		 * polling the feed sees each change once */
		if (!err) err = ct_buf_puts(out, "</title>\n    <id>urn:claimtrack:");
		if (!err) err = put_urn_part(out, id);
		if (!err) err = ct_buf_putc(out, ':');
		if (!err) err = put_urn_part(out, updated);
		if (!err) err = ct_buf_printf(out, ":%zu:", i);
		if (!err) err = put_urn_part(out, any->key);
		if (!err) err = ct_buf_printf(out, "</id>\n    <updated>%s</updated>\n", updated);
		if (!err && any->section && (!strncmp(any->section, "http://", 7) ||
					     !strncmp(any->section, "https://", 8))) {
			err = ct_buf_puts(out, "    <link rel=\"alternate\" href=\"");
			if (!err) err = put_escaped(out, any->section);
			if (!err) err = ct_buf_puts(out, "\"/>\n");
		}
		if (!err) err = ct_buf_puts(out, "    <content type=\"text\">");
		if (!err) err = put_escaped(out, any->sentence);
		if (!err) err = ct_buf_puts(out, "</content>\n  </entry>\n");
		ct_buf_dispose(&title);
	}
	if (!err)
		err = ct_buf_puts(out, "</feed>\n");
	return err;
}

int ct_report_diff(ct_buf *out, const ct_diff *diff, ct_format fmt,
	const ct_report_labels *labels, int color)
{
	switch (fmt) {
	case CT_FORMAT_TEXT: return diff_text(out, diff, labels, color);
	case CT_FORMAT_JSON: return diff_json(out, diff);
	case CT_FORMAT_HTML: return diff_html(out, diff, labels);
	case CT_FORMAT_ATOM: return diff_atom(out, diff, labels);
	}
	return ct_error_set(CT_EINVAL, "unknown format");
}
