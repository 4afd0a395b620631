/*
 * json.c: JSON lines, one object per line, as ../docs FINDINGS.md sets
 * out: "packet" records, then "stats" at the end.  Field names are the
 * contract: add, never rename.
 */
#include <inttypes.h>
#include <stdio.h>

#include "dissect/decrypt.h"
#include "dissect/dissect.h"
#include "dissect/ikedetail.h"
#include "dissect/names.h"
#include "dissect/vendor.h"
#include "ui/fmt.h"
#include "ui/sink.h"

static void
json_begin(struct sink_ctx *c)
{
	(void)c;
}

static void
json_key_str(FILE *f, const char *k, const char *v)
{
	fprintf(f, ",\"%s\":", k);
	fmt_json_str(f, v);
}

/* The -v payload objects: a visitor over the payload walk. */
#define JTREE_DEPTH	16

struct jtree {
	FILE		*f;
	int		 first;		/* nothing written in this container */
	int		 depth;
	uint8_t		 is_list[JTREE_DEPTH];
};

static int
jtree_in_list(const struct jtree *t)
{
	return t->depth > 0 && t->depth <= JTREE_DEPTH &&
	    t->is_list[t->depth - 1];
}

static void
jtree_push(struct jtree *t, int list)
{
	if (t->depth < JTREE_DEPTH)
		t->is_list[t->depth] = (uint8_t)list;
	t->depth++;
}

/*
 * A separator and the key.  Keys inside a list, or none inside an
 * object, would make invalid JSON: the decoder never sends them, and
 * they are dropped here rather than trusted.
 */
static void
jtree_sep(struct jtree *t, const char *key)
{
	if (!t->first)
		putc(',', t->f);
	t->first = 0;
	if (jtree_in_list(t))
		return;
	fmt_json_str(t->f, key != NULL ? key : "value");
	putc(':', t->f);
}

static void
jtree_group_begin(void *arg, const char *key)
{
	struct jtree *t = arg;

	jtree_sep(t, key);
	putc('{', t->f);
	t->first = 1;
	jtree_push(t, 0);
}

static void
jtree_group_end(void *arg)
{
	struct jtree *t = arg;

	putc('}', t->f);
	t->first = 0;
	t->depth--;
}

static void
jtree_list_begin(void *arg, const char *key)
{
	struct jtree *t = arg;

	jtree_sep(t, key);
	putc('[', t->f);
	t->first = 1;
	jtree_push(t, 1);
}

static void
jtree_list_end(void *arg)
{
	struct jtree *t = arg;

	putc(']', t->f);
	t->first = 0;
	t->depth--;
}

static void
jtree_value(void *arg, int level, const char *key, const struct ikd_value *v)
{
	struct jtree *t = arg;
	char a[ADDR_STRLEN];
	size_t i;

	(void)level;
	jtree_sep(t, key);
	switch (v->kind) {
	case IKD_UINT:
		fprintf(t->f, "%llu", (unsigned long long)v->u);
		break;
	case IKD_NAMED:
		/* The name for people, the number beside it for scripts. */
		fmt_json_str(t->f, v->s);
		if (key != NULL && !jtree_in_list(t))
			fprintf(t->f, ",\"%s_num\":%llu", key,
			    (unsigned long long)v->u);
		break;
	case IKD_TEXT:
		fmt_json_str(t->f, v->s);
		break;
	case IKD_BYTES:
		putc('"', t->f);
		for (i = 0; i < v->n; i++)
			fprintf(t->f, "%02x", v->b[i]);
		putc('"', t->f);
		break;
	case IKD_ADDR:
		fmt_json_str(t->f, addr_fmt(&v->addr, a, sizeof(a)));
		break;
	case IKD_BOOL:
		fputs(v->u ? "true" : "false", t->f);
		break;
	}
}

