"""Age- and sex-specific IGF-1 reference (LMS method, Bidlingmaier 2014, IDS-iSYS).

SDS ``z = ((x/M)**L - 1) / (L*S)``; centile ``x = M * (1 + L*S*z)**(1/L)`` (Cole & Green 1992). L, M and S are
interpolated linearly in age between the tabulated rows, as the R package ``childsds`` does. Concentrations are
ng/mL (= µg/L). Adults only: ages below 18 or above 94 years raise :class:`ReferenceRangeError` (no silent
extrapolation; the childhood rows are kept in the data but not used here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

from igfaxis.errors import InputError, Problem, ReferenceRangeError
from igfaxis.evidence._data import read_table
from igfaxis.provenance import Sourced

REFERENCE_ASSAY = "IDS-iSYS"
LMS_SOURCE = (
    "Bidlingmaier M, Friedrich N, Emeny RT, et al. Reference intervals for IGF-I from birth to senescence. "
    "J Clin Endocrinol Metab 2014;99(5):1712-21, doi:10.1210/jc.2013-3059 (IDS-iSYS; LMS values as stored in "
    "R package childsds, international_lab.ref)"
)
LMS_METHOD_SOURCE = "Cole TJ, Green PJ. Smoothing reference centile curves: the LMS method. Stat Med 1992;11:1305-19"

MIN_AGE = Sourced("lms_min_age", 18.0, "years", LMS_SOURCE, "adult reference only; no extrapolation below")
MAX_AGE = Sourced("lms_max_age", 94.0, "years", LMS_SOURCE, "oldest tabulated row; no extrapolation above")
INTERVAL = (0.025, 0.975)

_NORMAL = NormalDist()
_SEXES = ("male", "female")


@dataclass(frozen=True, slots=True)
class LMS:
    """L (Box-Cox power), M (median, ng/mL) and S (coefficient of variation) at one age and sex."""

    L: float
    M: float
    S: float


@cache
def _table(sex: str) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    rows = [r for r in read_table("igf1_lms_bidlingmaier2014.csv") if r["sex"] == sex]
    ages = np.array([float(r["age_years"]) for r in rows])
    order = np.argsort(ages, kind="stable")
    cols = [np.array([float(r[k]) for r in rows])[order] for k in ("L", "M", "S")]
    return ages[order], cols[0], cols[1], cols[2]


def _sex_key(sex: object) -> str:
    key = str(getattr(sex, "value", sex)).strip().lower()
    if key not in _SEXES:
        raise InputError(Problem("unknown sex", field="sex", received=str(sex), expected="'male' or 'female'"))
    return key


def check_age(age_years: ArrayLike) -> NDArray[np.float64]:
    """``age_years`` as an array, or :class:`ReferenceRangeError` if any age lies outside 18–94 years."""
    ages = np.asarray(age_years, dtype=float)
    bad = ~np.isfinite(ages) | (ages < MIN_AGE.value) | (ages > MAX_AGE.value)
    if np.any(bad):
        first = float(ages.reshape(-1)[np.argmax(bad.reshape(-1))])
        raise ReferenceRangeError(
            Problem(
                f"no adult IGF-1 reference for age {first:g} years: the {REFERENCE_ASSAY} reference "
                f"(Bidlingmaier 2014) covers {MIN_AGE.value:g} to {MAX_AGE.value:g} years and igfaxis does not "
                "extrapolate",
                field="age",
                received=f"{first:g}",
                expected=f"{MIN_AGE.value:g} to {MAX_AGE.value:g} years",
            )
        )
    return ages


_Arr = NDArray[np.float64]


def lms_params(age_years: ArrayLike, sex: object) -> tuple[_Arr, _Arr, _Arr]:
    """L, M (ng/mL), S at ``age_years`` (vectorised), linearly interpolated between tabulated ages."""
    ages = check_age(age_years)
    tab_age, L, M, S = _table(_sex_key(sex))
    return np.interp(ages, tab_age, L), np.interp(ages, tab_age, M), np.interp(ages, tab_age, S)


def lms_at(age_years: float, sex: object) -> LMS:
    """The LMS triple at one age (years) and sex."""
    L, M, S = lms_params(age_years, sex)
    return LMS(float(L), float(M), float(S))


def sds(igf1_ng_ml: ArrayLike, *, age_years: ArrayLike, sex: object) -> NDArray[np.float64]:
    """Standard deviation score of IGF-1 (ng/mL) for age (years) and sex; vectorised over values and ages."""
    x = np.asarray(igf1_ng_ml, dtype=float)
    if np.any(~np.isfinite(x) | (x <= 0)):
        raise InputError(Problem("IGF-1 must be a positive number", field="igf1", received=str(x),
                                 expected="a positive concentration in ng/mL"))
    L, M, S = lms_params(age_years, sex)
    with np.errstate(divide="ignore"):
        z = np.where(L == 0, np.log(x / M) / S, (np.power(x / M, L) - 1.0) / (L * S))
    return np.asarray(z, dtype=float)


def centile(z: ArrayLike, *, age_years: ArrayLike, sex: object) -> NDArray[np.float64]:
    """IGF-1 (ng/mL) at SDS ``z`` for age and sex: ``M*(1+L*S*z)**(1/L)``."""
    zz = np.asarray(z, dtype=float)
    L, M, S = lms_params(age_years, sex)
    base = np.maximum(1.0 + L * S * zz, 1e-12)
    return np.asarray(np.where(L == 0, M * np.exp(S * zz), M * np.power(base, 1.0 / L)), dtype=float)


@dataclass(frozen=True, slots=True)
class Reference:
    """One value against the age/sex reference: SDS, percentile (0–100), 2.5–97.5 % interval and median (ng/mL)."""

    sds: float
    percentile: float
    interval_ng_ml: tuple[float, float]
    median_ng_ml: float
    assay: str = REFERENCE_ASSAY
    source: str = LMS_SOURCE


def reference(igf1_ng_ml: float, *, age_years: float, sex: object) -> Reference:
    """SDS, percentile, reference interval and median for one IGF-1 value (ng/mL)."""
    z = float(sds(igf1_ng_ml, age_years=age_years, sex=sex))
    zlo, zhi = (_NORMAL.inv_cdf(p) for p in INTERVAL)
    lo, hi = (float(c) for c in centile([zlo, zhi], age_years=age_years, sex=sex))
    median = float(centile(0.0, age_years=age_years, sex=sex))
    pct = 100.0 * _NORMAL.cdf(z) if math.isfinite(z) else (100.0 if z > 0 else 0.0)
    return Reference(sds=z, percentile=pct, interval_ng_ml=(lo, hi), median_ng_ml=median)
