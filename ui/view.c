/*
 * view.c: the live view's model (see view.h).  Pure functions of the SA
 * records, their children and the findings drawn so far, and of the time
 * they are looked at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissect/names.h"
#include "ui/view.h"

static double
since(const struct sa_when *w, int64_t sec, uint32_t nsec)
{
	/* In doubles: packet times may be anywhere in 64 bits. */
	return ((double)sec - (double)w->sec) +
	    ((double)nsec - (double)w->nsec) / 1e9;
}

static void
copy_state(char *dst, size_t len, const char *s)
{
	snprintf(dst, len, "%s", s != NULL ? s : "-");
}

void
view_row_make(struct view_row *r, const struct ike_sa *sa,
    const struct child_view *cv, size_t nchild,
    const struct view_finding *vf, size_t nfind, int64_t now_sec,
    uint32_t now_nsec, double stall, enum state_vocab vocab)
{
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	const struct sa_msg *w;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->key = sa->key;
	addr_port_fmt(&sa->ini, sa->ini_port, a, sizeof(a));
	addr_port_fmt(&sa->rsp, sa->rsp_port, b, sizeof(b));
	snprintf(r->peers, sizeof(r->peers), "%s > %s", a, b);
	r->version = sa->key.version;
	snprintf(r->mode, sizeof(r->mode), "%s", sa_mode(sa));
	copy_state(r->state_ini, sizeof(r->state_ini),
	    sa_state(sa, STS_INI, vocab));
	copy_state(r->state_rsp, sizeof(r->state_rsp),
	    sa_state(sa, STS_RSP, vocab));
	r->age = since(&sa->first, now_sec, now_nsec);
	r->idle = since(&sa->last, now_sec, now_nsec);
	r->retransmits = sa->retransmits;
	r->nat = sa->floated;
	r->stall = -1;
	if ((w = sa_waiting_request(sa)) != NULL) {
		r->stall = since(&w->first, now_sec, now_nsec);
		copy_state(r->waiting, sizeof(r->waiting),
		    sa_pos_name(&w->pos, vocab));
	}
	for (i = 0; i < nchild; i++) {
		if (cv[i].from_ini)
			r->pps_out += cv[i].pps;
		else
			r->pps_in += cv[i].pps;
	}
	r->worst = -1;
	r->worst_sev = SEV_INFO + 1;
	for (i = 0; i < nfind; i++) {
		if (vf[i].key.version != sa->key.version ||
		    vf[i].key.ispi != sa->key.ispi)
			continue;
		r->nfindings++;
		if ((int)vf[i].sev < r->worst_sev) {
			r->worst_sev = vf[i].sev;
			r->worst = vf[i].id;
		}
	}
	if (r->worst_sev == SEV_ERROR || (r->stall >= 0 && r->stall >= stall))
		r->health = VH_STUCK;
	else if (r->worst_sev == SEV_WARNING || r->stall >= 0 ||
	    !sa->established)
		r->health = VH_DEGRADED;
	else
		r->health = VH_OK;
}

void
view_row_tunnel(struct view_row *r, const struct tunnel_view *tv,
    const struct child_view *cv, size_t nchild, int64_t now_sec,
    uint32_t now_nsec, double stall)
{
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	size_t i;
	int one_way;

	memset(r, 0, sizeof(*r));
	r->lo = tv->lo;
	r->hi = tv->hi;
	/* A key no IKE SA has: version 0, the addresses folded in. */
	r->key.ispi = 1469598103934665603ULL;
	for (i = 0; i < sizeof(tv->lo.a); i++)
		r->key.ispi = (r->key.ispi ^ tv->lo.a[i] ^
		    (uint64_t)tv->hi.a[i] << 8) * 1099511628211ULL;
	addr_fmt(&tv->lo, a, sizeof(a));
	addr_fmt(&tv->hi, b, sizeof(b));
	snprintf(r->peers, sizeof(r->peers), "%s > %s", a, b);
	snprintf(r->mode, sizeof(r->mode), "ESP only");
	copy_state(r->state_ini, sizeof(r->state_ini), NULL);
	copy_state(r->state_rsp, sizeof(r->state_rsp), NULL);
	r->age = since(&tv->first, now_sec, now_nsec);
	r->idle = since(&tv->last, now_sec, now_nsec);
	r->stall = -1;
	r->worst = -1;
	r->worst_sev = SEV_INFO + 1;
	for (i = 0; i < nchild; i++) {
		if (addr_eq(&cv[i].src_addr, &tv->lo))
			r->pps_out += cv[i].pps;
		else
			r->pps_in += cv[i].pps;
	}
	/* Traffic one way only, for longer than the stall: degraded. */
	one_way = (tv->packets[0] == 0) != (tv->packets[1] == 0) &&
	    since(&tv->first, tv->last.sec, tv->last.nsec) >= stall;
	r->health = one_way ? VH_DEGRADED : VH_OK;
}

