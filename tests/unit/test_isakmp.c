/*
 * test_isakmp.c: the ISAKMP header and payload chain, both versions.
 */
#include "dissect/names.h"
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"

static uint32_t
decode(struct fb *f, struct ike_msg *m)
{
	uint32_t a = 0;

	fb_fix(f);
	isakmp_decode(f->b, f->n, m, &a);
	return a;
}

static int
has(uint32_t a, enum anomaly x)
{
	return (a & (1u << x)) != 0;
}

static void
test_v1_main_mode_1(void)
{
	struct ike_msg m;
	struct fb f;

	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 1, 0x10, 2, 0, 0);
	fb_payload(&f, 13, 48, 0);	/* SA */
	fb_payload(&f, 13, 16, 0);	/* VID */
	fb_payload(&f, 0, 16, 0);	/* VID */
	CU_ASSERT_EQUAL(decode(&f, &m), 0);
	CU_ASSERT_EQUAL(m.major, 1);
	CU_ASSERT_EQUAL(m.minor, 0);
	CU_ASSERT_EQUAL(m.exch, IKEV1_X_MAIN);
	CU_ASSERT_EQUAL(m.npl, 3);
	CU_ASSERT_EQUAL(m.pl[0].type, IKEV1_P_SA);
	CU_ASSERT_EQUAL(m.pl[0].len, 52);
	CU_ASSERT_EQUAL(m.pl[0].off, 28);
	CU_ASSERT_EQUAL(m.pl[1].type, IKEV1_P_VID);
	CU_ASSERT_EQUAL(m.pl[1].off, 80);
	CU_ASSERT_EQUAL(m.pl[2].type, IKEV1_P_VID);
	CU_ASSERT_EQUAL(m.len, f.n);
	CU_ASSERT_EQUAL(m.encrypted, 0);
}

static void
test_v1_encrypted(void)
{
	struct ike_msg m;
	struct fb f;

	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 5, 0x10, 2, IKEV1_F_ENC, 0);
	fb_fill(&f, 0x3c, 64);		/* ciphertext: nothing to walk */
	CU_ASSERT_EQUAL(decode(&f, &m), 0);
	CU_ASSERT_EQUAL(m.encrypted, 1);
	CU_ASSERT_EQUAL(m.npl, 0);
	CU_ASSERT_EQUAL(m.inner_np, IKEV1_P_ID);
}

static void
test_v2_sk_last(void)
{
	struct ike_msg m;
	struct fb f;

	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 46, 0x20, 37, 0x20, 5);
	fb_payload(&f, 42, 60, 0);	/* SK, inner D */
	CU_ASSERT_EQUAL(decode(&f, &m), 0);
	CU_ASSERT_EQUAL(m.exch, IKEV2_X_INFORMATIONAL);
	CU_ASSERT_EQUAL(m.flags, IKEV2_F_RESPONSE);
	CU_ASSERT_EQUAL(m.npl, 1);
	CU_ASSERT_EQUAL(m.pl[0].type, IKEV2_P_SK);
	CU_ASSERT_EQUAL(m.inner_np, IKEV2_P_D);
	CU_ASSERT_EQUAL(m.encrypted, 1);
	fb_payload(&f, 0, 4, 0);	/* something after SK */
	CU_ASSERT_TRUE(has(decode(&f, &m), ANOM_IKE_SK_NOT_LAST));
}

static void
test_v2_skf(void)
{
	struct ike_msg m;
	struct fb f;

	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 53, 0x20, 35, 0x08, 1);
	fb_u8(&f, 35);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 4 + 32);
	fb_u16(&f, 1);			/* fragment 1 */
	fb_u16(&f, 3);			/* of 3 */
	fb_fill(&f, 0, 32);
	CU_ASSERT_EQUAL(decode(&f, &m), 0);
	CU_ASSERT_EQUAL(m.frag_no, 1);
	CU_ASSERT_EQUAL(m.frag_total, 3);
	CU_ASSERT_EQUAL(m.inner_np, IKEV2_P_IDI);
}

static void
test_v1_cisco_fragment(void)
{
	struct ike_msg m;
	struct fb f;

	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 132, 0x10, 2, 0, 0);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 8 + 20);
	fb_u16(&f, 1);			/* fragment id */
	fb_u8(&f, 2);			/* number */
	fb_u8(&f, 1);			/* last */
	fb_fill(&f, 0, 20);
	CU_ASSERT_EQUAL(decode(&f, &m), 0);
	CU_ASSERT_EQUAL(m.pl[0].type, IKEV1_P_FRAG);
	CU_ASSERT_EQUAL(m.frag_no, 2);
	CU_ASSERT_EQUAL(m.frag_total, 2);
}

static void
test_zero_length_payload_ends_walk(void)
{
	struct ike_msg m;
	struct fb f;
	uint32_t a;

	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 1, 0x10, 2, 0, 0);
	fb_u8(&f, 1);			/* points at itself... */
	fb_u8(&f, 0);
	fb_u16(&f, 0);			/* ...with length 0 */
	fb_fill(&f, 0, 40);
	a = decode(&f, &m);
	CU_ASSERT_TRUE(has(a, ANOM_IKE_PL_SHORT));
	CU_ASSERT_EQUAL(m.npl, 0);
}

