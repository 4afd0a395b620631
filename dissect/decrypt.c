/*
 * decrypt.c: IKE and ESP decryption with the user's keys (decrypt.h).
 *
 * IKEv2 (RFC 7296 3.14, RFC 5282): the SK payload is checked and
 * decrypted with the sender's SK_e/SK_a; the inner payloads take the SK
 * payload's place in the chain.  SKF fragments (RFC 7383) are each
 * checked and decrypted, then joined once all are there.
 *
 * IKEv1 (RFC 2409 appendix B): CBC with no integrity check of its own.
 * The first phase 1 IV is hash(g^xi | g^xr), so the KE payloads must be
 * in the capture; each later phase 1 message uses the last cipher block
 * before it; a phase 2 or Informational exchange starts from hash(last
 * phase 1 block | message ID) and chains within the exchange.  Without
 * an ICV, a message counts as decrypted only when what comes out walks
 * as a payload chain that fills the message.
 *
 * ESP (RFC 4303): the packet's SA is looked up by destination, SPI and
 * source, once per SPI (cached); the inner IP header's addresses,
 * protocol and ports are read, nothing more.
 */
#include <stdlib.h>
#include <string.h>

#include "dissect/bytes.h"
#include "dissect/crypt.h"
#include "dissect/decrypt.h"
#include "dissect/dissect.h"
#include "dissect/names.h"
#include "dissect/registry.h"

#define IKE_HDR_LEN	28
#define PLAIN_MAX	65536
#define V1_SAS		256	/* IKEv1 SAs whose IV chain is followed */
#define V1_GX_MAX	1024	/* MODP-8192 */
#define V1_P2		8	/* phase 2 exchanges followed per SA */
#define ESP_CACHE	4096	/* SPI lookups remembered */
#define FRAG_SETS	16	/* IKEv2 fragment sets gathered at once */
#define FRAG_MAX	64	/* fragments in one set */
#define BLOCK_MAX	16

/* IKEv1 attributes (RFC 2409 appendix A). */
#define V1_ATTR_ENCR	1
#define V1_ATTR_HASH	2
#define V1_ATTR_KEYLEN	14
#define V1_ENCR_DES	1
#define V1_ENCR_3DES	5
#define V1_ENCR_AES	7

struct v1_p2 {
	uint32_t	 msgid;
	uint8_t		 used;
	uint8_t		 iv[BLOCK_MAX];		/* for the next message */
	uint8_t		 prev_iv[BLOCK_MAX];	/* the last message's own */
};

struct v1_sa {
	uint64_t	 icookie;
	uint64_t	 stamp;			/* last use, for replacement */
	uint8_t		 used;
	uint8_t		 have_ini;
	struct ip_addr	 ini;			/* the initiator's address */
	uint16_t	 encr;			/* attributes of the chosen */
	uint16_t	 hash;			/* transform; 0: not seen */
	uint16_t	 gxi_len;
	uint16_t	 gxr_len;
	uint8_t		 gxi[V1_GX_MAX];
	uint8_t		 gxr[V1_GX_MAX];
	uint8_t		 have_mm5;		/* first encrypted, initiator */
	uint8_t		 mm5_last[BLOCK_MAX];
	uint8_t		 have_final;		/* last phase 1 cipher block */
	uint8_t		 final[BLOCK_MAX];
	uint16_t	 hash_found;		/* the hash that worked */
	struct v1_p2	 p2[V1_P2];
	unsigned	 p2_next;
};

struct esp_slot {
	uint32_t	 spi;
	uint8_t		 used;
	struct ip_addr	 src;
	struct ip_addr	 dst;
	const struct esp_keys *k;		/* NULL: none for it */
};

struct frag_set {
	uint64_t	 ispi;
	uint32_t	 msgid;
	uint8_t		 from_ini;
	uint8_t		 used;
	uint16_t	 total;
	uint16_t	 have;
	uint8_t		 first_np;
	uint64_t	 stamp;
	uint32_t	 off[FRAG_MAX + 1];	/* fragment n at off[n-1] */
	uint32_t	 len[FRAG_MAX + 1];
	uint8_t		 got[FRAG_MAX + 1];
	uint8_t		 data[PLAIN_MAX];
	uint32_t	 used_bytes;
};

