/*
 * text.c: one line per packet in the spirit of tcpdump, then a
 * statistics block.
 *
 *     12 19:23:34.123456 192.0.2.10:500 > 203.0.113.20:500 IKEv2
 *        IKE_SA_INIT I req msgid 0 spi 8a1b.../0000... [SA KE Nonce N N]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissect/decrypt.h"
#include "dissect/dissect.h"
#include "dissect/names.h"
#include "dissect/ikedetail.h"
#include "ui/fmt.h"
#include "ui/sink.h"
#include "ui/tree.h"

static void	text_findings(struct sink_ctx *);

static void
text_begin(struct sink_ctx *c)
{
	c->last_day = INT64_MIN;
	if (c->quiet)
		return;
	if (c->cap.live)
		fprintf(c->out, "# capturing on %s (%s), filter: IKE, NAT-T, "
		    "ESP, AH, ICMP errors, IP fragments%s%s%s\n", c->cap.name,
		    c->cap.dlt_text ? c->cap.dlt_text : "?",
		    c->cap.user_filter ? " and (" : "",
		    c->cap.user_filter ? c->cap.user_filter : "",
		    c->cap.user_filter ? ")" : "");
	else
		fprintf(c->out, "# reading %s (%s, snaplen %d)\n", c->cap.name,
		    c->cap.dlt_text ? c->cap.dlt_text : "?", c->cap.snaplen);
}

static void
text_payloads(FILE *f, const struct ike_msg *m, int verbose)
{
	char u[24];
	uint8_t i;

	fputs(" [", f);
	if (m->dec == DEC_OK)
		fputs("decrypted: ", f);
	else if (m->major == 1 && m->encrypted)
		fprintf(f, "encrypted, first %s", names_or_unknown(
		    ike_payload_name(1, m->np), m->np, u, sizeof(u)));
	for (i = 0; i < m->npl; i++) {
		const struct ike_payload *pl = &m->pl[i];

		fprintf(f, "%s%s", i ? " " : "", names_or_unknown(
		    ike_payload_name(m->major, pl->type), pl->type, u,
		    sizeof(u)));
		if (ikd_notify_type(m, i) >= 0)
			fprintf(f, "(%s)", ikd_notify_name(m->major,
			    (unsigned)ikd_notify_type(m, i), u, sizeof(u)));
		if (m->major == 2 && (pl->type == IKEV2_P_SK ||
		    pl->type == IKEV2_P_SKF)) {
			/* Fragments after the first carry no inner type. */
			if (m->inner_np != 0)
				fprintf(f, "{%s}", names_or_unknown(
				    ike_payload_name(2, m->inner_np),
				    m->inner_np, u, sizeof(u)));
			if (pl->type == IKEV2_P_SKF)
				fprintf(f, " frag %u/%u%s", m->frag_no,
				    m->frag_total, m->fragset_complete ?
				    ", set complete" : "");
		}
		if (m->major == 1 && pl->type == IKEV1_P_FRAG)
			fprintf(f, " frag %u%s%s", m->frag_no,
			    m->frag_total ? " last" : "",
			    m->fragset_complete ? ", set complete" : "");
	}
	if (m->dec == DEC_OK && m->frag_no != 0 && m->frag_total > 1 &&
	    m->wire != NULL)
		fprintf(f, " (from %u fragments)", m->frag_total);
	if (m->dec != DEC_NONE && m->dec != DEC_OK)
		fprintf(f, " (not decrypted: %s)", dec_status_text(m->dec));
	fputc(']', f);
}

/* With keys: what the ESP packet carries, or why it was not read. */
static void
text_esp_inner(FILE *f, const struct pkt *p)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN], u[24];
	const struct esp_hdr *e = &p->esp;

	if (e->dec == DEC_NONE)
		return;
	if (e->dec != DEC_OK) {
		fprintf(f, " (not decrypted: %s)", dec_status_text(e->dec));
		return;
	}
	fputs(" [decrypted", f);
	if (e->has_inner) {
		if (e->inner_ports) {
			addr_port_fmt(&e->inner_src, e->inner_sport, s,
			    sizeof(s));
			addr_port_fmt(&e->inner_dst, e->inner_dport, d,
			    sizeof(d));
		} else {
			addr_fmt(&e->inner_src, s, sizeof(s));
			addr_fmt(&e->inner_dst, d, sizeof(d));
		}
		fprintf(f, ": %s > %s %s", s, d, names_or_unknown(
		    ip_proto_name(e->inner_proto), e->inner_proto, u,
		    sizeof(u)));
	} else if (e->next_header == 59)
		fputs(": dummy packet", f);
	else {
		fprintf(f, ": transport %s", names_or_unknown(ip_proto_name(
		    e->inner_proto), e->inner_proto, u, sizeof(u)));
		if (e->inner_ports)
			fprintf(f, " ports %u > %u", e->inner_sport,
			    e->inner_dport);
	}
	if (!e->dec_checked)
		fputs(", no integrity check", f);
	fputc(']', f);
}

