/*
 * report_doc.c: the bundle's words and data, report.md and report.json
 * (see report.h): each finding with the frames that prove it, numbered
 * as in the original capture and in evidence.pcap, and what the capture
 * point could and could not see.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dissect/names.h"
#include "ui/fmt.h"
#include "ui/report.h"
#include "ui/report_int.h"
#include "ui/sink.h"

static const char *
sev_word(enum finding_sev s)
{
	return s == SEV_ERROR ? "ERROR" : s == SEV_WARNING ? "WARNING" :
	    "INFO";
}

/* "1, 3, 5 (evidence 1, 2, 3)" */
static void
frames_text(const struct report *r, const struct finding *f, char *buf,
    size_t len)
{
	size_t at = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < f->nframes && at + 24 < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%" PRIu64,
		    i ? ", " : "", f->frames[i]);
	if (f->nframes > 0 && at + 16 < len)
		at += (size_t)snprintf(buf + at, len - at, " (evidence ");
	for (i = 0; i < f->nframes && at + 24 < len; i++) {
		size_t e = ev_number(r, f->frames[i]);

		if (e > 0)
			at += (size_t)snprintf(buf + at, len - at, "%s%zu",
			    i ? ", " : "", e);
		else
			at += (size_t)snprintf(buf + at, len - at, "%s-",
			    i ? ", " : "");
	}
	if (f->nframes > 0 && at + 2 < len)
		snprintf(buf + at, len - at, ")");
}

static char *
mac_text(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
	return buf;
}

/* The usual initial TTLs: the hops a packet made before the capture. */
static int
hops(uint8_t ttl, int *initial)
{
	static const int start[] = { 32, 64, 128, 255 };
	size_t i;

	for (i = 0; i < sizeof(start) / sizeof(start[0]); i++)
		if (ttl <= start[i]) {
			*initial = start[i];
			return start[i] - ttl;
		}
	*initial = 255;
	return 0;
}

static int
finding_worse(const void *x, const void *y)
{
	const struct finding *a = x, *b = y;

	if (a->sev != b->sev)
		return a->sev < b->sev ? -1 : 1;
	return a->first.frame < b->first.frame ? -1 :
	    a->first.frame > b->first.frame;
}

static int
has_id(const struct report *r, enum finding_id id)
{
	size_t i;

	for (i = 0; i < r->nf; i++)
		if (r->f[i].id == id)
			return 1;
	return 0;
}

/* Live: what libpcap counted, and what the ring no longer held. */
static void
write_md_live(struct report *r, FILE *o, const struct report_input *in)
{
	uint64_t drops;
	size_t i;

	if (in->cs != NULL && in->cs->valid) {
		drops = in->cs->dropped + in->cs->ifdropped;
		if (drops > 0)
			fprintf(o, "- Kernel drops: %" PRIu64 " packets dropped "
			    "by the kernel and %" PRIu64 " by the interface "
			    "(of %" PRIu64 " received): a missing message may "
			    "be one of them, so every \"nothing came back\" "
			    "below is weaker.\n", in->cs->dropped,
			    in->cs->ifdropped, in->cs->received);
		else
			fprintf(o, "- Kernel drops: none (libpcap counted %"
			    PRIu64 " packets received, 0 dropped by the "
			    "kernel or the interface).\n", in->cs->received);
	} else
		fprintf(o, "- Kernel drops: the interface gave no counts; "
		    "drops cannot be ruled out.\n");
	fprintf(o, "- The frames come from ikewatch's ring of recent frames "
	    "(%zu bytes; %" PRIu64 " IKE and other control frames and %"
	    PRIu64 " ESP/AH frames had been pushed out of it by newer "
	    "ones).\n", r->rs.bytes, r->rs.dropped[RING_CONTROL],
	    r->rs.dropped[RING_BULK]);
	if (r->nlost > 0) {
		fprintf(o, "- %zu cited frame%s had already left the ring and "
		    "%s not in `evidence.pcap` (marked - below):", r->nlost,
		    r->nlost == 1 ? "" : "s", r->nlost == 1 ? "is" : "are");
		for (i = 0; i < r->nlost && i < 20; i++)
			fprintf(o, " %" PRIu64, r->lost[i]);
		fprintf(o, "%s. The findings about them rest on what ikewatch "
		    "saw live, not on frames anyone can check.\n",
		    r->nlost > 20 ? " and more" : "");
	} else
		fprintf(o, "- Every cited frame was still in the ring.\n");
	fprintf(o, "- A live capture leaves no capture file: `evidence.pcap` "
	    "is the record of these frames, and SHA256SUMS covers the "
	    "bundle only.\n");
}

