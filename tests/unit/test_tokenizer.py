"""lsmri.tokenizer.v1: radiology tokens stay whole or parseable (issue 3, tokenisation bullet)."""

import pytest


def toks(pipeline, text):
    return [t.text for t in pipeline.make_doc(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("L4-5: mild disc bulge", ["L4-5", ":", "mild", "disc", "bulge"]),
        ("at L4-L5 and L5/S1", ["at", "L4-L5", "and", "L5/S1"]),
        ("at L45 level", ["at", "L45", "level"]),
        ("T12-L1 disc", ["T12-L1", "disc"]),
        ("L5-S1.", ["L5-S1", "."]),
        ("L4/L5 &L5/S1 levels", ["L4/L5", "&", "L5/S1", "levels"]),  # Sudirman p4
        ("measuring 3 mm", ["measuring", "3", "mm"]),
        ("measuring 3x4mm", ["measuring", "3x4", "mm"]),
        ("About 3*2 cm lesion", ["About", "3", "*", "2", "cm", "lesion"]),  # Sudirman p11
        ("Lt lateral recess", ["Lt", "lateral", "recess"]),
        ("Rt paracentral disc protrusion", ["Rt", "paracentral", "disc", "protrusion"]),  # Sudirman p12
        ("narrowing left neural foramen./// L5-S1:", ["narrowing", "left", "neural", "foramen", ".", "///", "L5-S1", ":"]),
        ("bulge // stenosis", ["bulge", "//", "stenosis"]),
        ("s/p fusion", ["s/p", "fusion"]),
        ("level ,mildly compressing", ["level", ",", "mildly", "compressing"]),  # Sudirman p5
    ],
    ids=["heading-L4-5", "L4-L5-and-L5/S1", "L45", "T12-L1", "level-then-period", "ampersand-glued",
         "3-mm", "3x4mm", "3*2-cm", "Lt", "Rt", "triple-slash", "double-slash", "s/p", "leading-comma"],
)
def test_radiology_tokens(pipeline, text, expected):
    assert toks(pipeline, text) == expected


@pytest.mark.parametrize("level", ["L4-5", "L4-L5", "L5/S1", "L45", "T12-L1", "L5-S1", "L3-4", "S1"])
def test_level_is_one_token(pipeline, level):
    doc = pipeline.make_doc(f"Disc bulge at {level} level.")
    assert level in [t.text for t in doc]


@pytest.mark.parametrize("text, expected", [
    ("L4-5;mild bulge", ["L4-5", ";", "mild", "bulge"]),
    ("L4-L5,moderate stenosis", ["L4-L5", ",", "moderate", "stenosis"]),
    ("T12-L1:no fracture", ["T12-L1", ":", "no", "fracture"]),
    ("L5/S1;disc bulge", ["L5/S1", ";", "disc", "bulge"]),
])
def test_punctuation_glued_after_level(pipeline, text, expected):
    assert toks(pipeline, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "small central  disc protrusion noted at L5-S1.\tNo  stenosis.",  # Sudirman p3 double space
        "L4-5:  broad based\tbulge //  L5/S1 &L3-4 3x4mm\n\nIMPRESSION:  mild  disc bulge.",
        "   Diffuse disc bulge noted  ar L4/L5 level ,mildly compressing the thecal sac  ",  # Sudirman p5
    ],
    ids=["double-space", "tabs-and-blank-line", "leading-trailing-spaces"],
)
def test_finding_offsets_map_back_to_caller_text(findings_of, text):
    """Space runs may be collapsed before tokenising, but offsets must index the caller's text."""
    fs = findings_of(text)
    assert fs
    for f in fs:
        assert " ".join(text[f.start:f.end].split()) == " ".join(f.text.split()), f


def test_tokenizer_is_registered_in_config(pipeline):
    assert pipeline.config["nlp"]["tokenizer"]["@tokenizers"] == "lsmri.tokenizer.v1"


