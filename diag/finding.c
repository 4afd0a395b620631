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

#include "diag/backoff.h"
#include "diag/finding.h"
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

/*
 * The smallest IDr + AUTH an IKE_AUTH answer can carry (RFC 7296 3.5,
 * 3.8: 4-byte headers, a 1-byte identity, a 16-byte PRF output), and the
 * smallest that also carries a child SA (SA with one ESP proposal, TSi and
 * TSr with one IPv4 range each).
 */
#define V2_ROOM_AUTH	(9 + 24)
#define V2_ROOM_CHILD	(V2_ROOM_AUTH + 24 + 24 + 24)

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

static void
finding_state(struct finding *f, const struct sa_pos *pos)
{
	int v;

	for (v = VOCAB_ASA; v <= VOCAB_RFC; v++)
		f->state[v] = sa_pos_name(pos, (enum state_vocab)v);
}

/* Appends to the summary. */
static void
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

/* What the assessment works with. */
struct view {
	const struct ike_sa *sa;
	const struct assess_ctx *ctx;
	char	 ini[ADDR_STRLEN];
	char	 rsp[ADDR_STRLEN];
	int	 emitted;
	/* facts more than one rule weighs */
	const struct sa_msg *unanswered[2];	/* latest per side */
	int	 natt_blocked;
	int	 icmp_port;
	int	 icmp_filtered;
	int	 silent[2];		/* nothing at all from that side */
};

static void
emit(struct view *v, struct finding *f)
{
	v->ctx->emit(v->ctx->emit_arg, f);
	v->emitted++;
}

static double
secs(const struct sa_when *a, int64_t sec, uint32_t nsec)
{
	return (double)(sec - a->sec) + ((double)nsec - (double)a->nsec) /
	    1e9;
}

static double
span(const struct sa_when *a, const struct sa_when *b)
{
	return secs(a, b->sec, b->nsec);
}

static const char *
who(const struct view *v, int from_ini)
{
	return from_ini ? v->ini : v->rsp;
}

/* "Main Mode message 5", "the IKE_AUTH request", ... */
static void
msg_label(const struct ike_sa *sa, const struct sa_msg *m, char *buf,
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

static void
fmt_dur(double s, char *buf, size_t len)
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

static const struct sa_msg *
latest_from(const struct ike_sa *sa, int from_ini)
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

/* The sender went on with a later message of the same exchange. */
static int
moved_on(const struct ike_sa *sa, const struct sa_msg *m)
{
	int i;

	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *o = &sa->msg[i];

		if (o->used && o != m && o->from_ini == m->from_ini &&
		    o->exch == m->exch && o->msgid == m->msgid &&
		    o->pos.set && o->pos.step > m->pos.step)
			return 1;
	}
	return 0;
}

/* Anything from the other side after m first left. */
static int
reacted(const struct ike_sa *sa, const struct sa_msg *m)
{
	const struct sa_when *w = &sa->last_from[m->from_ini ? SA_RSP :
	    SA_INI];

	return w->frame > m->first.frame;
}

static int
waited(const struct view *v, const struct sa_msg *m)
{
	return m->copies >= 2 || secs(&m->first, v->ctx->now_sec,
	    v->ctx->now_nsec) >= v->ctx->stall;
}

static const struct sa_xchg *
xchg_of(const struct ike_sa *sa, const struct sa_msg *m)
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
static void
copy_frames(struct finding *f, const struct ike_sa *sa,
    const struct sa_msg *m)
{
	int i;

	finding_frame(f, m->first.frame);
	if (sa->retx.used && sa->retx.hash == m->hash &&
	    sa->retx.from_ini == m->from_ini)
		for (i = 0; i < sa->retx.n; i++)
			finding_frame(f, sa->retx.frame[i]);
	finding_frame(f, m->last.frame);
}

/* Step 1 of phase 1 (MM1, AM1, IKE_SA_INIT): nothing negotiated yet. */
static int
first_contact(const struct sa_msg *m)
{
	return m->pos.set && m->pos.step == 1 && (m->pos.xk == STX_MAIN ||
	    m->pos.xk == STX_AGGR || m->pos.xk == STX_SA_INIT);
}

