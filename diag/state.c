/*
 * state.c: the state table of state.def.
 */
#include <stddef.h>
#include <string.h>

#include "diag/state.h"

struct state_row {
	enum state_xchg	 x;
	int		 step;
	enum state_side	 side;
	const char	*name[3];	/* by enum state_vocab */
};

#define MAIN	STX_MAIN
#define AGGR	STX_AGGR
#define QUICK	STX_QUICK
#define SA_INIT	STX_SA_INIT
#define AUTH	STX_AUTH
#define CHILD	STX_CHILD
#define INFO	STX_INFO
#define INI	STS_INI
#define RSP	STS_RSP

static const struct state_row state_rows[] = {
#define S(x, step, side, asa, ios, rfc) { x, step, side, { asa, ios, rfc } },
#include "diag/state.def"
#undef S
};

const char *
state_name(enum state_xchg x, int step, enum state_side side,
    enum state_vocab v)
{
	size_t i;

	if ((unsigned)v > VOCAB_RFC)
		return NULL;
	for (i = 0; i < sizeof(state_rows) / sizeof(state_rows[0]); i++)
		if (state_rows[i].x == x && state_rows[i].step == step &&
		    state_rows[i].side == side)
			return state_rows[i].name[v];
	return NULL;
}

int
state_vocab_parse(const char *s)
{
	static const char *const names[] = { "asa", "ios", "rfc" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}
