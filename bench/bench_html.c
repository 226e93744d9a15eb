/* SPDX-License-Identifier: MIT */
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
 * Memory: the peak resident memory one parse adds (VmHWM after a reset,
 * less the resident memory before it, the input already in memory), in a
 * fresh child process each, for the plugin and for the bare libxml2 parse
 * of the same bytes: the largest fixture page, and generated pages of the
 * shapes that cost most per byte (tiny inline elements, empty paragraphs,
 * text and links, deep nesting) up to one past the node budget.
 *
 *   bench_html [FIXTURE_DIR] [SECONDS]
 */
#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>
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

/* ---- memory ---- */

static long status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t n = strlen(key);
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n))
			v = atol(line + n);
	fclose(f);
	return v;
}

/* A generated page: head, then `unit` n times, then tail. */
static char *repeat_page(const char *unit, size_t n, size_t *len)
{
	static const char head[] = "<html><body>", tail[] = "</body></html>";
	size_t u = strlen(unit), i;
	char *buf;

	*len = sizeof(head) - 1 + u * n + sizeof(tail) - 1;
	if (!(buf = malloc(*len + 1)))
		return NULL;
	memcpy(buf, head, sizeof(head) - 1);
	for (i = 0; i < n; i++)
		memcpy(buf + sizeof(head) - 1 + i * u, unit, u);
	memcpy(buf + *len - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
	buf[*len] = '\0';
	return buf;
}

typedef struct mem_result {
	long kb;          /* peak added, KiB */
	int status;       /* 0 parsed, 1 refused, 2 failed */
	double secs;
} mem_result;

/* In a child: reset the high-water mark, parse once, report the peak. */
static mem_result measure_mem(const char *data, size_t len, ct_host *h, int plugin)
{
	mem_result r = { -1, 2, 0 };
	int fd[2];
	pid_t pid;

	if (pipe(fd) < 0)
		return r;
	if ((pid = fork()) == 0) {
		FILE *f = fopen("/proc/self/clear_refs", "w");
		long base;
		double t0;

		close(fd[0]);
		if (f) {
			fputs("5", f);
			fclose(f);
		}
		base = status_kb("VmRSS:");
		t0 = now();
		if (plugin) {
			ct_parse_request req = CT_PARSE_REQUEST_INIT;
			ct_doc *doc = NULL;

			req.type = "html";
			r.status = ct_host_parse(&doc, h, data, len, &req) == 0 ? 0 :
				   ct_error_last_code() == CT_ETOOBIG ? 1 : 2;
			ct_doc_free(doc);
		} else {
			xmlDoc *doc = htmlReadMemory(data, (int)len, NULL, NULL, PARSE_OPTS);

			r.status = doc ? 0 : 2;
			xmlFreeDoc(doc);
		}
		r.secs = now() - t0;
		r.kb = f ? status_kb("VmHWM:") - base : -1;
		if (write(fd[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	if (pid < 0 || read(fd[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
		r.kb = -1;
	close(fd[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return r;
}

static void memory_line(const char *label, const char *data, size_t len, ct_host *h)
{
	static const char *const how[] = { "", " (refused: node budget)", " (FAILED)" };
	mem_result p = measure_mem(data, len, h, 1), b = measure_mem(data, len, h, 0);
	double mb = (double)len / (1024.0 * 1024.0);

	if (p.kb < 0 || b.kb < 0) {
		printf("  %-28s %7.2f MB: cannot measure (no /proc/self/clear_refs)\n", label, mb);
		return;
	}
	printf("  %-28s %7.2f MB: html plugin %8.1f MB peak (%5.1f B/B, %.2f s)%s, "
	       "libxml2 htmlReadMemory %8.1f MB peak (%5.1f B/B), ratio %.2f\n",
	       label, mb, (double)p.kb / 1024.0, (double)p.kb * 1024.0 / (double)len, p.secs,
	       how[p.status], (double)b.kb / 1024.0, (double)b.kb * 1024.0 / (double)len,
	       b.kb > 0 ? (double)p.kb / (double)b.kb : 0);
}

static void measure_memory(const corpus *c, ct_host *h)
{
	static const struct { const char *label, *unit; size_t n; } shapes[] = {
		{ "tiny inline (<b>1</b>)", "<b>1</b>", 1000000 },
		/* the page of issue 15: 2M elements, 16 MB */
		{ "tiny inline, 2M (<b>1</b>)", "<b>1</b>", 2000000 },
		{ "empty paragraphs (<p>)", "<p>", 1000000 },
		{ "text and links (1<a>)", "1<a>", 900000 },
		{ "nested divs (<div>x)", "<div>x", 300000 },
		{ "unknown tags, unclosed (<x>)", "<x>", 1000000 },
		{ "links, unclosed (<a>)", "<a>", 1000000 },
		{ "over the budget (<a>1</a>)", "<a>1</a>", 1100000 },
	};
	size_t i, big = 0, len;

	printf("memory: peak one parse adds, in a fresh process (B/B: bytes per input byte)\n");
	for (i = 1; i < c->n; i++)
		if (c->p[i].len > c->p[big].len)
			big = i;
	if (c->n)
		memory_line("largest fixture page", c->p[big].data, c->p[big].len, h);
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		char *page = repeat_page(shapes[i].unit, shapes[i].n, &len);

		if (page)
			memory_line(shapes[i].label, page, len, h);
		free(page);
	}
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
	fflush(stdout);
	measure_memory(&c, h);
	rc = 0;
out:
	corpus_free(&c);
	corpus_free(&stress);
	ct_host_free(h);
	return rc;
}
