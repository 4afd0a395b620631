/*
 * test_frag.c: IPv4 and IPv6 fragment reassembly.
 */
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"

/* The UDP datagram that gets fragmented: IKE with a big CERT payload. */
static size_t
big_datagram(uint8_t *out, uint16_t dport)
{
	struct fb f;

	fb_init(&f);
	fb_udp(&f, 500, dport);
	fb_ike(&f, T_ISPI, T_RSPI, 37, 0x20, 35, 0x08, 1);
	fb_payload(&f, 0, 1000, 0x42);	/* CERT */
	fb_fix(&f);
	memcpy(out, f.b, f.n);
	return f.n;
}

static void
frag4(struct fb *f, const uint8_t *dg, size_t off, size_t len, int more,
    uint16_t id)
{
	fb_init(f);
	fb_eth(f, 0x0800, 0, NULL, NULL);
	fb_ip4(f, 17, T_SRC4, T_DST4);
	fb_put16(f, f->ip_off + 4, id);
	fb_put16(f, f->ip_off + 6, (uint16_t)((more ? 0x2000 : 0) | off / 8));
	memcpy(f->b + f->n, dg + off, len);
	f->n += len;
	fb_fix(f);
}

static void
feed(struct dissector *d, const struct fb *f, uint64_t no, int64_t ts,
    struct pkt *p)
{
	struct cap_frame fr;

	memset(&fr, 0, sizeof(fr));
	fr.no = no;
	fr.ts_sec = ts;
	fr.caplen = fr.wirelen = (uint32_t)f->n;
	fr.data = f->b;
	fr.dlt = dissect_dlt(d);
	dissect_frame(d, &fr, p);
}

static struct dissector *
dis(void)
{
	char err[256];
	struct dissector *d = dissect_new(DLT_EN10MB, err, sizeof(err));

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	return d;
}

static void
test_ipv4_in_order(void)
{
	struct dissector *d = dis();
	uint8_t dg[2048];
	size_t n = big_datagram(dg, 500);
	struct pkt p;
	struct fb f;

	frag4(&f, dg, 0, 400, 1, 7);
	feed(d, &f, 10, 100, &p);
	CU_ASSERT_EQUAL(p.kind, PK_FRAG);
	CU_ASSERT_EQUAL(p.frag_more, 1);
	frag4(&f, dg, 400, 400, 1, 7);
	feed(d, &f, 11, 100, &p);
	CU_ASSERT_EQUAL(p.kind, PK_FRAG);
	CU_ASSERT_EQUAL(p.frag_off, 400);
	frag4(&f, dg, 800, n - 800, 0, 7);
	feed(d, &f, 12, 100, &p);
	CU_ASSERT_EQUAL(p.kind, PK_IKE);
	CU_ASSERT_EQUAL(p.frag_count, 3);
	CU_ASSERT_EQUAL(p.frag_first, 10);
	CU_ASSERT_EQUAL(p.ike.npl, 1);
	CU_ASSERT_EQUAL(p.ike.len, n - 8);
	CU_ASSERT_EQUAL(p.anomalies, 0);
	CU_ASSERT_EQUAL(dissect_frag_stats(d)->reassembled, 1);
	dissect_free(d);
}

static void
test_ipv4_out_of_order_and_interleaved(void)
{
	struct dissector *d = dis();
	uint8_t dg[2048];
	size_t n = big_datagram(dg, 500);
	struct pkt p;
	struct fb f;

	frag4(&f, dg, 800, n - 800, 0, 1);
	feed(d, &f, 1, 100, &p);
	frag4(&f, dg, 0, 800, 1, 2);		/* another datagram */
	feed(d, &f, 2, 100, &p);
	frag4(&f, dg, 0, 800, 1, 1);
	feed(d, &f, 3, 100, &p);
	CU_ASSERT_EQUAL(p.kind, PK_IKE);
	CU_ASSERT_EQUAL(p.frag_first, 1);
	frag4(&f, dg, 800, n - 800, 0, 2);
	feed(d, &f, 4, 100, &p);
	CU_ASSERT_EQUAL(p.kind, PK_IKE);
	CU_ASSERT_EQUAL(p.frag_first, 2);
	dissect_free(d);
}