struct decryptor {
	const struct keystore *ks;
	struct decrypt_stats st;
	uint64_t	 clock;
	struct v1_sa	*v1;			/* V1_SAS */
	struct esp_slot	*esp;			/* ESP_CACHE */
	struct frag_set	*frag;			/* FRAG_SETS */
	uint8_t		 tmp[PLAIN_MAX];
	uint8_t		 plain[PLAIN_MAX + IKE_HDR_LEN];
	uint8_t		 esp_out[PLAIN_MAX];
};

static const char *const status_text[DEC_STATUS_COUNT] = {
	"not decrypted", "decrypted", "integrity check failed",
	"malformed encrypted payload", "algorithm not supported",
	"IV unknown (key exchange not captured)",
	"no valid payloads came out (wrong key or IV)",
};

static const char *const status_name[DEC_STATUS_COUNT] = {
	"none", "ok", "integrity_failed", "malformed", "unsupported",
	"no_iv", "garbled",
};

const char *
dec_status_text(enum dec_status s)
{
	return (unsigned)s < DEC_STATUS_COUNT ? status_text[s] : "?";
}

const char *
dec_status_name(enum dec_status s)
{
	return (unsigned)s < DEC_STATUS_COUNT ? status_name[s] : "?";
}

struct decryptor *
decrypt_new(const struct keystore *ks)
{
	struct decryptor *d;

	/* The tables come with their first use: most runs need one. */
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	d->ks = ks;
	return d;
}

void
decrypt_free(struct decryptor *d)
{
	if (d == NULL)
		return;
	free(d->v1);
	free(d->esp);
	free(d->frag);
	free(d);
}

const struct decrypt_stats *
decrypt_stats(const struct decryptor *d)
{
	return &d->st;
}

static int
status_of(int crypt_rc)
{
	switch (crypt_rc) {
	case CRYPT_OK:
		return DEC_OK;
	case CRYPT_INTEGRITY:
		return DEC_INTEGRITY;
	case CRYPT_UNSUPPORTED:
		return DEC_UNSUPPORTED;
	default:
		return DEC_MALFORMED;
	}
}

static void
put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/*
 * The message as its receiver reads it: header and the payloads before
 * at (chained into first_np), then the decrypted ones.  m's payload list
 * and raw bytes become those; 0, or -1 when it does not fit.
 */
static int
ike_replace(struct decryptor *d, struct pkt *p, size_t at,
    size_t prev_np_at, uint8_t first_np, const uint8_t *in, size_t len,
    int clear_e)
{
	struct ike_msg *m = &p->ike, t;
	uint32_t anom = 0;

	if (at + len > sizeof(d->plain))
		return -1;
	memcpy(d->plain, m->raw, at);
	memcpy(d->plain + at, in, len);
	d->plain[prev_np_at] = first_np;
	put32(d->plain + 24, (uint32_t)(at + len));
	if (clear_e)
		d->plain[19] &= (uint8_t)~IKEV1_F_ENC;
	isakmp_decode(d->plain, at + len, &t, &anom);
	/* IKEv1 padding follows the last payload. */
	anom &= ~(1u << ANOM_IKE_TRAILING);
	p->anomalies |= anom;
	m->wire = m->raw;
	m->wirelen = m->rawlen;
	m->raw = d->plain;
	m->rawlen = at + len;
	memcpy(m->pl, t.pl, sizeof(t.pl[0]) * t.npl);
	m->npl = t.npl;
	return 0;
}

/* IKEv2 ---------------------------------------------------------------- */

static void
alg_v2(const struct ike2_keys *k, int from_ini, struct crypt_alg *a)
{
	memset(a, 0, sizeof(*a));
	a->encr = k->encr;
	a->integ = k->integ;
	a->ekey = from_ini ? k->sk_ei : k->sk_er;
	a->eklen = from_ini ? k->sk_ei_len : k->sk_er_len;
	a->ikey = from_ini ? k->sk_ai : k->sk_ar;
	a->iklen = from_ini ? k->sk_ai_len : k->sk_ar_len;
}

