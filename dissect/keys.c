/*
 * keys.c: the key store, and the loop that reads a key file line by
 * line and hands each line to the parser for its format (keys_fmt.c).
 *
 * A file is read whole into memory the store owns, not through stdio,
 * so no buffer this module does not wipe ever held a key; the copy is
 * wiped (OPENSSL_cleanse) before it is freed, and so is every entry of
 * the store, also when an array grows (realloc would leave the old
 * bytes behind).  The store keeps entries in load order in three
 * arrays; lookups walk them.  Key files hold tens of SAs, and the
 * packet path keeps what it found per SPI.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "dissect/keys_int.h"

/* Larger than any key file; a bound against reading a disk image. */
#define KEYS_FILE_MAX	((size_t)16 << 20)
/* Longer lines are not key lines (an esp_sa line is under 600). */
#define KEYS_LINE_MAX	4096
/* Complaints per file; past them, a count (the wrong file, likely). */
#define KEYS_BAD_SHOWN	50

struct keystore {
	struct ike1_keys *v1;
	size_t		 n1, cap1;
	struct ike2_keys *v2;
	size_t		 n2, cap2;
	struct esp_keys	*esp;
	size_t		 nesp, capesp;
};

struct keystore *
keystore_new(void)
{
	return calloc(1, sizeof(struct keystore));
}

void
keystore_free(struct keystore *ks)
{
	if (ks == NULL)
		return;
	if (ks->v1 != NULL) {
		OPENSSL_cleanse(ks->v1, ks->cap1 * sizeof(*ks->v1));
		free(ks->v1);
	}
	if (ks->v2 != NULL) {
		OPENSSL_cleanse(ks->v2, ks->cap2 * sizeof(*ks->v2));
		free(ks->v2);
	}
	if (ks->esp != NULL) {
		OPENSSL_cleanse(ks->esp, ks->capesp * sizeof(*ks->esp));
		free(ks->esp);
	}
	free(ks);
}

/* Room for one more of size bytes each; the old copy is wiped. */
static int
grow(void **v, size_t n, size_t *cap, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 8;
	void *nv;

	if (n < *cap)
		return 0;
	if (ncap > SIZE_MAX / size)
		return -1;
	if ((nv = calloc(ncap, size)) == NULL)
		return -1;
	if (*v != NULL) {
		memcpy(nv, *v, n * size);
		OPENSSL_cleanse(*v, *cap * size);
		free(*v);
	}
	*v = nv;
	*cap = ncap;
	return 0;
}

void
kl_bad(struct kload *kl, const char *fmt, ...)
{
	char msg[512];
	int n;
	va_list ap;

	if (kl->warn == NULL || ++kl->nbad > KEYS_BAD_SHOWN)
		return;
	n = snprintf(msg, sizeof(msg), "%s:%u: ", kl->path, kl->line);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	kl->warn(kl->arg, msg);
}

int
ks_add_ike1(struct kload *kl, const struct ike1_keys *k)
{
	struct keystore *ks = kl->ks;
	size_t i;

	for (i = 0; i < ks->n1; i++) {
		if (ks->v1[i].icookie != k->icookie)
			continue;
		if (ks->v1[i].key_len != k->key_len ||
		    memcmp(ks->v1[i].key, k->key, k->key_len) != 0)
			kl_bad(kl, "another key for this initiator cookie "
			    "was loaded before; the first one is kept");
		return 0;
	}
	if (grow((void **)&ks->v1, ks->n1, &ks->cap1, sizeof(*ks->v1))) {
		kl->oom = 1;
		return 0;
	}
	ks->v1[ks->n1++] = *k;
	kl->added++;
	return 1;
}

