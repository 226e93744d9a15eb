/* SPDX-License-Identifier: MIT */
/* claimtrack command line: shared helpers. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

const char *cli_progname = "claimtrack";
const char *cli_exe;

int cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_TROUBLE;
}

int cli_lib_error(void)
{
	return cli_error("%s", ct_error_last());
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: warning: ", cli_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", cli_progname, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'claimtrack %s --help'.\n", cmd);
	return EXIT_TROUBLE;
}

int cli_bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", arg);
	if (optopt && !(arg[0] == '-' && arg[1] == '-'))
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

int cli_write(const ct_buf *b)
{
	if (b->len && fwrite(b->ptr, 1, b->len, stdout) != b->len)
		return cli_error("cannot write output: %s", strerror(errno));
	if (fflush(stdout) != 0)
		return cli_error("cannot write output: %s", strerror(errno));
	return EXIT_OK;
}

static void on_refuse(const char *file, const char *why, void *payload)
{
	(void)payload;
	cli_warn("plugin %s refused: %s", file, why);
}

int cli_host(ct_host **out)
{
	ct_host_options o = CT_HOST_OPTIONS_INIT;

	o.exe_path = cli_exe && strchr(cli_exe, '/') ? cli_exe : NULL;
	o.on_refuse = on_refuse;
	if (ct_host_new(out, &o) < 0)
		return cli_lib_error();
	return EXIT_OK;
}

int cli_parse_file(ct_doc **out, ct_host *host, const char *path, const char *type)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_buf in = CT_BUF_INIT;
	size_t i;
	int err;

	*out = NULL;
	if (ct_buf_read_file(&in, path, CT_MAX_INPUT) < 0) {
		ct_buf_dispose(&in);
		return cli_lib_error();
	}
	req.type = type;
	req.name = strcmp(path, "-") ? path : "stdin";
	err = ct_host_parse(out, host, in.ptr, in.len, &req);
	ct_buf_dispose(&in);
	if (err < 0)
		return cli_lib_error();
	for (i = 0; i < (*out)->nwarnings; i++)
		cli_warn("%s: %s", req.name, (*out)->warnings[i]);
	return EXIT_OK;
}

int cli_each_file(ct_host *host, char *const *files, int nfiles, const char *type,
	cli_render_fn render, void *payload)
{
	ct_buf out = CT_BUF_INIT;
	size_t nth = 0;
	int i, rc = EXIT_OK;

	for (i = 0; i < nfiles; i++) {
		ct_doc *doc = NULL;

		if (cli_parse_file(&doc, host, files[i], type) != EXIT_OK) {
			rc = EXIT_TROUBLE;
			continue;
		}
		ct_buf_clear(&out);
		if (render(&out, doc, files[i], nfiles > 1, nth, payload) < 0) {
			ct_doc_free(doc);
			rc = cli_lib_error();
			continue;
		}
		ct_doc_free(doc);
		nth++;
		if (cli_write(&out) != EXIT_OK) {
			rc = EXIT_TROUBLE;
			break;
		}
	}
	ct_buf_dispose(&out);
	return rc;
}

int cli_file_header(ct_buf *out, const char *file, size_t nth)
{
	return ct_buf_printf(out, "%s==> %s <==\n", nth ? "\n" : "", file);
}

/* A JSON string: UTF-8 kept, other bytes of a name that is not UTF-8 as
 * U+FFFD, quotes, backslashes and control characters escaped. */
static int json_string(ct_buf *out, const char *s)
{
	int utf8 = ct_utf8_valid(s, strlen(s)), err = ct_buf_putc(out, '"');

	for (; *s && !err; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			err = ct_buf_printf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			err = ct_buf_printf(out, "\\u%04x", c);
		else if (c >= 0x80 && !utf8)
			err = ct_buf_puts(out, "\\ufffd");
		else
			err = ct_buf_putc(out, (char)c);
	}
	return err ? err : ct_buf_putc(out, '"');
}

int cli_json_with_file(ct_buf *out, const char *json, size_t len, const char *file)
{
	int err;

	if (len < 2 || json[0] != '{')
		return ct_error_set(CT_ERROR, "internal error: not a JSON object");
	if ((err = ct_buf_puts(out, "{\"file\":")) < 0 || (err = json_string(out, file)) < 0)
		return err;
	if (json[1] != '}' && (err = ct_buf_putc(out, ',')) < 0)
		return err;
	return ct_buf_put(out, json + 1, len - 1);
}

const char *cli_archive_path(const char *opt)
{
	static char path[4096];
	const char *e;

	if (opt && *opt)
		return opt;
	if ((e = getenv("CLAIMTRACK_ARCHIVE")) && *e)
		return e;
	if ((e = getenv("XDG_DATA_HOME")) && *e)
		snprintf(path, sizeof(path), "%s/claimtrack/archive", e);
	else if ((e = getenv("HOME")) && *e)
		snprintf(path, sizeof(path), "%s/.local/share/claimtrack/archive", e);
	else
		snprintf(path, sizeof(path), "claimtrack.archive");
	return path;
}

int cli_archive_open(ct_archive **out, const char *opt)
{
	*out = NULL;
	if (opt && !*opt)
		return cli_error("-A/--archive: the archive directory is empty; give a path");
	if (ct_archive_open(out, cli_archive_path(opt)) < 0)
		return cli_lib_error();
	return EXIT_OK;
}

int cli_parse_time(int64_t *out, const char *s)
{
	struct tm tm;
	const char *p;
	int off_sign = 0, oh = 0, om = 0;
	char *end;

	if (s[0] == '@') {
		long long v = strtoll(s + 1, &end, 10);

		if (*end || end == s + 1)
			return -1;
		*out = v;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if (!(p = strptime(s, "%Y-%m-%d", &tm)))
		return -1;
	if (*p == 'T' || *p == ' ') {
		const char *q = strptime(p + 1, "%H:%M:%S", &tm);

		if (!q && !(q = strptime(p + 1, "%H:%M", &tm)))
			return -1;
		p = q;
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		off_sign = *p == '+' ? 1 : -1;
		if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 && sscanf(p + 1, "%2d%2d", &oh, &om) != 2)
			return -1;
		p += strlen(p);
	}
	if (*p)
		return -1;
	*out = (int64_t)timegm(&tm) - off_sign * (oh * 3600 + om * 60);
	return 0;
}

void cli_format_time(char *out, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cli_color(const char *when)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	/* no-color.org: NO_COLOR set and not empty; a dumb terminal has none */
	if (!when || !strcmp(when, "auto"))
		return isatty(STDOUT_FILENO) && !(no && *no) && !(term && !strcmp(term, "dumb"));
	return !strcmp(when, "always");
}
