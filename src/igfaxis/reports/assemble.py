"""Build a :class:`~igfaxis.reports.data.ReportData` from a person and their readings.

The per-reading interpretation (SDS, percentile, zone, modelled mortality hazard ratio, probability that the true
level lies in the optimal band) and the trend come from :func:`igfaxis.labs.interpret.interpret_series`; the
reference percentile curves, measurement ranges and the optimal band come from :mod:`igfaxis.evidence`. The
report adds no science of its own: it arranges and explains. Concentrations are ng/mL, ages years.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from igfaxis import __version__
from igfaxis.evidence import lms, noise, zones
from igfaxis.labs.interpret import Interpretation, interpret_series
from igfaxis.labs.models import Person, Reading
from igfaxis.reports.data import (
    ProtocolPeriod,
    ReadingRow,
    ReferenceCurves,
    ReportData,
    padded_span,
)
from igfaxis.reports.plan import forecasts_from_plan, plan_sources, plan_summary
from igfaxis.reports.text import interpretation_lines, trend_summary

Z_95 = noise.NOISE["z_two_sided_95"]
REFERENCE_POINTS = 80


def measurement_range(value_ng_ml: float) -> tuple[float, float]:
    """95 % range (ng/mL) of the person's usual level given one reading: log-normal, analytical + within-person
    variation, flat prior on the log level (the same model as ``labs`` uses for P(optimal))."""
    k = Z_95.value * noise.sigma_log()
    return value_ng_ml * math.exp(-k), value_ng_ml * math.exp(k)


def reference_curves(
    person: Person, first: dt.date, last: dt.date, *, n: int = REFERENCE_POINTS
) -> ReferenceCurves | None:
    """2.5th, 50th and 97.5th percentiles (ng/mL) for the person's age and sex from ``first`` to ``last``.

    Dates on which the person is outside the adult reference (18–94 years) are left out; ``None`` if none remain.
    """
    span = max((last - first).days, 1)
    dates = sorted({first + dt.timedelta(days=round(span * i / (n - 1))) for i in range(n)})
    keep = [d for d in dates if lms.MIN_AGE.value <= person.age_on(d) <= lms.MAX_AGE.value]
    if not keep:
        return None
    ages = [person.age_on(d) for d in keep]
    p2_5, p50, p97_5 = (
        tuple(float(v) for v in lms.centile(z, age_years=ages, sex=person.sex))
        for z in (-Z_95.value, 0.0, Z_95.value)
    )
    return ReferenceCurves(tuple(keep), p2_5, p50, p97_5, source=lms.LMS_SOURCE,
                           label=f"Bidlingmaier 2014, {lms.REFERENCE_ASSAY}")


def _row(reading: Reading, interp: Interpretation) -> ReadingRow:
    low, high = measurement_range(reading.value_ng_ml)
    est, hr_lo, hr_hi = interp.mortality_hr
    ref = interp.reference
    return ReadingRow(
        date=reading.date,
        value_ng_ml=reading.value_ng_ml,
        reported=f"{reading.value:g} {reading.unit}",
        age_years=interp.age_years,
        low_ng_ml=low,
        high_ng_ml=high,
        assay=reading.assay,
        lab=reading.lab,
        sds=ref.sds,
        percentile=ref.percentile,
        zone=interp.zone.label,
        mortality_hr=est,
        mortality_hr_ci=(hr_lo, hr_hi),
        p_in_optimal=interp.p_true_in_optimal,
        reference_low=ref.interval_ng_ml[0],
        reference_high=ref.interval_ng_ml[1],
        assay_mismatch=interp.assay_mismatch,
        meaning=interp.meaning(),
        note=reading.note,
        zone_assumptions=interp.zone.assumptions,
    )


def _sources(interps: Sequence[Interpretation], plan: Mapping[str, Any] | None) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for source in (lms.LMS_SOURCE, lms.LMS_METHOD_SOURCE, *zones.THRESHOLDS.sources(), *noise.sources()):
        found.setdefault(source, None)
    for interp in interps:
        for source in interp.sources:
            found.setdefault(source, None)
    for source in plan_sources(plan):
        found.setdefault(source, None)
    return tuple(found)


def assemble_report(
    person: Person,
    readings: Sequence[Reading],
    *,
    person_label: str | None = None,
    protocols: Sequence[ProtocolPeriod] = (),
    plan: Mapping[str, Any] | None = None,
    generated_at: dt.datetime | None = None,
) -> ReportData:
    """Everything the report shows, for ``person`` and their IGF-1 ``readings`` (any order).

    Raises :class:`~igfaxis.errors.ReferenceRangeError` (an ``InputError``) if a reading falls outside the adult
    reference ages (18–94 years).
    """
    when = generated_at or dt.datetime.now(dt.UTC)
    series = interpret_series(readings, person) if readings else None
    rows = tuple(_row(r, i) for r, i in zip(series.readings, series.interpretations, strict=True)) if series else ()
    span = [r.date for r in rows] + [p.start for p in protocols] + [p.end for p in protocols if p.end is not None]
    reference = reference_curves(person, *padded_span(span)) if rows else None
    trend = series.trend.as_dict() if series is not None else None
    assays = Counter(r.assay for r in rows if r.assay)
    data = ReportData(
        person=person,
        person_label=person_label or person.name or "unnamed person",
        age_years=person.age_on(when.date()),
        rows=rows,
        interpretation=(),
        cv_analytical=noise.NOISE["cv_analytical"],
        cv_biological=noise.NOISE["cv_within_person"],
        reference=reference,
        trend=trend,
        trend_summary=trend_summary(trend or {}, rows),
        plan=plan,
        protocols=tuple(sorted(protocols, key=lambda p: p.start)),
        forecasts=forecasts_from_plan(plan),
        plan_summary=plan_summary(plan),
        assay=assays.most_common(1)[0][0] if assays else "not stated",
        sources=_sources(series.interpretations if series else (), plan),
        optimal_low=zones.THRESHOLDS["optimal_low"],
        optimal_high=zones.THRESHOLDS["optimal_high"],
        generated_at=when,
        version=__version__,
    )
    return replace(data, interpretation=interpretation_lines(data))
