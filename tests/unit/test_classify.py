"""Incidental / symptom-related labels: one case per rule, by hand-made findings and end to end.

Each row of ``RULE_CASES`` is a report sentence in ordinary radiology phrasing, the patient's age, the
finding type to look at, the rule id and label the classifier must give, and the findings the pipeline
should read from the sentence (used for the unit test, which does not need the pipeline).
"""

from __future__ import annotations

import importlib.util

import pytest

import nlp
from nlp.classify import (
    LIRE_COMMON_EIGHT, NON_DEGENERATIVE, PCI_EIGHT, downgrade, estimate, is_pci, label_findings, rule_for,
)
from nlp.evidence import load_evidence
from nlp.model import Finding


def case(id_, sentence, age, type_, rule, label, findings, marks=()):
    return pytest.param(sentence, age, type_, rule, label, findings, id=id_, marks=marks)


F = dict  # a hand-made finding: Finding(**F(...))

RULE_CASES = [
    case("R0", "L4-5: large central disc extrusion compressing the cauda equina.", 54,
         "cauda_equina_compression", "R0", "urgent",
         [F(type="disc_extrusion", level="L4-L5", zone="central", descriptors=["large"]),
          F(type="cauda_equina_compression", level="L4-L5")]),
    case("X-infection", "Findings are consistent with L3-4 discitis and vertebral osteomyelitis.", 52,
         "infection", "X", "urgent", [F(type="infection", level="L3-L4")]),
    case("X-infection-possible", "Possible discitis at L2-3.", 74,
         "infection", "X", "indeterminate", [F(type="infection", level="L2-L3", assertion="possible")]),
    case("X-fracture-acute", "Acute compression fracture of L1 with bone marrow edema.", 70,
         "fracture", "X", "urgent",
         [F(type="fracture", level="L1", text="Acute compression fracture", descriptors=["acute"])]),
    case("X-fracture", "Chronic mild compression fracture of T12.", 77,
         "fracture", "X", "indeterminate",
         [F(type="fracture", level="T12", severity="mild", text="Chronic mild compression fracture")]),
    case("X-neoplasm-malignant", "Metastatic lesions in the L2 and L3 vertebral bodies.", 66,
         "neoplasm", "X", "urgent",
         [F(type="neoplasm", level="L2", text="Metastatic lesions"), F(type="neoplasm", level="L3", text="Metastatic lesions")]),
    case("X-neoplasm", "Large epidural lipoma at L5.", 54,
         "neoplasm", "X", "indeterminate", [F(type="neoplasm", level="L5", text="Large epidural lipoma")]),
    case("R1", "L4-5: mild disc bulge without stenosis.", 50,
         "disc_bulge", "R1", "incidental",
         [F(type="disc_bulge", level="L4-L5", severity="mild"),
          F(type="central_canal_stenosis", level="L4-L5", assertion="absent")]),
    case("P1", "L4-5: broad-based disc bulge contacting the left L5 nerve root.", 45,
         "disc_bulge", "P1", "indeterminate",
         [F(type="disc_bulge", level="L4-L5", roots_named=["L5"]),
          F(type="nerve_root_contact", level="L4-L5", side="left", roots_named=["L5"])]),
    case("R2", "L5-S1: disc desiccation with mild loss of disc height.", 65,
         "disc_desiccation", "R2", "incidental",
         [F(type="disc_desiccation", level="L5-S1"), F(type="disc_height_loss", level="L5-S1", severity="mild")]),
    case("R2a-young", "Disc desiccation at L4-L5 and L5-S1.", 24,
         "disc_desiccation", "R2a", "indeterminate",
         [F(type="disc_desiccation", level="L4-L5"), F(type="disc_desiccation", level="L5-S1")]),
    case("R2a-advanced", "Advanced degenerative disk disease at the L5-S1 level.", 45,
         "disc_degeneration", "R2a", "indeterminate",
         [F(type="disc_degeneration", level="L5-S1", severity="severe")]),
    case("R3", "L4-5: small posterior annular fissure.", 50,
         "annular_fissure", "R3", "incidental", [F(type="annular_fissure", level="L4-L5")]),
    case("R3-young", "L5-S1: posterior annular fissure.", 25,
         "annular_fissure", "R3", "indeterminate", [F(type="annular_fissure", level="L5-S1")]),
    case("R4", "L5-S1: small central disc protrusion which abuts the thecal sac.", 45,
         "disc_protrusion", "R4", "incidental",
         [F(type="disc_protrusion", level="L5-S1", zone="central"),
          F(type="thecal_sac_compression", level="L5-S1")]),
    case("R4-thecal-sac", "L4-5: broad-based disc bulge which mildly indents the thecal sac.", 60,
         "thecal_sac_compression", "R4", "incidental",
         [F(type="disc_bulge", level="L4-L5"), F(type="thecal_sac_compression", level="L4-L5", severity="mild")]),
    case("P9", "L4-5: broad-based disc protrusion causing severe compression of the thecal sac.", 60,
         "thecal_sac_compression", "P9", "indeterminate",
         [F(type="disc_protrusion", level="L4-L5"),
          F(type="thecal_sac_compression", level="L4-L5", severity="severe")]),
    case("R5", "L4-5: left paracentral disc protrusion contacting the traversing left L5 nerve root.", 45,
         "disc_protrusion", "R5", "indeterminate",
         [F(type="disc_protrusion", level="L4-L5", side="left", zone="paracentral", roots_named=["L5"]),
          F(type="nerve_root_contact", level="L4-L5", side="left", roots_named=["L5"])]),
    case("R5-contact", "L4-5: left paracentral disc protrusion contacting the traversing left L5 nerve root.", 45,
         "nerve_root_contact", "R5", "indeterminate",
         [F(type="disc_protrusion", level="L4-L5", side="left", zone="paracentral", roots_named=["L5"]),
          F(type="nerve_root_contact", level="L4-L5", side="left", roots_named=["L5"])]),
    case("R6", "L5-S1: left paracentral disc extrusion with caudal migration.", 40,
         "disc_extrusion", "R6", "symptomatic",
         [F(type="disc_extrusion", level="L5-S1", side="left", zone="paracentral", descriptors=["migrated"])]),
    case("R6-sequestration", "L4-5: sequestered disc fragment in the right lateral recess.", 38,
         "disc_sequestration", "R6", "symptomatic",
         [F(type="disc_sequestration", level="L4-L5", side="right", zone="subarticular")]),
    case("R7", "L4-5: right paracentral disc protrusion compressing the right L5 nerve root.", 48,
         "nerve_root_compression", "R7", "symptomatic",
         [F(type="disc_protrusion", level="L4-L5", side="right", zone="paracentral", roots_named=["L5"]),
          F(type="nerve_root_compression", level="L4-L5", side="right", roots_named=["L5"])]),
    case("R8", "Modic type 1 endplate changes at L4-5.", 45,
         "modic_1", "R8", "symptomatic", [F(type="modic_1", level="L4-L5")]),
    case("R9", "Modic type 2 endplate changes at L5-S1.", 55,
         "modic_2", "R9", "indeterminate", [F(type="modic_2", level="L5-S1")]),
    case("R10", "Modic type 3 endplate changes at L5-S1.", 70,
         "modic_3", "R10", "incidental", [F(type="modic_3", level="L5-S1")]),
    case("P3", "Degenerative endplate signal changes at L4-5.", 60,
         "modic_nos", "P3", "indeterminate", [F(type="modic_nos", level="L4-L5")]),
    case("R11", "Small Schmorl node at the superior endplate of L2.", 40,
         "schmorl_node", "R11", "incidental", [F(type="schmorl_node", level="L2", descriptors=["small"])]),
    case("R11a", "Schmorl node at the inferior endplate of L1 with surrounding marrow edema.", 35,
         "schmorl_node", "R11a", "indeterminate",
         [F(type="schmorl_node", level="L1", text="Schmorl node at the inferior endplate of L1 with surrounding marrow edema")]),
    case("R11b", "Multiple Schmorl nodes throughout the lumbar spine.", 35,
         "schmorl_node", "R11b", "indeterminate",
         [F(type="schmorl_node", text="Multiple Schmorl nodes", descriptors=["multiple"])]),
    case("R12", "L4-5: mild bilateral facet arthropathy.", 60,
         "facet_arthropathy", "R12", "incidental",
         [F(type="facet_arthropathy", level="L4-L5", side="bilateral", severity="mild")]),
    case("R12-ligamentum", "L4-5: mild bilateral ligamentum flavum hypertrophy.", 60,
         "ligamentum_flavum_hypertrophy", "R12", "incidental",
         [F(type="ligamentum_flavum_hypertrophy", level="L4-L5", side="bilateral", severity="mild")]),
    case("R12a", "L4-5: severe bilateral facet arthropathy.", 60,
         "facet_arthropathy", "R12a", "indeterminate",
         [F(type="facet_arthropathy", level="L4-L5", side="bilateral", severity="severe")]),
    case("R13", "L4-5: bilateral facet joint effusions.", 62,
         "facet_effusion", "R13", "indeterminate", [F(type="facet_effusion", level="L4-L5", side="bilateral")]),
    case("R14", "L3-4: mild central canal stenosis.", 65,
         "central_canal_stenosis", "R14", "incidental",
         [F(type="central_canal_stenosis", level="L3-L4", severity="mild")]),
    case("R15a", "L4-5: severe central canal stenosis.", 65,
         "central_canal_stenosis", "R15a", "indeterminate",
         [F(type="central_canal_stenosis", level="L4-L5", severity="severe")]),
    case("R16", "L4-5: moderate right lateral recess stenosis.", 58,
         "lateral_recess_stenosis", "R16", "indeterminate",
         [F(type="lateral_recess_stenosis", level="L4-L5", side="right", severity="moderate")]),
    case("P4", "L4-5: mild narrowing of the right lateral recess.", 58,
         "lateral_recess_stenosis", "P4", "incidental",
         [F(type="lateral_recess_stenosis", level="L4-L5", side="right", severity="mild")]),
    case("R17", "L5-S1: severe left neural foraminal stenosis.", 58,
         "foraminal_stenosis", "R17", "indeterminate",
         [F(type="foraminal_stenosis", level="L5-S1", side="left", severity="severe")]),
    case("R17a", "Mild bilateral neural foraminal stenosis at the L5-S1 level.", 58,
         "foraminal_stenosis", "R17a", "incidental",
         [F(type="foraminal_stenosis", level="L5-S1", side="bilateral", severity="mild")]),
    case("R18", "Grade 1 degenerative anterolisthesis of L4 on L5.", 70,
         "spondylolisthesis", "R18", "incidental", [F(type="spondylolisthesis", level="L4-L5", grade=1)]),
    case("R18a", "Grade 2 anterolisthesis of L5 on S1.", 51,
         "spondylolisthesis", "R18a", "indeterminate", [F(type="spondylolisthesis", level="L5-S1", grade=2)]),
    case("R18a-stenosis", "L4-5: grade 1 anterolisthesis with severe central canal stenosis.", 72,
         "spondylolisthesis", "R18a", "indeterminate",
         [F(type="spondylolisthesis", level="L4-L5", grade=1),
          F(type="central_canal_stenosis", level="L4-L5", severity="severe")]),
    case("P5", "Grade 1 anterolisthesis of L4 on L5.", 45,
         "spondylolisthesis", "P5", "indeterminate", [F(type="spondylolisthesis", level="L4-L5", grade=1)]),
    case("R19", "Bilateral L5 pars interarticularis defects.", 25,
         "spondylolysis", "R19", "indeterminate", [F(type="spondylolysis", level="L5", side="bilateral")]),
    case("R19a", "Bilateral L5 pars interarticularis defects.", 65,
         "spondylolysis", "R19a", "incidental", [F(type="spondylolysis", level="L5", side="bilateral")]),
    case("R20", "L4-5: small left facet synovial cyst.", 68,
         "synovial_cyst", "R20", "incidental", [F(type="synovial_cyst", level="L4-L5", side="left")]),
    case("R20-root", "L4-5: left facet synovial cyst compressing the traversing left L5 nerve root.", 68,
         "synovial_cyst", "R20", "indeterminate",
         [F(type="synovial_cyst", level="L4-L5", side="left", roots_named=["L5"]),
          F(type="nerve_root_compression", level="L4-L5", side="left", roots_named=["L5"])]),
    case("R21", "Incidental 1.5 cm Tarlov cyst at S2.", 44,
         "tarlov_cyst", "R21", "incidental", [F(type="tarlov_cyst", level="S2", size_mm=15.0)]),
    case("R22", "Typical hemangioma in the L3 vertebral body.", 50,
         "hemangioma", "R22", "incidental", [F(type="hemangioma", level="L3")]),
    case("R22-atypical", "Atypical hemangioma in the L2 vertebral body.", 50,
         "hemangioma", "R22", "indeterminate",
         [F(type="hemangioma", level="L2", text="Atypical hemangioma", descriptors=["atypical"])]),
    case("R24", "Transitional lumbosacral vertebra with partial sacralization of L5.", 33,
         "transitional_vertebra", "R24", "incidental", [F(type="transitional_vertebra", level="L5")]),
    case("P2", "L3-4 disc herniation.", 75,
         "disc_herniation", "P2", "indeterminate", [F(type="disc_herniation", level="L3-L4")]),
    case("P6", "Mild levoscoliosis of the lumbar spine.", 51,
         "scoliosis", "P6", "incidental", [F(type="scoliosis", severity="mild")]),
    case("P7", "Mild degenerative changes of the lumbar spine.", 66,
         "spondylosis", "P7", "incidental", [F(type="spondylosis", severity="mild")]),
    case("P7-osteophyte", "Small anterior osteophytes at L2-3.", 66,
         "osteophyte", "P7", "incidental", [F(type="osteophyte", level="L2-L3")]),
    case("P8", "Postoperative changes of left L5 hemilaminectomy.", 59,
         "postoperative_change", "P8", "indeterminate", [F(type="postoperative_change", level="L5", side="left")]),
]


