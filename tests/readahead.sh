#!/bin/sh
# readahead.sh: the offline read-ahead (ui/main.c, dissect/peek.c) may
# change the speed, never a result.  Every capture of the lab, the
# regression set and the corpus is read with the glance taken on every
# frame and with it never taken: the text and the JSON must be the same
# byte for byte.  A capture of 20,000 forged ESP SPIs (past the point
# where read-ahead starts on its own) is read both ways too.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
mktmpdir readahead
bad=0
count=0

same() {
	f=$1
	shift
	IKEWATCH_READ_AHEAD=0 "$IKEWATCH" "$@" -r "$f" >"$TMPD/on" 2>&1
	a=$?
	IKEWATCH_READ_AHEAD=99999999999 "$IKEWATCH" "$@" -r "$f" >"$TMPD/off" 2>&1
	b=$?
	count=$((count + 1))
	if [ "$a" -ne "$b" ] || ! cmp -s "$TMPD/on" "$TMPD/off"; then
		echo "FAIL $f $*: exit $a with the glance, $b without"
		diff "$TMPD/off" "$TMPD/on" | head -5
		bad=$((bad + 1))
	fi
}

for f in "$top_srcdir"/pcaps/*.pcap "$top_srcdir"/tests/data/*.pcap \
    "$top_srcdir"/tests/data/*.pcapng; do
	[ -e "$f" ] || continue
	same "$f" -q
	same "$f" --json -v
done
if [ -d "$CORPUS_DIR" ]; then
	find "$CORPUS_DIR" -name '*.pcap' -o -name '*.pcapng' >"$TMPD/list"
	while read -r f; do
		same "$f" --json -v
	done <"$TMPD/list"
fi
# 10,000 tunnels, 20,000 SPIs, 4 seconds: read-ahead starts by itself.
if "$PYTHON3" "$top_srcdir/tests/mklong.py" 10000 4 3600 "$TMPD/many.pcap" \
    >/dev/null 2>&1; then
	same "$TMPD/many.pcap" --json
	same "$TMPD/many.pcap" -q
else
	echo "FAIL mklong.py could not write the capture of many SPIs"
	bad=$((bad + 1))
fi
echo "readahead: $((count - bad)) of $count runs the same both ways"
[ "$bad" -eq 0 ]
