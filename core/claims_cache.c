/* SPDX-License-Identifier: MIT */
/*
 * The claims of sentences already extracted (claims_cache.h): an entry
 * holds a copy of the sentence's bytes and its claims with their strings
 * in one allocation, found by a keyed SipHash-1-3 of the bytes and length
 * in one of two generations of chained hash tables. (1-3, the rounds of
 * Rust's HashMap: a flood of collisions needs the key, and an entry is
 * taken only when its bytes are the sentence's, so speed matters more
 * than 2-4's margin. It was a tenth of a cached import's extraction.)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claimtrack/claims.h"
#include "claims_cache.h"
#include "claims_internal.h"

/* A claim as its sentence gave it: key, subject, unit and per point into
 * the entry; text is text_len bytes at offset in the sentence; sentence,
 * section and sentence_no are the caller's at every push. */
typedef struct cached_claim {
	ct_claim c;
	size_t text_len;
} cached_claim;

typedef struct entry {
	struct entry *next;     /* in its bucket */
	uint64_t hash;
	size_t len;             /* of the sentence */
	size_t size;            /* of this allocation */
	size_t nclaims;
	const char *sentence;   /* len bytes, in the entry */
	cached_claim claims[];  /* then the sentence, then the strings */
} entry;

#define NBUCKET 4096u      /* a power of two, about GEN_ENTRIES */

typedef struct gen {
	entry *buckets[NBUCKET];
	size_t count, bytes;
} gen;

struct ct_claims_cache {
	uint64_t k0, k1;        /* the hash key */
	gen g[2];
	int cur;                /* g[cur] is the current generation */
	ct_claims_cache_stats stats;
};

/* ---- SipHash-1-3 ---- */

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do { \
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
} while (0)

