"""A tokenizer that keeps radiology tokens whole: spine levels (``L4-5``, ``L4-L5``, ``L5/S1``, ``L45``,
``T12-L1``), ``s/p``, and splits odd separators (``//``, ``;`` between words, ``&`` glued to a level).

Registered as ``lsmri.tokenizer.v1`` so that a saved pipeline rebuilds it from its config.
"""

from __future__ import annotations

import re

import spacy
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

LEVEL_TOKEN = re.compile(
    r"^(?:[CTLS]\d{1,2}(?:\s?[-\u2013\u2014/]\s?[CTLS]?\d{1,2})?|[CTLS]\d{1,2}[CTLS]\d{1,2}|s/p|S/P|h/o|H/O|y/o|Y/O|c/w)$"
)

# a level glued to the next word by ";", "," or ":" ("L4-5;mild bulge"): split the level off first, or the
# infixes would cut it into L4 / - / 5
_EXTRA_PREFIXES = [r"[CTLS]\d{1,2}(?:[-\u2013/][CTLS]?\d{1,2})?(?=[;,:][A-Za-z(])", r"/+", r"&", r"\*"]
_EXTRA_SUFFIXES = [r"/+", r"&", r"\*"]
_EXTRA_INFIXES = [r"/{2,}", r"(?<=[A-Za-z0-9]);(?=[A-Za-z0-9])", r"(?<=[A-Za-z0-9])&(?=[A-Za-z0-9])",
                  r"(?<=[0-9])\*(?=[0-9])", r"(?<=[a-z]),(?=[A-Za-z])", r"(?<=[A-Za-z])\.(?=[A-Z][a-z])"]


# a newline between two lower-case words, unless the next line opens with a label ("findings:") or a level
_SOFT_WRAP = re.compile(r"(?<=[a-z,])[ \t]*\n(?=[ \t]*[a-z(])(?![ \t]*[a-z][a-z /]{0,30}:)(?![ \t]*[ctls]\d)")
# terse notes write one statement per line, in lower case and without a full stop ("old wedge compression fracture
# of L1\nschmorl nodes seen at T12\nno marrow edema"): such a line break is a boundary when the line does not end
# mid-phrase (a function word, an adjective waiting for its noun, a comma) and the next line opens a statement
_LOWER_LINE = re.compile(r"\n[ \t]*(?=[a-z])")
_NEXT_WORD = re.compile(r"[ \t]*([a-z][a-z']*)")
_LAST_WORD = re.compile(r"([A-Za-z']+|[^\sA-Za-z'])[ \t]*$")
_SIDE_PLACE_END = re.compile(r"\b(?:on|to|towards?)\s+(?:the\s+)?(?:left|right|rt|lt)[ \t]*$", re.I)  # "more on left"
_MID_PHRASE = frozenset(
    "of the a an with and or to at in on by for from is are was were be been being as which that its their his her "
    "into onto upon than then but nor both either between within without over under behind through via per "
    "mild mildly moderate moderately severe severely small large tiny minimal slight marked broad diffuse focal "
    "left right bilateral central paracentral posterior anterior lateral neural lumbar spinal facet disc disk "
    "nerve thecal canal foraminal subarticular traversing exiting multilevel multiple degenerative there "
    "causing compressing indenting abutting effacing narrowing producing resulting extending involving "
    "not no also very more less most , - / & + ( :".split())
_OPENERS = frozenset(
    "no mild moderate severe minimal small large tiny multilevel multiple old new known features schmorl schmorl's "
    "disc disk discs diffuse broad bilateral left right rt lt grade straightening loss reduced decreased rest there "
    "suspected possible probable likely ddd hnp posterior central paracentral focal early advanced marked "
    "degenerative facet facetal facets ligamentum lf nf mri ct conus cord vertebral vertebrae sacralization "
    "lumbarization hemangioma haemangioma annular modic retrolisthesis anterolisthesis spondylolisthesis spondylosis "
    "spondylolysis listhesis endplate fatty partial complete slight evidence normal cauda thecal neural lateral "
    "spinal canal remaining other incidental visualized visualised impression findings osteophytes osteophyte "
    "marrow bone pars tarlov perineural synovial scoliosis mildly moderately severely compression wedge burst "
    "lumbar sacral dorsal thoracic dorsolumbar lumbosacral alignment signal desiccation desiccated s/o k/c "
    "status s/p post postoperative laminectomy fusion hardware pedicle epidural paravertebral paraspinal psoas "
    "l1 l2 l3 l4 l5 s1 t11 t12 d12".split())


