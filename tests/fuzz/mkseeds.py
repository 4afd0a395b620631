#!/usr/bin/env python3
"""mkseeds.py: turn capture files into a seed corpus for fuzz_dissect.

    mkseeds.py [options] OUTDIR INPUT...

INPUT is a capture file (pcap or pcapng, any byte order, microsecond or
nanosecond pcap, pcapng with several sections and interfaces of different
link types) or a directory searched recursively for *.pcap, *.pcapng and
*.cap.  OUTDIR is emptied of seeds and refilled; each seed is named by the
SHA-1 of its bytes, so duplicates collapse.

Three kinds of seed from the captures, matching the three readings of
fuzz_dissect.c, and a few made here:

  frame    one captured frame, raw bytes (the target tries every link type)
  seq      consecutive frames of one capture, each behind the 6-byte
           header fuzz_dissect.c describes: a whole file when it fits,
           otherwise windows of it, so fragment runs stay together
  ike      the UDP payload of a frame on port 500 or 4500 (non-ESP marker
           removed): an ISAKMP message for isakmp_decode
  made     what the captures lack and the dissector reads: ICMP errors
           quoting IKE, ESP in UDP and ESP; IKE between 500 and 4500 with
           no marker; more fragmented datagrams than the fragment table
           holds, one that expires, and two (IPv4, IPv6) that complete

The count of each kind is capped; when a cap binds, every capture keeps
an equal share (small captures whole, large ones sampled evenly), so one
35,000-frame capture cannot crowd out the rest.  Output is deterministic.
Standard library only.
"""
import argparse
import hashlib
import os
import struct
import sys

# fuzz_dissect.c's fuzz_links, by index; the key is the file's link type.
LINK_INDEX = {
    1: 0,       # EN10MB
    113: 1,     # LINUX_SLL
    276: 2,     # LINUX_SLL2
    0: 3,       # NULL
    108: 4,     # LOOP
    101: 5,     # LINKTYPE_RAW, DLT_RAW once read
    12: 5,      # DLT_RAW as some writers store it
    228: 6,     # IPV4
    229: 7,     # IPV6
    14: 8,      # DLT_RAW as OpenBSD numbers it
}
LINK_UNREAD = 9     # a link type ikewatch refuses (802.11 in the table)
HDR = struct.Struct("!BBHH")
EXT = (".pcap", ".pcapng", ".cap")


class Frame:
    __slots__ = ("linktype", "sec", "nsec", "wirelen", "data")

    def __init__(self, linktype, sec, nsec, wirelen, data):
        self.linktype = linktype
        self.sec = sec
        self.nsec = nsec
        self.wirelen = wirelen
        self.data = data


def warn(msg):
    print("mkseeds.py: " + msg, file=sys.stderr)


def read_pcap(buf, path):
    magic = buf[:4]
    kinds = {
        b"\xd4\xc3\xb2\xa1": ("<", 1000), b"\xa1\xb2\xc3\xd4": (">", 1000),
        b"\x4d\x3c\xb2\xa1": ("<", 1), b"\xa1\xb2\x3c\x4d": (">", 1),
    }
    if magic not in kinds or len(buf) < 24:
        return None
    end, mult = kinds[magic]
    linktype = struct.unpack(end + "I", buf[20:24])[0] & 0x03ffffff
    rec = struct.Struct(end + "IIII")
    frames, off = [], 24
    while off + 16 <= len(buf):
        sec, frac, caplen, wirelen = rec.unpack_from(buf, off)
        off += 16
        if caplen > len(buf) - off:
            warn("%s: last record cut short" % path)
            caplen = len(buf) - off
        frames.append(Frame(linktype, sec, frac * mult, wirelen,
                            buf[off:off + caplen]))
        off += caplen
    return frames


def ng_options(body, end):
    """(code, value) pairs of a pcapng option list."""
    off = 0
    while off + 4 <= len(body):
        code, length = struct.unpack_from(end + "HH", body, off)
        off += 4
        if code == 0:
            return
        yield code, body[off:off + length]
        off += (length + 3) & ~3


