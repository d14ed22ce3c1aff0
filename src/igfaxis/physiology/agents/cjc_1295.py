"""CJC-1295 with DAC: tetrasubstituted GRF(1-29) with a maleimido "drug affinity complex" that binds albumin.

PK: 1-compartment, half-life 5.8-8.1 days after SC (Teichman 2006), so one dose raises trough GH for a week or more.
Absorption rate, bioavailability and volume are not published: assumptions (albumin distribution volume).
PD: GHRH-receptor drive in GHRH-equivalent pg/mL, EC50/Emax calibrated. Published, exposure being continuous, it
raises inter-pulse (trough) GH far more than pulses (Ionescu & Frohman 2006: trough x7.5, mean GH +46 %, pulse
frequency and amplitude unchanged). The model does not reproduce that pattern: its untreated nadir is too high for a
x7.5 trough (``AGENT.assumptions`` states the limit; docs/agents.md, docs/model.md "Tried for a lower GH nadir").
"""

from __future__ import annotations

from igfaxis.physiology.agents.base import Agent, DoseRange, RouteSpec, SourcedText, ghrh_agonist_pd
from igfaxis.provenance import Sourced

TEICHMAN = "Teichman SL et al. J Clin Endocrinol Metab 2006;91:799"
IONESCU = "Ionescu M, Frohman LA. J Clin Endocrinol Metab 2006;91:4792"

# BEGIN CALIBRATED (written by scripts/calibrate_agents.py; edit the script, not these lines)
CALIBRATED: dict[str, float] = {'emax': 2000.0, 'ec50': 3000.0}
CALIBRATED_FROM: tuple[str, ...] = (
    'cjc-1295-trough-gh',
    'cjc-1295-igf1',
    'cjc-1295-igf1-fold-low',
    'cjc-1295-igf1-fold-high',
)
CALIBRATED_EC50_RANGE: tuple[float | None, float | None] = (3000.0, 3000.0)
# END CALIBRATED

AGENT = Agent(
    id="cjc-1295",
    name="CJC-1295 (with DAC)",
    drug_class="GHRH analogue with drug-affinity complex (albumin-bound; long acting)",
    mechanism="GHRH-receptor agonist persisting for days on albumin: continuous GHRH tone lifts trough GH more "
              "than pulses",
    receptor="ghrh",
    molar_mass=Sourced("molar_mass", 3647.3, "g/mol", "PubChem, CJC-1295 (C165H269N47O46)"),
    half_life=Sourced("half_life", 6.95 * 24.0, "h", TEICHMAN, "estimated half-life 5.8-8.1 days; midpoint",
                      bounds=(5.8 * 24.0, 8.1 * 24.0)),
    volume=Sourced("volume", 0.1, "L/kg", "assumption: albumin distribution volume (plasma + interstitial "
                   "albumin pool, about 0.1 L/kg); no CJC-1295 volume published", assumption=True),
    routes={
        "sc": RouteSpec(
            route="sc",
            studied=True,
            bioavailability=Sourced("bioavailability_sc", 1.0, "1",
                                    "assumption: not published; absorbed amount folded into the calibrated EC50",
                                    assumption=True),
            ka=Sourced("ka_sc", 0.5, "1/h", "assumption: not published; peak about 10 h after SC (GH raised "
                       "from day 1, Teichman 2006)", assumption=True),
            dose_range=DoseRange(
                low=Sourced("dose_low_sc", 30.0, "ug/kg", TEICHMAN + " (30 or 60 ug/kg best tolerated)"),
                high=Sourced("dose_high_sc", 90.0, "ug/kg", IONESCU + " (60 or 90 ug/kg single dose)"),
                per_kg=True,
                min_interval=Sourced("min_interval_sc", 168.0, "h", TEICHMAN + " (two or three weekly or biweekly "
                                     "doses; half-life 5.8-8.1 d)"),
                note="Teichman also gave 2-3 weekly or biweekly doses",
            ),
        ),
    },
    pd=ghrh_agonist_pd("CJC-1295", CALIBRATED, CALIBRATED_FROM, CALIBRATED_EC50_RANGE),
    regulatory_status=SourcedText("Investigational; never approved; clinical development stopped", TEICHMAN),
    evidence=SourcedText("Two phase 1/2 ascending-dose PK/PD studies in healthy adults; one pulsatility study",
                         f"{TEICHMAN}; {IONESCU}"),
    evidence_level="C (phase 1/2 PK/PD in healthy volunteers)",
    adverse_effects=(
        SourcedText("injection-site reactions, transient flushing, headache; no serious reactions reported",
                    TEICHMAN),
        SourcedText("sustained GH/IGF-1 elevation for 1-4 weeks after dosing: effects cannot be stopped quickly",
                    TEICHMAN, "mean IGF-1 above baseline for up to 28 days after multiple doses"),
    ),
    assumptions=(
        "CJC-1295 SC absorption rate, bioavailability and volume are not published (assumed)",
        "CJC-1295 model limit: 1 week after a dose the inter-pulse trough GH does not rise (x0.84; published x7.5) "
        "and mean overnight GH does not rise (-2.5 % vs +46 %: the drive lifts the daytime pulses and the 24-h mean, "
        "but the sleep-onset pulse shrinks), while IGF-1 matches (+38 vs +45 % in men 20-40 y) and rises with dose as "
        "Teichman 2006 found (one dose, 40-y man: x1.53 at 30 ug/kg, x3.04 at 250 ug/kg, published 1.5- to 3-fold). "
        "After higher doses IGF-1 stays raised longer than published (>= 1.2 x baseline for 8 days after 30 ug/kg but "
        "30 after 250 ug/kg; published 9-11 days over the whole range). "
        "The simulated rise falls with age (30 ug/kg weekly, day 14: +28.5 % at 30 y, +24 % at 50 y, +17 % at 70 y); "
        "Teichman's adults were 21-61 y without an age breakdown, so forecasts for older people are unchecked "
        "(docs/agents.md)",
    ),
)
