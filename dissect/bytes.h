/*
 * bytes.h: a bounds-checked cursor over packet bytes.
 *
 * Every read of packet memory goes through a struct cur.  A read past the
 * end sets a sticky error: the cursor stays failed, every later read
 * returns zero, and the caller checks cur_ok() once after a group of
 * reads.  A child cursor (cur_sub) is limited to the length a field
 * announced, so a payload handler cannot run past its own payload even
 * when the length is a lie.  Packet memory is never cast to a struct.
 */
#ifndef IKW_BYTES_H
#define IKW_BYTES_H

#include <stddef.h>
#include <stdint.h>

struct cur {
	const uint8_t	*p;	/* first byte of the window */
	size_t		 len;	/* bytes in the window */
	size_t		 off;	/* read position */
	int		 err;	/* sticky: a read went past the end */
};

static inline struct cur
cur_make(const uint8_t *p, size_t len)
{
	struct cur c = { p, len, 0, 0 };

	if (p == NULL)
		c.len = 0;
	return c;
}

static inline size_t
cur_left(const struct cur *c)
{
	return c->err ? 0 : c->len - c->off;
}

static inline int
cur_ok(const struct cur *c)
{
	return !c->err;
}

/* Pointer to the current position (a view, valid while the frame is). */
static inline const uint8_t *
cur_ptr(const struct cur *c)
{
	return c->p + (c->err ? c->len : c->off);
}

/* Reserve n bytes; returns a view of them or NULL (and fails the cursor). */
static inline const uint8_t *
cur_take(struct cur *c, size_t n)
{
	const uint8_t *r;

	if (c->err || n > c->len - c->off) {
		c->err = 1;
		return NULL;
	}
	r = c->p + c->off;
	c->off += n;
	return r;
}

static inline int
cur_skip(struct cur *c, size_t n)
{
	return cur_take(c, n) != NULL;
}

static inline uint8_t
cur_u8(struct cur *c)
{
	const uint8_t *b = cur_take(c, 1);

	return b ? b[0] : 0;
}

static inline uint16_t
cur_u16(struct cur *c)
{
	const uint8_t *b = cur_take(c, 2);

	return b ? (uint16_t)(b[0] << 8 | b[1]) : 0;
}

static inline uint32_t
cur_u32(struct cur *c)
{
	const uint8_t *b = cur_take(c, 4);

	return b ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3] : 0;
}

static inline uint64_t
cur_u64(struct cur *c)
{
	uint64_t hi = cur_u32(c);

	return hi << 32 | cur_u32(c);
}

/* Little-endian 32 bits (BSD loopback headers in the writer's order). */
static inline uint32_t
cur_u32le(struct cur *c)
{
	const uint8_t *b = cur_take(c, 4);

	return b ? (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[1] << 8 | b[0] : 0;
}

/* Copy n bytes into dst (zeros when short). */
static inline int
cur_copy(struct cur *c, void *dst, size_t n)
{
	const uint8_t *b = cur_take(c, n);
	uint8_t *d = dst;
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = b ? b[i] : 0;
	return b != NULL;
}

/*
 * Child cursor over the next n bytes; the parent moves past them.  When
 * fewer than n remain, the child gets what is there and the parent is
 * failed, so the caller learns of the short field from cur_ok(parent)
 * while the handler still sees every byte that was captured.
 */
static inline struct cur
cur_sub(struct cur *c, size_t n)
{
	struct cur s;
	size_t have = cur_left(c);

	if (n > have) {
		s = cur_make(cur_ptr(c), have);
		c->off = c->len;
		c->err = 1;
		return s;
	}
	s = cur_make(c->p + c->off, n);
	c->off += n;
	return s;
}

/* Child cursor over everything left; the parent is consumed. */
static inline struct cur
cur_rest(struct cur *c)
{
	return cur_sub(c, cur_left(c));
}

/* Read at an absolute offset without moving: 0 when out of range. */
static inline uint8_t
cur_peek_u8(const struct cur *c, size_t at)
{
	return (!c->err && at < c->len - c->off) ? c->p[c->off + at] : 0;
}

static inline uint32_t
cur_peek_u32(const struct cur *c, size_t at)
{
	if (c->err || c->len - c->off < 4 || at > c->len - c->off - 4)
		return 0;
	at += c->off;
	return (uint32_t)c->p[at] << 24 | (uint32_t)c->p[at + 1] << 16 |
	    (uint32_t)c->p[at + 2] << 8 | c->p[at + 3];
}

#endif
