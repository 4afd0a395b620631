/*
 * test_peek.c: the read-ahead glance (dissect/peek.c) against the full
 * dissector, frame by frame, over every capture of the lab and the
 * corpus (CORPUS_DIR, else ../shared/corpus beside the tree).  A glance
 * may miss ESP (a fragment, an IPv6 extension header): that costs only
 * a cache miss.  It must never name an SPI the dissector does not find,
 * and on the lab's plain ESP in UDP it must see every packet.
 */
#include <ftw.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/source.h"
#include "dissect/dissect.h"
#include "dissect/peek.h"
#include "tests/unit/suites.h"

struct peek_count {
	size_t		 frames;
	size_t		 esp;		/* whole ESP the dissector found */
	size_t		 agree;		/* and the glance named the same */
	size_t		 wrong;		/* the glance named something else */
};

static void
peek_file(const char *path, struct peek_count *n)
{
	char err[CAP_ERRBUF_SIZE];
	struct cap_source *src;
	struct cap_info ci;
	struct cap_frame fr;
	struct dissector *dis;
	struct peek_esp e;
	struct pkt p;
	int esp, seen;

	if (cap_open_file(&src, path, err) != 0)
		return;
	cap_info(src, &ci);
	if ((dis = dissect_new(ci.dlt, err, sizeof(err))) == NULL) {
		cap_close(src);
		return;
	}
	while (cap_next(src, &fr, err) == CAP_FRAME) {
		memset(&e, 0xa5, sizeof(e));
		seen = peek_esp(&fr, &e);
		dissect_frame(dis, &fr, &p);
		n->frames++;
		esp = (p.kind == PK_ESP || p.kind == PK_ESP_UDP) &&
		    p.esp.have >= 4 && p.frag_count == 0;
		if (esp)
			n->esp++;
		if (!seen)
			continue;
		if (esp && p.esp.spi == e.spi && addr_eq(&p.dst, &e.dst) &&
		    (p.kind == PK_ESP_UDP) == (e.udp != 0))
			n->agree++;
		else {
			n->wrong++;
			fprintf(stderr, "\n  %s frame %llu: the glance says SPI "
			    "%08x, the dissector %s", path,
			    (unsigned long long)fr.no, e.spi,
			    pkt_kind_name(p.kind));
		}
	}
	dissect_free(dis);
	cap_close(src);
}

static void
test_peek_lab(void)
{
	const char *top = getenv("top_srcdir");
	char pat[1024];
	struct peek_count n;
	glob_t g;
	size_t i;

	memset(&n, 0, sizeof(n));
	snprintf(pat, sizeof(pat), "%s/pcaps/*.pcap", top ? top : ".");
	CU_ASSERT_EQUAL_FATAL(glob(pat, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++)
		peek_file(g.gl_pathv[i], &n);
	globfree(&g);
	CU_ASSERT(n.frames > 300);
	CU_ASSERT(n.esp > 50);
	CU_ASSERT_EQUAL(n.wrong, 0);
	CU_ASSERT_EQUAL(n.agree, n.esp);
	if (n.agree != n.esp)
		fprintf(stderr, "\n  lab: %zu of %zu ESP packets glanced",
		    n.agree, n.esp);
}

static struct peek_count *walk_count;

static int
peek_walk(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	const char *dot = strrchr(path, '.');

	if (type == FTW_F && dot != NULL && (strcmp(dot, ".pcap") == 0 ||
	    strcmp(dot, ".pcapng") == 0 || strcmp(dot, ".cap") == 0))
		peek_file(path, walk_count);
	return 0;
}

static void
test_peek_corpus(void)
{
	const char *dir = getenv("CORPUS_DIR"), *top = getenv("top_srcdir");
	char def[1024];
	struct peek_count n;

	if (dir == NULL) {
		snprintf(def, sizeof(def), "%s/../shared/corpus",
		    top ? top : ".");
		dir = def;
	}
	memset(&n, 0, sizeof(n));
	walk_count = &n;
	if (nftw(dir, peek_walk, 16, FTW_PHYS) != 0) {
		fprintf(stderr, "\n  no corpus at %s: not checked", dir);
		return;
	}
	CU_ASSERT(n.frames > 1000);
	CU_ASSERT(n.esp > 100);
	CU_ASSERT_EQUAL(n.wrong, 0);
	/* Fragments and IPv6 extension headers may be missed, little more. */
	CU_ASSERT(n.agree * 10 >= n.esp * 9);
}

int
suite_peek(void)
{
	static const struct test_def t[] = {
		{ "glance and dissector agree on the lab", test_peek_lab },
		{ "and on the corpus", test_peek_corpus },
	};

	return SUITE("peek", t);
}
