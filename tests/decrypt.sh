#!/bin/sh
# decrypt.sh: decryption with --keys, held to independent decoders.
#
# - Every lab capture with keys (pcaps/NAME.keys) is decrypted by ikewatch
#   and by tshark with the same keys, frame by frame
#   (tests/decrypt_oracle.py): the same frames decrypt, with the same
#   payloads, notifies, SPIs, identities and inner addresses; in the
#   healthy captures every encrypted IKE message and ESP packet does.
# - The same for the corpus captures whose keys Wireshark's tables hold
#   (../shared/corpus, read in place), and against tcpdump's recorded
#   output for its ESP secrets.
# - A wrong key decodes nothing: every message says why, no payload is
#   shown, and the SA gets a decrypt_failed finding.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
have_python || skip "python3 is needed"
[ -n "${TSHARK:-}" ] && [ -x "$TSHARK" ] || skip "tshark is not installed"
mktmpdir decrypt
ORACLE="$PYTHON3 $top_srcdir/tests/decrypt_oracle.py"

on_fail() {
	[ -s "$TMPD/log" ] && sed 's/^/   /' "$TMPD/log" | head -20
}

# The lab: split each .keys file into Wireshark's tables.
for keys in "$top_srcdir"/pcaps/*.keys; do
	name=$(basename "$keys" .keys)
	pcap=$top_srcdir/pcaps/$name.pcap
	[ -f "$pcap" ] || continue
	ws=$TMPD/ws-$name
	ws_keys "$ws" "$keys"
	all=
	case $name in *-healthy) all=--all ;; esac
	check "$name: decrypts as tshark does${all:+, completely}" \
	    sh -c "$ORACLE $all '$TSHARK' '$IKEWATCH' '$pcap' '$ws' '$keys' >'$TMPD/log' 2>&1"
	sed -n 1p "$TMPD/log"
done

# The corpus, with the keys the projects published.
if [ -d "$CORPUS_DIR" ]; then
	W=$CORPUS_DIR/wireshark-wiki
	G="$W/ipsec_ikev2+esp_aes-gcm,aes-ctr,aes-cbc"
	E1=$W/ipsec_esp/ipsec_esp_capture_1/esp_sa
	ws_keys "$TMPD/c1" - "$E1"
	ws_keys "$TMPD/c2" - "$W/ipsec_esp/ipsec_esp_capture_2/esp_sa"
	ws_keys "$TMPD/gcm" - "$G/esp_sa" "$G/ikev2_decryption_table"
	grep -v '^#' "$CORPUS_DIR/wireshark/test-config/ikev1_decryption_table.tmpl" \
	    >"$TMPD/ikev1_decryption_table"
	ws_keys "$TMPD/v1" - "$TMPD/ikev1_decryption_table"
	while read -r pcap ws all keys; do
		[ -f "$CORPUS_DIR/$pcap" ] || continue
		[ "$all" = - ] && all=
		set -- $keys
		check "corpus $pcap: decrypts as tshark does" \
		    sh -c "$ORACLE $all '$TSHARK' '$IKEWATCH' '$CORPUS_DIR/$pcap' '$TMPD/$ws' $* >'$TMPD/log' 2>&1"
		sed -n 1p "$TMPD/log"
	done <<EOF
wireshark-wiki/ipsec_esp/ipsec_esp_capture_1/capture.pcap c1 --all $E1
wireshark-wiki/ipsec_esp/ipsec_esp_capture_2/capture.pcap c2 --all $W/ipsec_esp/ipsec_esp_capture_2/esp_sa
wireshark-wiki/ipsec_ikev2+esp_aes-gcm,aes-ctr,aes-cbc/capture.pcapng gcm --all $G/esp_sa $G/ikev2_decryption_table
arkime/wireshark-esp.pcap c1 --all $E1
zeek/ip6_esp.pcap c1 --all $E1
zeek-spicy-ipsec/traces/ikev1-certs.pcap v1 - $TMPD/ikev1_decryption_table
EOF
	# tcpdump's ESP secrets: the inner addresses tcpdump printed.
	T=$CORPUS_DIR/tcpdump
	for pair in 08-sunrise-sunset-aes:esp5 08-sunrise-sunset-esp2:esp2; do
		pcap=$T/${pair%%:*}.pcap
		out=$T/${pair#*:}.out
		[ -f "$pcap" ] && [ -f "$out" ] || continue
		"$IKEWATCH" --json --keys "$T/esp-secrets.txt" -r "$pcap" \
		    >"$TMPD/tcpd.json" 2>/dev/null
		check "corpus tcpdump ${pair%%:*}: inner addresses as tcpdump -E printed them" \
		    "$PYTHON3" - "$TMPD/tcpd.json" "$out" <<'PY'
import json, re, sys
iw = {}
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") == "packet" and o.get("decrypted") == "ok":
        iw[o["frame"]] = (o["inner"]["src"], o["inner"]["dst"])
want = {}
for l in open(sys.argv[2]):
    m = re.match(r"\s*(\d+) .*?ESP\(spi=[^)]*\), length \d+: IP (\S+) > (\S+?):", l)
    if m:
        want[int(m.group(1))] = (m.group(2), m.group(3))
assert want and iw == want, (iw, want)
PY
	done
else
	echo "note: no corpus at $CORPUS_DIR; lab captures only"
fi

# A wrong key: nothing decoded, every message says why, and a finding.
for name in ikev2-healthy ikev1-main-healthy; do
	# One hex digit changed in every key (runs of 32 hex digits or more:
	# never the SPIs and cookies).
	"$PYTHON3" -c '
import re, sys
def flip(m):
    k = m.group(0)
    return k[:-1] + ("0" if k[-1] != "0" else "1")
for l in open(sys.argv[1]):
    sys.stdout.write(l if l.startswith("#") else
                     re.sub(r"[0-9a-fA-F]{32,}", flip, l))
' "$top_srcdir/pcaps/$name.keys" >"$TMPD/wrong.keys"
	"$IKEWATCH" --json --keys "$TMPD/wrong.keys" \
	    -r "$top_srcdir/pcaps/$name.pcap" >"$TMPD/wrong.json" 2>/dev/null
	check "$name, wrong keys: nothing decoded, each message says why, a decrypt_failed finding" \
	    "$PYTHON3" - "$TMPD/wrong.json" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
pk = [o for o in objs if o["type"] == "packet"]
enc = [o for o in pk if o.get("proto", "").startswith("ikev") and
       ("E" in o.get("flags", "") or "encrypted_first" in o)]
esp = [o for o in pk if o.get("proto", "").startswith("esp")]
assert enc and esp
assert all(o.get("decrypted") in ("integrity_failed", "garbled", "no_iv")
           for o in enc), \
    [o.get("decrypted") for o in enc]
assert all(o.get("decrypted") == "integrity_failed" and "inner" not in o
           for o in esp), [o.get("decrypted") for o in esp]
# The encrypted messages show only what is in clear.
for o in enc:
    assert all(p in ("SK", "SKF") for p in o["payloads"]), o["payloads"]
st = [o for o in objs if o["type"] == "stats"][0]
assert st["decrypt"]["ike"]["ok"] == 0 and st["decrypt"]["esp"]["ok"] == 0
assert any(o["type"] == "finding" and o["id"] == "decrypt_failed"
           for o in objs)
PY
done

checks_done decrypt
