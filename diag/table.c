/*
 * table.c: the bounded hash table of table.h.
 *
 * Separate chaining, not open addressing: the owner keeps pointers to
 * entries (a child SA to its IKE SA), so entries must not move when the
 * table grows or others are removed; removal by pointer needs no
 * tombstones; the LRU list threads through the same header; and when
 * the memory cap stops the bucket array from growing, chains just get a
 * little longer instead of the table filling up.  The chain link, the
 * two LRU links and the deadline make a 32-byte header.  The hash is not
 * stored (no room in 32 bytes): a resize or a removal hashes the key
 * again, which SipHash-1-3 does in about 10 ns for SPI-sized keys.
 *
 * The bucket array doubles when there are as many entries as buckets
 * and never shrinks, so a table that has reached its working size does
 * not allocate again.  Records come from chunks, each a quarter of the
 * pool so far (few enough to fit a fixed array, and little reserved
 * that no record uses), handed out by a bump pointer: a chunk's pages
 * stay untouched, and out of resident memory, until records are needed.
 * Freed records go to a free list, taken before the bump pointer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

#include "diag/table.h"

#define TABLE_ALIGN		16	/* malloc's; any type fits */
#define TABLE_FIRST_BUCKETS	64
#define TABLE_FIRST_CHUNK	64	/* records */
/*
 * Each chunk a quarter of the pool so far, so at most a fifth of the
 * pool waits unused: 128 such chunks hold 2^18 times the first one.
 */
#define TABLE_MAX_CHUNKS	128

struct table_hdr {
	struct table_hdr *hnext;	/* hash chain; free list when free */
	struct table_hdr *prev;		/* LRU, older; NULL when free */
	struct table_hdr *next;		/* LRU, newer */
	int64_t		 expires;
};

#define TABLE_ROUND(n)	(((n) + TABLE_ALIGN - 1) & ~(size_t)(TABLE_ALIGN - 1))
#define TABLE_HDR	TABLE_ROUND(sizeof(struct table_hdr))

struct table {
	size_t		 key_size;
	size_t		 entry_size;
	size_t		 stride;	/* header + record, aligned */
	uint64_t	 k0;
	uint64_t	 k1;
	struct table_hdr **bucket;
	size_t		 mask;		/* buckets - 1, a power of two */
	/*
	 * While the bucket array grows, the previous one, whose buckets
	 * from `moved' on still hold their chains: a few move with each
	 * insert, so growth never stops the packet path for a full pass.
	 */
	struct table_hdr **old;
	size_t		 old_mask;
	size_t		 moved;
	struct table_hdr lru;		/* sentinel: next oldest, prev newest */
	struct table_hdr *free;
	char		*bump;		/* next never-used record */
	size_t		 bump_left;
	size_t		 pool_n;	/* records in all chunks */
	void		*chunk[TABLE_MAX_CHUNKS];
	size_t		 nchunks;
	int		 pool_full;	/* at the cap, or malloc failed */
	int		 no_grow;	/* a bucket array malloc failed */
	int64_t		 next_due;	/* no deadline before this one */
	size_t		 inversions;	/* LRU neighbours, deadlines reversed */
	table_evict_fn	 evict;
	void		*arg;
	int		(*cheap)(const void *);
	int64_t		 slack;		/* table_refresh's, seconds */
	struct table_stats st;
};

static const char *const table_why_names[] = {
	[TABLE_EXPIRED] = "expired",
	[TABLE_MEMCAP] = "memcap",
	[TABLE_FLUSH] = "flush",
};

/* SipHash (Aumasson and Bernstein, 2012), written out. */
#define SIP_ROTL(x, b)	(((x) << (b)) | ((x) >> (64 - (b))))
#define SIP_ROUND(v0, v1, v2, v3) do {					\
	v0 += v1; v1 = SIP_ROTL(v1, 13); v1 ^= v0; v0 = SIP_ROTL(v0, 32); \
	v2 += v3; v3 = SIP_ROTL(v3, 16); v3 ^= v2;			\
	v0 += v3; v3 = SIP_ROTL(v3, 21); v3 ^= v0;			\
	v2 += v1; v1 = SIP_ROTL(v1, 17); v1 ^= v2; v2 = SIP_ROTL(v2, 32); \
} while (0)

