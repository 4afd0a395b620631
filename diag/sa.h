/*
 * sa.h: IKE SAs as the wire shows them.
 *
 * One record per IKE SA, keyed by (version, initiator SPI); the responder
 * SPI is bound from the first answer.  Each record remembers the last few
 * distinct messages (to count retransmits: IKEv1 phase 1 message ids are
 * all zero, so messages are told apart by a hash of their bytes) and the
 * last few exchanges by message id (IKEv1 Quick Mode and Informational,
 * every IKEv2 request/response pair), with their round-trip times.  From
 * these each side's position is named (state.h).  Fixed size, and a
 * record lives in a bounded table; the parts few SAs need are kept apart
 * (struct sa_rare), so whoever frees the record calls sa_release().
 */
#ifndef IKW_SA_H
#define IKW_SA_H

#include <stdint.h>

#include "diag/state.h"
#include "dissect/pkt.h"

#define SA_MSGS		6	/* distinct messages remembered */
#define SA_XCHGS	4	/* exchanges remembered by message id */
#define SA_COPIES	8	/* copies of one message timed */
#define SA_NOTES	3	/* error notifies remembered */
#define SA_OFFER	96	/* words for the first offer */
#define SA_SPIS		8	/* child SPIs read from decrypted messages */
#define SA_DELS		4	/* child SPIs a decrypted Delete named */
#define SA_TS		48	/* words for one side's traffic selectors */
#define SA_RANGES	4	/* address ranges kept per side, all children */

/* Sides of an IKE SA, as array indexes. */
#define SA_RSP		0
#define SA_INI		1

struct sa_key {
	uint8_t		 version;
	uint8_t		 pad[7];
	uint64_t	 ispi;
};

/*
 * A moment on the wire: the frame and its time, in 16 bytes (there are
 * dozens per tunnel).  Seconds fit 34 signed bits, 272 years either side
 * of 1970: sa_when_set clamps what a file claims beyond that.
 */
#define SA_SEC_MAX	(((int64_t)1 << 33) - 1)
#define SA_SEC_MIN	(-((int64_t)1 << 33))
struct sa_when {
	uint64_t	 frame;
	int64_t		 sec : 34;
	uint64_t	 nsec : 30;
};

static inline void
sa_when_set(struct sa_when *w, uint64_t frame, int64_t sec, uint32_t nsec)
{
	w->frame = frame;
	w->sec = sec > SA_SEC_MAX ? SA_SEC_MAX : sec < SA_SEC_MIN ?
	    SA_SEC_MIN : sec;
	w->nsec = nsec < 1000000000u ? nsec : 999999999u;
}

/* w becomes p's moment. */
static inline void
sa_when(struct sa_when *w, const struct pkt *p)
{
	sa_when_set(w, p->frame, p->ts_sec, p->ts_nsec);
}

/*
 * A position within an exchange: the state a side is in after it sent
 * message `step' (state.h names it).  side is relative to the exchange:
 * STS_INI for the side that started it.
 */
struct sa_pos {
	uint8_t		 set;
	uint8_t		 xk;		/* enum state_xchg */
	uint8_t		 step;
	uint8_t		 side;		/* enum state_side */
};

struct sa_msg {
	uint64_t	 hash;		/* of the IKE message bytes */
	uint32_t	 msgid;
	uint8_t		 exch;
	uint8_t		 from_ini;	/* sent by the IKE SA's initiator */
	uint8_t		 response;	/* IKEv2 R flag */
	uint8_t		 used;
	struct sa_pos	 pos;		/* the sender's position after it */
	uint8_t		 wants_answer;	/* a request, or a phase 1 step */
	uint8_t		 answered;	/* the answer was seen */
	uint8_t		 on_4500;	/* sent on UDP 4500 */
	uint8_t		 lost;		/* known only from a lost datagram */
	uint16_t	 copies;	/* 1 + retransmissions */
	uint16_t	 after_answer;	/* copies sent after the answer */
	struct sa_when	 first;
	struct sa_when	 last;
	struct sa_when	 answer;	/* first answer */
};

struct sa_xchg {
	uint32_t	 msgid;
	uint8_t		 exch;
	uint8_t		 step;		/* last message of it seen: 1, 2, 3 */
	uint8_t		 starter_ini;	/* started by the IKE SA's initiator */
	uint8_t		 last_from_ini;
	uint8_t		 used;
	uint8_t		 refused;	/* answered with a refusal */
	uint8_t		 empty;		/* IKEv2 request with nothing inside */
	uint16_t	 requests;	/* copies of the first message */
	uint16_t	 responses;	/* copies of the answer */
	struct sa_when	 first;		/* first copy of the first message */
	struct sa_when	 answer;	/* first answer, when there is one */
	struct sa_when	 last;
};

