/*
 * ikedetail.c: the payload walk and the helpers both versions share
 * (see ikedetail.h).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/x509.h>

#include "dissect/ikepl.h"
#include "dissect/names.h"
#include "dissect/vendor.h"

void
ikd_group(struct ikd *d, const char *key)
{
	d->v->group_begin(d->v->arg, key);
	if (d->depth < IKD_DEPTH)
		d->said[d->depth] = 0;
	d->depth++;
}

void
ikd_end(struct ikd *d)
{
	d->v->group_end(d->v->arg);
	d->depth--;
}

static void
ikd_damage(struct ikd *d, uint8_t what, const char *key)
{
	if (d->depth > 0 && d->depth <= IKD_DEPTH) {
		if (d->said[d->depth - 1] & what)
			return;
		d->said[d->depth - 1] |= what;
	}
	ikd_bool(d, 1, key, 1);
}

void
ikd_truncated(struct ikd *d)
{
	ikd_damage(d, IKD_SAID_TRUNCATED, "truncated");
}

void
ikd_malformed(struct ikd *d)
{
	ikd_damage(d, IKD_SAID_MALFORMED, "malformed");
}

void
ikd_list(struct ikd *d, const char *key)
{
	d->v->list_begin(d->v->arg, key);
}

void
ikd_lend(struct ikd *d)
{
	d->v->list_end(d->v->arg);
}

static void
ikd_tell(struct ikd *d, int level, const char *key, const struct ikd_value *x)
{
	if (level <= d->max)
		d->v->value(d->v->arg, level, key, x);
}

void
ikd_uint(struct ikd *d, int level, const char *key, uint64_t u)
{
	struct ikd_value x = { .kind = IKD_UINT, .u = u };

	ikd_tell(d, level, key, &x);
}

void
ikd_named(struct ikd *d, int level, const char *key, const struct reg *r,
    uint32_t u)
{
	struct ikd_value x = { .kind = IKD_NAMED, .u = u };
	char buf[24];

	x.s = reg_name_or(r, u, buf, sizeof(buf));
	ikd_tell(d, level, key, &x);
}

void
ikd_text(struct ikd *d, int level, const char *key, const char *s)
{
	struct ikd_value x = { .kind = IKD_TEXT, .s = s };

	ikd_tell(d, level, key, &x);
}

void
ikd_bytes(struct ikd *d, int level, const char *key, const uint8_t *b,
    size_t n)
{
	struct ikd_value x = { .kind = IKD_BYTES, .b = b, .n = n };

	ikd_tell(d, level, key, &x);
}

void
ikd_addr(struct ikd *d, int level, const char *key, int family,
    const uint8_t *b)
{
	struct ikd_value x = { .kind = IKD_ADDR };

	addr_set(&x.addr, family, b);
	ikd_tell(d, level, key, &x);
}

void
ikd_bool(struct ikd *d, int level, const char *key, int yes)
{
	struct ikd_value x = { .kind = IKD_BOOL, .u = yes != 0 };

	ikd_tell(d, level, key, &x);
}

void
ikd_str_or_hex(struct ikd *d, int level, const char *key, const uint8_t *b,
    size_t n)
{
	char s[256];
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] < 0x20 || b[i] > 0x7e)
			break;
	if (i < n || n >= sizeof(s)) {
		ikd_bytes(d, level, key, b, n);
		return;
	}
	memcpy(s, b, n);
	s[n] = '\0';
	ikd_text(d, level, key, s);
}

void
ikd_leftover(struct ikd *d, const struct cur *c)
{
	if (!cur_ok(c))
		ikd_truncated(d);
	else if (cur_left(c) > 0)
		ikd_uint(d, 2, "extra_bytes", cur_left(c));
}

void
ikd_spis(struct ikd *d, uint8_t spisz, uint16_t n, struct cur c)
{
	const uint8_t *spi;
	uint16_t i;

	ikd_uint(d, 2, "spi_size", spisz);
	ikd_uint(d, 2, "spi_count", n);
	if (spisz > 0) {
		ikd_list(d, "spis");
		for (i = 0; i < n; i++) {
			if ((spi = cur_take(&c, spisz)) == NULL)
				break;
			ikd_bytes(d, 1, NULL, spi, spisz);
		}
		ikd_lend(d);
	}
	ikd_leftover(d, &c);
}

void
ikd_cert(struct ikd *d, struct cur c)
{
	ikd_named(d, 1, "encoding", &reg_cert_encoding, cur_u8(&c));
	ikd_uint(d, 1, "data_length", cur_left(&c));
	ikd_bytes(d, 2, "data", cur_ptr(&c), cur_left(&c));
}

void
ikd_vendor(struct ikd *d, struct cur c)
{
	char name[VID_NAME_MAX];

	if (vendor_id_name(cur_ptr(&c), cur_left(&c), name, sizeof(name)))
		ikd_text(d, 1, "vendor", name);
	ikd_bytes(d, 1, "data", cur_ptr(&c), cur_left(&c));
}

void
ikd_opaque(struct ikd *d, struct cur c)
{
	ikd_uint(d, 1, "data_length", cur_left(&c));
	ikd_bytes(d, 2, "data", cur_ptr(&c), cur_left(&c));
}

/*
 * A distinguished name as engineers write it (RFC 4514: "CN=vpn,O=Example"),
 * decoded by libcrypto; the DER bytes at -vv.  Only the detail path pays
 * for the allocation.
 */
