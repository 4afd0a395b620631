/*
 * sa.c: following IKE SAs message by message (see sa.h).
 *
 * Exchanges are read as scripts: Main Mode is six messages alternating
 * from the initiator, Aggressive Mode three, Quick Mode three started by
 * either side, every IKEv2 exchange a request and its response.  Which
 * message of a script a packet is follows from who sent it and what it
 * carries (RFC 2409 section 5: MM1/MM2 carry SA, MM3/MM4 KE, MM5/MM6 are
 * encrypted), never from timing.
 *
 * This file writes the record; sa_read.c reads it (states, waiting
 * requests, silent sides).
 */
#include <stdlib.h>
#include <string.h>

#include "diag/natd.h"
#include "diag/offer.h"
#include "diag/sa.h"
#include "dissect/names.h"
#include "dissect/registry.h"

/*
 * A retransmission is the same bytes: a hash of them tells copies apart
 * from new messages.  Eight bytes a step (a multiply and a shift mixing
 * each word in), since IKE messages run to kilobytes; the bytes come
 * from the peers, but a collision only merges two of one SA's messages,
 * so nothing is gained by aiming at it.
 */
static uint64_t
sa_hash(const uint8_t *b, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ n, w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, sizeof(w));
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	for (; i < n; i++) {
		h = (h ^ b[i]) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	return h;
}

const struct sa_rare sa_rare_none;

struct sa_rare *
sa_rare_make(struct ike_sa *sa)
{
	struct sa_rare_pool *pool = sa->pool;

	if (sa->rare != NULL)
		return sa->rare;
	if (pool != NULL && pool->bytes + sizeof(*sa->rare) > pool->budget) {
		pool->refused++;
		return NULL;
	}
	if ((sa->rare = calloc(1, sizeof(*sa->rare))) == NULL) {
		if (pool != NULL)
			pool->refused++;
		return NULL;
	}
	if (pool != NULL) {
		pool->bytes += sizeof(*sa->rare);
		if (pool->bytes > pool->peak)
			pool->peak = pool->bytes;
		pool->made++;
	}
	return sa->rare;
}

void
sa_release(struct ike_sa *sa)
{
	if (sa->rare == NULL)
		return;
	free(sa->rare);
	sa->rare = NULL;
	if (sa->pool != NULL)
		sa->pool->bytes -= sizeof(*sa->rare);
}

int
sa_key_of(const struct pkt *p, struct sa_key *k)
{
	const struct ike_msg *m = &p->ike;

	if (p->kind != PK_IKE || !m->have_hdr ||
	    (m->major != 1 && m->major != 2))
		return 0;
	memset(k, 0, sizeof(*k));
	k->version = m->major;
	k->ispi = m->ispi;
	return 1;
}

static int
sa_has_payload(const struct ike_msg *m, uint8_t type)
{
	uint8_t i;

	for (i = 0; i < m->npl; i++)
		if (m->pl[i].type == type)
			return 1;
	return 0;
}

/* Which of the six Main Mode messages this is (0: cannot tell). */
static int
sa_main_step(const struct ike_sa *sa, const struct ike_msg *m, int from_ini)
{
	int next;

	if (sa_has_payload(m, IKEV1_P_FRAG)) {
		/* A Cisco fragment: the next message of its sender. */
		next = sa->p1_step + 1;
		if ((next % 2 == 1) != from_ini)
			next++;
		return next > 6 ? 6 : next;
	}
	if (m->encrypted)
		return from_ini ? 5 : 6;
	if (sa_has_payload(m, IKEV1_P_SA))
		return from_ini ? 1 : 2;
	if (sa_has_payload(m, IKEV1_P_KE))
		return from_ini ? 3 : 4;
	return 0;
}

/* Which of the three Aggressive Mode messages this is. */
static int
sa_aggr_step(const struct ike_sa *sa, const struct ike_msg *m, int from_ini)
{
	if (!from_ini)
		return 2;
	if (sa_has_payload(m, IKEV1_P_SA) && sa->p1_step < 2)
		return 1;
	return 3;
}

static struct sa_msg *
sa_msg_find(struct ike_sa *sa, uint64_t h, int from_ini)
{
	int i;

	for (i = 0; i < SA_MSGS; i++)
		if (sa->msg[i].used && sa->msg[i].hash == h &&
		    sa->msg[i].from_ini == from_ini)
			return &sa->msg[i];
	return NULL;
}

