/*
 * test_offer.c: words for SA payloads (diag/offer.c).
 *
 * Messages are built byte by byte and dissected as frames, then read by
 * offer_summary(), offer_v2_chosen() and the IKEv1 lifetime readers:
 * IKEv2 proposals (one, two, AEAD, unknown cipher), IKEv1 Main Mode
 * with TV and TLV lifetimes, Quick Mode in the clear, RESPONDER-LIFETIME,
 * every prefix of each message, and the "; ..." rule of the text.
 */
#include <stdio.h>
#include <string.h>

#include "diag/offer.h"
#include "dissect/names.h"
#include "dissect/registry.h"
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"

#define STR_IS(got, want) do {						\
	CU_ASSERT_STRING_EQUAL((got), (want));				\
	if (strcmp((got), (want)) != 0)					\
		fprintf(stderr, "\n  want \"%s\"\n  got  \"%s\"\n",	\
		    (want), (got));					\
} while (0)

#define V2_P1	"AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP2048"
#define V2_P2	"AES_GCM_16-128/PRF_HMAC_SHA2_384/ECP384"

/* A substructure header (next/last, reserved, length); see sub_close. */
static size_t
sub_open(struct fb *f, uint8_t next)
{
	size_t at = f->n;

	fb_u8(f, next);
	fb_u8(f, 0);
	fb_u16(f, 0);
	return at;
}

static void
sub_close(struct fb *f, size_t at)
{
	fb_put16(f, at + 2, (uint16_t)(f->n - at));
}

static void
tv(struct fb *f, uint16_t type, uint16_t v)
{
	fb_u16(f, 0x8000 | type);
	fb_u16(f, v);
}

static void
tlv32(struct fb *f, uint16_t type, uint32_t v)
{
	fb_u16(f, type);
	fb_u16(f, 4);
	fb_u32(f, v);
}

/* Ethernet, IPv4, UDP 500, an IKE header; the caller adds payloads. */
static void
msg_begin(struct fb *f, uint8_t ver, uint8_t exch, uint8_t flags,
    uint8_t np)
{
	fb_init(f);
	fb_eth(f, 0x0800, 0, NULL, NULL);
	fb_ip4(f, 17, T_SRC4, T_DST4);
	fb_udp(f, 500, 500);
	fb_ike(f, T_ISPI, exch == 34 && !(flags & 0x20) ? 0 : T_RSPI, np,
	    ver, exch, flags, exch == 32 || exch == 5 ? 0x77 : 0);
}

static void
dissect_into(struct fb *f, struct pkt *p)
{
	char err[128];
	struct dissector *d = dissect_new(DLT_EN10MB, err, sizeof(err));

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	fb_fix(f);
	fb_dissect(d, f, p);
	dissect_free(d);
	CU_ASSERT_EQUAL(p->kind, PK_IKE);
	CU_ASSERT_EQUAL(p->anomalies, 0);
}

/* ---------------------------------------------------------------- v2 */

struct v2x {
	uint8_t		 type;
	uint16_t	 id;
	uint16_t	 bits;
};

static void
v2_proposal(struct fb *f, int more, uint8_t num, const struct v2x *x,
    size_t n)
{
	size_t p = sub_open(f, more ? 2 : 0), t, i;

	fb_u8(f, num);
	fb_u8(f, 1);			/* IKE */
	fb_u8(f, 0);			/* no SPI in IKE_SA_INIT */
	fb_u8(f, (uint8_t)n);
	for (i = 0; i < n; i++) {
		t = sub_open(f, i + 1 < n ? 3 : 0);
		fb_u8(f, x[i].type);
		fb_u8(f, 0);
		fb_u16(f, x[i].id);
		if (x[i].bits != 0)
			tv(f, IKEV2_TATTR_KEY_LENGTH, x[i].bits);
		sub_close(f, t);
	}
	sub_close(f, p);
}

static const struct v2x v2_cbc[] = {
	{ IKEV2_TT_ENCR, IKEV2_ENCR_AES_CBC, 256 },
	/* Wire order PRF before INTEG, as strongSwan sends it. */
	{ IKEV2_TT_PRF, IKEV2_PRF_HMAC_SHA2_256, 0 },
	{ IKEV2_TT_INTEG, IKEV2_INTEG_HMAC_SHA2_256_128, 0 },
	{ IKEV2_TT_KE, DH_MODP2048, 0 },
};

