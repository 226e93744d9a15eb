/* SPDX-License-Identifier: MIT */
/* `claimtrack changes`: every figure change across the archive since a
 * time, collected from the documents' histories and rendered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#include "claimtrack/archive.h"
#include "claimtrack/diff.h"
#include "claimtrack/watch.h"
#include "html_writer.h"
#include "watch_internal.h"

void ct_change_list_dispose(ct_change_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].id);
		ct_version_dispose(&l->v[i].version);
		free(l->v[i].summary);
		free(l->v[i].json);
		free(l->v[i].text);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The subject's "(...)": what the archive said the version changed. */
static char *summary_of(const ct_archive_version *v)
{
	const char *open = v->subject ? strchr(v->subject, '(') : NULL;
	const char *close = open ? strrchr(open, ')') : NULL;

	if (!open || !close)
		return strdup("");
	return strndup(open + 1, (size_t)(close - open - 1));
}

/* Does the subject say nothing changed? Then no claims need deriving. */
static int says_nothing(const char *summary)
{
	return !strncmp(summary, "no figure changed", 17) && !strstr(summary, "item");
}

static int entry_add(ct_change_list *l, const char *id, const ct_archive_version *v,
	char *summary, ct_diff *d, const char *broke)
{
	ct_buf json = CT_BUF_INIT, text = CT_BUF_INIT;
	ct_change_entry *e, *grown;
	int err;

	if (broke) {
		json_t *o = json_pack("{s:s,s:s}", "change", "extraction-broke", "why", broke);
		char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

		json_decref(o);
		err = s ? ct_buf_printf(&json, "%s\n", s) : ct_error_set(CT_ENOMEM, "out of memory");
		free(s);
		if (err == 0)
			err = ct_buf_printf(&text, "%s\n", broke);
		if (err == 0 && (summary = realloc(summary, strlen(broke) + 1)) != NULL)
			strcpy(summary, broke);
		if (err == 0 && !summary)
			err = ct_error_set(CT_ENOMEM, "out of memory");
	} else if ((err = ct_report_diff(&json, d, CT_FORMAT_JSON, NULL, 0)) == 0) {
		err = ct_report_diff(&text, d, CT_FORMAT_TEXT, NULL, 0);
	}
	if (err < 0 || (err = ct_buf_grow(&json, 0)) < 0 || (err = ct_buf_grow(&text, 0)) < 0)
		goto fail;
	if (!(grown = realloc(l->v, (l->n + 1) * sizeof(*grown)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto fail;
	}
	l->v = grown;
	e = &l->v[l->n];
	memset(e, 0, sizeof(*e));
	e->version = *v;   /* taken: the caller's log entry is cleared */
	if (!(e->id = strdup(id))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto fail;
	}
	e->summary = summary;
	e->broke = broke != NULL;
	e->json = ct_buf_detach(&json);
	e->text = ct_buf_detach(&text);
	l->n++;
	return 0;
fail:
	free(summary);
	ct_buf_dispose(&json);
	ct_buf_dispose(&text);
	return err;
}

/* The watch's rule: did this version's extraction break? */
static int health(ct_archive *a, const ct_archive_version *pv, const ct_archive_version *v,
	size_t old_figures, size_t new_figures, char *why, size_t n)
{
	ct_buf ot = CT_BUF_INIT, nt = CT_BUF_INIT;
	int bad = 0;

	if (ct_archive_read(&ot, a, pv, "text") == 0 && ct_archive_read(&nt, a, v, "text") == 0)
		bad = ct__extraction_broke(ot.len, nt.len, old_figures, new_figures, why, n);
	ct_error_clear();
	ct_buf_dispose(&ot);
	ct_buf_dispose(&nt);
	return bad;
}

/* One document's changed versions since since. */
static int collect_doc(ct_change_list *l, ct_archive *a, ct_host *host, const char *id,
	int64_t since)
{
	ct_diff_options dopt = CT_DIFF_OPTIONS_INIT;
	ct_claimset prev = CT_CLAIMSET_INIT;
	ct_archive_version *v = NULL;
	size_t n = 0, i;
	int err, have_prev = 0;

	if ((err = ct_archive_log(&v, &n, a, id)) < 0)
		return err;
	dopt.items = 1;
	for (i = 1; i < n && err == 0; i++) {
		ct_claimset cur = CT_CLAIMSET_INIT;
		char *summary;
		ct_diff *d = NULL;

		if (v[i].observed_at < since)
			continue;
		if (!(summary = summary_of(&v[i]))) {
			err = ct_error_set(CT_ENOMEM, "out of memory");
			break;
		}
		if (says_nothing(summary)) {
			free(summary);
			have_prev = 0;
			continue;
		}
		if (!have_prev) {
			ct_claimset_clear(&prev);
			if ((err = ct_archive_claims(&prev, a, host, &v[i - 1])) < 0) {
				free(summary);
				break;
			}
		}
		if ((err = ct_archive_claims(&cur, a, host, &v[i])) < 0 ||
		    (err = ct_diff_compute(&d, &prev, &cur, &dopt)) < 0) {
			free(summary);
			ct_claimset_clear(&cur);
			break;
		}
		if (ct_diff_has_changes(d)) {
			char why[300];
			int bad = d->removed && health(a, &v[i - 1], &v[i], prev.count, cur.count, why,
				sizeof(why));

			err = entry_add(l, id, &v[i], summary, d, bad ? why : NULL);
			if (err == 0)
				memset(&v[i], 0, sizeof(v[i]));
		} else {
			free(summary);
		}
		ct_diff_free(d);
		/* cur becomes the next one's previous */
		ct_claimset_clear(&prev);
		prev = cur;
		have_prev = 1;
	}
	ct_claimset_clear(&prev);
	ct_versions_free(v, n);
	return err;
}

static int newest_first(const void *pa, const void *pb)
{
	const ct_change_entry *a = pa, *b = pb;
	int c;

	if (a->version.observed_at != b->version.observed_at)
		return a->version.observed_at < b->version.observed_at ? 1 : -1;
	if ((c = strcmp(a->id, b->id)) != 0)
		return c;
	return (a->version.number < b->version.number) - (a->version.number > b->version.number);
}

int ct_changes_collect(ct_change_list *out, ct_archive *a, ct_host *host, int64_t since,
	size_t limit)
{
	char **ids = NULL;
	size_t nids = 0, i;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = ct_archive_list(&ids, &nids, a)) < 0)
		return err;
	for (i = 0; i < nids && err == 0; i++)
		err = collect_doc(out, a, host, ids[i], since);
	ct_strings_free(ids, nids);
	if (err < 0) {
		ct_change_list_dispose(out);
		return err;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(out->v[0]), newest_first);
	while (limit && out->n > limit) {
		ct_change_entry *e = &out->v[--out->n];

		free(e->id);
		ct_version_dispose(&e->version);
		free(e->summary);
		free(e->json);
		free(e->text);
	}
	return 0;
}

