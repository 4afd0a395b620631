/*
 * rules_exch.c: findings about the exchanges themselves: requests left
 * unanswered, sent again or answered in vain, refusals in clear and the
 * refusals only sizes and timing show (see finding.c for the view they
 * read).
 */
#include <stdio.h>
#include <string.h>

#include "diag/backoff.h"
#include "diag/finding.h"
#include "diag/rules.h"
#include "dissect/decrypt.h"
#include "dissect/names.h"
#include "dissect/registry.h"

void
rv_causes_unanswered(struct view *v, struct finding *f, const struct sa_msg *m)
{
	const struct ike_sa *sa = v->sa;
	const char *peer = rv_who(v, !m->from_ini);

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
	if (sa_rare(sa)->fraglost.count > 0 && !sa_rare(sa)->fraglost.ike)
		finding_cause(f, "IP fragments of the request are dropped on "
		    "the path (firewall or NAT discarding non-first "
		    "fragments, MTU)");
	if (rv_first_contact(m)) {
		finding_cause(f, "no reachability to %s, or UDP %u filtered on"
		    " the way", peer, m->from_ini ? sa->rsp_port :
		    sa->ini_port);
		finding_cause(f, "wrong peer address configured (crypto map"
		    " peer, tunnel-group, remote address)");
		finding_cause(f, "the peer has IKE disabled on this interface"
		    " or no policy for %s and stays silent", rv_who(v,
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

void
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
		rv_msg_finding(&f, F_NO_RESPONSE, sa, m);
		rv_msg_label(sa, m, what, sizeof(what));
		rv_fmt_dur(rv_span(&m->first, &m->last), dur, sizeof(dur));
		rv_fmt_dur(rv_secs(&m->last, v->ctx->now_sec, v->ctx->now_nsec),
		    tail, sizeof(tail));
		finding_summary(&f, "%s in %s: %s sent %u time%s over %s to "
		    "%s, nothing came back from it at this capture point "
		    "(the last copy %s before the end)",
		    m->from_ini ? "initiator" : "responder",
		    f.state[VOCAB_ASA] ? f.state[VOCAB_ASA] : "an exchange",
		    what, m->copies, m->copies == 1 ? "" : "s", dur,
		    rv_who(v, !m->from_ini), tail);
		if (v->silent[m->from_ini ? SA_RSP : SA_INI])
			finding_more(&f, "; nothing at all from %s appears in"
			    " this capture, so a capture that misses that "
			    "direction would look the same",
			    rv_who(v, !m->from_ini));
		rv_causes_unanswered(v, &f, m);
		rv_emit(v, &f);
	}
}

void
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
		rv_msg_finding(&f, F_RETRANSMIT, sa, m);
		rv_msg_label(sa, m, what, sizeof(what));
		rv_fmt_dur(rv_span(&m->first, &m->last), dur, sizeof(dur));
		gaps[0] = '\0';
		pat[0] = '\0';
		if (sa_rare(sa)->retx.used && sa_rare(sa)->retx.hash == m->hash &&
		    sa_rare(sa)->retx.from_ini == m->from_ini && sa_rare(sa)->retx.n >= 2) {
			for (k = 1; k < sa_rare(sa)->retx.n && gl < sizeof(gaps) - 12;
			    k++)
				gl += (size_t)snprintf(gaps + gl,
				    sizeof(gaps) - gl, "%s%.1f",
				    k > 1 ? ", " : "",
				    (sa_rare(sa)->retx.ms[k] - sa_rare(sa)->retx.ms[k - 1]) /
				    1000.0);
			if (backoff_match(sa_rare(sa)->retx.ms, sa_rare(sa)->retx.n, &b) !=
			    BACKOFF_NONE)
				backoff_words(&b, pat, sizeof(pat));
		}
		finding_summary(&f, "%s sent %s %u times over %s (%u "
		    "retransmission%s)", rv_who(v, m->from_ini), what, m->copies,
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
		else if (sa_msg_reacted(sa, m))
			finding_more(&f, "; %s reacted only with other "
			    "messages", rv_who(v, !m->from_ini));
		else
			finding_more(&f, "; no answer reached this capture "
			    "point");
		if (m->answered && m->after_answer > 0)
			finding_cause(&f, "the answers from %s do not reach %s"
			    " (return path, NAT, asymmetric routing)",
			    rv_who(v, !m->from_ini), rv_who(v, m->from_ini));
		else if (m->answered)
			finding_cause(&f, "the answer was slow, or the first "
			    "copies or answers were lost on the way: the "
			    "exchange completed");
		else if (!sa_msg_reacted(sa, m))
			rv_causes_unanswered(v, &f, m);
		else
			finding_cause(&f, "%s refuses or cannot process the "
			    "message (see the other findings of this SA)",
			    rv_who(v, !m->from_ini));
		rv_emit(v, &f);
	}
}

void
rule_reply_lost(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	int i;

	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];
		struct finding f;
		char what[96];

		if (!m->used || !m->wants_answer || !m->answered ||
		    m->after_answer == 0 || rv_latest_from(sa, m->from_ini) != m)
			continue;
		rv_msg_finding(&f, F_REPLY_LOST, sa, m);
		f.count = m->after_answer;
		finding_frame(&f, m->answer.frame);
		finding_frame(&f, sa->last_from[m->from_ini ? SA_RSP :
		    SA_INI].frame);
		rv_msg_label(sa, m, what, sizeof(what));
		finding_summary(&f, "%s answered %s of %s (first answer frame "
		    "%llu), yet %s sent it %u more time%s and never went on: "
		    "the answers pass this capture point but do not reach %s",
		    rv_who(v, !m->from_ini), what, rv_who(v, m->from_ini),
		    (unsigned long long)m->answer.frame, rv_who(v, m->from_ini),
		    m->after_answer, m->after_answer == 1 ? "" : "s",
		    rv_who(v, m->from_ini));
		finding_cause(&f, "a firewall or ACL between this capture "
		    "point and %s drops the answers (UDP from %s port %u)",
		    rv_who(v, m->from_ini), rv_who(v, !m->from_ini),
		    m->from_ini ? sa->rsp_port : sa->ini_port);
		finding_cause(&f, "asymmetric routing: the answers leave by "
		    "another path or are dropped by a stateful device that "
		    "did not see the request");
		finding_cause(&f, "a NAT on the way back that does not map "
		    "the answers to %s", rv_who(v, m->from_ini));
		rv_emit(v, &f);
	}
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
	    rv_who(v, n->from_ini), nn, (unsigned long long)n->first.frame);
	if (v->keyed->child_offer[0] != '\0' && n->waiting.set &&
	    (n->waiting.xk == STX_QUICK || n->waiting.xk == STX_AUTH ||
	    n->waiting.xk == STX_CHILD))
		finding_more(&f, "; the child SA offered %s (decrypted, frame "
		    "%llu)", v->keyed->child_offer,
		    (unsigned long long)v->keyed->ts_frame);
	if (sa->offer[0] != '\0' && n->waiting.set && n->waiting.step == 1 &&
	    (n->waiting.xk == STX_MAIN || n->waiting.xk == STX_AGGR ||
	    n->waiting.xk == STX_SA_INIT))
		finding_more(&f, "; %s offered %s (frame %llu)",
		    rv_who(v, !n->from_ini), sa->offer,
		    (unsigned long long)sa->offer_frame);
	if (n->waiting.xk == STX_QUICK || n->waiting.xk == STX_AUTH ||
	    n->waiting.xk == STX_CHILD) {
		finding_cause(&f, "the phase 2 / child SA proposals differ: "
		    "ESP encryption or integrity, PFS group, or lifetime");
	} else {
		finding_cause(&f, "the phase 1 policies differ: encryption, "
		    "hash or integrity, Diffie-Hellman group, authentication "
		    "method or lifetime; compare the offer with %s's "
		    "configuration", rv_who(v, n->from_ini));
		if (sa->key.version == 1)
			finding_cause(&f, "%s has no policy for %s at all and "
			    "refuses every proposal", rv_who(v, n->from_ini),
			    rv_who(v, !n->from_ini));
	}
	rv_emit(v, &f);
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
		    "group was accepted", rv_who(v, n->from_ini), g);
		finding_cause(&f, "normal: the initiator's first key "
		    "exchange guessed another group; list the group the "
		    "responder wants first to save a round trip");
	} else {
		f.sev = SEV_ERROR;
		finding_summary(&f, "%s answered IKE_SA_INIT with "
		    "INVALID_KE_PAYLOAD asking for %s %u time%s, and no retry"
		    " with that group succeeded", rv_who(v, n->from_ini), g,
		    n->count, n->count == 1 ? "" : "s");
		finding_cause(&f, "the initiator does not allow %s: the "
		    "Diffie-Hellman groups configured on the two sides do "
		    "not overlap", g);
	}
	rv_emit(v, &f);
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
	else if (rv_is_auth_notify(sa->key.version, (uint16_t)t) &&
	    w->xk == STX_AGGR && w->step == 1)
		id = F_EXCHANGE_MISMATCH;
	else if ((sa->key.version == 1 && t == 18 && w->xk == STX_QUICK) ||
	    (sa->key.version == 2 && (t == 38 || t == 39)))
		id = F_SELECTOR_MISMATCH;
	else if (rv_is_auth_notify(sa->key.version, (uint16_t)t) &&
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
			    rv_who(v, n->from_ini), sa_mode(sa), nn,
			    (unsigned long long)n->first.frame);
		else
			finding_summary(&f, "%s sent %s (frame %llu)",
			    rv_who(v, n->from_ini), nn,
			    (unsigned long long)n->first.frame);
		if (w->xk == STX_AGGR)
			finding_cause(&f, "%s does not accept Aggressive Mode "
			    "from %s (Main Mode configured, or aggressive "
			    "mode disabled)", rv_who(v, n->from_ini),
			    rv_who(v, !n->from_ini));
		else
			finding_cause(&f, "the two sides speak different IKE "
			    "versions or exchange modes");
		finding_cause(&f, "no pre-shared key or group for the "
		    "identity sent in the first message");
		break;
	case F_SELECTOR_MISMATCH:
		finding_summary(&f, "%s refused the traffic selectors with %s"
		    " (frame %llu)", rv_who(v, n->from_ini), nn,
		    (unsigned long long)n->first.frame);
		if (v->keyed->ts_local[0] != '\0') {
			/* Decrypted: what was asked for. */
			finding_more(&f, "; %s proposed %s === %s (frame %llu)",
			    rv_who(v, v->keyed->ts_from_ini),
			    v->keyed->ts_local, v->keyed->ts_remote[0] ?
			    v->keyed->ts_remote : "?",
			    (unsigned long long)v->keyed->ts_frame);
			finding_frame(&f, v->keyed->ts_frame);
		}
		finding_cause(&f, "the protected networks (crypto ACLs, "
		    "encryption domains) are not mirror images: mask, "
		    "host-vs-network or protocol/port differ");
		break;
	case F_AUTH_FAILED:
		finding_summary(&f, "%s answered the authenticating message "
		    "with %s (frame %llu)", rv_who(v, n->from_ini), nn,
		    (unsigned long long)n->first.frame);
		finding_cause(&f, "pre-shared key mismatch");
		finding_cause(&f, "the identity (ID payload) or certificate "
		    "is not the one %s expects", rv_who(v, n->from_ini));
		break;
	default:
		finding_summary(&f, "%s sent the error notify %s %u time%s "
		    "(frame %llu)", rv_who(v, n->from_ini), nn, n->count,
		    n->count == 1 ? "" : "s",
		    (unsigned long long)n->first.frame);
		finding_cause(&f, "%s reports %s: see RFC %s for its meaning",
		    rv_who(v, n->from_ini), nn, sa->key.version == 1 ?
		    "2408 3.14.1" : "7296 3.10.1");
		break;
	}
	rv_emit(v, &f);
}

