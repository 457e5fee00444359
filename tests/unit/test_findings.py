"""lsmri_findings: target rules for every catalog type, with synonyms, abbreviations, misspellings and
British spellings (lexicons/findings/*.json). Sentences are from shared/gold, shared/external (Sudirman
notes, MTSamples, MedPix) or written per phrase family."""

import pytest



def describe(findings):
    return [(f.type, f.level, f.assertion, f.side, f.text) for f in findings]

CASES = [
    # (id, text, type)
    ("bulge", "Mild disc bulge at L4-5.", "disc_bulge"),
    ("bulging-disc", "There is a bulging disc at L3-4.", "disc_bulge"),
    ("annular-disc-bulge", "L4-5: degenerative annular disc bulge is noted more to the left side.", "disc_bulge"),
    ("wide-base-bulge", "Wide base disc bulges noted at L5/S1 level.", "disc_bulge"),
    ("protrusion", "small central  disc protrusion noted at L5-S1 level abutting the thecal sac.", "disc_protrusion"),
    ("extrusion", "Left paracentral disc extrusion at L5-S1.", "disc_extrusion"),
    ("extruded", "There is an extruded disc fragment at L4-5.", "disc_extrusion"),
    ("sequestered", "A sequestered disc fragment lies behind the L5 body.", "disc_sequestration"),
    ("free-fragment", "Free fragment posterior to L4.", "disc_sequestration"),
    ("herniation", "Disc herniation at L4-5.", "disc_herniation"),
    ("HNP", "HNP at L5-S1.", "disc_herniation"),
    ("herniated-disc", "Herniated disc at L4-5.", "disc_herniation"),
    ("annular-tear", "Annular tear at L4-5.", "annular_fissure"),
    ("HIZ", "High-intensity zone in the posterior annulus at L4-5.", "annular_fissure"),
    ("torn-annulus", "hyperintense signal within the annulus fibrosus which probably represents a torn annulus.",
     "annular_fissure"),
    ("DDD", "DDD at L4-5.", "disc_degeneration"),
    ("degenerative-disc-disease", "Degenerative disc disease at L5-S1.", "disc_degeneration"),
    ("vacuum", "Vacuum disc phenomenon at L5-S1.", "disc_degeneration"),
    ("desiccation", "Disc desiccation at L4-5.", "disc_desiccation"),
    ("dehydrated-sudirman", "dehydrated L4-5 and L5-S1 intervetrebral discs.", "disc_desiccation"),
    ("height-loss", "Loss of disc height at L5-S1.", "disc_height_loss"),
    ("disc-space-narrowing", "There is also slight narrowing of the L5-S1 disc space.", "disc_height_loss"),
    ("modic-1", "Modic type 1 endplate changes at L4-5.", "modic_1"),
    ("modic-2", "Modic type 2 changes at L5-S1.", "modic_2"),
    ("modic-3", "Modic type 3 endplate changes at L3-4.", "modic_3"),
    ("modic-nos", "Modic changes at L4-5.", "modic_nos"),
    ("schmorl", "Schmorl node in the superior endplate of L2.", "schmorl_node"),
    ("canal-stenosis", "Moderate spinal canal stenosis at L4-5.", "central_canal_stenosis"),
    ("canal-narrowing", "no significant spinal canal narrowing noted.", "central_canal_stenosis"),
    ("lateral-recess", "Narrowing of the left lateral recess at L4-5.", "lateral_recess_stenosis"),
    ("subarticular", "Left subarticular stenosis at L5-S1.", "lateral_recess_stenosis"),
    ("foraminal", "Mild bilateral neural foraminal narrowing at L4-5.", "foraminal_stenosis"),
    ("foraminal-sudirman", "compressing left nerve root and narrowing right neural foramen.", "foraminal_stenosis"),
    ("root-contact", "The protrusion contacts the traversing left S1 nerve root.", "nerve_root_contact"),
    ("root-abuts", "The disc abuts the right L5 nerve root.", "nerve_root_contact"),
    ("root-compression", "compressing left nerve root.", "nerve_root_compression"),
    ("root-compresing-typo", "There is disc bulge compresing the left L5 nerve root.", "nerve_root_compression"),
    ("root-impinged", "Impingement of the right L5 nerve root.", "nerve_root_compression"),
    ("thecal-sac", "Diffuse disc bulge noted at L4/L5 level, compressing the thecal sac.", "thecal_sac_compression"),
    ("thecal-indent", "broad based central disc bulge is noted indenting thecal sac.", "thecal_sac_compression"),
    ("cauda-equina", "Severe stenosis with crowding of the cauda equina.", "cauda_equina_compression"),
    ("facet-arthropathy", "Bilateral facet arthropathy at L4-5.", "facet_arthropathy"),
    ("facet-hypertrophy", "Facet hypertrophy at L5-S1.", "facet_arthropathy"),
    ("facet-effusion", "Small left facet effusion at L4-5.", "facet_effusion"),
    ("LF-hypertrophy", "Ligamentum flavum hypertrophy at L4-5.", "ligamentum_flavum_hypertrophy"),
    ("LF-typo-sudirman", "associated with ligamnetum flavum hyperatrophy.", "ligamentum_flavum_hypertrophy"),
    ("LF-thickening", "Thickening of the ligamentum flavum at L3-4.", "ligamentum_flavum_hypertrophy"),
    ("synovial-cyst", "Left facet synovial cyst at L4-5.", "synovial_cyst"),
    ("anterolisthesis", "Grade 1 anterolisthesis of L4 on L5.", "spondylolisthesis"),
    ("retrolisthesis", "Mild retrolisthesis of L5 on S1.", "spondylolisthesis"),
    ("spondylolisthesis-medpix", "Lateral radiograph shows grade 2 anterior spondylolisthesis at the level of L4/L5.",
     "spondylolisthesis"),
    ("pars-defect", "Bilateral pars defects at L5.", "spondylolysis"),
    ("spondylolysis", "Spondylolysis of L5.", "spondylolysis"),
    ("scoliosis", "Mild levoconvex scoliosis of the lumbar spine.", "scoliosis"),
    ("osteophytes", "Small anterior osteophytes at L3-4.", "osteophyte"),
    ("spurring", "Endplate spurring at L4-5.", "osteophyte"),
    ("spondylosis", "Lumbar spondylosis.", "spondylosis"),
    ("hemangioma", "Small hemangioma in the L2 vertebral body.", "hemangioma"),
    ("haemangioma-british", "Small haemangioma in the L2 vertebral body.", "hemangioma"),
    ("tarlov", "Tarlov cyst at S2.", "tarlov_cyst"),
    ("perineural-cyst", "Perineural cyst in the sacral canal.", "tarlov_cyst"),
    ("transitional", "Lumbosacral transitional vertebra.", "transitional_vertebra"),
    ("sacralization", "Partial sacralization of L5.", "transitional_vertebra"),
    ("compression-fracture", "Compression fracture involving the posterior aspect of L1.", "fracture"),
    ("wedging", "Lateral view shows anterior wedging of the L1 vertebral body.", "fracture"),
    ("metastasis", "Metastasis in the L3 vertebral body.", "neoplasm"),
    ("tumour-british", "There is a tumour in L3.", "neoplasm"),
    ("lytic-lesion-medpix", "Lytic lesion within the left posterior elements of the L3 vertebra.", "neoplasm"),
    ("discitis", "Discitis at L3-4.", "infection"),
    ("osteomyelitis", "Vertebral osteomyelitis at L2-3.", "infection"),
    ("epidural-abscess", "Epidural abscess at L4-5.", "infection"),
    ("laminectomy", "Status post L4-5 laminectomy.", "postoperative_change"),
    ("fusion-hardware", "Posterior fusion hardware from L4 to S1.", "postoperative_change"),
    ("oedema-british", "Endplate oedema at L4-5.", "modic_1"),
    ("foraminal-encroachment", "Foraminal encroachment at L4-5.", "foraminal_stenosis"),
    ("neuroforaminal", "Neuroforaminal narrowing at L5-S1.", "foraminal_stenosis"),
    ("bulging-annulus", "Bulging annulus at L4-5.", "disc_bulge"),
    ("disk-spelling", "Disk bulge at L4-5.", "disc_bulge"),
    ("facet-arthrosis", "Facet arthrosis at L4-5.", "facet_arthropathy"),
    ("facet-osteoarthritis", "Facet joint osteoarthritis at L4-5.", "facet_arthropathy"),
    ("herniated-nucleus-pulposus", "Herniated nucleus pulposus at L4-5.", "disc_herniation"),
    ("juxtafacet-cyst", "Juxtafacet cyst at L4-5.", "synovial_cyst"),
    ("pars-interarticularis", "Pars interarticularis defect at L5.", "spondylolysis"),
    ("osteophytic-ridging", "Osteophytic ridging at L4-5.", "osteophyte"),
    ("burst-fracture", "Burst fracture of L1.", "fracture"),
    ("vertebra-plana-medpix", "There is vertebra plana of L5, with edema and enhancement.", "fracture"),
    ("marrow-replacement", "Diffuse marrow replacement.", "neoplasm"),
    ("epidural-fibrosis", "Postoperative epidural fibrosis at L5-S1.", "postoperative_change"),
    ("perineurial-cyst", "Perineurial cyst at S2.", "tarlov_cyst"),
    ("lumbarization", "Lumbarization of S1.", "transitional_vertebra"),
    ("black-disc", "Black disc at L4-5.", "disc_desiccation"),
    ("desication-typo", "Desication at L4-5.", "disc_desiccation"),
    ("pfirrmann", "Pfirrmann grade IV disc at L4-5.", "disc_degeneration"),
    ("fatty-endplate", "Fatty endplate change at L4-5.", "modic_2"),
    ("endplate-sclerosis", "Endplate sclerosis at L4-5.", "modic_3"),
    ("intravertebral-herniation", "Intravertebral disc herniation at L2.", "schmorl_node"),
    ("clumping-cauda", "Clumping of the cauda equina.", "cauda_equina_compression"),
    ("perineural-fat-effaced", "Effacement of the perineural fat around the left L5 root.", "nerve_root_contact"),
    ("root-deflects", "The protrusion deflects the right S1 nerve root.", "nerve_root_compression"),
    ("spondylodiscitis", "Spondylodiscitis at L2-3.", "infection"),
    ("contained-herniation", "Contained herniation at L4-5.", "disc_protrusion"),
    ("migrated-fragment", "Migrated disc fragment at L4-5.", "disc_extrusion"),
    ("LF-abbrev", "LF hypertrophy at L4-5.", "ligamentum_flavum_hypertrophy"),
    ("LF-buckling", "Buckling of the ligamentum flavum at L4-5.", "ligamentum_flavum_hypertrophy"),
    ("protusion-typo", "Protusion at L4-5.", "disc_protrusion"),
    ("laminotomies", "Bilateral laminotomies at L4-5.", "postoperative_change"),
    ("pedicle-screws", "Pedicle screws at L4 and L5.", "postoperative_change"),
    ("loss-of-T2-disc-signal", "Loss of T2 disc signal.", "disc_desiccation"),
    ("NFN-abbrev", "Disc herniation, NFN at L4-5.", "foraminal_stenosis"),
    ("stenossis-typo", "Stenossis at L4-5.", "central_canal_stenosis"),
    ("herniaton-typo", "Herniaton at L4-5.", "disc_herniation"),
    # British and European wording
    ("degenerate-disc", "L5/S1: degenerate disc with loss of disc height.", "disc_degeneration"),
    ("degenerate-level-disc", "Degenerate L4/5 disc with active Modic change.", "disc_degeneration"),
    ("disc-is-degenerate", "At L4/5 the disc is degenerate.", "disc_degeneration"),
    ("disc-is-dark", "The L5/S1 disc is dark.", "disc_desiccation"),
    ("dehydrated-disc", "L4/5: dehydrated disc with moderate loss of height.", "disc_desiccation"),
    ("reduced-in-height", "The L5/S1 disc is mildly reduced in height.", "disc_height_loss"),
    ("endplate-changes", "Endplate changes at L4/5.", "modic_nos"),
    ("disc-osteophyte-complex", "L3/4: Disc-osteophyte complex with mild canal narrowing.", "osteophyte"),
    ("disc-osteophyte-bar", "L2/3: Posterior disc osteophyte bar indenting the thecal sac.", "osteophyte"),
    ("root-compromised", "The exiting right L3 nerve root is compromised in the foramen.", "nerve_root_compression"),
    ("thecal-sac-deformed", "The dural sac is deformed.", "thecal_sac_compression"),
    ("spondylolysthesis-typo", "Grade 1 spondylolysthesis of L5 on S1.", "spondylolisthesis"),
    ("canal-and-foraminal-coordinated", "l2-l3: bulge, mild canal and mild bilat nf stenosis.", "central_canal_stenosis"),
    ("facet-oa", "l3-l4: bulge, lf hypertrophy, facet oa.", "facet_arthropathy"),
    ("dural-sac-pinched", "The dural sac was pinched at the L4-5 level from the listhesis.", "thecal_sac_compression"),
    ("transitional-lumbosacral-area", "There appears to be a transitional lumbosacral area.", "transitional_vertebra"),
    ("foramenal-typo", "Foramenal narrowing is mild on the right.", "foraminal_stenosis"),
]


