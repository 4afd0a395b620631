/*
 * peek.h: a glance at a frame not yet dissected, for prefetching only.
 *
 * The offline loop reads a few frames ahead and asks here which ESP SPI
 * each carries, so that the records the SPI's packet will update are on
 * their way into the cache by the frame's turn.  Only the shapes a busy
 * tunnel's packets take are read: any link type ikewatch reads, IPv4
 * that is not a fragment or IPv6 with no extension header, then ESP or
 * ESP in UDP with port 4500 on either side.  A wrong or missing answer
 * costs a cache miss, never a result: every frame is dissected in full
 * in its turn, and what a glance found is checked before it is used.
 */
#ifndef IKW_PEEK_H
#define IKW_PEEK_H

#include <stdint.h>

#include "capture/frame.h"
#include "dissect/addr.h"

struct peek_esp {
	struct ip_addr	 dst;
	uint32_t	 spi;
	uint8_t		 udp;		/* ESP in UDP */
};

/* 1 with e filled when f looks like ESP; 0 otherwise. */
int	peek_esp(const struct cap_frame *f, struct peek_esp *e);

#endif
