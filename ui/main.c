/*
 * main.c: the command line and the read loop.  The only file that knows
 * every layer, and the only place that exits.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture/source.h"
#include "diag/diag.h"
#include "diag/state.h"
#include "dissect/dissect.h"
#include "ui/sink.h"
#include "dissect/decrypt.h"
#include "dissect/keys.h"
#include "ui/opts.h"
#include "ui/report.h"
#include "ui/tui.h"

#define STATS_EVERY_SEC		10
#define POLL_MS			250

#define RING_DEFAULT	((size_t)64 << 20)

/* The outputs; the command line picks one. */
static const struct sink *const sinks[] = { &sink_text, &sink_json };

static volatile sig_atomic_t stop_requested;
static struct cap_source *live_source;

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
	cap_break(live_source);
}

static void
signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

struct run {
	struct tui	*tui;
	struct report	*rep;
	struct report	*vrep;		/* the live view's `e', collecting */
	struct frame_ring *ring;	/* live: recent frames, for evidence */
	struct keystore	*ks;		/* --keys */
	const struct opts *o;
	double		 speed;		/* replay: factor of packet time */
	struct cap_source *src;
	struct dissector *dis;
	struct diag	*diag;
	const struct diag_hint *hint;	/* read-ahead's, for the frame run */
	const struct sink *sink;
	struct sink_ctx	 ctx;
	struct pkt	 pkt;
	struct cap_stats cap;
	uint64_t	 drops_said;
	time_t		 next_stats;
	char		 err[CAP_ERRBUF_SIZE];
};

/* Incomplete datagrams and fragment sets, as the dissector gives up. */
static void
run_lost(struct run *r)
{
	struct frag_lost l;
	struct ikefrag_lost k;

	while (dissect_next_lost(r->dis, &l)) {
		diag_lost_ip(r->diag, &l);
		if (r->sink->ip_lost != NULL)
			r->sink->ip_lost(&r->ctx, &l);
	}
	while (dissect_next_ikefrag_lost(r->dis, &k)) {
		diag_lost_ike(r->diag, &k);
		if (r->sink->ike_lost != NULL)
			r->sink->ike_lost(&r->ctx, &k);
	}
}

/* A finding was drawn: the output reports it. */
static void
run_finding(void *arg, const struct finding *f)
{
	struct run *r = arg;

	if (r->sink->finding != NULL)
		r->sink->finding(&r->ctx, f);
	if (r->tui != NULL)
		tui_finding(r->tui, f);
	if (r->rep != NULL)
		report_finding(r->rep, f);
	if (r->vrep != NULL)
		report_finding(r->vrep, f);
}

/* An IKE SA left the state table: the output reports it. */
static void
run_sa(void *arg, const struct ike_sa *sa)
{
	struct run *r = arg;
	struct sa_extra x;

	if (r->rep != NULL)
		report_sa(r->rep, sa);
	if (r->sink->sa == NULL)
		return;
	sink_sa_extra(r->diag, sa, &x);
	r->sink->sa(&r->ctx, sa, &x);
}

static void
run_frame(struct run *r, const struct cap_frame *f)
{
	dissect_frame(r->dis, f, &r->pkt);
	if (r->ring != NULL)
		ring_add(r->ring, f, r->pkt.kind == PK_ESP ||
		    r->pkt.kind == PK_ESP_UDP || r->pkt.kind == PK_AH ?
		    RING_BULK : RING_CONTROL);
	diag_feed_hinted(r->diag, &r->pkt, r->hint);
	r->sink->packet(&r->ctx, &r->pkt);
	if (r->rep != NULL)
		report_packet(r->rep, &r->pkt);
	if (r->vrep != NULL)
		report_packet(r->vrep, &r->pkt);
	run_lost(r);
	if (r->tui != NULL) {
		tui_packet(r->tui, f->ts_sec);
		if (r->pkt.kind == PK_IKE)
			tui_ike(r->tui, diag_last_event(r->diag), &r->pkt);
	}
}

struct find_sa {
	struct sa_key	 key;
	const struct ike_sa *sa;
};

static void
find_sa(void *arg, const struct ike_sa *sa)
{
	struct find_sa *f = arg;

	if (sa->key.version == f->key.version && sa->key.ispi == f->key.ispi)
		f->sa = sa;
}