/* The latest message sent more than once, copy by copy. */
struct sa_retx {
	uint64_t	 hash;
	uint8_t		 from_ini;
	uint8_t		 used;
	uint16_t	 n;		/* copies timed below */
	uint64_t	 frame[SA_COPIES];
	uint32_t	 ms[SA_COPIES];	/* after the first copy */
};

/* An error notify seen in clear, and whom it answered. */
struct sa_note {
	uint16_t	 type;
	uint8_t		 from_ini;
	uint8_t		 exch;
	uint16_t	 count;
	uint16_t	 data16;	/* first two bytes of its data */
	uint8_t		 has_data16;
	struct sa_pos	 waiting;	/* the other side, when it came */
	struct sa_when	 first;
	struct sa_when	 last;
};

/* ICMP errors quoting one of the SA's packets. */
struct sa_icmp {
	uint8_t		 type;
	uint8_t		 code;
	uint8_t		 v6;
	uint8_t		 quoted_from_ini;	/* whose packet it quotes */
	uint16_t	 count;
	uint32_t	 mtu;
	struct ip_addr	 from;		/* who sent the ICMP */
	uint64_t	 frames[4];	/* the first few */
	struct sa_pos	 waiting;
	struct sa_when	 first;
	struct sa_when	 last;
};

/* Messages that arrived in pieces and never completed. */
struct sa_fraglost {
	uint16_t	 count;		/* datagrams or fragment sets */
	uint8_t		 ike;		/* IKE fragments (RFC 7383, Cisco) */
	uint8_t		 from_ini;
	uint32_t	 have;		/* bytes (IP) or pieces (IKE) there */
	uint32_t	 total;		/* 0: the last piece never came */
	struct sa_pos	 waiting;
	uint64_t	 frames[4];	/* first pieces of the lost ones */
	struct sa_when	 first;
	struct sa_when	 last;
};

/* A peer's address or port changing while the SA lives. */
struct sa_rebind {
	uint16_t	 count;
	uint8_t		 from_ini;
	struct ip_addr	 old_addr;
	struct ip_addr	 new_addr;
	uint16_t	 old_port;
	uint16_t	 new_port;
	struct sa_when	 when;
};

/*
 * What few SAs ever need, kept apart from the record and made on first
 * need: the copies of a message sent more than once, error notifies,
 * ICMP errors, lost fragments, a peer that moved.  An SA with none of
 * them does not carry their 500 bytes; sa_rare() reads all zero then.
 * Made by sa_rare_make() (from the SA's pool, which bounds and counts
 * them), freed by sa_release() when the SA leaves.
 */
struct sa_rare {
	struct sa_retx	 retx;
	struct sa_note	 note[SA_NOTES];
	struct sa_icmp	 icmp;
	struct sa_fraglost fraglost;
	struct sa_rebind rebind;
};

/* Where an owner's SAs take their rare parts from (NULL: malloc, free). */
struct sa_rare_pool {
	size_t		 budget;	/* bytes they may hold */
	size_t		 bytes;		/* held now */
	size_t		 peak;		/* the most held at once */
	uint64_t	 made;
	uint64_t	 refused;	/* over budget or no memory: not kept */
};

/*
 * What only decryption with the user's keys shows (sa_keys.c): which
 * messages decrypted, the child SPIs and traffic selectors negotiated,
 * the SPIs deleted.  Kept beside the IKE SA's record, in a table of its
 * own that only runs with keys fill (diag.c), so an SA without keys does
 * not carry it.
 */
/* An address range a child SA's selectors cover. */
struct sa_range {
	uint8_t		 family;	/* 4 or 6 */
	uint8_t		 lo[16];
	uint8_t		 hi[16];
};

