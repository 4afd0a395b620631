/*
 * test_keys.c: the key store (dissect/keys.c) over the key files in
 * tests/data/keys/ written for it (Wireshark's three tables, tcpdump's
 * and Libreswan's lines, ip xfrm state, and a file of malformed lines),
 * the lab's key files (pcaps/NAME.keys), and the key files of the
 * shared corpus read where they are ($CORPUS_DIR, else
 * $top_srcdir/../shared/corpus).
 *
 * Every key in the test files counts up from its first byte (a0 a1 a2
 * ...), so a key is checked by its length and first byte.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <arpa/inet.h>

#include "dissect/keys.h"
#include "tests/unit/suites.h"

#define MSG_MAX		64
#define PERM_WARNING	"group or others may read this key file"

/* What keystore_load said: line complaints, and permission warnings. */
struct msgs {
	int		 n;
	int		 perm;
	char		 m[MSG_MAX][512];
};

static void
collect(void *arg, const char *msg)
{
	struct msgs *w = arg;

	if (strstr(msg, PERM_WARNING) != NULL) {
		w->perm++;
		return;
	}
	if (w->n < MSG_MAX)
		snprintf(w->m[w->n], sizeof(w->m[0]), "%s", msg);
	w->n++;
}

static void
show(const struct msgs *w)
{
	int i;

	for (i = 0; i < w->n && i < MSG_MAX; i++)
		fprintf(stderr, "\n  %s", w->m[i]);
}

static const char *
top(void)
{
	const char *t = getenv("top_srcdir");

	return t != NULL ? t : ".";
}

static void
data_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/tests/data/keys/%s", top(), name);
}

/* Loads path into ks; the count, or -1 (the test then fails). */
static int
load_into(struct keystore *ks, const char *path, struct msgs *w)
{
	char err[512];
	int n;

	n = keystore_load(ks, path, collect, w, err, sizeof(err));
	if (n < 0)
		fprintf(stderr, "\n  %s", err);
	CU_ASSERT(n >= 0);
	return n;
}

/* bytes start, start+1, ... */
static int
seq(const uint8_t *b, size_t len, size_t want, unsigned start)
{
	size_t i;

	if (len != want)
		return 0;
	for (i = 0; i < len; i++)
		if (b[i] != (uint8_t)(start + i))
			return 0;
	return 1;
}

static struct ip_addr
ip(const char *s)
{
	struct ip_addr a;
	uint8_t b[16];

	if (inet_pton(AF_INET, s, b) == 1)
		addr_set(&a, 4, b);
	else if (inet_pton(AF_INET6, s, b) == 1)
		addr_set(&a, 6, b);
	else
		memset(&a, 0, sizeof(a));
	return a;
}

static const struct esp_keys *
esp(const struct keystore *ks, const char *src, const char *dst,
    uint32_t spi)
{
	struct ip_addr s = ip(src), d = ip(dst);

	return keystore_esp(ks, &s, &d, spi);
}

