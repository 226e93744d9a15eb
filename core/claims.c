/* SPDX-License-Identifier: MIT */
/*
 * Claims of a document: extraction sentence by sentence (the grammar is
 * behind extract.c, the storage in claimset.c, keys in keys.c), their
 * canonical order, and claims.txt lines.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/buf.h"
#include "claimtrack/claims.h"
#include "claimtrack/text.h"
#include "claims_cache.h"
#include "claims_internal.h"

/* ---- canonical order and lines ---- */

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

/* The canonical order after section and key: kind, value, text. */
static int cmp_after_key(const ct_claim *a, const ct_claim *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return strcmp(a->text, b->text);
}

static int claim_cmp(const void *pa, const void *pb)
{
	const ct_claim *a = pa, *b = pb;
	int c;

	if ((c = strcmp_null(a->section, b->section)) != 0)
		return c;
	if ((c = strcmp(a->key, b->key)) != 0)
		return c;
	return cmp_after_key(a, b);
}

/*
 * Sorting claims.txt was a tenth of extracting and rendering a document:
 * qsort moved pointers to 112-byte claims through a comparator that
 * called strcmp on every key. Here a sort entry is a claim's address
 * beside the first eight bytes of its key, read as a big-endian number, so
 * most keys compare as integers.
 *
 * The sort is a stable top-down merge (left half n / 2 claims, ties taken
 * from the left): comparison for comparison what glibc's qsort did here,
 * so claims.txt kept its bytes, and now the same order under any C
 * library (qsort need not be stable, and musl's is not). When there is no
 * memory for the entries, qsort itself runs.
 */
typedef struct {
	uint64_t key8;        /* key[0,8) big-endian, zero after its end */
	const ct_claim *c;
} sort_ent;

static uint64_t key_prefix(const char *k)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8 && k[i]; i++)
		v |= (uint64_t)(unsigned char)k[i] << (56 - 8 * i);
	return v;
}

/* claim_cmp's sign for two entries */
static inline int ent_cmp(const sort_ent *x, const sort_ent *y)
{
	const ct_claim *a = x->c, *b = y->c;
	int c;

	if (a->section != b->section && (c = strcmp_null(a->section, b->section)) != 0)
		return c;
	if (x->key8 != y->key8)
		return x->key8 < y->key8 ? -1 : 1;
	/* equal first eight bytes: a key that ended within them ended in both */
	if ((x->key8 & 0xff) != 0 && (c = strcmp(a->key + 8, b->key + 8)) != 0)
		return c;
	return cmp_after_key(a, b);
}

/* A stable top-down merge over entries (see above). */
static void merge_sort(sort_ent *b, size_t n, sort_ent *tmp)
{
	size_t n1, n2;
	sort_ent *b1, *b2, *t = tmp;

	if (n <= 1)
		return;
	n1 = n / 2;
	n2 = n - n1;
	b1 = b;
	b2 = b + n1;
	merge_sort(b1, n1, tmp);
	merge_sort(b2, n2, tmp);
	while (n1 > 0 && n2 > 0) {
		if (ent_cmp(b1, b2) <= 0) {
			*t++ = *b1++;
			n1--;
		} else {
			*t++ = *b2++;
			n2--;
		}
	}
	if (n1 > 0)
		memcpy(t, b1, n1 * sizeof(*t));
	memcpy(b, tmp, (n - n2) * sizeof(*b));
}

void ct_claimset_sort(ct_claimset *set)
{
	size_t n = set->count, i;
	sort_ent *ent;
	ct_claim *out;
	void *mem;

	if (n <= 1)
		return;
	if (n > SIZE_MAX / (2 * sizeof(*ent) + sizeof(*out)) ||
	    !(mem = malloc(n * (2 * sizeof(*ent) + sizeof(*out))))) {
		qsort(set->items, n, sizeof(*set->items), claim_cmp);
		return;
	}
	out = mem;
	ent = (sort_ent *)(out + n);
	for (i = 0; i < n; i++) {
		ent[i].key8 = key_prefix(set->items[i].key);
		ent[i].c = &set->items[i];
	}
	merge_sort(ent, n, ent + n);
	for (i = 0; i < n; i++)
		out[i] = *ent[i].c;
	memcpy(set->items, out, n * sizeof(*out));
	free(mem);
}