static void
test_payload_overrun(void)
{
	struct ike_msg m;
	struct fb f;
	uint32_t a;

	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 33, 0x20, 34, 0x08, 0);
	fb_payload(&f, 34, 8, 0);
	fb_u8(&f, 0);			/* KE claims 200 bytes, has 10 */
	fb_u8(&f, 0);
	fb_u16(&f, 200);
	fb_fill(&f, 0, 6);
	a = decode(&f, &m);
	CU_ASSERT_TRUE(has(a, ANOM_IKE_PL_OVERRUN));
	CU_ASSERT_EQUAL(m.npl, 2);
	CU_ASSERT_EQUAL(m.pl[1].len, 200);
}

static void
test_many_payloads(void)
{
	struct ike_msg m;
	struct fb f;
	int i;

	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 43, 0x20, 34, 0x08, 0);
	for (i = 0; i < IKE_MAX_PAYLOADS + 5; i++)
		fb_payload(&f, i == IKE_MAX_PAYLOADS + 4 ? 0 : 43, 0, 0);
	CU_ASSERT_TRUE(has(decode(&f, &m), ANOM_IKE_PL_MANY));
	CU_ASSERT_EQUAL(m.npl, IKE_MAX_PAYLOADS);
}

static void
test_trailing_unknown_reserved(void)
{
	struct ike_msg m;
	struct fb f;
	uint32_t a;

	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 99, 0x10, 2, 0x40, 0);
	fb_payload(&f, 0, 4, 0);
	fb_fill(&f, 0, 3);
	a = decode(&f, &m);
	CU_ASSERT_TRUE(has(a, ANOM_IKE_PL_UNKNOWN));
	CU_ASSERT_TRUE(has(a, ANOM_IKE_TRAILING));
	CU_ASSERT_TRUE(has(a, ANOM_IKE_RESERVED));
	CU_ASSERT_PTR_NULL(ike_payload_name(1, 99));
}

static void
test_length_disagrees(void)
{
	struct ike_msg m;
	struct fb f;
	uint32_t a = 0;

	fb_init(&f);
	fb_ike_sa_init(&f);
	fb_fix(&f);
	fb_put32(&f, 24, (uint32_t)f.n + 50);	/* longer than the datagram */
	isakmp_decode(f.b, f.n, &m, &a);
	CU_ASSERT_TRUE(has(a, ANOM_IKE_LEN));
	CU_ASSERT_EQUAL(m.npl, 3);		/* the chain still read */
	a = 0;
	fb_put32(&f, 24, 40);			/* shorter: cuts the chain */
	isakmp_decode(f.b, f.n, &m, &a);
	CU_ASSERT_TRUE(has(a, ANOM_IKE_LEN));
	CU_ASSERT_TRUE(has(a, ANOM_IKE_PL_OVERRUN));
}

static void
test_bad_version_and_short(void)
{
	struct ike_msg m;
	struct fb f;
	uint32_t a = 0;

	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 1, 0x30, 2, 0, 0);
	CU_ASSERT_TRUE(has(decode(&f, &m), ANOM_IKE_VERSION));
	isakmp_decode(f.b, 27, &m, &a);
	CU_ASSERT_TRUE(has(a, ANOM_IKE_SHORT));
}

static void
test_registry_names(void)
{
	char u[24];

	CU_ASSERT_STRING_EQUAL(ike_exch_json(1, 2), "main");
	CU_ASSERT_STRING_EQUAL(ike_exch_json(2, 43), "IKE_INTERMEDIATE");
	CU_ASSERT_PTR_NULL(ike_exch_json(2, 2));
	CU_ASSERT_STRING_EQUAL(ike_payload_name(2, 53), "SKF");
	CU_ASSERT_STRING_EQUAL(ike_payload_name(1, 130), "NAT-D");
	CU_ASSERT_STRING_EQUAL(names_or_unknown(NULL, 77, u, sizeof(u)),
	    "UNKNOWN(77)");
	CU_ASSERT_STRING_EQUAL(anomaly_name(ANOM_IKE_LEN), "ike_len_mismatch");
}

int
suite_isakmp(void)
{
	static const struct test_def t[] = {
		{ "IKEv1 Main Mode message 1", test_v1_main_mode_1 },
		{ "IKEv1 encrypted", test_v1_encrypted },
		{ "IKEv2 SK is last", test_v2_sk_last },
		{ "IKEv2 SKF", test_v2_skf },
		{ "IKEv1 Cisco fragment", test_v1_cisco_fragment },
		{ "zero-length payload ends the walk",
		    test_zero_length_payload_ends_walk },
		{ "payload overrun", test_payload_overrun },
		{ "more payloads than recorded", test_many_payloads },
		{ "trailing, unknown, reserved",
		    test_trailing_unknown_reserved },
		{ "length disagrees with datagram", test_length_disagrees },
		{ "bad version, short header", test_bad_version_and_short },
		{ "registry names", test_registry_names },
	};

	return SUITE("isakmp", t);
}
