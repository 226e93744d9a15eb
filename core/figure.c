/* SPDX-License-Identifier: MIT */
/*
 * Figure identity (see figure.h). A claim's value is brought to its
 * class's base unit and rounded to 32 bits of mantissa, so that forms of
 * one number that differ only in the last bits of a double ("1.2 million"
 * against "1,200,000") compare and hash equal.
 */
#include <math.h>
#include <string.h>

#include "figure.h"

int ct_figure_wanted(const ct_claim *c, int years, int ordinals)
{
	if (c->vague || c->reference)
		return 0;
	switch (c->kind) {
	case CT_KIND_COUNT:
	case CT_KIND_PERCENT:
	case CT_KIND_MONEY:
	case CT_KIND_MEASURE:
		return 1;
	case CT_KIND_YEAR:
		return years;
	case CT_KIND_ORDINAL:
		return ordinals;
	case CT_KIND_DATE:
	case CT_KIND_RELATIVE:
	case CT_KIND_LABEL:
		return 0;
	}
	return 0;
}

/* Seconds in one of a time unit, or 0 when w is none. */
static double time_unit(const char *w, size_t n)
{
	static const struct { const char *w; double s; } units[] = {
		{ "second", 1 }, { "minute", 60 }, { "hour", 3600 }, { "day", 86400 },
		{ "week", 7 * 86400.0 }, { "fortnight", 14 * 86400.0 },
		{ "month", 365.25 / 12 * 86400 }, { "year", 365.25 * 86400 },
		{ "decade", 3652.5 * 86400 }, { "century", 36525.0 * 86400 },
	};
	size_t i, m;

	if (n > 1 && w[n - 1] == 's')
		n--;
	/* most words are none: "second" .. "fortnight" are 3 to 9 letters */
	if (n < 3 || n > 9 || !strchr("smhdwfyc", w[0]))
		return 0;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		m = strlen(units[i].w);
		if (m == n && memcmp(units[i].w, w, n) == 0)
			return units[i].s;
	}
	return 0;
}

/* Years in one of an age unit ("year-old", "month-old"), or 0. */
static double age_unit(const char *u)
{
	size_t n = strlen(u);

	if (n <= 4 || strcmp(u + n - 4, "-old") != 0)
		return 0;
	return time_unit(u, n - 4) / (365.25 * 86400);
}

static double canon(double v)
{
	int e;
	double m;

	if (v == 0 || !isfinite(v))
		return v == 0 ? 0 : v;
	m = frexp(v, &e);
	return ldexp(nearbyint(ldexp(m, 32)), e - 32);
}

/* splitmix64's finalizer: every input bit reaches the low bits, which
 * pick the bucket (a double's low bits are zero for whole numbers). */
static uint64_t mix(uint64_t h, uint64_t x)
{
	h ^= x;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebu;
	h ^= h >> 31;
	return h;
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static uint64_t hash_double(double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	return u;
}

/* Where the last word of a key starts. */
static size_t head_at(const char *key)
{
	const char *sp = strrchr(key, ' ');

	return sp ? (size_t)(sp + 1 - key) : 0;
}

void ct_figure_id_of(ct_figure_id *out, const ct_claim *c)
{
	double scale = 1, t;
	const char *key = c->key ? c->key : "";
	const char *head = key + head_at(key);
	uint64_t h;

	memset(out, 0, sizeof(*out));
	out->cls = CT_FIG_NUMBER;
	switch (c->kind) {
	case CT_KIND_PERCENT:
		scale = 0.01;
		/* "0.25 percentage points" is a difference of two rates, never
		 * the same figure as "0.25%" */
		if (c->unit && !strcmp(c->unit, "pp"))
			out->unit = "pp";
		break;
	case CT_KIND_MONEY:
		out->cls = CT_FIG_MONEY;
		out->unit = c->unit ? c->unit : "";
		break;
	case CT_KIND_MEASURE:
		if (c->unit && (t = age_unit(c->unit)) > 0) {
			/* an age is a number of years: "a man, 23" is a 23-year-old */
			scale = t;
			out->age = 1;
		} else if (c->unit && (t = time_unit(c->unit, strlen(c->unit))) > 0) {
			out->cls = CT_FIG_DURATION;
			scale = t;
		} else {
			out->cls = CT_FIG_MEASURE;
			out->unit = c->unit ? c->unit : "";
		}
		break;
	case CT_KIND_COUNT:
		/* "three days", "two weeks": a count of a time unit is a span,
		 * whoever's it is ("five years of government": the key ends on
		 * the head, "government year") */
		if (!c->unit && (t = time_unit(head, strlen(head))) > 0) {
			out->cls = CT_FIG_DURATION;
			scale = t;
		}
		break;
	default:
		out->cls = CT_FIG_MEASURE;
		out->unit = ct_claim_kind_name(c->kind);
		break;
	}
	out->per = c->per && *c->per ? c->per : NULL;
	out->value = canon(c->value * scale);
	out->has_high = c->has_high;
	out->high = c->has_high ? canon(c->high * scale) : 0;
	if (out->value == 0 && !out->has_high) {
		/* zero of any class is one figure (see ct_figure_id_equal) */
		out->hash = 0x5a45524f;
		return;
	}
	h = mix(1469598103934665603u, (uint64_t)out->cls);
	h = hash_str(h, out->unit);
	h = hash_str(h, out->per);
	h = mix(h, hash_double(out->value));
	if (out->has_high)
		h = mix(h, hash_double(out->high));
	out->hash = h;
}

static int unit_eq(const char *a, const char *b)
{
	return (!a || !b) ? a == b : strcmp(a, b) == 0;
}

int ct_figure_comparable(const ct_figure_id *a, const ct_figure_id *b)
{
	return a->cls == b->cls && unit_eq(a->unit, b->unit) && unit_eq(a->per, b->per);
}

int ct_figure_id_equal(const ct_figure_id *a, const ct_figure_id *b)
{
	if (a->hash != b->hash || a->value != b->value || a->has_high != b->has_high ||
	    (a->has_high && a->high != b->high))
		return 0;
	/* nothing, in any unit, is nothing: "US$0" and "zero" */
	return ct_figure_comparable(a, b) || (a->value == 0 && !a->has_high);
}