static void
test_wireshark_ike(void)
{
	struct keystore *ks = keystore_new();
	const struct ike1_keys *k1;
	const struct ike2_keys *k;
	struct msgs w = { 0 };
	char path[1024];

	CU_ASSERT_PTR_NOT_NULL_FATAL(ks);
	data_path(path, sizeof(path), "wireshark.keys");
	CU_ASSERT_EQUAL(load_into(ks, path, &w), 20);
	show(&w);
	CU_ASSERT_EQUAL(w.n, 0);
	CU_ASSERT_EQUAL(keystore_count(ks, KEYS_IKEV1), 2);
	/* Eight lines, one of them a repeat. */
	CU_ASSERT_EQUAL(keystore_count(ks, KEYS_IKEV2), 7);

	k1 = keystore_ikev1(ks, 0x0123456789abcdefULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k1);
	CU_ASSERT(seq(k1->key, k1->key_len, 32, 0x10));
	k1 = keystore_ikev1(ks, 0xfedcba9876543210ULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k1);
	CU_ASSERT(seq(k1->key, k1->key_len, 24, 0x20));
	CU_ASSERT_PTR_NULL(keystore_ikev1(ks, 0x0123456789abcdeeULL));

	k = keystore_ikev2(ks, 0x1111111111111111ULL, 0x2222222222222222ULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT_EQUAL(k->encr, IKEV2_ENCR_AES_CBC);
	CU_ASSERT_EQUAL(k->integ, IKEV2_INTEG_HMAC_SHA2_256_128);
	CU_ASSERT_EQUAL(k->icv_len, 16);
	CU_ASSERT(k->have_i && k->have_r);
	CU_ASSERT(seq(k->sk_ei, k->sk_ei_len, 32, 0xa0));
	CU_ASSERT(seq(k->sk_er, k->sk_er_len, 32, 0xb0));
	CU_ASSERT(seq(k->sk_ai, k->sk_ai_len, 32, 0xc0));
	CU_ASSERT(seq(k->sk_ar, k->sk_ar_len, 32, 0xd0));
	CU_ASSERT_STRING_EQUAL(k->encr_name, "AES-CBC-256 [RFC3602]");
	/* The SPIs in their order only. */
	CU_ASSERT_PTR_NULL(keystore_ikev2(ks, 0x2222222222222222ULL,
	    0x1111111111111111ULL));
	CU_ASSERT_PTR_NULL(keystore_ikev2(ks, 0x1111111111111111ULL, 0));

	k = keystore_ikev2(ks, 0x3333333333333333ULL, 0x4444444444444444ULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT_EQUAL(k->encr, IKEV2_ENCR_AES_GCM_16);
	CU_ASSERT_EQUAL(k->integ, IKEV2_INTEG_NONE);
	CU_ASSERT_EQUAL(k->icv_len, 16);
	CU_ASSERT(seq(k->sk_ei, k->sk_ei_len, 20, 0xa0));
	CU_ASSERT(seq(k->sk_er, k->sk_er_len, 20, 0xb0));
	CU_ASSERT_EQUAL(k->sk_ai_len, 0);

	k = keystore_ikev2(ks, 0x5555555555555555ULL, 0x6666666666666666ULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT_EQUAL(k->encr, IKEV2_ENCR_AES_CTR);
	CU_ASSERT_EQUAL(k->integ, KEYS_INTEG_UNCHECKED);
	CU_ASSERT_EQUAL(k->icv_len, 12);

	k = keystore_ikev2(ks, 0x7777777777777777ULL, 0x8888888888888888ULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT_EQUAL(k->encr, IKEV2_ENCR_3DES);
	CU_ASSERT_EQUAL(k->integ, IKEV2_INTEG_HMAC_SHA1_160);
	CU_ASSERT_EQUAL(k->icv_len, 20);
	CU_ASSERT(seq(k->sk_ar, k->sk_ar_len, 20, 0xd0));

	k = keystore_ikev2(ks, 0x9999999999999999ULL, 0xaaaaaaaaaaaaaaaaULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT_EQUAL(k->encr, IKEV2_ENCR_NULL);
	CU_ASSERT_EQUAL(k->sk_ei_len + k->sk_er_len + k->sk_ai_len, 0);

	k = keystore_ikev2(ks, 0xbbbbbbbbbbbbbbbbULL, 0xccccccccccccccccULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT_EQUAL(k->encr, IKEV2_ENCR_AES_CCM_12);
	CU_ASSERT_EQUAL(k->icv_len, 12);
	CU_ASSERT(seq(k->sk_er, k->sk_er_len, 35, 0xb0));

	/* Known, not decryptable: kept, marked. */
	k = keystore_ikev2(ks, 0xddddddddddddddddULL, 0xeeeeeeeeeeeeeeeeULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT_EQUAL(k->integ, KEYS_UNSUPPORTED);
	CU_ASSERT_EQUAL(k->icv_len, 12);
	keystore_free(ks);
}

static void
test_wireshark_esp(void)
{
	struct keystore *ks = keystore_new();
	const struct esp_keys *e;
	struct msgs w = { 0 };
	char path[1024];

	CU_ASSERT_PTR_NOT_NULL_FATAL(ks);
	data_path(path, sizeof(path), "wireshark.keys");
	load_into(ks, path, &w);
	CU_ASSERT_EQUAL(w.n, 0);
	CU_ASSERT_EQUAL(keystore_count(ks, KEYS_ESP), 11);

	/* The exact SA, though a pattern that matches it comes first. */
	e = esp(ks, "192.0.2.1", "198.51.100.2", 0xc0ffee01);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT(esp_keys_exact(e));
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_AES_CBC);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_SHA2_256_128);
	CU_ASSERT_EQUAL(e->icv_len, 16);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 32, 0x60));
	CU_ASSERT(seq(e->ikey, e->ikey_len, 32, 0x70));
	CU_ASSERT_EQUAL(e->esn, 0);

	/* The pattern: any source, 198.51.100.0/24, SPI 0xc0ffee**. */
	e = esp(ks, "192.0.2.99", "198.51.100.200", 0xc0ffee55);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT(!esp_keys_exact(e));
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_SHA1_96);
	CU_ASSERT_EQUAL(e->dst_plen, 24);
	CU_ASSERT_EQUAL(e->spi_mask, 0xffffff00U);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 16, 0x40));
	CU_ASSERT(seq(e->ikey, e->ikey_len, 20, 0x50));
	CU_ASSERT_PTR_NULL(esp(ks, "192.0.2.99", "198.51.101.1", 0xc0ffee55));
	CU_ASSERT_PTR_NULL(esp(ks, "192.0.2.99", "198.51.100.1", 0xc0ffef55));
	CU_ASSERT_PTR_NULL(esp(ks, "2001:db8::9", "198.51.100.1",
	    0xc0ffee55));

	/* 10 columns: ESN and its high bits. */
	e = esp(ks, "198.51.100.2", "192.0.2.1", 0xc0ffee02);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_3DES);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_MD5_96);
	CU_ASSERT_EQUAL(e->icv_len, 12);
	CU_ASSERT_EQUAL(e->esn, 1);
	CU_ASSERT_EQUAL(e->esn_hi, 0x1a);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 24, 0x60));

	/* IPv6, decimal SPI, GCM with its 4-byte salt kept. */
	e = esp(ks, "2001:db8::1", "2001:db8::2", 4096);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_AES_GCM_16);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_NONE);
	CU_ASSERT_EQUAL(e->icv_len, 16);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 36, 0x80));

	/* strongSwan's "AES-GCM [RFC4106]": the tag length from "ANY". */
	e = esp(ks, "203.0.113.77", "192.0.2.5", 0xdeadbeef);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_AES_GCM_8);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_NONE);
	CU_ASSERT_EQUAL(e->icv_len, 8);
	CU_ASSERT_EQUAL(e->src_plen, 24);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 20, 0x80));
	CU_ASSERT_PTR_NULL(esp(ks, "203.0.114.77", "192.0.2.5", 0xdeadbeef));

	/* "Any": either family, addresses ignored. */
	e = esp(ks, "2001:db8::7", "2001:db8::8", 0x100);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_CHACHA20_POLY1305);
	CU_ASSERT_EQUAL(e->icv_len, 16);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 36, 0x90));
	CU_ASSERT_PTR_EQUAL(esp(ks, "192.0.2.50", "203.0.113.50", 0x100), e);

	e = esp(ks, "192.0.2.7", "198.51.100.7", 0x101);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_NULL);
	CU_ASSERT_EQUAL(e->ekey_len, 0);
	CU_ASSERT_EQUAL(e->integ, KEYS_INTEG_UNCHECKED);
	CU_ASSERT_EQUAL(e->icv_len, 16);

	/* ASCII keys, as the Wireshark wiki's files have them. */
	e = esp(ks, "192.0.2.8", "198.51.100.8", 258);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_DES);
	CU_ASSERT(e->ekey_len == 8 && memcmp(e->ekey, "descbcte", 8) == 0);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_SHA2_512_256);
	CU_ASSERT_EQUAL(e->icv_len, 32);
	CU_ASSERT(seq(e->ikey, e->ikey_len, 64, 0x30));

	e = esp(ks, "192.0.2.9", "198.51.100.9", 0x103);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, KEYS_UNSUPPORTED);
	CU_ASSERT_STRING_EQUAL(e->encr_name, "BLOWFISH-CBC [RFC2451]");
	CU_ASSERT_EQUAL(e->integ, KEYS_UNSUPPORTED);
	CU_ASSERT_EQUAL(e->icv_len, 12);
	CU_ASSERT_EQUAL(e->ekey_len, 16);

	/* strongSwan's old "TripleDes-CBC" spelling. */
	e = esp(ks, "192.0.2.10", "198.51.100.10", 0x104);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_3DES);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_SHA2_384_192);
	CU_ASSERT_EQUAL(e->icv_len, 24);
	CU_ASSERT(seq(e->ikey, e->ikey_len, 48, 0x70));

	e = esp(ks, "192.0.2.11", "198.51.100.11", 0x105);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_AES_CTR);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 28, 0x60));
	CU_ASSERT_EQUAL(e->integ, KEYS_INTEG_UNCHECKED);
	CU_ASSERT_EQUAL(e->icv_len, 12);

	CU_ASSERT_PTR_NULL(esp(ks, "192.0.2.11", "198.51.100.11", 0x106));
	keystore_free(ks);
}