/*
 * A slot for a new message: a free one, else the oldest that needs
 * nothing more (no answer wanted, or answered), else the oldest.  A
 * stuck request outlives a stream of Informationals that follow it.
 */
static struct sa_msg *
sa_msg_add(struct ike_sa *sa)
{
	struct sa_msg *s = NULL, *done = NULL, *oldest = NULL;
	int i;

	for (i = 0; i < SA_MSGS && s == NULL; i++) {
		struct sa_msg *m = &sa->msg[i];

		if (!m->used)
			s = m;
		else if ((!m->wants_answer || m->answered) &&
		    (done == NULL || m->last.frame < done->last.frame))
			done = m;
		if (m->used && (oldest == NULL ||
		    m->last.frame < oldest->last.frame))
			oldest = m;
	}
	if (s == NULL)
		s = done != NULL ? done : oldest;
	memset(s, 0, sizeof(*s));
	s->used = 1;
	return s;
}

/*
 * The exchange a message id belongs to.  IKEv2 keeps one message id
 * counter per side for the requests it sends (RFC 7296 section 2.2), so
 * the starter is part of the key; IKEv1 message ids are random.
 */
static struct sa_xchg *
sa_xchg_find(struct ike_sa *sa, uint32_t msgid, int starter_ini, int v2)
{
	struct sa_xchg *best = NULL;
	int i;

	/* The latest attempt: a retry reuses its message id. */
	for (i = 0; i < SA_XCHGS; i++) {
		struct sa_xchg *x = &sa->xchg[i];

		if (x->used && x->msgid == msgid &&
		    (!v2 || x->starter_ini == starter_ini) &&
		    (best == NULL || x->last.frame > best->last.frame))
			best = x;
	}
	return best;
}

static struct sa_xchg *
sa_xchg_add(struct ike_sa *sa)
{
	struct sa_xchg *x = &sa->xchg[sa->xchg_next];

	sa->xchg_next = (uint8_t)((sa->xchg_next + 1) % SA_XCHGS);
	memset(x, 0, sizeof(*x));
	x->used = 1;
	return x;
}

/* IKEv2: a request opens (or repeats) an exchange, a response answers. */
static int
sa_v2_exchange(struct ike_sa *sa, const struct pkt *p, int from_ini,
    int repeat)
{
	const struct ike_msg *m = &p->ike;
	int response = (m->flags & IKEV2_F_RESPONSE) != 0;
	int starter = response ? !from_ini : from_ini;
	struct sa_xchg *x = sa_xchg_find(sa, m->msgid, starter, 1);

	if (!response) {
		/*
		 * The same request again is a retransmission while unanswered;
		 * new bytes after an answer are a new attempt (a retry after
		 * INVALID_KE_PAYLOAD or COOKIE keeps the message id).
		 */
		if (x == NULL || x->exch != m->exch ||
		    (x->responses > 0 && !repeat)) {
			x = sa_xchg_add(sa);
			x->msgid = m->msgid;
			x->exch = m->exch;
			x->starter_ini = (uint8_t)starter;
			sa_when(&x->first, p);
		}
		x->requests++;
		if (x->step < 1)
			x->step = 1;
	} else {
		if (x == NULL) {
			/* The request was not captured. */
			x = sa_xchg_add(sa);
			x->msgid = m->msgid;
			x->exch = m->exch;
			x->starter_ini = (uint8_t)starter;
		}
		if (x->responses++ == 0)
			sa_when(&x->answer, p);
		x->step = 2;
		/*
		 * An IKE_SA_INIT answer without an SA payload is a refusal
		 * (NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD, COOKIE): the
		 * responder keeps no state for it.
		 */
		if (m->exch == IKEV2_X_IKE_SA_INIT &&
		    !sa_has_payload(m, IKEV2_P_SA))
			x->refused = 1;
		if (m->exch == IKEV2_X_IKE_AUTH)
			sa->established = 1;
		/* An SA met after its IKE_SA_INIT (a rekey, a late capture). */
		if (sa->mode == 0 && m->exch != IKEV2_X_IKE_SA_INIT)
			sa->established = 1;
	}
	x->last_from_ini = (uint8_t)from_ini;
	sa_when(&x->last, p);
	if (m->exch == IKEV2_X_IKE_SA_INIT)
		sa->p1_step = x->refused ? 1 : x->step;
	return x->step;
}

