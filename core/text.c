/* SPDX-License-Identifier: MIT */
/* Text normalization (UTF-8, NFC, spaces, quotes) and sentence segmentation. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "claimtrack/buf.h"
#include "claimtrack/text.h"

/*
 * Eight bytes at a time (SWAR): the scans below skip a word of text in one
 * test when none of its bytes is one they stop at. Each test is exact for
 * "some byte of w is ...", never for which.
 */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t load8(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* Some byte of w is below n (n <= 128). */
static inline uint64_t has_below(uint64_t w, unsigned n)
{
	return (w - ONES * n) & ~w & HIGHS;
}

/* Some byte of w is c. */
static inline uint64_t has_byte(uint64_t w, unsigned c)
{
	return has_below(w ^ (ONES * c), 1);
}

/* Some byte of w is above n (n < 128). */
static inline uint64_t has_above(uint64_t w, unsigned n)
{
	return ((w + ONES * (127 - n)) | w) & HIGHS;
}

/* The top bit of exactly each byte of w that is c. */
static inline uint64_t bytes_equal(uint64_t w, unsigned c)
{
	const uint64_t low7 = ONES * 0x7f;
	uint64_t x = w ^ (ONES * c);

	return ~(((x & low7) + low7) | x | low7);
}

/* Decode one UTF-8 sequence strictly (no overlongs, no surrogates).
 * Returns its length, or 0 when invalid; *cp gets the code point. */
static size_t utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
	unsigned char c = s[0];
	size_t n, i;
	int32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2; v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; v = c & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

int ct_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	int32_t cp;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (!(n = utf8_decode(p + i, len - i, &cp)))
			return 0;
		i += n;
	}
	return 1;
}

int ct_text_looks_binary(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, n = len < 8192 ? len : 8192, ctl = 0;

	for (i = 0; i < n; i++) {
		/* text is mostly bytes from 0x20 up: skip them a word at a time */
		while (i + 8 <= n && !has_below(load8(p + i), 0x20))
			i += 8;
		if (i >= n)
			break;
		if (p[i] == 0)
			return 1;
		if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t' &&
		    p[i] != '\f' && p[i] != 0x1b)
			ctl++;
	}
	return n > 0 && ctl * 10 > n;
}

/* What to do with one code point: 0 keep, 1 space, 2 drop, else a replacement. */
static int32_t classify(int32_t cp)
{
	if (cp < 0x80) {
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')
			return 1;
		if (cp < 0x20 || cp == 0x7f)
			return 2;
		return 0;
	}
	switch (cp) {
	case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
	case 0x205F: case 0x3000: case 0x0085:
		return 1;
	case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
	case 0xFEFF:
		return 2;
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
		return '"';
	}
	if (cp >= 0x2000 && cp <= 0x200A)
		return 1;
	if (cp >= 0x80 && cp < 0xA0)
		return 2;
	return 0;
}

/*
 * Code points that NFC leaves alone wherever they stand: combining class 0,
 * no change of their own under NFC, and never the second of a canonical
 * composition (NFC_QC=Yes). Text made only of them is already NFC, so the
 * pass through utf8proc is skipped: ASCII, Latin-1 and the Latin
 * extensions below the combining marks, general punctuation (dashes,
 * ellipsis, bullets), currency signs, U+FFFD. tests/check_textscan.c keeps
 * a copy of this list and checks each of them, and every pair, against
 * utf8proc.
 */
static int nfc_inert(int32_t cp)
{
	return cp < 0x300 || (cp >= 0x2002 && cp < 0x20D0) || cp == 0xFFFD;
}

