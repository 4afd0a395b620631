/*
 * rules_path.c: findings about the path between the peers and the
 * capture point: NAT-T, NAT detection and rebinding, lost fragments, ICMP
 * errors, dead peers, lifetimes, collisions, a silent direction.
 */
#include <stdio.h>
#include <string.h>

#include "diag/backoff.h"
#include "diag/finding.h"
#include "diag/rules.h"
#include "dissect/names.h"
#include "dissect/registry.h"

void
rule_natt(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_msg *m = v->unanswered[sa->float_from_ini ? SA_INI :
	    SA_RSP];
	struct finding f;
	char what[96];

	if (!v->natt_blocked || m == NULL)
		return;
	rv_msg_finding(&f, F_NATT_BLOCKED, sa, m);
	f.first = sa->float_at;
	finding_frame(&f, sa->float_at.frame);
	rv_msg_label(sa, m, what, sizeof(what));
	finding_summary(&f, "%s moved to UDP 4500 at frame %llu and sent %s "
	    "%u time%s there; %s, which answered on UDP 500 before, sent "
	    "nothing after the move", rv_who(v, sa->float_from_ini),
	    (unsigned long long)sa->float_at.frame, what, m->copies,
	    m->copies == 1 ? "" : "s", rv_who(v, !sa->float_from_ini));
	finding_cause(&f, "UDP 4500 is blocked by a firewall or ACL between "
	    "the peers (UDP 500 is allowed)");
	finding_cause(&f, "%s does not listen on UDP 4500 (NAT-T disabled)",
	    rv_who(v, !sa->float_from_ini));
	rv_emit(v, &f);
}

/* The NATed side must keep its mapping: its keepalives, or none. */
static void
nat_keepalives(struct view *v, struct finding *f, int natted_ini)
{
	const struct ike_sa *sa = v->sa;
	double every = 0, life = rv_span(&sa->first, &sa->last);
	int n;

	if (v->ctx->keepalives == NULL || !sa->floated)
		return;
	n = v->ctx->keepalives(v->ctx->arg, sa, natted_ini, &every);
	if (n > 1)
		finding_more(f, "; %s sends NAT-T keepalives, %d seen, one "
		    "every %.1f s", rv_who(v, natted_ini), n, every);
	else if (n == 1)
		finding_more(f, "; %s sent one NAT-T keepalive",
		    rv_who(v, natted_ini));
	else if (sa->established)
		finding_more(f, "; no NAT-T keepalive from %s in the %.0f s "
		    "the SA was seen (an idle tunnel may lose the NAT "
		    "mapping)", rv_who(v, natted_ini), life);
}

void
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
		    rv_who(v, from_ini), (unsigned long long)sa->natd_frame[side],
		    rv_who(v, !from_ini), sa->natd_port[side],
		    rv_who(v, !from_ini), rv_who(v, from_ini));
		finding_cause(&f, "a NAT in front of %s (seen from %s); IKE "
		    "and ESP move to UDP 4500 (NAT-T) and need keepalives to "
		    "hold the mapping", rv_who(v, !from_ini), rv_who(v, from_ini));
		if (sa->natd_src_bad & (1u << side))
			finding_cause(&f, "%s's own-address hash matches "
			    "nothing either: encapsulation may also be forced "
			    "by configuration", rv_who(v, from_ini));
		nat_keepalives(v, &f, !from_ini);
		rv_emit(v, &f);
	}
}

void
rule_rebind(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_rebind *r = &sa_rare(sa)->rebind;
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
	rv_emit(v, &f);
}

void
rule_fraglost(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_fraglost *fl = &sa_rare(sa)->fraglost;
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
		    fl->count, fl->count == 1 ? "" : "s", rv_who(v, fl->from_ini),
		    fl->have, fl->total ? "the" : "an unknown number of");
	else
		finding_summary(&f, "%u IKE message%s from %s left as IP "
		    "fragments and never completed here (%u of %s bytes "
		    "arrived)", fl->count, fl->count == 1 ? "" : "s",
		    rv_who(v, fl->from_ini), fl->have, fl->total ? "the" :
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
	rv_emit(v, &f);
}

