"""Plain data objects shared by the pipeline, the classifier, concordance and every output surface.

The field names of :class:`Finding`, :class:`Symptoms`, :class:`Concordance` and the record of
:meth:`AnalysisResult.to_dict` are the contract of ``shared/spec/interface.md``; do not rename them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FINDING_TYPES: tuple[str, ...] = (
    "disc_bulge", "disc_protrusion", "disc_extrusion", "disc_sequestration", "disc_herniation",
    "annular_fissure", "disc_degeneration", "disc_desiccation", "disc_height_loss",
    "modic_1", "modic_2", "modic_3", "modic_nos", "schmorl_node",
    "central_canal_stenosis", "lateral_recess_stenosis", "foraminal_stenosis",
    "nerve_root_contact", "nerve_root_compression", "thecal_sac_compression", "cauda_equina_compression",
    "facet_arthropathy", "facet_effusion", "ligamentum_flavum_hypertrophy", "synovial_cyst",
    "spondylolisthesis", "spondylolysis", "scoliosis", "osteophyte", "spondylosis",
    "hemangioma", "tarlov_cyst", "transitional_vertebra", "fracture", "neoplasm", "infection",
    "postoperative_change",
)
ASSERTIONS = ("present", "absent", "possible", "historical")
SIDES = ("left", "right", "bilateral", "central")
ZONES = ("central", "paracentral", "subarticular", "foraminal", "extraforaminal")
SEVERITIES = ("mild", "mild-moderate", "moderate", "moderate-severe", "severe")
LABELS = ("incidental", "indeterminate", "symptomatic", "urgent")
CONCORDANCE_CATEGORIES = (
    "concordant", "partially_concordant", "discordant", "indeterminate", "no_clinical_information",
)


@dataclass
class Finding:
    """One finding at one level, as read from the report.

    The first block of fields is filled by the extraction pipeline; the second by the incidental
    classifier (``nlp.classify``); the third by root mapping and concordance (``nlp.concordance``).
    ``descriptors`` holds extra words read around the finding that rules may use, e.g. ``large``,
    ``migrated``, ``acute``, ``new``, ``atypical``, ``edema``, ``multiple``, ``noncompressive``.
    ``roots_named`` are nerve roots the sentence names for this finding (``"compressing the left L5 root"``).
    """

    type: str
    level: str | None = None
    side: str | None = None
    zone: str | None = None
    severity: str | None = None
    grade: int | None = None
    assertion: str = "present"
    start: int = 0
    end: int = 0
    text: str = ""
    section: str | None = None
    size_mm: float | None = None
    descriptors: list[str] = field(default_factory=list)
    roots_named: list[str] = field(default_factory=list)
    # filled by nlp.classify (issue: incidental labels)
    label: str | None = None
    p_incidental: float | None = None
    rationale: str | None = None
    sources: list[str] = field(default_factory=list)
    rule: str | None = None
    benchmark: str | None = None
    # filled by nlp.concordance (issue: symptoms and concordance)
    affected_roots: list[str] = field(default_factory=list)
    concordance: str | None = None

    @property
    def affirmed(self) -> bool:
        """True for findings stated as present or possible (the ones that get a label)."""
        return self.assertion in ("present", "possible")

    def to_dict(self) -> dict[str, Any]:
        """The per-finding record of interface.md (plus a few documented extra keys)."""
        return {
            "type": self.type,
            "level": self.level,
            "side": self.side,
            "zone": self.zone,
            "severity": self.severity,
            "grade": self.grade,
            "assertion": self.assertion,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "section": self.section,
            "size_mm": self.size_mm,
            "affected_roots": list(self.affected_roots),
            "label": self.label,
            "p_incidental": None if self.p_incidental is None else round(float(self.p_incidental), 3),
            "concordance": self.concordance,
            "rationale": self.rationale,
            "sources": list(self.sources),
            "rule": self.rule,
            "benchmark": self.benchmark,
        }


@dataclass
class Symptoms:
    """Clinical symptoms, read from free text or given structured.

    ``side``: ``left`` / ``right`` / ``bilateral`` / ``none`` (not lateralised) / ``None`` (not stated).
    ``syndrome``: ids such as ``axial_pain``, ``radicular_pain``, ``radicular_deficit``,
    ``neurogenic_claudication``, ``buttock_pain``, ``cauda_equina``, ``myelopathy``.
    ``source``: ``structured``, ``clinical``, ``report`` (the report's own history section) or ``None``.
    """

    side: str | None = None
    roots: list[str] = field(default_factory=list)
    syndrome: list[str] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    source: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.side or self.roots or self.syndrome or self.red_flags)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "side": self.side,
            "roots": list(self.roots),
            "syndrome": list(self.syndrome),
            "red_flags": list(self.red_flags),
            "source": self.source,
        }
        if self.details:
            out["details"] = self.details
        return out


@dataclass
class Concordance:
    """Report-level concordance: does the imaging offer an explanation for the symptoms?"""

    score: float | None = None
    category: str = "no_clinical_information"
    explained_by: list[int] = field(default_factory=list)
    rationale: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": None if self.score is None else round(float(self.score), 3),
            "category": self.category,
            "explained_by": list(self.explained_by),
            "rationale": self.rationale,
        }


@dataclass
class AnalysisResult:
    """What :func:`nlp.analyze` returns; ``to_dict()`` is the output record of interface.md."""

    id: Any = None
    findings: list[Finding] = field(default_factory=list)
    symptoms: Symptoms = field(default_factory=Symptoms)
    concordance: Concordance = field(default_factory=Concordance)
    red_flags: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    age: int | None = None
    sex: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "findings": [f.to_dict() for f in self.findings],
            "symptoms": self.symptoms.to_dict(),
            "concordance": self.concordance.to_dict(),
            "red_flags": list(self.red_flags),
            "errors": list(self.errors),
        }
