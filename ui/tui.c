/*
 * tui.c: the live ncurses view (see tui.h).
 *
 * The screen is rebuilt from the model at each redraw: rows from diag's
 * SA table (ui/view.c), the events pane from the findings drawn so far.
 * Two screens: the table of tunnels, and one tunnel's detail (its ladder,
 * its children, its findings).  Readable without colour: each row says
 * its health in words too.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/tui.h"
#include "ui/view.h"

#define MIN_COLS	80
#define MIN_LINES	24
#define EVENTS		200	/* findings kept for the events pane */
#define MAX_ROWS	20000	/* rows built per redraw, at most */
#define DRAW_NS		250000000L	/* four redraws a second at most */
#define LADDER		64
#define LOGS		1024	/* SAs whose messages the ladder keeps */
#define LOG_MSGS	48	/* messages kept per SA, the newest */

enum { C_OK = 1, C_DEGRADED, C_STUCK, C_HEAD };

struct tui_event {
	char		 line[200];
	enum finding_sev sev;
	struct sa_key	 key;
	char		 summary[FIND_SUMMARY];
	char		 cause[FIND_CAUSE];
	char		 frames[96];
	char		 state[32];
	enum finding_id	 id;
};

/* Every IKE message of one SA, for the detail ladder. */
struct tui_log {
	struct sa_key	 key;
	uint8_t		 used;
	uint16_t	 n;
	uint64_t	 seen;		/* for LRU */
	struct view_msg	 m[LOG_MSGS];
};

struct tui {
	struct tui_source src;
	tui_evidence_fn	 evidence;
	void		*evidence_arg;
	struct tui_log	*logs;
	uint64_t	 log_clock;
	int		 vocab;
	int		 colour;
	int		 sort;
	int		 paused;
	int		 detail;	/* showing the detail screen */
	int		 help;
	int		 eof;
	int		 scroll;	/* detail screen */
	size_t		 sel;
	struct sa_key	 sel_key;
	char		 filter[64];
	char		 message[120];
	/* the rows of the last redraw */
	struct view_row	*rows;
	size_t		 nrows;
	size_t		 caprows;
	/* findings drawn so far */
	struct view_finding *vf;
	size_t		 nvf;
	size_t		 capvf;
	struct tui_event ev[EVENTS];
	size_t		 nev;		/* total, ring of EVENTS */
	/* the header's packet rate */
	int64_t		 rate_sec;
	uint64_t	 rate_cur;
	uint64_t	 rate_last;
	uint64_t	 drops;
	struct timespec	 drawn;
	int64_t		 first_sec;	/* the capture's first packet */
	int		 have_first;
	/* building rows */
	struct diag	*d;
	int64_t		 now_sec;
	uint32_t	 now_nsec;
};