/* What a report is written from: the file, or the live ring. */
static void
run_input(struct run *r, struct report_input *in)
{
	memset(in, 0, sizeof(*in));
	in->capture = r->o->rfile;
	in->second = r->o->rfile2;
	in->ring = r->ring;
	in->ci = &r->ctx.cap;
	if (r->o->iface != NULL && cap_get_stats(r->src, &r->cap) == 0)
		in->cs = &r->cap;
}

/* The view's `e': the selected SA's bundle, in the working directory. */
static void
run_evidence(void *arg, const struct sa_key *k, char *msg, size_t len)
{
	struct run *r = arg;
	struct report_input in;
	struct find_sa f;
	char dir[64], err[CAP_ERRBUF_SIZE];
	int i;

	if (r->vrep == NULL) {
		snprintf(msg, len, "evidence: not available in this run");
		return;
	}
	memset(&f, 0, sizeof(f));
	f.key = *k;
	diag_each_sa(r->diag, find_sa, &f);
	if (f.sa == NULL) {
		snprintf(msg, len, "evidence: that IKE SA has left the table");
		return;
	}
	for (i = 0; i < 100; i++) {
		snprintf(dir, sizeof(dir), "ikewatch-evidence-%016llx%s%.0d",
		    (unsigned long long)k->ispi, i ? "-" : "", i);
		if (access(dir, F_OK) != 0)
			break;
	}
	run_input(r, &in);
	if (report_write_sa(r->vrep, f.sa, dir, &in, diag_stats(r->diag),
	    err, sizeof(err)) != 0)
		snprintf(msg, len, "evidence: %s", err);
	else
		snprintf(msg, len, "evidence written to %s/ (report.md, "
		    "evidence.pcap, SHA256SUMS)", dir);
}

/* Waits up to ms for a key; 1 when the user asked to quit. */
static int
run_tui_wait(struct run *r, int ms)
{
	struct pollfd pfd;

	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	if (ms > 0)
		(void)poll(&pfd, 1, ms);
	if (tui_keys(r->tui, r->diag))
		return 1;
	tui_draw(r->tui, r->diag, 0);
	return stop_requested;
}

static double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * A file into the live view, in packet time times the speed (0: as fast
 * as possible), then the final state until the user quits.
 */
static int
run_file_tui(struct run *r)
{
	struct cap_frame f;
	double t0 = 0, w0 = mono_now(), due;
	int rc, first = 1, quit = 0;

	while (!quit && (rc = cap_next(r->src, &f, r->err)) == CAP_FRAME) {
		double t = (double)f.ts_sec + f.ts_nsec / 1e9;

		if (first) {
			t0 = t;
			first = 0;
		}
		/* Wait for the frame's moment, minding the keyboard. */
		while (!quit && r->speed > 0 &&
		    (due = (t - t0) / r->speed - (mono_now() - w0)) > 0) {
			/* Packet time runs on between packets too. */
			double v = t0 + (mono_now() - w0) * r->speed;

			if (v > -9e18 && v < 9e18)
				diag_tick(r->diag, (int64_t)v, (uint32_t)((v -
				    (double)(int64_t)v) * 1e9));
			quit = run_tui_wait(r, due > 0.25 ? 250 :
			    (int)(due * 1000) + 1);
		}
		run_frame(r, &f);
		if (!quit)
			quit = run_tui_wait(r, 0);
	}
	if (quit)
		return CAP_EOF;
	if (rc == CAP_ERROR)
		return rc;
	tui_eof(r->tui);
	dissect_flush(r->dis);
	run_lost(r);
	diag_settle(r->diag);
	tui_draw(r->tui, r->diag, 1);
	while (!run_tui_wait(r, 1000))
		tui_draw(r->tui, r->diag, 1);
	return CAP_EOF;
}

