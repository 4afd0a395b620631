/*
 * frag.c: IP fragment reassembly (RFC 791 section 3.2, RFC 8200
 * section 4.5) over a fixed table.
 *
 * Received bytes are tracked in 8-byte blocks, the unit of fragment
 * offsets, so completion is a bitmap check and overlaps are seen.  The
 * table is allocated once; slots are reused, never freed per packet.
 */
#include <stdlib.h>
#include <string.h>

#include "dissect/frag.h"

#define FRAG_BLOCKS	((FRAG_MAXLEN + 7) / 8)
#define FRAG_WORDS	((FRAG_BLOCKS + 63) / 64)

struct frag_slot {
	int		 used;
	struct frag_key	 key;
	int64_t		 first_ts;
	int64_t		 head_sec;	/* when the piece at offset 0 came */
	uint32_t	 head_nsec;
	uint64_t	 head_frame;
	uint64_t	 first_frame;
	uint64_t	 last_frame;
	uint64_t	 age;		/* insertion order, for eviction */
	uint16_t	 count;
	uint32_t	 total;		/* 0 until the last fragment is seen */
	uint64_t	 have[FRAG_WORDS];
	uint8_t		 buf[FRAG_MAXLEN];
};

struct frag_table {
	struct frag_slot slot[FRAG_SLOTS];
	uint64_t	 clock;
	struct frag_stats st;
	struct frag_lost lost[FRAG_LOST_QUEUE];
	unsigned	 lost_head;
	unsigned	 lost_n;
};

struct frag_table *
frag_new(void)
{
	return calloc(1, sizeof(struct frag_table));
}

void
frag_free(struct frag_table *t)
{
	free(t);
}

const struct frag_stats *
frag_stats(const struct frag_table *t)
{
	return &t->st;
}

static int
frag_key_eq(const struct frag_key *a, const struct frag_key *b)
{
	return a->id == b->id && a->proto == b->proto &&
	    addr_eq(&a->src, &b->src) && addr_eq(&a->dst, &b->dst);
}

static void
frag_release(struct frag_slot *s)
{
	s->used = 0;
}

static int
frag_has(const struct frag_slot *s, uint32_t b)
{
	return (s->have[b / 64] >> (b % 64)) & 1;
}

/* Record what a datagram given up on had, then free its slot. */
static void
frag_give_up(struct frag_table *t, struct frag_slot *s, enum frag_why why)
{
	struct frag_lost *l;
	uint32_t b, end = s->total ? (s->total + 7) / 8 : FRAG_BLOCKS;
	int in_hole = 0;

	t->st.given_up++;
	if (t->lost_n == FRAG_LOST_QUEUE) {
		t->st.lost_unreported++;
		frag_release(s);
		return;
	}
	l = &t->lost[(t->lost_head + t->lost_n++) % FRAG_LOST_QUEUE];
	memset(l, 0, sizeof(*l));
	l->key = s->key;
	l->why = why;
	l->first_frame = s->first_frame;
	l->last_frame = s->last_frame;
	l->first_ts = s->first_ts;
	l->head_sec = s->head_sec;
	l->head_nsec = s->head_nsec;
	l->head_frame = s->head_frame;
	l->count = s->count;
	l->total = s->total;
	for (b = 0; b < end; b++) {
		if (frag_has(s, b)) {
			l->have += 8;
			if (in_hole == 1)
				in_hole = 2;
		} else if (in_hole == 0) {
			l->hole_start = b * 8;
			in_hole = 1;
		}
		if (in_hole == 1)
			l->hole_end = (b + 1) * 8;
	}
	if (s->total == 0 && in_hole == 1)
		l->hole_end = 0;	/* open-ended: up to the unknown end */
	if (s->total != 0 && l->have > s->total)
		l->have = s->total;
	if (frag_has(s, 0)) {
		for (b = 0; b < FRAG_HEAD / 8 && frag_has(s, b); b++)
			;
		l->headlen = (uint16_t)(b * 8);
		if (s->total != 0 && l->headlen > s->total)
			l->headlen = (uint16_t)s->total;
		memcpy(l->head, s->buf, l->headlen);
	}
	frag_release(s);
}

