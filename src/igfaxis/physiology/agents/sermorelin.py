"""Sermorelin (Geref): GHRH(1-29)-NH2, the shortest fully active GHRH fragment; GHRH-receptor agonist, SC or IV.

PK: 1-compartment. Half-life 11-12 min after IV or SC, volume 23.7-25.8 L, SC bioavailability ~6 %, SC Tmax
5-20 min (Geref label). The label clearance (2.4-2.8 L/min) is higher than ke x V of this 1-compartment fit
(~1.5 L/min); the half-life is kept because it sets the duration of receptor drive.
"""

from __future__ import annotations

import math

from igfaxis.physiology.agents.base import (
    Agent,
    DoseRange,
    RouteSpec,
    SourcedText,
    ghrh_agonist_pd,
    ka_for_tmax,
)
from igfaxis.provenance import Sourced

LABEL = "GEREF (sermorelin acetate for injection) prescribing information (Serono), clinical pharmacology"

# BEGIN CALIBRATED (written by scripts/calibrate_agents.py; edit the script, not these lines)
CALIBRATED: dict[str, float] = {'emax': 3000.0, 'ec50': 1.194}
CALIBRATED_FROM: tuple[str, ...] = ('sermorelin-young-gh-peak',)
CALIBRATED_EC50_RANGE: tuple[float | None, float | None] = (None, 2.383)
# END CALIBRATED

HALF_LIFE = Sourced("half_life", 11.5 / 60.0, "h", LABEL, "11-12 min after IV or SC; midpoint",
                    bounds=(11.0 / 60.0, 12.0 / 60.0))
TMAX_SC = Sourced("tmax_sc", 0.2, "h", LABEL, "5-20 min after SC; 12 min used", bounds=(5.0 / 60.0, 20.0 / 60.0))

AGENT = Agent(
    id="sermorelin",
    name="Sermorelin",
    drug_class="GHRH analogue (GHRH 1-29 amide; short acting)",
    mechanism="GHRH-receptor agonist at the pituitary somatotroph; short exposure mimics a GHRH pulse",
    receptor="ghrh",
    molar_mass=Sourced("molar_mass", 3357.9, "g/mol", "PubChem, sermorelin (C149H246N44O42S)"),
    half_life=HALF_LIFE,
    volume=Sourced("volume", 24.75, "L", LABEL, "Vd 23.7-25.8 L; midpoint", bounds=(23.7, 25.8)),
    routes={
        "iv": RouteSpec(
            route="iv",
            studied=True,
            bioavailability=Sourced("bioavailability_iv", 1.0, "1", "definition: IV dose enters plasma whole"),
            dose_range=DoseRange(
                low=Sourced("dose_low_iv", 1.0, "ug/kg", LABEL + ", diagnostic use (1 ug/kg IV bolus)"),
                high=Sourced("dose_high_iv", 1.0, "ug/kg", LABEL + ", diagnostic use (1 ug/kg IV bolus)"),
                per_kg=True,
                min_interval=Sourced("min_interval_iv", 24.0, "h", LABEL + ", diagnostic use (a single IV bolus)",
                                     "no repeated IV dosing published: at most one bolus a day"),
            ),
        ),
        "sc": RouteSpec(
            route="sc",
            studied=True,
            bioavailability=Sourced("bioavailability_sc", 0.06, "1", LABEL, "~6 % after SC"),
            ka=Sourced("ka_sc", ka_for_tmax(TMAX_SC.value, math.log(2) / HALF_LIFE.value), "1/h", LABEL,
                       "derived: 1-compartment ka that puts Tmax at 12 min given ke = ln2/11.5 min"),
            tmax=TMAX_SC,
            dose_range=DoseRange(
                low=Sourced("dose_low_sc", 10.0, "ug/kg",
                            "Khorram O, Laughlin GA, Yen SSC. J Clin Endocrinol Metab 1997;82:1472 "
                            "(GHRH(1-29) analogue 10 ug/kg SC at bedtime, 16 weeks, age-advanced adults)",
                            "abstract-level citation"),
                high=Sourced("dose_high_sc", 30.0, "ug/kg", LABEL + ", paediatric GHD: 30 ug/kg/day SC at bedtime"),
                per_kg=True,
                min_interval=Sourced("min_interval_sc", 24.0, "h", LABEL + ", paediatric GHD: once daily at bedtime"),
                note="adult 1-2 mg SC doses (Corpas E et al. J Clin Endocrinol Metab 1992;75:530) fall inside "
                     "at 65-100 kg",
            ),
        ),
    },
    pd=ghrh_agonist_pd("sermorelin", CALIBRATED, CALIBRATED_FROM, CALIBRATED_EC50_RANGE),
    regulatory_status=SourcedText(
        "FDA-approved (Geref) for paediatric GH deficiency and as a diagnostic; withdrawn from the US market 2008 "
        "for commercial reasons", LABEL),
    evidence=SourcedText(
        "Approved paediatric use; small adult and ageing studies (weeks, tens of subjects)",
        "Geref label; Corpas E et al. JCEM 1992;75:530; Khorram O et al. JCEM 1997;82:1472"),
    evidence_level="B (formerly approved; small adult studies)",
    adverse_effects=(
        SourcedText("injection-site pain, swelling or redness; facial flushing", LABEL + ", adverse reactions"),
        SourcedText("headache, dizziness, nausea (uncommon)", LABEL + ", adverse reactions"),
    ),
    assumptions=(
        "sermorelin SC course not calibrated: the PD is fitted to the GH peak after one IV bolus; the simulated IGF-1 "
        "change after 4 weeks of 10 ug/kg SC at bedtime is modest (+6 to +24 % in men and women 40-70 y) and is not "
        "checked against the nightly SC studies (Corpas 1992, Khorram 1997), whose IGF-1 figures are not in "
        "igfaxis's tables (docs/agents.md)",
    ),
)
