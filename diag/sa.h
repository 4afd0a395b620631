/*
 * sa.h: IKE SAs as the wire shows them.
 *
 * One record per IKE SA, keyed by (version, initiator SPI); the responder
 * SPI is bound from the first answer.  Each record remembers the last few
 * distinct messages (to count retransmits: IKEv1 phase 1 message ids are
 * all zero, so messages are told apart by a hash of their bytes) and the
 * last few exchanges by message id (IKEv1 Quick Mode and Informational,
 * every IKEv2 request/response pair), with their round-trip times.  From
 * these each side's position is named (state.h).  Fixed size, no
 * pointers: a record lives in a bounded table.
 */
#ifndef IKW_SA_H
#define IKW_SA_H

#include <stdint.h>

#include "diag/state.h"
#include "dissect/pkt.h"

#define SA_MSGS		6	/* distinct messages remembered */
#define SA_XCHGS	4	/* exchanges remembered by message id */

struct sa_key {
	uint8_t		 version;
	uint8_t		 pad[7];
	uint64_t	 ispi;
};

/* A moment on the wire: the frame and its time. */
struct sa_when {
	uint64_t	 frame;
	int64_t		 sec;
	uint32_t	 nsec;
};

struct sa_msg {
	uint64_t	 hash;		/* of the IKE message bytes */
	uint32_t	 msgid;
	uint8_t		 exch;
	uint8_t		 from_ini;	/* sent by the IKE SA's initiator */
	uint8_t		 response;	/* IKEv2 R flag */
	uint8_t		 used;
	uint16_t	 copies;	/* 1 + retransmissions */
	struct sa_when	 first;
	struct sa_when	 last;
};

struct sa_xchg {
	uint32_t	 msgid;
	uint8_t		 exch;
	uint8_t		 step;		/* last message of it seen: 1, 2, 3 */
	uint8_t		 starter_ini;	/* started by the IKE SA's initiator */
	uint8_t		 last_from_ini;
	uint8_t		 used;
	uint8_t		 refused;	/* answered with a refusal */
	uint16_t	 requests;	/* copies of the first message */
	uint16_t	 responses;	/* copies of the answer */
	struct sa_when	 first;		/* first copy of the first message */
	struct sa_when	 answer;	/* first answer, when there is one */
	struct sa_when	 last;
};

struct ike_sa {
	struct sa_key	 key;		/* must stay first: the table's key */
	uint64_t	 rspi;
	struct ip_addr	 ini;		/* the initiator's address */
	struct ip_addr	 rsp;
	uint16_t	 ini_port;	/* latest ports */
	uint16_t	 rsp_port;
	uint8_t		 mode;		/* phase 1 exchange type */
	uint8_t		 p1_step;	/* last phase 1 message seen */
	uint8_t		 established;
	uint8_t		 floated;	/* moved to UDP 4500 */
	uint8_t		 msg_next;	/* ring positions */
	uint8_t		 xchg_next;
	uint16_t	 messages;
	uint32_t	 retransmits;
	struct sa_when	 first;
	struct sa_when	 last;
	struct sa_msg	 msg[SA_MSGS];
	struct sa_xchg	 xchg[SA_XCHGS];
};

/* What a message did to its SA, for callers that report per packet. */
struct sa_event {
	struct ike_sa	*sa;
	int		 created;
	int		 retransmit;	/* a copy of a message seen before */
	uint16_t	 copies;	/* of this message so far */
	int		 step;		/* its number within the exchange */
	int		 from_ini;
};

/* Update sa (found or freshly zeroed by the caller) with message p. */
void		 sa_update(struct ike_sa *, const struct pkt *,
		    struct sa_event *);
/* The key of the SA a message belongs to; 0 when it has none. */
int		 sa_key_of(const struct pkt *, struct sa_key *);

/*
 * Where one side stands: the phase 1 position, or the latest exchange
 * that has not finished.  NULL when the side has no state yet.
 */
const char	*sa_state(const struct ike_sa *, enum state_side,
		    enum state_vocab);
/*
 * The side that waits: the one whose last message is unanswered, else
 * the initiator.  Its state is the SA's state for a one-word summary.
 */
enum state_side	 sa_waiting_side(const struct ike_sa *);
/* "complete", "incomplete". */
const char	*sa_phase1(const struct ike_sa *);
/* The mode name for output: "main", "aggressive", "IKE_SA_INIT"... */
const char	*sa_mode(const struct ike_sa *);

#endif
