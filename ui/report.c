/*
 * report.c: the evidence bundle (see report.h).
 *
 * The run feeds it the IKE frames of every SA, the findings and the SA
 * records they belong to, and the TTLs each peer's packets arrive with.
 * At the end the capture is read a second time and the frames that prove
 * the findings (and every IKE frame of their SAs) are copied, unchanged
 * and in order, into a classic pcap file any tool opens.  Files are
 * written under temporary names and renamed once all are complete.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "dissect/names.h"
#include "ui/fmt.h"
#include "ui/merge.h"
#include "ui/report.h"
#include "ui/report_int.h"
#include "ui/sink.h"

#define MAX_IKE_FRAMES	(4u << 20)	/* IKE frames remembered */

static void *
grow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 64;
	void *q;

	if (n < *cap)
		return p;
	if ((q = realloc(p, c * size)) == NULL)
		return NULL;
	*cap = c;
	return q;
}

struct report *
report_new(const char *dir, int force, char *err, size_t errlen)
{
	struct report *r;
	struct stat st;
	int made = 0;

	if (dir == NULL) {
		/* Only collecting: the bundle comes later (report_write_sa). */
		if ((r = calloc(1, sizeof(*r))) == NULL)
			snprintf(err, errlen, "out of memory");
		return r;
	}
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "--report %s: not a directory",
			    dir);
			return NULL;
		}
		if (!force) {
			snprintf(err, errlen, "--report %s: the directory "
			    "exists (--force writes into it)", dir);
			return NULL;
		}
	} else if (mkdir(dir, 0755) != 0) {
		snprintf(err, errlen, "--report %s: %s", dir, strerror(errno));
		return NULL;
	} else
		made = 1;
	if (access(dir, W_OK) != 0) {
		snprintf(err, errlen, "--report %s: not writable", dir);
		if (made)
			rmdir(dir);
		return NULL;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->dir = strdup(dir)) == NULL) {
		free(r);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->created = made;
	return r;
}

void
report_free(struct report *r)
{
	if (r == NULL)
		return;
	free(r->dir);
	free(r->f);
	free(r->sa);
	free(r->ik);
	free(r->ev);
	free(r->lost);
	free(r);
}

void
report_forget_before(struct report *r, uint64_t frame)
{
	size_t i, k;

	for (i = k = 0; i < r->nik; i++)
		if (r->ik[i].frame >= frame)
			r->ik[k++] = r->ik[i];
	r->nik = k;
}

void
report_packet(struct report *r, const struct pkt *p)
{
	struct sa_key k;
	size_t i;

	if (r->have_last) {
		double g = ((double)p->ts_sec - (double)r->last.sec) +
		    ((double)p->ts_nsec - (double)r->last.nsec) / 1e9;

		if (g > r->gap) {
			r->gap = g;
			r->gap_before = p->frame;
		}
	}
	r->have_last = 1;
	sa_when(&r->last, p);

	if (p->kind == PK_IKE && sa_key_of(p, &k) && r->nik < MAX_IKE_FRAMES) {
		struct ike_frame *n = grow(r->ik, &r->capik, r->nik,
		    sizeof(*r->ik));

		if (n != NULL) {
			r->ik = n;
			r->ik[r->nik].frame = p->frame;
			r->ik[r->nik++].key = k;
		}
	}
	if (!p->has_ip || p->kind == PK_OTHER)
		return;
	for (i = 0; i < r->nttl; i++)
		if (addr_eq(&r->ttl[i].a, &p->src))
			break;
	if (i == r->nttl) {
		if (r->nttl == TTL_PEERS)
			return;
		r->ttl[r->nttl].a = p->src;
		r->ttl[r->nttl].min = r->ttl[r->nttl].max = p->ttl;
		r->nttl++;
	}
	if (p->has_mac && !r->ttl[i].has_mac) {
		r->ttl[i].has_mac = 1;
		r->ttl[i].macs = 1;
		memcpy(r->ttl[i].mac, p->src_mac, 6);
	} else if (p->has_mac && memcmp(r->ttl[i].mac, p->src_mac, 6) != 0)
		r->ttl[i].macs = 2;
	if (p->ttl < r->ttl[i].min)
		r->ttl[i].min = p->ttl;
	if (p->ttl > r->ttl[i].max)
		r->ttl[i].max = p->ttl;
	r->ttl[i].n++;
}

