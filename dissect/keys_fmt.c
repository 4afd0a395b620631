/*
 * keys_fmt.c: the parsers of Wireshark's and tcpdump's key lines, each
 * turning one line into store entries, and the helpers every parser
 * shares ("ip xfrm state" blocks are keys_xfrm.c's).
 *
 * Wireshark's tables are UAT files (epan/uat.c): comma-separated fields,
 * strings in double quotes with backslash escapes, byte buffers as bare
 * hex.  tcpdump's secrets are print-esp.c's esp_print_decode_onesecret
 * and esp_print_decode_ikeline.
 *
 * Complaints name the column or field and what is wrong with it, never
 * its text: a column shifted by one puts a key where a name belongs.
 * Every struct that held a key is wiped before it leaves scope.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>

#include <openssl/crypto.h>

#include "dissect/hex.h"
#include "dissect/keys_int.h"

#define CSV_MAX		12	/* fields kept of a Wireshark line */

/*
 * Hex digits to bytes.  odd_ok reads an odd count as if a 0 led it,
 * as Wireshark's compute_ascii_key does for esp_sa keys.
 */
int
kf_hex_bytes(const char *s, uint8_t *out, uint8_t *len, int odd_ok)
{
	size_t n = strlen(s), i, o = 0;
	int hi, lo;

	if (n % 2 == 1 && !odd_ok)
		return strspn(s, "0123456789abcdefABCDEF") == n ? KE_ODD :
		    KE_HEX;
	if ((n + 1) / 2 > KEYS_MAX)
		return KE_LONG;
	i = 0;
	if (n % 2 == 1) {
		if ((lo = hex_digit(s[0])) < 0)
			return KE_HEX;
		out[o++] = (uint8_t)lo;
		i = 1;
	}
	for (; i < n; i += 2) {
		hi = hex_digit(s[i]);
		lo = hex_digit(s[i + 1]);
		if (hi < 0 || lo < 0)
			return KE_HEX;
		out[o++] = (uint8_t)(hi << 4 | lo);
	}
	*len = (uint8_t)o;
	return KE_OK;
}

int
kf_key_report(struct kload *kl, int rc, const char *what)
{
	switch (rc) {
	case KE_HEX:
		kl_bad(kl, "%s is not hexadecimal", what);
		return -1;
	case KE_ODD:
		kl_bad(kl, "%s has an odd number of hex digits", what);
		return -1;
	case KE_LONG:
		kl_bad(kl, "%s is longer than %d bytes", what, KEYS_MAX);
		return -1;
	}
	return 0;
}

/* A key in bare hex (Wireshark's IKE tables). */
static int
key_hex(struct kload *kl, const char *s, const char *what, uint8_t *out,
    uint8_t *len)
{
	return kf_key_report(kl, kf_hex_bytes(s, out, len, 0), what);
}

/* "0x" and hex, or the ASCII bytes themselves (esp_sa, tcpdump). */
static int
key_secret(struct kload *kl, const char *s, const char *what, uint8_t *out,
    uint8_t *len, int odd_ok)
{
	size_t n;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return kf_key_report(kl, kf_hex_bytes(s + 2, out, len, odd_ok),
		    what);
	if ((n = strlen(s)) > KEYS_MAX)
		return kf_key_report(kl, KE_LONG, what);
	memcpy(out, s, n);
	*len = (uint8_t)n;
	return 0;
}

/* What lengths a takes, for a message. */
static const char *
klen_text(const struct kalg *a, char *buf, size_t len)
{
	size_t salt = kalg_salt(a->id);

	if (a->klen == KLEN_AES)
		snprintf(buf, len, "%zu, %zu or %zu bytes", 16 + salt,
		    24 + salt, 32 + salt);
	else if (a->klen == 0)
		snprintf(buf, len, "no key");
	else
		snprintf(buf, len, "%u bytes", a->klen);
	return buf;
}

