/*
 * peek.c: which ESP SPI a frame carries, at a glance (see peek.h).
 */
#include <string.h>

#include "dissect/bytes.h"
#include "dissect/link.h"
#include "dissect/peek.h"

#define PEEK_NATT_PORT	4500
#define PEEK_PROTO_ESP	50
#define PEEK_PROTO_UDP	17

int
peek_esp(const struct cap_frame *f, struct peek_esp *e)
{
	struct pkt scratch;		/* link_decode's tags; not cleared */
	struct cur c = cur_make(f->data, f->caplen);
	const uint8_t *h;
	int net;
	unsigned proto;

	scratch.vlans = 0;
	scratch.anomalies = 0;
	net = link_decode(f->dlt, &c, &scratch);
	if (net == LINK_NET_IPV4) {
		if ((h = cur_take(&c, 20)) == NULL || h[0] >> 4 != 4 ||
		    (h[0] & 15) < 5 || (h[6] & 0x3f) != 0 || h[7] != 0 ||
		    !cur_skip(&c, (size_t)(h[0] & 15) * 4 - 20))
			return 0;
		proto = h[9];
		addr_set(&e->dst, 4, h + 16);
	} else if (net == LINK_NET_IPV6) {
		if ((h = cur_take(&c, 40)) == NULL || h[0] >> 4 != 6)
			return 0;
		proto = h[6];
		addr_set(&e->dst, 6, h + 24);
	} else
		return 0;
	e->udp = proto == PEEK_PROTO_UDP;
	if (proto == PEEK_PROTO_UDP) {
		if ((h = cur_take(&c, 8)) == NULL ||
		    ((h[0] << 8 | h[1]) != PEEK_NATT_PORT &&
		    (h[2] << 8 | h[3]) != PEEK_NATT_PORT))
			return 0;
	} else if (proto != PEEK_PROTO_ESP)
		return 0;
	/* A zero SPI is the non-ESP marker of IKE on 4500, or no SA. */
	e->spi = cur_u32(&c);
	return cur_ok(&c) && e->spi != 0;
}