/* "notify" and "vid": the names of the notifies and known Vendor IDs. */
static void
json_notify_vid(FILE *f, const struct ike_msg *m)
{
	char u[VID_NAME_MAX];
	const uint8_t *vid;
	size_t len;
	int first = 1, t;
	uint8_t i;

	fputs(",\"notify\":[", f);
	for (i = 0; i < m->npl; i++) {
		if ((t = ikd_notify_type(m, i)) < 0)
			continue;
		if (!first)
			putc(',', f);
		fmt_json_str(f, ikd_notify_name(m->major, (unsigned)t, u,
		    sizeof(u)));
		first = 0;
	}
	fputs("],\"vid\":[", f);
	for (first = 1, i = 0; i < m->npl; i++) {
		if ((vid = ikd_vendor_id(m, i, &len)) == NULL ||
		    !vendor_id_name(vid, len, u, sizeof(u)))
			continue;
		if (!first)
			putc(',', f);
		fmt_json_str(f, u);
		first = 0;
	}
	putc(']', f);
}

static void
json_payloads(FILE *f, const struct ike_msg *m, int verbose)
{
	/* The walk's payload groups go into the "payloads" list. */
	struct jtree t = { f, 1, 1, { 1 } };
	struct ikd_visitor v = {
		&t, jtree_group_begin, jtree_group_end, jtree_list_begin,
		jtree_list_end, jtree_value,
	};
	char u[24];
	uint8_t i;

	fputs(",\"payloads\":[", f);
	if (verbose >= 1)
		ikd_walk(m, verbose, &v);
	else
		for (i = 0; i < m->npl; i++) {
			if (i)
				putc(',', f);
			fmt_json_str(f, names_or_unknown(ike_payload_name(
			    m->major, m->pl[i].type), m->pl[i].type, u,
			    sizeof(u)));
		}
	putc(']', f);
	json_notify_vid(f, m);
	if (m->encrypted && m->dec != DEC_OK) {
		uint8_t first = m->major == 1 ? m->np : m->inner_np;

		json_key_str(f, "encrypted_first", names_or_unknown(
		    ike_payload_name(m->major, first), first, u, sizeof(u)));
	}
	if (m->dec != DEC_NONE)
		json_key_str(f, "decrypted", dec_status_name(m->dec));
	if (m->frag_no)
		fprintf(f, ",\"fragment\":{\"number\":%u,\"total\":%u}",
		    m->frag_no, m->frag_total);
}

static void
json_ike(FILE *f, const struct ike_msg *m, int verbose)
{
	char u[24], fl[8];

	if (!m->have_hdr)
		return;
	fprintf(f, ",\"ispi\":\"%016" PRIx64 "\",\"rspi\":\"%016" PRIx64 "\"",
	    m->ispi, m->rspi);
	if (m->major != 1 && m->major != 2) {
		/* The layout is shared: show what a foreign version says. */
		fprintf(f, ",\"version\":\"%u.%u\",\"exchange_type\":%u,"
		    "\"msgid\":%" PRIu32 ",\"length\":%" PRIu32
		    ",\"non_esp_marker\":%s", m->major, m->minor, m->exch,
		    m->msgid, m->len, m->nonesp_marker ? "true" : "false");
		return;
	}
	json_key_str(f, "exchange", names_or_unknown(ike_exch_json(m->major,
	    m->exch), m->exch, u, sizeof(u)));
	fprintf(f, ",\"exchange_type\":%u,\"msgid\":%" PRIu32, m->exch,
	    m->msgid);
	json_key_str(f, "flags", fmt_ike_flags(m, fl, sizeof(fl)));
	fprintf(f, ",\"length\":%" PRIu32 ",\"non_esp_marker\":%s", m->len,
	    m->nonesp_marker ? "true" : "false");
	json_payloads(f, m, verbose);
}

static void
json_icmp(FILE *f, const struct icmp_quote *q)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN];

	fprintf(f, ",\"icmp_type\":%u,\"icmp_code\":%u", q->type, q->code);
	json_key_str(f, "icmp", fmt_icmp(q));
	if (q->mtu)
		fprintf(f, ",\"mtu\":%" PRIu32, q->mtu);
	if (q->has_ports) {
		addr_port_fmt(&q->src, q->sport, s, sizeof(s));
		addr_port_fmt(&q->dst, q->dport, d, sizeof(d));
	} else {
		addr_fmt(&q->src, s, sizeof(s));
		addr_fmt(&q->dst, d, sizeof(d));
	}
	fputs(",\"quoted\":{\"src\":", f);
	fmt_json_str(f, s);
	fputs(",\"dst\":", f);
	fmt_json_str(f, d);
	fprintf(f, ",\"ip_proto\":%u", q->proto);
	if (q->has_ike)
		fprintf(f, ",\"ispi\":\"%016" PRIx64 "\",\"rspi\":\"%016"
		    PRIx64 "\"", q->ike_ispi, q->ike_rspi);
	if (q->has_spi)
		fprintf(f, ",\"spi\":\"%08" PRIx32 "\"", q->spi);
	putc('}', f);
}