static void
test_tcpdump(void)
{
	struct keystore *ks = keystore_new();
	const struct ike2_keys *k;
	const struct esp_keys *e;
	struct msgs w = { 0 };
	char path[1024];

	CU_ASSERT_PTR_NOT_NULL_FATAL(ks);
	data_path(path, sizeof(path), "tcpdump.keys");
	CU_ASSERT_EQUAL(load_into(ks, path, &w), 9);
	show(&w);
	CU_ASSERT_EQUAL(w.n, 0);
	CU_ASSERT_EQUAL(keystore_count(ks, KEYS_IKEV2), 3);
	CU_ASSERT_EQUAL(keystore_count(ks, KEYS_ESP), 6);

	/* The I and R lines made one SA. */
	k = keystore_ikev2(ks, 0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT(k->have_i && k->have_r);
	CU_ASSERT_EQUAL(k->encr, IKEV2_ENCR_AES_CBC);
	CU_ASSERT_EQUAL(k->integ, IKEV2_INTEG_HMAC_SHA1_96);
	CU_ASSERT_EQUAL(k->icv_len, 12);
	CU_ASSERT(seq(k->sk_ei, k->sk_ei_len, 16, 0xa0));
	CU_ASSERT(seq(k->sk_er, k->sk_er_len, 16, 0xb0));
	CU_ASSERT(seq(k->sk_ai, k->sk_ai_len, 20, 0xc0));
	CU_ASSERT(seq(k->sk_ar, k->sk_ar_len, 20, 0xd0));

	/* Libreswan: sha256 is RFC 4868's 128 bits; the R line alone. */
	k = keystore_ikev2(ks, 0x1010101010101010ULL, 0x2020202020202020ULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT(!k->have_i && k->have_r);
	CU_ASSERT_EQUAL(k->encr, IKEV2_ENCR_AES_CTR);
	CU_ASSERT_EQUAL(k->integ, IKEV2_INTEG_HMAC_SHA2_256_128);
	CU_ASSERT_EQUAL(k->icv_len, 16);
	CU_ASSERT(seq(k->sk_er, k->sk_er_len, 36, 0xb0));
	CU_ASSERT(seq(k->sk_ar, k->sk_ar_len, 32, 0xd0));

	k = keystore_ikev2(ks, 0x3030303030303030ULL, 0x4040404040404040ULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT(k->have_i && !k->have_r);
	CU_ASSERT_EQUAL(k->encr, IKEV2_ENCR_AES_GCM_16);
	CU_ASSERT_EQUAL(k->integ, IKEV2_INTEG_NONE);
	CU_ASSERT_EQUAL(k->icv_len, 16);
	CU_ASSERT(seq(k->sk_ei, k->sk_ei_len, 36, 0xa0));

	/* SPI@destination matches any source; -hmac96: 12 unchecked. */
	e = esp(ks, "192.0.2.45", "198.51.100.45", 0x12345678);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_3DES);
	CU_ASSERT_EQUAL(e->integ, KEYS_INTEG_UNCHECKED);
	CU_ASSERT_EQUAL(e->icv_len, 12);
	CU_ASSERT_EQUAL(e->ikey_len, 0);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 24, 0x60));

	e = esp(ks, "2001:db8::1", "2001:db8::45", 0xd1234567);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_AES_CBC);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 32, 0x60));

	e = esp(ks, "192.0.2.1", "203.0.113.1", 0xabcdabcd);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_AES_CBC);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_NONE);
	CU_ASSERT_EQUAL(e->icv_len, 0);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 16, 0x60));

	e = esp(ks, "192.0.2.1", "203.0.113.2", 0x200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, KEYS_UNSUPPORTED);
	CU_ASSERT(e->ekey_len == 14 &&
	    memcmp(e->ekey, "blowfishsecret", 14) == 0);

	e = esp(ks, "192.0.2.1", "198.51.100.46", 0x201);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_NULL);
	CU_ASSERT_EQUAL(e->ekey_len, 0);

	/* Anything else: the secret without SPI@ADDRESS. */
	e = esp(ks, "192.0.2.1", "198.51.100.99", 0x12345678);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_DES);
	CU_ASSERT(e->ekey_len == 8 && memcmp(e->ekey, "descbcte", 8) == 0);
	CU_ASSERT_EQUAL(e->integ, KEYS_INTEG_UNCHECKED);
	CU_ASSERT_EQUAL(e->src.family, 0);
	keystore_free(ks);
}

