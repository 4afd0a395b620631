/*
 * test_view.c: the live view's model (ui/view.c) with SA records built
 * from synthetic messages at explicit times: rows (states, stall timer,
 * health, the worst finding), sorting, filtering, ladder lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/source.h"
#include "diag/diag.h"
#include "dissect/dissect.h"
#include "dissect/names.h"
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"
#include "ui/view.h"

#define A	T_SRC4
#define B	T_DST4
#define T0	1700000000
#define LADDER_LINES	16

static struct dissector *vd;
static uint64_t vframe;

/* An IKEv1 Main Mode message at T0 + at: payload np (E: encrypted). */
static void
mm(struct ike_sa *sa, double at, uint32_t src, uint32_t dst, uint64_t rspi,
    uint8_t np, int enc, uint8_t fill)
{
	struct sa_event ev;
	struct cap_frame fr;
	struct pkt p;
	struct fb f;

	if (vd == NULL) {
		char err[128];

		vd = dissect_new(DLT_EN10MB, err, sizeof(err));
	}
	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 17, src, dst);
	fb_udp(&f, 500, 500);
	fb_ike(&f, T_ISPI, rspi, np, 0x10, IKEV1_X_MAIN, enc ? 1 : 0, 0);
	if (enc)
		fb_fill(&f, fill, 48);
	else
		fb_payload(&f, 0, 16, fill);
	fb_fix(&f);
	memset(&fr, 0, sizeof(fr));
	fr.no = ++vframe;
	fr.ts_sec = T0 + (int64_t)at;
	fr.ts_nsec = (uint32_t)((at - (double)(int64_t)at) * 1e9);
	fr.caplen = fr.wirelen = (uint32_t)f.n;
	fr.data = f.b;
	fr.dlt = dissect_dlt(vd);
	dissect_frame(vd, &fr, &p);
	CU_ASSERT_EQUAL_FATAL(p.kind, PK_IKE);
	sa_update(sa, &p, &ev);
}

/* MM1 sent at 0 and again at 5, nothing back. */
static void
stuck_sa(struct ike_sa *sa)
{
	memset(sa, 0, sizeof(*sa));
	mm(sa, 0, A, B, 0, IKEV1_P_SA, 0, 1);
	mm(sa, 5, A, B, 0, IKEV1_P_SA, 0, 1);
}

/* All six Main Mode messages, each answered at once. */
static void
healthy_sa(struct ike_sa *sa)
{
	memset(sa, 0, sizeof(*sa));
	mm(sa, 0.0, A, B, 0, IKEV1_P_SA, 0, 1);
	mm(sa, 0.1, B, A, T_RSPI, IKEV1_P_SA, 0, 2);
	mm(sa, 0.2, A, B, T_RSPI, IKEV1_P_KE, 0, 3);
	mm(sa, 0.3, B, A, T_RSPI, IKEV1_P_KE, 0, 4);
	mm(sa, 0.4, A, B, T_RSPI, IKEV1_P_ID, 1, 5);
	mm(sa, 0.5, B, A, T_RSPI, IKEV1_P_ID, 1, 6);
}

static void
test_row_stall(void)
{
	struct ike_sa sa;
	struct view_row r;
	char buf[64];

	stuck_sa(&sa);
	/* 8 s after the first copy: waiting, under a 10 s stall. */
	view_row_make(&r, &sa, NULL, 0, NULL, 0, T0 + 8, 0, 10, VOCAB_ASA);
	CU_ASSERT_STRING_EQUAL(r.state_ini, "MM_WAIT_MSG2");
	CU_ASSERT_STRING_EQUAL(r.state_rsp, "-");
	CU_ASSERT_DOUBLE_EQUAL(r.stall, 8.0, 1e-6);
	CU_ASSERT_STRING_EQUAL(r.waiting, "MM_WAIT_MSG2");
	CU_ASSERT_EQUAL(r.retransmits, 1);
	CU_ASSERT_EQUAL(r.health, VH_DEGRADED);
	view_stall_text(&r, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "MM_WAIT_MSG2 8s");
	/* Past the stall: stuck, and the timer goes on counting. */
	view_row_make(&r, &sa, NULL, 0, NULL, 0, T0 + 12, 0, 10, VOCAB_ASA);
	CU_ASSERT_DOUBLE_EQUAL(r.stall, 12.0, 1e-6);
	CU_ASSERT_EQUAL(r.health, VH_STUCK);
	/* Another vocabulary. */
	view_row_make(&r, &sa, NULL, 0, NULL, 0, T0 + 12, 0, 10, VOCAB_IOS);
	CU_ASSERT_STRING_EQUAL(r.state_ini, "MM_NO_STATE");
	sa_release(&sa);
}

