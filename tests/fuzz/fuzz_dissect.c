/*
 * fuzz_dissect.c: a libFuzzer target over the frame dissector and the
 * text and JSON sinks.
 *
 * ikewatch reads captures from anywhere, so every byte of a frame, its
 * lengths, its link type and its timestamp are chosen by whoever wrote
 * the file.  One input is used three ways, because no single reading
 * reaches everything:
 *
 *  1. Whole, as one frame of each link type in fuzz_links, through one
 *     dissector, as a pcapng file with an interface per link type would
 *     be read.  A seed that is one captured frame then reaches the
 *     dissector exactly as it would from a file, whatever its link type.
 *  2. Whole, as an ISAKMP message (isakmp_decode), so the IKE parser is
 *     mutated directly, without first having to keep valid link, IP
 *     and UDP headers in front of it.
 *  3. As a sequence of frames through one dissector.  The fragment table
 *     keeps state across frames: only a sequence reaches reassembly,
 *     overlaps, expiry on packet time and eviction.  Each frame has a
 *     header (below) choosing its link type, lengths and time.
 *
 * Every struct pkt goes through diag and both sinks; what the sinks
 * write is then checked, since a formatting bug is a bug too: each JSON
 * line must be one valid RFC 8259 object, and the text output must not
 * carry control characters (a terminal escape from the wire).
 *
 * Each frame is copied into a heap block of exactly its captured length:
 * a read one byte past the frame is then an ASan report, not a silent
 * read of the next frame's bytes.
 */
#include <glob.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/dlt.h>

#include "capture/frame.h"
#include "diag/diag.h"
#include "dissect/dissect.h"
#include "dissect/keys.h"
#include "ui/sink.h"
#include "ui/view.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2		276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4		228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6		229
#endif
#define DLT_RAW_OPENBSD		14

/*
 * Sequence frame header, 6 bytes, then caplen bytes of frame:
 *
 *    0        1        2       3       4       5
 * +--------+--------+----------------+----------------+
 * |  ctl   | tdelta |  caplen (BE)   |  extra (BE)    |
 * +--------+--------+----------------+----------------+
 *
 * ctl bits 0-3: index into fuzz_links (modulo its size).
 * ctl bits 4-5: wire length: 0 = caplen; 1 = caplen + extra (cut by
 *   the snaplen); 2 = caplen - extra (a writer that lies), 3 = near
 *   UINT32_MAX.
 * ctl bits 6-7: packet clock: 0 = forward tdelta seconds; 1 = back
 *   tdelta seconds (merged captures, clock steps); 2 = forward tdelta
 *   hours; 3 = near INT64_MIN or INT64_MAX, which a pcapng if_tsoffset
 *   can reach.
 * extra also gives the nanoseconds.  caplen beyond the input is cut to
 * what is left.  tests/fuzz/mkseeds.py writes this format: keep the two
 * in step.
 */
#define FUZZ_HDR_LEN		6
#define FUZZ_CLOCK_START	1700000000	/* 2023-11-14 */

/* The link types ikewatch reads, then two it refuses. */
static const int fuzz_links[] = {
	DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL, DLT_LOOP,
	DLT_RAW, DLT_IPV4, DLT_IPV6, DLT_RAW_OPENBSD,
	DLT_IEEE802_11, DLT_PPP,
};
#define FUZZ_NLINKS		(sizeof(fuzz_links) / sizeof(fuzz_links[0]))

/*
 * The output checks are the harness's own loops: coverage of them would
 * only reward inputs for printing longer lines, and slow every run.
 */
#if defined(__clang__)
#define FUZZ_UNCOUNTED	__attribute__((no_sanitize("coverage"), noinline))
#else
#define FUZZ_UNCOUNTED
#endif

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * One pass: a dissector, diag and both sinks, fed as ui/main.c's run
 * feeds them; when that loop changes, fuzz_run_* must follow.
 */
struct fuzz_run {
	struct dissector *dis;
	size_t		 link;		/* index in fuzz_links */
	struct diag	*diag;
	struct sink_ctx	 text;
	struct sink_ctx	 json;
	char		*tbuf;
	char		*jbuf;
	size_t		 tlen;
	size_t		 jlen;
	struct pkt	 pkt;
	/* read-ahead, as ui/main.c: this frame's and the last one's */
	struct diag_hint hint[2];
	const struct diag_hint *use;
	uint64_t	 frames;
};