static void
test_xfrm(void)
{
	struct keystore *ks = keystore_new();
	const struct esp_keys *e;
	struct msgs w = { 0 };
	char path[1024];

	CU_ASSERT_PTR_NOT_NULL_FATAL(ks);
	data_path(path, sizeof(path), "xfrm.keys");
	CU_ASSERT_EQUAL(load_into(ks, path, &w), 6);
	show(&w);
	CU_ASSERT_EQUAL(w.n, 0);
	CU_ASSERT_EQUAL(keystore_count(ks, KEYS_ESP), 6);

	e = esp(ks, "192.0.2.1", "198.51.100.2", 0xc0ffee01);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT(esp_keys_exact(e));
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_AES_CBC);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_SHA2_256_128);
	CU_ASSERT_EQUAL(e->icv_len, 16);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 32, 0x60));
	CU_ASSERT(seq(e->ikey, e->ikey_len, 32, 0x70));
	CU_ASSERT_EQUAL(e->encap_sport, 4500);
	CU_ASSERT_EQUAL(e->encap_dport, 4500);
	CU_ASSERT_EQUAL(e->esn, 0);
	/* Only between those two, that way. */
	CU_ASSERT_PTR_NULL(esp(ks, "198.51.100.2", "192.0.2.1", 0xc0ffee01));

	e = esp(ks, "198.51.100.2", "192.0.2.1", 0xc0ffee02);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_AES_GCM_16);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_NONE);
	CU_ASSERT_EQUAL(e->icv_len, 16);
	CU_ASSERT_EQUAL(e->esn, 1);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 20, 0x80));
	CU_ASSERT_EQUAL(e->encap_sport, 0);

	/* "auth": the kernel's own truncation, 96 bits for SHA-1. */
	e = esp(ks, "2001:db8::1", "2001:db8::2", 0x1000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_3DES);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_SHA1_96);
	CU_ASSERT_EQUAL(e->icv_len, 12);
	CU_ASSERT(seq(e->ikey, e->ikey_len, 20, 0x70));

	/* AH holds no ESP keys. */
	CU_ASSERT_PTR_NULL(esp(ks, "192.0.2.1", "198.51.100.2", 0x2000));

	e = esp(ks, "192.0.2.3", "198.51.100.3", 0x3000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_AES_CTR);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 20, 0x60));
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_SHA2_512_256);
	CU_ASSERT_EQUAL(e->icv_len, 32);

	e = esp(ks, "192.0.2.4", "198.51.100.4", 0x4000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_NULL);
	CU_ASSERT_EQUAL(e->ekey_len, 0);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_MD5_96);

	/* ip -o */
	e = esp(ks, "192.0.2.5", "198.51.100.5", 0x5000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_CHACHA20_POLY1305);
	CU_ASSERT_EQUAL(e->icv_len, 16);
	CU_ASSERT(seq(e->ekey, e->ekey_len, 36, 0x90));
	CU_ASSERT_EQUAL(e->encap_sport, 4501);
	CU_ASSERT_EQUAL(e->encap_dport, 4500);
	keystore_free(ks);
}

