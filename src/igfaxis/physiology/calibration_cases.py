"""The published outcomes igfaxis calibrates agents to, and those it holds out for validation.

Rows are the 1-based data rows of ``../shared/reference/trials_calibration.csv`` (``table``), or of
``agents.csv`` where a case reads a published PK/PD estimate tabulated there (Gobburu's ipamorelin
concentration-response); ``row`` None marks a published outcome found beyond both tables (its ``source`` cites it;
always a validation case). Tolerances: 2 x the published
SE where one is given, otherwise the stated margin (see each ``note``). Validation cases are never used in fitting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from igfaxis.physiology.agents.ipamorelin import (
    CLEARANCE,
    GH_SC50,
    GOBBURU_DOSES_NMOL_KG,
    VSS,
    gobburu_relative_gh,
)
from igfaxis.provenance import PublishedMean, Sourced

Role = Literal["calibration", "validation"]
TRIALS_TABLE = "trials_calibration.csv"
AGENTS_TABLE = "agents.csv"


@dataclass(frozen=True)
class Subject:
    """A typical virtual subject: age (years), sex, optional measured untreated IGF-1 (ng/mL)."""

    age_years: float
    sex: str
    baseline_igf1: float | None = None


@dataclass(frozen=True)
class Case:
    """One published outcome as a simulation: ``group`` runs it, ``observable`` is read from the run."""

    id: str
    row: int | None
    agent: str
    outcome: str
    group: str
    observable: str
    published: float
    tolerance: float
    unit: str
    role: Role
    source: str
    note: str = ""
    table: str = TRIALS_TABLE  # the reference table ``row`` counts in (``../shared/reference/``)

    @property
    def row_label(self) -> str:
        """Where the published value is tabulated: a trials_calibration.csv row ("12"), another reference table's
        row ("agents.csv:5"), or "lit." (beyond the reference tables)."""
        if self.row is None:
            return "lit."
        return str(self.row) if self.table == TRIALS_TABLE else f"{self.table}:{self.row}"

    def passes(self, simulated: float) -> bool:
        return bool(np.isfinite(simulated) and abs(simulated - self.published) <= self.tolerance)

    def miss(self, simulated: Any) -> Any:
        """``(simulated - published) / tolerance`` (a float or an array of them): its square summed over the
        calibration cases is the fit's objective (``scripts/calibrate_agents.py``, ``igfaxis validate``)."""
        return (simulated - self.published) / self.tolerance


@dataclass(frozen=True)
class Result:
    case: Case
    simulated: float

    @property
    def passed(self) -> bool:
        return self.case.passes(self.simulated)

    def as_dict(self) -> dict[str, object]:
        c = self.case
        return {"case": c.id, "row": c.row, "agent": c.agent, "outcome": c.outcome, "role": c.role,
                "published": c.published, "simulated": round(self.simulated, 4), "tolerance": c.tolerance,
                "unit": c.unit, "pass": self.passed, "source": c.source, "note": c.note, "table": c.table,
                "row_label": c.row_label}


STANLEY = "Stanley TL et al. J Clin Endocrinol Metab 2011;96:150 (NCT00850564)"
FALUTZ = "Falutz J et al. AIDS 2005;19:1279"
IONESCU = "Ionescu M, Frohman LA. J Clin Endocrinol Metab 2006;91:4792"
TEICHMAN = "Teichman SL et al. J Clin Endocrinol Metab 2006;91:799"
#: IGF-1 over its pre-dose level (fold) that counts as "raised" in the CJC-1295 duration case: an operational reading
#: of Teichman 2006's "increased ... for 9-11 d" (the abstract gives no threshold).
RAISED_FOLD = 1.2
TEICHMAN_DOSES = (TEICHMAN + ", study 1: 'one of four ascending single doses' (abstract), 30, 60, 125 or 250 ug/kg "
                  "over a 28-day study (a secondary summary of the paper; the abstract gives no doses)")
#: The lowest and highest of Teichman 2006's four ascending single SC doses.
TEICHMAN_DOSES_UG_KG = (
    Sourced("teichman_dose_low", 30.0, "ug/kg", TEICHMAN_DOSES, "lowest single SC dose of study 1"),
    Sourced("teichman_dose_high", 250.0, "ug/kg", TEICHMAN_DOSES, "highest single SC dose of study 1"),
)
GOBBURU = "Gobburu JVS et al. Pharm Res 1999;16:1412"
CHAPMAN96 = "Chapman IM et al. J Clin Endocrinol Metab 1996;81:4249"
CHAPMAN97 = "Chapman IM et al. J Clin Endocrinol Metab 1997;82:3455"
SARTORIO = "Sartorio A et al. J Endocrinol Invest 1995;18:718"
LOSA = ("Losa M, Bock L, Schopohl J, Stalla GK, Mueller OA, von Werder K. Growth hormone releasing factor infusion "
        "does not sustain elevated GH-levels in normal subjects. Acta Endocrinologica, pp. 462-470 (abstract)")
#: hpGRF(1-44), the GHRH Losa et al. gave (somatorelin, C215H358N72O66S): converts their 50 ug to a molar dose.
GRF44_MOLAR_MASS = Sourced("molar_mass_grf44", 5039.7, "g/mol", "PubChem, somatorelin (C215H358N72O66S)")
LOSA_BOLUS = Sourced("losa_bolus", 50.0, "ug", LOSA, "hpGRF(1-44) IV every 2 h, 4 healthy subjects; and before and "
                     "after each infusion, 11 healthy subjects")