void
rule_notifies(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	int i;

	for (i = 0; i < SA_NOTES; i++) {
		const struct sa_note *n = &sa_rare(sa)->note[i];
		char nb[64];
		const char *nn;

		if (n->count == 0)
			continue;
		nn = rv_notify_name(sa, n->type, nb, sizeof(nb));
		if (n->type == 14)
			note_proposal(v, n, nn);
		else if (n->type == 17 && sa->key.version == 2)
			note_dh(v, n);
		else
			note_other(v, n, nn);
	}
}

/* Authentication that failed without a readable notify. */
void
rule_auth_quiet(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_msg *m = NULL, *info = NULL;
	struct finding f;
	char what[96];

	if (rv_has_note(sa, F_AUTH_FAILED) || sa->established)
		goto v2;
	if (sa->mode == IKEV1_X_MAIN && sa->p1_step == 5)
		m = rv_find_pos(sa, STX_MAIN, 5);
	else if (sa->mode == IKEV1_X_AGGRESSIVE && sa->p1_step == 2)
		m = rv_find_pos(sa, STX_AGGR, 2);
	if (m == NULL || m->answered)
		goto v2;
	info = rv_info_after(sa, m);
	if (info == NULL && (m->copies < 2 || sa_msg_reacted(sa, m) ||
	    v->natt_blocked || sa_rare(sa)->fraglost.count > 0 || sa_rare(sa)->icmp.count > 0 ||
	    v->silent[m->from_ini ? SA_RSP : SA_INI]))
		goto v2;
	rv_msg_finding(&f, F_AUTH_FAILED, sa, m);
	rv_msg_label(sa, m, what, sizeof(what));
	if (info != NULL) {
		finding_frame(&f, info->first.frame);
		finding_summary(&f, "%s sent %s (encrypted) %u time%s and %s "
		    "answered only with encrypted Informational messages "
		    "(first frame %llu), never with the next message",
		    rv_who(v, m->from_ini), what, m->copies,
		    m->copies == 1 ? "" : "s", rv_who(v, !m->from_ini),
		    (unsigned long long)info->first.frame);
	} else
		finding_summary(&f, "%s sent %s (encrypted) %u times and "
		    "nothing came back, although %s answered every earlier "
		    "message", rv_who(v, m->from_ini), what, m->copies,
		    rv_who(v, !m->from_ini));
	if (v->keyed->ok[m->from_ini ? SA_INI : SA_RSP] > 0 &&
	    v->keyed->bad[m->from_ini ? SA_RSP : SA_INI] > 0)
		finding_more(&f, "; with the keys given, %s's messages decrypt"
		    " and %s's do not: the two sides derived different keys",
		    rv_who(v, m->from_ini), rv_who(v, !m->from_ini));
	finding_cause(&f, "pre-shared key mismatch: %s cannot decrypt or "
	    "verify %s", m->pos.xk == STX_MAIN ? rv_who(v, !m->from_ini) :
	    rv_who(v, m->from_ini), what);
	finding_cause(&f, "the identity or certificate is not accepted");
	if (m->pos.xk == STX_MAIN)
		finding_cause(&f, "PFS or other settings differ so that the "
		    "keys derived on the two sides differ");
	rv_emit(v, &f);
	return;
v2:
	if (sa->key.version != 2 || !sa->auth_cap_set || sa->child_later ||
	    sa->auth_cap >= V2_ROOM_CHILD)
		return;
	m = rv_find_pos(sa, STX_AUTH, 1);
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
	rv_emit(v, &f);
}

