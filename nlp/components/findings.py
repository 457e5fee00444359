"""``lsmri_normalizer`` and ``lsmri_findings``: token norms and the finding matcher.

The normalizer writes the norms of ``lexicons/normalization.json`` into the vocabulary once, so that
misspellings, inflections and British spellings share one ``NORM`` at no per-document cost.

The finding matcher runs the rules of ``lexicons/findings/*.json``: literals in medspaCy's matcher (a
PhraseMatcher on ``NORM``), token patterns compiled to regular expressions (``tokenregex.PatternSet``; spaCy's
Matcher for a pattern it cannot compile). It resolves overlaps as the
lexicon says (``suppresses``; same-type overlaps keep the longest span; ``PSEUDO`` entries only block
look-alikes; anatomy mentions (``normal_only``) give way to any real finding they overlap) and writes
the spans to ``doc.spans["lsmri_findings"]``. Anatomy mentions carry the label ``ANATOMY``; the
finding type of every span is in ``doc._.lsmri_span_types``.
"""

import bisect

from medspacy.common.medspacy_matcher import MedspacyMatcher
from medspacy.target_matcher import TargetRule
from spacy.attrs import NORM
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from nlp.components.matching import medspacy_matches
from nlp.components.tokenregex import PatternSet, shared_matcher
from nlp.lexicon import finding_lexicons, norm_lexicon, site_lexicon

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
        self.vocab = nlp.vocab
        self.entries = {}
        # literals: medspaCy's matcher (a PhraseMatcher on NORM) with medspaCy TargetRules
        self._phrases = MedspacyMatcher(nlp, name=f"{name}_phrases", phrase_matcher_attr="NORM", prune=False)
        # token patterns: compiled to regular expressions and matched from the tokens that can begin them
        # (PatternSet); a pattern it cannot take runs in a spaCy Matcher over the whole document
        self._full = Matcher(nlp.vocab)
        self._patterns = PatternSet(nlp.vocab, regex=shared_matcher(nlp))
        self._pattern_entry = {}
        self._gap_stop = {}
        rules = []
        for lex in finding_lexicons(lexicon_dir):
            for entry in lex.entries:
                self.entries[entry.id] = entry
                if entry.gap_stop:
                    self._gap_stop[entry.id] = {self.vocab.strings.add(w) for w in entry.gap_stop}
                label = ANATOMY if entry.normal_only else entry.type
                meta = {"entry": entry.id}
                for literal in entry.literals:
                    rules.append(TargetRule(literal, label, metadata=meta))
                for i, pattern in enumerate(entry.patterns):
                    key = f"{entry.id}#{i}"
                    key_id = self.vocab.strings.add(key)
                    self._pattern_entry[key_id] = entry.id
                    if not self._patterns.add(key_id, pattern, forbid_inner=entry.gap_stop or None):
                        self._full.add(key, [pattern])
        self._phrases.add(rules)
        # non-spinal sites next to a finding ("hip fracture", "lung mass"): (types, words, before, after)
        def strings(words):
            return {self.vocab.strings.add(w) for w in words} if words is not None else None

        self._sites = [(set(r.types), strings(r.words), r.before, r.after, strings(r.after_gap),
                        (r.before_far, strings(r.before_gap)) if r.before_gap else None)
                       for r in site_lexicon().rules]
        self._site_types = set().union(*(s[0] for s in self._sites)) if self._sites else set()
        self._site_words = set().union(*(s[1] for s in self._sites)) if self._sites else set()
        self._site_reach = max((max(s[2], s[3], s[5][0] if s[5] else 0) for s in self._sites), default=0)

    def _outside_spine(self, cand, norms) -> bool:
        """True when a non-spinal site word stands next to a fracture / mass / hernia candidate."""
        start, end, ftype, _ = cand
        return any(ftype in types and _site_near(norms, start, end, words, before, after, gap, far)
                   for types, words, before, after, gap, far in self._sites)

    def _token_matches(self, doc):
        out = self._patterns(doc)
        if len(self._full):
            out.extend(self._full(doc))
        return out

    def __call__(self, doc):
        cands = []  # (start, end, type, entry)
        seen = set()
        rule_map = self._phrases.rule_map
        strings = self.vocab.strings
        for match_id, start, end in medspacy_matches(self._phrases, doc):
            entry = self.entries[rule_map[strings[match_id]].metadata["entry"]]
            key = (start, end, entry.type, entry.normal_only)
            if key not in seen:
                seen.add(key)
                cands.append((start, end, entry.type, entry))
        norms = None
        for match_id, start, end in self._token_matches(doc):
            entry = self.entries[self._pattern_entry[match_id]]
            stop = self._gap_stop.get(entry.id)
            if stop and end - start > 2:
                # the wildcard gap may not cross "but", "not", "at", a severity word...: checked here, once per
                # match, instead of as a predicate on every wildcard token inside the Matcher
                if norms is None:
                    norms = doc.to_array(NORM).tolist()
                if any(norms[k] in stop for k in range(start + 1, end - 1)):
                    continue
            key = (start, end, entry.type, entry.normal_only)
            if key not in seen:
                seen.add(key)
                cands.append((start, end, entry.type, entry))
        keep = resolve_overlaps(cands)
        if any(c[2] in self._site_types for c in keep):
            if norms is None:
                norms = doc.to_array(NORM).tolist()
            words = self._site_words
            sites = [i for i, v in enumerate(norms) if v in words]  # where any site word stands
            if sites:
                reach = self._site_reach
                keep = [c for c in keep if c[2] not in self._site_types or not _any_between(
                    sites, c[0] - reach, c[1] + reach) or not self._outside_spine(c, norms)]
        spans = []
        types = {}
        for start, end, ftype, entry in sorted(keep, key=lambda c: (c[0], c[1])):
            label = ANATOMY if entry.normal_only else ftype
            spans.append(Span(doc, start, end, label=label))
            types[(start, end, label)] = (ftype, entry.id)
        doc.spans[SPAN_GROUP] = spans
        doc._.lsmri_span_types = types
        return doc


