/* SPDX-License-Identifier: MIT */
/*
 * claimtrack watch against a server of our own (tests/check_watch_server.py
 * on 127.0.0.1, an ephemeral port) whose fixtures change between polls:
 * conditional GETs and 304s, redirects carrying credentials, timeouts,
 * oversize and gzip bodies, 404/500/429/503 with Retry-After, a feed whose
 * items arrive, change and leave, a page whose extraction breaks, hooks
 * and webhooks that work and that fail.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

typedef struct srv {
	pid_t pid;
	int port;
	char *dir;            /* the test's directory: ctl/, a/, lists */
	char ctl[4200];
	char arch[4200];
} srv;

static void srv_start(srv *s)
{
	int out[2];
	char line[64];
	ssize_t n;

	memset(s, 0, sizeof(*s));
	s->dir = tmpdir_new();
	snprintf(s->ctl, sizeof(s->ctl), "%s/ctl", s->dir);
	snprintf(s->arch, sizeof(s->arch), "%s/a", s->dir);
	ck_assert_int_eq(mkdir(s->ctl, 0755), 0);
	ck_assert_int_eq(pipe(out), 0);
	s->pid = fork();
	ck_assert(s->pid >= 0);
	if (s->pid == 0) {
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		execlp("python3", "python3", src_path("tests/check_watch_server.py"), s->ctl,
			(char *)NULL);
		_exit(127);
	}
	close(out[1]);
	/* one line: the port */
	for (n = 0; n < (ssize_t)sizeof(line) - 1;) {
		ssize_t k = read(out[0], line + n, sizeof(line) - 1 - (size_t)n);

		if (k <= 0)
			break;
		n += k;
		if (memchr(line, '\n', (size_t)n))
			break;
	}
	close(out[0]);
	ck_assert_msg(n > 0, "the test server did not start");
	line[n] = '\0';
	s->port = atoi(line);
	ck_assert_int_gt(s->port, 0);
	{
		const char *argv[] = { "init", s->arch, NULL };
		run_result r;

		run_claimtrack(&r, argv, NULL, 0, NULL);
		ck_assert_int_eq(r.status, 0);
		run_result_free(&r);
	}
}

static void srv_stop(srv *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	tmpdir_cleanup(s->dir);
	s->dir = NULL;
}

static void srv_round(srv *s, int n)
{
	char path[4300], v[16];

	snprintf(path, sizeof(path), "%s/round", s->ctl);
	snprintf(v, sizeof(v), "%d\n", n);
	spew(path, v, strlen(v));
}

/* The watch list: each line's "@" becomes http://127.0.0.1:PORT. */
static char *srv_list(srv *s, const char *name, const char *lines)
{
	static char path[4300];
	char host[64];
	ct_buf b = CT_BUF_INIT;
	const char *p;

	snprintf(host, sizeof(host), "http://127.0.0.1:%d", s->port);
	for (p = lines; *p; p++)
		ck_assert_int_eq(*p == '@' ? ct_buf_puts(&b, host) : ct_buf_putc(&b, *p), 0);
	snprintf(path, sizeof(path), "%s/%s", s->dir, name);
	spew(path, b.ptr, b.len);
	ct_buf_dispose(&b);
	return path;
}

static char *srv_log(srv *s)
{
	char path[4300];

	snprintf(path, sizeof(path), "%s/log", s->ctl);
	if (access(path, F_OK) != 0)
		return strdup("");
	return slurp(path, NULL);
}

static void srv_log_clear(srv *s)
{
	char path[4300];

	snprintf(path, sizeof(path), "%s/log", s->ctl);
	unlink(path);
}

/* watch -A ARCH --delay 0 EXTRA... LIST */
static void watch(run_result *r, srv *s, const char *list, const char *a1, const char *a2,
	const char *a3)
{
	const char *argv[10];
	int n = 0;

	argv[n++] = "watch";
	argv[n++] = "-A";
	argv[n++] = s->arch;
	argv[n++] = "--delay=0";
	if (a1)
		argv[n++] = a1;
	if (a2)
		argv[n++] = a2;
	if (a3)
		argv[n++] = a3;
	argv[n++] = list;
	argv[n] = NULL;
	run_claimtrack(r, argv, NULL, 0, NULL);
}

