/*
 * pkt.h: what the dissector extracts from one frame.
 *
 * A struct pkt is filled by dissect_frame() from the bytes of one frame
 * (or of a datagram reassembled from IP fragments).  Byte ranges are
 * views into the frame or the reassembly buffer, valid until the next
 * call.  The struct is caller-owned and reused: nothing is allocated per
 * packet.
 */
#ifndef IKW_PKT_H
#define IKW_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/addr.h"

enum anomaly {
#define X(e, json, text) e,
#include "dissect/anomaly.def"
#undef X
	ANOM_COUNT
};

/*
 * What decryption with the user's keys made of an encrypted IKE message
 * or an ESP packet.  DEC_NONE: not encrypted, or no key for it.
 */
enum dec_status {
	DEC_NONE = 0,
	DEC_OK,			/* decrypted; the ICV, where there is one, good */
	DEC_INTEGRITY,		/* the ICV does not match: wrong key or damage */
	DEC_MALFORMED,		/* too short, bad length or padding */
	DEC_UNSUPPORTED,	/* an algorithm ikewatch cannot decrypt */
	DEC_NO_STATE,		/* IKEv1: the IV's inputs were not captured */
	DEC_GARBLED,		/* IKEv1 (no ICV): no payload chain came out */
	DEC_STATUS_COUNT
};

/* What the frame carries, as far as ikewatch cares. */
enum pkt_kind {
	PK_OTHER = 0,		/* not IKE/ESP/AH/ICMP about them */
	PK_IKE,			/* ISAKMP on UDP 500 or after a non-ESP marker */
	PK_ESP,			/* IP protocol 50 */
	PK_ESP_UDP,		/* ESP in UDP (RFC 3948) */
	PK_AH,			/* IP protocol 51 without ESP inside */
	PK_KEEPALIVE,		/* NAT-T keepalive: one 0xFF byte */
	PK_ICMP,		/* ICMP/ICMPv6 error quoting IKE, ESP or AH */
	PK_FRAG,		/* an IP fragment held for reassembly */
	PK_KIND_COUNT
};

#define IKE_MAX_PAYLOADS	32

struct ike_payload {
	uint8_t		 type;
	uint8_t		 flags;		/* the byte after next-payload */
	uint16_t	 len;		/* as announced */
	uint32_t	 off;		/* from the start of the IKE header */
};

struct ike_msg {
	uint64_t	 ispi;		/* IKEv1 initiator cookie */
	uint64_t	 rspi;
	uint8_t		 np;		/* first payload */
	uint8_t		 major;
	uint8_t		 minor;
	uint8_t		 exch;
	uint8_t		 flags;
	uint32_t	 msgid;
	uint32_t	 len;		/* header length field */
	uint8_t		 npl;		/* payloads recorded */
	uint8_t		 have_hdr;	/* all 28 header bytes were there */
	uint8_t		 inner_np;	/* first payload inside SK/SKF */
	uint8_t		 encrypted;	/* v1 E flag, or a v2 SK/SKF payload */
	uint8_t		 nonesp_marker;	/* came after the 4 zero bytes */
	uint16_t	 frag_no;	/* SKF: fragment number and total */
	uint16_t	 frag_total;	/* v1: the number, once it is the last */
	uint16_t	 frag_id;	/* v1: the fragment id */
	uint16_t	 fragset_have;	/* numbers of this set seen so far */
	uint16_t	 fragset_total;
	uint8_t		 fragset_complete; /* this piece completed the set */
	/*
	 * With keys (dec == DEC_OK): raw is the message as its receiver
	 * reads it (the header, payloads in clear, then the decrypted ones)
	 * and pl[] lists those payloads; wire keeps the bytes as captured.
	 */
	uint8_t		 dec;		/* enum dec_status */
	uint8_t		 dec_checked;	/* an ICV was there and matched */
	const uint8_t	*wire;
	size_t		 wirelen;
	struct ike_payload pl[IKE_MAX_PAYLOADS];
	const uint8_t	*raw;		/* the IKE message as captured */
	size_t		 rawlen;
};

/* Its payloads can be read: sent in clear, or decrypted with keys. */
static inline int
ike_readable(const struct ike_msg *m)
{
	return !m->encrypted || m->dec == DEC_OK;
}

