#!/usr/bin/env python3
"""tshark_oracle.py: check ikewatch's header fields against tshark.

For every capture listed in the corpus MANIFEST.tsv, run tshark once
(-T fields) and ikewatch once (--json), then, for every frame in which
tshark shows IKE (ISAKMP), ESP or AH header fields, require ikewatch's
packet record for that frame to agree on them.  Standard library only.

Exit status: 0 all agree, 1 a mismatch (or a tool failed), 77 skip.

Rules, decided per frame from what tshark itself reports (never per file):

 R1 Layers.  The tshark fields are aligned to layers with frame.protocols:
    the k-th value of a field belongs to the k-th occurrence of its
    protocol in frame.protocols (tshark emits fields in tree order, one
    header field per layer instance).  Outer layers are always complete
    (tshark only reaches a deeper layer after the outer header was
    dissected), so when a layer is cut short the missing values are the
    trailing ones and the values present still align from the front.
    A frame where a field has more values than its protocol has layers
    cannot be aligned; it is reported as "unaligned" and not compared.
 R1a One exception: when tshark reassembles IKE-level fragments (Cisco
    IKEv1 fragmentation; isakmp.fragment.count present) it dissects the
    reassembled message, header included, inside the last fragment's
    isakmp layer.  The first header is the datagram's own and is compared;
    the reassembled message's header is not (ikewatch reports fragments,
    it does not print the reassembled header): counted as "IKE-reassembled
    message headers, not compared".

 R2 ICMP errors.  frame.protocols is split at the first ICMP/ICMPv6
    error (ICMP types 3, 4, 5, 11, 12; ICMPv6 types 1-4).  Layers before
    it form the packet itself, layers after it the quoted (offending)
    packet.  ikewatch reports such a frame as proto "icmp" with a
    "quoted" object carrying ispi/rspi (IKE) or spi (ESP, or AH when the
    quoted packet starts with AH); those are compared, together with the
    quoted addresses, ports and (IPv4) protocol number.  The quoted
    exchange type, message id, length and sequence numbers that tshark
    also decodes are not compared: ikewatch's "quoted" object does not
    carry them (counted as "quoted values ikewatch does not carry").

 R3 Scope of the outer packet.  ikewatch dissects the outermost IP packet:
    IP/IPv6 (with extension headers and fragment reassembly), AH in
    transport mode, then UDP 500/4500 (IKE, ESP-in-UDP, keepalive) or
    ESP.  The first ISAKMP, ESP and AH layers of the packet are compared.
    A layer that tshark finds behind a second IP header (IP-in-IP, an AH
    or GRE tunnel) or behind an earlier layer of the same protocol
    (e.g. ESP inside ESP, decoded only with keys; no keys are given to
    tshark here) is out of scope and counted as "nested, not compared".

 R4 Expected proto.  ISAKMP first: "ikev1" / "ikev2" / "ike" from the
    major version (isakmp.version >> 4 == 1 / 2 / other).  Otherwise ESP:
    "esp-udp" when carried by udpencap, else "esp".  Otherwise AH alone:
    "ah" (or "icmp" when the AH protects an ICMP error).  AH followed
    directly by ESP is "esp" with an "ah" object.
 R4a First fragments.  When the captured part of a first IP fragment
    (offset 0, more fragments) cannot be reassembled, typically because
    the snaplen cut it, tshark dissects what it has and shows the
    transport layer on that frame.  ikewatch then prints proto
    "ip-fragment" with "inner_proto" naming what the datagram starts
    with, and the header fields beside it; "inner_proto" is compared
    against the expected proto, the other fields as usual.

 R5 Fields compared (when tshark has them): ISAKMP ispi, rspi, exchange
    type, message id, length, and whether the RFC 3948 non-ESP marker
    preceded it; ESP spi, sequence; AH spi, sequence; the proto
    name; source/destination address of the IP header that carries the
    compared layer and the UDP ports.  Values are normalised (hex with or
    without 0x, decimal; addresses with the ipaddress module).

 R6 Malformed frames.  A value tshark printed was dissected before any
    malformed point (tshark stops a layer at its first exception), so it
    is compared strictly, malformed or not.  A value tshark could not
    print (the header was cut short) is not required from ikewatch: the
    field lies past tshark's malformed point.  Frames that tshark marks
    with _ws.malformed are counted separately, and a value ikewatch prints
    for such a cut-short field is listed as a note.

 R7 Frames without IKE/ESP/AH fields in tshark are not compared.  Frames
    ikewatch reports as IKE/ESP/AH that tshark shows as something else
    are listed as a note but do not fail the test: the tools legitimately
    differ at the edges (tshark hands an ISAKMP header whose length field
    is below 28 to "data", and shows no ESP layer for a UDP 4500 datagram
    with no payload bytes captured), so these need a human look.

 R8 Every ikewatch packet record, IPsec or not, must name a frame tshark
    read, with the same timestamp (at ikewatch's printed precision, tshark
    truncated to it), captured length and wire length: this checks the
    capture-file readers (pcap, pcapng and its fallback) frame by frame.

tshark runs with an empty private configuration directory, IP and IPv6
reassembly on (like ikewatch) and ESP decryption and the NULL-cipher
heuristic off, so nothing decrypted or guessed enters the comparison.
"""

