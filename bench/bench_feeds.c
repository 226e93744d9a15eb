/* SPDX-License-Identifier: MIT */
/*
 * Feed parsing throughput: the rss plugin (through the public host API,
 * HTML item bodies included) against libxml2's bare xmlReadMemory of the
 * same bytes, measured in the same run, interleaved, best pass of each. The baseline is the floor: any
 * feed parser built on libxml2 reads at most this fast.
 *
 * Corpora, assembled from fixtures/feeds:
 *   fixtures  every feed fixture that parses, as is (small feeds: per-call
 *             overhead dominates, as when polling many feeds)
 *   large     one RSS 2.0 feed of many items, built by repeating the items
 *             of fixtures/feeds/rss20.xml (a busy news feed)
 *
 * usage: bench_feeds [SECONDS]   (per measurement; default 1)
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "claimtrack/claimtrack.h"

typedef struct doc_bytes {
	char *data;
	size_t len;
	char name[256];
} doc_bytes;

typedef struct corpus {
	doc_bytes *docs;
	size_t n, bytes;
} corpus;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int corpus_add(corpus *c, const char *name, char *data, size_t len)
{
	doc_bytes *nd = realloc(c->docs, (c->n + 1) * sizeof(*nd));

	if (!nd)
		return -1;
	c->docs = nd;
	nd[c->n].data = data;
	nd[c->n].len = len;
	snprintf(nd[c->n].name, sizeof(nd[c->n].name), "%s", name);
	c->n++;
	c->bytes += len;
	return 0;
}

static void corpus_free(corpus *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->docs[i].data);
	free(c->docs);
	memset(c, 0, sizeof(*c));
}

static char *read_file(const char *path, size_t *len)
{
	ct_buf b = CT_BUF_INIT;

	if (ct_buf_read_file(&b, path, 0) < 0)
		return NULL;
	*len = b.len;
	return ct_buf_detach(&b);
}

static int has_feed_ext(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (!strcmp(dot, ".xml") || !strcmp(dot, ".rss") || !strcmp(dot, ".rdf") ||
		       !strcmp(dot, ".atom"));
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every fixture the plugin accepts (hostile and broken ones are left out). */
static int load_fixtures(corpus *c, ct_host *host, const char *dir)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	char path[PATH_MAX], *names[256];
	size_t n = 0, i, len;
	struct dirent *e;
	DIR *d;

	if (!(d = opendir(dir)))
		return -1;
	while ((e = readdir(d)) != NULL && n < 256)
		if (has_feed_ext(e->d_name) && (names[n] = strdup(e->d_name)) != NULL)
			n++;
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	req.type = "rss";
	for (i = 0; i < n; i++) {
		ct_doc *doc = NULL;
		char *data;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((data = read_file(path, &len)) != NULL) {
			req.name = names[i];
			if (ct_host_parse(&doc, host, data, len, &req) == 0 &&
			    corpus_add(c, names[i], data, len) == 0)
				data = NULL;
			ct_doc_free(doc);
			free(data);
		}
		free(names[i]);
	}
	return c->n ? 0 : -1;
}

/* One feed of `items` items: the channel of rss20.xml, its items repeated. */
static int build_large(corpus *c, const char *dir, size_t items)
{
	char path[PATH_MAX], *src, *first, *last, *out;
	size_t len, head, body, tail, i, total;

	snprintf(path, sizeof(path), "%s/rss20.xml", dir);
	if (!(src = read_file(path, &len)))
		return -1;
	first = strstr(src, "<item>");
	last = first ? strstr(src, "</channel>") : NULL;
	if (!first || !last) {
		free(src);
		return -1;
	}
	head = (size_t)(first - src);
	body = (size_t)(last - first);
	tail = len - (size_t)(last - src);
	total = head + body * items + tail;
	if (!(out = malloc(total + 1))) {
		free(src);
		return -1;
	}
	memcpy(out, src, head);
	for (i = 0; i < items; i++)
		memcpy(out + head + i * body, first, body);
	memcpy(out + head + items * body, last, tail);
	out[total] = '\0';
	free(src);
	return corpus_add(c, "large", out, total);
}

