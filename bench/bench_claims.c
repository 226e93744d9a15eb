/* SPDX-License-Identifier: MIT */
/*
 * Claim extraction throughput: MB/s of text through sentence segmentation
 * and the claim grammar, beside a segmentation-only pass over the same
 * corpus in the same run (the baseline), on one core.
 *
 * The corpus is assembled here: the example article (when the source tree
 * is the working directory) and sentences generated from news templates,
 * about 32 MB in all, normalized once up front as the claims command does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claimtrack/buf.h"
#include "claimtrack/claims.h"
#include "claimtrack/text.h"

#define CORPUS_BYTES (32u << 20)

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static const char *const templates[] = {
	"Officials said %d people were killed and about %d injured in the attack on %s.",
	"The company cut %d jobs, or %d.%d%% of its workforce, after sales fell to $%d.%d billion.",
	"More than %d,%03d migrants a day crossed the border in %s, up from %d,%03d a year earlier.",
	"Shares of %s rose %d.%d%% to $%d.%02d on Tuesday, while the index gained %d points.",
	"The storm dumped %d inches of rain and knocked out power to nearly %d,%03d homes.",
	"The %s budget rose to EUR %d.%d bn, an increase of %d per cent on last year.",
	"Between %d and %d troops will be deployed, including %d from the %s.",
	"Turnout was %d.%d percent, with two-thirds of voters backing the measure.",
	"The %s plant produces %d,%03d barrels a day and employs %d workers.",
	"There was no figure in this sentence about %s, only words and a quote.",
};
static const char *const names[] = {
	"Apple", "Homeland Security Investigations", "the Justice Department", "Texas",
	"the National Guard", "Berlin", "Customs and Border Protection",
};

/* CPU time of this process, one thread: a busy machine's other work
 * stays out of both figures and of their ratio. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int build_corpus(ct_buf *b)
{
	ct_buf art = CT_BUF_INIT;
	unsigned seed = 12345;
	char line[512];
	size_t i = 0;
	int have_article;

	have_article = ct_buf_read_file(&art, "fixtures/text/operation-at-large.txt", 1 << 20) == 0;
	while (b->len < CORPUS_BYTES) {
		const char *t = templates[i % (sizeof(templates) / sizeof(templates[0]))];
		const char *nm = names[(i / 3) % (sizeof(names) / sizeof(names[0]))];
		int a, c, d, e, n;

		seed = seed * 1103515245u + 12345u;
		a = (int)(seed >> 16) % 900 + 2;
		c = (int)(seed >> 8) % 90 + 1;
		d = (int)(seed >> 4) % 9;
		e = (int)(seed >> 12) % 99;
		if (strstr(t, "%s") == t + strcspn(t, "%") + 0 && 0)
			n = 0;
		switch (i % 10) {
		case 0: n = snprintf(line, sizeof(line), t, a, c, nm); break;
		case 1: n = snprintf(line, sizeof(line), t, a, d, d, c, d); break;
		case 2: n = snprintf(line, sizeof(line), t, c, a, nm, c, e); break;
		case 3: n = snprintf(line, sizeof(line), t, nm, d, d, a, e, c); break;
		case 4: n = snprintf(line, sizeof(line), t, c, a, e); break;
		case 5: n = snprintf(line, sizeof(line), t, nm, c, d, e); break;
		case 6: n = snprintf(line, sizeof(line), t, c, a, d, nm); break;
		case 7: n = snprintf(line, sizeof(line), t, c, d); break;
		case 8: n = snprintf(line, sizeof(line), t, nm, c, a, a); break;
		default: n = snprintf(line, sizeof(line), t, nm); break;
		}
		if (n < 0 || ct_buf_put(b, line, (size_t)n) < 0 || ct_buf_putc(b, ' ') < 0)
			return -1;
		if (have_article && i % 200 == 0 && ct_buf_put(b, art.ptr, art.len) < 0)
			return -1;
		i++;
	}
	ct_buf_dispose(&art);
	return 0;
}

/* One block of about 4 KB at a time, as documents arrive in paragraphs. */
static int run(const char *text, size_t len, int extract, size_t *nclaims, size_t *nsent)
{
	ct_claimset set = CT_CLAIMSET_INIT;
	size_t off = 0;

	*nclaims = *nsent = 0;
	while (off < len) {
		size_t end = off + 4096 < len ? off + 4096 : len, k, ns;
		ct_span *sp;

		while (end < len && text[end] != ' ')
			end++;
		if (ct_sentences(&sp, &ns, text + off, end - off) < 0)
			return -1;
		*nsent += ns;
		for (k = 0; extract && k < ns; k++)
			if (ct_claims_extract_sentence(&set, text + off + sp[k].start, sp[k].len, NULL, k) < 0)
				return -1;
		*nclaims += set.count;
		ct_claimset_clear(&set);
		free(sp);
		off = end;
	}
	return 0;
}

int main(void)
{
	ct_buf raw = CT_BUF_INIT;
	char *text;
	size_t len, nc, ns, nc0, ns0;
	double t0, t_seg, t_ext, mb;

	if (build_corpus(&raw) < 0 || ct_text_normalize(&text, &len, raw.ptr, raw.len, NULL) < 0) {
		fprintf(stderr, "bench_claims: out of memory\n");
		return 1;
	}
	ct_buf_dispose(&raw);
	mb = len / 1048576.0;
	/* warm up the lexicon and caches */
	run(text, len < (1u << 20) ? len : (1u << 20), 1, &nc, &ns);
	t0 = now();
	if (run(text, len, 0, &nc0, &ns0) < 0)
		return 1;
	t_seg = now() - t0;
	t0 = now();
	if (run(text, len, 1, &nc, &ns) < 0)
		return 1;
	t_ext = now() - t0;
	printf("corpus: %.1f MB, %zu sentences, %zu claims\n", mb, ns, nc);
	printf("segmentation only (baseline): %8.1f MB/s\n", mb / t_seg);
	printf("segmentation + extraction:    %8.1f MB/s  (%.2fx the baseline's time, %.0f claims/s)\n",
		mb / t_ext, t_ext / t_seg, nc / t_ext);
	free(text);
	return 0;
}
