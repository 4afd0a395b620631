/*
 * test_natd.c: NAT detection hashes (diag/natd.c) in messages built byte
 * by byte, with the hashes a peer would compute: both ends as seen, a
 * faked source hash, a NAT in front of the sender, IPv6, IKEv1 with each
 * phase 1 hash length, lengths no hash has, and every message cut at
 * every length.  natd_hash itself is held to known answers computed
 * apart (Python hashlib), so the other tests are not circular.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/natd.h"
#include "dissect/names.h"
#include "dissect/registry.h"
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"

#define T_NAT4		0xcb007101U	/* 203.0.113.1 */
#define N_SRC		IKEV2_N_NAT_DETECTION_SOURCE_IP
#define N_DST		IKEV2_N_NAT_DETECTION_DESTINATION_IP

static struct dissector *d;

/* The packet's two ends, as the capture point sees them. */
struct ends {
	struct ip_addr	 src;
	struct ip_addr	 dst;
	uint16_t	 sport;
	uint16_t	 dport;
};

static struct ip_addr
ip4(uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };
	struct ip_addr a;

	addr_set(&a, 4, b);
	return a;
}

/* 2001:db8::<last>, as fb_ip6addr writes it. */
static struct ip_addr
ip6(uint8_t last)
{
	uint8_t b[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct ip_addr a;

	b[15] = last;
	addr_set(&a, 6, b);
	return a;
}

static struct ends
ends_make(struct ip_addr src, struct ip_addr dst, uint16_t sport,
    uint16_t dport)
{
	struct ends e;

	e.src = src;
	e.dst = dst;
	e.sport = sport;
	e.dport = dport;
	return e;
}

static uint32_t
ip4_u32(const struct ip_addr *a)
{
	return (uint32_t)a->a[0] << 24 | (uint32_t)a->a[1] << 16 |
	    (uint32_t)a->a[2] << 8 | a->a[3];
}

/* Ethernet, IP, UDP and, on 4500, the non-ESP marker. */
static void
put_head(struct fb *f, const struct ends *e)
{
	fb_init(f);
	if (e->src.family == 6) {
		fb_eth(f, 0x86dd, 0, NULL, NULL);
		fb_ip6(f, 17, e->src.a[15], e->dst.a[15]);
	} else {
		fb_eth(f, 0x0800, 0, NULL, NULL);
		fb_ip4(f, 17, ip4_u32(&e->src), ip4_u32(&e->dst));
	}
	fb_udp(f, e->sport, e->dport);
	if (e->sport == 4500 || e->dport == 4500)
		fb_u32(f, 0);
}

static void
put_bytes(struct fb *f, const uint8_t *b, size_t n)
{
	memcpy(f->b + f->n, b, n);
	f->n += n;
}

/* An IKEv2 Notify about the IKE SA (protocol 0, no SPI). */
static void
put_notify(struct fb *f, uint8_t next, uint16_t type, const uint8_t *data,
    size_t len)
{
	fb_u8(f, next);
	fb_u8(f, 0);
	fb_u16(f, (uint16_t)(8 + len));
	fb_u8(f, 0);
	fb_u8(f, 0);
	fb_u16(f, type);
	put_bytes(f, data, len);
}

/* An IKEv1 NAT-D payload (type 20 or 130 is the previous one's say). */
static void
put_natd(struct fb *f, uint8_t next, const uint8_t *hash, size_t len)
{
	fb_u8(f, next);
	fb_u8(f, 0);
	fb_u16(f, (uint16_t)(4 + len));
	put_bytes(f, hash, len);
}

/* What a peer that saw (a, port) puts in the message. */
static void
hash_of(uint64_t rspi, const struct ip_addr *a, uint16_t port, size_t len,
    uint8_t *out)
{
	CU_ASSERT_EQUAL_FATAL(natd_hash(T_ISPI, rspi, a, port, len, out), 0);
}

/*
 * IKEv2 IKE_SA_INIT (request when rspi is 0, else response): SA, an
 * unrelated status notify, the source hashes, the destination hash.
 */
static void
build_v2(struct fb *f, const struct ends *e, uint64_t rspi,
    const uint8_t (*src)[NATD_HASH_MAX], int nsrc, const uint8_t *dst,
    size_t len)
{
	static const uint8_t none[1];
	int i;

	put_head(f, e);
	fb_ike(f, T_ISPI, rspi, IKEV2_P_SA, 0x20, 34, rspi ? 0x20 : 0x08, 0);
	fb_payload(f, IKEV2_P_N, 8, 0xaa);
	/* IKEV2_FRAGMENTATION_SUPPORTED: not a hash, not counted. */
	put_notify(f, IKEV2_P_N, 16430, none, 0);
	for (i = 0; i < nsrc; i++)
		put_notify(f, IKEV2_P_N, N_SRC, src[i], len);
	put_notify(f, 0, N_DST, dst, len);
	fb_fix(f);
}

/* IKEv1 Main Mode MM3/MM4: KE, Nonce, then the NAT-D payloads in order. */
static void
build_v1(struct fb *f, const struct ends *e, uint8_t type,
    const uint8_t (*h)[NATD_HASH_MAX], int nh, size_t len)
{
	int i;

	put_head(f, e);
	fb_ike(f, T_ISPI, T_RSPI, IKEV1_P_KE, 0x10, 2, 0, 0);
	fb_payload(f, IKEV1_P_NONCE, 16, 0xbb);
	fb_payload(f, type, 16, 0xcc);
	for (i = 0; i < nh; i++)
		put_natd(f, i + 1 < nh ? type : 0, h[i], len);
	fb_fix(f);
}

/*
 * Dissects the first len bytes of f from a copy of exactly that size,
 * so the sanitizers catch any read past the capture, and checks it.
 * wire: the datagram's length on the wire (len: it ends there).
 */
static int
check_n(const struct fb *f, size_t len, size_t wire, struct natd_result *r)
{
	struct cap_frame fr;
	struct pkt p;
	uint8_t *copy;
	int rc;

	if (d == NULL) {
		char err[128];

		d = dissect_new(DLT_EN10MB, err, sizeof(err));
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	copy = malloc(len > 0 ? len : 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	memcpy(copy, f->b, len);
	memset(&fr, 0, sizeof(fr));
	fr.no = 1;
	fr.ts_sec = 1000;
	fr.caplen = (uint32_t)len;
	fr.wirelen = (uint32_t)wire;
	fr.data = copy;
	fr.dlt = dissect_dlt(d);
	dissect_frame(d, &fr, &p);
	rc = natd_check(&p, r);
	free(copy);
	return rc;
}

static int
check(const struct fb *f, struct natd_result *r)
{
	return check_n(f, f->n, f->n, r);
}

#define RESULT(r, dp, dm, sc, sm, uh) do {				\
	CU_ASSERT_EQUAL((r).present, 1);				\
	CU_ASSERT_EQUAL((r).dst_present, (dp));				\
	CU_ASSERT_EQUAL((r).dst_match, (dm));				\
	CU_ASSERT_EQUAL((r).src_count, (sc));				\
	CU_ASSERT_EQUAL((r).src_match, (sm));				\
	CU_ASSERT_EQUAL((r).unknown_hash, (uh));			\
} while (0)

static int
hex_eq(const uint8_t *b, size_t n, const char *hex)
{
	char s[2 * NATD_HASH_MAX + 1];
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	s[2 * n] = '\0';
	return strcmp(s, hex) == 0;
}

static void
test_hash_known_answers(void)
{
	struct ip_addr a = ip4(T_SRC4), b = ip4(T_DST4), c = ip6(1), none;
	uint8_t h[NATD_HASH_MAX];

	/* SHA-1(SPIi | 0 | 192.0.2.10 | 500): an IKE_SA_INIT request. */
	CU_ASSERT_EQUAL(natd_hash(T_ISPI, 0, &a, 500, 20, h), 0);
	CU_ASSERT_TRUE(hex_eq(h, 20,
	    "9cdaf8713cea81e287d3c0bacb7db468691dfe58"));
	/* MD5(CKY-I | CKY-R | 2001:db8::1 | 4500). */
	CU_ASSERT_EQUAL(natd_hash(T_ISPI, T_RSPI, &c, 4500, 16, h), 0);
	CU_ASSERT_TRUE(hex_eq(h, 16, "e5260aa55cc9f93fe6d7a130156be12f"));
	/* SHA2-256(CKY-I | CKY-R | 203.0.113.20 | 500). */
	CU_ASSERT_EQUAL(natd_hash(T_ISPI, T_RSPI, &b, 500, 32, h), 0);
	CU_ASSERT_TRUE(hex_eq(h, 32, "4d85663deb13cd90d3c5b755a25211ca"
	    "9f222e3b7429848b60bb53c7553c0198"));
	CU_ASSERT_EQUAL(natd_hash(T_ISPI, T_RSPI, &b, 500, 48, h), 0);
	CU_ASSERT_EQUAL(natd_hash(T_ISPI, T_RSPI, &b, 500, 64, h), 0);
	CU_ASSERT_EQUAL(natd_hash(T_ISPI, T_RSPI, &b, 500, 17, h), -1);
	CU_ASSERT_EQUAL(natd_hash(T_ISPI, T_RSPI, &b, 500, 0, h), -1);
	memset(&none, 0, sizeof(none));
	CU_ASSERT_EQUAL(natd_hash(T_ISPI, T_RSPI, &none, 500, 20, h), -1);
}

static void
test_v2_init_both_match(void)
{
	struct ends e = ends_make(ip4(T_SRC4), ip4(T_DST4), 500, 500);
	uint8_t src[1][NATD_HASH_MAX], dst[NATD_HASH_MAX];
	struct natd_result r;
	struct fb f;

	/* The request's SPIr is zero, and so it is in the hash. */
	hash_of(0, &e.src, e.sport, 20, src[0]);
	hash_of(0, &e.dst, e.dport, 20, dst);
	build_v2(&f, &e, 0, src, 1, dst, 20);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 1, 1, 1, 0);
}

static void
test_v2_faked_source(void)
{
	struct ends e = ends_make(ip4(T_SRC4), ip4(T_DST4), 500, 500);
	uint8_t src[2][NATD_HASH_MAX], dst[NATD_HASH_MAX];
	struct natd_result r;
	struct fb f;

	/* strongSwan forcing encapsulation: random bytes. */
	memcpy(src[0], "\x3f\x91\x0c\x7e\xd2\x55\x18\xa0\x6b\xe4"
	    "\x90\x2d\x71\xc8\x0f\x36\x5a\xbb\x04\xe9", 20);
	hash_of(0, &e.dst, e.dport, 20, dst);
	build_v2(&f, &e, 0, src, 1, dst, 20);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 1, 1, 0, 0);

	/* Several local addresses: one of them is the one seen. */
	hash_of(0, &e.src, e.sport, 20, src[1]);
	build_v2(&f, &e, 0, src, 2, dst, 20);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 1, 2, 1, 0);
}

