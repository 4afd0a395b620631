/*
 * crypt.h: decryption and integrity checks over byte buffers, with keys
 * the user gives: IKEv2 SK and SKF payloads (RFC 7296 3.14, RFC 7383
 * 2.5, RFC 5282 for AEAD), ESP (RFC 4303; RFC 4106, 4309, 7634 for
 * AEAD) and IKEv1 CBC (RFC 2409 appendix B).
 *
 * Pure functions: no state across calls beyond the OpenSSL algorithm
 * objects fetched once, no printing, no allocation but OpenSSL's
 * per-call contexts.  Nothing here parses beyond what decryption needs;
 * the caller hands in the bytes a dissector found.
 *
 * Algorithms are named by their IKEv2 transform IDs (IANA "Transform
 * Type 1" and "Transform Type 3", the enums IKEV2_ENCR_* and
 * IKEV2_INTEG_* of dissect/registry.h), whether the SA was negotiated
 * by IKEv2, IKEv1 or by hand:
 *
 *   encryption   key bytes (eklen)       IV  ICV  pads to
 *   DES          8                        8    -   8   legacy provider
 *   3DES         24                       8    -   8
 *   NULL         0                        0    -   1
 *   AES_CBC      16, 24, 32              16    -  16
 *   AES_CTR      16, 24, 32 + 4 nonce     8    -   1   RFC 3686, 5930
 *   AES_CCM_8    16, 24, 32 + 3 salt      8    8   1   RFC 4309, 5282
 *   AES_CCM_12   likewise                 8   12   1
 *   AES_CCM_16   likewise                 8   16   1
 *   AES_GCM_8    16, 24, 32 + 4 salt      8    8   1   RFC 4106, 5282
 *   AES_GCM_12   likewise                 8   12   1
 *   AES_GCM_16   likewise                 8   16   1
 *   CHACHA20_POLY1305  32 + 4 salt        8   16   1   RFC 7634
 *
 *   integrity    key bytes (iklen)   ICV
 *   NONE         0                    0   (AEAD, or no integrity at all)
 *   HMAC_MD5_96       16             12   RFC 2403
 *   HMAC_SHA1_96      20             12   RFC 2404
 *   AES_XCBC_96       16             12   RFC 3566
 *   HMAC_MD5_128      16             16   RFC 4595
 *   HMAC_SHA1_160     20             20   RFC 4595
 *   HMAC_SHA2_256_128 32             16   RFC 4868
 *   HMAC_SHA2_384_192 48             24   RFC 4868
 *   HMAC_SHA2_512_256 64             32   RFC 4868
 *
 * Encryption key lengths include the trailing salt or nonce bytes, the
 * way IKEv2 KEYMAT and Wireshark's tables carry them; the AES key size
 * follows from the length.
 */
#ifndef IKW_CRYPT_H
#define IKW_CRYPT_H

#include <stddef.h>
#include <stdint.h>

enum crypt_status {
	CRYPT_OK = 0,
	CRYPT_INTEGRITY = -1,	/* ICV or AEAD tag mismatch: wrong key or
				 * corrupt data; no plaintext is given */
	CRYPT_MALFORMED = -2,	/* too short, not whole blocks, a pad
				 * length longer than the payload */
	CRYPT_UNSUPPORTED = -3,	/* unknown algorithm, wrong key length, or
				 * not available in this libcrypto */
	CRYPT_NOSPACE = -4,	/* the caller's output buffer is too small */
};

/* One direction of an SA: what a key file says about it. */
struct crypt_alg {
	uint16_t	 encr;		/* IKEV2_ENCR_* */
	const uint8_t	*ekey;		/* with its salt or nonce */
	size_t		 eklen;
	uint16_t	 integ;		/* IKEV2_INTEG_*, NONE for AEAD */
	const uint8_t	*ikey;
	size_t		 iklen;
};