/* An error notify answering Quick Mode was read (in clear, or keys). */
static int
rv_quick_refusal_read(const struct ike_sa *sa)
{
	int i;

	for (i = 0; i < SA_NOTES; i++)
		if (sa_rare(sa)->note[i].count > 0 && sa_rare(sa)->note[i].waiting.set &&
		    sa_rare(sa)->note[i].waiting.xk == STX_QUICK)
			return 1;
	return 0;
}

/* IKEv1 Quick Mode answered by an Informational instead of message 2. */
void
rule_qm_refused(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_msg *m, *info;
	struct finding f;

	if (sa->key.version != 1 || rv_has_note(sa, F_PROPOSAL_MISMATCH) ||
	    rv_quick_refusal_read(sa))
		return;
	m = rv_find_pos(sa, STX_QUICK, 1);
	if (m == NULL || m->answered || sa_msg_moved_on(sa, m) ||
	    (info = rv_info_after(sa, m)) == NULL)
		return;
	rv_msg_finding(&f, F_CHILD_SA_REFUSED, sa, m);
	f.last = info->first;
	finding_frame(&f, info->first.frame);
	finding_summary(&f, "%s answered Quick Mode message 1 (frame %llu) "
	    "with an encrypted Informational (frame %llu) instead of message"
	    " 2: phase 2 was refused", rv_who(v, !m->from_ini),
	    (unsigned long long)m->first.frame,
	    (unsigned long long)info->first.frame);
	finding_cause(&f, "the proxy identities (crypto ACLs, encryption "
	    "domains) are not mirror images (INVALID_ID_INFORMATION)");
	finding_cause(&f, "no matching transform set (NO_PROPOSAL_CHOSEN); "
	    "keys tell which notify it was");
	finding_cause(&f, "PFS configured on one side only");
	rv_emit(v, &f);
}