@pytest.mark.parametrize("text, ftype", [(t, f) for _, t, f in CASES], ids=[c[0] for c in CASES])
def test_type_detected(findings_of, text, ftype):
    fs = findings_of(text)
    assert ftype in {f.type for f in fs}, describe(fs)


@pytest.mark.parametrize(
    "text, wrong_type",
    [
        ("Small central disc protrusion at L5-S1.", "disc_herniation"),  # subtype named: no NOS herniation
        ("Left paracentral disc extrusion at L5-S1.", "disc_herniation"),
        ("Disc osteophyte complex at C5-6 and disc bulge.", "hemangioma"),
        ("Sagittal T2 weighted images.", "disc_desiccation"),
        ("Feature of muscle spasm.", "spondylosis"),
        ("About 7 cm mixed pelvic cyst noted, correlate with US.", "synovial_cyst"),  # Sudirman p8
        ("About 7 cm mixed pelvic cyst noted, correlate with US.", "tarlov_cyst"),
        ("Modic type 1 endplate changes at L5-S1.", "modic_nos"),  # typed: modic_1 only
        ("Type 1 Modic change at the L4/5 endplates.", "modic_nos"),
        ("Disc-osteophyte complex at L3-4.", "disc_bulge"),  # not described as bulging
    ],
    ids=["protrusion-not-herniation", "extrusion-not-herniation", "no-hemangioma", "T2-not-desiccation",
         "spasm-not-spondylosis", "pelvic-cyst-not-synovial", "pelvic-cyst-not-tarlov",
         "typed-modic-not-nos", "type-1-modic-change-not-nos", "disc-osteophyte-not-bulge"],
)
def test_no_spurious_type(findings_of, text, wrong_type):
    fs = findings_of(text)
    assert wrong_type not in {f.type for f in fs}, describe(fs)