static void
test_overlap_and_bad(void)
{
	struct dissector *d = dis();
	uint8_t dg[2048];
	size_t n = big_datagram(dg, 500);
	struct pkt p;
	struct fb f;

	frag4(&f, dg, 0, 808, 1, 3);
	feed(d, &f, 1, 100, &p);
	frag4(&f, dg, 800, n - 800, 0, 3);	/* overlaps by 8 bytes */
	feed(d, &f, 2, 100, &p);
	CU_ASSERT_TRUE(pkt_has(&p, ANOM_FRAG_OVERLAP));
	CU_ASSERT_EQUAL(p.kind, PK_IKE);
	frag4(&f, dg, 0, 13, 1, 4);		/* middle, not 8-aligned */
	feed(d, &f, 3, 100, &p);
	CU_ASSERT_TRUE(pkt_has(&p, ANOM_FRAG_BAD));
	CU_ASSERT_EQUAL(p.kind, PK_FRAG);
	dissect_free(d);
}

static void
test_expiry_and_eviction(void)
{
	struct dissector *d = dis();
	uint8_t dg[2048];
	struct pkt p;
	struct fb f;
	uint16_t id;

	big_datagram(dg, 500);
	frag4(&f, dg, 0, 800, 1, 1000);
	feed(d, &f, 1, 100, &p);
	frag4(&f, dg, 0, 800, 1, 1001);
	feed(d, &f, 2, 100 + FRAG_TIMEOUT + 1, &p);
	CU_ASSERT_EQUAL(dissect_frag_stats(d)->expired, 1);
	for (id = 0; id < FRAG_SLOTS; id++) {
		frag4(&f, dg, 0, 800, 1, id);
		feed(d, &f, 3 + id, 200, &p);
	}
	CU_ASSERT_EQUAL(dissect_frag_stats(d)->evicted, 1);
	dissect_free(d);
}

static void
test_ipv6_fragments(void)
{
	struct dissector *d = dis();
	uint8_t dg[2048];
	size_t n = big_datagram(dg, 4500), off;
	struct pkt p;
	struct fb f;
	uint8_t tmp[2048];

	/* On 4500 the IKE message needs its marker: rebuild with one. */
	memcpy(tmp, dg, 8);
	memset(tmp + 8, 0, 4);
	memcpy(tmp + 12, dg + 8, n - 8);
	n += 4;
	for (off = 0; off < n; off += 512) {
		size_t len = n - off > 512 ? 512 : n - off;
		int more = off + len < n;

		fb_init(&f);
		fb_eth(&f, 0x86dd, 0, NULL, NULL);
		fb_ip6(&f, 44, 1, 2);
		fb_u8(&f, 17);
		fb_u8(&f, 0);
		fb_u16(&f, (uint16_t)(off | (more ? 1 : 0)));
		fb_u32(&f, 0xabcdef01);
		memcpy(f.b + f.n, tmp + off, len);
		f.n += len;
		fb_fix(&f);
		feed(d, &f, 1 + off / 512, 100, &p);
		CU_ASSERT_EQUAL(p.ip_id, 0xabcdef01);
		CU_ASSERT_EQUAL(p.kind, more ? PK_FRAG : PK_IKE);
	}
	CU_ASSERT_EQUAL(p.ike.nonesp_marker, 1);
	CU_ASSERT_EQUAL(p.ike.rspi, T_RSPI);
	CU_ASSERT_EQUAL(p.frag_count, 3);
	dissect_free(d);
}

static void
test_first_piece_decoded(void)
{
	struct dissector *d = dis();
	uint8_t dg[2048];
	struct pkt p;
	struct fb f;

	big_datagram(dg, 500);
	frag4(&f, dg, 0, 800, 1, 9);
	feed(d, &f, 1, 100, &p);
	CU_ASSERT_EQUAL(p.kind, PK_FRAG);
	CU_ASSERT_EQUAL(p.frag_inner, PK_IKE);
	CU_ASSERT_EQUAL(p.ike.ispi, T_ISPI);
	CU_ASSERT_EQUAL(p.ike.exch, 35);
	CU_ASSERT_EQUAL(p.anomalies, 0);	/* a piece is not malformed */
	frag4(&f, dg, 800, 800, 1, 9);
	feed(d, &f, 2, 100, &p);
	CU_ASSERT_EQUAL(p.frag_inner, PK_OTHER);	/* no header here */
	dissect_free(d);
}

