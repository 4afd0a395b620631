#!/usr/bin/env python3
"""mkpcap.py: write small pcap files for the command-line tests.

    mkpcap.py OUT KIND

KIND: ike (Ethernet, two IKEv2 IKE_SA_INIT frames and one ESP frame),
linktype105 (a valid file of a link type ikewatch does not read).
"""
import struct
import sys


def ipv4(proto, src, dst, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64,
                      proto, 0, bytes(src), bytes(dst))
    return hdr + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def ike_sa_init(ispi, rspi, response):
    flags = 0x20 if response else 0x08
    body = struct.pack("!BBH", 0, 0, 12) + b"\xaa" * 8
    hdr = struct.pack("!QQBBBBII", ispi, rspi, 33, 0x20, 34, flags, 0,
                      28 + len(body))
    return hdr + body


def ether(payload):
    return b"\x02" * 6 + b"\x04" * 6 + b"\x08\x00" + payload


def pcap(frames, linktype=1):
    out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype)
    for i, f in enumerate(frames):
        out += struct.pack("<IIII", 1700000000 + i, 250000, len(f), len(f))
        out += f
    return out


def main():
    out, kind = sys.argv[1], sys.argv[2]
    a, b = (192, 0, 2, 10), (203, 0, 113, 20)
    if kind == "ike":
        frames = [
            ether(ipv4(17, a, b, udp(500, 500, ike_sa_init(0x0102030405060708, 0, False)))),
            ether(ipv4(17, b, a, udp(500, 500, ike_sa_init(0x0102030405060708, 0x1112131415161718, True)))),
            ether(ipv4(50, a, b, struct.pack("!II", 0xc0ffee01, 1) + b"\0" * 32)),
        ]
        data = pcap(frames)
    elif kind == "linktype105":
        data = pcap([b"\0" * 24], linktype=105)
    else:
        sys.exit("unknown kind " + kind)
    with open(out, "wb") as f:
        f.write(data)


main()