LOSA_RATE = Sourced("losa_rate", 100.0, "ug/h", LOSA, "hpGRF(1-44) IV infusion over 2 h or 5 h, 11 healthy subjects")
VANCE = ("Vance ML, Kaiser DL, Martha PM Jr, Furlanetto R, Rivier J, Vale W, Thorner MO. J Clin Endocrinol Metab "
         "1989;68:22 (abstract)")
#: hGHRH(1-40)-OH, the GHRH Vance et al. infused: converts their ng/kg/min to a molar rate. Derived: the sum of the
#: average residue masses of residues 1-40 of hGHRH plus water; the same sum for hpGRF(1-44)-NH2 gives PubChem's
#: 5039.7 g/mol (GRF44_MOLAR_MASS).
GRF40_MOLAR_MASS = Sourced("molar_mass_grf40", 4544.1, "g/mol", "derived: residues 1-40 of mature hGHRH (UniProt "
                           "P01286), free acid, average residue masses", "checked against PubChem's "
                           "5039.7 g/mol for hpGRF(1-44)-NH2 by the same sum")
VANCE_RATE = Sourced("vance_rate", 10.0, "ng/kg/min", VANCE, "GHRH-40 by continuous IV infusion for 14 days, 5 normal "
                     "men")
SURYA = ("Surya S, Horowitz JF, Goldenberg N, Sakharova A, Harber M, Cornford AS, Symons K, Barkan AL. J Clin "
         "Endocrinol Metab 2009;94:2828 (abstract)")
#: Surya 2009's design: 4 men and 5 women with abdominal obesity, the same daily IV GH dose for 3 days given
#: continuously or as four boluses, each arm after a saline period; serum IGF-1 (ug/L, mean and SE, n = 9).
SURYA_DESIGN = (
    Sourced("surya_dose", 0.5, "mg/m2/day", SURYA, "GH IV for 3 days, continuously or as boluses"),
    Sourced("surya_bmi", 33.0, "kg/m2", SURYA, "body-mass index 33 +/- 3 (body fat 40 +/- 3 %)"),
    Sourced("surya_height", 1.70, "m", "assumption: not in the abstract", "with the BMI, 95.4 kg; body surface "
            "area 2.12 m2 (Mosteller), so 1.06 mg of GH a day", assumption=True),
    Sourced("surya_age", 40.0, "years", "assumption: not in the abstract", "adults; the IGF-1 rise is read relative "
            "to each subject's own saline period, which the baseline anchor (211 ug/L) fixes", assumption=True),
)
#: Clock times (hours) and shares of the daily dose of Surya 2009's pulsatile arm.
SURYA_BOLUSES = ((7.0, 0.15), (13.0, 0.15), (18.0, 0.15), (24.0, 0.55))

def _surya(mean: float, se: float, arm: str) -> PublishedMean:
    return PublishedMean(mean, se, "ug/L", SURYA, 9, f"serum IGF-1 {arm}")


#: Serum IGF-1 after the saline period, 3 days of continuous GH and 3 days of boluses.
SURYA_IGF1 = {"basal": _surya(211.0, 31.0, "after the saline period"),
              "continuous": _surya(423.0, 38.0, "after 3 days of continuous IV GH"),
              "pulsatile": _surya(309.0, 34.0, "after 3 days of IV GH boluses")}


def ratio_tolerance(num: PublishedMean, den: PublishedMean) -> tuple[float, float]:
    """The ratio of two published means in the same unit and its tolerance, 2 x the ratio's SE by the delta method
    (means treated as independent): the rule of every held-out ratio here."""
    if num.unit != den.unit:
        raise ValueError(f"a ratio of {num.mean:g} {num.unit} over {den.mean:g} {den.unit}: units differ")
    ratio = num.mean / den.mean
    return ratio, 2.0 * ratio * float(np.hypot(num.se / num.mean, den.se / den.mean))


def _paired_bolus(case_id: str, agent: str, outcome: str, observable: str, second: PublishedMean,
                  first: PublishedMean, note: str, *, group: str = "repeat",
                  measure: str = "net incremental GH AUC (2 h)") -> Case:
    """A held-out ratio of two published means from one study (its source and unit are theirs); tolerance 2 x the
    ratio's SE by the delta method (:func:`ratio_tolerance`)."""
    if second.source != first.source:
        raise ValueError(f"case {case_id!r}: a ratio of means from two studies")
    ratio, tolerance = ratio_tolerance(second, first)
    return Case(case_id, None, agent, f"{measure} {outcome}", group, observable,
                round(ratio, 4), round(tolerance, 3), "ratio", "validation", first.source,
                f"beyond trials_calibration.csv ({second.mean:g} +/- {second.se:g} over {first.mean:g} +/- "
                f"{first.se:g} {first.unit}); {note}; tolerance 2 x SE of the ratio")


def _sartorio(mean: float, se: float) -> PublishedMean:
    """Sartorio 1995's net incremental GH AUC over the 2 h after a bolus (mean and SE, n = 6)."""
    return PublishedMean(mean, se, "ug/L x h", SARTORIO, 6, "net incremental GH AUC over the 2 h after a bolus")


#: Sartorio's response to a first hexarelin bolus, the reference of both secretagogue ratios.
SARTORIO_FRESH_HEXARELIN = _sartorio(1424.0, 208.2)


def _losa(mean: float, se: float, n: int | None, note: str) -> PublishedMean:
    return PublishedMean(mean, se, "ng/mL", LOSA, n, note)


