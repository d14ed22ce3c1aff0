"""All-cause mortality hazard over a protocol: the evidence layer's IGF-1 U-curve applied to the trajectory.

This is an *extrapolation from observational cohorts* (people with naturally low or high IGF-1 followed for
years), not a trial outcome: no trial has shown that moving IGF-1 with these agents changes mortality. Every
result is marked ``extrapolated`` and ``kind = "observational_extrapolation"``.

For each day the curve gives HR(IGF1(t)) with its 95 % band (reference: the cohorts' middle category). Reported:

* ``value``: % change of the hazard on the last day relative to the hazard at the baseline IGF-1;
* ``time_weighted_change_pct``: the same for the hazard averaged over the whole simulation (time-weighted);
* ``time_in_zone``: fraction of days in each IGF-1 zone (``igfaxis.evidence.zones``).

The 90 % band uses the curve's band on the log scale (95 % -> 90 % by 1.645/1.96), the baseline hazard held fixed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import MappingProxyType
from typing import cast

import numpy as np

from igfaxis.errors import IgfaxisError
from igfaxis.outcomes._kinetics import FloatArray
from igfaxis.outcomes.base import OutcomeInputs, OutcomeModel, OutcomeResult, register
from igfaxis.provenance import Sourced

HazardFn = Callable[..., tuple[FloatArray, FloatArray, FloatArray]]

SOURCES = ("Burgers AMG et al. J Clin Endocrinol Metab 2011;96(9):2912-20 (meta-analysis, 12 cohorts); "
           "Rahmani J et al. Aging Cell 2022;21(2):e13540 (19 cohorts; lowest mortality at 120-160 ng/mL); "
           "curve and anchors: igfaxis.evidence.mortality (shared/reference/mortality_anchors.csv)")
LABEL = ("extrapolated from observational cohorts (untreated people), not a trial outcome: no trial shows that "
         "raising or lowering IGF-1 with these agents changes mortality")
Z90_OVER_Z95 = Sourced("z90_over_z95", 1.6449 / 1.9600, "1", "standard normal quantiles (0.95 and 0.975)",
                       "rescales a 95 % log-hazard band to 90 %")


class OutcomeUnavailable(IgfaxisError):
    """A model cannot run here (e.g. the evidence layer's curve is not installed)."""


def default_hazard_fn() -> HazardFn:
    """``igfaxis.evidence.mortality.hazard_ratio`` (imported lazily; it belongs to the evidence layer)."""
    try:
        module = importlib.import_module("igfaxis.evidence.mortality")
        return cast(HazardFn, module.hazard_ratio)
    except (ImportError, AttributeError) as exc:
        raise OutcomeUnavailable(f"mortality curve unavailable: {exc}") from exc


def time_in_zone(igf1_ng_ml: FloatArray) -> dict[str, float]:
    """Fraction of days in each IGF-1 zone (``igfaxis.evidence.zones.ZONES``)."""
    from igfaxis.evidence.zones import ZONES, classify

    counts = {z.name: 0 for z in ZONES}
    for v in igf1_ng_ml:
        counts[classify(float(v)).name] += 1
    n = max(len(igf1_ng_ml), 1)
    return {k: round(c / n, 4) for k, c in counts.items()}


def forecast_mortality(inputs: OutcomeInputs, *, hazard_fn: HazardFn | None = None) -> OutcomeResult:
    fn = hazard_fn if hazard_fn is not None else default_hazard_fn()
    est, low, high = (np.asarray(a, dtype=float) for a in fn(inputs.igf1_ng_ml, age_years=inputs.person.age_years,
                                                              sex=inputs.person.sex))
    base = np.asarray(fn(np.array([inputs.baseline]), age_years=inputs.person.age_years, sex=inputs.person.sex)[0],
                      dtype=float)[0]
    rel = est / base
    se_log = (np.log(high) - np.log(low)) / 2.0 * Z90_OVER_Z95.value
    rel_lo, rel_hi = rel * np.exp(-se_log), rel * np.exp(se_log)
    pct = 100.0 * (rel - 1.0)
    lo_pct, hi_pct = 100.0 * (rel_lo - 1.0), 100.0 * (rel_hi - 1.0)
    tw = float(np.mean(rel))
    zones = time_in_zone(inputs.igf1_ng_ml)
    return OutcomeResult(
        model="mortality_hazard", label="All-cause mortality hazard (observational curve)", goal=None,
        value=float(pct[-1]), ci90=(float(lo_pct[-1]), float(hi_pct[-1])),
        unit="% change in hazard vs the hazard at baseline IGF-1", source=SOURCES, extrapolated=True,
        extrapolation_reasons=(LABEL,), kind="observational_extrapolation", days=inputs.days, series=pct,
        series_low=lo_pct, series_high=hi_pct,
        extra=MappingProxyType({
            "label_note": LABEL,
            "baseline_hr": round(float(base), 4),
            "end_hr": round(float(est[-1]), 4),
            "time_weighted_hr": round(float(np.mean(est)), 4),
            "time_weighted_change_pct": round(100.0 * (tw - 1.0), 3),
            "time_in_zone": zones,
        }),
    )


MODEL = register(OutcomeModel("mortality_hazard", None, frozenset(), lambda i: forecast_mortality(i),
                              lambda _i: True))
