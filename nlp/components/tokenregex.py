"""spaCy token patterns compiled to Python regular expressions over a string of token features.

spaCy's ``Matcher`` builds a Python ``Token`` for every token it looks at and calls Python for every set
predicate (``{"LOWER": {"IN": [...]}}``): on our reports that was most of the finding matcher's time. Here a
document is encoded once as one string, each token as its features joined by ``\\x1f`` and closed by
``\\x1e``::

    lower \\x1f norm \\x1f orth \\x1f shape \\x1f flags \\x1e

(``flags`` is one ``0``/``1`` character per boolean attribute and per ``REGEX`` predicate). A token's
encoding depends on its lexeme and norm only, so it is computed once per ``(ORTH, NORM)`` and cached. A token
pattern becomes a regular expression over that string, matched with ``re.match`` from a token's start (the
callers know where a pattern can begin), so the work per token is done by the regex engine in C.

Supported: the attributes ``LOWER``, ``NORM``, ``ORTH``/``TEXT``, ``SHAPE`` with a string, ``IN``,
``NOT_IN`` or ``REGEX``; the boolean attributes of :data:`BOOL_ATTRS`; the operators ``?``, ``*``, ``+``,
``!`` and ``{n}``, ``{n,m}``, ``{n,}``, ``{,m}``; the empty token ``{}``. :func:`supported` says whether a
pattern can be compiled; callers keep spaCy's ``Matcher`` for the others.

Semantics differ from spaCy's in one way: for a start token a pattern yields one match, the one the regex
engine finds with greedy operators (usually the longest), not every length. Our callers keep the longest
overlapping match of a type anyway.
"""

from __future__ import annotations

import bisect
import re
import weakref
from itertools import accumulate

import numpy
from spacy.attrs import LOWER, NORM, ORTH

FIELDS = {"LOWER": 0, "NORM": 1, "ORTH": 2, "TEXT": 2, "SHAPE": 3}
BOOL_ATTRS = ("IS_PUNCT", "IS_SPACE", "IS_DIGIT", "IS_ALPHA", "LIKE_NUM", "IS_UPPER", "IS_LOWER", "IS_TITLE",
              "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_URL",
              "LIKE_EMAIL", "IS_ASCII")
_BOOL_INDEX = {name: i for i, name in enumerate(BOOL_ATTRS)}
_FIELD = "\x1f"
_END = "\x1e"
_CLEAN = str.maketrans({_FIELD: "\x1a", _END: "\x1a"})
_ANY_FIELD = "[^\x1f\x1e]*"
_ANY_TOKEN = "[^\x1e]*\x1e"
_CACHE_LIMIT = 200_000
_OP = re.compile(r"^\{(\d*)(?:(,)(\d*))?\}$")


def supported(pattern) -> bool:
    """True when every token of ``pattern`` (a spaCy token pattern) can be compiled here."""
    if not isinstance(pattern, list) or not pattern:
        return False
    for tok in pattern:
        if not isinstance(tok, dict):
            return False
        op = tok.get("OP")
        if op is not None and op not in ("?", "*", "+", "!", "1") and not _OP.match(str(op)):
            return False
        for attr, value in tok.items():
            if attr == "OP":
                continue
            if attr in _BOOL_INDEX:
                if not isinstance(value, bool):
                    return False
            elif attr in FIELDS:
                if isinstance(value, str):
                    continue
                if not isinstance(value, dict) or len(value) != 1:
                    return False
                (kind, arg), = value.items()
                if kind in ("IN", "NOT_IN"):
                    if not isinstance(arg, list) or not all(isinstance(v, str) for v in arg):
                        return False
                elif kind == "REGEX":
                    if not isinstance(arg, str):
                        return False
                else:
                    return False
            else:
                return False
    return True