static void
json_anomalies(FILE *f, uint32_t a)
{
	int i, first = 1;

	if (a == 0)
		return;
	fputs(",\"anomalies\":[", f);
	for (i = 0; i < ANOM_COUNT; i++) {
		if (!(a & (1u << i)))
			continue;
		if (!first)
			putc(',', f);
		fmt_json_str(f, anomaly_name(i));
		first = 0;
	}
	putc(']', f);
}

static void	json_body(FILE *, const struct pkt *, int, int);

static void
json_packet(struct sink_ctx *c, const struct pkt *p)
{
	char ts[FMT_TS_LEN], src[ADDR_STRLEN], dst[ADDR_STRLEN];
	FILE *f = c->out;

	if (c->quiet || (p->kind == PK_OTHER && c->verbose < 2))
		return;
	fmt_endpoints(p, src, dst, sizeof(src));
	fprintf(f, "{\"type\":\"packet\",\"frame\":%" PRIu64 ",\"ts\":\"%s\"",
	    p->frame, fmt_rfc3339(p->ts_sec, p->ts_nsec, ts, sizeof(ts)));
	if (p->has_ip) {
		json_key_str(f, "src", src);
		json_key_str(f, "dst", dst);
	}
	json_key_str(f, "proto", fmt_proto(p));
	fprintf(f, ",\"caplen\":%" PRIu32 ",\"len\":%" PRIu32, p->caplen,
	    p->wirelen);
	if (p->vlans)
		fprintf(f, ",\"vlan\":%u", p->vlan_id[0]);
	json_body(f, p, p->kind, c->verbose);
	if (p->frag_count)
		fprintf(f, ",\"reassembled\":{\"fragments\":%u,\"first_frame\""
		    ":%" PRIu64 "}", p->frag_count, p->frag_first);
	json_anomalies(f, p->anomalies);
	fputs("}\n", f);
}

/* With keys: "decrypted" and the inner packet's header fields. */
static void
json_esp_inner(FILE *f, const struct esp_hdr *e)
{
	char a[ADDR_STRLEN];

	if (e->dec == DEC_NONE)
		return;
	json_key_str(f, "decrypted", dec_status_name(e->dec));
	if (e->dec != DEC_OK)
		return;
	fprintf(f, ",\"icv_checked\":%s,\"next_header\":%u,\"inner\":{",
	    e->dec_checked ? "true" : "false", e->next_header);
	fprintf(f, "\"proto\":%u,\"length\":%" PRIu32, e->inner_proto,
	    e->inner_len);
	if (e->has_inner) {
		json_key_str(f, "src", addr_fmt(&e->inner_src, a, sizeof(a)));
		json_key_str(f, "dst", addr_fmt(&e->inner_dst, a, sizeof(a)));
	}
	if (e->inner_ports)
		fprintf(f, ",\"sport\":%u,\"dport\":%u", e->inner_sport,
		    e->inner_dport);
	putc('}', f);
}

static void
json_body(FILE *f, const struct pkt *p, int kind, int verbose)
{
	struct pkt inner;

	switch (kind) {
	case PK_IKE:
		json_ike(f, &p->ike, verbose);
		break;
	case PK_ESP:
	case PK_ESP_UDP:
		/* Only what was captured: a cut header prints no zeros. */
		if (p->esp.have >= 4)
			fprintf(f, ",\"spi\":\"%08" PRIx32 "\"", p->esp.spi);
		if (p->esp.have >= 8)
			fprintf(f, ",\"seq\":%" PRIu32, p->esp.seq);
		json_esp_inner(f, &p->esp);
		break;
	case PK_ICMP:
		json_icmp(f, &p->icmp);
		break;
	case PK_FRAG:
		fprintf(f, ",\"ip_id\":%" PRIu32 ",\"frag_offset\":%" PRIu32
		    ",\"more_fragments\":%s", p->ip_id, p->frag_off,
		    p->frag_more ? "true" : "false");
		if (p->frag_inner == PK_OTHER || p->frag_inner == PK_FRAG)
			break;
		/* The first piece: what the datagram starts with. */
		inner = *p;
		inner.kind = p->frag_inner;
		json_key_str(f, "inner_proto", fmt_proto(&inner));
		json_body(f, p, p->frag_inner, verbose);
		return;
	}
	if (p->has_ah)
		fprintf(f, ",\"ah\":{\"spi\":\"%08" PRIx32 "\",\"seq\":%"
		    PRIu32 "}", p->ah.spi, p->ah.seq);
}

