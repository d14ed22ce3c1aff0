"""Visceral adipose tissue (VAT) under tesamorelin: an indirect-response model driven by the IGF-1 rise.

Model (R = VAT relative to baseline, t in days, x(t) = IGF1(t)/IGF1(0) - 1)::

    dR/dt = kout * (1 - I(x)) - kout * R,    I(x) = min(slope * x, 0.9),    R(0) = 1
    forecast = 100 * (R(t) - 1)   [% change from baseline, placebo-adjusted]

While IGF-1 is raised VAT falls first-order towards ``1 - I(x)``; when tesamorelin stops, IGF-1 falls back (the
trajectory carries that) and VAT returns to baseline with the same ``kout`` (regain after stopping, Falutz 2008/
2010: "upon discontinuation of tesamorelin, VAT reaccumulated"; the regain rate is not reported in the abstracts,
so the symmetric turnover model supplies it — an assumption stated on ``kout``).

``slope`` and ``kout`` are fitted by :func:`fit_vat` to the placebo-adjusted trial numbers in :data:`TARGETS`; the
stored values in :data:`PARAMS` reproduce them (tests re-fit and compare). An Emax form ``Imax x/(IC50 + x)`` was
tried first: the trials span IGF-1 rises of only 48-86 %, too narrow to identify saturation (the fit ran to the
linear limit with IC50 at its bound), so the response is linear in the rise and rises outside 48-86 % are flagged
as extrapolated.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from igfaxis.outcomes._kinetics import Fit, FloatArray, Target, band, draws, exposure_series, fit_wls, turnover
from igfaxis.outcomes.base import Envelope, OutcomeInputs, OutcomeModel, OutcomeResult, register, uses_any
from igfaxis.provenance import ParameterTable, Sourced

FALUTZ_2005 = ("Falutz J, Allas S, Kotler D, et al. AIDS 2005;19(12):1279-87 (PMID 16052083; abstract read): "
               "61 HIV patients with abdominal fat, placebo vs tesamorelin 1 or 2 mg SC daily, 12 weeks")
FALUTZ_2007 = ("Falutz J, Allas S, Blot K, et al. N Engl J Med 2007;357(23):2359-70 (PMID 18057338; abstract read): "
               "412 HIV patients (86 % men), tesamorelin 2 mg SC daily vs placebo, 26 weeks")
FALUTZ_2008 = ("Falutz J et al. 26-week extension of the NEJM 2007 trial, PMID 18690162 (AIDS 2008; journal and "
               "pages from memory; abstract read): T-T n=154, T-P n=50; VAT -18 % sustained over 52 weeks on "
               "treatment; 'upon discontinuation of tesamorelin, VAT reaccumulated'")
FALUTZ_2010 = ("Falutz J, Mamputu JC, Potvin D, et al. J Clin Endocrinol Metab 2010;95(9):4291-304 (PMID 20554713; "
               "abstract read): pooled phase 3, 806 patients, tesamorelin 2 mg (n=543) vs placebo (n=263)")
STANLEY_2014 = ("Stanley TL, Feldpausch MN, Oh J, et al. JAMA 2014;312(4):380-9, doi:10.1001/jama.2014.8334 "
                "(abstract read): 50 HIV patients, tesamorelin 2 mg vs placebo, 6 months")
NCT_ELIGIBILITY = "ClinicalTrials.gov NCT00123253 (the NEJM 2007 trial): eligible ages 18-65, HIV, stable ART"
FITTED = "fitted by igfaxis.outcomes.vat.fit_vat to TARGETS (" + "; ".join(
    ("Falutz 2005", "Falutz 2007", "Falutz 2010")) + ")"

#: SD of individual VAT % change on tesamorelin (T-T group, week 52): -17.5 +/- 23.3 %.
INDIVIDUAL_SD = Sourced("vat_individual_sd", 23.3, "% of baseline VAT", FALUTZ_2010,
                        "SD of % VAT change in the T-T group at week 52; used for individual scatter and to derive "
                        "standard errors where only means are published")

_SD = INDIVIDUAL_SD.value


def _se(n_active: float, n_placebo: float) -> float:
    return float(_SD * np.sqrt(1.0 / n_active + 1.0 / n_placebo))


#: Published numbers the model is fitted to (placebo-adjusted VAT % change; exposure = placebo-adjusted IGF-1 rise).
TARGETS: tuple[Target, ...] = (
    Target("falutz2005_1mg_wk12", -3.6 - (-5.4), _se(20, 20), 84, ((0.0, 0.48),), FALUTZ_2005,
           "VAT -3.6 % (1 mg) vs -5.4 % (placebo); IGF-1 +48 % vs placebo. SE from SD 23.3 % and ~20 per arm "
           "(61 randomised to 3 arms)"),
    Target("falutz2005_2mg_wk12", -15.7 - (-5.4), _se(20, 20), 84, ((0.0, 0.65),), FALUTZ_2005,
           "VAT -15.7 % (2 mg) vs -5.4 % (placebo); IGF-1 +65 % vs placebo. SE as above"),
    Target("falutz2007_2mg_wk26", -15.2 - 5.0, _se(273, 137), 182, ((0.0, 0.86),), FALUTZ_2007,
           "VAT -15.2 % vs +5.0 % placebo; IGF-1 +81.0 % vs -5.0 % (difference 86 points). SE from SD 23.3 % "
           "and n 273/137"),
    Target("falutz2010_pooled_wk26", -15.4, _se(543, 263), 182, ((0.0, 0.86),), FALUTZ_2010,
           "treatment effect -15.4 % (VAT -24 +/- 41 vs +2 +/- 35 cm2). IGF-1 rise of the pooled arms not in the "
           "abstract: the NEJM arm's +86 points is used (same dose). SE from SD 23.3 % and n 543/263"),
    Target("falutz2010_TT_wk52", -17.5, float(np.hypot(_SD / np.sqrt(200.0), 3.0)), 364, ((0.0, 0.86),),
           FALUTZ_2010,
           "T-T group at week 52: -17.5 +/- 23.3 % vs original baseline (no placebo arm to 52 weeks). SE from "
           "SD and ~200 completers, widened by 3 points for the unknown placebo drift (+5.0 % NEJM, ~+1 % pooled)"),
)

#: Stored fit (reproduced by :func:`fit_vat`; see tests/outcomes/test_vat.py).
PARAMS = ParameterTable.of(
    "Tesamorelin VAT exposure-response",
    Sourced("slope", 0.21538, "fraction of baseline VAT per unit relative IGF-1 rise", FITTED,
            "steady-state fractional VAT reduction per unit IGF-1 rise (0.86 = +86 %); capped at 0.9",
            bounds=(0.0, 2.0)),
    Sourced("kout", 0.013083, "1/day", FITTED,
            "VAT turnover rate; loss and (by the model's symmetry) regain after stopping share it - the regain "
            "rate itself is not reported in the abstracts (Falutz 2008: VAT reaccumulated)", bounds=(0.0, 1.0)),
)
#: Covariance of (slope, kout) from the fit's Jacobian.
COV: tuple[tuple[float, ...], ...] = (
    (1.96608e-03, -4.74161e-04),
    (-4.74161e-04, 1.32772e-04),
)
_LOWER = (0.0, 0.002)
_UPPER = (1.5, 0.1)
_CAP = 0.9

ENVELOPE = Envelope(
    name="vat", agent="tesamorelin",
    population="adults with HIV on stable ART and abdominal fat accumulation (86 % men), ages 18-65",
    source="; ".join((FALUTZ_2005, FALUTZ_2007, FALUTZ_2010, NCT_ELIGIBILITY)),
    age_years=(18.0, 65.0), daily_dose_mg=(1.0, 2.0), max_days_on=364, exposure=(0.48, 0.86), requires_hiv=True,
)


def vat_change(x: FloatArray, slope: FloatArray | float, kout: FloatArray | float) -> FloatArray:
    """VAT % change from baseline for daily exposure ``x`` (..., n_days); parameters scalar or shape (...,)."""
    slope_a = np.asarray(slope, dtype=float)[..., None] if np.ndim(slope) else slope
    inhibition = np.minimum(slope_a * x, _CAP)
    return 100.0 * (turnover(1.0 - inhibition, kout, y0=1.0) - 1.0)


def _predict(p: FloatArray, t: Target) -> float:
    x = exposure_series(t.exposure, t.day + 1, stop_day=t.stop_day)
    return float(vat_change(x, p[0], p[1])[t.day])


def fit_vat(targets: tuple[Target, ...] = TARGETS) -> Fit:
    """Weighted least squares of (slope, kout) to the published placebo-adjusted VAT changes."""
    return fit_wls(_predict, targets, ("slope", "kout"), p0=(0.25, 0.01), bounds=(_LOWER, _UPPER))


def predict_target(t: Target, params: ParameterTable = PARAMS) -> float:
    """The stored model's prediction for a trial target (used by tests and docs)."""
    return _predict(np.array([params.value("slope"), params.value("kout")]), t)


