/*
 * test_payloads.c: the payload contents decoder (ikedetail), one test
 * per payload handler, and every message cut at every length.
 *
 * A collecting visitor writes what the decoder says as compact text,
 * "SA{doi=IPSEC proposals[{number=1 ...}]}", and checks that groups and
 * lists are balanced, so the outputs built on it stay well formed.
 */
#include <stdio.h>
#include <string.h>

#include "dissect/ikedetail.h"
#include "dissect/names.h"
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"

struct collect {
	char		 buf[8192];
	size_t		 n;
	int		 depth;
	int		 kind[32];	/* 1 group, 2 list */
	const char	*keys[32][24];	/* keys said in each open group */
	int		 nkeys[32];
	int		 bad;
	int		 dup;		/* a key said twice in one group */
};

static void
col_put(struct collect *c, const char *s)
{
	size_t l = strlen(s);

	if (c->n + l + 1 < sizeof(c->buf)) {
		memcpy(c->buf + c->n, s, l);
		c->n += l;
		c->buf[c->n] = '\0';
	}
}

static void
col_key(struct collect *c, const char *key)
{
	if (c->n > 0 && c->buf[c->n - 1] != '{' && c->buf[c->n - 1] != '[')
		col_put(c, " ");
	/* Keys only in groups, never in lists. */
	if (c->depth > 0 && c->kind[c->depth - 1] == 2 && key != NULL)
		c->bad = 1;
	if (key != NULL) {
		col_put(c, key);
		col_put(c, "=");
	}
	if (key != NULL && c->depth > 0 && c->depth <= 32) {
		int i, d = c->depth - 1;

		for (i = 0; i < c->nkeys[d]; i++)
			if (strcmp(c->keys[d][i], key) == 0)
				c->dup = 1;
		if (c->nkeys[d] < 24)
			c->keys[d][c->nkeys[d]++] = key;
	}
}

static void
col_open(struct collect *c, int kind, const char *key, const char *br)
{
	col_key(c, key);
	col_put(c, br);
	if (c->depth < 32) {
		c->kind[c->depth] = kind;
		c->nkeys[c->depth] = 0;
	}
	c->depth++;
}

static void
col_close(struct collect *c, int kind, const char *br)
{
	if (c->depth == 0 || (c->depth <= 32 && c->kind[c->depth - 1] != kind))
		c->bad = 1;
	c->depth--;
	col_put(c, br);
}

static void col_gb(void *a, const char *k) { col_open(a, 1, k, "{"); }
static void col_ge(void *a) { col_close(a, 1, "}"); }
static void col_lb(void *a, const char *k) { col_open(a, 2, k, "["); }
static void col_le(void *a) { col_close(a, 2, "]"); }

static void
col_value(void *a, int level, const char *key, const struct ikd_value *v)
{
	struct collect *c = a;
	char s[160];
	size_t i;

	(void)level;
	col_key(c, key);
	switch (v->kind) {
	case IKD_UINT:
	case IKD_BOOL:
		snprintf(s, sizeof(s), "%llu", (unsigned long long)v->u);
		break;
	case IKD_NAMED:
	case IKD_TEXT:
		snprintf(s, sizeof(s), "%s", v->s);
		break;
	case IKD_BYTES:
		s[0] = '\0';
		for (i = 0; i < v->n && i < 40; i++)
			snprintf(s + 2 * i, sizeof(s) - 2 * i, "%02x", v->b[i]);
		break;
	case IKD_ADDR:
		addr_fmt(&v->addr, s, sizeof(s));
		break;
	}
	col_put(c, s);
}

/* Decode the message in f and collect its payload tree at -vv. */
static const char *
walk(const struct fb *f, size_t len, struct collect *c)
{
	static const struct ikd_visitor v = {
		NULL, col_gb, col_ge, col_lb, col_le, col_value,
	};
	struct ikd_visitor vv = v;
	struct ike_msg m;
	uint32_t anom = 0;

	memset(c, 0, sizeof(*c));
	vv.arg = c;
	isakmp_decode(f->b, len, &m, &anom);
	ikd_walk(&m, 2, &vv);
	CU_ASSERT_EQUAL(c->depth, 0);
	CU_ASSERT_FALSE(c->bad);
	CU_ASSERT_FALSE(c->dup);
	if (c->dup)
		fprintf(stderr, "\n  repeated key in %s\n", c->buf);
	return c->buf;
}

