/*
 * ikev1_pl.c: IKEv1 payload contents (RFC 2408 section 3, RFC 2407
 * section 4.6, RFC 2409 appendix A, RFC 3947, draft-dukes-ike-mode-cfg,
 * the Cisco fragmentation payload).
 */
#include "dissect/ikepl.h"
#include "dissect/names.h"
#include "dissect/vendor.h"

#define IKEV1_AF		0x8000	/* attribute in TV form */
#define IKEV1_PROTO_ISAKMP	1
#define IKEV1_PROTO_AH		2
#define IKEV1_PROTO_ESP		3
#define IKEV1_PROTO_IPCOMP	4
#define IKEV1_MAX_PROPOSALS	64	/* a chain longer than this is hostile */

/* Registry of an attribute's values, by attribute class and protocol. */
static const struct reg *
ikev1_attr_values(int isakmp, uint16_t type)
{
	if (isakmp) {
		switch (type) {
		case IKEV1_ATTR_ENCRYPTION_ALGORITHM:
			return &reg_ikev1_encr;
		case IKEV1_ATTR_HASH_ALGORITHM:
			return &reg_ikev1_hash;
		case IKEV1_ATTR_AUTHENTICATION_METHOD:
			return &reg_ikev1_auth;
		case IKEV1_ATTR_GROUP_DESCRIPTION:
			return &reg_dh_group;
		case IKEV1_ATTR_GROUP_TYPE:
			return &reg_ikev1_group_type;
		case IKEV1_ATTR_LIFE_TYPE:
			return &reg_ikev1_life_type;
		}
		return NULL;
	}
	switch (type) {
	case IPSEC_ATTR_SA_LIFE_TYPE:
		return &reg_ikev1_life_type;
	case IPSEC_ATTR_GROUP_DESCRIPTION:
		return &reg_dh_group;
	case IPSEC_ATTR_ENCAPSULATION_MODE:
		return &reg_ipsec_encap;
	case IPSEC_ATTR_AUTHENTICATION_ALGORITHM:
		return &reg_ipsec_auth;
	}
	return NULL;
}

/*
 * Data attributes (RFC 2408 section 3.3): a TV attribute carries two
 * bytes of value; a TLV one a length and up to 8 bytes read as a number
 * (longer values, such as group primes, are shown as bytes).
 */
static void
ikev1_attributes(struct ikd *d, struct cur c, int isakmp)
{
	const struct reg *names = isakmp ? &reg_ikev1_attr : &reg_ipsec_attr;
	uint16_t type, len;
	const uint8_t *b;
	uint64_t v;
	size_t i;

	ikd_list(d, "attributes");
	while (cur_left(&c) >= 4) {
		type = cur_u16(&c);
		len = cur_u16(&c);
		ikd_group(d, NULL);
		ikd_named(d, 1, "type", names, type & 0x7fff);
		if (type & IKEV1_AF) {
			v = len;
		} else if ((b = cur_take(&c, len)) == NULL) {
			ikd_truncated(d);
			ikd_end(d);
			break;
		} else if (len > 8) {
			ikd_bytes(d, 1, "value", b, len);
			ikd_end(d);
			continue;
		} else {
			for (v = 0, i = 0; i < len; i++)
				v = v << 8 | b[i];
		}
		b = NULL;
		if (ikev1_attr_values(isakmp, type & 0x7fff) != NULL)
			ikd_named(d, 1, "value", ikev1_attr_values(isakmp,
			    type & 0x7fff), (uint32_t)v);
		else
			ikd_uint(d, 1, "value", v);
		ikd_end(d);
	}
	ikd_lend(d);
	if (cur_left(&c) > 0)
		ikd_uint(d, 2, "extra_bytes", cur_left(&c));
}

static const struct reg *
ikev1_transform_ids(uint8_t proto)
{
	switch (proto) {
	case IKEV1_PROTO_ISAKMP:
		return &reg_ikev1_key_ike;
	case IKEV1_PROTO_AH:
		return &reg_ipsec_ah_id;
	case IKEV1_PROTO_ESP:
		return &reg_ipsec_esp_id;
	case IKEV1_PROTO_IPCOMP:
		return &reg_ipsec_ipcomp_id;
	}
	return &reg_ikev1_key_ike;
}

