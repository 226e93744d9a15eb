/* SPDX-License-Identifier: MIT */
/* Rendering of claims and text as the archive stores them: the number
 * formatter against printf's "%.15g", claim lines against the printf
 * formatting they replace, and extraction with text rendering in one pass
 * against the two separate calls. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "../core/archive_internal.h"
#include "../core/claims_internal.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	/* xorshift64*: reproducible, no libc rand() state shared with others */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* v must print exactly as "%.15g"; when fast is set, the direct path must
 * also have taken it. */
static void check_number(double v, int fast)
{
	char want[64], got[CT_CLAIMS_NUMBER_MAX + 8], quick[CT_CLAIMS_NUMBER_MAX + 8];
	size_t n, q;

	snprintf(want, sizeof(want), "%.15g", v);
	memset(got, 'x', sizeof(got));
	n = ct_claims__format_number(got, v);
	if (n != strlen(want) || strcmp(got, want) != 0)
		ck_abort_msg("format_number(%a): got '%s', want '%s'", v, got, want);
	q = ct_claims__format_number_fast(quick, v);
	if (q) {
		if (q != strlen(want) || strcmp(quick, want) != 0)
			ck_abort_msg("format_number_fast(%a): got '%s', want '%s'", v, quick, want);
	} else if (fast) {
		ck_abort_msg("format_number_fast(%a) ('%s') took the slow path", v, want);
	}
}

static void check_both_signs(double v, int fast)
{
	check_number(v, fast);
	check_number(-v, fast);
}

START_TEST(test_format_number_special)
{
	static const double odd[] = {
		1e-5, 1e-4, 0.0001, 0.00011, 0.000099999, 0.00012345, 1e-7, 1.5e-10,
		1e15, 1e15 + 1, 1e15 - 0.5, 999999999999999.0, 999999999999999.4,
		999999999999999.6, 9999999999999998.0, 1e16, 1e17, 1e20, 1e21, 1e22, 1e23,
		1e100, 1e300, 1e308, DBL_MAX, DBL_MIN, DBL_MIN / 2, 5e-324, DBL_EPSILON,
		0.1 + 0.2, 1.0 / 3, 2.0 / 3, 0.3, 0.7, 1.005, 2.675, 1.45, 0.125, 0.0625,
		123456.789, 12345678901234.5, 1234567890123.45, 123456789012.345,
		4503599627370495.5, 4503599627370497.0, 9007199254740993.0,
		0.5, 0.25, 0.75, 1.5, 2.5, 1e-4 * 3, 3e-4, 0.1 * 3, 16.7, 1.8, 33.3,
	};
	size_t i;

	check_number(0.0, 1);
	check_number(-0.0, 1);
	check_number(INFINITY, 0);
	check_number(-INFINITY, 0);
	check_number(NAN, 0);
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		check_both_signs(odd[i], 0);
}
END_TEST

START_TEST(test_format_number_integers)
{
	double p;
	int i, k;

	for (i = 0; i <= 100000; i++)
		check_both_signs((double)i, 1);
	/* powers of ten and of two, and their neighbours */
	for (p = 1; p < 1e25; p *= 10) {
		check_both_signs(p, p < 1e15);
		check_both_signs(p - 1, p - 1 < 1e15);
		check_both_signs(p + 1, p + 1 < 1e15);
	}
	for (k = 0; k < 64; k++) {
		p = ldexp(1, k);
		check_both_signs(p, p < 1e15);
		check_both_signs(p - 1, p - 1 < 1e15);
		check_both_signs(p + 1, p + 1 < 1e15 && p + 1 <= 9007199254740992.0);
	}
	/* random integers of every magnitude up to 1e15 */
	for (i = 0; i < 200000; i++) {
		int digits = 1 + (int)(rng() % 15);
		double v = (double)(rng() % (uint64_t)pow(10, digits));

		check_both_signs(v, 1);
	}
	/* and beyond, where "%.15g" rounds or writes an exponent */
	for (i = 0; i < 20000; i++)
		check_both_signs((double)(rng() >> (rng() % 12)), 0);
}
END_TEST

