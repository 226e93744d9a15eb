/* SPDX-License-Identifier: MIT */
/* claimtrack serve through the real binary on 127.0.0.1 and a free port:
 * its pages, 404 and hostile paths, and requests while `add` writes. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

static char *dir;
static char arch[4096];
static pid_t server = -1;
static unsigned port;

#define ct(r, ...) run_ct((r), NULL, NULL, __VA_ARGS__)

static void add_version(const char *id, int at, int value)
{
	char path[4200], text[256], when[32];
	run_result r;

	snprintf(path, sizeof(path), "%s/%s-%d.txt", dir, id, at);
	snprintf(text, sizeof(text), "Officials said %d agents were sent.\nThe agency has 250 IRS agents.\n",
		value);
	spew(path, text, strlen(text));
	snprintf(when, sizeof(when), "@%d", 1748779200 + at * 600);
	ct(&r, "add", "-A", arch, "--id", id, "--at", when, path, NULL);
	ck_assert_msg(r.status == 0, "add: %s", r.err);
	run_result_free(&r);
}

/* Start the server on archive and read the port from its first line. */
static pid_t start_server(unsigned *port_out, const char *archive, const char *listen_arg)
{
	int out[2];
	char line[512];
	size_t n = 0;
	pid_t pid;
	ssize_t k;
	const char *p;

	ck_assert_int_eq(pipe(out), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		execl(getenv("CT_BIN"), "claimtrack", "serve", "-A", archive, "--listen", listen_arg,
			(char *)NULL);
		_exit(127);
	}
	close(out[1]);
	while (n < sizeof(line) - 1 && (k = read(out[0], line + n, 1)) == 1 && line[n] != '\n')
		n++;
	line[n] = '\0';
	close(out[0]);
	p = strstr(line, "http://127.0.0.1:");
	ck_assert_msg(p != NULL, "serve said: '%s'", line);
	*port_out = (unsigned)atoi(p + 17);
	return pid;
}

static int stop_server(pid_t pid)
{
	int st = 0;

	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void setup(void)
{
	run_result r;
	int i;

	dir = tmpdir_new();
	snprintf(arch, sizeof(arch), "%s/a", dir);
	ct(&r, "init", arch, NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_free(&r);
	for (i = 0; i < 3; i++)
		add_version("doc", i, 3000 + 500 * i);
	add_version("other", 0, 10);
	server = start_server(&port, arch, "127.0.0.1:0");
}

static void teardown(void)
{
	if (server > 0)
		stop_server(server);
	server = -1;
	tmpdir_cleanup(dir);
	dir = NULL;
}

/* A raw GET (HTTP/1.0, so the server closes): status, body and (when
 * asked) the header lines malloc'd. */
static int http_get_headers(unsigned p, const char *path, char **body, char **headers)
{
	struct sockaddr_in sa;
	char req[1024], *buf = NULL, *hdr_end;
	size_t len = 0, cap = 0;
	ssize_t k;
	int fd, status = -1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)p);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		close(fd);
		return -1;
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			buf = realloc(buf, cap);
		}
		k = read(fd, buf + len, cap - len - 1);
		if (k <= 0)
			break;
		len += (size_t)k;
	}
	close(fd);
	if (!buf)
		return -1;
	buf[len] = '\0';
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		status = -1;
	hdr_end = strstr(buf, "\r\n\r\n");
	if (body)
		*body = strdup(hdr_end ? hdr_end + 4 : "");
	if (headers)
		*headers = strndup(buf, hdr_end ? (size_t)(hdr_end - buf) : len);
	free(buf);
	return status;
}

static int http_get(unsigned p, const char *path, char **body)
{
	return http_get_headers(p, path, body, NULL);
}

/* A command's stdout (it must exit with want). */
static char *ct_out(int want, const char *first, ...)
{
	const char *args[32];
	run_result r;
	va_list ap;
	char *out;
	int n = 0;

	va_start(ap, first);
	for (args[n] = first; args[n] && n < 30; args[++n] = va_arg(ap, const char *))
		;
	va_end(ap);
	args[n] = NULL;
	run_claimtrack(&r, args, NULL, 0, NULL);
	ck_assert_msg(r.status == want, "%s: exit %d, not %d: %s", first, r.status, want, r.err);
	out = strdup(r.out);
	run_result_free(&r);
	return out;
}

