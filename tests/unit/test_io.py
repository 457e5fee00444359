"""Reading batch inputs and reading/writing result tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from nlp import io as nio

DATA = Path(__file__).resolve().parents[1] / "data"
NOTES = [json.loads(line) for line in (DATA / "sudirman_notes_p1-p13.jsonl").read_text().splitlines()]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.JSONL.gz", "jsonl"),
        ("b.csv", "csv"),
        ("b.csv.gz", "csv"),
        ("c.parquet", "parquet"),
        ("c.pq", "parquet"),
    ],
)
def test_io_detect_format(name, fmt):
    assert nio.detect_format(name) == fmt


def test_io_detect_format_unknown():
    with pytest.raises(ValueError, match="jsonl, .csv or .parquet"):
        nio.detect_format("reports.xlsx")


def test_io_csv_input_with_custom_columns(tmp_path):
    # Arrange: ids with leading zeros, an empty text cell, a quoted multi-line text
    frame = pd.DataFrame(
        {
            "report_id": ["007", "008", "009"],
            "body": [NOTES[0]["text"], "", "L4-5: mild disc bulge.\nL5-S1: normal."],
            "patient_age": [54, None, 40],
        }
    )
    path = tmp_path / "in.csv"
    frame.to_csv(path, index=False)

    # Act
    rows = list(
        nio.iter_input_rows(path, columns=nio.Columns(id="report_id", text="body", age="patient_age"))
    )

    # Assert
    assert [r["id"] for r in rows] == ["007", "008", "009"]
    assert rows[0]["text"] == NOTES[0]["text"]
    assert rows[1]["text"] is None
    assert rows[2]["text"] == "L4-5: mild disc bulge.\nL5-S1: normal."
    assert rows[0]["age"] == "54.0" and rows[1]["age"] is None
    assert nio.count_input_rows(path) == 3


def test_io_parquet_input_in_chunks(tmp_path):
    # Arrange
    path = tmp_path / "in.parquet"
    pd.DataFrame(
        {
            "id": [f"x{i}" for i in range(25)],
            "text": [NOTES[i % 13]["text"] for i in range(25)],
            "age": list(range(25)),
        }
    ).to_parquet(path, row_group_size=7)

    # Act
    rows = list(nio.iter_input_rows(path, chunk_size=4))

    # Assert
    assert [r["id"] for r in rows] == [f"x{i}" for i in range(25)]
    assert rows[3]["age"] == 3 and rows[3]["clinical"] is None
    assert nio.count_input_rows(path) == 25


def test_io_missing_required_column(tmp_path):
    path = tmp_path / "in.csv"
    pd.DataFrame({"id": ["a"], "report": ["x"]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="--text-col"):
        list(nio.iter_input_rows(path))


def test_io_jsonl_input_bad_lines(tmp_path):
    # Arrange
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "a"}\n\n{oops\n[1, 2]\n{"text": "no id"}\n', encoding="utf-8")

    # Act
    rows = list(nio.iter_input_rows(path))

    # Assert: blank lines are not rows; bad lines are rows with an error
    assert [(r["id"], r.get("_error", "")[:4]) for r in rows] == [
        (1, ""),
        (None, "E101"),
        (None, "E102"),
        (None, "E103"),
    ]
    assert "oops" not in rows[1]["_error"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_io_result_table_round_trip(tmp_path, suffix):
    # Arrange
    records = [
        {
            "id": "a",
            "age": 50,
            "sex": "F",
            "findings": [
                {"type": "disc_bulge", "level": "L4-L5", "affected_roots": ["L5"], "sources": ["x"]}
            ],
            "symptoms": {"side": "left"},
            "concordance": {"score": 0.5, "category": "indeterminate"},
            "red_flags": [],
            "errors": [],
        },
        {
            "id": 12,
            "age": None,
            "sex": None,
            "findings": [],
            "symptoms": {},
            "concordance": {},
            "red_flags": ["cauda_equina"],
            "errors": ["E001: no report text"],
        },
    ]
    path = tmp_path / ("out" + suffix)

    # Act
    with nio.result_writer(path) as writer:
        writer.write([nio.record_to_table_row(r) for r in records])
    back = nio.read_results(path)
    frame = pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)

    # Assert
    assert back == [records[0], {**records[1], "id": "12"}]
    assert list(frame.columns) == list(nio.RESULT_COLUMNS)
    assert list(frame["n_findings"]) == [1, 0]


def test_io_finding_rows_flatten_lists():
    record = {
        "id": "a",
        "age": 40,
        "findings": [
            {
                "type": "disc_extrusion",
                "affected_roots": ["L5", "S1"],
                "sources": ["Brinjikji 2015b", "Jarvik 2001"],
            }
        ],
    }
    rows = nio.finding_rows(record, row=3)
    assert rows[0]["row"] == 3 and rows[0]["finding_index"] == 0
    assert rows[0]["affected_roots"] == "L5;S1" and rows[0]["sources"] == "Brinjikji 2015b;Jarvik 2001"
    assert set(rows[0]) == set(nio.FINDING_COLUMNS)