static void
causes_unanswered(struct view *v, struct finding *f, const struct sa_msg *m)
{
	const struct ike_sa *sa = v->sa;
	const char *peer = who(v, !m->from_ini);

	if (v->icmp_port)
		finding_cause(f, "no IKE service on %s: an ICMP port "
		    "unreachable came back (IKE daemon stopped, IKE disabled "
		    "or the crypto map not applied on that interface)", peer);
	if (v->icmp_filtered)
		finding_cause(f, "a firewall or ACL on the way rejects the "
		    "packets (ICMP administratively prohibited)");
	if (v->natt_blocked && m->on_4500)
		finding_cause(f, "UDP 4500 is blocked on the path after the "
		    "NAT-T float: the exchange on UDP 500 worked");
	if (sa->fraglost.count > 0 && !sa->fraglost.ike)
		finding_cause(f, "IP fragments of the request are dropped on "
		    "the path (firewall or NAT discarding non-first "
		    "fragments, MTU)");
	if (first_contact(m)) {
		finding_cause(f, "no reachability to %s, or UDP %u filtered on"
		    " the way", peer, m->from_ini ? sa->rsp_port :
		    sa->ini_port);
		finding_cause(f, "wrong peer address configured (crypto map"
		    " peer, tunnel-group, remote address)");
		finding_cause(f, "the peer has IKE disabled on this interface"
		    " or no policy for %s and stays silent", who(v,
		    m->from_ini));
		return;
	}
	switch (m->pos.xk) {
	case STX_MAIN:
		if (m->pos.step == 2)
			finding_cause(f, "the initiator never got message 2 "
			    "(return path), or an interoperability problem");
		else if (m->pos.step == 3)
			finding_cause(f, "the responder has no pre-shared key"
			    " or tunnel group for %s's address, or a "
			    "middlebox interferes", v->ini);
		else if (m->pos.step == 4)
			finding_cause(f, "message 5 moved to UDP 4500 after "
			    "NAT detection and 4500 is blocked, or the keys "
			    "differ");
		else if (m->pos.step == 5)
			finding_cause(f, "pre-shared key mismatch: the "
			    "responder cannot decrypt message 5 and drops it");
		if (m->pos.step == 5 && !v->natt_blocked)
			finding_cause(f, "UDP 4500 blocked after the NAT-T "
			    "float, or PFS configured on one side only");
		break;
	case STX_AGGR:
		finding_cause(f, "authentication failed: pre-shared key or "
		    "identity (group name) mismatch");
		break;
	case STX_QUICK:
		if (m->pos.step == 1) {
			finding_cause(f, "proxy identities (crypto ACLs, "
			    "encryption domains) are not mirror images");
			finding_cause(f, "transform set mismatch, or PFS "
			    "configured on one side only");
		} else
			finding_cause(f, "the initiator rejected the answer, "
			    "or Quick Mode message 2 was lost");
		break;
	case STX_AUTH:
		finding_cause(f, "the request is fragmented (certificates) "
		    "and the fragments are dropped on the path");
		finding_cause(f, "UDP 4500 blocked after NAT detection");
		finding_cause(f, "the responder cannot process the request "
		    "(decryption failure, overload)");
		break;
	case STX_INFO:
		finding_cause(f, "%s is down or restarted (it lost the SA), "
		    "or the path to it is down", peer);
		break;
	default:
		finding_cause(f, "%s is overloaded, restarted or "
		    "unreachable", peer);
		break;
	}
}

static void
rule_no_response(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	int side;

	for (side = 0; side < 2; side++) {
		const struct sa_msg *m = v->unanswered[side];
		struct finding f;
		char what[96], dur[32], tail[32];

		if (m == NULL)
			continue;
		finding_init(&f, F_NO_RESPONSE, sa);
		finding_state(&f, &m->pos);
		f.first = m->first;
		f.last = m->last;
		f.count = m->copies;
		copy_frames(&f, sa, m);
		msg_label(sa, m, what, sizeof(what));
		fmt_dur(span(&m->first, &m->last), dur, sizeof(dur));
		fmt_dur(secs(&m->last, v->ctx->now_sec, v->ctx->now_nsec),
		    tail, sizeof(tail));
		finding_summary(&f, "%s in %s: %s sent %u time%s over %s to "
		    "%s, nothing came back from it at this capture point "
		    "(the last copy %s before the end)",
		    m->from_ini ? "initiator" : "responder",
		    f.state[VOCAB_ASA] ? f.state[VOCAB_ASA] : "an exchange",
		    what, m->copies, m->copies == 1 ? "" : "s", dur,
		    who(v, !m->from_ini), tail);
		if (v->silent[m->from_ini ? SA_RSP : SA_INI])
			finding_more(&f, "; nothing at all from %s appears in"
			    " this capture, so a capture that misses that "
			    "direction would look the same",
			    who(v, !m->from_ini));
		causes_unanswered(v, &f, m);
		emit(v, &f);
	}
}

static void
rule_retransmit(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	int i;

	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];
		struct finding f;
		struct backoff b;
		char what[96], dur[32], pat[200], gaps[96];
		size_t gl = 0;
		int k;

		if (!m->used || m->copies < 2 || !m->wants_answer)
			continue;
		finding_init(&f, F_RETRANSMIT, sa);
		finding_state(&f, &m->pos);
		f.first = m->first;
		f.last = m->last;
		f.count = m->copies;
		copy_frames(&f, sa, m);
		msg_label(sa, m, what, sizeof(what));
		fmt_dur(span(&m->first, &m->last), dur, sizeof(dur));
		gaps[0] = '\0';
		pat[0] = '\0';
		if (sa->retx.used && sa->retx.hash == m->hash &&
		    sa->retx.from_ini == m->from_ini && sa->retx.n >= 2) {
			for (k = 1; k < sa->retx.n && gl < sizeof(gaps) - 12;
			    k++)
				gl += (size_t)snprintf(gaps + gl,
				    sizeof(gaps) - gl, "%s%.1f",
				    k > 1 ? ", " : "",
				    (sa->retx.ms[k] - sa->retx.ms[k - 1]) /
				    1000.0);
			if (backoff_match(sa->retx.ms, sa->retx.n, &b) !=
			    BACKOFF_NONE)
				backoff_words(&b, pat, sizeof(pat));
		}
		finding_summary(&f, "%s sent %s %u times over %s (%u "
		    "retransmission%s)", who(v, m->from_ini), what, m->copies,
		    dur, m->copies - 1, m->copies == 2 ? "" : "s");
		if (gaps[0] != '\0')
			finding_more(&f, ", gaps %s s", gaps);
		if (pat[0] != '\0')
			finding_more(&f, ": %s", pat);
		if (m->answered && m->after_answer == 0)
			finding_more(&f, "; the answer came after the last "
			    "copy (frame %llu)",
			    (unsigned long long)m->answer.frame);
		else if (m->answered)
			finding_more(&f, "; it was answered (frame %llu), and "
			    "%u cop%s after the answer",
			    (unsigned long long)m->answer.frame,
			    m->after_answer, m->after_answer == 1 ?
			    "y went out" : "ies went out");
		else if (reacted(sa, m))
			finding_more(&f, "; %s reacted only with other "
			    "messages", who(v, !m->from_ini));
		else
			finding_more(&f, "; no answer reached this capture "
			    "point");
		if (m->answered && m->after_answer > 0)
			finding_cause(&f, "the answers from %s do not reach %s"
			    " (return path, NAT, asymmetric routing)",
			    who(v, !m->from_ini), who(v, m->from_ini));
		else if (m->answered)
			finding_cause(&f, "the answer was slow, or the first "
			    "copies or answers were lost on the way: the "
			    "exchange completed");
		else if (!reacted(sa, m))
			causes_unanswered(v, &f, m);
		else
			finding_cause(&f, "%s refuses or cannot process the "
			    "message (see the other findings of this SA)",
			    who(v, !m->from_ini));
		emit(v, &f);
	}
}

