"""``lsmri_context``: medspaCy's ConText with radiology rules (``lexicons/context_rules.json``).

Categories: ``NEGATED_EXISTENCE``, ``POSSIBLE_EXISTENCE``, ``HISTORICAL``, ``PSEUDO`` (pseudo-negations
such as "no change in", which block their shorter negation substrings), ``HYPOTHETICAL`` (risks, plans,
candidacy: "risks including infection", "a candidate for fusion"; such mentions are not findings), ``TERMINATE``
and ``NORMAL``
("normal", "patent", "maintained"), which applies to anatomy mentions only. Scope is the sentence
(``lsmri_sentences``) unless a rule sets ``max_scope``. The modifiers stay on ``span._.modifiers`` (and, by token offsets, in
``doc._.lsmri_modifiers``);
``lsmri_attributes`` turns them into one assertion per finding.
"""

import bisect

import numpy
from medspacy.context import ConText, ConTextGraph, ConTextModifier
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.findings import SPAN_GROUP
from nlp.components.matching import compile_token_patterns, medspacy_matches, prune_contained
from nlp.components.tokenregex import PatternSet, shared_matcher
from nlp.resources import lexicon_path

if not Doc.has_extension("lsmri_modifiers"):
    Doc.set_extension("lsmri_modifiers", default=None)


class SentenceContext(ConText):
    """medspaCy's ConText, with modifier-modifier and modifier-target checks kept within a sentence.

    medspaCy compares every modifier with every other modifier and every target of the document, which is
    quadratic in the length of the report (a 200 kB report took seconds). Scopes never leave the sentence
    (``max_scope`` windows are shorter than our sentences), so comparing within a sentence gives the same
    edges in linear time. A modifier inside a target never modifies it (medspaCy's ``tuple_overlaps``
    misses full containment, so "lungs show NO opacities" as one target was negated by its own "no").
    """

    def add(self, rules):  # ConText.__init__ adds its rules through here too
        super().add(rules)
        self._compile_token_patterns()

    def _compile_token_patterns(self):
        """Token patterns run as compiled regular expressions from the tokens that can begin them
        (``tokenregex.PatternSet``), not in spaCy's Matcher, which builds a Python Token and calls Python for
        every set predicate at every token of every sentence; a pattern PatternSet cannot take stays there."""
        if not hasattr(self, "_patterns"):
            # share the other components' matcher, so that a document is encoded once
            self._patterns = PatternSet(self.nlp.vocab, regex=shared_matcher(self.nlp))
        compile_token_patterns(self._ConText__matcher, self._patterns, self.nlp.vocab)

    def __call__(self, doc, targets=None):
        targets = list(doc.spans[self.span_group_name]) if self.span_group_name in doc.spans else []
        matcher = self._ConText__matcher
        graph = ConTextGraph(prune_on_modifier_overlap=self.prune_on_target_overlap)
        graph.targets = targets
        modifiers = []
        bounds = sentence_starts(doc) + [len(doc)]
        for match_id, start, end in self._match(doc, targets, bounds):
            rule = matcher.rule_map[self.nlp.vocab[match_id].text]
            k = bisect.bisect_right(bounds, start) - 1
            scope = _scope(rule, start, end, bounds[k], bounds[k + 1]) if not self.max_scope else (None, None)
            # medspaCy finds the scope with Token.sent and Doc.has_annotation, which walk the whole document for
            # every modifier (quadratic in a long report); the sentence bounds are known here
            modifiers.append(ConTextModifier(rule, start, end, doc, scope_start=scope[0], scope_end=scope[1],
                                             max_scope=self.max_scope))
        by_sent = {}
        for m in modifiers:
            k = bisect.bisect_right(bounds, m.modifier_span[0]) - 1
            by_sent.setdefault((bounds[k], bounds[k + 1]), []).append(m)
        target_starts = sorted((t.start, i) for i, t in enumerate(targets))
        keys = [s for s, _ in target_starts]
        edges = []
        for (sent_start, sent_end), group in by_sent.items():
            for i in range(len(group) - 1):
                for j in range(i + 1, len(group)):
                    group[i].limit_scope(group[j])
                    group[j].limit_scope(group[i])
            _terminate(group)
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
        by_target = {}  # (start, end) -> modifiers: read by lsmri_attributes without a Span per target
        for target, modifier in edges:
            target._.modifiers += (modifier,)
            key = (target.start, target.end)
            by_target[key] = by_target.get(key, ()) + (modifier,)
        doc._.lsmri_modifiers = by_target
        doc._.context_graph = graph
        return doc


    def _match(self, doc, targets, bounds):
        """The modifier matches of the sentences that hold a target (scopes never leave a sentence, so the
        other sentences, over half of a report's tokens, cannot modify anything)."""
        if not targets:
            return []
        runs = []
        for t in sorted(targets, key=lambda t: t.start):
            k = bisect.bisect_right(bounds, t.start) - 1
            start, end = bounds[k], bounds[k + 1]
            if runs and start <= runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], end)
            else:
                runs.append([start, end])
        matches = medspacy_matches(self._ConText__matcher, doc, runs, prune=list)
        matches.extend(self._patterns(doc, runs))
        return self._prune(matches)

    def _prune(self, matches):
        kept = prune_contained(matches, self._blocks)
        strings, rules = self.nlp.vocab.strings, self._ConText__matcher.rule_map
        pseudo = [(s, e) for m, s, e in kept if rules[strings[m]].category == "PSEUDO"]
        if not pseudo:
            return kept
        # a pseudo-negation also cancels a trigger it shares a word with: "There is no change in the bulge"
        # ("there is no" overlaps "no change in")
        return [(m, s, e) for m, s, e in kept
                if rules[strings[m]].category == "PSEUDO" or not any(ps < e and s < pe for ps, pe in pseudo)]

    def _blocks(self, longer_id, shorter_id) -> bool:
        """A longer modifier removes one inside it when it is a pseudo-modifier ("no change in" holds "no") or
        does not read the opposite way; "is normal" (backward) leaves "normal" (forward) to modify what follows. A
        history read backward holds the forward one inside it: "the extrusion seen on the prior study" says which
        finding the prior study showed, not the findings after "prior study"."""
        strings, rules = self.nlp.vocab.strings, self._ConText__matcher.rule_map
        longer, shorter = rules[strings[longer_id]], rules[strings[shorter_id]]
        return (longer.category in ("PSEUDO", "TERMINATE")
                or {longer.direction, shorter.direction} != {"FORWARD", "BACKWARD"}
                or longer.category == shorter.category == "HISTORICAL")


