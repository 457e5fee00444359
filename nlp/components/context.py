"""``lsmri_context``: medspaCy's ConText with radiology rules (``lexicons/context_rules.json``).

Categories: ``NEGATED_EXISTENCE``, ``POSSIBLE_EXISTENCE``, ``HISTORICAL``, ``PSEUDO`` (pseudo-negations
such as "no change in", which block their shorter negation substrings), ``TERMINATE`` and ``NORMAL``
("normal", "patent", "maintained"), which applies to anatomy mentions only. Scope is the sentence
(``lsmri_sentences``) unless a rule sets ``max_scope``. The modifiers stay on ``span._.modifiers``;
``lsmri_attributes`` turns them into one assertion per finding.
"""

from medspacy.context import ConText
from spacy.language import Language

from nlp.components.findings import SPAN_GROUP
from nlp.resources import lexicon_path


@Language.factory("lsmri_context", default_config={"rules_path": None})
def make_context(nlp, name, rules_path):
    return ConText(
        nlp,
        name=name,
        rules=rules_path or str(lexicon_path("context_rules.json")),
        phrase_matcher_attr="NORM",
        span_attrs=None,
        input_span_type="group",
        span_group_name=SPAN_GROUP,
        prune_on_modifier_overlap=True,
    )
