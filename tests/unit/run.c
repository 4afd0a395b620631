/*
 * run.c: a capture fed frame by frame to a struct diag, with its
 * findings and finished IKE SAs recorded (see run.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "dissect/names.h"
#include "tests/unit/run.h"

static void
on_sa(void *arg, const struct ike_sa *sa)
{
	struct run *r = arg;
	struct sa_seen *s;

	if (r->nsa == MAXSAS)
		return;
	s = &r->sa[r->nsa++];
	s->ispi = sa->key.ispi;
	snprintf(s->phase1, sizeof(s->phase1), "%s", sa_phase1(sa));
	s->ncv = diag_children(r->g, sa, s->cv, MAXCV);
}

/* Every finding is counted; the first MAXGOT are kept. */
static void
on_finding(void *arg, const struct finding *f)
{
	struct run *r = arg;
	struct got *g;

	r->findings++;
	if (r->n == MAXGOT)
		return;
	g = &r->got[r->n++];
	g->id = f->id;
	g->sev = f->sev;
	g->has_state = f->state[VOCAB_ASA] != NULL;
	snprintf(g->state, sizeof(g->state), "%s",
	    g->has_state ? f->state[VOCAB_ASA] : "(null)");
	snprintf(g->summary, sizeof(g->summary), "%s", f->summary);
	snprintf(g->cause0, sizeof(g->cause0), "%s",
	    f->ncauses > 0 ? f->causes[0] : "");
	g->ispi = f->ispi;
	g->count = f->count;
	g->spi = f->spi;
}

struct run *
run_new(size_t memcap, double stall)
{
	char err[128];
	struct run *r = calloc(1, sizeof(*r));

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	r->d = dissect_new(DLT_EN10MB, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->d);
	r->g = diag_new(memcap, on_sa, r);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->g);
	diag_set_findings(r->g, on_finding, r, stall);
	r->port_a = r->port_b = 500;
	return r;
}

void
run_free(struct run *r)
{
	diag_free(r->g);
	dissect_free(r->d);
	free(r);
}

void
at_time(double at, int64_t *sec, uint32_t *nsec)
{
	uint64_t ms = (uint64_t)(at * 1000 + 0.5);

	*sec = T0 + (int64_t)(ms / 1000);
	*nsec = (uint32_t)(ms % 1000) * 1000000u;
}

/* The capture ends at `at' (after the last frame: nothing is fed). */
void
run_end(struct run *r, double at)
{
	int64_t sec;
	uint32_t nsec;

	at_time(at, &sec, &nsec);
	diag_tick(r->g, sec, nsec);
	diag_finish(r->g);
}

/* Dissects the first caplen bytes of f as the next frame, at `at'. */
void
feed_fb(struct run *r, const struct fb *f, double at, size_t caplen,
    struct pkt *p)
{
	struct cap_frame fr;

	memset(&fr, 0, sizeof(fr));
	fr.no = ++r->frame;
	at_time(at, &fr.ts_sec, &fr.ts_nsec);
	fr.caplen = (uint32_t)caplen;
	fr.wirelen = (uint32_t)f->n;
	fr.data = f->b;
	fr.dlt = dissect_dlt(r->d);
	dissect_frame(r->d, &fr, p);
	diag_feed(r->g, p);
}

uint16_t
port_of(const struct run *r, uint32_t addr)
{
	return addr == A ? r->port_a : r->port_b;
}

const struct got *
got_find(const struct run *r, enum finding_id id)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->got[i].id == id)
			return &r->got[i];
	return NULL;
}

void
got_dump(const struct run *r, const char *where)
{
	int i;

	fprintf(stderr, "\n  %s: %llu finding%s\n", where,
	    (unsigned long long)r->findings, r->findings == 1 ? "" : "s");
	for (i = 0; i < r->n; i++)
		fprintf(stderr, "    %s %s state %s: %s\n",
		    finding_id_name(r->got[i].id),
		    finding_sev_name(r->got[i].sev), r->got[i].state,
		    r->got[i].summary);
}

/*
 * The set of finding ids is exactly want[] (F_COUNT ends it), and every
 * finding was kept to be compared.
 */
void
expect_ids(const struct run *r, const char *where, const int *want)
{
	uint32_t w = 0, g = 0;
	int i;

	CU_ASSERT_EQUAL(r->findings, (uint64_t)r->n);
	for (i = 0; want[i] != F_COUNT; i++)
		w |= 1u << want[i];
	for (i = 0; i < r->n; i++)
		g |= 1u << r->got[i].id;
	CU_ASSERT_EQUAL(g, w);
	if (g != w || r->findings != (uint64_t)r->n)
		got_dump(r, where);
}
