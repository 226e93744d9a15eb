/* SPDX-License-Identifier: MIT */
/*
 * Fetching over HTTP: a tiny server of our own on 127.0.0.1 (an ephemeral
 * port, in a child process) answers canned responses; the real binary
 * fetches into a fresh archive.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

static pid_t server_pid;
static int server_port;
/* while this file exists, /robots.txt answers 503 */
static char robots_down[4200];

static void reply(int fd, const char *status, const char *headers, const char *body, size_t n)
{
	char head[1024];
	int hn = snprintf(head, sizeof(head), "HTTP/1.1 %s\r\n%sContent-Length: %zu\r\n"
		"Connection: close\r\n\r\n", status, headers, n);

	if (write(fd, head, (size_t)hn) < 0 || (n && write(fd, body, n) < 0))
		return;
}

static void serve(int ls, const char *story, size_t story_len)
{
	for (;;) {
		char req[4096], path[512];
		int fd = accept(ls, NULL, NULL);
		ssize_t n;

		if (fd < 0)
			continue;
		n = read(fd, req, sizeof(req) - 1);
		req[n > 0 ? n : 0] = '\0';
		if (sscanf(req, "GET %511s", path) != 1)
			path[0] = '\0';
		if (!strcmp(path, "/robots.txt")) {
			/* claimtrack's own group, not the one for everyone, applies */
			const char *robots = "# test site\r\nUser-agent: ClaimTrack/1.0\r\n"
				"Disallow: /private\r\nAllow: /private/open\r\n\r\n"
				"User-agent: *\r\nDisallow: /\r\n";

			if (robots_down[0] && access(robots_down, F_OK) == 0)
				reply(fd, "503 Service Unavailable", "", "", 0);
			else
				reply(fd, "200 OK", "Content-Type: text/plain\r\n", robots, strlen(robots));
		} else if (!strcmp(path, "/private") || !strcmp(path, "/private/open") ||
			   !strcmp(path, "/private/open2")) {
			char body[128];
			int bn = snprintf(body, sizeof(body), "Officials said %zu agents were sent.\n",
				strlen(path) * 100);

			reply(fd, "200 OK", "Content-Type: text/plain\r\n", body, (size_t)bn);
		} else if (!strcmp(path, "/story.txt")) {
			if (strstr(req, "If-None-Match: \"v1\""))
				reply(fd, "304 Not Modified", "ETag: \"v1\"\r\n", "", 0);
			else
				reply(fd, "200 OK", "Content-Type: text/plain; charset=utf-8\r\n"
					"ETag: \"v1\"\r\nLast-Modified: Sun, 01 Jun 2025 12:00:00 GMT\r\n",
					story, story_len);
		} else if (!strcmp(path, "/page")) {
			const char *html = "<html><head><title>Flood</title></head><body><article>"
				"<p>At least 40 homes were flooded on Sunday, officials said.</p>"
				"</article></body></html>";

			reply(fd, "200 OK", "Content-Type: text/html\r\n", html, strlen(html));
		} else if (!strcmp(path, "/moved")) {
			reply(fd, "302 Found", "Location: /story.txt\r\n", "", 0);
		} else if (!strcmp(path, "/to-ftp")) {
			reply(fd, "302 Found", "Location: ftp://127.0.0.1/x\r\n", "", 0);
		} else if (!strcmp(path, "/huge")) {
			const char *h = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
				"Content-Length: 100000000\r\nConnection: close\r\n\r\n";

			if (write(fd, h, strlen(h)) < 0)
				break;
		} else {
			reply(fd, "404 Not Found", "Content-Type: text/plain\r\n", "no\n", 3);
		}
		close(fd);
	}
	_exit(0);
}

static void server_start(void)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	size_t len;
	char *story = slurp(src_path("fixtures/demo/v1.txt"), &len);
	int one = 1, ls = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert(ls >= 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	ck_assert(bind(ls, (struct sockaddr *)&a, sizeof(a)) == 0);
	ck_assert(listen(ls, 16) == 0);
	ck_assert(getsockname(ls, (struct sockaddr *)&a, &al) == 0);
	server_port = ntohs(a.sin_port);
	server_pid = fork();
	ck_assert(server_pid >= 0);
	if (server_pid == 0)
		serve(ls, story, len);
	close(ls);
	free(story);
}

static void server_stop(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGKILL);
		waitpid(server_pid, NULL, 0);
	}
	server_pid = 0;
}

static char *new_archive(void)
{
	char *dir = tmpdir_new();
	char arch[4200];
	const char *argv[] = { "init", arch, NULL };
	run_result r;

	snprintf(arch, sizeof(arch), "%s/a", dir);
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_free(&r);
	return dir;
}