class TokenRegexMatcher:
    """Compiled token patterns (see the module docstring). ``add(key, pattern)`` returns the compiled
    pattern's index; ``match(encoded, index, start)`` matches it from token ``start``."""

    def __init__(self, vocab):
        self.vocab = vocab
        self._regex_flags: dict[tuple[int, str], int] = {}  # (field, regex) -> flag position after BOOL_ATTRS
        self._regex_list: list[tuple[int, re.Pattern]] = []
        self._compiled: list[re.Pattern] = []
        self._cache: dict[int, str] = {}  # orth ^ (norm << 1) -> encoded token
        self._docs: dict[int, tuple] = {}  # id(doc) -> (weak reference, length, flag count, encoding)

    def __len__(self) -> int:
        return len(self._compiled)

    # -- compiling -------------------------------------------------------------------------------------
    def add(self, pattern, forbid_inner: list[str] | None = None) -> int:
        """Compile ``pattern``; ``forbid_inner``: norms that an empty (wildcard) token may not be."""
        if not supported(pattern):
            raise ValueError("token pattern not supported by TokenRegexMatcher")
        parts = [self._token(tok, forbid_inner) for tok in pattern]
        self._compiled.append(re.compile("".join(parts), re.DOTALL))
        return len(self._compiled) - 1

    def _token(self, tok: dict, forbid_inner) -> str:
        fields = [None, None, None, None]
        flags: dict[int, bool] = {}
        for attr, value in tok.items():
            if attr == "OP":
                continue
            if attr in _BOOL_INDEX:
                flags[_BOOL_INDEX[attr]] = value
                continue
            field = FIELDS[attr]
            if isinstance(value, dict) and "REGEX" in value:
                key = (field, value["REGEX"])
                if key not in self._regex_flags:
                    self._regex_flags[key] = len(BOOL_ATTRS) + len(self._regex_flags)
                    self._regex_list.append((field, re.compile(value["REGEX"])))
                    # cached tokens lack the new flag; patterns compiled before still match, as every flag
                    # field condition ends with "[01]*"
                    self._cache.clear()
                flags[self._regex_flags[key]] = True
                continue
            cond = _field_condition(value)
            fields[field] = cond if fields[field] is None else f"(?={cond}{_FIELD}){cond}"
        if tok.get("OP") != "!" and not any(f is not None for f in fields) and not flags and forbid_inner:
            fields[1] = _field_condition({"NOT_IN": forbid_inner})
        body = _FIELD.join(f if f is not None else _ANY_FIELD for f in fields)
        if flags:
            top = max(flags) + 1
            body += _FIELD + "".join(("1" if flags[i] else "0") if i in flags else "[01]" for i in range(top))
            body += "[01]*" + _END
        else:
            body += _FIELD + "[01]*" + _END
        op = tok.get("OP")
        if op is None or op == "1":
            return f"(?:{body})"
        if op == "!":
            return f"(?!{body}){_ANY_TOKEN}"
        if op in ("?", "*", "+"):
            return f"(?:{body}){op}"
        m = _OP.match(op)
        lo, comma, hi = m.group(1), m.group(2), m.group(3)
        if not comma:
            return f"(?:{body}){{{lo or 0}}}"
        return f"(?:{body}){{{lo or 0},{hi}}}"

    # -- encoding --------------------------------------------------------------------------------------
    def encode(self, doc) -> tuple[str, list[int]]:
        """The document as a feature string, and the character offset where each token begins (one more
        offset at the end: the string's length). A document's encoding is kept while the document lives, so
        that the components sharing this matcher encode it once (``Language.pipe`` runs each component over a
        batch of documents before the next one)."""
        key = id(doc)
        kept = self._docs.get(key)
        if kept is not None and kept[0]() is doc and kept[1] == len(doc) and kept[2] == len(self._regex_list):
            return kept[3]
        array = doc.to_array([ORTH, NORM])
        keys = (array[:, 0] ^ (array[:, 1] << 1)).tolist()  # one int per (orth, norm) pair
        cache = self._cache
        pieces = list(map(cache.get, keys))
        if None in pieces:
            for i, piece in enumerate(pieces):
                if piece is None:
                    pieces[i] = self._encode_token(int(array[i, 0]), int(array[i, 1]), keys[i])
        encoded = "".join(pieces), list(accumulate(map(len, pieces), initial=0))
        docs = self._docs
        docs[key] = (weakref.ref(doc, lambda _ref, key=key: docs.pop(key, None)), len(doc), len(self._regex_list),
                     encoded)
        return encoded

    def _encode_token(self, orth: int, norm: int, key: int) -> str:
        lex = self.vocab[orth]
        norm_text = self.vocab.strings[norm] if norm in self.vocab.strings else lex.norm_  # noqa: SIM401
        values = [lex.lower_, norm_text, lex.orth_, lex.shape_]
        flags = "".join("1" if getattr(lex, name.lower()) else "0" for name in BOOL_ATTRS)
        flags += "".join("1" if rx.search(values[field]) else "0" for field, rx in self._regex_list)
        piece = _FIELD.join(v.translate(_CLEAN) for v in values) + _FIELD + flags + _END
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()  # new words keep coming in a long batch: memory stays bounded
        self._cache[key] = piece
        return piece

    # -- matching --------------------------------------------------------------------------------------
    def match(self, encoded: tuple[str, list[int]], index: int, start: int, end: int | None = None) -> int | None:
        """The end token of pattern ``index`` matched from token ``start`` (not past token ``end``), or None."""
        text, offsets = encoded
        limit = offsets[end] if end is not None else len(text)
        m = self._compiled[index].match(text, offsets[start], limit)
        if m is None or m.end() == offsets[start]:
            return None
        return bisect.bisect_left(offsets, m.end(), start)


def _field_condition(value) -> str:
    if isinstance(value, str):
        return re.escape(value.translate(_CLEAN))
    (kind, arg), = value.items()
    alts = "|".join(re.escape(v.translate(_CLEAN)) for v in sorted(set(arg), key=len, reverse=True))
    if kind == "IN":
        return f"(?:{alts})" if alts else "(?!)"
    # NOT_IN
    return f"(?!(?:{alts}){_FIELD}){_ANY_FIELD}" if alts else _ANY_FIELD


