/*
 * registry.c: the lookup tables expanded from registries.def.
 */
#include <stdio.h>

#include "dissect/registry.h"

#define REG_BEGIN(id, what)	static const struct reg_entry reg_##id##_e[] = {
#define R(e, v, name)		{ v, name },
#define REG_END(id)		}; const struct reg reg_##id = { #id, \
				    reg_##id##_e, sizeof(reg_##id##_e) / \
				    sizeof(reg_##id##_e[0]) };
#include "dissect/registries.def"
#undef REG_BEGIN
#undef R
#undef REG_END

const char *
reg_name(const struct reg *r, uint32_t v)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->e[i].value == v)
			return r->e[i].name;
	return NULL;
}

const char *
reg_name_or(const struct reg *r, uint32_t v, char *buf, size_t len)
{
	const char *n = reg_name(r, v);

	if (n != NULL)
		return n;
	snprintf(buf, len, "UNKNOWN(%u)", v);
	return buf;
}
