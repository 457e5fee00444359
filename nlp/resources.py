"""The one place that resolves the data folders ``lexicons/``, ``models/`` and the bundled samples.

In a source checkout they sit at the repository root; in an installed wheel they are packaged under
``nlp/_data/`` (see ``[tool.hatch.build.targets.wheel.force-include]`` in ``pyproject.toml``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """Path of a data folder: ``lexicons``, ``models`` or ``samples``."""
    candidates = [_PKG / "_data" / name]
    root = _PKG.parent
    candidates.append(root / ("corpora/samples" if name == "samples" else name))
    for path in candidates:
        if path.is_dir():
            return path
    raise FileNotFoundError(f"lumbar-nlp data folder {name!r} not found (looked in {candidates})")


def lexicon_path(*parts: str) -> Path:
    return data_dir("lexicons").joinpath(*parts)


def model_path(*parts: str) -> Path:
    return data_dir("models").joinpath(*parts)


def sample_path(*parts: str) -> Path:
    return data_dir("samples").joinpath(*parts)