import argparse
import calendar
import concurrent.futures
import decimal
import ipaddress
import json
import os
import re
import subprocess
import sys
import tempfile

# Per-frame fields (not tied to a layer), then per-layer fields.
FRAME_FIELDS = [
    "frame.number",
    "frame.protocols",
    "_ws.malformed",
    "frame.time_epoch",
    "frame.cap_len",
    "frame.len",
]
LAYER_FIELDS = [
    "isakmp.ispi",
    "isakmp.rspi",
    "isakmp.version",
    "isakmp.exchangetype",
    "isakmp.messageid",
    "isakmp.length",
    "isakmp.fragment.count",
    "udpencap.non_esp_marker",
    "esp.spi",
    "esp.sequence",
    "ah.spi",
    "ah.sequence",
    "icmp.type",
    "icmpv6.type",
    "udp.srcport",
    "udp.dstport",
    "ip.proto",
    "ip.src",
    "ip.dst",
    "ipv6.src",
    "ipv6.dst",
]
FIELDS = FRAME_FIELDS + LAYER_FIELDS

TSHARK_PREFS = [
    "ip.defragment:TRUE",
    "ipv6.defragment:TRUE",
    "esp.enable_encryption_decode:FALSE",
    "esp.enable_null_encryption_decode_heuristic:FALSE",
]

ICMP_ERRORS = {"icmp": {3, 4, 5, 11, 12}, "icmpv6": {1, 2, 3, 4}}
IPSEC = ("isakmp", "esp", "ah")
IP_LAYERS = ("ip", "ipv6")


def proto_of(field):
    return field.split(".", 1)[0]


def as_int(v):
    """tshark prints integers in decimal or, for BASE_HEX, as 0x..."""
    v = v.strip()
    return int(v, 16) if v.lower().startswith("0x") else int(v, 10)


def norm_hex(v, width):
    """A SPI as lowercase hex of the given width, from 0x.. or bare hex."""
    v = v.strip().lower()
    if v.startswith("0x"):
        v = v[2:]
    v = v.replace(":", "")
    return "%0*x" % (width, int(v, 16))


def norm_addr(v):
    try:
        return str(ipaddress.ip_address(v))
    except ValueError:
        return v


def split_endpoint(ep):
    """ikewatch "a.b.c.d:port", "[v6]:port" or a bare address."""
    if ep is None:
        return None, None
    if ep.startswith("["):
        addr, _, port = ep[1:].partition("]:")
        return norm_addr(addr), (int(port) if port else None)
    if ep.count(":") == 1:
        addr, port = ep.split(":")
        return norm_addr(addr), int(port)
    return norm_addr(ep), None


