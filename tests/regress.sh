#!/bin/sh
# regress.sh: every capture in tests/data/ once broke ikewatch; each must
# now be read cleanly in every output mode (exit 0, or 2 with one
# sentence), with nothing from the sanitizers.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
mktmpdir regress
n=0
bad=0
for f in "$top_srcdir"/tests/data/*.pcap "$top_srcdir"/tests/data/*.pcapng; do
	[ -e "$f" ] || continue
	for args in "" "-vv" "--json -vv"; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		"$IKEWATCH" $args -r "$f" >"$TMPD/out" 2>"$TMPD/err"
		rc=$?
		if { [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ]; } &&
		    ! grep -q 'runtime error\|Sanitizer' "$TMPD/err"; then
			echo "ok $(basename "$f") $args"
		else
			echo "FAIL $(basename "$f") $args: exit $rc"
			head -5 "$TMPD/err"
			bad=$((bad + 1))
		fi
	done
done
echo "regress: $((n - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
