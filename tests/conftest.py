"""Shared pytest fixtures for lumbar-nlp.

* ``pipeline``: the extraction pipeline, built once per session (``nlp.analysis.default_pipeline``).
* ``shared_dir``: the read-only ``shared/`` folder that sits beside the repository clone
  (``/work/shared`` here; ``<checkout>/../shared`` in CI).
* ``dev_gold_path``: ``shared/gold/dev.jsonl`` (skips when shared/ is absent).
* ``findings_of``: run the pipeline on a text and return ``doc._.findings``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED_DIR


@pytest.fixture(scope="session")
def dev_gold_path(shared_dir) -> Path:
    path = shared_dir / "gold" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"shared gold corpus not found at {path} (shared/ must sit beside the repository)")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from nlp.analysis import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def findings_of(pipeline):
    def run(text: str):
        return list(pipeline(text)._.findings)

    return run


def describe(findings) -> list[tuple]:
    """A compact view of findings for assertion messages."""
    return [(f.type, f.level, f.assertion, f.side, f.zone, f.severity, f.grade, f.text) for f in findings]


@pytest.fixture(scope="session")
def expect_finding(findings_of):
    """``expect_finding(text, type, **attrs)``: some finding of ``type`` has exactly these attribute values."""

    def check(text: str, ftype: str, **attrs):
        fs = findings_of(text)
        of_type = [f for f in fs if f.type == ftype]
        assert of_type, f"no {ftype} in {describe(fs)}"
        ok = [f for f in of_type if all(getattr(f, k) == v for k, v in attrs.items())]
        assert ok, f"no {ftype} with {attrs}; got {describe(fs)}"
        return ok

    return check