static const struct v2x v2_gcm[] = {
	{ IKEV2_TT_ENCR, IKEV2_ENCR_AES_GCM_16, 128 },
	{ IKEV2_TT_PRF, IKEV2_PRF_HMAC_SHA2_384, 0 },
	{ IKEV2_TT_KE, DH_ECP384, 0 },
};

#define NX(a)	(sizeof(a) / sizeof((a)[0]))

/* IKE_SA_INIT with one SA payload of the given proposals, then a KE. */
static void
v2_msg(struct fb *f, int response, const struct v2x *a, size_t na,
    const struct v2x *b, size_t nb)
{
	size_t sa;

	msg_begin(f, 0x20, 34, response ? 0x20 : 0x08, IKEV2_P_SA);
	sa = sub_open(f, IKEV2_P_KE);
	v2_proposal(f, b != NULL, 1, a, na);
	if (b != NULL)
		v2_proposal(f, 0, 2, b, nb);
	sub_close(f, sa);
	fb_u8(f, 0);			/* KE */
	fb_u8(f, 0);
	fb_u16(f, 8 + 16);
	fb_u16(f, 14);
	fb_u16(f, 0);
	fb_fill(f, 0x5a, 16);
}

static void
test_v2_one_proposal(void)
{
	struct offer_v2 o;
	struct fb f;
	struct pkt p;
	char buf[256];

	v2_msg(&f, 1, v2_cbc, NX(v2_cbc), NULL, 0);
	dissect_into(&f, &p);
	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, sizeof(buf)), 1);
	STR_IS(buf, V2_P1);
	CU_ASSERT_EQUAL_FATAL(offer_v2_chosen(&p.ike, &o), 1);
	CU_ASSERT_EQUAL(o.encr, IKEV2_ENCR_AES_CBC);
	CU_ASSERT_EQUAL(o.encr_bits, 256);
	CU_ASSERT_EQUAL(o.integ, IKEV2_INTEG_HMAC_SHA2_256_128);
	CU_ASSERT_EQUAL(o.prf, IKEV2_PRF_HMAC_SHA2_256);
	CU_ASSERT_EQUAL(o.dh, DH_MODP2048);
	CU_ASSERT_EQUAL(o.aead, 0);
	CU_ASSERT_EQUAL(o.iv_len, 16);
	CU_ASSERT_EQUAL(o.icv_len, 16);
	/* Not IKEv1: no lifetime, and the v1 readers say so. */
	CU_ASSERT_EQUAL(offer_v1_lifetime(&p.ike), 0);
	CU_ASSERT_EQUAL(offer_v1_notify_lifetime(&p.ike, NULL, 0), 0);
}

static void
test_v2_two_proposals(void)
{
	struct offer_v2 o;
	struct fb f;
	struct pkt p;
	char buf[256];

	v2_msg(&f, 0, v2_cbc, NX(v2_cbc), v2_gcm, NX(v2_gcm));
	dissect_into(&f, &p);
	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, sizeof(buf)), 2);
	STR_IS(buf, V2_P1 "; " V2_P2);
	/* The first proposal is the one read as chosen. */
	CU_ASSERT_EQUAL(offer_v2_chosen(&p.ike, &o), 1);
	CU_ASSERT_EQUAL(o.encr, IKEV2_ENCR_AES_CBC);
}

static void
test_v2_aead(void)
{
	struct offer_v2 o;
	struct fb f;
	struct pkt p;
	char buf[256];

	v2_msg(&f, 1, v2_gcm, NX(v2_gcm), NULL, 0);
	dissect_into(&f, &p);
	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, sizeof(buf)), 1);
	STR_IS(buf, V2_P2);
	CU_ASSERT_EQUAL_FATAL(offer_v2_chosen(&p.ike, &o), 1);
	CU_ASSERT_EQUAL(o.encr, IKEV2_ENCR_AES_GCM_16);
	CU_ASSERT_EQUAL(o.encr_bits, 128);
	CU_ASSERT_EQUAL(o.integ, 0);
	CU_ASSERT_EQUAL(o.prf, IKEV2_PRF_HMAC_SHA2_384);
	CU_ASSERT_EQUAL(o.dh, DH_ECP384);
	CU_ASSERT_EQUAL(o.aead, 1);
	CU_ASSERT_EQUAL(o.iv_len, 8);
	CU_ASSERT_EQUAL(o.icv_len, 16);
}

