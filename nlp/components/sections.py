"""``lsmri_sections``: medspaCy's Sectionizer with radiology section rules (``lexicons/sections.json``).

Categories: ``history`` (clinical history / indication), ``comparison``, ``technique``, ``findings``,
``differential`` (a differential diagnosis: its items are possible),
``impression``. medspaCy's default rules are written for clinical notes (IMPRESSION becomes
``observation_and_plan``), hence our own. Level sub-headings (``L4-5:``) are handled by
``lsmri_attributes``, which lets them govern the sentences that follow.
"""

from medspacy.common.util import prune_overlapping_matches
from medspacy.section_detection import Sectionizer
from medspacy.section_detection.section import Section
from spacy.attrs import SENT_START
from spacy.language import Language

from nlp.components.matching import compile_token_patterns, medspacy_matches
from nlp.components.tokenregex import PatternSet, shared_matcher
from nlp.resources import lexicon_path


class RadiologySectionizer(Sectionizer):
    """medspaCy's Sectionizer (its rules, matcher and ``doc._.sections``), without setting
    ``token._.section`` on every token: that loop cost more than tokenising the report. Code that needs
    the section of a span looks it up in ``doc._.sections`` (see ``lsmri_attributes``)."""

    def __init__(self, nlp, *args, **kwargs):
        self._patterns = PatternSet(nlp.vocab, regex=shared_matcher(nlp))
        super().__init__(nlp, *args, **kwargs)

    def add(self, rules):  # Sectionizer.__init__ adds its rules through here too
        super().add(rules)
        # section titles without a colon are token patterns that begin with a fixed word ("CLINICAL HISTORY
        # <newline>"): compiled and run only from those words (tokenregex.PatternSet), not in spaCy's Matcher
        # over the whole report; a pattern PatternSet cannot take stays there
        compile_token_patterns(self._Sectionizer__matcher, self._patterns, self.nlp.vocab)

    def __call__(self, doc):
        matcher = self._Sectionizer__matcher
        matches = medspacy_matches(matcher, doc, prune=list)
        matches.extend(self._patterns(doc))
        matches = prune_overlapping_matches(matches) if matcher._prune else sorted(matches, key=lambda m: (m[1], m[2]))
        if self._parent_sections:
            matches = self.set_parent_sections(matches)
        sections = []
        starts = []
        if not matches:
            sections.append(Section(None, 0, 0, 0, len(doc)))
        elif matches[0][1] != 0:
            sections.append(Section(None, 0, 0, 0, matches[0][1]))
        for i, match in enumerate(matches):
            start, end = match[1], match[2]
            rule = self._Sectionizer__matcher.rule_map[self.nlp.vocab.strings[match[0]]]
            starts.append(start)
            if end < len(doc):
                starts.append(end)
            stop = matches[i + 1][1] if i + 1 < len(matches) else len(doc)
            sections.append(Section(rule.category, start, end, end, stop, None, rule))
        if starts:
            # a title opens a sentence and so does its body; Token.is_sent_start's setter walks the whole document
            # each time (spaCy checks for a parse), so the sentence starts are set in one pass
            flags = doc.to_array([SENT_START])
            if not all(flags[i] == 1 for i in starts):
                flags[starts] = 1
                doc.from_array([SENT_START], flags)
        doc._.sections = sections
        return doc


@Language.factory("lsmri_sections", default_config={"rules_path": None})
def make_sections(nlp, name, rules_path):
    return RadiologySectionizer(
        nlp,
        name=name,
        rules=rules_path or str(lexicon_path("sections.json")),
        phrase_matcher_attr="LOWER",
        span_attrs=None,
        apply_sentence_boundary=True,
    )
