/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the claim extractor: arbitrary bytes are normalized,
 * segmented and extracted, as the claims command does with a document.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     tests/fuzz/fuzz_extract.c <core objects> -lutf8proc -ljansson -lm
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "claimtrack/claims.h"
#include "claimtrack/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_claimset set = CT_CLAIMSET_INIT;
	ct_span *sp = NULL;
	char *norm = NULL;
	size_t nlen, ns, k;

	if (size > 1 << 16)
		return 0;
	/* the raw bytes first: the extractor must not trust its input */
	ct_claims_extract_sentence(&set, (const char *)data, size, NULL, 0);
	ct_claimset_clear(&set);
	if (ct_text_normalize(&norm, &nlen, (const char *)data, size, NULL) < 0)
		return 0;
	if (ct_sentences(&sp, &ns, norm, nlen) == 0) {
		for (k = 0; k < ns; k++)
			ct_claims_extract_sentence(&set, norm + sp[k].start, sp[k].len, "s", k);
		ct_claimset_sort(&set);
	}
	ct_claimset_clear(&set);
	free(sp);
	free(norm);
	return 0;
}
