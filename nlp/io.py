"""Read batch inputs and read/write batch results: JSON lines, CSV and Parquet, streamed in chunks.

Input rows become plain dicts with the keys ``id``, ``text``, ``age``, ``sex``, ``clinical``,
``symptoms`` and, when the row itself could not be read (a malformed JSON line, a line that is not an
object), ``_error``. Nothing here ever puts report text into a message.

Result files hold one record per input row (the record of ``shared/spec/interface.md`` plus the
documented extra keys ``age`` and ``sex``). In JSON lines the record is written as is. In CSV and
Parquet each record is one row; the nested fields are JSON strings so that pandas and R read the
file without special types (see :data:`RESULT_COLUMNS` and ``docs/researchers.md``).
"""

from __future__ import annotations

import csv
import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMATS = ("jsonl", "csv", "parquet")
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
INPUT_FIELDS = ("id", "text", "age", "sex", "clinical", "symptoms")

#: Columns of a CSV/Parquet result table. ``*_json`` columns hold JSON text (``json.loads`` /
#: ``jsonlite::fromJSON`` give back the nested value); the others are flat scalars for quick filtering.
RESULT_COLUMNS = (
    "id",
    "age",
    "sex",
    "n_findings",
    "n_errors",
    "concordance_category",
    "concordance_score",
    "red_flags_json",
    "errors_json",
    "findings_json",
    "symptoms_json",
    "concordance_json",
)

#: Finding fields written as ``;``-joined text in the flat table.
_JOINED = ("affected_roots", "sources")

#: Columns of the flat one-row-per-finding table (``--findings-table``).
FINDING_COLUMNS = (
    "row",
    "id",
    "age",
    "sex",
    "finding_index",
    "type",
    "level",
    "side",
    "zone",
    "severity",
    "grade",
    "assertion",
    "start",
    "end",
    "text",
    "section",
    "size_mm",
    "label",
    "p_incidental",
    "concordance",
    "affected_roots",
    "sources",
    "rule",
    "rationale",
    "benchmark",
)


def detect_format(path: str | os.PathLike) -> str:
    """``jsonl``, ``csv`` or ``parquet`` from the file name's extension (``.gz`` allowed for text formats)."""
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise ValueError(
            f"cannot tell the format of {Path(path).name!r}: use .jsonl, .csv or .parquet"
        ) from None


@dataclass(frozen=True)
class Columns:
    """Which input column holds each field (defaults: the field's own name)."""

    id: str = "id"
    text: str = "text"
    age: str = "age"
    sex: str = "sex"
    clinical: str = "clinical"
    symptoms: str = "symptoms"

    def mapping(self) -> dict[str, str]:
        return {field: getattr(self, field) for field in INPUT_FIELDS}


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _row_from_mapping(obj: dict, columns: Columns, row_number: int) -> dict[str, Any]:
    row = {field: obj.get(col) for field, col in columns.mapping().items()}
    for field, value in row.items():
        if _is_missing(value):  # pandas/pyarrow NaN -> None
            row[field] = None
    if row["id"] is None or row["id"] == "":
        row["id"] = None
        row["_error"] = f"E103: input row {row_number} has no {columns.id!r} (id is required)"
    return row


def _open_text(path: Path, mode: str = "r"):
    if path.name.lower().endswith(".gz"):
        import gzip

        return gzip.open(path, mode + "t", encoding="utf-8", newline="" if "csv" in path.name else None)
    return open(path, mode, encoding="utf-8", newline="")


def iter_input_rows(
    path: str | os.PathLike, *, columns: Columns = Columns(), fmt: str | None = None, chunk_size: int = 1000
) -> Iterator[dict[str, Any]]:
    """Yield one dict per input row, in order, reading ``chunk_size`` rows at a time.

    A row that cannot be read still yields a dict (with ``_error``), so that the output keeps one record
    per input row. Blank lines of a JSON lines file are not rows.
    """
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt == "jsonl":
        yield from _iter_jsonl(path, columns)
    elif fmt == "csv":
        yield from _iter_csv(path, columns, chunk_size)
    elif fmt == "parquet":
        yield from _iter_parquet(path, columns, chunk_size)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def _iter_jsonl(path: Path, columns: Columns) -> Iterator[dict[str, Any]]:
    with _open_text(path) as fh:
        row_number = 0
        for line_number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row_number += 1
            try:
                obj = json.loads(line)
            except ValueError as exc:
                msg = getattr(exc, "msg", type(exc).__name__)
                yield {"id": None, "_error": f"E101: line {line_number} is not valid JSON ({msg})"}
                continue
            if not isinstance(obj, dict):
                yield {
                    "id": None,
                    "_error": f"E102: line {line_number} is a JSON {type(obj).__name__}, not an object",
                }
                continue
            yield _row_from_mapping(obj, columns, row_number)


