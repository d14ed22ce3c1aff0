"""Tight-tolerance references: SciPy for models driven by a per-minute held input, libRoadRunner for SBML."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
from scipy.integrate import solve_ivp


def piecewise_radau(f: Callable[[np.ndarray, float], np.ndarray], ligand: np.ndarray, y0: np.ndarray) -> np.ndarray:
    """States at the end of each minute: Radau (rtol 1e-8, atol 1e-10), restarted wherever the input changes."""
    out = np.empty((ligand.size, y0.size))
    edges = [0, *(np.flatnonzero(np.diff(ligand)) + 1).tolist(), ligand.size]
    y = y0.astype(float)
    for a, b in itertools.pairwise(edges):
        level = float(ligand[a])
        sol = solve_ivp(lambda t, z, lv=level: f(z, lv), (a, b), y, method="Radau", rtol=1e-8, atol=1e-10,
                        t_eval=np.arange(a + 1, b + 1, dtype=float))
        assert sol.success, sol.message
        out[a:b] = sol.y.T
        y = sol.y[:, -1]
    return out


def roadrunner_minutes(text: str, selections: list[str], days: int) -> np.ndarray:
    """libRoadRunner (CVODE rtol 1e-8, atol 1e-10, max step 1 min) on an SBML text: the selections at the end of
    each minute over ``days``, shape ``(1440 * days, len(selections))``."""
    import roadrunner

    roadrunner.Logger.setLevel(roadrunner.Logger.LOG_ERROR)
    rr = roadrunner.RoadRunner(text)
    rr.integrator.relative_tolerance = 1e-8
    rr.integrator.absolute_tolerance = 1e-10
    rr.integrator.max_step_size = 1 / 60
    rr.timeCourseSelections = ["time", *selections]
    return np.asarray(rr.simulate(0, 24 * days, 1440 * days + 1))[1:, 1:]
