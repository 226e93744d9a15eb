#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""usage: lexicon_gen.py WORDNET_DIR OUT.c

Writes the open-class half of the claim grammar's lexicon (core/lexicon.h)
as C: every single-word lemma of WordNet's index.noun, index.verb, index.adj
and index.adv, with the inflected forms a news sentence uses (noun plurals,
verb -s, -ed and -ing forms, adjective comparatives), each with its parts of
speech, how often WordNet's sense-tagged corpus saw it as each, and the base
form of its noun and verb readings.

Forms come from two places, as WordNet's own morphy has them: the *.exc
lists (irregular and spelling-changed forms: "leaves leaf", "stopped stop",
"ran run") and the regular endings (-s/-es/-ies, -ed/-d/-ied, -ing). Regular
forms are generated forward from each lemma; a form that also exists in an
exception list keeps both readings.

The table is a perfect hash (hash and displace): the 64-bit hash of a word
picks a bucket, each bucket stores the displacement that sends all its
words to free slots, so a lookup is one hash, one displacement and one
string compare. The hash is written twice, here and in core/lexicon.c
(wn_hash); both must agree, and the generated file records a check value
that lexicon.c's test compares.
"""
import os
import re
import sys

M64 = (1 << 64) - 1
WORD = re.compile(r"^[a-z][a-z0-9'.&]*$")

# bit names as in core/lexicon.h
W_NOUN, W_VERB, W_ADJ, W_ADV = 1, 2, 4, 8
W_PLURAL, W_V3, W_VPAST, W_VING, W_COMPAR = 16, 32, 64, 128, 256
POS_BIT = {"n": W_NOUN, "v": W_VERB, "a": W_ADJ, "s": W_ADJ, "r": W_ADV}
POS_IDX = {"n": 0, "v": 1, "a": 2, "s": 2, "r": 3}


def fold8(w, k):
    v = 0
    for i, c in enumerate(w[k:k + 8]):
        v |= c << (8 * i)
    return v


def wn_hash(w):
    """The hash of a lower-case word (bytes); core/lexicon.c has the same."""
    h = (len(w) * 0x9E3779B97F4A7C15) & M64
    for k in range(0, len(w), 8):
        h = ((h ^ fold8(w, k)) * 0xFF51AFD7ED558CCD) & M64
        h ^= h >> 32
    h ^= h >> 29
    h = (h * 0xC4CEB9FE1A85EC53) & M64
    h ^= h >> 32
    return h


class Entry:
    __slots__ = ("bits", "freq", "nlem", "vlem")

    def __init__(self):
        self.bits = 0
        self.freq = [0, 0, 0, 0]
        self.nlem = None
        self.vlem = None


def read_index(path):
    """(lemma, pos, tagsense_cnt) of each single-word lemma."""
    out = []
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            p = line.split()
            if len(p) < 4 or not WORD.match(p[0]):
                continue
            try:
                nptr = int(p[3])
                tagged = int(p[5 + nptr])
            except (ValueError, IndexError):
                tagged = 0
            out.append((p[0], p[1], tagged))
    return out


def read_exc(path):
    out = []
    with open(path, encoding="latin-1") as f:
        for line in f:
            p = line.split()
            if len(p) >= 2 and WORD.match(p[0]) and WORD.match(p[1]):
                out.append((p[0], [b for b in p[1:] if WORD.match(b)]))
    return out


VOWEL = set("aeiou")


def noun_plural(w):
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    if len(w) > 1 and w.endswith("y") and w[-2] not in VOWEL:
        return w[:-1] + "ies"
    return w + "s"


def verb_forms(w):
    """Regular -s, -ed, -ing forms of a verb."""
    s = noun_plural(w)
    if w.endswith("e"):
        ed = w + "d"
        ing = w + "ing" if w.endswith(("ee", "ye", "oe")) else w[:-1] + "ing"
    elif len(w) > 1 and w.endswith("y") and w[-2] not in VOWEL:
        ed, ing = w[:-1] + "ied", w + "ing"
    else:
        ed, ing = w + "ed", w + "ing"
    return s, ed, ing


def adj_forms(w):
    if w.endswith("e"):
        return w + "r", w + "st"
    if len(w) > 1 and w.endswith("y") and w[-2] not in VOWEL:
        return w[:-1] + "ier", w[:-1] + "iest"
    return w + "er", w + "est"


def build(wndir):
    table = {}

    def ent(w):
        e = table.get(w)
        if e is None:
            e = table[w] = Entry()
        return e

    freq = {}
    for pos in ("noun", "verb", "adj", "adv"):
        for lemma, p, tagged in read_index(os.path.join(wndir, "index." + pos)):
            e = ent(lemma)
            e.bits |= POS_BIT[p]
            i = POS_IDX[p]
            e.freq[i] = min(255, max(e.freq[i], tagged))
            freq[(lemma, i)] = e.freq[i]
    exc = {}
    for pos in ("noun", "verb", "adj"):
        for form, bases in read_exc(os.path.join(wndir, pos + ".exc")):
            exc.setdefault(pos, {}).setdefault(form, bases)
    nouns = [w for w, e in table.items() if e.bits & W_NOUN]
    verbs = [w for w, e in table.items() if e.bits & W_VERB]
    adjs = [w for w, e in table.items() if e.bits & W_ADJ]

    def add_form(form, base, bit, i):
        if not WORD.match(form) or form == base:
            return
        e = ent(form)
        e.bits |= bit
        # a form that is a lemma of its own keeps its own count, so a
        # reader can weigh "sales" (a noun of its own) against "sale"
        if (form, i) not in freq:
            e.freq[i] = max(e.freq[i], freq.get((base, i), 0))
        if i == 0 and e.nlem is None:
            e.nlem = base
        if i == 1 and e.vlem is None:
            e.vlem = base

    # exception lists first: their base is the one a regular rule would miss
    for form, bases in exc.get("noun", {}).items():
        for b in bases:
            if b in table and table[b].bits & W_NOUN:
                add_form(form, b, W_PLURAL, 0)
                break
    for form, bases in exc.get("verb", {}).items():
        for b in bases:
            if b in table and table[b].bits & W_VERB:
                bit = W_VING if form.endswith("ing") else W_V3 if form.endswith("s") else W_VPAST
                add_form(form, b, bit, 1)
                # "stopped stop": the -ing form doubles the consonant too
                if bit == W_VPAST and form == b + b[-1] + "ed":
                    add_form(b + b[-1] + "ing", b, W_VING, 1)
                break
    for form, bases in exc.get("adj", {}).items():
        for b in bases:
            if b in table and table[b].bits & W_ADJ:
                add_form(form, b, W_COMPAR, 2)
                break
    for w in nouns:
        add_form(noun_plural(w), w, W_PLURAL, 0)
    for w in verbs:
        s, ed, ing = verb_forms(w)
        add_form(s, w, W_V3, 1)
        add_form(ed, w, W_VPAST, 1)
        add_form(ing, w, W_VING, 1)
    for w in adjs:
        # regular comparatives of short adjectives only ("cheaper", not
        # "beautifuller"), as a news text writes them
        if len(w) <= 6 and table[w].freq[2] > 0:
            er, est = adj_forms(w)
            add_form(er, w, W_COMPAR, 2)
            add_form(est, w, W_COMPAR, 2)
    # a lemma that is its own base keeps no pointer
    for w, e in table.items():
        if e.nlem == w:
            e.nlem = None
        if e.vlem == w:
            e.vlem = None
    return table


def perfect_hash(keys, hashes):
    """Slots for keys: (m, nb, disp, slot_of_key)."""
    n = len(keys)
    m = n + n // 4 + 1
    nb = n // 3 + 1
    buckets = [[] for _ in range(nb)]
    for k, h in enumerate(hashes):
        buckets[(h >> 32) % nb].append(k)
    order = sorted(range(nb), key=lambda b: -len(buckets[b]))
    used = bytearray(m)
    disp = [0] * nb
    slot = [0] * n
    for b in order:
        ks = buckets[b]
        if not ks:
            continue
        f = [(hashes[k] % m, (hashes[k] >> 16) % (m - 1) + 1) for k in ks]
        d = 0
        nk = len(ks)
        while True:
            d0, d1 = d >> 10, d & 1023
            ss = [(f1 + d0 * f2 + d1) % m for f1, f2 in f]
            for s in ss:
                if used[s]:
                    break
            else:
                if nk == 1 or len(set(ss)) == nk:
                    break
            d += 1
            if d >= 1 << 26:
                sys.exit("lexicon_gen: no displacement found (hash collision?)")
        disp[b] = d
        for k, s in zip(ks, ss):
            used[s] = 1
            slot[k] = s
    return m, nb, disp, slot


def c_string_chunks(data, width=100):
    out = []
    for i in range(0, len(data), width):
        part = data[i:i + width]
        esc = "".join("\\000" if c == "\0" else "\\" + c if c in '\\"?' else c for c in part)
        out.append('\t"%s"' % esc)
    return "\n".join(out)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.strip().splitlines()[0])
    wndir, out = argv
    for f in ("index.noun", "index.verb", "index.adj", "index.adv", "noun.exc", "verb.exc", "adj.exc"):
        if not os.path.isfile(os.path.join(wndir, f)):
            sys.exit("lexicon_gen: %s: no WordNet file %s (install the Debian package wordnet-base)"
                     % (wndir, f))
    table = build(wndir)
    keys = sorted(table)
    kb = [k.encode() for k in keys]
    hashes = [wn_hash(k) for k in kb]
    if len(set(hashes)) != len(hashes):
        sys.exit("lexicon_gen: two words share a 64-bit hash")
    m, nb, disp, slot = perfect_hash(keys, hashes)
    # the string pool: each word once, NUL-terminated; offset 0 is ""
    pool = ["\0"]
    off = {}
    size = 1
    for k in keys:
        off[k] = size
        pool.append(k + "\0")
        size += len(k) + 1
    for k in keys:
        for lem in (table[k].nlem, table[k].vlem):
            if lem is not None and lem not in off:
                off[lem] = size
                pool.append(lem + "\0")
                size += len(lem) + 1
    words = [0] * m
    lens = [0] * m
    bits = [0] * m
    freqs = [0] * m
    nlem = [0] * m
    vlem = [0] * m
    pool_words = {}
    for k, s in zip(keys, slot):
        e = table[k]
        pool_words[s] = k.encode()
        words[s] = off[k]
        lens[s] = len(k)
        bits[s] = e.bits
        freqs[s] = e.freq[0] | e.freq[1] << 8 | e.freq[2] << 16 | e.freq[3] << 24
        nlem[s] = off[e.nlem] if e.nlem else 0
        vlem[s] = off[e.vlem] if e.vlem else 0

    def arr(ctype, name, vals, per=16):
        rows = []
        for i in range(0, len(vals), per):
            rows.append("\t" + ",".join(str(v) for v in vals[i:i + per]) + ",")
        return "const %s %s[%d] = {\n%s\n};\n" % (ctype, name, len(vals), "\n".join(rows))

    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write("/* Generated by core/lexicon_gen.py from WordNet 3.0 (%d words); do not edit.\n"
                " * Derived from WordNet 3.0, Copyright 2006 by Princeton University, under\n"
                " * the WordNet 3.0 license (the copyright file of Debian's wordnet-base). */\n"
                % len(keys))
        f.write('#include "lexicon_table.h"\n\n')
        f.write("const uint32_t ct_wn_nslots = %d;\nconst uint32_t ct_wn_nbuckets = %d;\n" % (m, nb))
        f.write("const uint32_t ct_wn_nwords = %d;\n" % len(keys))
        f.write("/* wn_hash(\"agent\"), for the test that both hashes agree */\n")
        f.write("const uint64_t ct_wn_check = UINT64_C(%d);\n\n" % wn_hash(b"agent"))
        f.write("const char ct_wn_pool[%d] =\n%s;\n" % (size, c_string_chunks("".join(pool)[:-1])))
        f.write(arr("uint32_t", "ct_wn_disp", disp))
        # the slot a lookup reads: first eight bytes, pool offset, bits,
        # length together, so most lookups touch one cache line past disp
        rows = []
        for s in range(m):
            w = pool_words.get(s, b"")
            rows.append("{UINT64_C(%d),%d,%d,%d}," % (fold8(w, 0), words[s], bits[s], lens[s]))
        f.write("const ct_wn_slot ct_wn_slots[%d] = {\n" % m)
        for i in range(0, len(rows), 6):
            f.write("\t" + "".join(rows[i:i + 6]) + "\n")
        f.write("};\n")
        f.write(arr("uint32_t", "ct_wn_freq", freqs))
        f.write(arr("uint32_t", "ct_wn_nlem", nlem))
        f.write(arr("uint32_t", "ct_wn_vlem", vlem))
    os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv[1:])
