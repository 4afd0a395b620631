/*
 * test_finding.c: the findings engine (diag/finding.c over diag/sa.c and
 * diag/diag.c) driven end to end: IKE messages built byte by byte, sent
 * between two peers with explicit frame numbers and packet times,
 * dissected and fed to a struct diag whose findings are recorded, then
 * held to the catalogue (../shared/docs/FINDINGS.md): which ids come out
 * of a wire picture, in which state, and which must not.  The retransmit
 * schedules of diag/backoff.c are checked directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/backoff.h"
#include "diag/diag.h"
#include "diag/finding.h"
#include "dissect/names.h"
#include "tests/unit/helpers.h"
#include "tests/unit/run.h"
#include "tests/unit/suites.h"

#define MAXPL		6

#define E1		IKEV1_F_ENC
#define I2		IKEV2_F_INITIATOR
#define R2		IKEV2_F_RESPONSE

/*
 * One payload: its type and body; the 4-byte generic header is added.
 * body NULL: len bytes of fill.  An SK payload's next-payload field is
 * `inner', the first payload inside it.  In an IKEv1 message with the E
 * flag the first payload's type is the header's next payload and its
 * body is the ciphertext, without a generic header.
 */
struct pl {
	uint8_t		 type;
	uint8_t		 inner;
	const uint8_t	*body;
	size_t		 len;
	uint8_t		 fill;
};

/* An IKE message; a zero port is the sender's current port. */
struct msg {
	uint32_t	 src;
	uint32_t	 dst;
	uint16_t	 sport;
	uint16_t	 dport;
	uint8_t		 ver;		/* 1 or 2 */
	uint8_t		 exch;
	uint8_t		 flags;
	uint32_t	 msgid;
	uint64_t	 ispi;		/* 0: T_ISPI */
	uint64_t	 rspi;
	struct pl	 pl[MAXPL];	/* up to the first of type 0 */
};

/* ------------------------------------------------------------ bodies */

/*
 * IKEv1 SA (RFC 2408 3.4-3.6): DOI IPsec, SIT_IDENTITY_ONLY, one ISAKMP
 * proposal with one KEY_IKE transform: AES-CBC-256, SHA, PSK, MODP1024.
 */
static const uint8_t v1_sa[] = {
	0, 0, 0, 1, 0, 0, 0, 1,
	0, 0, 0, 36, 1, 1, 0, 1,		/* proposal */
	0, 0, 0, 28, 1, 1, 0, 0,		/* transform */
	0x80, 1, 0, 7, 0x80, 14, 1, 0, 0x80, 2, 0, 2,
	0x80, 3, 0, 1, 0x80, 4, 0, 2,
};

/*
 * IKEv2 SA (RFC 7296 3.3): one IKE proposal, ENCR_AES_CBC (12) with a
 * 256-bit key, AUTH_HMAC_SHA2_256_128 (12), PRF_HMAC_SHA2_256 (5),
 * MODP2048 (14).
 */
static const uint8_t v2_sa[] = {
	0, 0, 0, 44, 1, 1, 0, 4,		/* proposal */
	3, 0, 0, 12, 1, 0, 0, 12, 0x80, 14, 1, 0,
	3, 0, 0, 8, 3, 0, 0, 12,
	3, 0, 0, 8, 2, 0, 0, 5,
	0, 0, 0, 8, 4, 0, 0, 14,
};
#define V2_OFFER "AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP2048"

/* IKEv2 KE: group 14, then a (short) public value. */
static const uint8_t v2_ke[] = {
	0, 14, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8,
};
static const uint8_t v2_ke_retry[] = {
	0, 14, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9,
};

/* IKEv2 Notify (protocol 0, no SPI): NO_PROPOSAL_CHOSEN. */
static const uint8_t v2_n_npc[] = { 0, 0, 0, 14 };
/* INVALID_KE_PAYLOAD asking for group 14. */
static const uint8_t v2_n_invalid_ke[] = { 0, 0, 0, 17, 0, 14 };
/* IKEv1 Notify: DOI IPsec, protocol ISAKMP, no SPI, AUTHENTICATION-FAILED. */
static const uint8_t v1_n_auth[] = { 0, 0, 0, 1, 1, 0, 0, 24 };
/* IKEv1 ID: ID_IPV4_ADDR 192.0.2.10. */
static const uint8_t v1_id[] = { 1, 0, 0, 0, 192, 0, 2, 10 };

/* ------------------------------------------------------- the frames */

static void
put_bytes(struct fb *f, const uint8_t *b, size_t n)
{
	CU_ASSERT_FATAL(f->n + n <= sizeof(f->b));
	memcpy(f->b + f->n, b, n);
	f->n += n;
}

static void
put_body(struct fb *f, const struct pl *pl)
{
	if (pl->body != NULL)
		put_bytes(f, pl->body, pl->len);
	else {
		CU_ASSERT_FATAL(f->n + pl->len <= sizeof(f->b));
		fb_fill(f, pl->fill, pl->len);
	}
}

