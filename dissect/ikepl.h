/*
 * ikepl.h: helpers shared by the IKEv1 and IKEv2 payload decoders.
 * Internal to dissect/.
 */
#ifndef IKW_IKEPL_H
#define IKW_IKEPL_H

#include "dissect/bytes.h"
#include "dissect/ikedetail.h"
#include "dissect/registry.h"

#define IKD_DEPTH	16

struct ikd {
	const struct ikd_visitor *v;
	int		 max;		/* highest level told */
	const struct ike_msg *m;
	int		 depth;
	/* Damage already said in each open group: said once, not again. */
	uint8_t		 said[IKD_DEPTH];
};

#define IKD_SAID_TRUNCATED	0x01
#define IKD_SAID_MALFORMED	0x02

/* A payload, proposal or transform was cut short, or is inconsistent. */
void	ikd_truncated(struct ikd *);
void	ikd_malformed(struct ikd *);

/* A payload handler: body is the payload after its 4-byte header. */
typedef void	(*ikd_handler)(struct ikd *, struct cur body);

struct ikd_payload {
	uint8_t		 type;
	ikd_handler	 fn;
};

void	ikd_group(struct ikd *, const char *key);
void	ikd_end(struct ikd *);
void	ikd_list(struct ikd *, const char *key);
void	ikd_lend(struct ikd *);
void	ikd_uint(struct ikd *, int level, const char *key, uint64_t);
void	ikd_named(struct ikd *, int level, const char *key,
	    const struct reg *, uint32_t);
void	ikd_text(struct ikd *, int level, const char *key, const char *);
void	ikd_bytes(struct ikd *, int level, const char *key, const uint8_t *,
	    size_t);
void	ikd_addr(struct ikd *, int level, const char *key, int family,
	    const uint8_t *);
void	ikd_bool(struct ikd *, int level, const char *key, int);
/* Printable text as text, anything else as hex. */
void	ikd_str_or_hex(struct ikd *, int level, const char *key,
	    const uint8_t *, size_t);
/* Reports the bytes a payload had left that its handler did not read. */
void	ikd_leftover(struct ikd *, const struct cur *);
/* Delete payloads: the SPI size and count, then the SPIs. */
void	ikd_spis(struct ikd *, uint8_t spisz, uint16_t n, struct cur);
/* CERT, CR, CERTREQ: the encoding, then the data. */
void	ikd_cert(struct ikd *, struct cur);
/* A Vendor ID payload's body. */
void	ikd_vendor(struct ikd *, struct cur);
/* Bodies that are only their length at -v, and bytes at -vv. */
void	ikd_opaque(struct ikd *, struct cur);
/* An identification payload's data, by ID type (both versions). */
void	ikd_id_data(struct ikd *, int version, uint8_t type, struct cur);

/* Each version's handlers by payload type; others are shown opaque. */
extern const struct ikd_payload ikev1_payloads[];
extern const size_t ikev1_npayloads;
extern const struct ikd_payload ikev2_payloads[];
extern const size_t ikev2_npayloads;

#endif
