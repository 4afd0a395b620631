/*
 * test_vendor.c: Vendor ID names.  The byte strings below are copied
 * from the RFCs and from public captures and tables (Wireshark, ike-scan,
 * strongSwan), not produced from vendor_ids.def, so that an error in the
 * table cannot agree with itself.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "dissect/hex.h"
#include "dissect/vendor.h"
#include "tests/unit/suites.h"

struct known_vid {
	const char	*hex;
	const char	*want;		/* substring of the name */
	unsigned	 features;
};

static const struct known_vid known[] = {
	/* RFC 3947 section 3.1 */
	{ "4a131c81070358455c5728f20e95452f", "RFC 3947", VID_F_NATT },
	/* NAT-T drafts: the -02 one hashed with a newline, and -03 */
	{ "90cb80913ebb696e086381b5ec427b1f", "nat-t-ike-02", VID_F_NATT },
	{ "7d9419a65310ca6f2c179d9215529d56", "nat-t-ike-03", VID_F_NATT },
	{ "4485152d18b6bbcd0be8a8469579ddcc", "nat-t-ike-00", VID_F_NATT },
	/* RFC 3706 section 7 */
	{ "afcad71368a1f1c96b8696fc77570100", "Dead Peer Detection 1.0",
	    VID_F_DPD },
	/* XAUTH, 8 bytes */
	{ "09002689dfd6b712", "XAUTH", VID_F_XAUTH },
	/* Cisco Unity 1.0 */
	{ "12f5f28c457168a9702d9fe274cc0100", "Cisco Unity 1.0", VID_F_UNITY },
	/* Cisco/Microsoft IKE fragmentation, as strongSwan sends it */
	{ "4048b7d56ebce88525e7de7f00d6c2d3", "Fragmentation", VID_F_FRAG },
	/* Windows 7 (strongSwan's ike_vendor.c) */
	{ "1e2b516905991c7d7c96fcbfb587e46100000007", "Windows 7", 0 },
	{ "26244d38eddb61b3172a36e3d0cfb819", "Initial-Contact", 0 },
	{ "fb1de3cdf341b7ea16b7e5be0855f120", "Negotiation Discovery", 0 },
	{ "e3a5966a76379fe707228231e5ce8652", "CGA", 0 },
	{ "882fe56d6fd20dbc2251613b2ebe5beb", "strongSwan", 0 },
	{ "9e10a0d4205edc6c90bd5381a53c2d2b", "strongSwan 5.1.1", 0 },
	{ "7003cbc1097dbe9c2600ba6983bc8b35", "KAME/racoon", 0 },
	{ "299ee8289f40a8973bc78687e2e7226b532c3b76", "NetScreen", 0 },
	{ "fd808804df73b15150709d878044cde0ac1efcde", "Juniper SRX", 0 },
	/* "CISCO-DELETE-REASON" and "FLEXVPN-SUPPORTED" in ASCII */
	{ "434953434f2d44454c4554452d524541534f4e", "Delete Reason", 0 },
	{ "464c455856504e2d535550504f52544544", "FlexVPN", 0 },
	{ "054182a07c7ae206f9d2cf9d2432c482", "SSH Sentinel", 0 },
	{ "f6f7efc7f5aeb8cb158cb9d094ba69e7", "VPN 3000 Client", 0 },
	/* pluto's "OSW"/"OEN" Vendor IDs (ike-scan's table) */
	{ "4f53577666617a6f6355505a", "Openswan 2.6.40", 0 },
	{ "4f454e5f52685050487b645e", "Libreswan 3.5", 0 },
	{ "4f4548724b6e5e68557c604f", "Openswan 2.2.0", 0 },
	{ "404bf439522ca3f6", "SonicWall", 0 },
	{ "1d6e178f6c2c0be284985465450fe9d4", "Forti", 0 },
	{ "8404adf9cda05760b2ca292e4bff537b", "Sidewinder", 0 },
};

/* Bytes of a hex string, or -1 when it is not one or does not fit. */
static long
unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	int hi, lo;

	while (*s != '\0') {
		if (n == max || (hi = hex_digit(s[0])) < 0 ||
		    (lo = hex_digit(s[1])) < 0)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return (long)n;
}

