#!/usr/bin/env python3
"""Throughput (reports/s) and peak memory of lumbar-nlp extraction, beside medspaCy's default pipeline and
spaCy's bare tokenizer, measured in the same run on the same texts.

    python3 scripts/bench.py [--gold ../shared/gold/dev.jsonl] [--repeat 20] [--baseline-repeat 1]

Each measurement runs in its own child process (multiprocessing, spawn) so that the peak RSS
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) belongs to that pipeline alone. Texts are fed through
``pipeline.pipe`` from a generator and documents are dropped at once, so memory should not grow with the
number of reports: ours is also measured at two corpus sizes (``--memory-repeats``, default 10 and 40).
Each throughput measurement runs ``--trials`` times (interleaved) and the fastest run of each pipeline
counts, with every trial's rate printed in the JSON. Our pipeline runs compiled when ``scripts/build_speedups.py``
has built its components (``LUMBAR_NLP_PURE=1`` runs the Python source). Prints a table and, as the last line, a JSON object with every number and the ratios
ours/bare and ours/medspacy_default.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO.parent / "shared" / "gold" / "dev.jsonl"
TARGETS = ["disc bulge", "disc protrusion", "disc herniation", "protrusion", "extrusion", "stenosis",
           "spinal stenosis", "foraminal stenosis", "fracture", "spondylolisthesis", "anterolisthesis"]


def read_texts(path: Path) -> list[str]:
    return [json.loads(line).get("text") or "" for line in open(path, encoding="utf-8") if line.strip()]


def _build(kind: str):
    if kind == "ours":
        sys.path.insert(0, str(REPO))
        import nlp

        return nlp.load()
    if kind == "bare":
        import spacy

        return spacy.blank("en")
    if kind == "medspacy_default":
        import medspacy
        from medspacy.target_matcher import TargetRule

        try:
            from loguru import logger

            logger.disable("medspacy")
            logger.disable("PyRuSH")
        except ImportError:
            pass
        pipeline = medspacy.load()
        pipeline.get_pipe("medspacy_target_matcher").add([TargetRule(t, "FINDING") for t in TARGETS])
        return pipeline
    raise ValueError(kind)


def _child(kind: str, gold: str, repeat: int, queue) -> None:
    try:
        texts = read_texts(Path(gold))
        pipeline = _build(kind)
        for doc in pipeline.pipe(texts[:5]):  # warm-up (lazy loading)
            pass
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        n_reports = len(texts) * repeat
        n_chars = sum(map(len, texts)) * repeat
        n_findings = 0

        def stream():
            for _ in range(repeat):
                yield from texts

        t0, c0 = time.perf_counter(), time.process_time()
        for doc in pipeline.pipe(stream(), batch_size=64):
            if kind == "ours":
                n_findings += len(doc._.findings)
            elif kind == "medspacy_default":
                n_findings += len(doc.ents)
        elapsed = time.perf_counter() - t0
        cpu = time.process_time() - c0  # CPU time: steadier than wall time on a shared machine
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        queue.put({"kind": kind, "repeat": repeat, "reports": n_reports, "chars": n_chars, "seconds": round(elapsed, 3),
                   "reports_per_s": round(n_reports / elapsed, 1), "chars_per_s": round(n_chars / elapsed),
                   "cpu_seconds": round(cpu, 3), "reports_per_cpu_s": round(n_reports / cpu, 1),
                   "findings": n_findings, "peak_rss_mb": round(peak / 1024, 1),
                   "rss_before_run_mb": round(before / 1024, 1),
                   **({"compiled_modules": len(sys.modules["nlp"].speedups.status()["compiled"])}
                      if kind == "ours" else {})})
    except Exception as exc:  # report, do not hang the parent
        queue.put({"kind": kind, "repeat": repeat, "error": f"{type(exc).__name__}: {exc}"})


def measure(kind: str, gold: Path, repeat: int) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(kind, str(gold), repeat, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="JSON lines with a 'text' field")
    ap.add_argument("--repeat", type=int, default=20, help="corpus replications for ours and bare")
    ap.add_argument("--baseline-repeat", type=int, default=2, help="replications for medspaCy's default pipeline")
    ap.add_argument("--memory-repeats", type=int, nargs=2, default=[10, 40], metavar=("SMALL", "LARGE"))
    ap.add_argument("--trials", type=int, default=3,
                    help="runs of each throughput measurement, interleaved; the fastest run of each counts "
                         "(this machine's speed varies between runs)")
    args = ap.parse_args(argv)
    if not args.gold.exists():
        print(f"corpus not found: {args.gold}", file=sys.stderr)
        return 2
    n_texts = len(read_texts(args.gold))
    machine = {"nproc": os.cpu_count(), "cpu": cpu_model(), "python": platform.python_version()}
    print(f"machine: {machine['nproc']} CPUs, {machine['cpu']}, Python {machine['python']}")
    print(f"corpus: {args.gold.name}, {n_texts} reports")
    trials: dict[str, list[dict]] = {"ours": [], "bare": [], "medspacy_default": []}
    for _ in range(max(1, args.trials)):
        trials["ours"].append(measure("ours", args.gold, args.repeat))
        trials["bare"].append(measure("bare", args.gold, args.repeat))
        trials["medspacy_default"].append(measure("medspacy_default", args.gold, args.baseline_repeat))
    runs = {kind: max(results, key=lambda r: r.get("reports_per_cpu_s") or 0.0) for kind, results in trials.items()}
    for kind, results in trials.items():
        runs[kind]["trials_reports_per_s"] = [r.get("reports_per_s") for r in results]
    small, large = args.memory_repeats
    memory = {f"ours_x{small}": measure("ours", args.gold, small), f"ours_x{large}": measure("ours", args.gold, large)}
    print()
    print(f"{'pipeline':24s} {'reports':>8s} {'seconds':>8s} {'reports/s':>10s} {'per CPU s':>10s} {'peak RSS MB':>12s}")
    for name, r in list(runs.items()) + list(memory.items()):
        if "error" in r:
            print(f"{name:24s} ERROR {r['error']}")
        else:
            print(f"{name:24s} {r['reports']:8d} {r['seconds']:8.2f} {r['reports_per_s']:10.1f} "
                  f"{r['reports_per_cpu_s']:10.1f} {r['peak_rss_mb']:12.1f}")

    def ratio(a, b, key="reports_per_s"):
        ra, rb = runs[a].get(key), runs[b].get(key)
        return round(ra / rb, 3) if ra and rb else None

    m_small, m_large = memory[f"ours_x{small}"].get("peak_rss_mb"), memory[f"ours_x{large}"].get("peak_rss_mb")
    summary = {
        "machine": machine, "corpus_reports": n_texts, "runs": runs, "memory": memory,
        "ratio_ours_over_bare": ratio("ours", "bare"),
        "ratio_ours_over_medspacy_default": ratio("ours", "medspacy_default"),
        "cpu_ratio_ours_over_bare": ratio("ours", "bare", "reports_per_cpu_s"),
        "cpu_ratio_ours_over_medspacy_default": ratio("ours", "medspacy_default", "reports_per_cpu_s"),
        "peak_rss_growth_mb": round(m_large - m_small, 1) if m_small and m_large else None,
    }
    print()
    print(f"ours / bare tokenizer: {summary['ratio_ours_over_bare']}x (target >= 0.5)   "
          f"ours / medspaCy default: {summary['ratio_ours_over_medspacy_default']}x (target >= 25)   "
          f"peak RSS x{small} -> x{large}: {m_small} -> {m_large} MB")
    compiled = runs["ours"].get("compiled_modules")
    print(f"ours ran {'with ' + str(compiled) + ' compiled modules (scripts/build_speedups.py)' if compiled else 'from the Python source'}"
          " (LUMBAR_NLP_PURE=1 forces the source)")
    print(f"by CPU time: ours / bare {summary['cpu_ratio_ours_over_bare']}x, "
          f"ours / medspaCy default {summary['cpu_ratio_ours_over_medspacy_default']}x")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