class Frame:
    """One tshark row, with every field value tied to its layer."""

    def __init__(self, row):
        cols = row.split("\t")
        cols += [""] * (len(FIELDS) - len(cols))
        self.vals = {f: (c.split(",") if c != "" else [])
                     for f, c in zip(FIELDS, cols)}
        self.number = int(self.vals["frame.number"][0])
        protos = self.vals["frame.protocols"]
        self.tokens = protos[0].split(":") if protos else []
        self.malformed = bool(self.vals["_ws.malformed"])
        # layer index (position in tokens) -> {field: value}
        self.layer = {i: {} for i in range(len(self.tokens))}
        self.unaligned = []
        pos = {}
        for i, t in enumerate(self.tokens):
            pos.setdefault(t, []).append(i)
        # R1a: tshark dissects an IKE message it reassembled from IKE-level
        # fragments (Cisco IKEv1 fragmentation) inside the payload of the
        # last fragment, in the same isakmp layer, so the header fields
        # repeat there.  The outer header comes first in tree order.
        self.ike_reassembled = 0
        if self.vals["isakmp.fragment.count"] and \
                len(pos.get("isakmp", [])) == 1:
            self.ike_reassembled = len(self.vals["isakmp.ispi"]) - 1
        for f in LAYER_FIELDS:
            vs = self.vals[f]
            where = pos.get(proto_of(f), [])
            if proto_of(f) == "isakmp" and self.ike_reassembled > 0:
                vs = vs[:1]
            if len(vs) > len(where):
                self.unaligned.append("%s has %d values for %d %s layers"
                                      % (f, len(vs), len(where),
                                         proto_of(f)))
                continue
            for v, i in zip(vs, where):
                self.layer[i][f] = v
        self.split = len(self.tokens)
        for i, t in enumerate(self.tokens):
            typ = self.layer[i].get(t + ".type")
            if t in ICMP_ERRORS and typ is not None \
                    and as_int(typ) in ICMP_ERRORS[t]:
                self.split = i
                break

    def has_ipsec(self):
        return any(t in IPSEC for t in self.tokens)

    def part(self, lo, hi):
        """First ISAKMP/ESP/AH layers in tokens[lo:hi], per rule R3.

        Returns (dict proto -> index, number of nested layers skipped).
        """
        first = {}
        nested = 0
        ips = 0
        for i in range(lo, hi):
            t = self.tokens[i]
            if t in IP_LAYERS:
                ips += 1
            if t not in IPSEC:
                continue
            if ips > 1 or t in first:
                nested += 1
            else:
                first[t] = i
        return first, nested

    def carrier(self, idx):
        """(ip layer index, udp layer index or None) carrying layer idx."""
        ip = udp = None
        for i in range(idx - 1, -1, -1):
            t = self.tokens[i]
            if t == "udp" and udp is None and ip is None:
                udp = i
            if t in IP_LAYERS:
                ip = i
                break
        return ip, udp


class Result:
    def __init__(self, rel):
        self.rel = rel
        self.frames = 0          # frames compared
        self.fields = 0          # field values compared
        self.mismatches = []     # (frame, field, ikewatch, tshark, note)
        self.errors = []         # tool failures
        self.notes = []          # informational
        self.counts = {}         # named exclusion / leniency counters
        self.tshark_frames = 0
        self.ikewatch_records = 0

    def count(self, key, n=1):
        self.counts[key] = self.counts.get(key, 0) + n


