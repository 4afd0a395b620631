/*
 * offer.c: words for what an SA payload offers or chose (see offer.h).
 *
 * The walk is its own, small and bounded, rather than a visitor of the
 * payload-contents decoder: a summary needs a handful of numbers per
 * transform, and must stay cheap enough to run on every SA payload.
 *
 * IKEv1 SA payload (RFC 2408 3.4), after the generic header:
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Domain of Interpretation  (DOI)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Situation                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * then proposals; an IKEv2 SA payload (RFC 7296 3.3) is proposals only.
 * Proposal (RFC 2408 3.5, RFC 7296 3.3.1; v2 calls the first byte "last
 * substructure", 2 = more, v1 "next payload", 2 = P):
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Next / Last   |   RESERVED    |         Payload Length        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Proposal #   |  Protocol-Id  |    SPI Size   |# of Transforms|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        SPI (variable)                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Transform, IKEv1 (RFC 2408 3.6) and IKEv2 (RFC 7296 3.3.2):
 *
 *  +---------------+---------------+-------------------------------+
 *  | Next / Last   |   RESERVED    |         Payload Length        |
 *  +---------------+---------------+-------------------------------+
 *  v1: | Transform # | Transform-Id |          RESERVED2           |
 *  v2: | Type        |   RESERVED   |         Transform ID         |
 *  +---------------+---------------+-------------------------------+
 *  |                    attributes (variable)                      |
 *  +---------------------------------------------------------------+
 *
 * Attributes (RFC 2408 3.3, RFC 7296 3.3.5): a 16-bit type whose top
 * bit (AF) says TV (the next 16 bits are the value) or TLV (a length,
 * then the value).  IKEv1 values mean different things by protocol:
 * phase 1 classes (RFC 2409 appendix A) for ISAKMP, IPsec DOI SA
 * attributes (RFC 2407 4.5) for AH, ESP and IPCOMP.
 *
 * As in the payload decoder, the transform count decides over the
 * "last substructure" bytes; every loop ends on its count, on a bound
 * (64 proposals), or when the bytes run out, and a length below the
 * header's own size ends the walk.
 */
#include <stdio.h>
#include <string.h>

#include "diag/offer.h"
#include "dissect/bytes.h"
#include "dissect/names.h"
#include "dissect/registry.h"

#define OFFER_AF		0x8000	/* attribute in TV form */
#define OFFER_MAX_PROPOSALS	64	/* a chain longer is hostile */
#define OFFER_MORE_PROPOSALS	2	/* v1 next payload P, v2 "more" */

/* ---------------------------------------------------------------------
 * The text: whole offers or nothing, then "; ..." when one was left out.
 */

struct offer_out {
	char		*buf;
	size_t		 len;
	size_t		 n;		/* whole offers written */
	size_t		 at;		/* end of the offer being written */
	int		 words;		/* "/"-separated words in it */
	int		 over;		/* it did not fit */
	int		 cut;		/* one was left out: write no more */
	int		 count;		/* offers read */
};

static void
offer_init(struct offer_out *o, char *buf, size_t len)
{
	memset(o, 0, sizeof(*o));
	o->buf = buf;
	o->len = buf != NULL ? len : 0;
	if (o->len > 0)
		buf[0] = '\0';
}

/* Invariant: at <= len - 1, and buf[at] is the terminating NUL. */
static void
offer_put(struct offer_out *o, const char *s)
{
	size_t l = strlen(s);

	if (o->cut || o->over)
		return;
	if (o->len == 0 || l > o->len - 1 - o->at) {
		o->over = 1;
		return;
	}
	memcpy(o->buf + o->at, s, l);
	o->at += l;
	o->buf[o->at] = '\0';
}

static void
offer_word(struct offer_out *o, const char *s)
{
	if (o->words++ > 0)
		offer_put(o, "/");
	offer_put(o, s);
}

static void
offer_begin(struct offer_out *o)
{
	o->at = o->n;
	o->words = 0;
	o->over = 0;
	if (o->n > 0)
		offer_put(o, "; ");
}

static void
offer_end(struct offer_out *o)
{
	o->count++;
	if (o->cut)
		return;
	if (o->over) {
		o->cut = 1;
		if (o->len > 0)
			o->buf[o->n] = '\0';
		return;
	}
	o->n = o->at;
}

