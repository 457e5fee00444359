"""Cohort summary: counts, Brinjikji reference, files written."""

from __future__ import annotations

import csv
import json
import math

import pytest

from nlp import summarize as S


def _record(rid, age, findings, category="no_clinical_information", errors=()):
    return {
        "id": rid,
        "age": age,
        "sex": None,
        "findings": findings,
        "symptoms": {},
        "concordance": {"score": None, "category": category, "explained_by": []},
        "red_flags": [],
        "errors": list(errors),
    }


def _f(type_, level="L4-L5", assertion="present", label="incidental"):
    return {
        "type": type_,
        "level": level,
        "assertion": assertion,
        "label": label if assertion in ("present", "possible") else None,
    }


@pytest.fixture
def results(tmp_path):
    records = [
        _record(
            "a",
            25,
            [_f("disc_bulge"), _f("disc_bulge", "L5-S1"), _f("central_canal_stenosis", assertion="absent")],
        ),
        _record("b", 27, [_f("disc_protrusion", label="symptomatic")], category="concordant"),
        _record("c", 55, [_f("disc_bulge", label="indeterminate"), _f("facet_arthropathy", "L4-L5")]),
        _record("d", None, [_f("disc_extrusion", label="urgent")]),
        _record("e", 40, [], errors=["E001: no report text"]),
    ]
    path = tmp_path / "results.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


@pytest.mark.parametrize(
    ("age", "dec"),
    [(None, None), (12, "<20"), (20, "20-29"), (29.6, "20-29"), (79, "70-79"), (80, "80+"), (101, "80+")],
)
def test_summarize_decade(age, dec):
    assert S.decade(age) == dec


def test_summarize_wilson_interval():
    lo, hi = S.wilson(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-3) and hi == pytest.approx(0.7634, abs=1e-3)
    assert all(math.isnan(x) for x in S.wilson(0, 0))


def test_summarize_counts(results):
    counts = S.gather(results)
    assert (counts.reports, counts.analysed, counts.with_errors) == (5, 4, 1)
    assert counts.ages == {"20-29": 2, "50-59": 1}
    assert counts.type_by_decade[("disc_bulge", "20-29")] == 1  # per report, not per level
    assert counts.labels[("disc_bulge", "incidental")] == 2
    assert counts.concordance["concordant"] == 1
    assert counts.red_flag_reports == 1
    assert ("central_canal_stenosis", None) not in counts.labels  # absent findings are not counted


def test_summarize_brinjikji_reference_has_eight_curves():
    table = S.brinjikji_table()
    assert set(S.BRINJIKJI_TYPES) <= set(table)
    bulge = {p["age"]: p["pct"] for p in table["disc_bulge"]}
    assert bulge[20] == 30 and bulge[80] == 84
    assert S._interp(table["disc_bulge"], 25) == pytest.approx(35)


def test_summarize_writes_html_and_csv(results, tmp_path):
    # Act
    paths = S.summarize(results, tmp_path / "out")

    # Assert
    html = paths["html"].read_text()
    assert html.count("data:image/png;base64,") == 4
    assert "http://" not in html and "https://" not in html  # self-contained
    assert "never means that the pain is not real" in html
    rows = list(csv.DictReader(open(paths["prevalence_by_decade"])))
    bulge_20s = next(r for r in rows if r["finding"] == "disc_bulge" and r["decade"] == "20-29")
    assert (bulge_20s["n_reports"], bulge_20s["n_with_finding"], bulge_20s["prevalence_pct"]) == (
        "2",
        "1",
        "50.0",
    )
    assert bulge_20s["brinjikji_2015a_asymptomatic_pct"] == "35.0"
    levels = list(csv.DictReader(open(paths["levels"])))
    assert {"level": "L5-S1", "finding": "disc_bulge", "label": "incidental", "count": "1"} in levels


def test_summarize_empty_file(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    with pytest.raises(ValueError, match="no records"):
        S.summarize(path, tmp_path / "out")