static void fetch(run_result *r, const char *dir, const char *path, const char *extra)
{
	char arch[4200], url[256];
	const char *argv[] = { "fetch", "-A", arch, url, extra, NULL };

	snprintf(arch, sizeof(arch), "%s/a", dir);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", server_port, path);
	run_claimtrack(r, argv, NULL, 0, NULL);
}

START_TEST(test_fetch_store_and_dedupe)
{
	char *dir = new_archive();
	char want[256], arch[4200], *log;
	run_result r;
	int st;

	server_start();
	fetch(&r, dir, "/story.txt", NULL);
	/* a first version with figures: 1, and add's words for it */
	ck_assert_int_eq(r.status, 1);
	snprintf(want, sizeof(want), "127.0.0.1-story.txt: version 1 (");
	ck_assert_msg(strncmp(r.out, want, strlen(want)) == 0, "got: %s", r.out);
	ck_assert_msg(strstr(r.out, ") 1 figure\n") || strstr(r.out, " figures\n"), "got: %s", r.out);
	run_result_free(&r);
	/* a redirect to the same bytes is no new version */
	fetch(&r, dir, "/moved", "--id=story");
	ck_assert_int_eq(r.status, 1);
	ck_assert(strncmp(r.out, "story: version 1 (", 18) == 0);
	run_result_free(&r);
	/* the next fetch revalidates with the stored ETag: a 304, nothing stored */
	fetch(&r, dir, "/story.txt", NULL);
	ck_assert_int_eq(r.status, 0);
	snprintf(want, sizeof(want), "127.0.0.1-story.txt: not modified (HTTP 304)\n");
	ck_assert_str_eq(r.out, want);
	run_result_free(&r);
	/* a URL whose server ignores validators: same bytes, no new version */
	fetch(&r, dir, "/moved", "--id=story");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "story: unchanged, same as version 1\n");
	run_result_free(&r);
	/* provenance: the server's URL, type and validators are in the trailers */
	snprintf(arch, sizeof(arch), "%s/a", dir);
	log = run_shell(&st, "git -C '%s' log --format=%%B story", arch);
	ck_assert_int_eq(st, 0);
	snprintf(want, sizeof(want), "Claimtrack-Source: http://127.0.0.1:%d/story.txt", server_port);
	ck_assert_msg(strstr(log, want) != NULL, "log: %s", log);
	ck_assert(strstr(log, "Claimtrack-Media-Type: text/plain; charset=utf-8") != NULL);
	ck_assert(strstr(log, "Claimtrack-ETag: \"v1\"") != NULL);
	ck_assert(strstr(log, "Claimtrack-Last-Modified: Sun, 01 Jun 2025 12:00:00 GMT") != NULL);
	free(log);
	server_stop();
	tmpdir_cleanup(dir);
}
END_TEST

START_TEST(test_fetch_content_type_picks_plugin)
{
	char *dir = new_archive();
	char arch[4200];
	const char *argv[] = { "show", "-A", arch, "flood", "--text", NULL };
	run_result r;

	server_start();
	fetch(&r, dir, "/page", "--id=flood");
	ck_assert_int_eq(r.status, 1);
	run_result_free(&r);
	snprintf(arch, sizeof(arch), "%s/a", dir);
	run_claimtrack(&r, argv, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(strstr(r.out, "At least 40 homes were flooded on Sunday, officials said.") != NULL,
		"text: %s", r.out);
	ck_assert(strstr(r.out, "<p>") == NULL);
	run_result_free(&r);
	server_stop();
	tmpdir_cleanup(dir);
}
END_TEST

START_TEST(test_fetch_failures_leave_archive_alone)
{
	char *dir = new_archive();
	char arch[4200];
	const char *list[] = { "list", "-A", arch, NULL };
	run_result r;

	server_start();
	snprintf(arch, sizeof(arch), "%s/a", dir);
	fetch(&r, dir, "/missing", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "/missing: the server answered HTTP 404") != NULL);
	run_result_free(&r);
	fetch(&r, dir, "/huge", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "/huge: response is over the 67108864-byte limit") != NULL,
		"err: %s", r.err);
	run_result_free(&r);
	fetch(&r, dir, "/to-ftp", NULL);
	ck_assert_int_eq(r.status, 2);
	run_result_free(&r);
	fetch(&r, dir, "/story.txt", "--id=../etc");
	ck_assert_int_eq(r.status, 2);
	run_result_free(&r);
	run_claimtrack(&r, list, NULL, 0, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);
	server_stop();
	tmpdir_cleanup(dir);
}
END_TEST

/* robots.txt is read and obeyed, --ignore-robots overrides it, one that
 * cannot be read allows nothing, and requests to a site keep --delay. */
