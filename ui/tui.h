/*
 * tui.h: the live ncurses view.  ui/tui.c is the only file that touches
 * curses; what it draws comes from ui/view.c.
 */
#ifndef IKW_TUI_H
#define IKW_TUI_H

#include "diag/diag.h"
#include "diag/finding.h"

struct tui;

/* What the header says about the source. */
struct tui_source {
	const char	*name;		/* file or interface */
	const char	*filter;	/* user filter, or NULL */
	int		 live;
};

/* NULL when the terminal cannot be used (err says why). */
struct tui	*tui_open(const struct tui_source *, int vocab, char *err,
		    size_t errlen);
/*
 * What `e' does for the selected IKE SA: write its evidence bundle and
 * say where (or why not) in msg.  Without one, `e' says it cannot.
 */
typedef void	(*tui_evidence_fn)(void *arg, const struct sa_key *,
		    char *msg, size_t len);
void		 tui_set_evidence(struct tui *, tui_evidence_fn, void *arg);
/* Restores the terminal. */
void		 tui_close(struct tui *);
/* A finding was drawn: the events pane and the rows' marks. */
void		 tui_finding(struct tui *, const struct finding *);
/* An IKE message and what it did to its SA: the detail ladder's line. */
void		 tui_ike(struct tui *, const struct sa_event *,
		    const struct pkt *);
/* Counts a packet for the header's rate. */
void		 tui_packet(struct tui *, int64_t sec);
/* Kernel drops so far (live). */
void		 tui_drops(struct tui *, uint64_t);
/* The capture is over: the view stays until the user quits. */
void		 tui_eof(struct tui *);
/*
 * Reads the keys waiting on standard input; returns 1 when the user
 * asked to quit.
 */
int		 tui_keys(struct tui *, struct diag *);
/* Redraws if due (at most a few times a second) or forced. */
void		 tui_draw(struct tui *, struct diag *, int force);

#endif
