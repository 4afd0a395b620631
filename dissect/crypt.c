/*
 * crypt.c: IKEv2 SK/SKF, ESP and IKEv1 decryption with user keys, and
 * the integrity checks that come first, over OpenSSL 3 EVP.
 *
 * The algorithm tables below are the whole of what is supported; each
 * framing function resolves its crypt_alg against them once, checks the
 * lengths, verifies the ICV (non-AEAD) before decrypting anything, then
 * decrypts and strips the trailer.  Plaintext reaches the caller's
 * buffer only under a good ICV or tag: an AEAD mode writes before it
 * can verify, so a failed tag wipes what it wrote.
 *
 * OpenSSL algorithm objects are fetched once, on first use, and kept
 * for the life of the process; the EVP calls themselves are in
 * crypt_evp.c.  DES lives in OpenSSL 3's legacy provider, which is
 * loaded only when a DES SA is first used.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include "dissect/bytes.h"
#include "dissect/crypt.h"
#include "dissect/crypt_evp.h"
#include "dissect/registry.h"

#define CRYPT_NONCE_MAX	16	/* CTR counter block; AEAD nonces are 11-12 */

enum crypt_mode {
	CM_NULL,
	CM_CBC,
	CM_CTR,
	CM_GCM,
	CM_CCM,
	CM_CHACHA,
};

struct crypt_encr {
	uint16_t	 id;
	const char	*name;
	uint8_t		 mode;		/* enum crypt_mode */
	uint8_t		 block;		/* padding alignment */
	uint8_t		 iv;		/* on the wire */
	uint8_t		 icv;		/* AEAD tag */
	uint8_t		 salt;		/* key bytes after the cipher key */
	uint8_t		 legacy;	/* in OpenSSL's legacy provider */
	uint8_t		 nkeys;
	uint8_t		 keys[3];	/* cipher key lengths, salt excluded */
	const char	*evp[3];	/* the EVP cipher for each */
};

/* The three AES key sizes of a mode, and their EVP names. */
#define AES3(m)	3, { 16, 24, 32 }, \
		{ "AES-128-" m, "AES-192-" m, "AES-256-" m }

/* id, name, mode, block, iv, icv, salt, legacy, key lengths, EVP names */
static const struct crypt_encr crypt_encrs[] = {
	{ IKEV2_ENCR_DES, "DES", CM_CBC, 8, 8, 0, 0, 1,
	    1, { 8 }, { "DES-CBC" } },
	{ IKEV2_ENCR_3DES, "3DES", CM_CBC, 8, 8, 0, 0, 0,
	    1, { 24 }, { "DES-EDE3-CBC" } },
	{ IKEV2_ENCR_NULL, "NULL", CM_NULL, 1, 0, 0, 0, 0,
	    1, { 0 }, { NULL } },
	{ IKEV2_ENCR_AES_CBC, "AES_CBC", CM_CBC, 16, 16, 0, 0, 0, AES3("CBC") },
	/* RFC 3686 2: the counter block is nonce | IV | 32-bit counter. */
	{ IKEV2_ENCR_AES_CTR, "AES_CTR", CM_CTR, 1, 8, 0, 4, 0, AES3("CTR") },
	/* RFC 4309 4: the CCM nonce is a 3-byte salt | IV. */
	{ IKEV2_ENCR_AES_CCM_8, "AES_CCM_8", CM_CCM, 1, 8, 8, 3, 0,
	    AES3("CCM") },
	{ IKEV2_ENCR_AES_CCM_12, "AES_CCM_12", CM_CCM, 1, 8, 12, 3, 0,
	    AES3("CCM") },
	{ IKEV2_ENCR_AES_CCM_16, "AES_CCM_16", CM_CCM, 1, 8, 16, 3, 0,
	    AES3("CCM") },
	/* RFC 4106 4: the GCM nonce is a 4-byte salt | IV. */
	{ IKEV2_ENCR_AES_GCM_8, "AES_GCM_8", CM_GCM, 1, 8, 8, 4, 0,
	    AES3("GCM") },
	{ IKEV2_ENCR_AES_GCM_12, "AES_GCM_12", CM_GCM, 1, 8, 12, 4, 0,
	    AES3("GCM") },
	{ IKEV2_ENCR_AES_GCM_16, "AES_GCM_16", CM_GCM, 1, 8, 16, 4, 0,
	    AES3("GCM") },
	/* RFC 7634 2: salt | IV, as RFC 8439 builds constant | IV. */
	{ IKEV2_ENCR_CHACHA20_POLY1305, "CHACHA20_POLY1305", CM_CHACHA, 1, 8,
	    16, 4, 0, 1, { 32 }, { "ChaCha20-Poly1305" } },
};

