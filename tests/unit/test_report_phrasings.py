"""Phrase families of US lumbar MRI/CT reports that a probe of common wording found wrong, now fixed.

Each case: a report sentence, and findings (type, level, side, severity, assertion) that must be among the
output; ``absent_types`` lists types that must not be read as present.
"""

import pytest

CASES = [
    # negation ends at ";" and at ", with": the finding after it is present
    ("semicolon-ends-negation", "No disc herniation; severe canal stenosis at L4-5 with crowding of the cauda equina.",
     [("disc_herniation", None, None, None, "absent"), ("central_canal_stenosis", "L4-L5", None, "severe", "present"),
      ("cauda_equina_compression", "L4-L5", None, None, "present")]),
    ("comma-with-ends-negation",
     "No significant canal stenosis, with a large left paracentral extrusion compressing the left S1 nerve root.",
     [("central_canal_stenosis", None, None, None, "absent"), ("disc_extrusion", None, "left", None, "present"),
      ("nerve_root_compression", None, "left", None, "present")]),
    ("without-then-with", "Mild disc bulge without stenosis, with moderate facet arthropathy.",
     [("disc_bulge", None, None, "mild", "present"), ("central_canal_stenosis", None, None, None, "absent"),
      ("facet_arthropathy", None, None, "moderate", "present")]),
    # different severities by side: one finding per side
    ("severity-per-side", "Severe right and moderate left foraminal narrowing at L5-S1.",
     [("foraminal_stenosis", "L5-S1", "right", "severe", "present"),
      ("foraminal_stenosis", "L5-S1", "left", "moderate", "present")]),
    # cauda equina nerve roots
    ("cauda-equina-roots-compressed", "Cauda equina nerve roots are compressed at L3-4.",
     [("cauda_equina_compression", "L3-L4", None, None, "present")]),
    ("crowding-of-cauda-equina-roots", "Crowding of the cauda equina nerve roots at L4-5.",
     [("cauda_equina_compression", "L4-L5", None, None, "present")]),
    # severities that differ by level, written as an ellipsis
    ("severity-per-level", "Moderate canal stenosis at L3-4 and severe at L4-5.",
     [("central_canal_stenosis", "L3-L4", None, "moderate", "present"),
      ("central_canal_stenosis", "L4-L5", None, "severe", "present")]),
    ("severity-per-level-chain", "Mild facet arthropathy at L3-4, moderate at L4-5 and severe at L5-S1.",
     [("facet_arthropathy", "L3-L4", None, "mild", "present"), ("facet_arthropathy", "L4-L5", None, "moderate", "present"),
      ("facet_arthropathy", "L5-S1", None, "severe", "present")]),
    ("root-contact-not-displacing", "The protrusion contacts but does not displace the traversing left S1 nerve root.",
     [("nerve_root_contact", None, "left", None, "present"), ("nerve_root_compression", None, "left", None, "absent")]),
    # attributes after a comma or a verb phrase
    ("cyst-arising-from-right-facet", "Synovial cyst arising from the right L4-5 facet joint.",
     [("synovial_cyst", "L4-L5", "right", None, "present")]),
    ("symptom-side-not-copied", "Severe intractable left leg pain from a large extruded herniated disc at L5-S1.",
     [("disc_extrusion", "L5-S1", None, None, "present")]),
    ("height-and-signal", "Decreased disc height and signal at L4-5.",
     [("disc_height_loss", "L4-L5", None, None, "present"), ("disc_desiccation", "L4-L5", None, None, "present")]),
    ("no-marrow-lesions", "No worrisome marrow lesions.", [("neoplasm", None, None, None, "absent")]),
    # structure-label lines
    ("foramina-label-line", "Foramina: Severe left narrowing at L5-S1.",
     [("foraminal_stenosis", "L5-S1", "left", "severe", "present")]),
    ("facets-label-line", "Facets: Moderate hypertrophy at L4-5.",
     [("facet_arthropathy", "L4-L5", None, "moderate", "present")]),
    # loss of vertebral body height is a fracture, loss of disc height is not
    ("vertebral-height-loss", "25% anterior height loss of T12.", [("fracture", "T12", None, None, "present")]),
    ("disc-height-loss", "Mild loss of disc height at L4-5.",
     [("disc_height_loss", "L4-L5", None, "mild", "present")]),
    # hedges after the finding
    ("cannot-be-entirely-excluded", "A small extrusion cannot be entirely excluded at L5-S1.",
     [("disc_extrusion", "L5-S1", None, None, "possible")]),
    # severity after the verb
    ("severity-after-verb", "Canal stenosis at L4-5 is severe.",
     [("central_canal_stenosis", "L4-L5", None, "severe", "present")]),
    # endplate oedema, transitional anatomy, lateral recess wording
    ("marrow-edema-endplates", "Marrow edema along the L4-5 endplates.", [("modic_1", "L4-L5", None, None, "present")]),
    ("transitional-anatomy", "Transitional lumbosacral anatomy.",
     [("transitional_vertebra", None, None, None, "present")]),
    ("subarticular-zone-stenosis", "Subarticular zone stenosis on the left at L4-5.",
     [("lateral_recess_stenosis", "L4-L5", "left", None, "present")]),
    # an old fracture seen on this study is present
    ("old-healed-fracture", "Old healed compression fracture of L1.", [("fracture", "L1", None, None, "present")]),
    # sites outside the spine
    ("hip-fracture", "No hip fracture is seen. Left femoral neck fracture.", []),
    ("inguinal-hernia", "Right inguinal hernia containing a loop of small bowel.", []),
    ("lung-mass", "Left upper lobe lung mass with bilateral pulmonary nodules.", []),
    # root relations written as a relative clause
    ("roots-which-appear-retracted",
     "Granulation tissue around the left L4-5 and S1 nerve roots, which appear to be retracted posteriorly.",
     [("nerve_root_compression", "L4-L5", "left", None, "present")]),
    # levels: "L5 over S1", lumbosacral, L5S1, radiculopathy names a root not a level
    ("listhesis-over", "Grade I spondylolisthesis of L5 over S1 due to bilateral pars defect.",
     [("spondylolisthesis", "L5-S1", None, None, "present")]),
    ("lumbosacral-disc-space", "Slight narrowing of the lumbosacral disc space.",
     [("disc_height_loss", "L5-S1", None, "mild", "present")]),
    ("level-without-separator", "Disc protrusion at L5S1.", [("disc_protrusion", "L5-S1", None, None, "present")]),
    ("radiculopathy-is-not-a-level", "Lumbar spinal stenosis, and clinical right L2 radiculopathy.",
     [("central_canal_stenosis", None, None, None, "present")]),
    # checklist templates: "Canal: mild narrowing. Foramina: right patent, left mildly narrowed."
    ("label-line-canal", "L4-L5: Disc: small central protrusion. Canal: mild narrowing. Foramina: patent.",
     [("central_canal_stenosis", "L4-L5", None, "mild", "present"), ("foraminal_stenosis", "L4-L5", None, None, "absent")]),
    ("label-line-foramina-comma", "L5-S1: Canal: moderate stenosis. Foramina: right patent, left mildly narrowed.",
     [("foraminal_stenosis", "L5-S1", "left", "mild", "present")]),
    ("normal-after-comma-is-not-backward", "L4-5: There is fusion of the facet joints, normal central canal.",
     [("central_canal_stenosis", "L4-L5", None, None, "absent")]),
    # no NOS herniation where the subtype is named (findings.md)
    ("herniation-with-sequestered-fragment", "At L4-L5 level, there is a large left paramedian disc herniation with a "
     "sequestrated fragment which is migrated caudally.", [("disc_sequestration", "L4-L5", "left", None, "present")]),
    ("herniation-and-protrusion-other-levels", "Disc herniation at L4-5 and a small protrusion at L5-S1.",
     [("disc_herniation", "L4-L5", None, None, "present"), ("disc_protrusion", "L5-S1", None, None, "present")]),
    # the items of a differential diagnosis are possible
    ("differential-section", "Findings: Expansile lesion of the L3 vertebral body.\n\nDifferential diagnosis:\n"
     "- Metastatic disease\n- Atypical hemangioma\n- Pyogenic spondylodiscitis",
     [("neoplasm", None, None, None, "possible"), ("hemangioma", None, None, None, "possible"),
      ("infection", None, None, None, "possible")]),
    # not findings of the lumbar spine: risks, plans, other organs and joints, the cervical spine
    ("risk-list", "The associated risks of the procedure, including anesthesia complications, fracture, vascular "
     "accidents, disc herniation and post-procedure discomfort, were thoroughly discussed.", []),  # MTSamples
    ("candidate-for-procedure", "At this point, I believe the patient is a good candidate for L5 kyphoplasty.", []),
    ("carotid-stenosis", "60% to 80% stenosis of the left internal carotid artery.", []),
    ("urinary-infection", "She has a urinary tract infection currently.", []),
    ("tongue-protrudes", "Cranial nerves IX, X, and XII, tongue protrudes midline.", []),
    ("knee-osteoarthritis", "She does have severe osteoarthritis of the left knee.", []),
    ("no-hardware-shift", "The radiographs demonstrate appropriate positioning of the instrumentation, no hardware "
     "shift.", [("postoperative_change", None, None, None, "present")]),  # MTSamples
    ("far-negation-is-not-about-anatomy", "When no other fragments could be removed from the disk space, no other "
     "fragments were felt in the central canal under the longitudinal ligament.", []),  # MTSamples
    ("fractured-catheter", "Fractured and retained lumbar subarachnoid spinal catheter.", []),  # MTSamples
    ("fractured-screw", "There is a fracture of the left L5 pedicle screw.", []),
    ("fracture-and-screws-elsewhere", "Compression fracture of L1 with pedicle screws at L4-5.",
     [("fracture", "L1", None, None, "present")]),
    ("subject-at-level-copula", "Both lateral recesses at L4-L5 are obliterated. The central canal at L4-5 is "
     "moderately narrowed. The neural foramina at L3-4 are not narrowed.",
     [("lateral_recess_stenosis", "L4-L5", "bilateral", "severe", "present"),
      ("central_canal_stenosis", "L4-L5", None, "moderate", "present"),
      ("foraminal_stenosis", "L3-L4", None, None, "absent")]),
    ("ddd-of-the-hip", "Degenerative disk disease of the right hip, symptomatic.", []),  # MTSamples
    ("lumbar-and-hip", "Lumbar spondylosis and hip osteoarthritis.", [("spondylosis", None, None, None, "present")]),
    ("cervical-stenosis", "Longstanding history of cervical spinal stenosis. Lumbar spinal stenosis at L4-5.",
     [("central_canal_stenosis", "L4-L5", None, None, "present")]),
    ("ligamentum-flavum-resected", "First the ligamentum flavum was resected using a large Kerrison.", []),
    # a one-line comparison section ends at its line
    ("comparison-one-line", "MRI L-spine.\nClinical: Chronic LBP.\nComparison: none.\nAlignment normal. Small Schmorl's "
     "nodes at the inferior endplates of T12 and L1.\nL3/4: mild disc bulge.",
     [("schmorl_node", "L1", None, None, "present"), ("disc_bulge", "L3-L4", None, "mild", "present")]),
    ("comparison-wrapped-line", "COMPARISON: Prior MRI of 2019 demonstrated\na large disc extrusion at L5-S1.",
     [("disc_extrusion", "L5-S1", None, None, "historical")]),
    # a generic lesion / mass that the sentence goes on to call something else is that thing, not a neoplasm
    ("lesion-most-likely-hemangioma", "There is a T1 and T2 hyperintense lesion in the L2 vertebral body, most likely "
     "a hemangioma.", [("hemangioma", "L2", None, None, "possible")]),
    ("lesion-next-sentence-it-is", "There is a lesion in the L1 vertebral body. It is most likely a hemangioma.",
     [("hemangioma", "L1", None, None, "possible")]),
    ("mass-appears-to-be-disc", "An MRI of the lumbar spine has demonstrated a mass in the left L3 foramen displacing "
     "the nerve root, which appears to be a foraminal disc herniation effacing the L3 nerve root.",  # MTSamples
     [("disc_herniation", "L3-L4", None, None, "present")]),
    ("mass-consistent-with-infection", "High signal intensity mass anterior to thoracic vertebrae, high signal "
     "intensity in the disc space and in the thoracic vertebrae at this level are consistent with infection.",
     [("infection", None, None, None, "present")]),  # MedPix
    ("lesion-cyst", "Small cystic lesion at the left L4-5 facet, consistent with a synovial cyst.",
     [("synovial_cyst", "L4-L5", None, None, "present")]),
    ("lesion-metastasis-not-excluded", "A 1 cm lesion in the L3 vertebral body is indeterminate; metastasis cannot be "
     "excluded.", [("neoplasm", "L3", None, None, "possible")]),
    ("lesion-stays-a-lesion", "Lytic lesion in L3. Disc bulge at L4-5 likely degenerative.",
     [("neoplasm", "L3", None, None, "present")]),
    # a definite description refers to the one level of the sentence before
    ("definite-foramen-takes-previous-level",
     "A left paracentral protrusion is seen at L5-S1 narrowing the left lateral recess.  The traversing root on the "
     "left is displaced at that level.  The left foramen is moderately narrowed.",
     [("foraminal_stenosis", "L5-S1", "left", "moderate", "present")]),
    ("definite-thecal-sac-takes-previous-level",
     "Broad-based disc bulge at L3-4. The thecal sac is mildly effaced.",
     [("thecal_sac_compression", "L3-L4", None, "mild", "present")]),
    # ... but not the level of a range, nor across a blank line
    ("definite-not-after-range", "Abnormal T2 signal extending from T12 through L5. This causes displacement of the nerve roots.",
     [("nerve_root_compression", None, None, None, "present")]),
    ("definite-not-across-paragraphs", "Mild disc bulge at L4-5.\n\nThe neural foramina are mildly narrowed.",
     [("foraminal_stenosis", None, "bilateral", "mild", "present")]),
    # a paragraph that names one level, then describes what is at it
    ("paragraph-about-one-level",
     "FINDINGS:\nThere is moderate disc space narrowing at the L5-S1 level with endplate changes.  A disc osteophyte "
     "complex narrows the left lateral recess.  There is mild neural foraminal stenosis.\n\nAt the L4-5 level, "
     "there is a small disc bulge.",
     [("foraminal_stenosis", "L5-S1", None, "mild", "present"), ("lateral_recess_stenosis", "L5-S1", "left", None, "present"),
      ("disc_bulge", "L4-L5", None, None, "present")]),
    ("paragraph-level-only-after-it-is-named",
     "No foraminal stenosis.  There is a small disc bulge at L4-5.",
     [("foraminal_stenosis", None, None, None, "absent"), ("disc_bulge", "L4-L5", None, None, "present")]),
    # a lumbar study reports from the thoracolumbar junction (T10) down; upper and mid thoracic findings are not in it
    ("upper-thoracic-hemangioma-dropped", "Incidental hemangioma in the T3 vertebral body. Small hemangioma of L2.",
     [("hemangioma", "L2", None, None, "present")]),
    ("thoracolumbar-junction-kept", "Old compression fracture of T11. Disc bulges at T8-9 and L4-5.",
     [("fracture", "T11", None, None, "present"), ("disc_bulge", "L4-L5", None, None, "present")]),
    # the thecal sac has a side only when its own words give one
    ("thecal-sac-not-the-side-of-the-bulge",
     "L4-5: diffuse disc bulge seen more to the right side compressing thecal sac and the right nerve root.",
     [("disc_bulge", "L4-L5", "right", None, "present"), ("thecal_sac_compression", "L4-L5", None, None, "present"),
      ("nerve_root_compression", "L4-L5", "right", None, "present")]),
    ("thecal-sac-own-side", "A large extrusion at L5-S1 compresses the left side of the thecal sac.",
     [("thecal_sac_compression", "L5-S1", "left", None, "present")]),
    # "multiple neural foramina" are several levels, not both sides
    ("multiple-foramina-not-bilateral", "There is degenerative narrowing of multiple neural foramina.",
     [("foraminal_stenosis", None, None, None, "present")]),
    ("paragraph-level-not-to-the-next-line",
     "Lt paracentral disc protrusion noted at L5-S1 level, compressing the thecal sac.\nAdequate spinal canal.",
     [("disc_protrusion", "L5-S1", "left", None, "present"), ("central_canal_stenosis", None, None, None, "absent")]),
    # under a level heading, a vertebra of that segment names the segment
    ("heading-vertebra-names-the-segment",
     "L4-5: There is mild disc bulging. There is minimal narrowing of the lateral recesses of L5.",
     [("lateral_recess_stenosis", "L4-L5", "bilateral", "mild", "present")]),
    # two disc readings offered as alternatives: the second is a possibility
    ("bulge-or-protrusion", "At L3-4 there is broad based disc bulging or a small protrusion without stenosis.",
     [("disc_bulge", "L3-L4", None, None, "present"), ("disc_protrusion", "L3-L4", None, None, "possible")]),
    # vacuum in a facet joint is facet arthropathy, not disc degeneration
    ("facet-vacuum-is-not-disc", "L3-4: mild facet arthrosis with vacuum change on the left.",
     [("facet_arthropathy", "L3-L4", "left", "mild", "present")]),
    ("vacuum-in-the-facet-joint", "There is vacuum phenomenon in the right facet joint at L4-5.",
     [("facet_arthropathy", "L4-L5", "right", None, "present")]),
    ("disc-vacuum-stays-disc", "Advanced degenerative disc disease with vacuum phenomenon at L5-S1.",
     [("disc_degeneration", "L5-S1", None, None, "present")]),
    # a perineural (Tarlov) cyst sits on the root it names
    ("tarlov-cyst-on-a-root", "A 12 mm perineural cyst is seen along the left S2 nerve root.",
     [("tarlov_cyst", "S2", "left", None, "present")]),
    # a graded finding judged insignificant is there; an ungraded one "not significant" reads as no significant one
    ("graded-then-not-significant", "Minimal disc bulge at L3-4, not significant.",
     [("disc_bulge", "L3-L4", None, "mild", "present")]),
    ("ungraded-not-significant", "Canal stenosis is not significant.",
     [("central_canal_stenosis", None, None, None, "absent")]),
    # checklist lines whose value is a negation
    ("label-line-negated", "L4-5:\nCanal: No significant stenosis.\nForamina: No significant stenosis.",
     [("central_canal_stenosis", "L4-L5", None, None, "absent"), ("foraminal_stenosis", "L4-L5", None, None, "absent")]),
    # a level heading right after the indication opens the findings (no FINDINGS title)
    ("indication-then-level-heading", "INDICATION: Low back pain.\nL4-L5: Mild disc bulge.\nIMPRESSION: Mild bulge.",
     [("disc_bulge", "L4-L5", None, "mild", "present")]),
    # telegraphic reports: one-letter sides before a location word, abbreviations, short severities
    ("telegraphic-sides-and-abbreviations", "L5/S1: L paracentral extrusion, compresses L S1 root. Mod L NFN. Mild CCS.",
     [("disc_extrusion", "L5-S1", "left", None, "present"), ("nerve_root_compression", "L5-S1", "left", None, "present"),
      ("foraminal_stenosis", "L5-S1", "left", "moderate", "present"),
      ("central_canal_stenosis", "L5-S1", None, "mild", "present")]),
    ("telegraphic-lrs-height", "L4-5: sev ht loss. Mod R LRS.",
     [("disc_height_loss", "L4-L5", None, "severe", "present"), ("lateral_recess_stenosis", "L4-L5", "right", "moderate", "present")]),
    ("mild-mod-severity", "Mild-mod canal stenosis at L4-5.",
     [("central_canal_stenosis", "L4-L5", None, "mild-moderate", "present")]),
    # a leading question mark is a hedge, not the end of a sentence
    ("leading-question-mark", "? small central annular fissure at L5-S1.",
     [("annular_fissure", "L5-S1", "central", None, "possible")]),
    # the question asked of the study is no finding; a short indication title is history
    ("evaluate-for-is-a-question", "Reason: LBP, evaluate for stenosis.\nFindings: Normal alignment.", []),
    # a clinical question in the indication is a possibility (dev gold: a differential in the history is "possible")
    ("short-indication-title", "Ind: LBP, r/o stenosis.\nL4-5: Mild bulge.",
     [("central_canal_stenosis", None, None, None, "possible"), ("disc_bulge", "L4-L5", None, "mild", "present")]),
    ("reason-line-then-findings-labels", "Reason: LBP.\nAlignment: normal.\nConus: normal.\nSmall L4 hemangioma.",
     [("hemangioma", "L4", None, None, "present")]),
    # checklist lines whose value is only a side and a severity, and lateral recess / facet effusion lines
    ("label-lines-with-severity-only",
     "L4-5:\nForamina: right normal, left moderate.\nCentral canal: mild.\nLateral recesses: bilateral narrowing.\n"
     "Facets: small right effusion.",
     [("foraminal_stenosis", "L4-L5", "left", "moderate", "present"), ("central_canal_stenosis", "L4-L5", None, "mild", "present"),
      ("lateral_recess_stenosis", "L4-L5", "bilateral", None, "present"), ("facet_effusion", "L4-L5", "right", None, "present")]),
    ("root-may-be-contacted", "The right L5 root may be contacted at L4-5.",
     [("nerve_root_contact", "L4-L5", "right", None, "possible")]),
    ("degenerative-level-disc", "Degenerative L5-S1 disc with mild bulge.",
     [("disc_degeneration", "L5-S1", None, None, "present"), ("disc_bulge", "L5-S1", None, "mild", "present")]),
    # a level (or a range of levels) on a line of its own heads the lines below it
    ("level-line-without-colon",
     "Findings:\nL2-L3\n- Disc: Disc space narrowing.\n- Canal: Mild narrowing.\nL3-L4 through L5-S1\n- Disc: Mild bulges.",
     [("disc_height_loss", "L2-L3", None, None, "present"), ("central_canal_stenosis", "L2-L3", None, "mild", "present"),
      ("disc_bulge", "L3-L4", None, "mild", "present"), ("disc_bulge", "L5-S1", None, "mild", "present")]),
    # a line that opens with a level after a one-line indication is in the findings
    ("indication-then-table-row", "Indication: LBP.\nL4/L5    small disc bulge\nOther: Hemangioma in the L1 vertebral body.",
     [("disc_bulge", "L4-L5", None, None, "present"), ("hemangioma", "L1", None, None, "present")]),
    ("bare-heading-after-a-level-line",
     "L2-3 / L3-4: No disc abnormality.\nL4-5:\n Disc: Right subarticular extrusion.\n Lateral recesses: Severe right lateral "
     "recess stenosis; left patent.",
     [("disc_extrusion", "L4-L5", "right", None, "present"), ("lateral_recess_stenosis", "L4-L5", "right", "severe", "present")]),
    # canal narrowing from a lesion of a vertebral body is at that vertebra, not at the disc below
    ("canal-at-a-fractured-vertebra", "Acute L1 burst fracture with 4 mm retropulsion and moderate canal narrowing.",
     [("fracture", "L1", None, None, "present"), ("central_canal_stenosis", "L1", None, "moderate", "present")]),
    ("canal-at-a-vertebra-without-lesion-is-the-disc-below", "Mild canal stenosis at L4.",
     [("central_canal_stenosis", "L4-L5", None, "mild", "present")]),
    # a line that opens with a disc level heads it; a vertebra of that segment names the segment
    ("line-opening-with-a-level",
     "IMPRESSION:\nL3-4 mild facet arthrosis, with vacuum change on the right.\n\nL4-5 posterior disc bulging and "
     "narrowing of the lateral recesses of L5.",
     [("facet_arthropathy", "L3-L4", None, "mild", "present"), ("disc_bulge", "L4-L5", None, None, "present"),
      ("lateral_recess_stenosis", "L4-L5", "bilateral", None, "present")]),
    # the antecedent level skips a vertebral body named as a place; a side in the finding's own words wins
    ("antecedent-level-past-a-vertebral-body",
     "There is an L3-4 disc herniation extending behind the L4 vertebral body.  The disc lies more on the right than on "
     "the left and compromises the right neural foramen.",
     [("disc_herniation", "L3-L4", None, None, "present"), ("foraminal_stenosis", "L3-L4", "right", None, "present")]),
    ("list-of-anatomy-maintained", "Disc heights, signal, and vertebral body heights are maintained.",
     [("disc_height_loss", None, None, None, "absent"), ("disc_desiccation", None, None, None, "absent")]),
    # plans and offers of surgery are no postoperative change
    ("planned-surgery-is-no-finding", "If no improvement in 6 weeks, consider left L4-5 microdiscectomy.", []),
    ("offered-surgery-is-no-finding", "We offered L3-4 and L4-5 decompressive laminectomy.", []),
    # follow-up wording
    ("previously-noted-unchanged", "Previously noted right paracentral protrusion at L4-5 is unchanged.",
     [("disc_protrusion", "L4-L5", "right", None, "present")]),
    ("previously-described-stable", "The previously described fracture of L1 is stable.",
     [("fracture", "L1", None, None, "present")]),
    ("resolved-before-the-finding", "Resolved L5-S1 protrusion.", [("disc_protrusion", "L5-S1", None, None, "absent")]),
    ("partially-resolved-is-present", "The epidural phlegmon has partially resolved.", [("infection", None, None, None, "present")]),
    # levels: Schmorl nodes at endplates, a body expansion narrowing the canal, a level inside "loss of ... disc height"
    ("schmorl-nodes-at-interspaces", "Schmorl nodes are present at T11-T12 and T12-L1.",
     [("schmorl_node", "T11-T12", None, None, "present"), ("schmorl_node", "T12-L1", None, None, "present")]),
    ("canal-at-an-expanded-body", "The L3 vertebral body expansion mildly narrows the central canal.",
     [("central_canal_stenosis", "L3", None, "mild", "present")]),
    ("loss-of-level-disc-height", "Residual mild loss of L2-3 disc height.", [("disc_height_loss", "L2-L3", None, "mild", "present")]),
    ("height-loss-of-a-fractured-body", "L4 compression fracture with approximately 30% height loss.",
     [("fracture", "L4", None, None, "present")]),
    ("ddd-is-not-spondylosis", "Multilevel degenerative disc disease from L2-3 through L5-S1.",
     [("disc_degeneration", "L2-L3", None, None, "present"), ("disc_degeneration", "L5-S1", None, None, "present")]),
    # UK wording, adequate after the anatomy, the convex side of a curve
    ("nerve-root-canal-stenosis", "Bilateral nerve root canal stenosis at L4-5.",
     [("lateral_recess_stenosis", "L4-L5", "bilateral", None, "present")]),
    ("anatomy-then-adequate", "Canal and exit foramina adequate.",
     [("central_canal_stenosis", None, None, None, "absent"), ("foraminal_stenosis", None, None, None, "absent")]),
    ("scoliosis-concave-side", "Mild lumbar scoliosis concave to the right.", [("scoliosis", None, "left", "mild", "present")]),
    ("facet-arthropathy-or-effusion", "No facet arthropathy or effusion.",
     [("facet_arthropathy", None, None, None, "absent"), ("facet_effusion", None, None, None, "absent")]),
    # one side normal, the other narrowed, the second elliptical
    ("elliptical-other-side-foramen", "The right neural foramen is patent while the left is moderately narrowed.",
     [("foraminal_stenosis", None, "left", "moderate", "present")]),
    ("elliptical-other-side-recess", "The left lateral recess is normal, but the right is severely narrowed.",
     [("lateral_recess_stenosis", None, "right", "severe", "present")]),
    # misspellings seen in dictated and typed notes; posterocentral; plural hardware
    ("misspelled-findings", "Reduced disc hight at L3/L4. Lt paracentral disc extrution at L4-L5. Typical heamangioma noted in L2.",
     [("disc_height_loss", "L3-L4", None, None, "present"), ("disc_extrusion", "L4-L5", "left", None, "present"),
      ("hemangioma", "L2", None, None, "present")]),
    ("misspelled-severity", "Disc bulge at L4/L5 severly compressing thecal sac.",
     [("thecal_sac_compression", "L4-L5", None, "severe", "present")]),
    ("posterocentral", "Posterocentral disc protrusion at L5-S1.", [("disc_protrusion", "L5-S1", "central", None, "present")]),
    ("interbody-spacers", "Interbody spacers at L4-5 and L5-S1.",
     [("postoperative_change", "L4-L5", None, None, "present"), ("postoperative_change", "L5-S1", None, None, "present")]),
    # a terminating cue ends a backward scope too; a negated "not narrowed" after the anatomy
    ("semicolon-ends-backward-negation", "Left foraminal stenosis; the right foramen is not narrowed.",
     [("foraminal_stenosis", None, "left", None, "present"), ("foraminal_stenosis", None, "right", None, "absent")]),
    ("semicolon-ends-backward-hedge",
     "Severe left neural foraminal narrowing at L4-5; the left L4 nerve root is likely compressed.",
     [("foraminal_stenosis", "L4-L5", "left", "severe", "present"), ("nerve_root_compression", "L4-L5", "left", None, "possible")]),
    ("foramina-not-narrowed", "Foramina are not narrowed.", [("foraminal_stenosis", None, None, None, "absent")]),
    # the side of the place a disc or an osteophyte extends to; ", most pronounced on the right" still describes it
    ("osteophyte-extends-into-foramina-bilaterally",
     "Posterior osteophytes extend into the neural foramina bilaterally.",
     [("osteophyte", None, "bilateral", None, "present")]),
    ("most-pronounced-on-the-right", "There is a disc bulge at L4-5, most pronounced on the right.",
     [("disc_bulge", "L4-L5", "right", None, "present")]),
    # facet effusions joined to the arthropathy by "and" / "with" and a size word; the severity is the arthropathy's
    ("facet-arthropathy-and-small-joint-effusions", "Mild to moderate facet arthropathy and small joint effusions at L4-5.",
     [("facet_arthropathy", "L4-L5", None, "mild-moderate", "present"),
      ("facet_effusion", "L4-L5", "bilateral", None, "present")]),
    ("hypertrophic-facets-with-effusions", "L4-5: moderate facet hypertrophy with small bilateral joint effusions.",
     [("facet_arthropathy", "L4-L5", None, "moderate", "present"),
      ("facet_effusion", "L4-L5", "bilateral", None, "present")]),
    ("degenerative-facets-with-fluid", "Degenerative facet changes with joint fluid at L5-S1.",
     [("facet_arthropathy", "L5-S1", None, None, "present"), ("facet_effusion", "L5-S1", None, None, "present")]),
    # the facets described by a predicate, negated too
    ("facets-are-hypertrophied", "L5-S1: The facets are moderately hypertrophied.",
     [("facet_arthropathy", "L5-S1", None, "moderate", "present")]),
    ("facet-joints-are-not-hypertrophied", "The facet joints are not hypertrophied at L4-5.",
     [("facet_arthropathy", "L4-L5", None, None, "absent")]),
    # plural definite descriptions and "at both levels" refer to all the levels of the sentence before
    ("the-joints-of-the-levels-before",
     "Needles were placed into the facet joints at L34, L45, and L5S1.  The joints showed chronic facet arthrosis.",
     [("facet_arthropathy", "L3-L4", None, None, "present"), ("facet_arthropathy", "L4-L5", None, None, "present"),
      ("facet_arthropathy", "L5-S1", None, None, "present")]),
    ("at-both-levels", "Disc bulges are present at L3-4 and L4-5. There is mild foraminal narrowing at both levels.",
     [("foraminal_stenosis", "L3-L4", None, "mild", "present"), ("foraminal_stenosis", "L4-L5", None, "mild", "present")]),
    # "spinal stenosis, primarily lateral recess / mainly foraminal": the place named after the stenosis
    ("stenosis-primarily-lateral-recess",
     "Lumbar spinal stenosis, primarily lateral recess with intermittent lower extremity radiculopathy.",
     [("lateral_recess_stenosis", None, None, None, "present")]),
    ("stenosis-at-level-mainly-foraminal", "Moderate spinal stenosis at L4-5, mainly foraminal.",
     [("foraminal_stenosis", "L4-L5", None, "moderate", "present")]),
    # "less so at", "to a lesser degree at": the same finding at further levels
    ("less-so-at-levels", "MRI scan shows a very degenerated disk at L5-S1, less so at L3-L4 and L4-L5.",
     [("disc_degeneration", "L5-S1", None, None, "present"), ("disc_degeneration", "L3-L4", None, None, "present"),
      ("disc_degeneration", "L4-L5", None, None, "present")]),
    ("to-a-lesser-degree-at", "Moderate canal stenosis at L4-5, and to a lesser degree at L3-4.",
     [("central_canal_stenosis", "L4-L5", None, "moderate", "present"),
      ("central_canal_stenosis", "L3-L4", None, None, "present")]),
    # hardware or surgery at consecutive vertebrae is at the segments between them (a single vertebra stays)
    ("screws-at-two-vertebrae", "Radiographs demonstrate pedicle screw placement at L4 and L5 bilaterally.",
     [("postoperative_change", "L4-L5", None, None, "present")]),
    ("decompression-at-three-vertebrae", "Adequate decompression at L4, L5 and S1.",
     [("postoperative_change", "L4-L5", None, None, "present"), ("postoperative_change", "L5-S1", None, None, "present")]),
    ("single-vertebra-laminectomy", "There is a left L5 hemilaminectomy.",
     [("postoperative_change", "L5", "left", None, "present")]),
    # "free of" inside a relation span; "no more than mild" is mild; "to exclude X" is no finding
    ("foramina-free-of-encroachment", "The exit foramina are free of encroachment.",
     [("foraminal_stenosis", None, None, None, "absent")]),
    ("no-more-than-mild", "No more than mild bilateral foraminal narrowing at L4-5 and L5-S1.",
     [("foraminal_stenosis", "L4-L5", "bilateral", "mild", "present"),
      ("foraminal_stenosis", "L5-S1", "bilateral", "mild", "present")]),
    ("pars-stress-fracture", "Oedema in the left L5 pars suspicious for an evolving left L5 pars stress fracture.",
     [("spondylolysis", "L5", "left", None, "possible")]),
    ("recommended-to-exclude", "Follow-up radiographs are recommended to exclude progressive collapse.", []),
    # structured lines "L3-L4 - Disc: ...; Endplates: ...": the level heads the line; Pfirrmann III-V is degeneration
    ("level-dash-structured-line", "L3-L4 - Disc: Pfirrmann IV, height loss 40%. Endplates: Modic type 1.",
     [("disc_degeneration", "L3-L4", None, None, "present"), ("disc_height_loss", "L3-L4", None, None, "present"),
      ("modic_1", "L3-L4", None, None, "present")]),
    ("pfirrmann-ii-is-not-degeneration", "L1-L2 - Disc: Pfirrmann II. Canal: normal.", []),
    # a disc's degeneration has no side, whatever the table row says
    ("degeneration-has-no-side", "L4-L5 | bulge + facet hypertrophy, Pfirrmann IV | severe bilateral",
     [("disc_degeneration", "L4-L5", None, None, "present")]),
    # a label line whose value names sides: one finding per side, with its own severity and assertion
    ("label-sides-mild-r-none-l", "L4-5: Foramina: mild R, none L.",
     [("foraminal_stenosis", "L4-L5", "right", "mild", "present"), ("foraminal_stenosis", "L4-L5", "left", None, "absent")]),
    ("label-sides-nf-abbreviation", "L4-L5: NF: mild Lt, Rt patent.",
     [("foraminal_stenosis", "L4-L5", "left", "mild", "present"), ("foraminal_stenosis", "L4-L5", "right", None, "absent")]),
    ("label-sides-two-severities", "L3-L4: Lateral recesses: L severe, R mild.",
     [("lateral_recess_stenosis", "L3-L4", "left", "severe", "present"),
      ("lateral_recess_stenosis", "L3-L4", "right", "mild", "present")]),
    # telegraphic facet predicates; "+" joins the next finding; one-letter sides before "lat", "NF"
    ("facet-joints-show-arthropathy", "L3-L4: Facet joints show mild arthropathy.",
     [("facet_arthropathy", "L3-L4", None, "mild", "present")]),
    ("facets-mod-hypertrophied", "L5-S1: Facets mod hypertrophied.",
     [("facet_arthropathy", "L5-S1", None, "moderate", "present")]),
    ("plus-joins-next-finding", "L4-5: Broad bulge + R paracentral protrusion 5 mm, abuts R L5 root. R lat recess narrowed.",
     [("disc_bulge", "L4-L5", None, None, "present"), ("disc_protrusion", "L4-L5", "right", None, "present"),
      ("lateral_recess_stenosis", "L4-L5", "right", None, "present")]),
    ("plus-side-is-not-the-canal", "Imp: Sev L4/5 CCS + b/l LRS.",
     [("central_canal_stenosis", "L4-L5", None, "severe", "present")]),
    # a list of findings sharing one range; dorsal D12 is T12
    ("coordinated-list-shares-range",
     "Multilevel disc space narrowing, vacuum phenomenon and anterior osteophytes from L2-3 to L5-S1.",
     [("disc_height_loss", "L2-L3", None, None, "present"), ("disc_height_loss", "L5-S1", None, None, "present"),
      ("osteophyte", "L3-L4", None, None, "present")]),
    ("vitamin-d3-is-no-level", "Vitamin D3 deficiency; L5 hemangioma.", [("hemangioma", "L5", None, None, "present")]),
    ("dorsal-d12-is-t12", "Infective spondylodiscitis at D12-L1 level with moderate canal stenosis.",
     [("infection", "T12-L1", None, None, "present"), ("central_canal_stenosis", "T12-L1", None, "moderate", "present")]),
    ("rather-than-negates", "This represents a Schmorl's node rather than a fracture.",
     [("schmorl_node", None, None, None, "present"), ("fracture", None, None, None, "absent")]),
    ("discitis-at-the-segment",
     "Marrow edema in the L2 and L3 vertebral bodies with erosion of the opposing endplates, compatible with discitis.",
     [("infection", "L2-L3", None, None, "present")]),
    # "X versus Y": both are possibilities (but "right versus left" is a side); "X absent."; follow-up wording
    ("versus-both-possible", "Right L4-5 synovial cyst versus facet effusion, narrowing the right lateral recess.",
     [("synovial_cyst", "L4-L5", "right", None, "possible"), ("facet_effusion", "L4-L5", None, None, "possible")]),
    ("right-versus-left-is-a-side", "The disc bulge at L4-5 is more prominent on the right versus left.",
     [("disc_bulge", "L4-L5", "bilateral", None, "present")]),
    ("x-absent-end-of-clause", "L5-S1: Facet arthropathy absent.", [("facet_arthropathy", "L5-S1", None, None, "absent")]),
    ("previously-seen-not-significantly-changed",
     "The previously seen left S1 perineural cyst is not significantly changed.",
     [("tarlov_cyst", "S1", "left", None, "present")]),
    ("previously-noted-no-increase", "The previously noted T12 haemangioma shows no increase in size.",
     [("hemangioma", "T12", None, None, "present")]),
    # mixed Modic types are both types; "type 2 changes"; "the disc is narrowed" is height loss
    ("mixed-modic-1-2", "Advanced L5-S1 disc degeneration with mixed Modic 1/2 endplate changes.",
     [("modic_1", "L5-S1", None, None, "present"), ("modic_2", "L5-S1", None, None, "present")]),
    ("type-1-and-2-modic", "Type 1 and 2 Modic changes at L5-S1.",
     [("modic_1", "L5-S1", None, None, "present"), ("modic_2", "L5-S1", None, None, "present")]),
    ("type-2-changes", "Modic type 1 changes at L4-5 and type 2 changes at L5-S1.",
     [("modic_1", "L4-L5", None, None, "present"), ("modic_2", "L5-S1", None, None, "present")]),
    ("disc-is-narrowed", "The L5-S1 disc is markedly narrowed and desiccated.",
     [("disc_height_loss", "L5-S1", None, "severe", "present"), ("disc_desiccation", "L5-S1", None, None, "present")]),
    ("disc-is-not-narrowed", "L3-4: The disc is not narrowed.", [("disc_height_loss", "L3-L4", None, None, "absent")]),
    # nerve roots said to be free / unaffected; a root named in passing bounds no window; root tension is a sign
    ("exiting-roots-are-free", "L5-S1: The exiting L5 roots are free.",
     [("nerve_root_compression", "L5-S1", None, None, "absent")]),
    ("root-is-unaffected", "The right S1 nerve root is unaffected.",
     [("nerve_root_compression", None, "right", None, "absent")]),
    ("root-named-in-passing", "Left L5 hemilaminectomy with scar around the left L5 nerve root.",
     [("postoperative_change", "L5", "left", None, "present")]),
    ("root-tension-sign", "There was no true root tension sign on straight leg raising.", []),
    # a typed Modic change in the same sentence replaces the untyped one; "within the disks at"; "to a moderate
    # degree" belongs to the finding before
    ("modic-type-named-in-brackets", "There is fatty degenerative endplate signal change at L4-5 (Modic type 2).",
     [("modic_2", "L4-L5", None, None, "present")]),
    ("within-the-disks-at",
     "There is disk space narrowing to a moderate degree at L3-4 and L4-5 with diffuse loss of T2 signal within the "
     "disks at L2-3 through L5-S1.",
     [("disc_height_loss", "L3-L4", None, "moderate", "present"), ("disc_desiccation", "L2-L3", None, None, "present"),
      ("disc_desiccation", "L5-S1", None, None, "present"), ("disc_desiccation", "L4-L5", None, None, "present")]),
    ("disc-is-hypoplastic-and-narrowed", "L5-S1:  The disk is hypoplastic and narrowed.",
     [("disc_height_loss", "L5-S1", None, None, "present")]),
    # myelogram wording; "to a mild degree at" as a further level; "at both levels" after the levels it refers to
    ("myelographic-block", "This demonstrated a complete block to contrast flow at L3-4 due to a large disc extrusion.",
     [("central_canal_stenosis", "L3-L4", None, "severe", "present")]),
    ("partial-myelographic-block", "Partial block to contrast flow at L4-5.",
     [("central_canal_stenosis", "L4-L5", None, None, "present")]),
    ("contrast-column-effaced", "The contrast column is mildly effaced ventrally at L5-S1.",
     [("thecal_sac_compression", "L5-S1", None, "mild", "present")]),
    ("medial-branch-blocks-are-no-finding", "Diagnostic medial branch blocks were recommended.", []),
    ("to-a-mild-degree-at", "There is disk space narrowing to a severe degree at L5-S1 and to a mild degree at L3-4.",
     [("disc_height_loss", "L5-S1", None, "severe", "present"), ("disc_height_loss", "L3-L4", None, "mild", "present")]),
    ("at-both-levels-after-them",
     "The L4-5 and L5-S1 levels could not be assessed, although CT showed facet arthropathy at both levels.",
     [("facet_arthropathy", "L4-L5", None, None, "present"), ("facet_arthropathy", "L5-S1", None, None, "present")]),
    # terse-note phrasings: "multilevel" of the finding before; vertebrae side by side; height and T2 signal; the wall
    # of a collapsed body
    ("multilevel-of-the-finding-before", "multilevel DDD from L2-L3 to L5-S1 with disc desiccation",
     [("disc_desiccation", "L2-L3", None, None, "present"), ("disc_desiccation", "L5-S1", None, None, "present")]),
    ("multilevel-shared-by-coordination", "Her MRI shows stenosis at L4-5 with multilevel facet arthropathy and spondylitic changes.",
     [("spondylosis", None, None, None, "present")]),
    ("vertebrae-side-by-side", "multiple marrow lesions involving L2 L4 and S1 vertebrae likely metastases",
     [("neoplasm", "L2", None, None, "possible"), ("neoplasm", "L4", None, None, "possible"),
      ("neoplasm", "S1", None, None, "possible")]),
    ("loss-of-disc-height-and-t2-signal", "DDD at L4-L5 and L5-S1 levels with loss of disc height and T2 signal",
     [("disc_desiccation", "L4-L5", None, None, "present"), ("disc_desiccation", "L5-S1", None, None, "present")]),
    ("bulge-of-the-posterior-wall",
     "pathological collapse of L2 vertebral body with posterior bulge of the posterior wall compressing the thecal sac",
     [("fracture", "L2", None, None, "present")]),
    ("hypertrophy-of-the-flavum-and-facets",
     "There was marked hypertrophy of the ligamentum flavum and facets at L4-L5.",
     [("ligamentum_flavum_hypertrophy", "L4-L5", None, "severe", "present"),
      ("facet_arthropathy", "L4-L5", None, "severe", "present")]),
    ("decreased-level-disc-space-height", "Radiographs show decreased L5-S1 disc space height.",
     [("disc_height_loss", "L5-S1", None, None, "present")]),
    ("listhesis-has-no-side", "Grade 1 anterolisthesis of L5 on S1 secondary to bilateral L5 spondylolysis.",
     [("spondylolisthesis", "L5-S1", None, None, "present"), ("spondylolysis", "L5", "bilateral", None, "present")]),
    # surgery in the past: "post-laminectomy syndrome", "surgery for X"; findings of other joints and bones
    ("post-laminectomy-syndrome", "Lumbar scoliosis, post laminectomy syndrome.",
     [("postoperative_change", None, None, None, "historical")]),
    ("postlaminectomy-changes", "Postlaminectomy changes at L4-5.", [("postoperative_change", "L4-L5", None, None, "present")]),
    ("surgery-for-x-is-historical", "He is status post previous lumbar surgery for herniated disk.",
     [("disc_herniation", None, None, None, "historical")]),
    ("degenerative-changes-of-the-hands", "Degenerative changes are noted in the joints of the hands, knees and ankles.", []),
    # follow-up wording: the grade it is now, findings of the prior study, what is gone
    ("grade-now", "L3-4: progression of central canal stenosis, now moderate.",
     [("central_canal_stenosis", "L3-L4", None, "moderate", "present")]),
    ("grade-progressed-from-to", "L3-4: the stenosis has progressed from mild to moderate.",
     [("central_canal_stenosis", "L3-L4", None, "moderate", "present")]),
    ("grade-after-a-comma", "There is canal stenosis, moderate, at L4-5.",
     [("central_canal_stenosis", "L4-L5", None, "moderate", "present")]),
    ("grade-of-the-next-finding", "L4-5: Disc bulge, mild facet arthropathy.",
     [("disc_bulge", "L4-L5", None, None, "present"), ("facet_arthropathy", "L4-L5", None, "mild", "present")]),
    ("multilevel-graded-per-level", "Multilevel lumbar canal stenosis, severe at L3-4 and moderate at L4-5.",
     [("central_canal_stenosis", "L3-L4", None, "severe", "present"),
      ("central_canal_stenosis", "L4-L5", None, "moderate", "present")]),
    ("grade-per-side-after", "At L4-5 facet arthropathy is unchanged, moderate on the left and mild on the right.",
     [("facet_arthropathy", "L4-L5", "left", "moderate", "present"),
      ("facet_arthropathy", "L4-L5", "right", "mild", "present")]),
    ("root-no-longer-compressed", "L5-S1: the descending left S1 nerve root is no longer compressed.",
     [("nerve_root_compression", "L5-S1", "left", None, "absent")]),
    ("finding-on-the-prior-study", "On the prior study there was Modic type 1 endplate change at L4-5.",
     [("modic_1", "L4-L5", None, None, "historical")]),
    ("finding-removed", "The large central disc extrusion at L4/5 has been removed.",
     [("disc_extrusion", "L4-L5", "central", None, "absent")]),
    # a diagnosis of the region, and levels written right after a multilevel finding
    ("lumbar-spondylosis-with-levelled-findings", "Impression: Lumbar spondylosis with disc bulges at L4-5 and L5-S1.",
     [("spondylosis", None, None, None, "present"), ("disc_bulge", "L4-L5", None, None, "present")]),
    ("lumbar-spine-shows-degenerative-changes", "Lumbar spine shows degenerative changes. L3-4: mild bulge.",
     [("spondylosis", None, None, None, "present"), ("disc_bulge", "L3-L4", None, "mild", "present")]),
    ("region-diagnosis-with-its-level", "Severe lumbar spondylosis L5-S1, collapsed disk space.",
     [("spondylosis", "L5-S1", None, "severe", "present")]),
    ("multilevel-with-a-range-right-after", "Mild multilevel facet arthrosis L3/4 to L5/S1.",
     [("facet_arthropathy", "L3-L4", None, "mild", "present"), ("facet_arthropathy", "L4-L5", None, "mild", "present"),
      ("facet_arthropathy", "L5-S1", None, "mild", "present")]),
    # British and Indian wording, dash templates, attributes after a comma
    ("nil-negates", "L5-S1: Nil canal or foraminal stenosis.",
     [("central_canal_stenosis", "L5-S1", None, None, "absent"), ("foraminal_stenosis", "L5-S1", None, None, "absent")]),
    ("s-o-hedges", "L4-5: s/o moderate canal stenosis.",
     [("central_canal_stenosis", "L4-L5", None, "moderate", "possible")]),
    ("dash-template", "L4/5: Disc - broad-based bulge. Canal - mild. NF - R mod, L patent. LF - thickened.",
     [("disc_bulge", "L4-L5", None, None, "present"), ("central_canal_stenosis", "L4-L5", None, "mild", "present"),
      ("foraminal_stenosis", "L4-L5", "right", "moderate", "present"),
      ("ligamentum_flavum_hypertrophy", "L4-L5", None, None, "present")]),
    ("nf-patent-label", "L5-S1: NF: patent.", [("foraminal_stenosis", "L5-S1", None, None, "absent")]),
    ("side-and-zone-after-a-comma", "L4-5: Disc herniation, left foraminal.",
     [("disc_herniation", "L4-L5", "left", None, "present")]),
    ("asymmetric-to-a-side", "L4-5: Mild disc bulge, asymmetric to the left.",
     [("disc_bulge", "L4-L5", "left", "mild", "present")]),
    ("attributes-after-a-comma-belong-to-the-next-finding", "L4-5: disc bulge, left paracentral protrusion.",
     [("disc_bulge", "L4-L5", None, None, "present"), ("disc_protrusion", "L4-L5", "left", None, "present")]),
    ("obliterated-recess-is-severe", "The right subarticular recess is obliterated at L4-5.",
     [("lateral_recess_stenosis", "L4-L5", "right", "severe", "present")]),
    ("theca-is-the-thecal-sac", "L5-S1: disc bulge minimally indents the anterior theca.",
     [("thecal_sac_compression", "L5-S1", None, "mild", "present")]),
    ("ts-is-the-thecal-sac", "L4-5: diffuse disc bulge indenting TS.",
     [("thecal_sac_compression", "L4-L5", None, None, "present")]),
    ("no-neural-contact", "L4-5: small protrusion. No neural contact.",
     [("nerve_root_contact", "L4-L5", None, None, "absent")]),
    ("pars-intact", "The pars interarticulares are intact bilaterally.",
     [("spondylolysis", None, "bilateral", None, "absent")]),
    ("verb-shared-by-the-foramina", "L3-4: Diffuse disc bulge with posterocentral protrusion indenting thecal sac and "
     "bilateral neural foramina.", [("foraminal_stenosis", "L3-L4", "bilateral", None, "present")]),
    ("sacrum-is-not-at-the-heading-levels", "L1/2 to L4/5: Normal disc hydration. No sacral stress fracture.",
     [("fracture", None, None, None, "absent")]),
    ("described-lesions-take-the-hedge", "Sclerotic lesions at L1, L3 and S1, suspicious for metastatic disease.",
     [("neoplasm", "L1", None, None, "possible"), ("neoplasm", "S1", None, None, "possible")]),
    ("adjacent-segment-degeneration", "L3-4: Adjacent segment degeneration with moderate canal stenosis.",
     [("spondylosis", "L3-L4", None, None, "present")]),
    ("thecal-sac-and-cauda-not-compressed", "At L2 the thecal sac and cauda equina are not compressed.",
     [("cauda_equina_compression", "L2", None, None, "absent")]),
    ("discs-well-hydrated", "The L1/2 to L3/4 discs are well hydrated.",
     [("disc_desiccation", "L1-L2", None, None, "absent"), ("disc_desiccation", "L3-L4", None, None, "absent")]),
    # the canal is one midline space: a side said of the disc or the foramen beside it is not the canal's
    ("canal-takes-no-side", "L4-5: Left paracentral protrusion causing severe canal stenosis. Left foraminal narrowing.",
     [("central_canal_stenosis", "L4-L5", None, "severe", "present"), ("foraminal_stenosis", "L4-L5", "left", None, "present")]),
    ("clause-after-a-semicolon-keeps-the-level", "The exiting roots are seen. There is severe right L5-S1 foraminal "
     "stenosis with the exiting right L5 root flattened against the pedicle; moderate left foraminal narrowing without "
     "root deformity. L4-5 and above unremarkable.",
     [("nerve_root_compression", "L5-S1", "right", None, "present"), ("foraminal_stenosis", "L5-S1", "left", "moderate",
                                                                      "present"),
      ("nerve_root_compression", "L5-S1", "left", None, "absent")]),
    ("question-in-the-indication", "CLINICAL: Back pain. ?disc prolapse.\nFINDINGS: L4-5: mild bulge.",
     [("disc_herniation", None, None, None, "possible"), ("disc_bulge", "L4-L5", None, "mild", "present")]),
    ("contacted-but-not-compressed", "L4-5: moderate left lateral recess stenosis, with the traversing left L5 root "
     "contacted but not compressed.",
     [("nerve_root_contact", "L4-L5", "left", None, "present"), ("nerve_root_compression", "L4-L5", None, None, "absent")]),
    ("no-deformity-of-the-root", "L5-S1: moderate right foraminal narrowing, with effacement of perineural fat but no "
     "deformity of the exiting right L5 nerve root.", [("nerve_root_compression", "L5-S1", "right", None, "absent")]),
    ("osteophytes-of-a-hip-described-at-length",
     "Pelvic radiograph: moderate right hip osteoarthritis with joint-space narrowing and osteophytes.", []),
    ("knee-osteophytes-described-at-length",
     "Severe bilateral knee DJD with joint space narrowing medially and large osteophytes.", []),
    ("hip-then-spine-osteophytes", "Right hip osteoarthritis. Small anterior osteophytes at L4-5.",
     [("osteophyte", "L4-L5", None, None, "present")]),
    ("lesion-in-the-tibia", "There is a similar lesion in the right tibia.", []),
    # a side after the level ("L5-S1 on the left", "curve to the left"); abbreviations with a full stop
    ("side-after-the-level", "Herniated nucleus pulposus, L5-S1 on the left.",
     [("disc_herniation", "L5-S1", "left", None, "present")]),
    ("curve-to-the-left", "Scoliosis of the lumbar spine, curve to the left.", [("scoliosis", None, "left", None, "present")]),
    ("parasag-abbreviation", "Shallow left parasag. HNP at L5/S1.", [("disc_herniation", "L5-S1", "left", None, "present")]),
    ("lat-abbreviation", "Moderate R lat. recess stenosis at L4-5.",
     [("lateral_recess_stenosis", "L4-L5", "right", "moderate", "present")]),
    # a surgeon's retraction is no compression; imaged roots that "appear to be retracted" are
    ("root-retracted-at-surgery", "The nerve root was now retracted medially with a nerve root retractor.", []),
    ("roots-appear-retracted", "Granulation tissue around the left L4-5 and S1 nerve roots, which appear to be retracted posteriorly.",
     [("nerve_root_compression", "L4-L5", "left", None, "present")]),
    ("facet-joint-degenerative-disease", "There is facet joint degenerative disease at L5-S1, L3-L4, and L1-L2.",
     [("facet_arthropathy", "L5-S1", None, None, "present"), ("facet_arthropathy", "L1-L2", None, None, "present")]),
    # a hedge on a cause does not hedge the finding named as the cause; artefact and provisional diagnoses hedge
    ("likely-due-to-x", "Abnormal enhancement adjacent to the end-plates likely due to degenerative disk disease.",
     [("disc_degeneration", None, None, None, "present")]),
    ("could-be-related-to-x", "This could be related to the transitional lumbosacral area.",
     [("transitional_vertebra", None, None, None, "present")]),
    ("may-be-artifactual", "Apparent narrowing of the left L4-5 foramen may be artifactual.",
     [("foraminal_stenosis", "L4-L5", "left", None, "possible")]),
    ("provisional-diagnosis", "PROVISIONAL DIAGNOSIS: Lumbar Spine: Herniated Nucleus Pulposus.",
     [("disc_herniation", None, None, None, "possible")]),
    # "the fragment" refers to the disc of the sentence before; canal narrowed by tumour from a vertebral body
    ("the-fragment-of-the-sentence-before",
     "Massive central disc extrusion at L4-L5. The fragment occupies 80% of the canal, with compression of the cauda equina.",
     [("cauda_equina_compression", "L4-L5", None, None, "present")]),
    ("tumour-from-the-body-narrows-the-canal",
     "Epidural tumor extends from the posterior L3 body, causing severe canal stenosis at L3.",
     [("central_canal_stenosis", "L3", None, "severe", "present")]),
    ("permeative-lytic-change", "Permeative lytic change in the L3 vertebral body.", [("neoplasm", "L3", None, None, "present")]),
    ("osteolysis-around-screws", "Osteolysis around the L4 pedicle screws.", []),
    # a teaching file's general statement ("can present with", "can mimic") describes no finding of this patient
    ("teaching-discussion", "Aggressive hemangiomas may expand into the epidural space and can present with compression "
     "fractures; on MRI they can mimic metastases.", []),
    # height loss said of a fractured body is the fracture's; "separate from the lesion" is the mass already read
    ("height-loss-of-a-fracture-follow-up", "The L4 compression fracture is redemonstrated without change in height loss.",
     [("fracture", "L4", None, None, "present")]),
    ("separate-from-the-lesion",
     "There is a sausage-shaped intradural mass at the L2-L3 level. The conus medullaris terminates normally at L1 and "
     "is separate from the lesion.",
     [("neoplasm", "L2-L3", None, None, "present")]),
    # a side and grade per level before the finding; the other side graded after a one-sided negation
    ("side-per-level-list", "Moderate bilateral L3-4 and right L4-5 foraminal stenosis.",
     [("foraminal_stenosis", "L3-L4", "bilateral", "moderate", "present"),
      ("foraminal_stenosis", "L4-L5", "right", "moderate", "present")]),
    ("grade-and-side-per-level", "Severe left L4-5 and moderate right L5-S1 neural foraminal narrowing.",
     [("foraminal_stenosis", "L4-L5", "left", "severe", "present"),
      ("foraminal_stenosis", "L5-S1", "right", "moderate", "present")]),
    ("none-on-the-left-mild-on-the-right", "L5/S1:  No foraminal narrowing on the left; mild on the right.",
     [("foraminal_stenosis", "L5-S1", "left", None, "absent"), ("foraminal_stenosis", "L5-S1", "right", "mild", "present")]),
    # graded by the Schizas (canal) and Lee (foramen) systems of evidence.md, and terse template shorthand
    ("schizas-and-lee-grades", "L4-L5: Schizas D - extreme central canal stenosis. Foramina: left Lee grade 3, right "
     "Lee grade 2.",
     [("central_canal_stenosis", "L4-L5", None, "severe", "present"),
      ("foraminal_stenosis", "L4-L5", "left", "severe", "present"),
      ("foraminal_stenosis", "L4-L5", "right", "moderate", "present")]),
    ("lee-grade-without-colon", "L3-L4: Schizas B (moderate central canal stenosis). Foramina Lee grade 1 bilaterally.",
     [("central_canal_stenosis", "L3-L4", None, "moderate", "present"),
      ("foraminal_stenosis", "L3-L4", "bilateral", "mild", "present")]),
    ("terse-sten-and-bnfn", "L34: mild bulge, mild facet DJD; mild BNFN; no canal sten.\nL45: bulge w/ mild canal sten; "
     "L NFN mild-mod.",
     [("foraminal_stenosis", "L3-L4", "bilateral", "mild", "present"),
      ("central_canal_stenosis", "L3-L4", None, None, "absent"),
      ("central_canal_stenosis", "L4-L5", None, "mild", "present"),
      ("foraminal_stenosis", "L4-L5", "left", "mild-moderate", "present")]),
    ("tight-stenosis-is-severe", "L4-5: Tight canal stenosis.", [("central_canal_stenosis", "L4-L5", None, "severe", "present")]),
    ("abbreviated-grade-after-comma", "L4-5: foraminal narrowing, mild-mod.",
     [("foraminal_stenosis", "L4-L5", None, "mild-moderate", "present")]),
    ("side-letter-before-level", "R L3-4 far lateral protrusion. L S2 perineural cyst.",
     [("disc_protrusion", "L3-L4", "right", None, "present"), ("tarlov_cyst", "S2", "left", None, "present")]),
    # follow-up wording: a finding "seen on the prior study" that has changed type is the prior study's; one that
    # has only changed size is still there
    ("seen-on-the-prior-study-then-regressed",
     "L4-L5: The left paracentral disc extrusion seen on the prior study has regressed and the residual disc material "
     "now measures 3 mm, best described as a small left paracentral protrusion.",
     [("disc_extrusion", "L4-L5", "left", None, "historical"), ("disc_protrusion", "L4-L5", "left", None, "present")]),
    ("seen-on-the-prior-study-decreased", "The L4-5 disc extrusion seen on the prior study has decreased in size.",
     [("disc_extrusion", "L4-L5", None, None, "present")]),
    ("previously-seen-cyst-decreased", "L4-5: The previously seen left facet synovial cyst has decreased in size.",
     [("synovial_cyst", "L4-L5", "left", None, "present")]),
    # the fused levels named as a landmark are not the level of the findings beside them
    ("level-above-a-fusion", "At L3-L4, above the L4-S1 fusion: new grade 1 anterolisthesis and severe right foraminal "
     "stenosis impinging on the right L3 root.",
     [("spondylolisthesis", "L3-L4", None, None, "present"), ("foraminal_stenosis", "L3-L4", "right", "severe", "present"),
      ("nerve_root_compression", "L3-L4", "right", "severe", "present")]),
    # stress fractures of the pars are the spondylolysis, not a vertebral fracture
    ("pars-stress-fractures", "Bilateral L5 spondylolysis with bone marrow oedema, in keeping with active stress fractures.",
     [("spondylolysis", "L5", "bilateral", None, "present")]),
    ("as-seen-on-the-prior-study", "Mild facet arthropathy at L4-5, as seen on the prior MRI.",
     [("facet_arthropathy", "L4-L5", None, "mild", "present")]),
    # a named root in the plural is the root on both sides; a list of roots is not
    ("named-roots-plural-are-bilateral", "L5-S1: Broad disc bulge contacting but not displacing the S1 nerve roots.",
     [("nerve_root_contact", "L5-S1", "bilateral", None, "present")]),
    ("listed-roots-are-not-bilateral", "L4-5: The L4 and L5 nerve roots are compressed.",
     [("nerve_root_compression", "L4-L5", None, None, "present")]),
    ("modic-label-with-type", "Modic changes: Type 1 at L4-L5.", [("modic_1", "L4-L5", None, None, "present")]),
    ("plural-facet-effusions-are-bilateral", "Trace L4-L5 facet effusions.",
     [("facet_effusion", "L4-L5", "bilateral", "mild", "present")]),

    ("stenosis-protocol-is-a-title", "MRI LUMBAR SPINE - STENOSIS PROTOCOL\nL4-5: Mild disc bulge.",
     [("disc_bulge", "L4-L5", None, "mild", "present")]),
    # a root named without a side after the lesion that presses on it, in the same clause, is on the lesion's side
    ("root-on-the-side-of-its-lesion", "L4-5: Left paracentral protrusion compressing the traversing L5 nerve root.",
     [("nerve_root_compression", "L4-L5", "left", None, "present")]),
    ("root-on-the-side-of-its-lesion-past-a-tear",
     "L4-5: Left paracentral protrusion with an annular tear, contacting the descending L5 nerve root.",
     [("nerve_root_contact", "L4-L5", "left", None, "present")]),
    ("root-after-a-chain-of-participles", "Large left-sided L4/5 extruded disc fragment migrating inferiorly, narrowing "
     "the left subarticular recess and impinging upon the descending L5 root.",
     [("nerve_root_compression", "L4-L5", "left", None, "present")]),
    ("root-in-the-next-sentence-keeps-no-side", "L4-5: Right foraminal stenosis. The exiting L4 nerve root is compressed.",
     [("nerve_root_compression", "L4-L5", None, None, "present")]),
    # "the fracture" refers back to the vertebra named before; "at this level" to the disc level, not to a vertebra
    # named as a place
    ("the-fracture-refers-back", "New compression fracture of the L3 superior endplate with 25% height loss. The "
     "fracture has a benign appearance. Nothing to suggest an underlying neoplasm.",
     [("fracture", "L3", None, None, "present"), ("neoplasm", None, None, None, "absent")]),
    ("at-this-level-after-a-vertebra-as-place", "At L4/5 there is a massive central disc extrusion, with a separate "
     "sequestered fragment lying caudally behind the L5 vertebral body. There is severe compression of the cauda "
     "equina at this level.",
     [("cauda_equina_compression", "L4-L5", None, "severe", "present")]),
    ("at-this-level-after-a-fractured-vertebra", "Comminuted burst fracture of the L1 vertebral body. A retropulsed "
     "fragment narrows the spinal canal by 50% at this level (moderate to severe central canal stenosis).",
     [("fracture", "L1", None, None, "present"), ("central_canal_stenosis", "L1", None, "moderate-severe", "present")]),
    # infection of the opposing endplates of two vertebrae is of their segment
    ("discitis-of-opposing-endplates", "At L4-L5 there is marrow signal involving the opposing L4 and L5 endplates, "
     "with fluid signal within the disc, consistent with discitis-osteomyelitis.",
     [("infection", "L4-L5", None, None, "present")]),
    # "at any level", "at all levels", "throughout": the whole spine, not the level of the heading above
    ("at-any-level-is-the-whole-spine", "L5-S1: Mild bulge. No disc prolapse at any level.",
     [("disc_bulge", "L5-S1", None, "mild", "present"), ("disc_herniation", None, None, None, "absent")]),
    ("throughout-most-marked-at", "Facet joint degeneration is present at all lumbar levels, most marked at L4/5.",
     [("facet_arthropathy", None, None, None, "present"), ("facet_arthropathy", "L4-L5", None, None, "present")]),
    # speech-recognition slips
    ("faucet-arthropathy", "Mild faucet arthropathy at L3-4. No significant canal or for aminal stenosis.",
     [("facet_arthropathy", "L3-L4", None, "mild", "present"), ("foraminal_stenosis", "L3-L4", None, None, "absent")]),
]

