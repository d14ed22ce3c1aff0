"""Forecast each candidate to its retest day: IGF-1 median and 90 % interval, target and >175 probabilities, the
mortality hazard, a signalling read-out, known side effects and the agents' regulatory status.

The interval and the probabilities are for the **measured** retest value: posterior draws of the person's usual
level on that day times the measurement noise (analytical + within-person, ``evidence.noise``).
``level_*`` fields give the usual (true) level without the noise. The retest day is the earliest day the new level
is informative: the first day from the plan day on which at least 90 % of the expected change has happened
(daily-mean IGF-1 of the reduced model, so drug PK such as CJC-1295's week-long half-life counts), and never
before IGF-1's own 90 % time ``ln(10)/kout`` (kout 0.0262 /h: 3.7 days).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from igfaxis.evidence.mortality import hazard_ratio
from igfaxis.evidence.zones import ELEVATED_ABOVE_NG_ML, OPTIMAL_BAND_NG_ML
from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.parameters import AXIS
from igfaxis.planning.candidates import Candidate
from igfaxis.planning.history import Timeline
from igfaxis.planning.individualise import AGENT_IDS, Posterior
from igfaxis.planning.responses import (
    HORIZON_DAYS,
    PERIOD_DAYS,
    Course,
    Responses,
    ScenarioSpec,
    continuous,
    lead_days,
    regimen_key,
)

CHANGE_DONE = 0.9
MAX_RETEST_DAYS = 84  # 12 weeks: the seed's shortest cycle; a later change is not waited for
SCENARIO_DAYS = 57  # days after the plan day simulated in full; later days use the periodic steady state
SETTLE_FLOOR = 0.005  # dosing-cycle ripple below 0.5 % of the level (1/24 of the measurement SD) counts as settled
NO_CHANGE = 0.02  # expected relative change below 2 % (a sixth of the measurement SD): nothing to wait for


def min_retest_days() -> int:
    """IGF-1's own 90 % time, ln(10)/kout, in whole days (kout: Papathanasiou 2021)."""
    return math.ceil(math.log(10.0) / AXIS.value("igf_kout") / 24.0)


@dataclass(frozen=True)
class Target:
    """Target band and elevated threshold (ng/mL); defaults are the sourced zones of ``evidence.zones``."""

    low: float = OPTIMAL_BAND_NG_ML[0]
    high: float = OPTIMAL_BAND_NG_ML[1]
    elevated: float = ELEVATED_ABOVE_NG_ML


@dataclass(frozen=True)
class Forecast:
    candidate: Candidate
    day: int
    date: str
    median: float
    ci90: tuple[float, float]
    level_median: float
    level_ci90: tuple[float, float]
    p_in_target: float
    p_above_175: float
    p_level_in_target: float
    mortality_hr: tuple[float, float, float]
    trajectory: np.ndarray
    retest_reason: str
    side_effects: tuple[str, ...]
    regulatory: tuple[str, ...]
    flags: tuple[str, ...]
    signalling: dict[str, float] | None = None
    outcomes: dict[str, object] | None = None
    warnings: list[str] = field(default_factory=list)


def courses_for(candidate: Candidate, tl: Timeline) -> list[Course]:
    """The courses (regimen, start, stop) a candidate implies on the timeline."""
    out: list[Course] = []
    d = float(tl.plan_day)
    if tl.current is not None and tl.current_start_day is not None:
        key = regimen_key(tl.current)
        start = float(tl.current_start_day)
        if not tl.current_active:
            out.append(Course(key, start, tl.current_stop_day))
        elif candidate.kind == "continue":
            out.append(Course(key, start, None))
        else:
            out.append(Course(key, start, d))
    if candidate.protocol is not None and candidate.kind != "continue":
        out.append(Course(regimen_key(candidate.protocol), d, None))
    return out


def scenario_spec(candidate: Candidate, tl: Timeline) -> ScenarioSpec:
    """How the typical person lives ``candidate`` around the plan day (simulated in full: washout of a stopped
    long-acting agent and its interaction with the next one included)."""
    cur = tl.current if tl.current_active else None
    lead = 0 if cur is None or tl.current_start_day is None else lead_days(tl.plan_day - tl.current_start_day, cur)
    new = None
    if candidate.protocol is not None and candidate.kind != "continue":
        new = continuous(candidate.protocol)
    return ScenarioSpec(candidate.name, cur, lead, candidate.stops_current, new)