START_TEST(test_serve_pages)
{
	char *b;

	ck_assert_int_eq(http_get(port, "/", &b), 200);
	ck_assert(strstr(b, "<a href=\"/doc/doc\">doc</a>") && strstr(b, "<a href=\"/doc/other\">other</a>"));
	/* latest observed first */
	ck_assert(strstr(b, "/doc/doc\"") < strstr(b, "/doc/other\""));
	ck_assert(strstr(b, "href=\"/changes.atom\"") != NULL);
	free(b);
	ck_assert_int_eq(http_get(port, "/doc/doc", &b), 200);
	ck_assert(strstr(b, "<svg") && strstr(b, "<circle"));
	ck_assert(strstr(b, "<a href=\"/diff/doc/3\">v3</a>") != NULL);
	free(b);
	ck_assert_int_eq(http_get(port, "/diff/doc/3", &b), 200);
	ck_assert(strstr(b, "<del>3500</del> <ins>4000</ins>") != NULL);
	free(b);
	ck_assert_int_eq(http_get(port, "/changes.atom", &b), 200);
	ck_assert(strstr(b, "<feed xmlns=\"http://www.w3.org/2005/Atom\">") != NULL);
	ck_assert(strstr(b, "agents: 3,500 -&gt; 4,000") != NULL);
	free(b);
}
END_TEST

/* /changes.atom is `claimtrack changes --format atom` with this server's
 * address as the feed's id, before and after the archive changes. */
START_TEST(test_serve_changes_feed_is_changes)
{
	char url[64], *b, *want, *h;

	snprintf(url, sizeof(url), "http://127.0.0.1:%u/changes.atom", port);
	ck_assert_int_eq(http_get_headers(port, "/changes.atom", &b, &h), 200);
	ck_assert_msg(strstr(h, "Content-Type: application/atom+xml; charset=utf-8") != NULL, "%s", h);
	want = ct_out(1, "changes", "-A", arch, "--format", "atom", "-n", "100", "--url", url, NULL);
	ck_assert_str_eq(b, want);
	ck_assert(strstr(b, "<title>doc version 3: 1 changed, 0 added, 0 removed</title>") != NULL);
	ck_assert(strstr(b, "<link rel=\"self\" href=\"http://127.0.0.1:") != NULL);
	free(b);
	free(h);
	free(want);
	/* the kept feed is made again once a tip moves */
	add_version("other", 9, 11);
	ck_assert_int_eq(http_get(port, "/changes.atom", &b), 200);
	want = ct_out(1, "changes", "-A", arch, "--format", "atom", "-n", "100", "--url", url, NULL);
	ck_assert_str_eq(b, want);
	ck_assert(strstr(b, "<title>other version 2: 1 changed, 0 added, 0 removed</title>") != NULL);
	free(b);
	free(want);
	/* and the same archive gives the same bytes */
	ck_assert_int_eq(http_get(port, "/changes.atom", &b), 200);
	want = ct_out(1, "changes", "-A", arch, "--format", "atom", "-n", "100", "--url", url, NULL);
	ck_assert_str_eq(b, want);
	free(b);
	free(want);
}
END_TEST

/* How often s occurs in hay. */
static int count_of(const char *hay, const char *s)
{
	int n = 0;

	for (; (hay = strstr(hay, s)) != NULL; hay += strlen(s))
		n++;
	return n;
}

/* /doc/ID/changes.atom is `claimtrack timeline ID --format atom`, linked
 * from the document's page; its entry ids stay as the archive grows. */
