"""IGF-1R → Akt → mTORC1 / FOXO signalling: JAX engine, batched over patients, on the 1-minute exposure grid.

Numerics (:mod:`~igfaxis.physiology.splitting`). The layer is stiff: Akt pT308 dephosphorylates with
τ = 0.13 min (Kubota 2012) while the S6K-loop activator X and the FOXO target relax over 10–13 h. Explicit RK4 at
dt = 1 min is unstable on it. Every state has the form ``dx/dt = p(others) - l(others) * x``
(:mod:`~igfaxis.physiology.signaling_model`), so igfaxis splits the vector field into its 14 components and advances
each one by its *exact* flow with the others frozen::

    x ← x + (p - l·x) · h · φ(l·h),     φ(z) = (1 - e^{-z}) / z

A forward (upstream→downstream) sweep over h/2 followed by the reverse sweep over h/2 is Strang splitting: second
order, unconditionally stable, and it keeps every fraction in [0, 1]. The ligand is held constant within each minute,
so minute edges of square pulses or of a simulated series are resolved exactly. Accuracy against SciPy Radau at
rtol 1e-8 is asserted in ``tests/physiology/test_signaling_numerics.py`` (see :data:`DEFAULT_SUBSTEPS`).

Initial state: the steady state at the first day's mean ligand, then ``warmup_days`` repeats of day one, so the slow
X and target states start near their periodic regime. Read-outs cover only the exposure's own days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from igfaxis.physiology import splitting
from igfaxis.physiology.exposure import MINUTES_PER_DAY, Exposure, constant, square_pulses
from igfaxis.physiology.signaling_model import READOUT_STATES, SIGNALING_MODEL
from igfaxis.physiology.signaling_params import FOXO_NUCLEAR_THRESHOLD, SIGNALING_PARAMS
from igfaxis.provenance import ParameterTable

READOUT_NAMES: tuple[str, ...] = tuple(READOUT_STATES)
_FOXO_COL = READOUT_NAMES.index("foxo_nuclear")

#: Strang steps per exposure minute. Against Radau (rtol 1e-8) over a day of square pulses: 1 → max state error
#: 0.029, daily means 0.2 %; 2 → 0.010 and 0.06 %; 4 → 0.003 and 0.02 % (tests/physiology/test_signaling_numerics.py).
DEFAULT_SUBSTEPS = 2

#: Ligand that saturates IGF-1R (~50x its Kd), used to define "maximal activity" of each read-out.
SATURATING_LIGAND_NM = 10.0


def _environment(params: Mapping[str, Any], state: Any, ligand: Any) -> dict[str, Any]:
    return splitting.environment(SIGNALING_MODEL, params, state, ligand)


def _minute(state: tuple[Any, ...], ligand: Any, params: Mapping[str, Any], substeps: int) -> tuple[Any, ...]:
    return splitting.minute(SIGNALING_MODEL, state, ligand, params, substeps)


def _steady_state(ligand: Any, params: Mapping[str, Any]) -> tuple[Any, ...]:
    return splitting.fixed_point(SIGNALING_MODEL, ligand, params)


def rhs(y: NDArray[np.float64], ligand_nM: float, params: Mapping[str, float]) -> NDArray[np.float64]:
    """Right-hand side ``dy/dt`` (1/min) for one patient in NumPy; ``y`` in :data:`STATE_NAMES` order."""
    return splitting.rhs(SIGNALING_MODEL, y, ligand_nM, params)


def _readout_scale(high_state: tuple[Any, ...], low_state: tuple[Any, ...], like: Any,
                   params: Mapping[str, Any]) -> Any:
    """Maximal activity of each read-out, ``(n_readouts, n)``: steady state at saturating ligand for the kinases,
    at zero ligand for FOXO; S6K's maximum is its total (1), reached transiently before the loop adapts."""
    import jax.numpy as jnp

    high = _environment(params, high_state, like)
    low = _environment(params, low_state, like)
    rows = []
    for readout, name in READOUT_STATES.items():
        if readout == "s6k":
            rows.append(jnp.ones_like(like))
        else:
            rows.append((low if readout.startswith("foxo") else high)[name])
    return jnp.stack(rows)