/* Kernel drops weaken every "no reply" claim: say so while it happens. */
static void
run_live_stats(struct run *r)
{
	time_t now = time(NULL);

	if (now < r->next_stats)
		return;
	r->next_stats = now + STATS_EVERY_SEC;
	if (r->ring != NULL) {
		/* IKE frames that left the ring cannot be evidence any more. */
		struct ring_stats rs;

		ring_stats(r->ring, &rs);
		if (rs.oldest[RING_CONTROL] > 0) {
			if (r->rep != NULL)
				report_forget_before(r->rep,
				    rs.oldest[RING_CONTROL]);
			if (r->vrep != NULL)
				report_forget_before(r->vrep,
				    rs.oldest[RING_CONTROL]);
		}
	}
	if (cap_get_stats(r->src, &r->cap) != 0)
		return;
	if (r->cap.dropped > r->drops_said) {
		fprintf(stderr, "ikewatch: the kernel dropped %llu packets "
		    "(%llu in all so far): findings about missing replies "
		    "are weaker\n", (unsigned long long)(r->cap.dropped -
		    r->drops_said), (unsigned long long)r->cap.dropped);
		r->drops_said = r->cap.dropped;
	}
}

/*
 * Offline, once there are SPIs enough for it to pay (diag.h), frames
 * are read AHEAD ahead of the one analysed, each copied out of libpcap's
 * buffer, so that where the state a frame will need lives is learned,
 * and that state brought toward the cache, while the frames before it
 * are analysed (diag_hint_start as a frame is read,
 * diag_hint_more and diag_hint_last as it comes closer).  The analysis
 * sees the frames one by one in file order, as without read-ahead.
 */
#define AHEAD	3

struct ahead {
	struct cap_frame f;
	uint8_t		*buf;
	size_t		 cap;
	struct diag_hint h;
};

/* A frame just read into its slot; -1 when the copy finds no memory. */
static int
ahead_keep(struct ahead *a, const struct cap_frame *f)
{
	uint8_t *b;

	if (f->caplen > a->cap) {
		if ((b = realloc(a->buf, f->caplen)) == NULL)
			return -1;
		a->buf = b;
		a->cap = f->caplen;
	}
	a->f = *f;
	if (f->caplen > 0)
		memcpy(a->buf, f->data, f->caplen);
	a->f.data = a->buf;
	return 0;
}

/* Returns CAP_EOF or CAP_ERROR (r->err says why). */
static int
run_file(struct run *r)
{
	struct ahead a[AHEAD + 1], *s;
	struct cap_frame f;
	size_t head = 0, n = 0, i;
	int rc = CAP_FRAME;

	memset(a, 0, sizeof(a));
	for (;;) {
		/* Few SPIs yet: straight from libpcap's buffer, no copy. */
		if (n == 0 && rc == CAP_FRAME &&
		    !diag_read_ahead_wanted(r->diag)) {
			if ((rc = cap_next(r->src, &f, r->err)) == CAP_FRAME)
				run_frame(r, &f);
			continue;
		}
		/* Slot head + i is i frames from its turn. */
		while (rc == CAP_FRAME && n < AHEAD + 1) {
			s = &a[(head + n) % (AHEAD + 1)];
			if ((rc = cap_next(r->src, &f, r->err)) != CAP_FRAME)
				break;
			if (ahead_keep(s, &f) != 0) {
				snprintf(r->err, sizeof(r->err), "out of memory "
				    "for a %u-byte frame (frame %llu)",
				    (unsigned)f.caplen,
				    (unsigned long long)f.no);
				rc = CAP_ERROR;
				break;
			}
			diag_hint_start(r->diag, &s->f, &s->h);
			n++;
		}
		if (n == 0)
			break;
		if (n > 2)
			diag_hint_more(r->diag, &a[(head + 2) % (AHEAD + 1)].h);
		if (n > 1)
			diag_hint_last(r->diag, &a[(head + 1) % (AHEAD + 1)].h);
		s = &a[head];
		r->hint = &s->h;
		run_frame(r, &s->f);
		r->hint = NULL;
		head = (head + 1) % (AHEAD + 1);
		n--;
	}
	for (i = 0; i < AHEAD + 1; i++)
		free(a[i].buf);
	return rc;
}

