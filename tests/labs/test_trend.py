from __future__ import annotations

import datetime as dt

import pytest

from igfaxis.evidence import noise
from igfaxis.labs.trend import trend

D = [dt.date(2025, 1, 1), dt.date(2025, 7, 2), dt.date(2026, 1, 1)]


def test_significant_changes_only_beyond_rcv() -> None:
    up = noise.rcv().up
    t = trend(D, [100.0, 100 * (1 + up) * 1.02, 100 * (1 + up) * 1.02 * 0.9])
    assert [c.significant for c in t.changes] == [True, False]
    assert len(t.significant_changes) == 1
    d = t.as_dict()
    assert d["significant_changes"][0]["from_date"] == "2025-01-01"  # type: ignore[index]


def test_slope_exact_line_and_uncertainty() -> None:
    days = [(d - D[0]).days / 365.2425 for d in D]
    t = trend(D, [100 + 20 * y for y in days])
    assert t.slope_ng_ml_per_year == pytest.approx(20.0)
    assert t.slope_se_ng_ml_per_year == pytest.approx(0.0, abs=1e-9)
    noisy = trend(D, [100.0, 130.0, 115.0])
    assert noisy.slope_se_ng_ml_per_year is not None and noisy.slope_se_ng_ml_per_year > 0
    assert noisy.slope_ci95 is not None
    assert noisy.slope_ci95[0] < noisy.slope_ng_ml_per_year < noisy.slope_ci95[1]  # type: ignore[operator]


def test_two_readings_use_measurement_noise_and_one_reading_has_no_slope() -> None:
    t = trend(D[:2], [100.0, 120.0])
    assert t.slope_se_ng_ml_per_year is not None and t.slope_se_ng_ml_per_year > 0
    single = trend(D[:1], [100.0])
    assert single.slope_ng_ml_per_year is None and single.time_in_optimal_fraction is None


def test_time_in_optimal_by_linear_interpolation() -> None:
    a, b = dt.date(2025, 1, 1), dt.date(2025, 4, 11)
    # 100 -> 200 over 100 days: inside [120, 160] for 40 % of the time
    assert trend([a, b], [100.0, 200.0]).time_in_optimal_fraction == pytest.approx(0.4)
    assert trend([a, b], [130.0, 150.0]).time_in_optimal_fraction == pytest.approx(1.0)
    assert trend([a, b], [170.0, 300.0]).time_in_optimal_fraction == pytest.approx(0.0)
    assert trend(D, [140.0, 140.0, 140.0]).time_in_optimal_fraction == pytest.approx(1.0)
