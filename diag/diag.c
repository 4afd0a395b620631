/*
 * diag.c: the per-run counters, the IKE SA table and the findings drawn
 * from it.
 */
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "diag/esp.h"
#include "diag/finding.h"
#include "diag/pairs.h"
#include "diag/table.h"
#include "dissect/dissect.h"
#include "dissect/names.h"
#include "dissect/peek.h"

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

/*
 * --memcap is the whole: half for the IKE SAs (an eighth of it for the
 * parts few of them need, struct sa_rare; and, with keys, what the keys
 * showed about each, in proportion to the record sizes), 3/8 for
 * ESP (children and tunnels, esp.c), 1/16 each for the sources and peer
 * pairs seen.
 */
#define SA_HALF(m)	((m) / 2)
#define RARE_SHARE(m)	(SA_HALF(m) / 8)	/* struct sa_rare, made apart */
#define SA_SHARE(m)	((size_t)((double)(SA_HALF(m) - RARE_SHARE(m)) * \
			    sizeof(struct ike_sa) / (sizeof(struct ike_sa) + \
			    sizeof(struct keyed_rec))))
#define KEYED_SHARE(m)	(SA_HALF(m) - RARE_SHARE(m) - SA_SHARE(m))
#define SRC_SHARE(m)	((m) / 16)
#define PAIR_SHARE(m)	((m) / 16)
#define ESP_SHARE(m)	((m) - SA_HALF(m) - SRC_SHARE(m) - PAIR_SHARE(m))
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

/*
 * Live: when each request's --stall runs out, its SA is looked at while
 * it lives on, so a stall is reported as it happens.  The stall is the
 * same for every request, so deadlines come in time order: a FIFO.
 */
#define STALL_QUEUE	65536

struct stall_check {
	int64_t		 sec;
	uint32_t	 nsec;
	struct sa_key	 key;
};

/* What the keys showed about one IKE SA (sa_keys.c), by its key. */
struct keyed_rec {
	struct sa_key	 key;		/* must stay first: the table's key */
	struct sa_keyed	 k;
};

