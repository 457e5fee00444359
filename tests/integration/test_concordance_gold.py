"""Concordance category accuracy on shared/gold/concordance_dev.jsonl (real clinical notes).

Each case runs ``imaging_text`` as the report and ``symptom_text`` as ``clinical``:

* through the whole tool (``nlp.analyze``: extraction + classifier + concordance), and
* with the annotated gold findings in place of extraction, to separate the concordance logic's errors
  from extraction errors.

Every miss is printed with the reason the tool gives (run ``pytest -s`` to see them). The gold sits in
``../shared/gold`` beside the repository; the tests skip when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nlp
from nlp import classify, concordance
from nlp.model import AnalysisResult, Finding

GOLD_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "gold"
GOLD = GOLD_DIR / "concordance_dev.jsonl"
THRESHOLD = 0.85


def _cases() -> list[dict]:
    if not GOLD.exists():
        pytest.skip(f"concordance gold not found at {GOLD} (shared/ must sit beside the repository)")
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def _gold_findings(case: dict) -> list[Finding]:
    return [
        Finding(
            type=f["type"],
            level=f.get("level"),
            side=f.get("side"),
            zone=f.get("zone"),
            severity=f.get("severity"),
            grade=f.get("grade"),
            assertion=f.get("assertion", "present"),
            text=f.get("evidence") or "",
        )
        for f in case["findings"]
    ]


def _accuracy(results: list[tuple[dict, AnalysisResult]], label: str) -> float:
    misses = [(case, result) for case, result in results if result.concordance.category != case["expected"]]
    for case, result in misses:
        found = (
            "; ".join(
                f"{f.type} {f.level or '-'} {f.side or '-'} {f.assertion} -> {f.concordance}"
                for f in result.findings
                if f.affirmed
            )
            or "no affirmed finding"
        )
        print(
            f"[{label}] MISS {case['id']}: expected {case['expected']}, got {result.concordance.category} "
            f"(score {result.concordance.score}); symptoms {result.symptoms.side} {result.symptoms.syndrome} "
            f"{result.symptoms.roots}; findings: {found}; reason: {result.concordance.rationale}"
        )
    accuracy = 1 - len(misses) / len(results)
    hits = len(results) - len(misses)
    print(f"[{label}] concordance category accuracy {accuracy:.3f} ({hits}/{len(results)})")
    return accuracy


def test_concordance_gold_with_pipeline_findings():
    # Arrange
    cases = _cases()
    # Act
    results = [
        (
            case,
            nlp.analyze(
                case["imaging_text"],
                age=case.get("age"),
                sex=case.get("sex"),
                clinical=case["symptom_text"],
                id=case["id"],
            ),
        )
        for case in cases
    ]
    # Assert
    assert all(not result.errors for _, result in results), [r.errors for _, r in results if r.errors]
    assert _accuracy(results, "pipeline") >= THRESHOLD


def test_concordance_gold_with_gold_findings():
    # Arrange
    cases = _cases()
    results = []
    for case in cases:
        result = AnalysisResult(id=case["id"], age=case.get("age"), sex=case.get("sex"))
        result.findings = _gold_findings(case)
        # Act
        classify.label_findings(result.findings, age=result.age, sex=result.sex)
        concordance.assess(result, None, clinical=case["symptom_text"])
        results.append((case, result))
    # Assert
    assert _accuracy(results, "gold findings") >= THRESHOLD
