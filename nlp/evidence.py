"""Load and validate the evidence tables in ``models/`` (one loader, cached, strict).

Tables (see ``models/README.md``):

* ``models/evidence/sources.csv`` - short citation keys and full references;
* ``models/evidence/prevalence_age.csv`` - Brinjikji 2015a prevalence by age decade, with n;
* ``models/evidence/odds_ratios.csv`` - Brinjikji 2015b odds ratios with 95% CIs, plus documented surrogates;
* ``models/evidence/point_prevalence.csv`` - other prevalence figures (Jensen 1994, Jarvik 2001, ...);
* ``models/evidence/likelihood_ratios.csv`` - Suri 2010 likelihood ratios (for symptom concordance);
* ``models/classifier.json`` - rule table R0-R24, G1, G2, X (+ project rules P1-P9), the per-finding
  evidence mapping and the ordered matchers used by :mod:`nlp.classify`.

Every row is validated with pydantic (``extra="forbid"``); cross-references (citation keys, table keys,
finding types, rule ids, rationale placeholders) are checked too. A bad table raises
:class:`EvidenceError` naming the file and the row. :func:`load_evidence` is cached, so the tables are
read once per process.
"""

from __future__ import annotations

import csv
import json
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from nlp.model import FINDING_TYPES, SEVERITIES
from nlp.resources import model_path

Confidence = Literal["FT", "ABS", "SEC", "SEC2", "MEM", "NONE"]
DECADES = (20, 30, 40, 50, 60, 70, 80)
#: Placeholders a rationale or benchmark template may use (filled by nlp.classify).
TEMPLATE_FIELDS = frozenset({"Noun", "noun", "be", "pct", "people", "age_note", "or", "age", "n_in", "age_phrase"})


