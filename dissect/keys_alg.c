/*
 * keys_alg.c: algorithm names as each key format writes them, mapped to
 * IANA IKEv2 transform IDs (RFC 7296 3.3.2 and the IANA registry).
 *
 * Wireshark's names are those of its own tables, which strongSwan's
 * save-keys plugin copies (save_keys_listener.c: ike_encr, ike_integ,
 * esp_encr, esp_integ): packet-isakmp.c vs_ikev2_encr_algs and
 * vs_ikev2_auth_algs, packet-ipsec.c esp_encryption_type_vals and
 * esp_authentication_type_vals.  Wireshark compares them byte for byte,
 * so this file does too.  tcpdump names are OpenSSL cipher names
 * (print-esp.c espprint_decode_encalgo strips "-cbc" and "-hmac96");
 * Libreswan writes its encrypt_tcpdump_name and integ_tcpdump_name
 * (programs/pluto/ike_alg_*.c) with the key size glued on.  The xfrm
 * names are the Linux kernel's (net/xfrm/xfrm_algo.c), which
 * "ip xfrm state" prints as they are.
 */
#include <string.h>
#include <strings.h>

#include "dissect/keys_int.h"

#define U	KEYS_UNSUPPORTED
#define ANY	KEYS_INTEG_UNCHECKED
#define N(a)	(sizeof(a) / sizeof((a)[0]))

