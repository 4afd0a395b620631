/*
 * esp.c: ESP and AH tied to IKE (see esp.h).
 *
 * A tunnel is a pair of peers.  Each direction counts its packets, and
 * how many went since the other direction last carried ESP: "tunnel up,
 * nothing comes back" is a long run one way.  A claim that nothing came
 * back is made only when the capture shows the far peer at all (its IKE,
 * or anything else from its address); otherwise the capture may simply
 * miss that direction (one_sided_capture's business).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/esp.h"
#include "diag/table.h"
#include "dissect/names.h"
#include "dissect/peek.h"

#define TUNNEL_KEYS	6	/* children remembered per tunnel */
#define ONE_WAY_MIN	3	/* packets one way before it is a pattern */
#define RUN_FRAMES	4

/*
 * Idle deadlines, in packet time: an ESP SPI quiet this long was rekeyed
 * or torn down (lifetimes are an hour or more, traffic keeps a live one
 * busy), and a peer pair with nothing at all this long is gone.  Their
 * findings are drawn as they leave, so a long run keeps only live state.
 */
#define CHILD_IDLE	1800
#define TUNNEL_IDLE	(4 * 3600)
/*
 * A busy SPI moves in its table's LRU order once a minute, not with
 * every packet (table_refresh): it leaves at most this late.
 */
#define ESP_SLACK	60

/*
 * Below this many SPIs their records stay in the CPU's caches and a
 * glance ahead costs more than the misses it saves (measured: 10% slower
 * at 400 SPIs, even at 38,000, 15 to 20% faster at 380,000).
 */
#define ESP_HINT_MIN	16384

struct tunnel_key {
	struct ip_addr	 lo;
	struct ip_addr	 hi;
	uint8_t		 pad[2];
};

/*
 * A child the tunnel remembers, by what its key adds to the tunnel's:
 * the SPI, the encapsulation and which of the two peers it goes to.
 */
struct tunnel_child {
	uint32_t	 spi;
	uint8_t		 encap;
	uint8_t		 to_hi;
	uint8_t		 pad[2];
};

/* What every packet touches comes first (see struct child). */
struct tunnel {
	struct tunnel_key key;		/* must stay first */
	/* by direction: 0 lo -> hi, 1 hi -> lo */
	uint64_t	 packets[2];
	struct sa_when	 last[2];
	uint32_t	 run[2];	/* packets since the other way's last */
	uint64_t	 run_frames[2][RUN_FRAMES];
	struct sa_when	 run_first[2];
	uint32_t	 run_spi[2];
	struct sa_when	 first[2];
	uint32_t	 cur_spi[2];	/* the newest SPI each way */
	struct sa_when	 cur_first[2];
	uint8_t		 cur_encap[2];
	uint8_t		 ike_version;	/* the IKE SA last seen between them */
	uint8_t		 ike_up;
	uint8_t		 nkeys;
	uint8_t		 key_next;
	uint64_t	 ike_ispi;
	uint64_t	 ike_rspi;
	uint8_t		 ike_ini_lo;	/* the IKE initiator is the lo side */
	uint16_t	 ike_ini_port;
	uint16_t	 ike_rsp_port;
	struct sa_when	 ike_last;
	uint64_t	 ike_frame_back[2];	/* IKE from each side, latest */
	/* NAT-T keepalives (RFC 3948 2.3) by direction */
	uint32_t	 ka[2];
	struct sa_when	 ka_first[2];
	struct sa_when	 ka_last[2];
	struct tunnel_child keys[TUNNEL_KEYS];
	/* a peer that started over: it answers a new IKE SA, not the old */
	uint8_t		 restart;	/* 1 pending, 2 confirmed */
	uint8_t		 lost_dir;	/* ESP direction toward that peer */
	uint8_t		 lost_ini;	/* it was the old SA's initiator */
	uint64_t	 restart_ispi;	/* the new IKE SA */
	uint64_t	 lost_ispi;	/* the old one */
	uint32_t	 lost_run;	/* packets sent to it since it went quiet */
	uint32_t	 lost_spi;
	struct sa_when	 lost_from;	/* the first of them */
	struct sa_when	 lost_to;
	struct sa_when	 restart_at;	/* the new IKE SA's first message */
	uint64_t	 lost_frames[RUN_FRAMES];
	uint64_t	 quiet_frame;	/* the peer's last ESP before */
};

struct esp_track {
	struct table	*children;
	struct table	*tunnels;
	struct assess_ctx ctx;
	struct esp_stats st;
	size_t		 hint_min;	/* SPIs before read-ahead pays */
};

