/*
 * helpers.h: build test frames byte by byte, then dissect them.
 *
 * Lengths (IP total/payload length, UDP length, IKE length) are patched
 * by fb_fix() so a test writes only what it means to test.
 */
#ifndef IKW_TEST_HELPERS_H
#define IKW_TEST_HELPERS_H

#include <stdint.h>
#include <string.h>

#include <pcap/dlt.h>

#include "capture/frame.h"
#include "dissect/dissect.h"

struct fb {
	uint8_t		 b[4096];
	size_t		 n;
	size_t		 ip_off;	/* (size_t)-1: none */
	int		 ip_ver;
	size_t		 udp_off;
	size_t		 ike_off;
};

static inline void
fb_init(struct fb *f)
{
	memset(f, 0, sizeof(*f));
	f->ip_off = f->udp_off = f->ike_off = (size_t)-1;
}

static inline void
fb_u8(struct fb *f, uint8_t v)
{
	f->b[f->n++] = v;
}

static inline void
fb_u16(struct fb *f, uint16_t v)
{
	fb_u8(f, (uint8_t)(v >> 8));
	fb_u8(f, (uint8_t)v);
}

static inline void
fb_u32(struct fb *f, uint32_t v)
{
	fb_u16(f, (uint16_t)(v >> 16));
	fb_u16(f, (uint16_t)v);
}

static inline void
fb_u64(struct fb *f, uint64_t v)
{
	fb_u32(f, (uint32_t)(v >> 32));
	fb_u32(f, (uint32_t)v);
}

static inline void
fb_fill(struct fb *f, uint8_t v, size_t n)
{
	memset(f->b + f->n, v, n);
	f->n += n;
}

static inline void
fb_put16(struct fb *f, size_t at, uint16_t v)
{
	f->b[at] = (uint8_t)(v >> 8);
	f->b[at + 1] = (uint8_t)v;
}

static inline void
fb_put32(struct fb *f, size_t at, uint32_t v)
{
	fb_put16(f, at, (uint16_t)(v >> 16));
	fb_put16(f, at + 2, (uint16_t)v);
}

/* Ethernet II with optional tags: tags[i] is a TPID, vids[i] the VLAN. */
static inline void
fb_eth(struct fb *f, uint16_t type, int ntags, const uint16_t *tpid,
    const uint16_t *vid)
{
	int i;

	fb_fill(f, 0x02, 6);
	fb_fill(f, 0x04, 6);
	for (i = 0; i < ntags; i++) {
		fb_u16(f, tpid[i]);
		fb_u16(f, vid[i]);
	}
	fb_u16(f, type);
}

/* IPv4 addresses as 32-bit numbers: 192.0.2.1 is 0xc0000201. */
static inline void
fb_ip4(struct fb *f, uint8_t proto, uint32_t src, uint32_t dst)
{
	f->ip_off = f->n;
	f->ip_ver = 4;
	fb_u8(f, 0x45);
	fb_u8(f, 0);
	fb_u16(f, 0);		/* total length: fb_fix */
	fb_u16(f, 0x1234);
	fb_u16(f, 0);
	fb_u8(f, 64);
	fb_u8(f, proto);
	fb_u16(f, 0);
	fb_u32(f, src);
	fb_u32(f, dst);
}

/* IPv6 2001:db8::<last> */
static inline void
fb_ip6addr(struct fb *f, uint8_t last)
{
	fb_u32(f, 0x20010db8);
	fb_fill(f, 0, 11);
	fb_u8(f, last);
}

static inline void
fb_ip6(struct fb *f, uint8_t nh, uint8_t src, uint8_t dst)
{
	f->ip_off = f->n;
	f->ip_ver = 6;
	fb_u32(f, 0x60000000);
	fb_u16(f, 0);		/* payload length: fb_fix */
	fb_u8(f, nh);
	fb_u8(f, 64);
	fb_ip6addr(f, src);
	fb_ip6addr(f, dst);
}

