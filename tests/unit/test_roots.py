"""Root mapping from level, zone and type: the anatomy table of evidence.md 7.1, row by row."""

from __future__ import annotations

import pytest

from nlp.model import Finding
from nlp.roots import CAUDA_EQUINA, map_roots, parse_level, reachable_roots, root_distance

# level -> (exiting root, traversing root)
LEVELS = {
    "L1-L2": ("L1", "L2"),
    "L2-L3": ("L2", "L3"),
    "L3-L4": ("L3", "L4"),
    "L4-L5": ("L4", "L5"),
    "L5-S1": ("L5", "S1"),
}
TRAVERSING_ZONES = ("central", "paracentral", "subarticular")
EXITING_ZONES = ("foraminal", "extraforaminal")
DISC_TYPES = ("disc_protrusion", "disc_extrusion", "disc_sequestration", "disc_herniation", "disc_bulge")


@pytest.mark.parametrize("level", list(LEVELS))
@pytest.mark.parametrize("zone", TRAVERSING_ZONES + EXITING_ZONES)
def test_roots_disc_by_level_and_zone(level, zone):
    # Arrange
    exiting, traversing = LEVELS[level]
    finding = Finding("disc_extrusion", level=level, side="left", zone=zone)
    # Act
    mapping = map_roots(finding)
    # Assert
    expected = traversing if zone in TRAVERSING_ZONES else exiting
    assert mapping.roots == [expected]
    assert mapping.route == ("traversing" if zone in TRAVERSING_ZONES else "exiting")
    assert mapping.confidence == "high"


@pytest.mark.parametrize("finding_type", DISC_TYPES)
def test_roots_every_disc_type_follows_the_zone(finding_type):
    assert map_roots(Finding(finding_type, level="L4-L5", zone="paracentral")).roots == ["L5"]
    assert map_roots(Finding(finding_type, level="L4-L5", zone="foraminal")).roots == ["L4"]


@pytest.mark.parametrize("level", list(LEVELS))
def test_roots_unknown_zone_is_traversing_with_lower_confidence(level):
    mapping = map_roots(Finding("disc_herniation", level=level))
    assert mapping.roots == [LEVELS[level][1]]
    assert mapping.confidence == "moderate"
    assert any("zone not stated" in note for note in mapping.notes)


@pytest.mark.parametrize("level", list(LEVELS))
def test_roots_stenosis_types(level):
    exiting, traversing = LEVELS[level]
    assert map_roots(Finding("lateral_recess_stenosis", level=level, side="right")).roots == [traversing]
    assert map_roots(Finding("foraminal_stenosis", level=level, side="right")).roots == [exiting]
    assert map_roots(Finding("central_canal_stenosis", level=level, severity="severe")).roots == [
        traversing,
        CAUDA_EQUINA,
    ]


def test_roots_cauda_equina_reaches_every_lower_root():
    mapping = map_roots(Finding("central_canal_stenosis", level="L3-L4", severity="moderate"))
    assert reachable_roots(mapping) == {"L4", "L5", "S1", "S2", "S3", "S4", "S5"}


def test_roots_large_central_extrusion_adds_cauda_equina():
    finding = Finding("disc_extrusion", level="L4-L5", zone="central", descriptors=["large"])
    assert map_roots(finding).roots == ["L5", CAUDA_EQUINA]


def test_roots_small_central_protrusion_is_traversing_only():
    finding = Finding("disc_protrusion", level="L4-L5", zone="central", severity="mild")
    assert map_roots(finding).roots == ["L5"]


def test_roots_named_in_text_win_for_root_compression():
    finding = Finding("nerve_root_compression", level="L5-S1", side="right", roots_named=["S1"])
    assert map_roots(finding).roots == ["S1"]
    assert map_roots(finding).route == "named"


def test_roots_root_compression_without_named_root_is_traversing():
    assert map_roots(Finding("nerve_root_contact", level="L4-L5", side="left")).roots == ["L5"]
    assert map_roots(Finding("nerve_root_contact", level="L4-L5", zone="foraminal")).roots == ["L4"]


def test_roots_caudal_migration_reaches_the_next_lower_root():
    finding = Finding(
        "disc_extrusion", level="L4-L5", zone="paracentral", descriptors=["migrated", "caudally"]
    )
    assert map_roots(finding).roots == ["L5", "S1"]


def test_roots_cranial_migration_reaches_the_exiting_root():
    finding = Finding("disc_extrusion", level="L4-L5", zone="paracentral", descriptors=["cranially"])
    assert map_roots(finding).roots == ["L5", "L4"]


def test_roots_pars_defect_at_a_vertebra_is_that_root():
    assert map_roots(Finding("spondylolysis", level="L5", side="bilateral")).roots == ["L5"]


def test_roots_listhesis_narrows_exiting_and_traversing():
    assert map_roots(Finding("spondylolisthesis", level="L4-L5", grade=2)).roots == ["L4", "L5"]


def test_roots_transitional_vertebra_lowers_confidence():
    mapping = map_roots(Finding("disc_extrusion", level="L5-S1", zone="paracentral"), transitional=True)
    assert mapping.roots == ["S1"]
    assert mapping.confidence == "low"
    assert any("transitional" in note for note in mapping.notes)


@pytest.mark.parametrize(
    "finding",
    [
        Finding("disc_herniation", level=None),
        Finding("hemangioma", level="L2"),
        Finding("modic_1", level="L4-L5"),
        Finding("disc_degeneration", level="L4-L5"),
        Finding("postoperative_change", level="L4-L5"),
    ],
    ids=["no-level", "hemangioma", "modic", "degeneration", "postop-without-named-root"],
)
def test_roots_findings_without_roots(finding):
    assert map_roots(finding).roots == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("L4-L5", ("L4", "L5")),
        ("L4-5", ("L4", "L5")),
        ("L5/S1", ("L5", "S1")),
        ("T12-L1", ("T12", "L1")),
        ("L5", ("L5", None)),
        ("S1", ("S1", None)),
        (None, (None, None)),
        ("lumbar", (None, None)),
    ],
)
def test_roots_parse_level(text, expected):
    assert parse_level(text) == expected


def test_roots_distance():
    assert root_distance("L5", "S1") == 1
    assert root_distance("L3", "S1") == 3
    assert root_distance("L5", "cauda_equina") is None
