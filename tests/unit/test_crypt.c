/*
 * test_crypt.c: the primitives of dissect/crypt.c held to published
 * known answers: AES-CBC (RFC 3602 section 4, all eight cases, the last
 * four as ESP packets), AES-CTR (RFC 3686 section 6), AES-GCM (the
 * McGrew-Viega GCM specification's test cases, also in NIST's GCM
 * vectors), AES-CCM (RFC 3610 section 8, SP 800-38C appendix C),
 * ChaCha20-Poly1305 (RFC 8439 2.8.2), 3DES and DES, HMAC as IPsec
 * truncates it (RFC 2202, RFC 4868 2.7.2), AES-XCBC-MAC-96 (RFC 3566
 * 4.6, every case), the IKEv1 IV hash, and what crypt_check says about
 * keys that do not fit.  Every vector was also run through Python's
 * cryptography and hmac modules when it was copied in.
 */
#include <stdio.h>
#include <string.h>

#include "dissect/crypt.h"
#include "dissect/registry.h"
#include "tests/unit/hex.h"
#include "tests/unit/suites.h"

#define HEX(buf, s)	hexf(buf, sizeof(buf), s)

static size_t
hexf(uint8_t *b, size_t cap, const char *s)
{
	size_t n = hex_bytes(b, cap, s);

	CU_ASSERT_FATAL(n != (size_t)-1);
	return n;
}

static struct crypt_alg
alg(uint16_t encr, const uint8_t *ek, size_t eklen, uint16_t integ,
    const uint8_t *ik, size_t iklen)
{
	struct crypt_alg a;

	a.encr = encr;
	a.ekey = ek;
	a.eklen = eklen;
	a.integ = integ;
	a.ikey = ik;
	a.iklen = iklen;
	return a;
}

/* ---------------------------------------------------------------- */

static void
check_info(uint16_t encr, size_t eklen, uint16_t integ, size_t iklen,
    size_t key, size_t salt, size_t block, size_t iv, size_t icv, int aead)
{
	static const uint8_t k[64];
	struct crypt_alg a = alg(encr, k, eklen, integ, k, iklen);
	struct crypt_info in;
	char why[160];

	memset(&in, 0xee, sizeof(in));
	CU_ASSERT_EQUAL_FATAL(crypt_check(&a, &in, why, sizeof(why)),
	    CRYPT_OK);
	CU_ASSERT_EQUAL(in.key_len, key);
	CU_ASSERT_EQUAL(in.salt_len, salt);
	CU_ASSERT_EQUAL(in.block, block);
	CU_ASSERT_EQUAL(in.iv_len, iv);
	CU_ASSERT_EQUAL(in.icv_len, icv);
	CU_ASSERT_EQUAL(in.aead, aead);
}

static void
test_check_facts(void)
{
	check_info(IKEV2_ENCR_DES, 8, IKEV2_INTEG_HMAC_MD5_96, 16,
	    8, 0, 8, 8, 12, 0);
	check_info(IKEV2_ENCR_3DES, 24, IKEV2_INTEG_HMAC_SHA1_96, 20,
	    24, 0, 8, 8, 12, 0);
	check_info(IKEV2_ENCR_NULL, 0, IKEV2_INTEG_HMAC_SHA2_512_256, 64,
	    0, 0, 1, 0, 32, 0);
	check_info(IKEV2_ENCR_NULL, 0, IKEV2_INTEG_NONE, 0, 0, 0, 1, 0, 0, 0);
	check_info(IKEV2_ENCR_AES_CBC, 16, IKEV2_INTEG_AES_XCBC_96, 16,
	    16, 0, 16, 16, 12, 0);
	check_info(IKEV2_ENCR_AES_CBC, 24, IKEV2_INTEG_HMAC_SHA2_384_192, 48,
	    24, 0, 16, 16, 24, 0);
	check_info(IKEV2_ENCR_AES_CBC, 32, IKEV2_INTEG_NONE, 0,
	    32, 0, 16, 16, 0, 0);
	check_info(IKEV2_ENCR_AES_CTR, 20, IKEV2_INTEG_HMAC_SHA2_256_128, 32,
	    16, 4, 1, 8, 16, 0);
	check_info(IKEV2_ENCR_AES_CTR, 36, IKEV2_INTEG_HMAC_MD5_128, 16,
	    32, 4, 1, 8, 16, 0);
	check_info(IKEV2_ENCR_AES_CTR, 28, IKEV2_INTEG_HMAC_SHA1_160, 20,
	    24, 4, 1, 8, 20, 0);
	check_info(IKEV2_ENCR_AES_CCM_8, 19, 0, 0, 16, 3, 1, 8, 8, 1);
	check_info(IKEV2_ENCR_AES_CCM_12, 27, 0, 0, 24, 3, 1, 8, 12, 1);
	check_info(IKEV2_ENCR_AES_CCM_16, 35, 0, 0, 32, 3, 1, 8, 16, 1);
	check_info(IKEV2_ENCR_AES_GCM_8, 20, 0, 0, 16, 4, 1, 8, 8, 1);
	check_info(IKEV2_ENCR_AES_GCM_12, 28, 0, 0, 24, 4, 1, 8, 12, 1);
	check_info(IKEV2_ENCR_AES_GCM_16, 36, 0, 0, 32, 4, 1, 8, 16, 1);
	check_info(IKEV2_ENCR_CHACHA20_POLY1305, 36, 0, 0, 32, 4, 1, 8, 16, 1);
}

/* crypt_check refuses, with why containing what. */
static void
check_refused(uint16_t encr, size_t eklen, uint16_t integ, size_t iklen,
    const char *what)
{
	static const uint8_t k[64];
	struct crypt_alg a = alg(encr, k, eklen, integ, k, iklen);
	struct crypt_info in;
	char why[160] = "";

	CU_ASSERT_EQUAL(crypt_check(&a, &in, why, sizeof(why)),
	    CRYPT_UNSUPPORTED);
	if (strstr(why, what) == NULL) {
		fprintf(stderr, "\n  why \"%s\" lacks \"%s\"\n", why, what);
		CU_FAIL("crypt_check's why");
	}
}

