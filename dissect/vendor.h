/*
 * vendor.h: names for Vendor ID payloads (IKEv1 VID, IKEv2 V).
 *
 * The table (vendor_ids.def) holds fixed byte strings and entries that
 * are defined as the MD5 of a text; the MD5 ones are computed once, on
 * first use.  A match may be on a prefix, with the bytes after it
 * decoded into a version where the vendor encodes one.
 */
#ifndef IKW_VENDOR_H
#define IKW_VENDOR_H

#include <stddef.h>
#include <stdint.h>

#define VID_NAME_MAX	96

/* What a Vendor ID announces that the diagnosis cares about. */
#define VID_F_NATT	0x01	/* NAT-T: RFC 3947 or a draft */
#define VID_F_DPD	0x02	/* dead peer detection, RFC 3706 */
#define VID_F_XAUTH	0x04
#define VID_F_FRAG	0x08	/* IKE fragmentation */
#define VID_F_UNITY	0x10	/* Cisco Unity */

/*
 * Writes the name (with the version when the bytes carry one) into out.
 * Returns 1 when the Vendor ID is known, 0 when not (out is then empty).
 */
int		 vendor_id_name(const uint8_t *vid, size_t len, char *out,
		    size_t outlen);
/* VID_F_* flags of a known Vendor ID; 0 when unknown. */
unsigned	 vendor_id_features(const uint8_t *vid, size_t len);
/* How many entries the table holds. */
size_t		 vendor_id_count(void);

#endif
