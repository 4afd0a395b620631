#!/bin/sh
# report.sh: the evidence bundle (--report DIR) for the lab's no-response,
# reply-lost, NAT-T-blocked and one-way-ESP captures: the four files,
# sha256sum -c passing inside the bundle, evidence.pcap opening in tshark
# with exactly the frames report.json lists (same times, same bytes), and
# report.md as recorded in tests/golden-out/report-NAME.md
# (GOLDEN_UPDATE=1 rewrites those).  Then the bad cases: an existing
# directory (refused without --force), one that cannot be made, a
# truncated capture: one sentence, exit 2, nothing half-written.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
have_python || skip "python3 is needed"
mktmpdir report


cd "$top_srcdir" || fail "cannot enter $top_srcdir"
for name in ikev1-unreachable-filtered ikev2-reply-dropped \
    ikev1-nat-4500-blocked esp-one-way; do
	out=$TMPD/$name
	"$IKEWATCH" -q -r "pcaps/$name.pcap" --report "$out" >/dev/null \
	    2>"$TMPD/err"
	rc=$?
	check "$name: exit 0, nothing on stderr" sh -c "[ $rc -eq 0 ] && [ ! -s '$TMPD/err' ]"
	check "$name: the four files" sh -c "for f in evidence.pcap report.md report.json SHA256SUMS; do [ -s '$out/'\$f ] || exit 1; done"
	check "$name: sha256sum -c passes in the bundle" sh -c "cd '$out' && sha256sum -c --quiet SHA256SUMS"
	if [ -n "${TSHARK:-}" ] && [ -x "$TSHARK" ]; then
		check "$name: evidence.pcap holds exactly the listed frames" \
		    "$PYTHON3" - "$TSHARK" "pcaps/$name.pcap" "$out" <<'PY'
import json, subprocess, sys
tshark, pcap, out = sys.argv[1:]
want = json.load(open(out + "/report.json"))["evidence_frames"]
def frames(f, filt=None):
    cmd = [tshark, "-r", f, "-T", "fields", "-e", "frame.number",
           "-e", "frame.time_epoch", "-e", "frame.len"]
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return [l.split("\t") for l in r.stdout.splitlines()]
orig = {int(x[0]): x[1:] for x in frames(pcap)}
ev = [x[1:] for x in frames(out + "/evidence.pcap")]
assert want, "no evidence frames"
assert ev == [orig[f] for f in want], (ev, want)
PY
	fi
	golden=tests/golden-out/report-$name.md
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		cp "$out/report.md" "$golden"
	fi
	check "$name: report.md as recorded" cmp -s "$out/report.md" "$golden"
	cmp -s "$out/report.md" "$golden" || diff -u "$golden" "$out/report.md" | head -20
done

# The claims stay at the capture point.
check "no-response report: worded for the capture point" \
    grep -q 'nothing came back from it at this capture point' "$TMPD/ikev1-unreachable-filtered/report.md"
check "no-response report: the silent direction is stated" \
    grep -q 'one_sided_capture' "$TMPD/ikev1-unreachable-filtered/report.md"
check "reply-lost report: the answers pass here, not reaching the initiator" \
    grep -q 'the answers pass this capture point but do not reach 192.0.2.10' "$TMPD/ikev2-reply-dropped/report.md"

# A filter given with -r is part of the capture's description.
"$IKEWATCH" -q -r pcaps/esp-one-way.pcap --report "$TMPD/filtered" 'udp port 500' >/dev/null 2>&1
check "filtered capture: report.md and report.json state the filter" sh -c "grep -q 'passing the filter .udp port 500.' '$TMPD/filtered/report.md' && grep -q '\"filter\":\"udp port 500\"' '$TMPD/filtered/report.json'"