/* IKEv1 Quick Mode, Informational, Transaction: by message id. */
static int
sa_v1_exchange(struct ike_sa *sa, const struct pkt *p, int from_ini,
    int repeat)
{
	const struct ike_msg *m = &p->ike;
	struct sa_xchg *x = sa_xchg_find(sa, m->msgid, 0, 0);

	if (x == NULL) {
		x = sa_xchg_add(sa);
		x->msgid = m->msgid;
		x->exch = m->exch;
		x->starter_ini = (uint8_t)from_ini;
		x->step = 1;
		x->requests = 1;
		sa_when(&x->first, p);
	} else if (repeat) {
		if (from_ini == x->starter_ini)
			x->requests++;
		else
			x->responses++;
	} else if (from_ini != x->last_from_ini || x->step == 2) {
		/* The other side spoke, or the starter's third message. */
		if (x->step < 3)
			x->step++;
		if (x->step == 2 && x->responses++ == 0)
			sa_when(&x->answer, p);
	}
	x->last_from_ini = (uint8_t)from_ini;
	sa_when(&x->last, p);
	return x->step;
}

/* Who sent it: IKEv2 says so in its flags, IKEv1 by address. */
static int
sa_from_ini(struct ike_sa *sa, const struct pkt *p)
{
	if (sa->key.version == 2)
		return (p->ike.flags & IKEV2_F_INITIATOR) != 0;
	if (addr_eq(&p->src, &sa->ini))
		return 1;
	if (addr_eq(&p->src, &sa->rsp))
		return 0;
	/* A peer that moved: the address it still talks to tells. */
	return !addr_eq(&p->dst, &sa->ini);
}

static void
sa_create(struct ike_sa *sa, const struct pkt *p)
{
	int ini_sent = p->ike.major == 2 ?
	    (p->ike.flags & IKEV2_F_INITIATOR) != 0 : p->ike.rspi == 0;

	/*
	 * An SA first seen in mid-negotiation (the capture started late)
	 * is taken from whoever spoke first, unless IKEv2's flags or an
	 * empty responder SPI tell otherwise.
	 */
	/* The table copied the key in; a caller without one gets it here. */
	sa->key.version = p->ike.major;
	sa->key.ispi = p->ike.ispi;
	if (ini_sent || p->ike.major == 1) {
		sa->ini = p->src;
		sa->rsp = p->dst;
		sa->ini_port = p->sport;
		sa->rsp_port = p->dport;
	} else {
		sa->ini = p->dst;
		sa->rsp = p->src;
		sa->ini_port = p->dport;
		sa->rsp_port = p->sport;
	}
	sa_when(&sa->first, p);
}

static int
sa_later(const struct sa_when *w, const struct pkt *p)
{
	return w->frame == 0 || p->frame >= w->frame;
}

/*
 * A sender's address or port that changes while the SA lives is a NAT
 * rebinding (or MOBIKE); the move to UDP 4500 is not, once per side.
 */
static void
sa_endpoints(struct ike_sa *sa, const struct pkt *p, int from_ini)
{
	int side = from_ini ? SA_INI : SA_RSP;
	struct ip_addr *a = from_ini ? &sa->ini : &sa->rsp;
	uint16_t *port = &sa->from_port[side];
	uint8_t bit = (uint8_t)(1u << side);
	int floating = p->ike.nonesp_marker &&
	    !(sa->port_floated & bit);

	if (floating)
		sa->port_floated |= bit;
	if (sa->sent[side] > 0 && !p->partial &&
	    (!addr_eq(a, &p->src) || (*port != p->sport && !floating)) &&
	    sa_rare_make(sa) != NULL) {
		struct sa_rebind *r = &sa->rare->rebind;

		if (r->count++ == 0 || sa_later(&r->when, p)) {
			r->from_ini = (uint8_t)from_ini;
			r->old_addr = *a;
			r->old_port = *port;
			r->new_addr = p->src;
			r->new_port = p->sport;
			sa_when(&r->when, p);
		}
	}
	if (sa->key.version == 2 || addr_eq(a, &p->src))
		*a = p->src;
	*port = p->sport;
	/* For display, the ports last seen either way. */
	if (from_ini) {
		sa->ini_port = p->sport;
		sa->rsp_port = p->dport;
	} else {
		sa->rsp_port = p->sport;
		sa->ini_port = p->dport;
	}
	if (p->ike.nonesp_marker || p->sport == 4500 || p->dport == 4500) {
		if (!sa->floated || sa->float_at.frame > p->frame) {
			sa_when(&sa->float_at, p);
			sa->float_from_ini = (uint8_t)from_ini;
		}
		sa->floated = 1;
	}
}