/* The directions both entries know hold the same keys. */
static int
ike2_agree(const struct ike2_keys *a, const struct ike2_keys *b)
{
	if (a->encr != b->encr || a->integ != b->integ ||
	    a->icv_len != b->icv_len)
		return 0;
	if (a->have_i && b->have_i && (a->sk_ei_len != b->sk_ei_len ||
	    a->sk_ai_len != b->sk_ai_len ||
	    memcmp(a->sk_ei, b->sk_ei, a->sk_ei_len) != 0 ||
	    memcmp(a->sk_ai, b->sk_ai, a->sk_ai_len) != 0))
		return 0;
	if (a->have_r && b->have_r && (a->sk_er_len != b->sk_er_len ||
	    a->sk_ar_len != b->sk_ar_len ||
	    memcmp(a->sk_er, b->sk_er, a->sk_er_len) != 0 ||
	    memcmp(a->sk_ar, b->sk_ar, a->sk_ar_len) != 0))
		return 0;
	return 1;
}

/*
 * tcpdump and Libreswan give each direction of an IKE SA on a line of
 * its own ("ikev2 I", "ikev2 R"): the second fills in the first.
 */
int
ks_add_ike2(struct kload *kl, const struct ike2_keys *k)
{
	struct keystore *ks = kl->ks;
	struct ike2_keys *e;
	size_t i;

	for (i = 0; i < ks->n2; i++) {
		e = &ks->v2[i];
		if (e->ispi != k->ispi || e->rspi != k->rspi)
			continue;
		if (!ike2_agree(e, k)) {
			kl_bad(kl, "other keys or algorithms for these SPIs "
			    "were loaded before; the first ones are kept");
			return 0;
		}
		if (k->have_i && !e->have_i) {
			e->have_i = 1;
			e->sk_ei_len = k->sk_ei_len;
			e->sk_ai_len = k->sk_ai_len;
			memcpy(e->sk_ei, k->sk_ei, sizeof(e->sk_ei));
			memcpy(e->sk_ai, k->sk_ai, sizeof(e->sk_ai));
		}
		if (k->have_r && !e->have_r) {
			e->have_r = 1;
			e->sk_er_len = k->sk_er_len;
			e->sk_ar_len = k->sk_ar_len;
			memcpy(e->sk_er, k->sk_er, sizeof(e->sk_er));
			memcpy(e->sk_ar, k->sk_ar, sizeof(e->sk_ar));
		}
		return 0;
	}
	if (grow((void **)&ks->v2, ks->n2, &ks->cap2, sizeof(*ks->v2))) {
		kl->oom = 1;
		return 0;
	}
	ks->v2[ks->n2++] = *k;
	kl->added++;
	return 1;
}

static int
esp_same_sa(const struct esp_keys *a, const struct esp_keys *b)
{
	return addr_eq(&a->src, &b->src) && addr_eq(&a->dst, &b->dst) &&
	    a->src_plen == b->src_plen && a->dst_plen == b->dst_plen &&
	    a->spi == b->spi && a->spi_mask == b->spi_mask;
}

static int
esp_same_keys(const struct esp_keys *a, const struct esp_keys *b)
{
	return a->encr == b->encr && a->integ == b->integ &&
	    a->icv_len == b->icv_len && a->esn == b->esn &&
	    a->esn_hi == b->esn_hi && a->ekey_len == b->ekey_len &&
	    a->ikey_len == b->ikey_len &&
	    memcmp(a->ekey, b->ekey, a->ekey_len) == 0 &&
	    memcmp(a->ikey, b->ikey, a->ikey_len) == 0;
}

int
ks_add_esp(struct kload *kl, const struct esp_keys *k)
{
	struct keystore *ks = kl->ks;
	size_t i;

	for (i = 0; i < ks->nesp; i++) {
		if (!esp_same_sa(&ks->esp[i], k))
			continue;
		if (!esp_same_keys(&ks->esp[i], k))
			kl_bad(kl, "other keys for this SA were loaded "
			    "before; the first ones are kept");
		return 0;
	}
	if (grow((void **)&ks->esp, ks->nesp, &ks->capesp,
	    sizeof(*ks->esp))) {
		kl->oom = 1;
		return 0;
	}
	ks->esp[ks->nesp++] = *k;
	kl->added++;
	return 1;
}

/*
 * One line, told apart by its shape: an indented line inside an
 * "ip xfrm state" block belongs to it; "src " opens a block; "ikev2 "
 * is tcpdump's IKE line; a line that starts with a quote, or whose
 * first comma-separated field has no ':', '@' or blank, is one of
 * Wireshark's tables; anything else is a tcpdump ESP secret.
 */