static void
test_snaplen_cut_fragment_not_held(void)
{
	struct dissector *d = dis();
	uint8_t dg[2048];
	size_t n = big_datagram(dg, 500);
	struct cap_frame fr;
	struct pkt p;
	struct fb f;

	frag4(&f, dg, 0, 800, 1, 5);
	memset(&fr, 0, sizeof(fr));
	fr.no = 1;
	fr.caplen = 100;		/* cut inside the fragment */
	fr.wirelen = (uint32_t)f.n;
	fr.data = f.b;
	fr.dlt = dissect_dlt(d);
	dissect_frame(d, &fr, &p);
	CU_ASSERT_EQUAL(p.kind, PK_FRAG);
	CU_ASSERT_EQUAL(p.frag_inner, PK_IKE);
	CU_ASSERT_FALSE(pkt_has(&p, ANOM_FRAG_BAD));
	CU_ASSERT_TRUE(pkt_has(&p, ANOM_TRUNCATED));
	frag4(&f, dg, 800, n - 800, 0, 5);
	feed(d, &f, 2, 100, &p);
	CU_ASSERT_EQUAL(p.kind, PK_FRAG);	/* the first piece was not kept */
	CU_ASSERT_EQUAL(dissect_frag_stats(d)->reassembled, 0);
	dissect_free(d);
}

static void
test_lost_reports(void)
{
	struct dissector *d = dis();
	uint8_t dg[2048];
	size_t n = big_datagram(dg, 500);
	struct frag_lost l;
	struct pkt p;
	struct fb f;

	/* First and last pieces arrive, the middle one never does. */
	frag4(&f, dg, 0, 400, 1, 21);
	feed(d, &f, 5, 100, &p);
	frag4(&f, dg, 800, n - 800, 0, 21);
	feed(d, &f, 7, 101, &p);
	/* Only a middle piece of another datagram. */
	frag4(&f, dg, 400, 400, 1, 22);
	feed(d, &f, 8, 102, &p);
	CU_ASSERT_EQUAL(dissect_next_lost(d, &l), 0);
	dissect_flush(d);
	CU_ASSERT_EQUAL_FATAL(dissect_next_lost(d, &l), 1);
	CU_ASSERT_EQUAL(l.key.id, 21);
	CU_ASSERT_EQUAL(l.why, FRAG_WHY_END);
	CU_ASSERT_EQUAL(l.count, 2);
	CU_ASSERT_EQUAL(l.first_frame, 5);
	CU_ASSERT_EQUAL(l.last_frame, 7);
	CU_ASSERT_EQUAL(l.total, n);
	CU_ASSERT_EQUAL(l.hole_start, 400);
	CU_ASSERT_EQUAL(l.hole_end, 800);
	CU_ASSERT_EQUAL(l.headlen, FRAG_HEAD);
	CU_ASSERT_EQUAL(memcmp(l.head, dg, FRAG_HEAD), 0);
	CU_ASSERT_EQUAL_FATAL(dissect_next_lost(d, &l), 1);
	CU_ASSERT_EQUAL(l.key.id, 22);
	CU_ASSERT_EQUAL(l.total, 0);		/* the last piece never came */
	CU_ASSERT_EQUAL(l.headlen, 0);		/* nor the first */
	CU_ASSERT_EQUAL(l.hole_start, 0);
	CU_ASSERT_EQUAL(dissect_next_lost(d, &l), 0);
	dissect_free(d);
}

/* An IKEv2 SKF fragment (RFC 7383) number no of total, over UDP 4500. */
static void
skf(struct fb *f, uint16_t no, uint16_t total, uint32_t msgid, int response)
{
	fb_init(f);
	fb_eth(f, 0x0800, 0, NULL, NULL);
	fb_ip4(f, 17, T_SRC4, T_DST4);
	fb_udp(f, 4500, 4500);
	fb_u32(f, 0);
	fb_ike(f, T_ISPI, T_RSPI, 53, 0x20, 35, response ? 0x20 : 0x08, msgid);
	fb_u8(f, no == 1 ? 35 : 0);
	fb_u8(f, 0);
	fb_u16(f, 8 + 40);
	fb_u16(f, no);
	fb_u16(f, total);
	fb_fill(f, 0x33, 40);
	fb_fix(f);
}

