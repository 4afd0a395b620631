#!/bin/sh
# longrun.sh: hours of packet time keep only the live state.  20 tunnels
# with ESP both ways, rekeyed every 10 minutes (tests/mklong.py): after
# one hour and after three, the state tables hold the same bytes and the
# process the same memory, because SPIs that went quiet leave (counted in
# esp_expired) instead of piling up.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
have_python || skip "python3 is needed"
mktmpdir longrun

export SANITIZERS
"$PYTHON3" "$top_srcdir/tests/mklong.py" 20 3600 600 "$TMPD/1h.pcap" &&
    "$PYTHON3" "$top_srcdir/tests/mklong.py" 20 10800 600 "$TMPD/3h.pcap" ||
    fail "mklong.py failed"
check "1 h and 3 h of packet time: the same state, the same memory" \
    "$PYTHON3" - "$IKEWATCH" "$TMPD/1h.pcap" "$TMPD/3h.pcap" <<'PY'
import json, os, subprocess, sys
iw = sys.argv[1]
res = []
for pcap in sys.argv[2:]:
    p = subprocess.Popen([iw, "--json", "-q", "-r", pcap],
                         stdout=subprocess.PIPE, text=True)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    assert status == 0, status
    st = json.loads(out.splitlines()[-1])
    res.append((st, ru.ru_maxrss))
    print(f"   {os.path.basename(pcap)}: {st['packets']} packets, "
          f"{st['esp_sas']} SPIs, {st['esp_expired']} expired, state "
          f"{st['state_bytes'] + st['esp_state_bytes']} bytes, peak RSS "
          f"{ru.ru_maxrss} KiB")
(a, ra), (b, rb) = res
assert b["packets"] == 3 * a["packets"], (a, b)
assert b["esp_expired"] > a["esp_expired"] > 0, (a, b)
assert b["esp_state_bytes"] == a["esp_state_bytes"], (a, b)
assert b["state_bytes"] == a["state_bytes"], (a, b)
if not os.environ.get("SANITIZERS"):
    assert rb <= ra + 1024, (ra, rb)
PY
checks_done longrun
