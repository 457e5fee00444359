"""Terminal view of one result (rich): the report with coloured spans, a findings table, rationale lines
and the concordance summary."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

LABEL_STYLES = {
    "urgent": "bold white on red",
    "symptomatic": "black on dark_orange",
    "indeterminate": "black on yellow",
    "incidental": "black on green",
    None: "dim underline",
}
_PRIORITY = {"urgent": 4, "symptomatic": 3, "indeterminate": 2, "incidental": 1}

CONCORDANCE_NOTE = (
    "A low concordance never means that the pain is not real: imaging only offers, or does not "
    "offer, an explanation for the symptoms."
)


def _span_style(finding) -> str:
    if finding.assertion in ("absent", "historical"):
        return "dim strike" if finding.assertion == "absent" else "dim italic"
    return LABEL_STYLES.get(finding.label, LABEL_STYLES[None])


def highlighted_text(text: str, findings) -> Text:
    """The report with each finding's span styled by its label (overlaps: the most serious label wins)."""
    out = Text(text)
    ordered = sorted(
        (f for f in findings if 0 <= f.start < f.end <= len(text)),
        key=lambda f: (f.affirmed, _PRIORITY.get(f.label, 0)),
    )
    for f in ordered:  # later styles are applied on top
        out.stylize(_span_style(f), f.start, f.end)
    return out


def _fmt_p(p) -> str:
    return "" if p is None else f"{float(p):.2f}"


def findings_table(result) -> Table:
    table = Table(title="Findings", box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    widths = {
        "#": 2,
        "type": 14,
        "level": 5,
        "side": 5,
        "zone": 5,
        "severity": 5,
        "assertion": 9,
        "label": 11,
        "P(inc)": 4,
        "roots": 4,
        "concordance": 10,
    }
    for col, width in widths.items():
        table.add_column(col, overflow="fold", min_width=width)
    for i, f in enumerate(result.findings):
        label = Text(f.label or "", style=LABEL_STYLES.get(f.label, "")) if f.label else Text("")
        table.add_row(
            str(i),
            f.type.replace("_", " "),
            f.level or "",
            f.side or "",
            f.zone or "",
            f.severity or "",
            Text(f.assertion, style="dim" if not f.affirmed else ""),
            label,
            _fmt_p(f.p_incidental),
            " ".join(r.replace("_", " ") for r in f.affected_roots),
            (f.concordance or "").replace("_", " "),
        )
    return table


def findings_list(result) -> Text:
    """The findings as one line each, for terminals too narrow for the table."""
    out = Text()
    for i, f in enumerate(result.findings):
        out.append(f"[{i}] ", style="bold")
        out.append(f.type.replace("_", " "), style="bold")
        where = " ".join(x for x in (f.level, f.side, f.zone, f.severity) if x)
        if where:
            out.append(f"  {where}")
        out.append(f"  {f.assertion}", style="" if f.affirmed else "dim")
        if f.label:
            out.append("  ")
            out.append(f" {f.label} ", style=LABEL_STYLES.get(f.label, ""))
        if f.p_incidental is not None:
            out.append(f"  P(inc) {_fmt_p(f.p_incidental)}")
        if f.affected_roots:
            out.append("  roots " + " ".join(r.replace("_", " ") for r in f.affected_roots))
        if f.concordance:
            out.append("  concordance " + f.concordance.replace("_", " "))
        out.append("\n")
    return out


def rationale_lines(result) -> Text:
    out = Text()
    for i, f in enumerate(result.findings):
        if not (f.rationale or f.benchmark):
            continue
        out.append(f"[{i}] {f.type} {f.level or ''}".rstrip() + ": ", style="bold")
        if f.rationale:
            out.append(f.rationale)
        if f.sources:
            out.append(f"  ({'; '.join(f.sources)})", style="dim")
        if f.benchmark:
            out.append("\n    benchmark: ", style="dim")
            out.append(f.benchmark, style="italic")
        out.append("\n")
    return out


def concordance_panel(result) -> Panel:
    c = result.concordance
    s = result.symptoms
    body = Text()
    body.append(f"{c.category}", style="bold")
    if c.score is not None:
        body.append(f"  (score {float(c.score):.2f})")
    if c.explained_by:
        body.append(f"  explained by finding(s) {', '.join(str(i) for i in c.explained_by)}")
    body.append("\n")
    if not s.empty:
        bits = [
            f"side={s.side}" if s.side else "",
            f"roots={' '.join(s.roots)}" if s.roots else "",
            f"syndrome={' '.join(s.syndrome)}" if s.syndrome else "",
            f"source={s.source}" if s.source else "",
        ]
        body.append("symptoms: " + ", ".join(b for b in bits if b) + "\n")
    if c.rationale:
        body.append(c.rationale + "\n")
    body.append(CONCORDANCE_NOTE, style="dim italic")
    return Panel(body, title="Concordance with symptoms", expand=False)


def print_result(text: str, result, console: Console | None = None) -> None:
    """Print one analysed report: red flags first, then spans, findings, rationale and concordance."""
    console = console or Console()
    urgent = [f for f in result.findings if f.label == "urgent"]
    if result.red_flags or urgent:
        lines = [f"red flag: {r}" for r in result.red_flags]
        lines += [
            f"urgent finding [{result.findings.index(f)}]: {f.type} {f.level or ''}".rstrip() for f in urgent
        ]
        console.print(Panel("\n".join(lines), title="RED FLAGS", style="bold red", expand=False))
    if text:
        console.print(Panel(highlighted_text(text, result.findings), title="Report", expand=False))
    legend = Text("labels: ")
    for label in ("urgent", "symptomatic", "indeterminate", "incidental"):
        legend.append(f" {label} ", style=LABEL_STYLES[label])
        legend.append(" ")
    legend.append(" absent ", style="dim strike")
    console.print(legend)
    if result.findings and console.width >= 110:
        console.print(findings_table(result))
    elif result.findings:
        console.print(Group(Text("Findings", style="bold"), findings_list(result)))
    else:
        console.print("No findings read.", style="dim")
    lines = rationale_lines(result)
    if lines.plain.strip():
        console.print(Group(Text("Why each label", style="bold"), lines))
    console.print(concordance_panel(result))
    for e in result.errors:
        console.print(f"error: {e}", style="red")
