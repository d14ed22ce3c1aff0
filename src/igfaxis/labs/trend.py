"""Trend over a series of IGF-1 readings: significant changes, slope, time in the optimal band.

- A change between consecutive readings is *significant* when it lies beyond the log-normal 95 % reference change
  value (``evidence.noise.rcv``; about +40 % / -29 % with the default CVs).
- Slope: ordinary least squares of IGF-1 (ng/mL) on time (years). With three or more readings its standard error
  comes from the residuals and the 95 % CI uses Student's t; with exactly two readings the standard error comes from
  the measurement noise of both readings (normal CI). Fewer than two dates: no slope.
- Time in the optimal band: IGF-1 is interpolated linearly between consecutive readings; the fraction of the time
  from the first to the last reading during which that line lies within the optimal zone (inclusive). Needs two
  or more dates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from igfaxis.evidence import noise
from igfaxis.evidence.zones import ZONES, Zone, zone_by_name

DAYS_PER_YEAR = 365.2425


@dataclass(frozen=True, slots=True)
class Change:
    """The change between two consecutive readings (ng/mL) and whether it exceeds the RCV."""

    from_date: dt.date
    to_date: dt.date
    from_ng_ml: float
    to_ng_ml: float
    significant: bool

    @property
    def change_ng_ml(self) -> float:
        return self.to_ng_ml - self.from_ng_ml

    @property
    def change_percent(self) -> float:
        return 100.0 * (self.to_ng_ml / self.from_ng_ml - 1.0)

    def as_dict(self) -> dict[str, object]:
        return {
            "from_date": self.from_date.isoformat(),
            "to_date": self.to_date.isoformat(),
            "from_ng_ml": round(self.from_ng_ml, 4),
            "to_ng_ml": round(self.to_ng_ml, 4),
            "change_ng_ml": round(self.change_ng_ml, 4),
            "change_percent": round(self.change_percent, 2),
            "direction": "up" if self.change_ng_ml > 0 else "down",
            "significant": self.significant,
        }


@dataclass(frozen=True, slots=True)
class Trend:
    """Trend of a series (ng/mL, years). ``None`` where too few readings make a quantity undefined."""

    changes: tuple[Change, ...]
    slope_ng_ml_per_year: float | None
    slope_se_ng_ml_per_year: float | None
    slope_ci95: tuple[float, float] | None
    time_in_optimal_fraction: float | None
    span_years: float

    @property
    def significant_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.significant)

    def as_dict(self) -> dict[str, object]:
        r = noise.rcv()

        def rnd(x: float | None, nd: int = 4) -> float | None:
            return None if x is None else round(x, nd)

        return {
            "slope_ng_ml_per_year": rnd(self.slope_ng_ml_per_year, 3),
            "slope_se_ng_ml_per_year": rnd(self.slope_se_ng_ml_per_year, 3),
            "slope_ci95_ng_ml_per_year": None if self.slope_ci95 is None else [rnd(v, 3) for v in self.slope_ci95],
            "significant_changes": [c.as_dict() for c in self.significant_changes],
            "changes": [c.as_dict() for c in self.changes],
            "time_in_optimal_fraction": rnd(self.time_in_optimal_fraction),
            "time_in_optimal_definition": "fraction of the time from first to last reading during which IGF-1, "
            "interpolated linearly between readings, lies within the optimal zone",
            "span_years": round(self.span_years, 4),
            "reference_change_value_percent": {"up": round(100 * r.up, 1), "down": round(100 * r.down, 1)},
        }


def _time_in_band(t0: float, v0: float, t1: float, v1: float, lo: float, hi: float) -> float:
    """Length of time in [t0, t1] during which the line from v0 to v1 lies within [lo, hi]."""
    if t1 <= t0:
        return 0.0
    if v0 == v1:
        return (t1 - t0) if lo <= v0 <= hi else 0.0

    def at(v: float) -> float:
        return t0 + (v - v0) / (v1 - v0) * (t1 - t0)

    a, b = sorted((at(lo), at(hi)))
    return max(0.0, min(b, t1) - max(a, t0))


def time_in_zone(dates: Sequence[dt.date], values: Sequence[float], zone: Zone) -> float | None:
    """Fraction of [first, last date] with linearly interpolated IGF-1 inside ``zone`` (None if < 2 dates)."""
    t = [(d - dates[0]).days for d in dates]
    total = t[-1] - t[0] if t else 0
    if total <= 0:
        return None
    lo = zone.low if zone.low is not None else -math.inf
    hi = zone.high if zone.high is not None else math.inf
    inside = sum(_time_in_band(t[i], values[i], t[i + 1], values[i + 1], lo, hi) for i in range(len(t) - 1))
    return min(1.0, inside / total)


def _slope(years: list[float], values: list[float]) -> tuple[float | None, float | None, tuple[float, float] | None]:
    n = len(years)
    if n < 2 or max(years) == min(years):
        return None, None, None
    tm, vm = sum(years) / n, sum(values) / n
    sxx = sum((t - tm) ** 2 for t in years)
    slope = sum((t - tm) * (v - vm) for t, v in zip(years, values, strict=True)) / sxx
    if n == 2:
        cv = math.sqrt(math.expm1(noise.sigma_log() ** 2))
        se = math.hypot(values[0] * cv, values[1] * cv) / abs(years[1] - years[0])
        crit = noise.NOISE.value("z_two_sided_95")
    else:
        from scipy.special import stdtrit

        resid = [v - (vm + slope * (t - tm)) for t, v in zip(years, values, strict=True)]
        se = math.sqrt(sum(r * r for r in resid) / (n - 2) / sxx)
        crit = float(stdtrit(n - 2, 0.975))
    return slope, se, (slope - crit * se, slope + crit * se)


def trend(dates: Sequence[dt.date], values_ng_ml: Sequence[float]) -> Trend:
    """Trend of readings given as parallel sequences of dates and ng/mL values, sorted by date."""
    if len(dates) != len(values_ng_ml):
        raise ValueError("dates and values differ in length")
    changes = tuple(
        Change(dates[i], dates[i + 1], values_ng_ml[i], values_ng_ml[i + 1],
               noise.is_significant_change(values_ng_ml[i], values_ng_ml[i + 1]))
        for i in range(len(dates) - 1)
    )
    years = [(d - dates[0]).days / DAYS_PER_YEAR for d in dates] if dates else []
    slope, se, ci = _slope(years, list(values_ng_ml))
    tio = time_in_zone(dates, values_ng_ml, zone_by_name("optimal", ZONES)) if dates else None
    return Trend(changes, slope, se, ci, tio, years[-1] if years else 0.0)
