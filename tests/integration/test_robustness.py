"""Any input returns a record and never raises (issue 3 target)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nlp

RECORD_KEYS = {"id", "findings", "symptoms", "concordance", "red_flags", "errors"}
REAL = "Diffuse disc bulge noted at L4/L5 level, mildly compressing the thecal sac and both exit nerve roots. "


def check(value, **kw):
    rec = nlp.analyze(value, **kw).to_dict()
    assert set(rec) == RECORD_KEYS
    assert isinstance(rec["findings"], list) and isinstance(rec["errors"], list)
    return rec


ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
RADIOLOGY = st.sampled_from(["L4-5:", "L5/S1", "no", "disc bulge", "stenosis", "//", "\n", "status post", "cannot exclude",
                             "left", "mild", "of L4 on L5", "through", "HISTORY:", "IMPRESSION:", "\x00", "\u200b",
                             "椎间盘突出", "hernie discale", "грыжа диска", "\t", "3x4mm", "L45", "T12-L1", " "])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_any_text_never_raises(text):
    check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RADIOLOGY, max_size=40).map(" ".join), st.one_of(st.none(), st.integers(-5, 200), st.text(max_size=5)))
def test_radiology_soup_never_raises(text, age):
    rec = check(text, age=age)
    for f in rec["findings"]:
        assert 0 <= f["start"] <= f["end"] <= len(text)


@pytest.mark.parametrize(
    "value",
    ["", " ", "   \n\t  \n", "\x00\x01\x02\x1b[31m", "\u202e\u200f", "Ⅼ4-5: 椎间盘膨出。", "L4-5: hernie discale sans sténose.",
     "🙂" * 100, "\r\n" * 500, "." * 5000, "L" * 10000, "L4-" * 3000],
    ids=["empty", "space", "whitespace", "control", "bidi", "chinese", "french", "emoji", "crlf", "dots", "Ls", "level-soup"],
)
def test_explicit_strings(value):
    check(value)


@pytest.mark.parametrize("value, code", [(None, "E001"), (5, "E002"), (3.5, "E002"), ({"a": 1}, "E002")],
                         ids=["None", "int", "float", "dict"])
def test_non_strings_report_errors(value, code):
    rec = check(value)
    assert rec["findings"] == [] and rec["errors"][0].startswith(code)


def test_bytes_are_decoded():
    rec = check(REAL.encode("utf-8"))
    assert {f["type"] for f in rec["findings"]} >= {"disc_bulge"}
    check(b"\xff\xfe\x00 junk")


MEGABYTE = REAL * (1_000_000 // len(REAL) + 1)


def test_one_megabyte_report_returns_record():
    assert len(MEGABYTE) >= 1_000_000
    check(MEGABYTE)


def test_one_megabyte_report_is_extracted():
    rec = check(MEGABYTE)
    assert rec["errors"] == []
    assert len([f for f in rec["findings"] if f["type"] == "disc_bulge"]) >= 1000


def test_long_chain_of_anaphora_is_read():
    """Thousands of sentences each referring to 'that level' (the level inheritance looks back a few sentences at
    most: no recursion through the report)."""
    from nlp.analysis import analyze

    text = "L4-5: mild disc bulge. " + "The nerve root is impinged at that level. The right foramen is narrowed. " * 3000
    result = analyze(text)
    assert len(result.findings) > 3000
    assert {f["level"] for f in result.to_dict()["findings"][:4]} <= {"L4-L5", None}
