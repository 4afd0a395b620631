/*
 * pairs.c: peer pairs across their IKE SAs (see pairs.h).
 */
#include <stdlib.h>
#include <string.h>

#include "diag/pairs.h"
#include "diag/table.h"
#include "dissect/names.h"

#define LOOP_LIFE	120.0	/* an SA gone within this is a short one */
#define LOOP_CYCLES	3

/*
 * A pair of peers, across their IKE SAs: how many came up from scratch
 * and went again quickly (delete_loop).
 */
struct pair_key {
	struct ip_addr	 lo;
	struct ip_addr	 hi;
	uint8_t		 version;
	uint8_t		 pad[5];
};

struct pair {
	struct pair_key	 key;		/* must stay first */
	uint32_t	 cycles;
	struct sa_when	 first;
	struct sa_when	 last;
	double		 longest;	/* seconds, of the short-lived SAs */
	uint64_t	 offer;		/* hash of the offer of the run */
	uint64_t	 ispi;		/* the latest, for the record */
	uint64_t	 rspi;
	struct ip_addr	 ini;
	struct ip_addr	 rsp;
	uint16_t	 ini_port;
	uint16_t	 rsp_port;
	uint16_t	 nframes;
	uint64_t	 frames[FIND_FRAMES];
};

struct pair_track {
	struct table	*pairs;
};

struct pair_track *
pairs_new(size_t memcap)
{
	struct pair_track *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	if ((t->pairs = table_new(sizeof(struct pair_key),
	    sizeof(struct pair), memcap, NULL, NULL)) == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

void
pairs_free(struct pair_track *t)
{
	if (t == NULL)
		return;
	table_free(t->pairs);
	free(t);
}

/* The exchange of the SA's latest message. */
static uint8_t
pairs_last_exch(const struct ike_sa *sa)
{
	const struct sa_msg *last = sa_last_msg(sa);

	return last != NULL ? last->exch : 0;
}

/* An SA that came up from scratch and ended with an Informational soon. */
void
pairs_note(struct pair_track *t, const struct ike_sa *sa)
{
	struct pair_key k;
	struct pair *pr;
	double life;
	uint8_t x = pairs_last_exch(sa);
	uint64_t oh;
	int evicted;

	life = ((double)sa->last.sec - (double)sa->first.sec) +
	    ((double)sa->last.nsec - (double)sa->first.nsec) / 1e9;
	if (!sa->established || sa->mode == 0 || life > LOOP_LIFE ||
	    (x != IKEV1_X_INFO && x != IKEV2_X_INFORMATIONAL))
		return;
	memset(&k, 0, sizeof(k));
	if (memcmp(&sa->ini, &sa->rsp, sizeof(sa->ini)) < 0) {
		k.lo = sa->ini;
		k.hi = sa->rsp;
	} else {
		k.lo = sa->rsp;
		k.hi = sa->ini;
	}
	k.version = sa->key.version;
	if ((pr = table_lookup(t->pairs, &k)) == NULL &&
	    (pr = table_insert(t->pairs, &k, &evicted)) == NULL)
		return;
	/* The same negotiation again and again: a new offer starts over. */
	oh = table_siphash(0, 0, sa->offer, strlen(sa->offer));
	if (pr->cycles > 0 && oh != pr->offer) {
		pr->cycles = 0;
		pr->nframes = 0;
		pr->longest = 0;
	}
	pr->offer = oh;
	if (pr->cycles++ == 0 || sa->first.frame < pr->first.frame)
		pr->first = sa->first;
	if (sa->last.frame > pr->last.frame) {
		pr->last = sa->last;
		pr->ispi = sa->key.ispi;
		pr->rspi = sa->rspi;
		pr->ini = sa->ini;
		pr->rsp = sa->rsp;
		pr->ini_port = sa->ini_port;
		pr->rsp_port = sa->rsp_port;
	}
	if (life > pr->longest)
		pr->longest = life;
	if (pr->nframes < FIND_FRAMES)
		pr->frames[pr->nframes++] = sa->first.frame;
}

void
pairs_findings(struct pair_track *t, finding_fn emit, void *arg)
{
	const struct pair *pr;
	struct finding f;
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	int i;

	for (pr = table_first(t->pairs); pr != NULL;
	    pr = table_next(t->pairs, pr)) {
		if (pr->cycles < LOOP_CYCLES)
			continue;
		finding_init(&f, F_DELETE_LOOP, NULL);
		f.version = pr->key.version;
		f.ispi = pr->ispi;
		f.rspi = pr->rspi;
		f.has_peers = 1;
		f.ini = pr->ini;
		f.rsp = pr->rsp;
		f.ini_port = pr->ini_port;
		f.rsp_port = pr->rsp_port;
		f.first = pr->first;
		f.last = pr->last;
		f.count = pr->cycles;
		for (i = 0; i < pr->nframes; i++)
			finding_frame(&f, pr->frames[i]);
		addr_fmt(&pr->ini, a, sizeof(a));
		addr_fmt(&pr->rsp, b, sizeof(b));
		finding_summary(&f, "%u IKEv%u SAs between %s and %s came up "
		    "and ended with an Informational within %.0f s each, one "
		    "after the other (first frame %llu, last %llu)",
		    pr->cycles, pr->key.version, a, b, pr->longest,
		    (unsigned long long)pr->first.frame,
		    (unsigned long long)pr->last.frame);
		finding_cause(&f, "the protected networks differ (mask, "
		    "host-vs-network): phase 2 fails and the SA is deleted");
		finding_cause(&f, "one peer holds stale SAs (clear them on "
		    "that side)");
		finding_cause(&f, "the identity (ID payload) is not accepted "
		    "after authentication");
		emit(arg, &f);
	}
}
