"""The plan page's work: the form -> ``planning.plan.PlanRequest`` with the person's stored readings, the plan as
stored (``Plan.as_dict()`` plus a ``web`` block with the form inputs and each candidate's median trajectory), and
the chart of candidates side by side (measured history, forecast trajectories, 90 % intervals, target band).

Concentrations ng/mL, glucose mmol/L, HbA1c %, weight kg. Planning (JAX, NumPyro) is imported inside functions.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

from igfaxis.errors import InputError, Problem
from igfaxis.evidence.zones import ELEVATED_ABOVE_NG_ML, OPTIMAL_BAND_NG_ML
from igfaxis.storage import PersonRecord, StoredReading

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


def defaults(record: PersonRecord) -> dict[str, Any]:
    """Starting values: the ongoing protocol period's start date and stored protocol text, if any."""
    form: dict[str, Any] = {"goal": "longevity", "conditions": [], "target_low": "120", "target_high": "160",
                            "current_example": "", "current_text": "", "current_start": "", "fasting_glucose": "",
                            "hba1c": ""}
    ongoing = [p for p in record.protocol_periods if p.end_date is None]
    if ongoing:
        latest = max(ongoing, key=lambda p: p.start_date)
        form["current_start"] = latest.start_date.isoformat()
        form["current_text"] = latest.protocol_toml or ""
    return form


def _current(form: Mapping[str, Any], problems: list[Problem]) -> tuple[Any, dt.date | None]:
    """The current protocol (kept and flagged even when off-label: it is history) and its start date."""
    from igfaxis.physiology.protocol import protocol_from_dict

    text, label = str(form["current_text"]), "current protocol (pasted)"
    if not text.strip() and form["current_example"]:
        try:
            src = sim_view.protocol_source(example=str(form["current_example"]), pasted="", upload_name=None,
                                           upload=None)
        except InputError as exc:
            problems.extend(exc.problems)
            return None, None
        text, label = src.text, src.label
    start: dt.date | None = None
    raw_start = str(form["current_start"]).strip()
    if raw_start:
        try:
            start = dt.date.fromisoformat(raw_start)
        except ValueError:
            problems.append(Problem("not a date", field="current_start", received=raw_start,
                                    expected="a date YYYY-MM-DD"))
    if not text.strip():
        return None, None  # a start date means nothing without the protocol
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(f"not valid TOML: {exc}", file=label, field="current_text"))
        return None, start
    raw = data.pop("start_date", None)
    if start is None and raw is not None:
        try:
            start = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        except ValueError:
            problems.append(Problem("unreadable start_date", file=label, field="start_date", received=str(raw),
                                    expected="a date YYYY-MM-DD"))
    try:
        return protocol_from_dict(data, file=label, allow_off_label=True), start
    except InputError as exc:
        problems.extend(exc.problems)
        return None, start


def request(record: PersonRecord, form: Mapping[str, Any], *, today: dt.date | None = None) -> Any:
    """A checked ``PlanRequest`` for the stored person; InputError lists every bad field."""
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
    current, start = _current(form, problems)
    today = today or dt.date.today()
    readings = [r.reading for r in record.readings]
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
    return PlanRequest(readings=readings, age_years=age, sex=record.person.sex.value, goal=goal, weight_kg=weight,
                       current=current, current_start=start, conditions=conds, target=Target(lo, hi),
                       fasting_glucose_mmol_l=glucose, hba1c_percent=hba1c, plan_date=today)


def make(record: PersonRecord, form: Mapping[str, Any]) -> dict[str, Any]:
    """Run the planner; the stored mapping is ``Plan.as_dict()`` plus ``web`` (inputs, median trajectories)."""
    from igfaxis.planning.plan import make_plan

    plan = make_plan(request(record, form))
    out = plan.as_dict()
    tl = plan.timeline
    plan_date = tl.date_of(tl.plan_day)
    out["web"] = {
        "inputs": {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in form.items()},
        "plan_date": plan_date.isoformat(),
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
