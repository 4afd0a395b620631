#!/bin/sh
# cli.sh: the command line as a user meets it: good runs, and every kind
# of bad input answered with one clear sentence and exit status 2, with
# whatever could be read before a truncation still analysed.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
have_python || skip "python3 is needed to write the test captures"
mktmpdir cli

on_fail() {
	echo "   stdout: $(head -c 600 "$TMPD/out")"
	echo "   stderr: $(head -c 600 "$TMPD/err")"
}
run() {		# run ARGS...: sets rc, out, err
	"$IKEWATCH" "$@" >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
}
has_out() { grep -q -- "$1" "$TMPD/out"; }
has_err() { grep -q -- "$1" "$TMPD/err"; }
one_line_err() { [ "$(wc -l <"$TMPD/err")" -eq 1 ] && has_err '^ikewatch: '; }

"$PYTHON3" "$top_srcdir/tests/mkpcap.py" "$TMPD/ike.pcap" ike || fail "mkpcap"
"$PYTHON3" "$top_srcdir/tests/mkpcap.py" "$TMPD/lt105.pcap" linktype105 || fail "mkpcap"

# A good file, text.
run -r "$TMPD/ike.pcap"
check "reads a pcap: exit 0" [ "$rc" -eq 0 ]
check "IKE_SA_INIT request line" has_out 'IKEv2 IKE_SA_INIT I req msgid 0 spi 0102030405060708/0000000000000000 \[SA\]'
check "IKE_SA_INIT response line" has_out 'IKE_SA_INIT R resp msgid 0 spi 0102030405060708/1112131415161718'
check "ESP line" has_out 'ESP spi 0xc0ffee01 seq 1'
check "statistics block" has_out 'frames read *3'
check "nothing on stderr" [ ! -s "$TMPD/err" ]

# JSON lines.
run --json -r "$TMPD/ike.pcap"
check "json: exit 0" [ "$rc" -eq 0 ]
check "json: every line parses, types in order" "$PYTHON3" -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert [r["type"] for r in recs] == ["packet"] * 3 + ["sa", "stats"], recs
p = recs[0]
assert p["proto"] == "ikev2" and p["ispi"] == "0102030405060708", p
assert p["exchange"] == "IKE_SA_INIT" and p["msgid"] == 0, p
assert p["src"] == "192.0.2.10:500" and p["payloads"] == ["SA"], p
assert p["ts"] == "2023-11-14T22:13:20.250000Z", p
assert recs[2]["spi"] == "c0ffee01" and recs[2]["seq"] == 1, recs[2]
sa = recs[3]
assert sa["ispi"] == "0102030405060708" and sa["rspi"] == "1112131415161718"
assert sa["initiator_state"]["asa"] == "IKE_SA_INIT_WAIT", sa
assert sa["responder_state"]["asa"] == "IKE_AUTH_WAIT", sa
assert recs[4]["packets"] == 3 and recs[4]["protocols"]["esp"] == 1
assert recs[4]["ike_sas"] == 1
' "$TMPD/out"

# -q: the summary only.
run -q -r "$TMPD/ike.pcap"
check "-q: no packet lines" sh -c "! grep -q 'I req' '$TMPD/out'"
check "-q: the IKE SA table" has_out 'initiator IKE_SA_INIT_WAIT, responder IKE_AUTH_WAIT'
check "-q: statistics" has_out 'frames read'

# State vocabularies and the memory cap.
run -q --vocab rfc -r "$TMPD/ike.pcap"
check "--vocab rfc: RFC state names" has_out 'initiator PARENT_I1, responder PARENT_R1'
run -q --vocab ios --memcap 8M -r "$TMPD/ike.pcap"
check "--vocab ios --memcap 8M: exit 0" [ "$rc" -eq 0 ]
run --vocab cisco -r "$TMPD/ike.pcap"
check "bad --vocab: exit 2" [ "$rc" -eq 2 ]
check "bad --vocab: says what it takes" has_err 'takes asa, ios or rfc'
run --memcap 12Q -r "$TMPD/ike.pcap"
check "bad --memcap: exit 2" [ "$rc" -eq 2 ]
check "bad --memcap: says what it takes" has_err 'takes a size'
run --memcap 4K -r "$TMPD/ike.pcap"
check "--memcap below 1M refused" [ "$rc" -eq 2 ]

