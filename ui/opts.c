/*
 * opts.c: the command line into struct opts (see opts.h): options,
 * their values checked, the filter from the arguments left over.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag/finding.h"
#include "diag/state.h"
#include "ui/opts.h"

static void
usage(FILE *f)
{
	fprintf(f,
"usage: ikewatch [-qv] [--json] -r FILE [FILTER]\n"
"       ikewatch [-qv] [--json] [-Z USER] -i IFACE [FILTER]\n"
"       ikewatch --tui [--speed N] -r FILE [FILTER]\n"
"       ikewatch -q -r SITE_A -r SITE_B --report DIR\n"
"\n"
"  -r FILE      read a pcap or pcapng capture file\n"
"  -i IFACE     capture live on IFACE (IKE, NAT-T, ESP, AH, ICMP errors,\n"
"               IP fragments; FILTER, a BPF expression, narrows it)\n"
"  -q           no per-packet lines, only the summary\n"
"  -v, -vv      more detail per packet (-vv also lists other frames)\n"
"  --json       JSON lines instead of text\n"
"  -Z USER      drop privileges to USER once the capture is open\n"
"  --vocab V    state names as on a Cisco ASA (asa, the default), IOS (ios)\n"
"               or in RFC/Libreswan terms (rfc)\n"
"  --memcap N   memory the state tables may use (e.g. 256M); the oldest\n"
"               idle state goes first, and is counted\n"
"  --tui, --no-tui  the live view, or not (default: on for -i with a\n"
"               terminal); with -r, replay the capture into it\n"
"  --speed N    replay at N times packet time (0: as fast as possible)\n"
"  --stall S    seconds an unanswered request may wait before it is a\n"
"               stall (default 10)\n"
"  --report DIR the evidence bundle (--force: DIR may exist); with -i it is\n"
"               written when the capture stops, from the ring\n"
"  --ring N     live: memory for recent frames, for evidence (default 64M)\n"
"  --keys FILE  decrypt with these keys (Wireshark ikev1/ikev2_decryption_table\n"
"               and esp_sa, tcpdump/Libreswan ikev2 and ESP secrets, ip xfrm\n"
"               state); repeatable\n"
"  --list-findings  the finding ids, their severity, which are drawn\n"
"  -h, --help   this text; --version the version\n"
"\n"
"Exit status: 0 analysed, 2 bad usage or unreadable input.\n"
"See ikewatch(1).\n");
}

static int
opts_join_filter(struct opts *o, int argc, char **argv)
{
	size_t n = 1, at = 0;
	int i;

	for (i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	if ((o->filter = calloc(1, n)) == NULL)
		return -1;
	for (i = 0; i < argc; i++)
		at += (size_t)snprintf(o->filter + at, n - at, "%s%s",
		    i ? " " : "", argv[i]);
	return 0;
}

/* "512K", "64M", "2G" or bytes; at least 1 MiB. */
static int
opts_size(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *s == '-')
		return -1;
	switch (*end) {
	case 'k':
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'm':
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'g':
	case 'G':
		v <<= 30;
		end++;
		break;
	}
	if (*end != '\0' || v < (1ULL << 20) || v > SIZE_MAX / 2)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* The finding catalogue: id, default severity, drawn or reserved. */
static void
list_findings(void)
{
	int i;

	for (i = 0; i < F_COUNT; i++)
		printf("%-20s %-8s %s\n", finding_id_name((enum finding_id)i),
		    finding_sev_name(finding_default_sev((enum finding_id)i)),
		    finding_drawn((enum finding_id)i) ? "drawn" :
		    "reserved (needs decryption)");
}

/* A replay speed: 0 (as fast as possible) up to a million. */
static int
opts_speed(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= 0) || v > 1e6)
		return -1;
	*out = v;
	return 0;
}

/* Seconds, more than 0 and at most a day. */
static int
opts_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v > 0) ||
	    v > 86400)
		return -1;
	*out = v;
	return 0;
}

