"""TokenRegexMatcher / PatternSet: compiled token patterns agree with spaCy's Matcher on real report text."""

from __future__ import annotations

import json

import pytest
from spacy.matcher import Matcher

from nlp.components.tokenregex import PatternSet, TokenRegexMatcher, first_tokens, supported
from nlp.resources import lexicon_path

SENTENCES = [
    "L4-5: Mild disc bulge with mild bilateral neural foraminal narrowing.",
    "At L5-S1 there is a broad-based central disc protrusion which contacts the traversing S1 nerve roots.",
    "Facets: normal. Canal: none. Foramina: right patent, left mildly narrowed.",
    "MRI of the lumbar spine from 2019 showed a small herniation; no significant change since.",
    "There is moderate to severe left foraminal stenosis, but no central canal stenosis.",
    "Grade 1 anterolisthesis of L4 on L5 with bilateral pars defects.",
    "Impression:\n1. Multilevel degenerative disc disease, most pronounced at L4-L5 and L5-S1.",
    "The conus medullaris terminates at L1 - normal; cauda equina nerve roots are unremarkable.",
]


@pytest.fixture(scope="module")
def docs(pipeline):
    return [pipeline.make_doc(t) for t in SENTENCES]


def spacy_longest(vocab, pattern, doc):
    """spaCy's matches reduced to the longest per start (the TokenRegexMatcher contract)."""
    matcher = Matcher(vocab)
    matcher.add("p", [pattern])
    best = {}
    for _, start, end in matcher(doc):
        best[start] = max(best.get(start, 0), end)
    return sorted(best.items())


def regex_matches(vocab, pattern, doc, forbid=None):
    rx = TokenRegexMatcher(vocab)
    index = rx.add(pattern, forbid_inner=forbid)
    encoded = rx.encode(doc)
    out = []
    for i in range(len(doc)):
        end = rx.match(encoded, index, i)
        if end is not None:
            out.append((i, end))
    return out


PATTERNS = [
    [{"LOWER": "disc"}, {"LOWER": {"IN": ["bulge", "protrusion"]}}],
    [{"LOWER": {"IN": ["mild", "moderate", "severe"]}}, {"OP": "{0,3}"}, {"LOWER": {"IN": ["narrowing", "stenosis"]}}],
    [{"ORTH": ":"}, {"LOWER": {"IN": ["none", "normal"]}}, {"IS_PUNCT": True}],
    [{"LOWER": {"IN": ["mri", "ct"]}}, {"LOWER": {"IN": ["of", "from"]}}, {"OP": "*", "IS_PUNCT": False}, {"SHAPE": "dddd"}],
    [{"LOWER": "no"}, {"LOWER": {"NOT_IN": ["change", "further"]}}],
    [{"TEXT": {"REGEX": "^[LS]\\d"}}, {"ORTH": {"IN": ["-", "on"]}, "OP": "?"}, {"TEXT": {"REGEX": "^[LS]\\d"}}],
    [{"LOWER": "grade"}, {"LIKE_NUM": True}, {"LOWER": "anterolisthesis"}],
    [{"LOWER": "nerve"}, {"LOWER": "roots", "OP": "+"}, {"LOWER": "are", "OP": "!"}],
    [{"NORM": "foraminal"}, {"LOWER": {"IN": ["narrowing", "stenosis"]}}],
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=range(len(PATTERNS)))
def test_compiled_pattern_agrees_with_spacy_matcher(pipeline, docs, pattern):
    assert supported(pattern)
    for doc in docs:
        assert regex_matches(pipeline.vocab, pattern, doc) == spacy_longest(pipeline.vocab, pattern, doc), doc.text


def test_every_lexicon_token_pattern_compiles():
    """Every token pattern of the finding and ConText lexicons runs compiled (none falls back to spaCy's Matcher)."""
    patterns = []
    for path in sorted(lexicon_path("findings").glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8"))["entries"]:
            patterns.extend(entry.get("patterns", []))
    rules = json.loads(lexicon_path("context_rules.json").read_text(encoding="utf-8"))["context_rules"]
    patterns.extend(r["pattern"] for r in rules if isinstance(r.get("pattern"), list))
    assert patterns
    for pattern in patterns:
        assert supported(pattern), pattern
        assert first_tokens(pattern), pattern


def test_forbidden_gap_words_stop_a_wildcard(pipeline):
    doc = pipeline.make_doc("mild disc bulge but severe narrowing")
    pattern = [{"LOWER": "mild"}, {"OP": "{0,4}"}, {"LOWER": "narrowing"}]
    assert regex_matches(pipeline.vocab, pattern, doc) == [(0, 6)]
    assert regex_matches(pipeline.vocab, pattern, doc, forbid=["but"]) == []


def test_unsupported_pattern_is_refused(pipeline):
    fuzzy = [{"LOWER": {"FUZZY": "stenosis"}}]
    assert not supported(fuzzy)
    assert not PatternSet(pipeline.vocab).add(1, fuzzy)
    assert not PatternSet(pipeline.vocab).add(1, [{"OP": "?"}, {"LOWER": "x"}])  # can begin anywhere
    with pytest.raises(ValueError):
        TokenRegexMatcher(pipeline.vocab).add(fuzzy)


def test_pattern_set_matches_only_inside_runs(pipeline):
    doc = pipeline.make_doc("Mild disc bulge. Moderate disc bulge at L4-5.")
    patterns = PatternSet(pipeline.vocab)
    assert patterns.add(7, [{"LOWER": {"IN": ["mild", "moderate"]}}, {"LOWER": "disc"}, {"LOWER": "bulge"}])
    assert [(s, e) for _, s, e in patterns(doc)] == [(0, 3), (4, 7)]
    assert [(s, e) for _, s, e in patterns(doc, runs=[(4, len(doc))])] == [(4, 7)]
    assert patterns(doc, runs=[(0, 2)]) == []  # a match may not run past the end of its run


def test_control_characters_in_text_do_not_break_the_encoding(pipeline):
    doc = pipeline.make_doc("disc\x1ebulge \x1f disc bulge")
    patterns = PatternSet(pipeline.vocab)
    patterns.add(1, [{"LOWER": "disc"}, {"LOWER": "bulge"}])
    found = [(s, e) for _, s, e in patterns(doc)]
    assert found == [(s, e) for _, s, e in _spacy(pipeline.vocab, [{"LOWER": "disc"}, {"LOWER": "bulge"}], doc)]


def _spacy(vocab, pattern, doc):
    matcher = Matcher(vocab)
    matcher.add("p", [pattern])
    return matcher(doc)
