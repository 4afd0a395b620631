/*
 * run.h: a capture fed frame by frame to a struct diag, the findings
 * and the IKE SAs that leave the table recorded for the tests to check.
 *
 * Two peers, A (the initiator) and B; frame numbers count from 1 and
 * packet times are seconds after T0.  Used by test_finding.c and
 * test_child.c.
 */
#ifndef IKW_TEST_RUN_H
#define IKW_TEST_RUN_H

#include <stdint.h>

#include "diag/diag.h"
#include "diag/esp.h"
#include "diag/finding.h"
#include "tests/unit/helpers.h"

#define A		T_SRC4		/* the initiator, 192.0.2.10 */
#define B		T_DST4		/* the responder, 203.0.113.20 */
#define T0		1000		/* packet time of `at' 0 */
#define MAXGOT		64
#define MAXSAS		64
#define MAXCV		8

/* A finding as the callback saw it. */
struct got {
	enum finding_id	 id;
	enum finding_sev sev;
	int		 has_state;
	char		 state[40];
	char		 summary[FIND_SUMMARY];
	char		 cause0[FIND_CAUSE];
	uint64_t	 ispi;
	uint32_t	 count;
	uint32_t	 spi;
};

/* An IKE SA as it left the table, with the children it listed. */
struct sa_seen {
	uint64_t	 ispi;
	char		 phase1[16];
	size_t		 ncv;
	struct child_view cv[MAXCV];
};

struct run {
	struct dissector *d;
	struct diag	*g;
	uint64_t	 frame;
	uint16_t	 port_a;	/* current source ports of A and B */
	uint16_t	 port_b;
	int		 n;		/* findings kept in got */
	uint64_t	 findings;	/* all of them */
	struct got	 got[MAXGOT];
	int		 nsa;
	struct sa_seen	 sa[MAXSAS];
};

/* stall 0: the default (10 s); memcap 0: the default. */
struct run	*run_new(size_t, double);
void		 run_free(struct run *);
void		 run_end(struct run *, double);
void		 at_time(double, int64_t *, uint32_t *);
void		 feed_fb(struct run *, const struct fb *, double, size_t,
		    struct pkt *);
uint16_t	 port_of(const struct run *, uint32_t);

const struct got *got_find(const struct run *, enum finding_id);
void		 got_dump(const struct run *, const char *);
void		 expect_ids(const struct run *, const char *, const int *);

#define EXPECT(r, ...) \
	expect_ids((r), __func__, (const int[]){ __VA_ARGS__, F_COUNT })
#define EXPECT_NONE(r) \
	expect_ids((r), __func__, (const int[]){ F_COUNT })

#endif