def _pick(findings, type_):
    chosen = [f for f in findings if f.type == type_ and f.affirmed]
    assert chosen, f"no affirmed {type_} among {[(f.type, f.assertion) for f in findings]}"
    return chosen[0]


# ------------------------------------------------------------------------------ unit: hand-made findings
@pytest.mark.parametrize("sentence, age, type_, rule, label, findings", RULE_CASES)
def test_classify_rule_on_findings(sentence, age, type_, rule, label, findings):
    # Arrange
    objs = [Finding(**f) for f in findings]
    # Act
    label_findings(objs, age=age)
    # Assert
    target = _pick(objs, type_)
    assert (target.rule, target.label) == (rule, label)
    assert target.rationale and target.rationale.endswith(".")
    assert target.sources


# ------------------------------------------------------------------------------------ end to end
_PIPELINE = importlib.util.find_spec("nlp.pipeline") is not None


@pytest.mark.skipif(not _PIPELINE, reason="extraction pipeline (nlp.pipeline) not available yet")
@pytest.mark.parametrize("sentence, age, type_, rule, label, findings", RULE_CASES)
def test_classify_rule_end_to_end(sentence, age, type_, rule, label, findings):
    # Act
    result = nlp.analyze(sentence, age=age)
    # Assert
    assert not result.errors
    target = _pick(result.findings, type_)
    assert (target.rule, target.label) == (rule, label)


