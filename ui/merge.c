/*
 * merge.c: two capture points read together (see merge.h).
 *
 * A sender's packet arrives at the capture point nearer to it with the
 * higher TTL; that says, for every matched packet, in which direction it
 * went between the points without trusting either clock.  With matches in
 * both directions the clock offset is the mean of the two median time
 * differences (one-way delays taken as equal), and their half difference
 * the one-way delay.  A message seen only at the capture near its sender
 * was lost between the points.
 */
#include <stdlib.h>
#include <string.h>

#include "capture/source.h"
#include "dissect/dissect.h"
#include "dissect/names.h"
#include "ui/fmt.h"
#include "ui/merge.h"

#define MAX_RECS	(1u << 21)
#define PAIR_WINDOW	2.0	/* seconds between copies paired by time */

enum { R_IKE = 1, R_ESP };

struct rec {
	uint8_t		 kind;
	uint8_t		 ttl;
	uint8_t		 version;
	uint8_t		 exch;
	uint8_t		 flags;
	uint64_t	 frame;
	double		 t;
	struct ip_addr	 src;
	struct ip_addr	 dst;
	uint64_t	 key;		/* IKE: bytes hashed; ESP: SPI, seq */
	uint64_t	 ispi;
	uint32_t	 msgid;
	long		 match;		/* index at the other point, -1 */
};

struct side {
	struct rec	*r;
	size_t		 n;
	size_t		 cap;
};

