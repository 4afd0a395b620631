/*
 * child.c: ESP and AH SAs, packet by packet (see child.h).
 *
 * Sequence numbers are read the way a receiver's anti-replay check reads
 * them (RFC 4303 3.4.3, 64-number window): a number above the highest
 * moves the window, one inside it that was seen is a repeat, one inside
 * it not seen arrived late (reordered), one behind it a receiver would
 * drop.  The low 32 bits on the wire are extended to 64 (RFC 4303 A.2) so
 * that a long-lived SA with extended sequence numbers wraps cleanly.
 */
#include <string.h>

#include "diag/child.h"

#define WINDOW	64
#define RATE_SLOTS	8
#define HALF	0x80000000ULL

int
child_key_of(const struct pkt *p, struct child_key *k)
{
	memset(k, 0, sizeof(*k));
	switch (p->kind) {
	case PK_ESP:
	case PK_ESP_UDP:
		if (p->esp.have < 4)
			return 0;
		k->encap = p->kind == PK_ESP ? CE_ESP : CE_ESP_UDP;
		k->spi = p->esp.spi;
		break;
	case PK_AH:
		if (!p->has_ah)
			return 0;
		k->encap = CE_AH;
		k->spi = p->ah.spi;
		break;
	default:
		return 0;
	}
	k->dst = p->dst;
	return 1;
}

const char *
child_encap_name(int e)
{
	switch (e) {
	case CE_ESP:
		return "esp";
	case CE_ESP_UDP:
		return "esp-udp";
	case CE_AH:
		return "ah";
	}
	return "?";
}

/* The 64-bit number closest to the highest seen, from its low 32 bits. */
static uint64_t
seq_extend(uint64_t max, uint32_t s)
{
	uint64_t lo = max & 0xffffffffULL, hi = max >> 32;
	uint64_t ext = hi << 32 | s;

	if (s < lo && lo - s > HALF && hi < 0xffffffffULL)
		ext += 1ULL << 32;
	else if (s > lo && s - lo > HALF && hi > 0)
		ext -= 1ULL << 32;
	return ext;
}

/* Numbers of the window that leave it unseen when it moves by d. */
static uint64_t
seq_leaving(const struct child_seq *q, uint64_t d)
{
	uint64_t n = 0;
	unsigned i, from = d >= WINDOW ? 0 : (unsigned)(WINDOW - d);

	for (i = from; i < WINDOW; i++)
		if (!(q->window >> i & 1) && q->max >= q->first + i)
			n++;
	return n;
}

static void
seq_update(struct child_seq *q, uint32_t s, uint64_t frame)
{
	uint64_t ext, d;

	if (!q->started) {
		q->started = 1;
		q->first = q->max = s;
		q->window = 1;
		return;
	}
	ext = seq_extend(q->max, s);
	if (ext > q->max) {
		d = ext - q->max;
		q->missing += seq_leaving(q, d);
		if (d > WINDOW)
			q->missing += d - WINDOW;
		if (d > 1) {
			q->holes++;
			if (q->hole_frame == 0)
				q->hole_frame = frame;
		}
		q->window = d >= WINDOW ? 1 : q->window << d | 1;
		q->max = ext;
		return;
	}
	d = q->max - ext;
	if (s == 1 && q->max > 1 && (d >= WINDOW || (q->window >> d & 1))) {
		/* Back to the start on the same SPI: a sender that reset. */
		if (q->resets++ == 0)
			q->reset_frame = frame;
		q->missing += seq_leaving(q, WINDOW);
		q->first = q->max = 1;
		q->window = 1;
		return;
	}
	if (d >= WINDOW) {
		q->too_old++;
		return;
	}
	if (q->window >> d & 1) {
		if (q->repeats++ == 0)
			q->repeat_frame = frame;
		return;
	}
	q->late++;
	q->window |= 1ULL << d;
	if (ext < q->first)
		q->first = ext;
}

/* Moves the per-second slots on to second `now'. */
static void
child_rate_roll(struct child *c, int64_t now)
{
	int64_t d;
	int i;

	if (now <= c->rate_sec)
		return;
	/* In doubles: packet times may be anywhere in 64 bits. */
	d = (double)now - (double)c->rate_sec >= RATE_SLOTS ? RATE_SLOTS :
	    now - c->rate_sec;
	for (i = RATE_SLOTS - 1; i >= 0; i--)
		c->rate[i] = i >= d ? c->rate[i - d] : 0;
	c->rate_sec = now;
}

static void
child_rate_count(struct child *c, int64_t sec)
{
	int64_t back;

	if (c->packets == 1)
		c->rate_sec = sec;
	child_rate_roll(c, sec);
	/* A late packet: an older slot (in doubles, as times may be
	   anywhere in 64 bits). */
	if ((double)c->rate_sec - (double)sec >= RATE_SLOTS)
		return;
	back = c->rate_sec - sec;
	if (back >= 0 && back < RATE_SLOTS)
		c->rate[back]++;
}

double
child_rate(const struct child *c, int64_t now, int secs)
{
	double d = (double)now - (double)c->rate_sec;
	uint64_t n = 0;
	int i;

	if (secs < 1 || secs > RATE_SLOTS)
		secs = RATE_SLOTS;
	/* Slot i holds second rate_sec - i; count those within the span. */
	for (i = 0; i < RATE_SLOTS; i++)
		if (d + i >= 0 && d + i < secs)
			n += c->rate[i];
	return (double)n / secs;
}

uint64_t
child_missing(const struct child *c)
{
	if (!c->seq.started)
		return 0;
	return c->seq.missing + seq_leaving(&c->seq, WINDOW);
}

void
child_update(struct child *c, const struct pkt *p)
{
	int fresh = c->packets == 0;
	uint32_t seq;

	if (fresh) {
		c->src = p->src;
		c->sport = p->sport;
		c->dport = p->dport;
		sa_when(&c->first, p);
	} else if (!addr_eq(&c->src, &p->src) ||
	    (c->key.encap == CE_ESP_UDP && c->sport != p->sport)) {
		/* The same SPI from another address or port: a NAT moved. */
		if (c->rebinds++ == 0 || p->frame > c->rebind.frame) {
			sa_when(&c->rebind, p);
		}
		c->src = p->src;
		c->sport = p->sport;
		c->dport = p->dport;
	}
	c->packets++;
	c->bytes += p->wirelen;
	child_rate_count(c, p->ts_sec);
	sa_when(&c->last, p);
	if (c->key.encap == CE_AH)
		seq = p->ah.seq;
	else if (p->esp.have >= 8)
		seq = p->esp.seq;
	else
		return;
	seq_update(&c->seq, seq, p->frame);
}