FUZZ_UNCOUNTED static void
fuzz_fail(const char *what, const char *buf, size_t len, size_t at)
{
	size_t from = at > 80 ? at - 80 : 0;

	fprintf(stderr, "fuzz_dissect: %s at byte %zu of the output:\n%.*s\n",
	    what, at, (int)((len - from) > 160 ? 160 : len - from), buf + from);
	abort();
}

/*
 * One UTF-8 sequence at s (RFC 3629): its length and code point, or 0
 * when malformed, overlong, a surrogate or past U+10FFFF.
 */
FUZZ_UNCOUNTED static size_t
fuzz_utf8(const unsigned char *s, size_t left, uint32_t *cp)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (left < n)
		return 0;
	c = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Text: printable UTF-8 and newlines only (no C0, DEL or C1). */
FUZZ_UNCOUNTED static void
fuzz_check_text(const char *buf, size_t len)
{
	const unsigned char *u = (const unsigned char *)buf;
	uint32_t cp;
	size_t i, n;

	for (i = 0; i < len; i += n) {
		n = 1;
		if ((u[i] >= 0x20 && u[i] < 0x7f) || u[i] == '\n')
			continue;
		n = fuzz_utf8(u + i, len - i, &cp);
		if (n == 0)
			fuzz_fail("text: invalid UTF-8", buf, len, i);
		if ((cp < 0x20 && cp != '\n' && cp != '\t') ||
		    (cp >= 0x7f && cp <= 0x9f))
			fuzz_fail("text: control character", buf, len, i);
	}
	if (len > 0 && buf[len - 1] != '\n')
		fuzz_fail("text: last line not ended", buf, len, len);
}

/* A small RFC 8259 reader: each part moves j->p, and fails with 0. */
struct json_in {
	const unsigned char *p;
	const unsigned char *end;
};

FUZZ_UNCOUNTED static const unsigned char *json_value(struct json_in *, int);

FUZZ_UNCOUNTED static void
json_ws(struct json_in *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\r'))
		j->p++;
}

FUZZ_UNCOUNTED static int
json_lit(struct json_in *j, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return 0;
	j->p += n;
	return 1;
}

FUZZ_UNCOUNTED static int
json_digits(struct json_in *j)
{
	const unsigned char *s = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

FUZZ_UNCOUNTED static int
json_number(struct json_in *j)
{
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (!json_digits(j))
		return 0;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!json_digits(j))
			return 0;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!json_digits(j))
			return 0;
	}
	return 1;
}

FUZZ_UNCOUNTED static int
json_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

FUZZ_UNCOUNTED static int
json_string(struct json_in *j)
{
	uint32_t cp;
	size_t n;
	int i;

	j->p++;				/* the opening quote */
	while (j->p < j->end) {
		if (*j->p == '"') {
			j->p++;
			return 1;
		}
		if (*j->p == '\\') {
			if (++j->p >= j->end)
				return 0;
			if (*j->p == 'u') {
				for (i = 1; i <= 4; i++)
					if (j->p + i >= j->end ||
					    !json_hex(j->p[i]))
						return 0;
				j->p += 5;
			} else if (*j->p != 0 &&
			    strchr("\"\\/bfnrt", *j->p) != NULL)
				j->p++;
			else
				return 0;
			continue;
		}
		if (*j->p >= 0x20 && *j->p < 0x80) {
			j->p++;
			continue;
		}
		n = fuzz_utf8(j->p, (size_t)(j->end - j->p), &cp);
		if (n == 0 || cp < 0x20)
			return 0;
		j->p += n;
	}
	return 0;
}

/* Members or elements up to the closing bracket. */
FUZZ_UNCOUNTED static int
json_items(struct json_in *j, int depth, int object, unsigned char close)
{
	j->p++;				/* the opening bracket */
	json_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 1;
	}
	for (;;) {
		json_ws(j);
		if (object) {
			if (j->p >= j->end || *j->p != '"' || !json_string(j))
				return 0;
			json_ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return 0;
		}
		if (json_value(j, depth + 1) == NULL)
			return 0;
		json_ws(j);
		if (j->p >= j->end)
			return 0;
		if (*j->p == close) {
			j->p++;
			return 1;
		}
		if (*j->p++ != ',')
			return 0;
	}
}