static void iso(char *out, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int render_text(ct_buf *out, const ct_change_list *l)
{
	size_t i;
	int err = 0;

	for (i = 0; i < l->n && !err; i++) {
		const ct_change_entry *e = &l->v[i];
		char when[32];

		iso(when, sizeof(when), e->version.observed_at);
		err = ct_buf_printf(out, "%s== %s@%u (%.12s) %s %s\n%s", i ? "\n" : "", e->id,
			e->version.number, e->version.commit, when,
			e->version.source_url ? e->version.source_url : "", e->text);
	}
	return err;
}

static int render_json(ct_buf *out, const ct_change_list *l)
{
	size_t i;
	int err = 0;

	for (i = 0; i < l->n && !err; i++) {
		const ct_change_entry *e = &l->v[i];
		const char *p = e->json;
		char when[32];

		iso(when, sizeof(when), e->version.observed_at);
		while (*p && !err) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			json_t *o = json_loadb(p, len, 0, NULL), *row;
			char *s;

			p += len + (nl ? 1 : 0);
			if (!o)
				continue;
			row = json_pack("{s:s,s:i,s:s,s:s,s:s?}", "id", e->id, "version",
				(json_int_t)e->version.number, "commit", e->version.commit, "observed",
				when, "url", e->version.source_url);
			if (!row || json_object_update(row, o) < 0 ||
			    !(s = json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
				json_decref(o);
				json_decref(row);
				return ct_error_set(CT_ENOMEM, "out of memory building JSON");
			}
			err = ct_buf_printf(out, "%s\n", s);
			free(s);
			json_decref(o);
			json_decref(row);
		}
	}
	return err;
}

static int render_atom(ct_buf *out, const ct_change_list *l, const char *self)
{
	ct_html h;
	char when[32];
	size_t i;

	ct_html_init(&h, out, CT_HTML_MODE_XML);
	ct_html_raw(&h, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	ct_html_open(&h, "feed", "xmlns", "http://www.w3.org/2005/Atom", NULL);
	ct_html_elem(&h, "id", self ? self : "urn:claimtrack:changes", NULL);
	ct_html_elem(&h, "title", "claimtrack: figure changes", NULL);
	/* the newest change's time, not the clock's: the same archive, the same feed */
	iso(when, sizeof(when), l->n ? l->v[0].version.observed_at : 0);
	ct_html_elem(&h, "updated", when, NULL);
	if (self)
		ct_html_empty(&h, "link", "rel", "self", "href", self, NULL);
	ct_html_open(&h, "author", NULL);
	ct_html_elem(&h, "name", "claimtrack", NULL);
	ct_html_close(&h, "author");
	ct_html_elem(&h, "generator", "claimtrack", "version", CT_VERSION, NULL);
	for (i = 0; i < l->n; i++) {
		const ct_change_entry *e = &l->v[i];
		char id[64];

		snprintf(id, sizeof(id), "urn:claimtrack:commit:%s", e->version.commit);
		iso(when, sizeof(when), e->version.observed_at);
		ct_html_raw(&h, "\n");
		ct_html_open(&h, "entry", NULL);
		ct_html_elem(&h, "id", id, NULL);
		ct_html_open(&h, "title", NULL);
		ct_html_textf(&h, "%s version %u: %s", e->id, e->version.number, e->summary);
		ct_html_close(&h, "title");
		ct_html_elem(&h, "updated", when, NULL);
		if (e->version.source_url && ct_html_url_ok(e->version.source_url))
			ct_html_empty(&h, "link", "href", e->version.source_url, NULL);
		ct_html_elem(&h, "content", e->text, "type", "text", NULL);
		ct_html_close(&h, "entry");
	}
	ct_html_raw(&h, "\n");
	ct_html_close(&h, "feed");
	ct_html_raw(&h, "\n");
	return ct_html_finish(&h);
}

static int render_html(ct_buf *out, const ct_change_list *l)
{
	ct_html h;
	size_t i;

	ct_html_init(&h, out, CT_HTML_MODE_HTML);
	ct_html_raw(&h, "<!DOCTYPE html>\n");
	ct_html_open(&h, "html", "lang", "en", NULL);
	ct_html_open(&h, "head", NULL);
	ct_html_empty(&h, "meta", "charset", "utf-8", NULL);
	ct_html_elem(&h, "title", "Figure changes", NULL);
	ct_html_close(&h, "head");
	ct_html_open(&h, "body", NULL);
	ct_html_elem(&h, "h1", "Figure changes", NULL);
	if (!l->n)
		ct_html_elem(&h, "p", "No figure changed.", NULL);
	else
		ct_html_open(&h, "ol", NULL);
	for (i = 0; i < l->n; i++) {
		const ct_change_entry *e = &l->v[i];
		char when[32];

		iso(when, sizeof(when), e->version.observed_at);
		ct_html_raw(&h, "\n");
		ct_html_open(&h, "li", "id", e->version.commit, NULL);
		if (e->version.source_url && ct_html_url_ok(e->version.source_url))
			ct_html_elem(&h, "a", e->id, "href", e->version.source_url, NULL);
		else
			ct_html_text(&h, e->id);
		ct_html_textf(&h, " version %u, ", e->version.number);
		ct_html_elem(&h, "time", when, "datetime", when, NULL);
		ct_html_textf(&h, ": %s", e->summary);
		ct_html_elem(&h, "pre", e->text, NULL);
		ct_html_close(&h, "li");
	}
	if (l->n)
		ct_html_close(&h, "ol");
	ct_html_close(&h, "body");
	ct_html_close(&h, "html");
	ct_html_raw(&h, "\n");
	return ct_html_finish(&h);
}

int ct_changes_render(ct_buf *out, const ct_change_list *l, ct_format fmt, const char *self)
{
	switch (fmt) {
	case CT_FORMAT_TEXT: return render_text(out, l);
	case CT_FORMAT_JSON: return render_json(out, l);
	case CT_FORMAT_ATOM: return render_atom(out, l, self);
	case CT_FORMAT_HTML: return render_html(out, l);
	}
	return ct_error_set(CT_EINVAL, "unknown format");
}