struct tui *
tui_open(const struct tui_source *src, int vocab, char *err, size_t errlen)
{
	struct tui *t;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->src = *src;
	t->vocab = vocab;
	if ((t->logs = calloc(LOGS, sizeof(*t->logs))) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(t);
		return NULL;
	}
	if (initscr() == NULL) {
		snprintf(err, errlen, "cannot use the terminal (TERM?)");
		free(t);
		return NULL;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (has_colors() && start_color() == OK) {
		use_default_colors();
		init_pair(C_OK, COLOR_GREEN, -1);
		init_pair(C_DEGRADED, COLOR_YELLOW, -1);
		init_pair(C_STUCK, COLOR_RED, -1);
		init_pair(C_HEAD, COLOR_CYAN, -1);
		t->colour = 1;
	}
	return t;
}

void
tui_set_evidence(struct tui *t, tui_evidence_fn fn, void *arg)
{
	t->evidence = fn;
	t->evidence_arg = arg;
}

void
tui_close(struct tui *t)
{
	if (t == NULL)
		return;
	endwin();
	free(t->logs);
	free(t->rows);
	free(t->vf);
	free(t);
}

void
tui_finding(struct tui *t, const struct finding *f)
{
	static const char *const sev[] = { "ERROR", "WARN", "INFO" };
	struct tui_event *e = &t->ev[t->nev++ % EVENTS];
	char ts[16] = "--:--:--";
	size_t at = 0;
	int i;

	if (f->version) {
		if (t->nvf == t->capvf) {
			size_t n = t->capvf ? t->capvf * 2 : 64;
			struct view_finding *v = realloc(t->vf,
			    n * sizeof(*v));

			if (v != NULL) {
				t->vf = v;
				t->capvf = n;
			}
		}
		if (t->nvf < t->capvf) {
			struct view_finding *v = &t->vf[t->nvf++];

			memset(v, 0, sizeof(*v));
			v->key.version = f->version;
			v->key.ispi = f->ispi;
			v->id = f->id;
			v->sev = f->sev;
		}
	}
	if (f->first.sec || f->first.nsec) {
		time_t tt = (time_t)f->last.sec;
		struct tm tm;

		if (gmtime_r(&tt, &tm) != NULL)
			strftime(ts, sizeof(ts), "%H:%M:%S", &tm);
	}
	memset(e, 0, sizeof(*e));
	e->sev = f->sev;
	e->id = f->id;
	e->key.version = f->version;
	e->key.ispi = f->ispi;
	snprintf(e->state, sizeof(e->state), "%s",
	    f->state[t->vocab] ? f->state[t->vocab] : "");
	snprintf(e->line, sizeof(e->line), "%s %-5s %s%s%.31s: %.150s", ts,
	    sev[f->sev], finding_id_name(f->id), f->state[t->vocab] ? " " :
	    "", f->state[t->vocab] ? f->state[t->vocab] : "", f->summary);
	snprintf(e->summary, sizeof(e->summary), "%s", f->summary);
	snprintf(e->cause, sizeof(e->cause), "%s",
	    f->ncauses ? f->causes[0] : "");
	for (i = 0; i < f->nframes && at < sizeof(e->frames) - 24; i++)
		at += (size_t)snprintf(e->frames + at, sizeof(e->frames) - at,
		    "%s%llu", i ? "," : "",
		    (unsigned long long)f->frames[i]);
}

static struct tui_log *
tui_log_find(struct tui *t, const struct sa_key *k, int make)
{
	struct tui_log *l, *free_one = NULL, *oldest = NULL;
	size_t i;

	for (i = 0; i < LOGS; i++) {
		l = &t->logs[i];
		if (l->used && memcmp(&l->key, k, sizeof(*k)) == 0)
			return l;
		if (!l->used && free_one == NULL)
			free_one = l;
		if (l->used && (oldest == NULL || l->seen < oldest->seen))
			oldest = l;
	}
	if (!make)
		return NULL;
	l = free_one != NULL ? free_one : oldest;
	memset(l, 0, sizeof(*l));
	l->used = 1;
	l->key = *k;
	return l;
}

void
tui_ike(struct tui *t, const struct sa_event *ev, const struct pkt *p)
{
	struct tui_log *l;
	struct view_msg *m;

	if (ev == NULL || ev->sa == NULL ||
	    (l = tui_log_find(t, &ev->sa->key, 1)) == NULL)
		return;
	l->seen = ++t->log_clock;
	if (l->n == LOG_MSGS) {
		/* Full: the oldest goes, the newest are what matter. */
		memmove(&l->m[0], &l->m[1], (LOG_MSGS - 1) * sizeof(l->m[0]));
		l->n--;
	}
	m = &l->m[l->n++];
	memset(m, 0, sizeof(*m));
	m->frame = p->frame;
	m->sec = p->ts_sec;
	m->nsec = p->ts_nsec;
	m->msgid = p->ike.msgid;
	m->from_ini = (uint8_t)ev->from_ini;
	m->exch = p->ike.exch;
	m->response = (p->ike.flags & IKEV2_F_RESPONSE) != 0;
	m->step = (uint8_t)(ev->step > 0 ? ev->step : 0);
	m->copy = ev->copies;
	m->pos = ev->sa->pos[ev->from_ini ? SA_INI : SA_RSP];
}

void
tui_packet(struct tui *t, int64_t sec)
{
	if (!t->have_first) {
		t->first_sec = sec;
		t->have_first = 1;
	}
	if (sec != t->rate_sec) {
		t->rate_last = sec == t->rate_sec + 1 ? t->rate_cur : 0;
		t->rate_cur = 0;
		t->rate_sec = sec;
	}
	t->rate_cur++;
}

void
tui_drops(struct tui *t, uint64_t n)
{
	t->drops = n;
}

void
tui_eof(struct tui *t)
{
	t->eof = 1;
}

/* Gathers one row per SA of the table. */
static void
tui_row(void *arg, const struct ike_sa *sa)
{
	struct tui *t = arg;
	struct child_view cv[8];
	size_t n;

	if (t->nrows == t->caprows) {
		size_t c = t->caprows ? t->caprows * 2 : 64;
		struct view_row *r;

		if (c > MAX_ROWS || (r = realloc(t->rows, c * sizeof(*r))) ==
		    NULL)
			return;
		t->rows = r;
		t->caprows = c;
	}
	n = diag_children(t->d, sa, cv, 8);
	view_row_make(&t->rows[t->nrows++], sa, cv, n, t->vf, t->nvf,
	    t->now_sec, t->now_nsec, diag_stall(t->d),
	    (enum state_vocab)t->vocab);
}

/* A pair of peers that shows ESP and no IKE SA gets a row of its own. */
static void
tui_tunnel_row(void *arg, const struct tunnel_view *tv)
{
	struct tui *t = arg;
	struct child_view cv[8];
	struct ike_sa pair;
	size_t n;

	if (tv->has_ike || tv->packets[0] + tv->packets[1] == 0 ||
	    t->nrows == t->caprows)
		return;
	memset(&pair, 0, sizeof(pair));
	pair.ini = tv->lo;
	pair.rsp = tv->hi;
	n = diag_children(t->d, &pair, cv, 8);
	view_row_tunnel(&t->rows[t->nrows++], tv, cv, n, t->now_sec,
	    t->now_nsec, diag_stall(t->d));
}

static void
tui_build(struct tui *t, struct diag *d)
{
	size_t i;

	t->d = d;
	t->nrows = 0;
	diag_now(d, &t->now_sec, &t->now_nsec);
	diag_each_sa(d, tui_row, t);
	/* Room for the ESP-only pairs too. */
	if (t->caprows - t->nrows < 64) {
		size_t c = t->caprows + 64;
		struct view_row *r = realloc(t->rows, c * sizeof(*r));

		if (r != NULL) {
			t->rows = r;
			t->caprows = c;
		}
	}
	diag_each_tunnel(d, tui_tunnel_row, t);
	view_sort(t->rows, t->nrows, (enum view_sort)t->sort);
	t->nrows = view_filter(t->rows, t->nrows, t->filter);
	/* Keep the selection on the same SA across redraws. */
	for (i = 0; i < t->nrows; i++)
		if (memcmp(&t->rows[i].key, &t->sel_key,
		    sizeof(t->sel_key)) == 0) {
			t->sel = i;
			break;
		}
	if (t->sel >= t->nrows)
		t->sel = t->nrows ? t->nrows - 1 : 0;
	if (t->nrows)
		t->sel_key = t->rows[t->sel].key;
}

static void
put(int y, int x, int w, const char *s)
{
	if (w > 0)
		mvaddnstr(y, x, s, w);
}

static const char *
health_word(enum view_health h)
{
	return h == VH_STUCK ? "STUCK" : h == VH_DEGRADED ? "degr." : "ok";
}

static void
tui_header(struct tui *t)
{
	static const char *const vocab[] = { "asa", "ios", "rfc" };
	char line[512], span[64] = "";
	size_t i, n[3] = { 0, 0, 0 };

	for (i = 0; i < t->nrows; i++)
		n[t->rows[i].health]++;
	snprintf(line, sizeof(line), "ikewatch %s  %llu pkt/s  drops %llu  "
	    "%s %s%s%s", t->eof ? "[end of capture]" : t->src.live ?
	    "[live]" : "[replay]", (unsigned long long)t->rate_last,
	    (unsigned long long)t->drops, t->src.live ? "interface" : "file",
	    t->src.name, t->src.filter ? "  filter " : "",
	    t->src.filter ? t->src.filter : "");
	if (t->colour)
		attron(COLOR_PAIR(C_HEAD) | A_BOLD);
	put(0, 0, COLS, line);
	if (t->colour)
		attroff(COLOR_PAIR(C_HEAD) | A_BOLD);
	if (t->have_first) {
		time_t a = (time_t)t->first_sec, b = (time_t)t->now_sec;
		struct tm ta, tb;
		char sa[16], sb[16];

		if (gmtime_r(&a, &ta) != NULL && gmtime_r(&b, &tb) != NULL) {
			strftime(sa, sizeof(sa), "%H:%M:%S", &ta);
			strftime(sb, sizeof(sb), "%H:%M:%S", &tb);
			snprintf(span, sizeof(span), "%s-%s UTC  ", sa, sb);
		}
	}
	snprintf(line, sizeof(line), "%stunnels %zu: %zu ok, %zu degraded, "
	    "%zu stuck | sort %s | vocab %s%s%s%s | ? help", span, t->nrows,
	    n[VH_OK], n[VH_DEGRADED], n[VH_STUCK],
	    view_sort_name((enum view_sort)t->sort), vocab[t->vocab],
	    t->filter[0] ? " | filter " : "", t->filter,
	    t->paused ? " | PAUSED" : "");
	put(1, 0, COLS, line);
}

/*
 * The table: every column from 120 columns up; below, the ones that say
 * where a tunnel is stuck (the events pane says why).
 */
static void
tui_table(struct tui *t, int top, int height)
{
	char line[512], stall[48], esp[32], fnd[40];
	int wide = COLS >= 120, wp = wide ? 44 : 20, ws = 16;
	int wst = wide ? 21 : 7;
	size_t first, i;
	int y;

	snprintf(line, sizeof(line), "%-5s %-*.*s %s%-*.*s %-*.*s %-*.*s %3s",
	    "", wp, wp, "PEERS (initiator > responder)", wide ? "V " : "",
	    ws, ws, "INITIATOR", ws, ws, "RESPONDER", wst, wst,
	    wide ? "STALL (waits in)" : "STALL", "RTX");
	if (wide)
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
		    " %-11s %5s %5s %-9s %-3s %s", "MODE", "AGE", "LAST",
		    "ESP o/i", "NAT", "FINDING");
	attron(A_REVERSE);
	mvhline(top, 0, ' ', COLS);
	put(top, 0, COLS, line);
	attroff(A_REVERSE);
	first = t->sel >= (size_t)height ? t->sel - (size_t)height + 1 : 0;
	for (i = first, y = top + 1; i < t->nrows && y < top + 1 + height;
	    i++, y++) {
		const struct view_row *r = &t->rows[i];
		int pair = r->health == VH_STUCK ? C_STUCK :
		    r->health == VH_DEGRADED ? C_DEGRADED : C_OK;

		if (wide)
			view_stall_text(r, stall, sizeof(stall));
		else if (r->stall >= 0)
			snprintf(stall, sizeof(stall), "%.0fs", r->stall);
		else
			snprintf(stall, sizeof(stall), "-");
		snprintf(line, sizeof(line), "%-5s %-*.*s %s%-*.*s %-*.*s "
		    "%-*.*s %3u", health_word(r->health), wp, wp, r->peers,
		    !wide ? "" : r->version == 1 ? "1 " : r->version == 2 ?
		    "2 " : "- ", ws, ws,
		    r->state_ini, ws, ws, r->state_rsp, wst, wst, stall,
		    r->retransmits);
		if (wide) {
			snprintf(esp, sizeof(esp), "%.0f/%.0f", r->pps_out,
			    r->pps_in);
			snprintf(fnd, sizeof(fnd), "%s", r->worst >= 0 ?
			    finding_id_name((enum finding_id)r->worst) : "-");
			snprintf(line + strlen(line), sizeof(line) -
			    strlen(line), " %-11.11s %4.0fs %4.0fs %-9s %-3s %s",
			    r->mode, r->age, r->idle, esp, r->nat ? "yes" : "no",
			    fnd);
		}
		if (i == t->sel)
			attron(A_REVERSE);
		if (t->colour)
			attron(COLOR_PAIR(pair));
		put(y, 0, COLS, line);
		if (t->colour)
			attroff(COLOR_PAIR(pair));
		if (i == t->sel)
			attroff(A_REVERSE);
	}
	if (t->nrows == 0)
		put(top + 1, 2, COLS - 2, t->filter[0] ?
		    "no IKE SA matches the filter" : "no IKE SA yet");
}

