/*
 * hex.h: test vectors written as the RFCs print them, in hex.
 */
#ifndef IKW_TEST_HEX_H
#define IKW_TEST_HEX_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/hex.h"

/*
 * The bytes of s (hex digits; spaces ignored) into dst.  Returns their
 * number, or (size_t)-1 when s is not whole bytes of hex or does not
 * fit in cap.
 */
static inline size_t
hex_bytes(uint8_t *dst, size_t cap, const char *s)
{
	size_t n = 0;
	int hi = -1, d;

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			continue;
		if ((d = hex_digit(*s)) < 0)
			return (size_t)-1;
		if (hi < 0) {
			hi = d;
			continue;
		}
		if (n == cap)
			return (size_t)-1;
		dst[n++] = (uint8_t)(hi << 4 | d);
		hi = -1;
	}
	return hi < 0 ? n : (size_t)-1;
}

#endif