/* IKE header flag bits. */
#define IKEV1_F_ENC		0x01
#define IKEV1_F_COMMIT		0x02
#define IKEV1_F_AUTH_ONLY	0x04
#define IKEV2_F_INITIATOR	0x08
#define IKEV2_F_VERSION		0x10
#define IKEV2_F_RESPONSE	0x20

struct esp_hdr {
	uint32_t	 spi;
	uint32_t	 seq;
	uint32_t	 len;		/* ESP header + body as captured */
	uint8_t		 have;		/* bytes of SPI+seq captured: 0, 4, 8 */
	const uint8_t	*raw;		/* from the SPI on, len bytes */
	/* With keys: what the packet carries (never its payload). */
	uint8_t		 dec;		/* enum dec_status */
	uint8_t		 dec_checked;	/* an ICV was there and matched */
	uint8_t		 next_header;	/* 4 IPv4, 41 IPv6, 6 TCP, 17 UDP... */
	uint8_t		 has_inner;	/* an inner IP header was read */
	uint8_t		 inner_proto;
	uint8_t		 inner_ports;	/* TCP/UDP: the ports below */
	uint16_t	 inner_sport;
	uint16_t	 inner_dport;
	uint32_t	 inner_len;	/* decrypted payload bytes */
	struct ip_addr	 inner_src;	/* tunnel mode: the inner addresses */
	struct ip_addr	 inner_dst;
};

struct ah_hdr {
	uint8_t		 nh;
	uint8_t		 hlen;		/* in bytes */
	uint32_t	 spi;
	uint32_t	 seq;
};

/* The packet an ICMP error quotes. */
struct icmp_quote {
	uint8_t		 type;
	uint8_t		 code;
	uint8_t		 v6;		/* ICMPv6 */
	uint32_t	 mtu;		/* frag needed / packet too big */
	struct ip_addr	 src;
	struct ip_addr	 dst;
	uint8_t		 proto;
	uint16_t	 sport;
	uint16_t	 dport;
	uint8_t		 has_ports;
	uint8_t		 has_spi;
	uint8_t		 has_ike;	/* quoted IKE SPIs (a quote of 28+ bytes) */
	uint32_t	 spi;		/* quoted ESP/AH SPI */
	uint64_t	 ike_ispi;
	uint64_t	 ike_rspi;
};

struct pkt {
	uint64_t	 frame;		/* 1-based, in capture order */
	int64_t		 ts_sec;
	uint32_t	 ts_nsec;
	uint32_t	 caplen;
	uint32_t	 wirelen;
	uint8_t		 kind;		/* enum pkt_kind */

	uint8_t		 has_mac;	/* Ethernet: the frame's MACs */
	uint8_t		 src_mac[6];
	uint8_t		 dst_mac[6];
	uint8_t		 vlans;		/* 802.1Q / QinQ tags walked */
	uint16_t	 vlan_id[2];

	uint8_t		 has_ip;
	uint8_t		 ip_ver;
	uint8_t		 proto;		/* transport after extension headers */
	uint8_t		 ttl;		/* hop limit for IPv6 */
	struct ip_addr	 src;
	struct ip_addr	 dst;
	uint32_t	 ip_id;
	uint32_t	 frag_off;	/* this fragment's offset, bytes */
	uint8_t		 frag_more;
	uint16_t	 frag_count;	/* >0: reassembled from this many */
	uint64_t	 frag_first;	/* frame of the first fragment */
	uint32_t	 ip_len;	/* datagram length */
	uint8_t		 partial;	/* only part of the datagram is here */
	uint8_t		 frag_inner;	/* PK_FRAG, first piece: what it starts */

	uint8_t		 has_udp;
	uint16_t	 sport;
	uint16_t	 dport;

	struct ike_msg	 ike;
	struct esp_hdr	 esp;
	uint8_t		 has_ah;
	struct ah_hdr	 ah;
	struct icmp_quote icmp;

	uint32_t	 anomalies;	/* bit (1 << enum anomaly) */
};

static inline void
pkt_anomaly(struct pkt *p, enum anomaly a)
{
	p->anomalies |= 1u << a;
}

const char	*anomaly_name(enum anomaly);
const char	*anomaly_text(enum anomaly);
const char	*pkt_kind_name(enum pkt_kind);

#endif
