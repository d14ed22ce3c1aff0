"""The one ODE solver of igfaxis: fixed-step RK4 over a ``(states, patients)`` array in nested ``lax.scan``.

It integrates any :class:`OdeModel` (it never names one) plus the PK/PD states of any dose streams
(:class:`igfaxis.physiology.dosing.DrugInput`): per stream a depot (µg), a central amount (µg) and a tolerance
fraction. Doses are impulses at the start of the step that contains their time; the steps in the first
``DOSE_FINE_MIN`` minutes after a dose take ``DOSE_SUBSTEPS`` RK4 substeps (a scalar ``lax.cond``: the schedule is
shared by all patients), because switch-like PD turns occupancy on within seconds. Days are the outer scan,
steps of ``dt_min`` minutes the inner one; per day it records the mean of every observable, and for chosen days
every step. A patient whose state turns non-finite gets ``status = 1``; the others are unaffected (all
operations are element-wise over patients). Same code on CPU and GPU; float64 by default, float32 allowed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from igfaxis.physiology.dosing import DrugInput

Array = Any
STATUS_OK, STATUS_NONFINITE = 0, 1
#: RK4 substeps for a step right after a dose, and how long after a dose (minutes) steps are refined. Calibrated
#: PD is switch-like (EC50 far below the concentrations reached): occupancy jumps 0 -> 1 within seconds of an SC
#: dose, a kink that one RK4 step resolves only to first order in dt (bench/RESULTS.md, accuracy diagnosis).
DOSE_SUBSTEPS = 32
DOSE_FINE_MIN = 1.0
DOSE_GRADING = 2.0  # substep edges graded as (i / K) ** 2: the first substep lasts dt / K**2 (0.06 s at dt 1 min)


#: Size limit of JAX's persistent compilation cache (least recently used entries are evicted). JAX scans the
#: whole folder on each write (17.5 ms at 1 888 entries here), so the limit (~18 000 entries of ~14 kB) also
#: bounds that cost; a simulate run writes ~60 entries.
JAX_CACHE_MAX_BYTES = 256 << 20


def _configure_jax() -> None:
    """Float64, and JAX's persistent compilation cache under the user cache directory, bounded to
    :data:`JAX_CACHE_MAX_BYTES`. A size limit also makes JAX lock the cache (``filelock``), which matters because
    several igfaxis processes share it (``serve`` and its warm-up child, Dask workers): without the lock one process
    could read an entry another is still writing. The unbounded cache of earlier versions (``jax/``; its entries
    lack the access times eviction needs) is removed: it only held recompilable executables. Every executable is
    cached, however quickly it compiled: a second ``igfaxis simulate --days 182`` then takes 2.3-2.5 s instead of
    3.2 s (only those compiling in over 0.5 s cached)."""
    update: Callable[[str, object], None] = jax.config.update
    update("jax_enable_x64", True)
    if os.environ.get("IGFAXIS_NO_JAX_CACHE"):
        return
    try:
        from platformdirs import user_cache_dir

        root = user_cache_dir("igfaxis")
        try:
            import filelock  # noqa: F401  (a declared dependency; JAX needs it for a bounded cache)
        except ImportError:  # an environment without it keeps the unbounded cache rather than failing
            path = os.path.join(root, "jax")
        else:
            shutil.rmtree(os.path.join(root, "jax"), ignore_errors=True)
            path = os.path.join(root, "jax-lru")
            update("jax_compilation_cache_max_size", JAX_CACHE_MAX_BYTES)
        os.makedirs(path, exist_ok=True)
        update("jax_compilation_cache_dir", path)
        update("jax_persistent_cache_min_compile_time_secs", 0.0)
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
    #: The same two functions returning one array per state / observable and indexing ``y`` by state only, so
    #: they also run on a tuple of per-patient registers (the fused GPU kernel, :mod:`igfaxis.physiology.fused`).
    #: ``None``: the model runs on the XLA path only.
    rhs_terms: Callable[[Array, Sequence[Array], Mapping[str, Array], Sequence[Array | None]], tuple[Array, ...]] \
        | None = None
    observe_terms: Callable[[Sequence[Array], Mapping[str, Array]], tuple[Array, ...]] | None = None


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
        "inv_ec50": np.array([1.0 / d.ec50_ng_ml for d in drugs]),
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


def _hot_steps(doses: np.ndarray, *, steps: int) -> np.ndarray:
    """``hot[day, step]``: a dose of any stream falls in this step or in one of the ``steps - 1`` before it."""
    flat = np.any(doses != 0.0, axis=2).reshape(-1)
    hot = flat.copy()
    for j in range(1, steps):
        hot[j:] |= flat[:-j]
    return np.asarray(hot.reshape(doses.shape[:2]), dtype=bool)


def _steps_per_day(dt_min: float) -> int:
    steps = 1440.0 / dt_min
    if abs(steps - round(steps)) > 1e-9:
        raise ValueError(f"dt_min must divide a day (1440 min); got {dt_min}")
    return round(steps)


Spec = tuple[tuple[int, ...], tuple[bool, ...]] | None  # static part of the streams: receptor index, IV route


def pos_pow(x: Array, n: Array) -> Array:
    """``x ** n`` for ``x >= 0`` (0 at ``x = 0`` for ``n > 0``) as ``exp(n log x)``: on a GPU two short special
    functions instead of the general ``pow``, which also handles negative bases and integer exponents."""
    return jnp.exp(n * jnp.log(x))


def stream_terms(depot: Array, central: Array, tol: Array, pk: Mapping[str, Array]
                 ) -> tuple[Array, Array, Array, Array]:
    """One dose stream's PK/PD: receptor drive (effect) and the derivatives of depot, central amount and
    tolerance. ``pk`` values broadcast against the states (``(S, 1)`` over ``(S, N)``, or scalars per stream)."""
    conc = jnp.maximum(central, 0.0) * pk["inv_v"]
    ch = pos_pow(conc * pk["inv_ec50"], pk["hill"])
    occ = ch / (1.0 + ch)
    effect = pk["emax"] * occ * (1.0 - tol)
    d_depot = -pk["ka"] * depot
    d_central = pk["ka"] * depot - pk["ke"] * central
    d_tol = pk["kon"] * occ * (pk["tmax"] - tol) - pk["koff"] * tol
    return effect, d_depot, d_central, d_tol


def receptor_inputs(n_receptors: int, receptor_index: Sequence[int], effects: Sequence[Array]
                    ) -> list[Array | None]:
    """Sum the streams' effects per receptor (``None`` where no stream acts)."""
    u: list[Array | None] = [None] * n_receptors
    for s, r in enumerate(receptor_index):
        u[r] = effects[s] if u[r] is None else u[r] + effects[s]
    return u


