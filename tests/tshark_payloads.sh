#!/bin/sh
# tests/tshark_payloads.sh: tshark as the oracle for ikewatch's decoded
# IKE payloads.
#
# For every capture in pcaps/ and in the shared corpus MANIFEST.tsv,
# tshark (-T json) and ikewatch (--json -vv) are run once each, and every
# IKE message tshark dissects must carry the same header fields and the
# same payloads, in order, in ikewatch's packet record: payload types and
# lengths, SA proposals, transforms and attributes, KE groups, IDs,
# notify types and data, delete SPIs, vendor IDs (bytes, and whether the
# vendor is known), traffic selectors, configuration attributes, fragment
# numbers.  Encrypted contents are out of scope.  The rules that decide
# what is compared are in tests/tshark_payloads.py.
#
# Skips (77) without tshark or python3.  Without the corpus only pcaps/ is
# compared.  Extra arguments go to the Python script, e.g.
#	tests/tshark_payloads.sh -v pcaps/ikev2-healthy.pcap tcpdump/isakmp4500.pcap

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

need_ikewatch
[ -n "${TSHARK:-}" ] || skip "tshark not found (TSHARK is empty; install tshark and re-run configure)"
command -v "$TSHARK" >/dev/null 2>&1 || skip "tshark not runnable: $TSHARK"
have_python || skip "python3 not found (PYTHON3 is empty or unusable)"

if [ -d "$CORPUS_DIR" ] && [ -r "$CORPUS_MANIFEST" ]; then
	set -- --corpus "$CORPUS_DIR" "$@"
else
	echo "tshark-payloads: no corpus at $CORPUS_DIR; comparing pcaps/ only"
fi

echo "tshark-payloads: $("$TSHARK" -v 2>/dev/null | head -n 1)"
exec "$PYTHON3" "$top_srcdir/tests/tshark_payloads.py" \
    --pcaps "$top_srcdir/pcaps" --ikewatch "$IKEWATCH" --tshark "$TSHARK" "$@"
