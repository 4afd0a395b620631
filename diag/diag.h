/*
 * diag.h: state across packets.  For now the counters every run
 * reports; the IKE SA table, exchange tracking and findings grow here.
 * Driven by packet time only: diag never reads the wall clock.
 */
#ifndef IKW_DIAG_H
#define IKW_DIAG_H

#include <stdint.h>

#include "diag/sa.h"
#include "dissect/pkt.h"

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
	size_t		 sa_bytes;	/* memory the SA table holds */
	size_t		 memcap;
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
/* Time passes (packet time, or wall time on a silent live wire). */
void		 diag_tick(struct diag *, int64_t sec, uint32_t nsec);
/* The counters, with the state table's memory as of now. */
const struct diag_stats *diag_stats(struct diag *);
/* The event the last diag_feed() made on its IKE SA, or NULL. */
const struct sa_event *diag_last_event(const struct diag *);
/* The capture ended: every SA still held goes to the callback. */
void		 diag_finish(struct diag *);

#endif