void
write_md(struct report *r, FILE *o, const struct report_input *in,
    const struct diag_stats *st)
{
	const struct cap_info *ci = in->ci;
	char a[FMT_TS_LEN], b[FMT_TS_LEN], addr[ADDR_STRLEN], fr[512];
	size_t i;
	int k, init;

	struct stat sb;

	fprintf(o, "# ikewatch evidence report\n\n");
	if (in->capture != NULL) {
		fprintf(o, "Capture: `%s` (%lld bytes, %s, snaplen %d), %"
		    PRIu64 " frames", in->capture, stat(in->capture, &sb) == 0 ?
		    (long long)sb.st_size : -1LL, ci->dlt_text ? ci->dlt_text :
		    "?", ci->snaplen, st->packets);
		if (ci->user_filter != NULL)
			fprintf(o, " passing the filter `%s`", ci->user_filter);
	} else
		fprintf(o, "Capture: live on `%s` with ikewatch's default "
		    "filter (IKE, NAT-T, ESP, AH, ICMP errors, IP fragments)"
		    "%s%s%s (%s, snaplen %d), %" PRIu64 " frames so far",
		    ci->name ? ci->name : "?", ci->user_filter ?
		    " narrowed by `" : "", ci->user_filter ? ci->user_filter :
		    "", ci->user_filter ? "`" : "", ci->dlt_text ?
		    ci->dlt_text : "?", ci->snaplen, st->packets);
	if (st->have_ts)
		fprintf(o, " from %s to %s", fmt_rfc3339(st->first_sec,
		    st->first_nsec, a, sizeof(a)), fmt_rfc3339(st->last_sec,
		    st->last_nsec, b, sizeof(b)));
	fprintf(o, ".\nEvidence: `evidence.pcap`, %zu frames copied unchanged "
	    "from the capture (frame numbers below are the capture's, with "
	    "the evidence file's in brackets).\n\n", r->nev);

	fprintf(o, "## What this capture can and cannot show\n\n");
	if (in->capture == NULL)
		write_md_live(r, o, in);
	else
		fprintf(o, "- Kernel drops: not recorded in a capture file; a "
		    "drop before the file was written cannot be ruled out "
		    "from the file alone.\n");
	if (st->truncated)
		fprintf(o, "- %" PRIu64 " frames were cut by the snapshot "
		    "length: what lies past the cut was not seen.\n",
		    st->truncated);
	else
		fprintf(o, "- No frame was cut by the snapshot length.\n");
	if (r->gap >= GAP_WORTH)
		fprintf(o, "- The capture is silent for %.0f s before frame %"
		    PRIu64 ": nothing was recorded then, whatever happened.\n",
		    r->gap, r->gap_before);
	if (has_id(r, F_ONE_SIDED_CAPTURE))
		fprintf(o, "- One peer never appears at all (see "
		    "one_sided_capture): the capture may miss a direction, so "
		    "\"nothing came back\" is weak.\n");
	else
		fprintf(o, "- Both directions appear where the findings need "
		    "them.\n");
	for (i = 0; i < r->nsa; i++)
		if (r->sa[i].mode == 0)
			fprintf(o, "- The IKE SA %016" PRIx64 " was met after "
			    "its first exchange: the capture began after the "
			    "negotiation did.\n", r->sa[i].key.ispi);
	if (r->skipped)
		fprintf(o, "- %" PRIu64 " proving frames of another link type "
		    "could not go into the one-link-type evidence file.\n",
		    r->skipped);
	fprintf(o, "\n## Where the capture was taken\n\n");
	fprintf(o, "By the TTL each sender's packets arrive with (an initial "
	    "TTL of 32, 64, 128 or 255 assumed):\n\n");
	for (i = 0; i < r->nttl; i++) {
		const struct peer_ttl *p = &r->ttl[i];

		k = hops(p->max, &init);
		addr_fmt(&p->a, addr, sizeof(addr));
		fprintf(o, "- %s: TTL %u", addr, p->max);
		if (p->min != p->max)
			fprintf(o, " (down to %u)", p->min);
		fprintf(o, ", %d hop%s from its sender%s", k,
		    k == 1 ? "" : "s", k == 0 ?
		    ": the capture point is on its segment" : "");
		if (p->has_mac)
			fprintf(o, "; source MAC %s%s (%s)", mac_text(p->mac,
			    addr, sizeof(addr)), p->macs > 1 ? " and others" :
			    "", k == 0 ? "its own" : "the last router's");
		fputc('\n', o);
	}
	fprintf(o, "\nClaims are about this capture point: \"nothing came "
	    "back at this capture point\", not \"the peer did not answer\". "
	    "A second capture near the peer can say where a message was "
	    "lost.\n\n## Findings\n\n");
	if (r->nf > 1)
		qsort(r->f, r->nf, sizeof(*r->f), finding_worse);
	for (i = 0; i < r->nf; i++) {
		const struct finding *f = &r->f[i];
		char ini[ADDR_STRLEN], rsp[ADDR_STRLEN];

		fprintf(o, "### %s `%s`%s%s\n\n", sev_word(f->sev),
		    finding_id_name(f->id), f->state[0] ? " in " : "",
		    f->state[0] ? f->state[0] : "");
		if (f->has_peers) {
			addr_port_fmt(&f->ini, f->ini_port, ini, sizeof(ini));
			addr_port_fmt(&f->rsp, f->rsp_port, rsp, sizeof(rsp));
			fprintf(o, "- Peers: initiator %s, responder %s, IKEv%u "
			    "SPIs %016" PRIx64 "/%016" PRIx64 "\n", ini, rsp,
			    f->version, f->ispi, f->rspi);
		}
		if (f->has_spi)
			fprintf(o, "- ESP/AH SPI: 0x%08" PRIx32 "\n", f->spi);
		fprintf(o, "- What the capture shows: %s\n", f->summary);
		for (k = 0; k < f->ncauses; k++)
			fprintf(o, "- %s %s\n", k == 0 ? "Likely cause:" :
			    "Or:", f->causes[k]);
		frames_text(r, f, fr, sizeof(fr));
		fprintf(o, "- Frames: %s\n\n", fr);
	}
	if (r->nf == 0)
		fprintf(o, "None: nothing in this capture calls for one.\n");
}