/* Its notify type, when payload i is a Notify in clear; else 0. */
static int
sa_notify_type(const struct ike_msg *m, int i, uint16_t *type)
{
	const struct ike_payload *pl = &m->pl[i];
	size_t at = pl->off + (m->major == 1 ? 10 : 6);

	if (pl->type != (m->major == 1 ? IKEV1_P_N : IKEV2_P_N) ||
	    at + 2 > m->rawlen || at + 2 > (size_t)pl->off + pl->len)
		return 0;
	*type = (uint16_t)(m->raw[at] << 8 | m->raw[at + 1]);
	return 1;
}

static void
sa_note_add(struct ike_sa *sa, const struct pkt *p, int pli, int from_ini,
    uint16_t type)
{
	const struct ike_msg *m = &p->ike;
	const struct ike_payload *pl = &m->pl[pli];
	size_t spi_at = pl->off + (m->major == 1 ? 9 : 5), data;
	struct sa_note *n, *slot = NULL;
	int i;

	if (sa_rare_make(sa) == NULL)
		return;
	for (i = 0; i < SA_NOTES; i++) {
		n = &sa->rare->note[i];
		if (n->count > 0 && n->type == type &&
		    n->from_ini == from_ini) {
			n->count++;
			sa_when(&n->last, p);
			return;
		}
		if (n->count == 0 && slot == NULL)
			slot = n;
	}
	if (slot == NULL)
		return;		/* the first few tell the story */
	slot->type = type;
	slot->from_ini = (uint8_t)from_ini;
	slot->exch = p->ike.exch;
	slot->count = 1;
	slot->waiting = sa->pos[from_ini ? SA_RSP : SA_INI];
	/* The data after the SPI: INVALID_KE_PAYLOAD's group, for one. */
	if (spi_at < m->rawlen) {
		data = spi_at + 3 + m->raw[spi_at];
		if (data + 2 <= m->rawlen && data + 2 <= (size_t)pl->off +
		    pl->len) {
			slot->data16 = (uint16_t)(m->raw[data] << 8 |
			    m->raw[data + 1]);
			slot->has_data16 = 1;
		}
	}
	sa_when(&slot->first, p);
	slot->last = slot->first;
}

/* Error notifies in clear, and the lifetime a responder insists on. */
static void
sa_notifies(struct ike_sa *sa, const struct pkt *p, int from_ini)
{
	const struct ike_msg *m = &p->ike;
	uint16_t type;
	int i;

	if (m->major == 1 && !ike_readable(m))
		return;
	for (i = 0; i < m->npl; i++) {
		if (!sa_notify_type(m, i, &type))
			continue;
		if (type <= NOTIFY_ERROR_MAX) {
			const struct sa_pos *w = &sa->pos[from_ini ? SA_RSP :
			    SA_INI];

			sa_note_add(sa, p, i, from_ini, type);
			/* Phase 1 refused: nothing will come of this SA. */
			if (!sa->established && w->set && w->xk != STX_QUICK &&
			    type != 17 && (m->major == 1 ||
			    m->exch <= IKEV2_X_IKE_AUTH))
				sa->failed = 1;
		}
		else if (m->major == 1 && type == 24576) {
			const struct ike_payload *pl = &m->pl[i];
			size_t len = pl->len;

			if (pl->off + len > m->rawlen)
				len = m->rawlen - pl->off;
			sa->life_responder = offer_v1_notify_lifetime(m,
			    m->raw + pl->off, len);
			sa_when(&sa->life_when, p);
		}
	}
}

static void
sa_natd(struct ike_sa *sa, const struct pkt *p, int from_ini)
{
	struct natd_result r;
	uint8_t bit = (uint8_t)(1u << (from_ini ? SA_INI : SA_RSP));

	if (p->ike.encrypted || !natd_check(p, &r))
		return;
	sa->natd_seen |= bit;
	if (r.dst_present && !r.dst_match)
		sa->natd_dst_bad |= bit;
	if (r.src_count > 0 && !r.src_match)
		sa->natd_src_bad |= bit;
	sa->natd_frame[from_ini ? SA_INI : SA_RSP] = p->frame;
	sa->natd_port[from_ini ? SA_INI : SA_RSP] = p->dport;
}

