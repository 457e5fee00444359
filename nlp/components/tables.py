"""Per-level tables in structured reports.

    LEVEL    DISC          CANAL      FORAMINA             FACETS
    L3-L4    bulge         mild       mild bilateral       moderate hypertrophy
    L4-L5    bulge         severe     R severe / L mild    severe arthropathy, effusions

A cell under a column that names a finding ("Canal", "Foramina", "Facets", "Bulge", ...) holds only that finding's
grade, side or absence ("mild", "R severe / L mild", "no", "patent"), which the sentence rules cannot read: this
module reads such cells. Free-text columns ("Disc", "Comment") are left to the sentence rules, which already read
their words with the row's level. Columns are split at ``|`` or, in space-aligned tables, at the header's column
positions in the text as given (the tokenizer collapses runs of spaces, so the caller passes the original text).
"""

from __future__ import annotations

import re

# header cell (lower case, spaces collapsed) -> finding type; "level" marks the level column
COLUMNS = {
    "level": "level", "levels": "level", "segment": "level", "disc level": "level", "disk level": "level",
    "canal": "central_canal_stenosis", "central canal": "central_canal_stenosis", "spinal canal": "central_canal_stenosis",
    "canal stenosis": "central_canal_stenosis", "central stenosis": "central_canal_stenosis",
    "central canal stenosis": "central_canal_stenosis", "spinal stenosis": "central_canal_stenosis",
    "ccs": "central_canal_stenosis", "stenosis": "central_canal_stenosis",
    "foramina": "foraminal_stenosis", "foramen": "foraminal_stenosis", "foraminal": "foraminal_stenosis",
    "foraminal stenosis": "foraminal_stenosis", "foraminal narrowing": "foraminal_stenosis",
    "neural foramina": "foraminal_stenosis", "neuroforamina": "foraminal_stenosis", "nf": "foraminal_stenosis",
    "nfs": "foraminal_stenosis", "exit foramina": "foraminal_stenosis",
    "lateral recess": "lateral_recess_stenosis", "lateral recesses": "lateral_recess_stenosis",
    "recesses": "lateral_recess_stenosis", "lrs": "lateral_recess_stenosis", "subarticular": "lateral_recess_stenosis",
    "lateral recess stenosis": "lateral_recess_stenosis",
    "facets": "facet_arthropathy", "facet": "facet_arthropathy", "facet joints": "facet_arthropathy",
    "facet arthropathy": "facet_arthropathy", "facet hypertrophy": "facet_arthropathy",
    "bulge": "disc_bulge", "disc bulge": "disc_bulge", "protrusion": "disc_protrusion",
    "disc protrusion": "disc_protrusion", "extrusion": "disc_extrusion", "herniation": "disc_herniation",
    "disc herniation": "disc_herniation", "hnp": "disc_herniation",
}
_ROW_SPLIT = re.compile(r"\t+| {2,}")
_SEPARATOR_ROW = re.compile(r"^[\s|:+=-]*$")
_NEGATIVE = re.compile(r"^\s*(?:no|none|nil|normal|nl|patent|unremarkable|negative|absent|not\s+seen|n/?a|-+|0|"
                       r"no\s+(?:stenosis|narrowing|herniation|bulge|protrusion)|widely\s+patent|ok|preserved|adequate)"
                       r"\s*\.?\s*$", re.I)
_YES = re.compile(r"^\s*(?:yes|y|present|\+)\b", re.I)
_SIDE = re.compile(r"\b(bilateral(?:ly)?|bilat|b/l|both|left|right|lt|rt|l|r)\b(?![-/]?\d)", re.I)
_ITEM_SPLIT = re.compile(r"\s*(?:[,;/]|\band\b)\s*", re.I)
_EFFUSION = re.compile(r"\beffusions?\b", re.I)


def _cells(line: str, starts: list[int] | None):
    """(offset in line, cell text) pairs of a table line: split at "|", else at the header's column starts."""
    if "|" in line:
        out, pos = [], 0
        for part in line.split("|"):
            out.append((pos, part))
            pos += len(part) + 1
        if out and not out[0][1].strip():
            out = out[1:]
        if out and not out[-1][1].strip():
            out = out[:-1]
        return out
    if starts is None:
        out, pos = [], 0
        for m in _ROW_SPLIT.finditer(line):
            out.append((pos, line[pos:m.start()]))
            pos = m.end()
        out.append((pos, line[pos:]))
        return [c for c in out if c[1].strip()]
    bounds = starts[1:] + [len(line)]
    return [(a, line[a:b]) for a, b in zip(starts, bounds)]