static void
tui_events(struct tui *t, int top, int height)
{
	size_t k, shown = 0;
	int y = top;

	attron(A_REVERSE);
	mvhline(y, 0, ' ', COLS);
	put(y++, 0, COLS, "events (newest first)");
	attroff(A_REVERSE);
	for (k = t->nev; k > 0 && shown < (size_t)height - 1 &&
	    t->nev - k < EVENTS; k--, shown++) {
		const struct tui_event *e = &t->ev[(k - 1) % EVENTS];
		int pair = e->sev == SEV_ERROR ? C_STUCK :
		    e->sev == SEV_WARNING ? C_DEGRADED : C_OK;

		if (t->colour)
			attron(COLOR_PAIR(pair));
		put(y++, 0, COLS, e->line);
		if (t->colour)
			attroff(COLOR_PAIR(pair));
	}
}

/* The selected SA's record, looked up again (it may have gone). */
struct tui_find {
	struct sa_key	 key;
	const struct ike_sa *sa;
};

static void
tui_find_sa(void *arg, const struct ike_sa *sa)
{
	struct tui_find *f = arg;

	if (memcmp(&sa->key, &f->key, sizeof(f->key)) == 0)
		f->sa = sa;
}

static int
tui_wrap(int y, int x, int maxy, const char *s)
{
	int w = COLS - x;
	size_t len = strlen(s), at = 0;

	while (at < len && y < maxy) {
		size_t n = len - at;

		if ((int)n > w) {
			n = (size_t)w;
			while (n > 0 && s[at + n] != ' ')
				n--;
			if (n == 0)
				n = (size_t)w;
		}
		mvaddnstr(y++, x, s + at, (int)n);
		at += n;
		while (s[at] == ' ')
			at++;
	}
	return y;
}

