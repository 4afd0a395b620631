/*
 * addr.c: text forms of addresses.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "dissect/addr.h"

char *
addr_fmt(const struct ip_addr *a, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (a->family == 4) {
		if (inet_ntop(AF_INET, a->a, buf, (socklen_t)len) == NULL)
			buf[0] = '\0';
	} else if (a->family == 6) {
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
