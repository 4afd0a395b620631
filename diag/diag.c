/*
 * diag.c: the per-run counters, the IKE SA table and the findings drawn
 * from it.
 */
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "diag/finding.h"
#include "diag/table.h"
#include "dissect/dissect.h"

/*
 * Idle timeouts: an SA that finished phase 1 may sit quiet between
 * rekeys (strongSwan's default IKE lifetime is 3 h); one that never got
 * there is abandoned by every implementation within minutes.
 */
#define SA_IDLE_ESTABLISHED	(4 * 3600)
#define SA_IDLE_NEGOTIATING	600

/* Addresses that sent anything: is a silent peer silent everywhere? */
struct src_key {
	struct ip_addr	 a;
	uint8_t		 pad[3];
};

#define SRC_MEMCAP	((size_t)8 << 20)
#define TRUNC_FRAMES	FIND_FRAMES
#define LOOSE_ICMP	8

/* An ICMP error about IPsec that no IKE SA in the table owns. */
struct loose_icmp {
	struct ip_addr	 from;
	struct ip_addr	 qsrc;
	struct ip_addr	 qdst;
	uint8_t		 type;
	uint8_t		 code;
	uint8_t		 v6;
	uint8_t		 proto;
	uint32_t	 spi;
	uint32_t	 count;
	struct sa_when	 first;
	struct sa_when	 last;
};

struct diag {
	struct diag_stats st;
	int64_t		 now_sec;
	uint32_t	 now_nsec;
	struct table	*sas;
	struct table	*srcs;
	struct src_key	 last_src;
	struct sa_event	 ev;
	int		 have_ev;
	diag_sa_fn	 on_sa;
	void		*on_sa_arg;
	finding_fn	 on_finding;
	void		*on_finding_arg;
	double		 stall;
	uint64_t	 drops;
	uint64_t	 trunc_frames[TRUNC_FRAMES];
	struct sa_when	 trunc_first;
	struct sa_when	 trunc_last;
	struct loose_icmp loose[LOOSE_ICMP];
};

static int
diag_addr_seen(void *arg, const struct ip_addr *a)
{
	struct diag *d = arg;
	struct src_key k;

	memset(&k, 0, sizeof(k));
	k.a = *a;
	return table_peek(d->srcs, &k) != NULL;
}

static void
diag_emit(void *arg, const struct finding *f)
{
	struct diag *d = arg;

	d->st.findings++;
	d->st.by_severity[f->sev]++;
	d->st.by_finding[f->id]++;
	if (d->on_finding != NULL)
		d->on_finding(d->on_finding_arg, f);
}

static void
diag_assess(struct diag *d, const struct ike_sa *sa)
{
	struct assess_ctx c;

	memset(&c, 0, sizeof(c));
	c.stall = d->stall;
	c.now_sec = d->now_sec;
	c.now_nsec = d->now_nsec;
	c.addr_seen = diag_addr_seen;
	c.arg = d;
	c.emit = diag_emit;
	c.emit_arg = d;
	assess_sa(sa, &c);
}

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
	diag_assess(d, entry);
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
	d->stall = DIAG_STALL_DEFAULT;
	d->sas = table_new(sizeof(struct sa_key), sizeof(struct ike_sa),
	    memcap, diag_sa_gone, d);
	d->srcs = table_new(sizeof(struct src_key), sizeof(struct src_key),
	    SRC_MEMCAP, NULL, NULL);
	if (d->sas == NULL || d->srcs == NULL) {
		table_free(d->sas);
		table_free(d->srcs);
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
	table_free(d->srcs);
	free(d);
}

void
diag_set_findings(struct diag *d, finding_fn fn, void *arg, double stall)
{
	d->on_finding = fn;
	d->on_finding_arg = arg;
	if (stall > 0)
		d->stall = stall;
}

void
diag_set_drops(struct diag *d, uint64_t drops)
{
	d->drops = drops;
}

const struct sa_event *
diag_last_event(const struct diag *d)
{
	return d->have_ev ? &d->ev : NULL;
}