static struct frag_set *
frag_find(struct decryptor *d, const struct ike_msg *m, int from_ini)
{
	struct frag_set *f, *old;
	int i;

	if (d->frag == NULL && (d->frag = calloc(FRAG_SETS,
	    sizeof(*d->frag))) == NULL)
		return NULL;
	old = &d->frag[0];
	for (i = 0; i < FRAG_SETS; i++) {
		f = &d->frag[i];
		if (f->used && f->ispi == m->ispi && f->msgid == m->msgid &&
		    f->from_ini == from_ini)
			return f;
		if (!f->used || f->stamp < old->stamp)
			old = f;
	}
	memset(old->got, 0, sizeof(old->got));
	old->used = 1;
	old->ispi = m->ispi;
	old->msgid = m->msgid;
	old->from_ini = (uint8_t)from_ini;
	old->total = m->frag_total;
	old->have = 0;
	old->used_bytes = 0;
	old->first_np = 0;
	return old;
}

/*
 * A decrypted SKF piece: kept until the set is whole; then the joined
 * payloads are the message.  1 when this piece completed it.
 */
static int
frag_gather(struct decryptor *d, struct pkt *p, int from_ini,
    const uint8_t *in, size_t len, size_t sk_at, size_t np_at)
{
	struct ike_msg *m = &p->ike;
	struct frag_set *f;
	size_t at;
	uint16_t n = m->frag_no, i;

	if (n == 0 || m->frag_total == 0 || m->frag_total > FRAG_MAX ||
	    n > m->frag_total)
		return 0;
	if ((f = frag_find(d, m, from_ini)) == NULL)
		return 0;
	f->stamp = ++d->clock;
	if (f->total != m->frag_total) {
		/* A new set under the same ID (a resend with a new MTU). */
		memset(f->got, 0, sizeof(f->got));
		f->total = m->frag_total;
		f->have = 0;
		f->used_bytes = 0;
	}
	if (f->got[n] || f->used_bytes + len > sizeof(f->data))
		return 0;
	memcpy(f->data + f->used_bytes, in, len);
	f->off[n] = f->used_bytes;
	f->len[n] = (uint32_t)len;
	f->used_bytes += (uint32_t)len;
	f->got[n] = 1;
	f->have++;
	if (n == 1)
		f->first_np = m->inner_np;
	if (f->have < f->total)
		return 0;
	/* Whole: join in fragment order. */
	for (i = 1, at = 0; i <= f->total; i++) {
		memcpy(d->tmp + at, f->data + f->off[i], f->len[i]);
		at += f->len[i];
	}
	f->used = 0;
	m->inner_np = f->first_np;
	return ike_replace(d, p, sk_at, np_at, f->first_np, d->tmp, at,
	    0) == 0;
}

static void
decrypt_v2(struct decryptor *d, struct pkt *p)
{
	struct ike_msg *m = &p->ike;
	const struct ike2_keys *k;
	struct crypt_alg a;
	struct crypt_res res;
	size_t n, np_at = 16;
	int from_ini = (m->flags & IKEV2_F_INITIATOR) != 0, rc, i, sk = -1;

	if ((k = keystore_ikev2(d->ks, m->ispi, m->rspi)) == NULL)
		return;
	if (!(from_ini ? k->have_i : k->have_r))
		return;
	for (i = 0; i < m->npl; i++)
		if (m->pl[i].type == IKEV2_P_SK ||
		    m->pl[i].type == IKEV2_P_SKF) {
			sk = i;
			break;
		}
	if (sk < 0)
		return;
	if (sk > 0)
		np_at = m->pl[sk - 1].off;
	if (k->encr == KEYS_UNSUPPORTED || k->integ == KEYS_UNSUPPORTED) {
		m->dec = DEC_UNSUPPORTED;
		return;
	}
	n = m->len >= IKE_HDR_LEN && m->len <= m->rawlen ? m->len :
	    m->rawlen;
	if (p->partial || n < (size_t)m->pl[sk].off + m->pl[sk].len) {
		m->dec = DEC_MALFORMED;
		return;
	}
	alg_v2(k, from_ini, &a);
	rc = crypt_ikev2_sk(&a, m->raw, n, m->pl[sk].off,
	    m->pl[sk].type == IKEV2_P_SKF, d->tmp, sizeof(d->tmp), &res);
	m->dec = (uint8_t)status_of(rc);
	if (rc != CRYPT_OK)
		return;
	m->dec_checked = res.checked;
	if (m->pl[sk].type == IKEV2_P_SKF && m->frag_total > 1) {
		/* Checked; its payloads come when the set is whole. */
		/* The piece is kept before the set is joined into tmp. */
		frag_gather(d, p, from_ini, d->tmp, res.len,
		    m->pl[sk].off, np_at);
		return;
	}
	if (ike_replace(d, p, m->pl[sk].off, np_at, m->inner_np, d->tmp,
	    res.len, 0) != 0)
		m->dec = DEC_MALFORMED;
}