static char *state(srv *s)
{
	int st;
	char *out = run_shell(&st, "git -C '%s' show _watch:watch.json", s->arch);

	ck_assert_int_eq(st, 0);
	return out;
}

/* CMD -A ARCH A1 A2 */
static void in_archive(run_result *r, srv *s, const char *cmd, const char *a1, const char *a2)
{
	const char *argv[] = { cmd, "-A", s->arch, a1, a2, NULL };

	run_claimtrack(r, argv, NULL, 0, NULL);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

START_TEST(test_watch_conditional_and_schedule)
{
	srv s;
	run_result r;
	char *list, *log, *js;

	srv_start(&s);
	srv_round(&s, 1);
	list = srv_list(&s, "list", "# desk\n@/story.html\n@/lastmod.txt\n@/gzip.txt id=gz\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_msg(r.status == 1, "status %d\n%s%s", r.status, r.out, r.err);
	/* a first version says what add says */
	ck_assert_msg(strstr(r.out, "127.0.0.1-story: version 1 (") != NULL, "%s", r.out);
	ck_assert(strstr(r.out, ") 4 figures\n") != NULL);
	ck_assert(strstr(r.out, "gz: version 1 (") != NULL);   /* gzip decoded: a figure */
	ck_assert(strstr(r.out, ") 1 figure\n") != NULL);
	ck_assert(strstr(r.out, "watch: 3 sources, 3 due: 3 new versions (3 with figure changes)") != NULL);
	ck_assert_str_eq(r.err, "");
	run_result_free(&r);
	/* nothing is due again yet: no request at all, exit 0 */
	srv_log_clear(&s);
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strstr(r.out, "watch: 3 sources, 0 due: 0 new versions") != NULL);
	log = srv_log(&s);
	ck_assert_str_eq(log, "");
	free(log);
	run_result_free(&r);
	/* --force: every source, conditionally: 304s for the validated ones */
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_msg(r.status == 0, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.out, "2 not modified, 1 same, 0 failed") != NULL, "%s", r.out);
	log = srv_log(&s);
	ck_assert_msg(strstr(log, "GET /story.html \"") != NULL, "no If-None-Match:\n%s", log);
	ck_assert(strstr(log, "GET /lastmod.txt - Sun, 01 Jun 2025 12:00:00 GMT") != NULL);
	free(log);
	run_result_free(&r);
	/* the page changes: exit 1, its figure change on the line */
	srv_round(&s, 2);
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_msg(strstr(r.out, "127.0.0.1-story: version 2 (") != NULL, "%s", r.out);
	ck_assert(strstr(r.out, ") 1 changed, 0 added, 0 removed\n") != NULL);
	run_result_free(&r);
	/* the state is in the archive: due times by age, validators */
	js = state(&s);
	ck_assert(strstr(js, "\"127.0.0.1-story\"") != NULL);
	ck_assert(strstr(js, "\"etag\"") != NULL);
	ck_assert(strstr(js, "\"due\"") != NULL);
	free(js);
	srv_stop(&s);
}
END_TEST

START_TEST(test_watch_failures_are_loud)
{
	srv s;
	run_result r;
	char *list, *js, *log;

	srv_start(&s);
	srv_round(&s, 1);
	list = srv_list(&s, "list",
		"@/missing\n@/broken\n@/busy\n@/later\n@/private/x\n@/slow\n@/big\n@/loop\n");
	watch(&r, &s, list, "--timeout=1", "--max-bytes=1000000", NULL);
	ck_assert_msg(r.status == 2, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.err, "127.0.0.1-missing: http://127.0.0.1:") != NULL, "%s", r.err);
	ck_assert(strstr(r.err, "/missing: the server answered HTTP 404\n") != NULL);
	ck_assert(strstr(r.err, "/broken: the server answered HTTP 500 (after retries)\n") != NULL);
	ck_assert(strstr(r.err, "/later: the server answered HTTP 503 and asked to come back in "
		"3600 seconds\n") != NULL);
	ck_assert(strstr(r.err, "127.0.0.1-private-x: not fetched: ") != NULL);
	ck_assert(strstr(r.err, "disallows it for claimtrack") != NULL);
	ck_assert(strstr(r.err, "127.0.0.1-slow: ") != NULL);
	ck_assert(strstr(r.err, "127.0.0.1-big: ") != NULL);
	ck_assert(strstr(r.err, "over the 1000000-byte limit") != NULL);
	ck_assert(strstr(r.err, "127.0.0.1-loop: ") != NULL);
	/* a 429 with Retry-After: 1 is waited out and the page stored */
	ck_assert_msg(strstr(r.out, "127.0.0.1-busy: version 1 (") != NULL, "%s", r.out);
	ck_assert(strstr(r.out, "6 failed, 1 refused by robots.txt") != NULL);
	log = srv_log(&s);
	ck_assert_uint_eq(count(log, "GET /busy "), 2);
	ck_assert_uint_eq(count(log, "GET /broken "), 3);   /* 2 retries */
	ck_assert_uint_eq(count(log, "GET /later "), 1);    /* not waited for an hour */
	ck_assert_uint_eq(count(log, "GET /missing "), 1);
	ck_assert_uint_eq(count(log, "GET /private"), 0);
	free(log);
	js = state(&s);
	ck_assert(strstr(js, "\"retry_after\": 3600") != NULL);
	ck_assert(strstr(js, "\"failures\": 1") != NULL);
	free(js);
	run_result_free(&r);
	/* the failed ones are due again later, not now */
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strstr(r.out, "0 due") != NULL);
	run_result_free(&r);
	srv_stop(&s);
}
END_TEST

