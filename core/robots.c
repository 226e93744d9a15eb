/* SPDX-License-Identifier: MIT */
/*
 * robots.txt, as RFC 9309 has it: groups of rules, each for the crawlers
 * its user-agent lines name; a crawler obeys the groups that name its
 * product token, else those for "*", else nothing. Within them the rule
 * with the longest pattern that matches the path decides, "allow" winning
 * a tie; '*' in a pattern matches any run of characters and a final '$'
 * anchors it at the end of the path.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "claimtrack/common.h"
#include "claimtrack/fetch.h"

/* RFC 9309 asks crawlers to parse at least 500 KiB; beyond that, nothing */
#define ROBOTS_MAX (500 * 1024)

typedef struct rule {
	char *pattern;
	size_t len;
	int allow;
} rule;

typedef struct rules {
	rule *v;
	size_t n, cap;
	double delay;         /* crawl-delay, -1 none */
	int seen;             /* a group named this agent */
} rules;

struct ct_robots {
	rules use;
};

static void rules_free(rules *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].pattern);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int rules_add(rules *r, const char *p, size_t n, int allow)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		rule *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			return ct_error_set(CT_ENOMEM, "out of memory");
		r->v = v;
		r->cap = cap;
	}
	if (!(r->v[r->n].pattern = malloc(n + 1)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	memcpy(r->v[r->n].pattern, p, n);
	r->v[r->n].pattern[n] = '\0';
	r->v[r->n].len = n;
	r->v[r->n].allow = allow;
	r->n++;
	return 0;
}

/* The product token of a user-agent value: "ClaimTrack/1.0" -> "claimtrack". */
static int agent_is(const char *v, size_t n, const char *agent)
{
	size_t i, k = 0;

	while (k < n && v[k] != '/' && v[k] != ' ' && v[k] != '\t')
		k++;
	if (k == 1 && v[0] == '*')
		return agent == NULL;
	if (!agent || strlen(agent) != k)
		return 0;
	for (i = 0; i < k; i++)
		if (tolower((unsigned char)v[i]) != tolower((unsigned char)agent[i]))
			return 0;
	return 1;
}

static double parse_delay(const char *v, size_t n)
{
	char tmp[32], *end;
	double d;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	d = strtod(tmp, &end);
	return end != tmp && d >= 0 && d < 86400 ? d : -1;
}

int ct_robots_parse(ct_robots **out, const char *data, size_t len, const char *agent)
{
	ct_robots *r;
	rules ours = { NULL, 0, 0, -1, 0 }, star = { NULL, 0, 0, -1, 0 };
	const char *p = data, *end;
	int in_agents = 0, g_ours = 0, g_star = 0, err = 0;

	*out = NULL;
	if (len > ROBOTS_MAX)
		len = ROBOTS_MAX;
	end = data + len;
	while (p < end && !err) {
		const char *eol = p, *k, *ke, *v, *ve, *hash;

		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		hash = memchr(p, '#', (size_t)(eol - p));
		ve = hash ? hash : eol;
		k = p;
		p = eol < end ? eol + 1 : eol;
		while (k < ve && (*k == ' ' || *k == '\t'))
			k++;
		for (ke = k; ke < ve && *ke != ':'; ke++)
			;
		if (ke == ve)
			continue;          /* no "key:": not a line of the format */
		v = ke + 1;
		while (ke > k && (ke[-1] == ' ' || ke[-1] == '\t'))
			ke--;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if ((size_t)(ke - k) == 10 && !strncasecmp(k, "user-agent", 10)) {
			/* consecutive user-agent lines name one group */
			if (!in_agents)
				g_ours = g_star = 0;
			in_agents = 1;
			if (agent_is(v, (size_t)(ve - v), agent))
				g_ours = ours.seen = 1;
			else if (agent_is(v, (size_t)(ve - v), NULL))
				g_star = star.seen = 1;
			continue;
		}
		in_agents = 0;
		if (((size_t)(ke - k) == 5 && !strncasecmp(k, "allow", 5)) ||
		    ((size_t)(ke - k) == 8 && !strncasecmp(k, "disallow", 8))) {
			int allow = (ke - k) == 5;

			/* "Disallow:" with no path disallows nothing */
			if (ve == v)
				continue;
			if (g_ours)
				err = rules_add(&ours, v, (size_t)(ve - v), allow);
			if (!err && g_star)
				err = rules_add(&star, v, (size_t)(ve - v), allow);
		} else if ((size_t)(ke - k) == 11 && !strncasecmp(k, "crawl-delay", 11)) {
			double d = parse_delay(v, (size_t)(ve - v));

			if (g_ours && d >= 0)
				ours.delay = d;
			if (g_star && d >= 0)
				star.delay = d;
		}
	}
	if (!err && !(r = calloc(1, sizeof(*r))))
		err = ct_error_set(CT_ENOMEM, "out of memory");
	if (err) {
		rules_free(&ours);
		rules_free(&star);
		return err;
	}
	/* the groups that name this crawler, else those for everyone */
	if (ours.seen) {
		r->use = ours;
		rules_free(&star);
	} else {
		r->use = star;
		rules_free(&ours);
	}
	if (!r->use.seen)
		r->use.delay = -1;
	*out = r;
	return 0;
}

/*
 * Does pattern p match the start of path s ('*' any run, final '$' the
 * end)? Greedy, backtracking only to the last '*': linear in practice and
 * never exponential, whatever a hostile file puts in its patterns.
 */
static int pattern_matches(const char *p, const char *s)
{
	const char *star = NULL, *ss = NULL;

	for (;;) {
		if (*p == '$' && p[1] == '\0') {
			if (!*s)
				return 1;
		} else if (!*p) {
			return 1;
		} else if (*p == '*') {
			while (*p == '*')
				p++;
			star = p;
			ss = s;
			continue;
		} else if (*s && *p == *s) {
			p++;
			s++;
			continue;
		}
		if (!star || !*ss)
			return 0;
		p = star;
		s = ++ss;
	}
}

int ct_robots_allowed(const ct_robots *r, const char *path)
{
	size_t i, best = 0;
	int allow = 1, any = 0;

	if (!r || !strcmp(path, "/robots.txt"))
		return 1;
	for (i = 0; i < r->use.n; i++) {
		const rule *ru = &r->use.v[i];

		if (!pattern_matches(ru->pattern, path))
			continue;
		if (!any || ru->len > best || (ru->len == best && ru->allow && !allow)) {
			best = ru->len;
			allow = ru->allow;
			any = 1;
		}
	}
	return allow;
}

double ct_robots_crawl_delay(const ct_robots *r)
{
	return r ? r->use.delay : -1;
}

void ct_robots_free(ct_robots *r)
{
	if (!r)
		return;
	rules_free(&r->use);
	free(r);
}

int ct_url_split(char **origin, char **path, const char *url)
{
	const char *sep = strstr(url, "://"), *auth, *rest, *at;
	size_t n, i;

	*origin = *path = NULL;
	if (!sep || sep == url)
		return ct_error_set(CT_EINVAL, "%s: not an absolute URL", url);
	auth = sep + 3;
	rest = auth + strcspn(auth, "/?#");
	/* user info is no part of the origin */
	at = memchr(auth, '@', (size_t)(rest - auth));
	if (at)
		auth = at + 1;
	if (rest == auth)
		return ct_error_set(CT_EINVAL, "%s: no host in this URL", url);
	n = (size_t)(sep - url) + 3 + (size_t)(rest - auth);
	if (!(*origin = malloc(n + 1)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	memcpy(*origin, url, (size_t)(sep - url) + 3);
	memcpy(*origin + (sep - url) + 3, auth, (size_t)(rest - auth));
	(*origin)[n] = '\0';
	/* scheme and host compare without case */
	for (i = 0; i < n; i++)
		(*origin)[i] = (char)tolower((unsigned char)(*origin)[i]);
	n = strcspn(rest, "#");
	if (!(*path = malloc(n + 2))) {
		free(*origin);
		*origin = NULL;
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	/* "http://h?q" asks for "/?q" */
	if (*rest != '/') {
		(*path)[0] = '/';
		memcpy(*path + 1, rest, n);
		(*path)[n + 1] = '\0';
	} else {
		memcpy(*path, rest, n);
		(*path)[n] = '\0';
	}
	return 0;
}
