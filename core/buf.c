/* SPDX-License-Identifier: MIT */
/* Growable buffer with a hard cap. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* A regular file of known size: one read into room made once. */
static int read_regular(ct_buf *out, int fd, const char *path, size_t size, size_t cap)
{
	size_t want = size + 1;     /* one more, to see the file grew meanwhile */
	int err;

	if (cap && want > cap + 1)
		want = cap + 1;
	if ((err = ct_buf_grow(out, want)) < 0)
		return err;
	for (;;) {
		ssize_t n = read(fd, out->ptr + out->len, want);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ct_error_set(CT_EIO, "%s: read error: %s", path, strerror(errno));
		if (n == 0)
			break;
		if (cap && out->len + (size_t)n > cap) {
			out->ptr[out->len] = '\0';
			return ct_error_set(CT_ETOOBIG, "%s: input is over the %zu-byte limit", path, cap);
		}
		out->len += (size_t)n;
		want -= (size_t)n;
		if (!want) {
			/* still more: it grew since the stat; take the rest in steps */
			want = 65536;
			if ((err = ct_buf_grow(out, want)) < 0)
				return err;
		}
	}
	out->ptr[out->len] = '\0';
	return 0;
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
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			return ct_error_set(CT_EIO, "%s: %s", path, strerror(errno));
		if (fstat(fd, &st) < 0) {
			err = ct_error_set(CT_EIO, "%s: %s", path, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			err = ct_error_set(CT_EIO, "%s: is a directory", path);
		} else if (cap && S_ISREG(st.st_mode) && (size_t)st.st_size > cap) {
			err = ct_error_set(CT_ETOOBIG, "%s: %lld bytes is over the %zu-byte limit",
				path, (long long)st.st_size, cap);
		} else if (S_ISREG(st.st_mode)) {
			err = read_regular(out, fd, path, (size_t)st.st_size, cap);
			close(fd);
			return err;
		} else if (!(f = fdopen(fd, "rb"))) {
			err = ct_error_set(CT_EIO, "%s: %s", path, strerror(errno));
		}
		if (err) {
			close(fd);
			return err;
		}
	}
	/* a pipe, a device or stdin: read until the end */
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
