"""``lsmri_context``: medspaCy's ConText with radiology rules (``lexicons/context_rules.json``).

Categories: ``NEGATED_EXISTENCE``, ``POSSIBLE_EXISTENCE``, ``HISTORICAL``, ``PSEUDO`` (pseudo-negations
such as "no change in", which block their shorter negation substrings), ``TERMINATE`` and ``NORMAL``
("normal", "patent", "maintained"), which applies to anatomy mentions only. Scope is the sentence
(``lsmri_sentences``) unless a rule sets ``max_scope``. The modifiers stay on ``span._.modifiers``;
``lsmri_attributes`` turns them into one assertion per finding.
"""

import bisect

from medspacy.context import ConText, ConTextGraph, ConTextModifier
from spacy.language import Language

from nlp.components.findings import SPAN_GROUP
from nlp.resources import lexicon_path


class SentenceContext(ConText):
    """medspaCy's ConText, with modifier-modifier and modifier-target checks kept within a sentence.

    medspaCy compares every modifier with every other modifier and every target of the document, which is
    quadratic in the length of the report (a 200 kB report took seconds). Scopes never leave the sentence
    (``max_scope`` windows are shorter than our sentences), so comparing within a sentence gives the same
    edges in linear time. A modifier inside a target never modifies it (medspaCy's ``tuple_overlaps``
    misses full containment, so "lungs show NO opacities" as one target was negated by its own "no").
    """

    def __call__(self, doc, targets=None):
        targets = list(doc.spans[self.span_group_name]) if self.span_group_name in doc.spans else []
        matcher = self._ConText__matcher
        graph = ConTextGraph(prune_on_modifier_overlap=self.prune_on_target_overlap)
        graph.targets = targets
        modifiers = []
        for match_id, start, end in matcher(doc):
            rule = matcher.rule_map[self.nlp.vocab[match_id].text]
            modifiers.append(ConTextModifier(rule, start, end, doc, max_scope=self.max_scope))
        by_sent = {}
        for m in modifiers:
            by_sent.setdefault(doc[m.modifier_span[0]].sent.start, []).append(m)
        target_starts = sorted((t.start, i) for i, t in enumerate(targets))
        keys = [s for s, _ in target_starts]
        edges = []
        for sent_start, group in by_sent.items():
            for i in range(len(group) - 1):
                for j in range(i + 1, len(group)):
                    group[i].limit_scope(group[j])
                    group[j].limit_scope(group[i])
            sent_end = doc[sent_start].sent.end
            lo, hi = bisect.bisect_left(keys, sent_start), bisect.bisect_left(keys, sent_end)
            local = [targets[idx] for _, idx in target_starts[lo:hi]]
            if self.prune_on_target_overlap:
                group = [m for m in group
                         if not any(t.start < m.modifier_span[1] and m.modifier_span[0] < t.end for t in local)]
            for target in local:
                for m in group:
                    ms, me = m.modifier_span
                    if ms < target.end and target.start < me:
                        continue  # medspaCy's overlap test misses a modifier lying inside the target
                    if m.modifies(target):
                        m.modify(target)
            for m in group:
                m.reduce_targets()
                edges.extend((t, m) for t in m._targets)
        graph.modifiers = modifiers
        graph.edges = edges
        for target, modifier in edges:
            target._.modifiers += (modifier,)
        doc._.context_graph = graph
        return doc


@Language.factory("lsmri_context", default_config={"rules_path": None})
def make_context(nlp, name, rules_path):
    return SentenceContext(
        nlp,
        name=name,
        rules=rules_path or str(lexicon_path("context_rules.json")),
        phrase_matcher_attr="NORM",
        span_attrs=None,
        input_span_type="group",
        span_group_name=SPAN_GROUP,
        prune_on_modifier_overlap=True,
    )
