/*
 * finding.c: from an IKE SA's record to findings (see finding.h).
 *
 * Each rule reads the wire picture the SA's record keeps and says what it
 * shows in the engineer's words.  The causes follow the field knowledge
 * in ../shared/docs/TROUBLESHOOTING.md, reordered by what this capture
 * adds: an ICMP error, a NAT-T float, lost fragments, a silent direction.
 * Claims are about this capture point: "nothing came back here", never
 * "the peer did not answer".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag/finding.h"
#include "diag/rules.h"
#include "dissect/names.h"
#include "dissect/registry.h"

static const struct {
	const char	*id;
	enum finding_sev sev;
	int		 drawn;
} catalogue[] = {
#define F(e, id, sev, drawn) { id, sev, drawn },
#include "diag/finding.def"
#undef F
};

const char *
finding_id_name(enum finding_id id)
{
	return (unsigned)id < F_COUNT ? catalogue[id].id : "unknown";
}

const char *
finding_sev_name(enum finding_sev s)
{
	static const char *const n[] = { "error", "warning", "info" };

	return (unsigned)s <= SEV_INFO ? n[s] : "info";
}

enum finding_sev
finding_default_sev(enum finding_id id)
{
	return (unsigned)id < F_COUNT ? catalogue[id].sev : SEV_INFO;
}

int
finding_drawn(enum finding_id id)
{
	return (unsigned)id < F_COUNT && catalogue[id].drawn;
}

int
finding_id_parse(const char *s)
{
	int i;

	for (i = 0; i < F_COUNT; i++)
		if (strcmp(s, catalogue[i].id) == 0)
			return i;
	return -1;
}

void
finding_init(struct finding *f, enum finding_id id, const struct ike_sa *sa)
{
	memset(f, 0, sizeof(*f));
	f->id = id;
	f->sev = finding_default_sev(id);
	if (sa == NULL)
		return;
	f->version = sa->key.version;
	f->ispi = sa->key.ispi;
	f->rspi = sa->rspi;
	f->has_peers = 1;
	f->ini = sa->ini;
	f->rsp = sa->rsp;
	f->ini_port = sa->ini_port;
	f->rsp_port = sa->rsp_port;
	f->first = sa->first;
	f->last = sa->last;
}

void
finding_frame(struct finding *f, uint64_t frame)
{
	int i;

	if (frame == 0)
		return;
	for (i = 0; i < f->nframes; i++)
		if (f->frames[i] == frame)
			return;
	if (f->nframes == FIND_FRAMES)
		return;
	/* Kept in order: proving frames read best as a sequence. */
	for (i = f->nframes; i > 0 && f->frames[i - 1] > frame; i--)
		f->frames[i] = f->frames[i - 1];
	f->frames[i] = frame;
	f->nframes++;
}

void
finding_cause(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	if (f->ncauses == FIND_CAUSES)
		return;
	va_start(ap, fmt);
	vsnprintf(f->causes[f->ncauses++], FIND_CAUSE, fmt, ap);
	va_end(ap);
}

void
finding_summary(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->summary, sizeof(f->summary), fmt, ap);
	va_end(ap);
}

void
finding_state(struct finding *f, const struct sa_pos *pos)
{
	int v;

	for (v = VOCAB_ASA; v <= VOCAB_RFC; v++)
		f->state[v] = sa_pos_name(pos, (enum state_vocab)v);
}

/* Appends to the summary. */
void
finding_more(struct finding *f, const char *fmt, ...)
{
	size_t n = strlen(f->summary);
	va_list ap;

	if (n + 1 >= sizeof(f->summary))
		return;
	va_start(ap, fmt);
	vsnprintf(f->summary + n, sizeof(f->summary) - n, fmt, ap);
	va_end(ap);
}

void
rv_emit(struct view *v, struct finding *f)
{
	uint32_t bit = 1u << f->id;

	if (v->ctx->skip & bit)
		return;
	v->ctx->drawn |= bit;
	v->ctx->emit(v->ctx->emit_arg, f);
	v->emitted++;
}

double
rv_secs(const struct sa_when *a, int64_t sec, uint32_t nsec)
{
	/* In doubles: a file's times may be anywhere in 64 bits. */
	return ((double)sec - (double)a->sec) + ((double)nsec -
	    (double)a->nsec) / 1e9;
}

double
rv_span(const struct sa_when *a, const struct sa_when *b)
{
	return rv_secs(a, b->sec, b->nsec);
}

const char *
rv_who(const struct view *v, int from_ini)
{
	return from_ini ? v->ini : v->rsp;
}