static void
test_check_refusals(void)
{
	static const uint8_t k[32];
	struct crypt_alg a;
	char why[8];

	check_refused(IKEV2_ENCR_CAMELLIA_CBC, 16, IKEV2_INTEG_HMAC_SHA1_96,
	    20, "ENCR_CAMELLIA_CBC (23) is not supported");
	check_refused(99, 16, IKEV2_INTEG_HMAC_SHA1_96, 20,
	    "encryption algorithm 99 is not supported");
	check_refused(IKEV2_ENCR_AES_CBC, 20, IKEV2_INTEG_HMAC_SHA1_96, 20,
	    "AES_CBC takes a 16, 24 or 32-byte key, not 20");
	/* A GCM key without its salt: the usual key file mistake. */
	check_refused(IKEV2_ENCR_AES_GCM_16, 16, 0, 0,
	    "AES_GCM_16 takes a 16, 24 or 32-byte key and a 4-byte salt "
	    "(20, 28 or 36 bytes), not 16");
	check_refused(IKEV2_ENCR_AES_CCM_8, 20, 0, 0,
	    "(19, 27 or 35 bytes), not 20");
	check_refused(IKEV2_ENCR_CHACHA20_POLY1305, 32, 0, 0,
	    "takes a 32-byte key and a 4-byte salt (36 bytes), not 32");
	check_refused(IKEV2_ENCR_3DES, 16, IKEV2_INTEG_HMAC_MD5_96, 16,
	    "3DES takes a 24-byte key, not 16");
	check_refused(IKEV2_ENCR_NULL, 16, IKEV2_INTEG_HMAC_MD5_96, 16,
	    "NULL takes a 0-byte key, not 16");
	check_refused(IKEV2_ENCR_AES_GCM_16, 20, IKEV2_INTEG_HMAC_SHA1_96, 20,
	    "AES_GCM_16 is an AEAD cipher: integrity must be NONE, not "
	    "HMAC_SHA1_96");
	check_refused(IKEV2_ENCR_AES_CBC, 16, IKEV2_INTEG_HMAC_SHA2_256_128,
	    16, "HMAC_SHA2_256_128 takes a 32-byte key, not 16");
	check_refused(IKEV2_ENCR_AES_CBC, 16, IKEV2_INTEG_NONE, 4,
	    "NONE takes a 0-byte key, not 4");
	check_refused(IKEV2_ENCR_AES_CBC, 16, IKEV2_INTEG_AES_CMAC_96, 16,
	    "AUTH_AES_CMAC_96 (8) is not supported");
	/* A length with no key behind it. */
	a = alg(IKEV2_ENCR_AES_CBC, NULL, 16, IKEV2_INTEG_NONE, NULL, 0);
	CU_ASSERT_EQUAL(crypt_check(&a, NULL, NULL, 0), CRYPT_UNSUPPORTED);
	a = alg(IKEV2_ENCR_AES_CBC, k, 16, IKEV2_INTEG_HMAC_MD5_96, NULL, 16);
	CU_ASSERT_EQUAL(crypt_check(&a, NULL, NULL, 0), CRYPT_UNSUPPORTED);
	CU_ASSERT_EQUAL(crypt_check(NULL, NULL, NULL, 0), CRYPT_UNSUPPORTED);
	/* why is cut to its size, NUL-terminated. */
	a = alg(99, k, 16, IKEV2_INTEG_NONE, NULL, 0);
	memset(why, 'x', sizeof(why));
	CU_ASSERT_EQUAL(crypt_check(&a, NULL, why, sizeof(why)),
	    CRYPT_UNSUPPORTED);
	CU_ASSERT_EQUAL(why[sizeof(why) - 1], '\0');
}

static void
test_names(void)
{
	static const uint8_t k[64];
	struct crypt_alg a;
	char buf[64];

	a = alg(IKEV2_ENCR_AES_CBC, k, 32, IKEV2_INTEG_HMAC_SHA1_96, k, 20);
	CU_ASSERT_STRING_EQUAL(crypt_alg_name(&a, buf, sizeof(buf)),
	    "AES_CBC-256/HMAC_SHA1_96");
	a = alg(IKEV2_ENCR_AES_GCM_16, k, 20, IKEV2_INTEG_NONE, NULL, 0);
	CU_ASSERT_STRING_EQUAL(crypt_alg_name(&a, buf, sizeof(buf)),
	    "AES_GCM_16-128");
	a = alg(IKEV2_ENCR_CHACHA20_POLY1305, k, 36, IKEV2_INTEG_NONE, NULL,
	    0);
	CU_ASSERT_STRING_EQUAL(crypt_alg_name(&a, buf, sizeof(buf)),
	    "CHACHA20_POLY1305");
	a = alg(IKEV2_ENCR_3DES, k, 24, IKEV2_INTEG_HMAC_MD5_96, k, 16);
	CU_ASSERT_STRING_EQUAL(crypt_alg_name(&a, buf, sizeof(buf)),
	    "3DES/HMAC_MD5_96");
	a = alg(23, k, 16, 8, k, 16);
	CU_ASSERT_STRING_EQUAL(crypt_alg_name(&a, buf, sizeof(buf)),
	    "ENCR(23)/INTEG(8)");
	CU_ASSERT_STRING_EQUAL(crypt_alg_name(&a, buf, 5), "ENCR");
	CU_ASSERT_STRING_EQUAL(crypt_encr_name(IKEV2_ENCR_AES_CCM_12),
	    "AES_CCM_12");
	CU_ASSERT_STRING_EQUAL(crypt_integ_name(IKEV2_INTEG_AES_XCBC_96),
	    "AES_XCBC_96");
	CU_ASSERT_PTR_NULL(crypt_encr_name(IKEV2_ENCR_BLOWFISH));
	CU_ASSERT_PTR_NULL(crypt_integ_name(IKEV2_INTEG_AES_128_GMAC));
	CU_ASSERT_STRING_EQUAL(crypt_strerror(CRYPT_INTEGRITY),
	    "integrity check failed (wrong key or corrupt data)");
	CU_ASSERT_STRING_NOT_EQUAL(crypt_strerror(CRYPT_MALFORMED),
	    crypt_strerror(CRYPT_UNSUPPORTED));
	CU_ASSERT_STRING_NOT_EQUAL(crypt_strerror(CRYPT_NOSPACE),
	    crypt_strerror(CRYPT_OK));
	CU_ASSERT_STRING_EQUAL(crypt_strerror(42), "unknown error");
}

