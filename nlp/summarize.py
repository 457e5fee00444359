"""A first picture of a cohort from a batch output: ``lumbar-nlp summarize RESULTS``.

Writes, into one folder, a self-contained ``summary.html`` (plots embedded as PNG) and CSV tables:

* ``prevalence_by_decade.csv``: share of reports (with an age, analysed without error) that state each
  finding as present or possible, by age decade, with a Wilson 95% interval, next to the Brinjikji 2015a
  prevalence in people *without* back pain at the decade's midpoint (linear between the published ages);
* ``labels.csv``: label counts per finding type (present/possible findings);
* ``concordance.csv``: report-level concordance categories;
* ``levels.csv``: present/possible findings per level, type and label.

The reading is streamed, so the size of the cohort does not matter; only counts are kept.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import math
from collections import Counter
from pathlib import Path
from typing import Any

from nlp import io as nio

DECADES = ("<20", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80+")
MIDPOINTS = {"20-29": 25, "30-39": 35, "40-49": 45, "50-59": 55, "60-69": 65, "70-79": 75, "80+": 85}
LABELS = ("urgent", "symptomatic", "indeterminate", "incidental", None)
LABEL_COLOURS = {
    "urgent": "#d32f2f",
    "symptomatic": "#ef8a00",
    "indeterminate": "#d4b800",
    "incidental": "#3c9a44",
    None: "#8fb3e8",
}
LEVEL_ORDER = ("T11-T12", "T12-L1", "L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1")

#: Brinjikji 2015a table keys -> the finding types counted for them in the cohort.
BRINJIKJI_TYPES = {
    "disc_degeneration": ("disc_degeneration",),
    "disc_signal_loss": ("disc_desiccation",),
    "disc_height_loss": ("disc_height_loss",),
    "disc_bulge": ("disc_bulge",),
    "disc_protrusion": ("disc_protrusion",),
    "annular_fissure": ("annular_fissure",),
    "facet_degeneration": ("facet_arthropathy",),
    "spondylolisthesis": ("spondylolisthesis",),
}
BRINJIKJI_TITLES = {
    "disc_degeneration": "Disc degeneration",
    "disc_signal_loss": "Disc signal loss (desiccation)",
    "disc_height_loss": "Disc height loss",
    "disc_bulge": "Disc bulge",
    "disc_protrusion": "Disc protrusion",
    "annular_fissure": "Annular fissure",
    "facet_degeneration": "Facet degeneration",
    "spondylolisthesis": "Spondylolisthesis",
}
BRINJIKJI_CITATION = (
    "Brinjikji W et al. Systematic literature review of imaging features of spinal degeneration "
    "in asymptomatic populations. AJNR Am J Neuroradiol 2015;36(4):811-816. "
    "doi:10.3174/ajnr.A4173"
)
# Fallback copy of the Brinjikji 2015a table (prevalence %, ages 20..80; evidence.md section 3), used only
# when the project's evidence tables (models/evidence/prevalence_age.csv) cannot be loaded.
_BRINJIKJI_FALLBACK = {
    "disc_degeneration": (37, 52, 68, 80, 88, 93, 96),
    "disc_signal_loss": (17, 33, 54, 73, 86, 94, 97),
    "disc_height_loss": (24, 34, 45, 56, 67, 76, 84),
    "disc_bulge": (30, 40, 50, 60, 69, 77, 84),
    "disc_protrusion": (29, 31, 33, 36, 38, 40, 43),
    "annular_fissure": (19, 20, 22, 23, 25, 27, 29),
    "facet_degeneration": (4, 9, 18, 32, 50, 69, 83),
    "spondylolisthesis": (3, 5, 8, 14, 23, 35, 50),
}
_AGES = (20, 30, 40, 50, 60, 70, 80)


def brinjikji_table() -> dict[str, list[dict[str, Any]]]:
    """``key -> [{age, pct, sparse, extrapolated}]`` from ``models/`` (fallback: the copy above)."""
    try:
        from nlp.evidence import load_evidence

        table = load_evidence().age_table
        out = {
            key: [
                {"age": r.age, "pct": r.prevalence_pct, "sparse": r.sparse, "extrapolated": r.extrapolated}
                for r in sorted(rows, key=lambda r: r.age)
            ]
            for key, rows in table.items()
        }
        if set(BRINJIKJI_TYPES) <= set(out):
            return out
    except Exception:  # the evidence tables are optional here
        pass
    return {
        key: [{"age": a, "pct": p, "sparse": a >= 70, "extrapolated": False} for a, p in zip(_AGES, vals)]
        for key, vals in _BRINJIKJI_FALLBACK.items()
    }


def _interp(points: list[dict], age: float) -> float | None:
    xs = [p["age"] for p in points]
    if not xs or age < xs[0] or age > xs[-1]:
        return None
    for a, b in zip(points, points[1:]):
        if a["age"] <= age <= b["age"]:
            t = (age - a["age"]) / (b["age"] - a["age"])
            return a["pct"] + t * (b["pct"] - a["pct"])
    return points[-1]["pct"]


def decade(age: Any) -> str | None:
    if age is None or (isinstance(age, float) and math.isnan(age)):
        return None
    age = int(age)
    if age < 20:
        return "<20"
    if age >= 80:
        return "80+"
    return f"{age // 10 * 10}-{age // 10 * 10 + 9}"


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


class CohortCounts:
    """Counts gathered in one pass over the records."""

    def __init__(self) -> None:
        self.reports = 0
        self.with_errors = 0
        self.analysed = 0
        self.ages = Counter()  # decade -> analysed reports with that age
        self.type_by_decade = Counter()  # (type, decade) -> reports affirming the type
        self.type_reports = Counter()  # type -> reports affirming it (any age)
        self.labels = Counter()  # (type, label) -> findings
        self.assertions = Counter()
        self.concordance = Counter()
        self.levels = Counter()  # (level, type, label) -> findings
        self.red_flag_reports = 0

    def add(self, record: dict[str, Any]) -> None:
        self.reports += 1
        findings = record.get("findings") or []
        if record.get("errors"):
            self.with_errors += 1
        if not findings and record.get("errors"):
            return  # not analysed: excluded from the denominators
        self.analysed += 1
        dec = decade(record.get("age"))
        if dec:
            self.ages[dec] += 1
        affirmed = set()
        for f in findings:
            self.assertions[f.get("assertion")] += 1
            if f.get("assertion") not in ("present", "possible"):
                continue
            affirmed.add(f.get("type"))
            self.labels[(f.get("type"), f.get("label"))] += 1
            self.levels[(f.get("level"), f.get("type"), f.get("label"))] += 1
        for t in affirmed:
            self.type_reports[t] += 1
            if dec:
                self.type_by_decade[(t, dec)] += 1
        self.concordance[(record.get("concordance") or {}).get("category") or "missing"] += 1
        if record.get("red_flags") or any(f.get("label") == "urgent" for f in findings):
            self.red_flag_reports += 1


def gather(results_path: str | Path) -> CohortCounts:
    counts = CohortCounts()
    for record in nio.iter_results(results_path):
        counts.add(record)
    return counts


def prevalence_rows(counts: CohortCounts, reference: dict[str, list[dict]]) -> list[dict[str, Any]]:
    rows = []
    types = sorted({t for t, _ in counts.type_by_decade} | {t for v in BRINJIKJI_TYPES.values() for t in v})
    ref_of = {t: key for key, ts in BRINJIKJI_TYPES.items() for t in ts}
    for t in types:
        for dec in DECADES:
            n = counts.ages.get(dec, 0)
            k = counts.type_by_decade.get((t, dec), 0)
            lo, hi = wilson(k, n)
            ref = None
            if t in ref_of and dec in MIDPOINTS:
                ref = _interp(reference.get(ref_of[t], []), MIDPOINTS[dec])
            rows.append(
                {
                    "finding": t,
                    "decade": dec,
                    "n_reports": n,
                    "n_with_finding": k,
                    "prevalence_pct": round(100 * k / n, 1) if n else None,
                    "ci95_low_pct": round(100 * lo, 1) if n else None,
                    "ci95_high_pct": round(100 * hi, 1) if n else None,
                    "brinjikji_2015a_asymptomatic_pct": None if ref is None else round(ref, 1),
                }
            )
    return rows


def _write_csv(path: Path, rows: list[dict], fields: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _plots(counts: CohortCounts, prev: list[dict], reference: dict) -> dict[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    images: dict[str, str] = {}
    # 1. Prevalence by decade vs Brinjikji
    keys = list(BRINJIKJI_TYPES)
    fig, axes = plt.subplots(2, 4, figsize=(15, 7), sharex=True, sharey=True)
    by = {(r["finding"], r["decade"]): r for r in prev}
    for ax, key in zip(axes.flat, keys):
        pts = reference.get(key, [])
        ax.plot(
            [p["age"] for p in pts],
            [p["pct"] for p in pts],
            "--",
            color="#555",
            lw=1.5,
            label="Brinjikji 2015a (no back pain)",
        )
        for p in pts:
            hollow = p.get("sparse") or p.get("extrapolated")
            ax.plot(p["age"], p["pct"], "o", ms=4, color="#555", mfc="white" if hollow else "#555")
        t = BRINJIKJI_TYPES[key][0]
        xs, ys, lo, hi, ns = [], [], [], [], []
        for dec, mid in MIDPOINTS.items():
            r = by.get((t, dec))
            if r and r["n_reports"]:
                xs.append(mid)
                ys.append(r["prevalence_pct"])
                lo.append(r["prevalence_pct"] - r["ci95_low_pct"])
                hi.append(r["ci95_high_pct"] - r["prevalence_pct"])
                ns.append(r["n_reports"])
        if xs:
            ax.errorbar(
                xs,
                ys,
                yerr=[lo, hi],
                fmt="o-",
                color="#2f6fe4",
                lw=2,
                ms=5,
                capsize=3,
                label="this cohort (95% CI)",
            )
        ax.set_title(BRINJIKJI_TITLES[key], fontsize=10)
        ax.set_ylim(0, 100)
        ax.set_xlim(15, 90)
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("age (years)")
    for ax in axes[:, 0]:
        ax.set_ylabel("reports with finding (%)")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    if not any("cohort" in lab for lab in labels):
        for ax in axes.flat:
            h, lab = ax.get_legend_handles_labels()
            if any("cohort" in x for x in lab):
                handles, labels = h, lab
                break
    fig.subplots_adjust(top=0.86)
    fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.9), ncol=2, frameon=False)
    fig.suptitle("Prevalence by age: this cohort vs. people without back pain", y=0.97, fontsize=12)
    images["prevalence"] = _png(fig)

    # 2. Labels per finding type (top 15)
    per_type = Counter()
    for (t, _), n in counts.labels.items():
        per_type[t] += n
    top = [t for t, _ in per_type.most_common(15)][::-1]
    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.38 * len(top) + 1)))
    left = [0] * len(top)
    for label in LABELS:
        vals = [counts.labels.get((t, label), 0) for t in top]
        ax.barh(top, vals, left=left, color=LABEL_COLOURS[label], label=label or "no label")
        left = [a + b for a, b in zip(left, vals)]
    ax.set_xlabel("present or possible findings")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Labels by finding type")
    images["labels"] = _png(fig)

    # 3. Concordance
    cats = ["concordant", "partially_concordant", "indeterminate", "discordant", "no_clinical_information"]
    cats += [c for c in counts.concordance if c not in cats]
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.barh(cats[::-1], [counts.concordance.get(c, 0) for c in cats[::-1]], color="#6a8fd0")
    ax.set_xlabel("reports")
    ax.set_title("Concordance of imaging with symptoms")
    images["concordance"] = _png(fig)

    # 4. Levels
    levels = [lv for lv in LEVEL_ORDER if any(k[0] == lv for k in counts.levels)]
    others = sorted({k[0] or "none" for k in counts.levels} - set(levels), key=str)
    order = levels + others
    fig, ax = plt.subplots(figsize=(9, 3.5))
    bottom = [0] * len(order)
    for label in LABELS:
        vals = [
            sum(n for (lv, _, lab), n in counts.levels.items() if (lv or "none") == o and lab == label)
            for o in order
        ]
        ax.bar(order, vals, bottom=bottom, color=LABEL_COLOURS[label], label=label or "no label")
        bottom = [a + b for a, b in zip(bottom, vals)]
    ax.set_ylabel("present or possible findings")
    ax.set_title("Findings per level")
    ax.tick_params(axis="x", rotation=45)
    ax.legend(fontsize=8)
    images["levels"] = _png(fig)
    return images


def _table(rows: list[dict], fields: list[str], limit: int = 60) -> str:
    head = "".join(f"<th>{html.escape(f)}</th>" for f in fields)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if r.get(f) is None else str(r.get(f)))}</td>" for f in fields)
        + "</tr>"
        for r in rows[:limit]
    )
    more = f"<p class=more>{len(rows) - limit} more rows in the CSV.</p>" if len(rows) > limit else ""
    return f"<table><tr>{head}</tr>{body}</table>{more}"


def summarize(results_path: str | Path, out_dir: str | Path) -> dict[str, Path]:
    """Write ``summary.html`` and the CSV tables for a batch output; returns their paths."""
    results_path, out_dir = Path(results_path), Path(out_dir)
    counts = gather(results_path)
    if counts.reports == 0:
        raise ValueError(f"{results_path.name} holds no records")
    out_dir.mkdir(parents=True, exist_ok=True)
    reference = brinjikji_table()
    prev = prevalence_rows(counts, reference)
    label_rows = [
        {"finding": t, "label": lab or "", "count": n}
        for (t, lab), n in sorted(counts.labels.items(), key=lambda kv: (-kv[1], kv[0][0], str(kv[0][1])))
    ]
    conc_rows = [{"category": c, "count": n} for c, n in counts.concordance.most_common()]
    level_rows = [
        {"level": lv or "", "finding": t, "label": lab or "", "count": n}
        for (lv, t, lab), n in sorted(counts.levels.items(), key=lambda kv: (str(kv[0][0]), -kv[1], kv[0][1]))
    ]
    paths = {
        "prevalence_by_decade": out_dir / "prevalence_by_decade.csv",
        "labels": out_dir / "labels.csv",
        "concordance": out_dir / "concordance.csv",
        "levels": out_dir / "levels.csv",
    }
    _write_csv(paths["prevalence_by_decade"], prev, list(prev[0]) if prev else ["finding"])
    _write_csv(paths["labels"], label_rows, ["finding", "label", "count"])
    _write_csv(paths["concordance"], conc_rows, ["category", "count"])
    _write_csv(paths["levels"], level_rows, ["level", "finding", "label", "count"])
    images = _plots(counts, prev, reference)

    import nlp

    brj = [r for r in prev if r["brinjikji_2015a_asymptomatic_pct"] is not None and r["n_reports"]]
    decades_txt = ", ".join(f"{d}: {counts.ages.get(d, 0)}" for d in DECADES)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lumbar-nlp cohort summary: {html.escape(results_path.name)}</title>
<style>
body {{ font-family: system-ui, "DejaVu Sans", Arial, sans-serif; margin: 24px auto; max-width: 1180px; color: #1c1f24; padding: 0 16px; }}
h1 {{ font-size: 22px; }} h2 {{ font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }}
img {{ max-width: 100%; }} table {{ border-collapse: collapse; font-size: 12px; margin: 8px 0; }}
td, th {{ border: 1px solid #ddd; padding: 2px 6px; text-align: left; }} th {{ background: #f2f4f7; }}
.note {{ background: #f6f8fb; border-left: 4px solid #6a8fd0; padding: 8px 12px; font-size: 14px; }}
.kpi span {{ display: inline-block; margin-right: 18px; }} .more {{ font-size: 12px; color: #666; }}
</style></head><body>
<h1>Cohort summary: {html.escape(results_path.name)}</h1>
<p class="kpi"><span><b>{counts.reports}</b> reports</span><span><b>{counts.analysed}</b> analysed</span>
<span><b>{counts.with_errors}</b> with errors</span><span><b>{sum(counts.ages.values())}</b> with an age</span>
<span><b>{counts.red_flag_reports}</b> with a red flag or urgent finding</span></p>
<p>Analysed reports by age decade: {html.escape(decades_txt)}. lumbar-nlp {html.escape(nlp.__version__)}.</p>

<h2>Prevalence of findings by age, against people without back pain</h2>
<p class="note">Dashed line: prevalence in people <b>without</b> back pain (Brinjikji 2015a; hollow points rest on
few subjects or are extrapolated). Blue: share of this cohort's reports that state the finding as present or
possible, with 95% Wilson intervals, by decade (plotted at the decade's midpoint). A cohort scanned for symptoms is
expected to sit above the dashed line; where it does not, the findings are as common as in people without pain.
Report wording and reporting habits also move these numbers: a finding not mentioned is counted as absent.</p>
<img alt="prevalence by age decade" src="data:image/png;base64,{images["prevalence"]}">
<p>Reference: {html.escape(BRINJIKJI_CITATION)}. Mapping: disc signal loss = <code>disc_desiccation</code>,
facet degeneration = <code>facet_arthropathy</code>; other curves have the same name as the finding type.</p>
{_table(brj, list(prev[0]) if prev else [], limit=80)}

<h2>Labels</h2>
<img alt="labels by finding type" src="data:image/png;base64,{images["labels"]}">
{_table(label_rows, ["finding", "label", "count"], limit=40)}

<h2>Concordance with symptoms</h2>
<p class="note">A low concordance never means that the pain is not real: self-report is the gold standard of pain.
Imaging only offers, or does not offer, an explanation for it.</p>
<img alt="concordance" src="data:image/png;base64,{images["concordance"]}">
{_table(conc_rows, ["category", "count"])}

<h2>Findings per level</h2>
<img alt="findings per level" src="data:image/png;base64,{images["levels"]}">
<p>Full tables: {", ".join(f"<code>{p.name}</code>" for p in paths.values())} in this folder.</p>
</body></html>
"""
    paths["html"] = out_dir / "summary.html"
    paths["html"].write_text(page, encoding="utf-8")
    return {"html": paths.pop("html"), **paths}
