"""Relative all-cause mortality hazard against IGF-1: a model fitted to published hazard ratios.

The model is extrapolated from observational cohorts; it is not a measurement and not causal. Log-hazard is a
smoothed V ("hinge") in the age-sex IGF-1 SDS ``z`` (Bidlingmaier 2014 LMS):

    log HR(z) = b_low * g((z0 - z)/h) + b_high * g((z - z0)/h) - [same at z = 0],   g(u) = h*log(1 + e^u)

so HR = 1 at the age-sex median (z = 0), the slopes below and above the knot ``z0`` are ``-b_low`` and ``b_high``
per SDS, and ``h`` rounds the corner. ``b_low`` and ``b_high`` are fitted by weighted least squares to the log-HRs
of the published percentile/decile contrasts in ``mortality_anchors.csv``; each contrast is the difference of the
category-mean log-hazard under a standard-normal SDS (exact for points, numerical integral for categories).
Between-anchor heterogeneity is a method-of-moments (DerSimonian-Laird) variance ``tau2`` added to each anchor's
sampling variance; the 95 % band is the delta method on the fitted coefficients (exact here: log-HR is linear in
them). See ``docs/evidence.md`` for the fit, its checks against the held-out anchors and its limits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

from igfaxis.evidence._data import read_table
from igfaxis.evidence.lms import sds
from igfaxis.provenance import ParameterTable, Sourced

MODEL_LABEL = "model extrapolated from observational cohorts, not a measurement"
REFERENCE_LABEL = "relative to the age-sex median IGF-1 (SDS 0, Bidlingmaier 2014 IDS-iSYS)"
_FIT_NOTE = "model choice of igfaxis (see docs/evidence.md): no published source gives the curve's shape"

SHAPE = ParameterTable.of(
    "mortality curve shape",
    Sourced("knot_sds", 0.25, "SDS", "igfaxis fit to mortality_anchors.csv (docs/evidence.md)",
            "knot of the smoothed V; of the grid -0.25/0/0.25/0.5 SDS it gave the smallest heterogeneity Q. "
            + _FIT_NOTE, assumption=True, bounds=(-1.0, 1.0)),
    Sourced("smoothing_sds", 0.2, "SDS", "igfaxis choice (docs/evidence.md); not fitted",
            "width over which the V is rounded; chosen, not fitted: a sharper corner fits the anchors a little "
            "better (Q on 2 df 5.88 at 0.1 SDS, 6.51 at 0.2, 7.20 at 0.3: differences four anchors cannot "
            "resolve). " + _FIT_NOTE,
            assumption=True, bounds=(0.01, 1.0)),
    Sourced("extrapolation_sds", 2.0, "SDS", "igfaxis (docs/evidence.md)",
            "outermost anchor categories (deciles 1 and 10) have mean |SDS| 1.75; beyond |SDS| 2 the curve is a "
            "log-linear extrapolation and is flagged", assumption=True),
)

_N = NormalDist()


@dataclass(frozen=True, slots=True)
class AnchorSpec:
    """How one anchor row maps to age-sex percentile categories (fractions 0–1; a == b means a single point)."""

    study: str
    low_or_level: str
    exposed: tuple[float, float]
    reference: tuple[float, float]
    fitted: bool
    note: str


_TERT = "category bounds not reported; tertiles assumed"

#: Percentile ranges of each contrast. Decile and percentile contrasts are fitted; category contrasts (category
#: bounds not reported; tertiles assumed) and SHIP (probably one of the 12 cohorts in Burgers 2011) are held out.
ANCHOR_SPECS: tuple[AnchorSpec, ...] = (
    AnchorSpec("Burgers 2011", "p10", (0.10, 0.10), (0.50, 0.50), True, "10th vs 50th percentile"),
    AnchorSpec("Burgers 2011", "p90", (0.90, 0.90), (0.50, 0.50), True, "90th vs 50th percentile"),
    AnchorSpec("UK Biobank", "d1", (0.0, 0.10), (0.40, 0.50), True,
               "population deciles treated as age-sex deciles (assumption)"),
    AnchorSpec("UK Biobank", "d10", (0.90, 1.0), (0.40, 0.50), True,
               "population deciles treated as age-sex deciles (assumption)"),
    AnchorSpec("SHIP", "p<10", (0.0, 0.10), (0.10, 0.90), False, "men only; probably pooled in Burgers 2011"),
    AnchorSpec("Burgers 2011", "low", (0.0, 1 / 3), (1 / 3, 2 / 3), False, _TERT),
    AnchorSpec("Burgers 2011", "high", (2 / 3, 1.0), (1 / 3, 2 / 3), False, _TERT),
    AnchorSpec("Rahmani 2022", "low", (0.0, 1 / 3), (1 / 3, 2 / 3), False, _TERT),
    AnchorSpec("Rahmani 2022", "high", (2 / 3, 1.0), (1 / 3, 2 / 3), False, _TERT),
)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A published hazard ratio with its 95 % CI and its mapping to SDS categories."""

    spec: AnchorSpec
    hr: float
    ci: tuple[float, float]
    source: str

    @property
    def log_se(self) -> float:
        return (math.log(self.ci[1]) - math.log(self.ci[0])) / (2 * 1.959963984540054)


