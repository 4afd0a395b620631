/*
 * test_registry.c: the IANA tables of registries.def.  The spot checks
 * carry their values as numbers taken from the RFCs and the IANA pages,
 * not the enum names, so that a typo in the .def cannot agree with
 * itself.
 */
#include <stdio.h>
#include <string.h>

#include "dissect/registry.h"
#include "tests/unit/suites.h"

static const struct reg *const all_regs[] = {
#define REG_BEGIN(id, what)	&reg_##id,
#define R(e, v, name)
#define REG_END(id)
#include "dissect/registries.def"
#undef REG_BEGIN
#undef R
#undef REG_END
};

#define NREGS	(sizeof(all_regs) / sizeof(all_regs[0]))

struct spot {
	const struct reg *r;
	uint32_t	 v;
	const char	*name;
};

static const struct spot spots[] = {
	/* IKEv2 Notify Message Types (RFC 7296 3.10.1 and later RFCs) */
	{ &reg_ikev2_notify, 1, "UNSUPPORTED_CRITICAL_PAYLOAD" },
	{ &reg_ikev2_notify, 14, "NO_PROPOSAL_CHOSEN" },
	{ &reg_ikev2_notify, 17, "INVALID_KE_PAYLOAD" },
	{ &reg_ikev2_notify, 24, "AUTHENTICATION_FAILED" },
	{ &reg_ikev2_notify, 38, "TS_UNACCEPTABLE" },
	{ &reg_ikev2_notify, 43, "TEMPORARY_FAILURE" },
	{ &reg_ikev2_notify, 44, "CHILD_SA_NOT_FOUND" },
	{ &reg_ikev2_notify, 45, "INVALID_GROUP_ID" },
	{ &reg_ikev2_notify, 46, "AUTHORIZATION_FAILED" },
	{ &reg_ikev2_notify, 47, "STATE_NOT_FOUND" },
	{ &reg_ikev2_notify, 48, "TS_MAX_QUEUE" },
	{ &reg_ikev2_notify, 16384, "INITIAL_CONTACT" },
	{ &reg_ikev2_notify, 16388, "NAT_DETECTION_SOURCE_IP" },
	{ &reg_ikev2_notify, 16390, "COOKIE" },
	{ &reg_ikev2_notify, 16393, "REKEY_SA" },
	{ &reg_ikev2_notify, 16396, "MOBIKE_SUPPORTED" },
	{ &reg_ikev2_notify, 16397, "ADDITIONAL_IP4_ADDRESS" },
	{ &reg_ikev2_notify, 16398, "ADDITIONAL_IP6_ADDRESS" },
	{ &reg_ikev2_notify, 16399, "NO_ADDITIONAL_ADDRESSES" },
	{ &reg_ikev2_notify, 16400, "UPDATE_SA_ADDRESSES" },
	{ &reg_ikev2_notify, 16401, "COOKIE2" },
	{ &reg_ikev2_notify, 16402, "NO_NATS_ALLOWED" },
	{ &reg_ikev2_notify, 16403, "AUTH_LIFETIME" },
	{ &reg_ikev2_notify, 16404, "MULTIPLE_AUTH_SUPPORTED" },
	{ &reg_ikev2_notify, 16405, "ANOTHER_AUTH_FOLLOWS" },
	{ &reg_ikev2_notify, 16406, "REDIRECT_SUPPORTED" },
	{ &reg_ikev2_notify, 16407, "REDIRECT" },
	{ &reg_ikev2_notify, 16408, "REDIRECTED_FROM" },
	{ &reg_ikev2_notify, 16418, "CHILDLESS_IKEV2_SUPPORTED" },
	{ &reg_ikev2_notify, 16419, "QUICK_CRASH_DETECTION" },
	{ &reg_ikev2_notify, 16420, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED" },
	{ &reg_ikev2_notify, 16421, "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED" },
	{ &reg_ikev2_notify, 16422, "IKEV2_MESSAGE_ID_SYNC" },
	{ &reg_ikev2_notify, 16423, "IPSEC_REPLAY_COUNTER_SYNC" },
	{ &reg_ikev2_notify, 16424, "SECURE_PASSWORD_METHODS" },
	{ &reg_ikev2_notify, 16425, "PSK_PERSIST" },
	{ &reg_ikev2_notify, 16426, "PSK_CONFIRM" },
	{ &reg_ikev2_notify, 16427, "ERX_SUPPORTED" },
	{ &reg_ikev2_notify, 16428, "IFOM_CAPABILITY" },
	{ &reg_ikev2_notify, 16430, "IKEV2_FRAGMENTATION_SUPPORTED" },
	{ &reg_ikev2_notify, 16431, "SIGNATURE_HASH_ALGORITHMS" },
	{ &reg_ikev2_notify, 16432, "CLONE_IKE_SA_SUPPORTED" },
	{ &reg_ikev2_notify, 16433, "CLONE_IKE_SA" },
	{ &reg_ikev2_notify, 16434, "PUZZLE" },
	{ &reg_ikev2_notify, 16435, "USE_PPK" },
	{ &reg_ikev2_notify, 16436, "PPK_IDENTITY" },
	{ &reg_ikev2_notify, 16437, "NO_PPK_AUTH" },
	{ &reg_ikev2_notify, 16438, "INTERMEDIATE_EXCHANGE_SUPPORTED" },
	{ &reg_ikev2_notify, 16439, "IP4_ALLOWED" },
	{ &reg_ikev2_notify, 16440, "IP6_ALLOWED" },
	{ &reg_ikev2_notify, 16441, "ADDITIONAL_KEY_EXCHANGE" },
	{ &reg_ikev2_notify, 16442, "USE_AGGFRAG" },
	{ &reg_ikev2_notify, 16443, "SUPPORTED_AUTH_METHODS" },
	{ &reg_ikev2_notify, 16444, "SA_RESOURCE_INFO" },
	{ &reg_ikev2_notify, 16445, "USE_PPK_INT" },

	/* ISAKMP notify (RFC 2408 3.14.1), IPsec DOI (RFC 2407 4.6.3) */
	{ &reg_ikev1_notify, 1, "INVALID-PAYLOAD-TYPE" },
	{ &reg_ikev1_notify, 4, "INVALID-COOKIE" },
	{ &reg_ikev1_notify, 11, "INVALID-SPI" },
	{ &reg_ikev1_notify, 14, "NO-PROPOSAL-CHOSEN" },
	{ &reg_ikev1_notify, 18, "INVALID-ID-INFORMATION" },
	{ &reg_ikev1_notify, 23, "INVALID-HASH-INFORMATION" },
	{ &reg_ikev1_notify, 24, "AUTHENTICATION-FAILED" },
	{ &reg_ikev1_notify, 30, "UNEQUAL-PAYLOAD-LENGTHS" },
	{ &reg_ikev1_notify, 16384, "CONNECTED" },
	{ &reg_ikev1_notify, 24576, "RESPONDER-LIFETIME" },
	{ &reg_ikev1_notify, 24577, "REPLAY-STATUS" },
	{ &reg_ikev1_notify, 24578, "INITIAL-CONTACT" },
	{ &reg_ikev1_notify, 36136, "R-U-THERE" },
	{ &reg_ikev1_notify, 36137, "R-U-THERE-ACK" },
	{ &reg_ikev1_notify, 40501, "UNITY-LOAD-BALANCE" },

	/* IKEv2 transform types (RFC 7296 3.3.2, RFC 9370) */
	{ &reg_ikev2_transform_type, 1, "ENCR" },
	{ &reg_ikev2_transform_type, 3, "INTEG" },
	{ &reg_ikev2_transform_type, 4, "KE" },
	{ &reg_ikev2_transform_type, 5, "ESN" },
	{ &reg_ikev2_transform_type, 6, "ADDKE1" },
	{ &reg_ikev2_transform_type, 12, "ADDKE7" },

	{ &reg_ikev2_encr, 3, "ENCR_3DES" },
	{ &reg_ikev2_encr, 12, "ENCR_AES_CBC" },
	{ &reg_ikev2_encr, 13, "ENCR_AES_CTR" },
	{ &reg_ikev2_encr, 14, "ENCR_AES_CCM_8" },
	{ &reg_ikev2_encr, 20, "ENCR_AES_GCM_16" },
	{ &reg_ikev2_encr, 21, "ENCR_NULL_AUTH_AES_GMAC" },
	{ &reg_ikev2_encr, 28, "ENCR_CHACHA20_POLY1305" },
	{ &reg_ikev2_encr, 29, "ENCR_AES_CCM_8_IIV" },
	{ &reg_ikev2_encr, 30, "ENCR_AES_GCM_16_IIV" },
	{ &reg_ikev2_encr, 31, "ENCR_CHACHA20_POLY1305_IIV" },
	{ &reg_ikev2_encr, 32, "ENCR_KUZNYECHIK_MGM_KTREE" },

	{ &reg_ikev2_prf, 2, "PRF_HMAC_SHA1" },
	{ &reg_ikev2_prf, 4, "PRF_AES128_XCBC" },
	{ &reg_ikev2_prf, 5, "PRF_HMAC_SHA2_256" },
	{ &reg_ikev2_prf, 7, "PRF_HMAC_SHA2_512" },

	{ &reg_ikev2_integ, 1, "AUTH_HMAC_MD5_96" },
	{ &reg_ikev2_integ, 2, "AUTH_HMAC_SHA1_96" },
	{ &reg_ikev2_integ, 5, "AUTH_AES_XCBC_96" },
	{ &reg_ikev2_integ, 12, "AUTH_HMAC_SHA2_256_128" },
	{ &reg_ikev2_integ, 14, "AUTH_HMAC_SHA2_512_256" },

	{ &reg_ikev2_esn, 0, "No ESN" },
	{ &reg_ikev2_esn, 1, "ESN" },

	/* Transform type 4 and the IKEv1 Group Description share values. */
	{ &reg_dh_group, 1, "MODP768 (group 1)" },
	{ &reg_dh_group, 2, "MODP1024 (group 2)" },
	{ &reg_dh_group, 5, "MODP1536 (group 5)" },
	{ &reg_dh_group, 14, "MODP2048 (group 14)" },
	{ &reg_dh_group, 19, "ECP256 (group 19)" },
	{ &reg_dh_group, 21, "ECP521 (group 21)" },
	{ &reg_dh_group, 24, "MODP2048S256 (group 24)" },
	{ &reg_dh_group, 28, "brainpoolP256r1 (group 28)" },
	{ &reg_dh_group, 31, "Curve25519 (group 31)" },
	{ &reg_dh_group, 32, "Curve448 (group 32)" },
	{ &reg_dh_group, 36, "ML-KEM-768 (group 36)" },

	{ &reg_ikev2_tattr, 14, "Key Length" },

	{ &reg_ikev2_auth_method, 1, "RSA Digital Signature" },
	{ &reg_ikev2_auth_method, 2, "Shared Key Message Integrity Code" },
	{ &reg_ikev2_auth_method, 3, "DSS Digital Signature" },
	{ &reg_ikev2_auth_method, 9, "ECDSA with SHA-256 on the P-256 curve" },
	{ &reg_ikev2_auth_method, 12,
	    "Generic Secure Password Authentication Method" },
	{ &reg_ikev2_auth_method, 13, "NULL Authentication" },
	{ &reg_ikev2_auth_method, 14, "Digital Signature" },

	{ &reg_ikev2_id_type, 1, "ID_IPV4_ADDR" },
	{ &reg_ikev2_id_type, 2, "ID_FQDN" },
	{ &reg_ikev2_id_type, 3, "ID_RFC822_ADDR" },
	{ &reg_ikev2_id_type, 5, "ID_IPV6_ADDR" },
	{ &reg_ikev2_id_type, 9, "ID_DER_ASN1_DN" },
	{ &reg_ikev2_id_type, 11, "ID_KEY_ID" },
	{ &reg_ikev2_id_type, 13, "ID_NULL" },

	{ &reg_ikev1_id_type, 1, "ID_IPV4_ADDR" },
	{ &reg_ikev1_id_type, 3, "ID_USER_FQDN" },
	{ &reg_ikev1_id_type, 4, "ID_IPV4_ADDR_SUBNET" },
	{ &reg_ikev1_id_type, 11, "ID_KEY_ID" },
	{ &reg_ikev1_id_type, 12, "ID_LIST" },

	{ &reg_cert_encoding, 1, "PKCS #7 wrapped X.509 certificate" },
	{ &reg_cert_encoding, 4, "X.509 Certificate - Signature" },
	{ &reg_cert_encoding, 7, "Certificate Revocation List (CRL)" },
	{ &reg_cert_encoding, 12, "Hash and URL of X.509 certificate" },
	{ &reg_cert_encoding, 15, "Raw Public Key" },

	{ &reg_proto_id, 1, "ISAKMP/IKE" },
	{ &reg_proto_id, 2, "AH" },
	{ &reg_proto_id, 3, "ESP" },

	{ &reg_ikev2_ts_type, 7, "TS_IPV4_ADDR_RANGE" },
	{ &reg_ikev2_ts_type, 8, "TS_IPV6_ADDR_RANGE" },
	{ &reg_ikev2_ts_type, 9, "TS_FC_ADDR_RANGE" },
	{ &reg_ikev2_ts_type, 10, "TS_SECLABEL" },

	{ &reg_ikev2_cfg_type, 1, "CFG_REQUEST" },
	{ &reg_ikev2_cfg_type, 2, "CFG_REPLY" },
	{ &reg_ikev2_cfg_type, 4, "CFG_ACK" },

	{ &reg_cfg_attr, 1, "INTERNAL_IP4_ADDRESS" },
	{ &reg_cfg_attr, 3, "INTERNAL_IP4_DNS" },
	{ &reg_cfg_attr, 8, "INTERNAL_IP6_ADDRESS" },
	{ &reg_cfg_attr, 13, "INTERNAL_IP4_SUBNET" },
	{ &reg_cfg_attr, 25, "INTERNAL_DNS_DOMAIN" },
	{ &reg_cfg_attr, 16520, "XAUTH-TYPE" },
	{ &reg_cfg_attr, 16521, "XAUTH-USER-NAME" },
	{ &reg_cfg_attr, 16529, "XAUTH-ANSWER" },
	{ &reg_cfg_attr, 28672, "UNITY_BANNER" },
	{ &reg_cfg_attr, 28676, "UNITY_SPLIT_INCLUDE" },

	{ &reg_ikev1_cfg_type, 1, "ISAKMP_CFG_REQUEST" },
	{ &reg_ikev1_cfg_type, 2, "ISAKMP_CFG_REPLY" },
	{ &reg_ikev1_cfg_type, 3, "ISAKMP_CFG_SET" },
	{ &reg_ikev1_cfg_type, 4, "ISAKMP_CFG_ACK" },

	{ &reg_eap_code, 1, "Request" },
	{ &reg_eap_code, 3, "Success" },
	{ &reg_eap_code, 4, "Failure" },
	{ &reg_eap_code, 6, "Finish" },

	{ &reg_doi, 0, "ISAKMP" },
	{ &reg_doi, 1, "IPSEC" },
	{ &reg_doi, 2, "GDOI" },

	{ &reg_ikev1_attr, 1, "Encryption Algorithm" },
	{ &reg_ikev1_attr, 4, "Group Description" },
	{ &reg_ikev1_attr, 11, "Life Type" },
	{ &reg_ikev1_attr, 14, "Key Length" },
	{ &reg_ikev1_attr, 16, "Group Order" },

	{ &reg_ikev1_encr, 1, "DES-CBC" },
	{ &reg_ikev1_encr, 5, "3DES-CBC" },
	{ &reg_ikev1_encr, 7, "AES-CBC" },
	{ &reg_ikev1_encr, 8, "CAMELLIA-CBC" },

	{ &reg_ikev1_hash, 1, "MD5" },
	{ &reg_ikev1_hash, 2, "SHA" },
	{ &reg_ikev1_hash, 4, "SHA2-256" },
	{ &reg_ikev1_hash, 6, "SHA2-512" },

	{ &reg_ikev1_auth, 1, "Pre-shared key" },
	{ &reg_ikev1_auth, 3, "RSA signatures" },
	{ &reg_ikev1_auth, 9, "ECDSA with SHA-256 on the P-256 curve" },
	{ &reg_ikev1_auth, 64221, "HybridInitRSA" },
	{ &reg_ikev1_auth, 65001, "XAUTHInitPreShared" },
	{ &reg_ikev1_auth, 65010, "XAUTHRespRSARevisedEncryption" },

	{ &reg_ikev1_life_type, 1, "seconds" },
	{ &reg_ikev1_life_type, 2, "kilobytes" },

	{ &reg_ikev1_group_type, 1, "MODP" },
	{ &reg_ikev1_group_type, 2, "ECP" },
	{ &reg_ikev1_group_type, 3, "EC2N" },

	{ &reg_ipsec_attr, 1, "SA Life Type" },
	{ &reg_ipsec_attr, 4, "Encapsulation Mode" },
	{ &reg_ipsec_attr, 5, "Authentication Algorithm" },
	{ &reg_ipsec_attr, 11, "Extended (64-bit) Sequence Number" },

	{ &reg_ipsec_encap, 1, "Tunnel" },
	{ &reg_ipsec_encap, 2, "Transport" },
	{ &reg_ipsec_encap, 3, "UDP-Encapsulated-Tunnel" },
	{ &reg_ipsec_encap, 61443, "UDP-Encapsulated-Tunnel (draft)" },
	{ &reg_ipsec_encap, 61444, "UDP-Encapsulated-Transport (draft)" },

	{ &reg_ipsec_auth, 1, "HMAC-MD5" },
	{ &reg_ipsec_auth, 2, "HMAC-SHA" },
	{ &reg_ipsec_auth, 5, "HMAC-SHA2-256" },
	{ &reg_ipsec_auth, 9, "AES-XCBC-MAC" },

	{ &reg_ipsec_esp_id, 3, "ESP_3DES" },
	{ &reg_ipsec_esp_id, 11, "ESP_NULL" },
	{ &reg_ipsec_esp_id, 12, "ESP_AES-CBC" },
	{ &reg_ipsec_esp_id, 20, "ESP_AES-GCM_16" },
	{ &reg_ipsec_esp_id, 23, "ESP_NULL_AUTH_AES-GMAC" },

	{ &reg_ipsec_ah_id, 2, "AH_MD5" },
	{ &reg_ipsec_ah_id, 3, "AH_SHA" },
	{ &reg_ipsec_ah_id, 5, "AH_SHA2-256" },
	{ &reg_ipsec_ah_id, 9, "AH_AES-XCBC-MAC" },

	{ &reg_ipsec_ipcomp_id, 1, "IPCOMP_OUI" },
	{ &reg_ipsec_ipcomp_id, 2, "IPCOMP_DEFLATE" },
	{ &reg_ipsec_ipcomp_id, 3, "IPCOMP_LZS" },
	{ &reg_ipsec_ipcomp_id, 4, "IPCOMP_LZJH" },

	{ &reg_ikev1_key_ike, 1, "KEY_IKE" },

	{ &reg_ikev2_gw_id_type, 1, "IPv4" },
	{ &reg_ikev2_gw_id_type, 2, "IPv6" },
	{ &reg_ikev2_gw_id_type, 3, "FQDN" },
};

/* Values the standards leave unassigned, one per registry. */
static const struct spot holes[] = {
	{ &reg_ikev2_notify, 2, NULL },		/* RFC 7296: reserved */
	{ &reg_ikev2_notify, 16383, NULL },
	{ &reg_ikev1_notify, 31, NULL },
	{ &reg_ikev2_encr, 10, NULL },
	{ &reg_ikev2_encr, 17, NULL },
	{ &reg_ikev2_id_type, 4, NULL },	/* IKEv1's subnet types */
	{ &reg_ikev2_ts_type, 6, NULL },
	{ &reg_ipsec_ah_id, 1, NULL },
};

static void
test_spot_values(void)
{
	size_t i;
	const char *n;

	for (i = 0; i < sizeof(spots) / sizeof(spots[0]); i++) {
		n = reg_name(spots[i].r, spots[i].v);
		CU_ASSERT_PTR_NOT_NULL(n);
		if (n != NULL && strcmp(n, spots[i].name) != 0) {
			fprintf(stderr, "\n  %s %u: \"%s\", want \"%s\"\n",
			    spots[i].r->what, spots[i].v, n, spots[i].name);
			CU_FAIL("registry name differs from the standard");
		}
	}
	for (i = 0; i < sizeof(holes) / sizeof(holes[0]); i++)
		CU_ASSERT_PTR_NULL(reg_name(holes[i].r, holes[i].v));
}

/* Every registry gets at least three spot checks above. */
static void
test_spot_coverage(void)
{
	size_t i, j, hits;

	for (i = 0; i < NREGS; i++) {
		for (hits = 0, j = 0; j < sizeof(spots) / sizeof(spots[0]);
		    j++)
			if (spots[j].r == all_regs[i])
				hits++;
		/* ikev2_tattr and ikev1_key_ike hold one value each. */
		if (all_regs[i]->n < 3) {
			CU_ASSERT_EQUAL(hits, all_regs[i]->n);
		} else {
			CU_ASSERT(hits >= 3);
		}
	}
}

/* reg_name() walks in order; later code may bsearch.  Keep them sorted. */
static void
test_sorted_unique(void)
{
	const struct reg *r;
	size_t i, j, k;

	CU_ASSERT(NREGS >= 31);
	for (i = 0; i < NREGS; i++) {
		r = all_regs[i];
		CU_ASSERT_PTR_NOT_NULL_FATAL(r->what);
		CU_ASSERT(r->n > 0);
		for (j = 0; j < r->n; j++) {
			CU_ASSERT_PTR_NOT_NULL_FATAL(r->e[j].name);
			CU_ASSERT(r->e[j].name[0] != '\0');
			if (j > 0 && r->e[j - 1].value >= r->e[j].value)
				CU_FAIL("registry not sorted or value twice");
			for (k = 0; k < j; k++)
				if (strcmp(r->e[k].name, r->e[j].name) == 0)
					CU_FAIL("display name twice");
		}
	}
}

/* The enum and the table come from the same line of the .def. */
static void
test_enum_matches_table(void)
{
	CU_ASSERT_EQUAL(IKEV2_N_COOKIE, 16390);
	CU_ASSERT_EQUAL(IKEV2_N_NO_PROPOSAL_CHOSEN, 14);
	CU_ASSERT_EQUAL(IKEV1_N_R_U_THERE, 36136);
	CU_ASSERT_EQUAL(IKEV2_TATTR_KEY_LENGTH, 14);
	CU_ASSERT_EQUAL(IKEV1_ATTR_GROUP_DESCRIPTION, 4);
	CU_ASSERT_EQUAL(IPSEC_ATTR_ENCAPSULATION_MODE, 4);
	CU_ASSERT_EQUAL(DH_ECP256, 19);
	CU_ASSERT_STRING_EQUAL(reg_name(&reg_ikev2_notify,
	    IKEV2_N_INVALID_KE_PAYLOAD), "INVALID_KE_PAYLOAD");
	CU_ASSERT_STRING_EQUAL(reg_name(&reg_proto_id, PROTO_ESP), "ESP");
	CU_ASSERT_STRING_EQUAL(reg_name(&reg_ikev1_notify,
	    IKEV1_N_INITIAL_CONTACT), "INITIAL-CONTACT");
}

/* The IKEv2 error/status split (RFC 7296 3.10.1) holds in the table. */
static void
test_notify_ranges(void)
{
	CU_ASSERT(IKEV2_N_TS_MAX_QUEUE <= NOTIFY_ERROR_MAX);
	CU_ASSERT(IKEV2_N_INITIAL_CONTACT == NOTIFY_ERROR_MAX + 1);
	CU_ASSERT(IKEV1_N_UNEQUAL_PAYLOAD_LENGTHS <= NOTIFY_ERROR_MAX);
	CU_ASSERT(IKEV1_N_CONNECTED > NOTIFY_ERROR_MAX);
}

static void
test_unknown(void)
{
	char buf[32], tiny[6];

	CU_ASSERT_PTR_NULL(reg_name(&reg_ikev2_notify, 12345));
	CU_ASSERT_STRING_EQUAL(reg_name_or(&reg_ikev2_notify, 12345, buf,
	    sizeof(buf)), "UNKNOWN(12345)");
	CU_ASSERT_STRING_EQUAL(reg_name_or(&reg_dh_group, 4294967295u, buf,
	    sizeof(buf)), "UNKNOWN(4294967295)");
	/* A known value comes back as the table's string, not buf. */
	CU_ASSERT_STRING_EQUAL(reg_name_or(&reg_ikev2_notify, 16390, buf,
	    sizeof(buf)), "COOKIE");
	/* Too small a buffer truncates, still terminated. */
	CU_ASSERT_STRING_EQUAL(reg_name_or(&reg_eap_code, 99, tiny,
	    sizeof(tiny)), "UNKNO");
}

int
suite_registry(void)
{
	static const struct test_def t[] = {
		{ "spot values from the standards", test_spot_values },
		{ "three spot checks per registry", test_spot_coverage },
		{ "every table sorted, no duplicates", test_sorted_unique },
		{ "enum constants match the table", test_enum_matches_table },
		{ "notify error and status ranges", test_notify_ranges },
		{ "unknown values print UNKNOWN(n)", test_unknown },
	};

	return SUITE("registry", t);
}
