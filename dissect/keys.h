/*
 * keys.h: the keys a user hands ikewatch to decrypt IKE and ESP, read
 * from key files by what each line holds, whatever the file is called.
 * One file may mix formats; '#' comments and blank lines are skipped.
 *
 *   Wireshark ikev1_decryption_table   ICOOKIE,KEY
 *   Wireshark ikev2_decryption_table   SPIi,SPIr,SK_ei,SK_er,"ENCR",
 *                                      SK_ai,SK_ar,"INTEG"
 *       (strongSwan's save-keys plugin writes both, and esp_sa)
 *   Wireshark esp_sa                   "IPv4","SRC","DST","SPI","ENCR",
 *                                      "KEY","AUTH","KEY"[,"SN","ESN HI"]
 *   tcpdump -E / Libreswan IKEv2       ikev2 I|R 0xSPIi 0xSPIr
 *                                      INTEG:0xKEY ENCR[BITS]:0xKEY
 *   tcpdump -E ESP                     [SPI@DST ]ALGO:SECRET[,...]
 *   ip xfrm state (with keys)          src A dst B / proto esp spi ...
 *                                      / auth-trunc, enc, aead, encap
 *
 * Algorithms are the IANA IKEv2 transform IDs (IKEV2_ENCR_*,
 * IKEV2_INTEG_* in registry.h) whatever name the file used.  A name
 * ikewatch knows but cannot decrypt (Blowfish, CAST, Twofish, RIPEMD,
 * ...) loads as KEYS_UNSUPPORTED, so the SA is still known.  An
 * encryption key is kept as the file gives it: for AES-CTR, GCM, CCM
 * and ChaCha20-Poly1305 the salt (nonce) is its tail.
 *
 * Key bytes live only in the store and are wiped when it is freed; no
 * message this module writes holds a key or any other field of a line.
 */
#ifndef IKW_KEYS_H
#define IKW_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/addr.h"
#include "dissect/registry.h"

/* Bytes in one key, salt included (SHA-512's HMAC key is 64). */
#define KEYS_MAX		64
/* An algorithm ikewatch knows by name but cannot decrypt. */
#define KEYS_UNSUPPORTED	0xffff
/* "ANY n bit [no checking]", "-hmac96": strip icv_len, check nothing. */
#define KEYS_INTEG_UNCHECKED	0xfffe

enum keys_kind {
	KEYS_IKEV1,
	KEYS_IKEV2,
	KEYS_ESP
};

/* An IKEv1 SA (Wireshark keys it by the initiator's cookie alone). */
struct ike1_keys {
	uint64_t	 icookie;
	uint8_t		 key_len;
	uint8_t		 key[KEYS_MAX];
};

/*
 * An IKEv2 SA: SK_e and SK_a of each direction.  encr is an IKEV2_ENCR_*
 * value or KEYS_UNSUPPORTED; integ an IKEV2_INTEG_* value,
 * KEYS_INTEG_UNCHECKED or KEYS_UNSUPPORTED; icv_len the integrity's
 * truncation or the AEAD tag.  have_i: sk_ei and sk_ai are known (the
 * initiator's direction); have_r: sk_er and sk_ar.  The names are the
 * algorithm tables' own, never text from the file.
 */
struct ike2_keys {
	uint64_t	 ispi;
	uint64_t	 rspi;
	uint16_t	 encr;
	uint16_t	 integ;
	uint8_t		 icv_len;
	uint8_t		 have_i;
	uint8_t		 have_r;
	uint8_t		 sk_ei_len;
	uint8_t		 sk_er_len;
	uint8_t		 sk_ai_len;
	uint8_t		 sk_ar_len;
	uint8_t		 sk_ei[KEYS_MAX];
	uint8_t		 sk_er[KEYS_MAX];
	uint8_t		 sk_ai[KEYS_MAX];
	uint8_t		 sk_ar[KEYS_MAX];
	const char	*encr_name;
	const char	*integ_name;
};

/*
 * An ESP SA, or a pattern of them: a packet matches when its addresses
 * agree with src and dst on their first src_plen/dst_plen bits (0: any
 * address; family 0: any family) and (spi & spi_mask) == spi
 * (spi_mask 0xffffffff: that SPI; 0: any).  encr and integ as in
 * ike2_keys; icv_len is what ends each packet: the integrity's
 * truncation, the AEAD tag or the unchecked length.  esn: 64-bit
 * sequence numbers, esn_hi esp_sa's "ESN High Bits".  encap_sport and
 * encap_dport: ESP in UDP as ip xfrm state gives it, 0 when not given.
 */
struct esp_keys {
	struct ip_addr	 src;
	struct ip_addr	 dst;
	uint8_t		 src_plen;
	uint8_t		 dst_plen;
	uint32_t	 spi;
	uint32_t	 spi_mask;
	uint16_t	 encr;
	uint16_t	 integ;
	uint8_t		 icv_len;
	uint8_t		 esn;
	uint32_t	 esn_hi;
	uint16_t	 encap_sport;
	uint16_t	 encap_dport;
	uint8_t		 ekey_len;
	uint8_t		 ikey_len;
	uint8_t		 ekey[KEYS_MAX];
	uint8_t		 ikey[KEYS_MAX];
	const char	*encr_name;
	const char	*integ_name;
};

/* One exact SA: both addresses whole, one SPI. */
static inline int
esp_keys_exact(const struct esp_keys *e)
{
	return e->src.family != 0 && e->spi_mask == 0xffffffffU &&
	    e->src_plen == (e->src.family == 6 ? 128 : 32) &&
	    e->dst_plen == e->src_plen;
}

struct keystore;

/* NULL when out of memory. */
struct keystore	*keystore_new(void);
/* Wipes every key (OPENSSL_cleanse) before the memory goes back. */
void		 keystore_free(struct keystore *);

/*
 * Loads one file.  A malformed line is reported through warn as
 * "FILE:LINE: what is wrong" and skipped; the rest loads.  A regular
 * file that group or others may access draws one warning of its own.
 * A line that repeats an SA already loaded adds nothing; one that
 * contradicts it is reported and the first stays.  Returns the number
 * of entries added, or -1 with err filled when the file cannot be read
 * (or memory ran out).  warn may be NULL.
 */
int		 keystore_load(struct keystore *, const char *path,
		    void (*warn)(void *arg, const char *msg), void *arg,
		    char *err, size_t errlen);

/*
 * Lookups; NULL when absent.  IKE SPIs and cookies are the big-endian
 * value of their 8 bytes, the ESP SPI in host order.  keystore_esp tries
 * exact entries first, then patterns, then the patterns that match
 * everything (tcpdump's secret without SPI@ADDRESS), each in load order.
 * It walks the entries: the packet path keeps what it found per SPI.
 */
const struct ike1_keys	*keystore_ikev1(const struct keystore *,
			    uint64_t icookie);
const struct ike2_keys	*keystore_ikev2(const struct keystore *,
			    uint64_t ispi, uint64_t rspi);
const struct esp_keys	*keystore_esp(const struct keystore *,
			    const struct ip_addr *src,
			    const struct ip_addr *dst, uint32_t spi);
/* Entries of one enum keys_kind. */
size_t		 keystore_count(const struct keystore *, int kind);

#endif
