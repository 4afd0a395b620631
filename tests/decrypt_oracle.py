#!/usr/bin/env python3
"""tests/decrypt_oracle.py TSHARK IKEWATCH PCAP WSDIR [--all] KEYFILE...

Decrypts PCAP twice, with ikewatch (--keys KEYFILE...) and with tshark
(WSDIR as its configuration directory, holding the same keys as Wireshark
tables), and compares them frame by frame:

  IKE: a frame decrypts in both or in neither; where both decrypt, the
       payload types, the notify types, the proposals' SPIs and the
       identities' addresses are the same.
  ESP: a packet tshark decrypts with a good ICV ikewatch decrypts with a
       good ICV, and the reverse; the inner addresses and protocol agree.

Frames ikewatch reports as "unsupported" (an algorithm it does not
decrypt) are counted and left out.  With --all every encrypted IKE message
and ESP packet must decrypt.  Prints one summary line; exit 0 when all
agree, 1 otherwise (the differences are listed).
"""

import json
import os
import subprocess
import sys

SUB = {2, 3}            # IKEv2 proposal/transform substructures in tshark
SK = {46, 53}


def ikewatch(binary, pcap, keys):
    cmd = [binary, "--json", "-v"]
    for k in keys:
        cmd += ["--keys", k]
    cmd += ["-r", pcap]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"ikewatch failed: {out.stderr.strip()}")
    frames = {}
    for line in out.stdout.splitlines():
        o = json.loads(line)
        if o.get("type") == "packet":
            frames[o["frame"]] = o
    return frames


FIELDS = ["frame.number", "isakmp.enc.decrypted", "isakmp.typepayload",
          "isakmp.notify.msgtype", "isakmp.spi", "isakmp.id.data.ipv4_addr",
          "esp.icv_good", "esp.icv_bad", "ip.src", "ip.dst", "ip.proto",
          "ipv6.src", "ipv6.dst", "isakmp.enc.data", "isakmp.version",
          "esp.spi", "isakmp.hash", "icmp.type", "_ws.malformed"]


def tshark(binary, pcap, wsdir):
    cmd = [binary, "-r", pcap, "-T", "fields", "-E", "occurrence=a",
           "-E", "aggregator=|"]
    for f in FIELDS:
        cmd += ["-e", f]
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=wsdir)
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"tshark failed: {out.stderr.strip()}")
    frames = {}
    for line in out.stdout.splitlines():
        v = line.split("\t")
        v += [""] * (len(FIELDS) - len(v))
        d = {f: (x.split("|") if x else []) for f, x in zip(FIELDS, v)}
        frames[int(d["frame.number"][0])] = d
    return frames


def payload_list(o):
    return [p.get("type_num") for p in o.get("payloads", [])
            if isinstance(p, dict)]


def notifies(o):
    return sorted(p["notify_num"] for p in o.get("payloads", [])
                  if isinstance(p, dict) and "notify_num" in p)


def prop_spis(o):
    s = set()
    for p in o.get("payloads", []):
        if isinstance(p, dict):
            for pr in p.get("proposals", []):
                if "spi" in pr and len(pr["spi"]) == 8:
                    s.add(pr["spi"].lower())
    return s


def id_addrs(o):
    return sorted(p["address"] for p in o.get("payloads", [])
                  if isinstance(p, dict) and p.get("type", "").startswith("ID")
                  and "address" in p and ":" not in p["address"])


