"""The one ODE solver of igfaxis: fixed-step RK4 over a ``(states, patients)`` array in nested ``lax.scan``.

It integrates any :class:`OdeModel` (it never names one) plus the PK/PD states of any dose streams
(:class:`igfaxis.physiology.dosing.DrugInput`): per stream a depot (µg), a central amount (µg) and a tolerance
fraction. Doses are impulses at the start of the step that contains their time. Days are the outer scan,
steps of ``dt_min`` minutes the inner one; per day it records the mean of every observable, and for chosen days
every step. A patient whose state turns non-finite gets ``status = 1``; the others are unaffected (all
operations are element-wise over patients). Same code on CPU and GPU; float64 by default, float32 allowed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from igfaxis.physiology.dosing import DrugInput

Array = Any
STATUS_OK, STATUS_NONFINITE = 0, 1


def _configure_jax() -> None:
    update: Callable[[str, object], None] = jax.config.update
    update("jax_enable_x64", True)
    if os.environ.get("IGFAXIS_NO_JAX_CACHE"):
        return
    try:
        from platformdirs import user_cache_dir

        path = os.path.join(user_cache_dir("igfaxis"), "jax")
        os.makedirs(path, exist_ok=True)
        update("jax_compilation_cache_dir", path)
        update("jax_persistent_cache_min_compile_time_secs", 0.5)
    except (OSError, AttributeError, ValueError):  # pragma: no cover - cache is an optimisation only
        pass


_configure_jax()


@dataclass(frozen=True)
class OdeModel:
    """What the engine needs from a model: ``rhs(t_h, y, p, u)`` (per hour) and ``observe(y, p)``."""

    name: str
    n_states: int
    receptors: tuple[str, ...]
    observables: tuple[str, ...]
    rhs: Callable[[Array, Array, Mapping[str, Array], Sequence[Array | None]], Array]
    observe: Callable[[Array, Mapping[str, Array]], Array]


@dataclass(frozen=True)
class Streams:
    """Dose streams as arrays. ``doses[day, step, s]`` in µg reaching the body (bioavailability applied);
    ``scale[s, patient]`` multiplies them per patient (dose titration in batched forecasts)."""

    receptor_index: tuple[int, ...]
    iv: tuple[bool, ...]
    pk: dict[str, np.ndarray] = field(default_factory=dict)  # each (S,)
    doses: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 0)))
    scale: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.receptor_index)


def build_streams(drugs: Sequence[DrugInput], *, receptors: Sequence[str], n_days: int, dt_min: float,
                  scale: np.ndarray | None = None) -> Streams:
    """Expand DrugInputs into dense per-step dose arrays for ``n_days`` (doses beyond the horizon are dropped)."""
    steps = _steps_per_day(dt_min)
    doses = np.zeros((n_days, steps, len(drugs)))
    for s, d in enumerate(drugs):
        for t_h, amount in zip(d.dose_times_h, d.dose_amounts_ug, strict=True):
            k = int(np.floor(t_h * 60.0 / dt_min + 1e-9))
            if k < n_days * steps:
                doses[k // steps, k % steps, s] += amount * d.bioavailability
    pk = {
        "ka": np.array([d.ka_per_h for d in drugs]),
        "ke": np.array([d.ke_per_h for d in drugs]),
        "inv_v": np.array([1.0 / d.volume_l for d in drugs]),
        "ec50": np.array([d.ec50_ng_ml for d in drugs]),
        "emax": np.array([d.emax for d in drugs]),
        "hill": np.array([d.hill for d in drugs]),
        "kon": np.array([d.tol_kon_per_h for d in drugs]),
        "koff": np.array([d.tol_koff_per_h for d in drugs]),
        "tmax": np.array([d.tol_max for d in drugs]),
    }
    return Streams(tuple(list(receptors).index(d.receptor) for d in drugs), tuple(d.iv for d in drugs), pk,
                   doses, scale)


@dataclass(frozen=True)
class EngineResult:
    """``daily[day, observable, patient]`` means; ``minutes[day] = [step, observable, patient]``."""

    daily: np.ndarray
    minutes: dict[int, np.ndarray]
    y_final: np.ndarray
    status: np.ndarray


def _steps_per_day(dt_min: float) -> int:
    steps = 1440.0 / dt_min
    if abs(steps - round(steps)) > 1e-9:
        raise ValueError(f"dt_min must divide a day (1440 min); got {dt_min}")
    return round(steps)


Spec = tuple[tuple[int, ...], tuple[bool, ...]] | None  # static part of the streams: receptor index, IV route


def _full_rhs(model: OdeModel, spec: Spec, t: Array, y: Array, p: Mapping[str, Array],
              pk: Mapping[str, Array]) -> Array:
    nx = model.n_states
    if spec is None:
        return model.rhs(t, y, p, (None,) * len(model.receptors))
    ns = len(spec[0])
    drug = y[nx:].reshape(ns, 3, -1)
    depot, central, tol = drug[:, 0], drug[:, 1], drug[:, 2]
    conc = jnp.maximum(central, 0.0) * pk["inv_v"][:, None]
    ch = jnp.power(conc / pk["ec50"][:, None], pk["hill"][:, None])
    occ = ch / (1.0 + ch)
    effect = pk["emax"][:, None] * occ * (1.0 - tol)
    u: list[Array | None] = [None] * len(model.receptors)
    for s, r in enumerate(spec[0]):
        u[r] = effect[s] if u[r] is None else u[r] + effect[s]
    d_depot = -pk["ka"][:, None] * depot
    d_central = pk["ka"][:, None] * depot - pk["ke"][:, None] * central
    d_tol = pk["kon"][:, None] * occ * (pk["tmax"][:, None] - tol) - pk["koff"][:, None] * tol
    d_drug = jnp.stack([d_depot, d_central, d_tol], axis=1).reshape(3 * ns, -1)
    return jnp.concatenate([model.rhs(t, y[:nx], p, u), d_drug], axis=0)


def _day(model: OdeModel, spec: Spec, dt_h: float, steps: int, keep_steps: bool,
         y: Array, p: Mapping[str, Array], pk: Mapping[str, Array], dose_day: Array | None,
         scale: Array | None) -> tuple[Array, Array, Array | None]:
    f = partial(_full_rhs, model, spec)
    nx = model.n_states
    iv = np.array(spec[1] if spec is not None else (), dtype=bool)

    def step(carry: tuple[Array, Array], xs: tuple[Array, Array | None]) -> tuple[tuple[Array, Array], Array | None]:
        yk, acc = carry
        k, dose = xs
        if dose is not None and spec is not None:
            amount = dose[:, None] * (scale if scale is not None else 1.0)  # (S, N)
            ns = len(spec[0])
            drug = yk[nx:].reshape(ns, 3, -1)
            add_depot = jnp.where(iv[:, None], 0.0, amount)
            add_central = jnp.where(iv[:, None], amount, 0.0)
            drug = drug.at[:, 0].add(add_depot).at[:, 1].add(add_central)
            yk = jnp.concatenate([yk[:nx], drug.reshape(3 * ns, -1)], axis=0)
        t = k * dt_h
        k1 = f(t, yk, p, pk)
        k2 = f(t + 0.5 * dt_h, yk + (0.5 * dt_h) * k1, p, pk)
        k3 = f(t + 0.5 * dt_h, yk + (0.5 * dt_h) * k2, p, pk)
        k4 = f(t + dt_h, yk + dt_h * k3, p, pk)
        yn = yk + (dt_h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        obs = model.observe(yn[:nx], p)
        return (yn, acc + obs), (obs if keep_steps else None)

    ks = jnp.arange(steps, dtype=y.dtype)
    acc0 = jnp.zeros((len(model.observables), y.shape[1]), dtype=y.dtype)
    (y_end, acc), trace = jax.lax.scan(step, (y, acc0), (ks, dose_day))
    return y_end, acc / steps, trace


@partial(jax.jit, static_argnums=(0, 1, 2, 3, 4))
def _block(model: OdeModel, spec: Spec, dt_h: float, steps: int, n_days: int, y: Array,
           p: Mapping[str, Array], pk: Mapping[str, Array], doses: Array | None,
           scale: Array | None) -> tuple[Array, Array]:
    def day(yc: Array, dose_day: Array | None) -> tuple[Array, Array]:
        y_end, mean, _ = _day(model, spec, dt_h, steps, False, yc, p, pk, dose_day, scale)
        return y_end, mean

    return jax.lax.scan(day, y, doses, length=n_days)


@partial(jax.jit, static_argnums=(0, 1, 2, 3))
def _day_minutes(model: OdeModel, spec: Spec, dt_h: float, steps: int, y: Array,
                 p: Mapping[str, Array], pk: Mapping[str, Array], dose_day: Array | None,
                 scale: Array | None) -> tuple[Array, Array, Array]:
    y_end, mean, trace = _day(model, spec, dt_h, steps, True, y, p, pk, dose_day, scale)
    assert trace is not None
    return y_end, mean, trace


def _hoist(v: np.ndarray, n: int, dtype: Any) -> Array:
    """A parameter shared by every patient travels as a scalar (fewer loads per step, forcing computed once)."""
    flat = np.broadcast_to(v, (n,))
    if n > 1 and np.all(flat == flat[0]):
        return jnp.asarray(flat[0], dtype=dtype)
    return jnp.asarray(flat, dtype=dtype)


def integrate(model: OdeModel, y0: Array, params: Mapping[str, Array], *, n_days: int,
              streams: Streams | None = None, dt_min: float = 1.0, minute_days: Sequence[int] = (),
              dtype: Any = jnp.float64) -> EngineResult:
    """Integrate ``n_days`` days from ``y0`` (axis states, shape ``(model.n_states, N)``; drug states start at 0).

    ``streams.doses`` must cover at least ``n_days`` days. Returns daily means, per-step observables for
    ``minute_days``, the final full state and the per-patient status.
    """
    steps = _steps_per_day(dt_min)
    dt_h = dt_min / 60.0
    y = jnp.asarray(y0, dtype=dtype)
    n = y.shape[1]
    p = {k: _hoist(np.asarray(v, dtype=float), n, dtype) for k, v in params.items()}
    static: Spec = None if streams is None or streams.n == 0 else (streams.receptor_index, streams.iv)
    pk: dict[str, Array] = {}
    doses: Array | None = None
    scale: Array | None = None
    if static is not None and streams is not None:
        pk = {k: jnp.asarray(v, dtype=dtype) for k, v in streams.pk.items()}
        doses = jnp.asarray(streams.doses[:n_days], dtype=dtype)
        scale = None if streams.scale is None else jnp.asarray(streams.scale, dtype=dtype)
        y = jnp.concatenate([y, jnp.zeros((3 * streams.n, n), dtype=dtype)], axis=0)
    wanted = sorted({d for d in minute_days if 0 <= d < n_days})
    daily: list[np.ndarray] = []
    minutes: dict[int, np.ndarray] = {}
    day = 0
    for stop in [*wanted, n_days]:
        if stop > day:
            block = None if doses is None else doses[day:stop]
            y, means = _block(model, static, dt_h, steps, stop - day, y, p, pk, block, scale)
            daily.append(np.asarray(means))
            day = stop
        if stop < n_days and stop == day:
            dd = None if doses is None else doses[day]
            y, mean, trace = _day_minutes(model, static, dt_h, steps, y, p, pk, dd, scale)
            daily.append(np.asarray(mean)[None])
            minutes[day] = np.asarray(trace)
            day += 1
    y_np = np.asarray(y)
    means_all = np.concatenate(daily, axis=0) if daily else np.zeros((0, len(model.observables), n))
    finite = np.isfinite(y_np).all(axis=0) & np.isfinite(means_all).all(axis=(0, 1))
    status = np.where(finite, STATUS_OK, STATUS_NONFINITE).astype(np.int8)
    return EngineResult(means_all, minutes, y_np, status)
