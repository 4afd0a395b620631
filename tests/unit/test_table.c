/*
 * test_table.c: the bounded hash table (diag/table.c).
 */
#include <stdint.h>
#include <string.h>

#include "diag/table.h"
#include "tests/unit/suites.h"

/* A record the way an owner lays one out: the key first. */
struct rec {
	uint64_t	 key[2];	/* like an IKE SA's SPIi, SPIr */
	uint32_t	 val;
	uint8_t		 pad[20];
};

#define KEY_SIZE	sizeof(((struct rec *)0)->key)
#define LOG_MAX		64

/* What the eviction callback saw, in order. */
struct evlog {
	size_t		 n;
	uint64_t	 key[LOG_MAX];
	int		 why[LOG_MAX];
};

static void
ev_record(void *arg, void *entry, int why)
{
	struct evlog *l = arg;
	const struct rec *r = entry;

	if (l->n < LOG_MAX) {
		l->key[l->n] = r->key[0];
		l->why[l->n] = why;
	}
	l->n++;
}

static struct table *
mk(size_t memcap, struct evlog *l)
{
	struct table *t;

	t = table_new(KEY_SIZE, sizeof(struct rec), memcap,
	    l != NULL ? ev_record : NULL, l);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

static void
key_of(uint64_t i, uint64_t k[2])
{
	k[0] = i;
	k[1] = ~i;
}

static struct rec *
put(struct table *t, uint64_t i)
{
	uint64_t k[2];

	key_of(i, k);
	return table_insert(t, k, NULL);
}

static struct rec *
get(struct table *t, uint64_t i)
{
	uint64_t k[2];

	key_of(i, k);
	return table_lookup(t, k);
}

static struct rec *
peek(const struct table *t, uint64_t i)
{
	uint64_t k[2];

	key_of(i, k);
	return table_peek(t, k);
}

/* The keys in LRU order, oldest first, into out; returns how many. */
static size_t
order(const struct table *t, uint64_t *out, size_t max)
{
	const struct rec *r;
	size_t n = 0;

	for (r = table_first(t); r != NULL; r = table_next(t, r))
		if (n < max)
			out[n++] = r->key[0];
	return n;
}

static void
test_insert_lookup_remove(void)
{
	struct table *t = mk(0, NULL);
	struct rec *a, *b;

	CU_ASSERT_PTR_NULL(get(t, 1));
	a = put(t, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->key[0], 1);
	CU_ASSERT_EQUAL(a->key[1], ~(uint64_t)1);
	a->val = 11;
	b = put(t, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	b->val = 22;
	CU_ASSERT_PTR_EQUAL(get(t, 1), a);
	CU_ASSERT_PTR_EQUAL(peek(t, 2), b);
	CU_ASSERT_EQUAL(get(t, 2)->val, 22);
	CU_ASSERT_PTR_NULL(get(t, 3));
	CU_ASSERT_EQUAL(table_stats(t)->entries, 2);
	CU_ASSERT_EQUAL(table_stats(t)->lookups, 4);
	CU_ASSERT_EQUAL(table_stats(t)->hits, 2);
	table_remove(t, a);
	CU_ASSERT_PTR_NULL(get(t, 1));
	CU_ASSERT_PTR_EQUAL(get(t, 2), b);
	table_remove(t, a);		/* twice: harmless */
	CU_ASSERT_EQUAL(table_stats(t)->entries, 1);
	CU_ASSERT_EQUAL(table_stats(t)->removed, 1);
	CU_ASSERT_EQUAL(table_stats(t)->peak_entries, 2);
	table_free(t);
}

static void
test_duplicate_insert(void)
{
	struct table *t = mk(0, NULL);
	struct rec *a = put(t, 5);

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	a->val = 55;
	CU_ASSERT_PTR_NULL(put(t, 5));
	CU_ASSERT_EQUAL(a->val, 55);	/* the first one is untouched */
	CU_ASSERT_EQUAL(table_stats(t)->entries, 1);
	CU_ASSERT_EQUAL(table_stats(t)->dup_inserts, 1);
	table_free(t);
}

static void
test_zeroed_and_reused(void)
{
	struct table *t = mk(0, NULL);
	struct rec *a, *b;
	static const uint8_t zero[sizeof(a->pad)];

	a = put(t, 7);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL((uintptr_t)a % 16, 0);
	CU_ASSERT_EQUAL(a->val, 0);
	memset(&a->val, 0xa5, sizeof(*a) - KEY_SIZE);
	table_set_expiry(t, a, 100);
	table_remove(t, a);
	b = put(t, 8);			/* from the free list */
	CU_ASSERT_PTR_EQUAL(b, a);
	CU_ASSERT_EQUAL(b->key[0], 8);
	CU_ASSERT_EQUAL(b->val, 0);
	CU_ASSERT_EQUAL(memcmp(b->pad, zero, sizeof(zero)), 0);
	CU_ASSERT_EQUAL(table_expiry(t, b), TABLE_NEVER);
	table_free(t);
}

static void
test_many_and_resize(void)
{
	struct table *t = mk(0, NULL);
	const struct table_stats *st = table_stats(t);
	uint64_t i, missing = 0, wrong = 0;
	struct rec *r;
	const size_t n = 100000;

	for (i = 0; i < n; i++) {
		if ((r = put(t, i * 7919)) == NULL)
			break;
		r->val = (uint32_t)i;
	}
	CU_ASSERT_EQUAL(st->entries, n);
	CU_ASSERT(st->buckets >= n);
	CU_ASSERT(st->resizes > 0);
	CU_ASSERT(st->bytes <= st->memcap);
	for (i = 0; i < n; i++) {
		if ((r = get(t, i * 7919)) == NULL)
			missing++;
		else if (r->val != (uint32_t)i)
			wrong++;
	}
	CU_ASSERT_EQUAL(missing, 0);
	CU_ASSERT_EQUAL(wrong, 0);
	for (i = 0; i < n; i += 2)
		table_remove(t, get(t, i * 7919));
	for (i = 0; i < n; i++)
		if ((get(t, i * 7919) != NULL) != (i % 2 == 1))
			wrong++;
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT_EQUAL(st->entries, n / 2);
	CU_ASSERT_EQUAL(st->evicted_memcap, 0);
	CU_ASSERT_EQUAL(st->alloc_failures, 0);
	table_free(t);
}

static void
test_lru_order(void)
{
	struct table *t = mk(0, NULL);
	uint64_t o[8], i;

	for (i = 1; i <= 4; i++)
		put(t, i);
	CU_ASSERT_EQUAL(order(t, o, 8), 4);
	CU_ASSERT(o[0] == 1 && o[1] == 2 && o[2] == 3 && o[3] == 4);
	get(t, 2);
	get(t, 1);
	peek(t, 3);			/* no touch */
	CU_ASSERT_EQUAL(order(t, o, 8), 4);
	CU_ASSERT(o[0] == 3 && o[1] == 4 && o[2] == 2 && o[3] == 1);
	table_touch(t, peek(t, 3));
	CU_ASSERT_EQUAL(order(t, o, 8), 4);
	CU_ASSERT(o[0] == 4 && o[1] == 2 && o[2] == 1 && o[3] == 3);
	table_free(t);
}

/*
 * The hot path's pair: table_get finds without moving, table_refresh
 * moves an entry only when its deadline must grow, and then gives it the
 * slack, so a busy entry moves once per slack; it never leaves early.
 */
static void
test_get_refresh(void)
{
	struct evlog l;
	struct table *t;
	uint64_t o[8], k[2], i;
	struct rec *r;

	memset(&l, 0, sizeof(l));
	t = mk(0, &l);
	table_set_slack(t, 60);
	for (i = 1; i <= 3; i++)
		table_refresh(t, put(t, i), 100 + i);
	CU_ASSERT_EQUAL(table_expiry(t, peek(t, 1)), 161);
	key_of(1, k);
	r = table_get(t, k);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(table_stats(t)->lookups, 1);
	CU_ASSERT_EQUAL(table_stats(t)->hits, 1);
	/* Within its deadline: no move, the deadline stays. */
	table_refresh(t, r, 150);
	CU_ASSERT_EQUAL(table_expiry(t, r), 161);
	CU_ASSERT_EQUAL(order(t, o, 8), 3);
	CU_ASSERT(o[0] == 1 && o[1] == 2 && o[2] == 3);
	/* Past it: the newest, with the slack again. */
	table_refresh(t, r, 170);
	CU_ASSERT_EQUAL(table_expiry(t, r), 230);
	CU_ASSERT_EQUAL(order(t, o, 8), 3);
	CU_ASSERT(o[0] == 2 && o[1] == 3 && o[2] == 1);
	/* Deadlines follow the order: expiry stops at the first not due. */
	CU_ASSERT_EQUAL(table_expire(t, 162), 1);
	CU_ASSERT_EQUAL(table_expire(t, 163), 1);
	CU_ASSERT_EQUAL(table_stats(t)->expire_scans, 0);
	CU_ASSERT_EQUAL(table_expire(t, 229), 0);
	CU_ASSERT_EQUAL(table_expire(t, 230), 1);
	CU_ASSERT_EQUAL(l.n, 3);
	CU_ASSERT(l.key[0] == 2 && l.key[1] == 3 && l.key[2] == 1);
	/* A miss counts too; a deadline at the end of time stays there. */
	key_of(9, k);
	CU_ASSERT_PTR_NULL(table_get(t, k));
	CU_ASSERT_EQUAL(table_stats(t)->lookups, 2);
	CU_ASSERT_EQUAL(table_stats(t)->hits, 1);
	r = put(t, 9);
	table_refresh(t, r, INT64_MAX - 10);
	CU_ASSERT_EQUAL(table_expiry(t, r), TABLE_NEVER);
	table_free(t);
}

/*
 * Read-ahead: the hash the prefetch computes finds the entry, the first
 * entry of its bucket is handed back, and a kept entry is taken only
 * while it is in the table under the key asked for.
 */
static void
test_read_ahead(void)
{
	struct table *t = mk(0, NULL);
	struct rec *a, *b;
	uint64_t k[2], h;

	a = put(t, 1);
	b = put(t, 2);
	key_of(1, k);
	h = table_prefetch_bucket(t, k);
	CU_ASSERT_EQUAL(h, table_hash(t, k));
	CU_ASSERT_PTR_EQUAL(table_find_hashed(t, h, k), a);
	/* a's bucket starts with a, or with one entry of a short chain */
	CU_ASSERT_PTR_NOT_NULL(table_prefetch_first(t, h, 2));
	CU_ASSERT_PTR_EQUAL(table_get_kept(t, k, a), a);
	CU_ASSERT_EQUAL(table_stats(t)->lookups, 1);
	CU_ASSERT_EQUAL(table_stats(t)->hits, 1);
	/* Kept for another key: the lookup decides. */
	CU_ASSERT_PTR_EQUAL(table_get_kept(t, k, b), a);
	/* Kept, then removed: not taken, even with its key still there. */
	table_remove(t, a);
	CU_ASSERT_PTR_NULL(table_get_kept(t, k, a));
	CU_ASSERT_PTR_NULL(table_find_hashed(t, h, k));
	CU_ASSERT_EQUAL(table_stats(t)->lookups, 3);
	CU_ASSERT_EQUAL(table_stats(t)->hits, 2);
	/* Nothing kept: a plain lookup. */
	key_of(2, k);
	CU_ASSERT_PTR_EQUAL(table_get_kept(t, k, NULL), b);
	key_of(7, k);
	CU_ASSERT_PTR_NULL(table_find_hashed(t, table_prefetch_bucket(t, k),
	    k));
	table_free(t);
}

/*
 * Growth moves the chains a few at a time: while both bucket arrays are
 * in use every key stays findable, inserts and removals land in the
 * right one, the cap counts both, and the old array goes once empty.
 */
static void
test_incremental_growth(void)
{
	static uint8_t removed[1 << 15];
	struct table *t = mk(0, NULL);
	const struct table_stats *st = table_stats(t);
	uint64_t i, j, resizes, missing = 0, ghosts = 0;
	size_t buckets, both, during = 0;

	memset(removed, 0, sizeof(removed));
	for (i = 0; st->resizes < 7; i++)	/* to 8192 buckets */
		put(t, i);
	resizes = st->resizes;
	buckets = st->buckets;
	both = st->bytes;
	CU_ASSERT_TRUE(st->growing);
	/* The next inserts move the old chains; keys are checked as they do. */
	for (; st->growing && i < sizeof(removed); i++, during++) {
		put(t, i);
		if (i % 3 == 0 && !removed[i / 2]) {	/* in either array */
			table_remove(t, peek(t, i / 2));
			removed[i / 2] = 1;
		}
		if (i % 8 != 0)
			continue;
		for (j = 0; j <= i; j++) {
			if (removed[j] && peek(t, j) != NULL)
				ghosts++;
			if (!removed[j] && peek(t, j) == NULL)
				missing++;
		}
	}
	CU_ASSERT(during > 100);		/* it took many inserts */
	CU_ASSERT_FALSE(st->growing);
	CU_ASSERT_EQUAL(st->resizes, resizes);
	CU_ASSERT_EQUAL(st->buckets, buckets);
	/* Both arrays were counted while both were held. */
	CU_ASSERT(both >= (8192 + 4096) * sizeof(void *) + 4097 *
	    table_entry_bytes(t));
	CU_ASSERT(st->bytes <= st->memcap);
	CU_ASSERT_EQUAL(missing, 0);
	CU_ASSERT_EQUAL(ghosts, 0);
	table_free(t);
}

/* A kept pointer: live while its record is in, not once it left. */
static void
test_live(void)
{
	struct table *t = mk(0, NULL);
	struct rec *a, *b;

	CU_ASSERT_FALSE(table_live(t, NULL));
	a = put(t, 1);
	CU_ASSERT_TRUE(table_live(t, a));
	table_remove(t, a);
	CU_ASSERT_FALSE(table_live(t, a));
	/* The slot comes back for another key: live, but not key 1. */
	b = put(t, 2);
	CU_ASSERT_PTR_EQUAL(b, a);
	CU_ASSERT_TRUE(table_live(t, a));
	CU_ASSERT_EQUAL(a->key[0], 2);
	table_flush(t);
	CU_ASSERT_FALSE(table_live(t, b));
	table_free(t);
}

static void
test_expiry(void)
{
	struct evlog l;
	struct table *t;
	uint64_t i;

	memset(&l, 0, sizeof(l));
	t = mk(0, &l);
	for (i = 1; i <= 5; i++)
		put(t, i);
	/* Deadlines against the LRU order; 5 has none. */
	table_set_expiry(t, peek(t, 1), 300);
	table_set_expiry(t, peek(t, 2), 100);
	table_set_expiry(t, peek(t, 3), 200);
	table_set_expiry(t, peek(t, 4), 100);
	CU_ASSERT_EQUAL(table_expiry(t, peek(t, 5)), TABLE_NEVER);
	CU_ASSERT_EQUAL(table_expire(t, 99), 0);
	CU_ASSERT_EQUAL(l.n, 0);
	CU_ASSERT_EQUAL(table_expire(t, 100), 2);	/* due at 100 */
	CU_ASSERT_EQUAL_FATAL(l.n, 2);
	CU_ASSERT(l.key[0] == 2 && l.key[1] == 4);	/* oldest first */
	CU_ASSERT(l.why[0] == TABLE_EXPIRED && l.why[1] == TABLE_EXPIRED);
	CU_ASSERT_PTR_NULL(peek(t, 2));
	/* A later deadline postpones; an earlier one is seen at once. */
	table_set_expiry(t, peek(t, 3), 1000);
	table_set_expiry(t, peek(t, 1), 150);
	CU_ASSERT_EQUAL(table_expire(t, 160), 1);
	CU_ASSERT_EQUAL_FATAL(l.n, 3);
	CU_ASSERT_EQUAL(l.key[2], 1);
	CU_ASSERT_EQUAL(table_expire(t, INT64_MAX), 1);	/* 3, never 5 */
	CU_ASSERT_EQUAL(l.key[3], 3);
	CU_ASSERT_PTR_NOT_NULL(peek(t, 5));
	CU_ASSERT_EQUAL(table_stats(t)->expired, 4);
	CU_ASSERT_EQUAL(table_stats(t)->entries, 1);
	CU_ASSERT(table_stats(t)->expire_scans > 0);
	CU_ASSERT_STRING_EQUAL(table_why_name(TABLE_EXPIRED), "expired");
	CU_ASSERT_STRING_EQUAL(table_why_name(TABLE_MEMCAP), "memcap");
	CU_ASSERT_STRING_EQUAL(table_why_name(TABLE_FLUSH), "flush");
	CU_ASSERT_STRING_EQUAL(table_why_name(0), "unknown");
	CU_ASSERT_STRING_EQUAL(table_why_name(99), "unknown");
	table_free(t);
}

/*
 * One idle timeout, renewed on each lookup: deadlines follow the LRU
 * order and expiry needs no full pass.
 */
static void
test_expiry_in_order(void)
{
	struct evlog l;
	struct table *t;
	uint64_t i;
	int64_t now = 1000;

	memset(&l, 0, sizeof(l));
	t = mk(0, &l);
	for (i = 1; i <= 6; i++, now += 10)
		table_set_expiry(t, put(t, i), now + 30);
	/* 1 is due at 1030, 2 at 1040, ... 6 at 1080; 2 is seen again. */
	table_set_expiry(t, get(t, 2), now + 30);	/* 1090 */
	CU_ASSERT_EQUAL(table_expire(t, 1029), 0);
	CU_ASSERT_EQUAL(table_expire(t, 1060), 3);
	CU_ASSERT_EQUAL_FATAL(l.n, 3);
	CU_ASSERT(l.key[0] == 1 && l.key[1] == 3 && l.key[2] == 4);
	CU_ASSERT_PTR_NOT_NULL(peek(t, 2));
	CU_ASSERT_EQUAL(table_expire(t, 1085), 2);
	CU_ASSERT_EQUAL(table_expire(t, 1090), 1);
	CU_ASSERT_EQUAL(l.key[5], 2);
	CU_ASSERT_EQUAL(table_stats(t)->entries, 0);
	CU_ASSERT_EQUAL(table_stats(t)->expire_scans, 0);
	table_free(t);
}

/* A cap with room for the empty table's buckets and n records. */
static size_t
cap_for(size_t n)
{
	struct table *t = mk(0, NULL);
	size_t cap = table_stats(t)->bytes + n * table_entry_bytes(t);

	table_free(t);
	return cap;
}

static void
test_memcap(void)
{
	struct evlog l;
	struct table *t;
	const struct table_stats *st;
	uint64_t i, o[16];
	int ev = -1;
	struct rec *r;

	memset(&l, 0, sizeof(l));
	t = mk(cap_for(10), &l);
	st = table_stats(t);
	for (i = 1; i <= 10; i++) {
		CU_ASSERT_PTR_NOT_NULL(table_insert(t, (uint64_t[2]){ i, ~i },
		    &ev));
		CU_ASSERT_EQUAL(ev, 0);
	}
	CU_ASSERT_EQUAL(l.n, 0);
	get(t, 1);			/* 2 becomes the oldest */
	r = table_insert(t, (uint64_t[2]){ 11, ~(uint64_t)11 }, &ev);
	CU_ASSERT_PTR_NOT_NULL(r);
	CU_ASSERT_EQUAL(ev, 1);
	CU_ASSERT_EQUAL_FATAL(l.n, 1);
	CU_ASSERT_EQUAL(l.key[0], 2);
	CU_ASSERT_EQUAL(l.why[0], TABLE_MEMCAP);
	CU_ASSERT_PTR_NULL(peek(t, 2));
	CU_ASSERT_PTR_NOT_NULL(peek(t, 1));
	CU_ASSERT_EQUAL(st->entries, 10);
	CU_ASSERT_EQUAL(st->evicted_memcap, 1);
	CU_ASSERT(st->bytes <= st->memcap);
	for (i = 12; i <= 20; i++)
		put(t, i);
	CU_ASSERT_EQUAL(st->evicted_memcap, 10);
	CU_ASSERT_EQUAL(order(t, o, 16), 10);
	CU_ASSERT(o[0] == 11 && o[9] == 20);
	CU_ASSERT_EQUAL(st->alloc_failures, 0);
	table_free(t);
}

static void
test_memcap_limits(void)
{
	struct table *t;

	CU_ASSERT_PTR_NULL(table_new(KEY_SIZE, sizeof(struct rec), 64,
	    NULL, NULL));
	CU_ASSERT_PTR_NULL(table_new(0, 8, 0, NULL, NULL));
	CU_ASSERT_PTR_NULL(table_new(9, 8, 0, NULL, NULL));
	/* Room for one record and a single bucket. */
	t = table_new(KEY_SIZE, sizeof(struct rec), 8 + 80, NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(table_entry_bytes(t), 80);
	CU_ASSERT_EQUAL(table_stats(t)->buckets, 1);
	CU_ASSERT_PTR_NOT_NULL(put(t, 1));
	CU_ASSERT_PTR_NOT_NULL(put(t, 2));
	CU_ASSERT_PTR_NULL(peek(t, 1));
	CU_ASSERT_EQUAL(table_stats(t)->evicted_memcap, 1);
	CU_ASSERT_EQUAL(table_stats(t)->bytes, 88);
	table_free(t);
	table_free(NULL);
}

static void
test_flush(void)
{
	struct evlog l;
	struct table *t;
	uint64_t i;

	memset(&l, 0, sizeof(l));
	t = mk(0, &l);
	for (i = 1; i <= 5; i++)
		put(t, i);
	get(t, 1);
	CU_ASSERT_EQUAL(table_flush(t), 5);
	CU_ASSERT_EQUAL_FATAL(l.n, 5);
	CU_ASSERT(l.key[0] == 2 && l.key[4] == 1);
	for (i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(l.why[i], TABLE_FLUSH);
	CU_ASSERT_EQUAL(table_stats(t)->entries, 0);
	CU_ASSERT_EQUAL(table_stats(t)->flushed, 5);
	CU_ASSERT_PTR_NULL(table_first(t));
	CU_ASSERT_PTR_NULL(get(t, 3));
	CU_ASSERT_PTR_NOT_NULL(put(t, 3));	/* usable again */
	CU_ASSERT_EQUAL(table_flush(t), 1);
	table_free(t);
}

static void
test_iterate_remove(void)
{
	struct table *t = mk(0, NULL);
	struct rec *r, *n;
	uint64_t i, o[16];
	size_t seen = 0;

	for (i = 1; i <= 10; i++)
		put(t, i);
	for (r = table_first(t); r != NULL; r = n) {
		n = table_next(t, r);
		seen++;
		if (r->key[0] % 2 == 0)
			table_remove(t, r);
	}
	CU_ASSERT_EQUAL(seen, 10);
	CU_ASSERT_EQUAL(order(t, o, 16), 5);
	CU_ASSERT(o[0] == 1 && o[1] == 3 && o[4] == 9);
	for (r = table_first(t); r != NULL; r = n) {
		n = table_next(t, r);
		table_remove(t, r);
	}
	CU_ASSERT_PTR_NULL(table_first(t));
	CU_ASSERT_EQUAL(table_stats(t)->entries, 0);
	table_free(t);
}

/* The reference vectors of the SipHash paper, appendix A. */
static void
test_siphash_vectors(void)
{
	uint8_t m[15];
	size_t i;
	const uint64_t k0 = 0x0706050403020100ULL, k1 = 0x0f0e0d0c0b0a0908ULL;

	for (i = 0; i < sizeof(m); i++)
		m[i] = (uint8_t)i;
	CU_ASSERT_EQUAL(table_siphash(k0, k1, m, 15), 0xa129ca6149be45e5ULL);
	CU_ASSERT_EQUAL(table_siphash(k0, k1, m, 0), 0x726fdb47dd0e0e31ULL);
	CU_ASSERT_EQUAL(table_siphash(k0, k1, m, 8), 0x93f5f5799a932462ULL);
}

/*
 * SipHash-1-3, the tables' hash: the low 32 bits are the vectors the
 * Linux kernel publishes for its 64-bit hsiphash (SipHash-1-3 truncated),
 * message n the bytes 0..n-1 under the key 00..0f.  Lengths 0 to 45 take
 * in every key size the tables use (16, 17, 24 and 36 bytes).
 */
static void
test_siphash13_vectors(void)
{
	static const uint32_t v[] = {
		0x050fc4dc, 0x7d57ca93, 0x4dc7d44d, 0xe7ddf7fb, 0x88d38328,
		0x49533b67, 0xc59f22a7, 0x9bb11140, 0x8d299a8e, 0x6c063de4,
		0x92ff097f, 0xf94dc352, 0x57b4d9a2, 0x1229ffa7, 0xc0f95d34,
		0x2a519956, 0x7d908b66, 0x63dbd80c, 0xb473e63e, 0x8d297d1c,
		0xa6cce040, 0x2b45f844, 0xa320872e, 0xdae6c123, 0x67349c8c,
		0x705b0979, 0xca9913a5, 0x4ade3b35, 0xef6cd00d, 0x4ab1e1f4,
		0x43c5e663, 0x8c21d1bc, 0x16a7b60d, 0x7a8ff9bf, 0x1f2a753e,
		0xbf186b91, 0xada26206, 0xa3c33057, 0xae3a36a1, 0x7b108392,
		0x99e41531, 0x3f1ad944, 0xc8138825, 0xc28949a6, 0xfaf8876b,
		0x9f042196,
	};
	uint64_t al[8];			/* aligned */
	uint8_t *m = (uint8_t *)al, u[64 + 1];	/* and one byte off */
	size_t i, bad = 0;
	const uint64_t k0 = 0x0706050403020100ULL, k1 = 0x0f0e0d0c0b0a0908ULL;

	for (i = 0; i < 64; i++)
		m[i] = u[i + 1] = (uint8_t)i;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if ((uint32_t)table_siphash13(k0, k1, m, i) != v[i] ||
		    (uint32_t)table_siphash13(k0, k1, u + 1, i) != v[i])
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	/* The full 64 bits of two: 24 bytes (an SPI key), 36 (a pair). */
	for (i = 0; i < 36; i++)
		m[i] = (uint8_t)i;
	CU_ASSERT_EQUAL(table_siphash13(k0, k1, m, 24), 0xf464aeb267349c8cULL);
	CU_ASSERT_EQUAL(table_siphash13(k0, k1, m, 36), 0x2cf508d3ada26206ULL);
}

static void
test_seed(void)
{
	struct table *a = mk(0, NULL), *b = mk(0, NULL);
	uint64_t k[2] = { 1, 2 }, i, bad = 0;

	/* Two random seeds: the same key hashes apart. */
	CU_ASSERT_NOT_EQUAL(table_hash(a, k), table_hash(b, k));
	CU_ASSERT_EQUAL(table_stats(a)->weak_seed, 0);
	for (i = 0; i < 1000; i++)
		put(a, i);
	table_seed(a, 42, 43);		/* rehashes what is there */
	table_seed(b, 42, 43);
	CU_ASSERT_EQUAL(table_hash(a, k), table_hash(b, k));
	CU_ASSERT_EQUAL(table_hash(a, k), table_siphash13(42, 43, k, sizeof(k)));
	for (i = 0; i < 1000; i++)
		if (peek(a, i) == NULL)
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	table_free(a);
	table_free(b);
}

int
suite_table(void)
{
	static const struct test_def t[] = {
		{ "insert, lookup, remove", test_insert_lookup_remove },
		{ "duplicate insert", test_duplicate_insert },
		{ "zeroed entries, free list reuse", test_zeroed_and_reused },
		{ "100k entries and resizing", test_many_and_resize },
		{ "LRU order after touches", test_lru_order },
		{ "expiry order and reasons", test_expiry },
		{ "expiry with one timeout", test_expiry_in_order },
		{ "memcap evicts the oldest", test_memcap },
		{ "memcap limits", test_memcap_limits },
		{ "flush", test_flush },
		{ "iteration with removal", test_iterate_remove },
		{ "SipHash-2-4 vectors", test_siphash_vectors },
		{ "SipHash-1-3 vectors", test_siphash13_vectors },
		{ "get and refresh", test_get_refresh },
		{ "kept pointers", test_live },
		{ "growth a few chains at a time", test_incremental_growth },
		{ "read-ahead", test_read_ahead },
		{ "fixed seed", test_seed },
	};

	return SUITE("table", t);
}
