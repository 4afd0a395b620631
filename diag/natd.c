/*
 * natd.c: NAT detection hashes checked against the packet as captured.
 *
 * IKEv2 (RFC 7296 section 2.23): Notify payloads NAT_DETECTION_SOURCE_IP
 * (16388, one or more) and NAT_DETECTION_DESTINATION_IP (16389), each
 * with data SHA-1(SPIi | SPIr | IP | Port).
 *
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Protocol ID  |   SPI Size    |      Notify Message Type      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                Security Parameter Index (SPI)                 ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       Notification Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * IKEv1 (RFC 3947 section 3.2): NAT-D payloads (20, or the draft number
 * 130 that old Cisco and strongSwan peers still send), the generic
 * header then HASH(CKY-I | CKY-R | IP | Port) with the negotiated phase
 * 1 hash.  The first NAT-D is the remote end (the packet's destination),
 * the others are the possible local addresses (its source).
 *
 * SPIs are those of this message's header (SPIr is zero in an IKEv2
 * IKE_SA_INIT request), IP is 4 or 16 bytes and Port 2 bytes, both in
 * network order.  The ports are the UDP ports of the packet as seen: 500,
 * or 4500 after the float (the non-ESP marker is not hashed).
 */
#include <string.h>

#include <openssl/evp.h>

#include "diag/natd.h"
#include "dissect/bytes.h"
#include "dissect/names.h"
#include "dissect/registry.h"

#define NATD_IKE_HDR_LEN	28
#define NATD_V2_LEN		20	/* SHA-1, RFC 7296 2.23 */
#define NATD_INPUT_MAX		(8 + 8 + 16 + 2)

/*
 * IKEv1 hashes with the phase 1 hash it negotiated, which a passive
 * observer of one message does not know: the length tells them apart,
 * since no two of RFC 3947's candidates share a digest length.  Each is
 * fetched from the provider once and kept (a fetch per message cost more
 * than the hash), and a refusal is kept too.
 */
static const EVP_MD *
natd_md(size_t len)
{
	static const struct {
		size_t		 len;
		const char	*name;
	} mds[] = {
		{ 16, "MD5" }, { 20, "SHA1" }, { 32, "SHA256" },
		{ 48, "SHA384" }, { 64, "SHA512" },
	};
	static EVP_MD *fetched[sizeof(mds) / sizeof(mds[0])];
	static int tried[sizeof(mds) / sizeof(mds[0])];
	size_t i;

	for (i = 0; i < sizeof(mds) / sizeof(mds[0]); i++)
		if (mds[i].len == len) {
			if (!tried[i]) {
				tried[i] = 1;
				fetched[i] = EVP_MD_fetch(NULL, mds[i].name,
				    NULL);
			}
			return fetched[i];
		}
	return NULL;
}

static void
natd_put64(uint8_t *b, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		b[i] = (uint8_t)v;
		v >>= 8;
	}
}

