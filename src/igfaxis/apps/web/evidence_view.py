"""The agents page's data: each agent's catalogue entry beside the published trial outcomes the model is checked
against (``igfaxis validate``), with the chart of every case's miss in tolerances.

Running every case takes ~10 s of simulation, so the results are computed once per process (the model and the
cases are fixed for a release) and reused by every request.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from typing import Any

from .sim_view import svg_data_uri

_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {}


@dataclass(frozen=True)
class Evidence:
    agents: list[dict[str, Any]]  # ``Agent.summary()`` plus ``cases`` (this agent's validation rows; every case
    # names a catalogued agent: tests/physiology/agents/test_calibration.py)
    passed: int
    total: int
    chart: str  # SVG data URI


def evidence() -> Evidence:
    """Every agent and every case (computed on first use, then cached for the process)."""
    with _LOCK:
        if "evidence" not in _CACHE:
            _CACHE["evidence"] = _compute()
        result: Evidence = _CACHE["evidence"]
        return result


def warm_up() -> threading.Thread:
    """Compute :func:`evidence` in a daemon thread (``igfaxis serve`` starts it, so the agents page opens at once);
    a request arriving meanwhile waits on the same lock instead of computing twice. A failure here is left for the
    page to report: the request then computes again and shows the error."""

    def run() -> None:
        with contextlib.suppress(Exception):  # the page request will raise it again, where it can be shown
            evidence()

    thread = threading.Thread(target=run, name="igfaxis-evidence-warm-up", daemon=True)
    thread.start()
    return thread


def _compute() -> Evidence:
    from igfaxis.outcomes import validation
    from igfaxis.physiology.agents import AGENTS
    from igfaxis.reports.plots import figure_to_svg, validation_figure

    rows = validation.as_rows(validation.run())
    agents = [a.summary() | {"cases": [r for r in rows if r["agent"] == a.id]} for a in AGENTS.values()]
    passed = sum(bool(r["pass"]) for r in rows)
    return Evidence(agents, passed, len(rows), svg_data_uri(figure_to_svg(validation_figure(rows))))