#define CRYPT_NENCR	(sizeof(crypt_encrs) / sizeof(crypt_encrs[0]))

struct crypt_integ {
	uint16_t	 id;
	const char	*name;
	const char	*digest;	/* HMAC's hash; NULL: AES-XCBC */
	uint8_t		 klen;
	uint8_t		 icv;
};

/* id, name, HMAC digest, key length, ICV length */
static const struct crypt_integ crypt_integs[] = {
	{ IKEV2_INTEG_NONE, "NONE", NULL, 0, 0 },
	{ IKEV2_INTEG_HMAC_MD5_96, "HMAC_MD5_96", "MD5", 16, 12 },
	{ IKEV2_INTEG_HMAC_SHA1_96, "HMAC_SHA1_96", "SHA1", 20, 12 },
	{ IKEV2_INTEG_AES_XCBC_96, "AES_XCBC_96", NULL, 16, 12 },
	{ IKEV2_INTEG_HMAC_MD5_128, "HMAC_MD5_128", "MD5", 16, 16 },
	{ IKEV2_INTEG_HMAC_SHA1_160, "HMAC_SHA1_160", "SHA1", 20, 20 },
	{ IKEV2_INTEG_HMAC_SHA2_256_128, "HMAC_SHA2_256_128", "SHA2-256",
	    32, 16 },
	{ IKEV2_INTEG_HMAC_SHA2_384_192, "HMAC_SHA2_384_192", "SHA2-384",
	    48, 24 },
	{ IKEV2_INTEG_HMAC_SHA2_512_256, "HMAC_SHA2_512_256", "SHA2-512",
	    64, 32 },
};

#define CRYPT_NINTEG	(sizeof(crypt_integs) / sizeof(crypt_integs[0]))

/* Fetched once; NULL where this libcrypto lacks the algorithm. */
static EVP_CIPHER	*crypt_evp[CRYPT_NENCR][3];
static EVP_CIPHER	*crypt_ecb;	/* AES-128-ECB, for AES-XCBC */
static EVP_MAC		*crypt_hmac;
static OSSL_PROVIDER	*crypt_legacy;
static CRYPTO_ONCE	 crypt_once = CRYPTO_ONCE_STATIC_INIT;
static CRYPTO_ONCE	 crypt_legacy_once = CRYPTO_ONCE_STATIC_INIT;

/* An SA resolved against the tables. */
struct crypt_sa {
	const struct crypt_alg	 *alg;
	const struct crypt_encr	 *e;
	const struct crypt_integ *i;
	const EVP_CIPHER	 *cipher;	/* NULL for ENCR_NULL */
	size_t			  klen;		/* cipher key, salt excluded */
};

static void
crypt_fetch(int legacy)
{
	size_t i, k;

	for (i = 0; i < CRYPT_NENCR; i++) {
		if (crypt_encrs[i].legacy != legacy)
			continue;
		for (k = 0; k < crypt_encrs[i].nkeys; k++)
			if (crypt_encrs[i].evp[k] != NULL)
				crypt_evp[i][k] = EVP_CIPHER_fetch(NULL,
				    crypt_encrs[i].evp[k], NULL);
	}
	/* What failed to fetch is reported per SA, not queued for others. */
	ERR_clear_error();
}

