/* SPDX-License-Identifier: MIT */
/* The watch list: one source per line, parsed strictly. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/archive.h"
#include "claimtrack/watch.h"

#define MAX_LINE 8192
#define MAX_SOURCES 100000

int ct_watch_parse_duration(int64_t *out, const char *s)
{
	const char *p = s;
	int64_t total = 0;

	*out = 0;
	if (!*p)
		return ct_error_set(CT_EINVAL, "an empty duration");
	while (*p) {
		int64_t n = 0, unit;

		if (!isdigit((unsigned char)*p))
			return ct_error_set(CT_EINVAL, "'%s' is not a duration (like 90s, 15m, 2h, 1d, "
				"1h30m)", s);
		while (isdigit((unsigned char)*p)) {
			n = n * 10 + (*p++ - '0');
			if (n > 100000000)
				return ct_error_set(CT_EINVAL, "'%s' is too long a duration", s);
		}
		switch (*p) {
		case 's': unit = 1; break;
		case 'm': unit = 60; break;
		case 'h': unit = 3600; break;
		case 'd': unit = 86400; break;
		case 'w': unit = 7 * 86400; break;
		default:
			return ct_error_set(CT_EINVAL, "'%s' is not a duration: each number takes a unit "
				"(s, m, h, d or w)", s);
		}
		p++;
		total += n * unit;
		if (total > INT64_C(10) * 365 * 86400)
			return ct_error_set(CT_EINVAL, "'%s' is too long a duration (ten years at most)", s);
	}
	if (total < 1)
		return ct_error_set(CT_EINVAL, "'%s' is no time at all", s);
	*out = total;
	return 0;
}

static void source_dispose(ct_watch_source *s)
{
	free(s->url);
	free(s->canonical);
	free(s->id);
	free(s->type);
	free(s->region);
	free(s->user_agent);
	free(s->hook);
}

void ct_watch_list_dispose(ct_watch_list *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->n; i++)
		source_dispose(&list->v[i]);
	free(list->v);
	free(list->file);
	memset(list, 0, sizeof(*list));
}

/* The parsing position in one line. */
typedef struct cursor {
	const char *file;
	unsigned int line;
	const char *p, *end;
} cursor;

#define FAIL(c, ...) fail_at(c, __VA_ARGS__)

