"""What a person's page shows, computed from stored data: interpreted readings and the IGF-1 history chart.

Concentrations are ng/mL. Interpretation uses the evidence layer directly: the age/sex LMS reference (SDS,
percentile, 2.5th–97.5th interval), the mortality zones, and the measurement-noise model for the 95 % range of
each reading (analytical + within-person CV, log-normal) and the reference change value between readings.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from igfaxis.errors import InputError
from igfaxis.evidence import lms, noise, zones
from igfaxis.labs.models import Person
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


def _fmt_reported(value: float, unit: str) -> str:
    return f"{value:g} {unit}"


def interpret_readings(person: Person, readings: Sequence[StoredReading]) -> list[ReadingView]:
    """One row per reading, oldest first, with the change since the previous reading (95 % RCV)."""
    sigma = noise.sigma_log()
    out: list[ReadingView] = []
    previous: float | None = None
    for stored in readings:
        r = stored.reading
        age = person.age_on(r.date)
        sds = pct = lo = hi = None
        try:
            ref = lms.reference(r.value_ng_ml, age_years=age, sex=person.sex)
            sds, pct, (lo, hi) = ref.sds, ref.percentile, ref.interval_ng_ml
        except InputError:
            pass
        zone = zones.classify(r.value_ng_ml)
        if previous is None:
            change = "—"
        else:
            rel = r.value_ng_ml / previous - 1.0
            significant = noise.is_significant_change(previous, r.value_ng_ml)
            change = f"{rel:+.0%}" + (" (significant)" if significant else " (within noise)")
        out.append(ReadingView(
            id=stored.id, date=r.date, reported=_fmt_reported(r.value, r.unit), value_ng_ml=r.value_ng_ml,
            low_ng_ml=r.value_ng_ml * math.exp(-Z95 * sigma), high_ng_ml=r.value_ng_ml * math.exp(Z95 * sigma),
            age_years=age, sds=sds, percentile=pct, ref_low=lo, ref_high=hi, zone_label=zone.label,
            zone_colour=zone.colour, change=change, assay=r.assay, lab=r.lab, source=stored.source,
        ))
        previous = r.value_ng_ml
    return out


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


def summary(record: PersonRecord, rows: Sequence[ReadingView]) -> list[tuple[str, str]]:
    """Key facts for the page header: latest value, its zone and percentile, and the retest-worthy change."""
    if not rows:
        return [("Latest IGF-1", "no readings yet")]
    last = rows[-1]
    facts = [("Latest IGF-1", f"{last.value_ng_ml:.0f} ng/mL on {last.date.isoformat()}"),
             ("95 % range of the true level", f"{last.low_ng_ml:.0f}–{last.high_ng_ml:.0f} ng/mL"),
             ("Zone", last.zone_label)]
    if last.percentile is not None and last.sds is not None:
        facts.append(("Age/sex percentile", f"{last.percentile:.0f}th (SDS {last.sds:+.2f})"))
    rcv = noise.rcv()
    facts.append(("Significant change (95 % RCV)", f"rise > {rcv.up:+.0%} or fall < {rcv.down:+.0%}"))
    return facts
