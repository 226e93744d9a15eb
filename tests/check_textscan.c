/* SPDX-License-Identifier: MIT */
/* The fast paths of text normalization and segmentation: word-at-a-time
 * scans that must find every byte the byte-at-a-time ones did, and the NFC
 * pass skipped for text that is already NFC. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "testutil.h"
#include "claimtrack/buf.h"
#include "claimtrack/text.h"

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* The code points core/text.c (nfc_inert) sends past utf8proc: keep the two
 * lists the same. */
static int inert(int32_t cp)
{
	return cp < 0x300 || (cp >= 0x2002 && cp < 0x20D0) || cp == 0xFFFD;
}

static char *normalize(const char *s, size_t len)
{
	char *out;
	size_t n;

	ck_assert_int_eq(ct_text_normalize(&out, &n, s, len, NULL), 0);
	ck_assert_uint_eq(n, strlen(out));
	return out;
}

/* out must be NFC already: utf8proc gives it back unchanged. */
static void assert_nfc(const char *out)
{
	char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)out);

	ck_assert_ptr_nonnull(nfc);
	if (strcmp(nfc, out) != 0)
		ck_abort_msg("normalized text is not NFC: '%s' vs '%s'", out, nfc);
	free(nfc);
}

START_TEST(test_nfc_inert_alone)
{
	int32_t cp;

	for (cp = 1; cp < 0x110000; cp++) {
		utf8proc_uint8_t one[8];
		utf8proc_ssize_t n;
		char *nfc;

		if (!inert(cp))
			continue;
		ck_assert_int_eq(utf8proc_get_property(cp)->combining_class, 0);
		n = utf8proc_encode_char(cp, one);
		one[n] = '\0';
		nfc = (char *)utf8proc_NFC(one);
		ck_assert_ptr_nonnull(nfc);
		ck_assert_str_eq(nfc, (char *)one);
		free(nfc);
	}
}
END_TEST

/* Every inert code point normalization keeps as it is, beside every other
 * one on both sides: no two of them compose or reorder, so text of them
 * alone is NFC. */
START_TEST(test_nfc_inert_pairs)
{
	int32_t *keep = malloc(0x1000 * sizeof(*keep)), cp;
	size_t nkeep = 0, a, b, len;
	utf8proc_uint8_t *buf = malloc(0x1000 * 8 + 16);

	ck_assert_ptr_nonnull(keep);
	ck_assert_ptr_nonnull(buf);
	for (cp = 0x21; cp < 0x110000; cp++) {
		utf8proc_uint8_t one[8];
		utf8proc_ssize_t n;
		char *out;

		if (!inert(cp))
			continue;
		n = utf8proc_encode_char(cp, one);
		out = normalize((char *)one, (size_t)n);
		if ((size_t)n == strlen(out) && memcmp(out, one, (size_t)n) == 0)
			keep[nkeep++] = cp;
		free(out);
	}
	ck_assert_uint_gt(nkeep, 700);
	for (a = 0; a < nkeep; a++) {
		char *out;

		for (b = 0, len = 0; b < nkeep; b++) {
			len += (size_t)utf8proc_encode_char(keep[a], buf + len);
			len += (size_t)utf8proc_encode_char(keep[b], buf + len);
		}
		out = normalize((char *)buf, len);
		ck_assert_uint_eq(strlen(out), len);
		ck_assert_int_eq(memcmp(out, buf, len), 0);
		assert_nfc(out);
		free(out);
	}
	free(buf);
	free(keep);
}
END_TEST

/* Text with anything that is not inert still goes through NFC. */
START_TEST(test_nfc_still_composes)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "cafe\xcc\x81 \xe2\x80\x94 2\xe2\x82\xac", "caf\xc3\xa9 \xe2\x80\x94 2\xe2\x82\xac" },
		{ "\xe2\x80\xa6 A\xcc\x8a", "\xe2\x80\xa6 \xc3\x85" },
		{ "\xe2\x84\xab and \xe2\x84\xa6", "\xc3\x85 and \xce\xa9" },
		{ "\xe1\x84\x80\xe1\x85\xa1 \xc3\xa9", "\xea\xb0\x80 \xc3\xa9" },
		{ "\xc3\xa9\xcc\xa3 x", "\xe1\xba\xb9\xcc\x81 x" },
		{ "na\xc3\xafve \xe2\x80\x93 \xc2\xbd", "na\xc3\xafve \xe2\x80\x93 \xc2\xbd" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = normalize(cases[i].in, strlen(cases[i].in));

		ck_assert_str_eq(out, cases[i].want);
		free(out);
	}
}
END_TEST

/* ASCII input: controls dropped, white space folded to one space, trimmed,
 * as the byte-at-a-time loop did it. */
