/*
 * fuzz_keys.c: a libFuzzer target over the key-file readers
 * (dissect/keys*.c): keystore_new, keystore_load, the three lookups and
 * keystore_free.
 *
 * A key file is the user's, but it comes from many tools (Wireshark's
 * tables, strongSwan's save-keys, tcpdump, Libreswan, ip xfrm state),
 * hand edits and copies between machines, and ikewatch reads it by
 * what each line holds.  Every byte of the input is one key file,
 * written to one temporary file per process (rewritten for each input)
 * because keystore_load reads a path.  Two readings:
 *
 *  1. The file through keystore_load, three times: into a new store,
 *     again into the same store (a repeat adds nothing and says the
 *     same), and into another new store with no warning callback (the
 *     same entries).  Then the lookups, with the cookies, SPIs and
 *     addresses the input spells, so that they find what it loaded.
 *  2. Each line alone through every line parser (keys_int.h), in a heap
 *     block of its exact length, trimmed as load_line trims it:
 *     keystore_load reads the file into one buffer, where a read past a
 *     line's end lands on the next line and ASan cannot see it; here it
 *     can.  An "ip xfrm state" field is read inside a block of its own.
 *
 * What is checked, with abort() on a violation:
 *
 *  - every warning is "PATH:LINE: ..." with LINE one of the file's
 *    lines, or the permission warning (first, and only when group or
 *    others may read the file), or the count past the complaint cap
 *    (last, and only after the cap was reached); printable ASCII only;
 *  - no warning nor error holds a run of 16 hex digits that the input
 *    holds: keys are never echoed;
 *  - entries: IKE SAs at most one per line; ESP SAs at most one per
 *    line and comma (tcpdump -E takes several secrets on one line); the
 *    counts sum to what keystore_load returned;
 *  - a lookup answers with an entry that matches what was asked, whose
 *    lengths fit its arrays, and whose algorithms, when ikewatch says it
 *    decrypts them, crypt_check accepts with the same ICV length.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <arpa/inet.h>

#include "dissect/crypt.h"
#include "dissect/keys.h"
#include "dissect/keys_int.h"

/* keys.c's complaint cap (KEYS_BAD_SHOWN): past it, one count. */
#define FK_SHOWN	50
/* keys.c's KEYS_LINE_MAX: longer lines reach no parser. */
#define FK_LINE_MAX	4096
/* Warnings kept per load: the cap, the count, the permissions. */
#define FK_MSGS		(FK_SHOWN + 2)
#define FK_MSG_LEN	512
/* The shortest hex run that could be a key (an IKE SPI is 16 digits). */
#define FK_HEX_RUN	16
/* Values taken from the input for the lookups. */
#define FK_U64		8
#define FK_U32		6
#define FK_ADDR		4

#define FK_PERM		": group or others may read this key file (mode "
#define FK_MORE		" more malformed lines not reported"

/* The warnings' own loops: coverage there would only reward noise. */
#if defined(__clang__)
#define FK_UNCOUNTED	__attribute__((no_sanitize("coverage"), noinline))
#else
#define FK_UNCOUNTED
#endif

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What one load said. */
struct fk_msgs {
	int		 n;
	char		 m[FK_MSGS][FK_MSG_LEN];
};

/* The input as this target reads it. */
struct fk_in {
	const uint8_t	*data;
	size_t		 size;
	char		*lower;		/* the input in lower case */
	unsigned	 lines;		/* as keys.c counts them */
	unsigned	 commas;
	int		 group_read;	/* the file's mode lets others read */
};

static char	fk_tmp[] = "/tmp/ikewatch-fuzz-keys.XXXXXX";
/* The name keystore_load is given, which every message begins with. */
static char	fk_path[sizeof(fk_tmp) + 32];
static int	fk_fd = -1;

FK_UNCOUNTED static void
fk_fail(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_keys: %s%s%s\n", what, msg ? ": " : "",
	    msg ? msg : "");
	abort();
}

static void
fk_unlink(void)
{
	(void)unlink(fk_tmp);
}

/*
 * The one temporary file, made at the first input.  Where /proc gives
 * a name to the open file, the file is unlinked at once and read by
 * that name: a crash or libFuzzer's _Exit then leaves nothing in /tmp.
 */
