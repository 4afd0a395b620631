/*
 * registry.h: the IANA registries ikewatch names values from, kept once
 * in registries.def and expanded here into enums and lookup tables.
 * Unknown values print as "UNKNOWN(n)".
 */
#ifndef IKW_REGISTRY_H
#define IKW_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

struct reg_entry {
	uint32_t	 value;
	const char	*name;
};

struct reg {
	const char	*what;		/* the registry's name */
	const struct reg_entry *e;
	size_t		 n;
};

#define REG_BEGIN(id, what)	enum reg_enum_##id {
#define R(e, v, name)		e = v,
#define REG_END(id)		reg_enum_##id##_end };
#include "dissect/registries.def"
#undef REG_BEGIN
#undef R
#undef REG_END

#define REG_BEGIN(id, what)	extern const struct reg reg_##id;
#define R(e, v, name)
#define REG_END(id)
#include "dissect/registries.def"
#undef REG_BEGIN
#undef R
#undef REG_END

/* NULL when v is not registered. */
const char	*reg_name(const struct reg *, uint32_t v);
/* The name, or "UNKNOWN(v)" written into buf. */
const char	*reg_name_or(const struct reg *, uint32_t v, char *buf,
		    size_t len);

/* IKEv1 and IKEv2 notify types below 16384 are errors. */
#define NOTIFY_ERROR_MAX	16383

#endif