static char *reference_ascii(const char *s, size_t len)
{
	char *o = malloc(len + 1);
	size_t i, w = 0;
	int space = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			space = 1;
		} else if (c >= 0x20 && c != 0x7f) {
			if (space && w)
				o[w++] = ' ';
			space = 0;
			o[w++] = (char)c;
		}
	}
	o[w] = '\0';
	return o;
}

START_TEST(test_normalize_ascii_runs)
{
	static const char alphabet[] = "ab Z.9, \t\n\r\x01\x7f\f\v  -";
	char s[300];
	int it;

	for (it = 0; it < 50000; it++) {
		size_t len = (size_t)(rng() % sizeof(s)), i;
		char *want, *got;

		for (i = 0; i < len; i++)
			s[i] = rng() % 4 ? alphabet[rng() % 5] : alphabet[rng() % (sizeof(alphabet) - 1)];
		want = reference_ascii(s, len);
		got = normalize(s, len);
		ck_assert_str_eq(got, want);
		free(want);
		free(got);
	}
}
END_TEST

/*
 * The scan goes a word (8 bytes) at a time from where it last stopped. A
 * prefix "x.y " with m + 1 letters y ends no sentence but moves where the
 * words fall against the text after it, m = 0..7 covering every offset:
 * the cuts in that text must not move with it. s starts with no space.
 */
static void assert_alignment_invariant(const char *s, size_t len)
{
	ct_span *base, *sp;
	size_t nbase, n, m, i, plen;
	char *padded = malloc(len + 16);

	ck_assert_int_eq(ct_sentences(&base, &nbase, s, len), 0);
	if (nbase == 0) {
		free(base);
		free(padded);
		return;
	}
	ck_assert_uint_eq(base[0].start, 0);
	for (m = 0; m < 8; m++) {
		plen = m + 4;
		padded[0] = 'x';
		padded[1] = '.';
		memset(padded + 2, 'y', m + 1);
		padded[plen - 1] = ' ';
		memcpy(padded + plen, s, len);
		ck_assert_int_eq(ct_sentences(&sp, &n, padded, len + plen), 0);
		ck_assert_msg(n == nbase, "'%.*s' vs '%.*s': %zu vs %zu", (int)len, s, (int)(len + plen), padded, nbase, n);
		ck_assert_uint_eq(sp[0].start, 0);
		ck_assert_uint_eq(sp[0].len, plen + base[0].len);
		for (i = 1; i < n; i++) {
			ck_assert_uint_eq(sp[i].start, plen + base[i].start);
			ck_assert_uint_eq(sp[i].len, base[i].len);
		}
		free(sp);
	}
	free(base);
	free(padded);
}

START_TEST(test_sentences_any_alignment)
{
	static const char *const atoms[] = {
		"The", "rose", "5%", "Mr.", "U.S.", "Inc.", "It", "said", "1.5", "people", "Dr.",
		".", ".", "!", "?", "...", "\xe2\x80\xa6", "\xe2\x80\x94", "\"", ")", "\xe2\x80\x9d",
		"\xc2\xbb", "'", "e.g.", "No.", "Jan.", "F.", "3,000", "$5bn.", "a", "x",
	};
	static const char *const texts[] = {
		"Police arrested 14 people. The protest ended at dawn.",
		"Will rates rise? Analysts think so! Markets fell.",
		"Mr. Smith met Dr. Jones and Sen. Warren on Tuesday.",
		"He moved to the U.S. The move was costly.",
		"Wait\xe2\x80\xa6 What? \"Yes.\" (No.) It ended.",
	};
	char s[512];
	int it;
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		assert_alignment_invariant(texts[i], strlen(texts[i]));
	for (it = 0; it < 20000; it++) {
		size_t len = 0, n = rng() % 40;

		for (i = 0; i < n; i++) {
			const char *a = atoms[rng() % (sizeof(atoms) / sizeof(atoms[0]))];
			size_t m = strlen(a);

			memcpy(s + len, a, m);
			len += m;
			if (rng() % 4)
				s[len++] = ' ';
		}
		for (i = 0; i < len && s[i] == ' '; i++)
			;
		assert_alignment_invariant(s + i, len - i);
	}
}
END_TEST

/* The byte-at-a-time rule: a NUL, or control bytes over a tenth of the
 * first 8 KB. */
static int reference_binary(const unsigned char *p, size_t len)
{
	size_t i, n = len < 8192 ? len : 8192, ctl = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == 0)
			return 1;
		if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t' &&
		    p[i] != '\f' && p[i] != 0x1b)
			ctl++;
	}
	return n > 0 && ctl * 10 > n;
}

