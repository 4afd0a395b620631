/*
 * link.h: link-layer headers down to the network layer.
 */
#ifndef IKW_LINK_H
#define IKW_LINK_H

#include "dissect/bytes.h"
#include "dissect/pkt.h"

/* What link_decode found under the link header. */
#define LINK_NET_OTHER	0
#define LINK_NET_IPV4	4
#define LINK_NET_IPV6	6

/* Nonzero when ikewatch reads this DLT_ value. */
int	link_supported(int dlt);
/* Walks the link header; c is left at the network header. */
int	link_decode(int dlt, struct cur *c, struct pkt *p);

#endif
