/*
 * icmp.c: ICMP (RFC 792, RFC 1191) and ICMPv6 (RFC 4443) errors that
 * quote an IKE, ESP or AH packet.
 *
 * An error carries the IP header of the packet that caused it and at
 * least its first 8 bytes: enough for UDP ports or the ESP/AH SPI, and
 * often (RFC 1812 routers quote up to 576 bytes) the IKE SPIs too.  Such
 * an error proves where a packet died: port unreachable from the peer
 * means no IKE listener, admin prohibited means a filter, fragmentation
 * needed means an MTU problem.
 */
#include "dissect/dissect.h"
#include "dissect/ip.h"
#include "dissect/layers.h"

#define ICMP4_UNREACH		3
#define ICMP4_SOURCEQUENCH	4
#define ICMP4_REDIRECT		5
#define ICMP4_TIMXCEED		11
#define ICMP4_PARAMPROB		12
#define ICMP4_NEEDFRAG_CODE	4

#define ICMP6_UNREACH		1
#define ICMP6_TOOBIG		2
#define ICMP6_TIMXCEED		3
#define ICMP6_PARAMPROB		4

static int
icmp_is_error(uint8_t type, int v6)
{
	if (v6)
		return type >= ICMP6_UNREACH && type <= ICMP6_PARAMPROB;
	return type == ICMP4_UNREACH || type == ICMP4_SOURCEQUENCH ||
	    type == ICMP4_REDIRECT || type == ICMP4_TIMXCEED ||
	    type == ICMP4_PARAMPROB;
}

/* IKE SPIs from a quoted UDP payload, after a marker on 4500. */
static void
icmp_quote_udp(struct cur c, struct icmp_quote *q)
{
	if (q->sport == PORT_NATT || q->dport == PORT_NATT) {
		if (cur_left(&c) >= 4 && cur_peek_u32(&c, 0) == 0)
			cur_skip(&c, 4);
		else if (cur_left(&c) >= 8) {
			q->spi = cur_u32(&c);
			q->has_spi = cur_ok(&c);
			return;
		} else
			return;
	} else if (q->sport != PORT_IKE && q->dport != PORT_IKE)
		return;
	q->ike_ispi = cur_u64(&c);
	q->ike_rspi = cur_u64(&c);
	q->has_ike = cur_ok(&c);
}

void
icmp_quote_decode(struct cur c, struct icmp_quote *q, int v6)
{
	struct pkt inner = { 0 };
	struct cur pl;
	int r;

	/* The quote is often cut: its lengths describe the original. */
	inner.caplen = 0;
	inner.wirelen = 1;
	r = v6 ? ip6_header(&c, &inner, &pl) : ip4_header(&c, &inner, &pl);
	if (!inner.has_ip)
		return;
	q->src = inner.src;
	q->dst = inner.dst;
	q->proto = inner.proto;
	if (r != IP_WHOLE && !(r == IP_FRAGMENT && inner.frag_off == 0))
		return;
	switch (inner.proto) {
	case IPPROTO_NUM_UDP:
		q->sport = cur_u16(&pl);
		q->dport = cur_u16(&pl);
		cur_skip(&pl, 4);
		q->has_ports = cur_ok(&pl);
		if (q->has_ports)
			icmp_quote_udp(pl, q);
		break;
	case IPPROTO_NUM_ESP:
		q->spi = cur_u32(&pl);
		q->has_spi = cur_ok(&pl);
		break;
	case IPPROTO_NUM_AH:
		cur_skip(&pl, 4);
		q->spi = cur_u32(&pl);
		q->has_spi = cur_ok(&pl);
		break;
	}
}

static int
icmp_about_ipsec(const struct icmp_quote *q)
{
	if (q->proto == IPPROTO_NUM_ESP || q->proto == IPPROTO_NUM_AH)
		return 1;
	return q->has_ports && (q->sport == PORT_IKE || q->dport == PORT_IKE ||
	    q->sport == PORT_NATT || q->dport == PORT_NATT);
}

void
icmp_decode(struct cur c, struct pkt *p, int v6)
{
	struct icmp_quote *q = &p->icmp;
	uint8_t type, code;
	uint32_t rest;

	type = cur_u8(&c);
	code = cur_u8(&c);
	cur_skip(&c, 2);
	rest = cur_u32(&c);
	if (!cur_ok(&c) || !icmp_is_error(type, v6))
		return;
	q->type = type;
	q->code = code;
	q->v6 = (uint8_t)v6;
	if (v6 && type == ICMP6_TOOBIG)
		q->mtu = rest;
	else if (!v6 && type == ICMP4_UNREACH && code == ICMP4_NEEDFRAG_CODE)
		q->mtu = rest & 0xffff;
	icmp_quote_decode(c, q, v6);
	if (q->src.family == 0) {
		pkt_anomaly(p, ANOM_ICMP_SHORT);
		return;
	}
	if (icmp_about_ipsec(q))
		p->kind = PK_ICMP;
}