START_TEST(test_looks_binary_any_byte)
{
	static unsigned char buf[9000];
	int it, saw[2] = { 0, 0 };

	for (it = 0; it < 4000; it++) {
		size_t len = it < 3000 ? (size_t)(rng() % 64) : (size_t)(rng() % sizeof(buf)), i;
		unsigned density = (unsigned)(rng() % 30);
		int want;

		for (i = 0; i < len; i++) {
			buf[i] = (unsigned char)(0x20 + rng() % 0xe0);
			if (rng() % 100 < density)
				buf[i] = (unsigned char)(rng() % 0x20);
		}
		if (len && rng() % 8 == 0)
			buf[rng() % len] = (unsigned char)(rng() % 2 ? 0 : 0x1b);
		want = reference_binary(buf, len);
		saw[want]++;
		ck_assert_int_eq(ct_text_looks_binary((const char *)buf, len), want);
	}
	ck_assert_int_gt(saw[0], 100);
	ck_assert_int_gt(saw[1], 100);
}
END_TEST

/* ---- the plugins' scans ---- */

static const char *sniffed(ct_host *host, const char *data, size_t len)
{
	const ct_plugin *p = ct_host_sniff(host, data, len, NULL);

	return p ? p->name : "(none)";
}

/* The feed probe finds a root tag anywhere in the first 4 KB, also as the
 * last bytes it sees, and never past them; an <html> before it wins. */
START_TEST(test_probe_tags)
{
	static const struct { size_t pad; const char *tail, *want; } cases[] = {
		{ 0, "<rss version=\"2.0\"><channel></channel></rss>", "rss" },
		{ 0, "<rss", "rss" },
		{ 0, "<rs", "text" },
		{ 0, "<rssx>", "text" },
		{ 100, "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "rss" },
		{ 100, "<rdf:RDF>", "rss" },
		{ 100, "<CHANNEL>", "rss" },
		{ 4092, "<rss>", "rss" },
		{ 4093, "<rss>", "text" },
		{ 4091, "<feed/>", "rss" },
		{ 4092, "<feed/>", "text" },
		{ 10, "<html><body><rss></rss></body></html>", "html" },
		{ 10, "<rss><html></html></rss>", "rss" },
		{ 0, "<?xml version=\"1.0\"?><doc/>", "rss" },
		{ 58, "<?xml version=\"1.0\"?>", "rss" },
		{ 60, "<?xml version=\"1.0\"?>", "text" },
	};
	ct_host *host = test_host();
	char *buf = malloc(8192);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = strlen(cases[i].tail);
		const char *got;

		memset(buf, 'x', cases[i].pad);
		memcpy(buf + cases[i].pad, cases[i].tail, n);
		got = sniffed(host, buf, cases[i].pad + n);
		ck_assert_msg(strcmp(got, cases[i].want) == 0, "case %zu (%zu + '%s'): %s, want %s",
			i, cases[i].pad, cases[i].tail, got, cases[i].want);
	}
	free(buf);
	ct_host_free(host);
}
END_TEST

static ct_doc *parse_text(ct_host *host, const char *data, size_t len)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;

	req.type = "text";
	req.name = "test.txt";
	ck_assert_msg(ct_host_parse(&doc, host, data, len, &req) == 0, "%s", ct_error_last());
	return doc;
}

static void assert_same_blocks(const ct_doc *a, const ct_doc *b, const char *what)
{
	size_t i;

	ck_assert_msg(a->nblocks == b->nblocks, "%s: %zu blocks vs %zu", what, a->nblocks, b->nblocks);
	for (i = 0; i < a->nblocks; i++) {
		ck_assert_int_eq(a->blocks[i].kind, b->blocks[i].kind);
		ck_assert_msg(a->blocks[i].len == b->blocks[i].len &&
			memcmp(a->blocks[i].text, b->blocks[i].text, a->blocks[i].len) == 0,
			"%s: block %zu: '%s' vs '%s'", what, i, a->blocks[i].text, b->blocks[i].text);
	}
}

/* Hard-wrapped news text with bullets, a heading and blank lines, its
 * lines ending in LF, CRLF or CR: the same blocks each time. */
START_TEST(test_text_line_endings)
{
	ct_host *host = test_host();
	size_t len, i, k;
	char *src = slurp(src_path("fixtures/text/operation-at-large.txt"), &len);
	char *crlf = malloc(len * 2 + 1), *cr = malloc(len + 1), *mixed = malloc(len * 2 + 1);
	size_t ncrlf = 0, nmixed = 0;
	ct_doc *want, *got;

	for (i = 0, k = 0; i < len; i++) {
		if (src[i] == '\n') {
			crlf[ncrlf++] = '\r';
			mixed[nmixed++] = '\r';
			if (k++ % 2)
				mixed[nmixed++] = '\n';
		} else {
			mixed[nmixed++] = src[i];
		}
		crlf[ncrlf++] = src[i];
		cr[i] = src[i] == '\n' ? '\r' : src[i];
	}
	want = parse_text(host, src, len);
	ck_assert_uint_gt(want->nblocks, 5);
	got = parse_text(host, crlf, ncrlf);
	assert_same_blocks(want, got, "CRLF");
	ct_doc_free(got);
	got = parse_text(host, cr, len);
	assert_same_blocks(want, got, "CR");
	ct_doc_free(got);
	got = parse_text(host, mixed, nmixed);
	assert_same_blocks(want, got, "mixed");
	ct_doc_free(got);
	ct_doc_free(want);
	free(src);
	free(crlf);
	free(cr);
	free(mixed);
	ct_host_free(host);
}
END_TEST

