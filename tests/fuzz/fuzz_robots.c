/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for robots.txt: any bytes parse (or fail cleanly), and
 * matching any path against the rules ends, whatever the patterns hold.
 * The input's last line is the path asked about.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_robots *r = NULL;
	const uint8_t *nl = size ? memchr(data, '\n', size) : NULL;
	size_t plen = nl ? size - (size_t)(nl + 1 - data) : 0;
	char *path = malloc(plen + 2);

	if (!path)
		return 0;
	path[0] = '/';
	if (plen)
		memcpy(path + 1, nl + 1, plen);
	path[plen + 1] = '\0';
	if (ct_robots_parse(&r, (const char *)data, size, "claimtrack") == 0) {
		int a = ct_robots_allowed(r, path);

		if (a != 0 && a != 1)
			abort();
		(void)ct_robots_crawl_delay(r);
		ct_robots_free(r);
	}
	free(path);
	return 0;
}
