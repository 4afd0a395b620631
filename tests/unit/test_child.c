/*
 * test_child.c: ESP and AH children (diag/child.c) and the data plane
 * tied to IKE (diag/esp.c through diag/diag.c).
 *
 * First the sequence analysis of one child, packet by packet: frames
 * built byte by byte and dissected, so the struct pkt is the real one,
 * then child_update() on a zeroed record.  Then whole captures fed to a
 * struct diag with explicit frame numbers and packet times, as in
 * test_finding.c: which findings come out (esp_one_way, esp_sequence),
 * which must not (a direction the capture may miss, routing-protocol
 * SAs on multicast or link-local addresses, reserved SPIs), the children
 * an IKE SA lists, and the memory cap under a flood of random SPIs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/child.h"
#include "diag/diag.h"
#include "diag/esp.h"
#include "diag/finding.h"
#include "dissect/names.h"
#include "tests/unit/helpers.h"
#include "tests/unit/run.h"
#include "tests/unit/suites.h"

#define MAXPL		4

#define I2		IKEV2_F_INITIATOR
#define R2		IKEV2_F_RESPONSE

#define SPI_X		0xc0ffee01U	/* A -> B */
#define SPI_Y		0xbeef0002U	/* B -> A */
#define T_ISPI2		0x2122232425262728ULL
#define T_RSPI2		0x3132333435363738ULL

/* A value against the one the spec wants, with both in the log. */
#define EQ(got, want)	expect_eq((uint64_t)(got), (uint64_t)(want), \
			    #got " == " #want, __func__, __LINE__)

static void
expect_eq(uint64_t got, uint64_t want, const char *what, const char *fn,
    int line)
{
	CU_assertImplementation(got == want, (unsigned)line, what, __FILE__,
	    fn, CU_FALSE);
	if (got != want)
		fprintf(stderr, "\n  %s:%d: %s: got %llu (0x%llx), want %llu "
		    "(0x%llx)\n", fn, line, what, (unsigned long long)got,
		    (unsigned long long)got, (unsigned long long)want,
		    (unsigned long long)want);
}

static void
expect_in(const char *text, const char *part)
{
	CU_ASSERT_PTR_NOT_NULL(strstr(text, part));
	if (strstr(text, part) == NULL)
		fprintf(stderr, "\n  want \"%s\" in \"%s\"\n", part, text);
}

/* ------------------------------------------------------------ frames */

/*
 * ESP from src to dst: IP protocol 50 when sport is 0, else ESP in UDP
 * (RFC 3948) from sport to 4500.  hdr: bytes of the ESP header written
 * (8: SPI and sequence, then a body; 4: the SPI alone).
 */
static void
esp_frame(struct fb *f, uint32_t src, uint32_t dst, uint16_t sport,
    uint32_t spi, uint32_t seq, size_t hdr)
{
	fb_init(f);
	fb_eth(f, 0x0800, 0, NULL, NULL);
	fb_ip4(f, sport ? 17 : 50, src, dst);
	if (sport)
		fb_udp(f, sport, 4500);
	fb_u32(f, spi);
	if (hdr >= 8) {
		fb_u32(f, seq);
		fb_fill(f, 0x5a, 48);
	}
	fb_fix(f);
}

/* The same over IPv6 between two full addresses. */
static void
esp6_frame(struct fb *f, const uint8_t *src, const uint8_t *dst,
    uint32_t spi, uint32_t seq)
{
	size_t ip;

	fb_init(f);
	fb_eth(f, 0x86dd, 0, NULL, NULL);
	ip = f->n;
	fb_ip6(f, 50, 1, 2);
	memcpy(f->b + ip + 8, src, 16);
	memcpy(f->b + ip + 24, dst, 16);
	fb_u32(f, spi);
	fb_u32(f, seq);
	fb_fill(f, 0x5a, 48);
	fb_fix(f);
}

/*
 * AH (RFC 4302 2): next header, length in 32-bit words minus 2,
 * reserved, SPI, sequence, a 12-byte ICV; then 16 bytes of a protocol
 * ikewatch does not read.
 */
static void
ah_frame(struct fb *f, uint32_t src, uint32_t dst, uint32_t spi,
    uint32_t seq)
{
	fb_init(f);
	fb_eth(f, 0x0800, 0, NULL, NULL);
	fb_ip4(f, 51, src, dst);
	fb_u8(f, 6);
	fb_u8(f, 4);
	fb_u16(f, 0);
	fb_u32(f, spi);
	fb_u32(f, seq);
	fb_fill(f, 0x77, 12);
	fb_fill(f, 0x33, 16);
	fb_fix(f);
}

/* ----------------------------------------------- one child, directly */

struct one {
	struct dissector *d;
	struct child	 c;
	uint64_t	 frame;
};

