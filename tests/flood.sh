#!/bin/sh
# flood.sh: a real stalled tunnel inside a flood of a million forged
# IKE_SA_INIT requests (random SPIs, random sources in 198.18.0.0/15,
# tests/mkflood.py over the lab's MM1-unanswered capture, 100 s).  Under
# --memcap 128M the state stays under the cap, the SAs pushed out are the
# half-open ones and are counted, peak memory stays near the cap, and the
# initiator that retransmits is still reported: no_response in
# MM_WAIT_MSG2 with all four of its copies.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
have_python || skip "python3 is needed"
mktmpdir flood
N=${FLOOD_PACKETS:-1000000}

on_fail() {
	tail -c 600 "$TMPD/out.json" 2>/dev/null
}

export SANITIZERS
"$PYTHON3" "$top_srcdir/tests/mkflood.py" \
    "$top_srcdir/pcaps/ikev1-unreachable-filtered.pcap" "$N" 1 100 \
    "$TMPD/flood.pcap" || fail "mkflood.py failed"
check "a flood of $N forged IKE_SA_INIT: analysed within --memcap, the half-open SAs evicted and counted, the stalled tunnel found" \
    "$PYTHON3" - "$IKEWATCH" "$TMPD/flood.pcap" "$TMPD/out.json" "$N" <<'PY'
import json, os, resource, subprocess, sys
iw, pcap, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cap = 128 << 20
with open(out, "w") as f:
    rc = subprocess.run([iw, "--json", "-q", "--memcap", "128M", "-r", pcap],
                        stdout=f).returncode
assert rc == 0, rc
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
objs = [json.loads(l) for l in open(out)]
st = objs[-1]
assert st["type"] == "stats" and st["memcap"] == cap, st
assert st["state_bytes"] + st["esp_state_bytes"] <= cap, st
assert st["sa_evicted"] >= n * 9 // 10, st
assert st["sa_evicted"] == st["sa_evicted_half_open"], st
# The whole process: the cap plus code, buffers and the heap's slack
# (a sanitizer build keeps shadow memory besides: not held to this).
if not os.environ.get("SANITIZERS"):
    assert rss <= cap + (48 << 20), rss
f = [o for o in objs if o["type"] == "finding" and o["id"] == "no_response"
     and o["ispi"] == "ef137f179167d4df"]
assert len(f) == 1 and f[0]["state"] == "MM_WAIT_MSG2" and \
    f[0]["count"] == 4, f
print(f"   {st['packets']} packets, {st['sa_evicted']} half-open SAs "
      f"evicted, state {st['state_bytes'] + st['esp_state_bytes']} bytes, "
      f"peak RSS {rss >> 20} MiB")
PY
checks_done flood