/* IKEv1 ---------------------------------------------------------------- */

static struct v1_sa *
v1_find(struct decryptor *d, uint64_t icookie, int make)
{
	struct v1_sa *s, *old = NULL;
	size_t i, h = (size_t)(icookie ^ (icookie >> 29)) % V1_SAS;

	if (d->v1 == NULL && (!make || (d->v1 = calloc(V1_SAS,
	    sizeof(*d->v1))) == NULL))
		return NULL;
	/* A run of 8 slots; a new SA takes a free one, else the oldest. */
	for (i = 0; i < 8; i++) {
		s = &d->v1[(h + i) % V1_SAS];
		if (s->used && s->icookie == icookie) {
			s->stamp = ++d->clock;
			return s;
		}
		if (old == NULL || (old->used && (!s->used ||
		    s->stamp < old->stamp)))
			old = s;
	}
	if (!make)
		return NULL;
	memset(old, 0, sizeof(*old));
	old->used = 1;
	old->icookie = icookie;
	old->stamp = ++d->clock;
	return old;
}

/* The chosen transform's encryption and hash, from an SA payload. */
static void
v1_chosen(struct v1_sa *s, const struct ike_msg *m, const struct ike_payload *pl)
{
	struct cur c, prop, tr;
	uint16_t plen, tlen, type, alen, val;

	if (pl->off + pl->len > m->rawlen)
		return;
	c = cur_make(m->raw + pl->off + 4, pl->len - 4u);
	cur_skip(&c, 8);			/* DOI, situation */
	cur_skip(&c, 2);
	plen = cur_u16(&c);
	if (!cur_ok(&c) || plen < 8)
		return;
	prop = cur_sub(&c, plen - 4u);
	cur_skip(&prop, 2);			/* number, protocol */
	val = cur_u8(&prop);			/* SPI size */
	cur_skip(&prop, 1);
	cur_skip(&prop, val);
	cur_skip(&prop, 2);
	tlen = cur_u16(&prop);
	if (!cur_ok(&prop) || tlen < 8)
		return;
	tr = cur_sub(&prop, tlen - 4u);
	cur_skip(&tr, 4);			/* number, id, reserved */
	while (cur_ok(&tr) && cur_left(&tr) >= 4) {
		type = cur_u16(&tr);
		if (type & 0x8000) {
			val = cur_u16(&tr);
			type &= 0x7fff;
			if (type == V1_ATTR_ENCR)
				s->encr = val;
			else if (type == V1_ATTR_HASH)
				s->hash = val;
		} else {
			alen = cur_u16(&tr);
			cur_skip(&tr, alen);
		}
	}
}

/* What a clear phase 1 message tells: who initiates, KE, the choice. */
static void
v1_learn(struct decryptor *d, const struct pkt *p)
{
	const struct ike_msg *m = &p->ike;
	struct v1_sa *s;
	int from_ini, i;

	if (m->exch != IKEV1_X_MAIN && m->exch != IKEV1_X_AGGRESSIVE)
		return;
	if (keystore_ikev1(d->ks, m->ispi) == NULL)
		return;
	if ((s = v1_find(d, m->ispi, 1)) == NULL)
		return;
	if (!s->have_ini) {
		/*
		 * The sender of a message without a responder cookie; met
		 * later, the receiver of the responder's SA payload, else
		 * the first sender seen (as Wireshark assumes).
		 */
		s->ini = p->src;
		s->have_ini = 1;
		for (i = 0; m->rspi != 0 && i < m->npl; i++)
			if (m->pl[i].type == IKEV1_P_SA)
				s->ini = p->dst;
	}
	from_ini = addr_eq(&p->src, &s->ini);
	for (i = 0; i < m->npl; i++) {
		const struct ike_payload *pl = &m->pl[i];
		size_t blen;

		if (pl->off + pl->len > m->rawlen || pl->len < 4)
			continue;
		blen = pl->len - 4u;
		if (pl->type == IKEV1_P_KE && blen <= V1_GX_MAX) {
			if (from_ini) {
				memcpy(s->gxi, m->raw + pl->off + 4, blen);
				s->gxi_len = (uint16_t)blen;
			} else {
				memcpy(s->gxr, m->raw + pl->off + 4, blen);
				s->gxr_len = (uint16_t)blen;
			}
		} else if (pl->type == IKEV1_P_SA && !from_ini)
			v1_chosen(s, m, pl);
	}
}

