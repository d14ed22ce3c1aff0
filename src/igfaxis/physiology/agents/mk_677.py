"""MK-677 (ibutamoren): oral non-peptide ghrelin-receptor agonist, once daily.

No primary human source publishes its half-life, absorption or volume (agents.csv): they are assumptions, chosen
so that GH stays raised over 24 h on once-daily dosing (Chapman 1996). PD: ghrelin-receptor drive in the axis
model's GHS units, with a tolerance state ``T' = kon * E/Emax * (Tmax - T) - koff * T`` multiplying the drive by
``1 - T``. The tachyphylaxis of peak GH (55.9 -> 22.6 ug/L from day 1 to day 7, Murphy 1998) comes mostly from the
axis, not from that state: under a sustained drive the releasable pituitary pool stays drained, so each new dose
finds less to release (axis 1.2.5, cases averaged over start days: day-7/day-1 peak 0.367 at the fit and with
``tol_max`` 0 alike, 0.422 with no IGF-1 feedback either). The tachyphylaxis row therefore does not identify
``tol_max``. The weeks-long drive does depend on it at a given ``tol_kon`` (since axis 1.2.4 ``tol_kon`` is fitted
at 0.15 /h; ``tol_max`` 0 / 0.35 / 0.7 / 0.9 give MK-677 losses 3.3 / 2.4 / 1.14 / 2.6, 2-week IGF-1 290 / 275 /
235 / 192 ng/mL), but ``tol_kon`` and potency are fitted with it held, so it stays an assumption, not a fitted value.
"""

from __future__ import annotations

from igfaxis.physiology.agents.base import Agent, DoseRange, RouteSpec, SourcedText, calibrated, calibrated_ec50
from igfaxis.provenance import ParameterTable, Sourced

CHAPMAN96 = "Chapman IM et al. J Clin Endocrinol Metab 1996;81:4249"
CHAPMAN97 = "Chapman IM et al. J Clin Endocrinol Metab 1997;82:3455"
NASS = "Nass R et al. Ann Intern Med 2008;149:601"
MURPHY = "Murphy MG et al. J Clin Endocrinol Metab 1998;83:320"
ADUNSKY = "Adunsky A et al. Arch Gerontol Geriatr 2011;53:183"
NO_PK = "assumption: no MK-677 PK in a primary human source (agents.csv)"

# BEGIN CALIBRATED (written by scripts/calibrate_agents.py; edit the script, not these lines)
CALIBRATED: dict[str, float] = {'tol_kon': 0.15, 'emax': 3200.0, 'ec50': 948.7}
CALIBRATED_FROM: tuple[str, ...] = ('mk-677-older-igf1', 'mk-677-older-mean-gh', 'mk-677-tachyphylaxis')
CALIBRATED_EC50_RANGE: tuple[float | None, float | None] = (948.7, 1194.0)
# END CALIBRATED