#: Losa's first peak GH, the reference of both later boluses' ratios.
LOSA_FIRST_PEAK = _losa(16.5, 1.6, 4, "peak GH after the first of three GHRH boluses 2 h apart")
#: The peak GH after the bolus that starts Losa's infusions.
LOSA_INFUSION_FIRST_PEAK = _losa(24.1, 5.1, 11, "peak GH (at 30 min) after the 50 ug bolus starting the infusions")


def _vance(mean: float, se: float, unit: str, note: str) -> PublishedMean:
    return PublishedMean(mean, se, unit, VANCE, None, note)


def _losa_ratio(case_id: str, which: str, observable: str, later: PublishedMean) -> Case:
    """A held-out Losa ratio: peak GH (ng/mL, mean and SE) after the ``which`` of three GHRH boluses 2 h apart over
    the first's (:data:`LOSA_FIRST_PEAK`); sermorelin at the molar dose of :data:`LOSA_BOLUS` stands in."""
    return _paired_bolus(case_id, "sermorelin", f"after the {which} of three GHRH boluses 2 h apart, over the first's "
                         "(normal subjects)", observable, later, LOSA_FIRST_PEAK,
                         f"{LOSA_BOLUS.value:g} {LOSA_BOLUS.unit} hpGRF(1-44) IV every 2 h; sermorelin at the same "
                         "molar dose stands in", group="losa", measure="peak GH")


def _losa_infusion_ratio(case_id: str, measure: str, outcome: str, observable: str, later: PublishedMean,
                         note: str = "") -> Case:
    """A held-out ratio from Losa's infusion arms over the peak after the bolus that starts the infusion
    (:data:`LOSA_INFUSION_FIRST_PEAK`); sermorelin at the same molar doses stands in."""
    return _paired_bolus(case_id, "sermorelin", f"{outcome} (normal subjects)", observable, later,
                         LOSA_INFUSION_FIRST_PEAK, f"{note}sermorelin at the same molar doses stands in",
                         group="losa_infusion", measure=measure)


#: ipamorelin's data row in ``agents.csv`` (Gobburu's SC50 and PK).
IPAMORELIN_AGENTS_ROW = 5


def _gobburu_response(case_id: str, dose_index: int, observable: str, tolerance: float, note: str) -> Case:
    """A calibration case reading Gobburu's published concentration-response: the GH AUC over the first 2 h after
    the Gobburu dose ``dose_index`` relative to the top dose, from :func:`gobburu_relative_gh`."""
    dose = GOBBURU_DOSES_NMOL_KG[dose_index]
    return Case(case_id, IPAMORELIN_AGENTS_ROW, "ipamorelin", "GH AUC over the first 2 h after a 15-min IV infusion of "
                f"{dose:g} nmol/kg, over that of {GOBBURU_DOSES_NMOL_KG[-1]:g} nmol/kg (healthy men)", "ipa",
                observable, round(gobburu_relative_gh(dose), 3), tolerance, "ratio", "calibration", GOBBURU,
                f"Gobburu's published model (SC50 {GH_SC50.value:g} {GH_SC50.unit}, CL {CLEARANCE.value:g} "
                f"{CLEARANCE.unit}, Vss {VSS.value:g} {VSS.unit}) over its own doses; " + note, table=AGENTS_TABLE)

