"""Loading and validating the rule data in ``lexicons/`` (pydantic models, ``extra="forbid"``)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from nlp.model import FINDING_TYPES
from nlp.resources import lexicon_path

SPECIAL_TYPES = ("PSEUDO",)


def catalog_types(values: list[str], field: str) -> list[str]:
    """Check that every value is a catalog finding type (for the validators below)."""
    for value in values:
        if value not in FINDING_TYPES:
            raise ValueError(f"{field} names an unknown finding type {value!r}")
    return values


class FindingEntry(BaseModel):
    """One lexicon entry: literals and/or spaCy token patterns that name one finding type."""

    model_config = ConfigDict(extra="forbid")
    id: str
    type: str
    literals: list[str] = Field(default_factory=list)
    patterns: list[list[dict[str, Any]]] = Field(default_factory=list)
    suppresses: list[str] = Field(default_factory=list)
    normal_only: bool = False  # an anatomy mention that is a finding only when called normal/patent/absent
    gap_stop: list[str] = Field(default_factory=list)  # words a pattern's wildcard gap may not cross
    descriptor_only_in_relation: bool = False

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in FINDING_TYPES and value not in SPECIAL_TYPES:
            raise ValueError(f"unknown finding type {value!r} (see shared/spec/findings.md)")
        return value

    @field_validator("suppresses")
    @classmethod
    def _known_suppressed(cls, values: list[str]) -> list[str]:
        return catalog_types(values, "suppresses")


class FindingLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: str
    version: int
    entries: list[FindingEntry]


class SiteRule(BaseModel):
    """Finding types that a non-spinal site word next to them rules out (``lexicons/nonspine.json``)."""

    model_config = ConfigDict(extra="forbid")
    id: str
    types: list[str]
    words: list[str]
    before: int = Field(ge=0, le=10)
    after: int = Field(ge=0, le=10)
    # when set, a site word after the finding counts only if every word between is one of these
    # ("osteoarthritis of the left knee", not "spondylosis and hip pain")
    after_gap: list[str] | None = None
    # a site word further before the finding, up to ``before_far`` words, counts when every word between is one of
    # these ("right hip osteoarthritis with joint-space narrowing and osteophytes")
    before_far: int = Field(default=0, ge=0, le=20)
    before_gap: list[str] | None = None

    @field_validator("types")
    @classmethod
    def _known(cls, values: list[str]) -> list[str]:
        return catalog_types(values, "types")


class SiteLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: str
    version: int
    rules: list[SiteRule]


@lru_cache(maxsize=8)
def site_lexicon(path: str | None = None) -> SiteLexicon:
    p = Path(path) if path else lexicon_path("nonspine.json")
    try:
        return SiteLexicon.model_validate(_read(p))
    except ValueError as exc:
        raise ValueError(f"invalid site lexicon {p.name}: {exc}") from exc


class NormLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: str
    version: int
    norms: dict[str, list[str]]


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read lexicon {path}: {exc}") from exc


@lru_cache(maxsize=8)
def finding_lexicons(directory: str | None = None) -> tuple[FindingLexicon, ...]:
    folder = Path(directory) if directory else lexicon_path("findings")
    files = sorted(folder.glob("*.json"))
    if not files:
        raise ValueError(f"no finding lexicons in {folder}")
    out = []
    for path in files:
        try:
            out.append(FindingLexicon.model_validate(_read(path)))
        except ValueError as exc:
            raise ValueError(f"invalid finding lexicon {path.name}: {exc}") from exc
    ids = [e.id for lex in out for e in lex.entries]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"duplicate lexicon entry ids: {sorted(dupes)}")
    return tuple(out)


@lru_cache(maxsize=8)
def norm_lexicon(path: str | None = None) -> NormLexicon:
    p = Path(path) if path else lexicon_path("normalization.json")
    return NormLexicon.model_validate(_read(p))


def lexicon_versions() -> dict[str, int]:
    """Versions of every lexicon file, for run manifests."""
    versions = {f"findings/{lex.name}": lex.version for lex in finding_lexicons()}
    versions["normalization"] = norm_lexicon().version
    for name in ("context_rules", "sections", "attributes", "nonspine"):
        p = lexicon_path(f"{name}.json")
        if p.exists():
            versions[name] = int(_read(p).get("version", 0))
    return versions