/* Runs of 8 or more hex digits in s, each checked against every msg. */
static int
leaks_hex(const char *s, const struct msgs *w, size_t skip)
{
	char run[256];
	size_t n;
	int i;

	while (*s != '\0') {
		n = strspn(s, "0123456789abcdefABCDEF");
		if (n >= 8 && n < sizeof(run)) {
			memcpy(run, s, n);
			run[n] = '\0';
			for (i = 0; i < w->n && i < MSG_MAX; i++)
				if (strstr(w->m[i] + skip, run) != NULL)
					return 1;
		}
		s += n > 0 ? n : 1;
	}
	return 0;
}

static void
test_malformed(void)
{
	struct keystore *ks = keystore_new();
	struct msgs w = { 0 };
	char path[1024], line[1024], want[1100];
	unsigned lineno = 0, expect[MSG_MAX];
	size_t nexpect = 0, i, plen;
	int next_bad = 0, found, leak = 0, k;
	FILE *f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(ks);
	data_path(path, sizeof(path), "malformed.keys");
	CU_ASSERT_EQUAL(load_into(ks, path, &w), 6);
	CU_ASSERT_EQUAL(keystore_count(ks, KEYS_IKEV1), 1);
	CU_ASSERT_EQUAL(keystore_count(ks, KEYS_IKEV2), 2);
	CU_ASSERT_EQUAL(keystore_count(ks, KEYS_ESP), 3);

	/* The lines marked "# expect error" are the ones reported. */
	f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	plen = strlen(path);
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (next_bad && nexpect < MSG_MAX)
			expect[nexpect++] = lineno;
		next_bad = strncmp(line, "# expect error", 14) == 0;
		if (line[0] != '#' && leaks_hex(line, &w, plen))
			leak = 1;
	}
	fclose(f);
	CU_ASSERT(nexpect >= 30);
	if (w.n != (int)nexpect)
		show(&w);
	CU_ASSERT_EQUAL(w.n, (int)nexpect);
	for (i = 0; i < nexpect; i++) {
		snprintf(want, sizeof(want), "%s:%u: ", path, expect[i]);
		for (found = 0, k = 0; k < w.n && k < MSG_MAX; k++)
			if (strncmp(w.m[k], want, strlen(want)) == 0)
				found++;
		if (found != 1)
			fprintf(stderr, "\n  line %u reported %d times",
			    expect[i], found);
		CU_ASSERT_EQUAL(found, 1);
	}
	/* No key, in hex or in ASCII, in any report. */
	CU_ASSERT_EQUAL(leak, 0);
	for (k = 0; k < w.n && k < MSG_MAX; k++)
		CU_ASSERT_PTR_NULL(strstr(w.m[k], "ASCIIKEY"));

	/* What loaded despite them. */
	CU_ASSERT_PTR_NOT_NULL(keystore_ikev1(ks, 0x0123456789abcdefULL));
	CU_ASSERT_PTR_NOT_NULL(keystore_ikev2(ks, 0x0101010101010101ULL,
	    0x0202020202020202ULL));
	CU_ASSERT_PTR_NOT_NULL(esp(ks, "192.0.2.1", "198.51.100.1", 0x3));
	CU_ASSERT_PTR_NULL(esp(ks, "192.0.2.1", "198.51.100.1", 0x4));
	CU_ASSERT_PTR_NOT_NULL(esp(ks, "192.0.2.25", "198.51.100.25", 0x25));
	CU_ASSERT_PTR_NULL(esp(ks, "192.0.2.20", "198.51.100.20", 0x20));
	/* A contradiction keeps the first keys. */
	CU_ASSERT_EQUAL(keystore_ikev1(ks, 0x0123456789abcdefULL)->key[0],
	    0x10);
	keystore_free(ks);
}