def run_tshark(tshark, path, cfgdir):
    cmd = [tshark, "-n", "-r", path, "-T", "fields",
           "-E", "separator=/t", "-E", "occurrence=a",
           "-E", "aggregator=,", "-E", "quote=n", "-E", "header=n"]
    for p in TSHARK_PREFS:
        cmd += ["-o", p]
    for f in FIELDS:
        cmd += ["-e", f]
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=cfgdir, LC_ALL="C")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def run_ikewatch(ikewatch, path):
    p = subprocess.run([ikewatch, "--json", "-r", path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def tshark_stderr_lines(err):
    """tshark's stderr without the harmless root warning."""
    return [ln for ln in err.splitlines()
            if ln.strip() and "Running as user" not in ln
            and "could be dangerous" not in ln]


def compare_file(rel, path, args, cfgdir):
    r = Result(rel)
    try:
        trc, tout, terr = run_tshark(args.tshark, path, cfgdir)
    except (OSError, subprocess.SubprocessError) as e:
        r.errors.append("tshark could not run: %s" % e)
        return r
    # tshark exits 2 on a cut-short file but still prints what it read.
    if trc != 0:
        msg = "; ".join(tshark_stderr_lines(terr)) or "no message"
        if not tout.strip():
            r.errors.append("tshark exit %d and no output: %s" % (trc, msg))
            return r
        r.notes.append("tshark exit %d (compared what it read): %s"
                       % (trc, msg))
    try:
        irc, iout, ierr = run_ikewatch(args.ikewatch, path)
    except (OSError, subprocess.SubprocessError) as e:
        r.errors.append("ikewatch could not run: %s" % e)
        return r
    if irc not in (0, 2):
        r.errors.append("ikewatch exit %d: %s"
                        % (irc, ierr.strip().splitlines()[:1]))
    elif irc == 2:
        r.notes.append("ikewatch exit 2: %s" % ierr.strip())

    recs = {}
    for n, line in enumerate(iout.splitlines(), 1):
        try:
            o = json.loads(line)
        except ValueError:
            r.errors.append("ikewatch --json line %d is not JSON: %.100s"
                            % (n, line))
            continue
        if o.get("type") != "packet":
            continue
        r.ikewatch_records += 1
        fr = o.get("frame")
        if fr in recs:
            r.errors.append("ikewatch printed two records for frame %s"
                            % fr)
        recs[fr] = o

    seen = set()
    tshark_numbers = set()
    for row in tout.splitlines():
        if not row.strip():
            continue
        try:
            fr = Frame(row)
        except (ValueError, IndexError) as e:
            r.errors.append("cannot parse tshark row %.80r: %s" % (row, e))
            continue
        r.tshark_frames += 1
        tshark_numbers.add(fr.number)
        if fr.number in recs:
            compare_meta(r, fr, recs[fr.number])
        if not fr.has_ipsec():
            continue
        seen.add(fr.number)
        if fr.unaligned:
            r.count("unaligned (R1)")
            r.notes.append("frame %d: cannot align tshark fields: %s"
                           % (fr.number, "; ".join(fr.unaligned)))
            continue
        compare_frame(r, fr, recs.get(fr.number))

    # R8: every ikewatch record must name a frame that exists.
    for num in sorted(n for n in recs if n not in tshark_numbers):
        r.mismatches.append((num, "frame", "record", "(no such frame)",
                             "ikewatch printed a frame tshark did not read"))

    # R7: ikewatch-only IPsec records, listed for a human, not failed.
    for num, o in sorted(recs.items()):
        if num in seen:
            continue
        p = o.get("proto")
        if p in ("ikev1", "ikev2", "ike", "esp", "esp-udp", "ah") or \
                (p == "icmp" and ("spi" in o.get("quoted", {})
                                  or "ispi" in o.get("quoted", {}))):
            r.count("ikewatch-only IPsec records (R7)")
            r.notes.append("frame %s: ikewatch says %s, tshark shows no "
                           "IKE/ESP/AH" % (num, p))
    return r


def rfc3339_to_decimal(ts):
    """ikewatch "YYYY-MM-DDTHH:MM:SS[.frac]Z" -> (Decimal epoch, digits)."""
    m = re.match(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)"
                 r"(?:\.(\d+))?Z$", ts or "")
    if not m:
        return None, 0
    sec = calendar.timegm(tuple(int(x) for x in m.groups()[:6]))
    frac = m.group(7) or ""
    return decimal.Decimal(sec) + (decimal.Decimal("0." + frac)
                                   if frac else 0), len(frac)


def compare_meta(r, fr, rec):
    """R8: timestamp, captured and wire length of every ikewatch record."""
    def check(field, iw, ts):
        r.fields += 1
        if iw != ts:
            r.mismatches.append((fr.number, field,
                                 "(absent)" if iw is None else iw, ts, ""))

    for tf, key in (("frame.cap_len", "caplen"), ("frame.len", "len")):
        if fr.vals[tf]:
            check(key, rec.get(key), as_int(fr.vals[tf][0]))
    if fr.vals["frame.time_epoch"]:
        t = decimal.Decimal(fr.vals["frame.time_epoch"][0])
        iw, digits = rfc3339_to_decimal(rec.get("ts"))
        if iw is None:
            check("ts", rec.get("ts"), fr.vals["frame.time_epoch"][0])
            return
        # ikewatch prints 6 or 9 digits: compare at its precision,
        # truncating tshark's value (neither tool rounds).
        q = decimal.Decimal(10) ** -digits
        tq = t.quantize(q, rounding=decimal.ROUND_FLOOR)
        if iw == tq:
            r.fields += 1
        else:
            check("ts", rec.get("ts"), fr.vals["frame.time_epoch"][0])


def expected_proto(fr, first):
    """Rule R4."""
    isa, esp, ah = first.get("isakmp"), first.get("esp"), first.get("ah")
    if isa is not None and (esp is None or isa < esp):
        ver = fr.layer[isa].get("isakmp.version")
        if ver is None:
            return None
        major = as_int(ver) >> 4
        return {1: "ikev1", 2: "ikev2"}.get(major, "ike")
    if esp is not None:
        prev = fr.tokens[esp - 1] if esp > 0 else ""
        return "esp-udp" if prev == "udpencap" else "esp"
    if fr.split < len(fr.tokens):
        return "icmp"           # AH protecting an ICMP error
    return "ah"


def compare_frame(r, fr, rec):
    outer, nested_o = fr.part(0, fr.split)
    quoted, nested_q = fr.part(fr.split + 1, len(fr.tokens)) \
        if fr.split < len(fr.tokens) else ({}, 0)
    if nested_o or nested_q:
        r.count("nested layers, not compared (R3)", nested_o + nested_q)
    if not outer and not quoted:
        return
    if fr.malformed:
        r.count("frames tshark marks malformed (R6)")
    if fr.ike_reassembled:
        r.count("IKE-reassembled message headers, not compared (R1a)",
                fr.ike_reassembled)
    r.frames += 1
    if rec is None:
        want = expected_proto(fr, outer) if outer else "icmp"
        r.mismatches.append((fr.number, "record", "(none)", want,
                             "tshark shows %s" % ":".join(fr.tokens)))
        return

    def check(field, iw, ts, note=""):
        r.fields += 1
        if iw != ts:
            r.mismatches.append((fr.number, field,
                                 "(absent)" if iw is None else iw, ts, note))

    def past(obj, key, prefix):
        """R6: tshark has no value (its data ended); ikewatch need not."""
        r.count("values past tshark's end of data (R6)")
        if key in obj:
            r.count("ikewatch values where tshark's data ended (R6 note)")
            r.notes.append("frame %d: ikewatch prints %s%s=%s, a field "
                           "tshark found cut short" % (fr.number, prefix,
                                                       key,
                                                       json.dumps(obj[key])))

    def endpoints(idx, obj, prefix):
        """Addresses and UDP ports of the IP/UDP carrying layer idx."""
        ip, udp = fr.carrier(idx)
        if ip is None:
            return
        t = fr.tokens[ip]
        sa, sp = split_endpoint(obj.get("src"))
        da, dp = split_endpoint(obj.get("dst"))
        for end, a in (("src", sa), ("dst", da)):
            v = fr.layer[ip].get("%s.%s" % (t, end))
            if v is not None:
                check(prefix + end + ".addr", a, norm_addr(v))
        if udp is not None:
            for end, port, f in (("src", sp, "udp.srcport"),
                                 ("dst", dp, "udp.dstport")):
                v = fr.layer[udp].get(f)
                if v is not None:
                    check(prefix + end + ".port", port, as_int(v))

    def quoted_proto(idx, q):
        """The quoted IPv4 header's protocol.  For IPv6 tshark's ipv6.nxt
        names the first extension header, not the upper layer ikewatch
        reports, so it is not compared."""
        ip, _ = fr.carrier(idx)
        if ip is not None and fr.tokens[ip] == "ip" and \
                "ip.proto" in fr.layer[ip]:
            check("quoted.ip_proto", q.get("ip_proto"),
                  as_int(fr.layer[ip]["ip.proto"]))

    def ike_fields(idx, obj, prefix, full):
        L = fr.layer[idx]
        for tf, key in (("isakmp.ispi", "ispi"), ("isakmp.rspi", "rspi")):
            if tf in L:
                check(prefix + key, obj.get(key), norm_hex(L[tf], 16))
            else:
                past(obj, key, prefix)
        for tf, key in (("isakmp.exchangetype", "exchange_type"),
                        ("isakmp.messageid", "msgid"),
                        ("isakmp.length", "length")):
            if tf not in L:
                if full:
                    past(obj, key, prefix)
                continue
            if full:
                check(prefix + key, obj.get(key), as_int(L[tf]))
            else:
                r.count("quoted values ikewatch does not carry (R2)")

    def spi_seq(idx, obj, prefix, proto, full):
        L = fr.layer[idx]
        if proto + ".spi" in L:
            check(prefix + "spi", obj.get("spi"),
                  norm_hex(L[proto + ".spi"], 8))
        else:
            past(obj, "spi", prefix)
        if proto + ".sequence" in L:
            if full:
                check(prefix + "seq", obj.get("seq"),
                      as_int(L[proto + ".sequence"]))
            else:
                r.count("quoted values ikewatch does not carry (R2)")
        elif full:
            past(obj, "seq", prefix)

    if outer:
        want = expected_proto(fr, outer)
        got, pfield = rec.get("proto"), "proto"
        if got == "ip-fragment" and "inner_proto" in rec:
            # R4a: a first fragment ikewatch could not reassemble.
            got, pfield = rec["inner_proto"], "inner_proto"
            r.count("unreassembled first fragments, compared by "
                    "inner_proto (R4a)")
        note = "tshark: %s" % ":".join(fr.tokens)
        if want is not None:
            check(pfield, got, want, note)
        elif got in ("ikev1", "ikev2", "ike"):
            r.fields += 1
        else:
            check(pfield, got, "ikev1|ikev2|ike", note)
        isa, esp, ah = outer.get("isakmp"), outer.get("esp"), outer.get("ah")
        if isa is not None and (esp is None or isa < esp):
            ike_fields(isa, rec, "", True)
            endpoints(isa, rec, "")
            # The four-zero non-ESP marker of RFC 3948 before IKE on 4500.
            enc = isa - 1 if isa > 0 and fr.tokens[isa - 1] == "udpencap" \
                else None
            marker = enc is not None and \
                "udpencap.non_esp_marker" in fr.layer[enc]
            # Only where tshark read an ISAKMP header at all (R6).
            if "isakmp.ispi" in fr.layer[isa]:
                check("non_esp_marker", rec.get("non_esp_marker"), marker)
        elif esp is not None:
            spi_seq(esp, rec, "", "esp", True)
            endpoints(esp, rec, "")
        if ah is not None:
            a = rec.get("ah")
            spi_seq(ah, a if isinstance(a, dict) else {}, "ah.", "ah",
                    True)
            if isa is None and esp is None:
                endpoints(ah, rec, "")
    if quoted:
        q = rec.get("quoted")
        if rec.get("proto") != "icmp" or not isinstance(q, dict):
            check("proto", rec.get("proto"), "icmp",
                  "ICMP error quoting %s" % ":".join(
                      fr.tokens[fr.split + 1:]))
            return
        isa, esp, ah = (quoted.get("isakmp"), quoted.get("esp"),
                        quoted.get("ah"))
        if isa is not None and (esp is None or isa < esp):
            ike_fields(isa, q, "quoted.", False)
            endpoints(isa, q, "quoted.")
            quoted_proto(isa, q)
        else:
            # ikewatch's quoted "spi" is that of the first IPsec header.
            cand = [i for i in (esp, ah) if i is not None]
            first = min(cand)
            proto = fr.tokens[first]
            spi_seq(first, q, "quoted.", proto, False)
            if proto == "ah" and esp is not None:
                r.count("quoted values ikewatch does not carry (R2)")
            endpoints(first, q, "quoted.")
            quoted_proto(first, q)


def read_manifest(corpus):
    out = []
    with open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n == 0 or not line.strip():
                continue
            out.append(line.rstrip("\n").split("\t", 1)[0])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--ikewatch", required=True)
    ap.add_argument("--tshark", required=True)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print per-file counts and all notes")
    ap.add_argument("files", nargs="*",
                    help="only these manifest paths (default: all)")
    args = ap.parse_args()

    try:
        files = read_manifest(args.corpus)
    except OSError as e:
        print("SKIP: cannot read the corpus manifest: %s" % e)
        return 77
    if args.files:
        unknown = [f for f in args.files if f not in files]
        if unknown:
            print("FAIL: not in the manifest: %s" % ", ".join(unknown))
            return 1
        files = args.files
    jobs = args.jobs or min(8, max(2, (os.cpu_count() or 2)))

    # A tshark that does not know these fields (another major version)
    # cannot serve as the oracle: skip rather than fail.
    try:
        g = subprocess.run([args.tshark, "-G", "fields"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           timeout=120)
    except (OSError, subprocess.SubprocessError) as e:
        print("SKIP: cannot run %s: %s" % (args.tshark, e))
        return 77
    known = set()
    for line in g.stdout.decode("utf-8", "replace").splitlines():
        cols = line.split("\t")
        if len(cols) > 2 and cols[0] in ("F", "P"):
            known.add(cols[2])
    missing = [f for f in FIELDS if f not in known]
    if missing:
        print("SKIP: %s lacks the fields %s" % (args.tshark,
                                                 ", ".join(missing)))
        return 77

    results = []
    with tempfile.TemporaryDirectory(prefix="ikewatch-wscfg.") as cfgdir:
        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            futs = []
            for rel in files:
                path = os.path.join(args.corpus, rel)
                if not os.path.isfile(path):
                    r = Result(rel)
                    r.errors.append("listed in MANIFEST.tsv but missing")
                    futs.append(None)
                    results.append(r)
                    continue
                futs.append(ex.submit(compare_file, rel, path, args, cfgdir))
            for f in futs:
                if f is not None:
                    results.append(f.result())
    results.sort(key=lambda r: files.index(r.rel))

    tot = {"frames": 0, "fields": 0, "mismatches": 0, "errors": 0}
    counts = {}
    bad = []
    for r in results:
        tot["frames"] += r.frames
        tot["fields"] += r.fields
        tot["mismatches"] += len(r.mismatches)
        tot["errors"] += len(r.errors)
        for k, v in r.counts.items():
            counts[k] = counts.get(k, 0) + v
        if r.mismatches or r.errors:
            bad.append(r)
        if args.verbose:
            print("%-70s frames %5d fields %6d mismatches %d"
                  % (r.rel, r.frames, r.fields, len(r.mismatches)))
            for k in sorted(r.counts):
                print("    %s: %d" % (k, r.counts[k]))
            for n in r.notes:
                print("    note: %s" % n)

    print("tshark-oracle: %d captures, %d frames compared, %d fields "
          "compared, %d mismatches, %d tool errors"
          % (len(results), tot["frames"], tot["fields"],
             tot["mismatches"], tot["errors"]))
    for k in sorted(counts):
        print("tshark-oracle:   %s: %d" % (k, counts[k]))
    if not args.verbose:
        notes = [(r.rel, n) for r in results for n in r.notes]
        if notes:
            print("tshark-oracle: %d notes (not failures):" % len(notes))
            for rel, n in notes[:40]:
                print("  %s: %s" % (rel, n))
            if len(notes) > 40:
                print("  ... %d more (run with -v)" % (len(notes) - 40))
    for r in bad:
        print("FAIL %s: %d mismatches, %d errors"
              % (r.rel, len(r.mismatches), len(r.errors)))
        for e in r.errors:
            print("  error: %s" % e)
        for i, (num, field, iw, ts, note) in enumerate(r.mismatches):
            if i == 50:
                print("  ... %d more mismatches in this file"
                      % (len(r.mismatches) - 50))
                break
            print("  frame %d %s: ikewatch %s, tshark %s%s"
                  % (num, field, json.dumps(iw), json.dumps(ts),
                     " (%s)" % note if note else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