/* One pass of the rss plugin over the corpus, `reps` times: seconds. */
static double pass_plugin(ct_host *host, const corpus *c, size_t reps, size_t *blocks)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	double t0 = now();
	size_t r, i;

	req.type = "rss";
	*blocks = 0;
	for (r = 0; r < reps; r++) {
		for (i = 0; i < c->n; i++) {
			ct_doc *doc = NULL;

			req.name = c->docs[i].name;
			if (ct_host_parse(&doc, host, c->docs[i].data, c->docs[i].len, &req) < 0) {
				fprintf(stderr, "bench_feeds: %s\n", ct_error_last());
				exit(1);
			}
			if (r == 0)
				*blocks += doc->nblocks;
			ct_doc_free(doc);
		}
	}
	return now() - t0;
}

static double pass_libxml2(const corpus *c, size_t reps)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	double t0 = now();
	size_t r, i;

	for (r = 0; r < reps; r++)
		for (i = 0; i < c->n; i++)
			xmlFreeDoc(xmlReadMemory(c->docs[i].data, (int)c->docs[i].len, NULL, NULL, opts));
	return now() - t0;
}

/*
 * The two interleaved in passes of about 20 ms, for secs each, and the
 * fastest pass of each kept: on a machine shared with other work the
 * minimum is the figure least disturbed by it, and both see the same load.
 */
static void report(ct_host *host, const char *label, const corpus *c, double secs)
{
	size_t blocks = 0, reps = 1;
	double best_p = 1e30, best_b = 1e30, spent = 0, t, mb;

	/* enough repetitions for a pass of about 20 ms */
	t = pass_libxml2(c, 1);
	if (t > 0 && t < 0.02)
		reps = (size_t)(0.02 / t) + 1;
	while (spent < 2 * secs) {
		t = pass_plugin(host, c, reps, &blocks);
		if (t < best_p)
			best_p = t;
		spent += t;
		t = pass_libxml2(c, reps);
		if (t < best_b)
			best_b = t;
		spent += t;
	}
	mb = (double)c->bytes * (double)reps / 1e6;
	printf("%-9s %3zu feed%s %8.1f KB, %5zu blocks: rss plugin %7.1f MB/s, "
	       "libxml2 xmlReadMemory %7.1f MB/s (baseline), ratio %.2f\n",
	       label, c->n, c->n == 1 ? " " : "s", (double)c->bytes / 1024, blocks, mb / best_p,
	       mb / best_b, best_b / best_p);
}

int main(int argc, char **argv)
{
	ct_host_options ho = CT_HOST_OPTIONS_INIT;
	const char *build = getenv("BUILD");
	char plugins[PATH_MAX], exe[PATH_MAX], *slash;
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	corpus fixtures = { 0 }, large = { 0 };
	ct_host *host = NULL;
	ssize_t n;
	int rc = 1;

	if (secs <= 0)
		secs = 1.0;
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
	xmlInitParser();
	if (ct_host_new(&host, &ho) < 0 || !ct_host_find(host, "rss")) {
		fprintf(stderr, "bench_feeds: no rss plugin in %s\n", plugins);
		goto out;
	}
	if (load_fixtures(&fixtures, host, "fixtures/feeds") < 0 ||
	    build_large(&large, "fixtures/feeds", 400) < 0) {
		fprintf(stderr, "bench_feeds: cannot read fixtures/feeds (run from the source root)\n");
		goto out;
	}
	printf("feed parsing, one core, %.1f s per figure (%s HTML plugin for item bodies)\n",
	       secs, ct_host_find(host, "html") ? "with the" : "WITHOUT an");
	report(host, "fixtures", &fixtures, secs);
	report(host, "large", &large, secs);
	rc = 0;
out:
	corpus_free(&fixtures);
	corpus_free(&large);
	ct_host_free(host);
	return rc;
}
