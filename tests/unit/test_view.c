/*
 * test_view.c: the live view's model (ui/view.c) with SA records built
 * from synthetic messages at explicit times: rows (states, stall timer,
 * health, the worst finding), sorting, filtering, ladder lines.
 */
#include <stdio.h>
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/names.h"
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"
#include "ui/view.h"

#define A	T_SRC4
#define B	T_DST4
#define T0	1700000000

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
}

int
suite_view(void)
{
	static const struct test_def t[] = {
		{ "row of a stuck SA: stall timer, health", test_row_stall },
		{ "row of a healthy SA, marked by findings", test_row_healthy },
		{ "sorting", test_sort },
		{ "filtering", test_filter },
		{ "ladder lines", test_ladder },
	};
	return SUITE("view", t);
}
