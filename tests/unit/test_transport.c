/*
 * test_transport.c: UDP and the RFC 3948 demux, ESP, AH, ICMP errors.
 */
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"

static struct dissector *d;

static void
udp_frame(struct fb *f, uint16_t sport, uint16_t dport)
{
	fb_init(f);
	fb_eth(f, 0x0800, 0, NULL, NULL);
	fb_ip4(f, 17, T_SRC4, T_DST4);
	fb_udp(f, sport, dport);
}

static void
setup(void)
{
	char err[256];

	if (d == NULL)
		d = dissect_new(DLT_EN10MB, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
}

static void
test_keepalive(void)
{
	struct pkt p;
	struct fb f;

	setup();
	udp_frame(&f, 4500, 4500);
	fb_u8(&f, 0xff);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_KEEPALIVE);
	CU_ASSERT_EQUAL(p.anomalies, 0);
}

static void
test_marker_then_ike(void)
{
	struct pkt p;
	struct fb f;

	setup();
	udp_frame(&f, 33000, 4500);	/* a NAT rewrote the source port */
	fb_u32(&f, 0);
	fb_ike(&f, T_ISPI, T_RSPI, 46, 0x20, 35, 0x08, 1);
	fb_payload(&f, 35, 40, 0x5a);	/* SK, first inner payload IDi */
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_IKE);
	CU_ASSERT_EQUAL(p.ike.nonesp_marker, 1);
	CU_ASSERT_EQUAL(p.ike.exch, 35);
	CU_ASSERT_EQUAL(p.ike.msgid, 1);
	CU_ASSERT_EQUAL(p.ike.rspi, T_RSPI);
	CU_ASSERT_EQUAL(p.ike.encrypted, 1);
	CU_ASSERT_EQUAL(p.ike.inner_np, 35);
	CU_ASSERT_EQUAL(p.anomalies, 0);
}

static void
test_esp_in_udp(void)
{
	struct pkt p;
	struct fb f;

	setup();
	udp_frame(&f, 4500, 4500);
	fb_u32(&f, 0xc0ffee01);
	fb_u32(&f, 42);
	fb_fill(&f, 0x77, 64);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_ESP_UDP);
	CU_ASSERT_EQUAL(p.esp.spi, 0xc0ffee01);
	CU_ASSERT_EQUAL(p.esp.seq, 42);
	CU_ASSERT_EQUAL(p.esp.len, 72);
}

static void
test_esp_in_udp_short(void)
{
	struct pkt p;
	struct fb f;

	setup();
	udp_frame(&f, 4500, 4500);
	fb_u16(&f, 0x1234);		/* neither keepalive nor ESP */
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_ESP_UDP);
	CU_ASSERT_TRUE(pkt_has(&p, ANOM_ESP_SHORT));
}

static void
test_ike_500_to_4500_without_marker(void)
{
	struct pkt p;
	struct fb f;

	setup();
	udp_frame(&f, 500, 4500);
	fb_ike(&f, T_ISPI, T_RSPI, 8, 0x10, 5, 0x01, 0x11223344);
	fb_fill(&f, 0x99, 52);		/* encrypted informational */
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_IKE);
	CU_ASSERT_EQUAL(p.ike.nonesp_marker, 0);
	CU_ASSERT_EQUAL(p.ike.major, 1);
	CU_ASSERT_EQUAL(p.ike.encrypted, 1);
	CU_ASSERT_EQUAL(p.ike.msgid, 0x11223344);
}

static void
test_udp_other_ports(void)
{
	struct pkt p;
	struct fb f;

	setup();
	udp_frame(&f, 53, 53);
	fb_fill(&f, 0, 20);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_OTHER);
	CU_ASSERT_EQUAL(p.has_udp, 1);
}

static void
test_udp_bad_length(void)
{
	struct pkt p;
	struct fb f;

	setup();
	udp_frame(&f, 500, 500);
	fb_ike_sa_init(&f);
	fb_fix(&f);
	fb_put16(&f, f.udp_off + 4, 4);	/* below the UDP header */
	fb_dissect(d, &f, &p);
	CU_ASSERT_TRUE(pkt_has(&p, ANOM_UDP_LEN));
	CU_ASSERT_EQUAL(p.kind, PK_IKE);	/* still read from the frame */
}

static void
test_esp_proto50(void)
{
	struct pkt p;
	struct fb f;

	setup();
	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 50, T_SRC4, T_DST4);
	fb_u32(&f, 0x00000100);
	fb_u32(&f, 1);
	fb_fill(&f, 0, 32);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_ESP);
	CU_ASSERT_EQUAL(p.esp.spi, 0x100);
	CU_ASSERT_EQUAL(p.anomalies, 0);
	fb_put32(&f, 34, 7);		/* SPI 7: reserved range */
	fb_dissect(d, &f, &p);
	CU_ASSERT_TRUE(pkt_has(&p, ANOM_ESP_RESERVED_SPI));
}

