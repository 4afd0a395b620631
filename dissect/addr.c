/*
 * addr.c: text forms of addresses.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "dissect/addr.h"

/*
 * Dotted quad by hand: inet_ntop formats IPv4 through sprintf, and
 * reports print tens of thousands of addresses.  len < 16: empty.
 */
static void
addr_fmt4(const uint8_t *b, char *buf, size_t len)
{
	char *o = buf;
	int i;

	if (len < sizeof("255.255.255.255")) {
		buf[0] = '\0';
		return;
	}
	for (i = 0; i < 4; i++) {
		unsigned v = b[i];

		if (v >= 100)
			*o++ = (char)('0' + v / 100);
		if (v >= 10)
			*o++ = (char)('0' + v / 10 % 10);
		*o++ = (char)('0' + v % 10);
		*o++ = i < 3 ? '.' : '\0';
	}
}

char *
addr_fmt(const struct ip_addr *a, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (a->family == 4)
		addr_fmt4(a->a, buf, len);
	else if (a->family == 6) {
		if (inet_ntop(AF_INET6, a->a, buf, (socklen_t)len) == NULL)
			buf[0] = '\0';
	} else
		snprintf(buf, len, "?");
	return buf;
}

char *
addr_port_fmt(const struct ip_addr *a, uint16_t port, char *buf, size_t len)
{
	char s[ADDR_STRLEN];

	addr_fmt(a, s, sizeof(s));
	if (a->family == 6)
		snprintf(buf, len, "[%s]:%u", s, port);
	else
		snprintf(buf, len, "%s:%u", s, port);
	return buf;
}
