/* SPDX-License-Identifier: MIT */
/*
 * Claim extraction on long input: one run-on "sentence" with no full stop
 * in it, and one table page (cells of names and figures, as the text of an
 * HTML table arrives: no sentence ends either), each at 1 MB and at 10 MB.
 * Time must grow with the length, not its square: the 10 MB run may take
 * at most 12 times the 1 MB run (ten times the text, with some slack).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "claimtrack/buf.h"
#include "claimtrack/claims.h"
#include "claimtrack/text.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* CPU time of this process: the figure is a ratio of two runs, and CPU
 * time keeps a busy machine's other work out of it. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A run-on sentence: clauses joined by commas and "and", never a stop. */
static int run_on(ct_buf *b, size_t bytes)
{
	static const char *const parts[] = {
		"the agency hired %u agents and ", "officials said %u homes were damaged, ",
		"prices rose %u.%u%% to $%u million ", "including %u from the FBI ",
		"the storm leaves %u without power while ", "a fund of $%u billion for %u schools, ",
	};
	unsigned seed = 7, i = 0;
	char part[160];

	while (b->len < bytes) {
		int n;

		seed = seed * 1103515245u + 12345u;
		n = snprintf(part, sizeof(part), parts[i % 6], (seed >> 16) % 900 + 2,
			(seed >> 8) % 10, (seed >> 4) % 90 + 1);
		if (n < 0 || ct_buf_put(b, part, (size_t)n) < 0)
			return -1;
		i++;
	}
	return 0;
}

/* A table page: a header row, then rows of a name and four figures. */
static int table_page(ct_buf *b, size_t bytes)
{
	static const char *const names[] = { "North", "South", "East", "West", "Central", "Coastal" };
	unsigned seed = 11, i = 0;
	char row[160];

	if (ct_buf_puts(b, "Region Population 2019 2020 Change Budget ") < 0)
		return -1;
	while (b->len < bytes) {
		int n;

		seed = seed * 1103515245u + 12345u;
		n = snprintf(row, sizeof(row), "%s %u %u,%03u %u,%03u %u.%u%% $%u.%um ",
			names[i % 6], i, (seed >> 20) % 900 + 1, (seed >> 8) % 1000, (seed >> 12) % 900 + 1,
			(seed >> 4) % 1000, (seed >> 16) % 40, (seed >> 2) % 10, (seed >> 6) % 90 + 1,
			(seed >> 3) % 10);
		if (n < 0 || ct_buf_put(b, row, (size_t)n) < 0)
			return -1;
		i++;
	}
	return 0;
}

/* Seconds to cut text into sentences and extract each, as the claims
 * command does for one block; *nclaims set. */
static double extract_all(const char *text, size_t len, size_t *nclaims, size_t *longest)
{
	ct_claimset set = CT_CLAIMSET_INIT;
	ct_span *sp;
	size_t ns, k;
	double t0 = now();

	*longest = 0;
	if (ct_sentences(&sp, &ns, text, len) < 0)
		return -1;
	for (k = 0; k < ns; k++) {
		if (sp[k].len > *longest)
			*longest = sp[k].len;
		if (ct_claims_extract_sentence(&set, text + sp[k].start, sp[k].len, NULL, k) < 0)
			return -1;
	}
	*nclaims = set.count;
	ct_claimset_clear(&set);
	free(sp);
	return now() - t0;
}

static int one_case(const char *name, int (*make)(ct_buf *, size_t))
{
	ct_buf small = CT_BUF_INIT, big = CT_BUF_INIT;
	size_t n1, n10, l1, l10;
	double t1, t10;
	int r;

	const char *mb = getenv("BENCH_LONG_MB");   /* the small size, for a quick look */
	size_t one = (mb ? (size_t)atof(mb) * 1024 : 1024) * 1024;

	if (make(&small, one) < 0 || make(&big, 10 * one) < 0) {
		fprintf(stderr, "bench_claims_long: out of memory\n");
		return 1;
	}
	/* the best of three runs each: the first warms the allocator */
	t1 = t10 = 1e9;
	for (r = 0; r < 3; r++) {
		double a = extract_all(small.ptr, small.len, &n1, &l1);
		double b = extract_all(big.ptr, big.len, &n10, &l10);

		if (a < 0 || b < 0)
			t1 = t10 = -1;
		if (t1 < 0)
			break;
		t1 = a < t1 ? a : t1;
		t10 = b < t10 ? b : t10;
	}
	if (t1 < 0 || t10 < 0) {
		fprintf(stderr, "bench_claims_long: extraction failed\n");
		return 1;
	}
	printf("%-9s  1 MB: %7.3f s (%zu claims, longest sentence %zu bytes)\n", name, t1, n1, l1);
	printf("%-9s 10 MB: %7.3f s (%zu claims, longest sentence %zu bytes)\n", name, t10, n10, l10);
	printf("%-9s ratio 10 MB / 1 MB: %.1fx (linear is 10x; at most 12x)\n", name, t10 / t1);
	fflush(stdout);
	ct_buf_dispose(&small);
	ct_buf_dispose(&big);
	return 0;
}

int main(int argc, char **argv)
{
	int err = 0;

	(void)argc;
	(void)argv;
	printf("fresh pages (the allocator's defaults):\n");
	err |= one_case("run-on", run_on);
	err |= one_case("table", table_page);
#ifdef __GLIBC__
	/*
	 * glibc serves the 1 MB runs' arrays from its heap, which the runs
	 * before warmed, and maps the 10 MB runs' arrays afresh each time,
	 * so only the 10 MB figure pays for first touching its pages: where
	 * a page fault is dear (a paravirtualized guest) that alone makes the
	 * ratio 20-35x. With every block on a heap that is kept, both sizes
	 * run on warm memory and the ratio is the extractor's own.
	 */
	if (mallopt(M_MMAP_MAX, 0) && mallopt(M_TRIM_THRESHOLD, INT_MAX)) {
		printf("warm memory (no mmap, heap kept):\n");
		err |= one_case("run-on", run_on);
		err |= one_case("table", table_page);
	}
#endif
	return err;
}