NOT_PRESENT_LEVELS = {
    "upper-thoracic-hemangioma-dropped": [("hemangioma", "T3")],
    "thoracolumbar-junction-kept": [("disc_bulge", "T8-T9")],
}

NOT_PRESENT = {
    "described-lesions-take-the-hedge": ["neoplasm"],
    "planned-surgery-is-no-finding": ["postoperative_change"],
    "offered-surgery-is-no-finding": ["postoperative_change"],
    "height-loss-of-a-fractured-body": ["disc_height_loss"],
    "ddd-is-not-spondylosis": ["spondylosis"],
    "nerve-root-canal-stenosis": ["central_canal_stenosis"],
    "line-opening-with-a-level": ["disc_degeneration"],
    "evaluate-for-is-a-question": ["central_canal_stenosis"],
    "label-line-negated": ["central_canal_stenosis", "foraminal_stenosis"],
    "facet-vacuum-is-not-disc": ["disc_degeneration"],
    "vacuum-in-the-facet-joint": ["disc_degeneration"],
    "hip-fracture": ["fracture"],
    "inguinal-hernia": ["disc_herniation"],
    "lung-mass": ["neoplasm"],
    "lesion-most-likely-hemangioma": ["neoplasm"],
    "risk-list": ["fracture", "disc_herniation"],
    "candidate-for-procedure": ["postoperative_change"],
    "carotid-stenosis": ["central_canal_stenosis"],
    "urinary-infection": ["infection"],
    "tongue-protrudes": ["disc_protrusion"],
    "knee-osteoarthritis": ["spondylosis"],
    "ddd-of-the-hip": ["disc_degeneration"],
    "fractured-catheter": ["fracture"],
    "fractured-screw": ["fracture"],
    "far-negation-is-not-about-anatomy": [],  # nothing at all: checked in test_far_negation_reports_nothing
    "ligamentum-flavum-resected": ["ligamentum_flavum_hypertrophy"],
    "herniation-with-sequestered-fragment": ["disc_herniation"],
    "normal-after-comma-is-not-backward": [],
    "lesion-next-sentence-it-is": ["neoplasm"],
    "mass-appears-to-be-disc": ["neoplasm"],
    "mass-consistent-with-infection": ["neoplasm"],
    "lesion-cyst": ["neoplasm"],
    "lesion-metastasis-not-excluded": ["neoplasm"],
    "vertebral-height-loss": ["disc_height_loss"],
    "semicolon-ends-negation": [],
    "pars-stress-fracture": ["fracture"],
    "recommended-to-exclude": ["fracture"],
    "pfirrmann-ii-is-not-degeneration": ["disc_degeneration"],
    "vitamin-d3-is-no-level": ["neoplasm"],
    "mixed-modic-1-2": ["modic_nos"],
    "type-1-and-2-modic": ["modic_nos"],
    "modic-type-named-in-brackets": ["modic_nos"],
    "bulge-of-the-posterior-wall": ["disc_bulge"],
}

