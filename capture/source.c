/*
 * source.c: libpcap frame sources, one for files (pcap and pcapng, read
 * with nanosecond precision) and one for live interfaces (a large
 * kernel buffer handed over in blocks at most CAP_TIMEOUT_MS old, not
 * immediate mode, whose one-slot-per-packet ring of snaplen-sized slots
 * overflows at a few hundred thousand packets a second; a default BPF
 * filter for IKE, ESP, AH, ICMP errors and IP fragments, optionally
 * narrowed by the user's own).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pcap/pcap.h>

#include "capture/pcapng.h"
#include "capture/source.h"

#define CAP_FILTER_DLTS	8	/* a file's filter, compiled per link type */
#define PCAPNG_MAGIC	0x0a0d0d0aU

struct cap_filter {
	int		 dlt;
	struct bpf_program prog;
};

struct cap_source {
	pcap_t		*pc;
	char		*name;
	char		*filter;
	char		*user_filter;	/* live: the user's part of it */
	int		 live;
	int		 nano;
	uint64_t	 frames;
	struct ng_reader *ng;		/* pcapng that libpcap refused */
	char		*fexpr;		/* files: the user's filter */
	struct cap_filter fprog[CAP_FILTER_DLTS];
	int		 nfprog;
};

/*
 * What ikewatch needs to see, also inside one or two VLAN tags (span
 * ports often mirror trunks): IKE and NAT-T, ESP, AH, ICMP errors and
 * non-first IP fragments (a fragment with offset > 0 has no UDP header
 * for "udp port" to match).
 */
#define CAP_INNER_FILTER						\
	"udp port 500 or udp port 4500 or esp or ah"			\
	" or (icmp and (icmp[icmptype] == icmp-unreach"			\
	" or icmp[icmptype] == icmp-timxceed"				\
	" or icmp[icmptype] == icmp-paramprob"				\
	" or icmp[icmptype] == icmp-sourcequench"			\
	" or icmp[icmptype] == icmp-redirect))"			\
	" or (icmp6 and ip6[40] < 128)"					\
	" or (ip and ip[6:2] & 0x3fff != 0)"				\
	" or (ip6 and ip6[6] == 44)"

/*
 * `vlan' shifts the offsets of everything after it in the expression, so
 * the user's part must sit inside each of the three positions (untagged,
 * one tag, two tags) rather than after the whole.
 */
#define CAP_VLAN_WRAP(x)	"(" x ") or (vlan and ((" x ") or (vlan and (" \
				    x "))))"

const char cap_default_filter[] = CAP_VLAN_WRAP(CAP_INNER_FILTER);

static int
cap_refused_interfaces(const char *msg)
{
	return strstr(msg, "different from") != NULL &&
	    strstr(msg, "interface") != NULL;
}

static struct cap_source *
cap_alloc(const char *name, char *errbuf)
{
	struct cap_source *s = calloc(1, sizeof(*s));

	if (s == NULL || (s->name = strdup(name)) == NULL) {
		free(s);
		snprintf(errbuf, CAP_ERRBUF_SIZE, "out of memory");
		return NULL;
	}
	return s;
}

int
cap_open_file(struct cap_source **out, const char *path, char *errbuf)
{
	char pe[PCAP_ERRBUF_SIZE] = "";
	struct cap_source *s;
	struct stat st;
	FILE *fp;

	if (stat(path, &st) != 0) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot read %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot read %s: it is a "
		    "directory, not a capture file", path);
		return -1;
	}
	if (st.st_size == 0) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "%s is empty, not a capture "
		    "file", path);
		return -1;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot read %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if ((s = cap_alloc(path, errbuf)) == NULL) {
		fclose(fp);
		return -1;
	}
	s->pc = pcap_fopen_offline_with_tstamp_precision(fp,
	    PCAP_TSTAMP_PRECISION_NANO, pe);
	if (s->pc == NULL && cap_refused_interfaces(pe)) {
		rewind(fp);
		s->ng = ng_open(fp, path, errbuf, CAP_ERRBUF_SIZE);
		if (s->ng == NULL) {
			fclose(fp);
			cap_close(s);
			return -1;
		}
		*out = s;
		return 0;
	}
	if (s->pc == NULL) {
		fclose(fp);
		if (strstr(pe, "unknown file format") != NULL ||
		    strstr(pe, "truncated dump file; tried to read 4 file "
		    "header") != NULL)
			snprintf(errbuf, CAP_ERRBUF_SIZE, "%s is not a pcap or "
			    "pcapng capture file", path);
		else
			snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot read %s: %s",
			    path, pe);
		cap_close(s);
		return -1;
	}
	s->nano = 1;
	*out = s;
	return 0;
}

