/* SPDX-License-Identifier: MIT */
/*
 * The generated WordNet table (build/gen/lexicon_wn.c, written by
 * core/lexicon_gen.py), as lexicon.c reads it; internal to the lexicon.
 */
#ifndef CT_LEXICON_TABLE_H
#define CT_LEXICON_TABLE_H

#include <stdint.h>

extern const uint32_t ct_wn_nslots, ct_wn_nbuckets, ct_wn_nwords;
extern const uint64_t ct_wn_check;
extern const char ct_wn_pool[];
extern const uint32_t ct_wn_disp[];     /* per bucket: d0 << 10 | d1 */

/* One slot of the perfect hash; a word of len 0 marks it empty. */
typedef struct ct_wn_slot {
	uint64_t low8;      /* the word's first eight bytes, byte k at bits 8k */
	uint32_t word;      /* pool offset of the whole word */
	uint16_t bits;      /* W_* of lexicon.h */
	uint8_t len;
} ct_wn_slot;
extern const ct_wn_slot ct_wn_slots[];
extern const uint32_t ct_wn_freq[];     /* sense-tagged counts: noun, verb, adj, adv bytes */
extern const uint32_t ct_wn_nlem[];     /* pool offset of the noun base, 0: none */
extern const uint32_t ct_wn_vlem[];     /* pool offset of the verb base, 0: none */

#endif