/* The IKEv1 encryption the key and the chosen transform say. */
static int
v1_encr(const struct v1_sa *s, size_t klen)
{
	if (s->encr != 0)
		return s->encr;
	return klen == 8 ? V1_ENCR_DES : klen == 24 ? V1_ENCR_3DES :
	    V1_ENCR_AES;
}

/*
 * Decrypts with iv and checks the payload chain fills the message; 1 on
 * success with the message replaced, last filled with the last block.
 */
static int
v1_try(struct decryptor *d, struct pkt *p, int encr, const uint8_t *key,
    size_t klen, const uint8_t *iv, uint8_t *last)
{
	struct ike_msg *m = &p->ike, t;
	size_t n = m->len >= IKE_HDR_LEN && m->len <= m->rawlen ? m->len :
	    m->rawlen, len = n - IKE_HDR_LEN;
	uint32_t anom = 0;

	if (crypt_ikev1_cbc(encr, key, klen, iv, m->raw + IKE_HDR_LEN, len,
	    d->tmp, last) != CRYPT_OK)
		return 0;
	/* A walk over the plaintext, as it would be read. */
	memcpy(d->plain, m->raw, IKE_HDR_LEN);
	memcpy(d->plain + IKE_HDR_LEN, d->tmp, len);
	d->plain[19] &= (uint8_t)~IKEV1_F_ENC;
	isakmp_decode(d->plain, n, &t, &anom);
	if (anom & (1u << ANOM_IKE_PL_OVERRUN | 1u << ANOM_IKE_PL_SHORT |
	    1u << ANOM_IKE_PL_UNKNOWN | 1u << ANOM_IKE_RESERVED) ||
	    t.npl == 0)
		return 0;
	/* Padding: at most a block and the last pad byte's worth. */
	{
		size_t end = t.pl[t.npl - 1].off + t.pl[t.npl - 1].len;

		if (end > n || n - end > 255 + 16)
			return 0;
	}
	return ike_replace(d, p, IKE_HDR_LEN, 16, m->np, d->tmp, len,
	    1) == 0;
}

static void
v1_hash_iv(int hash, const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen, size_t bs, uint8_t *iv, int *ok)
{
	*ok = crypt_ikev1_iv(hash, a, alen, b, blen, bs, iv) == CRYPT_OK;
}