static inline uint64_t
sip_le64(const uint8_t *p)
{
	uint64_t m;

	memcpy(&m, p, sizeof(m));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	m = __builtin_bswap64(m);
#endif
	return m;
}

/* The last 0 to 7 bytes of a message, little-endian, under its length. */
static inline uint64_t
sip_tail(const uint8_t *p, size_t len, size_t total)
{
	uint64_t b = (uint64_t)total << 56;
	size_t i;

	for (i = 0; i < len; i++)
		b |= (uint64_t)p[i] << (8 * i);
	return b;
}

/*
 * SipHash-c-d: c rounds per 8-byte word, d to finish.  The tables use
 * SipHash-1-3, the variant hash tables take for keys an attacker picks
 * (Python's and Rust's defaults): the seed stays out of reach of anyone
 * who only sees where keys go.  SipHash-2-4 is the paper's, kept for
 * the offers' fingerprints and its reference vectors.
 */
static inline uint64_t
sip_hash(uint64_t k0, uint64_t k1, const void *data, size_t len, int c,
    int d)
{
	const uint8_t *p = data;
	uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
	uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
	uint64_t v3 = k1 ^ 0x7465646279746573ULL;
	uint64_t m, b = sip_tail(p + (len & ~(size_t)7), len & 7, len);
	int i;

	for (; len >= 8; len -= 8, p += 8) {
		m = sip_le64(p);
		v3 ^= m;
		for (i = 0; i < c; i++)
			SIP_ROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	v3 ^= b;
	for (i = 0; i < c; i++)
		SIP_ROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	for (i = 0; i < d; i++)
		SIP_ROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t
table_siphash(uint64_t k0, uint64_t k1, const void *data, size_t len)
{
	return sip_hash(k0, k1, data, len, 2, 4);
}

uint64_t
table_siphash13(uint64_t k0, uint64_t k1, const void *data, size_t len)
{
	return sip_hash(k0, k1, data, len, 1, 3);
}

uint64_t
table_hash(const struct table *t, const void *key)
{
	return table_siphash13(t->k0, t->k1, key, t->key_size);
}

/* The seed is the defence against chosen keys: take it from the OS. */
static int
table_entropy(uint8_t *buf, size_t len)
{
	FILE *f;
	size_t got;
#if defined(__linux__)
	ssize_t r;

	do
		r = getrandom(buf, len, 0);
	while (r < 0 && errno == EINTR);
	if (r == (ssize_t)len)
		return 0;
#elif defined(__OpenBSD__) || defined(__FreeBSD__) || \
    defined(__NetBSD__) || defined(__APPLE__)
	arc4random_buf(buf, len);
	return 0;
#endif
	/* Old kernels without getrandom(2), other systems. */
	if ((f = fopen("/dev/urandom", "rb")) == NULL)
		return -1;
	got = fread(buf, 1, len, f);
	fclose(f);
	return got == len ? 0 : -1;
}

static void
table_random_seed(struct table *t)
{
	uint8_t b[16];
	uint64_t mix[3];

	if (table_entropy(b, sizeof(b)) == 0) {
		t->k0 = sip_le64(b);
		t->k1 = sip_le64(b + 8);
		return;
	}
	/* Better than a constant; stats tell the owner to say so. */
	mix[0] = (uint64_t)time(NULL);
	mix[1] = (uint64_t)(uintptr_t)t;	/* ASLR */
	mix[2] = (uint64_t)getpid();
	t->k0 = table_siphash(0, 0, mix, sizeof(mix));
	t->k1 = table_siphash(t->k0, 1, mix, sizeof(mix));
	t->st.weak_seed = 1;
}

static struct table_hdr *
table_hdr(const void *entry)
{
	return (struct table_hdr *)((uintptr_t)entry - TABLE_HDR);
}

static void *
table_user(const struct table_hdr *h)
{
	return (void *)((uintptr_t)h + TABLE_HDR);
}

/* The chain a hash belongs to: the old array's until it has moved. */
static struct table_hdr **
table_slot(const struct table *t, uint64_t hash)
{
	if (t->old != NULL && (hash & t->old_mask) >= t->moved)
		return &t->old[hash & t->old_mask];
	return &t->bucket[hash & t->mask];
}

static struct table_hdr **
table_bucket(const struct table *t, const void *key)
{
	return table_slot(t, table_hash(t, key));
}

static struct table_hdr *
table_find_at(const struct table *t, uint64_t hash, const void *key)
{
	struct table_hdr *h;

	for (h = *table_slot(t, hash); h != NULL; h = h->hnext)
		if (memcmp(table_user(h), key, t->key_size) == 0)
			return h;
	return NULL;
}

static struct table_hdr *
table_find(const struct table *t, const void *key)
{
	return table_find_at(t, table_hash(t, key), key);
}

/*
 * Is a (older) due after b (newer)?  The LRU list keeps a count of such
 * neighbours: at 0 the deadlines are in LRU order and table_expire()
 * can stop at the first entry not due.  Only neighbours change when an
 * entry moves, and they are in cache then, so the count costs nothing.
 */
static size_t
lru_inv(const struct table *t, const struct table_hdr *a,
    const struct table_hdr *b)
{
	return a != &t->lru && b != &t->lru && a->expires > b->expires;
}

static void
lru_unlink(struct table *t, struct table_hdr *h)
{
	t->inversions -= lru_inv(t, h->prev, h) + lru_inv(t, h, h->next);
	t->inversions += lru_inv(t, h->prev, h->next);
	h->prev->next = h->next;
	h->next->prev = h->prev;
}

static void
lru_append(struct table *t, struct table_hdr *h)
{
	h->prev = t->lru.prev;
	h->next = &t->lru;
	t->lru.prev->next = h;
	t->lru.prev = h;
	t->inversions += lru_inv(t, h->prev, h);
}

/* Bursts hit the same entry: the most recent one stays put. */
static void
lru_touch(struct table *t, struct table_hdr *h)
{
	if (h->next == &t->lru)
		return;
	lru_unlink(t, h);
	lru_append(t, h);
}

/*
 * Moves up to n of the old array's chains into the new one; the old one
 * goes when its last chain has moved.
 */
static void
table_migrate(struct table *t, size_t n)
{
	struct table_hdr *h, *next, **b;

	for (; t->old != NULL && n > 0; n--) {
		for (h = t->old[t->moved]; h != NULL; h = next) {
			next = h->hnext;
			b = &t->bucket[table_hash(t, table_user(h)) & t->mask];
			h->hnext = *b;
			*b = h;
		}
		t->old[t->moved] = NULL;
		if (++t->moved > t->old_mask) {
			free(t->old);
			t->st.bytes -= (t->old_mask + 1) * sizeof(*t->old);
			t->old = NULL;
			t->old_mask = 0;
			t->moved = 0;
			t->st.growing = 0;
		}
	}
}

/* Rebuilds the chains after the seed changed. */
static void
table_rehash(struct table *t)
{
	struct table_hdr *h, **b;

	table_migrate(t, SIZE_MAX);

	memset(t->bucket, 0, (t->mask + 1) * sizeof(*t->bucket));
	for (h = t->lru.next; h != &t->lru; h = h->next) {
		b = table_bucket(t, table_user(h));
		h->hnext = *b;
		*b = h;
	}
}

struct table *
table_new(size_t key_size, size_t entry_size, size_t memcap,
    table_evict_fn evict, void *arg)
{
	struct table *t;
	size_t stride, nb = TABLE_FIRST_BUCKETS;

	if (key_size == 0 || key_size > entry_size ||
	    entry_size > SIZE_MAX / 4)
		return NULL;
	stride = TABLE_HDR + TABLE_ROUND(entry_size);
	if (memcap == 0)
		memcap = TABLE_MEMCAP_DEFAULT;
	/* A tiny cap is for records, not for empty buckets. */
	while (nb > 1 && nb * sizeof(struct table_hdr *) + stride > memcap)
		nb /= 2;
	if (stride > memcap || nb * sizeof(struct table_hdr *) >
	    memcap - stride)
		return NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->bucket = calloc(nb, sizeof(*t->bucket))) == NULL) {
		free(t);
		return NULL;
	}
	t->key_size = key_size;
	t->entry_size = entry_size;
	t->stride = stride;
	t->mask = nb - 1;
	t->lru.prev = t->lru.next = &t->lru;
	t->next_due = TABLE_NEVER;
	t->evict = evict;
	t->arg = arg;
	t->st.memcap = memcap;
	t->st.buckets = nb;
	t->st.bytes = nb * sizeof(*t->bucket);
	table_random_seed(t);
	return t;
}

