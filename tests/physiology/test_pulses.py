"""Pulse detection on synthetic GH series with known pulses and decay half-life."""

from __future__ import annotations

import math

import numpy as np
import pytest

from igfaxis.physiology.pulses import detect, pulses_per_day, to_minute_grid


def _synthetic(n_pulses: int, half_life_min: float, *, nadir: float = 0.1) -> np.ndarray:
    t = np.arange(1440.0)
    k = math.log(2) / half_life_min
    x = np.full_like(t, nadir)
    for j, onset in enumerate(np.linspace(30, 1380, n_pulses)):
        amp = 2.0 + (j % 3)
        rise = np.clip((t - onset) / 10.0, 0, 1)  # 10-min secretory burst
        x += amp * rise * np.exp(-k * np.clip(t - onset - 10.0, 0, None))
    return x


def test_detects_each_pulse_and_its_half_life() -> None:
    st = detect(_synthetic(13, 18.0))
    assert st.count == 13
    assert abs(st.half_life_min - 18.0) < 2.0
    assert abs(pulses_per_day(_synthetic(13, 18.0)) - 13) < 1e-9


def test_small_wiggles_are_not_pulses() -> None:
    t = np.arange(1440.0)
    x = 1.0 + 0.01 * np.sin(2 * np.pi * t / 60.0)  # 1 % ripple: below the 20 % / 0.02 ug/L criterion
    assert detect(x).count == 0


def test_minute_grid_keeps_the_samples_and_is_exact_for_cubics_inside() -> None:
    """Dense output of a 2- or 3-minute solution: samples kept, interior minutes exact for a cubic (the 4-point
    Catmull-Rom midpoint), several series at once (axis 1 = patients)."""
    for dt in (2, 3):
        t = np.arange(0.0, 60.0, dt)
        y = np.stack([t**3 - 5 * t, 2 * t**2], axis=1)
        fine = to_minute_grid(y, dt_min=dt)
        minutes = np.arange(0.0, t[-1] + 1)
        assert fine.shape == (minutes.size, 2)
        np.testing.assert_array_equal(fine[::dt], y)
        inner = slice(dt, -dt)  # the first and last interval are linear
        np.testing.assert_allclose(fine[inner, 0], (minutes**3 - 5 * minutes)[inner], rtol=1e-12)
        np.testing.assert_allclose(fine[inner, 1], (2 * minutes**2)[inner], rtol=1e-12)


def test_minute_grid_recovers_a_pulse_peak_between_samples() -> None:
    minutes = np.arange(0.0, 121.0)
    pulse = np.exp(-(((minutes - 61.0) / 8.0) ** 2))  # peak at an odd minute, missed by a 2-minute grid
    coarse = pulse[::2]
    assert coarse.max() < 0.985
    assert abs(to_minute_grid(coarse, dt_min=2).max() - 1.0) < 2e-3


@pytest.mark.parametrize("dt", [0.5, 1.5, 0])
def test_minute_grid_needs_whole_minutes(dt: float) -> None:
    with pytest.raises(ValueError, match="whole number"):
        to_minute_grid(np.zeros(5), dt_min=dt)
