"""What a person's page shows, computed from stored data: interpreted readings and the IGF-1 history chart.

Concentrations are ng/mL. Interpretation is the labs layer's (``interpret_series``: age/sex LMS reference, zones,
mortality hazard, trend); the 95 % range of each reading comes from the evidence layer's measurement-noise model
(analytical + within-person CV, log-normal), as in the reports.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from igfaxis.errors import InputError
from igfaxis.evidence import lms, noise, zones
from igfaxis.labs.interpret import interpret_series
from igfaxis.labs.models import Person
from igfaxis.labs.trend import Change, Trend
from igfaxis.storage import PersonRecord, ProtocolPeriod, StoredReading

Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class ReadingView:
    id: int
    date: dt.date
    reported: str
    value_ng_ml: float
    low_ng_ml: float
    high_ng_ml: float
    age_years: float
    sds: float | None
    percentile: float | None
    ref_low: float | None
    ref_high: float | None
    zone_label: str
    zone_colour: str
    change: str
    assay: str | None
    lab: str | None
    source: str | None
    mortality_hr: float | None = None
    p_in_optimal: float | None = None
    meaning: str | None = None
    assay_mismatch: bool = False
    #: The zone's cut-offs that are assumptions (no primary source), shown with the zone.
    zone_assumptions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeleteConfirmation:
    """The person page's "Delete …? This cannot be undone." box: what is deleted (``what``, e.g. "the reading of
    2025-03-01: 12.1 nmol/L (93 ng/mL)"), the confirmed deletion's form ``action``, the ``kind`` its button names
    and the page ``section`` that Cancel returns to."""

    what: str
    action: str
    kind: str
    section: str

    @classmethod
    def of_reading(cls, person_id: int, stored: StoredReading) -> DeleteConfirmation:
        r = stored.reading
        what = (f"the reading of {r.date.isoformat()}: {r.value:g} {r.unit}"
                + (f" ({r.value_ng_ml:.0f} ng/mL)" if r.unit != "ng/mL" else "") + (f" ({r.note})" if r.note else ""))
        return cls(what=what, action=f"/people/{person_id}/readings/{stored.id}/delete", kind="reading",
                   section="readings")

    @classmethod
    def of_period(cls, person_id: int, period: ProtocolPeriod) -> DeleteConfirmation:
        end = f"to {period.end_date.isoformat()}" if period.end_date else "(ongoing)"
        what = (f"the protocol period “{period.name}” from {period.start_date.isoformat()} {end}"
                + (" with its stored protocol file" if period.protocol_toml else ""))
        return cls(what=what, action=f"/people/{person_id}/protocols/{period.id}/delete", kind="protocol period",
                   section="protocols")


@dataclass(frozen=True, slots=True)
class Interpreted:
    """The rows of the readings table plus the series facts (trend) when the labs layer could compute them."""

    rows: tuple[ReadingView, ...]
    trend: Trend | None = None


def _change_text(change: Change | None) -> str:
    if change is None:
        return "—"
    return f"{change.change_percent / 100:+.0%}" + (" (significant)" if change.significant else " (within noise)")


def interpret_readings(person: Person, readings: Sequence[StoredReading]) -> Interpreted:
    """One row per reading, oldest first (``labs.interpret.interpret_series``: reference, zone, mortality hazard,
    P(true level in the optimal band), the change since the previous reading against the 95 % RCV)."""
    sigma = noise.sigma_log()
    ordered = sorted(readings, key=lambda s: (s.reading.date, s.id))
    try:
        series = interpret_series([s.reading for s in ordered], person)
    except InputError:  # e.g. no adult reference for a child: show the values and zones only
        series = None
    changes = {(c.to_date, c.to_ng_ml): c for c in series.trend.changes} if series else {}
    rows: list[ReadingView] = []
    for i, stored in enumerate(ordered):
        r = stored.reading
        interp = series.interpretations[i] if series else None
        zone = interp.zone if interp else zones.classify(r.value_ng_ml)
        ref = interp.reference if interp else None
        rows.append(ReadingView(
            id=stored.id, date=r.date, reported=f"{r.value:g} {r.unit}", value_ng_ml=r.value_ng_ml,
            low_ng_ml=r.value_ng_ml * math.exp(-Z95 * sigma), high_ng_ml=r.value_ng_ml * math.exp(Z95 * sigma),
            age_years=person.age_on(r.date), sds=ref.sds if ref else None, percentile=ref.percentile if ref else None,
            ref_low=ref.interval_ng_ml[0] if ref else None, ref_high=ref.interval_ng_ml[1] if ref else None,
            zone_label=zone.label, zone_colour=zone.colour,
            change="—" if i == 0 else _change_text(changes.get((r.date, r.value_ng_ml))),
            assay=r.assay, lab=r.lab, source=stored.source,
            mortality_hr=interp.mortality_hr[0] if interp else None,
            p_in_optimal=interp.p_true_in_optimal if interp else None,
            meaning=interp.meaning() if interp else None,
            assay_mismatch=interp.assay_mismatch if interp else False,
            zone_assumptions=zone.assumptions,
        ))
    return Interpreted(rows=tuple(rows), trend=series.trend if series else None)


def _reference_curves(person: Person, start: dt.date, end: dt.date) -> object | None:
    from igfaxis.reports.data import ReferenceCurves

    n = 40
    span = max((end - start).days, 1)
    dates = [start + dt.timedelta(days=round(span * i / (n - 1))) for i in range(n)]
    try:
        ages = [person.age_on(d) for d in dates]
        curves = [lms.centile(z, age_years=ages, sex=person.sex) for z in (-Z95, 0.0, Z95)]
    except InputError:
        return None
    return ReferenceCurves(dates=tuple(dates), p2_5=tuple(float(v) for v in curves[0]),
                           p50=tuple(float(v) for v in curves[1]), p97_5=tuple(float(v) for v in curves[2]),
                           source=lms.LMS_SOURCE)


def history_svg(record: PersonRecord, rows: Sequence[ReadingView]) -> str:
    """The IGF-1 history chart as inline-able SVG (matplotlib, Agg; the figure code is shared with the reports)."""
    from igfaxis.reports.data import OPTIMAL_HIGH, OPTIMAL_LOW, ReferenceCurves
    from igfaxis.reports.data import ProtocolPeriod as ChartPeriod
    from igfaxis.reports.plots import figure_to_svg, igf1_history_figure

    dates = [r.date for r in rows]
    periods: Sequence[ProtocolPeriod] = record.protocol_periods
    all_dates = dates + [p.start_date for p in periods] + [p.end_date for p in periods if p.end_date]
    reference = None
    if all_dates:
        pad = dt.timedelta(days=45)
        ref = _reference_curves(record.person, min(all_dates) - pad, max(all_dates) + pad)
        reference = ref if isinstance(ref, ReferenceCurves) else None
    fig = igf1_history_figure(
        dates, [r.value_ng_ml for r in rows],
        low_ng_ml=[r.low_ng_ml for r in rows], high_ng_ml=[r.high_ng_ml for r in rows],
        reference=reference, optimal_band=(OPTIMAL_LOW.value, OPTIMAL_HIGH.value),
        protocols=[ChartPeriod(name=p.name, start=p.start_date, end=p.end_date) for p in periods],
        width_in=8.4, height_in=4.0,
    )
    return figure_to_svg(fig)


def summary(interpreted: Interpreted) -> list[tuple[str, str]]:
    """Key facts for the page header: the latest value, its zone and percentile, P(in optimal), the trend."""
    rows = interpreted.rows
    if not rows:
        return [("Latest IGF-1", "no readings yet")]
    last = rows[-1]
    facts = [("Latest IGF-1", f"{last.value_ng_ml:.0f} ng/mL ({last.date.isoformat()})"),
             ("95 % range of the true level", f"{last.low_ng_ml:.0f}–{last.high_ng_ml:.0f} ng/mL"),
             ("Zone", last.zone_label)]
    if last.percentile is not None and last.sds is not None:
        facts.append(("Age/sex percentile", f"{last.percentile:.0f}th (SDS {last.sds:+.2f})"))
    if last.p_in_optimal is not None:
        facts.append(("P(true level in 120–160)", f"{last.p_in_optimal:.0%}"))
    trend = interpreted.trend
    if trend is not None and trend.slope_ng_ml_per_year is not None:
        text = f"{trend.slope_ng_ml_per_year:+.0f} ng/mL per year"
        if trend.slope_ci95 is not None:
            text += f" (95 % CI {trend.slope_ci95[0]:+.0f} to {trend.slope_ci95[1]:+.0f})"
        facts.append(("Trend", text))
    if trend is not None and trend.time_in_optimal_fraction is not None:
        facts.append(("Time in optimal band", f"{trend.time_in_optimal_fraction:.0%}"))
    rcv = noise.rcv()
    facts.append(("Significant change (95 % RCV)", f"rise > {rcv.up:+.0%} or fall < {rcv.down:+.0%}"))
    return facts
