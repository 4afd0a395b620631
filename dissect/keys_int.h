/*
 * keys_int.h: what keys.c (the store and the line loop), keys_fmt.c
 * (one parser per format) and keys_alg.c (algorithm names) share.
 * Nothing outside dissect/keys*.c includes it.
 */
#ifndef IKW_KEYS_INT_H
#define IKW_KEYS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/keys.h"

/* One load in progress: where it is, and where its complaints go. */
struct kload {
	struct keystore	*ks;
	const char	*path;
	unsigned	 line;
	void		(*warn)(void *, const char *);
	void		*arg;
	int		 added;
	int		 oom;
	unsigned	 nbad;		/* complaints so far */

	/* An open "ip xfrm state" block, finished by the next one. */
	int		 xf_open;
	unsigned	 xf_line;	/* its "src ... dst ..." line */
	int		 xf_skip;	/* not ESP, or already reported */
	int		 xf_proto;	/* "proto esp" seen */
	int		 xf_enc;	/* enc, auth, aead lines seen */
	int		 xf_auth;
	int		 xf_aead;
	struct esp_keys	 xf;
};

/* "FILE:LINE: msg" through the caller's callback. */
void	kl_bad(struct kload *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Adding to the store.  A repeat of an entry adds nothing; a
 * contradiction is reported on the current line.  1 added, 0 not.
 */
int	ks_add_ike1(struct kload *, const struct ike1_keys *);
int	ks_add_ike2(struct kload *, const struct ike2_keys *);
int	ks_add_esp(struct kload *, const struct esp_keys *);

/* The parsers, one line each (xfrm: one line of a block). */
void	kf_csv(struct kload *, char *line);
void	kf_tcpdump_ike(struct kload *, char *line);
void	kf_tcpdump_esp(struct kload *, char *line);
void	kf_xfrm_begin(struct kload *, char *line);
void	kf_xfrm_field(struct kload *, char *line);
void	kf_xfrm_end(struct kload *);

/*
 * An algorithm as one format names it.  klen is the key length in
 * bytes, salt included, or one of the two below.
 */
struct kalg {
	const char	*name;
	uint16_t	 id;
	uint8_t		 klen;
	uint8_t		 icv;	/* ICV or tag bytes; 0 for none */
};

#define KLEN_AES	0xff	/* an AES key of 16, 24 or 32, plus salt */
#define KLEN_FREE	0xfe	/* not checked (cannot decrypt anyway) */

/* The name tables, one per format and kind. */
enum kalg_tab {
	KT_WS_IKE2_ENCR,	/* Wireshark vs_ikev2_encr_algs */
	KT_WS_IKE2_INTEG,	/* Wireshark vs_ikev2_auth_algs */
	KT_WS_ESP_ENCR,		/* Wireshark esp_encryption_type_vals */
	KT_WS_ESP_AUTH,		/* esp_authentication_type_vals */
	KT_TD_INTEG,		/* tcpdump / Libreswan integrity names */
	KT_XF_ENC,		/* ip xfrm state: enc */
	KT_XF_AUTH,		/* ip xfrm state: auth, auth-trunc */
	KT_XF_AEAD		/* ip xfrm state: aead */
};

/*
 * The entry for name (and, when icv is not -1, that ICV length); NULL
 * when the table has none.  Wireshark's names match exactly, the
 * others ignoring case.
 */
const struct kalg	*kalg_find(enum kalg_tab, const char *name, int icv);
/* The first entry for name whatever its ICV (xfrm's default). */
const struct kalg	*kalg_any_icv(enum kalg_tab, const char *name);
/*
 * tcpdump and Libreswan encryption names: a base name and an optional
 * key size in bits ("aes256", "aes_gcm_16128", "3des", "aes128-cbc").
 * NULL when the name is unknown; *bits 0 when none was given.
 */
const struct kalg	*kalg_tcpdump_encr(const char *name, unsigned *bits);
/* Whether len key bytes suit a, and the key size bits if not 0. */
int			 kalg_len_ok(const struct kalg *a, size_t len,
			    unsigned bits);
/* Salt bytes at the end of the key (RFC 3686, 4106, 4309, 7634). */
size_t			 kalg_salt(uint16_t id);
/* An AEAD cipher: its own tag, no integrity transform. */
int			 kalg_aead(uint16_t id);

/* Helpers the parsers share (keys_fmt.c). */
#define TOK_MAX		16	/* blank-separated tokens kept */
enum { KE_OK, KE_HEX, KE_ODD, KE_LONG };

/* Hex digits to bytes; odd_ok reads an odd count as led by a 0. */
int	kf_hex_bytes(const char *, uint8_t *out, uint8_t *len, int odd_ok);
/* Reports a KE_* result about what; -1 for an error, else 0. */
int	kf_key_report(struct kload *, int ke, const char *what);
/* Reports and returns -1 unless len (and bits) suit a. */
int	kf_key_fits(struct kload *, const struct kalg *a, size_t len,
	    unsigned bits, const char *what);
/* strtoul's base 0, the whole string, at most 32 bits. */
int	kf_parse_u32(const char *, uint32_t *);
/* Blank-separated tokens in place; returns how many, past max too. */
int	kf_tokens(char *, char **t, int max);
/* One whole IPv4 or IPv6 address; *plen its length in bits. */
int	kf_addr_exact(const char *, struct ip_addr *, uint8_t *plen);

#endif
