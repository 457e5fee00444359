"""The ``lumbar-nlp`` command line: a thin typer layer over plain functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Read lumbar spine MRI reports: findings, likely-incidental labels, symptom concordance.")


@app.command()
def annotate(
    text: Optional[str] = typer.Argument(None, help="Report text, a path to a file, or '-' for stdin."),
    age: Optional[int] = typer.Option(None, help="Patient age in years."),
    sex: Optional[str] = typer.Option(None, help="F or M."),
    clinical: Optional[str] = typer.Option(None, help="Free-text symptoms / indication."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON record."),
) -> None:
    """Analyse one report and show it in the terminal."""
    import nlp

    if text is None or text == "-":
        text = sys.stdin.read()
    elif len(text) < 4096 and Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8", errors="replace")
    result = nlp.analyze(text, age=age, sex=sex, clinical=clinical)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    from nlp.render import print_result

    print_result(text, result)


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="Gold JSON lines (findings.md section 3)."),
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