def _iter_csv(path: Path, columns: Columns, chunk_size: int) -> Iterator[dict[str, Any]]:
    import pandas as pd

    sep = "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
    header = pd.read_csv(path, sep=sep, nrows=0).columns
    wanted = [c for c in columns.mapping().values() if c in header]
    _check_required(columns, header, path)
    # Every column as text: ids like "007" stay as written; empty cells are missing (NaN -> None).
    reader = pd.read_csv(
        path, sep=sep, usecols=wanted, dtype=str, keep_default_na=False, na_values=[""], chunksize=chunk_size
    )
    row_number = 0
    for chunk in reader:
        for obj in chunk.to_dict("records"):
            row_number += 1
            yield _row_from_mapping(obj, columns, row_number)


def _iter_parquet(path: Path, columns: Columns, chunk_size: int) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names
    _check_required(columns, names, path)
    wanted = list(dict.fromkeys(c for c in columns.mapping().values() if c in names))
    row_number = 0
    for batch in pf.iter_batches(batch_size=chunk_size, columns=wanted):
        for obj in batch.to_pylist():
            row_number += 1
            yield _row_from_mapping(obj, columns, row_number)


def _check_required(columns: Columns, names, path: Path) -> None:
    missing = [c for c in (columns.id, columns.text) if c not in set(names)]
    if missing:
        raise ValueError(
            f"{path.name}: required column(s) {missing} not found; columns are {list(names)[:20]}"
            " (use --id-col / --text-col)"
        )


def count_input_rows(path: str | os.PathLike, fmt: str | None = None) -> int | None:
    """Number of rows :func:`iter_input_rows` will yield, when cheap to know (for the progress bar)."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        if fmt == "jsonl":
            with _open_text(path) as fh:
                return sum(1 for line in fh if line.strip())
        if fmt == "csv":
            sep = "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
            with _open_text(path) as fh:
                reader = csv.reader(fh, delimiter=sep)
                next(reader, None)
                return sum(1 for _ in reader)
    except Exception:  # a count is only for display
        return None
    return None


# ---------------------------------------------------------------------------------------------------
# Result records <-> table rows


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def record_to_table_row(record: dict[str, Any]) -> dict[str, Any]:
    """One result record as a flat row of :data:`RESULT_COLUMNS` (ids as text, nested fields as JSON)."""
    conc = record.get("concordance") or {}
    rid = record.get("id")
    age = record.get("age")
    return {
        "id": None if rid is None else str(rid),
        "age": None if age is None else int(age),
        "sex": record.get("sex"),
        "n_findings": len(record.get("findings") or []),
        "n_errors": len(record.get("errors") or []),
        "concordance_category": conc.get("category"),
        "concordance_score": conc.get("score"),
        "red_flags_json": _dumps(record.get("red_flags") or []),
        "errors_json": _dumps(record.get("errors") or []),
        "findings_json": _dumps(record.get("findings") or []),
        "symptoms_json": _dumps(record.get("symptoms") or {}),
        "concordance_json": _dumps(conc),
    }


def table_row_to_record(row: dict[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`record_to_table_row` (ids come back as text)."""

    def load(key, default):
        value = row.get(key)
        if _is_missing(value) or value == "":
            return default
        return json.loads(value)

    age = row.get("age")
    sex = row.get("sex")
    rid = row.get("id")
    return {
        "id": None if _is_missing(rid) else rid,
        "age": None if _is_missing(age) else int(age),
        "sex": None if _is_missing(sex) else sex,
        "findings": load("findings_json", []),
        "symptoms": load("symptoms_json", {}),
        "concordance": load("concordance_json", {}),
        "red_flags": load("red_flags_json", []),
        "errors": load("errors_json", []),
    }


def finding_rows(record: dict[str, Any], row: int) -> list[dict[str, Any]]:
    """The findings of one record as rows of :data:`FINDING_COLUMNS` (lists joined with ``;``)."""
    out = []
    rid = record.get("id")
    for i, f in enumerate(record.get("findings") or []):
        out.append(
            {
                "row": row,
                "id": None if rid is None else str(rid),
                "age": record.get("age"),
                "sex": record.get("sex"),
                "finding_index": i,
                **{k: f.get(k) for k in FINDING_COLUMNS[5:] if k not in _JOINED},
                "affected_roots": ";".join(f.get("affected_roots") or []),
                "sources": ";".join(f.get("sources") or []),
            }
        )
    return out


