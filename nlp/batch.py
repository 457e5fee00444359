"""Run the pipeline over a corpus: streamed, in order, one output record per input row, resumable.

>>> from nlp.batch import run_batch
>>> manifest = run_batch("reports.csv", "results.parquet", workers=4)   # doctest: +SKIP

How it works
------------
* Input rows are read in chunks (:func:`nlp.io.iter_input_rows`) and sent to worker processes, each of
  which builds its pipeline once (``nlp.load()``). At most ``2 * workers`` chunks are in flight, so memory
  stays flat whatever the corpus size, and results are written in input order.
* Records are first appended to a JSON lines file: the output itself when it is ``.jsonl``, else a part
  file ``OUTPUT.part.jsonl`` that is converted to CSV/Parquet at the end (and then removed).
* ``resume=True`` keeps the complete lines of that JSON lines file, drops a partly written last line,
  and skips as many input rows, so an interrupted run finishes with every row exactly once.
* A row that cannot be processed (no text, text that is not a string, a malformed line, no id) still
  yields its record, with empty ``findings`` and a message in ``errors``. Report text never appears in
  messages, logs or the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

from nlp import io as nio

DEFAULT_CHUNK = 32
#: Longer reports are cut to this many characters before analysis (with a W002 warning in ``errors``):
#: the longest real reports are a few thousand characters, and one pathological row (e.g. a whole export
#: pasted into one cell) must not stall a run, since analysis time grows faster than linearly with length.
DEFAULT_MAX_CHARS = 100_000

_PIPELINE = None  # one per process, built by _init_worker


class OutputExistsError(FileExistsError):
    """The output exists and neither ``overwrite`` nor ``resume`` was asked for."""


# ---------------------------------------------------------------------------------------------------
# Per-row work (runs in the worker processes)


def _init_worker(loader: Callable | None = None) -> None:
    global _PIPELINE
    from nlp.analysis import default_pipeline  # nlp.load(), built once per process

    _PIPELINE = (loader or default_pipeline)()


def _failed_record(row: dict[str, Any], message: str) -> dict[str, Any]:
    from nlp.model import AnalysisResult

    record = AnalysisResult(id=row.get("id"), errors=[message]).to_dict()
    return _with_demographics(record, None, None)


def _with_demographics(record: dict[str, Any], age, sex) -> dict[str, Any]:
    # Batch records carry the (checked) age and sex, so the output alone is enough for `summarize`.
    out = {"id": record.get("id"), "age": age, "sex": sex}
    out.update((k, v) for k, v in record.items() if k != "id")
    return out


def _cut(text: str, max_chars: int) -> str:
    cut = text[:max_chars]
    space = cut.rfind(" ", max(0, max_chars - 200))  # do not split a word
    return cut[:space] if space > 0 else cut


def analyze_row(
    row: dict[str, Any], pipeline=None, max_chars: int | None = DEFAULT_MAX_CHARS
) -> dict[str, Any]:
    """One input row (from :func:`nlp.io.iter_input_rows`) to one output record; never raises."""
    from nlp.analysis import analyze

    if row.get("_error"):
        return _failed_record(row, row["_error"])
    text = row.get("text")
    if isinstance(text, str) and not text.strip():
        return _failed_record(row, "E001: no report text (empty)")
    warning = None
    if isinstance(text, str) and max_chars and len(text) > max_chars:
        text = _cut(text, max_chars)
        warning = (
            f"W002: report of {len(row['text'])} characters: only the first {len(text)} were analysed "
            f"(--max-chars {max_chars})"
        )
    try:
        result = analyze(
            text,
            age=row.get("age"),
            sex=row.get("sex"),
            clinical=row.get("clinical"),
            symptoms=row.get("symptoms"),
            id=row.get("id"),
            pipeline=pipeline,
        )
        if warning:
            result.errors.insert(0, warning)
        return _with_demographics(result.to_dict(), result.age, result.sex)
    except Exception as exc:  # analyze() should not raise; a broken row must still yield its record
        return _failed_record(row, f"E199: analysis failed: {type(exc).__name__}")


def process_chunk(
    rows: list[dict[str, Any]], max_chars: int | None = DEFAULT_MAX_CHARS
) -> list[dict[str, Any]]:
    """Analyse a chunk of rows with this process's pipeline."""
    global _PIPELINE
    if _PIPELINE is None:
        _init_worker()
    return [analyze_row(row, pipeline=_PIPELINE, max_chars=max_chars) for row in rows]