def ng_iface(body, end):
    linktype = struct.unpack_from(end + "H", body, 0)[0]
    res, offset = 1000000, 0
    for code, val in ng_options(body[8:], end):
        if code == 9 and len(val) >= 1:           # if_tsresol
            r = val[0]
            res = 2 ** (r & 0x7f) if r & 0x80 else 10 ** min(r, 19)
        elif code == 14 and len(val) >= 8:        # if_tsoffset
            offset = struct.unpack_from(end + "q", val, 0)[0]
    return linktype, res, offset


def read_pcapng(buf, path):
    if buf[:4] != b"\x0a\x0d\x0d\x0a" or len(buf) < 28:
        return None
    frames, ifaces, end, off = [], [], "<", 0
    while off + 12 <= len(buf):
        if buf[off:off + 4] == b"\x0a\x0d\x0d\x0a":
            bom = buf[off + 8:off + 12]
            end = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
            ifaces = []         # interfaces are per section
        btype, blen = struct.unpack_from(end + "II", buf, off)
        if blen < 12 or off + blen > len(buf):
            warn("%s: block at %d cut short or bad" % (path, off))
            break
        body = buf[off + 8:off + blen - 4]
        off += blen
        if btype == 1 and len(body) >= 8:
            ifaces.append(ng_iface(body, end))
        elif btype in (6, 2) and len(body) >= 20:     # EPB, obsolete PB
            if btype == 6:
                ifid, hi, lo, caplen, wirelen = struct.unpack_from(
                    end + "IIIII", body, 0)
            else:
                ifid, _, hi, lo, caplen, wirelen = struct.unpack_from(
                    end + "HHIIII", body, 0)
            if ifid >= len(ifaces):
                continue
            lt, res, tsoff = ifaces[ifid]
            ts = hi << 32 | lo
            frames.append(Frame(lt, ts // res + tsoff,
                                (ts % res) * 1000000000 // res, wirelen,
                                body[20:20 + caplen]))
        elif btype == 3 and len(body) >= 4 and ifaces:   # SPB
            wirelen = struct.unpack_from(end + "I", body, 0)[0]
            frames.append(Frame(ifaces[0][0], 0, 0, wirelen,
                                body[4:4 + wirelen]))
    return frames


def read_capture(path):
    try:
        with open(path, "rb") as f:
            buf = f.read()
    except OSError as e:
        warn("%s: %s" % (path, e.strerror))
        return []
    frames = read_pcap(buf, path)
    if frames is None:
        frames = read_pcapng(buf, path)
    if frames is None:
        warn("%s: neither pcap nor pcapng, skipped" % path)
        return []
    return frames


def find_captures(inputs):
    paths = []
    for arg in inputs:
        if os.path.isdir(arg):
            found = []
            for root, dirs, files in os.walk(arg):
                dirs.sort()
                found += [os.path.join(root, n) for n in files
                          if n.lower().endswith(EXT)]
            paths += sorted(found)
        elif os.path.isfile(arg):
            paths.append(arg)
        # A missing input (the shared corpus is optional) is no error.
    seen, out = set(), []
    for p in paths:
        real = os.path.realpath(p)
        if real not in seen:
            seen.add(real)
            out.append(p)
    return out


def udp_payload(fr):
    """The UDP payload of an unfragmented IPv4/IPv6 datagram, or None."""
    d, lt = fr.data, fr.linktype
    if lt == 1:
        off, etype = 14, d[12:14]
        while etype in (b"\x81\x00", b"\x88\xa8", b"\x91\x00") and \
                len(d) >= off + 4:
            etype, off = d[off + 2:off + 4], off + 4
        net = {b"\x08\x00": 4, b"\x86\xdd": 6}.get(etype)
    elif lt in (113, 276):
        off = 16 if lt == 113 else 20
        etype = d[14:16] if lt == 113 else d[0:2]
        net = {b"\x08\x00": 4, b"\x86\xdd": 6}.get(etype)
    elif lt in (0, 108):
        off, net = 4, None
    elif lt in (101, 12, 14, 228, 229):
        off, net = 0, None
    else:
        return None
    if len(d) <= off:
        return None
    if net is None:
        net = d[off] >> 4
    if net == 4 and len(d) >= off + 20:
        ihl = (d[off] & 0x0f) * 4
        if d[off + 9] != 17 or struct.unpack_from("!H", d, off + 6)[0] & \
                0x3fff:
            return None
        off += ihl
    elif net == 6 and len(d) >= off + 40:
        if d[off + 6] != 17:
            return None
        off += 40
    else:
        return None
    if len(d) < off + 8:
        return None
    sport, dport = struct.unpack_from("!HH", d, off)
    pl = d[off + 8:]
    if 4500 in (sport, dport):
        if len(pl) < 4 or pl[:4] != b"\0\0\0\0":
            return None         # ESP in UDP or a keepalive
        return pl[4:]
    return pl if 500 in (sport, dport) else None