static void
tunnel_key_of(const struct ip_addr *a, const struct ip_addr *b,
    struct tunnel_key *k, int *dir)
{
	memset(k, 0, sizeof(*k));
	if (memcmp(a, b, sizeof(*a)) <= 0) {
		k->lo = *a;
		k->hi = *b;
		*dir = 0;
	} else {
		k->lo = *b;
		k->hi = *a;
		*dir = 1;
	}
}

static double
span(const struct sa_when *a, const struct sa_when *b)
{
	return ((double)b->sec - (double)a->sec) +
	    ((double)b->nsec - (double)a->nsec) / 1e9;
}

static void
esp_emit(struct esp_track *t, struct finding *f)
{
	t->ctx.emit(t->ctx.emit_arg, f);
}

/*
 * Multicast or link-local: manually keyed SAs of routing protocols
 * (OSPFv3, RFC 4552), where one SPI and one counter serve many peers, so
 * neither the sequence nor the source of one destination tells anything.
 * IKE-keyed tunnels run between unicast, routable addresses.
 */
static int
addr_shared_scope(const struct ip_addr *a)
{
	if (a->family == 4)
		return (a->a[0] & 0xf0) == 0xe0 ||
		    (a->a[0] == 169 && a->a[1] == 254);
	if (a->family == 6)
		return a->a[0] == 0xff || (a->a[0] == 0xfe &&
		    (a->a[1] & 0xc0) == 0x80);
	return 0;
}

static void
child_findings(struct esp_track *t, const struct child *c)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN], o[ADDR_STRLEN + 8];
	struct finding f;
	uint64_t missing = child_missing(c);
	const struct child_seq *q = &c->seq;

	/* Reserved SPIs (RFC 4303 2.1) are no SA: an anomaly, not a child. */
	if (c->key.spi < 256 || addr_shared_scope(&c->key.dst) ||
	    addr_shared_scope(&c->src))
		return;
	addr_fmt(&c->src, s, sizeof(s));
	addr_fmt(&c->key.dst, d, sizeof(d));
	if (missing > 0 || q->repeats > 0 || q->resets > 0 ||
	    q->too_old > 0) {
		finding_init(&f, F_ESP_SEQUENCE, NULL);
		f.has_spi = 1;
		f.spi = c->key.spi;
		f.first = c->first;
		f.last = c->last;
		f.count = (uint32_t)(missing + q->repeats + q->resets +
		    q->too_old > UINT32_MAX ? UINT32_MAX : missing +
		    q->repeats + q->resets + q->too_old);
		finding_frame(&f, c->first.frame);
		finding_frame(&f, q->hole_frame);
		finding_frame(&f, q->repeat_frame);
		finding_frame(&f, q->reset_frame);
		finding_frame(&f, c->last.frame);
		finding_summary(&f, "%s SPI 0x%08x from %s to %s: %llu packets,"
		    " sequence %llu to %llu", child_encap_name(c->key.encap),
		    c->key.spi, s, d, (unsigned long long)c->packets,
		    (unsigned long long)q->first,
		    (unsigned long long)q->max);
		if (missing > 0)
			finding_more(&f, "; %llu number%s never arrived here "
			    "(%u jump%s)", (unsigned long long)missing,
			    missing == 1 ? "" : "s", q->holes,
			    q->holes == 1 ? "" : "s");
		if (q->repeats > 0)
			finding_more(&f, "; %u repeated", q->repeats);
		if (q->late > 0)
			finding_more(&f, "; %u out of order", q->late);
		if (q->too_old > 0)
			finding_more(&f, "; %u behind the 64-packet replay "
			    "window (a receiver drops them)", q->too_old);
		if (q->resets > 0)
			finding_more(&f, "; the sequence went back to 1 %u "
			    "time%s on the same SPI", q->resets,
			    q->resets == 1 ? "" : "s");
		if (missing > 0)
			finding_cause(&f, "packets lost between %s and this "
			    "capture point (or dropped by the capture itself: "
			    "see capture_drops)", s);
		if (q->repeats > 0)
			finding_cause(&f, "packets duplicated on the path (a "
			    "SPAN seeing both sides of a device, a loop), or "
			    "replayed");
		if (q->late > 0 || q->too_old > 0)
			finding_cause(&f, "reordering on parallel paths or by "
			    "QoS: the receiver's anti-replay check drops what "
			    "falls behind its window");
		if (q->resets > 0)
			finding_cause(&f, "the sender restarted its counter "
			    "without a new SPI (a reboot or failover that kept"
			    " the SA): the receiver drops these as replays");
		esp_emit(t, &f);
	}
	if (c->invalid) {
		finding_init(&f, F_ESP_UNKNOWN_SPI, NULL);
		f.has_spi = 1;
		f.spi = c->key.spi;
		f.first = c->invalid_at;
		f.last = c->after_invalid ? c->after_last : c->invalid_at;
		f.count = c->after_invalid;
		finding_frame(&f, c->first.frame);
		finding_frame(&f, c->invalid_at.frame);
		finding_frame(&f, c->after_last.frame);
		finding_summary(&f, "%s reported INVALID_SPI for %s SPI "
		    "0x%08x (frame %llu): it has no such SA", d,
		    child_encap_name(c->key.encap), c->key.spi,
		    (unsigned long long)c->invalid_at.frame);
		if (c->after_invalid)
			finding_more(&f, "; %u packets from %s still came on it"
			    " for %.1f s after", c->after_invalid, s,
			    span(&c->invalid_at, &c->after_last));
		finding_cause(&f, "%s lost its SAs (reboot, failover or a "
		    "clear of the crypto sessions) while %s kept sending on the"
		    " old SPI", d, s);
		finding_cause(&f, "the two sides disagree after a rekey or a "
		    "Delete that did not arrive");
		esp_emit(t, &f);
	}
	if (c->rebinds > 0) {
		finding_init(&f, F_NAT_REBIND, NULL);
		f.has_spi = 1;
		f.spi = c->key.spi;
		f.first = c->rebind;
		f.last = c->rebind;
		f.count = c->rebinds;
		finding_frame(&f, c->rebind.frame);
		addr_port_fmt(&c->src, c->sport, o, sizeof(o));
		finding_summary(&f, "%s SPI 0x%08x to %s changed its source "
		    "%u time%s (now %s, frame %llu)",
		    child_encap_name(c->key.encap), c->key.spi, d,
		    c->rebinds, c->rebinds == 1 ? "" : "s", o,
		    (unsigned long long)c->rebind.frame);
		finding_cause(&f, "a NAT in front of the sender dropped its "
		    "mapping and made a new one (idle timeout shorter than the"
		    " keepalive interval, NAT reboot)");
		finding_cause(&f, "the sender moved (MOBIKE, a new uplink)");
		esp_emit(t, &f);
	}
}

