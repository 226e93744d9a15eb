/* SPDX-License-Identifier: MIT */
/*
 * What a link's target says it is, read once while parsing: an index of
 * the site (a tag, topic or category page), or a share or follow button
 * (a sharing endpoint, a social network's page). Blocks made of such
 * links are chrome wherever they sit in a story (chrome.c); the words
 * matched are the web's common URL shapes and rel="tag", no one site's.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

/* Does the lower-cased path segment of href at p..p+n equal s? */
static int seg_is(const char *p, size_t n, const char *s)
{
	return strlen(s) == n && strncasecmp(p, s, n) == 0;
}

/* An index page: a path segment "tag", "tags", "topic", "topics",
 * "category", "categories", "keyword", "keywords" followed by a name. */
static int is_index_href(const char *href)
{
	static const char *const segs[] = {
		"tag", "tags", "topic", "topics", "category", "categories", "keyword",
		"keywords", "subject", "subjects", NULL
	};
	const char *p = href, *q;
	size_t k;

	/* past the scheme and host, when there are */
	if ((q = strstr(p, "//")) != NULL && (size_t)(q - p) < 8)
		p = strchr(q + 2, '/') ? strchr(q + 2, '/') : "";
	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/?#");
		for (k = 0; segs[k]; k++)
			if (seg_is(p, n, segs[k]) && p[n] == '/' && p[n + 1] && p[n + 1] != '?' &&
			    p[n + 1] != '#')
				return 1;
		if (p[n] != '/')
			break;
		p += n;
	}
	return 0;
}

/* The host of an absolute href into host[], lower-cased, "www." off. */
static int host_of(const char *href, char *host, size_t cap)
{
	const char *p = strstr(href, "//"), *end;
	size_t n, i;

	if (!p || (size_t)(p - href) > 6)
		return 0;
	p += 2;
	end = p + strcspn(p, "/?#:");
	if (end - p > 4 && strncasecmp(p, "www.", 4) == 0)
		p += 4;
	n = (size_t)(end - p);
	if (n == 0 || n >= cap)
		return 0;
	for (i = 0; i < n; i++)
		host[i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 32 : p[i]);
	host[n] = '\0';
	return 1;
}

/* A share button or a social network's page. */
static int is_social_href(const char *href)
{
	static const char *const hosts[] = {
		"facebook.com", "m.facebook.com", "twitter.com", "x.com", "instagram.com",
		"linkedin.com", "pinterest.com", "reddit.com", "tiktok.com", "youtube.com",
		"wa.me", "api.whatsapp.com", "t.me", "telegram.me", "threads.net",
		"bsky.app", "flipboard.com", "tumblr.com", "vk.com", "plus.google.com", NULL
	};
	static const char *const paths[] = {
		"sharer", "share?", "sharearticle", "intent/tweet", "/share/", "addtoany",
		NULL
	};
	char host[64];
	size_t k;

	if (strncasecmp(href, "mailto:?", 8) == 0 || strncasecmp(href, "whatsapp:", 9) == 0)
		return 1;
	if (!host_of(href, host, sizeof(host)))
		return 0;
	for (k = 0; hosts[k]; k++)
		if (strcmp(host, hosts[k]) == 0)
			return 1;
	for (k = 0; paths[k]; k++)
		if (strcasestr(href, paths[k]))
			return 1;
	return 0;
}

unsigned int html_link_kind(const char *href, const char *rel)
{
	unsigned int f = 0;

	if (rel && strcasestr(rel, "tag"))
		f |= NF_TAGLINK;
	if (!href || !*href)
		return f;
	if (href[0] == '#')
		return f | NF_INPAGE;
	if (is_index_href(href))
		f |= NF_TAGLINK;
	if (is_social_href(href))
		f |= NF_SOCIAL;
	return f;
}
