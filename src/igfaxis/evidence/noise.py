"""Measurement noise of serum IGF-1: analytical and within-person variation, the reference change value, and
the probability that a person's true level lies in the optimal band given one reading.

Measurement model (log-normal): ``ln(reading) = ln(true usual level) + e``, ``e ~ N(0, sigma^2)`` with
``sigma^2 = ln(1 + CVa^2) + ln(1 + CVi^2)``. CVs are fractions (0.054 = 5.4 %); concentrations are ng/mL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from igfaxis.provenance import ParameterTable, Sourced

NGUYEN = "Nguyen TV et al. Clin Chem 2008;54(8):1268-76"
MILANI = "Milani D et al. J Clin Endocrinol Metab 2004;89(5):2271-4"
VARIETE = "Chanson P et al. J Clin Endocrinol Metab 2016 (VARIETE; PMC5054194 Table 1)"
RANGE_SRC = ("Chanson P et al. J Clin Endocrinol Metab 2016 (VARIETE; PMC5054194 Table 1: IDS-iSYS LoQ 8.8, highest "
             "measurable without dilution 1200 ng/mL)")
RCV_SRC = (
    "Fraser CG. Biological Variation: From Principles to Practice (AACC Press 2001): "
    "RCV = sqrt(2)*z*sqrt(CVa^2+CVi^2)"
)

NOISE = ParameterTable.of(
    "IGF-1 measurement noise",
    Sourced("cv_analytical", 0.054, "1", VARIETE,
            "IDS-iSYS inter-assay CV is 5.4 %, 3.9 % and 7.2 % at 22, 163 and 304 ng/mL; 5.4 % is the median of the "
            "three levels", bounds=(0.039, 0.072)),
    Sourced("cv_within_person", 0.11, "1", NGUYEN,
            "within-subject CV of IGF-axis markers is 11-21 % (Nguyen 2008, athletes, 2-3 weeks); 11 % is the lower "
            "end, chosen because Milani 2004 (two fasting samples 2 weeks apart, r = 0.922, SD ~52 ng/mL at ~118 "
            "ng/mL) implies a total within-person CV of ~12 %, i.e. CVi ~11 % after removing CVa. " + MILANI,
            bounds=(0.06, 0.26)),
    Sourced("z_two_sided_95", 1.959963984540054, "1", RCV_SRC, "two-sided 95 % significance"),
    Sourced("measuring_range_low", 10.0, "ng/mL", RANGE_SRC, "IDS-iSYS measuring range (LoQ 8.8 ng/mL)"),
    Sourced("measuring_range_high", 1200.0, "ng/mL", RANGE_SRC, "IDS-iSYS measuring range"),
)

_N = NormalDist()


def sigma_log(cv_analytical: float | None = None, cv_within: float | None = None) -> float:
    """SD of ln(reading) around ln(true level), combining analytical and within-person variation."""
    cva = NOISE.value("cv_analytical") if cv_analytical is None else cv_analytical
    cvi = NOISE.value("cv_within_person") if cv_within is None else cv_within
    return math.sqrt(math.log1p(cva**2) + math.log1p(cvi**2))


def rcv_symmetric() -> float:
    """Classical two-sided 95 % RCV as a fraction: sqrt(2)*z*sqrt(CVa^2 + CVi^2) (≈ 0.34)."""
    cva, cvi, z = (NOISE.value(k) for k in ("cv_analytical", "cv_within_person", "z_two_sided_95"))
    return math.sqrt(2.0) * z * math.hypot(cva, cvi)


@dataclass(frozen=True, slots=True)
class RCV:
    """Log-normal (asymmetric) 95 % reference change value: a rise above ``up`` or a fall below ``down``
    (fractions of the first value, e.g. up=0.40, down=-0.29) is a significant change."""

    up: float
    down: float
    symmetric: float


def rcv() -> RCV:
    """The log-normal RCV used for significance: exp(±z*sqrt(2)*sigma) - 1."""
    k = NOISE.value("z_two_sided_95") * math.sqrt(2.0) * sigma_log()
    return RCV(up=math.expm1(k), down=math.expm1(-k), symmetric=rcv_symmetric())


def is_significant_change(first_ng_ml: float, second_ng_ml: float) -> bool:
    """True if ``second`` differs from ``first`` beyond the log-normal 95 % RCV."""
    k = NOISE.value("z_two_sided_95") * math.sqrt(2.0) * sigma_log()
    return abs(math.log(second_ng_ml / first_ng_ml)) > k


def p_true_in_band(
    reading_ng_ml: float,
    low_ng_ml: float,
    high_ng_ml: float,
    *,
    prior: tuple[float, float] | None = None,
) -> float:
    """P(low <= true level <= high | one reading).

    ``prior=None`` is a flat prior on ln(true level), so the posterior is N(ln reading, sigma^2). ``prior=(median,
    sd_log)`` is a log-normal population prior (e.g. the age-sex LMS median and S); the posterior is then the
    usual normal-normal update, shrinking the reading towards the population median.
    """
    s2 = sigma_log() ** 2
    mu, var = math.log(reading_ng_ml), s2
    if prior is not None:
        m0, s0 = math.log(prior[0]), prior[1]
        var = 1.0 / (1.0 / s2 + 1.0 / s0**2)
        mu = var * (mu / s2 + m0 / s0**2)
    sd = math.sqrt(var)
    return _N.cdf((math.log(high_ng_ml) - mu) / sd) - _N.cdf((math.log(low_ng_ml) - mu) / sd)


def sources() -> list[str]:
    return NOISE.sources()