/* ESP to a peer that, as its new IKE SA shows, had lost the old one. */
static void
tunnel_restart(struct esp_track *t, const struct tunnel *tn)
{
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	const struct ip_addr *to = tn->lost_dir ? &tn->key.lo : &tn->key.hi;
	const struct ip_addr *from = tn->lost_dir ? &tn->key.hi :
	    &tn->key.lo;
	struct finding f;
	int i;

	if (tn->restart != 2)
		return;
	finding_init(&f, F_ESP_UNKNOWN_SPI, NULL);
	f.has_spi = 1;
	f.spi = tn->lost_spi;
	f.version = tn->ike_version;
	f.ispi = tn->lost_ispi;
	f.first = tn->lost_from;
	f.last = tn->lost_to;
	f.count = tn->lost_run;
	for (i = 0; i < RUN_FRAMES; i++)
		finding_frame(&f, tn->lost_frames[i]);
	finding_frame(&f, tn->lost_to.frame);
	finding_frame(&f, tn->restart_at.frame);
	addr_fmt(from, a, sizeof(a));
	addr_fmt(to, b, sizeof(b));
	finding_summary(&f, "%u ESP packets from %s to %s on SPI 0x%08x over "
	    "%.1f s after %s's last ESP back (frame %llu); %s then left the "
	    "old IKE SA's requests unanswered but answered a new IKE SA "
	    "(frame %llu): it no longer had the old SA, so that SPI was "
	    "unknown to it", tn->lost_run, a, b, tn->lost_spi,
	    span(&tn->lost_from, &tn->lost_to), b,
	    (unsigned long long)tn->quiet_frame, b,
	    (unsigned long long)tn->restart_at.frame);
	finding_cause(&f, "%s restarted, failed over or had its crypto "
	    "sessions cleared, and lost its SAs", b);
	finding_cause(&f, "%s kept sending on the old SPI until dead peer "
	    "detection gave up: a shorter DPD interval shortens the outage",
	    a);
	esp_emit(t, &f);
}

