"""fastre.compile: a look-ahead on a pattern's first characters finds the same matches, faster."""

from __future__ import annotations

import json
import re

import pytest

from nlp.components import attributes, fastre


def test_first_chars_of_word_alternations_and_lookbehinds():
    assert fastre.first_chars(r"\b(?:mild|moderate|severe)\b") == {"m", "s"}
    assert fastre.first_chars(r"(?<![A-Za-z0-9])([CTLS])\s?\d") == set("CTLS")
    assert fastre.first_chars(r"\n|[.:;]\s|/{2,}") == set("\n.:;/")
    assert fastre.first_chars(r"(?:grade\s+)?(\d)") is None  # \d: a category, not read
    assert fastre.first_chars(r"a?") is None  # may match the empty string
    assert {"k", "K", "\u212a"} <= fastre.first_chars(r"\bknee", re.IGNORECASE)


def test_inline_global_flags_are_left_alone():
    rx = fastre.compile(r"(?i)\bdisc\b")
    assert rx.pattern == r"(?i)\bdisc\b"
    assert rx.search("a DISC bulge")


@pytest.fixture(scope="module")
def report_texts(dev_gold_path):
    return [json.loads(line)["text"] for line in open(dev_gold_path, encoding="utf-8") if line.strip()]


def _patterns():
    rules = attributes.attribute_rules()
    found = {k: v for k, v in vars(attributes).items() if isinstance(v, re.Pattern)}
    found.update({f"rules.{k}": v for k, v in rules.items() if isinstance(v, re.Pattern)})
    return found


def test_prefixed_patterns_find_the_same_matches_on_real_reports(report_texts):
    checked = 0
    for name, rx in _patterns().items():
        if not rx.pattern.startswith("(?=["):
            continue
        plain = re.compile(rx.pattern[rx.pattern.index("])(?:") + 5:-1], rx.flags)
        for text in report_texts:
            assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)], name
        checked += 1
    assert checked >= 10