START_TEST(test_serve_doc_feed)
{
	char *b, *h, *want, *first, id[120];
	const char *p;

	ck_assert_int_eq(http_get(port, "/doc/doc", &b), 200);
	ck_assert_msg(strstr(b, "<link rel=\"alternate\" type=\"application/atom+xml\" "
		"title=\"Figure changes (Atom)\" href=\"/doc/doc/changes.atom\">") != NULL, "%s", b);
	free(b);
	ck_assert_int_eq(http_get_headers(port, "/doc/doc/changes.atom", &first, &h), 200);
	ck_assert_msg(strstr(h, "Content-Type: application/atom+xml; charset=utf-8") != NULL, "%s", h);
	free(h);
	want = ct_out(0, "timeline", "-A", arch, "--format", "atom", "doc", NULL);
	ck_assert_str_eq(first, want);
	free(want);
	ck_assert_int_eq(count_of(first, "<entry>"), 2);
	ck_assert(strstr(first, "<title>doc: agents: 3,500 -&gt; 4,000</title>") != NULL);
	/* an entry's id: the document, the commit of the version, the figure */
	p = strstr(first, "<id>urn:claimtrack:doc:");
	ck_assert(p != NULL);
	ck_assert_int_eq(sscanf(p, "<id>%119[^<]</id>", id), 1);
	ck_assert_int_eq((int)strlen(id), (int)strlen("urn:claimtrack:doc:") + 40 + (int)strlen(":agent"));
	ck_assert(!strcmp(id + strlen(id) - 6, ":agent"));
	/* another document's version changes nothing here */
	add_version("other", 9, 11);
	ck_assert_int_eq(http_get(port, "/doc/doc/changes.atom", &b), 200);
	ck_assert_str_eq(b, first);
	free(b);
	/* a new version adds its entry first; the others keep their ids */
	add_version("doc", 3, 4200);
	ck_assert_int_eq(http_get(port, "/doc/doc/changes.atom", &b), 200);
	ck_assert_int_eq(count_of(b, "<entry>"), 3);
	ck_assert(strstr(b, "<title>doc: agents: 4,000 -&gt; 4,200</title>") <
		strstr(b, "<title>doc: agents: 3,500 -&gt; 4,000</title>"));
	ck_assert(strstr(b, id) != NULL);
	want = ct_out(0, "timeline", "-A", arch, "--format", "atom", "doc", NULL);
	ck_assert_str_eq(b, want);
	free(want);
	free(b);
	free(first);
	/* other's two versions: one move */
	ck_assert_int_eq(http_get(port, "/doc/other/changes.atom", &b), 200);
	ck_assert_int_eq(count_of(b, "<entry>"), 1);
	free(b);
	ck_assert_int_eq(http_get(port, "/doc/nothere/changes.atom", &b), 404);
	free(b);
	ck_assert_int_eq(http_get(port, "/doc/doc/changes.atom/x", &b), 404);
	free(b);
	ck_assert_int_eq(http_get(port, "/doc/doc/changes.atomx", &b), 404);
	free(b);
	ck_assert_int_eq(http_get(port, "/doc/../changes.atom", &b), 400);
	free(b);
}
END_TEST

START_TEST(test_serve_404_and_hostile_paths)
{
	static const char *const missing[] = {
		"/nope", "/doc", "/doc/", "/doc/nothere", "/diff/doc/1", "/diff/doc/9", "/diff/doc/x",
		"/diff/doc/02", "/diff/doc", "/doc/doc/extra", "/index.html",
	};
	static const char *const hostile[] = {
		"/doc/../../etc/passwd", "/doc/..", "/doc/%2e%2e/%2e%2e/etc", "/doc/a%2Fb", "/doc/a%2fb",
		"/doc/doc%00", "//etc/passwd", "/doc/.", "/doc/a\\b", "/diff/..%2Fdoc/2",
		"/doc/%252e%252e",
	};
	size_t i;
	char *b;

	for (i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		ck_assert_msg(http_get(port, missing[i], &b) == 404, "%s", missing[i]);
		free(b);
	}
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		int st = http_get(port, hostile[i], &b);

		ck_assert_msg(st == 400 || st == 404, "%s: %d", hostile[i], st);
		ck_assert_msg(!strstr(b, "root:"), "%s", hostile[i]);
		free(b);
	}
	/* an ids the archive refuses is no page, not a file name */
	ck_assert_int_eq(http_get(port, "/doc/HEAD", &b), 404);
	free(b);
}
END_TEST

typedef struct reader {
	int ok, bad;
	char why[256];
} reader;