/* Ethernet, IPv4, UDP, on 4500 the non-ESP marker, then the message. */
static void
build_ike(const struct run *r, const struct msg *m, struct fb *f)
{
	uint16_t sport = m->sport ? m->sport : port_of(r, m->src);
	uint16_t dport = m->dport ? m->dport : port_of(r, m->dst);
	size_t npl, i;

	for (npl = 0; npl < MAXPL && m->pl[npl].type != 0; npl++)
		;
	fb_init(f);
	fb_eth(f, 0x0800, 0, NULL, NULL);
	fb_ip4(f, 17, m->src, m->dst);
	fb_udp(f, sport, dport);
	if (sport == 4500 || dport == 4500)
		fb_u32(f, 0);
	fb_ike(f, m->ispi ? m->ispi : T_ISPI, m->rspi, npl ? m->pl[0].type : 0,
	    (uint8_t)(m->ver << 4), m->exch, m->flags, m->msgid);
	if (m->ver == 1 && (m->flags & IKEV1_F_ENC)) {
		if (npl > 0)
			put_body(f, &m->pl[0]);
	} else
		for (i = 0; i < npl; i++) {
			const struct pl *p = &m->pl[i];

			if (p->type == IKEV2_P_SK && m->ver == 2)
				fb_u8(f, p->inner);
			else
				fb_u8(f, i + 1 < npl ? m->pl[i + 1].type : 0);
			fb_u8(f, 0);
			fb_u16(f, (uint16_t)(p->len + 4));
			put_body(f, p);
		}
	fb_fix(f);
}

/* Sends m at `at' (seconds after T0). */
static void
send_at(struct run *r, double at, const struct msg *m)
{
	struct pkt p;
	struct fb f;

	build_ike(r, m, &f);
	feed_fb(r, &f, at, f.n, &p);
	CU_ASSERT_EQUAL(p.kind, PK_IKE);
	CU_ASSERT_EQUAL(p.anomalies, 0);
}

#define SEND(r, at, ...)	send_at((r), (at), &(struct msg){ __VA_ARGS__ })

/* An ESP packet (IP protocol 50) from src to dst. */
static void
send_esp(struct run *r, double at, uint32_t src, uint32_t dst)
{
	struct pkt p;
	struct fb f;

	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 50, src, dst);
	fb_u32(&f, 0xc0ffee01);
	fb_u32(&f, 1);
	fb_fill(&f, 0x5a, 48);
	fb_fix(&f);
	feed_fb(r, &f, at, f.n, &p);
	CU_ASSERT_EQUAL(p.kind, PK_ESP);
}

/*
 * from sends an ICMP error (type, code) quoting what m looked like on
 * the wire: its IP and UDP headers and the 28-byte IKE header.
 */
static void
send_icmp(struct run *r, double at, uint32_t from, uint8_t type,
    uint8_t code, const struct msg *m)
{
	struct pkt p;
	struct fb f, q;

	build_ike(r, m, &q);
	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 1, from, m->src);
	fb_u8(&f, type);
	fb_u8(&f, code);
	fb_u16(&f, 0);
	fb_u32(&f, 0);
	put_bytes(&f, q.b + 14, 20 + 8 + 28);
	fb_fix(&f);
	feed_fb(r, &f, at, f.n, &p);
	CU_ASSERT_EQUAL(p.kind, PK_ICMP);
	CU_ASSERT_EQUAL(p.icmp.has_ike, 1);
}

/* ------------------------------------------------------- the scripts */

/* IKEv1 Main Mode message n (1..6) between A and B. */
static const struct msg *
mm(int n, struct msg *m)
{
	memset(m, 0, sizeof(*m));
	m->ver = 1;
	m->exch = IKEV1_X_MAIN;
	m->src = n % 2 ? A : B;
	m->dst = n % 2 ? B : A;
	m->rspi = n == 1 ? 0 : T_RSPI;
	switch (n) {
	case 1:
	case 2:
		m->pl[0] = (struct pl){ IKEV1_P_SA, 0, v1_sa, sizeof(v1_sa),
		    0 };
		break;
	case 3:
	case 4:
		m->pl[0] = (struct pl){ IKEV1_P_KE, 0, NULL, 128,
		    (uint8_t)(0x30 + n) };
		m->pl[1] = (struct pl){ IKEV1_P_NONCE, 0, NULL, 16,
		    (uint8_t)(0x40 + n) };
		break;
	default:
		m->flags = E1;
		m->pl[0] = (struct pl){ IKEV1_P_ID, 0, NULL, 64,
		    (uint8_t)(0x50 + n) };
		break;
	}
	return m;
}

static void
send_mm(struct run *r, double at, int n)
{
	struct msg m;

	send_at(r, at, mm(n, &m));
}

/* An encrypted IKEv1 Quick Mode message. */
static void
send_qm(struct run *r, double at, int from_a, uint8_t fill)
{
	SEND(r, at, .src = from_a ? A : B, .dst = from_a ? B : A, .ver = 1,
	    .exch = IKEV1_X_QUICK, .flags = E1, .msgid = 0x7a7a7a7a,
	    .rspi = T_RSPI, .pl = { { IKEV1_P_HASH, 0, NULL, 80, fill } });
}