/* The size tables, one cipher/integrity pair at a time. */
static void
test_v2_sizes(void)
{
	static const struct {
		uint16_t	 encr, integ;
		uint8_t		 aead, iv, icv;
	} t[] = {
		{ IKEV2_ENCR_3DES, IKEV2_INTEG_HMAC_SHA1_96, 0, 8, 12 },
		{ IKEV2_ENCR_AES_CTR, IKEV2_INTEG_HMAC_SHA2_512_256, 0, 8, 32 },
		{ IKEV2_ENCR_NULL, IKEV2_INTEG_HMAC_SHA2_384_192, 0, 0, 24 },
		{ IKEV2_ENCR_CAMELLIA_CBC, IKEV2_INTEG_AES_XCBC_96, 0, 16, 12 },
		{ IKEV2_ENCR_AES_CCM_8, 0, 1, 8, 8 },
		{ IKEV2_ENCR_AES_GCM_12, 0, 1, 8, 12 },
		{ IKEV2_ENCR_CHACHA20_POLY1305, 0, 1, 8, 16 },
		/* No integrity for a non-AEAD cipher: nothing to go by. */
		{ IKEV2_ENCR_AES_CBC, 0, 0, 16, OFFER_UNKNOWN },
		/* Unknown cipher; the integrity transform still says. */
		{ 1234, IKEV2_INTEG_HMAC_SHA2_256_128, 0, OFFER_UNKNOWN, 16 },
		{ 1234, 0, 0, OFFER_UNKNOWN, OFFER_UNKNOWN },
	};
	struct v2x x[3];
	struct offer_v2 o;
	struct fb f;
	struct pkt p;
	size_t i, n;

	for (i = 0; i < NX(t); i++) {
		n = 0;
		x[n++] = (struct v2x){ IKEV2_TT_ENCR, t[i].encr, 0 };
		if (t[i].integ != 0)
			x[n++] = (struct v2x){ IKEV2_TT_INTEG, t[i].integ, 0 };
		x[n++] = (struct v2x){ IKEV2_TT_KE, DH_MODP2048, 0 };
		v2_msg(&f, 1, x, n, NULL, 0);
		dissect_into(&f, &p);
		CU_ASSERT_EQUAL_FATAL(offer_v2_chosen(&p.ike, &o), 1);
		CU_ASSERT_EQUAL(o.aead, t[i].aead);
		CU_ASSERT_EQUAL(o.iv_len, t[i].iv);
		CU_ASSERT_EQUAL(o.icv_len, t[i].icv);
		if (o.iv_len != t[i].iv || o.icv_len != t[i].icv)
			fprintf(stderr, "\n  encr %u integ %u: iv %u icv %u\n",
			    t[i].encr, t[i].integ, o.iv_len, o.icv_len);
	}
}

static void
test_v2_unknown_cipher(void)
{
	static const struct v2x x[] = {
		{ IKEV2_TT_ENCR, 1234, 256 },
		{ IKEV2_TT_INTEG, IKEV2_INTEG_HMAC_SHA2_256_128, 0 },
		{ IKEV2_TT_PRF, IKEV2_PRF_HMAC_SHA2_256, 0 },
		{ IKEV2_TT_KE, DH_MODP2048, 0 },
		{ 99, 7, 0 },		/* a transform type not yet known */
	};
	struct offer_v2 o;
	struct fb f;
	struct pkt p;
	char buf[256];

	v2_msg(&f, 1, x, NX(x), NULL, 0);
	dissect_into(&f, &p);
	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, sizeof(buf)), 1);
	STR_IS(buf, "UNKNOWN(1234)-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/"
	    "MODP2048/UNKNOWN(99):7");
	CU_ASSERT_EQUAL_FATAL(offer_v2_chosen(&p.ike, &o), 1);
	CU_ASSERT_EQUAL(o.encr, 1234);
	CU_ASSERT_EQUAL(o.aead, 0);
	CU_ASSERT_EQUAL(o.iv_len, OFFER_UNKNOWN);
	CU_ASSERT_EQUAL(o.icv_len, 16);
}

