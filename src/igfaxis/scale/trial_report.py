"""Turn a :class:`~igfaxis.scale.trial.TrialResult` into the ``igfaxis trial --json`` payload."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from igfaxis.scale.published import PublishedTrial
from igfaxis.scale.trial import TrialResult, describe


def _at_days(days: int) -> list[int]:
    marks = [d for d in (0, 7, 14, 28, 56, 84, 112, 140, 168) if d < days]
    return sorted({*marks, days - 1})


def compare(result: TrialResult, trial: PublishedTrial) -> dict[str, Any]:
    """The model's value of the published outcome at the published day (mean over patients)."""
    values = result.checkpoints.get(trial.day)
    if values is None:
        model = float("nan")
    elif trial.outcome == "change_ng_ml":
        model = float(np.nanmean(values - result.baseline))
    else:
        model = float(np.nanmean(100.0 * (values / result.baseline - 1.0)))
    return {
        "regimen": trial.regimen, "population": trial.population, "day": trial.day, "outcome": trial.outcome,
        "published": trial.result.value, "dispersion": trial.dispersion, "unit": trial.result.unit,
        "vs_placebo": trial.vs_placebo, "model": model, "difference": model - trial.result.value,
        "source": trial.result.source, "note": trial.result.note,
        "in_horizon": trial.day < result.days,
    }


def sweep_point(factor: float, result: TrialResult) -> dict[str, Any]:
    """The compact summary of one dose-sweep point."""
    return {
        "dose_scale": factor,
        "final_igf1_ng_ml": describe(result.final),
        "igf1_change_ng_ml": describe(result.final - result.baseline),
        "igf1_change_pct": describe(100.0 * (result.final / result.baseline - 1.0)),
        "in_band_final": float(result.in_band_fraction[-1]),
        "n_failed": result.n_failed,
    }


def summarise(result: TrialResult, matches: Sequence[PublishedTrial] = ()) -> dict[str, Any]:
    change = result.final - result.baseline
    pct = 100.0 * (result.final / result.baseline - 1.0)
    return {
        "n": result.n, "n_failed": result.n_failed, "days": result.days, "seed": result.seed,
        "chunk_size": result.chunk_size,
        "baseline_igf1_ng_ml": describe(result.baseline),
        "final_igf1_ng_ml": describe(result.final),
        "igf1_change_ng_ml": describe(change),
        "igf1_change_pct": describe(pct),
        "in_band": {
            "baseline": result.baseline_in_band_fraction,
            "at_days": {d: float(result.in_band_fraction[d]) for d in _at_days(result.days)},
            "by_day": result.in_band_fraction.tolist(),
        },
        "mean_igf1_ng_ml_by_day": result.mean_igf1_per_day.tolist(),
        "published_comparison": [compare(result, t) for t in matches if t.day < result.days],
    }
