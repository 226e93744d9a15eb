/*
 * HTML-to-text throughput: the html plugin through the public host API
 * (parse, extract, normalize) against the floor, libxml2's bare
 * htmlReadMemory of the same bytes with the same options, measured in the
 * same run on one core, the two interleaved so load on a shared machine
 * falls on both.
 *
 * The corpus is every page under FIXTURE_DIR (subdirectories included, so
 * a directory of saved real pages can be measured too), repeated until it
 * holds at least 8 MiB, each page weighing by its bytes as traffic does.
 * Real news pages are 50-300 KB of markup, scripts and chrome around a few
 * KB of article; the fixtures' full-page ones (news-full-page,
 * blog-news-page) are built to that shape and carry most of the bytes.
 * Stress pages (deep-nesting: 3,000 nested divs, a robustness test, not a
 * page shape) are timed apart and reported on their own line: folded in,
 * one 33 KB pathological page would outweigh every realistic one.
 *
 *   bench_html [FIXTURE_DIR] [SECONDS]
 */
#include <dirent.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "claimtrack/claimtrack.h"

#define MIN_CORPUS (8u << 20)

typedef struct page {
	char *data;
	size_t len;
} page;

typedef struct corpus {
	page *p;
	size_t n, cap, bytes;
} corpus;

/* Robustness fixtures, not page shapes: measured on their own. */
static const char *const stress_pages[] = { "deep-nesting.html", NULL };

#define PARSE_OPTS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
	HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NODEFDTD | XML_PARSE_HUGE)

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int add_file(corpus *c, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) < 0 ||
	    !(buf = malloc((size_t)n)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		page *np = realloc(c->p, cap * sizeof(*np));

		if (!np) {
			free(buf);
			return -1;
		}
		c->p = np;
		c->cap = cap;
	}
	c->p[c->n].data = buf;
	c->p[c->n].len = (size_t)n;
	c->n++;
	c->bytes += (size_t)n;
	return 0;
}

static int is_page(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm") || !strcmp(dot, ".xhtml"));
}

static int is_stress(const char *name)
{
	const char *const *s;

	for (s = stress_pages; *s; s++)
		if (!strcmp(name, *s))
			return 1;
	return 0;
}

/* Pages under dir, depth-first, in name order so runs are comparable. */
static void add_dir(corpus *c, corpus *stress, const char *dir, int depth)
{
	struct dirent **ents = NULL;
	char path[4096];
	int n, k;

	if (depth > 8 || (n = scandir(dir, &ents, NULL, alphasort)) < 0)
		return;
	for (k = 0; k < n; k++) {
		const char *name = ents[k]->d_name;
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (name[0] != '.' && stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				add_dir(c, stress, path, depth + 1);
			else if (S_ISREG(st.st_mode) && is_page(name))
				add_file(is_stress(name) ? stress : c, path);
		}
		free(ents[k]);
	}
	free(ents);
}

static double run_baseline(const corpus *c, size_t reps)
{
	double t0 = now();
	size_t r, i;

	for (r = 0; r < reps; r++)
		for (i = 0; i < c->n; i++) {
			xmlDoc *doc = htmlReadMemory(c->p[i].data, (int)c->p[i].len, NULL, NULL,
				PARSE_OPTS);

			if (doc)
				xmlFreeDoc(doc);
		}
	return now() - t0;
}

static double run_plugin(const corpus *c, ct_host *h, size_t reps, size_t *blocks)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	double t0 = now();
	size_t r, i;

	req.type = "html";
	*blocks = 0;
	for (r = 0; r < reps; r++)
		for (i = 0; i < c->n; i++) {
			ct_doc *doc = NULL;

			if (ct_host_parse(&doc, h, c->p[i].data, c->p[i].len, &req) == 0) {
				*blocks += doc->nblocks;
				ct_doc_free(doc);
			}
		}
	return now() - t0;
}

/* Time both over c, about secs each, and print one labelled result. */
static void measure(const char *label, const corpus *c, ct_host *h, double secs)
{
	size_t reps, blocks, i;
	double tb = 0, tp = 0, mb;

	if (c->n == 0)
		return;
	/* enough repetitions of the corpus to fill MIN_CORPUS per pass */
	reps = MIN_CORPUS / c->bytes + 1;
	mb = (double)(c->bytes * reps) / (1024.0 * 1024.0);
	run_plugin(c, h, 1, &blocks);   /* warm caches and the plugin */
	for (i = 0; tb + tp < 2 * secs || i < 2; i++) {
		tb += run_baseline(c, reps);
		tp += run_plugin(c, h, reps, &blocks);
	}
	printf("%s: %zu pages, %zu bytes, x%zu per pass, %zu passes\n", label, c->n, c->bytes,
		reps, i);
	printf("  html plugin (parse+extract+normalize): %8.1f MB/s  (%zu blocks a pass)\n",
		mb * (double)i / tp, blocks);
	printf("  libxml2 htmlReadMemory (baseline):     %8.1f MB/s\n", mb * (double)i / tb);
	printf("  ratio plugin/baseline: %.2f\n", tb / tp);
}

static void corpus_free(corpus *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->p[i].data);
	free(c->p);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "fixtures/html";
	double secs = argc > 2 ? atof(argv[2]) : 1.0;
	ct_host_options o = CT_HOST_OPTIONS_INIT;
	corpus c, stress;
	ct_host *h = NULL;
	int rc = 1;

	memset(&c, 0, sizeof(c));
	memset(&stress, 0, sizeof(stress));
	add_dir(&c, &stress, dir, 0);
	if (c.n == 0 && stress.n == 0) {
		fprintf(stderr, "bench_html: no pages under %s\n", dir);
		return 1;
	}
	o.exe_path = argv[0];
	/* $BUILD/bench/bench_html: the plugins are in $BUILD/plugins */
	if (!getenv("CLAIMTRACK_PLUGIN_PATH") && strrchr(argv[0], '/')) {
		static char pdir[4096];

		snprintf(pdir, sizeof(pdir), "%.*s/../plugins",
			(int)(strrchr(argv[0], '/') - argv[0]), argv[0]);
		o.plugin_path = pdir;
	}
	if (ct_host_new(&h, &o) < 0 || !ct_host_find(h, "html")) {
		fprintf(stderr, "bench_html: no html plugin (set CLAIMTRACK_PLUGIN_PATH)\n");
		goto out;
	}
	xmlInitParser();
	/* the baseline's encoding complaints would drown the figures */
	xmlSetGenericErrorFunc(NULL, quiet);
	measure("pages", &c, h, secs);
	measure("stress pages (not in the figure above)", &stress, h, secs / 2);
	rc = 0;
out:
	corpus_free(&c);
	corpus_free(&stress);
	ct_host_free(h);
	return rc;
}