# ------------------------------------------------------------------------------------ details
def test_classify_rationale_states_age_specific_prevalence():
    finding = Finding(type="disc_bulge", level="L4-L5")
    label_findings([finding], age=50)
    assert finding.rationale == "Disc bulges are seen in about 60% of people aged 50 without back pain."
    assert finding.sources[0] == "Brinjikji 2015a"
    assert finding.benchmark == "Disc bulges are found in about 6 in 10 people aged 50 who have no back pain."


def test_classify_unknown_age_uses_default_and_says_so():
    finding = Finding(type="disc_degeneration", level="L5-S1")
    label_findings([finding], age=None)
    assert "age not given, so age 50 was assumed" in finding.rationale
    assert "age not given" in finding.benchmark
    assert finding.p_incidental == pytest.approx(0.80 + 0.20 / 2.24)


@pytest.mark.parametrize("assertion", ["absent", "historical"])
def test_classify_unaffirmed_findings_get_no_label(assertion):
    finding = Finding(type="disc_extrusion", level="L4-L5", assertion=assertion, label="symptomatic",
                      p_incidental=0.3, rationale="old", sources=["x"], rule="R6", benchmark="b")
    label_findings([finding], age=40)
    assert (finding.label, finding.p_incidental, finding.rationale, finding.sources, finding.rule,
            finding.benchmark) == (None, None, None, [], None, None)