static void
crypt_init(void)
{
	crypt_fetch(0);
	crypt_ecb = EVP_CIPHER_fetch(NULL, "AES-128-ECB", NULL);
	crypt_hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	ERR_clear_error();
}

/*
 * OpenSSL 3 moved single DES to the legacy provider.  Loading it with
 * fallbacks retained keeps the default provider for everything else.
 */
static void
crypt_init_legacy(void)
{
	crypt_legacy = OSSL_PROVIDER_try_load(NULL, "legacy", 1);
	if (crypt_legacy != NULL)
		crypt_fetch(1);
	ERR_clear_error();
}

static const struct crypt_encr *
crypt_encr_find(uint16_t id)
{
	size_t i;

	for (i = 0; i < CRYPT_NENCR; i++)
		if (crypt_encrs[i].id == id)
			return &crypt_encrs[i];
	return NULL;
}

static const struct crypt_integ *
crypt_integ_find(uint16_t id)
{
	size_t i;

	for (i = 0; i < CRYPT_NINTEG; i++)
		if (crypt_integs[i].id == id)
			return &crypt_integs[i];
	return NULL;
}

const char *
crypt_encr_name(uint16_t encr)
{
	const struct crypt_encr *e = crypt_encr_find(encr);

	return e != NULL ? e->name : NULL;
}

const char *
crypt_integ_name(uint16_t integ)
{
	const struct crypt_integ *i = crypt_integ_find(integ);

	return i != NULL ? i->name : NULL;
}

const char *
crypt_alg_name(const struct crypt_alg *a, char *buf, size_t len)
{
	const struct crypt_encr *e = crypt_encr_find(a->encr);
	const struct crypt_integ *i = crypt_integ_find(a->integ);
	char encr[32], bits[16] = "", integ[32] = "";

	if (e != NULL)
		snprintf(encr, sizeof(encr), "%s", e->name);
	else
		snprintf(encr, sizeof(encr), "ENCR(%u)", a->encr);
	/* Only AES comes in several sizes; the others' names say it. */
	if (e != NULL && e->nkeys > 1 && a->eklen >= e->salt)
		snprintf(bits, sizeof(bits), "-%zu", (a->eklen - e->salt) * 8);
	if (i == NULL)
		snprintf(integ, sizeof(integ), "/INTEG(%u)", a->integ);
	else if (i->id != IKEV2_INTEG_NONE)
		snprintf(integ, sizeof(integ), "/%s", i->name);
	if (len > 0)
		snprintf(buf, len, "%s%s%s", encr, bits, integ);
	return buf;
}

const char *
crypt_strerror(int status)
{
	switch (status) {
	case CRYPT_OK:
		return "success";
	case CRYPT_INTEGRITY:
		return "integrity check failed (wrong key or corrupt data)";
	case CRYPT_MALFORMED:
		return "malformed (too short, not whole blocks, or bad "
		    "padding)";
	case CRYPT_UNSUPPORTED:
		return "algorithm not supported, or a wrong key length";
	case CRYPT_NOSPACE:
		return "output buffer too small";
	}
	return "unknown error";
}