static void
test_row_healthy(void)
{
	struct ike_sa sa;
	struct view_row r;
	struct view_finding vf;
	char buf[64];

	healthy_sa(&sa);
	view_row_make(&r, &sa, NULL, 0, NULL, 0, T0 + 60, 0, 10, VOCAB_ASA);
	CU_ASSERT_STRING_EQUAL(r.state_ini, "MM_ACTIVE");
	CU_ASSERT_STRING_EQUAL(r.state_rsp, "MM_ACTIVE");
	CU_ASSERT(r.stall < 0);
	CU_ASSERT_EQUAL(r.health, VH_OK);
	view_stall_text(&r, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "-");
	CU_ASSERT_EQUAL(r.worst, -1);
	/* A finding drawn for this SA marks the row. */
	memset(&vf, 0, sizeof(vf));
	vf.key = sa.key;
	vf.id = F_NOTIFY_ERROR;
	vf.sev = SEV_WARNING;
	view_row_make(&r, &sa, NULL, 0, &vf, 1, T0 + 60, 0, 10, VOCAB_ASA);
	CU_ASSERT_EQUAL(r.worst, F_NOTIFY_ERROR);
	CU_ASSERT_EQUAL(r.health, VH_DEGRADED);
	vf.sev = SEV_ERROR;
	view_row_make(&r, &sa, NULL, 0, &vf, 1, T0 + 60, 0, 10, VOCAB_ASA);
	CU_ASSERT_EQUAL(r.health, VH_STUCK);
	/* Another SA's finding does not. */
	vf.key.ispi++;
	view_row_make(&r, &sa, NULL, 0, &vf, 1, T0 + 60, 0, 10, VOCAB_ASA);
	CU_ASSERT_EQUAL(r.worst, -1);
	sa_release(&sa);
}

/* ESP between two peers and no IKE SA: a row of its own. */
static void
test_row_tunnel(void)
{
	struct tunnel_view tv;
	struct view_row r;
	uint8_t a[4] = { 192, 0, 2, 10 }, b[4] = { 203, 0, 113, 20 };

	memset(&tv, 0, sizeof(tv));
	addr_set(&tv.lo, 4, a);
	addr_set(&tv.hi, 4, b);
	tv.packets[0] = 10;
	tv.first.sec = T0;
	tv.last.sec = T0 + 30;
	view_row_tunnel(&r, &tv, NULL, 0, T0 + 31, 0, 10);
	CU_ASSERT_STRING_EQUAL(r.peers, "192.0.2.10 > 203.0.113.20");
	CU_ASSERT_STRING_EQUAL(r.mode, "ESP only");
	CU_ASSERT_EQUAL(r.key.version, 0);
	CU_ASSERT_EQUAL(r.health, VH_DEGRADED);	/* one way for 30 s */
	CU_ASSERT_DOUBLE_EQUAL(r.idle, 1.0, 1e-9);
	tv.packets[1] = 10;
	view_row_tunnel(&r, &tv, NULL, 0, T0 + 31, 0, 10);
	CU_ASSERT_EQUAL(r.health, VH_OK);
}