/* ---------------------------------------------------------------- v1 */

/*
 * MM1 with two transforms in one proposal: AES-CBC-256 with a lifetime,
 * as TV or as a 4-byte TLV, and 3DES without one.
 */
static void
v1_mm1(struct fb *f, int tlv_life)
{
	size_t sa, pr, t;

	msg_begin(f, 0x10, 2, 0, IKEV1_P_SA);
	sa = sub_open(f, IKEV1_P_VID);
	fb_u32(f, 1);			/* DOI IPSEC */
	fb_u32(f, 1);			/* SIT_IDENTITY_ONLY */
	pr = sub_open(f, 0);
	fb_u8(f, 1);
	fb_u8(f, PROTO_ISAKMP);
	fb_u8(f, 0);
	fb_u8(f, 2);
	t = sub_open(f, 3);
	fb_u8(f, 1);
	fb_u8(f, IKEV1_KEY_IKE);
	fb_u16(f, 0);
	tv(f, IKEV1_ATTR_ENCRYPTION_ALGORITHM, IKEV1_ENCR_AES_CBC);
	tv(f, IKEV1_ATTR_HASH_ALGORITHM, IKEV1_HASH_SHA2_256);
	tv(f, IKEV1_ATTR_AUTHENTICATION_METHOD, IKEV1_AUTH_PSK);
	tv(f, IKEV1_ATTR_GROUP_DESCRIPTION, DH_MODP1024);
	tv(f, IKEV1_ATTR_LIFE_TYPE, IKEV1_LIFE_SECONDS);
	if (tlv_life)
		tlv32(f, IKEV1_ATTR_LIFE_DURATION, 28800);
	else
		tv(f, IKEV1_ATTR_LIFE_DURATION, 28800);
	/* Key length after the cipher, as some peers order it. */
	tv(f, IKEV1_ATTR_KEY_LENGTH, 256);
	sub_close(f, t);
	t = sub_open(f, 0);
	fb_u8(f, 2);
	fb_u8(f, IKEV1_KEY_IKE);
	fb_u16(f, 0);
	tv(f, IKEV1_ATTR_ENCRYPTION_ALGORITHM, IKEV1_ENCR_3DES_CBC);
	tv(f, IKEV1_ATTR_HASH_ALGORITHM, IKEV1_HASH_SHA);
	tv(f, IKEV1_ATTR_GROUP_DESCRIPTION, DH_MODP1024);
	tv(f, IKEV1_ATTR_AUTHENTICATION_METHOD, IKEV1_AUTH_RSA_SIG);
	sub_close(f, t);
	sub_close(f, pr);
	sub_close(f, sa);
	fb_payload(f, 0, 16, 0x4f);	/* a vendor ID */
}

#define V1_MM1	"AES-CBC-256/SHA2-256/PSK/MODP1024 28800s; " \
		"3DES-CBC/SHA/RSA-SIG/MODP1024"

static void
test_v1_main_mode(void)
{
	struct offer_v2 o;
	struct fb f;
	struct pkt p;
	char buf[256];
	int tlv;

	for (tlv = 0; tlv < 2; tlv++) {
		v1_mm1(&f, tlv);
		dissect_into(&f, &p);
		CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, sizeof(buf)), 2);
		STR_IS(buf, V1_MM1);
		CU_ASSERT_EQUAL(offer_v1_lifetime(&p.ike), 28800);
		CU_ASSERT_EQUAL(offer_v2_chosen(&p.ike, &o), 0);
		CU_ASSERT_EQUAL(o.iv_len, OFFER_UNKNOWN);
	}
}

