"""Tight-tolerance SciPy reference for models driven by a per-minute held input."""

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
