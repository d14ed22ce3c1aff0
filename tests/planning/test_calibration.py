"""Uncertainty calibration on simulated people: the 90 % forecast interval of the measured retest IGF-1 holds the
truth about 90 % of the time (truth from the full axis simulator, not the planning reduction; see virtual.py)."""

from __future__ import annotations

import os

import pytest

from .virtual import run


@pytest.mark.slow
def test_90_percent_interval_covers_the_measured_retest_about_90_percent() -> None:
    n = int(os.environ.get("IGFAXIS_CALIBRATION_N", "100"))
    cov = run(n, seed=1)
    print(f"\ncoverage of the measured retest by the 90% interval: {cov.measured:.3f} over {3 * n} forecasts "
          f"({cov.by_kind}); true level by the level interval: {cov.level:.3f}; median width/level "
          f"{cov.width_ratio:.2f}")
    # 300 forecasts: binomial SD of a 90 % coverage is 1.7 %; allow about 3 SD each way
    assert 0.84 <= cov.measured <= 0.96
    assert all(0.8 <= v <= 0.99 for v in cov.by_kind.values())
