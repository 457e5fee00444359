"""Symptoms, nerve roots and concordance (placeholder until the concordance issue lands)."""

from __future__ import annotations

from nlp.model import AnalysisResult


def assess(result: AnalysisResult, doc=None, clinical: str | None = None, symptoms=None) -> None:
    """Fill ``result.symptoms``, per-finding ``affected_roots``/``concordance``, ``result.concordance``."""
    return None