struct sa_keyed {
	uint16_t	 ok[2];		/* encrypted messages decrypted, by side */
	uint16_t	 bad[2];	/* and not (wrong key, no IV...) */
	uint8_t		 why;		/* enum dec_status of the first failure */
	struct sa_when	 bad_at;
	uint8_t		 nspi;		/* negotiated SPIs (a ring) */
	uint32_t	 spi[SA_SPIS];
	uint8_t		 ndel;
	uint32_t	 del[SA_DELS];	/* deleted child SPIs */
	struct sa_when	 del_at[SA_DELS];
	/* the latest child request's selectors: its sender's, the peer's */
	char		 ts_local[SA_TS];
	char		 ts_remote[SA_TS];
	uint8_t		 ts_from_ini;
	uint32_t	 ts_msgid;	/* IKEv1: the Quick Mode they came in */
	uint64_t	 ts_frame;
	char		 child_offer[SA_OFFER];	/* its SA payload, in words */
	/*
	 * The address ranges the children's selectors cover, each side's
	 * (the child initiator's first), from every child request; too_many
	 * when more were negotiated than are kept (no check then).
	 */
	struct sa_range	 ts[2][SA_RANGES];
	uint8_t		 nts[2];
	uint8_t		 ts_too_many;
	/* ESP the keys decrypted whose inner addresses no selector covers */
	uint32_t	 outside;
	uint32_t	 outside_spi;
	struct ip_addr	 outside_src;
	struct ip_addr	 outside_dst;
	uint8_t		 outside_proto;
	struct sa_when	 outside_first;
	struct sa_when	 outside_last;
	/* ESP on an SPI after the Delete that removed it */
	uint32_t	 after_del;
	uint32_t	 after_del_spi;
	struct sa_when	 after_del_first;
	struct sa_when	 after_del_last;
	struct sa_when	 del_when;
};

struct ike_sa {
	struct sa_key	 key;		/* must stay first: the table's key */
	uint64_t	 rspi;
	struct ip_addr	 ini;		/* the initiator's address */
	struct ip_addr	 rsp;
	uint16_t	 ini_port;	/* latest ports, either direction */
	uint16_t	 rsp_port;
	uint16_t	 from_port[2];	/* latest source port of each side */
	uint8_t		 mode;		/* phase 1 exchange type */
	uint8_t		 p1_step;	/* last phase 1 message seen */
	uint8_t		 established;
	uint8_t		 failed;	/* phase 1 refused or not authenticated */
	uint8_t		 floated;	/* moved to UDP 4500 */
	uint8_t		 xchg_next;
	uint16_t	 messages;
	uint32_t	 retransmits;
	struct sa_when	 first;
	struct sa_when	 last;
	struct sa_when	 last_from[2];	/* by SA_INI / SA_RSP */
	uint16_t	 sent[2];	/* messages by side */
	struct sa_pos	 pos[2];	/* each side's latest position */
	struct sa_when	 float_at;	/* first message on UDP 4500 */
	uint8_t		 float_from_ini;
	uint8_t		 cross_version;	/* the same SPI spoke the other major */
	uint8_t		 mode_clash;	/* Main answered by Aggressive... */
	uint8_t		 port_floated;	/* sides whose float was seen */
	struct sa_when	 mode_clash_at;
	/* NAT-D, by the side whose hashes they are (bits 1 << SA_INI...) */
	uint8_t		 natd_seen;
	uint8_t		 natd_dst_bad;	/* the peer's address differs */
	uint8_t		 natd_src_bad;	/* own address differs or faked */
	uint64_t	 natd_frame[2];
	uint16_t	 natd_port[2];	/* the destination port it hashed */
	/* IKEv2 SK sizes from the IKE_SA_INIT answer (0xff unknown) */
	uint8_t		 iv_len;
	uint8_t		 icv_len;
	uint8_t		 auth_cap_set;
	uint8_t		 child_later;	/* CREATE_CHILD_SA after IKE_AUTH */
	uint16_t	 auth_cap;	/* room in the last IKE_AUTH answer */
	struct sa_when	 auth_answer;
	/* IKEv1 phase 1 lifetimes, seconds (0: none seen) */
	uint32_t	 life_offered;
	uint32_t	 life_chosen;
	uint32_t	 life_responder;	/* RESPONDER-LIFETIME */
	struct sa_when	 life_when;
	/* IKEv1 informationals in a row from one side, unanswered */
	uint8_t		 info_from_ini;
	uint8_t		 info_exact;	/* decrypted: R-U-THERE, read */
	uint16_t	 info_run;
	struct sa_when	 info_first;
	struct sa_when	 info_last;
	/* both sides started CREATE_CHILD_SA (or Quick Mode) at once */
	uint16_t	 collisions;
	struct sa_when	 collision;
	/* round-trip times of answered requests, microseconds */
	uint32_t	 rtt_n;
	uint32_t	 rtt_min_us;
	uint32_t	 rtt_max_us;
	uint64_t	 rtt_sum_us;
	uint32_t	 reported;	/* findings drawn at a stall, by id bit */
	uint8_t		 offers;	/* proposals or transforms offered */
	char		 offer[SA_OFFER];	/* in words, first request */
	uint64_t	 offer_frame;
	struct sa_rare	*rare;		/* NULL until needed: sa_rare() */
	struct sa_rare_pool *pool;	/* the owner's, or NULL */
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
	int		 new_request;	/* a first copy that waits for an answer */
};

