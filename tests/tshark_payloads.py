#!/usr/bin/env python3
"""tshark_payloads.py: check ikewatch's decoded IKE payloads against tshark.

For every capture given (the project's pcaps/ and the corpus MANIFEST.tsv),
run tshark once (-T json, frames with ISAKMP only) and ikewatch once
(--json -vv), then, for every frame in which tshark dissects an IKE
message, require ikewatch's packet record for that frame to carry the same
header fields and the same payloads, in the same order, with the same
decoded values.  Standard library only; tests/tshark_oracle.py supplies
the small value helpers.

Exit status: 0 all agree, 1 a difference (or a tool failed), 77 skip.

Rules, decided per frame and per value from what tshark itself reports
(never per file):

 P1 Which message.  tshark's layers are read in order from its JSON
    (duplicate keys kept).  The compared ISAKMP layer is the first one of
    the packet itself: before any ICMP/ICMPv6 error (types as in
    tshark_oracle.py R2) and behind at most one IP header.  IKE quoted in
    an ICMP error (ikewatch keeps only its SPIs there) and IKE behind a
    second IP header (a tunnel) are counted and not compared, as are IKE
    messages tshark reassembled from Cisco IKEv1 fragments (dissected
    inside the last fragment's FRAG payload; ikewatch reports the
    fragments, and the fragment payload itself is compared).
 P2 Header.  ispi, rspi, exchange type, message id and length as in the
    header oracle, plus the flags: the letters ikewatch prints (IKEv1 E C
    A, IKEv2 I R V) must be exactly the defined bits set in tshark's
    isakmp.flags; reserved bits have no letter and are not compared.
 P3 Payload list.  tshark's top-level payloads (isakmp.typepayload, in
    order) against ikewatch's "payloads", index by index.  The type is
    compared by number: ikewatch's name is mapped through the RFC
    registries (IKEv1 RFC 2408/3947/6407 and Cisco's FRAG 132, IKEv2 RFC
    7296/7383/6467/9838; "NAT-D" and "NAT-OA" stand for both the RFC and
    the draft numbers, "UNKNOWN(n)" for n), the version taken from
    tshark's isakmp.version.  Then the payload length, the IKEv2 critical
    bit, and the fields of P5.  Both lists must have the same length,
    except as P4 allows.
 P4 Where tshark's reading ends.
 P4a Bogus lengths.  A payload, proposal or transform whose length tshark
    rejects ends its list: that element and its later siblings are
    counted and not compared, and ikewatch may print them or not.  Such
    an element is one with a "Payload (bogus, length is N ...)" expert
    (isakmp.payloadlength.invalid; tshark puts it inside a payload, but
    after a proposal or transform as its sibling, where it belongs to the
    element just printed when that one's length is N and otherwise
    stands for one more element tshark found no room for), or one whose
    length is below its own header (4 for a payload, 8 for a proposal or
    transform).  When ikewatch shows no sign of the damage (no anomaly on
    the record; no truncated, malformed or extra_bytes in the payload)
    that is listed as a note.
 P4b tshark gave up.  When the frame carries _ws.malformed, _ws.short or
    _ws.unreassembled, or tshark printed no payload although the header
    names a first one (its length field is beyond the captured data),
    the last element tshark printed, at every level, may be partial: its
    missing values are not required (P5), and ikewatch's list there must
    hold at least the elements tshark printed; the ones after are
    counted and not compared.
 P4c Encryption.  An IKEv1 message with the E flag: ikewatch's single
    "encrypted" entry stands for tshark's isakmp.enc.data, and its
    first_payload must be the header's next payload.  An IKEv2 SK/SKF
    payload: only the outer fields (first_inner, the SK payload's next
    payload, which ikewatch omits when 0; fragment number and total).
 P4d A major version other than 1 or 2 has no payload registry: the
    header is compared, the payloads are not (ikewatch lists none).
 P5 Fields.  Each value tshark prints is compared with ikewatch's value
    for it, numbers against the *_num fields (names are never compared,
    so spelling cannot differ), bytes as lowercase hex, addresses through
    the ipaddress module.  A value tshark does not print is not required
    (it lies past tshark's end of data or tshark does not decode it);
    values ikewatch prints that tshark does not decode are not checked.
    Lists (proposals, transforms, attributes, selectors, delete SPIs,
    hash algorithms) must have the same length and are compared element
    by element.  Where ikewatch prints a value in one of several forms
    (a TLV attribute or a configuration attribute as a number, an
    address, text or hex) the value must equal tshark's raw bytes under
    the form ikewatch chose: a number, the leading 4 or 16 bytes as an
    address, the bytes as text, or the bytes in hex.  An ID name tshark
    shows as a C string (up to the first NUL); a name ikewatch prints in
    hex because it holds unprintable bytes is compared the same way.
 P5a Values read past their container.  tshark 4.0 reads ID data, NAT-OA
    addresses, SPIs (of proposals, notifies, deletes) and transform
    attributes from the rest of the packet without bounding them by the
    length of their payload, proposal or transform.  A value that needs
    more bytes than its container holds after its fixed header is not
    compared (counted), nor are the attributes after it; ikewatch
    must then say the payload is damaged (truncated, malformed or
    extra_bytes in it, or an anomaly on the record), since what it
    prints or leaves out there is not the value the field announces.
 P6 Values ikewatch omits by design are compared as their default: an
    IKEv2 notify's protocol when it is 0 (the IKE SA), a proposal or
    notify SPI when the SPI size is 0, the critical flag when clear.
 P7 Vendor IDs.  The bytes are compared like any field.  The name is
    compared as known/unknown: tshark's "Unknown Vendor ID" against
    ikewatch printing no "vendor".  Known on one side only is a
    difference, in either direction.  Known on both sides: the names
    agree when one contains the other (lower case, letters and digits
    only), or when they share a distinctive word (3+ letters, not a
    generic one such as "ike" or "draft") and, if both carry numbers,
    at least one number; otherwise they are listed as a spelling note,
    not a failure.
 P8 Records.  Every compared frame must have an ikewatch record with a
    "payloads" list, and no object in an ikewatch record with payloads
    may hold the same key twice (a reader keeps only one of the values).
    Frames ikewatch decodes as IKE that tshark does not show as ISAKMP
    are the header oracle's business (its R7) and are not looked at here.

Output: the counts (captures, IKE packets, payloads, fields compared,
mismatches), each rule's exclusion counter, the vendor-name spelling
notes, other notes, mismatches by field, then every mismatch as
"frame N payloads[i] field: ikewatch X, tshark Y" under its capture.
Field paths follow ikewatch's JSON (payloads[i].proposals[j]...).

tshark runs with an empty private configuration directory (no IKE or ESP
keys), IP and IPv6 reassembly on, ESP decryption and the NULL-cipher
heuristic off, so nothing decrypted enters the comparison.
"""

