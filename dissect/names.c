/*
 * names.c: lookups over the registries in *.def.
 */
#include <stdio.h>

#include "dissect/names.h"
#include "dissect/pkt.h"

struct exch_name {
	uint8_t		 version;
	uint8_t		 num;
	const char	*json;
	const char	*text;
};

static const struct exch_name exch_names[] = {
#define X(v, n, e, json, text) { v, n, json, text },
#include "dissect/ike_exch.def"
#undef X
};

/* By version and number: every payload of every message looks here. */
static const char *const payload_names[3][256] = {
#define X(v, n, e, name) [v][n] = name,
#include "dissect/ike_payload.def"
#undef X
};

static const char *const anomaly_names[] = {
#define X(e, json, text) json,
#include "dissect/anomaly.def"
#undef X
};

static const char *const anomaly_texts[] = {
#define X(e, json, text) text,
#include "dissect/anomaly.def"
#undef X
};

_Static_assert(ANOM_COUNT <= 32, "anomalies must fit a 32-bit mask");

static const struct exch_name *
exch_find(int version, unsigned n)
{
	size_t i;

	for (i = 0; i < sizeof(exch_names) / sizeof(exch_names[0]); i++)
		if (exch_names[i].version == version && exch_names[i].num == n)
			return &exch_names[i];
	return NULL;
}

const char *
ike_exch_json(int version, unsigned n)
{
	const struct exch_name *e = exch_find(version, n);

	return e ? e->json : NULL;
}

const char *
ike_exch_text(int version, unsigned n)
{
	const struct exch_name *e = exch_find(version, n);

	return e ? e->text : NULL;
}

const char *
ike_payload_name(int version, unsigned n)
{
	if (version < 1 || version > 2 || n > 255)
		return NULL;
	return payload_names[version][n];
}

int
ike_payload_known(int version, unsigned n)
{
	return ike_payload_name(version, n) != NULL;
}

const char *
names_or_unknown(const char *name, unsigned v, char *buf, size_t len)
{
	if (name != NULL)
		return name;
	snprintf(buf, len, "UNKNOWN(%u)", v);
	return buf;
}

const char *
anomaly_name(enum anomaly a)
{
	return (unsigned)a < ANOM_COUNT ? anomaly_names[a] : "unknown";
}

const char *
anomaly_text(enum anomaly a)
{
	return (unsigned)a < ANOM_COUNT ? anomaly_texts[a] : "unknown";
}

const char *
pkt_kind_name(enum pkt_kind k)
{
	static const char *const n[PK_KIND_COUNT] = {
		[PK_OTHER] = "other",
		[PK_IKE] = "ike",
		[PK_ESP] = "esp",
		[PK_ESP_UDP] = "esp-udp",
		[PK_AH] = "ah",
		[PK_KEEPALIVE] = "nat-keepalive",
		[PK_ICMP] = "icmp",
		[PK_FRAG] = "ip-fragment",
	};

	return (unsigned)k < PK_KIND_COUNT ? n[k] : "other";
}

const char *
ip_proto_name(unsigned v)
{
	static const struct {
		unsigned	 v;
		const char	*name;
	} t[] = {
		{ 1, "ICMP" }, { 2, "IGMP" }, { 4, "IPv4" }, { 6, "TCP" },
		{ 17, "UDP" }, { 41, "IPv6" }, { 47, "GRE" }, { 50, "ESP" },
		{ 51, "AH" }, { 58, "ICMPv6" }, { 59, "no next header" },
		{ 89, "OSPF" }, { 108, "IPComp" }, { 112, "VRRP" },
		{ 132, "SCTP" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].v == v)
			return t[i].name;
	return NULL;
}
