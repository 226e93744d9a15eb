/* SPDX-License-Identifier: MIT */
/*
 * Diff cost against parse cost: two versions of a 50 KB article and of a
 * 2 MB feed, generated here, are parsed and their claims extracted (the
 * baseline), then diffed; both are timed in the same run, best of several
 * rounds, and the diff is printed as a fraction of the parse. A diff
 * should cost a small fraction of reading the two documents.
 */
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "claimtrack/claimtrack.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* every template takes a place and three numbers, in that order */
static const char *const sentences[] = {
	"Officials in %s said %d people were killed and about %d injured, %d hours after the storm.",
	"The council of %s approved $%d.%d million, up %d%% on last year.",
	"In %s, more than %d,%03d residents were told to leave, and %d shelters opened.",
	"Rescuers in %s pulled %d survivors from the rubble; %d were hurt and %d were missing.",
	"The %s plant employs %d workers and makes %d,%03d cars a year.",
	"Police in %s arrested %d people after a march of about %d,%03d protesters.",
	"There was no figure in this sentence about %s, only a quote from a spokesman.",
	"Turnout in %s was %d.%d percent, down %d points.",
};
static const char *const places[] = {
	"Ashford", "Bexley", "Carlow", "Dunmore", "Eastwick", "Fairhaven", "Glenrock", "Hollis",
};

/* Sentence i of a document; edit moves its first figure (a revision). */
static void sentence(ct_buf *b, size_t i, int edit)
{
	const char *t = sentences[i % (sizeof(sentences) / sizeof(sentences[0]))];
	const char *p = places[(i / 8) % (sizeof(places) / sizeof(places[0]))];
	int x = (int)(i % 97) + 3 + (edit ? 11 : 0), y = (int)(i % 13) + 2, z = (int)(i % 7) + 1;

	ct_buf_printf(b, t, p, x, y, z);
}

/* A plain-text article of about bytes: paragraphs of four sentences;
 * revision 1 edits every 25th sentence's figure and drops every 40th. */
static void article(ct_buf *b, size_t bytes, int revision)
{
	size_t i;

	ct_buf_clear(b);
	for (i = 0; b->len < bytes; i++) {
		if (revision && i % 40 == 39)
			continue;
		sentence(b, i, revision && i % 25 == 0);
		ct_buf_puts(b, i % 4 == 3 ? "\n\n" : " ");
	}
}

/* A feed of about bytes: items of three sentences; revision 1 drops the
 * first tenth of the items, adds as many new ones, and edits a figure in
 * every 50th item that stays. */
static void feed(ct_buf *b, size_t bytes, int revision)
{
	size_t k, first, items = bytes / 385;

	ct_buf_clear(b);
	ct_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>"
		"<title>Bench</title><link>https://bench.example/</link><description>d</description>\n");
	first = revision ? items / 10 : 0;
	for (k = first; k < items + first; k++) {
		ct_buf_printf(b, "<item><title>Story %zu from %s</title><link>https://bench.example/%zu</link>"
			"<guid>https://bench.example/%zu</guid><description>", k,
			places[k % (sizeof(places) / sizeof(places[0]))], k, k);
		sentence(b, 3 * k, revision && k % 50 == 7);
		ct_buf_putc(b, ' ');
		sentence(b, 3 * k + 1, 0);
		ct_buf_putc(b, ' ');
		sentence(b, 3 * k + 2, 0);
		ct_buf_puts(b, "</description></item>\n");
	}
	ct_buf_puts(b, "</channel></rss>\n");
}

static int parse(ct_claimset *set, ct_host *host, const ct_buf *src, const char *type)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;
	int err;

	req.type = type;
	if ((err = ct_host_parse(&doc, host, src->ptr, src->len, &req)) < 0)
		return err;
	err = ct_claims_extract(set, doc);
	ct_doc_free(doc);
	return err;
}

static int run(ct_host *host, const char *label, const ct_buf *a, const ct_buf *b,
	const char *type, int rounds)
{
	double best_parse = 1e9, best_diff = 1e9, t0, t1, t2;
	size_t changes = 0, items = 0;
	int r;

	for (r = 0; r < rounds; r++) {
		ct_claimset sa = CT_CLAIMSET_INIT, sb = CT_CLAIMSET_INIT;
		ct_diff *d = NULL;

		t0 = now();
		if (parse(&sa, host, a, type) < 0 || parse(&sb, host, b, type) < 0) {
			fprintf(stderr, "bench_diff: %s\n", ct_error_last());
			return -1;
		}
		t1 = now();
		if (ct_diff_compute(&d, &sa, &sb, NULL) < 0) {
			fprintf(stderr, "bench_diff: %s\n", ct_error_last());
			return -1;
		}
		t2 = now();
		changes = d->changed + d->added + d->removed;
		items = d->items_arrived + d->items_left;
		if (t1 - t0 < best_parse)
			best_parse = t1 - t0;
		if (t2 - t1 < best_diff)
			best_diff = t2 - t1;
		ct_diff_free(d);
		ct_claimset_clear(&sa);
		ct_claimset_clear(&sb);
	}
	printf("%-28s %6.0f KB x2  parse+claims %8.2f ms  diff %7.2f ms  diff/parse %.3f"
	       "  (%zu changes, %zu item events)\n", label, a->len / 1024.0, best_parse * 1e3,
	       best_diff * 1e3, best_diff / best_parse, changes, items);
	return 0;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	ct_host_options ho = CT_HOST_OPTIONS_INIT;
	const char *build = getenv("BUILD");
	char plugins[PATH_MAX], exe[PATH_MAX], *slash;
	ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;
	ct_host *host = NULL;
	ssize_t n;
	int rc = 1;

	/* the plugins of this build tree: $BUILD/plugins, else beside bench/ */
	if (build) {
		snprintf(plugins, sizeof(plugins), "%s/plugins", build);
	} else if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		snprintf(plugins, sizeof(plugins), "%.*s/../plugins", (int)(sizeof(plugins) - 16), exe);
	} else {
		snprintf(plugins, sizeof(plugins), "build/plugins");
	}
	ho.plugin_path = plugins;
	ho.no_default_dirs = 1;
	/* keep freed memory between rounds, for both sides alike: each round
	 * then measures the work, not the kernel mapping fresh pages again */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	if (ct_host_new(&host, &ho) < 0 || !ct_host_find(host, "rss") || !ct_host_find(host, "text")) {
		fprintf(stderr, "bench_diff: no text and rss plugins in %s\n", plugins);
		goto out;
	}
	printf("diff beside parsing the same two versions, one core, best of rounds\n");
	/* bench_diff article|feed runs one case only (for profiling) */
	article(&a, 50 << 10, 0);
	article(&b, 50 << 10, 1);
	if ((!only || !strcmp(only, "article")) &&
	    run(host, "article (text), 2 versions", &a, &b, "text", only ? 30 : 20) < 0)
		goto out;
	feed(&a, 2 << 20, 0);
	feed(&b, 2 << 20, 1);
	if ((!only || !strcmp(only, "feed")) &&
	    run(host, "feed (rss), 2 versions", &a, &b, "rss", 3) < 0)
		goto out;
	rc = 0;
out:
	ct_buf_dispose(&a);
	ct_buf_dispose(&b);
	ct_host_free(host);
	return rc;
}