def test_classify_possible_findings_are_labelled():
    finding = Finding(type="disc_extrusion", level="L4-L5", assertion="possible")
    label_findings([finding], age=40)
    assert finding.label == "symptomatic"


@pytest.mark.parametrize("type_, age, p_a, odds", [
    ("disc_bulge", 40, 0.50, 7.54),
    ("disc_bulge", 25, 0.35, 7.54),
    ("disc_protrusion", 40, 0.33, 2.65),
    ("annular_fissure", 40, 0.22, 1.79),
    ("disc_degeneration", 40, 0.68, 2.24),
    ("disc_extrusion", 40, 0.06, 4.38),
    ("spondylolisthesis", 60, 0.23, 1.59),
    ("spondylolysis", 30, 0.11, 5.06),
], ids=lambda v: str(v))
def test_classify_p_incidental_matches_evidence_worked_examples(type_, age, p_a, odds):
    est = estimate(Finding(type=type_, level="L4-L5"), age)
    assert est.prevalence == pytest.approx(p_a)
    assert est.odds_ratio == pytest.approx(odds)
    assert est.p_incidental == pytest.approx(p_a + (1 - p_a) / odds)


def test_classify_age_is_clamped_to_table_range():
    young = estimate(Finding(type="disc_bulge"), 12)
    old = estimate(Finding(type="disc_bulge"), 95)
    assert (young.prevalence, old.prevalence) == (pytest.approx(0.30), pytest.approx(0.84))
    finding = Finding(type="disc_bulge")
    label_findings([finding], age=12)
    assert "youngest age with data" in finding.rationale