static void crypt_why(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
crypt_why(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

/* "16, 24 or 32" with add added to each: the key lengths e takes. */
static void
crypt_keys_text(const struct crypt_encr *e, size_t add, char *buf,
    size_t len)
{
	size_t k, n = 0;

	buf[0] = '\0';
	for (k = 0; k < e->nkeys && n < len; k++) {
		n += (size_t)snprintf(buf + n, len - n, "%s%zu",
		    k == 0 ? "" : k + 1 == e->nkeys ? " or " : ", ",
		    e->keys[k] + add);
	}
}

static int
crypt_key_index(const struct crypt_encr *e, size_t eklen)
{
	size_t k;

	for (k = 0; k < e->nkeys; k++)
		if ((size_t)e->keys[k] + e->salt == eklen)
			return (int)k;
	return -1;
}

static int
crypt_resolve_encr(const struct crypt_alg *a, struct crypt_sa *sa,
    char *why, size_t whylen)
{
	const struct crypt_encr *e = crypt_encr_find(a->encr);
	const char *reg = reg_name(&reg_ikev2_encr, a->encr);
	char keys[40], all[40];
	int k;

	if (e == NULL) {
		crypt_why(why, whylen, "encryption algorithm %s%s%u%s is not "
		    "supported", reg ? reg : "", reg ? " (" : "", a->encr,
		    reg ? ")" : "");
		return CRYPT_UNSUPPORTED;
	}
	if ((k = crypt_key_index(e, a->eklen)) < 0 ||
	    (a->eklen > 0 && a->ekey == NULL)) {
		crypt_keys_text(e, 0, keys, sizeof(keys));
		crypt_keys_text(e, e->salt, all, sizeof(all));
		if (e->salt > 0)
			crypt_why(why, whylen, "%s takes a %s-byte key and a "
			    "%u-byte salt (%s bytes), not %zu", e->name, keys,
			    e->salt, all, a->eklen);
		else
			crypt_why(why, whylen, "%s takes a %s-byte key, not "
			    "%zu", e->name, keys, a->eklen);
		return CRYPT_UNSUPPORTED;
	}
	sa->e = e;
	sa->klen = e->keys[k];
	if (e->mode == CM_NULL)
		return CRYPT_OK;
	if (e->legacy)
		CRYPTO_THREAD_run_once(&crypt_legacy_once, crypt_init_legacy);
	sa->cipher = crypt_evp[e - crypt_encrs][k];
	if (sa->cipher == NULL) {
		crypt_why(why, whylen, "%s is not available in this "
		    "libcrypto%s", e->name, e->legacy ? " (it needs the legacy "
		    "provider)" : "");
		return CRYPT_UNSUPPORTED;
	}
	return CRYPT_OK;
}

static int
crypt_resolve_integ(const struct crypt_alg *a, struct crypt_sa *sa,
    char *why, size_t whylen)
{
	const struct crypt_integ *i = crypt_integ_find(a->integ);
	const char *reg = reg_name(&reg_ikev2_integ, a->integ);

	if (i == NULL) {
		crypt_why(why, whylen, "integrity algorithm %s%s%u%s is not "
		    "supported", reg ? reg : "", reg ? " (" : "", a->integ,
		    reg ? ")" : "");
		return CRYPT_UNSUPPORTED;
	}
	if (sa->e->icv > 0 && i->id != IKEV2_INTEG_NONE) {
		crypt_why(why, whylen, "%s is an AEAD cipher: integrity must "
		    "be NONE, not %s", sa->e->name, i->name);
		return CRYPT_UNSUPPORTED;
	}
	if (a->iklen != i->klen || (a->iklen > 0 && a->ikey == NULL)) {
		crypt_why(why, whylen, "%s takes a %u-byte key, not %zu",
		    i->name, i->klen, a->iklen);
		return CRYPT_UNSUPPORTED;
	}
	if ((i->digest != NULL && crypt_hmac == NULL) ||
	    (i->id == IKEV2_INTEG_AES_XCBC_96 && crypt_ecb == NULL)) {
		crypt_why(why, whylen, "%s is not available in this libcrypto",
		    i->name);
		return CRYPT_UNSUPPORTED;
	}
	sa->i = i;
	return CRYPT_OK;
}

static int
crypt_resolve(const struct crypt_alg *a, struct crypt_sa *sa, char *why,
    size_t whylen)
{
	int rv;

	CRYPTO_THREAD_run_once(&crypt_once, crypt_init);
	memset(sa, 0, sizeof(*sa));
	sa->alg = a;
	if (a == NULL) {
		crypt_why(why, whylen, "no algorithms given");
		return CRYPT_UNSUPPORTED;
	}
	if ((rv = crypt_resolve_encr(a, sa, why, whylen)) != CRYPT_OK)
		return rv;
	return crypt_resolve_integ(a, sa, why, whylen);
}

int
crypt_check(const struct crypt_alg *a, struct crypt_info *info, char *why,
    size_t whylen)
{
	struct crypt_sa sa;
	int rv;

	if ((rv = crypt_resolve(a, &sa, why, whylen)) != CRYPT_OK)
		return rv;
	if (info != NULL) {
		info->key_len = sa.klen;
		info->salt_len = sa.e->salt;
		info->block = sa.e->block;
		info->iv_len = sa.e->iv;
		info->icv_len = sa.e->icv > 0 ? sa.e->icv : sa.i->icv;
		info->aead = sa.e->icv > 0;
	}
	if (why != NULL && whylen > 0)
		why[0] = '\0';
	return CRYPT_OK;
}

/* The full MAC of i over the pieces, before truncation to i->icv. */
static int
crypt_mac_run(const struct crypt_integ *i, const uint8_t *key, size_t klen,
    const struct crypt_piece *pc, size_t npc, uint8_t *md)
{
	if (i->digest != NULL)
		return crypt_evp_hmac(crypt_hmac, i->digest, key, klen, pc, npc,
		    md);
	return crypt_evp_xcbc(crypt_ecb, key, pc, npc, md);
}

/* Checks the ICV at icv against the SA's MAC over the pieces. */
static int
crypt_verify(const struct crypt_sa *sa, const struct crypt_piece *pc,
    size_t npc, const uint8_t *icv)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	int rv;

	rv = crypt_mac_run(sa->i, sa->alg->ikey, sa->alg->iklen, pc, npc, md);
	if (rv == CRYPT_OK && CRYPTO_memcmp(md, icv, sa->i->icv) != 0)
		rv = CRYPT_INTEGRITY;
	OPENSSL_cleanse(md, sizeof(md));
	return rv;
}

int
crypt_mac(uint16_t integ, const uint8_t *key, size_t klen,
    const uint8_t *data, size_t len, uint8_t *icv)
{
	const struct crypt_integ *i = crypt_integ_find(integ);
	struct crypt_piece pc = { data, len };
	uint8_t md[EVP_MAX_MD_SIZE];
	int rv;

	CRYPTO_THREAD_run_once(&crypt_once, crypt_init);
	if (i == NULL || i->icv == 0 || klen != i->klen ||
	    (klen > 0 && key == NULL) ||
	    (i->digest != NULL ? crypt_hmac == NULL : crypt_ecb == NULL))
		return CRYPT_UNSUPPORTED;
	if (data == NULL && len > 0)
		return CRYPT_MALFORMED;
	if ((rv = crypt_mac_run(i, key, klen, &pc, 1, md)) == CRYPT_OK)
		memcpy(icv, md, i->icv);
	OPENSSL_cleanse(md, sizeof(md));
	return rv;
}

/* Decrypts one ciphertext of a resolved SA (see crypt_open). */
static int
crypt_open_sa(const struct crypt_sa *sa, const uint8_t *iv,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *icv, uint8_t *out)
{
	const struct crypt_encr *e = sa->e;
	const uint8_t *key = sa->alg->ekey, *salt;
	uint8_t nonce[CRYPT_NONCE_MAX];
	int rv;

	if (e->mode == CM_NULL) {
		if (len > 0 && out != in)
			memmove(out, in, len);
		return CRYPT_OK;
	}
	salt = key + sa->klen;
	switch (e->mode) {
	case CM_CBC:
		if (len % e->block != 0)
			return CRYPT_MALFORMED;
		return crypt_evp_cipher(sa->cipher, key, iv, in, len, out);
	case CM_CTR:
		memcpy(nonce, salt, e->salt);
		memcpy(nonce + e->salt, iv, e->iv);
		memset(nonce + e->salt + e->iv, 0, 3);
		nonce[e->salt + e->iv + 3] = 1;
		return crypt_evp_cipher(sa->cipher, key, nonce, in, len, out);
	}
	memcpy(nonce, salt, e->salt);
	memcpy(nonce + e->salt, iv, e->iv);
	rv = crypt_evp_aead(sa->cipher, e->mode == CM_CCM, key, nonce,
	    (size_t)e->salt + e->iv, aad, aadlen, in, len, icv, e->icv, out);
	OPENSSL_cleanse(nonce, sizeof(nonce));
	return rv;
}

int
crypt_open(const struct crypt_alg *a, const uint8_t *iv, const uint8_t *aad,
    size_t aadlen, const uint8_t *in, size_t len, const uint8_t *icv,
    uint8_t *out)
{
	struct crypt_sa sa;
	int rv;

	if ((rv = crypt_resolve(a, &sa, NULL, 0)) != CRYPT_OK)
		return rv;
	if ((len > 0 && (in == NULL || out == NULL)) ||
	    (sa.e->iv > 0 && iv == NULL) ||
	    (sa.e->icv > 0 && icv == NULL) || (aadlen > 0 && aad == NULL))
		return CRYPT_MALFORMED;
	return crypt_open_sa(&sa, iv, aad, aadlen, in, len, icv, out);
}

int
crypt_aead_open(uint16_t encr, const uint8_t *key, size_t klen,
    const uint8_t *nonce, size_t nlen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out)
{
	const struct crypt_encr *e = crypt_encr_find(encr);
	const EVP_CIPHER *c = NULL;
	size_t k;

	CRYPTO_THREAD_run_once(&crypt_once, crypt_init);
	if (e == NULL || e->icv == 0)
		return CRYPT_UNSUPPORTED;
	for (k = 0; k < e->nkeys; k++)
		if (e->keys[k] == klen)
			c = crypt_evp[e - crypt_encrs][k];
	if (c == NULL || key == NULL)
		return CRYPT_UNSUPPORTED;
	if (nonce == NULL || tag == NULL || (aadlen > 0 && aad == NULL) ||
	    (len > 0 && (in == NULL || out == NULL)))
		return CRYPT_MALFORMED;
	return crypt_evp_aead(c, e->mode == CM_CCM, key, nonce, nlen, aad,
	    aadlen, in, len, tag, taglen, out);
}

/* ----------------------------------------------------------------- */
/* Framings. */

/*
 * Is len a ciphertext length the SA can have, with at least min bytes
 * of trailer inside?
 */
static int
crypt_ct_ok(const struct crypt_sa *sa, size_t len, size_t min)
{
	return len >= min && (sa->e->block <= 1 || len % sa->e->block == 0);
}

static size_t
crypt_icv_len(const struct crypt_sa *sa)
{
	return sa->e->icv > 0 ? sa->e->icv : sa->i->icv;
}

static int
crypt_room(uint8_t *out, size_t outcap, size_t need, struct crypt_res *res)
{
	if (res == NULL || (need > 0 && out == NULL) || outcap < need)
		return CRYPT_NOSPACE;
	memset(res, 0, sizeof(*res));
	return CRYPT_OK;
}

/*
 * ESP (RFC 4303 2):
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Security Parameters Index (SPI)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Sequence Number                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    IV (per algorithm)                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Payload Data (variable)                    ~
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               |     Padding (0-255 bytes)                     |
 * +-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |  Pad Length   | Next Header   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Integrity Check Value (ICV, per algorithm)            ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#define ESP_HDR_LEN	8

int
crypt_esp(const struct crypt_alg *a, const uint8_t *esp, size_t len,
    int esn, uint32_t seq_hi, uint8_t *out, size_t outcap,
    struct crypt_res *res)
{
	struct crypt_piece pc[2];
	struct crypt_sa sa;
	uint8_t aad[12], hi[4];
	size_t icvlen, ctlen, aadlen, i;
	const uint8_t *ct;
	int rv;

	if ((rv = crypt_resolve(a, &sa, NULL, 0)) != CRYPT_OK)
		return rv;
	icvlen = crypt_icv_len(&sa);
	if (esp == NULL || len < ESP_HDR_LEN + sa.e->iv + icvlen)
		return CRYPT_MALFORMED;
	ctlen = len - ESP_HDR_LEN - sa.e->iv - icvlen;
	if (!crypt_ct_ok(&sa, ctlen, 2))
		return CRYPT_MALFORMED;
	if ((rv = crypt_room(out, outcap, ctlen, res)) != CRYPT_OK)
		return rv;
	ct = esp + ESP_HDR_LEN + sa.e->iv;
	hi[0] = (uint8_t)(seq_hi >> 24);
	hi[1] = (uint8_t)(seq_hi >> 16);
	hi[2] = (uint8_t)(seq_hi >> 8);
	hi[3] = (uint8_t)seq_hi;
	/* AAD: SPI | Sequence Number, or SPI | ESN high | ESN low. */
	memcpy(aad, esp, 4);
	aadlen = 4;
	if (esn) {
		memcpy(aad + aadlen, hi, 4);
		aadlen += 4;
	}
	memcpy(aad + aadlen, esp + 4, 4);
	aadlen += 4;
	if (sa.e->icv == 0 && icvlen > 0) {
		pc[0].p = esp;
		pc[0].n = len - icvlen;
		pc[1].p = hi;
		pc[1].n = 4;
		rv = crypt_verify(&sa, pc, esn ? 2 : 1, esp + len - icvlen);
		if (rv != CRYPT_OK)
			return rv;
	}
	rv = crypt_open_sa(&sa, esp + ESP_HDR_LEN, aad, aadlen, ct, ctlen,
	    esp + len - icvlen, out);
	if (rv != CRYPT_OK)
		return rv;
	res->checked = icvlen > 0;
	res->pad_len = out[ctlen - 2];
	res->next_header = out[ctlen - 1];
	if ((size_t)res->pad_len + 2 > ctlen) {
		OPENSSL_cleanse(out, ctlen);
		memset(res, 0, sizeof(*res));
		return CRYPT_MALFORMED;
	}
	res->len = ctlen - 2 - res->pad_len;
	res->pad_default = 1;
	for (i = 0; i < res->pad_len; i++)
		if (out[res->len + i] != (uint8_t)(i + 1))
			res->pad_default = 0;
	return CRYPT_OK;
}