/* One way for long, while the far peer is visible in the capture. */
static void
tunnel_findings(struct esp_track *t, const struct tunnel *tn)
{
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	struct finding f;
	int d, i;

	tunnel_restart(t, tn);
	for (d = 0; d < 2; d++) {
		int o = !d;
		const struct ip_addr *from = d ? &tn->key.hi : &tn->key.lo;
		const struct ip_addr *to = d ? &tn->key.lo : &tn->key.hi;
		double quiet;

		if (tn->run[d] < ONE_WAY_MIN)
			continue;
		quiet = tn->packets[o] ? span(&tn->last[o], &tn->last[d]) : 0;
		if (tn->packets[o] > 0 && quiet < t->ctx.stall)
			continue;
		/* Nothing from the far side at all: the capture may miss it. */
		if (tn->packets[o] == 0 && tn->ike_frame_back[o] == 0 &&
		    (t->ctx.addr_seen == NULL ||
		    !t->ctx.addr_seen(t->ctx.arg, to)))
			continue;
		/* ESP alone, never both ways, no IKE: nothing says it is up. */
		if (tn->packets[o] == 0 && tn->ike_version == 0)
			continue;
		finding_init(&f, F_ESP_ONE_WAY, NULL);
		f.has_spi = 1;
		f.spi = tn->run_spi[d];
		f.first = tn->run_first[d];
		f.last = tn->last[d];
		f.count = tn->run[d];
		for (i = 0; i < RUN_FRAMES; i++)
			finding_frame(&f, tn->run_frames[d][i]);
		finding_frame(&f, tn->last[d].frame);
		if (tn->ike_version) {
			f.version = tn->ike_version;
			f.ispi = tn->ike_ispi;
			f.rspi = tn->ike_rspi;
			f.has_peers = 1;
			f.ini = tn->ike_ini_lo ? tn->key.lo : tn->key.hi;
			f.rsp = tn->ike_ini_lo ? tn->key.hi : tn->key.lo;
			f.ini_port = tn->ike_ini_port;
			f.rsp_port = tn->ike_rsp_port;
		}
		addr_fmt(from, a, sizeof(a));
		addr_fmt(to, b, sizeof(b));
		finding_summary(&f, "%u ESP packets from %s to %s (SPI "
		    "0x%08x, over %.1f s) and ", tn->run[d], a, b,
		    tn->run_spi[d], span(&tn->run_first[d], &tn->last[d]));
		if (tn->packets[o] == 0)
			finding_more(&f, "no ESP at all back from %s", b);
		else
			finding_more(&f, "none back from %s for %.1f s (it "
			    "sent %llu before)", b, quiet,
			    (unsigned long long)tn->packets[o]);
		if (tn->ike_frame_back[o])
			finding_more(&f, ", while its IKE is seen here (frame "
			    "%llu): the tunnel is up, the return traffic does "
			    "not come", (unsigned long long)
			    tn->ike_frame_back[o]);
		finding_cause(&f, "%s's firewall rules or ACLs drop the "
		    "decrypted traffic, or the inside host does not answer",
		    b);
		finding_cause(&f, "no route back into the tunnel on %s's side"
		    " (the answers leave another way)", b);
		finding_cause(&f, "a NAT rule on %s translates the return "
		    "traffic before the crypto map matches it (missing NAT "
		    "exemption)", b);
		finding_cause(&f, "%s's encryption domain does not cover the "
		    "return traffic", b);
		esp_emit(t, &f);
	}
}

static void
child_gone(void *arg, void *entry, int why)
{
	struct esp_track *t = arg;

	if (why == TABLE_MEMCAP)
		t->st.evicted++;
	else if (why == TABLE_EXPIRED)
		t->st.expired++;
	child_findings(t, entry);
}

static void
tunnel_gone(void *arg, void *entry, int why)
{
	struct esp_track *t = arg;

	if (why == TABLE_MEMCAP)
		t->st.evicted++;
	tunnel_findings(t, entry);
}

struct esp_track *
esp_new(size_t memcap, const struct assess_ctx *ctx)
{
	struct esp_track *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->ctx = *ctx;
	/* The two tables share memcap: children most of it. */
	t->children = table_new(sizeof(struct child_key), sizeof(struct child),
	    memcap - memcap / 6, child_gone, t);
	t->tunnels = table_new(sizeof(struct tunnel_key),
	    sizeof(struct tunnel), memcap / 6, tunnel_gone, t);
	if (t->children == NULL || t->tunnels == NULL) {
		esp_free(t);
		return NULL;
	}
	table_set_slack(t->children, ESP_SLACK);
	table_set_slack(t->tunnels, ESP_SLACK);
	t->hint_min = ESP_HINT_MIN;
	return t;
}

void
esp_free(struct esp_track *t)
{
	if (t == NULL)
		return;
	table_free(t->children);
	table_free(t->tunnels);
	free(t);
}