#define HAS(s, what) do {						\
	CU_ASSERT_PTR_NOT_NULL(strstr((s), (what)));			\
	if (strstr((s), (what)) == NULL)				\
		fprintf(stderr, "\n  want %s\n  in   %s\n", (what), (s));	\
} while (0)

/* Every prefix of the message: no crash, always balanced. */
static void
every_length(const struct fb *f)
{
	struct collect c;
	size_t len;

	for (len = 0; len <= f->n; len++)
		walk(f, len, &c);
}

static void
test_v1_sa(void)
{
	struct collect c;
	struct fb f;
	const char *s;

	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 1, 0x10, 2, 0, 0);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 8 + 8 + 8 + 4 + 8 + 4 + 4 + 4);	/* SA length */
	fb_u32(&f, 1);			/* DOI IPSEC */
	fb_u32(&f, 1);			/* SIT_IDENTITY_ONLY */
	fb_u8(&f, 0);			/* proposal, last */
	fb_u8(&f, 0);
	fb_u16(&f, 8 + 8 + 4 + 8 + 4 + 4);
	fb_u8(&f, 1);			/* proposal 1 */
	fb_u8(&f, 1);			/* PROTO_ISAKMP */
	fb_u8(&f, 0);			/* no SPI */
	fb_u8(&f, 1);			/* one transform */
	fb_u8(&f, 0);			/* transform, last */
	fb_u8(&f, 0);
	fb_u16(&f, 8 + 4 + 8 + 4 + 4);
	fb_u8(&f, 1);
	fb_u8(&f, 1);			/* KEY_IKE */
	fb_u16(&f, 0);
	fb_u16(&f, 0x8001);		/* encryption: AES-CBC (TV) */
	fb_u16(&f, 7);
	fb_u16(&f, 0x000c);		/* life duration (TLV, 4 bytes) */
	fb_u16(&f, 4);
	fb_u32(&f, 86400);
	fb_u16(&f, 0x8004);		/* group 14 */
	fb_u16(&f, 14);
	fb_u16(&f, 0x8003);		/* PSK */
	fb_u16(&f, 1);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "type=SA");
	HAS(s, "doi=IPSEC");
	HAS(s, "protocol=ISAKMP");
	HAS(s, "transform=KEY_IKE");
	HAS(s, "{type=Encryption Algorithm value=AES-CBC}");
	HAS(s, "{type=Life Duration value=86400}");
	HAS(s, "value=MODP2048");
	HAS(s, "{type=Authentication Method value=Pre");
	every_length(&f);
}

static void
test_v1_id_notify_delete(void)
{
	struct collect c;
	struct fb f;
	const char *s;

	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 5, 0x10, 5, 0, 0x1234);
	/* ID: IPv4 subnet 198.51.100.0/24, UDP port 500 */
	fb_u8(&f, 11);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 4 + 8);
	fb_u8(&f, 4);
	fb_u8(&f, 17);
	fb_u16(&f, 500);
	fb_u32(&f, 0xc6336400);
	fb_u32(&f, 0xffffff00);
	/* N: INVALID-SPI for ESP SPI 0xc0ffee01 */
	fb_u8(&f, 12);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 8 + 4);
	fb_u32(&f, 1);
	fb_u8(&f, 3);
	fb_u8(&f, 4);
	fb_u16(&f, 11);
	fb_u32(&f, 0xc0ffee01);
	/* D: two ESP SPIs */
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 8 + 8);
	fb_u32(&f, 1);
	fb_u8(&f, 3);
	fb_u8(&f, 4);
	fb_u16(&f, 2);
	fb_u32(&f, 0x11111111);
	fb_u32(&f, 0x22222222);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "id_type=ID_IPV4_ADDR_SUBNET protocol=17 port=500 "
	    "address=198.51.100.0 prefix=24");
	HAS(s, "notify=INVALID-SPI class=error");
	HAS(s, "spi=c0ffee01");
	HAS(s, "spis=[11111111 22222222]");
	every_length(&f);
}

static void
test_v1_frag_natd_encrypted(void)
{
	struct collect c;
	struct fb f;
	const char *s;

	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 20, 0x10, 2, 0, 0);
	fb_payload(&f, 0, 20, 0xab);	/* NAT-D */
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "type=NAT-D type_num=20 length=24 hash=abababab");
	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 5, 0x10, 2, 1, 0);
	fb_fill(&f, 0x77, 40);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "type=encrypted first_payload=ID encrypted_length=40");
}

