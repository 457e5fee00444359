"""Symptom reading (nlp.symptoms): side, syndromes, roots by dermatome/myotome/reflex, red flags, negation.

The sentences are written for these tests in the phrasing of real clinic notes (the negation and exam
constructions of shared/gold/concordance_dev.jsonl); no note text is copied into the project.
"""

from __future__ import annotations

import pytest

from nlp.symptoms import compile_pattern, from_structured, lexicon, merge, read_symptoms


@pytest.mark.parametrize(
    "text,side,roots,syndrome",
    [
        ("Left leg pain to the dorsum of the foot.", "left", ["L5"], ["radicular_pain"]),
        ("Pain radiating down the right leg to the sole of the foot.", "right", ["S1"], ["radicular_pain"]),
        ("Burning pain along the anterior thigh on the left.", "left", ["L2", "L3"], ["radicular_pain"]),
        ("Aching in the medial calf on the right.", "right", ["L4"], ["radicular_pain"]),
        (
            "Right buttock pain radiating to the posterior thigh.",
            "right",
            ["S1"],
            ["radicular_pain", "buttock_pain"],
        ),
        ("Sciatica on the left.", "left", [], ["radicular_pain"]),
        ("Right L4 radiculopathy.", "right", ["L4"], ["radicular_pain"]),
    ],
)
def test_symptoms_pain_distribution(text, side, roots, syndrome):
    # Act
    symptoms = read_symptoms(text)
    # Assert
    assert (symptoms.side, symptoms.roots, symptoms.syndrome) == (side, roots, syndrome)


def test_symptoms_pain_roots_are_marked_as_pain_evidence():
    symptoms = read_symptoms("Left leg pain to the dorsum of the foot.")
    assert symptoms.details["root_evidence"] == {"L5": ["pain"]}
    assert symptoms.source == "clinical"


@pytest.mark.parametrize(
    "text,side,roots,kind",
    [
        ("The right ankle jerk is absent.", "right", ["S1"], "reflex"),
        ("Diminished left knee jerk.", "left", ["L4"], "reflex"),
        ("Reflexes are 2+ at the right knee and 1+ at the left knee.", "left", ["L4"], "reflex"),
        ("EHL 4/5 on the left and 5/5 on the right.", "left", ["L5"], "motor"),
        ("Ankle dorsiflexion 5/5 on the left and 4/5 on the right.", "right", ["L4", "L5"], "motor"),
        ("Unable to stand on his right toes.", "right", ["S1"], "motor"),
        ("Weakness of the left quadriceps.", "left", ["L3", "L4"], "motor"),
    ],
)
def test_symptoms_signs_map_to_roots(text, side, roots, kind):
    symptoms = read_symptoms(text)
    assert (symptoms.side, symptoms.roots) == (side, roots)
    assert all(kind in symptoms.details["root_evidence"][root] for root in roots)
    assert "radicular_deficit" in symptoms.syndrome


@pytest.mark.parametrize(
    "text",
    [
        "Hip flexion 5/5 bilaterally. Strength is 5/5 throughout.",
        "Deep tendon reflexes are 2+ and symmetric at the knees and ankles.",
        "DTRs are +1 at the knees, +1 at the ankles.",
    ],
)
def test_symptoms_normal_exam_gives_no_root(text):
    symptoms = read_symptoms(text)
    assert symptoms.roots == []
    assert "radicular_deficit" not in symptoms.syndrome


def test_symptoms_reflex_qualifier_binds_to_the_following_site():
    symptoms = read_symptoms(
        "Deep tendon reflexes are 2+ and symmetric at the knees and absent at both ankles."
    )
    assert symptoms.roots == ["S1"]


def test_symptoms_sensory_roots():
    symptoms = read_symptoms("Numbness along the lateral aspect of the right foot.")
    assert (symptoms.side, symptoms.roots, symptoms.syndrome) == ("right", ["S1"], ["paresthesia"])
    assert symptoms.details["root_evidence"] == {"S1": ["sensory"]}


@pytest.mark.parametrize(
    "text,roots",
    [
        ("Positive straight leg raise on the right at 40 degrees.", ["L5", "S1"]),
        ("Straight leg raising test is positive on the left.", ["L5", "S1"]),
        ("Positive femoral stretch test on the left.", ["L2", "L3", "L4"]),
    ],
)
def test_symptoms_tension_signs(text, roots):
    symptoms = read_symptoms(text)
    assert symptoms.roots == roots
    assert symptoms.syndrome == ["radicular_pain"]