def candidate_design(candidate: Candidate, tl: Timeline, resp: Responses, days: np.ndarray) -> np.ndarray:
    """``X[day, agent]`` for timeline ``days`` on or after the plan day: the simulated scenario while it lasts,
    then the periodic steady state of whatever keeps running; plus a past protocol's tail (superposition)."""
    agents = list(AGENT_IDS)
    days = np.asarray(days, dtype=float)
    courses = courses_for(candidate, tl)
    sc = resp.scenarios[candidate.name]
    after = days - tl.plan_day
    inside = after < sc.rise.shape[0]
    x = np.where(inside[:, None], sc.design(after, agents), resp.design(_far(courses), days, agents))
    if tl.current is not None and not tl.current_active:
        x = x + history_design(tl, resp, days)
    return np.asarray(x)


def _far(courses: Sequence[Course]) -> list[Course]:
    """Courses as they stand long after the plan day: stopped ones gone, running ones in their periodic state."""
    return [c for c in courses if c.stop_day is None]


def retest_day(candidate: Candidate, tl: Timeline, resp: Responses, post: Posterior, *,
               person: int = 0) -> tuple[int, str]:
    """Earliest informative retest day for ``candidate`` (timeline day) and why, with the posterior-median
    response multipliers of ``person`` (index into the posterior's batch)."""
    agents = list(AGENT_IDS)
    courses = courses_for(candidate, tl)
    d = tl.plan_day
    days = np.arange(d, d + MAX_RETEST_DAYS + 1, dtype=float)
    m = np.median(post.m[:, person, :], axis=0)
    mu = 1.0 + candidate_design(candidate, tl, resp, days) @ m
    shift = PERIOD_DAYS * math.ceil((MAX_RETEST_DAYS + 2 * HORIZON_DAYS) / PERIOD_DAYS)
    far = 1.0 + resp.design(_far(courses), days + shift, agents) @ m
    before = 1.0 + float((history_design(tl, resp, np.array([d - 1.0])) @ m)[0])
    change = float(np.mean(far[:PERIOD_DAYS]) - before)
    ripple = 0.5 * float(np.max(far[:PERIOD_DAYS]) - np.min(far[:PERIOD_DAYS]))
    floor = min_retest_days()
    if abs(change) < NO_CHANGE:
        k = floor
        reason = (f"no change expected ({change:+.0%}): IGF-1 (t1/2 {math.log(2) / AXIS.value('igf_kout'):.1f} h) "
                  f"shows the level from day {floor}")
    else:
        within = np.abs(far - mu) <= max((1.0 - CHANGE_DONE) * abs(change), SETTLE_FLOOR, ripple)
        settled = np.flip(np.logical_and.accumulate(np.flip(within)))  # within from this day to the window's end
        ok = np.nonzero(settled & (days - d >= floor))[0]
        k = int(ok[0]) if ok.size else MAX_RETEST_DAYS
        agents_txt = ", ".join(candidate.agents) or "the current protocol's washout"
        reason = (f"{CHANGE_DONE:.0%} of the expected change ({change:+.0%}) reached {k} days after the plan day "
                  f"(model kinetics: IGF-1 kout {AXIS.value('igf_kout'):g} /h and {agents_txt} PK)")
    cycle = _long_cycle(candidate, tl)  # a weekly or rarer agent: retest at its trough, even with no change
    if cycle is not None:
        start, every = cycle
        k_abs = d + k
        k_abs += (every - 1 - (k_abs - start) % every) % every
        if k_abs - d <= MAX_RETEST_DAYS + every:
            reason += f"; moved to the last day of the {every}-day dosing cycle (trough, comparable between tests)"
            k = k_abs - d
    return d + k, reason


def _long_cycle(candidate: Candidate, tl: Timeline) -> tuple[int, int] | None:
    """(first dosing day, interval in days) of a candidate dosed every 3 days or less often, else None."""
    if candidate.protocol is None:
        return None
    intervals = [d.every_h for d in candidate.protocol.doses if d.every_h is not None]
    if not intervals or max(intervals) < 72.0:
        return None
    start = tl.plan_day
    if candidate.kind == "continue" and tl.current_start_day is not None:
        start = tl.current_start_day
    return start, round(max(intervals) / 24.0)