def _header(line: str):
    """Column types of a header line (None for a free-text column), or None when the line is no table header."""
    cells = _cells(line, None)
    if len(cells) < 3:
        return None
    kinds = [COLUMNS.get(" ".join(text.lower().split()).strip(" :")) for _, text in cells]
    typed = [k for k in kinds if k and k != "level"]
    if not kinds[0] == "level" and not (kinds[0] is None and cells[0][1].strip().lower() in ("", "lvl")):
        return None
    if len(typed) < 2:
        return None
    return cells, kinds


def item_side(part: str):
    """The side an item of a list names ("mild R", "Lt patent", "B/L severe") as (side, start, end) of the side word
    in ``part``, or None."""
    m = _SIDE.search(part)
    if not m:
        return None
    word = m.group(1).lower()
    return ("bilateral" if word.startswith("b") else "left" if word.startswith("l") else "right"), m.start(), m.end()


def read_cell(text: str, severity_of) -> list[tuple[str | None, str | None, str]]:
    """(side, severity, assertion) items of one cell: "mild" -> [(None, mild, present)], "R severe / L mild" ->
    one item per side, "no" / "patent" -> [(None, None, absent)], "yes" -> [(None, None, present)]."""
    text = text.strip()
    if not text:
        return []
    if _NEGATIVE.match(text):
        return [(None, None, "absent")]
    items = []
    for part in _ITEM_SPLIT.split(text):
        side = item_side(part)
        if side is None:
            continue
        value, a, b = side
        rest = part[:a] + part[b:]
        if _NEGATIVE.match(rest) or re.search(r"\b(?:normal|patent|none|no)\b", rest, re.I):
            items.append((value, None, "absent"))
        else:
            items.append((value, severity_of(rest), "present"))
    if items:
        return items
    severity = severity_of(text)
    if severity or _YES.match(text):
        return [(None, severity, "present")]
    return []


def table_cells(text: str, level_of, headers: list | None = None):
    """Cells of the per-level tables in ``text``: (finding type or None for a free-text column, level names, cell
    start, cell end, cell text). ``level_of(cell_text, ftype)`` gives a row's level names from its first cell ([] when
    it names none). ``headers``, when given, receives the (start, end) of each header line."""
    out = []
    pos = 0
    lines = text.split("\n")
    i = 0
    offsets = []
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    while i < len(lines):
        head = _header(lines[i]) if lines[i].count("|") >= 2 or _ROW_SPLIT.search(lines[i]) else None
        if head is None:
            i += 1
            continue
        cells, kinds = head
        if headers is not None:
            headers.append((offsets[i], offsets[i] + len(lines[i])))
        starts = None if "|" in lines[i] else [c[0] for c in cells]
        j = i + 1
        while j < len(lines) and lines[j].strip():
            line = lines[j]
            if _SEPARATOR_ROW.match(line):
                j += 1
                continue
            row = _cells(line, starts if "|" not in line else None)
            if len(row) != len(kinds):
                break
            first = row[0][1]
            for (start, cell), kind in zip(row[1:], kinds[1:]):
                if kind == "level" or not cell.strip():
                    continue
                levels = level_of(first, kind or "disc_bulge")
                if not levels:
                    continue
                lead = len(cell) - len(cell.lstrip())
                a = offsets[j] + start + lead
                out.append((kind, levels, a, a + len(cell.strip()), cell.strip()))
            j += 1
        i = j
    return out


def table_findings(cells, severity_of):
    """Findings of the typed cells among ``cells`` (from :func:`table_cells`): dicts with type, level, side, severity,
    assertion, start, end, text; a facets cell that names effusions gives a facet effusion too."""
    out = []
    for kind, levels, start, end, cell in cells:
        if kind is None:
            continue
        items = read_cell(cell, severity_of)
        for level in levels:
            for side, severity, assertion in items:
                out.append({"type": kind, "level": level, "side": side, "severity": severity, "assertion": assertion,
                            "start": start, "end": end, "text": cell})
            if kind == "facet_arthropathy" and _EFFUSION.search(cell) and items:
                out.append({"type": "facet_effusion", "level": level, "side": None, "severity": None,
                            "assertion": "present", "start": start, "end": end, "text": cell})
    return out