static void
rows3(struct view_row *r)
{
	memset(r, 0, 3 * sizeof(*r));
	snprintf(r[0].peers, sizeof(r[0].peers), "198.51.100.1 > 203.0.113.9");
	snprintf(r[0].state_ini, sizeof(r[0].state_ini), "MM_ACTIVE");
	r[0].health = VH_OK;
	r[0].stall = -1;
	r[0].age = 30;
	r[0].idle = 1;
	snprintf(r[1].peers, sizeof(r[1].peers), "192.0.2.10 > 203.0.113.20");
	snprintf(r[1].state_ini, sizeof(r[1].state_ini), "MM_WAIT_MSG2");
	r[1].health = VH_STUCK;
	r[1].stall = 20;
	r[1].age = 20;
	r[1].idle = 5;
	snprintf(r[2].peers, sizeof(r[2].peers), "192.0.2.99 > 203.0.113.20");
	snprintf(r[2].state_ini, sizeof(r[2].state_ini), "QM_WAIT_MSG2");
	r[2].health = VH_STUCK;
	r[2].stall = 40;
	r[2].age = 90;
	r[2].idle = 0.5;
}

static void
test_sort(void)
{
	struct view_row r[3];

	rows3(r);
	view_sort(r, 3, VS_HEALTH);	/* stuck first, longest stall first */
	CU_ASSERT_STRING_EQUAL(r[0].state_ini, "QM_WAIT_MSG2");
	CU_ASSERT_STRING_EQUAL(r[1].state_ini, "MM_WAIT_MSG2");
	CU_ASSERT_STRING_EQUAL(r[2].state_ini, "MM_ACTIVE");
	view_sort(r, 3, VS_PEERS);
	CU_ASSERT_STRING_EQUAL(r[0].peers, "192.0.2.10 > 203.0.113.20");
	CU_ASSERT_STRING_EQUAL(r[2].peers, "198.51.100.1 > 203.0.113.9");
	view_sort(r, 3, VS_AGE);	/* oldest first */
	CU_ASSERT_EQUAL(r[0].age, 90);
	view_sort(r, 3, VS_LAST);	/* most recently active first */
	CU_ASSERT_EQUAL(r[0].idle, 0.5);
	CU_ASSERT_STRING_EQUAL(view_sort_name(VS_HEALTH), "health");
	/* No rows at all: the view of an empty wire. */
	view_sort(NULL, 0, VS_HEALTH);
	CU_ASSERT_EQUAL(view_filter(NULL, 0, "x"), 0);
}

static void
test_filter(void)
{
	struct view_row r[3];

	rows3(r);
	CU_ASSERT_EQUAL(view_filter(r, 3, ""), 3);
	CU_ASSERT_EQUAL(view_filter(r, 3, "203.0.113.20"), 2);
	rows3(r);
	CU_ASSERT_EQUAL(view_filter(r, 3, "QM_WAIT"), 1);
	CU_ASSERT_STRING_EQUAL(r[0].peers, "192.0.2.99 > 203.0.113.20");
	rows3(r);
	CU_ASSERT_EQUAL(view_filter(r, 3, "2001:db8::1"), 0);
}

static void
test_ladder(void)
{
	char lines[16][160];
	struct ike_sa sa;
	size_t n;

	stuck_sa(&sa);
	n = view_ladder(&sa, VOCAB_ASA, lines, 16);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT(strstr(lines[0], "--- Main Mode 1 --->") != NULL);
	CU_ASSERT(strstr(lines[0], "x2") != NULL);
	CU_ASSERT(strstr(lines[0], "unanswered") != NULL);
	CU_ASSERT(strstr(lines[0], "MM_WAIT_MSG2") != NULL);
	sa_release(&sa);

	healthy_sa(&sa);
	n = view_ladder(&sa, VOCAB_RFC, lines, 16);
	CU_ASSERT_EQUAL_FATAL(n, 6);
	CU_ASSERT(strstr(lines[0], "--- Main Mode 1 --->") != NULL);
	CU_ASSERT(strstr(lines[1], "<--- Main Mode 2 ---") != NULL);
	CU_ASSERT(strstr(lines[5], "<--- Main Mode 6 ---") != NULL);
	CU_ASSERT(strstr(lines[5], "unanswered") == NULL);
	CU_ASSERT(strstr(lines[5], "MAIN_R3") != NULL);
	CU_ASSERT(strstr(lines[1], "+0.100") != NULL);
	CU_ASSERT(strstr(lines[0], "answered after 100.0 ms") != NULL);
	/* Fewer lines than messages: the first ones. */
	CU_ASSERT_EQUAL(view_ladder(&sa, VOCAB_ASA, lines, 2), 2);
	sa_release(&sa);
}