_TRIGGER_ATTRS = {"NORM": NORM, "LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH}


def first_tokens(pattern):
    """The ``(attr id, value)`` pairs (attr NORM, LOWER or ORTH) one of which the first token of a match of
    ``pattern`` has, or None when a match can begin with any token."""
    out = []
    for tok in pattern:
        attrs = {k: v for k, v in tok.items() if k != "OP"}
        if len(attrs) != 1:
            return None
        (attr, value), = attrs.items()
        code = _TRIGGER_ATTRS.get(attr)
        if code is None or tok.get("OP") == "!":
            return None
        values = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else [value]
        if not all(isinstance(v, str) for v in values):
            return None
        out.extend((code, v) for v in values)
        if tok.get("OP") not in ("?", "*") and not str(tok.get("OP", "")).startswith(("{0", "{,")):
            return out
    return None


class PatternSet:
    """Token patterns matched with :class:`TokenRegexMatcher` from the tokens that can begin them.

    The tokens whose ``NORM``, ``LOWER`` or ``ORTH`` begins some pattern are found for the whole document
    with one vectorised look-up; each of their patterns is then matched from there. ``add`` refuses (returns
    False) a pattern it cannot compile or that can begin with any token: keep spaCy's ``Matcher`` for those.
    """

    def __init__(self, vocab, regex: TokenRegexMatcher | None = None):
        self.vocab = vocab
        self.regex = regex if regex is not None else TokenRegexMatcher(vocab)  # may be shared between sets
        self._groups: dict[int, dict[int, list[tuple[int, int]]]] = {NORM: {}, LOWER: {}, ORTH: {}}
        self._keys = None  # attr -> sorted numpy array of trigger values (built on first use)

    def __len__(self) -> int:
        return len(self.regex)

    def add(self, key_id: int, pattern, forbid_inner=None) -> bool:
        if not supported(pattern):
            return False
        triggers = first_tokens(pattern)
        if triggers is None:
            return False
        index = self.regex.add(pattern, forbid_inner=forbid_inner)
        for attr, value in dict.fromkeys(triggers):
            self._groups[attr].setdefault(self.vocab.strings.add(value), []).append((key_id, index))
        self._keys = None
        return True

    def _hits(self, doc, runs=None):
        """(token index, [(key id, compiled pattern)]) for every token that can begin a pattern (inside ``runs``
        when given), in order."""
        if self._keys is None:
            self._keys = {attr: numpy.array(sorted(groups), dtype=numpy.uint64)
                          for attr, groups in self._groups.items() if groups}
        attrs = list(self._keys)
        if not attrs:
            return []
        array = doc.to_array(attrs)
        if array.ndim == 1:  # spaCy returns one attribute as a flat array, even asked in a list
            array = array.reshape(-1, 1)
        inside = None
        if runs is not None:
            inside = numpy.zeros(len(array), dtype=bool)
            for lo, hi in runs:
                inside[lo:hi] = True
        hits = []
        for column, attr in enumerate(attrs):
            keys, values = self._keys[attr], array[:, column]
            found = keys[numpy.minimum(numpy.searchsorted(keys, values), len(keys) - 1)] == values
            if inside is not None:
                found &= inside
            groups = self._groups[attr]
            for i in numpy.flatnonzero(found).tolist():
                hits.append((i, groups[int(values[i])]))
        hits.sort(key=lambda h: h[0])
        return hits

    def __call__(self, doc, runs=None):
        """``(key id, start, end)`` of every pattern from every token that can begin it; with ``runs``
        ([(start, end)] token ranges, sorted, not overlapping) only matches inside them."""
        out = []
        if not len(self.regex) or not len(doc):
            return out
        hits = self._hits(doc, runs)
        if not hits:
            return out
        runs = [(0, len(doc))] if runs is None else runs
        seen = set()
        match = self.regex.match
        encoded = self.regex.encode(doc)
        starts = [r[0] for r in runs]
        for i, group in hits:
            k = bisect.bisect_right(starts, i) - 1
            if k < 0 or i >= runs[k][1]:
                continue
            for key_id, index in group:
                end = match(encoded, index, i, runs[k][1])
                if end is None:
                    continue
                key = (key_id, i, end)
                if key not in seen:
                    seen.add(key)
                    out.append(key)
        return out


def shared_matcher(nlp) -> TokenRegexMatcher:
    """The TokenRegexMatcher of a component already in ``nlp`` (its ``_patterns``), or a new one: components that
    share one encode each document once."""
    for _name, component in nlp.pipeline:
        patterns = getattr(component, "_patterns", None)
        if isinstance(patterns, PatternSet) and patterns.vocab is nlp.vocab:
            return patterns.regex
    return TokenRegexMatcher(nlp.vocab)