/* "Main Mode message 5", "the IKE_AUTH request", ... */
void
rv_msg_label(const struct ike_sa *sa, const struct sa_msg *m, char *buf,
    size_t len)
{
	const char *x = ike_exch_text(sa->key.version, m->exch);

	if (x == NULL)
		x = "exchange";
	if (sa->key.version == 1 && m->pos.set)
		snprintf(buf, len, "%s message %u", x, m->pos.step);
	else if (sa->key.version == 1)
		snprintf(buf, len, "an %s message", x);
	else
		snprintf(buf, len, "the %s %s (message ID %u)", x,
		    m->response ? "response" : "request", m->msgid);
}

void
rv_fmt_dur(double s, char *buf, size_t len)
{
	if (s < 0)
		s = 0;
	if (s < 1)
		snprintf(buf, len, "%.0f ms", s * 1000);
	else if (s < 100)
		snprintf(buf, len, "%.1f s", s);
	else
		snprintf(buf, len, "%.0f s", s);
}

const struct sa_msg *
rv_latest_from(const struct ike_sa *sa, int from_ini)
{
	const struct sa_msg *best = NULL;
	int i;

	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];

		if (m->used && m->from_ini == from_ini &&
		    (best == NULL || m->first.frame > best->first.frame))
			best = m;
	}
	return best;
}

/* m was waited on: sent again, or out for the stall time by now. */
int
rv_waited(const struct view *v, const struct sa_msg *m)
{
	return m->copies >= 2 || rv_secs(&m->first, v->ctx->now_sec,
	    v->ctx->now_nsec) >= v->ctx->stall;
}

const struct sa_xchg *
rv_xchg_of(const struct ike_sa *sa, const struct sa_msg *m)
{
	int starter = m->response ? !m->from_ini : m->from_ini;
	const struct sa_xchg *best = NULL;
	int i;

	for (i = 0; i < SA_XCHGS; i++) {
		const struct sa_xchg *x = &sa->xchg[i];

		if (x->used && x->msgid == m->msgid && x->exch == m->exch &&
		    (sa->key.version == 1 || (x->starter_ini != 0) ==
		    (starter != 0)) && (best == NULL ||
		    x->last.frame > best->last.frame))
			best = x;
	}
	return best;
}

/* The request copies' frames: from the timed copies when they are its. */
void
rv_copy_frames(struct finding *f, const struct ike_sa *sa,
    const struct sa_msg *m)
{
	int i;

	finding_frame(f, m->first.frame);
	if (sa_rare(sa)->retx.used && sa_rare(sa)->retx.hash == m->hash &&
	    sa_rare(sa)->retx.from_ini == m->from_ini)
		for (i = 0; i < sa_rare(sa)->retx.n; i++)
			finding_frame(f, sa_rare(sa)->retx.frame[i]);
	finding_frame(f, m->last.frame);
}

/*
 * A finding about one message: its state, its time span, its copies and
 * their frames; the rule adds what else it knows.
 */
void
rv_msg_finding(struct finding *f, enum finding_id id, const struct ike_sa *sa,
    const struct sa_msg *m)
{
	finding_init(f, id, sa);
	finding_state(f, &m->pos);
	f->first = m->first;
	f->last = m->last;
	f->count = m->copies;
	rv_copy_frames(f, sa, m);
}

/* Step 1 of phase 1 (MM1, AM1, IKE_SA_INIT): nothing negotiated yet. */
int
rv_first_contact(const struct sa_msg *m)
{
	return m->pos.set && m->pos.step == 1 && (m->pos.xk == STX_MAIN ||
	    m->pos.xk == STX_AGGR || m->pos.xk == STX_SA_INIT);
}

const char *
rv_notify_name(const struct ike_sa *sa, uint16_t type, char *buf, size_t len)
{
	return reg_name_or(sa->key.version == 1 ? &reg_ikev1_notify :
	    &reg_ikev2_notify, type, buf, len);
}

int
rv_is_auth_notify(int version, uint16_t t)
{
	if (version == 2)
		return t == 24;
	/* INVALID-HASH-INFORMATION, AUTHENTICATION-FAILED, PAYLOAD-MALFORMED,
	   INVALID-SIGNATURE, INVALID-ID-INFORMATION */
	return t == 23 || t == 24 || t == 16 || t == 25 || t == 18;
}

const struct sa_msg *
rv_find_pos(const struct ike_sa *sa, enum state_xchg xk, int step)
{
	const struct sa_msg *best = NULL;
	int i;

	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];

		if (m->used && m->pos.set && m->pos.xk == xk &&
		    m->pos.step == step && (best == NULL ||
		    m->first.frame > best->first.frame))
			best = m;
	}
	return best;
}

/* An Informational from the other side after m: a refusal in cipher. */
const struct sa_msg *
rv_info_after(const struct ike_sa *sa, const struct sa_msg *m)
{
	uint8_t info = sa->key.version == 1 ? IKEV1_X_INFO :
	    IKEV2_X_INFORMATIONAL;
	int i;

	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *o = &sa->msg[i];

		if (o->used && o->from_ini != m->from_ini && o->exch == info &&
		    o->first.frame > m->first.frame)
			return o;
	}
	return NULL;
}