static uint64_t
fnv(const uint8_t *b, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n-- > 0) {
		h ^= *b++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int
read_side(const char *path, struct side *s, char *err, size_t errlen)
{
	char cerr[CAP_ERRBUF_SIZE];
	struct cap_source *src;
	struct cap_frame fr;
	struct cap_info ci;
	struct dissector *d;
	struct pkt p;
	int rc;

	if (cap_open_file(&src, path, cerr) != 0) {
		snprintf(err, errlen, "%s", cerr);
		return -1;
	}
	cap_info(src, &ci);
	if ((d = dissect_new(ci.dlt, cerr, sizeof(cerr))) == NULL) {
		snprintf(err, errlen, "%s", cerr);
		cap_close(src);
		return -1;
	}
	while ((rc = cap_next(src, &fr, cerr)) == CAP_FRAME) {
		struct rec *x;

		if (fr.dlt != ci.dlt)
			continue;
		dissect_frame(d, &fr, &p);
		if (!(p.kind == PK_IKE && p.ike.have_hdr) &&
		    !((p.kind == PK_ESP || p.kind == PK_ESP_UDP) &&
		    p.esp.have >= 8))
			continue;
		if (s->n == s->cap) {
			size_t c = s->cap ? s->cap * 2 : 1024;

			if (c > MAX_RECS || (x = realloc(s->r,
			    c * sizeof(*x))) == NULL)
				break;
			s->r = x;
			s->cap = c;
		}
		x = &s->r[s->n++];
		memset(x, 0, sizeof(*x));
		x->frame = fr.no;
		x->t = (double)fr.ts_sec + fr.ts_nsec / 1e9;
		x->ttl = p.ttl;
		x->src = p.src;
		x->dst = p.dst;
		x->match = -1;
		if (p.kind == PK_IKE) {
			size_t n = p.ike.len >= 28 && p.ike.len <=
			    p.ike.rawlen ? p.ike.len : p.ike.rawlen;

			x->kind = R_IKE;
			x->key = fnv(p.ike.raw, n);
			x->version = p.ike.major;
			x->exch = p.ike.exch;
			x->flags = p.ike.flags;
			x->ispi = p.ike.ispi;
			x->msgid = p.ike.msgid;
		} else {
			x->kind = R_ESP;
			x->key = (uint64_t)p.esp.spi << 32 | p.esp.seq;
		}
	}
	dissect_free(d);
	cap_close(src);
	if (rc == CAP_ERROR) {
		snprintf(err, errlen, "%s", cerr);
		return -1;
	}
	return 0;
}

/* Hops a packet made, from the usual initial TTLs. */
static int
hops(uint8_t ttl)
{
	static const int start[] = { 32, 64, 128, 255 };
	size_t i;

	for (i = 0; i < 4; i++)
		if (ttl <= start[i])
			return start[i] - ttl;
	return 0;
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

static double
median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct ref {
	uint64_t	 key;
	uint8_t		 kind;
	size_t		 i;
};

static int
cmp_ref(const void *x, const void *y)
{
	const struct ref *a = x, *b = y;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static struct ref *
refs(const struct side *s)
{
	struct ref *r = calloc(s->n + 1, sizeof(*r));
	size_t i;

	if (r == NULL)
		return NULL;
	for (i = 0; i < s->n; i++) {
		r[i].key = s->r[i].key;
		r[i].kind = s->r[i].kind;
		r[i].i = i;
	}
	if (s->n > 1)
		qsort(r, s->n, sizeof(*r), cmp_ref);
	return r;
}

/*
 * Pairs records with the same key, group by group (sorted by key).
 * Pass 0: keys seen once at each point (no doubt which is which).
 * Pass 1: as many copies at both points, in their order (refs sort equal
 * keys by position, which is capture order).
 * Pass 2: the rest, each copy to the unpaired one nearest in time once
 * the offset is known.
 */
static void
pair(struct side *a, struct side *b, int pass, double off)
{
	struct ref *ra = refs(a), *rb = refs(b);
	size_t i = 0, j = 0, ie, je, x, y;

	while (ra != NULL && rb != NULL && i < a->n && j < b->n) {
		int c = cmp_ref(&(struct ref){ ra[i].key, ra[i].kind, 0 },
		    &(struct ref){ rb[j].key, rb[j].kind, 0 });

		if (c < 0) {
			i++;
			continue;
		}
		if (c > 0) {
			j++;
			continue;
		}
		for (ie = i; ie < a->n && ra[ie].key == ra[i].key &&
		    ra[ie].kind == ra[i].kind; ie++)
			;
		for (je = j; je < b->n && rb[je].key == rb[j].key &&
		    rb[je].kind == rb[j].kind; je++)
			;
		if (pass == 0 && ie - i == 1 && je - j == 1) {
			a->r[ra[i].i].match = (long)rb[j].i;
			b->r[rb[j].i].match = (long)ra[i].i;
		} else if (pass == 1 && ie - i == je - j) {
			/* As many copies at both points: in their order. */
			for (x = i, y = j; x < ie; x++, y++)
				if (a->r[ra[x].i].match < 0 &&
				    b->r[rb[y].i].match < 0) {
					a->r[ra[x].i].match = (long)rb[y].i;
					b->r[rb[y].i].match = (long)ra[x].i;
				}
		} else if (pass == 2)
			for (x = i; x < ie; x++) {
				struct rec *p = &a->r[ra[x].i];
				double bd = PAIR_WINDOW;
				long best = -1;

				if (p->match >= 0)
					continue;
				for (y = j; y < je; y++) {
					struct rec *q = &b->r[rb[y].i];
					double d = q->t - off - p->t;

					if (q->match >= 0)
						continue;
					if (d < 0)
						d = -d;
					if (d < bd) {
						bd = d;
						best = (long)rb[y].i;
					}
				}
				if (best >= 0) {
					p->match = best;
					b->r[best].match = (long)ra[x].i;
				}
			}
		i = ie;
		j = je;
	}
	free(ra);
	free(rb);
}

struct clocks {
	int		 both;		/* matches in both directions */
	size_t		 n_ab;		/* A-side sender, seen at B */
	size_t		 n_ba;
	double		 offset;	/* B's clock minus A's */
	double		 delay;		/* one way, between the points */
	double		 spread;	/* largest deviation from the medians */
};

static void
estimate(const struct side *a, const struct side *b, struct clocks *c)
{
	double *ab = calloc(a->n + 1, sizeof(double));
	double *ba = calloc(a->n + 1, sizeof(double));
	double m1, m2;
	size_t i;

	memset(c, 0, sizeof(*c));
	if (ab == NULL || ba == NULL)
		goto out;
	for (i = 0; i < a->n; i++) {
		const struct rec *x = &a->r[i], *y;

		if (x->match < 0)
			continue;
		y = &b->r[x->match];
		if (hops(x->ttl) < hops(y->ttl))
			ab[c->n_ab++] = y->t - x->t;
		else if (hops(y->ttl) < hops(x->ttl))
			ba[c->n_ba++] = y->t - x->t;
	}
	m1 = median(ab, c->n_ab);
	m2 = median(ba, c->n_ba);
	c->both = c->n_ab > 0 && c->n_ba > 0;
	if (c->both) {
		c->offset = (m1 + m2) / 2;
		c->delay = (m1 - m2) / 2;
	} else
		c->offset = c->n_ab ? m1 : m2;
	for (i = 0; i < c->n_ab; i++)
		if (ab[i] - m1 > c->spread || m1 - ab[i] > c->spread)
			c->spread = ab[i] > m1 ? ab[i] - m1 : m1 - ab[i];
	for (i = 0; i < c->n_ba; i++)
		if (ba[i] - m2 > c->spread || m2 - ba[i] > c->spread)
			c->spread = ba[i] > m2 ? ba[i] - m2 : m2 - ba[i];
out:
	free(ab);
	free(ba);
}

static int
wanted(const struct rec *x, const struct merge_key *k, size_t n)
{
	size_t i;

	if (x->kind != R_IKE)
		return 0;
	if (n == 0)
		return 1;
	for (i = 0; i < n; i++)
		if (k[i].version == x->version && k[i].ispi == x->ispi)
			return 1;
	return 0;
}

static void
msg_words(const struct rec *x, char *buf, size_t len)
{
	const char *e;

	if (x->kind == R_ESP) {
		snprintf(buf, len, "ESP spi 0x%08x seq %u",
		    (unsigned)(x->key >> 32), (unsigned)(x->key & 0xffffffffu));
		return;
	}
	e = ike_exch_text(x->version, x->exch);
	snprintf(buf, len, "%s%s", e ? e : "IKE", x->version == 2 ?
	    (x->flags & 0x20 ? " response" : " request") : "");
}

/* One message's line: where it was seen, and what that says. */
static void
place(FILE *md, FILE *js, int *first, const struct rec *x, char at,
    const struct rec *y, const struct clocks *c)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN], what[64], fr[24];
	int near_here;

	addr_fmt(&x->src, s, sizeof(s));
	addr_fmt(&x->dst, d, sizeof(d));
	msg_words(x, what, sizeof(what));
	fprintf(js, "%s{\"message\":", *first ? "" : ",");
	fmt_json_str(js, what);
	fprintf(js, ",\"ispi\":\"%016llx\",\"from\":",
	    (unsigned long long)x->ispi);
	fmt_json_str(js, s);
	*first = 0;
	if (y != NULL) {
		double delay = (at == 'A' ? y->t - c->offset - x->t :
		    x->t - c->offset - y->t);

		fprintf(md, "| %s | %s | frame %llu | frame %llu | seen at "
		    "both", what, s,
		    (unsigned long long)(at == 'A' ? x->frame : y->frame),
		    (unsigned long long)(at == 'A' ? y->frame : x->frame));
		if (c->both)
			fprintf(md, ", %.3f ms between the points",
			    (delay < 0 ? -delay : delay) * 1e3);
		fputs(" |\n", md);
		fprintf(js, ",\"seen\":\"both\",\"frame_a\":%llu,"
		    "\"frame_b\":%llu}",
		    (unsigned long long)(at == 'A' ? x->frame : y->frame),
		    (unsigned long long)(at == 'A' ? y->frame : x->frame));
		return;
	}
	/* Seen only here: lost on the way when it was sent near here. */
	near_here = hops(x->ttl) == 0;
	snprintf(fr, sizeof(fr), "%llu", (unsigned long long)x->frame);
	fprintf(md, "| %s | %s | %s%s | %s%s | %s%s |\n", what, s,
	    at == 'A' ? "frame " : "-", at == 'A' ? fr : "",
	    at == 'B' ? "frame " : "-", at == 'B' ? fr : "",
	    near_here ? "left its sender, never reached the other point: "
	    "lost between the two capture points on the way to " :
	    "seen at this point only", near_here ? d : "");
	fprintf(js, ",\"seen\":\"%c only\",\"frame\":%llu,\"lost_between\":"
	    "%s}", at, (unsigned long long)x->frame,
	    near_here ? "true" : "false");
}

int
merge_report(const char *pa, const char *pb, const struct merge_key *keys,
    size_t nkeys, FILE *md, FILE *js, char *err, size_t errlen)
{
	struct side a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	struct clocks c;
	size_t i, j, matched = 0, lost = 0;
	int first = 1, rc = -1;

	if (read_side(pa, &a, err, errlen) != 0 ||
	    read_side(pb, &b, err, errlen) != 0)
		goto out;
	pair(&a, &b, 0, 0);
	pair(&a, &b, 1, 0);
	estimate(&a, &b, &c);
	pair(&a, &b, 2, c.offset);
	estimate(&a, &b, &c);
	for (i = 0; i < a.n; i++)
		matched += a.r[i].match >= 0;
	if (matched == 0) {
		snprintf(err, errlen, "%s and %s have no IKE or ESP packet in "
		    "common: not the same traffic", pa, pb);
		goto out;
	}
	fprintf(md, "## Two capture points\n\nA: `%s`, B: `%s`. %zu packets "
	    "seen at both (the same IKE bytes, or the same ESP SPI and "
	    "sequence number, whatever NAT did to addresses between the "
	    "points).\n\n", pa, pb, matched);
	if (c.both)
		fprintf(md, "Clock offset: B's clock is %+.3f ms from A's "
		    "(%zu packets one way, %zu the other; one-way delay between "
		    "the points %.3f ms; spread %.3f ms).\n\n", c.offset * 1e3,
		    c.n_ab, c.n_ba, c.delay * 1e3, c.spread * 1e3);
	else
		fprintf(md, "Clock offset and one-way delay together: %+.3f ms "
		    "(packets matched in one direction only: the two cannot "
		    "be told apart).\n\n", c.offset * 1e3);
	fprintf(md, "| message | from | at A | at B | |\n|---|---|---|---|---|\n");
	fprintf(js, "\"merge\":{\"a\":");
	fmt_json_str(js, pa);
	fputs(",\"b\":", js);
	fmt_json_str(js, pb);
	fprintf(js, ",\"matched\":%zu,\"clock_offset_ms\":%.3f,"
	    "\"offset_separable\":%s,\"one_way_delay_ms\":%.3f,"
	    "\"spread_ms\":%.3f,\"messages\":[", matched, c.offset * 1e3,
	    c.both ? "true" : "false", c.delay * 1e3, c.spread * 1e3);
	/*
	 * A's messages in A's order, then B's that A never saw; ESP only
	 * where one point missed it (the rest is counted above).
	 */
	for (i = 0; i < a.n; i++) {
		const struct rec *x = &a.r[i];

		if (!wanted(x, keys, nkeys) && !(x->kind == R_ESP &&
		    x->match < 0))
			continue;
		place(md, js, &first, x, 'A', x->match >= 0 ?
		    &b.r[x->match] : NULL, &c);
		lost += x->match < 0 && hops(x->ttl) == 0;
	}
	for (j = 0; j < b.n; j++) {
		const struct rec *y = &b.r[j];

		if (y->match >= 0 || (!wanted(y, keys, nkeys) &&
		    y->kind != R_ESP))
			continue;
		place(md, js, &first, y, 'B', NULL, &c);
		lost += hops(y->ttl) == 0;
	}
	fprintf(js, "],\"lost_between\":%zu}", lost);
	fprintf(md, "\n%zu message%s left %s sender and never reached the "
	    "other capture point%s\n\n", lost, lost == 1 ? "" : "s",
	    lost == 1 ? "its" : "their", lost ? ": the loss is between the "
	    "two points, on the path toward the receiver" : ".");
	rc = 0;
out:
	free(a.r);
	free(b.r);
	return rc;
}
