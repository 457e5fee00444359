"""The evidence loader: the tables in models/ load, hold the published values, and bad tables fail clearly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nlp.evidence import EvidenceError, load_evidence, read_evidence
from nlp.model import FINDING_TYPES
from nlp.resources import model_path


@pytest.fixture
def models(tmp_path: Path) -> Path:
    """A private copy of models/ to break."""
    target = tmp_path / "models"
    shutil.copytree(model_path(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_evidence_loads_and_is_cached():
    ev = load_evidence()
    assert ev is load_evidence()
    assert set(ev.versions) == {"sources", "prevalence_age", "odds_ratios", "point_prevalence",
                                "likelihood_ratios", "classifier"}
    assert set(ev.config.findings) == set(FINDING_TYPES)


@pytest.mark.parametrize("key, age, pct, n", [
    ("disc_bulge", 50, 60, 123), ("disc_degeneration", 20, 37, 273), ("disc_signal_loss", 80, 97, 14),
    ("facet_degeneration", 40, 18, 596), ("spondylolisthesis", 80, 50, 14), ("annular_fissure", 30, 20, 350),
])
def test_evidence_brinjikji_2015a_values(key, age, pct, n):
    row = next(r for r in load_evidence().age_table[key] if r.age == age)
    assert (row.prevalence_pct, row.n_patients, row.citation) == (pct, n, "Brinjikji 2015a")


def test_evidence_extrapolated_cells_are_flagged():
    ev = load_evidence()
    flagged = sorted((r.finding, r.age) for rows in ev.age_table.values() for r in rows if r.extrapolated)
    assert flagged == [("facet_degeneration", 20), ("facet_degeneration", 30),
                       ("spondylolisthesis", 20), ("spondylolisthesis", 30)]


@pytest.mark.parametrize("key, value, lo, hi, significant", [
    ("disc_bulge", 7.54, 1.28, 44.56, True), ("disc_extrusion", 4.38, 1.98, 9.68, True),
    ("modic_1", 4.01, 1.10, 14.55, True), ("annular_fissure", 1.79, 0.97, 3.31, False),
    ("central_canal_stenosis", 20.58, 0.05, 798.77, False),
])
def test_evidence_brinjikji_2015b_odds_ratios(key, value, lo, hi, significant):
    row = load_evidence().odds_ratios[key]
    assert (row.odds_ratio, row.ci_low, row.ci_high, row.significant) == (value, lo, hi, significant)


def test_evidence_mem_values_are_marked():
    ev = load_evidence()
    mem = {r.id for rows in ev.point.values() for r in rows if r.confidence == "MEM"}
    assert {"hiz_carragee2000", "modic_1_background", "hemangioma_background"} <= mem
    assert not any(r.used for rows in ev.point.values() for r in rows if r.confidence == "MEM")


def test_evidence_rule_table_lists_every_rule():
    ids = set(load_evidence().rules)
    expected = {f"R{i}" for i in range(25)} | {"R2a", "R6a", "R7a", "R11a", "R11b", "R12a", "R15a", "R17a",
                                                "R18a", "R19a", "G1", "G2", "X"}
    assert expected <= ids


def test_evidence_copy_of_models_validates(models):
    assert read_evidence(models).versions["classifier"] == 1


@pytest.mark.parametrize("file, old, new, message", [
    ("evidence/odds_ratios.csv", "disc_bulge,Disc bulge,7.54", "disc_bulge,Disc bulge,75.4", "outside its CI"),
    ("evidence/odds_ratios.csv", "Brinjikji 2015b,ABS,very wide CI", "Brinjikji 2051b,ABS,very wide CI",
     "not in sources.csv"),
    ("evidence/prevalence_age.csv", "disc_bulge_50,disc_bulge,50,60,", "disc_bulge_50,disc_bulge,50,160,",
     "less than or equal to 100"),
    ("evidence/prevalence_age.csv", "disc_bulge_50,disc_bulge,50,", "disc_bulge_50,disc_bulge,55,",
     "age must be one of"),
    ("evidence/prevalence_age.csv", "facet_degeneration_20,facet_degeneration,20,4,0,0,true",
     "facet_degeneration_20,facet_degeneration,20,4,0,0,false", "extrapolated must be true"),
    ("evidence/prevalence_age.csv", "# table: prevalence_age", "# tabel: prevalence_age", "first line"),
    ("evidence/point_prevalence.csv", "tarlov_klepinowski2021,tarlov_klepinowski2021,tarlov_cyst,p_incidental,",
     "tarlov_klepinowski2021,tarlov_klepinowski2021,tarlov_cyst,odds,", "statistic"),
    ("evidence/sources.csv", "key,reference,identifier,confidence", "key,reference,identifier,confidence,extra",
     "Extra inputs are not permitted"),
])
def test_evidence_bad_csv_raises_clear_error(models, file, old, new, message):
    _edit(models / file, old, new)
    with pytest.raises(EvidenceError, match=message):
        read_evidence(models)


def _first_matcher(data, rule):
    return next(m for m in data["matchers"] if m["rule"] == rule)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(colour="red"), "Extra inputs are not permitted"),
    (lambda d: _first_matcher(d, "R1").update(rule="R99"), "not in the rule table"),
    (lambda d: _first_matcher(d, "R1").update(label="benign"), "label"),
    (lambda d: _first_matcher(d, "R1").update(rationale="Bulges in {pct} of {patients}."),
     "unknown rationale placeholders"),
    (lambda d: _first_matcher(d, "R1").update(types=["disc_bulging"]), "unknown finding types"),
    (lambda d: d["findings"].pop("disc_bulge"), "missing \\['disc_bulge'\\]"),
    (lambda d: d["findings"]["disc_bulge"]["odds_ratio"][0].update(key="nope"), "no odds ratio 'nope'"),
    (lambda d: d.update(matchers=[m for m in d["matchers"] if m["rule"] != "R21"]),
     "without an unconditional matcher: \\['tarlov_cyst'\\]"),
    (lambda d: d["rules"][0]["sources"].append("Nobody 1999"), "not in sources.csv"),
    (lambda d: d.update(severity_order=["mild", "severe"]), "severity_order"),
])
def test_evidence_bad_classifier_json_raises_clear_error(models, change, message):
    _edit_json(models / "classifier.json", change)
    with pytest.raises(EvidenceError, match=message):
        read_evidence(models)


def test_evidence_missing_table_raises(models):
    (models / "evidence" / "odds_ratios.csv").unlink()
    with pytest.raises(EvidenceError, match="missing"):
        read_evidence(models)


def test_evidence_invalid_json_raises(models):
    (models / "classifier.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(EvidenceError, match="invalid JSON"):
        read_evidence(models)
