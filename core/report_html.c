/* SPDX-License-Identifier: MIT */
/*
 * Diffs as an HTML page and as an Atom feed, both through the escaping
 * writer (html_writer.h); the page head and style sheet every HTML report
 * shares.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_internal.h"
#include "worddiff.h"

/*
 * Colours from Okabe and Ito's palette, darkened for contrast on white, so
 * readers with the common colour blindnesses tell them apart; every mark
 * also has a sign (+, -, up and down triangles) and a line style, which is
 * what a black-and-white print keeps.
 */
static const char style[] =
	":root{--up:#005f99;--down:#b34700;--add:#00704f;--gone:#8f3f6d;--ink:#1d1d1d;"
	"--soft:#5a5a5a;--rule:#d8d8d8}"
	"body{font:15px/1.45 system-ui,sans-serif;color:var(--ink);max-width:72em;"
	"margin:1.5em auto;padding:0 1em}"
	"h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}"
	"a{color:#0b4f8a}.meta{color:var(--soft);margin:.2em 0}"
	"table{border-collapse:collapse;width:100%}"
	"td,th{border-bottom:1px solid var(--rule);padding:.35em .5em;text-align:left;"
	"vertical-align:top}th{font-weight:600;background:#f3f3f3}"
	"td time{white-space:nowrap}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	".sign{display:inline-block;width:1.1em;font-weight:700}"
	"td.up{color:var(--up)}td.down{color:var(--down)}td.added{color:var(--add)}"
	"td.removed{color:var(--gone)}td.same{color:var(--soft)}"
	"del{color:var(--down);text-decoration:line-through;text-decoration-thickness:2px}"
	"ins{color:var(--up);text-decoration:underline;text-decoration-thickness:2px;"
	"font-weight:600}"
	".s{max-width:40em}.also,.item{color:var(--soft);font-size:90%}"
	".fig{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start;margin:.5em 0 1.5em}"
	".fig svg{flex:0 0 auto;max-width:100%;height:auto}.fig>table,.fig>details{flex:1 1 22em}"
	"svg text{font:11px system-ui,sans-serif;fill:var(--soft)}"
	"svg .axis{stroke:#888;stroke-width:1}svg .grid{stroke:#e4e4e4;stroke-width:1}"
	"svg .line{fill:none;stroke:var(--up);stroke-width:2}"
	"svg .pt{fill:#fff;stroke:var(--up);stroke-width:2}"
	"svg .pt.moved{fill:var(--up)}svg .gone{stroke:var(--down);stroke-dasharray:4 3}"
	"details{margin:.6em 0}summary{cursor:pointer;color:var(--soft)}"
	"nav{margin:.3em 0 1em}nav a{margin-right:1em}"
	"@media print{body{max-width:none;margin:0;color:#000}a{color:#000}"
	".up,.down,.added,.removed,del,ins{color:#000}"
	"th{background:none}svg .line,svg .pt{stroke:#000}svg .pt.moved{fill:#000}"
	"details>*{display:block}nav{display:none}}";