def _result_schema():
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("age", pa.int64()),
            ("sex", pa.string()),
            ("n_findings", pa.int64()),
            ("n_errors", pa.int64()),
            ("concordance_category", pa.string()),
            ("concordance_score", pa.float64()),
            ("red_flags_json", pa.string()),
            ("errors_json", pa.string()),
            ("findings_json", pa.string()),
            ("symptoms_json", pa.string()),
            ("concordance_json", pa.string()),
        ]
    )


def _finding_schema():
    import pyarrow as pa

    types = {
        "row": pa.int64(),
        "age": pa.int64(),
        "finding_index": pa.int64(),
        "grade": pa.int64(),
        "start": pa.int64(),
        "end": pa.int64(),
        "size_mm": pa.float64(),
        "p_incidental": pa.float64(),
    }
    return pa.schema([(c, types.get(c, pa.string())) for c in FINDING_COLUMNS])


class TableWriter:
    """Write rows of fixed columns to CSV or Parquet, chunk by chunk (Parquet: one row group per chunk)."""

    def __init__(
        self, path: str | os.PathLike, columns: tuple[str, ...], schema_factory, fmt: str | None = None
    ):
        self.path = Path(path)
        self.fmt = fmt or detect_format(self.path)
        if self.fmt not in ("csv", "parquet"):
            raise ValueError(f"TableWriter writes csv or parquet, not {self.fmt}")
        self.columns = columns
        self._schema_factory = schema_factory
        self._writer = None
        self._fh = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def write(self, rows: list[dict[str, Any]]) -> None:
        if self.fmt == "csv":
            if self._fh is None:
                self._fh = _open_text(self.path, "w")
                self._writer = csv.DictWriter(self._fh, fieldnames=list(self.columns), extrasaction="ignore")
                self._writer.writeheader()
            self._writer.writerows(rows)
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = self._schema_factory()
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, schema)
        if rows:
            table = pa.Table.from_pylist([{c: r.get(c) for c in self.columns} for r in rows], schema=schema)
            self._writer.write_table(table)

    def close(self) -> None:
        if self.fmt == "csv":
            if self._fh is None:  # no rows: still a valid file with a header
                self.write([])
            self._fh.close()
            self._fh = None
        else:
            if self._writer is None:
                self.write([])
            self._writer.close()
            self._writer = None


def result_writer(path: str | os.PathLike, fmt: str | None = None) -> TableWriter:
    return TableWriter(path, RESULT_COLUMNS, _result_schema, fmt)


def findings_writer(path: str | os.PathLike, fmt: str | None = None) -> TableWriter:
    return TableWriter(path, FINDING_COLUMNS, _finding_schema, fmt)


def iter_jsonl_records(path: str | os.PathLike) -> Iterator[dict[str, Any]]:
    with _open_text(Path(path)) as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def iter_results(path: str | os.PathLike, fmt: str | None = None, chunk_size: int = 5000) -> Iterator[dict]:
    """Yield the result records of a batch output file (JSON lines, CSV or Parquet), in order."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt == "jsonl":
        yield from iter_jsonl_records(path)
    elif fmt == "csv":
        import pandas as pd

        for chunk in pd.read_csv(
            path, dtype={"id": str, "sex": str}, keep_default_na=False, na_values=[""], chunksize=chunk_size
        ):
            for row in chunk.to_dict("records"):
                yield table_row_to_record(row)
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_size):
            for row in batch.to_pylist():
                yield table_row_to_record(row)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def read_results(path: str | os.PathLike, fmt: str | None = None) -> list[dict]:
    """All records of a batch output file (small files; use :func:`iter_results` for large ones)."""
    return list(iter_results(path, fmt))


def convert_jsonl(
    src: str | os.PathLike, dest: str | os.PathLike, fmt: str | None = None, chunk_size: int = 5000
) -> int:
    """Stream a JSON lines result file into a CSV/Parquet result table; returns the number of rows."""
    n = 0
    with result_writer(dest, fmt) as writer:
        buf: list[dict] = []
        for record in iter_jsonl_records(src):
            buf.append(record_to_table_row(record))
            if len(buf) >= chunk_size:
                writer.write(buf)
                n += len(buf)
                buf = []
        writer.write(buf)
        n += len(buf)
    return n