/* Quick Mode in the clear (a capture from before encryption, or lab). */
static void
v1_qm(struct fb *f)
{
	size_t sa, pr, t;

	msg_begin(f, 0x10, 32, 0, IKEV1_P_HASH);
	fb_payload(f, IKEV1_P_SA, 20, 0x11);
	sa = sub_open(f, 0);
	fb_u32(f, 1);
	fb_u32(f, 1);
	pr = sub_open(f, 0);
	fb_u8(f, 1);
	fb_u8(f, PROTO_ESP);
	fb_u8(f, 4);
	fb_u8(f, 2);
	fb_u32(f, 0xc0ffee01);
	t = sub_open(f, 3);
	fb_u8(f, 1);
	fb_u8(f, IPSEC_ESP_AES_CBC);
	fb_u16(f, 0);
	tv(f, IPSEC_ATTR_SA_LIFE_TYPE, IKEV1_LIFE_SECONDS);
	tlv32(f, IPSEC_ATTR_SA_LIFE_DURATION, 3600);
	tv(f, IPSEC_ATTR_SA_LIFE_TYPE, IKEV1_LIFE_KILOBYTES);
	tlv32(f, IPSEC_ATTR_SA_LIFE_DURATION, 4608000);
	tv(f, IPSEC_ATTR_ENCAPSULATION_MODE, IPSEC_ENCAP_TUNNEL);
	tv(f, IPSEC_ATTR_AUTHENTICATION_ALGORITHM, IPSEC_AUTH_HMAC_SHA);
	tv(f, IPSEC_ATTR_KEY_LENGTH, 256);
	tv(f, IPSEC_ATTR_GROUP_DESCRIPTION, DH_MODP1024);
	sub_close(f, t);
	t = sub_open(f, 0);
	fb_u8(f, 2);
	fb_u8(f, IPSEC_ESP_3DES);
	fb_u16(f, 0);
	tv(f, IPSEC_ATTR_AUTHENTICATION_ALGORITHM, IPSEC_AUTH_HMAC_MD5);
	sub_close(f, t);
	sub_close(f, pr);
	sub_close(f, sa);
}

static void
test_v1_quick_mode(void)
{
	struct fb f;
	struct pkt p;
	char buf[256];

	v1_qm(&f);
	dissect_into(&f, &p);
	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, sizeof(buf)), 2);
	STR_IS(buf, "ESP AES-CBC-256/HMAC-SHA/MODP1024 3600s 4608000kB; "
	    "ESP 3DES/HMAC-MD5");
	CU_ASSERT_EQUAL(offer_v1_lifetime(&p.ike), 3600);
}

/* Informational with RESPONDER-LIFETIME (RFC 2407 4.6.3.1). */
static void
v1_notify_msg(struct fb *f, uint8_t proto, uint16_t type)
{
	size_t n;

	msg_begin(f, 0x10, 5, 0, IKEV1_P_N);
	n = sub_open(f, 0);
	fb_u32(f, 1);
	fb_u8(f, proto);
	fb_u8(f, proto == PROTO_ISAKMP ? 16 : 4);
	fb_u16(f, type);
	fb_fill(f, 0x21, proto == PROTO_ISAKMP ? 16 : 4);
	if (proto == PROTO_ISAKMP) {
		tv(f, IKEV1_ATTR_LIFE_TYPE, IKEV1_LIFE_SECONDS);
		tlv32(f, IKEV1_ATTR_LIFE_DURATION, 86400);
	} else {
		tv(f, IPSEC_ATTR_SA_LIFE_TYPE, IKEV1_LIFE_KILOBYTES);
		tlv32(f, IPSEC_ATTR_SA_LIFE_DURATION, 250000);
		tv(f, IPSEC_ATTR_SA_LIFE_TYPE, IKEV1_LIFE_SECONDS);
		tv(f, IPSEC_ATTR_SA_LIFE_DURATION, 3600);
	}
	sub_close(f, n);
}

static void
test_v1_responder_lifetime(void)
{
	const struct ike_payload *pl;
	struct fb f;
	struct pkt p;
	char buf[64];

	v1_notify_msg(&f, PROTO_ESP, IKEV1_N_RESPONDER_LIFETIME);
	dissect_into(&f, &p);
	CU_ASSERT_EQUAL(offer_v1_notify_lifetime(&p.ike, NULL, 0), 3600);
	pl = &p.ike.pl[0];
	CU_ASSERT_EQUAL(offer_v1_notify_lifetime(&p.ike, p.ike.raw + pl->off,
	    pl->len), 3600);
	/* No SA payload: no offer, an empty text. */
	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, sizeof(buf)), 0);
	STR_IS(buf, "");
	CU_ASSERT_EQUAL(offer_v1_lifetime(&p.ike), 0);

	v1_notify_msg(&f, PROTO_ISAKMP, IKEV1_N_RESPONDER_LIFETIME);
	dissect_into(&f, &p);
	CU_ASSERT_EQUAL(offer_v1_notify_lifetime(&p.ike, NULL, 0), 86400);

	v1_notify_msg(&f, PROTO_ESP, IKEV1_N_INITIAL_CONTACT);
	dissect_into(&f, &p);
	CU_ASSERT_EQUAL(offer_v1_notify_lifetime(&p.ike, NULL, 0), 0);
}