START_TEST(test_watch_credentials_never_stored)
{
	srv s;
	run_result r;
	char *list, *log;
	int st;

	srv_start(&s);
	srv_round(&s, 1);
	list = srv_list(&s, "list", "@/moved id=moved\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_msg(r.status == 1, "status %d\n%s%s", r.status, r.out, r.err);
	run_result_free(&r);
	log = run_shell(&st, "git -C '%s' log --format=%%B moved", s.arch);
	ck_assert(strstr(log, "Claimtrack-Source: http://127.0.0.1:") != NULL);
	ck_assert(strstr(log, "secret") == NULL);
	free(log);
	srv_stop(&s);
}
END_TEST

START_TEST(test_watch_user_info_hidden)
{
	srv s;
	run_result r;
	char list[4300], body[200], *js;
	int st;

	srv_start(&s);
	snprintf(list, sizeof(list), "%s/list", s.dir);
	snprintf(body, sizeof(body), "http://me:hunter2@127.0.0.1:%d/missing id=m\n"
		"http://me:hunter2@127.0.0.1:%d/story.html id=s\n", s.port, s.port);
	spew(list, body, strlen(body));
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "m: http://127.0.0.1:") != NULL, "%s", r.err);
	ck_assert(strstr(r.err, "hunter2") == NULL);
	ck_assert(strstr(r.out, "hunter2") == NULL);
	run_result_free(&r);
	js = state(&s);
	ck_assert(strstr(js, "hunter2") == NULL);
	free(js);
	js = run_shell(&st, "git -C '%s' log --format=%%B s", s.arch);
	ck_assert(strstr(js, "Claimtrack-Source: http://127.0.0.1:") != NULL);
	ck_assert(strstr(js, "hunter2") == NULL);
	free(js);
	srv_stop(&s);
}
END_TEST

