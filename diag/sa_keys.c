/*
 * sa_keys.c: what an IKE SA's decrypted messages tell (struct sa_keyed):
 * whether the user's keys decrypt each side's messages, the child SPIs
 * that SA payloads in Quick Mode, IKE_AUTH and CREATE_CHILD_SA carry
 * (RFC 2408 3.5, RFC 7296 3.3.1), the SPIs Delete payloads name (RFC 2408
 * 3.15, RFC 7296 3.11), and the traffic selectors of the latest child
 * request in words (RFC 7296 3.13, IKEv1 Quick Mode identities, RFC 2407
 * 4.6.2).  Every read is bounds-checked against the payload's bytes.
 */
#include <stdio.h>
#include <string.h>

#include "diag/offer.h"
#include "diag/sa.h"
#include "dissect/bytes.h"
#include "dissect/names.h"

/* A payload's body: the bytes after its generic header. */
static int
body_of(const struct ike_msg *m, int i, struct cur *c)
{
	const struct ike_payload *pl = &m->pl[i];

	if (pl->len < 4 || (size_t)pl->off + pl->len > m->rawlen)
		return 0;
	*c = cur_make(m->raw + pl->off + 4, pl->len - 4u);
	return 1;
}

static void
spi_add(struct sa_keyed *k, uint32_t spi)
{
	int i;

	if (spi == 0)
		return;
	for (i = 0; i < SA_SPIS && i < k->nspi; i++)
		if (k->spi[i] == spi)
			return;
	k->spi[k->nspi % SA_SPIS] = spi;
	if (k->nspi < 255)
		k->nspi++;
}

/* The ESP/AH SPIs of an SA payload's proposals. */
static void
sa_spis(struct sa_keyed *k, struct cur c, int v1)
{
	struct cur prop;
	uint16_t len;
	uint8_t proto, spisz, more = 2;

	if (v1)
		cur_skip(&c, 8);		/* DOI, situation */
	while (more == 2 && cur_ok(&c) && cur_left(&c) >= 8) {
		more = cur_u8(&c);
		cur_skip(&c, 1);
		len = cur_u16(&c);
		if (len < 8)
			return;
		prop = cur_sub(&c, len - 4u);
		cur_skip(&prop, 1);		/* proposal number */
		proto = cur_u8(&prop);
		spisz = cur_u8(&prop);
		cur_skip(&prop, 1);
		/* ESP (3) or AH (2), in both versions' numbering. */
		if ((proto == 2 || proto == 3) && spisz == 4) {
			uint32_t spi = cur_u32(&prop);

			if (cur_ok(&prop))
				spi_add(k, spi);
		}
	}
}

static void
del_add(struct sa_keyed *k, uint32_t spi, const struct pkt *p)
{
	int i, n = k->ndel < SA_DELS ? k->ndel : SA_DELS;

	for (i = 0; i < n; i++)
		if (k->del[i] == spi)
			return;
	i = k->ndel % SA_DELS;
	k->del[i] = spi;
	sa_when(&k->del_at[i], p);
	if (k->ndel < 255)
		k->ndel++;
}

static void
delete_spis(struct sa_keyed *k, struct cur c, int v1, const struct pkt *p)
{
	uint8_t proto, spisz;
	uint16_t n, i;

	if (v1)
		cur_skip(&c, 4);		/* DOI */
	proto = cur_u8(&c);
	spisz = cur_u8(&c);
	n = cur_u16(&c);
	if (!cur_ok(&c) || spisz != 4 || (proto != 2 && proto != 3))
		return;
	for (i = 0; i < n; i++) {
		uint32_t spi = cur_u32(&c);

		if (!cur_ok(&c))
			return;
		del_add(k, spi, p);
	}
}

/* One more range a side's selectors cover (deduplicated). */
static void
range_add(struct sa_keyed *k, int side, const uint8_t *lo, const uint8_t *hi,
    int len)
{
	struct sa_range r;
	int i;

	memset(&r, 0, sizeof(r));
	r.family = len == 16 ? 6 : 4;
	memcpy(r.lo, lo, (size_t)len);
	memcpy(r.hi, hi, (size_t)len);
	for (i = 0; i < k->nts[side]; i++)
		if (memcmp(&k->ts[side][i], &r, sizeof(r)) == 0)
			return;
	if (k->nts[side] == SA_RANGES) {
		k->ts_too_many = 1;
		return;
	}
	k->ts[side][k->nts[side]++] = r;
}

static int
in_range(const struct sa_range *r, const struct ip_addr *a)
{
	int len = r->family == 6 ? 16 : 4;

	return a->family == r->family && memcmp(a->a, r->lo, (size_t)len) >= 0
	    && memcmp(a->a, r->hi, (size_t)len) <= 0;
}

static int
in_side(const struct sa_keyed *k, int side, const struct ip_addr *a)
{
	int i;

	for (i = 0; i < k->nts[side]; i++)
		if (in_range(&k->ts[side][i], a))
			return 1;
	return 0;
}

