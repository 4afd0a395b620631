/*
 * addr.h: an IPv4 or IPv6 address as the dissector saw it.
 */
#ifndef IKW_ADDR_H
#define IKW_ADDR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct ip_addr {
	uint8_t		 family;	/* 4, 6, or 0 when unknown */
	uint8_t		 a[16];		/* IPv4 in the first 4 bytes */
};

#define ADDR_STRLEN	48	/* "[v6]" plus ":port" fits */

static inline void
addr_set(struct ip_addr *d, int family, const uint8_t *b)
{
	memset(d, 0, sizeof(*d));
	d->family = (uint8_t)family;
	if (b != NULL)
		memcpy(d->a, b, family == 6 ? 16 : 4);
}

static inline int
addr_eq(const struct ip_addr *x, const struct ip_addr *y)
{
	return x->family == y->family && memcmp(x->a, y->a, 16) == 0;
}

/* Text form ("192.0.2.1", "2001:db8::1"); returns buf. */
char	*addr_fmt(const struct ip_addr *, char *buf, size_t len);
/* With a port: "192.0.2.1:500", "[2001:db8::1]:500". */
char	*addr_port_fmt(const struct ip_addr *, uint16_t port, char *buf,
	    size_t len);

#endif
