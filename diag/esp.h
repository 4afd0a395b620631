/*
 * esp.h: the data plane tied to IKE.
 *
 * Every ESP/AH SPI gets a child record (child.h); every pair of peers a
 * tunnel record that sees both directions together: which SPI each way is
 * the newest, how many packets went one way since the other way last
 * carried any, and the IKE SA last seen between the two.  From these come
 * esp_one_way, esp_sequence and nat_rebind for ESP in UDP, and the
 * children an IKE SA's record lists.  esp_unknown_spi comes from an
 * INVALID_SPI notify in clear; the rest of its cases need the SPIs the
 * IKE SAs negotiated, deleted or replaced, which are encrypted (keys).
 */
#ifndef IKW_ESP_H
#define IKW_ESP_H

#include <stddef.h>
#include <stdint.h>

#include "diag/child.h"
#include "diag/finding.h"
#include "diag/sa.h"

struct esp_track;

struct esp_stats {
	uint64_t	 children;	/* child records made */
	uint64_t	 evicted;	/* pushed out by the memory cap */
	uint64_t	 expired;	/* children idle past CHILD_IDLE */
	uint64_t	 tunnels;
	size_t		 bytes;
};

/* What a child looks like from its IKE SA, for the outputs. */
struct child_view {
	uint32_t	 spi;
	uint8_t		 encap;		/* enum child_encap */
	uint8_t		 from_ini;	/* sent by the IKE SA's initiator */
	struct ip_addr	 src_addr;	/* who sends on it */
	uint8_t		 inferred;
	uint8_t		 has_partner;	/* the reverse SPI it pairs with */
	uint32_t	 partner_spi;
	const char	*state;		/* active, one-way, retired, stale */
	uint64_t	 packets;
	uint64_t	 bytes;
	struct sa_when	 first;
	struct sa_when	 last;
	uint64_t	 seq_max;
	uint64_t	 missing;
	uint32_t	 repeats;
	double		 pps;		/* packets per second, last 5 s */
};

/*
 * memcap: bytes for the child and tunnel tables.  ctx: how findings go
 * out (its emit, addr_seen and stall are used; now is set per call).
 */
struct esp_track *esp_new(size_t memcap, const struct assess_ctx *ctx);
void		 esp_free(struct esp_track *);
void		 esp_set_stall(struct esp_track *, double);
/*
 * Read-ahead (peek.h): esp_hint_start when an ESP packet is read, some
 * packets before its turn, esp_hint_more a packet later, esp_hint_last
 * the packet before its turn.  By then its SPI's record and the peers'
 * tunnel are on their way into the cache, and esp_feed_hinted takes the
 * record found (checked again) instead of looking it up.
 */
struct peek_esp;
struct esp_hint {
	struct child_key key;
	uint64_t	 hash;
	const void	*first;		/* the bucket's first entry */
	struct child	*child;		/* the SPI's record, if found */
	int		 set;
};
/* Whether read-ahead pays: the SPIs' records outgrow the caches. */
int		 esp_hint_wanted(const struct esp_track *);
/* From how many SPIs on (tests and fuzzing: 0, always). */
void		 esp_set_hint_min(struct esp_track *, size_t);
void		 esp_hint_start(struct esp_track *, const struct peek_esp *,
		    struct esp_hint *);
void		 esp_hint_more(struct esp_track *, struct esp_hint *);
void		 esp_hint_last(struct esp_track *, struct esp_hint *);
int		 esp_feed_hinted(struct esp_track *, const struct pkt *,
		    const struct esp_hint *);
/*
 * An ESP, ESP-in-UDP or AH packet.  1 when its source address is new to
 * its pair of peers (the caller records that the address spoke), or when
 * it could not be recorded at all.
 */
int		 esp_feed(struct esp_track *, const struct pkt *);
/*
 * An IKE message: an INVALID_SPI notify in clear names an ESP SPI its
 * sender (the receiver of that ESP) does not have.
 */
void		 esp_ike_notifies(struct esp_track *, const struct pkt *);
/* A NAT-T keepalive (one 0xFF byte on UDP 4500). */
void		 esp_keepalive(struct esp_track *, const struct pkt *);
/*
 * Keepalives seen from one side of sa's peers, and their mean interval
 * in seconds (0 for fewer than two).
 */
int		 esp_keepalives(struct esp_track *, const struct ike_sa *,
		    int from_ini, double *interval);
/* The IKE SA the peers' tunnel last saw; 0 when none. */
/* Children and peer pairs idle past their deadline leave (packet time). */
void		 esp_expire(struct esp_track *, int64_t now);
/* The IKE SA last seen between two addresses: 1 with k filled. */
int		 esp_pair_ike(struct esp_track *, const struct ip_addr *,
		    const struct ip_addr *, struct sa_key *k);
int		 esp_tunnel_ike(struct esp_track *, const struct ike_sa *,
		    struct sa_key *);
/*
 * A new IKE SA (newsa) starts between peers whose previous one (prev)
 * ended with one side silent: if that side answers the new one, it had
 * lost the old SA, and ESP sent to it on the old SPIs since it went quiet
 * went to SPIs it no longer had.
 */
void		 esp_ike_restart(struct esp_track *, const struct ike_sa *newsa,
		    const struct ike_sa *prev, int silent_ini);
/* An IKE message of sa: the peers' tunnel learns its IKE SA. */
void		 esp_ike(struct esp_track *, const struct ike_sa *);
/*
 * The children between sa's peers; returns how many (at most max).  now:
 * the second their recent rates run to.
 */
size_t		 esp_children(struct esp_track *, const struct ike_sa *,
		    const struct sa_keyed *, int64_t now, struct child_view *,
		    size_t max);
/* A pair of peers as the live view lists it when no IKE SA is seen. */
struct tunnel_view {
	struct ip_addr	 lo;
	struct ip_addr	 hi;
	uint64_t	 packets[2];	/* 0: lo > hi, 1: hi > lo */
	struct sa_when	 first;
	struct sa_when	 last;
	uint8_t		 has_ike;	/* an IKE SA between them was seen */
};

/* Calls fn for every tunnel; returns how many. */
size_t		 esp_each_tunnel(struct esp_track *,
		    void (*fn)(void *, const struct tunnel_view *), void *);
/* The capture ended at (sec, nsec): every record is assessed. */
void		 esp_finish(struct esp_track *, int64_t sec, uint32_t nsec);
const struct esp_stats *esp_stats(struct esp_track *);

#endif