def _full_rhs(model: OdeModel, spec: Spec, t: Array, y: Array, p: Mapping[str, Array],
              pk: Mapping[str, Array]) -> Array:
    nx = model.n_states
    if spec is None:
        return model.rhs(t, y, p, (None,) * len(model.receptors))
    ns = len(spec[0])
    drug = y[nx:].reshape(ns, 3, -1)
    effect, d_depot, d_central, d_tol = stream_terms(drug[:, 0], drug[:, 1], drug[:, 2],
                                                     {k: v[:, None] for k, v in pk.items()})
    u = receptor_inputs(len(model.receptors), spec[0], [effect[s] for s in range(ns)])
    d_drug = jnp.stack([d_depot, d_central, d_tol], axis=1).reshape(3 * ns, -1)
    return jnp.concatenate([model.rhs(t, y[:nx], p, u), d_drug], axis=0)


def rk4_step(f: Callable[[Array, Any], Any], yk: Any, t: Array, h: Array | float) -> Any:
    """One classical RK4 step of ``dy/dt = f(t, y)``; ``y`` is an array or a tuple of per-state arrays."""
    def ax(c: Array | float, k: Any, base: Any = yk) -> Any:
        return jax.tree.map(lambda a, b: a + c * b, base, k)

    k1 = f(t, yk)
    k2 = f(t + 0.5 * h, ax(0.5 * h, k1))
    k3 = f(t + 0.5 * h, ax(0.5 * h, k2))
    k4 = f(t + h, ax(h, k3))
    return jax.tree.map(lambda a, b, c, d, e: a + (h / 6.0) * (b + 2.0 * c + 2.0 * d + e), yk, k1, k2, k3, k4)


def graded_steps(f: Callable[[Array, Any], Any], yk: Any, t: Array, *, dt_h: float, substeps: int) -> Any:
    """One step of ``dt_h`` hours as ``substeps`` RK4 substeps with edges ``dt_h (i / K) ** DOSE_GRADING``,
    the shortest right after the dose at ``t``."""
    def sub(i: Array, yi: Any) -> Any:
        x = jnp.asarray(i, dtype=jnp.result_type(t))
        a = dt_h * (x / substeps) ** DOSE_GRADING
        b = dt_h * ((x + 1.0) / substeps) ** DOSE_GRADING
        return rk4_step(f, yi, t + a, b - a)

    return jax.lax.fori_loop(0, substeps, sub, yk)