struct diag {
	struct diag_stats st;
	int		 live;
	struct stall_check *stalls;
	size_t		 stall_head;
	size_t		 stall_n;
	int64_t		 now_sec;
	uint32_t	 now_nsec;
	struct table	*sas;
	struct sa_rare_pool rare;	/* the SAs' parts kept apart */
	struct table	*keyed;		/* struct keyed_rec, with --keys */
	size_t		 keyed_cap;
	struct table	*srcs;
	struct pair_track *pairs;
	struct esp_track *esp;
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

static int
diag_keepalives(void *arg, const struct ike_sa *sa, int from_ini,
    double *interval)
{
	struct diag *d = arg;

	return esp_keepalives(d->esp, sa, from_ini, interval);
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

/* What the keys showed about an SA; made on first use when make. */
static struct sa_keyed *
diag_keyed(struct diag *d, const struct sa_key *k, int make)
{
	struct keyed_rec *r;

	if (d->keyed == NULL) {
		if (!make || (d->keyed = table_new(sizeof(struct sa_key),
		    sizeof(struct keyed_rec), d->keyed_cap, NULL,
		    NULL)) == NULL)
			return NULL;
	}
	if ((r = table_lookup(d->keyed, k)) == NULL && make)
		r = table_insert(d->keyed, k, NULL);
	return r != NULL ? &r->k : NULL;
}

/* The same without making one, or touching the table's order. */
static const struct sa_keyed *
diag_keyed_peek(const struct diag *d, const struct sa_key *k)
{
	const struct keyed_rec *r;

	if (d->keyed == NULL || (r = table_peek(d->keyed, k)) == NULL)
		return NULL;
	return &r->k;
}

/* The SA leaves: so does what the keys showed about it. */
static void
diag_keyed_drop(struct diag *d, const struct sa_key *k)
{
	struct keyed_rec *r;

	if (d->keyed != NULL && (r = table_peek(d->keyed, k)) != NULL)
		table_remove(d->keyed, r);
}

/* An SA looked at as of (sec, nsec): early, only its stalls. */
static void
diag_look(struct diag *d, struct ike_sa *sa, int64_t sec, uint32_t nsec,
    int early)
{
	struct assess_ctx c;

	memset(&c, 0, sizeof(c));
	c.early = early;
	c.skip = sa->reported;
	c.stall = d->stall;
	c.now_sec = sec;
	c.now_nsec = nsec;
	c.addr_seen = diag_addr_seen;
	c.keepalives = diag_keepalives;
	c.arg = d;
	c.emit = diag_emit;
	c.emit_arg = d;
	c.keyed = d->keyed != NULL ? diag_keyed_peek(d, &sa->key) : NULL;
	assess_sa(sa, &c);
	sa->reported |= c.drawn;
}

static void
diag_assess(struct diag *d, struct ike_sa *sa)
{
	diag_look(d, sa, d->now_sec, d->now_nsec, 0);
	pairs_note(d->pairs, sa);
}

/*
 * Cheap to lose under --memcap: one message and nothing back, as in a
 * flood of forged or scanning IKE_SA_INIT / Main Mode 1 packets.  A real
 * stalled initiator retransmits, so it has more than one message.
 */
static int
diag_sa_cheap(const void *entry)
{
	const struct ike_sa *sa = entry;

	return sa->messages <= 1 && !sa->established;
}

static void
diag_sa_gone(void *arg, void *entry, int why)
{
	struct diag *d = arg;

	if (why == TABLE_EXPIRED)
		d->st.sa_expired++;
	else if (why == TABLE_MEMCAP) {
		d->st.sa_evicted++;
		if (diag_sa_cheap(entry))
			d->st.sa_evicted_half_open++;
	}
	/* The event of the packet that made room no longer points here. */
	if (d->have_ev && d->ev.sa == entry)
		d->have_ev = 0;
	diag_assess(d, entry);
	if (d->on_sa != NULL)
		d->on_sa(d->on_sa_arg, entry);
	diag_keyed_drop(d, &((struct ike_sa *)entry)->key);
	sa_release(entry);
}

struct diag *
diag_new(size_t memcap, diag_sa_fn on_sa, void *arg)
{
	struct diag *d = calloc(1, sizeof(struct diag));
	struct assess_ctx ec;

	if (d == NULL)
		return NULL;
	if (memcap == 0)
		memcap = TABLE_MEMCAP_DEFAULT;
	d->on_sa = on_sa;
	d->on_sa_arg = arg;
	d->stall = DIAG_STALL_DEFAULT;
	d->sas = table_new(sizeof(struct sa_key), sizeof(struct ike_sa),
	    SA_SHARE(memcap), diag_sa_gone, d);
	d->keyed_cap = KEYED_SHARE(memcap);
	d->rare.budget = RARE_SHARE(memcap);
	if (d->sas != NULL)
		table_set_cheap(d->sas, diag_sa_cheap);
	d->srcs = table_new(sizeof(struct src_key), sizeof(struct src_key),
	    SRC_SHARE(memcap), NULL, NULL);
	d->pairs = pairs_new(PAIR_SHARE(memcap));
	memset(&ec, 0, sizeof(ec));
	ec.stall = d->stall;
	ec.addr_seen = diag_addr_seen;
	ec.arg = d;
	ec.emit = diag_emit;
	ec.emit_arg = d;
	d->esp = esp_new(ESP_SHARE(memcap), &ec);
	if (d->sas == NULL || d->srcs == NULL || d->pairs == NULL ||
	    d->esp == NULL) {
		table_free(d->sas);
		table_free(d->srcs);
		pairs_free(d->pairs);
		esp_free(d->esp);
		free(d);
		return NULL;
	}
	d->st.memcap = memcap;
	return d;
}

void
diag_free(struct diag *d)
{
	struct ike_sa *sa;

	if (d == NULL)
		return;
	/* Not reported (diag_finish does that): only freed. */
	for (sa = table_first(d->sas); sa != NULL; sa = table_next(d->sas, sa))
		sa_release(sa);
	table_free(d->sas);
	table_free(d->keyed);
	table_free(d->srcs);
	pairs_free(d->pairs);
	esp_free(d->esp);
	free(d->stalls);
	free(d);
}

int
diag_set_live(struct diag *d)
{
	if (d->stalls == NULL &&
	    (d->stalls = calloc(STALL_QUEUE, sizeof(*d->stalls))) == NULL)
		return -1;
	d->live = 1;
	return 0;
}

/* A request went out: look again when its stall time has run out. */
static void
diag_stall_push(struct diag *d, const struct ike_sa *sa,
    const struct pkt *p)
{
	struct stall_check *c;
	double at = (double)p->ts_sec + p->ts_nsec / 1e9 + d->stall, frac;

	if (d->stall_n == STALL_QUEUE) {
		/* Full: the oldest check goes (the end still reports). */
		d->stall_head = (d->stall_head + 1) % STALL_QUEUE;
		d->stall_n--;
		d->st.stall_checks_dropped++;
	}
	c = &d->stalls[(d->stall_head + d->stall_n++) % STALL_QUEUE];
	c->sec = at >= 9e18 ? INT64_MAX : at <= -9e18 ? INT64_MIN :
	    (int64_t)at;
	frac = at - (double)c->sec;
	c->nsec = frac > 0 && frac < 1 ? (uint32_t)(frac * 1e9) : 0;
	if (c->nsec >= 1000000000u)
		c->nsec = 999999999u;
	c->key = sa->key;
}

void
diag_settle(struct diag *d)
{
	struct ike_sa *sa;

	for (sa = table_first(d->sas); sa != NULL;
	    sa = table_next(d->sas, sa))
		diag_look(d, sa, d->now_sec, d->now_nsec, 0);
}

static void
diag_stall_run(struct diag *d, int64_t sec, uint32_t nsec)
{
	while (d->stall_n > 0) {
		struct stall_check *c = &d->stalls[d->stall_head];
		struct ike_sa *sa;

		if (c->sec > sec || (c->sec == sec && c->nsec > nsec))
			break;
		d->stall_head = (d->stall_head + 1) % STALL_QUEUE;
		d->stall_n--;
		if ((sa = table_peek(d->sas, &c->key)) != NULL)
			diag_look(d, sa, sec, nsec, 1);
	}
}

void
diag_set_findings(struct diag *d, finding_fn fn, void *arg, double stall)
{
	d->on_finding = fn;
	d->on_finding_arg = arg;
	if (stall > 0)
		d->stall = stall;
	esp_set_stall(d->esp, d->stall);
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
		else if (!l->v6 && l->type == 3 && l->code == 2)
			finding_cause(&f, "%s does not handle %s (protocol "
			    "unreachable): IPsec is not enabled there for this"
			    " peer", qd, l->proto == 50 ? "ESP" :
			    l->proto == 51 ? "AH" : "the protocol");
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
	esp_finish(d->esp, d->now_sec, d->now_nsec);
	pairs_findings(d->pairs, diag_emit, d);
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

/* A decrypted ESP packet, against what its IKE SA's keys showed. */
static void
diag_esp_keyed(struct diag *d, const struct pkt *p)
{
	struct sa_key k;
	struct sa_keyed *kd;

	/*
	 * Only what decrypted, and only once some IKE message did: a record
	 * lives exactly as long as its SA, so no SA lookup is needed.
	 */
	if (p->esp.dec != DEC_OK || d->keyed == NULL ||
	    !esp_pair_ike(d->esp, &p->src, &p->dst, &k) ||
	    (kd = diag_keyed(d, &k, 0)) == NULL)
		return;
	sa_keyed_esp(kd, p);
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
	sa->pool = &d->rare;
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
	/* The message left with the piece at offset 0. */
	p.frame = l->head_frame ? l->head_frame : l->first_frame;
	p.ts_sec = l->head_frame ? l->head_sec : l->first_ts;
	p.ts_nsec = l->head_frame ? l->head_nsec : 0;
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
	/* Destination unreachable (with fragmentation needed), too big. */
	if (!(q->v6 ? q->type == 1 || q->type == 2 : q->type == 3))
		return;
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
			sa_when(&l->first, p);
		}
		sa_when(&l->last, p);
		return;
	}
}

/* One IKE message: find or make its SA and move it along. */
/*
 * A new IKE SA from scratch between peers whose previous one ended with a
 * side gone silent: maybe that side lost its state (esp.c confirms it when
 * the silent side answers the new SA).
 */
static void
diag_restart(struct diag *d, const struct ike_sa *sa)
{
	struct sa_key pk;
	const struct ike_sa *prev;
	int silent_ini;

	if (!esp_tunnel_ike(d->esp, sa, &pk) ||
	    (pk.version == sa->key.version && pk.ispi == sa->key.ispi) ||
	    (prev = table_peek(d->sas, &pk)) == NULL ||
	    !prev->established || !sa_silent_side(prev, &silent_ini))
		return;
	esp_ike_restart(d->esp, sa, prev, silent_ini);
}

static void
diag_ike(struct diag *d, const struct pkt *p)
{
	struct sa_key k;
	struct ike_sa *sa;
	struct sa_keyed *kd;
	int64_t idle, until;

	d->have_ev = 0;
	if (!sa_key_of(p, &k) || (sa = diag_sa_get(d, &k)) == NULL)
		return;
	sa_update(sa, p, &d->ev);
	d->have_ev = 1;
	if (p->ike.dec != DEC_NONE && (kd = diag_keyed(d, &k, 1)) != NULL)
		sa_keyed_update(kd, p, d->ev.from_ini);
	if (d->ev.created && sa_first_contact(p))
		diag_restart(d, sa);
	esp_ike(d->esp, sa);
	if (d->ev.copies == 1 && ike_readable(&p->ike))
		esp_ike_notifies(d->esp, p);
	if (d->live && d->ev.new_request)
		diag_stall_push(d, sa, p);
	idle = sa->established ? SA_IDLE_ESTABLISHED : SA_IDLE_NEGOTIATING;
	/* Packet times come from the file: saturate rather than wrap. */
	if (__builtin_add_overflow(p->ts_sec, idle, &until))
		until = TABLE_NEVER;
	table_set_expiry(d->sas, sa, until);
}

int
diag_keepalives_of(struct diag *d, const struct ike_sa *sa, int from_ini,
    double *interval)
{
	return esp_keepalives(d->esp, sa, from_ini, interval);
}

size_t
diag_each_sa(struct diag *d, void (*fn)(void *, const struct ike_sa *),
    void *arg)
{
	const struct ike_sa *sa;
	size_t n = 0;

	for (sa = table_first(d->sas); sa != NULL;
	    sa = table_next(d->sas, sa), n++)
		fn(arg, sa);
	return n;
}

size_t
diag_each_tunnel(struct diag *d,
    void (*fn)(void *, const struct tunnel_view *), void *arg)
{
	return esp_each_tunnel(d->esp, fn, arg);
}

void
diag_now(const struct diag *d, int64_t *sec, uint32_t *nsec)
{
	*sec = d->now_sec;
	*nsec = d->now_nsec;
}

double
diag_stall(const struct diag *d)
{
	return d->stall;
}

size_t
diag_children(struct diag *d, const struct ike_sa *sa,
    struct child_view *out, size_t max)
{
	return esp_children(d->esp, sa, diag_keyed_peek(d, &sa->key),
	    d->now_sec, out, max);
}

const struct diag_stats *
diag_stats(struct diag *d)
{
	const struct esp_stats *es = esp_stats(d->esp);

	d->st.esp_sas = es->children;
	d->st.esp_evicted = es->evicted;
	d->st.esp_expired = es->expired;
	d->st.esp_bytes = es->bytes;
	/* The pool never gives back, so the table's bytes are its peak. */
	d->st.sa_bytes = table_stats(d->sas)->bytes + d->rare.peak;
	d->st.sa_detail_dropped = d->rare.refused;
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
diag_hint_start(struct diag *d, const struct cap_frame *f,
    struct diag_hint *h)
{
	struct peek_esp e;

	h->esp.set = 0;
	if (esp_hint_wanted(d->esp) && peek_esp(f, &e))
		esp_hint_start(d->esp, &e, &h->esp);
}

void
diag_set_read_ahead(struct diag *d, size_t spis)
{
	esp_set_hint_min(d->esp, spis);
}

int
diag_read_ahead_wanted(const struct diag *d)
{
	return esp_hint_wanted(d->esp);
}

void
diag_hint_more(struct diag *d, struct diag_hint *h)
{
	esp_hint_more(d->esp, &h->esp);
}

void
diag_hint_last(struct diag *d, struct diag_hint *h)
{
	esp_hint_last(d->esp, &h->esp);
}

void
diag_feed(struct diag *d, const struct pkt *p)
{
	diag_feed_hinted(d, p, NULL);
}

void
diag_feed_hinted(struct diag *d, const struct pkt *p,
    const struct diag_hint *h)
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
		if (st->truncated++ == 0)
			sa_when(&d->trunc_first, p);
		sa_when(&d->trunc_last, p);
	}
	diag_count_anomalies(st, p->anomalies);
	if (p->kind == PK_ESP || p->kind == PK_ESP_UDP || p->kind == PK_AH) {
		/* Its peers' tunnel knows whether this source spoke before. */
		if (esp_feed_hinted(d->esp, p, h != NULL ? &h->esp : NULL))
			diag_source(d, p);
		diag_esp_keyed(d, p);
	} else if (p->kind != PK_OTHER && p->kind != PK_FRAG)
		diag_source(d, p);
	diag_ike(d, p);
	if (p->kind == PK_ICMP)
		diag_icmp(d, p);
	else if (p->kind == PK_KEEPALIVE)
		esp_keepalive(d->esp, p);
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
		/* Idle deadlines are whole seconds: looked at once a second. */
		int new_sec = sec > d->now_sec;

		/* What leaves is assessed as of now: set it first. */
		d->now_sec = sec;
		d->now_nsec = nsec;
		if (new_sec) {
			table_expire(d->sas, sec);
			esp_expire(d->esp, sec);
		}
		if (d->live)
			diag_stall_run(d, sec, nsec);
	}
}