static struct one *
one_new(void)
{
	char err[128];
	struct one *o = calloc(1, sizeof(*o));

	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	o->d = dissect_new(DLT_EN10MB, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(o->d);
	return o;
}

static void
one_free(struct one *o)
{
	dissect_free(o->d);
	free(o);
}

/* Dissects f as the next frame (a second apart) and counts it. */
static void
one_feed(struct one *o, const struct fb *f)
{
	struct child_key k;
	struct cap_frame fr;
	struct pkt p;

	memset(&fr, 0, sizeof(fr));
	fr.no = ++o->frame;
	fr.ts_sec = T0 + (int64_t)o->frame;
	fr.caplen = fr.wirelen = (uint32_t)f->n;
	fr.data = f->b;
	fr.dlt = dissect_dlt(o->d);
	dissect_frame(o->d, &fr, &p);
	CU_ASSERT_FATAL(child_key_of(&p, &k));
	if (o->c.packets == 0)
		o->c.key = k;
	CU_ASSERT(memcmp(&k, &o->c.key, sizeof(k)) == 0);
	child_update(&o->c, &p);
}

static void
one_esp(struct one *o, uint32_t seq)
{
	struct fb f;

	esp_frame(&f, A, B, 0, SPI_X, seq, 8);
	one_feed(o, &f);
}

static void
one_seqs(struct one *o, const uint32_t *seq, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		one_esp(o, seq[i]);
}

/* from..to, both included. */
static void
one_range(struct one *o, uint32_t from, uint32_t to)
{
	uint32_t s;

	for (s = from; s <= to; s++)
		one_esp(o, s);
}

#define SEQS(o, ...) \
	one_seqs((o), (const uint32_t[]){ __VA_ARGS__ }, \
	    sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

/* Nothing but clean counting: each counter of a clean run is 0. */
static void
expect_clean(const struct child *c)
{
	EQ(child_missing(c), 0);
	EQ(c->seq.holes, 0);
	EQ(c->seq.repeats, 0);
	EQ(c->seq.late, 0);
	EQ(c->seq.too_old, 0);
	EQ(c->seq.resets, 0);
}

static void
test_seq_in_order(void)
{
	struct one *o = one_new();

	one_range(o, 1, 10);
	expect_clean(&o->c);
	EQ(o->c.seq.max, 10);
	EQ(o->c.seq.first, 1);
	EQ(o->c.packets, 10);
	EQ(o->c.key.encap, CE_ESP);
	EQ(o->c.key.spi, SPI_X);
	EQ(o->c.rebinds, 0);
	EQ(o->c.first.frame, 1);
	EQ(o->c.last.frame, 10);
	one_free(o);
}

/* One packet a second: the recent rate, and its fall once it stops. */
static void
test_rate(void)
{
	struct one *o = one_new();

	one_range(o, 1, 10);		/* seconds T0+1 .. T0+10 */
	CU_ASSERT_DOUBLE_EQUAL(child_rate(&o->c, T0 + 10, 5), 1.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(child_rate(&o->c, T0 + 10, 8), 1.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(child_rate(&o->c, T0 + 12, 5), 0.6, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(child_rate(&o->c, T0 + 100, 5), 0.0, 1e-9);
	one_free(o);
}

static void
test_seq_hole(void)
{
	struct one *o = one_new();

	SEQS(o, 1, 2, 3, 5, 6);
	EQ(child_missing(&o->c), 1);
	EQ(o->c.seq.holes, 1);
	EQ(o->c.seq.hole_frame, 4);
	EQ(o->c.seq.repeats, 0);
	EQ(o->c.seq.late, 0);
	EQ(o->c.seq.max, 6);
	one_free(o);
}

static void
test_seq_reorder(void)
{
	struct one *o = one_new();

	SEQS(o, 1, 2, 4, 3, 5);
	EQ(o->c.seq.late, 1);
	EQ(child_missing(&o->c), 0);
	EQ(o->c.seq.repeats, 0);
	EQ(o->c.seq.too_old, 0);
	EQ(o->c.seq.max, 5);
	one_free(o);
}

static void
test_seq_repeat(void)
{
	struct one *o = one_new();

	SEQS(o, 1, 2, 2, 3);
	EQ(o->c.seq.repeats, 1);
	EQ(o->c.seq.repeat_frame, 3);
	EQ(o->c.seq.late, 0);
	EQ(child_missing(&o->c), 0);
	one_free(o);
}

static void
test_seq_far_jump(void)
{
	struct one *o = one_new();

	SEQS(o, 1, 200);
	EQ(child_missing(&o->c), 198);
	EQ(o->c.seq.holes, 1);
	EQ(o->c.seq.max, 200);
	one_free(o);
}

/* 10 after 100: 90 behind, past the 64-number window. */
static void
test_seq_too_old(void)
{
	struct one *o = one_new();

	one_range(o, 1, 100);
	one_esp(o, 10);
	EQ(o->c.seq.too_old, 1);
	EQ(o->c.seq.repeats, 0);
	EQ(o->c.seq.resets, 0);
	EQ(o->c.seq.late, 0);
	EQ(child_missing(&o->c), 0);
	EQ(o->c.seq.max, 100);
	one_free(o);
}

static void
test_seq_reset(void)
{
	struct one *o = one_new();

	one_range(o, 1, 100);
	one_esp(o, 1);
	EQ(o->c.seq.resets, 1);
	EQ(o->c.seq.reset_frame, 101);
	EQ(o->c.seq.repeats, 0);
	EQ(o->c.seq.too_old, 0);
	one_range(o, 2, 3);
	EQ(o->c.seq.resets, 1);
	EQ(child_missing(&o->c), 0);
	EQ(o->c.seq.holes, 0);
	EQ(o->c.seq.repeats, 0);
	EQ(o->c.seq.late, 0);
	EQ(o->c.seq.max, 3);
	one_free(o);
}

/* Extended sequence numbers: the low 32 bits wrap, the count goes on. */
static void
test_seq_esn_wrap(void)
{
	struct one *o = one_new();

	SEQS(o, 0xfffffffdU, 0xfffffffeU, 0xffffffffU, 0, 1);
	expect_clean(&o->c);
	EQ(o->c.seq.max, 0x100000001ULL);
	EQ(o->c.seq.first, 0xfffffffdULL);
	one_free(o);
}

static void
test_seq_mid_stream(void)
{
	struct one *o = one_new();

	one_range(o, 500, 510);
	expect_clean(&o->c);
	EQ(o->c.seq.first, 500);
	EQ(o->c.seq.max, 510);
	one_free(o);
}

/* The first frame was cut after the SPI: it counts, its number cannot. */
static void
test_seq_short_first(void)
{
	struct one *o = one_new();
	struct fb f;

	esp_frame(&f, A, B, 0, SPI_X, 0, 4);
	one_feed(o, &f);
	EQ(o->c.packets, 1);
	EQ(o->c.seq.started, 0);
	one_range(o, 1, 3);
	expect_clean(&o->c);
	EQ(o->c.packets, 4);
	EQ(o->c.seq.first, 1);
	EQ(o->c.seq.max, 3);
	one_free(o);
}

/* ESP in UDP: the NAT in front of A gives it another port. */
static void
test_rebind_port(void)
{
	struct one *o = one_new();
	struct fb f;
	uint32_t s;

	for (s = 1; s <= 3; s++) {
		esp_frame(&f, A, B, 4500, SPI_X, s, 8);
		one_feed(o, &f);
	}
	EQ(o->c.key.encap, CE_ESP_UDP);
	EQ(o->c.rebinds, 0);
	for (s = 4; s <= 6; s++) {
		esp_frame(&f, A, B, 31000, SPI_X, s, 8);
		one_feed(o, &f);
	}
	EQ(o->c.rebinds, 1);
	EQ(o->c.rebind.frame, 4);
	EQ(o->c.sport, 31000);
	expect_clean(&o->c);
	one_free(o);
}

/* AH reads its numbers from its own header. */
static void
test_ah_seq(void)
{
	struct one *o = one_new();
	struct fb f;
	uint32_t s;

	for (s = 1; s <= 6; s++) {
		if (s == 4)
			continue;
		ah_frame(&f, A, B, 0xa11a0001U, s);
		one_feed(o, &f);
	}
	EQ(o->c.key.encap, CE_AH);
	EQ(o->c.key.spi, 0xa11a0001U);
	EQ(child_missing(&o->c), 1);
	EQ(o->c.seq.max, 6);
	one_free(o);
}

/* ------------------------------------------------------ through diag */

/* ESP from src to dst; in UDP from and to the peers' ports when udp. */
static void
send_esp(struct run *r, double at, uint32_t src, uint32_t dst, int udp,
    uint32_t spi, uint32_t seq)
{
	struct pkt p;
	struct fb f;

	esp_frame(&f, src, dst, 0, spi, seq, 8);
	if (udp) {
		fb_init(&f);
		fb_eth(&f, 0x0800, 0, NULL, NULL);
		fb_ip4(&f, 17, src, dst);
		fb_udp(&f, port_of(r, src), port_of(r, dst));
		fb_u32(&f, spi);
		fb_u32(&f, seq);
		fb_fill(&f, 0x5a, 48);
		fb_fix(&f);
	}
	feed_fb(r, &f, at, f.n, &p);
	CU_ASSERT_EQUAL(p.kind, udp ? PK_ESP_UDP : PK_ESP);
	CU_ASSERT_EQUAL(p.esp.have, 8);
}

/* ------------------------------------------------------------- IKE */

/* An IKE payload: its type and body (NULL: len bytes of fill). */
struct pl {
	uint8_t		 type;
	uint8_t		 inner;		/* SK: the first payload inside */
	const uint8_t	*body;
	size_t		 len;
	uint8_t		 fill;
};

/* An IKEv2 message between A and B. */
struct msg {
	uint32_t	 src;
	uint32_t	 dst;
	uint8_t		 exch;
	uint8_t		 flags;
	uint32_t	 msgid;
	uint64_t	 ispi;
	uint64_t	 rspi;
	struct pl	 pl[MAXPL];	/* up to the first of type 0 */
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

/* IKEv2 KE: group 14, then a (short) public value. */
static const uint8_t v2_ke[] = {
	0, 14, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8,
};

/* Ethernet, IPv4, UDP, on 4500 the non-ESP marker, then the message. */
static void
send_ike(struct run *r, double at, const struct msg *m)
{
	uint16_t sport = port_of(r, m->src), dport = port_of(r, m->dst);
	struct pkt p;
	struct fb f;
	size_t npl, i;

	for (npl = 0; npl < MAXPL && m->pl[npl].type != 0; npl++)
		;
	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 17, m->src, m->dst);
	fb_udp(&f, sport, dport);
	if (sport == 4500 || dport == 4500)
		fb_u32(&f, 0);
	fb_ike(&f, m->ispi, m->rspi, npl ? m->pl[0].type : 0, 0x20, m->exch,
	    m->flags, m->msgid);
	for (i = 0; i < npl; i++) {
		const struct pl *pl = &m->pl[i];

		if (pl->type == IKEV2_P_SK)
			fb_u8(&f, pl->inner);
		else
			fb_u8(&f, i + 1 < npl ? m->pl[i + 1].type : 0);
		fb_u8(&f, 0);
		fb_u16(&f, (uint16_t)(pl->len + 4));
		CU_ASSERT_FATAL(f.n + pl->len <= sizeof(f.b));
		if (pl->body != NULL) {
			memcpy(f.b + f.n, pl->body, pl->len);
			f.n += pl->len;
		} else
			fb_fill(&f, pl->fill, pl->len);
	}
	fb_fix(&f);
	feed_fb(r, &f, at, f.n, &p);
	CU_ASSERT_EQUAL(p.kind, PK_IKE);
	CU_ASSERT_EQUAL(p.anomalies, 0);
}

#define SEND(r, at, ...) \
	send_ike((r), (at), &(struct msg){ __VA_ARGS__ })

/* An IKEv2 message of the SA ispi/rspi with one SK payload. */
static void
send_sk(struct run *r, double at, uint64_t ispi, uint64_t rspi,
    int from_a, int response, uint8_t exch, uint32_t msgid, uint8_t inner,
    size_t sklen, uint8_t fill)
{
	SEND(r, at, .src = from_a ? A : B, .dst = from_a ? B : A,
	    .exch = exch, .flags = (uint8_t)((from_a ? I2 : 0) |
	    (response ? R2 : 0)), .msgid = msgid, .ispi = ispi, .rspi = rspi,
	    .pl = { { IKEV2_P_SK, inner, NULL, sklen - 4, fill } });
}

/*
 * IKE_SA_INIT and IKE_AUTH between A (initiator) and B; with float,
 * IKE_AUTH on UDP 4500 as NAT-T makes it, and the ports stay there.
 */
static void
v2_up(struct run *r, double at, uint64_t ispi, uint64_t rspi, int floats)
{
	r->port_a = r->port_b = 500;
	SEND(r, at, .src = A, .dst = B, .exch = IKEV2_X_IKE_SA_INIT,
	    .flags = I2, .ispi = ispi, .pl = {
		{ IKEV2_P_SA, 0, v2_sa, sizeof(v2_sa), 0 },
		{ IKEV2_P_KE, 0, v2_ke, sizeof(v2_ke), 0 },
		{ IKEV2_P_NONCE, 0, NULL, 16, 0xcc } });
	SEND(r, at + 0.05, .src = B, .dst = A, .exch = IKEV2_X_IKE_SA_INIT,
	    .flags = R2, .ispi = ispi, .rspi = rspi, .pl = {
		{ IKEV2_P_SA, 0, v2_sa, sizeof(v2_sa), 0 },
		{ IKEV2_P_KE, 0, v2_ke, sizeof(v2_ke), 0 },
		{ IKEV2_P_NONCE, 0, NULL, 16, 0xdd } });
	if (floats)
		r->port_a = r->port_b = 4500;
	send_sk(r, at + 0.1, ispi, rspi, 1, 0, IKEV2_X_IKE_AUTH, 1,
	    IKEV2_P_IDI, 300, 1);
	send_sk(r, at + 0.15, ispi, rspi, 0, 1, IKEV2_X_IKE_AUTH, 1,
	    IKEV2_P_IDR, 200, 2);
}

/* n packets each way, A first, 0.1 s apart, numbers from seq. */
static void
esp_both_ways(struct run *r, double at, int udp, uint32_t spi_ab,
    uint32_t spi_ba, uint32_t seq, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		send_esp(r, at + 0.2 * i, A, B, udp, spi_ab, seq + (uint32_t)i);
		send_esp(r, at + 0.2 * i + 0.1, B, A, udp, spi_ba,
		    seq + (uint32_t)i);
	}
}

/* ------------------------------------------------------- assertions */

static const struct sa_seen *
sa_find(const struct run *r, uint64_t ispi)
{
	int i;

	for (i = 0; i < r->nsa; i++)
		if (r->sa[i].ispi == ispi)
			return &r->sa[i];
	return NULL;
}

static const struct child_view *
cv_find(const struct sa_seen *s, uint32_t spi)
{
	size_t i;

	for (i = 0; i < s->ncv; i++)
		if (s->cv[i].spi == spi)
			return &s->cv[i];
	return NULL;
}

static void
cv_dump(const struct sa_seen *s, const char *where)
{
	size_t i;

	fprintf(stderr, "\n  %s: SA %016llx lists %zu child%s\n", where,
	    (unsigned long long)s->ispi, s->ncv, s->ncv == 1 ? "" : "ren");
	for (i = 0; i < s->ncv; i++)
		fprintf(stderr, "    %08x %s from_ini %u %s inferred %u, "
		    "%llu packets, frames %llu-%llu\n", s->cv[i].spi,
		    child_encap_name(s->cv[i].encap), s->cv[i].from_ini,
		    s->cv[i].state ? s->cv[i].state : "(null)",
		    s->cv[i].inferred, (unsigned long long)s->cv[i].packets,
		    (unsigned long long)s->cv[i].first.frame,
		    (unsigned long long)s->cv[i].last.frame);
}

/* The SA lists exactly the children spi[0..n-1]. */
static void
expect_children(const struct sa_seen *s, const uint32_t *spi, size_t n,
    const char *where)
{
	size_t i, bad = s->ncv != n;

	for (i = 0; i < n; i++)
		bad += cv_find(s, spi[i]) == NULL;
	CU_ASSERT_EQUAL(bad, 0);
	if (bad)
		cv_dump(s, where);
}

/* ------------------------------------------- the tunnel a child keeps */

static int
no_addr(void *arg, const struct ip_addr *a)
{
	return 0;
}

static void
count_emit(void *arg, const struct finding *f)
{
	(*(int *)arg)++;
}

/* An ESP packet from src to dst (IPv4, last byte) straight into esp. */
static int
esp_raw(struct esp_track *t, uint64_t frame, uint8_t src, uint8_t dst,
    uint32_t spi)
{
	struct pkt p;

	memset(&p, 0, sizeof(p));
	p.kind = PK_ESP;
	p.frame = frame;
	p.ts_sec = T0 + (int64_t)frame;
	p.has_ip = 1;
	addr_set(&p.src, 4, (const uint8_t[]){ 198, 51, 100, src });
	addr_set(&p.dst, 4, (const uint8_t[]){ 198, 51, 100, dst });
	p.esp.have = 8;
	p.esp.spi = spi;
	p.esp.seq = (uint32_t)frame;
	return esp_feed(t, &p);
}

struct pair_count {
	uint8_t		 lo, hi;
	uint64_t	 packets[2];
	int		 found;
};

static void
pair_count(void *arg, const struct tunnel_view *v)
{
	struct pair_count *c = arg;

	if (v->lo.a[3] == c->lo && v->hi.a[3] == c->hi) {
		c->packets[0] += v->packets[0];
		c->packets[1] += v->packets[1];
		c->found++;
	}
}

/* The pair lo-hi is listed once, with these packets each way. */
static void
expect_pair(struct esp_track *t, uint8_t lo, uint8_t hi, uint64_t lo_hi,
    uint64_t hi_lo)
{
	struct pair_count c;

	memset(&c, 0, sizeof(c));
	c.lo = lo;
	c.hi = hi;
	esp_each_tunnel(t, pair_count, &c);
	EQ(c.found, 1);
	EQ(c.packets[0], lo_hi);
	EQ(c.packets[1], hi_lo);
}

/*
 * A child keeps a pointer to its peers' tunnel instead of looking it up
 * again.  The pointer must never count a packet on the wrong pair: when
 * the SPI's source moves, and when the tunnel was pushed out by the
 * memory cap and its slot went to another pair.
 */
static void
test_child_tunnel_pointer(void)
{
	struct assess_ctx ctx;
	struct esp_track *t;
	int emitted = 0, i, news = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.stall = 10;
	ctx.addr_seen = no_addr;
	ctx.emit = count_emit;
	ctx.emit_arg = &emitted;
	t = esp_new(64 << 10, &ctx);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	/* 1 -> 2 twice: the second packet's source is not new. */
	EQ(esp_raw(t, 1, 1, 2, 0x1001), 1);
	EQ(esp_raw(t, 2, 1, 2, 0x1001), 0);
	/* The same SPI to 2, now from 3 (a NAT moved it): pair 2-3. */
	EQ(esp_raw(t, 3, 3, 2, 0x1001), 1);
	EQ(esp_raw(t, 4, 3, 2, 0x1001), 0);
	expect_pair(t, 1, 2, 2, 0);
	expect_pair(t, 2, 3, 0, 2);
	/*
	 * Enough other pairs to push every early tunnel out of a 64 KiB
	 * cap (the children, one each, go too; SPI 0x1001 is fed on to
	 * keep it).  The pointer's slot now holds some other pair.
	 */
	for (i = 0; i < 400; i++) {
		(void)esp_raw(t, 10 + 2 * (uint64_t)i, (uint8_t)(10 + i % 200),
		    (uint8_t)(211 + i / 200), 0x2000 + (uint32_t)i);
		(void)esp_raw(t, 11 + 2 * (uint64_t)i, 3, 2, 0x1001);
	}
	CU_ASSERT(esp_stats(t)->evicted > 0);
	/* From 1 again: a fresh 1-2 tunnel, its source new again. */
	for (i = 0; i < 3; i++)
		news += esp_raw(t, 900 + (uint64_t)i, 1, 2, 0x1001);
	EQ(news, 1);
	expect_pair(t, 1, 2, 3, 0);
	esp_finish(t, T0 + 1000, 0);
	esp_free(t);
}

/* -------------------------------------------------------- behaviours */

/* ESP in UDP both ways after IKE_AUTH: healthy, two children listed. */
static void
test_children_listed(void)
{
	struct run *r = run_new(0, 0);
	const struct sa_seen *s;
	const struct child_view *x, *y;

	v2_up(r, 0, T_ISPI, T_RSPI, 1);
	esp_both_ways(r, 1, 1, SPI_X, SPI_Y, 1, 6);
	run_end(r, 3);
	EXPECT_NONE(r);
	CU_ASSERT_EQUAL_FATAL(r->nsa, 1);
	s = sa_find(r, T_ISPI);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	expect_children(s, (const uint32_t[]){ SPI_X, SPI_Y }, 2, __func__);
	x = cv_find(s, SPI_X);
	y = cv_find(s, SPI_Y);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL_FATAL(y);
	EQ(x->from_ini, 1);		/* initiator_to_responder */
	EQ(y->from_ini, 0);		/* responder_to_initiator */
	EQ(x->encap, CE_ESP_UDP);
	EQ(y->encap, CE_ESP_UDP);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x->state);
	CU_ASSERT_PTR_NOT_NULL_FATAL(y->state);
	CU_ASSERT_STRING_EQUAL(x->state, "active");
	CU_ASSERT_STRING_EQUAL(y->state, "active");
	EQ(x->inferred, 1);
	EQ(y->inferred, 1);
	EQ(x->has_partner, 1);		/* the pair that started together */
	EQ(x->partner_spi, SPI_Y);
	EQ(y->partner_spi, SPI_X);
	EQ(x->packets, 6);
	EQ(y->packets, 6);
	EQ(x->seq_max, 6);
	EQ(x->missing, 0);
	EQ(x->repeats, 0);
	if (strcmp(x->state, "active") != 0 || strcmp(y->state, "active"))
		cv_dump(s, __func__);
	run_free(r);
}

/*
 * A burst one way, then the answers: both children are active (the
 * answers follow within --stall), not one-way.
 */
static void
test_children_bursts(void)
{
	struct run *r = run_new(0, 0);
	const struct sa_seen *s;
	const struct child_view *x, *y;
	int i;

	v2_up(r, 0, T_ISPI, T_RSPI, 1);
	for (i = 0; i < 6; i++)
		send_esp(r, 1 + 0.1 * i, A, B, 1, SPI_X, (uint32_t)i + 1);
	for (i = 0; i < 6; i++)
		send_esp(r, 2 + 0.1 * i, B, A, 1, SPI_Y, (uint32_t)i + 1);
	run_end(r, 3);
	EXPECT_NONE(r);
	s = sa_find(r, T_ISPI);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	x = cv_find(s, SPI_X);
	y = cv_find(s, SPI_Y);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL_FATAL(y);
	CU_ASSERT_STRING_EQUAL(x->state, "active");
	CU_ASSERT_STRING_EQUAL(y->state, "active");
	run_free(r);
}

/*
 * B says in clear it has no SA for SPI X (INVALID_SPI, RFC 7296 3.10.1:
 * the SPI in the notification data), and A keeps sending on it.
 */
static void
test_invalid_spi(void)
{
	static const uint8_t n_invalid[] = { 3, 0, 0, 11,
	    SPI_X >> 24, (SPI_X >> 16) & 0xff, (SPI_X >> 8) & 0xff,
	    SPI_X & 0xff };
	struct run *r = run_new(0, 0);
	const struct got *g;
	uint32_t i;

	v2_up(r, 0, T_ISPI, T_RSPI, 1);
	for (i = 1; i <= 3; i++)
		send_esp(r, 1 + i * 0.1, A, B, 1, SPI_X, i);
	SEND(r, 1.5, .src = B, .dst = A, .exch = 37, .flags = 0,
	    .msgid = 0, .ispi = T_ISPI + 1,
	    .pl = { { 41, 0, n_invalid, sizeof(n_invalid), 0 } });
	for (i = 4; i <= 7; i++)
		send_esp(r, 1.5 + i * 0.1, A, B, 1, SPI_X, i);
	run_end(r, 3);
	g = got_find(r, F_ESP_UNKNOWN_SPI);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_TRUE(strstr(g->summary, "INVALID_SPI") != NULL);
	CU_ASSERT_TRUE(strstr(g->summary, "4 packets") != NULL);
	run_free(r);

	/* No such notify: no esp_unknown_spi. */
	r = run_new(0, 0);
	v2_up(r, 0, T_ISPI, T_RSPI, 1);
	esp_both_ways(r, 1, 1, SPI_X, SPI_Y, 1, 6);
	run_end(r, 3);
	CU_ASSERT_PTR_NULL(got_find(r, F_ESP_UNKNOWN_SPI));
	run_free(r);
}

/*
 * B restarts: it stops sending ESP, leaves A's liveness checks on the old
 * IKE SA unanswered, then answers A's new IKE_SA_INIT.  The ESP A sent on
 * the old SPI meanwhile went to an SPI B no longer had.
 */
static void
restart_run(struct run *r, int b_answers_old)
{
	uint32_t i;

	v2_up(r, 0, T_ISPI, T_RSPI, 1);
	esp_both_ways(r, 1, 1, SPI_X, SPI_Y, 1, 5);
	for (i = 6; i <= 15; i++)
		send_esp(r, 2 + 0.3 * (i - 6), A, B, 1, SPI_X, i);
	send_sk(r, 3, T_ISPI, T_RSPI, 1, 0, IKEV2_X_INFORMATIONAL, 2, 0, 52,
	    3);
	if (b_answers_old)
		send_sk(r, 3.01, T_ISPI, T_RSPI, 0, 1, IKEV2_X_INFORMATIONAL,
		    2, 0, 52, 4);
	else
		send_sk(r, 4, T_ISPI, T_RSPI, 1, 0, IKEV2_X_INFORMATIONAL, 2,
		    0, 52, 3);
	v2_up(r, 6, T_ISPI + 1, T_RSPI + 1, 1);
	esp_both_ways(r, 7, 1, SPI_X + 1, SPI_Y + 1, 1, 5);
	run_end(r, 9);
}

static void
test_peer_restart(void)
{
	struct run *r = run_new(0, 0);
	const struct got *g;

	restart_run(r, 0);
	g = got_find(r, F_ESP_UNKNOWN_SPI);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_TRUE(strstr(g->summary, "10 ESP packets") != NULL);
	CU_ASSERT_TRUE(strstr(g->summary, "answered a new IKE SA") != NULL);
	run_free(r);

	/* B answered the old SA's check: it had not lost it. */
	r = run_new(0, 0);
	restart_run(r, 1);
	CU_ASSERT_PTR_NULL(got_find(r, F_ESP_UNKNOWN_SPI));
	run_free(r);
}

/* IKE up, B answered it; A's ESP gets nothing back. */
static void
test_one_way_ike_up(void)
{
	struct run *r = run_new(0, 0);
	const struct got *g;
	uint32_t s;

	v2_up(r, 0, T_ISPI, T_RSPI, 0);
	for (s = 1; s <= 3; s++)
		send_esp(r, 1 + 0.1 * s, A, B, 0, SPI_X, s);
	run_end(r, 2);
	EXPECT(r, F_ESP_ONE_WAY);
	if ((g = got_find(r, F_ESP_ONE_WAY)) != NULL) {
		EQ(g->sev, SEV_ERROR);
		EQ(g->has_state, 0);
		EQ(g->count, 3);
		EQ(g->spi, SPI_X);
		expect_in(g->summary, "no ESP at all back");
	}
	run_free(r);

	/* Two packets are no pattern yet. */
	r = run_new(0, 0);
	v2_up(r, 0, T_ISPI, T_RSPI, 0);
	for (s = 1; s <= 2; s++)
		send_esp(r, 1 + 0.1 * s, A, B, 0, SPI_X, s);
	run_end(r, 2);
	EXPECT_NONE(r);
	run_free(r);
}

/* Nothing at all from B: the capture may miss that direction. */
static void
test_one_way_unseen_peer(void)
{
	struct run *r = run_new(0, 0);
	uint32_t s;

	for (s = 1; s <= 3; s++)
		send_esp(r, 0.1 * s, A, B, 0, SPI_X, s);
	run_end(r, 1);
	CU_ASSERT_PTR_NULL(got_find(r, F_ESP_ONE_WAY));
	EXPECT_NONE(r);
	run_free(r);
}

/* Both ways, then B falls silent while A keeps sending. */
static void
test_one_way_stall(void)
{
	struct run *r = run_new(0, 0);
	const struct got *g;
	int i;

	esp_both_ways(r, 0, 0, SPI_X, SPI_Y, 1, 5);	/* B's last: 0.9 */
	for (i = 0; i < 20; i++)			/* A's last: 15.25 */
		send_esp(r, 1 + 0.75 * i, A, B, 0, SPI_X, 6 + (uint32_t)i);
	run_end(r, 16);
	EXPECT(r, F_ESP_ONE_WAY);
	if ((g = got_find(r, F_ESP_ONE_WAY)) != NULL) {
		EQ(g->sev, SEV_ERROR);
		EQ(g->count, 20);
		expect_in(g->summary, "none back from 203.0.113.20 for 14.3 s");
	}
	run_free(r);

	/* The same run over 3.8 s: within --stall, nothing to say. */
	r = run_new(0, 0);
	esp_both_ways(r, 0, 0, SPI_X, SPI_Y, 1, 5);
	for (i = 0; i < 20; i++)
		send_esp(r, 1 + 0.2 * i, A, B, 0, SPI_X, 6 + (uint32_t)i);
	run_end(r, 5);
	EXPECT_NONE(r);
	run_free(r);

	/* A shorter --stall makes it one. */
	r = run_new(0, 2.0);
	esp_both_ways(r, 0, 0, SPI_X, SPI_Y, 1, 5);
	for (i = 0; i < 20; i++)
		send_esp(r, 1 + 0.2 * i, A, B, 0, SPI_X, 6 + (uint32_t)i);
	run_end(r, 5);
	EXPECT(r, F_ESP_ONE_WAY);
	run_free(r);
}

static void
test_sequence_findings(void)
{
	struct run *r = run_new(0, 0);
	const struct got *g;
	uint32_t s;

	for (s = 1; s <= 10; s++)
		if (s < 6 || s > 7)
			send_esp(r, 0.1 * s, A, B, 0, SPI_X, s);
	run_end(r, 2);
	EXPECT(r, F_ESP_SEQUENCE);
	if ((g = got_find(r, F_ESP_SEQUENCE)) != NULL) {
		EQ(g->sev, SEV_WARNING);
		EQ(g->count, 2);
		EQ(g->spi, SPI_X);
		expect_in(g->summary, "2 numbers never arrived");
	}
	run_free(r);

	r = run_new(0, 0);
	send_esp(r, 0.1, A, B, 0, SPI_X, 1);
	send_esp(r, 0.2, A, B, 0, SPI_X, 2);
	send_esp(r, 0.3, A, B, 0, SPI_X, 2);
	send_esp(r, 0.4, A, B, 0, SPI_X, 3);
	run_end(r, 1);
	EXPECT(r, F_ESP_SEQUENCE);
	if ((g = got_find(r, F_ESP_SEQUENCE)) != NULL) {
		EQ(g->sev, SEV_WARNING);
		EQ(g->count, 1);
		expect_in(g->summary, "1 repeated");
	}
	run_free(r);

	/* A clean run says nothing. */
	r = run_new(0, 0);
	for (s = 1; s <= 10; s++)
		send_esp(r, 0.1 * s, A, B, 0, SPI_X, s);
	run_end(r, 2);
	EXPECT_NONE(r);
	run_free(r);
}

/* Gaps in a run of IPv6 ESP from src to dst. */
static void
gaps6(const uint8_t *src, const uint8_t *dst, const char *where)
{
	struct run *r = run_new(0, 0);
	struct pkt p;
	struct fb f;
	uint32_t s;

	for (s = 1; s <= 20; s += 3) {
		esp6_frame(&f, src, dst, SPI_X, s);
		feed_fb(r, &f, 0.1 * s, f.n, &p);
		CU_ASSERT_EQUAL(p.kind, PK_ESP);
	}
	run_end(r, 3);
	expect_ids(r, where, (const int[]){ F_COUNT });
	run_free(r);
}

/*
 * OSPFv3 (RFC 4552) and friends: manually keyed SAs shared by every
 * router of a link, one counter for many receivers.  Reserved SPIs are
 * no SA at all.
 */
static void
test_shared_scope(void)
{
	static const uint8_t ll1[16] = { 0xfe, 0x80, [15] = 1 };
	static const uint8_t ll2[16] = { 0xfe, 0x80, [15] = 2 };
	static const uint8_t ff05[16] = { 0xff, 0x02, [15] = 5 };
	static const uint8_t gl1[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	struct run *r;
	uint32_t s;

	gaps6(ll1, ff05, "ff02::5 from fe80::1");
	gaps6(gl1, ff05, "ff02::5 from 2001:db8::1");
	gaps6(ll1, ll2, "fe80::2 from fe80::1");

	r = run_new(0, 0);
	for (s = 1; s <= 20; s += 3)
		send_esp(r, 0.1 * s, 0x0a000001U, 0xe0000005U, 0, SPI_X, s);
	run_end(r, 3);
	EXPECT_NONE(r);
	run_free(r);

	/* SPI 0x10: gaps, a repeat and a new source port. */
	r = run_new(0, 0);
	r->port_a = r->port_b = 4500;
	for (s = 1; s <= 20; s += 3)
		send_esp(r, 0.1 * s, A, B, 1, 0x10, s);
	send_esp(r, 2.5, A, B, 1, 0x10, 19);
	r->port_a = 31000;
	send_esp(r, 2.6, A, B, 1, 0x10, 30);
	run_end(r, 3);
	EXPECT_NONE(r);
	run_free(r);

	/* The control: the same gaps between unicast global addresses. */
	r = run_new(0, 0);
	for (s = 1; s <= 20; s += 3)
		send_esp(r, 0.1 * s, A, B, 0, SPI_X, s);
	run_end(r, 3);
	EXPECT(r, F_ESP_SEQUENCE);
	run_free(r);
}

/* xorshift32 (Marsaglia): a permutation of the non-zero 32-bit values. */
static uint32_t
xorshift32(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

#define FLOOD		1000000
#define FLOOD_MEMCAP	((size_t)1 << 20)

/*
 * A million SPIs to one destination under a 1 MiB cap.  esp.c gives the
 * child table the cap diag_new() got and the tunnel table a quarter of
 * it; table.h promises that a table's bytes (pool chunks and bucket
 * array) never exceed its cap, not even while the bucket array doubles,
 * so the sum is held to memcap + memcap / 4 with no slack.  xorshift32
 * never repeats within its period: every SPI is new, a child each.
 */
static void
test_memcap_flood(void)
{
	struct run *r = run_new(FLOOD_MEMCAP, 0);
	const struct diag_stats *st;
	uint32_t seed = 0x9e3779b9U, i;
	struct pkt p;
	struct fb f;

	esp_frame(&f, A, B, 0, SPI_X, 1, 8);
	for (i = 0; i < FLOOD; i++) {
		/* The SPI sits after Ethernet (14) and IPv4 (20). */
		fb_put32(&f, 14 + 20, xorshift32(&seed));
		feed_fb(r, &f, 0.000001 * i, f.n, &p);
		if (p.kind != PK_ESP)
			CU_FAIL_FATAL("the flood frame is not ESP");
	}
	st = diag_stats(r->g);
	CU_ASSERT(st->esp_bytes <= FLOOD_MEMCAP + FLOOD_MEMCAP / 4);
	if (st->esp_bytes > FLOOD_MEMCAP + FLOOD_MEMCAP / 4)
		fprintf(stderr, "\n  %s: esp_bytes %zu over %zu\n", __func__,
		    st->esp_bytes, FLOOD_MEMCAP + FLOOD_MEMCAP / 4);
	CU_ASSERT(st->esp_evicted > 0);
	EQ(st->esp_sas, FLOOD);
	EQ(st->packets, FLOOD);
	run_end(r, 2);
	/* One packet per SPI: no sequence to fault, and B never shows. */
	EQ(r->findings, 0);
	if (r->findings)
		got_dump(r, __func__);
	run_free(r);
}

/* A second IKE SA between the same peers lists only its own children. */
static void
test_second_ike_sa(void)
{
	struct run *r = run_new(0, 0);
	const struct sa_seen *s1, *s2;
	const uint32_t x2 = 0xc0ffee03U, y2 = 0xbeef0004U;

	v2_up(r, 0, T_ISPI, T_RSPI, 0);
	esp_both_ways(r, 1, 0, SPI_X, SPI_Y, 1, 5);
	v2_up(r, 100, T_ISPI2, T_RSPI2, 0);
	esp_both_ways(r, 101, 0, x2, y2, 1, 5);
	run_end(r, 103);
	CU_ASSERT_EQUAL_FATAL(r->nsa, 2);
	s1 = sa_find(r, T_ISPI);
	s2 = sa_find(r, T_ISPI2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s2);
	expect_children(s2, (const uint32_t[]){ x2, y2 }, 2, "second SA");
	CU_ASSERT_PTR_NULL(cv_find(s2, SPI_X));
	CU_ASSERT_PTR_NULL(cv_find(s2, SPI_Y));
	expect_children(s1, (const uint32_t[]){ SPI_X, SPI_Y }, 2,
	    "first SA");
	run_free(r);
}

int
suite_child(void)
{
	static const struct test_def t[] = {
		{ "sequence 1..10 in order", test_seq_in_order },
		{ "a child's kept tunnel pointer", test_child_tunnel_pointer },
		{ "packet rate over the last seconds", test_rate },
		{ "sequence with a hole", test_seq_hole },
		{ "reordered inside the window", test_seq_reorder },
		{ "a repeated number", test_seq_repeat },
		{ "a jump far past the window", test_seq_far_jump },
		{ "behind the window", test_seq_too_old },
		{ "reset to 1 on the same SPI", test_seq_reset },
		{ "ESN: 32-bit wrap", test_seq_esn_wrap },
		{ "capture starting mid-stream", test_seq_mid_stream },
		{ "first packet without a sequence number",
		    test_seq_short_first },
		{ "ESP in UDP: source port change", test_rebind_port },
		{ "AH sequence numbers", test_ah_seq },
		{ "children listed under their IKE SA",
		    test_children_listed },
		{ "a burst, then the answers: both active",
		    test_children_bursts },
		{ "INVALID_SPI in clear: esp_unknown_spi", test_invalid_spi },
		{ "a peer that restarted: esp_unknown_spi", test_peer_restart },
		{ "esp_one_way with IKE up", test_one_way_ike_up },
		{ "no esp_one_way when the peer is never seen",
		    test_one_way_unseen_peer },
		{ "esp_one_way after the far side stops",
		    test_one_way_stall },
		{ "esp_sequence: gaps and repeats", test_sequence_findings },
		{ "multicast, link-local, reserved SPIs",
		    test_shared_scope },
		{ "a million SPIs under a 1 MiB cap", test_memcap_flood },
		{ "a second IKE SA between the same peers",
		    test_second_ike_sa },
	};

	return SUITE("child", t);
}
