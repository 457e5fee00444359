"""Property tests for nlp.classify: P(incidental) bounds, monotonic in age, safety labels."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.classify import NON_DEGENERATIVE, estimate, label_findings
from nlp.evidence import load_evidence
from nlp.model import ASSERTIONS, FINDING_TYPES, LABELS, SEVERITIES, SIDES, ZONES, Finding

LEVELS = ("L3-L4", "L4-L5", "L5-S1", None)
DESCRIPTORS = ("large", "small", "acute", "multiple", "edema", "atypical", "new", "noncompressive", "chronic")
ages = st.one_of(st.none(), st.floats(min_value=0, max_value=120, allow_nan=False))


@st.composite
def findings(draw, types=FINDING_TYPES):
    return Finding(
        type=draw(st.sampled_from(types)),
        level=draw(st.sampled_from(LEVELS)),
        side=draw(st.sampled_from((*SIDES, None))),
        zone=draw(st.sampled_from((*ZONES, None))),
        severity=draw(st.sampled_from((*SEVERITIES, None))),
        grade=draw(st.sampled_from((1, 2, 3, 4, None))),
        assertion=draw(st.sampled_from(ASSERTIONS)),
        size_mm=draw(st.one_of(st.none(), st.floats(min_value=0, max_value=60))),
        descriptors=draw(st.lists(st.sampled_from(DESCRIPTORS), max_size=3)),
        roots_named=draw(st.lists(st.sampled_from(("L4", "L5", "S1")), max_size=2)),
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(findings(), min_size=1, max_size=6), ages)
def test_classify_properties_labels_and_probabilities_are_well_formed(report, age):
    label_findings(report, age=age)
    for f in report:
        if f.affirmed:
            assert f.label in LABELS
            assert f.rule and f.rationale and f.sources
            assert f.p_incidental is None or 0.0 <= f.p_incidental <= 1.0
        else:
            assert f.label is None and f.p_incidental is None and f.rule is None


@settings(max_examples=300, deadline=None)
@given(findings(), st.floats(min_value=0, max_value=120, allow_nan=False),
       st.floats(min_value=0, max_value=120, allow_nan=False))
def test_classify_properties_p_incidental_non_decreasing_with_age(finding, a, b):
    # every prevalence source in models/ rises with age (Brinjikji 2015a, Boden 1990, Kalichman 2009 bands)
    young, old = sorted((a, b))
    p_young = estimate(finding, young).p_incidental
    p_old = estimate(finding, old).p_incidental
    assert (p_young is None) == (p_old is None)
    if p_young is not None:
        assert p_young <= p_old + 1e-12


@settings(max_examples=300, deadline=None)
@given(st.lists(findings(), max_size=5), findings(types=tuple(sorted(NON_DEGENERATIVE))), ages)
def test_classify_properties_non_degenerative_never_incidental(others, finding, age):
    finding.assertion = "present"
    label_findings([*others, finding], age=age)
    assert finding.label in ("indeterminate", "urgent")


@settings(max_examples=200, deadline=None)
@given(st.lists(findings(), min_size=1, max_size=6), ages)
def test_classify_properties_urgent_only_from_safety_rules_and_deterministic(report, age):
    label_findings(report, age=age)
    first = [f.to_dict() for f in report]
    label_findings(report, age=age)
    assert [f.to_dict() for f in report] == first
    for f in report:
        if f.label == "urgent":
            assert f.rule in ("R0", "X")


def test_classify_properties_age_table_rises_with_age():
    for key, rows in load_evidence().age_table.items():
        values = [r.prevalence_pct for r in rows]
        assert values == sorted(values), key