import argparse
import concurrent.futures
import ipaddress
import json
import os
import re
import subprocess
import sys
import tempfile

# The header oracle's helpers, without leaving a __pycache__ in tests/.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_oracle import (TSHARK_PREFS, ICMP_ERRORS, as_int,  # noqa: E402
                           norm_addr, read_manifest, tshark_stderr_lines)

# P3: payload type numbers by ikewatch's name (RFC registries, not
# ikewatch's own table).
PAYLOADS_V1 = {
    "SA": {1}, "P": {2}, "T": {3}, "KE": {4}, "ID": {5}, "CERT": {6},
    "CR": {7}, "HASH": {8}, "SIG": {9}, "NONCE": {10}, "N": {11},
    "D": {12}, "VID": {13}, "ATTR": {14}, "SAK": {15}, "SAT": {16},
    "KD": {17}, "SEQ": {18}, "POP": {19}, "NAT-D": {20, 130},
    "NAT-OA": {21, 131}, "GAP": {22}, "FRAG": {132},
}
PAYLOADS_V2 = {
    "SA": {33}, "KE": {34}, "IDi": {35}, "IDr": {36}, "CERT": {37},
    "CERTREQ": {38}, "AUTH": {39}, "Nonce": {40}, "N": {41}, "D": {42},
    "V": {43}, "TSi": {44}, "TSr": {45}, "SK": {46}, "CP": {47},
    "EAP": {48}, "GSPM": {49}, "IDg": {50}, "GSA": {51}, "KD": {52},
    "SKF": {53}, "PS": {54},
}
# P2: flag letters and their bits.
FLAGS = {1: {"E": 0x01, "C": 0x02, "A": 0x04},
         2: {"I": 0x08, "V": 0x10, "R": 0x20}}

UNKNOWN_VID = "Unknown Vendor ID"
# P4: layers tshark adds when it stopped dissecting before the end.
ENDED = ("_ws.malformed", "_ws.short", "_ws.unreassembled")
# P4: what ikewatch prints on an element it could not read whole.
FLAG_KEYS = ("truncated", "malformed", "extra_bytes")
JSON_LAYERS = "frame icmp icmpv6 isakmp"
# The tshark fields the rules rely on most (checked before the run).
NEEDED_FIELDS = [
    "isakmp.typepayload", "isakmp.payloadlength", "isakmp.version",
    "isakmp.flags", "isakmp.prop.number", "isakmp.prop.protoid",
    "isakmp.tf.type", "isakmp.trans.id", "isakmp.ike.attr.type",
    "isakmp.ike2.attr.type", "isakmp.key_exchange.dh_group",
    "isakmp.id.type", "isakmp.notify.msgtype", "isakmp.delete.spi",
    "isakmp.vid_bytes", "isakmp.vid_string", "isakmp.ts.type",
    "isakmp.frag.number", "isakmp.frag.packetid", "isakmp.cfg.attr.type",
    "isakmp.payloadlength.invalid",
]


def payload_numbers(version, name):
    """The type numbers an ikewatch payload name stands for (P3)."""
    m = re.match(r"^UNKNOWN\((\d+)\)$", name or "")
    if m:
        return {int(m.group(1))}
    table = PAYLOADS_V1 if version == 1 else PAYLOADS_V2 \
        if version == 2 else {}
    return table.get(name, set())


# --- tshark's JSON, duplicate keys kept: every object is a list of pairs.

def obj(node):
    """node when it is a JSON object (a list of (key, value) pairs), else
    an empty one: a JSON array or a plain value has no fields."""
    if isinstance(node, list) and all(isinstance(x, tuple) for x in node):
        return node
    return []


def first(node, key, default=None):
    for k, v in obj(node):
        if k == key:
            return v
    return default


def every(node, key):
    return [v for k, v in obj(node) if k == key]


def find(node, key):
    """Every value of key anywhere under node, in tree order."""
    out = []
    for k, v in obj(node):
        if k == key:
            out.append(v)
        if isinstance(v, list):
            out.extend(find(v, key))
    return out


def raw_bytes(v):
    """tshark FT_BYTES "aa:bb:cc" (or "") as bytes."""
    v = (v or "").replace(":", "").strip()
    return bytes.fromhex(v)


def hexs(v):
    return raw_bytes(v).hex()


def bogus_marker(v):
    """A "Payload (bogus ...)" item: isakmp.payloadlength.invalid expert."""
    if not isinstance(v, list):
        return False
    ex = first(v, "_ws.expert")
    if ex is None:
        return False
    msg = first(ex, "_ws.expert.message") or ""
    return first(ex, "isakmp.payloadlength.invalid") is not None and \
        msg.startswith("Payload (bogus")


def bogus_length(v):
    """N of a "Payload (bogus, length is N ...)" item, else -1."""
    m = re.search(r"length is (\d+)", first(first(
        v, "_ws.expert"), "_ws.expert.message") or "")
    return int(m.group(1)) if m else -1


def elements(node, kind=None):
    """The (sub)payloads of node in order: [(type, tree, bogus)].

    tshark prints a "Payload (bogus, length is N ...)" item either inside
    the element it rejects or after it, as its sibling; and when it finds
    no room for one more element, after the last one.  An item belongs to
    the element whose own length is N, inside or just before it; an item
    that belongs to neither stands for one more element, added as a bogus
    element without a tree (P4a)."""
    out = []
    node = obj(node)

    def own(tree):
        plen = first(tree, "isakmp.payloadlength")
        return plen is not None and any(
            bogus_marker(x) and bogus_length(x) == as_int(plen)
            for _, x in tree)

    for i, (k, v) in enumerate(node):
        if k == "isakmp.typepayload":
            tree = obj(node[i + 1][1]) if i + 1 < len(node) and \
                node[i + 1][0] == k + "_tree" else []
            out.append([as_int(v), tree, own(tree)])
        elif bogus_marker(v):
            n = bogus_length(v)
            last = first(out[-1][1], "isakmp.payloadlength") if out \
                else None
            mine = first(node, "isakmp.payloadlength")
            if last is not None and as_int(last) == n:
                out[-1][2] = True
            elif mine is None or as_int(mine) != n:
                out.append([kind, [], True])
    if kind is not None:
        out = [e for e in out if e[0] == kind]
    return out