/* IKEv2 IKE_SA_INIT request: SA, KE, Nonce. */
static void
send_init_req(struct run *r, double at, const uint8_t *ke)
{
	SEND(r, at, .src = A, .dst = B, .ver = 2, .exch = IKEV2_X_IKE_SA_INIT,
	    .flags = I2, .pl = {
		{ IKEV2_P_SA, 0, v2_sa, sizeof(v2_sa), 0 },
		{ IKEV2_P_KE, 0, ke, sizeof(v2_ke), 0 },
		{ IKEV2_P_NONCE, 0, NULL, 16, 0xcc } });
}

/* Its answer choosing AES-CBC-256 and HMAC-SHA2-256-128. */
static void
send_init_rsp(struct run *r, double at)
{
	SEND(r, at, .src = B, .dst = A, .ver = 2, .exch = IKEV2_X_IKE_SA_INIT,
	    .flags = R2, .rspi = T_RSPI, .pl = {
		{ IKEV2_P_SA, 0, v2_sa, sizeof(v2_sa), 0 },
		{ IKEV2_P_KE, 0, v2_ke_retry, sizeof(v2_ke_retry), 0 },
		{ IKEV2_P_NONCE, 0, NULL, 16, 0xdd } });
}

/*
 * An IKEv2 message with one SK payload of sklen bytes in all, whose
 * first inner payload is inner.  from_a: sent by the IKE SA's initiator.
 */
static void
send_sk(struct run *r, double at, int from_a, int response, uint8_t exch,
    uint32_t msgid, uint8_t inner, size_t sklen, uint8_t fill)
{
	SEND(r, at, .src = from_a ? A : B, .dst = from_a ? B : A, .ver = 2,
	    .exch = exch, .flags = (uint8_t)((from_a ? I2 : 0) |
	    (response ? R2 : 0)), .msgid = msgid, .rspi = T_RSPI,
	    .pl = { { IKEV2_P_SK, inner, NULL, sklen - 4, fill } });
}

/* IKE_SA_INIT and IKE_AUTH, the answer with room for everything. */
static void
v2_established(struct run *r, double at)
{
	send_init_req(r, at, v2_ke);
	send_init_rsp(r, at + 0.05);
	send_sk(r, at + 0.1, 1, 0, IKEV2_X_IKE_AUTH, 1, IKEV2_P_IDI, 300, 1);
	send_sk(r, at + 0.15, 0, 1, IKEV2_X_IKE_AUTH, 1, IKEV2_P_IDR, 200, 2);
}

/* ------------------------------------------------------- assertions */

/* The finding's ASA state; NULL: it names none. */
static void
expect_state(const struct run *r, enum finding_id id, const char *state,
    const char *where)
{
	const struct got *g = got_find(r, id);
	const char *want = state != NULL ? state : "(null)";

	CU_ASSERT_PTR_NOT_NULL(g);
	if (g == NULL) {
		fprintf(stderr, "\n  %s: no %s\n", where, finding_id_name(id));
		return;
	}
	CU_ASSERT_STRING_EQUAL(g->state, want);
	if (strcmp(g->state, want) != 0)
		fprintf(stderr, "\n  %s: %s state %s, want %s\n", where,
		    finding_id_name(id), g->state, want);
}

#define STATE(r, id, s)	expect_state((r), (id), (s), __func__)

static void
expect_sev(const struct run *r, enum finding_id id, enum finding_sev sev)
{
	const struct got *g = got_find(r, id);

	CU_ASSERT_PTR_NOT_NULL(g);
	if (g != NULL)
		CU_ASSERT_EQUAL(g->sev, sev);
}

static void
expect_in(const char *text, const char *part)
{
	CU_ASSERT_PTR_NOT_NULL(strstr(text, part));
	if (strstr(text, part) == NULL)
		fprintf(stderr, "\n  want \"%s\" in \"%s\"\n", part, text);
}

/* -------------------------------------------------------- behaviours */

/* strongSwan's default schedule: 0, 4, 11.2, 24.2 s. */
static void
mm1_four_copies(struct run *r)
{
	send_mm(r, 0, 1);
	send_mm(r, 4, 1);
	send_mm(r, 11.2, 1);
	send_mm(r, 24.2, 1);
}

static void
test_mm1_unanswered(void)
{
	struct run *r = run_new(0, 0);
	const struct got *g;

	mm1_four_copies(r);
	run_end(r, 24.2);
	EXPECT(r, F_NO_RESPONSE, F_RETRANSMIT, F_ONE_SIDED_CAPTURE);
	STATE(r, F_NO_RESPONSE, "MM_WAIT_MSG2");
	STATE(r, F_RETRANSMIT, "MM_WAIT_MSG2");
	expect_sev(r, F_NO_RESPONSE, SEV_ERROR);
	expect_sev(r, F_ONE_SIDED_CAPTURE, SEV_WARNING);
	if ((g = got_find(r, F_RETRANSMIT)) != NULL)
		expect_in(g->summary, "strongSwan");
	run_free(r);
}

static void
test_mm1_unanswered_peer_seen(void)
{
	struct run *r = run_new(0, 0);

	send_esp(r, 1, B, A);
	mm1_four_copies(r);
	run_end(r, 24.2);
	EXPECT(r, F_NO_RESPONSE, F_RETRANSMIT);
	STATE(r, F_NO_RESPONSE, "MM_WAIT_MSG2");
	run_free(r);
}

