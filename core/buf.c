/* Growable buffer with a hard cap. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "claimtrack/buf.h"

int ct_buf_grow(ct_buf *b, size_t extra)
{
	size_t need, nsize;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return ct_error_set(CT_ETOOBIG, "buffer size overflow");
	need = b->len + extra + 1;
	if (b->cap && need > b->cap + 1)
		return ct_error_set(CT_ETOOBIG, "input larger than the %zu-byte limit", b->cap);
	if (need <= b->size)
		return 0;
	nsize = b->size ? b->size : 64;
	while (nsize < need)
		nsize = nsize > SIZE_MAX / 2 ? need : nsize * 2;
	p = realloc(b->ptr, nsize);
	if (!p)
		return ct_error_set(CT_ENOMEM, "out of memory");
	if (!b->ptr)
		p[0] = '\0';
	b->ptr = p;
	b->size = nsize;
	return 0;
}

int ct_buf_put(ct_buf *b, const char *data, size_t len)
{
	int err;

	if ((err = ct_buf_grow(b, len)) < 0)
		return err;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int ct_buf_puts(ct_buf *b, const char *s)
{
	return ct_buf_put(b, s, strlen(s));
}

int ct_buf_putc(ct_buf *b, char c)
{
	return ct_buf_put(b, &c, 1);
}

int ct_buf_vprintf(ct_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	size_t room = b->size > b->len ? b->size - b->len : 0;
	int n, err;

	/* Format straight into the free room: most calls fit, and then the
	 * string is formatted once instead of measured first. */
	va_copy(cp, ap);
	n = vsnprintf(room ? b->ptr + b->len : NULL, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		if (room)
			b->ptr[b->len] = '\0';
		return ct_error_set(CT_ERROR, "bad format");
	}
	if ((size_t)n < room && (!b->cap || b->len + (size_t)n <= b->cap)) {
		b->len += (size_t)n;
		return 0;
	}
	/* a truncated attempt leaves bytes past len: cut them before growing
	 * (or refusing to grow past the cap) */
	if (room)
		b->ptr[b->len] = '\0';
	if ((err = ct_buf_grow(b, (size_t)n)) < 0)
		return err;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int ct_buf_printf(ct_buf *b, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = ct_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return err;
}

void ct_buf_clear(ct_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *ct_buf_detach(ct_buf *b)
{
	char *p = b->ptr;

	if (!p)
		p = calloc(1, 1);
	b->ptr = NULL;
	b->len = b->size = 0;
	return p;
}

void ct_buf_dispose(ct_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->size = 0;
}

int ct_buf_read_file(ct_buf *out, const char *path, size_t cap)
{
	FILE *f;
	struct stat st;
	char chunk[65536];
	size_t n;
	int err = 0, is_stdin = strcmp(path, "-") == 0;

	if (is_stdin) {
		f = stdin;
	} else {
		if (stat(path, &st) < 0)
			return ct_error_set(CT_EIO, "%s: %s", path, strerror(errno));
		if (S_ISDIR(st.st_mode))
			return ct_error_set(CT_EIO, "%s: is a directory", path);
		if (cap && S_ISREG(st.st_mode) && (size_t)st.st_size > cap)
			return ct_error_set(CT_ETOOBIG, "%s: %lld bytes is over the %zu-byte limit",
				path, (long long)st.st_size, cap);
		if (!(f = fopen(path, "rb")))
			return ct_error_set(CT_EIO, "%s: %s", path, strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (cap && out->len + n > cap) {
			err = ct_error_set(CT_ETOOBIG, "%s: input is over the %zu-byte limit",
				is_stdin ? "stdin" : path, cap);
			break;
		}
		if ((err = ct_buf_put(out, chunk, n)) < 0)
			break;
	}
	if (!err && ferror(f))
		err = ct_error_set(CT_EIO, "%s: read error: %s", is_stdin ? "stdin" : path,
			strerror(errno));
	if (!is_stdin)
		fclose(f);
	if (!err && !out->ptr)
		err = ct_buf_grow(out, 0);
	return err;
}