static int
cap_activate_error(struct cap_source *s, int rc, char *errbuf)
{
	const char *why = pcap_geterr(s->pc);

	switch (rc) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot capture on %s: "
		    "there is no such interface (ip link lists them)", s->name);
		break;
	case PCAP_ERROR_PERM_DENIED:
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot capture on %s: "
		    "permission denied (run as root, or give ikewatch "
		    "CAP_NET_RAW and CAP_NET_ADMIN)", s->name);
		break;
	case PCAP_ERROR_IFACE_NOT_UP:
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot capture on %s: "
		    "the interface is down", s->name);
		break;
	default:
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot capture on %s: %s",
		    s->name, why && *why ? why : pcap_statustostr(rc));
	}
	return -1;
}

static int
cap_set_filter(struct cap_source *s, const char *user, char *errbuf)
{
	struct bpf_program prog;
	size_t n;

	if (user != NULL && *user != '\0') {
		/* Check the user's part alone: its error is the one to show. */
		if (pcap_compile(s->pc, &prog, user, 1,
		    PCAP_NETMASK_UNKNOWN) != 0) {
			snprintf(errbuf, CAP_ERRBUF_SIZE, "bad filter "
			    "expression '%s': %s", user, pcap_geterr(s->pc));
			return -1;
		}
		pcap_freecode(&prog);
		n = 3 * (strlen(CAP_INNER_FILTER) + strlen(user)) + 128;
		if ((s->filter = malloc(n)) == NULL) {
			snprintf(errbuf, CAP_ERRBUF_SIZE, "out of memory");
			return -1;
		}
#define CAP_X	"(" CAP_INNER_FILTER ") and (%s)"
		snprintf(s->filter, n, CAP_VLAN_WRAP(CAP_X), user, user, user);
#undef CAP_X
	} else if ((s->filter = strdup(cap_default_filter)) == NULL) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "out of memory");
		return -1;
	}
	if (user != NULL && *user != '\0' &&
	    (s->user_filter = strdup(user)) == NULL) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "out of memory");
		return -1;
	}
	if (pcap_compile(s->pc, &prog, s->filter, 1,
	    PCAP_NETMASK_UNKNOWN) != 0) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "bad filter expression "
		    "'%s': %s", s->filter, pcap_geterr(s->pc));
		return -1;
	}
	if (pcap_setfilter(s->pc, &prog) != 0) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot set the filter on "
		    "%s: %s", s->name, pcap_geterr(s->pc));
		pcap_freecode(&prog);
		return -1;
	}
	pcap_freecode(&prog);
	return 0;
}

int
cap_open_live(struct cap_source **out, const char *iface, const char *user,
    char *errbuf)
{
	char pe[PCAP_ERRBUF_SIZE] = "";
	struct cap_source *s;
	int rc;

	if ((s = cap_alloc(iface, errbuf)) == NULL)
		return -1;
	s->live = 1;
	if ((s->pc = pcap_create(iface, pe)) == NULL) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot capture on %s: %s",
		    iface, pe);
		cap_close(s);
		return -1;
	}
	pcap_set_snaplen(s->pc, CAP_SNAPLEN);
	pcap_set_promisc(s->pc, 1);
	pcap_set_buffer_size(s->pc, CAP_BUFFER_SIZE);
	pcap_set_timeout(s->pc, CAP_TIMEOUT_MS);
	s->nano = pcap_set_tstamp_precision(s->pc,
	    PCAP_TSTAMP_PRECISION_NANO) == 0;
	rc = pcap_activate(s->pc);
	if (rc < 0) {
		cap_activate_error(s, rc, errbuf);
		cap_close(s);
		return -1;
	}
	s->nano = pcap_get_tstamp_precision(s->pc) ==
	    PCAP_TSTAMP_PRECISION_NANO;
	if (cap_set_filter(s, user, errbuf) != 0 ||
	    pcap_setnonblock(s->pc, 1, pe) != 0) {
		if (*pe)
			snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot capture on "
			    "%s: %s", iface, pe);
		cap_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