/* The ladder from the view's own history: every copy on a line. */
static void
test_ladder_msgs(void)
{
	struct view_msg m[3];
	char lines[4][160];
	size_t n;

	memset(m, 0, sizeof(m));
	m[0].frame = 1;
	m[0].sec = T0;
	m[0].from_ini = 1;
	m[0].exch = IKEV1_X_MAIN;
	m[0].step = 1;
	m[0].copy = 1;
	m[0].pos.set = 1;
	m[0].pos.xk = STX_MAIN;
	m[0].pos.step = 1;
	m[0].pos.side = STS_INI;
	m[1] = m[0];
	m[1].frame = 3;
	m[1].sec = T0 + 4;
	m[1].copy = 2;
	m[2] = m[0];
	m[2].frame = 4;
	m[2].sec = T0 + 4;
	m[2].nsec = 500000000;
	m[2].from_ini = 0;
	m[2].step = 2;
	m[2].copy = 1;
	m[2].pos.step = 2;
	m[2].pos.side = STS_RSP;
	n = view_ladder_msgs(m, 3, 1, VOCAB_ASA, lines, 4);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT(strstr(lines[0], "--- Main Mode 1 --->") != NULL);
	CU_ASSERT(strstr(lines[0], "MM_WAIT_MSG2") != NULL);
	CU_ASSERT(strstr(lines[0], "retransmit") == NULL);
	CU_ASSERT(strstr(lines[1], "retransmit #1") != NULL);
	CU_ASSERT(strstr(lines[1], "+4.000") != NULL);
	CU_ASSERT(strstr(lines[2], "<--- Main Mode 2 ---") != NULL);
	CU_ASSERT(strstr(lines[2], "MM_WAIT_MSG3") != NULL);
	CU_ASSERT(strstr(lines[2], "+4.500") != NULL);
	/* The answer's round trip, from the request's last copy. */
	CU_ASSERT(strstr(lines[2], "rtt 500.0 ms") != NULL);
	CU_ASSERT_EQUAL(view_ladder_msgs(m, 3, 1, VOCAB_ASA, lines, 2), 2);
}

/* ------------------------------------------------ the lab's captures */

/* What one lab capture's view must show. */
struct lab_want {
	const char	*name;
	enum view_health health;	/* of its worst row */
	const char	*ladder;	/* a line with all these words, or NULL */
	const char	*ladder2;
};

static const struct lab_want lab_wants[] = {
	{ "ikev2-healthy", VH_OK, "IKE_AUTH req", "answered after" },
	{ "ikev1-main-healthy", VH_OK, "Main Mode 6", NULL },
	{ "ikev1-unreachable-filtered", VH_STUCK, "Main Mode 1",
	    "x4 unanswered" },
	{ "ikev1-nat-4500-blocked", VH_STUCK, "Main Mode 5",
	    "x4 unanswered" },
	{ "ikev2-reply-dropped", VH_STUCK, "IKE_SA_INIT req", "x4" },
	{ "ikev2-dpd-dead-peer", VH_STUCK, "INFORMATIONAL req",
	    "x3 unanswered" },
	{ "ikev2-psk-mismatch", VH_STUCK, "IKE_AUTH resp", NULL },
	{ "ikev1-p1-proposal-mismatch", VH_STUCK, "Main Mode 1", NULL },
};

struct lab_run {
	struct view_finding vf[64];
	size_t		 nvf;
	struct view_row	 rows[16];
	size_t		 nrows;
	char		 lines[16][LADDER_LINES][160];
	size_t		 nlines[16];
	int64_t		 sec;
	uint32_t	 nsec;
	double		 stall;
};

static void
lab_finding(void *arg, const struct finding *f)
{
	struct lab_run *l = arg;

	if (l->nvf < 64 && f->version) {
		l->vf[l->nvf].key.version = f->version;
		l->vf[l->nvf].key.ispi = f->ispi;
		l->vf[l->nvf].id = f->id;
		l->vf[l->nvf].sev = f->sev;
		l->nvf++;
	}
}

