/*
 * ikefrag.h: IKE-level fragment sets, tracked without keys.
 *
 * IKEv2 fragments (RFC 7383, payload SKF) carry their number and the
 * total; Cisco's IKEv1 fragments (payload 132) a number and a flag on
 * the last one.  Both are encrypted or opaque, but which numbers of a set
 * arrived is plain: a set that never completes is an IKE message that
 * never got through, and the missing numbers say which pieces to look
 * for.  A bounded table, like the IP fragment table.
 */
#ifndef IKW_IKEFRAG_H
#define IKW_IKEFRAG_H

#include <stdint.h>

#include "dissect/addr.h"
#include "dissect/pkt.h"

#define IKEFRAG_SETS	64
#define IKEFRAG_TIMEOUT	60	/* seconds of packet time without a piece */
#define IKEFRAG_MAXNO	255	/* numbers tracked one by one */
#define IKEFRAG_QUEUE	32

struct ikefrag_key {
	uint8_t		 version;
	uint8_t		 response;	/* v2 R flag: requests and responses
					   share message ids */
	uint16_t	 fid;		/* v1: the fragment id */
	uint32_t	 msgid;
	uint64_t	 ispi;
	uint64_t	 rspi;
	struct ip_addr	 src;
};

struct ikefrag_lost {
	struct ikefrag_key key;
	uint8_t		 exch;
	uint16_t	 total;		/* 0: the last piece never came */
	uint16_t	 count;		/* distinct numbers that arrived */
	uint64_t	 first_frame;
	uint64_t	 last_frame;
	uint64_t	 missing;	/* bit n-1: number n missing (n <= 64) */
	uint8_t		 missing_more;	/* numbers above 64 missing too */
	uint8_t		 why;		/* enum frag_why */
};

struct ikefrag_stats {
	uint64_t	 fragments;
	uint64_t	 completed;
	uint64_t	 lost;		/* sets given up on */
	uint64_t	 duplicates;	/* a number seen twice in one set */
	uint64_t	 lost_unreported;
};

struct ikefrag_table;

struct ikefrag_table *ikefrag_new(void);
void		 ikefrag_free(struct ikefrag_table *);
/* Adds p's fragment; fills p->ike.fragset_* (count so far, completion). */
void		 ikefrag_add(struct ikefrag_table *, struct pkt *);
int		 ikefrag_next_lost(struct ikefrag_table *,
		    struct ikefrag_lost *);
void		 ikefrag_flush(struct ikefrag_table *);
const struct ikefrag_stats *ikefrag_stats(const struct ikefrag_table *);

#endif