@lru_cache(maxsize=8)
def _runner(substeps: int, record: bool, warmup_days: int) -> Any:
    import jax
    import jax.numpy as jnp

    def run(ligand_days: Any, params: Mapping[str, Any], threshold: Any) -> Any:
        # ligand_days: (days, 1440, n)
        first_day = ligand_days[0]
        mean = first_day.mean(axis=0)
        n = mean.shape[0]
        # one fixed-point solve for: start (mean ligand), saturating ligand, no ligand
        ss = _steady_state(jnp.concatenate([mean, jnp.full_like(mean, SATURATING_LIGAND_NM), 0.0 * mean]),
                           {k: jnp.concatenate([v, v, v]) if jnp.ndim(v) else v for k, v in params.items()})
        y0 = tuple(x[:n] for x in ss)
        scale = _readout_scale(tuple(x[n:2 * n] for x in ss), tuple(x[2 * n:] for x in ss), mean, params)

        def minute(s: tuple[Any, ...], lig: Any) -> tuple[tuple[Any, ...], Any]:
            s = _minute(s, lig, params, substeps)
            env = _environment(params, s, lig)
            return s, jnp.stack([env[name] for name in READOUT_STATES.values()]) / scale

        def warm(s: tuple[Any, ...], _: Any) -> tuple[tuple[Any, ...], None]:
            s, _out = jax.lax.scan(lambda c, lig: (_minute(c, lig, params, substeps), None), s, first_day)
            return s, None

        y0, _ = jax.lax.scan(warm, y0, None, length=warmup_days)

        def day(s: tuple[Any, ...], lig_day: Any) -> tuple[tuple[Any, ...], Any]:
            s, outs = jax.lax.scan(minute, s, lig_day)  # (1440, n_readouts, n)
            means = outs.mean(axis=0)
            peaks = outs.max(axis=0)
            active_h = (outs[:, _FOXO_COL, :] > threshold).sum(axis=0) / 60.0
            ys = (means, peaks, active_h, outs) if record else (means, peaks, active_h)
            return s, ys

        final, ys = jax.lax.scan(day, y0, ligand_days)
        return final, ys

    return jax.jit(run)


@dataclass(frozen=True)
class PathwayReadout:
    """Read-outs for one patient over the simulated days. Fractions of maximal activity (0–1) except hours."""

    akt_mean: float
    mtorc1_mean: float
    s6k_mean: float
    eif4ebp1_mean: float
    foxo_nuclear_mean: float
    foxo_active_hours_per_day: float
    foxo_target_mean: float
    akt_peak: float
    s6k_peak: float
    anabolic_maintenance_balance: float

    def as_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class SignalingRun:
    """A batched run. Arrays are ``(n_patients, days)`` per read-out; ``traces`` per minute when recorded."""

    daily_means: dict[str, NDArray[np.float64]]
    daily_peaks: dict[str, NDArray[np.float64]]
    foxo_active_hours: NDArray[np.float64]
    final_state: NDArray[np.float64]
    traces: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    ligand_nM: NDArray[np.float64] | None = None

    @property
    def n_patients(self) -> int:
        return int(self.foxo_active_hours.shape[0])

    def readout(self, patient: int = 0) -> PathwayReadout:
        m = {k: float(v[patient].mean()) for k, v in self.daily_means.items()}
        pk = {k: float(v[patient].max()) for k, v in self.daily_peaks.items()}
        anabolic, maintenance = m["mtorc1"], m["foxo_target"]
        total = anabolic + maintenance
        return PathwayReadout(
            akt_mean=m["akt"], mtorc1_mean=anabolic, s6k_mean=m["s6k"], eif4ebp1_mean=m["eif4ebp1"],
            foxo_nuclear_mean=m["foxo_nuclear"],
            foxo_active_hours_per_day=float(self.foxo_active_hours[patient].mean()),
            foxo_target_mean=maintenance, akt_peak=pk["akt"], s6k_peak=pk["s6k"],
            anabolic_maintenance_balance=(anabolic - maintenance) / total if total > 0 else 0.0,
        )

    def readouts(self) -> list[PathwayReadout]:
        return [self.readout(i) for i in range(self.n_patients)]


def parameter_values(
    params: ParameterTable = SIGNALING_PARAMS, overrides: Mapping[str, ArrayLike] | None = None
) -> dict[str, Any]:
    """Parameter values by name; ``overrides`` may give per-patient arrays ``(n_patients,)``."""
    values: dict[str, Any] = {k: params.value(k) for k in params}
    for k, v in (overrides or {}).items():
        if k not in values:
            raise KeyError(f"unknown signalling parameter {k!r}")
        values[k] = np.asarray(v, dtype=float)
    return values