static void
rule_reply_lost(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	int i;

	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];
		struct finding f;
		char what[96];

		if (!m->used || !m->wants_answer || !m->answered ||
		    m->after_answer == 0 || latest_from(sa, m->from_ini) != m)
			continue;
		finding_init(&f, F_REPLY_LOST, sa);
		finding_state(&f, &m->pos);
		f.first = m->first;
		f.last = m->last;
		f.count = m->after_answer;
		copy_frames(&f, sa, m);
		finding_frame(&f, m->answer.frame);
		finding_frame(&f, sa->last_from[m->from_ini ? SA_RSP :
		    SA_INI].frame);
		msg_label(sa, m, what, sizeof(what));
		finding_summary(&f, "%s answered %s of %s (first answer frame "
		    "%llu), yet %s sent it %u more time%s and never went on: "
		    "the answers pass this capture point but do not reach %s",
		    who(v, !m->from_ini), what, who(v, m->from_ini),
		    (unsigned long long)m->answer.frame, who(v, m->from_ini),
		    m->after_answer, m->after_answer == 1 ? "" : "s",
		    who(v, m->from_ini));
		finding_cause(&f, "a firewall or ACL between this capture "
		    "point and %s drops the answers (UDP from %s port %u)",
		    who(v, m->from_ini), who(v, !m->from_ini),
		    m->from_ini ? sa->rsp_port : sa->ini_port);
		finding_cause(&f, "asymmetric routing: the answers leave by "
		    "another path or are dropped by a stateful device that "
		    "did not see the request");
		finding_cause(&f, "a NAT on the way back that does not map "
		    "the answers to %s", who(v, m->from_ini));
		emit(v, &f);
	}
}

static const char *
notify_name(const struct ike_sa *sa, uint16_t type, char *buf, size_t len)
{
	return reg_name_or(sa->key.version == 1 ? &reg_ikev1_notify :
	    &reg_ikev2_notify, type, buf, len);
}

static int
is_auth_notify(int version, uint16_t t)
{
	if (version == 2)
		return t == 24;
	/* INVALID-HASH-INFORMATION, AUTHENTICATION-FAILED, PAYLOAD-MALFORMED,
	   INVALID-SIGNATURE, INVALID-ID-INFORMATION */
	return t == 23 || t == 24 || t == 16 || t == 25 || t == 18;
}

static void
note_common(struct view *v, struct finding *f, const struct sa_note *n)
{
	f->first = n->first;
	f->last = n->last;
	f->count = n->count;
	finding_frame(f, n->first.frame);
	finding_frame(f, n->last.frame);
	finding_state(f, &n->waiting);
	(void)v;
}

static void
note_proposal(struct view *v, const struct sa_note *n, const char *nn)
{
	const struct ike_sa *sa = v->sa;
	struct finding f;

	finding_init(&f, F_PROPOSAL_MISMATCH, sa);
	note_common(v, &f, n);
	finding_frame(&f, sa->offer_frame);
	finding_summary(&f, "%s refused the proposal with %s (frame %llu)",
	    who(v, n->from_ini), nn, (unsigned long long)n->first.frame);
	if (sa->offer[0] != '\0' && n->waiting.set && n->waiting.step == 1 &&
	    n->waiting.xk != STX_QUICK)
		finding_more(&f, "; %s offered %s (frame %llu)",
		    who(v, !n->from_ini), sa->offer,
		    (unsigned long long)sa->offer_frame);
	if (n->waiting.xk == STX_QUICK || n->waiting.xk == STX_AUTH ||
	    n->waiting.xk == STX_CHILD) {
		finding_cause(&f, "the phase 2 / child SA proposals differ: "
		    "ESP encryption or integrity, PFS group, or lifetime");
	} else {
		finding_cause(&f, "the phase 1 policies differ: encryption, "
		    "hash or integrity, Diffie-Hellman group, authentication "
		    "method or lifetime; compare the offer with %s's "
		    "configuration", who(v, n->from_ini));
		if (sa->key.version == 1)
			finding_cause(&f, "%s has no policy for %s at all and "
			    "refuses every proposal", who(v, n->from_ini),
			    who(v, !n->from_ini));
	}
	emit(v, &f);
}

