/*
 * fmt.c: text forms shared by the output sinks.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dissect/frag.h"
#include "ui/fmt.h"
#include "ui/sink.h"

static int
fmt_tm(int64_t sec, struct tm *tm)
{
	time_t t = (time_t)sec;

	return gmtime_r(&t, tm) != NULL;
}

char *
fmt_rfc3339(int64_t sec, uint32_t nsec, char *buf, size_t len)
{
	struct tm tm;

	if (!fmt_tm(sec, &tm)) {
		snprintf(buf, len, "invalid");
		return buf;
	}
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, nsec / 1000);
	return buf;
}

char *
fmt_clock(int64_t sec, uint32_t nsec, char *buf, size_t len)
{
	struct tm tm;

	if (!fmt_tm(sec, &tm)) {
		snprintf(buf, len, "invalid");
		return buf;
	}
	snprintf(buf, len, "%02d:%02d:%02d.%06u", tm.tm_hour, tm.tm_min,
	    tm.tm_sec, nsec / 1000);
	return buf;
}

char *
fmt_date(int64_t sec, char *buf, size_t len)
{
	struct tm tm;

	if (!fmt_tm(sec, &tm))
		snprintf(buf, len, "invalid");
	else
		snprintf(buf, len, "%04d-%02d-%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
	return buf;
}

int64_t
fmt_day(int64_t sec)
{
	int64_t q = sec / 86400;

	/* Floor, without the overflow (sec - 86399) would risk. */
	return (sec % 86400 < 0) ? q - 1 : q;
}

void
fmt_endpoints(const struct pkt *p, char *src, char *dst, size_t len)
{
	if (p->has_udp) {
		addr_port_fmt(&p->src, p->sport, src, len);
		addr_port_fmt(&p->dst, p->dport, dst, len);
	} else {
		addr_fmt(&p->src, src, len);
		addr_fmt(&p->dst, dst, len);
	}
}

const char *
fmt_proto(const struct pkt *p)
{
	if (p->kind == PK_IKE)
		return p->ike.major == 1 ? "ikev1" : p->ike.major == 2 ?
		    "ikev2" : "ike";
	return pkt_kind_name(p->kind);
}

struct icmp_name {
	uint8_t		 v6;
	uint8_t		 type;
	int16_t		 code;	/* -1: any */
	const char	*name;
};

static const struct icmp_name icmp_names[] = {
	{ 0, 3, 0, "net unreachable" },
	{ 0, 3, 1, "host unreachable" },
	{ 0, 3, 2, "protocol unreachable" },
	{ 0, 3, 3, "port unreachable" },
	{ 0, 3, 4, "fragmentation needed" },
	{ 0, 3, 9, "net administratively prohibited" },
	{ 0, 3, 10, "host administratively prohibited" },
	{ 0, 3, 13, "administratively prohibited" },
	{ 0, 3, -1, "unreachable" },
	{ 0, 4, -1, "source quench" },
	{ 0, 5, -1, "redirect" },
	{ 0, 11, 0, "TTL exceeded" },
	{ 0, 11, 1, "reassembly time exceeded" },
	{ 0, 11, -1, "time exceeded" },
	{ 0, 12, -1, "parameter problem" },
	{ 1, 1, 0, "no route" },
	{ 1, 1, 1, "administratively prohibited" },
	{ 1, 1, 3, "address unreachable" },
	{ 1, 1, 4, "port unreachable" },
	{ 1, 1, 5, "source address failed policy" },
	{ 1, 1, 6, "reject route" },
	{ 1, 1, -1, "unreachable" },
	{ 1, 2, -1, "packet too big" },
	{ 1, 3, 0, "hop limit exceeded" },
	{ 1, 3, 1, "reassembly time exceeded" },
	{ 1, 3, -1, "time exceeded" },
	{ 1, 4, -1, "parameter problem" },
};

const char *
fmt_icmp(const struct icmp_quote *q)
{
	size_t i;

	for (i = 0; i < sizeof(icmp_names) / sizeof(icmp_names[0]); i++) {
		const struct icmp_name *n = &icmp_names[i];

		if (n->v6 == q->v6 && n->type == q->type &&
		    (n->code < 0 || n->code == q->code))
			return n->name;
	}
	return "error";
}

char *
fmt_ike_flags(const struct ike_msg *m, char *buf, size_t len)
{
	size_t n = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (m->major == 2) {
		if (m->flags & IKEV2_F_INITIATOR)
			n += (size_t)snprintf(buf + n, len - n, "I");
		if (n < len && (m->flags & IKEV2_F_RESPONSE))
			n += (size_t)snprintf(buf + n, len - n, "R");
		if (n < len && (m->flags & IKEV2_F_VERSION))
			snprintf(buf + n, len - n, "V");
	} else if (m->major == 1) {
		if (m->flags & IKEV1_F_ENC)
			n += (size_t)snprintf(buf + n, len - n, "E");
		if (n < len && (m->flags & IKEV1_F_COMMIT))
			n += (size_t)snprintf(buf + n, len - n, "C");
		if (n < len && (m->flags & IKEV1_F_AUTH_ONLY))
			snprintf(buf + n, len - n, "A");
	}
	return buf;
}

const char *
fmt_lost_why(int why)
{
	switch (why) {
	case FRAG_WHY_EXPIRED:
		return "timed out";
	case FRAG_WHY_EVICTED:
		return "pushed out of a full table";
	}
	return "capture ended";
}

char *
fmt_missing(uint64_t mask, int more, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < 64 && n < len; i++)
		if (mask & (1ULL << i))
			n += (size_t)snprintf(buf + n, len - n, "%s%d",
			    n ? "," : "", i + 1);
	if (more && n < len)
		snprintf(buf + n, len - n, "%s...", n ? "," : "");
	return buf;
}

void
fmt_json_str(FILE *f, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	putc('"', f);
	for (; *u; u++) {
		if (*u == '"' || *u == '\\') {
			putc('\\', f);
			putc(*u, f);
		} else if (*u < 0x20)
			fprintf(f, "\\u%04x", *u);
		else
			putc(*u, f);
	}
	putc('"', f);
}

void
sink_sa_extra(struct diag *d, const struct ike_sa *sa, struct sa_extra *x)
{
	memset(x, 0, sizeof(*x));
	x->nchild = diag_children(d, sa, x->child, SINK_CHILDREN);
	x->ka[SA_INI] = diag_keepalives_of(d, sa, 1, &x->ka_every[SA_INI]);
	x->ka[SA_RSP] = diag_keepalives_of(d, sa, 0, &x->ka_every[SA_RSP]);
}