static void
test_v2_sa_ke(void)
{
	struct collect c;
	struct fb f;
	const char *s;

	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 33, 0x20, 34, 0x08, 0);
	fb_u8(&f, 34);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 8 + 12 + 8);
	fb_u8(&f, 0);			/* last proposal */
	fb_u8(&f, 0);
	fb_u16(&f, 8 + 12 + 8);
	fb_u8(&f, 1);
	fb_u8(&f, 1);			/* IKE */
	fb_u8(&f, 0);
	fb_u8(&f, 2);
	fb_u8(&f, 3);			/* more transforms */
	fb_u8(&f, 0);
	fb_u16(&f, 12);
	fb_u8(&f, 1);			/* ENCR */
	fb_u8(&f, 0);
	fb_u16(&f, 12);			/* AES-CBC */
	fb_u16(&f, 0x800e);		/* key length 256 */
	fb_u16(&f, 256);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 8);
	fb_u8(&f, 4);			/* KE */
	fb_u8(&f, 0);
	fb_u16(&f, 19);			/* ECP256 */
	/* KE payload */
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 8 + 64);
	fb_u16(&f, 19);
	fb_u16(&f, 0);
	fb_fill(&f, 0x5a, 64);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "type=ENCR");
	HAS(s, "algorithm=ENCR_AES_CBC key_length=256");
	HAS(s, "type=KE algorithm=ECP256");
	HAS(s, "group=ECP256");
	HAS(s, "data_length=64");
	every_length(&f);
}

static void
test_v2_notify_ts_delete_cp(void)
{
	struct collect c;
	struct fb f;
	const char *s;

	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 41, 0x20, 36, 0x20, 3);
	/* N: INVALID_KE_PAYLOAD, group 14 wanted */
	fb_u8(&f, 44);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 4 + 2);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 17);
	fb_u16(&f, 14);
	/* TSi: one IPv4 range, TCP port 443 */
	fb_u8(&f, 42);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 4 + 16);
	fb_u8(&f, 1);
	fb_fill(&f, 0, 3);
	fb_u8(&f, 7);
	fb_u8(&f, 6);
	fb_u16(&f, 16);
	fb_u16(&f, 443);
	fb_u16(&f, 443);
	fb_u32(&f, 0xc6336400);
	fb_u32(&f, 0xc63364ff);
	/* D: one ESP SPI */
	fb_u8(&f, 47);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 4 + 4);
	fb_u8(&f, 3);
	fb_u8(&f, 4);
	fb_u16(&f, 1);
	fb_u32(&f, 0xabcdef01);
	/* CP: reply with an internal address */
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 4 + 4 + 4);
	fb_u8(&f, 2);
	fb_fill(&f, 0, 3);
	fb_u16(&f, 1);
	fb_u16(&f, 4);
	fb_u32(&f, 0xc0000264);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "notify=INVALID_KE_PAYLOAD class=error group=MODP2048");
	HAS(s, "ts_type=TS_IPV4_ADDR_RANGE ip_protocol=6 start_port=443 "
	    "end_port=443 start=198.51.100.0 end=198.51.100.255");
	HAS(s, "protocol=ESP");
	HAS(s, "spis=[abcdef01]");
	HAS(s, "cfg_type=CFG_REPLY");
	HAS(s, "{type=INTERNAL_IP4_ADDRESS value=192.0.2.100}");
	every_length(&f);
}

static void
test_v2_id_auth_sk(void)
{
	struct collect c;
	struct fb f;
	const char *s;

	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 35, 0x20, 35, 0x08, 1);
	fb_u8(&f, 39);			/* IDi: FQDN */
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 4 + 11);
	fb_u8(&f, 2);
	fb_fill(&f, 0, 3);
	memcpy(f.b + f.n, "vpn.example", 11);
	f.n += 11;
	fb_u8(&f, 46);			/* AUTH: PSK */
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 4 + 32);
	fb_u8(&f, 2);
	fb_fill(&f, 0, 3);
	fb_fill(&f, 0x11, 32);
	fb_u8(&f, 0);			/* SK, empty inside */
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 48);
	fb_fill(&f, 0x99, 48);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "id_type=ID_FQDN name=vpn.example");
	HAS(s, "method=Shared Key Message Integrity Code");
	HAS(s, "type=SK type_num=46 length=52 encrypted_length=48");
	every_length(&f);
}

