/*
 * test_diag.c: the IKE SA table under diag: every SA reported exactly
 * once (pushed out under a tiny memory cap, timed out when idle, or at
 * the end), and counted.
 */
#include <string.h>

#include "diag/diag.h"
#include "tests/unit/helpers.h"
#include "tests/unit/suites.h"

struct seen {
	int		 n;
	uint64_t	 ispi[256];
};

static void
on_sa(void *arg, const struct ike_sa *sa)
{
	struct seen *s = arg;

	if (s->n < 256)
		s->ispi[s->n] = sa->key.ispi;
	s->n++;
}

/* An IKEv2 IKE_SA_INIT request with initiator SPI ispi at time ts. */
static void
feed_init(struct diag *g, struct dissector *d, uint64_t ispi, int64_t ts)
{
	struct cap_frame fr;
	struct pkt p;
	struct fb f;

	fb_init(&f);
	fb_eth(&f, 0x0800, 0, NULL, NULL);
	fb_ip4(&f, 17, T_SRC4, T_DST4);
	fb_udp(&f, 500, 500);
	fb_ike(&f, ispi, 0, 33, 0x20, 34, 0x08, 0);
	fb_payload(&f, 0, 8, 0x11);
	fb_fix(&f);
	memset(&fr, 0, sizeof(fr));
	fr.no = 1;
	fr.ts_sec = ts;
	fr.caplen = fr.wirelen = (uint32_t)f.n;
	fr.data = f.b;
	fr.dlt = dissect_dlt(d);
	dissect_frame(d, &fr, &p);
	diag_feed(g, &p);
}

static void
test_memcap_eviction(void)
{
	char err[128];
	struct dissector *d = dissect_new(DLT_EN10MB, err, sizeof(err));
	struct seen s;
	struct diag *g;
	uint64_t i;

	memset(&s, 0, sizeof(s));
	/* Room for a handful of SAs only. */
	g = diag_new(16 * 1024, on_sa, &s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	for (i = 1; i <= 50; i++)
		feed_init(g, d, i, 100);
	CU_ASSERT_EQUAL(diag_stats(g)->ike_sas, 50);
	CU_ASSERT_TRUE(diag_stats(g)->sa_evicted > 0);
	CU_ASSERT_EQUAL((uint64_t)s.n, diag_stats(g)->sa_evicted);
	CU_ASSERT_EQUAL(s.ispi[0], 1);		/* the oldest went first */
	CU_ASSERT_TRUE(diag_stats(g)->sa_bytes <= 16 * 1024);
	diag_finish(g);
	CU_ASSERT_EQUAL(s.n, 50);		/* each reported once */
	diag_free(g);
	dissect_free(d);
}

static void
test_idle_timeout(void)
{
	char err[128];
	struct dissector *d = dissect_new(DLT_EN10MB, err, sizeof(err));
	struct seen s;
	struct diag *g;

	memset(&s, 0, sizeof(s));
	g = diag_new(0, on_sa, &s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	feed_init(g, d, 7, 100);
	feed_init(g, d, 8, 200);
	/* Neither finished phase 1: ten idle minutes end them. */
	diag_tick(g, 100 + 599, 0);
	CU_ASSERT_EQUAL(s.n, 0);
	diag_tick(g, 100 + 601, 0);
	CU_ASSERT_EQUAL(s.n, 1);
	CU_ASSERT_EQUAL(s.ispi[0], 7);
	CU_ASSERT_EQUAL(diag_stats(g)->sa_expired, 1);
	diag_finish(g);
	CU_ASSERT_EQUAL(s.n, 2);
	diag_free(g);
	dissect_free(d);
}

int
suite_diag(void)
{
	static const struct test_def t[] = {
		{ "eviction under a tiny memcap", test_memcap_eviction },
		{ "idle timeout", test_idle_timeout },
	};

	return SUITE("diag state table", t);
}
