"""Interpret IGF-1 results: age/sex reference (SDS, percentile, interval), zone, modelled mortality hazard and the
probability that the true level lies in the optimal band; and a series with its trend.

All concentrations are ng/mL; ages in years. The reference assay is IDS-iSYS (Bidlingmaier 2014); a result from
another assay is still interpreted but flagged ``assay_mismatch``. The mortality hazard is a model extrapolated
from observational cohorts, never a measurement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from igfaxis.errors import ReferenceRangeError
from igfaxis.evidence import mortality, noise
from igfaxis.evidence.lms import LMS_METHOD_SOURCE, LMS_SOURCE, REFERENCE_ASSAY, Reference, reference
from igfaxis.evidence.zones import ZONES, Zone, classify, zone_by_name
from igfaxis.labs.models import Person, Reading, Sex
from igfaxis.labs.trend import Trend, trend
from igfaxis.labs.validate import check_ages
from igfaxis.units import igf1_ng_ml_to_nmol_l

DISCLAIMER = "igfaxis informs; it does not prescribe. Discuss results with a licensed clinician."
P_OPTIMAL_METHOD = (
    "log-normal measurement model (analytical + within-person CV), flat prior on log true level; "
    "true level = the person's usual level around the time of the test"
)


def assay_matches(assay: str | None) -> bool:
    """True if ``assay`` names the reference assay (IDS-iSYS), or is not stated."""
    if assay is None or not assay.strip():
        return True
    key = re.sub(r"[^a-z]", "", assay.lower())
    return "isys" in key or key.startswith("ids")


def _r(x: float, nd: int = 4) -> float:
    return round(float(x), nd)


@dataclass(frozen=True)
class Interpretation:
    """One IGF-1 value (ng/mL) interpreted for a person of ``age_years`` and ``sex``."""

    igf1_ng_ml: float
    age_years: float
    sex: Sex
    reference: Reference
    zone: Zone
    mortality_hr: tuple[float, float, float]
    mortality_extrapolated: bool
    p_true_in_optimal: float
    assay: str | None
    assay_mismatch: bool
    sources: tuple[str, ...]

    def meaning(self) -> str:
        """One plain sentence saying what the value means."""
        who = f"a {self.age_years:.0f}-year-old {'man' if self.sex is Sex.male else 'woman'}"
        est, lo, hi = self.mortality_hr
        pct = self.reference.percentile
        text = (
            f"{self.igf1_ng_ml:.0f} ng/mL is in the {self.zone.label} zone ({self.zone.range_text()}) and at the "
            f"{_ordinal(pct)} percentile for {who} (SDS {self.reference.sds:+.2f}); the modelled all-cause mortality "
            f"hazard is {est:.2f}x that at the age-sex median (95 % band {lo:.2f}–{hi:.2f})"
        )
        if self.mortality_extrapolated:
            text += ", extrapolated beyond the published data"
        if self.assay_mismatch:
            text += f"; measured with {self.assay}, not the {REFERENCE_ASSAY} assay the reference is built on"
        return text + "."

    def as_dict(self) -> dict[str, object]:
        """The CLI JSON contract (plus extra keys)."""
        est, lo, hi = self.mortality_hr
        ref = self.reference
        return {
            "igf1_ng_ml": _r(self.igf1_ng_ml),
            "igf1_nmol_l": _r(igf1_ng_ml_to_nmol_l(self.igf1_ng_ml)),
            "sds": _r(ref.sds),
            "percentile": _r(ref.percentile, 2),
            "reference_interval_ng_ml": [_r(ref.interval_ng_ml[0], 2), _r(ref.interval_ng_ml[1], 2)],
            "reference_median_ng_ml": _r(ref.median_ng_ml, 2),
            "zone": self.zone.name,
            "mortality_hr": {
                "estimate": _r(est),
                "ci95": [_r(lo), _r(hi)],
                "reference": mortality.REFERENCE_LABEL,
                "label": mortality.MODEL_LABEL,
                "extrapolated": self.mortality_extrapolated,
            },
            "p_true_in_optimal": _r(self.p_true_in_optimal),
            "sources": list(self.sources),
            "assumptions": list(self.zone.assumptions),
            "age_years": _r(self.age_years, 2),
            "sex": self.sex.value,
            "zone_label": self.zone.label,
            "zone_range_ng_ml": self.zone.range_text(),
            "reference_assay": REFERENCE_ASSAY,
            "reference_interval_percentiles": [2.5, 97.5],
            "assay": self.assay,
            "assay_mismatch": self.assay_mismatch,
            "p_true_in_optimal_method": P_OPTIMAL_METHOD,
            "meaning": self.meaning(),
            "disclaimer": DISCLAIMER,
        }


def _ordinal(p: float) -> str:
    n = max(1, min(99, round(p))) if 0.5 <= p <= 99.5 else None
    if n is None:
        return "<1st" if p < 0.5 else ">99th"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _sources(zone: Zone) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for s in (LMS_SOURCE, LMS_METHOD_SOURCE, *zone.sources, *mortality.sources(), *noise.sources()):
        seen.setdefault(s, None)
    return tuple(seen)


def interpret_value(
    value_ng_ml: float,
    *,
    age_years: float,
    sex: Sex | str,
    assay: str | None = None,
    zones: tuple[Zone, ...] = ZONES,
) -> Interpretation:
    """Interpret one IGF-1 value (ng/mL) for a person of ``age_years`` (18–94) and ``sex``."""
    sex_ = sex if isinstance(sex, Sex) else Sex.parse(sex)
    ref = reference(value_ng_ml, age_years=age_years, sex=sex_.value)
    zone = classify(value_ng_ml, zones)
    est, lo, hi = mortality.hazard_ratio_sds(ref.sds)
    optimal = zone_by_name("optimal", zones)
    assert optimal.low is not None and optimal.high is not None
    p = noise.p_true_in_band(value_ng_ml, optimal.low, optimal.high)
    return Interpretation(
        igf1_ng_ml=float(value_ng_ml),
        age_years=float(age_years),
        sex=sex_,
        reference=ref,
        zone=zone,
        mortality_hr=(float(est), float(lo), float(hi)),
        mortality_extrapolated=mortality.is_extrapolated(ref.sds),
        p_true_in_optimal=p,
        assay=assay,
        assay_mismatch=not assay_matches(assay),
        sources=_sources(zone),
    )


@dataclass(frozen=True)
class SeriesInterpretation:
    """Every reading interpreted at the person's age on its date, and the trend of the series."""

    person: Person
    readings: tuple[Reading, ...]
    interpretations: tuple[Interpretation, ...]
    trend: Trend

    def as_dict(self) -> dict[str, object]:
        rows = []
        for reading, interp in zip(self.readings, self.interpretations, strict=True):
            d = {"date": reading.date.isoformat(), **interp.as_dict()}
            d["reported"] = {"value": reading.value, "unit": reading.unit}
            if reading.lab:
                d["lab"] = reading.lab
            if reading.note:
                d["note"] = reading.note
            rows.append(d)
        return {
            "person": {
                "sex": self.person.sex.value,
                "birth_date": self.person.birth_date.isoformat() if self.person.birth_date else None,
            },
            "readings": rows,
            "trend": self.trend.as_dict(),
            "disclaimer": DISCLAIMER,
        }


def interpret_series(readings: Sequence[Reading], person: Person) -> SeriesInterpretation:
    """Interpret each reading (sorted by date) at the person's age on that date, plus the trend.

    A reading dated before the person's birth, or at an age outside the adult reference, raises
    :class:`~igfaxis.errors.ReferenceRangeError` naming the date of every such reading."""
    ordered = tuple(sorted(readings, key=lambda r: r.date))
    problems = check_ages([(r, None) for r in ordered], person, file=None)
    if problems:
        raise ReferenceRangeError(*problems)
    interps = tuple(
        interpret_value(r.value_ng_ml, age_years=person.age_on(r.date), sex=person.sex, assay=r.assay)
        for r in ordered
    )
    tr = trend([r.date for r in ordered], [r.value_ng_ml for r in ordered])
    return SeriesInterpretation(person=person, readings=ordered, interpretations=interps, trend=tr)