static void
note_dh(struct view *v, const struct sa_note *n)
{
	const struct ike_sa *sa = v->sa;
	struct finding f;
	char g[48] = "another group";
	int resolved = sa->p1_step >= 2 || sa->established;

	finding_init(&f, F_DH_GROUP_RETRY, sa);
	note_common(v, &f, n);
	if (n->has_data16)
		snprintf(g, sizeof(g), "%s", reg_name_or(&reg_dh_group,
		    n->data16, g, sizeof(g)));
	if (resolved) {
		f.sev = SEV_INFO;
		memset(f.state, 0, sizeof(f.state));
		finding_summary(&f, "%s answered the first IKE_SA_INIT with "
		    "INVALID_KE_PAYLOAD asking for %s; the retry with that "
		    "group was accepted", who(v, n->from_ini), g);
		finding_cause(&f, "normal: the initiator's first key "
		    "exchange guessed another group; list the group the "
		    "responder wants first to save a round trip");
	} else {
		f.sev = SEV_ERROR;
		finding_summary(&f, "%s answered IKE_SA_INIT with "
		    "INVALID_KE_PAYLOAD asking for %s %u time%s, and no retry"
		    " with that group succeeded", who(v, n->from_ini), g,
		    n->count, n->count == 1 ? "" : "s");
		finding_cause(&f, "the initiator does not allow %s: the "
		    "Diffie-Hellman groups configured on the two sides do "
		    "not overlap", g);
	}
	emit(v, &f);
}

static void
note_other(struct view *v, const struct sa_note *n, const char *nn)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_pos *w = &n->waiting;
	struct finding f;
	int t = n->type, id;

	if (t == 5 || (sa->key.version == 1 && t == 7))
		id = F_EXCHANGE_MISMATCH;
	else if (is_auth_notify(sa->key.version, (uint16_t)t) &&
	    w->xk == STX_AGGR && w->step == 1)
		id = F_EXCHANGE_MISMATCH;
	else if ((sa->key.version == 1 && t == 18 && w->xk == STX_QUICK) ||
	    (sa->key.version == 2 && (t == 38 || t == 39)))
		id = F_SELECTOR_MISMATCH;
	else if (is_auth_notify(sa->key.version, (uint16_t)t) &&
	    (w->xk == STX_MAIN || w->xk == STX_AGGR || w->xk == STX_AUTH))
		id = F_AUTH_FAILED;
	else
		id = F_NOTIFY_ERROR;
	finding_init(&f, (enum finding_id)id, sa);
	note_common(v, &f, n);
	switch (id) {
	case F_EXCHANGE_MISMATCH:
		if (sa->mode != 0)
			finding_summary(&f, "%s answered %s with %s (frame "
			    "%llu) before any exchange could proceed",
			    who(v, n->from_ini), sa_mode(sa), nn,
			    (unsigned long long)n->first.frame);
		else
			finding_summary(&f, "%s sent %s (frame %llu)",
			    who(v, n->from_ini), nn,
			    (unsigned long long)n->first.frame);
		if (w->xk == STX_AGGR)
			finding_cause(&f, "%s does not accept Aggressive Mode "
			    "from %s (Main Mode configured, or aggressive "
			    "mode disabled)", who(v, n->from_ini),
			    who(v, !n->from_ini));
		else
			finding_cause(&f, "the two sides speak different IKE "
			    "versions or exchange modes");
		finding_cause(&f, "no pre-shared key or group for the "
		    "identity sent in the first message");
		break;
	case F_SELECTOR_MISMATCH:
		finding_summary(&f, "%s refused the traffic selectors with %s"
		    " (frame %llu)", who(v, n->from_ini), nn,
		    (unsigned long long)n->first.frame);
		finding_cause(&f, "the protected networks (crypto ACLs, "
		    "encryption domains) are not mirror images: mask, "
		    "host-vs-network or protocol/port differ");
		break;
	case F_AUTH_FAILED:
		finding_summary(&f, "%s answered the authenticating message "
		    "with %s (frame %llu)", who(v, n->from_ini), nn,
		    (unsigned long long)n->first.frame);
		finding_cause(&f, "pre-shared key mismatch");
		finding_cause(&f, "the identity (ID payload) or certificate "
		    "is not the one %s expects", who(v, n->from_ini));
		break;
	default:
		finding_summary(&f, "%s sent the error notify %s %u time%s "
		    "(frame %llu)", who(v, n->from_ini), nn, n->count,
		    n->count == 1 ? "" : "s",
		    (unsigned long long)n->first.frame);
		finding_cause(&f, "%s reports %s: see RFC %s for its meaning",
		    who(v, n->from_ini), nn, sa->key.version == 1 ?
		    "2408 3.14.1" : "7296 3.10.1");
		break;
	}
	emit(v, &f);
}

static void
rule_notifies(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	int i;

	for (i = 0; i < SA_NOTES; i++) {
		const struct sa_note *n = &sa->note[i];
		char nb[64];
		const char *nn;

		if (n->count == 0)
			continue;
		nn = notify_name(sa, n->type, nb, sizeof(nb));
		if (n->type == 14)
			note_proposal(v, n, nn);
		else if (n->type == 17 && sa->key.version == 2)
			note_dh(v, n);
		else
			note_other(v, n, nn);
	}
}

static const struct sa_msg *
find_pos(const struct ike_sa *sa, enum state_xchg xk, int step)
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
static const struct sa_msg *
info_after(const struct ike_sa *sa, const struct sa_msg *m)
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