@pytest.mark.parametrize(
    "text",
    [
        "Straight leg raises are negative bilaterally.",
        "Negative straight leg raising bilaterally.",
    ],
)
def test_symptoms_negative_slr_gives_nothing(text):
    assert read_symptoms(text).roots == []


def test_symptoms_claudication_and_suri_features():
    symptoms = read_symptoms(
        "Bilateral leg pain with walking; she can walk only two blocks before she has to sit down, "
        "and sitting relieves it."
    )
    assert "neurogenic_claudication" in symptoms.syndrome
    assert symptoms.side == "bilateral"
    assert set(symptoms.details["claudication_features"]) == {
        "bilateral_leg_pain",
        "neurogenic_claudication",
        "no_pain_seated",
    }


def test_symptoms_relief_alone_is_a_feature_not_the_syndrome():
    symptoms = read_symptoms("Left leg pain, relieved by sitting.")
    assert "neurogenic_claudication" not in symptoms.syndrome
    assert symptoms.details["claudication_features"] == ["no_pain_seated"]


@pytest.mark.parametrize(
    "text,denied",
    [
        ("Denies leg pain.", ["leg_pain"]),
        ("There is no radicular pain.", ["radicular_pain"]),
        ("She has not had back pain or bone pain.", ["axial_pain"]),
        ("No radiating pain down the legs.", ["leg_pain", "radiation"]),
    ],
)
def test_symptoms_negated_pain_does_not_count(text, denied):
    symptoms = read_symptoms(text)
    assert symptoms.syndrome == []
    assert symptoms.details["denied"] == denied


@pytest.mark.parametrize(
    "text",
    [
        "No bowel or bladder dysfunction.",
        "He does not have any bowel or bladder incontinence.",
        "No history of fever or weight loss.",
        "She denies saddle anesthesia, numbness, tingling or weakness.",
        "He denies loss of bladder or bowel control, or erectile dysfunction.",
        "Her bowel and bladder function is normal.",
        "History of urinary incontinence for years.",
        "Questionable history of a fall.",
    ],
)
def test_symptoms_negated_or_past_red_flags_do_not_count(text):
    symptoms = read_symptoms(text)
    assert symptoms.red_flags == []
    assert symptoms.syndrome == []


def test_symptoms_resolved_leg_pain_does_not_count():
    symptoms = read_symptoms(
        "Low back pain. Left discectomy in 2001 with complete resolution of left leg symptoms."
    )
    assert symptoms.syndrome == ["axial_pain"]
    assert symptoms.side == "none"


@pytest.mark.parametrize(
    "text,flags",
    [
        (
            "Saddle anesthesia and urinary retention since yesterday.",
            ["saddle_anaesthesia", "bladder_dysfunction"],
        ),
        ("New faecal incontinence.", ["bowel_dysfunction"]),
        ("Low back pain and fevers; he has lost 20 pounds.", ["fever", "weight_loss"]),
        ("Back pain after he fell from a ladder.", ["trauma"]),
        ("Renal transplant recipient on immunosuppression.", ["immunosuppression"]),
        ("History of breast cancer treated in 2015.", ["malignancy_history"]),
        ("Known osteoporosis.", ["osteoporosis"]),
        ("Progressive bilateral leg weakness.", ["bilateral_motor_deficit", "progressive_motor_deficit"]),
    ],
)
def test_symptoms_red_flags(text, flags):
    assert read_symptoms(text).red_flags == flags


def test_symptoms_cauda_equina_syndrome_from_saddle_and_bladder():
    symptoms = read_symptoms("Low back pain with saddle anesthesia and urinary retention.")
    assert "cauda_equina" in symptoms.syndrome


def test_symptoms_bilateral_motor_deficit_from_graded_exam():
    symptoms = read_symptoms("Foot dorsiflexion 1/5 on the right and 2/5 on the left.")
    assert "bilateral_motor_deficit" in symptoms.red_flags


def test_symptoms_generalised_process_replaces_root_deficit():
    symptoms = read_symptoms(
        "His hands are numb and his feet feel like wood. Reflexes were absent in all four limbs. "
        "Foot dorsiflexion was 1/5."
    )
    assert "peripheral_neuropathy" in symptoms.syndrome
    assert "radicular_deficit" not in symptoms.syndrome


def test_symptoms_myelopathy():
    symptoms = read_symptoms("Progressive quadriparesis with a sensory level at T8.")
    assert symptoms.syndrome == ["myelopathy"]
    assert symptoms.red_flags == ["bilateral_motor_deficit", "progressive_motor_deficit"]


