"""Symptoms, nerve roots and concordance: does the imaging offer an explanation for the symptoms?

:func:`assess` runs after the incidental classifier (``nlp.classify``). It

1. maps every affirmed finding to the nerve roots it can affect (``Finding.affected_roots``, ``nlp.roots``);
2. reads the symptoms: structured ``symptoms`` (validated; it wins field by field), else the ``clinical``
   text, else the report's own history / indication section (``doc._.history_text``), with the
   clinical-text pipeline of ``nlp.symptoms``;
3. judges each finding against the leading syndromes (evidence.md 11.1: type, level/root and side) and sets
   ``Finding.concordance``;
4. computes the report score, the probability that the imaging explains the symptoms (evidence.md 12:
   prior = 1 - p_incidental, logit update with Suri 2010 likelihood ratios for stenosis and heuristic,
   unvalidated ones for side and root), the category and ``explained_by``;
5. refines the incidental labels: G1 (a discordant finding goes down a step), a concordant indeterminate
   finding goes up, R6a/R7a (root lesions without leg symptoms), R0 (cauda-equina red flags plus a
   compressive lesion -> ``urgent``).

A low concordance never means that the symptoms are not real (self-report is the reference for pain):
it says only that this study does not offer an explanation for them. All numbers and tables are in
``models/concordance.json``; none of the clinical text is ever logged.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from nlp.model import AnalysisResult, Concordance, Finding, Symptoms
from nlp.resources import model_path
from nlp.roots import RootMapping, map_roots, reachable_roots, root_distance
from nlp.symptoms import HARD_ROOT_KINDS, from_structured, merge, read_symptoms

ORDER = ("concordant", "partially_concordant", "indeterminate", "discordant")
LEG_SYNDROMES = ("radicular_pain", "radicular_deficit", "neurogenic_claudication", "cauda_equina")
_TYPE_WORDS = {
    "disc_herniation": "disc herniation",
    "nerve_root_compression": "nerve root compression",
    "nerve_root_contact": "nerve root contact",
    "central_canal_stenosis": "central canal stenosis",
    "lateral_recess_stenosis": "lateral recess stenosis",
    "foraminal_stenosis": "foraminal stenosis",
    "modic_1": "Modic type 1 endplate change",
}
_SYNDROME_WORDS = {
    "radicular_pain": "radicular leg pain",
    "radicular_deficit": "radicular deficit",
    "neurogenic_claudication": "neurogenic claudication",
    "cauda_equina": "cauda equina symptoms",
    "myelopathy": "myelopathic signs",
    "peripheral_neuropathy": "generalised (peripheral) neurological picture",
    "axial_pain": "axial back pain",
    "buttock_pain": "buttock pain",
    "referred_pain": "referred pain",
    "paresthesia": "sensory symptoms",
    "non_spinal": "non-spinal complaint",
}


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    """``models/concordance.json``."""
    return json.loads(model_path("concordance.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------------
# symptoms


def resolve_symptoms(
    result: AnalysisResult, doc=None, clinical: str | None = None, symptoms=None
) -> Symptoms:
    """Structured symptoms win field by field; then ``clinical``; then the report's history section."""
    read = None
    if clinical:
        read = read_symptoms(clinical, "clinical")
    elif not symptoms and doc is not None:
        history = getattr(getattr(doc, "_", None), "history_text", None) if doc is not None else None
        if isinstance(history, str) and history.strip():
            read = read_symptoms(history, "report")
    if isinstance(symptoms, dict) and symptoms:
        structured, problems = from_structured(symptoms)
        result.errors.extend(problems)
        return merge(structured, read, set(symptoms))
    return read if read is not None else Symptoms(source=None)


# --------------------------------------------------------------------------------------------------
# per-finding matching


