#!/usr/bin/env python3
"""False findings on clinical notes about other parts of the body.

    python3 scripts/nonspine_eval.py [--csv ../shared/external/mtsamples/mtsamples_crawl2018.csv]

Reads the MTSamples transcriptions (read in place from ``../shared``; not copied into the repository), keeps the
notes that a plain regular expression finds no spine word in (lumbar, spine, vertebra, disc, a level range, sacrum,
back pain), runs extraction on them and prints how many present or possible findings come out and in how many
notes: every one of them is a false finding. Prints a JSON object as its last line.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CSV = REPO.parent / "shared" / "external" / "mtsamples" / "mtsamples_crawl2018.csv"
SPINE_WORDS = re.compile(r"lumbar|spine|spinal|vertebra|\bdis[ck]\b|\b[LTS]\d\s?-\s?[LS]?\d|sacr|lumbosacral|back pain", re.I)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    args = ap.parse_args(argv)
    if not args.csv.exists():
        print(f"not found: {args.csv}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    import nlp

    csv.field_size_limit(10**8)
    with open(args.csv, encoding="utf-8", errors="replace", newline="") as fh:
        texts = [row.get("transcription") or "" for row in csv.DictReader(fh)]
    notes = [t for t in texts if t and not SPINE_WORDS.search(t)]
    pipeline = nlp.load()
    per_note = [sum(f.assertion in ("present", "possible") for f in doc._.findings)
                for doc in pipeline.pipe(notes, batch_size=64)]
    result = {"notes": len(notes), "false_findings": sum(per_note), "notes_with_any": sum(1 for n in per_note if n)}
    print(f"{result['notes']} notes without a spine word: {result['false_findings']} present/possible findings "
          f"in {result['notes_with_any']} notes")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