FUZZ_UNCOUNTED static const unsigned char *
json_value(struct json_in *j, int depth)
{
	int ok;

	/* Our objects nest three deep: far past that is a runaway. */
	if (depth > 32)
		return NULL;
	json_ws(j);
	if (j->p >= j->end)
		return NULL;
	switch (*j->p) {
	case '{':
		ok = json_items(j, depth, 1, '}');
		break;
	case '[':
		ok = json_items(j, depth, 0, ']');
		break;
	case '"':
		ok = json_string(j);
		break;
	case 't':
		ok = json_lit(j, "true");
		break;
	case 'f':
		ok = json_lit(j, "false");
		break;
	case 'n':
		ok = json_lit(j, "null");
		break;
	default:
		ok = json_number(j);
	}
	return ok ? j->p : NULL;
}

/* JSON lines: every line one object, every line ended. */
FUZZ_UNCOUNTED static void
fuzz_check_json(const char *buf, size_t len)
{
	const char *line = buf, *nl;
	struct json_in j;

	while (line < buf + len) {
		nl = memchr(line, '\n', (size_t)(buf + len - line));
		if (nl == NULL)
			fuzz_fail("json: last line not ended", buf, len,
			    (size_t)(line - buf));
		j.p = (const unsigned char *)line;
		j.end = (const unsigned char *)nl;
		json_ws(&j);
		if (j.p >= j.end || *j.p != '{' || json_value(&j, 0) == NULL)
			fuzz_fail("json: not one valid object", buf, len,
			    (size_t)((const char *)j.p - buf));
		json_ws(&j);
		if (j.p != j.end)
			fuzz_fail("json: bytes after the object", buf, len,
			    (size_t)((const char *)j.p - buf));
		line = nl + 1;
	}
}

static void
fuzz_ctx(struct sink_ctx *c, FILE *f, int dlt, int live, int verbose)
{
	memset(c, 0, sizeof(*c));
	c->out = f;
	c->verbose = verbose;
	c->cap.name = "fuzz";
	c->cap.live = live;
	c->cap.dlt = dlt;
	c->cap.dlt_name = "FUZZ";
	c->cap.dlt_text = "fuzzed";
	c->cap.snaplen = 262144;
	c->cap.nanosecond = 1;
	c->cap.filter = live ? "udp port 500 and (udp)" : NULL;
	c->cap.user_filter = live ? "udp" : NULL;
}

/*
 * Spare dissectors, one per link type, kept between inputs.  A new
 * dissector costs a 4 MB fragment table, and under ASan its allocation
 * took most of the time of a run.  Its state is the IP and the IKE
 * fragment tables (dissect.c), and a dissector that never took a
 * fragment of either kind is as new: only such a one is kept, so each
 * input still starts from scratch and a crash reproduces on its own.
 * State added to struct dissector must be checked here too.
 */
static struct dissector *fuzz_spare[FUZZ_NLINKS];

/*
 * Keys for the decryption paths, loaded once: IKEv2 SAs (CBC with HMAC,
 * GCM), an IKEv1 SA and ESP for any SPI, so every ESP packet and the
 * messages whose SPIs the fuzzer finds go through decryption.
 */
static const char fuzz_keytext[] =
"0102030405060708,1112131415161718,000102030405060708090a0b0c0d0e0f,"
"101112131415161718191a1b1c1d1e1f,\"AES-CBC-128 [RFC3602]\","
"202122232425262728292a2b2c2d2e2f30313233,"
"404142434445464748494a4b4c4d4e4f50515253,\"HMAC_SHA1_96 [RFC2404]\"\n"
"2122232425262728,3132333435363738,"
"000102030405060708090a0b0c0d0e0f10111213,"
"101112131415161718191a1b1c1d1e1f20212223,"
"\"AES-GCM-128 with 16 octet ICV [RFC5282]\",,,\"NONE [RFC4306]\"\n"
"0102030405060708,000102030405060708090a0b0c0d0e0f1011121314151617\n"
"\"Any\",\"*\",\"*\",\"*\",\"AES-CBC [RFC3602]\","
"\"0x000102030405060708090a0b0c0d0e0f\",\"HMAC-SHA-1-96 [RFC2404]\","
"\"0x0001020304050607080910111213141516171819\"\n";