static void
lab_sa(void *arg, const struct ike_sa *sa)
{
	struct lab_run *l = arg;

	if (l->nrows == 16)
		return;
	view_row_make(&l->rows[l->nrows], sa, NULL, 0, l->vf, l->nvf, l->sec,
	    l->nsec, l->stall, VOCAB_ASA);
	l->nlines[l->nrows] = view_ladder(sa, VOCAB_ASA, l->lines[l->nrows],
	    LADDER_LINES);
	l->nrows++;
}

static void
lab_sa_gone(void *arg, const struct ike_sa *sa)
{
	(void)arg;
	(void)sa;
}

/* Reads pcaps/NAME.pcap into diag and builds its view; 0 when absent. */
static int
lab_view(const char *name, struct lab_run *l)
{
	const char *top = getenv("top_srcdir");
	char path[1024], err[256];
	struct cap_source *src;
	struct cap_info ci;
	struct cap_frame fr;
	struct dissector *dis;
	struct diag *g;
	struct pkt p;

	snprintf(path, sizeof(path), "%s/pcaps/%s.pcap", top ? top : ".",
	    name);
	if (cap_open_file(&src, path, err) != 0)
		return 0;
	cap_info(src, &ci);
	dis = dissect_new(ci.dlt, err, sizeof(err));
	g = diag_new(0, lab_sa_gone, l);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dis);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	memset(l, 0, sizeof(*l));
	diag_set_findings(g, lab_finding, l, 0);
	while (cap_next(src, &fr, err) == CAP_FRAME) {
		dissect_frame(dis, &fr, &p);
		diag_feed(g, &p);
	}
	/* The end of the capture, as the view shows it. */
	diag_settle(g);
	diag_now(g, &l->sec, &l->nsec);
	l->stall = diag_stall(g);
	diag_each_sa(g, lab_sa, l);
	diag_free(g);
	dissect_free(dis);
	cap_close(src);
	return 1;
}

static int
line_has(const struct lab_run *l, const char *a, const char *b)
{
	size_t i, k;

	for (i = 0; i < l->nrows; i++)
		for (k = 0; k < l->nlines[i]; k++)
			if (strstr(l->lines[i][k], a) != NULL &&
			    (b == NULL || strstr(l->lines[i][k], b) != NULL))
				return 1;
	return 0;
}

static void
test_lab_views(void)
{
	static struct lab_run l;
	size_t i, k, seen = 0;

	for (i = 0; i < sizeof(lab_wants) / sizeof(lab_wants[0]); i++) {
		const struct lab_want *w = &lab_wants[i];
		int worst = VH_OK;

		if (!lab_view(w->name, &l))
			continue;
		seen++;
		CU_ASSERT(l.nrows > 0);
		for (k = 0; k < l.nrows; k++) {
			if ((int)l.rows[k].health > worst)
				worst = l.rows[k].health;
			CU_ASSERT(l.nlines[k] > 0);
		}
		if (worst != (int)w->health || (w->ladder != NULL &&
		    !line_has(&l, w->ladder, w->ladder2))) {
			fprintf(stderr, "\n  %s: worst health %d, want %d; "
			    "ladder:\n", w->name, worst, w->health);
			for (k = 0; k < l.nrows; k++) {
				size_t j;

				for (j = 0; j < l.nlines[k]; j++)
					fprintf(stderr, "    %s\n",
					    l.lines[k][j]);
			}
		}
		CU_ASSERT_EQUAL(worst, (int)w->health);
		if (w->ladder != NULL)
			CU_ASSERT(line_has(&l, w->ladder, w->ladder2));
	}
	/* Without the lab's captures (top_srcdir elsewhere) nothing ran. */
	if (seen == 0)
		fprintf(stderr, "\n  no lab captures under $top_srcdir/pcaps: "
		    "skipped\n");
}

int
suite_view(void)
{
	static const struct test_def t[] = {
		{ "row of a stuck SA: stall timer, health", test_row_stall },
		{ "row of a healthy SA, marked by findings", test_row_healthy },
		{ "row of a pair of peers with ESP only", test_row_tunnel },
		{ "sorting", test_sort },
		{ "filtering", test_filter },
		{ "ladder lines", test_ladder },
		{ "ladder from the view's history", test_ladder_msgs },
		{ "the lab's captures: health and ladders", test_lab_views },
	};
	return SUITE("view", t);
}
