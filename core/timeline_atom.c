/* SPDX-License-Identifier: MIT */
/*
 * Figure changes as Atom: one entry per figure that moved at a version. An
 * entry's id is made of the document id, the version's commit id and the
 * figure's key, and its time is the observation time, so a feed reader
 * polling the same archive sees each change once; the feed's own time is
 * its newest entry's, never the current time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "timeline_internal.h"

typedef struct entry {
	size_t doc, series, version;
	const char *time;
	int64_t at;
} entry;

typedef struct entries { entry *v; size_t n, cap; } entries;

static int push(entries *e, size_t doc, size_t series, size_t version, const ct_timeline_labels *l)
{
	if (e->n == e->cap) {
		size_t nc = e->cap ? e->cap * 2 : 64;
		entry *nv = realloc(e->v, nc * sizeof(*nv));

		if (!nv)
			return ct_error_set(CT_ENOMEM, "out of memory");
		e->v = nv;
		e->cap = nc;
	}
	e->v[e->n].doc = doc;
	e->v[e->n].series = series;
	e->v[e->n].version = version;
	e->v[e->n].time = l->times ? l->times[version] : "";
	e->v[e->n].at = l->observed ? l->observed[version] : 0;
	e->n++;
	return 0;
}

/* Every (series, version) where a figure moved after the first version. */
static int collect(entries *e, size_t doc, const ct_timeline *tl, const ct_timeline_labels *l)
{
	size_t i, v;
	int err = 0;

	for (i = 0; i < tl->nseries && !err; i++) {
		const ct_claim *prev = NULL;

		for (v = 0; v < tl->nversions && !err; v++)
			if (ct__series_step(&tl->series[i], v, &prev) && v > 0)
				err = push(e, doc, i, v, l);
	}
	return err;
}

/* newest first; ties in document, figure and version order */
static int newest_first(const void *pa, const void *pb)
{
	const entry *a = pa, *b = pb;
	int c = a->at != b->at ? (a->at < b->at ? 1 : -1) : -strcmp(a->time, b->time);

	if (c)
		return c;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	if (a->series != b->series)
		return a->series < b->series ? -1 : 1;
	return a->version < b->version ? -1 : a->version > b->version;
}

static const ct_claim *before(const ct_series *s, size_t v)
{
	while (v-- > 0)
		if (s->at[v])
			return s->at[v];
	return NULL;
}

static void entry_id(ct_html *h, const ct_timeline_labels *l, size_t v, const ct_claim *c)
{
	ct_buf b = CT_BUF_INIT;
	const char *ver = l->commits ? l->commits[v] : l->versions ? l->versions[v] : "";
	int err = ct_buf_puts(&b, "urn:claimtrack:");

	if (!err) err = ct__urn_part(&b, l->id ? l->id : "document");
	if (!err) err = ct_buf_putc(&b, ':');
	if (!err) err = ct__urn_part(&b, ver);
	if (!err) err = ct_buf_putc(&b, ':');
	if (!err) err = ct__urn_part(&b, c->key);
	if (!err && c->section) {
		if (!(err = ct_buf_putc(&b, ':')))
			err = ct__urn_part(&b, c->section);
	}
	if (err)
		h->err = h->err ? h->err : err;
	else
		ct_html_elem(h, "id", b.ptr, NULL);
	ct_buf_dispose(&b);
}

static void write_entry(ct_html *h, const ct_timeline *tl, const ct_timeline_labels *l,
	const entry *e)
{
	const ct_series *s = &tl->series[e->series];
	const ct_claim *c = s->at[e->version], *p = before(s, e->version);
	const ct_claim *any = c ? c : p;
	const char *link = any->section && ct_html_url_ok(any->section) ? any->section :
		ct_html_url_ok(l->url) ? l->url : NULL;

	ct_html_raw(h, "  ");
	ct_html_open(h, "entry", NULL);
	ct_html_raw(h, "\n    ");
	ct_html_open(h, "title", NULL);
	if (l->id)
		ct_html_textf(h, "%s: ", l->id);
	ct_html_textf(h, "%s: ", ct__series_label(s, tl->nversions));
	if (p)
		ct__html_figure(h, p);
	if (p && c)
		ct_html_text(h, " -> ");
	if (c)
		ct__html_figure(h, c);
	ct_html_text(h, !p ? " (new)" : !c ? " (gone)" : "");
	ct_html_close(h, "title");
	ct_html_raw(h, "\n    ");
	entry_id(h, l, e->version, any);
	ct_html_raw(h, "\n    ");
	ct_html_elem(h, "updated", e->time, NULL);
	ct_html_raw(h, "\n");
	if (link) {
		ct_html_raw(h, "    ");
		ct_html_empty(h, "link", "rel", "alternate", "href", link, NULL);
		ct_html_raw(h, "\n");
	}
	ct_html_raw(h, "    ");
	ct_html_elem(h, "content", any->sentence, "type", "text", NULL);
	ct_html_raw(h, "\n  ");
	ct_html_close(h, "entry");
	ct_html_raw(h, "\n");
}

