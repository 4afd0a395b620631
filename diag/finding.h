/*
 * finding.h: what ikewatch concludes, one record per finding, with the
 * frames that prove it, a one-sentence summary with the facts and the
 * likely causes for that exact picture, most likely first.
 *
 * Findings about an IKE SA are drawn from its record (sa.h) when it
 * leaves the state table: idle, pushed out by --memcap, or at the end of
 * the capture.  Findings about the capture itself come at the end.
 */
#ifndef IKW_FINDING_H
#define IKW_FINDING_H

#include <stddef.h>
#include <stdint.h>

#include "diag/sa.h"

enum finding_sev {
	SEV_ERROR,
	SEV_WARNING,
	SEV_INFO,
};

enum finding_id {
#define F(e, id, sev, drawn) e,
#include "diag/finding.def"
#undef F
	F_COUNT
};

#define FIND_FRAMES	16
#define FIND_CAUSES	5
#define FIND_SUMMARY	480
#define FIND_CAUSE	200

struct finding {
	enum finding_id	 id;
	enum finding_sev sev;
	const char	*state[3];	/* by enum state_vocab, or NULL */
	uint8_t		 version;	/* IKE SA involved: 1 or 2; else 0 */
	uint64_t	 ispi;
	uint64_t	 rspi;
	uint8_t		 has_spi;
	uint32_t	 spi;
	uint8_t		 has_peers;
	struct ip_addr	 ini;
	struct ip_addr	 rsp;
	uint16_t	 ini_port;
	uint16_t	 rsp_port;
	struct sa_when	 first;
	struct sa_when	 last;
	uint32_t	 count;
	uint16_t	 nframes;
	uint64_t	 frames[FIND_FRAMES];
	char		 summary[FIND_SUMMARY];
	uint8_t		 ncauses;
	char		 causes[FIND_CAUSES][FIND_CAUSE];
};

typedef void	(*finding_fn)(void *arg, const struct finding *);

/* "no_response"...; "error", "warning", "info". */
const char	*finding_id_name(enum finding_id);
const char	*finding_sev_name(enum finding_sev);
enum finding_sev finding_default_sev(enum finding_id);
/* 1 when this version draws it (the rest are reserved ids). */
int		 finding_drawn(enum finding_id);
/* -1 when the name is not in the catalogue. */
int		 finding_id_parse(const char *);

/* What the assessment of an SA needs to know besides the SA. */
struct assess_ctx {
	double		 stall;		/* seconds a request may wait */
	int64_t		 now_sec;	/* packet time of the assessment */
	uint32_t	 now_nsec;
	/* the capture saw this address send anything at all */
	int		(*addr_seen)(void *arg, const struct ip_addr *);
	/* NAT-T keepalives from one side of the SA's peers, and their
	   mean interval (may be NULL) */
	int		(*keepalives)(void *arg, const struct ike_sa *,
			    int from_ini, double *interval);
	void		*arg;
	finding_fn	 emit;
	void		*emit_arg;
	/*
	 * early: a request's stall time came while the SA lives on (live
	 * capture): only the stall findings are drawn.  skip: ids already
	 * drawn for this SA, not drawn again.  drawn: ids drawn now.
	 */
	int		 early;
	uint32_t	 skip;
	uint32_t	 drawn;
	/* what the user's keys showed about the SA; NULL: nothing */
	const struct sa_keyed *keyed;
};

/* Draws every finding the SA's record supports; returns how many. */
int		 assess_sa(const struct ike_sa *, struct assess_ctx *);

/* Helpers shared with the capture-wide findings. */
void		 finding_init(struct finding *, enum finding_id,
		    const struct ike_sa *);
void		 finding_frame(struct finding *, uint64_t);
void		 finding_cause(struct finding *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 finding_summary(struct finding *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Appends to the summary. */
void		 finding_more(struct finding *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* The state a position names, in every vocabulary. */
void		 finding_state(struct finding *, const struct sa_pos *);

#endif
