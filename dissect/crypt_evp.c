/*
 * crypt_evp.c: the EVP calls dissect/crypt.c makes, kept apart from its
 * tables and framings.  No state: every call makes and frees its own
 * context.  A failing call clears what it left on OpenSSL's error queue,
 * so a wrong key in one SA does not surface as an error elsewhere.
 */
#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "dissect/crypt.h"
#include "dissect/crypt_evp.h"

#define XCBC_BLOCK	16

int
crypt_evp_cipher(const EVP_CIPHER *c, const uint8_t *key, const uint8_t *iv,
    const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx;
	int n, m, rv = CRYPT_UNSUPPORTED;

	if (len > INT_MAX)
		return CRYPT_MALFORMED;
	if (len == 0)
		return CRYPT_OK;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return CRYPT_UNSUPPORTED;
	if (EVP_DecryptInit_ex2(ctx, c, key, iv, NULL) == 1 &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	    EVP_DecryptUpdate(ctx, out, &n, in, (int)len) == 1 &&
	    EVP_DecryptFinal_ex(ctx, out + n, &m) == 1 &&
	    (size_t)n + (size_t)m == len)
		rv = CRYPT_OK;
	else {
		OPENSSL_cleanse(out, len);
		ERR_clear_error();
	}
	EVP_CIPHER_CTX_free(ctx);
	return rv;
}

/*
 * AEAD decryption and tag check.  CCM wants the tag and the lengths
 * before the data and checks in the one update that decrypts; GCM and
 * ChaCha20-Poly1305 take the tag last.  Both write plaintext before the
 * verdict, so a failure wipes out.
 */
int
crypt_evp_aead(const EVP_CIPHER *c, int ccm, const uint8_t *key,
    const uint8_t *nonce, size_t nlen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out)
{
	EVP_CIPHER_CTX *ctx;
	uint8_t none[1] = { 0 };
	int n, m, ok, rv = CRYPT_UNSUPPORTED;

	if (len > INT_MAX || aadlen > INT_MAX || nlen > INT_MAX ||
	    taglen > INT_MAX)
		return CRYPT_MALFORMED;
	if (len == 0) {
		in = none;
		out = none;
	}
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return CRYPT_UNSUPPORTED;
	if (EVP_DecryptInit_ex2(ctx, c, NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)nlen,
	    NULL) != 1 ||
	    (ccm && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
	    (int)taglen, (void *)tag) != 1) ||
	    EVP_DecryptInit_ex2(ctx, NULL, key, nonce, NULL) != 1 ||
	    (ccm && EVP_DecryptUpdate(ctx, NULL, &n, NULL, (int)len) != 1) ||
	    (aadlen > 0 && EVP_DecryptUpdate(ctx, NULL, &n, aad,
	    (int)aadlen) != 1))
		goto done;
	if (ccm)
		ok = EVP_DecryptUpdate(ctx, out, &n, in, (int)len) == 1;
	else {
		if (EVP_DecryptUpdate(ctx, out, &n, in, (int)len) != 1 ||
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
		    (int)taglen, (void *)tag) != 1) {
			OPENSSL_cleanse(out, len);
			goto done;
		}
		ok = EVP_DecryptFinal_ex(ctx, out + n, &m) == 1;
	}
	if (ok)
		rv = CRYPT_OK;
	else {
		OPENSSL_cleanse(out, len);
		rv = CRYPT_INTEGRITY;
	}
 done:
	if (rv != CRYPT_OK)
		ERR_clear_error();
	EVP_CIPHER_CTX_free(ctx);
	return rv;
}

int
crypt_evp_hmac(EVP_MAC *mac, const char *digest, const uint8_t *key,
    size_t klen, const struct crypt_piece *pc, size_t npc, uint8_t *md)
{
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx;
	size_t i, mdlen;
	int ok;

	if ((ctx = EVP_MAC_CTX_new(mac)) == NULL)
		return CRYPT_UNSUPPORTED;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	/* MD5 is refused under a FIPS-only provider: unsupported, then. */
	ok = EVP_MAC_init(ctx, key, klen, params) == 1;
	for (i = 0; ok && i < npc; i++)
		ok = EVP_MAC_update(ctx, pc[i].p, pc[i].n) == 1;
	ok = ok && EVP_MAC_final(ctx, md, &mdlen, EVP_MAX_MD_SIZE) == 1;
	EVP_MAC_CTX_free(ctx);
	if (!ok)
		ERR_clear_error();
	return ok ? CRYPT_OK : CRYPT_UNSUPPORTED;
}

static void
crypt_xor(uint8_t *d, const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		d[i] ^= s[i];
}

/*
 * AES-XCBC-MAC (RFC 3566 4): K1, K2, K3 are K's encryptions of blocks
 * of 0x01, 0x02, 0x03; a CBC-MAC under K1 whose last block is XORed
 * with K2 when whole, or padded with 0x80 0x00... and XORed with K3.
 * The last block is held back until the data is known to end there.
 */
int
crypt_evp_xcbc(const EVP_CIPHER *ecb, const uint8_t *key,
    const struct crypt_piece *pc, size_t npc, uint8_t *mac)
{
	uint8_t consts[48], k[48], e[XCBC_BLOCK], b[XCBC_BLOCK];
	size_t i, fill = 0, total = 0, seen = 0, take, left;
	const uint8_t *p;
	EVP_CIPHER_CTX *ctx;
	int n, ok;

	for (i = 0; i < npc; i++)
		total += pc[i].n;
	memset(consts, 1, 16);
	memset(consts + 16, 2, 16);
	memset(consts + 32, 3, 16);
	memset(k, 0, sizeof(k));
	memset(e, 0, sizeof(e));
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return CRYPT_UNSUPPORTED;
	ok = EVP_EncryptInit_ex2(ctx, ecb, key, NULL, NULL) == 1 &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	    EVP_EncryptUpdate(ctx, k, &n, consts, sizeof(consts)) == 1 &&
	    EVP_EncryptInit_ex2(ctx, NULL, k, NULL, NULL) == 1;
	for (i = 0; ok && i < npc; i++) {
		p = pc[i].p;
		left = pc[i].n;
		while (ok && left > 0) {
			take = XCBC_BLOCK - fill < left ?
			    XCBC_BLOCK - fill : left;
			memcpy(b + fill, p, take);
			fill += take;
			seen += take;
			p += take;
			left -= take;
			if (fill == XCBC_BLOCK && seen < total) {
				crypt_xor(e, b, sizeof(b));
				ok = EVP_EncryptUpdate(ctx, e, &n, e,
				    sizeof(e)) == 1;
				fill = 0;
			}
		}
	}
	if (fill == XCBC_BLOCK)
		crypt_xor(b, k + 16, sizeof(b));
	else {
		b[fill] = 0x80;
		memset(b + fill + 1, 0, sizeof(b) - fill - 1);
		crypt_xor(b, k + 32, sizeof(b));
	}
	crypt_xor(e, b, sizeof(b));
	ok = ok && EVP_EncryptUpdate(ctx, e, &n, e, sizeof(e)) == 1;
	if (ok)
		memcpy(mac, e, sizeof(e));
	else
		ERR_clear_error();
	EVP_CIPHER_CTX_free(ctx);
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(e, sizeof(e));
	OPENSSL_cleanse(b, sizeof(b));
	return ok ? CRYPT_OK : CRYPT_UNSUPPORTED;
}
