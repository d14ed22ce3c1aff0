"""Fat-free mass and body weight under MK-677 (Nass 2008): an effect-compartment model on the IGF-1 rise.

Model (t in days, x(t) = IGF1(t)/IGF1(0) - 1)::

    dE/dt = k * (x - E),  E(0) = 0          (E: the IGF-1 rise as the tissue has integrated it)
    dFFM(t) = beta_ffm * E(t)               [kg, placebo-adjusted]
    dWeight(t) = beta_weight * E(t)         [kg, placebo-adjusted]

``beta`` is fitted by :func:`fit_body_composition` to the 12-month placebo-adjusted changes in Nass 2008 (one dose,
one exposure level, so the response is linear in the rise and only rises near the trial's are inside the envelope).
``k`` is an assumption: the abstract reports 12-month values only (assessments every 6 months; the 6-month values
were not in the text read). When MK-677 stops, IGF-1 falls and the gain recedes with the same ``k`` — no trial
reports what happens to fat-free mass after stopping MK-677, so that part is a model assumption too.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from igfaxis.outcomes._kinetics import (
    Fit,
    FloatArray,
    Target,
    band,
    draws,
    exposure_series,
    fit_wls,
    half_life_rate,
    turnover,
)
from igfaxis.outcomes.base import Envelope, OutcomeInputs, OutcomeModel, OutcomeResult, register, uses_any
from igfaxis.provenance import ParameterTable, Sourced

NASS_2008 = ("Nass R, Pezzoli SS, Oliveri MC, et al. Ann Intern Med 2008;149(9):601-11 (PMC2757071; abstract read): "
             "65 healthy adults 60-81 y, MK-677 25 mg vs placebo once daily; FFM +1.1 (95% CI 0.7 to 1.5) kg vs "
             "-0.5 (-1.1 to 0.2) kg at 12 months")
NASS_SUMMARY = ("Healio Endocrine Today 2008-12-10, secondary summary of Nass 2008 (not the paper): at 1 year IGF-I "
                "1.5-fold and GH 1.8-fold of baseline; body weight +2.7 kg (MK-677) vs +0.8 kg (placebo), P = 0.003")
CHAPMAN_1996 = ("Chapman IM, Bach MA, Van Cauter E, et al. J Clin Endocrinol Metab 1996;81(12):4249-57 (PMID 8954023; "
                "abstract read): 25 mg/day in adults 64-81 y, IGF-1 141 -> 219 (2 wk) -> 265 ug/L (4 wk)")
FITTED = "fitted by igfaxis.outcomes.body_composition.fit_body_composition to TARGETS (Nass 2008)"

_NASS_X = ((0.0, 0.5),)  # IGF-1 1.5-fold of baseline at 1 year (NASS_SUMMARY)

FFM_TARGETS: tuple[Target, ...] = (
    Target("nass2008_ffm_12mo", 1.1 - (-0.5), float(np.hypot(0.8 / 3.92, 1.3 / 3.92)), 365, _NASS_X, NASS_2008,
           "placebo-adjusted +1.6 kg; SE from the two 95% CIs (widths 0.8 and 1.3 kg / 3.92), combined"),
)
WEIGHT_TARGETS: tuple[Target, ...] = (
    Target("nass2008_weight_12mo", 2.7 - 0.8, 1.9 / 2.968, 365, _NASS_X, NASS_SUMMARY,
           "placebo-adjusted +1.9 kg; SE from the two-sided P = 0.003 (z = 2.968)"),
)

PARAMS = ParameterTable.of(
    "MK-677 body composition",
    Sourced("k", half_life_rate(60.0), "1/day", "assumption (no intermediate time point in the text read)",
            "half-time 60 days for the body-composition response to follow a sustained IGF-1 rise; Nass 2008 "
            "assessed every 6 months but only 12-month values were available here", assumption=True),
    Sourced("beta_ffm", 3.2491, "kg per unit relative IGF-1 rise", FITTED,
            "placebo-adjusted fat-free mass gain at steady state per unit IGF-1 rise (0.5 = 1.5-fold)"),
    Sourced("beta_ffm_se", 0.79075, "kg per unit relative IGF-1 rise", FITTED, "standard error of beta_ffm"),
    Sourced("beta_weight", 3.8583, "kg per unit relative IGF-1 rise", FITTED,
            "placebo-adjusted body-weight gain at steady state per unit IGF-1 rise"),
    Sourced("beta_weight_se", 1.3000, "kg per unit relative IGF-1 rise", FITTED, "standard error of beta_weight"),
)

ENVELOPE = Envelope(
    name="body_composition", agent="mk-677",
    population="healthy men and women aged 60-81 (women on or off hormone replacement), no HIV",
    source="; ".join((NASS_2008, NASS_SUMMARY, CHAPMAN_1996)),
    age_years=(60.0, 81.0), daily_dose_mg=(25.0, 25.0), max_days_on=365, exposure=(0.4, 0.9), requires_hiv=False,
)


def effect_exposure(x: FloatArray, k: float = PARAMS.value("k")) -> FloatArray:
    return turnover(x, k)


def fit_body_composition() -> tuple[Fit, Fit]:
    """Fit ``beta_ffm`` and ``beta_weight`` (k held at its assumed value) to Nass 2008."""
    def predict(p: FloatArray, t: Target) -> float:
        x = exposure_series(t.exposure, t.day + 1, stop_day=t.stop_day)
        return float(p[0] * effect_exposure(x)[t.day])
    ffm = fit_wls(predict, FFM_TARGETS, ("beta_ffm",), p0=(3.0,), bounds=((0.0,), (50.0,)))
    weight = fit_wls(predict, WEIGHT_TARGETS, ("beta_weight",), p0=(3.0,), bounds=((0.0,), (50.0,)))
    return ffm, weight


def predict_target(t: Target, beta: float) -> float:
    x = exposure_series(t.exposure, t.day + 1, stop_day=t.stop_day)
    return float(beta * effect_exposure(x)[t.day])


def _forecast(inputs: OutcomeInputs, *, name: str, label: str, beta: str, source: str) -> OutcomeResult:
    x = inputs.relative_rise
    e = effect_exposure(x)
    b = PARAMS.value(beta)
    central = b * e
    d = draws([b], [[PARAMS.value(beta + "_se") ** 2]], [0.0], [50.0])[:, 0]
    low, high = band(d[:, None] * e[None, :])
    plateau = inputs.mean_rise_on("mk-677")
    reasons = ENVELOPE.check(inputs)
    return OutcomeResult(
        model=name, label=label, goal="lean_mass" if name == "fat_free_mass" else None,
        value=float(central[-1]), ci90=(float(low[-1]), float(high[-1])), unit="kg change from baseline "
        "(placebo-adjusted)", source=source, extrapolated=bool(reasons), extrapolation_reasons=reasons,
        kind="trial_exposure_response", days=inputs.days, series=central, series_low=low, series_high=high,
        extra=MappingProxyType({
            "population": ENVELOPE.population,
            "mean_igf1_rise_on_treatment": None if plateau is None else round(plateau, 4),
            "note": "Nass 2008: no significant change in abdominal visceral fat or total fat mass; limb fat rose; "
                    "strength and function did not change",
        }),
    )


def forecast_ffm(inputs: OutcomeInputs) -> OutcomeResult:
    return _forecast(inputs, name="fat_free_mass", label="Fat-free mass (MK-677)", beta="beta_ffm",
                     source=NASS_2008)


def forecast_weight(inputs: OutcomeInputs) -> OutcomeResult:
    return _forecast(inputs, name="body_weight", label="Body weight (MK-677)", beta="beta_weight",
                     source=NASS_2008 + "; " + NASS_SUMMARY)


FFM_MODEL = register(OutcomeModel("fat_free_mass", "lean_mass", frozenset({"mk-677"}), forecast_ffm,
                                  uses_any(("mk-677",))))
WEIGHT_MODEL = register(OutcomeModel("body_weight", None, frozenset({"mk-677"}), forecast_weight,
                                     uses_any(("mk-677",))))
