/*
 * ip.c: IPv4 (RFC 791) and IPv6 (RFC 8200) headers, IPv6 extension
 * headers walked to the transport protocol.
 *
 * Returns of ip4_header/ip6_header: IP_WHOLE with *payload over the
 * transport bytes, IP_FRAGMENT with *payload over the fragment's bytes
 * and p->frag_off / p->frag_more / p->ip_id set, or IP_NONE.
 */
#include "dissect/layers.h"
#include "dissect/ip.h"

/* IPv6 extension headers that share the (next header, length) form. */
#define IP6_HOPOPTS	0
#define IP6_ROUTING	43
#define IP6_FRAGMENT	44
#define IP6_NONXT	59
#define IP6_DSTOPTS	60
#define IP6_MOBILITY	135
#define IP6_HIP		139
#define IP6_SHIM6	140
#define IP6_EXP1	253
#define IP6_EXP2	254

/* A chain longer than this is an attack, not a network. */
#define IP6_MAX_EXT	16

/*
 * Trim the datagram to its announced length (Ethernet pads short frames)
 * and note a length the frame cannot hold unless the snaplen cut it.
 */
static void
ip_trim(struct cur *c, size_t want, struct pkt *p)
{
	if (want <= cur_left(c)) {
		c->len = c->off + want;
		return;
	}
	if (!p->partial)
		pkt_anomaly(p, ANOM_IP_LEN);
}

int
ip4_header(struct cur *c, struct pkt *p, struct cur *payload)
{
	uint8_t vihl, ttl, proto;
	uint16_t total, fragw;
	size_t hlen;
	const uint8_t *src, *dst;

	vihl = cur_u8(c);
	cur_skip(c, 1);
	total = cur_u16(c);
	p->ip_id = cur_u16(c);
	fragw = cur_u16(c);
	ttl = cur_u8(c);
	proto = cur_u8(c);
	cur_skip(c, 2);
	src = cur_take(c, 4);
	dst = cur_take(c, 4);
	if (!cur_ok(c) || (vihl >> 4) != 4) {
		pkt_anomaly(p, ANOM_IP_SHORT);
		return IP_NONE;
	}
	p->has_ip = 1;
	p->ip_ver = 4;
	p->ttl = ttl;
	p->proto = proto;
	addr_set(&p->src, 4, src);
	addr_set(&p->dst, 4, dst);
	hlen = (size_t)(vihl & 0x0f) * 4;
	if (hlen < 20) {
		pkt_anomaly(p, ANOM_IP_BAD_HLEN);
		return IP_NONE;
	}
	if (total < hlen) {
		pkt_anomaly(p, ANOM_IP_LEN);
		return IP_NONE;
	}
	p->ip_len = total;
	ip_trim(c, total - 20, p);
	if (!cur_skip(c, hlen - 20)) {
		pkt_anomaly(p, ANOM_IP_SHORT);
		return IP_NONE;
	}
	*payload = cur_rest(c);
	p->frag_off = (uint32_t)(fragw & 0x1fff) * 8;
	p->frag_more = (fragw & 0x2000) != 0;
	return (p->frag_off || p->frag_more) ? IP_FRAGMENT : IP_WHOLE;
}

static int
ip6_is_ext(uint8_t nh)
{
	switch (nh) {
	case IP6_HOPOPTS:
	case IP6_ROUTING:
	case IP6_DSTOPTS:
	case IP6_MOBILITY:
	case IP6_HIP:
	case IP6_SHIM6:
	case IP6_EXP1:
	case IP6_EXP2:
		return 1;
	}
	return 0;
}

int
ip6_walk(struct cur *c, uint8_t nh, struct pkt *p, struct cur *payload)
{
	int n;
	uint8_t len;
	uint16_t offw;

	for (n = 0; n < IP6_MAX_EXT; n++) {
		if (ip6_is_ext(nh)) {
			uint8_t next = cur_u8(c);

			len = cur_u8(c);
			cur_skip(c, (size_t)len * 8 + 6);
			if (!cur_ok(c)) {
				pkt_anomaly(p, ANOM_IP6_EXT);
				return IP_NONE;
			}
			nh = next;
			continue;
		}
		if (nh == IP6_FRAGMENT) {
			nh = cur_u8(c);
			cur_skip(c, 1);
			offw = cur_u16(c);
			p->ip_id = cur_u32(c);
			if (!cur_ok(c)) {
				pkt_anomaly(p, ANOM_IP6_EXT);
				return IP_NONE;
			}
			p->proto = nh;
			p->frag_off = (uint32_t)(offw & 0xfff8);
			p->frag_more = offw & 1;
			*payload = cur_rest(c);
			/* An atomic fragment (RFC 6946) is a whole datagram. */
			if (p->frag_off == 0 && !p->frag_more)
				return ip6_walk(payload, nh, p, payload);
			return IP_FRAGMENT;
		}
		p->proto = nh;
		*payload = cur_rest(c);
		return nh == IP6_NONXT ? IP_NONE : IP_WHOLE;
	}
	pkt_anomaly(p, ANOM_IP6_EXT);
	return IP_NONE;
}

int
ip6_header(struct cur *c, struct pkt *p, struct cur *payload)
{
	uint32_t vtf;
	uint16_t plen;
	uint8_t nh, hlim;
	const uint8_t *src, *dst;

	vtf = cur_u32(c);
	plen = cur_u16(c);
	nh = cur_u8(c);
	hlim = cur_u8(c);
	src = cur_take(c, 16);
	dst = cur_take(c, 16);
	if (!cur_ok(c) || (vtf >> 28) != 6) {
		pkt_anomaly(p, ANOM_IP_SHORT);
		return IP_NONE;
	}
	p->has_ip = 1;
	p->ip_ver = 6;
	p->ttl = hlim;
	addr_set(&p->src, 6, src);
	addr_set(&p->dst, 6, dst);
	/* A zero payload length means a jumbogram: take the frame. */
	if (plen != 0)
		ip_trim(c, plen, p);
	p->ip_len = (uint32_t)(40 + (plen ? plen : cur_left(c)));
	return ip6_walk(c, nh, p, payload);
}
