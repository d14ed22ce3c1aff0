"""The plan page's work: the form -> ``planning.plan.PlanRequest`` with the person's stored readings, the plan as
stored (``Plan.as_dict()`` plus a ``web`` block with the form inputs and each candidate's median trajectory), and
the chart of candidates side by side (measured history, forecast trajectories, 90 % intervals, target band).

Concentrations ng/mL, glucose mmol/L, HbA1c %, weight kg. Planning (JAX, NumPyro) is imported inside functions.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from igfaxis.errors import InputError, Problem
from igfaxis.evidence.zones import ELEVATED_ABOVE_NG_ML, OPTIMAL_BAND_NG_ML
from igfaxis.labs.models import Reading
from igfaxis.storage import PersonRecord, ProtocolPeriod, StoredReading

from . import sim_view

GOAL_LABELS = {"fat_loss": "Fat loss (visceral fat)", "lean_mass": "Lean mass", "recovery_sleep":
               "Recovery and sleep", "longevity": "Longevity (IGF-1 in band)"}
CONDITION_LABELS = {"active_cancer": "Active cancer", "cancer_history": "History of cancer",
                    "pregnancy": "Pregnancy", "diabetes": "Diabetes", "heart_failure": "Heart failure",
                    "prediabetes": "Prediabetes"}
COLOURS = ("#1f4e79", "#c0392b", "#7d5ba6", "#d98c00", "#2e8b57", "#5f6b7e", "#0f7c8c")


def available() -> bool:
    """Whether this build has the planning layer (``igfaxis.planning.plan``)."""
    try:
        return importlib.util.find_spec("igfaxis.planning.plan") is not None
    except ImportError:  # pragma: no cover - parent package missing
        return False


def conditions() -> tuple[str, ...]:
    from igfaxis.planning.safety import CONDITIONS

    return tuple(CONDITIONS)


def defaults(record: PersonRecord, *, today: dt.date | None = None) -> dict[str, Any]:
    """Starting values: the protocol period ongoing today (its start date, its stored protocol text or, when the
    period's name names exactly one example protocol, that example), if any."""
    form: dict[str, Any] = {"goal": "longevity", "conditions": [], "target_low": "120", "target_high": "160",
                            "current_example": "", "current_text": "", "current_start": "", "fasting_glucose": "",
                            "hba1c": ""}
    period = ongoing_period(record, today or dt.date.today())
    if period is not None:
        form["current_start"] = period.start_date.isoformat()
        form["current_text"] = period.protocol_toml or ""
        if not form["current_text"]:
            form["current_example"] = example_for(period) or ""
    return form


def ongoing_period(record: PersonRecord, day: dt.date) -> ProtocolPeriod | None:
    """The stored protocol period being followed on ``day`` (started on or before it, not ended before it); the
    latest-started one when several overlap."""
    ongoing = [p for p in record.protocol_periods
               if p.start_date <= day and (p.end_date is None or p.end_date >= day)]
    return max(ongoing, key=lambda p: p.start_date) if ongoing else None


def example_for(period: ProtocolPeriod) -> str | None:
    """The example protocol whose id (file stem, e.g. ``tesamorelin``) is a word of the period's name, when exactly
    one is."""
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", period.name.lower()))
    found = [key for key in sim_view.example_protocols() if key.lower() in words]
    return found[0] if len(found) == 1 else None


def period_text(period: ProtocolPeriod) -> str:
    end = f"to {period.end_date.isoformat()}" if period.end_date is not None else "ongoing"
    return f"“{period.name}” ({period.start_date.isoformat()}, {end})"


def _parse_current(text: str, label: str, field: str, problems: list[Problem]) -> tuple[Any, dt.date | None]:
    """Protocol TOML (kept and flagged even when off-label: it is history) and its optional ``start_date``; its
    problems are added to ``problems`` (then None, None)."""
    from igfaxis.planning.history import parse_current_protocol

    try:
        return parse_current_protocol(text, file=label, field=field)
    except InputError as exc:
        problems.extend(exc.problems)
        return None, None


def _current(form: Mapping[str, Any], problems: list[Problem]) -> tuple[Any, dt.date | None, str]:
    """The current protocol from the form, its start date and where that date came from (a field name)."""
    text, label = str(form["current_text"]), "current protocol (pasted)"
    if not text.strip() and form["current_example"]:
        try:
            src = sim_view.protocol_source(example=str(form["current_example"]), pasted="", upload_name=None,
                                           upload=None)
        except InputError as exc:
            problems.extend(exc.problems)
            return None, None, "current_start"
        text, label = src.text, src.label
    start: dt.date | None = None
    raw_start = str(form["current_start"]).strip()
    if raw_start:
        try:
            start = dt.date.fromisoformat(raw_start)
        except ValueError:
            problems.append(Problem("not a date", field="current_start", received=raw_start,
                                    expected="a date YYYY-MM-DD"))
            raw_start = "unreadable"
    if not text.strip():
        return None, start, "current_start"  # a start date alone means nothing without the protocol
    protocol, file_start = _parse_current(text, label, "current_text", problems)
    if raw_start:
        return protocol, start, "current_start"
    return protocol, file_start, f"start_date in {label}"


def _check_start(start: dt.date, where: str, *, plan_date: dt.date, birth: dt.date | None,
                 problems: list[Problem]) -> bool:
    """A protocol start must lie between the person's birth and the plan date (a protocol not yet started cannot
    be judged, adjusted or reduced)."""
    field = "current_start" if where == "current_start" else "start_date"
    file = None if where == "current_start" else where.removeprefix("start_date in ")
    if start > plan_date:
        problems.append(Problem("the current protocol's start date is after the plan date", file=file, field=field,
                                received=start.isoformat(),
                                expected=f"a date on or before the plan date {plan_date.isoformat()} (a protocol "
                                         "not yet started is not a current protocol: leave it out)"))
        return False
    if birth is not None and start < birth:
        problems.append(Problem("the current protocol's start date is before the person's birth date", file=file,
                                field=field, received=start.isoformat(),
                                expected=f"a date on or after the birth date {birth.isoformat()}"))
        return False
    return True


def _mark_treated(readings: Sequence[Reading], periods: Sequence[ProtocolPeriod], *,
                  before: dt.date | None) -> tuple[list[Reading], list[str]]:
    """Readings taken inside a stored protocol period that ended (before the current protocol's start, if any)
    are on treatment, whatever their note says: re-noted as such so the planner leaves them out of the fit
    instead of reading them as untreated (``igfaxis.planning.history``)."""
    out: list[Reading] = []
    notes: list[str] = []
    for r in readings:
        inside = [p for p in periods if p.end_date is not None and p.start_date <= r.date <= p.end_date
                  and (before is None or r.date < before)]
        if inside:
            p = inside[0]
            out.append(replace(r, note=f"on protocol: stored period {p.name}"))
            notes.append(f"reading of {r.date.isoformat()} falls in the stored protocol period {period_text(p)}: "
                         "taken as on treatment, not untreated")
        else:
            out.append(r)
    return out, notes


def request(record: PersonRecord, form: Mapping[str, Any], *, today: dt.date | None = None) -> Any:
    """A checked ``PlanRequest`` for the stored person; InputError lists every bad field."""
    return prepare(record, form, today=today)[0]


def prepare(record: PersonRecord, form: Mapping[str, Any], *,
            today: dt.date | None = None) -> tuple[Any, list[str]]:
    """A checked ``PlanRequest`` and what the stored protocol periods contributed to it (notes for the page);
    InputError lists every bad field."""
    from igfaxis.planning.candidates import parse_goal
    from igfaxis.planning.forecast import Target
    from igfaxis.planning.plan import PlanRequest
    from igfaxis.planning.safety import parse_conditions

    problems: list[Problem] = []
    goal = None
    try:
        goal = parse_goal(str(form["goal"]))
    except InputError as exc:
        problems += exc.problems
    conds: tuple[str, ...] = ()
    try:
        conds = parse_conditions(list(form["conditions"]))
    except InputError as exc:
        problems += exc.problems
    band = "target band in ng/mL, 20 to 1000 (low below high)"
    lo = sim_view.parse_number(str(form["target_low"]) or "120", "target_low", low=20, high=1000, expected=band,
                               problems=problems)
    hi = sim_view.parse_number(str(form["target_high"]) or "160", "target_high", low=20, high=1000, expected=band,
                               problems=problems)
    if lo is not None and hi is not None and not lo < hi:
        problems.append(Problem("band out of order", field="target_high", received=f"{lo:g}-{hi:g}", expected=band))
    glucose = sim_view.parse_number(str(form["fasting_glucose"]), "fasting_glucose", low=1, high=40,
                                    expected="fasting glucose in mmol/L, e.g. 5.4", problems=problems)
    hba1c = sim_view.parse_number(str(form["hba1c"]), "hba1c", low=3, high=20, expected="HbA1c in %, e.g. 5.6",
                                  problems=problems)
    today = today or dt.date.today()
    readings = [r.reading for r in record.readings]
    current, start, where = _current(form, problems)
    notes: list[str] = []
    given = bool(str(form["current_text"]).strip() or form["current_example"])
    period = ongoing_period(record, today)
    if period is not None and not given:
        if period.protocol_toml and period.protocol_toml.strip():
            current, _ = _parse_current(period.protocol_toml, f"stored protocol period {period.name}",
                                        "protocol_toml", problems)  # the period's own start date is the record
            if start is None:
                start, where = period.start_date, "current_start"
            notes.append(f"Current protocol taken from the stored protocol period {period_text(period)}, "
                         f"started {start.isoformat()}: no current protocol was given in the form.")
        else:
            problems.append(Problem(
                "a stored protocol period is ongoing on the plan date but no current protocol was given",
                field="current_protocol", received=period_text(period),
                expected=f"its protocol under “Current protocol” (an example or pasted TOML) with “Started on” "
                         f"{period.start_date.isoformat()}; or end the period on the person page if it has ended"))
    elif period is not None and current is not None and start is None:
        start, where = period.start_date, "current_start"
        notes.append(f"Start date {start.isoformat()} taken from the stored protocol period {period_text(period)}.")
    if current is not None and start is not None and not _check_start(
            start, where, plan_date=today, birth=record.person.birth_date, problems=problems):
        start = None
    if current is None and str(form["current_start"]).strip() and not given and period is None:
        notes.append("“Started on” was ignored: no current protocol was given.")
    ended = [p for p in record.protocol_periods if p.end_date is not None and p.end_date < today]
    readings, marked = _mark_treated(readings, ended, before=start if current is not None else None)
    notes += marked
    if not readings:
        problems.append(Problem("no readings", field="readings",
                                expected="at least one IGF-1 reading: add one or import a lab file first"))
    age = record.person.age_on(today)
    if not 18 <= age <= 100:
        problems.append(Problem("age outside the adult model range", field="age", received=f"{age:.1f}",
                                expected="18 to 100 years"))
    weight = record.person.weight_kg
    if weight is not None and not 30 <= weight <= 300:
        problems.append(Problem("weight out of range", field="weight_kg", received=f"{weight:g}",
                                expected="30 to 300 kg"))
    if problems or goal is None or lo is None or hi is None:
        raise InputError(*problems)
    req = PlanRequest(readings=readings, age_years=age, sex=record.person.sex.value, goal=goal, weight_kg=weight,
                      current=current, current_start=start, conditions=conds, target=Target(lo, hi),
                      fasting_glucose_mmol_l=glucose, hba1c_percent=hba1c, plan_date=today)
    return req, notes


def make(record: PersonRecord, form: Mapping[str, Any]) -> dict[str, Any]:
    """Run the planner; the stored mapping is ``Plan.as_dict()`` plus ``web`` (inputs, median trajectories, what
    the stored protocol periods contributed)."""
    from igfaxis.planning.plan import make_plan

    req, notes = prepare(record, form)
    plan = make_plan(req)
    out = plan.as_dict()
    tl = plan.timeline
    plan_date = tl.date_of(tl.plan_day)
    out["web"] = {
        "inputs": {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in form.items()},
        "plan_date": plan_date.isoformat(),
        "period_notes": notes,
        "trajectories": {f.candidate.name: [round(float(v), 1) for v in f.trajectory] for f in plan.forecasts},
    }
    return out


# ---------------------------------------------------------------------------------------------------------- views


def colours(plan: Mapping[str, Any]) -> dict[str, str]:
    return {c["name"]: COLOURS[i % len(COLOURS)] for i, c in enumerate(plan.get("candidates", []))}


def amount_text(amount: str) -> str:
    """``"2000 ug"`` -> ``"2 mg"``; per-kg and smaller amounts unchanged."""
    value, _, unit = amount.partition(" ")
    try:
        ug = float(value)
    except ValueError:
        return amount
    return f"{ug / 1000:g} mg" if unit == "ug" and ug >= 1000 else amount


def every_text(every: str | None) -> str:
    if not every:
        return "once"
    return {"1 days": "daily", "1 day": "daily", "7 days": "weekly", "14 days": "every 2 weeks"}.get(
        every, f"every {every}")


def protocol_text(candidate: Mapping[str, Any]) -> str:
    """A candidate's doses in words, e.g. ``tesamorelin 2 mg SC daily at 22:00``."""
    proto = candidate.get("protocol")
    if not proto:
        return "no treatment"
    parts = []
    for d in proto.get("doses", []):
        parts.append(f"{d['agent']} {amount_text(str(d['amount']))} {str(d['route']).upper()} "
                     f"{every_text(d.get('every'))} at {d['at']}")
    return "; ".join(parts)


def chart_svg(plan: Mapping[str, Any], readings: Sequence[StoredReading]) -> str:
    """History and forecasts side by side: left, measured IGF-1 (95 % ranges) and each candidate's median
    trajectory to its retest date; right, each candidate's forecast retest value (median, 90 % interval)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from igfaxis.evidence import noise
    from igfaxis.reports.plots import INK, OPTIMAL_EDGE, OPTIMAL_FILL, POINT, _style_axes, _x, figure_to_svg

    cands = list(plan.get("candidates", []))
    colour = colours(plan)
    web = plan.get("web", {})
    when = web.get("plan_date") or (plan.get("timeline") or {}).get("plan_date") or dt.date.today().isoformat()
    plan_date = dt.date.fromisoformat(str(when))
    lo, hi = (float(v) for v in plan.get("target_ng_ml", OPTIMAL_BAND_NG_ML))
    fig = Figure(figsize=(9.6, 3.9), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(1, 2, width_ratios=(2.3, 1.0))
    ax = fig.add_subplot(grid[0, 0])
    bx = fig.add_subplot(grid[0, 1], sharey=ax)
    tops: list[float] = [hi]
    for axis in (ax, bx):
        axis.axhspan(lo, hi, color=OPTIMAL_FILL, alpha=0.75, lw=0, zorder=1)
        for y in (lo, hi):
            axis.axhline(y, color=OPTIMAL_EDGE, lw=0.6, zorder=1.1)
    shown = [r for r in readings if r.reading.date >= plan_date - dt.timedelta(days=400)]
    if shown:
        z, sigma = 1.959963984540054, noise.sigma_log()
        values = [r.reading.value_ng_ml for r in shown]
        err = [[v - v * math.exp(-z * sigma) for v in values], [v * math.exp(z * sigma) - v for v in values]]
        ax.errorbar(_x([r.reading.date for r in shown]), values, yerr=err, fmt="o", ms=5, color=POINT, mec="white",
                    mew=0.8, ecolor=POINT, elinewidth=1.0, capsize=3, zorder=5, label="Measured (95 % range)")
        tops += [v + e for v, e in zip(values, err[1], strict=True)]
    first = min([*(r.reading.date for r in shown), plan_date - dt.timedelta(days=30)])
    ends = [plan_date]
    dodge_days = max(1.0, (plan_date - first).days / 120.0)
    trajectories = web.get("trajectories", {})
    for c in cands:
        f = c["forecast"]
        date = dt.date.fromisoformat(str(f["date"]))
        ends.append(date)
        traj = trajectories.get(c["name"])
        col, lw = colour[c["name"]], (2.4 if c["name"] == plan.get("recommendation") else 1.3)
        if traj:
            dates = [plan_date + dt.timedelta(days=i) for i in range(len(traj))]
            ax.plot(_x(dates), traj, color=col, lw=lw, zorder=3)
            tops += list(traj)
        low, high = f["igf1_90ci_ng_ml"]
        med = f["igf1_median_ng_ml"]
        dodge = (len(ends) - 2 - (len(cands) - 1) / 2) * dodge_days  # side by side when retest dates coincide
        ax.errorbar([_x([date])[0] + dodge], [med], yerr=[[med - low], [high - med]], fmt="D", ms=4.5, color=col,
                    capsize=2.5, elinewidth=1.2, zorder=4)
        tops.append(float(high))
    ax.axvline(_x([plan_date])[0], color="#9aa3b2", ls=":", lw=1.0, zorder=2)
    ax.text(_x([plan_date])[0], 0.99, " plan", transform=ax.get_xaxis_transform(), fontsize=7.5, va="top",
            color=INK)
    _style_axes(ax, first - dt.timedelta(days=14), max(ends) + dt.timedelta(days=round(4 * dodge_days) + 7),
                max(tops))
    ax.set_title("Measured IGF-1 and forecast to each option's retest", fontsize=9.5, color=INK, loc="left")
    for i, c in enumerate(cands):
        f = c["forecast"]
        low, high = f["igf1_90ci_ng_ml"]
        rec = c["name"] == plan.get("recommendation")
        med = f["igf1_median_ng_ml"]
        bx.errorbar([i], [med], yerr=[[med - low], [high - med]], fmt="o", ms=7 if rec else 5.5,
                    color=colour[c["name"]], elinewidth=3.0 if rec else 1.6, capsize=4, zorder=4)
        if not c.get("allowed", True):
            bx.plot([i], [f["igf1_median_ng_ml"]], "x", color="#a32020", ms=11, mew=2, zorder=5)
    bx.axhline(ELEVATED_ABOVE_NG_ML, color="#a32020", ls="--", lw=0.8, zorder=1.2)
    bx.text(len(cands) - 0.5, ELEVATED_ABOVE_NG_ML, f"{ELEVATED_ABOVE_NG_ML:g}", fontsize=7, color="#a32020",
            va="bottom", ha="right")
    bx.set_xlim(-0.6, max(len(cands), 1) - 0.4)
    bx.set_xticks(range(len(cands)))
    bx.set_xticklabels([str(i + 1) for i in range(len(cands))])
    bx.set_xlabel("option (numbered as in the table)", fontsize=8, color=INK)
    bx.set_title("Retest value: median, 90 % interval", fontsize=9.5, color=INK, loc="left")
    bx.tick_params(labelsize=8, colors=INK, labelleft=False)
    bx.grid(axis="y", color="#e5e8ee", lw=0.6, zorder=0)
    for side in ("top", "right"):
        bx.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        bx.spines[side].set_color("#9aa3b2")
    return figure_to_svg(fig)