/* A key file of our own holding len bytes of b; its path in path. */
static int
temp_file(char *path, size_t plen, const void *b, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(path, plen, "%s/ikw-keys.XXXXXX", tmp != NULL ? tmp : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return -1;
	if (write(fd, b, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

/* A key file of our own with mode m: how many permission warnings. */
static int
perm_warnings(mode_t m)
{
	static const char line[] = "0123456789abcdef,"
	    "00112233445566778899aabbccddeeff\n";
	struct keystore *ks = keystore_new();
	struct msgs w = { 0 };
	char path[1024], err[256];
	int n;

	if (ks == NULL || temp_file(path, sizeof(path), line,
	    sizeof(line) - 1) != 0) {
		CU_FAIL("cannot write a key file");
		keystore_free(ks);
		return -1;
	}
	CU_ASSERT_EQUAL(chmod(path, m), 0);
	n = keystore_load(ks, path, collect, &w, err, sizeof(err));
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(w.n, 0);
	unlink(path);
	keystore_free(ks);
	return w.perm;
}

static void
test_permissions(void)
{
	struct keystore *ks = keystore_new();
	char err[256] = "", path[1024];

	CU_ASSERT_EQUAL(perm_warnings(0644), 1);
	CU_ASSERT_EQUAL(perm_warnings(0640), 1);
	CU_ASSERT_EQUAL(perm_warnings(0600), 0);
	CU_ASSERT_EQUAL(perm_warnings(0400), 0);

	/* Not there, or not a file: -1 and why, nothing loaded. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(ks);
	CU_ASSERT_EQUAL(keystore_load(ks, "/nonexistent/ikw.keys", NULL,
	    NULL, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/ikw.keys"));
	data_path(path, sizeof(path), "");
	CU_ASSERT_EQUAL(keystore_load(ks, path, NULL, NULL, err,
	    sizeof(err)), -1);
	/* No callback: complaints go nowhere, the rest still loads. */
	data_path(path, sizeof(path), "malformed.keys");
	CU_ASSERT_EQUAL(keystore_load(ks, path, NULL, NULL, err,
	    sizeof(err)), 6);
	keystore_free(ks);
}

/* A capture, a NUL byte, a file of garbage: no flood of complaints. */
static void
test_not_key_files(void)
{
	static const char nul[] = "0123456789abcdef,00112233\0\n"
	    "0123456789abcdee,00112233445566778899aabbccddeeff\n";
	struct keystore *ks = keystore_new();
	struct msgs w = { 0 };
	char path[1024], err[512], *junk;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(ks);
	snprintf(path, sizeof(path), "%s/pcaps/ikev2-healthy.pcap", top());
	if (access(path, R_OK) == 0) {
		CU_ASSERT_EQUAL(keystore_load(ks, path, collect, &w, err,
		    sizeof(err)), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "capture"));
		CU_ASSERT_EQUAL(w.n, 0);
	}

	CU_ASSERT_EQUAL_FATAL(temp_file(path, sizeof(path), nul,
	    sizeof(nul) - 1), 0);
	CU_ASSERT_EQUAL(load_into(ks, path, &w), 1);
	CU_ASSERT_EQUAL(w.n, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(w.m[0], ":1: "));
	CU_ASSERT_PTR_NOT_NULL(keystore_ikev1(ks, 0x0123456789abcdeeULL));
	unlink(path);

	/* 60 lines of nothing a key file holds. */
	junk = malloc(60 * 12 + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(junk);
	for (i = 0; i < 60; i++)
		memcpy(junk + i * 12, "hello world\n", 12);
	memset(&w, 0, sizeof(w));
	CU_ASSERT_EQUAL_FATAL(temp_file(path, sizeof(path), junk, 60 * 12), 0);
	free(junk);
	CU_ASSERT_EQUAL(load_into(ks, path, &w), 0);
	CU_ASSERT_EQUAL(w.n, 51);
	CU_ASSERT_PTR_NOT_NULL(strstr(w.m[50], "10 more malformed lines"));
	unlink(path);
	keystore_free(ks);
}

/* Several files in one store: repeats add nothing, patterns in order. */
static void
test_lookups(void)
{
	struct keystore *ks = keystore_new();
	const struct esp_keys *e;
	struct msgs w = { 0 };
	char path[1024];

	CU_ASSERT_PTR_NOT_NULL_FATAL(ks);
	data_path(path, sizeof(path), "wireshark.keys");
	CU_ASSERT_EQUAL(load_into(ks, path, &w), 20);
	CU_ASSERT_EQUAL(load_into(ks, path, &w), 0);
	data_path(path, sizeof(path), "tcpdump.keys");
	CU_ASSERT_EQUAL(load_into(ks, path, &w), 9);
	CU_ASSERT_EQUAL(w.n, 0);
	CU_ASSERT_EQUAL(keystore_count(ks, KEYS_ESP), 17);

	/* Exact first, then the patterns in load order. */
	e = esp(ks, "192.0.2.1", "198.51.100.2", 0xc0ffee01);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_SHA2_256_128);
	e = esp(ks, "192.0.2.99", "198.51.100.200", 0xc0ffee55);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->integ, IKEV2_INTEG_HMAC_SHA1_96);
	/* wireshark.keys' 203.0.113.0/24 before tcpdump's catch-all. */
	e = esp(ks, "203.0.113.9", "192.0.2.1", 0x77);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_AES_GCM_8);
	e = esp(ks, "192.0.2.200", "192.0.2.201", 0x77);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->encr, IKEV2_ENCR_DES);

	CU_ASSERT_PTR_NOT_NULL(keystore_ikev2(ks, 0x0001020304050607ULL,
	    0x08090a0b0c0d0e0fULL));
	CU_ASSERT_PTR_NULL(keystore_ikev2(ks, 0x0001020304050607ULL,
	    0x08090a0b0c0d0e0eULL));
	CU_ASSERT_PTR_NULL(keystore_ikev1(ks, 0));
	keystore_free(ks);
}

