/*
 * fmt.h: text forms shared by the output sinks.
 */
#ifndef IKW_FMT_H
#define IKW_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dissect/pkt.h"

#define FMT_TS_LEN	40

/* "2026-11-22T19:23:34.123456Z" (RFC 3339, UTC, microseconds) */
char	*fmt_rfc3339(int64_t sec, uint32_t nsec, char *buf, size_t len);
/* "19:23:34.123456" (UTC) */
char	*fmt_clock(int64_t sec, uint32_t nsec, char *buf, size_t len);
/* "2026-11-22" (UTC) */
char	*fmt_date(int64_t sec, char *buf, size_t len);
/* Days since the epoch, to notice a change of date. */
int64_t	 fmt_day(int64_t sec);

/* Source and destination: "addr:port" for UDP, "addr" otherwise. */
void	 fmt_endpoints(const struct pkt *, char *src, char *dst, size_t len);
/* "ikev1", "ikev2", "esp", ... as in the JSON contract. */
const char *fmt_proto(const struct pkt *);
/* "port unreachable", "fragmentation needed", ... */
const char *fmt_icmp(const struct icmp_quote *);
/* IKE header flags as letters: I R V (IKEv2), E C A (IKEv1). */
char	*fmt_ike_flags(const struct ike_msg *, char *buf, size_t len);

/* Why a datagram or fragment set was given up on. */
const char *fmt_lost_why(int why);
/* "2,4,7" from a missing-numbers mask (bit n-1: number n). */
char	*fmt_missing(uint64_t mask, int more, char *buf, size_t len);

/* A JSON string with escapes, quotes included. */
void	 fmt_json_str(FILE *, const char *);

#endif