static int fail_at(const cursor *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail_at(const cursor *c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ct_error_set(CT_EINVAL, "%s:%u: %s", c->file, c->line, msg);
}

static void skip_space(cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* A value: bare up to the next space, or "quoted" with \" and \\. */
static int read_value(char **out, cursor *c, const char *key)
{
	ct_buf b = CT_BUF_INIT;
	int err = 0;

	*out = NULL;
	if (c->p < c->end && *c->p == '"') {
		c->p++;
		for (;;) {
			if (c->p >= c->end) {
				ct_buf_dispose(&b);
				return FAIL(c, "the quoted value of %s has no closing '\"'", key);
			}
			if (*c->p == '"') {
				c->p++;
				break;
			}
			if (*c->p == '\\' && c->p + 1 < c->end && (c->p[1] == '"' || c->p[1] == '\\'))
				c->p++;
			if ((err = ct_buf_putc(&b, *c->p++)) < 0)
				break;
		}
		if (err == 0 && c->p < c->end && *c->p != ' ' && *c->p != '\t') {
			ct_buf_dispose(&b);
			return FAIL(c, "a space must follow the quoted value of %s", key);
		}
	} else {
		while (c->p < c->end && *c->p != ' ' && *c->p != '\t' && err == 0) {
			if (*c->p == '"') {
				ct_buf_dispose(&b);
				return FAIL(c, "a '\"' inside the value of %s: quote the whole value", key);
			}
			err = ct_buf_putc(&b, *c->p++);
		}
	}
	if (err == 0 && b.len == 0)
		err = FAIL(c, "%s has an empty value", key);
	else if (err == 0)
		err = ct_buf_grow(&b, 0);
	if (err < 0) {
		ct_buf_dispose(&b);
		return err;
	}
	*out = ct_buf_detach(&b);
	return 0;
}

static int check_type(cursor *c, const char *v)
{
	const char *p;

	for (p = v; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' || *p == '_'))
			return FAIL(c, "type=%s: a plugin name is lower-case letters, digits, '-' and '_' "
				"(see 'claimtrack plugins')", v);
	return 0;
}

static int check_text(cursor *c, const char *key, const char *v)
{
	const unsigned char *p;

	for (p = (const unsigned char *)v; *p; p++)
		if (*p < ' ' || *p == 0x7f)
			return FAIL(c, "%s holds a control character", key);
	return 0;
}

/* A CSS selector is checked here; an XPath by the plugin, before a round
 * fetches anything (ct_watch_run). */
static int check_region(cursor *c, const char *v)
{
	char *xpath = NULL;

	if (ct_region_xpath(&xpath, v) < 0)
		return FAIL(c, "region=%s", ct_error_last());
	free(xpath);
	return 0;
}

static int set_key(ct_watch_source *s, cursor *c, const char *key, char *v)
{
	char **slot = NULL;
	int err = 0;

	if (!strcmp(key, "id")) {
		if (ct_archive_id_check(v) < 0)
			err = FAIL(c, "id=%s: %s", v, ct_error_last());
		slot = &s->id;
		s->id_given = 1;
	} else if (!strcmp(key, "type")) {
		err = check_type(c, v);
		slot = &s->type;
	} else if (!strcmp(key, "region")) {
		err = check_region(c, v);
		slot = &s->region;
	} else if (!strcmp(key, "user-agent")) {
		err = check_text(c, key, v);
		slot = &s->user_agent;
	} else if (!strcmp(key, "hook")) {
		err = check_text(c, key, v);
		slot = &s->hook;
	} else if (!strcmp(key, "interval")) {
		if (s->interval)
			err = FAIL(c, "interval is given twice");
		else if (ct_watch_parse_duration(&s->interval, v) < 0)
			err = FAIL(c, "interval=%s: %s", v, ct_error_last());
	} else if (!strcmp(key, "follow")) {
		if (s->follow != -1)
			err = FAIL(c, "follow is given twice");
		else if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
			s->follow = 1;
		else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
			s->follow = 0;
		else
			err = FAIL(c, "follow=%s: say yes or no", v);
	} else {
		err = FAIL(c, "unknown key '%s' (the keys are id, type, interval, region, user-agent, "
			"follow, hook)", key);
	}
	if (err == 0 && slot && *slot)
		err = FAIL(c, "%s is given twice", key);
	if (err == 0 && slot) {
		*slot = v;
		return 0;
	}
	free(v);
	return err;
}

/* One line holding a source: URL, then key=value pairs. */
static int parse_source(ct_watch_source *s, cursor *c)
{
	const char *u = c->p;
	char key[32];
	int err;

	memset(s, 0, sizeof(*s));
	s->follow = -1;
	s->line = c->line;
	while (c->p < c->end && *c->p != ' ' && *c->p != '\t')
		c->p++;
	if (!(s->url = strndup(u, (size_t)(c->p - u))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	if (ct_url_canonical(&s->canonical, s->url) < 0)
		return FAIL(c, "%s", ct_error_last());
	for (;;) {
		const char *k;
		char *v;

		skip_space(c);
		if (c->p >= c->end || *c->p == '#')
			break;
		k = c->p;
		while (c->p < c->end && *c->p != '=' && *c->p != ' ' && *c->p != '\t')
			c->p++;
		if (c->p >= c->end || *c->p != '=')
			return FAIL(c, "'%.*s' is not key=value", (int)(c->p - k > 80 ? 80 : c->p - k), k);
		if ((size_t)(c->p - k) >= sizeof(key) || c->p == k)
			return FAIL(c, "'%.*s' is not a key", (int)(c->p - k > 80 ? 80 : c->p - k), k);
		memcpy(key, k, (size_t)(c->p - k));
		key[c->p - k] = '\0';
		c->p++;
		if ((err = read_value(&v, c, key)) < 0 || (err = set_key(s, c, key, v)) < 0)
			return err;
	}
	if (!s->id && ct_url_default_id(&s->id, s->canonical) < 0)
		return FAIL(c, "%s", ct_error_last());
	return 0;
}

/* No two sources share an id or a canonical URL: sorted by the key and
 * then by line, a duplicate sits next to the line it repeats. */
static int sort_by_id(const void *a, const void *b)
{
	const ct_watch_source *x = *(ct_watch_source *const *)a, *y = *(ct_watch_source *const *)b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int sort_by_url(const void *a, const void *b)
{
	const ct_watch_source *x = *(ct_watch_source *const *)a, *y = *(ct_watch_source *const *)b;
	int c = strcmp(x->canonical, y->canonical);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int check_unique(const ct_watch_list *l)
{
	const ct_watch_source **v, *a = NULL, *b = NULL;
	size_t i;
	int by_url = 0;

	if (l->n < 2)
		return 0;
	if (!(v = malloc(l->n * sizeof(*v))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	for (i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	qsort(v, l->n, sizeof(*v), sort_by_url);
	for (i = 1; i < l->n && !a; i++)
		if (!strcmp(v[i]->canonical, v[i - 1]->canonical))
			a = v[i - 1], b = v[i], by_url = 1;
	if (!a) {
		qsort(v, l->n, sizeof(*v), sort_by_id);
		for (i = 1; i < l->n && !a; i++)
			if (!strcmp(v[i]->id, v[i - 1]->id))
				a = v[i - 1], b = v[i];
	}
	free(v);
	if (a) {
		cursor c = { l->file, b->line, NULL, NULL };

		if (by_url)
			return FAIL(&c, "%s is on line %u already", b->canonical, a->line);
		return FAIL(&c, "id %s is line %u's too%s", b->id, a->line,
			b->id_given ? "" : " (made from the URL: give this source an id=)");
	}
	return 0;
}

int ct_watch_list_parse(ct_watch_list *out, const char *data, size_t len, const char *file)
{
	const char *p = data, *end = data + len;
	ct_watch_list l;
	unsigned int line = 0;
	int err = 0;

	memset(out, 0, sizeof(*out));
	memset(&l, 0, sizeof(l));
	if (!(l.file = strdup(file ? file : "-")))
		return ct_error_set(CT_ENOMEM, "out of memory");
	while (p < end && err == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		cursor c = { l.file, ++line, p, e };
		const char *q;

		if (e > p && e[-1] == '\r')
			c.end = --e;
		for (q = p; q < e; q++)
			if (*q == '\0' || (*q < ' ' && *q != '\t'))
				break;
		if (q < e)
			err = FAIL(&c, "a control character (is this a text file?)");
		else if (e - p > MAX_LINE)
			err = FAIL(&c, "the line is longer than %d bytes", MAX_LINE);
		p = nl ? nl + 1 : end;
		if (err)
			break;
		skip_space(&c);
		if (c.p >= c.end || *c.p == '#')
			continue;
		if (l.n >= MAX_SOURCES) {
			err = FAIL(&c, "more than %d sources", MAX_SOURCES);
			break;
		}
		if (l.n % 16 == 0) {
			ct_watch_source *v = realloc(l.v, (l.n + 16) * sizeof(*v));

			if (!v) {
				err = ct_error_set(CT_ENOMEM, "out of memory");
				break;
			}
			l.v = v;
		}
		err = parse_source(&l.v[l.n], &c);
		l.n++;
	}
	if (err == 0)
		err = check_unique(&l);
	if (err < 0) {
		ct_watch_list_dispose(&l);
		return err;
	}
	*out = l;
	return 0;
}

int ct_watch_list_load(ct_watch_list *out, const char *path)
{
	ct_buf b = CT_BUF_INIT;
	int err;

	memset(out, 0, sizeof(*out));
	if (ct_buf_read_file(&b, path, 16u << 20) < 0) {
		ct_buf_dispose(&b);
		return ct_error_wrap(CT_EIO, "watch list %s", path);
	}
	err = ct_watch_list_parse(out, b.ptr ? b.ptr : "", b.len, strcmp(path, "-") ? path : "(stdin)");
	ct_buf_dispose(&b);
	return err;
}