/* Room for payloads inside an SK payload, from its size and the ciphers. */
static uint16_t
sa_sk_room(const struct ike_sa *sa, const struct ike_msg *m)
{
	unsigned iv = sa->iv_len, icv = sa->icv_len;
	int i;

	/* Unknown ciphers: the smallest IV and ICV in use (GCM-8). */
	if (iv == 0xff || (iv == 0 && icv == 0))
		iv = 8;
	if (icv == 0xff || icv == 0)
		icv = 8;
	for (i = 0; i < m->npl; i++)
		if (m->pl[i].type == IKEV2_P_SK) {
			unsigned len = m->pl[i].len;

			return (uint16_t)(len > 4 + iv + icv ?
			    len - 4 - iv - icv : 0);
		}
	return 0xffff;
}

static uint64_t
sa_us(const struct sa_when *a, const struct sa_when *b)
{
	double d = ((double)b->sec - (double)a->sec) * 1e6 +
	    ((double)b->nsec - (double)a->nsec) / 1e3;

	if (d < 0)
		return 0;
	return d > 4e9 ? 4000000000u : (uint64_t)d;
}

static uint32_t
sa_ms(const struct sa_when *a, const struct pkt *p)
{
	struct sa_when b;

	sa_when(&b, p);
	return (uint32_t)(sa_us(a, &b) / 1000);
}

/* The messages m answers get their answer and a round-trip time. */
static void
sa_answers(struct ike_sa *sa, const struct pkt *p, const struct sa_msg *am)
{
	int i;

	for (i = 0; i < SA_MSGS; i++) {
		struct sa_msg *q = &sa->msg[i];
		int match;

		if (!q->used || q->answered || !q->wants_answer ||
		    q->from_ini == am->from_ini || q->exch != am->exch ||
		    q->msgid != am->msgid)
			continue;
		if (sa->key.version == 2)
			match = am->response && !q->response;
		else
			match = q->pos.step + 1 == am->pos.step;
		if (!match)
			continue;
		q->answered = 1;
		sa_when(&q->answer, p);
		if (!q->lost) {
			uint64_t us = sa_us(&q->last, &q->answer);

			if (sa->rtt_n == 0 || us < sa->rtt_min_us)
				sa->rtt_min_us = (uint32_t)us;
			if (us > sa->rtt_max_us)
				sa->rtt_max_us = (uint32_t)us;
			sa->rtt_sum_us += us;
			sa->rtt_n++;
		}
	}
}

/*
 * A retransmission with other bytes: the same request (exchange and
 * message ID, same side) again while it waits for its answer.  Not for
 * IKEv1 phase 1, whose message IDs are all zero, nor for fragments of one
 * message, nor for Informationals, which expect no answer in IKEv1.
 */
static struct sa_msg *
sa_msg_same_request(struct ike_sa *sa, const struct ike_msg *m, int from_ini)
{
	int i;

	if ((m->major == 1 && (m->exch == IKEV1_X_MAIN ||
	    m->exch == IKEV1_X_AGGRESSIVE || m->exch == IKEV1_X_INFO)) ||
	    (m->major == 2 && (m->flags & IKEV2_F_RESPONSE)) ||
	    m->frag_no != 0 || sa_has_payload(m, IKEV2_P_SKF) ||
	    sa_has_payload(m, IKEV1_P_FRAG))
		return NULL;
	for (i = 0; i < SA_MSGS; i++) {
		struct sa_msg *q = &sa->msg[i];

		if (q->used && q->from_ini == from_ini && q->exch == m->exch &&
		    q->msgid == m->msgid && q->wants_answer && !q->answered &&
		    !q->response && q->pos.step == 1)
			return q;
	}
	return NULL;
}

static void
sa_retx_copy(struct ike_sa *sa, struct sa_msg *s, const struct pkt *p)
{
	struct sa_retx *r;

	if (sa_rare_make(sa) == NULL)
		return;
	r = &sa->rare->retx;
	if (!r->used || r->hash != s->hash || r->from_ini != s->from_ini) {
		memset(r, 0, sizeof(*r));
		r->used = 1;
		r->hash = s->hash;
		r->from_ini = s->from_ini;
		r->frame[0] = s->first.frame;
		r->n = 1;
	}
	if (r->n < SA_COPIES) {
		r->frame[r->n] = p->frame;
		r->ms[r->n] = sa_ms(&s->first, p);
		r->n++;
	}
}