void
table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nchunks; i++)
		free(t->chunk[i]);
	free(t->old);
	free(t->bucket);
	free(t);
}

void
table_seed(struct table *t, uint64_t k0, uint64_t k1)
{
	t->k0 = k0;
	t->k1 = k1;
	table_rehash(t);
}

/*
 * Doubles the bucket array when it fits under the cap with the old one
 * still allocated, so the cap holds while both are.  The chains move
 * over a few at a time (TABLE_MIGRATE per insert, done long before the
 * next doubling is due).  When it does not fit, chains grow instead:
 * still correct, a little slower.
 */
#define TABLE_MIGRATE	4

static void
table_grow(struct table *t)
{
	size_t nb = (t->mask + 1) * 2;
	struct table_hdr **b;

	table_migrate(t, SIZE_MAX);
	if (t->no_grow || nb > SIZE_MAX / sizeof(*b) ||
	    nb * sizeof(*b) > t->st.memcap - t->st.bytes)
		return;
	if ((b = calloc(nb, sizeof(*b))) == NULL) {
		/* Do not retry on every packet; chains will do. */
		t->no_grow = 1;
		t->st.alloc_failures++;
		return;
	}
	t->old = t->bucket;
	t->old_mask = t->mask;
	t->moved = 0;
	t->st.growing = 1;
	t->bucket = b;
	t->mask = nb - 1;
	t->st.bytes += nb * sizeof(*b);
	t->st.buckets = nb;
	t->st.resizes++;
}