static int
run_live(struct run *r)
{
	struct pollfd pfd;
	struct cap_frame f;
	struct timespec now;
	int rc = CAP_NONE;

	struct pollfd two[2];

	pfd.fd = cap_fd(r->src);
	pfd.events = POLLIN;
	two[0] = pfd;
	two[1].fd = STDIN_FILENO;
	two[1].events = POLLIN;
	while (!stop_requested) {
		if (r->tui != NULL) {
			if (poll(two, 2, 250) < 0 && errno != EINTR) {
				snprintf(r->err, sizeof(r->err), "poll: %s",
				    strerror(errno));
				return CAP_ERROR;
			}
		} else if (pfd.fd >= 0 && poll(&pfd, 1, POLL_MS) < 0 &&
		    errno != EINTR) {
			snprintf(r->err, sizeof(r->err), "poll: %s",
			    strerror(errno));
			return CAP_ERROR;
		}
		while (!stop_requested &&
		    (rc = cap_next(r->src, &f, r->err)) == CAP_FRAME)
			run_frame(r, &f);
		if (rc == CAP_ERROR)
			return rc;
		/* A silent wire still ages what waits for an answer. */
		clock_gettime(CLOCK_REALTIME, &now);
		diag_tick(r->diag, now.tv_sec, (uint32_t)now.tv_nsec);
		run_live_stats(r);
		fflush(r->ctx.out);
		if (r->tui != NULL) {
			if (cap_get_stats(r->src, &r->cap) == 0)
				tui_drops(r->tui, r->cap.dropped +
				    r->cap.ifdropped);
			if (run_tui_wait(r, 0))
				break;
		}
	}
	return CAP_EOF;
}

static void
run_key_warning(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "ikewatch: %s\n", msg);
}

/* --keys: every file into one store; bad lines are said and skipped. */
static int
run_keys(struct run *r, const struct opts *o)
{
	char e[CAP_ERRBUF_SIZE - 16];
	int i;

	if ((r->ks = keystore_new()) == NULL) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return -1;
	}
	for (i = 0; i < o->nkeys; i++)
		if (keystore_load(r->ks, o->keys[i], run_key_warning, NULL,
		    e, sizeof(e)) < 0) {
			snprintf(r->err, sizeof(r->err), "--keys: %s", e);
			return -1;
		}
	if (dissect_set_keys(r->dis, r->ks) != 0) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return -1;
	}
	return 0;
}

static int
run_open(struct run *r, const struct opts *o)
{
	struct cap_info ci;
	const char *ra;

	if (o->rfile != NULL) {
		if (cap_open_file(&r->src, o->rfile, r->err) != 0 ||
		    cap_set_file_filter(r->src, o->filter, r->err) != 0)
			return -1;
	} else {
		if (cap_open_live(&r->src, o->iface, o->filter, r->err) != 0)
			return -1;
		live_source = r->src;
		if (o->user != NULL &&
		    cap_drop_privileges(o->user, r->err) != 0)
			return -1;
	}
	cap_info(r->src, &ci);
	if ((r->dis = dissect_new(ci.dlt, r->err, sizeof(r->err))) == NULL)
		return -1;
	if (o->nkeys > 0 && run_keys(r, o) != 0)
		return -1;
	if ((r->diag = diag_new(o->memcap, run_sa, r)) == NULL) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return -1;
	}
	diag_set_findings(r->diag, run_finding, r, o->stall);
	/*
	 * For tests only: from how many ESP SPIs on the offline read-ahead
	 * glances at frames (0: always).  It may change the speed, never a
	 * result: tests/readahead.sh holds both ways to the same output.
	 */
	if ((ra = getenv("IKEWATCH_READ_AHEAD")) != NULL)
		diag_set_read_ahead(r->diag, (size_t)strtoull(ra, NULL, 10));
	if (o->iface != NULL && diag_set_live(r->diag) != 0) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return -1;
	}
	r->ctx.cap = ci;
	return 0;
}

