# tests/lib.sh: shell helpers shared by the corpus tests.  Source it:
#	. "${top_srcdir:-.}/tests/lib.sh"
#
# The automake parallel harness exports top_srcdir, top_builddir,
# IKEWATCH, TSHARK and PYTHON3 (see AM_TESTS_ENVIRONMENT).  Exit codes
# follow it: 0 pass, 1 fail, 77 skip.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${IKEWATCH:=$top_builddir/ikewatch}"

# The shared corpus of real captures lives next to the repository and is
# never copied into it.  CORPUS_DIR may point elsewhere.
: "${CORPUS_DIR:=$top_srcdir/../shared/corpus}"
CORPUS_MANIFEST=$CORPUS_DIR/MANIFEST.tsv

# skip REASON: one line on stdout, exit 77 (automake SKIP).
skip() {
	echo "SKIP: $*"
	exit 77
}

# fail REASON: one line on stdout, exit 1.
fail() {
	echo "FAIL: $*"
	exit 1
}

# need_ikewatch: the binary under test must exist (a hard failure: the
# harness builds it before running the tests).
need_ikewatch() {
	[ -x "$IKEWATCH" ] || fail "ikewatch binary not found or not executable: $IKEWATCH"
}

# need_corpus: skip when the shared corpus or its manifest is absent.
need_corpus() {
	[ -d "$CORPUS_DIR" ] || skip "corpus not found at $CORPUS_DIR"
	[ -r "$CORPUS_MANIFEST" ] || skip "corpus manifest not readable: $CORPUS_MANIFEST"
}

# corpus_files: print column 1 (local_path) of every manifest row, header
# and blank lines left out.  Paths are relative to $CORPUS_DIR.
corpus_files() {
	awk -F '\t' 'NR > 1 && $1 != "" { print $1 }' "$CORPUS_MANIFEST"
}

# have_python: true when $PYTHON3 names a runnable interpreter.
have_python() {
	[ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 'import json' >/dev/null 2>&1
}

# mktmpdir NAME: a private scratch directory, removed on exit.
mktmpdir() {
	TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ikewatch-$1.XXXXXX") ||
		fail "cannot create a temporary directory"
	trap 'rm -rf "$TMPD"' EXIT
	trap 'exit 1' HUP INT TERM
}

# ws_keys DIR [KEYS] [FILE...]: DIR becomes a Wireshark configuration
# directory: the sections of the lab's KEYS file (pcaps/NAME.keys, "-"
# for none) split into the tables Wireshark reads, FILEs (tables already)
# copied in, and ESP decryption with ICV checks switched on.
ws_keys() {
	wsk_dir=$1
	wsk_keys=${2:--}
	mkdir -p "$wsk_dir"
	[ "$#" -ge 2 ] && shift 2 || shift
	if [ "$wsk_keys" != - ]; then
		awk -v dir="$wsk_dir" '
			/^# (ikev1_decryption_table|ikev2_decryption_table|esp_sa)$/ {
				out = dir "/" $2; next }
			/^#/ || !NF { next }
			out { print > out }' "$wsk_keys"
	fi
	for wsk_f in "$@"; do
		cp "$wsk_f" "$wsk_dir/"
	done
	printf '%s\n' 'esp.enable_encryption_decode: TRUE' \
	    'esp.enable_authentication_check: TRUE' >"$wsk_dir/preferences"
}

# check DESCRIPTION COMMAND...: run COMMAND, print one TAP line, count the
# failures in $bad.  On a failure the script's on_fail function, when it
# defines one, prints what helps to see why (output, screen).
n=0
bad=0
check() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		if command -v on_fail >/dev/null 2>&1; then
			on_fail
		fi
		bad=$((bad + 1))
	fi
}

# checks_done NAME: the tally line; exit 1 when any check failed.
checks_done() {
	echo "$1: $((n - bad)) passed, $bad failed"
	[ "$bad" -eq 0 ] || exit 1
	exit 0
}
