#!/bin/sh
# lab_children.sh: the ESP children ikewatch lists under each IKE SA of
# the lab's captures match the SAs the peers logged (pcaps/NAME.keys,
# esp_sa) and tshark's packet counts (tests/lab_children.py).
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
have_python || skip "python3 is needed"
[ -n "${TSHARK:-}" ] && [ -x "$TSHARK" ] || skip "tshark is not installed"
"$PYTHON3" "$top_srcdir/tests/lab_children.py" "$IKEWATCH" "$TSHARK" \
    "$top_srcdir"/pcaps/*.pcap || exit 1