static void
json_end(struct sink_ctx *c, const struct sink_end *e)
{
	const struct diag_stats *st = e->diag;
	char ts[FMT_TS_LEN];
	FILE *f = c->out;
	int i, first = 1;

	fputs("{\"type\":\"stats\"", f);
	json_key_str(f, "source", c->cap.name);
	json_key_str(f, "link_type", c->cap.dlt_name ? c->cap.dlt_name : "?");
	fprintf(f, ",\"snaplen\":%d,\"packets\":%" PRIu64 ",\"bytes\":%"
	    PRIu64, c->cap.snaplen, st->packets, st->bytes);
	if (st->have_ts) {
		json_key_str(f, "first_ts", fmt_rfc3339(st->first_sec,
		    st->first_nsec, ts, sizeof(ts)));
		json_key_str(f, "last_ts", fmt_rfc3339(st->last_sec,
		    st->last_nsec, ts, sizeof(ts)));
	}
	fprintf(f, ",\"protocols\":{\"ikev1\":%" PRIu64 ",\"ikev2\":%" PRIu64
	    ",\"ike\":%" PRIu64, st->ikev1, st->ikev2, st->ike_unknown);
	for (i = PK_ESP; i < PK_KIND_COUNT; i++)
		fprintf(f, ",\"%s\":%" PRIu64, pkt_kind_name(i), st->kind[i]);
	fprintf(f, ",\"other\":%" PRIu64 "}", st->kind[PK_OTHER]);
	fprintf(f, ",\"anomalous_packets\":%" PRIu64 ",\"anomalies\":{",
	    st->anomalous);
	for (i = 0; i < ANOM_COUNT; i++) {
		if (st->anomaly[i] == 0)
			continue;
		fprintf(f, "%s\"%s\":%" PRIu64, first ? "" : ",",
		    anomaly_name(i), st->anomaly[i]);
		first = 0;
	}
	fprintf(f, "},\"truncated\":%" PRIu64, st->truncated);
	fprintf(f, ",\"ike_sas\":%" PRIu64 ",\"sa_expired\":%" PRIu64
	    ",\"sa_evicted\":%" PRIu64 ",\"sa_evicted_half_open\":%" PRIu64
	    ",\"sa_detail_dropped\":%" PRIu64
	    ",\"state_bytes\":%zu,\"memcap\":%zu",
	    st->ike_sas, st->sa_expired, st->sa_evicted,
	    st->sa_evicted_half_open, st->sa_detail_dropped, st->sa_bytes,
	    st->memcap);
	fprintf(f, ",\"esp_sas\":%" PRIu64 ",\"esp_evicted\":%" PRIu64
	    ",\"esp_expired\":%" PRIu64 ",\"esp_state_bytes\":%zu",
	    st->esp_sas, st->esp_evicted, st->esp_expired, st->esp_bytes);
	fprintf(f, ",\"fragments\":{\"held\":%" PRIu64 ",\"reassembled\":%"
	    PRIu64 ",\"expired\":%" PRIu64 ",\"evicted\":%" PRIu64
	    ",\"incomplete\":%" PRIu64 "}", e->frag->fragments,
	    e->frag->reassembled, e->frag->expired, e->frag->evicted,
	    e->frag->given_up);
	fprintf(f, ",\"ike_fragments\":{\"pieces\":%" PRIu64 ",\"complete\":%"
	    PRIu64 ",\"incomplete\":%" PRIu64 ",\"repeated\":%" PRIu64 "}",
	    e->ikefrag->fragments, e->ikefrag->completed, e->ikefrag->lost,
	    e->ikefrag->duplicates);
	if (e->dec != NULL) {
		fputs(",\"decrypt\":{\"ike\":{", f);
		for (i = DEC_OK; i < DEC_STATUS_COUNT; i++)
			fprintf(f, "%s\"%s\":%" PRIu64, i > DEC_OK ? "," : "",
			    dec_status_name(i), e->dec->ike[i]);
		fputs("},\"esp\":{", f);
		for (i = DEC_OK; i < DEC_STATUS_COUNT; i++)
			fprintf(f, "%s\"%s\":%" PRIu64, i > DEC_OK ? "," : "",
			    dec_status_name(i), e->dec->esp[i]);
		fputs("}}", f);
	}
	if (e->cap != NULL && e->cap->valid)
		fprintf(f, ",\"kernel_drops\":%" PRIu64 ",\"interface_drops\":%"
		    PRIu64 ",\"received\":%" PRIu64, e->cap->dropped,
		    e->cap->ifdropped, e->cap->received);
	else
		fputs(",\"kernel_drops\":null", f);
	fprintf(f, ",\"findings\":%" PRIu64 ",\"findings_by_severity\":{"
	    "\"error\":%" PRIu64 ",\"warning\":%" PRIu64 ",\"info\":%"
	    PRIu64 "}", st->findings, st->by_severity[SEV_ERROR],
	    st->by_severity[SEV_WARNING], st->by_severity[SEV_INFO]);
	if (e->error)
		json_key_str(f, "error", e->error);
	fputs("}\n", f);
}