static int
cmp_health(const void *x, const void *y)
{
	const struct view_row *a = x, *b = y;

	if (a->health != b->health)
		return a->health > b->health ? -1 : 1;
	if (a->stall != b->stall)
		return a->stall > b->stall ? -1 : 1;
	return strcmp(a->peers, b->peers);
}

static int
cmp_peers(const void *x, const void *y)
{
	const struct view_row *a = x, *b = y;
	int c = strcmp(a->peers, b->peers);

	if (c != 0)
		return c;
	return a->key.ispi < b->key.ispi ? -1 : a->key.ispi > b->key.ispi;
}

static int
cmp_age(const void *x, const void *y)
{
	const struct view_row *a = x, *b = y;

	if (a->age != b->age)
		return a->age > b->age ? -1 : 1;
	return cmp_peers(x, y);
}

static int
cmp_last(const void *x, const void *y)
{
	const struct view_row *a = x, *b = y;

	if (a->idle != b->idle)
		return a->idle < b->idle ? -1 : 1;
	return cmp_peers(x, y);
}

void
view_sort(struct view_row *rows, size_t n, enum view_sort how)
{
	static int (*const cmp[])(const void *, const void *) = {
		cmp_health, cmp_peers, cmp_age, cmp_last,
	};

	if ((unsigned)how >= VS_COUNT)
		how = VS_HEALTH;
	if (n > 1)
		qsort(rows, n, sizeof(*rows), cmp[how]);
}

const char *
view_sort_name(enum view_sort how)
{
	static const char *const names[] = { "health", "peers", "age",
	    "last activity" };

	return (unsigned)how < VS_COUNT ? names[how] : names[0];
}

size_t
view_filter(struct view_row *rows, size_t n, const char *pat)
{
	size_t i, kept = 0;

	if (pat == NULL || *pat == '\0')
		return n;
	for (i = 0; i < n; i++) {
		const struct view_row *r = &rows[i];

		if (strstr(r->peers, pat) || strstr(r->state_ini, pat) ||
		    strstr(r->state_rsp, pat) || strstr(r->waiting, pat) ||
		    strstr(r->mode, pat))
			rows[kept++] = *r;
	}
	return kept;
}