static void
test_stall(void)
{
	struct run *r = run_new(0, 0);

	send_mm(r, 0, 1);
	run_end(r, 3);
	CU_ASSERT_PTR_NULL(got_find(r, F_NO_RESPONSE));
	CU_ASSERT_PTR_NULL(got_find(r, F_RETRANSMIT));
	run_free(r);

	r = run_new(0, 2.0);
	send_mm(r, 0, 1);
	run_end(r, 3);
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_NO_RESPONSE));
	STATE(r, F_NO_RESPONSE, "MM_WAIT_MSG2");
	CU_ASSERT_PTR_NULL(got_find(r, F_RETRANSMIT));
	run_free(r);
}

/*
 * Live: a request is reported when its stall time runs out, while its SA
 * lives on, and only once (not again when the SA leaves the table).
 */
static void
test_live_stall(void)
{
	struct run *r = run_new(0, 0);
	int64_t sec;
	uint32_t nsec;
	int i, n;

	CU_ASSERT_EQUAL_FATAL(diag_set_live(r->g), 0);
	send_mm(r, 0, 1);
	at_time(9.9, &sec, &nsec);
	diag_tick(r->g, sec, nsec);
	CU_ASSERT_PTR_NULL(got_find(r, F_NO_RESPONSE));
	at_time(10.1, &sec, &nsec);
	diag_tick(r->g, sec, nsec);
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_NO_RESPONSE));
	STATE(r, F_NO_RESPONSE, "MM_WAIT_MSG2");
	CU_ASSERT_EQUAL(r->nsa, 0);		/* the SA still lives */
	send_mm(r, 14, 1);
	run_end(r, 20);
	for (i = n = 0; i < r->n; i++)
		n += r->got[i].id == F_NO_RESPONSE;
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_RETRANSMIT));
	run_free(r);
}

static void
test_icmp_port_unreachable(void)
{
	struct run *r = run_new(0, 0);
	const struct got *g;
	struct msg m;

	send_mm(r, 0, 1);
	send_mm(r, 4, 1);
	send_icmp(r, 4.01, B, 3, 3, mm(1, &m));
	run_end(r, 5);
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_ICMP_UNREACHABLE));
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_NO_RESPONSE));
	CU_ASSERT_PTR_NULL(got_find(r, F_ONE_SIDED_CAPTURE));
	STATE(r, F_ICMP_UNREACHABLE, "MM_WAIT_MSG2");
	if ((g = got_find(r, F_NO_RESPONSE)) != NULL)
		expect_in(g->cause0, "no IKE service");
	run_free(r);
}

static void
test_v2_reply_lost(void)
{
	struct run *r = run_new(0, 0);

	send_init_req(r, 0, v2_ke);
	send_init_rsp(r, 0.05);
	send_init_req(r, 1, v2_ke);
	send_init_rsp(r, 1.05);
	run_end(r, 2);
	EXPECT(r, F_REPLY_LOST, F_RETRANSMIT);
	STATE(r, F_REPLY_LOST, "IKE_SA_INIT_WAIT");
	CU_ASSERT_PTR_NULL(got_find(r, F_NO_RESPONSE));
	run_free(r);
}

static void
test_v2_no_proposal_chosen(void)
{
	struct run *r = run_new(0, 0);
	const struct got *g;

	send_init_req(r, 0, v2_ke);
	SEND(r, 0.05, .src = B, .dst = A, .ver = 2,
	    .exch = IKEV2_X_IKE_SA_INIT, .flags = R2, .pl = {
		{ IKEV2_P_N, 0, v2_n_npc, sizeof(v2_n_npc), 0 } });
	run_end(r, 1);
	EXPECT(r, F_PROPOSAL_MISMATCH);
	STATE(r, F_PROPOSAL_MISMATCH, "IKE_SA_INIT_WAIT");
	CU_ASSERT_PTR_NULL(got_find(r, F_NOTIFY_ERROR));
	if ((g = got_find(r, F_PROPOSAL_MISMATCH)) != NULL)
		expect_in(g->summary, V2_OFFER);
	CU_ASSERT_EQUAL_FATAL(r->nsa, 1);
	CU_ASSERT_STRING_EQUAL(r->sa[0].phase1, "failed");
	run_free(r);
}

static void
invalid_ke(struct run *r)
{
	send_init_req(r, 0, v2_ke);
	SEND(r, 0.05, .src = B, .dst = A, .ver = 2,
	    .exch = IKEV2_X_IKE_SA_INIT, .flags = R2, .pl = {
		{ IKEV2_P_N, 0, v2_n_invalid_ke, sizeof(v2_n_invalid_ke),
		0 } });
	send_init_req(r, 0.1, v2_ke_retry);
}

static void
test_v2_dh_group_retry(void)
{
	struct run *r = run_new(0, 0);
	const struct got *g;

	invalid_ke(r);
	send_init_rsp(r, 0.15);
	run_end(r, 1);
	EXPECT(r, F_DH_GROUP_RETRY);
	expect_sev(r, F_DH_GROUP_RETRY, SEV_INFO);
	STATE(r, F_DH_GROUP_RETRY, NULL);
	CU_ASSERT_PTR_NULL(got_find(r, F_RETRANSMIT));
	if ((g = got_find(r, F_DH_GROUP_RETRY)) != NULL)
		expect_in(g->summary, "MODP2048");
	run_free(r);

	/* The retry is never answered. */
	r = run_new(0, 0);
	invalid_ke(r);
	run_end(r, 1);
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_DH_GROUP_RETRY));
	expect_sev(r, F_DH_GROUP_RETRY, SEV_ERROR);
	STATE(r, F_DH_GROUP_RETRY, "IKE_SA_INIT_WAIT");
	CU_ASSERT_PTR_NULL(got_find(r, F_RETRANSMIT));
	run_free(r);
}