/*
 * IKEv2 Encrypted payload (RFC 7296 3.14), and its fragment form (RFC
 * 7383 2.5) with Fragment Number and Total Fragments after the header:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  (SKF only)  Fragment Number  |  (SKF only)  Total Fragments  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Initialization Vector                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Encrypted IKE Payloads                     ~
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               |             Padding (0-255 octets)            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                               |  Pad Length   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Integrity Checksum Data                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The padding may hold any value (RFC 7296 3.14), so only its length
 * is checked.
 */
int
crypt_ikev2_sk(const struct crypt_alg *a, const uint8_t *msg, size_t msglen,
    size_t sk_off, int skf, uint8_t *out, size_t outcap,
    struct crypt_res *res)
{
	struct cur c = cur_make(msg, msglen);
	struct crypt_piece pc;
	struct crypt_sa sa;
	size_t hdr = skf ? 8 : 4, sklen, icvlen, ctlen, end;
	const uint8_t *iv;
	int rv;

	if ((rv = crypt_resolve(a, &sa, NULL, 0)) != CRYPT_OK)
		return rv;
	icvlen = crypt_icv_len(&sa);
	cur_skip(&c, sk_off);
	cur_skip(&c, 2);			/* Next Payload, flags */
	sklen = cur_u16(&c);
	if (!cur_ok(&c) || sklen > msglen - sk_off ||
	    sklen < hdr + sa.e->iv + icvlen)
		return CRYPT_MALFORMED;
	end = sk_off + sklen;
	ctlen = sklen - hdr - sa.e->iv - icvlen;
	if (!crypt_ct_ok(&sa, ctlen, 1))
		return CRYPT_MALFORMED;
	if ((rv = crypt_room(out, outcap, ctlen, res)) != CRYPT_OK)
		return rv;
	iv = msg + sk_off + hdr;
	if (sa.e->icv == 0 && icvlen > 0) {
		pc.p = msg;
		pc.n = end - icvlen;
		if ((rv = crypt_verify(&sa, &pc, 1, msg + end - icvlen)) !=
		    CRYPT_OK)
			return rv;
	}
	/* RFC 5282 5.1: the AAD runs from the IKE header to the IV. */
	rv = crypt_open_sa(&sa, iv, msg, sk_off + hdr, iv + sa.e->iv, ctlen,
	    msg + end - icvlen, out);
	if (rv != CRYPT_OK)
		return rv;
	res->checked = icvlen > 0;
	res->pad_len = out[ctlen - 1];
	if ((size_t)res->pad_len + 1 > ctlen) {
		OPENSSL_cleanse(out, ctlen);
		memset(res, 0, sizeof(*res));
		return CRYPT_MALFORMED;
	}
	res->len = ctlen - 1 - res->pad_len;
	return CRYPT_OK;
}

