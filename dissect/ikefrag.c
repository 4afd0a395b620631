/*
 * ikefrag.c: IKE fragment sets (see ikefrag.h).
 */
#include <stdlib.h>
#include <string.h>

#include "dissect/frag.h"
#include "dissect/ikefrag.h"

struct ikefrag_set {
	int		 used;
	int		 complete;	/* kept to recognise repeated pieces */
	struct ikefrag_key key;
	uint8_t		 exch;
	uint16_t	 total;
	uint16_t	 count;
	int64_t		 last_ts;
	uint64_t	 first_frame;
	uint64_t	 last_frame;
	uint64_t	 age;
	uint64_t	 have[(IKEFRAG_MAXNO + 1 + 63) / 64];
};

struct ikefrag_table {
	struct ikefrag_set set[IKEFRAG_SETS];
	uint64_t	 clock;
	struct ikefrag_stats st;
	struct ikefrag_lost lost[IKEFRAG_QUEUE];
	unsigned	 lost_head;
	unsigned	 lost_n;
};

struct ikefrag_table *
ikefrag_new(void)
{
	return calloc(1, sizeof(struct ikefrag_table));
}

void
ikefrag_free(struct ikefrag_table *t)
{
	free(t);
}

const struct ikefrag_stats *
ikefrag_stats(const struct ikefrag_table *t)
{
	return &t->st;
}

static int
ikefrag_has(const struct ikefrag_set *s, unsigned n)
{
	return n <= IKEFRAG_MAXNO && ((s->have[n / 64] >> (n % 64)) & 1);
}

static void
ikefrag_give_up(struct ikefrag_table *t, struct ikefrag_set *s, int why)
{
	struct ikefrag_lost *l;
	unsigned n, top;

	s->used = 0;
	t->st.lost++;
	if (t->lost_n == IKEFRAG_QUEUE) {
		t->st.lost_unreported++;
		return;
	}
	l = &t->lost[(t->lost_head + t->lost_n++) % IKEFRAG_QUEUE];
	memset(l, 0, sizeof(*l));
	l->key = s->key;
	l->exch = s->exch;
	l->total = s->total;
	l->count = s->count;
	l->first_frame = s->first_frame;
	l->last_frame = s->last_frame;
	l->why = (uint8_t)why;
	/* Without the last piece, everything up to the highest seen counts. */
	top = s->total;
	if (top == 0)
		for (n = IKEFRAG_MAXNO; n > 0 && top == 0; n--)
			if (ikefrag_has(s, n))
				top = n;
	for (n = 1; n <= top && n <= IKEFRAG_MAXNO; n++) {
		if (ikefrag_has(s, n))
			continue;
		if (n <= 64)
			l->missing |= 1ULL << (n - 1);
		else
			l->missing_more = 1;
	}
}

int
ikefrag_next_lost(struct ikefrag_table *t, struct ikefrag_lost *out)
{
	if (t->lost_n == 0)
		return 0;
	*out = t->lost[t->lost_head];
	t->lost_head = (t->lost_head + 1) % IKEFRAG_QUEUE;
	t->lost_n--;
	return 1;
}

void
ikefrag_flush(struct ikefrag_table *t)
{
	size_t i;

	for (i = 0; i < IKEFRAG_SETS; i++)
		if (t->set[i].used && !t->set[i].complete)
			ikefrag_give_up(t, &t->set[i], FRAG_WHY_END);
}

static int
ikefrag_key_eq(const struct ikefrag_key *a, const struct ikefrag_key *b)
{
	return a->version == b->version && a->response == b->response &&
	    a->fid == b->fid && a->msgid == b->msgid && a->ispi == b->ispi &&
	    a->rspi == b->rspi && addr_eq(&a->src, &b->src);
}

static struct ikefrag_set *
ikefrag_find(struct ikefrag_table *t, const struct ikefrag_key *k,
    int64_t now)
{
	struct ikefrag_set *s, *free_set = NULL, *oldest = NULL, *done = NULL;
	size_t i;

	for (i = 0; i < IKEFRAG_SETS; i++) {
		s = &t->set[i];
		if (s->used && frag_older(now, s->last_ts, IKEFRAG_TIMEOUT)) {
			if (s->complete)
				s->used = 0;
			else
				ikefrag_give_up(t, s, FRAG_WHY_EXPIRED);
		}
		if (!s->used) {
			if (free_set == NULL)
				free_set = s;
			continue;
		}
		if (ikefrag_key_eq(&s->key, k))
			return s;
		if (s->complete && (done == NULL || s->age < done->age))
			done = s;
		else if (!s->complete && (oldest == NULL ||
		    s->age < oldest->age))
			oldest = s;
	}
	/* Forget a finished set before giving up on an open one. */
	if (free_set == NULL && done != NULL)
		free_set = done;
	if (free_set == NULL) {
		ikefrag_give_up(t, oldest, FRAG_WHY_EVICTED);
		free_set = oldest;
	}
	memset(free_set, 0, sizeof(*free_set));
	free_set->used = 1;
	free_set->key = *k;
	free_set->age = ++t->clock;
	return free_set;
}

static int
ikefrag_complete(const struct ikefrag_set *s)
{
	unsigned n;

	if (s->total == 0 || s->total > IKEFRAG_MAXNO)
		return 0;
	for (n = 1; n <= s->total; n++)
		if (!ikefrag_has(s, n))
			return 0;
	return 1;
}

void
ikefrag_add(struct ikefrag_table *t, struct pkt *p)
{
	struct ike_msg *m = &p->ike;
	struct ikefrag_key k;
	struct ikefrag_set *s;
	unsigned no = m->frag_no;

	if (no == 0)
		return;
	t->st.fragments++;
	memset(&k, 0, sizeof(k));
	k.version = m->major;
	k.response = m->major == 2 && (m->flags & IKEV2_F_RESPONSE);
	k.fid = m->frag_id;
	k.msgid = m->msgid;
	k.ispi = m->ispi;
	k.rspi = m->rspi;
	k.src = p->src;
	s = ikefrag_find(t, &k, p->ts_sec);
	if (s->first_frame == 0)
		s->first_frame = p->frame;
	s->last_frame = p->frame;
	s->last_ts = p->ts_sec;
	s->exch = m->exch;
	if (m->frag_total != 0 && !s->complete)
		s->total = m->frag_total;
	/* A piece of a finished set: a copy (capture or retransmission). */
	if (ikefrag_has(s, no) || s->complete)
		t->st.duplicates++;
	else if (no <= IKEFRAG_MAXNO) {
		s->have[no / 64] |= 1ULL << (no % 64);
		s->count++;
	}
	m->fragset_have = s->count;
	m->fragset_total = s->total;
	if (!s->complete && ikefrag_complete(s)) {
		m->fragset_complete = 1;
		t->st.completed++;
		s->complete = 1;
	}
}
