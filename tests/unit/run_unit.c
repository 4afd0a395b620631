/*
 * run_unit.c: runs every CUnit suite; exits non-zero when any assertion
 * failed (CU_basic_run_tests() alone does not say so in its status).
 */
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "tests/unit/suites.h"

int
suite_add(const char *name, const struct test_def *t, size_t n)
{
	CU_pSuite s = CU_add_suite(name, NULL, NULL);
	size_t i;

	if (s == NULL)
		return CU_get_error();
	for (i = 0; i < n; i++)
		if (CU_add_test(s, t[i].name, t[i].fn) == NULL)
			return CU_get_error();
	return 0;
}

int
main(void)
{
	int (*const suites[])(void) = {
		suite_bytes, suite_link_ip, suite_transport, suite_isakmp,
		suite_frag, suite_truncation, suite_payloads, suite_vendor,
		suite_registry, suite_sa, suite_table, suite_diag, suite_natd,
		suite_offer, suite_finding, suite_child, suite_view, suite_ring,
		suite_keys, suite_crypt, suite_crypt_pkt, suite_keyed,
		suite_peek,
	};
	unsigned failed;
	size_t i;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (suites[i]() != 0) {
			fprintf(stderr, "run_unit: %s\n", CU_get_error_msg());
			CU_cleanup_registry();
			return 2;
		}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	if (CU_get_number_of_tests_run() == 0)
		failed = 1;
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
