"""Helpers for outcome tests: synthetic daily IGF-1 trajectories and a stand-in mortality curve."""

from __future__ import annotations

import numpy as np

from igfaxis.outcomes._kinetics import exposure_series


def trajectory(baseline: float, rise: float, n_days: int, *, stop_day: int | None = None) -> np.ndarray:
    """Daily IGF-1 (ng/mL) rising by ``rise`` (fraction) with IGF-1 turnover; falls back after ``stop_day``."""
    return baseline * (1.0 + exposure_series(((0.0, rise),), n_days, stop_day=stop_day))


def fake_hazard(igf1, *, age_years, sex):  # type: ignore[no-untyped-def]
    """A U-shaped stand-in for igfaxis.evidence.mortality.hazard_ratio (minimum at 140 ng/mL)."""
    igf = np.asarray(igf1, dtype=float)
    est = 1.0 + 0.6 * np.log(igf / 140.0) ** 2
    return est, est * 0.9, est * 1.15
