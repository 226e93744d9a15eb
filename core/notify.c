/* SPDX-License-Identifier: MIT */
/*
 * Notifications of figure changes: a command hook (the changes as JSON
 * lines on stdin, the version in environment variables), a webhook (POST
 * JSON) and mail through sendmail(8). Each new version is queued in its
 * source's state ("pending": the notifiers it still owes) before any runs,
 * so a notifier that fails is tried again next round and nothing is lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "claimtrack/archive.h"
#include "claimtrack/diff.h"
#include "claimtrack/report.h"
#include "watch_internal.h"

#define HOOK_SECONDS 60

static const wsrc *source(const wround *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].id, id))
			return &r->v[i];
	return NULL;
}

/* The hook= of a source: its line's, or for an item its feed's. */
static const char *own_hook(const wround *r, const char *id)
{
	const wsrc *s = source(r, id);

	if (s && !s->line && s->feed)
		s = source(r, s->feed);
	return s && s->line ? s->line->hook : NULL;
}

int ct__notify_queue(wround *r, wsrc *s, const ct_archive_version *v)
{
	json_t *pending, *owed = json_array(), *entry;

	if (!owed)
		return ct_error_set(CT_ENOMEM, "out of memory");
	if (own_hook(r, s->id))
		json_array_append_new(owed, json_string("hook="));
	if (r->o->hook)
		json_array_append_new(owed, json_string("--hook"));
	if (r->o->webhook)
		json_array_append_new(owed, json_string("webhook"));
	if (r->o->mail_to)
		json_array_append_new(owed, json_string("mail"));
	if (!json_array_size(owed)) {
		json_decref(owed);
		return 0;
	}
	if (!(pending = json_object_get(s->st, "pending"))) {
		pending = json_array();
		json_object_set_new(s->st, "pending", pending);
	}
	entry = json_pack("{s:i,s:s,s:o}", "version", (json_int_t)v->number, "commit", v->commit,
		"owed", owed);
	if (!entry || json_array_append_new(pending, entry) < 0)
		return ct_error_set(CT_ENOMEM, "out of memory");
	return 0;
}

/* What one version changed: JSON lines (ct_report_diff's), and as text. */
typedef struct change_doc {
	ct_archive_version v;
	ct_buf json, text;
	char *summary;
} change_doc;

static int describe(change_doc *d, wround *r, const char *id, unsigned int number)
{
	ct_diff_options dopt = CT_DIFF_OPTIONS_INIT;
	ct_claimset old = CT_CLAIMSET_INIT, cur = CT_CLAIMSET_INIT;
	ct_archive_version pv;
	ct_diff *diff = NULL;
	char spec[260];
	int err;

	memset(&pv, 0, sizeof(pv));
	snprintf(spec, sizeof(spec), "%s@%u", id, number);
	if ((err = ct_archive_resolve(&d->v, r->archive, spec)) < 0 ||
	    (err = ct_archive_claims(&cur, r->archive, r->host, &d->v)) < 0)
		goto out;
	if (number > 1) {
		snprintf(spec, sizeof(spec), "%s@%u", id, number - 1);
		if ((err = ct_archive_resolve(&pv, r->archive, spec)) < 0 ||
		    (err = ct_archive_claims(&old, r->archive, r->host, &pv)) < 0)
			goto out;
	}
	dopt.items = 1;
	if ((err = ct_diff_compute(&diff, &old, &cur, &dopt)) < 0 ||
	    (err = ct_report_diff(&d->json, diff, CT_FORMAT_JSON, NULL, 0)) < 0 ||
	    (err = ct_report_diff(&d->text, diff, CT_FORMAT_TEXT, NULL, 0)) < 0)
		goto out;
	err = ct_buf_grow(&d->json, 0);
	if (!err)
		err = ct_buf_grow(&d->text, 0);
	{
		const char *subj = d->v.subject ? strchr(d->v.subject, '(') : NULL;

		d->summary = strdup(subj ? subj + 1 : "");
		if (d->summary && strrchr(d->summary, ')'))
			*strrchr(d->summary, ')') = '\0';
	}
out:
	ct_diff_free(diff);
	ct_claimset_clear(&old);
	ct_claimset_clear(&cur);
	ct_version_dispose(&pv);
	return err;
}

