/*
 * diag.c: the per-run counters.
 */
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "diag/table.h"

/*
 * Idle timeouts: an SA that finished phase 1 may sit quiet between
 * rekeys (strongSwan's default IKE lifetime is 3 h); one that never got
 * there is abandoned by every implementation within minutes.
 */
#define SA_IDLE_ESTABLISHED	(4 * 3600)
#define SA_IDLE_NEGOTIATING	600

struct diag {
	struct diag_stats st;
	int64_t		 now_sec;
	uint32_t	 now_nsec;
	struct table	*sas;
	struct sa_event	 ev;
	int		 have_ev;
	diag_sa_fn	 on_sa;
	void		*on_sa_arg;
};

static void
diag_sa_gone(void *arg, void *entry, int why)
{
	struct diag *d = arg;

	if (why == TABLE_EXPIRED)
		d->st.sa_expired++;
	else if (why == TABLE_MEMCAP)
		d->st.sa_evicted++;
	/* The event of the packet that made room no longer points here. */
	if (d->have_ev && d->ev.sa == entry)
		d->have_ev = 0;
	if (d->on_sa != NULL)
		d->on_sa(d->on_sa_arg, entry);
}

struct diag *
diag_new(size_t memcap, diag_sa_fn on_sa, void *arg)
{
	struct diag *d = calloc(1, sizeof(struct diag));

	if (d == NULL)
		return NULL;
	d->on_sa = on_sa;
	d->on_sa_arg = arg;
	d->sas = table_new(sizeof(struct sa_key), sizeof(struct ike_sa),
	    memcap, diag_sa_gone, d);
	if (d->sas == NULL) {
		free(d);
		return NULL;
	}
	d->st.memcap = table_stats(d->sas)->memcap;
	return d;
}

void
diag_free(struct diag *d)
{
	if (d == NULL)
		return;
	table_free(d->sas);
	free(d);
}

const struct sa_event *
diag_last_event(const struct diag *d)
{
	return d->have_ev ? &d->ev : NULL;
}

void
diag_finish(struct diag *d)
{
	table_flush(d->sas);
}

/* One IKE message: find or make its SA and move it along. */
static void
diag_ike(struct diag *d, const struct pkt *p)
{
	struct sa_key k;
	struct ike_sa *sa;
	int64_t idle, until;
	int evicted = 0;

	d->have_ev = 0;
	if (!sa_key_of(p, &k))
		return;
	if ((sa = table_lookup(d->sas, &k)) == NULL) {
		if ((sa = table_insert(d->sas, &k, &evicted)) == NULL)
			return;
		d->st.ike_sas++;
	}
	sa_update(sa, p, &d->ev);
	d->have_ev = 1;
	idle = sa->established ? SA_IDLE_ESTABLISHED : SA_IDLE_NEGOTIATING;
	/* Packet times come from the file: saturate rather than wrap. */
	if (__builtin_add_overflow(p->ts_sec, idle, &until))
		until = TABLE_NEVER;
	table_set_expiry(d->sas, sa, until);
}

const struct diag_stats *
diag_stats(struct diag *d)
{
	d->st.sa_bytes = table_stats(d->sas)->bytes;
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
	diag_ike(d, p);
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
		table_expire(d->sas, sec);
	}
}