def test_findings_in_text_order(findings_of):
    fs = findings_of("Mild disc bulge at L3-4. Left foraminal stenosis at L4-5. Grade 1 anterolisthesis of L5 on S1.")
    assert [f.type for f in fs] == ["disc_bulge", "foraminal_stenosis", "spondylolisthesis"]
    assert [f.start for f in fs] == sorted(f.start for f in fs)


def test_every_catalog_type_detectable(findings_of):
    """One sentence from CASES per catalog type detects it (the catalog is fully covered)."""
    from nlp.model import FINDING_TYPES

    covered = {f for _, _, f in CASES}
    assert set(FINDING_TYPES) - covered == set()


CARDIAC_NOTE = (
    "HISTORY OF PRESENT ILLNESS: The patient is a 67-year-old man with chest pain on exertion. "
    "CARDIAC CATHETERIZATION: The left main is normal. There is a severe mid-LAD lesion of 99% and a moderate "
    "proximal circumflex stenosis of 60%. The right coronary artery is dominant with a 40% lesion. "
    "ASSESSMENT: Two-vessel coronary artery disease. Aortic valve stenosis, mild. "
    "PLAN: Referral for coronary artery bypass grafting. Risks including infection and bleeding were discussed.")


def test_a_note_that_names_no_part_of_the_spine_has_no_lumbar_finding(findings_of):
    assert len(CARDIAC_NOTE) > 400
    assert findings_of(CARDIAC_NOTE) == []


def test_a_short_draft_without_spine_words_is_still_read(findings_of):
    # a radiologist's first typed sentence: too short to judge what the text is about
    assert [(f.type, f.assertion) for f in findings_of("No acute fracture.")] == [("fracture", "absent")]
