#!/bin/sh
# tests/tshark_oracle.sh: tshark as the oracle for ikewatch's header fields.
#
# For every capture in the shared corpus MANIFEST.tsv, tshark (-T fields)
# and ikewatch (--json) are run once each, and every frame where tshark
# shows IKE, ESP or AH header fields must carry the same values in
# ikewatch's packet record: IKE SPIs, exchange type and message id, ESP
# and AH SPI and sequence number, the proto name, addresses and UDP ports,
# and for ICMP errors the SPIs of the quoted packet.  The rules that decide
# what is compared per frame are in tests/tshark_oracle.py.
#
# Skips (77) without tshark, python3 or the corpus.  Extra arguments go
# to the Python script, e.g.  tests/tshark_oracle.sh -v tcpdump/espudp1.pcap

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

need_ikewatch
[ -n "${TSHARK:-}" ] || skip "tshark not found (TSHARK is empty; install tshark and re-run configure)"
command -v "$TSHARK" >/dev/null 2>&1 || skip "tshark not runnable: $TSHARK"
have_python || skip "python3 not found (PYTHON3 is empty or unusable)"
need_corpus

echo "tshark-oracle: $("$TSHARK" -v 2>/dev/null | head -n 1)"
exec "$PYTHON3" "$top_srcdir/tests/tshark_oracle.py" \
    --corpus "$CORPUS_DIR" --ikewatch "$IKEWATCH" --tshark "$TSHARK" "$@"