static void
test_v2_nat_destination(void)
{
	/* The responder's answer on 4500, to an initiator behind a NAT. */
	struct ends e = ends_make(ip4(T_DST4), ip4(T_SRC4), 4500, 4500);
	struct ip_addr nat = ip4(T_NAT4);
	uint8_t src[1][NATD_HASH_MAX], dst[NATD_HASH_MAX];
	struct natd_result r;
	struct fb f;

	hash_of(T_RSPI, &e.src, e.sport, 20, src[0]);
	hash_of(T_RSPI, &nat, 4500, 20, dst);
	build_v2(&f, &e, T_RSPI, src, 1, dst, 20);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 0, 1, 1, 0);

	/* The address seen but the port before the float: the port counts. */
	hash_of(T_RSPI, &e.dst, 500, 20, dst);
	build_v2(&f, &e, T_RSPI, src, 1, dst, 20);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 0, 1, 1, 0);

	/* And the port seen (4500, the marker not hashed): a match. */
	hash_of(T_RSPI, &e.dst, 4500, 20, dst);
	build_v2(&f, &e, T_RSPI, src, 1, dst, 20);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 1, 1, 1, 0);
}

static void
test_v2_ipv6(void)
{
	struct ends e = ends_make(ip6(1), ip6(2), 500, 500);
	struct ip_addr other = ip6(3);
	uint8_t src[1][NATD_HASH_MAX], dst[NATD_HASH_MAX];
	struct natd_result r;
	struct fb f;

	hash_of(0, &e.src, e.sport, 20, src[0]);
	hash_of(0, &e.dst, e.dport, 20, dst);
	build_v2(&f, &e, 0, src, 1, dst, 20);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 1, 1, 1, 0);

	hash_of(0, &other, e.dport, 20, dst);
	build_v2(&f, &e, 0, src, 1, dst, 20);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 0, 1, 1, 0);
}

