"""``analyze()``: one report in, one :class:`~nlp.model.AnalysisResult` out, never an exception."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from nlp import classify, concordance
from nlp.errors import coerce_inputs
from nlp.model import AnalysisResult

log = logging.getLogger("lumbar_nlp")


@lru_cache(maxsize=1)
def default_pipeline():
    from nlp.pipeline import build_pipeline

    return build_pipeline()


def analyze(text: Any, age: Any = None, sex: Any = None, clinical: Any = None, symptoms: Any = None,
            id: Any = None, pipeline=None) -> AnalysisResult:
    """Analyse one report. Bad input gives ``errors`` and empty findings; it never raises."""
    result = AnalysisResult(id=id)
    text, age, sex, clinical, symptoms, problems = coerce_inputs(text, age, sex, clinical, symptoms)
    result.errors.extend(problems)
    result.age, result.sex = age, sex
    doc = None
    if text is not None:
        try:
            doc = (pipeline or default_pipeline())(text)
            result.findings = list(doc._.findings)
        except Exception as exc:  # a report must never be lost: record and go on
            log.warning("extraction failed: %s", type(exc).__name__)  # never log report text
            result.errors.append(f"extraction failed: {type(exc).__name__}: {exc}"[:300])
            result.findings = []
    for step, call in (
        ("classification", lambda: classify.label_findings(result.findings, age=age, sex=sex)),
        ("concordance", lambda: concordance.assess(result, doc, clinical=clinical, symptoms=symptoms)),
    ):
        try:
            call()
        except Exception as exc:
            log.warning("%s failed: %s", step, type(exc).__name__)
            result.errors.append(f"{step} failed: {type(exc).__name__}: {exc}"[:300])
    return result