static void
ikd_dn(struct ikd *d, const uint8_t *b, size_t n)
{
	const unsigned char *p = b;
	X509_NAME *name;
	BIO *bio;
	char text[512];
	int len;

	ikd_uint(d, 1, "dn_length", n);
	if (d->max >= 1 && n > 0 && n < 65536 &&
	    (name = d2i_X509_NAME(NULL, &p, (long)n)) != NULL) {
		if ((bio = BIO_new(BIO_s_mem())) != NULL) {
			if (X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) >= 0 &&
			    (len = BIO_read(bio, text, sizeof(text) - 1)) > 0) {
				text[len] = '\0';
				ikd_str_or_hex(d, 1, "dn", (const uint8_t *)text,
				    (size_t)len);
			}
			BIO_free(bio);
		}
		X509_NAME_free(name);
	}
	ikd_bytes(d, 2, "dn_der", b, n);
}

/* Prefix length of a contiguous netmask, or -1. */
static int
ikd_prefix(const uint8_t *mask, size_t n)
{
	size_t i;
	int bits = 0, done = 0;

	for (i = 0; i < n; i++) {
		uint8_t b = mask[i];

		if (done && b != 0)
			return -1;
		while (b & 0x80) {
			bits++;
			b = (uint8_t)(b << 1);
		}
		if (b != 0)
			return -1;
		if (bits < (int)(8 * (i + 1)))
			done = 1;
	}
	return bits;
}

/* ID types 1-12 are numbered alike in both versions where they exist. */
void
ikd_id_data(struct ikd *d, int version, uint8_t type, struct cur c)
{
	const uint8_t *a, *b;
	size_t alen = (type == 5 || type == 6 || type == 8) ? 16 : 4;
	int fam = alen == 16 ? 6 : 4, plen;

	switch (type) {
	case 1:			/* ID_IPV4_ADDR */
	case 5:			/* ID_IPV6_ADDR */
		if ((a = cur_take(&c, alen)) != NULL)
			ikd_addr(d, 1, "address", fam, a);
		break;
	case 4:			/* v1 ID_IPV4_ADDR_SUBNET */
	case 6:			/* v1 ID_IPV6_ADDR_SUBNET */
	case 7:			/* v1 ID_IPV4_ADDR_RANGE */
	case 8:			/* v1 ID_IPV6_ADDR_RANGE */
		if (version != 1) {
			ikd_bytes(d, 1, "data", cur_ptr(&c), cur_left(&c));
			cur_skip(&c, cur_left(&c));
			break;
		}
		a = cur_take(&c, alen);
		b = cur_take(&c, alen);
		if (a == NULL || b == NULL)
			break;
		if (type == 4 || type == 6) {
			ikd_addr(d, 1, "address", fam, a);
			plen = ikd_prefix(b, alen);
			if (plen >= 0)
				ikd_uint(d, 1, "prefix", (uint64_t)plen);
			else
				ikd_addr(d, 1, "mask", fam, b);
		} else {
			ikd_addr(d, 1, "start", fam, a);
			ikd_addr(d, 1, "end", fam, b);
		}
		break;
	case 2:			/* FQDN */
	case 3:			/* USER_FQDN / RFC822 */
		ikd_str_or_hex(d, 1, "name", cur_ptr(&c), cur_left(&c));
		cur_skip(&c, cur_left(&c));
		break;
	case 9:			/* DER ASN.1 DN */
		ikd_dn(d, cur_ptr(&c), cur_left(&c));
		cur_skip(&c, cur_left(&c));
		break;
	default:		/* KEY_ID, GN, FC_NAME, LIST, unknown */
		ikd_bytes(d, 1, "data", cur_ptr(&c), cur_left(&c));
		cur_skip(&c, cur_left(&c));
	}
	ikd_leftover(d, &c);
}