static int
md5(const char *text, uint8_t out[16])
{
	unsigned int len = 0;

	return EVP_Digest(text, strlen(text), out, &len, EVP_md5(),
	    NULL) == 1 && len == 16;
}

/* Looks hex up; returns the name, or "" when unknown. */
static const char *
lookup(const char *hex, unsigned *features)
{
	static char name[VID_NAME_MAX];
	uint8_t b[128];
	long n = unhex(hex, b, sizeof(b));

	CU_ASSERT_FATAL(n > 0);
	if (vendor_id_name(b, (size_t)n, name, sizeof(name)) == 0)
		CU_ASSERT_STRING_EQUAL(name, "");
	if (features != NULL)
		*features = vendor_id_features(b, (size_t)n);
	return name;
}

static void
test_known(void)
{
	size_t i;
	unsigned f;
	const char *n;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		n = lookup(known[i].hex, &f);
		if (strstr(n, known[i].want) == NULL) {
			fprintf(stderr, "\n  %s: got \"%s\", want \"%s\"\n",
			    known[i].hex, n, known[i].want);
			CU_FAIL("known Vendor ID misnamed");
		}
		CU_ASSERT_EQUAL(f, known[i].features);
	}
}

/* Prefix entries, and the versions vendors append to them. */
static void
test_prefix_versions(void)
{
	unsigned f;

	/* Check Point: product 1 (Firewall-1), version 5002 (NG FP2). */
	CU_ASSERT_STRING_EQUAL(lookup("f4ed19e0c114eb516faaac0ee37daf2807b4381f"
	    "00000001" "0000138a" "00000000" "00000000" "00000000", NULL),
	    "Check Point (Firewall-1 NG Feature Pack 2)");
	/* Unlisted product and version print as numbers. */
	CU_ASSERT_STRING_EQUAL(lookup("f4ed19e0c114eb516faaac0ee37daf2807b4381f"
	    "00000009" "00002710", NULL),
	    "Check Point (product 9 version 10000)");
	/* The 20-byte prefix alone is still Check Point. */
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup(
	    "f4ed19e0c114eb516faaac0ee37daf2807b4381f", NULL), "Check Point"));
	/* Cisco VPN 3000 4.0.7 (seen on the wire, listed by ike-scan) */
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup(
	    "1f07f70eaa6514d3b0fa96542a500407", NULL), "4.0.7"));
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup(
	    "12f5f28c457168a9702d9fe274cc0102", &f), "Cisco Unity 1.2"));
	CU_ASSERT_EQUAL(f, VID_F_UNITY);
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup(
	    "1e2b516905991c7d7c96fcbfb587e46100000002", NULL),
	    "Windows 2000"));
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup(
	    "1e2b516905991c7d7c96fcbfb587e461000000ff", NULL),
	    "version 255"));
	/* Cisco sends fragmentation with flag bytes after the digest. */
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup(
	    "4048b7d56ebce88525e7de7f00d6c2d3c0000000", &f), "c0000000"));
	CU_ASSERT_EQUAL(f, VID_F_FRAG);
	/* A longer XAUTH form: the 8-byte prefix still holds. */
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup(
	    "09002689dfd6b71280a224dec33b81e5", &f), "XAUTH"));
	CU_ASSERT_EQUAL(f, VID_F_XAUTH);
	/* "TIMESTEP 1 SGW 1520 315 2.01E013" */
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup("54494d455354455020312053475720"
	    "313532302033313520322e303145303133", NULL), "2.01E013"));
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup(
	    "8299031757a36082c6a621de000502d7", NULL),
	    "release 5 build 727"));
	/* SafeNet SoftRemote 8.0.0: the version is text in the tail. */
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup("47bbe7c993f1fc13b4e6d0db565c68e5"
	    "010201010201010310382e302e3020284275696c6420313029000000", NULL),
	    "8.0.0 (Build 10)"));
}