START_TEST(test_format_number_fractions)
{
	static const double den[] = { 2, 4, 8, 10, 100, 1000, 10000, 100000, 1000000 };
	int i, k;

	/* halves, quarters, eighths and decimals, as division makes them */
	for (i = 0; i < 200000; i++) {
		size_t which = (size_t)(rng() % (sizeof(den) / sizeof(den[0])));
		double d = den[which];
		uint64_t r = rng() % (rng() % 2 ? 100000u : 1000000000000000ull);
		double v = (double)r / d;
		int fast;

		if (d < 10)   /* r / 2^k has k decimals: r * 5^k of them as digits */
			fast = (double)r * pow(5, (double)which + 1) < 1e15;
		else          /* r / 10^k, the nearest double to that decimal */
			fast = r == 0 || v >= 1e-4;
		check_both_signs(v, fast);
	}
	/* digits accumulated as the tokenizer does: "16.7", "1,234.56" */
	for (i = 0; i < 100000; i++) {
		double v = 0, scale = 0.1;
		int ni = (int)(rng() % 10), nf = (int)(rng() % 7);

		for (k = 0; k < ni; k++)
			v = v * 10 + (double)(rng() % 10);
		for (k = 0; k < nf; k++) {
			v += (double)(rng() % 10) * scale;
			scale /= 10;
		}
		check_both_signs(v, 0);
		check_both_signs(v * 1e6, 0);
		check_both_signs(v / 100, 0);
	}
	/* percentages and ratios the extractor computes */
	for (i = 1; i < 3000; i++) {
		check_both_signs(1.0 / i, 0);
		check_both_signs((double)i / 7, 0);
		check_both_signs(i * 0.1, 0);
		check_both_signs(i * 0.01, 0);
		check_both_signs(i * 1e-5, 0);
	}
	/* every bit pattern is fair game */
	for (i = 0; i < 200000; i++) {
		uint64_t bits = rng();
		double v;

		memcpy(&v, &bits, sizeof(v));
		check_number(v, 0);
		/* and values near the fast path's range */
		check_both_signs(ldexp((double)(rng() >> 11), -(int)(rng() % 80)), 0);
	}
}
END_TEST

/* ct_buf_printf formats into the free room first: what fits, what does not,
 * an exact fit and the cap must all come out as before. */
START_TEST(test_buf_printf)
{
	ct_buf b = CT_BUF_INIT;
	char want[512];
	size_t i, room;

	ck_assert_int_eq(ct_buf_printf(&b, "%s", ""), 0);
	ck_assert_ptr_nonnull(b.ptr);
	ck_assert_uint_eq(b.len, 0);
	want[0] = '\0';
	for (i = 0; i < 200; i++) {
		size_t n = strlen(want);

		ck_assert_int_eq(ct_buf_printf(&b, "%zu,", i), 0);
		snprintf(want + n, sizeof(want) - n, "%zu,", i);
		if (strlen(want) > 400)
			break;
	}
	ck_assert_str_eq(b.ptr, want);
	ck_assert_uint_eq(b.len, strlen(want));
	/* exactly the free room: one byte short of it needs the NUL too */
	room = b.size - b.len;
	ck_assert_int_eq(ct_buf_printf(&b, "%*s", (int)(room - 1), "x"), 0);
	ck_assert_uint_eq(b.len, b.size - 1);
	ck_assert_int_eq(ct_buf_printf(&b, "%s", "y"), 0);
	ck_assert_uint_eq(b.ptr[b.len - 1], 'y');
	ck_assert_uint_eq(b.ptr[b.len], '\0');
	ct_buf_dispose(&b);

	/* over the cap: refused, the bytes before left as they were */
	b.cap = 10;
	ck_assert_int_eq(ct_buf_puts(&b, "abc"), 0);
	ck_assert_int_eq(ct_buf_printf(&b, "%s", "defghijklmnop"), CT_ETOOBIG);
	ck_assert_uint_eq(b.len, 3);
	ck_assert_str_eq(b.ptr, "abc");
	ck_assert_int_eq(ct_buf_printf(&b, "%d", 1234567), 0);
	ck_assert_str_eq(b.ptr, "abc1234567");
	ck_assert_int_eq(ct_buf_printf(&b, "%c", 'z'), CT_ETOOBIG);
	ck_assert_str_eq(b.ptr, "abc1234567");
	ct_buf_dispose(&b);
}
END_TEST

