"""``lsmri_normalizer`` and ``lsmri_findings``: token norms and the finding matcher.

The normalizer writes the norms of ``lexicons/normalization.json`` into the vocabulary once, so that
misspellings, inflections and British spellings share one ``NORM`` at no per-document cost.

The finding matcher wraps medspaCy's ``TargetMatcher`` (PhraseMatcher on ``NORM`` for literals, spaCy
Matcher for token patterns) with the rules of ``lexicons/findings/*.json``. It resolves overlaps as the
lexicon says (``suppresses``; same-type overlaps keep the longest span; ``PSEUDO`` entries only block
look-alikes; anatomy mentions (``normal_only``) give way to any real finding they overlap) and writes
the spans to ``doc.spans["lsmri_findings"]``. Anatomy mentions carry the label ``ANATOMY``; the
finding type of every span is in ``doc._.lsmri_span_types``.
"""

import re
from collections import defaultdict

from medspacy.target_matcher import TargetMatcher, TargetRule
from spacy.language import Language
from spacy.tokens import Doc

from nlp.lexicon import finding_lexicons, norm_lexicon

SPAN_GROUP = "lsmri_findings"
ANATOMY = "ANATOMY"

if not Doc.has_extension("lsmri_span_types"):
    Doc.set_extension("lsmri_span_types", default=None)


def apply_norms(vocab, path=None) -> int:
    """Set lexeme norms from the normalization lexicon; returns how many lexemes were set."""
    count = 0
    for canonical, variants in norm_lexicon(path).norms.items():
        for variant in set(variants) | {canonical}:
            for form in {variant, variant.lower(), variant.title(), variant.upper(), variant.capitalize()}:
                vocab[form].norm_ = canonical
                count += 1
    return count


@Language.factory("lsmri_normalizer", default_config={"norms_path": None})
def make_normalizer(nlp, name, norms_path):
    return Normalizer(nlp, name, norms_path)


class Normalizer:
    def __init__(self, nlp, name="lsmri_normalizer", norms_path=None):
        self.name = name
        apply_norms(nlp.vocab, norms_path)

    def __call__(self, doc):
        return doc


@Language.factory(
    "lsmri_findings",
    default_config={"lexicon_dir": None},
    assigns=["doc.spans", "doc._.lsmri_span_types"],
)
def make_findings(nlp, name, lexicon_dir):
    return FindingMatcher(nlp, name, lexicon_dir)


class FindingMatcher:
    """Matches every finding type of the catalog (see module docstring)."""

    def __init__(self, nlp, name="lsmri_findings", lexicon_dir=None):
        self.name = name
        self.entries = {}
        self._matcher = TargetMatcher(nlp, name=f"{name}_matcher", phrase_matcher_attr="NORM",
                                      result_type=None, prune=False)
        rules = []
        for lex in finding_lexicons(lexicon_dir):
            for entry in lex.entries:
                self.entries[entry.id] = entry
                label = ANATOMY if entry.normal_only else entry.type
                meta = {"entry": entry.id}
                for literal in entry.literals:
                    rules.append(TargetRule(literal, label, metadata=meta))
                for i, pattern in enumerate(entry.patterns):
                    for j, expanded in enumerate(expand_first_token(pattern)):
                        rules.append(TargetRule(f"{entry.id}#{i}.{j}", label, pattern=expanded, metadata=meta))
        self._matcher.add(rules)

    def __call__(self, doc):
        raw = self._matcher(doc)
        cands = []  # (start, end, type, entry)
        seen = set()
        for span in raw:
            entry = self.entries[span._.target_rule.metadata["entry"]]
            key = (span.start, span.end, entry.type, entry.normal_only)
            if key in seen:
                continue
            seen.add(key)
            cands.append((span.start, span.end, entry.type, entry))
        keep = resolve_overlaps(cands)
        spans = []
        types = {}
        for start, end, ftype, entry in keep:
            label = ANATOMY if entry.normal_only else ftype
            span = doc[start:end]
            spans.append(span.__class__(doc, start, end, label=label))
            types[(start, end, label)] = (ftype, entry.id)
        spans.sort(key=lambda s: (s.start, s.end))
        doc.spans[SPAN_GROUP] = spans
        doc._.lsmri_span_types = types
        return doc


def expand_first_token(pattern):
    """``[{"NORM": {"IN": [a, b]}}, ...]`` -> one pattern per value: the Matcher tries a pattern's first
    token at every token of every document, and a set predicate there is a Python call each time."""
    first = pattern[0]
    if len(first) == 1:
        (attr, value), = first.items()
        if isinstance(value, dict) and set(value) == {"IN"}:
            return [[{attr: v}] + pattern[1:] for v in value["IN"]]
    return [pattern]


def _inside(a, b) -> bool:
    return a[0] >= b[0] and a[1] <= b[1]


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def resolve_overlaps(cands):
    """Apply the lexicon's overlap policy to candidate matches ``(start, end, type, entry)``."""
    dropped = set()
    real = [c for c in cands if not c[3].normal_only]
    for i, c in enumerate(cands):
        entry = c[3]
        if entry.normal_only:
            # anatomy mention inside / across a real finding: the real finding speaks for it
            if any(_overlap(c, r) for r in real):
                dropped.add(i)
            continue
        for j, d in enumerate(cands):
            if i == j or j in dropped:
                continue
            if d[2] in entry.suppresses and _inside(d, c) and (d[0], d[1]) != (c[0], c[1]):
                dropped.add(j)
    # same type overlapping: keep the longest (then the earliest)
    by_type = defaultdict(list)
    for i, c in enumerate(cands):
        if i not in dropped:
            by_type[(c[2], c[3].normal_only)].append(i)
    for idxs in by_type.values():
        idxs.sort(key=lambda k: (-(cands[k][1] - cands[k][0]), cands[k][0]))
        chosen = []
        for k in idxs:
            if any(_overlap(cands[k], cands[m]) for m in chosen):
                dropped.add(k)
            else:
                chosen.append(k)
    return [c for i, c in enumerate(cands) if i not in dropped and c[2] != "PSEUDO"]