void
rule_icmp(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	const struct sa_icmp *c = &sa_rare(sa)->icmp;
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
	    c->count == 1 ? "" : "s", what, rv_who(v, c->quoted_from_ini),
	    rv_who(v, !c->quoted_from_ini),
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
	rv_emit(v, &f);
}

void
rule_dpd(struct view *v)
{
	const struct ike_sa *sa = v->sa;
	struct finding f;
	int i;

	for (i = 0; sa->key.version == 2 && i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];
		const struct sa_xchg *x;

		if (!m->used || m->response || m->answered ||
		    m->exch != IKEV2_X_INFORMATIONAL || !rv_waited(v, m) ||
		    (x = rv_xchg_of(sa, m)) == NULL || !x->empty)
			continue;
		rv_msg_finding(&f, F_DPD_UNANSWERED, sa, m);
		finding_summary(&f, "%s's liveness check (empty INFORMATIONAL"
		    " request, message ID %u) went out %u time%s and no "
		    "answer reached this capture point", rv_who(v, m->from_ini),
		    m->msgid, m->copies, m->copies == 1 ? "" : "s");
		finding_cause(&f, "%s is down or restarted and lost the SA",
		    rv_who(v, !m->from_ini));
		finding_cause(&f, "the path between the peers is down");
		rv_emit(v, &f);
		return;
	}
	if (sa->key.version == 1 && sa->info_run >= 2 &&
	    (sa->info_run >= 3 || rv_span(&sa->info_first, &sa->info_last) >=
	    v->ctx->stall)) {
		finding_init(&f, F_DPD_UNANSWERED, sa);
		f.first = sa->info_first;
		f.last = sa->info_last;
		f.count = sa->info_run;
		finding_frame(&f, sa->info_first.frame);
		finding_frame(&f, sa->info_last.frame);
		if (sa->info_exact)
			finding_summary(&f, "%s sent %u DPD R-U-THERE messages "
			    "in a row (read with the keys) and no R-U-THERE-ACK "
			    "or anything else came back from %s",
			    rv_who(v, sa->info_from_ini), sa->info_run,
			    rv_who(v, !sa->info_from_ini));
		else
			finding_summary(&f, "%s sent %u encrypted Informational "
			    "messages in a row (dead peer detection) and nothing "
			    "came back from %s", rv_who(v, sa->info_from_ini),
			    sa->info_run, rv_who(v, !sa->info_from_ini));
		finding_cause(&f, "%s is down or restarted and lost the SA",
		    rv_who(v, !sa->info_from_ini));
		finding_cause(&f, "the path between the peers is down");
		rv_emit(v, &f);
	}
}

void
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
	rv_emit(v, &f);
}

void
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
	rv_emit(v, &f);
}

void
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
		m = rv_latest_from(sa, !from_ini);
		finding_init(&f, F_ONE_SIDED_CAPTURE, sa);
		if (m != NULL) {
			finding_frame(&f, sa->first.frame);
			finding_frame(&f, m->last.frame);
		}
		f.count = sa->sent[from_ini ? SA_RSP : SA_INI];
		finding_summary(&f, "%u message%s from %s to %s and nothing "
		    "at all from %s in this capture", f.count,
		    f.count == 1 ? "" : "s", rv_who(v, !from_ini),
		    rv_who(v, from_ini), rv_who(v, from_ini));
		finding_cause(&f, "%s never answered (see the other findings)",
		    rv_who(v, from_ini));
		finding_cause(&f, "the capture point sees one direction only "
		    "(a SPAN of one port direction, asymmetric routing past "
		    "the tap): a \"no reply\" claim needs both directions");
		rv_emit(v, &f);
	}
}