def frame_header(fr, prev, caplen):
    link = LINK_INDEX.get(fr.linktype, LINK_UNREAD)
    wire, extra = 0, fr.nsec * 65536 // 1000000000 if fr.nsec < 10 ** 9 \
        else 0
    if fr.wirelen > caplen:
        wire, extra = 1, min(fr.wirelen - caplen, 0xffff)
    elif fr.wirelen < caplen:
        wire, extra = 2, min(caplen - fr.wirelen, 0xffff)
    delta = fr.sec - prev if prev is not None else 0
    if 0 <= delta <= 255:
        clock, td = 0, delta
    elif delta < 0:
        clock, td = 1, min(-delta, 255)
    else:
        clock, td = 2, min(delta // 3600, 255)
    return HDR.pack(link | wire << 4 | clock << 6, td, caplen, extra)


def sequences(frames, max_len, max_frames):
    """The whole file if it fits, else consecutive windows."""
    out, cur, prev = [], bytearray(), None
    count = 0
    for fr in frames:
        room = max_len - len(cur) - HDR.size
        if cur and (room < len(fr.data) or count >= max_frames):
            out.append(bytes(cur))
            cur, prev, count = bytearray(), None, 0
            room = max_len - HDR.size
        caplen = min(len(fr.data), room, 0xffff)
        # Cut like a snaplen would: the wire length stays the truth.
        cut = Frame(fr.linktype, fr.sec, fr.nsec,
                    max(fr.wirelen, len(fr.data)), fr.data[:caplen])
        cur += frame_header(cut, prev, caplen) + cut.data
        prev, count = fr.sec, count + 1
    if cur:
        out.append(bytes(cur))
    return out


# Made seeds: Ethernet frames built field by field.
A4, B4 = bytes([192, 0, 2, 10]), bytes([203, 0, 113, 20])
A6 = bytes.fromhex("20010db8000000000000000000000010")
B6 = bytes.fromhex("20010db8000000000000000000000020")


def ike_msg(exch=34, flags=0x08, body=b""):
    nonce = struct.pack("!BBH", 0, 0, 4 + len(body)) + body
    return struct.pack("!QQBBBBII", 0x1122334455667788, 0, 40, 0x20, exch,
                       flags, 0, 28 + len(nonce)) + nonce


def ip4(proto, payload, ident=1, frag=0, src=A4, dst=B4):
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                       frag, 64, proto, 0, src, dst) + payload


def ip6(nh, payload, src=A6, dst=B6):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), nh, 64, src,
                       dst) + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def ether(ip):
    etype = b"\x86\xdd" if ip[0] >> 4 == 6 else b"\x08\x00"
    return bytes.fromhex("00005e005301" "00005e005302") + etype + ip


def icmp4(typ, code, rest, quoted):
    return ip4(1, struct.pack("!BBHI", typ, code, 0, rest) + quoted,
               src=B4, dst=A4)


def icmp6(typ, code, rest, quoted):
    return ip6(58, struct.pack("!BBHI", typ, code, 0, rest) + quoted,
               src=B6, dst=A6)


def made_frames():
    ike = ike_msg()
    esp = struct.pack("!II", 0xc0ffee01, 7) + b"\x5a" * 24
    return [ether(x) for x in (
        icmp4(3, 3, 0, ip4(17, udp(500, 500, ike))),
        icmp4(3, 4, 1400, ip4(17, udp(4500, 4500, b"\0\0\0\0" + ike))),
        icmp4(3, 13, 0, ip4(17, udp(4500, 4500, esp))[:36]),
        icmp4(11, 0, 0, ip4(50, esp)[:28]),
        icmp4(3, 10, 0, ip4(51, struct.pack("!BBHII", 50, 4, 0, 0xa0, 1))),
        icmp6(2, 0, 1280, ip6(50, esp)),
        icmp6(1, 4, 0, ip6(17, udp(500, 500, ike))),
        ip4(17, udp(500, 4500, ike)),
        ip4(17, udp(4500, 500, b"\xff")),
    )]