/*
 * Numbers of claims.txt are printf's "%.15g", written here digit by digit
 * when the value provably reads the same: an archive import formats two
 * per claim, and printf's floating-point path was most of rendering.
 *
 * A decimal d of at most 15 significant digits comes back unchanged from
 * "%.15g" of the double nearest to d (DBL_DIG is 15). So when r / 10^k,
 * with r an integer below 10^15 and k small, divides (one correctly
 * rounded IEEE operation on exact operands) to exactly |v|, "%.15g" writes
 * the digits of r with a point before its last k, trailing zeros dropped,
 * and no exponent as long as |v| >= 1e-4. Anything else goes to snprintf.
 */
static const double pow10_d[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };
static const uint64_t pow10_u[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

#define NPOW10 (sizeof(pow10_d) / sizeof(pow10_d[0]))

size_t ct_claims__format_number_fast(char *out, double v)
{
	double a = fabs(v), r = 0;
	char digits[24];
	uint64_t u, ip, fp;
	size_t k, n = 0, o = 0;

	if (!(a < 1e15))
		return 0;   /* exponent form, infinity or NaN */
	for (k = 0; k < NPOW10; k++) {
		r = floor(a * pow10_d[k] + 0.5);
		if (r < 1e15 && r / pow10_d[k] == a)
			break;
	}
	if (k == NPOW10 || (r != 0 && r * 1e4 < pow10_d[k]))
		return 0;
	u = (uint64_t)r;
	ip = u / pow10_u[k];
	fp = u % pow10_u[k];
	if (signbit(v))
		out[o++] = '-';
	do {
		digits[n++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (n)
		out[o++] = digits[--n];
	if (fp) {
		/* k digits, leading zeros kept, trailing ones dropped */
		while (fp % 10 == 0) {
			fp /= 10;
			k--;
		}
		out[o++] = '.';
		for (n = k; n > 0; n--) {
			out[o + n - 1] = (char)('0' + fp % 10);
			fp /= 10;
		}
		o += k;
	}
	out[o] = '\0';
	return o;
}

size_t ct_claims__format_number(char *out, double v)
{
	size_t n = ct_claims__format_number_fast(out, v);
	int m;

	if (n)
		return n;
	m = snprintf(out, CT_CLAIMS_NUMBER_MAX, "%.15g", v);
	return m > 0 ? (size_t)m : 0;
}

int ct_claims__line_put(ct_buf *b, const ct_claim *c)
{
	char value[CT_CLAIMS_NUMBER_MAX], high[CT_CLAIMS_NUMBER_MAX];
	const char *key = c->key[0] ? c->key : "-";
	const char *kind = ct_claim_kind_name(c->kind);
	int qualified = strcmp(c->qualifier, "=") != 0;
	size_t nkey = strlen(key), nqual = qualified ? strlen(c->qualifier) : 0;
	size_t nvalue = ct_claims__format_number(value, c->value);
	size_t nhigh = c->has_high ? ct_claims__format_number(high, c->high) : 0;
	size_t nunit = c->unit ? strlen(c->unit) : 0, nper = c->per ? strlen(c->per) : 0;
	size_t nkind = strlen(kind), ntext = strlen(c->text);
	size_t nsection = c->section ? strlen(c->section) : 0;
	size_t nband = c->band ? strlen(c->band) : 0;
	char *o;
	int err;

	/* "KEY\t[QUAL ]VALUE[-HIGH][ UNIT][ per PER][ band BAND]\tKIND\tTEXT[\t[SECTION]]" */
	if ((err = ct_buf_grow(b, nkey + 1 + (qualified ? nqual + 1 : 0) + nvalue +
		(c->has_high ? 1 + nhigh : 0) + (c->unit ? 1 + nunit : 0) +
		(c->per ? 5 + nper : 0) + (c->band ? 6 + nband : 0) + 1 + nkind + 1 + ntext +
		(c->section ? 3 + nsection : 0))) < 0)
		return err;
	o = b->ptr + b->len;
	memcpy(o, key, nkey);
	o += nkey;
	*o++ = '\t';
	if (qualified) {
		memcpy(o, c->qualifier, nqual);
		o += nqual;
		*o++ = ' ';
	}
	memcpy(o, value, nvalue);
	o += nvalue;
	if (c->has_high) {
		*o++ = '-';
		memcpy(o, high, nhigh);
		o += nhigh;
	}
	if (c->unit) {
		*o++ = ' ';
		memcpy(o, c->unit, nunit);
		o += nunit;
	}
	if (c->per) {
		memcpy(o, " per ", 5);
		o += 5;
		memcpy(o, c->per, nper);
		o += nper;
	}
	if (c->band) {
		memcpy(o, " band ", 6);
		o += 6;
		memcpy(o, c->band, nband);
		o += nband;
	}
	*o++ = '\t';
	memcpy(o, kind, nkind);
	o += nkind;
	*o++ = '\t';
	memcpy(o, c->text, ntext);
	o += ntext;
	if (c->section) {
		*o++ = '\t';
		*o++ = '[';
		memcpy(o, c->section, nsection);
		o += nsection;
		*o++ = ']';
	}
	*o = '\0';
	b->len = (size_t)(o - b->ptr);
	return 0;
}

int ct_claim_line(char **out, const ct_claim *c)
{
	ct_buf b = CT_BUF_INIT;
	int err;

	if ((err = ct_claims__line_put(&b, c)) < 0) {
		ct_buf_dispose(&b);
		return err;
	}
	*out = ct_buf_detach(&b);
	return 0;
}

/* ---- whole documents ---- */

/* Sentence s[0,n) as a line of text.txt: its own line breaks become spaces. */
static void put_line(ct_buf *b, const char *s, size_t n)
{
	char *o = b->ptr + b->len, *p, *end = o + n;

	memcpy(o, s, n);
	for (p = o; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		*p = ' ';
	for (p = o; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
		*p = ' ';
	o[n] = '\n';
	b->len += n + 1;
}

/* Claims of every sentence of doc into set and, when text is not NULL, the
 * sentences into text as text.txt has them: each block split once; through
 * cache when it is not NULL. */
static int extract_doc(ct_claimset *set, ct_buf *text, const ct_doc *doc,
	ct_claims_cache *cache)
{
	ct_span *sent = NULL;
	size_t i, k, room, nsent, counter = 0;
	int last_section = -2, err = 0;

	/* every item, so that a diff knows an item with no figures is there */
	set->sections_known = 1;
	for (i = 0; i < doc->nsections && !err; i++)
		if (doc->sections[i].meta[CT_META_ID])
			err = ct_claimset_add_section(set, doc->sections[i].meta[CT_META_ID],
				doc->sections[i].meta[CT_META_TITLE], doc->sections[i].meta[CT_META_URL]);
	for (i = 0; i < doc->nblocks && !err; i++) {
		const ct_block *b = &doc->blocks[i];
		const char *section = ct_doc_block_section(doc, b);

		if (b->section != last_section) {
			counter = 0;
			last_section = b->section;
		}
		if (text && i && (err = ct_buf_putc(text, '\n')) < 0)
			break;
		if ((err = ct_sentences(&sent, &nsent, b->text, b->len)) < 0)
			break;
		if (text) {
			for (k = 0, room = 0; k < nsent; k++)
				room += sent[k].len + 1;
			if ((err = ct_buf_grow(text, room)) < 0)
				break;
			for (k = 0; k < nsent; k++)
				put_line(text, b->text + sent[k].start, sent[k].len);
			text->ptr[text->len] = '\0';
		}
		for (k = 0; k < nsent && !err; k++)
			err = ct_claims_cache__extract_sentence(cache, set, b->text + sent[k].start,
				sent[k].len, section, counter++);
		free(sent);
		sent = NULL;
	}
	free(sent);
	if (!err && text && !text->ptr)
		err = ct_buf_grow(text, 0);
	return err;
}

int ct_claims_extract(ct_claimset *set, const ct_doc *doc)
{
	return extract_doc(set, NULL, doc, NULL);
}

int ct_claims__extract_render(ct_claimset *set, ct_buf *text, const ct_doc *doc,
	ct_claims_cache *cache)
{
	return extract_doc(set, text, doc, cache);
}
