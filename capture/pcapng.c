/*
 * pcapng.c: the fallback pcapng reader (see pcapng.h).
 */
#include <pcap/dlt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture/pcapng.h"
#include "capture/source.h"

#define NG_SHB		0x0a0d0d0aU
#define NG_IDB		1U
#define NG_OPB		2U
#define NG_SPB		3U
#define NG_EPB		6U
#define NG_BOM		0x1a2b3c4dU
#define NG_MAX_BLOCK	(16U * 1024 * 1024)
#define NG_MAX_IFACES	256
#define NG_OPT_TSRESOL	9
#define NG_OPT_TSOFFSET	14
#define LINKTYPE_RAW	101

struct ng_iface {
	int		 dlt;
	uint32_t	 snaplen;
	int		 pow2;		/* resolution 2^-res, else 10^-res */
	uint8_t		 res;
	int64_t		 offset;	/* seconds added to every stamp */
};

struct ng_reader {
	FILE		*fp;
	char		*name;
	int		 swap;		/* section in the other byte order */
	uint8_t		*buf;
	size_t		 bufsz;
	struct ng_iface	 ifc[NG_MAX_IFACES];
	unsigned	 nifc;
	int		 first_dlt;
	uint32_t	 first_snaplen;
};

static uint32_t
ng_u32(const struct ng_reader *r, const uint8_t *b)
{
	uint32_t v;

	memcpy(&v, b, 4);
	return r->swap ? __builtin_bswap32(v) : v;
}

static uint16_t
ng_u16(const struct ng_reader *r, const uint8_t *b)
{
	uint16_t v;

	memcpy(&v, b, 2);
	return r->swap ? __builtin_bswap16(v) : v;
}

static int
ng_linktype_to_dlt(uint16_t lt)
{
	return lt == LINKTYPE_RAW ? DLT_RAW : lt;
}

/*
 * Reads one block into r->buf (type and both lengths included).
 * Returns 1, 0 at a clean end of file, -1 on a bad or cut block.
 */
static int
ng_read_block(struct ng_reader *r, uint32_t *type, uint32_t *len,
    char *errbuf, size_t errlen)
{
	uint8_t hdr[12];
	size_t got = fread(hdr, 1, 8, r->fp);

	if (got == 0)
		return 0;
	if (got < 8) {
		snprintf(errbuf, errlen, "%s is truncated: a block header is "
		    "cut short", r->name);
		return -1;
	}
	memcpy(type, hdr, 4);
	if (*type == NG_SHB) {
		/* A new section: its byte-order magic decides. */
		if (fread(hdr + 8, 1, 4, r->fp) != 4) {
			snprintf(errbuf, errlen, "%s is truncated inside a "
			    "section header", r->name);
			return -1;
		}
		r->swap = 0;
		if (ng_u32(r, hdr + 8) != NG_BOM) {
			r->swap = 1;
			if (ng_u32(r, hdr + 8) != NG_BOM) {
				snprintf(errbuf, errlen, "%s: a pcapng section "
				    "header has a bad byte-order magic",
				    r->name);
				return -1;
			}
		}
		r->nifc = 0;
		got = 12;
	}
	*type = ng_u32(r, hdr);
	*len = ng_u32(r, hdr + 4);
	if (*len < 12 || *len % 4 != 0 || *len > NG_MAX_BLOCK || *len < got) {
		snprintf(errbuf, errlen, "%s: a pcapng block has an impossible "
		    "length %u", r->name, *len);
		return -1;
	}
	if (*len > r->bufsz) {
		uint8_t *nb = realloc(r->buf, *len);

		if (nb == NULL) {
			snprintf(errbuf, errlen, "out of memory");
			return -1;
		}
		r->buf = nb;
		r->bufsz = *len;
	}
	memcpy(r->buf, hdr, got);
	if (fread(r->buf + got, 1, *len - got, r->fp) != *len - got) {
		snprintf(errbuf, errlen, "%s is truncated: the last block is "
		    "cut short; the frames before it were analysed", r->name);
		return -1;
	}
	return 1;
}

static void
ng_idb_options(struct ng_reader *r, struct ng_iface *i, const uint8_t *o,
    size_t n)
{
	while (n >= 4) {
		uint16_t code = ng_u16(r, o), len = ng_u16(r, o + 2);
		size_t padded = ((size_t)len + 3) & ~(size_t)3;

		if (code == 0 || padded + 4 > n)
			return;
		if (code == NG_OPT_TSRESOL && len >= 1) {
			i->pow2 = (o[4] & 0x80) != 0;
			i->res = o[4] & 0x7f;
		} else if (code == NG_OPT_TSOFFSET && len >= 8) {
			uint64_t v;

			memcpy(&v, o + 4, 8);
			i->offset = (int64_t)(r->swap ?
			    __builtin_bswap64(v) : v);
		}
		o += 4 + padded;
		n -= 4 + padded;
	}
}

