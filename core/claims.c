/*
 * Claim sets: storage, keys, canonical order, and extraction over a whole
 * document (sentence by sentence; the grammar is in extract.c).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/buf.h"
#include "claimtrack/claims.h"
#include "claimtrack/text.h"

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

static void claim_dispose(ct_claim *c)
{
	free(c->key);
	free(c->subject);
	free(c->unit);
	free(c->per);
	free(c->text);
	free(c->sentence);
	free(c->section);
}

void ct_claimset_clear(ct_claimset *set)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		claim_dispose(&set->items[i]);
	free(set->items);
	set->items = NULL;
	set->count = set->alloc = 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int ct_claimset_push(ct_claimset *set, const ct_claim *c)
{
	ct_claim *d;

	if (set->count == set->alloc) {
		size_t alloc = set->alloc ? set->alloc * 2 : 16;
		ct_claim *ni = realloc(set->items, alloc * sizeof(*ni));

		if (!ni)
			return ct_error_set(CT_ENOMEM, "out of memory");
		set->items = ni;
		set->alloc = alloc;
	}
	d = &set->items[set->count];
	*d = *c;
	d->key = strdup(c->key ? c->key : "");
	d->subject = strdup(c->subject ? c->subject : "");
	d->unit = dup_or_null(c->unit);
	d->per = dup_or_null(c->per);
	d->text = strdup(c->text ? c->text : "");
	d->sentence = strdup(c->sentence ? c->sentence : "");
	d->section = dup_or_null(c->section);
	if (!d->qualifier)
		d->qualifier = "=";
	if (!d->key || !d->subject || !d->text || !d->sentence ||
	    (c->unit && !d->unit) || (c->per && !d->per) || (c->section && !d->section)) {
		claim_dispose(d);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	set->count++;
	return 0;
}

/* ---- keys ---- */

static const char *const key_stop[] = {
	"the", "a", "an", "some", "these", "those", "this", "that", "its", "their",
	"his", "her", "our", "your", "my", "all", "other", "such", "about", "nearly",
	"roughly", "around", "approximately", "almost", "than", "more", "less",
	"fewer", "over", "under", "least", "most", "up", "to", "estimated",
	"additional", "another", "new", "total", "of", NULL
};

static int is_key_stop(const char *w, size_t n, int first)
{
	size_t i;

	for (i = 0; key_stop[i]; i++) {
		if (strlen(key_stop[i]) == n && memcmp(key_stop[i], w, n) == 0) {
			/* "of" only goes when it leads ("of the agents") */
			if (strcmp(key_stop[i], "of") == 0 && !first)
				return 0;
			return 1;
		}
	}
	return 0;
}

static const struct { const char *plural, *singular; } irregular[] = {
	{ "people", "people" }, { "men", "man" }, { "women", "woman" },
	{ "children", "child" }, { "feet", "foot" }, { "teeth", "tooth" },
	{ "mice", "mouse" }, { "geese", "goose" }, { "persons", "person" },
	{ "police", "police" }, { "staff", "staff" }, { "news", "news" },
	{ "series", "series" }, { "species", "species" }, { "data", "data" },
	{ "media", "media" }, { "personnel", "personnel" }, { "crises", "crisis" },
	{ "analyses", "analysis" }, { "lives", "life" }, { "wives", "wife" },
	{ "knives", "knife" }, { "leaves", "leaf" }, { "halves", "half" },
	{ NULL, NULL }
};

