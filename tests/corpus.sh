#!/bin/sh
# tests/corpus.sh: robustness over the shared corpus of real captures.
#
# For every capture listed in the corpus MANIFEST.tsv (column 1), run
#	ikewatch -r F		(text)
#	ikewatch --json -r F
#	ikewatch -v -r F
# and require that none of them crashes:
#   - exit status 0, or 2 with exactly one line on stderr that begins
#     with "ikewatch: " (bad input, e.g. a truncated or unreadable file);
#   - no signal, no abort, no hang (a 60 s limit per run), no other exit
#     status;
#   - no sanitizer report on stderr ("runtime error", "AddressSanitizer",
#     "LeakSanitizer": the binary may be built with
#     -fsanitize=address,undefined).
# Every --json line must parse as a JSON object with a string "type", and
# the last line must be the {"type":"stats"} summary (also on exit 2).
#
# Exit 0 pass, 1 fail, 77 skip (no corpus).  Environment: see tests/lib.sh.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

need_ikewatch
need_corpus
mktmpdir corpus

# One run may take at most this long; a hang is a failure (the corpus has
# an "infinite loop" reproducer, tcpdump/isakmp-pointer-loop.pcap).
RUN_LIMIT=${CORPUS_RUN_LIMIT:-60}
if command -v timeout >/dev/null 2>&1; then
	TIMEOUT="timeout -k 5 $RUN_LIMIT"
else
	TIMEOUT=
fi

corpus_files >"$TMPD/list" || fail "cannot read $CORPUS_MANIFEST"
total=$(wc -l <"$TMPD/list" | tr -d ' ')
[ "$total" -gt 0 ] || fail "no captures listed in $CORPUS_MANIFEST"

mkdir "$TMPD/json"
nfail=0		# captures with at least one problem
nbad=0		# captures that some mode rejected with exit 2
runs=0
n=0
: >"$TMPD/problems"
: >"$TMPD/badinput"
: >"$TMPD/jsonmap"

# problem CAPTURE MODE TEXT...: record one failure line.
problem() {
	_c=$1 _m=$2
	shift 2
	printf '%s [%s]: %s\n' "$_c" "$_m" "$*" >>"$TMPD/problems"
	bad_capture=1
}

# check_run CAPTURE MODE RC ERRFILE: judge one finished run.
check_run() {
	_c=$1 _m=$2 _rc=$3 _err=$4
	if grep -E 'runtime error|AddressSanitizer|LeakSanitizer' "$_err" \
	    >"$TMPD/san" 2>/dev/null; then
		problem "$_c" "$_m" "sanitizer report on stderr: $(head -n 1 "$TMPD/san")"
	fi
	case $_rc in
	0)
		;;
	2)
		_lines=$(wc -l <"$_err" | tr -d ' ')
		_first=$(head -n 1 "$_err")
		case $_first in
		"ikewatch: "*)
			if [ "$_lines" -ne 1 ]; then
				problem "$_c" "$_m" "exit 2 with $_lines lines on stderr (want exactly 1): $_first"
			else
				bad_input=$_first
			fi
			;;
		*)
			problem "$_c" "$_m" "exit 2 without an 'ikewatch: ' message on stderr: '${_first}'"
			;;
		esac
		;;
	124|137)
		if [ -n "$TIMEOUT" ]; then
			problem "$_c" "$_m" "no result within ${RUN_LIMIT}s (hang?), exit $_rc"
		else
			problem "$_c" "$_m" "exit status $_rc"
		fi
		;;
	*)
		if [ "$_rc" -gt 128 ]; then
			_sig=$(kill -l $((_rc - 128)) 2>/dev/null || echo "?")
			problem "$_c" "$_m" "killed by signal $((_rc - 128)) (SIG$_sig)$(head -n 1 "$_err" | sed 's/^/: /')"
		else
			problem "$_c" "$_m" "exit status $_rc$(head -n 1 "$_err" | sed 's/^/: /')"
		fi
		;;
	esac
}

while IFS= read -r rel; do
	n=$((n + 1))
	f=$CORPUS_DIR/$rel
	bad_capture=0
	bad_input=
	if [ ! -f "$f" ]; then
		problem "$rel" "-" "listed in MANIFEST.tsv but missing from $CORPUS_DIR"
	else
		for mode in text json verbose; do
			case $mode in
			text)    set -- ;;
			json)    set -- --json ;;
			verbose) set -- -v ;;
			esac
			out=/dev/null
			[ "$mode" = json ] && out=$TMPD/json/$n.jsonl
			$TIMEOUT "$IKEWATCH" "$@" -r "$f" >"$out" 2>"$TMPD/err" \
			    </dev/null
			rc=$?
			runs=$((runs + 1))
			check_run "$rel" "$mode" "$rc" "$TMPD/err"
		done
		printf '%s\t%s\n' "$TMPD/json/$n.jsonl" "$rel" >>"$TMPD/jsonmap"
	fi
	if [ -n "$bad_input" ]; then
		nbad=$((nbad + 1))
		printf '  %s: %s\n' "$rel" "$bad_input" >>"$TMPD/badinput"
	fi
	[ "$bad_capture" -eq 1 ] && echo "$rel" >>"$TMPD/failed"
done <"$TMPD/list"

# Validate the --json output of every capture in one interpreter.
json_checked=no
if have_python; then
	json_checked=yes
	jrc=0
	"$PYTHON3" - "$TMPD/jsonmap" >>"$TMPD/problems" <<'EOF' || jrc=$?
import json, sys

for row in open(sys.argv[1], encoding="utf-8"):
    path, rel = row.rstrip("\n").split("\t", 1)
    try:
        data = open(path, "rb").read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print("%s [json]: cannot read output as UTF-8: %s" % (rel, e))
        continue
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        print("%s [json]: output does not end with a newline" % rel)
    last = None
    for i, line in enumerate(lines, 1):
        try:
            obj = json.loads(line)
        except ValueError as e:
            print("%s [json]: line %d is not JSON (%s): %.120s" % (rel, i, e, line))
            last = None
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
            print("%s [json]: line %d has no string \"type\": %.120s" % (rel, i, line))
            last = None
            continue
        last = obj["type"]
    if not lines:
        print("%s [json]: no output at all" % rel)
    elif last != "stats":
        print("%s [json]: the last line is not a {\"type\":\"stats\"} object" % rel)
EOF
	[ "$jrc" -eq 0 ] ||
		echo "(json validator) [json]: the validator itself failed, exit $jrc" >>"$TMPD/problems"
	# A capture whose JSON is broken counts as not clean.
	sed -n 's/^\(.*\) \[json\]: .*/\1/p' "$TMPD/problems" >>"$TMPD/failed"
fi

if [ -s "$TMPD/failed" ]; then
	nfail=$(sort -u "$TMPD/failed" | wc -l | tr -d ' ')
fi
clean=$((total - nfail))

echo "corpus: $total captures, $clean clean ($runs runs: text, --json, -v; JSON lines validated: $json_checked)"
if [ "$nbad" -gt 0 ]; then
	echo "corpus: $nbad captures rejected as bad input (exit 2, allowed):"
	cat "$TMPD/badinput"
fi
[ "$json_checked" = yes ] || echo "corpus: note: PYTHON3 unset or unusable, --json lines not parsed"
if [ "$nfail" -gt 0 ]; then
	echo "corpus: $nfail captures FAILED:"
	sed 's/^/  /' "$TMPD/problems"
	exit 1
fi
exit 0