/* The facts of a valid crypt_alg, in bytes. */
struct crypt_info {
	size_t		 key_len;	/* the cipher key, salt excluded */
	size_t		 salt_len;	/* salt or nonce at the key's end */
	size_t		 block;		/* the payload plus trailer is a
					 * multiple of it (ESP also aligns
					 * to 4, which is not checked) */
	size_t		 iv_len;	/* IV on the wire */
	size_t		 icv_len;	/* ICV or AEAD tag on the wire */
	int		 aead;
};

/* What a decryption gave besides the plaintext. */
struct crypt_res {
	size_t		 len;		/* plaintext in out: padding, Pad
					 * Length and Next Header removed */
	uint8_t		 pad_len;	/* the Pad Length field */
	uint8_t		 next_header;	/* ESP Next Header (4 IPv4, 41 IPv6,
					 * 59 dummy); IKEv2: 0 */
	uint8_t		 pad_default;	/* ESP: padding is 1, 2, 3, ... as RFC
					 * 4303 2.4 gives it by default */
	uint8_t		 checked;	/* 1: an ICV or tag was verified; 0:
					 * the SA has no integrity (ESP with
					 * integrity NONE), so a wrong key
					 * gives garbage, not an error */
};

/*
 * Can alg be used, and with what sizes?  Checks that both algorithms
 * are known, that the key lengths fit them, that an AEAD cipher comes
 * with integrity NONE, and that libcrypto provides the algorithms (DES
 * loads the legacy provider).  NULL with NONE passes: RFC 4303 3.2
 * forbids it, but a capture of a hand-made SA can still be read.
 * Fills info (when not NULL), empties why and returns CRYPT_OK, or
 * returns CRYPT_UNSUPPORTED with one sentence in why (when not NULL),
 * e.g. "AES_GCM_16 takes a 16, 24 or 32-byte key and a 4-byte salt (20,
 * 28 or 36 bytes), not 16".
 */
int	crypt_check(const struct crypt_alg *alg, struct crypt_info *info,
	    char *why, size_t whylen);

/*
 * Short names for messages: "AES_CBC", "HMAC_SHA2_256_128"; NULL when
 * not an algorithm this file knows.  crypt_alg_name writes the pair
 * with the key size, "AES_CBC-256/HMAC_SHA1_96", "AES_GCM_16-128",
 * "CHACHA20_POLY1305", into buf (always NUL-terminated when len > 0)
 * and returns buf.
 */
const char	*crypt_encr_name(uint16_t encr);
const char	*crypt_integ_name(uint16_t integ);
const char	*crypt_alg_name(const struct crypt_alg *alg, char *buf,
		    size_t len);

/* "integrity check failed (wrong key or corrupt data)", ... */
const char	*crypt_strerror(int status);

/*
 * The IKEv2 Encrypted payload (RFC 7296 3.14) or Encrypted Fragment
 * payload (RFC 7383 2.5, skf != 0) of msg, the whole IKE message from
 * its header on (not the non-ESP marker).  sk_off is the offset of the
 * payload's generic header; its Payload Length field bounds it.
 *
 *   IKE header (28) | SK generic header (4) [| Fragment Number (2) |
 *   Total Fragments (2)] | IV | encrypted payloads, Padding, Pad Length |
 *   ICV
 *
 * Non-AEAD: the ICV is checked over msg from the IKE header to the end
 * of the encrypted data, before anything is decrypted.  AEAD (RFC 5282
 * 5.1): the associated data is msg from the IKE header to the IV.
 * out (outcap bytes, at least the encrypted length) receives the inner
 * payloads without padding; res (not NULL) is filled on CRYPT_OK.  On
 * any error out holds no plaintext.
 */
int	crypt_ikev2_sk(const struct crypt_alg *alg, const uint8_t *msg,
	    size_t msglen, size_t sk_off, int skf, uint8_t *out,
	    size_t outcap, struct crypt_res *res);

/*
 * One ESP packet, esp from the SPI to the end of the ICV (RFC 4303 2):
 *
 *   SPI (4) | Sequence Number (4) | IV | payload, Padding, Pad Length,
 *   Next Header | ICV
 *
 * With esn, seq_hi is the high half of the 64-bit sequence number,
 * which the packet does not carry: it is appended to the data the ICV
 * covers (RFC 4303 2.2.1), or sits between SPI and sequence number in
 * the AEAD associated data (RFC 4106 5, RFC 4309 5, RFC 7634 2.1).
 * out (outcap bytes, at least the encrypted length) receives the
 * payload without the trailer; res (not NULL) is filled on CRYPT_OK.
 * On any error out holds no plaintext.
 */