CASES: tuple[Case, ...] = (
    Case("tesamorelin-healthy-igf1", 1, "tesamorelin", "IGF-1 change after 2 weeks of 2 mg SC daily, healthy men 45 y",
         "tes_healthy", "igf1_change", 181.0, 44.0, "ng/mL", "calibration", STANLEY, "tolerance 2 x SE 22"),
    Case("tesamorelin-healthy-overnight-gh", 2, "tesamorelin", "mean overnight (20-08 h) GH change after 2 weeks",
         "tes_healthy", "overnight_gh_change", 0.5, 0.2, "ug/L", "calibration", STANLEY,
         "tolerance 2 x 0.1; dose time 22:00 assumed (the group's parallel study, NCT00795210, dosed near "
         "12:00: docs/agents.md)"),
    Case("tesamorelin-hiv-1mg-igf1", 4, "tesamorelin", "IGF-1 change, 1 mg SC daily, HIV patients with abdominal fat",
         "tes_hiv", "igf1_pct_1mg", 48.0, 20.0, "%", "validation", FALUTZ,
         "vs placebo at 12 weeks (simulated 4 weeks: plateau); no dispersion published, 20 points allowed"),
    Case("tesamorelin-hiv-2mg-igf1", 5, "tesamorelin", "IGF-1 change, 2 mg SC daily, HIV patients with abdominal fat",
         "tes_hiv", "igf1_pct_2mg", 65.0, 20.0, "%", "validation", FALUTZ,
         "vs placebo at 12 weeks (simulated 4 weeks: plateau); no dispersion published, 20 points allowed"),
    Case("cjc-1295-trough-gh", 7, "cjc-1295", "trough (inter-pulse) GH 1 week after 60/90 ug/kg SC, men 20-40 y",
         "cjc", "trough_fold", 7.5, 2.5, "fold", "calibration", IONESCU,
         "10th percentile of 20-min samples, 20-08 h; 60 and 90 ug/kg averaged; tolerance 5-10 fold"),
    Case("cjc-1295-mean-gh", 8, "cjc-1295", "mean overnight GH change 1 week after the dose",
         "cjc", "mean_gh_pct", 46.0, 25.0, "%", "validation", IONESCU, "P < 0.01; 25 points allowed"),
    Case("cjc-1295-igf1", 9, "cjc-1295", "IGF-1 change 1 week after the dose",
         "cjc", "igf1_pct", 45.0, 15.0, "%", "calibration", IONESCU, "P < 0.001; 15 points allowed"),
    Case("cjc-1295-pulse-frequency", 10, "cjc-1295", "GH pulse count (20-08 h) relative change: unchanged",
         "cjc", "pulse_change", 0.0, 0.35, "fraction", "validation", IONESCU,
         "'unchanged': within +/- 35 % of baseline (12-h window holds only ~6 pulses)"),
    Case("cjc-1295-igf1-duration", None, "cjc-1295", "days IGF-1 stays raised after one 30 ug/kg SC dose (healthy "
         "adults 21-61 y; a 40-y man simulated)", "cjc_teichman", "igf1_days_raised", 10.0, 5.0, "days",
         "validation", TEICHMAN, "beyond trials_calibration.csv (abstract: mean IGF-I 1.5- to 3-fold for 9-11 days "
         "after single 30-250 ug/kg doses, half-life 5.8-8.1 days); 'raised' read as >= "
         f"{RAISED_FOLD:g} x the pre-dose level; 5 days allowed"),
    Case("cjc-1295-igf1-duration-high", None, "cjc-1295", "days IGF-1 stays raised after one "
         f"{TEICHMAN_DOSES_UG_KG[1].value:g} ug/kg SC dose, the highest of study 1 (healthy adults 21-61 y; a 40-y "
         "man simulated)", "cjc_teichman", "igf1_days_raised_high", 10.0, 5.0, "days", "validation", TEICHMAN,
         "beyond trials_calibration.csv (abstract: IGF-I raised 1.5- to 3-fold 'for 9-11 d' after single 30-250 "
         "ug/kg doses: a duration that hardly changes over an 8-fold dose range, with a 5.8-8.1 d drug half-life); "
         f"'raised' as in cjc-1295-igf1-duration (>= {RAISED_FOLD:g} x the pre-dose level); 5 days allowed"),
    Case("cjc-1295-igf1-fold-low", None, "cjc-1295", "peak IGF-1 over its pre-dose level in the 4 weeks after one "
         f"{TEICHMAN_DOSES_UG_KG[0].value:g} ug/kg SC dose, the lowest of study 1 (healthy adults 21-61 y; a 40-y "
         "man simulated)", "cjc_teichman", "igf1_fold_low", 1.5, 0.25, "fold", "calibration", TEICHMAN,
         "beyond trials_calibration.csv (abstract: 'dose-dependent increases ... in mean plasma IGF-I concentrations "
         "by 1.5- to 3-fold'; the low end read as the lowest dose's); the abstract rounds folds to halves: +/- 0.25"),
    Case("cjc-1295-igf1-fold-high", None, "cjc-1295", "peak IGF-1 over its pre-dose level in the 4 weeks after one "
         f"{TEICHMAN_DOSES_UG_KG[1].value:g} ug/kg SC dose, the highest of study 1 (a 40-y man)", "cjc_teichman",
         "igf1_fold_high", 3.0, 0.5, "fold", "calibration", TEICHMAN, "beyond trials_calibration.csv (the high end "
         "of '1.5- to 3-fold' read as the highest dose's); the same relative tolerance as the low dose, +/- 1/6"),
    _gobburu_response("ipamorelin-gh-dose-response-low", 0, "rel_gh_low", 0.05,
                      "0.05 covers a central volume of half Vss (0.13) and the release duration (0.5-2 h)"),
    _gobburu_response("ipamorelin-gh-dose-response-mid", 2, "rel_gh_mid", 0.15,
                      "0.15 covers a central volume of half Vss (0.68)"),
    Case("ipamorelin-gh-tmax", 11, "ipamorelin", "time of GH peak after a 15-min IV infusion, mean over 5 doses",
         "ipa", "gh_tmax_h", 0.67, 0.25, "h", "validation", GOBBURU, "from infusion start; 15 min allowed"),
    Case("ipamorelin-single-episode", 12, "ipamorelin", "mean GH excess 4-8 h after the infusion's start over "
         "the peak excess, worst of 5 doses", "ipa", "residual_4_8h", 0.0, 0.1, "fraction of peak", "validation",
         GOBBURU, "'single episode returning to baseline at every dose'"),
    Case("ghs-alone-gh-peak", 21, "ipamorelin", "GH peak after a maximal GHS dose alone, GH-sufficient adults",
         "synergy", "ghs_alone_peak", 25.7, 8.0, "ug/L", "calibration",
         "Petersenn S et al. (secondary summary; approximate)",
         "GHRP-6 1 ug/kg in the study; ipamorelin 140 nmol/kg IV stands in (same receptor, full agonist); 30 %"),
    Case("ghs-ghrh-synergy", 21, "ipamorelin", "GH peak, GHS + GHRH (sermorelin 1 ug/kg IV) over GHS alone",
         "synergy", "ratio", 2.14, 0.6, "ratio", "validation",
         "Petersenn S et al. (secondary summary; approximate)", "~55 vs ~25.7 ug/L"),
    Case("sermorelin-young-gh-peak", 13, "sermorelin", "GH peak after 1 ug/kg IV, young adults",
         "ser", "young_peak", 22.3, 9.0, "ug/L", "calibration", "J Endocrinol Invest 2000;23:493",
         "+/- 4.5 (2 x 4.5 allowed)"),
    Case("sermorelin-elderly-women-gh-peak", 14, "sermorelin", "GH peak after 1 ug/kg IV, elderly women (70 y)",
         "ser", "elderly_women_peak", 5.1, 3.0, "ug/L", "validation", "Ghigo E et al. Eur J Endocrinol 1994;131:499",
         "+/- 1.5 (2 x 1.5 allowed)"),
    Case("mk-677-older-igf1", 15, "mk-677", "IGF-1 after 2 weeks of 25 mg daily, adults 64-81 y (baseline 141)",
         "mk_old", "igf1", 219.0, 42.0, "ng/mL", "calibration", CHAPMAN96,
         "tolerance 2 x SE 21; simulated over a virtual cohort, 16 per sex (calibration.CHAPMAN96_ARM)"),
    Case("mk-677-older-mean-gh", 16, "mk-677", "mean 24-h GH change after 2 weeks of 25 mg daily",
         "mk_old", "mean_gh_pct", 97.0, 46.0, "%", "calibration", CHAPMAN96, "tolerance 2 x SE 23"),
    Case("mk-677-older-pulse-number", 17, "mk-677", "GH pulse count (24 h, 20-min samples) relative change after "
         "2 weeks of 25 mg daily: unchanged (pulse height and nadir raised)", "mk_old", "pulse_change", 0.0, 0.35,
         "fraction", "validation", CHAPMAN96, "'unchanged': within +/- 35 % of baseline, as for CJC-1295"),
    Case("mk-677-older-igf1-4wk", None, "mk-677", "IGF-1 after 4 weeks of 25 mg daily, adults 64-81 y (baseline "
         "141; 219 at 2 weeks)", "mk_old_4wk", "igf1", 265.0, 58.0, "ng/mL", "validation", CHAPMAN96,
         "beyond trials_calibration.csv (same abstract: 265 +/- 29 at 4 weeks); tolerance 2 x SE 29"),
    Case("mk-677-tachyphylaxis", 19, "mk-677", "peak GH day 7 / day 1 on 25 mg daily (55.9 -> 22.6 ug/L)",
         "mk_murphy", "peak_ratio", 22.6 / 55.9, 0.12, "ratio", "calibration",
         "Murphy MG et al. J Clin Endocrinol Metab 1998;83:320",
         "ratio only: the catabolic-diet GH level itself is not modelled; 0.12 allowed"),
    Case("ghs-under-ghrh-antagonist", 22, "ipamorelin", "GH rise to a maximal GHS dose after a GHRH-receptor "
         "antagonist (400 ug/kg IV, 20 min before) over the rise after saline (33.8 -> 6.2 ug/L)", "antagonist",
         "ratio", 6.2 / 33.8, 0.12, "ratio", "validation", "Pandya N et al. J Clin Endocrinol Metab 1998;83:1186",
         "GHRP-6 1 ug/kg in the study; ipamorelin 140 nmol/kg IV stands in (as row 21); tolerance 2 x SE of the "
         "ratio (SEs 1.8 and 4.8); the antagonist's Kd is calibrated to its GHRH blockade (tool_compounds)"),
    _paired_bolus("ghrh-repeat-bolus", "sermorelin", "after a second GHRH 1 ug/kg IV bolus 120 min after the first, "
                  "over the first's (normal adults)", "ghrh_second_over_first", _sartorio(74.5, 26.5),
                  _sartorio(832.1, 59.4),
                  "sermorelin stands in for GHRH"),
    _paired_bolus("ghs-after-ghrh", "ipamorelin", "after hexarelin 1 ug/kg IV given 120 min after GHRH 1 ug/kg, over "
                  "that of a first hexarelin bolus", "ghs_after_ghrh_over_fresh", _sartorio(1049.7, 105.2),
                  SARTORIO_FRESH_HEXARELIN,
                  "tests b and c; ipamorelin 140 nmol/kg IV stands in for hexarelin (as row 21)"),
    _paired_bolus("ghs-repeat-bolus", "ipamorelin", "after a second hexarelin 1 ug/kg IV bolus 120 min after the "
                  "first, over the first's", "ghs_second_over_first", _sartorio(286.6, 43.1), SARTORIO_FRESH_HEXARELIN,
                  "ipamorelin 140 nmol/kg IV stands in for hexarelin"),
    _losa_ratio("ghrh-bolus-2h", "second", "second_over_first", _losa(4.2, 0.8, 4, "peak GH after the second bolus")),
    _losa_ratio("ghrh-bolus-4h", "third", "third_over_first", _losa(3.4, 0.5, 4, "peak GH after the third bolus")),
    _losa_infusion_ratio("ghrh-infusion-2h-bolus", "peak GH", "after a 50 ug hpGRF(1-44) bolus ending a 2-h "
                         "infusion of 100 ug/h, over that of the bolus starting it", "second_over_first_2h",
                         _losa(14.6, 3.4, None, "peak GH after the bolus ending the 2-h infusion")),
    _losa_infusion_ratio("ghrh-infusion-5h-bolus", "peak GH", "after a 50 ug hpGRF(1-44) bolus ending a 5-h "
                         "infusion of 100 ug/h, over that of the bolus starting it", "second_over_first_5h",
                         _losa(7.6, 2.5, None, "peak GH after the bolus ending the 5-h infusion")),
    _losa_infusion_ratio("ghrh-infusion-270min", "GH", "270 min into a 100 ug/h hpGRF(1-44) infusion, where the "
                         "mean curve is lowest, over the peak after the 50 ug bolus starting it",
                         "infusion_270min_over_first", _losa(2.6, 0.6, None, "GH 270 min into the infusion"),
                         "dose phases averaged; "),
    _paired_bolus("ghrh-infusion-mean-gh", "sermorelin", "on day 14 of a continuous GHRH-40 infusion (10 ng/kg/min "
                  "IV) over day 0 (normal men)", "mean_gh_ratio",
                  _vance(3.11, 0.95, "ug/L", "mean integrated GH, day 14"),
                  _vance(1.44, 0.10, "ug/L", "mean integrated GH, day 0"),
                  "24-h mean of 20-min samples, 08:00-08:00 on both days; sermorelin at the same molar rate stands in",
                  group="vance", measure="mean integrated GH (24 h)"),
    _paired_bolus("ghrh-infusion-igf1", "sermorelin", "on day 14 of a continuous GHRH-40 infusion (10 ng/kg/min IV) "
                  "over day 0 (normal men)", "igf1_ratio", _vance(1.74, 0.20, "x 10^3 U/L", "serum IGF-1, day 14"),
                  _vance(0.84, 0.14, "x 10^3 U/L", "serum IGF-1, day 0"), "sermorelin at the same molar rate stands in",
                  group="vance", measure="serum IGF-1"),
    Case("mk-677-ghd-igf1", 20, "mk-677", "IGF-1 after 4 days of 10 mg daily, GH-deficient adults (baseline 65)",
         "mk_ghd", "igf1", 99.0, 18.0, "ng/mL", "validation", CHAPMAN97,
         "tolerance 2 x SE 9; no GH-deficiency input: 40-y men with IGF-1 anchored at 65 and normal GH secretion "
         "(docs/agents.md), so the relative IGF-1 rise is what is tested"),
)

