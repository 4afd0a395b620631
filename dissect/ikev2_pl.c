/*
 * ikev2_pl.c: IKEv2 payload contents (RFC 7296 section 3, RFC 7383 for
 * SKF, RFC 5685 for REDIRECT, RFC 7427 for SIGNATURE_HASH_ALGORITHMS).
 */
#include "dissect/ikepl.h"
#include "dissect/names.h"
#include "dissect/vendor.h"

#define IKEV2_TATTR_TV		0x8000
#define IKEV2_MAX_PROPOSALS	64
#define IKEV2_TS_IPV4		7
#define IKEV2_TS_IPV6		8

static const struct reg *
ikev2_transform_ids(uint8_t type)
{
	switch (type) {
	case 1:
		return &reg_ikev2_encr;
	case 2:
		return &reg_ikev2_prf;
	case 3:
		return &reg_ikev2_integ;
	case 5:
		return &reg_ikev2_esn;
	}
	/* Type 4 and the additional key exchanges 6-12 name groups. */
	return &reg_dh_group;
}

static int
ikev2_is_key_length(uint16_t type)
{
	return (type & 0x7fff) == IKEV2_TATTR_KEY_LENGTH &&
	    (type & IKEV2_TATTR_TV);
}

/*
 * Transform attributes (RFC 7296 section 3.3.5): Key Length is the only
 * one defined and is shown as key_length; anything else is listed.
 */
static void
ikev2_transform_attrs(struct ikd *d, struct cur c)
{
	struct cur scan = c;
	uint16_t type, len;
	int others = 0;

	while (cur_left(&scan) >= 4) {
		type = cur_u16(&scan);
		len = cur_u16(&scan);
		if (!(type & IKEV2_TATTR_TV))
			cur_skip(&scan, len);
		if (ikev2_is_key_length(type))
			ikd_uint(d, 1, "key_length", len);
		else
			others = 1;
	}
	if (others) {
		ikd_list(d, "attributes");
		while (cur_left(&c) >= 4) {
			type = cur_u16(&c);
			len = cur_u16(&c);
			if (ikev2_is_key_length(type))
				continue;
			ikd_group(d, NULL);
			ikd_named(d, 1, "type", &reg_ikev2_tattr, type & 0x7fff);
			if (type & IKEV2_TATTR_TV)
				ikd_uint(d, 1, "value", len);
			else if (!cur_skip(&c, len))
				ikd_truncated(d);
			else
				ikd_uint(d, 2, "value_length", len);
			ikd_end(d);
		}
		ikd_lend(d);
	}
	ikd_leftover(d, &scan);
}

static void
ikev2_transforms(struct ikd *d, struct cur c, unsigned n)
{
	struct cur t;
	uint8_t type, last;
	uint16_t len;
	unsigned i;
	int bad = 0;

	/*
	 * The count and the proposal length decide, as for IKEv1; a "last
	 * substructure" byte that disagrees is noted, not obeyed.
	 */
	ikd_list(d, "transforms");
	for (i = 0; i < n && cur_left(&c) >= 8; i++) {
		last = cur_u8(&c);
		if (last != (i + 1 == n ? 0 : 3))
			bad = 1;
		cur_skip(&c, 1);
		len = cur_u16(&c);
		if (len < 8) {
			ikd_lend(d);
			ikd_malformed(d);
			return;
		}
		t = cur_sub(&c, len - 4u);
		type = cur_u8(&t);
		cur_skip(&t, 1);
		ikd_group(d, NULL);
		ikd_named(d, 1, "type", &reg_ikev2_transform_type, type);
		ikd_named(d, 1, "algorithm", ikev2_transform_ids(type),
		    cur_u16(&t));
		ikev2_transform_attrs(d, t);
		ikd_end(d);
	}
	ikd_lend(d);
	if (bad)
		ikd_malformed(d);
	if (i < n)
		ikd_truncated(d);
}

static void
ikev2_sa(struct ikd *d, struct cur c)
{
	struct cur p, spi;
	uint8_t last = 2, spisz, ntr;
	uint16_t len;
	int n = 0;

	ikd_list(d, "proposals");
	while (last == 2 && cur_left(&c) >= 8 && n++ < IKEV2_MAX_PROPOSALS) {
		last = cur_u8(&c);
		cur_skip(&c, 1);
		len = cur_u16(&c);
		if (len < 8)
			break;
		p = cur_sub(&c, len - 4u);
		ikd_group(d, NULL);
		ikd_uint(d, 1, "number", cur_u8(&p));
		ikd_named(d, 1, "protocol", &reg_proto_id, cur_u8(&p));
		spisz = cur_u8(&p);
		ntr = cur_u8(&p);
		spi = cur_sub(&p, spisz);
		if (spisz > 0)
			ikd_bytes(d, 1, "spi", spi.p, cur_left(&spi));
		if (cur_left(&spi) < spisz)
			ikd_truncated(d);
		ikd_uint(d, 2, "transforms_count", ntr);
		ikev2_transforms(d, p, ntr);
		ikd_end(d);
	}
	ikd_lend(d);
	ikd_leftover(d, &c);
}