/*
 * Make room for "; ..." by dropping whole offers from the end.  No word
 * holds a ';' (registry names, numbers, "UNKNOWN(n)"), so the last "; "
 * is the last separator.
 */
static void
offer_finish(struct offer_out *o)
{
	static const char more[] = "; ...";

	if (!o->cut || o->len == 0)
		return;
	while (o->n > 0 && o->n + sizeof(more) - 1 > o->len - 1) {
		while (o->n > 0 && !(o->buf[o->n - 1] == ';' &&
		    o->buf[o->n] == ' '))
			o->n--;
		if (o->n > 0)
			o->n--;
	}
	if (o->n == 0)
		snprintf(o->buf, o->len, "...");
	else
		memcpy(o->buf + o->n, more, sizeof(more));
}

/* ---------------------------------------------------------------------
 * Names.
 */

static const char *
offer_strip(const char *name, const char *prefix)
{
	size_t l = strlen(prefix);

	return strncmp(name, prefix, l) == 0 && name[l] != '\0' ?
	    name + l : name;
}

/* "MODP2048" for "MODP2048 (group 14)": the number says no more. */
static const char *
offer_dh_name(uint32_t g, char *buf, size_t len)
{
	const char *s = reg_name(&reg_dh_group, g), *paren;

	if (s == NULL) {
		snprintf(buf, len, "UNKNOWN(%u)", g);
		return buf;
	}
	paren = strstr(s, " (group ");
	snprintf(buf, len, "%.*s", paren != NULL ? (int)(paren - s) :
	    (int)strlen(s), s);
	return buf;
}

/*
 * The registry spells IKEv1 authentication methods as sentences; these
 * are the short forms that fit in a list.  The private-use XAUTH and
 * hybrid methods keep their registry names, one word each already.
 */
static const struct reg_entry offer_v1_auth_e[] = {
	{ IKEV1_AUTH_PSK, "PSK" },
	{ IKEV1_AUTH_DSS_SIG, "DSS-SIG" },
	{ IKEV1_AUTH_RSA_SIG, "RSA-SIG" },
	{ IKEV1_AUTH_RSA_ENC, "RSA-ENC" },
	{ IKEV1_AUTH_RSA_REV_ENC, "RSA-REV-ENC" },
	{ IKEV1_AUTH_ECDSA_SHA256_P256, "ECDSA-P256" },
	{ IKEV1_AUTH_ECDSA_SHA384_P384, "ECDSA-P384" },
	{ IKEV1_AUTH_ECDSA_SHA512_P521, "ECDSA-P521" },
};
static const struct reg offer_v1_auth = { "IKEv1 auth, short",
    offer_v1_auth_e, sizeof(offer_v1_auth_e) / sizeof(offer_v1_auth_e[0]) };

static const char *
offer_v1_auth_name(uint32_t v, char *buf, size_t len)
{
	const char *s = reg_name(&offer_v1_auth, v);

	return s != NULL ? s : reg_name_or(&reg_ikev1_auth, v, buf, len);
}

/* ---------------------------------------------------------------------
 * Walking.
 */

/* The payload's bytes from its generic header, as far as captured. */
static int
offer_pl_cur(const struct ike_msg *m, const struct ike_payload *pl,
    struct cur *c)
{
	size_t have;

	if (m->raw == NULL || pl->off >= m->rawlen)
		return 0;
	have = m->rawlen - pl->off;
	*c = cur_make(m->raw + pl->off, have < pl->len ? have : pl->len);
	return cur_left(c) >= 4;
}

/* The body of the first SA payload. */
static int
offer_sa_body(const struct ike_msg *m, struct cur *body)
{
	uint8_t want = m->major == 1 ? IKEV1_P_SA : IKEV2_P_SA;
	unsigned i;

	if (m->major != 1 && m->major != 2)
		return 0;
	for (i = 0; i < m->npl && i < IKE_MAX_PAYLOADS; i++)
		if (m->pl[i].type == want)
			return offer_pl_cur(m, &m->pl[i], body) &&
			    cur_skip(body, 4);
	return 0;
}