static void
text_ike(FILE *f, const struct pkt *p, int verbose)
{
	const struct ike_msg *m = &p->ike;
	char u[24], fl[8];

	if (!m->have_hdr) {
		fprintf(f, "IKE (header cut short, %zu bytes)", m->rawlen);
		return;
	}
	if (m->major != 1 && m->major != 2) {
		fprintf(f, "IKE version %u.%u exchange %u msgid 0x%08" PRIx32
		    " spi %016" PRIx64 "/%016" PRIx64 " len %" PRIu32, m->major,
		    m->minor, m->exch, m->msgid, m->ispi, m->rspi, m->len);
		return;
	}
	fprintf(f, "IKEv%u %s", m->major, names_or_unknown(
	    ike_exch_text(m->major, m->exch), m->exch, u, sizeof(u)));
	if (m->major == 2)
		fprintf(f, " %s %s", (m->flags & IKEV2_F_INITIATOR) ? "I" : "R",
		    (m->flags & IKEV2_F_RESPONSE) ? "resp" : "req");
	/* IKEv1 message ids are random words, IKEv2's count up. */
	if (m->major == 1)
		fprintf(f, " msgid 0x%08" PRIx32, m->msgid);
	else
		fprintf(f, " msgid %" PRIu32, m->msgid);
	fprintf(f, " spi %016" PRIx64 "/%016" PRIx64, m->ispi, m->rspi);
	text_payloads(f, m, verbose);
	fprintf(f, " len %" PRIu32, m->len);
	if (verbose) {
		fmt_ike_flags(m, fl, sizeof(fl));
		fprintf(f, " ver %u.%u flags 0x%02x%s%s%s", m->major, m->minor,
		    m->flags, *fl ? " (" : "", fl, *fl ? ")" : "");
		if (m->nonesp_marker)
			fputs(" non-ESP marker", f);
	}
}

static void
text_icmp(FILE *f, const struct pkt *p)
{
	const struct icmp_quote *q = &p->icmp;
	char s[ADDR_STRLEN], d[ADDR_STRLEN];

	fprintf(f, "%s %s (%u/%u)", q->v6 ? "ICMPv6" : "ICMP", fmt_icmp(q),
	    q->type, q->code);
	if (q->mtu)
		fprintf(f, " mtu %" PRIu32, q->mtu);
	if (q->has_ports) {
		addr_port_fmt(&q->src, q->sport, s, sizeof(s));
		addr_port_fmt(&q->dst, q->dport, d, sizeof(d));
	} else {
		addr_fmt(&q->src, s, sizeof(s));
		addr_fmt(&q->dst, d, sizeof(d));
	}
	fprintf(f, " about %s > %s proto %u", s, d, q->proto);
	if (q->has_ike)
		fprintf(f, " ike spi %016" PRIx64 "/%016" PRIx64, q->ike_ispi,
		    q->ike_rspi);
	if (q->has_spi)
		fprintf(f, " spi 0x%08" PRIx32, q->spi);
}