/* p[0,8) as a little-endian number: one load (a byte loop is not merged) */
static uint64_t load_le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static uint64_t siphash(uint64_t k0, uint64_t k1, const unsigned char *in, size_t len)
{
	uint64_t v0 = k0 ^ UINT64_C(0x736f6d6570736575), v1 = k1 ^ UINT64_C(0x646f72616e646f6d);
	uint64_t v2 = k0 ^ UINT64_C(0x6c7967656e657261), v3 = k1 ^ UINT64_C(0x7465646279746573);
	uint64_t m, b = (uint64_t)len << 56;
	const unsigned char *end = in + (len & ~(size_t)7);
	size_t i;

	for (; in != end; in += 8) {
		m = load_le64(in);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	for (i = 0; i < (len & 7); i++)
		b |= (uint64_t)in[i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

/* ---- the cache ---- */

int ct_claims_cache_new(ct_claims_cache **out)
{
	static const unsigned char salt[8] = "claimtrk";
	ct_claims_cache *c;
	struct timespec ts;
	uint64_t seed;

	*out = NULL;
	if (!(c = calloc(1, sizeof(*c))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	/* a key no document can aim its collisions at: it costs lookups only */
	clock_gettime(CLOCK_REALTIME, &ts);
	seed = (uint64_t)(uintptr_t)c ^ (uint64_t)ts.tv_nsec << 20 ^ (uint64_t)ts.tv_sec;
	c->k0 = siphash(seed, UINT64_C(0x9e3779b97f4a7c15), salt, sizeof(salt));
	c->k1 = siphash(c->k0, seed, salt, sizeof(salt));
	*out = c;
	return 0;
}

static void gen_clear(gen *g)
{
	size_t i;
	entry *e, *next;

	for (i = 0; i < NBUCKET; i++) {
		for (e = g->buckets[i]; e; e = next) {
			next = e->next;
			free(e);
		}
		g->buckets[i] = NULL;
	}
	g->count = g->bytes = 0;
}

void ct_claims_cache_free(ct_claims_cache *cache)
{
	if (!cache)
		return;
	gen_clear(&cache->g[0]);
	gen_clear(&cache->g[1]);
	free(cache);
}

/* Unlink and return g's entry for s[0,len) with hash h, or NULL. */
static entry *gen_take(gen *g, uint64_t h, const char *s, size_t len)
{
	entry **pp = &g->buckets[h & (NBUCKET - 1)], *e;

	for (; (e = *pp) != NULL; pp = &e->next) {
		if (e->hash == h && e->len == len && memcmp(e->sentence, s, len) == 0) {
			*pp = e->next;
			g->count--;
			g->bytes -= e->size;
			return e;
		}
	}
	return NULL;
}

/* Put e into the current generation, first making it the previous one
 * when e would not fit. */
static void cache_put(ct_claims_cache *cache, entry *e)
{
	gen *g = &cache->g[cache->cur];
	entry **pp;

	if (g->count >= CT_CLAIMS_CACHE_GEN_ENTRIES ||
	    g->bytes + e->size > CT_CLAIMS_CACHE_GEN_BYTES) {
		cache->cur ^= 1;
		g = &cache->g[cache->cur];
		gen_clear(g);
		cache->stats.rotations++;
	}
	pp = &g->buckets[e->hash & (NBUCKET - 1)];
	e->next = *pp;
	*pp = e;
	g->count++;
	g->bytes += e->size;
}

/* Append n + 1 bytes of s (NUL-terminated) at *pp; the copy. */
static char *put_str(char **pp, const char *s, size_t n)
{
	char *d = *pp;

	memcpy(d, s, n);
	d[n] = '\0';
	*pp = d + n + 1;
	return d;
}

/* Does claim d read as its sentence s[0,len) gave it: its text the span at
 * its offset, its section and number the ones the sentence was read with?
 * Anything else is not cached. */
static int claim_replays(const ct_claim *d, const char *s, size_t len, const char *section,
	size_t sentence_no, size_t *text_len)
{
	size_t tl = strlen(d->text);

	*text_len = tl;
	return d->offset <= len && tl <= len - d->offset &&
		memcmp(d->text, s + d->offset, tl) == 0 && d->sentence_no == sentence_no &&
		(d->section == NULL) == (section == NULL);
}

/* An entry for the claims items[0,n) that s[0,len) gave, or NULL when
 * they are not to be cached (or no memory). */
static entry *entry_build(const ct_claim *items, size_t n, uint64_t h, const char *s,
	size_t len, const char *section, size_t sentence_no)
{
	size_t i, size = sizeof(entry) + len + 1, tl;
	entry *e;
	char *p;

	if (n > (CT_CLAIMS_CACHE_ENTRY_MAX - size) / sizeof(cached_claim))
		return NULL;
	size += n * sizeof(cached_claim);
	for (i = 0; i < n; i++) {
		const ct_claim *d = &items[i];

		if (!claim_replays(d, s, len, section, sentence_no, &tl))
			return NULL;
		size += strlen(d->key) + 1 + strlen(d->subject) + 1 +
			(d->unit ? strlen(d->unit) + 1 : 0) + (d->per ? strlen(d->per) + 1 : 0);
		if (size > CT_CLAIMS_CACHE_ENTRY_MAX)
			return NULL;
	}
	if (!(e = malloc(size)))
		return NULL;
	e->next = NULL;
	e->hash = h;
	e->len = len;
	e->size = size;
	e->nclaims = n;
	p = (char *)&e->claims[n];
	e->sentence = put_str(&p, s, len);
	for (i = 0; i < n; i++) {
		const ct_claim *d = &items[i];
		cached_claim *cc = &e->claims[i];

		cc->c = *d;
		cc->text_len = strlen(d->text);
		cc->c.key = put_str(&p, d->key, strlen(d->key));
		cc->c.subject = put_str(&p, d->subject, strlen(d->subject));
		cc->c.unit = d->unit ? put_str(&p, d->unit, strlen(d->unit)) : NULL;
		cc->c.per = d->per ? put_str(&p, d->per, strlen(d->per)) : NULL;
		cc->c.text = cc->c.sentence = cc->c.section = NULL;
		cc->c.sentence_no = 0;
	}
	return e;
}

/* Push e's claims into set as the sentence s[0,len) in section, numbered
 * sentence_no, gives them: what extraction pushes, call for call. */
static int entry_replay(const entry *e, ct_claimset *set, const char *s, size_t len,
	const char *section, size_t sentence_no)
{
	size_t i;
	int err;

	ct_claimset__sentence_begin(set);
	for (i = 0; i < e->nclaims; i++) {
		const cached_claim *cc = &e->claims[i];
		ct_claim c = cc->c;

		c.section = (char *)section;
		c.sentence_no = sentence_no;
		if ((err = ct_claimset_push_spans(set, &c, s + c.offset, cc->text_len, s, len)) < 0)
			return err;
	}
	return 0;
}

int ct_claims_cache__extract_sentence(ct_claims_cache *cache, ct_claimset *set,
	const char *s, size_t len, const char *section, size_t sentence_no)
{
	size_t first = set->count;
	uint64_t h;
	entry *e;
	int err;

	if (!cache)
		return ct_claims_extract_sentence(set, s, len, section, sentence_no);
	if (len > CT_CLAIMS_CACHE_SENTENCE_MAX) {
		cache->stats.uncacheable++;
		return ct_claims_extract_sentence(set, s, len, section, sentence_no);
	}
	h = siphash(cache->k0, cache->k1, (const unsigned char *)s, len);
	if ((e = gen_take(&cache->g[cache->cur], h, s, len)) != NULL ||
	    (e = gen_take(&cache->g[cache->cur ^ 1], h, s, len)) != NULL) {
		cache->stats.hits++;
		cache_put(cache, e);
		return entry_replay(e, set, s, len, section, sentence_no);
	}
	cache->stats.misses++;
	if ((err = ct_claims_extract_sentence(set, s, len, section, sentence_no)) < 0)
		return err;
	if ((e = entry_build(set->items + first, set->count - first, h, s, len, section,
			sentence_no)) != NULL)
		cache_put(cache, e);
	else
		cache->stats.uncacheable++;
	return 0;
}

void ct_claims_cache__stats(ct_claims_cache_stats *out, const ct_claims_cache *cache)
{
	memset(out, 0, sizeof(*out));
	if (!cache)
		return;
	*out = cache->stats;
	out->entries = cache->g[0].count + cache->g[1].count;
	out->bytes = cache->g[0].bytes + cache->g[1].bytes;
}

/* ---- one cache a thread ---- */

static pthread_once_t thread_once = PTHREAD_ONCE_INIT;
static pthread_key_t thread_key;
static int thread_key_ok;

static void thread_cache_free(void *p)
{
	ct_claims_cache_free(p);
}

/* CLAIMTRACK_CLAIMS_CACHE=0 turns the threads' caches off: for comparing
 * a write with and without them (the tests, the benchmarks). */
static void thread_key_make(void)
{
	const char *env = getenv("CLAIMTRACK_CLAIMS_CACHE");

	if (env && strcmp(env, "0") == 0)
		return;
	thread_key_ok = pthread_key_create(&thread_key, thread_cache_free) == 0;
}

ct_claims_cache *ct_claims_cache__thread(void)
{
	ct_claims_cache *c;

	pthread_once(&thread_once, thread_key_make);
	if (!thread_key_ok)
		return NULL;
	if ((c = pthread_getspecific(thread_key)) != NULL)
		return c;
	if (ct_claims_cache_new(&c) < 0)
		return NULL;
	if (pthread_setspecific(thread_key, c) != 0) {
		ct_claims_cache_free(c);
		return NULL;
	}
	return c;
}