static void feed_head(ct_html *h, const char *id, const char *title, const char *self,
	const char *updated)
{
	ct_buf b = CT_BUF_INIT;

	ct_html_raw(h, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	ct_html_open(h, "feed", "xmlns", "http://www.w3.org/2005/Atom", NULL);
	ct_html_raw(h, "\n  ");
	ct_html_elem(h, "title", title, NULL);
	ct_html_raw(h, "\n  ");
	if (ct_buf_puts(&b, "urn:claimtrack:") < 0 || ct__urn_part(&b, id) < 0)
		h->err = h->err ? h->err : CT_ENOMEM;
	else
		ct_html_elem(h, "id", b.ptr, NULL);
	ct_buf_dispose(&b);
	ct_html_raw(h, "\n  ");
	ct_html_elem(h, "updated", updated, NULL);
	ct_html_raw(h, "\n");
	if (self) {
		ct_html_raw(h, "  ");
		ct_html_empty(h, "link", "rel", "self", "href", self, NULL);
		ct_html_raw(h, "\n");
	}
	ct_html_raw(h, "  <author><name>claimtrack</name></author>\n  ");
	ct_html_elem(h, "generator", "claimtrack", "version", CT_VERSION, NULL);
	ct_html_raw(h, "\n");
}

/* The newest observation of any document: the feed's time with no entry. */
static const char *newest_time(const ct_feed_source *docs, size_t n)
{
	const char *best = "1970-01-01T00:00:00Z";
	size_t i;

	for (i = 0; i < n; i++) {
		const ct_timeline_labels *l = docs[i].labels;
		size_t nv = docs[i].tl->nversions;

		if (nv && l->times && strcmp(l->times[nv - 1], best) > 0)
			best = l->times[nv - 1];
	}
	return best;
}

int ct_report_changes_atom(ct_buf *out, const ct_feed_source *docs, size_t n,
	const char *feed_id, const char *feed_title, const char *self, size_t max)
{
	entries e = { NULL, 0, 0 };
	ct_html h;
	size_t i;
	int err = 0;

	for (i = 0; i < n && !err; i++)
		err = collect(&e, i, docs[i].tl, docs[i].labels);
	if (err) {
		free(e.v);
		return err;
	}
	qsort(e.v, e.n, sizeof(*e.v), newest_first);
	if (max && e.n > max)
		e.n = max;
	ct_html_init(&h, out, CT_HTML_MODE_XML);
	feed_head(&h, feed_id, feed_title, self, e.n ? e.v[0].time : newest_time(docs, n));
	for (i = 0; i < e.n; i++)
		write_entry(&h, docs[e.v[i].doc].tl, docs[e.v[i].doc].labels, &e.v[i]);
	ct_html_close(&h, "feed");
	ct_html_raw(&h, "\n");
	free(e.v);
	return ct_html_finish(&h);
}

int ct__timeline_atom(ct_buf *out, const ct_timeline *tl, const ct_timeline_labels *l)
{
	ct_feed_source src;
	ct_buf title = CT_BUF_INIT;
	int err;

	src.tl = tl;
	src.labels = l;
	if (ct_buf_printf(&title, "Figure changes: %s", l->title ? l->title : l->id ? l->id : "document") < 0)
		return ct_error_set(CT_ENOMEM, "out of memory");
	err = ct_report_changes_atom(out, &src, 1, l->id ? l->id : "document", title.ptr, NULL, 0);
	ct_buf_dispose(&title);
	return err;
}