void
esp_set_stall(struct esp_track *t, double stall)
{
	t->ctx.stall = stall;
}


static int64_t
idle_until(int64_t now, int64_t idle)
{
	int64_t until;

	return __builtin_add_overflow(now, idle, &until) ? TABLE_NEVER :
	    until;
}

void
esp_expire(struct esp_track *t, int64_t now)
{
	table_expire(t->children, now);
	table_expire(t->tunnels, now);
}

static struct tunnel *
tunnel_get(struct esp_track *t, const struct ip_addr *a,
    const struct ip_addr *b, int *dir)
{
	struct tunnel_key k;
	struct tunnel *tn;
	int evicted;

	tunnel_key_of(a, b, &k, dir);
	if ((tn = table_get(t->tunnels, &k)) != NULL)
		return tn;
	if ((tn = table_insert(t->tunnels, &k, &evicted)) != NULL)
		t->st.tunnels++;
	return tn;
}

/*
 * The tunnel of a child's packet p: the one the child kept a pointer to
 * when it is still in the table between the same two addresses, else a
 * lookup (the first packet, a changed source, the tunnel evicted).  So
 * an ESP packet costs one hash lookup, its SPI's.
 */
static struct tunnel *
tunnel_of(struct esp_track *t, struct child *c, const struct pkt *p,
    int *dir)
{
	struct tunnel *tn = c->tunnel;

	if (table_live(t->tunnels, tn)) {
		if (addr_eq(&tn->key.lo, &p->src) &&
		    addr_eq(&tn->key.hi, &p->dst)) {
			*dir = 0;
			return tn;
		}
		if (addr_eq(&tn->key.hi, &p->src) &&
		    addr_eq(&tn->key.lo, &p->dst)) {
			*dir = 1;
			return tn;
		}
	}
	tn = tunnel_get(t, &p->src, &p->dst, dir);
	c->tunnel = tn;
	return tn;
}

static void
tunnel_remember(struct tunnel *tn, const struct child_key *k)
{
	struct tunnel_child c;
	int i;

	memset(&c, 0, sizeof(c));
	c.spi = k->spi;
	c.encap = k->encap;
	c.to_hi = !addr_eq(&k->dst, &tn->key.lo);
	for (i = 0; i < tn->nkeys; i++)
		if (memcmp(&tn->keys[i], &c, sizeof(c)) == 0)
			return;
	tn->keys[tn->key_next] = c;
	tn->key_next = (uint8_t)((tn->key_next + 1) % TUNNEL_KEYS);
	if (tn->nkeys < TUNNEL_KEYS)
		tn->nkeys++;
}

/*
 * A new SPI pairs with the newest one the other way that has no partner
 * yet: a child SA is a pair of SPIs that start together (a rekey makes a
 * new pair).  Inferred, like the tie to the IKE SA.
 */
static void
child_pair(struct esp_track *t, const struct tunnel *tn, struct child *c,
    int o)
{
	struct child_key rk;
	struct child *r;

	if (tn->cur_first[o].frame == 0)
		return;
	memset(&rk, 0, sizeof(rk));
	rk.dst = c->src;
	rk.encap = tn->cur_encap[o];
	rk.spi = tn->cur_spi[o];
	if ((r = table_peek(t->children, &rk)) == NULL || r->has_partner)
		return;
	r->has_partner = c->has_partner = 1;
	r->partner_spi = c->key.spi;
	c->partner_spi = r->key.spi;
}


int
esp_hint_wanted(const struct esp_track *t)
{
	return table_stats(t->children)->entries >= t->hint_min;
}

void
esp_set_hint_min(struct esp_track *t, size_t spis)
{
	t->hint_min = spis;
}

void
esp_hint_start(struct esp_track *t, const struct peek_esp *e,
    struct esp_hint *h)
{
	memset(&h->key, 0, sizeof(h->key));
	h->key.dst = e->dst;
	h->key.encap = e->udp ? CE_ESP_UDP : CE_ESP;
	h->key.spi = e->spi;
	h->hash = table_prefetch_bucket(t->children, &h->key);
	h->first = NULL;
	h->child = NULL;
	h->set = 1;
}

void
esp_hint_more(struct esp_track *t, struct esp_hint *h)
{
	/* The header and the fields every packet touches (child.h). */
	if (h->set)
		h->first = table_prefetch_first(t->children, h->hash, 4);
}