class EvidenceError(ValueError):
    """An evidence table in ``models/`` is missing, malformed or inconsistent."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --------------------------------------------------------------------------------------------- CSV rows
class SourceRow(_Strict):
    key: str = Field(min_length=1)
    reference: str = Field(min_length=1)
    identifier: str | None = None
    confidence: Confidence


class AgePrevalenceRow(_Strict):
    id: str
    finding: str
    age: int
    prevalence_pct: float = Field(ge=0, le=100)
    n_patients: int = Field(ge=0)
    n_studies: int = Field(ge=0)
    extrapolated: bool
    sparse: bool
    citation: str
    confidence: Confidence

    @model_validator(mode="after")
    def _check(self) -> AgePrevalenceRow:
        if self.age not in DECADES:
            raise ValueError(f"age must be one of {DECADES}, got {self.age}")
        if self.extrapolated != (self.n_patients == 0):
            raise ValueError("extrapolated must be true exactly when n_patients is 0")
        return self


class OddsRatioRow(_Strict):
    id: str
    finding: str
    odds_ratio: float = Field(gt=0)
    ci_low: float | None = Field(default=None, gt=0)
    ci_high: float | None = Field(default=None, gt=0)
    p_value: str | None = None
    significant: bool
    population: str
    citation: str
    confidence: Confidence
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> OddsRatioRow:
        if self.ci_low is not None and self.ci_high is not None:
            if not self.ci_low <= self.odds_ratio <= self.ci_high:
                raise ValueError(f"odds_ratio {self.odds_ratio} outside its CI {self.ci_low}-{self.ci_high}")
            if self.significant != (self.ci_low > 1 or self.ci_high < 1):
                raise ValueError("significant must say whether the 95% CI excludes 1")
        return self


class PointPrevalenceRow(_Strict):
    id: str
    group: str
    finding: str
    statistic: Literal["prevalence", "p_incidental"]
    value: float = Field(ge=0, le=1)
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    population: str
    people: str
    citation: str
    confidence: Confidence
    used: bool
    note: str | None = None

    @property
    def lo(self) -> int:
        return 0 if self.age_min is None else self.age_min

    @property
    def hi(self) -> int:
        return 120 if self.age_max is None else self.age_max


class LikelihoodRatioRow(_Strict):
    id: str
    feature: str
    likelihood_ratio: float = Field(gt=0)
    ci_low: float | None = Field(default=None, gt=0)
    ci_high: float | None = Field(default=None, gt=0)
    target: str
    citation: str
    confidence: Confidence
    note: str | None = None


# ------------------------------------------------------------------------------------- classifier.json
Severity = Literal["mild", "mild-moderate", "moderate", "moderate-severe", "severe"]
Label = Literal["incidental", "indeterminate", "symptomatic", "urgent"]


class ContextCondition(_Strict):
    """Another affirmed finding at the same level (and a compatible side) with one of ``types``."""

    types: list[str] = Field(min_length=1)
    severity_min: Severity | None = None


class When(_Strict):
    """Conditions on a finding; all given conditions must hold. Unknown severity/grade fail min/max tests."""

    assertion_in: list[Literal["present", "possible"]] | None = None
    severity_min: Severity | None = None
    severity_max: Severity | None = None
    grade_min: int | None = None
    grade_max: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    size_min_mm: float | None = None
    zone_in: list[str] | None = None
    cues_any: list[str] | None = None
    cues_none: list[str] | None = None
    roots_named: bool | None = None
    context_any: ContextCondition | None = None
    context_none: ContextCondition | None = None


class EvidenceRef(_Strict):
    table: Literal["age", "point"]
    key: str
    when: When | None = None


class OddsRef(_Strict):
    key: str
    surrogate: bool = False
    when: When | None = None


class FindingEvidence(_Strict):
    noun: str
    plural: bool
    prevalence: list[EvidenceRef] = []
    odds_ratio: list[OddsRef] = []
    benchmark: bool = False


class Rule(_Strict):
    id: str = Field(pattern=r"^(R\d+[a-z]?|G\d|X|P\d+)$")
    finding: str
    label: str
    basis: str
    support: str
    status: Literal["original", "revised", "new", "project"]
    sources: list[str] = Field(min_length=1)


class Matcher(_Strict):
    rule: str
    types: list[str] = Field(min_length=1)
    label: Label
    if_concordant: Label
    if_discordant: Label
    rationale: str
    when: When | None = None
    sources: list[str] = []


class Defaults(_Strict):
    age: int = Field(ge=20, le=80)
    age_min: int
    age_max: int
    grade: dict[str, int] = {}
    no_odds_ratio: float = Field(gt=0)


class ClassifierConfig(_Strict):
    name: str
    description: str
    version: int = Field(ge=1)
    defaults: Defaults
    severity_order: list[str]
    benchmark_template: str
    findings: dict[str, FindingEvidence]
    rules: list[Rule]
    matchers: list[Matcher]

    @field_validator("severity_order")
    @classmethod
    def _severity_order(cls, value: list[str]) -> list[str]:
        if tuple(value) != SEVERITIES:
            raise ValueError(f"severity_order must be {list(SEVERITIES)}")
        return value


# ------------------------------------------------------------------------------------------ the bundle
@dataclass(frozen=True)
class Evidence:
    """All evidence tables, validated and indexed."""

    sources: dict[str, SourceRow]
    age_table: dict[str, tuple[AgePrevalenceRow, ...]]  # key -> rows for ages 20..80
    odds_ratios: dict[str, OddsRatioRow]
    point: dict[str, tuple[PointPrevalenceRow, ...]]  # group -> age-band rows
    likelihood_ratios: dict[str, LikelihoodRatioRow]
    config: ClassifierConfig
    versions: dict[str, int]

    @property
    def rules(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.config.rules}


_HEADER = re.compile(r"^#\s*table:\s*(?P<name>[\w.-]+)\s*\|\s*version:\s*(?P<version>\d+)\s*\|")


def _read_csv(path: Path, row_model: type[BaseModel], expected_name: str) -> tuple[int, list[Any]]:
    """Rows of one CSV table; the first line is ``# table: NAME | version: N | description``."""
    if not path.is_file():
        raise EvidenceError(f"evidence table missing: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        first = handle.readline()
        match = _HEADER.match(first)
        if not match:
            raise EvidenceError(f"{path.name}: first line must be '# table: NAME | version: N | description'")
        if match["name"] != expected_name:
            raise EvidenceError(f"{path.name}: header names table {match['name']!r}, expected {expected_name!r}")
        reader = csv.DictReader(handle)
        rows = []
        for line_no, raw in enumerate(reader, start=3):
            if None in raw:
                raise EvidenceError(f"{path.name} line {line_no}: more values than columns")
            data = {k: (v if v not in ("", None) else None) for k, v in raw.items()}
            try:
                rows.append(row_model.model_validate(data))
            except ValidationError as exc:
                raise EvidenceError(f"{path.name} line {line_no}: {_short(exc)}") from exc
    if not rows:
        raise EvidenceError(f"{path.name}: no rows")
    ids = [getattr(r, "id", getattr(r, "key", None)) for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise EvidenceError(f"{path.name}: duplicate ids {duplicates}")
    return int(match["version"]), rows


def _short(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(p) for p in err["loc"]) or "row"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def _template_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _when_parts(when: When | None) -> list[When]:
    return [] if when is None else [when]


def _validate(ev: Evidence) -> None:
    cfg = ev.config
    known_sources = set(ev.sources)

    def need_source(key: str, where: str) -> None:
        if key not in known_sources:
            raise EvidenceError(f"{where}: citation {key!r} is not in sources.csv")

    for key, rows in ev.age_table.items():
        ages = tuple(r.age for r in rows)
        if ages != DECADES:
            raise EvidenceError(f"prevalence_age.csv: {key!r} must have one row per decade {DECADES}, got {ages}")
        for r in rows:
            need_source(r.citation, f"prevalence_age.csv {r.id}")
    for r in ev.odds_ratios.values():
        need_source(r.citation, f"odds_ratios.csv {r.id}")
    for r in ev.likelihood_ratios.values():
        need_source(r.citation, f"likelihood_ratios.csv {r.id}")
    for group, rows in ev.point.items():
        for r in rows:
            need_source(r.citation, f"point_prevalence.csv {r.id}")
            if r.lo > r.hi:
                raise EvidenceError(f"point_prevalence.csv {r.id}: age_min > age_max")
        spans = sorted((r.lo, r.hi) for r in rows)
        for (_, hi), (lo, _) in zip(spans, spans[1:]):
            if lo <= hi:
                raise EvidenceError(f"point_prevalence.csv group {group!r}: age bands overlap")
        if len({r.statistic for r in rows}) != 1 or len({r.finding for r in rows}) != 1:
            raise EvidenceError(f"point_prevalence.csv group {group!r}: rows disagree on statistic or finding")

    rule_ids = set()
    for rule in cfg.rules:
        if rule.id in rule_ids:
            raise EvidenceError(f"classifier.json: duplicate rule {rule.id}")
        rule_ids.add(rule.id)
        for key in rule.sources:
            need_source(key, f"classifier.json rule {rule.id}")

    types = set(FINDING_TYPES)
    missing = types - set(cfg.findings)
    unknown = set(cfg.findings) - types
    if missing or unknown:
        raise EvidenceError(f"classifier.json findings: missing {sorted(missing)}, unknown {sorted(unknown)}")
    for type_, fe in cfg.findings.items():
        for ref in fe.prevalence:
            if ref.table == "age" and ref.key not in ev.age_table:
                raise EvidenceError(f"classifier.json findings.{type_}: no age-table finding {ref.key!r}")
            if ref.table == "point":
                rows = ev.point.get(ref.key)
                if not rows:
                    raise EvidenceError(f"classifier.json findings.{type_}: no point-prevalence group {ref.key!r}")
                if not all(r.used for r in rows):
                    raise EvidenceError(f"point_prevalence.csv group {ref.key!r} is used but not marked used=true")
                covered = sum(r.hi - r.lo + 1 for r in rows)
                if covered != 121:
                    raise EvidenceError(f"point_prevalence.csv group {ref.key!r}: age bands must cover 0-120")
        for ref in fe.odds_ratio:
            if ref.key not in ev.odds_ratios:
                raise EvidenceError(f"classifier.json findings.{type_}: no odds ratio {ref.key!r}")
    for type_ in cfg.defaults.grade:
        if type_ not in types:
            raise EvidenceError(f"classifier.json defaults.grade: unknown finding type {type_!r}")

    unconditional: set[str] = set()
    for index, m in enumerate(cfg.matchers):
        where = f"classifier.json matchers[{index}] ({m.rule})"
        if m.rule not in rule_ids:
            raise EvidenceError(f"{where}: rule {m.rule!r} is not in the rule table")
        bad = set(m.types) - types
        if bad:
            raise EvidenceError(f"{where}: unknown finding types {sorted(bad)}")
        for key in m.sources:
            need_source(key, where)
        for when in _when_parts(m.when):
            for ctx in (when.context_any, when.context_none):
                if ctx is not None and set(ctx.types) - types:
                    raise EvidenceError(f"{where}: unknown context types {sorted(set(ctx.types) - types)}")
        fields = _template_fields(m.rationale)
        if fields - TEMPLATE_FIELDS:
            raise EvidenceError(f"{where}: unknown rationale placeholders {sorted(fields - TEMPLATE_FIELDS)}")
        if m.when is None:
            unconditional.update(m.types)
    without_default = types - unconditional
    if without_default:
        raise EvidenceError(f"classifier.json: finding types without an unconditional matcher: {sorted(without_default)}")
    fields = _template_fields(cfg.benchmark_template)
    if fields - TEMPLATE_FIELDS:
        raise EvidenceError(f"classifier.json benchmark_template: unknown placeholders {sorted(fields - TEMPLATE_FIELDS)}")


def read_evidence(models_dir: Path) -> Evidence:
    """Read and validate every table under ``models_dir`` (no caching; see :func:`load_evidence`)."""
    folder = Path(models_dir)
    ev_dir = folder / "evidence"
    versions: dict[str, int] = {}
    versions["sources"], sources = _read_csv(ev_dir / "sources.csv", SourceRow, "sources")
    versions["prevalence_age"], age_rows = _read_csv(ev_dir / "prevalence_age.csv", AgePrevalenceRow, "prevalence_age")
    versions["odds_ratios"], or_rows = _read_csv(ev_dir / "odds_ratios.csv", OddsRatioRow, "odds_ratios")
    versions["point_prevalence"], point_rows = _read_csv(
        ev_dir / "point_prevalence.csv", PointPrevalenceRow, "point_prevalence")
    versions["likelihood_ratios"], lr_rows = _read_csv(
        ev_dir / "likelihood_ratios.csv", LikelihoodRatioRow, "likelihood_ratios")
    cfg_path = folder / "classifier.json"
    try:
        raw = json.loads(cfg_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EvidenceError(f"evidence table missing: {cfg_path}") from exc
    except json.JSONDecodeError as exc:
        raise EvidenceError(f"classifier.json: invalid JSON ({exc})") from exc
    try:
        config = ClassifierConfig.model_validate(raw)
    except ValidationError as exc:
        raise EvidenceError(f"classifier.json: {_short(exc)}") from exc
    versions["classifier"] = config.version

    age_table: dict[str, list[AgePrevalenceRow]] = {}
    for r in age_rows:
        age_table.setdefault(r.finding, []).append(r)
    point: dict[str, list[PointPrevalenceRow]] = {}
    for r in point_rows:
        point.setdefault(r.group, []).append(r)
    evidence = Evidence(
        sources={r.key: r for r in sources},
        age_table={k: tuple(sorted(v, key=lambda r: r.age)) for k, v in age_table.items()},
        odds_ratios={r.id: r for r in or_rows},
        point={k: tuple(sorted(v, key=lambda r: r.lo)) for k, v in point.items()},
        likelihood_ratios={r.id: r for r in lr_rows},
        config=config,
        versions=versions,
    )
    _validate(evidence)
    return evidence


@lru_cache(maxsize=4)
def load_evidence(models_dir: str | None = None) -> Evidence:
    """The validated evidence tables (cached). ``models_dir`` defaults to :func:`nlp.resources.model_path`."""
    return read_evidence(Path(models_dir) if models_dir else model_path())


__all__ = ["Evidence", "EvidenceError", "load_evidence", "read_evidence", "DECADES"]