static void
load_line(struct kload *kl, char *s)
{
	size_t n = strlen(s), first;

	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t'))
		s[--n] = '\0';
	if (kl->xf_open && (s[0] == ' ' || s[0] == '\t')) {
		kf_xfrm_field(kl, s);
		return;
	}
	s += strspn(s, " \t");
	if (*s == '\0' || *s == '#')
		return;
	if (kl->xf_open)
		kf_xfrm_end(kl);
	if (strncmp(s, "src ", 4) == 0) {
		kf_xfrm_begin(kl, s);
		return;
	}
	if (strncasecmp(s, "ikev2", 5) == 0 && (s[5] == ' ' ||
	    s[5] == '\t')) {
		kf_tcpdump_ike(kl, s);
		return;
	}
	if (strncasecmp(s, "ikev1", 5) == 0 && (s[5] == ' ' ||
	    s[5] == '\t')) {
		kl_bad(kl, "\"ikev1\" lines are not read; give the IKEv1 "
		    "key as an ikev1_decryption_table line");
		return;
	}
	if (strncasecmp(s, "file", 4) == 0 && (s[4] == ' ' ||
	    s[4] == '\t')) {
		kl_bad(kl, "tcpdump's \"file\" line is not followed; load "
		    "that file itself");
		return;
	}
	first = strcspn(s, ",");
	if (s[0] == '"' || (s[first] == ',' &&
	    strcspn(s, ":@ \t") >= first)) {
		kf_csv(kl, s);
		return;
	}
	kf_tcpdump_esp(kl, s);
}