# An existing directory: refused, untouched; --force writes into it.
mkdir "$TMPD/exists"
echo keep >"$TMPD/exists/mine"
"$IKEWATCH" -q -r pcaps/ikev2-healthy.pcap --report "$TMPD/exists" >/dev/null 2>"$TMPD/err"
rc=$?
check "existing directory: exit 2, one sentence" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$TMPD/err') -eq 1 ] && grep -q -- '--force' '$TMPD/err'"
check "existing directory: untouched" sh -c "[ \$(ls '$TMPD/exists' | wc -l) -eq 1 ]"
"$IKEWATCH" -q -r pcaps/ikev2-healthy.pcap --report "$TMPD/exists" --force >/dev/null 2>"$TMPD/err"
check "--force: written beside what was there" sh -c "[ -s '$TMPD/exists/report.md' ] && [ -s '$TMPD/exists/mine' ]"
# A directory that cannot be made.
"$IKEWATCH" -q -r pcaps/ikev2-healthy.pcap --report "$TMPD/exists/mine/sub" >/dev/null 2>"$TMPD/err"
rc=$?
check "unmakeable directory: exit 2, one sentence" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$TMPD/err') -eq 1 ]"
# A truncated capture: no report, no directory left behind.
size=$(wc -c <pcaps/ikev2-healthy.pcap)
head -c $((size - 30)) pcaps/ikev2-healthy.pcap >"$TMPD/cut.pcap"
"$IKEWATCH" -q -r "$TMPD/cut.pcap" --report "$TMPD/cut" >/dev/null 2>"$TMPD/err"
rc=$?
check "truncated capture: exit 2, one sentence saying no report" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$TMPD/err') -eq 1 ] && grep -q 'no report written' '$TMPD/err'"
check "truncated capture: nothing half-written" [ ! -e "$TMPD/cut" ]
# Two capture points.  The second point is made from the lab capture by
# tests/mkpair.py: the same frames one hop away, the clock off by a known
# amount, a NAT between the points, and what the router drops left out.
"$PYTHON3" "$top_srcdir/tests/mkpair.py" pcaps/ikev2-healthy.pcap \
    "$TMPD/healthy-b.pcap" --near-a 192.0.2.10 --offset 2.5 --delay 0.0007 ||
	fail "mkpair"
"$IKEWATCH" -q -r pcaps/ikev2-healthy.pcap -r "$TMPD/healthy-b.pcap" \
    --report "$TMPD/two" >/dev/null 2>"$TMPD/err"
check "two points: exit 0" [ $? -eq 0 ]
check "two points: both inputs in SHA256SUMS, all OK" sh -c "cd '$TMPD/two' && [ \$(wc -l <SHA256SUMS) -eq 5 ] && sha256sum -c --quiet SHA256SUMS"
check "two points: an injected clock offset recovered within 1 ms" \
    "$PYTHON3" -c '
import json, sys
m = json.load(open(sys.argv[1]))["merge"]
assert m["offset_separable"], m
assert abs(m["clock_offset_ms"] - 2500.0) < 1.0, m
assert abs(m["one_way_delay_ms"] - 0.7) < 0.1, m
assert m["lost_between"] == 0 and m["matched"] == 18, m
' "$TMPD/two/report.json"
"$PYTHON3" "$top_srcdir/tests/mkpair.py" pcaps/ikev2-reply-dropped.pcap \
    "$TMPD/reply-b.pcap" --near-a 203.0.113.20 --offset -1.25 \
    --drop-src 203.0.113.20 --nat 192.0.2.10=198.51.100.7 || fail "mkpair"
"$IKEWATCH" -q -r pcaps/ikev2-reply-dropped.pcap -r "$TMPD/reply-b.pcap" \
    --report "$TMPD/two2" >/dev/null 2>"$TMPD/err"
check "two points, answers lost between: exit 0" [ $? -eq 0 ]
check "two points: every answer placed as lost between the points, through the NAT" \
    "$PYTHON3" -c '