/* MM1..MM4 on UDP 500, MM5 three times on `port', and nothing back. */
static void
mm5_unanswered(struct run *r, uint16_t port)
{
	int n;

	for (n = 1; n <= 4; n++)
		send_mm(r, 0.1 * n, n);
	r->port_a = r->port_b = port;
	send_mm(r, 1, 5);
	send_mm(r, 5, 5);
	send_mm(r, 12.2, 5);
}

static void
test_mm5_natt_blocked(void)
{
	struct run *r = run_new(0, 0);

	mm5_unanswered(r, 4500);
	run_end(r, 13);
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_NATT_BLOCKED));
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_NO_RESPONSE));
	CU_ASSERT_PTR_NULL(got_find(r, F_AUTH_FAILED));
	CU_ASSERT_PTR_NULL(got_find(r, F_NAT_REBIND));
	CU_ASSERT_PTR_NULL(got_find(r, F_ONE_SIDED_CAPTURE));
	STATE(r, F_NATT_BLOCKED, "MM_WAIT_MSG6");
	STATE(r, F_NO_RESPONSE, "MM_WAIT_MSG6");
	run_free(r);
}

static void
test_mm5_auth_failed(void)
{
	struct run *r = run_new(0, 0);

	mm5_unanswered(r, 500);
	run_end(r, 13);
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_AUTH_FAILED));
	CU_ASSERT_PTR_NULL(got_find(r, F_NATT_BLOCKED));
	STATE(r, F_AUTH_FAILED, "MM_WAIT_MSG6");
	run_free(r);
}

static void
test_mm5_answered_by_informational(void)
{
	struct run *r = run_new(0, 0);
	static const double t[] = { 1, 5, 12.2 };
	int n, i;

	for (n = 1; n <= 4; n++)
		send_mm(r, 0.1 * n, n);
	for (i = 0; i < 3; i++) {
		send_mm(r, t[i], 5);
		SEND(r, t[i] + 0.01, .src = B, .dst = A, .ver = 1,
		    .exch = IKEV1_X_INFO, .flags = E1,
		    .msgid = 0x100u + (uint32_t)i, .rspi = T_RSPI,
		    .pl = { { IKEV1_P_HASH, 0, NULL, 48,
		    (uint8_t)(0x90 + i) } });
	}
	run_end(r, 13);
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_AUTH_FAILED));
	CU_ASSERT_PTR_NULL(got_find(r, F_NO_RESPONSE));
	STATE(r, F_AUTH_FAILED, "MM_WAIT_MSG6");
	run_free(r);
}

/* IKE_SA_INIT, then an IKE_AUTH answer whose SK is sklen bytes. */
static void
auth_answer(struct run *r, size_t sklen)
{
	send_init_req(r, 0, v2_ke);
	send_init_rsp(r, 0.05);
	send_sk(r, 0.1, 1, 0, IKEV2_X_IKE_AUTH, 1, IKEV2_P_IDI, 300, 1);
	send_sk(r, 0.15, 0, 1, IKEV2_X_IKE_AUTH, 1, IKEV2_P_N, sklen, 2);
}

static void
test_v2_auth_room(void)
{
	struct run *r = run_new(0, 0);

	auth_answer(r, 52);
	run_end(r, 1);
	EXPECT(r, F_AUTH_FAILED);
	STATE(r, F_AUTH_FAILED, "IKE_AUTH_WAIT");
	run_free(r);

	r = run_new(0, 0);
	auth_answer(r, 100);
	run_end(r, 1);
	EXPECT(r, F_CHILD_SA_REFUSED);
	STATE(r, F_CHILD_SA_REFUSED, "IKE_AUTH_WAIT");
	run_free(r);

	r = run_new(0, 0);
	auth_answer(r, 200);
	run_end(r, 1);
	EXPECT_NONE(r);
	run_free(r);

	/* A child SA created later: IKE_AUTH carried none on purpose. */
	r = run_new(0, 0);
	auth_answer(r, 100);
	send_sk(r, 0.5, 1, 0, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA, 200,
	    3);
	send_sk(r, 0.55, 0, 1, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA, 200,
	    4);
	run_end(r, 1);
	EXPECT_NONE(r);
	run_free(r);
}

