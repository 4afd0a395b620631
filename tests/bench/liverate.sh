#!/bin/sh
# liverate.sh: live capture at rising packet rates.  tcpreplay sends a
# capture of ESP traffic (tests/mklong.py: 200 tunnels, both ways) over a
# veth pair in a private network namespace; on the other end, in turn,
# `ikewatch --json -q -i` and `tcpdump -w /dev/null` capture it.  For each
# rate it prints what tcpreplay achieved and what each tool received and
# what the kernel dropped for it, then the highest rate each took without
# a drop.  Figures, not a pass/fail test: it fails only when something
# cannot run.  Needs root, iproute2, tcpreplay, tcpdump.
#
#	LIVE_RATES="20000 50000 ..."	packets per second to try
#	LIVE_SECONDS=3			seconds of traffic per rate
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${IKEWATCH:=$top_srcdir/ikewatch}"
: "${PYTHON3:=python3}"
RATES=${LIVE_RATES:-25000 50000 100000 200000 400000}
SECS=${LIVE_SECONDS:-3}

[ "$(id -u)" -eq 0 ] || { echo "liverate: needs root"; exit 77; }
for t in ip tcpreplay tcpdump; do
	command -v $t >/dev/null 2>&1 || { echo "liverate: $t is missing"; exit 77; }
done
NS=ikwlr-$$
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ikewatch-liverate.XXXXXX")
cleanup() { ip netns del "$NS" 2>/dev/null; rm -rf "$TMPD"; }
trap cleanup EXIT
ip netns add "$NS" || exit 1
ip -n "$NS" link add lra type veth peer name lrb || exit 1
ip -n "$NS" link set lra up
ip -n "$NS" link set lrb up
"$PYTHON3" "$top_srcdir/tests/mklong.py" 200 20 600 "$TMPD/esp.pcap" || exit 1

# run TOOL RATE: the tool captures on lrb while tcpreplay sends on lra;
# prints "achieved received dropped".
run() {
	case $1 in
	ikewatch)
		ip netns exec "$NS" "$IKEWATCH" --json -q --no-tui -i lrb \
		    >"$TMPD/out" 2>"$TMPD/err" & ;;
	tcpdump)
		ip netns exec "$NS" tcpdump -n -q -i lrb -w /dev/null \
		    >"$TMPD/out" 2>"$TMPD/err" & ;;
	esac
	pid=$!
	sleep 1
	ip netns exec "$NS" tcpreplay -q -i lra --pps="$2" \
	    --limit=$(($2 * SECS)) --loop=0 "$TMPD/esp.pcap" >"$TMPD/rep" 2>&1
	sleep 1
	kill -INT "$pid"
	wait "$pid"
	ach=$(sed -n 's/.*Rated: [0-9.]* Bps, [0-9.]* Mbps, \([0-9.]*\) pps.*/\1/p' "$TMPD/rep" | head -1)
	case $1 in
	ikewatch)
		"$PYTHON3" -c '
import json, sys
st = json.loads(open(sys.argv[1]).read().splitlines()[-1])
print(st.get("received", 0), st.get("kernel_drops", 0) + st.get("interface_drops", 0))
' "$TMPD/out" | sed "s/^/${ach:-?} /" ;;
	tcpdump)
		rec=$(sed -n 's/^\([0-9]*\) packets received by filter.*/\1/p' "$TMPD/err")
		drop=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$TMPD/err")
		echo "${ach:-?} ${rec:-?} ${drop:-?}" ;;
	esac
}

printf '%-10s %-12s %-24s %-24s\n' "rate" "sent (pps)" "ikewatch recv/dropped" "tcpdump recv/dropped"
best_i=0
best_t=0
for r in $RATES; do
	set -- $(run ikewatch "$r")
	ai=$1 ri=$2 di=$3
	set -- $(run tcpdump "$r")
	at=$1 rt=$2 dt=$3
	printf '%-10s %-12s %-24s %-24s\n' "$r" "$ai/$at" "$ri/$di" "$rt/$dt"
	[ "$di" = 0 ] && [ "$ri" -gt 0 ] && best_i=$r
	[ "$dt" = 0 ] && [ "$rt" -gt 0 ] 2>/dev/null && best_t=$r
done
echo "highest rate without a drop: ikewatch $best_i pps, tcpdump $best_t pps"