def _day(model: OdeModel, spec: Spec, dt_h: float, steps: int, substeps: int, keep_steps: bool,
         y: Array, p: Mapping[str, Array], pk: Mapping[str, Array], dose_day: Array | None,
         hot_day: Array | None, scale: Array | None) -> tuple[Array, Array, Array | None]:
    def f(t: Array, yk: Array) -> Array:
        return _full_rhs(model, spec, t, yk, p, pk)

    nx = model.n_states
    iv = np.array(spec[1] if spec is not None else (), dtype=bool)
    rk4 = partial(rk4_step, f)
    fine = partial(graded_steps, f, dt_h=dt_h, substeps=substeps)

    def step(carry: tuple[Array, Array], xs: tuple[Array, Array | None, Array | None]
             ) -> tuple[tuple[Array, Array], Array | None]:
        yk, acc = carry
        k, dose, hot = xs
        if dose is not None and spec is not None:
            amount = dose[:, None] * (scale if scale is not None else 1.0)  # (S, N)
            ns = len(spec[0])
            drug = yk[nx:].reshape(ns, 3, -1)
            add_depot = jnp.where(iv[:, None], 0.0, amount)
            add_central = jnp.where(iv[:, None], amount, 0.0)
            drug = drug.at[:, 0].add(add_depot).at[:, 1].add(add_central)
            yk = jnp.concatenate([yk[:nx], drug.reshape(3 * ns, -1)], axis=0)
        t = k * dt_h
        if hot is None or substeps <= 1:
            yn = rk4(yk, t, dt_h)
        else:  # the dose schedule is shared by all patients: a scalar branch, the common step stays one RK4 step
            yn = jax.lax.cond(hot, fine, lambda yy, tt: rk4(yy, tt, dt_h), yk, t)
        obs = model.observe(yn[:nx], p)
        return (yn, acc + obs), (obs if keep_steps else None)

    ks = jnp.arange(steps, dtype=y.dtype)
    acc0 = jnp.zeros((len(model.observables), y.shape[1]), dtype=y.dtype)
    (y_end, acc), trace = jax.lax.scan(step, (y, acc0), (ks, dose_day, hot_day))
    return y_end, acc / steps, trace


@partial(jax.jit, static_argnums=(0, 1, 2, 3, 4, 5))
def _block(model: OdeModel, spec: Spec, dt_h: float, steps: int, substeps: int, n_days: int, y: Array,
           p: Mapping[str, Array], pk: Mapping[str, Array], doses: Array | None, hot: Array | None,
           scale: Array | None) -> tuple[Array, Array]:
    def day(yc: Array, xs: tuple[Array | None, Array | None]) -> tuple[Array, Array]:
        y_end, mean, _ = _day(model, spec, dt_h, steps, substeps, False, yc, p, pk, xs[0], xs[1], scale)
        return y_end, mean

    return jax.lax.scan(day, y, (doses, hot), length=n_days)


@partial(jax.jit, static_argnums=(0, 1, 2, 3, 4))
def _day_minutes(model: OdeModel, spec: Spec, dt_h: float, steps: int, substeps: int, y: Array,
                 p: Mapping[str, Array], pk: Mapping[str, Array], dose_day: Array | None, hot_day: Array | None,
                 scale: Array | None) -> tuple[Array, Array, Array]:
    y_end, mean, trace = _day(model, spec, dt_h, steps, substeps, True, y, p, pk, dose_day, hot_day, scale)
    assert trace is not None
    return y_end, mean, trace


def _hoist(v: np.ndarray, n: int, dtype: Any) -> Array:
    """A parameter shared by every patient travels as a scalar (fewer loads per step, forcing computed once)."""
    flat = np.broadcast_to(v, (n,))
    if n > 1 and np.all(flat == flat[0]):
        return jnp.asarray(flat[0], dtype=dtype)
    return jnp.asarray(flat, dtype=dtype)