int
frag_next_lost(struct frag_table *t, struct frag_lost *out)
{
	if (t->lost_n == 0)
		return 0;
	*out = t->lost[t->lost_head];
	t->lost_head = (t->lost_head + 1) % FRAG_LOST_QUEUE;
	t->lost_n--;
	return 1;
}

void
frag_flush(struct frag_table *t)
{
	size_t i;

	for (i = 0; i < FRAG_SLOTS; i++)
		if (t->slot[i].used)
			frag_give_up(t, &t->slot[i], FRAG_WHY_END);
}

/* Find the datagram's slot, or claim one (expiring or evicting). */
static struct frag_slot *
frag_slot_for(struct frag_table *t, const struct frag_key *k, int64_t now,
    uint64_t frame)
{
	struct frag_slot *s, *free_slot = NULL, *oldest = NULL;
	size_t i;

	for (i = 0; i < FRAG_SLOTS; i++) {
		s = &t->slot[i];
		if (s->used && frag_older(now, s->first_ts, FRAG_TIMEOUT)) {
			t->st.expired++;
			frag_give_up(t, s, FRAG_WHY_EXPIRED);
		}
		if (!s->used) {
			if (free_slot == NULL)
				free_slot = s;
			continue;
		}
		if (frag_key_eq(&s->key, k))
			return s;
		if (oldest == NULL || s->age < oldest->age)
			oldest = s;
	}
	if (free_slot == NULL) {
		t->st.evicted++;
		frag_give_up(t, oldest, FRAG_WHY_EVICTED);
		free_slot = oldest;
	}
	s = free_slot;
	s->used = 1;
	s->key = *k;
	s->first_ts = now;
	s->head_sec = 0;
	s->head_nsec = 0;
	s->head_frame = 0;
	s->first_frame = frame;
	s->last_frame = frame;
	s->age = ++t->clock;
	s->count = 0;
	s->total = 0;
	memset(s->have, 0, sizeof(s->have));
	return s;
}

static int
frag_complete(const struct frag_slot *s)
{
	uint32_t b, blocks;

	if (s->total == 0)
		return 0;
	blocks = (s->total + 7) / 8;
	for (b = 0; b < blocks / 64; b++)
		if (s->have[b] != UINT64_MAX)
			return 0;
	for (b = blocks / 64 * 64; b < blocks; b++)
		if (!(s->have[b / 64] & (1ULL << (b % 64))))
			return 0;
	return 1;
}

int
frag_add(struct frag_table *t, const struct frag_key *k, int64_t now,
    uint32_t now_nsec, uint64_t frame, uint32_t off, int more, const uint8_t *data, size_t len,
    struct frag_done *done, int *overlap)
{
	struct frag_slot *s;
	uint32_t b, first, last;

	*overlap = 0;
	t->st.fragments++;
	/* Middle fragments carry whole blocks; nothing ends past 64 KiB. */
	if ((off & 7) != 0 || len == 0 || off + len > FRAG_MAXLEN ||
	    (more && (len & 7) != 0)) {
		t->st.bad++;
		return -1;
	}
	s = frag_slot_for(t, k, now, frame);
	if (!more) {
		if (s->total != 0 && s->total != off + len) {
			t->st.bad++;
			return -1;
		}
		s->total = (uint32_t)(off + len);
	} else if (s->total != 0 && off + len > s->total) {
		t->st.bad++;
		return -1;
	}
	if (frame < s->first_frame)
		s->first_frame = frame;
	if (off == 0) {
		s->head_sec = now;
		s->head_nsec = now_nsec;
		s->head_frame = frame;
	}
	if (frame > s->last_frame)
		s->last_frame = frame;
	first = off / 8;
	last = (uint32_t)((off + len + 7) / 8);
	for (b = first; b < last; b++) {
		if (s->have[b / 64] & (1ULL << (b % 64)))
			*overlap = 1;
		s->have[b / 64] |= 1ULL << (b % 64);
	}
	if (*overlap)
		t->st.overlaps++;
	memcpy(s->buf + off, data, len);
	s->count++;
	if (!frag_complete(s))
		return 0;
	t->st.reassembled++;
	done->data = s->buf;
	done->len = s->total;
	done->count = s->count;
	done->first_frame = s->first_frame;
	/* The bytes stay valid until the slot is claimed again. */
	frag_release(s);
	return 1;
}