/* pluto Vendor IDs: known texts, '_' for 0x7f, unknown versions. */
static void
test_pluto(void)
{
	/* Openswan 2.6.23 ends in 0x7f; some builds send '_' instead. */
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup("4f456d406b6753464548407f", NULL),
	    "Openswan 2.6.23"));
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup("4f456d406b6753464548405f", NULL),
	    "Openswan 2.6.23"));
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup("4f454e414243444546474849", NULL),
	    "unknown version"));
	CU_ASSERT_PTR_NOT_NULL(strstr(lookup("4f5357414243444546474849", NULL),
	    "Openswan"));
	/* "OE" but not folded into 0x40-0x7f: not pluto's. */
	CU_ASSERT_STRING_EQUAL(lookup("4f4500000000000000000000", NULL), "");
	/* Pluto shape but 13 bytes long. */
	CU_ASSERT_STRING_EQUAL(lookup("4f53577666617a6f6355505a41", NULL), "");
}

/* The digests are computed at run time from the texts that define them. */
static void
test_md5_derived(void)
{
	uint8_t d[16], want[16];
	char name[VID_NAME_MAX];

	CU_ASSERT_FATAL(unhex("4a131c81070358455c5728f20e95452f", want,
	    sizeof(want)) == 16);
	CU_ASSERT_FATAL(md5("RFC 3947", d));
	CU_ASSERT_EQUAL(memcmp(d, want, 16), 0);
	CU_ASSERT_EQUAL(vendor_id_name(d, 16, name, sizeof(name)), 1);
	CU_ASSERT_EQUAL(vendor_id_features(d, 16), VID_F_NATT);

	CU_ASSERT_FATAL(md5("draft-ietf-ipsec-nat-t-ike-05", d));
	CU_ASSERT_EQUAL(vendor_id_features(d, 16), VID_F_NATT);
	CU_ASSERT_FATAL(md5("strongSwan 4.3.6", d));
	CU_ASSERT_EQUAL(vendor_id_name(d, 16, name, sizeof(name)), 1);
	CU_ASSERT_STRING_EQUAL(name, "strongSwan 4.3.6");
	/* Unity is the digest cut to 14 bytes plus the version. */
	CU_ASSERT_FATAL(md5("CISCO-UNITY", d));
	d[14] = 1;
	d[15] = 0;
	CU_ASSERT_EQUAL(vendor_id_features(d, 16), VID_F_UNITY);
}

static void
test_unknown(void)
{
	char name[VID_NAME_MAX] = "x";
	uint8_t d[16];

	CU_ASSERT_STRING_EQUAL(lookup("00112233445566778899aabbccddeeff",
	    NULL), "");
	CU_ASSERT_FATAL(md5("not a vendor id of anyone", d));
	CU_ASSERT_EQUAL(vendor_id_name(d, 16, name, sizeof(name)), 0);
	CU_ASSERT_STRING_EQUAL(name, "");
	CU_ASSERT_EQUAL(vendor_id_features(d, 16), 0);
	/* One byte off RFC 3947's. */
	CU_ASSERT_STRING_EQUAL(lookup("4a131c81070358455c5728f20e95452e",
	    NULL), "");
	/* RFC 3947 with a byte appended: the entry is exact, not a prefix. */
	CU_ASSERT_STRING_EQUAL(lookup("4a131c81070358455c5728f20e95452f00",
	    NULL), "");
}

static void
test_short(void)
{
	static const uint8_t xauth[8] = {
		0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12
	};
	char name[VID_NAME_MAX] = "x", small[8];

	CU_ASSERT_EQUAL(vendor_id_name(NULL, 16, name, sizeof(name)), 0);
	CU_ASSERT_STRING_EQUAL(name, "");
	CU_ASSERT_EQUAL(vendor_id_name(xauth, 0, name, sizeof(name)), 0);
	CU_ASSERT_EQUAL(vendor_id_features(NULL, 0), 0);
	/* One byte short of each prefix. */
	CU_ASSERT_EQUAL(vendor_id_name(xauth, 7, name, sizeof(name)), 0);
	CU_ASSERT_STRING_EQUAL(lookup("12f5f28c457168a9702d9fe274", NULL), "");
	CU_ASSERT_STRING_EQUAL(lookup(
	    "f4ed19e0c114eb516faaac0ee37daf2807b438", NULL), "");
	/* A prefix entry with nothing after it: no version, no crash. */
	CU_ASSERT_STRING_EQUAL(lookup("1e2b516905991c7d7c96fcbfb587e461",
	    NULL), "MS NT5 ISAKMPOAKLEY");
	CU_ASSERT_STRING_EQUAL(lookup("12f5f28c457168a9702d9fe274cc", NULL),
	    "Cisco Unity");
	/* A small buffer truncates the name; a zero one is left alone. */
	CU_ASSERT_EQUAL(vendor_id_name(xauth, 8, small, sizeof(small)), 1);
	CU_ASSERT_STRING_EQUAL(small, "XAUTH");
	CU_ASSERT_EQUAL(vendor_id_name(xauth, 8, small, 3), 1);
	CU_ASSERT_STRING_EQUAL(small, "XA");
	CU_ASSERT_EQUAL(vendor_id_name(xauth, 8, NULL, 0), 1);
}