static int
has_note(const struct ike_sa *sa, enum finding_id id)
{
	int i;

	for (i = 0; i < SA_NOTES; i++)
		if (sa->note[i].count > 0 && ((id == F_AUTH_FAILED &&
		    is_auth_notify(sa->key.version, sa->note[i].type)) ||
		    (id == F_PROPOSAL_MISMATCH && sa->note[i].type == 14)))
			return 1;
	return 0;
}

/* Authentication that failed without a readable notify. */
static void
rule_auth_quiet(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_msg *m = NULL, *info = NULL;
	struct finding f;
	char what[96];

	if (has_note(sa, F_AUTH_FAILED) || sa->established)
		goto v2;
	if (sa->mode == IKEV1_X_MAIN && sa->p1_step == 5)
		m = find_pos(sa, STX_MAIN, 5);
	else if (sa->mode == IKEV1_X_AGGRESSIVE && sa->p1_step == 2)
		m = find_pos(sa, STX_AGGR, 2);
	if (m == NULL || m->answered)
		goto v2;
	info = info_after(sa, m);
	if (info == NULL && (m->copies < 2 || reacted(sa, m) ||
	    v->natt_blocked || sa->fraglost.count > 0 || sa->icmp.count > 0 ||
	    v->silent[m->from_ini ? SA_RSP : SA_INI]))
		goto v2;
	finding_init(&f, F_AUTH_FAILED, sa);
	finding_state(&f, &m->pos);
	f.first = m->first;
	f.last = m->last;
	f.count = m->copies;
	copy_frames(&f, sa, m);
	msg_label(sa, m, what, sizeof(what));
	if (info != NULL) {
		finding_frame(&f, info->first.frame);
		finding_summary(&f, "%s sent %s (encrypted) %u time%s and %s "
		    "answered only with encrypted Informational messages "
		    "(first frame %llu), never with the next message",
		    who(v, m->from_ini), what, m->copies,
		    m->copies == 1 ? "" : "s", who(v, !m->from_ini),
		    (unsigned long long)info->first.frame);
	} else
		finding_summary(&f, "%s sent %s (encrypted) %u times and "
		    "nothing came back, although %s answered every earlier "
		    "message", who(v, m->from_ini), what, m->copies,
		    who(v, !m->from_ini));
	finding_cause(&f, "pre-shared key mismatch: %s cannot decrypt or "
	    "verify %s", m->pos.xk == STX_MAIN ? who(v, !m->from_ini) :
	    who(v, m->from_ini), what);
	finding_cause(&f, "the identity or certificate is not accepted");
	if (m->pos.xk == STX_MAIN)
		finding_cause(&f, "PFS or other settings differ so that the "
		    "keys derived on the two sides differ");
	emit(v, &f);
	return;
v2:
	if (sa->key.version != 2 || !sa->auth_cap_set || sa->child_later ||
	    sa->auth_cap >= V2_ROOM_CHILD)
		return;
	m = find_pos(sa, STX_AUTH, 1);
	if (sa->auth_cap < V2_ROOM_AUTH) {
		finding_init(&f, F_AUTH_FAILED, sa);
		finding_summary(&f, "%s answered IKE_AUTH (frame %llu) with "
		    "an encrypted payload that has room for %u bytes only: "
		    "too small for its identity and AUTH, so it carries just "
		    "a notify: the authentication was refused",
		    v->rsp, (unsigned long long)sa->auth_answer.frame,
		    sa->auth_cap);
		finding_cause(&f, "pre-shared key mismatch "
		    "(AUTHENTICATION_FAILED; keys tell exactly)");
		finding_cause(&f, "the identity or certificate is not "
		    "accepted by %s", v->rsp);
	} else {
		finding_init(&f, F_CHILD_SA_REFUSED, sa);
		finding_summary(&f, "%s answered IKE_AUTH (frame %llu) with "
		    "room for %u bytes: enough for its identity and AUTH, "
		    "too small for a child SA (SA and traffic selectors): "
		    "the IKE SA authenticated, the child SA was refused",
		    v->rsp, (unsigned long long)sa->auth_answer.frame,
		    sa->auth_cap);
		finding_cause(&f, "no matching ESP proposal "
		    "(NO_PROPOSAL_CHOSEN): encryption, integrity or PFS "
		    "group differ; keys tell which notify it was");
		finding_cause(&f, "the traffic selectors do not match "
		    "(TS_UNACCEPTABLE): the protected networks differ");
	}
	if (m != NULL) {
		finding_state(&f, &m->pos);
		finding_frame(&f, m->first.frame);
	}
	finding_frame(&f, sa->auth_answer.frame);
	f.first = m != NULL ? m->first : sa->auth_answer;
	f.last = sa->auth_answer;
	f.count = 1;
	emit(v, &f);
}

/* IKEv1 Quick Mode answered by an Informational instead of message 2. */
static void
rule_qm_refused(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_msg *m, *info;
	struct finding f;

	if (sa->key.version != 1 || has_note(sa, F_PROPOSAL_MISMATCH))
		return;
	m = find_pos(sa, STX_QUICK, 1);
	if (m == NULL || m->answered || moved_on(sa, m) ||
	    (info = info_after(sa, m)) == NULL)
		return;
	finding_init(&f, F_CHILD_SA_REFUSED, sa);
	finding_state(&f, &m->pos);
	f.first = m->first;
	f.last = info->first;
	f.count = m->copies;
	copy_frames(&f, sa, m);
	finding_frame(&f, info->first.frame);
	finding_summary(&f, "%s answered Quick Mode message 1 (frame %llu) "
	    "with an encrypted Informational (frame %llu) instead of message"
	    " 2: phase 2 was refused", who(v, !m->from_ini),
	    (unsigned long long)m->first.frame,
	    (unsigned long long)info->first.frame);
	finding_cause(&f, "the proxy identities (crypto ACLs, encryption "
	    "domains) are not mirror images (INVALID_ID_INFORMATION)");
	finding_cause(&f, "no matching transform set (NO_PROPOSAL_CHOSEN); "
	    "keys tell which notify it was");
	finding_cause(&f, "PFS configured on one side only");
	emit(v, &f);
}

