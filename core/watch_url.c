/* SPDX-License-Identifier: MIT */
/* URLs as watching stores them: canonical form, no credentials, and the
 * readable document id made from one. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "claimtrack/archive.h"
#include "claimtrack/watch.h"

/* The parts of an http(s) URL, as offsets into it. */
typedef struct url_parts {
	int https;
	const char *auth;      /* after "://" */
	const char *host;      /* after any user:pass@ */
	size_t host_len;       /* without the port */
	const char *port;      /* after ':', or NULL */
	size_t port_len;
	const char *path;      /* '/' or '?' onwards, or the end */
	size_t path_len;       /* up to '#' */
} url_parts;

static int split(url_parts *p, const char *url)
{
	const char *s, *e, *at, *h;
	size_t i;

	memset(p, 0, sizeof(*p));
	for (i = 0; url[i]; i++)
		if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f)
			return ct_error_set(CT_EINVAL, "%s: a URL holds no spaces or control characters",
				url);
	if (!strncasecmp(url, "https://", 8)) {
		p->https = 1;
		s = url + 8;
	} else if (!strncasecmp(url, "http://", 7)) {
		s = url + 7;
	} else {
		return ct_error_set(CT_EINVAL, "%s: only http and https URLs can be watched", url);
	}
	p->auth = s;
	e = s + strcspn(s, "/?#");
	at = NULL;
	for (h = s; h < e; h++)
		if (*h == '@')
			at = h;
	p->host = at ? at + 1 : s;
	if (*p->host == '[') {
		const char *close = memchr(p->host, ']', (size_t)(e - p->host));

		if (!close)
			return ct_error_set(CT_EINVAL, "%s: the IPv6 address has no ']'", url);
		h = close + 1;
	} else {
		h = p->host;
		while (h < e && *h != ':')
			h++;
	}
	p->host_len = (size_t)(h - p->host);
	if (h < e && *h == ':') {
		p->port = h + 1;
		p->port_len = (size_t)(e - p->port);
		for (i = 0; i < p->port_len; i++)
			if (!isdigit((unsigned char)p->port[i]))
				return ct_error_set(CT_EINVAL, "%s: the port is not a number", url);
		if (p->port_len == 0)
			p->port = NULL;
	} else if (h != e) {
		return ct_error_set(CT_EINVAL, "%s: the host is not followed by a port or a path", url);
	}
	if (p->host_len == 0)
		return ct_error_set(CT_EINVAL, "%s: the URL has no host", url);
	for (i = 0; i < p->host_len && p->host[0] != '['; i++) {
		unsigned char c = (unsigned char)p->host[i];

		if (!(isalnum(c) || c == '-' || c == '.' || c == '_' || c >= 0x80 || c == '%'))
			return ct_error_set(CT_EINVAL, "%s: '%c' cannot be in a host name", url, c);
	}
	p->path = e;
	p->path_len = strcspn(e, "#");
	return 0;
}