static void
test_v2_dpd(void)
{
	struct run *r = run_new(0, 0);

	v2_established(r, 0);
	send_sk(r, 30, 1, 0, IKEV2_X_INFORMATIONAL, 2, 0, 52, 5);
	send_sk(r, 34, 1, 0, IKEV2_X_INFORMATIONAL, 2, 0, 52, 5);
	run_end(r, 35);
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_DPD_UNANSWERED));
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_NO_RESPONSE));
	STATE(r, F_DPD_UNANSWERED, "INFORMATIONAL_WAIT");
	STATE(r, F_NO_RESPONSE, "INFORMATIONAL_WAIT");
	run_free(r);

	/* A Delete just sent, the capture ends before it could be answered. */
	r = run_new(0, 0);
	v2_established(r, 0);
	send_sk(r, 30, 1, 0, IKEV2_X_INFORMATIONAL, 2, IKEV2_P_D, 60, 6);
	run_end(r, 30.5);
	CU_ASSERT_PTR_NULL(got_find(r, F_DPD_UNANSWERED));
	CU_ASSERT_PTR_NULL(got_find(r, F_NO_RESPONSE));
	EXPECT_NONE(r);
	run_free(r);
}

/* IKE_SA_INIT on 500, IKE_AUTH on 4500: the float NAT-T makes. */
static void
v2_established_4500(struct run *r)
{
	send_init_req(r, 0, v2_ke);
	send_init_rsp(r, 0.05);
	r->port_a = r->port_b = 4500;
	send_sk(r, 0.1, 1, 0, IKEV2_X_IKE_AUTH, 1, IKEV2_P_IDI, 300, 1);
	send_sk(r, 0.15, 0, 1, IKEV2_X_IKE_AUTH, 1, IKEV2_P_IDR, 200, 2);
}

/*
 * A request sent again with other bytes (same exchange, message ID and
 * side, still unanswered) is a retransmission too.
 */
static void
test_retransmit_other_bytes(void)
{
	struct run *r = run_new(0, 0);

	v2_established(r, 0);
	send_sk(r, 60, 1, 0, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA, 300, 7);
	send_sk(r, 62, 1, 0, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA, 300, 8);
	send_sk(r, 66, 1, 0, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA, 300, 9);
	run_end(r, 67);
	EXPECT(r, F_NO_RESPONSE, F_RETRANSMIT);
	STATE(r, F_RETRANSMIT, "CREATE_CHILD_SA_WAIT");
	run_free(r);

	/* Answered in between: the next request with that ID is new. */
	r = run_new(0, 0);
	v2_established(r, 0);
	send_sk(r, 60, 1, 0, IKEV2_X_INFORMATIONAL, 2, 0, 52, 7);
	send_sk(r, 60.01, 0, 1, IKEV2_X_INFORMATIONAL, 2, 0, 52, 8);
	send_sk(r, 61, 1, 0, IKEV2_X_INFORMATIONAL, 3, 0, 52, 9);
	send_sk(r, 61.01, 0, 1, IKEV2_X_INFORMATIONAL, 3, 0, 52, 10);
	run_end(r, 62);
	EXPECT_NONE(r);
	run_free(r);
}

static void
test_nat_rebind(void)
{
	struct run *r = run_new(0, 0);

	v2_established_4500(r);
	send_sk(r, 60, 1, 0, IKEV2_X_INFORMATIONAL, 2, 0, 52, 7);
	send_sk(r, 60.05, 0, 1, IKEV2_X_INFORMATIONAL, 2, 0, 52, 8);
	run_end(r, 61);
	EXPECT_NONE(r);
	run_free(r);

	/* The NAT in front of A maps it to another port. */
	r = run_new(0, 0);
	v2_established_4500(r);
	r->port_a = 31000;
	send_sk(r, 60, 1, 0, IKEV2_X_INFORMATIONAL, 2, 0, 52, 7);
	send_sk(r, 60.05, 0, 1, IKEV2_X_INFORMATIONAL, 2, 0, 52, 8);
	run_end(r, 61);
	EXPECT(r, F_NAT_REBIND);
	expect_sev(r, F_NAT_REBIND, SEV_WARNING);
	run_free(r);
}

static void
test_rekey_collision(void)
{
	struct run *r = run_new(0, 0);

	v2_established(r, 0);
	/* A's request number 2, B's own first request, both unanswered. */
	send_sk(r, 3600, 1, 0, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA, 300,
	    9);
	send_sk(r, 3600.01, 0, 0, IKEV2_X_CREATE_CHILD_SA, 0, IKEV2_P_SA,
	    300, 10);
	send_sk(r, 3600.1, 0, 1, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA, 300,
	    11);
	send_sk(r, 3600.11, 1, 1, IKEV2_X_CREATE_CHILD_SA, 0, IKEV2_P_SA,
	    300, 12);
	run_end(r, 3601);
	EXPECT(r, F_REKEY_COLLISION);
	expect_sev(r, F_REKEY_COLLISION, SEV_INFO);
	run_free(r);
}

/* IKEv2 counts message IDs per side: the same ID both ways collides too. */
static void
test_rekey_collision_same_id(void)
{
	struct run *r = run_new(0, 0);

	v2_established(r, 0);
	send_sk(r, 3600, 1, 0, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA, 300,
	    9);
	send_sk(r, 3600.01, 0, 0, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA,
	    300, 10);
	send_sk(r, 3600.1, 0, 1, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA, 300,
	    11);
	send_sk(r, 3600.11, 1, 1, IKEV2_X_CREATE_CHILD_SA, 2, IKEV2_P_SA,
	    300, 12);
	run_end(r, 3601);
	EXPECT(r, F_REKEY_COLLISION);
	run_free(r);
}