import json, sys
m = json.load(open(sys.argv[1]))["merge"]
assert m["matched"] == 4 and m["lost_between"] == 4, m
lost = [x for x in m["messages"] if x.get("lost_between")]
assert all(x["message"] == "IKE_SA_INIT response" for x in lost), lost
assert all(x["from"] == "203.0.113.20" for x in lost), lost
' "$TMPD/two2/report.json"
check "two points: report.md says where the answers were lost" \
    grep -q 'lost between the two capture points on the way to 192.0.2.10' "$TMPD/two2/report.md"
# The lab's own second points (pcaps/other/): the same scenario captured
# on both sides of the router that drops.
"$IKEWATCH" -q -r pcaps/ikev2-reply-dropped.pcap \
    -r pcaps/other/ikev2-reply-dropped.pcap --report "$TMPD/lab2" \
    >/dev/null 2>"$TMPD/err"
check "lab, reply dropped at two points: every answer lost between them" \
    "$PYTHON3" -c '
import json, sys
m = json.load(open(sys.argv[1]))["merge"]
lost = [x for x in m["messages"] if x.get("lost_between")]
assert len(lost) >= 3 and m["lost_between"] == len(lost), m
assert all(x["message"] == "IKE_SA_INIT response" and
           x["from"] == "203.0.113.20" for x in lost), lost
assert all(x["seen"] == "both" for x in m["messages"]
           if x["message"] == "IKE_SA_INIT request"), m
' "$TMPD/lab2/report.json"
"$IKEWATCH" -q -r pcaps/esp-one-way.pcap -r pcaps/other/esp-one-way.pcap \
    --report "$TMPD/lab3" >/dev/null 2>"$TMPD/err"
check "lab, one-way ESP at two points: the return ESP exists, lost between them" \
    "$PYTHON3" -c '
import json, sys
m = json.load(open(sys.argv[1]))["merge"]
lost = [x for x in m["messages"] if x.get("lost_between")]
assert lost and all(x["message"].startswith("ESP spi") and
                    x["from"] == "203.0.113.20" and x["seen"] == "B only"
                    for x in lost), lost
assert m["offset_separable"] and abs(m["clock_offset_ms"]) < 1.0, m
' "$TMPD/lab3/report.json"
"$IKEWATCH" -q -r pcaps/ikev2-healthy.pcap -r pcaps/ikev1-main-healthy.pcap \
    --report "$TMPD/apart" >/dev/null 2>"$TMPD/err"
rc=$?
check "two captures with nothing in common: exit 2, one sentence" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$TMPD/err') -eq 1 ] && grep -q 'nothing\|no IKE or ESP packet in common' '$TMPD/err'"
check "two captures with nothing in common: nothing written" [ ! -e "$TMPD/apart" ]
"$IKEWATCH" -q -r pcaps/ikev2-healthy.pcap -r pcaps/ikev2-healthy.pcap >/dev/null 2>"$TMPD/err"
check "two -r without --report: exit 2" [ $? -eq 2 ]

# A capture with a long silence says so.
"$PYTHON3" - pcaps/ikev2-healthy.pcap "$TMPD/gap.pcap" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
out, at, i = [d[:24]], 24, 0
while at + 16 <= len(d):
    s, f, c, w = struct.unpack("<IIII", d[at:at + 16])
    frame = d[at + 16:at + 16 + c]
    at += 16 + c
    i += 1
    out.append(struct.pack("<IIII", s + (120 if i > 8 else 0), f, c, w) + frame)
open(sys.argv[2], "wb").write(b"".join(out))
PY
"$IKEWATCH" -q -r "$TMPD/gap.pcap" --report "$TMPD/gap" >/dev/null 2>&1
check "a 120 s silence in the capture is stated" \
    grep -q 'The capture is silent for 120 s before frame 9' "$TMPD/gap/report.md"

# Flags that do not go together.
"$IKEWATCH" -q -r pcaps/ikev2-healthy.pcap --force >/dev/null 2>"$TMPD/err"
check "--force alone: exit 2" [ $? -eq 2 ]

checks_done report