/* ---------------------------------------------------------------- */

/* RFC 3602 section 4, cases #1 to #4: AES-128-CBC, no padding. */
static const struct {
	const char	*key, *iv, *pt, *ct;
} rfc3602[] = {
	{ "06a9214036b8a15b512e03d534120006",
	  "3dafba429d9eb430b422da802c9fac41",
	  "53696e676c6520626c6f636b206d7367",	/* "Single block msg" */
	  "e353779c1079aeb82708942dbe77181a" },
	{ "c286696d887c9aa0611bbb3e2025a45a",
	  "562e17996d093d28ddb3ba695a2e6f58",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1" },
	{ "6c3ea0477630ce21a2ce334aa746c2cd",
	  "c782dc4c098c66cbd9cd27d825682c81",
	  /* "This is a 48-byte message (exactly 3 AES blocks)" */
	  "5468697320697320612034382d62797465206d657373616765202865786163"
	  "746c7920332041455320626c6f636b7329",
	  "d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5"
	  "021c19216bad525c8579695d83ba2684" },
	{ "56e47a38c5598974bc46903dba290349",
	  "8ce82eefbea0da3c44699ed7db51b7d9",
	  "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	  "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf",
	  "c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e"
	  "35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55" },
};

static void
test_aes_cbc_rfc3602(void)
{
	uint8_t key[16], iv[16], pt[64], ct[64], out[64], last[16];
	struct crypt_alg a;
	size_t i, n;

	for (i = 0; i < sizeof(rfc3602) / sizeof(rfc3602[0]); i++) {
		HEX(key, rfc3602[i].key);
		HEX(iv, rfc3602[i].iv);
		n = HEX(pt, rfc3602[i].pt);
		CU_ASSERT_EQUAL_FATAL(HEX(ct, rfc3602[i].ct), n);
		memset(out, 0, sizeof(out));
		CU_ASSERT_EQUAL(crypt_ikev1_cbc(IKEV1_ENCR_AES_CBC, key, 16,
		    iv, ct, n, out, last), CRYPT_OK);
		CU_ASSERT(memcmp(out, pt, n) == 0);
		CU_ASSERT(memcmp(last, ct + n - 16, 16) == 0);
		/* The same in place, as an IKEv1 reader may do it. */
		memcpy(out, ct, n);
		CU_ASSERT_EQUAL(crypt_ikev1_cbc(IKEV1_ENCR_AES_CBC, key, 16,
		    iv, out, n, out, last), CRYPT_OK);
		CU_ASSERT(memcmp(out, pt, n) == 0);
		CU_ASSERT(memcmp(last, ct + n - 16, 16) == 0);
		/* And through the IPsec-shaped entry. */
		a = alg(IKEV2_ENCR_AES_CBC, key, 16, IKEV2_INTEG_NONE, NULL, 0);
		memset(out, 0, sizeof(out));
		CU_ASSERT_EQUAL(crypt_open(&a, iv, NULL, 0, ct, n, NULL, out),
		    CRYPT_OK);
		CU_ASSERT(memcmp(out, pt, n) == 0);
	}
}

/*
 * RFC 3602 section 4, cases #5 to #8: ESP packets (SPI to the end, no
 * authentication), their payloads and Next Header.  Transport mode
 * ICMP (1) in #5 and #6, tunnel mode IPv4 (4) in #7 and #8.
 */
static const struct {
	const char	*key, *esp, *payload;
	uint8_t		 pad, nh;
} rfc3602_esp[] = {
	{ "90d382b410eeba7ad938c46cec1a82bf",
	  "0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6"
	  "a9453e194e120849a4870b66cc6b9965330013b4898dc856a4699e523a55db08"
	  "0b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874aa269add047ad2d59"
	  "13ac19b7cfbad4a6",
	  "08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f1011121314151617"
	  "18191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
	  14, 1 },
	{ "90d382b410eeba7ad938c46cec1a82bf",
	  "000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4"
	  "488987ce742e8109689bb379d2d750c0d915dca346a89f75",
	  "0800b5e8a80a0500a69c083d0b660e00777777777777777777777777",
	  2, 1 },
	{ "0123456789abcdef0123456789abcdef",
	  "0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c44922"
	  "5e4f3ce5ed611b0c237ca96cf74a93013c1b0ea1a0cf70f8e4ecaec78ac53aad"
	  "7a0f022b859243c647752e94a859352b8a4d4d2decd136e5c177f132ad3fbfb2"
	  "201ac9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d",
	  "45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d"
	  "02a2040008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223"
	  "2425262728292a2b2c2d2e2f3031323334353637",
	  10, 4 },
	{ "0123456789abcdef0123456789abcdef",
	  "000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8"
	  "047232cc00f7048fe45318e11f8a0f62ede3c3fc61203bb50f980a08c9843fd3"
	  "a1b06d5c07ff9639b7eb7dfb3512e5de435e7207ed971ef3d2726d9b5ef6affc"
	  "6d17a0decbb13892",
	  "45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083d"
	  "a3de0300ffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffff",
	  10, 4 },
};

static void
test_aes_cbc_rfc3602_esp(void)
{
	uint8_t key[16], esp[128], payload[128], out[128];
	struct crypt_res r;
	struct crypt_alg a;
	size_t i, n, plen;

	for (i = 0; i < sizeof(rfc3602_esp) / sizeof(rfc3602_esp[0]); i++) {
		HEX(key, rfc3602_esp[i].key);
		n = HEX(esp, rfc3602_esp[i].esp);
		plen = HEX(payload, rfc3602_esp[i].payload);
		a = alg(IKEV2_ENCR_AES_CBC, key, 16, IKEV2_INTEG_NONE, NULL, 0);
		CU_ASSERT_EQUAL(crypt_esp(&a, esp, n, 0, 0, out, sizeof(out),
		    &r), CRYPT_OK);
		CU_ASSERT_EQUAL(r.len, plen);
		CU_ASSERT(memcmp(out, payload, plen) == 0);
		CU_ASSERT_EQUAL(r.pad_len, rfc3602_esp[i].pad);
		CU_ASSERT_EQUAL(r.next_header, rfc3602_esp[i].nh);
		CU_ASSERT_EQUAL(r.pad_default, 1);
		/* No integrity algorithm: nothing was checked. */
		CU_ASSERT_EQUAL(r.checked, 0);
	}
}

/*
 * RFC 3686 section 6, test vectors #1 to #3 (AES-128) and #7 (AES-256):
 * the key file's key is the AES key followed by the 4-byte nonce.
 */
static const struct {
	const char	*key_nonce, *iv, *pt, *ct;
} rfc3686[] = {
	{ "ae6852f8121067cc4bf7a5765577f39e 00000030",
	  "0000000000000000",
	  "53696e676c6520626c6f636b206d7367",	/* "Single block msg" */
	  "e4095d4fb7a7b3792d6175a3261311b8" },
	{ "7e24067817fae0d743d6ce1f32539163 006cb6db",
	  "c0543b59da48d90b",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "5104a106168a72d9790d41ee8edad388eb2e1efc46da57c8fce630df9141be28" },
	{ "7691be035e5020a8ac6e618529f9a0dc 00e0017b",
	  "27777f3f4a1786f0",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "20212223",
	  "c1cf48a89f2ffdd9cf4652e9efdb72d74540a42bde6d7836d59a5ceaaef31053"
	  "25b2072f" },
	{ "776beff2851db06f4c8a0542c8696f6c6a81af1eec96b4d37fc1d689e6c1c104"
	  " 00000060",
	  "db5672c97aa8f0b2",
	  "53696e676c6520626c6f636b206d7367",
	  "145ad01dbf824ec7560863dc71e3e0c0" },
};

static void
test_aes_ctr_rfc3686(void)
{
	uint8_t key[36], iv[8], pt[36], ct[36], out[36];
	struct crypt_alg a;
	size_t i, n, klen;

	for (i = 0; i < sizeof(rfc3686) / sizeof(rfc3686[0]); i++) {
		klen = HEX(key, rfc3686[i].key_nonce);
		HEX(iv, rfc3686[i].iv);
		n = HEX(pt, rfc3686[i].pt);
		CU_ASSERT_EQUAL_FATAL(HEX(ct, rfc3686[i].ct), n);
		a = alg(IKEV2_ENCR_AES_CTR, key, klen, IKEV2_INTEG_NONE, NULL,
		    0);
		memset(out, 0, sizeof(out));
		CU_ASSERT_EQUAL(crypt_open(&a, iv, NULL, 0, ct, n, NULL, out),
		    CRYPT_OK);
		CU_ASSERT(memcmp(out, pt, n) == 0);
	}
}

/*
 * The GCM specification (McGrew and Viega, "The Galois/Counter Mode of
 * Operation", test cases 3, 4 and 16; NIST's GCM vectors too).  Their
 * 12-byte IV cafebabe facedbaddecaf888 is, in RFC 4106 terms, a salt
 * cafebabe at the end of the key and an IV facedbaddecaf888 on the wire.
 */
#define GCM_PT	"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d" \
		"8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657" \
		"ba637b391aafd255"
#define GCM_AAD	"feedfacedeadbeeffeedfacedeadbeefabaddad2"

static const struct {
	const char	*key, *aad, *ct, *tag;
	size_t		 len;
} gcm[] = {
	/* Test case 3: AES-128, 64 bytes, no AAD. */
	{ "feffe9928665731c6d6a8f9467308308", "",
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
	  "4d5c2af327cd64a62cf35abd2ba6fab4", 64 },
	/* Test case 4: AES-128, 60 bytes, 20 bytes of AAD. */
	{ "feffe9928665731c6d6a8f9467308308", GCM_AAD,
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
	  "5bc94fbc3221a5db94fae95ae7121a47", 60 },
	/* Test case 16: AES-256, as case 4. */
	{ "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
	  GCM_AAD,
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
	  "76fc6ece0f4e1768cddf8853bb2d551b", 60 },
};

static void
test_aes_gcm(void)
{
	static const uint16_t icv8_12_16[] = { IKEV2_ENCR_AES_GCM_8,
	    IKEV2_ENCR_AES_GCM_12, IKEV2_ENCR_AES_GCM_16 };
	uint8_t key[36], iv[8], nonce[12], aad[20], pt[64], ct[64], tag[16];
	uint8_t out[64];
	struct crypt_alg a;
	size_t i, j, klen, alen;

	CU_ASSERT_EQUAL_FATAL(HEX(pt, GCM_PT), 64);
	HEX(iv, "facedbaddecaf888");
	HEX(nonce, "cafebabe facedbaddecaf888");
	for (i = 0; i < sizeof(gcm) / sizeof(gcm[0]); i++) {
		klen = HEX(key, gcm[i].key);
		klen += hexf(key + klen, sizeof(key) - klen, "cafebabe");
		alen = HEX(aad, gcm[i].aad);
		CU_ASSERT_EQUAL_FATAL(HEX(ct, gcm[i].ct), gcm[i].len);
		HEX(tag, gcm[i].tag);
		/* The _8 and _12 transforms send the tag's first bytes. */
		for (j = 0; j < 3; j++) {
			a = alg(icv8_12_16[j], key, klen, IKEV2_INTEG_NONE,
			    NULL, 0);
			memset(out, 0, sizeof(out));
			CU_ASSERT_EQUAL(crypt_open(&a, iv, aad, alen, ct,
			    gcm[i].len, tag, out), CRYPT_OK);
			CU_ASSERT(memcmp(out, pt, gcm[i].len) == 0);
		}
		/* Also with the nonce given whole. */
		memset(out, 0, sizeof(out));
		CU_ASSERT_EQUAL(crypt_aead_open(IKEV2_ENCR_AES_GCM_16, key,
		    klen - 4, nonce, 12, aad, alen, ct, gcm[i].len, tag, 16,
		    out), CRYPT_OK);
		CU_ASSERT(memcmp(out, pt, gcm[i].len) == 0);
		/* One bit off in the tag: nothing comes out. */
		tag[15] ^= 1;
		memset(out, 0xa5, sizeof(out));
		CU_ASSERT_EQUAL(crypt_open(&a, iv, aad, alen, ct, gcm[i].len,
		    tag, out), CRYPT_INTEGRITY);
		for (j = 0; j < gcm[i].len; j++)
			CU_ASSERT_FATAL(out[j] == 0 || out[j] == 0xa5);
	}
}

/*
 * CCM outside IPsec's 11-byte nonce: RFC 3610 section 8 packet vector
 * #1 (13-byte nonce, 8-byte tag) and SP 800-38C appendix C examples 1
 * and 2 (7 and 8-byte nonces, 4 and 6-byte tags).
 */
static const struct {
	const char	*key, *nonce, *aad, *ct, *tag, *pt;
} ccm[] = {
	{ "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", "00000003020100a0a1a2a3a4a5",
	  "0001020304050607",
	  "588c979a61c663d2f066d0c2c0f989806d5f6b61dac384", "17e8d12cfdf926e0",
	  "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e" },
	{ "404142434445464748494a4b4c4d4e4f", "10111213141516",
	  "0001020304050607", "7162015b", "4dac255d", "20212223" },
	{ "404142434445464748494a4b4c4d4e4f", "1011121314151617",
	  "000102030405060708090a0b0c0d0e0f",
	  "d2a1f0e051ea5f62081a7792073d593d", "1fc64fbfaccd",
	  "202122232425262728292a2b2c2d2e2f" },
};

static void
test_aes_ccm(void)
{
	uint8_t key[16], nonce[13], aad[16], ct[32], tag[8], pt[32], out[32];
	size_t i, j, nlen, alen, n, tlen;

	for (i = 0; i < sizeof(ccm) / sizeof(ccm[0]); i++) {
		HEX(key, ccm[i].key);
		nlen = HEX(nonce, ccm[i].nonce);
		alen = HEX(aad, ccm[i].aad);
		n = HEX(ct, ccm[i].ct);
		tlen = HEX(tag, ccm[i].tag);
		CU_ASSERT_EQUAL_FATAL(HEX(pt, ccm[i].pt), n);
		memset(out, 0, sizeof(out));
		CU_ASSERT_EQUAL(crypt_aead_open(IKEV2_ENCR_AES_CCM_8, key, 16,
		    nonce, nlen, aad, alen, ct, n, tag, tlen, out), CRYPT_OK);
		CU_ASSERT(memcmp(out, pt, n) == 0);
		/* A changed associated byte fails the tag. */
		aad[0] ^= 0x80;
		memset(out, 0xa5, sizeof(out));
		CU_ASSERT_EQUAL(crypt_aead_open(IKEV2_ENCR_AES_CCM_16, key, 16,
		    nonce, nlen, aad, alen, ct, n, tag, tlen, out),
		    CRYPT_INTEGRITY);
		for (j = 0; j < n; j++)
			CU_ASSERT_FATAL(out[j] == 0 || out[j] == 0xa5);
	}
	/* Families and key sizes: no CCM with a 20-byte key, no CBC. */
	CU_ASSERT_EQUAL(crypt_aead_open(IKEV2_ENCR_AES_CCM_8, key, 20, nonce,
	    13, aad, 8, ct, 8, tag, 8, out), CRYPT_UNSUPPORTED);
	CU_ASSERT_EQUAL(crypt_aead_open(IKEV2_ENCR_AES_CBC, key, 16, nonce,
	    13, aad, 8, ct, 8, tag, 8, out), CRYPT_UNSUPPORTED);
}

/* RFC 8439 2.8.2: the AEAD example, with constant 07000000 as salt. */
#define CHACHA_KEY	"808182838485868788898a8b8c8d8e8f" \
			"909192939495969798999a9b9c9d9e9f"
#define CHACHA_CT	"d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2" \
			"b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a" \
			"9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee32809" \
			"1b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9d" \
			"e576d26586cec64b6116"
#define CHACHA_PT	"Ladies and Gentlemen of the class of '99: If I could" \
			" offer you only one tip for the future, sunscreen wo" \
			"uld be it."

static void
test_chacha20_poly1305(void)
{
	uint8_t key[36], nonce[12], iv[8], aad[12], ct[114], tag[16];
	uint8_t out[114];
	struct crypt_alg a;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(HEX(key, CHACHA_KEY "07000000"), 36);
	HEX(nonce, "07000000 4041424344454647");
	HEX(iv, "4041424344454647");
	HEX(aad, "50515253c0c1c2c3c4c5c6c7");
	CU_ASSERT_EQUAL_FATAL(HEX(ct, CHACHA_CT), 114);
	HEX(tag, "1ae10b594f09e26a7e902ecbd0600691");
	CU_ASSERT_EQUAL(crypt_aead_open(IKEV2_ENCR_CHACHA20_POLY1305, key, 32,
	    nonce, 12, aad, 12, ct, 114, tag, 16, out), CRYPT_OK);
	CU_ASSERT(memcmp(out, CHACHA_PT, 114) == 0);
	/* RFC 7634 2: the same nonce as salt (key's tail) | wire IV. */
	a = alg(IKEV2_ENCR_CHACHA20_POLY1305, key, 36, IKEV2_INTEG_NONE, NULL,
	    0);
	memset(out, 0, sizeof(out));
	CU_ASSERT_EQUAL(crypt_open(&a, iv, aad, 12, ct, 114, tag, out),
	    CRYPT_OK);
	CU_ASSERT(memcmp(out, CHACHA_PT, 114) == 0);
	key[35] ^= 1;
	memset(out, 0xa5, sizeof(out));
	CU_ASSERT_EQUAL(crypt_open(&a, iv, aad, 12, ct, 114, tag, out),
	    CRYPT_INTEGRITY);
	for (i = 0; i < sizeof(out); i++)
		CU_ASSERT_FATAL(out[i] == 0 || out[i] == 0xa5);
}

/*
 * 3DES: the DES-EDE3-CBC vector of OpenSSL's evptests ("7654321 Now is
 * the time for " and four zeros).  DES: FIPS 81's CBC example ("Now is
 * the time for all ").  DES needs the legacy provider; a libcrypto
 * without it must say CRYPT_UNSUPPORTED, nothing worse.
 */
static void
test_des_3des(void)
{
	uint8_t key[24], iv[8], pt[32], ct[32], out[32], last[8];
	int rc;

	HEX(key, "0123456789abcdeff1e0d3c2b5a49786fedcba9876543210");
	HEX(iv, "fedcba9876543210");
	HEX(pt, "37363534333231204e6f77206973207468652074696d6520666f722000"
	    "000000");
	HEX(ct, "3fe301c962ac01d02213763c1cbd4cdc799657c064ecf5d41c673812cf"
	    "de9675");
	CU_ASSERT_EQUAL(crypt_ikev1_block(IKEV1_ENCR_3DES_CBC), 8);
	CU_ASSERT_EQUAL(crypt_ikev1_cbc(IKEV1_ENCR_3DES_CBC, key, 24, iv, ct,
	    32, out, last), CRYPT_OK);
	CU_ASSERT(memcmp(out, pt, 32) == 0);
	CU_ASSERT(memcmp(last, ct + 24, 8) == 0);

	HEX(key, "0123456789abcdef");
	HEX(iv, "1234567890abcdef");
	HEX(ct, "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6");
	CU_ASSERT_EQUAL(crypt_ikev1_block(IKEV1_ENCR_DES_CBC), 8);
	rc = crypt_ikev1_cbc(IKEV1_ENCR_DES_CBC, key, 8, iv, ct, 24, out,
	    NULL);
	if (rc == CRYPT_UNSUPPORTED) {
		fprintf(stderr, "\n  (no legacy provider: DES not tested) ");
		return;
	}
	CU_ASSERT_EQUAL(rc, CRYPT_OK);
	CU_ASSERT(memcmp(out, "Now is the time for all ", 24) == 0);
}

/* ---------------------------------------------------------------- */

enum key_kind { K_0B, K_AA, K_0C, K_JEFE, K_SEQ };

static void
key_make(enum key_kind kind, uint8_t *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		switch (kind) {
		case K_0B:
			k[i] = 0x0b;
			break;
		case K_AA:
			k[i] = 0xaa;
			break;
		case K_0C:
			k[i] = 0x0c;
			break;
		case K_JEFE:
			k[i] = (uint8_t)"Jefe"[i % 4];
			break;
		case K_SEQ:
			k[i] = (uint8_t)(i + 1);
			break;
		}
}

/* The data of the HMAC test cases, by the key kind they go with. */
static size_t
data_make(enum key_kind kind, uint8_t *d)
{
	switch (kind) {
	case K_0B:
		memcpy(d, "Hi There", 8);
		return 8;
	case K_JEFE:
		memcpy(d, "what do ya want for nothing?", 28);
		return 28;
	case K_AA:
		memset(d, 0xdd, 50);
		return 50;
	case K_0C:
		memcpy(d, "Test With Truncation", 20);
		return 20;
	case K_SEQ:
		memset(d, 0xcd, 50);
		return 50;
	}
	return 0;
}

/*
 * RFC 2202 test cases 1, 3 and 5 (the ones whose keys are as long as
 * IPsec's: 16 bytes for MD5, 20 for SHA-1), and RFC 4868 2.7.2's
 * AUTH256-1 to -4 with their 384 and 512 counterparts (keys as long as
 * the hash).  The full digest is given; IPsec sends its first icv bytes.
 */
static const struct {
	uint16_t	 integ;
	enum key_kind	 key;
	const char	*digest;
} hmac_kat[] = {
	{ IKEV2_INTEG_HMAC_MD5_96, K_0B, "9294727a3638bb1c13f48ef8158bfc9d" },
	{ IKEV2_INTEG_HMAC_MD5_96, K_AA, "56be34521d144c88dbb8c733f0e8b3f6" },
	{ IKEV2_INTEG_HMAC_MD5_96, K_0C, "56461ef2342edc00f9bab995690efd4c" },
	{ IKEV2_INTEG_HMAC_MD5_128, K_0C, "56461ef2342edc00f9bab995690efd4c" },
	{ IKEV2_INTEG_HMAC_SHA1_96, K_0B,
	  "b617318655057264e28bc0b6fb378c8ef146be00" },
	{ IKEV2_INTEG_HMAC_SHA1_96, K_AA,
	  "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
	{ IKEV2_INTEG_HMAC_SHA1_96, K_0C,
	  "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04" },
	{ IKEV2_INTEG_HMAC_SHA1_160, K_0B,
	  "b617318655057264e28bc0b6fb378c8ef146be00" },
	{ IKEV2_INTEG_HMAC_SHA2_256_128, K_0B,
	  "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7" },
	{ IKEV2_INTEG_HMAC_SHA2_256_128, K_JEFE,
	  "167f928588c5cc2eef8e3093caa0e87c9ff566a14794aa61648d81621a2a40c6" },
	{ IKEV2_INTEG_HMAC_SHA2_256_128, K_AA,
	  "cdcb1220d1ecccea91e53aba3092f962e549fe6ce9ed7fdc43191fbde45c30b0" },
	{ IKEV2_INTEG_HMAC_SHA2_256_128, K_SEQ,
	  "372efcf9b40b35c2115b1346903d2ef42fced46f0846e7257bb156d3d7b30d3f" },
	{ IKEV2_INTEG_HMAC_SHA2_384_192, K_0B,
	  "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973" },
	{ IKEV2_INTEG_HMAC_SHA2_384_192, K_JEFE,
	  "2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d" },
	{ IKEV2_INTEG_HMAC_SHA2_384_192, K_AA,
	  "809f439be00274321d4a538652164b53554a508184a0c316" },
	{ IKEV2_INTEG_HMAC_SHA2_384_192, K_SEQ,
	  "e8909051b8fe1a37966eec37a868389185d9da142bc5f755" },
	{ IKEV2_INTEG_HMAC_SHA2_512_256, K_0B,
	  "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8" },
	{ IKEV2_INTEG_HMAC_SHA2_512_256, K_JEFE,
	  "cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454" },
	{ IKEV2_INTEG_HMAC_SHA2_512_256, K_AA,
	  "2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8" },
	{ IKEV2_INTEG_HMAC_SHA2_512_256, K_SEQ,
	  "5e6688e5a3daec826ca32eaea224eff5e700628947470e13ad01302561bab108" },
};

static size_t
integ_facts(uint16_t integ, size_t *klen)
{
	static const uint8_t k[64];
	struct crypt_alg a = alg(IKEV2_ENCR_NULL, NULL, 0, integ, k, 0);
	struct crypt_info in;
	static const size_t lens[] = { 16, 20, 32, 48, 64 };
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		a.iklen = lens[i];
		if (crypt_check(&a, &in, NULL, 0) == CRYPT_OK) {
			*klen = lens[i];
			return in.icv_len;
		}
	}
	CU_FAIL_FATAL("no key length fits");
	return 0;
}

static void
test_hmac(void)
{
	uint8_t key[64], data[64], want[32], icv[CRYPT_ICV_MAX + 1];
	size_t i, klen = 0, icvlen, dlen;

	for (i = 0; i < sizeof(hmac_kat) / sizeof(hmac_kat[0]); i++) {
		icvlen = integ_facts(hmac_kat[i].integ, &klen);
		key_make(hmac_kat[i].key, key, klen);
		dlen = data_make(hmac_kat[i].key, data);
		CU_ASSERT_FATAL(HEX(want, hmac_kat[i].digest) >= icvlen);
		memset(icv, 0x77, sizeof(icv));
		CU_ASSERT_EQUAL(crypt_mac(hmac_kat[i].integ, key, klen, data,
		    dlen, icv), CRYPT_OK);
		CU_ASSERT(memcmp(icv, want, icvlen) == 0);
		/* Truncated to the ICV: nothing written past it. */
		CU_ASSERT_EQUAL(icv[icvlen], 0x77);
	}
	/* Keys of the wrong length are refused, not silently used. */
	CU_ASSERT_EQUAL(crypt_mac(IKEV2_INTEG_HMAC_SHA1_96, key, 4, data, 8,
	    icv), CRYPT_UNSUPPORTED);
	CU_ASSERT_EQUAL(crypt_mac(IKEV2_INTEG_NONE, key, 0, data, 8, icv),
	    CRYPT_UNSUPPORTED);
	CU_ASSERT_EQUAL(crypt_mac(IKEV2_INTEG_AES_CMAC_96, key, 16, data, 8,
	    icv), CRYPT_UNSUPPORTED);
}

/* RFC 3566 4.6: every test case, key 000102...0f. */
static const struct {
	size_t		 len;		/* message 00 01 02 ..., or zeros */
	const char	*mac;
} xcbc_kat[] = {
	{ 0, "75f0251d528ac01c4573dfd584d79f29" },
	{ 3, "5b376580ae2f19afe7219ceef172756f" },
	{ 16, "d2a246fa349b68a79998a4394ff7a263" },
	{ 20, "47f51b4564966215b8985c63055ed308" },
	{ 32, "f54f0ec8d2b9f3d36807734bd5283fd4" },
	{ 34, "becbb3bccdb518a30677d5481fb6b4d8" },
	{ 1000, "f0dafee895db30253761103b5d84528f" },	/* 1000 zeros */
};

static void
test_aes_xcbc_rfc3566(void)
{
	uint8_t key[16], msg[1000], want[16], icv[CRYPT_ICV_MAX];
	size_t i, j;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < sizeof(xcbc_kat) / sizeof(xcbc_kat[0]); i++) {
		for (j = 0; j < xcbc_kat[i].len; j++)
			msg[j] = xcbc_kat[i].len == 1000 ? 0 : (uint8_t)j;
		HEX(want, xcbc_kat[i].mac);
		memset(icv, 0, sizeof(icv));
		CU_ASSERT_EQUAL(crypt_mac(IKEV2_INTEG_AES_XCBC_96, key, 16,
		    i == 0 ? NULL : msg, xcbc_kat[i].len, icv), CRYPT_OK);
		/* AES-XCBC-MAC-96: the first 96 bits. */
		CU_ASSERT(memcmp(icv, want, 12) == 0);
		CU_ASSERT_EQUAL(icv[12], 0);
	}
	CU_ASSERT_EQUAL(crypt_mac(IKEV2_INTEG_AES_XCBC_96, key, 10, msg, 20,
	    icv), CRYPT_UNSUPPORTED);
}

