"""The command line, through typer's CliRunner on a tmp dir."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from nlp.cli import app

DATA = Path(__file__).resolve().parents[1] / "data"
NOTES_FILE = DATA / "sudirman_notes_p1-p13.jsonl"
NOTES = [json.loads(line) for line in NOTES_FILE.read_text().splitlines()]
DRAFT = "L4-5: small left paracentral disc extrusion compressing the left L5 root. No canal stenosis."

runner = CliRunner()


def test_cli_annotate_json_from_argument():
    result = runner.invoke(app, ["annotate", DRAFT, "--age", "54", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert set(record) >= {"id", "findings", "symptoms", "concordance", "red_flags", "errors"}
    assert "disc_extrusion" in {f["type"] for f in record["findings"]}


def test_cli_annotate_reads_stdin_and_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(DRAFT, encoding="utf-8")
    from_file = runner.invoke(app, ["annotate", str(path), "--json"])
    from_stdin = runner.invoke(app, ["annotate", "-", "--json"], input=DRAFT)
    assert from_file.exit_code == 0 and from_stdin.exit_code == 0
    assert json.loads(from_file.stdout) == json.loads(from_stdin.stdout)


def test_cli_annotate_terminal_view():
    result = runner.invoke(app, ["annotate", DRAFT, "--age", "54", "--clinical", "left leg pain"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "disc extrusion" in out and "L4-L5" in out
    assert "Findings" in out and "Concordance" in out
    assert "never means that the pain is not real" in " ".join(out.split())


def test_cli_batch_csv_with_column_options(tmp_path):
    # Arrange
    src = tmp_path / "reports.csv"
    pd.DataFrame(
        {
            "rid": [n["id"] for n in NOTES],
            "report": [n["text"] for n in NOTES],
            "years": [30 + i for i in range(len(NOTES))],
        }
    ).to_csv(src, index=False)
    out = tmp_path / "results.csv"

    # Act
    result = runner.invoke(
        app,
        [
            "batch",
            str(src),
            "-o",
            str(out),
            "--id-col",
            "rid",
            "--text-col",
            "report",
            "--age-col",
            "years",
            "--findings-table",
            str(tmp_path / "findings.csv"),
        ],
    )

    # Assert
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert list(frame["id"]) == [n["id"] for n in NOTES]
    assert list(frame["age"]) == [30 + i for i in range(len(NOTES))]
    assert (tmp_path / "findings.csv").exists()
    assert Path(str(out) + ".manifest.json").exists()


def test_cli_batch_refuses_overwrite(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(NOTES[0]) + "\n")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    result = runner.invoke(app, ["batch", str(src), "-o", str(out)])
    assert result.exit_code == 2
    assert "--overwrite" in result.output
    assert out.read_text() == "old\n"


def test_cli_batch_unknown_format(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(NOTES[0]) + "\n")
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 2 and "cannot tell the format" in result.output


def test_cli_summarize_writes_html_and_csv(tmp_path):
    # Arrange
    out = tmp_path / "results.jsonl"
    assert runner.invoke(app, ["batch", str(NOTES_FILE), "-o", str(out)]).exit_code == 0

    # Act
    result = runner.invoke(app, ["summarize", str(out), "-o", str(tmp_path / "summary")])

    # Assert
    assert result.exit_code == 0, result.output
    html = (tmp_path / "summary" / "summary.html").read_text()
    assert "<img" in html and "data:image/png;base64," in html
    assert (tmp_path / "summary" / "prevalence_by_decade.csv").exists()


def test_cli_render_wide_terminal_table():
    import io

    from rich.console import Console

    import nlp
    from nlp.render import print_result

    buf = io.StringIO()
    result = nlp.analyze(DRAFT, age=54)
    print_result(DRAFT, result, console=Console(file=buf, width=160, color_system=None))
    out = buf.getvalue()
    assert "P(inc)" in out and "concordance" in out and "disc extrusion" in out