START_TEST(test_watch_follows_a_feed)
{
	srv s;
	run_result r;
	char *list, *js;

	srv_start(&s);
	srv_round(&s, 1);
	list = srv_list(&s, "list", "@/feed.xml id=desk\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_msg(r.status == 1, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "desk: version 1 (") != NULL);
	ck_assert(strstr(r.out, "127.0.0.1-item-a: version 1 (") != NULL);
	ck_assert(strstr(r.out, "127.0.0.1-item-b: version 1 (") != NULL);
	ck_assert(strstr(r.out, "ftp") == NULL);
	ck_assert_msg(strstr(r.out, "watch: 3 sources, 3 due: 3 new versions") != NULL, "%s", r.out);
	ck_assert(strstr(r.out, "; 2 new feed items;") != NULL);
	run_result_free(&r);
	/* item c arrives, a changes */
	srv_round(&s, 2);
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_msg(r.status == 1, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "desk: version 2 (") != NULL);
	ck_assert(strstr(r.out, "1 item arrived, 0 left") != NULL);
	ck_assert(strstr(r.out, "127.0.0.1-item-a: version 2 (") != NULL);
	ck_assert(strstr(r.out, "127.0.0.1-item-c: version 1 (") != NULL);
	ck_assert(strstr(r.out, "4 sources") != NULL);
	run_result_free(&r);
	/* a leaves the feed: still watched, marked as gone */
	srv_round(&s, 3);
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_msg(r.status == 1, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "0 items arrived, 1 left") != NULL);
	ck_assert(strstr(r.out, "4 sources, 4 due") != NULL);
	run_result_free(&r);
	js = state(&s);
	{
		const char *a = strstr(js, "\"127.0.0.1-item-a\"");

		ck_assert_ptr_nonnull(a);
		ck_assert(strstr(a, "\"left\"") && strstr(a, "\"left\"") < strstr(a, "}"));
		ck_assert(strstr(a, "\"feed\": \"desk\"") < strstr(a, "}"));
	}
	free(js);
	/* past --keep-items after it left, a is checked no more, and its state
	 * is dropped (its document stays) */
	sleep(2);
	watch(&r, &s, list, "--force", "--keep-items=1s", NULL);
	ck_assert_msg(strstr(r.out, "watch: 4 sources, 3 due") != NULL, "%s", r.out);
	run_result_free(&r);
	js = state(&s);
	ck_assert_msg(strstr(js, "\"127.0.0.1-item-a\"") == NULL, "%s", js);
	ck_assert(strstr(js, "\"127.0.0.1-item-b\"") != NULL);
	ck_assert(strstr(js, "\"retired\"") == NULL);
	free(js);
	in_archive(&r, &s, "log", "127.0.0.1-item-a", NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_free(&r);
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_msg(strstr(r.out, "watch: 3 sources, 3 due") != NULL, "%s", r.out);
	run_result_free(&r);
	/* follow=no: the feed alone */
	list = srv_list(&s, "list", "@/feed.xml id=desk follow=no\n");
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert(strstr(r.out, "watch: 1 source, 1 due") != NULL);
	run_result_free(&r);
	/* the items of a feed no longer followed, and a source the list no
	 * longer names, wait --keep-items for their line, then their state goes */
	js = state(&s);
	ck_assert_msg(strstr(strstr(js, "\"127.0.0.1-item-b\""), "\"unlisted\"") <
		strstr(strstr(js, "\"127.0.0.1-item-b\""), "}"), "%s", js);
	{
		const char *d = strstr(js, "\"desk\": {"), *u;

		ck_assert_ptr_nonnull(d);
		u = strstr(d, "\"unlisted\"");
		ck_assert(!u || u > strstr(d, "}"));
	}
	free(js);
	list = srv_list(&s, "list", "@/story.html id=story\n");
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_msg(strstr(r.out, "watch: 1 source, 1 due") != NULL, "%s", r.out);
	run_result_free(&r);
	sleep(2);
	watch(&r, &s, list, "--force", "--keep-items=1s", NULL);
	run_result_free(&r);
	js = state(&s);
	ck_assert_msg(strstr(js, "\"127.0.0.1-item-b\"") == NULL, "%s", js);
	ck_assert(strstr(js, "\"127.0.0.1-item-c\"") == NULL);
	ck_assert(strstr(js, "\"desk\": {") == NULL);
	ck_assert(strstr(js, "\"story\": {") != NULL);
	ck_assert(strstr(js, "\"unlisted\"") == NULL);
	free(js);
	in_archive(&r, &s, "log", "desk", NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_free(&r);
	/* back in the list, the feed and its items are watched afresh */
	list = srv_list(&s, "list", "@/story.html id=story\n@/feed.xml id=desk\n");
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_msg(strstr(r.out, "watch: 4 sources, 4 due") != NULL, "%s", r.out);
	run_result_free(&r);
	srv_stop(&s);
}
END_TEST

START_TEST(test_watch_extraction_broke)
{
	srv s;
	run_result r;
	char *list;

	srv_start(&s);
	srv_round(&s, 1);
	list = srv_list(&s, "list", "@/shrink.html id=budget\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 1);
	run_result_free(&r);
	srv_round(&s, 2);
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_msg(r.status == 2, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.out, "budget: version 2 (") != NULL, "%s", r.out);
	ck_assert(strstr(r.out, "extraction broke? the text shrank") != NULL);
	ck_assert(strstr(r.out, "removed") == NULL || strstr(r.out, "not reported as removed"));
	ck_assert(strstr(r.out, "1 extraction broke?") != NULL);
	run_result_free(&r);
	srv_stop(&s);
}
END_TEST

START_TEST(test_watch_notifiers)
{
	srv s;
	run_result r;
	char *list, lines[1200], got[4300], ok[4300], hook_url[200], *txt;

	srv_start(&s);
	srv_round(&s, 1);
	snprintf(got, sizeof(got), "%s/got", s.dir);
	snprintf(ok, sizeof(ok), "%s/ok", s.dir);
	/* the hook fails until the file ok exists */
	snprintf(lines, sizeof(lines), "@/story.html id=storm hook=\"test -e %s && "
		"{ echo $CLAIMTRACK_ID $CLAIMTRACK_VERSION $CLAIMTRACK_COMMIT; cat; } >> %s\"\n"
		"@/lastmod.txt id=quiet\n", ok, got);
	list = srv_list(&s, "list", lines);
	snprintf(hook_url, sizeof(hook_url), "--webhook=http://127.0.0.1:%d/webhook-fail", s.port);
	watch(&r, &s, list, hook_url, NULL, NULL);
	ck_assert_msg(r.status == 2, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "storm: version 1 (") != NULL);   /* stored all the same */
	ck_assert_msg(strstr(r.err, "storm: hook=test -e ") != NULL, "%s", r.err);
	ck_assert(strstr(r.err, "failed (exited with status 1); tried again next run") != NULL);
	ck_assert(strstr(r.err, "the webhook failed (http://127.0.0.1:") != NULL);
	ck_assert(strstr(r.err, "answered HTTP 500") != NULL);
	ck_assert(strstr(r.out, "0 notified, 3 notifiers failed") != NULL);
	run_result_free(&r);
	/* next run: nothing is due, but the notifiers are owed and run now */
	spew(ok, "", 0);
	snprintf(hook_url, sizeof(hook_url), "--webhook=http://127.0.0.1:%d/webhook", s.port);
	watch(&r, &s, list, hook_url, NULL, NULL);
	ck_assert_msg(r.status == 0, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "0 due") != NULL);
	ck_assert(strstr(r.out, "3 notified, 0 notifiers failed") != NULL);
	run_result_free(&r);
	txt = slurp(got, NULL);
	ck_assert_msg(strncmp(txt, "storm 1 ", 8) == 0, "%s", txt);
	ck_assert(strstr(txt, "{\"change\":\"added\"") != NULL);
	free(txt);
	snprintf(got, sizeof(got), "%s/posts", s.ctl);
	txt = slurp(got, NULL);
	ck_assert(strstr(txt, "\"id\":\"storm\"") != NULL);
	ck_assert(strstr(txt, "\"id\":\"quiet\"") != NULL);
	ck_assert(strstr(txt, "\"changes\":[{\"change\":\"added\"") != NULL);
	free(txt);
	/* nothing owed any more */
	watch(&r, &s, list, hook_url, NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strstr(r.out, "notified") == NULL);
	run_result_free(&r);
	srv_stop(&s);
}
END_TEST