static void
test_v2_wrong_length(void)
{
	struct ends e = ends_make(ip4(T_SRC4), ip4(T_DST4), 500, 500);
	uint8_t src[1][NATD_HASH_MAX], dst[NATD_HASH_MAX];
	struct natd_result r;
	struct fb f;

	/* An MD5 of the right input is still no IKEv2 hash. */
	CU_ASSERT_EQUAL(natd_hash(T_ISPI, 0, &e.src, 500, 16, src[0]), 0);
	CU_ASSERT_EQUAL(natd_hash(T_ISPI, 0, &e.dst, 500, 16, dst), 0);
	build_v2(&f, &e, 0, src, 1, dst, 16);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 0, 1, 0, 1);
}

static void
test_v1_mm3_sha1(void)
{
	struct ends e = ends_make(ip4(T_SRC4), ip4(T_DST4), 500, 500);
	uint8_t h[2][NATD_HASH_MAX];
	struct natd_result r;
	struct fb f;

	/* RFC 3947 3.2: the remote end (destination) first. */
	hash_of(T_RSPI, &e.dst, e.dport, 20, h[0]);
	hash_of(T_RSPI, &e.src, e.sport, 20, h[1]);
	build_v1(&f, &e, IKEV1_P_NAT_D, h, 2, 20);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 1, 1, 1, 0);

	/* The other order matches neither: order is what names them. */
	hash_of(T_RSPI, &e.src, e.sport, 20, h[0]);
	hash_of(T_RSPI, &e.dst, e.dport, 20, h[1]);
	build_v1(&f, &e, IKEV1_P_NAT_D, h, 2, 20);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 0, 1, 0, 0);
}

