/*
 * test_link_ip.c: link layers and IP down to the transport.
 */
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "dissect/addr.h"

#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif

static struct dissector *
dis(int dlt)
{
	char err[256];
	struct dissector *d = dissect_new(dlt, err, sizeof(err));

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	return d;
}

static void
check_ike(const struct pkt *p)
{
	CU_ASSERT_EQUAL(p->kind, PK_IKE);
	CU_ASSERT_EQUAL(p->ike.major, 2);
	CU_ASSERT_EQUAL(p->ike.ispi, T_ISPI);
	CU_ASSERT_EQUAL(p->ike.npl, 3);
	CU_ASSERT_EQUAL(p->anomalies, 0);
}

/* Append UDP 500 IKE_SA_INIT over IPv4 to whatever link header is there. */
static void
tail_ip4_ike(struct fb *f)
{
	fb_ip4(f, 17, T_SRC4, T_DST4);
	fb_udp(f, 500, 500);
	fb_ike_sa_init(f);
	fb_fix(f);
}

static void
test_ethernet(void)
{
	struct dissector *d = dis(DLT_EN10MB);
	struct pkt p;
	struct fb f;

	fb_std_ike(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	CU_ASSERT_EQUAL(p.ip_ver, 4);
	CU_ASSERT_EQUAL(p.sport, 500);
	CU_ASSERT_EQUAL(p.src.a[0], 192);
	CU_ASSERT_EQUAL(p.dst.a[3], 20);
	CU_ASSERT_EQUAL(p.ttl, 64);
	CU_ASSERT_EQUAL(p.vlans, 0);
	dissect_free(d);
}

static void
test_vlan_qinq(void)
{
	static const uint16_t tpid[] = { 0x88a8, 0x8100 };
	static const uint16_t vid[] = { 0x2064, 0x00c8 };	/* pcp 1 */
	struct dissector *d = dis(DLT_EN10MB);
	struct pkt p;
	struct fb f;

	fb_init(&f);
	fb_eth(&f, 0x0800, 2, tpid, vid);
	tail_ip4_ike(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	CU_ASSERT_EQUAL(p.vlans, 2);
	CU_ASSERT_EQUAL(p.vlan_id[0], 100);
	CU_ASSERT_EQUAL(p.vlan_id[1], 200);
	dissect_free(d);
}

static void
test_ethernet_padding(void)
{
	struct dissector *d = dis(DLT_EN10MB);
	struct pkt p;
	struct fb f;

	fb_std_ike(&f);
	fb_fill(&f, 0, 6);	/* trailer padding after the IP datagram */
	fb_dissect(d, &f, &p);
	check_ike(&p);		/* the IKE length still matches */
	dissect_free(d);
}

static void
test_sll(void)
{
	struct dissector *d = dis(DLT_LINUX_SLL);
	struct pkt p;
	struct fb f;

	fb_init(&f);
	fb_u16(&f, 4);		/* sent by us */
	fb_u16(&f, 1);		/* ARPHRD_ETHER */
	fb_u16(&f, 6);
	fb_fill(&f, 0x02, 8);
	fb_u16(&f, 0x0800);
	tail_ip4_ike(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	dissect_free(d);
}

static void
test_sll2(void)
{
	struct dissector *d = dis(DLT_LINUX_SLL2);
	struct pkt p;
	struct fb f;

	fb_init(&f);
	fb_u16(&f, 0x86dd);
	fb_u16(&f, 0);
	fb_u32(&f, 3);		/* ifindex */
	fb_u16(&f, 1);
	fb_u8(&f, 0);
	fb_u8(&f, 6);
	fb_fill(&f, 0x02, 8);
	fb_ip6(&f, 17, 1, 2);
	fb_udp(&f, 4500, 4500);
	fb_u32(&f, 0);		/* non-ESP marker */
	fb_ike_sa_init(&f);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	CU_ASSERT_EQUAL(p.ip_ver, 6);
	CU_ASSERT_EQUAL(p.ike.nonesp_marker, 1);
	CU_ASSERT_EQUAL(p.src.a[15], 1);
	dissect_free(d);
}

static void
test_null_both_orders(void)
{
	struct dissector *d = dis(DLT_NULL);
	struct pkt p;
	struct fb f;

	fb_init(&f);
	fb_u32(&f, 0x02000000);	/* AF_INET written little-endian */
	tail_ip4_ike(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	fb_init(&f);
	fb_u32(&f, 2);		/* AF_INET written big-endian */
	tail_ip4_ike(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	fb_init(&f);
	fb_u32(&f, 0x1e000000);	/* AF_INET6 (macOS value 30) */
	fb_ip6(&f, 50, 1, 2);
	fb_u32(&f, 0x01020304);
	fb_u32(&f, 7);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_ESP);
	CU_ASSERT_EQUAL(p.esp.spi, 0x01020304);
	CU_ASSERT_EQUAL(p.esp.seq, 7);
	dissect_free(d);
}

static void
test_loop_and_raw(void)
{
	struct dissector *d = dis(DLT_LOOP);
	struct pkt p;
	struct fb f;

	fb_init(&f);
	fb_u32(&f, 2);
	tail_ip4_ike(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	dissect_free(d);

	d = dis(DLT_RAW);
	fb_init(&f);
	tail_ip4_ike(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	dissect_free(d);

	d = dis(229);		/* LINKTYPE_IPV6 */
	fb_init(&f);
	fb_ip6(&f, 17, 1, 2);
	fb_udp(&f, 500, 500);
	fb_ike_sa_init(&f);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	dissect_free(d);
}

static void
test_unknown_linktype(void)
{
	char err[256] = "";

	CU_ASSERT_PTR_NULL(dissect_new(105 /* 802.11 */, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "link type 105"));
}

static void
test_ip6_extension_headers(void)
{
	struct dissector *d = dis(DLT_EN10MB);
	struct pkt p;
	struct fb f;

	fb_init(&f);
	fb_eth(&f, 0x86dd, 0, NULL, NULL);
	fb_ip6(&f, 0, 1, 2);		/* hop-by-hop first */
	fb_u8(&f, 60);			/* then destination options */
	fb_u8(&f, 0);
	fb_fill(&f, 0, 6);
	fb_u8(&f, 43);			/* then routing, 16 bytes */
	fb_u8(&f, 1);
	fb_fill(&f, 0, 14);
	fb_u8(&f, 17);			/* then UDP */
	fb_u8(&f, 0);
	fb_fill(&f, 0, 6);
	fb_udp(&f, 500, 500);
	fb_ike_sa_init(&f);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	CU_ASSERT_EQUAL(p.proto, 17);
	dissect_free(d);
}

static void
test_ip6_extension_chain_bounded(void)
{
	struct dissector *d = dis(DLT_RAW);
	struct pkt p;
	struct fb f;
	int i;

	fb_init(&f);
	fb_ip6(&f, 60, 1, 2);
	for (i = 0; i < 40; i++) {	/* more than any real packet has */
		fb_u8(&f, 60);
		fb_u8(&f, 0);
		fb_fill(&f, 0, 6);
	}
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	CU_ASSERT_EQUAL(p.kind, PK_OTHER);
	CU_ASSERT_TRUE(pkt_has(&p, ANOM_IP6_EXT));
	dissect_free(d);
}

static void
test_ip4_options_and_bad_hlen(void)
{
	struct dissector *d = dis(DLT_RAW);
	struct pkt p;
	struct fb f;

	fb_init(&f);
	fb_ip4(&f, 17, T_SRC4, T_DST4);
	f.b[0] = 0x46;			/* one word of options */
	fb_u32(&f, 0x01010101);		/* NOPs */
	fb_udp(&f, 500, 500);
	fb_ike_sa_init(&f);
	fb_fix(&f);
	fb_dissect(d, &f, &p);
	check_ike(&p);
	f.b[0] = 0x44;			/* header length 16: impossible */
	fb_dissect(d, &f, &p);
	CU_ASSERT_TRUE(pkt_has(&p, ANOM_IP_BAD_HLEN));
	CU_ASSERT_EQUAL(p.kind, PK_OTHER);
	dissect_free(d);
}

static void
test_ip_length_beyond_frame(void)
{
	struct dissector *d = dis(DLT_RAW);
	struct pkt p;
	struct fb f;

	fb_init(&f);
	tail_ip4_ike(&f);
	fb_put16(&f, 2, (uint16_t)(f.n + 100));
	fb_dissect(d, &f, &p);
	CU_ASSERT_TRUE(pkt_has(&p, ANOM_IP_LEN));
	/* The same, cut by the snaplen: not an anomaly of the packet. */
	fb_dissect_n(d, &f, f.n, f.n + 100, &p);
	CU_ASSERT_FALSE(pkt_has(&p, ANOM_IP_LEN));
	CU_ASSERT_TRUE(pkt_has(&p, ANOM_TRUNCATED));
	dissect_free(d);
}

/* IPv4 text written by hand, held to inet_ntop. */
static void
test_addr_text(void)
{
	struct ip_addr a;
	char mine[ADDR_STRLEN], libc[ADDR_STRLEN];
	unsigned i, pos, bad = 0;
	uint8_t b[4];

	srand(7);
	for (i = 0; i < 256 * 4 + 20000; i++) {
		for (pos = 0; pos < 4; pos++)
			b[pos] = (uint8_t)rand();
		if (i < 256 * 4)		/* every value in every place */
			b[i / 256] = (uint8_t)(i % 256);
		addr_set(&a, 4, b);
		addr_fmt(&a, mine, sizeof(mine));
		inet_ntop(AF_INET, b, libc, sizeof(libc));
		bad += strcmp(mine, libc) != 0;
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* Room for the longest or nothing, as inet_ntop. */
	addr_set(&a, 4, (const uint8_t[]){ 255, 255, 255, 255 });
	CU_ASSERT_STRING_EQUAL(addr_fmt(&a, mine, 16), "255.255.255.255");
	CU_ASSERT_STRING_EQUAL(addr_fmt(&a, mine, 15), "");
	addr_set(&a, 4, (const uint8_t[]){ 0, 0, 0, 0 });
	CU_ASSERT_STRING_EQUAL(addr_fmt(&a, mine, 16), "0.0.0.0");
}

/* addr:port and [v6]:port by hand, held to snprintf, cut short alike. */
static void
test_addr_port_text(void)
{
	static const uint16_t ports[] = { 0, 9, 10, 99, 500, 4500, 65535 };
	static const size_t lens[] = { 1, 2, 5, 10, 17, 21, 48 };
	struct ip_addr a[3];
	char mine[ADDR_STRLEN], want[ADDR_STRLEN], s[ADDR_STRLEN];
	unsigned i, j, k, bad = 0;
	uint8_t v6[16];

	for (i = 0; i < 16; i++)
		v6[i] = (uint8_t)(i * 17);
	addr_set(&a[0], 4, (const uint8_t[]){ 203, 0, 113, 255 });
	addr_set(&a[1], 6, v6);
	memset(&a[2], 0, sizeof(a[2]));		/* unknown family: "?" */
	for (i = 0; i < 3; i++)
		for (j = 0; j < sizeof(ports) / sizeof(ports[0]); j++)
			for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
				addr_fmt(&a[i], s, sizeof(s));
				snprintf(want, lens[k], a[i].family == 6 ?
				    "[%s]:%u" : "%s:%u", s, ports[j]);
				addr_port_fmt(&a[i], ports[j], mine, lens[k]);
				bad += strcmp(mine, want) != 0;
			}
	CU_ASSERT_EQUAL(bad, 0);
}

int
suite_link_ip(void)
{
	static const struct test_def t[] = {
		{ "ethernet", test_ethernet },
		{ "IPv4 addresses in text", test_addr_text },
		{ "addresses with ports in text", test_addr_port_text },
		{ "802.1Q and QinQ", test_vlan_qinq },
		{ "ethernet padding trimmed", test_ethernet_padding },
		{ "linux cooked v1", test_sll },
		{ "linux cooked v2, IPv6", test_sll2 },
		{ "BSD NULL in both byte orders", test_null_both_orders },
		{ "LOOP and raw IP", test_loop_and_raw },
		{ "unknown link type", test_unknown_linktype },
		{ "IPv6 extension headers", test_ip6_extension_headers },
		{ "IPv6 extension chain bounded",
		    test_ip6_extension_chain_bounded },
		{ "IPv4 options, bad header length",
		    test_ip4_options_and_bad_hlen },
		{ "IP length beyond the frame", test_ip_length_beyond_frame },
	};

	return SUITE("link and IP", t);
}
