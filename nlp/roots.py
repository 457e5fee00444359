"""Which nerve roots a finding affects, from its level, zone and type (evidence.md 7.1).

A lumbar root exits under its own pedicle, above the disc of the same number: at the ``L4-L5`` disc the
``L4`` root is already in its foramen (the *exiting* root) and ``L5`` passes the disc in the lateral
recess (the *traversing* root). So a central, paracentral or subarticular lesion at ``Lx-Lx+1`` affects
``Lx+1``, a foraminal or extraforaminal one ``Lx``. The table and the routes by finding type live in
``lexicons/symptoms/roots.json``.

>>> from nlp.model import Finding
>>> map_roots(Finding("disc_extrusion", level="L4-L5", side="left", zone="paracentral")).roots
['L5']
>>> map_roots(Finding("disc_protrusion", level="L4-L5", zone="foraminal")).roots
['L4']
>>> map_roots(Finding("central_canal_stenosis", level="L4-L5", severity="severe")).roots
['L5', 'cauda_equina']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from nlp.model import Finding
from nlp.resources import lexicon_path

CAUDA_EQUINA = "cauda_equina"
_LEVEL_RE = re.compile(r"^([CTLS])(\d{1,2})(?:-([CTLS])?(\d{1,2}))?$")


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """``lexicons/symptoms/roots.json``."""
    data = json.loads(lexicon_path("symptoms", "roots.json").read_text(encoding="utf-8"))
    for route in data["type_route"].values():
        if route not in (
            "by_zone",
            "named_or_zone",
            "traversing",
            "exiting",
            "cauda_equina",
            "exiting_and_traversing",
            "vertebra",
            "named_level",
            "named_only",
        ):
            raise ValueError(f"roots.json: unknown route {route!r}")
    return data


def root_order() -> list[str]:
    return list(table()["root_order"])


def root_index(root: str) -> int | None:
    """Position of a root in the craniocaudal order (``None`` for unknown roots and ``cauda_equina``)."""
    order = root_order()
    root = normalise_root(root)
    return order.index(root) if root in order else None


def normalise_root(root: str) -> str:
    root = str(root).strip().upper().replace(" ", "")
    if root == "L6":  # a lumbarised S1 (transitional vertebra) behaves as S1
        return "S1"
    return root


def root_distance(a: str, b: str) -> int | None:
    ia, ib = root_index(a), root_index(b)
    return None if ia is None or ib is None else abs(ia - ib)


def parse_level(level: str | None) -> tuple[str | None, str | None]:
    """``"L4-L5"`` -> ``("L4", "L5")``; ``"L4-5"`` -> ``("L4", "L5")``; ``"L5"`` -> ``("L5", None)``."""
    if not level:
        return None, None
    match = _LEVEL_RE.match(str(level).strip().upper().replace(" ", "").replace("/", "-"))
    if not match:
        return None, None
    letter, number, letter2, number2 = match.groups()
    upper = f"{letter}{int(number)}"
    if number2 is None:
        return normalise_root(upper), None
    lower = f"{letter2 or letter}{int(number2)}"
    return normalise_root(upper), normalise_root(lower)


@dataclass
class RootMapping:
    """Roots a finding affects, how they were found and how sure the mapping is."""

    roots: list[str] = field(default_factory=list)
    route: str | None = None  # traversing / exiting / cauda_equina / named / vertebra / ...
    confidence: str = "high"  # high / moderate / low
    notes: list[str] = field(default_factory=list)

    @property
    def cauda_equina(self) -> bool:
        return CAUDA_EQUINA in self.roots


def _dedupe(roots: list[str]) -> list[str]:
    out: list[str] = []
    for root in roots:
        if root and root not in out:
            out.append(root)
    return out


def _next(root: str | None, step: int = 1) -> str | None:
    index = root_index(root) if root else None
    if index is None:
        return None
    order = root_order()
    return order[index + step] if 0 <= index + step < len(order) else None


def _large_central(finding: Finding) -> bool:
    rule = table()["large_central"]
    if finding.type not in rule["types"] or finding.zone not in rule["zones"]:
        return False
    words = {d.lower() for d in finding.descriptors}
    return bool(words & set(rule["descriptors"])) or finding.severity in rule["severities"]


def map_roots(finding: Finding, *, transitional: bool = False) -> RootMapping:
    """Roots affected by ``finding`` (``[]`` when the type affects none or the level is unknown)."""
    data = table()
    route = data["type_route"].get(finding.type)
    mapping = RootMapping()
    if route is None:
        return mapping
    named = _dedupe([normalise_root(r) for r in finding.roots_named if root_index(r) is not None])
    upper, lower = parse_level(finding.level)
    is_disc_level = lower is not None
    exiting = upper if is_disc_level else None
    traversing = lower if is_disc_level else None
    if transitional:
        mapping.confidence = "low"
        mapping.notes.append("transitional vertebra: level numbering may be shifted by one segment")
    if route in ("named_or_zone", "named_only") and named:
        mapping.roots, mapping.route = named, "named"
        return mapping
    if route == "named_only":
        return mapping
    if upper is None:
        mapping.notes.append("no level: root unknown")
        return mapping
    if route == "named_level":
        mapping.roots, mapping.route = [traversing or upper], "at_level"
    elif route == "vertebra":
        mapping.roots = [upper] if not is_disc_level else [exiting, traversing]
        mapping.route = "vertebra"
    elif not is_disc_level:
        # a disc-type finding given at a vertebra ("L5 spondylolysis", "pars defect at L5"): the root of
        # that vertebra exits through the foramen the lesion narrows
        mapping.roots, mapping.route = [upper], "exiting"
    elif route in ("by_zone", "named_or_zone"):
        zone_route = data["zone_route"].get(finding.zone) if finding.zone else None
        if zone_route is None:
            zone_route = data["unknown_zone"]
            mapping.notes.append(
                "zone not stated: traversing root assumed (most herniations are paracentral)"
            )
            if mapping.confidence == "high":
                mapping.confidence = "moderate"
        mapping.route = zone_route
        mapping.roots = [traversing] if zone_route == "traversing" else [exiting]
        words = {d.lower() for d in finding.descriptors}
        migration = data["migration"]
        if words & set(migration["cranial_descriptors"]):
            mapping.roots.append(exiting)
            mapping.notes.append("cranially migrated: the exiting root above may be reached")
        elif words & set(migration["caudal_descriptors"]):
            mapping.roots.append(_next(traversing))
            mapping.notes.append("caudally migrated: the next lower root may be reached")
        if _large_central(finding):
            mapping.roots.append(CAUDA_EQUINA)
            mapping.notes.append("large central lesion: cauda equina, both sides")
    elif route == "traversing":
        mapping.roots, mapping.route = [traversing], "traversing"
    elif route == "exiting":
        mapping.roots, mapping.route = [exiting], "exiting"
    elif route == "exiting_and_traversing":
        mapping.roots, mapping.route = [exiting, traversing], "exiting_and_traversing"
    elif route == "cauda_equina":
        mapping.roots, mapping.route = [traversing, CAUDA_EQUINA], "cauda_equina"
    mapping.roots = _dedupe(mapping.roots)
    return mapping


def reachable_roots(mapping: RootMapping) -> set[str]:
    """Roots used for matching: a cauda-equina lesion reaches every root passing the level, down to S5."""
    roots = {r for r in mapping.roots if r != CAUDA_EQUINA}
    indices = [root_index(r) for r in roots if root_index(r) is not None]
    if mapping.cauda_equina and indices:
        roots.update(root_order()[min(indices) :])
    return roots


def affects_roots(finding: Finding) -> bool:
    """True for finding types that can affect a nerve root at all."""
    return finding.type in table()["type_route"]
