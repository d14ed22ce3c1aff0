"""The report as a value object: everything a report shows, computed, with no I/O and no rendering.

:class:`ReportData` is what :mod:`igfaxis.reports.render` turns into HTML or PDF and what
:mod:`igfaxis.reports.plots` draws. Concentrations are ng/mL (= µg/L), ages years, CVs fractions (0.05 = 5 %).
Build one with :func:`igfaxis.reports.assemble.assemble_report` from a person and their readings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from igfaxis.evidence import zones
from igfaxis.labs.models import Person
from igfaxis.provenance import Sourced

DISCLAIMER = "igfaxis informs; it does not prescribe. For review by a licensed clinician."

#: The IGF-1 range with the lowest all-cause mortality (Rahmani 2022), shaded on the chart (ng/mL).
OPTIMAL_LOW = zones.THRESHOLDS["optimal_low"]
OPTIMAL_HIGH = zones.THRESHOLDS["optimal_high"]


def padded_span(dates: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    """First and last of ``dates`` widened by 6 % of the span (at least 30 days) each side: the chart's x-range."""
    first, last = min(dates), max(dates)
    pad = dt.timedelta(days=max(30, round((last - first).days * 0.06)))
    return first - pad, last + pad


@dataclass(frozen=True, slots=True)
class ReadingRow:
    """One interpreted IGF-1 result as the report shows it.

    ``low_ng_ml``/``high_ng_ml`` bound the 95 % range of the true value given analytical and within-person
    variation (the chart's error bars). Fields the interpretation could not give are ``None``.
    """

    date: dt.date
    value_ng_ml: float
    reported: str
    age_years: float
    low_ng_ml: float
    high_ng_ml: float
    assay: str | None = None
    lab: str | None = None
    sds: float | None = None
    percentile: float | None = None
    zone: str | None = None
    mortality_hr: float | None = None
    mortality_hr_ci: tuple[float, float] | None = None
    p_in_optimal: float | None = None
    reference_low: float | None = None
    reference_high: float | None = None
    assay_mismatch: bool = False
    meaning: str | None = None
    note: str | None = None
    #: The zone's cut-offs that are assumptions (no primary source): shown with the zone.
    zone_assumptions: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "value_ng_ml": self.value_ng_ml,
            "reported": self.reported,
            "age_years": self.age_years,
            "low_ng_ml": self.low_ng_ml,
            "high_ng_ml": self.high_ng_ml,
            "assay": self.assay,
            "lab": self.lab,
            "sds": self.sds,
            "percentile": self.percentile,
            "zone": self.zone,
            "mortality_hr": self.mortality_hr,
            "mortality_hr_ci95": list(self.mortality_hr_ci) if self.mortality_hr_ci else None,
            "p_in_optimal": self.p_in_optimal,
            "reference_interval_ng_ml": (
                [self.reference_low, self.reference_high] if self.reference_low is not None else None
            ),
            "assay_mismatch": self.assay_mismatch,
            "meaning": self.meaning,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ProtocolPeriod:
    """A protocol the person was on, from ``start`` to ``end`` (``None``: still running). Shaded on the chart."""

    name: str
    start: dt.date
    end: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "start": self.start.isoformat(), "end": self.end and self.end.isoformat()}


@dataclass(frozen=True, slots=True)
class ReferenceCurves:
    """Age/sex reference percentiles (ng/mL) along the person's dates: 2.5th, 50th and 97.5th."""

    dates: tuple[dt.date, ...]
    p2_5: tuple[float, ...]
    p50: tuple[float, ...]
    p97_5: tuple[float, ...]
    source: str
    label: str = "reference"

    def __post_init__(self) -> None:
        n = len(self.dates)
        if not (len(self.p2_5) == len(self.p50) == len(self.p97_5) == n):
            raise ValueError("reference curves need one value per date for each percentile")

    def as_dict(self) -> dict[str, Any]:
        return {
            "dates": [d.isoformat() for d in self.dates],
            "p2_5": list(self.p2_5),
            "p50": list(self.p50),
            "p97_5": list(self.p97_5),
            "source": self.source,
            "label": self.label,
        }


@dataclass(frozen=True, slots=True)
class ForecastSeries:
    """One plan candidate's forecast IGF-1 (ng/mL) over dates: central value and an optional 95 % band."""

    name: str
    dates: tuple[dt.date, ...]
    igf1_ng_ml: tuple[float, ...]
    low_ng_ml: tuple[float, ...] | None = None
    high_ng_ml: tuple[float, ...] | None = None
    recommended: bool = False

    def __post_init__(self) -> None:
        n = len(self.dates)
        if len(self.igf1_ng_ml) != n or any(b is not None and len(b) != n for b in (self.low_ng_ml, self.high_ng_ml)):
            raise ValueError(f"forecast {self.name!r}: one value per date is needed")


