/* SPDX-License-Identifier: MIT */
/* An archive's documents as one HTML page: serve's front page. */
#include <stdio.h>

#include "report_internal.h"

static void entry_row(ct_html *h, const ct_index_entry *e)
{
	ct_html_open(h, "tr", NULL);
	ct_html_open(h, "td", NULL);
	if (e->href && ct_html_url_ok(e->href))
		ct_html_elem(h, "a", e->id, "href", e->href, NULL);
	else
		ct_html_text(h, e->id);
	if (e->url) {
		ct_html_open(h, "div", "class", "item", NULL);
		if (ct_html_url_ok(e->url))
			ct_html_elem(h, "a", e->url, "href", e->url, "rel", "noreferrer", NULL);
		else
			ct_html_text(h, e->url);
		ct_html_close(h, "div");
	}
	ct_html_close(h, "td");
	ct_html_open(h, "td", "class", "n", NULL);
	ct_html_textf(h, "%u", e->versions);
	ct_html_close(h, "td");
	ct_html_open(h, "td", NULL);
	if (e->observed)
		ct_html_elem(h, "time", e->observed, "datetime", e->observed, NULL);
	ct_html_close(h, "td");
	ct_html_elem(h, "td", e->latest ? e->latest : "", NULL);
	ct_html_close(h, "tr");
	ct_html_raw(h, "\n");
}

int ct_report_index_html(ct_buf *out, const ct_index_entry *docs, size_t n,
	const char *title, const char *feed_href)
{
	ct_html h;
	size_t i;

	ct_html_init(&h, out, CT_HTML_MODE_HTML);
	ct__html_page_begin(&h, title ? title : "claimtrack", feed_href);
	ct_html_open(&h, "header", NULL);
	ct_html_elem(&h, "h1", title ? title : "claimtrack", NULL);
	ct_html_open(&h, "p", "class", "summary", NULL);
	ct_html_textf(&h, "%zu document%s, latest observed first.", n, n == 1 ? "" : "s");
	if (feed_href && ct_html_url_ok(feed_href)) {
		ct_html_text(&h, " ");
		ct_html_elem(&h, "a", "Changes feed (Atom)", "href", feed_href, "type",
			"application/atom+xml", NULL);
	}
	ct_html_close(&h, "p");
	ct_html_close(&h, "header");
	ct_html_open(&h, "table", "class", "index", NULL);
	ct_html_raw(&h, "<thead><tr><th>document</th><th class=\"n\">versions</th>"
		"<th>last observed</th><th>latest change</th></tr></thead>\n");
	ct_html_open(&h, "tbody", NULL);
	for (i = 0; i < n; i++)
		entry_row(&h, &docs[i]);
	ct_html_close(&h, "tbody");
	ct_html_close(&h, "table");
	ct__html_page_end(&h);
	return ct_html_finish(&h);
}
