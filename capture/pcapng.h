/*
 * pcapng.h: a small pcapng reader for what libpcap refuses.
 *
 * libpcap reads a pcapng file only while all its interfaces share one
 * link type and one snapshot length; captures from several interfaces
 * (Wireshark on "any" with mixed types, merged files) break that rule.
 * This reader walks the blocks itself (draft-ietf-opsawg-pcapng):
 * section headers in either byte order, interface descriptions with
 * their time resolution and offset, enhanced, simple and obsolete
 * packet blocks.  Every other block is skipped by its length.
 */
#ifndef IKW_PCAPNG_H
#define IKW_PCAPNG_H

#include <stdio.h>

#include "capture/frame.h"

struct ng_reader;

/* Takes fp (at the start of the file); returns NULL and fills errbuf. */
struct ng_reader *ng_open(FILE *fp, const char *name, char *errbuf,
		    size_t errlen);
/* CAP_FRAME, CAP_EOF or CAP_ERROR as in source.h; f->dlt is set. */
int		 ng_next(struct ng_reader *, struct cap_frame *, char *errbuf,
		    size_t errlen);
/* The first interface's link type and snapshot length. */
int		 ng_dlt(const struct ng_reader *);
int		 ng_snaplen(const struct ng_reader *);
void		 ng_close(struct ng_reader *);

#endif
