#!/bin/sh
# golden.sh: ikewatch's output over known captures, compared line by line
# with reviewed expectations in tests/golden-out/.
#
# tests/golden-out/LIST has one case per line: NAME, the capture (a path in
# the source tree, or corpus:PATH inside ../shared/corpus) and the
# arguments.  The expected output is tests/golden-out/NAME.out.  Fields were
# checked against tshark when the files were written; to rewrite them
# after a deliberate change, run with GOLDEN_UPDATE=1 and review the diff.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
mktmpdir golden

n=0
bad=0
skipped=0
while read -r name src args; do
	case "$name" in ''|'#'*) continue ;; esac
	case "$src" in
	corpus:*)
		f=$CORPUS_DIR/${src#corpus:}
		if [ ! -r "$f" ]; then
			skipped=$((skipped + 1))
			echo "skip $name: $f not present"
			continue
		fi ;;
	*)	f=$top_srcdir/$src ;;
	esac
	n=$((n + 1))
	want=$top_srcdir/tests/golden-out/$name.out
	# shellcheck disable=SC2086
	(cd "$(dirname "$f")" && "$IKEWATCH" $args -r "$(basename "$f")") \
		>"$TMPD/$name.out" 2>&1
	echo "exit $?" >>"$TMPD/$name.out"
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$TMPD/$name.out" "$want"
		echo "updated $name"
	elif diff -u "$want" "$TMPD/$name.out" >"$TMPD/$name.diff"; then
		echo "ok $name"
	else
		echo "FAIL $name:"
		head -40 "$TMPD/$name.diff"
		bad=$((bad + 1))
	fi
done <"$top_srcdir/tests/golden-out/LIST"
[ "$n" -gt 0 ] || skip "no golden case could run ($skipped skipped)"
echo "golden: $((n - bad)) passed, $bad failed, $skipped skipped"
[ "$bad" -eq 0 ]