@pytest.mark.parametrize("text, joined", [
    ("no disc herniation, canal stenosis or foraminal\nnarrowing.", True),
    ("small broad based posterior\n bulge with a central high intensity zone.", True),
    ("facets normal.\nl5-s1: normal disc.", False),  # a sentence end
    ("mri lumbar spine\nfindings: normal lordosis.", False),  # the next line opens with a label
    ("MILD DISC BULGE\nNO STENOSIS", False),  # upper case: titles and list lines
])
def test_line_wrapped_inside_a_sentence(pipeline, text, joined):
    doc = pipeline.make_doc(text)
    has_break = any("\n" in t.text for t in doc)
    assert has_break != joined, [t.text for t in doc]
    assert doc.user_data.get("lsmri_original", (text,))[0] == text  # the caller's text is kept


def test_whitespace_is_not_a_special_case_and_tokens_are_unchanged(pipeline, dev_gold_path):
    """spaCy stops caching a document's words after any special case; " ", "\\t", "\\n" are left out of the rules
    (they give the same single token either way): every dev report tokenises as with spaCy's full rule set."""
    import json

    from spacy.tokenizer import Tokenizer

    from nlp.components.tokenizer import RadiologyTokenizer

    ours = pipeline.tokenizer
    assert not {" ", "\t", "\n"} & set(ours.rules)
    full = RadiologyTokenizer(pipeline.vocab, rules=pipeline.Defaults.tokenizer_exceptions,
                              prefix_search=ours.prefix_search, suffix_search=ours.suffix_search,
                              infix_finditer=ours.infix_finditer, token_match=ours.token_match, url_match=None)
    assert isinstance(full, Tokenizer)
    for line in open(dev_gold_path, encoding="utf-8"):
        text = json.loads(line)["text"] + "\n \t\n\u00a0x"
        assert [t.text for t in ours(text)] == [t.text for t in full(text)]


ODD_TEXTS = ["", " ", "  ", "\n", " L4-5", "L4-5 ", "a   b", "  a", "\n\n  Findings:", "I'm sure it isn't a bulge.",
             "Im here", "don't", "a\u00a0b", "a \u00a0 b", "s/p L4-5 fusion//no hardware failure", "3x4mm;mild bulge",
             "Pt's L5/S1 HNP", "e.g. Dr. Smith's report", "\u2028L4\u3000L5\x0b\x1cS1\r\n"]


def _sample_texts():
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "corpora" / "samples" / "sample_reports.jsonl"
    return [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]


def test_cached_split_gives_spacys_tokens_norms_and_offsets(pipeline):
    """The tokenizer builds each Doc from a cached split of every run of characters; it must give the tokens,
    spaces, offsets and special-case norms ("I'm" -> "I" + "'m" read "am") of spaCy's own tokenizer."""
    from spacy.tokenizer import Tokenizer

    ours = pipeline.tokenizer
    for text in _sample_texts() + ODD_TEXTS:
        doc = ours(text)
        ref = Tokenizer.__call__(ours, doc.text)
        assert doc.text == ref.text
        assert [(t.text, t.whitespace_, t.idx, t.norm_) for t in doc] == \
               [(t.text, t.whitespace_, t.idx, t.norm_) for t in ref], text
    assert [t.norm_ for t in ours("I'm here")][:2] == ["i", "am"]


def test_cached_split_follows_new_special_cases(pipeline):

    tok = pipeline.tokenizer.__class__(
        pipeline.vocab, rules=dict(pipeline.tokenizer.rules), prefix_search=pipeline.tokenizer.prefix_search,
        suffix_search=pipeline.tokenizer.suffix_search, infix_finditer=pipeline.tokenizer.infix_finditer,
        token_match=pipeline.tokenizer.token_match, url_match=None)
    assert [t.text for t in tok("a gimme")] == ["a", "gimme"]
    tok.add_special_case("gimme", [{"ORTH": "gim"}, {"ORTH": "me"}])
    assert [t.text for t in tok("a gimme")] == ["a", "gim", "me"]