@pytest.mark.parametrize(
    "text",
    [
        "Spastic gait. Hyperreflexia 3+ at the knees and ankles with clonus bilaterally. "
        "Hip flexors 4+/5 bilaterally.",
        "Positive Babinski bilaterally and sustained clonus. Hip flexion 4/5 bilaterally.",
    ],
)
def test_symptoms_mild_bilateral_weakness_with_upper_motor_neuron_signs_is_pyramidal(text):
    symptoms = read_symptoms(text)
    assert "myelopathy" in symptoms.syndrome
    assert "radicular_deficit" not in symptoms.syndrome
    assert symptoms.roots == []


def test_symptoms_paralysis_with_a_sensory_level_keeps_its_roots():
    symptoms = read_symptoms("Sensory level at T8. Hip flexors 1/5 bilaterally; dorsiflexion 0/5 on the right.")
    assert "myelopathy" in symptoms.syndrome
    assert symptoms.roots  # not explained away as pyramidal weakness


@pytest.mark.parametrize(
    "text",
    [
        "Left groin pain radiating to the front of the thigh and knee, worse on weight-bearing. "
        "Left hip internal rotation reproduces the groin pain; FADIR positive. Power 5/5, reflexes symmetrical.",
        "Right groin and anterior thigh pain. Impression: right hip osteoarthritis.",
    ],
)
def test_symptoms_groin_and_front_of_thigh_pain_with_a_hip_picture_is_the_hips(text):
    symptoms = read_symptoms(text)
    assert "non_spinal" in symptoms.syndrome
    assert "radicular_pain" not in symptoms.syndrome


def test_symptoms_hip_picture_keeps_pain_below_the_knee():
    symptoms = read_symptoms("Right hip osteoarthritis. Right leg pain down the back of the calf to the heel.")
    assert "radicular_pain" in symptoms.syndrome


def test_symptoms_symmetric_stocking_numbness_is_a_neuropathy():
    symptoms = read_symptoms(
        "Two years of burning and numbness in both feet, up to the mid-shins in a symmetric stocking "
        "distribution. No back pain, no radiating pain. Absent Achilles reflexes bilaterally."
    )
    assert "peripheral_neuropathy" in symptoms.syndrome
    assert not {"radicular_pain", "radicular_deficit", "paresthesia"} & set(symptoms.syndrome)


def test_symptoms_one_sided_signs_with_stocking_numbness_keep_the_root():
    symptoms = read_symptoms("Numbness of the feet in a stocking distribution. Absent left ankle jerk; left calf "
                             "raise weak 4/5.")
    assert "radicular_deficit" in symptoms.syndrome


@pytest.mark.parametrize(
    "text",
    ["Intermittent, mild low back 'twinges' for a year.", "Back spasms after lifting.", "Lower back soreness."],
)
def test_symptoms_back_pain_words(text):
    assert "axial_pain" in read_symptoms(text).syndrome


@pytest.mark.parametrize(
    "text,syndrome",
    [
        (
            "Left hip pain; pain with internal rotation of the hip; positive FABER on the left.",
            ["non_spinal"],
        ),
        ("Abdominal cramping.", ["non_spinal"]),
        ("Pain in the back radiating into the buttocks.", ["axial_pain", "buttock_pain", "referred_pain"]),
        ("Chronic low back pain without radiation.", ["axial_pain"]),
    ],
)
def test_symptoms_syndromes(text, syndrome):
    assert read_symptoms(text).syndrome == syndrome


def test_symptoms_asymptomatic():
    symptoms = read_symptoms("Well healed incision. No symptoms.")
    assert symptoms.syndrome == []
    assert symptoms.details["asymptomatic"] is True


def test_symptoms_side_majority():
    symptoms = read_symptoms("Right leg pain, right worse than left, with numbness of the right great toe.")
    assert symptoms.side == "right"


@pytest.mark.parametrize(
    "text,asymptomatic",
    [("No symptoms.", True), ("No symptoms of tethered cord.", True), ("No symptoms at present.", True),
     ("She has no symptoms in her arms.", False), ("No back pain, no symptoms on walking.", False)],
)
def test_symptoms_no_symptoms_somewhere_is_not_asymptomatic(text, asymptomatic):
    assert bool(read_symptoms(text).details.get("asymptomatic")) is asymptomatic