static void *read_pages(void *arg)
{
	static const char *const pages[] = { "/", "/doc/doc", "/changes.atom", "/doc/busy" };
	reader *r = arg;
	int i;

	for (i = 0; i < 40; i++) {
		const char *p = pages[i % 4];
		char *b = NULL;
		int st = http_get(port, p, &b);
		int whole = b && (strstr(b, "</html>\n") || strstr(b, "</feed>\n"));

		/* /doc/busy may not exist yet: a 404 then, never a broken page */
		if ((st == 200 && whole) || (st == 404 && !strcmp(p, "/doc/busy")))
			r->ok++;
		else if (!r->bad++)
			snprintf(r->why, sizeof(r->why), "%s: %d %.100s", p, st, b ? b : "");
		free(b);
	}
	return NULL;
}

START_TEST(test_serve_while_add_writes)
{
	pthread_t t[4];
	reader rd[4];
	pid_t writer;
	int i, st;

	memset(rd, 0, sizeof(rd));
	writer = fork();
	ck_assert_int_ge(writer, 0);
	if (writer == 0) {
		for (i = 0; i < 15; i++)
			add_version("busy", i, 100 + i);
		_exit(0);
	}
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, read_pages, &rd[i]);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	waitpid(writer, &st, 0);
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	for (i = 0; i < 4; i++)
		ck_assert_msg(rd[i].bad == 0, "%d bad: %s", rd[i].bad, rd[i].why);
	/* and the writes are there once done */
	{
		char *b;

		ck_assert_int_eq(http_get(port, "/doc/busy", &b), 200);
		ck_assert(strstr(b, "15 versions") != NULL);
		free(b);
	}
	ck_assert_int_eq(stop_server(server), 0);
	server = -1;
}
END_TEST

/* The index's page is kept while the refs stay as they were, its rows
 * while their tips do: an add makes the one row of the document it moved. */
START_TEST(test_serve_index_follows_adds)
{
	char *b, *h;

	sleep(3);   /* refs older than two seconds: the page is kept */
	ck_assert_int_eq(http_get_headers(port, "/", &b, &h), 200);
	ck_assert(strstr(b, "/doc/late") == NULL);
	ck_assert_msg(strstr(h, "desc=\"rows: 2 made, 0 kept\"") != NULL, "%s", h);
	free(b);
	free(h);
	ck_assert_int_eq(http_get_headers(port, "/", &b, &h), 200);
	ck_assert_msg(strstr(h, "desc=\"page kept\"") != NULL, "%s", h);
	free(b);
	free(h);
	add_version("late", 5, 7);
	ck_assert_int_eq(http_get_headers(port, "/", &b, &h), 200);
	ck_assert_msg(strstr(b, "<a href=\"/doc/late\">late</a>") != NULL, "a stale index:\n%s", b);
	ck_assert_msg(strstr(h, "desc=\"rows: 1 made, 2 kept\"") != NULL, "%s", h);
	free(b);
	free(h);
	/* refs this new are not trusted: the page is made again, its rows kept */
	ck_assert_int_eq(http_get_headers(port, "/", &b, &h), 200);
	ck_assert_msg(strstr(h, "desc=\"rows: 0 made, 3 kept\"") != NULL, "%s", h);
	free(b);
	free(h);
	/* and a new version of a document already listed */
	sleep(3);
	ck_assert_int_eq(http_get(port, "/", &b), 200);
	free(b);
	add_version("other", 9, 11);
	ck_assert_int_eq(http_get_headers(port, "/", &b, &h), 200);
	ck_assert_msg(strstr(b, "<td class=\"n\">2</td>") != NULL, "a stale index:\n%s", b);
	ck_assert_msg(strstr(h, "desc=\"rows: 1 made, 2 kept\"") != NULL, "%s", h);
	/* other is the latest observed now (version 9's time is the newest) */
	ck_assert(strstr(b, "/doc/other\"") < strstr(b, "/doc/late\""));
	free(b);
	free(h);
}
END_TEST

/* Every file under path with its size and modification time, one a line
 * (sorted), malloc'd: what serve must leave as it found it. */
