/*
 * addr.c: text forms of addresses.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

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

/* "addr:port", "[v6]:port"; cut short (still terminated) when len is. */
char *
addr_port_fmt(const struct ip_addr *a, uint16_t port, char *buf, size_t len)
{
	char s[ADDR_STRLEN + 9], d[6];
	size_t n = 0, k = 0;
	unsigned v = port;

	if (len == 0)
		return buf;
	if (a->family == 6)
		s[n++] = '[';
	addr_fmt(a, s + n, ADDR_STRLEN);
	n += strlen(s + n);
	if (a->family == 6)
		s[n++] = ']';
	s[n++] = ':';
	do
		d[k++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (k > 0)
		s[n++] = d[--k];
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}