@dataclass
class Match:
    """How one finding relates to one syndrome."""

    syndrome: str
    status: str  # concordant / partially_concordant / indeterminate / discordant
    side: str = "na"  # match / partial / mismatch / unknown / na
    root: str = "na"  # match / adjacent / mismatch / unknown / na (+ "_sign" for reflex/myotome evidence)
    strength: str | None = None
    lrs: list[tuple[str, float]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    p_sym: float | None = None


def _cap(status: str, cap: str) -> str:
    return status if ORDER.index(status) >= ORDER.index(cap) else cap


def _strength(group: str, finding: Finding, cfg: dict[str, Any]) -> str | None:
    table = cfg["compatibility"].get(group, {})
    strength = next((s for s in ("strong", "moderate", "weak") if finding.type in table.get(s, ())), None)
    if (
        strength == "moderate"
        and group == "axial"
        and finding.type in cfg["axial_requires_grade"]
        and finding.severity not in ("moderate", "moderate-severe", "severe")
    ):
        return "weak"  # R2/R2a: disc degeneration counts for back pain only when marked
    if strength and finding.severity == "mild" and finding.type in cfg["mild_downgrade"]:
        strength = {"strong": "moderate" if group == "axial" else "weak", "moderate": "weak"}.get(
            strength, strength
        )
    return strength


def _side_status(finding_side: str | None, symptom_side: str | None) -> str:
    if finding_side is None or symptom_side in (None, "none"):
        return "unknown"
    if finding_side == "bilateral":
        return "match"
    if finding_side == "central":
        return "match" if symptom_side == "bilateral" else "partial"
    if symptom_side == "bilateral":
        return "partial"
    return "match" if finding_side == symptom_side else "mismatch"


def _root_status(mapping: RootMapping, symptoms: Symptoms, transitional: bool) -> tuple[str, bool, bool]:
    """``(status, hard, g2)``: status of the root match, whether the matching evidence is a sign
    (reflex, myotome, named root), and whether an L5-vs-S1 pain-only difference was excused (G2)."""
    evidence: dict[str, list[str]] = symptoms.details.get("root_evidence") or {
        r: ["explicit"] for r in symptoms.roots
    }
    # a straight-leg raise is a tension sign, not a localiser: it never counts against a root
    counted = {r: k for r, k in evidence.items() if set(k) - {"sign"}}
    reach = reachable_roots(mapping)
    if not evidence or not reach:
        return "unknown", False, False
    matched = [r for r in evidence if r in reach]
    if matched:
        return "match", any(set(evidence[r]) & set(HARD_ROOT_KINDS) for r in matched), False
    if not counted:
        return "unknown", False, False
    distances = [(root_distance(s, f), s, f) for s in counted for f in reach]
    distances = [d for d in distances if d[0] is not None]
    if not distances:
        return "unknown", False, False
    best = min(distances)[0]
    if best == 1:
        pain_only = all(set(counted[s]) <= {"pain"} for _, s, _ in distances)
        g2 = pain_only and any({s, f} == {"L5", "S1"} for d, s, f in distances if d == 1)
        # a lost reflex or a weak myotome points at its own root, one segment from the finding's (a pain "in the
        # L4 distribution" is a distribution, tolerated like the dermatomes)
        hard = any(set(counted[s]) & {"reflex", "motor"} for d, s, _ in distances if d == 1)
        return "adjacent", hard, g2
    if best == 2 and transitional:
        return "adjacent_lstv", False, False
    if all(set(kinds) <= {"pain", "sensory"} for kinds in counted.values()):
        return "mismatch_soft", False, False  # 7.3: dermatomes are a graded guide, not a gate
    return "mismatch", False, False


def _lr(cfg, key) -> tuple[str, float]:
    return key, float(cfg["likelihood_ratios"][key]["value"])


def _suri_lr(symptoms: Symptoms, age: int | None, cfg) -> list[tuple[str, float]]:
    suri = cfg["likelihood_ratios"]["suri"]
    features = set(symptoms.details.get("claudication_features", ()))
    if "neurogenic_claudication" in symptoms.syndrome:
        features.add("neurogenic_claudication")
    values = [(f, suri["features"][f]) for f in features if f in suri["features"]]
    out = [max(values, key=lambda x: x[1])] if values else [("no_claudication", suri["no_claudication"])]
    out = [(f"suri:{name}", float(value)) for name, value in out]
    if age is not None and age > 70:
        out.append(("suri:age_over_70", float(suri["age_over_70"])))
    elif age is not None and age < 60:
        out.append(("suri:age_under_60", float(suri["age_under_60"])))
    return out


def _myelopathy_level(finding: Finding, cfg) -> bool:
    level = (finding.level or "").upper()
    levels = cfg["compatibility"]["myelopathy"]["levels"]
    return bool(level) and any(level == lv or (lv == "T" and level.startswith("T")) for lv in levels)


def match_finding(
    finding: Finding,
    mapping: RootMapping,
    syndrome: str,
    symptoms: Symptoms,
    *,
    transitional: bool = False,
    age: int | None = None,
    root_spared: bool = False,
    roots_free: bool = False,
    bare_bulge: bool = False,
    level_side: str | None = None,
) -> Match | None:
    """Judge one finding against one syndrome (``None`` when the finding type is not relevant to it).
    ``root_spared``: the report says the nerve roots beside the finding are not touched (:func:`roots_spared`);
    ``roots_free``: it calls the symptoms' own roots normal by name, on their side (:func:`symptom_roots_free`);
    ``bare_bulge``: a disc bulge that narrows nothing (:func:`bare_bulges`); ``level_side``: the side an unsided
    degenerative finding narrows (:func:`level_sides`)."""
    cfg = model()
    group = cfg["syndrome_groups"].get(syndrome)
    specific = finding.type in cfg["specific_lesions"]
    possible = finding.assertion == "possible"
    if group == "non_lumbar":
        return Match(
            syndrome,
            "discordant",
            lrs=[_lr(cfg, "syndrome_mismatch")],
            reasons=["lumbar findings do not explain this picture"],
        )
    if group == "myelopathy":
        strong = finding.type in cfg["compatibility"]["myelopathy"]["strong"] and _myelopathy_level(
            finding, cfg
        )
        if strong:
            return Match(
                syndrome,
                "partially_concordant" if possible else "concordant",
                strength="strong",
                lrs=[_lr(cfg, "syndrome_strong")],
            )
        return Match(
            syndrome,
            "discordant",
            lrs=[_lr(cfg, "syndrome_mismatch")],
            reasons=["a lumbar finding below the cord does not explain myelopathic signs"],
        )
    strength = _strength(group, finding, cfg)
    if strength is None:
        return None
    if bare_bulge and group in ("radicular", "claudication", "cauda_equina"):
        return Match(syndrome, "discordant", strength=strength, lrs=[_lr(cfg, "syndrome_weak")],
                     reasons=["narrows no canal, recess or foramen and touches no root"])
    match = Match(syndrome, "concordant", strength=strength)
    level_known = bool(mapping.roots) or bool(finding.level)
    if group in ("radicular", "referred"):
        finding_side = finding.side or level_side
        if finding_side is None and finding.type in cfg["central_types"] and mapping.roots:
            finding_side = "central"  # the canal and the thecal sac are midline structures
        match.side = _side_status(finding_side, symptoms.side)
        root, hard, g2 = _root_status(mapping, symptoms, transitional)
        match.root = root
        if match.side == "mismatch":
            match.status = "discordant"
            match.reasons.append("other side")
        if root == "mismatch":
            match.status = "discordant"
            match.reasons.append("root more than one level away")
        elif root == "mismatch_soft":
            match.reasons.append("pain or sensory distribution points to a root more than one level away")
        if match.status != "discordant":
            if not mapping.roots and match.side in ("unknown", "na"):
                match.status = "partially_concordant" if specific else "indeterminate"
                match.reasons.append("neither level nor side stated")
            elif not mapping.roots:
                if not (specific and match.side == "match"):
                    match.status = "partially_concordant"
                    match.reasons.append("level not stated" if not finding.level else "no root determinable")
            elif match.side != "match":
                match.status = "partially_concordant"
                match.reasons.append(
                    "side not stated" if match.side == "unknown" else "side only partly matches"
                )
            if root in ("adjacent_lstv", "mismatch_soft") or (root == "adjacent" and hard):
                match.status = _cap(match.status, "partially_concordant")
            if root == "adjacent" and hard:
                match.reasons.append("the signs point to the next root")
            if root == "adjacent_lstv":
                match.reasons.append("root two segments away, with a transitional vertebra")
            if strength == "weak":
                match.status = _cap(match.status, "partially_concordant")
                match.reasons.append("non-specific finding")
            if group == "referred":
                match.status = _cap(match.status, "partially_concordant")
            if roots_free and not root_spared and finding.side != symptoms.side and match.status != "discordant":
                # a finding elsewhere, while the report names the symptomatic root normal (one beside the finding
                # that the report calls untouched is a partial explanation instead, below)
                match.status = "discordant"
                match.reasons.append("the report calls the symptomatic nerve root normal")
            if root_spared and match.status == "concordant":
                match.status = "partially_concordant"
                match.reasons.append("the report says the nerve root there is not compressed")
        if match.side in ("match", "mismatch"):
            match.lrs.append(_lr(cfg, f"side_{match.side}"))
        if root == "match":
            match.lrs.append(_lr(cfg, "root_match_sign" if hard else "root_match"))
        elif root == "adjacent":
            match.lrs.append(_lr(cfg, "root_mismatch_pain_only_L5_S1" if g2 else "root_adjacent"))
        elif root == "mismatch":
            match.lrs.append(_lr(cfg, "root_mismatch"))
        elif root == "mismatch_soft":
            match.lrs.append(_lr(cfg, "root_mismatch_distribution"))
        # a lesion on the other side or at a distant root cannot lend its type match to these symptoms
        syndrome_key = (
            "syndrome_strong" if strength == "strong" and match.status != "discordant" else "syndrome_weak"
        )
        match.lrs.append(_lr(cfg, syndrome_key))
    elif group == "claudication":
        if strength == "weak":
            match.status = "partially_concordant"
            match.reasons.append("non-specific for claudication")
        elif not level_known:
            match.status = "partially_concordant"
            match.reasons.append("level not stated")
        side = _side_status(finding.side, symptoms.side)
        if side == "mismatch" and finding.type == "lateral_recess_stenosis":
            match.status = _cap(match.status, "partially_concordant")
            match.reasons.append("other side")
        if finding.type in ("central_canal_stenosis", "lateral_recess_stenosis"):
            match.lrs.extend(_suri_lr(symptoms, age, cfg))
        else:
            match.lrs.append(_lr(cfg, "syndrome_strong" if strength == "strong" else "syndrome_weak"))
    elif group == "cauda_equina":
        if strength != "strong" and not is_compressive(finding):
            match.status = "partially_concordant"
            match.reasons.append("not a cauda-equina compressing lesion")
        match.lrs.append(_lr(cfg, "syndrome_strong" if match.status == "concordant" else "syndrome_weak"))
    elif group == "axial":
        match.status = {"strong": "concordant", "moderate": "partially_concordant", "weak": "indeterminate"}[
            strength
        ]
        if specific and not finding.level:
            match.status = "partially_concordant"
            match.reasons.append("no spinal level stated, so the lesion may lie outside the spine")
        elif strength != "strong":
            match.reasons.append(
                "common, non-specific source of back pain"
                if strength == "moderate"
                else "too common or too mild to confirm a source"
            )
        match.lrs.append(_lr(cfg, "syndrome_strong" if strength == "strong" else "syndrome_weak"))
    if possible or finding.assertion == "historical":
        # a hedged finding, or one known only from a prior study or the history, may not be there now
        match.status = _cap(match.status, "partially_concordant")
        match.reasons.append("finding only possible" if possible else "finding known only from a prior study")
        match.lrs.append(_lr(cfg, "hedged_finding"))
    return match


ROOT_TYPES = ("nerve_root_contact", "nerve_root_compression")

# the report says part of the study could not be read: "artifact from the hardware obscures the L4-5 and L5-S1
# foramina, which cannot be assessed", "motion degrades the axial images", "non-diagnostic at L5-S1"
UNASSESSED_RE = re.compile(
    r"\b(?:obscur(?:es|ed|ing)|(?:can\s*not|could\s+not)\s+be\s+(?:adequately\s+|reliably\s+|fully\s+|well\s+)?"
    r"(?:assessed|evaluated|seen|visuali[sz]ed)|not\s+(?:adequately\s+|well\s+|reliably\s+)?(?:assessed|evaluable)"
    r"|non-?diagnostic|unevaluable|limit(?:s|ed|ing)?\s+(?:the\s+)?(?:evaluation|assessment|visuali[sz]ation)"
    r"|degrad(?:es|ed|ing)\s+(?:the\s+)?(?:evaluation|assessment|images?|study))\b", re.I)
_STATEMENT_RE = re.compile(r"[^.;\n]+")
# what the statement is about: the images, or a place in the spine ("the gait could not be assessed" is not)
_IMAGING_RE = re.compile(
    r"\b(?:artifact|artefact|hardware|metal\w*|susceptibility|motion|images?|sequences?|study|examination|levels?"
    r"|foram\w*|recess\w*|canal|discs?|disks?|[LS]\d(?:\s*[-/]\s*[LS]?\d)?)\b", re.I)
_MILD_RE = re.compile(r"\b(?:mild(?:ly)?|slight(?:ly)?|minimal(?:ly)?|somewhat)\b", re.I)
_OPERATED_RE = re.compile(r"\b(?:fused|operated|instrumented|these|those|both)\s+levels?\b", re.I)
_WHOLE_RE = re.compile(r"\bnon-?diagnostic\b|\b(?:can\s*not|could\s+not)\s+be\s+(?:\w+\s+)?(?:assessed|evaluated)\b",
                       re.I)


def unassessed_roots(text: str | None, operated: list[str] | None = None) -> set[str] | None:
    """Roots at the levels the report says it could not assess, or None. ``operated``: the levels of the surgery,
    for "the fused levels"; ``None`` in the set: the whole study ("non-diagnostic")."""
    if not text or not UNASSESSED_RE.search(text):
        return None
    from nlp.components.attributes import group_levels, level_groups

    roots: set[str] = set()
    for statement in _STATEMENT_RE.finditer(text):
        words = statement.group()
        if not UNASSESSED_RE.search(words) or not _IMAGING_RE.search(words) or _MILD_RE.search(words):
            continue  # "the gait could not be assessed"; "artifact mildly degrades the images"
        levels = [lv for g in level_groups(words) for lv in group_levels(g[2], g[3], "foraminal_stenosis")]
        if not levels and _OPERATED_RE.search(words):
            levels = list(operated or [])
        if not levels:
            if _WHOLE_RE.search(words):
                roots.add(None)
            continue
        for level in levels:
            roots.update(part for part in (level or "").split("-") if part)
    return roots or None


def roots_spared(findings: list[Finding]) -> set[int]:
    """Indices of the findings whose nerve roots the report calls untouched: a negated root contact or compression
    at the same level (or at no level: "no nerve root impingement") and on the same side ("approaches but does not
    contact the traversing left L5 nerve root", "the exiting L5 nerve roots are not compressed"), unless a root
    there is said to be compressed."""

    def near(root: Finding, finding: Finding) -> bool:
        return (root.level is None or root.level == finding.level) and (
            root.side in (None, "bilateral") or finding.side in (None, "bilateral", "central")
            or root.side == finding.side)

    negated = [f for f in findings if f.type in ROOT_TYPES and f.assertion == "absent"]
    if not negated:
        return set()
    # a root said to be compressed is touched; one only contacted, with its compression denied ("abuts but does not
    # displace the traversing S1 root", "contacted but not compressed"), is not
    touched = [f for f in findings if f.type == "nerve_root_compression" and f.assertion in ("present", "possible")]
    # a root contact counts as untouched when its compression is denied ("contacted but not compressed")
    denied = [r for r in negated if r.type == "nerve_root_compression"]
    return {i for i, f in enumerate(findings)
            if f.type != "nerve_root_compression" and f.affirmed
            and any(near(r, f) for r in (denied if f.type == "nerve_root_contact" else negated))
            and not any(near(r, f) for r in touched)}


NARROWING_TYPES = ("central_canal_stenosis", "lateral_recess_stenosis", "foraminal_stenosis")
PRESSING_TYPES = NARROWING_TYPES + ROOT_TYPES + ("thecal_sac_compression", "cauda_equina_compression")


# degenerative findings that reach a root only by narrowing the canal, a recess or a foramen
NARROWING_ONLY_TYPES = ("facet_arthropathy", "ligamentum_flavum_hypertrophy", "osteophyte", "spondylosis")


def bare_bulges(findings: list[Finding]) -> set[int]:
    """Indices of the disc bulges and degenerative findings that narrow nothing: a bulge that is mild or at a level
    the report calls patent ("mild bulge; canal and foramina patent"), facet, ligament or osteophyte changes at a
    level it calls patent, with no stenosis, root contact or sac compression said at that level. Bulges and facet
    changes are common without pain (Brinjikji 2015); one that touches nothing offers no explanation for a root's or
    the cauda equina's symptoms."""
    pressed = {f.level for f in findings if f.type in PRESSING_TYPES and f.assertion in ("present", "possible")}
    # "canal and foramina patent", "no neural compromise", "no root contact"
    patent = {f.level for f in findings if f.type in PRESSING_TYPES and f.assertion == "absent"}
    return {i for i, f in enumerate(findings)
            if f.affirmed and f.level and f.level not in pressed and (
                (f.type == "disc_bulge" and (f.severity == "mild" or f.level in patent))
                or (f.type in NARROWING_ONLY_TYPES and f.level in patent))}


def level_sides(findings: list[Finding]) -> dict[int, str]:
    """For unsided degenerative findings (a bulge, facet or osteophyte change), the one side that every stenosis or
    root finding at their level is on ("right foraminal protrusion with osteophyte, severe right foraminal stenosis":
    the osteophyte narrows the right side): index -> side."""
    sides: dict[str, set] = {}
    for f in findings:
        if f.type in PRESSING_TYPES and f.affirmed and f.level:
            sides.setdefault(f.level, set()).add(f.side)
    out = {}
    for i, f in enumerate(findings):
        if f.side is None and f.affirmed and f.type in NARROWING_ONLY_TYPES + ("disc_bulge",):
            at = sides.get(f.level) or set()
            if len(at) == 1 and next(iter(at)) in ("left", "right"):
                out[i] = next(iter(at))
    return out


def symptom_roots_free(findings: list[Finding], symptoms: Symptoms) -> bool:
    """Whether the report names every root of one-sided symptoms as normal on that side ("the right S1 root is
    normal", "the exiting right L4 root is not compressed") and calls none of them compressed there."""
    side = symptoms.side
    evidence = symptoms.details.get("root_evidence") or {}
    roots = {r for r, kinds in evidence.items() if set(kinds) - {"sign"}}
    if side not in ("left", "right") or not roots:
        return False

    def on_side(f: Finding) -> bool:
        return f.side in (None, "bilateral", side)

    free = {r for f in findings if f.type in ROOT_TYPES and f.assertion == "absent" and on_side(f) for r in f.roots_named}
    hit = {r for f in findings if f.type == "nerve_root_compression" and f.affirmed and on_side(f)
           for r in f.roots_named}
    return roots <= free and not roots & hit


def is_compressive(finding: Finding) -> bool:
    """R0 lesions: cauda-equina compression, severe central stenosis, a large central herniation."""
    rule = model()["urgent"]["compressive"]
    if finding.type in rule["always"]:
        return True
    if finding.type in rule["severe"] and finding.severity == "severe":
        return True
    if finding.type in rule["large_central"] and finding.zone in ("central", None):
        words = {d.lower() for d in finding.descriptors}
        return bool(words & {"large", "massive", "giant"}) or finding.severity == "severe"
    return False


def _r0_applies(symptoms: Symptoms, findings: list[Finding]) -> bool:
    """R0: cauda-equina red flags together with an affirmed compressive lesion."""
    flags = set(symptoms.red_flags) & set(model()["urgent"]["ces_red_flags"])
    return bool(flags) and any(f.affirmed and is_compressive(f) for f in findings)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _prior(finding: Finding, cfg) -> float:
    if finding.p_incidental is not None:
        return 1.0 - float(finding.p_incidental)
    return float(cfg["prior"]["by_type"].get(finding.type, cfg["prior"]["default"]))


def _p_sym(finding: Finding, match: Match, cfg) -> float:
    bypass = cfg["bypass_scores"]
    if finding.type in cfg["specific_lesions"] and match.status in ("concordant", "partially_concordant"):
        return float(
            bypass["specific_lesion_possible" if finding.assertion == "possible" else "specific_lesion"]
        )
    logit = _logit(_prior(finding, cfg)) + sum(math.log(v) for _, v in match.lrs)
    return 1.0 / (1.0 + math.exp(-logit))


# --------------------------------------------------------------------------------------------------
# report level


def leading_syndromes(symptoms: Symptoms) -> list[str]:
    """The syndromes of the highest tier present (leg and neurological > axial > referred > non-spinal)."""
    for tier in model()["syndrome_tiers"]:
        present = [s for s in tier if s in symptoms.syndrome]
        if present:
            return present
    return []


def _combine(statuses: list[str]) -> str:
    if "concordant" in statuses and "discordant" not in statuses:
        return "concordant"
    if "concordant" in statuses or "partially_concordant" in statuses:
        return "partially_concordant"
    if "indeterminate" in statuses:
        return "indeterminate"
    return "discordant"


def _describe(finding: Finding) -> str:
    words = [
        w
        for w in (finding.side if finding.side in ("left", "right", "bilateral") else None, finding.zone)
        if w
    ]
    words.append(_TYPE_WORDS.get(finding.type, finding.type.replace("_", " ")))
    text = " ".join(words)
    if finding.level:
        text += f" at {finding.level}"
    roots = [r for r in finding.affected_roots if r != "cauda_equina"]
    if roots:
        text += f" ({'/'.join(roots)} root{'s' if len(roots) > 1 else ''})"
    return text


def _symptom_words(symptoms: Symptoms, syndromes: list[str]) -> str:
    words = " and ".join(_SYNDROME_WORDS.get(s, s) for s in syndromes[:2])
    side = f"{symptoms.side} " if symptoms.side in ("left", "right", "bilateral") else ""
    roots = f" ({'/'.join(symptoms.roots)})" if symptoms.roots else ""
    return f"{side}{words}{roots}"


def assess(result: AnalysisResult, doc=None, clinical: str | None = None, symptoms=None) -> None:
    """Fill ``result.symptoms``, per-finding ``affected_roots``/``concordance``, ``result.concordance``,
    ``result.red_flags``, and refine the incidental labels."""
    cfg = model()
    findings = result.findings
    transitional = any(f.type == "transitional_vertebra" and f.affirmed for f in findings)
    mappings: dict[int, RootMapping] = {}
    for index, finding in enumerate(findings):
        finding.concordance = None
        finding.affected_roots = []
        if finding.affirmed or finding.assertion == "historical":
            mappings[index] = map_roots(finding, transitional=transitional)
            if finding.affirmed:
                finding.affected_roots = list(mappings[index].roots)
    sym = resolve_symptoms(result, doc, clinical, symptoms)
    result.symptoms = sym
    result.red_flags = list(sym.red_flags)
    if sym.source is None:
        result.concordance = Concordance(
            score=None,
            category="no_clinical_information",
            explained_by=[],
            rationale="No clinical information was given, so the imaging was not compared with symptoms.",
        )
        return
    leading = leading_syndromes(sym)
    spared = roots_spared(findings)
    free = symptom_roots_free(findings, sym)
    bare = bare_bulges(findings)
    narrowed = level_sides(findings)
    matches: dict[int, list[Match]] = {}
    for index, mapping in mappings.items():
        finding = findings[index]
        found = []
        for syndrome in leading:
            match = match_finding(finding, mapping, syndrome, sym, transitional=transitional, age=result.age,
                                  root_spared=index in spared, roots_free=free, bare_bulge=index in bare,
                                  level_side=narrowed.get(index))
            if match is not None:
                match.p_sym = _p_sym(finding, match, cfg)
                found.append(match)
        if found:
            matches[index] = found
            best = min((m.status for m in found), key=ORDER.index)
            if finding.affirmed:
                finding.concordance = None if best == "indeterminate" else best
    result.concordance = _report(result, sym, leading, matches, cfg, transitional)
    if result.concordance.category == "discordant":
        _inflamed_roots(result, sym, leading, doc)
    if result.concordance.category in ("partially_concordant", "discordant"):
        _unassessed(result, sym, leading, doc)
    _refine_labels(result, sym, leading, cfg)


# nerve roots described as enhancing or inflamed, which the catalog has no type for ("diffuse enhancement of the nerve
# roots of the cauda equina", "enhancing, clumped roots", "arachnoiditis")
ENHANCING_ROOTS_RE = re.compile(
    r"\benhanc\w*\s+(?:of|in|along|involving|within)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:nerve\s+)?roots?\b"
    r"|\b(?:nerve\s+)?roots?\s+(?:[\w,-]+\s+){0,3}?enhanc\w*|\benhancing\s+(?:[\w,-]+\s+){0,2}?(?:nerve\s+)?roots?\b"
    r"|\b(?:radiculitis|arachnoiditis|polyradiculitis)\b", re.I)
_NEGATION_RE = re.compile(r"\b(?:no|not|without|negative|absent)\b", re.I)


def enhancing_roots(text: str | None) -> bool:
    """Whether the report describes enhancing or inflamed nerve roots in a statement that does not deny them."""
    for m in _STATEMENT_RE.finditer(text or ""):
        hit = ENHANCING_ROOTS_RE.search(m.group())
        if hit and not _NEGATION_RE.search(m.group(), 0, hit.start()):
            return True
    return False


def _inflamed_roots(result: AnalysisResult, sym: Symptoms, leading: list[str], doc) -> None:
    """Root symptoms that no catalog finding explains, while the report describes enhancing nerve roots (radiculitis,
    arachnoiditis, an inflammatory polyradiculopathy): a partial explanation that the catalog cannot name."""
    groups = {model()["syndrome_groups"].get(s) for s in leading}
    if doc is None or not groups & {"radicular", "cauda_equina"}:
        return
    from nlp.components.tokenizer import original_text

    if not enhancing_roots(original_text(doc)):
        return
    result.concordance = Concordance(
        score=result.concordance.score,
        category="partially_concordant",
        explained_by=[],
        rationale=f"No catalog finding explains the {_symptom_words(sym, leading)}, but the report describes "
        "enhancing nerve roots, which may explain them in part; this does not question the symptoms.",
    )


def _unassessed(result: AnalysisResult, sym: Symptoms, leading: list[str], doc) -> None:
    """A partial or no explanation becomes indeterminate when the report could not assess the levels of the
    symptoms' roots (or the whole study): the culprit may sit where the study cannot see."""
    if doc is None:
        return
    from nlp.components.tokenizer import original_text

    operated = [f.level for f in result.findings if f.type == "postoperative_change" and f.level and f.affirmed]
    roots = unassessed_roots(original_text(doc), operated)
    if not roots or not (None in roots or not sym.roots or roots & set(sym.roots)):
        return
    levels = "the whole study" if None in roots else "the levels of the symptoms' roots"
    result.concordance = Concordance(
        score=result.concordance.score,
        category="indeterminate",
        explained_by=[],
        rationale=f"Whether the imaging explains the {_symptom_words(sym, leading)} cannot be judged: the report "
        f"says {levels} could not be fully assessed.",
    )


def _report(result, sym, leading, matches, cfg, transitional) -> Concordance:
    findings = result.findings
    if not leading:
        if sym.details.get("asymptomatic") or sym.details.get("denied"):
            return Concordance(
                score=float(cfg["no_explanation_score"]),
                category="discordant",
                explained_by=[],
                rationale="No current spinal symptoms are described, so the imaging findings have nothing "
                "to explain.",
            )
        priors = [_prior(f, cfg) for f in findings if f.affirmed]
        return Concordance(
            score=round(max(priors), 3) if priors else None,
            category="indeterminate",
            explained_by=[],
            rationale="The clinical information names no recognisable spinal symptom, so concordance "
            "cannot be judged.",
        )
    per_syndrome: dict[str, tuple[str, list[int]]] = {}
    best_p = None
    for syndrome in leading:
        candidates = [(index, m) for index, ms in matches.items() for m in ms if m.syndrome == syndrome]
        if not candidates:
            per_syndrome[syndrome] = ("discordant", [])
            continue
        status = min((m.status for _, m in candidates), key=ORDER.index)
        per_syndrome[syndrome] = (status, [i for i, m in candidates if m.status == status])
        for _, m in candidates:
            best_p = m.p_sym if best_p is None else max(best_p, m.p_sym)
    category = _combine([status for status, _ in per_syndrome.values()])
    explained = sorted(
        {
            i
            for status, idx in per_syndrome.values()
            if status in ("concordant", "partially_concordant")
            for i in idx
        }
    )
    if category in ("discordant", "indeterminate"):
        explained = []
    if best_p is None or category == "discordant" and not matches:
        best_p = float(cfg["no_explanation_score"])
    if _r0_applies(sym, findings):
        best_p = max(best_p, float(cfg["bypass_scores"]["R0"]))
    what = _symptom_words(sym, leading)
    if category == "concordant":
        lead = findings[explained[0]]
        rationale = f"The imaging offers an explanation for the {what}: the {_describe(lead)} matches them."
    elif category == "partially_concordant":
        lead_index = explained[0] if explained else None
        reason = ""
        if lead_index is not None:
            reasons = [r for m in matches.get(lead_index, []) for r in m.reasons]
            reason = f" ({reasons[0]})" if reasons else ""
        lead_text = f"the {_describe(findings[lead_index])}" if lead_index is not None else "a finding"
        rationale = (
            f"The imaging offers a partial or non-specific explanation for the {what}: "
            f"{lead_text} fits only in part{reason}."
        )
    elif category == "indeterminate":
        rationale = (
            f"Whether the imaging explains the {what} cannot be judged: the relevant findings give no "
            f"level or side, or are too common to confirm a source."
        )
    else:
        rationale = (
            f"The imaging offers no finding that matches the {what}; this does not question the "
            f"symptoms, only whether this study explains them."
        )
    if transitional and category in ("concordant", "partially_concordant"):
        rationale = rationale[:-1] + " (a transitional vertebra makes level numbering less certain)."
    return Concordance(
        score=round(float(best_p), 3), category=category, explained_by=explained, rationale=rationale
    )


def _append_rule(finding: Finding, rule: str) -> None:
    if finding.rule and rule in finding.rule.split("+"):
        return
    finding.rule = f"{finding.rule}+{rule}" if finding.rule else rule


def _add_sources(finding: Finding, sources) -> None:
    for source in sources:
        if source not in finding.sources:
            finding.sources.append(source)


_LABEL_RANK = {"incidental": 0, "indeterminate": 1, "symptomatic": 2, "urgent": 3}


def _rule_branches(finding: Finding, age, findings) -> tuple[str | None, str | None]:
    """``(if_concordant, if_discordant)`` of the classifier's rule for this finding, if it has one."""
    try:
        from nlp.classify import rule_for

        match = rule_for(finding, age, findings)
    except (ImportError, LookupError, AttributeError, TypeError, ValueError):  # fall back to G1 below
        return None, None
    if match is None:
        return None, None
    return match.if_concordant, match.if_discordant


def _say(finding: Finding, sentence: str) -> None:
    finding.rationale = ((finding.rationale + " ") if finding.rationale else "") + sentence


def _refine_labels(result: AnalysisResult, sym: Symptoms, leading: list[str], cfg) -> None:
    """Labels with symptoms: the classifier rule's own concordant/discordant branch where it has one
    (``models/classifier.json``), else G1 (discordant: SYM -> IND -> INC) and the concordant upgrade
    IND -> SYM; then R6a/R7a and R0."""
    refine = cfg["label_refinement"]
    urgent = cfg["urgent"]
    ces_flags = set(sym.red_flags) & set(urgent["ces_red_flags"])
    has_leg = bool(set(sym.syndrome) & set(LEG_SYNDROMES))
    from nlp.classify import ReportFindings  # imported here as in _rule_branches

    report_findings = ReportFindings(result.findings)  # same-level context as a look-up
    for finding in result.findings:
        if not finding.affirmed:
            continue
        if ces_flags and is_compressive(finding):
            finding.label = "urgent"
            _append_rule(finding, urgent["rule"])
            _add_sources(finding, urgent["sources"])
            _say(
                finding,
                "Cauda-equina red flags are reported with this compressive lesion: urgent clinical review.",
            )
            continue
        if finding.label not in _LABEL_RANK or finding.label == "urgent":
            continue
        if_concordant, if_discordant = _rule_branches(finding, result.age, report_findings)
        old = finding.label
        if finding.concordance == "discordant":
            new = if_discordant or refine["discordant"].get(old, old)
            if new == "incidental" and finding.type in refine["never_incidental"]:
                new = old
            if _LABEL_RANK.get(new, 99) < _LABEL_RANK[old]:
                finding.label = new
                _append_rule(finding, refine["rule_discordant"])
                _add_sources(finding, refine["sources_discordant"])
                _say(
                    finding,
                    "It does not match the reported symptoms (side, root or syndrome), so it is less "
                    "likely to explain them; this says nothing about whether the symptoms are real.",
                )
        elif finding.concordance == "concordant":
            new = if_concordant or refine["concordant"].get(old, old)
            if new != "urgent" and _LABEL_RANK.get(new, -1) > _LABEL_RANK[old]:
                finding.label = new
                rules = refine["rule_concordant"]
                _append_rule(finding, rules.get(finding.type, rules["default"]))
                _add_sources(finding, refine["sources_concordant"])
                _say(
                    finding,
                    "It matches the reported symptoms in type, level and side, so it may explain them.",
                )
        elif (
            sym.syndrome
            and not has_leg
            and finding.type in cfg["leg_dependent"]
            and finding.label == "symptomatic"
        ):
            finding.label = "indeterminate"
            _append_rule(finding, "R6a" if finding.type.startswith("disc") else "R7a")
            _say(finding, "No leg symptoms are reported, and root lesions mainly explain leg pain.")