def _signalling(levels_ng_ml: Sequence[float]) -> list[dict[str, float] | None]:
    """mTORC1 and nuclear FOXO at a sustained exposure equal to each forecast level (None if unavailable)."""
    try:
        from igfaxis.physiology.exposure import total_ng_ml_to_free_nM
        from igfaxis.physiology.signaling import steady_state
        from igfaxis.physiology.signaling_model import STATE_NAMES

        ss = steady_state(total_ng_ml_to_free_nM(np.asarray(levels_ng_ml, dtype=float)))
        i_m, i_f = STATE_NAMES.index("mtorc1"), STATE_NAMES.index("foxo_nuclear")
        return [{"mtorc1": round(float(r[i_m]), 4), "foxo_nuclear": round(float(r[i_f]), 4)} for r in ss]
    except Exception:  # signalling is optional here; its own layer reports its errors
        return [None] * len(levels_ng_ml)


def forecast(candidates: Sequence[Candidate], tl: Timeline, resp: Responses, post: Posterior, *, age_years: float,
             sex: str, target: Target, seed: int = 0) -> list[Forecast]:
    """One :class:`Forecast` per candidate (same order)."""
    out: list[Forecast] = []
    for i, c in enumerate(candidates):
        day, reason = retest_day(c, tl, resp, post)
        x = candidate_design(c, tl, resp, np.array([float(day)]))[None, :, :]
        meas = post.measured(x, seed=seed + i)[:, 0, 0]
        lvl = post.level(x)[:, 0, 0]
        traj_days = np.arange(tl.plan_day, day + 1, dtype=float)
        xt = candidate_design(c, tl, resp, traj_days)[None]
        traj = np.median(post.level(xt)[:, 0, :], axis=0)
        q = np.quantile(meas, [0.05, 0.5, 0.95])
        ql = np.quantile(lvl, [0.05, 0.5, 0.95])
        hr = hazard_ratio(float(ql[1]), age_years=min(max(age_years, 18.0), 94.0), sex=sex)
        flags: list[str] = []
        side: list[str] = []
        reg: list[str] = []
        if c.protocol is not None:
            flags = list(c.protocol.flags)
            for a in c.agents:
                ag = AGENTS[a]
                side += [f"{a}: {e.text} [{e.source}]" for e in ag.adverse_effects]
                reg.append(f"{a}: {ag.regulatory_status.text} [{ag.regulatory_status.source}]; evidence "
                           f"{ag.evidence_level}")
        out.append(Forecast(
            candidate=c, day=day, date=tl.date_of(day).isoformat(), median=float(q[1]), ci90=(float(q[0]),
            float(q[2])), level_median=float(ql[1]), level_ci90=(float(ql[0]), float(ql[2])),
            p_in_target=float(np.mean((meas >= target.low) & (meas <= target.high))),
            p_above_175=float(np.mean(meas > target.elevated)),
            p_level_in_target=float(np.mean((lvl >= target.low) & (lvl <= target.high))),
            mortality_hr=(float(hr[0]), float(hr[1]), float(hr[2])), trajectory=traj, retest_reason=reason,
            side_effects=tuple(side), regulatory=tuple(reg), flags=tuple(flags)))
    sig = _signalling([f.level_median for f in out])
    return [dataclasses.replace(f, signalling=s) for f, s in zip(out, sig, strict=True)]


HISTORY_WASHOUT = "history: after the planned stop"


def history_specs(tl: Timeline) -> list[ScenarioSpec]:
    """The current protocol's washout after its own planned stop (simulated in full, like a candidate)."""
    if tl.current is None or tl.current_start_day is None or tl.current_stop_day is None:
        return []
    taken = math.ceil(tl.current_stop_day - tl.current_start_day)
    return [ScenarioSpec(HISTORY_WASHOUT, tl.current, lead_days(taken, tl.current), True, None)]


def history_design(tl: Timeline, resp: Responses, days: np.ndarray) -> np.ndarray:
    """``X[day, agent]`` of the history on timeline ``days``: the current protocol's step response from its start,
    and after its planned stop the simulated washout (see :func:`history_specs`)."""
    agents = list(AGENT_IDS)
    days = np.asarray(days, dtype=float)
    if tl.current is None or tl.current_start_day is None:
        return np.zeros((days.shape[0], len(agents)))
    on = resp.design([Course(regimen_key(tl.current), float(tl.current_start_day))], days, agents)
    if tl.current_stop_day is None:
        return on
    after = days - math.ceil(tl.current_stop_day)
    return np.asarray(np.where((after >= 0)[:, None], resp.scenarios[HISTORY_WASHOUT].design(after, agents), on))


__all__ = ["Forecast", "Target", "candidate_design", "courses_for", "forecast", "history_design", "history_specs",
           "min_retest_days", "retest_day", "scenario_spec"]