static void
json_ip_lost(struct sink_ctx *c, const struct frag_lost *l)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN];
	struct pkt head;
	FILE *f = c->out;

	fputs("{\"type\":\"incomplete\",\"what\":\"ip_datagram\"", f);
	json_key_str(f, "src", addr_fmt(&l->key.src, s, sizeof(s)));
	json_key_str(f, "dst", addr_fmt(&l->key.dst, d, sizeof(d)));
	fprintf(f, ",\"ip_id\":%" PRIu32 ",\"ip_proto\":%u,\"fragments\":%u,"
	    "\"first_frame\":%" PRIu64 ",\"last_frame\":%" PRIu64 ",\"bytes\":%"
	    PRIu32, l->key.id, l->key.proto, l->count, l->first_frame,
	    l->last_frame, l->have);
	if (l->total)
		fprintf(f, ",\"total\":%" PRIu32, l->total);
	else
		fputs(",\"total\":null", f);
	fprintf(f, ",\"missing_from\":%" PRIu32, l->hole_start);
	if (l->hole_end)
		fprintf(f, ",\"missing_to\":%" PRIu32, l->hole_end - 1);
	json_key_str(f, "why", fmt_lost_why(l->why));
	if (dissect_lost_head(l, &head) && head.kind != PK_OTHER) {
		fputs(",\"head\":{\"proto\":", f);
		fmt_json_str(f, fmt_proto(&head));
		json_body(f, &head, head.kind, 0);
		putc('}', f);
	}
	fputs("}\n", f);
}

static void
json_ike_lost(struct sink_ctx *c, const struct ikefrag_lost *l)
{
	char s[ADDR_STRLEN], u[24];
	FILE *f = c->out;
	int i, first = 1;

	fprintf(f, "{\"type\":\"incomplete\",\"what\":\"ike_fragments\","
	    "\"version\":%u,\"ispi\":\"%016" PRIx64 "\",\"rspi\":\"%016"
	    PRIx64 "\"", l->key.version, l->key.ispi, l->key.rspi);
	json_key_str(f, "exchange", names_or_unknown(ike_exch_json(
	    l->key.version, l->exch), l->exch, u, sizeof(u)));
	fprintf(f, ",\"msgid\":%" PRIu32 ",\"response\":%s", l->key.msgid,
	    l->key.response ? "true" : "false");
	json_key_str(f, "src", addr_fmt(&l->key.src, s, sizeof(s)));
	fprintf(f, ",\"received\":%u,\"first_frame\":%" PRIu64
	    ",\"last_frame\":%" PRIu64, l->count, l->first_frame,
	    l->last_frame);
	if (l->total)
		fprintf(f, ",\"total\":%u", l->total);
	else
		fputs(",\"total\":null", f);
	fputs(",\"missing\":[", f);
	for (i = 0; i < 64; i++)
		if (l->missing & (1ULL << i)) {
			fprintf(f, "%s%d", first ? "" : ",", i + 1);
			first = 0;
		}
	fprintf(f, "],\"missing_more\":%s", l->missing_more ? "true" :
	    "false");
	json_key_str(f, "why", fmt_lost_why(l->why));
	fputs("}\n", f);
}