/* The SA's rare parts, all zero when it has none. */
extern const struct sa_rare sa_rare_none;

static inline const struct sa_rare *
sa_rare(const struct ike_sa *sa)
{
	return sa->rare != NULL ? sa->rare : &sa_rare_none;
}

/* They are about to be written: made if need be; NULL when refused. */
struct sa_rare	*sa_rare_make(struct ike_sa *);
/* The SA leaves: what it holds apart is freed.  Twice is harmless. */
void		 sa_release(struct ike_sa *);

/* Update sa (found or freshly zeroed by the caller) with message p. */
void		 sa_update(struct ike_sa *, const struct pkt *,
		    struct sa_event *);
/*
 * p is what is left of a datagram whose other pieces never came (the
 * head of its first fragment): it counts as a message sent, marked lost.
 */
void		 sa_update_lost(struct ike_sa *, const struct pkt *,
		    uint32_t have, uint32_t total, struct sa_event *);
/* An IKE fragment set of this SA never completed. */
void		 sa_ikefrag_lost(struct ike_sa *, int from_ini, uint8_t exch,
		    uint32_t have, uint32_t total, uint64_t first_frame,
		    uint64_t last_frame, const struct pkt *when);
/* An ICMP error (p) quotes one of this SA's packets. */
void		 sa_icmp(struct ike_sa *, const struct pkt *);
/* The exchange kind state.h names a message of exch in. */
enum state_xchg	 sa_xchg_kind(int version, uint8_t exch);
/* The state a position names, or NULL. */
const char	*sa_pos_name(const struct sa_pos *, enum state_vocab);
/* What decryption showed about an SA (sa_keys.c), message p. */
void		 sa_keyed_update(struct sa_keyed *, const struct pkt *,
		    int from_ini);
/* A decrypted ESP packet (p) between the SA's peers. */
void		 sa_keyed_esp(struct sa_keyed *, const struct pkt *);
/* The SA negotiated (or deleted) this child SPI, as decryption read. */
int		 sa_keyed_spi(const struct sa_keyed *, uint32_t spi);
int		 sa_keyed_deleted(const struct sa_keyed *, uint32_t spi,
		    struct sa_when *when);
/* The key of the SA a message belongs to; 0 when it has none. */
int		 sa_key_of(const struct pkt *, struct sa_key *);

/*
 * Where one side stands: the phase 1 position, or the latest exchange
 * that has not finished.  NULL when the side has no state yet.
 */
const char	*sa_state(const struct ike_sa *, enum state_side,
		    enum state_vocab);
/* The message whose latest copy is the SA's latest; NULL: none yet. */
const struct sa_msg *sa_last_msg(const struct ike_sa *);
/*
 * The side that waits: the one whose last message is unanswered, else
 * the initiator.  Its state is the SA's state for a one-word summary.
 */
enum state_side	 sa_waiting_side(const struct ike_sa *);
/*
 * The side that went silent: the SA's last message is a request sent
 * twice or more with nothing from the peer since.  *silent_ini: whether
 * the silent side is the initiator.  0 when no side is silent.
 */
int		 sa_silent_side(const struct ike_sa *, int *silent_ini);
/* A message that starts an IKE SA from scratch (MM1, AM1, IKE_SA_INIT). */
int		 sa_first_contact(const struct pkt *);
/* The sender sent a later message of the same exchange. */
int		 sa_msg_moved_on(const struct ike_sa *, const struct sa_msg *);
/* The other side sent anything after the message first left. */
int		 sa_msg_reacted(const struct ike_sa *, const struct sa_msg *);
/*
 * The newest request still waiting for its answer (IKEv1: with nothing
 * at all from the peer since), or NULL.
 */
const struct sa_msg *sa_waiting_request(const struct ike_sa *);
/* "complete", "incomplete". */
const char	*sa_phase1(const struct ike_sa *);
/* The mode name for output: "main", "aggressive", "IKE_SA_INIT"... */
const char	*sa_mode(const struct ike_sa *);

#endif
