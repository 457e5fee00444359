#!/usr/bin/env python3
"""Run the lumbar-nlp ConText component on the NegEx test kit format and score the Negated class.

    python3 scripts/negex_eval.py ../shared/external/negex/negex_dev_reports_1-60.tsv [--errors 20]

Input: tab-separated, header ``report, concept, sentence, negation, temporality, experiencer``; in
``sentence`` the target concept is written in UPPER CASE. The upper-case run of words matching the concept
(case-insensitively) is the target span. The pipeline is lumbar-nlp's own tokenizer + ``lsmri_normalizer`` +
``lsmri_sentences`` + ``lsmri_context`` (from ``nlp.load()``); the target span is put in
``doc.spans["lsmri_findings"]`` with the catalog label ``neoplasm`` (a type no context rule excludes). The
target is predicted Negated when a NEGATED_EXISTENCE modifier applies to it (NORMAL applies to anatomy only).

Prints a per-class summary and, as its last line, a JSON object
``{"precision":..,"recall":..,"f1":..,"accuracy":..}`` for the Negated class (scikit-learn metrics).
``--errors N`` prints up to N misclassified rows to stderr, for rule writing: development file only.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from pathlib import Path

LABEL = "neoplasm"
NEGATED = "Negated"
AFFIRMED = "Affirmed"


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = []
        for row in reader:
            row = {(k or "").strip(): (v or "").strip("\r") for k, v in row.items()}
            if row.get("sentence") and row.get("negation"):
                rows.append(row)
    return rows


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def locate(sentence: str, concept: str) -> tuple[int, int] | None:
    """Char span of the upper-case run that spells ``concept`` (words may be separated by any non-word run)."""
    words = re.findall(r"\w+", concept)
    if words:
        rx = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)", re.I)
        matches = list(rx.finditer(sentence))
        upper = [m for m in matches if _is_upper(m.group())]
        best = upper or matches
        if best:
            return best[0].start(), best[0].end()
    # fallback: the longest run of upper-case words
    runs = list(re.finditer(r"\b[A-Z][A-Z0-9'\-]*(?:[\s,/&]+[A-Z][A-Z0-9'\-]*)*\b", sentence))
    runs = [m for m in runs if len(re.sub(r"\W", "", m.group())) >= 2]
    if runs:
        m = max(runs, key=lambda m: len(m.group()))
        return m.start(), m.end()
    return None


class NegationTagger:
    def __init__(self):
        import nlp

        self.pipeline = nlp.load()
        self.pre = [self.pipeline.get_pipe(n) for n in ("lsmri_normalizer", "lsmri_sentences")]
        self.context = self.pipeline.get_pipe("lsmri_context")

    def modifiers(self, sentence: str, concept: str) -> set[str] | None:
        doc = self.pipeline.make_doc(sentence)
        for pipe in self.pre:
            doc = pipe(doc)
        found = locate(doc.text, concept)  # located in the tokenizer's text (space runs collapsed)
        if found is None:
            return None
        span = doc.char_span(found[0], found[1], label=LABEL, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        doc.spans["lsmri_findings"] = [span]
        doc._.lsmri_span_types = {(span.start, span.end, LABEL): (LABEL, None)}
        doc = self.context(doc)
        span = doc.spans["lsmri_findings"][0]
        return {m.category for m in span._.modifiers}

    def predict(self, sentence: str, concept: str) -> str:
        cats = self.modifiers(sentence, concept)
        return NEGATED if cats and "NEGATED_EXISTENCE" in cats else AFFIRMED


def evaluate(rows: list[dict], tagger: NegationTagger | None = None) -> tuple[dict, list, list, list]:
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    tagger = tagger or NegationTagger()
    y_true, y_pred, missed = [], [], []
    for row in rows:
        y_true.append(NEGATED if row["negation"].strip().lower().startswith("neg") else AFFIRMED)
        if locate(row["sentence"], row["concept"]) is None:
            missed.append(row)
        y_pred.append(tagger.predict(row["sentence"], row["concept"]))
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=[NEGATED], average=None, zero_division=0)
    scores = {"precision": round(float(p[0]), 4), "recall": round(float(r[0]), 4), "f1": round(float(f[0]), 4),
              "accuracy": round(float(accuracy_score(y_true, y_pred)), 4)}
    return scores, y_true, y_pred, missed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", type=Path, help="NegEx kit TSV")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print up to N misclassified rows to stderr (development file only)")
    args = ap.parse_args(argv)
    from sklearn.metrics import classification_report

    rows = read_rows(args.file)
    t0 = time.perf_counter()
    scores, y_true, y_pred, missed = evaluate(rows)
    elapsed = time.perf_counter() - t0
    print(f"file: {args.file.name}  rows: {len(rows)}  ({elapsed:.1f} s)")
    if missed:
        print(f"target not located in {len(missed)} rows (predicted Affirmed)")
    print(classification_report(y_true, y_pred, labels=[AFFIRMED, NEGATED], digits=3, zero_division=0))
    sys.stdout.flush()
    if args.errors:
        if "test" in args.file.name.lower():
            print("--errors is for the development file only (the test half must not be read to write rules)",
                  file=sys.stderr)
        else:
            shown = 0
            for row, t, p in zip(rows, y_true, y_pred):
                if t != p and shown < args.errors:
                    shown += 1
                    print(f"[{t} -> {p}] {row['concept']!r}: {row['sentence'][-300:]}", file=sys.stderr)
        sys.stderr.flush()
    print(json.dumps(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