AGENT = Agent(
    id="mk-677",
    name="MK-677 (ibutamoren)",
    drug_class="GH secretagogue (oral non-peptide ghrelin-receptor agonist)",
    mechanism="ghrelin-receptor agonist: raises GH pulse height and nadir over 24 h; tachyphylaxis of peak GH",
    receptor="ghs",
    aliases=("ibutamoren", "mk-0677"),
    molar_mass=Sourced("molar_mass", 528.7, "g/mol", "PubChem CID 9939050, ibutamoren free base (C27H36N4O5S)"),
    half_life=Sourced("half_life", 24.0, "h", NO_PK,
                      "24 h (figure in secondary sources) keeps once-daily exposure, and GH, raised over 24 h as "
                      "Chapman 1996 found", assumption=True),
    volume=Sourced("volume", 1.0, "L/kg", NO_PK, "scale only: EC50 is calibrated on the same concentration scale, "
                   "so plasma_peak is in assumed units", assumption=True),
    routes={
        "oral": RouteSpec(
            route="oral",
            studied=True,
            bioavailability=Sourced("bioavailability_oral", 0.6, "1", NO_PK, "folded into the calibrated EC50",
                                    assumption=True),
            ka=Sourced("ka_oral", 1.5, "1/h", NO_PK, "plasma peak ~2.7 h after the dose", assumption=True),
            dose_range=DoseRange(
                low=Sourced("dose_low_oral", 2000.0, "ug", CHAPMAN96 + " (2, 10, 25 mg/day)"),
                high=Sourced("dose_high_oral", 50000.0, "ug", CHAPMAN97 + " (10 or 50 mg/day, GH-deficient adults)"),
                per_kg=False,
                min_interval=Sourced("min_interval_oral", 24.0, "h", CHAPMAN96 + " (once daily)"),
                note="25 mg/day for 2 years in older adults (Nass 2008)",
            ),
        ),
    },
    pd=ParameterTable.of(
        "mk-677 PD",
        calibrated_ec50(CALIBRATED["ec50"], CALIBRATED_FROM, CALIBRATED_EC50_RANGE,
                        "plasma MK-677 (assumed scale) at half-maximal ghrelin-receptor drive"),
        calibrated("emax", CALIBRATED["emax"], "GHS units", CALIBRATED_FROM,
                   "maximal ghrelin-receptor drive, fitted to MK-677's own trials rather than shared with ipamorelin: "
                   "ipamorelin's (fitted to the phase-averaged maximal GHS peak) left no MK-677 potency that "
                   "matched both the older adults' IGF-1 and the day-7 tachyphylaxis (docs/agents.md)"),
        Sourced("hill", 1.0, "1", "assumption: single-site receptor binding", assumption=True),
        calibrated("tol_kon", CALIBRATED["tol_kon"], "1/h", CALIBRATED_FROM,
                   "rate tolerance builds at full drive; weakly identified: the day-7 fall of peak GH (55.9 -> "
                   "22.6 ug/L) comes mostly from the axis's drained pool (docs/agents.md, MK-677)"),
        Sourced("tol_koff", 0.01, "1/h", "assumption: recovery over ~3 days (t1/2 69 h); not measured",
                assumption=True),
        Sourced("tol_max", 0.7, "1", "assumption: initial value kept, not fitted; the tachyphylaxis row does not "
                "identify it (0 and 0.7 give day-7/day-1 peak ratios 0.367 and 0.367 at axis 1.2.5, cases averaged "
                "over start days; 0.383 and 0.395 at axis 1.2.4; docs/agents.md, MK-677)",
                "largest fraction of drive lost", assumption=True),
    ),
    regulatory_status=SourcedText(
        "Investigational; never approved; hip-fracture trial stopped early for a heart-failure signal", ADUNSKY),
    evidence=SourcedText(
        "Randomised placebo-controlled trials up to 2 years (healthy older adults, GH-deficient adults, hip fracture)",
        f"{CHAPMAN96}; {NASS}; {ADUNSKY}"),
    evidence_level="B (phase 2 RCTs, biomarker endpoints; safety signal)",
    adverse_effects=(
        SourcedText("fasting glucose rise: 5.4 -> 6.8 mmol/L at 4 weeks on 25 mg/day (older adults)", CHAPMAN96),
        SourcedText("insulin sensitivity falls; fasting glucose +0.3 mmol/L at 1 year", NASS),
        SourcedText("oedema / fluid retention and weight gain", NASS),
        SourcedText("appetite increase (ghrelin-receptor agonism)", NASS),
        SourcedText("heart-failure signal: hip-fracture trial stopped early (congestive heart failure in treated "
                    "older patients)", ADUNSKY),
    ),
    assumptions=(
        "MK-677: half-life, absorption, bioavailability and volume not in a primary human source (assumed)",
        "MK-677: maximal ghrelin-receptor drive fitted to its own trials, not shared with ipamorelin (docs/agents.md)",
        "MK-677 model limit: a sustained ghrelin-receptor drive can switch the model's pulse generator to a tonic "
        "state with no GH pulses and IGF-1 at or below baseline, depending on the person's parameters and the day "
        "treatment starts (25 mg daily for 4 weeks, virtual 72-year-olds with baseline IGF-1 anchored: pulses "
        "stopped in 17 of 40 women and 10 of 40 men, IGF-1 fell in 9 and 9); the trials saw IGF-1 rise in older "
        "adults, so a forecast showing no rise is this limit, not a prediction (docs/model.md)",
    ),
)