/* Key lengths here are Wireshark's ikev2_encr_algs[] (salt included). */
static const struct kalg ws_ike2_encr[] = {
	{ "3DES [RFC2451]", IKEV2_ENCR_3DES, 24, 0 },
	{ "AES-CBC-128 [RFC3602]", IKEV2_ENCR_AES_CBC, 16, 0 },
	{ "AES-CBC-192 [RFC3602]", IKEV2_ENCR_AES_CBC, 24, 0 },
	{ "AES-CBC-256 [RFC3602]", IKEV2_ENCR_AES_CBC, 32, 0 },
	{ "NULL [RFC2410]", IKEV2_ENCR_NULL, 0, 0 },
	{ "AES-CTR-128 [RFC5930]", IKEV2_ENCR_AES_CTR, 20, 0 },
	{ "AES-CTR-192 [RFC5930]", IKEV2_ENCR_AES_CTR, 28, 0 },
	{ "AES-CTR-256 [RFC5930]", IKEV2_ENCR_AES_CTR, 36, 0 },
	{ "AES-GCM-128 with 16 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_GCM_16, 20, 16 },
	{ "AES-GCM-192 with 16 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_GCM_16, 28, 16 },
	{ "AES-GCM-256 with 16 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_GCM_16, 36, 16 },
	{ "AES-GCM-128 with 8 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_GCM_8, 20, 8 },
	{ "AES-GCM-192 with 8 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_GCM_8, 28, 8 },
	{ "AES-GCM-256 with 8 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_GCM_8, 36, 8 },
	{ "AES-GCM-128 with 12 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_GCM_12, 20, 12 },
	{ "AES-GCM-192 with 12 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_GCM_12, 28, 12 },
	{ "AES-GCM-256 with 12 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_GCM_12, 36, 12 },
	{ "AES-CCM-128 with 16 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_CCM_16, 19, 16 },
	{ "AES-CCM-192 with 16 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_CCM_16, 27, 16 },
	{ "AES-CCM-256 with 16 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_CCM_16, 35, 16 },
	{ "AES-CCM-128 with 8 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_CCM_8, 19, 8 },
	{ "AES-CCM-192 with 8 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_CCM_8, 27, 8 },
	{ "AES-CCM-256 with 8 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_CCM_8, 35, 8 },
	{ "AES-CCM-128 with 12 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_CCM_12, 19, 12 },
	{ "AES-CCM-192 with 12 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_CCM_12, 27, 12 },
	{ "AES-CCM-256 with 12 octet ICV [RFC5282]",
	    IKEV2_ENCR_AES_CCM_12, 35, 12 },
};

/* Wireshark checks SK_a lengths against ikev2_auth_algs[] key_len. */
static const struct kalg ws_ike2_integ[] = {
	{ "HMAC_MD5_96 [RFC2403]", IKEV2_INTEG_HMAC_MD5_96, 16, 12 },
	{ "HMAC_SHA1_96 [RFC2404]", IKEV2_INTEG_HMAC_SHA1_96, 20, 12 },
	{ "HMAC_MD5_128 [RFC4595]", IKEV2_INTEG_HMAC_MD5_128, 16, 16 },
	{ "HMAC_SHA1_160 [RFC4595]", IKEV2_INTEG_HMAC_SHA1_160, 20, 20 },
	/* A pre-RFC 4868 draft with no IANA number. */
	{ "HMAC_SHA2_256_96 [draft-ietf-ipsec-ciph-sha-256-00]", U, 32, 12 },
	{ "HMAC_SHA2_256_128 [RFC4868]", IKEV2_INTEG_HMAC_SHA2_256_128,
	    32, 16 },
	{ "HMAC_SHA2_384_192 [RFC4868]", IKEV2_INTEG_HMAC_SHA2_384_192,
	    48, 24 },
	{ "HMAC_SHA2_512_256 [RFC4868]", IKEV2_INTEG_HMAC_SHA2_512_256,
	    64, 32 },
	{ "NONE [RFC4306]", IKEV2_INTEG_NONE, 0, 0 },
	{ "ANY 64-bits of Authentication [No Checking]", ANY, 0, 8 },
	{ "ANY 96-bits of Authentication [No Checking]", ANY, 0, 12 },
	{ "ANY 128-bits of Authentication [No Checking]", ANY, 0, 16 },
	{ "ANY 160-bits of Authentication [No Checking]", ANY, 0, 20 },
	{ "ANY 192-bits of Authentication [No Checking]", ANY, 0, 24 },
	{ "ANY 256-bits of Authentication [No Checking]", ANY, 0, 32 },
};

/*
 * ESP names carry no key size; dissect_esp() takes AES keys of any of
 * the three sizes.  "AES-GCM [RFC4106]" (icv 0 here) is the deprecated
 * name strongSwan writes, the tag length then comes from the "ANY n bit"
 * integrity beside it.  "TripleDes-CBC" is how strongSwan spelt it
 * before its PR #2013; Wireshark refuses it, ikewatch need not.
 */
static const struct kalg ws_esp_encr[] = {
	{ "NULL", IKEV2_ENCR_NULL, 0, 0 },
	{ "TripleDES-CBC [RFC2451]", IKEV2_ENCR_3DES, 24, 0 },
	{ "TripleDes-CBC [RFC2451]", IKEV2_ENCR_3DES, 24, 0 },
	{ "AES-CBC [RFC3602]", IKEV2_ENCR_AES_CBC, KLEN_AES, 0 },
	{ "AES-CTR [RFC3686]", IKEV2_ENCR_AES_CTR, KLEN_AES, 0 },
	{ "DES-CBC [RFC2405]", IKEV2_ENCR_DES, 8, 0 },
	{ "CAST5-CBC [RFC2144]", U, KLEN_FREE, 0 },
	{ "BLOWFISH-CBC [RFC2451]", U, KLEN_FREE, 0 },
	{ "TWOFISH-CBC", U, KLEN_FREE, 0 },
	{ "AES-GCM [RFC4106]", IKEV2_ENCR_AES_GCM_16, KLEN_AES, 0 },
	{ "AES-GCM with 8 octet ICV [RFC4106]", IKEV2_ENCR_AES_GCM_8,
	    KLEN_AES, 8 },
	{ "AES-GCM with 12 octet ICV [RFC4106]", IKEV2_ENCR_AES_GCM_12,
	    KLEN_AES, 12 },
	{ "AES-GCM with 16 octet ICV [RFC4106]", IKEV2_ENCR_AES_GCM_16,
	    KLEN_AES, 16 },
	/* RFC 8750 implicit IV: the IV is not on the wire. */
	{ "AES-GCM with IIV and 16 octet ICV [RFC4106 & RFC8750]", U,
	    KLEN_FREE, 16 },
	{ "ChaCha20 with Poly1305 [RFC7634]", IKEV2_ENCR_CHACHA20_POLY1305,
	    36, 16 },
	{ "ChaCha20 with Poly1305 and IIV [RFC7634 & RFC8750]", U,
	    KLEN_FREE, 16 },
};

/* RFC 2403, 2404 and 4868 fix the HMAC key to the hash's size. */
static const struct kalg ws_esp_auth[] = {
	{ "NULL", IKEV2_INTEG_NONE, 0, 0 },
	{ "HMAC-SHA-1-96 [RFC2404]", IKEV2_INTEG_HMAC_SHA1_96, 20, 12 },
	{ "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]", U, 32, 12 },
	{ "HMAC-SHA-256-128 [RFC4868]", IKEV2_INTEG_HMAC_SHA2_256_128,
	    32, 16 },
	{ "HMAC-SHA-384-192 [RFC4868]", IKEV2_INTEG_HMAC_SHA2_384_192,
	    48, 24 },
	{ "HMAC-SHA-512-256 [RFC4868]", IKEV2_INTEG_HMAC_SHA2_512_256,
	    64, 32 },
	{ "HMAC-MD5-96 [RFC2403]", IKEV2_INTEG_HMAC_MD5_96, 16, 12 },
	{ "MAC-RIPEMD-160-96 [RFC2857]", U, KLEN_FREE, 12 },
	{ "ANY 64 bit authentication [no checking]", ANY, KLEN_FREE, 8 },
	{ "ANY 96 bit authentication [no checking]", ANY, KLEN_FREE, 12 },
	{ "ANY 128 bit authentication [no checking]", ANY, KLEN_FREE, 16 },
	{ "ANY 192 bit authentication [no checking]", ANY, KLEN_FREE, 24 },
	{ "ANY 256 bit authentication [no checking]", ANY, KLEN_FREE, 32 },
};

/*
 * tcpdump takes any name but only strips a 12-byte ICV for "sha1" and
 * "md5" (espprint_decode_authalgo); Libreswan writes sha1, md5, sha256,
 * sha384, sha512, aes_xcbc, aes_cmac, ripemd, none.  The others are
 * spellings people use for the same transforms.
 */
static const struct kalg td_integ[] = {
	{ "md5", IKEV2_INTEG_HMAC_MD5_96, 16, 12 },
	{ "hmac-md5", IKEV2_INTEG_HMAC_MD5_96, 16, 12 },
	{ "hmac_md5", IKEV2_INTEG_HMAC_MD5_96, 16, 12 },
	{ "hmac-md5-96", IKEV2_INTEG_HMAC_MD5_96, 16, 12 },
	{ "hmac_md5_96", IKEV2_INTEG_HMAC_MD5_96, 16, 12 },
	{ "sha1", IKEV2_INTEG_HMAC_SHA1_96, 20, 12 },
	{ "sha", IKEV2_INTEG_HMAC_SHA1_96, 20, 12 },
	{ "hmac-sha1", IKEV2_INTEG_HMAC_SHA1_96, 20, 12 },
	{ "hmac_sha1", IKEV2_INTEG_HMAC_SHA1_96, 20, 12 },
	{ "hmac-sha1-96", IKEV2_INTEG_HMAC_SHA1_96, 20, 12 },
	{ "hmac_sha1_96", IKEV2_INTEG_HMAC_SHA1_96, 20, 12 },
	{ "sha256", IKEV2_INTEG_HMAC_SHA2_256_128, 32, 16 },
	{ "sha2", IKEV2_INTEG_HMAC_SHA2_256_128, 32, 16 },
	{ "sha2_256", IKEV2_INTEG_HMAC_SHA2_256_128, 32, 16 },
	{ "hmac-sha256", IKEV2_INTEG_HMAC_SHA2_256_128, 32, 16 },
	{ "hmac_sha2_256", IKEV2_INTEG_HMAC_SHA2_256_128, 32, 16 },
	{ "hmac_sha2_256_128", IKEV2_INTEG_HMAC_SHA2_256_128, 32, 16 },
	{ "sha384", IKEV2_INTEG_HMAC_SHA2_384_192, 48, 24 },
	{ "sha2_384", IKEV2_INTEG_HMAC_SHA2_384_192, 48, 24 },
	{ "hmac-sha384", IKEV2_INTEG_HMAC_SHA2_384_192, 48, 24 },
	{ "hmac_sha2_384", IKEV2_INTEG_HMAC_SHA2_384_192, 48, 24 },
	{ "hmac_sha2_384_192", IKEV2_INTEG_HMAC_SHA2_384_192, 48, 24 },
	{ "sha512", IKEV2_INTEG_HMAC_SHA2_512_256, 64, 32 },
	{ "sha2_512", IKEV2_INTEG_HMAC_SHA2_512_256, 64, 32 },
	{ "hmac-sha512", IKEV2_INTEG_HMAC_SHA2_512_256, 64, 32 },
	{ "hmac_sha2_512", IKEV2_INTEG_HMAC_SHA2_512_256, 64, 32 },
	{ "hmac_sha2_512_256", IKEV2_INTEG_HMAC_SHA2_512_256, 64, 32 },
	{ "aes_xcbc", IKEV2_INTEG_AES_XCBC_96, 16, 12 },
	{ "aes-xcbc", IKEV2_INTEG_AES_XCBC_96, 16, 12 },
	{ "aes_xcbc_96", IKEV2_INTEG_AES_XCBC_96, 16, 12 },
	{ "aes128_xcbc", IKEV2_INTEG_AES_XCBC_96, 16, 12 },
	{ "none", IKEV2_INTEG_NONE, 0, 0 },
	{ "null", IKEV2_INTEG_NONE, 0, 0 },
	{ "aes_cmac", U, KLEN_FREE, 12 },
	{ "ripemd", U, KLEN_FREE, 12 },
	{ "hmac_sha2_256_truncbug", U, KLEN_FREE, 12 },
};

/*
 * tcpdump and Libreswan encryption base names.  Libreswan calls
 * AES_GCM_8 "aes_gcm" (ike_alg_encrypt_aes_gcm_8), so "aes_gcm128" in
 * its log is the 8-octet ICV; "aes-" is OpenSSL's "aes-128-cbc" once
 * tcpdump's "-cbc" is gone.
 */
static const struct kalg td_encr[] = {
	{ "aes_gcm_16", IKEV2_ENCR_AES_GCM_16, KLEN_AES, 16 },
	{ "aes_gcm_12", IKEV2_ENCR_AES_GCM_12, KLEN_AES, 12 },
	{ "aes_gcm_8", IKEV2_ENCR_AES_GCM_8, KLEN_AES, 8 },
	{ "aes_gcm", IKEV2_ENCR_AES_GCM_8, KLEN_AES, 8 },
	{ "aes_ccm_16", IKEV2_ENCR_AES_CCM_16, KLEN_AES, 16 },
	{ "aes_ccm_12", IKEV2_ENCR_AES_CCM_12, KLEN_AES, 12 },
	{ "aes_ccm_8", IKEV2_ENCR_AES_CCM_8, KLEN_AES, 8 },
	{ "aes_ctr", IKEV2_ENCR_AES_CTR, KLEN_AES, 0 },
	{ "aes_cbc", IKEV2_ENCR_AES_CBC, KLEN_AES, 0 },
	{ "aes-", IKEV2_ENCR_AES_CBC, KLEN_AES, 0 },
	{ "aes", IKEV2_ENCR_AES_CBC, KLEN_AES, 0 },
	{ "3des", IKEV2_ENCR_3DES, 24, 0 },
	{ "des3", IKEV2_ENCR_3DES, 24, 0 },
	{ "des-ede3", IKEV2_ENCR_3DES, 24, 0 },
	{ "des", IKEV2_ENCR_DES, 8, 0 },
	{ "null", IKEV2_ENCR_NULL, 0, 0 },
	{ "none", IKEV2_ENCR_NULL, 0, 0 },
	{ "chacha20_poly1305", IKEV2_ENCR_CHACHA20_POLY1305, 36, 16 },
	{ "blowfish", U, KLEN_FREE, 0 },
	{ "bf", U, KLEN_FREE, 0 },
	{ "cast", U, KLEN_FREE, 0 },
	{ "cast5", U, KLEN_FREE, 0 },
	{ "cast128", U, KLEN_FREE, 0 },
	{ "twofish", U, KLEN_FREE, 0 },
	{ "serpent", U, KLEN_FREE, 0 },
	{ "camellia", U, KLEN_FREE, 0 },
	{ "null_auth_aes_gmac", U, KLEN_FREE, 16 },
};

static const struct kalg xf_enc[] = {
	{ "cbc(aes)", IKEV2_ENCR_AES_CBC, KLEN_AES, 0 },
	{ "cbc(des3_ede)", IKEV2_ENCR_3DES, 24, 0 },
	{ "cbc(des)", IKEV2_ENCR_DES, 8, 0 },
	{ "rfc3686(ctr(aes))", IKEV2_ENCR_AES_CTR, KLEN_AES, 0 },
	{ "ecb(cipher_null)", IKEV2_ENCR_NULL, 0, 0 },
	{ "cbc(blowfish)", U, KLEN_FREE, 0 },
	{ "cbc(cast5)", U, KLEN_FREE, 0 },
	{ "cbc(serpent)", U, KLEN_FREE, 0 },
	{ "cbc(twofish)", U, KLEN_FREE, 0 },
	{ "cbc(camellia)", U, KLEN_FREE, 0 },
	{ "ctr(camellia)", U, KLEN_FREE, 0 },
};

/*
 * The first entry of each name is the kernel's truncation for a plain
 * "auth" line; hmac(sha256) defaults to the 96-bit draft, which has no
 * IANA number.  Other truncations of a known name load unsupported.
 */
static const struct kalg xf_auth[] = {
	{ "hmac(md5)", IKEV2_INTEG_HMAC_MD5_96, 16, 12 },
	{ "hmac(md5)", IKEV2_INTEG_HMAC_MD5_128, 16, 16 },
	{ "hmac(sha1)", IKEV2_INTEG_HMAC_SHA1_96, 20, 12 },
	{ "hmac(sha1)", IKEV2_INTEG_HMAC_SHA1_160, 20, 20 },
	{ "hmac(sha256)", U, 32, 12 },
	{ "hmac(sha256)", IKEV2_INTEG_HMAC_SHA2_256_128, 32, 16 },
	{ "hmac(sha384)", IKEV2_INTEG_HMAC_SHA2_384_192, 48, 24 },
	{ "hmac(sha512)", IKEV2_INTEG_HMAC_SHA2_512_256, 64, 32 },
	{ "xcbc(aes)", IKEV2_INTEG_AES_XCBC_96, 16, 12 },
	{ "cmac(aes)", U, KLEN_FREE, 12 },
	{ "hmac(rmd160)", U, KLEN_FREE, 12 },
	{ "digest_null", IKEV2_INTEG_NONE, 0, 0 },
};

static const struct kalg xf_aead[] = {
	{ "rfc4106(gcm(aes))", IKEV2_ENCR_AES_GCM_8, KLEN_AES, 8 },
	{ "rfc4106(gcm(aes))", IKEV2_ENCR_AES_GCM_12, KLEN_AES, 12 },
	{ "rfc4106(gcm(aes))", IKEV2_ENCR_AES_GCM_16, KLEN_AES, 16 },
	{ "rfc4309(ccm(aes))", IKEV2_ENCR_AES_CCM_8, KLEN_AES, 8 },
	{ "rfc4309(ccm(aes))", IKEV2_ENCR_AES_CCM_12, KLEN_AES, 12 },
	{ "rfc4309(ccm(aes))", IKEV2_ENCR_AES_CCM_16, KLEN_AES, 16 },
	{ "rfc7539esp(chacha20,poly1305)", IKEV2_ENCR_CHACHA20_POLY1305,
	    36, 16 },
	{ "rfc4543(gcm(aes))", U, KLEN_FREE, 16 },
};

static const struct {
	const struct kalg	*t;
	size_t			 n;
	int			 icase;
} tabs[] = {
	[KT_WS_IKE2_ENCR] = { ws_ike2_encr, N(ws_ike2_encr), 0 },
	[KT_WS_IKE2_INTEG] = { ws_ike2_integ, N(ws_ike2_integ), 0 },
	[KT_WS_ESP_ENCR] = { ws_esp_encr, N(ws_esp_encr), 0 },
	[KT_WS_ESP_AUTH] = { ws_esp_auth, N(ws_esp_auth), 0 },
	[KT_TD_INTEG] = { td_integ, N(td_integ), 1 },
	[KT_XF_ENC] = { xf_enc, N(xf_enc), 1 },
	[KT_XF_AUTH] = { xf_auth, N(xf_auth), 1 },
	[KT_XF_AEAD] = { xf_aead, N(xf_aead), 1 },
};

const struct kalg *
kalg_find(enum kalg_tab which, const char *name, int icv)
{
	const struct kalg *t = tabs[which].t;
	size_t i;

	for (i = 0; i < tabs[which].n; i++) {
		if (tabs[which].icase ? strcasecmp(t[i].name, name) != 0 :
		    strcmp(t[i].name, name) != 0)
			continue;
		if (icv < 0 || t[i].icv == icv)
			return &t[i];
	}
	return NULL;
}

const struct kalg *
kalg_any_icv(enum kalg_tab which, const char *name)
{
	return kalg_find(which, name, -1);
}

/*
 * The longest base name whose rest is empty or all digits wins, so
 * "aes_gcm_16256" is aes_gcm_16 with 256 bits, not aes_gcm.
 */
const struct kalg *
kalg_tcpdump_encr(const char *name, unsigned *bits)
{
	const struct kalg *best = NULL;
	size_t i, n, bestn = 0;
	const char *rest;

	*bits = 0;
	for (i = 0; i < N(td_encr); i++) {
		n = strlen(td_encr[i].name);
		if (n <= bestn || strncasecmp(name, td_encr[i].name, n) != 0)
			continue;
		rest = name + n;
		if (strspn(rest, "0123456789") != strlen(rest))
			continue;
		/* OpenSSL's "aes-" always carries its size. */
		if (*rest == '\0' && name[n - 1] == '-')
			continue;
		best = &td_encr[i];
		bestn = n;
	}
	if (best == NULL)
		return NULL;
	rest = name + bestn;
	if (*rest != '\0') {
		if (strlen(rest) > 4)
			return NULL;
		*bits = 0;
		while (*rest != '\0')
			*bits = *bits * 10 + (unsigned)(*rest++ - '0');
		if (*bits == 0)
			return NULL;
	}
	return best;
}

size_t
kalg_salt(uint16_t id)
{
	switch (id) {
	case IKEV2_ENCR_AES_CTR:
	case IKEV2_ENCR_AES_GCM_8:
	case IKEV2_ENCR_AES_GCM_12:
	case IKEV2_ENCR_AES_GCM_16:
	case IKEV2_ENCR_CHACHA20_POLY1305:
		return 4;
	case IKEV2_ENCR_AES_CCM_8:
	case IKEV2_ENCR_AES_CCM_12:
	case IKEV2_ENCR_AES_CCM_16:
		return 3;
	}
	return 0;
}

int
kalg_aead(uint16_t id)
{
	switch (id) {
	case IKEV2_ENCR_AES_GCM_8:
	case IKEV2_ENCR_AES_GCM_12:
	case IKEV2_ENCR_AES_GCM_16:
	case IKEV2_ENCR_AES_CCM_8:
	case IKEV2_ENCR_AES_CCM_12:
	case IKEV2_ENCR_AES_CCM_16:
	case IKEV2_ENCR_CHACHA20_POLY1305:
		return 1;
	}
	return 0;
}

int
kalg_len_ok(const struct kalg *a, size_t len, unsigned bits)
{
	size_t salt = kalg_salt(a->id), body;

	if (a->klen == KLEN_FREE)
		return len <= KEYS_MAX;
	if (a->klen == KLEN_AES) {
		if (len < salt)
			return 0;
		body = len - salt;
		if (body != 16 && body != 24 && body != 32)
			return 0;
		return bits == 0 || bits == body * 8;
	}
	if (len != a->klen)
		return 0;
	return bits == 0 || bits == (a->klen - salt) * 8;
}
