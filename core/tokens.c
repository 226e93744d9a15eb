/* SPDX-License-Identifier: MIT */
/*
 * Tokens: a sentence cut once into words, numbers, symbols and punctuation
 * (no allocation per token, each word looked up once in the lexicon), and
 * the predicates the grammar asks of tokens and words.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grammar.h"

/* ---- cutting a sentence into tokens ---- */

static int is_alpha_byte(unsigned char c)
{
	return ascii_alpha(c) || c >= 0x80;
}

/* A multi-byte symbol at s: its byte length and kind, or 0. */
static size_t utf8_symbol(const unsigned char *s, size_t left, uint8_t *kind,
	double *v, const char **unit)
{
	*v = 0;
	*unit = NULL;
	if (left >= 2 && s[0] == 0xC2) {
		switch (s[1]) {
		case 0xA3: *kind = S_CUR; *unit = "GBP"; return 2;
		case 0xA5: *kind = S_CUR; *unit = "JPY"; return 2;
		case 0xA2: *kind = S_CUR; *unit = "USD"; *v = 0.01; return 2;
		case 0xB0: *kind = S_DEG; return 2;
		case 0xBD: *kind = S_FRAC; *v = 0.5; return 2;
		case 0xBC: *kind = S_FRAC; *v = 0.25; return 2;
		case 0xBE: *kind = S_FRAC; *v = 0.75; return 2;
		}
	}
	if (left >= 2 && s[0] == 0xC3 && s[1] == 0x97) {
		*kind = S_TIMES;
		return 2;
	}
	if (left >= 3 && s[0] == 0xE2) {
		if (s[1] == 0x82) {
			switch (s[2]) {
			case 0xAC: *kind = S_CUR; *unit = "EUR"; return 3;
			case 0xB9: *kind = S_CUR; *unit = "INR"; return 3;
			case 0xA9: *kind = S_CUR; *unit = "KRW"; return 3;
			case 0xBD: *kind = S_CUR; *unit = "RUB"; return 3;
			case 0xBA: *kind = S_CUR; *unit = "TRY"; return 3;
			case 0xA6: *kind = S_CUR; *unit = "NGN"; return 3;
			case 0xB1: *kind = S_CUR; *unit = "PHP"; return 3;
			case 0xAA: *kind = S_CUR; *unit = "ILS"; return 3;
			case 0xA1: *kind = S_CUR; *unit = "CRC"; return 3;
			case 0xBE: *kind = S_CUR; *unit = "GEL"; return 3;
			case 0xAD: *kind = S_CUR; *unit = "LAK"; return 3;
			}
		}
		if (s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94)) {
			*kind = S_DASH;
			return 3;
		}
		if (s[1] == 0x80 && s[2] == 0xB3) {
			*kind = S_INCH;
			return 3;
		}
		if (s[1] == 0x88 && s[2] == 0x92) {
			*kind = S_MINUS;
			return 3;
		}
		if (s[1] == 0x85 && s[2] >= 0x93 && s[2] <= 0x9E) {
			static const double f[] = { 1.0/3, 2.0/3, 0.2, 0.4, 0.6, 0.8,
				1.0/6, 5.0/6, 1.0/8, 3.0/8, 5.0/8, 7.0/8 };
			*kind = S_FRAC;
			*v = f[s[2] - 0x93];
			return 3;
		}
		if (s[1] == 0x84 && s[2] == 0x83) {   /* ℃ */
			*kind = S_DEG;
			*unit = "°C";
			return 3;
		}
	}
	if (left >= 3 && s[0] == 0xE5 && s[1] == 0x85 && s[2] == 0x83) {   /* 元 */
		*kind = S_CUR;
		*unit = "CNY";
		return 3;
	}
	return 0;
}

static int grow_toks(sent *st)
{
	size_t cap = st->cap ? st->cap * 2 : 64;
	tok *nt;

	if (st->t == st->stack) {
		if ((nt = malloc(cap * sizeof(*nt))) != NULL)
			memcpy(nt, st->t, st->n * sizeof(*nt));
	} else {
		nt = realloc(st->t, cap * sizeof(*nt));
	}
	if (!nt)
		return -1;
	st->t = nt;
	st->cap = cap;
	return 0;
}