static void
diag_capture_findings(struct diag *d)
{
	struct finding f;
	int i;

	for (i = 0; i < LOOSE_ICMP && d->loose[i].count > 0; i++) {
		const struct loose_icmp *l = &d->loose[i];
		char from[ADDR_STRLEN], qs[ADDR_STRLEN], qd[ADDR_STRLEN];

		finding_init(&f, F_ICMP_UNREACHABLE, NULL);
		f.first = l->first;
		f.last = l->last;
		f.count = l->count;
		if (l->proto == 50 || l->proto == 51) {
			f.has_spi = 1;
			f.spi = l->spi;
		}
		finding_frame(&f, l->first.frame);
		finding_frame(&f, l->last.frame);
		addr_fmt(&l->from, from, sizeof(from));
		addr_fmt(&l->qsrc, qs, sizeof(qs));
		addr_fmt(&l->qdst, qd, sizeof(qd));
		finding_summary(&f, "%s sent %u ICMP%s error%s (type %u code "
		    "%u) quoting %s packets from %s to %s that no IKE SA in "
		    "this capture owns", from, l->count, l->v6 ? "v6" : "",
		    l->count == 1 ? "" : "s", l->type, l->code,
		    l->proto == 50 ? "ESP" : l->proto == 51 ? "AH" : "IKE",
		    qs, qd);
		if ((!l->v6 && l->type == 3 && l->code == 4) ||
		    (l->v6 && l->type == 2))
			finding_cause(&f, "the path MTU is too small for the "
			    "encapsulated packets with DF set");
		else if ((!l->v6 && l->type == 3 && l->code == 3) ||
		    (l->v6 && l->type == 1 && l->code == 4))
			finding_cause(&f, "no IPsec service on %s for that "
			    "port", qd);
		else
			finding_cause(&f, "the path to %s is down or filtered",
			    qd);
		diag_emit(d, &f);
	}
	if (d->st.truncated > 0) {
		finding_init(&f, F_CAPTURE_TRUNCATED, NULL);
		f.first = d->trunc_first;
		f.last = d->trunc_last;
		f.count = (uint32_t)d->st.truncated;
		for (i = 0; i < TRUNC_FRAMES && d->trunc_frames[i]; i++)
			finding_frame(&f, d->trunc_frames[i]);
		finding_summary(&f, "%llu frame%s cut by the snapshot length: "
		    "payloads past the cut cannot be read or checked",
		    (unsigned long long)d->st.truncated,
		    d->st.truncated == 1 ? " was" : "s were");
		finding_cause(&f, "capture again with a larger snapshot "
		    "length (tcpdump -s 0)");
		diag_emit(d, &f);
	}
	if (d->drops > 0) {
		finding_init(&f, F_CAPTURE_DROPS, NULL);
		f.count = (uint32_t)(d->drops > UINT32_MAX ? UINT32_MAX :
		    d->drops);
		finding_summary(&f, "the capture lost %llu packet%s (kernel or"
		    " interface drops): a missing answer may be a dropped one",
		    (unsigned long long)d->drops, d->drops == 1 ? "" : "s");
		finding_cause(&f, "the capture host could not keep up: narrow "
		    "the filter, enlarge the buffer, or capture on a less "
		    "busy port");
		diag_emit(d, &f);
	}
}

void
diag_finish(struct diag *d)
{
	table_flush(d->sas);
	diag_capture_findings(d);
}

/* Remember that a source address spoke (cheap when it repeats). */
static void
diag_source(struct diag *d, const struct pkt *p)
{
	struct src_key k;
	int evicted;

	if (!p->has_ip || p->src.family == 0)
		return;
	memset(&k, 0, sizeof(k));
	k.a = p->src;
	if (memcmp(&k, &d->last_src, sizeof(k)) == 0)
		return;
	d->last_src = k;
	if (table_lookup(d->srcs, &k) == NULL)
		(void)table_insert(d->srcs, &k, &evicted);
}

static struct ike_sa *
diag_sa_get(struct diag *d, const struct sa_key *k)
{
	struct ike_sa *sa, *other;
	struct sa_key ok;
	int evicted = 0;

	if ((sa = table_lookup(d->sas, k)) != NULL)
		return sa;
	if ((sa = table_insert(d->sas, k, &evicted)) == NULL)
		return NULL;
	d->st.ike_sas++;
	/* The same SPI in the other major version: the sides disagree. */
	ok = *k;
	ok.version = k->version == 1 ? 2 : 1;
	if ((other = table_peek(d->sas, &ok)) != NULL) {
		other->cross_version = 1;
		sa->cross_version = 1;
	}
	return sa;
}

static void
diag_sa_expiry(struct diag *d, struct ike_sa *sa, int64_t sec)
{
	int64_t idle, until;

	idle = sa->established ? SA_IDLE_ESTABLISHED : SA_IDLE_NEGOTIATING;
	/* Packet times come from the file: saturate rather than wrap. */
	if (__builtin_add_overflow(sec, idle, &until))
		until = TABLE_NEVER;
	if (until > table_expiry(d->sas, sa) ||
	    table_expiry(d->sas, sa) == TABLE_NEVER)
		table_set_expiry(d->sas, sa, until);
}