enum { SEC_NONE = -1 };

/*
 * The lines of each kind in a file, by the sections the lab marks with
 * "# ikev1_decryption_table", "# ikev2_decryption_table", "# esp_sa".
 */
static int
section_counts(const char *path, size_t count[3])
{
	char line[2048];
	int sec = SEC_NONE;
	FILE *f;

	count[0] = count[1] = count[2] = 0;
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "# ikev1_decryption_table", 24) == 0)
			sec = KEYS_IKEV1;
		else if (strncmp(line, "# ikev2_decryption_table", 24) == 0)
			sec = KEYS_IKEV2;
		else if (strncmp(line, "# esp_sa", 8) == 0)
			sec = KEYS_ESP;
		else if (line[0] != '#' && line[0] != '\n' &&
		    sec != SEC_NONE)
			count[sec]++;
	}
	fclose(f);
	return 0;
}

static void
test_lab_files(void)
{
	char dir[1024], path[1300];
	size_t want[3], n, files = 0;
	struct msgs w;
	struct dirent *de;
	DIR *d;
	int kind;

	snprintf(dir, sizeof(dir), "%s/pcaps", top());
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "\n  no %s: lab key files skipped", dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		struct keystore *ks;

		n = strlen(de->d_name);
		if (n < 6 || strcmp(de->d_name + n - 5, ".keys") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		CU_ASSERT_EQUAL_FATAL(section_counts(path, want), 0);
		ks = keystore_new();
		CU_ASSERT_PTR_NOT_NULL_FATAL(ks);
		memset(&w, 0, sizeof(w));
		CU_ASSERT_EQUAL(load_into(ks, path, &w),
		    (int)(want[0] + want[1] + want[2]));
		if (w.n != 0)
			show(&w);
		CU_ASSERT_EQUAL(w.n, 0);
		for (kind = KEYS_IKEV1; kind <= KEYS_ESP; kind++)
			CU_ASSERT_EQUAL(keystore_count(ks, kind), want[kind]);
		keystore_free(ks);
		files++;
	}
	closedir(d);
	CU_ASSERT(files > 0);
}