static void change_doc_dispose(change_doc *d)
{
	ct_version_dispose(&d->v);
	ct_buf_dispose(&d->json);
	ct_buf_dispose(&d->text);
	free(d->summary);
}

/* Run cmd with data on stdin and env set; 0 when it exits 0. */
static int run_with_input(char *why, size_t n, char *const argv[], char *const env[],
	const char *data, size_t len)
{
	struct sigaction ign, old;
	int in[2], status = 0, waited = 0;
	size_t off = 0;
	pid_t pid;

	if (pipe(in) < 0) {
		snprintf(why, n, "cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		snprintf(why, n, "cannot fork: %s", strerror(errno));
		close(in[0]);
		close(in[1]);
		return -1;
	}
	if (pid == 0) {
		size_t i;

		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
		dup2(2, 1);   /* what it prints goes beside our messages, not our report */
		for (i = 0; env[i]; i++)
			putenv(env[i]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	while (off < len) {
		ssize_t w = write(in[1], data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;   /* it stopped reading: its exit status says how it went */
		off += (size_t)w;
	}
	close(in[1]);
	sigaction(SIGPIPE, &old, NULL);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			snprintf(why, n, "lost it: %s", strerror(errno));
			return -1;
		}
		if (++waited > HOOK_SECONDS * 100) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			snprintf(why, n, "killed after %d seconds", HOOK_SECONDS);
			return -1;
		}
		nanosleep(&ts, NULL);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		snprintf(why, n, "exited with status %d", WEXITSTATUS(status));
	else
		snprintf(why, n, "killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -1;
}

static int hook(char *why, size_t n, wround *r, const char *cmd, const char *id,
	const char *url, const change_doc *d)
{
	char e_id[300], e_url[4200], e_ver[64], e_commit[80], e_sum[600], e_arch[4200];
	char *env[] = { e_id, e_url, e_ver, e_commit, e_sum, e_arch, NULL };
	char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };

	snprintf(e_id, sizeof(e_id), "CLAIMTRACK_ID=%s", id);
	snprintf(e_url, sizeof(e_url), "CLAIMTRACK_URL=%s", url ? url : "");
	snprintf(e_ver, sizeof(e_ver), "CLAIMTRACK_VERSION=%u", d->v.number);
	snprintf(e_commit, sizeof(e_commit), "CLAIMTRACK_COMMIT=%s", d->v.commit);
	snprintf(e_sum, sizeof(e_sum), "CLAIMTRACK_SUMMARY=%s", d->summary ? d->summary : "");
	snprintf(e_arch, sizeof(e_arch), "CLAIMTRACK_ARCHIVE=%s", ct_archive_path(r->archive));
	return run_with_input(why, n, argv, env, d->json.ptr ? d->json.ptr : "", d->json.len);
}

static int webhook(char *why, size_t n, wround *r, const char *id, const char *url,
	const change_doc *d)
{
	json_t *o = json_pack("{s:s,s:s?,s:i,s:s,s:s,s:[]}", "id", id, "url", url,
		"version", (json_int_t)d->v.number, "commit", d->v.commit, "summary",
		d->summary ? d->summary : "", "changes"), *changes;
	const char *p = d->json.ptr ? d->json.ptr : "";
	char *body;
	long status = 0;
	int rc;

	if (!o) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	changes = json_object_get(o, "changes");
	while (*p) {
		const char *nl = strchr(p, '\n');
		json_t *c = json_loadb(p, nl ? (size_t)(nl - p) : strlen(p), 0, NULL);

		if (c)
			json_array_append_new(changes, c);
		p = nl ? nl + 1 : p + strlen(p);
	}
	body = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!body) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	rc = ct_http_post(&status, r->o->webhook, "application/json", body, strlen(body),
		r->o->timeout > 0 ? r->o->timeout : 30);
	free(body);
	if (rc < 0) {
		snprintf(why, n, "%s", ct_error_last());
		ct_error_clear();
		return -1;
	}
	return 0;
}

static const char *sendmail_path(const wround *r)
{
	static const char *const paths[] = { "/usr/sbin/sendmail", "/usr/lib/sendmail", NULL };
	size_t i;

	if (r->o->sendmail)
		return r->o->sendmail;
	for (i = 0; paths[i]; i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

static int mail(char *why, size_t n, wround *r, const char *id, const char *url,
	const change_doc *d)
{
	const char *sm = sendmail_path(r);
	char *argv[] = { (char *)sm, "-t", "-oi", NULL }, *env[] = { NULL };
	ct_buf m = CT_BUF_INIT;
	int rc;

	if (!sm) {
		snprintf(why, n, "there is no sendmail(8) (looked for /usr/sbin/sendmail, "
			"/usr/lib/sendmail)");
		return -1;
	}
	if (ct_buf_printf(&m, "To: %s\nSubject: claimtrack: %s version %u: %s\n"
		"Content-Type: text/plain; charset=utf-8\n\n%s\n%s\n\n%s", r->o->mail_to, id,
		d->v.number, d->summary ? d->summary : "", url ? url : "", d->v.commit,
		d->text.ptr ? d->text.ptr : "") < 0) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	rc = run_with_input(why, n, argv, env, m.ptr, m.len);
	ct_buf_dispose(&m);
	return rc;
}

/* Try what one pending entry still owes; the ones that fail stay owed. */
static void settle(wround *r, const char *id, json_t *st, json_t *entry)
{
	json_t *owed = json_object_get(entry, "owed");
	const char *url = json_string_value(json_object_get(st, "url"));
	unsigned int number = (unsigned int)json_integer_value(json_object_get(entry, "version"));
	change_doc d;
	size_t i;

	memset(&d, 0, sizeof(d));
	if (describe(&d, r, id, number) < 0) {
		ct_watch_event e;

		memset(&e, 0, sizeof(e));
		e.outcome = CT_WATCH_NOTIFY_FAILED;
		e.id = id;
		e.url = url;
		e.version = number;
		e.message = ct_error_last();
		r->stats->notify_failed++;
		ct__watch_event(r, &e);
		ct_error_clear();
		change_doc_dispose(&d);
		return;
	}
	for (i = 0; i < json_array_size(owed);) {
		const char *via = json_string_value(json_array_get(owed, i));
		const char *cmd = !strcmp(via, "hook=") ? own_hook(r, id) : r->o->hook;
		char why[1200], msg[1400];
		ct_watch_event e;
		int rc;

		why[0] = '\0';
		if (!strcmp(via, "webhook"))
			rc = r->o->webhook ? webhook(why, sizeof(why), r, id, url, &d) : 0;
		else if (!strcmp(via, "mail"))
			rc = r->o->mail_to ? mail(why, sizeof(why), r, id, url, &d) : 0;
		else
			rc = cmd ? hook(why, sizeof(why), r, cmd, id, url, &d) : 0;
		memset(&e, 0, sizeof(e));
		e.id = id;
		e.url = url;
		e.version = d.v.number;
		e.commit = d.v.commit;
		e.summary = d.summary;
		if (rc == 0) {
			e.outcome = CT_WATCH_NOTIFIED;
			e.message = via;
			r->stats->notified++;
			json_array_remove(owed, i);
		} else {
			if (!strcmp(via, "webhook"))
				snprintf(msg, sizeof(msg), "the webhook failed (%s); tried again next run",
					why);
			else if (!strcmp(via, "mail"))
				snprintf(msg, sizeof(msg), "mail to %s failed (%s); tried again next run",
					r->o->mail_to, why);
			else
				snprintf(msg, sizeof(msg), "%s%s failed (%s); tried again next run",
					!strcmp(via, "hook=") ? "hook=" : "--hook ", cmd, why);
			e.outcome = CT_WATCH_NOTIFY_FAILED;
			e.message = msg;
			r->stats->notify_failed++;
			i++;
		}
		ct__watch_event(r, &e);
	}
	change_doc_dispose(&d);
}

void ct__notify_run(wround *r)
{
	const char *id;
	json_t *st;
	void *tmp;

	json_object_foreach_safe(r->sources, tmp, id, st) {
		json_t *pending = json_object_get(st, "pending");
		size_t i;

		for (i = 0; i < json_array_size(pending);) {
			json_t *entry = json_array_get(pending, i);

			settle(r, id, st, entry);
			if (json_array_size(json_object_get(entry, "owed")) == 0)
				json_array_remove(pending, i);
			else
				i++;
		}
		if (pending && !json_array_size(pending))
			json_object_del(st, "pending");
	}
}
