/*
 * vendor.c: names for Vendor ID payloads (IKEv1 VID, RFC 2408 3.16;
 * IKEv2 V, RFC 7296 3.12) from the table in vendor_ids.def.
 *
 * The table is built on first use: hex strings parsed, MD5 digests
 * computed through OpenSSL's EVP interface.  ikewatch dissects on one
 * thread, so the lazy build needs no lock.  A lookup walks every entry
 * and keeps the most specific match: a few hundred entries against a
 * handful of Vendor IDs per exchange cost less than keeping an index
 * in step with the table.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "dissect/hex.h"
#include "dissect/vendor.h"

/* Longest fixed part in the table (Cisco's copyright string is 55). */
#define VID_BYTES_MAX	64
/* FreeS/WAN-family Vendor IDs are always 12 bytes (pluto's vendorid). */
#define PLUTO_VID_LEN	12
/* MD5 digest size. */
#define VID_MD5_LEN	16

enum vid_kind {
	VID_K_HEX,
	VID_K_MD5,
	VID_K_PLUTO
};

enum vid_match {
	VID_EXACT,
	VID_PREFIX
};

enum vid_dec {
	VID_DEC_NONE,
	VID_DEC_MAJMIN,
	VID_DEC_ALTIGA,
	VID_DEC_MSWIN,
	VID_DEC_CHECKPOINT,
	VID_DEC_FORTINET,
	VID_DEC_ASCII,
	VID_DEC_HEX
};

struct vid_def {
	const char	*name;
	const char	*data;		/* hex, MD5 input, or Pluto marker */
	const char	*text;		/* Pluto version text; "" for any */
	uint8_t		 kind;
	uint8_t		 match;
	uint8_t		 nbytes;	/* MD5 digest bytes kept */
	uint8_t		 dec;
	unsigned	 features;
};

static const struct vid_def vid_defs[] = {
#define VID_HEX(n, hex, m, f, d)	{ n, hex, NULL, VID_K_HEX, m, 0, d, f },
#define VID_MD5(n, t, nb, m, f, d)	{ n, t, NULL, VID_K_MD5, m, nb, d, f },
#define VID_PLUTO(n, mk, t) \
	{ n, mk, t, VID_K_PLUTO, VID_EXACT, 0, VID_DEC_NONE, 0 },
#include "dissect/vendor_ids.def"
#undef VID_HEX
#undef VID_MD5
#undef VID_PLUTO
};

#define VID_COUNT	(sizeof(vid_defs) / sizeof(vid_defs[0]))

/* The bytes of each entry; len 0 marks an entry that failed to build. */
struct vid_bytes {
	uint8_t		 b[VID_BYTES_MAX];
	size_t		 len;
	int		 family;	/* Pluto marker only: any version */
};

static struct vid_bytes vid_tab[VID_COUNT];
static int vid_built;

static size_t
vid_parse_hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	int hi, lo;

	while (s[0] != '\0') {
		if (n == max || (hi = hex_digit(s[0])) < 0 ||
		    (lo = hex_digit(s[1])) < 0)
			return 0;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return n;
}

static int
vid_md5(const char *text, uint8_t md[VID_MD5_LEN])
{
	unsigned int mdlen = 0;

	/* EVP_md5() is refused in a FIPS-only provider setup: no entry. */
	if (EVP_Digest(text, strlen(text), md, &mdlen, EVP_md5(), NULL) != 1 ||
	    mdlen != VID_MD5_LEN)
		return 0;
	return 1;
}

/*
 * pluto's vendorid: the marker, then the start of MD5(version text),
 * each byte folded into 0x40-0x7f so that the ID prints as text.
 */
static size_t
vid_pluto(const char *marker, const char *text, uint8_t *out)
{
	uint8_t md[VID_MD5_LEN];
	size_t mlen = strlen(marker), i;

	if (mlen >= PLUTO_VID_LEN || !vid_md5(text, md))
		return 0;
	memcpy(out, marker, mlen);
	memcpy(out + mlen, md, PLUTO_VID_LEN - mlen);
	for (i = 0; i < PLUTO_VID_LEN; i++)
		out[i] = (out[i] & 0x7f) | 0x40;
	return PLUTO_VID_LEN;
}

