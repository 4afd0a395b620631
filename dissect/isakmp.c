/*
 * isakmp.c: the ISAKMP header (RFC 2408 section 3.1, RFC 7296 section
 * 3.1) and the generic payload chain (RFC 2408 section 3.2, RFC 7296
 * section 3.2) for both IKE versions.
 *
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Initiator SPI (IKEv1: cookie)                 |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Responder SPI (IKEv1: cookie)                 |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Message ID                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Length                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Each payload starts with next payload (1), a flags/reserved byte (1)
 * and a length (2) that includes these four bytes.  The chain is walked
 * by lengths within the message; a length below 4 would loop forever
 * and ends the walk.  An IKEv1 message with the E flag is encrypted
 * after the header; an IKEv2 SK or SKF payload is the last one and its
 * next-payload field names the first payload inside it.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/bytes.h"
#include "dissect/names.h"

#define IKE_HDR_LEN		28
#define IKEV1_FLAGS_RESERVED	0xf8
#define IKEV2_FLAGS_RESERVED	0xc7
#define IKEV2_PL_CRITICAL	0x80

static void
isakmp_anom(uint32_t *a, enum anomaly x)
{
	*a |= 1u << x;
}

/* SKF (RFC 7383 section 2.5) and the Cisco IKEv1 fragment payload. */
static void
isakmp_frag_fields(struct ike_msg *m, int v, uint8_t type, struct cur body)
{
	if (v == 2 && type == IKEV2_P_SKF) {
		m->frag_no = cur_u16(&body);
		m->frag_total = cur_u16(&body);
	} else if (v == 1 && type == IKEV1_P_FRAG) {
		uint8_t no, fl;

		m->frag_id = cur_u16(&body);
		no = cur_u8(&body);
		fl = cur_u8(&body);
		m->frag_no = no;
		m->frag_total = (fl & 1) ? no : 0;	/* known once last */
	}
}

static void
isakmp_walk(struct cur c, struct ike_msg *m, uint32_t *anom)
{
	int v = m->major;
	uint8_t np = m->np, next, flags;
	uint16_t plen;
	struct cur body;

	while (np != 0) {
		if (cur_left(&c) < 4) {
			isakmp_anom(anom, ANOM_IKE_PL_OVERRUN);
			return;
		}
		next = cur_u8(&c);
		flags = cur_u8(&c);
		plen = cur_u16(&c);
		if (plen < 4) {
			isakmp_anom(anom, ANOM_IKE_PL_SHORT);
			return;
		}
		if (m->npl < IKE_MAX_PAYLOADS) {
			struct ike_payload *pl = &m->pl[m->npl++];

			pl->type = np;
			pl->flags = flags;
			pl->len = plen;
			pl->off = (uint32_t)(c.off - 4 + IKE_HDR_LEN);
		} else
			isakmp_anom(anom, ANOM_IKE_PL_MANY);
		if (!ike_payload_known(v, np))
			isakmp_anom(anom, ANOM_IKE_PL_UNKNOWN);
		if (v == 1 ? flags != 0 : (flags & ~IKEV2_PL_CRITICAL) != 0)
			isakmp_anom(anom, ANOM_IKE_RESERVED);
		/* Known from the header alone, even when the body is cut. */
		if (v == 2 && (np == IKEV2_P_SK || np == IKEV2_P_SKF)) {
			m->encrypted = 1;
			m->inner_np = next;
		}
		body = cur_sub(&c, plen - 4u);
		if (!cur_ok(&c)) {
			isakmp_anom(anom, ANOM_IKE_PL_OVERRUN);
			isakmp_frag_fields(m, v, np, body);
			return;
		}
		isakmp_frag_fields(m, v, np, body);
		if (v == 2 && (np == IKEV2_P_SK || np == IKEV2_P_SKF)) {
			if (cur_left(&c) > 0)
				isakmp_anom(anom, ANOM_IKE_SK_NOT_LAST);
			return;
		}
		np = next;
	}
	if (cur_left(&c) > 0)
		isakmp_anom(anom, ANOM_IKE_TRAILING);
}

void
isakmp_decode(const uint8_t *b, size_t n, struct ike_msg *m, uint32_t *anom)
{
	struct cur c = cur_make(b, n);
	uint8_t ver;
	size_t body;

	memset(m, 0, offsetof(struct ike_msg, pl));
	m->raw = b;
	m->rawlen = n;
	m->ispi = cur_u64(&c);
	m->rspi = cur_u64(&c);
	m->np = cur_u8(&c);
	ver = cur_u8(&c);
	m->exch = cur_u8(&c);
	m->flags = cur_u8(&c);
	m->msgid = cur_u32(&c);
	m->len = cur_u32(&c);
	if (!cur_ok(&c)) {
		isakmp_anom(anom, ANOM_IKE_SHORT);
		return;
	}
	m->have_hdr = 1;
	m->major = ver >> 4;
	m->minor = ver & 0x0f;
	if (m->major != 1 && m->major != 2) {
		isakmp_anom(anom, ANOM_IKE_VERSION);
		return;
	}
	if (m->flags & (m->major == 1 ? IKEV1_FLAGS_RESERVED :
	    IKEV2_FLAGS_RESERVED))
		isakmp_anom(anom, ANOM_IKE_RESERVED);
	if (m->len != n || m->len < IKE_HDR_LEN)
		isakmp_anom(anom, ANOM_IKE_LEN);
	/* Walk what both the header and the datagram agree exists. */
	body = cur_left(&c);
	if (m->len >= IKE_HDR_LEN && m->len - IKE_HDR_LEN < body)
		body = m->len - IKE_HDR_LEN;
	c.len = c.off + body;
	if (m->major == 1 && (m->flags & IKEV1_F_ENC)) {
		m->encrypted = 1;
		m->inner_np = m->np;
		return;
	}
	isakmp_walk(cur_rest(&c), m, anom);
}