static void
json_state(FILE *f, const char *key, const struct ike_sa *sa,
    enum state_side side)
{
	static const char *const vocab[] = { "asa", "ios", "rfc" };
	const char *s;
	int v;

	fprintf(f, ",\"%s\":{", key);
	for (v = VOCAB_ASA; v <= VOCAB_RFC; v++) {
		s = sa_state(sa, side, (enum state_vocab)v);
		fprintf(f, "%s\"%s\":", v ? "," : "", vocab[v]);
		if (s != NULL)
			fmt_json_str(f, s);
		else
			fputs("null", f);
	}
	putc('}', f);
}

static void
json_children(FILE *f, const struct child_view *cv, size_t n)
{
	char ts[FMT_TS_LEN];
	size_t i;

	fputs(",\"children\":[", f);
	for (i = 0; i < n; i++) {
		const struct child_view *v = &cv[i];

		fprintf(f, "%s{\"spi\":\"%08" PRIx32 "\"", i ? "," : "",
		    v->spi);
		json_key_str(f, "proto", child_encap_name(v->encap));
		json_key_str(f, "direction", v->from_ini ?
		    "initiator_to_responder" : "responder_to_initiator");
		json_key_str(f, "state", v->state);
		if (v->has_partner)
			fprintf(f, ",\"partner_spi\":\"%08" PRIx32 "\"",
			    v->partner_spi);
		else
			fputs(",\"partner_spi\":null", f);
		fprintf(f, ",\"inferred\":%s,\"packets\":%" PRIu64
		    ",\"bytes\":%" PRIu64, v->inferred ? "true" : "false",
		    v->packets, v->bytes);
		json_key_str(f, "first_ts", fmt_rfc3339(v->first.sec,
		    v->first.nsec, ts, sizeof(ts)));
		json_key_str(f, "last_ts", fmt_rfc3339(v->last.sec,
		    v->last.nsec, ts, sizeof(ts)));
		fprintf(f, ",\"first_frame\":%" PRIu64 ",\"last_frame\":%"
		    PRIu64 ",\"seq_max\":%" PRIu64 ",\"seq_missing\":%"
		    PRIu64 ",\"seq_repeats\":%" PRIu32 ",\"pps_5s\":%.1f}",
		    v->first.frame, v->last.frame, v->seq_max, v->missing,
		    v->repeats, v->pps);
	}
	putc(']', f);
}

