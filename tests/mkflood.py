#!/usr/bin/env python3
"""mkflood.py: a real stalled tunnel inside a flood of forged IKE packets.

    mkflood.py TEMPLATE.pcap N SEED SECONDS OUT.pcap

The frames of TEMPLATE (a lab capture: one initiator retransmitting an
unanswered request) are kept as they are; N IKEv2 IKE_SA_INIT requests,
each from its own random address in 198.18.0.0/15 with its own random
SPI, to the same responder, are spread over SECONDS from the template's
first frame and merged in time order.  Classic pcap (nanoseconds),
Ethernet.
"""
import random
import struct
import sys


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    nano = magic == 0xa1b23c4d
    if magic not in (0xa1b2c3d4, 0xa1b23c4d):
        raise SystemExit(f"{path}: not a little-endian classic pcap")
    frames, at = [], 24
    while at + 16 <= len(data):
        sec, frac, caplen, wirelen = struct.unpack("<IIII", data[at:at + 16])
        ns = frac if nano else frac * 1000
        frames.append((sec * 10**9 + ns, data[at + 16:at + 16 + caplen],
                       wirelen))
        at += 16 + caplen
    return frames


def checksum(b):
    s = sum(struct.unpack("!10H", b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def forged(rng, dst, src_mac, dst_mac):
    body = struct.pack("!BBH", 0, 0, 44) + struct.pack(
        "!BBHBBBB", 0, 0, 40, 1, 1, 0, 4) + bytes(32)
    ike = struct.pack("!QQBBBBII", rng.getrandbits(64) | 1, 0, 33, 0x20, 34,
                      0x08, 0, 28 + len(body)) + body
    udp = struct.pack("!HHHH", rng.randrange(1024, 65536), 500,
                      8 + len(ike), 0) + ike
    src = struct.pack("!I", (198 << 24 | 18 << 16) + rng.randrange(1 << 17))
    ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp),
                               rng.getrandbits(16), 0, 64, 17, 0, src, dst))
    ip[10:12] = struct.pack("!H", checksum(bytes(ip)))
    return dst_mac + src_mac + b"\x08\x00" + bytes(ip) + udp


def main(argv):
    if len(argv) != 5:
        raise SystemExit(__doc__)
    template, n, seed = argv[0], int(argv[1]), int(argv[2])
    span, out = int(float(argv[3]) * 10**9), argv[4]
    rng = random.Random(seed)
    real = read_pcap(template)
    first = real[0][1]
    dst = first[14 + 16:14 + 20]		# the responder's address
    t0 = real[0][0]
    times = sorted(t0 + rng.randrange(span) for _ in range(n))
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b23c4d, 2, 4, 0, 0, 65535, 1))
        i = 0
        for t in times:
            while i < len(real) and real[i][0] <= t:
                ts, b, wl = real[i]
                f.write(struct.pack("<IIII", ts // 10**9, ts % 10**9,
                                    len(b), wl) + b)
                i += 1
            b = forged(rng, dst, first[6:12], first[0:6])
            f.write(struct.pack("<IIII", t // 10**9, t % 10**9, len(b),
                                len(b)) + b)
        for ts, b, wl in real[i:]:
            f.write(struct.pack("<IIII", ts // 10**9, ts % 10**9, len(b),
                                wl) + b)


if __name__ == "__main__":
    main(sys.argv[1:])
