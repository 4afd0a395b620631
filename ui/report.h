/*
 * report.h: the evidence bundle (--report DIR) for one capture: the
 * frames that prove the findings (evidence.pcap), the findings in words
 * (report.md) and as data (report.json), SHA-256 sums of the input and of
 * every file written (SHA256SUMS).  Claims are worded for what the
 * capture point could see.
 */
#ifndef IKW_REPORT_H
#define IKW_REPORT_H

#include <stddef.h>

#include "capture/ring.h"
#include "capture/source.h"
#include "diag/diag.h"
#include "diag/finding.h"
#include "dissect/pkt.h"

struct report;

/*
 * NULL with err filled when dir cannot be made (exists without force).
 * dir NULL: only collect, for report_write_sa later.
 */
struct report	*report_new(const char *dir, int force, char *err,
		    size_t errlen);
/* What the run sees, as it goes. */
void		 report_packet(struct report *, const struct pkt *);
void		 report_finding(struct report *, const struct finding *);
void		 report_sa(struct report *, const struct ike_sa *);
/*
 * Where the bundle's frames and the capture's facts come from: a file
 * (read again for the evidence frames; second, when not NULL, is the
 * same traffic captured at another point, merge.h), or a live capture
 * whose recent frames are held in a ring.
 */
struct report_input {
	const char	*capture;	/* the file; NULL: live */
	const char	*second;
	const struct frame_ring *ring;	/* live: the frames still held */
	const struct cap_info *ci;
	const struct cap_stats *cs;	/* live: libpcap's counts, or NULL */
};

/*
 * The run is over (or, live, the user asked): writes the bundle.  0, or
 * -1 with err filled and nothing left half written.
 */
int		 report_write(struct report *, const struct report_input *,
		    const struct diag_stats *, char *err, size_t errlen);
/*
 * The bundle of one IKE SA (the live view's `e'), from what a collecting
 * report gathered so far: into dir, which must not exist yet.
 */
int		 report_write_sa(const struct report *, const struct ike_sa *,
		    const char *dir, const struct report_input *,
		    const struct diag_stats *, char *err, size_t errlen);
/*
 * Live: frames before this one have left the ring, so the report need
 * not remember them.
 */
void		 report_forget_before(struct report *, uint64_t frame);
/* The run failed: the directory made for the bundle goes again. */
void		 report_abandon(struct report *);
void		 report_free(struct report *);

#endif