@pytest.mark.parametrize(
    "text,side",
    [("3/52 severe R anterior thigh pain. O/E: R quads 4/5.", "right"), ("Rt leg pain to the foot.", "right"),
     ("L leg pain to the foot, L EHL 4/5.", "left"), ("Ankle jerks absent B/L; leg pain.", "bilateral"),
     ("Given 1 L of fluid. Leg pain.", "none")],
)
def test_symptoms_abbreviated_sides(text, side):
    assert read_symptoms(text).side == side


@pytest.mark.parametrize(
    "text",
    ["Burning and tingling of both feet, now up to the mid-shins, 'walking on cotton'. Glove-and-stocking loss to "
     "pinprick. Ankle jerks absent B/L, toe extensors 4+/5 B/L symmetric.",
     "Feet feel like walking on cotton wool; numbness in a stocking distribution."],
)
def test_symptoms_length_dependent_neuropathy_words(text):
    symptoms = read_symptoms(text)
    assert "peripheral_neuropathy" in symptoms.syndrome
    assert "radicular_deficit" not in symptoms.syndrome


def test_symptoms_renal_colic_is_not_spinal():
    symptoms = read_symptoms("Sudden severe L flank pain radiating to the L groin, colicky, vomited. Urine dip: blood "
                             "3+. L renal angle tenderness.")
    assert symptoms.syndrome == ["non_spinal"]


def test_symptoms_trochanteric_pain_that_stops_above_the_knee_is_the_hips():
    symptoms = read_symptoms("Left lateral hip pain, worse lying on the left side. Points to the greater trochanter; "
                             "the pain spreads down the lateral thigh to just above the knee, never below.")
    assert "non_spinal" in symptoms.syndrome
    assert "radicular_pain" not in symptoms.syndrome


def test_symptoms_a_walk_limited_by_the_hip_is_not_neurogenic_claudication():
    symptoms = read_symptoms(
        "Right groin pain, worse on weight-bearing. Walks with a limp; walking distance 400 m limited by groin pain, "
        "not eased by leaning forward. Right hip internal rotation painful; FADIR reproduces the groin pain."
    )
    assert "non_spinal" in symptoms.syndrome
    assert "neurogenic_claudication" not in symptoms.syndrome


def test_symptoms_hip_picture_keeps_claudication_with_its_features():
    symptoms = read_symptoms("Right hip osteoarthritis. Neurogenic claudication: both legs heavy after walking 200 m, "
                             "eased by sitting.")
    assert "neurogenic_claudication" in symptoms.syndrome


def test_symptoms_both_legs_described_side_by_side_are_bilateral():
    symptoms = read_symptoms(
        "Pain down the back of both legs: on the right it runs to the heel with numbness of the lateral right "
        "foot; on the left it reaches the calf, with tingling in the left sole."
    )
    assert symptoms.side == "bilateral"


@pytest.mark.parametrize("text", [None, "", "   "])
def test_symptoms_empty_text(text):
    symptoms = read_symptoms(text)
    assert symptoms.source is None
    assert symptoms.empty


def test_symptoms_structured_valid():
    symptoms, problems = from_structured(
        {"side": "left", "roots": ["l5"], "syndrome": ["radicular_pain"], "red_flags": []}
    )
    assert problems == []
    assert (symptoms.side, symptoms.roots, symptoms.syndrome, symptoms.source) == (
        "left",
        ["L5"],
        ["radicular_pain"],
        "structured",
    )


def test_symptoms_structured_invalid_values_are_dropped_with_messages():
    symptoms, problems = from_structured(
        {"side": "up", "roots": ["L9", "S1"], "syndrome": ["sciatica_nos"], "red_flags": ["aliens"], "x": 1}
    )
    assert (symptoms.side, symptoms.roots, symptoms.syndrome, symptoms.red_flags) == (None, ["S1"], [], [])
    assert [p.split(":")[0] for p in problems] == ["W101", "E101", "E103", "E104", "E105"]


def test_symptoms_structured_wins_field_by_field():
    structured, _ = from_structured({"side": "right", "roots": ["S1"]})
    read = read_symptoms("Left leg pain to the dorsum of the foot. Low back pain.")
    merged = merge(structured, read, {"side", "roots"})
    assert (merged.side, merged.roots) == ("right", ["S1"])
    assert merged.syndrome == ["radicular_pain", "axial_pain"]
    assert merged.source == "structured"


def test_symptoms_lexicon_is_valid():
    data = lexicon()
    ids = [entry["id"] for entry in data["entries"]]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)
    for entry in data["entries"]:
        if entry.get("pattern"):
            assert compile_pattern(entry["pattern"])