def anchors() -> tuple[Anchor, ...]:
    """The anchors of :data:`ANCHOR_SPECS` with HR and CI read from ``mortality_anchors.csv``."""
    rows = read_table("mortality_anchors.csv")
    out = []
    for spec in ANCHOR_SPECS:
        match = [r for r in rows if r["study"].startswith(spec.study) and r["low_or_level"] == spec.low_or_level]
        if len(match) != 1:  # pragma: no cover - guards the bundled data
            raise LookupError(f"anchor {spec.study} {spec.low_or_level}: {len(match)} rows")
        r = match[0]
        out.append(Anchor(spec, float(r["hr"]), (float(r["ci_low"]), float(r["ci_high"])), r["source"]))
    return tuple(out)


def _basis(z: NDArray[np.float64], shape: ParameterTable) -> NDArray[np.float64]:
    z0, h = shape.value("knot_sds"), shape.value("smoothing_sds")
    return np.stack([h * np.logaddexp(0.0, (z0 - z) / h), h * np.logaddexp(0.0, (z - z0) / h)], axis=-1)


_GRID = np.linspace(-8.0, 8.0, 16001)
_PDF = np.exp(-0.5 * _GRID**2)


def _category_mean(lo: float, hi: float, shape: ParameterTable) -> NDArray[np.float64]:
    if lo == hi:
        return np.asarray(_basis(np.array([_N.inv_cdf(lo)]), shape)[0], dtype=float)
    a = -8.0 if lo <= 0 else _N.inv_cdf(lo)
    b = 8.0 if hi >= 1 else _N.inv_cdf(hi)
    m = (a <= _GRID) & (b >= _GRID)
    w = _PDF[m]
    return np.asarray(np.trapezoid(_basis(_GRID[m], shape) * w[:, None], _GRID[m], axis=0) / np.trapezoid(w, _GRID[m]))


def design_row(spec: AnchorSpec, shape: ParameterTable = SHAPE) -> NDArray[np.float64]:
    """Basis contrast (exposed minus reference category mean) of one anchor."""
    return _category_mean(*spec.exposed, shape) - _category_mean(*spec.reference, shape)


@dataclass(frozen=True)
class MortalityFit:
    """Fitted coefficients (``b_low``, ``b_high``), their covariance, heterogeneity and fit diagnostics."""

    coef: NDArray[np.float64]
    cov: NDArray[np.float64]
    tau2: float
    q: float
    df: int
    shape: ParameterTable

    def log_hr(self, z: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """log HR and its standard error at SDS ``z`` (vectorised)."""
        zz = np.asarray(z, dtype=float)
        g = _basis(zz, self.shape) - _basis(np.zeros(()), self.shape)
        est = g @ self.coef
        se = np.sqrt(np.maximum(np.einsum("...i,ij,...j->...", g, self.cov, g), 0.0))
        return est, se

    def predict_anchor(self, spec: AnchorSpec) -> tuple[float, float, float]:
        """Model HR and 95 % band for one anchor contrast."""
        x = design_row(spec, self.shape)
        est, se = float(x @ self.coef), math.sqrt(float(x @ self.cov @ x))
        return math.exp(est), math.exp(est - 1.96 * se), math.exp(est + 1.96 * se)


@lru_cache(maxsize=4)
def fit(shape: ParameterTable = SHAPE) -> MortalityFit:
    """Fit the curve to the anchors marked ``fitted`` (WLS with method-of-moments heterogeneity)."""
    used = [a for a in anchors() if a.spec.fitted]
    X = np.array([design_row(a.spec, shape) for a in used])
    y = np.log([a.hr for a in used])
    v = np.array([a.log_se**2 for a in used])

    def wls(tau2: float) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        w = 1.0 / (v + tau2)
        cov = np.linalg.inv((X.T * w) @ X)
        return cov @ (X.T * w) @ y, cov, w

    coef, cov, w = wls(0.0)
    q = float(np.sum(w * (y - X @ coef) ** 2))
    df = len(y) - X.shape[1]
    W = np.diag(w)
    P = W - W @ X @ cov @ X.T @ W
    tau2 = max(0.0, (q - df) / float(np.trace(P)))
    coef, cov, _ = wls(tau2)
    return MortalityFit(coef=coef, cov=cov, tau2=tau2, q=q, df=df, shape=shape)


def hazard_ratio_sds(z: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Relative all-cause hazard (estimate, 95 % low, high) at age-sex SDS ``z``; reference SDS 0."""
    est, se = fit().log_hr(z)
    return np.exp(est), np.exp(est - 1.96 * se), np.exp(est + 1.96 * se)


def hazard_ratio(
    igf1_ng_ml: ArrayLike, *, age_years: ArrayLike, sex: object
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Relative all-cause hazard (estimate, 95 % low, high) of IGF-1 (ng/mL) at age (years) and sex.

    Vectorised over values and ages (numpy broadcasting). Reference = the age-sex median. A model extrapolated
    from observational cohorts, not a measurement.
    """
    return hazard_ratio_sds(sds(igf1_ng_ml, age_years=age_years, sex=sex))


def is_extrapolated(z: float) -> bool:
    """True where |SDS| lies beyond the anchors' range (the curve there is a log-linear extrapolation)."""
    return abs(z) > SHAPE.value("extrapolation_sds")


def sources() -> list[str]:
    """Citations of the anchors the curve is fitted to."""
    seen: dict[str, None] = {}
    for a in anchors():
        if a.spec.fitted:
            seen.setdefault(a.source, None)
    return list(seen)