/* The line as ct_claim_line wrote it with printf. */
static char *reference_line(const ct_claim *c)
{
	char buf[4096];
	int n;

	n = snprintf(buf, sizeof(buf), "%s\t%s%s%.15g", c->key[0] ? c->key : "-",
		strcmp(c->qualifier, "=") ? c->qualifier : "",
		strcmp(c->qualifier, "=") ? " " : "", c->value);
	if (c->has_high)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "-%.15g", c->high);
	if (c->unit)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, " %s", c->unit);
	if (c->per)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, " per %s", c->per);
	n += snprintf(buf + n, sizeof(buf) - (size_t)n, "\t%s\t%s", ct_claim_kind_name(c->kind), c->text);
	if (c->section)
		snprintf(buf + n, sizeof(buf) - (size_t)n, "\t[%s]", c->section);
	return strdup(buf);
}

START_TEST(test_claim_line)
{
	static const char *const quals[] = { "=", "~", ">", "<", ">=", "<=", "up", "down" };
	static const char *const keys[] = { "", "ice agent", "people", "u.s marshal service" };
	static const char *const units[] = { NULL, "USD", "%", "km/h", "°C", "" };
	static const char *const pers[] = { NULL, "day", "sq m", "" };
	static const char *const sections[] = { NULL, "", "item-1", "https://example.com/a?b=c" };
	static const double values[] = { 0, -0.0, 3000, 16.7, 0.5, -12.25, 1e-5, 1e20, 1.0 / 3,
		5e9, 999999999999999.0, 1e15, 0.1 + 0.2 };
	ct_buf b = CT_BUF_INIT;
	ct_claim c;
	char *got, *want;
	int i;

	for (i = 0; i < 20000; i++) {
		memset(&c, 0, sizeof(c));
		c.key = (char *)keys[rng() % 4];
		c.subject = (char *)"";
		c.qualifier = quals[rng() % 8];
		c.value = values[rng() % (sizeof(values) / sizeof(values[0]))];
		c.has_high = (int)(rng() % 2);
		c.high = values[rng() % (sizeof(values) / sizeof(values[0]))];
		c.kind = (ct_claim_kind)(rng() % 7);   /* 6: out of range, read as count */
		c.unit = (char *)units[rng() % 6];
		c.per = (char *)pers[rng() % 4];
		c.text = (char *)(rng() % 2 ? "3,000 ICE agents" : "");
		c.section = (char *)sections[rng() % 4];
		ck_assert_int_eq(ct_claim_line(&got, &c), 0);
		want = reference_line(&c);
		ck_assert_str_eq(got, want);
		/* appended after what a buffer already holds, as claims.txt is */
		ct_buf_clear(&b);
		ck_assert_int_eq(ct_buf_puts(&b, "prefix\n"), 0);
		ck_assert_int_eq(ct_claims__line_put(&b, &c), 0);
		ck_assert_uint_eq(b.len, 7 + strlen(want));
		ck_assert_str_eq(b.ptr + 7, want);
		free(got);
		free(want);
	}
	ct_buf_dispose(&b);
}
END_TEST

/* Two claim sets hold the same claims, field by field, in the same order. */
static void assert_same_claims(const ct_claimset *a, const ct_claimset *b, const char *what)
{
	size_t i;

	ck_assert_msg(a->count == b->count, "%s: %zu claims vs %zu", what, a->count, b->count);
	for (i = 0; i < a->count; i++) {
		const ct_claim *x = &a->items[i], *y = &b->items[i];
		char *lx, *ly;

		ck_assert_int_eq(ct_claim_line(&lx, x), 0);
		ck_assert_int_eq(ct_claim_line(&ly, y), 0);
		ck_assert_str_eq(lx, ly);
		free(lx);
		free(ly);
		ck_assert_str_eq(x->subject, y->subject);
		ck_assert_str_eq(x->sentence, y->sentence);
		ck_assert_uint_eq(x->sentence_no, y->sentence_no);
		ck_assert_uint_eq(x->offset, y->offset);
		ck_assert_ptr_eq(x->rule, y->rule);
		ck_assert_int_eq(memcmp(&x->value, &y->value, sizeof(x->value)), 0);
		ck_assert_int_eq(x->has_high, y->has_high);
		if (x->has_high)
			ck_assert_int_eq(memcmp(&x->high, &y->high, sizeof(x->high)), 0);
	}
}

/* ct_claims__extract_render against ct_claims_extract and
 * ct_archive__render_text, each into a fresh and a used buffer; the
 * second time through a claims cache that has seen the document. */
