/*
 * table.h: the one bounded hash table behind every piece of state that
 * lives across packets (IKE SAs, ESP SPIs).
 *
 * Cookies and SPIs are chosen by whoever sends the packet, so the hash
 * is SipHash-1-3 under a random per-table seed: nobody can aim keys at
 * one bucket.  The table is bounded three ways: an idle deadline per
 * entry (table_expire), a memory cap (the least recently used entry
 * makes room), and table_flush at the end of a capture.  Every entry
 * that leaves without the owner asking goes through the eviction
 * callback first and is counted, so nothing is lost silently.
 *
 * Entries are fixed-size records of entry_size bytes.  The key is the
 * first key_size bytes of the record: the owner lays out its struct with
 * the key first.  A new record is zeroed, key excepted.  Records never
 * move while they are in the table, so the owner may keep pointers to
 * them (a child SA to its IKE SA) until they are removed or evicted.
 * Each record is aligned for any type (16 bytes).
 *
 * Memory: records come from a pool the table owns, grown in chunks (each
 * a quarter of the pool so far) up to the cap and reused through a free
 * list, so steady state does not allocate.  Per record the table adds
 * a 32-byte header in front of the owner's bytes, rounded to 16, and a
 * bucket slot (8 bytes; the bucket array doubles at one record per
 * bucket and never shrinks; the chains move to the doubled array a few
 * per insert, so no insert waits for a full rehash); table_entry_bytes()
 * says what one record
 * costs in the pool.  bytes = pool chunks + bucket array, and never
 * exceeds the cap, not even while the bucket array is being doubled.
 *
 * Time is packet time in seconds, never the wall clock.  The hot path
 * finds with table_get and keeps alive with table_refresh, which moves
 * an entry in the LRU order at most once per the table's slack: the
 * "least recently used" above is then exact to within the slack.
 */
#ifndef IKW_TABLE_H
#define IKW_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define TABLE_MEMCAP_DEFAULT	((size_t)256 << 20)
#define TABLE_NEVER		INT64_MAX	/* no idle deadline */

/* Why an entry left without table_remove(); see table_why_name(). */
enum table_why {
	TABLE_EXPIRED = 1,	/* its deadline passed (table_expire) */
	TABLE_MEMCAP,		/* least recently used, the cap was reached */
	TABLE_FLUSH		/* table_flush */
};

/*
 * Called before an entry leaves the table, while it is still whole, so
 * the owner can report what is lost.  It may read the entry and call
 * table_peek(), table_stats() and table_first()/table_next(); it must
 * not insert, remove, look up (a lookup moves entries) or flush.
 */
typedef void (*table_evict_fn)(void *arg, void *entry, int why);

struct table_stats {
	size_t		 entries;
	size_t		 peak_entries;
	size_t		 bytes;		/* pool chunks + bucket array */
	size_t		 memcap;
	size_t		 buckets;
	uint64_t	 inserts;
	uint64_t	 lookups;	/* table_lookup, not table_peek */
	uint64_t	 hits;
	uint64_t	 removed;	/* by the owner, table_remove */
	uint64_t	 expired;	/* TABLE_EXPIRED */
	uint64_t	 expire_scans;	/* full passes: deadlines unordered */
	uint64_t	 evicted_memcap; /* TABLE_MEMCAP */
	uint64_t	 flushed;	/* TABLE_FLUSH */
	uint64_t	 dup_inserts;	/* table_insert of a present key */
	uint64_t	 resizes;	/* bucket array doublings */
	int		 growing;	/* the old array still holds chains */
	uint64_t	 alloc_failures; /* malloc said no; the cap took over */
	int		 weak_seed;	/* no OS entropy: hash seed guessable */
};

struct table;

/*
 * A table of entry_size-byte records keyed by their first key_size
 * bytes.  memcap 0 means TABLE_MEMCAP_DEFAULT.  evict may be NULL (the
 * counters still tell).  NULL when out of memory, when key_size is 0 or
 * larger than entry_size, or when the cap cannot hold even one record.
 */
struct table	*table_new(size_t key_size, size_t entry_size,
		    size_t memcap, table_evict_fn evict, void *arg);
/*
 * When the cap is reached, an entry cheap(entry) calls cheap to lose goes
 * before the least recently used one: the oldest such among the
 * TABLE_PREFER_SCAN least recently used (a flood of half-open IKE SAs
 * gives way before the real SAs).  NULL: plain LRU.
 */
#define TABLE_PREFER_SCAN	64
void		 table_set_cheap(struct table *, int (*cheap)(const void *));
/* Frees everything without callbacks: table_flush() first to report. */
void		 table_free(struct table *);
/* A fixed seed, for tests; rehashes what is already in the table. */
void		 table_seed(struct table *, uint64_t k0, uint64_t k1);