# P7: words that do not tell one vendor from another.
VENDOR_STOP = {"the", "of", "in", "and", "for", "with", "ike", "ikev1",
               "ikev2", "id", "vendor", "version", "rfc", "draft", "ietf",
               "ipsec", "support", "supported", "unknown", "mode"}


def same_vendor(a, b):
    """P7: one normalised name contains the other; or they share a
    distinctive word (3+ letters, not in VENDOR_STOP) and, when both
    carry numbers (versions, RFC or draft numbers), at least one."""
    na, nb = (re.sub(r"[^a-z0-9]", "", x.lower()) for x in (a, b))
    if na and nb and (na in nb or nb in na):
        return True
    wa, wb = ({w for w in re.findall(r"[a-z]+", x.lower())
               if len(w) >= 3 and w not in VENDOR_STOP} for x in (a, b))
    da, db = ({int(d) for d in re.findall(r"[0-9]+", x)} for x in (a, b))
    return bool(wa & wb) and (not da or not db or bool(da & db))


# --- one capture


class Result:
    def __init__(self, rel):
        self.rel = rel
        self.packets = 0
        self.payloads = 0
        self.fields = 0
        self.mismatches = []   # (frame, where, field, ikewatch, tshark)
        self.errors = []
        self.notes = []
        self.vendor_notes = []  # P7 spelling differences
        self.counts = {}

    def count(self, key, n=1):
        self.counts[key] = self.counts.get(key, 0) + n