/* A new zeroed token; inline, as every token of every sentence is one. */
static inline tok *push_tok(sent *st)
{
	if (st->n == st->cap && grow_toks(st) < 0)
		return NULL;
	memset(&st->t[st->n], 0, sizeof(tok));
	return &st->t[st->n++];
}

/* Value of the digits in s[a,b), skipping separators other than the decimal
 * separator dec (0: none). */
static double digits_value(const char *s, size_t a, size_t b, char dec, uint8_t *ndig)
{
	double v = 0, scale = 0.1;
	int frac = 0;
	size_t i;

	*ndig = 0;
	for (i = a; i < b; i++) {
		if (s[i] == dec) {
			frac = 1;
		} else if (ascii_digit((unsigned char)s[i])) {
			if (frac) {
				v += (s[i] - '0') * scale;
				scale /= 10;
			} else {
				v = v * 10 + (s[i] - '0');
				if (*ndig < 255)
					(*ndig)++;
			}
		}
	}
	return v;
}

/* A number token for s[a,b), its value read with dec as the decimal
 * separator (0: none). */
static tok *push_number(sent *st, size_t a, size_t b, int glued, char dec)
{
	tok *t = push_tok(st);

	if (!t)
		return NULL;
	t->type = T_NUM;
	t->s = (uint32_t)a;
	t->n = (uint32_t)(b - a);
	t->glued = (uint8_t)glued;
	t->v = digits_value(st->s, a, b, dec, &t->ndig);
	return t;
}

/* A run of digits and separators s[a,b): one number or several (a list
 * "22,24,26" or "192.168.1.2"). Groups decide what a separator means. */
static int add_number(sent *st, size_t a, size_t b, int glued)
{
	const char *s = st->s;
	size_t i, ncomma = 0, ndot = 0, lastsep = 0, grp_ok = 1, first_len = 0, g = 0;
	char last = 0, dec = 0;
	tok *t;

	for (i = a; i < b; i++) {
		if (s[i] == ',' || s[i] == '.') {
			if (!lastsep && !last)
				first_len = g;
			else if (g != 3)
				grp_ok = 0;
			ncomma += s[i] == ',';
			ndot += s[i] == '.';
			last = s[i];
			lastsep = i;
			g = 0;
		} else {
			g++;
		}
	}
	if (!last) {
		first_len = g;
	} else if (ncomma && ndot) {
		/* "1,234.5" or "1.234,5": the last separator is the point */
		dec = last;
	} else if (ncomma) {
		if (grp_ok && g == 3 && first_len >= 1 && first_len <= 3)
			dec = 0;
		else if (ncomma == 1 && g <= 2)
			dec = ',';
		else
			goto split;
	} else {
		if (ndot == 1)
			dec = '.';
		else if (grp_ok && g == 3 && first_len >= 1 && first_len <= 3)
			dec = 0;
		else
			goto split;
	}
	if (!(t = push_number(st, a, b, glued, dec)))
		return -1;
	t->dec = dec && memchr(s + a, dec, b - a) != NULL;
	t->sep = (ncomma + ndot) > (t->dec ? 1u : 0u);
	(void)lastsep;
	return 0;
split:
	/* a list: each group its own number, separators as punctuation */
	i = a;
	while (i < b) {
		size_t j = i;

		while (j < b && ascii_digit((unsigned char)s[j]))
			j++;
		if (!push_number(st, i, j, i == a ? glued : 1, 0))
			return -1;
		if (j < b) {
			if (!(t = push_tok(st)))
				return -1;
			t->type = T_PUNCT;
			t->s = (uint32_t)j;
			t->n = 1;
			t->glued = 1;
		}
		i = j + 1;
	}
	return 0;
}