static void
text_body(FILE *f, const struct pkt *p, int kind, int verbose)
{
	switch (kind) {
	case PK_IKE:
		text_ike(f, p, verbose);
		break;
	case PK_ESP:
	case PK_ESP_UDP:
		if (p->has_ah)
			fprintf(f, "AH spi 0x%08" PRIx32 " seq %" PRIu32 " ",
			    p->ah.spi, p->ah.seq);
		fputs(kind == PK_ESP ? "ESP" : "ESP-in-UDP", f);
		if (p->esp.have >= 4)
			fprintf(f, " spi 0x%08" PRIx32, p->esp.spi);
		if (p->esp.have >= 8)
			fprintf(f, " seq %" PRIu32, p->esp.seq);
		/* A piece of a datagram does not tell the ESP length. */
		if (!p->partial)
			fprintf(f, " len %" PRIu32, p->esp.len);
		text_esp_inner(f, p);
		break;
	case PK_AH:
		fprintf(f, "AH spi 0x%08" PRIx32 " seq %" PRIu32 " next %u",
		    p->ah.spi, p->ah.seq, p->ah.nh);
		break;
	case PK_KEEPALIVE:
		fputs("NAT-keepalive", f);
		break;
	case PK_ICMP:
		text_icmp(f, p);
		break;
	case PK_FRAG:
		fprintf(f, "IP fragment id 0x%" PRIx32 " proto %u off %" PRIu32
		    "%s", p->ip_id, p->proto, p->frag_off,
		    p->frag_more ? " more" : " last");
		if (p->frag_inner != PK_OTHER && p->frag_inner != PK_FRAG) {
			fputs(", first piece of: ", f);
			text_body(f, p, p->frag_inner, verbose);
		}
		break;
	default:
		fputs("other", f);
	}
	if (p->frag_count && kind == p->kind)
		fprintf(f, " (reassembled from %u fragments, first frame %"
		    PRIu64 ")", p->frag_count, p->frag_first);
}

static void
text_anomalies(FILE *f, uint32_t a)
{
	int i, first = 1;

	for (i = 0; i < ANOM_COUNT; i++) {
		if (!(a & (1u << i)))
			continue;
		fprintf(f, "%s%s", first ? " !" : ",", anomaly_name(i));
		first = 0;
	}
}

static void
text_packet(struct sink_ctx *c, const struct pkt *p)
{
	char ts[FMT_TS_LEN], src[ADDR_STRLEN], dst[ADDR_STRLEN];
	FILE *f = c->out;
	int64_t day;

	if (c->quiet || (p->kind == PK_OTHER && c->verbose < 2))
		return;
	day = fmt_day(p->ts_sec);
	if (day != c->last_day) {
		c->last_day = day;
		fprintf(f, "# %s (times in UTC)\n", fmt_date(p->ts_sec, ts,
		    sizeof(ts)));
	}
	fmt_endpoints(p, src, dst, sizeof(src));
	fprintf(f, "%6" PRIu64 " %s ", p->frame, fmt_clock(p->ts_sec,
	    p->ts_nsec, ts, sizeof(ts)));
	if (p->has_ip)
		fprintf(f, "%s > %s ", src, dst);
	text_body(f, p, p->kind, c->verbose);
	if (c->verbose >= 1 && p->has_ip)
		fprintf(f, " ttl %u", p->ttl);
	if (c->verbose >= 2) {
		if (p->vlans)
			fprintf(f, " vlan %u%s", p->vlan_id[0], p->vlans > 1 ?
			    "+" : "");
		fprintf(f, " caplen %" PRIu32 "/%" PRIu32, p->caplen,
		    p->wirelen);
	}
	text_anomalies(f, p->anomalies);
	fputc('\n', f);
	if (c->verbose >= 1 && p->ike.have_hdr && (p->kind == PK_IKE ||
	    (p->kind == PK_FRAG && p->frag_inner == PK_IKE)))
		tree_print(f, &p->ike, c->verbose);
}

static void
text_count(FILE *f, const char *what, uint64_t n)
{
	fprintf(f, "  %-22s %10" PRIu64 "\n", what, n);
}

/* "IKE decrypted  12 (1 integrity check failed)" */
static void
text_decrypted(FILE *f, const char *what, const uint64_t *n)
{
	int i, first = 1;

	fprintf(f, "  %-22s %10" PRIu64, what, n[DEC_OK]);
	for (i = DEC_OK + 1; i < DEC_STATUS_COUNT; i++) {
		if (n[i] == 0)
			continue;
		fprintf(f, "%s%" PRIu64 " %s", first ? " (not: " : ", ", n[i],
		    dec_status_text(i));
		first = 0;
	}
	fputs(first ? "\n" : ")\n", f);
}