# ---------------------------------------------------------------------------------------------------
# Running chunks in order


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _map_in_order(
    chunks: Iterator[list[dict]],
    workers: int,
    loader: Callable | None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> Iterator[tuple]:
    """Yield ``(rows, records)`` per chunk, in input order, with bounded look-ahead."""
    if workers <= 1:
        _init_worker(loader)
        for rows in chunks:
            yield rows, process_chunk(rows, max_chars)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("spawn")  # no fork: safe with threads (progress bar) and any BLAS state

    def new_pool():
        return ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(loader,)
        )

    pool = new_pool()
    pending: deque = deque()
    try:
        for rows in chunks:
            pending.append((rows, pool.submit(process_chunk, rows, max_chars)))
            while len(pending) >= 2 * workers:
                rows0, fut = pending.popleft()
                yield rows0, _result_or_errors(rows0, fut)
                if isinstance(fut.exception(), BrokenProcessPool):
                    pool, pending = _restart(pool, pending, new_pool, max_chars)
        while pending:
            rows0, fut = pending.popleft()
            yield rows0, _result_or_errors(rows0, fut)
            if isinstance(fut.exception(), BrokenProcessPool):
                pool, pending = _restart(pool, pending, new_pool, max_chars)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result_or_errors(rows: list[dict], fut) -> list[dict]:
    exc = fut.exception()
    if exc is None:
        return fut.result()
    return [_failed_record(row, f"E198: worker process failed: {type(exc).__name__}") for row in rows]


def _restart(pool, pending: deque, new_pool, max_chars):
    """A worker died: resubmit the chunks still pending to a fresh pool."""
    pool.shutdown(wait=False, cancel_futures=True)
    pool = new_pool()
    return pool, deque((rows, pool.submit(process_chunk, rows, max_chars)) for rows, _ in pending)


# ---------------------------------------------------------------------------------------------------
# Resume support


