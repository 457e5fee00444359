"""``lsmri_sections``: medspaCy's Sectionizer with radiology section rules (``lexicons/sections.json``).

Categories: ``history`` (clinical history / indication), ``comparison``, ``technique``, ``findings``,
``impression``. medspaCy's default rules are written for clinical notes (IMPRESSION becomes
``observation_and_plan``), hence our own. Level sub-headings (``L4-5:``) are handled by
``lsmri_attributes``, which lets them govern the sentences that follow.
"""

from medspacy.section_detection import Sectionizer
from spacy.language import Language

from nlp.resources import lexicon_path


@Language.factory("lsmri_sections", default_config={"rules_path": None})
def make_sections(nlp, name, rules_path):
    return Sectionizer(
        nlp,
        name=name,
        rules=rules_path or str(lexicon_path("sections.json")),
        phrase_matcher_attr="LOWER",
        span_attrs=None,
        apply_sentence_boundary=True,
    )
