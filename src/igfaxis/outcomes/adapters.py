"""Build outcome inputs from the physiology layer's objects (protocols) without importing JAX.

The protocol is read by duck typing (``protocol.doses``: streams with ``agent``, ``amount.ug(weight_kg)`` /
``amount.per_kg``, ``route``, ``every_h``, ``start_day``, ``stop_day``, ``count``), so this module does not pull in
``igfaxis.physiology`` at import time.
"""

from __future__ import annotations

import math
from typing import Any

from igfaxis.outcomes.base import AGENTS, AgentCourse


def courses_from_protocol(protocol: Any, *, weight_kg: float | None, days: int) -> tuple[AgentCourse, ...]:
    """One :class:`AgentCourse` per agent: streams of the same agent (e.g. twice daily) are summed per day.

    A per-kg amount needs ``weight_kg``; without it the dose stays unknown (``dose_mg=None``) and the models flag
    the forecast as outside the studied dose.
    """
    merged: dict[str, dict[str, Any]] = {}
    for s in protocol.doses:
        agent = str(s.agent)
        if agent not in AGENTS:
            continue
        per_kg = bool(getattr(s.amount, "per_kg", False))
        dose_mg = None if per_kg and weight_kg is None else float(s.amount.ug(weight_kg or 0.0)) / 1000.0
        every_days = None if s.every_h is None else float(s.every_h) / 24.0
        start = int(s.start_day)
        if s.stop_day is not None:
            stop = math.ceil(float(s.stop_day))
        elif getattr(s, "count", None) is not None and every_days is not None:
            stop = start + math.ceil(int(s.count) * every_days)
        elif every_days is None:
            stop = start + 1
        else:
            stop = days
        stop = max(stop, start + 1)
        daily = None if dose_mg is None else dose_mg / (every_days if every_days is not None else 1.0)
        m = merged.setdefault(agent, {"daily": 0.0, "start": start, "stop": stop, "every": every_days,
                                      "route": str(s.route), "n": 0})
        m["daily"] = None if daily is None or m["daily"] is None else m["daily"] + daily
        m["start"], m["stop"] = min(m["start"], start), max(m["stop"], stop)
        m["n"] += 1
        if m["n"] > 1:
            m["every"] = 1.0
    courses = []
    for agent, m in merged.items():
        every = m["every"]
        dose = m["daily"] if every is None or every == 1.0 else (None if m["daily"] is None else m["daily"] * every)
        courses.append(AgentCourse(agent, dose_mg=dose, every_days=every, start_day=m["start"],
                                   stop_day=None if m["stop"] >= days else m["stop"], route=m["route"]))
    return tuple(courses)
