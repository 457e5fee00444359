"""Terminal view of one result (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def print_result(text: str, result, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title="Findings")
    for col in ("#", "type", "level", "side", "zone", "severity", "assertion", "label"):
        table.add_column(col)
    for i, f in enumerate(result.findings):
        table.add_row(str(i), f.type, f.level or "", f.side or "", f.zone or "", f.severity or "",
                      f.assertion, f.label or "")
    console.print(table)
