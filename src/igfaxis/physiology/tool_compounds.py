"""Research tool compounds: drugs used in published physiology experiments, never in protocols or plans.

They let the axis model re-run those experiments (``igfaxis validate``). Not agents: ``igfaxis agents`` does not
list them, protocol files cannot name them, and no dose range or regulatory status applies.

* GHRH-receptor antagonist (N-Ac-Tyr1,D-Arg2)-GHRH(3-29)-NH2, 400 µg/kg IV (Jaffe CA et al. J Clin Invest
  1993;92:695; Pandya N et al. J Clin Endocrinol Metab 1998;83:1186). It acts on the axis as a competitive
  GHRH-receptor antagonist (``receptor="ghrh_block"``, :mod:`igfaxis.physiology.dosing`). Its only published human
  effect is the blockade of exogenous GHRH (95 % of a 0.33 µg/kg and 81 % of a 3.3 µg/kg bolus); the apparent Kd is
  calibrated to those two numbers (:func:`igfaxis.physiology.calibration.antagonist_blockade`), and its PK is an
  assumption.
* Somatropin (recombinant human GH) by IV infusion or bolus, to re-run experiments that give GH itself in a chosen
  pattern (Surya S et al. J Clin Endocrinol Metab 2009;94:2828: the same daily dose continuously or as four
  boluses). It acts on the axis as exogenous plasma GH (``receptor="gh"``): at the liver and in the GH ->
  somatostatin feedback, beside the person's own GH. Its PK is the label's IV volume and clearance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from igfaxis.physiology.dosing import DrugInput
from igfaxis.provenance import ParameterTable, Sourced

JAFFE93 = "Jaffe CA et al. J Clin Invest 1993;92:695 (as summarised in Pandya N et al. JCEM 1998;83:1186)"
PANDYA98 = "Pandya N et al. J Clin Endocrinol Metab 1998;83:1186"
NORDITROPIN_PK = ("Norditropin prescribing information (Switzerland, Fachinformation, 'Pharmakokinetik'; "
                  "compendium via ch.oddb.org, reg. 55022)")

GHRH_ANTAGONIST = ParameterTable.of(
    "GHRH-receptor antagonist (N-Ac-Tyr1,D-Arg2)-GHRH(3-29)-NH2 (research tool)",
    Sourced("dose_iv", 400.0, "ug/kg", PANDYA98, "IV bolus 20 min before the test peptide (08:40)"),
    Sourced("kd", 475.0, "ng/mL", "igfaxis calibration to the published GHRH blockade (docs/agents.md, row 22)",
            "apparent Kd of GHRH-receptor occupancy, set so the model reproduces the blockade of a 0.33 and a "
            "3.3 ug/kg GHRH bolus (95 % and 81 %, " + JAFFE93 + "), mean rises over the bolus studies' dose phases "
            "(calibration.DOSE_PHASES_MIN; model 100 % and 81 %; 385 until axis 1.2.5, whose sermorelin refit is "
            "2.5x less potent); tests/physiology/agents/test_tool_compounds.py",
            assumption=True),
    Sourced("half_life", 2.0, "h", "assumption: no human PK published",
            "chosen so the blockade holds through the 2-h test window, as the study's sampling shows", assumption=True),
    Sourced("volume", 0.2, "L/kg", "assumption: no human PK published",
            "extracellular volume of a 3-kDa peptide; scales the concentration only (Kd is calibrated on it)",
            assumption=True),
)


SOMATROPIN = ParameterTable.of(
    "Somatropin (recombinant human GH), IV (research tool)",
    Sourced("volume", 67.7, "mL/kg", NORDITROPIN_PK, "volume of distribution after IV administration, 67.7 +/- "
            "14.6 mL/kg"),
    Sourced("clearance", 2.33, "mL/kg/min", NORDITROPIN_PK, "metabolic clearance, 2.33 +/- 0.58 mL/kg/min, during "
            "a 3-h IV infusion of 33 ng/kg/min in GH-deficient patients; with the volume, an elimination half-life "
            "of 20 min (21.1 +/- 1.7 min measured in the same infusions; 19.5 +/- 3.1 min in healthy men, US "
            "labels)"),
    Sourced("linear_ec50", 1.0e6, "ng/mL", "igfaxis: a linear stream (dosing.py, receptor 'gh')",
            "EC50 and Emax of the stream's drive, equal and far above any concentration reached (a 1-mg IV bolus "
            "peaks near 150 ng/mL), so the drive is the plasma concentration itself to within 0.02 %"),
)


def somatropin_iv(*, weight_kg: float, times_h: Sequence[float], amounts_ug: Sequence[float]) -> DrugInput:
    """IV somatropin: ``amounts_ug[i]`` µg at ``times_h[i]`` (hours from day 0); an infusion is one bolus a minute."""
    t = SOMATROPIN
    volume_l = t.value("volume") * 1e-3 * weight_kg
    ke_per_h = t.value("clearance") * 60.0 / t.value("volume")  # (mL/kg/min) / (mL/kg), per hour
    big = t.value("linear_ec50")
    return DrugInput(
        name="somatropin", receptor="gh", ka_per_h=0.0, ke_per_h=ke_per_h, bioavailability=1.0, volume_l=volume_l,
        ec50_ng_ml=big, emax=big, hill=1.0, iv=True, dose_times_h=tuple(times_h), dose_amounts_ug=tuple(amounts_ug),
    )


def ghrh_antagonist(*, weight_kg: float, times_h: Sequence[float], ug_per_kg: float | None = None) -> DrugInput:
    """IV boluses of the GHRH-receptor antagonist (µg/kg, default the published 400) at ``times_h``."""
    t = GHRH_ANTAGONIST
    dose = t.value("dose_iv") if ug_per_kg is None else ug_per_kg
    return DrugInput(
        name="ghrh-antagonist", receptor="ghrh_block", ka_per_h=0.0,
        ke_per_h=math.log(2.0) / t.value("half_life"), bioavailability=1.0,
        volume_l=t.value("volume") * weight_kg, ec50_ng_ml=t.value("kd"), emax=1.0, hill=1.0, iv=True,
        dose_times_h=tuple(times_h), dose_amounts_ug=tuple(dose * weight_kg for _ in times_h),
    )


__all__ = ["GHRH_ANTAGONIST", "SOMATROPIN", "ghrh_antagonist", "somatropin_iv"]