/* Does a file's frame pass the user's filter? (compiled per link type) */
static int
cap_file_match(struct cap_source *s, const struct cap_frame *f)
{
	struct pcap_pkthdr h;
	struct cap_filter *cf = NULL;
	pcap_t *dead;
	int i;

	if (s->fexpr == NULL)
		return 1;
	for (i = 0; i < s->nfprog; i++)
		if (s->fprog[i].dlt == f->dlt)
			cf = &s->fprog[i];
	if (cf == NULL) {
		if (s->nfprog == CAP_FILTER_DLTS)
			return 1;
		cf = &s->fprog[s->nfprog];
		if ((dead = pcap_open_dead(f->dlt, CAP_SNAPLEN)) == NULL)
			return 1;
		/* Checked at open for the first link type; others may not fit. */
		if (pcap_compile(dead, &cf->prog, s->fexpr, 1,
		    PCAP_NETMASK_UNKNOWN) != 0) {
			pcap_close(dead);
			return 0;
		}
		pcap_close(dead);
		cf->dlt = f->dlt;
		s->nfprog++;
	}
	memset(&h, 0, sizeof(h));
	h.caplen = f->caplen;
	h.len = f->wirelen;
	return pcap_offline_filter(&cf->prog, &h, f->data) != 0;
}

int
cap_set_file_filter(struct cap_source *s, const char *expr, char *errbuf)
{
	pcap_t *dead;
	struct bpf_program prog;

	if (expr == NULL || *expr == '\0')
		return 0;
	dead = pcap_open_dead(s->ng ? ng_dlt(s->ng) : pcap_datalink(s->pc),
	    CAP_SNAPLEN);
	if (dead == NULL) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "out of memory");
		return -1;
	}
	if (pcap_compile(dead, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "bad filter expression '%s': "
		    "%s", expr, pcap_geterr(dead));
		pcap_close(dead);
		return -1;
	}
	pcap_freecode(&prog);
	pcap_close(dead);
	if ((s->fexpr = strdup(expr)) == NULL ||
	    (s->filter = strdup(expr)) == NULL) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "out of memory");
		return -1;
	}
	return 0;
}

static int
cap_is_pcapng(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t m[4];
	int yes;

	if (fp == NULL)
		return 0;
	yes = fread(m, 1, 4, fp) == 4 && m[0] == 0x0a && m[1] == 0x0d &&
	    m[2] == 0x0d && m[3] == 0x0a;
	fclose(fp);
	return yes;
}

/*
 * libpcap gave up on a pcapng file with interfaces of different link
 * types or snapshot lengths: go on with the fallback reader, skipping
 * the frames already handed out.
 */
static int
cap_switch_to_ng(struct cap_source *s, char *errbuf)
{
	struct cap_frame f;
	FILE *fp;
	uint64_t n;

	if ((fp = fopen(s->name, "rb")) == NULL) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot read %s: %s", s->name,
		    strerror(errno));
		return -1;
	}
	s->ng = ng_open(fp, s->name, errbuf, CAP_ERRBUF_SIZE);
	if (s->ng == NULL) {
		fclose(fp);
		return -1;
	}
	for (n = 0; n < s->frames; n++)
		if (ng_next(s->ng, &f, errbuf, CAP_ERRBUF_SIZE) != CAP_FRAME)
			return -1;
	return 0;
}