START_TEST(test_watch_bad_list)
{
	srv s;
	run_result r;
	char *list;

	srv_start(&s);
	list = srv_list(&s, "list", "@/story.html\n@/x colour=red\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "/list:2: unknown key 'colour'") != NULL);
	run_result_free(&r);
	list = srv_list(&s, "list", "@/story.html type=nosuch\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "/list:1: type=nosuch: there is no such plugin") != NULL);
	run_result_free(&r);
	srv_stop(&s);
}
END_TEST

/* region=: a page whose main-content guess is the essay beside its
 * figures. The region is kept with each version, so every command that
 * re-derives the claims reads the same part. */
START_TEST(test_watch_region)
{
	srv s;
	run_result r;
	char *list, *log;
	int st;

	srv_start(&s);
	srv_round(&s, 1);
	list = srv_list(&s, "list", "@/flood.html id=flood region=.figures-box\n"
		"@/flood-plain.html id=plain\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_msg(r.status == 1, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.out, "flood: version 1 (") != NULL, "%s", r.out);
	ck_assert(strstr(r.out, ") 3 figures\n") != NULL);
	ck_assert(strstr(r.out, ") 0 figures\n") != NULL);   /* the guess: the essay */
	ck_assert_str_eq(r.err, "");
	run_result_free(&r);
	log = run_shell(&st, "git -C '%s' log -1 --format=%%B flood", s.arch);
	ck_assert_int_eq(st, 0);
	ck_assert_msg(strstr(log, "\nClaimtrack-Region: .figures-box\n") != NULL, "%s", log);
	free(log);
	in_archive(&r, &s, "show", "--text", "flood");
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(strstr(r.out, "Homes flooded: 1,240") != NULL, "%s", r.out);
	ck_assert(strstr(r.out, "Rivers") == NULL);
	run_result_free(&r);
	srv_round(&s, 2);
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_msg(r.status == 1, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.out, "flood: version 2 (") != NULL, "%s", r.out);
	ck_assert(strstr(r.out, ") 1 changed, 0 added, 0 removed\n") != NULL);
	ck_assert(strstr(r.out, ") no figure changed\n") != NULL);   /* plain */
	run_result_free(&r);
	/* re-derived from the stored sources, with the stored region */
	in_archive(&r, &s, "diff", "flood@1", "flood@2");
	ck_assert_msg(r.status == 1, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.out, "1,240") && strstr(r.out, "1,310"), "%s", r.out);
	run_result_free(&r);
	in_archive(&r, &s, "timeline", "flood", NULL);
	ck_assert_msg(r.status <= 1, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.out, "1,310") != NULL || strstr(r.out, "1310") != NULL, "%s", r.out);
	ck_assert(strstr(r.out, "shelters") != NULL || strstr(r.out, "310") != NULL);
	run_result_free(&r);
	in_archive(&r, &s, "verify", "flood", NULL);
	ck_assert_msg(r.status == 0, "status %d\n%s%s", r.status, r.out, r.err);
	run_result_free(&r);
	/* a region that selects nothing fails loudly and stores nothing */
	srv_round(&s, 1);
	list = srv_list(&s, "list", "@/flood.html id=flood region=#nosuch\n");
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_msg(r.status == 2, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.err, "flood: http://127.0.0.1:") != NULL, "%s", r.err);
	ck_assert_msg(strstr(r.err, "/flood.html: region //*[@id='nosuch'] selects nothing in "
		"this page\n") != NULL, "%s", r.err);
	ck_assert(strstr(r.out, "1 failed") != NULL);
	run_result_free(&r);
	in_archive(&r, &s, "log", "flood", NULL);
	ck_assert(strstr(r.out, "\n3 ") == NULL && strncmp(r.out, "3 ", 2) != 0);
	run_result_free(&r);
	srv_stop(&s);
}
END_TEST

