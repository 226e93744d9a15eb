/* SPDX-License-Identifier: MIT */
/* Test helpers: run the real binary, fixtures, temporary directories. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

extern char **environ;

static void drain(int fd, char **buf, size_t *len, size_t *cap)
{
	char tmp[65536];
	ssize_t n = read(fd, tmp, sizeof(tmp));

	if (n <= 0)
		return;
	while (*len + (size_t)n + 1 > *cap) {
		*cap = *cap ? *cap * 2 : 65536;
		*buf = realloc(*buf, *cap);
		ck_assert_ptr_nonnull(*buf);
	}
	memcpy(*buf + *len, tmp, (size_t)n);
	*len += (size_t)n;
	(*buf)[*len] = '\0';
}

void run_claimtrack(run_result *r, const char *const *argv, const char *in_data,
	size_t in_len, const char *const *env)
{
	const char *bin = getenv("CT_BIN");
	int inp[2], outp[2], errp[2], status;
	size_t oc = 0, ec = 0, written = 0, nargs = 0, nenv = 0, i;
	char **args, **envp;
	pid_t pid;

	ck_assert_msg(bin != NULL, "CT_BIN is not set (run through make test)");
	memset(r, 0, sizeof(*r));
	while (argv[nargs])
		nargs++;
	args = calloc(nargs + 2, sizeof(*args));
	args[0] = (char *)bin;
	for (i = 0; i < nargs; i++)
		args[i + 1] = (char *)argv[i];
	while (environ[nenv])
		nenv++;
	for (i = 0; env && env[i]; i++)
		;
	envp = calloc(nenv + i + 1, sizeof(*envp));
	{
		/* the extra entries override inherited ones of the same name */
		size_t k = 0, j;

		for (j = 0; env && env[j]; j++)
			envp[k++] = (char *)env[j];
		for (i = 0; i < nenv; i++) {
			int dup = 0;

			for (j = 0; env && env[j] && !dup; j++) {
				const char *eq = strchr(env[j], '=');
				size_t kl = eq ? (size_t)(eq - env[j]) + 1 : strlen(env[j]);

				dup = strncmp(environ[i], env[j], kl) == 0;
			}
			if (!dup)
				envp[k++] = environ[i];
		}
	}
	ck_assert(pipe(inp) == 0 && pipe(outp) == 0 && pipe(errp) == 0);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		dup2(inp[0], 0);
		dup2(outp[1], 1);
		dup2(errp[1], 2);
		close(inp[1]);
		close(outp[0]);
		close(errp[0]);
		execve(bin, args, envp);
		_exit(127);
	}
	close(inp[0]);
	close(outp[1]);
	close(errp[1]);
	signal(SIGPIPE, SIG_IGN);
	if (!in_data) {
		close(inp[1]);
		inp[1] = -1;
	}
	for (;;) {
		struct pollfd pf[3];
		int np = 0;

		pf[np].fd = outp[0]; pf[np++].events = POLLIN;
		pf[np].fd = errp[0]; pf[np++].events = POLLIN;
		if (inp[1] >= 0) {
			pf[np].fd = inp[1];
			pf[np++].events = POLLOUT;
		}
		if (pf[0].fd < 0 && pf[1].fd < 0 && inp[1] < 0)
			break;
		if (poll(pf, (nfds_t)np, -1) < 0 && errno != EINTR)
			break;
		if (pf[0].fd >= 0 && (pf[0].revents & (POLLIN | POLLHUP))) {
			size_t before = r->out_len;

			drain(outp[0], &r->out, &r->out_len, &oc);
			if (before == r->out_len) {
				close(outp[0]);
				outp[0] = -1;
			}
		}
		if (pf[1].fd >= 0 && (pf[1].revents & (POLLIN | POLLHUP))) {
			size_t before = r->err_len;

			drain(errp[0], &r->err, &r->err_len, &ec);
			if (before == r->err_len) {
				close(errp[0]);
				errp[0] = -1;
			}
		}
		if (np == 3 && (pf[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = written < in_len ? write(inp[1], in_data + written,
				in_len - written > 65536 ? 65536 : in_len - written) : 0;

			if (w > 0)
				written += (size_t)w;
			if (w <= 0 || written >= in_len) {
				close(inp[1]);
				inp[1] = -1;
			}
		}
		if (outp[0] < 0 && errp[0] < 0) {
			if (inp[1] >= 0)
				close(inp[1]);
			break;
		}
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (!r->out)
		r->out = calloc(1, 1);
	if (!r->err)
		r->err = calloc(1, 1);
	free(args);
	free(envp);
}

void run_result_free(run_result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

const char *src_path(const char *rel)
{
	static char path[4096];
	const char *src = getenv("CT_SRC");

	snprintf(path, sizeof(path), "%s/%s", src ? src : ".", rel);
	return path;
}

char *slurp(const char *path, size_t *len)
{
	ct_buf b = CT_BUF_INIT;

	if (ct_buf_read_file(&b, path, 0) < 0)
		ck_abort_msg("cannot read %s: %s", path, ct_error_last());
	if (len)
		*len = b.len;
	return ct_buf_detach(&b);
}

void spew(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert(fwrite(data, 1, len, f) == len);
	ck_assert(fclose(f) == 0);
}

char *tmpdir_new(void)
{
	char tmpl[] = "/tmp/ct-test-XXXXXX";
	char *d = mkdtemp(tmpl);

	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tmpdir_cleanup(char *dir)
{
	if (!dir)
		return;
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

ct_host *test_host(void)
{
	ct_host_options o = CT_HOST_OPTIONS_INIT;
	ct_host *h = NULL;
	char dir[4096];
	const char *build = getenv("CT_BUILD");

	snprintf(dir, sizeof(dir), "%s/plugins", build ? build : "build");
	o.plugin_path = dir;
	o.no_default_dirs = 1;
	ck_assert_int_eq(ct_host_new(&h, &o), 0);
	ck_assert_msg(ct_host_count(h) > 0, "no plugins in %s", dir);
	return h;
}

ct_doc *parse_fixture(ct_host *host, const char *rel, const char *type)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;
	size_t len;
	char *data = slurp(src_path(rel), &len);

	req.type = type;
	req.name = rel;
	if (ct_host_parse(&doc, host, data, len, &req) < 0)
		ck_abort_msg("parsing %s failed: %s", rel, ct_error_last());
	free(data);
	return doc;
}

char *run_shell(int *status, const char *fmt, ...)
{
	char cmd[8192], chunk[4096];
	ct_buf b = CT_BUF_INIT;
	va_list ap;
	size_t n;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		ct_buf_put(&b, chunk, n);
	st = pclose(p);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	ct_buf_grow(&b, 0);
	return ct_buf_detach(&b);
}

void run_ct(run_result *r, const char *in, const char *const *env, const char *first, ...)
{
	const char *args[64];
	va_list ap;
	int n = 0;

	va_start(ap, first);
	for (args[n] = first; args[n] && n < 62; args[++n] = va_arg(ap, const char *))
		;
	va_end(ap);
	args[n] = NULL;
	run_claimtrack(r, args, in, in ? strlen(in) : 0, env);
}
