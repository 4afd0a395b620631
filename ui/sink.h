/*
 * sink.h: an output behind one small interface.  main.c lists the sinks
 * in a static array and feeds whichever the command line chose.
 */
#ifndef IKW_SINK_H
#define IKW_SINK_H

#include <stdio.h>

#include "capture/source.h"
#include "diag/diag.h"
#include "dissect/frag.h"
#include "dissect/ikefrag.h"
#include "dissect/pkt.h"

struct sink_ctx {
	FILE		*out;
	int		 quiet;		/* -q: no per-packet lines */
	int		 verbose;	/* -v, -vv */
	struct cap_info	 cap;
	int64_t		 last_day;	/* text: date line printed for */
	int		 vocab;		/* enum state_vocab */
	uint64_t	 sas_shown;
	/* text: findings held until the end, to print most severe first */
	struct finding	*held;
	size_t		 nheld;
	size_t		 capheld;
};

/* What the end of a run knows. */
struct sink_end {
	const struct diag_stats *diag;
	const struct frag_stats *frag;
	const struct ikefrag_stats *ikefrag;
	const struct cap_stats *cap;	/* valid only live */
	const struct decrypt_stats *dec; /* --keys: what decrypted */
	const char	*error;		/* the read stopped early: why */
};

/* Children listed per IKE SA, at most. */
#define SINK_CHILDREN	8

/* What the state tables know around an IKE SA, for its record. */
struct sa_extra {
	struct child_view child[SINK_CHILDREN];
	size_t		 nchild;
	int		 ka[2];		/* NAT-T keepalives, by SA_INI/SA_RSP */
	double		 ka_every[2];	/* mean interval, seconds */
};

struct sink {
	const char	*name;
	void		(*begin)(struct sink_ctx *);
	void		(*packet)(struct sink_ctx *, const struct pkt *);
	void		(*end)(struct sink_ctx *, const struct sink_end *);
	/* An IP datagram or an IKE fragment set that never completed. */
	void		(*ip_lost)(struct sink_ctx *, const struct frag_lost *);
	void		(*ike_lost)(struct sink_ctx *,
			    const struct ikefrag_lost *);
	/* An IKE SA, when it leaves the state table or at the end, with
	   the ESP/AH children seen between its peers. */
	void		(*sa)(struct sink_ctx *, const struct ike_sa *,
			    const struct sa_extra *);
	/* A finding, as diag draws it. */
	void		(*finding)(struct sink_ctx *, const struct finding *);
};

/* Gathers x for sa from the state tables. */
void		 sink_sa_extra(struct diag *, const struct ike_sa *,
		    struct sa_extra *x);

extern const struct sink sink_text;
extern const struct sink sink_json;

#endif