/* Singular of a lower-case word, written into out (at least n+1 bytes). */
static size_t singular(char *out, const char *w, size_t n)
{
	size_t i;

	for (i = 0; irregular[i].plural; i++) {
		if (strlen(irregular[i].plural) == n && memcmp(irregular[i].plural, w, n) == 0) {
			strcpy(out, irregular[i].singular);
			return strlen(out);
		}
	}
	if (n > 3 && memcmp(w + n - 3, "men", 3) == 0) {
		memcpy(out, w, n - 3);
		memcpy(out + n - 3, "man", 4);
		return n;
	}
	memcpy(out, w, n);
	out[n] = '\0';
	if (n <= 3 || w[n - 1] != 's' || !isalpha((unsigned char)w[n - 2]))
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

char *ct_claims_key(const char *subject)
{
	ct_buf b = CT_BUF_INIT;
	char word[128], sing[128];
	const char *s = subject;
	size_t n, split = (size_t)-1;
	int first = 1;

	if (!subject)
		return strdup("");
	while (*s) {
		n = 0;
		/* a word: letters, digits, internal ' - & . */
		while (*s && !(isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80))
			s++;
		while (*s && (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80 ||
			      ((*s == '\'' || *s == '-' || *s == '&' || *s == '.') &&
			       (isalnum((unsigned char)s[1]) || (unsigned char)s[1] >= 0x80)))) {
			if (n + 1 < sizeof(word))
				word[n++] = (char)tolower((unsigned char)*s);
			s++;
		}
		if (n == 0)
			continue;
		word[n] = '\0';
		/* possessive 's goes */
		if (n > 2 && word[n - 2] == '\'' && word[n - 1] == 's')
			word[n -= 2] = '\0';
		if (is_key_stop(word, n, first) || key_word_is(word, n, "and"))
			continue;
		if (!first && split == (size_t)-1 && (key_word_is(word, n, "from") ||
		    key_word_is(word, n, "of") || key_word_is(word, n, "at") ||
		    key_word_is(word, n, "in"))) {
			split = b.len;
			continue;
		}
		first = 0;
		n = singular(sing, word, n);
		if (b.len && ct_buf_putc(&b, ' ') < 0)
			break;
		if (ct_buf_put(&b, sing, n) < 0)
			break;
	}
	if (!b.ptr && ct_buf_grow(&b, 0) < 0)
		return NULL;
	if (split != (size_t)-1 && split < b.len) {
		/* "agent ice" -> "ice agent": the tail before the head */
		ct_buf r = CT_BUF_INIT;
		size_t tail = split + 1;

		if (ct_buf_put(&r, b.ptr + tail, b.len - tail) < 0 || ct_buf_putc(&r, ' ') < 0 ||
		    ct_buf_put(&r, b.ptr, split) < 0) {
			ct_buf_dispose(&r);
			ct_buf_dispose(&b);
			return NULL;
		}
		ct_buf_dispose(&b);
		return ct_buf_detach(&r);
	}
	return ct_buf_detach(&b);
}

/* ---- canonical order and lines ---- */

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int claim_cmp(const void *pa, const void *pb)
{
	const ct_claim *a = pa, *b = pb;
	int c;

	if ((c = strcmp_null(a->section, b->section)) != 0)
		return c;
	if ((c = strcmp(a->key, b->key)) != 0)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return strcmp(a->text, b->text);
}

void ct_claimset_sort(ct_claimset *set)
{
	if (set->count > 1)
		qsort(set->items, set->count, sizeof(*set->items), claim_cmp);
}

int ct_claim_line(char **out, const ct_claim *c)
{
	ct_buf b = CT_BUF_INIT;
	int err;

	err = ct_buf_printf(&b, "%s\t%s%s%.15g", c->key[0] ? c->key : "-",
		strcmp(c->qualifier, "=") ? c->qualifier : "",
		strcmp(c->qualifier, "=") ? " " : "", c->value);
	if (!err && c->has_high)
		err = ct_buf_printf(&b, "-%.15g", c->high);
	if (!err && c->unit)
		err = ct_buf_printf(&b, " %s", c->unit);
	if (!err && c->per)
		err = ct_buf_printf(&b, " per %s", c->per);
	if (!err)
		err = ct_buf_printf(&b, "\t%s\t%s", ct_claim_kind_name(c->kind), c->text);
	if (!err && c->section)
		err = ct_buf_printf(&b, "\t[%s]", c->section);
	if (err) {
		ct_buf_dispose(&b);
		return err;
	}
	*out = ct_buf_detach(&b);
	return 0;
}

/* ---- whole documents ---- */

int ct_claims_extract(ct_claimset *set, const ct_doc *doc)
{
	ct_span *sent = NULL;
	size_t i, k, nsent, counter = 0;
	int last_section = -2, err = 0;

	for (i = 0; i < doc->nblocks && !err; i++) {
		const ct_block *b = &doc->blocks[i];

		if (b->section != last_section) {
			counter = 0;
			last_section = b->section;
		}
		if ((err = ct_sentences(&sent, &nsent, b->text, b->len)) < 0)
			break;
		for (k = 0; k < nsent && !err; k++)
			err = ct_claims_extract_sentence(set, b->text + sent[k].start, sent[k].len,
				ct_doc_block_section(doc, b), counter++);
		free(sent);
		sent = NULL;
	}
	return err;
}
