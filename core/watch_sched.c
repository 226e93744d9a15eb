/* SPDX-License-Identifier: MIT */
/* The age schedule: how often a document is checked, by its age. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/watch.h"

void ct_watch_default_schedule(ct_watch_schedule *s)
{
	static const int64_t age[] = { 3 * 3600, 86400, 7 * 86400, 30 * 86400, -1 };
	static const int64_t every[] = { 15 * 60, 3600, 6 * 3600, 86400, 7 * 86400 };

	memset(s, 0, sizeof(*s));
	s->n = 5;
	memcpy(s->age, age, sizeof(age));
	memcpy(s->every, every, sizeof(every));
}

int ct_watch_parse_schedule(ct_watch_schedule *out, const char *spec)
{
	ct_watch_schedule s;
	const char *p = spec;

	memset(&s, 0, sizeof(s));
	while (*p) {
		char age[32], every[32];
		const char *eq = strchr(p, '='), *comma;
		size_t an, en;

		comma = eq ? strchr(eq, ',') : NULL;
		if (!eq || (an = (size_t)(eq - p)) == 0 || an >= sizeof(age))
			return ct_error_set(CT_EINVAL, "schedule '%s': each part is AGE=EVERY "
				"(\"3h=15m,1d=1h,*=1d\")", spec);
		en = comma ? (size_t)(comma - eq - 1) : strlen(eq + 1);
		if (en == 0 || en >= sizeof(every))
			return ct_error_set(CT_EINVAL, "schedule '%s': '%.*s' says no interval", spec,
				(int)an, p);
		if (s.n == 8)
			return ct_error_set(CT_EINVAL, "schedule '%s': eight parts at most", spec);
		if (s.n && s.age[s.n - 1] < 0)
			return ct_error_set(CT_EINVAL, "schedule '%s': '*=' is the last part", spec);
		memcpy(age, p, an);
		age[an] = '\0';
		memcpy(every, eq + 1, en);
		every[en] = '\0';
		if (!strcmp(age, "*"))
			s.age[s.n] = -1;
		else if (ct_watch_parse_duration(&s.age[s.n], age) < 0)
			return ct_error_wrap(CT_EINVAL, "schedule '%s'", spec);
		if (ct_watch_parse_duration(&s.every[s.n], every) < 0)
			return ct_error_wrap(CT_EINVAL, "schedule '%s'", spec);
		if (s.n && s.age[s.n] >= 0 && s.age[s.n] <= s.age[s.n - 1])
			return ct_error_set(CT_EINVAL, "schedule '%s': the ages must rise", spec);
		s.n++;
		p = comma ? comma + 1 : eq + 1 + en;
	}
	if (!s.n || s.age[s.n - 1] >= 0)
		return ct_error_set(CT_EINVAL, "schedule '%s': end it with '*=EVERY', for any age", spec);
	*out = s;
	return 0;
}

int64_t ct_watch_age_interval(const ct_watch_schedule *s, int64_t age)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->age[i] < 0 || age < s->age[i])
			return s->every[i];
	return s->n ? s->every[s->n - 1] : 86400;
}