def compare(iw, ts, want_all):
    diffs = []
    n = {"ike": 0, "ike_dec": 0, "esp": 0, "esp_dec": 0, "unsupported": 0,
         "v1_more": 0}
    for no, o in sorted(iw.items()):
        t = ts.get(no)
        if t is None:
            continue
        proto = o.get("proto")
        dec = o.get("decrypted")
        if dec == "unsupported":
            n["unsupported"] += 1
            continue
        if proto in ("ikev1", "ikev2") and o.get("flags", "").find("E") >= 0 \
                or proto == "ikev2" and "encrypted_first" in o \
                or proto in ("ikev1", "ikev2") and dec is not None:
            n["ike"] += 1
            if proto == "ikev2":
                t_dec = bool(t["isakmp.enc.decrypted"])
            else:
                # Wireshark marks no decrypted IKEv1 message: every one
                # starts with a HASH (or, in Main Mode, an ID) payload
                # that only shows once decrypted.
                types = [int(x) for x in t["isakmp.typepayload"]]
                t_dec = bool(types) and types[0] in (5, 8) and \
                    not t["_ws.malformed"]
            i_dec = dec == "ok"
            if want_all and not i_dec:
                diffs.append(f"frame {no}: IKE not decrypted ({dec})")
            if t_dec != i_dec:
                # tshark loses the IKEv1 IV chain where a message comes
                # again (README: Decryption); ikewatch reading more there
                # is counted, not a difference.
                if proto == "ikev1" and i_dec and not t_dec:
                    n["v1_more"] += 1
                else:
                    diffs.append(f"frame {no}: ikewatch {dec}, tshark "
                                 f"{'decrypted' if t_dec else 'not'}")
                continue
            if not i_dec:
                continue
            n["ike_dec"] += 1
            tt = [int(x) for x in t["isakmp.typepayload"]]
            tt = [x for x in tt if x not in SK and
                  (proto == "ikev1" or x not in SUB)]
            if proto == "ikev1":
                tt = [x for x in tt if x not in SUB]
            it = [x for x in payload_list(o) if x not in SK]
            if it != tt:
                diffs.append(f"frame {no}: payloads {it} vs tshark {tt}")
            tn = sorted(int(x) for x in t["isakmp.notify.msgtype"])
            if notifies(o) != tn:
                diffs.append(f"frame {no}: notifies {notifies(o)} vs "
                             f"tshark {tn}")
            tspi = {x.lower().replace("0x", "").replace(":", "")
                    for x in t["isakmp.spi"]}
            missing = {s for s in prop_spis(o) if s not in tspi}
            if missing:
                diffs.append(f"frame {no}: SPIs {sorted(missing)} not in "
                             f"tshark's {sorted(tspi)}")
            tid = sorted(t["isakmp.id.data.ipv4_addr"])
            if id_addrs(o) != tid:
                diffs.append(f"frame {no}: ID addresses {id_addrs(o)} vs "
                             f"tshark {tid}")
        elif proto in ("esp", "esp-udp") and t["esp.spi"]:
            if t["icmp.type"] and t["icmp.type"][0] in ("3", "4", "5",
                                                          "11", "12"):
                continue
            n["esp"] += 1
            i_ok = dec == "ok"
            t_good = "1" in t["esp.icv_good"]
            t_bad = "1" in t["esp.icv_bad"]
            if want_all and not i_ok:
                diffs.append(f"frame {no}: ESP not decrypted ({dec})")
            if i_ok and o.get("icv_checked") and not t_good:
                diffs.append(f"frame {no}: ikewatch ICV good, tshark "
                             f"{'bad' if t_bad else 'unchecked'}")
                continue
            if t_good and not i_ok:
                diffs.append(f"frame {no}: tshark ICV good, ikewatch {dec}")
                continue
            if t_bad and i_ok:
                diffs.append(f"frame {no}: tshark ICV bad, ikewatch ok")
                continue
            if not i_ok:
                continue
            n["esp_dec"] += 1
            inner = o.get("inner", {})
            if "src" in inner:
                v6 = ":" in inner["src"]
                srcs = t["ipv6.src" if v6 else "ip.src"]
                dsts = t["ipv6.dst" if v6 else "ip.dst"]
                # Outer, then inner, when both are of one family.
                outer_v6 = o["src"].startswith("[") or \
                    o["src"].count(":") > 1
                at = 1 if v6 == outer_v6 else 0
                if at >= len(srcs) or srcs[at] != inner["src"] or \
                        dsts[at] != inner["dst"]:
                    diffs.append(f"frame {no}: inner {inner['src']} > "
                                 f"{inner['dst']} vs tshark {srcs} > {dsts}")
            elif inner.get("proto") and not t["ip.proto"] and \
                    not t["ipv6.src"]:
                diffs.append(f"frame {no}: tshark shows no IP header")
    return n, diffs


def main(argv):
    want_all = "--all" in argv
    argv = [a for a in argv if a != "--all"]
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    tsh, iwb, pcap, wsdir = argv[:4]
    keys = argv[4:]
    n, diffs = compare(ikewatch(iwb, pcap, keys), tshark(tsh, pcap, wsdir),
                       want_all)
    name = os.path.basename(pcap)
    print(f"{name}: IKE {n['ike_dec']}/{n['ike']} decrypted, ESP "
          f"{n['esp_dec']}/{n['esp']}, {n['unsupported']} unsupported, "
          f"{n['v1_more']} IKEv1 copies only ikewatch decrypts, "
          f"{len(diffs)} differences")
    for d in diffs[:20]:
        print("   " + d)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
