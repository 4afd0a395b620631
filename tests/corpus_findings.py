#!/usr/bin/env python3
"""tests/corpus_findings.py IKEWATCH CORPUS_DIR LIST [--update]

Runs `ikewatch --json -q -r` over every capture named in LIST
(tests/corpus-findings.txt) and compares the findings each produces, as
"id@STATE" words with an "xN" count, with the line recorded there.  The
recorded lines were reviewed against the captures' content (the comments
above them say why each finding is right); a difference fails the test,
so a new or lost finding in the corpus is seen and reviewed.  --update
rewrites the finding words of LIST in place, keeping its comments.
"""

import collections
import json
import subprocess
import sys


def findings(binary, path):
    out = subprocess.run([binary, "--json", "-q", "-r", path],
                         capture_output=True, text=True, timeout=120)
    if out.returncode not in (0, 2):
        raise RuntimeError(f"{path}: exit {out.returncode}: {out.stderr}")
    c = collections.Counter()
    for line in out.stdout.splitlines():
        o = json.loads(line)
        if o.get("type") == "finding":
            c[(o["id"], o.get("state") or "")] += 1
    words = [f"{i}{'@' + s if s else ''}{'x%d' % n if n > 1 else ''}"
             for (i, s), n in sorted(c.items())]
    return " ".join(words) or "-"


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, corpus, listing = argv[:3]
    update = "--update" in argv[3:]
    lines = open(listing, encoding="utf-8").read().splitlines()
    out, bad = [], 0
    for line in lines:
        if not line.strip() or line.startswith("#"):
            out.append(line)
            continue
        name, _, want = line.partition("\t")
        got = findings(binary, f"{corpus}/{name}")
        if got != want.strip():
            bad += 1
            print(f"FAIL {name}\n  recorded: {want.strip()}\n  now:      "
                  f"{got}")
        out.append(f"{name}\t{got}")
    if update:
        with open(listing, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        return 0
    n = sum(1 for l in lines if l.strip() and not l.startswith("#"))
    print(f"{n - bad} of {n} corpus captures give their recorded findings")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