void
esp_hint_last(struct esp_track *t, struct esp_hint *h)
{
	struct child *c;

	if (!h->set)
		return;
	if (h->first != NULL && memcmp(h->first, &h->key,
	    sizeof(h->key)) == 0)
		c = (struct child *)(uintptr_t)h->first;
	else
		c = table_find_hashed(t->children, h->hash, &h->key);
	h->child = c;
	/* Its tunnel: the counters each packet moves are in its first lines. */
	if (c != NULL && c->tunnel != NULL) {
		__builtin_prefetch((const char *)c->tunnel, 1);
		__builtin_prefetch((const char *)c->tunnel + 64, 1);
		__builtin_prefetch((const char *)c->tunnel + 128, 1);
	}
}

int
esp_feed(struct esp_track *t, const struct pkt *p)
{
	return esp_feed_hinted(t, p, NULL);
}

int
esp_feed_hinted(struct esp_track *t, const struct pkt *p,
    const struct esp_hint *h)
{
	struct child_key k;
	struct child *c;
	struct tunnel *tn;
	int evicted, dir, o, new_src;

	if (!child_key_of(p, &k))
		return 0;
	if ((c = table_get_kept(t->children, &k, h != NULL && h->set ?
	    h->child : NULL)) == NULL) {
		if ((c = table_insert(t->children, &k, &evicted)) == NULL)
			return 1;
		t->st.children++;
	}
	child_update(c, p);
	if (c->invalid && p->frame > c->invalid_at.frame) {
		c->after_invalid++;
		sa_when(&c->after_last, p);
	}
	table_refresh(t->children, c, idle_until(p->ts_sec, CHILD_IDLE));
	if ((tn = tunnel_of(t, c, p, &dir)) == NULL)
		return 1;
	table_refresh(t->tunnels, tn, idle_until(p->ts_sec, TUNNEL_IDLE));
	o = !dir;
	if (c->packets == 1) {
		tunnel_remember(tn, &k);
		if (tn->ike_version) {
			c->ike_version = tn->ike_version;
			c->ike_ispi = tn->ike_ispi;
			c->inferred = 1;
		}
		child_pair(t, tn, c, o);
		if (tn->cur_first[dir].frame == 0 ||
		    p->frame > tn->cur_first[dir].frame) {
			tn->cur_spi[dir] = k.spi;
			tn->cur_encap[dir] = k.encap;
			sa_when(&tn->cur_first[dir], p);
		}
	}
	new_src = tn->packets[dir]++ == 0;
	if (new_src)
		sa_when(&tn->first[dir], p);
	sa_when(&tn->last[dir], p);
	if (tn->run[dir]++ == 0) {
		sa_when(&tn->run_first[dir], p);
		memset(tn->run_frames[dir], 0, sizeof(tn->run_frames[dir]));
		tn->run_spi[dir] = k.spi;
	}
	if (tn->run[dir] <= RUN_FRAMES)
		tn->run_frames[dir][tn->run[dir] - 1] = p->frame;
	tn->run[o] = 0;
	return new_src;
}

/* The SPI an INVALID_SPI notify names: its SPI field, else its data. */
static int
invalid_spi_of(const struct ike_msg *m, const struct ike_payload *pl,
    uint32_t *spi)
{
	size_t at = pl->off + (m->major == 1 ? 8 : 4), end, sz, type;
	const uint8_t *b = m->raw;

	end = (size_t)pl->off + pl->len;
	if (end > m->rawlen)
		end = m->rawlen;
	if (at + 4 > end)
		return 0;
	sz = b[at + 1];
	type = (size_t)b[at + 2] << 8 | b[at + 3];
	if (type != 11)
		return 0;
	at += 4;
	/* A 4-byte SPI field, or the SPI as the first data bytes. */
	if (sz != 4)
		at += sz;
	if (at + 4 > end)
		return 0;
	*spi = (uint32_t)b[at] << 24 | (uint32_t)b[at + 1] << 16 |
	    (uint32_t)b[at + 2] << 8 | b[at + 3];
	return 1;
}

void
esp_ike_notifies(struct esp_track *t, const struct pkt *p)
{
	const struct ike_msg *m = &p->ike;
	static const uint8_t encaps[] = { CE_ESP_UDP, CE_ESP, CE_AH };
	struct child_key k;
	struct child *c;
	uint32_t spi;
	int i, e;

	if (m->major == 1 && !ike_readable(m))
		return;
	for (i = 0; i < m->npl; i++) {
		if (m->pl[i].type != (m->major == 1 ? IKEV1_P_N : IKEV2_P_N) ||
		    !invalid_spi_of(m, &m->pl[i], &spi))
			continue;
		memset(&k, 0, sizeof(k));
		k.dst = p->src;
		k.spi = spi;
		for (e = 0; e < 3; e++) {
			k.encap = encaps[e];
			if ((c = table_peek(t->children, &k)) == NULL ||
			    c->invalid)
				continue;
			c->invalid = 1;
			sa_when(&c->invalid_at, p);
		}
	}
}

