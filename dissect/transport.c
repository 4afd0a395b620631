/*
 * transport.c: UDP (RFC 768) with the NAT-T demultiplexing of RFC 3948
 * section 2 on port 4500, ESP (RFC 4303 section 2) and AH (RFC 4302
 * section 2) headers.
 *
 * On UDP 4500 the first bytes decide: a single 0xFF byte is a NAT
 * keepalive, four zero bytes (the non-ESP marker, which no ESP SPI can
 * be) precede an IKE message, anything else is ESP.
 */
#include "dissect/dissect.h"
#include "dissect/layers.h"

/* ESP SPIs 1-255 are reserved by IANA (RFC 4303 section 2.1). */
#define ESP_SPI_RESERVED_MAX	255

void
esp_decode(struct cur c, struct pkt *p)
{
	p->esp.len = (uint32_t)cur_left(&c);
	p->esp.raw = cur_ptr(&c);
	p->esp.spi = cur_u32(&c);
	p->esp.have = cur_ok(&c) ? 4 : 0;
	p->esp.seq = cur_u32(&c);
	if (cur_ok(&c))
		p->esp.have = 8;
	if (!cur_ok(&c)) {
		pkt_anomaly(p, ANOM_ESP_SHORT);
		return;
	}
	if (p->esp.spi != 0 && p->esp.spi <= ESP_SPI_RESERVED_MAX)
		pkt_anomaly(p, ANOM_ESP_RESERVED_SPI);
}

void
ah_decode(struct cur c, struct pkt *p)
{
	uint8_t nh, plen;
	size_t hlen;

	p->kind = PK_AH;
	p->has_ah = 1;
	nh = cur_u8(&c);
	plen = cur_u8(&c);
	cur_skip(&c, 2);
	p->ah.spi = cur_u32(&c);
	p->ah.seq = cur_u32(&c);
	p->ah.nh = nh;
	/* Length in 32-bit words minus 2; at least SPI and sequence. */
	hlen = ((size_t)plen + 2) * 4;
	p->ah.hlen = (uint8_t)(hlen > 255 ? 255 : hlen);
	if (!cur_ok(&c) || hlen < 12 || !cur_skip(&c, hlen - 12)) {
		pkt_anomaly(p, ANOM_AH_SHORT);
		return;
	}
	/* AH in transport mode can protect ESP, UDP (IKE) or ICMP. */
	if (nh == IPPROTO_NUM_ESP || nh == IPPROTO_NUM_UDP ||
	    nh == IPPROTO_NUM_ICMP || nh == IPPROTO_NUM_ICMPV6) {
		p->proto = nh;
		l4_decode(c, p);
		if (p->kind == PK_OTHER)
			p->kind = PK_AH;
	}
}

static void
udp_ike(struct cur c, struct pkt *p, int marker)
{
	uint32_t anom = 0;

	p->kind = PK_IKE;
	isakmp_decode(cur_ptr(&c), cur_left(&c), &p->ike, &anom);
	p->ike.nonesp_marker = (uint8_t)marker;
	/* A cut datagram cannot match its own lengths: not the sender's fault. */
	if (p->partial)
		anom &= ~(1u << ANOM_IKE_LEN | 1u << ANOM_IKE_PL_OVERRUN);
	p->anomalies |= anom;
}

/*
 * A datagram between ports 500 and 4500 without a marker: some stacks
 * answer from their port-500 socket to a peer that floated to 4500.  It
 * is IKE when it reads as an ISAKMP header whose length fits exactly.
 */
static int
udp_looks_ike(const struct cur *c)
{
	uint8_t ver = cur_peek_u8(c, 17);

	return cur_left(c) >= 28 && (ver >> 4 == 1 || ver >> 4 == 2) &&
	    cur_peek_u32(c, 24) == cur_left(c);
}

static void
udp_natt(struct cur c, struct pkt *p)
{
	size_t n = cur_left(&c);

	if (n == 1 && cur_peek_u8(&c, 0) == 0xff) {
		p->kind = PK_KEEPALIVE;
		return;
	}
	if (n >= 4 && cur_peek_u32(&c, 0) == 0) {
		cur_skip(&c, 4);
		udp_ike(c, p, 1);
		return;
	}
	if ((p->sport == PORT_IKE || p->dport == PORT_IKE) &&
	    udp_looks_ike(&c)) {
		udp_ike(c, p, 0);
		return;
	}
	p->kind = PK_ESP_UDP;
	esp_decode(c, p);
}

void
udp_decode(struct cur c, struct pkt *p)
{
	uint16_t ulen;
	size_t have = cur_left(&c);

	p->sport = cur_u16(&c);
	p->dport = cur_u16(&c);
	ulen = cur_u16(&c);
	cur_skip(&c, 2);
	if (!cur_ok(&c)) {
		pkt_anomaly(p, ANOM_UDP_SHORT);
		return;
	}
	p->has_udp = 1;
	if (ulen < 8 || (ulen > have && !p->partial))
		pkt_anomaly(p, ANOM_UDP_LEN);
	else if (ulen < have)
		c.len = c.off + (ulen - 8);
	if (p->sport == PORT_NATT || p->dport == PORT_NATT)
		udp_natt(c, p);
	else if (p->sport == PORT_IKE || p->dport == PORT_IKE)
		udp_ike(c, p, 0);
}

void
l4_decode(struct cur c, struct pkt *p)
{
	switch (p->proto) {
	case IPPROTO_NUM_UDP:
		udp_decode(c, p);
		break;
	case IPPROTO_NUM_ESP:
		p->kind = PK_ESP;
		esp_decode(c, p);
		break;
	case IPPROTO_NUM_AH:
		ah_decode(c, p);
		break;
	case IPPROTO_NUM_ICMP:
		icmp_decode(c, p, 0);
		break;
	case IPPROTO_NUM_ICMPV6:
		icmp_decode(c, p, 1);
		break;
	}
}
