/*
 * names.h: IANA registries, kept once in .def files and expanded here.
 * Unknown values print as "UNKNOWN(n)".
 */
#ifndef IKW_NAMES_H
#define IKW_NAMES_H

#include <stddef.h>
#include <stdint.h>

enum ike_exch {
#define X(v, n, e, json, text) e = n,
#include "dissect/ike_exch.def"
#undef X
};

enum ike_payload_type {
#define X(v, n, e, name) e = n,
#include "dissect/ike_payload.def"
#undef X
};

/* NULL when the value is not in the registry. */
const char	*ike_exch_json(int version, unsigned);
const char	*ike_exch_text(int version, unsigned);
const char	*ike_payload_name(int version, unsigned);
int		 ike_payload_known(int version, unsigned);

/*
 * Name or "UNKNOWN(n)" written into buf; returns a pointer that is valid
 * as long as buf is.
 */
/* An IP protocol number's usual name ("TCP", "ICMP"), or NULL. */
const char	*ip_proto_name(unsigned);
const char	*names_or_unknown(const char *name, unsigned v, char *buf,
		    size_t len);

#endif
