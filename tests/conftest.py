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