def _id_hash(rid: Any) -> int:
    digest = hashlib.blake2b(json.dumps(rid).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


class _Counts:
    def __init__(self) -> None:
        self.records = 0
        self.rows_with_errors = 0
        self.findings = 0
        self.findings_affirmed = 0
        self.id_hashes = array("q")

    def add(self, record: dict) -> None:
        self.records += 1
        if record.get("errors"):
            self.rows_with_errors += 1
        findings = record.get("findings") or []
        self.findings += len(findings)
        self.findings_affirmed += sum(1 for f in findings if f.get("assertion") in ("present", "possible"))
        if record.get("id") is not None:
            self.id_hashes.append(_id_hash(record["id"]))

    def duplicate_ids(self) -> int:
        import numpy as np

        if not self.id_hashes:
            return 0
        values = np.frombuffer(self.id_hashes, dtype=np.int64)
        return int(len(values) - len(np.unique(values)))


def _recover_jsonl(path: Path, counts: _Counts) -> int:
    """Keep the complete, valid lines of an interrupted JSON lines output; return how many records."""
    good_bytes = 0
    with open(path, "rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            if line.strip():
                try:
                    record = json.loads(line)
                except ValueError:
                    break
                counts.add(record)
            good_bytes += len(line)
    if good_bytes != path.stat().st_size:
        with open(path, "r+b") as fh:
            fh.truncate(good_bytes)
    return counts.records


# ---------------------------------------------------------------------------------------------------
# Versions for the manifest


def _versions() -> dict[str, Any]:
    import nlp

    out: dict[str, Any] = {"lumbar_nlp": nlp.__version__}
    try:
        from nlp.resources import data_dir

        lexicons = {}
        for path in sorted(data_dir("lexicons").rglob("*.json")):
            try:
                head = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(head, dict) and "version" in head:
                    lexicons[str(path.relative_to(data_dir("lexicons")))] = head["version"]
            except (OSError, ValueError):
                continue
        out["lexicons"] = lexicons
        evidence = {}
        for path in sorted(data_dir("models").rglob("*.csv")):
            first = path.open(encoding="utf-8").readline()
            if "version:" in first:
                evidence[str(path.relative_to(data_dir("models")))] = (
                    first.split("version:")[1].split("|")[0].strip()
                )
        for path in sorted(data_dir("models").glob("*.json")):
            try:
                head = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(head, dict) and "version" in head:
                    evidence[path.name] = head["version"]
            except (OSError, ValueError):
                continue
        out["models"] = evidence
    except Exception as exc:  # versions are informative; never fail a run for them
        out["versions_error"] = type(exc).__name__
    return out


# ---------------------------------------------------------------------------------------------------
# The run


def manifest_path(output: str | os.PathLike) -> Path:
    return Path(str(output) + ".manifest.json")


def part_path(output: str | os.PathLike) -> Path:
    return Path(str(output) + ".part.jsonl")


def _progress(enabled: bool, total: int | None):
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    class RateColumn(TextColumn):
        def __init__(self):
            super().__init__("")

        def render(self, task):
            from rich.text import Text

            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f} reports/s" if speed else "- reports/s", style="cyan")

    return Progress(
        TextColumn("[bold]lumbar-nlp batch"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


def run_batch(
    input_path: str | os.PathLike,
    output_path: str | os.PathLike,
    *,
    workers: int = 1,
    columns: nio.Columns = nio.Columns(),
    chunk_size: int = DEFAULT_CHUNK,
    resume: bool = False,
    overwrite: bool = False,
    findings_table: str | os.PathLike | None = None,
    progress: bool | None = None,
    loader: Callable | None = None,
    limit: int | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> dict[str, Any]:
    """Analyse every row of ``input_path`` and write one record per row to ``output_path``.

    Returns the run manifest (also written to ``OUTPUT.manifest.json``). ``loader`` builds the
    pipeline in each process (default: ``nlp.load()`` once per process; picklable for ``workers > 1``).
    ``limit`` stops after that many input rows (for trials). ``max_chars``: longer reports are cut to that
    many characters before analysis, with a ``W002`` warning in ``errors`` (``None``: no cut).
    """
    input_path, output_path = Path(input_path), Path(output_path)
    in_fmt, out_fmt = nio.detect_format(input_path), nio.detect_format(output_path)
    if not input_path.is_file():
        raise FileNotFoundError(f"input {input_path} not found")
    if input_path.resolve() == output_path.resolve():
        raise ValueError("output must differ from input")
    jsonl_path = output_path if out_fmt == "jsonl" else part_path(output_path)
    mpath = manifest_path(output_path)

    if findings_table is not None:
        if Path(findings_table).resolve() in (input_path.resolve(), output_path.resolve()):
            raise ValueError("--findings-table must be a different file")
        nio.detect_format(findings_table)
        if Path(findings_table).exists() and not (overwrite or resume):
            raise OutputExistsError(f"{findings_table} exists: pass --overwrite to replace it")
    # Read the first row now, so that a missing column or unreadable file fails before any output is made.
    rows = nio.iter_input_rows(input_path, columns=columns, fmt=in_fmt, chunk_size=max(chunk_size, 1000))
    first = next(rows, None)
    rows = chain([first], rows) if first is not None else iter(())
    counts = _Counts()
    done = 0
    if resume and jsonl_path.exists():
        done = _recover_jsonl(jsonl_path, counts)
    elif resume and output_path.exists() and _manifest_status(mpath) == "complete":
        return json.loads(mpath.read_text(encoding="utf-8"))  # nothing left to do
    elif output_path.exists() and not overwrite and not resume:
        raise OutputExistsError(
            f"{output_path} exists: pass --overwrite to replace it or --resume to finish it"
        )
    else:
        jsonl_path.unlink(missing_ok=True)
    output_path.parent.mkdir(parents=True, exist_ok=True)

    total = None
    show = sys.stderr.isatty() if progress is None else progress
    if show:
        total = nio.count_input_rows(input_path, in_fmt)
        if total is not None and limit is not None:
            total = min(total, limit)
    started = time.time()
    manifest: dict[str, Any] = {
        "tool": "lumbar-nlp batch",
        "status": "running",
        "versions": _versions(),
        "input": str(input_path),
        "input_format": in_fmt,
        "output": str(output_path),
        "output_format": out_fmt,
        "columns": columns.mapping(),
        "workers": workers,
        "chunk_size": chunk_size,
        "max_chars": max_chars,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "resumed_after_rows": done,
    }
    _write_manifest(mpath, manifest)

    if limit is not None:
        rows = islice(rows, limit)
    rows = islice(rows, done, None)
    new_rows = 0
    with open(jsonl_path, "a", encoding="utf-8") as out, _progress(show, total) as bar:
        task = bar.add_task("reports", total=total, completed=done)
        for _, records in _map_in_order(_chunks(rows, chunk_size), workers, loader, max_chars):
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                counts.add(record)
            out.flush()
            new_rows += len(records)
            bar.advance(task, len(records))

    if out_fmt != "jsonl":
        nio.convert_jsonl(jsonl_path, output_path, out_fmt)
        jsonl_path.unlink()
    if findings_table is not None:
        write_findings_table(output_path, findings_table)

    elapsed = time.time() - started
    manifest.update(
        {
            "status": "complete",
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "rows": counts.records,
            "rows_this_run": new_rows,
            "rows_with_errors": counts.rows_with_errors,
            "findings": counts.findings,
            "findings_present_or_possible": counts.findings_affirmed,
            "duplicate_ids": counts.duplicate_ids(),
            "seconds": round(elapsed, 3),
            "reports_per_second": round(new_rows / elapsed, 2) if elapsed > 0 else None,
            "findings_table": None if findings_table is None else str(findings_table),
        }
    )
    _write_manifest(mpath, manifest)
    return manifest


def write_findings_table(results_path: str | os.PathLike, dest: str | os.PathLike) -> int:
    """Write the flat one-row-per-finding table of a result file; returns the number of findings."""
    dest = Path(dest)
    fmt = nio.detect_format(dest)
    n = 0
    buf: list[dict] = []
    if fmt == "jsonl":
        with open(dest, "w", encoding="utf-8") as fh:
            for row, record in enumerate(nio.iter_results(results_path)):
                for frow in nio.finding_rows(record, row):
                    fh.write(json.dumps(frow, ensure_ascii=False) + "\n")
                    n += 1
        return n
    with nio.findings_writer(dest, fmt) as writer:
        for row, record in enumerate(nio.iter_results(results_path)):
            buf.extend(nio.finding_rows(record, row))
            if len(buf) >= 5000:
                writer.write(buf)
                n += len(buf)
                buf = []
        writer.write(buf)
        n += len(buf)
    return n


def _manifest_status(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("status")
    except (OSError, ValueError):
        return None


def _write_manifest(path: Path, manifest: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