void
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
	rv_emit(v, &f);
}

/* With keys: encrypted messages of this SA the keys did not decrypt. */
void
rule_decrypt(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_keyed *k = v->keyed;
	struct finding f;
	int s, first = 1;

	if (k->bad[SA_INI] + k->bad[SA_RSP] == 0)
		return;
	finding_init(&f, F_DECRYPT_FAILED, sa);
	finding_frame(&f, k->bad_at.frame);
	f.first = k->bad_at;
	f.last = sa->last;
	f.count = (uint32_t)k->bad[SA_INI] + k->bad[SA_RSP];
	finding_summary(&f, "the keys given do not decrypt");
	for (s = SA_INI; s >= SA_RSP; s--) {
		if (k->bad[s] == 0)
			continue;
		finding_more(&f, "%s %u of %s's %u encrypted messages",
		    first ? "" : " and", k->bad[s], rv_who(v, s == SA_INI),
		    (unsigned)k->bad[s] + k->ok[s]);
		first = 0;
	}
	finding_more(&f, " (%s, first frame %llu); what they carry is not "
	    "read, and findings about it rest on the headers",
	    dec_status_text(k->why), (unsigned long long)k->bad_at.frame);
	if (k->why == DEC_NO_STATE)
		finding_cause(&f, "the capture began after the key exchange "
		    "(Main Mode 3 and 4, Aggressive Mode 1 and 2): IKEv1 needs "
		    "the KE payloads to compute the first IV");
	else if (k->why == DEC_UNSUPPORTED)
		finding_cause(&f, "the algorithm the key file names is not one "
		    "ikewatch decrypts");
	for (s = SA_INI; s >= SA_RSP; s--)
		if (k->ok[s] > 0 && k->bad[s] == 0 && k->bad[!s] > 0)
			finding_cause(&f, "the two peers derived different "
			    "keys: %s's messages decrypt with these keys and "
			    "%s's do not, as when the pre-shared key (or the "
			    "identity that selects it) differs",
			    rv_who(v, s == SA_INI), rv_who(v, s != SA_INI));
	finding_cause(&f, "the key file holds another session's keys (an "
	    "older export, or the SA was rekeyed since)");
	rv_emit(v, &f);
}