void
view_stall_text(const struct view_row *r, char *buf, size_t len)
{
	if (r->stall < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%s %.0fs", r->waiting, r->stall);
}

static int
msg_cmp(const void *x, const void *y)
{
	const struct sa_msg *const *a = x, *const *b = y;

	return (*a)->first.frame < (*b)->first.frame ? -1 :
	    (*a)->first.frame > (*b)->first.frame;
}

/* "Main Mode 3", "IKE_AUTH req", "Informational" */
static void
msg_name(const struct ike_sa *sa, const struct sa_msg *m, char *buf,
    size_t len)
{
	const char *x = ike_exch_text(sa->key.version, m->exch);

	if (x == NULL)
		x = "?";
	if (sa->key.version == 2)
		snprintf(buf, len, "%s %s", x, m->response ? "resp" : "req");
	else if (m->pos.set)
		snprintf(buf, len, "%s %u", x, m->pos.step);
	else
		snprintf(buf, len, "%s", x);
}

size_t
view_ladder(const struct ike_sa *sa, enum state_vocab vocab,
    char lines[][160], size_t max)
{
	const struct sa_msg *m[SA_MSGS];
	char name[48], arrow[64], mark[48];
	size_t n = 0, i, k;

	for (i = 0; i < SA_MSGS; i++)
		if (sa->msg[i].used)
			m[n++] = &sa->msg[i];
	if (n > 1)
		qsort(m, n, sizeof(m[0]), msg_cmp);
	for (i = k = 0; i < n && k < max; i++) {
		const char *st = sa_pos_name(&m[i]->pos, vocab);
		double t = ((double)m[i]->first.sec - (double)sa->first.sec) +
		    ((double)m[i]->first.nsec - (double)sa->first.nsec) / 1e9;

		msg_name(sa, m[i], name, sizeof(name));
		if (m[i]->from_ini)
			snprintf(arrow, sizeof(arrow), "--- %s --->", name);
		else
			snprintf(arrow, sizeof(arrow), "<--- %s ---", name);
		mark[0] = '\0';
		if (m[i]->copies > 1)
			snprintf(mark, sizeof(mark), " x%u", m[i]->copies);
		if (m[i]->wants_answer && !m[i]->answered)
			strncat(mark, " unanswered", sizeof(mark) -
			    strlen(mark) - 1);
		else if (m[i]->wants_answer && !m[i]->lost) {
			/* How long the answer took, from the first copy. */
			double rtt = ((double)m[i]->answer.sec -
			    (double)m[i]->first.sec) +
			    ((double)m[i]->answer.nsec -
			    (double)m[i]->first.nsec) / 1e9;

			snprintf(mark + strlen(mark), sizeof(mark) -
			    strlen(mark), " answered after %.1f ms", rtt * 1e3);
		}
		snprintf(lines[k++], 160, "%+9.3f  frame %-6llu %-34s%s%s%s",
		    t, (unsigned long long)m[i]->first.frame, arrow, mark,
		    st ? "  " : "", st ? st : "");
	}
	return k;
}

/*
 * The request message i answers: its last copy before i (IKEv2: the same
 * exchange and message ID from the other side; IKEv1: the step before,
 * from the other side, in the same exchange).  NULL when i answers none.
 */
static const struct view_msg *
ladder_request(const struct view_msg *m, size_t i, int version)
{
	size_t k;

	if ((version == 2 && !m[i].response) ||
	    (version == 1 && m[i].step < 2))
		return NULL;
	for (k = i; k-- > 0;) {
		if (m[k].from_ini == m[i].from_ini || m[k].exch != m[i].exch)
			continue;
		if (version == 2 ? m[k].msgid == m[i].msgid && !m[k].response :
		    m[k].msgid == m[i].msgid && m[k].step + 1 == m[i].step)
			return &m[k];
	}
	return NULL;
}

size_t
view_ladder_msgs(const struct view_msg *m, size_t n, int version,
    enum state_vocab vocab, char lines[][160], size_t max)
{
	const struct view_msg *rq;
	char name[48], arrow[64], mark[32];
	const char *x, *st;
	size_t i, k = 0;
	double t;

	for (i = 0; i < n && k < max; i++) {
		x = ike_exch_text(version, m[i].exch);
		if (x == NULL)
			x = "?";
		if (version == 2)
			snprintf(name, sizeof(name), "%s %s", x,
			    m[i].response ? "resp" : "req");
		else if (m[i].step > 0 && m[i].pos.set)
			snprintf(name, sizeof(name), "%s %u", x, m[i].step);
		else
			snprintf(name, sizeof(name), "%s", x);
		if (m[i].from_ini)
			snprintf(arrow, sizeof(arrow), "--- %s --->", name);
		else
			snprintf(arrow, sizeof(arrow), "<--- %s ---", name);
		mark[0] = '\0';
		if (m[i].copy > 1)
			snprintf(mark, sizeof(mark), " retransmit #%u",
			    m[i].copy - 1);
		else if ((rq = ladder_request(m, i, version)) != NULL)
			snprintf(mark, sizeof(mark), " rtt %.1f ms",
			    (((double)m[i].sec - (double)rq->sec) +
			    ((double)m[i].nsec - (double)rq->nsec) / 1e9) * 1e3);
		st = sa_pos_name(&m[i].pos, vocab);
		t = ((double)m[i].sec - (double)m[0].sec) +
		    ((double)m[i].nsec - (double)m[0].nsec) / 1e9;
		snprintf(lines[k++], 160, "%+9.3f  frame %-6llu %-34s%s%s%s",
		    t, (unsigned long long)m[i].frame, arrow, mark,
		    st ? "  " : "", st ? st : "");
	}
	return k;
}
