"""Every published trial outcome the models express, run together: what ``igfaxis validate`` and the dashboard's
agents page show.

The axis cases (:mod:`igfaxis.physiology.calibration_cases`) and the chained outcome cases
(:mod:`igfaxis.outcomes.trial_cases`) in one list, in ``trials_calibration.csv`` row order (outcomes from beyond
the table, ``row`` None, last), with the documented reason for each known model limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from igfaxis.outcomes import trial_cases
from igfaxis.physiology.calibration import CASES as AXIS_CASES
from igfaxis.physiology.calibration import NOT_EXPRESSIBLE, run_cases
from igfaxis.physiology.calibration_cases import KNOWN_MISMATCH as AXIS_MISMATCH
from igfaxis.physiology.calibration_cases import TRIALS_TABLE, Case, Result

RoleFilter = Literal["all", "calibration", "validation"]
ROLES: tuple[RoleFilter, ...] = ("all", "calibration", "validation")

#: Why each case the models cannot reach fails (case id -> reason).
KNOWN_MISMATCH: Mapping[str, str] = AXIS_MISMATCH | trial_cases.KNOWN_MISMATCH


def _order(case: Case) -> tuple[bool, bool, int]:
    return (case.row is None, case.table != TRIALS_TABLE, case.row or 0)


def cases(role: RoleFilter = "all", agent: str | None = None) -> list[Case]:
    """The cases of ``role`` (and of agent id ``agent``, if given) in row order."""
    return sorted((c for c in (*AXIS_CASES, *trial_cases.CASES)
                   if role in ("all", c.role) and agent in (None, c.agent)), key=_order)


def run(role: RoleFilter = "all", agent: str | None = None) -> list[Result]:
    """Simulate every case of ``role`` (and ``agent``) against its published value, each simulation group once."""
    return run_cases(cases(role, agent), groups=trial_cases.GROUPS)


def as_rows(results: list[Result]) -> list[dict[str, object]]:
    """JSON rows (``igfaxis validate --json``'s ``cases``): each result with its ``known_mismatch`` reason or None."""
    return [r.as_dict() | {"known_mismatch": KNOWN_MISMATCH.get(r.case.id)} for r in results]


def pass_counts(results: list[Result]) -> dict[str, dict[str, int]]:
    """Cases within tolerance and cases run, by role (``igfaxis validate --json``'s ``by_role``)."""
    return {role: {"passed": sum(r.passed for r in results if r.case.role == role),
                   "total": sum(r.case.role == role for r in results)}
            for role in ("calibration", "validation")}


def calibration_loss(results: list[Result]) -> float | None:
    """Sum of ((simulated - published) / tolerance)^2 over the calibration cases among ``results`` (what
    ``scripts/calibrate_agents.py`` minimises, agent by agent); None when there are none. A non-finite simulated
    value makes it infinite."""
    misses = [r.case.miss(r.simulated) for r in results if r.case.role == "calibration"]
    return float(sum(m * m for m in misses)) if misses else None


__all__ = ["KNOWN_MISMATCH", "NOT_EXPRESSIBLE", "ROLES", "RoleFilter", "as_rows", "calibration_loss", "cases",
           "pass_counts", "run"]