def statement_break(text, nl):
    """Whether the line break at ``nl`` (before a lower-case line) ends a statement (see above)."""
    line = text[text.rfind("\n", 0, nl) + 1:nl]
    last = _LAST_WORD.search(line)
    if last is None or (last.group(1).lower() in _MID_PHRASE and not _SIDE_PLACE_END.search(line)):
        return False
    word = _NEXT_WORD.match(text, nl + 1)
    first = word.group(1) if word else ""
    if first in _MID_PHRASE and first not in _OPENERS:
        return False
    return first in _OPENERS or len(line.strip()) < 40


def line_statement_breaks(text):
    """End offsets of the line breaks in front of a lower-case line that opens a statement."""
    return [m.end() for m in _LOWER_LINE.finditer(text) if statement_break(text, m.start())]


# a template that writes "Canal - mild. NF - R mod, L mild. Facets - hypertrophic." labels its items with a dash:
# read it as "Canal: mild" (same length, so offsets do not move)
_DASH_LABEL = re.compile(
    r"(?:^|(?<=[\n.;:|])|(?<=[\n.;:|][ \t])|(?<=[\n.;:|][ \t]{2}))([ \t]*(?:disc|disk|discs|canal|central\s+canal|spinal\s+canal"
    r"|cc|ccs|nf|nfs|foramina|foramen|neural\s+foramina|exit\s+foramina|lr|lateral\s+recess(?:es)?|recesses|facets?"
    r"|facet\s+joints|lf|ligamentum\s+flavum|endplates?|modic|alignment|listhesis|thecal\s+sac|ts|roots|nerve\s+roots"
    r"|conus|cord)[ \t]+)[-\u2013](?=[ \t])", re.I | re.M)
_RUNS = re.compile(r"(?<=\S)[ \t\u00a0]{2,}(?=\S)|\t")
# spaCy's tokenizer reads a text as runs of non-space and runs of space characters (``str.isspace``, which ``\s``
# matches exactly); a run of spaces that opens with " " gives that space to the token before it
_CHUNKS = re.compile(r"\S+|\s+")
_CACHE_LIMIT = 200_000


