/*
 * frag.h: a bounded table that reassembles IPv4 and IPv6 fragments.
 *
 * IKE messages with certificates are routinely IP-fragmented, and ESP
 * near the path MTU too: a fragment alone says little, the datagram
 * says everything.  The table holds a fixed number of datagrams under
 * reassembly; the oldest goes first when it is full, and incomplete
 * datagrams expire after FRAG_TIMEOUT seconds of packet time.  Every
 * drop is counted.
 */
#ifndef IKW_FRAG_H
#define IKW_FRAG_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/addr.h"

#define FRAG_SLOTS	64
#define FRAG_TIMEOUT	60	/* seconds; Linux ip6frag_time */
#define FRAG_MAXLEN	65535

/*
 * Has more than limit seconds passed from then to now?  Packet times are
 * whatever a file says, so the difference must not overflow.
 */
static inline int
frag_older(int64_t now, int64_t then, int64_t limit)
{
	return now > then && (uint64_t)now - (uint64_t)then > (uint64_t)limit;
}

struct frag_key {
	struct ip_addr	 src;
	struct ip_addr	 dst;
	uint32_t	 id;
	uint8_t		 proto;
};

struct frag_done {
	const uint8_t	*data;		/* transport payload, reassembled */
	size_t		 len;
	uint16_t	 count;		/* fragments it took */
	uint64_t	 first_frame;
};

struct frag_stats {
	uint64_t	 fragments;	/* fragments seen */
	uint64_t	 reassembled;	/* datagrams completed */
	uint64_t	 expired;	/* incomplete, timed out */
	uint64_t	 evicted;	/* incomplete, pushed out by a full table */
	uint64_t	 overlaps;
	uint64_t	 bad;
	uint64_t	 given_up;	/* incomplete: expired, evicted, at the end */
	uint64_t	 lost_unreported;	/* the report queue overflowed */
};

/*
 * A datagram given up on: which pieces came, and the first bytes when the
 * first piece was among them (enough for the UDP, marker and IKE
 * headers), so the loss can be tied to the IKE message it belonged to.
 */
#define FRAG_HEAD	64
#define FRAG_LOST_QUEUE	32

enum frag_why {
	FRAG_WHY_EXPIRED,	/* no piece for FRAG_TIMEOUT seconds */
	FRAG_WHY_EVICTED,	/* the table was full */
	FRAG_WHY_END,		/* the capture ended first */
};

struct frag_lost {
	struct frag_key	 key;
	enum frag_why	 why;
	uint64_t	 first_frame;
	uint64_t	 last_frame;
	int64_t		 first_ts;
	int64_t		 head_sec;	/* the first piece's time and frame, */
	uint32_t	 head_nsec;	/* when it came (head_frame != 0) */
	uint64_t	 head_frame;
	uint16_t	 count;		/* fragments that arrived */
	uint32_t	 have;		/* bytes that arrived */
	uint32_t	 total;		/* datagram length; 0: last piece missing */
	uint32_t	 hole_start;	/* the first missing byte range */
	uint32_t	 hole_end;
	uint16_t	 headlen;	/* bytes in head: 0 without the first piece */
	uint8_t		 head[FRAG_HEAD];
};

struct frag_table;

struct frag_table *frag_new(void);
void		 frag_free(struct frag_table *);

/*
 * Adds one fragment (payload after the IP header and any fragment
 * header; off in bytes).  Returns 1 and fills *done when this fragment
 * completes its datagram, 0 while pieces are missing, -1 for a fragment
 * that cannot be placed (bad offset or length).  *overlap is set when the
 * fragment overwrote bytes already held.
 */
int		 frag_add(struct frag_table *, const struct frag_key *,
		    int64_t now, uint32_t now_nsec, uint64_t frame,
		    uint32_t off, int more, const uint8_t *data, size_t len,
		    struct frag_done *done, int *overlap);
const struct frag_stats *frag_stats(const struct frag_table *);
/* Takes the oldest report of a datagram given up on; 0 when none. */
int		 frag_next_lost(struct frag_table *, struct frag_lost *);
/* The capture ended: every datagram still held is given up on. */
void		 frag_flush(struct frag_table *);

#endif
