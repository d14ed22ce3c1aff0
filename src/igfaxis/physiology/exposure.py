"""Ligand exposure of the signalling model: free IGF-1 on a 1-minute grid, batched over patients.

An :class:`Exposure` holds free IGF-1 in nmol/L for minutes ``[k, k+1)`` (zero-order hold), shape
``(n_patients, n_minutes)``, plus an optional local (autocrine/paracrine, GH-driven) IGF-1 component in the same
units that adds to it at the receptor. Synthetic patterns are specified in *total* serum IGF-1 (ng/mL, what a lab
reports) and converted to free IGF-1 with :data:`~igfaxis.physiology.signaling_params.FREE_IGF1_FRACTION`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from igfaxis.errors import InputError, Problem
from igfaxis.physiology.signaling_params import FREE_IGF1_FRACTION
from igfaxis.provenance import Sourced
from igfaxis.units import IGF1_MOLAR_MASS

MINUTES_PER_DAY = 1440

PULSE_PERIOD = Sourced(
    "pulse_period", 120.0, "min",
    "Hartman ML et al. J Clin Endocrinol Metab 1991 / shared physiology.csv (~13 GH pulses per day)",
    "synthetic pulsatile pattern: one IGF-1 pulse per GH-pulse interval; the pattern is a what-if, not a "
    "measured free IGF-1 profile", assumption=True,
)
PULSE_WIDTH = Sourced(
    "pulse_width", 30.0, "min", "igfaxis modelling choice",
    "square-pulse duration: about a GH secretory burst; chosen", assumption=True,
)
PULSE_TROUGH = Sourced(
    "pulse_trough_fraction", 0.25, "fraction of mean", "igfaxis modelling choice",
    "level between pulses as a fraction of the mean (free IGF-1 never reaches zero); the peak follows from "
    "equal mean", assumption=True, bounds=(0.0, 1.0),
)


def total_ng_ml_to_free_nM(total_ng_ml: float | NDArray[np.float64]) -> NDArray[np.float64]:
    """Total serum IGF-1 (ng/mL) → free IGF-1 (nmol/L) via the free fraction and the molar mass."""
    ng_ml = np.asarray(total_ng_ml, dtype=float)
    return ng_ml * FREE_IGF1_FRACTION.value * 1e3 / IGF1_MOLAR_MASS.value  # ng/mL = ug/L -> nmol/L


@dataclass(frozen=True)
class Exposure:
    """Free IGF-1 (nmol/L) per minute, shape ``(n_patients, n_minutes)``; ``n_minutes`` whole days."""

    free_igf1_nM: NDArray[np.float64]
    local_igf1_nM: NDArray[np.float64] | None = None
    label: str = ""

    def __post_init__(self) -> None:
        _check_series(self.free_igf1_nM, "free_igf1_nM")
        if self.local_igf1_nM is not None:
            _check_series(self.local_igf1_nM, "local_igf1_nM")
            if self.local_igf1_nM.shape != self.free_igf1_nM.shape:
                raise InputError(Problem("local IGF-1 series must match the free IGF-1 series", field="local_igf1_nM",
                                         received=str(self.local_igf1_nM.shape),
                                         expected=str(self.free_igf1_nM.shape)))

    @property
    def n_patients(self) -> int:
        return int(self.free_igf1_nM.shape[0])

    @property
    def n_minutes(self) -> int:
        return int(self.free_igf1_nM.shape[1])

    @property
    def days(self) -> int:
        return self.n_minutes // MINUTES_PER_DAY

    def ligand_nM(self) -> NDArray[np.float64]:
        """Total ligand at the receptor (free + local), nmol/L, ``(n_patients, n_minutes)``."""
        if self.local_igf1_nM is None:
            return self.free_igf1_nM
        return self.free_igf1_nM + self.local_igf1_nM

    @classmethod
    def from_series(
        cls, free_igf1_nM: ArrayLike, *, local_igf1_nM: ArrayLike | None = None, label: str = "series"
    ) -> Exposure:
        """A measured or simulated minute series (1-D for one patient, 2-D ``(patients, minutes)``)."""
        free = np.atleast_2d(np.asarray(free_igf1_nM, dtype=float))
        local = None if local_igf1_nM is None else np.atleast_2d(np.asarray(local_igf1_nM, dtype=float))
        return cls(free, local, label)


def _check_series(values: NDArray[np.float64], field: str) -> None:
    if values.ndim != 2 or values.shape[1] == 0 or values.shape[0] == 0:
        raise InputError(Problem("exposure must be a (patients, minutes) array", field=field,
                                 received=str(values.shape), expected="(n_patients, n_minutes)"))
    if values.shape[1] % MINUTES_PER_DAY:
        raise InputError(Problem("exposure must cover whole days on a 1-minute grid", field=field,
                                 received=f"{values.shape[1]} minutes", expected="a multiple of 1440"))
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        idx = np.argwhere(bad)[0]
        raise InputError(Problem("free IGF-1 must be finite and non-negative", field=field, row=int(idx[1]),
                                 received=str(values[tuple(idx)]), expected="a concentration >= 0 nmol/L"))


def _check_days(days: int) -> None:
    if days < 1:
        raise InputError(Problem("need at least one day", field="days", received=str(days), expected="days >= 1"))


def _check_mean(mean_total_ng_ml: float) -> None:
    if not (np.isfinite(mean_total_ng_ml) and 0 < mean_total_ng_ml <= 2000):
        raise InputError(Problem("mean IGF-1 out of range", field="mean-igf1", received=str(mean_total_ng_ml),
                                 expected="total serum IGF-1 in ng/mL, 0 < value <= 2000"))


def constant(mean_total_ng_ml: float, *, days: int) -> Exposure:
    """Sustained exposure: free IGF-1 equivalent of ``mean_total_ng_ml`` total IGF-1, every minute."""
    _check_mean(mean_total_ng_ml)
    _check_days(days)
    level = float(total_ng_ml_to_free_nM(mean_total_ng_ml))
    return Exposure(np.full((1, days * MINUTES_PER_DAY), level), label="constant")


def square_pulses(
    mean_total_ng_ml: float,
    *,
    days: int,
    period_min: float = PULSE_PERIOD.value,
    width_min: float = PULSE_WIDTH.value,
    trough_fraction: float = PULSE_TROUGH.value,
) -> Exposure:
    """Square pulses at the same mean as :func:`constant`: trough between pulses, peak set by the equal mean."""
    _check_mean(mean_total_ng_ml)
    _check_days(days)
    period, width = round(period_min), round(width_min)
    if not (1 <= width < period <= MINUTES_PER_DAY):
        raise InputError(Problem("pulse width must be shorter than the period", field="pulse",
                                 received=f"width {width_min} min, period {period_min} min",
                                 expected="1 <= width < period <= 1440 minutes"))
    if not 0.0 <= trough_fraction < 1.0:
        raise InputError(Problem("trough fraction out of range", field="trough_fraction",
                                 received=str(trough_fraction), expected="0 <= fraction < 1"))
    mean = float(total_ng_ml_to_free_nM(mean_total_ng_ml))
    minutes = np.arange(days * MINUTES_PER_DAY)
    on = (minutes % period) < width
    duty = on.mean()
    trough = trough_fraction * mean
    peak = (mean - trough * (1.0 - duty)) / duty
    return Exposure(np.where(on, peak, trough)[None, :], label="pulsatile")


LOCAL_IGF1_TAU = Sourced(
    "local_igf1_tau", 6.0, "h", "igfaxis modelling choice",
    "time constant of the local (autocrine/paracrine) IGF-1 that GH induces in muscle: GH raises muscle IGF-1 mRNA "
    "over hours, not minutes; no human time course was found, so 6 h is chosen", assumption=True,
)


def local_igf1_from_gh(
    gh_ug_l: NDArray[np.float64], *, ec50_ug_l: float, scale_nM: float | NDArray[np.float64],
    tau_h: float = LOCAL_IGF1_TAU.value,
) -> NDArray[np.float64]:
    """Local GH-driven IGF-1 (nmol/L) per minute, ``(patients, minutes)``: ``scale_nM`` × the GH drive
    GH/(EC50 + GH) (the hepatic drive of the axis model) low-passed with ``tau_h`` (exact first-order update per
    minute, starting at the first day's mean drive)."""
    gh = np.atleast_2d(np.asarray(gh_ug_l, dtype=float))
    drive = gh / (ec50_ug_l + gh)
    decay = np.exp(-1.0 / (tau_h * 60.0))
    out = np.empty_like(drive)
    level = drive[:, :MINUTES_PER_DAY].mean(axis=1)
    for k in range(drive.shape[1]):
        level = drive[:, k] + (level - drive[:, k]) * decay
        out[:, k] = level
    scaled: NDArray[np.float64] = out * np.asarray(scale_nM, dtype=float).reshape(-1, 1)
    return scaled
