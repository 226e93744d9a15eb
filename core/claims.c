/*
 * Claim sets: storage, keys, canonical order, and extraction over a whole
 * document (sentence by sentence; the grammar is in extract.c).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/buf.h"
#include "claimtrack/claims.h"
#include "claimtrack/text.h"
#include "claims_internal.h"
#include "lexicon.h"

static const char *const kind_names[] = {
	"count", "percent", "money", "measure", "ordinal", "year"
};

const char *ct_claim_kind_name(ct_claim_kind kind)
{
	return (unsigned)kind < sizeof(kind_names) / sizeof(kind_names[0])
		? kind_names[kind] : "count";
}

int ct_claim_kind_parse(ct_claim_kind *out, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (strcmp(kind_names[i], name) == 0) {
			*out = (ct_claim_kind)i;
			return 0;
		}
	}
	return ct_error_set(CT_EINVAL, "unknown claim kind '%s'", name);
}

/*
 * The claims' strings live in an arena owned by the set: a few large
 * chunks instead of seven small allocations per claim, freed all at once by
 * ct_claimset_clear. Claims of one sentence share one copy of it.
 */
typedef struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
} chunk;

struct ct_claimset_arena {
	chunk *head;
	const char *last_sentence;   /* the copy the previous claim points to */
	size_t last_sentence_len;
	const char *last_section;
};

#define CHUNK_MIN (64u * 1024u - sizeof(chunk) - 64u)

