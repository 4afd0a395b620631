#!/bin/sh
# tests/corpus_findings.sh: the findings each corpus capture produces,
# against the reviewed record in tests/corpus-findings.txt (see
# tests/corpus_findings.py).  CORPUS_FINDINGS_UPDATE=1 rewrites the
# record; review the difference before committing it.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

need_ikewatch
need_corpus
have_python || skip "python3 is needed"
if [ -n "${CORPUS_FINDINGS_UPDATE:-}" ]; then
	"$PYTHON3" "$top_srcdir/tests/corpus_findings.py" "$IKEWATCH" \
	    "$CORPUS_DIR" "$top_srcdir/tests/corpus-findings.txt" --update
	exit $?
fi
"$PYTHON3" "$top_srcdir/tests/corpus_findings.py" "$IKEWATCH" \
    "$CORPUS_DIR" "$top_srcdir/tests/corpus-findings.txt" || exit 1