static void
test_v1_hash_lengths(void)
{
	static const size_t len[] = { 16, 20, 32, 48, 64 };
	struct ends e = ends_make(ip4(T_DST4), ip4(T_SRC4), 500, 500);
	struct ip_addr nat = ip4(T_NAT4);
	uint8_t h[3][NATD_HASH_MAX];
	struct natd_result r;
	struct fb f;
	size_t i;

	for (i = 0; i < sizeof(len) / sizeof(len[0]); i++) {
		hash_of(T_RSPI, &e.dst, e.dport, len[i], h[0]);
		hash_of(T_RSPI, &e.src, e.sport, len[i], h[1]);
		build_v1(&f, &e, IKEV1_P_NAT_D, h, 2, len[i]);
		CU_ASSERT_EQUAL(check(&f, &r), 1);
		RESULT(r, 1, 1, 1, 1, 0);
	}
	/* MM4 through a NAT, SHA2-256, with the draft payload number. */
	hash_of(T_RSPI, &nat, 500, 32, h[0]);
	memset(h[1], 0x5a, 32);
	hash_of(T_RSPI, &e.src, e.sport, 32, h[2]);
	build_v1(&f, &e, IKEV1_P_NAT_D_DRAFT, h, 3, 32);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 0, 2, 1, 0);
}

static void
test_v1_unknown_length(void)
{
	struct ends e = ends_make(ip4(T_SRC4), ip4(T_DST4), 500, 500);
	uint8_t h[2][NATD_HASH_MAX];
	struct natd_result r;
	struct fb f;

	memset(h, 0x17, sizeof(h));
	build_v1(&f, &e, IKEV1_P_NAT_D, h, 2, 17);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 0, 1, 0, 1);
}

static void
test_no_natd(void)
{
	struct natd_result r;
	struct pkt p;
	struct fb f;

	fb_std_ike(&f);
	CU_ASSERT_EQUAL(check(&f, &r), 0);
	CU_ASSERT_EQUAL(r.present, 0);
	CU_ASSERT_EQUAL(r.dst_present, 0);
	CU_ASSERT_EQUAL(r.src_count, 0);
	/* Encrypted IKEv1: the NAT-D, if any, cannot be seen. */
	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 17, T_SRC4, T_DST4);
	fb_udp(&f, 500, 500);
	fb_ike(&f, T_ISPI, T_RSPI, IKEV1_P_NAT_D, 0x10, 2, IKEV1_F_ENC, 0);
	fb_fill(&f, 0x77, 48);
	fb_fix(&f);
	CU_ASSERT_EQUAL(check(&f, &r), 0);
	memset(&p, 0, sizeof(p));
	p.kind = PK_ESP_UDP;
	CU_ASSERT_EQUAL(natd_check(&p, &r), 0);
}

