"""Per-level tables of structured reports: cells that hold only a grade, a side or an absence."""

import pytest

from nlp.components.tables import read_cell

SPACE_TABLE = (
    "FINDINGS:\n"
    "Grade 1 anterolisthesis of L4 on L5.\n\n"
    "LEVEL    DISC                     CENTRAL CANAL        FORAMINA                 FACETS\n"
    "L3-L4    bulge                    mild                 mild bilateral           moderate hypertrophy\n"
    "L4-L5    uncovered disc, bulge    severe               R severe / L mild        severe arthropathy, effusions\n"
    "L5-S1    desiccated, no bulge     normal               normal                   mild arthropathy\n")

PIPE_TABLE = (
    "FINDINGS:\n"
    "| Level | Disc | Canal | Foramina | Comment |\n"
    "|---|---|---|---|---|\n"
    "| L1-L2 | unremarkable | no stenosis | no stenosis | |\n"
    "| L2-L3 | bulge, loss of height | mild | R mild / L mild | |\n"
    "| L4-L5 | bulge | severe | R severe / L moderate | facet hypertrophy |\n")

CHECKLIST = (
    "Indication: 50-year-old with chronic axial back pain.\n"
    "Level   Bulge   Protrusion      Canal stenosis   Foraminal stenosis   Facet arthropathy\n"
    "L3-4    yes     no              mild             no                   mild\n"
    "L4-5    yes     yes (central)   moderate         bilateral mild       moderate\n")


def found(findings_of, text):
    return {(f.type, f.level, f.side, f.severity, f.assertion) for f in findings_of(text)}


@pytest.mark.parametrize("want", [
    ("central_canal_stenosis", "L3-L4", None, "mild", "present"),
    ("foraminal_stenosis", "L3-L4", "bilateral", "mild", "present"),
    ("facet_arthropathy", "L3-L4", None, "moderate", "present"),
    ("foraminal_stenosis", "L4-L5", "right", "severe", "present"),
    ("foraminal_stenosis", "L4-L5", "left", "mild", "present"),
    ("facet_effusion", "L4-L5", None, None, "present"),
    ("central_canal_stenosis", "L5-S1", None, None, "absent"),
    ("disc_bulge", "L3-L4", None, None, "present"),
])
def test_space_aligned_table(findings_of, want):
    assert want in found(findings_of, SPACE_TABLE)


def test_free_text_cell_keeps_its_own_side_and_grade(findings_of):
    # "bulge" in the Disc column must not take "mild bilateral" from the Foramina column
    got = found(findings_of, SPACE_TABLE)
    assert ("disc_bulge", "L3-L4", None, None, "present") in got
    assert not any(g[0] == "disc_bulge" and g[1] == "L3-L4" and g[2] == "bilateral" for g in got)


@pytest.mark.parametrize("want", [
    ("central_canal_stenosis", "L2-L3", None, "mild", "present"),
    ("foraminal_stenosis", "L2-L3", "right", "mild", "present"),
    ("foraminal_stenosis", "L4-L5", "left", "moderate", "present"),
    ("disc_bulge", "L2-L3", None, None, "present"),  # "no stenosis" of the row above does not negate it
    ("facet_arthropathy", "L4-L5", None, None, "present"),
])
def test_pipe_table(findings_of, want):
    assert want in found(findings_of, PIPE_TABLE)


def test_checklist_table_under_an_indication_line_is_findings(findings_of):
    fs = findings_of(CHECKLIST)
    got = {(f.type, f.level, f.side, f.severity, f.assertion) for f in fs}
    assert ("disc_protrusion", "L4-L5", None, None, "present") in got
    assert ("disc_protrusion", "L3-L4", None, None, "absent") in got
    assert ("foraminal_stenosis", "L4-L5", "bilateral", "mild", "present") in got
    assert not any(f.assertion == "historical" for f in fs)  # the column titles are no findings


@pytest.mark.parametrize("cell, items", [
    ("mild", [(None, "mild", "present")]),
    ("no", [(None, None, "absent")]),
    ("patent", [(None, None, "absent")]),
    ("yes", [(None, None, "present")]),
    ("R severe / L mild", [("right", "severe", "present"), ("left", "mild", "present")]),
    ("mild R, none L", [("right", "mild", "present"), ("left", None, "absent")]),
    ("", []),
])
def test_read_cell(cell, items):
    severities = {"mild": "mild", "severe": "severe", "moderate": "moderate"}

    def severity_of(words):
        return next((v for k, v in severities.items() if k in words.lower()), None)

    assert read_cell(cell, severity_of) == items