/*
 * The IKEv1 IV hash over two pieces: "ab" | "c" hashes as "abc", whose
 * digests are the examples of RFC 1321 (MD5) and FIPS 180-2 (SHA).
 */
static void
test_ikev1_iv(void)
{
	static const struct {
		int		 hash;
		size_t		 block;
		const char	*want;
	} t[] = {
		{ IKEV1_HASH_MD5, 8, "900150983cd24fb0" },
		{ IKEV1_HASH_MD5, 16, "900150983cd24fb0d6963f7d28e17f72" },
		{ IKEV1_HASH_SHA, 8, "a9993e364706816a" },
		{ IKEV1_HASH_SHA, 16, "a9993e364706816aba3e25717850c26c" },
		{ IKEV1_HASH_SHA2_256, 16, "ba7816bf8f01cfea414140de5dae2223" },
		{ IKEV1_HASH_SHA2_384, 16, "cb00753f45a35e8bb5a03d699ac65007" },
		{ IKEV1_HASH_SHA2_512, 16, "ddaf35a193617abacc417349ae204131" },
	};
	uint8_t iv[16], want[16];
	size_t i, n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = HEX(want, t[i].want);
		memset(iv, 0, sizeof(iv));
		CU_ASSERT_EQUAL(crypt_ikev1_iv(t[i].hash,
		    (const uint8_t *)"ab", 2, (const uint8_t *)"c", 1, n, iv),
		    CRYPT_OK);
		CU_ASSERT(memcmp(iv, want, n) == 0);
	}
	/* The pieces may come as one. */
	CU_ASSERT_EQUAL(crypt_ikev1_iv(IKEV1_HASH_SHA, (const uint8_t *)"abc",
	    3, NULL, 0, 16, iv), CRYPT_OK);
	HEX(want, "a9993e364706816aba3e25717850c26c");
	CU_ASSERT(memcmp(iv, want, 16) == 0);
	CU_ASSERT_EQUAL(crypt_ikev1_iv(IKEV1_HASH_TIGER, iv, 1, iv, 1, 8, iv),
	    CRYPT_UNSUPPORTED);
	/* MD5 fills no 32-byte block. */
	CU_ASSERT_EQUAL(crypt_ikev1_iv(IKEV1_HASH_MD5, iv, 1, iv, 1, 32, iv),
	    CRYPT_UNSUPPORTED);
	CU_ASSERT_EQUAL(crypt_ikev1_iv(IKEV1_HASH_MD5, iv, 1, iv, 1, 0, iv),
	    CRYPT_UNSUPPORTED);
}