@dataclass(frozen=True, slots=True)
class PlanCandidate:
    """One candidate of a plan as the report shows it. Forecast values are ng/mL at ``forecast_date`` (the retest);
    ``forecast_low``/``forecast_high`` bound the plan's interval (see :attr:`PlanSummary.interval_label`)."""

    name: str
    recommended: bool = False
    allowed: bool = True
    forecast_date: dt.date | None = None
    forecast_ng_ml: float | None = None
    forecast_low: float | None = None
    forecast_high: float | None = None
    p_in_target: float | None = None
    p_above_elevated: float | None = None
    mortality_hr: float | None = None
    remarks: tuple[str, ...] = ()
    details: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """The latest plan, read from its stored mapping (``planning.plan.Plan.as_dict()`` or a simpler mapping)."""

    candidates: tuple[PlanCandidate, ...] = ()
    goal: str | None = None
    created: str | None = None
    status: str | None = None
    recommended: str | None = None
    retest_date: str | None = None
    retest_reason: str | None = None
    target_ng_ml: tuple[float, float] | None = None
    interval_label: str = "interval"
    warnings: tuple[str, ...] = ()
    blocked_reasons: tuple[str, ...] = ()
    disclaimer: str | None = None


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything one IGF-1 report shows. Pure data: build it, then render it as HTML, PDF or JSON.

    ``plan`` is the latest plan as stored (the mapping ``planning.plan.Plan.as_dict()`` gives, kept for JSON);
    ``plan_summary`` and ``forecasts`` are what the report shows of it (see :mod:`igfaxis.reports.plan`).
    """

    person: Person
    person_label: str
    age_years: float
    rows: tuple[ReadingRow, ...]
    interpretation: tuple[str, ...]
    cv_analytical: Sourced
    cv_biological: Sourced
    reference: ReferenceCurves | None = None
    trend: Mapping[str, Any] | None = None
    trend_summary: tuple[tuple[str, str], ...] = ()
    plan: Mapping[str, Any] | None = None
    protocols: tuple[ProtocolPeriod, ...] = ()
    forecasts: tuple[ForecastSeries, ...] = ()
    plan_summary: PlanSummary | None = None
    assay: str = "not stated"
    sources: tuple[str, ...] = ()
    optimal_low: Sourced = OPTIMAL_LOW
    optimal_high: Sourced = OPTIMAL_HIGH
    disclaimer: str = DISCLAIMER
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    version: str = ""

    @property
    def assumptions(self) -> tuple[str, ...]:
        """Assumptions behind what the report shows: the cut-offs without a primary source of its results' zones."""
        return tuple(dict.fromkeys(a for r in self.rows for a in r.zone_assumptions))

    @property
    def current(self) -> ReadingRow | None:
        """The latest reading (the one the current interpretation is about)."""
        return self.rows[-1] if self.rows else None

    @property
    def cv_total(self) -> float:
        """Combined analytical and within-person CV (fraction), sqrt(CVa² + CVi²)."""
        a, b = self.cv_analytical.value, self.cv_biological.value
        return float((a * a + b * b) ** 0.5)

    def as_dict(self) -> dict[str, Any]:
        p = self.person
        return {
            "person": {
                "label": self.person_label,
                "sex": p.sex.value,
                "birth_date": p.birth_date and p.birth_date.isoformat(),
                "age_years": self.age_years,
            },
            "assay": self.assay,
            "readings": [r.as_dict() for r in self.rows],
            "current": self.current.as_dict() if self.current else None,
            "interpretation": list(self.interpretation),
            "trend": dict(self.trend) if self.trend is not None else None,
            "trend_summary": [list(item) for item in self.trend_summary],
            "plan": dict(self.plan) if self.plan is not None else None,
            "protocols": [pp.as_dict() for pp in self.protocols],
            "reference": self.reference.as_dict() if self.reference else None,
            "measurement": {
                "cv_analytical": self.cv_analytical.as_dict(),
                "cv_biological": self.cv_biological.as_dict(),
                "cv_total": self.cv_total,
            },
            "optimal_band_ng_ml": [self.optimal_low.value, self.optimal_high.value],
            "sources": list(self.sources),
            "assumptions": list(self.assumptions),
            "disclaimer": self.disclaimer,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "version": self.version,
        }