/* A new chunk a quarter of the pool so far, clipped to the cap. */
static int
table_pool_grow(struct table *t)
{
	size_t want, room;
	void *c;

	if (t->pool_full)
		return -1;
	room = (t->st.memcap - t->st.bytes) / t->stride;
	want = t->pool_n / 4 > TABLE_FIRST_CHUNK ? t->pool_n / 4 :
	    TABLE_FIRST_CHUNK;
	if (want > room)
		want = room;
	for (; want > 0 && t->nchunks < TABLE_MAX_CHUNKS; want /= 2) {
		if ((c = malloc(want * t->stride)) != NULL) {
			t->chunk[t->nchunks++] = c;
			t->bump = c;
			t->bump_left = want;
			t->pool_n += want;
			t->st.bytes += want * t->stride;
			return 0;
		}
		t->st.alloc_failures++;
	}
	/* The pool only grows, so once full it stays full: no retries. */
	t->pool_full = 1;
	return -1;
}

static void
table_drop(struct table *t, struct table_hdr *h)
{
	struct table_hdr **pp = table_bucket(t, table_user(h));

	while (*pp != NULL && *pp != h)
		pp = &(*pp)->hnext;
	if (*pp != NULL)
		*pp = h->hnext;
	lru_unlink(t, h);
	h->prev = h->next = NULL;
	h->hnext = t->free;
	t->free = h;
	t->st.entries--;
}

static void
table_evict(struct table *t, struct table_hdr *h, int why)
{
	if (t->evict != NULL)
		t->evict(t->arg, table_user(h), why);
	table_drop(t, h);
}

