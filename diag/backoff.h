/*
 * backoff.h: naming who retransmits from the gaps between copies of one
 * request.  Implementations keep recognisable schedules (see
 * ../shared/docs/TROUBLESHOOTING.md): exponential with a known base and
 * first timeout, or a constant interval.
 */
#ifndef IKW_BACKOFF_H
#define IKW_BACKOFF_H

#include <stddef.h>
#include <stdint.h>

struct backoff {
	int		 kind;		/* BACKOFF_* */
	double		 first;		/* first gap, seconds */
	double		 ratio;		/* exponential: mean growth per gap */
	const char	*who;		/* a known implementation, or NULL */
	double		 gives_up;	/* seconds after the first copy; 0 */
};

enum {
	BACKOFF_NONE,		/* fewer than two gaps, or no pattern */
	BACKOFF_CONSTANT,
	BACKOFF_EXPONENTIAL,
};

/*
 * Reads the schedule from the send times of the copies (ms after the
 * first copy, n copies, ms[0] == 0).  Returns b->kind.
 */
int		 backoff_match(const uint32_t *ms, int n, struct backoff *b);
/* "exponential x1.8 from 4.0 s, as strongSwan's default schedule..." */
void		 backoff_words(const struct backoff *, char *buf, size_t len);

#endif