int ct_text_normalize(char **out, size_t *out_len, const char *in, size_t len,
	size_t *replaced)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, n, bad = 0, w = 0;
	int inert = 1, space = 0;
	int32_t cp, r;
	char *o;

	/* Output never grows past three bytes per input byte (an invalid byte
	 * becomes U+FFFD), so one allocation holds it and the loop writes
	 * directly: this runs on every block of every document. */
	if (len > (SIZE_MAX - 2) / 3)
		return ct_error_set(CT_ETOOBIG, "text too large to normalize");
	if (!(o = malloc(len * 3 + 2)))
		return ct_error_set(CT_ENOMEM, "out of memory normalizing text");
	while (i < len) {
		/* a run of printable ASCII is copied as it is, single spaces
		 * between its words too */
		if (p[i] > 0x20 && p[i] < 0x7f) {
			size_t j = i + 1;

			for (;;) {
				/* eight bytes at once while they are all printable or
				 * single spaces, the last not a space (p[j - 1] is never
				 * one): a paragraph is mostly that */
				while (j + 8 <= len) {
					uint64_t x = load8(p + j), sp = bytes_equal(x, ' ');

					if (has_below(x, 0x20) | has_above(x, 0x7e) | (sp & (sp >> 8)) ||
					    p[j + 7] == ' ')
						break;
					j += 8;
				}
				while (j < len && p[j] > 0x20 && p[j] < 0x7f)
					j++;
				if (j + 1 < len && p[j] == ' ' && p[j + 1] > 0x20 && p[j + 1] < 0x7f)
					j += 2;
				else
					break;
			}
			if (space && w)
				o[w++] = ' ';
			space = 0;
			memcpy(o + w, p + i, j - i);
			w += j - i;
			i = j;
			continue;
		}
		if (p[i] < 0x80) {
			cp = p[i];
			n = 1;
		} else if (!(n = utf8_decode(p + i, len - i, &cp))) {
			cp = 0xFFFD;
			n = 1;
			bad++;
		}
		i += n;
		r = classify(cp);
		if (r == 1) {
			space = 1;
			continue;
		}
		if (r == 2)
			continue;
		if (space && w)
			o[w++] = ' ';
		space = 0;
		if (r > 2)
			cp = r;
		if (cp < 0x80) {
			o[w++] = (char)cp;
		} else {
			if (!nfc_inert(cp))
				inert = 0;
			w += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)o + w);
		}
	}
	o[w] = '\0';
	if (!inert) {
		utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)o);

		free(o);
		if (!nfc)
			return ct_error_set(CT_ENOMEM, "out of memory normalizing text");
		o = (char *)nfc;
		w = strlen(o);
	} else if (len > 4096) {
		/* give back the worst-case room of a large block */
		char *shrunk = realloc(o, w + 1);

		if (shrunk)
			o = shrunk;
	}
	if (replaced)
		*replaced = bad;
	if (out_len)
		*out_len = w;
	*out = o;
	return 0;
}

/* ---- sentence segmentation ---- */

/* Words that end with a full stop without ending a sentence. Lower case,
 * with their lengths: every full stop before a capital asks, so a miss
 * must cost a byte comparison per entry, not a strcmp. */
#define W(s) { s, sizeof(s) - 1 }
static const struct { const char *w; size_t n; } abbrevs[] = {
	W("mr"), W("mrs"), W("ms"), W("dr"), W("prof"), W("sen"), W("rep"), W("gov"), W("gen"),
	W("col"), W("lt"), W("sgt"), W("capt"), W("cmdr"), W("adm"), W("maj"), W("st"), W("jr"),
	W("sr"), W("rev"), W("hon"), W("pres"), W("inc"), W("corp"), W("co"), W("ltd"), W("bros"),
	W("dept"), W("univ"), W("assn"), W("vs"), W("v"), W("jan"), W("feb"), W("mar"), W("apr"),
	W("jun"), W("jul"), W("aug"), W("sep"), W("sept"), W("oct"), W("nov"), W("dec"), W("mon"),
	W("tue"), W("tues"), W("wed"), W("thu"), W("thur"), W("thurs"), W("fri"), W("no"),
	W("nos"), W("vol"), W("fig"), W("approx"), W("est"), W("ave"), W("blvd"), W("mt"), W("ft"),
	W("gov't"), W("e.g"), W("i.e"), W("u.s"), W("u.k"), W("u.n"), W("u.s.a"), W("d.c"),
	W("a.m"), W("p.m"), W("ph.d"), W("ca"), W("cf"), W("al"), W("op"), W("pp"), W("rd"),
	W("sq"), W("calif"), W("fla"), W("ariz"), W("conn"), W("colo"), W("okla"), W("tenn"),
	W("ky"), W("md"), W("mich"), W("minn"), W("neb"), W("nev"), W("wis"), W("wyo"), W("ore"),
};
#undef W

static int is_abbrev(const char *w, size_t n)
{
	char low[16];
	size_t i;

	if (n == 0 || n >= sizeof(low))
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)w[i]);
	low[n] = '\0';
	for (i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++)
		if (abbrevs[i].n == n && abbrevs[i].w[0] == low[0] && memcmp(abbrevs[i].w, low, n) == 0)
			return 1;
	/* An initial ("F.") or a dotted acronym ("U.S", "N.Y"): letters and dots. */
	if (n == 1 && isupper((unsigned char)w[0]))
		return 1;
	if (n >= 3 && w[1] == '.') {
		for (i = 0; i < n; i++)
			if (!(isalpha((unsigned char)w[i]) || w[i] == '.'))
				return 0;
		return 1;
	}
	return 0;
}

/* Byte length of a closing quote or bracket at s[i] ('"', ')', and the
 * typographic ” ’ »), else 0. */
static size_t closer_len(const char *s, size_t len, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;

	if (*u == '"' || *u == '\'' || *u == ')' || *u == ']')
		return 1;
	if (i + 2 < len && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9D || u[2] == 0x99))
		return 3;
	if (i + 1 < len && u[0] == 0xC2 && u[1] == 0xBB)
		return 2;
	return 0;
}

/* The ellipsis character "…" at s[i]. */
static int is_ellipsis(const char *s, size_t len, size_t i)
{
	return i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		(unsigned char)s[i + 2] == 0xA6;
}