static inline void
fb_udp(struct fb *f, uint16_t sport, uint16_t dport)
{
	f->udp_off = f->n;
	fb_u16(f, sport);
	fb_u16(f, dport);
	fb_u16(f, 0);
	fb_u16(f, 0);
}

static inline void
fb_ike(struct fb *f, uint64_t ispi, uint64_t rspi, uint8_t np, uint8_t ver,
    uint8_t exch, uint8_t flags, uint32_t msgid)
{
	f->ike_off = f->n;
	fb_u64(f, ispi);
	fb_u64(f, rspi);
	fb_u8(f, np);
	fb_u8(f, ver);
	fb_u8(f, exch);
	fb_u8(f, flags);
	fb_u32(f, msgid);
	fb_u32(f, 0);		/* length: fb_fix */
}

/* A generic payload with a body of n bytes of value fill. */
static inline void
fb_payload(struct fb *f, uint8_t next, size_t n, uint8_t fill)
{
	fb_u8(f, next);
	fb_u8(f, 0);
	fb_u16(f, (uint16_t)(n + 4));
	fb_fill(f, fill, n);
}

static inline void
fb_fix(struct fb *f)
{
	if (f->ike_off != (size_t)-1)
		fb_put32(f, f->ike_off + 24, (uint32_t)(f->n - f->ike_off));
	if (f->udp_off != (size_t)-1)
		fb_put16(f, f->udp_off + 4, (uint16_t)(f->n - f->udp_off));
	if (f->ip_off != (size_t)-1 && f->ip_ver == 4)
		fb_put16(f, f->ip_off + 2, (uint16_t)(f->n - f->ip_off));
	else if (f->ip_off != (size_t)-1)
		fb_put16(f, f->ip_off + 4, (uint16_t)(f->n - f->ip_off - 40));
}

/* Dissect f's first len bytes as a frame of wirelen bytes. */
static inline void
fb_dissect_n(struct dissector *d, const struct fb *f, size_t len,
    size_t wirelen, struct pkt *p)
{
	struct cap_frame fr;

	memset(&fr, 0, sizeof(fr));
	fr.no = 1;
	fr.ts_sec = 1000;
	fr.caplen = (uint32_t)len;
	fr.wirelen = (uint32_t)wirelen;
	fr.data = f->b;
	fr.dlt = dissect_dlt(d);
	dissect_frame(d, &fr, p);
}

static inline void
fb_dissect(struct dissector *d, const struct fb *f, struct pkt *p)
{
	fb_dissect_n(d, f, f->n, f->n, p);
}

static inline int
pkt_has(const struct pkt *p, enum anomaly a)
{
	return (p->anomalies & (1u << a)) != 0;
}

#endif

#ifndef IKW_TEST_HELPERS_IKE
#define IKW_TEST_HELPERS_IKE
#define T_ISPI	0x0102030405060708ULL
#define T_RSPI	0x1112131415161718ULL
#define T_SRC4	0xc000020aU	/* 192.0.2.10 */
#define T_DST4	0xcb007114U	/* 203.0.113.20 */

/* An IKEv2 IKE_SA_INIT request: SA, KE, Nonce. */
static inline void
fb_ike_sa_init(struct fb *f)
{
	fb_ike(f, T_ISPI, 0, 33, 0x20, 34, 0x08, 0);
	fb_payload(f, 34, 8, 0xaa);
	fb_payload(f, 40, 12, 0xbb);
	fb_payload(f, 0, 16, 0xcc);
}

/* Ethernet, IPv4, UDP 500 -> 500, IKE_SA_INIT. */
static inline void
fb_std_ike(struct fb *f)
{
	fb_init(f);
	fb_eth(f, 0x0800, 0, NULL, NULL);
	fb_ip4(f, 17, T_SRC4, T_DST4);
	fb_udp(f, 500, 500);
	fb_ike_sa_init(f);
	fb_fix(f);
}
#endif