START_TEST(test_watch_bad_region)
{
	srv s;
	run_result r;
	char *list;

	srv_start(&s);
	list = srv_list(&s, "list", "@/story.html\n@/flood.html region=\"//ul[\"\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "/list:2: region=//ul[: region //ul[ is not an XPath libxml2 "
		"can evaluate (a bad expression at character 6)") != NULL, "%s", r.err);
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);
	list = srv_list(&s, "list", "@/flood.html region=div>p\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "/list:1: region=div>p: '>' is not understood") != NULL, "%s", r.err);
	run_result_free(&r);
	list = srv_list(&s, "list", "@/story.html\n\n@/lastmod.txt type=text region=p\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "/list:3: region=p: plugin 'text' cannot read only a region")
		!= NULL, "%s", r.err);
	run_result_free(&r);
	/* nothing was fetched */
	{
		char *log = srv_log(&s);

		ck_assert_str_eq(log, "");
		free(log);
	}
	srv_stop(&s);
}
END_TEST

static void changes(run_result *r, srv *s, const char *a1, const char *a2, const char *a3)
{
	const char *argv[] = { "changes", "-A", s->arch, a1, a2, a3, NULL };

	run_claimtrack(r, argv, NULL, 0, NULL);
}

START_TEST(test_changes_across_archive)
{
	srv s;
	run_result r, again;
	char *list, *log;
	int st;

	srv_start(&s);
	srv_round(&s, 1);
	list = srv_list(&s, "list", "@/story.html id=storm\n@/feed.xml id=desk\n@/shrink.html id=budget\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	run_result_free(&r);
	/* nothing has changed yet: first versions are no changes */
	changes(&r, &s, NULL, NULL, NULL);
	ck_assert_msg(r.status == 0, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);
	srv_round(&s, 2);
	watch(&r, &s, list, "--force", NULL, NULL);
	run_result_free(&r);
	changes(&r, &s, NULL, NULL, NULL);
	ck_assert_msg(r.status == 1, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "== storm@2 (") != NULL);
	ck_assert(strstr(r.out, "~ people: 12 -> 15 (+3, +25.0%)") != NULL);
	ck_assert(strstr(r.out, "== desk@2 (") != NULL);
	ck_assert(strstr(r.out, "++ item arrived: \"Item c\"") != NULL);
	ck_assert(strstr(r.out, "== 127.0.0.1-item-a@2 (") != NULL);
	/* the broken page is flagged, not a heap of removed figures */
	ck_assert(strstr(r.out, "== budget@2 (") != NULL);
	ck_assert(strstr(r.out, "extraction broke? the text shrank") != NULL);
	ck_assert(strstr(r.out, "(gone)") == NULL);
	run_result_free(&r);
	changes(&r, &s, "--format=json", NULL, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert(strstr(r.out, "{\"id\":\"storm\",\"version\":2,\"commit\":\"") != NULL);
	ck_assert(strstr(r.out, "\"change\":\"changed\"") != NULL);
	ck_assert(strstr(r.out, "\"change\":\"extraction-broke\"") != NULL);
	run_result_free(&r);
	/* Atom: the same archive gives the same feed, ids from commits */
	changes(&r, &s, "--format=atom", "--url=https://desk.example/changes.atom", NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert(strstr(r.out, "<link rel=\"self\" href=\"https://desk.example/changes.atom\"/>") != NULL);
	ck_assert(strstr(r.out, "<id>https://desk.example/changes.atom</id>") != NULL);
	log = run_shell(&st, "git -C '%s' rev-parse storm", s.arch);
	ck_assert_int_eq(st, 0);
	log[40] = '\0';
	{
		char want[80];

		snprintf(want, sizeof(want), "<id>urn:claimtrack:commit:%s</id>", log);
		ck_assert_msg(strstr(r.out, want) != NULL, "%s", r.out);
	}
	free(log);
	sleep(1);
	changes(&again, &s, "--format=atom", "--url=https://desk.example/changes.atom", NULL);
	ck_assert_str_eq(again.out, r.out);
	run_result_free(&again);
	run_result_free(&r);
	changes(&r, &s, "--format=atom", NULL, NULL);
	ck_assert(strstr(r.out, "rel=\"self\"") == NULL);
	run_result_free(&r);
	changes(&r, &s, "--format=html", "--limit=1", NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert(strstr(r.out, "<!DOCTYPE html>") != NULL);
	ck_assert_uint_eq(count(r.out, "<li "), 1);
	run_result_free(&r);
	/* --since after the changes: none */
	changes(&r, &s, "--since=2099-01-01", NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);
	changes(&r, &s, "--since=1h", NULL, NULL);
	ck_assert_int_eq(r.status, 1);
	run_result_free(&r);
	changes(&r, &s, "--since=yesterday", NULL, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "--since yesterday: give a time") != NULL);
	run_result_free(&r);
	srv_stop(&s);
}
END_TEST


START_TEST(test_watch_mail)
{
	srv s;
	run_result r;
	char *list, sm[4300], got[4300], script[9000], env[4400], *txt;
	const char *argv[] = { "watch", "-A", NULL, "--delay=0", "--mail=desk@example.org", NULL,
		NULL };
	const char *envv[] = { env, NULL };

	srv_start(&s);
	srv_round(&s, 1);
	snprintf(sm, sizeof(sm), "%s/sendmail", s.dir);
	snprintf(got, sizeof(got), "%s/mail", s.dir);
	snprintf(script, sizeof(script), "#!/bin/sh\n[ \"$1\" = -t ] || exit 64\ncat > '%s'\n", got);
	spew(sm, script, strlen(script));
	ck_assert_int_eq(chmod(sm, 0755), 0);
	snprintf(env, sizeof(env), "CLAIMTRACK_SENDMAIL=%s", sm);
	list = srv_list(&s, "list", "@/story.html id=storm\n");
	argv[2] = s.arch;
	argv[5] = list;
	run_claimtrack(&r, argv, NULL, 0, envv);
	ck_assert_msg(r.status == 1, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "1 notified, 0 notifiers failed") != NULL);
	run_result_free(&r);
	txt = slurp(got, NULL);
	ck_assert(strstr(txt, "To: desk@example.org\n") != NULL);
	ck_assert(strstr(txt, "Subject: claimtrack: storm version 1: 4 figures\n") != NULL);
	ck_assert(strstr(txt, "+ ") != NULL);
	free(txt);
	/* no such sendmail: refused before anything is fetched */
	snprintf(env, sizeof(env), "CLAIMTRACK_SENDMAIL=%s/none", s.dir);
	run_claimtrack(&r, argv, NULL, 0, envv);
	ck_assert_int_eq(r.status, 2);
	ck_assert(strstr(r.err, "--mail: there is no sendmail(8) here") != NULL);
	run_result_free(&r);
	srv_stop(&s);
}
END_TEST


/* the state travels with the archive: a clone carries on where it was */
START_TEST(test_watch_state_in_clone)
{
	srv s;
	run_result r;
	char *list, *out, clone[4300], orig[4300];
	int st;

	srv_start(&s);
	srv_round(&s, 1);
	list = srv_list(&s, "list", "@/story.html id=storm\n@/lastmod.txt\n");
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 1);
	run_result_free(&r);
	snprintf(clone, sizeof(clone), "%s/clone", s.dir);
	out = run_shell(&st, "git clone -q --bare '%s' '%s' 2>&1", s.arch, clone);
	ck_assert_msg(st == 0, "%s", out);
	free(out);
	snprintf(orig, sizeof(orig), "%s", s.arch);
	snprintf(s.arch, sizeof(s.arch), "%s", clone);
	srv_log_clear(&s);
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_msg(r.status == 0, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "watch: 2 sources, 0 due:") != NULL);
	run_result_free(&r);
	/* and its validators: --force costs 304s there too */
	watch(&r, &s, list, "--force", NULL, NULL);
	ck_assert_msg(r.status == 0, "status %d\n%s%s", r.status, r.out, r.err);
	ck_assert(strstr(r.out, "2 not modified") != NULL);
	run_result_free(&r);
	/* the _watch branch is no document */
	{
		const char *argv[] = { "list", "-A", clone, NULL };

		run_claimtrack(&r, argv, NULL, 0, NULL);
		ck_assert_int_eq(r.status, 0);
		ck_assert(strstr(r.out, "_watch") == NULL);
		ck_assert(strstr(r.out, "storm") != NULL);
		run_result_free(&r);
	}
	snprintf(s.arch, sizeof(s.arch), "%s", orig);
	srv_stop(&s);
}
END_TEST