int	crypt_esp(const struct crypt_alg *alg, const uint8_t *esp,
	    size_t len, int esn, uint32_t seq_hi, uint8_t *out, size_t outcap,
	    struct crypt_res *res);

/*
 * The building blocks of the two above, for other framings and for
 * known-answer tests.
 *
 * crypt_open decrypts len bytes of one IPsec ciphertext with alg's
 * cipher: iv is the IV as carried on the wire (info.iv_len bytes), and
 * the salt or nonce at the end of the key completes it (CTR: nonce | IV
 * | counter from 1; GCM, ChaCha20-Poly1305: salt | IV; CCM: 3-byte salt
 * | IV).  For AEAD, aad and icv (the tag, info.icv_len bytes) are
 * verified, and out is wiped on CRYPT_INTEGRITY; for the others aad and
 * icv are ignored, CBC needs whole blocks, and integrity is crypt_mac's
 * to check first.  out may be in, but not otherwise overlap it.
 */
int	crypt_open(const struct crypt_alg *alg, const uint8_t *iv,
	    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
	    const uint8_t *icv, uint8_t *out);

/*
 * AEAD with a nonce of any length the mode takes, for vectors outside
 * IPsec's framing (RFC 3610, SP 800-38C, RFC 8439): encr picks the
 * family (any AES_CCM_*, AES_GCM_*, or CHACHA20_POLY1305), key excludes
 * any salt, taglen is whatever the mode allows.
 */
int	crypt_aead_open(uint16_t encr, const uint8_t *key, size_t klen,
	    const uint8_t *nonce, size_t nlen, const uint8_t *aad,
	    size_t aadlen, const uint8_t *in, size_t len, const uint8_t *tag,
	    size_t taglen, uint8_t *out);

/* Longest ICV crypt_mac writes (HMAC_SHA2_512_256). */
#define CRYPT_ICV_MAX	32

/*
 * The ICV of integrity algorithm integ over data, truncated as IPsec
 * truncates it (12 bytes for the _96 ones): writes that many bytes to
 * icv and returns CRYPT_OK.
 */
int	crypt_mac(uint16_t integ, const uint8_t *key, size_t klen,
	    const uint8_t *data, size_t len, uint8_t *icv);

/*
 * IKEv1 (RFC 2409 appendix B): CBC decryption with the IV the exchange
 * carries forward.  v1_encr is the phase 1 Encryption Algorithm
 * attribute value: 1 DES-CBC, 5 3DES-CBC, 7 AES-CBC (its key size from
 * klen).  len must be a positive multiple of the block size.
 * last_block (when not NULL, block size bytes) receives the last
 * ciphertext block, the IV of the next message in the same exchange.
 * out may be in.  No padding is removed: the payload lengths say where
 * the message ends.
 */
int	crypt_ikev1_cbc(int v1_encr, const uint8_t *key, size_t klen,
	    const uint8_t *iv, const uint8_t *in, size_t len, uint8_t *out,
	    uint8_t *last_block);

/* Block size of an IKEv1 encryption algorithm, 0 when not supported. */
size_t	crypt_ikev1_block(int v1_encr);

/*
 * IKEv1 IVs (RFC 2409 appendix B): hash(a | b) truncated to blocksize,
 * with the negotiated phase 1 hash (attribute values 1 MD5, 2 SHA, 4
 * SHA2-256, 5 SHA2-384, 6 SHA2-512).  Phase 1: a = g^xi, b = g^xr.
 * Quick Mode and informational exchanges: a = the last CBC block of
 * phase 1, b = the 4-byte message ID.
 */
int	crypt_ikev1_iv(int v1_hash, const uint8_t *a, size_t alen,
	    const uint8_t *b, size_t blen, size_t blocksize, uint8_t *iv);

#endif
