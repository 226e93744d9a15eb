/* SPDX-License-Identifier: MIT */
/* One runner for every suite (tests/check_<area>.c -> make_<area>_suite).
 * CK_RUN_SUITE / CK_RUN_CASE select one, as usual with Check. */
#include <check.h>
#include <stdlib.h>

#define CT_SUITE(name) Suite *make_##name##_suite(void);
#include "suites.h"
#undef CT_SUITE

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

#define CT_SUITE(name) srunner_add_suite(sr, make_##name##_suite());
#include "suites.h"
#undef CT_SUITE
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