/* The exchange kind a message's position is named in. */
enum state_xchg
sa_xchg_kind(int version, uint8_t exch)
{
	if (version == 1)
		return exch == IKEV1_X_AGGRESSIVE ? STX_AGGR :
		    exch == IKEV1_X_QUICK ? STX_QUICK : STX_MAIN;
	switch (exch) {
	case IKEV2_X_IKE_SA_INIT:
		return STX_SA_INIT;
	case IKEV2_X_IKE_AUTH:
		return STX_AUTH;
	case IKEV2_X_CREATE_CHILD_SA:
		return STX_CHILD;
	}
	return STX_INFO;
}

/*
 * Where the message leaves its sender, and whether it waits for an
 * answer: every phase 1 message but the last, Quick Mode's first two,
 * every IKEv2 request.  IKEv1 Informationals expect none.
 */
static void
sa_position(struct ike_sa *sa, struct sa_msg *s, const struct pkt *p,
    int step, int from_ini)
{
	const struct ike_msg *m = &p->ike;
	const struct sa_xchg *x;

	if (step <= 0)
		return;
	s->pos.set = 1;
	s->pos.xk = (uint8_t)sa_xchg_kind(m->major, m->exch);
	s->pos.step = (uint8_t)step;
	s->pos.side = from_ini ? STS_INI : STS_RSP;
	if (m->major == 1) {
		switch (m->exch) {
		case IKEV1_X_MAIN:
			s->wants_answer = step < 6;
			break;
		case IKEV1_X_AGGRESSIVE:
			s->wants_answer = step < 3;
			break;
		case IKEV1_X_QUICK:
			x = sa_xchg_find(sa, m->msgid, 0, 0);
			if (x != NULL)
				s->pos.side = (x->starter_ini != 0) ==
				    (from_ini != 0) ? STS_INI : STS_RSP;
			s->wants_answer = step < 3;
			break;
		default:
			s->pos.set = 0;
			return;
		}
	} else {
		s->wants_answer = !s->response;
		s->pos.side = s->response ? STS_RSP : STS_INI;
	}
	if (sa_later(&sa->last_from[from_ini ? SA_INI : SA_RSP], p))
		sa->pos[from_ini ? SA_INI : SA_RSP] = s->pos;
}

/* IKEv1 Informationals from one side that nothing from the other follows. */
static void
sa_info_run(struct ike_sa *sa, const struct pkt *p, int from_ini)
{
	const struct ike_msg *m = &p->ike;

	uint16_t type;
	int i, dpd = 0;

	if (sa->info_run > 0 && sa->info_from_ini != from_ini)
		sa->info_run = 0;
	if (m->major != 1 || m->exch != IKEV1_X_INFO || !sa->established)
		return;
	/* Decrypted, only R-U-THERE (RFC 3706) is a liveness check. */
	if (m->dec == DEC_OK) {
		for (i = 0; i < m->npl; i++)
			if (sa_notify_type(m, i, &type) && type == 36136)
				dpd = 1;
		if (!dpd)
			return;
	}
	if (sa->info_run++ == 0) {
		sa->info_from_ini = (uint8_t)from_ini;
		sa->info_exact = (uint8_t)dpd;
		sa_when(&sa->info_first, p);
	}
	sa_when(&sa->info_last, p);
}

/* IKEv2 details read as the messages pass. */
static void
sa_v2_facts(struct ike_sa *sa, const struct pkt *p, struct sa_xchg *x)
{
	const struct ike_msg *m = &p->ike;
	int response = (m->flags & IKEV2_F_RESPONSE) != 0;
	struct offer_v2 o;
	int i;

	if (m->exch == IKEV2_X_IKE_SA_INIT && response &&
	    offer_v2_chosen(m, &o)) {
		sa->iv_len = o.iv_len;
		sa->icv_len = o.icv_len;
	}
	if (m->exch == IKEV2_X_IKE_AUTH && response && !p->partial) {
		for (i = 0; i < m->npl; i++)
			if (m->pl[i].type == IKEV2_P_SK) {
				sa->auth_cap = sa_sk_room(sa, m);
				sa->auth_cap_set = 1;
				sa_when(&sa->auth_answer, p);
				/* Too small for IDr and AUTH: a refusal. */
				sa->failed = sa->auth_cap < 33;
			}
	}
	if (m->exch == IKEV2_X_CREATE_CHILD_SA && sa->established)
		sa->child_later = 1;
	if (m->exch == IKEV2_X_INFORMATIONAL && !response && x != NULL &&
	    m->encrypted && m->inner_np == 0)
		x->empty = 1;
}