def _terminate(group) -> None:
    """A TERMINATE cue (";", ", with", "but") ends the scope of the modifiers on either side of it. medspaCy's
    ``limit_scope`` skips this when the cue's scope (its sentence) contains the modifier's scope, so "Left foraminal
    stenosis; the right foramen is not narrowed" negated the stenosis through the semicolon."""
    terms = [m.modifier_span for m in group if m.direction.upper() == "TERMINATE"]
    if not terms:
        return
    for m in group:
        direction = m.direction.lower()
        if direction == "terminate":
            continue
        start, end = m.modifier_span
        for t_start, t_end in terms:
            if direction in ("forward", "bidirectional") and end <= t_start < m._scope_end:
                m._scope_end = t_start
            if direction in ("backward", "bidirectional") and start >= t_end > m._scope_start:
                m._scope_start = t_end


def _scope(rule, start, end, sent_start, sent_end) -> tuple[int, int]:
    """medspaCy's ``ConTextModifier`` scope (sentence, cut to the rule's ``max_scope``), from known sentence bounds."""
    direction, max_scope = rule.direction.lower(), rule.max_scope
    if direction == "forward":
        lo, hi = end, sent_end
        if max_scope is not None and hi - lo > max_scope:
            hi = end + max_scope
    elif direction == "backward":
        lo, hi = sent_start, start
        if max_scope is not None and hi - lo > max_scope:
            lo = start - max_scope
    else:
        lo, hi = sent_start, sent_end
        if max_scope is not None and start - lo > max_scope:
            lo = start - max_scope
        if max_scope is not None and hi - end > max_scope:
            hi = end + max_scope
    return lo, hi


def sentence_starts(doc) -> list[int]:
    """Token indices where sentences begin (``Token.sent`` walks the document on every call)."""
    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts


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
