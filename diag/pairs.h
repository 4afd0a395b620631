/*
 * pairs.h: pairs of peers across their IKE SAs.
 *
 * An IKE SA that came up from scratch and ended with an Informational
 * within LOOP_LIFE seconds is noted against its two peers; three or more
 * in a row with the same offer make delete_loop, drawn at the end.  A
 * bounded table of its own (table.h), under its share of --memcap.
 */
#ifndef IKW_PAIRS_H
#define IKW_PAIRS_H

#include <stddef.h>

#include "diag/finding.h"
#include "diag/sa.h"

struct pair_track;

struct pair_track *pairs_new(size_t memcap);
void		 pairs_free(struct pair_track *);
/* An IKE SA leaves the table: a short-lived one is noted. */
void		 pairs_note(struct pair_track *, const struct ike_sa *);
/* The end of the capture: delete_loop for every pair that cycled. */
void		 pairs_findings(struct pair_track *, finding_fn emit,
		    void *arg);

#endif
