/*
 * sa_read.c: reading an IKE SA's record (see sa.h): where each side
 * stands, in the three vocabularies, which request still waits and which
 * side fell silent.  sa.c writes the record, message by message; nothing
 * here changes it.
 */
#include <string.h>

#include "diag/sa.h"
#include "dissect/names.h"

const char *
sa_pos_name(const struct sa_pos *pos, enum state_vocab v)
{
	if (!pos->set)
		return NULL;
	return state_name((enum state_xchg)pos->xk, pos->step,
	    (enum state_side)pos->side, v);
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
		s = state_name(sa_xchg_kind(sa->key.version, x->exch),
		    x->step, xs, v);
		if (s != NULL)
			return s;
	}
	if (sa->key.version == 2) {
		if (sa->failed && sa->established)
			return side == STS_INI ? state_name(STX_AUTH, 1, side,
			    v) : NULL;
		if (sa->established)
			return state_name(STX_AUTH, 2, side, v);
		return sa->p1_step ? state_name(STX_SA_INIT, sa->p1_step,
		    side, v) : NULL;
	}
	return sa->p1_step ? state_name(sa_xchg_kind(1, sa->mode),
	    sa->p1_step, side, v) : NULL;
}

const struct sa_msg *
sa_last_msg(const struct ike_sa *sa)
{
	const struct sa_msg *last = NULL;
	int i;

	for (i = 0; i < SA_MSGS; i++)
		if (sa->msg[i].used && (last == NULL ||
		    sa->msg[i].last.frame > last->last.frame))
			last = &sa->msg[i];
	return last;
}

enum state_side
sa_waiting_side(const struct ike_sa *sa)
{
	const struct sa_msg *last = sa_last_msg(sa);

	if (last == NULL || sa_state(sa, last->from_ini ? STS_INI : STS_RSP,
	    VOCAB_ASA) == NULL)
		return STS_INI;
	return last->from_ini ? STS_INI : STS_RSP;
}

const char *
sa_phase1(const struct ike_sa *sa)
{
	if (sa->failed)
		return "failed";
	return sa->established ? "complete" : "incomplete";
}

const char *
sa_mode(const struct ike_sa *sa)
{
	const char *n = ike_exch_json(sa->key.version, sa->mode);

	return n != NULL ? n : "unknown";
}

int
sa_silent_side(const struct ike_sa *sa, int *silent_ini)
{
	const struct sa_msg *last = sa_last_msg(sa);

	/* A request sent again and again, and nothing since from the peer. */
	if (last == NULL || !last->wants_answer || last->answered ||
	    last->copies < 2 || sa->last_from[last->from_ini ? SA_RSP :
	    SA_INI].frame > last->first.frame)
		return 0;
	*silent_ini = !last->from_ini;
	return 1;
}

int
sa_first_contact(const struct pkt *p)
{
	const struct ike_msg *m = &p->ike;

	if (m->major == 2)
		return m->exch == IKEV2_X_IKE_SA_INIT &&
		    !(m->flags & IKEV2_F_RESPONSE) && m->rspi == 0;
	return (m->exch == IKEV1_X_MAIN || m->exch == IKEV1_X_AGGRESSIVE) &&
	    m->rspi == 0;
}

int
sa_msg_moved_on(const struct ike_sa *sa, const struct sa_msg *m)
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

int
sa_msg_reacted(const struct ike_sa *sa, const struct sa_msg *m)
{
	const struct sa_when *w = &sa->last_from[m->from_ini ? SA_RSP :
	    SA_INI];

	return w->frame > m->first.frame;
}

const struct sa_msg *
sa_waiting_request(const struct ike_sa *sa)
{
	const struct sa_msg *best = NULL;
	int i;

	for (i = 0; i < SA_MSGS; i++) {
		const struct sa_msg *m = &sa->msg[i];

		if (!m->used || !m->wants_answer || m->answered ||
		    sa_msg_moved_on(sa, m) || (sa->key.version == 1 &&
		    sa_msg_reacted(sa, m)))
			continue;
		if (best == NULL || m->first.frame > best->first.frame)
			best = m;
	}
	return best;
}