static const struct keystore *
fuzz_keys(void)
{
	static struct keystore *ks;
	char path[] = "/tmp/ikewatch-fuzz-keys.XXXXXX", err[256];
	FILE *f;
	int fd;

	if (ks != NULL)
		return ks;
	if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL)
		abort();
	fputs(fuzz_keytext, f);
	fclose(f);
	if ((ks = keystore_new()) == NULL ||
	    keystore_load(ks, path, NULL, NULL, err, sizeof(err)) != 4)
		abort();
	unlink(path);
#ifdef FUZZ_LAB_KEYS
	/* The lab's keys too: seeds from its captures decrypt. */
	{
		glob_t g;
		size_t i;

		if (glob(FUZZ_LAB_KEYS "/*.keys", 0, NULL, &g) == 0) {
			for (i = 0; i < g.gl_pathc; i++)
				(void)keystore_load(ks, g.gl_pathv[i], NULL,
				    NULL, err, sizeof(err));
			globfree(&g);
		}
	}
#endif
	return ks;
}

static struct dissector *
fuzz_dissector(size_t link)
{
	struct dissector *d;
	char err[256];

	if ((d = fuzz_spare[link]) != NULL) {
		fuzz_spare[link] = NULL;
		return d;
	}
	err[0] = '\0';
	d = dissect_new(fuzz_links[link], err, sizeof(err));
	/* A refusal must say why: ui/main.c prints it. */
	if (d == NULL && err[0] == '\0')
		abort();
	return d;
}

static void
fuzz_dissector_done(struct dissector *d, size_t link)
{
	if (fuzz_spare[link] == NULL &&
	    dissect_frag_stats(d)->fragments == 0 &&
	    dissect_ikefrag_stats(d)->fragments == 0)
		fuzz_spare[link] = d;
	else
		dissect_free(d);
}

/* An IKE SA leaves diag's table: both sinks report it, as in main.c. */
static void
fuzz_run_sa(void *arg, const struct ike_sa *sa)
{
	struct fuzz_run *r = arg;
	struct sa_extra x;
	struct view_row row;
	static char ladder[16][160];
	int64_t sec;
	uint32_t nsec;

	sink_sa_extra(r->diag, sa, &x);
	sink_text.sa(&r->text, sa, &x);
	sink_json.sa(&r->json, sa, &x);
	/* The live view's model reads the same records. */
	diag_now(r->diag, &sec, &nsec);
	view_row_make(&row, sa, x.child, x.nchild, NULL, 0, sec, nsec, 10,
	    (enum state_vocab)r->text.vocab);
	(void)view_ladder(sa, (enum state_vocab)r->text.vocab, ladder, 16);
}

/* A finding: both sinks report it (text holds it until the end). */
static void
fuzz_run_finding(void *arg, const struct finding *f)
{
	struct fuzz_run *r = arg;

	sink_text.finding(&r->text, f);
	sink_json.finding(&r->json, f);
}

/*
 * 0 and a run ready to take frames, or -1 when the link is refused.
 * The verbosity (-v, -vv) changes what is decoded and printed.
 */
static int
fuzz_run_open(struct fuzz_run *r, size_t link, int live, int verbose)
{
	FILE *t, *j;

	memset(r, 0, sizeof(*r));
	r->link = link;
	if ((r->dis = fuzz_dissector(link)) == NULL)
		return -1;
	if (dissect_dlt(r->dis) != fuzz_links[link])
		abort();
	/* Decryption on most runs; without keys nothing may change. */
	if (verbose != 1 && dissect_set_keys(r->dis, fuzz_keys()) != 0)
		abort();
	t = open_memstream(&r->tbuf, &r->tlen);
	j = open_memstream(&r->jbuf, &r->jlen);
	/* A small cap, so that eviction and its reports are reached. */
	if ((r->diag = diag_new(64 * 1024, fuzz_run_sa, r)) == NULL ||
	    t == NULL || j == NULL)
		abort();
	/* A short stall on some runs, so that the timing rules are reached. */
	diag_set_findings(r->diag, fuzz_run_finding, r, verbose == 1 ? 0.5 :
	    0);
	/* Glance at every frame, however few SPIs a short input makes. */
	diag_set_read_ahead(r->diag, 0);
	fuzz_ctx(&r->text, t, fuzz_links[link], live, verbose);
	fuzz_ctx(&r->json, j, fuzz_links[link], live, verbose);
	/* Each vocabulary in turn, by the same choice as the verbosity. */
	r->text.vocab = verbose % 3;
	sink_text.begin(&r->text);
	sink_json.begin(&r->json);
	return 0;
}