/* ----------------------------------------------------------------- */
/* IKEv1. */

static uint16_t
crypt_v1_encr(int v1_encr)
{
	switch (v1_encr) {
	case IKEV1_ENCR_DES_CBC:
		return IKEV2_ENCR_DES;
	case IKEV1_ENCR_3DES_CBC:
		return IKEV2_ENCR_3DES;
	case IKEV1_ENCR_AES_CBC:
		return IKEV2_ENCR_AES_CBC;
	}
	return 0;
}

size_t
crypt_ikev1_block(int v1_encr)
{
	const struct crypt_encr *e = crypt_encr_find(crypt_v1_encr(v1_encr));

	return e != NULL ? e->block : 0;
}

int
crypt_ikev1_cbc(int v1_encr, const uint8_t *key, size_t klen,
    const uint8_t *iv, const uint8_t *in, size_t len, uint8_t *out,
    uint8_t *last_block)
{
	struct crypt_alg a;
	struct crypt_sa sa;
	int rv;

	memset(&a, 0, sizeof(a));
	a.encr = crypt_v1_encr(v1_encr);
	a.ekey = key;
	a.eklen = klen;
	/* No integrity here: the message's HASH payload is IKE's. */
	if (a.encr == 0)
		return CRYPT_UNSUPPORTED;
	CRYPTO_THREAD_run_once(&crypt_once, crypt_init);
	memset(&sa, 0, sizeof(sa));
	sa.alg = &a;
	if ((rv = crypt_resolve_encr(&a, &sa, NULL, 0)) != CRYPT_OK)
		return rv;
	if (in == NULL || out == NULL || iv == NULL || len == 0 ||
	    len % sa.e->block != 0)
		return CRYPT_MALFORMED;
	/* Taken first: out may be in. */
	if (last_block != NULL)
		memcpy(last_block, in + len - sa.e->block, sa.e->block);
	return crypt_evp_cipher(sa.cipher, key, iv, in, len, out);
}