static char *files_of(const char *path)
{
	char cmd[4400];
	FILE *p;
	char *buf = NULL;
	size_t len = 0;

	snprintf(cmd, sizeof(cmd), "find '%s' -exec stat -c '%%n %%s %%Y' {} + | LC_ALL=C sort", path);
	ck_assert((p = popen(cmd, "r")) != NULL);
	ck_assert(getdelim(&buf, &len, '\0', p) > 0);
	ck_assert_int_eq(pclose(p), 0);
	return buf;
}

/* A plain `git clone` of the archive serves the same pages and feeds, and
 * serving writes nothing into it: the index's rows and the feeds are kept
 * in the server process's memory only. (The first open of a clone adopts
 * its remote branches and writes its config; that is done by `list` here,
 * before the files are noted.) */
START_TEST(test_serve_a_clone_writes_nothing)
{
	char clone[4200], cmd[12600], *before, *after, *b, *want;
	run_result r;
	const char *paths[] = { "/", "/doc/doc", "/doc/doc/changes.atom", "/changes.atom",
		"/doc/other", "/" };
	unsigned cport;
	pid_t cs;
	size_t i;

	snprintf(clone, sizeof(clone), "%s/clone", dir);
	snprintf(cmd, sizeof(cmd), "git clone -q '%s' '%s'", arch, clone);
	ck_assert_int_eq(system(cmd), 0);
	/* list adopts the clone (it warns of origin/HEAD, a symbolic ref) */
	ct(&r, "list", "-A", clone, NULL);
	run_result_free(&r);
	before = files_of(clone);
	cs = start_server(&cport, clone, "127.0.0.1:0");
	for (i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
		ck_assert_msg(http_get(cport, paths[i], &b) == 200, "%s", paths[i]);
		free(b);
	}
	ck_assert_int_eq(http_get(cport, "/doc/doc/changes.atom", &b), 200);
	want = ct_out(0, "timeline", "-A", arch, "--format", "atom", "doc", NULL);
	ck_assert_str_eq(b, want);
	free(want);
	free(b);
	ck_assert_int_eq(http_get(cport, "/", &b), 200);
	ck_assert(strstr(b, "href=\"/doc/other\"") != NULL);
	free(b);
	ck_assert_int_eq(stop_server(cs), 0);
	after = files_of(clone);
	ck_assert_msg(!strcmp(after, before), "serving the clone changed its files:\n%.1500s\n--\n%.1500s",
		before, after);
	free(before);
	free(after);
}
END_TEST

START_TEST(test_serve_errors)
{
	run_result r;
	char busy[32];

	ct(&r, "serve", "-A", "/nonexistent/archive", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "/nonexistent/archive") != NULL);
	run_result_free(&r);
	ct(&r, "serve", "-A", arch, "--listen", "localhost:x", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "--listen takes ADDRESS:PORT") != NULL);
	run_result_free(&r);
	ct(&r, "serve", "-A", arch, "--listen", "example.com:80", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "not an IP address") != NULL);
	run_result_free(&r);
	/* the port the test server has */
	snprintf(busy, sizeof(busy), "127.0.0.1:%u", port);
	ct(&r, "serve", "-A", arch, "--listen", busy, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "cannot listen on 127.0.0.1") != NULL, "%s", r.err);
	run_result_free(&r);
	ct(&r, "serve", "-A", arch, "extra", NULL);
	ck_assert_int_eq(r.status, 2);
	run_result_free(&r);
}
END_TEST

Suite *make_serve_suite(void)
{
	Suite *s = suite_create("serve");
	TCase *tc = tcase_create("http");

	signal(SIGPIPE, SIG_IGN);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_serve_pages);
	tcase_add_test(tc, test_serve_changes_feed_is_changes);
	tcase_add_test(tc, test_serve_doc_feed);
	tcase_add_test(tc, test_serve_404_and_hostile_paths);
	tcase_add_test(tc, test_serve_while_add_writes);
	tcase_add_test(tc, test_serve_index_follows_adds);
	tcase_add_test(tc, test_serve_a_clone_writes_nothing);
	tcase_add_test(tc, test_serve_errors);
	suite_add_tcase(s, tc);
	return s;
}
