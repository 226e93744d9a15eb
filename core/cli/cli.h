/* SPDX-License-Identifier: MIT */
/* claimtrack command line: shared helpers. Uses only the public headers. */
#ifndef CLAIMTRACK_CLI_H
#define CLAIMTRACK_CLI_H

#include <stdio.h>
#include "claimtrack/claimtrack.h"

/* Exit statuses scripts can rely on (diff(1) style). */
#define EXIT_OK 0
#define EXIT_DIFFERENT 1   /* diff: some figure changed */
#define EXIT_TROUBLE 2     /* any error: bad input, usage, archive problem */

typedef struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} cli_cmd;

extern const char *cli_progname;
extern const char *cli_exe;

/* "claimtrack: <message>" on stderr; returns EXIT_TROUBLE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The library's last error, with optional context; returns EXIT_TROUBLE. */
int cli_lib_error(void);
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One usage line and a hint to stderr; returns EXIT_TROUBLE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One usage line for a bad option (instead of getopt's own message and
 * ours); for getopt_long with opterr = 0 and an optstring starting with
 * ':'. Returns EXIT_TROUBLE. */
int cli_bad_option(const char *cmd, int c, char **argv);

/* Write a buffer to stdout; EXIT_TROUBLE on a write error. */
int cli_write(const ct_buf *b);

/* Plugin host with refusals reported as warnings. */
int cli_host(ct_host **out);

/* Read FILE or "-" and parse it; prints warnings. */
int cli_parse_file(ct_doc **out, ct_host *host, const char *path, const char *type);

/*
 * Several FILEs in one run, as wc and grep take them: each is parsed in
 * argument order and render() appends its output to out, which is written
 * before the next file is read. many is set when more than one FILE was
 * given, nth counts the files rendered before this one. A file that fails
 * is reported naming it and the others go on; the result is then
 * EXIT_TROUBLE (also on a write error, which stops the run).
 */
typedef int (*cli_render_fn)(ct_buf *out, const ct_doc *doc, const char *file,
	int many, size_t nth, void *payload);
int cli_each_file(ct_host *host, char *const *files, int nfiles, const char *type,
	cli_render_fn render, void *payload);

/* The head/tail header of one file's plain output among several:
 * "==> FILE <==", after a blank line unless it is the first. */
int cli_file_header(ct_buf *out, const char *file, size_t nth);

/* A JSON object (one line, from the library's renderers) with a first
 * member "file": FILE spliced in; the rest is kept byte for byte. */
int cli_json_with_file(ct_buf *out, const char *json, size_t len, const char *file);

/* Where the archive is: the option, else $CLAIMTRACK_ARCHIVE, else
 * $XDG_DATA_HOME/claimtrack/archive (~/.local/share/claimtrack/archive). */
const char *cli_archive_path(const char *opt);
int cli_archive_open(ct_archive **out, const char *opt);

/* Parse "2025-06-01T12:00:00Z" (or with an offset, or a date, or "@epoch"). */
int cli_parse_time(int64_t *out, const char *s);
void cli_format_time(char *out, size_t size, int64_t t);

/* The parsed document of a stored version (its title, its URL); < 0 with
 * the library's error set when it cannot be read or parsed. */
int cli_version_doc(ct_doc **out, ct_archive *archive, ct_host *host, const ct_archive_version *v);
/* Its title and address (malloc'd; left alone where unknown): what a page
 * heads with. A version that does not parse just has none. */
void cli_version_meta(char **title, char **url, ct_archive *archive, ct_host *host,
	const ct_archive_version *v);

/* Use color on stdout? ("auto": a terminal, not TERM=dumb, no NO_COLOR). */
int cli_color(const char *when);

/* Commands */
int cmd_text(int argc, char **argv);
int cmd_claims(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_gc(int argc, char **argv);
int cmd_sync(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_changes(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
