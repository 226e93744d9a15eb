/* SPDX-License-Identifier: MIT */
/* Per-thread last error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "claimtrack/common.h"

#define CT_ERRMSG_MAX 1024

static _Thread_local char last_msg[CT_ERRMSG_MAX];
static _Thread_local int last_code;

const char *ct_error_last(void)
{
	return last_msg[0] ? last_msg : "no error";
}

int ct_error_last_code(void)
{
	return last_code;
}

int ct_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
	last_code = code;
	return code;
}

int ct_error_wrap(int code, const char *fmt, ...)
{
	char prev[CT_ERRMSG_MAX];
	size_t n;
	va_list ap;

	memcpy(prev, last_msg, sizeof(prev));
	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
	n = strlen(last_msg);
	if (prev[0] && n + 2 < sizeof(last_msg))
		snprintf(last_msg + n, sizeof(last_msg) - n, ": %s", prev);
	last_code = code;
	return code;
}

void ct_error_clear(void)
{
	last_msg[0] = '\0';
	last_code = 0;
}
