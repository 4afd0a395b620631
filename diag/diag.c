/*
 * diag.c: the per-run counters.
 */
#include <stdlib.h>

#include "diag/diag.h"

struct diag {
	struct diag_stats st;
	int64_t		 now_sec;
	uint32_t	 now_nsec;
};

struct diag *
diag_new(void)
{
	return calloc(1, sizeof(struct diag));
}

void
diag_free(struct diag *d)
{
	free(d);
}

const struct diag_stats *
diag_stats(const struct diag *d)
{
	return &d->st;
}

static void
diag_count_anomalies(struct diag_stats *st, uint32_t a)
{
	int i;

	if (a == 0)
		return;
	st->anomalous++;
	for (i = 0; i < ANOM_COUNT; i++)
		if (a & (1u << i))
			st->anomaly[i]++;
}

void
diag_feed(struct diag *d, const struct pkt *p)
{
	struct diag_stats *st = &d->st;

	st->packets++;
	st->bytes += p->wirelen;
	st->kind[p->kind < PK_KIND_COUNT ? p->kind : PK_OTHER]++;
	if (p->kind == PK_IKE) {
		if (p->ike.major == 1)
			st->ikev1++;
		else if (p->ike.major == 2)
			st->ikev2++;
		else
			st->ike_unknown++;
	}
	if (p->frag_count > 0)
		st->reassembled++;
	if (p->caplen < p->wirelen)
		st->truncated++;
	diag_count_anomalies(st, p->anomalies);
	if (!st->have_ts) {
		st->have_ts = 1;
		st->first_sec = p->ts_sec;
		st->first_nsec = p->ts_nsec;
	}
	st->last_sec = p->ts_sec;
	st->last_nsec = p->ts_nsec;
	diag_tick(d, p->ts_sec, p->ts_nsec);
}

void
diag_tick(struct diag *d, int64_t sec, uint32_t nsec)
{
	/* Packet time never runs backwards for the state machines. */
	if (sec > d->now_sec || (sec == d->now_sec && nsec > d->now_nsec)) {
		d->now_sec = sec;
		d->now_nsec = nsec;
	}
}
