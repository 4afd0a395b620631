/*
 * ring.h: a bounded ring of recent raw frames, so a live capture can
 * still write evidence after a finding.  Two classes share the budget:
 * control frames (IKE, ICMP, keepalives: few, and what most findings
 * cite) and bulk frames (ESP and AH: many).  Each class drops its oldest
 * frames first when it runs out of room, and counts them.
 */
#ifndef IKW_RING_H
#define IKW_RING_H

#include <stddef.h>
#include <stdint.h>

#include "capture/frame.h"

enum ring_class { RING_CONTROL, RING_BULK, RING_CLASSES };

struct frame_ring;

struct ring_stats {
	size_t		 bytes;			/* the whole budget */
	uint64_t	 kept[RING_CLASSES];	/* frames held now */
	uint64_t	 dropped[RING_CLASSES];	/* frames pushed out */
	uint64_t	 oldest[RING_CLASSES];	/* oldest frame held; 0: none */
	uint64_t	 too_big;		/* frames larger than a class */
};

/* A ring of at most bytes (frame data); NULL when out of memory. */
struct frame_ring *ring_new(size_t bytes);
void		 ring_free(struct frame_ring *);
/* Copies the frame in, pushing out the class's oldest as needed. */
void		 ring_add(struct frame_ring *, const struct cap_frame *,
		    enum ring_class);
/*
 * The frame numbered no, if it is still held: 1 with out filled (its
 * data points into the ring, valid until the next ring_add), else 0.
 */
int		 ring_get(const struct frame_ring *, uint64_t no,
		    struct cap_frame *out);
void		 ring_stats(const struct frame_ring *, struct ring_stats *);

#endif
