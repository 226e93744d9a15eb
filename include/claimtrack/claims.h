/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: claims, the figures a document reports, each tied to what it
 * counts. As JSON (ct_report_claim_json, `claimtrack claims --format json`)
 * a claim is one object with the members of ct_claim below: key, subject,
 * value, high (null without a range), kind (ct_claim_kind_name), unit, per,
 * qualifier, text, sentence, section (null where unknown or none).
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
	CT_KIND_YEAR,
	/* Not figures: numbers that place an event in time or name a thing.
	 * Extracted so `claims --all` can show them; never diffed. */
	CT_KIND_DATE,         /* "May 7", "9.30pm", "the 70s" */
	CT_KIND_RELATIVE,     /* "two days ago", "eight hours later", "the past 24 hours" */
	CT_KIND_LABEL         /* "Covid-19", "level 2", "101 Freeway", "5G", "Game 7" */
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
	int vague;            /* a vague quantity ("dozens", "thousands of"): value is
	                       * its order of magnitude; shown, never diffed */
	int reference;        /* a number word that points at a known set ("the two
	                       * sides", "one of the oldest"); shown, never diffed */
	const char *band;     /* rank band the figure selects: "bottom", "top", "lowest",
	                       * "highest" ("the bottom 10% of offices"), or NULL (static) */
} ct_claim;

struct ct_claimset_arena;

/* A section of the document the claims came from: a feed item. */
typedef struct ct_claim_section {
	char *id;             /* the item's guid or link */
	char *title;          /* its title, or NULL */
	char *link;           /* its link, or NULL */
} ct_claim_section;

typedef struct ct_claimset {
	ct_claim *items;
	size_t count;
	size_t alloc;
	/* Storage of the claims' strings, owned by the set and freed by
	 * ct_claimset_clear: a claim's strings are not freed one by one and
	 * must not be replaced by the caller (push a new claim instead). */
	struct ct_claimset_arena *arena;
	/* Every section of the document, with or without claims, in document
	 * order; sections_known says the list is complete (it was filled from
	 * a document), so a section missing from it is not there. */
	ct_claim_section *sections;
	size_t nsections;
	size_t sections_alloc;
	int sections_known;
} ct_claimset;

#define CT_CLAIMSET_INIT { NULL, 0, 0, NULL, NULL, 0, 0, 0 }

/* "count", "percent", "money", "measure", "ordinal", "year" (static);
 * parse is the reverse: CT_EINVAL for another name. */
const char *ct_claim_kind_name(ct_claim_kind kind);
int ct_claim_kind_parse(ct_claim_kind *out, const char *name);

/* Is a claim of this kind a figure (count, percent, money, measure), one a
 * monitor hears about when it moves? */
int ct_claim_kind_is_figure(ct_claim_kind kind);

/* Is it listed by default (`claims` without --all, the archive's
 * claims.txt): the figures, years and ordinals; dates, relative times
 * and labels only on request. */
int ct_claim_kind_is_listed(ct_claim_kind kind);

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

/* Append a copy of c (deep: its strings are copied into the set's own
 * storage, so c's may be freed or reused at once). */
int ct_claimset_push(ct_claimset *set, const ct_claim *c);

/* As ct_claimset_push, with the text and the sentence given as spans that
 * need not be NUL-terminated (c->text and c->sentence are ignored). A
 * sentence equal to the previous claim's is stored once. */
int ct_claimset_push_spans(ct_claimset *set, const ct_claim *c,
	const char *text, size_t text_len, const char *sentence, size_t sentence_len);

/* The key of subject[0,len) written into out (cap bytes, NUL-terminated,
 * truncated to fit); returns its length. ct_claims_key without allocating. */
size_t ct_claims_key_into(char *out, size_t cap, const char *subject, size_t len);

/* Record a section of the document (strings copied into the set) and mark
 * the set's section list as known. */
int ct_claimset_add_section(ct_claimset *set, const char *id, const char *title,
	const char *link);

/* Append copies of src's claims and sections to dst. */
int ct_claimset_copy(ct_claimset *dst, const ct_claimset *src);

/* Drop the claims whose kind is not listed by default
 * (ct_claim_kind_is_listed), keeping the others in order. */
void ct_claimset_keep_listed(ct_claimset *set);

/* Free every claim, section and string of the set and leave it empty
 * (CT_CLAIMSET_INIT); the set itself may be reused. */
void ct_claimset_clear(ct_claimset *set);

#ifdef __cplusplus
}
#endif
#endif