static void
fk_file(void)
{
	int fd;

	if (fk_fd >= 0)
		return;
	if ((fk_fd = mkstemp(fk_tmp)) < 0)
		fk_fail("mkstemp failed", fk_tmp);
	snprintf(fk_path, sizeof(fk_path), "/proc/self/fd/%d", fk_fd);
	if ((fd = open(fk_path, O_RDONLY)) >= 0) {
		close(fd);
		(void)unlink(fk_tmp);
		return;
	}
	snprintf(fk_path, sizeof(fk_path), "%s", fk_tmp);
	atexit(fk_unlink);
}

/* Where load_lines begins: past a UTF-8 byte order mark. */
static size_t
fk_start(const uint8_t *d, size_t n)
{
	return n >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

/* Lines as load_lines counts them: a last one without '\n' counts. */
static unsigned
fk_lines(const uint8_t *d, size_t n)
{
	unsigned lines = 0;
	size_t i = fk_start(d, n);

	if (i >= n)
		return 0;
	for (; i < n; i++)
		if (d[i] == '\n')
			lines++;
	if (d[n - 1] != '\n')
		lines++;
	return lines;
}

/*
 * Whether msg holds a run of FK_HEX_RUN hex digits that the input holds
 * too (in either case).  Numbers in messages are far shorter.
 */
FK_UNCOUNTED static int
fk_echoes(const struct fk_in *in, const char *msg)
{
	char w[FK_HEX_RUN];
	size_t i, j, run = 0;

	if (in->lower == NULL)
		return 0;
	for (i = 0; msg[i] != '\0'; i++) {
		if (!isxdigit((unsigned char)msg[i])) {
			run = 0;
			continue;
		}
		if (++run < FK_HEX_RUN)
			continue;
		for (j = 0; j < FK_HEX_RUN; j++)
			w[j] = (char)tolower((unsigned char)
			    msg[i + 1 - FK_HEX_RUN + j]);
		for (j = 0; j + FK_HEX_RUN <= in->size; j++)
			if (memcmp(in->lower + j, w, FK_HEX_RUN) == 0)
				return 1;
	}
	return 0;
}

/* Printable ASCII, no key bytes: what any message may hold. */
FK_UNCOUNTED static void
fk_check_text(const struct fk_in *in, const char *msg)
{
	const char *p;

	for (p = msg; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			fk_fail("a message with an unprintable byte", NULL);
	if (fk_echoes(in, msg))
		fk_fail("a message repeats hex digits of the file", msg);
}

/*
 * "PATH:LINE: " and the line number; 0 when msg does not begin so.
 * Numbers are decimal without a leading zero, as %u writes them.
 */
FK_UNCOUNTED static unsigned long
fk_line_of(const char *msg)
{
	size_t plen = strlen(fk_path);
	unsigned long line = 0;
	const char *p;

	if (strncmp(msg, fk_path, plen) != 0 || msg[plen] != ':')
		return 0;
	p = msg + plen + 1;
	if (*p < '1' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9') {
		line = line * 10 + (unsigned long)(*p++ - '0');
		if (line > UINT32_MAX)
			return 0;
	}
	if (p[0] != ':' || p[1] != ' ' || p[2] == '\0')
		return 0;
	return line;
}

/* "PATH: N more malformed lines not reported", N at least 1. */
FK_UNCOUNTED static int
fk_is_more(const char *msg)
{
	size_t plen = strlen(fk_path), n = strlen(msg), tail = strlen(FK_MORE);
	const char *p;

	if (strncmp(msg, fk_path, plen) != 0 || msg[plen] != ':' ||
	    msg[plen + 1] != ' ' || n < plen + 2 + tail ||
	    strcmp(msg + n - tail, FK_MORE) != 0)
		return 0;
	p = msg + plen + 2;
	if (*p < '1' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return p == msg + n - tail;
}

FK_UNCOUNTED static int
fk_is_perm(const char *msg)
{
	size_t plen = strlen(fk_path);

	return strncmp(msg, fk_path, plen) == 0 &&
	    strncmp(msg + plen, FK_PERM, strlen(FK_PERM)) == 0;
}

/* The warning callback: every message is checked, then kept. */
FK_UNCOUNTED static void
fk_warn(void *arg, const char *msg)
{
	struct fk_msgs *w = arg;

	if (strlen(msg) >= FK_MSG_LEN)
		fk_fail("a message longer than keys.c's buffer", msg);
	if (w->n >= FK_MSGS)
		fk_fail("more messages than the complaint cap allows", msg);
	snprintf(w->m[w->n++], FK_MSG_LEN, "%s", msg);
}

/*
 * One load's messages, in order, against the rules above.  whole: a
 * keystore_load, which may also warn about permissions and the cap;
 * otherwise one parser's call on one line.
 */
FK_UNCOUNTED static void
fk_check_msgs(const struct fk_in *in, const struct fk_msgs *w, int whole)
{
	int i, shown = 0, first = 0;
	unsigned long line;

	if (whole && w->n > 0 && fk_is_perm(w->m[0])) {
		if (!in->group_read)
			fk_fail("a permission warning for a private file",
			    w->m[0]);
		first = 1;
	} else if (whole && in->group_read)
		fk_fail("no permission warning for a file others may read",
		    NULL);
	for (i = 0; i < w->n; i++)
		fk_check_text(in, w->m[i]);
	for (i = first; i < w->n; i++) {
		if (whole && fk_is_more(w->m[i])) {
			if (i != w->n - 1 || shown != FK_SHOWN)
				fk_fail("the complaint count before the cap",
				    w->m[i]);
			continue;
		}
		if ((line = fk_line_of(w->m[i])) == 0)
			fk_fail("a message not of the form PATH:LINE: ...",
			    w->m[i]);
		if (line > in->lines)
			fk_fail("a message about a line past the end", w->m[i]);
		if (++shown > FK_SHOWN)
			fk_fail("more complaints than the cap", w->m[i]);
	}
}

/* The file for this input, with a mode its size picks. */
static void
fk_write(struct fk_in *in)
{
	mode_t mode;

	in->group_read = in->size % 5 == 4;
	mode = in->group_read ? 0640 : 0600;
	if (ftruncate(fk_fd, 0) != 0 || fchmod(fk_fd, mode) != 0)
		fk_fail("cannot rewrite the temporary file", fk_path);
	if (in->size > 0 && pwrite(fk_fd, in->data, in->size, 0) !=
	    (ssize_t)in->size)
		fk_fail("cannot write the temporary file", fk_path);
}

static size_t
fk_total(const struct keystore *ks)
{
	return keystore_count(ks, KEYS_IKEV1) + keystore_count(ks, KEYS_IKEV2) +
	    keystore_count(ks, KEYS_ESP);
}

/* The values the input spells, for lookups that find something. */
struct fk_vals {
	uint64_t	 u64[FK_U64];
	int		 n64;
	uint32_t	 u32[FK_U32];
	int		 n32;
	struct ip_addr	 addr[FK_ADDR + 2];
	int		 naddr;
};

static void
fk_add64(struct fk_vals *v, uint64_t x)
{
	int i;

	for (i = 0; i < v->n64; i++)
		if (v->u64[i] == x)
			return;
	if (v->n64 < FK_U64)
		v->u64[v->n64++] = x;
}

static void
fk_add32(struct fk_vals *v, uint32_t x)
{
	int i;

	for (i = 0; i < v->n32; i++)
		if (v->u32[i] == x)
			return;
	if (v->n32 < FK_U32)
		v->u32[v->n32++] = x;
}

static void
fk_addaddr(struct fk_vals *v, const char *s)
{
	struct ip_addr a;
	uint8_t b[16];
	int i;

	if (inet_pton(AF_INET, s, b) == 1)
		addr_set(&a, 4, b);
	else if (inet_pton(AF_INET6, s, b) == 1)
		addr_set(&a, 6, b);
	else
		return;
	for (i = 0; i < v->naddr; i++)
		if (addr_eq(&v->addr[i], &a))
			return;
	if (v->naddr < FK_ADDR)
		v->addr[v->naddr++] = a;
}

/*
 * Words of hex digits, 'x', '.' and ':': a 16-digit word (after "0x"
 * or not) is an IKE SPI or cookie, a number is an ESP SPI, and a word
 * inet_pton takes is an address.
 */
static void
fk_values(const struct fk_in *in, struct fk_vals *v)
{
	static const char word[] = "0123456789abcdefABCDEFxX.:";
	char s[48], *end;
	size_t i = 0, n;
	unsigned long long x;
	const char *h;

	memset(v, 0, sizeof(*v));
	while (i < in->size) {
		for (n = 0; i + n < in->size && in->data[i + n] != 0 &&
		    strchr(word, in->data[i + n]) != NULL; n++)
			;
		if (n == 0) {
			i++;
			continue;
		}
		if (n < sizeof(s)) {
			memcpy(s, in->data + i, n);
			s[n] = '\0';
			h = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ?
			    s + 2 : s;
			if (strlen(h) == 16 && strspn(h,
			    "0123456789abcdefABCDEF") == 16)
				fk_add64(v, strtoull(h, NULL, 16));
			else if (isdigit((unsigned char)s[0])) {
				x = strtoull(s, &end, 0);
				if (*end == '\0' && x <= UINT32_MAX)
					fk_add32(v, (uint32_t)x);
			}
			fk_addaddr(v, s);
		}
		i += n;
	}
	/* Addresses no line names: only patterns may match them. */
	addr_set(&v->addr[v->naddr++], 4, (const uint8_t *)"\xc0\x00\x02\x01");
	addr_set(&v->addr[v->naddr++], 6, (const uint8_t *)
	    "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01");
	fk_add32(v, 0x12345678);
}

/* The decryptor takes what the store says it decrypts. */
FK_UNCOUNTED static void
fk_check_alg(uint16_t encr, const uint8_t *ek, size_t eklen, uint16_t integ,
    const uint8_t *ik, size_t iklen, unsigned icv_len)
{
	struct crypt_alg a;
	struct crypt_info info;
	char why[160];

	memset(&a, 0, sizeof(a));
	a.encr = encr;
	a.ekey = ek;
	a.eklen = eklen;
	a.integ = integ;
	a.ikey = ik;
	a.iklen = iklen;
	if (crypt_check(&a, &info, why, sizeof(why)) != CRYPT_OK) {
		/* DES needs OpenSSL's legacy provider, which may be absent. */
		if (strstr(why, "not available in this libcrypto") != NULL)
			return;
		fk_fail("an SA the store loaded that crypt_check refuses",
		    why);
	}
	if (info.icv_len != icv_len)
		fk_fail("an SA whose ICV length is not its algorithm's", NULL);
}

static void
fk_check_ike1(const struct ike1_keys *k, uint64_t icookie)
{
	if (k->icookie != icookie)
		fk_fail("keystore_ikev1 gave another cookie's SA", NULL);
	if (k->key_len == 0 || k->key_len > KEYS_MAX)
		fk_fail("an IKEv1 key of impossible length", NULL);
}

static void
fk_check_ike2(const struct ike2_keys *k, uint64_t ispi, uint64_t rspi)
{
	int ok;

	if (k->ispi != ispi || k->rspi != rspi)
		fk_fail("keystore_ikev2 gave other SPIs' SA", NULL);
	if ((!k->have_i && !k->have_r) || k->encr_name == NULL ||
	    k->integ_name == NULL)
		fk_fail("an IKEv2 SA with no direction or no names", NULL);
	if (k->sk_ei_len > KEYS_MAX || k->sk_er_len > KEYS_MAX ||
	    k->sk_ai_len > KEYS_MAX || k->sk_ar_len > KEYS_MAX)
		fk_fail("an IKEv2 key longer than its array", NULL);
	if ((!k->have_i && (k->sk_ei_len || k->sk_ai_len)) ||
	    (!k->have_r && (k->sk_er_len || k->sk_ar_len)))
		fk_fail("keys for a direction the SA does not have", NULL);
	/* decrypt.c's alg_v2 hands these to crypt_ikev2_sk as they are. */
	ok = k->encr != KEYS_UNSUPPORTED && k->integ != KEYS_UNSUPPORTED &&
	    k->integ != KEYS_INTEG_UNCHECKED;
	if (ok && k->have_i)
		fk_check_alg(k->encr, k->sk_ei, k->sk_ei_len, k->integ,
		    k->sk_ai, k->sk_ai_len, k->icv_len);
	if (ok && k->have_r)
		fk_check_alg(k->encr, k->sk_er, k->sk_er_len, k->integ,
		    k->sk_ar, k->sk_ar_len, k->icv_len);
}

/* keys.c's prefix_match, written again. */
static int
fk_prefix(const struct ip_addr *want, unsigned plen, const struct ip_addr *a)
{
	unsigned i;

	if (want->family != 0 && want->family != a->family)
		return 0;
	for (i = 0; i < plen; i++)
		if (((want->a[i / 8] ^ a->a[i / 8]) & (0x80 >> (i % 8))) != 0)
			return 0;
	return 1;
}

static void
fk_check_esp(const struct esp_keys *k, const struct ip_addr *src,
    const struct ip_addr *dst, uint32_t spi)
{
	unsigned bits = k->src.family == 6 ? 128 : k->src.family == 4 ? 32 : 0;
	int unchecked = k->integ == KEYS_INTEG_UNCHECKED;

	if (k->src.family != k->dst.family || (k->src.family != 0 &&
	    k->src.family != 4 && k->src.family != 6))
		fk_fail("an ESP SA with addresses of two families", NULL);
	if (k->src_plen > bits || k->dst_plen > bits)
		fk_fail("an ESP SA prefix longer than its address", NULL);
	if ((k->spi & ~k->spi_mask) != 0)
		fk_fail("an ESP SA whose SPI has bits its mask has not", NULL);
	if ((spi & k->spi_mask) != k->spi ||
	    !fk_prefix(&k->src, k->src_plen, src) ||
	    !fk_prefix(&k->dst, k->dst_plen, dst))
		fk_fail("keystore_esp gave an SA that does not match", NULL);
	if (k->ekey_len > KEYS_MAX || k->ikey_len > KEYS_MAX ||
	    k->encr_name == NULL || k->integ_name == NULL)
		fk_fail("an ESP SA with a long key or no names", NULL);
	/* As decrypt.c's decrypt_esp: unchecked is no integrity. */
	if (k->encr != KEYS_UNSUPPORTED && k->integ != KEYS_UNSUPPORTED)
		fk_check_alg(k->encr, k->ekey, k->ekey_len,
		    unchecked ? IKEV2_INTEG_NONE : k->integ, k->ikey,
		    k->ikey_len, unchecked ? 0 : k->icv_len);
}

static void
fk_lookups(const struct keystore *ks, const struct fk_vals *v)
{
	const struct ike1_keys *k1;
	const struct ike2_keys *k2;
	const struct esp_keys *ke;
	int i, j, s;

	for (i = 0; i < v->n64; i++) {
		if ((k1 = keystore_ikev1(ks, v->u64[i])) != NULL)
			fk_check_ike1(k1, v->u64[i]);
		for (j = 0; j < v->n64; j++)
			if ((k2 = keystore_ikev2(ks, v->u64[i],
			    v->u64[j])) != NULL)
				fk_check_ike2(k2, v->u64[i], v->u64[j]);
	}
	for (i = 0; i < v->naddr; i++)
		for (j = 0; j < v->naddr; j++)
			for (s = 0; s < v->n32; s++)
				if ((ke = keystore_esp(ks, &v->addr[i],
				    &v->addr[j], v->u32[s])) != NULL)
					fk_check_esp(ke, &v->addr[i],
					    &v->addr[j], v->u32[s]);
}

/* Reading 1: the file through keystore_load, as ikewatch --keys reads it. */
static void
fk_load(struct fk_in *in)
{
	static struct fk_msgs w1, w2;
	struct keystore *ks, *quiet;
	struct fk_vals v;
	char err[512];
	int rc, rc2, i;

	w1.n = w2.n = 0;
	err[0] = '\0';
	if ((ks = keystore_new()) == NULL || (quiet = keystore_new()) == NULL)
		fk_fail("out of memory", NULL);
	rc = keystore_load(ks, fk_path, fk_warn, &w1, err, sizeof(err));
	if (rc < 0) {
		/* A capture file: said in err, and nothing else. */
		if (w1.n != 0 || fk_total(ks) != 0 ||
		    strncmp(err, fk_path, strlen(fk_path)) != 0)
			fk_fail("a refused file that warned or loaded", err);
		fk_check_text(in, err);
		goto out;
	}
	fk_check_msgs(in, &w1, 1);
	if ((size_t)rc != fk_total(ks))
		fk_fail("keystore_load's count is not the store's", NULL);
	if (keystore_count(ks, KEYS_IKEV1) + keystore_count(ks, KEYS_IKEV2) >
	    in->lines)
		fk_fail("more IKE SAs than lines", NULL);
	if (keystore_count(ks, KEYS_ESP) > (size_t)in->lines + in->commas)
		fk_fail("more ESP SAs than lines and commas", NULL);

	/* The same file again: nothing new, and the same words. */
	rc2 = keystore_load(ks, fk_path, fk_warn, &w2, err, sizeof(err));
	if (rc2 != 0 || (size_t)rc != fk_total(ks))
		fk_fail("a file loaded twice added SAs the second time", NULL);
	if (w2.n != w1.n)
		fk_fail("a file loaded twice warned differently", NULL);
	for (i = 0; i < w1.n; i++)
		if (strcmp(w1.m[i], w2.m[i]) != 0)
			fk_fail("a file loaded twice warned differently",
			    w2.m[i]);

	/* No callback: the same entries. */
	if (keystore_load(quiet, fk_path, NULL, NULL, err, sizeof(err)) !=
	    rc || fk_total(quiet) != (size_t)rc)
		fk_fail("a load without a callback loaded otherwise", NULL);

	fk_values(in, &v);
	fk_lookups(ks, &v);
out:
	keystore_free(quiet);
	keystore_free(ks);
}

/* One parser over a copy of one line; what it said is checked. */
static void
fk_parse(const struct fk_in *in, struct kload *kl, const uint8_t *s, size_t n,
    int which)
{
	static struct fk_msgs w;
	/* A block for the line to be a field of, as iproute2 begins one. */
	static const char block[] = "src 192.0.2.1 dst 198.51.100.2";
	char *copy, b[sizeof(block)];

	if ((copy = malloc(n + 1)) == NULL)
		fk_fail("out of memory", NULL);
	memcpy(copy, s, n);
	copy[n] = '\0';
	w.n = 0;
	kl->warn = fk_warn;
	kl->arg = &w;
	kl->nbad = 0;
	switch (which) {
	case 0:
		kf_csv(kl, copy);
		break;
	case 1:
		kf_tcpdump_ike(kl, copy);
		break;
	case 2:
		kf_tcpdump_esp(kl, copy);
		break;
	case 3:
		kf_xfrm_begin(kl, copy);
		kf_xfrm_end(kl);
		break;
	default:
		memcpy(b, block, sizeof(b));
		kf_xfrm_begin(kl, b);
		kf_xfrm_field(kl, copy);
		kf_xfrm_end(kl);
	}
	fk_check_msgs(in, &w, 0);
	free(copy);
}

/*
 * Reading 2: each line alone, in a block of its exact length, through
 * every parser, whatever load_line would have chosen.  Lines with a
 * NUL byte never reach a parser.
 */
static void
fk_parsers(const struct fk_in *in)
{
	struct kload kl;
	const uint8_t *s, *end = in->data + in->size, *nl;
	size_t n, lead;
	int which;

	memset(&kl, 0, sizeof(kl));
	if ((kl.ks = keystore_new()) == NULL)
		fk_fail("out of memory", NULL);
	kl.path = fk_path;
	for (s = in->data + fk_start(in->data, in->size); s < end;
	    s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		n = (size_t)(nl - s);
		kl.line++;
		if (n > FK_LINE_MAX || memchr(s, '\0', n) != NULL)
			continue;
		/* As load_line: no trailing blanks, CR, or leading blanks. */
		while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' ||
		    s[n - 1] == '\t'))
			n--;
		fk_parse(in, &kl, s, n, 4);
		for (lead = 0; lead < n && (s[lead] == ' ' || s[lead] == '\t');
		    lead++)
			;
		if (lead == n || s[lead] == '#')
			continue;
		for (which = 0; which < 4; which++)
			fk_parse(in, &kl, s + lead, n - lead, which);
	}
	keystore_free(kl.ks);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fk_in in;
	size_t i;

	fk_file();
	memset(&in, 0, sizeof(in));
	in.data = data;
	in.size = size;
	in.lines = fk_lines(data, size);
	for (i = 0; i < size; i++)
		if (data[i] == ',')
			in.commas++;
	if (size > 0 && (in.lower = malloc(size)) == NULL)
		fk_fail("out of memory", NULL);
	for (i = 0; i < size; i++)
		in.lower[i] = (char)tolower(data[i]);
	fk_write(&in);
	fk_load(&in);
	fk_parsers(&in);
	free(in.lower);
	return 0;
}