static void
ikev2_ke(struct ikd *d, struct cur c)
{
	ikd_named(d, 1, "group", &reg_dh_group, cur_u16(&c));
	cur_skip(&c, 2);
	ikd_uint(d, 1, "data_length", cur_left(&c));
}

static void
ikev2_id(struct ikd *d, struct cur c)
{
	uint8_t type = cur_u8(&c);

	cur_skip(&c, 3);
	ikd_named(d, 1, "id_type", &reg_ikev2_id_type, type);
	if (cur_ok(&c))
		ikd_id_data(d, 2, type, c);
	else
		ikd_truncated(d);
}

static void
ikev2_auth(struct ikd *d, struct cur c)
{
	ikd_named(d, 1, "method", &reg_ikev2_auth_method, cur_u8(&c));
	cur_skip(&c, 3);
	ikd_uint(d, 1, "data_length", cur_left(&c));
	ikd_bytes(d, 2, "data", cur_ptr(&c), cur_left(&c));
}

static void
ikev2_redirect(struct ikd *d, struct cur c)
{
	uint8_t type = cur_u8(&c), len = cur_u8(&c);
	const uint8_t *gw = cur_take(&c, len);

	ikd_named(d, 1, "gateway_type", &reg_ikev2_gw_id_type, type);
	if (gw == NULL)
		ikd_truncated(d);
	else if ((type == 1 && len == 4) || (type == 2 && len == 16))
		ikd_addr(d, 1, "gateway", type == 1 ? 4 : 6, gw);
	else
		ikd_str_or_hex(d, 1, "gateway", gw, len);
	if (cur_left(&c) > 0)
		ikd_uint(d, 2, "nonce_length", cur_left(&c));
}

/* Notify data, for the types whose data a diagnosis reads. */
static void
ikev2_notify_data(struct ikd *d, uint16_t type, struct cur c)
{
	if (cur_left(&c) == 0)
		return;
	switch (type) {
	case IKEV2_N_INVALID_KE_PAYLOAD:
		ikd_named(d, 1, "group", &reg_dh_group, cur_u16(&c));
		ikd_leftover(d, &c);
		return;
	case IKEV2_N_COOKIE:
		ikd_uint(d, 1, "cookie_length", cur_left(&c));
		ikd_bytes(d, 2, "cookie", cur_ptr(&c), cur_left(&c));
		return;
	case IKEV2_N_NAT_DETECTION_SOURCE_IP:
	case IKEV2_N_NAT_DETECTION_DESTINATION_IP:
		ikd_bytes(d, 1, "hash", cur_ptr(&c), cur_left(&c));
		return;
	case IKEV2_N_SIGNATURE_HASH_ALGORITHMS:
		ikd_list(d, "hash_algorithms");
		while (cur_left(&c) >= 2)
			ikd_uint(d, 1, NULL, cur_u16(&c));
		ikd_lend(d);
		return;
	case IKEV2_N_REDIRECT:
	case IKEV2_N_REDIRECTED_FROM:
		ikev2_redirect(d, c);
		return;
	}
	ikd_uint(d, 1, "data_length", cur_left(&c));
	ikd_bytes(d, 2, "data", cur_ptr(&c), cur_left(&c));
}

static void
ikev2_notify(struct ikd *d, struct cur c)
{
	uint8_t proto = cur_u8(&c), spisz = cur_u8(&c);
	uint16_t type = cur_u16(&c);
	const uint8_t *spi;

	if (!cur_ok(&c)) {
		ikd_truncated(d);
		return;
	}
	ikd_named(d, 1, "notify", &reg_ikev2_notify, type);
	ikd_text(d, 1, "class", type <= NOTIFY_ERROR_MAX ? "error" : "status");
	/* Protocol 0: the notify is about the IKE SA as a whole. */
	if (proto != 0)
		ikd_named(d, 1, "protocol", &reg_proto_id, proto);
	if ((spi = cur_take(&c, spisz)) == NULL)
		ikd_truncated(d);
	else if (spisz > 0)
		ikd_bytes(d, 1, "spi", spi, spisz);
	ikev2_notify_data(d, type, c);
}

static void
ikev2_delete(struct ikd *d, struct cur c)
{
	uint8_t proto = cur_u8(&c), spisz = cur_u8(&c);
	uint16_t n = cur_u16(&c);

	ikd_named(d, 1, "protocol", &reg_proto_id, proto);
	ikd_spis(d, spisz, n, c);
}