/* Titles and other abbreviations that are never the last word of a
 * sentence: "Mr. The" does not occur, "the U.S. The" does. */
static int is_title(const char *w, size_t n)
{
	static const char *const titles[] = {
		"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt",
		"capt", "cmdr", "adm", "maj", "st", "rev", "hon", "pres", "no", "nos", "vol", "fig",
		"vs", "v", "mt", "ft", "ave", "blvd", "e.g", "i.e", "cf", NULL
	};
	size_t k, i;

	for (k = 0; titles[k]; k++) {
		if (strlen(titles[k]) != n)
			continue;
		for (i = 0; i < n && tolower((unsigned char)w[i]) == titles[k][i]; i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

/* A capitalized function word at s[i] that opens sentences and never
 * continues a name: after "in the U.S." it says a new sentence began. */
static int opener_word(const char *s, size_t len, size_t i)
{
	static const char *const words[] = {
		"The", "A", "An", "It", "He", "She", "They", "We", "I", "But", "And", "In", "On",
		"At", "This", "That", "These", "Those", "There", "His", "Her", "Their", "Its",
		"Our", "However", "Meanwhile", "After", "Before", "When", "While", "If", "As",
		"Some", "Many", "Most", "Other", "Officials", "Analysts", NULL
	};
	size_t k, n;

	while (i < len && (s[i] == '"' || s[i] == '\''))
		i++;
	for (n = 0; i + n < len && isalpha((unsigned char)s[i + n]); n++)
		;
	if (n == 0 || (i + n < len && (s[i + n] == '.' || s[i + n] == '\'' || s[i + n] == '-')))
		return 0;
	for (k = 0; words[k]; k++)
		if (strlen(words[k]) == n && memcmp(words[k], s + i, n) == 0)
			return 1;
	return 0;
}

/* Does a sentence start at s[i] (after white space)? */
static int starts_sentence(const char *s, size_t len, size_t i)
{
	unsigned char c;

	while (i < len && (s[i] == '"' || s[i] == '\'' || s[i] == '(' || s[i] == '['))
		i++;
	if (i >= len)
		return 0;
	c = (unsigned char)s[i];
	return isupper(c) || isdigit(c) || c >= 0x80 || c == '$';
}

int ct_sentences(ct_span **out, size_t *count, const char *s, size_t len)
{
	ct_span *v = NULL, *nv;
	size_t n = 0, alloc = 0, start = 0, i = 0, end, ws, j, k;

	while (start < len && s[start] == ' ')
		start++;
	for (i = start; i < len; i++) {
		unsigned char c;
		int boundary = 0;

		/* only '.', '!', '?' and the lead byte of "…" can end a sentence */
		while (i + 8 <= len) {
			uint64_t w = load8((const unsigned char *)s + i);

			if (has_byte(w, '.') | has_byte(w, '!') | has_byte(w, '?') | has_byte(w, 0xE2))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		c = (unsigned char)s[i];
		if (c == 0xE2 && is_ellipsis(s, len, i)) {
			end = i + 3;
		} else if (c == '.' || c == '!' || c == '?') {
			end = i + 1;
		} else {
			continue;
		}
		while (end < len && (s[end] == '.' || s[end] == '!' || s[end] == '?'))
			end++;
		while (end < len && (k = closer_len(s, len, end)) > 0)
			end += k;
		if (end >= len)
			break;
		if (s[end] != ' ')
			continue;
		ws = end;
		while (ws < len && s[ws] == ' ')
			ws++;
		if (ws >= len || !starts_sentence(s, len, ws))
			continue;
		boundary = 1;
		if (c == '.' && end == i + 1) {
			/* the word before the stop */
			j = i;
			while (j > start && s[j - 1] != ' ' && s[j - 1] != '(' && s[j - 1] != '"')
				j--;
			/* an abbreviation goes on, unless it can end a sentence and
			 * a word that only opens one follows: "moved to the U.S.
			 * The move", "Acme Inc. It said" */
			if (is_abbrev(s + j, i - j) && (is_title(s + j, i - j) || !opener_word(s, len, ws)))
				boundary = 0;
		}
		if (!boundary)
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			if (!(nv = realloc(v, alloc * sizeof(*v)))) {
				free(v);
				return ct_error_set(CT_ENOMEM, "out of memory");
			}
			v = nv;
		}
		v[n].start = start;
		v[n].len = end - start;
		n++;
		start = ws;
		i = ws - 1;
	}
	while (len > start && s[len - 1] == ' ')
		len--;
	if (len > start) {
		if (n == alloc) {
			alloc = alloc ? alloc + 1 : 1;
			if (!(nv = realloc(v, alloc * sizeof(*v)))) {
				free(v);
				return ct_error_set(CT_ENOMEM, "out of memory");
			}
			v = nv;
		}
		v[n].start = start;
		v[n].len = len - start;
		n++;
	}
	*out = v;
	*count = n;
	return 0;
}