def simulate(
    exposure: Exposure,
    *,
    params: ParameterTable = SIGNALING_PARAMS,
    overrides: Mapping[str, ArrayLike] | None = None,
    warmup_days: int = 3,
    substeps: int = DEFAULT_SUBSTEPS,
    record: bool = True,
    threshold: float = FOXO_NUCLEAR_THRESHOLD.value,
) -> SignalingRun:
    """Run the signalling model on ``exposure`` (all patients at once) and collect read-outs.

    ``substeps`` splits each 1-minute step (default 2, tested against Radau); ``record`` keeps
    per-minute traces of the read-outs (turn off for populations).
    """
    import jax.numpy as jnp

    ligand = exposure.ligand_nM()
    n, minutes = ligand.shape
    days = minutes // MINUTES_PER_DAY
    lig = jnp.asarray(ligand.T.reshape(days, MINUTES_PER_DAY, n))
    pvals = {k: jnp.asarray(v) for k, v in parameter_values(params, overrides).items()}
    final, ys = _runner(int(substeps), bool(record), int(warmup_days))(lig, pvals, jnp.asarray(threshold))
    means, peaks, active = (np.asarray(a) for a in ys[:3])  # (days, k, n), (days, k, n), (days, n)
    traces: dict[str, NDArray[np.float64]] = {}
    if record:
        outs = np.asarray(ys[3])  # (days, 1440, k, n)
        flat = outs.transpose(3, 2, 0, 1).reshape(n, len(READOUT_NAMES), minutes)
        traces = {name: flat[:, j, :] for j, name in enumerate(READOUT_NAMES)}
    return SignalingRun(
        daily_means={name: means[:, j, :].T for j, name in enumerate(READOUT_NAMES)},
        daily_peaks={name: peaks[:, j, :].T for j, name in enumerate(READOUT_NAMES)},
        foxo_active_hours=active.T,
        final_state=np.stack([np.asarray(s) for s in final], axis=1),
        traces=traces,
        ligand_nM=ligand if record else None,
    )


@dataclass(frozen=True)
class PatternComparison:
    """Sustained vs pulsatile exposure at equal mean IGF-1; ``difference`` = pulsatile − sustained."""

    mean_igf1_ng_ml: float
    constant: PathwayReadout
    pulsatile: PathwayReadout
    run: SignalingRun

    @property
    def difference(self) -> dict[str, float]:
        c, p = self.constant.as_dict(), self.pulsatile.as_dict()
        return {k: p[k] - c[k] for k in c}

    def as_dict(self) -> dict[str, object]:
        return {"mean_igf1_ng_ml": self.mean_igf1_ng_ml, "constant": self.constant.as_dict(),
                "pulsatile": self.pulsatile.as_dict(), "difference": self.difference}


def compare_patterns(
    mean_igf1_ng_ml: float, *, days: int = 3, record: bool = True, pulse: Mapping[str, float] | None = None
) -> PatternComparison:
    """Run sustained and square-pulse exposure at the same mean total IGF-1 (one batch of two).

    ``pulse`` may set ``period_min``, ``width_min``, ``trough_fraction`` of :func:`~exposure.square_pulses`.
    """
    sustained = constant(mean_igf1_ng_ml, days=days)
    pulsed = square_pulses(mean_igf1_ng_ml, days=days, **dict(pulse or {}))
    both = Exposure(np.concatenate([sustained.free_igf1_nM, pulsed.free_igf1_nM]), label="compare")
    run = simulate(both, record=record)
    return PatternComparison(mean_igf1_ng_ml, run.readout(0), run.readout(1), run)


def steady_state(ligand_nM: ArrayLike, *, overrides: Mapping[str, ArrayLike] | None = None) -> NDArray[np.float64]:
    """Steady state at constant ligand (nmol/L), ``(n, n_states)`` in :data:`STATE_NAMES` order."""
    return splitting.steady_state(SIGNALING_MODEL, ligand_nM, parameter_values(SIGNALING_PARAMS, overrides))


def trajectory(
    ligand_nM: ArrayLike,
    y0: ArrayLike,
    *,
    overrides: Mapping[str, ArrayLike] | None = None,
    substeps: int = DEFAULT_SUBSTEPS,
) -> NDArray[np.float64]:
    """All states at the end of every minute, ``(n, n_minutes, n_states)``, from ``y0`` ``(n, n_states)``.

    ``ligand_nM`` is ``(n, n_minutes)``, held constant within each minute. No warm-up, no normalisation: this is the
    raw engine, used to check it against SciPy and libRoadRunner.
    """
    return splitting.trajectory(SIGNALING_MODEL, ligand_nM, y0, parameter_values(SIGNALING_PARAMS, overrides),
                                substeps=substeps)
