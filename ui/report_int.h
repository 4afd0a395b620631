/*
 * report_int.h: what report.c collects, for report_doc.c to write.
 */
#ifndef IKW_REPORT_INT_H
#define IKW_REPORT_INT_H

#include <stdint.h>
#include <stdio.h>

#include "capture/ring.h"
#include "diag/diag.h"
#include "diag/finding.h"
#include "diag/sa.h"
#include "ui/report.h"

#define TTL_PEERS	256

struct ike_frame {
	uint64_t	 frame;
	struct sa_key	 key;
};

struct peer_ttl {
	struct ip_addr	 a;
	uint8_t		 min;
	uint8_t		 max;
	uint64_t	 n;
	uint8_t		 has_mac;
	uint8_t		 mac[6];	/* the first frame's source MAC */
	uint8_t		 macs;		/* 2: more than one seen */
};

struct report {
	char		*dir;
	int		 created;
	struct finding	*f;
	size_t		 nf;
	size_t		 capf;
	struct ike_sa	*sa;		/* the SAs with findings */
	size_t		 nsa;
	size_t		 capsa;
	struct ike_frame *ik;
	size_t		 nik;
	size_t		 capik;
	struct peer_ttl	 ttl[TTL_PEERS];
	size_t		 nttl;
	/* the evidence: original frame numbers, in order */
	uint64_t	*ev;
	size_t		 nev;
	/* live: cited frames that had left the ring, so are not in it */
	uint64_t	*lost;
	size_t		 nlost;
	size_t		 caplost;
	struct ring_stats rs;
	uint64_t	 skipped;	/* frames of another link type */
	/* the longest silence between two frames of the capture */
	int		 have_last;
	struct sa_when	 last;
	double		 gap;
	uint64_t	 gap_before;	/* the frame after it */
};

#define GAP_WORTH	60.0	/* seconds of silence a report mentions */

/* The evidence frame number (1-based) of an original one; 0: not in. */
size_t		 ev_number(const struct report *, uint64_t frame);
/* report.md and report.json (report_doc.c); the caller checks the file. */
void		 write_md(struct report *, FILE *, const struct report_input *,
		    const struct diag_stats *);
void		 write_json(struct report *, FILE *,
		    const struct report_input *, const struct diag_stats *,
		    const char *merge);

#endif