void
sa_keyed_esp(struct sa_keyed *k, const struct pkt *p)
{
	const struct esp_hdr *e = &p->esp;
	struct sa_when when;

	if (e->dec != DEC_OK)
		return;
	if (sa_keyed_deleted(k, e->spi, &when) && p->frame > when.frame) {
		if (k->after_del++ == 0) {
			k->after_del_spi = e->spi;
			sa_when(&k->after_del_first, p);
			k->del_when = when;
		}
		sa_when(&k->after_del_last, p);
	}
	/* Tunnel mode only: transport mode carries the peers' own. */
	if (!e->has_inner || k->ts_too_many || k->nts[0] == 0 ||
	    k->nts[1] == 0 || (addr_eq(&e->inner_src, &p->src) &&
	    addr_eq(&e->inner_dst, &p->dst)))
		return;
	if ((in_side(k, 0, &e->inner_src) && in_side(k, 1, &e->inner_dst)) ||
	    (in_side(k, 1, &e->inner_src) && in_side(k, 0, &e->inner_dst)))
		return;
	if (k->outside++ == 0) {
		k->outside_spi = e->spi;
		k->outside_src = e->inner_src;
		k->outside_dst = e->inner_dst;
		k->outside_proto = e->inner_proto;
		sa_when(&k->outside_first, p);
	}
	sa_when(&k->outside_last, p);
}

/* "10.1.0.0/24" from a start and end address of len bytes. */
static void
range_text(const uint8_t *a, const uint8_t *b, int len, char *buf,
    size_t blen)
{
	struct ip_addr x, y;
	char s[ADDR_STRLEN], e[ADDR_STRLEN];
	int bits = 0, i, ok = 1;

	addr_set(&x, len == 16 ? 6 : 4, a);
	addr_set(&y, len == 16 ? 6 : 4, b);
	addr_fmt(&x, s, sizeof(s));
	/* A prefix: common leading bits, then all 0 in a and all 1 in b. */
	for (i = 0; i < len * 8; i++) {
		int ba = a[i / 8] >> (7 - i % 8) & 1;
		int bb = b[i / 8] >> (7 - i % 8) & 1;

		if (ba == bb && bits == i)
			bits++;
		else if (!(ba == 0 && bb == 1))
			ok = 0;
	}
	if (bits == len * 8)
		snprintf(buf, blen, "%s", s);
	else if (ok)
		snprintf(buf, blen, "%s/%d", s, bits);
	else
		snprintf(buf, blen, "%s-%s", s, addr_fmt(&y, e, sizeof(e)));
}

static void
append(char *buf, size_t len, const char *what)
{
	size_t n = strlen(buf);

	if (n + 2 + strlen(what) >= len) {
		if (n + 4 < len)
			snprintf(buf + n, len - n, " ...");
		return;
	}
	snprintf(buf + n, len - n, "%s%s", n ? ", " : "", what);
}

/* Protocol and ports, when they narrow: " udp/500". */
static void
proto_ports(char *out, size_t len, uint8_t proto, uint16_t lo, uint16_t hi)
{
	char u[24];

	out[0] = '\0';
	if (proto == 0)
		return;
	if (lo == 0 && hi == 65535)
		snprintf(out, len, " %s", names_or_unknown(ip_proto_name(proto),
		    proto, u, sizeof(u)));
	else if (lo == hi)
		snprintf(out, len, " %s/%u", names_or_unknown(ip_proto_name(
		    proto), proto, u, sizeof(u)), lo);
	else
		snprintf(out, len, " %s/%u-%u", names_or_unknown(ip_proto_name(
		    proto), proto, u, sizeof(u)), lo, hi);
}

/* IKEv2 TSi or TSr: each selector in words. */
static void
ts_v2(struct sa_keyed *k, int side, struct cur c, char *buf, size_t len)
{
	uint8_t n, type, proto, i;
	uint16_t slen, lo, hi;
	char one[96], pp[40];

	buf[0] = '\0';
	n = cur_u8(&c);
	cur_skip(&c, 3);
	for (i = 0; i < n && cur_ok(&c); i++) {
		struct cur t;
		int alen;

		type = cur_u8(&c);
		proto = cur_u8(&c);
		slen = cur_u16(&c);
		if (!cur_ok(&c) || slen < 8)
			return;
		t = cur_sub(&c, slen - 4u);
		lo = cur_u16(&t);
		hi = cur_u16(&t);
		alen = type == 7 ? 4 : type == 8 ? 16 : 0;
		if (alen == 0 || cur_left(&t) < (size_t)alen * 2)
			continue;
		range_text(cur_ptr(&t), cur_ptr(&t) + alen, alen, one,
		    sizeof(one));
		range_add(k, side, cur_ptr(&t), cur_ptr(&t) + alen, alen);
		proto_ports(pp, sizeof(pp), proto, lo, hi);
		strncat(one, pp, sizeof(one) - strlen(one) - 1);
		append(buf, len, one);
	}
}