/*
 * A proposal's header and SPI; p is left at its first transform.
 * Returns 0 when the header or the SPI is not all there.
 */
static int
offer_proposal(struct cur *c, struct cur *p, uint8_t *proto, uint8_t *ntr,
    int *more)
{
	uint8_t spisz;
	uint16_t len;

	if (cur_left(c) < 8)
		return 0;
	*more = cur_u8(c) == OFFER_MORE_PROPOSALS;
	cur_skip(c, 1);
	len = cur_u16(c);
	if (len < 8)
		return 0;
	*p = cur_sub(c, len - 4u);
	cur_skip(p, 1);			/* proposal number */
	*proto = cur_u8(p);
	spisz = cur_u8(p);
	*ntr = cur_u8(p);
	cur_skip(p, spisz);
	return cur_ok(p);
}

/*
 * A transform's header and the four bytes after it, which each version
 * packs its own way; t is left at its attributes.
 */
static int
offer_transform(struct cur *c, struct cur *t, uint32_t *head)
{
	uint16_t len;

	if (cur_left(c) < 8)
		return 0;
	cur_skip(c, 2);
	len = cur_u16(c);
	if (len < 8)
		return 0;
	*t = cur_sub(c, len - 4u);
	*head = cur_u32(t);
	return cur_ok(t);
}

/* ---------------------------------------------------------------------
 * IKEv2: one offer per proposal.
 */

struct offer_v2_xf {
	uint8_t		 type;
	uint16_t	 id;
	uint16_t	 bits;		/* Key Length, 0 if absent */
};

struct offer_v2_prop {
	uint8_t		 proto;
	unsigned	 n;
	struct offer_v2_xf xf[255];	/* the count is one byte */
};

typedef int	(*offer_v2_fn)(void *, const struct offer_v2_prop *);

static void
offer_v2_attrs(struct cur t, struct offer_v2_xf *x)
{
	uint16_t type, v;

	while (cur_left(&t) >= 4) {
		type = cur_u16(&t);
		v = cur_u16(&t);
		if (!(type & OFFER_AF))
			cur_skip(&t, v);
		else if ((type & 0x7fff) == IKEV2_TATTR_KEY_LENGTH &&
		    x->bits == 0)
			x->bits = v;
	}
}

/* Every readable proposal of m's SA payload to fn, until it says stop. */
static void
offer_v2_walk(const struct ike_msg *m, offer_v2_fn fn, void *arg)
{
	struct offer_v2_prop p;
	struct cur c, pc, t;
	uint32_t head;
	uint8_t ntr;
	int more = 1, n;

	if (m->major != 2 || !offer_sa_body(m, &c))
		return;
	for (n = 0; more && n < OFFER_MAX_PROPOSALS; n++) {
		if (!offer_proposal(&c, &pc, &p.proto, &ntr, &more))
			return;
		/* Type, reserved, 16-bit transform id. */
		for (p.n = 0; p.n < ntr && offer_transform(&pc, &t, &head);
		    p.n++) {
			p.xf[p.n].type = (uint8_t)(head >> 24);
			p.xf[p.n].id = (uint16_t)head;
			p.xf[p.n].bits = 0;
			offer_v2_attrs(t, &p.xf[p.n]);
		}
		if (!fn(arg, &p))
			return;
	}
}

static void
offer_v2_word(struct offer_out *o, const struct offer_v2_xf *x)
{
	char u[32], w[64];

	switch (x->type) {
	case IKEV2_TT_ENCR:
		offer_word(o, offer_strip(reg_name_or(&reg_ikev2_encr, x->id,
		    u, sizeof(u)), "ENCR_"));
		if (x->bits != 0) {
			snprintf(w, sizeof(w), "-%u", x->bits);
			offer_put(o, w);
		}
		return;
	case IKEV2_TT_INTEG:
		offer_word(o, offer_strip(reg_name_or(&reg_ikev2_integ, x->id,
		    u, sizeof(u)), "AUTH_"));
		return;
	case IKEV2_TT_PRF:
		offer_word(o, reg_name_or(&reg_ikev2_prf, x->id, u, sizeof(u)));
		return;
	case IKEV2_TT_KE:
		offer_word(o, offer_dh_name(x->id, u, sizeof(u)));
		return;
	case IKEV2_TT_ESN:
		offer_word(o, reg_name_or(&reg_ikev2_esn, x->id, u, sizeof(u)));
		return;
	}
	/* RFC 9370 additional key exchanges, and types not yet known. */
	snprintf(w, sizeof(w), "%s:", reg_name_or(&reg_ikev2_transform_type,
	    x->type, u, sizeof(u)));
	offer_word(o, w);
	if (x->type >= IKEV2_TT_ADDKE1 && x->type <= IKEV2_TT_ADDKE7)
		offer_put(o, offer_dh_name(x->id, u, sizeof(u)));
	else {
		snprintf(w, sizeof(w), "%u", x->id);
		offer_put(o, w);
	}
}

