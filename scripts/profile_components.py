#!/usr/bin/env python3
"""CPU time per report of each pipeline step, best of five, beside spaCy's bare tokenizer.

    python3 scripts/profile_components.py [--gold ../shared/gold/dev.jsonl] [--repeat 10]

The texts are tokenised once and each component runs over the same documents, so each line is that step alone.
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
    for _ in range(5):
        t = time.process_time()
        docs = list(pipeline.tokenizer.pipe(texts))
        best["tokenizer"] = min(best.get("tokenizer", 1e9), time.process_time() - t)
        for name, component in pipeline.pipeline:
            t = time.process_time()
            for doc in docs:
                component(doc)
            best[name] = min(best.get(name, 1e9), time.process_time() - t)
        t = time.process_time()
        list(bare.pipe(texts))
        best["bare tokenizer"] = min(best.get("bare tokenizer", 1e9), time.process_time() - t)
    ours = sum(v for k, v in best.items() if k != "bare tokenizer")
    for name, seconds in best.items():
        print(f"{name:20s} {1000 * seconds / len(texts):.3f} ms/report")
    print(f"{'all of ours':20s} {1000 * ours / len(texts):.3f} ms/report; bare / ours = {best['bare tokenizer'] / ours:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