void
table_set_cheap(struct table *t, int (*cheap)(const void *))
{
	t->cheap = cheap;
}

/* What goes when the cap is reached: see table_set_cheap(). */
static struct table_hdr *
table_victim(struct table *t)
{
	struct table_hdr *h = t->lru.next;
	int i;

	for (i = 0; t->cheap != NULL && h != &t->lru &&
	    i < TABLE_PREFER_SCAN; i++, h = h->next)
		if (t->cheap(table_user(h)))
			return h;
	return t->lru.next;
}

static struct table_hdr *
table_alloc(struct table *t, int *evicted)
{
	struct table_hdr *h;

	if (t->free == NULL && t->bump_left == 0 && table_pool_grow(t) != 0) {
		if (t->lru.next == &t->lru)
			return NULL;
		table_evict(t, table_victim(t), TABLE_MEMCAP);
		t->st.evicted_memcap++;
		if (evicted != NULL)
			*evicted = 1;
	}
	if ((h = t->free) != NULL) {
		t->free = h->hnext;
		return h;
	}
	h = (struct table_hdr *)(void *)t->bump;
	t->bump += t->stride;
	t->bump_left--;
	return h;
}

void *
table_lookup(struct table *t, const void *key)
{
	void *e = table_get(t, key);

	if (e != NULL)
		lru_touch(t, table_hdr(e));
	return e;
}

void *
table_get(struct table *t, const void *key)
{
	struct table_hdr *h = table_find(t, key);

	t->st.lookups++;
	if (h == NULL)
		return NULL;
	t->st.hits++;
	return table_user(h);
}

uint64_t
table_prefetch_bucket(const struct table *t, const void *key)
{
	uint64_t h = table_hash(t, key);

	__builtin_prefetch(table_slot(t, h));
	return h;
}

const void *
table_prefetch_first(const struct table *t, uint64_t hash, unsigned lines)
{
	const struct table_hdr *h = *table_slot(t, hash);
	unsigned i;

	if (h == NULL)
		return NULL;
	for (i = 0; i < lines; i++)
		__builtin_prefetch((const char *)h + 64 * i, 1);
	return table_user(h);
}

void *
table_find_hashed(const struct table *t, uint64_t hash, const void *key)
{
	struct table_hdr *h = table_find_at(t, hash, key);

	return h != NULL ? table_user(h) : NULL;
}

void *
table_get_kept(struct table *t, const void *key, void *kept)
{
	if (kept == NULL || table_hdr(kept)->prev == NULL ||
	    memcmp(kept, key, t->key_size) != 0)
		return table_get(t, key);
	t->st.lookups++;
	t->st.hits++;
	return kept;
}

void
table_set_slack(struct table *t, int64_t secs)
{
	t->slack = secs > 0 ? secs : 0;
}

void
table_refresh(struct table *t, void *entry, int64_t until)
{
	struct table_hdr *h = table_hdr(entry);

	if (h->prev == NULL || (h->expires != TABLE_NEVER &&
	    until <= h->expires))
		return;
	if (until != TABLE_NEVER &&
	    __builtin_add_overflow(until, t->slack, &until))
		until = TABLE_NEVER;
	lru_touch(t, h);
	table_set_expiry(t, entry, until);
}

int
table_live(const struct table *t, const void *entry)
{
	return entry != NULL && table_hdr(entry)->prev != NULL;
}

void *
table_peek(const struct table *t, const void *key)
{
	struct table_hdr *h = table_find(t, key);

	return h != NULL ? table_user(h) : NULL;
}

void
table_touch(struct table *t, void *entry)
{
	struct table_hdr *h = table_hdr(entry);

	if (h->prev != NULL)
		lru_touch(t, h);
}

