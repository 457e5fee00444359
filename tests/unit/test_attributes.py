"""lsmri_attributes: level (phrase, heading, lists, ranges, "of L4 on L5"), side, zone, severity, grade, size."""

import pytest


def _param(case):
    """(id, text, type, {attrs}[, xfail reason]) -> pytest.param."""
    marks = [pytest.mark.xfail(strict=False, reason=case[4])] if len(case) > 4 else []
    return pytest.param(*case[1:4], marks=marks, id=case[0])


LEVELS = [
    ("L4-5", "Mild disc bulge at L4-5.", "disc_bulge", ["L4-L5"]),
    ("L4-L5", "Mild disc bulge at L4-L5.", "disc_bulge", ["L4-L5"]),
    ("L5/S1", "Wide base disc bulges noted at L5/S1 level.", "disc_bulge", ["L5-S1"]),
    ("L45", "At L45 there is a disc bulge.", "disc_bulge", ["L4-L5"]),
    ("T12-L1", "T12-L1: Mild disc bulge.", "disc_bulge", ["T12-L1"]),
    ("heading-L4-5", "L4-5: Mild disc bulge.", "disc_bulge", ["L4-L5"]),
    ("heading-At-L4-L5", "At L4-L5, there is a small disc bulge.", "disc_bulge", ["L4-L5"]),
    ("heading-level-word", "L4-5 level: mild disc bulge.", "disc_bulge", ["L4-L5"]),
    ("range-through", "Mild disc bulges from L3-4 through L5-S1.", "disc_bulge", ["L3-L4", "L4-L5", "L5-S1"]),
    ("range-to", "Disc bulges from L2-3 to L4-5.", "disc_bulge", ["L2-L3", "L3-L4", "L4-L5"]),
    ("range-heading", "L3-4 through L5-S1: mild disc bulges.", "disc_bulge", ["L3-L4", "L4-L5", "L5-S1"]),
    ("list-and", "Disc bulges at L4-5 and L5-S1.", "disc_bulge", ["L4-L5", "L5-S1"]),
    ("list-commas", "Disc bulges at L3-4, L4-5 and L5-S1.", "disc_bulge", ["L3-L4", "L4-L5", "L5-S1"]),
    ("list-comma-only", "Disc bulge at L4-L5, L5-S1.", "disc_bulge", ["L4-L5", "L5-S1"]),
    ("list-ampersand-sudirman", "Diffuse disc bulges noted at L4/L5 &L5/S1 levels, mildly compressing the thecal sac.",
     "disc_bulge", ["L4-L5", "L5-S1"]),
    ("list-dehydrated-sudirman", "dehydrated L4-5 and L5-S1 intervetrebral discs.", "disc_desiccation", ["L4-L5", "L5-S1"]),
    ("of-L4-on-L5", "Grade 1 anterolisthesis of L4 on L5.", "spondylolisthesis", ["L4-L5"]),
    ("of-L5-on-S1", "Grade II anterolisthesis of L5 on S1.", "spondylolisthesis", ["L5-S1"]),
    ("level-of-L4/L5-medpix", "Lateral radiograph shows grade 2 anterior spondylolisthesis at the level of L4/L5.",
     "spondylolisthesis", ["L4-L5"]),
    ("vertebral-body", "Hemangioma in the L3 vertebral body.", "hemangioma", ["L3"]),
    ("fracture-of-L1", "Compression fracture of L1.", "fracture", ["L1"]),
    ("pars-at-L5", "Pars defect at L5.", "spondylolysis", ["L5"]),
    ("modic-endplates", "Modic type 1 change at the L4-5 endplates.", "modic_1", ["L4-L5"]),
    ("schmorl-list", "Schmorl nodes at T12 and L1.", "schmorl_node", ["T12", "L1"]),
    ("heading-governs-next-lines", "L4-5: Disc bulge.\nMild facet arthropathy.\nNo stenosis.\n\nL5-S1: Disc protrusion.",
     "facet_arthropathy", ["L4-L5"]),
    ("heading-governs-negated", "L4-5: Disc bulge.\nMild facet arthropathy.\nNo stenosis.\n\nL5-S1: Disc protrusion.",
     "central_canal_stenosis", ["L4-L5"]),
    ("next-heading-takes-over", "L4-5: Disc bulge.\nMild facet arthropathy.\nNo stenosis.\n\nL5-S1: Disc protrusion.",
     "disc_protrusion", ["L5-S1"]),
    ("heading-without-colon-sudirman", "L4-5 broad based central and left paracentral disc protrusion is noted "
     "compressing thecal sac.", "disc_protrusion", ["L4-L5"]),
    ("heading-sudirman-p1", "L4-5: degenerative annular disc bulge is noted more to the left side compressing thecal "
     "sac, compressing left nerve root and narrowing right neural foramen.", "foraminal_stenosis", ["L4-L5"]),
    ("that-level", "Mild disc bulge at L4-5. Facet arthropathy at that level.", "facet_arthropathy", ["L4-L5"]),
    ("root-is-not-level", "The left L5 nerve root is compressed.", "nerve_root_compression", [None]),
    ("T2-is-not-level", "Disc desiccation on T2 weighted images.", "disc_desiccation", [None]),
    ("no-level", "Lumbar spondylosis.", "spondylosis", [None]),
    ("pars-with-listhesis", "Grade 1 anterolisthesis of L4 on L5 with bilateral pars defects at L4.", "spondylolysis",
     ["L4"]),
    ("head-noun-then-at-level", "Anterolisthesis of L4 on L5. Bilateral pars defects are seen at L5.", "spondylolysis",
     ["L5"]),
    ("at-level-there-is-heading", "At L5-S1 there is a large right paracentral disc extrusion. The central canal is "
     "mildly narrowed.", "central_canal_stenosis", ["L5-S1"]),
    ("prose-heading-from-to", "At L4-L5 there is a massive central disc extrusion. From T12-L1 to L3-L4 there is no "
     "disc herniation or canal stenosis.", "central_canal_stenosis", ["T12-L1", "L1-L2", "L2-L3", "L3-L4"]),
    ("prose-heading-ends-at-other-level", "At L5-S1 a minimal disc bulge does not contact the S1 nerve roots; the "
     "canal and foramina are patent. The conus is normal at T12-L1. Marrow signal normal; no fracture.",
     "fracture", [None]),
    ("prose-heading-governs-next-sentence", "At L5-S1, in the right neuroforamina, there appears to be soft tissue "
     "density. This could represent a facet synovial cyst.", "synovial_cyst", ["L5-S1"]),  # MTSamples
    ("lowercase-thoracolumbar", "t12-l1 through l3-l4: no disc herniation.", "disc_herniation",
     ["T12-L1", "L1-L2", "L2-L3", "L3-L4"]),
    ("list-of-level-lines-then-global-line", "L3-L4: mild diffuse disc bulge indenting thecal sac.\nL4-L5: broad based "
     "disc bulge.\nL5-S1: central disc protusion compressing thecal sac.\nno significant spinal canal stenosis.",
     "central_canal_stenosis", [None]),
    ("multilevel-levels-of-another-finding", "Impression: multilevel lumbar spondylosis with disc bulges at L3-L4 and "
     "L4-L5.", "spondylosis", [None]),
    ("multilevel-worst-at", "Multilevel degenerative disc disease, most pronounced at L2-L3 and L3-L4.",
     "disc_degeneration", [None, "L2-L3", "L3-L4"]),
    ("multilevel-coordinated-range", "Multilevel disc desiccation and disc space narrowing from L2-3 through L5-S1.",
     "disc_desiccation", ["L2-L3", "L3-L4", "L4-L5", "L5-S1"]),
    ("multilevel-attached", "Multilevel degenerative changes at L3-L4, L4-L5 and L5-S1.", "spondylosis",
     ["L3-L4", "L4-L5", "L5-S1"]),
    ("scoliosis-has-no-disc-level", "There is a mild dextroconvex scoliosis and disc space narrowing at L2-L3.",
     "scoliosis", [None]),
    ("scoliosis-apex", "Scoliosis with apex at L2.", "scoliosis", ["L2"]),
    ("this-level-same-sentence", "These reveal grade 2 L4 anterior spondylolisthesis without significant canal "
     "stenosis, though she has facet joint arthropathy at this level.", "facet_arthropathy", ["L4-L5"]),  # MTSamples
    ("in-the-lumbar-spine-is-report-wide", "There is a L1 compression fracture with some osteophyte formation in the "
     "lumbar spine.", "osteophyte", [None]),  # MTSamples
    ("spine-including-levels", "MRI confirms multiple compression fractures of the thoracolumbar spine including T12, "
     "L1 and L2.", "fracture", ["T12", "L1", "L2"]),  # MTSamples
    ("spine-wide-worst-at", "Degenerative changes of the lumbar spine, most marked at L4-5.", "spondylosis",
     [None, "L4-L5"]),
    ("vertebral-body-range", "Pathologic fractures T12- L2.", "fracture", ["T12", "L1", "L2"]),  # MTSamples
    ("vertebral-body-range-from-through", "Compression fractures from T12 through L2.", "fracture", ["T12", "L1", "L2"]),
    ("heading-range-to", "L1/2 to L3/4: normal disc appearances. No canal or foraminal stenosis.",
     "central_canal_stenosis", ["L1-L2", "L2-L3", "L3-L4"]),
    ("heading-with-parenthesis", "L3/4 (adjacent level): new 4 mm anterolisthesis of L3 on L4. Disc bulge with "
     "bilateral facet hypertrophy.", "disc_bulge", ["L3-L4"]),
    ("but-clause-no-level", "No disc herniation, but there is mild facet arthropathy at L4-5.", "disc_herniation",
     [None]),
]