static void
json_sa(struct sink_ctx *c, const struct ike_sa *sa,
    const struct sa_extra *x)
{
	char a[ADDR_STRLEN], ts[FMT_TS_LEN];
	FILE *f = c->out;

	fprintf(f, "{\"type\":\"sa\",\"version\":%u,\"ispi\":\"%016" PRIx64
	    "\",\"rspi\":\"%016" PRIx64 "\"", sa->key.version, sa->key.ispi,
	    sa->rspi);
	json_key_str(f, "initiator", addr_port_fmt(&sa->ini, sa->ini_port, a,
	    sizeof(a)));
	json_key_str(f, "responder", addr_port_fmt(&sa->rsp, sa->rsp_port, a,
	    sizeof(a)));
	json_key_str(f, "mode", sa_mode(sa));
	/* The waiting side's state, then each side's. */
	json_state(f, "state", sa, sa_waiting_side(sa));
	json_state(f, "initiator_state", sa, STS_INI);
	json_state(f, "responder_state", sa, STS_RSP);
	json_key_str(f, "phase1", sa_phase1(sa));
	json_key_str(f, "first_ts", fmt_rfc3339(sa->first.sec, sa->first.nsec,
	    ts, sizeof(ts)));
	json_key_str(f, "last_ts", fmt_rfc3339(sa->last.sec, sa->last.nsec,
	    ts, sizeof(ts)));
	fprintf(f, ",\"first_frame\":%" PRIu64 ",\"last_frame\":%" PRIu64
	    ",\"messages\":%u,\"retransmits\":%" PRIu32 ",\"nat_t\":%s",
	    sa->first.frame, sa->last.frame, sa->messages, sa->retransmits,
	    sa->floated ? "true" : "false");
	if (sa->rtt_n > 0)
		fprintf(f, ",\"rtt_ms\":{\"min\":%.3f,\"avg\":%.3f,"
		    "\"max\":%.3f,\"answers\":%" PRIu32 "}",
		    sa->rtt_min_us / 1e3,
		    (double)sa->rtt_sum_us / sa->rtt_n / 1e3,
		    sa->rtt_max_us / 1e3, sa->rtt_n);
	else
		fputs(",\"rtt_ms\":null", f);
	fprintf(f, ",\"keepalives\":{\"from_initiator\":%d,"
	    "\"from_responder\":%d", x->ka[SA_INI], x->ka[SA_RSP]);
	if (x->ka[SA_INI] > 1)
		fprintf(f, ",\"initiator_interval_s\":%.3f",
		    x->ka_every[SA_INI]);
	if (x->ka[SA_RSP] > 1)
		fprintf(f, ",\"responder_interval_s\":%.3f",
		    x->ka_every[SA_RSP]);
	putc('}', f);
	json_children(f, x->child, x->nchild);
	fputs("}\n", f);
}

static void
json_finding(struct sink_ctx *c, const struct finding *fd)
{
	static const char *const vocab[] = { "state", "state_ios",
	    "state_rfc" };
	char a[ADDR_STRLEN], ts[FMT_TS_LEN];
	FILE *f = c->out;
	int i;

	fputs("{\"type\":\"finding\"", f);
	json_key_str(f, "id", finding_id_name(fd->id));
	json_key_str(f, "severity", finding_sev_name(fd->sev));
	for (i = VOCAB_ASA; i <= VOCAB_RFC; i++) {
		if (fd->state[i] != NULL)
			json_key_str(f, vocab[i], fd->state[i]);
		else
			fprintf(f, ",\"%s\":null", vocab[i]);
	}
	if (fd->version)
		fprintf(f, ",\"version\":%u,\"ispi\":\"%016" PRIx64 "\","
		    "\"rspi\":\"%016" PRIx64 "\"", fd->version, fd->ispi,
		    fd->rspi);
	else
		fputs(",\"version\":null", f);
	if (fd->has_spi)
		fprintf(f, ",\"spi\":\"%08" PRIx32 "\"", fd->spi);
	if (fd->has_peers) {
		json_key_str(f, "initiator", addr_port_fmt(&fd->ini,
		    fd->ini_port, a, sizeof(a)));
		json_key_str(f, "responder", addr_port_fmt(&fd->rsp,
		    fd->rsp_port, a, sizeof(a)));
	}
	if (fd->first.frame || fd->first.sec) {
		json_key_str(f, "first_ts", fmt_rfc3339(fd->first.sec,
		    fd->first.nsec, ts, sizeof(ts)));
		json_key_str(f, "last_ts", fmt_rfc3339(fd->last.sec,
		    fd->last.nsec, ts, sizeof(ts)));
	} else
		fputs(",\"first_ts\":null,\"last_ts\":null", f);
	fprintf(f, ",\"count\":%" PRIu32 ",\"frames\":[", fd->count);
	for (i = 0; i < fd->nframes; i++)
		fprintf(f, "%s%" PRIu64, i ? "," : "", fd->frames[i]);
	putc(']', f);
	json_key_str(f, "summary", fd->summary);
	fputs(",\"causes\":[", f);
	for (i = 0; i < fd->ncauses; i++) {
		if (i)
			putc(',', f);
		fmt_json_str(f, fd->causes[i]);
	}
	fputs("]}\n", f);
}

const struct sink sink_json = {
	"json", json_begin, json_packet, json_end, json_ip_lost,
	json_ike_lost, json_sa, json_finding,
};