/* Both sides started the same kind of exchange before either answered. */
static void
sa_collision(struct ike_sa *sa, const struct pkt *p, int from_ini)
{
	const struct ike_msg *m = &p->ike;
	int i;

	if (!((m->major == 2 && m->exch == IKEV2_X_CREATE_CHILD_SA &&
	    !(m->flags & IKEV2_F_RESPONSE)) ||
	    (m->major == 1 && m->exch == IKEV1_X_QUICK)))
		return;
	for (i = 0; i < SA_XCHGS; i++) {
		const struct sa_xchg *x = &sa->xchg[i];

		/*
		 * IKEv2 counts message IDs per side, so the other side's
		 * request may carry the same one; in IKEv1 the same ID from
		 * the other side is the answer.
		 */
		if (x->used && x->exch == m->exch &&
		    (m->major == 2 || x->msgid != m->msgid) &&
		    x->step == 1 && (x->starter_ini != 0) != (from_ini != 0) &&
		    x->responses == 0) {
			if (sa->collisions++ == 0)
				sa_when(&sa->collision, p);
			return;
		}
	}
}

static void
sa_p1_facts(struct ike_sa *sa, const struct pkt *p, int step, int from_ini)
{
	const struct ike_msg *m = &p->ike;

	if (m->encrypted)
		return;
	if (((m->major == 1 && step == 1) || (m->major == 2 &&
	    m->exch == IKEV2_X_IKE_SA_INIT && !(m->flags & IKEV2_F_RESPONSE)))
	    && from_ini && !p->partial) {
		sa->offers = (uint8_t)offer_summary(m, sa->offer,
		    sizeof(sa->offer));
		sa->offer_frame = p->frame;
	}
	if (m->major == 1 && step == 1 && sa->life_offered == 0)
		sa->life_offered = offer_v1_lifetime(m);
	if (m->major == 1 && step == 2 && sa->life_chosen == 0)
		sa->life_chosen = offer_v1_lifetime(m);
}

static void
sa_apply(struct ike_sa *sa, const struct pkt *p, struct sa_event *ev,
    int lost)
{
	const struct ike_msg *m = &p->ike;
	/* Copies are the same bytes on the wire, decrypted or not. */
	const uint8_t *wb = m->wire != NULL ? m->wire : m->raw;
	size_t wl = m->wire != NULL ? m->wirelen : m->rawlen;
	size_t n = m->len >= 28 && m->len <= wl ? m->len : wl;
	uint64_t h = sa_hash(wb, n);
	struct sa_msg *s;
	int from_ini, side, step = 0, v1p1, fresh = 0;

	memset(ev, 0, sizeof(*ev));
	ev->sa = sa;
	if (sa->messages == 0) {
		sa_create(sa, p);
		ev->created = 1;
	}
	from_ini = sa_from_ini(sa, p);
	side = from_ini ? SA_INI : SA_RSP;
	if (sa->rspi == 0 && m->rspi != 0)
		sa->rspi = m->rspi;
	sa_endpoints(sa, p, from_ini);
	if ((s = sa_msg_find(sa, h, from_ini)) != NULL ||
	    (s = sa_msg_same_request(sa, m, from_ini)) != NULL) {
		s->copies++;
		sa->retransmits++;
		ev->retransmit = 1;
		if (s->answered)
			s->after_answer++;
		if (s->wants_answer)
			sa_retx_copy(sa, s, p);
	} else {
		s = sa_msg_add(sa);
		s->hash = h;
		s->msgid = m->msgid;
		s->exch = m->exch;
		s->from_ini = (uint8_t)from_ini;
		s->response = (m->flags & IKEV2_F_RESPONSE) != 0;
		s->on_4500 = p->ike.nonesp_marker;
		s->lost = (uint8_t)lost;
		s->copies = 1;
		sa_when(&s->first, p);
		fresh = 1;
	}
	if (sa_later(&s->last, p))
		sa_when(&s->last, p);
	ev->copies = s->copies;
	sa_info_run(sa, p, from_ini);
	if (fresh)
		sa_collision(sa, p, from_ini);
	v1p1 = m->major == 1 && (m->exch == IKEV1_X_MAIN ||
	    m->exch == IKEV1_X_AGGRESSIVE);
	if (v1p1) {
		if (sa->mode == 0)
			sa->mode = m->exch;
		else if (sa->mode != m->exch && !sa->mode_clash) {
			sa->mode_clash = 1;
			sa_when(&sa->mode_clash_at, p);
		}
		step = m->exch == IKEV1_X_MAIN ?
		    sa_main_step(sa, m, from_ini) :
		    sa_aggr_step(sa, m, from_ini);
		if (step > sa->p1_step)
			sa->p1_step = (uint8_t)step;
		if ((m->exch == IKEV1_X_MAIN && sa->p1_step == 6) ||
		    (m->exch == IKEV1_X_AGGRESSIVE && sa->p1_step == 3))
			sa->established = 1;
	} else if (m->major == 1)
		step = sa_v1_exchange(sa, p, from_ini, ev->retransmit);
	else {
		if (m->exch == IKEV2_X_IKE_SA_INIT && sa->mode == 0)
			sa->mode = m->exch;
		step = sa_v2_exchange(sa, p, from_ini, ev->retransmit);
		sa_v2_facts(sa, p, sa_xchg_find(sa, m->msgid,
		    (m->flags & IKEV2_F_RESPONSE) ? !from_ini : from_ini, 1));
	}
	if (fresh) {
		sa_position(sa, s, p, step, from_ini);
		ev->new_request = s->wants_answer;
		if (s->pos.set)
			sa_answers(sa, p, s);
		sa_p1_facts(sa, p, step, from_ini);
		sa_natd(sa, p, from_ini);
		sa_notifies(sa, p, from_ini);
	}
	sa->messages++;
	sa->sent[side]++;
	if (sa_later(&sa->last_from[side], p))
		sa_when(&sa->last_from[side], p);
	if (sa_later(&sa->last, p))
		sa_when(&sa->last, p);
	ev->step = step;
	ev->from_ini = from_ini;
}