int
natd_hash(uint64_t ispi, uint64_t rspi, const struct ip_addr *a,
    uint16_t port, size_t len, uint8_t *out)
{
	static EVP_MD_CTX *ctx;
	uint8_t in[NATD_INPUT_MAX], md[EVP_MAX_MD_SIZE];
	const EVP_MD *type = natd_md(len);
	unsigned int mdlen = 0;
	size_t alen, n;

	if (type == NULL || a == NULL || (a->family != 4 && a->family != 6))
		return -1;
	alen = a->family == 6 ? 16 : 4;
	natd_put64(in, ispi);
	natd_put64(in + 8, rspi);
	memcpy(in + 16, a->a, alen);
	n = 16 + alen;
	in[n++] = (uint8_t)(port >> 8);
	in[n++] = (uint8_t)port;
	/*
	 * One context, kept: making one per hash cost more than the hash.
	 * MD5 is refused under a FIPS-only provider: no hash, no match.
	 */
	if (ctx == NULL && (ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (EVP_DigestInit_ex2(ctx, type, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, in, n) != 1 ||
	    EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != len)
		return -1;
	memcpy(out, md, len);
	return 0;
}

/* Does hash (len bytes) equal what a peer computes for (a, port)? */
static int
natd_matches(const struct pkt *p, const struct ip_addr *a, uint16_t port,
    const uint8_t *hash, size_t len)
{
	uint8_t want[NATD_HASH_MAX];

	if (natd_hash(p->ike.ispi, p->ike.rspi, a, port, len, want) != 0)
		return 0;
	return memcmp(want, hash, len) == 0;
}

static void
natd_count(const struct pkt *p, int dst, const uint8_t *hash, size_t len,
    struct natd_result *r)
{
	r->present = 1;
	if (dst) {
		r->dst_present = 1;
		if (natd_matches(p, &p->dst, p->dport, hash, len))
			r->dst_match = 1;
		return;
	}
	if (r->src_count < UINT8_MAX)
		r->src_count++;
	if (natd_matches(p, &p->src, p->sport, hash, len))
		r->src_match = 1;
}

/*
 * The body of a recorded payload, after its generic header.  Returns 0
 * when the payload was not captured whole: a cut hash can match nothing
 * and would only make a NAT out of a short snapshot length.  The window
 * is what both the header length and the capture agree exists, as the
 * payload walk in isakmp.c uses.
 */
static int
natd_body(const struct ike_msg *m, const struct ike_payload *pl,
    struct cur *body)
{
	size_t n = m->rawlen;
	struct cur c;

	if (m->len >= NATD_IKE_HDR_LEN && m->len < n)
		n = m->len;
	c = cur_make(m->raw, n);
	if (pl->len < 4 || !cur_skip(&c, pl->off))
		return 0;
	*body = cur_sub(&c, pl->len);
	if (!cur_ok(&c))
		return 0;
	cur_skip(body, 4);
	return cur_ok(body);
}

static void
natd_v2(const struct pkt *p, struct cur c, struct natd_result *r)
{
	uint8_t spisz;
	uint16_t type;
	size_t len;

	cur_skip(&c, 1);		/* protocol id */
	spisz = cur_u8(&c);
	type = cur_u16(&c);
	cur_skip(&c, spisz);
	if (!cur_ok(&c) || (type != IKEV2_N_NAT_DETECTION_SOURCE_IP &&
	    type != IKEV2_N_NAT_DETECTION_DESTINATION_IP))
		return;
	len = cur_left(&c);
	/* Always SHA-1: a 16-byte hash here is no MD5 to try. */
	if (len != NATD_V2_LEN) {
		r->unknown_hash = 1;
		len = 0;
	}
	natd_count(p, type == IKEV2_N_NAT_DETECTION_DESTINATION_IP,
	    cur_ptr(&c), len, r);
}

static void
natd_v1(const struct pkt *p, struct cur c, int first, struct natd_result *r)
{
	size_t len = cur_left(&c);

	if (natd_md(len) == NULL) {
		r->unknown_hash = 1;
		len = 0;
	}
	natd_count(p, first, cur_ptr(&c), len, r);
}

int
natd_check(const struct pkt *p, struct natd_result *r)
{
	const struct ike_msg *m = &p->ike;
	const struct ike_payload *pl;
	struct cur body;
	unsigned int i, v1_natd = 0;
	int first;

	memset(r, 0, sizeof(*r));
	if (p->kind != PK_IKE || !m->have_hdr || m->raw == NULL)
		return 0;
	for (i = 0; i < m->npl && i < IKE_MAX_PAYLOADS; i++) {
		pl = &m->pl[i];
		if (m->major == 2 && pl->type == IKEV2_P_N) {
			if (natd_body(m, pl, &body))
				natd_v2(p, body, r);
		} else if (m->major == 1 && (pl->type == IKEV1_P_NAT_D ||
		    pl->type == IKEV1_P_NAT_D_DRAFT)) {
			/* Order is meaning: count cut ones too. */
			first = v1_natd++ == 0;
			if (natd_body(m, pl, &body))
				natd_v1(p, body, first, r);
		}
	}
	return r->present;
}
