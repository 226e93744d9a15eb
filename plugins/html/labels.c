/* SPDX-License-Identifier: MIT */
/*
 * What an element's aria-label says it is. Pages name their blocks for
 * screen readers ("Related stories", "Share this article", "Most read"),
 * often where class names are hashes; a label naming one of the kinds of
 * chrome below marks its block as boilerplate, as a class name would.
 * Words, not whole labels, are matched, case folded.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

int html_label_is_chrome(const char *label)
{
	static const char *const words[] = {
		"related", "more stories", "more from", "most read", "most popular",
		"most viewed", "popular stories", "recommended", "recommendations",
		"read next", "read more", "up next", "trending", "newsletter", "sign up",
		"subscribe", "share", "sharing", "follow us", "social media", "comments",
		"advertisement", "sponsored", "tags", "topics", "breadcrumb", NULL
	};
	size_t k;

	if (!label || !*label)
		return 0;
	for (k = 0; words[k]; k++)
		if (strcasestr(label, words[k]))
			return 1;
	return 0;
}
