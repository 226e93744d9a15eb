/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the whole pipeline as the CLI runs it: the host
 * loads the real plugin shared objects (from $CLAIMTRACK_PLUGIN_PATH, built
 * instrumented by `make fuzz`), parses the bytes, extracts claims and diffs
 * them against the same bytes with the first half of the document. The
 * first byte picks the type: html, rss, text, or sniffing. Feed bodies go
 * through the HTML plugin here, which the per-plugin targets do not reach.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ct_host *host;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = { "html", "rss", "text", NULL };
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_doc *doc = NULL;
	ct_diff *d = NULL;
	size_t i;

	if (!host && ct_host_new(&host, NULL) < 0)
		abort();
	if (size < 1 || size > (1u << 16))
		return 0;
	req.type = types[data[0] % 4];
	req.name = "fuzz";
	if (ct_host_parse(&doc, host, (const char *)data + 1, size - 1, &req) == 0) {
		if (ct_claims_extract(&a, doc) < 0)
			abort();
		/* the second set: the first half of the blocks, so the diff has
		 * matches, changes and removals to work on */
		for (i = 0; i < a.count / 2; i++)
			if (ct_claimset_push(&b, &a.items[i]) < 0)
				abort();
		if (ct_diff_compute(&d, &a, &b, NULL) < 0)
			abort();
		ct_diff_free(d);
		ct_doc_free(doc);
	}
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
	return 0;
}