/* Corpus key files and the entries each holds, of one kind. */
static const struct {
	const char	*path;
	int		 kind;
	int		 lines_per_entry;
} corpus_keys[] = {
	{ "wireshark-wiki/ipsec_esp/ipsec_esp_capture_1/esp_sa", KEYS_ESP, 1 },
	{ "wireshark-wiki/ipsec_esp/ipsec_esp_capture_2/esp_sa", KEYS_ESP, 1 },
	{ "wireshark-wiki/ipsec_esp/ipsec_esp_capture_3/esp_sa", KEYS_ESP, 1 },
	{ "wireshark-wiki/ipsec_esp/ipsec_esp_capture_5/esp_sa", KEYS_ESP, 1 },
	{ "wireshark-wiki/ipsec_ikev2+esp_aes-gcm,aes-ctr,aes-cbc/esp_sa",
	    KEYS_ESP, 1 },
	{ "wireshark-wiki/ipsec_ikev2+esp_aes-gcm,aes-ctr,aes-cbc/"
	    "esp_sa.no_icv", KEYS_ESP, 1 },
	{ "wireshark-wiki/ipsec_ikev2+esp_aes-gcm,aes-ctr,aes-cbc/"
	    "ikev2_decryption_table", KEYS_IKEV2, 1 },
	{ "wireshark/test-config/ikev1_decryption_table.tmpl", KEYS_IKEV1, 1 },
	{ "wireshark/test-config/ikev2_decryption_table.tmpl", KEYS_IKEV2, 1 },
	{ "wireshark/test-config/esp_sa.tmpl", KEYS_ESP, 1 },
	{ "tcpdump/esp-secrets.txt", KEYS_ESP, 1 },
	/* "ikev2 I" and "ikev2 R": one SA from two lines. */
	{ "tcpdump/ikev2pI2-secrets.txt", KEYS_IKEV2, 2 },
};

static size_t
key_lines(const char *path)
{
	char line[2048];
	size_t n = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (line[strspn(line, " \t\r\n")] != '\0' && line[0] != '#')
			n++;
	fclose(f);
	return n;
}

static void
test_corpus_files(void)
{
	const char *cdir = getenv("CORPUS_DIR");
	char dir[1024], path[1400];
	struct msgs w;
	struct stat st;
	size_t i, lines;
	int kind;

	if (cdir != NULL)
		snprintf(dir, sizeof(dir), "%s", cdir);
	else
		snprintf(dir, sizeof(dir), "%s/../shared/corpus", top());
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "\n  no corpus at %s: skipped", dir);
		CU_PASS("corpus absent: skipped");
		return;
	}
	for (i = 0; i < sizeof(corpus_keys) / sizeof(corpus_keys[0]); i++) {
		struct keystore *ks = keystore_new();

		CU_ASSERT_PTR_NOT_NULL_FATAL(ks);
		snprintf(path, sizeof(path), "%s/%s", dir, corpus_keys[i].path);
		lines = key_lines(path);
		CU_ASSERT(lines > 0);
		memset(&w, 0, sizeof(w));
		CU_ASSERT_EQUAL(load_into(ks, path, &w),
		    (int)(lines / (size_t)corpus_keys[i].lines_per_entry));
		if (w.n != 0)
			show(&w);
		CU_ASSERT_EQUAL(w.n, 0);
		for (kind = KEYS_IKEV1; kind <= KEYS_ESP; kind++)
			CU_ASSERT_EQUAL(keystore_count(ks, kind),
			    kind == corpus_keys[i].kind ?
			    lines / (size_t)corpus_keys[i].lines_per_entry : 0);
		keystore_free(ks);
	}
}

int
suite_keys(void)
{
	static const struct test_def t[] = {
		{ "Wireshark IKEv1 and IKEv2 tables", test_wireshark_ike },
		{ "Wireshark esp_sa", test_wireshark_esp },
		{ "tcpdump and Libreswan lines", test_tcpdump },
		{ "ip xfrm state", test_xfrm },
		{ "malformed lines: reported, skipped, no key shown",
		    test_malformed },
		{ "file permissions and unreadable files", test_permissions },
		{ "a capture, a NUL byte, a file of garbage",
		    test_not_key_files },
		{ "lookups over several files", test_lookups },
		{ "the lab's pcaps/*.keys", test_lab_files },
		{ "the corpus's key files", test_corpus_files },
	};

	return SUITE("keys", t);
}