/* 0: run; 1: done (help, version); -1: bad usage, already said. */
int
opts_parse(int argc, char **argv, struct opts *o)
{
	enum { OPT_JSON = 256, OPT_VERSION, OPT_VOCAB,
	    OPT_MEMCAP, OPT_STALL, OPT_LIST_FINDINGS, OPT_TUI, OPT_NO_TUI,
	    OPT_SPEED, OPT_REPORT, OPT_FORCE, OPT_RING, OPT_KEYS };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "list-findings", no_argument, NULL, OPT_LIST_FINDINGS },
		{ "tui", no_argument, NULL, OPT_TUI },
		{ "no-tui", no_argument, NULL, OPT_NO_TUI },
		{ "keys", required_argument, NULL, OPT_KEYS },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "stall", required_argument, NULL, OPT_STALL },
		{ "vocab", required_argument, NULL, OPT_VOCAB },
		{ "memcap", required_argument, NULL, OPT_MEMCAP },
		{ "speed", required_argument, NULL, OPT_SPEED },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "ring", required_argument, NULL, OPT_RING },
		{ NULL, 0, NULL, 0 },
	};
	int ch, idx;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+r:i:qvZ:h", longopts,
	    &idx)) != -1) {
		switch (ch) {
		case 'r':
			if (o->rfile2 != NULL) {
				fprintf(stderr, "ikewatch: -r given three "
				    "times: two capture points at most\n");
				return -1;
			}
			if (o->rfile != NULL)
				o->rfile2 = optarg;
			else
				o->rfile = optarg;
			break;
		case 'i':
			o->iface = optarg;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'Z':
			o->user = optarg;
			break;
		case OPT_JSON:
			o->json = 1;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("ikewatch %s\n", PACKAGE_VERSION);
			return 1;
		case OPT_LIST_FINDINGS:
			list_findings();
			return 1;
		case OPT_VOCAB:
			if ((o->vocab = state_vocab_parse(optarg)) < 0) {
				fprintf(stderr, "ikewatch: --vocab takes asa, ios "
				    "or rfc, not '%s'\n", optarg);
				return -1;
			}
			break;
		case OPT_MEMCAP:
			if (opts_size(optarg, &o->memcap) != 0) {
				fprintf(stderr, "ikewatch: --memcap takes a size "
				    "such as 64M or 2G (at least 1M), not '%s'\n",
				    optarg);
				return -1;
			}
			break;
		case OPT_STALL:
			if (opts_seconds(optarg, &o->stall) != 0) {
				fprintf(stderr, "ikewatch: --stall takes seconds "
				    "greater than 0 (such as 10 or 2.5), not "
				    "'%s'\n", optarg);
				return -1;
			}
			break;
		case OPT_TUI:
			o->tui = 1;
			break;
		case OPT_REPORT:
			o->report = optarg;
			break;
		case OPT_FORCE:
			o->force = 1;
			break;
		case OPT_KEYS:
			if (o->nkeys == KEY_FILES_MAX) {
				fprintf(stderr, "ikewatch: --keys given more "
				    "than %d times\n", KEY_FILES_MAX);
				return -1;
			}
			o->keys[o->nkeys++] = optarg;
			break;
		case OPT_RING:
			if (opts_size(optarg, &o->ring) != 0) {
				fprintf(stderr, "ikewatch: --ring takes a size "
				    "such as 64M or 1G (at least 1M), not '%s'\n",
				    optarg);
				return -1;
			}
			break;
		case OPT_NO_TUI:
			o->tui = 0;
			break;
		case OPT_SPEED:
			if (opts_speed(optarg, &o->speed) != 0) {
				fprintf(stderr, "ikewatch: --speed takes a factor"
				    " of packet time, 0 or more (0: as fast as "
				    "possible), not '%s'\n", optarg);
				return -1;
			}
			break;
		case ':':
			fprintf(stderr, "ikewatch: option %s needs a value\n",
			    argv[optind - 1]);
			return -1;
		default:
			if (optopt)
				fprintf(stderr, "ikewatch: unknown option "
				    "-%c\n", optopt);
			else
				fprintf(stderr, "ikewatch: unknown option "
				    "%s\n", argv[optind - 1]);
			fprintf(stderr, "Try 'ikewatch --help'.\n");
			return -1;
		}
	}
	if ((o->rfile == NULL) == (o->iface == NULL)) {
		fprintf(stderr, "ikewatch: give exactly one of -r FILE or "
		    "-i IFACE\n");
		usage(stderr);
		return -1;
	}
	if (o->user != NULL && o->iface == NULL) {
		fprintf(stderr, "ikewatch: -Z drops privileges after a live "
		    "capture opens; it goes with -i\n");
		return -1;
	}
	if (o->tui == 1 && o->json) {
		fprintf(stderr, "ikewatch: --tui and --json do not go "
		    "together\n");
		return -1;
	}
	if (o->speed >= 0 && (o->rfile == NULL || o->tui != 1)) {
		fprintf(stderr, "ikewatch: --speed replays a file in the live "
		    "view: it goes with -r FILE --tui\n");
		return -1;
	}
	if (o->force && o->report == NULL) {
		fprintf(stderr, "ikewatch: --force lets --report write into an "
		    "existing directory: it goes with --report\n");
		return -1;
	}
	if (o->rfile2 != NULL && o->report == NULL) {
		fprintf(stderr, "ikewatch: two -r capture points are read "
		    "together for --report DIR\n");
		return -1;
	}
	if (o->ring != 0 && o->iface == NULL) {
		fprintf(stderr, "ikewatch: --ring holds a live capture's recent "
		    "frames: it goes with -i\n");
		return -1;
	}
	if (o->tui < 0)
		o->tui = o->iface != NULL && !o->json && isatty(STDOUT_FILENO);
	if (opts_join_filter(o, argc - optind, argv + optind) != 0) {
		fprintf(stderr, "ikewatch: out of memory\n");
		return -1;
	}
	return 0;
}