static void
test_v2_id_der_dn(void)
{
	/* SEQUENCE { SET { SEQUENCE { OID commonName, UTF8String "vpn" } } } */
	static const uint8_t dn[] = {
		0x30, 0x0e, 0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04,
		0x03, 0x0c, 0x03, 0x76, 0x70, 0x6e,
	};
	struct collect c;
	struct fb f;
	const char *s;

	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 36, 0x20, 35, 0x20, 1);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 4 + sizeof(dn));
	fb_u8(&f, 9);			/* ID_DER_ASN1_DN */
	fb_fill(&f, 0, 3);
	memcpy(f.b + f.n, dn, sizeof(dn));
	f.n += sizeof(dn);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "id_type=ID_DER_ASN1_DN dn_length=16 dn=CN=vpn");
	every_length(&f);
}

static void
test_hostile_lengths(void)
{
	struct collect c;
	struct fb f;
	const char *s;

	/* A proposal whose length is below its header: stop, stay sane. */
	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 33, 0x20, 34, 0x08, 0);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 8);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 2);			/* impossible */
	fb_u32(&f, 0x01010001);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "proposals=[]");
	/* A delete announcing 65535 SPIs with room for one. */
	fb_init(&f);
	fb_ike(&f, T_ISPI, T_RSPI, 42, 0x20, 37, 0x08, 2);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 4 + 4);
	fb_u8(&f, 3);
	fb_u8(&f, 4);
	fb_u16(&f, 0xffff);
	fb_u32(&f, 0x01020304);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "spis=[01020304]");
	HAS(s, "truncated=1");
	every_length(&f);
}

static void
test_v2_transforms_by_count(void)
{
	struct collect c;
	struct fb f;
	const char *s;

	/* Three transforms, the first one wrongly marked as the last, one
	 * carrying an attribute nobody defined. */
	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 33, 0x20, 34, 0x08, 0);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 8 + 4 + 12 + 8 + 8);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 8 + 4 + 12 + 8 + 8);
	fb_u8(&f, 1);
	fb_u8(&f, 3);			/* ESP */
	fb_u8(&f, 4);
	fb_u8(&f, 3);
	fb_u32(&f, 0xabcd0001);
	fb_u8(&f, 0);			/* "last", but two follow */
	fb_u8(&f, 0);
	fb_u16(&f, 12);
	fb_u8(&f, 1);
	fb_u8(&f, 0);
	fb_u16(&f, 12);
	fb_u16(&f, 0x8063);		/* an undefined TV attribute */
	fb_u16(&f, 7);
	fb_u8(&f, 3);
	fb_u8(&f, 0);
	fb_u16(&f, 8);
	fb_u8(&f, 3);
	fb_u8(&f, 0);
	fb_u16(&f, 12);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 8);
	fb_u8(&f, 5);
	fb_u8(&f, 0);
	fb_u16(&f, 0);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "algorithm=AUTH_HMAC_SHA2_256_128");
	HAS(s, "type=ESN");
	HAS(s, "attributes=[{type=UNKNOWN(99) value=7}]");
	HAS(s, "malformed=1");
	every_length(&f);

	/* An SPI size the proposal cannot hold: shown cut, and said so. */
	fb_init(&f);
	fb_ike(&f, T_ISPI, 0, 33, 0x20, 34, 0x08, 0);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 4 + 8 + 6);
	fb_u8(&f, 0);
	fb_u8(&f, 0);
	fb_u16(&f, 8 + 6);
	fb_u8(&f, 1);
	fb_u8(&f, 3);
	fb_u8(&f, 200);
	fb_u8(&f, 1);
	fb_fill(&f, 0xee, 6);
	fb_fix(&f);
	s = walk(&f, f.n, &c);
	HAS(s, "spi=eeeeeeeeeeee truncated=1");
}

int
suite_payloads(void)
{
	static const struct test_def t[] = {
		{ "IKEv1 SA, proposals, transforms, attributes", test_v1_sa },
		{ "IKEv1 ID, notify, delete", test_v1_id_notify_delete },
		{ "IKEv1 NAT-D, encrypted", test_v1_frag_natd_encrypted },
		{ "IKEv2 SA and KE", test_v2_sa_ke },
		{ "IKEv2 notify, TS, delete, CP", test_v2_notify_ts_delete_cp },
		{ "IKEv2 ID, AUTH, SK", test_v2_id_auth_sk },
		{ "IKEv2 ID as a DER DN", test_v2_id_der_dn },
		{ "hostile lengths", test_hostile_lengths },
		{ "IKEv2 transforms by count", test_v2_transforms_by_count },
	};

	return SUITE("payload contents", t);
}