def use_fused(model: OdeModel) -> bool:
    """Whether :func:`integrate` runs ``model`` as the fused GPU kernel (:mod:`igfaxis.physiology.fused`): on a
    GPU when the model gives its per-state forms. ``IGFAXIS_ENGINE=xla`` or ``fused`` overrides (``fused`` on a
    CPU runs the kernel in Pallas's interpreter: for tests, slow)."""
    choice = os.environ.get("IGFAXIS_ENGINE", "auto")
    if choice not in ("auto", "xla", "fused"):
        raise ValueError(f"IGFAXIS_ENGINE must be auto, xla or fused; got {choice!r}")
    possible = model.rhs_terms is not None and model.observe_terms is not None
    if choice == "auto":
        return possible and jax.default_backend() == "gpu"
    return possible and choice == "fused"


#: Distinct horizons a process compiles as one block each before :func:`day_blocks` splits new ones.
EXACT_HORIZONS = 32
_exact_horizons: set[int] = set()


def power_of_two_blocks(n_days: int) -> list[int]:
    """``n_days`` as a sum of powers of two, largest first (182 -> 128, 32, 16, 4, 2)."""
    return [1 << b for b in range(max(n_days, 0).bit_length() - 1, -1, -1) if n_days >> b & 1]


def day_blocks(n_days: int) -> list[int]:
    """The block lengths :func:`integrate` runs ``n_days`` in: one block while this process has compiled fewer
    than :data:`EXACT_HORIZONS` distinct horizons (or has compiled this one), else :func:`power_of_two_blocks`.

    The day loop is compiled per block length. One block is fastest for a one-shot command (a single executable
    to compile or load: `igfaxis simulate --days 182` took 3.7 instead of 2.5 s with five power-of-two blocks),
    but each executable keeps ~170 memory mappings, and a long-running process (``igfaxis serve``, a Dask worker,
    a test session) compiling one per requested horizon would reach the kernel's limit (``vm.max_map_count``,
    65 530) after a few hundred horizons and crash; past the threshold new horizons reuse at most one block per
    power of two (13 up to 11 years). Results are identical either way (``tests/physiology/test_engine_numerics``).
    """
    if n_days <= 0:
        return []
    if n_days in _exact_horizons or len(_exact_horizons) < EXACT_HORIZONS:
        _exact_horizons.add(n_days)
        return [n_days]
    return power_of_two_blocks(n_days)


#: Distinct patient counts a process compiles exactly before :func:`patient_count` pads new ones to a bucket.
EXACT_PATIENT_COUNTS = 16
_exact_counts: set[int] = set()


