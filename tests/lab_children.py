#!/usr/bin/env python3
"""tests/lab_children.py IKEWATCH TSHARK NAME.pcap...

The ESP children ikewatch lists under each IKE SA, against what the peers
themselves logged about their SAs and against tshark:

- every child ikewatch lists is an SA the peers logged (the esp_sa section
  of NAME.keys: source, destination, SPI), in the same direction
  (initiator_to_responder when its source is the IKE SA's initiator);
- every logged SA that carried packets in the capture (counted by tshark
  per source, destination and SPI) is listed, with the same packet count.

Captures without an esp_sa section are skipped.  Exit 0 all hold, 1 not.
"""

import json
import os
import subprocess
import sys


def logged(keys):
    """(src, dst, spi) of the esp_sa lines."""
    out, section = set(), None
    for line in open(keys, encoding="utf-8"):
        line = line.strip()
        if line.startswith("#"):
            word = line[1:].strip()
            if word in ("esp_sa", "ikev1_decryption_table",
                        "ikev2_decryption_table"):
                section = word
            continue
        if section == "esp_sa" and line:
            f = [x.strip('"') for x in line.split(",")]
            out.add((f[1], f[2], int(f[3], 16)))
    return out


def tshark_counts(tshark, pcap):
    r = subprocess.run([tshark, "-r", pcap, "-Y", "esp", "-T", "fields",
                        "-e", "ip.src", "-e", "ip.dst", "-e", "esp.spi"],
                       capture_output=True, text=True, check=True)
    counts = {}
    for line in r.stdout.splitlines():
        s, d, spi = line.split("\t")
        k = (s, d, int(spi, 16))
        counts[k] = counts.get(k, 0) + 1
    return counts


def children(binary, pcap):
    r = subprocess.run([binary, "--json", "-q", "-r", pcap],
                       capture_output=True, text=True, check=True)
    out = {}
    for line in r.stdout.splitlines():
        o = json.loads(line)
        if o["type"] != "sa":
            continue
        ini = o["initiator"].rsplit(":", 1)[0]
        rsp = o["responder"].rsplit(":", 1)[0]
        for c in o["children"]:
            s, d = (ini, rsp) if c["direction"] == \
                "initiator_to_responder" else (rsp, ini)
            out[(s, d, int(c["spi"], 16))] = c["packets"]
    return out


def main(argv):
    binary, tshark, pcaps = argv[0], argv[1], argv[2:]
    bad = checked = 0
    for pcap in pcaps:
        keys = pcap[:-5] + ".keys"
        if not os.path.exists(keys):
            continue
        want = logged(keys)
        if not want:
            continue
        checked += 1
        got = children(binary, pcap)
        seen = tshark_counts(tshark, pcap)
        name = os.path.basename(pcap)
        for k, n in sorted(got.items()):
            if k not in want:
                bad += 1
                print(f"FAIL {name}: child {k[0]} > {k[1]} spi {k[2]:08x}"
                      " is no SA the peers logged (or the wrong way)")
        for k in sorted(want):
            if seen.get(k, 0) == 0:
                continue
            if got.get(k) != seen[k]:
                bad += 1
                print(f"FAIL {name}: SA {k[0]} > {k[1]} spi {k[2]:08x}: "
                      f"tshark counts {seen[k]} packets, ikewatch lists "
                      f"{got.get(k, 'nothing')}")
    print(f"{checked} captures with logged ESP SAs checked, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