# A filter on a file keeps the file's frame numbers.
run --json -r "$TMPD/ike.pcap" esp
check "file filter: exit 0" [ "$rc" -eq 0 ]
check "file filter: only frame 3, numbered 3" sh -c "grep -c '\"type\":\"packet\"' '$TMPD/out' | grep -qx 1 && grep -q '\"frame\":3,' '$TMPD/out'"
run -r "$TMPD/ike.pcap" 'udp port'
check "bad filter on a file: exit 2" [ "$rc" -eq 2 ]
check "bad filter: says so" has_err "bad filter expression 'udp port'"

# Bad input.
run
check "no arguments: exit 2" [ "$rc" -eq 2 ]
check "no arguments: says what to give" has_err 'give exactly one of -r FILE or -i IFACE'
run -r "$TMPD/nonexistent.pcap"
check "missing file: exit 2" [ "$rc" -eq 2 ]
check "missing file: one sentence" one_line_err
check "missing file: names the cause" has_err 'No such file or directory'
run -r "$TMPD"
check "directory: exit 2" [ "$rc" -eq 2 ]
check "directory: says so" has_err 'is a directory'
printf 'this is not a capture\n' >"$TMPD/text.pcap"
run -r "$TMPD/text.pcap"
check "not a capture: exit 2" [ "$rc" -eq 2 ]
check "not a capture: says so" has_err 'is not a pcap or pcapng capture file'
: >"$TMPD/empty.pcap"
run -r "$TMPD/empty.pcap"
check "empty file: exit 2" [ "$rc" -eq 2 ]
check "empty file: one sentence" one_line_err
run -r "$TMPD/lt105.pcap"
check "unknown link type: exit 2" [ "$rc" -eq 2 ]
check "unknown link type: names it" has_err 'link type 105'
size=$(wc -c <"$TMPD/ike.pcap")
head -c $((size - 20)) "$TMPD/ike.pcap" >"$TMPD/cut.pcap"
run -r "$TMPD/cut.pcap"
check "truncated file: exit 2" [ "$rc" -eq 2 ]
check "truncated file: says truncated" has_err 'is truncated'
check "truncated file: frames before the cut analysed" has_out 'IKE_SA_INIT R resp'
check "truncated file: statistics still printed" has_out 'frames read *2'
run --json -r "$TMPD/cut.pcap"
check "truncated file, json: stats carry the error" has_out '"error":'
run --bogus
check "unknown option: exit 2" [ "$rc" -eq 2 ]
check "unknown option: named" has_err 'unknown option --bogus'
run --keys "$TMPD/no-such.keys" -r "$TMPD/ike.pcap"
check "--keys missing file: exit 2, one sentence naming it" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$TMPD/err') -eq 1 ] && grep -q -- '--keys: .*no-such.keys' '$TMPD/err'"
# A key file with bad lines: each said with file and line, never its key
# bytes; the good lines load and the run goes on.
printf '%s\n' '# ikev2_decryption_table' \
    '0011223344556677,8899aabbccddeeff,00112233445566778899aabbccddeeff,ffeeddccbbaa99887766554433221100,"AES-CBC-128 [RFC3602]",0123456789abcdef0123456789abcdef01234567,76543210fedcba9876543210fedcba9876543210,"HMAC_SHA1_96 [RFC2404]"' \
    'deadbeefdeadbeef,zz,not,hex' \
    '"IPv4","192.0.2.1","198.51.100.1","0x1234","NoSuchCipher","0xabcdef","NULL",""' >"$TMPD/bad.keys"
chmod 600 "$TMPD/bad.keys"
run -q --keys "$TMPD/bad.keys" -r "$TMPD/ike.pcap"
check "--keys bad lines: exit 0, the analysis goes on" sh -c "[ $rc -eq 0 ] && grep -q 'frames read' '$TMPD/out'"
check "--keys bad lines: each named by file and line" sh -c "grep -q 'bad.keys:3:' '$TMPD/err' && grep -q 'bad.keys:4:' '$TMPD/err' && ! grep -q 'bad.keys:2:' '$TMPD/err'"
check "--keys bad lines: no key bytes in the messages" sh -c "! grep -qi 'abcdef\|8899aabb\|zz' '$TMPD/err'"
chmod 644 "$TMPD/bad.keys"
run -q --keys "$TMPD/bad.keys" -r "$TMPD/ike.pcap"
check "--keys readable by others: a warning" has_err 'group or others'
run --stall 0 -r "$TMPD/ike.pcap"
check "--stall 0: exit 2" [ "$rc" -eq 2 ]
check "--stall 0: one sentence" one_line_err
run --stall soon -r "$TMPD/ike.pcap"
check "--stall soon: exit 2, says what it takes" sh -c "[ $rc -eq 2 ] && grep -q 'takes seconds' '$TMPD/err'"
run --stall 2.5 -q -r "$TMPD/ike.pcap"
check "--stall 2.5: exit 0" [ "$rc" -eq 0 ]
run --list-findings
check "--list-findings: the catalogue" sh -c "[ $rc -eq 0 ] && grep -q '^no_response  *error  *drawn' '$TMPD/out' && [ \$(wc -l <'$TMPD/out') -ge 24 ]"

