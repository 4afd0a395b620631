/*
 * ip.h: results of the network-layer decoders.
 */
#ifndef IKW_IP_H
#define IKW_IP_H

#include "dissect/bytes.h"
#include "dissect/pkt.h"

#define IP_NONE		0
#define IP_WHOLE	1
#define IP_FRAGMENT	2

/* Walks IPv6 extension headers from next-header nh (also after reassembly). */
int	ip6_walk(struct cur *, uint8_t nh, struct pkt *, struct cur *payload);

#endif