static void
text_end(struct sink_ctx *c, const struct sink_end *e)
{
	const struct diag_stats *st = e->diag;
	char a[FMT_TS_LEN], b[FMT_TS_LEN];
	FILE *f = c->out;
	int i, first = 1;

	text_findings(c);
	fprintf(f, "\nStatistics for %s:\n", c->cap.name);
	if (st->have_ts)
		fprintf(f, "  %-22s %s to %s\n", "time span", fmt_rfc3339(
		    st->first_sec, st->first_nsec, a, sizeof(a)),
		    fmt_rfc3339(st->last_sec, st->last_nsec, b, sizeof(b)));
	fprintf(f, "  %-22s %10" PRIu64 " (%" PRIu64 " bytes on the wire)\n",
	    "frames read", st->packets, st->bytes);
	text_count(f, "IKEv1", st->ikev1);
	text_count(f, "IKEv2", st->ikev2);
	if (st->ike_unknown)
		text_count(f, "IKE, unreadable", st->ike_unknown);
	text_count(f, "ESP", st->kind[PK_ESP]);
	text_count(f, "ESP-in-UDP", st->kind[PK_ESP_UDP]);
	text_count(f, "AH", st->kind[PK_AH]);
	text_count(f, "NAT-keepalive", st->kind[PK_KEEPALIVE]);
	text_count(f, "ICMP about IPsec", st->kind[PK_ICMP]);
	fprintf(f, "  %-22s %10" PRIu64 " (%" PRIu64 " datagrams reassembled"
	    ", %" PRIu64 " incomplete)\n", "IP fragments held",
	    st->kind[PK_FRAG], e->frag->reassembled, e->frag->given_up);
	if (e->ikefrag->fragments)
		fprintf(f, "  %-22s %10" PRIu64 " (%" PRIu64 " sets complete, %"
		    PRIu64 " incomplete, %" PRIu64 " repeated pieces)\n",
		    "IKE fragments", e->ikefrag->fragments,
		    e->ikefrag->completed, e->ikefrag->lost,
		    e->ikefrag->duplicates);
	text_count(f, "other", st->kind[PK_OTHER]);
	if (e->dec != NULL) {
		text_decrypted(f, "IKE decrypted", e->dec->ike);
		text_decrypted(f, "ESP decrypted", e->dec->esp);
	}
	fprintf(f, "  %-22s %10" PRIu64 " (%" PRIu64 " idle timed out, %"
	    PRIu64 " pushed out by --memcap", "IKE SAs", st->ike_sas,
	    st->sa_expired, st->sa_evicted);
	if (st->sa_evicted > 0)
		fprintf(f, ", %" PRIu64 " of them half-open",
		    st->sa_evicted_half_open);
	if (st->sa_detail_dropped > 0)
		fprintf(f, "; %" PRIu64 " retransmission, notify, ICMP, "
		    "fragment or address details not kept, their share of "
		    "--memcap full", st->sa_detail_dropped);
	fputs(")\n", f);
	fprintf(f, "  %-22s %10" PRIu64 " (%" PRIu64 " pushed out by "
	    "--memcap)\n", "ESP/AH SPIs", st->esp_sas, st->esp_evicted);
	fprintf(f, "  %-22s %10" PRIu64, "frames with anomalies",
	    st->anomalous);
	for (i = 0; i < ANOM_COUNT; i++) {
		if (st->anomaly[i] == 0)
			continue;
		fprintf(f, "%s%s %" PRIu64, first ? " (" : ", ",
		    anomaly_name(i), st->anomaly[i]);
		first = 0;
	}
	fputs(first ? "\n" : ")\n", f);
	fprintf(f, "  %-22s %10" PRIu64 " (snaplen %d)\n", "truncated frames",
	    st->truncated, c->cap.snaplen);
	if (e->cap != NULL && e->cap->valid)
		fprintf(f, "  %-22s %10" PRIu64 " (interface drops %" PRIu64
		    ", received %" PRIu64 ")\n", "kernel drops",
		    e->cap->dropped, e->cap->ifdropped, e->cap->received);
	if (e->error)
		fprintf(f, "  %-22s %s\n", "stopped early", e->error);
}

