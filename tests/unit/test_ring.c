/*
 * test_ring.c: the bounded ring of recent frames (capture/ring.c).
 * Frames of random sizes go in far past the budget; every frame still
 * held must come back byte for byte, the held ones must be the newest
 * of their class with no hole, and the bytes held never pass the budget.
 */
#include <stdlib.h>
#include <string.h>

#include "capture/ring.h"
#include "tests/unit/suites.h"

/* The bytes of frame no: a pattern a wrong offset cannot match. */
static void
fill(uint8_t *b, size_t len, uint64_t no)
{
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)(no * 131 + i * 7 + (i >> 8));
}

static void
test_ring_keeps_newest(void)
{
	enum { N = 200000, BUDGET = 1 << 20 };
	struct frame_ring *r = ring_new(BUDGET);
	static uint32_t len[N + 1];
	static uint8_t cls[N + 1];
	uint8_t buf[2000], want[2000];
	struct cap_frame f, g;
	struct ring_stats st;
	uint64_t no, held_bytes[RING_CLASSES] = { 0, 0 }, last_missing[2] =
	    { 0, 0 };
	int k, bad = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	srand(7);
	memset(&f, 0, sizeof(f));
	for (no = 1; no <= N; no++) {
		len[no] = (uint32_t)(rand() % 1600);
		cls[no] = rand() % 10 == 0 ? RING_CONTROL : RING_BULK;
		fill(buf, len[no], no);
		f.no = no;
		f.ts_sec = (int64_t)no;
		f.ts_nsec = (uint32_t)no;
		f.caplen = f.wirelen = len[no];
		f.dlt = 1;
		f.data = buf;
		ring_add(r, &f, (enum ring_class)cls[no]);
	}
	/* Held frames come back whole; per class, no hole after the first. */
	for (no = 1; no <= N; no++) {
		k = cls[no];
		if (!ring_get(r, no, &g)) {
			last_missing[k] = no;
			continue;
		}
		fill(want, len[no], no);
		if (g.caplen != len[no] || g.ts_sec != (int64_t)no ||
		    memcmp(g.data, want, len[no]) != 0)
			bad++;
		held_bytes[k] += len[no];
	}
	CU_ASSERT_EQUAL(bad, 0);
	ring_stats(r, &st);
	for (k = 0; k < RING_CLASSES; k++) {
		CU_ASSERT(st.kept[k] > 0);
		CU_ASSERT(st.dropped[k] > 0);
		/* Every frame of the class after the oldest held is held. */
		CU_ASSERT(last_missing[k] < st.oldest[k]);
	}
	CU_ASSERT(held_bytes[RING_CONTROL] + held_bytes[RING_BULK] <= BUDGET);
	/* Most of each class's room is in use, not lost to the wrap. */
	CU_ASSERT(held_bytes[RING_CONTROL] > BUDGET / 4 * 3 / 2);
	CU_ASSERT(held_bytes[RING_BULK] > BUDGET / 4 / 2);
	CU_ASSERT(st.kept[RING_CONTROL] + st.dropped[RING_CONTROL] +
	    st.kept[RING_BULK] + st.dropped[RING_BULK] == N);
	CU_ASSERT_FALSE(ring_get(r, N + 1, &g));
	CU_ASSERT_FALSE(ring_get(r, 0, &g));
	ring_free(r);
}

static void
test_ring_too_big(void)
{
	struct frame_ring *r = ring_new(4000);
	uint8_t buf[3500];
	struct cap_frame f, g;
	struct ring_stats st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	memset(&f, 0, sizeof(f));
	memset(buf, 0xab, sizeof(buf));
	f.data = buf;
	f.no = 1;
	f.caplen = f.wirelen = 1600;	/* bulk has 1000, control 3000 */
	ring_add(r, &f, RING_BULK);
	f.no = 2;
	ring_add(r, &f, RING_CONTROL);
	ring_stats(r, &st);
	CU_ASSERT_EQUAL(st.too_big, 1);
	CU_ASSERT_FALSE(ring_get(r, 1, &g));
	CU_ASSERT_TRUE(ring_get(r, 2, &g));
	/* A second control frame does not fit beside the first. */
	f.no = 3;
	ring_add(r, &f, RING_CONTROL);
	CU_ASSERT_FALSE(ring_get(r, 2, &g));
	CU_ASSERT_TRUE(ring_get(r, 3, &g));
	ring_free(r);
}

int
suite_ring(void)
{
	static const struct test_def t[] = {
		{ "keeps the newest frames of each class", test_ring_keeps_newest },
		{ "a frame bigger than its class", test_ring_too_big },
	};

	return SUITE("ring", t);
}
