#!/bin/sh
# valgrind.sh: every lab capture under valgrind's memcheck, with its keys
# when it has them and at -v (the payload decoder, decryption, the
# findings, the text output): no invalid read or write, no use of
# uninitialised memory, no leak.  Skipped when valgrind is not installed.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
command -v valgrind >/dev/null 2>&1 || skip "valgrind is not installed"
# A sanitizer build cannot run under valgrind; make distcheck's plain
# build runs this test.
[ -z "${SANITIZERS:-}" ] || skip "built with sanitizers (make distcheck runs it)"
mktmpdir valgrind

on_fail() {
	head -30 "$TMPD/vg.log"
}

# vg ARGS...: ikewatch ARGS under memcheck, output discarded.
vg() {
	valgrind -q --error-exitcode=3 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect \
	    --show-leak-kinds=definite,indirect --log-file="$TMPD/vg.log" \
	    "$IKEWATCH" "$@" >/dev/null 2>&1
}

runs=0
for pcap in "$top_srcdir"/pcaps/*.pcap; do
	name=$(basename "$pcap" .pcap)
	set -- -v -r "$pcap"
	[ -f "$top_srcdir/pcaps/$name.keys" ] &&
		set -- --keys "$top_srcdir/pcaps/$name.keys" "$@"
	check "$name: valgrind clean" vg "$@"
	runs=$((runs + 1))
done
[ "$runs" -gt 0 ] || skip "no captures in pcaps/"
checks_done valgrind
