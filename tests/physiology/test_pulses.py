"""Pulse detection on synthetic GH series with known pulses and decay half-life."""

from __future__ import annotations

import math

import numpy as np

from igfaxis.physiology.pulses import detect, pulses_per_day


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
