/* SPDX-License-Identifier: MIT */
/*
 * Feed dates to UTC ISO 8601.
 *
 * RSS says RFC 822, but feeds in the wild drop the weekday, the seconds or
 * the zone, write two-digit or full month names, two-digit years and
 * "+01:00" offsets; Atom and Dublin Core use RFC 3339 / W3C-DTF, which may
 * be truncated to a month or a year. We accept those deviations and refuse
 * anything else rather than guess: a wrong date is worse than none.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rss.h"

typedef struct tm_parts {
	int year, mon, day, hour, min, sec;
	int offset;     /* minutes east of UTC */
} tm_parts;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Read up to max digits (at least min) as a number. */
static int digits(const char **p, const char *end, int min, int max, int *out)
{
	const char *s = *p;
	int n = 0, v = 0;

	while (s < end && n < max && is_digit(*s)) {
		v = v * 10 + (*s - '0');
		s++;
		n++;
	}
	if (n < min)
		return -1;
	*p = s;
	*out = v;
	return n;
}

/* ASCII case-insensitive equality of n bytes (the C library's is locale
 * aware and an order of magnitude slower; dates are parsed by the
 * thousand). */
static int ascii_ieq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((a[i] | 0x20) != (b[i] | 0x20) || !is_alpha(a[i]) != !is_alpha(b[i]))
			return 0;
	return 1;
}

