"""A tokenizer that keeps radiology tokens whole: spine levels (``L4-5``, ``L4-L5``, ``L5/S1``, ``L45``,
``T12-L1``), ``s/p``, and splits odd separators (``//``, ``;`` between words, ``&`` glued to a level).

Registered as ``lsmri.tokenizer.v1`` so that a saved pipeline rebuilds it from its config.
"""

from __future__ import annotations

import re

import spacy
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

LEVEL_TOKEN = re.compile(
    r"^(?:[CTLS]\d{1,2}(?:\s?[-\u2013\u2014/]\s?[CTLS]?\d{1,2})?|[CTLS]\d{1,2}[CTLS]\d{1,2}|s/p|S/P|h/o|H/O|y/o|Y/O|c/w)$"
)

_EXTRA_PREFIXES = [r"/+", r"&", r"\*"]
_EXTRA_SUFFIXES = [r"/+", r"&", r"\*"]
_EXTRA_INFIXES = [r"/{2,}", r"(?<=[A-Za-z0-9]);(?=[A-Za-z0-9])", r"(?<=[A-Za-z0-9])&(?=[A-Za-z0-9])",
                  r"(?<=[0-9])\*(?=[0-9])", r"(?<=[a-z]),(?=[A-Za-z])", r"(?<=[A-Za-z])\.(?=[A-Z][a-z])"]


def make_tokenizer(nlp) -> Tokenizer:
    defaults = nlp.Defaults
    prefixes = compile_prefix_regex(list(defaults.prefixes) + _EXTRA_PREFIXES)
    suffixes = compile_suffix_regex(list(defaults.suffixes) + _EXTRA_SUFFIXES)
    infixes = compile_infix_regex(list(defaults.infixes) + _EXTRA_INFIXES)
    return Tokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=prefixes.search,
        suffix_search=suffixes.search,
        infix_finditer=infixes.finditer,
        token_match=LEVEL_TOKEN.match,
        url_match=None,
    )


@spacy.registry.tokenizers("lsmri.tokenizer.v1")
def create_tokenizer():
    return make_tokenizer
