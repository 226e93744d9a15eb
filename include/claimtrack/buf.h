/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: growable byte buffer with a hard cap (curl's dynbuf idea).
 */
#ifndef CLAIMTRACK_BUF_H
#define CLAIMTRACK_BUF_H

#include <stdarg.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_buf {
	char *ptr;     /* always NUL-terminated when size > 0 */
	size_t len;
	size_t size;
	size_t cap;    /* 0: no cap */
} ct_buf;

#define CT_BUF_INIT { NULL, 0, 0, 0 }

/*
 * Appending: each returns 0, or CT_ETOOBIG when the buffer would pass its
 * cap (nothing is appended then), or CT_ENOMEM. ct_buf_grow makes room for
 * extra more bytes without appending. The buffer owns ptr; ct_buf_clear
 * empties it keeping the memory, ct_buf_dispose frees it, ct_buf_detach
 * hands ptr to the caller (free() it).
 */

int ct_buf_grow(ct_buf *b, size_t extra);
int ct_buf_put(ct_buf *b, const char *data, size_t len);
int ct_buf_puts(ct_buf *b, const char *s);
int ct_buf_putc(ct_buf *b, char c);
int ct_buf_printf(ct_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ct_buf_vprintf(ct_buf *b, const char *fmt, va_list ap);
void ct_buf_clear(ct_buf *b);
/* Hand the bytes to the caller (free() them); the buffer is reset. */
char *ct_buf_detach(ct_buf *b);
void ct_buf_dispose(ct_buf *b);

/* Read a whole file ("-" is stdin) into out, refusing more than cap bytes. */
int ct_buf_read_file(ct_buf *out, const char *path, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