static void
text_ip_lost(struct sink_ctx *c, const struct frag_lost *l)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN];
	struct pkt head;
	FILE *f = c->out;

	fprintf(f, "# incomplete IP datagram %s > %s id 0x%" PRIx32 " proto %u:"
	    " %u fragment%s (frames %" PRIu64 "-%" PRIu64 "), %" PRIu32
	    " bytes of %s", addr_fmt(&l->key.src, s, sizeof(s)),
	    addr_fmt(&l->key.dst, d, sizeof(d)), l->key.id, l->key.proto,
	    l->count, l->count == 1 ? "" : "s", l->first_frame,
	    l->last_frame, l->have, l->total ? "" : "an unknown length");
	if (l->total)
		fprintf(f, "%" PRIu32, l->total);
	if (l->hole_end)
		fprintf(f, ", bytes %" PRIu32 "-%" PRIu32 " missing",
		    l->hole_start, l->hole_end - 1);
	else
		fprintf(f, ", missing from byte %" PRIu32 " on", l->hole_start);
	if (dissect_lost_head(l, &head) && head.kind != PK_OTHER) {
		fputs("; it began: ", f);
		text_body(f, &head, head.kind, 0);
	}
	fprintf(f, " (%s)\n", fmt_lost_why(l->why));
}

static void
text_ike_lost(struct sink_ctx *c, const struct ikefrag_lost *l)
{
	char s[ADDR_STRLEN], u[24], miss[160];
	FILE *f = c->out;

	fprintf(f, "# incomplete IKEv%u fragment set: %s %s msgid %" PRIu32
	    " spi %016" PRIx64 "/%016" PRIx64 " from %s: %u", l->key.version,
	    names_or_unknown(ike_exch_text(l->key.version, l->exch), l->exch,
	    u, sizeof(u)), l->key.response ? "response" : "request",
	    l->key.msgid, l->key.ispi, l->key.rspi,
	    addr_fmt(&l->key.src, s, sizeof(s)), l->count);
	if (l->total)
		fprintf(f, " of %u", l->total);
	fprintf(f, " pieces (frames %" PRIu64 "-%" PRIu64 ")", l->first_frame,
	    l->last_frame);
	fmt_missing(l->missing, l->missing_more, miss, sizeof(miss));
	if (*miss)
		fprintf(f, ", missing %s", miss);
	if (!l->total)
		fputs(", the last piece never came", f);
	fprintf(f, " (%s)\n", fmt_lost_why(l->why));
}

/*
 * Text gathered before it goes out: a paragraph or an SA at a time, not
 * a word or a field at a time (printf costs more than the reports).
 */
struct text_buf {
	FILE		*f;
	size_t		 n;
	char		 b[1024];
};