def forecast_vat(inputs: OutcomeInputs) -> OutcomeResult:
    x = inputs.relative_rise
    p = PARAMS
    central = vat_change(x, p.value("slope"), p.value("kout"))
    d = draws([p.value("slope"), p.value("kout")], COV, _LOWER, _UPPER)
    samples = vat_change(np.broadcast_to(x, (d.shape[0], x.size)), d[:, 0], d[:, 1])
    low, high = band(samples)
    plateau = inputs.mean_rise_on("tesamorelin")
    reasons = ENVELOPE.check(inputs)
    return OutcomeResult(
        model="vat", label="Visceral adipose tissue (tesamorelin)", goal="fat_loss",
        value=float(central[-1]), ci90=(float(low[-1]), float(high[-1])),
        unit="% change from baseline (placebo-adjusted)", source="; ".join((FALUTZ_2005, FALUTZ_2007, FALUTZ_2010,
                                                                            FALUTZ_2008)),
        extrapolated=bool(reasons), extrapolation_reasons=reasons, kind="trial_exposure_response",
        days=inputs.days, series=central, series_low=low, series_high=high, individual_sd=INDIVIDUAL_SD.value,
        extra=MappingProxyType({
            "nadir": float(central.min()), "nadir_day": int(central.argmin()),
            "mean_igf1_rise_on_treatment": None if plateau is None else round(plateau, 4),
            "population": ENVELOPE.population,
            "note": "responders (>= 8 % VAT loss) were 69 % at 26 weeks (Stanley 2012, CID 54:1642); "
                    "Stanley 2014 (JAMA) found -34 vs +8 cm2 over 6 months",
        }),
    )


MODEL = register(OutcomeModel("vat", "fat_loss", frozenset({"tesamorelin"}), forecast_vat,
                              uses_any(("tesamorelin",))))
