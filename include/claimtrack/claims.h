/*
 * claimtrack: claims, the figures a document reports, each tied to what it
 * counts. See INTERFACE.md for the JSON shape.
 */
#ifndef CLAIMTRACK_CLAIMS_H
#define CLAIMTRACK_CLAIMS_H

#include "common.h"
#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CT_KIND_COUNT = 0,
	CT_KIND_PERCENT,
	CT_KIND_MONEY,
	CT_KIND_MEASURE,
	CT_KIND_ORDINAL,
	CT_KIND_YEAR
} ct_claim_kind;

typedef struct ct_claim {
	char *key;            /* normalized subject: "ice agent" */
	char *subject;        /* as written: "ICE agents" (may be "") */
	double value;
	double high;          /* upper end of a range; valid when has_high */
	int has_high;
	ct_claim_kind kind;
	char *unit;           /* "USD", "%", "km", or NULL */
	char *per;            /* rate: "day", "month", or NULL */
	const char *qualifier;/* "=", "~", ">", "<", ">=", "<=", "up", "down" (static) */
	char *text;           /* the figure as written: "3,000 ICE agents" */
	char *sentence;       /* the whole sentence */
	char *section;        /* section id, or NULL */
	size_t sentence_no;   /* 0-based sentence index within its section */
	size_t offset;        /* byte offset of text within sentence */
	const char *rule;     /* which rule attributed the subject (static), for --debug */
} ct_claim;

typedef struct ct_claimset {
	ct_claim *items;
	size_t count;
	size_t alloc;
} ct_claimset;

#define CT_CLAIMSET_INIT { NULL, 0, 0 }

const char *ct_claim_kind_name(ct_claim_kind kind);
int ct_claim_kind_parse(ct_claim_kind *out, const char *name);

/* Extract claims of every sentence of every block of doc, appended to set
 * in document order. */
int ct_claims_extract(ct_claimset *set, const ct_doc *doc);

/* Extract claims from one sentence (normalized UTF-8). section may be NULL. */
int ct_claims_extract_sentence(ct_claimset *set, const char *sentence,
	size_t len, const char *section, size_t sentence_no);

/* The normalized key of a subject phrase (malloc'd): case-folded, singular,
 * no determiners. */
char *ct_claims_key(const char *subject);

/* Sort claims canonically (section, key, kind, value, text): the archive's
 * stored order, stable across reorderings of the document. */
void ct_claimset_sort(ct_claimset *set);

/* One claim as a stable single line for the archive's claims.txt. */
int ct_claim_line(char **out, const ct_claim *c);

/* Append a copy of c (deep). */
int ct_claimset_push(ct_claimset *set, const ct_claim *c);

void ct_claimset_clear(ct_claimset *set);

#ifdef __cplusplus
}
#endif
#endif
