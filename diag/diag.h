/*
 * diag.h: state across packets.  For now the counters every run
 * reports; the IKE SA table, exchange tracking and findings grow here.
 * Driven by packet time only: diag never reads the wall clock.
 */
#ifndef IKW_DIAG_H
#define IKW_DIAG_H

#include <stdint.h>

#include "capture/frame.h"
#include "diag/esp.h"
#include "diag/finding.h"
#include "diag/sa.h"
#include "dissect/frag.h"
#include "dissect/ikefrag.h"
#include "dissect/pkt.h"

/* Seconds an unanswered request may wait before it is a stall. */
#define DIAG_STALL_DEFAULT	10.0

struct diag_stats {
	uint64_t	 packets;
	uint64_t	 bytes;		/* on the wire */
	uint64_t	 kind[PK_KIND_COUNT];
	uint64_t	 ikev1;
	uint64_t	 ikev2;
	uint64_t	 ike_unknown;	/* IKE ports, unreadable version */
	uint64_t	 reassembled;	/* datagrams rebuilt from fragments */
	uint64_t	 anomalous;	/* packets with at least one anomaly */
	uint64_t	 anomaly[ANOM_COUNT];
	uint64_t	 truncated;	/* cut by the snapshot length */
	uint64_t	 ike_sas;	/* IKE SAs seen */
	uint64_t	 sa_expired;	/* dropped after their idle timeout */
	uint64_t	 sa_evicted;	/* dropped to stay under --memcap */
	uint64_t	 sa_evicted_half_open;	/* of those: one message only */
	size_t		 sa_bytes;	/* memory the SA table holds */
	/* SA details (retransmit copies, notes, ICMP, lost fragments, a
	   peer moving) not kept: their share of --memcap was full */
	uint64_t	 sa_detail_dropped;
	uint64_t	 esp_sas;	/* ESP/AH SPIs seen */
	uint64_t	 esp_evicted;	/* child or tunnel records pushed out */
	uint64_t	 esp_expired;	/* child records idle past their deadline */
	size_t		 esp_bytes;
	size_t		 memcap;
	uint64_t	 stall_checks_dropped;	/* live: the queue was full */
	uint64_t	 findings;
	uint64_t	 by_severity[3];
	uint64_t	 by_finding[F_COUNT];
	int		 have_ts;
	int64_t		 first_sec;
	uint32_t	 first_nsec;
	int64_t		 last_sec;
	uint32_t	 last_nsec;
};

struct diag;

/*
 * An IKE SA leaves the table (idle, pushed out under the memory cap, or
 * at diag_finish): the owner reports it, diag does not print.
 */
typedef void	(*diag_sa_fn)(void *arg, const struct ike_sa *);

/* memcap: bytes the state tables may use; 0 for the default. */
struct diag	*diag_new(size_t memcap, diag_sa_fn, void *arg);
void		 diag_free(struct diag *);
void		 diag_feed(struct diag *, const struct pkt *);
/*
 * Read-ahead for the offline loop (peek.h): diag_hint_start as frame f
 * is read, some frames before its turn; diag_hint_more a frame later;
 * diag_hint_last on the frame before its turn; then diag_feed_hinted
 * with the frame's packet.  Only where state lives is learned early;
 * the results are those of diag_feed.
 */
struct diag_hint {
	struct esp_hint	 esp;
};
void		 diag_hint_start(struct diag *, const struct cap_frame *,
		    struct diag_hint *);
/* Glances are taken from this many ESP SPIs on (0: always). */
void		 diag_set_read_ahead(struct diag *, size_t spis);
/* Whether they are now: below, reading ahead is only a cost. */
int		 diag_read_ahead_wanted(const struct diag *);
void		 diag_hint_more(struct diag *, struct diag_hint *);
void		 diag_hint_last(struct diag *, struct diag_hint *);
void		 diag_feed_hinted(struct diag *, const struct pkt *,
		    const struct diag_hint *);
/* Time passes (packet time, or wall time on a silent live wire). */
void		 diag_tick(struct diag *, int64_t sec, uint32_t nsec);
/* The ESP/AH children between an IKE SA's peers (see esp.h). */
size_t		 diag_children(struct diag *, const struct ike_sa *,
		    struct child_view *, size_t max);
/* Calls fn for every IKE SA in the table (the live view); how many. */
size_t		 diag_each_sa(struct diag *,
		    void (*fn)(void *, const struct ike_sa *), void *);
/* Calls fn for every pair of peers seen with ESP/AH or IKE. */
size_t		 diag_each_tunnel(struct diag *,
		    void (*fn)(void *, const struct tunnel_view *), void *);
/* The packet time diag has reached, and the --stall in force. */
void		 diag_now(const struct diag *, int64_t *sec, uint32_t *nsec);
double		 diag_stall(const struct diag *);
/* NAT-T keepalives from one side of sa's peers, mean interval (s). */
int		 diag_keepalives_of(struct diag *, const struct ike_sa *,
		    int from_ini, double *interval);
/* The counters, with the state table's memory as of now. */
const struct diag_stats *diag_stats(struct diag *);
/* The event the last diag_feed() made on its IKE SA, or NULL. */
const struct sa_event *diag_last_event(const struct diag *);
/*
 * Findings go to fn as they are drawn: an IKE SA's when it leaves the
 * table (idle, --memcap, or diag_finish), the capture's at diag_finish.
 * stall: seconds a request may wait unanswered (0: the default).
 */
void		 diag_set_findings(struct diag *, finding_fn fn, void *arg,
		    double stall);
/*
 * Live: a request that waits --stall seconds is reported then (no_response,
 * natt_blocked, dpd_unanswered), not only when its SA leaves the table.
 * -1 when out of memory.
 */
int		 diag_set_live(struct diag *);
/*
 * The capture is over but the view stays: every SA still held is
 * assessed now, as diag_finish would, and what is drawn is not drawn
 * again when it finally leaves.
 */
void		 diag_settle(struct diag *);
/* Packets the capture itself lost (live: kernel drops). */
void		 diag_set_drops(struct diag *, uint64_t);
/* A datagram or an IKE fragment set that never completed. */
void		 diag_lost_ip(struct diag *, const struct frag_lost *);
void		 diag_lost_ike(struct diag *, const struct ikefrag_lost *);
/*
 * The capture ended: every SA still held is assessed and goes to the
 * callback, then the capture-wide findings follow.
 */
void		 diag_finish(struct diag *);

#endif