def test_classify_direct_p_incidental_for_tarlov_cyst():
    assert estimate(Finding(type="tarlov_cyst", level="S2"), 50).p_incidental == pytest.approx(0.844)


@pytest.mark.parametrize("type_", sorted(NON_DEGENERATIVE))
def test_classify_bypass_findings_have_no_p_incidental(type_):
    finding = Finding(type=type_, level="L3")
    label_findings([finding], age=50)
    assert finding.p_incidental is None and finding.label in ("indeterminate", "urgent")


def test_classify_root_contact_on_other_side_is_not_context():
    bulge = Finding(type="disc_bulge", level="L4-L5", side="left")
    contact = Finding(type="nerve_root_contact", level="L4-L5", side="right")
    label_findings([bulge, contact], age=50)
    assert bulge.rule == "R1"


def test_classify_rule_for_exposes_concordance_labels():
    match = rule_for(Finding(type="disc_extrusion", level="L5-S1"), age=40)
    assert (match.rule, match.label, match.if_concordant, match.if_discordant) == (
        "R6", "symptomatic", "symptomatic", "indeterminate")
    assert match.support == "S" and "Brinjikji 2015b" in match.sources
    assert rule_for(Finding(type="disc_extrusion", assertion="absent")) is None


@pytest.mark.parametrize("label, expected", [
    ("symptomatic", "indeterminate"), ("indeterminate", "incidental"), ("incidental", "incidental"),
    ("urgent", "urgent"), (None, None),
])
def test_classify_g1_downgrade(label, expected):
    assert downgrade(label) == expected


def test_classify_benchmark_only_for_lire_eight():
    findings = [Finding(type=t, level="L4-L5") for t in ("disc_bulge", "disc_extrusion", "facet_arthropathy")]
    findings.append(Finding(type="spondylolisthesis", level="L5-S1", grade=2))
    label_findings(findings, age=50)
    assert [f.benchmark is not None for f in findings] == [True, False, True, False]
    assert set(LIRE_COMMON_EIGHT) <= set(load_evidence().config.findings)


@pytest.mark.parametrize("finding, expected", [
    (Finding(type="modic_1"), True), (Finding(type="disc_extrusion"), True),
    (Finding(type="foraminal_stenosis"), True), (Finding(type="spondylolisthesis", grade=2), True),
    (Finding(type="spondylolisthesis", grade=1), False), (Finding(type="disc_bulge"), False),
], ids=lambda v: getattr(v, "type", str(v)))
def test_classify_is_pci(finding, expected):
    assert is_pci(finding) is expected
    assert len(PCI_EIGHT) == 8 and len(LIRE_COMMON_EIGHT) == 8


def test_classify_wording_never_dismisses_pain():
    from nlp.model import FINDING_TYPES

    findings = [Finding(type=t, level="L4-L5") for t in FINDING_TYPES]
    label_findings(findings, age=45)
    for f in findings:
        text = (f.rationale + " " + (f.benchmark or "")).lower()
        for phrase in ("not real", "imaginary", "psychogenic", "not the cause", "cannot cause", "no pain"):
            assert phrase not in text, (f.type, phrase)


def test_classify_every_rule_in_table_has_a_test_case_or_is_symptom_only():
    tested = {p.values[3] for p in RULE_CASES}
    symptom_only = {"R6a", "R7a", "R15", "R23", "G1", "G2"}  # need symptoms, or no catalog finding type (R23)
    assert set(load_evidence().rules) - tested == symptom_only
