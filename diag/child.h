/*
 * child.h: ESP and AH SAs as the wire shows them.
 *
 * One record per (destination, SPI, encapsulation): the packets and bytes,
 * the first and last packet, the sequence numbers (highest, holes, repeats,
 * late arrivals, resets) and the ports of ESP in UDP.  Without keys the
 * SPIs an IKE SA negotiates cannot be read, so a child is tied to the IKE
 * SA last seen between the same two peers, and marked inferred.
 * Fixed size: records live in a bounded table.  The one pointer, to the
 * tunnel, is checked with table_live() and the addresses before use.
 */
#ifndef IKW_CHILD_H
#define IKW_CHILD_H

#include <stdint.h>

#include "diag/sa.h"
#include "dissect/pkt.h"

enum child_encap {
	CE_ESP = 1,
	CE_ESP_UDP,
	CE_AH,
};

struct tunnel;

struct child_key {
	struct ip_addr	 dst;
	uint8_t		 encap;		/* enum child_encap */
	uint8_t		 pad[2];
	uint32_t	 spi;
};

/* Sequence numbers, read through a 64-number window (RFC 4303 3.4.3). */
struct child_seq {
	/* what every packet reads, first */
	uint64_t	 max;		/* extended (ESN-aware) numbers */
	uint64_t	 window;	/* bit i: number max - i was seen */
	uint8_t		 started;	/* a number was read */
	uint64_t	 first;
	uint64_t	 missing;	/* numbers never seen, window passed */
	uint32_t	 holes;		/* runs of missing numbers */
	uint32_t	 repeats;	/* a number seen again */
	uint32_t	 late;		/* arrived after a higher one */
	uint32_t	 too_old;	/* behind the window: a receiver drops it */
	uint32_t	 resets;	/* back to 1 on the same SPI */
	uint64_t	 hole_frame;	/* first frame after a hole */
	uint64_t	 repeat_frame;
	uint64_t	 reset_frame;
};

/*
 * What every packet touches comes first, so that a packet reads and
 * writes as few cache lines as it can: key, source, counters, last
 * packet, tunnel, rate slots, then the sequence window.
 */
struct child {
	struct child_key key;		/* must stay first: the table's key */
	struct ip_addr	 src;
	/* the receiver said it has no such SA (INVALID_SPI in clear) */
	uint8_t		 invalid;
	uint8_t		 ike_version;	/* the IKE SA it belongs to, 0: none */
	uint8_t		 inferred;	/* tied by peers and timing */
	/* the reverse direction's SPI it pairs with, once seen */
	uint8_t		 has_partner;
	uint16_t	 sport;		/* ESP in UDP */
	uint16_t	 dport;
	uint16_t	 rebinds;	/* source address or port changed */
	uint32_t	 partner_spi;
	uint64_t	 packets;
	uint64_t	 bytes;
	struct sa_when	 last;
	/*
	 * The peers' tunnel record (esp.c) as last found, so a packet needs
	 * no second lookup; checked against the table before use.
	 */
	struct tunnel	*tunnel;
	/* packets in the last RATE_SLOTS seconds, one slot per second */
	int64_t		 rate_sec;	/* the second of the newest slot */
	uint32_t	 rate[8];
	struct child_seq seq;
	/* what a packet touches only now and then */
	struct sa_when	 first;
	struct sa_when	 rebind;
	uint32_t	 after_invalid;	/* packets that still came after it */
	struct sa_when	 invalid_at;
	struct sa_when	 after_last;
	uint64_t	 ike_ispi;
};

/* The key of the child a packet belongs to; 0 for no ESP/AH header. */
int		 child_key_of(const struct pkt *, struct child_key *);
/* Counts packet p on c (found, or freshly zeroed by the caller). */
void		 child_update(struct child *, const struct pkt *);
/* Packets per second over the last `secs' (at most 8) seconds to `now'. */
double		 child_rate(const struct child *, int64_t now, int secs);
/* The capture ended: numbers still missing in the window count. */
uint64_t	 child_missing(const struct child *);
/* "esp", "esp-udp", "ah" */
const char	*child_encap_name(int);

#endif