static void
rule_mode_clash(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	struct finding f;

	if (!sa->mode_clash && !sa->cross_version)
		return;
	finding_init(&f, F_EXCHANGE_MISMATCH, sa);
	finding_state(&f, &sa->pos[SA_INI]);
	finding_frame(&f, sa->first.frame);
	if (sa->mode_clash) {
		finding_frame(&f, sa->mode_clash_at.frame);
		finding_summary(&f, "the SA started in %s and frame %llu "
		    "continues it in the other phase 1 mode", sa_mode(sa),
		    (unsigned long long)sa->mode_clash_at.frame);
		finding_cause(&f, "one side is configured for Main Mode, the "
		    "other for Aggressive Mode");
	} else {
		finding_summary(&f, "the same SPI %016llx is used by both "
		    "IKEv1 and IKEv2 messages between %s and %s",
		    (unsigned long long)sa->key.ispi, v->ini, v->rsp);
		finding_cause(&f, "one side speaks IKEv1, the other IKEv2 "
		    "(ikev1/ikev2 or keyexchange settings differ)");
	}
	emit(v, &f);
}

static void
rule_natt(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_msg *m = v->unanswered[sa->float_from_ini ? SA_INI :
	    SA_RSP];
	struct finding f;
	char what[96];

	if (!v->natt_blocked || m == NULL)
		return;
	finding_init(&f, F_NATT_BLOCKED, sa);
	finding_state(&f, &m->pos);
	f.first = sa->float_at;
	f.last = m->last;
	f.count = m->copies;
	finding_frame(&f, sa->float_at.frame);
	copy_frames(&f, sa, m);
	msg_label(sa, m, what, sizeof(what));
	finding_summary(&f, "%s moved to UDP 4500 at frame %llu and sent %s "
	    "%u time%s there; %s, which answered on UDP 500 before, sent "
	    "nothing after the move", who(v, sa->float_from_ini),
	    (unsigned long long)sa->float_at.frame, what, m->copies,
	    m->copies == 1 ? "" : "s", who(v, !sa->float_from_ini));
	finding_cause(&f, "UDP 4500 is blocked by a firewall or ACL between "
	    "the peers (UDP 500 is allowed)");
	finding_cause(&f, "%s does not listen on UDP 4500 (NAT-T disabled)",
	    who(v, !sa->float_from_ini));
	emit(v, &f);
}

static void
rule_nat(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	struct finding f;
	int side;

	/*
	 * One NAT between the peers makes at most one destination hash
	 * differ at any capture point (the one sent from the NAT's far
	 * side, about the translated peer).  Both differing is no NAT
	 * picture: the hashes are computed some other way.
	 */
	if (sa->natd_dst_bad == ((1u << SA_INI) | (1u << SA_RSP)))
		return;
	for (side = 0; side < 2; side++) {
		int from_ini = side == SA_INI;

		if (!(sa->natd_dst_bad & (1u << side)))
			continue;
		finding_init(&f, F_NAT_DETECTED, sa);
		finding_frame(&f, sa->natd_frame[side]);
		finding_summary(&f, "%s's NAT-D hash of its peer (frame %llu)"
		    " is not of %s:%u as seen here: %s's address is "
		    "translated between this capture point and %s",
		    who(v, from_ini), (unsigned long long)sa->natd_frame[side],
		    who(v, !from_ini), sa->natd_port[side],
		    who(v, !from_ini), who(v, from_ini));
		finding_cause(&f, "a NAT in front of %s (seen from %s); IKE "
		    "and ESP move to UDP 4500 (NAT-T) and need keepalives to "
		    "hold the mapping", who(v, !from_ini), who(v, from_ini));
		if (sa->natd_src_bad & (1u << side))
			finding_cause(&f, "%s's own-address hash matches "
			    "nothing either: encapsulation may also be forced "
			    "by configuration", who(v, from_ini));
		emit(v, &f);
	}
}

static void
rule_rebind(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_rebind *r = &sa->rebind;
	struct finding f;
	char o[ADDR_STRLEN], n[ADDR_STRLEN];

	if (r->count == 0)
		return;
	finding_init(&f, F_NAT_REBIND, sa);
	finding_state(&f, &sa->pos[r->from_ini ? SA_INI : SA_RSP]);
	f.first = r->when;
	f.last = r->when;
	f.count = r->count;
	finding_frame(&f, r->when.frame);
	addr_port_fmt(&r->old_addr, r->old_port, o, sizeof(o));
	addr_port_fmt(&r->new_addr, r->new_port, n, sizeof(n));
	finding_summary(&f, "the %s's address changed from %s to %s (frame "
	    "%llu) while the SA lived, %u change%s in all",
	    r->from_ini ? "initiator" : "responder", o, n,
	    (unsigned long long)r->when.frame, r->count,
	    r->count == 1 ? "" : "s");
	finding_cause(&f, "a NAT in front of it dropped the mapping and "
	    "made a new one (idle timeout shorter than the NAT-T keepalive"
	    " interval, NAT reboot)");
	finding_cause(&f, "the peer moved (MOBIKE, a new uplink or DHCP "
	    "address)");
	emit(v, &f);
}