int
rv_has_note(const struct ike_sa *sa, enum finding_id id)
{
	int i;

	for (i = 0; i < SA_NOTES; i++)
		if (sa_rare(sa)->note[i].count > 0 && ((id == F_AUTH_FAILED &&
		    rv_is_auth_notify(sa->key.version, sa_rare(sa)->note[i].type)) ||
		    (id == F_PROPOSAL_MISMATCH && sa_rare(sa)->note[i].type == 14)))
			return 1;
	return 0;
}

/* The side sent answers (to requests this capture may not hold). */
int
rv_answers_from(const struct ike_sa *sa, int from_ini)
{
	int i;

	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];

		if (m->used && m->from_ini == from_ini && (m->response ||
		    (sa->key.version == 1 && m->pos.set && m->pos.step >= 2)))
			return 1;
	}
	return 0;
}

static void
view_init(struct view *v, const struct ike_sa *sa,
    struct assess_ctx *ctx)
{
	int i, side;

	static const struct sa_keyed none;

	memset(v, 0, sizeof(*v));
	v->sa = sa;
	v->ctx = ctx;
	v->keyed = ctx->keyed != NULL ? ctx->keyed : &none;
	addr_fmt(&sa->ini, v->ini, sizeof(v->ini));
	addr_fmt(&sa->rsp, v->rsp, sizeof(v->rsp));
	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];
		const struct sa_msg **u;

		if (!m->used || !m->wants_answer || m->answered ||
		    sa_msg_moved_on(sa, m) || !rv_waited(v, m))
			continue;
		/* IKEv1: any message back is a reaction; IKEv2 pairs ids. */
		if (sa->key.version == 1 && sa_msg_reacted(sa, m))
			continue;
		u = &v->unanswered[m->from_ini ? SA_INI : SA_RSP];
		if (*u == NULL || m->first.frame > (*u)->first.frame)
			*u = m;
	}
	if (sa_rare(sa)->icmp.count > 0) {
		const struct sa_icmp *c = &sa_rare(sa)->icmp;

		v->icmp_port = (!c->v6 && c->type == 3 && c->code == 3) ||
		    (c->v6 && c->type == 1 && c->code == 4);
		v->icmp_filtered = (!c->v6 && c->type == 3 && (c->code == 9 ||
		    c->code == 10 || c->code == 13)) ||
		    (c->v6 && c->type == 1 && c->code == 1);
	}
	if (sa->floated && sa->float_at.frame > 0) {
		int o = sa->float_from_ini ? SA_RSP : SA_INI;
		const struct sa_msg *u = v->unanswered[sa->float_from_ini ?
		    SA_INI : SA_RSP];

		/* Lost fragments are fragment_lost, not a blocked port. */
		v->natt_blocked = u != NULL && u->on_4500 && !u->lost &&
		    sa->sent[o] > 0 &&
		    sa->last_from[o].frame < sa->float_at.frame;
	}
	/*
	 * A side is silent in this capture when it never appears, and the
	 * other side's messages say it should have: answers to requests
	 * that are not here, or a request that waited in vain.
	 */
	for (side = 0; side < 2; side++) {
		int o = side == SA_INI ? SA_RSP : SA_INI;

		v->silent[side] = sa->sent[side] == 0 && sa->sent[o] > 0 &&
		    (v->unanswered[o] != NULL || rv_answers_from(sa, o == SA_INI)) &&
		    sa_rare(sa)->icmp.count == 0 && (ctx->addr_seen == NULL ||
		    !ctx->addr_seen(ctx->arg, side == SA_INI ? &sa->ini :
		    &sa->rsp));
	}
}

_Static_assert(F_COUNT <= 32, "finding ids must fit a 32-bit mask");

int
assess_sa(const struct ike_sa *sa, struct assess_ctx *ctx)
{
	struct view v;

	view_init(&v, sa, ctx);
	if (ctx->early) {
		/* A stall while the SA lives: what waits, and why. */
		rule_no_response(&v);
		rule_natt(&v);
		rule_dpd(&v);
		return v.emitted;
	}
	rule_notifies(&v);
	rule_mode_clash(&v);
	rule_auth_quiet(&v);
	rule_qm_refused(&v);
	rule_no_response(&v);
	rule_natt(&v);
	rule_fraglost(&v);
	rule_icmp(&v);
	rule_reply_lost(&v);
	rule_retransmit(&v);
	rule_dpd(&v);
	rule_nat(&v);
	rule_rebind(&v);
	rule_lifetime(&v);
	rule_collision(&v);
	rule_one_sided(&v);
	rule_decrypt(&v);
	rule_esp_keyed(&v);
	return v.emitted;
}
