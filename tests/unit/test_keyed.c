/*
 * test_keyed.c: what decrypted messages tell an IKE SA (diag/sa_keys.c),
 * from messages built byte by byte as decryption hands them on: the
 * selectors of a child request in words and as ranges, the SPIs of its
 * SA payload, a Delete, the outcome counters; then ESP the keys
 * decrypted, inside and outside those selectors, and after its Delete.
 */
#include <string.h>

#include "diag/sa.h"
#include "dissect/names.h"
#include "tests/unit/suites.h"

struct msg {
	uint8_t		 b[512];
	size_t		 n;
	struct pkt	 p;
};

static void
msg_init(struct msg *m, uint8_t exch, int response, uint64_t frame)
{
	memset(m, 0, sizeof(*m));
	m->n = 28;
	m->b[17] = 0x20;
	m->b[18] = exch;
	m->b[19] = 0x08 | (response ? 0x20 : 0);
	m->p.kind = PK_IKE;
	m->p.frame = frame;
	m->p.ts_sec = 1000 + (int64_t)frame;
	m->p.ike.major = 2;
	m->p.ike.exch = exch;
	m->p.ike.flags = m->b[19];
	m->p.ike.encrypted = 1;
	m->p.ike.dec = DEC_OK;
	m->p.ike.have_hdr = 1;
}

/* A payload of type t with body, appended and listed. */
static void
msg_pl(struct msg *m, uint8_t t, const uint8_t *body, size_t len)
{
	struct ike_payload *pl = &m->p.ike.pl[m->p.ike.npl++];

	pl->type = t;
	pl->off = (uint32_t)m->n;
	pl->len = (uint16_t)(len + 4);
	m->b[m->n + 2] = (uint8_t)((len + 4) >> 8);
	m->b[m->n + 3] = (uint8_t)(len + 4);
	memcpy(m->b + m->n + 4, body, len);
	m->n += len + 4;
	m->p.ike.raw = m->b;
	m->p.ike.rawlen = m->n;
}

/* A TS payload body: one IPv4 range, all protocols and ports. */
static size_t
ts_body(uint8_t *b, uint32_t lo, uint32_t hi)
{
	uint8_t t[24] = { 1, 0, 0, 0, 7, 0, 0, 16, 0, 0, 0xff, 0xff,
	    lo >> 24, lo >> 16, lo >> 8, lo, hi >> 24, hi >> 16, hi >> 8, hi };

	memcpy(b, t, 20);
	return 20;
}

static struct pkt
esp(uint64_t frame, uint32_t spi, uint32_t isrc, uint32_t idst)
{
	struct pkt p;
	uint8_t a[4] = { 192, 0, 2, 10 }, b[4] = { 203, 0, 113, 20 };
	uint8_t s[4] = { isrc >> 24, isrc >> 16, isrc >> 8, isrc };
	uint8_t d[4] = { idst >> 24, idst >> 16, idst >> 8, idst };

	memset(&p, 0, sizeof(p));
	p.kind = PK_ESP;
	p.frame = frame;
	p.ts_sec = 1000 + (int64_t)frame;
	addr_set(&p.src, 4, a);
	addr_set(&p.dst, 4, b);
	p.esp.spi = spi;
	p.esp.have = 8;
	p.esp.dec = DEC_OK;
	p.esp.has_inner = 1;
	p.esp.inner_proto = 1;
	addr_set(&p.esp.inner_src, 4, s);
	addr_set(&p.esp.inner_dst, 4, d);
	return p;
}