#: Rows of trials_calibration.csv no model here can express, and why. Rows 3, 6 and 18 (fasting glucose, visceral
#: fat) were here until the outcome models existed; they are now chained cases in ``igfaxis.outcomes.trial_cases``
#: (simulated IGF-1 -> outcome model), which ``igfaxis validate`` runs with these.
NOT_EXPRESSIBLE: dict[int, str] = {}

#: Cases the current axis model (docs/model.md, axis 1.2.5) cannot reach with any PD parameters, and the reason.
_HIV = ("one parameter set cannot match both cohorts. Fitted to healthy men (saturated: EC50 and Emax at the grid "
        "edges), the model gives them +145 ng/mL (+107 %; published +181 +/- 44, about +120 %) at axis 1.2.5 and "
        "the held-out HIV cohort +103/+110 % (published +48/+65 +/- 20 %): it sits on the healthy men's side (axis "
        "1.2.3 sat between the two, +119 ng/mL and +82/+90 %; axis 1.2.1 on the HIV side, +63 % healthy, +57/+63 % "
        "HIV). Both candidate covariates lower the simulated rise, in the direction of the HIV cohort "
        "(tests/physiology/agents/test_covariates.py): halving GH secretion (visceral adiposity, HIV lipodystrophy) "
        "gives +104.5 % and halving the GH-driven share of hepatic IGF-1 production (hepatic GH resistance) +90 %, "
        "against +107 % typical (4 weeks, 45-y men). Rietschel 2001's measured ratio in another HIV-lipodystrophy "
        "cohort (GH x0.47) would give +97/+102 % on the Falutz arms; GH secretion would have to fall to a quarter "
        "(+63/+68 %), or the GH-driven hepatic production below a third (x0.35: +75/+80 %), to explain the cohort "
        "alone. Neither is an input, as no human source gives its size in this cohort (docs/agents.md). The hepatic "
        "drive's shape moves the model between the cohorts without explaining them: a less switch-like drive "
        "(exponent 2, every agent refitted) passes both HIV rows (+59/+61 %) and gives healthy men +81 ng/mL "
        "(docs/model.md, 'The hepatic drive's exponent'), and so does a ceiling on GH synthesis: at full "
        "GHRH-receptor activation the model's synthesis reaches 5.5 x its GHRH-free level, where maximal GRF raised "
        "GH mRNA 2- to 2.5-fold in rat pituitary cells (Gick 1984); held to 2.8 (every agent refitted) the HIV "
        "rows pass (+65/+71 %) and the healthy men get +93 ng/mL (docs/model.md, 'A ceiling on GH synthesis')")