static void
decrypt_v1(struct decryptor *d, struct pkt *p)
{
	static const int hashes[] = { 2, 1, 4, 5, 6 };	/* SHA1 first */
	struct ike_msg *m = &p->ike;
	const struct ike1_keys *k;
	struct v1_sa *s;
	uint8_t iv[BLOCK_MAX], last[BLOCK_MAX], mid[4];
	size_t bs, len, h, nh;
	int encr, from_ini, ok, i;
	struct v1_p2 *x = NULL;

	if ((k = keystore_ikev1(d->ks, m->ispi)) == NULL)
		return;
	if ((s = v1_find(d, m->ispi, 1)) == NULL)
		return;
	encr = v1_encr(s, k->key_len);
	if ((bs = crypt_ikev1_block(encr)) == 0 || bs > BLOCK_MAX) {
		m->dec = DEC_UNSUPPORTED;
		return;
	}
	len = (m->len >= IKE_HDR_LEN && m->len <= m->rawlen ? m->len :
	    m->rawlen);
	if (p->partial || len < IKE_HDR_LEN + bs ||
	    (len - IKE_HDR_LEN) % bs != 0) {
		m->dec = DEC_MALFORMED;
		return;
	}
	if (!s->have_ini) {
		s->ini = p->src;
		s->have_ini = 1;
	}
	from_ini = addr_eq(&p->src, &s->ini);
	nh = s->hash != 0 ? 1 : sizeof(hashes) / sizeof(hashes[0]);
	if (m->msgid == 0) {
		/* Phase 1: MM5/AM3 from hash(g^xi | g^xr), MM6 after it. */
		if (from_ini || !s->have_mm5) {
			if (s->gxi_len == 0 || s->gxr_len == 0) {
				m->dec = DEC_NO_STATE;
				return;
			}
			for (h = 0; h < nh; h++) {
				int hash = s->hash ? s->hash : hashes[h];

				v1_hash_iv(hash, s->gxi, s->gxi_len, s->gxr,
				    s->gxr_len, bs, iv, &ok);
				if (ok && v1_try(d, p, encr, k->key, k->key_len,
				    iv, last)) {
					s->hash_found = (uint16_t)hash;
					s->have_mm5 = 1;
					memcpy(s->mm5_last, last, bs);
					memcpy(s->final, last, bs);
					s->have_final = 1;
					m->dec = DEC_OK;
					return;
				}
			}
			m->dec = DEC_GARBLED;
			return;
		}
		if (v1_try(d, p, encr, k->key, k->key_len, s->mm5_last,
		    last)) {
			memcpy(s->final, last, bs);
			s->have_final = 1;
			m->dec = DEC_OK;
		} else
			m->dec = DEC_GARBLED;
		return;
	}
	/* Phase 2 and Informational: per message ID. */
	if (!s->have_final) {
		m->dec = DEC_NO_STATE;
		return;
	}
	for (i = 0; i < V1_P2; i++)
		if (s->p2[i].used && s->p2[i].msgid == m->msgid)
			x = &s->p2[i];
	if (x == NULL) {
		int hash = s->hash ? s->hash : s->hash_found;

		x = &s->p2[s->p2_next++ % V1_P2];
		memset(x, 0, sizeof(*x));
		x->used = 1;
		x->msgid = m->msgid;
		put32(mid, m->msgid);
		v1_hash_iv(hash ? hash : 2, s->final, bs, mid, 4, bs, x->iv,
		    &ok);
		if (!ok) {
			x->used = 0;
			m->dec = DEC_UNSUPPORTED;
			return;
		}
		memcpy(x->prev_iv, x->iv, bs);
	}
	/* A copy of the last message (a retransmission) ends in x->iv. */
	if (memcmp(m->raw + len - bs, x->iv, bs) == 0) {
		if (v1_try(d, p, encr, k->key, k->key_len, x->prev_iv, last))
			m->dec = DEC_OK;
		else
			m->dec = DEC_GARBLED;
		return;
	}
	if (v1_try(d, p, encr, k->key, k->key_len, x->iv, last)) {
		memcpy(x->prev_iv, x->iv, bs);
		memcpy(x->iv, last, bs);
		m->dec = DEC_OK;
	} else
		m->dec = DEC_GARBLED;
}

/* ESP ------------------------------------------------------------------ */

static const struct esp_keys *
esp_lookup(struct decryptor *d, const struct pkt *p)
{
	uint64_t h = p->esp.spi * 0x9e3779b97f4a7c15ULL;
	struct esp_slot *s;
	size_t i;

	for (i = 0; i < 16; i++)
		h = (h ^ p->dst.a[i]) * 0x100000001b3ULL;
	if (d->esp == NULL && (d->esp = calloc(ESP_CACHE,
	    sizeof(*d->esp))) == NULL)
		return keystore_esp(d->ks, &p->src, &p->dst, p->esp.spi);
	s = &d->esp[h % ESP_CACHE];
	if (s->used && s->spi == p->esp.spi && addr_eq(&s->dst, &p->dst) &&
	    addr_eq(&s->src, &p->src))
		return s->k;
	s->used = 1;
	s->spi = p->esp.spi;
	s->src = p->src;
	s->dst = p->dst;
	s->k = keystore_esp(d->ks, &p->src, &p->dst, p->esp.spi);
	return s->k;
}

