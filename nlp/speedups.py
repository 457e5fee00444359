"""Optional compiled (Cython) builds of the pipeline's pure-Python components.

The components are plain Python. ``python scripts/build_speedups.py`` compiles the modules listed in
:data:`MODULES` with Cython into ``nlp/_compiled/`` and records the SHA-256 of each source file in
``nlp/_compiled/manifest.json``. When the package is imported, :func:`install` puts an import hook in front
that loads a compiled module only if its source file is unchanged since the build and the build is for this
Python; an edited rule file, a checkout of another commit or another interpreter fall back to the Python source
on their own, so a stale build can never run. ``LUMBAR_NLP_PURE=1`` turns the hook off.

The compiled modules run the same code (``python scripts/bench.py`` prints which are in use); the gain is the
interpreter's overhead, measured in ``docs/performance.md``.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
COMPILED_DIR = PACKAGE_DIR / "_compiled"
MANIFEST = COMPILED_DIR / "manifest.json"
MODULES = (
    "nlp.components.attributes",
    "nlp.components.tokenregex",
    "nlp.components.findings",
    "nlp.components.context",
    "nlp.components.sections",
    "nlp.components.sentences",
    "nlp.components.tokenizer",
    "nlp.components.tables",
)
_loaded: list[str] = []
_skipped: dict[str, str] = {}


def source_path(module: str) -> Path:
    """The source file of a module of this package (``nlp.components.attributes`` -> ``.../components/attributes.py``)."""
    return PACKAGE_DIR.joinpath(*module.split(".")[1:]).with_suffix(".py")


def source_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_tag() -> str:
    """What a build is valid for: the interpreter and its extension ABI."""
    return f"{sys.implementation.cache_tag}-{importlib.machinery.EXTENSION_SUFFIXES[0]}"


class _CompiledFinder(importlib.abc.MetaPathFinder):
    def __init__(self, modules: dict[str, dict]):
        self.modules = modules

    def find_spec(self, fullname, path=None, target=None):
        entry = self.modules.get(fullname)
        if entry is None:
            return None
        compiled = COMPILED_DIR / entry.get("file", "")
        try:
            fresh = compiled.is_file() and source_hash(source_path(fullname)) == entry.get("sha256")
        except OSError:
            fresh = False
        if not fresh:
            _skipped[fullname] = "source changed since the build" if compiled.is_file() else "not built"
            return None  # the Python source is imported as usual
        _loaded.append(fullname)
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(compiled))
        return importlib.util.spec_from_file_location(fullname, str(compiled), loader=loader)


def install() -> bool:
    """Put the import hook for fresh compiled modules in front of the normal import; False when there is none."""
    if os.environ.get("LUMBAR_NLP_PURE", "").strip() not in ("", "0"):
        return False
    if any(isinstance(f, _CompiledFinder) for f in sys.meta_path):
        return True
    try:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("build_tag") != build_tag():
        return False  # built for another interpreter
    modules = {name: entry for name, entry in (manifest.get("modules") or {}).items() if name in MODULES}
    if not modules:
        return False
    sys.meta_path.insert(0, _CompiledFinder(modules))
    return True


def status() -> dict[str, object]:
    """Which modules run compiled, and why the others do not (for benchmarks and ``--version`` output)."""
    return {"compiled": sorted(_loaded), "python": sorted(_skipped.items())}
