"""Pulse analysis of a GH time series (µg/L at a fixed sampling interval), independent of how it was made.

A simplified Cluster-style criterion (Veldhuis & Johnson 1986): a local maximum is a pulse when the GH rise from
the preceding nadir and the fall to the following nadir both exceed ``max(abs_floor, rel * peak)``; the
defaults mimic an ultrasensitive assay (floor 0.02 µg/L) and a 20 % relative criterion. The decay half-life of a
pulse is the log-linear slope of the upper part of its descending limb.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PulseStats:
    """``peaks_idx`` sample indices; ``heights`` GH at the peaks (µg/L); ``nadir`` lowest GH (µg/L);
    ``integrated`` trapezoid area (µg/L*min); ``half_life_min`` median decay t½ over pulses (NaN if none)."""

    peaks_idx: np.ndarray
    heights: np.ndarray
    nadir: float
    integrated: float
    half_life_min: float

    @property
    def count(self) -> int:
        return int(self.peaks_idx.shape[0])


def _local_maxima(x: np.ndarray) -> np.ndarray:
    d = np.diff(x)
    return np.where((np.concatenate([[0.0], d]) > 0) & (np.concatenate([d, [0.0]]) <= 0))[0]


def detect(gh: np.ndarray, *, dt_min: float = 1.0, abs_floor: float = 0.02, rel: float = 0.2) -> PulseStats:
    """Detect pulses in one GH series (1-D)."""
    x = np.asarray(gh, dtype=float)
    cand = _local_maxima(x)
    cand = cand[(cand > 0) & (cand < x.size - 1)]
    peaks: list[int] = []
    for i in cand:
        # nadirs: lowest value between this maximum and the nearest higher maximum (or the series end) each side
        left = x[: i + 1]
        higher_l = np.where(left[:-1] > x[i])[0]
        lo = higher_l[-1] if higher_l.size else 0
        right = x[i:]
        higher_r = np.where(right[1:] > x[i])[0]
        hi = i + 1 + higher_r[0] if higher_r.size else x.size - 1
        crit = max(abs_floor, rel * x[i])
        if x[i] - x[lo: i + 1].min() >= crit and x[i] - x[i: hi + 1].min() >= crit:
            peaks.append(int(i))
    idx = np.array(peaks, dtype=int)
    return PulseStats(idx, x[idx] if idx.size else np.zeros(0), float(x.min()),
                      float(np.trapezoid(x, dx=dt_min)), _half_life(x, idx, dt_min))


def _half_life(x: np.ndarray, peaks: np.ndarray, dt_min: float) -> float:
    """Median over pulses of ln2 / slope of log GH on the descending limb between 85 % and 35 % of the peak
    (above twice the nadir), as in visual half-life estimates; ongoing secretion makes it >= elimination t½."""
    vals: list[float] = []
    for j, i in enumerate(peaks):
        end = peaks[j + 1] if j + 1 < peaks.size else x.size - 1
        seg = x[i: end + 1]
        k_min = int(np.argmin(seg))
        if k_min < 5:
            continue
        limb = seg[: k_min + 1]
        top, low = limb[0], limb[-1]
        sel = np.where((limb <= 0.85 * top) & (limb >= max(0.35 * top, 2.0 * low)))[0]
        if sel.size < 4:
            continue
        slope = np.polyfit(sel * dt_min, np.log(limb[sel]), 1)[0]
        if slope < 0:
            vals.append(math.log(2) / -slope)
    return float(np.median(vals)) if vals else math.nan


def pulses_per_day(gh: np.ndarray, *, dt_min: float = 1.0) -> float:
    """Pulses per 24 h in a series of any length."""
    x = np.asarray(gh, dtype=float)
    return detect(x, dt_min=dt_min).count * 1440.0 / (x.size * dt_min)


def to_minute_grid(series: np.ndarray, *, dt_min: float) -> np.ndarray:
    """A series sampled every ``dt_min`` minutes (a whole number; axis 0 is time, samples at the ends of the steps)
    on a 1-minute grid: the samples kept, the minutes between them by cubic interpolation through the 4 nearest
    samples (Lagrange; exact for cubics), linear in the first and last interval. The dense output that lets a
    2-minute RK4 solution be read, and its GH pulse peaks compared, on the same 1-minute grid as a solver that
    outputs every minute."""
    x = np.asarray(series, dtype=float)
    r = round(dt_min)
    if r < 1 or abs(dt_min - r) > 1e-9:
        raise ValueError(f"dt_min must be a whole number of minutes >= 1; got {dt_min}")
    if r == 1 or x.shape[0] < 2:
        return x
    n = x.shape[0]
    out = np.empty(((n - 1) * r + 1, *x.shape[1:]))
    out[::r] = x
    for k in range(1, r):
        s = k / r
        out[k::r] = x[:-1] + (x[1:] - x[:-1]) * s  # linear; overwritten by the cubic where 4 neighbours exist
        if n >= 4:
            w = (-s * (s - 1.0) * (s - 2.0) / 6.0, (s + 1.0) * (s - 1.0) * (s - 2.0) / 2.0,
                 -(s + 1.0) * s * (s - 2.0) / 2.0, (s + 1.0) * s * (s - 1.0) / 6.0)
            out[r + k:(n - 2) * r:r] = w[0] * x[:-3] + w[1] * x[1:-2] + w[2] * x[2:-1] + w[3] * x[3:]
    return out