/* The entry with this key, made the most recently used; NULL if none. */
void		*table_lookup(struct table *, const void *key);
/* The same without touching the LRU order or the counters. */
void		*table_peek(const struct table *, const void *key);
/* Makes an entry the most recently used (one held by pointer). */
void		 table_touch(struct table *, void *entry);
/*
 * The hot path's pair: table_get finds an entry (counted like a
 * lookup) without moving it, and table_refresh keeps a found entry
 * alive until `until' (packet time).  An entry whose deadline already
 * reaches `until' stays where it is; otherwise it becomes the most
 * recently used with its deadline set to until + the table's slack.  So
 * an entry busy with many packets a second moves, and touches its LRU
 * neighbours' cache lines, at most once per `slack' seconds: the LRU
 * order is then exact to within the slack, and an entry leaves at most
 * `slack' seconds after its idle deadline, never before.
 */
void		*table_get(struct table *, const void *key);
void		 table_refresh(struct table *, void *entry, int64_t until);
/*
 * Read-ahead, for a caller that knows a key a few packets before it
 * needs the entry.  table_prefetch_bucket hashes the key and starts its
 * bucket toward the cache; a packet later table_prefetch_first starts
 * the first `lines' cache lines of the entry the bucket leads to (chains
 * are short: usually the one sought) and returns it, unchecked; a packet
 * after that table_find_hashed finds the key's entry, now in cache.
 * When its turn comes, table_get_kept takes such an entry instead of a
 * lookup if it is still in the table under that key, and counts like
 * table_get.  Nothing here moves or changes an entry.
 */
uint64_t	 table_prefetch_bucket(const struct table *, const void *key);
const void	*table_prefetch_first(const struct table *, uint64_t hash,
		    unsigned lines);
void		*table_find_hashed(const struct table *, uint64_t hash,
		    const void *key);
void		*table_get_kept(struct table *, const void *key, void *kept);
/* Seconds of slack for table_refresh (0, the default: exact). */
void		 table_set_slack(struct table *, int64_t secs);
/*
 * Whether a record a pointer was kept to is still in the table.  Records
 * never move and their memory stays the table's until table_free, so a
 * kept pointer may always be read; once its record left, the slot may
 * hold another key: compare the key too.
 */
int		 table_live(const struct table *, const void *entry);

/*
 * A new zeroed entry with the key copied in, the most recently used,
 * with no deadline (TABLE_NEVER).  When the cap is reached the least
 * recently used entry goes first (callback TABLE_MEMCAP) and *evicted,
 * if not NULL, is set to 1: a pointer held across an insert is good
 * only if the callback did not see it.  The key must not be present:
 * look it up first.  NULL if it is (counted in dup_inserts, nothing
 * changes), or when memory ran out with nothing left to evict.
 */
void		*table_insert(struct table *, const void *key, int *evicted);
/* Takes an entry out, no callback: the owner knows.  Twice is harmless. */
void		 table_remove(struct table *, void *entry);

/* The idle deadline, in seconds of packet time; due when now >= when. */
void		 table_set_expiry(struct table *, void *entry, int64_t when);
int64_t		 table_expiry(const struct table *, const void *entry);
/*
 * Evicts every entry due at now (callback TABLE_EXPIRED), least recently
 * used first; returns how many.  Free until the earliest deadline comes.
 * Then, when deadlines follow the LRU order (one idle timeout, reset by
 * table_set_expiry after each lookup), it visits only the due entries;
 * otherwise it passes over all of them (counted in expire_scans).
 */
size_t		 table_expire(struct table *, int64_t now);
/* Evicts everything (callback TABLE_FLUSH); the pool is kept for reuse. */
size_t		 table_flush(struct table *);

/*
 * Iteration from the least to the most recently used.  To remove while
 * iterating, take the next entry before removing the current one:
 *
 *	for (e = table_first(t); e != NULL; e = n) {
 *		n = table_next(t, e);
 *		if (done(e))
 *			table_remove(t, e);
 *	}
 *
 * Use table_peek(), not table_lookup(), inside the loop, and do not
 * insert: both reorder or evict entries under the walk.
 */
void		*table_first(const struct table *);
void		*table_next(const struct table *, const void *entry);

const struct table_stats *table_stats(const struct table *);
/* Pool bytes per record: header plus entry_size, rounded to 16. */
size_t		 table_entry_bytes(const struct table *);
/* "expired", "memcap", "flush": the names reports and JSON use. */
const char	*table_why_name(int why);

/* The table's keyed hash of a key (for tests and diagnostics). */
uint64_t	 table_hash(const struct table *, const void *key);
/* SipHash-2-4; k0, k1: its 16-byte key as two little-endian words. */
uint64_t	 table_siphash(uint64_t k0, uint64_t k1, const void *,
		    size_t);
/* SipHash-1-3, the tables' hash; the same key layout. */
uint64_t	 table_siphash13(uint64_t k0, uint64_t k1, const void *,
		    size_t);

#endif
