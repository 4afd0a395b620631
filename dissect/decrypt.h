/*
 * decrypt.h: decryption of IKE messages and ESP packets with the keys a
 * user gave (--keys), as a stage after the dissector proper.
 *
 * An encrypted IKE message that decrypts becomes, for everything after
 * the dissector, the message its receiver reads: pkt.ike.raw holds the
 * header, the payloads in clear and the decrypted ones in one chain, and
 * pkt.ike.pl[] lists them; pkt.ike.wire keeps the captured bytes.  An
 * ESP packet that decrypts tells its inner addresses, protocol and ports
 * (never its payload).  Where the integrity check fails nothing is
 * decoded: the status says so and the headers stay all there is.
 *
 * State, all bounded: IKEv1 needs each SA's key exchange values and the
 * chain of CBC blocks (RFC 2409 appendix B); ESP lookups are cached per
 * SPI; IKEv2 fragments (RFC 7383) are gathered after decryption.
 */
#ifndef IKW_DECRYPT_H
#define IKW_DECRYPT_H

#include <stdint.h>

#include "dissect/keys.h"
#include "dissect/pkt.h"

struct decryptor;

struct decrypt_stats {
	uint64_t	 ike[DEC_STATUS_COUNT];	/* encrypted IKE messages */
	uint64_t	 esp[DEC_STATUS_COUNT];	/* ESP packets */
};

/* NULL when out of memory; the key store must outlive it. */
struct decryptor *decrypt_new(const struct keystore *);
void		 decrypt_free(struct decryptor *);
/* Every dissected packet goes through here (IKE, ESP; others pass). */
void		 decrypt_packet(struct decryptor *, struct pkt *);
const struct decrypt_stats *decrypt_stats(const struct decryptor *);
/* "decrypted", "integrity check failed", ... */
const char	*dec_status_text(enum dec_status);
/* JSON: "ok", "integrity_failed", ... */
const char	*dec_status_name(enum dec_status);

#endif