/* The whole file into a buffer of our own; *capp bytes to wipe. */
static int
read_all(int fd, char **bufp, size_t *lenp, size_t *capp, char *err,
    size_t errlen, const char *path)
{
	size_t cap = 4096, len = 0;
	char *buf, *nb;
	ssize_t r;

	if ((buf = malloc(cap)) == NULL)
		goto oom;
	for (;;) {
		if (len + 1 >= cap) {
			if (cap >= KEYS_FILE_MAX) {
				snprintf(err, errlen, "%s: larger than %zu "
				    "MiB, not a key file", path,
				    KEYS_FILE_MAX >> 20);
				goto fail;
			}
			if ((nb = malloc(cap * 2)) == NULL)
				goto oom;
			memcpy(nb, buf, len);
			OPENSSL_cleanse(buf, cap);
			free(buf);
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		len += (size_t)r;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	*capp = cap;
	return 0;
oom:
	snprintf(err, errlen, "%s: out of memory", path);
fail:
	if (buf != NULL) {
		OPENSSL_cleanse(buf, cap);
		free(buf);
	}
	return -1;
}

static void
load_lines(struct kload *kl, char *buf, size_t len)
{
	char *s = buf, *end = buf + len, *nl;

	/* A UTF-8 byte order mark from a Windows editor. */
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s < end && !kl->oom) {
		kl->line++;
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		*nl = '\0';
		if (strlen(s) != (size_t)(nl - s))
			kl_bad(kl, "a NUL byte: not a text line");
		else if ((size_t)(nl - s) > KEYS_LINE_MAX)
			kl_bad(kl, "longer than %d characters: not a key line",
			    KEYS_LINE_MAX);
		else
			load_line(kl, s);
		s = nl + 1;
	}
	if (kl->xf_open && !kl->oom)
		kf_xfrm_end(kl);
}

/* pcap and pcapng files begin with one of these. */
static int
is_capture(const char *b, size_t len)
{
	static const uint8_t magic[][4] = {
		{ 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },
		{ 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },
		{ 0x0a, 0x0d, 0x0d, 0x0a },
	};
	size_t i;

	for (i = 0; len >= 4 && i < sizeof(magic) / sizeof(magic[0]); i++)
		if (memcmp(b, magic[i], 4) == 0)
			return 1;
	return 0;
}

int
keystore_load(struct keystore *ks, const char *path,
    void (*warn)(void *, const char *), void *arg, char *err,
    size_t errlen)
{
	struct kload kl;
	struct stat st;
	char *buf = NULL, msg[512];
	size_t cap = 0, len = 0;
	int fd, rc;

	if ((fd = open(path, O_RDONLY)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		close(fd);
		return -1;
	}
	rc = read_all(fd, &buf, &len, &cap, err, errlen, path);
	close(fd);
	if (rc != 0)
		return -1;
	if (is_capture(buf, len)) {
		snprintf(err, errlen, "%s: a capture file, not a key file",
		    path);
		OPENSSL_cleanse(buf, cap);
		free(buf);
		return -1;
	}
	if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0 && warn != NULL) {
		snprintf(msg, sizeof(msg), "%s: group or others may read "
		    "this key file (mode %04o); chmod 600 it", path,
		    (unsigned)(st.st_mode & 07777));
		warn(arg, msg);
	}
	memset(&kl, 0, sizeof(kl));
	kl.ks = ks;
	kl.path = path;
	kl.warn = warn;
	kl.arg = arg;
	load_lines(&kl, buf, len);
	if (kl.nbad > KEYS_BAD_SHOWN && warn != NULL) {
		snprintf(msg, sizeof(msg), "%s: %u more malformed lines not "
		    "reported", path, kl.nbad - KEYS_BAD_SHOWN);
		warn(arg, msg);
	}
	OPENSSL_cleanse(&kl.xf, sizeof(kl.xf));
	OPENSSL_cleanse(buf, cap);
	free(buf);
	if (kl.oom) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	return kl.added;
}

const struct ike1_keys *
keystore_ikev1(const struct keystore *ks, uint64_t icookie)
{
	size_t i;

	for (i = 0; i < ks->n1; i++)
		if (ks->v1[i].icookie == icookie)
			return &ks->v1[i];
	return NULL;
}

const struct ike2_keys *
keystore_ikev2(const struct keystore *ks, uint64_t ispi, uint64_t rspi)
{
	size_t i;

	for (i = 0; i < ks->n2; i++)
		if (ks->v2[i].ispi == ispi && ks->v2[i].rspi == rspi)
			return &ks->v2[i];
	return NULL;
}

/* Whether the first plen bits of a and want agree. */
static int
prefix_match(const struct ip_addr *want, uint8_t plen,
    const struct ip_addr *a)
{
	size_t full = plen / 8;
	unsigned rest = plen % 8;
	uint8_t mask;

	if (want->family != 0 && want->family != a->family)
		return 0;
	if (memcmp(want->a, a->a, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	mask = (uint8_t)(0xff << (8 - rest));
	return (want->a[full] & mask) == (a->a[full] & mask);
}

static int
esp_match(const struct esp_keys *e, const struct ip_addr *src,
    const struct ip_addr *dst, uint32_t spi)
{
	return (spi & e->spi_mask) == e->spi &&
	    prefix_match(&e->src, e->src_plen, src) &&
	    prefix_match(&e->dst, e->dst_plen, dst);
}

/* 0 an exact SA, 1 a pattern, 2 a pattern that matches everything. */
static int
esp_tier(const struct esp_keys *e)
{
	if (esp_keys_exact(e))
		return 0;
	if (e->spi_mask == 0 && e->src_plen == 0 && e->dst_plen == 0)
		return 2;
	return 1;
}

/*
 * The catch-alls come last: tcpdump uses its secret without SPI@ADDRESS
 * only when no other matches, wherever it stands in the file.
 */
const struct esp_keys *
keystore_esp(const struct keystore *ks, const struct ip_addr *src,
    const struct ip_addr *dst, uint32_t spi)
{
	size_t i;
	int tier;

	for (tier = 0; tier < 3; tier++)
		for (i = 0; i < ks->nesp; i++)
			if (esp_tier(&ks->esp[i]) == tier &&
			    esp_match(&ks->esp[i], src, dst, spi))
				return &ks->esp[i];
	return NULL;
}

size_t
keystore_count(const struct keystore *ks, int kind)
{
	switch (kind) {
	case KEYS_IKEV1:
		return ks->n1;
	case KEYS_IKEV2:
		return ks->n2;
	case KEYS_ESP:
		return ks->nesp;
	}
	return 0;
}