static void
test_keyed_child(void)
{
	static struct sa_keyed k;
	struct msg m;
	struct pkt e;
	uint8_t b[64];
	/* SA: one ESP proposal, SPI 0xc0ffee01, no transforms. */
	static const uint8_t sa_body[] = { 0, 0, 0, 12, 1, 3, 4, 0,
	    0xc0, 0xff, 0xee, 0x01 };

	memset(&k, 0, sizeof(k));
	msg_init(&m, IKEV2_X_CREATE_CHILD_SA, 0, 5);
	msg_pl(&m, IKEV2_P_SA, sa_body, sizeof(sa_body));
	msg_pl(&m, IKEV2_P_TSI, b, ts_body(b, 0x0a010000, 0x0a0100ff));
	msg_pl(&m, IKEV2_P_TSR, b, ts_body(b, 0x0a020000, 0x0a0200ff));
	sa_keyed_update(&k, &m.p, 1);
	CU_ASSERT_STRING_EQUAL(k.ts_local, "10.1.0.0/24");
	CU_ASSERT_STRING_EQUAL(k.ts_remote, "10.2.0.0/24");
	CU_ASSERT_EQUAL(k.ts_frame, 5);
	CU_ASSERT_TRUE(sa_keyed_spi(&k, 0xc0ffee01));
	CU_ASSERT_FALSE(sa_keyed_spi(&k, 0xc0ffee02));
	CU_ASSERT_EQUAL(k.ok[SA_INI], 1);
	/* Inside, both ways; transport mode is not judged. */
	e = esp(6, 0xc0ffee01, 0x0a010005, 0x0a020009);
	sa_keyed_esp(&k, &e);
	e = esp(7, 0xc0ffee01, 0x0a020009, 0x0a010005);
	sa_keyed_esp(&k, &e);
	e = esp(8, 0xc0ffee01, 0xc000020a, 0xcb007114);
	sa_keyed_esp(&k, &e);
	CU_ASSERT_EQUAL(k.outside, 0);
	/* Outside: a source no selector covers. */
	e = esp(9, 0xc0ffee01, 0x0a030001, 0x0a020009);
	sa_keyed_esp(&k, &e);
	e = esp(11, 0xc0ffee01, 0x0a030002, 0x0a020009);
	sa_keyed_esp(&k, &e);
	CU_ASSERT_EQUAL(k.outside, 2);
	CU_ASSERT_EQUAL(k.outside_spi, 0xc0ffee01);
	CU_ASSERT_EQUAL(k.outside_first.frame, 9);
	CU_ASSERT_EQUAL(k.outside_last.frame, 11);
	/* Not decrypted: nothing is judged. */
	e = esp(12, 0xc0ffee01, 0x0a030001, 0x0a020009);
	e.esp.dec = DEC_INTEGRITY;
	sa_keyed_esp(&k, &e);
	CU_ASSERT_EQUAL(k.outside, 2);
}

static void
test_keyed_delete(void)
{
	static struct sa_keyed k;
	struct msg m;
	struct pkt e;
	/* Delete: protocol ESP, SPI size 4, one SPI. */
	static const uint8_t del[] = { 3, 4, 0, 1, 0x11, 0x22, 0x33, 0x44 };

	memset(&k, 0, sizeof(k));
	e = esp(9, 0x11223344, 0x0a010005, 0x0a020009);
	sa_keyed_esp(&k, &e);
	msg_init(&m, IKEV2_X_INFORMATIONAL, 0, 10);
	msg_pl(&m, IKEV2_P_D, del, sizeof(del));
	sa_keyed_update(&k, &m.p, 0);
	CU_ASSERT_TRUE(sa_keyed_deleted(&k, 0x11223344, NULL));
	CU_ASSERT_EQUAL(k.after_del, 0);
	e = esp(12, 0x11223344, 0x0a010005, 0x0a020009);
	sa_keyed_esp(&k, &e);
	e = esp(13, 0x55667788, 0x0a010005, 0x0a020009);
	sa_keyed_esp(&k, &e);
	CU_ASSERT_EQUAL(k.after_del, 1);
	CU_ASSERT_EQUAL(k.after_del_spi, 0x11223344);
	CU_ASSERT_EQUAL(k.del_when.frame, 10);
	CU_ASSERT_EQUAL(k.ok[SA_RSP], 1);
}

static void
test_keyed_failures(void)
{
	static struct sa_keyed k;
	struct msg m;

	memset(&k, 0, sizeof(k));
	msg_init(&m, IKEV2_X_IKE_AUTH, 1, 4);
	m.p.ike.dec = DEC_INTEGRITY;
	sa_keyed_update(&k, &m.p, 0);
	m.p.frame = 6;
	sa_keyed_update(&k, &m.p, 0);
	CU_ASSERT_EQUAL(k.bad[SA_RSP], 2);
	CU_ASSERT_EQUAL(k.bad[SA_INI], 0);
	CU_ASSERT_EQUAL(k.why, DEC_INTEGRITY);
	CU_ASSERT_EQUAL(k.bad_at.frame, 4);
	/* Without keys nothing is counted. */
	m.p.ike.dec = DEC_NONE;
	sa_keyed_update(&k, &m.p, 1);
	CU_ASSERT_EQUAL(k.ok[SA_INI] + k.bad[SA_INI], 0);
}

int
suite_keyed(void)
{
	static const struct test_def t[] = {
		{ "child request: selectors, SPIs, ESP inside and outside",
		    test_keyed_child },
		{ "ESP after the Delete of its SPI", test_keyed_delete },
		{ "messages the keys do not decrypt", test_keyed_failures },
	};

	return SUITE("keyed", t);
}
