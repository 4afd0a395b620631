/*
 * crypt_evp.h: the OpenSSL EVP calls under dissect/crypt.c, one per
 * kind of primitive: a CBC or CTR decryption, an AEAD decryption with
 * its tag check, an HMAC and an AES-XCBC-MAC over pieces of data.
 * Internal to crypt.c; the algorithm objects come from its tables.
 * Each returns a CRYPT_* status of dissect/crypt.h.
 */
#ifndef IKW_CRYPT_EVP_H
#define IKW_CRYPT_EVP_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* Data under one MAC in pieces: ESP and its ESN high half. */
struct crypt_piece {
	const uint8_t	*p;
	size_t		 n;
};

/* CBC or CTR without padding: out gets exactly len bytes. */
int	crypt_evp_cipher(const EVP_CIPHER *c, const uint8_t *key,
	    const uint8_t *iv, const uint8_t *in, size_t len, uint8_t *out);

/*
 * AEAD (ccm: CCM, else GCM or ChaCha20-Poly1305) with a nonce of nlen
 * bytes; CRYPT_INTEGRITY, with out wiped, when the tag does not match.
 */
int	crypt_evp_aead(const EVP_CIPHER *c, int ccm, const uint8_t *key,
	    const uint8_t *nonce, size_t nlen, const uint8_t *aad,
	    size_t aadlen, const uint8_t *in, size_t len, const uint8_t *tag,
	    size_t taglen, uint8_t *out);

/* HMAC with the named digest; md gets the full digest. */
int	crypt_evp_hmac(EVP_MAC *mac, const char *digest, const uint8_t *key,
	    size_t klen, const struct crypt_piece *pc, size_t npc,
	    uint8_t *md);

/* AES-XCBC-MAC (RFC 3566) with a 16-byte key over AES-128-ECB. */
int	crypt_evp_xcbc(const EVP_CIPHER *ecb, const uint8_t *key,
	    const struct crypt_piece *pc, size_t npc, uint8_t *mac);

#endif
