/*
 * layers.h: the per-layer decoders dissect.c chains together.
 * Internal to dissect/.
 */
#ifndef IKW_LAYERS_H
#define IKW_LAYERS_H

#include "dissect/bytes.h"
#include "dissect/frag.h"
#include "dissect/pkt.h"

#define IPPROTO_NUM_ICMP	1
#define IPPROTO_NUM_UDP		17
#define IPPROTO_NUM_ESP		50
#define IPPROTO_NUM_AH		51
#define IPPROTO_NUM_ICMPV6	58

#define PORT_IKE		500
#define PORT_NATT		4500

/* Network layer: fills addresses; returns the transport payload. */
int	ip4_header(struct cur *, struct pkt *, struct cur *payload);
int	ip6_header(struct cur *, struct pkt *, struct cur *payload);

/* Transport: dispatches on p->proto. */
void	l4_decode(struct cur, struct pkt *);
void	udp_decode(struct cur, struct pkt *);
void	esp_decode(struct cur, struct pkt *);
void	ah_decode(struct cur, struct pkt *);
void	icmp_decode(struct cur, struct pkt *, int v6);

/* The quoted packet inside an ICMP error. */
void	icmp_quote_decode(struct cur, struct icmp_quote *, int v6);

#endif
