/*
 * test_sa.c: IKE SA tracking driven by synthetic messages with explicit
 * addresses and times: every state transition of Main, Aggressive and
 * Quick Mode and of IKEv2, retransmit counting, retries that are not
 * retransmits, duplicates.
 */
#include <string.h>

#include "diag/sa.h"
#include "dissect/names.h"
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"

#define A	T_SRC4		/* the initiator, 192.0.2.10 */
#define B	T_DST4		/* the responder, 203.0.113.20 */

static struct dissector *d;
static uint64_t frame;
/* Bytes in the one payload a message carries (an answer to IKE_AUTH
   that is to hold IDr, AUTH, SA and TS needs a realistic size). */
static size_t pl_len = 16;

/* One IKE message from src to dst, dissected into p, fed to sa. */
static void
send_msg(struct ike_sa *sa, struct sa_event *ev, uint32_t src, uint32_t dst,
    uint64_t rspi, uint8_t np, uint8_t ver, uint8_t exch, uint8_t flags,
    uint32_t msgid, uint8_t fill)
{
	struct cap_frame fr;
	struct pkt p;
	struct fb f;

	if (d == NULL) {
		char err[128];

		d = dissect_new(DLT_EN10MB, err, sizeof(err));
	}
	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 17, src, dst);
	fb_udp(&f, 500, 500);
	fb_ike(&f, T_ISPI, rspi, np, ver, exch, flags, msgid);
	if (flags & IKEV1_F_ENC && ver == 0x10)
		fb_fill(&f, fill, 48);
	else
		fb_payload(&f, 0, pl_len, fill);
	fb_fix(&f);
	memset(&fr, 0, sizeof(fr));
	fr.no = ++frame;
	fr.ts_sec = 1000 + (int64_t)frame;
	fr.caplen = fr.wirelen = (uint32_t)f.n;
	fr.data = f.b;
	fr.dlt = dissect_dlt(d);
	dissect_frame(d, &fr, &p);
	CU_ASSERT_EQUAL_FATAL(p.kind, PK_IKE);
	sa_update(sa, &p, ev);
}

static const char *
st(const struct ike_sa *sa, enum state_side side)
{
	const char *s = sa_state(sa, side, VOCAB_ASA);

	return s != NULL ? s : "-";
}

#define STATES(sa, i, r) do {						\
	CU_ASSERT_STRING_EQUAL(st((sa), STS_INI), (i));			\
	CU_ASSERT_STRING_EQUAL(st((sa), STS_RSP), (r));			\
} while (0)

static void
test_main_mode_step_by_step(void)
{
	struct ike_sa sa;
	struct sa_event ev;

	memset(&sa, 0, sizeof(sa));
	send_msg(&sa, &ev, A, B, 0, IKEV1_P_SA, 0x10, 2, 0, 0, 1);
	CU_ASSERT_TRUE(ev.created);
	CU_ASSERT_EQUAL(ev.step, 1);
	STATES(&sa, "MM_WAIT_MSG2", "-");
	send_msg(&sa, &ev, B, A, T_RSPI, IKEV1_P_SA, 0x10, 2, 0, 0, 2);
	CU_ASSERT_EQUAL(ev.step, 2);
	CU_ASSERT_EQUAL(sa.rspi, T_RSPI);
	STATES(&sa, "MM_WAIT_MSG2", "MM_WAIT_MSG3");
	send_msg(&sa, &ev, A, B, T_RSPI, IKEV1_P_KE, 0x10, 2, 0, 0, 3);
	STATES(&sa, "MM_WAIT_MSG4", "MM_WAIT_MSG3");
	send_msg(&sa, &ev, B, A, T_RSPI, IKEV1_P_KE, 0x10, 2, 0, 0, 4);
	STATES(&sa, "MM_WAIT_MSG4", "MM_WAIT_MSG5");
	send_msg(&sa, &ev, A, B, T_RSPI, IKEV1_P_ID, 0x10, 2, 1, 0, 5);
	CU_ASSERT_EQUAL(ev.step, 5);
	STATES(&sa, "MM_WAIT_MSG6", "MM_WAIT_MSG5");
	CU_ASSERT_STRING_EQUAL(sa_state(&sa, STS_INI, VOCAB_IOS),
	    "MM_KEY_EXCH");
	CU_ASSERT_STRING_EQUAL(sa_state(&sa, STS_INI, VOCAB_RFC), "MAIN_I3");
	CU_ASSERT_STRING_EQUAL(sa_phase1(&sa), "incomplete");
	send_msg(&sa, &ev, B, A, T_RSPI, IKEV1_P_ID, 0x10, 2, 1, 0, 6);
	STATES(&sa, "MM_ACTIVE", "MM_ACTIVE");
	CU_ASSERT_STRING_EQUAL(sa_phase1(&sa), "complete");
	CU_ASSERT_STRING_EQUAL(sa_mode(&sa), "main");
	CU_ASSERT_EQUAL(sa.retransmits, 0);
	CU_ASSERT_EQUAL(sa.messages, 6);
	/* Nothing went wrong: nothing kept apart, and it reads as zero. */
	CU_ASSERT_PTR_NULL(sa.rare);
	CU_ASSERT_EQUAL(sa_rare(&sa)->retx.used, 0);
	CU_ASSERT_EQUAL(sa_rare(&sa)->icmp.count, 0);

	/* Quick Mode started by the responder, stuck after its QM1. */
	send_msg(&sa, &ev, B, A, T_RSPI, IKEV1_P_HASH, 0x10, 32, 1, 0x77, 7);
	send_msg(&sa, &ev, B, A, T_RSPI, IKEV1_P_HASH, 0x10, 32, 1, 0x77, 7);
	CU_ASSERT_TRUE(ev.retransmit);
	CU_ASSERT_EQUAL(ev.copies, 2);
	/* The SA's responder started it: it is the one waiting. */
	STATES(&sa, "MM_ACTIVE", "QM_WAIT_MSG2");
	send_msg(&sa, &ev, A, B, T_RSPI, IKEV1_P_HASH, 0x10, 32, 1, 0x77, 8);
	STATES(&sa, "QM_WAIT_MSG3", "QM_WAIT_MSG2");
	send_msg(&sa, &ev, B, A, T_RSPI, IKEV1_P_HASH, 0x10, 32, 1, 0x77, 9);
	STATES(&sa, "MM_ACTIVE", "MM_ACTIVE");
	CU_ASSERT_EQUAL(sa.retransmits, 1);
	sa_release(&sa);
}