void
esp_keepalive(struct esp_track *t, const struct pkt *p)
{
	struct tunnel *tn;
	int dir;

	if ((tn = tunnel_get(t, &p->src, &p->dst, &dir)) == NULL)
		return;
	table_set_expiry(t->tunnels, tn, idle_until(p->ts_sec, TUNNEL_IDLE));
	if (tn->ka[dir]++ == 0)
		sa_when(&tn->ka_first[dir], p);
	sa_when(&tn->ka_last[dir], p);
}

int
esp_keepalives(struct esp_track *t, const struct ike_sa *sa, int from_ini,
    double *interval)
{
	struct tunnel_key k;
	const struct tunnel *tn;
	int dir, d;

	*interval = 0;
	tunnel_key_of(&sa->ini, &sa->rsp, &k, &dir);
	if ((tn = table_peek(t->tunnels, &k)) == NULL)
		return 0;
	d = from_ini ? dir : !dir;
	if (tn->ka[d] > 1)
		*interval = span(&tn->ka_first[d], &tn->ka_last[d]) /
		    (tn->ka[d] - 1);
	return (int)tn->ka[d];
}

int
esp_pair_ike(struct esp_track *t, const struct ip_addr *a,
    const struct ip_addr *b, struct sa_key *k)
{
	struct tunnel_key tk;
	const struct tunnel *tn;
	int dir;

	tunnel_key_of(a, b, &tk, &dir);
	if ((tn = table_peek(t->tunnels, &tk)) == NULL || !tn->ike_version)
		return 0;
	memset(k, 0, sizeof(*k));
	k->version = tn->ike_version;
	k->ispi = tn->ike_ispi;
	return 1;
}

int
esp_tunnel_ike(struct esp_track *t, const struct ike_sa *sa,
    struct sa_key *k)
{
	return esp_pair_ike(t, &sa->ini, &sa->rsp, k);
}

void
esp_ike_restart(struct esp_track *t, const struct ike_sa *newsa,
    const struct ike_sa *prev, int silent_ini)
{
	struct tunnel *tn;
	int dir, d, i;

	if ((tn = tunnel_get(t, &prev->ini, &prev->rsp, &dir)) == NULL)
		return;
	/* dir: the old initiator's direction; toward the silent side: */
	d = silent_ini ? !dir : dir;
	if (tn->run[d] == 0 || tn->packets[!d] == 0)
		return;		/* no ESP went to it since it went quiet */
	tn->restart = 1;
	tn->lost_dir = (uint8_t)d;
	tn->lost_ini = (uint8_t)silent_ini;
	tn->restart_ispi = newsa->key.ispi;
	tn->lost_ispi = prev->key.ispi;
	tn->lost_run = tn->run[d];
	tn->lost_spi = tn->run_spi[d];
	tn->lost_from = tn->run_first[d];
	tn->lost_to = tn->last[d];
	tn->restart_at = newsa->first;
	tn->quiet_frame = tn->last[!d].frame;
	for (i = 0; i < RUN_FRAMES; i++)
		tn->lost_frames[i] = tn->run_frames[d][i];
}

void
esp_ike(struct esp_track *t, const struct ike_sa *sa)
{
	struct tunnel *tn;
	int dir, from_ini;

	if ((tn = tunnel_get(t, &sa->ini, &sa->rsp, &dir)) == NULL)
		return;
	table_set_expiry(t->tunnels, tn, idle_until(sa->last.sec,
	    TUNNEL_IDLE));
	/* The silent peer answers the new IKE SA: it had lost the old. */
	if (tn->restart == 1 && sa->key.ispi == tn->restart_ispi) {
		const struct ip_addr *lost = tn->lost_dir ? &tn->key.lo :
		    &tn->key.hi;
		int lost_side = addr_eq(lost, &sa->ini) ? SA_INI : SA_RSP;

		if (sa->sent[lost_side] > 0)
			tn->restart = 2;
	}
	/* dir: 0 when the initiator is the tunnel's lo side. */
	tn->ike_version = sa->key.version;
	tn->ike_ispi = sa->key.ispi;
	tn->ike_rspi = sa->rspi;
	tn->ike_up = sa->established;
	tn->ike_last = sa->last;
	tn->ike_ini_lo = dir == 0;
	tn->ike_ini_port = sa->ini_port;
	tn->ike_rsp_port = sa->rsp_port;
	from_ini = sa->last_from[SA_INI].frame >= sa->last_from[SA_RSP].frame;
	/* The side that sent the latest message: its direction's index. */
	if (from_ini)
		tn->ike_frame_back[dir] = sa->last_from[SA_INI].frame;
	else
		tn->ike_frame_back[!dir] = sa->last_from[SA_RSP].frame;
}