# Findings from a lab capture: MM1 resent, never answered.
lab=$top_srcdir/pcaps/ikev1-unreachable-filtered.pcap
run -q -r "$lab"
check "findings: text section, most severe first" sh -c "grep -q '^Findings (' '$TMPD/out' && grep -A1 '^Findings (' '$TMPD/out' | tail -1 | grep -q '^$' && sed -n '/^Findings (/,\$p' '$TMPD/out' | grep -m1 'ERROR\|WARNING\|INFO' | grep -q ERROR"
check "findings: no_response names the state" has_out 'ERROR no_response in MM_WAIT_MSG2'
check "findings: the summary says what left and what came back" has_out 'Main Mode message 1 sent 4 times'
check "findings: frames listed" has_out 'frames: 1, '
check "findings: lines fit 80 columns" sh -c "! sed -n '/^Findings (/,/^Statistics/p' '$TMPD/out' | grep -v '^Statistics' | grep -q '.\{81\}'"
run -q --vocab ios -r "$lab"
check "findings: --vocab ios names the state the IOS way" has_out 'no_response in MM_NO_STATE'
run --json -q -r "$lab"
check "findings: json records carry the contract's fields" "$PYTHON3" -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
fs = [r for r in recs if r["type"] == "finding"]
ids = {f["id"] for f in fs}
assert {"no_response", "retransmit", "one_sided_capture"} <= ids, ids
for f in fs:
    for k in ("id", "severity", "state", "version", "ispi", "rspi",
              "initiator", "responder", "first_ts", "last_ts", "count",
              "frames", "summary", "causes"):
        assert k in f, (k, f)
    assert f["severity"] in ("error", "warning", "info"), f
    assert isinstance(f["frames"], list) and f["frames"], f
    assert isinstance(f["causes"], list) and f["causes"], f
nr = [f for f in fs if f["id"] == "no_response"][0]
assert nr["state"] == "MM_WAIT_MSG2" and nr["state_ios"] == "MM_NO_STATE"
assert nr["count"] == 4 and nr["frames"][:4] == [1, 2, 3, 4], nr
st = recs[-1]
assert st["type"] == "stats" and st["findings"] == len(fs), st
assert st["findings_by_severity"]["error"] >= 1, st
' "$TMPD/out"
# The same request with a stall longer than the capture: no stall claimed.
run --json -q --stall 60 -r "$lab"
check "findings: --stall counts (retransmits still a no_response)" has_out '"no_response"'

run --tui --json -r "$TMPD/ike.pcap"
check "--tui with --json: exit 2, one sentence" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$TMPD/err') -eq 1 ]"
run --speed 2 -r "$TMPD/ike.pcap"
check "--speed without --tui: exit 2, says what it goes with" sh -c "[ $rc -eq 2 ] && grep -q 'goes with -r FILE --tui' '$TMPD/err'"
run --tui --speed -1 -r "$TMPD/ike.pcap"
check "--speed -1: exit 2" [ "$rc" -eq 2 ]
run --no-tui -q -r "$TMPD/ike.pcap"
check "--no-tui with a file: the text summary" sh -c "[ $rc -eq 0 ] && grep -q 'Statistics for' '$TMPD/out'"

run -r "$TMPD/ike.pcap" -r "$TMPD/ike.pcap"
check "two -r: exit 2" [ "$rc" -eq 2 ]
run -Z nobody -r "$TMPD/ike.pcap"
check "-Z without -i: exit 2" [ "$rc" -eq 2 ]
run -i ikw-no-such-if0
check "missing interface: exit 2" [ "$rc" -eq 2 ]
check "missing interface: one sentence" one_line_err
check "missing interface: says why" sh -c "grep -q 'no such interface\|permission denied' '$TMPD/err'"
run --help
check "--help: exit 0 with usage" sh -c "[ $rc -eq 0 ] && grep -q '^usage: ikewatch' '$TMPD/out'"

checks_done cli
