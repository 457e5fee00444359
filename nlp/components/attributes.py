"""``lsmri_attributes``: from qualified spans to :class:`~nlp.model.Finding` objects.

For every span of ``doc.spans["lsmri_findings"]`` it reads, from the span and a short window around it:

* **level(s)**: the nearest level group in the same sentence ("at L4-5 and L5-S1", "L3-4 through L5-S1",
  "of L4 on L5"), else the level heading that governs the sentence (``L4-5:`` / ``At L4-L5,`` at the start
  of a line or sentence, until the next heading or section), else ``None``. A level that names a nerve
  root ("the left L5 nerve root") is a root, not the finding's level. One finding per level.
* **side**, **zone**, **severity**, **grade**, **size**, **descriptors** and **roots named**, with the
  regular expressions of ``lexicons/attributes.json``;
* **assertion**: ``absent`` (negated, or an anatomy mention called normal), else ``historical`` (a
  historical modifier, or only in the history / comparison section), else ``possible`` (hedged), else
  ``present``. Anatomy mentions that are not called normal or absent are dropped;
* **section**: the category of the medspaCy section the finding is in.

The result is ``doc._.findings`` (list of Finding, text order) and ``doc._.history_text``.
"""

import bisect
import dataclasses
import json
import re
from functools import lru_cache

import numpy

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp.components import fastre
from nlp.components.tables import item_side, table_cells, table_findings
from nlp.components.findings import ANATOMY, SPAN_GROUP
from nlp.components.tokenizer import doc_text, original_offsets, original_text
from nlp.model import Finding
from nlp.resources import lexicon_path