void
diag_lost_ip(struct diag *d, const struct frag_lost *l)
{
	struct sa_event ev;
	struct sa_key k;
	struct ike_sa *sa;
	struct pkt p;

	if (!dissect_lost_head(l, &p))
		return;
	p.frame = l->first_frame;
	p.ts_sec = l->first_ts;
	if (!sa_key_of(&p, &k) || (sa = diag_sa_get(d, &k)) == NULL)
		return;
	sa_update_lost(sa, &p, l->have, l->total, &ev);
	diag_sa_expiry(d, sa, d->now_sec);
}

void
diag_lost_ike(struct diag *d, const struct ikefrag_lost *l)
{
	struct sa_key k;
	struct ike_sa *sa;
	struct pkt when;
	int from_ini;

	memset(&k, 0, sizeof(k));
	k.version = l->key.version;
	k.ispi = l->key.ispi;
	if ((sa = table_lookup(d->sas, &k)) == NULL)
		return;
	memset(&when, 0, sizeof(when));
	when.frame = l->last_frame;
	when.ts_sec = d->now_sec;
	when.ts_nsec = d->now_nsec;
	from_ini = addr_eq(&l->key.src, &sa->ini);
	sa_ikefrag_lost(sa, from_ini, l->exch, l->count, l->total,
	    l->first_frame, l->last_frame, &when);
}

/* An ICMP error quoting IPsec: to the SA it quotes, or kept aside. */
static void
diag_icmp(struct diag *d, const struct pkt *p)
{
	const struct icmp_quote *q = &p->icmp;
	struct ike_sa *sa = NULL;
	struct sa_key k;
	int i;

	if (q->has_ike) {
		memset(&k, 0, sizeof(k));
		for (k.version = 1; k.version <= 2 && sa == NULL; k.version++) {
			k.ispi = q->ike_ispi;
			sa = table_lookup(d->sas, &k);
		}
	}
	if (sa == NULL && q->has_ports && q->proto == 17 &&
	    (q->dport == 500 || q->dport == 4500)) {
		/* A short quote: the SA between those two addresses. */
		struct ike_sa *c;

		for (c = table_first(d->sas); c != NULL;
		    c = table_next(d->sas, c))
			if ((addr_eq(&c->ini, &q->src) &&
			    addr_eq(&c->rsp, &q->dst)) ||
			    (addr_eq(&c->rsp, &q->src) &&
			    addr_eq(&c->ini, &q->dst)))
				if (sa == NULL || c->last.frame > sa->last.frame)
					sa = c;
	}
	if (sa != NULL) {
		sa_icmp(sa, p);
		return;
	}
	for (i = 0; i < LOOSE_ICMP; i++) {
		struct loose_icmp *l = &d->loose[i];

		if (l->count > 0 && (!addr_eq(&l->qdst, &q->dst) ||
		    !addr_eq(&l->from, &p->src) || l->type != q->type ||
		    l->code != q->code))
			continue;
		if (l->count++ == 0) {
			l->from = p->src;
			l->qsrc = q->src;
			l->qdst = q->dst;
			l->type = q->type;
			l->code = q->code;
			l->v6 = q->v6;
			l->proto = q->proto;
			l->spi = q->spi;
			l->first.frame = p->frame;
			l->first.sec = p->ts_sec;
			l->first.nsec = p->ts_nsec;
		}
		l->last.frame = p->frame;
		l->last.sec = p->ts_sec;
		l->last.nsec = p->ts_nsec;
		return;
	}
}

/* One IKE message: find or make its SA and move it along. */
static void
diag_ike(struct diag *d, const struct pkt *p)
{
	struct sa_key k;
	struct ike_sa *sa;
	int64_t idle, until;

	d->have_ev = 0;
	if (!sa_key_of(p, &k) || (sa = diag_sa_get(d, &k)) == NULL)
		return;
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
	if (p->caplen < p->wirelen) {
		if (st->truncated < TRUNC_FRAMES)
			d->trunc_frames[st->truncated] = p->frame;
		if (st->truncated++ == 0) {
			d->trunc_first.frame = p->frame;
			d->trunc_first.sec = p->ts_sec;
			d->trunc_first.nsec = p->ts_nsec;
		}
		d->trunc_last.frame = p->frame;
		d->trunc_last.sec = p->ts_sec;
		d->trunc_last.nsec = p->ts_nsec;
	}
	diag_count_anomalies(st, p->anomalies);
	if (p->kind != PK_OTHER && p->kind != PK_FRAG)
		diag_source(d, p);
	diag_ike(d, p);
	if (p->kind == PK_ICMP)
		diag_icmp(d, p);
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
