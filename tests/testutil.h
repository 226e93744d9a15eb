/* SPDX-License-Identifier: MIT */
/* Test helpers shared by the Check suites. */
#ifndef CT_TESTUTIL_H
#define CT_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include "claimtrack/claimtrack.h"

/* Result of running the real claimtrack binary. */
typedef struct run_result {
	int status;        /* exit status, or 128+signal */
	char *out;         /* stdout, NUL-terminated */
	size_t out_len;
	char *err;         /* stderr, NUL-terminated */
	size_t err_len;
} run_result;

/* Run $CT_BIN with argv (NULL-terminated, without argv[0]); stdin from
 * in_data (may be NULL: /dev/null). Extra environment "K=V" entries in env
 * (NULL-terminated, may be NULL) are added. */
void run_claimtrack(run_result *r, const char *const *argv, const char *in_data,
	size_t in_len, const char *const *env);
void run_result_free(run_result *r);

/* run_claimtrack with the arguments after first, up to a NULL (at most 62);
 * in (NUL-terminated) and env as there. */
void run_ct(run_result *r, const char *in, const char *const *env, const char *first, ...);

/* Run a shell command (printf-style); its stdout, malloc'd, and exit status. */
char *run_shell(int *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Path of a file under the source tree ("fixtures/text/x.txt"): static buffer. */
const char *src_path(const char *rel);
/* Read a whole file (aborts the test on failure); malloc'd, NUL-terminated. */
char *slurp(const char *path, size_t *len);
/* A fresh empty temporary directory (removed by tmpdir_cleanup). */
char *tmpdir_new(void);
void tmpdir_cleanup(char *dir);
/* Write data to path (aborts the test on failure). */
void spew(const char *path, const char *data, size_t len);

/* A plugin host over the build tree's plugins. */
ct_host *test_host(void);
/* Parse a fixture with the given plugin type (NULL: sniff). */
ct_doc *parse_fixture(ct_host *host, const char *rel, const char *type);

/* assert two strings equal, printing a diff-friendly message */
#define ck_assert_text_eq(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (strcmp(g_, w_) != 0) \
		ck_abort_msg("text differs\n--- want\n%s\n--- got\n%s\n---", w_, g_); \
} while (0)

#endif
