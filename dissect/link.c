/*
 * link.c: link-layer headers.
 *
 * Ethernet II with any depth of 802.1Q (0x8100), 802.1ad QinQ (0x88a8)
 * and the older 0x9100/0x9200 tags; Linux cooked capture v1 (SLL, 16
 * bytes) and v2 (SLL2, 20 bytes); BSD loopback DLT_NULL (address family
 * in the capturing host's byte order) and DLT_LOOP (network order); raw
 * IP (DLT_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6).  Formats: the tcpdump.org
 * link-layer header type registry.
 */
#include <pcap/dlt.h>

#include <string.h>

#include "dissect/link.h"

#define ETHERTYPE_IPV4		0x0800
#define ETHERTYPE_IPV6		0x86dd
#define ETHERTYPE_VLAN		0x8100
#define ETHERTYPE_QINQ		0x88a8
#define ETHERTYPE_QINQ_OLD1	0x9100
#define ETHERTYPE_QINQ_OLD2	0x9200

/* Tags beyond this are not a real network: give up rather than loop. */
#define LINK_MAX_TAGS		8

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2		276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4		228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6		229
#endif

int
link_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_NULL:
	case DLT_LOOP:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
#if DLT_RAW != 14 && DLT_LOOP != 14
	case 14:		/* DLT_RAW as OpenBSD numbers it */
#endif
		return 1;
	}
	return 0;
}

static int
link_ethertype(uint16_t type)
{
	if (type == ETHERTYPE_IPV4)
		return LINK_NET_IPV4;
	if (type == ETHERTYPE_IPV6)
		return LINK_NET_IPV6;
	return LINK_NET_OTHER;
}

static int
link_is_tag(uint16_t type)
{
	return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ ||
	    type == ETHERTYPE_QINQ_OLD1 || type == ETHERTYPE_QINQ_OLD2;
}

static int
link_ether(struct cur *c, struct pkt *p)
{
	uint16_t type, tci;
	int tags = 0;

	const uint8_t *mac = cur_take(c, 12);	/* destination, source MAC */

	if (mac != NULL) {
		memcpy(p->dst_mac, mac, 6);
		memcpy(p->src_mac, mac + 6, 6);
		p->has_mac = 1;
	}
	type = cur_u16(c);
	while (cur_ok(c) && link_is_tag(type)) {
		if (++tags > LINK_MAX_TAGS)
			return LINK_NET_OTHER;
		tci = cur_u16(c);
		if (p->vlans < 2)
			p->vlan_id[p->vlans] = tci & 0x0fff;
		if (p->vlans < 255)
			p->vlans++;
		type = cur_u16(c);
	}
	if (!cur_ok(c)) {
		pkt_anomaly(p, ANOM_LINK_SHORT);
		return LINK_NET_OTHER;
	}
	return link_ethertype(type);
}

/* BSD address family values for IPv6 differ by OS. */
static int
link_af(uint32_t af)
{
	if (af == 2)
		return LINK_NET_IPV4;
	if (af == 24 || af == 28 || af == 30 || af == 10)
		return LINK_NET_IPV6;
	return LINK_NET_OTHER;
}

static int
link_null(struct cur *c, struct pkt *p)
{
	uint32_t le, be;
	int net;

	if (cur_left(c) < 4) {
		pkt_anomaly(p, ANOM_LINK_SHORT);
		return LINK_NET_OTHER;
	}
	be = cur_peek_u32(c, 0);
	le = cur_u32le(c);
	/* The writer's byte order is unknown: small values tell. */
	net = link_af(le);
	return net != LINK_NET_OTHER ? net : link_af(be);
}

static int
link_raw(struct cur *c, struct pkt *p)
{
	uint8_t v = cur_peek_u8(c, 0) >> 4;

	if (cur_left(c) == 0) {
		pkt_anomaly(p, ANOM_LINK_SHORT);
		return LINK_NET_OTHER;
	}
	return v == 4 ? LINK_NET_IPV4 : v == 6 ? LINK_NET_IPV6 : LINK_NET_OTHER;
}

int
link_decode(int dlt, struct cur *c, struct pkt *p)
{
	uint16_t type;

	switch (dlt) {
	case DLT_EN10MB:
		return link_ether(c, p);
	case DLT_LINUX_SLL:
		/* packet type, ARPHRD, address length, 8 address bytes */
		cur_skip(c, 14);
		type = cur_u16(c);
		break;
	case DLT_LINUX_SLL2:
		type = cur_u16(c);
		cur_skip(c, 18);
		break;
	case DLT_NULL:
		return link_null(c, p);
	case DLT_LOOP:
		if (cur_left(c) < 4) {
			pkt_anomaly(p, ANOM_LINK_SHORT);
			return LINK_NET_OTHER;
		}
		return link_af(cur_u32(c));
	default:
		return link_raw(c, p);
	}
	if (!cur_ok(c)) {
		pkt_anomaly(p, ANOM_LINK_SHORT);
		return LINK_NET_OTHER;
	}
	/* Cooked captures of a VLAN interface keep the tag in the payload. */
	while (link_is_tag(type) && cur_left(c) >= 4) {
		if (p->vlans < 2)
			p->vlan_id[p->vlans] = cur_u16(c) & 0x0fff;
		else
			cur_skip(c, 2);
		p->vlans++;
		type = cur_u16(c);
		if (p->vlans > LINK_MAX_TAGS)
			return LINK_NET_OTHER;
	}
	return link_ethertype(type);
}