int is_upper_word(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ascii_upper((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* Currency codes that may be glued before digits: "USD1,700", "RM120,000". */
static const char *glued_currency(const char *w, size_t n)
{
	static const struct { const char *code, *iso; } codes[] = {
		{ "USD", "USD" }, { "US", "USD" }, { "EUR", "EUR" }, { "GBP", "GBP" },
		{ "RM", "MYR" }, { "PS", "GBP" }, { "Rs", "INR" }, { "INR", "INR" },
		{ "HKD", "HKD" }, { "AUD", "AUD" }, { "CAD", "CAD" }, { "CHF", "CHF" },
		{ "JPY", "JPY" }, { "CNY", "CNY" }, { "RMB", "CNY" }, { "NZD", "NZD" },
		{ "SGD", "SGD" }, { "ZAR", "ZAR" }, { "SEK", "SEK" }, { "R", "ZAR" },
		{ NULL, NULL }
	};
	size_t i;

	for (i = 0; codes[i].code; i++)
		if (strlen(codes[i].code) == n && memcmp(codes[i].code, w, n) == 0)
			return codes[i].iso;
	return NULL;
}

/* "40 000", "1 234 567": the end of space-grouped thousands after the digits
 * s[i,j), or j when there are none. */
static size_t space_grouped_end(const sent *st, size_t i, size_t j)
{
	const unsigned char *s = (const unsigned char *)st->s;
	size_t len = st->len, k = j;

	if (!(j - i <= 3 && !memchr(s + i, '.', j - i) && !memchr(s + i, ',', j - i) &&
	      (st->n == 0 || st->t[st->n - 1].type != T_NUM)))
		return j;
	while (k + 4 <= len && s[k] == ' ' && ascii_digit(s[k + 1]) &&
	       ascii_digit(s[k + 2]) && ascii_digit(s[k + 3]) &&
	       (k + 4 == len || !ascii_alnum(s[k + 4]))) {
		k += 4;
		if (k < len && s[k] == '.' && k + 1 < len && ascii_digit(s[k + 1])) {
			k++;
			while (k < len && ascii_digit(s[k]))
				k++;
			break;
		}
	}
	return k;
}

/* An exponent at j after digits: 1e10, 12.32e+14, -12e-1. Returns its end
 * and sets *exp, or returns j. */
static size_t exponent_end(const sent *st, size_t j, int *exp)
{
	const unsigned char *s = (const unsigned char *)st->s;
	size_t len = st->len, k = j + 1;
	int e = 0, neg;

	if (!(j + 1 < len && (s[j] == 'e' || s[j] == 'E')))
		return j;
	if (k < len && (s[k] == '+' || s[k] == '-'))
		k++;
	if (!(k < len && ascii_digit(s[k])))
		return j;
	neg = s[j + 1] == '-';
	/* saturate: a thousand-digit exponent must not overflow */
	while (k < len && ascii_digit(s[k])) {
		if (e < 100000)
			e = e * 10 + (s[k] - '0');
		k++;
	}
	if (!(k == len || !ascii_alpha(s[k])))
		return j;
	*exp = neg ? -e : e;
	return k;
}

/* The number token(s) at *i: digits with separators, space-grouped, or
 * with an exponent. Moves *i past them. */
static int number_token(sent *st, size_t *i, int glued)
{
	const unsigned char *s = (const unsigned char *)st->s;
	size_t len = st->len, a = *i, j = a, k;
	int e;
	tok *t;

	while (j < len && (ascii_digit(s[j]) || ((s[j] == ',' || s[j] == '.') &&
		j + 1 < len && ascii_digit(s[j + 1]))))
		j++;
	if ((k = space_grouped_end(st, a, j)) > j) {
		if (!(t = push_number(st, a, k, glued, '.')))
			return -1;
		t->dec = memchr(s + a, '.', k - a) != NULL;
		t->sep = 1;
		*i = k;
		return 0;
	}
	if ((k = exponent_end(st, j, &e)) > j) {
		double m;

		if (add_number(st, a, j, glued) < 0)
			return -1;
		t = &st->t[st->n - 1];
		m = t->v * pow(10, e);
		t->v = m;
		t->n = (uint32_t)(k - t->s);
		t->dec = 1;
		*i = k;
		return 0;
	}
	if (add_number(st, a, j, glued) < 0)
		return -1;
	*i = j;
	return 0;
}

/* A multi-byte symbol of n bytes at *i, of the kind utf8_symbol found. */
static int symbol_token(sent *st, size_t *i, size_t n, uint8_t kind, double v, const char *unit,
	int glued)
{
	tok *t;

	if (!(t = push_tok(st)))
		return -1;
	t->type = kind == S_DASH || kind == S_MINUS ? T_PUNCT : T_SYM;
	t->sym = kind;
	t->s = (uint32_t)*i;
	t->n = (uint32_t)n;
	t->glued = (uint8_t)glued;
	t->v = v;
	t->unit = unit;
	*i += n;
	return 0;
}

/* The end of the word at i whose first letters end at j: letters, digits,
 * other characters but symbols, and an internal ' or & between letters; a
 * dotted acronym ("U.S.", "A.D."); digits glued after it. */
static size_t word_end(const sent *st, size_t i, size_t j)
{
	const unsigned char *s = (const unsigned char *)st->s;
	size_t len = st->len;

	for (;;) {
		while (j < len && ascii_alnum(s[j]))
			j++;
		if (j >= len)
			break;
		if (s[j] >= 0x80) {
			uint8_t k2;
			double v2;
			const char *u2;

			if (utf8_symbol(s + j, len - j, &k2, &v2, &u2) > 0)
				break;
		} else if (!((s[j] == '\'' || s[j] == '&') && j + 1 < len &&
			     ascii_alpha(s[j + 1]) && j > i && ascii_alpha(s[j - 1]))) {
			break;
		}
		j++;
	}
	/* a dotted acronym: "U.S.", "A.D.", "T.R." */
	if (j - i == 1 && ascii_alpha(s[i]) && j + 2 < len && s[j] == '.' && ascii_alpha(s[j + 1])) {
		size_t k = j;

		while (k + 1 < len && s[k] == '.' && ascii_alpha(s[k + 1]) &&
		       (k + 2 >= len || !ascii_alpha(s[k + 2])))
			k += 2;
		if (k < len && s[k] == '.')
			k++;
		j = k;
	}
	/* digits glued after a dotted acronym stay in the word (a currency
	 * code before digits was taken by the caller) */
	if (j < len && ascii_digit(s[j]))
		while (j < len && (ascii_alnum(s[j]) || s[j] >= 0x80))
			j++;
	return j;
}

/* The word at *i, looked up in the lexicon, or a currency code glued before
 * digits ("USD1,700"). Moves *i past it. */
static int word_token(sent *st, size_t *i, int glued)
{
	const unsigned char *s = (const unsigned char *)st->s;
	size_t len = st->len, a = *i, j = a;
	tok *t;

	while (j < len && ascii_alpha(s[j]))
		j++;
	if (j < len && j > a && ascii_digit(s[j]) && glued_currency(st->s + a, j - a)) {
		if (!(t = push_tok(st)))
			return -1;
		t->type = T_SYM;
		t->sym = S_CUR;
		t->unit = glued_currency(st->s + a, j - a);
		t->s = (uint32_t)a;
		t->n = (uint32_t)(j - a);
		t->glued = (uint8_t)glued;
		*i = j;
		return 0;
	}
	j = word_end(st, a, j);
	if (!(t = push_tok(st)))
		return -1;
	t->type = T_WORD;
	t->s = (uint32_t)a;
	t->n = (uint32_t)(j - a);
	t->glued = (uint8_t)glued;
	t->cap = ascii_upper(s[a]) != 0;
	t->low8 = fold8(s + a, j - a);
	if ((t->lx = ct_lex_find(st->s + a, j - a)) != NULL)
		t->cls = t->lx->cls;
	*i = j;
	return 0;
}

/* Punctuation or a one-byte symbol ('$', '%', '-', '~', '"') at *i. */
static int punct_token(sent *st, size_t *i, int glued)
{
	const unsigned char *s = (const unsigned char *)st->s;
	size_t len = st->len, n;
	unsigned char c = s[*i];
	tok *t;

	if (!(t = push_tok(st)))
		return -1;
	t->type = T_PUNCT;
	t->s = (uint32_t)*i;
	t->n = 1;
	t->glued = (uint8_t)glued;
	if (c == '$') {
		t->type = T_SYM;
		t->sym = S_CUR;
		t->unit = "USD";
	} else if (c == '%') {
		t->type = T_SYM;
		t->sym = S_PCT;
	} else if (c == '-') {
		t->sym = S_DASH;
	} else if (c == '~') {
		t->sym = S_TILDE;
	} else if (c == '"') {
		t->sym = S_INCH;
	}
	if (c >= 0x80) {
		/* some other multi-byte character: skip it whole */
		n = 1;
		while (*i + n < len && (s[*i + n] & 0xC0) == 0x80)
			n++;
		t->n = (uint32_t)n;
		*i += n;
	} else {
		(*i)++;
	}
	return 0;
}

/* The first ';' of the sentence, and for a long one the clause index,
 * in the heap block of its tokens (freed with them). */
static int index_sentence(sent *st)
{
	size_t k, need;
	tok *nt;

	st->cb1 = st->cb2 = NULL;
	st->first_semi = st->n;
	for (k = 0; k < st->n; k++)
		if (tok_ch(st, k, ';')) {
			st->first_semi = k;
			break;
		}
	if (st->n <= CLAUSE_INDEX_MIN || st->t == st->stack)
		return 0;
	need = st->n * sizeof(tok) + 2 * (st->n + 1) * sizeof(uint32_t);
	if (!(nt = realloc(st->t, need)))
		return -1;
	st->t = nt;
	st->cap = st->n;
	st->cb1 = (uint32_t *)(void *)(st->t + st->n);
	st->cb2 = st->cb1 + st->n + 1;
	index_clauses(st);
	return 0;
}

int tokenize(sent *st)
{
	const unsigned char *s = (const unsigned char *)st->s;
	size_t len = st->len, i = 0, n;
	int glued = 0, err;

	while (i < len) {
		unsigned char c = s[i];
		uint8_t kind;
		double v;
		const char *unit;

		if (c == ' ' || c == '\t') {
			glued = 0;
			i++;
			continue;
		}
		if (ascii_digit(c) || (c == '.' && i + 1 < len && ascii_digit(s[i + 1]) &&
				   (i == 0 || !ascii_alnum(s[i - 1]))))
			err = number_token(st, &i, glued);
		else if (c >= 0x80 && (n = utf8_symbol(s + i, len - i, &kind, &v, &unit)) > 0)
			err = symbol_token(st, &i, n, kind, v, unit, glued);
		else if (is_alpha_byte(c))
			err = word_token(st, &i, glued);
		else
			err = punct_token(st, &i, glued);
		if (err < 0)
			return -1;
		glued = 1;
	}
	return index_sentence(st);
}

/* ---- token predicates ---- */

/* WordNet for the lower-case words the hand list leaves open: the grammar
 * reads a listed word by its hand classes alone, and a capitalized one as
 * a name first. The token is the grammar's own (st->t is not const); only
 * its cached bits change. */
unsigned wb_fill(const sent *st, const tok *t)
{
	tok *w = (tok *)t;

	w->wb = 0;
	if (t->type == T_WORD && !t->cls && !t->cap)
		w->wb = (uint16_t)ct_lex_open_bits(ct_lex_open_find(st->s + t->s, t->n));
	w->wb_done = 1;
	return w->wb;
}

/* Bytes [8,n) of word t and w the same, any case. */
int tail_is(const sent *st, const tok *t, const char *w, size_t n)
{
	size_t k;

	for (k = 8; k < n; k++)
		if (ct_lower[(unsigned char)st->s[t->s + k]] != ct_lower[(unsigned char)w[k]])
			return 0;
	return 1;
}

static int tok_is_n(const sent *st, size_t i, const char *w, size_t n)
{
	return tok_is_n8(st, i, w, n, fold8((const unsigned char *)w, n));
}

int tok_is_s(const sent *st, size_t i, const char *w)
{
	return tok_is_n(st, i, w, strlen(w));
}

/*
 * A word the hand list leaves open that WordNet knows, but never as a noun,
 * an adjective or a form that modifies one: a verb's -s form ("comprises")
 * or an adverb ("eventually"), which no noun phrase holds. Capitalized words are names
 * first; a word WordNet does not know is read by its ending elsewhere
 * (participle, ly_adverb, finite_verb).
 */
static int open_non_noun(const sent *st, size_t i)
{
	const tok *t = TK(st, i);

	if (t->cap || (t->lx && t->cls) || !tok_wb(st, t))
		return 0;
	/* participles and base forms modify nouns ("charging stations",
	 * "missing feature", "refresh rate"); an -s form or an adverb does not */
	if (t->wb & (W_NOUNISH | W_ADJ | W_COMPAR | W_VING | W_VPAST | W_VERB))
		return 0;
	return (t->wb & (W_V3 | W_ADV)) != 0;
}

/* A word that can be part of a noun phrase. */
int np_word(const sent *st, size_t i)
{
	uint32_t c;

	if (!is_word(st, i))
		return 0;
	c = cls(st, i);
	if (c & (L_PREP | L_DET | L_PRON | L_VERB | L_CONJ | L_PERADV | L_UP | L_DOWN |
		 L_WEEKDAY | L_NOTNOUN))
		return (c & (L_UP | L_DOWN)) && !(c & L_VERB) && !(c & L_PREP) &&
			!tok_is(st, i, "higher") && !tok_is(st, i, "lower");
	if (c & L_ADV)
		return tok_is(st, i, "additional") || tok_is(st, i, "extra") || tok_is(st, i, "more") ||
			tok_is(st, i, "fewer");
	if (c & L_MONTH)
		return 0;
	return !open_non_noun(st, i);
}

/* A participle or verb form by its ending: "landed", "easing" (not
 * "speed", "hundred", "funding"). */
int participle(const sent *st, size_t i)
{
#define N(s) { s, sizeof(s) - 1 }
	static const struct { const char *w; size_t n; } nouns[] = {
		N("building"), N("funding"), N("spending"), N("housing"), N("training"),
		N("morning"), N("evening"), N("meeting"), N("ceiling"), N("offering"),
		N("shooting"), N("bombing"), N("hearing"), N("ruling"), N("landing"), N("filing"),
		N("listing"), N("clothing"), N("rating"), N("ranking"), N("lending"), N("pricing"),
		N("shipping"), N("trading"), N("marketing"), N("advertising"), N("thing"),
		N("string"), N("spring"), N("king"), N("wing"), N("ring"), N("something"),
		N("nothing"), N("anything"), N("everything"), N("financing"), N("polling"),
		N("voting"), N("staffing"), N("warning"), N("opening"), N("setting"), N("feeling"),
		N("painting"), N("recording"), N("reading"), N("saving"), N("parking"), N("bed"),
	};
#undef N
	const tok *t;
	size_t k;

	if (!is_word(st, i) || TK(st, i)->cap)
		return 0;
	t = TK(st, i);
	/* "speed", "greed" are no participles, "freed" is (ends_with asks
	 * for a stem, so it does not see "eed" in a five-letter word) */
	if (t->n == 5 && ends_with(st, i, "ed") && ct_lower[(unsigned char)st->s[t->s + 2]] == 'e')
		return (tok_wb(st, t) & W_VPAST) != 0;
	if (t->n >= 5 && ends_with(st, i, "ed"))
		return 1;
	if (t->n >= 5 && ends_with(st, i, "ing")) {
		/* lengths first: most of these words are not the token's */
		for (k = 0; k < sizeof(nouns) / sizeof(nouns[0]); k++)
			if (nouns[k].n == t->n && tok_is_n(st, i, nouns[k].w, nouns[k].n))
				return 0;
		return 1;
	}
	return 0;
}

/* Looks like a plural noun: "agents", "people". */
int plural_word(const sent *st, size_t i)
{
	const tok *t;

	if (!is_word(st, i))
		return 0;
	t = &st->t[i];
	if (tok_is(st, i, "people") || tok_is(st, i, "children") || tok_is(st, i, "men") ||
	    tok_is(st, i, "women") || tok_is(st, i, "police") || tok_is(st, i, "personnel") ||
	    tok_is(st, i, "staff") || tok_is(st, i, "troops"))
		return 1;
	return t->n > 2 && (st->s[t->s + t->n - 1] == 's' || st->s[t->s + t->n - 1] == 'S') &&
		st->s[t->s + t->n - 2] != 's';
}

/* Is word i a form of one of the verbs (base forms, by WordNet's base of
 * the word, else as spelled)? */
int verb_base_in(const sent *st, size_t i, const char *const *verbs)
{
	const tok *t = TK(st, i);
	const char *base;
	char low[32];
	size_t k, n;

	if (!is_word(st, i))
		return 0;
	base = ct_lex_open_base(ct_lex_open_find(st->s + t->s, t->n), W_POS_VERB);
	/* not an inflected form: the word itself, folded once, not per verb */
	if (!base) {
		if (t->n >= sizeof(low))
			return 0;
		for (n = 0; n < t->n; n++) {
			unsigned char c = (unsigned char)st->s[t->s + n];

			low[n] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		low[n] = '\0';
		base = low;
	}
	for (k = 0; verbs[k]; k++)
		if (verbs[k][0] == base[0] && !strcmp(base, verbs[k]))
			return 1;
	return 0;
}

/* Is word i a possessive: "England's", "Britain’s" (U+2019)? */
int possessive(const sent *st, size_t i)
{
	const tok *t;
	const unsigned char *w;

	if (!is_word(st, i))
		return 0;
	t = TK(st, i);
	w = (const unsigned char *)st->s + t->s;
	if (t->n < 3 || w[t->n - 1] != 's')
		return 0;
	return w[t->n - 2] == '\'' ||
		(t->n > 4 && w[t->n - 4] == 0xe2 && w[t->n - 3] == 0x80 && w[t->n - 2] == 0x99);
}

/*
 * An adverb the lexicon does not know, by its ending: "The agency
 * eventually hired 250 agents", "The country geographically comprises two
 * landmasses". Nouns and adjectives in -ly ("family", "supply", "the
 * elderly") are named and left alone.
 */
int ly_adverb(const sent *st, size_t i)
{
	static const char *const not_adverbs[] = {
		"family", "supply", "assembly", "monopoly", "anomaly", "butterfly", "dragonfly",
		"firefly", "elderly", "friendly", "quarterly", "weekly", "monthly", "yearly",
		"hourly", "biweekly", "costly", "deadly", "likely", "unlikely", "lonely",
		"lovely", "homily", "oligopoly", "multiply", "comply", "reply", "apply",
		"imply", "orderly", "holy", "daily", "nightly", "underbelly", "melancholy",
		"disorderly", "unruly", "scholarly", "timely", "untimely", "lively", "worldly",
		"leisurely", "neighborly", "neighbourly", "cowardly", "heavenly", "earthly",
		"bodily", "stately", "shapely", "sickly", "deathly", "ghostly", "beastly",
		"saintly", "courtly", "portly", "homely", "comely", "motherly", "fatherly",
		"brotherly", "sisterly", "kindly", "smelly", "chilly", "hilly", "woolly",
		"bubbly", "wobbly", "crumbly", "prickly", "wrinkly", "northerly", "southerly",
		"easterly", "westerly", "fortnightly",
		NULL
	};
	const tok *t;
	size_t k;

	if (!is_word(st, i))
		return 0;
	t = TK(st, i);
	if (t->lx || t->cap || t->n < 6 || st->s[t->s + t->n - 2] != 'l' ||
	    st->s[t->s + t->n - 1] != 'y')
		return 0;
	/* WordNet decides the words it knows: an adverb and nothing else */
	if (tok_wb(st, t))
		return (t->wb & W_ADV) && !(t->wb & (W_NOUNISH | W_ADJ | W_VERBISH));
	for (k = 0; not_adverbs[k]; k++)
		if (tok_is_n(st, i, not_adverbs[k], strlen(not_adverbs[k])))
			return 0;
	return 1;
}

/* Word i can head or modify a noun: a noun or adjective reading, or a
 * name, for the words the hand list leaves open. */
static int nounish(const sent *st, size_t i)
{
	const tok *t;

	if (!is_word(st, i))
		return 0;
	t = TK(st, i);
	if (t->cls & (L_PREP | L_DET | L_PRON | L_VERB | L_CONJ | L_ADV | L_MONTH | L_WEEKDAY))
		return 0;
	return t->cap || !tok_wb(st, t) || (t->wb & (W_NOUNISH | W_ADJ));
}

/* Is word i plural by WordNet or by its ending? */
static int plural_form(const sent *st, size_t i)
{
	const tok *t = TK(st, i);

	if (tok_wb(st, t))
		return (t->wb & W_PLURAL) != 0 || plural_word(st, i);
	return plural_word(st, i);
}

int verb_likelier(const sent *st, size_t i)
{
	const tok *t;
	const char *base;
	unsigned nf;
	uint32_t id;

	if (!is_word(st, i))
		return 0;
	t = TK(st, i);
	if (t->cap || (t->lx && t->cls) || !(tok_wb(st, t) & W_FINITE))
		return 0;
	id = ct_lex_open_find(st->s + t->s, t->n);
	nf = ct_lex_open_freq(id, W_POS_NOUN);
	/* a plural that is a noun of its own ("times") is still its base's */
	if ((base = ct_lex_open_base(id, W_POS_NOUN)) != NULL) {
		unsigned bf = ct_lex_open_freq(ct_lex_open_find(base, strlen(base)), W_POS_NOUN);

		nf = bf > nf ? bf : nf;
	}
	return ct_lex_open_freq(id, W_POS_VERB) > nf;
}

int finite_verb(const sent *st, size_t i)
{
	const tok *t, *n;
	unsigned wb;
	size_t k;

	if (!is_word(st, i) || i == 0)
		return 0;
	t = TK(st, i);
	if (t->cls & L_VERB)
		return !(t->cls & L_PREP);
	if (t->cap || (t->lx && t->cls))
		return 0;
	wb = tok_wb(st, t);
	/* a subject before it: a noun or a name, not an article ("the leaves") */
	if (!nounish(st, i - 1) || !np_word(st, i - 1))
		return 0;
	if (!wb) {
		/* unknown to WordNet: only its ending tells, and only an -s
		 * after a singular noun reads as a verb */
		wb = (t->n > 3 && (st->s[t->s + t->n - 1] | 0x20) == 's' &&
		      (st->s[t->s + t->n - 2] | 0x20) != 's') ? W_V3 : 0;
	}
	if (!(wb & (W_VERB | W_FINITE)))
		return 0;
	if (!(wb & (W_NOUNISH | W_ADJ | W_COMPAR)))
		return 1;
	/* a noun and a verb form: a verb where an object or a figure follows */
	if (i + 1 >= st->n)
		return 0;
	n = TK(st, i + 1);
	/* "stars spin nearly 78,000 times", "beats up to 1,200 times": past
	 * a filler adverb */
	k = i + 1;
	if (tok_is(st, k, "up") && tok_is(st, k + 1, "to"))
		k++;
	else if (!(n->type == T_WORD && (n->cls & L_ADV) && !(n->cls & L_PREP)))
		k = i;
	if (k > i && k + 1 < st->n && (TK(st, k + 1)->type == T_NUM ||
	    (TK(st, k + 1)->type == T_SYM && TK(st, k + 1)->sym == S_CUR)))
		n = TK(st, k + 1);
	/* "The index stands at 7,400", "Tickets start at $89": a figure after
	 * a preposition, where WordNet sees the word as a verb more often
	 * than as a noun, or a base form follows a plural (a plural is no
	 * modifier of a noun) */
	if (n->type == T_WORD && (n->cls & L_PREP) && i + 2 < st->n &&
	    (verb_likelier(st, i) || ((wb & W_VERB) && !(wb & W_PLURAL) && plural_form(st, i - 1))) &&
	    (TK(st, i + 2)->type == T_NUM || (TK(st, i + 2)->type == T_SYM && TK(st, i + 2)->sym == S_CUR)))
		n = TK(st, i + 2);
	if (!(n->type == T_NUM || (n->type == T_SYM && n->sym == S_CUR) ||
	      (n->type == T_WORD && ((n->cls & (L_DET | L_PRON | L_NUM)) && !(n->cls & L_PREP)))))
		return 0;
	/* and agrees with its subject: "storm leaves", "prices fall" */
	if (wb & W_VPAST)
		return 1;
	if (wb & W_V3)
		return !plural_form(st, i - 1);
	return plural_form(st, i - 1) && !(wb & W_PLURAL);
}