void
write_json(struct report *r, FILE *o, const struct report_input *in,
    const struct diag_stats *st, const char *merge)
{
	const struct cap_info *ci = in->ci;
	struct sink_ctx c;
	char a[FMT_TS_LEN], addr[ADDR_STRLEN], *buf = NULL;
	size_t len = 0, i;
	FILE *m;
	int init;

	struct stat sb;

	if (in->capture != NULL) {
		fputs("{\"capture\":{\"file\":", o);
		fmt_json_str(o, in->capture);
		fprintf(o, ",\"bytes\":%lld", stat(in->capture, &sb) == 0 ?
		    (long long)sb.st_size : -1LL);
		if (ci->user_filter != NULL) {
			fputs(",\"filter\":", o);
			fmt_json_str(o, ci->user_filter);
		}
	} else {
		fputs("{\"capture\":{\"live\":true,\"interface\":", o);
		fmt_json_str(o, ci->name ? ci->name : "");
		fputs(",\"filter\":", o);
		fmt_json_str(o, ci->filter ? ci->filter : "");
		if (in->cs != NULL && in->cs->valid)
			fprintf(o, ",\"received\":%" PRIu64 ",\"kernel_drops\":%"
			    PRIu64 ",\"interface_drops\":%" PRIu64,
			    in->cs->received, in->cs->dropped,
			    in->cs->ifdropped);
		fprintf(o, ",\"ring_bytes\":%zu,\"ring_pushed_out\":%" PRIu64
		    ",\"frames_not_kept\":[", r->rs.bytes,
		    r->rs.dropped[RING_CONTROL] + r->rs.dropped[RING_BULK]);
		for (i = 0; i < r->nlost; i++)
			fprintf(o, "%s%" PRIu64, i ? "," : "", r->lost[i]);
		fputc(']', o);
	}
	fprintf(o, ",\"longest_gap_s\":%.3f", r->gap);
	fprintf(o, ",\"link_type\":");
	fmt_json_str(o, ci->dlt_name ? ci->dlt_name : "?");
	fprintf(o, ",\"snaplen\":%d,\"frames\":%" PRIu64 ",\"truncated\":%"
	    PRIu64, ci->snaplen, st->packets, st->truncated);
	if (st->have_ts) {
		fputs(",\"first_ts\":", o);
		fmt_json_str(o, fmt_rfc3339(st->first_sec, st->first_nsec, a,
		    sizeof(a)));
		fputs(",\"last_ts\":", o);
		fmt_json_str(o, fmt_rfc3339(st->last_sec, st->last_nsec, a,
		    sizeof(a)));
	}
	fputs("},\"capture_point\":[", o);
	for (i = 0; i < r->nttl; i++) {
		fprintf(o, "%s{\"address\":", i ? "," : "");
		fmt_json_str(o, addr_fmt(&r->ttl[i].a, addr, sizeof(addr)));
		fprintf(o, ",\"ttl\":%u,\"hops\":%d", r->ttl[i].max,
		    hops(r->ttl[i].max, &init));
		if (r->ttl[i].has_mac) {
			fputs(",\"mac\":", o);
			fmt_json_str(o, mac_text(r->ttl[i].mac, addr,
			    sizeof(addr)));
		}
		fputc('}', o);
	}
	fputs("],\"findings\":[", o);
	/* Each finding as the JSON output writes it. */
	if ((m = open_memstream(&buf, &len)) != NULL) {
		memset(&c, 0, sizeof(c));
		c.out = m;
		for (i = 0; i < r->nf; i++)
			sink_json.finding(&c, &r->f[i]);
		fclose(m);
		for (i = 0; i < len; i++)
			fputc(buf[i] == '\n' ? (i + 1 < len ? ',' : ' ') :
			    buf[i], o);
		free(buf);
	}
	fputs("],\"evidence_frames\":[", o);
	for (i = 0; i < r->nev; i++)
		fprintf(o, "%s%" PRIu64, i ? "," : "", r->ev[i]);
	fputs("]", o);
	if (merge != NULL)
		fprintf(o, ",%s", merge);
	fputs("}\n", o);
}