static void
ikev2_ts(struct ikd *d, struct cur c)
{
	uint8_t n = cur_u8(&c), i, type;
	uint16_t len;
	struct cur t;
	const uint8_t *a, *b;
	size_t alen;

	cur_skip(&c, 3);
	ikd_list(d, "selectors");
	for (i = 0; i < n && cur_left(&c) >= 8; i++) {
		type = cur_u8(&c);
		ikd_group(d, NULL);
		ikd_named(d, 1, "ts_type", &reg_ikev2_ts_type, type);
		ikd_uint(d, 1, "ip_protocol", cur_u8(&c));
		len = cur_u16(&c);
		t = cur_sub(&c, len >= 4 ? len - 4u : 0);
		if (type == IKEV2_TS_IPV4 || type == IKEV2_TS_IPV6) {
			ikd_uint(d, 1, "start_port", cur_u16(&t));
			ikd_uint(d, 1, "end_port", cur_u16(&t));
			alen = type == IKEV2_TS_IPV4 ? 4 : 16;
			a = cur_take(&t, alen);
			b = cur_take(&t, alen);
			if (a != NULL && b != NULL) {
				ikd_addr(d, 1, "start", alen == 4 ? 4 : 6, a);
				ikd_addr(d, 1, "end", alen == 4 ? 4 : 6, b);
			}
		} else
			ikd_uint(d, 1, "data_length", cur_left(&t));
		if (!cur_ok(&t) || !cur_ok(&c))
			ikd_truncated(d);
		ikd_end(d);
	}
	ikd_lend(d);
	ikd_leftover(d, &c);
}

static void
ikev2_sk(struct ikd *d, struct cur c)
{
	char u[24];

	if (d->m->inner_np != 0)
		ikd_text(d, 1, "first_inner", names_or_unknown(
		    ike_payload_name(2, d->m->inner_np), d->m->inner_np, u,
		    sizeof(u)));
	/* IV and ICV sizes depend on the negotiated algorithms. */
	ikd_uint(d, 1, "encrypted_length", cur_left(&c));
}

static void
ikev2_skf(struct ikd *d, struct cur c)
{
	ikd_uint(d, 1, "fragment_number", cur_u16(&c));
	ikd_uint(d, 1, "total_fragments", cur_u16(&c));
	ikev2_sk(d, c);
}

static void
ikev2_cp(struct ikd *d, struct cur c)
{
	uint16_t type, len;
	const uint8_t *b;

	ikd_named(d, 1, "cfg_type", &reg_ikev2_cfg_type, cur_u8(&c));
	cur_skip(&c, 3);
	ikd_list(d, "attributes");
	while (cur_left(&c) >= 4) {
		type = cur_u16(&c) & 0x7fff;
		len = cur_u16(&c);
		ikd_group(d, NULL);
		ikd_named(d, 1, "type", &reg_cfg_attr, type);
		if ((b = cur_take(&c, len)) == NULL)
			ikd_truncated(d);
		else if (len == 4 || len == 8)	/* IPv4 address [+ mask] */
			ikd_addr(d, 1, "value", 4, b);
		else if (len == 16 || len == 17)	/* IPv6 [+ prefix] */
			ikd_addr(d, 1, "value", 6, b);
		else if (len > 0)
			ikd_str_or_hex(d, 1, "value", b, len);
		ikd_end(d);
	}
	ikd_lend(d);
	ikd_leftover(d, &c);
}

static void
ikev2_eap(struct ikd *d, struct cur c)
{
	uint8_t code = cur_u8(&c);

	ikd_named(d, 1, "code", &reg_eap_code, code);
	ikd_uint(d, 2, "identifier", cur_u8(&c));
	ikd_uint(d, 2, "eap_length", cur_u16(&c));
	if ((code == 1 || code == 2) && cur_left(&c) > 0)
		ikd_uint(d, 1, "eap_type", cur_u8(&c));
}

const struct ikd_payload ikev2_payloads[] = {
	{ IKEV2_P_SA, ikev2_sa },
	{ IKEV2_P_KE, ikev2_ke },
	{ IKEV2_P_IDI, ikev2_id },
	{ IKEV2_P_IDR, ikev2_id },
	{ IKEV2_P_CERT, ikd_cert },
	{ IKEV2_P_CERTREQ, ikd_cert },
	{ IKEV2_P_AUTH, ikev2_auth },
	{ IKEV2_P_NONCE, ikd_opaque },
	{ IKEV2_P_N, ikev2_notify },
	{ IKEV2_P_D, ikev2_delete },
	{ IKEV2_P_V, ikd_vendor },
	{ IKEV2_P_TSI, ikev2_ts },
	{ IKEV2_P_TSR, ikev2_ts },
	{ IKEV2_P_SK, ikev2_sk },
	{ IKEV2_P_SKF, ikev2_skf },
	{ IKEV2_P_CP, ikev2_cp },
	{ IKEV2_P_EAP, ikev2_eap },
};

const size_t ikev2_npayloads =
    sizeof(ikev2_payloads) / sizeof(ikev2_payloads[0]);
