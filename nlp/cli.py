"""The ``lumbar-nlp`` command line: a thin typer layer over plain functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read lumbar spine MRI reports: findings, likely-incidental labels, symptom concordance.",
)


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@app.command()
def annotate(
    text: str | None = typer.Argument(None, help="Report text, a path to a file, or '-' for stdin."),
    age: int | None = typer.Option(None, help="Patient age in years."),
    sex: str | None = typer.Option(None, help="F or M."),
    clinical: str | None = typer.Option(None, help="Free-text symptoms / indication."),
    symptoms: str | None = typer.Option(None, help='Structured symptoms as JSON, e.g. \'{"side": "left"}\'.'),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON record."),
) -> None:
    """Analyse one report and show it in the terminal (coloured spans, findings table, concordance)."""
    import nlp

    if text is None or text == "-":
        text = sys.stdin.read()
    elif len(text) < 4096 and "\n" not in text and Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8", errors="replace")
    result = nlp.analyze(text, age=age, sex=sex, clinical=clinical, symptoms=symptoms)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    from nlp.render import print_result

    print_result(text, result)


@app.command()
def batch(
    input: Path = typer.Argument(..., help="Reports: .jsonl, .csv or .parquet (one report per row)."),
    output: Path = typer.Option(..., "-o", "--output", help="Results: .jsonl, .csv or .parquet."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes."),
    id_col: str = typer.Option("id", help="Column with the report id."),
    text_col: str = typer.Option("text", help="Column with the report text."),
    age_col: str = typer.Option("age", help="Column with the age in years."),
    sex_col: str = typer.Option("sex", help="Column with the sex (F/M)."),
    clinical_col: str = typer.Option("clinical", help="Column with free-text symptoms / indication."),
    symptoms_col: str = typer.Option("symptoms", help="Column with structured symptoms (JSON)."),
    findings_table: Path | None = typer.Option(
        None, help="Also write one row per finding (.parquet/.csv/.jsonl)."
    ),
    resume: bool = typer.Option(False, help="Continue an interrupted run into the same OUTPUT."),
    overwrite: bool = typer.Option(False, help="Replace an existing OUTPUT."),
    chunk_size: int = typer.Option(32, min=1, help="Reports per task sent to a worker."),
    limit: int | None = typer.Option(None, min=0, help="Stop after this many input rows."),
    max_chars: int = typer.Option(
        100_000,
        min=0,
        help="Cut longer reports to this many characters before "
        "analysis (warning W002 in errors); 0: no cut.",
    ),
    progress: bool | None = typer.Option(
        None, "--progress/--no-progress", help="Progress bar (default: on when stderr is a terminal)."
    ),
) -> None:
    """Analyse a corpus: one output record per input row, in order, with a run manifest."""
    from nlp import io as nio
    from nlp.batch import OutputExistsError, manifest_path, run_batch

    if resume and overwrite:
        _fail("--resume and --overwrite exclude each other")
    if not input.is_file():
        _fail(f"input {input} not found")
    try:
        for p in (input, output) + ((findings_table,) if findings_table else ()):
            nio.detect_format(p)
        columns = nio.Columns(
            id=id_col, text=text_col, age=age_col, sex=sex_col, clinical=clinical_col, symptoms=symptoms_col
        )
        manifest = run_batch(
            input,
            output,
            workers=workers,
            columns=columns,
            chunk_size=chunk_size,
            resume=resume,
            overwrite=overwrite,
            findings_table=findings_table,
            progress=progress,
            limit=limit,
            max_chars=max_chars or None,
        )
    except OutputExistsError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail(
            f"interrupted; the records written so far are kept: rerun with --resume to finish {output}", 130
        )
    except ValueError as exc:
        _fail(str(exc))
    typer.secho(
        f"{manifest.get('rows', 0)} records -> {output} ({manifest.get('rows_with_errors', 0)} with errors, "
        f"{manifest.get('findings', 0)} findings, {manifest.get('reports_per_second')} reports/s); "
        f"manifest: {manifest_path(output)}",
        err=True,
    )


@app.command()
def summarize(
    results: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="Output of `batch` (.jsonl/.csv/.parquet)."
    ),
    out_dir: Path | None = typer.Option(
        None,
        "-o",
        "--out-dir",
        help="Folder for summary.html and the CSV tables (default: RESULTS + '.summary').",
    ),
) -> None:
    """Cohort report: prevalence by age decade vs. Brinjikji 2015a, labels, concordance, levels."""
    from nlp.summarize import summarize as run_summary

    out_dir = out_dir or Path(str(results) + ".summary")
    try:
        paths = run_summary(results, out_dir)
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(f"cohort report: {paths['html']}")
    for name, path in paths.items():
        if name != "html":
            typer.echo(f"  {name}: {path}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to bind (default: this machine only)."),
    port: int = typer.Option(8000, help="Port."),
    max_body: int = typer.Option(1_000_000, help="Largest request body accepted, in bytes (larger: 413)."),
    preload: bool = typer.Option(True, help="Build the pipeline before accepting requests."),
) -> None:
    """Web page for drafts (http://HOST:PORT/) and the HTTP API (POST /analyze, GET /health, /docs)."""
    import uvicorn

    from nlp.web.app import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.secho(
            f"warning: binding {host}: the page is reachable from other machines; it has no authentication",
            fg=typer.colors.YELLOW,
            err=True,
        )
    application = create_app(max_body=max_body, preload=preload)
    typer.echo(f"lumbar-nlp page on http://{host}:{port}/  (API docs: /docs)", err=True)
    # The access log lists method, path and status only; request bodies (report text) are never logged.
    uvicorn.run(application, host=host, port=port, log_level="info", access_log=True)


@app.command()
def evaluate(
    gold: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="Gold JSON lines (findings.md section 3)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    errors: int = typer.Option(15, help="How many errors to list per finding type."),
) -> None:
    """Score the pipeline against a gold file (findings.md section 4)."""
    from nlp.evaluate import evaluate_file, format_report

    scores = evaluate_file(gold)
    if as_json:
        typer.echo(json.dumps(scores["summary"], indent=2))
    else:
        typer.echo(format_report(scores, max_errors=errors))


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":
    main()