/* A length that runs past the message: that payload is not compared. */
static void
test_v1_length_lies(void)
{
	struct ends e = ends_make(ip4(T_SRC4), ip4(T_DST4), 500, 500);
	uint8_t h[2][NATD_HASH_MAX];
	struct natd_result r;
	struct fb f;

	hash_of(T_RSPI, &e.dst, e.dport, 20, h[0]);
	hash_of(T_RSPI, &e.src, e.sport, 20, h[1]);
	build_v1(&f, &e, IKEV1_P_NAT_D, h, 2, 20);
	fb_put16(&f, f.n - 24 + 2, 24 + 8);
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 1, 0, 0, 0);

	/* The header ends the message inside the last NAT-D: the same. */
	build_v1(&f, &e, IKEV1_P_NAT_D, h, 2, 20);
	fb_put32(&f, f.ike_off + 24, (uint32_t)(f.n - f.ike_off - 10));
	CU_ASSERT_EQUAL(check(&f, &r), 1);
	RESULT(r, 1, 1, 0, 0, 0);
}

/* Every prefix, cut by the snapshot and as a short datagram. */
static void
every_cut(const struct fb *f)
{
	struct natd_result full, r;
	size_t len;
	int pass;

	CU_ASSERT_EQUAL_FATAL(check(f, &full), 1);
	for (len = 0; len <= f->n; len++)
		for (pass = 0; pass < 2; pass++) {
			check_n(f, len, pass ? len : f->n, &r);
			/* A cut never invents what the whole had not. */
			CU_ASSERT(r.present <= full.present);
			CU_ASSERT(r.dst_match <= full.dst_match);
			CU_ASSERT(r.src_match <= full.src_match);
			CU_ASSERT(r.src_count <= full.src_count);
			CU_ASSERT(r.dst_match <= r.dst_present);
			CU_ASSERT(r.unknown_hash == 0);
			if (len == f->n)
				CU_ASSERT(memcmp(&r, &full, sizeof(r)) == 0);
		}
}

static void
test_truncated(void)
{
	struct ends e = ends_make(ip4(T_SRC4), ip4(T_DST4), 4500, 4500);
	uint8_t h[2][NATD_HASH_MAX];
	struct fb f;

	hash_of(T_RSPI, &e.src, e.sport, 20, h[0]);
	hash_of(T_RSPI, &e.dst, e.dport, 20, h[1]);
	build_v2(&f, &e, T_RSPI, h, 1, h[1], 20);
	every_cut(&f);
	hash_of(T_RSPI, &e.dst, e.dport, 32, h[0]);
	hash_of(T_RSPI, &e.src, e.sport, 32, h[1]);
	build_v1(&f, &e, IKEV1_P_NAT_D, h, 2, 32);
	every_cut(&f);
}

static void
test_teardown(void)
{
	dissect_free(d);
	d = NULL;
}

int
suite_natd(void)
{
	static const struct test_def t[] = {
		{ "natd_hash known answers", test_hash_known_answers },
		{ "IKEv2 IKE_SA_INIT, both ends match",
		    test_v2_init_both_match },
		{ "IKEv2 faked source hash", test_v2_faked_source },
		{ "IKEv2 destination hash of a NAT", test_v2_nat_destination },
		{ "IKEv2 over IPv6", test_v2_ipv6 },
		{ "IKEv2 hash of the wrong length", test_v2_wrong_length },
		{ "IKEv1 MM3 with SHA-1, remote first", test_v1_mm3_sha1 },
		{ "IKEv1 every hash length, draft type", test_v1_hash_lengths },
		{ "IKEv1 hash of no known length", test_v1_unknown_length },
		{ "no NAT-D to see", test_no_natd },
		{ "IKEv1 NAT-D length past the message", test_v1_length_lies },
		{ "every cut", test_truncated },
		{ "teardown", test_teardown },
	};

	return SUITE("NAT detection hashes", t);
}