void *
table_insert(struct table *t, const void *key, int *evicted)
{
	struct table_hdr *h, **b;
	char *e;

	if (evicted != NULL)
		*evicted = 0;
	if (table_find(t, key) != NULL) {
		t->st.dup_inserts++;
		return NULL;
	}
	if (t->old != NULL)
		table_migrate(t, TABLE_MIGRATE);
	else if (t->st.entries > t->mask)
		table_grow(t);
	if ((h = table_alloc(t, evicted)) == NULL)
		return NULL;
	e = table_user(h);
	/* memmove: the key may live in the record just evicted for room. */
	memmove(e, key, t->key_size);
	memset(e + t->key_size, 0, t->entry_size - t->key_size);
	h->expires = TABLE_NEVER;
	b = table_bucket(t, e);
	h->hnext = *b;
	*b = h;
	lru_append(t, h);
	t->st.inserts++;
	if (++t->st.entries > t->st.peak_entries)
		t->st.peak_entries = t->st.entries;
	return e;
}

void
table_remove(struct table *t, void *entry)
{
	struct table_hdr *h = table_hdr(entry);

	if (h->prev == NULL)
		return;
	table_drop(t, h);
	t->st.removed++;
}

void
table_set_expiry(struct table *t, void *entry, int64_t when)
{
	struct table_hdr *h = table_hdr(entry);

	if (h->prev == NULL)
		return;
	t->inversions -= lru_inv(t, h->prev, h) + lru_inv(t, h, h->next);
	h->expires = when;
	t->inversions += lru_inv(t, h->prev, h) + lru_inv(t, h, h->next);
	if (when < t->next_due)
		t->next_due = when;
}

int64_t
table_expiry(const struct table *t, const void *entry)
{
	return table_hdr(entry)->expires;
}

static int
table_due(const struct table_hdr *h, int64_t now)
{
	return h->expires <= now && h->expires != TABLE_NEVER;
}

/*
 * Nothing happens before the earliest deadline known (next_due, kept
 * low by table_set_expiry).  With one idle timeout per table the
 * deadlines follow the LRU order and the walk stops at the first entry
 * not due.  They need not (a half-open SA waits less than an
 * established one), and then stopping early would let one long deadline
 * hold back every short one behind it: the whole list is walked.
 */
size_t
table_expire(struct table *t, int64_t now)
{
	struct table_hdr *h, *n;
	int64_t due = TABLE_NEVER;
	size_t k = 0;

	if (t->next_due == TABLE_NEVER || now < t->next_due)
		return 0;
	if (t->inversions == 0) {
		while ((h = t->lru.next) != &t->lru && table_due(h, now)) {
			table_evict(t, h, TABLE_EXPIRED);
			k++;
		}
		t->next_due = h != &t->lru ? h->expires : TABLE_NEVER;
		t->st.expired += k;
		return k;
	}
	t->st.expire_scans++;
	for (h = t->lru.next; h != &t->lru; h = n) {
		n = h->next;
		if (table_due(h, now)) {
			table_evict(t, h, TABLE_EXPIRED);
			k++;
		} else if (h->expires < due)
			due = h->expires;
	}
	t->next_due = due;
	t->st.expired += k;
	return k;
}

size_t
table_flush(struct table *t)
{
	size_t k = 0;

	while (t->lru.next != &t->lru) {
		table_evict(t, t->lru.next, TABLE_FLUSH);
		k++;
	}
	t->next_due = TABLE_NEVER;
	t->st.flushed += k;
	return k;
}

void *
table_first(const struct table *t)
{
	return t->lru.next != &t->lru ? table_user(t->lru.next) : NULL;
}

void *
table_next(const struct table *t, const void *entry)
{
	const struct table_hdr *h = table_hdr(entry);

	if (h->next == NULL || h->next == &t->lru)
		return NULL;
	return table_user(h->next);
}

const struct table_stats *
table_stats(const struct table *t)
{
	return &t->st;
}

size_t
table_entry_bytes(const struct table *t)
{
	return t->stride;
}

const char *
table_why_name(int why)
{
	if (why <= 0 || (size_t)why >= sizeof(table_why_names) /
	    sizeof(table_why_names[0]) || table_why_names[why] == NULL)
		return "unknown";
	return table_why_names[why];
}