static void
test_mm1_retransmitted(void)
{
	struct ike_sa sa;
	struct sa_event ev;
	int i;

	memset(&sa, 0, sizeof(sa));
	for (i = 0; i < 4; i++)
		send_msg(&sa, &ev, A, B, 0, IKEV1_P_SA, 0x10, 2, 0, 0, 1);
	CU_ASSERT_EQUAL(ev.copies, 4);
	CU_ASSERT_EQUAL(sa.retransmits, 3);
	STATES(&sa, "MM_WAIT_MSG2", "-");
	CU_ASSERT_STRING_EQUAL(sa_state(&sa, STS_INI, VOCAB_IOS),
	    "MM_NO_STATE");
	/* The copies' frames are kept apart, made with the first copy. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa.rare);
	CU_ASSERT_EQUAL(sa_rare(&sa)->retx.n, 4);
	sa_release(&sa);
	CU_ASSERT_PTR_NULL(sa.rare);
	sa_release(&sa);		/* twice is harmless */
}

/*
 * The parts kept apart come from the owner's pool: counted while held,
 * refused (and counted) past its budget, given back on release; the SA
 * goes on without them.
 */
static void
test_rare_pool(void)
{
	struct sa_rare_pool pool;
	struct ike_sa a, b;
	struct sa_event ev;
	int i;

	memset(&pool, 0, sizeof(pool));
	pool.budget = sizeof(struct sa_rare);	/* room for one */
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.pool = b.pool = &pool;
	for (i = 0; i < 3; i++) {
		send_msg(&a, &ev, A, B, 0, IKEV1_P_SA, 0x10, 2, 0, 0, 1);
		send_msg(&b, &ev, A, B, 0, IKEV1_P_SA, 0x10, 2, 0, 0, 1);
	}
	CU_ASSERT_PTR_NOT_NULL(a.rare);
	CU_ASSERT_PTR_NULL(b.rare);
	CU_ASSERT_EQUAL(pool.made, 1);
	CU_ASSERT_EQUAL(pool.bytes, sizeof(struct sa_rare));
	CU_ASSERT(pool.refused >= 1);
	/* b still counts its copies; only their frames were not kept. */
	CU_ASSERT_EQUAL(b.retransmits, 2);
	CU_ASSERT_EQUAL(sa_rare(&b)->retx.n, 0);
	sa_release(&a);
	CU_ASSERT_EQUAL(pool.bytes, 0);
	CU_ASSERT_EQUAL(pool.peak, sizeof(struct sa_rare));
	send_msg(&b, &ev, A, B, 0, IKEV1_P_SA, 0x10, 2, 0, 0, 1);
	CU_ASSERT_PTR_NOT_NULL(b.rare);		/* room again */
	sa_release(&b);
	CU_ASSERT_EQUAL(pool.bytes, 0);
}