static void
tb_put(struct text_buf *w, const char *p, size_t n)
{
	if (w->n + n > sizeof(w->b)) {
		fwrite(w->b, 1, w->n, w->f);
		w->n = 0;
	}
	if (n > sizeof(w->b)) {
		fwrite(p, 1, n, w->f);
		return;
	}
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

static void
tb_spaces(struct text_buf *w, size_t n)
{
	static const char sp[] = "                                        ";

	for (; n > sizeof(sp) - 1; n -= sizeof(sp) - 1)
		tb_put(w, sp, sizeof(sp) - 1);
	tb_put(w, sp, n);
}

static void
tb_str(struct text_buf *w, const char *s)
{
	tb_put(w, s, strlen(s));
}

static void
tb_u64(struct text_buf *w, uint64_t v)
{
	char d[20];
	size_t k = sizeof(d);

	do
		d[--k] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	tb_put(w, d + k, sizeof(d) - k);
}

/* Lower-case hexadecimal, zero-filled to `digits' (at most 16). */
static void
tb_hex(struct text_buf *w, uint64_t v, int digits)
{
	static const char hx[] = "0123456789abcdef";
	char d[16];
	int i;

	for (i = digits - 1; i >= 0; i--, v >>= 4)
		d[i] = hx[v & 15];
	tb_put(w, d, (size_t)digits);
}

static void
tb_done(struct text_buf *w)
{
	fwrite(w->b, 1, w->n, w->f);
	w->n = 0;
}

static const char *
text_state(const struct ike_sa *sa, enum state_side side, int vocab)
{
	const char *s = sa_state(sa, side, (enum state_vocab)vocab);

	return s != NULL ? s : "(none yet)";
}

/* One IKE SA, in the spirit of "show crypto isakmp sa", both sides. */
static void
text_sa(struct sink_ctx *c, const struct ike_sa *sa,
    const struct sa_extra *x)
{
	const struct child_view *cv = x->child;
	size_t ncv = x->nchild;
	int side;
	char i[ADDR_STRLEN], r[ADDR_STRLEN], num[64];
	struct text_buf w;
	double span;
	size_t k;

	w.f = c->out;
	w.n = 0;
	if (c->sas_shown++ == 0)
		tb_str(&w, "\nIKE SAs:\n");
	addr_port_fmt(&sa->ini, sa->ini_port, i, sizeof(i));
	addr_port_fmt(&sa->rsp, sa->rsp_port, r, sizeof(r));
	/* In doubles: a file's times may be anywhere in 64 bits. */
	span = ((double)sa->last.sec - (double)sa->first.sec) +
	    ((double)sa->last.nsec - (double)sa->first.nsec) / 1e9;
	tb_str(&w, "  ");
	tb_str(&w, i);
	tb_str(&w, " <-> ");
	tb_str(&w, r);
	tb_str(&w, " IKEv");
	tb_u64(&w, sa->key.version);
	tb_str(&w, " ");
	tb_str(&w, sa_mode(sa));
	tb_str(&w, "\n    spi ");
	tb_hex(&w, sa->key.ispi, 16);
	tb_str(&w, "/");
	tb_hex(&w, sa->rspi, 16);
	tb_str(&w, ", phase 1 ");
	tb_str(&w, sa_phase1(sa));
	tb_str(&w, sa->floated ? ", on UDP 4500\n" : "\n");
	tb_str(&w, "    initiator ");
	tb_str(&w, text_state(sa, STS_INI, c->vocab));
	tb_str(&w, ", responder ");
	tb_str(&w, text_state(sa, STS_RSP, c->vocab));
	tb_str(&w, "\n    ");
	tb_u64(&w, sa->messages);
	tb_str(&w, sa->messages == 1 ? " message over " : " messages over ");
	snprintf(num, sizeof(num), "%.3f", span);
	tb_str(&w, num);
	tb_str(&w, " s (frames ");
	tb_u64(&w, sa->first.frame);
	tb_str(&w, "-");
	tb_u64(&w, sa->last.frame);
	tb_str(&w, "), ");
	tb_u64(&w, sa->retransmits);
	tb_str(&w, sa->retransmits == 1 ? " retransmit" : " retransmits");
	if (sa->rtt_n > 0) {
		snprintf(num, sizeof(num), ", round trip %.1f ms%s",
		    sa->rtt_min_us / 1e3, sa->rtt_n > 1 ? " (fastest)" : "");
		tb_str(&w, num);
	}
	tb_str(&w, "\n");
	for (side = SA_INI; side >= SA_RSP; side--) {
		if (x->ka[side] == 0)
			continue;
		snprintf(num, sizeof(num), "    NAT-T keepalives from the %s: "
		    "%d", side == SA_INI ? "initiator" : "responder",
		    x->ka[side]);
		tb_str(&w, num);
		if (x->ka[side] > 1) {
			snprintf(num, sizeof(num), ", one every %.1f s",
			    x->ka_every[side]);
			tb_str(&w, num);
		}
		tb_str(&w, "\n");
	}
	for (k = 0; k < ncv; k++) {
		const struct child_view *v = &cv[k];

		tb_str(&w, "    ");
		tb_str(&w, child_encap_name(v->encap));
		tb_str(&w, " spi 0x");
		tb_hex(&w, v->spi, 8);
		tb_str(&w, v->from_ini ? " initiator > responder: " :
		    " responder > initiator: ");
		tb_u64(&w, v->packets);
		tb_str(&w, v->packets == 1 ? " packet, " : " packets, ");
		tb_u64(&w, v->bytes);
		tb_str(&w, " bytes, last frame ");
		tb_u64(&w, v->last.frame);
		tb_str(&w, ", ");
		tb_str(&w, v->state);
		if (v->inferred)
			tb_str(&w, " (inferred)");
		if (v->has_partner) {
			tb_str(&w, ", partner 0x");
			tb_hex(&w, v->partner_spi, 8);
		}
		if (v->missing || v->repeats) {
			tb_str(&w, ", seq ");
			tb_u64(&w, v->seq_max);
			tb_str(&w, " missing ");
			tb_u64(&w, v->missing);
			tb_str(&w, " repeated ");
			tb_u64(&w, v->repeats);
		}
		tb_str(&w, "\n");
	}
	tb_done(&w);
}

static void	text_finding_print(struct sink_ctx *, const struct finding *);

/*
 * Held until the end, where the findings print most severe first; live,
 * each is also printed as it is drawn.
 */
static void
text_finding(struct sink_ctx *c, const struct finding *fd)
{
	if (c->cap.live) {
		fputs("\n# finding", c->out);
		text_finding_print(c, fd);
	}
	if (c->nheld == c->capheld) {
		size_t n = c->capheld ? c->capheld * 2 : 16;
		struct finding *h = realloc(c->held, n * sizeof(*h));

		if (h == NULL) {
			fprintf(c->out, "# out of memory: finding %s not "
			    "shown\n", finding_id_name(fd->id));
			return;
		}
		c->held = h;
		c->capheld = n;
	}
	c->held[c->nheld++] = *fd;
}

static int
text_finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;

	if (x->sev != y->sev)
		return x->sev < y->sev ? -1 : 1;
	if (x->first.frame != y->first.frame)
		return x->first.frame < y->first.frame ? -1 : 1;
	return (int)x->id - (int)y->id;
}

