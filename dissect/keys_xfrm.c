/*
 * keys_xfrm.c: "ip xfrm state" output with its keys, one block per SA
 * (iproute2's xfrm_state_info_print and xfrm_xfrma_print):
 *
 *	src 192.0.2.1 dst 198.51.100.2
 *		proto esp spi 0xc0ffee01 reqid 1 mode tunnel
 *		replay-window 32 flag af-unspec esn
 *		auth-trunc hmac(sha256) 0x... 128
 *		enc cbc(aes) 0x...
 *		encap type espinudp sport 4500 dport 4500 addr 0.0.0.0
 *
 * aead replaces auth and enc for GCM, CCM and ChaCha20-Poly1305; -s adds
 * "(N bits)" after each key; -o puts the block on one line, cut by
 * backslashes.  A block ends at the next "src" line or at the first
 * line that is not indented.  States of other protocols (AH, IPComp)
 * are passed over: they hold no ESP keys.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "dissect/keys_int.h"

/* "src A dst B" opens a state; iproute2's -o puts it all on one line. */
void
kf_xfrm_begin(struct kload *kl, char *line)
{
	char *t[TOK_MAX], *more;
	uint8_t splen, dplen;
	int n;

	memset(&kl->xf, 0, sizeof(kl->xf));
	kl->xf_open = 1;
	kl->xf_line = kl->line;
	kl->xf_skip = kl->xf_proto = 0;
	kl->xf_enc = kl->xf_auth = kl->xf_aead = 0;
	if ((more = strchr(line, '\\')) != NULL)
		*more++ = '\0';
	n = kf_tokens(line, t, TOK_MAX);
	if (n != 4 || strcmp(t[2], "dst") != 0 ||
	    kf_addr_exact(t[1], &kl->xf.src, &splen) != 0 ||
	    kf_addr_exact(t[3], &kl->xf.dst, &dplen) != 0 ||
	    kl->xf.src.family != kl->xf.dst.family) {
		kl_bad(kl, "an ip xfrm state begins \"src ADDRESS dst "
		    "ADDRESS\"");
		kl->xf_skip = 1;
		return;
	}
	kl->xf.src_plen = splen;
	kl->xf.dst_plen = dplen;
	while (more != NULL) {
		line = more;
		if ((more = strchr(line, '\\')) != NULL)
			*more++ = '\0';
		kf_xfrm_field(kl, line);
	}
}

/* "0x" and hex as iproute2 prints it; anything else is a hidden key. */
static int
xf_key(struct kload *kl, const char *s, const char *what, uint8_t *out,
    uint8_t *len)
{
	if (s[0] != '0' || s[1] != 'x') {
		kl_bad(kl, "%s is not shown in hex (was the state listed "
		    "without its keys?)", what);
		return -1;
	}
	return kf_key_report(kl, kf_hex_bytes(s + 2, out, len, 0), what);
}

/* The bit count after the key: "(N bits)" from -s comes between. */
static int
xf_bits(char **t, int n, unsigned *bits)
{
	uint32_t v;

	if (n < 4 || kf_parse_u32(t[n - 1], &v) != 0 || v % 8 != 0 ||
	    v > 512)
		return -1;
	*bits = v;
	return 0;
}

/* "auth NAME KEY" (the kernel's truncation) or "auth-trunc NAME KEY BITS". */
static int
xf_authline(struct kload *kl, char **t, int trunc, unsigned bits)
{
	const struct kalg *a, *any;
	struct esp_keys *k = &kl->xf;

	if ((any = kalg_any_icv(KT_XF_AUTH, t[1])) == NULL) {
		kl_bad(kl, "unknown auth algorithm");
		return -1;
	}
	a = trunc ? kalg_find(KT_XF_AUTH, t[1], (int)bits / 8) : any;
	kl->xf_auth = 1;
	k->integ_name = any->name;
	if (a == NULL) {
		/* A truncation no transform has: keep its length. */
		k->integ = KEYS_UNSUPPORTED;
		k->icv_len = (uint8_t)(bits / 8);
		a = any;
	} else {
		k->integ = a->id;
		k->icv_len = a->icv;
	}
	if (xf_key(kl, t[2], "the auth key", k->ikey, &k->ikey_len) != 0)
		return -1;
	return kf_key_fits(kl, a, k->ikey_len, 0, "the auth key");
}