_TROUGH = ("continuous GHRH drive raises GH synthesis (all pulses) but cannot lift the somatostatin-gated inter-pulse "
           "trough: a somatostatin-escaping fraction of release (srif_leak) reached the trough but made the pulse "
           "pattern, and so dose responses, irregular, and is set to 0 (docs/model.md, axis 1.1); with the model's "
           "untreated nadir (10th percentile 23 % of the overnight mean) a x7.5 trough with unchanged pulses would "
           "mean GH +150 %, so trough and mean GH can pass together only after the nadir is lowered; a low-nadir "
           "generator passed both (x6.4, +44 %) but made dose responses jump with dose (attempt 3); a GHRH-driven "
           "pulse clock passed both with dose responses rising (x9.5, +43 %) but IGF-1 stopped following nadir GH "
           "(attempt 4); an adapting GH -> somatostatin feedback lifted the trough only where the pulses vanished "
           "(attempt 5); attempt 3's jumps come from the sleep-onset episode coming and going with dose, and with "
           "slow-wave sleep cutting somatostatin's action and a larger leak, ported to axis 1.2.5 and every agent "
           "refitted, all four of Ionescu's rows passed (x6.7, +37 %) with the dose series rising, but tesamorelin's "
           "healthy-men IGF-1 fell to +71 ng/mL (181 +/- 44) and the untreated generator to 8 pulses a day; on that "
           "port, GH synthesis rising with the cube of GHRH-receptor activation and tesamorelin dosed at noon (the "
           "clock of the trial group's parallel study) passed the trough (x5.70, mean GH +43 %) with tesamorelin's "
           "healthy men (+172 ng/mL) at a calibration loss of 4.30 against main's 10.79, but CJC-1295's IGF-1 then "
           "stays raised 30 days (10 +/- 5), within normal men IGF-1 follows pulse mass more than nadir GH, and its "
           "tesamorelin rise rests on GH synthesis of up to 14.5 x the GHRH-free level, where maximal GRF raised GH "
           "mRNA 2- to 2.5-fold (Gick 1984; held to that, tesamorelin's healthy men get +45 ng/mL); none "
           "was adopted (docs/model.md, 'Tried for a lower GH nadir', 'The port with every agent refitted', 'GH "
           "synthesis per GHRH-receptor activation made convex', 'A ceiling on GH synthesis')")