/*
 * Cipher, integrity, PRF, group: the order people say them in, whatever
 * the order on the wire; the other types after them, in wire order.
 */
static const uint8_t offer_v2_order[] = {
	IKEV2_TT_ENCR, IKEV2_TT_INTEG, IKEV2_TT_PRF, IKEV2_TT_KE, IKEV2_TT_ESN,
};
#define OFFER_V2_RANKS	(sizeof(offer_v2_order) + 1)

static size_t
offer_v2_rank(uint8_t type)
{
	size_t i;

	for (i = 0; i < sizeof(offer_v2_order); i++)
		if (offer_v2_order[i] == type)
			return i;
	return sizeof(offer_v2_order);
}

static int
offer_v2_describe(void *arg, const struct offer_v2_prop *p)
{
	struct offer_out *o = arg;
	char u[32];
	unsigned i;
	size_t r;

	offer_begin(o);
	if (p->proto == PROTO_AH || p->proto == PROTO_ESP) {
		offer_put(o, reg_name(&reg_proto_id, p->proto));
		offer_put(o, " ");
	} else if (p->proto != PROTO_ISAKMP) {
		offer_put(o, reg_name_or(&reg_proto_id, p->proto, u,
		    sizeof(u)));
		offer_put(o, " ");
	}
	for (r = 0; r < OFFER_V2_RANKS; r++)
		for (i = 0; i < p->n; i++)
			if (offer_v2_rank(p->xf[i].type) == r)
				offer_v2_word(o, &p->xf[i]);
	if (o->words == 0)
		offer_word(o, "(no transforms)");
	offer_end(o);
	return 1;
}

/*
 * What each cipher puts in an SK payload (RFC 7296 3.14: the IV is one
 * block for CBC, 8 bytes for the RFC 2451 ciphers; RFC 5930 AES-CTR,
 * RFC 5282 GCM/CCM, RFC 5529 Camellia CTR/CCM, RFC 7634 ChaCha20-
 * Poly1305: 8 bytes).  Ciphers with no IKEv2 use (RFC 7296 says
 * UNSPECIFIED for DES_IV64, 3IDEA, DES_IV32; IANA "not allowed" for
 * RFC 4543 GMAC and RFC 8750 implicit IV) have no layout to go by:
 * unknown, as is anything missing here.
 */
