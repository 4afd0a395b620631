#!/usr/bin/env python3
"""mkbench.py: write a large benchmark capture from the lab's captures.

    mkbench.py [--tunnels N] [--packets P] [--seed S] [--window SECONDS]
               [--pcaps DIR] [-v] -o FILE

Each tunnel replays the real packets of one of the lab's captures (its
template), with addresses, IKE SPIs and ESP SPIs of its own:

  ikev2-healthy               IKE_SA_INIT, IKE_AUTH, ESP both ways, Delete
  ikev1-main-healthy          Main Mode, Quick Mode, ESP both ways, Deletes
  ikev1-unreachable-filtered  Main Mode message 1 sent 4 times, no answer
  esp-one-way                 IKEv2 up, ESP from the initiator only
  ikev2-rekey                 two CHILD_SA rekeys and an IKE SA rekey

in the shares given by MIX below.  The IKE messages are copied as
captured; the ESP of each template is repeated (the SPIs of the tunnel,
sequence numbers counting on, the template's own spacing) until the
whole file holds about P packets.  Tunnels start spread over WINDOW
seconds and their packets are interleaved in time order.

What is rewritten in each copied frame: the IPv4 addresses (from
198.18.0.0/15: initiators in 198.18/16, responders in 198.19/16, no two
tunnels between the same pair) and the IPv4 header checksum; the UDP
checksum (set to 0, which IPv4 allows); the IKE SPIs in the IKE header;
the NAT-D hashes in clear that matched the captured addresses (so they
match the new ones, and a hash the peer faked stays faked); the ESP SPI
and sequence number.  Encrypted payloads are copied unchanged: the SPIs
inside them (Delete, CREATE_CHILD_SA) keep the template's values.

The same arguments give the same file, byte for byte.  Standard library
only.  Exit status 0, or 1 with a message on a bad template or argument.
"""
import argparse
import hashlib
import heapq
import os
import random
import struct
import sys

# Template captures in pcaps/ and the share of tunnels each one gets.
MIX = (
    ("ikev2-healthy", 0.50),
    ("ikev1-main-healthy", 0.25),
    ("ikev1-unreachable-filtered", 0.10),
    ("esp-one-way", 0.10),
    ("ikev2-rekey", 0.05),
)

DEFAULT_TUNNELS = 20000
DEFAULT_PACKETS = 1100000
DEFAULT_WINDOW = 60.0

# Wall-clock start of the generated capture: 2027-01-15 08:00:00 UTC.
BASE_SEC = 1800000000

LINKTYPE_ETHERNET = 1
ETHERTYPE_IPV4 = 0x0800
IPPROTO_UDP = 17
IPPROTO_ESP = 50
IKE_HDR_LEN = 28

# Packet kinds in a template.
K_OTHER, K_IKE, K_ESP = 0, 1, 2

# A run of ESP shorter than this keeps its template length, so one-way
# ESP stays at the 3 packets esp_one_way asks for.
ESP_RUN_MIN = 3

REC_HDR = struct.Struct("<IIII").pack
U32 = struct.Struct(">I").pack
U16 = struct.Struct(">H").pack


class TemplateError(Exception):
    pass