static void
ng_idb(struct ng_reader *r, uint32_t len)
{
	struct ng_iface *i;

	if (r->nifc >= NG_MAX_IFACES || len < 20)
		return;
	i = &r->ifc[r->nifc++];
	memset(i, 0, sizeof(*i));
	i->dlt = ng_linktype_to_dlt(ng_u16(r, r->buf + 8));
	i->snaplen = ng_u32(r, r->buf + 12);
	i->res = 6;
	ng_idb_options(r, i, r->buf + 16, len - 20);
	if (r->first_dlt < 0) {
		r->first_dlt = i->dlt;
		r->first_snaplen = i->snaplen ? i->snaplen : CAP_SNAPLEN;
	}
}

static void
ng_stamp(const struct ng_iface *i, uint64_t ts, struct cap_frame *f)
{
	unsigned __int128 frac;
	uint64_t per = 1;
	int64_t sec;
	uint8_t k;

	if (i->pow2) {
		k = i->res > 63 ? 63 : i->res;
		f->ts_sec = (int64_t)(ts >> k);
		frac = (unsigned __int128)(ts & ((1ULL << k) - 1)) *
		    1000000000U;
		f->ts_nsec = (uint32_t)(frac >> k);
	} else {
		k = i->res > 19 ? 19 : i->res;
		while (k--)
			per *= 10;
		f->ts_sec = (int64_t)(ts / per);
		frac = (unsigned __int128)(ts % per) * 1000000000U;
		f->ts_nsec = (uint32_t)(frac / per);
	}
	/* A hostile offset must not overflow: keep the stamp as it was. */
	if (!__builtin_add_overflow(f->ts_sec, i->offset, &sec))
		f->ts_sec = sec;
}

/* A packet block: 1 and *f filled, or 0 to skip it. */
static int
ng_packet(struct ng_reader *r, uint32_t type, uint32_t len,
    struct cap_frame *f)
{
	const struct ng_iface *i;
	uint32_t ifid, caplen, wire, hdr;
	uint64_t ts = 0;

	if (type == NG_SPB) {
		ifid = 0;
		hdr = 12;
		wire = len >= 16 ? ng_u32(r, r->buf + 8) : 0;
		caplen = wire;
	} else {
		hdr = 28;
		if (len < 32)
			return 0;
		ifid = type == NG_OPB ? ng_u16(r, r->buf + 8) :
		    ng_u32(r, r->buf + 8);
		ts = (uint64_t)ng_u32(r, r->buf + 12) << 32 |
		    ng_u32(r, r->buf + 16);
		caplen = ng_u32(r, r->buf + 20);
		wire = ng_u32(r, r->buf + 24);
	}
	if (ifid >= r->nifc)
		return 0;
	i = &r->ifc[ifid];
	if (caplen > len - hdr - 4)
		caplen = len - hdr - 4;
	if (type == NG_SPB && i->snaplen && caplen > i->snaplen)
		caplen = i->snaplen;
	f->dlt = i->dlt;
	f->caplen = caplen;
	f->wirelen = wire < caplen ? caplen : wire;
	f->data = r->buf + hdr;
	f->ts_sec = 0;
	f->ts_nsec = 0;
	if (type != NG_SPB)
		ng_stamp(i, ts, f);
	return 1;
}

int
ng_next(struct ng_reader *r, struct cap_frame *f, char *errbuf,
    size_t errlen)
{
	uint32_t type, len;
	int rc;

	for (;;) {
		rc = ng_read_block(r, &type, &len, errbuf, errlen);
		if (rc <= 0)
			return rc == 0 ? CAP_EOF : CAP_ERROR;
		if (type == NG_IDB)
			ng_idb(r, len);
		else if ((type == NG_EPB || type == NG_SPB ||
		    type == NG_OPB) && ng_packet(r, type, len, f))
			return CAP_FRAME;
	}
}

struct ng_reader *
ng_open(FILE *fp, const char *name, char *errbuf, size_t errlen)
{
	struct ng_reader *r = calloc(1, sizeof(*r));
	uint32_t type, len;
	long at;

	if (r == NULL || (r->name = strdup(name)) == NULL) {
		free(r);
		snprintf(errbuf, errlen, "out of memory");
		return NULL;
	}
	r->fp = fp;
	r->first_dlt = -1;
	/* Read ahead to the first interface, then start over. */
	while (r->first_dlt < 0 &&
	    ng_read_block(r, &type, &len, errbuf, errlen) > 0)
		if (type == NG_IDB)
			ng_idb(r, len);
	at = fseek(fp, 0, SEEK_SET);
	if (r->first_dlt < 0 || at != 0) {
		if (r->first_dlt < 0)
			snprintf(errbuf, errlen, "%s: no interface description "
			    "in the pcapng file", name);
		ng_close(r);
		return NULL;
	}
	r->nifc = 0;
	return r;
}

int
ng_dlt(const struct ng_reader *r)
{
	return r->first_dlt;
}

int
ng_snaplen(const struct ng_reader *r)
{
	return (int)r->first_snaplen;
}

void
ng_close(struct ng_reader *r)
{
	if (r == NULL)
		return;
	if (r->fp != NULL)
		fclose(r->fp);
	free(r->buf);
	free(r->name);
	free(r);
}
