#!/usr/bin/env python3
"""tests/mkpair.py IN.pcap OUT.pcap --near-a IP [options]

Makes the second capture point of a two-point test from a capture taken
at the first (A), for the tests of `--report` with two `-r`: the same
frames as a capture one hop away (B) would hold them.

  --near-a IP       the peer on A's side: its packets reach B one hop
                    later (TTL - 1, time + delay); the other peer's reach B
                    one hop earlier (TTL + 1, time - delay)
  --delay S         one-way delay between the points (default 0.0005)
  --offset S        B's clock minus A's (default 0)
  --drop-src IP     leave out what IP sent (lost between the points)
  --nat OLD=NEW     B sees address OLD as NEW (a NAT between the points)

Ethernet/IPv4 classic pcap only (the lab's captures).  The IPv4 header
checksum is recomputed; nothing else changes, so IKE and ESP bytes are
the same at both points.
"""

import argparse
import socket
import struct


def csum(hdr):
    s = 0
    for i in range(0, len(hdr), 2):
        s += (hdr[i] << 8) + hdr[i + 1]
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--near-a", required=True)
    ap.add_argument("--delay", type=float, default=0.0005)
    ap.add_argument("--offset", type=float, default=0.0)
    ap.add_argument("--drop-src", default=None)
    ap.add_argument("--nat", default=None)
    a = ap.parse_args()
    near = socket.inet_aton(a.near_a)
    drop = socket.inet_aton(a.drop_src) if a.drop_src else None
    nat = None
    if a.nat:
        old, new = a.nat.split("=")
        nat = (socket.inet_aton(old), socket.inet_aton(new))
    data = open(a.inp, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic not in (0xa1b2c3d4, 0xa1b23c4d):
        raise SystemExit("little-endian classic pcap only")
    scale = 1e9 if magic == 0xa1b23c4d else 1e6
    out = [data[:24]]
    at = 24
    while at + 16 <= len(data):
        sec, frac, caplen, wirelen = struct.unpack("<IIII", data[at:at + 16])
        frame = bytearray(data[at + 16:at + 16 + caplen])
        at += 16 + caplen
        if len(frame) < 34 or frame[12:14] != b"\x08\x00":
            continue
        ip = 14
        ihl = (frame[ip] & 15) * 4
        src = bytes(frame[ip + 12:ip + 16])
        if drop is not None and src == drop:
            continue
        t = sec + frac / scale
        if src == near:
            frame[ip + 8] -= 1
            t += a.delay
        else:
            frame[ip + 8] += 1
            t -= a.delay
        t += a.offset
        if nat is not None:
            for off in (12, 16):
                if bytes(frame[ip + off:ip + off + 4]) == nat[0]:
                    frame[ip + off:ip + off + 4] = nat[1]
        frame[ip + 10:ip + 12] = b"\0\0"
        frame[ip + 10:ip + 12] = struct.pack("!H",
                                             csum(bytes(frame[ip:ip + ihl])))
        s = int(t)
        f = int(round((t - s) * scale))
        if f >= scale:
            s, f = s + 1, f - int(scale)
        out.append(struct.pack("<IIII", s, f, caplen, wirelen) + bytes(frame))
    open(a.out, "wb").write(b"".join(out))


if __name__ == "__main__":
    main()