class RadiologyTokenizer(Tokenizer):
    """spaCy's tokenizer on text whose runs of spaces inside a line are collapsed to one space.

    Dictated reports often carry double spaces ("thecal  sac"); spaCy would make each extra space a
    token and break every multi-word rule. The document text is the collapsed one; ``doc.user_data``
    keeps the original text and an offset map, and :func:`original_offsets` maps character offsets back,
    so that every output offset refers to the text the caller gave.
    """

    _chunk_cache: dict | None = None

    def __setattr__(self, name, value):
        if name != "_chunk_cache":  # new rules, affixes or special cases: the cached splits are stale
            super().__setattr__("_chunk_cache", None)
        super().__setattr__(name, value)

    def add_special_case(self, string, substrings):
        self._chunk_cache = None
        super().add_special_case(string, substrings)

    def _chunk(self, chunk):
        """The words of one run of characters as spaCy's tokenizer splits it, and the token norms that its special
        cases set ("I'm" -> "I" + "'m" with the norm "am"), cached."""
        cache = self._chunk_cache
        if cache is None or len(cache) > _CACHE_LIMIT:  # a bounded cache: memory stays flat over 10^7 reports
            cache = self._chunk_cache = {}
        doc = Tokenizer.__call__(self, chunk)
        words = tuple(t.text for t in doc)
        norms = tuple((i, t.norm_) for i, t in enumerate(doc) if t.norm != t.lex.norm) or None
        cache[chunk] = entry = (words, norms)
        return entry

    def _tokenize(self, text):
        """spaCy's tokenisation of ``text``, built as ``Doc(vocab, words, spaces)`` from the cached split of each
        run of characters: the same tokens, norms and offsets as ``Tokenizer.__call__``, without its per-token work
        (and without its rule that stops caching a document's words once a special case matched in it)."""
        cache = self._chunk_cache or {}
        words, spaces, fixes = [], [], None
        for chunk in _CHUNKS.findall(text):
            if chunk[0] == " " and words:
                spaces[-1] = True  # a run of spaces: its first belongs to the token before it
                chunk = chunk[1:]
                if not chunk:
                    continue
            entry = cache.get(chunk)
            if entry is None:
                entry = self._chunk(chunk)
                cache = self._chunk_cache
            if entry[1] is not None:
                fixes = fixes or []
                fixes.extend((len(words) + i, norm) for i, norm in entry[1])
            words.extend(entry[0])
            spaces.extend([False] * len(entry[0]))
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if fixes:
            for i, norm in fixes:
                doc[i].norm_ = norm
        return doc

    def __call__(self, text):
        source = text
        if "\n" in text:
            # a line wrapped inside a sentence ("foraminal\nnarrowing") reads as one line; same length, so
            # offsets do not move
            text = _SOFT_WRAP.sub(
                lambda m: m.group() if statement_break(source, m.start() + m.group().index("\n")) else " " * len(m.group()),
                text)
        if " - " in text or " \u2013 " in text:
            text = _DASH_LABEL.sub(lambda m: m.group(1) + ":", text)
        if "  " not in text and "\t" not in text and "\u00a0 " not in text:
            doc = self._tokenize(text)
            doc.user_data["lsmri_text"] = text  # Doc.text joins every token: keep it once
            if text is not source and text != source:
                doc.user_data["lsmri_original"] = (source, [], [])
            return doc
        pieces, starts, shifts = [], [], []
        last = 0
        removed = 0
        for m in _RUNS.finditer(text):
            pieces.append(text[last:m.start()])
            pieces.append(" ")
            removed += (m.end() - m.start()) - 1
            starts.append(m.start() - (removed - (m.end() - m.start()) + 1) + 1)
            shifts.append(removed)
            last = m.end()
        pieces.append(text[last:])
        collapsed = "".join(pieces) if starts else text
        doc = self._tokenize(collapsed)
        doc.user_data["lsmri_text"] = collapsed
        if not starts:
            return doc
        doc.user_data["lsmri_original"] = (source, starts, shifts)
        return doc


def original_offsets(doc, start: int, end: int) -> tuple[int, int]:
    """Map character offsets of ``doc.text`` back to the caller's text (see RadiologyTokenizer)."""
    data = doc.user_data.get("lsmri_original")
    if not data:
        return start, end
    _, starts, shifts = data
    import bisect

    def one(pos: int, is_end: bool) -> int:
        i = bisect.bisect_right(starts, pos - 1 if is_end else pos) - 1
        return pos + (shifts[i] if i >= 0 else 0)

    return one(start, False), one(end, True)


def doc_text(doc) -> str:
    """``doc.text``, cached by the tokenizer (computing it walks every token)."""
    text = doc.user_data.get("lsmri_text")
    return text if text is not None else doc.text


def original_text(doc) -> str:
    data = doc.user_data.get("lsmri_original")
    return data[0] if data else doc_text(doc)


_IDENTITY_WHITESPACE = (" ", "\t", "\n")


def make_tokenizer(nlp) -> Tokenizer:
    defaults = nlp.Defaults
    prefixes = compile_prefix_regex(list(defaults.prefixes) + _EXTRA_PREFIXES)
    suffixes = compile_suffix_regex(list(defaults.suffixes) + _EXTRA_SUFFIXES)
    infixes = compile_infix_regex(list(defaults.infixes) + _EXTRA_INFIXES)
    # spaCy stops caching a document's words once any special case has matched in it (its fix for #1250), and
    # " ", "\t" and "\n" are special cases that give the same single token: without them a report's words stay
    # cached after its first line break (the tokens are the same)
    rules = {k: v for k, v in defaults.tokenizer_exceptions.items() if k not in _IDENTITY_WHITESPACE}
    return RadiologyTokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=prefixes.search,
        suffix_search=suffixes.search,
        infix_finditer=infixes.finditer,
        token_match=LEVEL_TOKEN.match,
        url_match=None,
    )


@spacy.registry.tokenizers("lsmri.tokenizer.v1")
def create_tokenizer():
    return make_tokenizer
