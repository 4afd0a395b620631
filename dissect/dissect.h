/*
 * dissect.h: from a frame's bytes to a struct pkt.
 *
 * The dissector is pure but for one bounded piece of state, the IP
 * fragment table; it never prints, allocates per packet or exits.
 */
#ifndef IKW_DISSECT_H
#define IKW_DISSECT_H

#include <stddef.h>
#include <stdint.h>

#include "capture/frame.h"
#include "dissect/frag.h"
#include "dissect/ikefrag.h"
#include "dissect/pkt.h"

struct dissector;

/* Returns NULL and fills errbuf when dlt is not a link type we read. */
struct dissector *dissect_new(int dlt, char *errbuf, size_t errlen);
void		 dissect_free(struct dissector *);
int		 dissect_dlt(const struct dissector *);
void		 dissect_frame(struct dissector *, const struct cap_frame *,
		    struct pkt *);
const struct frag_stats *dissect_frag_stats(const struct dissector *);
/* Datagrams given up on, oldest first; 0 when none is waiting. */
int		 dissect_next_lost(struct dissector *, struct frag_lost *);
/*
 * What a lost datagram began with, from the bytes of its first piece:
 * ports, the IKE header or the ESP SPI, as a partial packet.  Returns 0
 * when the first piece was not among those that came.
 */
int		 dissect_lost_head(const struct frag_lost *, struct pkt *);
/* IKE fragment sets given up on (RFC 7383 SKF, Cisco IKEv1). */
int		 dissect_next_ikefrag_lost(struct dissector *,
		    struct ikefrag_lost *);
const struct ikefrag_stats *dissect_ikefrag_stats(const struct dissector *);
/*
 * Decrypt with these keys from now on (decrypt.h); NULL stops.  -1 when
 * out of memory.  The store must outlive the dissector.
 */
struct keystore;
struct decrypt_stats;
int		 dissect_set_keys(struct dissector *, const struct keystore *);
/* NULL without keys. */
const struct decrypt_stats *dissect_decrypt_stats(const struct dissector *);
/* The capture ended: give up on everything still incomplete. */
void		 dissect_flush(struct dissector *);

/* Pure pieces, exposed for tests and for decoding quoted packets. */
void		 isakmp_decode(const uint8_t *, size_t, struct ike_msg *,
		    uint32_t *anomalies);

#endif
