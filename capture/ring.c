/*
 * ring.c: the bounded ring of recent frames (see ring.h).
 *
 * Each class has a byte arena written from the start to the end and
 * round again, and a queue of frame records in arrival order.  A frame
 * goes where the last one ended, or at the start of the arena when it
 * does not fit before the end; the oldest frames go first until the
 * room it needs is free.  Frame numbers rise, so a lookup is a binary
 * search over the queue.  Nothing is allocated per frame once the
 * queue has grown to its working size.
 */
#include <stdlib.h>
#include <string.h>

#include "capture/ring.h"

struct ring_rec {
	uint64_t	 no;
	int64_t		 ts_sec;
	uint32_t	 ts_nsec;
	uint32_t	 caplen;
	uint32_t	 wirelen;
	int		 dlt;
	size_t		 off;
};

struct ring_class_store {
	uint8_t		*arena;
	size_t		 size;
	size_t		 head;		/* where the next frame goes */
	struct ring_rec	*q;		/* circular, oldest at first */
	size_t		 cap;
	size_t		 first;
	size_t		 n;
	uint64_t	 dropped;
};

struct frame_ring {
	size_t		 bytes;
	uint64_t	 too_big;
	struct ring_class_store c[RING_CLASSES];
};

/* Control frames are what findings cite most: they get most room. */
#define CONTROL_SHARE(b)	((b) / 4 * 3)

struct frame_ring *
ring_new(size_t bytes)
{
	struct frame_ring *r;
	int i;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->bytes = bytes;
	r->c[RING_CONTROL].size = CONTROL_SHARE(bytes);
	r->c[RING_BULK].size = bytes - CONTROL_SHARE(bytes);
	for (i = 0; i < RING_CLASSES; i++)
		if ((r->c[i].arena = malloc(r->c[i].size ? r->c[i].size :
		    1)) == NULL) {
			ring_free(r);
			return NULL;
		}
	return r;
}

void
ring_free(struct frame_ring *r)
{
	int i;

	if (r == NULL)
		return;
	for (i = 0; i < RING_CLASSES; i++) {
		free(r->c[i].arena);
		free(r->c[i].q);
	}
	free(r);
}

static struct ring_rec *
rec_at(const struct ring_class_store *s, size_t i)
{
	return &s->q[(s->first + i) % s->cap];
}

static void
drop_oldest(struct ring_class_store *s)
{
	s->first = (s->first + 1) % s->cap;
	if (--s->n == 0)
		s->first = s->head = 0;
	s->dropped++;
}

/* Room for one more record; 0, or -1 when out of memory. */
static int
queue_room(struct ring_class_store *s)
{
	struct ring_rec *q;
	size_t c, i;

	if (s->n < s->cap)
		return 0;
	c = s->cap ? s->cap * 2 : 1024;
	if ((q = malloc(c * sizeof(*q))) == NULL)
		return -1;
	for (i = 0; i < s->n; i++)
		q[i] = *rec_at(s, i);
	free(s->q);
	s->q = q;
	s->cap = c;
	s->first = 0;
	return 0;
}

void
ring_add(struct frame_ring *r, const struct cap_frame *f, enum ring_class k)
{
	struct ring_class_store *s = &r->c[k];
	struct ring_rec *o;
	size_t len = f->caplen, off;

	if (len > s->size) {
		r->too_big++;
		return;
	}
	off = s->head;
	if (s->n == 0)
		off = 0;
	else if (off + len > s->size) {
		/* Round to the start: what lies past head is the oldest. */
		while (s->n > 0 && rec_at(s, 0)->off >= s->head)
			drop_oldest(s);
		off = 0;
	}
	/* The oldest frames in the way go. */
	while (s->n > 0) {
		o = rec_at(s, 0);
		if (o->off >= off + len || o->off + o->caplen <= off)
			break;
		drop_oldest(s);
	}
	if (queue_room(s) != 0) {
		s->dropped++;
		return;
	}
	memcpy(s->arena + off, f->data, len);
	o = &s->q[(s->first + s->n) % s->cap];
	o->no = f->no;
	o->ts_sec = f->ts_sec;
	o->ts_nsec = f->ts_nsec;
	o->caplen = f->caplen;
	o->wirelen = f->wirelen;
	o->dlt = f->dlt;
	o->off = off;
	s->n++;
	s->head = off + len;
}

int
ring_get(const struct frame_ring *r, uint64_t no, struct cap_frame *out)
{
	const struct ring_class_store *s;
	const struct ring_rec *o;
	size_t lo, hi, mid;
	int k;

	for (k = 0; k < RING_CLASSES; k++) {
		s = &r->c[k];
		lo = 0;
		hi = s->n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (rec_at(s, mid)->no < no)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == s->n || (o = rec_at(s, lo))->no != no)
			continue;
		out->no = o->no;
		out->ts_sec = o->ts_sec;
		out->ts_nsec = o->ts_nsec;
		out->caplen = o->caplen;
		out->wirelen = o->wirelen;
		out->dlt = o->dlt;
		out->data = s->arena + o->off;
		return 1;
	}
	return 0;
}

void
ring_stats(const struct frame_ring *r, struct ring_stats *st)
{
	int k;

	memset(st, 0, sizeof(*st));
	st->bytes = r->bytes;
	st->too_big = r->too_big;
	for (k = 0; k < RING_CLASSES; k++) {
		st->kept[k] = r->c[k].n;
		st->dropped[k] = r->c[k].dropped;
		st->oldest[k] = r->c[k].n ? rec_at(&r->c[k], 0)->no : 0;
	}
}