static void
tui_detail(struct tui *t, struct diag *d)
{
	static char lines[LADDER][160];
	struct tui_find f;
	struct child_view cv[8];
	char line[256];
	size_t n, i, k;
	int y = 2, maxy = LINES - 1, skip = t->scroll;

	memset(&f, 0, sizeof(f));
	f.key = t->sel_key;
	if (t->sel_key.version == 0 && t->sel < t->nrows) {
		/* A pair of peers with ESP only: its children. */
		struct ike_sa pair;

		memset(&pair, 0, sizeof(pair));
		pair.ini = t->rows[t->sel].lo;
		pair.rsp = t->rows[t->sel].hi;
		put(y++, 0, COLS, "ESP without an IKE SA in this capture "
		    "(it began after the negotiation?)  (Esc: back)");
		n = diag_children(d, &pair, cv, 8);
		for (i = 0; i < n && y < maxy; i++) {
			snprintf(line, sizeof(line), "%s spi 0x%08x %s %llu "
			    "pkts %llu bytes, %.1f pkt/s, %s",
			    child_encap_name(cv[i].encap), cv[i].spi,
			    cv[i].from_ini ? "lo>hi" : "hi>lo",
			    (unsigned long long)cv[i].packets,
			    (unsigned long long)cv[i].bytes, cv[i].pps,
			    cv[i].state);
			put(y++, 2, COLS - 2, line);
		}
		return;
	}
	diag_each_sa(d, tui_find_sa, &f);
	if (f.sa == NULL) {
		put(y, 0, COLS, "this IKE SA has left the table (idle, or "
		    "pushed out): Esc to go back");
		return;
	}
	snprintf(line, sizeof(line), "IKEv%u %s spi %016llx/%016llx, phase 1 "
	    "%s, %u messages, %u retransmits  (Esc: back, j/k: scroll)",
	    f.sa->key.version, sa_mode(f.sa),
	    (unsigned long long)f.sa->key.ispi,
	    (unsigned long long)f.sa->rspi, sa_phase1(f.sa),
	    f.sa->messages, f.sa->retransmits);
	put(y++, 0, COLS, line);
	attron(A_BOLD);
	put(y++, 0, COLS, "ladder (time from the first message, initiator "
	    "on the left)");
	attroff(A_BOLD);
	{
		const struct tui_log *lg = tui_log_find(t, &f.sa->key, 0);

		n = lg != NULL ? view_ladder_msgs(lg->m, lg->n,
		    f.sa->key.version, (enum state_vocab)t->vocab, lines,
		    LADDER) : view_ladder(f.sa, (enum state_vocab)t->vocab,
		    lines, LADDER);
	}
	for (i = 0; i < n && y < maxy; i++) {
		if (skip > 0) {
			skip--;
			continue;
		}
		put(y++, 2, COLS - 2, lines[i]);
	}
	n = diag_children(d, f.sa, cv, 8);
	if (n > 0 && y < maxy) {
		attron(A_BOLD);
		put(y++, 0, COLS, "children");
		attroff(A_BOLD);
	}
	for (i = 0; i < n && y < maxy; i++) {
		snprintf(line, sizeof(line), "%s spi 0x%08x %s %llu pkts %llu "
		    "bytes, %.1f pkt/s, %s%s", child_encap_name(cv[i].encap),
		    cv[i].spi, cv[i].from_ini ? "i>r" : "r>i",
		    (unsigned long long)cv[i].packets,
		    (unsigned long long)cv[i].bytes, cv[i].pps, cv[i].state,
		    cv[i].inferred ? " (inferred)" : "");
		put(y++, 2, COLS - 2, line);
	}
	if (y < maxy) {
		attron(A_BOLD);
		put(y++, 0, COLS, "findings");
		attroff(A_BOLD);
	}
	for (k = t->nev; k > 0 && t->nev - k < EVENTS && y < maxy; k--) {
		const struct tui_event *e = &t->ev[(k - 1) % EVENTS];

		if (memcmp(&e->key, &t->sel_key, sizeof(e->key)) != 0)
			continue;
		snprintf(line, sizeof(line), "%s %s", finding_id_name(e->id),
		    e->state);
		put(y++, 2, COLS - 2, line);
		y = tui_wrap(y, 4, maxy, e->summary);
		if (e->cause[0] && y < maxy) {
			snprintf(line, sizeof(line), "likely: %s", e->cause);
			y = tui_wrap(y, 4, maxy, line);
		}
		if (y < maxy) {
			snprintf(line, sizeof(line), "frames %s", e->frames);
			put(y++, 4, COLS - 4, line);
		}
	}
}