/* "enc NAME KEY", "aead NAME KEY BITS", and the two auth lines. */
static int
xf_alg(struct kload *kl, char **t, int n)
{
	const struct kalg *a;
	struct esp_keys *k = &kl->xf;
	unsigned bits = 0;
	int trunc = strcmp(t[0], "auth-trunc") == 0;
	int aead = strcmp(t[0], "aead") == 0;

	if (n < 3) {
		kl_bad(kl, "\"%s\" without an algorithm and a key", t[0]);
		return -1;
	}
	if ((trunc || aead) && xf_bits(t, n, &bits) != 0) {
		kl_bad(kl, "\"%s\" does not end in its ICV bits", t[0]);
		return -1;
	}
	if (t[0][0] == 'a' && !aead)
		return xf_authline(kl, t, trunc, bits);
	if (aead) {
		if ((a = kalg_find(KT_XF_AEAD, t[1], (int)bits / 8)) == NULL) {
			kl_bad(kl, "unknown aead algorithm or ICV length");
			return -1;
		}
		kl->xf_aead = 1;
		k->icv_len = a->icv;
	} else {
		if ((a = kalg_find(KT_XF_ENC, t[1], -1)) == NULL) {
			kl_bad(kl, "unknown enc algorithm");
			return -1;
		}
		kl->xf_enc = 1;
	}
	k->encr = a->id;
	k->encr_name = a->name;
	if (xf_key(kl, t[2], "the encryption key", k->ekey,
	    &k->ekey_len) != 0)
		return -1;
	return kf_key_fits(kl, a, k->ekey_len, 0, "the encryption key");
}

/* "encap type espinudp sport 4500 dport 4500 addr 0.0.0.0" */
static int
xf_encap(struct kload *kl, char **t, int n)
{
	uint32_t v;
	int i;

	for (i = 1; i + 1 < n; i++) {
		if (strcmp(t[i], "sport") != 0 && strcmp(t[i], "dport") != 0)
			continue;
		if (kf_parse_u32(t[i + 1], &v) != 0 || v == 0 || v > 65535) {
			kl_bad(kl, "the encap %s is not a port", t[i]);
			return -1;
		}
		if (t[i][0] == 's')
			kl->xf.encap_sport = (uint16_t)v;
		else
			kl->xf.encap_dport = (uint16_t)v;
	}
	return 0;
}

/* "proto esp spi 0xc0ffee01 reqid 1 mode tunnel" */
static int
xf_proto(struct kload *kl, char **t, int n)
{
	int i;

	if (n < 2 || strcmp(t[1], "esp") != 0) {
		/* AH, IPComp and the rest hold no ESP keys. */
		kl->xf_skip = 1;
		return 0;
	}
	for (i = 2; i + 1 < n; i++)
		if (strcmp(t[i], "spi") == 0)
			break;
	if (i + 1 >= n || kf_parse_u32(t[i + 1], &kl->xf.spi) != 0) {
		kl_bad(kl, "\"proto esp\" without a valid spi");
		return -1;
	}
	kl->xf.spi_mask = 0xffffffffU;
	kl->xf_proto = 1;
	return 0;
}

void
kf_xfrm_field(struct kload *kl, char *line)
{
	char *t[TOK_MAX];
	int n, i, rc = 0;

	if (kl->xf_skip)
		return;
	if ((n = kf_tokens(line, t, TOK_MAX)) == 0)
		return;
	if (n > TOK_MAX)
		n = TOK_MAX;
	if (strcmp(t[0], "proto") == 0)
		rc = xf_proto(kl, t, n);
	else if (strcmp(t[0], "replay-window") == 0) {
		for (i = 1; i < n; i++)
			if (strcmp(t[i], "esn") == 0)
				kl->xf.esn = 1;
	} else if (strcmp(t[0], "auth") == 0 ||
	    strcmp(t[0], "auth-trunc") == 0 || strcmp(t[0], "enc") == 0 ||
	    strcmp(t[0], "aead") == 0)
		rc = xf_alg(kl, t, n);
	else if (strcmp(t[0], "encap") == 0)
		rc = xf_encap(kl, t, n);
	if (rc != 0)
		kl->xf_skip = 1;
}

/* The block is whole: check it names an ESP SA with its keys. */
void
kf_xfrm_end(struct kload *kl)
{
	unsigned line = kl->line;

	kl->xf_open = 0;
	kl->line = kl->xf_line;
	if (kl->xf_skip)
		;
	else if (!kl->xf_proto)
		kl_bad(kl, "this ip xfrm state has no \"proto esp spi\" line");
	else if (!kl->xf_enc && !kl->xf_aead)
		kl_bad(kl, "this ESP state has no enc or aead line (listed "
		    "without keys?)");
	else if (kl->xf_aead && (kl->xf_enc || kl->xf_auth))
		kl_bad(kl, "this ESP state has aead and enc or auth lines");
	else {
		/* No auth line: ESP without integrity, or an AEAD's own. */
		if (!kl->xf_auth) {
			kl->xf.integ = IKEV2_INTEG_NONE;
			kl->xf.integ_name = "digest_null";
		}
		ks_add_esp(kl, &kl->xf);
	}
	kl->line = line;
	OPENSSL_cleanse(&kl->xf, sizeof(kl->xf));
}