static void
ikev1_transforms(struct ikd *d, struct cur c, uint8_t proto, unsigned n)
{
	struct cur t;
	uint16_t len;
	unsigned i;

	ikd_list(d, "transforms");
	for (i = 0; i < n && cur_left(&c) >= 8; i++) {
		cur_skip(&c, 2);		/* next payload, reserved */
		len = cur_u16(&c);
		if (len < 8) {
			ikd_lend(d);
			ikd_malformed(d);
			return;
		}
		t = cur_sub(&c, len - 4u);
		ikd_group(d, NULL);
		ikd_uint(d, 1, "number", cur_u8(&t));
		ikd_named(d, 1, "transform", ikev1_transform_ids(proto),
		    cur_u8(&t));
		cur_skip(&t, 2);
		ikev1_attributes(d, t, proto == IKEV1_PROTO_ISAKMP);
		if (!cur_ok(&c))
			ikd_truncated(d);
		ikd_end(d);
	}
	ikd_lend(d);
}

static void
ikev1_sa(struct ikd *d, struct cur c)
{
	uint32_t doi = cur_u32(&c);
	struct cur p, spi;
	uint8_t proto, spisz, ntr, np = 2;
	uint16_t len;
	int n = 0;

	ikd_named(d, 1, "doi", &reg_doi, doi);
	ikd_uint(d, 2, "situation", cur_u32(&c));
	/* RFC 2408: the situation is followed by labeled domain data only
	 * for SIT_SECRECY/SIT_INTEGRITY, which nobody deploys. */
	ikd_list(d, "proposals");
	while (np == 2 && cur_left(&c) >= 8 && n++ < IKEV1_MAX_PROPOSALS) {
		np = cur_u8(&c);
		cur_skip(&c, 1);
		len = cur_u16(&c);
		if (len < 8)
			break;
		p = cur_sub(&c, len - 4u);
		ikd_group(d, NULL);
		ikd_uint(d, 1, "number", cur_u8(&p));
		proto = cur_u8(&p);
		ikd_named(d, 1, "protocol", &reg_proto_id, proto);
		spisz = cur_u8(&p);
		ntr = cur_u8(&p);
		spi = cur_sub(&p, spisz);
		if (spisz > 0)
			ikd_bytes(d, 1, "spi", spi.p, cur_left(&spi));
		if (cur_left(&spi) < spisz)
			ikd_truncated(d);
		ikd_uint(d, 2, "transforms_count", ntr);
		ikev1_transforms(d, p, proto, ntr);
		ikd_end(d);
	}
	ikd_lend(d);
	ikd_leftover(d, &c);
}

static void
ikev1_ke(struct ikd *d, struct cur c)
{
	ikd_uint(d, 1, "data_length", cur_left(&c));
}

static void
ikev1_id(struct ikd *d, struct cur c)
{
	uint8_t type = cur_u8(&c), proto = cur_u8(&c);
	uint16_t port = cur_u16(&c);

	ikd_named(d, 1, "id_type", &reg_ikev1_id_type, type);
	if (proto != 0 || d->max >= 2)
		ikd_uint(d, proto ? 1 : 2, "protocol", proto);
	if (port != 0 || d->max >= 2)
		ikd_uint(d, port ? 1 : 2, "port", port);
	if (cur_ok(&c))
		ikd_id_data(d, 1, type, c);
	else
		ikd_truncated(d);
}

/* Notification data that carries more than bytes. */
static void
ikev1_notify_data(struct ikd *d, uint16_t type, struct cur c)
{
	if (cur_left(&c) == 0)
		return;
	switch (type) {
	case IKEV1_N_RESPONDER_LIFETIME:
		ikev1_attributes(d, c, 0);
		return;
	case IKEV1_N_R_U_THERE:
	case IKEV1_N_R_U_THERE_ACK:
	case IKEV1_N_REPLAY_STATUS:
		if (cur_left(&c) == 4) {
			ikd_uint(d, 1, type == IKEV1_N_REPLAY_STATUS ?
			    "replay_detection" : "sequence", cur_u32(&c));
			return;
		}
		break;
	}
	ikd_uint(d, 1, "data_length", cur_left(&c));
	ikd_bytes(d, 2, "data", cur_ptr(&c), cur_left(&c));
}