static void
test_capture_truncated(void)
{
	struct run *r = run_new(0, 0);
	struct msg m;
	struct pkt p;
	struct fb f;

	build_ike(r, mm(1, &m), &f);
	feed_fb(r, &f, 0, f.n - 20, &p);
	run_end(r, 1);
	CU_ASSERT_PTR_NOT_NULL(got_find(r, F_CAPTURE_TRUNCATED));
	STATE(r, F_CAPTURE_TRUNCATED, NULL);
	expect_sev(r, F_CAPTURE_TRUNCATED, SEV_WARNING);
	run_free(r);
}

static void
test_aggressive_refused(void)
{
	struct run *r = run_new(0, 0);

	SEND(r, 0, .src = A, .dst = B, .ver = 1, .exch = IKEV1_X_AGGRESSIVE,
	    .pl = {
		{ IKEV1_P_SA, 0, v1_sa, sizeof(v1_sa), 0 },
		{ IKEV1_P_KE, 0, NULL, 128, 0x31 },
		{ IKEV1_P_NONCE, 0, NULL, 16, 0x32 },
		{ IKEV1_P_ID, 0, v1_id, sizeof(v1_id), 0 } });
	SEND(r, 0.05, .src = B, .dst = A, .ver = 1, .exch = IKEV1_X_INFO,
	    .rspi = T_RSPI, .pl = {
		{ IKEV1_P_N, 0, v1_n_auth, sizeof(v1_n_auth), 0 } });
	run_end(r, 1);
	EXPECT(r, F_EXCHANGE_MISMATCH);
	STATE(r, F_EXCHANGE_MISMATCH, "AM_WAIT_MSG2");
	CU_ASSERT_PTR_NULL(got_find(r, F_AUTH_FAILED));
	run_free(r);
}

/* The finding id drawn for the SA ispi; NULL (and a dump) when none. */
static const struct got *
got_for(const struct run *r, enum finding_id id, uint64_t ispi,
    const char *where)
{
	int k;

	for (k = 0; k < r->n; k++)
		if (r->got[k].id == id && r->got[k].ispi == ispi)
			return &r->got[k];
	got_dump(r, where);
	return NULL;
}

static void
test_memcap_eviction(void)
{
	struct run *r = run_new(16 * 1024, 0);
	const uint64_t spi = 0xa1a2a3a4a5a6a7a8ULL;
	const struct got *g;
	struct msg m;
	uint64_t i;

	mm(1, &m);
	m.ispi = spi;
	send_at(r, 0, &m);
	send_at(r, 4, &m);
	/* Others that retransmit too: no SA is cheaper to lose. */
	for (i = 1; i <= 50; i++) {
		SEND(r, 5, .src = A, .dst = B, .ver = 2,
		    .exch = IKEV2_X_IKE_SA_INIT, .flags = I2, .ispi = i,
		    .pl = { { IKEV2_P_SA, 0, v2_sa, sizeof(v2_sa), 0 } });
		SEND(r, 6, .src = A, .dst = B, .ver = 2,
		    .exch = IKEV2_X_IKE_SA_INIT, .flags = I2, .ispi = i,
		    .pl = { { IKEV2_P_SA, 0, v2_sa, sizeof(v2_sa), 0 } });
	}
	CU_ASSERT_TRUE(diag_stats(r->g)->sa_evicted > 0);
	CU_ASSERT_EQUAL(diag_stats(r->g)->sa_evicted_half_open, 0);
	/* Out before the end of the capture, with its findings. */
	g = got_for(r, F_NO_RESPONSE, spi, __func__);
	CU_ASSERT_PTR_NOT_NULL(g);
	if (g != NULL)
		CU_ASSERT_STRING_EQUAL(g->state, "MM_WAIT_MSG2");
	diag_finish(r->g);
	run_free(r);
}

/*
 * A flood of one-message SAs: they give way to each other, oldest first,
 * and the initiator that retransmits stays to the end of the capture.
 */
static void
test_memcap_flood(void)
{
	struct run *r = run_new(16 * 1024, 0);
	const uint64_t spi = 0xb1b2b3b4b5b6b7b8ULL;
	const struct got *g;
	struct msg m;
	uint64_t i;

	mm(1, &m);
	m.ispi = spi;
	send_at(r, 0, &m);
	send_at(r, 1, &m);
	for (i = 1; i <= 200; i++)
		SEND(r, 1 + (double)i / 100, .src = A, .dst = B, .ver = 2,
		    .exch = IKEV2_X_IKE_SA_INIT, .flags = I2, .ispi = i,
		    .pl = { { IKEV2_P_SA, 0, v2_sa, sizeof(v2_sa), 0 } });
	send_at(r, 4, &m);
	CU_ASSERT_TRUE(diag_stats(r->g)->sa_evicted > 0);
	CU_ASSERT_EQUAL(diag_stats(r->g)->sa_evicted,
	    diag_stats(r->g)->sa_evicted_half_open);
	CU_ASSERT_TRUE(diag_stats(r->g)->sa_bytes <= 16 * 1024 / 2);
	run_end(r, 5);
	g = got_for(r, F_NO_RESPONSE, spi, __func__);
	CU_ASSERT_PTR_NOT_NULL(g);
	if (g != NULL)
		CU_ASSERT_EQUAL(g->count, 3);
	run_free(r);
}

