/* SPDX-License-Identifier: MIT */
/*
 * Figure-change cases in fixtures/changes/NNN/ (old.*, new.*, gold.json in
 * the format of shared/eval's score-changes): every gold change is found,
 * and nothing else is reported. Rewording, reordering and unrelated edits
 * must not raise an alert.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "testutil.h"

static int same(double a, double b)
{
	return fabs(a - b) <= 0.005 * fmax(fabs(a), fabs(b));
}

static char *find_side(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *found = NULL;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		if (!strncmp(e->d_name, prefix, strlen(prefix))) {
			size_t n = strlen(dir) + strlen(e->d_name) + 2;

			found = malloc(n);
			snprintf(found, n, "%s/%s", dir, e->d_name);
			break;
		}
	}
	closedir(d);
	ck_assert_msg(found != NULL, "no %s* in %s", prefix, dir);
	return found;
}

static void claims_of(ct_claimset *set, ct_host *h, const char *path, const char *type)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;
	size_t len;
	char *data = slurp(path, &len);

	req.type = type;
	req.name = path;
	if (ct_host_parse(&doc, h, data, len, &req) < 0)
		ck_abort_msg("%s: %s", path, ct_error_last());
	ck_assert_int_eq(ct_claims_extract(set, doc), 0);
	ct_doc_free(doc);
	free(data);
}

static void run_case(const char *name)
{
	char dir[4096], gpath[4200];
	char *oldp, *newp;
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	ct_host *h = test_host();
	ct_diff *d = NULL;
	json_error_t jerr;
	json_t *gold, *changes;
	char *used;
	size_t i, k;

	snprintf(dir, sizeof(dir), "%s", src_path("fixtures/changes"));
	strncat(dir, "/", sizeof(dir) - strlen(dir) - 1);
	strncat(dir, name, sizeof(dir) - strlen(dir) - 1);
	snprintf(gpath, sizeof(gpath), "%s/gold.json", dir);
	gold = json_load_file(gpath, 0, &jerr);
	ck_assert_msg(gold != NULL, "%s: %s", gpath, jerr.text);
	changes = json_object_get(gold, "changes");
	oldp = find_side(dir, "old.");
	newp = find_side(dir, "new.");
	claims_of(&a, h, oldp, json_string_value(json_object_get(gold, "type")));
	claims_of(&b, h, newp, json_string_value(json_object_get(gold, "type")));
	ck_assert_int_eq(ct_diff_compute(&d, &a, &b, NULL), 0);
	used = calloc(d->count + 1, 1);
	for (i = 0; i < json_array_size(changes); i++) {
		json_t *g = json_array_get(changes, i);
		const char *kind = json_string_value(json_object_get(g, "change"));
		double ov = json_number_value(json_object_get(g, "old"));
		double nv = json_number_value(json_object_get(g, "new"));
		int hit = 0;

		for (k = 0; k < d->count && !hit; k++) {
			const ct_change *c = &d->changes[k];

			if (used[k] || strcmp(ct_change_kind_name(c->change), kind))
				continue;
			if ((c->old && !same(c->old->value, ov)) || (c->new && !same(c->new->value, nv)))
				continue;
			used[k] = hit = 1;
		}
		ck_assert_msg(hit, "case %s: gold change %zu (%s %g -> %g) not reported", name, i,
			kind, ov, nv);
	}
	for (k = 0; k < d->count; k++) {
		const ct_change *c = &d->changes[k];

		ck_assert_msg(used[k], "case %s: unexpected %s %g -> %g (%s)", name,
			ct_change_kind_name(c->change), c->old ? c->old->value : NAN,
			c->new ? c->new->value : NAN, (c->new ? c->new : c->old)->text);
	}
	free(used);
	free(oldp);
	free(newp);
	json_decref(gold);
	ct_diff_free(d);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
	ct_host_free(h);
}

static char case_names[256][64];
static int ncases;

START_TEST(test_change_case)
{
	run_case(case_names[_i]);
}
END_TEST

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

Suite *make_changes_suite(void)
{
	Suite *s = suite_create("changes");
	TCase *tc = tcase_create("cases");
	DIR *d = opendir(src_path("fixtures/changes"));
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL && ncases < 256)
		if (e->d_name[0] != '.' && strlen(e->d_name) < 64)
			memcpy(case_names[ncases++], e->d_name, strlen(e->d_name) + 1);
	if (d)
		closedir(d);
	qsort(case_names, (size_t)ncases, sizeof(case_names[0]), cmp_name);
	tcase_add_loop_test(tc, test_change_case, 0, ncases);
	suite_add_tcase(s, tc);
	return s;
}
