/*
 * offer.h: words for what an SA payload offers or chose.
 *
 * Read from a dissected message (struct ike_msg), independently of the
 * payload-contents decoder: a small bounded walk over the first SA
 * payload, its proposals, transforms and attributes (RFC 2408 3.4-3.6,
 * RFC 2409 appendix A, RFC 2407 4.5, RFC 7296 3.3).  Nothing here
 * allocates; every read is bounds-checked and announced lengths are
 * never trusted beyond the bytes captured.
 */
#ifndef IKW_OFFER_H
#define IKW_OFFER_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/pkt.h"

/*
 * Words for the proposals of the first SA payload of m, e.g.
 *   IKEv2: "AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP2048"
 *   IKEv1 phase 1: "AES-CBC-256/SHA2-256/PSK/MODP1024 28800s"
 *   IKEv1 Quick Mode (unencrypted only): "ESP AES-CBC-256/HMAC-SHA"
 * One offer per IKEv2 proposal or per IKEv1 transform, separated by
 * "; ".  At most len - 1 characters, always NUL-terminated (when len >
 * 0); an offer that does not fit is left out with all that follow, and
 * the text ends in "; ..." ("..." when not even the first fits).
 * Returns the number of offers read from the payload, written or not
 * (0: no SA payload, or not even one offer readable).
 */
int	offer_summary(const struct ike_msg *m, char *buf, size_t len);

/*
 * What the first IKEv2 proposal of m's SA payload carries (in an
 * IKE_SA_INIT response: the one the responder chose), and what that
 * means for the size of SK payloads (RFC 7296 3.14).  IV: AES-CBC and
 * CAMELLIA-CBC 16, 3DES/DES 8, AES-CTR 8 (RFC 5930), GCM/CCM 8 (RFC
 * 5282), ChaCha20-Poly1305 8 (RFC 7634), NULL 0.  ICV: HMAC-MD5-96,
 * HMAC-SHA1-96, AES-XCBC-96, AES-CMAC-96 12, HMAC-SHA2-256-128 16,
 * -384-192 24, -512-256 32; AEAD: the _8/_12/_16 of GCM and CCM,
 * ChaCha20-Poly1305 16.  OFFER_UNKNOWN where the cipher, or for a
 * non-AEAD cipher the integrity algorithm, is not known or absent.
 */
struct offer_v2 {
	uint16_t	 encr;		/* transform id, 0: none seen */
	uint16_t	 encr_bits;	/* key length attribute, 0 if absent */
	uint16_t	 integ;		/* 0: none (AEAD) */
	uint16_t	 prf;
	uint16_t	 dh;
	uint8_t		 aead;		/* encr is an AEAD cipher */
	uint8_t		 iv_len;	/* IV bytes in an SK payload */
	uint8_t		 icv_len;	/* checksum bytes in an SK payload */
};

#define OFFER_UNKNOWN	0xff

/* 1 when m (IKEv2) has an SA payload with a readable first proposal. */
int	offer_v2_chosen(const struct ike_msg *m, struct offer_v2 *out);

/*
 * IKEv1: the lifetime in seconds the first transform of the first SA
 * payload carries (phase 1 classes 11/12, or IPsec DOI SA Life
 * Type/Duration in Quick Mode), 0 if none; UINT32_MAX when larger.
 */
uint32_t offer_v1_lifetime(const struct ike_msg *m);

/*
 * The same from a RESPONDER-LIFETIME notify (RFC 2407 4.6.3.1): the
 * payload's len bytes from its generic header on (m->raw + pl->off).
 * With notify_payload NULL, the first RESPONDER-LIFETIME notify of m is
 * read.  0 when it is not one, or carries no lifetime in seconds.
 */
uint32_t offer_v1_notify_lifetime(const struct ike_msg *m,
	    const uint8_t *notify_payload, size_t len);

#endif