void
report_finding(struct report *r, const struct finding *f)
{
	struct finding *n = grow(r->f, &r->capf, r->nf, sizeof(*r->f));

	if (n == NULL)
		return;
	r->f = n;
	r->f[r->nf++] = *f;
}

static int
sa_has_finding(const struct report *r, const struct sa_key *k)
{
	size_t i;

	for (i = 0; i < r->nf; i++)
		if (r->f[i].version == k->version && r->f[i].ispi == k->ispi)
			return 1;
	return 0;
}

static int
sa_listed(const struct report *r, const struct sa_key *k)
{
	size_t i;

	for (i = 0; i < r->nsa; i++)
		if (r->sa[i].key.version == k->version &&
		    r->sa[i].key.ispi == k->ispi)
			return 1;
	return 0;
}

void
report_sa(struct report *r, const struct ike_sa *sa)
{
	struct ike_sa *n;

	if (!sa_has_finding(r, &sa->key) ||
	    (n = grow(r->sa, &r->capsa, r->nsa, sizeof(*r->sa))) == NULL)
		return;
	r->sa = n;
	r->sa[r->nsa] = *sa;
	/* The copy outlives the SA: what it held apart is not its own. */
	r->sa[r->nsa].rare = NULL;
	r->sa[r->nsa++].pool = NULL;
}

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* The frames the bundle carries: proving frames, and the SAs' IKE. */
static int
select_frames(struct report *r)
{
	size_t i, k, n = 0, cap = 0;
	uint64_t *v = NULL, *g;

	for (i = 0; i < r->nf; i++)
		for (k = 0; k < r->f[i].nframes; k++) {
			if ((g = grow(v, &cap, n, sizeof(*v))) == NULL)
				goto fail;
			v = g;
			v[n++] = r->f[i].frames[k];
		}
	for (i = 0; i < r->nik; i++) {
		if (!sa_has_finding(r, &r->ik[i].key) &&
		    !sa_listed(r, &r->ik[i].key))
			continue;
		if ((g = grow(v, &cap, n, sizeof(*v))) == NULL)
			goto fail;
		v = g;
		v[n++] = r->ik[i].frame;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_u64);
	for (i = k = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	r->ev = v;
	r->nev = k;
	return 0;
fail:
	free(v);
	return -1;
}

/* The evidence frame number (1-based) of an original one; 0: not in. */
size_t
ev_number(const struct report *r, uint64_t frame)
{
	uint64_t *p;

	if (r->nev == 0)
		return 0;
	p = bsearch(&frame, r->ev, r->nev, sizeof(*r->ev), cmp_u64);
	return p != NULL ? (size_t)(p - r->ev) + 1 : 0;
}

static void
put_le32(FILE *f, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 24) };

	fwrite(b, 1, 4, f);
}

/* A nanosecond pcap file (RFC 9004 4), little-endian: its header. */
static FILE *
pcap_create(const char *path, const struct cap_info *ci, char *err,
    size_t errlen)
{
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	put_le32(f, 0xa1b23c4d);
	put_le32(f, 2 | 4u << 16);
	put_le32(f, 0);
	put_le32(f, 0);
	put_le32(f, ci->snaplen > 0 ? (uint32_t)ci->snaplen : 262144);
	put_le32(f, (uint32_t)ci->dlt);
	return f;
}

static void
pcap_put(FILE *f, const struct cap_frame *fr)
{
	put_le32(f, (uint32_t)fr->ts_sec);
	put_le32(f, fr->ts_nsec);
	put_le32(f, fr->caplen);
	put_le32(f, fr->wirelen);
	fwrite(fr->data, 1, fr->caplen, f);
}