START_TEST(test_fetch_politeness)
{
	char *dir = new_archive();
	char arch[4200], u1[256], u2[256];
	const char *two[] = { "fetch", "-A", arch, "--delay", "0.5", u1, u2, NULL };
	struct timespec t0, t1;
	double took;
	run_result r;
	FILE *f;

	/* the server checks for this file: named before it forks */
	snprintf(robots_down, sizeof(robots_down), "%s/robots-down", dir);
	server_start();
	snprintf(arch, sizeof(arch), "%s/a", dir);
	fetch(&r, dir, "/private", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "/private: not fetched: ") != NULL &&
		strstr(r.err, "/robots.txt disallows it for claimtrack") != NULL, "err: %s", r.err);
	run_result_free(&r);
	/* the longer Allow wins */
	fetch(&r, dir, "/private/open", NULL);
	ck_assert_msg(r.status == 1, "err: %s", r.err);
	run_result_free(&r);
	fetch(&r, dir, "/private", "--ignore-robots");
	ck_assert_msg(r.status == 1, "err: %s", r.err);
	ck_assert(strstr(r.out, ": version 1 (") != NULL);
	run_result_free(&r);

	/* two pages of one site, half a second apart at least */
	snprintf(u1, sizeof(u1), "http://127.0.0.1:%d/private/open", server_port);
	snprintf(u2, sizeof(u2), "http://127.0.0.1:%d/private/open2", server_port);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_claimtrack(&r, two, NULL, 0, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_msg(r.status == 1, "err: %s", r.err);
	took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_msg(took >= 0.5, "two requests %.3f s apart", took);
	run_result_free(&r);

	/* robots.txt answering 503: nothing is fetched (RFC 9309) */
	f = fopen(robots_down, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	fetch(&r, dir, "/story.txt", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "could not be read") != NULL &&
		strstr(r.err, "HTTP 503") != NULL, "err: %s", r.err);
	run_result_free(&r);
	fetch(&r, dir, "/story.txt", "--ignore-robots");
	ck_assert_msg(r.status == 1, "err: %s", r.err);
	run_result_free(&r);
	unlink(robots_down);
	robots_down[0] = '\0';
	server_stop();
	tmpdir_cleanup(dir);
}
END_TEST

/* fetch - : the URLs from stdin; exit 0 when nothing changed */
START_TEST(test_fetch_urls_from_stdin)
{
	char *dir = new_archive();
	char arch[4200], in[600];
	const char *argv[] = { "fetch", "-A", arch, "--delay=0", "-", NULL };
	run_result r;

	server_start();
	snprintf(arch, sizeof(arch), "%s/a", dir);
	snprintf(in, sizeof(in), "# the desk's pages\nhttp://127.0.0.1:%d/story.txt\n\n"
		"  http://127.0.0.1:%d/page  \n", server_port, server_port);
	run_claimtrack(&r, argv, in, strlen(in), NULL);
	ck_assert_msg(r.status == 1, "status %d: %s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "127.0.0.1-story.txt: version 1 (") != NULL);
	ck_assert(strstr(r.out, "127.0.0.1-page: version 1 (") != NULL);
	ck_assert_msg(strstr(r.out, "fetch: 2 URLs: 2 new versions (2 with figure changes), "
		"0 not modified, 0 same, 0 failed\n") != NULL, "%s", r.out);
	run_result_free(&r);
	/* again: 304 and same bytes, nothing changed */
	run_claimtrack(&r, argv, in, strlen(in), NULL);
	ck_assert_msg(r.status == 0, "status %d: %s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "127.0.0.1-story.txt: not modified (HTTP 304)\n") != NULL);
	run_result_free(&r);
	server_stop();
	tmpdir_cleanup(dir);
}
END_TEST

START_TEST(test_url_ids)
{
	char *id = NULL;

	ck_assert_int_eq(ct_fetch_url_id(&id, "https://www.example.com/politics/ice-plan.html?x=1#top"), 0);
	ck_assert_str_eq(id, "www.example.com-politics-ice-plan.html-x-1");
	ck_assert_int_eq(ct_archive_id_check(id), 0);
	free(id);
	ck_assert_int_eq(ct_fetch_url_id(&id, "http://user:pw@feeds.example.org/rss/"), 0);
	ck_assert_str_eq(id, "feeds.example.org-rss");
	free(id);
	ck_assert_int_eq(ct_fetch_url_id(&id, "http://...//"), CT_EINVAL);
	ck_assert_ptr_null(id);
}
END_TEST

Suite *make_fetch_suite(void)
{
	Suite *s = suite_create("fetch");
	TCase *tc = tcase_create("http");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fetch_store_and_dedupe);
	tcase_add_test(tc, test_fetch_content_type_picks_plugin);
	tcase_add_test(tc, test_fetch_failures_leave_archive_alone);
	tcase_add_test(tc, test_fetch_politeness);
	tcase_add_test(tc, test_fetch_urls_from_stdin);
	tcase_add_test(tc, test_url_ids);
	suite_add_tcase(s, tc);
	return s;
}
