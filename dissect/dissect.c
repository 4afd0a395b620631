/*
 * dissect.c: one frame, link layer to IKE/ESP, into a struct pkt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "dissect/decrypt.h"
#include "dissect/dissect.h"
#include "dissect/ikefrag.h"
#include "dissect/ip.h"
#include "dissect/layers.h"
#include "dissect/link.h"

struct dissector {
	int		 dlt;
	struct frag_table *frags;
	struct ikefrag_table *ikefrags;
	struct decryptor *dec;		/* --keys: NULL without */
};

struct dissector *
dissect_new(int dlt, char *errbuf, size_t errlen)
{
	struct dissector *d;
	const char *name;

	if (!link_supported(dlt)) {
		name = pcap_datalink_val_to_name(dlt);
		snprintf(errbuf, errlen, "link type %d (%s) is not one ikewatch "
		    "reads (Ethernet, Linux cooked, BSD loopback, raw IP)",
		    dlt, name ? name : "unknown");
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL || (d->frags = frag_new()) == NULL ||
	    (d->ikefrags = ikefrag_new()) == NULL) {
		if (d != NULL)
			frag_free(d->frags);
		free(d);
		snprintf(errbuf, errlen, "out of memory for the dissector");
		return NULL;
	}
	d->dlt = dlt;
	return d;
}

void
dissect_free(struct dissector *d)
{
	if (d == NULL)
		return;
	frag_free(d->frags);
	ikefrag_free(d->ikefrags);
	decrypt_free(d->dec);
	free(d);
}

int
dissect_set_keys(struct dissector *d, const struct keystore *ks)
{
	decrypt_free(d->dec);
	d->dec = NULL;
	if (ks == NULL)
		return 0;
	return (d->dec = decrypt_new(ks)) != NULL ? 0 : -1;
}

const struct decrypt_stats *
dissect_decrypt_stats(const struct dissector *d)
{
	return d->dec != NULL ? decrypt_stats(d->dec) : NULL;
}

int
dissect_next_lost(struct dissector *d, struct frag_lost *out)
{
	return frag_next_lost(d->frags, out);
}

void
dissect_flush(struct dissector *d)
{
	frag_flush(d->frags);
	ikefrag_flush(d->ikefrags);
}

int
dissect_next_ikefrag_lost(struct dissector *d, struct ikefrag_lost *out)
{
	return ikefrag_next_lost(d->ikefrags, out);
}

const struct ikefrag_stats *
dissect_ikefrag_stats(const struct dissector *d)
{
	return ikefrag_stats(d->ikefrags);
}

int
dissect_lost_head(const struct frag_lost *l, struct pkt *p)
{
	memset(p, 0, sizeof(*p));
	if (l->headlen == 0)
		return 0;
	p->partial = 1;
	p->has_ip = 1;
	p->ip_ver = l->key.src.family;
	p->src = l->key.src;
	p->dst = l->key.dst;
	p->proto = l->key.proto;
	l4_decode(cur_make(l->head, l->headlen), p);
	return 1;
}

int
dissect_dlt(const struct dissector *d)
{
	return d->dlt;
}

const struct frag_stats *
dissect_frag_stats(const struct dissector *d)
{
	return frag_stats(d->frags);
}

/* Hand a fragment to the table; dissect the datagram once it is whole. */
static void
dissect_fragment(struct dissector *d, struct cur payload, struct pkt *p)
{
	struct frag_key k;
	struct frag_done done;
	struct cur whole;
	int overlap, r;

	/* A fragment cut by the snaplen cannot fill its place: only look. */
	r = 0;
	overlap = 0;
	if (p->partial)
		goto first_piece;
	memset(&k, 0, sizeof(k));
	k.src = p->src;
	k.dst = p->dst;
	k.id = p->ip_id;
	k.proto = p->proto;
	r = frag_add(d->frags, &k, p->ts_sec, p->ts_nsec, p->frame, p->frag_off,
	    p->frag_more, cur_ptr(&payload), cur_left(&payload), &done,
	    &overlap);
	if (overlap)
		pkt_anomaly(p, ANOM_FRAG_OVERLAP);
	if (r < 0)
		pkt_anomaly(p, ANOM_FRAG_BAD);
first_piece:
	if (r <= 0) {
		/*
		 * The first piece still shows the ports, the SPI, the IKE
		 * header: decode it as a partial datagram, kept apart from
		 * whole messages by its kind.
		 */
		if (r == 0 && p->frag_off == 0 && (p->ip_ver == 4 ||
		    ip6_walk(&payload, p->proto, p, &payload) == IP_WHOLE)) {
			p->partial = 1;
			l4_decode(payload, p);
			p->frag_inner = p->kind;
		}
		p->kind = PK_FRAG;
		return;
	}
	p->frag_count = done.count;
	p->frag_first = done.first_frame;
	whole = cur_make(done.data, done.len);
	if (p->ip_ver == 6 &&
	    ip6_walk(&whole, p->proto, p, &whole) != IP_WHOLE)
		return;
	l4_decode(whole, p);
}

void
dissect_frame(struct dissector *d, const struct cap_frame *f, struct pkt *p)
{
	struct cur c = cur_make(f->data, f->caplen), payload;
	int net, r;

	/* The payload array is only read up to ike.npl: skip clearing it. */
	memset(p, 0, offsetof(struct pkt, ike));
	memset(&p->ike, 0, offsetof(struct ike_msg, pl));
	memset(&p->esp, 0, sizeof(*p) - offsetof(struct pkt, esp));
	p->frame = f->no;
	p->ts_sec = f->ts_sec;
	p->ts_nsec = f->ts_nsec;
	p->caplen = f->caplen;
	p->wirelen = f->wirelen;
	if (f->caplen < f->wirelen) {
		pkt_anomaly(p, ANOM_TRUNCATED);
		p->partial = 1;
	}
	if (f->dlt != d->dlt && !link_supported(f->dlt)) {
		pkt_anomaly(p, ANOM_LINK_UNSUPPORTED);
		return;
	}
	net = link_decode(f->dlt, &c, p);
	if (net == LINK_NET_IPV4)
		r = ip4_header(&c, p, &payload);
	else if (net == LINK_NET_IPV6)
		r = ip6_header(&c, p, &payload);
	else
		return;
	if (r == IP_WHOLE)
		l4_decode(payload, p);
	else if (r == IP_FRAGMENT)
		dissect_fragment(d, payload, p);
	if (p->kind == PK_IKE && p->ike.frag_no != 0)
		ikefrag_add(d->ikefrags, p);
	if (d->dec != NULL)
		decrypt_packet(d->dec, p);
}