/* The inner packet's addresses, protocol and ports. */
static void
esp_inner(struct pkt *p, const uint8_t *b, size_t n, uint8_t nh)
{
	struct cur c = cur_make(b, n);
	uint8_t v, ihl, proto = nh;
	struct cur l4;

	p->esp.inner_len = (uint32_t)n;
	if (nh == 4 || nh == 41) {
		v = cur_u8(&c) >> 4;
		if (nh == 4 && v == 4) {
			ihl = (uint8_t)((b[0] & 0x0f) * 4);
			if (n < 20 || ihl < 20 || ihl > n)
				return;
			proto = b[9];
			addr_set(&p->esp.inner_src, 4, b + 12);
			addr_set(&p->esp.inner_dst, 4, b + 16);
			/* Only a first fragment shows its ports. */
			l4 = cur_make(b + ihl, n - ihl);
			if ((b[6] & 0x1f) != 0 || b[7] != 0)
				l4 = cur_make(b, 0);
		} else if (nh == 41 && v == 6) {
			if (n < 40)
				return;
			proto = b[6];
			addr_set(&p->esp.inner_src, 6, b + 8);
			addr_set(&p->esp.inner_dst, 6, b + 24);
			l4 = cur_make(b + 40, n - 40);
		} else
			return;
		p->esp.has_inner = 1;
	} else
		l4 = c;
	p->esp.inner_proto = proto;
	if ((proto == 6 || proto == 17) && cur_left(&l4) >= 4) {
		p->esp.inner_sport = cur_u16(&l4);
		p->esp.inner_dport = cur_u16(&l4);
		p->esp.inner_ports = 1;
	}
}

static void
decrypt_esp(struct decryptor *d, struct pkt *p)
{
	const struct esp_keys *k;
	struct crypt_alg a;
	struct crypt_res res;
	size_t len = p->esp.len;
	int rc;

	if (p->esp.have < 8 || p->esp.raw == NULL || p->has_ah ||
	    (k = esp_lookup(d, p)) == NULL)
		return;
	if (p->partial) {
		/* Cut by the snaplen or a lost fragment: no ICV to check. */
		p->esp.dec = DEC_MALFORMED;
		return;
	}
	if (k->encr == KEYS_UNSUPPORTED || k->integ == KEYS_UNSUPPORTED) {
		p->esp.dec = DEC_UNSUPPORTED;
		return;
	}
	memset(&a, 0, sizeof(a));
	a.encr = k->encr;
	a.ekey = k->ekey;
	a.eklen = k->ekey_len;
	a.integ = k->integ;
	a.ikey = k->ikey;
	a.iklen = k->ikey_len;
	if (k->integ == KEYS_INTEG_UNCHECKED) {
		/* An ICV of known length that the key file cannot check. */
		a.integ = 0;
		if (len < k->icv_len) {
			p->esp.dec = DEC_MALFORMED;
			return;
		}
		len -= k->icv_len;
	}
	rc = crypt_esp(&a, p->esp.raw, len, k->esn, k->esn_hi, d->esp_out,
	    sizeof(d->esp_out), &res);
	p->esp.dec = (uint8_t)status_of(rc);
	if (rc != CRYPT_OK)
		return;
	p->esp.dec_checked = res.checked;
	p->esp.next_header = res.next_header;
	esp_inner(p, d->esp_out, res.len, res.next_header);
}

void
decrypt_packet(struct decryptor *d, struct pkt *p)
{
	struct ike_msg *m = &p->ike;

	if (d == NULL)
		return;
	if (p->kind == PK_IKE && m->have_hdr) {
		if (m->major == 1 && !m->encrypted)
			v1_learn(d, p);
		if (!m->encrypted)
			return;
		if (m->major == 2)
			decrypt_v2(d, p);
		else if (m->major == 1)
			decrypt_v1(d, p);
		if (m->dec != DEC_NONE)
			d->st.ike[m->dec]++;
	} else if (p->kind == PK_ESP || p->kind == PK_ESP_UDP) {
		decrypt_esp(d, p);
		if (p->esp.dec != DEC_NONE)
			d->st.esp[p->esp.dec]++;
	}
}