static void
tui_help(void)
{
	static const char *const lines[] = {
		"keys",
		"  up/down, j/k   move (scroll in the detail screen)",
		"  Enter          the selected tunnel's detail: ladder, children,",
		"                 findings",
		"  Esc            back to the table",
		"  /              filter by address, state or mode (empty: all)",
		"  s              change the sort (health, peers, age, activity)",
		"  v              vocabulary: ASA, IOS, RFC",
		"  p              pause the display (the capture goes on)",
		"  e              write the selected tunnel's evidence bundle",
		"  q              quit: the summary and findings are printed",
		"",
		"rows: STUCK (red) a request waits past --stall or an error;",
		"degr. (yellow) a warning, or a request waiting; ok (green)",
		"",
		"any key: close this help",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		put(3 + (int)i, 2, COLS - 2, lines[i]);
}

void
tui_draw(struct tui *t, struct diag *d, int force)
{
	struct timespec now;
	long ns;
	int table_h;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (long)(now.tv_sec - t->drawn.tv_sec) * 1000000000L +
	    (now.tv_nsec - t->drawn.tv_nsec);
	if (!force && (t->paused || ns < DRAW_NS))
		return;
	t->drawn = now;
	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		mvprintw(0, 0, "ikewatch needs %dx%d (this terminal is %dx%d)",
		    MIN_COLS, MIN_LINES, COLS, LINES);
		refresh();
		return;
	}
	tui_build(t, d);
	tui_header(t);
	if (t->help)
		tui_help();
	else if (t->detail)
		tui_detail(t, d);
	else {
		table_h = (LINES - 3) * 3 / 5;
		tui_table(t, 2, table_h - 1);
		tui_events(t, 2 + table_h, LINES - 3 - table_h);
	}
	if (t->message[0])
		put(LINES - 1, 0, COLS, t->message);
	refresh();
}