void
sa_update(struct ike_sa *sa, const struct pkt *p, struct sa_event *ev)
{
	sa_apply(sa, p, ev, 0);
}

void
sa_update_lost(struct ike_sa *sa, const struct pkt *p, uint32_t have,
    uint32_t total, struct sa_event *ev)
{
	struct sa_fraglost *f;

	sa_apply(sa, p, ev, 1);
	if (sa_rare_make(sa) == NULL)
		return;
	f = &sa->rare->fraglost;
	if (f->count < 4)
		f->frames[f->count] = p->frame;
	if (f->count++ == 0 || p->frame < f->first.frame) {
		sa_when(&f->first, p);
		f->from_ini = (uint8_t)ev->from_ini;
		f->waiting = sa->pos[ev->from_ini ? SA_INI : SA_RSP];
	}
	if (sa_later(&f->last, p))
		sa_when(&f->last, p);
	f->have = have;
	f->total = total;
}

void
sa_ikefrag_lost(struct ike_sa *sa, int from_ini, uint8_t exch,
    uint32_t have, uint32_t total, uint64_t first_frame,
    uint64_t last_frame, const struct pkt *when)
{
	struct sa_fraglost *f;

	(void)exch;
	if (sa_rare_make(sa) == NULL)
		return;
	f = &sa->rare->fraglost;
	if (f->count < 4)
		f->frames[f->count] = first_frame;
	if (f->count++ == 0) {
		sa_when(&f->first, when);
		f->first.frame = first_frame;
		f->from_ini = (uint8_t)from_ini;
		f->waiting = sa->pos[from_ini ? SA_INI : SA_RSP];
	}
	sa_when(&f->last, when);
	f->last.frame = last_frame;
	f->ike = 1;
	f->have = have;
	f->total = total;
}

void
sa_icmp(struct ike_sa *sa, const struct pkt *p)
{
	struct sa_icmp *c;
	int from_ini = addr_eq(&p->icmp.src, &sa->ini);

	if (sa_rare_make(sa) == NULL)
		return;
	c = &sa->rare->icmp;
	if (c->count < 4)
		c->frames[c->count] = p->frame;
	if (c->count++ == 0) {
		c->type = p->icmp.type;
		c->code = p->icmp.code;
		c->v6 = p->icmp.v6;
		c->mtu = p->icmp.mtu;
		c->from = p->src;
		c->quoted_from_ini = (uint8_t)from_ini;
		c->waiting = sa->pos[from_ini ? SA_INI : SA_RSP];
		sa_when(&c->first, p);
	}
	sa_when(&c->last, p);
}
