#!/usr/bin/env python3
"""Score extraction on the imaging excerpts of the concordance gold (clinical notes, not reports).

    python3 scripts/excerpt_eval.py [../shared/gold/concordance_dev.jsonl]

Each row's ``imaging_text`` and its gold ``findings`` are scored like ``lumbar-nlp evaluate`` (findings.md
section 4); prints the summary as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "gold" / "concordance_dev.jsonl"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    from nlp.evaluate import predict, score

    path = Path(argv[0]) if argv else DEFAULT
    if not path.exists():
        print(f"not found: {path}", file=sys.stderr)
        return 2
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            if r.get("findings") is not None and r.get("imaging_text"):
                rows.append({"id": r["id"], "text": r["imaging_text"], "findings": r["findings"]})
    scores = score(rows, predict(rows))
    print(json.dumps(scores["summary"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
