/*
 * ikedetail.h: the contents of IKE payloads, told to a visitor.
 *
 * One decoder walks every payload of a message and reports what it
 * finds as a tree of groups and values; each output (the -v text tree,
 * JSON payload objects, tests) is a visitor.  Nothing is stored: the
 * decoder reads the message bytes again each time it is asked, so the
 * per-packet path pays nothing unless detail is wanted.
 *
 * Levels: a value of level 1 is shown with -v, level 2 only with -vv.
 */
#ifndef IKW_IKEDETAIL_H
#define IKW_IKEDETAIL_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/addr.h"
#include "dissect/pkt.h"

enum ikd_kind {
	IKD_UINT,	/* u */
	IKD_NAMED,	/* u, with its registry name in s */
	IKD_TEXT,	/* s (printable, NUL-terminated) */
	IKD_BYTES,	/* b, n: shown as hex */
	IKD_ADDR,	/* addr */
	IKD_BOOL,	/* u: 0 or 1 */
};

struct ikd_value {
	enum ikd_kind	 kind;
	uint64_t	 u;
	const char	*s;
	const uint8_t	*b;
	size_t		 n;
	struct ip_addr	 addr;
};

struct ikd_visitor {
	void		*arg;
	/* A group: a payload, a proposal, a transform; key NULL in a list. */
	void		(*group_begin)(void *, const char *key);
	void		(*group_end)(void *);
	/* A list of groups or values. */
	void		(*list_begin)(void *, const char *key);
	void		(*list_end)(void *);
	/* A value; key NULL inside a list. */
	void		(*value)(void *, int level, const char *key,
			    const struct ikd_value *);
};

/*
 * Walks the payloads of m (as recorded in m->pl), one group per payload,
 * telling v everything of a level up to max_level.
 */
void	ikd_walk(const struct ike_msg *m, int max_level,
	    const struct ikd_visitor *v);

/* The notify type of payload i, or -1 when i is not a readable notify. */
int	ikd_notify_type(const struct ike_msg *m, unsigned i);
/* The notify's name ("NO_PROPOSAL_CHOSEN", "UNKNOWN(n)") into buf. */
const char *ikd_notify_name(int version, unsigned type, char *buf,
	    size_t len);
/* The Vendor ID of payload i: its bytes, or NULL. */
const uint8_t *ikd_vendor_id(const struct ike_msg *m, unsigned i,
	    size_t *len);

#endif