static void
ikev1_notify(struct ikd *d, struct cur c)
{
	uint32_t doi = cur_u32(&c);
	uint8_t proto = cur_u8(&c), spisz = cur_u8(&c);
	uint16_t type = cur_u16(&c);
	const uint8_t *spi;

	if (!cur_ok(&c)) {
		ikd_truncated(d);
		return;
	}
	ikd_named(d, 1, "notify", &reg_ikev1_notify, type);
	ikd_text(d, 1, "class", type <= NOTIFY_ERROR_MAX ? "error" : "status");
	ikd_named(d, 2, "doi", &reg_doi, doi);
	ikd_named(d, 1, "protocol", &reg_proto_id, proto);
	if ((spi = cur_take(&c, spisz)) != NULL && spisz > 0)
		ikd_bytes(d, 1, "spi", spi, spisz);
	else if (spi == NULL)
		ikd_truncated(d);
	ikev1_notify_data(d, type, c);
}

static void
ikev1_delete(struct ikd *d, struct cur c)
{
	uint32_t doi = cur_u32(&c);
	uint8_t proto = cur_u8(&c), spisz = cur_u8(&c);
	uint16_t n = cur_u16(&c);

	ikd_named(d, 2, "doi", &reg_doi, doi);
	ikd_named(d, 1, "protocol", &reg_proto_id, proto);
	ikd_spis(d, spisz, n, c);
}

/* Mode-Config / XAUTH (draft-dukes-ike-mode-cfg, draft-beaulieu-ike-xauth). */
static void
ikev1_attr_payload(struct ikd *d, struct cur c)
{
	uint16_t type, len;
	const uint8_t *b;

	ikd_named(d, 1, "cfg_type", &reg_ikev1_cfg_type, cur_u8(&c));
	cur_skip(&c, 1);
	ikd_uint(d, 2, "identifier", cur_u16(&c));
	ikd_list(d, "attributes");
	while (cur_left(&c) >= 4) {
		type = cur_u16(&c);
		len = cur_u16(&c);
		ikd_group(d, NULL);
		ikd_named(d, 1, "type", &reg_cfg_attr, type & 0x7fff);
		if (type & IKEV1_AF)
			ikd_uint(d, 1, "value", len);
		else if ((b = cur_take(&c, len)) == NULL)
			ikd_truncated(d);
		else if (len == 4 && (type & 0x7fff) <= 20)
			ikd_addr(d, 1, "value", 4, b);
		else if (len > 0)
			ikd_str_or_hex(d, 1, "value", b, len);
		ikd_end(d);
	}
	ikd_lend(d);
	ikd_leftover(d, &c);
}

static void
ikev1_nat_oa(struct ikd *d, struct cur c)
{
	uint8_t type = cur_u8(&c);

	cur_skip(&c, 3);
	ikd_named(d, 1, "id_type", &reg_ikev1_id_type, type);
	if (cur_ok(&c))
		ikd_id_data(d, 1, type, c);
}

static void
ikev1_frag(struct ikd *d, struct cur c)
{
	ikd_uint(d, 1, "fragment_id", cur_u16(&c));
	ikd_uint(d, 1, "number", cur_u8(&c));
	ikd_bool(d, 1, "last", cur_u8(&c) & 1);
	ikd_uint(d, 1, "data_length", cur_left(&c));
}

/* NAT-D (RFC 3947 section 3.2): the hash is what a NAT check compares. */
static void
ikev1_natd(struct ikd *d, struct cur c)
{
	ikd_bytes(d, 1, "hash", cur_ptr(&c), cur_left(&c));
}

const struct ikd_payload ikev1_payloads[] = {
	{ IKEV1_P_SA, ikev1_sa },
	{ IKEV1_P_KE, ikev1_ke },
	{ IKEV1_P_ID, ikev1_id },
	{ IKEV1_P_CERT, ikd_cert },
	{ IKEV1_P_CR, ikd_cert },
	{ IKEV1_P_HASH, ikd_opaque },
	{ IKEV1_P_SIG, ikd_opaque },
	{ IKEV1_P_NONCE, ikd_opaque },
	{ IKEV1_P_N, ikev1_notify },
	{ IKEV1_P_D, ikev1_delete },
	{ IKEV1_P_VID, ikd_vendor },
	{ IKEV1_P_ATTR, ikev1_attr_payload },
	{ IKEV1_P_NAT_D, ikev1_natd },
	{ IKEV1_P_NAT_D_DRAFT, ikev1_natd },
	{ IKEV1_P_NAT_OA, ikev1_nat_oa },
	{ IKEV1_P_NAT_OA_DRAFT, ikev1_nat_oa },
	{ IKEV1_P_FRAG, ikev1_frag },
};

const size_t ikev1_npayloads =
    sizeof(ikev1_payloads) / sizeof(ikev1_payloads[0]);