static void check_extract_render(const ct_doc *doc, const char *what)
{
	ct_claimset one = CT_CLAIMSET_INIT, two = CT_CLAIMSET_INIT, warm = CT_CLAIMSET_INIT;
	ct_buf t1 = CT_BUF_INIT, t2 = CT_BUF_INIT;
	ct_claims_cache *cache = NULL;

	ck_assert_int_eq(ct_claims_extract(&two, doc), 0);
	ck_assert_int_eq(ct_archive__render_text(&t2, doc), 0);
	ck_assert_int_eq(ct_claims__extract_render(&one, &t1, doc, NULL), 0);
	ck_assert_ptr_nonnull(t1.ptr);
	ck_assert_ptr_nonnull(t2.ptr);
	ck_assert_msg(t1.len == t2.len && memcmp(t1.ptr, t2.ptr, t1.len) == 0 && t1.ptr[t1.len] == '\0',
		"%s: text differs\n--- separate\n%s\n--- together\n%s", what, t2.ptr, t1.ptr);
	assert_same_claims(&one, &two, what);

	/* appending to a buffer and a set that already hold something */
	ck_assert_int_eq(ct_claims_extract(&two, doc), 0);
	ck_assert_int_eq(ct_archive__render_text(&t2, doc), 0);
	ck_assert_int_eq(ct_claims_cache_new(&cache), 0);
	ck_assert_int_eq(ct_claims__extract_render(&warm, NULL, doc, cache), 0);
	ck_assert_int_eq(ct_claims__extract_render(&one, &t1, doc, cache), 0);
	ck_assert_msg(t1.len == t2.len && memcmp(t1.ptr, t2.ptr, t1.len) == 0,
		"%s: appended text differs", what);
	assert_same_claims(&one, &two, what);
	ct_claims_cache_free(cache);
	ct_claimset_clear(&warm);

	ct_claimset_clear(&one);
	ct_claimset_clear(&two);
	ct_buf_dispose(&t1);
	ct_buf_dispose(&t2);
}

static const struct { const char *path, *type; } render_fixtures[] = {
	{ "fixtures/text/operation-at-large.txt", "text" },
	{ "fixtures/text/wildfire-wire.txt", "text" },
	{ "fixtures/demo/v1.txt", NULL },
	{ "fixtures/demo/v2.txt", NULL },
	{ "fixtures/changes/001/old.txt", NULL },
	{ "fixtures/changes/004/new.txt", NULL },
	{ "fixtures/html/news-article.html", "html" },
	{ "fixtures/html/live-blog.html", "html" },
	{ "fixtures/html/news-full-page.html", "html" },
	{ "fixtures/feeds/rss20.xml", "rss" },
	{ "fixtures/feeds/atom10.atom", "rss" },
	{ "fixtures/feeds/rdf10.rdf", "rss" },
};

START_TEST(test_extract_render_fixture)
{
	ct_host *host = test_host();
	ct_doc *doc = parse_fixture(host, render_fixtures[_i].path, render_fixtures[_i].type);

	check_extract_render(doc, render_fixtures[_i].path);
	ct_doc_free(doc);
	ct_host_free(host);
}
END_TEST

/* Blocks no plugin makes but the functions accept: line breaks inside a
 * sentence, empty and blank blocks, sections that change and come back,
 * and a document without blocks. */
START_TEST(test_extract_render_odd)
{
	static const struct { const char *text; int section; } blocks[] = {
		{ "Officials said 300\nhomes were damaged. About 1,200 people\r\nfled.", -1 },
		{ "", -1 },
		{ "   ", 0 },
		{ "The budget rose to $5bn. It fell 3% in May.", 0 },
		{ "Shares rose 2.5% to $13.25.\rNo figure here", 1 },
		{ "Between 1990 and 2020, 40 000 homes were built.", 0 },
		{ "\n", 2 },
	};
	ct_section sections[3];
	ct_block bl[sizeof(blocks) / sizeof(blocks[0])];
	ct_doc doc;
	size_t i;

	memset(sections, 0, sizeof(sections));
	sections[0].meta[CT_META_ID] = (char *)"first";
	sections[1].meta[CT_META_ID] = (char *)"second";
	/* section 2 has no id */
	memset(&doc, 0, sizeof(doc));
	doc.sections = sections;
	doc.nsections = 3;
	check_extract_render(&doc, "no blocks");
	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		memset(&bl[i], 0, sizeof(bl[i]));
		bl[i].text = (char *)blocks[i].text;
		bl[i].len = strlen(blocks[i].text);
		bl[i].section = blocks[i].section;
	}
	doc.blocks = bl;
	for (i = 1; i <= sizeof(blocks) / sizeof(blocks[0]); i++) {
		doc.nblocks = i;
		check_extract_render(&doc, "odd blocks");
	}
	doc.blocks = bl + 1;
	doc.nblocks = 1;
	check_extract_render(&doc, "one empty block");
}
END_TEST