/* Words wrapped to 78 columns after `indent' spaces. */
static void
text_wrap(FILE *f, int indent, const char *lead, const char *s)
{
	struct text_buf w;
	size_t n, lead_len = strlen(lead);
	int col, first = 1;

	w.f = f;
	w.n = 0;
	tb_spaces(&w, (size_t)indent);
	tb_put(&w, lead, lead_len);
	col = indent + (int)lead_len;
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		n = strcspn(s, " ");
		if (n == 0)
			break;
		if (!first && col + 1 + (int)n > 78) {
			tb_put(&w, "\n", 1);
			tb_spaces(&w, (size_t)indent + lead_len);
			col = indent + (int)lead_len;
		} else if (!first) {
			tb_put(&w, " ", 1);
			col++;
		}
		tb_put(&w, s, n);
		col += (int)n;
		s += n;
		first = 0;
	}
	tb_put(&w, "\n", 1);
	tb_done(&w);
}

static void
text_finding_print(struct sink_ctx *c, const struct finding *fd)
{
	static const char *const sev[] = { "ERROR", "WARNING", "INFO" };
	char i[ADDR_STRLEN], r[ADDR_STRLEN], line[160];
	const char *st = fd->state[c->vocab];
	FILE *f = c->out;
	size_t at;
	int j;

	fprintf(f, "\n  %s %s%s%s\n", sev[fd->sev], finding_id_name(fd->id),
	    st ? " in " : "", st ? st : "");
	if (fd->has_peers) {
		addr_port_fmt(&fd->ini, fd->ini_port, i, sizeof(i));
		addr_port_fmt(&fd->rsp, fd->rsp_port, r, sizeof(r));
		fprintf(f, "    %s <-> %s IKEv%u\n", i, r, fd->version);
		fprintf(f, "    spi %016" PRIx64 "/%016" PRIx64, fd->ispi,
		    fd->rspi);
		if (fd->has_spi)
			fprintf(f, ", ESP/AH spi 0x%08" PRIx32, fd->spi);
		putc('\n', f);
	} else if (fd->has_spi)
		fprintf(f, "    spi 0x%08" PRIx32 "\n", fd->spi);
	text_wrap(f, 4, "", fd->summary);
	for (j = 0; j < fd->ncauses; j++) {
		snprintf(line, sizeof(line), "%s ", j == 0 ? "likely:" :
		    "    or:");
		text_wrap(f, 4, line, fd->causes[j]);
	}
	at = 0;
	line[0] = '\0';
	for (j = 0; j < fd->nframes && at < sizeof(line) - 24; j++)
		at += (size_t)snprintf(line + at, sizeof(line) - at,
		    "%s%" PRIu64, j ? ", " : "", fd->frames[j]);
	if (fd->nframes > 0)
		text_wrap(f, 4, "frames: ", line);
}

static void
text_findings(struct sink_ctx *c)
{
	FILE *f = c->out;
	size_t k;

	if (c->nheld == 0) {
		fputs("\nFindings: none\n", f);
		return;
	}
	qsort(c->held, c->nheld, sizeof(*c->held), text_finding_cmp);
	fprintf(f, "\nFindings (%zu, most severe first):\n", c->nheld);
	for (k = 0; k < c->nheld; k++)
		text_finding_print(c, &c->held[k]);
	free(c->held);
	c->held = NULL;
	c->nheld = c->capheld = 0;
}

const struct sink sink_text = {
	"text", text_begin, text_packet, text_end, text_ip_lost,
	text_ike_lost, text_sa, text_finding,
};
