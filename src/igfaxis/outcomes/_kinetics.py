"""Shared numerics for outcome models: first-order (turnover) time courses, trial exposures, fitting, bands.

Everything runs on daily steps. A first-order approach of ``y`` to a target held constant over a day is integrated
exactly: ``y[n+1] = T[n] + (y[n] - T[n]) * exp(-k * 1 day)``. Arrays may carry a leading "draws" axis so parameter
uncertainty is propagated by Monte Carlo in one vectorised pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from igfaxis.provenance import Sourced

FloatArray = NDArray[np.float64]

IGF1_KOUT = Sourced(
    "igf1_kout", 0.0262 * 24.0, "1/day",
    "Papathanasiou T et al. Clin Pharmacokinet 2021;60:1217-26 (PMC8416863, Table 3): kout 0.0262 /h "
    "(95% CI 0.0218-0.0306), IGF-1 turnover under daily GH",
    "used only to shape the IGF-1 rise of the trial arms when a fit needs an exposure time course",
)

#: Monte Carlo draws for the 90 % bands (fixed seed: forecasts are reproducible).
N_DRAWS = 400
SEED = 20071206


@dataclass(frozen=True)
class Target:
    """One published trial number a model is fitted to (or checked against).

    ``value`` in the model's unit at ``day`` (days from the first dose); ``se`` its standard error (derived from
    the reported CI, SD and n, or p value: ``se_note`` says how); ``exposure`` the arm's relative IGF-1 rise
    trajectory as ``((day, x), ...)`` points (linear in between, constant after the last point);
    ``stop_day`` when dosing stopped (None = on throughout).
    """

    name: str
    value: float
    se: float
    day: int
    exposure: tuple[tuple[float, float], ...]
    source: str
    se_note: str
    stop_day: int | None = None

    def ci95(self) -> tuple[float, float]:
        return (self.value - 1.96 * self.se, self.value + 1.96 * self.se)


def exposure_series(points: Sequence[tuple[float, float]], n_days: int, *, stop_day: int | None = None) -> FloatArray:
    """Daily relative IGF-1 rise through published ``(day, x)`` points; after ``stop_day`` it decays with IGF-1
    turnover (:data:`IGF1_KOUT`). A single point ``(0, x)`` means "plateau x", reached with the same turnover."""
    days = np.arange(n_days, dtype=float)
    if len(points) == 1:
        x = points[0][1] * (1.0 - np.exp(-IGF1_KOUT.value * days))
    else:
        pd = np.array([p[0] for p in points], dtype=float)
        px = np.array([p[1] for p in points], dtype=float)
        x = np.interp(days, pd, px)
    if stop_day is not None and stop_day < n_days:
        x_stop = x[stop_day]
        x[stop_day:] = x_stop * np.exp(-IGF1_KOUT.value * (days[stop_day:] - stop_day))
    return x


def turnover(target: FloatArray, k_per_day: FloatArray | float, y0: float = 0.0) -> FloatArray:
    """First-order approach of ``y`` (starting at ``y0``) to ``target`` (..., n_days) with rate ``k`` (1/day,
    scalar or shape (...,)). Returns y with the same shape as ``target``; y[..., 0] = y0."""
    tgt = np.asarray(target, dtype=float)
    decay = np.exp(-np.asarray(k_per_day, dtype=float))  # scalar or shape tgt.shape[:-1]
    out = np.empty_like(tgt)
    y = np.full(tgt.shape[:-1], y0, dtype=float)
    for n in range(tgt.shape[-1]):
        out[..., n] = y
        y = tgt[..., n] + (y - tgt[..., n]) * decay
    return out


@dataclass(frozen=True)
class Fit:
    """Weighted least-squares fit: ``params`` and their covariance (from the Jacobian at the optimum)."""

    names: tuple[str, ...]
    params: FloatArray
    cov: FloatArray
    predictions: FloatArray
    targets: tuple[Target, ...]

    def se(self) -> FloatArray:
        return np.sqrt(np.diag(self.cov))


def fit_wls(predict: Callable[[FloatArray, Target], float], targets: Sequence[Target], names: Sequence[str],
            p0: Sequence[float], bounds: tuple[Sequence[float], Sequence[float]]) -> Fit:
    """Fit ``predict(params, target)`` to the targets' values weighted by 1/se (scipy least_squares)."""
    from scipy.optimize import least_squares

    tg = tuple(targets)

    def residuals(p: FloatArray) -> FloatArray:
        return np.array([(predict(p, t) - t.value) / t.se for t in tg])

    res = least_squares(residuals, np.asarray(p0, dtype=float), bounds=bounds, x_scale="jac", xtol=1e-12,
                        ftol=1e-12, gtol=1e-12)
    jac = np.asarray(res.jac, dtype=float)
    cov = np.linalg.pinv(jac.T @ jac)
    preds = np.array([predict(res.x, t) for t in tg])
    return Fit(tuple(names), np.asarray(res.x, dtype=float), cov, preds, tg)


def draws(mean: Sequence[float], cov: Sequence[Sequence[float]], lower: Sequence[float],
          upper: Sequence[float], n: int = N_DRAWS, seed: int = SEED) -> FloatArray:
    """``n`` parameter draws ~ N(mean, cov), clipped to [lower, upper]; shape (n, n_params)."""
    rng = np.random.default_rng(seed)
    m = np.asarray(mean, dtype=float)
    c = np.asarray(cov, dtype=float)
    d = rng.multivariate_normal(m, c, size=n, method="eigh")
    return np.clip(d, np.asarray(lower, dtype=float), np.asarray(upper, dtype=float))


def band(samples: FloatArray) -> tuple[FloatArray, FloatArray]:
    """5th and 95th percentiles over the draws axis (axis 0)."""
    lo, hi = np.percentile(samples, [5.0, 95.0], axis=0)
    return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)


def half_life_rate(days: float) -> float:
    return math.log(2.0) / days
