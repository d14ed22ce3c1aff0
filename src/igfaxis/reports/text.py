"""Plain-language sentences for the report. Pure functions of the report data; numbers in ng/mL."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from igfaxis.evidence import noise

if TYPE_CHECKING:
    from igfaxis.reports.data import ReadingRow, ReportData


def fmt_num(value: float | None, digits: int = 0, *, signed: bool = False) -> str:
    """A number for print: fixed ``digits``, a true minus sign, "—" when missing or not finite."""
    if value is None or not math.isfinite(value):
        return "—"
    return (f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}").replace("-", "−")


def fmt_pct(fraction: float | None, digits: int = 0, *, signed: bool = False) -> str:
    """A fraction (0.25) as a percentage ("25 %", non-breaking space); "—" when missing."""
    if fraction is None:
        return "—"
    return f"{fmt_num(100.0 * fraction, digits, signed=signed)}\u00a0%"


def ordinal(value: float | None) -> str:
    """A percentile as an ordinal ("73rd"); "<1st" and ">99th" at the ends; "—" when missing."""
    if value is None or not math.isfinite(value):
        return "—"
    if value < 1:
        return "<1st"
    if value > 99:
        return ">99th"
    n = round(value)
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _change_sentence(prev: ReadingRow, last: ReadingRow) -> str:
    change = last.value_ng_ml / prev.value_ng_ml - 1.0
    rcv = noise.rcv()
    significant = noise.is_significant_change(prev.value_ng_ml, last.value_ng_ml)
    verdict = (
        "larger than measurement noise alone explains, so it is likely a real change"
        if significant
        else "within what measurement noise alone can produce, so it is not proof of a real change"
    )
    return (
        f"Since the previous result ({prev.value_ng_ml:.0f} ng/mL on {prev.date.isoformat()}) IGF-1 changed by "
        f"{fmt_pct(change, signed=True)}; the 95\u00a0% reference change value is {fmt_pct(rcv.up, signed=True)} / "
        f"{fmt_pct(rcv.down, signed=True)}, "
        f"so this change is {verdict}."
    )


def _head(data: ReportData, last: ReadingRow) -> str:
    if last.meaning:
        return f"Latest result ({last.date.isoformat()}): {last.meaning}"
    who = "man" if data.person.sex.value == "male" else "woman"
    head = f"The latest IGF-1 result is {last.value_ng_ml:.0f} ng/mL ({last.date.isoformat()})"
    if last.percentile is not None and last.sds is not None:
        head += (f", at the {ordinal(last.percentile)} percentile for a {last.age_years:.0f}-year-old {who} "
                 f"(SDS {fmt_num(last.sds, 2, signed=True)})")
    if last.zone is not None:
        head += f", in the zone “{last.zone}”"
        if last.zone_assumptions:
            head += f" ({'; '.join(last.zone_assumptions)})"
    return head + "."


def _reference_interval(data: ReportData, last: ReadingRow) -> tuple[float, float] | None:
    if last.reference_low is not None and last.reference_high is not None:
        return last.reference_low, last.reference_high
    ref = data.reference
    if ref is None or not ref.dates:
        return None
    ref_dates = ref.dates
    i = min(range(len(ref_dates)), key=lambda k: abs((ref_dates[k] - last.date).days))
    return ref.p2_5[i], ref.p97_5[i]


def interpretation_lines(data: ReportData) -> tuple[str, ...]:
    """The current interpretation in plain sentences: the latest result, its reference interval, what measurement
    noise allows, the change since the previous result, and caveats (model, assay)."""
    last = data.current
    if last is None:
        return ("No IGF-1 results to interpret.",)
    lines = [_head(data, last)]
    lo, hi = data.optimal_low.value, data.optimal_high.value
    interval = _reference_interval(data, last)
    label = data.reference.label if data.reference is not None else "age- and sex-specific reference"
    if interval is not None:
        lines.append(
            f"For this age and sex the reference interval (2.5th–97.5th percentile; {label}) is "
            f"{interval[0]:.0f}–{interval[1]:.0f} ng/mL; the range linked to the lowest all-cause mortality in "
            f"pooled cohort studies is {lo:.0f}–{hi:.0f} ng/mL."
        )
    noise_line = (
        f"Allowing for assay imprecision (CV {fmt_pct(data.cv_analytical.value, 1)}) and day-to-day variation within a "
        f"person (CV {fmt_pct(data.cv_biological.value)}), the usual level behind this result lies between "
        f"{last.low_ng_ml:.0f} and {last.high_ng_ml:.0f} ng/mL with 95\u00a0% probability"
    )
    if last.p_in_optimal is not None:
        noise_line += f"; the chance that it lies within {lo:.0f}–{hi:.0f} ng/mL is {fmt_pct(last.p_in_optimal)}"
    lines.append(noise_line + ".")
    if len(data.rows) >= 2:
        lines.append(_change_sentence(data.rows[-2], last))
    if last.mortality_hr is not None:
        lines.append("The mortality hazard ratio is a model fitted to published cohort hazard ratios, relative to "
                     "the age- and sex-specific median; it describes populations, not a measurement of this person.")
    if any(r.assay_mismatch for r in data.rows):
        lines.append("Some results come from an assay other than the one the reference is built on; absolute values "
                     "and percentiles from different assays are not interchangeable.")
    return tuple(lines)


def _num(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(float(value)):
        return float(value)
    return None


def trend_summary(trend: Mapping[str, Any], rows: Sequence[ReadingRow]) -> tuple[tuple[str, str], ...]:
    """Label/value pairs for the trend box, from labs' trend (``Trend.as_dict()`` keys) and the readings."""
    items: list[tuple[str, str]] = []
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        items.append(("Change since first result",
                      f"{fmt_num(last.value_ng_ml - first.value_ng_ml, 0, signed=True)} ng/mL "
                      f"({fmt_pct(last.value_ng_ml / first.value_ng_ml - 1.0, signed=True)}) "
                      f"from {first.date.isoformat()} to {last.date.isoformat()}"))
    slope = _num(trend.get("slope_ng_ml_per_year"))
    if slope is not None:
        text = f"{fmt_num(slope, 1, signed=True)} ng/mL per year"
        ci = trend.get("slope_ci95_ng_ml_per_year")
        if isinstance(ci, list | tuple) and len(ci) == 2 and all(_num(v) is not None for v in ci):
            low, high = (fmt_num(float(v), 1, signed=True) for v in ci)
            text += f" (95\u00a0% CI {low} to {high})"
        items.append(("Slope (least squares)", text))
    tio = _num(trend.get("time_in_optimal_fraction"))
    if tio is not None:
        items.append(("Time in the optimal range", f"{fmt_pct(tio)} of the time between first and last result "
                      "(straight lines between results)"))
    changes = trend.get("changes")
    significant = trend.get("significant_changes")
    if isinstance(changes, list | tuple) and isinstance(significant, list | tuple) and changes:
        dates = ", ".join(str(c.get("to_date")) for c in significant if isinstance(c, Mapping))
        items.append(("Significant changes", f"{len(significant)} of {len(changes)} changes between consecutive "
                      "results" + (f" (to {dates})" if dates else "")))
    rcv = noise.rcv()
    if len(rows) >= 2:
        items.append(("Reference change value (95\u00a0%)",
                      f"a rise above {fmt_pct(rcv.up, signed=True)} or a fall below "
                      f"{fmt_pct(rcv.down, signed=True)} between two "
                      "results is beyond measurement noise"))
    return tuple(items)
