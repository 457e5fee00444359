"""Batch runner: one record per input row, in order, whatever the row; resume; workers; manifest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nlp.analysis import default_pipeline
from nlp.batch import OutputExistsError, manifest_path, part_path, run_batch
from nlp.io import read_results

DATA = Path(__file__).resolve().parents[1] / "data"
NOTES = [json.loads(line) for line in (DATA / "sudirman_notes_p1-p13.jsonl").read_text().splitlines()]
REPO = Path(__file__).resolve().parents[2]


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def messy_input(tmp_path_factory) -> tuple[Path, list]:
    """Good rows, empty and non-string texts, a malformed line, a 1 MB report, duplicate and missing ids."""
    big = " ".join(n["text"] for n in NOTES) + "\n"
    big = (big * (1_050_000 // len(big) + 1))[:1_050_000]
    rows = [
        json.dumps({"id": "good-1", "text": NOTES[0]["text"], "age": 54, "sex": "F"}),
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "number", "text": 12345}),
        '{"id": "broken", "text": "L4-5: disc bulge',  # malformed JSON line
        json.dumps({"id": "list", "text": ["L4-5", "bulge"]}),
        json.dumps({"id": "big", "text": big, "age": 61}),
        json.dumps({"id": "good-2", "text": NOTES[2]["text"], "age": 35, "clinical": "low back pain"}),
        json.dumps({"id": "good-1", "text": NOTES[3]["text"]}),  # duplicate id
        json.dumps({"text": NOTES[4]["text"]}),  # missing id
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": 7, "text": NOTES[5]["text"], "age": "forty"}),
        json.dumps({"id": "good-3", "text": NOTES[6]["text"], "extra_field": 1}),
    ]
    expected_ids = [
        "good-1",
        "empty",
        "number",
        None,
        "list",
        "big",
        "good-2",
        "good-1",
        None,
        None,
        7,
        "good-3",
    ]
    path = _write_lines(tmp_path_factory.mktemp("messy") / "messy.jsonl", rows)
    return path, expected_ids


def test_batch_one_record_per_row_in_order(messy_input, tmp_path):
    # Arrange
    src, expected_ids = messy_input
    out = tmp_path / "out.jsonl"

    # Act
    manifest = run_batch(src, out, loader=default_pipeline, progress=False)
    records = read_results(out)

    # Assert: exactly one record per row, in input order
    assert [r["id"] for r in records] == expected_ids
    by_pos = dict(enumerate(records))
    for pos in (1, 2, 3, 4, 8, 9):  # rows that cannot be analysed
        assert by_pos[pos]["findings"] == [] and by_pos[pos]["errors"], pos
    assert by_pos[1]["errors"][0].startswith("E001")
    assert by_pos[2]["errors"][0].startswith("E002")
    assert by_pos[3]["errors"][0].startswith("E101") and "line 4" in by_pos[3]["errors"][0]
    assert by_pos[9]["errors"][0].startswith("E102")
    assert by_pos[8]["errors"][0].startswith("E103")
    assert by_pos[0]["errors"] == [] and by_pos[0]["findings"], "a good row gets findings"
    assert by_pos[0]["age"] == 54 and by_pos[0]["sex"] == "F"
    assert any(e.startswith("E003") for e in by_pos[10]["errors"])  # bad age: reported, row still analysed
    assert by_pos[10]["findings"]
    # The 1 MB report is cut to --max-chars (default 100,000) and says so; it is still analysed
    assert by_pos[5]["errors"][0].startswith("W002: report of 1050000 characters")
    assert by_pos[5]["findings"]
    # No report text in any error message
    assert not any(NOTES[0]["text"][:20] in e for r in records for e in r["errors"])
    # Manifest counts
    assert manifest["status"] == "complete" and manifest["rows"] == len(expected_ids)
    assert manifest["duplicate_ids"] == 1
    assert manifest["rows_with_errors"] >= 6
    assert json.loads(manifest_path(out).read_text())["rows"] == len(expected_ids)
    assert manifest["versions"]["lumbar_nlp"]


def test_batch_refuses_to_overwrite(tmp_path):
    # Arrange
    src = _write_lines(tmp_path / "in.jsonl", [json.dumps(NOTES[0])])
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")

    # Act / Assert
    with pytest.raises(OutputExistsError, match="--overwrite"):
        run_batch(src, out, loader=default_pipeline, progress=False)
    assert out.read_text() == "keep me\n"
    run_batch(src, out, loader=default_pipeline, progress=False, overwrite=True)
    assert [r["id"] for r in read_results(out)] == [NOTES[0]["id"]]


def test_batch_resume_after_partial_line(tmp_path):
    # Arrange: an interrupted run: two complete records, then half a line
    src = _write_lines(tmp_path / "in.jsonl", [json.dumps(n) for n in NOTES])
    out = tmp_path / "out.jsonl"
    run_batch(src, out, loader=default_pipeline, progress=False, limit=2)
    with open(out, "a", encoding="utf-8") as fh:
        fh.write('{"id": "lsmri-p3", "findi')

    # Act
    manifest = run_batch(src, out, loader=default_pipeline, progress=False, resume=True)

    # Assert
    assert [r["id"] for r in read_results(out)] == [n["id"] for n in NOTES]
    assert manifest["resumed_after_rows"] == 2 and manifest["rows"] == len(NOTES)


@pytest.mark.parametrize("out_name", ["out.csv", "out.parquet"])
def test_batch_table_outputs_round_trip_in_pandas(tmp_path, out_name):
    import pandas as pd

    # Arrange
    src = _write_lines(tmp_path / "in.jsonl", [json.dumps(n) for n in NOTES])
    ref = tmp_path / "ref.jsonl"
    run_batch(src, ref, loader=default_pipeline, progress=False)
    out = tmp_path / out_name

    # Act
    run_batch(src, out, loader=default_pipeline, progress=False, findings_table=tmp_path / ("f_" + out_name))
    frame = pd.read_csv(out) if out_name.endswith(".csv") else pd.read_parquet(out)
    findings = (pd.read_csv if out_name.endswith(".csv") else pd.read_parquet)(tmp_path / ("f_" + out_name))

    # Assert: pandas reads the table; the JSON columns give back the records
    assert list(frame["id"]) == [n["id"] for n in NOTES]
    expected = read_results(ref)
    assert [json.loads(x) for x in frame["findings_json"]] == [r["findings"] for r in expected]
    assert read_results(out) == [{**r, "id": str(r["id"])} for r in expected]
    assert len(findings) == sum(len(r["findings"]) for r in expected)
    assert set(findings["type"]) <= {f["type"] for r in expected for f in r["findings"]}
    assert not part_path(out).exists()


def test_batch_workers_2_equals_workers_1(tmp_path, messy_input):
    # Arrange: the messy rows without the 1 MB one (keeps the test fast), then real notes
    src, _ = messy_input
    lines = [ln for ln in src.read_text().splitlines() if len(ln) < 100_000]
    lines += [json.dumps(n) for n in NOTES] * 2
    small = _write_lines(tmp_path / "in.jsonl", lines)

    # Act
    run_batch(small, tmp_path / "w1.jsonl", workers=1, loader=default_pipeline, progress=False, chunk_size=4)
    run_batch(small, tmp_path / "w2.jsonl", workers=2, progress=False, chunk_size=4)

    # Assert
    assert (tmp_path / "w1.jsonl").read_text() == (tmp_path / "w2.jsonl").read_text()
    assert len(read_results(tmp_path / "w2.jsonl")) == len(lines)


def test_batch_killed_midway_then_resumed(tmp_path):
    # Arrange: several hundred reports, so the run is still going when it is killed
    n_rows = 1200
    rows = [
        json.dumps({"id": f"r{i:05d}", "text": NOTES[i % len(NOTES)]["text"], "age": 30 + i % 50})
        for i in range(n_rows)
    ]
    src = _write_lines(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "nlp.cli",
        "batch",
        str(src),
        "-o",
        str(out),
        "--chunk-size",
        "4",
        "--no-progress",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    # Act 1: start, wait for some records, kill hard
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 40:
            break
        time.sleep(0.02)
    assert proc.poll() is None, (
        "the run finished before it could be interrupted: " + proc.stderr.read().decode()
    )
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    done_before = out.read_bytes().count(b"\n")
    assert 40 <= done_before < n_rows

    # Act 2: refuse without --resume; then resume
    refused = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "--resume" in refused.stderr
    resumed = subprocess.run(
        cmd + ["--resume"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 0, resumed.stderr

    # Assert: every id exactly once, in order
    ids = [r["id"] for r in read_results(out)]
    assert ids == [f"r{i:05d}" for i in range(n_rows)]
    manifest = json.loads(manifest_path(out).read_text())
    assert manifest["status"] == "complete" and manifest["rows"] == n_rows
    assert manifest["resumed_after_rows"] >= done_before - 1


def test_batch_resume_of_finished_table_output_is_a_no_op(tmp_path):
    # Arrange
    src = _write_lines(tmp_path / "in.jsonl", [json.dumps(n) for n in NOTES[:3]])
    out = tmp_path / "out.parquet"
    run_batch(src, out, loader=default_pipeline, progress=False)
    before = out.read_bytes()

    # Act
    manifest = run_batch(src, out, loader=default_pipeline, progress=False, resume=True)

    # Assert
    assert out.read_bytes() == before and manifest["rows"] == 3


def test_batch_resume_into_parquet_from_part_file(tmp_path):
    # Arrange: an interrupted Parquet run leaves its JSON lines part file, with a torn last line
    src = _write_lines(tmp_path / "in.jsonl", [json.dumps(n) for n in NOTES])
    out = tmp_path / "out.parquet"
    run_batch(src, tmp_path / "first.jsonl", loader=default_pipeline, progress=False, limit=4)
    part_path(out).write_text((tmp_path / "first.jsonl").read_text() + '{"id": "lsmri-p5", "fin')

    # Act
    manifest = run_batch(src, out, loader=default_pipeline, progress=False, resume=True)

    # Assert
    assert [r["id"] for r in read_results(out)] == [n["id"] for n in NOTES]
    assert manifest["resumed_after_rows"] == 4 and not part_path(out).exists()


def test_batch_progress_bar_does_not_disturb_output(tmp_path, capsys):
    # Arrange
    src = _write_lines(tmp_path / "in.jsonl", [json.dumps(n) for n in NOTES[:5]])
    out = tmp_path / "out.jsonl"

    # Act
    run_batch(src, out, loader=default_pipeline, progress=True)

    # Assert: the bar goes to stderr with the rate; no report text is printed
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "reports/s" in captured.err and "5/5" in captured.err
    assert NOTES[0]["text"][:15] not in captured.err
    assert len(read_results(out)) == 5


def test_batch_missing_column_fails_before_any_output(tmp_path):
    import pandas as pd

    # Arrange
    src = tmp_path / "in.csv"
    pd.DataFrame({"id": ["a"], "report": [NOTES[0]["text"]]}).to_csv(src, index=False)
    out = tmp_path / "out.jsonl"

    # Act / Assert
    with pytest.raises(ValueError, match="--text-col"):
        run_batch(src, out, loader=default_pipeline, progress=False)
    assert not out.exists() and not manifest_path(out).exists()


def test_batch_empty_input(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n")
    manifest = run_batch(src, tmp_path / "out.parquet", loader=default_pipeline, progress=False)
    assert manifest["rows"] == 0 and read_results(tmp_path / "out.parquet") == []
