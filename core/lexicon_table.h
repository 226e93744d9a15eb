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
extern const uint32_t ct_wn_word[];     /* per slot: pool offset of the word, 0 empty */
extern const uint8_t ct_wn_len[];
extern const uint16_t ct_wn_bits[];     /* W_* of lexicon.h */
extern const uint32_t ct_wn_freq[];     /* sense-tagged counts: noun, verb, adj, adv bytes */
extern const uint32_t ct_wn_nlem[];     /* pool offset of the noun base, 0: none */
extern const uint32_t ct_wn_vlem[];     /* pool offset of the verb base, 0: none */

#endif