def patient_count(n: int) -> int:
    """The batch size :func:`integrate` runs ``n`` patients as: ``n`` while this process has compiled fewer than
    :data:`EXACT_PATIENT_COUNTS` distinct counts (or has compiled this one), else ``n`` rounded up to a quarter
    octave (``2^k`` times 1, 1.25, 1.5 or 1.75; at most 25 % padding, copies of the last patient, results
    unchanged). Each patient count compiles its own executables (~540 memory mappings for a simulation), so a
    long-running process seeing ever new batch sizes (a Dask worker given each trial's last, partial chunk) would
    otherwise reach ``vm.max_map_count``; this bounds it to 4 counts per octave."""
    if n <= 0 or n in _exact_counts or len(_exact_counts) < EXACT_PATIENT_COUNTS:
        _exact_counts.add(n)
        return n
    if n <= 8:
        return 1 << (n - 1).bit_length()
    step = 1 << (n.bit_length() - 3)
    return -(-n // step) * step


def pad_patients(a: Any, n_pad: int) -> Any:
    """``a`` with its patient axis (the last) extended to ``n_pad`` by copies of the last patient (NumPy or JAX
    arrays, in kind; a scalar, shared by every patient, as it is). The copies are finite and discarded by callers."""
    n = np.shape(a)[-1] if np.ndim(a) else n_pad
    if n_pad <= n:
        return a
    xp = jnp if isinstance(a, jax.Array) else np
    return xp.concatenate([a, xp.repeat(a[..., -1:], n_pad - n, axis=-1)], axis=-1)


def release_compiled() -> None:
    """Drop every executable this process has compiled (JAX's caches) and count horizons afresh
    (:func:`day_blocks`); the next simulations compile again, or load from the persistent cache."""
    jax.clear_caches()  # type: ignore[no-untyped-call]
    _exact_horizons.clear()
    _exact_counts.clear()


def integrate(model: OdeModel, y0: Array, params: Mapping[str, Array], *, n_days: int,
              streams: Streams | None = None, dt_min: float = 1.0, minute_days: Sequence[int] = (),
              dtype: Any = jnp.float64, dose_substeps: int | None = None,
              dose_fine_min: float | None = None) -> EngineResult:
    """Integrate ``n_days`` days from ``y0`` (axis states, shape ``(model.n_states, N)``; drug states start at 0).

    ``streams.doses`` must cover at least ``n_days`` days. Returns daily means, per-step observables for
    ``minute_days``, the final full state and the per-patient status. Steps within ``dose_fine_min`` minutes
    after a dose (default :data:`DOSE_FINE_MIN`) take ``dose_substeps`` RK4 substeps (default
    :data:`DOSE_SUBSTEPS`); every other step is one RK4 step.
    """
    steps = _steps_per_day(dt_min)
    fine_min = DOSE_FINE_MIN if dose_fine_min is None else dose_fine_min
    hot_steps = max(1, int(np.ceil(fine_min / dt_min - 1e-9)))
    dt_h = dt_min / 60.0
    n_real = int(np.shape(y0)[1])
    n_run = patient_count(n_real)
    if n_run != n_real:  # pad the batch to a compiled size (patient_count); sliced off below
        y0 = pad_patients(np.asarray(y0), n_run)
        params = {k: pad_patients(np.asarray(v), n_run) for k, v in params.items()}
        if streams is not None and streams.scale is not None:
            streams = replace(streams, scale=pad_patients(streams.scale, n_run))
    y = jnp.asarray(y0, dtype=dtype)
    n = y.shape[1]
    fused_path = use_fused(model) and n > 0
    wanted = sorted({d for d in minute_days if 0 <= d < n_days})
    xla_path = not fused_path or bool(wanted)  # the fused kernel keeps no per-step trace: minute days run on XLA
    # The XLA path's device copies of the per-patient parameters only where it runs (at 1e6 patients, ~0.5 GB).
    p = {k: _hoist(np.asarray(v, dtype=float), n, dtype) for k, v in params.items()} if xla_path else {}
    static: Spec = None if streams is None or streams.n == 0 else (streams.receptor_index, streams.iv)
    pk: dict[str, Array] = {}
    doses: Array | None = None
    hot: Array | None = None
    sub = max(1, int(DOSE_SUBSTEPS if dose_substeps is None else dose_substeps))
    scale: Array | None = None
    if static is not None and streams is not None:
        pk = {k: jnp.asarray(v, dtype=dtype) for k, v in streams.pk.items()}
        doses = jnp.asarray(streams.doses[:n_days], dtype=dtype)
        hot = jnp.asarray(_hot_steps(streams.doses[:n_days], steps=hot_steps), dtype=bool)
        scale = None if streams.scale is None else jnp.asarray(streams.scale, dtype=dtype)
        y = jnp.concatenate([y, jnp.zeros((3 * streams.n, n), dtype=dtype)], axis=0)
    if fused_path:
        from igfaxis.physiology.fused import integrate_fused, prepare

        # split, pad and upload the parameters once; every block between minute days reuses them
        prep = prepare(static, n, params, streams.pk if streams is not None else {}, scale, dtype)
    daily: list[np.ndarray] = []
    minutes: dict[int, np.ndarray] = {}
    day = 0
    for stop in [*wanted, n_days]:
        for length in day_blocks(stop - day):
            block = None if doses is None else doses[day:day + length]
            hblock = None if hot is None else hot[day:day + length]
            if fused_path:
                y, means = integrate_fused(model, static, dt_h, steps, sub, length, y, prep, block, hblock,
                                           dtype=dtype)
            else:
                y, means = _block(model, static, dt_h, steps, sub, length, y, p, pk, block, hblock, scale)
            daily.append(np.asarray(means))
            day += length
        if stop < n_days and stop == day:
            dd = None if doses is None else doses[day]
            hd = None if hot is None else hot[day]
            y, mean, trace = _day_minutes(model, static, dt_h, steps, sub, y, p, pk, dd, hd, scale)
            daily.append(np.asarray(mean)[None])
            minutes[day] = np.asarray(trace)[..., :n_real]
            day += 1
    y_np = np.asarray(y)[:, :n_real]
    means_all = (np.concatenate(daily, axis=0)[..., :n_real] if daily
                 else np.zeros((0, len(model.observables), n_real)))
    finite = np.isfinite(y_np).all(axis=0) & np.isfinite(means_all).all(axis=(0, 1))
    status = np.where(finite, STATUS_OK, STATUS_NONFINITE).astype(np.int8)
    return EngineResult(means_all, minutes, y_np, status)
