"""Optional compiled components (nlp.speedups): a stale or foreign build never runs; a fresh one gives the
same findings as the Python source."""

from __future__ import annotations

import importlib.machinery
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp import speedups

REPO = Path(__file__).resolve().parents[2]
MODULE = "nlp.components.tables"


@pytest.fixture
def compiled_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(speedups, "COMPILED_DIR", tmp_path)
    monkeypatch.setattr(speedups, "MANIFEST", tmp_path / "manifest.json")
    (tmp_path / "tables.so").write_bytes(b"not loaded by these tests")
    return tmp_path


def test_a_module_edited_since_the_build_runs_from_source(compiled_dir):
    finder = speedups._CompiledFinder({MODULE: {"file": "tables.so", "sha256": "0" * 64}})
    assert finder.find_spec(MODULE) is None
    assert dict(speedups.status()["python"])[MODULE] == "source changed since the build"


def test_an_unchanged_module_loads_its_build(compiled_dir):
    sha = speedups.source_hash(speedups.source_path(MODULE))
    spec = speedups._CompiledFinder({MODULE: {"file": "tables.so", "sha256": sha}}).find_spec(MODULE)
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)
    assert spec.origin == str(compiled_dir / "tables.so")


def test_a_missing_build_file_runs_from_source(compiled_dir):
    sha = speedups.source_hash(speedups.source_path(MODULE))
    assert speedups._CompiledFinder({MODULE: {"file": "gone.so", "sha256": sha}}).find_spec(MODULE) is None


def test_a_build_for_another_interpreter_is_not_installed(compiled_dir, monkeypatch):
    monkeypatch.setattr(sys, "meta_path", [f for f in sys.meta_path if not isinstance(f, speedups._CompiledFinder)])
    speedups.MANIFEST.write_text(json.dumps({"build_tag": "cpython-27", "modules": {MODULE: {}}}))
    assert speedups.install() is False


def test_pure_python_on_request(compiled_dir, monkeypatch):
    monkeypatch.setenv("LUMBAR_NLP_PURE", "1")
    assert speedups.install() is False


def test_no_build_no_hook(compiled_dir, monkeypatch):
    monkeypatch.setattr(sys, "meta_path", [f for f in sys.meta_path if not isinstance(f, speedups._CompiledFinder)])
    assert speedups.install() is False  # no manifest.json


_FINDINGS = """
import json, sys
import nlp
pipeline = nlp.load()
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
out = [[f.to_dict() for f in doc._.findings] for doc in pipeline.pipe(texts)]
print(json.dumps({"status": nlp.speedups.status(), "findings": out}))
"""


@pytest.mark.skipif(not (REPO / "nlp" / "_compiled" / "manifest.json").exists(),
                    reason="no compiled build (python scripts/build_speedups.py)")
def test_a_fresh_build_gives_the_same_findings_as_the_source():
    samples = REPO / "corpora" / "samples" / "sample_reports.jsonl"

    def run(pure):
        env = {"LUMBAR_NLP_PURE": "1" if pure else "0", "PATH": "/usr/bin:/bin"}
        out = subprocess.run([sys.executable, "-c", _FINDINGS, str(samples)], capture_output=True, text=True,
                             cwd=REPO, env=env, check=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    compiled, source = run(False), run(True)
    assert compiled["status"]["compiled"] and not source["status"]["compiled"]
    assert compiled["findings"] == source["findings"]
