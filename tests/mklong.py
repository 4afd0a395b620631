#!/usr/bin/env python3
"""mklong.py: hours of packet time for a few tunnels, rekeyed regularly.

    mklong.py TUNNELS SECONDS REKEY OUT.pcap

Each tunnel (peers in 198.18.0.0/15) carries one ESP packet a second each
way; every REKEY seconds both directions move to new SPIs (sequence
numbers start again at 1), as after a CHILD_SA rekey.  The live state of
an analyzer stays a few SPIs per tunnel however long the capture runs.
Classic pcap, Ethernet, ESP (IP protocol 50).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkflood import checksum  # noqa: E402  the IPv4 header checksum


def esp(src, dst, spi, seq):
    body = struct.pack("!II", spi, seq) + bytes(64)
    ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body),
                               seq & 0xffff, 0, 64, 50, 0, src, dst))
    ip[10:12] = struct.pack("!H", checksum(bytes(ip)))
    return b"\x02" * 6 + b"\x04" * 6 + b"\x08\x00" + bytes(ip) + body


def main(argv):
    if len(argv) != 4:
        raise SystemExit(__doc__)
    n, secs, rekey, out = int(argv[0]), int(argv[1]), int(argv[2]), argv[3]
    t0 = 1800000000
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for s in range(secs):
            gen = s // rekey
            for i in range(n):
                a = struct.pack("!I", (198 << 24 | 18 << 16) + 2 * i)
                b = struct.pack("!I", (198 << 24 | 18 << 16) + 2 * i + 1)
                seq = s - gen * rekey + 1
                for k, (x, y) in enumerate(((a, b), (b, a))):
                    spi = 0x10000000 + (gen * n + i) * 2 + k
                    p = esp(x, y, spi, seq)
                    us = (i * 997 + k * 500000) % 1000000
                    f.write(struct.pack("<IIII", t0 + s, us, len(p),
                                        len(p)) + p)


if __name__ == "__main__":
    main(sys.argv[1:])
