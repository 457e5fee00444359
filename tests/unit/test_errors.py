"""nlp.errors.coerce_inputs: bad values become error messages, never exceptions."""

import math

import pytest

from nlp.errors import MAX_CHARS, coerce_inputs


def run(text="x", age=None, sex=None, clinical=None, symptoms=None):
    return coerce_inputs(text, age, sex, clinical, symptoms)


@pytest.mark.parametrize(
    "text, expected_text, code",
    [(None, None, "E001"), (float("nan"), None, "E001"), (42, None, "E002"), ([1], None, "E002"),
     (b"L4-5 bulge", "L4-5 bulge", None), (b"\xff\xfe bad", "\ufffd\ufffd bad", None), ("a\x00b", "a b", None),
     ("", "", "E001"), (" \n\t", " \n\t", "E001")],
    ids=["None", "NaN", "int", "list", "bytes", "bad-bytes", "nul", "empty", "whitespace"],
)
def test_text(text, expected_text, code):
    out = run(text=text)
    assert out[0] == expected_text
    problems = out[5]
    assert (code is None and problems == []) or (code and problems and problems[0].startswith(code))


def test_long_text_truncated_with_warning():
    out = run(text="a" * (MAX_CHARS + 5))
    assert len(out[0]) == MAX_CHARS and out[5][0].startswith("W001")


@pytest.mark.parametrize(
    "age, expected, err",
    [(54, 54, False), ("54", 54, False), (54.6, 55, False), ("", None, False), (None, None, False),
     (float("nan"), None, False), (-1, None, True), (130, None, True), ("old", None, True), (math.inf, None, True)],
    ids=["int", "str", "float", "empty", "None", "nan", "negative", "too-old", "word", "inf"],
)
def test_age(age, expected, err):
    out = run(age=age)
    assert out[1] == expected
    assert any(p.startswith("E003") for p in out[5]) == err


@pytest.mark.parametrize("sex, expected, err", [("F", "F", False), ("male", "M", False), (" f ", "F", False),
                                                ("x", None, True), (None, None, False)],
                         ids=["F", "male", "spaces", "x", "None"])
def test_sex(sex, expected, err):
    out = run(sex=sex)
    assert out[2] == expected and any(p.startswith("E004") for p in out[5]) == err


def test_clinical_and_symptoms():
    assert run(clinical=5)[5][0].startswith("E005")
    assert run(symptoms="{bad")[5][0].startswith("E006")
    assert run(symptoms='{"side": "left"}')[4] == {"side": "left"}
    assert run(symptoms=[1])[5][0].startswith("E006")
    assert run(symptoms="  ")[4] is None


@pytest.mark.parametrize("text", [None, 3, b"\x00\x01", float("nan")], ids=["None", "int", "bytes", "nan"])
def test_analyze_reports_errors_never_raises(text):
    import nlp

    rec = nlp.analyze(text).to_dict()
    assert rec["findings"] == [] and isinstance(rec["errors"], list)
