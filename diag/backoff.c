/*
 * backoff.c: retransmission schedules (see backoff.h).
 *
 * Known schedules, gaps in seconds between copies of one request:
 *   strongSwan default: timeout 4 s, base 1.8: 4, 7.2, 13, 23.3, 42,
 *     giving up 165 s after the first send (5 retransmits);
 *   Libreswan: 0.5 s, doubling (a repeated gap allowed) up to its 60 s
 *     default timeout;
 *   Windows: 1, 2, 4, 8, 16, 32;
 *   Cisco IOS 12.x about 10 s each, Cisco VPN 3000 / PIX 7 about 8 s,
 *   PIX 6.3 about 5 s, Check Point NG 2 s six times then 4 s.
 * A capture point sees send times with jitter and queueing: ratios and
 * intervals are compared with a tolerance, never exactly.
 */
#include <stdio.h>
#include <string.h>

#include "diag/backoff.h"

#define MAXGAPS	16

static int
near(double v, double want, double tol)
{
	double d = v > want ? v - want : want - v;

	return d <= want * tol;
}

static void
backoff_constant(const double *g, int n, struct backoff *b)
{
	double mean = 0;
	int i;

	for (i = 0; i < n; i++)
		mean += g[i];
	mean /= n;
	b->kind = BACKOFF_CONSTANT;
	b->first = mean;
	b->ratio = 1;
	if (near(mean, 10, 0.15))
		b->who = "Cisco IOS 12.x";
	else if (near(mean, 8, 0.1))
		b->who = "Cisco VPN 3000 / PIX 7";
	else if (near(mean, 5, 0.15))
		b->who = "Cisco PIX 6.3";
	else if (near(mean, 2, 0.15))
		b->who = "Check Point NG";
}

/* Doubling, where a gap may repeat once (Libreswan's first two). */
static int
doubling(const double *g, int n)
{
	int i;

	for (i = 1; i < n; i++)
		if (!near(g[i] / g[i - 1], 2, 0.2) &&
		    !(i == 1 && near(g[i] / g[i - 1], 1, 0.15)))
			return 0;
	return 1;
}

int
backoff_match(const uint32_t *ms, int n, struct backoff *b)
{
	double g[MAXGAPS], lr = 0;
	int i, ng = 0, constant = 1, exponential = 1;

	memset(b, 0, sizeof(*b));
	for (i = 1; i < n && ng < MAXGAPS; i++) {
		if (ms[i] < ms[i - 1])
			return BACKOFF_NONE;
		g[ng++] = (ms[i] - ms[i - 1]) / 1000.0;
	}
	if (ng < 2 || g[0] <= 0.05)
		return BACKOFF_NONE;
	for (i = 1; i < ng; i++) {
		if (g[i] <= 0.05)
			return BACKOFF_NONE;
		if (!near(g[i], g[0], 0.15))
			constant = 0;
		if (g[i] < g[i - 1] * 1.15)
			exponential = 0;
		lr += g[i] / g[i - 1];
	}
	if (constant) {
		backoff_constant(g, ng, b);
		return b->kind;
	}
	if (!exponential && !doubling(g, ng))
		return BACKOFF_NONE;
	b->kind = BACKOFF_EXPONENTIAL;
	b->first = g[0];
	b->ratio = lr / (ng - 1);	/* the mean growth per gap */
	if (near(g[0], 0.5, 0.2) && doubling(g, ng)) {
		b->who = "Libreswan";
		b->gives_up = 60;
	} else if (near(g[0], 4, 0.15) && near(b->ratio, 1.8, 0.1)) {
		b->who = "strongSwan (default schedule)";
		b->gives_up = 165;
	} else if (near(g[0], 1, 0.15) && doubling(g, ng)) {
		b->who = "Windows";
		b->gives_up = 63;
	}
	return b->kind;
}

void
backoff_words(const struct backoff *b, char *buf, size_t len)
{
	char who[128] = "";

	if (b->who != NULL && b->gives_up > 0)
		snprintf(who, sizeof(who), ", the schedule of %s, which gives"
		    " up about %.0f s after the first copy", b->who,
		    b->gives_up);
	else if (b->who != NULL)
		snprintf(who, sizeof(who), ", the schedule of %s", b->who);
	switch (b->kind) {
	case BACKOFF_CONSTANT:
		snprintf(buf, len, "a constant %.1f s interval%s", b->first,
		    who);
		break;
	case BACKOFF_EXPONENTIAL:
		if (b->who == NULL && b->ratio > 1.3 && b->ratio < 2.5)
			snprintf(who, sizeof(who), " (timeout x base^n, as"
			    " strongSwan and most IKE daemons retransmit)");
		snprintf(buf, len, "exponential backoff x%.1f from %.1f s%s",
		    b->ratio, b->first, who);
		break;
	default:
		snprintf(buf, len, "no regular schedule");
		break;
	}
}