/* Reading a file: whole, empty, appended, over the cap, and the errors
 * that name the file. */
START_TEST(test_buf_read_file)
{
	char *dir = tmpdir_new(), path[4200], big[4200], fifo[4200];
	ct_buf b = CT_BUF_INIT;
	pid_t pid;
	int i;

	snprintf(path, sizeof(path), "%s/a.txt", dir);
	spew(path, "3,000 agents\n", 13);
	ck_assert_int_eq(ct_buf_read_file(&b, path, 0), 0);
	ck_assert_str_eq(b.ptr, "3,000 agents\n");
	ck_assert_uint_eq(b.len, 13);
	/* appends to what the buffer holds */
	ck_assert_int_eq(ct_buf_read_file(&b, path, 0), 0);
	ck_assert_str_eq(b.ptr, "3,000 agents\n3,000 agents\n");
	ct_buf_dispose(&b);

	snprintf(path, sizeof(path), "%s/empty.txt", dir);
	spew(path, "", 0);
	ck_assert_int_eq(ct_buf_read_file(&b, path, 0), 0);
	ck_assert_ptr_nonnull(b.ptr);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.ptr, "");
	ct_buf_dispose(&b);

	/* 200 KB, exactly at the cap and one byte under it */
	snprintf(big, sizeof(big), "%s/big.txt", dir);
	{
		FILE *f = fopen(big, "wb");

		ck_assert_ptr_nonnull(f);
		for (i = 0; i < 200000; i++)
			fputc('a' + i % 26, f);
		fclose(f);
	}
	ck_assert_int_eq(ct_buf_read_file(&b, big, 200000), 0);
	ck_assert_uint_eq(b.len, 200000);
	ck_assert_int_eq(b.ptr[199999], 'a' + 199999 % 26);
	ct_buf_dispose(&b);
	ck_assert_int_eq(ct_buf_read_file(&b, big, 199999), CT_ETOOBIG);
	ck_assert(strstr(ct_error_last(), "big.txt") != NULL);
	ct_buf_dispose(&b);

	snprintf(path, sizeof(path), "%s/missing.txt", dir);
	ck_assert_int_eq(ct_buf_read_file(&b, path, 0), CT_EIO);
	ck_assert(strstr(ct_error_last(), "missing.txt") != NULL);
	ck_assert_int_eq(ct_buf_read_file(&b, dir, 0), CT_EIO);
	ck_assert(strstr(ct_error_last(), "is a directory") != NULL);

	/* not a regular file: read to the end, the cap still holds */
	snprintf(fifo, sizeof(fifo), "%s/pipe", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		FILE *f = fopen(fifo, "wb");

		for (i = 0; f && i < 100000; i++)
			fputc('x', f);
		if (f)
			fclose(f);
		_exit(0);
	}
	ck_assert_int_eq(ct_buf_read_file(&b, fifo, 0), 0);
	ck_assert_uint_eq(b.len, 100000);
	waitpid(pid, NULL, 0);
	ct_buf_dispose(&b);
	tmpdir_cleanup(dir);
}
END_TEST

Suite *make_render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("number");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_format_number_special);
	tcase_add_test(tc, test_format_number_integers);
	tcase_add_test(tc, test_format_number_fractions);
	suite_add_tcase(s, tc);
	tc = tcase_create("line");
	tcase_add_test(tc, test_buf_printf);
	tcase_add_test(tc, test_buf_read_file);
	tcase_add_test(tc, test_claim_line);
	suite_add_tcase(s, tc);
	tc = tcase_create("extract_render");
	tcase_add_loop_test(tc, test_extract_render_fixture, 0,
		(int)(sizeof(render_fixtures) / sizeof(render_fixtures[0])));
	tcase_add_test(tc, test_extract_render_odd);
	suite_add_tcase(s, tc);
	return s;
}