_REPEAT = ("the model's only refractoriness within hours is its releasable pool, which a secretagogue episode empties "
           "and a GHRH bolus leaves full enough for a second response. Sartorio's pattern (a second GHRH fails, "
           "hexarelin after GHRH still releases three quarters of its fresh response) points to a somatostatin surge "
           "after the GHRH-induced pulse that ghrelin-receptor agonists partly overcome, or to GHRH-receptor "
           "desensitisation: the model has neither. Measured at axis 1.2: without the GHRH opposition to "
           "somatostatin (ghrh_srif_opp 0) the second GHRH response is larger still (1.37 x the first), and so it is "
           "with a doubled GH-driven somatostatin (srif_gh 600: 1.30), whose feedback has decayed by 2 h. A slow "
           "somatostatin tone after large GH episodes that GHRH occupancy cannot override, fitted to Losa's peaks "
           "with every agent refitted (attempt 7), matched them (0.25 / 0.27) and lifted the CJC-1295 trough to x5.4, "
           "but made tesamorelin's IGF-1 fall at the top dose and IGF-1 follow nadir GH less. A GHRH-receptor "
           "desensitisation strong enough for Losa's peaks (sermorelin's tolerance state, screened) abolishes the GH "
           "and IGF-1 rise of Vance's 14-day infusion (docs/model.md)")
_CJC_IDENTIFY = ("the table's two CJC-1295 calibration rows (Ionescu 2006) do not identify its potency: the trough "
                 "row is out of the model's reach, so IGF-1 alone leaves a ridge of EC50/Emax pairs along which the "
                 "held-out mean GH and IGF-1 duration ranged from +4 to +160 % and 10 to 78 days (refits at "
                 "hep_ec50 1-2 ng/mL); Teichman's dose-dependent IGF-1 rise picks the point on it (docs/model.md, "
                 "'Axis 1.2.1')")