static void
fuzz_run_pkt(struct fuzz_run *r)
{
	diag_feed_hinted(r->diag, &r->pkt, r->use);
	sink_text.packet(&r->text, &r->pkt);
	sink_json.packet(&r->json, &r->pkt);
}

/* Datagrams and IKE fragment sets given up on, as ui/main.c drains them. */
static void
fuzz_run_lost(struct fuzz_run *r)
{
	struct frag_lost l;
	struct ikefrag_lost k;

	while (dissect_next_lost(r->dis, &l)) {
		diag_lost_ip(r->diag, &l);
		if (sink_text.ip_lost != NULL)
			sink_text.ip_lost(&r->text, &l);
		if (sink_json.ip_lost != NULL)
			sink_json.ip_lost(&r->json, &l);
	}
	while (dissect_next_ikefrag_lost(r->dis, &k)) {
		diag_lost_ike(r->diag, &k);
		if (sink_text.ike_lost != NULL)
			sink_text.ike_lost(&r->text, &k);
		if (sink_json.ike_lost != NULL)
			sink_json.ike_lost(&r->json, &k);
	}
}

/*
 * Each frame is glanced at first, as the offline loop does some frames
 * ahead.  Every other frame is fed the previous frame's hint instead of
 * its own: a hint that no longer fits must be refused, never trusted.
 */
static void
fuzz_run_frame(struct fuzz_run *r, const struct cap_frame *f)
{
	struct diag_hint *h = &r->hint[r->frames & 1];

	diag_hint_start(r->diag, f, h);
	diag_hint_more(r->diag, h);
	diag_hint_last(r->diag, h);
	r->use = (r->frames & 3) == 3 ? &r->hint[(r->frames + 1) & 1] : h;
	dissect_frame(r->dis, f, &r->pkt);
	fuzz_run_pkt(r);
	r->use = NULL;
	r->frames++;
	fuzz_run_lost(r);
}

static void
fuzz_run_close(struct fuzz_run *r)
{
	struct cap_stats cs;
	struct sink_end e;

	/* The capture ended: what is still incomplete is lost. */
	dissect_flush(r->dis);
	fuzz_run_lost(r);
	diag_finish(r->diag);
	memset(&e, 0, sizeof(e));
	e.diag = diag_stats(r->diag);
	e.frag = dissect_frag_stats(r->dis);
	e.ikefrag = dissect_ikefrag_stats(r->dis);
	if (r->text.cap.live) {
		memset(&cs, 0, sizeof(cs));
		cs.valid = 1;
		cs.received = r->pkt.frame;
		e.cap = &cs;
		e.error = "fuzz: \"stopped\" \\ early";
	}
	sink_text.end(&r->text, &e);
	sink_json.end(&r->json, &e);
	if (fclose(r->text.out) != 0 || fclose(r->json.out) != 0)
		abort();
	fuzz_check_json(r->jbuf, r->jlen);
	fuzz_check_text(r->tbuf, r->tlen);
	free(r->tbuf);
	free(r->jbuf);
	diag_free(r->diag);
	/* The decryptor's state goes: the next input starts afresh. */
	(void)dissect_set_keys(r->dis, NULL);
	fuzz_dissector_done(r->dis, r->link);
}

