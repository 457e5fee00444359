"""Pipeline serialisation (to_disk / spacy.load) and the output record of shared/spec/interface.md."""

import re

import pytest
import spacy

import nlp
import nlp.pipeline  # noqa: F401  (registers the factories and the tokenizer)

SAMPLE = ("L4-5: small left paracentral disc extrusion compressing the left L5 root. No spinal stenosis. "
          "Mild disc bulges from L3-4 through L5-S1.")

RECORD_KEYS = {"id", "findings", "symptoms", "concordance", "red_flags", "errors"}
FINDING_KEYS = {"type", "level", "side", "zone", "severity", "grade", "assertion", "start", "end", "text", "section",
                "affected_roots", "label", "p_incidental", "concordance", "rationale", "sources"}
SYMPTOM_KEYS = {"side", "roots", "syndrome", "red_flags", "source"}
CONCORDANCE_KEYS = {"score", "category", "explained_by"}


def view(doc):
    return [(f.type, f.level, f.side, f.zone, f.severity, f.assertion, f.start, f.end) for f in doc._.findings]


@pytest.fixture(scope="module")
def reloaded(tmp_path_factory):
    path = tmp_path_factory.mktemp("pipeline")
    nlp.load().to_disk(path)
    return spacy.load(path)


def test_roundtrip_same_components(pipeline, reloaded):
    assert reloaded.pipe_names == pipeline.pipe_names
    assert reloaded.config["nlp"]["tokenizer"] == pipeline.config["nlp"]["tokenizer"]


def test_roundtrip_same_findings(pipeline, reloaded):
    expected = view(pipeline(SAMPLE))
    assert expected
    assert view(reloaded(SAMPLE)) == expected


def test_roundtrip_to_bytes(pipeline):
    other = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "lsmri.tokenizer.v1"}}})
    for name in pipeline.pipe_names:
        other.add_pipe(name)
    assert view(other(SAMPLE)) == view(pipeline(SAMPLE))


def _interface_keys(shared_dir):
    spec = shared_dir / "spec" / "interface.md"
    if not spec.exists():
        pytest.skip(f"{spec} not found")
    block = spec.read_text(encoding="utf-8").split("## Output record", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    return block


def test_interface_spec_lists_these_keys(shared_dir):
    block = _interface_keys(shared_dir)
    top = set(re.findall(r'^\s?\{?"(\w+)":', block, flags=re.M))
    assert RECORD_KEYS <= top | {"id"}
    for key in FINDING_KEYS | CONCORDANCE_KEYS:
        assert f'"{key}"' in block, key


def test_record_has_exactly_the_interface_keys():
    rec = nlp.analyze(SAMPLE, age=54, sex="F", clinical="left leg pain to the dorsum of the foot", id="r1").to_dict()
    assert set(rec) == RECORD_KEYS
    assert rec["id"] == "r1"
    assert rec["findings"]
    for f in rec["findings"]:
        assert FINDING_KEYS <= set(f), FINDING_KEYS - set(f)
        assert set(f) - FINDING_KEYS <= {"size_mm", "rule", "benchmark"}  # documented extras
    assert SYMPTOM_KEYS <= set(rec["symptoms"])
    assert CONCORDANCE_KEYS <= set(rec["concordance"])


def test_record_values_use_spec_vocabularies():
    from nlp.model import ASSERTIONS, FINDING_TYPES, SIDES, SEVERITIES, ZONES

    rec = nlp.analyze(SAMPLE).to_dict()
    for f in rec["findings"]:
        assert f["type"] in FINDING_TYPES
        assert f["assertion"] in ASSERTIONS
        assert f["side"] in SIDES + (None,)
        assert f["zone"] in ZONES + (None,)
        assert f["severity"] in SEVERITIES + (None,)
        assert f["level"] is None or re.fullmatch(r"[TLS]\d{1,2}(-[TLS]\d{1,2})?", f["level"])
        assert SAMPLE[f["start"]:f["end"]] == f["text"]


def test_record_is_json_serialisable():
    import json

    rec = nlp.analyze(SAMPLE).to_dict()
    assert json.loads(json.dumps(rec)) == rec