static void
test_ikev1_cbc_refusals(void)
{
	uint8_t key[32], iv[16], buf[48];

	memset(key, 1, sizeof(key));
	memset(iv, 2, sizeof(iv));
	memset(buf, 3, sizeof(buf));
	CU_ASSERT_EQUAL(crypt_ikev1_block(IKEV1_ENCR_AES_CBC), 16);
	CU_ASSERT_EQUAL(crypt_ikev1_block(IKEV1_ENCR_BLOWFISH_CBC), 0);
	CU_ASSERT_EQUAL(crypt_ikev1_cbc(IKEV1_ENCR_BLOWFISH_CBC, key, 16, iv,
	    buf, 16, buf, NULL), CRYPT_UNSUPPORTED);
	CU_ASSERT_EQUAL(crypt_ikev1_cbc(IKEV1_ENCR_AES_CBC, key, 20, iv, buf,
	    16, buf, NULL), CRYPT_UNSUPPORTED);
	CU_ASSERT_EQUAL(crypt_ikev1_cbc(IKEV1_ENCR_3DES_CBC, key, 16, iv, buf,
	    16, buf, NULL), CRYPT_UNSUPPORTED);
	/* Whole blocks only, and at least one. */
	CU_ASSERT_EQUAL(crypt_ikev1_cbc(IKEV1_ENCR_AES_CBC, key, 32, iv, buf,
	    40, buf, NULL), CRYPT_MALFORMED);
	CU_ASSERT_EQUAL(crypt_ikev1_cbc(IKEV1_ENCR_AES_CBC, key, 32, iv, buf,
	    0, buf, NULL), CRYPT_MALFORMED);
	CU_ASSERT_EQUAL(crypt_ikev1_cbc(IKEV1_ENCR_3DES_CBC, key, 24, iv, buf,
	    12, buf, NULL), CRYPT_MALFORMED);
	CU_ASSERT_EQUAL(crypt_ikev1_cbc(IKEV1_ENCR_AES_CBC, key, 24, iv, buf,
	    48, buf, NULL), CRYPT_OK);
}