static void
test_ah_then_esp(void)
{
	struct pkt p;
	struct fb f;

	setup();
	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 51, T_SRC4, T_DST4);
	fb_u8(&f, 50);			/* next: ESP */
	fb_u8(&f, 4);			/* (4 + 2) * 4 = 24 bytes */
	fb_u16(&f, 0);
	fb_u32(&f, 0xa1000001);
	fb_u32(&f, 9);
	fb_fill(&f, 0xee, 12);		/* ICV */
	fb_u32(&f, 0xe5000002);
	fb_u32(&f, 10);
	fb_fill(&f, 0, 16);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_ESP);
	CU_ASSERT_EQUAL(p.has_ah, 1);
	CU_ASSERT_EQUAL(p.ah.spi, 0xa1000001);
	CU_ASSERT_EQUAL(p.ah.seq, 9);
	CU_ASSERT_EQUAL(p.esp.spi, 0xe5000002);
	CU_ASSERT_EQUAL(p.esp.seq, 10);
	/* AH around a tunnelled IP packet stays AH. */
	f.b[34] = 4;
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_AH);
	CU_ASSERT_EQUAL(p.ah.nh, 4);
}

static void
test_icmp_port_unreachable_quoting_ike(void)
{
	struct pkt p;
	struct fb f, q;

	setup();
	/* The quoted packet: our IKE request, cut after 28 bytes of IKE. */
	udp_frame(&q, 500, 500);
	fb_ike_sa_init(&q);
	fb_fix(&q);
	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 1, T_DST4, T_SRC4);
	fb_u8(&f, 3);
	fb_u8(&f, 3);
	fb_u16(&f, 0);
	fb_u32(&f, 0);
	memcpy(f.b + f.n, q.b + 14, 20 + 8 + 28);
	f.n += 20 + 8 + 28;
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_ICMP);
	CU_ASSERT_EQUAL(p.icmp.type, 3);
	CU_ASSERT_EQUAL(p.icmp.code, 3);
	CU_ASSERT_EQUAL(p.icmp.proto, 17);
	CU_ASSERT_EQUAL(p.icmp.dport, 500);
	CU_ASSERT_EQUAL(p.icmp.has_ike, 1);
	CU_ASSERT_EQUAL(p.icmp.ike_ispi, T_ISPI);
	CU_ASSERT_EQUAL(p.icmp.src.a[3], 10);	/* the original source */
}

static void
test_icmp6_too_big_quoting_esp(void)
{
	struct pkt p;
	struct fb f;

	setup();
	fb_init(&f);
	fb_eth(&f, 0x86dd, 0, NULL, NULL);
	fb_ip6(&f, 58, 9, 1);
	fb_u8(&f, 2);			/* packet too big */
	fb_u8(&f, 0);
	fb_u16(&f, 0);
	fb_u32(&f, 1280);
	fb_u32(&f, 0x60000000);		/* the quoted IPv6 header */
	fb_u16(&f, 1400);
	fb_u8(&f, 50);
	fb_u8(&f, 63);
	fb_ip6addr(&f, 1);
	fb_ip6addr(&f, 2);
	fb_u32(&f, 0xdeadbeef);
	fb_u32(&f, 77);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_ICMP);
	CU_ASSERT_EQUAL(p.icmp.v6, 1);
	CU_ASSERT_EQUAL(p.icmp.mtu, 1280);
	CU_ASSERT_EQUAL(p.icmp.has_spi, 1);
	CU_ASSERT_EQUAL(p.icmp.spi, 0xdeadbeef);
}

static void
test_icmp_about_other_traffic(void)
{
	struct pkt p;
	struct fb f, q;

	setup();
	udp_frame(&q, 5353, 53);
	fb_fill(&q, 0, 8);
	fb_fix(&q);
	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 1, T_DST4, T_SRC4);
	fb_u8(&f, 3);
	fb_u8(&f, 3);
	fb_u16(&f, 0);
	fb_u32(&f, 0);
	memcpy(f.b + f.n, q.b + 14, 28);
	f.n += 28;
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_OTHER);
}

static void
test_teardown(void)
{
	dissect_free(d);
	d = NULL;
}

int
suite_transport(void)
{
	static const struct test_def t[] = {
		{ "NAT keepalive", test_keepalive },
		{ "non-ESP marker then IKE", test_marker_then_ike },
		{ "ESP in UDP", test_esp_in_udp },
		{ "ESP in UDP too short", test_esp_in_udp_short },
		{ "IKE 500 to 4500 without marker",
		    test_ike_500_to_4500_without_marker },
		{ "UDP other ports", test_udp_other_ports },
		{ "UDP bad length", test_udp_bad_length },
		{ "ESP protocol 50", test_esp_proto50 },
		{ "AH then ESP", test_ah_then_esp },
		{ "ICMP port unreachable quoting IKE",
		    test_icmp_port_unreachable_quoting_ike },
		{ "ICMPv6 packet too big quoting ESP",
		    test_icmp6_too_big_quoting_esp },
		{ "ICMP about other traffic", test_icmp_about_other_traffic },
		{ "teardown", test_teardown },
	};

	return SUITE("transport", t);
}
