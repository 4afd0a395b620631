#!/bin/sh
# live.sh: -i on a real interface.  Two network namespaces joined by a
# veth pair (documentation addresses only); ikewatch captures in one of
# them, drops privileges with -Z, and must show the IKE datagram sent
# across while its default filter keeps unrelated UDP out.  Needs root
# and iproute2; skipped otherwise.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
[ "$(id -u)" -eq 0 ] || skip "live capture needs root"
command -v ip >/dev/null 2>&1 || skip "iproute2 (ip) is not installed"
have_python || skip "python3 is needed to send the test datagrams"
mktmpdir live

A=ikwt-a-$$
B=ikwt-b-$$
cleanup() {
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
ip netns add "$A" && ip netns add "$B" || skip "cannot create network namespaces here"
ip link add ikwva type veth peer name ikwvb netns "$B" 2>/dev/null ||
	skip "cannot create a veth pair here"
ip link set ikwva netns "$A"
ip -n "$A" addr add 192.0.2.1/24 dev ikwva
ip -n "$B" addr add 192.0.2.2/24 dev ikwvb
ip -n "$A" link set ikwva up
ip -n "$B" link set ikwvb up
ip -n "$A" link set lo up
ip -n "$B" link set lo up

send() {	# send PORT: one IKEv2 IKE_SA_INIT-shaped datagram from B to A
	ip netns exec "$B" "$PYTHON3" -c '
import socket, struct, sys
body = struct.pack("!BBH", 0, 0, 12) + b"\xaa" * 8
msg = struct.pack("!QQBBBBII", 0x0a0b0c0d0e0f1011, 0, 33, 0x20, 34, 8, 0, 28 + len(body)) + body
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(msg, ("192.0.2.1", int(sys.argv[1])))
' "$1"
}

on_fail() {
	echo "   stdout: $(grep -v "^# capturing" "$TMPD/out" | head -c 800)"
	echo "   stderr: $(head -c 400 "$TMPD/err")"
}

# Capture with a narrowing filter, as the unprivileged user nobody.
ip netns exec "$A" "$IKEWATCH" -vv -i ikwva -Z nobody host 192.0.2.2 \
	>"$TMPD/out" 2>"$TMPD/err" &
pid=$!
sleep 1.5
send 500
send 5353		# not IKE: the default filter keeps it out
send 4500
sleep 1
kill -INT "$pid"
wait "$pid"
rc=$?
check "live run stops on SIGINT with exit 0" [ "$rc" -eq 0 ]
check "header names the interface and filter" grep -q '^# capturing on ikwva .*filter: .*host 192.0.2.2' "$TMPD/out"
check "IKE on 500 seen" grep -q '192.0.2.2:[0-9]* > 192.0.2.1:500 IKEv2 IKE_SA_INIT I req msgid 0 spi 0a0b0c0d0e0f1011' "$TMPD/out"
check "port 5353 filtered out" sh -c "! grep -q ':5353' '$TMPD/out'"
check "4500 without marker is ESP in UDP" grep -q '192.0.2.1:4500 ESP-in-UDP spi 0x0a0b0c0d' "$TMPD/out"
check "kernel drop counters at the end" grep -q 'kernel drops *0' "$TMPD/out"
check "nothing on stderr" [ ! -s "$TMPD/err" ]

# JSON live: stats carry the drop counters.
ip netns exec "$A" "$IKEWATCH" --json -i ikwva >"$TMPD/out" 2>"$TMPD/err" &
pid=$!
sleep 1.5
send 500
sleep 1
kill -TERM "$pid"
wait "$pid"
check "json live: stats with kernel_drops" grep -q '"type":"stats".*"kernel_drops":0' "$TMPD/out"
check "json live: packet seen" grep -q '"proto":"ikev2"' "$TMPD/out"

# A bad live filter is an error before anything is captured.
ip netns exec "$A" "$IKEWATCH" -i ikwva 'port port' >"$TMPD/out" 2>"$TMPD/err"
rc=$?
check "bad live filter: exit 2" [ "$rc" -eq 2 ]
check "bad live filter: says so" grep -q "bad filter expression 'port port'" "$TMPD/err"
ip netns exec "$A" "$IKEWATCH" -i ikwva -Z ikw-no-such-user >"$TMPD/out" 2>"$TMPD/err"
rc=$?
check "-Z unknown user: exit 2" [ "$rc" -eq 2 ]
check "-Z unknown user: says so" grep -q 'cannot switch to user ikw-no-such-user' "$TMPD/err"

keepalives() {	# keepalives N: N NAT-T keepalives from B to A's 4500
	ip netns exec "$B" "$PYTHON3" -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.2", 4500))
for i in range(int(sys.argv[1])):
    s.sendto(b"\xff", ("192.0.2.1", 4500))
' "$1"
}

# stalled_report KEEPALIVES ARGS...: ikewatch -q -i with ARGS while an
# IKE_SA_INIT request goes out twice unanswered, then KEEPALIVES NAT-T
# keepalives; stopped with SIGINT, its status in rc.
stalled_report() {
	kas=$1
	shift
	ip netns exec "$A" "$IKEWATCH" -q -i ikwva --stall 1 "$@" \
		>"$TMPD/out" 2>"$TMPD/err" &
	pid=$!
	sleep 1.5
	send 500
	sleep 0.5
	send 500
	sleep 1.5
	if [ "$kas" -gt 0 ]; then
		keepalives "$kas"
		sleep 1
	fi
	kill -INT "$pid"
	wait "$pid"
	rc=$?
}

# --report DIR with -i: the bundle is written from the ring of recent
# frames when the capture stops.
stalled_report 0 --report "$TMPD/lrep"
check "live --report: exit 0, nothing on stderr" sh -c "[ $rc -eq 0 ] && [ ! -s '$TMPD/err' ]"
check "live --report: the four files" sh -c "for f in evidence.pcap report.md report.json SHA256SUMS; do [ -s '$TMPD/lrep/'\$f ] || exit 1; done"
check "live --report: sha256sum -c passes in the bundle" sh -c "cd '$TMPD/lrep' && sha256sum -c --quiet SHA256SUMS"
check "live --report: the interface and libpcap's drop count are stated" sh -c "grep -q 'live on .ikwva.' '$TMPD/lrep/report.md' && grep -q 'Kernel drops: none' '$TMPD/lrep/report.md'"
check "live --report: the unanswered request is the finding" grep -q 'no_response' "$TMPD/lrep/report.md"
check "live --report: every cited frame was kept" grep -q 'Every cited frame was still in the ring' "$TMPD/lrep/report.md"
if [ -n "${TSHARK:-}" ] && [ -x "$TSHARK" ]; then
	check "live --report: evidence.pcap holds the listed frames, IKE and ICMP" \
	    "$PYTHON3" - "$TSHARK" "$TMPD/lrep" <<'PY'
import json, subprocess, sys
tshark, out = sys.argv[1:]
rep = json.load(open(out + "/report.json"))
assert rep["capture"]["live"] is True and rep["capture"]["interface"] == "ikwva"
assert rep["capture"]["frames_not_kept"] == []
r = subprocess.run([tshark, "-r", out + "/evidence.pcap", "-T", "fields",
                    "-e", "frame.protocols"], capture_output=True, text=True,
                   check=True)
protos = r.stdout.split()
assert len(protos) == len(rep["evidence_frames"]), (protos, rep)
assert sum("icmp" not in p and p.endswith("isakmp") for p in protos) == 2, protos
assert sum(":icmp:" in p for p in protos) == 2, protos
PY
fi

# A small ring: the cited frames are pushed out by a flood of keepalives,
# and the bundle says so instead of pretending.
stalled_report 30000 --ring 1M --report "$TMPD/small"
check "small ring: exit 0" [ "$rc" -eq 0 ]
check "small ring: sha256sum -c passes" sh -c "cd '$TMPD/small' && sha256sum -c --quiet SHA256SUMS"
check "small ring: the cited frames that left the ring are named" \
    "$PYTHON3" -c '
import json, sys
rep = json.load(open(sys.argv[1] + "/report.json"))
lost = rep["capture"]["frames_not_kept"]
assert 1 in lost and rep["capture"]["ring_pushed_out"] > 0, rep["capture"]
assert not set(lost) & set(rep["evidence_frames"])
' "$TMPD/small"
check "small ring: report.md says they are not in the evidence" grep -q 'had already left the ring' "$TMPD/small/report.md"
check "--ring without -i: refused" sh -c "'$IKEWATCH' -r '$top_srcdir/pcaps/ikev2-healthy.pcap' --ring 8M 2>&1 >/dev/null | grep -q 'goes with -i'"

# The live view on the interface, in tmux: an IKE_SA_INIT request sent
# twice and never answered becomes a stuck row and a no_response event
# as its --stall runs out, and q prints the summary.
if command -v tmux >/dev/null 2>&1; then
	T="tmux -S $TMPD/tmux.sock"
	$T new-session -d -s v -x 120 -y 30
	$T set-option -t v remain-on-exit on >/dev/null
	$T respawn-pane -k -t v "cd '$TMPD' && TERM=xterm-256color ip netns exec $A '$IKEWATCH' -i ikwva --stall 2; echo ikewatch exit status \$?"
	sleep 1.5
	send 500
	sleep 0.5
	send 500
	i=0
	while [ $i -lt 40 ]; do
		$T capture-pane -p -t v >"$TMPD/out"
		grep -q 'no_response' "$TMPD/out" && break
		sleep 0.2
		i=$((i + 1))
	done
	check "live view: the unanswered request is a stuck row" sh -c "grep 'STUCK' '$TMPD/out' | grep -q 'IKE_SA_INIT_WAIT'"
	check "live view: the stall is reported as it happens" grep -q 'no_response' "$TMPD/out"
	check "live view: the header says live and the interface" grep -q 'live.*interface ikwva' "$TMPD/out"
	# e: the stuck tunnel's bundle, from the ring, in the working directory.
	$T send-keys -t v e
	i=0
	while [ $i -lt 25 ]; do
		[ -s "$TMPD/ikewatch-evidence-0a0b0c0d0e0f1011/SHA256SUMS" ] && break
		sleep 0.2
		i=$((i + 1))
	done
	check "live view: e writes the tunnel's bundle" sh -c "cd '$TMPD/ikewatch-evidence-0a0b0c0d0e0f1011' && sha256sum -c --quiet SHA256SUMS && grep -q 'no_response' report.md"
	$T capture-pane -p -t v >"$TMPD/out"
	check "live view: e says where it went" grep -q 'evidence written to ikewatch-evidence-0a0b0c0d0e0f1011' "$TMPD/out"
	$T send-keys -t v q
	i=0
	while [ $i -lt 50 ]; do
		$T capture-pane -p -t v | grep -q 'ikewatch exit status' && break
		sleep 0.2
		i=$((i + 1))
	done
	$T capture-pane -p -S -200 -t v >"$TMPD/out"
	check "live view: q prints the findings and statistics" sh -c "grep -q '^Findings (' '$TMPD/out' && grep -q '^Statistics for' '$TMPD/out'"
	check "live view: q ends with status 0" grep -q 'ikewatch exit status 0' "$TMPD/out"
	$T kill-server 2>/dev/null
fi

checks_done live