int
suite_crypt(void)
{
	static const struct test_def t[] = {
		{ "sizes of every algorithm", test_check_facts },
		{ "keys that do not fit, and why", test_check_refusals },
		{ "names and messages", test_names },
		{ "AES-CBC, RFC 3602 cases 1-4", test_aes_cbc_rfc3602 },
		{ "AES-CBC ESP, RFC 3602 cases 5-8", test_aes_cbc_rfc3602_esp },
		{ "AES-CTR, RFC 3686 vectors 1-3, 7", test_aes_ctr_rfc3686 },
		{ "AES-GCM, GCM spec cases 3, 4, 16", test_aes_gcm },
		{ "AES-CCM, RFC 3610 and SP 800-38C", test_aes_ccm },
		{ "ChaCha20-Poly1305, RFC 8439 2.8.2", test_chacha20_poly1305 },
		{ "3DES and DES CBC", test_des_3des },
		{ "HMAC, RFC 2202 and RFC 4868", test_hmac },
		{ "AES-XCBC-MAC-96, RFC 3566", test_aes_xcbc_rfc3566 },
		{ "IKEv1 IV hash", test_ikev1_iv },
		{ "IKEv1 CBC refusals", test_ikev1_cbc_refusals },
	};

	return SUITE("crypt", t);
}