/* The wrap width is counted in characters: text whose lines carry
 * multi-byte characters (é, €, 한, ...) in random places breaks into the
 * same paragraphs as the same text with a capital X for each (which, like
 * them, is no lower-case letter and counts as a capital in a heading). */
START_TEST(test_text_columns_not_bytes)
{
	static const char *const wide[] = {
		"\xc3\xa9", "\xc2\xbd", "\xe2\x82\xac", "\xed\x95\x9c", "\xc3\xbc", "\xe2\x80\xa6",
	};
	static const char *const words[] = {
		"the", "agency", "said", "3,000", "agents", "were", "sent", "to", "Chicago", "and",
		"officials", "described", "tension", "over", "priorities", "of", "operation",
	};
	ct_host *host = test_host();
	ct_buf multi = CT_BUF_INIT, ascii = CT_BUF_INIT;
	int it;

	for (it = 0; it < 300; it++) {
		size_t nlines = 3 + rng() % 30, l, width = 40 + rng() % 40;
		ct_doc *a, *b;
		size_t i, j;

		ct_buf_clear(&multi);
		ct_buf_clear(&ascii);
		for (l = 0; l < nlines; l++) {
			size_t col = 0;

			if (rng() % 9 == 0) {
				ck_assert_int_eq(ct_buf_puts(&multi, "\n"), 0);
				ck_assert_int_eq(ct_buf_puts(&ascii, "\n"), 0);
				continue;
			}
			while (col < width - (rng() % 20)) {
				const char *w = words[rng() % (sizeof(words) / sizeof(words[0]))];

				if (col) {
					ck_assert_int_eq(ct_buf_putc(&multi, ' '), 0);
					ck_assert_int_eq(ct_buf_putc(&ascii, ' '), 0);
					col++;
				}
				for (i = 0; w[i]; i++, col++) {
					if (rng() % 7 == 0) {
						ck_assert_int_eq(ct_buf_puts(&multi, wide[rng() % 6]), 0);
						ck_assert_int_eq(ct_buf_putc(&ascii, 'X'), 0);
					} else {
						ck_assert_int_eq(ct_buf_putc(&multi, w[i]), 0);
						ck_assert_int_eq(ct_buf_putc(&ascii, w[i]), 0);
					}
				}
			}
			ck_assert_int_eq(ct_buf_puts(&multi, rng() % 3 ? ".\n" : "\n"), 0);
			ck_assert_int_eq(ct_buf_puts(&ascii, multi.ptr[multi.len - 2] == '.' ? ".\n" : "\n"), 0);
		}
		a = parse_text(host, multi.ptr, multi.len);
		b = parse_text(host, ascii.ptr, ascii.len);
		ck_assert_uint_eq(a->nblocks, b->nblocks);
		for (i = 0; i < a->nblocks; i++) {
			const char *t = a->blocks[i].text;
			size_t n = 0;

			ck_assert_int_eq(a->blocks[i].kind, b->blocks[i].kind);
			/* characters, one per code point */
			for (j = 0; j < a->blocks[i].len; j++)
				n += ((unsigned char)t[j] & 0xC0) != 0x80;
			ck_assert_uint_eq(n, b->blocks[i].len);
		}
		ct_doc_free(a);
		ct_doc_free(b);
	}
	ct_buf_dispose(&multi);
	ct_buf_dispose(&ascii);
	ct_host_free(host);
}
END_TEST

Suite *make_textscan_suite(void)
{
	Suite *s = suite_create("textscan");
	TCase *tc = tcase_create("nfc");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_nfc_inert_alone);
	tcase_add_test(tc, test_nfc_inert_pairs);
	tcase_add_test(tc, test_nfc_still_composes);
	suite_add_tcase(s, tc);
	tc = tcase_create("scan");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_normalize_ascii_runs);
	tcase_add_test(tc, test_sentences_any_alignment);
	tcase_add_test(tc, test_looks_binary_any_byte);
	suite_add_tcase(s, tc);
	tc = tcase_create("plugins");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_probe_tags);
	tcase_add_test(tc, test_text_line_endings);
	tcase_add_test(tc, test_text_columns_not_bytes);
	suite_add_tcase(s, tc);
	return s;
}