/* two rounds at once on one archive: the second says so and stops */
START_TEST(test_watch_one_round_at_a_time)
{
	srv s;
	run_result r;
	char *list, cmd[9000], *out;
	int st;

	srv_start(&s);
	list = srv_list(&s, "list", "@/slow\n");
	snprintf(cmd, sizeof(cmd), "'%s' watch -A '%s' --delay 0 --timeout 3 '%s' >/dev/null 2>&1 &",
		getenv("CT_BIN"), s.arch, list);
	out = run_shell(&st, "%s", cmd);
	free(out);
	usleep(800 * 1000);
	watch(&r, &s, list, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "another watch round is running on ") != NULL, "%s", r.err);
	run_result_free(&r);
	sleep(4);
	srv_stop(&s);
}
END_TEST

Suite *make_watch_cli_suite(void)
{
	Suite *s = suite_create("watch_cli");
	TCase *tc = tcase_create("http");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_watch_conditional_and_schedule);
	tcase_add_test(tc, test_watch_failures_are_loud);
	tcase_add_test(tc, test_watch_credentials_never_stored);
	tcase_add_test(tc, test_watch_user_info_hidden);
	tcase_add_test(tc, test_watch_follows_a_feed);
	tcase_add_test(tc, test_watch_extraction_broke);
	tcase_add_test(tc, test_watch_notifiers);
	tcase_add_test(tc, test_watch_bad_list);
	tcase_add_test(tc, test_watch_region);
	tcase_add_test(tc, test_watch_bad_region);
	tcase_add_test(tc, test_changes_across_archive);
	tcase_add_test(tc, test_watch_mail);
	tcase_add_test(tc, test_watch_state_in_clone);
	tcase_add_test(tc, test_watch_one_round_at_a_time);
	suite_add_tcase(s, tc);
	return s;
}