/* The handler for a payload type, from its version's table. */
static void
ikd_dispatch(struct ikd *d, int version, uint8_t type, struct cur body)
{
	const struct ikd_payload *t = version == 1 ? ikev1_payloads :
	    ikev2_payloads;
	size_t i, n = version == 1 ? ikev1_npayloads : ikev2_npayloads;

	for (i = 0; i < n; i++)
		if (t[i].type == type) {
			t[i].fn(d, body);
			return;
		}
	ikd_opaque(d, body);
}

void
ikd_walk(const struct ike_msg *m, int max_level, const struct ikd_visitor *v)
{
	struct ikd d = { v, max_level, m, 0, { 0 } };
	struct cur c;
	unsigned i;
	char u[24];

	/* An encrypted IKEv1 message: only its size and first payload. */
	if (m->major == 1 && m->encrypted && m->dec != DEC_OK &&
	    m->rawlen >= 28) {
		ikd_group(&d, NULL);
		ikd_text(&d, 1, "type", "encrypted");
		ikd_text(&d, 1, "first_payload", names_or_unknown(
		    ike_payload_name(1, m->np), m->np, u, sizeof(u)));
		ikd_uint(&d, 1, "encrypted_length", (m->len >= 28 &&
		    m->len <= m->rawlen ? m->len : m->rawlen) - 28);
		ikd_end(&d);
	}
	for (i = 0; i < m->npl; i++) {
		const struct ike_payload *pl = &m->pl[i];
		size_t have = pl->off < m->rawlen ? m->rawlen - pl->off : 0;

		c = cur_make(m->raw + pl->off, have < pl->len ? have : pl->len);
		cur_skip(&c, 4);
		ikd_group(&d, NULL);
		ikd_text(&d, 1, "type", names_or_unknown(ike_payload_name(
		    m->major, pl->type), pl->type, u, sizeof(u)));
		ikd_uint(&d, 1, "type_num", pl->type);
		ikd_uint(&d, 2, "length", pl->len);
		if (m->major == 2 && (pl->flags & 0x80))
			ikd_bool(&d, 1, "critical", 1);
		if (have < pl->len)
			ikd_truncated(&d);
		ikd_dispatch(&d, m->major, pl->type, c);
		ikd_end(&d);
	}
}

int
ikd_notify_type(const struct ike_msg *m, unsigned i)
{
	const struct ike_payload *pl;
	struct cur c;

	if (i >= m->npl)
		return -1;
	pl = &m->pl[i];
	if ((m->major == 1 && pl->type != IKEV1_P_N) ||
	    (m->major == 2 && pl->type != IKEV2_P_N) ||
	    pl->off >= m->rawlen)
		return -1;
	c = cur_make(m->raw + pl->off, m->rawlen - pl->off);
	/* v1: header, DOI, protocol, SPI size; v2: header, protocol, size. */
	cur_skip(&c, m->major == 1 ? 4 + 4 + 2 : 4 + 2);
	i = cur_u16(&c);
	return cur_ok(&c) ? (int)i : -1;
}

const char *
ikd_notify_name(int version, unsigned type, char *buf, size_t len)
{
	return reg_name_or(version == 1 ? &reg_ikev1_notify :
	    &reg_ikev2_notify, type, buf, len);
}

const uint8_t *
ikd_vendor_id(const struct ike_msg *m, unsigned i, size_t *len)
{
	const struct ike_payload *pl;

	if (i >= m->npl)
		return NULL;
	pl = &m->pl[i];
	if ((m->major == 1 && pl->type != IKEV1_P_VID) ||
	    (m->major == 2 && pl->type != IKEV2_P_V) || pl->len < 4 ||
	    pl->off + pl->len > m->rawlen)
		return NULL;
	*len = pl->len - 4u;
	return m->raw + pl->off + 4;
}