static int
run(const struct opts *o)
{
	struct run *r;
	struct sink_end end;
	char *tbuf = NULL;
	size_t tlen = 0;
	int rc, status = 0;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		fprintf(stderr, "ikewatch: out of memory\n");
		return EXIT_USAGE;
	}
	if (run_open(r, o) != 0) {
		fprintf(stderr, "ikewatch: %s\n", r->err);
		status = EXIT_USAGE;
		goto out;
	}
	r->o = o;
	if (o->report != NULL && (r->rep = report_new(o->report, o->force,
	    r->err, sizeof(r->err))) == NULL) {
		fprintf(stderr, "ikewatch: %s\n", r->err);
		status = EXIT_USAGE;
		goto out;
	}
	/* Live evidence comes from a ring of the recent frames. */
	if (o->iface != NULL && (o->report != NULL || o->tui) &&
	    (r->ring = ring_new(o->ring ? o->ring : RING_DEFAULT)) == NULL) {
		fprintf(stderr, "ikewatch: out of memory for --ring\n");
		status = EXIT_USAGE;
		goto out;
	}
	r->sink = sinks[o->json ? 1 : 0];
	r->ctx.out = stdout;
	r->ctx.quiet = o->quiet;
	r->ctx.verbose = o->verbose;
	r->ctx.vocab = o->vocab;
	if (o->tui) {
		/* The screen is the view's: what text says waits till the end. */
		struct tui_source ts;

		r->ctx.quiet = 1;
		if ((r->ctx.out = open_memstream(&tbuf, &tlen)) == NULL) {
			fprintf(stderr, "ikewatch: out of memory\n");
			status = EXIT_USAGE;
			goto out;
		}
		ts.name = o->iface != NULL ? o->iface : o->rfile;
		ts.filter = o->filter[0] ? o->filter : NULL;
		ts.live = o->iface != NULL;
		r->speed = o->speed < 0 ? 1 : o->speed;
		/* Stalls are shown as they happen, in replay too. */
		if (diag_set_live(r->diag) != 0) {
			fprintf(stderr, "ikewatch: out of memory\n");
			status = EXIT_USAGE;
			goto out;
		}
		if ((r->vrep = report_new(NULL, 0, r->err,
		    sizeof(r->err))) == NULL) {
			fprintf(stderr, "ikewatch: %s\n", r->err);
			status = EXIT_USAGE;
			goto out;
		}
		if ((r->tui = tui_open(&ts, o->vocab, r->err,
		    sizeof(r->err))) == NULL) {
			fclose(r->ctx.out);
			free(tbuf);
			fprintf(stderr, "ikewatch: %s\n", r->err);
			status = EXIT_USAGE;
			goto out;
		}
		tui_set_evidence(r->tui, run_evidence, r);
	} else if (o->iface != NULL)
		setvbuf(stdout, NULL, _IOLBF, 0);
	signals_install();
	r->sink->begin(&r->ctx);
	if (o->iface != NULL)
		rc = run_live(r);
	else
		rc = r->tui != NULL ? run_file_tui(r) : run_file(r);
	if (r->tui != NULL) {
		/* Back to the terminal: what was held, then the summary. */
		tui_close(r->tui);
		r->tui = NULL;
		fclose(r->ctx.out);
		fwrite(tbuf, 1, tlen, stdout);
		free(tbuf);
		r->ctx.out = stdout;
	}
	dissect_flush(r->dis);
	run_lost(r);
	memset(&end, 0, sizeof(end));
	if (o->iface != NULL && cap_get_stats(r->src, &r->cap) == 0) {
		end.cap = &r->cap;
		diag_set_drops(r->diag, r->cap.dropped + r->cap.ifdropped);
	}
	diag_finish(r->diag);
	end.diag = diag_stats(r->diag);
	end.frag = dissect_frag_stats(r->dis);
	end.ikefrag = dissect_ikefrag_stats(r->dis);
	end.dec = dissect_decrypt_stats(r->dis);
	if (rc == CAP_ERROR) {
		end.error = r->err;
		status = EXIT_USAGE;
	}
	r->sink->end(&r->ctx, &end);
	fflush(stdout);
	if (rc == CAP_ERROR) {
		fprintf(stderr, "ikewatch: %s%s\n", r->err, r->rep != NULL ?
		    " (no report written)" : "");
		if (r->rep != NULL)
			report_abandon(r->rep);
	} else if (r->rep != NULL) {
		struct report_input in;

		run_input(r, &in);
		if (report_write(r->rep, &in, end.diag, r->err,
		    sizeof(r->err)) != 0) {
			fprintf(stderr, "ikewatch: %s\n", r->err);
			status = EXIT_USAGE;
		}
	}
out:
	report_free(r->rep);
	report_free(r->vrep);
	ring_free(r->ring);
	live_source = NULL;
	cap_close(r->src);
	dissect_free(r->dis);
	keystore_free(r->ks);
	diag_free(r->diag);
	free(r);
	return status;
}

int
main(int argc, char **argv)
{
	struct opts o;
	int rc;

	memset(&o, 0, sizeof(o));
	o.tui = -1;
	o.speed = -1;
	rc = opts_parse(argc, argv, &o);
	if (rc != 0) {
		free(o.filter);
		return rc > 0 ? 0 : EXIT_USAGE;
	}
	rc = run(&o);
	free(o.filter);
	return rc;
}
