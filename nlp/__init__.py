"""lumbar-nlp: read lumbar spine MRI reports with a medspaCy pipeline.

>>> import nlp
>>> pipeline = nlp.load()
>>> doc = pipeline("L4-5: small left paracentral disc extrusion compressing the left L5 root.")
>>> [f.type for f in doc._.findings]
['disc_extrusion', 'nerve_root_compression']
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from nlp import speedups

speedups.install()  # compiled components, when built and fresh (scripts/build_speedups.py); else the Python source

from nlp.model import AnalysisResult, Concordance, Finding, Symptoms

try:
    __version__ = version("lumbar-nlp")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"


def load(**kwargs):
    """Build the lumbar-nlp extraction pipeline (a spaCy ``Language`` with medspaCy components)."""
    from nlp.pipeline import build_pipeline

    return build_pipeline(**kwargs)


def analyze(text, age=None, sex=None, clinical=None, symptoms=None, id=None, pipeline=None) -> AnalysisResult:
    """Analyse one report: findings, incidental labels, symptoms and concordance.

    Never raises on bad input: problems are reported in ``result.errors``.
    """
    from nlp.analysis import analyze as _analyze

    return _analyze(text, age=age, sex=sex, clinical=clinical, symptoms=symptoms, id=id, pipeline=pipeline)


__all__ = ["AnalysisResult", "Concordance", "Finding", "Symptoms", "analyze", "load", "__version__"]