def test_symptoms_compile_pattern_syntax():
    assert compile_pattern("left|right? leg *2 pain") == [
        {"LOWER": {"IN": ["left", "right"]}, "OP": "?"},
        {"LOWER": "leg"},
        {"TEXT": {"NOT_IN": [".", "!", "?", ";"]}, "OP": "{0,2}"},
        {"LOWER": "pain"},
    ]


@pytest.mark.parametrize(
    "text",
    ["Neuro exam normal: power 5/5 incl. hip flexion and quads, KJ 2+ B/L, AJ 2+ B/L.",
     "O/E: R hip flexion 95 deg, IR 0 deg. Neuro: power 5/5, KJ 2+, AJ 1+ B/L, sensation intact.",
     "Power 5/5 throughout including EHL, ankle DF and PF."],
)
def test_symptoms_normal_power_reflex_grades_and_hip_range_are_no_deficit(text):
    symptoms = read_symptoms(text)
    assert "radicular_deficit" not in symptoms.syndrome
    assert symptoms.red_flags == []


@pytest.mark.parametrize(
    "text,roots,side",
    [("Neuro: L EHL 4/5, ankle DF 4+/5, eversion 5/5, PF 5/5. Reflexes KJ 2+ / AJ 2+ B/L.", {"L4", "L5"}, "left"),
     ("Power: R 5/5, L EHL 4/5.", {"L5"}, "left"),
     ("L knee jerk absent, R 2+; AJ 2+ symm.", {"L4"}, "left"),
     ("Power 5/5 except L plantarflexion 4/5 (cannot do 10 single-leg heel raises). L AJ absent, R 2+.", {"S1"},
      "left")],
)
def test_symptoms_clinic_shorthand_grades_take_the_side_written_before_them(text, roots, side):
    symptoms = read_symptoms(text)
    assert set(symptoms.roots) == roots
    assert symptoms.side == side


def test_symptoms_a_duration_in_weeks_does_not_hide_the_side():
    assert read_symptoms("3/52 L leg pain after gardening, now leg > back.").side == "left"


def test_symptoms_meralgia_picture_is_not_spinal():
    symptoms = read_symptoms(
        "3 months of burning, tingling and numbness over the outer front of the L thigh, well demarcated, worse with "
        "his belt on; nothing below the knee. O/E: altered sensation anterolateral L thigh only, tingling on tapping "
        "just medial to the L ASIS. Power 5/5 incl. hip flexion and quads, KJ 2+ B/L."
    )
    assert "non_spinal" in symptoms.syndrome
    assert not {"paresthesia", "radicular_deficit"} & set(symptoms.syndrome)


def test_symptoms_hip_shorthand_signs():
    symptoms = read_symptoms("R groin and anterior thigh pain to just above the knee, with a limp. O/E: IR 0 deg and "
                             "reproduces groin pain, FADIR +ve R. Neuro: power 5/5, SLR neg.")
    assert symptoms.syndrome == ["non_spinal"]


def test_symptoms_thigh_ache_that_never_reaches_the_calf_is_referred():
    symptoms = read_symptoms("Long history of LBP. Occasional vague ache in both thighs at the end of the day, but no "
                             "calf symptoms. Neuro exam normal.")
    assert "referred_pain" in symptoms.syndrome
    assert "radicular_pain" not in symptoms.syndrome


def test_symptoms_thigh_pain_with_a_sign_stays_radicular():
    symptoms = read_symptoms("Right anterior thigh pain, never below the knee. Femoral stretch test positive on the "
                             "right, R quads 4/5.")
    assert "radicular_pain" in symptoms.syndrome


def test_symptoms_physio_pain_areas_are_pain():
    symptoms = read_symptoms("P1 R buttock -> posterolateral thigh -> lateral calf, intermittent.")
    assert symptoms.side == "right"
    assert "L5" in symptoms.roots


def test_symptoms_a_reflex_takes_its_own_clause_only():
    symptoms = read_symptoms("Exam: AJ absent B/L, KJ 1+ B/L, power 5/5.")
    assert symptoms.roots == ["S1"]


@pytest.mark.parametrize("text,roots", [("Left medial knee/shin pain.", ["L4"]), ("Pain in the medial knee and shin.", ["L4"]),
                                        ("Right lateral knee and calf pain.", ["L5"])])
def test_symptoms_a_side_of_the_leg_qualifies_both_regions(text, roots):
    assert read_symptoms(text).roots == roots