int
kf_key_fits(struct kload *kl, const struct kalg *a, size_t len,
    unsigned bits, const char *what)
{
	char buf[48];

	if (kalg_len_ok(a, len, bits))
		return 0;
	if (bits != 0 && a->klen != KLEN_FREE)
		kl_bad(kl, "%s is %zu bytes, not what %u-bit %s takes", what,
		    len, bits, a->name);
	else
		kl_bad(kl, "%s is %zu bytes; %s takes %s", what, len, a->name,
		    klen_text(a, buf, sizeof(buf)));
	return -1;
}

/* Exactly 16 hex digits: an IKE SPI or cookie. */
static int
spi64(const char *s, uint64_t *v)
{
	int i, d;

	*v = 0;
	for (i = 0; i < 16; i++) {
		if ((d = hex_digit(s[i])) < 0)
			return -1;
		*v = *v << 4 | (uint64_t)d;
	}
	return s[16] == '\0' ? 0 : -1;
}

/* strtoul's base 0 (0x hex, 0 octal, decimal), as tcpdump and Wireshark. */
int
kf_parse_u32(const char *s, uint32_t *v)
{
	unsigned long long x;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || x > 0xffffffffULL)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* Blank-separated tokens, in place; returns how many (kept or not). */
int
kf_tokens(char *s, char **t, int max)
{
	int n = 0;

	for (;;) {
		s += strspn(s, " \t");
		if (*s == '\0')
			return n;
		if (n < max)
			t[n] = s;
		n++;
		s += strcspn(s, " \t");
		if (*s != '\0')
			*s++ = '\0';
	}
}

/*
 * A UAT line split in place.  Returns the number of fields, past max
 * too, or -1 for a quote left open or text after a closing quote.
 */
static int
csv_split(char *s, char **f, int max)
{
	char *start, *w, *end, c;
	int n = 0, hi, lo;

	for (;;) {
		s += strspn(s, " \t");
		if (*s == '"') {
			start = w = ++s;
			for (;;) {
				if (*s == '\0')
					return -1;
				if (*s == '"')
					break;
				if (*s == '\\' && s[1] == 'x' &&
				    (hi = hex_digit(s[2])) >= 0 &&
				    (lo = hex_digit(s[3])) >= 0) {
					*w++ = (char)(hi << 4 | lo);
					s += 4;
					continue;
				}
				if (*s == '\\' && s[1] != '\0')
					s++;
				*w++ = *s++;
			}
			*w = '\0';
			s++;
			s += strspn(s, " \t");
			if (*s != ',' && *s != '\0')
				return -1;
			c = *s;
		} else {
			start = s;
			s += strcspn(s, ",");
			c = *s;
			end = s;
			while (end > start && (end[-1] == ' ' ||
			    end[-1] == '\t'))
				end--;
			*end = '\0';
		}
		if (n < max)
			f[n] = start;
		n++;
		if (c == '\0')
			return n;
		s++;
	}
}

/*
 * An esp_sa address: "*", an address, "ADDR/BITS", or IPv4 with its
 * last octets "*" (Wireshark's get_full_ipv4_addr takes those).
 */