static void
test_ike_fragment_sets(void)
{
	struct dissector *d = dis();
	struct ikefrag_lost l, l2;
	struct pkt p;
	struct fb f;

	skf(&f, 2, 3, 1, 0);
	feed(d, &f, 1, 100, &p);
	CU_ASSERT_EQUAL(p.ike.fragset_have, 1);
	skf(&f, 1, 3, 1, 0);
	feed(d, &f, 2, 100, &p);
	CU_ASSERT_EQUAL(p.ike.fragset_have, 2);
	CU_ASSERT_EQUAL(p.ike.fragset_complete, 0);
	skf(&f, 1, 2, 1, 1);		/* the response, same message id */
	feed(d, &f, 3, 100, &p);
	CU_ASSERT_EQUAL(p.ike.fragset_have, 1);
	skf(&f, 3, 3, 1, 0);
	feed(d, &f, 4, 101, &p);
	CU_ASSERT_EQUAL(p.ike.fragset_have, 3);
	CU_ASSERT_EQUAL(p.ike.fragset_complete, 1);
	CU_ASSERT_EQUAL(dissect_ikefrag_stats(d)->completed, 1);
	/* A second request set, with piece 2 of 4 and 4 missing. */
	skf(&f, 1, 4, 2, 0);
	feed(d, &f, 5, 102, &p);
	skf(&f, 3, 4, 2, 0);
	feed(d, &f, 6, 102, &p);
	skf(&f, 3, 4, 2, 0);		/* a retransmitted piece */
	feed(d, &f, 7, 103, &p);
	CU_ASSERT_EQUAL(dissect_ikefrag_stats(d)->duplicates, 1);
	dissect_flush(d);
	CU_ASSERT_EQUAL_FATAL(dissect_next_ikefrag_lost(d, &l), 1);
	CU_ASSERT_EQUAL_FATAL(dissect_next_ikefrag_lost(d, &l2), 1);
	if (l.key.response == 0) {	/* the order of the table is not ours */
		struct ikefrag_lost x = l;

		l = l2;
		l2 = x;
	}
	CU_ASSERT_EQUAL(l.key.response, 1);	/* the response, 1 of 2 */
	CU_ASSERT_EQUAL(l.missing, 0x2);
	l = l2;
	CU_ASSERT_EQUAL(l.key.msgid, 2);
	CU_ASSERT_EQUAL(l.total, 4);
	CU_ASSERT_EQUAL(l.count, 2);
	CU_ASSERT_EQUAL(l.missing, 0xa);	/* numbers 2 and 4 */
	CU_ASSERT_EQUAL(l.first_frame, 5);
	CU_ASSERT_EQUAL(l.last_frame, 7);
	CU_ASSERT_EQUAL(dissect_next_ikefrag_lost(d, &l), 0);
	dissect_free(d);
}

static void
test_extreme_timestamps(void)
{
	struct dissector *d = dis();
	uint8_t dg[2048];
	struct pkt p;
	struct fb f;

	/* Under UBSan a signed overflow here aborts the test. */
	big_datagram(dg, 500);
	frag4(&f, dg, 0, 400, 1, 31);
	feed(d, &f, 1, INT64_MIN, &p);
	frag4(&f, dg, 0, 400, 1, 32);
	feed(d, &f, 2, INT64_MAX, &p);
	CU_ASSERT_EQUAL(dissect_frag_stats(d)->expired, 1);
	CU_ASSERT_FALSE(frag_older(INT64_MIN, INT64_MAX, FRAG_TIMEOUT));
	CU_ASSERT_TRUE(frag_older(INT64_MAX, INT64_MIN, FRAG_TIMEOUT));
	CU_ASSERT_FALSE(frag_older(100, 100 - FRAG_TIMEOUT, FRAG_TIMEOUT));
	CU_ASSERT_TRUE(frag_older(100, 99 - FRAG_TIMEOUT, FRAG_TIMEOUT));
	dissect_free(d);
}

int
suite_frag(void)
{
	static const struct test_def t[] = {
		{ "IPv4 in order", test_ipv4_in_order },
		{ "IPv4 out of order, interleaved",
		    test_ipv4_out_of_order_and_interleaved },
		{ "overlap and bad offsets", test_overlap_and_bad },
		{ "expiry and eviction", test_expiry_and_eviction },
		{ "IPv6 fragments", test_ipv6_fragments },
		{ "first piece decoded", test_first_piece_decoded },
		{ "incomplete datagrams reported", test_lost_reports },
		{ "IKE fragment sets", test_ike_fragment_sets },
		{ "extreme timestamps", test_extreme_timestamps },
		{ "snaplen-cut fragment not held",
		    test_snaplen_cut_fragment_not_held },
	};

	return SUITE("fragments", t);
}