def run_tshark(tshark, path, cfgdir):
    cmd = [tshark, "-n", "-r", path, "-T", "json", "-J", JSON_LAYERS,
           "-Y", "isakmp"]
    for p in TSHARK_PREFS:
        cmd += ["-o", p]
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=cfgdir, LC_ALL="C")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def run_ikewatch(ikewatch, path):
    p = subprocess.run([ikewatch, "--json", "-vv", "-r", path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def compare_file(rel, path, args, cfgdir):
    r = Result(rel)
    try:
        trc, tout, terr = run_tshark(args.tshark, path, cfgdir)
    except (OSError, subprocess.SubprocessError) as e:
        r.errors.append("tshark could not run: %s" % e)
        return r
    if trc != 0:
        msg = "; ".join(tshark_stderr_lines(terr)) or "no message"
        if not tout.strip():
            r.errors.append("tshark exit %d and no output: %s" % (trc, msg))
            return r
        r.notes.append("tshark exit %d (compared what it read): %s"
                       % (trc, msg))
    try:
        # An empty selection prints nothing, or "[\n]" on some versions.
        pkts = json.loads(tout, object_pairs_hook=list) if tout.strip() \
            else []
    except ValueError as e:
        # A cut-short file: tshark may stop mid-array.  Close it.
        try:
            pkts = json.loads(tout.rstrip().rstrip(",") + "\n]",
                              object_pairs_hook=list)
            r.notes.append("tshark JSON closed by hand: %s" % e)
        except ValueError:
            r.errors.append("tshark JSON does not parse: %s" % e)
            return r
    try:
        irc, iout, ierr = run_ikewatch(args.ikewatch, path)
    except (OSError, subprocess.SubprocessError) as e:
        r.errors.append("ikewatch could not run: %s" % e)
        return r
    if irc not in (0, 2):
        r.errors.append("ikewatch exit %d: %s"
                        % (irc, ierr.strip().splitlines()[:1]))
    recs = {}
    for n, line in enumerate(iout.splitlines(), 1):
        dups = []

        def unique(pairs):
            seen = set()
            for k, _ in pairs:
                if k in seen:
                    dups.append(k)
                seen.add(k)
            return dict(pairs)
        try:
            o = json.loads(line, object_pairs_hook=unique)
        except ValueError:
            r.errors.append("ikewatch --json line %d is not JSON: %.100s"
                            % (n, line))
            continue
        if o.get("type") != "packet":
            continue
        recs[o.get("frame")] = o
        # P8: a name twice in one object loses all but one of its values.
        if "payloads" in o:
            r.fields += 1
            if dups:
                r.mismatches.append((o.get("frame"), "record",
                                     "duplicate JSON keys", sorted(set(dups)),
                                     "each key once per object"))

    for pkt in pkts:
        layers = first(first(pkt, "_source", []), "layers", [])
        frame = first(layers, "frame", [])
        try:
            num = int(first(frame, "frame.number"))
        except (TypeError, ValueError):
            r.errors.append("a tshark packet without frame.number")
            continue
        Frame(r, num, layers, recs.get(num)).compare()
    return r


class _Tails:
    """Iterates a plan, setting frame.tail for each element (P4: only
    the last element tshark printed before it gave up may be partial)."""

    def __init__(self, frame, items):
        self.frame = frame
        self.items = items

    def __iter__(self):
        saved = self.frame.tail
        try:
            for i, a, tree, t, tail in self.items:
                self.frame.tail = tail
                yield i, a, tree, t
        finally:
            self.frame.tail = saved


class Frame:
    """One tshark packet against one ikewatch record."""

    def __init__(self, r, num, layers, rec):
        self.r = r
        self.frame = num
        self.layers = layers
        self.rec = rec
        self.where = ""
        self.ended = False
        self.tail = False
        self.cur = None

    # -- reporting

    def check(self, field, iw, ts):
        """Compare one value; None on the ikewatch side is "(absent)"."""
        self.r.fields += 1
        if iw != ts:
            self.r.mismatches.append(
                (self.frame, self.where, field,
                 "(absent)" if iw is None else iw, ts))
            return False
        return True

    def differ(self, field, iw, ts):
        self.r.fields += 1
        self.r.mismatches.append((self.frame, self.where, field, iw, ts))

    # -- P1

    def outer_isakmp(self):
        """The ISAKMP layer of the packet itself, or None (P1)."""
        ips = 0
        for name, body in self.layers:
            if name in ("ip", "ipv6"):
                ips += 1
            if name in ICMP_ERRORS:
                t = first(body, name + ".type")
                if t is not None and as_int(t) in ICMP_ERRORS[name]:
                    if any(n == "isakmp" for n, _ in self.layers):
                        self.r.count("IKE quoted in ICMP errors, not "
                                     "compared (P1)")
                    return None
            if name == "isakmp":
                if ips > 1:
                    self.r.count("IKE behind a second IP header, not "
                                 "compared (P1)")
                    return None
                return body
        return None

    def compare(self):
        isa = self.outer_isakmp()
        if isa is None:
            return
        # Reassembled Cisco IKEv1 messages sit inside the FRAG payload.
        nested = len(find(isa, "isakmp"))
        if nested:
            self.r.count("IKE messages reassembled by tshark from IKEv1 "
                         "fragments, not compared (P1)", nested)
        ver = first(isa, "isakmp.version")
        if ver is None:
            self.r.count("ISAKMP layers without a header, not compared")
            return
        major = as_int(ver) >> 4
        self.r.packets += 1
        rec = self.rec
        if rec is None:
            self.differ("record", "(none)", "ISAKMP v%d" % major)
            return
        self.header(isa, rec, major)
        if major not in (1, 2):
            self.r.count("messages of another major version: payloads not "
                         "compared (P4)")
            return
        if not isinstance(rec.get("payloads"), list):
            self.where = "payloads"
            self.differ("payloads", "(absent)", "%d payloads"
                        % len(elements(isa)))
            return
        self.payload_list(isa, rec, major)

    # -- P2

    def header(self, isa, rec, major):
        self.where = "header"
        for tf, key in (("isakmp.ispi", "ispi"), ("isakmp.rspi", "rspi")):
            v = first(isa, tf)
            if v is not None:
                self.check(key, rec.get(key), hexs(v))
        for tf, key in (("isakmp.exchangetype", "exchange_type"),
                        ("isakmp.messageid", "msgid"),
                        ("isakmp.length", "length")):
            v = first(isa, tf)
            if v is not None:
                self.check(key, rec.get(key), as_int(v))
        v = first(isa, "isakmp.flags")
        if v is not None and major in FLAGS:
            bits = as_int(v)
            want = "".join(sorted(c for c, b in FLAGS[major].items()
                                  if bits & b))
            got = rec.get("flags")
            self.check("flags", "".join(sorted(got)) if isinstance(
                got, str) else got, want)

    # -- P3, P4

    def payload_list(self, isa, rec, major):
        ts = elements(isa)
        iw = list(rec["payloads"])
        np = first(isa, "isakmp.nextpayload")
        enc = first(isa, "isakmp.enc.data") is not None
        off = 0
        if iw and iw[0].get("type") == "encrypted":
            self.where = "payloads[0]"
            e = iw.pop(0)
            off = 1
            self.r.payloads += 1
            if not enc:
                self.differ("type", "encrypted", "(no isakmp.enc.data)")
            if np is not None:
                self.check("first_payload", self.type_num(
                    major, e.get("first_payload"), as_int(np)), as_int(np))
        elif enc and major == 1:
            self.where = "payloads[0]"
            self.differ("type", iw[0].get("type") if iw else "(absent)",
                        "encrypted")
        # P4: tshark gave up on this message before its end.
        self.ended = any(n in ENDED for n, _ in self.layers) or \
            (not ts and not enc and np is not None and as_int(np) != 0)
        self.tail = self.ended
        self.cur = iw
        self.where = "payloads"
        plan = self.plan("payloads", iw, ts, 4,
                         lambda: [x.get("type") for x in iw],
                         lambda: [t for t, _, _ in ts])
        for i, a, tree, t in plan:
            self.where = "payloads[%d]" % (i + off)
            self.cur = a
            self.r.payloads += 1
            self.payload(major, t, tree, a)

    def flagged(self):
        """ikewatch noticed something wrong: an anomaly on the record or
        truncated / malformed / extra_bytes in the payload at hand."""
        if self.rec.get("anomalies"):
            return True

        def walk(o):
            if isinstance(o, dict):
                if any(k in o for k in FLAG_KEYS):
                    return True
                return any(walk(v) for v in o.values())
            if isinstance(o, list):
                return any(walk(v) for v in o)
            return False
        return walk(self.cur)

    def plan(self, field, iwl, tsl, minlen, iwdesc=None, tsdesc=None):
        """P4 for one list: returns [(index, ikewatch, tree, type)] to
        compare, each with self.tail set for its turn through the
        iterator, after checking the counts."""
        if not isinstance(iwl, list):
            iwl = []
        cut = None
        for i, (t, tree, bog) in enumerate(tsl):
            plen = first(tree, "isakmp.payloadlength")
            if bog or (plen is not None and as_int(plen) < minlen):
                cut = i
                break
        # On tshark's last path a list is open unless its last element
        # says it is the last (next payload / last substructure 0).
        open_ = self.tail and (not tsl or first(
            tsl[-1][1], "isakmp.nextpayload") != "0")
        if cut is not None:
            self.r.count("elements with a bogus length and their later "
                         "siblings, not compared (P4)", len(tsl) - cut)
            if not self.flagged():
                self.r.count("bogus elements ikewatch shows no sign of "
                             "(P4 note)")
                self.r.notes.append(
                    "frame %d %s %s[%d]: tshark finds a bogus length, "
                    "ikewatch prints no anomaly, truncated, malformed or "
                    "extra_bytes" % (self.frame, self.where, field, cut))
            tsl = tsl[:cut]
            open_ = True
        if open_ and len(iwl) >= len(tsl):
            self.r.fields += 1
            if len(iwl) > len(tsl):
                self.r.count("ikewatch elements past tshark's end of data "
                             "or a bogus length, not compared (P4)",
                             len(iwl) - len(tsl))
        elif len(iwl) != len(tsl) and iwdesc is not None:
            self.differ(field, iwdesc(), tsdesc())
        else:
            self.check(field + " count", len(iwl), len(tsl))
        tail = self.tail and cut is None
        out = []
        for i, (a, (t, tree, _)) in enumerate(zip(iwl, tsl)):
            out.append((i, a, tree, t, tail and i == len(tsl) - 1))
        return _Tails(self, out)

    def type_num(self, major, name, want):
        """ikewatch's payload name as the number tshark shows, when it
        stands for it; else the name itself (a difference)."""
        nums = payload_numbers(major, name)
        return want if want in nums else name

    # -- P5 per payload

    def payload(self, major, t, tree, p):
        self.check("type", self.type_num(major, p.get("type"), t), t)
        v = first(tree, "isakmp.payloadlength")
        if v is not None:
            self.check("length", p.get("length"), as_int(v))
        v = first(tree, "isakmp.criticalpayload")
        if v is not None and major == 2:
            self.check("critical", bool(p.get("critical", False)),
                       as_int(v) == 1)
        fn = (V1 if major == 1 else V2 if major == 2 else {}).get(t)
        if fn is not None:
            fn(self, tree, p)
        else:
            self.opaque(tree, p)

    # helpers

    def num(self, field, p, key, tree, tfield, default=None):
        """An integer tshark field against ikewatch's p[key]."""
        v = first(tree, tfield)
        if v is None:
            return
        self.check(field or key, p.get(key, default), as_int(v))

    def addr(self, field, p, key, v):
        if v is None:
            return
        self.check(field or key, norm_addr(p[key]) if isinstance(
            p.get(key), str) else p.get(key), norm_addr(v))

    def data_len(self, p, raw):
        if "data_length" in p:
            self.check("data_length", p.get("data_length"), len(raw))

    def as_chosen(self, field, iwv, raw, tv=False):
        """P5: raw bytes against the form ikewatch chose for them."""
        self.r.fields += 1
        ok = False
        if isinstance(iwv, bool):
            ok = False
        elif isinstance(iwv, int):
            ok = len(raw) <= 8 and iwv == int.from_bytes(raw, "big")
        elif isinstance(iwv, str):
            try:
                a = ipaddress.ip_address(iwv)
                w = 4 if a.version == 4 else 16
                ok = len(raw) >= w and raw[:w] == a.packed
            except ValueError:
                ok = iwv == raw.hex() or iwv.encode("latin-1", "replace") \
                    == raw
        elif iwv is None:
            ok = len(raw) == 0
        if not ok:
            self.r.fields -= 1
            self.check(field, "(absent)" if iwv is None else iwv,
                       raw.hex() if not tv else int.from_bytes(raw, "big"))

    def seq(self, field, iwl, tsl, fn):
        """Lists of values: same length, then element by element; on
        tshark's last, partial path ikewatch may have more (P4)."""
        if not isinstance(iwl, list):
            iwl = []
        if self.tail and len(iwl) > len(tsl):
            self.r.fields += 1
            self.r.count("ikewatch elements past tshark's end of data "
                         "or a bogus length, not compared (P4)",
                         len(iwl) - len(tsl))
        else:
            self.check(field + " count", len(iwl), len(tsl))
        for i, (a, b) in enumerate(zip(iwl, tsl)):
            fn("%s[%d]" % (field, i), a, b)

    # -- payload bodies

    def opaque(self, tree, p):
        """Unknown or opaque payloads: tshark's isakmp.datapayload."""
        v = first(tree, "isakmp.datapayload")
        if v is not None:
            raw = raw_bytes(v)
            self.data_len(p, raw)
            if "data" in p:
                self.check("data", p.get("data"), raw.hex())

    def sa(self, tree, p, major):
        if major == 1:
            self.num("doi_num", p, "doi_num", tree, "isakmp.sa.doi")
            v = first(tree, "isakmp.sa.situation")
            if v is not None:
                self.check("situation", p.get("situation"),
                           int.from_bytes(raw_bytes(v), "big"))
        props = elements(tree, 2)
        for i, a, b, _ in self.plan("proposals", p.get("proposals"), props,
                                    8):
            self.proposal("proposals[%d]" % i, a, b, major)

    def proposal(self, f, a, b, major):
        self.num(f + ".number", a, "number", b, "isakmp.prop.number")
        self.num(f + ".protocol_num", a, "protocol_num", b,
                 "isakmp.prop.protoid")
        self.spi(f + ".spi", a, b, 8)
        self.num(f + ".transforms_count", a, "transforms_count", b,
                 "isakmp.prop.transforms")
        trs = elements(b, 3)
        for i, x, y, _ in self.plan(f + ".transforms", a.get("transforms"),
                                    trs, 8):
            self.transform("%s.transforms[%d]" % (f, i), x, y, major)

    def transform(self, f, a, b, major):
        if major == 1:
            self.num(f + ".number", a, "number", b, "isakmp.trans.number")
            self.num(f + ".transform_num", a, "transform_num", b,
                     "isakmp.trans.id")
            attrs = [v for k, v in obj(b)
                     if k in ("isakmp.ike.attr", "isakmp.ipsec.attr")]
            attrs = self.within(f + ".attributes", b, attrs)
            self.seq(f + ".attributes", a.get("attributes"), attrs,
                     self.v1_attr)
            return
        self.num(f + ".type_num", a, "type_num", b, "isakmp.tf.type")
        ids = [v for k, v in obj(b) if k.startswith("isakmp.tf.id")]
        if ids:
            self.check(f + ".algorithm_num", a.get("algorithm_num"),
                       as_int(ids[0]))
        for at in self.within(f + ".attributes", b,
                              every(b, "isakmp.ike2.attr")):
            typ = first(at, "isakmp.ike2.attr.type")
            fmt = first(at, "isakmp.ike2.attr.format")
            if typ is None or fmt != "1":
                continue
            val = raw_bytes(first(at, "isakmp.ike2.attr.value"))
            if as_int(typ) == 14:
                self.check(f + ".key_length", a.get("key_length"),
                           int.from_bytes(val, "big"))
            else:
                self.check(f + ".attribute", a.get("attribute"),
                           as_int(typ))

    def within(self, field, tree, attrs):
        """P5a for transform attributes: tshark reads them on past the
        transform's length.  The attributes that lie wholly inside the
        transform (after its 8-byte header); the rest are not compared."""
        plen = first(tree, "isakmp.payloadlength")
        if plen is None:
            return attrs
        avail, off = as_int(plen) - 8, 0
        for i, at in enumerate(attrs):
            fmt = [v for k, v in obj(at) if k.endswith(".format")]
            val = [v for k, v in obj(at) if k.endswith(".value")]
            off += 4 if fmt == ["1"] else \
                4 + (len(raw_bytes(val[0])) if val else 0)
            if off > avail:
                self.past_payload(tree, 8, off, field + "[%d]" % i)
                return attrs[:i]
        return attrs

    def attr(self, f, a, b, prefix):
        """An attribute {type,format,value} against ikewatch's."""
        typ = first(b, prefix + ".type")
        if typ is not None:
            self.check(f + ".type_num", a.get("type_num"), as_int(typ))
        val = first(b, prefix + ".value")
        if val is None:
            return
        raw = raw_bytes(val)
        fmt = first(b, prefix + ".format")
        iwv = a.get("value_num", a.get("value"))
        self.as_chosen(f + ".value", iwv, raw, tv=fmt == "1")

    def v1_attr(self, f, a, b):
        prefix = "isakmp.ike.attr" if first(b, "isakmp.ike.attr.type") \
            is not None else "isakmp.ipsec.attr"
        self.attr(f, a, b, prefix)

    def ke(self, tree, p, major):
        if major == 2:
            self.num("group_num", p, "group_num", tree,
                     "isakmp.key_exchange.dh_group")
        v = first(tree, "isakmp.key_exchange.data")
        if v is not None:
            self.check("data_length", p.get("data_length"),
                       len(raw_bytes(v)))

    def past_payload(self, tree, hdr, need, field="truncated"):
        """P5a: tshark 4.0 reads ID data, SPIs and transform attributes
        from the rest of the packet rather than from their payload,
        proposal or transform: a value that needs more bytes than that
        holds after its hdr-byte header is not part of it.  Not compared;
        ikewatch must flag the payload (or the record with an anomaly)."""
        plen = first(tree, "isakmp.payloadlength")
        if plen is None or need <= as_int(plen) - hdr:
            return False
        keys = {k for k, _ in obj(tree)}
        where = "proposal" if "isakmp.prop.number" in keys else \
            "transform" if keys & {"isakmp.tf.type", "isakmp.trans.id"} \
            else "payload"
        self.r.count("values tshark read past the end of their payload, "
                     "proposal or transform, not compared (P5a)")
        self.r.fields += 1
        if not self.flagged():
            self.r.mismatches.append(
                (self.frame, self.where, field,
                 "(no truncated, malformed, extra_bytes or anomaly)",
                 "%d bytes needed, %d in the %s" % (
                     need, max(0, as_int(plen) - hdr), where)))
        return True

    def spi(self, field, a, tree, hdr):
        """A proposal's or notify's SPI (P5, P5a, P6)."""
        v = first(tree, "isakmp.spi")
        if v is not None:
            if not self.past_payload(tree, hdr, len(raw_bytes(v)), field):
                self.check(field, a.get("spi"), hexs(v))
        elif first(tree, "isakmp.spisize") == "0":
            self.check(field, a.get("spi"), None)

    def ident(self, tree, p, major):
        self.num("id_type_num", p, "id_type_num", tree, "isakmp.id.type")
        self.num("protocol", p, "protocol", tree, "isakmp.id.protoid")
        self.num("port", p, "port", tree, "isakmp.id.port")
        d = first(tree, "isakmp.id.data", [])
        addrs = [(k, v) for k, v in obj(d)
                 if re.match(r"isakmp\.id\.data\.ipv[46]_", k)]
        need = sum(4 if ".ipv4_" in k else 16 for k, _ in addrs)
        if addrs and self.past_payload(tree, 8, need):
            addrs = []
        for k, v in addrs:
            kind = k.split(".")[-1].split("_", 1)[1]
            if kind == "addr":
                self.addr("address", p, "address", v)
            elif kind == "subnet":
                m = ipaddress.ip_address(v)
                bits = bin(int(m))[2:].zfill(m.max_prefixlen)
                if "1" not in bits.lstrip("1"):      # contiguous
                    self.check("prefix", p.get("prefix"), bits.count("1"))
                else:
                    self.addr("mask", p, "mask", v)
            elif kind in ("range_start", "range_end"):
                end = kind.split("_")[1]
                self.addr(end, p, end, v)
        for tf in ("isakmp.id.data.fqdn", "isakmp.id.data.user_fqdn"):
            v = first(d, tf)
            if v is not None:
                self.check("name", self.c_string(p.get("name")), v)
        v = first(d, "isakmp.id.data.key_id")
        if v is not None:
            self.check("data", p.get("data"), hexs(v))

    @staticmethod
    def c_string(v):
        """P5: tshark shows an ID name as a C string, up to its first NUL;
        ikewatch shows a name with unprintable bytes in hex.  Such a hex
        name is compared as the text before its first NUL byte."""
        if isinstance(v, str) and re.fullmatch(r"(?:[0-9a-f]{2})+", v):
            b = bytes.fromhex(v)
            if any(c < 0x20 or c > 0x7e for c in b):
                return b.split(b"\0", 1)[0].decode("latin-1")
        return v

    def cert(self, tree, p, major):
        self.num("encoding_num", p, "encoding_num", tree,
                 "isakmp.cert.encoding")

    def certreq(self, tree, p, major):
        self.num("encoding_num", p, "encoding_num", tree,
                 "isakmp.certreq.type")
        auth = every(tree, "isakmp.ike.certreq.authority")
        if auth:
            raw = b"".join(raw_bytes(v) for v in auth)
            self.data_len(p, raw)
            self.check("data", p.get("data"), raw.hex())

    def blob(self, tfield):
        def fn(tree, p, major):
            v = first(tree, tfield)
            if v is None:
                return
            raw = raw_bytes(v)
            self.data_len(p, raw)
            self.check("data", p.get("data"), raw.hex())
        return fn

    def auth(self, tree, p, major):
        self.num("method_num", p, "method_num", tree, "isakmp.auth.method")
        self.blob("isakmp.auth.data")(tree, p, major)

    def notify(self, tree, p, major):
        if major == 1:
            self.num("doi_num", p, "doi_num", tree, "isakmp.notify.doi")
            self.num("protocol_num", p, "protocol_num", tree,
                     "isakmp.notify.protoid")
        else:
            self.num("protocol_num", p, "protocol_num", tree,
                     "isakmp.notify.protoid", default=0)
        self.spi("spi", p, tree, 12 if major == 1 else 8)
        self.num("notify_num", p, "notify_num", tree,
                 "isakmp.notify.msgtype")
        v = first(tree, "isakmp.notify.data")
        if v is None:
            return
        raw = raw_bytes(v)
        dtree = first(tree, "isakmp.notify.data_tree", [])
        known = 0
        for key in ("data", "cookie", "hash"):
            if key in p:
                known += 1
                self.check(key, p.get(key), raw.hex())
        for key in ("data_length", "cookie_length"):
            if key in p:
                known += 1
                self.check(key, p.get(key), len(raw))
        if "group_num" in p:
            known += 1
            g = first(tree, "isakmp.notify.data.accepted_dh_group")
            self.check("group_num", p.get("group_num"),
                       as_int(g) if g is not None else
                       int.from_bytes(raw[:2], "big"))
        if "hash_algorithms" in p:
            known += 1
            self.seq("hash_algorithms", p.get("hash_algorithms"),
                     every(tree, "isakmp.notify.data.signature_hash_"
                           "algorithms"),
                     lambda f, a, b: self.check(f, a, as_int(b)))
        for key in ("sequence", "replay_detection"):
            if key in p:
                known += 1
                self.check(key, p.get(key), int.from_bytes(raw, "big"))
        if "gateway_type_num" in p or "gateway" in p:
            known += 1
            self.redirect(tree, p)
        if "attributes" in p:
            known += 1
            attrs = find(dtree, "isakmp.notify.data.resp_lifetime.ipsec."
                         "attr") + find(dtree, "isakmp.notify.data."
                                        "resp_lifetime.ike.attr")
            pre = lambda b: "isakmp.notify.data.resp_lifetime.%s.attr" % (
                "ike" if first(b, "isakmp.notify.data.resp_lifetime.ike."
                               "attr.type") is not None else "ipsec")
            self.seq("attributes", p.get("attributes"), attrs,
                     lambda f, a, b: self.attr(f, a, b, pre(b)))
        if raw and not known:
            self.differ("data", "(absent)", raw.hex())

    def redirect(self, tree, p):
        self.num("gateway_type_num", p, "gateway_type_num", tree,
                 "isakmp.notify.data.redirect.gw_ident.type")
        for side in ("new", "org"):
            pre = "isakmp.notify.data.redirect.%s_resp_gw_ident." % side
            for k in ("ipv4", "ipv6"):
                v = first(tree, pre + k)
                if v is not None:
                    self.addr("gateway", p, "gateway", v)
            v = first(tree, pre + "fqdn")
            if v is not None:
                self.check("gateway", p.get("gateway"), v)
            v = first(tree, pre + "data")
            if v is not None:
                self.as_chosen("gateway", p.get("gateway"), raw_bytes(v))
        v = first(tree, "isakmp.notify.data.redirect.nonce_data")
        if v is not None:
            self.check("nonce_length", p.get("nonce_length"),
                       len(raw_bytes(v)))

    def delete(self, tree, p, major):
        if major == 1:
            self.num("doi_num", p, "doi_num", tree, "isakmp.delete.doi")
        self.num("protocol_num", p, "protocol_num", tree,
                 "isakmp.delete.protoid")
        self.num("spi_size", p, "spi_size", tree, "isakmp.spisize")
        self.num("spi_count", p, "spi_count", tree, "isakmp.spinum")
        spis = every(tree, "isakmp.delete.spi")
        if spis and self.past_payload(
                tree, 12 if major == 1 else 8,
                sum(len(raw_bytes(x)) for x in spis), "spis"):
            return
        if spis or "spis" in p:
            self.seq("spis", p.get("spis"), spis,
                     lambda f, a, b: self.check(f, a, hexs(b)))

    def vid(self, tree, p, major):
        v = first(tree, "isakmp.vid_bytes")
        if v is not None:
            self.check("data", p.get("data"), hexs(v))
        name = first(tree, "isakmp.vid_string")
        if name is None:
            return
        iwn = p.get("vendor")
        ts_known = name != UNKNOWN_VID
        self.r.fields += 1
        # A name tshark does not know cannot be confirmed by it: a note,
        # not a failure.  A name tshark knows and ikewatch misses fails.
        if not ts_known and iwn is not None:
            self.r.vendor_notes.append(
                (self.frame, self.where, iwn, "(unknown to tshark)",
                 hexs(v or "")))
        elif ts_known != (iwn is not None):
            self.r.mismatches.append(
                (self.frame, self.where, "vendor",
                 iwn if iwn is not None else "(unknown)",
                 name if ts_known else "(unknown)"))
        elif ts_known and not same_vendor(iwn, name):
                self.r.vendor_notes.append(
                    (self.frame, self.where, iwn, name, hexs(v or "")))

    def natd(self, tree, p, major):
        v = first(tree, "isakmp.ike.nat_hash")
        if v is not None:
            self.check("hash", p.get("hash"), hexs(v))

    def natoa(self, tree, p, major):
        self.num("id_type_num", p, "id_type_num", tree, "isakmp.id.type")
        v4 = first(tree, "isakmp.ike.nat_original_address_ipv4")
        v6 = first(tree, "isakmp.ike.nat_original_address_ipv6")
        v = v4 or v6
        if v is not None and not self.past_payload(tree, 8,
                                                   4 if v4 else 16):
            self.addr("address", p, "address", v)

    def frag_v1(self, tree, p, major):
        self.num("fragment_id", p, "fragment_id", tree,
                 "isakmp.frag.packetid")
        self.num("number", p, "number", tree, "isakmp.frag.seq")
        v = first(tree, "isakmp.frag.last")
        if v is not None:
            self.check("last", p.get("last"), as_int(v) & 1 == 1)

    def sk(self, tree, p, major):
        v = first(tree, "isakmp.nextpayload")
        if v is not None:
            np = as_int(v)
            got = p.get("first_inner")
            self.check("first_inner", None if got is None else
                       self.type_num(2, got, np), np if np else None)

    def skf(self, tree, p, major):
        self.num("fragment_number", p, "fragment_number", tree,
                 "isakmp.frag.number")
        self.num("total_fragments", p, "total_fragments", tree,
                 "isakmp.frag.total")
        self.sk(tree, p, major)

    def ts(self, tree, p, major):
        sels = every(tree, "isakmp.ts.data")
        self.seq("selectors", p.get("selectors"), sels, self.selector)

    def selector(self, f, a, b):
        self.num(f + ".ts_type_num", a, "ts_type_num", b, "isakmp.ts.type")
        self.num(f + ".ip_protocol", a, "ip_protocol", b,
                 "isakmp.ts.protoid")
        self.num(f + ".start_port", a, "start_port", b,
                 "isakmp.ts.start_port")
        self.num(f + ".end_port", a, "end_port", b, "isakmp.ts.end_port")
        for end in ("start", "end"):
            v = first(b, "isakmp.ts.%s_ipv4" % end) or \
                first(b, "isakmp.ts.%s_ipv6" % end)
            if v is not None:
                self.addr(f + "." + end, a, end, v)

    def cfg(self, tree, p, major):
        self.num("cfg_type_num", p, "cfg_type_num", tree, "isakmp.cfg.type")
        self.num("identifier", p, "identifier", tree,
                 "isakmp.cfg.identifier")
        self.seq("attributes", p.get("attributes"),
                 every(tree, "isakmp.cfg.attr"),
                 lambda f, a, b: self.attr(f, a, b, "isakmp.cfg.attr"))

    def eap(self, tree, p, major):
        e = first(tree, "eap")
        if e is None:
            return
        self.num("code_num", p, "code_num", e, "eap.code")
        self.num("identifier", p, "identifier", e, "eap.id")
        self.num("eap_length", p, "eap_length", e, "eap.len")
        self.num("eap_type", p, "eap_type", e, "eap.type")

    def gspm(self, tree, p, major):
        self.blob("isakmp.gspm.data")(tree, p, major)


V1 = {1: "sa", 4: "ke", 5: "ident", 6: "cert", 7: "certreq",
      8: ("blob", "isakmp.hash"), 9: ("blob", "isakmp.sig"),
      10: ("blob", "isakmp.nonce"), 11: "notify", 12: "delete",
      13: "vid", 14: "cfg", 20: "natd", 130: "natd", 21: "natoa",
      131: "natoa", 132: "frag_v1"}
V2 = {33: "sa", 34: "ke", 35: "ident", 36: "ident", 37: "cert",
      38: "certreq", 39: "auth", 40: ("blob", "isakmp.nonce"),
      41: "notify", 42: "delete", 43: "vid", 44: "ts", 45: "ts",
      46: "sk", 47: "cfg", 48: "eap", 49: "gspm", 53: "skf"}


def _bind(table, major):
    out = {}
    for t, spec in table.items():
        if isinstance(spec, tuple):
            out[t] = (lambda tf: lambda fr, tree, p:
                      fr.blob(tf)(tree, p, major))(spec[1])
        else:
            out[t] = (lambda nm: lambda fr, tree, p:
                      getattr(fr, nm)(tree, p, major))(spec)
    return out


V1 = _bind(V1, 1)
V2 = _bind(V2, 2)


# --- the run


def show(v, limit=120):
    """A value for the report, long ones cut in the middle."""
    t = json.dumps(v)
    if len(t) <= limit:
        return t
    return "%s...%s (%d chars)" % (t[:limit // 2], t[-limit // 4:], len(t))


def capture_list(args):
    """(label, path) pairs: pcaps/ first, then the corpus manifest."""
    out = []
    if args.pcaps and os.path.isdir(args.pcaps):
        for f in sorted(os.listdir(args.pcaps)):
            if f.endswith((".pcap", ".pcapng", ".cap")):
                out.append(("pcaps/" + f, os.path.join(args.pcaps, f)))
    if args.corpus:
        for rel in read_manifest(args.corpus):
            out.append((rel, os.path.join(args.corpus, rel)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pcaps", help="the project's pcaps/ directory")
    ap.add_argument("--corpus", help="the shared corpus (MANIFEST.tsv)")
    ap.add_argument("--ikewatch", required=True)
    ap.add_argument("--tshark", required=True)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="per-file counts and every note")
    ap.add_argument("files", nargs="*",
                    help="only these captures (labels as printed)")
    args = ap.parse_args()

    try:
        caps = capture_list(args)
    except OSError as e:
        print("SKIP: cannot read the corpus manifest: %s" % e)
        return 77
    if args.files:
        known = dict(caps)
        unknown = [f for f in args.files if f not in known]
        if unknown:
            print("FAIL: unknown captures: %s" % ", ".join(unknown))
            return 1
        caps = [(f, known[f]) for f in args.files]
    if not caps:
        print("SKIP: no captures to compare")
        return 77
    jobs = args.jobs or min(8, max(2, (os.cpu_count() or 2)))

    # A tshark whose ISAKMP dissector lacks these fields (another major
    # version) cannot serve as the oracle: skip rather than fail.
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
        if len(cols) > 2 and cols[0] == "F":
            known.add(cols[2])
    missing = [f for f in NEEDED_FIELDS if f not in known]
    if missing:
        print("SKIP: %s lacks the fields %s" % (args.tshark,
                                                 ", ".join(missing)))
        return 77

    results = []
    with tempfile.TemporaryDirectory(prefix="ikewatch-wscfg.") as cfgdir:
        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            futs = []
            for label, path in caps:
                if not os.path.isfile(path):
                    r = Result(label)
                    r.errors.append("listed but missing: %s" % path)
                    futs.append(r)
                    continue
                futs.append(ex.submit(compare_file, label, path, args,
                                      cfgdir))
            for f in futs:
                results.append(f if isinstance(f, Result) else f.result())

    tot = dict(packets=0, payloads=0, fields=0, mismatches=0, errors=0,
               vendor_notes=0)
    counts = {}
    bad = []
    for r in results:
        tot["packets"] += r.packets
        tot["payloads"] += r.payloads
        tot["fields"] += r.fields
        tot["mismatches"] += len(r.mismatches)
        tot["errors"] += len(r.errors)
        tot["vendor_notes"] += len(r.vendor_notes)
        for k, v in r.counts.items():
            counts[k] = counts.get(k, 0) + v
        if r.mismatches or r.errors:
            bad.append(r)
        if args.verbose:
            print("%-70s packets %5d payloads %6d fields %7d mismatches %d"
                  % (r.rel, r.packets, r.payloads, r.fields,
                     len(r.mismatches)))
            for k in sorted(r.counts):
                print("    %s: %d" % (k, r.counts[k]))
            for n in r.notes:
                print("    note: %s" % n)

    print("tshark-payloads: %d captures, %d IKE packets, %d payloads, %d "
          "fields compared, %d mismatches, %d tool errors"
          % (len(results), tot["packets"], tot["payloads"], tot["fields"],
             tot["mismatches"], tot["errors"]))
    for k in sorted(counts):
        print("tshark-payloads:   %s: %d" % (k, counts[k]))
    vn = [(r.rel, x) for r in results for x in r.vendor_notes]
    if vn:
        print("tshark-payloads: %d Vendor IDs named differently by the "
              "two tools (P7, not failures; one line per pair of names):"
              % len(vn))
        seen = set()
        for rel, (num, where, iwn, tsn, data) in vn:
            if (iwn, tsn) in seen and not args.verbose:
                continue
            seen.add((iwn, tsn))
            print("  %s frame %d %s: ikewatch %s, tshark %s (%s)"
                  % (rel, num, where, json.dumps(iwn), json.dumps(tsn),
                     data))
    if not args.verbose:
        notes = [(r.rel, n) for r in results for n in r.notes]
        if notes:
            print("tshark-payloads: %d notes (not failures):" % len(notes))
        for rel, n in notes[:20]:
            print("  %s: %s" % (rel, n))
        if len(notes) > 20:
            print("  ... %d more (run with -v)" % (len(notes) - 20))
    byfield = {}
    for r in results:
        for num, where, field, iw, ts in r.mismatches:
            k = re.sub(r"\[\d+\]", "[]", field)
            byfield[k] = byfield.get(k, 0) + 1
    if byfield:
        print("tshark-payloads: mismatches by field: %s" % ", ".join(
            "%s %d" % (k, v) for k, v in sorted(byfield.items(),
                                                key=lambda x: -x[1])))
    for r in bad:
        print("FAIL %s: %d mismatches, %d errors"
              % (r.rel, len(r.mismatches), len(r.errors)))
        for e in r.errors:
            print("  error: %s" % e)
        for num, where, field, iw, ts in r.mismatches:
            print("  frame %d %s %s: ikewatch %s, tshark %s"
                  % (num, where, field, show(iw), show(ts)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