static void
rule_fraglost(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_fraglost *fl = &sa->fraglost;
	struct finding f;
	int i;

	if (fl->count == 0)
		return;
	finding_init(&f, F_FRAGMENT_LOST, sa);
	finding_state(&f, &fl->waiting);
	f.first = fl->first;
	f.last = fl->last;
	f.count = fl->count;
	for (i = 0; i < fl->count && i < 4; i++)
		finding_frame(&f, fl->frames[i]);
	if (fl->ike)
		finding_summary(&f, "%u IKE message%s from %s arrived as IKE "
		    "fragments with pieces missing (%u of %s pieces here)",
		    fl->count, fl->count == 1 ? "" : "s", who(v, fl->from_ini),
		    fl->have, fl->total ? "the" : "an unknown number of");
	else
		finding_summary(&f, "%u IKE message%s from %s left as IP "
		    "fragments and never completed here (%u of %s bytes "
		    "arrived)", fl->count, fl->count == 1 ? "" : "s",
		    who(v, fl->from_ini), fl->have, fl->total ? "the" :
		    "an unknown number of");
	if (!fl->ike) {
		char tot[32];

		snprintf(tot, sizeof(tot), "%u", fl->total);
		if (fl->total)
			finding_more(&f, " of %s", tot);
		finding_cause(&f, "a firewall, NAT or router on the path drops"
		    " IP fragments (often all but the first)");
		finding_cause(&f, "the path MTU is smaller than the message: "
		    "enable IKEv2 fragmentation (RFC 7383) on both peers or "
		    "lower the MTU");
	} else {
		finding_cause(&f, "IKE fragments are lost on the path: "
		    "packet loss, or fragments still too big for the MTU");
	}
	emit(v, &f);
}

static void
rule_icmp(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_icmp *c = &sa->icmp;
	struct finding f;
	char from[ADDR_STRLEN], what[96];
	int i;

	if (c->count == 0)
		return;
	finding_init(&f, F_ICMP_UNREACHABLE, sa);
	finding_state(&f, &c->waiting);
	f.first = c->first;
	f.last = c->last;
	f.count = c->count;
	for (i = 0; i < c->count && i < 4; i++)
		finding_frame(&f, c->frames[i]);
	finding_frame(&f, c->last.frame);
	addr_fmt(&c->from, from, sizeof(from));
	if (v->icmp_port)
		snprintf(what, sizeof(what), "port unreachable");
	else if (v->icmp_filtered)
		snprintf(what, sizeof(what), "administratively prohibited");
	else if ((!c->v6 && c->type == 3 && c->code == 4) ||
	    (c->v6 && c->type == 2))
		snprintf(what, sizeof(what), "fragmentation needed (MTU "
		    "%u)", c->mtu);
	else
		snprintf(what, sizeof(what), "ICMP%s type %u code %u",
		    c->v6 ? "v6" : "", c->type, c->code);
	finding_summary(&f, "%s sent %u ICMP%s error%s (%s) quoting %s's IKE"
	    " packets to %s%s", from, c->count, c->v6 ? "v6" : "",
	    c->count == 1 ? "" : "s", what, who(v, c->quoted_from_ini),
	    who(v, !c->quoted_from_ini),
	    addr_eq(&c->from, c->quoted_from_ini ? &sa->rsp : &sa->ini) ?
	    " (from the peer itself)" : " (from a device on the path)");
	if (v->icmp_port)
		finding_cause(&f, "no IKE service on %s: the IKE daemon is "
		    "not running, IKE is disabled on that interface, or the "
		    "crypto map is not applied there", from);
	else if (v->icmp_filtered)
		finding_cause(&f, "a firewall or ACL at %s rejects the "
		    "packets", from);
	else if (strncmp(what, "frag", 4) == 0)
		finding_cause(&f, "the path MTU is too small for the packets "
		    "with DF set: lower the MTU or enable IKE fragmentation");
	else if (!c->v6 && c->type == 3 && c->code == 2)
		finding_cause(&f, "%s does not handle that protocol (IPsec "
		    "not enabled for this peer)", from);
	else
		finding_cause(&f, "no route to the peer, or the peer is down "
		    "(host or network unreachable)");
	emit(v, &f);
}

static void
rule_dpd(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	struct finding f;
	int i;

	for (i = 0; sa->key.version == 2 && i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];
		const struct sa_xchg *x;

		if (!m->used || m->response || m->answered ||
		    m->exch != IKEV2_X_INFORMATIONAL || !waited(v, m) ||
		    (x = xchg_of(sa, m)) == NULL || !x->empty)
			continue;
		finding_init(&f, F_DPD_UNANSWERED, sa);
		finding_state(&f, &m->pos);
		f.first = m->first;
		f.last = m->last;
		f.count = m->copies;
		copy_frames(&f, sa, m);
		finding_summary(&f, "%s's liveness check (empty INFORMATIONAL"
		    " request, message ID %u) went out %u time%s and no "
		    "answer reached this capture point", who(v, m->from_ini),
		    m->msgid, m->copies, m->copies == 1 ? "" : "s");
		finding_cause(&f, "%s is down or restarted and lost the SA",
		    who(v, !m->from_ini));
		finding_cause(&f, "the path between the peers is down");
		emit(v, &f);
		return;
	}
	if (sa->key.version == 1 && sa->info_run >= 2 &&
	    (sa->info_run >= 3 || span(&sa->info_first, &sa->info_last) >=
	    v->ctx->stall)) {
		finding_init(&f, F_DPD_UNANSWERED, sa);
		f.first = sa->info_first;
		f.last = sa->info_last;
		f.count = sa->info_run;
		finding_frame(&f, sa->info_first.frame);
		finding_frame(&f, sa->info_last.frame);
		finding_summary(&f, "%s sent %u encrypted Informational "
		    "messages in a row (dead peer detection) and nothing came"
		    " back from %s", who(v, sa->info_from_ini), sa->info_run,
		    who(v, !sa->info_from_ini));
		finding_cause(&f, "%s is down or restarted and lost the SA",
		    who(v, !sa->info_from_ini));
		finding_cause(&f, "the path between the peers is down");
		emit(v, &f);
	}
}