static int
cap_next_pcap(struct cap_source *s, struct cap_frame *f, char *errbuf)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;

	rc = pcap_next_ex(s->pc, &h, &data);
	if (rc == 1) {
		f->ts_sec = h->ts.tv_sec;
		f->ts_nsec = s->nano ? (uint32_t)h->ts.tv_usec :
		    (uint32_t)h->ts.tv_usec * 1000;
		f->caplen = h->caplen;
		f->wirelen = h->len;
		f->data = data;
		f->dlt = pcap_datalink(s->pc);
		return CAP_FRAME;
	}
	if (rc == 0)
		return CAP_NONE;
	if (rc == PCAP_ERROR_BREAK)
		return CAP_EOF;
	if (!s->live && cap_refused_interfaces(pcap_geterr(s->pc)) &&
	    cap_is_pcapng(s->name)) {
		if (cap_switch_to_ng(s, errbuf) != 0)
			return CAP_ERROR;
		return ng_next(s->ng, f, errbuf, CAP_ERRBUF_SIZE);
	}
	if (strstr(pcap_geterr(s->pc), "truncated") != NULL && s->frames == 0)
		snprintf(errbuf, CAP_ERRBUF_SIZE, "%s is truncated: its first "
		    "record is cut short (%s)", s->name, pcap_geterr(s->pc));
	else if (strstr(pcap_geterr(s->pc), "truncated") != NULL)
		snprintf(errbuf, CAP_ERRBUF_SIZE, "%s is truncated: the record "
		    "after frame %llu is cut short (%s); the frames before it "
		    "were analysed", s->name, (unsigned long long)s->frames,
		    pcap_geterr(s->pc));
	else
		snprintf(errbuf, CAP_ERRBUF_SIZE, "%s: read error after frame "
		    "%llu: %s", s->name, (unsigned long long)s->frames,
		    pcap_geterr(s->pc));
	return CAP_ERROR;
}

/*
 * A file's filter runs here rather than in libpcap so that frames it
 * hides still count: frame numbers stay those of the file.
 */
int
cap_next(struct cap_source *s, struct cap_frame *f, char *errbuf)
{
	int rc;

	for (;;) {
		if (s->ng != NULL)
			rc = ng_next(s->ng, f, errbuf, CAP_ERRBUF_SIZE);
		else
			rc = cap_next_pcap(s, f, errbuf);
		if (rc != CAP_FRAME)
			return rc;
		f->no = ++s->frames;
		if (s->live || cap_file_match(s, f))
			return CAP_FRAME;
	}
}

int
cap_fd(const struct cap_source *s)
{
	return s->live ? pcap_get_selectable_fd(s->pc) : -1;
}

int
cap_get_stats(struct cap_source *s, struct cap_stats *st)
{
	struct pcap_stat ps;

	memset(st, 0, sizeof(*st));
	if (!s->live || pcap_stats(s->pc, &ps) != 0)
		return -1;
	st->valid = 1;
	st->received = ps.ps_recv;
	st->dropped = ps.ps_drop;
	st->ifdropped = ps.ps_ifdrop;
	return 0;
}

void
cap_info(const struct cap_source *s, struct cap_info *i)
{
	memset(i, 0, sizeof(*i));
	i->name = s->name;
	i->live = s->live;
	i->dlt = s->ng ? ng_dlt(s->ng) : pcap_datalink(s->pc);
	i->dlt_name = pcap_datalink_val_to_name(i->dlt);
	i->dlt_text = pcap_datalink_val_to_description(i->dlt);
	i->snaplen = s->ng ? ng_snaplen(s->ng) : pcap_snapshot(s->pc);
	i->nanosecond = s->nano;
	i->filter = s->filter;
	i->user_filter = s->live ? s->user_filter : s->fexpr;
}

void
cap_break(struct cap_source *s)
{
	if (s != NULL && s->pc != NULL)
		pcap_breakloop(s->pc);
}

void
cap_close(struct cap_source *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nfprog; i++)
		pcap_freecode(&s->fprog[i].prog);
	if (s->pc != NULL)
		pcap_close(s->pc);
	ng_close(s->ng);
	free(s->fexpr);
	free(s->user_filter);
	free(s->name);
	free(s->filter);
	free(s);
}
