/*
 * view.h: the live view's model, built by pure functions from what diag
 * holds: one row per IKE SA (peers, states, timers, rates, the worst
 * finding), sorting, filtering, and the ladder of an SA's messages.
 * Nothing here touches curses (ui/tui.c draws what these build).
 */
#ifndef IKW_VIEW_H
#define IKW_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "diag/esp.h"
#include "diag/finding.h"
#include "diag/sa.h"
#include "diag/state.h"

enum view_health {
	VH_OK,		/* established, nothing wrong */
	VH_DEGRADED,	/* warnings, or a request waiting under --stall */
	VH_STUCK,	/* an error, or a request waiting past --stall */
};

enum view_sort {
	VS_HEALTH,	/* stuck first, then by stall timer */
	VS_PEERS,
	VS_AGE,
	VS_LAST,	/* most recently active first */
	VS_COUNT
};

struct view_row {
	struct sa_key	 key;		/* version 0: a pair of peers, ESP only */
	struct ip_addr	 lo;		/* that pair */
	struct ip_addr	 hi;
	char		 peers[2 * ADDR_STRLEN + 8];
	uint8_t		 version;
	char		 mode[20];
	char		 state_ini[32];
	char		 state_rsp[32];
	double		 age;		/* seconds since the SA's first message */
	double		 idle;		/* since its last message */
	uint32_t	 retransmits;
	double		 stall;		/* a request waiting that long; < 0 none */
	char		 waiting[32];	/* the state it waits in */
	double		 pps_out;	/* ESP from the initiator, per second */
	double		 pps_in;	/* to it */
	int		 nat;		/* NAT-T in use */
	int		 worst;		/* finding id, -1 none */
	int		 worst_sev;
	int		 nfindings;
	enum view_health health;
};

/* What the view knows of the findings, to mark rows (by IKE SA). */
struct view_finding {
	struct sa_key	 key;
	enum finding_id	 id;
	enum finding_sev sev;
};

/*
 * Fills row from sa as of now; children (their rates) and the findings
 * drawn so far (any SA; those of sa are picked) may be empty.
 */
void		 view_row_make(struct view_row *, const struct ike_sa *,
		    const struct child_view *, size_t nchild,
		    const struct view_finding *, size_t nfind,
		    int64_t now_sec, uint32_t now_nsec, double stall,
		    enum state_vocab);
/*
 * A row for a pair of peers whose ESP/AH is seen without any IKE SA
 * (the capture began after the negotiation): children's rates from cv.
 */
void		 view_row_tunnel(struct view_row *, const struct tunnel_view *,
		    const struct child_view *, size_t nchild, int64_t now_sec,
		    uint32_t now_nsec, double stall);
/* Sorts rows in place. */
void		 view_sort(struct view_row *, size_t, enum view_sort);
const char	*view_sort_name(enum view_sort);
/* Keeps the rows whose peers or states contain pat; returns how many. */
size_t		 view_filter(struct view_row *, size_t, const char *pat);
/* "MM_WAIT_MSG2 12s" or "-": the stall column. */
void		 view_stall_text(const struct view_row *, char *, size_t);

/* One IKE message as the live view remembers it, for the ladder. */
struct view_msg {
	uint64_t	 frame;
	int64_t		 sec;
	uint32_t	 nsec;
	uint32_t	 msgid;
	uint8_t		 from_ini;
	uint8_t		 exch;
	uint8_t		 response;	/* IKEv2 R flag */
	uint8_t		 step;		/* within its exchange; 0 unknown */
	uint16_t	 copy;		/* 1 first, 2.. retransmissions */
	struct sa_pos	 pos;		/* the sender's position after it */
};

/*
 * The ladder from a full message history (the live view keeps one per
 * SA): one line per message, retransmissions marked, oldest first.
 */
size_t		 view_ladder_msgs(const struct view_msg *, size_t n,
		    int version, enum state_vocab, char lines[][160],
		    size_t max);

/*
 * The ladder: one line per distinct message of the SA, oldest first,
 * drawn between the two peers in `width' columns, e.g.
 *   "+0.000 192.0.2.10 ---- Main Mode 1 ---->  x4 MM_WAIT_MSG2"
 * Returns the number of lines written (at most max).
 */
size_t		 view_ladder(const struct ike_sa *, enum state_vocab,
		    char lines[][160], size_t max);

#endif