@pytest.mark.parametrize("text, ftype, levels", [_param(c) for c in LEVELS])
def test_levels(findings_of, text, ftype, levels):
    fs = findings_of(text)
    got = [f.level for f in fs if f.type == ftype]
    assert got == levels, [(f.type, f.level, f.text) for f in fs]


ATTRS = [
    ("side-left-zone-paracentral", "Large left paracentral disc extrusion at L5-S1 compressing the left S1 nerve root.",
     "disc_extrusion", {"side": "left", "zone": "paracentral"}),
    ("Rt-paracentral-sudirman", "Rt paracentral disc protrusion noted at L4-L5 level, compressing the thecal sac.",
     "disc_protrusion", {"side": "right", "zone": "paracentral"}),
    ("far-lateral", "Far lateral disc herniation on the left at L3-4.", "disc_herniation",
     {"side": "left", "zone": "extraforaminal"}),
    ("subarticular", "Left subarticular disc protrusion at L4-5.", "disc_protrusion",
     {"side": "left", "zone": "subarticular"}),
    ("central", "Small central disc protrusion at L5-S1.", "disc_protrusion", {"side": "central", "zone": "central"}),
    ("bilateral", "Bilateral facet arthropathy at L4-5.", "facet_arthropathy", {"side": "bilateral"}),
    ("root-side", "Disc bulge at L5-S1 contacting the right S1 nerve root.", "nerve_root_contact", {"side": "right"}),
    ("both-roots-sudirman", "Diffuse disc bulge noted ar L4/L5 level ,mildly compressing the thecal sac and both exit "
     "nerve roots", "nerve_root_compression", {"side": "bilateral", "level": "L4-L5"}),
    ("more-to-left-sudirman", "L4-5: degenerative annular disc bulge is noted more to the left side compressing thecal sac.",
     "disc_bulge", {"side": "left"}),
    ("left-root-sudirman", "L4-5: degenerative annular disc bulge is noted more to the left side compressing thecal sac, "
     "compressing left nerve root and narrowing right neural foramen.", "nerve_root_compression", {"side": "left"}),
    ("right-foramen-sudirman", "L4-5: degenerative annular disc bulge is noted more to the left side compressing thecal "
     "sac, compressing left nerve root and narrowing right neural foramen.", "foraminal_stenosis", {"side": "right"}),
    ("severity-mild", "Mild disc bulge at L4-5.", "disc_bulge", {"severity": "mild"}),
    ("severity-minimal", "Minimal disc bulge at L3-4.", "disc_bulge", {"severity": "mild"}),
    ("severity-marked", "Marked spinal canal stenosis at L4-5.", "central_canal_stenosis", {"severity": "severe"}),
    ("severity-moderate-to-severe", "Moderate to severe central canal stenosis at L4-5.", "central_canal_stenosis",
     {"severity": "moderate-severe"}),
    ("severity-mildly-compressing-sudirman", "Diffuse disc bulge noted ar L4/L5 level ,mildly compressing the thecal sac",
     "thecal_sac_compression", {"severity": "mild"}),
    ("severity-side-foraminal", "Severe left foraminal stenosis at L5-S1.", "foraminal_stenosis",
     {"severity": "severe", "side": "left"}),
    ("grade-1", "Grade 1 anterolisthesis of L4 on L5.", "spondylolisthesis", {"grade": 1}),
    ("grade-II", "Grade II anterolisthesis of L5 on S1.", "spondylolisthesis", {"grade": 2}),
    ("size-mm", "Disc extrusion measuring 8 mm at L4-5.", "disc_extrusion", {"size_mm": 8.0}),
    ("size-cm", "A 1.2 cm synovial cyst at L4-5.", "synovial_cyst", {"size_mm": 12.0}),
    ("roots-named", "Large left paracentral disc extrusion at L5-S1 compressing the left S1 nerve root.",
     "nerve_root_compression", {"roots_named": ["S1"]}),
    ("severity-mild-to-moderate", "Mild-to-moderate bilateral neural foraminal narrowing at L5-S1.", "foraminal_stenosis",
     {"severity": "mild-moderate", "side": "bilateral"}),
    ("right-foraminal-protrusion", "Right foraminal disc protrusion at L4-5.", "disc_protrusion",
     {"side": "right", "zone": "foraminal"}),
    ("Lt-lateral-recess-sudirman", "Wide base disc bulge noted at L5/S1 level, extending to Lt lateral recess.",
     "disc_bulge", {"side": "left", "zone": "subarticular"}),
    ("side-of-the-next-finding", "L3/4: Disc bulge with bilateral facet hypertrophy.", "disc_bulge", {"side": None}),
    ("side-of-the-next-finding-2", "L3/4: Disc bulge with bilateral facet hypertrophy.", "facet_arthropathy",
     {"side": "bilateral"}),
    ("anatomy-word-gives-zone", "Disc bulge at L4-5 extending into the left neural foramen.",
     "disc_bulge", {"side": "left", "zone": "foraminal"}),
    ("anatomy-word-then-root", "Small disc protrusion at L5-S1 extending into the right lateral recess, contacting the "
     "traversing S1 nerve root.", "disc_protrusion", {"side": "right", "zone": "subarticular"}),
]


@pytest.mark.parametrize("text, ftype, attrs", [_param(c) for c in ATTRS])
def test_attributes(expect_finding, text, ftype, attrs):
    expect_finding(text, ftype, **attrs)


def test_one_finding_per_level_keeps_other_attributes(findings_of):
    fs = [f for f in findings_of("Moderate disc height loss at L4-5 and L5-S1.") if f.type == "disc_height_loss"]
    assert [(f.level, f.severity) for f in fs] == [("L4-L5", "moderate"), ("L5-S1", "moderate")]
    assert fs[0].start == fs[1].start and fs[0].text == fs[1].text


def test_section_and_offsets(findings_of):
    text = "FINDINGS:\nMild disc bulge at L4-5."
    (f,) = findings_of(text)
    assert f.section == "findings"
    assert text[f.start:f.end] == f.text == "disc bulge"
