"""Ipamorelin: pentapeptide ghrelin-receptor (GHS-R1a) agonist, selective for GH (no ACTH/cortisol rise).

PK (IV, healthy men, 15-min infusions of 4.21-140.45 nmol/kg): terminal half-life 2 h, CL 0.078 L/h/kg, Vss
0.22 L/kg (Gobburu 1999). SC is how it is used outside trials, but no human SC PK exists: SC absorption and
bioavailability are assumptions and outputs say so.
PD: ghrelin-receptor drive in the axis model's GHS units (``physiology.dosing``): direct GH release, opposition to
somatostatin at the pituitary, GHRH synergy. Gobburu's SC50 (214 nmol/L) is the plasma concentration for half-maximal
GH *production* (the whole axis's response, an indirect-response model), not the receptor drive's EC50: the axis
model's ghrelin-receptor terms are steep Hill functions downstream of the drive, so the drive's EC50 and Emax are fitted
(``scripts/calibrate_agents.py``) to make the simulated GH response across Gobburu's five doses follow Gobburu's
published concentration-response (:func:`gobburu_relative_gh`), with the top dose's GH peak.
"""

from __future__ import annotations

import numpy as np

from igfaxis.physiology.agents.base import (
    Agent,
    DoseRange,
    RouteSpec,
    SourcedText,
    calibrated,
    calibrated_ec50,
    no_tolerance,
)
from igfaxis.provenance import ParameterTable, Sourced

GOBBURU = "Gobburu JVS et al. Pharm Res 1999;16:1412"
RAUN = "Raun K et al. Eur J Endocrinol 1998;139:552"
MOLAR_MASS = Sourced("molar_mass", 711.85, "g/mol", "PubChem, ipamorelin (C38H49N9O5)")

# BEGIN CALIBRATED (written by scripts/calibrate_agents.py; edit the script, not these lines)
CALIBRATED: dict[str, float] = {'emax': 300.0, 'ec50': 45.69}
CALIBRATED_FROM: tuple[str, ...] = (
    'ipamorelin-gh-dose-response-low',
    'ipamorelin-gh-dose-response-mid',
    'ghs-alone-gh-peak',
)
CALIBRATED_EC50_RANGE: tuple[float | None, float | None] = (45.69, 57.52)
# END CALIBRATED

#: Gobburu 1999's published population PK/PD estimates (abstract; ``../shared/reference/agents.csv``).
CLEARANCE = Sourced("clearance", 0.078, "L/h/kg", GOBBURU, "population estimate, dose-proportional PK")
VSS = Sourced("vss", 0.22, "L/kg", GOBBURU, "volume of distribution at steady state")
GH_SC50 = Sourced("gh_sc50", 214.0, "nmol/L", GOBBURU,
                  "plasma ipamorelin for half-maximal GH production rate (indirect-response model, zero-order release "
                  "over a finite duration; maximal rate 694 mIU/L/h)")
#: Gobburu's five IV infusions (nmol/kg), each over GOBBURU_INFUSION.
GOBBURU_DOSES_NMOL_KG: tuple[float, ...] = (4.21, 14.02, 42.13, 84.27, 140.45)
GOBBURU_INFUSION = Sourced("infusion_duration", 15.0, "min", GOBBURU, "every dose level infused over 15 minutes")


def gobburu_relative_gh(dose_nmol_kg: float, *, vc_l_kg: float | None = None, release_h: float = 1.0) -> float:
    """GH produced by a 15-min IV infusion of ``dose_nmol_kg`` relative to the top Gobburu dose, under Gobburu's
    published model: production rate proportional to ``C / (SC50 + C)`` over the release duration, plasma ``C`` from a
    one-compartment infusion with Gobburu's CL and ``vc_l_kg`` (default Vss). The GH AUC of an indirect response is
    proportional to that production. The release duration hardly matters (0.5-2 h: the lowest dose gives
    0.087-0.094); a central volume of half Vss raises the low doses (0.13 at 4.21 nmol/kg), which the cases'
    tolerances cover."""
    vc = VSS.value if vc_l_kg is None else vc_l_kg
    ke = CLEARANCE.value / vc
    t = np.linspace(0.0, release_h, 2001)
    t_inf = GOBBURU_INFUSION.value / 60.0

    def production(dose: float) -> float:
        rate = dose / t_inf  # nmol/kg/h over the infusion
        during = rate / ke * (1.0 - np.exp(-ke * np.minimum(t, t_inf)))
        amount = np.where(t <= t_inf, during, during * np.exp(-ke * (t - t_inf)))
        c = amount / vc  # nmol/L
        s = c / (GH_SC50.value + c)
        return float(np.sum(0.5 * (s[1:] + s[:-1]) * np.diff(t)))

    return production(dose_nmol_kg) / production(GOBBURU_DOSES_NMOL_KG[-1])


