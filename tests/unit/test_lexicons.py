"""Lexicon hygiene: lexicons/*.json load through nlp.lexicon and agree with the catalog of findings.md."""

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from nlp.lexicon import SPECIAL_TYPES, FindingLexicon, finding_lexicons, lexicon_versions, norm_lexicon
from nlp.model import FINDING_TYPES
from nlp.resources import lexicon_path

LEX_DIR = Path(lexicon_path("findings"))
FILES = sorted(LEX_DIR.glob("*.json"))
ENTRIES = [(p.name, e) for p in FILES for e in json.loads(p.read_text(encoding="utf-8"))["entries"]]


def catalog_types(shared_dir):
    spec = shared_dir / "spec" / "findings.md"
    if not spec.exists():
        pytest.skip(f"{spec} not found (shared/ must sit beside the repository)")
    text = spec.read_text(encoding="utf-8")
    catalog = text.split("## 1.", 1)[1].split("## 2.", 1)[0]
    return re.findall(r"^\| `([a-z0-9_]+)` \|", catalog, flags=re.M)


def test_model_types_equal_spec_catalog(shared_dir):
    assert set(catalog_types(shared_dir)) == set(FINDING_TYPES)


def test_lexicons_load_through_validators():
    lexes = finding_lexicons()
    assert len(lexes) == len(FILES)
    assert norm_lexicon().norms
    assert all(isinstance(v, int) for v in lexicon_versions().values())


@pytest.mark.parametrize("name, entry", ENTRIES, ids=[e["id"] for _, e in ENTRIES])
def test_entry_hygiene(name, entry):
    assert entry["type"] in FINDING_TYPES or entry["type"] in SPECIAL_TYPES, name
    literals = entry.get("literals", [])
    assert literals or entry.get("patterns"), f"{entry['id']} has neither literals nor patterns"
    lowered = [lit.lower() for lit in literals]
    dupes = sorted({lit for lit in lowered if lowered.count(lit) > 1})
    assert not dupes, f"{entry['id']}: duplicate literals {dupes}"
    padded = [lit for lit in literals if lit != lit.strip() or "  " in lit or not lit]
    assert not padded, f"{entry['id']}: literals with stray whitespace {padded}"


def test_every_catalog_type_has_an_entry():
    typed = {e["type"] for _, e in ENTRIES if not e.get("normal_only")}
    assert set(FINDING_TYPES) - typed == set()


COORDINATION = re.compile(r"\b(and|or)\b|/")


def test_no_literal_under_two_types():
    """A literal names one type, except a coordinated phrase that names two findings at once
    ("facet and ligamentum flavum hypertrophy"), and anatomy (normal_only) / PSEUDO entries."""
    owners = defaultdict(set)
    for _, e in ENTRIES:
        if e.get("normal_only") or e["type"] in SPECIAL_TYPES:
            continue
        for lit in e.get("literals", []):
            owners[lit.lower()].add(e["type"])
    clashes = {lit: sorted(t) for lit, t in owners.items() if len(t) > 1 and not COORDINATION.search(lit)}
    assert not clashes, clashes


def test_entry_ids_unique():
    ids = [e["id"] for _, e in ENTRIES]
    assert len(ids) == len(set(ids))


def _write(tmp_path, entries, **over):
    folder = tmp_path / "findings"
    folder.mkdir()
    doc = {"name": "bad", "description": "test", "version": 1, "entries": entries} | over
    (folder / "bad.json").write_text(json.dumps(doc))
    return str(folder)


@pytest.mark.parametrize(
    "entries, over, message",
    [
        ([{"id": "x", "type": "disc_bulgee", "literals": ["bulge"]}], {}, "unknown finding type 'disc_bulgee'"),
        ([{"id": "x", "type": "disc_bulge", "literals": ["bulge"], "suppresses": ["nope"]}], {},
         "suppresses names an unknown finding type"),
        ([{"id": "x", "type": "disc_bulge", "literal": ["bulge"]}], {}, "literal"),
        ([{"id": "x", "type": "disc_bulge"}, {"id": "x", "type": "disc_bulge"}], {}, "duplicate lexicon entry ids"),
        ([], {"version": "one"}, "version"),
    ],
    ids=["unknown-type", "unknown-suppressed", "extra-key", "duplicate-id", "bad-version"],
)
def test_bad_lexicon_raises_clear_valueerror(tmp_path, entries, over, message):
    with pytest.raises(ValueError) as info:
        finding_lexicons(_write(tmp_path, entries, **over))
    assert message in str(info.value)
    if "duplicate" not in message:
        assert "bad.json" in str(info.value)


def test_unreadable_lexicon_names_the_file(tmp_path):
    folder = tmp_path / "findings"
    folder.mkdir()
    (folder / "broken.json").write_text("{not json")
    with pytest.raises(ValueError, match="broken.json"):
        finding_lexicons(str(folder))


def test_empty_lexicon_folder(tmp_path):
    with pytest.raises(ValueError, match="no finding lexicons"):
        finding_lexicons(str(tmp_path))


def test_model_rejects_unknown_type_directly():
    with pytest.raises(ValueError, match="unknown finding type"):
        FindingLexicon.model_validate({"name": "n", "description": "d", "version": 1,
                                       "entries": [{"id": "a", "type": "slipped_disc"}]})


@pytest.mark.parametrize("name", ["context_rules.json", "sections.json", "attributes.json", "normalization.json"])
def test_other_lexicons_are_valid_json_with_version(name):
    data = json.loads(Path(lexicon_path(name)).read_text(encoding="utf-8"))
    assert isinstance(data.get("version"), int)


def test_context_rule_categories_known():
    rules = json.loads(Path(lexicon_path("context_rules.json")).read_text(encoding="utf-8"))["context_rules"]
    cats = {r["category"] for r in rules}
    assert cats <= {"NEGATED_EXISTENCE", "POSSIBLE_EXISTENCE", "HISTORICAL", "PSEUDO", "TERMINATE", "NORMAL",
                    "HYPOTHETICAL", "FAMILY"}, cats
    lits = [r["literal"].lower() for r in rules if "pattern" not in r]
    assert not [lit for lit in lits if lit != lit.strip()]