static char *arena_dup(ct_claimset *set, const char *s, size_t n)
{
	struct ct_claimset_arena *a = set->arena;
	chunk *c;
	char *p;

	if (!a) {
		if (!(a = calloc(1, sizeof(*a))))
			return NULL;
		set->arena = a;
	}
	c = a->head;
	if (!c || c->size - c->used < n + 1) {
		size_t size = n + 1 > CHUNK_MIN ? n + 1 : CHUNK_MIN;

		if (!(c = malloc(sizeof(*c) + size)))
			return NULL;
		c->used = 0;
		c->size = size;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

void ct_claimset_clear(ct_claimset *set)
{
	if (set->arena) {
		chunk *c = set->arena->head, *next;

		for (; c; c = next) {
			next = c->next;
			free(c);
		}
		free(set->arena);
		set->arena = NULL;
	}
	free(set->items);
	set->items = NULL;
	set->count = set->alloc = 0;
	free(set->sections);
	set->sections = NULL;
	set->nsections = set->sections_alloc = 0;
	set->sections_known = 0;
}

static int grow(ct_claimset *set)
{
	size_t alloc;
	ct_claim *ni;

	if (set->count < set->alloc)
		return 0;
	alloc = set->alloc ? set->alloc * 2 : 16;
	if (!(ni = realloc(set->items, alloc * sizeof(*ni))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	set->items = ni;
	set->alloc = alloc;
	return 0;
}

static int copy_str(ct_claimset *set, char **dst, const char *s, int keep_null)
{
	if (!s && keep_null) {
		*dst = NULL;
		return 0;
	}
	if (!s)
		s = "";
	return (*dst = arena_dup(set, s, strlen(s))) ? 0 : -1;
}

int ct_claimset_push_spans(ct_claimset *set, const ct_claim *c,
	const char *text, size_t text_len, const char *sentence, size_t sentence_len)
{
	struct ct_claimset_arena *a;
	ct_claim *d;
	int err;

	if ((err = grow(set)) < 0)
		return err;
	d = &set->items[set->count];
	*d = *c;
	if (!d->qualifier)
		d->qualifier = "=";
	if (copy_str(set, &d->key, c->key, 0) < 0 || copy_str(set, &d->subject, c->subject, 0) < 0 ||
	    copy_str(set, &d->unit, c->unit, 1) < 0 || copy_str(set, &d->per, c->per, 1) < 0 ||
	    !(d->text = arena_dup(set, text ? text : "", text ? text_len : 0)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	a = set->arena;
	if (!sentence)
		sentence_len = 0;
	if (a->last_sentence && a->last_sentence_len == sentence_len &&
	    memcmp(a->last_sentence, sentence ? sentence : "", sentence_len) == 0) {
		d->sentence = (char *)a->last_sentence;
	} else {
		if (!(d->sentence = arena_dup(set, sentence ? sentence : "", sentence_len)))
			return ct_error_set(CT_ENOMEM, "out of memory");
		a->last_sentence = d->sentence;
		a->last_sentence_len = sentence_len;
	}
	if (!c->section) {
		d->section = NULL;
	} else if (a->last_section && strcmp(a->last_section, c->section) == 0) {
		d->section = (char *)a->last_section;
	} else {
		if (copy_str(set, &d->section, c->section, 1) < 0)
			return ct_error_set(CT_ENOMEM, "out of memory");
		a->last_section = d->section;
	}
	set->count++;
	return 0;
}

int ct_claimset_push(ct_claimset *set, const ct_claim *c)
{
	return ct_claimset_push_spans(set, c, c->text ? c->text : "", c->text ? strlen(c->text) : 0,
		c->sentence ? c->sentence : "", c->sentence ? strlen(c->sentence) : 0);
}

int ct_claimset_add_section(ct_claimset *set, const char *id, const char *title,
	const char *link)
{
	ct_claim_section *s;

	if (set->nsections == set->sections_alloc) {
		size_t alloc = set->sections_alloc ? set->sections_alloc * 2 : 8;
		ct_claim_section *ns = realloc(set->sections, alloc * sizeof(*ns));

		if (!ns)
			return ct_error_set(CT_ENOMEM, "out of memory");
		set->sections = ns;
		set->sections_alloc = alloc;
	}
	s = &set->sections[set->nsections];
	if (copy_str(set, &s->id, id, 0) < 0 || copy_str(set, &s->title, title, 1) < 0 ||
	    copy_str(set, &s->link, link, 1) < 0)
		return ct_error_set(CT_ENOMEM, "out of memory");
	set->nsections++;
	set->sections_known = 1;
	return 0;
}

/* ---- keys ---- */

/* A letter as the C locale has it, without a locale call: keys are built
 * a byte at a time for every claim. */
static inline int ascii_alpha(unsigned c)
{
	return (c | 0x20) - 'a' < 26u;
}

#define W(s) { s, sizeof(s) - 1 }

typedef struct word_len {
	const char *w;
	size_t n;
} word_len;

static const word_len key_stop[] = {
	W("the"), W("a"), W("an"), W("some"), W("these"), W("those"), W("this"), W("that"),
	W("its"), W("their"), W("his"), W("her"), W("our"), W("your"), W("my"), W("all"),
	W("other"), W("such"), W("about"), W("nearly"), W("roughly"), W("around"),
	W("approximately"), W("almost"), W("than"), W("more"), W("less"), W("fewer"),
	W("over"), W("under"), W("least"), W("most"), W("up"), W("to"), W("estimated"),
	W("additional"), W("another"), W("new"), W("total"), W("and"),
};

/* Lengths are compared first: this runs for every word of every key. */
static int word_in(const word_len *tab, size_t count, const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (tab[i].n == n && tab[i].w[0] == w[0] && memcmp(tab[i].w, w, n) == 0)
			return 1;
	return 0;
}

static int is_key_stop(const char *w, size_t n, int first)
{
	/* "of" only goes when it leads ("of the agents") */
	if (n == 2 && w[0] == 'o' && w[1] == 'f')
		return first;
	return word_in(key_stop, sizeof(key_stop) / sizeof(key_stop[0]), w, n);
}

static const struct { word_len plural; const char *singular; } irregular[] = {
	{ W("people"), "people" }, { W("men"), "man" }, { W("women"), "woman" },
	{ W("children"), "child" }, { W("feet"), "foot" }, { W("teeth"), "tooth" },
	{ W("mice"), "mouse" }, { W("geese"), "goose" }, { W("persons"), "person" },
	{ W("police"), "police" }, { W("staff"), "staff" }, { W("news"), "news" },
	{ W("series"), "series" }, { W("species"), "species" }, { W("data"), "data" },
	{ W("media"), "media" }, { W("personnel"), "personnel" }, { W("crises"), "crisis" },
	{ W("analyses"), "analysis" }, { W("lives"), "life" }, { W("wives"), "wife" },
	{ W("knives"), "knife" }, { W("leaves"), "leaf" }, { W("halves"), "half" },
};

/* Singular of a lower-case word, written into out (at least n+1 bytes). */
static size_t singular(char *out, const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(irregular) / sizeof(irregular[0]); i++) {
		if (irregular[i].plural.n == n && irregular[i].plural.w[0] == w[0] &&
		    memcmp(irregular[i].plural.w, w, n) == 0) {
			size_t m = strlen(irregular[i].singular);

			memcpy(out, irregular[i].singular, m + 1);
			return m;
		}
	}
	if (n > 3 && memcmp(w + n - 3, "men", 3) == 0) {
		memcpy(out, w, n - 3);
		memcpy(out + n - 3, "man", 4);
		return n;
	}
	memcpy(out, w, n);
	out[n] = '\0';
	if (n <= 3 || w[n - 1] != 's' || !ascii_alpha((unsigned char)w[n - 2]))
		return n;
	if (n > 4 && memcmp(w + n - 3, "ies", 3) == 0) {
		memcpy(out + n - 3, "y", 2);
		return n - 2;
	}
	if (n > 4 && (memcmp(w + n - 4, "sses", 4) == 0 || memcmp(w + n - 4, "ches", 4) == 0 ||
		      memcmp(w + n - 4, "shes", 4) == 0 || memcmp(w + n - 3, "xes", 3) == 0 ||
		      memcmp(w + n - 3, "zes", 3) == 0)) {
		out[n - 2] = '\0';
		return n - 2;
	}
	if (w[n - 2] == 's' || w[n - 2] == 'u' || w[n - 2] == 'i')
		return n;   /* "class", "status", "analysis" */
	out[n - 1] = '\0';
	return n - 1;
}

/*
 * The key of a subject: what lets the same figure be followed from one
 * version of a document to the next while the wording around it moves.
 *
 *   1. Words are split on anything but letters, digits and internal
 *      ' - & . ("U.S.", "co-op", "S&P"); each is case-folded.
 *   2. A possessive "'s" goes ("Johnson's deputies" -> "johnson deputy").
 *   3. Determiners, quantity words and filler go (the, a, some, about,
 *      more, estimated, additional, total, ...; see key_stop), as do "and"
 *      and commas inside name lists.
 *   4. Each word is made singular (agents -> agent, people stays people).
 *   5. One prepositional tail of identification ("from", "of", "at", "in"
 *      + noun) is moved before the head, so "agents from ICE" and "ICE
 *      agents" share "ice agent", and "workers of Ford" reads "ford worker".
 *      Only the first such preposition moves; a longer tail stays in order.
 *
 * The result is stable under reordering, pluralization and added filler,
 * and deliberately not under a change of what is counted.
 */
static int key_word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

static void reverse(char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n / 2; i++) {
		char t = p[i];

		p[i] = p[n - 1 - i];
		p[n - 1 - i] = t;
	}
}

static int key_byte(unsigned char c)
{
	return ascii_alpha(c) || (unsigned)c - '0' < 10u || c >= 0x80;
}

size_t ct_claims_key_into(char *out, size_t cap, const char *subject, size_t len)
{
	char word[128], sing[128];
	const char *s = subject, *end = subject + len;
	size_t n, o = 0, split = (size_t)-1;
	int first = 1;

	if (cap == 0)
		return 0;
	out[0] = '\0';
	if (!subject)
		return 0;
	while (s < end) {
		n = 0;
		/* a word: letters, digits, internal ' - & . */
		while (s < end && !key_byte((unsigned char)*s))
			s++;
		while (s < end && (key_byte((unsigned char)*s) ||
			((*s == '\'' || *s == '-' || *s == '&' || *s == '.') &&
			 s + 1 < end && key_byte((unsigned char)s[1])))) {
			if (n + 1 < sizeof(word))
				word[n++] = (char)ct_lower[(unsigned char)*s];
			s++;
		}
		if (n == 0)
			continue;
		word[n] = '\0';
		/* possessive 's goes */
		if (n > 2 && word[n - 2] == '\'' && word[n - 1] == 's')
			word[n -= 2] = '\0';
		if (is_key_stop(word, n, first))
			continue;
		if (!first && split == (size_t)-1 && (key_word_is(word, n, "from") ||
		    key_word_is(word, n, "of") || key_word_is(word, n, "at") ||
		    key_word_is(word, n, "in"))) {
			split = o;
			continue;
		}
		first = 0;
		n = singular(sing, word, n);
		if (o + (o > 0) + n + 1 > cap)
			break;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, sing, n);
		o += n;
	}
	out[o] = '\0';
	if (split != (size_t)-1 && split < o) {
		/* "agent ice" -> "ice agent": the tail before the head, rotated in
		 * place: head + " tail" -> " tail" + head by three reversals */
		reverse(out, split);
		reverse(out + split, o - split);
		reverse(out, o);
		/* " tail" + "head" -> "tail head" */
		{
			size_t tail = o - split - 1;

			memmove(out, out + 1, tail);
			out[tail] = ' ';
		}
	}
	return o;
}

char *ct_claims_key(const char *subject)
{
	size_t n = subject ? strlen(subject) : 0;
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	ct_claims_key_into(out, n + 1, subject ? subject : "", n);
	return out;
}

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
	char *o;
	int err;

	/* "KEY\t[QUAL ]VALUE[-HIGH][ UNIT][ per PER]\tKIND\tTEXT[\t[SECTION]]" */
	if ((err = ct_buf_grow(b, nkey + 1 + (qualified ? nqual + 1 : 0) + nvalue +
		(c->has_high ? 1 + nhigh : 0) + (c->unit ? 1 + nunit : 0) +
		(c->per ? 5 + nper : 0) + 1 + nkind + 1 + ntext +
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
 * sentences into text as text.txt has them: each block split once. */
static int extract_doc(ct_claimset *set, ct_buf *text, const ct_doc *doc)
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
			err = ct_claims_extract_sentence(set, b->text + sent[k].start, sent[k].len,
				section, counter++);
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
	return extract_doc(set, NULL, doc);
}

int ct_claims__extract_render(ct_claimset *set, ct_buf *text, const ct_doc *doc)
{
	return extract_doc(set, text, doc);
}