/* Life Duration as TLV of 1, 3, 8 and 9 bytes, read from bare bytes. */
static void
test_v1_duration_lengths(void)
{
	static const struct {
		uint8_t		 len;
		uint8_t		 v[9];
		uint32_t	 want;
	} t[] = {
		{ 1, { 0x3c }, 60 },
		{ 3, { 0x01, 0x51, 0x80 }, 86400 },
		{ 8, { 0, 0, 0, 0, 0, 0x01, 0x51, 0x80 }, 86400 },
		{ 8, { 0, 0, 0, 0x01, 0, 0, 0, 0 }, UINT32_MAX },
		{ 9, { 0x01, 0, 0, 0, 0, 0, 0, 0, 0 }, UINT32_MAX },
		{ 0, { 0 }, 0 },
	};
	struct ike_msg m;
	struct fb f;
	size_t i, n;

	memset(&m, 0, sizeof(m));
	m.major = 1;
	for (i = 0; i < NX(t); i++) {
		fb_init(&f);
		n = sub_open(&f, 0);
		fb_u32(&f, 1);
		fb_u8(&f, PROTO_ESP);
		fb_u8(&f, 0);
		fb_u16(&f, IKEV1_N_RESPONDER_LIFETIME);
		tv(&f, IPSEC_ATTR_SA_LIFE_TYPE, IKEV1_LIFE_SECONDS);
		fb_u16(&f, IPSEC_ATTR_SA_LIFE_DURATION);
		fb_u16(&f, t[i].len);
		memcpy(f.b + f.n, t[i].v, t[i].len);
		f.n += t[i].len;
		sub_close(&f, n);
		CU_ASSERT_EQUAL(offer_v1_notify_lifetime(&m, f.b, f.n),
		    t[i].want);
		/* Cut anywhere: the duration goes first, and nothing is read
		 * past the cut. */
		for (n = 0; n < f.n; n++)
			CU_ASSERT_EQUAL(offer_v1_notify_lifetime(&m, f.b, n),
			    0);
	}
}

/* --------------------------------------------------- damage, the text */

/*
 * Every prefix of an IKE message (header length left as it was): no
 * read past the end (run under the sanitizers), a terminated text,
 * never more offers than the whole message has, and each offer that
 * was captured whole is written as in the whole message.
 */
static void
every_prefix(const struct fb *f, int offers, const char *first)
{
	const uint8_t *ike = f->b + f->ike_off;
	size_t n = f->n - f->ike_off, len;
	struct ike_msg m;
	struct offer_v2 o;
	uint32_t anom;
	char buf[256];
	int got;

	for (len = 0; len <= n; len++) {
		anom = 0;
		isakmp_decode(ike, len, &m, &anom);
		memset(buf, 'x', sizeof(buf));
		got = offer_summary(&m, buf, sizeof(buf));
		CU_ASSERT_PTR_NOT_NULL(memchr(buf, '\0', sizeof(buf)));
		CU_ASSERT_TRUE(got >= 0 && got <= offers);
		if (got > 1)
			CU_ASSERT_EQUAL(strncmp(buf, first, strlen(first)), 0);
		if (len == n)
			CU_ASSERT_EQUAL(got, offers);
		(void)offer_v2_chosen(&m, &o);
		(void)offer_v1_lifetime(&m);
		(void)offer_v1_notify_lifetime(&m, NULL, 0);
	}
}

/* The same through the whole dissector, cut by the snapshot length. */
static void
every_caplen(const struct fb *f)
{
	char err[128], buf[64];
	struct dissector *d = dissect_new(DLT_EN10MB, err, sizeof(err));
	struct offer_v2 o;
	struct pkt p;
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	for (len = 0; len <= f->n; len++) {
		fb_dissect_n(d, f, len, f->n, &p);
		offer_summary(&p.ike, buf, sizeof(buf));
		CU_ASSERT_TRUE(strlen(buf) < sizeof(buf));
		offer_v2_chosen(&p.ike, &o);
		offer_v1_lifetime(&p.ike);
	}
	dissect_free(d);
}