static const struct offer_cipher {
	uint16_t	 id;
	uint8_t		 aead;
	uint8_t		 iv;
	uint8_t		 icv;		/* AEAD only */
} offer_ciphers[] = {
	{ IKEV2_ENCR_DES, 0, 8, 0 },
	{ IKEV2_ENCR_3DES, 0, 8, 0 },
	{ IKEV2_ENCR_RC5, 0, 8, 0 },
	{ IKEV2_ENCR_IDEA, 0, 8, 0 },
	{ IKEV2_ENCR_CAST, 0, 8, 0 },
	{ IKEV2_ENCR_BLOWFISH, 0, 8, 0 },
	{ IKEV2_ENCR_NULL, 0, 0, 0 },
	{ IKEV2_ENCR_AES_CBC, 0, 16, 0 },
	{ IKEV2_ENCR_AES_CTR, 0, 8, 0 },
	{ IKEV2_ENCR_AES_CCM_8, 1, 8, 8 },
	{ IKEV2_ENCR_AES_CCM_12, 1, 8, 12 },
	{ IKEV2_ENCR_AES_CCM_16, 1, 8, 16 },
	{ IKEV2_ENCR_AES_GCM_8, 1, 8, 8 },
	{ IKEV2_ENCR_AES_GCM_12, 1, 8, 12 },
	{ IKEV2_ENCR_AES_GCM_16, 1, 8, 16 },
	{ IKEV2_ENCR_NULL_AUTH_AES_GMAC, 1, OFFER_UNKNOWN, OFFER_UNKNOWN },
	{ IKEV2_ENCR_CAMELLIA_CBC, 0, 16, 0 },
	{ IKEV2_ENCR_CAMELLIA_CTR, 0, 8, 0 },
	{ IKEV2_ENCR_CAMELLIA_CCM_8, 1, 8, 8 },
	{ IKEV2_ENCR_CAMELLIA_CCM_12, 1, 8, 12 },
	{ IKEV2_ENCR_CAMELLIA_CCM_16, 1, 8, 16 },
	{ IKEV2_ENCR_CHACHA20_POLY1305, 1, 8, 16 },
	{ IKEV2_ENCR_AES_CCM_8_IIV, 1, OFFER_UNKNOWN, OFFER_UNKNOWN },
	{ IKEV2_ENCR_AES_GCM_16_IIV, 1, OFFER_UNKNOWN, OFFER_UNKNOWN },
	{ IKEV2_ENCR_CHACHA20_POLY1305_IIV, 1, OFFER_UNKNOWN, OFFER_UNKNOWN },
};

/* Integrity checksum bytes: the truncated MAC length the name says. */
static const struct offer_integ {
	uint16_t	 id;
	uint8_t		 icv;
} offer_integs[] = {
	{ IKEV2_INTEG_HMAC_MD5_96, 12 },
	{ IKEV2_INTEG_HMAC_SHA1_96, 12 },
	{ IKEV2_INTEG_AES_XCBC_96, 12 },
	{ IKEV2_INTEG_HMAC_MD5_128, 16 },
	{ IKEV2_INTEG_HMAC_SHA1_160, 20 },
	{ IKEV2_INTEG_AES_CMAC_96, 12 },
	{ IKEV2_INTEG_HMAC_SHA2_256_128, 16 },
	{ IKEV2_INTEG_HMAC_SHA2_384_192, 24 },
	{ IKEV2_INTEG_HMAC_SHA2_512_256, 32 },
};

static void
offer_v2_sizes(struct offer_v2 *o)
{
	const struct offer_cipher *c = NULL;
	size_t i;

	for (i = 0; i < sizeof(offer_ciphers) / sizeof(offer_ciphers[0]); i++)
		if (offer_ciphers[i].id == o->encr)
			c = &offer_ciphers[i];
	o->aead = c != NULL && c->aead;
	o->iv_len = c != NULL ? c->iv : OFFER_UNKNOWN;
	o->icv_len = OFFER_UNKNOWN;
	if (o->aead) {
		o->icv_len = c->icv;
		return;
	}
	for (i = 0; i < sizeof(offer_integs) / sizeof(offer_integs[0]); i++)
		if (offer_integs[i].id == o->integ)
			o->icv_len = offer_integs[i].icv;
}

struct offer_v2_take {
	struct offer_v2	*o;
	int		 found;
};

/* The first transform of each type, as a responder's choice has one. */
static int
offer_v2_take(void *arg, const struct offer_v2_prop *p)
{
	struct offer_v2_take *k = arg;
	struct offer_v2 *o = k->o;
	int seen[IKEV2_TT_KE + 1] = { 0 };
	const struct offer_v2_xf *x;
	unsigned i;

	for (i = 0; i < p->n; i++) {
		x = &p->xf[i];
		if (x->type < IKEV2_TT_ENCR || x->type > IKEV2_TT_KE ||
		    seen[x->type]++)
			continue;
		if (x->type == IKEV2_TT_ENCR) {
			o->encr = x->id;
			o->encr_bits = x->bits;
		} else if (x->type == IKEV2_TT_INTEG)
			o->integ = x->id;
		else if (x->type == IKEV2_TT_PRF)
			o->prf = x->id;
		else
			o->dh = x->id;
	}
	k->found = 1;
	return 0;
}

