"""Symptoms from clinical free text: a second medspaCy pipeline plus a little reasoning.

The pipeline is ``spacy.blank("en")`` + a rule sentence splitter (``lsmri_symptom_sentences``; medspaCy's
PyRuSH is accurate but slow) + medspaCy's ``TargetMatcher`` with ``lexicons/symptoms/targets.json`` +
medspaCy's ``ConText`` with ``lexicons/symptoms/context.json``. Every mention is then read by its concept
(``targets.json -> concepts``):

* syndromes (axial pain, radicular pain, claudication, ...) and red flags, unless negated / resolved;
* body regions -> roots by the dermatome table of evidence.md 7.2, as *pain* or *sensory* evidence;
* muscles and reflexes -> roots when the sentence grades them abnormal (``4/5 on the right``, ``absent``);
* straight-leg raise -> L5/S1, femoral stretch -> L2-L4; a root named by the clinician (``right L4
  distribution``) is taken as it is.

The kind of each root's evidence is kept in ``Symptoms.details["root_evidence"]`` so that concordance can
apply rule G2 (no L5-vs-S1 downgrade from pain distribution alone).

>>> from nlp.symptoms import read_symptoms
>>> s = read_symptoms("Left leg pain to the dorsum of the foot. Denies bowel or bladder dysfunction.")
>>> s.side, s.roots, s.syndrome, s.red_flags
('left', ['L5'], ['radicular_pain'], [])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.language import Language

from nlp.model import Symptoms
from nlp.resources import lexicon_path, model_path

SIDES = ("left", "right", "bilateral", "none")
SYNDROMES = (
    "radicular_pain",
    "radicular_deficit",
    "neurogenic_claudication",
    "cauda_equina",
    "myelopathy",
    "peripheral_neuropathy",
    "axial_pain",
    "buttock_pain",
    "referred_pain",
    "paresthesia",
    "non_spinal",
)
RED_FLAGS = (
    "saddle_anaesthesia",
    "bladder_dysfunction",
    "bowel_dysfunction",
    "sexual_dysfunction",
    "bilateral_motor_deficit",
    "progressive_motor_deficit",
    "cauda_equina_syndrome",
    "fever",
    "malignancy_history",
    "immunosuppression",
    "trauma",
    "weight_loss",
    "osteoporosis",
)
ROOT_KINDS = ("explicit", "reflex", "motor", "sensory", "sign", "pain")
HARD_ROOT_KINDS = ("explicit", "reflex", "motor")

_ROOT_RE = re.compile(r"^[LST]\d{1,2}$")
# "R anterior thigh pain", "Rt leg", "L quads 4/5": the abbreviations of clinic notes (a capital R or L before a word,
# not after a number: "1 L of fluid")
_LATERAL_RE = re.compile(
    r"\b(left|right|bilateral(?:ly)?|both|rt|lt|b/l|(?<![\d/])(?<!\d\s)(?-i:[RL])(?=\s+[A-Za-z]))\b", re.IGNORECASE)
_ABOVE_KNEE_RE = re.compile(
    r"\b(?:no|never|not|nothing)\s+(?:\w+\s+){0,4}?below\s+the\s+knee|\bdoes\s+not\s+(?:go|radiate|extend|spread)\s+"
    r"(?:\w+\s+){0,2}?below\s+the\s+knee|\b(?:stops|ends)\s+(?:just\s+)?above\s+the\s+knee"
    r"|\babove\s+the\s+knee\W{1,3}(?:but\s+)?(?:never|not)\s+below\b", re.IGNORECASE)
_DURATION_RE = re.compile(r"\d+/(?:52|12|7)")  # weeks, months, days of clinic shorthand
_SIDE_ABBREVIATIONS = {"rt": "right", "r": "right", "lt": "left", "l": "left", "b/l": "bilateral"}
_MOTOR_GRADE_RE = re.compile(r"(?<![\d/.])([+-]?)([0-5])([+-]?)(?:\s*/\s*5)?(?![\d/]|\.\d|\s*/\s*10)")
_REFLEX_GRADE_RE = re.compile(r"(?<![\d/.])[+-]?([0-4])\s*\+?(?:\s*/\s*4)?(?![\d/]|\.\d)")
# a number that measures something else: "hip flexion 95 deg, IR 0 deg", "SLR 30°", "power 4 days ago"
_MEASURE_AFTER_RE = re.compile(
    r"\s*(?:deg\b|degrees?\b|°|%|cm\b|mm\b|kg\b|min\b|mins\b|minutes?\b|hours?\b|hrs?\b|days?\b|d\b|wks?\b|"
    r"weeks?\b|months?\b|yrs?\b|years?\b|times?\b|x\b)", re.IGNORECASE)
_CLAUSE_CUT_RE = re.compile(r"[,;]")
_WEAK_WORDS = re.compile(
    r"\b(weak|weakness|wasting|atrophy|atrophic|paresis|decreased|diminished|reduced|impaired|unable|"
    r"deficit|deficits|weakened|drop)\b",
    re.IGNORECASE,
)
_REFLEX_ABNORMAL = re.compile(
    r"\b(absent|absence|decreased|decrease|diminished|reduced|depressed|trace|unobtainable|areflexic|"
    r"cannot be elicited|not elicit\w*|no\b[^.;]{0,20}elicit\w*)",
    re.IGNORECASE,
)
_FORWARD_BOUND = re.compile(
    r"\b(absent|decreased|diminished|reduced|depressed|trace|[0-4]\s*\+?)\s+(at|in)\s+(the\s+|both\s+)?$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------------------
# data


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """``lexicons/symptoms/targets.json``, checked."""
    data = json.loads(lexicon_path("symptoms", "targets.json").read_text(encoding="utf-8"))
    concepts = data["concepts"]
    seen = set()
    for entry in data["entries"]:
        missing = {"id", "concept", "literal"} - entry.keys()
        if missing:
            raise ValueError(f"symptom lexicon entry {entry!r} lacks {sorted(missing)}")
        extra = set(entry) - {"id", "concept", "literal", "pattern", "roots", "deficit"}
        if extra:
            raise ValueError(f"symptom lexicon entry {entry['id']} has unknown keys {sorted(extra)}")
        if entry["id"] in seen:
            raise ValueError(f"duplicate symptom lexicon id {entry['id']}")
        seen.add(entry["id"])
        if entry["concept"] not in concepts:
            raise ValueError(f"symptom lexicon entry {entry['id']}: unknown concept {entry['concept']!r}")
    for name, concept in concepts.items():
        flags = concept.get("red_flag")
        for flag in [flags] if isinstance(flags, str) else flags or []:
            if flag not in RED_FLAGS:
                raise ValueError(f"concept {name}: unknown red flag {flag!r}")
        if concept.get("syndrome") and concept["syndrome"] not in SYNDROMES:
            raise ValueError(f"concept {name}: unknown syndrome {concept['syndrome']!r}")
    return data


@lru_cache(maxsize=1)
def policy() -> dict[str, Any]:
    """``models/concordance.json -> symptom_policy``."""
    return json.loads(model_path("concordance.json").read_text(encoding="utf-8"))["symptom_policy"]


@lru_cache(maxsize=1)
def root_order() -> tuple[str, ...]:
    return tuple(json.loads(lexicon_path("symptoms", "roots.json").read_text(encoding="utf-8"))["root_order"])


def sort_roots(roots) -> list[str]:
    order = {r: i for i, r in enumerate(root_order())}
    return sorted(set(roots), key=lambda r: (order.get(r, 99), r))


def compile_pattern(pattern: str) -> list[dict[str, Any]]:
    """Compile the compact token syntax of ``targets.json`` (see its ``syntax`` field) to a spaCy pattern."""
    tokens = []
    for item in pattern.split():
        if re.fullmatch(r"\*\d+", item):
            tokens.append({"TEXT": {"NOT_IN": [".", "!", "?", ";"]}, "OP": "{0," + item[1:] + "}"})
            continue
        optional = item.endswith("?") and len(item) > 1
        if optional:
            item = item[:-1]
        if item.startswith("re:"):
            token: dict[str, Any] = {"LOWER": {"REGEX": item[3:]}}
        else:
            alternatives = item.split("|")
            token = {"LOWER": alternatives[0]} if len(alternatives) == 1 else {"LOWER": {"IN": alternatives}}
        if optional:
            token["OP"] = "?"
        tokens.append(token)
    return tokens


# --------------------------------------------------------------------------------------------------
# the pipeline


@Language.factory("lsmri_symptom_sentences", requires=[], assigns=["token.is_sent_start"])
def make_symptom_sentences(nlp, name):
    return SymptomSentences()


class SymptomSentences:
    """A sentence ends at ``. ! ? ;`` and at a line break (clinical notes are line-oriented)."""

    def __call__(self, doc):
        previous_ends = True
        for token in doc:
            token.is_sent_start = previous_ends
            text = token.text
            previous_ends = text in (".", "!", "?", ";") or "\n" in text or "\n" in token.whitespace_
        return doc


def _quiet_logging() -> None:
    try:  # medspaCy has used loguru in some releases; its debug output is noise here
        from loguru import logger

        logger.disable("medspacy")
    except ImportError:  # pragma: no cover - loguru is optional
        pass


@lru_cache(maxsize=1)
def symptom_pipeline():
    """The clinical-text pipeline (built once per process)."""
    _quiet_logging()
    import spacy
    from medspacy.context import ConText, ConTextRule  # noqa: F401  (registers the factory)
    from medspacy.target_matcher import TargetMatcher, TargetRule  # noqa: F401

    data = lexicon()
    pipeline = spacy.blank("en")
    pipeline.add_pipe("lsmri_symptom_sentences")
    matcher = pipeline.add_pipe(
        "medspacy_target_matcher",
        name="lsmri_symptom_targets",
        config={"phrase_matcher_attr": "LOWER", "result_type": "ents", "prune": True},
    )
    rules = []
    for entry in data["entries"]:
        pattern = compile_pattern(entry["pattern"]) if entry.get("pattern") else None
        rules.append(
            TargetRule(
                entry["literal"],
                entry["concept"],
                pattern=pattern,
                metadata={
                    "id": entry["id"],
                    "roots": entry.get("roots", []),
                    "deficit": bool(entry.get("deficit")),
                },
            )
        )
    matcher.add(rules)
    context_data = json.loads(lexicon_path("symptoms", "context.json").read_text(encoding="utf-8"))
    context = pipeline.add_pipe(
        "medspacy_context",
        name="lsmri_symptom_context",
        config={"rules": None, "span_attrs": None, "input_span_type": "ents"},
    )
    context.add(
        [
            ConTextRule(
                rule["literal"],
                rule["category"],
                direction=rule["direction"],
                pattern=compile_pattern(rule["pattern"]) if rule.get("pattern") else None,
            )
            for rule in context_data["rules"]
        ]
    )
    return pipeline


# --------------------------------------------------------------------------------------------------
# reading


@dataclass
class _Reading:
    syndromes: set[str] = field(default_factory=set)
    red_flags: set[str] = field(default_factory=set)
    side_votes: dict[str, float] = field(
        default_factory=lambda: {"left": 0.0, "right": 0.0, "bilateral": 0.0}
    )
    root_evidence: list[tuple[str, str, str | None]] = field(default_factory=list)  # (root, kind, side)
    claudication_features: set[str] = field(default_factory=set)
    denied: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    motor_sides: list[tuple[str | None, float]] = field(default_factory=list)


def _side_word(word: str) -> str:
    word = word.lower()
    return "bilateral" if word in ("bilateral", "bilaterally", "both") else _SIDE_ABBREVIATIONS.get(word, word)


def _side_token(token) -> str | None:
    """The side a token names: "left", "Rt", and a capital "R" / "L" standing before a word."""
    low = token.lower_
    if low in ("left", "right", "bilateral", "bilaterally", "both", "rt", "lt"):
        return _side_word(low)
    doc, i = token.doc, token.i
    if low == "b/l" or (low == "b" and i + 2 < len(doc) and doc[i + 1].text == "/" and doc[i + 2].lower_[:1] == "l"):
        return "bilateral"  # "ankle jerks absent B/L"
    if token.text in ("R", "L") and i + 1 < len(doc) and doc[i + 1].is_alpha \
            and not (i and (doc[i - 1].like_num or doc[i - 1].text == "/")
                     and not _DURATION_RE.fullmatch(doc[i - 1].text)):  # "3/52 L leg pain" (weeks), not "1 L of fluid"
        return _side_word(token.text)
    return None


def _nearest_side(span, window: int) -> str | None:
    """The laterality word nearest to ``span`` in its sentence (within ``window`` tokens)."""
    sent = span.sent
    best = None
    for token in sent:
        side = _side_token(token)
        if side is None:
            continue
        if span.start <= token.i < span.end:
            distance = 0
        elif token.i < span.start:
            distance = span.start - token.i
        else:
            distance = token.i - span.end + 1 + 0.5  # a preceding word wins a tie ("left leg pain")
        if distance <= window and (best is None or distance < best[0]):
            best = (distance, side)
    return best[1] if best else None


def _windows(span, ents_in_sent) -> tuple[str, str]:
    """Text before ``span`` back to the previous mention, and after it up to the next one (same sentence)."""
    sent = span.sent
    prev_end = sent.start_char
    next_start = sent.end_char
    for other in ents_in_sent:
        if other.end_char <= span.start_char:
            prev_end = max(prev_end, other.end_char)
        elif other.start_char >= span.end_char:
            next_start = min(next_start, other.start_char)
    doc_text = span.doc.text
    return doc_text[prev_end : span.start_char], doc_text[span.end_char : next_start]


def _graded_sides(text: str, regex: re.Pattern, value_of) -> list[tuple[str | None, float]]:
    """``[(side, grade)]`` for each grade in ``text``. The side is the first laterality word after the grade in its
    clause ("4/5 on the right", "4/5 R, 5/5 L"), else the last one between the grade before and this one ("R 5/5,
    L 4/5", "L EHL 4/5, ankle DF 5/5")."""
    out = []
    matches = [m for m in regex.finditer(text) if not _MEASURE_AFTER_RE.match(text, m.end())]
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        cut = _CLAUSE_CUT_RE.search(text, match.end(), end)
        side_match = _LATERAL_RE.search(text, match.end(), cut.start() if cut else end)
        if side_match is None:
            sides_before = list(_LATERAL_RE.finditer(text, matches[i - 1].end() if i else 0, match.start()))
            side_match = sides_before[-1] if sides_before else None
        out.append((_side_word(side_match.group(1)) if side_match else None, value_of(match)))
    return out


def _motor_value(match: re.Match) -> float:
    value = float(match.group(2))
    if "-" in (match.group(1) + match.group(3)) and value == 5:
        value = 4.7  # "5-/5", "-5/5": trace weakness
    return value


def _deficit_sides(grades: list[tuple[str | None, float]], normal: float) -> list[str | None] | None:
    """Sides with an abnormal grade, ``None`` when every grade is normal or there is none."""
    if not grades:
        return None
    by_side: dict[str | None, float] = {}
    for side, value in grades:
        by_side[side] = min(value, by_side.get(side, value))
    abnormal = [s for s, v in by_side.items() if v < normal]
    if abnormal:
        return abnormal
    lateral = {s: v for s, v in by_side.items() if s in ("left", "right")}
    if len(lateral) == 2 and lateral["left"] != lateral["right"]:
        return [min(lateral, key=lateral.get)]  # asymmetry within the normal range: the weaker side
    return None


def _sentence_has(span, words, window: int | None = None) -> bool:
    """True when one of ``words`` is in the span's sentence (within ``window`` tokens of it, if given)."""
    vocabulary = set(words)
    sent = span.sent
    lo, hi = sent.start, sent.end
    if window is not None:
        lo, hi = max(lo, span.start - window), min(hi, span.end + window)
    return any(token.lower_ in vocabulary for token in span.doc[lo:hi])


def _clause_after(text: str) -> str:
    cut = re.search(r"[,;]|\bbut\b", text)
    text = text[: cut.start()] if cut else text
    return _FORWARD_BOUND.sub("", text)


def _read_mention(
    span, concept: dict[str, Any], meta: dict[str, Any], reading: _Reading, ents_in_sent, pol: dict[str, Any]
) -> None:
    ctype = concept["type"]
    if span.label_ == "neurogenic_claudication":
        reading.flags.add("claudication_named")  # the word itself, not only a limited walking distance
    side = _nearest_side(span, int(pol["side_window"]))
    weight = float(concept.get("side_weight", 0))
    roots = list(meta.get("roots") or [])
    vote = True
    if ctype == "syndrome":
        reading.syndromes.add(concept["syndrome"])
    elif ctype == "hip_pain":
        reading.flags.add("hip_pain")
    elif ctype == "radiation":
        words = {t.lower_ for t in span.sent}
        if words & set(pol["leg_regions"]):
            reading.syndromes.add("radicular_pain")
        elif words & set(pol["proximal_regions"]):
            reading.syndromes.add("referred_pain")
            if words & {"buttock", "buttocks", "gluteal"}:
                reading.syndromes.add("buttock_pain")
        else:
            vote = False
    elif ctype == "region":
        window = int(pol["cue_window"])
        if not _sentence_has(span, pol["symptom_cues"], window):
            return
        sensory = _sentence_has(span, pol["sensory_cues"], window)
        kind = "sensory" if sensory else "pain"
        reading.syndromes.add("paresthesia" if sensory else "radicular_pain")
        reading.root_evidence.extend((root, kind, side) for root in roots)
    elif ctype == "explicit_root":
        roots = [t.text.upper() for t in span if _ROOT_RE.match(t.text.upper())]
        # "L4 and 5 distribution": a bare number after a named root takes its letter
        letters = [r[0] for r in roots]
        for token in span:
            if token.text.isdigit() and letters:
                roots.append(letters[0] + token.text)
        reading.syndromes.add("radicular_pain")
        reading.root_evidence.extend((root, "explicit", side) for root in roots)
    elif ctype in ("myotome", "reflex", "reflex_site"):
        if ctype == "reflex_site" and not _sentence_has(span, pol["reflex_cues"]):
            return
        before, after = _windows(span, ents_in_sent)
        after = _clause_after(after) if ctype != "myotome" else after
        if ctype == "myotome":
            # the grades of this muscle's clause: "Power 5/5 incl. hip flexion", not "ankle DF 4+/5, eversion 5/5"
            clause = before[-30:]
            cut = max(clause.rfind(","), clause.rfind(";"))
            after_cut = _CLAUSE_CUT_RE.search(after)
            grades = _graded_sides(clause[cut + 1:] + " " + span.text + " " + after[:after_cut.start() if after_cut else 90],
                                   _MOTOR_GRADE_RE, _motor_value)
            sides = _deficit_sides(grades, 5.0)
            if sides is None and (meta.get("deficit") or _WEAK_WORDS.search(before[-40:] + " " + after[:40])):
                sides = [side]
            kind = "motor"
        else:
            clause = before[-60:]
            clause = clause[max(clause.rfind(","), clause.rfind(";")) + 1:]  # "AJ absent B/L, KJ 1+": not the KJ's
            text = clause + " " + after[:60]
            grades = _graded_sides(text, _REFLEX_GRADE_RE, lambda m: float(m.group(1)))
            sides = _deficit_sides(grades, 1.0)
            if sides is None and (meta.get("deficit") or _REFLEX_ABNORMAL.search(text)):
                found = _LATERAL_RE.search(after) or _LATERAL_RE.search(before[-25:])
                sides = [_side_word(found.group(1)) if found else side]
            kind = "reflex"
        if not sides:
            return
        for deficit_side in sides:
            reading.root_evidence.extend((root, kind, deficit_side) for root in roots)
            if deficit_side in ("left", "right", "bilateral"):
                reading.side_votes[deficit_side] += weight
            if kind == "motor":
                low = min((v for s, v in grades if s == deficit_side), default=None) if grades else None
                reading.motor_sides.append((deficit_side, low if low is not None else 4.0))
        reading.syndromes.add("radicular_deficit")
        reading.flags.add("rooted_deficit")
        vote = False
    elif ctype == "sign":
        reading.syndromes.add(concept["syndrome"])
        reading.root_evidence.extend((root, "sign", side) for root in concept["roots"])
    elif ctype == "claudication_feature":
        pass
    elif ctype == "asymptomatic":
        after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
        if after not in _LOCAL_QUALIFIERS:  # "no symptoms in her arms", "no symptoms on walking": not global
            reading.flags.add("asymptomatic")
    elif ctype in ("upper_limb", "stocking", "areflexia"):
        reading.flags.add(ctype)
    elif ctype == "red_flag":
        flags = concept["red_flag"]
        flags = [flags] if isinstance(flags, str) else list(flags)
        if "progressive_motor_deficit" in flags and side == "bilateral":
            flags.append("bilateral_motor_deficit")
        reading.red_flags.update(flags)
        if concept.get("syndrome"):
            reading.syndromes.add(concept["syndrome"])
    if concept.get("claudication_feature"):
        reading.claudication_features.add(concept["claudication_feature"])
    if ctype == "syndrome" and concept.get("red_flag"):
        reading.red_flags.add(concept["red_flag"])
    if vote and weight and side:
        reading.side_votes[side] += weight


def _dropped(categories: set[str], concept: dict[str, Any], pol: dict[str, Any]) -> bool:
    if concept["type"] == "red_flag":
        key = "drop_red_flag_historical_ok" if concept.get("historical_ok") else "drop_red_flag"
    else:
        key = "drop_default"
    return bool(categories & set(pol[key]))


HIP_REFERRAL_ROOTS = frozenset({"L1", "L2", "L3"})
_BELOW_KNEE_WORDS = frozenset({"calf", "calves", "shin", "shins", "foot", "feet", "toes", "ankle", "ankles"})
_LOCAL_QUALIFIERS = frozenset("in on with from during while when after before below above".split())


def _pyramidal_weakness_only(evidence) -> bool:
    """Whether the root evidence is motor only, on both sides."""
    motor = [(root, side) for root, kind, side in evidence if kind == "motor"]
    if not motor or any(kind in ("reflex", "explicit", "sensory") for _, kind, _ in evidence):
        return False
    sides = {side for _, side in motor}
    return "bilateral" in sides or {"left", "right"} <= sides


def _symmetric(evidence) -> bool:
    """Whether every root evidence (if any) is on both sides or on no side named."""
    return all(side in (None, "bilateral") for _, _, side in evidence)


def _hip_referral_only(evidence) -> bool:
    """Whether every root evidence is pain in the hip's referral territory (groin, front of the thigh)."""
    return bool(evidence) and all(kind == "pain" and root in HIP_REFERRAL_ROOTS for root, kind, _ in evidence)


def _decide_side(votes: dict[str, float], dominance: float, has_symptoms: bool) -> str | None:
    left, right, both = votes["left"], votes["right"], votes["bilateral"]
    if not (left or right or both):
        return "none" if has_symptoms else None
    if both >= max(left, right) and both > 0:
        return "bilateral"
    if left and right and both:
        return "bilateral"  # "pain down both legs: on the right to the heel ...; on the left to the calf"
    if left and right:
        if left >= dominance * right:
            return "left"
        if right >= dominance * left:
            return "right"
        return "bilateral"
    return "left" if left else "right"


def read_symptoms(text: str | None, source: str | None = "clinical", *, pipeline=None) -> Symptoms:
    """Read side, syndromes, roots and red flags from free text (never logs the text)."""
    if not text or not text.strip():
        return Symptoms(source=None)
    pol = policy()
    concepts = lexicon()["concepts"]
    doc = (pipeline or symptom_pipeline())(text)
    reading = _Reading()
    by_sentence: dict[int, list] = {}
    for ent in doc.ents:
        by_sentence.setdefault(ent.sent.start, []).append(ent)
    for ent in doc.ents:
        concept = concepts[ent.label_]
        categories = {modifier.category for modifier in getattr(ent._, "modifiers", ())}
        if _dropped(categories, concept, pol):
            if "NEGATED_EXISTENCE" in categories and concept["type"] in (
                "syndrome",
                "radiation",
                "generic",
                "hip_pain",
                "asymptomatic",
            ):
                reading.denied.add(ent.label_)
                if ent.label_ == "leg_pain" and any(t.lower_ in _BELOW_KNEE_WORDS for t in ent):
                    reading.flags.add("above_knee")  # "ache in both thighs ..., but no calf symptoms"
            continue
        rule = getattr(ent._, "target_rule", None)
        meta = dict(getattr(rule, "metadata", None) or {})
        _read_mention(ent, concept, meta, reading, by_sentence[ent.sent.start], pol)
    if _ABOVE_KNEE_RE.search(text):
        reading.flags.add("above_knee")  # "down the lateral thigh to just above the knee, never below"
    return _assemble(reading, source, pol)


def _assemble(reading: _Reading, source: str | None, pol: dict[str, Any]) -> Symptoms:
    syndromes = set(reading.syndromes)
    flags = reading.flags
    explicit = any(kind == "explicit" for _, kind, _ in reading.root_evidence)
    # generalised processes: arms and legs together
    if "upper_limb" in flags and (
        {"stocking", "areflexia"} & flags or "bilateral_motor_deficit" in reading.red_flags
    ):
        if "myelopathy" not in syndromes:
            syndromes.add("peripheral_neuropathy")
        if not explicit:
            syndromes.discard("radicular_deficit")
            syndromes.discard("paresthesia")
    elif {"stocking", "areflexia"} <= flags and not explicit:
        syndromes.add("peripheral_neuropathy")
        syndromes.discard("radicular_deficit")
    elif "stocking" in flags and not explicit and _symmetric(reading.root_evidence):
        # numbness "in a stocking distribution" with signs on both sides alike (absent ankle jerks bilaterally, toe
        # extension 5-/5 bilaterally): a length-dependent neuropathy, not roots
        syndromes.add("peripheral_neuropathy")
        syndromes.difference_update({"radicular_deficit", "paresthesia"})
        if reading.denied & {"radicular_pain", "radiation"}:
            syndromes.discard("radicular_pain")  # "no radiating pain": the burning feet are the neuropathy's
    # weakness explained by a cord or generalised process is not read as a root deficit unless graded by root
    if syndromes & {"myelopathy", "peripheral_neuropathy"} and "rooted_deficit" not in flags:
        syndromes.discard("radicular_deficit")
    if (
        "myelopathy" in syndromes
        and _pyramidal_weakness_only(reading.root_evidence)
        and all(grade > 3 for _, grade in reading.motor_sides)
    ):
        # upper-motor-neuron signs with mild weakness on both sides and no lost reflex or named root
        # ("hyperreflexia, clonus ...; hip flexors 4+/5 bilaterally"): pyramidal weakness, not a root deficit
        # (a paralysis, "1/5 bilaterally", is not read this way)
        syndromes.discard("radicular_deficit")
        reading.root_evidence = [e for e in reading.root_evidence if e[1] != "motor"]
    if "non_spinal" in syndromes and "radicular_pain" in syndromes and (
        _hip_referral_only(reading.root_evidence)
        or ("above_knee" in flags and all(kind == "pain" for _, kind, _ in reading.root_evidence))
    ):
        # groin and front-of-thigh pain with a hip or abdominal picture (hip osteoarthritis, pain on hip rotation,
        # FADIR, renal colic) and no deficit: that picture's referral territory (L1-L3 pain only), not a root's
        syndromes.discard("radicular_pain")
        reading.root_evidence = [e for e in reading.root_evidence if e[1] != "pain"]
    if (
        "non_spinal" in syndromes
        and "neurogenic_claudication" in syndromes
        and "claudication_named" not in flags
        and not reading.claudication_features - {"neurogenic_claudication", "bilateral_leg_pain"}
    ):
        # "walking distance 400 m limited by groin pain, not eased by leaning forward" with a hip picture: the hip
        # limits the walk; no feature of neurogenic claudication (relief on sitting or bending, leg heaviness)
        syndromes.discard("neurogenic_claudication")
    if (
        "radicular_pain" in syndromes
        and "above_knee" in flags
        and not syndromes & {"radicular_deficit", "paresthesia", "neurogenic_claudication", "cauda_equina"}
        and all(kind == "pain" and root in HIP_REFERRAL_ROOTS for _, kind, _ in reading.root_evidence)
    ):
        # pain in the buttocks or thighs that never goes below the knee, with no sign, deficit or tingling ("vague ache
        # in both thighs ..., but no calf symptoms; neuro exam normal"): somatic referred pain, not a root's
        syndromes.discard("radicular_pain")
        syndromes.add("referred_pain")
        reading.root_evidence = []
    if ("non_spinal" in syndromes and "paresthesia" in syndromes and not reading.root_evidence
            and not syndromes & {"radicular_pain", "radicular_deficit"}):
        # tingling of a patch that no dermatome names, with a nerve-entrapment or joint picture (meralgia paraesthetica:
        # "burning over the outer front of the thigh ..., tingling on tapping medial to the ASIS"): that picture's
        syndromes.discard("paresthesia")
    if "non_spinal" in syndromes and "referred_pain" in syndromes and not syndromes & {"axial_pain", "radicular_pain"}:
        syndromes.discard("referred_pain")  # "flank pain radiating to the groin ... renal angle tenderness": the kidney's
    # bilateral motor weakness from graded exams (a grade of 3 or less on both sides)
    strong = {s for s, v in reading.motor_sides if v <= 3}
    if "bilateral" in strong or {"left", "right"} <= strong:
        reading.red_flags.add("bilateral_motor_deficit")
    if (
        {"saddle_anaesthesia", "bladder_dysfunction", "bowel_dysfunction"} & reading.red_flags
        and syndromes & {"radicular_pain", "radicular_deficit", "axial_pain"}
        and "saddle_anaesthesia" in reading.red_flags
    ):
        syndromes.add("cauda_equina")
    if "cauda_equina_syndrome" in reading.red_flags:
        syndromes.add("cauda_equina")
    has_symptoms = bool(syndromes)
    side = _decide_side(reading.side_votes, float(pol["side_dominance"]), has_symptoms)
    if side == "bilateral" and syndromes & {"radicular_pain", "buttock_pain"}:
        reading.claudication_features.add("bilateral_leg_pain")
    allowed = {side, "bilateral", None} if side in ("left", "right") else {"left", "right", "bilateral", None}
    evidence: dict[str, list[str]] = {}
    for root, kind, root_side in reading.root_evidence:
        if root_side in allowed:
            kinds = evidence.setdefault(root, [])
            if kind not in kinds:
                kinds.append(kind)
    evidence = {root: sorted(kinds, key=ROOT_KINDS.index) for root, kinds in evidence.items()}
    details: dict[str, Any] = {}
    if evidence:
        details["root_evidence"] = {root: evidence[root] for root in sort_roots(evidence)}
    if reading.claudication_features:
        details["claudication_features"] = sorted(reading.claudication_features)
    if reading.denied:
        details["denied"] = sorted(reading.denied)
    if "asymptomatic" in flags:
        details["asymptomatic"] = True
    if "hip_pain" in flags:
        details["hip_pain"] = True
    return Symptoms(
        side=side,
        roots=sort_roots(evidence),
        syndrome=[s for s in SYNDROMES if s in syndromes],
        red_flags=[f for f in RED_FLAGS if f in reading.red_flags],
        source=source,
        details=details,
    )


# --------------------------------------------------------------------------------------------------
# structured input


def from_structured(data: dict[str, Any]) -> tuple[Symptoms, list[str]]:
    """Validate a structured ``symptoms`` object; bad values are dropped with a message."""
    problems: list[str] = []
    known = {"side", "roots", "syndrome", "red_flags", "details"}
    unknown = set(data) - known
    if unknown:
        problems.append(f"W101: symptoms: unknown keys ignored: {sorted(unknown)}")
    side = data.get("side")
    if side is not None:
        side = str(side).strip().lower()
        if side not in SIDES:
            problems.append(f"E101: symptoms.side must be one of {list(SIDES)} or null, got {side[:20]!r}")
            side = None

    def as_list(key):
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, (list, tuple)):
            return [str(v) for v in value]
        problems.append(f"E102: symptoms.{key} must be a list")
        return []

    roots = []
    for root in as_list("roots"):
        root = root.strip().upper()
        if _ROOT_RE.match(root) and root in root_order():
            roots.append(root)
        else:
            problems.append(f"E103: symptoms.roots: unknown root {root[:10]!r}")
    syndromes = []
    for syndrome in as_list("syndrome"):
        syndrome = syndrome.strip().lower()
        if syndrome in SYNDROMES:
            syndromes.append(syndrome)
        else:
            problems.append(f"E104: symptoms.syndrome: unknown id {syndrome[:30]!r}")
    flags = []
    for flag in as_list("red_flags"):
        flag = flag.strip().lower()
        if flag in RED_FLAGS:
            flags.append(flag)
        else:
            problems.append(f"E105: symptoms.red_flags: unknown id {flag[:30]!r}")
    details = {"root_evidence": {root: ["explicit"] for root in sort_roots(roots)}} if roots else {}
    return Symptoms(
        side=side,
        roots=sort_roots(roots),
        syndrome=[s for s in SYNDROMES if s in syndromes],
        red_flags=[f for f in RED_FLAGS if f in flags],
        source="structured",
        details=details,
    ), problems


def merge(structured: Symptoms, read: Symptoms | None, given_keys) -> Symptoms:
    """Structured values win field by field; text fills the fields the structure does not give."""
    if read is None or read.source is None:
        return structured
    merged = Symptoms(
        side=structured.side if "side" in given_keys else read.side,
        roots=structured.roots if "roots" in given_keys else read.roots,
        syndrome=structured.syndrome if "syndrome" in given_keys else read.syndrome,
        red_flags=structured.red_flags if "red_flags" in given_keys else read.red_flags,
        source="structured",
        details=dict(read.details),
    )
    if "roots" in given_keys:
        merged.details["root_evidence"] = structured.details.get("root_evidence", {})
    merged.details["merged_with"] = read.source
    return merged