def _any_between(positions, lo, hi) -> bool:
    """Whether a sorted list of positions has one in [lo, hi)."""
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def _site_near(norms, start, end, words, before, after, gap=None, far=None) -> bool:
    lo, hi = max(0, start - before), min(len(norms), end + after)
    if any(norms[k] in words for k in range(lo, start)):
        return True
    if far is not None:
        reach, allowed = far
        for k in range(start - 1, max(-1, start - reach - 1), -1):
            if norms[k] in words:
                return True
            if norms[k] not in allowed:
                break
    for k in range(end, hi):
        if norms[k] in words:
            return True
        if gap is not None and norms[k] not in gap:
            return False
    return False


def _inside(a, b) -> bool:
    return a[0] >= b[0] and a[1] <= b[1]


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def resolve_overlaps(cands):
    """Apply the lexicon's overlap policy to candidate matches ``(start, end, type, entry)``:

    1. an entry's ``suppresses`` types are dropped where they lie inside its span (not the same span);
    2. anatomy mentions (``normal_only``) overlapping a real finding are dropped;
    3. among overlapping spans of one type, the longest (then the earliest) stays;
    4. ``PSEUDO`` spans, which only block look-alikes, are dropped.
    """
    cands = sorted(cands, key=lambda c: (c[0], -c[1]))
    n = len(cands)
    dropped = [False] * n
    starts = [c[0] for c in cands]
    real = sorted((c[0], c[1]) for c in cands if not c[3].normal_only)
    real_starts = [r[0] for r in real]
    longest = max((e0 - s0 for s0, e0 in real), default=0)
    for i, (start, end, _t, entry) in enumerate(cands):
        if entry.normal_only:
            j = bisect.bisect_left(real_starts, start - longest)
            while j < len(real) and real[j][0] < end:
                if real[j][1] > start:
                    dropped[i] = True
                    break
                j += 1
        elif entry.suppresses:
            j = bisect.bisect_left(starts, start)
            while j < n and starts[j] < end:
                d = cands[j]
                if j != i and d[1] <= end and d[2] in entry.suppresses and ((d[0], d[1]) != (start, end)
                                                                            or d[2] != entry.type):
                    dropped[j] = True
                j += 1
    by_type = {}
    for i, c in enumerate(cands):
        if not dropped[i]:
            by_type.setdefault((c[2], c[3].normal_only), []).append(i)
    for idxs in by_type.values():
        if len(idxs) < 2:
            continue
        idxs.sort(key=lambda k: (cands[k][0] - cands[k][1], cands[k][0]))
        chosen_starts, chosen_ends = [], []  # kept spans do not overlap: sorted by start, ends follow
        for k in idxs:
            s0, e0 = cands[k][0], cands[k][1]
            pos = bisect.bisect_left(chosen_starts, s0)
            if (pos > 0 and chosen_ends[pos - 1] > s0) or (pos < len(chosen_starts) and chosen_starts[pos] < e0):
                dropped[k] = True
            else:
                chosen_starts.insert(pos, s0)
                chosen_ends.insert(pos, e0)
    return [c for i, c in enumerate(cands) if not dropped[i] and c[2] != "PSEUDO"]
