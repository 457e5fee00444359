#!/usr/bin/env python3
"""Time per report of each pipeline step, best of five, beside spaCy's bare tokenizer.

    python3 scripts/profile_components.py [--gold ../shared/gold/dev.jsonl] [--repeat 10]

Each report goes through every step before the next report starts, as in ``nlp.pipe``, and the time of each
step is summed over the reports (``time.perf_counter`` around each call). Running one step over all the
documents at once would read lower: per-document work cached by an earlier round, and warm CPU caches.
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
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))
    import spacy

    import nlp

    texts = [json.loads(line).get("text") or "" for line in open(args.gold, encoding="utf-8") if line.strip()]
    texts *= args.repeat
    pipeline, bare = nlp.load(), spacy.blank("en")
    best: dict[str, float] = {}
    clock = time.perf_counter
    for _ in range(5):
        spent = dict.fromkeys(["tokenizer"] + pipeline.pipe_names, 0.0)
        for text in texts:
            t = clock()
            doc = pipeline.make_doc(text)
            spent["tokenizer"] += clock() - t
            for name, component in pipeline.pipeline:
                t = clock()
                doc = component(doc)
                spent[name] += clock() - t
        for name, seconds in spent.items():
            best[name] = min(best.get(name, 1e9), seconds)
        t = clock()
        for doc in bare.pipe(texts):
            pass
        best["bare tokenizer"] = min(best.get("bare tokenizer", 1e9), clock() - t)
    ours = sum(v for k, v in best.items() if k != "bare tokenizer")
    for name, seconds in best.items():
        print(f"{name:20s} {1000 * seconds / len(texts):.3f} ms/report")
    print(f"{'all of ours':20s} {1000 * ours / len(texts):.3f} ms/report; bare / ours = {best['bare tokenizer'] / ours:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