def made_frag_seqs():
    """Fragment sequences, in the sequence format."""
    def seq(frames):
        out, prev = bytearray(), None
        for t, data in frames:
            fr = Frame(1, t, 0, len(data), data)
            out += frame_header(fr, prev, len(data)) + data
            prev = t
        return bytes(out)

    big = ike_msg(35, 0x08, b"\xab" * 64)
    u = udp(4500, 4500, b"\0\0\0\0" + big)
    whole4 = [(0, ether(ip4(17, u[:48], 7, 0x2000))),
              (1, ether(ip4(17, u[48:], 7, 48 // 8)))]
    # The IPv6 fragment header: next header, reserved, offset|M, id.
    fh = struct.Struct("!BBHI")
    whole6 = [(0, ether(ip6(44, fh.pack(17, 0, 0x0001, 9) + u[:48]))),
              (0, ether(ip6(44, fh.pack(17, 0, 48, 9) + u[48:])))]
    flood = [(i // 16, ether(ip4(17, u[:16], 100 + i, 0x2000)))
             for i in range(80)]
    expire = [(0, whole4[0][1]), (200, ether(ip4(17, u[:16], 8, 0x2000))),
              (201, whole4[1][1])]
    overlap = [(0, whole4[0][1]), (0, whole4[0][1]), (0, whole4[1][1])]
    return [seq(x) for x in (whole4, whole6, flood, expire, overlap)]


def share(groups, budget):
    """Pick up to budget items, an equal share per group, evenly spaced."""
    sizes = [len(g) for g in groups]
    if sum(sizes) <= budget:
        return [x for g in groups for x in g]
    lo, hi = 0, max(sizes)
    while lo < hi:              # the largest quota that fits the budget
        mid = (lo + hi + 1) // 2
        if sum(min(s, mid) for s in sizes) <= budget:
            lo = mid
        else:
            hi = mid - 1
    picked = []
    for g in groups:
        q = min(len(g), lo)
        picked += [g[i * len(g) // q] for i in range(q)] if q else []
    return picked


def unique(items):
    seen, out = set(), []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--max-len", type=int, default=16384,
                    help="largest seed in bytes (the fuzzer's -max_len)")
    ap.add_argument("--max-frames", type=int, default=2000)
    ap.add_argument("--max-seqs", type=int, default=600)
    ap.add_argument("--max-ike", type=int, default=400)
    ap.add_argument("--window", type=int, default=64,
                    help="most frames in one sequence seed")
    args = ap.parse_args()

    caps = find_captures(args.inputs)
    frames, seqs, ikes = [], [], []
    nframes = 0
    for path in caps:
        fr = read_capture(path)
        nframes += len(fr)
        frames.append(unique(f.data[:args.max_len] for f in fr))
        seqs.append(unique(sequences(fr, args.max_len, args.window)))
        ikes.append(unique(udp_payload(f) for f in fr))
    kinds = (("frame", share(frames, args.max_frames)),
             ("seq", share(seqs, args.max_seqs)),
             ("ike", share(ikes, args.max_ike)),
             ("made", made_frames() + made_frag_seqs()))

    os.makedirs(args.outdir, exist_ok=True)
    for name in os.listdir(args.outdir):
        if len(name) == 40 and all(c in "0123456789abcdef" for c in name):
            os.unlink(os.path.join(args.outdir, name))
    written, counts = set(), []
    for kind, seeds in kinds:
        n = 0
        for s in seeds:
            h = hashlib.sha1(s).hexdigest()
            if h in written:
                continue
            with open(os.path.join(args.outdir, h), "wb") as f:
                f.write(s)
            written.add(h)
            n += 1
        counts.append("%d %s" % (n, kind))
    print("mkseeds.py: %d captures, %d frames: %d seeds (%s) in %s" % (
        len(caps), nframes, len(written), ", ".join(counts), args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