for _name in ("findings", "history_text", "level_headings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# --- levels -------------------------------------------------------------------------------------
# "D12" (dorsal, in Indian and some European reports) is T12; only D10-D12, next to the lumbar spine
_LV = (r"(?<![A-Za-z0-9])([CTLSls]|t(?=1[0-2])|D(?=1[0-2]))\s?(\d{1,2})(?:\s?[-\u2013\u2014/]?\s?([TLSlsD])?\s?(\d{1,2}))?"
       r"(?![A-Za-z0-9])"
       r"|(?<![A-Za-z0-9])(lumbosacral)(?=\s+(?:junction|level|disc|disk|interspace|joint))")
LEVEL_RE = fastre.compile(_LV)
JOIN_RE = fastre.compile(
    r"^\s*(?:,|;|&|and|or|as well as|,\s*and|,\s*or|/)?\s*(?:the\s+)?(?:level|levels)?\s*$|"
    r"^\s*(?:-|\u2013|to|through|thru|until)\s*$", re.I)
RANGE_RE = fastre.compile(r"^\s*(?:-|\u2013|to|through|thru|until)\s*$", re.I)
ON_RE = fastre.compile(r"^\s*(?:on|over|upon)\s*$", re.I)
ROOT_AFTER_RE = fastre.compile(
    r"^\s*(?:(?:nerve|neural|spinal)\s+)?(?:root|roots|rootlet|rootlets|radicle|nerve|nerves|radiculopathy|radiculopathies"
    r"|radicular|radiculitis|distribution|dermatome|dermatomal|myotome|sensory|motor|weakness|paresthesia|numbness)\b", re.I)
ROOT_BEFORE_RE = fastre.compile(r"(?:exiting|traversing|transversing|exit)\s*(?:left|right|lt|rt|bilateral)?\s*$", re.I)
_LV_CORE = r"(?:[CTLS]|D(?=1[0-2]))\s?\d{1,2}(?:\s?[-\u2013\u2014/]\s?[TLSD]?\s?\d{1,2})?"
HEADING_RE = fastre.compile(
    r"[ \t\-\u2022*]*(?:at(?:\s+the)?\s+)?"
    r"((?:" + _LV_CORE + r"(?:\s*(?:,|&|and|/|to|through|thru)\s*)?)+)"
    r"(?:\s+(?:level|levels|disc|disk|interspace))?(?:\s*\([^()\n]{1,40}\))?\s*(?::|,(?=\s*(?:there|the|a|an|mild|moderate|severe|minimal|no|small|large|broad|disc|disk)\b)"
    r"|[ \t]+[-\u2013\u2014]{1,2}[ \t]+(?![CTLS]\d)(?=[A-Za-z])"  # "L3-L4 - Disc: ...; Canal: ..."
    r"|[ \t]*(?=\n[ \t]*[-*\u2022]?[ \t]*[A-Za-z]))",  # or a line of its own, the findings on the lines below
    re.I)
# prose: "At L5-S1 there is ...", "From T12-L1 to L3-L4 there is no ...": governs the sentences that follow
# until one names another level (see AttributeReader._headings)
PROSE_HEADING_RE = fastre.compile(
    r"[ \t\-\u2022*]*(?:at|from)(?:\s+the)?\s+"
    r"((?:" + _LV_CORE + r"(?:\s*(?:,|&|and|/|to|through|thru)\s*)?)+)"
    r"(?:\s+(?:level|levels|disc|disk|interspace))?(?:\s*\([^()\n]{1,40}\))?\s*,?\s+(?=[a-z])", re.I)
# telegraphic: a line that opens with a disc level and goes on with its findings ("L4-5 anterior end plate
# spondylosis, ... and narrowing of the lateral recesses of L5."): the level heads that line (and the lines below)
LINE_LEVEL_HEADING_RE = re.compile(
    r"[ \t\-\u2022*]*((?:[CTLS]\d{1,2}\s?[-\u2013/]\s?[CTLS]?\d{1,2})(?:\s*(?:,|&|and|/)\s*[CTLS]\d{1,2}\s?[-\u2013/]\s?[CTLS]?"
    r"\d{1,2})*)(?:\s+levels?)?[ \t]+(?=[A-Za-z])", re.I)
# headings open a line, a sentence (after ". ", ": ", "; ") or a "//" item; the regexes above are tried there only
HEADING_STARTS_RE = fastre.compile(r"\n|[.:;]\s|/{2,}")


def heading_starts(text):
    """The places a heading can open: (position, after "//")."""
    return [(0, False)] + [(m.end(), m.group().startswith("//")) for m in HEADING_STARTS_RE.finditer(text)]


def heading_matches(rx, text, after_slashes=True, starts=None):
    """Matches of a heading regex at the places a heading can open (start, line, sentence, "//")."""
    last = -1
    for pos, slashes in starts if starts is not None else heading_starts(text):
        if pos <= last or (slashes and not after_slashes):
            continue
        m = rx.match(text, pos)
        if m:
            last = pos
            yield m


ORDER = {"T": 0, "L": 12, "S": 17}
INTERSPACE_TYPES = {"disc_bulge", "disc_protrusion", "disc_extrusion", "disc_sequestration", "disc_herniation",
                    "annular_fissure", "disc_degeneration", "disc_desiccation", "disc_height_loss",
                    "central_canal_stenosis", "lateral_recess_stenosis", "foraminal_stenosis", "facet_arthropathy",
                    "facet_effusion", "ligamentum_flavum_hypertrophy", "synovial_cyst", "spondylolisthesis"}
T_LEVEL_AFTER_RE = fastre.compile(r"^\s*(?:vertebra|vertebral|level|body|pedicle|-\s*T?\d)", re.I)
VERTEBRAL_TYPES = {"fracture", "neoplasm", "hemangioma", "infection", "postoperative_change", "spondylolysis",
                   "transitional_vertebra", "tarlov_cyst", "scoliosis", "schmorl_node"}


def _vert(region: str, num: int) -> int | None:
    region = region.upper()
    if region == "D":
        region = "T"
    if region == "C" and 1 <= num <= 7:
        return num - 7  # C1 = -6 ... C7 = 0
    if region == "T" and 1 <= num <= 12:
        return ORDER["T"] + num
    if region == "L" and 1 <= num <= 5:
        return ORDER["L"] + num
    if region == "S" and 1 <= num <= 5:
        return ORDER["S"] + num
    return None


def _name(v: int) -> str:
    if v <= 0:
        return f"C{v + 7}"
    if v <= 12:
        return f"T{v}"
    if v <= 17:
        return f"L{v - 12}"
    return f"S{v - 17}"


def parse_level(m) -> tuple[int, int | None] | None:
    """A level match -> (vertebra, next vertebra or None) as ordinal numbers T1=1 ... S5=22."""
    if m.group(5):  # "lumbosacral junction / level / disc"
        return (ORDER["L"] + 5, ORDER["S"] + 1)
    region, a, region2, b = m.group(1).upper(), m.group(2), m.group(3), m.group(4)
    if b is None and len(a) == 2 and region in "LS" and int(a) > 5:
        a, b = a[0], a[1]  # "L45" = L4-L5
    v1 = _vert(region, int(a))
    if v1 is None:
        return None
    if b is None:
        return (v1, None)
    v2 = _vert((region2 or region).upper(), int(b))
    if v2 is None and region2 is None and region == "L":
        v2 = _vert("S", int(b)) if int(b) == 1 else None
    if v2 is None or v2 <= v1:
        return (v1, None)
    return (v1, v2)


def level_names(items: list[tuple[int, int | None]], expand_range: bool) -> list[str]:
    out = []
    for v1, v2 in items:
        if v2 is None:
            out.append(_name(v1))
        elif v2 == v1 + 1 or not expand_range:
            out.append(f"{_name(v1)}-{_name(v2)}")
        else:
            out.extend(f"{_name(v)}-{_name(v + 1)}" for v in range(v1, v2))
    return out


def group_levels(items, expand_range: bool, ftype: str) -> list[str]:
    """Level names of a level group for a finding type: a disc-level finding "at L4" is the L4-L5 interspace
    (the disc below the named vertebra)."""
    if ftype in INTERSPACE_TYPES:
        items = [(v1, v1 + 1) if v2 is None and 0 < v1 < 18 else (v1, v2) for v1, v2 in items]
    return level_names(items, expand_range)


POST_SURGERY_BEFORE_RE = re.compile(r"\bpost\s?-?\s?$", re.I)
SYNDROME_AFTER_RE = re.compile(r"\s+(?:[a-z]+\s+){0,2}syndrome\b", re.I)
# a per-level table: a header line naming finding columns ("LEVEL | DISC | CANAL | FORAMINA")
TABLE_HINT_RE = re.compile(r"(?im)^[ \t|]*(?:level|levels|segment|disc level)\b[^\n]*\b(?:canal|foramina|foraminal|facets?|"
                           r"recess(?:es)?|stenosis|nf|bulge|protrusion)\b")
GENERIC_IN_TYPED_CELL = {"spondylosis", "osteophyte"}
NOTE_LENGTH = 400  # characters: below this a text is a draft or an excerpt, read whatever it names
SPINE_ANCHOR_RE = fastre.compile(
    r"\b(?:lumbar|lumbo\w*|thoracolumbar|spine|spinal|vertebra\w*|intervertebral|L[1-5]|T1[0-2]|D1[0-2]|"
    r"[CTL]\d{1,2}\s?[-/]\s?[CTLS]?\d{1,2}|dis[ck]s?\s+(?:bulge|bulging|herniation|protrusion|extrusion|space|spaces|"
    r"height|desiccation|degeneration|disease|level|levels)|degenerative\s+dis[ck]|herniated\s+dis[ck]|sacrum|sacral|"
    r"coccy\w*|thecal|neural\s+foram\w*|foramina|foraminal|neuroforamin\w*|lateral\s+recess\w*|cauda\s+equina|"
    r"conus\s+medullaris|facets?|facetal|pars\s+interarticularis|pars\s+defects?|spondyl\w*|\w*listhesis|"
    r"laminectom\w*|laminotom\w*|hemilamin\w*|discectom\w*|diskectom\w*|foraminotom\w*|hnp|ddd|scolio\w*|"
    r"kyphoplast\w*|vertebroplast\w*|paraspinal|paravertebral|endplates?|end[- ]plates?|schmorl\w*|modic|tarlov|"
    r"radicul\w*|sciatica|nerve\s+roots?|intradural|extradural|spinous|ligamentum\s+flavum|annular\s+(?:tear|fissure)|"
    r"nucleus\s+pulposus|myelogra\w*|back\s+pain|low(?:er)?\s+back|l-?spine|ls\s+spine|lss|dorsolumbar|lumbosacral|"
    r"iliolumbar|sacroiliac|si\s+joints?)\b", re.I)
# the commonest anchors, tried first: every match of this is a match of SPINE_ANCHOR_RE, found at C speed (the full
# alternation opens with "\w*" branches and is tried at every word)
SPINE_ANCHOR_QUICK_RE = fastre.compile(r"\b(?:L[1-5]|lumbar|spine|spinal|dis[ck]s?\s+(?:bulge|herniation|protrusion))\b", re.I)
COMPLETE_BLOCK_RE = re.compile(r"\b(?:complete|near[- ]complete|nearly\s+complete|total|subtotal|high[- ]grade)\s+"
                               r"(?:myelographic\s+|contrast\s+)?(?:block|blockage|obstruction)\b", re.I)
COORDINATION_GAP_RE = re.compile(r"\s*(?:,|and|or|/|&|\+)\s*(?:[a-z]+\s+)?$", re.I)
_PAIR_MARK_RE = re.compile(r"[-\u2013\u2014/]")


def level_groups(text: str, offset: int = 0):
    """Level groups in ``text``: list of (start, end, [level names]) with lists and ranges expanded."""
    matches = []
    for m in LEVEL_RE.finditer(text):
        parsed = parse_level(m)
        if parsed is None:
            continue
        after = text[m.end(): m.end() + 30]
        if m.group(1) and parsed[1] is None and parsed[0] in (1, 2) and m.group(1).upper() == "T" \
                and not T_LEVEL_AFTER_RE.match(after):
            continue  # "T2 signal", "T1-weighted": MRI sequences, not vertebrae
        before = text[max(0, m.start() - 25): m.start()]
        if ROOT_AFTER_RE.match(after) or ROOT_BEFORE_RE.search(before):
            continue  # "the left L5 nerve root": a root, not a level
        if (m.group(3) and parsed[1] is not None and parsed[1] != parsed[0] + 1
                and not _PAIR_MARK_RE.search(text, m.end(2), m.start(3))):
            # "lesions involving L2 L4 and S1": two vertebrae named side by side, not a range
            matches.append((m.start(), m.end(2), (parsed[0], None)))
            matches.append((m.start(3), m.end(), (parsed[1], None)))
            continue
        matches.append((m.start(), m.end(), parsed))
    groups = []
    for start, end, parsed in matches:
        if groups:
            g = groups[-1]
            gap = text[g[1]:start]
            if JOIN_RE.match(gap) or ON_RE.match(gap):
                if RANGE_RE.match(gap) or ON_RE.match(gap):
                    prev = g[2][-1]
                    lo = prev[0] if prev[1] is None or ON_RE.match(gap) else prev[0]
                    hi = parsed[1] if parsed[1] is not None else parsed[0]
                    if ON_RE.match(gap) or (prev[1] is None and parsed[1] is None):
                        g[2][-1] = (lo, hi) if hi > lo else prev
                        if ON_RE.match(gap):
                            g[3] = False
                    else:
                        g[2][-1] = (lo, hi) if hi > lo else prev
                else:
                    g[2].append(parsed)
                g[1] = end
                continue
        groups.append([start, end, [parsed], True])
    return [(s + offset, e + offset, items, expand) for s, e, items, expand in groups]


# --- other attributes ----------------------------------------------------------------------------
@lru_cache(maxsize=4)
def attribute_rules(path: str | None = None) -> dict:
    data = json.loads((open(path) if path else open(lexicon_path("attributes.json"))).read())
    compiled = {}
    for key in ("side", "zone", "severity", "descriptors"):
        compiled[key] = [(fastre.compile(r["regex"], re.I), r["value"]) for r in data[key]]
        # one alternation per list, first entry first: a window is scanned once, not once per entry
        # every entry starts at a word: test that once per position, before trying the branches (2-3x faster)
        # each branch behind a look-ahead on its own first letters: most fail at once (1.1-1.6x faster)
        branches = "|".join(f"(?P<g{i}>{fastre.lookahead(r['regex'], re.I)})" for i, r in enumerate(data[key]))
        prefix = r"\b(?=\w)" if all(r["regex"].startswith(r"\b") for r in data[key]) else ""
        compiled[key + "_any"] = fastre.compile(f"{prefix}(?:{branches})", re.I)
        compiled[key + "_values"] = [r["value"] for r in data[key]]
    compiled["grade"] = fastre.compile(data["grade"], re.I)
    compiled["size"] = fastre.compile(data["size"], re.I)
    compiled["clause_break"] = fastre.compile(data["clause_break"], re.I)
    compiled["post_cut"] = fastre.compile(data["post_cut"], re.I)
    compiled["pre_cut"] = fastre.compile(data["pre_cut"], re.I)
    compiled["level_clause_break"] = fastre.compile(data["level_clause_break"], re.I)
    compiled["zone_types"] = set(data["zone_types"])
    compiled["side_exclusions"] = {k: fastre.compile(v, re.I) for k, v in data["side_exclusions"].items()}
    compiled["plural_bilateral"] = {k: fastre.compile(v, re.I) for k, v in data["plural_bilateral"].items()}
    compiled["side_own_words_only"] = {k: int(v) for k, v in data.get("side_own_words_only", {}).items()
                                       if not k.startswith("_")}
    compiled["root"] = fastre.compile(data["root_named"], re.I)
    compiled["single_to_interspace"] = set(data["single_vertebra_to_interspace"])
    return compiled


SECTION_HISTORICAL = {"history", "comparison"}
STRESS_BEFORE_RE = fastre.compile(r"\bstress\b", re.I)
ALL_LEVELS_AFTER_RE = fastre.compile(
    r"[^.;:\n]{0,60}?\b(?:at\s+(?:any|all|every|each)\s+(?:other\s+|of\s+the\s+)?(?:lumbar\s+|imaged\s+|visuali[sz]ed\s+)?"
    r"levels?|throughout(?:\s+the\s+(?:lumbar\s+)?spine)?(?!\s+(?:the\s+)?[CTLS]\d))\b", re.I)
LANDMARK_BEFORE_RE = fastre.compile(
    r"\b(?:above|below|adjacent\s+to|cranial\s+to|caudal\s+to|superior\s+to|inferior\s+to)\s+(?:the\s+)?"
    r"(?:(?:prior|previous|solid|instrumented|posterior|anterior|interbody)\s+)*$", re.I)
OWN_BONE_AFTER_RE = fastre.compile(r"\s+(?:of|in|at|involving)\s+(?:the\s+)?(?!pars|L\d\s+pars)", re.I)
NO_BEFORE_RE = fastre.compile(r"\b(?:no|without)\b", re.I)
PARS_RE = fastre.compile(r"\b(?:pars|spondylolys\w*|spondylolytic|isthmic)\b", re.I)
AT_LEVEL_RE = fastre.compile(
    r"[\s,]*(?:(?:is|are|was|were|noted|seen|present|identified|demonstrated)\s+)*(?:at|of|in|involving|from|on)\s+"
    r"(?:the\s+)?(?:(?:level|levels|interspace)\s+(?:of\s+)?(?:the\s+)?)?$", re.I)
_SEV = r"(?:mild|minimal|slight|moderate|severe|marked|advanced|(?:mild|moderate)\s*(?:to|-)\s*(?:moderate|severe))"
SIDE_SPLIT_RE = fastre.compile(
    r"\b(" + _SEV + r")\s+(right|left|rt|lt)\s+and\s+(" + _SEV + r")\s+(left|right|lt|rt)\s*$", re.I)
ELLIPSIS_RE = fastre.compile(
    r"\s*,?\s*(?:and\s+|but\s+|with\s+|while\s+)?(?:to\s+an?\s+)?(" + _SEV + r")\s+(?:(?:degree|extent)\s+)?"
    r"(?:(?:at|in|on)\s+(?:the\s+)?)?"
    r"((?:[CTLS]\s?\d{1,2}(?:\s?[-\u2013/]\s?[CTLS]?\s?\d{1,2})?(?:\s*(?:,|and)\s*)?)+)", re.I)
# "moderate bilateral L3-4 and right L4-5 foraminal stenosis": a side (and a grade) per level, before the finding
SIDED_LEVEL_TYPES = {"foraminal_stenosis", "lateral_recess_stenosis", "facet_arthropathy", "facet_effusion",
                     "synovial_cyst", "nerve_root_compression", "nerve_root_contact"}
_SIDE_WORD = r"(?:bilateral|left|right|lt|rt)"
_LV_ONE = r"[CTLS]\d{1,2}(?:\s?[-\u2013/]\s?[CTLS]?\d{1,2})?"
SIDE_LEVEL_LIST_RE = re.compile(
    r"(?:(?:" + _SEV + r")\s+)?" + _SIDE_WORD + r"\s+" + _LV_ONE + r"(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:" + _SEV
    + r")\s+)?" + _SIDE_WORD + r"\s+" + _LV_ONE + r")+\s+(?:neural\s+|neuro)?$", re.I)
SIDE_LEVEL_ITEM_RE = re.compile(r"(?:(" + _SEV + r")\s+)?(" + _SIDE_WORD + r")\s+(" + _LV_ONE + r")", re.I)
# after a finding negated on one side: "; mild on the right", ", but moderate on the left"
OTHER_SIDE_AFTER_RE = re.compile(r"[^.;]{0,30}?[;,]\s*(?:but\s+|while\s+)?(" + _SEV + r")\s+on\s+the\s+(left|right)\b",
                                 re.I)
# label lines whose value names sides: "Foramina: mild R, none L", "NF: mild Lt, Rt patent", "Lateral recesses: left
# moderate; right normal"
SIDED_LABEL_TYPES = {"foraminal_stenosis", "lateral_recess_stenosis"}
LABEL_START_RE = re.compile(r"[^:\n]{1,40}:")
LINE_END_OR_LABEL_RE = re.compile(r"\n|\.\s|\b[A-Z][A-Za-z /]{1,30}:")
LABEL_ITEM_SPLIT_RE = re.compile(r"\s*(?:[,;]|\band\b|\bbut\b|\bwhile\b)\s*", re.I)
LABEL_ITEM_NEGATIVE_RE = re.compile(
    r"\b(?:none|normal|nl|patent|no|not|ok|unremarkable|preserved|adequate|maintained|widely|clear|free|negative|nil)\b"
    r"|^\s*[-0]\s*$", re.I)
# "a very degenerated disc at L5-S1, less so at L3-4 and L4-5", "..., and to a lesser degree at L3-4": the same
# finding at further levels (its severity there is not said)
DEGREE_ELLIPSIS_RE = fastre.compile(
    r"\s*[,;]?\s*(?:and\s+|but\s+)?(?:less\s+so|more\s+so|(?:and\s+)?to\s+a\s+(?:lesser|greater|smaller|similar)\s+"
    r"(?:degree|extent)|similarly|(?:and\s+)?also|as\s+well\s+as)\s*,?\s+(?:(?:at|in|on)\s+(?:the\s+)?)?"
    r"((?:[CTLS]\s?\d{1,2}(?:\s?[-\u2013/]\s?[CTLS]?\s?\d{1,2})?(?:\s*(?:,|and)\s*)?)+)", re.I)
AT_LEVEL_AFTER_WORDS_RE = fastre.compile(
    r"\s+(?:(?:within|in|of|involving|throughout)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:discs?|disks?|interspaces?)\s+"
    r"|(?:[a-z]+\s+){1,2}?)" + AT_LEVEL_RE.pattern, re.I)
GENERIC_LESION = {"lesion", "lesions", "mass", "masses", "focus", "foci"}
# words that describe a lesion without naming what it is ("sclerotic lesions", "a lytic focus", "enhancing mass")
_LESION_DESCRIPTIONS = frozenset(
    "sclerotic lytic blastic osteoblastic osteolytic mixed enhancing marrow bony osseous focal small large multiple "
    "ill-defined well-defined well-circumscribed rounded round expansile hypointense hyperintense t1 t2 soft tissue "
    "soft-tissue solitary several numerous".split())


def generic_lesion(text: str) -> bool:
    """Whether a neoplasm mention names only a lesion, not what it is ("lesion", "sclerotic lesions")."""
    words = text.lower().split()
    return bool(words) and words[-1] in GENERIC_LESION and all(w in _LESION_DESCRIPTIONS for w in words[:-1])
CHARACTERISED_RE = fastre.compile(
    r"\b(?:consistent\s+with|compatible\s+with|in\s+keeping\s+with|(?:most\s+)?likely|probably|presumably|"
    r"(?:which\s+)?(?:appears?|appearing|seems?)\s+to\s+(?:be|represent)|represent(?:s|ing)?|reflect(?:s|ing)?|"
    r"suggestive\s+of|suggesting|suspicious\s+for|concerning\s+for|worrisome\s+for|typical\s+of|"
    r"characteristic\s+of|favou?r(?:s|ed|ing)?|due\s+to|(?:is|are)\s+(?:a|an|the)|cannot\s+exclude|"
    r"(?:could|may|might)\s+(?:be|represent))\b(?:\s+(?:a|an|the))?", re.I)
PRONOUN_START_RE = fastre.compile(r"\s*(?:it|this|these|they|th(?:e|is|ese)\s+(?:lesions?|mass(?:es)?|foc(?:us|i)))\b", re.I)
SENTENCE_END_RE = fastre.compile(r"\.(?:\s|$)|\n\s*\n")
NEXT_FINDING_JOIN_RE = fastre.compile(r"\b(?:with|and|plus|causing|producing|resulting\s+in|as\s+well\s+as)\b|\+|&", re.I)
ONE_LINE_RE = fastre.compile(r"[ \t]*(?:[^\n]*[.!?]|(?:none|n/a|nil|no\s+prior[^\n]*|not\s+available))[ \t]*\n", re.I)
SIDE_NORMAL_RE = fastre.compile(
    r"\b(?:right|left|rt|lt)(?:\s+side)?\s+(?:(?:is|are|remains?)\s+)?(?:patent|normal|preserved|unremarkable|clear|intact|"
    r"spared|open|unaffected)\b", re.I)
REPORT_WIDE_TYPES = {"scoliosis"}
ROOT_LEVEL_TYPES = {"tarlov_cyst"}  # the level of the nerve root a finding sits on
VERTEBRA_PLACE_AFTER_RE = re.compile(r"\s*(?:vertebral\s+)?(?:body|bodies|pedicles?|laminae?|spinous|endplates?|end\s+plates?)\b",
                                     re.I)
SIDE_WORD_RE = re.compile(r"\b(?:left|right|lt|rt)\b", re.I)
PREVIOUSLY_SEEN_RE = re.compile(r"^(?:previously|formerly|earlier)(?:\s+(?:noted|seen|described|demonstrated|identified|"
                                r"visuali[sz]ed|reported|detected))?$|^previous$|^prior$|^seen on the prior study$", re.I)
PERSISTS_RE = fastre.compile(r"\b(?:unchanged|again\s+(?:seen|noted|demonstrated|identified|visuali[sz]ed)|re-?demonstrated|"
                             r"stable|persist\w*|remains?|similar(?:\s+in)?|no\s+(?:significant\s+)?(?:interval\s+)?change|"
                             r"not\s+(?:significantly\s+|substantially\s+|appreciably\s+)?changed|"
                             r"no\s+(?:significant\s+)?(?:interval\s+)?(?:increase|enlargement|growth|progression)|"
                             # changed, but still there: "the extrusion seen on the prior study has decreased in size"
                             r"(?:has|have)\s+(?:(?:slightly|mildly|further|significantly)\s+)?(?:decreased|increased|enlarged|grown|"
                             r"progressed|worsened|improved)|(?:is|are)\s+(?:now\s+)?(?:smaller|larger|less|more))\b", re.I)
# "spinal stenosis at L4-5, mainly foraminal", "stenosis, predominantly of the left lateral recess": the place
# named after the stenosis
STENOSIS_FOCUS_RE = re.compile(
    r"(?:\s+(?:at|in)\s+(?:the\s+)?[LTS]\d{1,2}(?:\s?[-/\u2013]\s?[LTS]?\d{1,2})?(?:\s+levels?)?)?\s*[,(-]?\s*"
    r"(?:primarily|predominantly|predominately|mainly|mostly|chiefly|particularly|especially|largely|principally)\s+"
    r"(?:(?:in|of|at|involving|affecting)\s+)?(?:the\s+)?(?:(?:bilateral|left|right|both)\s+)?"
    r"(?:(lateral\s+recess|subarticular|recess)|(?:neural\s+|neuro-?)?foramin)", re.I)
# a coordinated span ("facet arthropathy and effusions", "facet hypertrophy with small joint effusions") names
# the second finding after its last joining word; the severity before the span belongs to the first
COORDINATED_TAIL_TYPES = {"facet_effusion"}
COORDINATION_RE = re.compile(r".*(?:\b(?:and|with|or|nor|including)\b|[,/])", re.I | re.S)
CONCAVE_RE = re.compile(r"\bconcav\w*\s+(?:to(?:wards?)?\s+)?(?:the\s+)?(left|right)\b|\b(left|right)[-\s]+concave\b", re.I)
CANAL_TYPES = {"central_canal_stenosis", "thecal_sac_compression"}
# a lesion of a vertebral body before a canal finding in the sentence: the canal is narrowed at that vertebra
BODY_LESION_RE = re.compile(r"\b(?:fracture\w*|burst|retropuls\w*|vertebra\s+plana|compression\s+deformit\w*|collapse\w*|"
                            r"(?:vertebral\s+)?body\s+(?:lesion|mass|tumou?r|metasta\w*|expansion|expansile)|"
                            r"(?:tumou?r|metasta\w*|mass|lesion)\s+(?:\w+\s+){0,5}?(?:from|of|in|involving)\s+the\s+"
                            r"(?:\w+\s+){0,2}?[LTS]\d{1,2}\s+(?:vertebral\s+)?body)\b", re.I)
# a negation cue that judges significance only ("Minimal disc bulge at L3-4, not significant")
INSIGNIFICANT_RE = re.compile(r"^(?:not|non|in)[- ]?(?:clinically\s+)?significant$", re.I)
DISC_MORPHOLOGY = {"disc_bulge", "disc_protrusion", "disc_extrusion", "disc_herniation", "disc_sequestration"}
# between two disc findings offered as alternatives: "bulging or protrusion", "bulge versus a small protrusion"
ALTERNATIVE_GAP_RE = re.compile(r"\s*,?\s*(?:or|versus|vs\.?|v\.)\s+(?:(?:a|an|possible|possibly|small|tiny|focal|shallow|"
                                r"broad[- ]based|central|left|right|paracentral|posterior|annular|disc|disk)\s+)*$", re.I)
MULTIPLE_LEVELS_RE = fastre.compile(r"\b(?:multiple|several|numerous|multi-?level|various|many)\b", re.I)
MULTILEVEL_RE = fastre.compile(r"\b(?:multi-?\s?level|multiple\s+levels|multisegmental|throughout|at\s+(?:all|several|multiple)"
                           r"\s+levels|diffuse(?:ly)?\s+(?:throughout|in\s+the\s+lumbar))\b", re.I)
# "multilevel canal stenosis, severe at L3-4 and moderate at L4-5": graded at the levels named, and report-wide
SEVERITY_AT_RE = fastre.compile(r"^\s*,\s*" + _SEV + r"\s+(?:at|in)\s+(?:the\s+)?$", re.I)
# "facet arthropathy is unchanged, moderate on the left and mild on the right": one finding per side
POST_SIDE_SPLIT_RE = fastre.compile(
    r"(?:\s+(?:is|are)\s+(?:unchanged|stable|present|noted|seen))?\s*,?\s*(" + _SEV + r")\s+on\s+the\s+(left|right)"
    r"\s*(?:,|;|and|,\s*and|while|but)\s+(" + _SEV + r")\s+on\s+the\s+(left|right)\b", re.I)
WORST_AT_RE = fastre.compile(r"\b(?:most|worst|greatest|especially|particularly|predominantly|chiefly|mainly|more)\b"
                         r"[^.;]{0,30}\b(?:at|of|in)\s+(?:the\s+)?$", re.I)
COORDINATED_AT_RE = fastre.compile(r"^(?:\s*,\s*(?!with\b|which\b|that\b|including\b|most\b|worst\b|especially\b|"
                               r"particularly\b|greatest\b|predominantly\b|mainly\b)[a-z][a-z\s-]{0,40}?){0,3}"
                               r"(?:\s*,?\s+and\s+[a-z][a-z\s-]{0,40}?)?"
                               r"\s+(?:from|at|involving|between|of)\s+(?:the\s+)?"
                               r"(?:levels?\s+(?:of\s+)?)?$", re.I)
# "that level", "the same level", "both levels", "each of these levels": a level named before
_ANAPHOR = r"(?:that|this|the\s+same|these|those|both|either|(?:each|all|both)\s+of\s+(?:these|those|the))(?:\s+(?:two|three|four))?"
ANAPHORA_AFTER_RE = fastre.compile(
    r"\s*,?\s*(?:(?:is|are|was|were|also|seen|noted|present|identified)\s+)*(?:at|of|on|in)\s+" + _ANAPHOR + r"\s+"
    r"(?:level|levels|segment|interspace|disc|disk)\b", re.I)
SPINE_WIDE_AFTER_RE = fastre.compile(
    r"\s*(?:(?:is|are|was|were|seen|noted|present|evident)\s+)*(?:in|of|throughout|along)\s+the\s+"
    r"(?:(?:visualized|imaged|included|entire|whole)\s+)?(?:lumbar|lumbosacral|thoracolumbar)?\s*spine\b", re.I)
# "Lumbar spondylosis with disc bulges at L4-5 and L5-S1", "the lumbar spine shows degenerative changes": a diagnosis
# of the region, not of the levels named for the other findings
REGION_BEFORE_RE = re.compile(
    r"\b(?:lumbar|lumbosacral|thoracolumbar|dorsolumbar)\s+(?:spine\s+(?:shows?|demonstrates?|has|with|reveals?)\s+"
    r"(?:(?:mild|moderate|severe|minimal|early|advanced|multilevel|diffuse)\s+)?)?$", re.I)
REGION_TYPES = {"spondylosis"}
ROOT_STATEMENT_TYPES = {"nerve_root_contact", "nerve_root_compression"}
WITHOUT_GAP_RE = re.compile(r"\s*,?\s*(?:without|with\s+no|but\s+no|and\s+no)\s+(?:(?:the|any|a|significant|definite|"
                            r"nerve|neural|exiting|traversing)\s+)*", re.I)
# what a disc, a narrowed foramen or recess or a cyst does to the root right after it, in the same clause
ROOT_CAUSE_TYPES = {"disc_bulge", "disc_protrusion", "disc_extrusion", "disc_sequestration", "disc_herniation",
                    "foraminal_stenosis", "lateral_recess_stenosis", "synovial_cyst", "osteophyte"}
RELATION_GAP_RE = re.compile(r"[^.;\n]{0,100}", re.I)
SACRAL_RE = re.compile(r"\b(?:sacral|sacrum|sacroiliac|coccy\w*|ala|alae|alar)\b", re.I)
REGION_START_RE = re.compile(r"(?:lumbar|lumbosacral|thoracolumbar|dorsolumbar)\b", re.I)
SPINE_LEVELS_RE = fastre.compile(r"\s*,?\s*(?:at|including|involving|affecting|from|namely|specifically)\s+(?:the\s+)?"
                             r"(?:levels?\s+(?:of\s+)?)?$", re.I)
IN_SPAN_NEGATION_RE = fastre.compile(
    r"\b(?:is|are|was|were|appears?|remains?)\s+(?:not|no\s+longer|free\s+(?:of|from)|devoid\s+of|clear\s+of|without)\b"
    r"|^but\s+not\b",
    re.I)
LABEL_NEGATION_RE = re.compile(r"[^:\n]{1,40}:\s*(?:no|not|without|negative|none|nil|free\s+of)\b", re.I)
IN_SPAN_HEDGE_RE = fastre.compile(r"\b(?:is|are|was|were|appears?)\s+(?:likely|probably|possibly|questionably|perhaps)\b|"
                              r"\b(?:may|might|could)\s+be\b", re.I)
DISC_WORD_RE = fastre.compile(r"\b(?:disc|disk|discs|disks|intervertebral|interspace|space|spaces|(?:spondylo)?disc\w*)\b", re.I)
# "separate from the lesion", "inferior to the mass": a place named by a finding already read
DEFINITE_BEFORE_RE = re.compile(r"\b(?:from|to|than|of|with|around|above|below|near|by|into|within|beyond|behind|"
                                r"abutting|contacting|surrounding)\s+(?:the|this|that|these|those)\s+$", re.I)
FRACTURE_WORD_RE = re.compile(r"\b(?:fracture\w*|compression\s+deformit\w*|collapse\w*|wedg\w*|vertebra\s+plana)\b", re.I)
VERTEBRA_WORD_RE = fastre.compile(r"\b(?:vertebra\w*|body|bodies|endplate\w*|end\s?plate\w*|anterior|wedg\w*|compression|"
                                   r"fracture\w*|burst|collapse\w*)\b", re.I)
ANAPHORA_RE = fastre.compile(r"\b(?:at|of|on|in)\s+" + _ANAPHOR + r"\s+levels?\b", re.I)
SHORT_SECTIONS = {"history", "comparison", "technique"}
# besides the disc-level types, findings that take the level of a paragraph about one level
PARAGRAPH_TYPES = {"nerve_root_compression", "nerve_root_contact", "thecal_sac_compression", "osteophyte",
                   "cauda_equina_compression"}
# findings at a disc level that a definite description in the next sentence refers back to
INHERIT_TYPES = {"facet_arthropathy", "facet_effusion", "ligamentum_flavum_hypertrophy", "foraminal_stenosis",
                 "lateral_recess_stenosis", "central_canal_stenosis", "thecal_sac_compression", "cauda_equina_compression",
                 "nerve_root_contact",
                 "nerve_root_compression", "disc_bulge", "disc_protrusion", "disc_extrusion", "disc_herniation",
                 "annular_fissure", "fracture"}
DEFINITE_ANATOMY_RE = re.compile(
    r"\bthe\s+(?:(?:left|right|bilateral|lt|rt|central|traversing|transversing|exiting|descending|ventral|anterior|"
    r"posterior|lateral|neural|nerve|spinal|intervertebral|facet)\s+){0,3}(?:foramen|foramina|neuroforamen|neuroforamina|"
    r"recess|recesses|thecal\s+sac|canal|root|roots|nerve|cord|disc|disk|annulus|joints|facets|fragment|herniation|"
    r"extrusion|protrusion|bulge|mass|lesion|cyst|fracture)\b", re.I)
# "... into the facet joints at L3-4, L4-5 and L5-S1. The joints showed arthrosis.": the joints of all those levels
PLURAL_JOINTS_RE = re.compile(r"\bthe\s+(?:(?:left|right|bilateral|lt|rt)\s+)?(?:facet\s+)?(?:joints|facets)\b", re.I)
FINDINGS_LINE_RE = fastre.compile(
    r"\n[ \t\-*]*(?:alignment|vertebrae|vertebral\s+bod(?:y|ies)|bones?|(?:bone\s+)?marrow|conus(?:\s+medullaris)?|"
    r"(?:spinal\s+)?cord|discs?|disc\s+spaces|(?:central\s+|spinal\s+)?canal|(?:neural\s+)?foramina|facets?|"
    r"paraspinal(?:\s+\w+)?|soft\s+tissues|levels?|lumbar\s+spine|other(?:\s+findings)?|additional\s+findings)\s*:"
    r"|\n[ \t\-*]*[CTLS]\d{1,2}(?:\s?[-/]\s?[CTLS]?\d{1,2})?(?![\w-])"
    # a line of images that goes on to report ("HISTORY: Low back pain.\nSagittal and axial T1 and T2 weighted images of
    # the lumbar spine demonstrate a herniated disc ...")
    r"|\n[ \t\-*]*(?:sagittal|axial|coronal|multiplanar|multi-?sequence|routine|images?)\b[^\n.]{0,160}?"
    r"\b(?:demonstrates?|shows?|reveals?)\b", re.I)
BLANK_LINE_RE = fastre.compile(r"\n[ \t\r]*\n")
LINE_BREAK_RE = fastre.compile(r"\n")
NEGATED = {"NEGATED_EXISTENCE", "NORMAL"}
_POST_SEV = r"(?:mild|minimal|slight|moderate|mod|severe|sev|marked|extreme)"
POST_SEVERITY_RE = fastre.compile(
    r"^[\s,(]{0,3}(?:(?:at|on)\s+(?:the\s+)?(?:the\s+)?[CTLS]\d{1,2}(?:[-/]\s?[CTLS]?\d{1,2})?(?:\s+level)?\s+)?"
    r"(?:(?:is|are|was|which\s+is|appears|appear|is\s+graded\s+as|graded\s+as|now(?:\s+(?:is|are))?)\s+"
    # a change of grade: the grade it is now ("has progressed from mild to moderate", "improved to mild")
    r"|(?:which\s+)?(?:has\s+|have\s+)?(?:progressed|increased|worsened|improved|decreased|regressed)\s+"
    r"(?:in\s+severity\s+)?(?:from\s+" + _POST_SEV + r"\s+)?(?=to\s))?(?:to\s+an?\s+|to\s+|of\s+)?"
    r"(?P<sev>" + _POST_SEV + r"(?:\s*(?:to|-)\s*(?:mild|moderate|mod|severe|sev|marked))?)(?![a-z])"
    r"(?:\s+(?:degree|in\s+degree|in\s+severity))?", re.I)


# a negation reaches an anatomy word ("no ... of the disc space") only from this many tokens away
ANATOMY_NEGATION_REACH = 5


def _near(modifier_span, span, reach) -> bool:
    """A modifier (token start, end) within ``reach`` tokens of a span."""
    ms, me = modifier_span
    return me <= span.start and span.start - me <= reach or ms >= span.end and ms - span.end <= reach


ENDPLATES_RE = fastre.compile(r"\b(?:opposing|adjacent)\s+(?:\w+\s+){0,3}?end\s?-?plates?\b|\bend\s?-?plates\b", re.I)
BODY_TYPES = {"fracture", "neoplasm", "hemangioma", "schmorl_node"}  # of a vertebral body, not of a disc
_VERTEBRA_NAMES = {_name(v) for v in range(1, 23)}  # T1 ... S5
# levels above the region a lumbar study reports (the thoracolumbar junction, T10 down, is in it)
ABOVE_LUMBAR_REGION = ({_name(v) for v in range(-6, 10)} | {f"{_name(v)}-{_name(v + 1)}" for v in range(-6, 9)}
                       | {f"{_name(a)}-{_name(b)}" for a in range(-6, 10) for b in range(a + 1, 10)})


def _vertebral_ranges(levels):
    """A range over several vertebrae read as interspaces ("pathologic fractures T12-L2" -> T12-L1, L1-L2) is
    the vertebral bodies (T12, L1, L2) for a finding of the vertebral body."""
    out, run = [], []

    def flush():
        if len(run) >= 3:  # two or more consecutive interspaces: a range of bodies
            out.extend(run)
        elif run:
            out.append(f"{run[0]}-{run[1]}")
        run.clear()

    for lv in levels:
        parts = lv.split("-") if lv else []
        if len(parts) == 2 and parts[0] in _VERTEBRA_NAMES:
            if run and run[-1] == parts[0]:
                run.append(parts[1])
                continue
            flush()
            run.extend(parts)
            continue
        flush()
        out.append(lv)
    flush()
    return out


def _levels_not_places(groups, text):
    """Level groups that an anaphora ("at this level") can point back to: not a vertebra named as a place ("a fragment
    ... behind the L5 vertebral body") when a disc level is named too; a vertebra alone ("burst fracture of the L1
    vertebral body ... at this level") is the level."""
    levels = [g for g in groups if not VERTEBRA_PLACE_AFTER_RE.match(text, g[1])]
    return levels or groups


def _operated_segments(levels):
    """Hardware or surgery at consecutive vertebrae ("pedicle screws at L4 and L5", "decompression at L4, L5 and S1")
    is at the segments between them (L4-L5; L4-L5, L5-S1); other lists stay as they are."""
    if len(levels) < 2 or not all(lv in _VERTEBRA_NAMES for lv in levels):
        return levels
    order = [_vert(lv[0], int(lv[1:])) for lv in levels]
    if any(b != a + 1 for a, b in zip(order, order[1:])):
        return levels
    return [f"{a}-{b}" for a, b in zip(levels, levels[1:])]


HERNIATION_SUBTYPES = {"disc_protrusion", "disc_extrusion", "disc_sequestration"}


def _subtype_named(findings, offsets, sentence_of):
    """findings.md: no NOS ``disc_herniation`` where the subtype is named. "A large disc herniation with a
    sequestered fragment at L4-5" is the sequestration: a herniation is dropped when its sentence names a
    subtype at the same level with the same assertion."""
    named = {(sentence_of[i], f.level, f.assertion) for i, f in enumerate(findings) if f.type in HERNIATION_SUBTYPES}
    if not named:
        return findings, offsets
    keep, carried = [], {}
    for i, f in enumerate(findings):
        key = (sentence_of[i], f.level, f.assertion)
        if f.type == "disc_herniation" and key in named:
            carried.setdefault(key, f)  # its side and zone go to the subtype ("left paramedian herniation with ...")
        else:
            keep.append(i)
    out = []
    for i in keep:
        f = findings[i]
        h = carried.get((sentence_of[i], f.level, f.assertion)) if f.type in HERNIATION_SUBTYPES else None
        if h is not None and f.side is None and f.zone is None and (h.side or h.zone):
            f = dataclasses.replace(f, side=h.side, zone=h.zone)
        out.append(f)
    return out, [offsets[i] for i in keep]


MODIC_TYPES = {"modic_1", "modic_2", "modic_3"}


def _modic_type_named(findings, offsets, sentence_of):
    """No ``modic_nos`` where its sentence names the type at the same level ("fatty degenerative endplate signal
    change at L4-5 (Modic type 2)")."""
    named = {(sentence_of[i], f.level, f.assertion) for i, f in enumerate(findings) if f.type in MODIC_TYPES}
    if not named:
        return findings, offsets, sentence_of
    keep = [i for i, f in enumerate(findings)
            if not (f.type == "modic_nos" and (sentence_of[i], f.level, f.assertion) in named)]
    return [findings[i] for i in keep], [offsets[i] for i in keep], [sentence_of[i] for i in keep]


class _Span:
    """The few span fields the reader needs, computed once (Span properties walk the Doc each time)."""

    __slots__ = ("start", "end", "start_char", "end_char", "label_", "text", "modifiers")

    def __init__(self, span, text, modifiers):
        self.start, self.end, self.label_ = span.start, span.end, span.label_
        self.start_char, self.end_char = span.start_char, span.end_char
        self.text = text[self.start_char:self.end_char]
        self.modifiers = modifiers.get((self.start, self.end), ()) if modifiers is not None else span._.modifiers


@Language.factory("lsmri_attributes", default_config={"attributes_path": None},
                  assigns=["doc._.findings", "doc._.history_text"])
def make_attributes(nlp, name, attributes_path):
    return AttributeReader(name, attributes_path)


class AttributeReader:
    def __init__(self, name="lsmri_attributes", attributes_path=None):
        self.name = name
        self.rules = attribute_rules(attributes_path)
        self._descriptor_cache = {}

    # -- headings ---------------------------------------------------------------------------------
    def _headings(self, doc, sections, sent_chars):
        """Level headings -> list of (char_start, char_end_of_scope, [levels])."""
        text = doc_text(doc)
        found = {}
        starts = heading_starts(text)
        line_starts = [(pos, False) for pos, slashes in starts if pos == 0 or text[pos - 1] == "\n"]
        for prose, rx, where in ((False, HEADING_RE, starts), (True, PROSE_HEADING_RE, starts),
                                 (False, LINE_LEVEL_HEADING_RE, line_starts)):
            for m in heading_matches(rx, text, after_slashes=not prose, starts=where):
                if m.start(1) in found:
                    continue  # "At L4-5, there is": the structural reading
                groups = level_groups(m.group(1), m.start(1))
                if not groups:
                    continue
                levels = []
                for g in groups:
                    levels.extend(level_names(g[2], g[3]))
                found[m.start(1)] = [m.start(1), len(text), levels, prose, m.end(1)]
        found = sorted(found.values())
        # a heading governs until the next heading, the next section title or a blank line
        stops = sorted({h[0] for h in found} | {doc[sec.title_start].idx for sec in sections if sec.category}
                       | {m.start() for m in BLANK_LINE_RE.finditer(text)})
        mentions = None
        line_heads = {}  # line start -> True for lines that open with a heading
        for h in found:
            ls = text.rfind("\n", 0, h[0]) + 1
            if not text[ls:h[0]].strip(" \t-*\u2022").lower().rstrip() in ("", "at", "at the", "from"):
                continue
            line_heads[ls] = True
        for h in found:
            i = bisect.bisect_right(stops, h[0])
            h[1] = stops[i] if i < len(stops) else len(text)
            ls = text.rfind("\n", 0, h[0]) + 1
            if ls in line_heads:
                le = text.find("\n", h[0])
                le = len(text) if le < 0 else le
                prev_ls = text.rfind("\n", 0, max(ls - 1, 0)) + 1 if ls else -1
                if ((le + 1) in line_heads or (ls and prev_ls in line_heads and prev_ls != ls)) \
                        and text[h[4]:le].strip(" \t:"):
                    h[1] = min(h[1], le)  # a list of level lines: each line is its own scope (a bare "L4-5:" heads
                    # the lines below it)
            if h[3]:
                # a prose heading also ends at the sentence that names another level
                if mentions is None:
                    mentions = [g[0] for g in level_groups(text, 0)]
                k = bisect.bisect_right(sent_chars, h[0])  # index of the next sentence start
                own_end = sent_chars[k] if k < len(sent_chars) else len(text)
                j = bisect.bisect_left(mentions, max(own_end, h[4]))
                if j < len(mentions) and mentions[j] < h[1]:
                    h[1] = sent_chars[bisect.bisect_right(sent_chars, mentions[j]) - 1]
        return [h[:3] for h in found]

    @staticmethod
    def _window_start(span, types):
        """Where a span starts for the windows of the findings before it: a coordinated span ("facet arthropathy
        with bilateral effusions") after its joining word, so that the first finding's window still stops there."""
        if span.label_ in COORDINATED_TAIL_TYPES or types.get((span.start, span.end, span.label_), ("",))[0] in \
                COORDINATED_TAIL_TYPES:
            m = COORDINATION_RE.match(span.text)
            if m:
                return span.start_char + m.end()
        return span.start_char

    def __call__(self, doc):
        text = doc_text(doc)
        self._text = text
        n = len(doc)
        sections = list(doc._.sections or [])
        sec_starts = [s.title_start if s.category else s.body_start for s in sections]
        if n:
            arr = doc.to_array([SENT_START, IDX])
            tok_idx = arr[:, 1].tolist()
            sent_toks = numpy.flatnonzero(arr[:, 0] == 1).tolist() or [0]
        else:
            tok_idx, sent_toks = [], [0]
        if sent_toks[0] != 0:
            sent_toks.insert(0, 0)
        sent_chars = [tok_idx[i] for i in sent_toks] + [len(text)] if n else [0, len(text)]
        headings = self._headings(doc, sections, sent_chars)
        self._heading_starts = [h[0] for h in headings]
        doc._.level_headings = headings
        history = [doc[s.body_start:s.body_end].text for s in sections if s.category == "history"]
        doc._.history_text = "\n".join(history) if history else None
        types = doc._.lsmri_span_types or {}
        group = doc.spans[SPAN_GROUP] if SPAN_GROUP in doc.spans else []
        if not len(group) or (len(text) > NOTE_LENGTH and not SPINE_ANCHOR_QUICK_RE.search(text)
                                                            and not SPINE_ANCHOR_RE.search(text)):
            # a note of some length that names no part of the spine ("severe mid-LAD lesion", "aqueductal stenosis",
            # "frontal sinus fracture") holds no lumbar finding; a short draft or excerpt ("No acute fracture.") is read
            doc._.findings = []
            return doc
        modifiers = doc._.lsmri_modifiers
        spans = [_Span(sp, text, modifiers) for sp in group]
        # a nerve root named without a negation or "normal" is no statement of its own ("compressing the left S1
        # nerve root"): not a span for the windows of the findings around it
        spans = [sp for sp in spans if sp.label_ != ANATOMY
                 or types.get((sp.start, sp.end, sp.label_), ("",))[0] != "nerve_root_compression"
                 or any(m.category in NEGATED or m.category == "NORMAL" for m in sp.modifiers)]
        # attribute windows stop at other spans; for the zone, an anatomy word that is not negated is no stop
        # ("disc bulge extending to the Lt lateral recess" is subarticular)
        self._ends = sorted(sp.end_char for sp in spans)
        self._starts = sorted(self._window_start(sp, types) for sp in spans)
        bounds = [sp for sp in spans
                  if sp.label_ != ANATOMY or any(m.category in NEGATED for m in sp.modifiers)]
        self._zone_bounds = (sorted(sp.start_char for sp in bounds), sorted(sp.end_char for sp in bounds))
        if len(bounds) == len(spans):
            self._zone_bounds = None
        # paragraphs end at line breaks and section titles (a line of its own is a statement of its own: "Rt
        # paracentral protrusion at L4-L5, compressing the thecal sac.\nAdequate spinal canal.")
        para_stops = sorted({m.end() for m in LINE_BREAK_RE.finditer(text)}
                            | {tok_idx[sec.title_start] for sec in sections if sec.category and sec.title_start < n})
        self._paragraph_cache = {}
        findings = []
        offsets = []  # (start, end) of each finding's span in ``text``
        sentence_of = []  # the sentence index of each finding
        generic = False
        seen_neoplasm = False
        sent_cache = {}
        source = original_text(doc)
        for idx, span in enumerate(spans):
            ftype, _entry = types.get((span.start, span.end, span.label_), (span.label_, None))
            i = bisect.bisect_right(sec_starts, span.start) - 1
            section = sections[i].category if i >= 0 else None
            if section == "differential":
                body = tok_idx[sections[i].body_start] if sections[i].body_start < n else 0
                if BLANK_LINE_RE.search(text, body, span.start_char):
                    section = "findings"  # a differential list ends at a blank line ("\n\nBiopsy confirmed myeloma.")
            if section in SHORT_SECTIONS:
                body = tok_idx[sections[i].body_start] if sections[i].body_start < n else 0
                if BLANK_LINE_RE.search(text, body, span.start_char):
                    section = "findings"  # a history/comparison/technique paragraph ends at a blank line
                elif self._heading_between(body, span.start_char) or FINDINGS_LINE_RE.search(text, body, span.start_char):
                    # "INDICATION: back pain.\nL4-5: mild bulge", "Reason: LBP.\nAlignment: normal. ...": a level heading
                    # or a findings label on a new line opens the findings
                    section = "findings"
                elif section == "comparison" and ONE_LINE_RE.match(text, body, span.start_char):
                    section = "findings"  # "Comparison: none.\nAlignment normal. ...": one line, then the findings
            if section == "operative" or (section in ("plan", "technique") and ftype == "postoperative_change"):
                continue  # the surgery being done ("PROCEDURE IN DETAIL: ... a laminectomy was performed") or planned
            k = bisect.bisect_right(sent_toks, span.start) - 1
            s0, s1 = sent_chars[k], sent_chars[k + 1]
            assertion = self._assertion(span.modifiers, section)
            if assertion in ("present", "possible") and span.label_ != ANATOMY:
                # a cue inside a relation span: "the L5 roots are not compressed", "the root is likely compressed"
                if IN_SPAN_NEGATION_RE.search(span.text) or LABEL_NEGATION_RE.match(span.text):
                    assertion = "absent"  # also "Canal: No significant stenosis" read as one span
                elif assertion == "present" and IN_SPAN_HEDGE_RE.search(span.text):
                    assertion = "possible"
            if (assertion == "absent" and span.label_ != ANATOMY and self._only_insignificant(span.modifiers)
                    and self.rules["severity_any"].search(text, max(s0, span.start_char - 30), span.end_char)):
                assertion = "present"  # "Minimal disc bulge at L3-4, not significant": graded, then judged minor
            if (assertion == "historical" and section not in SECTION_HISTORICAL and ftype != "postoperative_change"
                    and self._only_previously_seen(span.modifiers)
                    and PERSISTS_RE.search(text, s0, s1)):
                assertion = "present"  # "Previously noted protrusion at L4-5 is unchanged": still there
            if (ftype == "postoperative_change" and assertion == "present"
                    and POST_SURGERY_BEFORE_RE.search(text, max(0, span.start_char - 6), span.start_char)
                    and SYNDROME_AFTER_RE.match(text, span.end_char)):
                assertion = "historical"  # "post-laminectomy (low back) syndrome": a diagnosis about a past surgery
            if span.label_ == ANATOMY and assertion != "absent":
                continue
            if span.label_ == ANATOMY and not any(
                    m.category == "NORMAL"
                    or (m.category in NEGATED and _near(m.modifier_span, span, ANATOMY_NEGATION_REACH))
                    for m in span.modifiers):
                continue  # "no other fragments could be removed from the disk space": not about the disc space
            if assertion == "hypothetical":
                continue  # "risks including infection", "a candidate for fusion": not a finding
            if (ftype == "neoplasm" and seen_neoplasm and generic_lesion(span.text)
                    and DEFINITE_BEFORE_RE.search(text, max(0, span.start_char - 20), span.start_char)):
                continue  # "the conus ... is separate from the lesion": the mass already read, not another one
            if assertion == "present" and ftype in DISC_MORPHOLOGY and idx and self._alternative_to(spans[idx - 1], span,
                                                                                                    types, text):
                assertion = "possible"  # "disc bulging or protrusion": the second reading is a possibility
            if k not in sent_cache:
                sent_text = text[s0:s1]
                groups = level_groups(sent_text, s0)
                if not groups and ANAPHORA_RE.search(sent_text):
                    # "impinged at that level": the level of the sentence before
                    before = text[max(0, s0 - 400):s0]
                    prev = _levels_not_places(level_groups(before, s0 - len(before)), text)
                    groups = [(s0, s0, prev[-1][2], prev[-1][3])] if prev else []
                sent_cache[k] = groups
            if (ftype == "fracture" and STRESS_BEFORE_RE.search(text, max(s0, span.start_char - 20), span.end_char)
                    and PARS_RE.search(text, s0, span.start_char) and not OWN_BONE_AFTER_RE.match(text, span.end_char)
                    and not NO_BEFORE_RE.search(text, s0, span.start_char)):
                continue  # "bilateral L5 spondylolysis ..., in keeping with active stress fractures": the pars defects
            if ftype == "disc_height_loss" and self._vertebral_height_loss(span, sent_cache[k], text):
                ftype = "fracture"  # "25% anterior height loss of T12": the vertebral body, not the disc
            if ftype == "central_canal_stenosis":
                m = STENOSIS_FOCUS_RE.match(text, span.end_char, s1)
                if m:  # "spinal stenosis at L4-5, mainly foraminal": where the narrowing is
                    ftype = "lateral_recess_stenosis" if m.group(1) else "foraminal_stenosis"
            levels = self._levels(span, ftype, sent_cache[k], headings, s0)
            if (not levels and k > 0 and assertion in ("present", "possible") and ftype in INHERIT_TYPES
                    and (DEFINITE_ANATOMY_RE.search(text, s0, span.end_char)
                         # a terse note's lower-case line goes on about the level of the line before ("... extrusion at
                         # L4-L5 level\nleft lateral recess obliterated with compression of the left L5 root")
                         or (text[s0 - 1:s0] == "\n" and text[s0:s0 + 1].islower()))):
                # "... protrusion at L4-L5. The right foramen was mildly compromised.": a definite description
                # ("the right foramen", "the thecal sac") refers to the level of the sentence before
                levels = self._previous_sentence_levels(k, sent_toks, sent_chars, sec_starts, text, ftype,
                                                        PLURAL_JOINTS_RE.search(text, s0, span.end_char) is not None)
                if ftype in BODY_TYPES:
                    levels = [lv for lv in levels if lv and "-" not in lv]  # "The fracture ...": a vertebra named before
            if not levels and ftype in ROOT_LEVEL_TYPES:
                # "a Tarlov cyst at the left S2 nerve root": a perineural cyst sits on the root it names
                m = self.rules["root"].search(text, s0, s1)
                levels = [m.group(1).upper()] if m else []
            if not levels and ftype in INTERSPACE_TYPES | PARAGRAPH_TYPES and section not in SECTION_HISTORICAL:
                # "There is marked disc space narrowing at the L5-S1 level ... There is mild neural foraminal stenosis
                # present.": a paragraph that names one level only is about that level
                levels = self._paragraph_levels(span.start_char, text, para_stops, ftype)
            if ftype in BODY_TYPES and ftype != "schmorl_node" and levels:
                levels = _vertebral_ranges(levels)  # (Schmorl nodes sit at endplates: "at T11-T12 and T12-L1")
            elif levels and (ftype == "postoperative_change" or (ftype == "infection" and (
                    DISC_WORD_RE.search(span.text) or ENDPLATES_RE.search(text, s0, s1)))):
                # surgery at L4 and L5; discitis(-osteomyelitis) of the L2 and L3 bodies: the segment between them
                levels = _operated_segments(levels)
            if levels and any(levels):
                named = [lv for lv in levels if lv]
                lumbar = [lv for lv in named if lv not in ABOVE_LUMBAR_REGION]
                if not lumbar:
                    continue  # a cervical or upper/mid thoracic finding (T1-T9): outside the lumbar catalog
                if len(lumbar) < len(named):
                    levels = [lv for lv in levels if lv is None or lv not in ABOVE_LUMBAR_REGION]
            attrs = self._attrs(text, span, (s0, s1), ftype, spans, assertion)
            if (assertion == "absent" and attrs["side"] is None and ftype in ROOT_STATEMENT_TYPES and findings
                    and offsets[-1][1] <= span.start_char and findings[-1].side in ("left", "right")
                    and WITHOUT_GAP_RE.fullmatch(text, offsets[-1][1], span.start_char)):
                attrs["side"] = findings[-1].side  # "moderate left foraminal narrowing without root deformity"
            elif assertion in ("present", "possible") and attrs["side"] is None and ftype in ROOT_STATEMENT_TYPES:
                # "left paracentral protrusion (with an annular tear,) compressing the traversing L5 nerve root", "...,
                # narrowing the left subarticular recess and impinging upon the descending L5 root": the root on the
                # side of the lesion before it in the clause
                attrs["side"] = self._cause_side(findings, offsets, sentence_of, k, span.start_char, text)
            extra = self._severity_ellipsis(text, ftype) if assertion != "absent" and attrs["severity"] else []
            if assertion != "absent" and self._level_end is not None:
                m = DEGREE_ELLIPSIS_RE.match(text, extra[-1][2] if extra else self._level_end)
                groups = level_groups(m.group(1), m.start(1)) if m else []
                if groups:
                    extra.extend((lv, None, None) for lv in group_levels(groups[0][2], groups[0][3], ftype))
            start, end = original_offsets(doc, span.start_char, span.end_char)
            variants = [attrs]
            split = SIDE_SPLIT_RE.search(text, max(s0, span.start_char - 60), span.start_char)
            if not split and assertion != "absent":
                # or after it: "facet arthropathy, moderate on the left and mild on the right"
                split = POST_SIDE_SPLIT_RE.match(text, span.end_char, s1)
            if split and assertion != "absent":
                # "severe right and moderate left foraminal narrowing": one finding per side
                variants = [dict(attrs, side=split.group(i + 1).lower().replace("rt", "right").replace("lt", "left"),
                                 severity=self._severity("", split.group(i) or "", "") or attrs["severity"])
                            for i in (1, 3)]
            elif ftype in SIDED_LABEL_TYPES and (assertion != "hypothetical") and LABEL_START_RE.match(span.text):
                # "Foramina: mild R, none L.", "NF: moderate left, mild right": one finding per side named
                variants = self._label_sides(text, span, s1, attrs, assertion) or variants
            pairs = None
            if assertion != "absent" and ftype in SIDED_LEVEL_TYPES:
                m = SIDE_LEVEL_LIST_RE.search(text, max(s0, span.start_char - 90), span.start_char)
                if m:
                    # "moderate bilateral L3-4 and right L4-5 foraminal stenosis": a side (and grade) per level
                    pairs = []
                    for item in SIDE_LEVEL_ITEM_RE.finditer(m.group(0)):
                        groups = level_groups(item.group(3))
                        side = item.group(2).lower()
                        side = {"rt": "right", "lt": "left", "bilaterally": "bilateral"}.get(side, side)
                        severity = self._severity("", item.group(1) or "", "") or attrs["severity"]
                        for lv in (group_levels(groups[0][2], groups[0][3], ftype) if groups else []):
                            pairs.append((lv, dict(attrs, side=side, severity=severity)))
            if pairs:
                for level, v in pairs:
                    findings.append(Finding(type=ftype, level=level, assertion=assertion, start=start, end=end,
                                            text=source[start:end], section=section, **v))
            else:
                for level in levels or [None]:
                    for v in variants:
                        findings.append(Finding(
                            type=ftype, level=level, assertion=v.get("assertion", assertion), start=start, end=end,
                            text=source[start:end], section=section, **{k: x for k, x in v.items() if k != "assertion"}))
            if assertion == "absent" and attrs["side"] in ("left", "right") and ftype in SIDED_LEVEL_TYPES:
                m = OTHER_SIDE_AFTER_RE.match(text, span.end_char, s1)
                if m and m.group(2).lower() != attrs["side"]:
                    # "No foraminal narrowing on the left; mild on the right": the other side, graded
                    for level in levels or [None]:
                        findings.append(Finding(type=ftype, level=level, assertion="present", start=start, end=end,
                                                text=source[start:end], section=section,
                                                **dict(attrs, side=m.group(2).lower(),
                                                       severity=self._severity("", m.group(1), ""))))
            for level, severity, _end in extra:  # "moderate stenosis at L3-4 and severe at L4-5"
                findings.append(Finding(type=ftype, level=level, assertion=assertion, start=start, end=end,
                                        text=source[start:end], section=section, **dict(attrs, severity=severity)))
            sentence_of.extend([k] * (len(findings) - len(offsets)))
            offsets.extend([(span.start_char, span.end_char)] * (len(findings) - len(offsets)))
            if ftype == "neoplasm":
                seen_neoplasm = seen_neoplasm or assertion in ("present", "possible")
                if generic_lesion(span.text):
                    generic = True
        if any(f.type == "modic_nos" for f in findings):
            findings, offsets, sentence_of = _modic_type_named(findings, offsets, sentence_of)
        if any(f.type == "disc_herniation" for f in findings):
            findings, offsets = _subtype_named(findings, offsets, sentence_of)
        findings = self._characterised(findings, offsets, text) if generic else findings
        if "\n" in source and TABLE_HINT_RE.search(source):
            findings = self._with_table_cells(doc, findings, source, sections, sec_starts, tok_idx)
        doc._.findings = findings
        return doc

    def _with_table_cells(self, doc, findings, source, sections, sec_starts, tok_idx):
        """Findings of per-level table cells that hold only a grade, side or absence (``nlp.components.tables``),
        added where the sentence rules found nothing of that type and level in the cell; generic readings of a
        typed cell ("arthropathy" under "Facets" read as spondylosis) give way to the column's type."""
        def level_of(cell, ftype):
            groups = level_groups(cell)
            return group_levels(groups[0][2], groups[0][3], ftype) if groups else []

        headers = []
        all_cells = table_cells(source, level_of, headers)
        if not all_cells:
            return findings
        cells = table_findings(all_cells, lambda words: self._severity("", words, ""))
        n = len(tok_idx)
        bounds = sorted((original_offsets(doc, tok_idx[start], 0)[0] if start < n else len(source), sec.category)
                        for start, sec in zip(sec_starts, sections))
        starts = [b[0] for b in bounds]
        inside = {(c["start"], c["end"]) for c in cells}
        kept = []
        for f in findings:
            if any(a <= f.start < b for a, b in headers):
                continue  # a column title ("Canal stenosis", "Bulge") is no finding
            if f.type in GENERIC_IN_TYPED_CELL and any(a <= f.start < b for a, b in inside):
                continue
            cell = next((c for c in all_cells if c[2] <= f.start < c[3]), None)
            if cell is not None and f.assertion == "historical" and f.section in SECTION_HISTORICAL:
                f = dataclasses.replace(f, assertion="present", section="findings")  # a table is never history
            own = cell if cell is not None and cell[0] is None else None
            if own is not None:
                # a finding in a free-text cell ("bulge, loss of height"): its side and grade are its cell's alone,
                # not those of the next columns
                cell_text = own[4]
                f = dataclasses.replace(f, side=self._side(cell_text, f.type, f.assertion),
                                        severity=self._severity("", cell_text, "") if f.assertion != "absent" else None)
            kept.append(f)
        have = {(f.type, f.level) for f in kept if any(a <= f.start < b for a, b in inside)}
        for c in cells:
            if (c["type"], c["level"]) in have:
                continue
            i = bisect.bisect_right(starts, c["start"]) - 1
            section = bounds[i][1] if i >= 0 else None
            if section in SHORT_SECTIONS:
                section = "findings"  # a per-level table is never history ("Indication: back pain.\nLevel  Canal ...")
            if section in ("operative", "plan"):
                continue
            kept.append(Finding(type=c["type"], level=c["level"], side=c["side"], severity=c["severity"],
                                assertion=c["assertion"], start=c["start"], end=c["end"], text=c["text"],
                                section=section or "findings"))
        return sorted(kept, key=lambda f: f.start)

    @staticmethod
    def _cause_side(findings, offsets, sentence_of, k, start, text):
        """The side of the disc, foramen, recess or cyst that a root statement at ``start`` follows in its clause
        (past findings that carry no side, such as an annular tear), else None."""
        for i in range(len(findings) - 1, max(-1, len(findings) - 5), -1):
            f = findings[i]
            if sentence_of[i] != k or offsets[i][1] > start or not RELATION_GAP_RE.fullmatch(text, offsets[i][1], start):
                return None
            if f.type in ROOT_CAUSE_TYPES:
                return f.side if f.side in ("left", "right") else None
            if f.side is not None:
                return None
        return None

    @staticmethod
    def _only_previously_seen(modifiers) -> bool:
        """Whether every historical cue of a finding says it was seen before ("previously noted")."""
        cues = [m for m in modifiers if m.category == "HISTORICAL"]
        return bool(cues) and all(PREVIOUSLY_SEEN_RE.match(m.rule.literal or "") for m in cues)

    @staticmethod
    def _only_insignificant(modifiers) -> bool:
        """Whether every negation of a finding is a judgment of significance ("..., not significant")."""
        negations = [m for m in modifiers if m.category in NEGATED]
        return bool(negations) and all(INSIGNIFICANT_RE.search(m.rule.literal or "") for m in negations)

    @staticmethod
    def _alternative_to(prev, span, types, text) -> bool:
        """Whether ``span`` is offered as an alternative to the disc finding just before it ("bulge or protrusion")."""
        ptype = types.get((prev.start, prev.end, prev.label_), (prev.label_, None))[0]
        return ptype in DISC_MORPHOLOGY and ptype != types.get((span.start, span.end, span.label_), (span.label_,))[0] \
            and bool(ALTERNATIVE_GAP_RE.match(text, prev.end_char, span.start_char))

    def _paragraph_levels(self, pos, text, stops, ftype):
        """The level of the paragraph holding ``pos`` when all its level mentions name that one level and the first
        comes before ``pos``, else []."""
        i = bisect.bisect_right(stops, pos)
        lo, hi = stops[i - 1] if i else 0, stops[i] if i < len(stops) else len(text)
        key = (lo, hi)
        if key not in self._paragraph_cache:
            groups = level_groups(text[lo:hi], lo)
            names = {name for g in groups for name in group_levels(g[2], g[3], "disc_bulge")}
            self._paragraph_cache[key] = (names.pop(), groups[0][1]) if len(names) == 1 else None
        topic = self._paragraph_cache[key]
        # the level is named first, then the findings at it are described
        return [topic[0]] if topic and topic[1] <= pos else []

    def _previous_sentence_levels(self, k, sent_toks, sent_chars, sec_starts, text, ftype, plural=False):
        """The level of sentence ``k - 1`` when it names one level (or refers to one: "at that level", up to three
        sentences back) and stands in the same paragraph and section as sentence ``k``; else []. With ``plural``
        ("the facet joints") a list of levels is the antecedent too."""
        for _ in range(3):
            p0, s0 = sent_chars[k - 1], sent_chars[k]
            if BLANK_LINE_RE.search(text, p0, s0) or sent_toks[k] in sec_starts:
                return []
            # "an L3-4 disc herniation extending behind the L4 vertebral body": the body is a place, not a level
            groups = [g for g in level_groups(text[p0:s0], p0)
                      if ftype in BODY_TYPES or not VERTEBRA_PLACE_AFTER_RE.match(text, g[1])]
            if groups or not ANAPHORA_RE.search(text, p0, s0) or k < 2:
                break
            k -= 1
        names = group_levels(groups[0][2], groups[0][3], ftype) if len(groups) == 1 else []
        return names if len(names) == 1 or plural else []  # one level: a list or a range is no antecedent

    def _characterised(self, findings, offsets, text):
        """A generic "lesion" / "mass" that the same sentence goes on to call something else ("a lesion in
        the L2 body, most likely a hemangioma"; "a mass in the L3 foramen ... appears to be a disc
        herniation") is that finding, not a neoplasm; called a neoplasm with a hedge ("lesion ...;
        metastasis cannot be excluded"), it takes that finding's assertion."""
        spans = {}
        for f, key in zip(findings, offsets):
            spans.setdefault(key, []).append(f)
        starts = sorted(spans)
        drop, hedged, inherit = set(), {}, {}
        for (start, end), group in spans.items():
            f = group[0]
            if f.type != "neoplasm" or not generic_lesion(f.text):
                continue
            stop = SENTENCE_END_RE.search(text, end)
            limit = stop.start() if stop else len(text)
            if stop and PRONOUN_START_RE.match(text, stop.end()):
                # "There is a lesion in the L1 body. It is most likely a hemangioma."
                nxt = SENTENCE_END_RE.search(text, stop.end())
                limit = nxt.start() if nxt else len(text)
            cue = CHARACTERISED_RE.search(text, end, min(limit, end + 200))
            i = bisect.bisect_left(starts, (cue.end(), -1)) if cue else len(starts)
            if i < len(starts) and starts[i][0] <= min(limit, cue.end() + 40):
                other = spans[starts[i]][0]
                if other.type != "neoplasm":
                    drop.add((start, end))
                    if f.level and all(o.level is None for o in spans[starts[i]]):
                        inherit[starts[i]] = [g.level for g in group]
                    continue
            else:
                # "a 1 cm lesion in L3 is indeterminate; metastasis cannot be excluded"
                later = [spans[k][0] for k in starts if end <= k[0] < min(limit, end + 200)]
                other = next((o for o in later if o.type == "neoplasm"), None)
                if other is None:
                    continue
            if other.type == "neoplasm" and other.assertion in ("possible", "absent") and other.assertion != f.assertion:
                hedged[(start, end)] = other.assertion
        if not drop and not hedged:
            return findings
        out = []
        for f, key in zip(findings, offsets):
            if key in drop:
                continue
            if key in inherit and f.level is None:
                for level in inherit.pop(key):
                    out.append(dataclasses.replace(f, level=level))
                continue
            if key in hedged and f.assertion == "present":
                f = dataclasses.replace(f, assertion=hedged[key])
            out.append(f)
        return out

    # -- assertion --------------------------------------------------------------------------------
    @staticmethod
    def _assertion(modifiers, section) -> str:
        cats = {m.category for m in modifiers}
        if cats & NEGATED:
            return "absent"
        if "HYPOTHETICAL" in cats:
            return "hypothetical"
        if "HISTORICAL" not in cats and "POSSIBLE_EXISTENCE" in cats and section == "history":
            return "possible"  # a clinical question in the indication ("?disc prolapse", "query cauda equina")
        if "HISTORICAL" in cats or section in SECTION_HISTORICAL:
            return "historical"
        if "POSSIBLE_EXISTENCE" in cats or section == "differential":
            return "possible"  # the items of a differential diagnosis are possibilities
        return "present"

    # -- levels -----------------------------------------------------------------------------------
    def _levels(self, span, ftype, groups, headings, sent_start=0):
        """Level names of a finding; sets ``self._level_end`` to the end of the level group used (or None)."""
        best, best_d, fallback = None, None, None
        self._level_end = None
        m = ALL_LEVELS_AFTER_RE.match(self._text, span.end_char)
        # "no disc prolapse at any level", "disc heights preserved throughout": the whole spine, not a heading's level
        all_levels = m is not None and not any(span.end_char <= g[0] < m.end() for g in groups)
        if ftype != "postoperative_change" and groups:
            # "At L3-L4, above the L4-S1 fusion: new anterolisthesis": the fused levels are a landmark
            groups = [g for g in groups if not LANDMARK_BEFORE_RE.search(self._text, max(0, g[0] - 40), g[0])]
        if ANAPHORA_AFTER_RE.match(self._text, span.end_char):
            # "facet joint arthropathy at this level": the level named last before it
            # "... behind the L5 vertebral body. ... compression of the cauda equina at this level": not the body's
            before = _levels_not_places([g for g in groups if g[1] <= span.start_char], self._text)
            if not before:
                prior = self._text[max(0, span.start_char - 400):span.start_char]
                before = level_groups(prior, span.start_char - len(prior))
            if before:
                return group_levels(before[-1][2], before[-1][3], ftype)
        heading = self._heading_at(span.start_char, headings)
        if heading and SACRAL_RE.search(self._text, max(sent_start, span.start_char - 25), span.end_char):
            heading = None  # "L1/2 to L4/5: ... No sacral stress fracture.": the sacrum is not at the heading's levels
        attached = False
        for g in groups:  # "X at the level of L5/S1 and L4/L5": a level introduced right after the finding
            if 0 <= g[0] - span.end_char <= 40 and (
                    AT_LEVEL_RE.match(self._text, span.end_char, g[0])
                    # "bilateral pars defects at L4": a head noun or two between, and no other finding
                    or (AT_LEVEL_AFTER_WORDS_RE.match(self._text, span.end_char, g[0])
                        and not self._finding_between(span.end_char, g[0]))):
                groups = [g]
                attached = True
                break
        if not attached and ftype in REPORT_WIDE_TYPES:
            return []  # "mild dextroconvex scoliosis ..., most pronounced at L2-3": the curve has no disc level
        # "some osteophyte formation in the lumbar spine" is report-wide like "multilevel ...", not at a level
        # named before it
        spine_wide = not attached and (SPINE_WIDE_AFTER_RE.match(self._text, span.end_char) or (m if all_levels else None))
        region = not attached and heading is None and ftype in REGION_TYPES and bool(
            REGION_START_RE.match(span.text)
            or REGION_BEFORE_RE.search(self._text, max(0, span.start_char - 40), span.start_char))
        lo = max(sent_start, span.start_char - 40)
        i = bisect.bisect_right(self._ends, span.start_char) - 1
        if i >= 0 and self._ends[i] > lo and not COORDINATION_GAP_RE.match(self._text, self._ends[i], span.start_char):
            lo = self._ends[i]  # "multilevel DDD from L2-L3 to L5-S1 with disc desiccation": not the desiccation's
            # (but "multilevel facet arthropathy and spondylitic changes": both)
        multilevel = not attached and (MULTILEVEL_RE.search(self._text, lo, span.end_char) or region)
        if spine_wide or multilevel:
            # "multilevel spondylosis with disc bulges at L3-4 and L4-5": the levels are the bulges'; "multilevel
            # degenerative disc disease, most pronounced at L2-3": report-wide, and at L2-3
            after = [g for g in groups if g[0] >= span.end_char and g[0] - span.end_char <= 120
                     and not self.rules["level_clause_break"].search(self._text, span.end_char, g[0])]
            self._level_end = None
            if groups and all(v1 <= 0 for g in groups for v1, _ in g[2]):
                return level_names(groups[0][2], groups[0][3])  # cervical: dropped by the caller
            if not after:
                return [None]
            g = after[0]
            names = group_levels(g[2], g[3], ftype)
            between = self._text[span.end_char:g[0]]
            if not between.strip() and not spine_wide:
                return names  # "severe lumbar spondylosis L5-S1", "multilevel facet arthrosis L3/4 to L5/S1"
            if WORST_AT_RE.search(between) or SEVERITY_AT_RE.match(between):
                self._level_end = g[1]  # "..., severe at L3-4 and moderate at L4-5": the ellipsis goes on from here
                return [None] + names
            if spine_wide and SPINE_LEVELS_RE.match(between, spine_wide.end() - span.end_char):
                # "compression fractures of the thoracolumbar spine including T12, L1 and L2"; "spondylolisthesis
                # of the lumbosacral spine at L4-L5"
                return ([None] + names) if multilevel else names
            if len(names) > 1 and COORDINATED_AT_RE.match(between):
                return names  # "multilevel desiccation and disc space narrowing from L2-3 through L5-S1"
            return [None]
        if ftype not in VERTEBRAL_TYPES:
            pairs = [g for g in groups if any(v2 is not None for _, v2 in g[2])]
            if pairs or heading is not None:
                groups = pairs
        for g in groups:
            if g[1] <= span.start_char:
                d = span.start_char - g[1]
                between = (g[1], span.start_char)
            elif g[0] >= span.end_char:
                d = g[0] - span.end_char
                between = (span.end_char, g[0])
            else:
                d, between = 0, None
            if between and self.rules["level_clause_break"].search(self._text, *between):
                if (g[1] <= span.start_char and heading is None and "\n" not in self._text[between[0]:between[1]]
                        and all(b.group() == ";" for b in
                                self.rules["level_clause_break"].finditer(self._text, *between))):
                    fallback = g  # "severe right L5-S1 foraminal stenosis; moderate left foraminal narrowing"
                continue  # "No herniation, but ... facet arthropathy at L4-5": another clause's level
            if best_d is None or d < best_d:
                best, best_d = g, d
        if best is None and fallback is not None:
            best = fallback  # a clause after a semicolon that names no level goes on about the level before it
        self._level_end = best[1] if best is not None else None
        if best is not None:
            if heading and ftype in INTERSPACE_TYPES and all(v2 is None for _, v2 in best[2]):
                # "L4-5: ... narrowing of the lateral recesses of L5": a vertebra of the heading's segment names
                # that segment
                names = {_name(v1) for v1, _ in best[2]}
                if all(any(name in h.split("-") for h in heading) for name in names):
                    return heading
            if (ftype in CANAL_TYPES and all(v2 is None for _, v2 in best[2])
                    and BODY_LESION_RE.search(self._text, sent_start, span.start_char)):
                # "L1 burst fracture with retropulsion; moderate canal narrowing": the canal at the vertebra
                return level_names(best[2], best[3])
            return group_levels(best[2], best[3], ftype)
        return heading or []

    def _finding_between(self, lo, hi) -> bool:
        i = bisect.bisect_left(self._starts, lo)
        return i < len(self._starts) and self._starts[i] < hi

    def _label_sides(self, text, span, s1, attrs, assertion):
        """The side items of a label line's value ("Foramina: mild R, none L"): one attribute set per item that
        names a side, with its own severity and assertion; [] when no item names a side."""
        lo = text.find(":", span.start_char, span.end_char) + 1
        hi = s1
        m = LINE_END_OR_LABEL_RE.search(text, lo, s1)
        if m:
            hi = m.start()
        out = []
        for item in LABEL_ITEM_SPLIT_RE.split(text[lo:hi]):
            found = item_side(item)
            if found is None:
                continue
            side = found[0]
            negative = LABEL_ITEM_NEGATIVE_RE.search(item) is not None
            severity = None if negative else self._severity("", item, "")
            out.append(dict(attrs, side=side, severity=severity or (None if negative else attrs["severity"]),
                            assertion="absent" if negative else ("present" if assertion == "absent" else assertion)))
        return out

    def _severity_ellipsis(self, text, ftype):
        """Further (level, severity, end of the level group) after the finding's level: "... at L3-4 and severe at
        L4-5"."""
        out = []
        pos = self._level_end
        while pos is not None:
            m = ELLIPSIS_RE.match(text, pos)
            if not m:
                break
            groups = level_groups(m.group(2), m.start(2))
            if not groups:
                break
            severity = self._severity("", m.group(1), "")
            out.extend((lv, severity, groups[0][1]) for lv in group_levels(groups[0][2], groups[0][3], ftype))
            pos = groups[0][1]
        return out

    def _vertebral_height_loss(self, span, groups, text) -> bool:
        """'height loss' without a disc word, next to a single vertebra or vertebral words."""
        if DISC_WORD_RE.search(span.text):
            return False
        around = text[max(0, span.start_char - 40):span.end_char + 40]
        if DISC_WORD_RE.search(around):
            return False
        if FRACTURE_WORD_RE.search(text, max(0, span.start_char - 70), span.start_char):
            return True  # "L4 compression fracture is redemonstrated without change in height loss"
        near = [g for g in groups if abs(g[0] - span.end_char) < 40 or abs(span.start_char - g[1]) < 40]
        single = bool(near) and all(v2 is None for g in near for _, v2 in g[2])
        return single or bool(VERTEBRA_WORD_RE.search(around))

    def _heading_between(self, lo, hi) -> bool:
        i = bisect.bisect_left(self._heading_starts, lo)
        return i < len(self._heading_starts) and self._heading_starts[i] < hi

    def _heading_at(self, pos, headings):
        """Levels of the heading whose scope holds ``pos`` (scopes do not overlap), or None."""
        i = bisect.bisect_right(self._heading_starts, pos) - 1
        if i >= 0 and headings[i][0] <= pos < headings[i][1]:
            return headings[i][2]
        return None

    # -- side, zone, severity, grade, size, descriptors, roots ------------------------------------
    def _windows(self, text, span, sent, spans, bounds=None):
        rules = self.rules
        s0, s1 = sent
        pre_lo = max(s0, span.start_char - 60)
        starts, ends = bounds or (self._starts, self._ends)
        i = bisect.bisect_right(ends, span.start_char) - 1  # do not read attributes of the previous finding
        if i >= 0 and ends[i] > pre_lo:
            pre_lo = ends[i]
        pre = text[pre_lo:span.start_char]
        breaks = list(rules["clause_break"].finditer(pre)) + list(rules["pre_cut"].finditer(pre))
        if breaks:
            pre = pre[max(b.end() for b in breaks):]  # symptom words too: "left leg pain from a large disc"
        post_hi = min(s1, span.end_char + 70)
        j = bisect.bisect_left(starts, span.end_char)
        cut_by_next = j < len(starts) and starts[j] < post_hi
        if cut_by_next:
            post_hi = starts[j]
        post = text[span.end_char:post_hi]
        if cut_by_next:
            # "disc bulge with bilateral facet hypertrophy": the words after the last "with" / "and" before the
            # next finding describe that finding
            last = None
            for last in NEXT_FINDING_JOIN_RE.finditer(post):
                pass
            cut = last.start() if last is not None else None
            comma = post.rfind(",")
            if comma >= 0 and (cut is None or comma < cut):
                cut = comma  # "disc bulge, left paracentral protrusion": the words after the comma are the protrusion's
            if cut is not None:
                post = post[:cut]
        m = rules["post_cut"].search(post)
        if m:
            post = post[:m.start()]
        m = rules["clause_break"].search(post)
        if m:
            post = post[:m.start()]
        return pre, span.text, post

    def _severity(self, pre, inner, post):
        """The severity word nearest before the finding (ranges win at the same place), else inside it,
        else right after it ("narrowing to a mild degree", "stenosis, moderate")."""
        rx, values = self.rules["severity_any"], self.rules["severity_values"]
        m = rx.search(inner)
        if m:
            return values[int(m.lastgroup[1:])]
        last = None
        for last in rx.finditer(pre):
            pass
        if last is not None:
            return values[int(last.lastgroup[1:])]
        m = POST_SEVERITY_RE.match(post)
        if m:
            m = rx.search(m.group("sev"))
            if m:
                return values[int(m.lastgroup[1:])]
        return None

    def _values(self, key, text):
        values = self.rules[key + "_values"]
        return {values[int(m.lastgroup[1:])] for m in self.rules[key + "_any"].finditer(text)}

    def _side(self, window, ftype, assertion):
        rules = self.rules
        excl = rules["side_exclusions"].get(ftype)
        side_text = excl.sub(" ", window) if excl else window
        if assertion != "absent":
            side_text = SIDE_NORMAL_RE.sub(" ", side_text)  # "right patent, left mildly narrowed": left
        sides = self._values("side", side_text)
        if "bilateral" in sides or {"left", "right"} <= sides:
            return "bilateral"
        if "left" in sides:
            return "left"
        if "right" in sides:
            return "right"
        if "central" in sides and ftype in rules["zone_types"]:
            return "central"
        return None

    def _attrs(self, text, span, sent, ftype, spans, assertion="present"):
        rules = self.rules
        pre, inner, post = self._windows(text, span, sent, spans)
        window = f"{pre} {inner} {post}"
        reach = rules["side_own_words_only"].get(ftype)
        if reach is not None:
            side = self._side(f"{pre[-reach:] if reach else ''} {inner}", ftype, assertion)
        else:
            # a side in the finding's own words wins ("... than on the left, compromised the right neural foramen")
            own = self._side(inner, ftype, assertion) if SIDE_WORD_RE.search(inner) else None
            side = own if own in ("left", "right") else self._side(window, ftype, assertion)
        if ftype == "scoliosis":
            m = CONCAVE_RE.search(window)
            if m:  # "concave to the right": the curve's side is its convex side
                side = "left" if (m.group(1) or m.group(2)).lower().startswith(("r", "d")) else "right"
        zone_window = None
        if side is None and reach is None and self._zone_bounds is not None and ftype in rules["zone_types"]:
            # "hypertrophic changes extending into the neural foramina bilaterally": the side of the place a disc or
            # osteophyte extends to (an anatomy word, which is no finding) is its side
            zone_window = " ".join(self._windows(text, span, sent, spans, self._zone_bounds))
            if zone_window != window:
                side = self._side(zone_window, ftype, assertion)
        if (side is None and assertion != "absent" and ftype in rules["plural_bilateral"]
                and rules["plural_bilateral"][ftype].search(window) and not MULTIPLE_LEVELS_RE.search(window)):
            # "foraminal narrowing" with "foramina": both sides; "multiple neural foramina": several levels
            side = "bilateral"
        zone = None
        if ftype in rules["zone_types"]:
            if zone_window is None:
                zone_window = window
                if self._zone_bounds is not None:
                    zone_window = " ".join(self._windows(text, span, sent, spans, self._zone_bounds))
            found = self._values("zone", zone_window)
            for value in rules["zone_values"]:  # ordered from most lateral to most central
                if value in found:
                    zone = value
                    break
        severity = None
        if assertion != "absent":
            m = COORDINATION_RE.match(inner) if ftype in COORDINATED_TAIL_TYPES else None
            severity = self._severity("", inner[m.end():], post) if m else self._severity(pre, inner, post)
            if severity is None and ftype == "central_canal_stenosis" and COMPLETE_BLOCK_RE.search(f"{pre} {inner}"):
                severity = "severe"  # "a complete block to contrast flow at L3-4"
        grade = None
        if ftype == "spondylolisthesis":
            m = rules["grade"].search(window)
            if m:
                g = m.group(1).lower()
                grade = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "one": 1, "two": 2, "three": 3, "four": 4}.get(g)
                if grade is None and g.isdigit() and 1 <= int(g) <= 4:
                    grade = int(g)
        size = None
        m = rules["size"].search(window)
        if m:
            value = float(m.group(1))
            size = value * 10 if m.group(2).lower().startswith("c") else value
        cache = self._descriptor_cache
        found = set()
        for m in rules["descriptors_any"].finditer(window):
            word = m.group(0).lower()
            values = cache.get(word)
            if values is None:  # a word may carry two descriptors ("diffuse": multiple, broad-based)
                values = cache[word] = [value for rx, value in rules["descriptors"] if rx.search(word)]
                if len(cache) > 4096:
                    cache.clear()
            found.update(values)
        descriptors = sorted(found)
        # a root statement names its root just before its own words too ("the right S1 root is normal")
        named = f"{pre[-16:]} {inner} {post}" if ftype in ROOT_STATEMENT_TYPES else f"{inner} {post}"
        roots = sorted({m.group(1).upper() for m in rules["root"].finditer(named)})
        return {"side": side, "zone": zone, "severity": severity, "grade": grade, "size_mm": size,
                "descriptors": descriptors, "roots_named": roots}
