"""Likely incidental or likely symptom-related: an evidence-based label for every finding.

:func:`label_findings` fills, for each finding stated as present or possible, ``label``
(``incidental`` / ``indeterminate`` / ``symptomatic`` / ``urgent``), ``p_incidental``, ``rationale``,
``sources``, ``rule`` and, for the LIRE/Brinjikji eight, ``benchmark``. Absent and historical findings
keep ``None``. Everything it knows comes from ``models/`` (see :mod:`nlp.evidence`,
``models/README.md`` and ``docs/classification.md``); this module only holds the matching logic.

How a label is chosen
    ``models/classifier.json`` lists *matchers* in precedence order (R0 and X first). The first matcher
    whose ``types`` include the finding's type and whose ``when`` conditions hold gives the rule id, the
    imaging-only ``label`` and the rationale template. Conditions read the finding's severity, grade
    (listhesis grade defaults to 1 when not stated), age, size, zone, cue words (descriptors or words
    of the finding's own text), nerve roots named, and other affirmed findings at the same level
    (``context_any`` / ``context_none``, e.g. root contact next to a protrusion). Without clinical
    information the label comes from imaging and age only.

How P(incidental) is computed (evidence.md section 12)
    ``P_inc = p_a + (1 - p_a) / OR``, capped at 1, where ``p_a`` is the prevalence of the finding in
    people without back pain at the patient's age (Brinjikji 2015a, linear between decades, age clamped
    to 20-80; otherwise the documented point prevalence) and ``OR`` the symptomatic-vs-asymptomatic odds
    ratio (Brinjikji 2015b, or a documented surrogate; ``1`` when none). Rows of type ``p_incidental``
    (Tarlov and synovial cysts) are used directly. Unknown age uses the default age 50 and the rationale
    says so. Findings with no prevalence figure at all (and R0/X findings, which bypass the model)
    get ``p_incidental = None``.

API for symptom concordance (``nlp.concordance``)
    * :func:`rule_for(finding, age, findings) <rule_for>` -> :class:`RuleMatch` with ``rule``,
      ``label`` (imaging only), ``if_concordant`` and ``if_discordant`` (the label the rule table gives
      when symptoms match or do not match the finding), ``sources``, ``support``, ``status``;
    * :func:`downgrade` - rule G1 (symptomatic -> indeterminate -> incidental; urgent is never changed);
    * :func:`p_incidental` / :func:`estimate` - the graded number and its inputs;
    * :data:`LIRE_COMMON_EIGHT`, :data:`PCI_EIGHT`, :func:`is_pci`, :data:`NON_DEGENERATIVE`,
      :data:`BYPASS_RULES` (evidence.md sections 1 and 11).

Wording never says the pain is not real: a rationale only says how often the finding is seen without
pain and whether imaging offers an explanation.

>>> from nlp.model import Finding
>>> f = Finding(type="disc_bulge", level="L4-L5", severity="mild")
>>> label_findings([f], age=50)
>>> f.label, f.rule, round(f.p_incidental, 2)
('incidental', 'R1', 0.65)
>>> f.rationale
'Disc bulges are seen in about 60% of people aged 50 without back pain.'
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass
from functools import lru_cache

from nlp.evidence import Evidence, Matcher, PointPrevalenceRow, When, load_evidence
from nlp.model import SEVERITIES, Finding

#: Brinjikji 2015a / LIRE: findings common in people without back pain (evidence.md section 1, set 1).
#: Spondylolisthesis counts only at grade 1 (or grade not stated).
LIRE_COMMON_EIGHT: tuple[str, ...] = (
    "disc_bulge", "disc_degeneration", "disc_desiccation", "disc_height_loss",
    "disc_protrusion", "annular_fissure", "facet_arthropathy", "spondylolisthesis",
)
#: Tan 2018 / Jujjavarapu 2022 "potentially clinically important" findings (evidence.md section 1, set 2).
#: The ids name the PCI categories; :func:`is_pci` maps a finding onto them.
PCI_EIGHT: tuple[str, ...] = (
    "endplate_edema", "listhesis_grade_2", "disc_extrusion", "nerve_root_displaced_compressed",
    "any_stenosis", "central_canal_stenosis", "foraminal_stenosis", "lateral_recess_stenosis",
)
#: Findings outside the degenerative scope: never labelled incidental (rules R0 and X).
NON_DEGENERATIVE: frozenset[str] = frozenset({"fracture", "neoplasm", "infection", "cauda_equina_compression"})
#: Rules that bypass the P(incidental) model and must not be downgraded by G1.
BYPASS_RULES: frozenset[str] = frozenset({"R0", "X"})
STENOSIS_TYPES = ("central_canal_stenosis", "lateral_recess_stenosis", "foraminal_stenosis")

_LABEL_ORDER = ("incidental", "indeterminate", "symptomatic", "urgent")
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class RuleMatch:
    """The rule that applies to one finding, with the labels it gives with and without symptoms."""

    rule: str
    label: str
    if_concordant: str
    if_discordant: str
    sources: tuple[str, ...]
    support: str
    status: str
    matcher: Matcher

    @property
    def bypasses_model(self) -> bool:
        return self.rule in BYPASS_RULES


@dataclass(frozen=True)
class Estimate:
    """Inputs and result of the P(incidental) model for one finding."""

    p_incidental: float | None
    prevalence: float | None  # p_a
    odds_ratio: float | None  # the OR used (None when p_incidental is taken directly or not computed)
    people: str | None  # "people aged 50", "people under 60", ...
    age_used: float | None  # the age the figure refers to (clamped), None when not age-dependent
    age_assumed: bool  # True when the patient's age was unknown and the default was used
    sources: tuple[str, ...]
    odds_ratio_surrogate: bool = False


# ----------------------------------------------------------------------------------------- helpers
def _ev() -> Evidence:
    return load_evidence()


def _rule_age(age: float | None) -> tuple[int, bool]:
    """Age in completed years for rule conditions, and whether it was assumed."""
    if age is None:
        return _ev().config.defaults.age, True
    return int(math.floor(float(age))), False


def _severity_rank(value: str | None) -> int | None:
    return None if value is None else _SEVERITY_RANK.get(value)


def _grade(finding: Finding) -> int | None:
    if finding.grade is not None:
        return finding.grade
    return _ev().config.defaults.grade.get(finding.type)


@lru_cache(maxsize=512)
def _cue_pattern(cue: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(cue.lower()))


def _has_cue(finding: Finding, cues: list[str]) -> bool:
    descriptors = [d.lower() for d in finding.descriptors]
    text = (finding.text or "").lower()
    for cue in cues:
        c = cue.lower()
        if any(d.startswith(c) for d in descriptors):
            return True
        if text and _cue_pattern(c).search(text):
            return True
    return False


def _sides_compatible(a: str | None, b: str | None) -> bool:
    lateral = ("left", "right")
    return not (a in lateral and b in lateral and a != b)


class ReportFindings(list):
    """A report's findings with its affirmed findings indexed by level, built on first use: the same-level
    context of every finding is then a look-up, not a pass over the report (quadratic in a long report)."""

    _by_level: dict | None = None

    def at_level(self, level: str) -> list[Finding]:
        if self._by_level is None:
            self._by_level = {}
            for other in self:
                if other.affirmed and other.level:
                    self._by_level.setdefault(other.level, []).append(other)
        return self._by_level.get(level, [])


def _context(finding: Finding, others: list[Finding], cond) -> bool:
    if not finding.level:
        return False
    need = _severity_rank(cond.severity_min)
    candidates = others.at_level(finding.level) if isinstance(others, ReportFindings) else others
    for other in candidates:
        if other is finding or not other.affirmed or other.type not in cond.types:
            continue
        if other.level != finding.level or not _sides_compatible(finding.side, other.side):
            continue
        if need is not None:
            rank = _severity_rank(other.severity)
            if rank is None or rank < need:
                continue
        return True
    return False


def _holds(when: When | None, finding: Finding, age: int, others: list[Finding]) -> bool:
    if when is None:
        return True
    if when.assertion_in is not None and finding.assertion not in when.assertion_in:
        return False
    rank = _severity_rank(finding.severity)
    if when.severity_min is not None and (rank is None or rank < _SEVERITY_RANK[when.severity_min]):
        return False
    if when.severity_max is not None and (rank is None or rank > _SEVERITY_RANK[when.severity_max]):
        return False
    grade = _grade(finding)
    if when.grade_min is not None and (grade is None or grade < when.grade_min):
        return False
    if when.grade_max is not None and (grade is None or grade > when.grade_max):
        return False
    if when.age_min is not None and age < when.age_min:
        return False
    if when.age_max is not None and age > when.age_max:
        return False
    if when.size_min_mm is not None and (finding.size_mm is None or finding.size_mm < when.size_min_mm):
        return False
    if when.zone_in is not None and finding.zone not in when.zone_in:
        return False
    if when.cues_any is not None and not _has_cue(finding, when.cues_any):
        return False
    if when.cues_none is not None and _has_cue(finding, when.cues_none):
        return False
    if when.roots_named is not None and bool(finding.roots_named) != when.roots_named:
        return False
    if when.context_any is not None and not _context(finding, others, when.context_any):
        return False
    if when.context_none is not None and _context(finding, others, when.context_none):
        return False
    return True


def _uses_age(when: When | None) -> bool:
    return when is not None and (when.age_min is not None or when.age_max is not None)


# -------------------------------------------------------------------------------------- public API
def rule_for(finding: Finding, age: float | None = None, findings: list[Finding] | None = None) -> RuleMatch | None:
    """The rule (first matching matcher of ``models/classifier.json``) for an affirmed finding.

    ``findings`` is the report's whole finding list, used for same-level context (root contact,
    stenosis). Returns ``None`` for absent or historical findings.
    """
    if not finding.affirmed:
        return None
    ev = _ev()
    rule_age, _ = _rule_age(age)
    others = findings or []
    rules = ev.rules
    for matcher in ev.config.matchers:
        if finding.type in matcher.types and _holds(matcher.when, finding, rule_age, others):
            rule = rules[matcher.rule]
            sources = tuple(dict.fromkeys([*matcher.sources, *rule.sources]))
            return RuleMatch(
                rule=rule.id, label=matcher.label, if_concordant=matcher.if_concordant,
                if_discordant=matcher.if_discordant, sources=sources, support=rule.support,
                status=rule.status, matcher=matcher,
            )
    raise LookupError(f"no matcher for finding type {finding.type!r}")  # the loader guarantees one


def age_prevalence(key: str, age: float | None) -> tuple[float, float, bool]:
    """Brinjikji 2015a prevalence (0-1) of ``key`` at ``age``: ``(p, age_used, assumed)``.

    Linear between decades; ages outside 20-80 are clamped; ``None`` uses the default age.
    """
    ev = _ev()
    d = ev.config.defaults
    assumed = age is None
    a = float(d.age if age is None else age)
    a = min(max(a, float(d.age_min)), float(d.age_max))
    rows = ev.age_table[key]
    for lo, hi in zip(rows, rows[1:]):
        if lo.age <= a <= hi.age:
            t = (a - lo.age) / (hi.age - lo.age)
            return (lo.prevalence_pct + t * (hi.prevalence_pct - lo.prevalence_pct)) / 100.0, a, assumed
    raise ValueError(f"age {a} outside the table")  # pragma: no cover - clamped above


def _point_row(group: str, age: int) -> PointPrevalenceRow:
    for row in _ev().point[group]:
        if row.lo <= age <= row.hi:
            return row
    raise LookupError(f"no age band of {group!r} covers {age}")  # pragma: no cover - validated at load


def estimate(finding: Finding, age: float | None = None) -> Estimate:
    """P(incidental) and its inputs for one finding (deterministic; no symptoms involved)."""
    ev = _ev()
    fe = ev.config.findings[finding.type]
    rule_age, assumed = _rule_age(age)
    none = Estimate(None, None, None, None, None, False, ())
    if finding.type in NON_DEGENERATIVE:
        return none
    ref = next((r for r in fe.prevalence if _holds(r.when, finding, rule_age, [])), None)
    if ref is None:
        return none
    sources: list[str] = []
    if ref.table == "age":
        p_a, age_used, assumed = age_prevalence(ref.key, age)
        people = f"people aged {int(round(age_used))}"
        age_dependent = True
        sources.append(ev.age_table[ref.key][0].citation)
    else:
        row = _point_row(ref.key, rule_age)
        sources.append(row.citation)
        age_dependent = len(ev.point[ref.key]) > 1
        age_used = float(rule_age) if age_dependent else None
        people = row.people
        if row.statistic == "p_incidental":
            return Estimate(row.value, None, None, people, age_used, assumed and age_dependent, tuple(sources))
        p_a = row.value
    odds = next((o for o in fe.odds_ratio if _holds(o.when, finding, rule_age, [])), None)
    if odds is None:
        odds_ratio, surrogate = ev.config.defaults.no_odds_ratio, False
    else:
        odds_ratio, surrogate = ev.odds_ratios[odds.key].odds_ratio, odds.surrogate
        sources.append(ev.odds_ratios[odds.key].citation)
        age_dependent = age_dependent or _uses_age(odds.when)
    p_inc = min(1.0, p_a + (1.0 - p_a) / odds_ratio)
    return Estimate(p_inc, p_a, odds_ratio, people, age_used,
                    assumed and age_dependent, tuple(dict.fromkeys(sources)), surrogate)


def p_incidental(finding: Finding, age: float | None = None) -> float | None:
    """``p_a + (1 - p_a) / OR`` capped at 1 (evidence.md section 12); ``None`` when not computable."""
    return estimate(finding, age).p_incidental


def downgrade(label: str | None) -> str | None:
    """Rule G1, the discordance downgrade: symptomatic -> indeterminate -> incidental; urgent unchanged."""
    if label == "symptomatic":
        return "indeterminate"
    if label == "indeterminate":
        return "incidental"
    return label


def is_pci(finding: Finding) -> bool:
    """True when the finding is one of the Tan 2018 'potentially clinically important' eight."""
    if finding.type in ("modic_1", "disc_extrusion", "disc_sequestration", "nerve_root_compression"):
        return True
    if finding.type in STENOSIS_TYPES:
        return True
    return finding.type == "spondylolisthesis" and (finding.grade or 0) >= 2


def _pct(p: float) -> str:
    if 0 < p < 0.005:
        return "under 1%"
    return f"{int(math.floor(p * 100 + 0.5))}%"


def _n_in(p: float) -> str:
    if p >= 0.95:
        return "more than 9 in 10"
    if p >= 0.095:
        return f"{int(math.floor(p * 10 + 0.5))} in 10"
    if p <= 0:
        return "almost no"
    return f"1 in {int(math.floor(1 / p + 0.5))}"


def _age_note(age: float | None, est: Estimate, rule_uses_age: bool) -> str:
    d = _ev().config.defaults
    if age is None and (est.age_assumed or rule_uses_age):
        return f" (age not given, so age {d.age} was assumed)"
    if age is not None and est.age_used is not None and est.prevalence is not None:
        if age < d.age_min and est.people and est.people.startswith("people aged"):
            return f" (the youngest age with data; the patient is {int(age)})"
        if age > d.age_max and est.people and est.people.startswith("people aged"):
            return f" (the oldest age with data; the patient is {int(age)})"
    return ""


def _fill(template: str, values: dict[str, str]) -> str:
    needed = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    text = template.format(**{k: values.get(k, "") for k in needed})
    note = values.get("age_note", "")
    if note and "age_note" not in needed:
        text = text[:-1] + note + "." if text.endswith(".") else text + note
    return text


def _noun(finding: Finding) -> tuple[str, str]:
    fe = _ev().config.findings[finding.type]
    return fe.noun, ("are" if fe.plural else "is")


def _benchmark(finding: Finding, age: float | None) -> str | None:
    ev = _ev()
    fe = ev.config.findings[finding.type]
    if not fe.benchmark or finding.type not in LIRE_COMMON_EIGHT:
        return None
    if finding.type == "spondylolisthesis" and (_grade(finding) or 1) > 1:
        return None
    ref = next((r for r in fe.prevalence if r.table == "age"), None)
    if ref is None:
        return None
    p_a, age_used, assumed = age_prevalence(ref.key, age)
    noun, be = _noun(finding)
    text = ev.config.benchmark_template.format(
        Noun=noun[:1].upper() + noun[1:], noun=noun, be=be, n_in=_n_in(p_a),
        age_phrase=f"aged {int(round(age_used))}")
    if assumed:
        text = text.rstrip(".") + f" (age not given, so age {ev.config.defaults.age} was assumed)."
    return text


def _clear(finding: Finding) -> None:
    finding.label = None
    finding.p_incidental = None
    finding.rationale = None
    finding.sources = []
    finding.rule = None
    finding.benchmark = None


def label_finding(finding: Finding, age: float | None = None, findings: list[Finding] | None = None) -> None:
    """Label one finding in place (see :func:`label_findings`)."""
    if not finding.affirmed:
        _clear(finding)
        return
    match = rule_for(finding, age, findings)
    assert match is not None
    est = Estimate(None, None, None, None, None, False, ()) if match.bypasses_model else estimate(finding, age)
    noun, be = _noun(finding)
    values = {
        "Noun": noun[:1].upper() + noun[1:], "noun": noun, "be": be,
        "pct": _pct(est.prevalence if est.prevalence is not None else (est.p_incidental or 0.0)),
        "people": est.people or "people",
        "or": "" if est.odds_ratio is None else f"{est.odds_ratio:g}",
        "age": "" if est.age_used is None else str(int(round(est.age_used))),
        "age_note": _age_note(age, est, _uses_age(match.matcher.when)),
    }
    finding.rule = match.rule
    finding.label = match.label
    finding.p_incidental = est.p_incidental
    finding.rationale = _fill(match.matcher.rationale, values)
    finding.sources = list(dict.fromkeys([*match.sources, *est.sources]))
    finding.benchmark = _benchmark(finding, age)


def label_findings(findings: list[Finding], age: int | None = None, sex: str | None = None) -> None:
    """Set ``label``, ``p_incidental``, ``rationale``, ``sources``, ``rule``, ``benchmark`` in place.

    Only findings whose assertion is ``present`` or ``possible`` are labelled; the others get ``None``.
    ``sex`` is accepted for the interface but not used: no table in ``models/`` is sex-specific.
    """
    indexed = ReportFindings(findings)  # the same Finding objects, labelled in place
    for finding in findings:
        label_finding(finding, age, indexed)


__all__ = [
    "BYPASS_RULES", "Estimate", "LIRE_COMMON_EIGHT", "NON_DEGENERATIVE", "PCI_EIGHT", "RuleMatch",
    "age_prevalence", "downgrade", "estimate", "is_pci", "label_finding", "label_findings", "p_incidental",
    "rule_for",
]