def read_pcap(path):
    """Frames of a classic pcap file as (microseconds, bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise TemplateError("%s: not a pcap file" % path)
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise TemplateError("%s: not a classic pcap file" % path)
    nsec = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack_from(endian + "I", data, 20)[0] & 0x0fffffff
    if linktype != LINKTYPE_ETHERNET:
        raise TemplateError("%s: link type %d, not Ethernet" %
                            (path, linktype))
    frames = []
    off = 24
    rec = struct.Struct(endian + "IIII")
    while off + 16 <= len(data):
        sec, frac, caplen, wirelen = rec.unpack_from(data, off)
        off += 16
        if caplen != wirelen or off + caplen > len(data):
            raise TemplateError("%s: truncated frame" % path)
        us = sec * 1000000 + (frac // 1000 if nsec else frac)
        frames.append((us, data[off:off + caplen]))
        off += caplen
    return frames


def natd_digest(length):
    """The hash a NAT-D payload of this length was made with."""
    return {16: "md5", 20: "sha1", 32: "sha256", 48: "sha384",
            64: "sha512"}.get(length)


def ike_natd(d, ike, sport, dport, src, dst):
    """
    NAT-D hashes in clear in the IKE message at d[ike:], as a list of
    (offset, length, which): which is 1 when the hash is of the
    destination address and port, 0 of the source.  Hashes that match
    neither (the peer faked its own, or a NAT changed an address) are
    left out: they are copied as they are.
    """
    version = d[ike + 17] >> 4
    np = d[ike + 16]
    flags = d[ike + 19]
    if version == 1 and flags & 0x01:
        return []
    spis = d[ike:ike + 16]
    found = []
    p = ike + IKE_HDR_LEN
    end = ike + struct.unpack_from(">I", d, ike + 24)[0]
    while np != 0 and p + 4 <= end:
        plen = struct.unpack_from(">H", d, p + 2)[0]
        if plen < 4 or p + plen > end:
            break
        h = None
        if version == 2 and np == 41 and plen >= 8:
            ntype = struct.unpack_from(">H", d, p + 6)[0]
            if ntype in (16388, 16389):
                h = p + 8 + d[p + 5]
        elif version == 2 and np in (46, 53):
            break
        elif version == 1 and np in (20, 130):
            h = p + 4
        if h is not None and natd_digest(p + plen - h):
            hl = p + plen - h
            md = natd_digest(hl)
            val = d[h:h + hl]
            if val == hashlib.new(md, spis + dst + U16(dport)).digest():
                found.append((h, hl, 1))
            elif val == hashlib.new(md, spis + src + U16(sport)).digest():
                found.append((h, hl, 0))
        np = d[p]
        p += plen
    return found


class Packet:
    """One frame of a template and where its fields sit."""
    __slots__ = ("us", "data", "dir", "kind", "ip", "udp", "ike", "esp",
                 "spi", "seq", "natd", "csum_base")


def ip_sum(b):
    """One's complement sum of 16-bit words, not folded."""
    return sum(struct.unpack(">%dH" % (len(b) // 2), b))


def fold(s):
    while s > 0xffff:
        s = (s & 0xffff) + (s >> 16)
    return s


def parse_frame(us, d, name, ini, rsp):
    pk = Packet()
    pk.us = us
    pk.data = d
    pk.ike = pk.esp = pk.udp = -1
    pk.spi = pk.seq = 0
    pk.natd = []
    if len(d) < 34 or struct.unpack_from(">H", d, 12)[0] != ETHERTYPE_IPV4:
        raise TemplateError("%s: a frame that is not IPv4 over Ethernet" %
                            name)
    ip = pk.ip = 14
    ihl = (d[ip] & 0x0f) * 4
    if struct.unpack_from(">H", d, ip + 6)[0] & 0x3fff:
        raise TemplateError("%s: IP fragments are not replayed" % name)
    src, dst = d[ip + 12:ip + 16], d[ip + 16:ip + 20]
    if (src, dst) == (ini, rsp):
        pk.dir = 0
    elif (src, dst) == (rsp, ini):
        pk.dir = 1
    else:
        raise TemplateError("%s: a frame between other addresses" % name)
    hdr = bytearray(d[ip:ip + ihl])
    hdr[10:20] = bytes(10)
    pk.csum_base = ip_sum(hdr)
    proto = d[ip + 9]
    pl = ip + ihl
    pk.kind = K_OTHER
    if proto == IPPROTO_UDP:
        pk.udp = pl
        sport, dport = struct.unpack_from(">HH", d, pl)
        body = pl + 8
        if 500 in (sport, dport):
            pk.ike = body
        elif 4500 in (sport, dport) and len(d) - body > 1:
            if d[body:body + 4] == bytes(4):
                pk.ike = body + 4
            else:
                pk.esp = body
        if pk.ike >= 0:
            if len(d) < pk.ike + IKE_HDR_LEN:
                raise TemplateError("%s: a short IKE message" % name)
            pk.kind = K_IKE
            pk.natd = ike_natd(d, pk.ike, sport, dport, src, dst)
    elif proto == IPPROTO_ESP:
        pk.esp = pl
    else:
        raise TemplateError("%s: IP protocol %d is not replayed" %
                            (name, proto))
    if pk.esp >= 0:
        if len(d) < pk.esp + 8:
            raise TemplateError("%s: a short ESP header" % name)
        pk.kind = K_ESP
        pk.spi, pk.seq = struct.unpack_from(">II", d, pk.esp)
    return pk


def esp_format(pk, slot):
    """
    An ESP frame of the template cut around what each copy changes: the
    IPv4 checksum and addresses, the SPI and the sequence number, so one
    struct call writes a copy.  The pcap record header is apart (little
    endian, the rest is network order).
    """
    d, ip, esp = pk.data, pk.ip, pk.esp
    p1, p2, p3 = d[:ip + 10], bytearray(d[ip + 20:esp]), d[esp + 8:]
    if pk.udp >= 0:
        p2[pk.udp - ip - 20 + 6:pk.udp - ip - 20 + 8] = b"\0\0"
    st = struct.Struct(">%dsH8s%dsII%ds" % (len(p1), len(p2), len(p3)))
    return (st.pack, len(d), p1, pk.csum_base, pk.dir, bytes(p2), slot, p3)


class Template:
    """A lab capture cut into IKE and ESP runs, ready to be replayed."""

    def __init__(self, name, path):
        frames = read_pcap(path)
        if not frames:
            raise TemplateError("%s: no frames" % name)
        d0 = frames[0][1]
        ini, rsp = d0[26:30], d0[30:34]
        t0 = frames[0][0]
        self.name = name
        self.pkts = [parse_frame(us - t0, d, name, ini, rsp)
                     for us, d in frames]
        self.ike_spis = []
        self.esp_spis = []
        self.first_seq = {}
        for pk in self.pkts:
            if pk.kind == K_IKE:
                for s in (pk.data[pk.ike:pk.ike + 8],
                          pk.data[pk.ike + 8:pk.ike + 16]):
                    if s != bytes(8) and s not in self.ike_spis:
                        self.ike_spis.append(s)
            elif pk.kind == K_ESP:
                if pk.spi not in self.esp_spis:
                    self.esp_spis.append(pk.spi)
                    self.first_seq[pk.spi] = pk.seq
        # Runs: ("esp", [indices]) or ("ike", [indices]), in order.
        self.runs = []
        for i, pk in enumerate(self.pkts):
            kind = "esp" if pk.kind == K_ESP else "ike"
            if self.runs and self.runs[-1][0] == kind:
                self.runs[-1][1].append(i)
            else:
                self.runs.append((kind, [i]))
        self.n_ike = sum(len(r) for k, r in self.runs if k == "ike")
        self.esp_runs = [len(r) for k, r in self.runs if k == "esp"]
        self.n_esp = sum(self.esp_runs)
        self.carry = [0.0] * len(self.esp_runs)
        self.sched_cache = {}
        self.esp_fmt = [esp_format(pk, self.esp_spis.index(pk.spi))
                        if pk.kind == K_ESP else None for pk in self.pkts]

    def esp_counts(self, f):
        """ESP packets per run for the next tunnel, f times the template."""
        out = []
        for i, n in enumerate(self.esp_runs):
            want = n * f + self.carry[i]
            m = int(want)
            self.carry[i] = want - m
            out.append(max(m, min(n, ESP_RUN_MIN)))
        return tuple(out)

    def schedule(self, counts):
        """
        The tunnel's frames as (microseconds from its start, template
        frame, ESP sequence number or -1), for these ESP run lengths.  An
        ESP run longer than in the template goes round the template's
        run again, one period (its span plus one mean gap) later; what
        follows the run moves by as much.
        """
        s = self.sched_cache.get(counts)
        if s is not None:
            return s
        s = []
        shift = 0
        seq = dict(self.first_seq)
        k = 0
        for kind, run in self.runs:
            if kind == "ike":
                for i in run:
                    s.append((self.pkts[i].us + shift, i, -1))
                continue
            m = counts[k]
            k += 1
            a, b = self.pkts[run[0]].us, self.pkts[run[-1]].us
            n = len(run)
            gap = (b - a) // (n - 1) if n > 1 else 300000
            period = b - a + max(gap, 1)
            last = b
            for j in range(m):
                c, q = divmod(j, n)
                pk = self.pkts[run[q]]
                last = pk.us + c * period
                s.append((last + shift, run[q], seq[pk.spi]))
                seq[pk.spi] += 1
            shift += last - b
        self.sched_cache[counts] = s
        return s


class Numbers:
    """
    Unique SPIs and address pairs.  A counter through a bijection of the
    32 or 64-bit integers (odd multiplier, xorshift), so no two tunnels
    share a value and the values still look random to a hash.
    """

    def __init__(self, rng):
        self.k32 = rng.getrandbits(32)
        self.k64 = rng.getrandbits(64)
        self.k16 = rng.getrandbits(16)
        self.n32 = 0
        self.n64 = 0

    def esp_spi(self):
        while True:
            self.n32 += 1
            x = (self.n32 * 0x9E3779B1 + self.k32) & 0xffffffff
            x ^= x >> 15
            x = (x * 0x2C1B3C6D) & 0xffffffff
            x ^= x >> 12
            if x >= 256:	# 1-255 are reserved (RFC 4303 2.1)
                return x

    def ike_spi(self):
        while True:
            self.n64 += 1
            x = (self.n64 * 0x9E3779B97F4A7C15 + self.k64) & (2**64 - 1)
            x ^= x >> 31
            x = (x * 0xBF58476D1CE4E5B9) & (2**64 - 1)
            x ^= x >> 29
            if x != 0:
                return struct.pack(">Q", x)

    def addresses(self, tid):
        """Initiator in 198.18/16, responder in 198.19/16."""
        a = tid & 0xffff
        b = ((tid >> 16) + a) & 0xffff
        a = (a * 40503 + self.k16) & 0xffff
        b = (b * 40503 + self.k16) & 0xffff
        return (bytes((198, 18, a >> 8, a & 0xff)),
                bytes((198, 19, b >> 8, b & 0xff)))


class Tunnel:
    """One replayed tunnel: its template, numbers and frames made so far."""
    __slots__ = ("tpl", "start", "sched", "pos", "addr", "asum", "ike_map",
                 "esp_spis")

    def __init__(self, tpl, start, counts, numbers, tid):
        self.tpl = tpl
        self.start = start
        self.sched = tpl.schedule(counts)
        self.pos = 0
        ini, rsp = numbers.addresses(tid)
        self.addr = (ini + rsp, rsp + ini)
        self.asum = (ip_sum(ini + rsp), ip_sum(rsp + ini))
        self.ike_map = {s: numbers.ike_spi() for s in tpl.ike_spis}
        self.ike_map[bytes(8)] = bytes(8)
        self.esp_spis = [numbers.esp_spi() for s in tpl.esp_spis]

    def patch_ip(self, pk):
        """The frame with this tunnel's addresses and checksums."""
        b = bytearray(pk.data)
        ip = pk.ip
        b[ip + 12:ip + 20] = self.addr[pk.dir]
        b[ip + 10:ip + 12] = U16(~fold(pk.csum_base + self.asum[pk.dir])
                                 & 0xffff)
        if pk.udp >= 0:
            b[pk.udp + 6:pk.udp + 8] = b"\0\0"
        return b

    def ike_frame(self, pk):
        """An IKE frame with this tunnel's SPIs and NAT-D hashes."""
        b = self.patch_ip(pk)
        o = pk.ike
        m = self.ike_map
        spis = m[pk.data[o:o + 8]] + m[pk.data[o + 8:o + 16]]
        b[o:o + 16] = spis
        if pk.natd:
            ip = pk.ip
            sport, dport = struct.unpack_from(">HH", b, pk.udp)
            src, dst = bytes(b[ip + 12:ip + 16]), bytes(b[ip + 16:ip + 20])
            for h, hl, which in pk.natd:
                what = dst + U16(dport) if which else src + U16(sport)
                md = hashlib.new(natd_digest(hl), spis + what)
                b[h:h + hl] = md.digest()
        return bytes(b)


def load_templates(pcaps):
    tpls = []
    for name, share in MIX:
        path = os.path.join(pcaps, name + ".pcap")
        if not os.path.exists(path):
            raise TemplateError("%s: no such template capture" % path)
        tpls.append((Template(name, path), share))
    return tpls


def plan(tpls, tunnels, packets):
    """Tunnels per template, and the factor on each template's ESP."""
    counts = [int(share * tunnels) for t, share in tpls]
    counts[0] += tunnels - sum(counts)
    ike = sum(c * t.n_ike for c, (t, s) in zip(counts, tpls))
    esp = sum(c * t.n_esp for c, (t, s) in zip(counts, tpls))
    f = (packets - ike) / esp if esp else 0.0
    return counts, max(f, 0.0)


def generate(out, tpls, tunnels, packets, seed, window, verbose):
    rng = random.Random(seed)
    numbers = Numbers(rng)
    counts, f = plan(tpls, tunnels, packets)
    kinds = bytearray()
    for k, c in enumerate(counts):
        kinds += bytes((k,)) * c
    rng.shuffle(kinds)
    window_us = int(window * 1e6)
    slot = max(window_us // max(tunnels, 1), 1)
    base_us = BASE_SEC * 1000000

    out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144,
                          LINKTYPE_ETHERNET))
    heap = []
    chunk = []
    written = 0
    per_tpl = [0] * len(tpls)
    nxt = 0
    next_start = rng.randrange(slot)
    while heap or nxt < tunnels:
        # Start every tunnel due before the earliest pending frame.
        while nxt < tunnels and (not heap or next_start <= heap[0][0]):
            tpl = tpls[kinds[nxt]][0]
            tn = Tunnel(tpl, next_start, tpl.esp_counts(f), numbers, nxt)
            heapq.heappush(heap, (next_start + tn.sched[0][0], nxt, tn))
            nxt += 1
            if nxt < tunnels:
                next_start = nxt * slot + rng.randrange(slot)
        t, tid, tn = heap[0]
        rel, i, seq = tn.sched[tn.pos]
        ts = base_us + t
        if seq >= 0:
            pack, n, p1, cs, dr, p2, si, p3 = tn.tpl.esp_fmt[i]
            cs += tn.asum[dr]
            cs = (cs & 0xffff) + (cs >> 16)
            cs = (cs & 0xffff) + (cs >> 16)
            chunk.append(REC_HDR(ts // 1000000, ts % 1000000, n, n) +
                         pack(p1, cs ^ 0xffff, tn.addr[dr], p2,
                              tn.esp_spis[si], seq & 0xffffffff, p3))
        else:
            pk = tn.tpl.pkts[i]
            d = tn.ike_frame(pk) if pk.kind == K_IKE else \
                bytes(tn.patch_ip(pk))
            chunk.append(REC_HDR(ts // 1000000, ts % 1000000, len(d),
                                 len(d)) + d)
        per_tpl[kinds[tid]] += 1
        tn.pos += 1
        if tn.pos < len(tn.sched):
            heapq.heapreplace(heap, (tn.start + tn.sched[tn.pos][0], tid, tn))
        else:
            heapq.heappop(heap)
        if len(chunk) >= 8192:
            out.write(b"".join(chunk))
            written += len(chunk)
            chunk = []
            if verbose and written % (1 << 20) < 8192:
                print("mkbench: %d packets" % written, file=sys.stderr)
    out.write(b"".join(chunk))
    written += len(chunk)
    return written, counts, per_tpl, f


def main():
    ap = argparse.ArgumentParser(
        description="Write a benchmark capture from the lab's captures.")
    ap.add_argument("--tunnels", type=int, default=DEFAULT_TUNNELS,
                    help="tunnels (default %d)" % DEFAULT_TUNNELS)
    ap.add_argument("--packets", type=int, default=DEFAULT_PACKETS,
                    help="about this many packets (default %d)" %
                    DEFAULT_PACKETS)
    ap.add_argument("--seed", type=int, default=1, help="default 1")
    ap.add_argument("--window", type=float, default=DEFAULT_WINDOW,
                    help="seconds over which the tunnels start "
                    "(default %g)" % DEFAULT_WINDOW)
    ap.add_argument("--pcaps", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "pcaps"),
        help="folder with the template captures (default: pcaps/)")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("-o", dest="output", required=True, help="output file")
    a = ap.parse_args()
    if a.tunnels < 1 or a.packets < 0 or a.window <= 0:
        ap.error("--tunnels must be at least 1, --packets at least 0, "
                 "--window more than 0")
    try:
        tpls = load_templates(a.pcaps)
    except (OSError, TemplateError) as e:
        sys.exit("mkbench: %s" % e)
    # Written aside and renamed: a cut run leaves no half capture under
    # the name a cache would trust.
    tmp = a.output + ".tmp"
    try:
        with open(tmp, "wb", buffering=1 << 20) as out:
            n, counts, per_tpl, f = generate(out, tpls, a.tunnels,
                                             a.packets, a.seed, a.window,
                                             a.verbose)
        os.replace(tmp, a.output)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            sys.exit("mkbench: %s: %s" % (a.output, e.strerror))
        raise
    if a.verbose:
        for (t, share), c, p in zip(tpls, counts, per_tpl):
            print("mkbench: %-28s %8d tunnels %10d packets" %
                  (t.name, c, p), file=sys.stderr)
        print("mkbench: ESP x%.2f of the templates" % f, file=sys.stderr)
    print("mkbench: %s: %d packets, %d tunnels, seed %d" %
          (a.output, n, a.tunnels, a.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
