/*
 * state.h: state names for a side of an IKE SA (see state.def).
 */
#ifndef IKW_STATE_H
#define IKW_STATE_H

enum state_xchg {
	STX_MAIN,
	STX_AGGR,
	STX_QUICK,
	STX_SA_INIT,
	STX_AUTH,
	STX_CHILD,
	STX_INFO,
};

enum state_side {
	STS_INI,	/* the side that started the exchange */
	STS_RSP,
};

enum state_vocab {
	VOCAB_ASA,
	VOCAB_IOS,
	VOCAB_RFC,
};

/*
 * The name of one side's state after message `step' of exchange x was
 * seen, or NULL when that side has no state yet.
 */
const char	*state_name(enum state_xchg x, int step, enum state_side,
		    enum state_vocab);
/* "asa", "ios", "rfc" -> the vocabulary; -1 when unknown. */
int		 state_vocab_parse(const char *);

#endif
