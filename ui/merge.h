/*
 * merge.h: two capture points of the same traffic, read together for the
 * evidence report.  The same IKE message (the same bytes) and the same
 * ESP packet (SPI and sequence number) are matched across the captures,
 * whatever NAT did to addresses and ports between them; each packet's
 * sender is near the capture where it arrives with the higher TTL; the
 * clock offset between the captures is estimated from packets matched in
 * both directions; and every message of the IKE SAs in question is placed:
 * seen at A only, at B only, or at both with its one-way delay.
 */
#ifndef IKW_MERGE_H
#define IKW_MERGE_H

#include <stdio.h>

#include "diag/sa.h"

struct merge_key {
	uint8_t		 version;
	uint64_t	 ispi;
};

/*
 * Reads both captures, writes the "two capture points" section of
 * report.md to md and the "merge" member of report.json (without the
 * leading comma) to js, about the IKE SAs in keys (all when n is 0).
 * 0, or -1 with err filled.
 */
int		 merge_report(const char *a, const char *b,
		    const struct merge_key *keys, size_t n, FILE *md,
		    FILE *js, char *err, size_t errlen);

#endif
