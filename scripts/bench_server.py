"""Server time per report for the draft page: POST /analyze through the FastAPI app, in process.

Usage::

    python scripts/bench_server.py [GOLD.jsonl] [--repeats 5] [--json]

Default input: ``shared/gold/dev.jsonl`` next to the repository (texts are read at run time, never copied).
Two numbers per request: ``server`` is the time inside the endpoint (``Server-Timing`` header: the analysis
alone), ``round trip`` adds validation, JSON encoding and the in-process HTTP transport (TestClient).
Each text is sent with its age and clinical text; the first pass is a warm-up and is not counted.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO.parent / "shared" / "gold" / "dev.jsonl"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    import os

    import nlp
    from nlp.web.app import create_app

    bodies = []
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            text = row.get("text") or row.get("imaging_text")
            if isinstance(text, str) and text.strip():
                body = {"text": text}
                if isinstance(row.get("age"), int):
                    body["age"] = row["age"]
                if isinstance(row.get("clinical") or row.get("symptom_text"), str):
                    body["clinical"] = row.get("clinical") or row.get("symptom_text")
                bodies.append(body)
    t0 = time.perf_counter()
    client = TestClient(create_app(preload=True))
    with client:
        load_s = time.perf_counter() - t0
        for body in bodies:  # warm-up
            client.post("/analyze", json=body)
        server_ms, trip_ms = [], []
        for _ in range(args.repeats):
            for body in bodies:
                t = time.perf_counter()
                resp = client.post("/analyze", json=body)
                trip_ms.append((time.perf_counter() - t) * 1000)
                resp.raise_for_status()
                server_ms.append(float(re.search(r"dur=([\d.]+)", resp.headers["server-timing"]).group(1)))
    chars = [len(b["text"]) for b in bodies]
    result = {
        "reports": len(bodies),
        "requests": len(server_ms),
        "median_chars": statistics.median(chars),
        "max_chars": max(chars),
        "server_ms_median": round(statistics.median(server_ms), 1),
        "server_ms_p95": round(_pct(server_ms, 0.95), 1),
        "server_ms_max": round(max(server_ms), 1),
        "round_trip_ms_median": round(statistics.median(trip_ms), 1),
        "round_trip_ms_p95": round(_pct(trip_ms, 0.95), 1),
        "pipeline_load_s": round(load_s, 2),
        "lumbar_nlp": nlp.__version__,
        "python": platform.python_version(),
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "input": args.gold.name,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{result['reports']} reports x {args.repeats} ({result['requests']} requests; median "
            f"{result['median_chars']:.0f} chars, max {result['max_chars']}) from {result['input']}"
        )
        print(
            f"server time:  median {result['server_ms_median']} ms, p95 {result['server_ms_p95']} ms, "
            f"max {result['server_ms_max']} ms"
        )
        print(
            f"round trip:   median {result['round_trip_ms_median']} ms, p95 {result['round_trip_ms_p95']} ms"
        )
        print(
            f"pipeline load {result['pipeline_load_s']} s; lumbar-nlp {result['lumbar_nlp']}, Python "
            f"{result['python']}, {result['nproc']} CPUs, {result['cpu']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
