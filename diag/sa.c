/*
 * sa.c: following IKE SAs message by message (see sa.h).
 *
 * Exchanges are read as scripts: Main Mode is six messages alternating
 * from the initiator, Aggressive Mode three, Quick Mode three started by
 * either side, every IKEv2 exchange a request and its response.  Which
 * message of a script a packet is follows from who sent it and what it
 * carries (RFC 2409 section 5: MM1/MM2 carry SA, MM3/MM4 KE, MM5/MM6 are
 * encrypted), never from timing.
 */
#include <string.h>

#include "diag/sa.h"
#include "dissect/names.h"

/* FNV-1a: a retransmission is the same bytes, nothing adversarial here. */
static uint64_t
sa_hash(const uint8_t *b, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
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

static void
sa_when(struct sa_when *w, const struct pkt *p)
{
	w->frame = p->frame;
	w->sec = p->ts_sec;
	w->nsec = p->ts_nsec;
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

static struct sa_msg *
sa_msg_add(struct ike_sa *sa)
{
	struct sa_msg *s = &sa->msg[sa->msg_next];

	sa->msg_next = (uint8_t)((sa->msg_next + 1) % SA_MSGS);
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

static void
sa_endpoints(struct ike_sa *sa, const struct pkt *p, int from_ini)
{
	if (from_ini) {
		sa->ini_port = p->sport;
		sa->rsp_port = p->dport;
	} else {
		sa->rsp_port = p->sport;
		sa->ini_port = p->dport;
	}
	if (p->ike.nonesp_marker || p->sport == 4500 || p->dport == 4500)
		sa->floated = 1;
}

/* Who sent it: IKEv2 says so in its flags, IKEv1 by address. */
static int
sa_from_ini(struct ike_sa *sa, const struct pkt *p)
{
	if (sa->key.version == 2)
		return (p->ike.flags & IKEV2_F_INITIATOR) != 0;
	return addr_eq(&p->src, &sa->ini);
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
	} else {
		sa->ini = p->dst;
		sa->rsp = p->src;
	}
	sa->first.frame = p->frame;
	sa->first.sec = p->ts_sec;
	sa->first.nsec = p->ts_nsec;
}

void
sa_update(struct ike_sa *sa, const struct pkt *p, struct sa_event *ev)
{
	const struct ike_msg *m = &p->ike;
	size_t n = m->len >= 28 && m->len <= m->rawlen ? m->len : m->rawlen;
	uint64_t h = sa_hash(m->raw, n);
	struct sa_msg *s;
	int from_ini, step = 0, v1p1;

	memset(ev, 0, sizeof(*ev));
	ev->sa = sa;
	if (sa->messages == 0) {
		sa_create(sa, p);
		ev->created = 1;
	}
	from_ini = sa_from_ini(sa, p);
	if (sa->rspi == 0 && m->rspi != 0)
		sa->rspi = m->rspi;
	sa_endpoints(sa, p, from_ini);
	if ((s = sa_msg_find(sa, h, from_ini)) != NULL) {
		s->copies++;
		sa->retransmits++;
		ev->retransmit = 1;
	} else {
		s = sa_msg_add(sa);
		s->hash = h;
		s->msgid = m->msgid;
		s->exch = m->exch;
		s->from_ini = (uint8_t)from_ini;
		s->response = (m->flags & IKEV2_F_RESPONSE) != 0;
		s->copies = 1;
		sa_when(&s->first, p);
	}
	sa_when(&s->last, p);
	ev->copies = s->copies;
	v1p1 = m->major == 1 && (m->exch == IKEV1_X_MAIN ||
	    m->exch == IKEV1_X_AGGRESSIVE);
	if (v1p1) {
		if (sa->mode == 0)
			sa->mode = m->exch;
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
	}
	sa->messages++;
	sa_when(&sa->last, p);
	ev->step = step;
	ev->from_ini = from_ini;
}

static enum state_xchg
sa_state_xchg(int version, uint8_t exch)
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

/* The latest exchange after phase 1 that is still waiting, or NULL. */
static const struct sa_xchg *
sa_pending(const struct ike_sa *sa)
{
	const struct sa_xchg *best = NULL;
	int i;

	for (i = 0; i < SA_XCHGS; i++) {
		const struct sa_xchg *x = &sa->xchg[i];
		int done;

		if (!x->used)
			continue;
		if (sa->key.version == 1)
			done = x->exch != IKEV1_X_QUICK || x->step == 3;
		else
			done = x->step == 2;
		if (done)
			continue;
		if (best == NULL || x->last.frame > best->last.frame)
			best = x;
	}
	return best;
}

const char *
sa_state(const struct ike_sa *sa, enum state_side side, enum state_vocab v)
{
	const struct sa_xchg *x = sa_pending(sa);
	const char *s;
	enum state_side xs;

	if (x != NULL && (sa->established || sa->key.version == 2)) {
		/* The exchange's own sides may be the SA's sides swapped. */
		xs = (side == STS_INI) == (x->starter_ini != 0) ? STS_INI :
		    STS_RSP;
		s = state_name(sa_state_xchg(sa->key.version, x->exch),
		    x->step, xs, v);
		if (s != NULL)
			return s;
	}
	if (sa->key.version == 2) {
		if (sa->established)
			return state_name(STX_AUTH, 2, side, v);
		return sa->p1_step ? state_name(STX_SA_INIT, sa->p1_step,
		    side, v) : NULL;
	}
	return sa->p1_step ? state_name(sa_state_xchg(1, sa->mode),
	    sa->p1_step, side, v) : NULL;
}

enum state_side
sa_waiting_side(const struct ike_sa *sa)
{
	const struct sa_msg *last = NULL;
	int i;

	for (i = 0; i < SA_MSGS; i++)
		if (sa->msg[i].used && (last == NULL ||
		    sa->msg[i].last.frame > last->last.frame))
			last = &sa->msg[i];
	if (last == NULL || sa_state(sa, last->from_ini ? STS_INI : STS_RSP,
	    VOCAB_ASA) == NULL)
		return STS_INI;
	return last->from_ini ? STS_INI : STS_RSP;
}

const char *
sa_phase1(const struct ike_sa *sa)
{
	return sa->established ? "complete" : "incomplete";
}

const char *
sa_mode(const struct ike_sa *sa)
{
	const char *n = ike_exch_json(sa->key.version, sa->mode);

	return n != NULL ? n : "unknown";
}