int
offer_v2_chosen(const struct ike_msg *m, struct offer_v2 *out)
{
	struct offer_v2_take k = { out, 0 };

	memset(out, 0, sizeof(*out));
	if (m != NULL)
		offer_v2_walk(m, offer_v2_take, &k);
	if (!k.found) {
		out->iv_len = out->icv_len = OFFER_UNKNOWN;
		return 0;
	}
	offer_v2_sizes(out);
	return 1;
}

/* ---------------------------------------------------------------------
 * IKEv1: one offer per transform.
 */

enum offer_v1_field {
	V1_ENCR,		/* phase 1 only; ESP says it in the id */
	V1_BITS,
	V1_HASH,		/* phase 1 hash, or IPsec auth algorithm */
	V1_AUTH,
	V1_GROUP,
	V1_LIFE_TYPE,
	V1_LIFE,		/* a duration, in the last life type */
	V1_LIFE_S,
	V1_LIFE_KB,
	V1_NFIELDS
};

struct offer_v1_xf {
	uint8_t		 proto;
	uint8_t		 id;
	unsigned	 have;		/* 1 << enum offer_v1_field */
	uint32_t	 v[V1_NFIELDS];
};

typedef int	(*offer_v1_fn)(void *, const struct offer_v1_xf *);

static int
offer_v1_has(const struct offer_v1_xf *x, enum offer_v1_field f)
{
	return (x->have & 1u << f) != 0;
}

/* Attribute classes by protocol: RFC 2409 appendix A, RFC 2407 4.5. */
static const struct offer_v1_class {
	uint8_t		 isakmp;
	uint16_t	 type;
	uint8_t		 field;
} offer_v1_classes[] = {
	{ 1, IKEV1_ATTR_ENCRYPTION_ALGORITHM, V1_ENCR },
	{ 1, IKEV1_ATTR_HASH_ALGORITHM, V1_HASH },
	{ 1, IKEV1_ATTR_AUTHENTICATION_METHOD, V1_AUTH },
	{ 1, IKEV1_ATTR_GROUP_DESCRIPTION, V1_GROUP },
	{ 1, IKEV1_ATTR_LIFE_TYPE, V1_LIFE_TYPE },
	{ 1, IKEV1_ATTR_LIFE_DURATION, V1_LIFE },
	{ 1, IKEV1_ATTR_KEY_LENGTH, V1_BITS },
	{ 0, IPSEC_ATTR_SA_LIFE_TYPE, V1_LIFE_TYPE },
	{ 0, IPSEC_ATTR_SA_LIFE_DURATION, V1_LIFE },
	{ 0, IPSEC_ATTR_GROUP_DESCRIPTION, V1_GROUP },
	{ 0, IPSEC_ATTR_AUTHENTICATION_ALGORITHM, V1_HASH },
	{ 0, IPSEC_ATTR_KEY_LENGTH, V1_BITS },
};

/*
 * One data attribute.  A TLV value is read as a big-endian number of any
 * length, saturating at UINT32_MAX: Life Duration is the one that comes
 * as TLV, in 1 to 4 bytes or, from some peers, more with leading zeros.
 */
static int
offer_v1_attr(struct cur *c, uint16_t *type, uint32_t *value)
{
	const uint8_t *b;
	uint16_t t, l;
	uint64_t v = 0;
	size_t i;

	if (cur_left(c) < 4)
		return 0;
	t = cur_u16(c);
	l = cur_u16(c);
	*type = t & 0x7fff;
	if (t & OFFER_AF) {
		*value = l;
		return 1;
	}
	if ((b = cur_take(c, l)) == NULL)
		return 0;
	/* Stops once past 32 bits: v stays below 2^40, never wraps. */
	for (i = 0; i < l && v <= UINT32_MAX; i++)
		v = v << 8 | b[i];
	*value = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
	return 1;
}