/* backoff_match over copies sent after the given gaps (seconds). */
static int
backoff_of(const double *gaps, int ngaps, struct backoff *b)
{
	uint32_t ms[16] = { 0 };
	double t = 0;
	int i;

	for (i = 0; i < ngaps; i++) {
		t += gaps[i];
		ms[i + 1] = (uint32_t)(t * 1000 + 0.5);
	}
	return backoff_match(ms, ngaps + 1, b);
}

static void
expect_who(const struct backoff *b, const char *who)
{
	CU_ASSERT_PTR_NOT_NULL(b->who);
	if (b->who != NULL)
		expect_in(b->who, who);
}

static void
test_backoff(void)
{
	static const double swan[] = { 4, 7.2, 13, 23.3 };
	static const double libre[] = { 0.5, 0.5, 1, 2, 4 };
	static const double win[] = { 1, 2, 4, 8 };
	static const double ios[] = { 10, 10, 10 };
	static const double odd[] = { 3, 1, 7 };
	static const double one[] = { 4 };
	struct backoff b;
	char words[200];

	CU_ASSERT_EQUAL(backoff_of(swan, 4, &b), BACKOFF_EXPONENTIAL);
	expect_who(&b, "strongSwan");
	backoff_words(&b, words, sizeof(words));
	expect_in(words, "strongSwan");
	CU_ASSERT_EQUAL(backoff_of(libre, 5, &b), BACKOFF_EXPONENTIAL);
	expect_who(&b, "Libreswan");
	CU_ASSERT_EQUAL(backoff_of(win, 4, &b), BACKOFF_EXPONENTIAL);
	expect_who(&b, "Windows");
	CU_ASSERT_EQUAL(backoff_of(ios, 3, &b), BACKOFF_CONSTANT);
	expect_who(&b, "Cisco IOS 12.x");
	CU_ASSERT_EQUAL(backoff_of(odd, 3, &b), BACKOFF_NONE);
	CU_ASSERT_PTR_NULL(b.who);
	CU_ASSERT_EQUAL(backoff_of(one, 1, &b), BACKOFF_NONE);
	CU_ASSERT_PTR_NULL(b.who);
}

static void
test_healthy_v2(void)
{
	struct run *r = run_new(0, 0);

	v2_established(r, 0);
	send_sk(r, 10, 1, 0, IKEV2_X_INFORMATIONAL, 2, IKEV2_P_D, 60, 13);
	send_sk(r, 10.05, 0, 1, IKEV2_X_INFORMATIONAL, 2, 0, 52, 14);
	run_end(r, 11);
	EXPECT_NONE(r);
	CU_ASSERT_EQUAL_FATAL(r->nsa, 1);
	CU_ASSERT_STRING_EQUAL(r->sa[0].phase1, "complete");
	run_free(r);
}

static void
test_healthy_v1(void)
{
	struct run *r = run_new(0, 0);
	int n;

	for (n = 1; n <= 6; n++)
		send_mm(r, 0.1 * n, n);
	send_qm(r, 1, 1, 0x61);
	send_qm(r, 1.05, 0, 0x62);
	send_qm(r, 1.1, 1, 0x63);
	run_end(r, 2);
	EXPECT_NONE(r);
	CU_ASSERT_EQUAL_FATAL(r->nsa, 1);
	CU_ASSERT_STRING_EQUAL(r->sa[0].phase1, "complete");
	run_free(r);
}

int
suite_finding(void)
{
	static const struct test_def t[] = {
		{ "MM1 unanswered, strongSwan schedule",
		    test_mm1_unanswered },
		{ "MM1 unanswered, the peer seen elsewhere",
		    test_mm1_unanswered_peer_seen },
		{ "the stall threshold", test_stall },
		{ "ICMP port unreachable", test_icmp_port_unreachable },
		{ "IKEv2 reply lost", test_v2_reply_lost },
		{ "IKEv2 NO_PROPOSAL_CHOSEN", test_v2_no_proposal_chosen },
		{ "IKEv2 INVALID_KE_PAYLOAD", test_v2_dh_group_retry },
		{ "MM5 on UDP 4500 unanswered", test_mm5_natt_blocked },
		{ "MM5 on UDP 500 unanswered", test_mm5_auth_failed },
		{ "MM5 answered by Informationals",
		    test_mm5_answered_by_informational },
		{ "IKE_AUTH answer sizes", test_v2_auth_room },
		{ "IKEv2 liveness unanswered", test_v2_dpd },
		{ "NAT rebinding", test_nat_rebind },
		{ "live: a stall reported when it happens, once",
		    test_live_stall },
		{ "retransmit with other bytes", test_retransmit_other_bytes },
		{ "rekey collision", test_rekey_collision },
		{ "rekey collision, same message ID",
		    test_rekey_collision_same_id },
		{ "capture truncated", test_capture_truncated },
		{ "Aggressive Mode refused", test_aggressive_refused },
		{ "findings of an SA pushed out by memcap",
		    test_memcap_eviction },
		{ "memcap under a flood of half-open SAs", test_memcap_flood },
		{ "retransmit schedules", test_backoff },
		{ "healthy IKEv2", test_healthy_v2 },
		{ "healthy IKEv1", test_healthy_v1 },
	};

	return SUITE("findings", t);
}
