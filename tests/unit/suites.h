/*
 * suites.h: every CUnit suite of the unit test runner.
 */
#ifndef IKW_SUITES_H
#define IKW_SUITES_H

#include <CUnit/CUnit.h>

int	suite_bytes(void);
int	suite_link_ip(void);
int	suite_transport(void);
int	suite_isakmp(void);
int	suite_frag(void);
int	suite_truncation(void);
int	suite_payloads(void);
int	suite_vendor(void);
int	suite_registry(void);
int	suite_sa(void);
int	suite_table(void);
int	suite_diag(void);
int	suite_natd(void);
int	suite_offer(void);
int	suite_finding(void);
int	suite_child(void);
int	suite_view(void);
int	suite_ring(void);
int	suite_keys(void);
int	suite_crypt(void);
int	suite_crypt_pkt(void);
int	suite_keyed(void);
int	suite_peek(void);

/* Adds a suite and its tests; returns 0 or a CUnit error. */
struct test_def {
	const char	*name;
	CU_TestFunc	 fn;
};
int	suite_add(const char *, const struct test_def *, size_t);

#define SUITE(name, tests) \
	suite_add(name, tests, sizeof(tests) / sizeof(tests[0]))

#endif