static void skip_space(const char **p, const char *end)
{
	while (*p < end && is_space(**p))
		(*p)++;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static void put_digits(char *o, int v, int n)
{
	while (n-- > 0) {
		o[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

static int emit(char out[RSS_DATE_LEN], tm_parts *t)
{
	int64_t secs;
	int y, m, d;

	if (t->sec == 60)   /* a leap second; close enough */
		t->sec = 59;
	if (t->mon < 1 || t->mon > 12 || t->day < 1 || t->day > days_in_month(t->year, t->mon) ||
	    t->hour > 23 || t->min > 59 || t->sec > 59 || t->year < 1 || t->year > 9999)
		return -1;
	secs = days_from_civil(t->year, t->mon, t->day) * 86400 + t->hour * 3600 +
	       t->min * 60 + t->sec - (int64_t)t->offset * 60;
	civil_from_days(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400, &y, &m, &d);
	secs -= days_from_civil(y, m, d) * 86400;
	if (y < 1 || y > 9999)
		return -1;
	/* every field is range-checked: the text is exactly 20 characters
	 * (written by hand: snprintf cost a sixth of an item's time) */
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = 'T';
	put_digits(out + 11, (int)(secs / 3600), 2);
	out[13] = ':';
	put_digits(out + 14, (int)(secs / 60 % 60), 2);
	out[16] = ':';
	put_digits(out + 17, (int)(secs % 60), 2);
	out[19] = 'Z';
	out[RSS_DATE_LEN - 1] = '\0';
	return 0;
}

/* "+0100", "-05:00", "+01", "Z": minutes east of UTC. */
static int numeric_zone(const char **p, const char *end, int *offset)
{
	const char *s = *p;
	int sign, h, m = 0, n;

	if (s >= end)
		return -1;
	if (*s == 'Z' || *s == 'z') {
		*offset = 0;
		*p = s + 1;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if ((n = digits(&s, end, 1, 4, &h)) < 0)
		return -1;
	if (n == 4) {
		m = h % 100;
		h /= 100;
	} else if (n == 3) {
		m = h % 100;
		h /= 100;
	} else if (s < end && *s == ':') {
		s++;
		if (digits(&s, end, 2, 2, &m) < 0)
			return -1;
	}
	if (h > 23 || m > 59)
		return -1;
	*offset = sign * (h * 60 + m);
	*p = s;
	return 0;
}

static int parse_time(const char **p, const char *end, tm_parts *t)
{
	const char *s = *p;

	if (digits(&s, end, 1, 2, &t->hour) < 0 || s >= end || *s != ':')
		return -1;
	s++;
	if (digits(&s, end, 2, 2, &t->min) < 0)
		return -1;
	t->sec = 0;
	if (s < end && *s == ':') {
		s++;
		if (digits(&s, end, 2, 2, &t->sec) < 0)
			return -1;
		if (s < end && (*s == '.' || *s == ',')) {
			s++;
			while (s < end && is_digit(*s))
				s++;
		}
	}
	*p = s;
	return 0;
}

/* RFC 3339 / W3C-DTF / ISO 8601 (extended or basic). */
static int parse_iso(tm_parts *t, const char *s, const char *end)
{
	int n;

	memset(t, 0, sizeof(*t));
	t->mon = t->day = 1;
	if ((n = digits(&s, end, 4, 8, &t->year)) < 0)
		return -1;
	if (n == 8) {   /* basic format: 20031213 */
		t->day = t->year % 100;
		t->mon = t->year / 100 % 100;
		t->year /= 10000;
	} else if (n != 4) {
		return -1;
	} else if (s < end && *s == '-') {
		s++;
		if (digits(&s, end, 2, 2, &t->mon) < 0)
			return -1;
		if (s < end && *s == '-') {
			s++;
			if (digits(&s, end, 2, 2, &t->day) < 0)
				return -1;
		}
	}
	if (s < end && (*s == 'T' || *s == 't' || *s == ' ')) {
		const char *save = s++;

		if (end - s >= 4 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2])) {
			/* basic time: 151200 */
			int v;

			if ((n = digits(&s, end, 4, 6, &v)) < 0)
				return -1;
			if (n == 6) {
				t->sec = v % 100;
				v /= 100;
			}
			t->min = v % 100;
			t->hour = v / 100;
		} else if (parse_time(&s, end, t) < 0) {
			s = save;   /* "2003-12-13 " then junk: date only */
		}
		skip_space(&s, end);
		if (s < end && numeric_zone(&s, end, &t->offset) < 0) {
			if (end - s >= 3 && (ascii_ieq(s, "GMT", 3) || ascii_ieq(s, "UTC", 3)))
				s += 3;
			else
				return -1;
		}
	}
	skip_space(&s, end);
	return s == end ? 0 : -1;
}

static int month_of(const char *s, size_t n)
{
	static const char *const names[12] = {
		"jan", "feb", "mar", "apr", "may", "jun",
		"jul", "aug", "sep", "oct", "nov", "dec"
	};
	int i;

	if (n < 3)
		return 0;
	for (i = 0; i < 12; i++)
		if (ascii_ieq(s, names[i], 3))
			return i + 1;
	return 0;
}

/* US zones of RFC 822 and the common European and Asian ones feeds use. */
static int named_zone(const char *s, size_t n, int *offset)
{
	static const struct { const char *name; int minutes; } zones[] = {
		{ "GMT", 0 }, { "UT", 0 }, { "UTC", 0 }, { "Z", 0 },
		{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
		{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
		{ "AKST", -540 }, { "AKDT", -480 }, { "HST", -600 },
		{ "BST", 60 }, { "IST", 60 }, { "WET", 0 }, { "WEST", 60 },
		{ "CET", 60 }, { "CEST", 120 }, { "MET", 60 }, { "MEST", 120 },
		{ "EET", 120 }, { "EEST", 180 }, { "MSK", 180 },
		{ "JST", 540 }, { "KST", 540 }, { "AEST", 600 }, { "AEDT", 660 },
		{ "NZST", 720 }, { "NZDT", 780 },
	};
	size_t i;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		if (strlen(zones[i].name) == n && ascii_ieq(s, zones[i].name, n)) {
			*offset = zones[i].minutes;
			return 0;
		}
	}
	/* military single letters are too often misused to trust: UTC */
	if (n == 1 && is_alpha(*s) && (*s | 0x20) != 'j') {
		*offset = 0;
		return 0;
	}
	return -1;
}

/* RFC 822 / RFC 1123 / RFC 2822 with the usual deviations. */
static int parse_rfc822(tm_parts *t, const char *s, const char *end)
{
	const char *w;
	int n;

	memset(t, 0, sizeof(*t));
	skip_space(&s, end);
	/* optional weekday, with or without its comma */
	if (s < end && is_alpha(*s)) {
		w = s;
		while (s < end && (is_alpha(*s) || *s == '.'))
			s++;
		if (month_of(w, (size_t)(s - w)) && s < end && is_space(*s) && s - w <= 9) {
			/* "Sep 07 2002": month first, no weekday */
			skip_space(&s, end);
			t->mon = month_of(w, 3);
			if (digits(&s, end, 1, 2, &t->day) < 0)
				return -1;
			if (s < end && *s == ',')
				s++;
			skip_space(&s, end);
			goto year;
		}
		if (s < end && *s == ',')
			s++;
		skip_space(&s, end);
	}
	if (digits(&s, end, 1, 2, &t->day) < 0)
		return -1;
	while (s < end && (is_space(*s) || *s == '-'))
		s++;
	w = s;
	while (s < end && (is_alpha(*s) || *s == '.'))
		s++;
	if (!(t->mon = month_of(w, (size_t)(s - w))))
		return -1;
	while (s < end && (is_space(*s) || *s == '-' || *s == ','))
		s++;
year:
	if ((n = digits(&s, end, 2, 4, &t->year)) < 0 || n == 3)
		return -1;
	if (n == 2)
		t->year += t->year < 50 ? 2000 : 1900;
	skip_space(&s, end);
	if (s < end && is_digit(*s)) {
		if (parse_time(&s, end, t) < 0)
			return -1;
		skip_space(&s, end);
	}
	if (s < end) {
		if (*s == '+' || *s == '-') {
			if (numeric_zone(&s, end, &t->offset) < 0)
				return -1;
		} else {
			w = s;
			while (s < end && is_alpha(*s))
				s++;
			if (named_zone(w, (size_t)(s - w), &t->offset) < 0)
				return -1;
			/* "GMT+0100" */
			if (s < end && (*s == '+' || *s == '-') && numeric_zone(&s, end, &t->offset) < 0)
				return -1;
		}
		skip_space(&s, end);
		/* a trailing "(PDT)" comment */
		if (s < end && *s == '(') {
			while (s < end && *s != ')')
				s++;
			if (s < end)
				s++;
		}
		skip_space(&s, end);
	}
	return s == end ? 0 : -1;
}

int rss_date_parse(char out[RSS_DATE_LEN], const char *s, size_t len)
{
	const char *end = s + len;
	tm_parts t;

	while (s < end && is_space(*s))
		s++;
	while (end > s && is_space(end[-1]))
		end--;
	if (end - s < 4 || end - s > 80)
		return -1;
	if (end - s >= 4 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3])) {
		if (parse_iso(&t, s, end) == 0)
			return emit(out, &t);
		return -1;
	}
	if (parse_rfc822(&t, s, end) == 0)
		return emit(out, &t);
	return -1;
}
