/* SPDX-License-Identifier: MIT */
/* Following a feed: every article it links becomes a source of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "claimtrack/archive.h"
#include "watch_internal.h"

/* The links of the feed's items, canonical, http(s) only: a JSON array. */
static int item_links(json_t **out, wround *r, const ct_archive_version *v)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_buf src = CT_BUF_INIT;
	ct_doc *doc = NULL;
	char type[64];
	size_t i;
	int err;

	*out = json_array();
	if (!*out)
		return ct_error_set(CT_ENOMEM, "out of memory");
	snprintf(type, sizeof(type), "%s", v->plugin ? v->plugin : "rss");
	type[strcspn(type, " ")] = '\0';
	req.type = type;
	req.name = v->source_name;
	req.content_type = v->media_type;
	if ((err = ct_archive_read(&src, r->archive, v, "source")) < 0 ||
	    (err = ct_host_parse(&doc, r->host, src.ptr, src.len, &req)) < 0)
		goto out;
	for (i = 0; i < doc->nsections; i++) {
		const char *link = doc->sections[i].meta[CT_META_URL];
		char *canon = NULL;

		/* only http and https, ever: a feed may link anything */
		if (!link || ct_url_canonical(&canon, link) < 0) {
			ct_error_clear();
			continue;
		}
		json_array_append_new(*out, json_string(canon));
		free(canon);
	}
out:
	ct_doc_free(doc);
	ct_buf_dispose(&src);
	return err;
}

int ct__watch_follow(wround *r, wsrc *feed, const ct_archive_version *v)
{
	char *feed_id = strdup(feed->id);
	json_t *links = NULL, *link, *st;
	const char *id;
	size_t i;
	int err;

	if (!feed_id)
		return ct_error_set(CT_ENOMEM, "out of memory");
	if ((err = item_links(&links, r, v)) < 0)
		goto out;
	/* items no longer in the feed: checked on the age schedule still */
	json_object_foreach(r->sources, id, st) {
		const char *f = json_string_value(json_object_get(st, "feed"));
		const char *u = json_string_value(json_object_get(st, "url"));
		int there = 0;

		if (!f || strcmp(f, feed_id) || !u)
			continue;
		json_array_foreach(links, i, link)
			if (!strcmp(json_string_value(link), u))
				there = 1;
		if (!there && !json_object_get(st, "left"))
			json_object_set_new(st, "left", json_integer((json_int_t)r->now));
	}
	json_array_foreach(links, i, link) {
		const char *url = json_string_value(link);
		char *item = NULL;
		const char *owner;
		int fresh;
		wsrc *s;

		if (ct_url_default_id(&item, url) < 0) {
			ct_error_clear();
			continue;
		}
		st = json_object_get(r->sources, item);
		owner = st ? json_string_value(json_object_get(st, "feed")) : NULL;
		/* a source of the list itself, or another feed's item, stays as it is */
		if (!strcmp(item, feed_id) || (st && (!owner || strcmp(owner, feed_id)))) {
			free(item);
			continue;
		}
		fresh = !st;
		s = ct__watch_add_item(r, item, url, NULL);
		st = json_object_get(r->sources, item);
		if (st) {
			json_object_set_new(st, "url", json_string(url));
			json_object_set_new(st, "feed", json_string(feed_id));
			json_object_del(st, "left");
			json_object_del(st, "retired");
		}
		if (s) {
			/* the round's own copy of the feed's id, which outlives this */
			size_t k;

			for (k = 0; k < r->n; k++)
				if (!strcmp(r->v[k].id, feed_id)) {
					s = &r->v[r->n - 1];
					s->feed = r->v[k].id;
					break;
				}
			if (fresh)
				r->stats->items_new++;
		}
		free(item);
	}
out:
	json_decref(links);
	free(feed_id);
	return err;
}
