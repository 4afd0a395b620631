#!/bin/sh
# lab_expect.sh: every capture of the lab (pcaps/NAME.pcap) against its
# expectations (pcaps/NAME.expect), through pcaps/lab/check-expect.
#
# LAB_PCAPS may name another directory of captures (make check-lab points
# it at captures made moments ago); the expectations are always those in
# the source tree, so fresh traffic is held to the same rules.
#
# The finding lines are checked once the analyzer reports findings (its
# "stats" record then carries a "findings" count); until then only the
# packet and exchange counts are, and the test says so.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
have_python || skip "python3 is needed to read the expectations"
dir=${LAB_PCAPS:-$top_srcdir/pcaps}
set -- "$dir"/*.pcap
[ -e "$1" ] || skip "no captures in $dir"

mode=""
if ! "$IKEWATCH" --json -q -r "$1" 2>/dev/null | grep -q '"findings":'; then
	mode=--counts-only
	echo "note: the analyzer reports no findings yet: checking packet" \
	    "and exchange counts only; finding lines are kept, not checked"
fi
# Expectations come from the tree when the captures are elsewhere.
if [ "$dir" != "$top_srcdir/pcaps" ]; then
	for f in "$@"; do
		n=$(basename "$f" .pcap)
		[ -f "$top_srcdir/pcaps/$n.expect" ] ||
			fail "$n: made by the lab but has no pcaps/$n.expect"
		cp "$top_srcdir/pcaps/$n.expect" "$dir/$n.expect"
	done
fi
"$PYTHON3" "$top_srcdir/pcaps/lab/check-expect" --ikewatch "$IKEWATCH" \
	$mode "$@"
