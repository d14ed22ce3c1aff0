"""Simulation results: daily means per patient, optional minute-resolution traces, per-patient status."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np


@dataclass(frozen=True)
class Trajectory:
    """Output of :func:`igfaxis.physiology.simulate.simulate`.

    Arrays are ``[day, patient]`` (daily means): ``igf1_ng_ml`` total IGF-1, ``igf1_free_ng_ml`` free IGF-1,
    ``gh_ug_l`` plasma GH (µg/L = ng/mL). ``baseline_igf1_ng_ml[patient]`` is the untreated steady state (mean of
    the last burn-in day). ``minute_gh_ug_l[day]`` and ``minute_igf1_free_ng_ml[day]`` are ``[step, patient]`` for
    the days asked for, at ``dt_min`` resolution (step k ends at ``(k+1)*dt_min`` minutes after 00:00).
    ``status[patient]``: 0 ok, 1 non-finite state (solver failure).
    """

    days: np.ndarray
    igf1_ng_ml: np.ndarray
    igf1_free_ng_ml: np.ndarray
    gh_ug_l: np.ndarray
    baseline_igf1_ng_ml: np.ndarray
    status: np.ndarray
    dt_min: float
    seed: int | None
    minute_gh_ug_l: dict[int, np.ndarray] = field(default_factory=dict)
    minute_igf1_free_ng_ml: dict[int, np.ndarray] = field(default_factory=dict)
    model_name: str = ""
    model_version: str = ""

    @property
    def n_patients(self) -> int:
        return int(self.status.shape[0])

    def minute_times_h(self) -> np.ndarray:
        """Time of day (h) of each recorded step (end of step)."""
        steps = round(1440 / self.dt_min)
        return np.arange(1, steps + 1, dtype=np.float64) * (self.dt_min / 60.0)

    def take(self, idx: slice | np.ndarray) -> Trajectory:
        """The same simulation restricted to the patients ``idx`` (every per-patient array sliced alike)."""
        return replace(self, igf1_ng_ml=self.igf1_ng_ml[:, idx], igf1_free_ng_ml=self.igf1_free_ng_ml[:, idx],
                       gh_ug_l=self.gh_ug_l[:, idx], baseline_igf1_ng_ml=self.baseline_igf1_ng_ml[idx],
                       status=self.status[idx],
                       minute_gh_ug_l={d: m[:, idx] for d, m in self.minute_gh_ug_l.items()},
                       minute_igf1_free_ng_ml={d: m[:, idx] for d, m in self.minute_igf1_free_ng_ml.items()})

    @property
    def ok(self) -> np.ndarray:
        return np.asarray(self.status == 0, dtype=bool)
