"""Research tool compounds: drugs used in published physiology experiments, never in protocols or plans.

They let the axis model re-run those experiments (``igfaxis validate``). Not agents: ``igfaxis agents`` does not
list them, protocol files cannot name them, and no dose range or regulatory status applies.

* GHRH-receptor antagonist (N-Ac-Tyr1,D-Arg2)-GHRH(3-29)-NH2, 400 µg/kg IV (Jaffe CA et al. J Clin Invest
  1993;92:695; Pandya N et al. J Clin Endocrinol Metab 1998;83:1186). It acts on the axis as a competitive
  GHRH-receptor antagonist (``receptor="ghrh_block"``, :mod:`igfaxis.physiology.dosing`). Its only published human
  effect is the blockade of exogenous GHRH (95 % of a 0.33 µg/kg and 81 % of a 3.3 µg/kg bolus); the apparent Kd is
  calibrated to those two numbers (:func:`igfaxis.physiology.calibration.antagonist_blockade`), and its PK is an
  assumption.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from igfaxis.physiology.dosing import DrugInput
from igfaxis.provenance import ParameterTable, Sourced

JAFFE93 = "Jaffe CA et al. J Clin Invest 1993;92:695 (as summarised in Pandya N et al. JCEM 1998;83:1186)"
PANDYA98 = "Pandya N et al. J Clin Endocrinol Metab 1998;83:1186"

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


__all__ = ["GHRH_ANTAGONIST", "ghrh_antagonist"]