NOT_PRESENT_LEVELS.update({
    "sacrum-is-not-at-the-heading-levels": [("fracture", "L1"), ("fracture", "L4")],
    "lumbar-spondylosis-with-levelled-findings": [("spondylosis", "L4-L5"), ("spondylosis", "L5-S1")],
    "separate-from-the-lesion": [("neoplasm", "L1")],
    "height-loss-of-a-fracture-follow-up": [("disc_height_loss", "L4-L5")],
    "vertebrae-side-by-side": [("neoplasm", "L3")],
    "multilevel-shared-by-coordination": [("spondylosis", "L4-L5")],
    "level-above-a-fusion": [("spondylolisthesis", "L4-L5"), ("foraminal_stenosis", "L5-S1")],
    "at-this-level-after-a-vertebra-as-place": [("cauda_equina_compression", "L5")],
    "discitis-of-opposing-endplates": [("infection", "L4"), ("infection", "L5")],
    "at-any-level-is-the-whole-spine": [("disc_herniation", "L5-S1")],
})

# no finding of these types at all (any assertion)
NONE_OF = {
    "root-tension-sign": ["nerve_root_compression"],
    "degenerative-changes-of-the-hands": ["spondylosis", "disc_degeneration", "osteophyte"],
    "osteophytes-of-a-hip-described-at-length": ["osteophyte"],
    "knee-osteophytes-described-at-length": ["osteophyte"],
    "lesion-in-the-tibia": ["neoplasm"],
    "osteolysis-around-screws": ["neoplasm"],
    "teaching-discussion": ["fracture", "neoplasm"],
    "root-retracted-at-surgery": ["nerve_root_compression", "thecal_sac_compression"],
    "facet-joint-degenerative-disease": ["spondylosis"],
    "medial-branch-blocks-are-no-finding": ["central_canal_stenosis"],
    "vertebrae-side-by-side": ["disc_bulge"],
    "pars-stress-fractures": ["fracture"],
    "modic-label-with-type": ["modic_nos"],
    "stenosis-protocol-is-a-title": ["central_canal_stenosis"],
}


@pytest.mark.parametrize("case_id, text, expected", CASES, ids=[c[0] for c in CASES])
def test_report_phrasing(pipeline, case_id, text, expected):
    # Arrange / Act
    got = {(f.type, f.level, f.side, f.severity, f.assertion) for f in pipeline(text)._.findings}
    # Assert
    for want in expected:
        assert want in got, f"{want} not in {sorted(map(str, got))}"
    for ftype, level in NOT_PRESENT_LEVELS.get(case_id, []):
        assert not any(g[0] == ftype and g[1] == level for g in got), sorted(map(str, got))
    for ftype in NOT_PRESENT.get(case_id, []):
        assert not any(g[0] == ftype and g[4] == "present" for g in got), sorted(map(str, got))
    for ftype in NONE_OF.get(case_id, []):
        assert not any(g[0] == ftype for g in got), sorted(map(str, got))


def test_far_negation_reports_nothing(pipeline):
    text = dict((c[0], c[1]) for c in CASES)["far-negation-is-not-about-anatomy"]
    assert [(f.type, f.assertion) for f in pipeline(text)._.findings] == []