static void
test_truncated(void)
{
	struct fb f;
	struct pkt p;
	struct ike_msg m;
	uint32_t anom = 0;
	size_t cut;
	char buf[256];

	v2_msg(&f, 0, v2_cbc, NX(v2_cbc), v2_gcm, NX(v2_gcm));
	fb_fix(&f);
	every_prefix(&f, 2, V2_P1);
	every_caplen(&f);
	v1_mm1(&f, 1);
	fb_fix(&f);
	every_prefix(&f, 2, "AES-CBC-256/SHA2-256/PSK/MODP1024 28800s");
	every_caplen(&f);
	v1_qm(&f);
	fb_fix(&f);
	every_prefix(&f, 2, "ESP AES-CBC-256/HMAC-SHA/MODP1024");
	every_caplen(&f);

	/* Cut inside the second proposal's transforms: what was read. */
	v2_msg(&f, 0, v2_cbc, NX(v2_cbc), v2_gcm, NX(v2_gcm));
	fb_fix(&f);
	dissect_into(&f, &p);
	cut = p.ike.pl[0].off + p.ike.pl[0].len - 8;	/* last KE gone */
	isakmp_decode(f.b + f.ike_off, cut, &m, &anom);
	CU_ASSERT_EQUAL(offer_summary(&m, buf, sizeof(buf)), 2);
	STR_IS(buf, V2_P1 "; AES_GCM_16-128/PRF_HMAC_SHA2_384");
}

/* Lengths that lie: zero, short, past the end, counts past the bytes. */
static void
test_hostile(void)
{
	struct ike_msg m;
	struct offer_v2 o;
	struct fb f;
	uint32_t anom = 0;
	char buf[64];
	size_t sa, pr;

	/* A proposal of length 4, then a transform count of 255. */
	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, IKEV2_P_SA, 0x20, 34, 0x08, 0);
	sa = sub_open(&f, 0);
	fb_u8(&f, 2);
	fb_u8(&f, 0);
	fb_u16(&f, 4);
	fb_fill(&f, 0, 8);
	sub_close(&f, sa);
	fb_fix(&f);
	isakmp_decode(f.b, f.n, &m, &anom);
	CU_ASSERT_EQUAL(offer_summary(&m, buf, sizeof(buf)), 0);
	CU_ASSERT_EQUAL(offer_v2_chosen(&m, &o), 0);

	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, IKEV2_P_SA, 0x20, 34, 0x08, 0);
	sa = sub_open(&f, 0);
	pr = sub_open(&f, 2);		/* says more proposals follow */
	fb_u8(&f, 1);
	fb_u8(&f, 1);
	fb_u8(&f, 0);
	fb_u8(&f, 255);
	fb_u16(&f, 0);			/* a transform of length 7 */
	fb_u16(&f, 7);
	fb_u32(&f, 0x01000000 | IKEV2_ENCR_AES_CBC);
	sub_close(&f, pr);
	sub_close(&f, sa);
	fb_fix(&f);
	isakmp_decode(f.b, f.n, &m, &anom);
	CU_ASSERT_EQUAL(offer_summary(&m, buf, sizeof(buf)), 1);
	STR_IS(buf, "(no transforms)");
	CU_ASSERT_EQUAL(offer_v2_chosen(&m, &o), 1);
	CU_ASSERT_EQUAL(o.encr, 0);
	CU_ASSERT_EQUAL(o.iv_len, OFFER_UNKNOWN);

	/* IKEv1: a TLV attribute that announces more than there is. */
	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, IKEV1_P_SA, 0x10, 2, 0, 0);
	sa = sub_open(&f, 0);
	fb_u32(&f, 1);
	fb_u32(&f, 1);
	pr = sub_open(&f, 0);
	fb_u8(&f, 1);
	fb_u8(&f, PROTO_ISAKMP);
	fb_u8(&f, 0);
	fb_u8(&f, 1);
	fb_u16(&f, 0);
	fb_u16(&f, 8 + 4 + 4);
	fb_u8(&f, 1);
	fb_u8(&f, 1);
	fb_u16(&f, 0);
	tv(&f, IKEV1_ATTR_ENCRYPTION_ALGORITHM, IKEV1_ENCR_AES_CBC);
	fb_u16(&f, IKEV1_ATTR_LIFE_DURATION);
	fb_u16(&f, 60000);
	sub_close(&f, pr);
	sub_close(&f, sa);
	fb_fix(&f);
	isakmp_decode(f.b, f.n, &m, &anom);
	CU_ASSERT_EQUAL(offer_summary(&m, buf, sizeof(buf)), 1);
	STR_IS(buf, "AES-CBC");
	CU_ASSERT_EQUAL(offer_v1_lifetime(&m), 0);

	/* No message bytes at all. */
	memset(&m, 0, sizeof(m));
	m.major = 2;
	m.npl = 1;
	m.pl[0].type = IKEV2_P_SA;
	m.pl[0].len = 40;
	CU_ASSERT_EQUAL(offer_summary(&m, buf, sizeof(buf)), 0);
	CU_ASSERT_EQUAL(offer_v2_chosen(&m, &o), 0);
}