static void
rule_lifetime(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	struct finding f;

	if (sa->life_responder == 0 && (sa->life_offered == 0 ||
	    sa->life_chosen == 0 || sa->life_offered == sa->life_chosen))
		return;
	finding_init(&f, F_LIFETIME_MISMATCH, sa);
	if (sa->life_responder) {
		finding_frame(&f, sa->life_when.frame);
		finding_summary(&f, "%s sent RESPONDER-LIFETIME: it keeps the "
		    "SA %u s%s", v->rsp, sa->life_responder,
		    sa->life_offered ? "" : " (no lifetime seen offered)");
		if (sa->life_offered)
			finding_more(&f, " where %u s were proposed",
			    sa->life_offered);
	} else
		finding_summary(&f, "phase 1 lifetime %u s proposed, %u s "
		    "accepted", sa->life_offered, sa->life_chosen);
	finding_cause(&f, "the lifetimes configured on the two sides "
	    "differ; the shorter one rules and some products refuse a "
	    "mismatch");
	emit(v, &f);
}

static void
rule_collision(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	struct finding f;

	if (sa->collisions == 0)
		return;
	finding_init(&f, F_REKEY_COLLISION, sa);
	f.first = sa->collision;
	f.last = sa->collision;
	f.count = sa->collisions;
	finding_frame(&f, sa->collision.frame);
	finding_summary(&f, "both peers started %s at once (frame %llu), "
	    "%u time%s", sa->key.version == 2 ? "CREATE_CHILD_SA" :
	    "Quick Mode", (unsigned long long)sa->collision.frame,
	    sa->collisions, sa->collisions == 1 ? "" : "s");
	finding_cause(&f, "both sides rekey on similar lifetimes; "
	    "implementations resolve it (RFC 7296 2.8.1), but randomised or "
	    "different lifetimes avoid it");
	emit(v, &f);
}

static void
rule_one_sided(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	struct finding f;
	int side;

	for (side = 0; side < 2; side++) {
		int from_ini = side == SA_INI;
		const struct sa_msg *m;

		if (!v->silent[side])
			continue;
		m = latest_from(sa, !from_ini);
		finding_init(&f, F_ONE_SIDED_CAPTURE, sa);
		if (m != NULL) {
			finding_frame(&f, sa->first.frame);
			finding_frame(&f, m->last.frame);
		}
		f.count = sa->sent[from_ini ? SA_RSP : SA_INI];
		finding_summary(&f, "%u message%s from %s to %s and nothing "
		    "at all from %s in this capture", f.count,
		    f.count == 1 ? "" : "s", who(v, !from_ini),
		    who(v, from_ini), who(v, from_ini));
		finding_cause(&f, "%s never answered (see the other findings)",
		    who(v, from_ini));
		finding_cause(&f, "the capture point sees one direction only "
		    "(a SPAN of one port direction, asymmetric routing past "
		    "the tap): a \"no reply\" claim needs both directions");
		emit(v, &f);
	}
}

/* The side sent answers (to requests this capture may not hold). */
static int
answers_from(const struct ike_sa *sa, int from_ini)
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
    const struct assess_ctx *ctx)
{
	int i, side;

	memset(v, 0, sizeof(*v));
	v->sa = sa;
	v->ctx = ctx;
	addr_fmt(&sa->ini, v->ini, sizeof(v->ini));
	addr_fmt(&sa->rsp, v->rsp, sizeof(v->rsp));
	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];
		const struct sa_msg **u;

		if (!m->used || !m->wants_answer || m->answered ||
		    moved_on(sa, m) || !waited(v, m))
			continue;
		/* IKEv1: any message back is a reaction; IKEv2 pairs ids. */
		if (sa->key.version == 1 && reacted(sa, m))
			continue;
		u = &v->unanswered[m->from_ini ? SA_INI : SA_RSP];
		if (*u == NULL || m->first.frame > (*u)->first.frame)
			*u = m;
	}
	if (sa->icmp.count > 0) {
		const struct sa_icmp *c = &sa->icmp;

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
		    (v->unanswered[o] != NULL || answers_from(sa, o == SA_INI)) &&
		    sa->icmp.count == 0 && (ctx->addr_seen == NULL ||
		    !ctx->addr_seen(ctx->arg, side == SA_INI ? &sa->ini :
		    &sa->rsp));
	}
}

int
assess_sa(const struct ike_sa *sa, const struct assess_ctx *ctx)
{
	struct view v;

	view_init(&v, sa, ctx);
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
	return v.emitted;
}
