#!/usr/bin/env python3
"""Time of one long report: extraction (``nlp.load()(text)``) at 0.25, 0.5 and 1 MB, and ``nlp.analyze`` at 1 MB.

    python3 scripts/bench_long.py [--gold ../shared/gold/dev.jsonl]

The long text is the development reports joined by blank lines and repeated; time should grow linearly.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold" / "dev.jsonl")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))
    import nlp

    with open(args.gold, encoding="utf-8") as fh:
        texts = [json.loads(line).get("text") or "" for line in fh if line.strip()]
    base = "\n\n".join(texts)
    base *= 1_000_000 // max(1, len(base)) + 1
    pipeline = nlp.load()
    nlp.analyze("warm up")
    for size in (250_000, 500_000, 1_000_000):
        t = time.perf_counter()
        doc = pipeline(base[:size])
        print(f"extract {size / 1e6:.2f} MB: {time.perf_counter() - t:.2f} s, {len(doc._.findings)} findings")
    t = time.perf_counter()
    record = nlp.analyze(base[:1_000_000], age=50)
    print(f"analyze 1.00 MB: {time.perf_counter() - t:.2f} s, {len(record.findings)} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
