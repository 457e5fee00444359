"""``build_pipeline()``: the lumbar-nlp spaCy pipeline.

    tokenizer (lsmri.tokenizer.v1)
    -> lsmri_normalizer   norms from lexicons/normalization.json (vocabulary, once)
    -> lsmri_sentences    fast rule sentence splitter
    -> lsmri_sections     medspaCy Sectionizer, radiology rules
    -> lsmri_findings     medspaCy TargetMatcher, lexicons/findings/*.json -> doc.spans["lsmri_findings"]
    -> lsmri_context      medspaCy ConText, radiology rules
    -> lsmri_attributes   level, side, zone, severity, grade, assertion -> doc._.findings
"""

from __future__ import annotations

import logging

import spacy

import nlp.components.attributes  # noqa: F401  (registers factories)
import nlp.components.context  # noqa: F401
import nlp.components.findings  # noqa: F401
import nlp.components.sections  # noqa: F401
import nlp.components.sentences  # noqa: F401
from nlp.components.tokenizer import make_tokenizer
from nlp.errors import MAX_CHARS

COMPONENTS = ("lsmri_normalizer", "lsmri_sentences", "lsmri_sections", "lsmri_findings", "lsmri_context",
              "lsmri_attributes")


def _quiet_medspacy() -> None:
    """medspaCy logs through loguru at DEBUG level; silence it (speed, and never log report text)."""
    try:
        from loguru import logger

        logger.disable("medspacy")
        logger.disable("PyRuSH")
    except ImportError:  # pragma: no cover
        pass
    logging.getLogger("medspacy").setLevel(logging.WARNING)


def build_pipeline(**_ignored) -> spacy.language.Language:
    """Return a new pipeline. Building takes about a second; reuse it (``nlp.analysis.default_pipeline``)."""
    _quiet_medspacy()
    config = {"nlp": {"tokenizer": {"@tokenizers": "lsmri.tokenizer.v1"}}}
    pipeline = spacy.blank("en", config=config)
    pipeline.max_length = MAX_CHARS + 1  # analyze() truncates longer texts and says so
    for name in COMPONENTS:
        pipeline.add_pipe(name)
    return pipeline