/* The first value of each field counts; a duration needs its type. */
static void
offer_v1_apply(struct offer_v1_xf *x, uint16_t type, uint32_t v)
{
	int isakmp = x->proto == PROTO_ISAKMP, f = -1;
	size_t i;

	for (i = 0; i < sizeof(offer_v1_classes) /
	    sizeof(offer_v1_classes[0]); i++)
		if (offer_v1_classes[i].isakmp == isakmp &&
		    offer_v1_classes[i].type == type)
			f = offer_v1_classes[i].field;
	if (f == V1_LIFE_TYPE) {
		x->v[f] = v;
		return;
	}
	if (f == V1_LIFE && x->v[V1_LIFE_TYPE] == IKEV1_LIFE_SECONDS)
		f = V1_LIFE_S;
	else if (f == V1_LIFE && x->v[V1_LIFE_TYPE] == IKEV1_LIFE_KILOBYTES)
		f = V1_LIFE_KB;
	if (f < 0 || f == V1_LIFE || offer_v1_has(x, f))
		return;
	x->have |= 1u << f;
	x->v[f] = v;
}

static void
offer_v1_attrs(struct cur t, struct offer_v1_xf *x)
{
	uint16_t type;
	uint32_t v;

	while (offer_v1_attr(&t, &type, &v))
		offer_v1_apply(x, type, v);
}

/*
 * Every readable transform of m's SA payload to fn.  The situation may
 * be followed by labeled domain data (SIT_SECRECY, SIT_INTEGRITY); no
 * deployment sends it, and it is not skipped here either.
 */
static void
offer_v1_walk(const struct ike_msg *m, offer_v1_fn fn, void *arg)
{
	struct offer_v1_xf x;
	struct cur c, pc, t;
	uint32_t head;
	uint8_t proto, ntr;
	int more = 1, n;
	unsigned i;

	if (m->major != 1 || !offer_sa_body(m, &c) || !cur_skip(&c, 8))
		return;
	for (n = 0; more && n < OFFER_MAX_PROPOSALS; n++) {
		if (!offer_proposal(&c, &pc, &proto, &ntr, &more))
			return;
		for (i = 0; i < ntr && offer_transform(&pc, &t, &head); i++) {
			memset(&x, 0, sizeof(x));
			x.proto = proto;
			/* Number, transform id, two reserved bytes. */
			x.id = (uint8_t)(head >> 16);
			offer_v1_attrs(t, &x);
			if (!fn(arg, &x))
				return;
		}
	}
}

static void
offer_v1_lifetimes(struct offer_out *o, const struct offer_v1_xf *x)
{
	char w[32];

	if (offer_v1_has(x, V1_LIFE_S)) {
		snprintf(w, sizeof(w), " %us", x->v[V1_LIFE_S]);
		offer_put(o, w);
	}
	if (offer_v1_has(x, V1_LIFE_KB)) {
		snprintf(w, sizeof(w), " %ukB", x->v[V1_LIFE_KB]);
		offer_put(o, w);
	}
}

/* The transform id of an AH, ESP or IPCOMP transform, as a word. */
static void
offer_v1_id_word(struct offer_out *o, const struct offer_v1_xf *x)
{
	char u[32];

	switch (x->proto) {
	case PROTO_ESP:
		offer_word(o, offer_strip(reg_name_or(&reg_ipsec_esp_id, x->id,
		    u, sizeof(u)), "ESP_"));
		break;
	case PROTO_AH:
		offer_word(o, offer_strip(reg_name_or(&reg_ipsec_ah_id, x->id,
		    u, sizeof(u)), "AH_"));
		break;
	case PROTO_IPCOMP:
		offer_word(o, offer_strip(reg_name_or(&reg_ipsec_ipcomp_id,
		    x->id, u, sizeof(u)), "IPCOMP_"));
		return;
	default:
		snprintf(u, sizeof(u), "%u", x->id);
		offer_word(o, u);
		return;
	}
	if (offer_v1_has(x, V1_BITS)) {
		snprintf(u, sizeof(u), "-%u", x->v[V1_BITS]);
		offer_put(o, u);
	}
}

