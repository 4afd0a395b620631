/*
 * test_truncation.c: every decoder, fed every prefix of a good frame.
 *
 * For each sample frame and each length L from 0 to its size, the
 * frame is dissected twice: cut by the snapshot length (wire length
 * intact) and as if the datagram itself ended there.  Under the
 * sanitizers this proves no read past the bytes given; the assertions
 * prove that a short frame never passes silently (an anomaly is always
 * recorded) and that every header that was captured whole is decoded
 * exactly as in the full frame.
 */
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"

struct sample {
	const char	*name;
	int		 dlt;
	struct fb	 f;
	size_t		 hdr_off;	/* IKE or ESP header */
	size_t		 hdr_len;	/* bytes that make it whole */
};

static void
check_prefixes(struct sample *s)
{
	char err[256];
	struct dissector *d = dissect_new(s->dlt, err, sizeof(err));
	struct pkt full, p;
	size_t len;
	int pass;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	fb_dissect(d, &s->f, &full);
	CU_ASSERT_EQUAL(full.anomalies, 0);
	CU_ASSERT_NOT_EQUAL(full.kind, PK_OTHER);
	for (len = 0; len < s->f.n; len++) {
		for (pass = 0; pass < 2; pass++) {
			fb_dissect_n(d, &s->f, len, pass ? len : s->f.n, &p);
			if (p.anomalies == 0) {
				CU_FAIL("short frame without an anomaly");
				fprintf(stderr, "%s: length %zu pass %d\n",
				    s->name, len, pass);
			}
			if (len < s->hdr_off + s->hdr_len)
				continue;
			CU_ASSERT_EQUAL(p.kind, full.kind);
			CU_ASSERT_EQUAL(p.ike.ispi, full.ike.ispi);
			CU_ASSERT_EQUAL(p.ike.rspi, full.ike.rspi);
			CU_ASSERT_EQUAL(p.ike.msgid, full.ike.msgid);
			CU_ASSERT_EQUAL(p.ike.exch, full.ike.exch);
			CU_ASSERT_EQUAL(p.esp.spi, full.esp.spi);
			CU_ASSERT_EQUAL(p.esp.seq, full.esp.seq);
		}
	}
	dissect_free(d);
}

static void
test_ike_v2_ethernet(void)
{
	static struct sample s;

	s.name = "IKEv2 over Ethernet";
	s.dlt = DLT_EN10MB;

	fb_std_ike(&s.f);
	s.hdr_off = s.f.ike_off;
	s.hdr_len = 28;
	check_prefixes(&s);
}

static void
test_ike_v1_natt_vlan(void)
{
	static const uint16_t tpid[] = { 0x8100 };
	static const uint16_t vid[] = { 12 };
	static struct sample s;

	s.name = "IKEv1 on 4500 in a VLAN";
	s.dlt = DLT_EN10MB;

	fb_init(&s.f);
	fb_eth(&s.f, 0x0800, 1, tpid, vid);
	fb_ip4(&s.f, 17, T_SRC4, T_DST4);
	fb_udp(&s.f, 4500, 4500);
	fb_u32(&s.f, 0);
	fb_ike(&s.f, T_ISPI, T_RSPI, 8, 0x10, 32, 1, 0xabcdef);
	fb_fill(&s.f, 0x11, 48);
	fb_fix(&s.f);
	s.hdr_off = s.f.ike_off;
	s.hdr_len = 28;
	check_prefixes(&s);
}

static void
test_esp_udp_sll(void)
{
	static struct sample s;

	s.name = "ESP in UDP, Linux cooked";
	s.dlt = DLT_LINUX_SLL;

	fb_init(&s.f);
	fb_u16(&s.f, 0);
	fb_u16(&s.f, 1);
	fb_u16(&s.f, 6);
	fb_fill(&s.f, 2, 8);
	fb_u16(&s.f, 0x0800);
	fb_ip4(&s.f, 17, T_SRC4, T_DST4);
	fb_udp(&s.f, 4500, 4500);
	s.hdr_off = s.f.n;
	s.hdr_len = 8;
	fb_u32(&s.f, 0xcafe0001);
	fb_u32(&s.f, 99);
	fb_fill(&s.f, 0, 40);
	fb_fix(&s.f);
	check_prefixes(&s);
}

static void
test_ah_esp_ipv6(void)
{
	static struct sample s;

	s.name = "AH then ESP over IPv6";
	s.dlt = DLT_EN10MB;

	fb_init(&s.f);
	fb_eth(&s.f, 0x86dd, 0, NULL, NULL);
	fb_ip6(&s.f, 0, 1, 2);
	fb_u8(&s.f, 51);		/* hop-by-hop, then AH */
	fb_u8(&s.f, 0);
	fb_fill(&s.f, 0, 6);
	fb_u8(&s.f, 50);
	fb_u8(&s.f, 4);
	fb_u16(&s.f, 0);
	fb_u32(&s.f, 0xa0000001);
	fb_u32(&s.f, 3);
	fb_fill(&s.f, 0, 12);
	s.hdr_off = s.f.n;
	s.hdr_len = 8;
	fb_u32(&s.f, 0xe0000001);
	fb_u32(&s.f, 4);
	fb_fill(&s.f, 0, 24);
	fb_fix(&s.f);
	check_prefixes(&s);
}

static void
test_icmp_quote(void)
{
	static struct sample s;

	s.name = "ICMP quoting IKE";
	s.dlt = DLT_EN10MB;
	struct fb q;

	fb_std_ike(&q);
	fb_init(&s.f);
	fb_eth(&s.f, 0x0800, 0, NULL, NULL);
	fb_ip4(&s.f, 1, T_DST4, T_SRC4);
	fb_u8(&s.f, 3);
	fb_u8(&s.f, 13);
	fb_u16(&s.f, 0);
	fb_u32(&s.f, 0);
	memcpy(s.f.b + s.f.n, q.b + 14, 56);
	s.f.n += 56;
	fb_fix(&s.f);
	s.hdr_off = s.f.n;	/* nothing beyond: check no overrun only */
	s.hdr_len = 0;
	check_prefixes(&s);
}

static void
test_ike_fragments_skf(void)
{
	static struct sample s;

	s.name = "IKEv2 SKF over raw IPv4";
	s.dlt = DLT_RAW;

	fb_init(&s.f);
	fb_ip4(&s.f, 17, T_SRC4, T_DST4);
	fb_udp(&s.f, 500, 500);
	fb_ike(&s.f, T_ISPI, T_RSPI, 53, 0x20, 35, 0x08, 1);
	fb_u8(&s.f, 0);
	fb_u8(&s.f, 0);
	fb_u16(&s.f, 28);
	fb_u16(&s.f, 2);
	fb_u16(&s.f, 2);
	fb_fill(&s.f, 0, 20);
	fb_fix(&s.f);
	s.hdr_off = s.f.ike_off;
	s.hdr_len = 28;
	check_prefixes(&s);
}

int
suite_truncation(void)
{
	static const struct test_def t[] = {
		{ "IKEv2 over Ethernet", test_ike_v2_ethernet },
		{ "IKEv1 on 4500 in a VLAN", test_ike_v1_natt_vlan },
		{ "ESP in UDP, Linux cooked", test_esp_udp_sll },
		{ "AH then ESP over IPv6", test_ah_esp_ipv6 },
		{ "ICMP quoting IKE", test_icmp_quote },
		{ "IKEv2 SKF over raw IPv4", test_ike_fragments_skf },
	};

	return SUITE("truncation at every offset", t);
}