/* The second reading: the chosen frames into a classic pcap file. */
static int
write_pcap(struct report *r, const char *capture, const char *path,
    char *err, size_t errlen)
{
	struct cap_source *src;
	struct cap_frame fr;
	struct cap_info ci;
	char cerr[CAP_ERRBUF_SIZE];
	uint8_t *skip;
	FILE *f;
	int rc;

	if ((skip = calloc(r->nev + 1, 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (cap_open_file(&src, capture, cerr) != 0) {
		snprintf(err, errlen, "%s", cerr);
		free(skip);
		return -1;
	}
	cap_info(src, &ci);
	if ((f = pcap_create(path, &ci, err, errlen)) == NULL) {
		cap_close(src);
		free(skip);
		return -1;
	}
	while ((rc = cap_next(src, &fr, cerr)) == CAP_FRAME) {
		size_t e = ev_number(r, fr.no);

		if (e == 0)
			continue;
		if (fr.dlt != ci.dlt) {
			/* Out of the list: the file's numbering stays true. */
			skip[e - 1] = 1;
			r->skipped++;
			continue;
		}
		pcap_put(f, &fr);
	}
	cap_close(src);
	if (r->skipped) {
		size_t i, k;

		for (i = k = 0; i < r->nev; i++)
			if (!skip[i])
				r->ev[k++] = r->ev[i];
		r->nev = k;
	}
	free(skip);
	if (fclose(f) != 0 || rc == CAP_ERROR) {
		snprintf(err, errlen, "%s", rc == CAP_ERROR ? cerr :
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Live: the chosen frames the ring still holds.  Those it no longer
 * holds leave the evidence list (so its numbering is the file's) and are
 * listed as not kept.
 */
static int
write_pcap_ring(struct report *r, const struct frame_ring *ring,
    const struct cap_info *ci, const char *path, char *err, size_t errlen)
{
	struct cap_frame fr;
	uint64_t *g;
	size_t i, k;
	FILE *f;

	ring_stats(ring, &r->rs);
	if ((f = pcap_create(path, ci, err, errlen)) == NULL)
		return -1;
	for (i = k = 0; i < r->nev; i++) {
		if (!ring_get(ring, r->ev[i], &fr)) {
			if ((g = grow(r->lost, &r->caplost, r->nlost,
			    sizeof(*r->lost))) == NULL) {
				fclose(f);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			r->lost = g;
			r->lost[r->nlost++] = r->ev[i];
			continue;
		}
		if (fr.dlt != ci->dlt) {
			r->skipped++;
			continue;
		}
		pcap_put(f, &fr);
		r->ev[k++] = r->ev[i];
	}
	r->nev = k;
	if (fclose(f) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
sha256_file(const char *path, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE], buf[65536];
	unsigned int mdlen = 0, i;
	EVP_MD_CTX *ctx;
	FILE *f;
	size_t n;
	int ok;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if ((ctx = EVP_MD_CTX_new()) == NULL) {
		fclose(f);
		return -1;
	}
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
	while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(ctx, buf, n) == 1;
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1;
	EVP_MD_CTX_free(ctx);
	fclose(f);
	if (!ok)
		return -1;
	for (i = 0; i < mdlen && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

static const char *const names[] = { "evidence.pcap", "report.md",
    "report.json", "SHA256SUMS" };

static void
path_of(const struct report *r, const char *name, int tmp, char *buf,
    size_t len)
{
	snprintf(buf, len, "%s/%s%s", r->dir, tmp ? ".tmp-" : "", name);
}

/* Everything written so far goes: nothing half-written stays. */
static void
discard(const struct report *r)
{
	char p[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		path_of(r, names[i], 1, p, sizeof(p));
		unlink(p);
	}
	if (r->created)
		rmdir(r->dir);
}

void
report_abandon(struct report *r)
{
	discard(r);
}

/* The two-capture section, into memory first: it may refuse. */
static int
merge_into(struct report *r, const char *a, const char *b, char **md,
    char **js, char *err, size_t errlen)
{
	struct merge_key *k = calloc(r->nsa + 1, sizeof(*k));
	size_t mlen = 0, jlen = 0, i;
	FILE *fm = open_memstream(md, &mlen), *fj = open_memstream(js, &jlen);
	int rc = -1;

	if (k != NULL && fm != NULL && fj != NULL) {
		for (i = 0; i < r->nsa; i++) {
			k[i].version = r->sa[i].key.version;
			k[i].ispi = r->sa[i].key.ispi;
		}
		rc = merge_report(a, b, k, r->nsa, fm, fj, err, errlen);
	} else
		snprintf(err, errlen, "out of memory");
	if (fm != NULL)
		fclose(fm);
	if (fj != NULL)
		fclose(fj);
	free(k);
	return rc;
}

int
report_write(struct report *r, const struct report_input *in,
    const struct diag_stats *st, char *err, size_t errlen)
{
	char p[PATH_MAX], q[PATH_MAX], hex[65], real[PATH_MAX];
	const char *capture = in->capture, *second = in->second;
	char *mmd = NULL, *mjs = NULL;
	FILE *o;
	size_t i;

	if (capture == NULL && (in->ring == NULL || second != NULL)) {
		snprintf(err, errlen, "a live report needs the ring of recent "
		    "frames, and takes no second capture");
		goto fail;
	}
	if (second != NULL && merge_into(r, capture, second, &mmd, &mjs, err,
	    errlen) != 0)
		goto fail;
	if (select_frames(r) != 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	path_of(r, names[0], 1, p, sizeof(p));
	if (capture != NULL ? write_pcap(r, capture, p, err, errlen) != 0 :
	    write_pcap_ring(r, in->ring, in->ci, p, err, errlen) != 0)
		goto fail;
	path_of(r, names[1], 1, p, sizeof(p));
	if ((o = fopen(p, "w")) == NULL)
		goto io;
	write_md(r, o, in, st);
	if (mmd != NULL)
		fputs(mmd, o);
	if (fclose(o) != 0)
		goto io;
	path_of(r, names[2], 1, p, sizeof(p));
	if ((o = fopen(p, "w")) == NULL)
		goto io;
	write_json(r, o, in, st, mjs);
	if (fclose(o) != 0)
		goto io;
	/* The sums: the input by its full path, the bundle by name. */
	path_of(r, names[3], 1, p, sizeof(p));
	if ((o = fopen(p, "w")) == NULL)
		goto io;
	if (capture != NULL) {
		if (realpath(capture, real) == NULL ||
		    sha256_file(capture, hex) != 0)
			goto io_close;
		fprintf(o, "%s  %s\n", hex, real);
	}
	if (second != NULL) {
		if (realpath(second, real) == NULL ||
		    sha256_file(second, hex) != 0)
			goto io_close;
		fprintf(o, "%s  %s\n", hex, real);
	}
	for (i = 0; i < 3; i++) {
		path_of(r, names[i], 1, q, sizeof(q));
		if (sha256_file(q, hex) != 0)
			goto io_close;
		fprintf(o, "%s  %s\n", hex, names[i]);
	}
	if (fclose(o) != 0)
		goto io;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		path_of(r, names[i], 1, p, sizeof(p));
		path_of(r, names[i], 0, q, sizeof(q));
		if (rename(p, q) != 0)
			goto io;
	}
	free(mmd);
	free(mjs);
	return 0;
io_close:
	fclose(o);
io:
	snprintf(err, errlen, "--report %s: %s", r->dir, strerror(errno));
fail:
	free(mmd);
	free(mjs);
	discard(r);
	return -1;
}

int
report_write_sa(const struct report *all, const struct ike_sa *sa,
    const char *dir, const struct report_input *in,
    const struct diag_stats *st, char *err, size_t errlen)
{
	struct report *r;
	size_t i;
	int rc = -1;

	if ((r = report_new(dir, 0, err, errlen)) == NULL)
		return -1;
	/* The one SA: its findings, its record, its frames. */
	for (i = 0; i < all->nf; i++)
		if (all->f[i].version == sa->key.version &&
		    all->f[i].ispi == sa->key.ispi)
			report_finding(r, &all->f[i]);
	/* Listed even without findings: its frames are the evidence. */
	if ((r->sa = malloc(sizeof(*r->sa))) != NULL) {
		r->sa[0] = *sa;
		r->sa[0].rare = NULL;
		r->sa[0].pool = NULL;
		r->nsa = r->capsa = 1;
	}
	if ((r->ik = malloc((all->nik + 1) * sizeof(*r->ik))) == NULL) {
		snprintf(err, errlen, "out of memory");
		report_abandon(r);
		goto out;
	}
	memcpy(r->ik, all->ik, all->nik * sizeof(*r->ik));
	r->nik = r->capik = all->nik;
	memcpy(r->ttl, all->ttl, sizeof(r->ttl));
	r->nttl = all->nttl;
	r->gap = all->gap;
	r->gap_before = all->gap_before;
	rc = report_write(r, in, st, err, errlen);
out:
	report_free(r);
	return rc;
}
