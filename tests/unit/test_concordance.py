"""Concordance (nlp.concordance): per-finding match, report category and score, label refinement.

Findings are built by hand (with the labels an incidental classifier would give) so that these tests
check the concordance logic alone; the clinical sentences go through the real symptom pipeline.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from nlp.concordance import assess, match_finding
from nlp.model import AnalysisResult, Finding, Symptoms
from nlp.roots import map_roots


def run(findings, clinical=None, symptoms=None, age=None, doc=None):
    result = AnalysisResult(age=age)
    result.findings = findings
    assess(result, doc, clinical=clinical, symptoms=symptoms)
    return result


def extrusion(side="left", level="L4-L5", zone="paracentral", label="symptomatic", p=0.27, **kw):
    return Finding(
        "disc_extrusion", level=level, side=side, zone=zone, label=label, p_incidental=p, rule="R6", **kw
    )


# ---- side ---------------------------------------------------------------------------------------


def test_concordance_same_side_same_root_is_concordant():
    result = run([extrusion()], clinical="Left leg pain to the dorsum of the foot.")
    assert result.concordance.category == "concordant"
    assert result.concordance.explained_by == [0]
    assert result.findings[0].concordance == "concordant"
    assert result.findings[0].affected_roots == ["L5"]
    assert result.symptoms.source == "clinical"


@pytest.mark.parametrize(
    "finding_side,symptom_text",
    [
        ("left", "Right leg pain to the dorsum of the foot."),
        ("right", "Left leg pain to the dorsum of the foot."),
        ("left", "Right sciatica."),
    ],
)
def test_concordance_side_flip_is_discordant(finding_side, symptom_text):
    result = run([extrusion(side=finding_side)], clinical=symptom_text)
    assert result.concordance.category == "discordant"
    assert result.findings[0].concordance == "discordant"
    assert result.concordance.explained_by == []


@pytest.mark.parametrize(
    "level,zone,text",
    [
        ("L4-L5", "paracentral", "Left leg pain to the dorsum of the foot."),  # traversing L5
        (
            "L5-S1",
            "subarticular",
            "Left ankle jerk absent with pain to the sole of the foot.",
        ),  # traversing S1
        ("L4-L5", "foraminal", "Left medial calf pain; diminished left knee jerk."),  # exiting L4
        ("L3-L4", "extraforaminal", "Pain down the front of the left knee."),  # exiting L3
    ],
)
def test_concordance_root_by_zone(level, zone, text):
    assert run([extrusion(level=level, zone=zone)], clinical=text).concordance.category == "concordant"
    flipped = text.replace("Left", "Right").replace("left", "right")
    assert run([extrusion(level=level, zone=zone)], clinical=flipped).concordance.category == "discordant"


def test_concordance_root_two_levels_away_is_discordant():
    # L2-L3 paracentral -> L3; an absent ankle jerk is S1
    result = run([extrusion(level="L2-L3")], clinical="Left leg pain; the left ankle jerk is absent.")
    assert result.concordance.category == "discordant"


def test_concordance_root_mismatch_from_pain_distribution_alone_is_partial():
    # L4-L5 foraminal -> L4; pain to the sole (S1) is two segments away, but dermatomes are a soft guide
    result = run([extrusion(zone="foraminal")], clinical="Left sciatica to the sole of the foot.")
    assert result.concordance.category == "partially_concordant"
    assert result.findings[0].concordance == "partially_concordant"


def test_concordance_adjacent_root_is_tolerated():
    # L4-L5 paracentral -> L5; pain in the S1 distribution is adjacent
    result = run([extrusion()], clinical="Left leg pain to the sole of the foot.")
    assert result.concordance.category == "concordant"


@pytest.mark.parametrize(
    "clinical",
    ["Left leg pain to the heel. Left ankle reflex absent, right present.",
     "Left calf pain. Left plantarflexion 4/5; the right is 5/5."],
)
def test_concordance_signs_of_the_next_root_are_a_partial_match(clinical):
    # L4-L5 paracentral -> L5; a lost ankle jerk or weak plantarflexion points at S1
    result = run([extrusion()], clinical=clinical)
    assert result.findings[0].concordance == "partially_concordant"


def test_concordance_g2_pain_only_l5_s1_is_neutral_and_a_sign_counts_more():
    pain_only = run([extrusion()], clinical="Left leg pain to the sole of the foot.").concordance.score
    exact_pain = run([extrusion()], clinical="Left leg pain to the dorsum of the foot.").concordance.score
    exact_sign = run([extrusion()], clinical="Left leg pain; left EHL 4/5.").concordance.score
    assert pain_only < exact_pain < exact_sign


def test_concordance_central_lesion_with_bilateral_symptoms():
    finding = Finding("disc_extrusion", level="L4-L5", side="central", zone="central", label="symptomatic")
    assert run([finding], clinical="Bilateral leg pain.").concordance.category == "concordant"
    assert run([finding], clinical="Left leg pain.").concordance.category == "partially_concordant"


def test_concordance_unknown_finding_side_is_partial():
    finding = Finding("disc_herniation", level="L5-S1", label="indeterminate")
    result = run([finding], clinical="Right leg pain to the back of the thigh.")
    assert result.concordance.category == "partially_concordant"
    assert result.concordance.explained_by == [0]


def test_concordance_no_level_no_side_is_indeterminate():
    finding = Finding("central_canal_stenosis", label="indeterminate")
    result = run([finding], clinical="Right hip flexor weakness 4/5 on the right.")
    assert result.concordance.category == "indeterminate"


# ---- claudication -------------------------------------------------------------------------------


@pytest.mark.parametrize("severity", ["moderate", "moderate-severe", "severe"])
def test_concordance_claudication_with_moderate_or_severe_canal_stenosis(severity):
    stenosis = Finding(
        "central_canal_stenosis", level="L4-L5", severity=severity, label="indeterminate", p_incidental=0.6
    )
    result = run([stenosis], clinical="Neurogenic claudication: she can walk only one block.", age=72)
    assert result.concordance.category == "concordant"
    assert result.findings[0].concordance == "concordant"
    assert result.findings[0].label == "symptomatic"  # a concordant indeterminate finding goes up
    assert "R15" in result.findings[0].rule


def test_concordance_claudication_with_mild_stenosis_is_partial():
    stenosis = Finding("central_canal_stenosis", level="L4-L5", severity="mild", label="incidental")
    result = run([stenosis], clinical="Neurogenic claudication.")
    assert result.concordance.category == "partially_concordant"


def test_concordance_suri_likelihood_ratios_raise_the_score():
    def score(text, age):
        stenosis = Finding("central_canal_stenosis", level="L4-L5", severity="severe", p_incidental=0.6)
        return run([stenosis], clinical=text, age=age).concordance.score

    plain = score("Neurogenic claudication.", 65)
    relief = score("Neurogenic claudication; pain relieved by sitting.", 65)
    older = score("Neurogenic claudication; pain relieved by sitting.", 75)
    younger = score("Neurogenic claudication; pain relieved by sitting.", 50)
    assert younger < plain < relief < older


# ---- axial pain -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "finding,expected",
    [
        (Finding("modic_1", level="L4-L5"), "concordant"),
        (Finding("fracture", level="L1"), "concordant"),
        (Finding("neoplasm", level="L3", side="left"), "concordant"),
        (Finding("fracture", level="L1", severity="mild"), "partially_concordant"),
        (Finding("neoplasm"), "partially_concordant"),  # no spinal level stated
        (Finding("facet_arthropathy", level="L4-L5", side="bilateral"), "partially_concordant"),
        (Finding("disc_height_loss", level="L4-L5", severity="severe"), "partially_concordant"),
        (Finding("disc_height_loss", level="L4-L5", severity="mild"), "indeterminate"),
        (Finding("disc_degeneration", level="L4-L5"), "indeterminate"),  # R2: ungraded degeneration is common
        (Finding("disc_bulge", level="L4-L5"), "indeterminate"),
    ],
    ids=[
        "modic1",
        "fracture",
        "neoplasm",
        "mild-fracture",
        "neoplasm-no-level",
        "facet",
        "severe-height-loss",
        "mild-height-loss",
        "ungraded-degeneration",
        "bulge",
    ],
)
def test_concordance_axial_pain(finding, expected):
    assert run([finding], clinical="Low back pain for two months.").concordance.category == expected


def test_concordance_normal_study_is_discordant():
    result = run([], clinical="Right leg pain to the lateral foot; right ankle jerk absent.")
    assert result.concordance.category == "discordant"
    assert result.concordance.score == 0.05
    assert "does not question the symptoms" in result.concordance.rationale


def test_concordance_asymptomatic_is_discordant():
    result = run([Finding("hemangioma", level="L2")], clinical="No symptoms.")
    assert result.concordance.category == "discordant"


def test_concordance_unreadable_clinical_text_is_indeterminate():
    result = run([extrusion()], clinical="Follow-up visit.")
    assert result.concordance.category == "indeterminate"


def test_concordance_myelopathy_is_not_explained_by_lumbar_findings():
    stenosis = Finding("central_canal_stenosis", level="L4-L5", severity="severe", label="indeterminate")
    result = run([stenosis], clinical="Progressive quadriparesis.")
    assert result.concordance.category == "discordant"


def test_concordance_non_spinal_complaint_is_discordant():
    finding = Finding(
        "disc_herniation", level="L5-S1", side="left", zone="paracentral", label="indeterminate"
    )
    result = run([finding], clinical="Left hip pain; positive FABER on the left.")
    assert result.concordance.category == "discordant"
    assert result.findings[0].label == "incidental"  # G1: IND -> INC


def test_concordance_a_root_the_report_calls_untouched_is_only_a_partial_explanation():
    spared = Finding("nerve_root_contact", level="L4-L5", side="left", assertion="absent")
    result = run([extrusion(), spared], clinical="Left leg pain to the dorsum of the foot.")
    assert result.findings[0].concordance == "partially_concordant"
    assert result.concordance.category == "partially_concordant"


def test_concordance_the_other_root_untouched_leaves_the_match():
    other = Finding("nerve_root_compression", level="L4-L5", side="right", assertion="absent")
    result = run([extrusion(), other], clinical="Left leg pain to the dorsum of the foot.")
    assert result.concordance.category == "concordant"


@pytest.mark.parametrize(
    "report,clinical,expected",
    [
        ("L4/5 - shallow left paracentral disc protrusion which approaches but does not contact the traversing "
         "left L5 nerve root.", "Left sciatica from the buttock to the dorsum of the foot.", "partially_concordant"),
        ("L5-S1: moderate bilateral neural foraminal stenosis; the exiting L5 nerve roots are not compressed.",
         "Left buttock pain radiating to the lateral calf and the top of the left foot.", "partially_concordant"),
        ("At L5-S1 a right paracentral disc extrusion compresses the traversing right S1 nerve root. The left S1 "
         "nerve root is not affected.", "Right leg pain to the heel and the outer foot.", "concordant"),
        ("L4-5: moderate left lateral recess stenosis, with the traversing left L5 root contacted but not compressed.",
         "Left leg pain to the lateral calf and the top of the foot.", "partially_concordant"),
        # the symptomatic root called normal by name: a bulge at another level offers no explanation
        ("L5-S1: left paracentral disc extrusion compressing the left S1 nerve root. The right lateral recess and "
         "right S1 root are normal. L4-5: mild disc bulge without stenosis.",
         "Right sciatica to the heel and the sole; right ankle jerk absent, left 2+.", "discordant"),
    ],
)
def test_concordance_root_statements_of_real_phrasing(report, clinical, expected):
    import nlp

    assert nlp.analyze(report, age=50, clinical=clinical).concordance.category == expected


@pytest.mark.parametrize(
    "text,roots",
    [
        ("Artifact from the pedicle screws obscures the L4-5 and L5-S1 neural foramina, which cannot be assessed.",
         {"L4", "L5", "S1"}),
        ("Susceptibility artefact limits evaluation at L5-S1.", {"L5", "S1"}),
        ("Susceptibility artifact limits evaluation of the fused levels.", {"L4", "L5"}),  # the operated level
        ("Motion degraded, non-diagnostic examination.", {None}),
        ("The hardware creates mild streak artifact which mildly degrades the images.", None),
        ("Gait and balance could not be assessed.", None),
        ("A small disc extrusion cannot be excluded at L4-5.", None),
    ],
)
def test_concordance_statements_that_the_study_could_not_see(text, roots):
    from nlp.concordance import unassessed_roots

    assert unassessed_roots(text, ["L4-L5"]) == roots


def test_concordance_unassessed_symptomatic_levels_make_it_indeterminate():
    import nlp

    report = ("Postoperative changes of L4-S1 posterior fusion with pedicle screws. Susceptibility artifact from the "
              "hardware obscures the L4-5 and L5-S1 lateral recesses and foramina, which cannot be assessed. "
              "L3-4: mild disc bulge and facet arthropathy.")
    clinical = "Recurrent left leg pain from the buttock to the foot, like before the fusion."
    result = nlp.analyze(report, age=60, clinical=clinical)
    assert result.concordance.category == "indeterminate"
    assert "could not be fully assessed" in result.concordance.rationale
    # the same study read without the limitation offers a partial explanation
    plain = report.replace(" Susceptibility artifact from the hardware obscures the L4-5 and L5-S1 lateral recesses "
                           "and foramina, which cannot be assessed.", "")
    assert nlp.analyze(plain, age=60, clinical=clinical).concordance.category == "partially_concordant"


# ---- labels --------------------------------------------------------------------------------------


def test_concordance_g1_discordant_symptomatic_goes_down():
    result = run([extrusion(side="left")], clinical="Right leg pain to the dorsum of the foot.")
    finding = result.findings[0]
    assert finding.label == "indeterminate"
    assert finding.rule == "R6+G1"
    assert "says nothing about whether the symptoms are real" in finding.rationale


def test_concordance_g1_never_makes_a_tumour_incidental():
    tumour = Finding("neoplasm", level="L3", side="left", label="indeterminate", rule="X")
    result = run([tumour], clinical="Right leg pain to the dorsum of the foot.")
    assert result.findings[0].label == "indeterminate"


def test_concordance_r6a_extrusion_without_leg_symptoms():
    result = run([extrusion()], clinical="Low back pain.")
    assert result.findings[0].label == "indeterminate"
    assert result.findings[0].rule == "R6+R6a"


@pytest.mark.parametrize(
    "lesion",
    [
        Finding("cauda_equina_compression", level="L4-L5", label="symptomatic"),
        Finding("central_canal_stenosis", level="L4-L5", severity="severe", label="indeterminate"),
        Finding("disc_extrusion", level="L4-L5", zone="central", descriptors=["large"], label="symptomatic"),
    ],
    ids=["ce-compression", "severe-stenosis", "large-central-extrusion"],
)
def test_concordance_r0_red_flags_with_compressive_lesion_are_urgent(lesion):
    result = run([lesion], clinical="Low back pain with saddle anaesthesia and urinary retention.")
    assert result.findings[0].label == "urgent"
    assert result.findings[0].rule.endswith("R0")
    assert result.red_flags == ["saddle_anaesthesia", "bladder_dysfunction"]
    assert result.concordance.score >= 0.95


def test_concordance_r0_needs_red_flags():
    lesion = Finding("cauda_equina_compression", level="L4-L5", label="symptomatic")
    assert (
        run([lesion], clinical="Low back pain; no bladder or bowel dysfunction.").findings[0].label
        == "symptomatic"
    )


def test_concordance_r0_needs_a_compressive_lesion():
    bulge = Finding("disc_bulge", level="L4-L5", label="incidental")
    assert run([bulge], clinical="Urinary retention and saddle numbness.").findings[0].label == "incidental"


# ---- inputs ------------------------------------------------------------------------------------


def test_concordance_no_clinical_information():
    result = run([extrusion()])
    assert result.concordance.category == "no_clinical_information"
    assert result.concordance.score is None
    assert result.symptoms.source is None
    assert result.findings[0].affected_roots == ["L5"]
    assert result.findings[0].label == "symptomatic"


def test_concordance_structured_symptoms_win_over_text():
    result = run(
        [extrusion(side="left")],
        clinical="Right leg pain.",
        symptoms={"side": "left", "roots": ["L5"], "syndrome": ["radicular_pain"], "red_flags": []},
    )
    assert result.symptoms.source == "structured"
    assert result.concordance.category == "concordant"


def test_concordance_structured_problems_are_reported():
    result = run([extrusion()], symptoms={"side": "sideways", "syndrome": ["radicular_pain"]})
    assert any(e.startswith("E101") for e in result.errors)
    assert result.symptoms.side is None


def test_concordance_report_history_is_used_without_clinical():
    doc = SimpleNamespace(_=SimpleNamespace(history_text="Left leg pain to the dorsum of the foot."))
    result = run([extrusion()], doc=doc)
    assert result.symptoms.source == "report"
    assert result.concordance.category == "concordant"


def test_concordance_doc_without_history_extension():
    result = run([extrusion()], doc=SimpleNamespace(_=SimpleNamespace()))
    assert result.concordance.category == "no_clinical_information"


def test_concordance_negated_findings_get_no_roots():
    absent = Finding("disc_extrusion", level="L4-L5", zone="paracentral", assertion="absent")
    result = run([absent], clinical="Left leg pain.")
    assert result.findings[0].affected_roots == []
    assert result.findings[0].concordance is None
    assert result.concordance.category == "discordant"


def test_concordance_transitional_vertebra_tolerates_a_shift_of_one_segment():
    # L2-L3 paracentral -> L3, two segments from the L5 signs: adjacent only if numbering may be shifted
    findings = [extrusion(level="L2-L3"), Finding("transitional_vertebra", level="S1")]
    result = run(findings, clinical="Left leg pain to the dorsum of the foot; left EHL weakness 4/5.")
    assert result.concordance.category == "partially_concordant"
    assert "transitional vertebra" in result.concordance.rationale
    assert (
        run(
            findings[:1], clinical="Left leg pain to the dorsum of the foot; left EHL weakness 4/5."
        ).concordance.category
        == "discordant"
    )


def test_concordance_historical_finding_is_at_most_partial_and_gets_no_label_change():
    old = extrusion(assertion="historical", label=None)
    result = run([old], clinical="Left leg pain to the dorsum of the foot.")
    assert result.concordance.category == "partially_concordant"
    assert result.findings[0].concordance is None
    assert result.findings[0].affected_roots == []


def test_concordance_possible_finding_is_at_most_partial():
    result = run([extrusion(assertion="possible")], clinical="Left leg pain to the dorsum of the foot.")
    assert result.concordance.category == "partially_concordant"


def test_concordance_match_finding_not_applicable():
    symptoms = Symptoms(side="left", syndrome=["radicular_pain"], source="clinical")
    hemangioma = Finding("hemangioma", level="L2")
    assert match_finding(hemangioma, map_roots(hemangioma), "radicular_pain", symptoms) is None


@pytest.mark.parametrize(
    "text",
    [
        "Left leg pain to the dorsum of the foot.",
        "Right leg pain.",
        "Low back pain.",
        "Neurogenic claudication.",
        "No symptoms.",
        "Follow-up.",
    ],
)
def test_concordance_score_is_a_probability(text):
    score = run([extrusion(), Finding("disc_bulge", level="L3-L4")], clinical=text).concordance.score
    assert 0.0 <= score <= 1.0


def test_concordance_never_raises_on_odd_findings_and_inputs():
    # Arrange: a seeded sweep over types, levels (incl. cervical, thoracic, L6), sides, zones and inputs
    import random

    from nlp.model import FINDING_TYPES, SEVERITIES, SIDES, ZONES

    rng = random.Random(7)
    levels = ["L1-L2", "L5-S1", "L5-L6", "S1-S2", "T12-L1", "T10-T11", "L4", "S1", None, "weird", "C5-C6"]
    clinicals = [
        None,
        "",
        "L5 L5 radiculopathy",
        ";;..",
        "no no denies",
        "Left leg 4/5 3/5 2+ 1+ absent ankle jerk.",
        "Saddle anaesthesia, urinary retention, bilateral leg weakness.",
    ]
    structured = [
        None,
        {},
        {"side": 3, "roots": 5, "syndrome": "radicular_pain"},
        {"roots": ["l5", "S9", None]},
    ]
    for _ in range(300):
        findings = [
            Finding(
                rng.choice(FINDING_TYPES),
                level=rng.choice(levels),
                side=rng.choice(SIDES + (None,)),
                zone=rng.choice(ZONES + (None,)),
                severity=rng.choice(SEVERITIES + (None,)),
                assertion=rng.choice(["present", "possible", "absent", "historical"]),
                label=rng.choice([None, "incidental", "indeterminate", "symptomatic"]),
                p_incidental=rng.choice([None, 0.0, 1.0, 0.5]),
                descriptors=rng.choice([[], ["large"], ["migrated"]]),
                roots_named=rng.choice([[], ["L5"], ["X9"]]),
            )
            for _ in range(rng.randint(0, 4))
        ]
        # Act
        result = run(
            findings,
            clinical=rng.choice(clinicals),
            symptoms=rng.choice(structured),
            age=rng.choice([None, 25, 80]),
        )
        # Assert
        score = result.concordance.score
        assert score is None or 0.0 <= score <= 1.0
        assert result.to_dict()["concordance"]["category"] in (
            "concordant",
            "partially_concordant",
            "discordant",
            "indeterminate",
            "no_clinical_information",
        )


@pytest.mark.parametrize(
    "report,clinical,expected",
    [
        # a bulge that narrows nothing offers no explanation for a root's symptoms
        ("L4-5: mild disc bulge, canal and foramina patent; no far lateral disc. L3-4: normal disc.",
         "Left anterior thigh pain over the knee to the medial shin. Left quads 4/5, left knee jerk absent.",
         "discordant"),
        ("L4-5: disc bulge. Canal and foramina are patent.",
         "Right leg pain to the lateral calf and the top of the foot.", "discordant"),
        ("L4/5: Moderate disc bulge with facet arthropathy; no neural compromise.",
         "Right leg pain to the lateral calf and the top of the foot.", "discordant"),
        # one that narrows a foramen still fits in part
        ("L4-5: mild disc bulge with mild right foraminal narrowing.",
         "Right leg pain to the lateral calf and the top of the foot.", "partially_concordant"),
        # a bulge without grade or a word on the canal is a non-specific, partial explanation
        ("L4-5: disc bulge.", "Right leg pain to the lateral calf and the top of the foot.", "partially_concordant"),
    ],
)
def test_concordance_bulges_that_narrow_nothing(report, clinical, expected):
    import nlp

    assert nlp.analyze(report, age=50, clinical=clinical).concordance.category == expected


def test_concordance_enhancing_roots_explain_root_symptoms_in_part():
    import nlp

    clinical = "Weakness of both legs over a week after an epidural; ankle jerks and knee jerks absent bilaterally."
    report = ("Minimal disc bulge at L4-5 without stenosis. Diffuse enhancement of the nerve roots of the cauda "
              "equina.")
    result = nlp.analyze(report, age=50, clinical=clinical)
    assert result.concordance.category == "partially_concordant"
    assert "enhancing nerve roots" in result.concordance.rationale
    denied = report.replace("Diffuse enhancement of the nerve roots of the cauda equina.", "No abnormal enhancement "
                            "of the nerve roots.")
    assert nlp.analyze(denied, age=50, clinical=clinical).concordance.category == "discordant"


def test_concordance_facet_change_at_a_patent_level_offers_no_root_explanation():
    import nlp

    report = ("L4-5: Mild disc bulge and mild facet arthropathy. No canal stenosis. Neural foramina are widely patent. "
              "L5-S1: normal.")
    clinical = "Left leg pain to the lateral calf and the top of the foot; left EHL 4/5."
    assert nlp.analyze(report, age=50, clinical=clinical).concordance.category == "discordant"


def test_concordance_unsided_osteophyte_narrows_the_side_of_its_level():
    import nlp

    report = ("L5-S1: right foraminal and extraforaminal disc protrusion with osteophyte, severe right foraminal "
              "stenosis compressing the exiting right L5 nerve root. L4-5: normal.")
    left = "Left leg pain to the lateral calf and the top of the foot; left EHL 4/5."
    right = left.replace("Left", "Right").replace("left", "right")
    assert nlp.analyze(report, age=60, clinical=left).concordance.category == "discordant"
    assert nlp.analyze(report, age=60, clinical=right).concordance.category == "concordant"