int
crypt_ikev1_iv(int v1_hash, const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen, size_t blocksize, uint8_t *iv)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	const EVP_MD *type;
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;
	int ok;

	switch (v1_hash) {
	case IKEV1_HASH_MD5:
		type = EVP_md5();
		break;
	case IKEV1_HASH_SHA:
		type = EVP_sha1();
		break;
	case IKEV1_HASH_SHA2_256:
		type = EVP_sha256();
		break;
	case IKEV1_HASH_SHA2_384:
		type = EVP_sha384();
		break;
	case IKEV1_HASH_SHA2_512:
		type = EVP_sha512();
		break;
	default:
		return CRYPT_UNSUPPORTED;
	}
	if ((alen > 0 && a == NULL) || (blen > 0 && b == NULL) || iv == NULL)
		return CRYPT_MALFORMED;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return CRYPT_UNSUPPORTED;
	ok = EVP_DigestInit_ex(ctx, type, NULL) == 1 &&
	    (alen == 0 || EVP_DigestUpdate(ctx, a, alen) == 1) &&
	    (blen == 0 || EVP_DigestUpdate(ctx, b, blen) == 1) &&
	    EVP_DigestFinal_ex(ctx, md, &mdlen) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		ERR_clear_error();
	if (!ok || blocksize == 0 || blocksize > mdlen)
		return CRYPT_UNSUPPORTED;
	memcpy(iv, md, blocksize);
	return CRYPT_OK;
}