static int
offer_v1_describe(void *arg, const struct offer_v1_xf *x)
{
	struct offer_out *o = arg;
	char u[32];
	int p1 = x->proto == PROTO_ISAKMP;

	offer_begin(o);
	if (!p1) {
		/* 4 is IPCOMP in IKEv1; the registry shares it with v2. */
		offer_put(o, x->proto == PROTO_IPCOMP ? "IPCOMP" :
		    reg_name_or(&reg_proto_id, x->proto, u, sizeof(u)));
		offer_put(o, " ");
		offer_v1_id_word(o, x);
	}
	if (p1 && offer_v1_has(x, V1_ENCR)) {
		offer_word(o, reg_name_or(&reg_ikev1_encr, x->v[V1_ENCR], u,
		    sizeof(u)));
		if (offer_v1_has(x, V1_BITS)) {
			snprintf(u, sizeof(u), "-%u", x->v[V1_BITS]);
			offer_put(o, u);
		}
	}
	if (offer_v1_has(x, V1_HASH))
		offer_word(o, reg_name_or(p1 ? &reg_ikev1_hash :
		    &reg_ipsec_auth, x->v[V1_HASH], u, sizeof(u)));
	if (p1 && offer_v1_has(x, V1_AUTH))
		offer_word(o, offer_v1_auth_name(x->v[V1_AUTH], u, sizeof(u)));
	if (offer_v1_has(x, V1_GROUP))
		offer_word(o, offer_dh_name(x->v[V1_GROUP], u, sizeof(u)));
	if (o->words == 0)
		offer_word(o, reg_name_or(&reg_ikev1_key_ike, x->id, u,
		    sizeof(u)));
	offer_v1_lifetimes(o, x);
	offer_end(o);
	return 1;
}

static int
offer_v1_first(void *arg, const struct offer_v1_xf *x)
{
	uint32_t *life = arg;

	if (offer_v1_has(x, V1_LIFE_S))
		*life = x->v[V1_LIFE_S];
	return 0;
}

uint32_t
offer_v1_lifetime(const struct ike_msg *m)
{
	uint32_t life = 0;

	offer_v1_walk(m, offer_v1_first, &life);
	return life;
}

/*
 * RFC 2407 4.6.3.1: the notify data is an attribute list.  Its classes
 * follow the notify's protocol: phase 1 classes for ISAKMP (Cisco sends
 * it so for the IKE SA), IPsec DOI SA attributes for AH and ESP.
 */
static int
offer_v1_notify_read(struct cur c, uint32_t *life)
{
	struct offer_v1_xf x;
	struct cur body;
	uint16_t plen, type;
	uint8_t spisz;

	cur_skip(&c, 2);
	plen = cur_u16(&c);
	body = cur_sub(&c, plen >= 4 ? plen - 4u : 0);
	memset(&x, 0, sizeof(x));
	cur_skip(&body, 4);		/* DOI */
	x.proto = cur_u8(&body);
	spisz = cur_u8(&body);
	type = cur_u16(&body);
	cur_skip(&body, spisz);
	*life = 0;
	if (!cur_ok(&body) || type != IKEV1_N_RESPONDER_LIFETIME)
		return 0;
	offer_v1_attrs(body, &x);
	if (offer_v1_has(&x, V1_LIFE_S))
		*life = x.v[V1_LIFE_S];
	return 1;
}

uint32_t
offer_v1_notify_lifetime(const struct ike_msg *m,
    const uint8_t *notify_payload, size_t len)
{
	struct cur c;
	unsigned i;
	uint32_t life = 0;

	if (notify_payload != NULL) {
		offer_v1_notify_read(cur_make(notify_payload, len), &life);
		return life;
	}
	if (m == NULL || m->major != 1)
		return 0;
	/* The first RESPONDER-LIFETIME, even when it says no seconds. */
	for (i = 0; i < m->npl && i < IKE_MAX_PAYLOADS; i++)
		if (m->pl[i].type == IKEV1_P_N &&
		    offer_pl_cur(m, &m->pl[i], &c) &&
		    offer_v1_notify_read(c, &life))
			return life;
	return 0;
}

/* ---------------------------------------------------------------------
 * The summary.
 */

int
offer_summary(const struct ike_msg *m, char *buf, size_t len)
{
	struct offer_out o;

	offer_init(&o, buf, len);
	if (m == NULL)
		return 0;
	if (m->major == 2)
		offer_v2_walk(m, offer_v2_describe, &o);
	else if (m->major == 1)
		offer_v1_walk(m, offer_v1_describe, &o);
	offer_finish(&o);
	return o.count;
}