void ct__html_page_begin(ct_html *h, const char *title, const char *feed)
{
	ct_html_raw(h, "<!DOCTYPE html>\n");
	ct_html_open(h, "html", "lang", "en", NULL);
	ct_html_open(h, "head", NULL);
	ct_html_empty(h, "meta", "charset", "utf-8", NULL);
	ct_html_empty(h, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", NULL);
	ct_html_empty(h, "meta", "name", "generator", "content", "claimtrack " CT_VERSION, NULL);
	ct_html_elem(h, "title", title, NULL);
	if (feed && ct_html_url_ok(feed))
		ct_html_empty(h, "link", "rel", "alternate", "type", "application/atom+xml", "title",
			"Figure changes (Atom)", "href", feed, NULL);
	ct_html_open(h, "style", NULL);
	ct_html_raw(h, style);
	ct_html_close(h, "style");
	ct_html_close(h, "head");
	ct_html_raw(h, "\n");
	ct_html_open(h, "body", NULL);
}

void ct__html_page_end(ct_html *h)
{
	ct_html_close(h, "body");
	ct_html_close(h, "html");
	ct_html_raw(h, "\n");
}

void ct__html_figure(ct_html *h, const ct_claim *c)
{
	ct_buf tmp = CT_BUF_INIT;

	if (ct_report_figure(&tmp, c) < 0) {
		ct_buf_dispose(&tmp);
		h->err = h->err ? h->err : CT_ENOMEM;
		return;
	}
	ct_html_text(h, tmp.ptr ? tmp.ptr : "");
	ct_buf_dispose(&tmp);
}

int ct__urn_part(ct_buf *out, const char *s)
{
	int err = 0;

	for (; *s && !err; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			err = ct_buf_putc(out, (char)c);
		else
			err = ct_buf_printf(out, "%%%02X", c);
	}
	return err;
}

/* ---- the diff page ---- */

/* The sentence with only the changed words marked. */
static void html_word_diff(ct_html *h, const char *a, const char *b)
{
	ct_wd_op *ops;
	size_t n, i;
	int err = ct__word_diff(&ops, &n, a, b);

	if (err < 0) {
		h->err = h->err ? h->err : err;
		return;
	}
	for (i = 0; i < n; i++) {
		if (i)
			ct_html_text(h, " ");
		if (ops[i].kind == CT_WD_SAME) {
			ct_html_textn(h, ops[i].s, ops[i].n);
			continue;
		}
		ct_html_open(h, ops[i].kind == CT_WD_DEL ? "del" : "ins", NULL);
		ct_html_textn(h, ops[i].s, ops[i].n);
		ct_html_close(h, ops[i].kind == CT_WD_DEL ? "del" : "ins");
	}
	free(ops);
}

/* What kind of change, as a class, a sign and a word. */
static void change_kind(const ct_change *c, const char **cls, const char **sign, const char **word)
{
	switch (c->change) {
	case CT_CHANGE_ADDED: *cls = "added"; *sign = "+"; *word = "new"; return;
	case CT_CHANGE_REMOVED: *cls = "removed"; *sign = "\xe2\x88\x92"; *word = "gone"; return;
	case CT_CHANGE_UNCHANGED: *cls = "same"; *sign = "="; *word = "same"; return;
	case CT_CHANGE_CHANGED: break;
	}
	if (c->qualifier_only) {
		*cls = "same";
		*sign = "~";
		*word = "qualifier";
	} else if (c->has_delta && c->delta < 0) {
		*cls = "down";
		*sign = "\xe2\x96\xbc";
		*word = "down";
	} else {
		*cls = "up";
		*sign = "\xe2\x96\xb2";
		*word = "up";
	}
}

static void delta_cells(ct_html *h, const ct_change *c, const char *cls)
{
	ct_buf num = CT_BUF_INIT;

	ct_html_open(h, "td", "class", cls, NULL);
	if (c->has_delta && !c->qualifier_only) {
		int err = ct_buf_puts(&num, c->delta > 0 ? "+" : c->delta < 0 ? "\xe2\x88\x92" : "");

		if (!err)
			err = ct__report_number(&num, fabs(c->delta));
		if (!err && c->old && c->old->kind == CT_KIND_PERCENT)
			err = ct_buf_puts(&num, " pts");
		if (err)
			h->err = h->err ? h->err : err;
		else
			ct_html_text(h, num.ptr);
	}
	ct_html_close(h, "td");
	ct_html_open(h, "td", "class", cls, NULL);
	if (c->has_ratio && !c->qualifier_only && !(c->old && c->old->kind == CT_KIND_PERCENT))
		ct_html_textf(h, "%s%.1f%%", c->ratio > 0 ? "+" : c->ratio < 0 ? "\xe2\x88\x92" : "",
			fabs(c->ratio * 100.0));
	ct_html_close(h, "td");
	ct_buf_dispose(&num);
}

static void item_line(ct_html *h, const ct_claim_section *it, const char *section)
{
	const char *link = it && it->link ? it->link : it ? it->id : section;
	const char *title = it && it->title && it->title[0] ? it->title : link;

	if (!title)
		return;
	ct_html_open(h, "div", "class", "item", NULL);
	ct_html_text(h, "in ");
	if (ct_html_url_ok(link))
		ct_html_elem(h, "a", title, "href", link, NULL);
	else
		ct_html_text(h, title);
	ct_html_close(h, "div");
}

static void also_lines(ct_html *h, const ct_claim *const *m, size_t n, const char *shown)
{
	size_t i, k;

	for (i = 1; i < n; i++) {
		if (!strcmp(m[i]->sentence, shown))
			continue;
		for (k = 1; k < i && strcmp(m[k]->sentence, m[i]->sentence); k++)
			;
		if (k == i) {
			ct_html_open(h, "div", "class", "also", NULL);
			ct_html_text(h, "also: ");
			ct_html_text(h, m[i]->sentence);
			ct_html_close(h, "div");
		}
	}
}

static void change_row(ct_html *h, const ct_change *c)
{
	const ct_claim *any = c->new ? c->new : c->old;
	const char *cls, *sign, *word;

	change_kind(c, &cls, &sign, &word);
	ct_html_open(h, "tr", "class", cls, NULL);
	ct_html_open(h, "td", "class", cls, NULL);
	ct_html_elem(h, "span", sign, "class", "sign", "aria-hidden", "true", NULL);
	ct_html_text(h, word);
	ct_html_close(h, "td");
	ct_html_elem(h, "td", ct__report_label(any), NULL);
	ct_html_open(h, "td", "class", "n", NULL);
	if (c->old)
		ct__html_figure(h, c->old);
	ct_html_close(h, "td");
	ct_html_open(h, "td", "class", "n", NULL);
	if (c->new)
		ct__html_figure(h, c->new);
	ct_html_close(h, "td");
	delta_cells(h, c, cls[0] == 'u' || cls[0] == 'd' ? (cls[0] == 'u' ? "n up" : "n down") : "n");
	ct_html_open(h, "td", "class", "s", NULL);
	if (c->old && c->new && strcmp(c->old->sentence, c->new->sentence))
		html_word_diff(h, c->old->sentence, c->new->sentence);
	else
		ct_html_text(h, any->sentence);
	if (c->new)
		also_lines(h, c->new_mentions, c->nnew_mentions, c->new->sentence);
	else
		also_lines(h, c->old_mentions, c->nold_mentions, c->old->sentence);
	if (any->section)
		item_line(h, c->item, any->section);
	ct_html_close(h, "td");
	ct_html_close(h, "tr");
	ct_html_raw(h, "\n");
}

static void items_table(ct_html *h, const ct_diff *d)
{
	size_t i, k;

	ct_html_elem(h, "h2", "Feed items that arrived or left", NULL);
	ct_html_open(h, "table", "class", "items", NULL);
	ct_html_raw(h, "<thead><tr><th>event</th><th>item</th><th>its figures</th></tr></thead>");
	ct_html_open(h, "tbody", NULL);
	for (i = 0; i < d->nitems; i++) {
		const ct_item_event *e = &d->items[i];
		int in = e->event == CT_ITEM_ARRIVED;

		ct_html_open(h, "tr", "class", in ? "added" : "removed", NULL);
		ct_html_open(h, "td", "class", in ? "added" : "removed", NULL);
		ct_html_elem(h, "span", in ? "+" : "\xe2\x88\x92", "class", "sign", "aria-hidden", "true", NULL);
		ct_html_text(h, in ? "arrived" : "left");
		ct_html_close(h, "td");
		ct_html_open(h, "td", NULL);
		item_line(h, e->item, NULL);
		ct_html_close(h, "td");
		ct_html_open(h, "td", NULL);
		for (k = 0; k < e->nfigures; k++) {
			ct_html_open(h, "div", NULL);
			ct__html_figure(h, e->figures[k]);
			ct_html_textf(h, "  %s", ct__report_label(e->figures[k]));
			ct_html_close(h, "div");
		}
		ct_html_close(h, "td");
		ct_html_close(h, "tr");
	}
	ct_html_close(h, "tbody");
	ct_html_close(h, "table");
}

/* One side of the comparison: its label and observation time. */
static void side_line(ct_html *h, const char *what, const char *label, const char *time)
{
	ct_html_open(h, "div", NULL);
	ct_html_elem(h, "b", what, NULL);
	ct_html_text(h, " ");
	if (time)
		ct_html_elem(h, "time", label, "datetime", time, NULL);
	else
		ct_html_text(h, label);
	ct_html_close(h, "div");
}

int ct__diff_html(ct_buf *out, const ct_diff *d, const ct_report_labels *l)
{
	const char *title = l && l->title && l->title[0] ? l->title : l && l->id ? l->id : "Figure changes";
	ct_buf head = CT_BUF_INIT;
	ct_html h;
	size_t i;

	ct_html_init(&h, out, CT_HTML_MODE_HTML);
	if (ct_buf_printf(&head, "%s: figure changes", title) < 0)
		return CT_ENOMEM;
	ct__html_page_begin(&h, head.ptr, NULL);
	ct_buf_dispose(&head);
	ct_html_open(&h, "header", NULL);
	ct_html_elem(&h, "h1", title, NULL);
	if (l && l->url) {
		ct_html_open(&h, "p", "class", "meta", NULL);
		ct_html_text(&h, "Article: ");
		if (ct_html_url_ok(l->url))
			ct_html_elem(&h, "a", l->url, "href", l->url, "rel", "noreferrer", NULL);
		else
			ct_html_text(&h, l->url);
		ct_html_close(&h, "p");
	}
	if (l && l->old_label && l->new_label) {
		ct_html_open(&h, "div", "class", "meta", NULL);
		side_line(&h, "Before:", l->old_label, l->old_time);
		side_line(&h, "After:", l->new_label, l->new_time);
		ct_html_close(&h, "div");
	}
	ct_html_open(&h, "p", "class", "summary", NULL);
	ct_html_textf(&h, "%zu changed, %zu added, %zu removed, %zu unchanged", d->changed, d->added,
		d->removed, d->unchanged);
	if (d->items_arrived || d->items_left)
		ct_html_textf(&h, "; %zu item%s arrived, %zu left", d->items_arrived,
			d->items_arrived == 1 ? "" : "s", d->items_left);
	ct_html_close(&h, "p");
	ct_html_close(&h, "header");
	ct_html_raw(&h, "\n");
	ct_html_open(&h, "table", "class", "diff", NULL);
	ct_html_raw(&h, "<thead><tr><th>change</th><th>figure</th><th class=\"n\">old</th>"
		"<th class=\"n\">new</th><th class=\"n\">delta</th><th class=\"n\">percent</th>"
		"<th>sentence</th></tr></thead>\n");
	ct_html_open(&h, "tbody", NULL);
	for (i = 0; i < d->count; i++)
		if (d->changes[i].change != CT_CHANGE_UNCHANGED)
			change_row(&h, &d->changes[i]);
	ct_html_close(&h, "tbody");
	ct_html_close(&h, "table");
	if (d->items_listed && d->nitems)
		items_table(&h, d);
	ct__html_page_end(&h);
	return ct_html_finish(&h);
}

/* ---- the diff feed ---- */

static void atom_id(ct_html *h, const char *id, const char *updated, size_t i, const char *key)
{
	ct_buf b = CT_BUF_INIT;
	int err = ct_buf_puts(&b, "urn:claimtrack:");

	if (!err) err = ct__urn_part(&b, id);
	if (!err && updated) {
		if (!(err = ct_buf_putc(&b, ':')))
			err = ct__urn_part(&b, updated);
		if (!err)
			err = ct_buf_printf(&b, ":%zu:", i);
		if (!err)
			err = ct__urn_part(&b, key);
	}
	if (err)
		h->err = h->err ? h->err : err;
	else
		ct_html_elem(h, "id", b.ptr, NULL);
	ct_buf_dispose(&b);
}

int ct__diff_atom(ct_buf *out, const ct_diff *d, const ct_report_labels *l)
{
	char now[32];
	const char *updated;
	const char *id = l && l->id ? l->id : "document";
	time_t t = time(NULL);
	struct tm tm;
	ct_html h;
	size_t i;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	updated = l && l->new_time ? l->new_time : now;
	ct_html_init(&h, out, CT_HTML_MODE_XML);
	ct_html_raw(&h, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	ct_html_open(&h, "feed", "xmlns", "http://www.w3.org/2005/Atom", NULL);
	ct_html_raw(&h, "\n  ");
	ct_html_open(&h, "title", NULL);
	ct_html_textf(&h, "Figure changes: %s", id);
	ct_html_close(&h, "title");
	ct_html_raw(&h, "\n  ");
	atom_id(&h, id, NULL, 0, NULL);
	ct_html_raw(&h, "\n  ");
	ct_html_elem(&h, "updated", updated, NULL);
	ct_html_raw(&h, "\n  <author><name>claimtrack</name></author>\n  ");
	ct_html_elem(&h, "generator", "claimtrack", "version", CT_VERSION, NULL);
	ct_html_raw(&h, "\n");
	for (i = 0; i < d->count; i++) {
		const ct_change *c = &d->changes[i];
		const ct_claim *any = c->new ? c->new : c->old;

		if (c->change == CT_CHANGE_UNCHANGED)
			continue;
		ct_html_raw(&h, "  ");
		ct_html_open(&h, "entry", NULL);
		ct_html_raw(&h, "\n    ");
		ct_html_open(&h, "title", NULL);
		ct_html_textf(&h, "%s: ", ct__report_label(any));
		if (c->old)
			ct__html_figure(&h, c->old);
		if (c->old && c->new)
			ct_html_text(&h, " -> ");
		if (c->new)
			ct__html_figure(&h, c->new);
		ct_html_textf(&h, " (%s)", ct_change_kind_name(c->change));
		ct_html_close(&h, "title");
		/* the same change of the same versions keeps its id: a reader
		 * polling the feed sees each change once */
		ct_html_raw(&h, "\n    ");
		atom_id(&h, id, updated, i, any->key);
		ct_html_raw(&h, "\n    ");
		ct_html_elem(&h, "updated", updated, NULL);
		ct_html_raw(&h, "\n");
		if (any->section && (!strncmp(any->section, "http://", 7) ||
				     !strncmp(any->section, "https://", 8))) {
			ct_html_raw(&h, "    ");
			ct_html_empty(&h, "link", "rel", "alternate", "href", any->section, NULL);
			ct_html_raw(&h, "\n");
		}
		ct_html_raw(&h, "    ");
		ct_html_elem(&h, "content", any->sentence, "type", "text", NULL);
		ct_html_raw(&h, "\n  ");
		ct_html_close(&h, "entry");
		ct_html_raw(&h, "\n");
	}
	ct_html_close(&h, "feed");
	ct_html_raw(&h, "\n");
	return ct_html_finish(&h);
}
