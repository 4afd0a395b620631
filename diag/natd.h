/*
 * natd.h: the NAT detection hashes of one IKE message, checked against
 * the addresses and ports the capture shows for that packet (IKEv2: RFC
 * 7296 section 2.23; IKEv1: RFC 3947 section 3.2 and its drafts).
 *
 * A hash that matches says the sender saw the same address and port as
 * the capture point.  A destination hash that does not match proves a
 * NAT between the capture point and the sender, since nobody fakes the
 * peer's address.  A source hash that does not match proves less: peers
 * fake their own hash on purpose to force UDP encapsulation (strongSwan
 * with kernel-libipsec, RFC 7296 2.23 allows it).
 */
#ifndef IKW_NATD_H
#define IKW_NATD_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/addr.h"
#include "dissect/pkt.h"

/* The longest NAT-D hash there is (IKEv1 with SHA2-512). */
#define NATD_HASH_MAX	64

struct natd_result {
	uint8_t	 present;	/* the message carries NAT-D */
	uint8_t	 dst_present;	/* a destination hash: v2 16389, v1 the
				 * first NAT-D */
	uint8_t	 dst_match;	/* it equals the hash of (p->dst, p->dport) */
	uint8_t	 src_count;	/* source hashes: v2 16388 (possibly
				 * several), v1 the other NAT-Ds */
	uint8_t	 src_match;	/* one equals the hash of (p->src, p->sport) */
	uint8_t	 unknown_hash;	/* a hash of a length its algorithm cannot
				 * have (v1: none of 16/20/32/48/64; v2: not
				 * 20); counted, never matches */
};

/*
 * Fills r for message p (p->kind == PK_IKE with p->ike parsed).  Returns
 * r->present.  Never reads past rawlen.  Only payloads captured whole
 * are compared; encrypted payloads are not seen at all.
 */
int	natd_check(const struct pkt *p, struct natd_result *r);

/*
 * The hash a peer would send for (ispi, rspi, addr, port) with the given
 * digest length (20 for IKEv2 SHA-1; 16/20/32/48/64 for IKEv1); writes
 * `len` bytes into out, returns 0 on success, -1 for an unknown length,
 * an address of no known family, or a digest libcrypto refuses (MD5
 * under a FIPS-only provider).
 */
int	natd_hash(uint64_t ispi, uint64_t rspi, const struct ip_addr *a,
	    uint16_t port, size_t len, uint8_t *out);

#endif