#: Calibration cases from beyond the reference tables, each with why it is fitted rather than held out. Every other
#: outcome found in the literature is a validation case.
CALIBRATION_BEYOND_TABLES: dict[str, str] = {
    "cjc-1295-igf1-fold-low": _CJC_IDENTIFY,
    "cjc-1295-igf1-fold-high": _CJC_IDENTIFY,
}
KNOWN_MISMATCH: dict[str, str] = {
    "ghrh-bolus-2h": "the second of three GHRH boluses 2 h apart peaks at 1.05 of the first (0.25 +/- 0.11; 0.86 at "
                     "axis 1.2.4, before the larger releasable pool): " + _REPEAT,
    "ghrh-bolus-4h": "the third bolus peaks at 0.86 of the first (0.21 +/- 0.073; 0.67 at axis 1.2.4): " + _REPEAT,
    "ghrh-repeat-bolus": "a second GHRH bolus 2 h after the first gives 1.13 of the first response (0.09 +/- 0.065; "
                         "1.01 at axis 1.2.4): " + _REPEAT,
    "ghs-after-ghrh": "a secretagogue 2 h after GHRH releases 1.24 x a fresh secretagogue response (0.74 +/- 0.26; "
                      "1.14 at axis 1.2.4): " + _REPEAT,
    "ghs-repeat-bolus": "a second secretagogue bolus 2 h after the first gives 0.11 of the first (0.20 +/- 0.084; 0.45 "
                        "at axis 1.2.4, 0.74 at 1.2.3): the first episode drains the releasable pool, which since "
                        "axis 1.2.5 is larger (pool_cap 4.5) and refills less of itself in 2 h; the ratio falls "
                        "steadily with pool_cap (0.43 / 0.22 / 0.11 / 0.035 at 3 / 3.75 / 4.5 / 6, every agent "
                        "refitted), and pool_cap was chosen on the calibration rows. Sartorio's pattern needs "
                        "refractoriness the model does not have; " + _REPEAT,
    "ghrh-infusion-270min": "270 min into a 100 ug/h GHRH infusion GH is 0.60 of the first bolus peak (0.11 +/- "
                            "0.068; dose phases averaged; 0.37 at axis 1.2.4, 0.33 at 1.2.3): under a continuous high "
                            "GHRH drive the model keeps firing full pulses, locked to the starting bolus, where the "
                            "study's GH fell to 2.6 ng/mL, and since axis 1.2.5 a larger releasable pool (pool_cap "
                            "4.5) refills less of itself per hour, so the first bolus drains it less. The same "
                            "sustained excess shows in absolute terms on day 14 of Vance's infusion (mean GH 4.7 "
                            "against 3.11 +/- 0.95 ug/L; the ratio to day 0 passes, x2.17); " + _REPEAT,
    "tesamorelin-hiv-1mg-igf1": "IGF-1 +103 % vs 48 +/- 20 % over placebo (1 mg, 12 weeks): " + _HIV,
    "tesamorelin-hiv-2mg-igf1": "IGF-1 +110 % vs 65 +/- 20 % over placebo (2 mg, 12 weeks): " + _HIV,
    "cjc-1295-trough-gh": "trough x0.84 vs 7.5 +/- 2.5: " + _TROUGH,
    "cjc-1295-mean-gh": "mean overnight GH -2.5 % (46 +/- 25) 1 week after 60-90 ug/kg, with IGF-1 matched (+38 % vs "
                        "45 +/- 15) and Teichman's dose-dependent IGF-1 rise fitted: the drive raises the daytime "
                        "pulses and the 24-h mean (+8 % at 60 ug/kg, a 30-y man) but the sleep-onset pulse shrinks "
                        "(peak 18.2 -> 10.9 ug/L), and with it the overnight mean: under a sustained drive the "
                        "releasable pool and the IGF-1 feedback cap the night's episode. The published pattern "
                        "(trough x7.5, pulses unchanged, mean +46 %) needs the lower untreated nadir: " + _TROUGH,
    "cjc-1295-igf1-duration-high": "IGF-1 stays >= 1.2 x its pre-dose level for 30 days after one 250 ug/kg dose "
                                   "(10 +/- 5; 8 after 30 ug/kg, which passes): with the 7-day half-life and "
                                   "single-site occupancy each doubling of the dose adds about a week (8 / 15 / 22 / "
                                   "30 days at 30 / 60 / 125 / 250 ug/kg), where Teichman 2006 gives 9-11 days over "
                                   "the whole range. A tolerance of CJC-1295's own drive (the per-stream state MK-677 "
                                   "uses: kon 0.1 /h, koff 0.0003-0.001 /h, Tmax 0.99, Emax 10000, EC50 refitted on "
                                   "the calibration rows) brings both doses to 8-12 days with Teichman's folds and "
                                   "the one-week IGF-1 kept, but only by blunting the doses that follow: three weekly "
                                   "30 ug/kg doses keep IGF-1 raised 20-22 days from the first and the last dose's "
                                   "peak is 0.84-0.90 of the first, where the multiple-dose study found a cumulative "
                                   "effect and IGF-1 above baseline for up to 28 days (without it 28-29 days, "
                                   "1.06-1.07); not "
                                   "adopted (docs/model.md, 'CJC-1295's IGF-1 duration over Teichman's dose range')",
    "mk-677-older-mean-gh": "mean 24-h GH +49.4 % (97 +/- 46) over the case's virtual cohort of 32 older adults, "
                            "1.6 points below the band (+53.2 % in the typical man and woman, start days averaged): "
                            "under MK-677 9 of the 32 fall into the tonic state (pulses stop, GH +39.8 %, IGF-1 138 "
                            "ng/mL) and the others reach +53.1 %, and 48 per sex give +49.3 to +50.5 % over three "
                            "seeds. The model's MK-677 response is smaller and less variable between people than the "
                            "trial's (SD 12 % vs about 65 %). The axis values that remove the tonic state lower it "
                            "further (direct GHS release g0 0.07: +39.1 %; synth_ghs 1.0: +43.5 %; every agent "
                            "refitted, summed calibration loss 11.19 and 10.96 against 10.79), and those that raise "
                            "it into the band (synth_ghs 2.0, g0 0.13: +53.2 / +61.5 %, loss 10.42) send 16 and 20 "
                            "of the 32 into the tonic state, where the trial saw the pulse count unchanged (the "
                            "held-out pulse row fails); neither was adopted (docs/model.md, 'Chapman 1996 over a "
                            "virtual cohort'). A higher hepatic threshold (hep_ec50 2.375, every agent refitted) "
                            "passes the row (+57.3 %) with IGF-1 on the published value, but its refit makes the "
                            "tonic state the typical older woman's outcome on 25 mg and ends CJC-1295's IGF-1 rise "
                            "within a week in men from 50 y, so it was not adopted either (docs/model.md, 'The "
                            "hepatic threshold re-scanned on the cohort design'). Papathanasiou's hyperbolic hepatic "
                            "drive, which passes Surya 2009's GH-delivery test that the threshold fails fourfold, "
                            "passes it too (+84.7 %, refitted) but loses tesamorelin's and CJC-1295's IGF-1 rises "
                            "(docs/model.md, 'Exogenous GH in two patterns'). A steeper drive (exponent 4, refitted) "
                            "passes it with the pulse count kept (+54.2 %, loss 9.75) but then MK-677 lowers IGF-1 "
                            "in older women and CJC-1295's rise fades in older men; exponent 2 passes it only at "
                            "thresholds of 6-8 ng/mL, where the pulse row fails (docs/model.md, 'The hepatic "
                            "drive's exponent')",
}
