"""Read the latest plan, as stored, into what the report shows: :class:`PlanSummary` and forecast series.

The stored mapping is ``planning.plan.Plan.as_dict()`` (keys ``recommendation``, ``retest`` {date, reason},
``goal``, ``target_ng_ml``, ``status``, ``blocked_reasons``, ``warnings``, ``disclaimer``, ``evidence``, and
``candidates`` with ``forecast`` {date, igf1_median_ng_ml, igf1_90ci_ng_ml, interval_is}, ``p_in_target``,
``p_above_175``, ``mortality_hr``, ``allowed``, ``refused_because``, ``warnings``, ``notes``,
``regulatory_status``, ``side_effects``, ``source``). Simpler mappings work too: ``recommended``,
``retest_date``, candidates with ``forecast_igf1_ng_ml`` and ``p_in_optimal``, and a candidate ``forecast`` time
series {dates, igf1_ng_ml, low_ng_ml, high_ng_ml}. Concentrations are ng/mL; nothing here imports the planning
layer (its JAX/NumPyro stack is not needed to print a stored plan).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

from igfaxis.reports.data import ForecastSeries, PlanCandidate, PlanSummary


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _float(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(float(value)):
        return float(value)
    return None


def _pair(value: Any) -> tuple[float | None, float | None]:
    if isinstance(value, list | tuple) and len(value) == 2:
        return _float(value[0]), _float(value[1])
    return None, None


def _texts(*groups: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        items: Iterable[Any] = [group] if isinstance(group, str) else (group or ())
        for item in items:
            if str(item).strip():
                seen.setdefault(str(item).strip(), None)
    return tuple(seen)


def _str(value: Any) -> str | None:
    return None if value is None or str(value) == "" else str(value)


def recommended_name(plan: Mapping[str, Any]) -> str | None:
    return _str(plan.get("recommendation", plan.get("recommended")))


def _candidate(c: Mapping[str, Any], recommended: str | None) -> PlanCandidate:
    forecast = c.get("forecast") if isinstance(c.get("forecast"), Mapping) else {}
    assert isinstance(forecast, Mapping)
    low, high = _pair(forecast.get("igf1_90ci_ng_ml"))
    name = str(c.get("name", "—"))
    refused = _texts(c.get("refused_because"))
    return PlanCandidate(
        name=name,
        recommended=recommended is not None and name == recommended,
        allowed=bool(c.get("allowed", not refused)),
        forecast_date=_date(forecast.get("date")),
        forecast_ng_ml=_float(forecast.get("igf1_median_ng_ml", c.get("forecast_igf1_ng_ml"))),
        forecast_low=low,
        forecast_high=high,
        p_in_target=_float(c.get("p_in_target", c.get("p_in_optimal"))),
        p_above_elevated=_float(c.get("p_above_175")),
        mortality_hr=_float(c.get("mortality_hr")),
        remarks=_texts([f"Not allowed: {r}" for r in refused], c.get("warnings"), c.get("notes")),
        details=_texts(c.get("regulatory_status"), c.get("side_effects")),
    )


def plan_summary(plan: Mapping[str, Any] | None) -> PlanSummary | None:
    """What the report shows of a stored plan (``None`` when there is none)."""
    if not plan:
        return None
    recommended = recommended_name(plan)
    retest = plan.get("retest") if isinstance(plan.get("retest"), Mapping) else {}
    assert isinstance(retest, Mapping)
    low, high = _pair(plan.get("target_ng_ml"))
    candidates = tuple(_candidate(c, recommended) for c in plan.get("candidates") or () if isinstance(c, Mapping))
    interval = next((f.get("interval_is") for c in plan.get("candidates") or () if isinstance(c, Mapping)
                     for f in [c.get("forecast")] if isinstance(f, Mapping) and f.get("interval_is")), None)
    return PlanSummary(
        candidates=candidates,
        goal=_str(plan.get("goal")),
        created=_str(plan.get("created")),
        status=_str(plan.get("status")),
        recommended=recommended,
        retest_date=_str(retest.get("date", plan.get("retest_date"))),
        retest_reason=_str(retest.get("reason")),
        target_ng_ml=(low, high) if low is not None and high is not None else None,
        interval_label=f"90 % interval of the {interval}" if interval else "forecast interval",
        warnings=_texts(plan.get("warnings")),
        blocked_reasons=_texts(plan.get("blocked_reasons")),
        disclaimer=_str(plan.get("disclaimer")),
    )


def forecasts_from_plan(plan: Mapping[str, Any] | None) -> tuple[ForecastSeries, ...]:
    """Each candidate's forecast for the chart: a time series ``forecast`` {dates, igf1_ng_ml, low_ng_ml,
    high_ng_ml} when given, else the point forecast at the retest date (median and 90 % interval). Candidates
    with neither are skipped."""
    if not plan:
        return ()
    recommended = recommended_name(plan)
    out: list[ForecastSeries] = []
    for candidate in plan.get("candidates") or ():
        forecast = candidate.get("forecast") if isinstance(candidate, Mapping) else None
        if not isinstance(forecast, Mapping):
            continue
        name = str(candidate.get("name", f"candidate {len(out) + 1}"))
        flag = recommended is not None and name == recommended
        if "dates" in forecast and "igf1_ng_ml" in forecast:
            lows, highs = forecast.get("low_ng_ml"), forecast.get("high_ng_ml")
            out.append(ForecastSeries(
                name=name, dates=tuple(d for d in (_date(x) for x in forecast["dates"]) if d is not None),
                igf1_ng_ml=tuple(float(v) for v in forecast["igf1_ng_ml"]),
                low_ng_ml=None if lows is None else tuple(float(v) for v in lows),
                high_ng_ml=None if highs is None else tuple(float(v) for v in highs),
                recommended=flag,
            ))
            continue
        when, median = _date(forecast.get("date")), _float(forecast.get("igf1_median_ng_ml"))
        if when is None or median is None:
            continue
        low, high = _pair(forecast.get("igf1_90ci_ng_ml"))
        band = low is not None and high is not None
        out.append(ForecastSeries(name=name, dates=(when,), igf1_ng_ml=(median,),
                                  low_ng_ml=(low,) if band and low is not None else None,
                                  high_ng_ml=(high,) if band and high is not None else None, recommended=flag))
    return tuple(out)


def plan_sources(plan: Mapping[str, Any] | None) -> tuple[str, ...]:
    """Sources a stored plan names: its ``sources`` and the sources of the model's priors."""
    if not plan:
        return ()
    evidence = plan.get("evidence") if isinstance(plan.get("evidence"), Mapping) else {}
    assert isinstance(evidence, Mapping)
    priors = evidence.get("priors") if isinstance(evidence.get("priors"), Mapping) else {}
    assert isinstance(priors, Mapping)
    return _texts(
        plan.get("sources"),
        [p.get("source") for p in priors.values() if isinstance(p, Mapping) and p.get("source")],
    )