/* A line typed at the bottom (the filter). */
static void
tui_prompt(struct tui *t, const char *what, char *buf, int len)
{
	nodelay(stdscr, FALSE);
	echo();
	curs_set(1);
	move(LINES - 1, 0);
	clrtoeol();
	addstr(what);
	getnstr(buf, len - 1);
	noecho();
	curs_set(0);
	nodelay(stdscr, TRUE);
	t->message[0] = '\0';
}

int
tui_keys(struct tui *t, struct diag *d)
{
	int ch, redraw = 0;

	while ((ch = getch()) != ERR) {
		redraw = 1;
		t->message[0] = '\0';
		if (t->help) {
			t->help = 0;
			continue;
		}
		switch (ch) {
		case 'q':
		case 'Q':
			return 1;
		case KEY_DOWN:
		case 'j':
			if (t->detail)
				t->scroll++;
			else if (t->sel + 1 < t->nrows)
				t->sel_key = t->rows[++t->sel].key;
			break;
		case KEY_UP:
		case 'k':
			if (t->detail && t->scroll > 0)
				t->scroll--;
			else if (!t->detail && t->sel > 0)
				t->sel_key = t->rows[--t->sel].key;
			break;
		case '\n':
		case '\r':
		case KEY_ENTER:
			if (t->nrows > 0) {
				t->detail = 1;
				t->scroll = 0;
			}
			break;
		case 27:	/* Esc */
		case KEY_BACKSPACE:
			t->detail = 0;
			break;
		case '/':
			tui_prompt(t, "filter (address, state, mode): ",
			    t->filter, sizeof(t->filter));
			break;
		case 's':
			t->sort = (t->sort + 1) % VS_COUNT;
			break;
		case 'v':
			t->vocab = (t->vocab + 1) % 3;
			break;
		case 'p':
			t->paused = !t->paused;
			break;
		case 'e':
			if (t->nrows == 0 || t->sel_key.version == 0)
				snprintf(t->message, sizeof(t->message),
				    "evidence: select an IKE SA first");
			else if (t->evidence == NULL)
				snprintf(t->message, sizeof(t->message),
				    "evidence: not from this view");
			else
				t->evidence(t->evidence_arg, &t->sel_key,
				    t->message, sizeof(t->message));
			break;
		case '?':
			t->help = 1;
			break;
		case KEY_RESIZE:
			break;
		default:
			redraw = 0;
			break;
		}
	}
	if (redraw)
		tui_draw(t, d, 1);
	return 0;
}