/* IKEv1 Quick Mode identity (RFC 2407 4.6.2) in words. */
static void
id_v1(struct sa_keyed *k, int side, struct cur c, char *buf, size_t len)
{
	uint8_t type, proto, m[16], hi[16];
	uint16_t port;
	char one[96], pp[40];
	const uint8_t *a;
	int alen, i;

	type = cur_u8(&c);
	proto = cur_u8(&c);
	port = cur_u16(&c);
	if (!cur_ok(&c))
		return;
	alen = (type == 1 || type == 4 || type == 7) ? 4 :
	    (type == 5 || type == 6 || type == 8) ? 16 : 0;
	if (alen == 0 || cur_left(&c) < (size_t)alen)
		return;
	a = cur_ptr(&c);
	if (type == 1 || type == 5) {
		range_text(a, a, alen, one, sizeof(one));
		range_add(k, side, a, a, alen);
	} else if (cur_left(&c) < (size_t)alen * 2)
		return;
	else if (type == 4 || type == 6) {
		/* Address and mask: the range they span. */
		for (i = 0; i < alen; i++) {
			m[i] = a[i] & a[alen + i];
			hi[i] = (uint8_t)(m[i] | ~a[alen + i]);
		}
		range_text(m, hi, alen, one, sizeof(one));
		range_add(k, side, m, hi, alen);
	} else {
		range_text(a, a + alen, alen, one, sizeof(one));
		range_add(k, side, a, a + alen, alen);
	}
	proto_ports(pp, sizeof(pp), proto, port, port == 0 ? 65535 : port);
	strncat(one, pp, sizeof(one) - strlen(one) - 1);
	snprintf(buf, len, "%s", one);
}

void
sa_keyed_update(struct sa_keyed *k, const struct pkt *p, int from_ini)
{
	const struct ike_msg *m = &p->ike;
	int side = from_ini ? SA_INI : SA_RSP, i, ids = 0, v1;
	struct cur c;
	int request;

	if (m->dec == DEC_NONE)
		return;
	if (m->dec != DEC_OK) {
		if (k->bad[0] + k->bad[1] == 0) {
			k->why = m->dec;
			sa_when(&k->bad_at, p);
		}
		if (k->bad[side] < UINT16_MAX)
			k->bad[side]++;
		return;
	}
	if (k->ok[side] < UINT16_MAX)
		k->ok[side]++;
	v1 = m->major == 1;
	request = v1 ? 1 : !(m->flags & IKEV2_F_RESPONSE);
	/* A child request's offer: IKE_AUTH, CREATE_CHILD_SA, Quick Mode 1. */
	if ((!v1 && request && (m->exch == IKEV2_X_IKE_AUTH ||
	    m->exch == IKEV2_X_CREATE_CHILD_SA)) || (v1 &&
	    m->exch == IKEV1_X_QUICK && (k->ts_frame == 0 ||
	    k->ts_msgid != m->msgid)))
		(void)offer_summary(m, k->child_offer, sizeof(k->child_offer));
	for (i = 0; i < m->npl; i++) {
		uint8_t t = m->pl[i].type;

		if (!body_of(m, i, &c))
			continue;
		if (t == (v1 ? IKEV1_P_SA : IKEV2_P_SA) && (!v1 ||
		    m->exch == IKEV1_X_QUICK))
			sa_spis(k, c, v1);
		else if (t == (v1 ? IKEV1_P_D : IKEV2_P_D))
			delete_spis(k, c, v1, p);
		else if (!v1 && request && (t == IKEV2_P_TSI ||
		    t == IKEV2_P_TSR)) {
			ts_v2(k, t == IKEV2_P_TSI ? 0 : 1, c, t == IKEV2_P_TSI ?
			    k->ts_local : k->ts_remote, SA_TS);
			k->ts_from_ini = (uint8_t)from_ini;
			k->ts_frame = p->frame;
		} else if (v1 && m->exch == IKEV1_X_QUICK && t == IKEV1_P_ID &&
		    ids < 2 && (ids > 0 || k->ts_frame == 0 ||
		    k->ts_msgid != m->msgid)) {
			/*
			 * The first message of a Quick Mode exchange: its
			 * sender's identity, then the peer's (the answer
			 * repeats them).
			 */
			id_v1(k, ids, c, ids == 0 ? k->ts_local :
			    k->ts_remote, SA_TS);
			k->ts_from_ini = (uint8_t)from_ini;
			k->ts_frame = p->frame;
			k->ts_msgid = m->msgid;
			ids++;
		}
	}
}

int
sa_keyed_spi(const struct sa_keyed *k, uint32_t spi)
{
	int i, n = k->nspi < SA_SPIS ? k->nspi : SA_SPIS;

	for (i = 0; i < n; i++)
		if (k->spi[i] == spi)
			return 1;
	return 0;
}

int
sa_keyed_deleted(const struct sa_keyed *k, uint32_t spi, struct sa_when *when)
{
	int i, n = k->ndel < SA_DELS ? k->ndel : SA_DELS;

	for (i = 0; i < n; i++)
		if (k->del[i] == spi) {
			if (when != NULL)
				*when = k->del_at[i];
			return 1;
		}
	return 0;
}