/* Readings 1 and 2: the input whole. */
static void
fuzz_whole(const uint8_t *data, size_t size)
{
	struct fuzz_run r;
	struct cap_frame f;
	uint32_t anom = 0;
	size_t i;

	/* Ethernet; the length picks the verbosity, so it reproduces. */
	if (fuzz_run_open(&r, 0, 0, (int)(size % 3)) != 0)
		abort();
	/* dissect_frame follows each frame's own link type (pcapng). */
	for (i = 0; i < FUZZ_NLINKS; i++) {
		memset(&f, 0, sizeof(f));
		f.no = i + 1;
		f.ts_sec = FUZZ_CLOCK_START;
		f.ts_nsec = (uint32_t)i;
		f.caplen = (uint32_t)size;
		f.wirelen = (uint32_t)size;
		f.dlt = fuzz_links[i];
		f.data = data;
		fuzz_run_frame(&r, &f);
	}
	/* As the transport layer would hand it up from UDP 500. */
	memset(&r.pkt, 0, sizeof(r.pkt));
	r.pkt.frame = FUZZ_NLINKS + 1;
	r.pkt.ts_sec = FUZZ_CLOCK_START;
	r.pkt.caplen = r.pkt.wirelen = (uint32_t)size;
	r.pkt.kind = PK_IKE;
	isakmp_decode(data, size, &r.pkt.ike, &anom);
	r.pkt.anomalies = anom;
	fuzz_run_pkt(&r);
	fuzz_run_close(&r);
}

static uint16_t
fuzz_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Apply one header's clock bits; unsigned, so the harness never overflows. */
static int64_t
fuzz_clock(int64_t now, uint8_t ctl, uint8_t tdelta)
{
	uint64_t u = (uint64_t)now;

	switch (ctl >> 6) {
	case 0:
		u += tdelta;
		break;
	case 1:
		u -= tdelta;
		break;
	case 2:
		u += (uint64_t)tdelta * 3600;
		break;
	default:
		u = (tdelta & 1) ? (uint64_t)INT64_MAX - (tdelta >> 1) :
		    (uint64_t)INT64_MIN + (tdelta >> 1);
	}
	return (int64_t)u;
}

static uint32_t
fuzz_wirelen(uint8_t ctl, uint32_t caplen, uint16_t extra)
{
	switch ((ctl >> 4) & 3) {
	case 0:
		return caplen;
	case 1:
		return caplen + extra;
	case 2:
		return caplen > extra ? caplen - extra : 0;
	default:
		return UINT32_MAX - extra;
	}
}

/* Reading 3: a sequence of framed frames through one dissector. */
static void
fuzz_sequence(const uint8_t *data, size_t size)
{
	struct fuzz_run r;
	struct cap_frame f;
	int64_t now = FUZZ_CLOCK_START;
	uint64_t no = 0;
	uint16_t extra;
	uint8_t *copy;
	size_t at = 0;
	uint8_t ctl;

	if (size < FUZZ_HDR_LEN)
		return;
	/* The file's first link type picks the dissector, as in main.c. */
	if (fuzz_run_open(&r, (data[0] & 0x0f) % FUZZ_NLINKS, 1,
	    (int)(size / 3 % 3)) != 0)
		return;
	while (size - at >= FUZZ_HDR_LEN) {
		ctl = data[at];
		memset(&f, 0, sizeof(f));
		f.no = ++no;
		f.dlt = fuzz_links[(ctl & 0x0f) % FUZZ_NLINKS];
		now = fuzz_clock(now, ctl, data[at + 1]);
		f.ts_sec = now;
		f.caplen = fuzz_be16(data + at + 2);
		extra = fuzz_be16(data + at + 4);
		at += FUZZ_HDR_LEN;
		if (f.caplen > size - at)
			f.caplen = (uint32_t)(size - at);
		f.wirelen = fuzz_wirelen(ctl, f.caplen, extra);
		f.ts_nsec = (ctl >> 6) == 3 ? UINT32_MAX - extra :
		    (uint32_t)extra * 15258;	/* below 10^9 */
		if ((copy = malloc(f.caplen)) == NULL && f.caplen > 0)
			abort();
		if (f.caplen > 0)
			memcpy(copy, data + at, f.caplen);
		f.data = copy;
		at += f.caplen;
		fuzz_run_frame(&r, &f);
		/* Views into the frame die with it: ASan sees a late read. */
		free(copy);
	}
	fuzz_run_close(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Wire lengths are 32 bits; libFuzzer inputs are far smaller. */
	if (size > UINT32_MAX / 2)
		return 0;
	fuzz_whole(data, size);
	fuzz_sequence(data, size);
	return 0;
}
