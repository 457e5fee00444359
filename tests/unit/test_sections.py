"""lsmri_sections: radiology sections; findings only in history / comparison are historical."""

import pytest


@pytest.mark.parametrize(
    "text, ftype, section, assertion",
    [
        ("CLINICAL HISTORY: Prior L5-S1 disc herniation.\n\nFINDINGS: Normal alignment.", "disc_herniation",
         "history", "historical"),
        ("HISTORY: Low back pain. Known L4-5 disc herniation.\n\nFINDINGS: Mild disc bulge at L3-4.",
         "disc_herniation", "history", "historical"),
        ("HISTORY: Low back pain. Known L4-5 disc herniation.\n\nFINDINGS: Mild disc bulge at L3-4.",
         "disc_bulge", "findings", "present"),
        ("INDICATION: Spinal stenosis.\n\nFINDINGS: Mild disc bulge at L3-4.", "central_canal_stenosis",
         "history", "historical"),
        ("COMPARISON: MRI 2019 which showed a disc extrusion at L5-S1.\n\nFINDINGS: Disc bulge at L4-5.",
         "disc_extrusion", "comparison", "historical"),
        ("CLINICAL HISTORY: Back pain. Evaluate for stenosis.\nFINDINGS: Mild foraminal stenosis at L4-5.",
         "foraminal_stenosis", "findings", "present"),
        ("FINDINGS:\nMild disc bulge at L4-5.\n\nIMPRESSION:\nMild disc bulge at L4-5.", "disc_bulge",
         "impression", "present"),
        ("TECHNIQUE: Sagittal T1 and T2 images.\n\nFINDINGS:\nGrade 1 anterolisthesis of L4 on L5.",
         "spondylolisthesis", "findings", "present"),
        ("REASON FOR EXAM: Left lower extremity muscle spasm.\n\nCOMPARISONS: None.\n\nFINDINGS: Disc bulge at L4-5.",
         "disc_bulge", "findings", "present"),
        ("Impression:\n1. Small left paracentral disc protrusion at L5-S1.", "disc_protrusion", "impression", "present"),
    ],
    ids=["clinical-history", "history-known", "findings-after-history", "indication", "comparison",
         "history-then-findings-no-blank", "impression", "technique-then-findings", "mtsamples-headers",
         "impression-numbered"],
)
def test_section_and_assertion(expect_finding, text, ftype, section, assertion):
    expect_finding(text, ftype, section=section, assertion=assertion)


def test_history_text_collected(pipeline):
    doc = pipeline("CLINICAL HISTORY: Left leg pain.\n\nFINDINGS: Disc bulge at L4-5.")
    assert "Left leg pain" in (doc._.history_text or "")


def test_section_categories(pipeline):
    doc = pipeline("HISTORY: pain.\n\nCOMPARISON: none.\n\nTECHNIQUE: MRI.\n\nFINDINGS: bulge.\n\nIMPRESSION: bulge.")
    cats = [s.category for s in doc._.sections if s.category]
    assert cats == ["history", "comparison", "technique", "findings", "impression"]


def test_no_sections_is_fine(findings_of):
    (f,) = findings_of("Mild disc bulge at L4-5.")
    assert f.section is None and f.assertion == "present"


# an operative note: its diagnoses are findings; the procedure it performs and the narrative of it are not
OPERATIVE_NOTE = (
    "PREOPERATIVE DIAGNOSIS:  Herniated nucleus pulposus, L4-L5 on the left.\n\n"
    "PROCEDURE PERFORMED:  Left L4-L5 hemilaminotomy and microdiscectomy.\n\n"
    "DESCRIPTION OF PROCEDURE:  The lamina of L4 was exposed and a laminotomy was performed. A large extruded "
    "fragment was removed and the nerve root was decompressed.\n")


def test_operative_note_diagnosis_is_a_finding(findings_of):
    fs = findings_of(OPERATIVE_NOTE)
    assert ("disc_herniation", "L4-L5", "present") in {(f.type, f.level, f.assertion) for f in fs}


def test_operative_note_procedure_and_narrative_are_no_findings(findings_of):
    types = {f.type for f in findings_of(OPERATIVE_NOTE)}
    assert "postoperative_change" not in types
    assert "disc_extrusion" not in types


def test_planned_surgery_in_plan_section_is_no_finding(findings_of):
    fs = findings_of("ASSESSMENT:  L4-5 disc extrusion.\nPLAN:  L4-5 microdiscectomy and fusion.")
    assert {(f.type, f.assertion) for f in fs} == {("disc_extrusion", "present")}


def test_differential_list_ends_at_a_blank_line(findings_of):
    fs = findings_of("Differential diagnosis:\n1. Multiple myeloma\n2. Lymphoma\n\nBone marrow biopsy confirmed plasma cell myeloma.")
    assert [f.assertion for f in fs if f.type == "neoplasm"] == ["possible", "possible", "present"]


def test_a_line_of_images_that_reports_opens_the_findings(pipeline):
    text = ("LUMBAR SPINE MRI\nHISTORY: Low back pain with left leg numbness.\nSagittal and axial T1 and T2 weighted "
            "images of the lumbar spine demonstrate a herniated disc at the L4-L5 level, left paracentral in location.")
    found = [(f.type, f.level, f.assertion) for f in pipeline(text)._.findings]
    assert ("disc_herniation", "L4-L5", "present") in found