static void
vid_build_one(const struct vid_def *d, struct vid_bytes *t)
{
	uint8_t md[VID_MD5_LEN];

	t->len = 0;
	t->family = 0;
	switch (d->kind) {
	case VID_K_HEX:
		t->len = vid_parse_hex(d->data, t->b, sizeof(t->b));
		break;
	case VID_K_MD5:
		if (d->nbytes == 0 || d->nbytes > VID_MD5_LEN ||
		    !vid_md5(d->data, md))
			break;
		memcpy(t->b, md, d->nbytes);
		t->len = d->nbytes;
		break;
	case VID_K_PLUTO:
		if (d->text[0] != '\0') {
			t->len = vid_pluto(d->data, d->text, t->b);
			break;
		}
		t->len = strlen(d->data);
		if (t->len >= PLUTO_VID_LEN)
			t->len = 0;
		else
			memcpy(t->b, d->data, t->len);
		t->family = 1;
		break;
	}
}

static void
vid_build(void)
{
	size_t i;

	if (vid_built)
		return;
	for (i = 0; i < VID_COUNT; i++)
		vid_build_one(&vid_defs[i], &vid_tab[i]);
	vid_built = 1;
}

/* Some pluto releases turn the folded 0x7f into '_'. */
static int
vid_pluto_equal(const uint8_t *want, const uint8_t *got)
{
	size_t i;

	for (i = 0; i < PLUTO_VID_LEN; i++)
		if (want[i] != got[i] && !(want[i] == 0x7f && got[i] == '_'))
			return 0;
	return 1;
}

