/*
 * vendor.c: Vendor ID lookup (see vendor.h).  Placeholder until the
 * table lands.
 */
#include "dissect/vendor.h"

int
vendor_id_name(const uint8_t *vid, size_t len, char *out, size_t outlen)
{
	(void)vid;
	(void)len;
	if (outlen > 0)
		out[0] = '\0';
	return 0;
}

unsigned
vendor_id_features(const uint8_t *vid, size_t len)
{
	(void)vid;
	(void)len;
	return 0;
}

size_t
vendor_id_count(void)
{
	return 0;
}
