"""Tesamorelin (Egrifta): GHRH(1-44) with an N-terminal trans-3-hexenoyl group; GHRH-receptor agonist, SC daily.

PK: 1-compartment with first-order SC absorption. Elimination from the label half-life in healthy adults (26 min,
1 mg/vial formulation used in the trials), absorption from the label Tmax (0.15 h), bioavailability < 4 % (label).
PD: GHRH-receptor drive in GHRH-equivalent pg/mL (``physiology.dosing``), EC50/Emax calibrated.
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

LABEL = "EGRIFTA (tesamorelin for injection) prescribing information, section 12.3 (Theratechnologies)"

# BEGIN CALIBRATED (written by scripts/calibrate_agents.py; edit the script, not these lines)
CALIBRATED: dict[str, float] = {'emax': 10000.0, 'ec50': 0.0003}
CALIBRATED_FROM: tuple[str, ...] = ('tesamorelin-healthy-igf1', 'tesamorelin-healthy-overnight-gh')
CALIBRATED_EC50_RANGE: tuple[float | None, float | None] = (None, 0.0007536)
# END CALIBRATED

HALF_LIFE = Sourced(
    "half_life", 26.0 / 60.0, "h", LABEL,
    "26 min in healthy adults after 2 mg SC (1 mg/vial formulation); 38 min in HIV patients; ~8 min Egrifta SV",
    bounds=(8.0 / 60.0, 39.0 / 60.0),
)
TMAX = Sourced("tmax_sc", 0.15, "h", LABEL, "median Tmax, healthy adults and HIV patients")
F_SC = Sourced(
    "bioavailability_sc", 0.04, "1", LABEL,
    "absolute bioavailability 'less than 4 %' after 2 mg SC; the upper bound is used", bounds=(0.0, 0.04),
)
KA_SC = Sourced(
    "ka_sc", ka_for_tmax(TMAX.value, math.log(2) / HALF_LIFE.value), "1/h", LABEL,
    "derived: the 1-compartment ka that puts Tmax at 0.15 h given ke = ln2/26 min", assumption=False,
)
VOLUME = Sourced(
    "volume", 9.4 * F_SC.value, "L/kg", LABEL,
    "derived: label apparent Vd 9.4 L/kg (healthy; 10.5 in HIV) x F 0.04 = 0.376 L/kg; with this volume a 2 mg dose "
    "peaks at ~2.2 ng/mL in a 75-kg adult vs the label Cmax 2.87 ng/mL (the 1-compartment fit cannot match label "
    "Cmax and AUC 634.6 pg.h/mL together)",
)
CMAX_LABEL = Sourced("cmax_2mg", 2.8746, "ng/mL", LABEL, "2874.6 pg/mL after 2 mg SC, healthy adults")

AGENT = Agent(
    id="tesamorelin",
    name="Tesamorelin",
    drug_class="GHRH analogue (GHRH 1-44, trans-3-hexenoyl N-terminus)",
    mechanism="GHRH-receptor agonist at the pituitary somatotroph: adds to endogenous GHRH drive, amplifying GH pulses",
    receptor="ghrh",
    molar_mass=Sourced("molar_mass", 5135.9, "g/mol", LABEL + ", section 11"),
    half_life=HALF_LIFE,
    volume=VOLUME,
    routes={
        "sc": RouteSpec(
            route="sc",
            studied=True,
            bioavailability=F_SC,
            ka=KA_SC,
            tmax=TMAX,
            dose_range=DoseRange(
                low=Sourced("dose_low_sc", 1000.0, "ug", "Falutz J et al. AIDS 2005;19:1279 (1 mg arm); "
                            "Baker LD et al. Arch Neurol 2012 (1 mg at bedtime, older adults)"),
                high=Sourced("dose_high_sc", 2000.0, "ug", LABEL + ", section 2 (2 mg once daily)"),
                per_kg=False,
                min_interval=Sourced("min_interval_sc", 24.0, "h", LABEL + ", section 2 (2 mg once daily)"),
                note="Egrifta SV 1.4 mg lies inside the range",
            ),
        ),
    },
    pd=ghrh_agonist_pd("tesamorelin", CALIBRATED, CALIBRATED_FROM, CALIBRATED_EC50_RANGE),
    regulatory_status=SourcedText(
        "FDA-approved 2010: reduction of excess abdominal fat in HIV-infected patients with lipodystrophy", LABEL),
    evidence=SourcedText(
        "Phase 3 randomised placebo-controlled trials (n = 412, 26 + 26 weeks); healthy-men mechanistic study",
        "Falutz J et al. N Engl J Med 2007;357:2359; Stanley TL et al. J Clin Endocrinol Metab 2011;96:150"),
    evidence_level="A (approved; phase 3 RCTs)",
    adverse_effects=(
        SourcedText("arthralgia (13.3 %), extremity pain, myalgia", LABEL + ", section 6"),
        SourcedText("injection-site reactions (up to 8.5 %)", LABEL + ", section 6"),
        SourcedText("fluid retention, peripheral oedema, carpal tunnel syndrome", LABEL + ", section 5"),
        SourcedText("glucose intolerance: diabetes (HbA1c >= 6.5 %) 4.5 % vs 1.3 % placebo at 26 weeks",
                    "EGRIFTA SV prescribing information, section 5 / hcp.egriftasv.com"),
        SourcedText("elevated IGF-1: monitor; consider stopping if persistently elevated", LABEL + ", section 5.2"),
    ),
    assumptions=(
        "tesamorelin PD fitted to healthy men but saturated: simulated IGF-1 rise +107 % vs about +120 % published "
        "in healthy men, and +103/+110 % vs +48/+65 % in HIV patients with abdominal fat: one parameter set matches "
        "healthy men and overshoots the HIV cohort (docs/agents.md)",
    ),
)