static int
vid_pluto_shaped(const uint8_t *vid, size_t len)
{
	size_t i;

	if (len != PLUTO_VID_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (vid[i] < 0x40 || vid[i] > 0x7f)
			return 0;
	return 1;
}

/*
 * How specific entry i is for this payload: 0 when it does not match,
 * else twice the bytes it fixes, plus one for an exact match, so that
 * the longer prefix wins and an exact entry beats a prefix of equal
 * length.
 */
static size_t
vid_score(size_t i, const uint8_t *vid, size_t len)
{
	const struct vid_def *d = &vid_defs[i];
	const struct vid_bytes *t = &vid_tab[i];

	if (t->len == 0 || len < t->len)
		return 0;
	if (d->kind == VID_K_PLUTO) {
		if (t->family)
			return vid_pluto_shaped(vid, len) &&
			    memcmp(vid, t->b, t->len) == 0 ? 2 * t->len : 0;
		return len == PLUTO_VID_LEN && vid_pluto_equal(t->b, vid) ?
		    2 * t->len + 1 : 0;
	}
	if (memcmp(vid, t->b, t->len) != 0)
		return 0;
	if (d->match == VID_EXACT)
		return len == t->len ? 2 * t->len + 1 : 0;
	return 2 * t->len;
}

/* Index of the best entry, or VID_COUNT when none matches. */
static size_t
vid_lookup(const uint8_t *vid, size_t len)
{
	size_t i, best = VID_COUNT, best_score = 0, s;

	if (vid == NULL || len == 0)
		return VID_COUNT;
	vid_build();
	for (i = 0; i < VID_COUNT; i++)
		if ((s = vid_score(i, vid, len)) > best_score) {
			best_score = s;
			best = i;
		}
	return best;
}

static uint32_t
vid_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

struct vid_num_name {
	uint32_t	 v;
	const char	*name;
};

/* MS NT5 ISAKMPOAKLEY release numbers ([MS-IKEE] appendix; ike-scan). */
static const struct vid_num_name vid_mswin[] = {
	{ 2, "Windows 2000" },
	{ 3, "Windows XP SP1" },
	{ 4, "Windows Server 2003 or XP SP2" },
	{ 5, "Windows Vista" },
	{ 6, "Windows Server 2008" },
	{ 7, "Windows 7" },
	{ 8, "Windows Server 2008 R2" },
	{ 9, "Windows 8 or Server 2012" },
	{ 0, NULL }
};

/* Check Point product and version words, as Wireshark decodes them. */
static const struct vid_num_name vid_cp_product[] = {
	{ 1, "Firewall-1" },
	{ 2, "SecuRemote/SecureClient" },
	{ 0, NULL }
};

static const struct vid_num_name vid_cp_version[] = {
	{ 2, "4.1" },
	{ 3, "4.1 SP-1" },
	{ 4002, "4.1 (SP-2 or above)" },
	{ 5000, "NG" },
	{ 5001, "NG Feature Pack 1" },
	{ 5002, "NG Feature Pack 2" },
	{ 5003, "NG Feature Pack 3" },
	{ 5004, "NG with Application Intelligence" },
	{ 5005, "NG with Application Intelligence R55" },
	{ 5006, "NG with Application Intelligence R56" },
	{ 0, NULL }
};

static const char *
vid_num_lookup(const struct vid_num_name *t, uint32_t v)
{
	for (; t->name != NULL; t++)
		if (t->v == v)
			return t->name;
	return NULL;
}

/* Appends s to the string in out, truncating at outlen. */
static void
vid_append(char *out, size_t outlen, const char *s)
{
	size_t used = strlen(out);

	if (used + 1 < outlen)
		snprintf(out + used, outlen - used, "%s", s);
}

/* The table's name for v, or what and v as a number, written into buf. */
static const char *
vid_num_name(const struct vid_num_name *t, uint32_t v, const char *what,
    char *buf, size_t len)
{
	const char *n = vid_num_lookup(t, v);

	if (n != NULL)
		return n;
	snprintf(buf, len, "%s %u", what, v);
	return buf;
}

/* The first run of printable text in the tail, trimmed. */
static void
vid_dec_ascii(char *out, size_t outlen, const uint8_t *p, size_t n)
{
	char buf[48];
	size_t i = 0, k = 0;

	while (i < n && (p[i] <= ' ' || p[i] > '~'))
		i++;
	while (i < n && p[i] >= ' ' && p[i] <= '~' && k + 1 < sizeof(buf))
		buf[k++] = (char)p[i++];
	while (k > 0 && buf[k - 1] == ' ')
		k--;
	buf[k] = '\0';
	if (k == 0)
		return;
	vid_append(out, outlen, " (");
	vid_append(out, outlen, buf);
	vid_append(out, outlen, ")");
}

static void
vid_dec_hex(char *out, size_t outlen, const uint8_t *p, size_t n)
{
	/* Sixteen bytes say enough; a longer tail ends in "...". */
	char buf[2 * 16 + 8];
	size_t i, k = 0;

	if (n == 0)
		return;
	buf[k++] = ' ';
	buf[k++] = '(';
	for (i = 0; i < n && i < 16; i++) {
		snprintf(buf + k, sizeof(buf) - k, "%02x", p[i]);
		k += 2;
	}
	snprintf(buf + k, sizeof(buf) - k, "%s)", n > 16 ? "..." : "");
	vid_append(out, outlen, buf);
}

/* Turns the bytes after the matched part into text (see the .def). */
static void
vid_decode(int dec, char *out, size_t outlen, const uint8_t *p, size_t n)
{
	char buf[96], b1[24], b2[24];

	switch (dec) {
	case VID_DEC_MAJMIN:
		if (n < 2)
			return;
		snprintf(buf, sizeof(buf), " %u.%u", p[0], p[1]);
		vid_append(out, outlen, buf);
		break;
	case VID_DEC_ALTIGA:
		/* Observed: 03 05 is 3.0.5, 04 07 is 4.0.7. */
		if (n < 2)
			return;
		snprintf(buf, sizeof(buf), " %u.%u.%u", p[0], p[1] >> 4,
		    p[1] & 0x0f);
		vid_append(out, outlen, buf);
		break;
	case VID_DEC_MSWIN:
		if (n < 4)
			return;
		snprintf(buf, sizeof(buf), " (%s)", vid_num_name(vid_mswin,
		    vid_be32(p), "version", b1, sizeof(b1)));
		vid_append(out, outlen, buf);
		break;
	case VID_DEC_CHECKPOINT:
		if (n < 8)
			return;
		snprintf(buf, sizeof(buf), " (%s %s)",
		    vid_num_name(vid_cp_product, vid_be32(p), "product", b1,
		    sizeof(b1)), vid_num_name(vid_cp_version, vid_be32(p + 4),
		    "version", b2, sizeof(b2)));
		vid_append(out, outlen, buf);
		break;
	case VID_DEC_FORTINET:
		if (n < 4)
			return;
		snprintf(buf, sizeof(buf), " release %u build %u",
		    (unsigned)(p[0] << 8 | p[1]), (unsigned)(p[2] << 8 | p[3]));
		vid_append(out, outlen, buf);
		break;
	case VID_DEC_ASCII:
		vid_dec_ascii(out, outlen, p, n);
		break;
	case VID_DEC_HEX:
		vid_dec_hex(out, outlen, p, n);
		break;
	default:
		break;
	}
}

int
vendor_id_name(const uint8_t *vid, size_t len, char *out, size_t outlen)
{
	size_t i = vid_lookup(vid, len);

	if (outlen > 0)
		out[0] = '\0';
	if (i == VID_COUNT)
		return 0;
	if (outlen > 0) {
		snprintf(out, outlen, "%s", vid_defs[i].name);
		vid_decode(vid_defs[i].dec, out, outlen, vid + vid_tab[i].len,
		    len - vid_tab[i].len);
	}
	return 1;
}

unsigned
vendor_id_features(const uint8_t *vid, size_t len)
{
	size_t i = vid_lookup(vid, len);

	return i == VID_COUNT ? 0 : vid_defs[i].features;
}

size_t
vendor_id_count(void)
{
	return VID_COUNT;
}