int ct_url_strip_credentials(char **out, const char *url)
{
	const char *s = strstr(url, "://"), *e, *at = NULL, *h;
	size_t n = strlen(url);
	char *r;

	*out = NULL;
	if (s) {
		s += 3;
		e = s + strcspn(s, "/?#");
		for (h = s; h < e; h++)
			if (*h == '@')
				at = h;
	}
	if (!(r = malloc(n + 1)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	if (at) {
		size_t head = (size_t)(s - url);

		memcpy(r, url, head);
		memcpy(r + head, at + 1, n - (size_t)(at + 1 - url) + 1);
	} else {
		memcpy(r, url, n + 1);
	}
	*out = r;
	return 0;
}

static int tracking_param(const char *p, size_t n)
{
	static const char *const names[] = { "fbclid", "gclid", "mc_cid", "mc_eid", "_ga", NULL };
	size_t k = 0, i;

	while (k < n && p[k] != '=')
		k++;
	if (k >= 4 && !strncasecmp(p, "utm_", 4))
		return 1;
	for (i = 0; names[i]; i++)
		if (strlen(names[i]) == k && !strncasecmp(p, names[i], k))
			return 1;
	return 0;
}

/* The path and the query with tracking parameters dropped. */
static int put_path(ct_buf *b, const char *path, size_t len)
{
	const char *q = memchr(path, '?', len), *p, *end = path + len;
	int err, first = 1;

	if (path == end || *path == '?')
		err = ct_buf_putc(b, '/');
	else
		err = ct_buf_put(b, path, q ? (size_t)(q - path) : len);
	if (err < 0 || !q)
		return err;
	for (p = q + 1; p < end && err == 0;) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		size_t n = amp ? (size_t)(amp - p) : (size_t)(end - p);

		if (n && !tracking_param(p, n)) {
			if ((err = ct_buf_putc(b, first ? '?' : '&')) == 0)
				err = ct_buf_put(b, p, n);
			first = 0;
		}
		p += n + 1;
	}
	return err;
}

int ct_url_canonical(char **out, const char *url)
{
	ct_buf b = CT_BUF_INIT;
	url_parts p;
	size_t i;
	int err;

	*out = NULL;
	if ((err = split(&p, url)) < 0)
		return err;
	err = ct_buf_puts(&b, p.https ? "https://" : "http://");
	for (i = 0; i < p.host_len && err == 0; i++)
		err = ct_buf_putc(&b, (char)tolower((unsigned char)p.host[i]));
	if (err == 0 && p.port) {
		const char *digits = p.port;
		size_t n = p.port_len;

		while (n > 1 && *digits == '0')
			digits++, n--;
		if (!((n == 2 && !p.https && !memcmp(digits, "80", 2)) ||
		      (n == 3 && p.https && !memcmp(digits, "443", 3)))) {
			if ((err = ct_buf_putc(&b, ':')) == 0)
				err = ct_buf_put(&b, digits, n);
		}
	}
	if (err == 0)
		err = put_path(&b, p.path, p.path_len);
	if (err < 0) {
		ct_buf_dispose(&b);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	*out = ct_buf_detach(&b);
	return 0;
}

static int ends_with(const char *s, size_t n, const char *tail)
{
	size_t t = strlen(tail);

	return n >= t && !strncasecmp(s + n - t, tail, t);
}

/* Drop "/index.html" and then a page extension from the end of path. */
static size_t trim_page(const char *path, size_t n)
{
	static const char *const ext[] = { ".html", ".htm", ".php", ".shtml", ".aspx", NULL };
	size_t i, slash = n;

	while (slash > 0 && path[slash - 1] != '/')
		slash--;
	if (n - slash > 6 && !strncasecmp(path + slash, "index.", 6))
		return slash;
	for (i = 0; ext[i]; i++)
		if (ends_with(path, n, ext[i]) && n - strlen(ext[i]) > slash)
			return n - strlen(ext[i]);
	return n;
}

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Append s[0..n) to the id: allowed characters as they are, runs of any
 * other as one '-', no "..". */
static void put_id(char *id, size_t *w, size_t cap, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && *w < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		char prev = *w ? id[*w - 1] : '\0';

		if (isalnum(c) || c == '_' || (c == '.' && prev && prev != '.' && prev != '-')) {
			id[(*w)++] = (char)c;
		} else if (prev && prev != '-') {
			if (prev == '.')
				id[*w - 1] = '-';
			else
				id[(*w)++] = '-';
		}
	}
}

int ct_url_default_id(char **out, const char *url)
{
	char *canon = NULL, *id;
	const char *host, *path, *q;
	size_t w = 0, hn, pn, cap = 200;
	url_parts p;
	int err;

	*out = NULL;
	if ((err = ct_url_canonical(&canon, url)) < 0)
		return err;
	if ((err = split(&p, canon)) < 0 || !(id = malloc(cap + 1))) {
		free(canon);
		return err < 0 ? err : ct_error_set(CT_ENOMEM, "out of memory");
	}
	host = p.host;
	hn = p.host_len;
	if (hn > 4 && !strncmp(host, "www.", 4))
		host += 4, hn -= 4;
	put_id(id, &w, cap + 1, host, hn);
	path = p.path;
	q = memchr(path, '?', p.path_len);
	pn = q ? (size_t)(q - path) : p.path_len;
	pn = trim_page(path, pn);
	put_id(id, &w, cap + 1, path, pn);
	if (q)
		put_id(id, &w, cap + 1, q, p.path_len - (size_t)(q - path));
	if (w > cap) {
		/* too long: a cut id and the URL's hash */
		w = cap - 9;
		while (w > 0 && (id[w - 1] == '-' || id[w - 1] == '.'))
			w--;
		w += (size_t)snprintf(id + w, cap + 1 - w, "-%08x", fnv1a(canon));
	}
	while (w > 0 && (id[w - 1] == '-' || id[w - 1] == '.'))
		w--;
	id[w] = '\0';
	if (ends_with(id, w, ".lock"))
		id[w - 5] = '-';
	if (!isalnum((unsigned char)id[0]) ||
	    ct_archive_id_check(id) < 0) {
		ct_error_clear();
		snprintf(id, cap + 1, "url-%08x", fnv1a(canon));
	}
	free(canon);
	*out = id;
	return 0;
}