static int
addr_spec(const char *in, int fam, struct ip_addr *a, uint8_t *plen)
{
	char s[64], *slash;
	unsigned maxbits = fam == 6 ? 128 : 32, bits, i;
	size_t n;
	uint8_t b[16];
	int stars = 0;

	memset(a, 0, sizeof(*a));
	a->family = (uint8_t)fam;
	*plen = 0;
	if ((n = strlen(in)) >= sizeof(s) - 8)
		return -1;
	memcpy(s, in, n + 1);
	bits = maxbits;
	if ((slash = strchr(s, '/')) != NULL) {
		*slash++ = '\0';
		n = strlen(slash);
		if (n == 0 || n > 3 || strspn(slash, "0123456789") != n)
			return -1;
		bits = (unsigned)atoi(slash);
		if (bits > maxbits)
			return -1;
	}
	if (strcmp(s, "*") == 0)
		return slash == NULL ? 0 : -1;
	if (fam == 4) {
		while ((n = strlen(s)) >= 2 && strcmp(s + n - 2, ".*") == 0) {
			s[n - 2] = '\0';
			stars++;
		}
		if (strcmp(s, "*") == 0)
			return stars == 3 ? 0 : -1;
		for (i = 0; i < (unsigned)stars; i++) {
			n = strlen(s);
			memcpy(s + n, ".0", 3);
		}
		if (32 - 8 * (unsigned)stars < bits)
			bits = 32 - 8 * (unsigned)stars;
	}
	if (inet_pton(fam == 6 ? AF_INET6 : AF_INET, s, b) != 1)
		return -1;
	for (i = bits; i < maxbits; i++)
		b[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	addr_set(a, fam, b);
	*plen = (uint8_t)bits;
	return 0;
}

/* One whole address of either family. */
int
kf_addr_exact(const char *s, struct ip_addr *a, uint8_t *plen)
{
	uint8_t b[16];

	if (inet_pton(AF_INET, s, b) == 1) {
		addr_set(a, 4, b);
		*plen = 32;
		return 0;
	}
	if (inet_pton(AF_INET6, s, b) == 1) {
		addr_set(a, 6, b);
		*plen = 128;
		return 0;
	}
	return -1;
}

/*
 * An esp_sa SPI: "*", a number, or "0x" and eight hex digits some of
 * which are "*" (Wireshark's filter_spi_match).
 */
static int
spi_spec(const char *s, uint32_t *spi, uint32_t *mask)
{
	int i, d;

	*spi = 0;
	*mask = 0;
	if (strcmp(s, "*") == 0)
		return 0;
	if (strchr(s, '*') == NULL) {
		*mask = 0xffffffffU;
		return kf_parse_u32(s, spi);
	}
	if (strlen(s) != 10 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -1;
	for (i = 0; i < 8; i++) {
		*spi <<= 4;
		*mask <<= 4;
		if (s[2 + i] == '*')
			continue;
		if ((d = hex_digit(s[2 + i])) < 0)
			return -1;
		*spi |= (uint32_t)d;
		*mask |= 0xf;
	}
	return 0;
}

/* Wireshark ikev1_decryption_table: ICOOKIE,KEY. */
static void
ws_ike1(struct kload *kl, char **f)
{
	struct ike1_keys k;

	memset(&k, 0, sizeof(k));
	if (spi64(f[0], &k.icookie) != 0)
		kl_bad(kl, "the initiator cookie (column 1) is not 16 hex "
		    "digits");
	else if (key_hex(kl, f[1], "the encryption key (column 2)", k.key,
	    &k.key_len) != 0)
		;
	else if (k.key_len == 0)
		kl_bad(kl, "the encryption key (column 2) is empty");
	else
		ks_add_ike1(kl, &k);
	OPENSSL_cleanse(&k, sizeof(k));
}

/* Wireshark ikev2_decryption_table, columns as its UAT orders them. */
static int
ws_ike2_fill(struct kload *kl, char **f, struct ike2_keys *k)
{
	const struct kalg *e, *a;

	if (spi64(f[0], &k->ispi) != 0) {
		kl_bad(kl, "the initiator's SPI (column 1) is not 16 hex "
		    "digits");
		return -1;
	}
	if (spi64(f[1], &k->rspi) != 0) {
		kl_bad(kl, "the responder's SPI (column 2) is not 16 hex "
		    "digits");
		return -1;
	}
	if ((e = kalg_find(KT_WS_IKE2_ENCR, f[4], -1)) == NULL) {
		kl_bad(kl, "unknown IKEv2 encryption algorithm (column 5)");
		return -1;
	}
	if ((a = kalg_find(KT_WS_IKE2_INTEG, f[7], -1)) == NULL) {
		kl_bad(kl, "unknown IKEv2 integrity algorithm (column 8)");
		return -1;
	}
	if (kalg_aead(e->id) && a->id != IKEV2_INTEG_NONE) {
		kl_bad(kl, "%s takes the integrity algorithm "
		    "\"NONE [RFC4306]\"", e->name);
		return -1;
	}
	if (key_hex(kl, f[2], "SK_ei (column 3)", k->sk_ei,
	    &k->sk_ei_len) != 0 ||
	    key_hex(kl, f[3], "SK_er (column 4)", k->sk_er,
	    &k->sk_er_len) != 0 ||
	    key_hex(kl, f[5], "SK_ai (column 6)", k->sk_ai,
	    &k->sk_ai_len) != 0 ||
	    key_hex(kl, f[6], "SK_ar (column 7)", k->sk_ar,
	    &k->sk_ar_len) != 0)
		return -1;
	if (kf_key_fits(kl, e, k->sk_ei_len, 0, "SK_ei (column 3)") != 0 ||
	    kf_key_fits(kl, e, k->sk_er_len, 0, "SK_er (column 4)") != 0 ||
	    kf_key_fits(kl, a, k->sk_ai_len, 0, "SK_ai (column 6)") != 0 ||
	    kf_key_fits(kl, a, k->sk_ar_len, 0, "SK_ar (column 7)") != 0)
		return -1;
	k->encr = e->id;
	k->integ = a->id;
	k->icv_len = kalg_aead(e->id) ? e->icv : a->icv;
	k->encr_name = e->name;
	k->integ_name = a->name;
	k->have_i = k->have_r = 1;
	return 0;
}

static void
ws_ike2(struct kload *kl, char **f)
{
	struct ike2_keys k;

	memset(&k, 0, sizeof(k));
	if (ws_ike2_fill(kl, f, &k) == 0)
		ks_add_ike2(kl, &k);
	OPENSSL_cleanse(&k, sizeof(k));
}

/* "AES-GCM [RFC4106]" takes its tag length from "ANY n bit". */
static uint16_t
gcm_by_icv(unsigned icv)
{
	switch (icv) {
	case 8:
		return IKEV2_ENCR_AES_GCM_8;
	case 12:
		return IKEV2_ENCR_AES_GCM_12;
	case 16:
		return IKEV2_ENCR_AES_GCM_16;
	}
	return 0;
}

/* The algorithms of an esp_sa line and what they make of the keys. */
static int
ws_esp_algs(struct kload *kl, struct esp_keys *k, const struct kalg *e,
    const struct kalg *a)
{
	int aead = kalg_aead(e->id) || (e->id == KEYS_UNSUPPORTED &&
	    e->icv != 0);
	unsigned icv = e->icv;

	if (kf_key_fits(kl, e, k->ekey_len, 0, "the encryption key (column 6)"))
		return -1;
	k->encr = e->id;
	k->encr_name = e->name;
	if (!aead) {
		if (a->id != KEYS_INTEG_UNCHECKED && kf_key_fits(kl, a,
		    k->ikey_len, 0, "the authentication key (column 8)"))
			return -1;
		/* Wireshark ignores the key of "ANY n bit": so do we. */
		if (a->id == KEYS_INTEG_UNCHECKED) {
			OPENSSL_cleanse(k->ikey, sizeof(k->ikey));
			k->ikey_len = 0;
		}
		k->integ = a->id;
		k->integ_name = a->name;
		k->icv_len = a->icv;
		return 0;
	}
	if (icv == 0)
		icv = a->id == KEYS_INTEG_UNCHECKED ? a->icv : 16;
	if (a->id == KEYS_INTEG_UNCHECKED ? a->icv != icv :
	    a->id != IKEV2_INTEG_NONE) {
		kl_bad(kl, "%s takes the authentication \"NULL\" (or \"ANY "
		    "%u bit authentication [no checking]\")", e->name,
		    icv * 8);
		return -1;
	}
	if (e->icv == 0 && (k->encr = gcm_by_icv(icv)) == 0) {
		kl_bad(kl, "AES-GCM has no %u-bit ICV", icv * 8);
		return -1;
	}
	if (a->id == IKEV2_INTEG_NONE && k->ikey_len != 0) {
		kl_bad(kl, "the authentication key (column 8) must be empty "
		    "with %s", e->name);
		return -1;
	}
	k->integ = IKEV2_INTEG_NONE;
	k->integ_name = "NULL";
	k->icv_len = (uint8_t)icv;
	k->ikey_len = 0;
	return 0;
}

/* Columns 9 and 10: "32-bit"/"64-bit" and the ESN high bits in hex. */
static int
ws_esp_esn(struct kload *kl, char **f, struct esp_keys *k)
{
	const char *h = f[9];
	size_t n;

	if (strcmp(f[8], "64-bit") == 0)
		k->esn = 1;
	else if (strcmp(f[8], "32-bit") != 0) {
		kl_bad(kl, "the SN length (column 9) is neither \"32-bit\" "
		    "nor \"64-bit\"");
		return -1;
	}
	if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
		h += 2;
	n = strlen(h);
	if (n == 0 || n > 8 || strspn(h, "0123456789abcdefABCDEF") != n) {
		kl_bad(kl, "the ESN high bits (column 10) are not 1 to 8 "
		    "hex digits");
		return -1;
	}
	k->esn_hi = (uint32_t)strtoul(h, NULL, 16);
	return 0;
}

static int
ws_esp_fill(struct kload *kl, char **f, int n, struct esp_keys *k)
{
	const struct kalg *e, *a;
	int fam;

	if (strcasecmp(f[0], "IPv4") == 0)
		fam = 4;
	else if (strcasecmp(f[0], "IPv6") == 0)
		fam = 6;
	else
		fam = 0;	/* "Any": Wireshark ignores the addresses */
	if (n != 8 && n != 10) {
		kl_bad(kl, "an esp_sa line has 8 or 10 columns, not %d", n);
		return -1;
	}
	if (fam != 0 && addr_spec(f[1], fam, &k->src, &k->src_plen) != 0) {
		kl_bad(kl, "the source address (column 2) is not an IPv%d "
		    "address, prefix or \"*\"", fam);
		return -1;
	}
	if (fam != 0 && addr_spec(f[2], fam, &k->dst, &k->dst_plen) != 0) {
		kl_bad(kl, "the destination address (column 3) is not an "
		    "IPv%d address, prefix or \"*\"", fam);
		return -1;
	}
	if (spi_spec(f[3], &k->spi, &k->spi_mask) != 0) {
		kl_bad(kl, "the SPI (column 4) is not a number, \"*\" or "
		    "0x and 8 hex digits or \"*\"");
		return -1;
	}
	if ((e = kalg_find(KT_WS_ESP_ENCR, f[4], -1)) == NULL) {
		kl_bad(kl, "unknown ESP encryption algorithm (column 5)");
		return -1;
	}
	if ((a = kalg_find(KT_WS_ESP_AUTH, f[6], -1)) == NULL) {
		kl_bad(kl, "unknown ESP authentication algorithm (column 7)");
		return -1;
	}
	if (key_secret(kl, f[5], "the encryption key (column 6)", k->ekey,
	    &k->ekey_len, 1) != 0 ||
	    key_secret(kl, f[7], "the authentication key (column 8)",
	    k->ikey, &k->ikey_len, 1) != 0)
		return -1;
	if (ws_esp_algs(kl, k, e, a) != 0)
		return -1;
	if (n == 10 && ws_esp_esn(kl, f, k) != 0)
		return -1;
	return 0;
}

static void
ws_esp(struct kload *kl, char **f, int n)
{
	struct esp_keys k;

	memset(&k, 0, sizeof(k));
	if (ws_esp_fill(kl, f, n, &k) == 0)
		ks_add_esp(kl, &k);
	OPENSSL_cleanse(&k, sizeof(k));
}

void
kf_csv(struct kload *kl, char *line)
{
	char *f[CSV_MAX];
	int n;

	if ((n = csv_split(line, f, CSV_MAX)) < 0) {
		kl_bad(kl, "a quoted field is not closed, or text follows "
		    "its closing quote");
		return;
	}
	if (strcasecmp(f[0], "IPv4") == 0 || strcasecmp(f[0], "IPv6") == 0 ||
	    strcasecmp(f[0], "Any") == 0)
		ws_esp(kl, f, n);
	else if (n == 2)
		ws_ike1(kl, f);
	else if (n == 8)
		ws_ike2(kl, f);
	else
		kl_bad(kl, "%d comma-separated columns: an "
		    "ikev1_decryption_table line has 2, an "
		    "ikev2_decryption_table line 8", n);
}

/* "NAME:SECRET" split at the first colon; NULL without one. */
static char *
split_colon(char *s)
{
	char *c = strchr(s, ':');

	if (c == NULL)
		return NULL;
	*c = '\0';
	return c + 1;
}

/*
 * "ikev2 I|R 0xSPIi 0xSPIr INTEG:KEY ENCR[BITS]:KEY": one direction of
 * an IKE SA; the other direction's line completes the entry.
 */
static int
td_ike_fill(struct kload *kl, char **t, int n, struct ike2_keys *k)
{
	const struct kalg *e, *a;
	char *ikey, *ekey;
	unsigned bits;
	int init;
	uint8_t *ek, *ik, *el, *il;

	if (n != 6) {
		kl_bad(kl, "an ikev2 line has 6 fields (ikev2 I|R 0xSPIi "
		    "0xSPIr INTEG:KEY ENCR:KEY), not %d", n);
		return -1;
	}
	if (strcasecmp(t[1], "I") != 0 && strcasecmp(t[1], "R") != 0) {
		kl_bad(kl, "field 2 is neither I nor R");
		return -1;
	}
	init = strcasecmp(t[1], "I") == 0;
	if (strncasecmp(t[2], "0x", 2) != 0 || spi64(t[2] + 2, &k->ispi) ||
	    strncasecmp(t[3], "0x", 2) != 0 || spi64(t[3] + 2, &k->rspi)) {
		kl_bad(kl, "the SPIs (fields 3 and 4) are not 0x and 16 hex "
		    "digits");
		return -1;
	}
	if ((ikey = split_colon(t[4])) == NULL ||
	    (ekey = split_colon(t[5])) == NULL) {
		kl_bad(kl, "fields 5 and 6 are not ALGORITHM:KEY");
		return -1;
	}
	if ((a = kalg_find(KT_TD_INTEG, t[4], -1)) == NULL) {
		kl_bad(kl, "unknown integrity algorithm (field 5)");
		return -1;
	}
	if ((e = kalg_tcpdump_encr(t[5], &bits)) == NULL) {
		kl_bad(kl, "unknown encryption algorithm (field 6)");
		return -1;
	}
	if (kalg_aead(e->id) && a->id != IKEV2_INTEG_NONE) {
		kl_bad(kl, "%s is an AEAD cipher: its integrity is \"none\"",
		    e->name);
		return -1;
	}
	ek = init ? k->sk_ei : k->sk_er;
	el = init ? &k->sk_ei_len : &k->sk_er_len;
	ik = init ? k->sk_ai : k->sk_ar;
	il = init ? &k->sk_ai_len : &k->sk_ar_len;
	if (key_secret(kl, ikey, "the integrity key (field 5)", ik, il,
	    0) != 0 ||
	    key_secret(kl, ekey, "the encryption key (field 6)", ek, el,
	    0) != 0)
		return -1;
	if (kf_key_fits(kl, a, *il, 0, "the integrity key (field 5)") != 0 ||
	    kf_key_fits(kl, e, *el, bits, "the encryption key (field 6)") != 0)
		return -1;
	k->encr = e->id;
	k->integ = a->id;
	k->icv_len = kalg_aead(e->id) ? e->icv : a->icv;
	k->encr_name = e->name;
	k->integ_name = a->name;
	if (init)
		k->have_i = 1;
	else
		k->have_r = 1;
	return 0;
}

void
kf_tcpdump_ike(struct kload *kl, char *line)
{
	struct ike2_keys k;
	char *t[TOK_MAX];
	int n;

	memset(&k, 0, sizeof(k));
	n = kf_tokens(line, t, TOK_MAX);
	if (td_ike_fill(kl, t, n, &k) == 0)
		ks_add_ike2(kl, &k);
	OPENSSL_cleanse(&k, sizeof(k));
}

/*
 * One tcpdump ESP secret, "[SPI@DST ]ALGO:SECRET".  Without SPI@DST it
 * stands for any SA tcpdump has no other secret for, which is what a
 * pattern matching everything does here.  "-hmac96" means a 12-byte
 * ICV that tcpdump strips unchecked; it never takes an integrity key.
 */
static int
td_esp_fill(struct kload *kl, char *item, struct esp_keys *k)
{
	const struct kalg *e;
	char *t[TOK_MAX], *at, *algo, *secret;
	char name[48];
	size_t n;
	unsigned bits;
	int nt, unchecked = 0;

	nt = kf_tokens(item, t, TOK_MAX);
	if (nt != 1 && nt != 2) {
		kl_bad(kl, "a tcpdump ESP secret is [SPI@ADDRESS ]ALGO:SECRET");
		return -1;
	}
	algo = t[nt - 1];
	if (nt == 2) {
		if ((at = strchr(t[0], '@')) == NULL) {
			kl_bad(kl, "SPI@ADDRESS has no \"@\"");
			return -1;
		}
		*at++ = '\0';
		if (kf_parse_u32(t[0], &k->spi) != 0) {
			kl_bad(kl, "the SPI before \"@\" is not a number");
			return -1;
		}
		if (kf_addr_exact(at, &k->dst, &k->dst_plen) != 0) {
			kl_bad(kl, "the address after \"@\" is not an IPv4 or "
			    "IPv6 address");
			return -1;
		}
		k->spi_mask = 0xffffffffU;
		k->src.family = k->dst.family;
	}
	if ((secret = split_colon(algo)) == NULL) {
		kl_bad(kl, "no ALGO:SECRET (nor any other key format)");
		return -1;
	}
	if ((n = strlen(algo)) >= sizeof(name)) {
		kl_bad(kl, "unknown ESP algorithm");
		return -1;
	}
	memcpy(name, algo, n + 1);
	if (n > 7 && strcasecmp(name + n - 7, "-hmac96") == 0) {
		name[n -= 7] = '\0';
		unchecked = 1;
	}
	if (n > 4 && strcasecmp(name + n - 4, "-cbc") == 0)
		name[n -= 4] = '\0';
	if ((e = kalg_tcpdump_encr(name, &bits)) == NULL) {
		kl_bad(kl, "unknown ESP algorithm");
		return -1;
	}
	if (key_secret(kl, secret, "the secret", k->ekey, &k->ekey_len,
	    0) != 0 || kf_key_fits(kl, e, k->ekey_len, bits, "the secret") != 0)
		return -1;
	if (unchecked && kalg_aead(e->id)) {
		kl_bad(kl, "%s has its own ICV: no \"-hmac96\"", e->name);
		return -1;
	}
	k->encr = e->id;
	k->encr_name = e->name;
	k->integ = unchecked ? KEYS_INTEG_UNCHECKED : IKEV2_INTEG_NONE;
	k->integ_name = unchecked ? "hmac96 (unchecked)" : "none";
	k->icv_len = unchecked ? 12 : e->icv;
	return 0;
}

void
kf_tcpdump_esp(struct kload *kl, char *line)
{
	struct esp_keys k;
	char *item, *next;

	if (strchr(line, ':') == NULL) {
		kl_bad(kl, "not a line of any key format ikewatch reads");
		return;
	}
	/* tcpdump -E takes several secrets separated by commas. */
	for (item = line; item != NULL; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		memset(&k, 0, sizeof(k));
		if (td_esp_fill(kl, item, &k) == 0)
			ks_add_esp(kl, &k);
		OPENSSL_cleanse(&k, sizeof(k));
	}
}