static void
test_aggressive(void)
{
	struct ike_sa sa;
	struct sa_event ev;

	memset(&sa, 0, sizeof(sa));
	send_msg(&sa, &ev, A, B, 0, IKEV1_P_SA, 0x10, 4, 0, 0, 1);
	STATES(&sa, "AM_WAIT_MSG2", "-");
	send_msg(&sa, &ev, B, A, T_RSPI, IKEV1_P_SA, 0x10, 4, 0, 0, 2);
	STATES(&sa, "AM_WAIT_MSG2", "AM_WAIT_MSG3");
	CU_ASSERT_STRING_EQUAL(sa_state(&sa, STS_RSP, VOCAB_IOS),
	    "AG_INIT_EXCH");
	send_msg(&sa, &ev, A, B, T_RSPI, IKEV1_P_HASH, 0x10, 4, 0, 0, 3);
	STATES(&sa, "AM_ACTIVE", "AM_ACTIVE");
	CU_ASSERT_STRING_EQUAL(sa_mode(&sa), "aggressive");
	sa_release(&sa);
}

static void
test_ikev2_exchanges(void)
{
	struct ike_sa sa;
	struct sa_event ev;

	memset(&sa, 0, sizeof(sa));
	send_msg(&sa, &ev, A, B, 0, 33, 0x20, 34, 0x08, 0, 1);
	STATES(&sa, "IKE_SA_INIT_WAIT", "-");
	send_msg(&sa, &ev, B, A, T_RSPI, 33, 0x20, 34, 0x20, 0, 2);
	STATES(&sa, "IKE_SA_INIT_WAIT", "IKE_AUTH_WAIT");
	send_msg(&sa, &ev, A, B, T_RSPI, 46, 0x20, 35, 0x08, 1, 3);
	send_msg(&sa, &ev, A, B, T_RSPI, 46, 0x20, 35, 0x08, 1, 3);
	CU_ASSERT_TRUE(ev.retransmit);
	STATES(&sa, "IKE_AUTH_WAIT", "IKE_AUTH_WAIT");
	CU_ASSERT_STRING_EQUAL(sa_state(&sa, STS_INI, VOCAB_RFC),
	    "PARENT_I2");
	pl_len = 200;
	send_msg(&sa, &ev, B, A, T_RSPI, 46, 0x20, 35, 0x20, 1, 4);
	pl_len = 16;
	STATES(&sa, "ESTABLISHED", "ESTABLISHED");
	CU_ASSERT_STRING_EQUAL(sa_phase1(&sa), "complete");
	/* The responder asks for liveness: its own message id 0. */
	send_msg(&sa, &ev, B, A, T_RSPI, 46, 0x20, 37, 0x00, 0, 5);
	STATES(&sa, "ESTABLISHED", "INFORMATIONAL_WAIT");
	send_msg(&sa, &ev, A, B, T_RSPI, 46, 0x20, 37, 0x28, 0, 6);
	STATES(&sa, "ESTABLISHED", "ESTABLISHED");
	CU_ASSERT_EQUAL(sa.retransmits, 1);
	sa_release(&sa);
}

static void
test_ikev2_retry_is_not_retransmit(void)
{
	struct ike_sa sa;
	struct sa_event ev;

	memset(&sa, 0, sizeof(sa));
	send_msg(&sa, &ev, A, B, 0, 33, 0x20, 34, 0x08, 0, 1);
	/* INVALID_KE_PAYLOAD in an answer, then the same id, new bytes. */
	send_msg(&sa, &ev, B, A, 0, 41, 0x20, 34, 0x20, 0, 2);
	send_msg(&sa, &ev, A, B, 0, 33, 0x20, 34, 0x08, 0, 9);
	CU_ASSERT_FALSE(ev.retransmit);
	CU_ASSERT_EQUAL(sa.retransmits, 0);
	/* An INVALID_KE_PAYLOAD answer leaves the responder no state. */
	STATES(&sa, "IKE_SA_INIT_WAIT", "-");
	/* The very same bytes again: that is a retransmission. */
	send_msg(&sa, &ev, A, B, 0, 33, 0x20, 34, 0x08, 0, 9);
	CU_ASSERT_TRUE(ev.retransmit);
	sa_release(&sa);
}

static void
test_teardown(void)
{
	dissect_free(d);
	d = NULL;
}

int
suite_sa(void)
{
	static const struct test_def t[] = {
		{ "Main Mode and Quick Mode step by step",
		    test_main_mode_step_by_step },
		{ "MM1 retransmitted", test_mm1_retransmitted },
		{ "rare parts from a bounded pool", test_rare_pool },
		{ "Aggressive Mode", test_aggressive },
		{ "IKEv2 exchanges", test_ikev2_exchanges },
		{ "a retry is not a retransmit",
		    test_ikev2_retry_is_not_retransmit },
		{ "teardown", test_teardown },
	};

	return SUITE("IKE SA tracking", t);
}