/* With keys: ESP the SA's own negotiation says should not be there. */
void
rule_esp_keyed(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_keyed *k = v->keyed;
	char s[ADDR_STRLEN], d[ADDR_STRLEN], u[24];
	struct finding f;

	if (k->after_del > 0) {
		finding_init(&f, F_ESP_UNKNOWN_SPI, sa);
		f.has_spi = 1;
		f.spi = k->after_del_spi;
		f.first = k->after_del_first;
		f.last = k->after_del_last;
		f.count = k->after_del;
		finding_frame(&f, k->del_when.frame);
		finding_frame(&f, k->after_del_first.frame);
		finding_frame(&f, k->after_del_last.frame);
		finding_summary(&f, "%u ESP packet%s on SPI 0x%08x after the "
		    "Delete that removed it (frame %llu, read with the keys), "
		    "the last in frame %llu", k->after_del,
		    k->after_del == 1 ? "" : "s", k->after_del_spi,
		    (unsigned long long)k->del_when.frame,
		    (unsigned long long)k->after_del_last.frame);
		finding_cause(&f, "the sender kept the SA in its data path "
		    "after the Delete (the kernel SA outlived the IKE "
		    "daemon's, or a race with a rekey): its peer drops these "
		    "packets");
		rv_emit(v, &f);
	}
	if (k->outside > 0) {
		finding_init(&f, F_ESP_OUTSIDE_SELECTORS, sa);
		f.has_spi = 1;
		f.spi = k->outside_spi;
		f.first = k->outside_first;
		f.last = k->outside_last;
		f.count = k->outside;
		finding_frame(&f, k->outside_first.frame);
		finding_frame(&f, k->outside_last.frame);
		finding_frame(&f, k->ts_frame);
		finding_summary(&f, "%u decrypted ESP packet%s carried traffic "
		    "no negotiated selector covers, first %s > %s %s on SPI "
		    "0x%08x (frame %llu); the selectors asked for were %s === "
		    "%s (frame %llu)", k->outside, k->outside == 1 ? "" : "s",
		    addr_fmt(&k->outside_src, s, sizeof(s)),
		    addr_fmt(&k->outside_dst, d, sizeof(d)),
		    names_or_unknown(ip_proto_name(k->outside_proto),
		    k->outside_proto, u, sizeof(u)), k->outside_spi,
		    (unsigned long long)k->outside_first.frame,
		    k->ts_local[0] ? k->ts_local : "?",
		    k->ts_remote[0] ? k->ts_remote : "?",
		    (unsigned long long)k->ts_frame);
		finding_cause(&f, "the sender's policy (crypto ACL, leftsubnet) "
		    "is wider than what was negotiated, or another child SA's "
		    "traffic was put on this one: the receiver drops it");
		finding_cause(&f, "a NAT in front of the tunnel rewrites "
		    "addresses before encryption");
		rv_emit(v, &f);
	}
}