def _nmol_kg_to_ug_kg(x: float) -> float:
    return x * MOLAR_MASS.value / 1000.0


IV_LOW = Sourced("dose_low_iv", _nmol_kg_to_ug_kg(4.21), "ug/kg", GOBBURU,
                 "4.21 nmol/kg over 15 min x 711.85 g/mol")
IV_HIGH = Sourced("dose_high_iv", _nmol_kg_to_ug_kg(140.45), "ug/kg", GOBBURU,
                  "140.45 nmol/kg over 15 min x 711.85 g/mol; phase 2 ileus trials used 30 ug/kg IV twice daily")
SC_NOTE = "no human SC PK; absorption and bioavailability assumed, dose range borrowed from the IV study"
IV_INTERVAL = Sourced("min_interval_iv", 12.0, "h", "Beck DE et al. Int J Colorectal Dis 2014;29:1527 (NCT01280344)",
                      "0.03 mg/kg IV twice daily (phase 2, post-operative ileus); single doses in Gobburu 1999")

AGENT = Agent(
    id="ipamorelin",
    name="Ipamorelin",
    drug_class="GH secretagogue (ghrelin-receptor agonist; pentapeptide)",
    mechanism="ghrelin-receptor agonist: direct GH release, opposes somatostatin, synergises with GHRH",
    receptor="ghs",
    molar_mass=MOLAR_MASS,
    half_life=Sourced("half_life", 2.0, "h", GOBBURU, "terminal half-life after IV infusion"),
    volume=Sourced("volume", VSS.value, "L/kg", GOBBURU, "Vss; with CL 0.078 L/h/kg, t1/2 = ln2 x 0.22/0.078 = 1.96 h"),
    routes={
        "iv": RouteSpec(
            route="iv",
            studied=True,
            bioavailability=Sourced("bioavailability_iv", 1.0, "1", "definition: IV dose enters plasma whole"),
            dose_range=DoseRange(low=IV_LOW, high=IV_HIGH, per_kg=True, min_interval=IV_INTERVAL,
                                 note="15-min infusions in the study"),
        ),
        "sc": RouteSpec(
            route="sc",
            studied=False,
            bioavailability=Sourced("bioavailability_sc", 1.0, "1", "assumption: " + SC_NOTE,
                                    "small SC peptides are usually near-completely absorbed", assumption=True),
            ka=Sourced("ka_sc", 3.0, "1/h", "assumption: " + SC_NOTE, "puts the SC plasma peak at ~0.8 h",
                       assumption=True),
            dose_range=DoseRange(
                low=Sourced("dose_low_sc", IV_LOW.value, "ug/kg", "assumption: " + SC_NOTE, assumption=True),
                high=Sourced("dose_high_sc", IV_HIGH.value, "ug/kg", "assumption: " + SC_NOTE, assumption=True),
                per_kg=True,
                min_interval=Sourced("min_interval_sc", IV_INTERVAL.value, "h", "assumption: " + SC_NOTE,
                                     assumption=True),
            ),
            note=SC_NOTE,
        ),
    },
    pd=ParameterTable.of(
        "ipamorelin PD",
        calibrated_ec50(CALIBRATED["ec50"], CALIBRATED_FROM, CALIBRATED_EC50_RANGE,
                        "plasma ipamorelin at half-maximal ghrelin-receptor drive; below Gobburu's SC50 for GH "
                        "production (214 nmol/L = 152.3 ng/mL) because the axis's receptor terms are steep"),
        calibrated("emax", CALIBRATED["emax"], "GHS units", CALIBRATED_FROM,
                   "maximal ghrelin-receptor drive (endogenous tone 20; docs/model.md, drug inputs)"),
        Sourced("hill", 1.0, "1", GOBBURU, "Emax model without a Hill exponent"),
        *no_tolerance("ipamorelin"),
    ),
    regulatory_status=SourcedText(
        "Investigational; never approved (phase 2 for post-operative ileus did not meet its endpoint)",
        "Beck DE et al. Int J Colorectal Dis 2014;29:1527 (NCT01280344)"),
    evidence=SourcedText("Phase 1 IV PK/PD in healthy men; phase 2 IV in post-operative ileus",
                         f"{GOBBURU}; Beck DE et al. 2014"),
    evidence_level="C (phase 1 PK/PD; phase 2 in another indication)",
    adverse_effects=(
        SourcedText("no ACTH or cortisol rise at > 200 x the GH ED50 (animals): selective GH release", RAUN),
        SourcedText("phase 2 (IV, post-operative): adverse events similar to placebo", "Beck DE et al. 2014"),
    ),
    assumptions=(),
)
