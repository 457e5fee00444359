"""Scores on the development gold must not fall under the floors (issue 3 targets).

A floor below its issue target carries a comment "issue target X; measured Y on <date>": raise it as the
pipeline improves, up to the target.
"""

import importlib.util
import json
from pathlib import Path

import pytest

REPORT_F1 = 0.95
REPORT_SPECIFICITY = 0.99
LEVEL_F1 = 0.90
ASSERTION_ACCURACY = 0.97
SIDE_ACCURACY = 0.95  # issue target; measured 0.953 on 2026-12-03
NEGEX_DEV_F1 = 0.96  # issue target; measured 0.978 on 2026-12-03 (test half, run once: 0.973)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scores(dev_gold_path, pipeline):
    from nlp.evaluate import evaluate_file

    return evaluate_file(dev_gold_path, pipeline=pipeline)


def _fmt(scores):
    return json.dumps(scores["summary"])


def test_report_level_f1(scores):
    assert scores["summary"]["report_level"]["f1"] >= REPORT_F1, _fmt(scores)


def test_report_level_specificity(scores):
    assert scores["summary"]["report_level"]["specificity"] >= REPORT_SPECIFICITY, _fmt(scores)


def test_level_level_f1(scores):
    assert scores["summary"]["level_level"]["f1"] >= LEVEL_F1, _fmt(scores)


def test_assertion_accuracy(scores):
    assert scores["summary"]["assertion_accuracy"] >= ASSERTION_ACCURACY, _fmt(scores)


def test_side_accuracy(scores):
    assert scores["summary"]["side_accuracy"] >= SIDE_ACCURACY, _fmt(scores)


def test_every_gold_report_scored(scores, dev_gold_path):
    n = sum(1 for line in open(dev_gold_path, encoding="utf-8") if line.strip())
    assert scores["summary"]["reports"] == n


def test_negex_dev_f1(shared_dir):
    path = shared_dir / "external" / "negex" / "negex_dev_reports_1-60.tsv"
    if not path.exists():
        pytest.skip(f"NegEx development file not found at {path}")
    spec = importlib.util.spec_from_file_location("negex_eval", REPO / "scripts" / "negex_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result, *_ = module.evaluate(module.read_rows(path))
    assert result["f1"] >= NEGEX_DEV_F1, result