/*
 * The table itself, expanded here independently of vendor.c: every
 * entry well formed, no byte string twice, and each entry found under
 * its own name (a shorter prefix must not shadow it).
 */
struct def_entry {
	const char	*name;
	const char	*a;		/* hex, MD5 text or pluto marker */
	const char	*b;		/* pluto text */
	int		 kind;
	int		 nbytes;
};

static const struct def_entry defs[] = {
#define VID_HEX(n, hex, m, f, d)	{ n, hex, NULL, 0, 0 },
#define VID_MD5(n, t, nb, m, f, d)	{ n, t, NULL, 1, nb },
#define VID_PLUTO(n, mk, t)		{ n, mk, t, 2, 12 },
#include "dissect/vendor_ids.def"
#undef VID_HEX
#undef VID_MD5
#undef VID_PLUTO
};

#define NDEFS	(sizeof(defs) / sizeof(defs[0]))

/* Entry bytes into out; 0 for a pluto family entry, -1 when malformed. */
static long
def_bytes(const struct def_entry *e, uint8_t out[64])
{
	uint8_t d[16];
	size_t ml, i;

	switch (e->kind) {
	case 0:
		return unhex(e->a, out, 64);
	case 1:
		if (e->nbytes < 1 || e->nbytes > 16 || !md5(e->a, d))
			return -1;
		memcpy(out, d, (size_t)e->nbytes);
		return e->nbytes;
	default:
		ml = strlen(e->a);
		if (ml < 2 || ml > 3)
			return -1;
		if (e->b[0] == '\0')
			return 0;
		if (!md5(e->b, d))
			return -1;
		memcpy(out, e->a, ml);
		memcpy(out + ml, d, 12 - ml);
		for (i = 0; i < 12; i++)
			out[i] = (out[i] & 0x7f) | 0x40;
		return 12;
	}
}

static void
test_table(void)
{
	static uint8_t bytes[NDEFS][64];
	static long len[NDEFS];
	char name[VID_NAME_MAX];
	size_t i, j;

	CU_ASSERT(vendor_id_count() >= 120);
	CU_ASSERT_EQUAL(vendor_id_count(), NDEFS);
	for (i = 0; i < NDEFS; i++) {
		len[i] = def_bytes(&defs[i], bytes[i]);
		if (len[i] < 0) {
			fprintf(stderr, "\n  malformed: %s\n", defs[i].name);
			CU_FAIL("malformed vendor_ids.def entry");
			continue;
		}
		if (len[i] == 0)
			continue;
		for (j = 0; j < i; j++)
			if (len[j] == len[i] &&
			    memcmp(bytes[j], bytes[i], (size_t)len[i]) == 0) {
				fprintf(stderr, "\n  twice: %s, %s\n",
				    defs[j].name, defs[i].name);
				CU_FAIL("byte string twice in vendor_ids.def");
			}
		if (vendor_id_name(bytes[i], (size_t)len[i], name,
		    sizeof(name)) != 1 ||
		    strncmp(name, defs[i].name, strlen(defs[i].name)) != 0) {
			fprintf(stderr, "\n  %s found as %s\n", defs[i].name,
			    name);
			CU_FAIL("entry shadowed by another");
		}
	}
}

int
suite_vendor(void)
{
	static const struct test_def t[] = {
		{ "known Vendor IDs by their bytes", test_known },
		{ "prefixes and decoded versions", test_prefix_versions },
		{ "FreeS/WAN family Vendor IDs", test_pluto },
		{ "MD5-defined entries", test_md5_derived },
		{ "unknown Vendor IDs", test_unknown },
		{ "short input and small buffers", test_short },
		{ "table well formed, no duplicates", test_table },
	};

	return SUITE("vendor", t);
}