/* Whole offers or none; "; ..." after the last that fits; "..." alone. */
static void
test_text_cut(void)
{
	static const char *three = V2_P1 "; " V2_P2 "; " V2_P2;
	const size_t l1 = strlen(V2_P1), l2 = strlen(V2_P2);
	struct fb f;
	struct pkt p;
	char buf[256], small[8];
	size_t sa;

	msg_begin(&f, 0x20, 34, 0x08, IKEV2_P_SA);
	sa = sub_open(&f, 0);
	v2_proposal(&f, 1, 1, v2_cbc, NX(v2_cbc));
	v2_proposal(&f, 1, 2, v2_gcm, NX(v2_gcm));
	v2_proposal(&f, 0, 3, v2_gcm, NX(v2_gcm));
	sub_close(&f, sa);
	dissect_into(&f, &p);

	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, strlen(three) + 1), 3);
	STR_IS(buf, three);
	/* One short: the third goes, and "; ..." fits in its place. */
	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, strlen(three)), 3);
	STR_IS(buf, V2_P1 "; " V2_P2 "; ...");
	/* Two fit, but not the marker after them: back to one. */
	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, l1 + 2 + l2 + 1), 3);
	STR_IS(buf, V2_P1 "; ...");
	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, l1 + 5 + 1), 3);
	STR_IS(buf, V2_P1 "; ...");
	/* The first fits, the marker does not. */
	CU_ASSERT_EQUAL(offer_summary(&p.ike, buf, l1 + 5), 3);
	STR_IS(buf, "...");
	CU_ASSERT_EQUAL(offer_summary(&p.ike, small, sizeof(small)), 3);
	STR_IS(small, "...");
	CU_ASSERT_EQUAL(offer_summary(&p.ike, small, 3), 3);
	STR_IS(small, "..");
	CU_ASSERT_EQUAL(offer_summary(&p.ike, small, 1), 3);
	STR_IS(small, "");
	CU_ASSERT_EQUAL(offer_summary(&p.ike, NULL, 0), 3);
	/* Never a byte past len. */
	memset(buf, 'x', sizeof(buf));
	offer_summary(&p.ike, buf, 20);
	CU_ASSERT_EQUAL(buf[20], 'x');
}

int
suite_offer(void)
{
	static const struct test_def t[] = {
		{ "IKEv2 one proposal", test_v2_one_proposal },
		{ "IKEv2 two proposals", test_v2_two_proposals },
		{ "IKEv2 AEAD", test_v2_aead },
		{ "IKEv2 IV and ICV sizes", test_v2_sizes },
		{ "IKEv2 unknown cipher", test_v2_unknown_cipher },
		{ "IKEv1 Main Mode, TV and TLV lifetime", test_v1_main_mode },
		{ "IKEv1 Quick Mode ESP", test_v1_quick_mode },
		{ "IKEv1 RESPONDER-LIFETIME", test_v1_responder_lifetime },
		{ "IKEv1 Life Duration lengths", test_v1_duration_lengths },
		{ "every prefix", test_truncated },
		{ "hostile lengths", test_hostile },
		{ "text cut at a separator", test_text_cut },
	};

	return SUITE("offers", t);
}