/*
 * A child is one-way when nothing went the other way between its peers
 * while it lived, nor within --stall before it began (an answer burst
 * that follows a request burst is still two-way traffic).
 */
static const char *
child_state(const struct tunnel *tn, const struct child *c, int dir,
    double stall)
{
	int o = !dir;

	if (c->invalid)
		return "stale";
	if (tn->cur_spi[dir] != c->key.spi &&
	    tn->cur_first[dir].frame > c->last.frame)
		return "retired";
	if (tn->packets[o] == 0 || (tn->last[o].frame < c->first.frame &&
	    span(&tn->last[o], &c->first) > stall))
		return "one-way";
	return "active";
}

size_t
esp_children(struct esp_track *t, const struct ike_sa *sa,
    const struct sa_keyed *keyed, int64_t now,
    struct child_view *out, size_t max)
{
	struct tunnel_key k;
	const struct tunnel *tn;
	size_t n = 0;
	int dir, i;

	tunnel_key_of(&sa->ini, &sa->rsp, &k, &dir);
	if ((tn = table_peek(t->tunnels, &k)) == NULL)
		return 0;
	for (i = 0; i < tn->nkeys && n < max; i++) {
		const struct tunnel_child *tc = &tn->keys[i];
		struct child_key ck;
		const struct child *c;
		struct child_view *v;
		int cdir;

		memset(&ck, 0, sizeof(ck));
		ck.dst = tc->to_hi ? tn->key.hi : tn->key.lo;
		ck.encap = tc->encap;
		ck.spi = tc->spi;
		c = table_peek(t->children, &ck);

		/* Children tied to another IKE SA, or older than this one. */
		if (c == NULL || c->first.frame < sa->first.frame ||
		    (c->ike_version != 0 && (c->ike_version !=
		    sa->key.version || c->ike_ispi != sa->key.ispi)))
			continue;
		v = &out[n++];
		memset(v, 0, sizeof(*v));
		v->spi = c->key.spi;
		v->encap = c->key.encap;
		v->from_ini = addr_eq(&c->src, &sa->ini);
		v->src_addr = c->src;
		/* Decrypted SA payloads name the SPI: no longer a guess. */
		v->inferred = c->inferred && (keyed == NULL ||
		    !sa_keyed_spi(keyed, c->key.spi));
		v->has_partner = c->has_partner;
		v->partner_spi = c->partner_spi;
		cdir = memcmp(&c->src, &tn->key.lo, sizeof(c->src)) == 0 ?
		    0 : 1;
		v->state = child_state(tn, c, cdir, t->ctx.stall);
		v->packets = c->packets;
		v->bytes = c->bytes;
		v->first = c->first;
		v->last = c->last;
		v->seq_max = c->seq.max;
		v->missing = child_missing(c);
		v->repeats = c->seq.repeats;
		v->pps = child_rate(c, now, 5);
	}
	return n;
}

size_t
esp_each_tunnel(struct esp_track *t,
    void (*fn)(void *, const struct tunnel_view *), void *arg)
{
	const struct tunnel *tn;
	struct tunnel_view v;
	size_t n = 0;

	for (tn = table_first(t->tunnels); tn != NULL;
	    tn = table_next(t->tunnels, tn), n++) {
		memset(&v, 0, sizeof(v));
		v.lo = tn->key.lo;
		v.hi = tn->key.hi;
		v.packets[0] = tn->packets[0];
		v.packets[1] = tn->packets[1];
		v.first = tn->packets[0] && (tn->packets[1] == 0 ||
		    tn->first[0].frame < tn->first[1].frame) ? tn->first[0] :
		    tn->first[1];
		v.last = tn->last[0].frame > tn->last[1].frame ? tn->last[0] :
		    tn->last[1];
		v.has_ike = tn->ike_version != 0;
		fn(arg, &v);
	}
	return n;
}

void
esp_finish(struct esp_track *t, int64_t sec, uint32_t nsec)
{
	t->ctx.now_sec = sec;
	t->ctx.now_nsec = nsec;
	table_flush(t->tunnels);
	table_flush(t->children);
}

const struct esp_stats *
esp_stats(struct esp_track *t)
{
	t->st.bytes = table_stats(t->children)->bytes +
	    table_stats(t->tunnels)->bytes;
	return &t->st;
}
