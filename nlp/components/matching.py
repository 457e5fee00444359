"""Running a medspaCy ``MedspacyMatcher`` without its idle parts.

``MedspacyMatcher.__call__`` always runs its spaCy ``Matcher``, ``PhraseMatcher`` and regex matcher. A
``Matcher`` with no patterns still walks every token (and warns, W036); the regex matcher rebuilds the
document text for every pattern. Here only the parts with rules run, optionally over parts of a document.
"""

from medspacy.common.util import prune_overlapping_matches


def prune_contained(matches, blocks=None):
    """Drop matches lying inside a longer match; keep partial overlaps. ("are unremarkable" and "unremarkable
    without" both stand in "the levels are unremarkable without herniation"; medspaCy's pruning keeps one.)
    ``blocks(longer_id, shorter_id)``, when given, says whether a longer match removes a shorter one inside it."""
    ordered = sorted(set(matches), key=lambda m: (m[1], -(m[2] - m[1])))
    kept = []
    active = []  # kept matches that may still contain a later one (they end after its start)
    for m in ordered:
        active = [k for k in active if k[2] > m[1]]
        if any(k[1] <= m[1] and m[2] <= k[2] and (k[2] - k[1]) > (m[2] - m[1])
               and (blocks is None or blocks(k[0], m[0])) for k in active):
            continue
        kept.append(m)
        active.append(m)
    return kept


def medspacy_matches(matcher, doc, runs=None, prune=None):
    """``(match_id, start, end)`` of ``matcher`` (a ``MedspacyMatcher``) over ``doc``, or only over the token
    ranges ``runs`` ([(start, end)], sorted, not overlapping). Offsets are document offsets. ``prune``: a
    function applied to the matches (default: medspaCy's pruning when the matcher prunes, else sorted)."""
    token_matcher = matcher._MedspacyMatcher__matcher
    phrase_matcher = matcher._MedspacyMatcher__phrase_matcher
    regex_matcher = matcher._MedspacyMatcher__regex_matcher
    has_tokens, has_phrases = len(token_matcher) > 0, len(phrase_matcher) > 0
    matches = []
    whole = [(0, len(doc))]
    for start, end in (runs or whole) if has_tokens else []:
        part = doc if (start, end) == whole[0] else doc[start:end]
        # spaCy's Matcher gives offsets within a Span, its PhraseMatcher offsets within the Doc
        matches.extend((m, s + start, e + start) for m, s, e in token_matcher(part))
    for start, end in (runs or whole) if has_phrases else []:
        matches.extend(phrase_matcher(doc if (start, end) == whole[0] else doc[start:end]))
    if regex_matcher._patterns:
        matches.extend(m for m in regex_matcher(doc)
                       if runs is None or any(s <= m[1] and m[2] <= e for s, e in runs))
    if prune is not None:
        return prune(matches)
    return prune_overlapping_matches(matches) if matcher._prune else sorted(matches, key=lambda m: (m[1], m[2]))


def compile_token_patterns(matcher, patterns, vocab) -> None:
    """Move the token-pattern rules of ``matcher`` (a ``MedspacyMatcher``) that ``patterns`` (a
    ``tokenregex.PatternSet``) can compile out of spaCy's Matcher and into ``patterns``, under the same match ids;
    rules with an ``on_match`` callback, or that PatternSet cannot take, stay in the Matcher."""
    token_matcher = matcher._MedspacyMatcher__matcher
    for rule_id, rule in matcher.rule_map.items():
        if (isinstance(rule.pattern, list) and rule.pattern and rule.on_match is None
                and rule_id in token_matcher and len(token_matcher.get(rule_id)[1]) == 1
                and patterns.add(vocab.strings.add(rule_id), rule.pattern)):
            token_matcher.remove(rule_id)
