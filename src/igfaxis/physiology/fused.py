"""The engine's day as one fused GPU kernel (JAX Pallas, Triton backend): each patient's state stays in registers
for a whole day of RK4 steps, instead of travelling through GPU memory between the XLA kernels of every step.

Same scheme, same numbers as :func:`igfaxis.physiology.engine.integrate`'s XLA path (fixed-step RK4, graded RK4
substeps after a dose, daily means of every observable); it only changes where the state lives. A model takes this
path when it gives :attr:`~igfaxis.physiology.engine.OdeModel.rhs_terms` and ``observe_terms`` (per-state arrays,
no stacking), and :func:`~igfaxis.physiology.engine.integrate` uses it on a GPU (``IGFAXIS_ENGINE`` overrides:
``xla`` or ``fused``). Why it is faster, measured: ``bench/RESULTS.md`` ("GPU").

Layout: a grid over blocks of :data:`BLOCK` patients, one kernel launch per day (a ``lax.scan`` over days). Inputs
are one 1-D array per state and per patient-varying parameter; parameters shared by all patients and the streams'
PK constants travel as scalars in one small vector; the day's doses and the "refine this step" flags are scalar
loads indexed by the step.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from igfaxis.physiology.engine import (
    OdeModel,
    Spec,
    graded_steps,
    pad_patients,
    receptor_inputs,
    rk4_step,
    stream_terms,
)

Array = Any
#: Patients per kernel instance (a power of two; one patient per thread with :data:`NUM_WARPS` warps of 32).
BLOCK = int(os.environ.get("IGFAXIS_FUSED_BLOCK", "128"))
NUM_WARPS = int(os.environ.get("IGFAXIS_FUSED_WARPS", "4"))
PK_NAMES: tuple[str, ...] = ("ka", "ke", "inv_v", "inv_ec50", "emax", "hill", "kon", "koff", "tmax")


def _pow2(n: int) -> int:
    return 1 << max(0, math.ceil(math.log2(max(1, n))))


def _pad(a: np.ndarray | Array, n: int) -> Array:
    a = jnp.asarray(a)
    return jnp.pad(a, (0, n - a.shape[0])) if a.shape[0] < n else a


def _kernel(model: OdeModel, spec: Spec, dt_h: float, steps: int, substeps: int, shared: tuple[str, ...],
            varying: tuple[str, ...], n_scale: int, *refs: Any) -> None:
    """One day for one block of patients. ``refs``: shared scalars, doses, hot flags, varying parameters,
    per-stream dose scales, states (inputs); states, observable means (outputs)."""
    assert model.rhs_terms is not None and model.observe_terms is not None
    rhs_terms, observe_terms = model.rhs_terms, model.observe_terms
    nx, n_obs = model.n_states, len(model.observables)
    ns = 0 if spec is None else len(spec[0])
    n_total = nx + 3 * ns
    shared_ref, dose_ref, hot_ref = refs[:3]
    rest = refs[3:]
    var_refs, rest = rest[:len(varying)], rest[len(varying):]
    scale_refs, rest = rest[:n_scale], rest[n_scale:]
    y_refs, rest = rest[:n_total], rest[n_total:]
    out_y, out_mean = rest[:n_total], rest[n_total:]
    p: dict[str, Array] = {name: shared_ref[j] for j, name in enumerate(shared)}
    p.update({name: r[...] for name, r in zip(varying, var_refs, strict=True)})
    pk = [{name: shared_ref[len(shared) + s * len(PK_NAMES) + j] for j, name in enumerate(PK_NAMES)}
          for s in range(ns)]
    dtype = y_refs[0].dtype

    def f(t: Array, y: tuple[Array, ...]) -> tuple[Array, ...]:
        if spec is None:
            return tuple(rhs_terms(t, y, p, (None,) * len(model.receptors)))
        terms = [stream_terms(y[nx + 3 * s], y[nx + 3 * s + 1], y[nx + 3 * s + 2], pk[s]) for s in range(ns)]
        u = receptor_inputs(len(model.receptors), spec[0], [tm[0] for tm in terms])
        return (*rhs_terms(t, y[:nx], p, u), *(d for tm in terms for d in tm[1:]))

    def step(k: Array, carry: tuple[tuple[Array, ...], tuple[Array, ...]]
             ) -> tuple[tuple[Array, ...], tuple[Array, ...]]:
        y, acc = carry
        if spec is not None:
            yl = list(y)
            for s in range(ns):
                amount = dose_ref[k * ns + s]
                if n_scale:
                    amount = amount * scale_refs[s][...]
                i = nx + 3 * s + (1 if spec[1][s] else 0)  # IV doses land in the central compartment
                yl[i] = yl[i] + amount
            y = tuple(yl)
        t = k.astype(dtype) * dt_h
        if spec is None or substeps <= 1:
            y = rk4_step(f, y, t, dt_h)
        else:
            y = jax.lax.cond(hot_ref[k] != 0, partial(graded_steps, f, dt_h=dt_h, substeps=substeps),
                             lambda yy, tt: rk4_step(f, yy, tt, dt_h), y, t)
        obs = observe_terms(y[:nx], p)
        return y, tuple(a + o for a, o in zip(acc, obs, strict=True))

    y0 = tuple(r[...] for r in y_refs)
    acc0 = tuple(jnp.zeros_like(y0[0]) for _ in range(n_obs))
    y_end, acc = jax.lax.fori_loop(0, steps, step, (y0, acc0))
    for r, v in zip(out_y, y_end, strict=True):
        r[...] = v
    for r, v in zip(out_mean, acc, strict=True):
        r[...] = v / steps


@partial(jax.jit, static_argnums=tuple(range(10)))
def fused_block(model: OdeModel, spec: Spec, dt_h: float, steps: int, substeps: int, n_days: int,
                shared_names: tuple[str, ...], varying_names: tuple[str, ...], block: int, interpret: bool,
                y: Array, shared: Array, varying: tuple[Array, ...], doses: Array | None, hot: Array | None,
                scale: Array | None) -> tuple[Array, Array]:
    """Like :func:`igfaxis.physiology.engine._block`: ``y`` ``(n_total, N)`` with ``N`` a multiple of ``block``;
    returns the end state and ``means[day, observable, patient]``."""
    from jax.experimental import pallas as pl
    from jax.experimental.pallas import triton as pltriton

    n_total, n = y.shape
    n_obs = len(model.observables)
    ns = 0 if spec is None else len(spec[0])
    n_scale = 0 if scale is None else ns
    dose_len = _pow2(steps * max(ns, 1))
    hot_len = _pow2(steps)
    row = pl.BlockSpec((block,), lambda i: (i,))

    def whole(size: int) -> Any:
        return pl.BlockSpec((size,), lambda i: (0,))

    out_row: Any = jax.ShapeDtypeStruct((n,), y.dtype)  # type: ignore[no-untyped-call]
    call = pl.pallas_call(
        partial(_kernel, model, spec, dt_h, steps, substeps, shared_names, varying_names, n_scale),
        out_shape=[out_row] * (n_total + n_obs),
        grid=(n // block,),
        in_specs=[whole(shared.shape[0]), whole(dose_len), whole(hot_len)]
        + [row] * (len(varying) + n_scale + n_total),
        out_specs=[row] * (n_total + n_obs),
        compiler_params=pltriton.CompilerParams(num_warps=NUM_WARPS, num_stages=1),
        interpret=interpret,
        name="igfaxis_fused_day",
    )
    scales = () if scale is None else tuple(scale[s] for s in range(ns))
    zero_doses = jnp.zeros((dose_len,), y.dtype)
    zero_hot = jnp.zeros((hot_len,), jnp.int32)

    def day(yc: Array, xs: tuple[Array | None, Array | None]) -> tuple[Array, Array]:
        dose_day, hot_day = xs
        d = zero_doses if dose_day is None else _pad(dose_day.reshape(-1), dose_len)
        h = zero_hot if hot_day is None else _pad(hot_day.astype(jnp.int32), hot_len)
        out = call(shared, d, h, *varying, *scales, *(yc[i] for i in range(n_total)))
        return jnp.stack(out[:n_total]), jnp.stack(out[n_total:])

    return jax.lax.scan(day, y, (doses, hot), length=n_days)


@dataclass(frozen=True)
class Prepared:
    """The device-side parameters of one integration, split and padded once (reused by every block between
    minute days): the static names and block, the shared parameter vector, the per-patient rows and dose scales."""

    static: tuple[tuple[str, ...], tuple[str, ...], int]
    shared: Array
    varying: tuple[Array, ...]
    scale: Array | None
    n: int
    n_pad: int

    def pad(self, a: Array) -> Array:
        """Pad the patient axis (last) to ``n_pad``: padding patients repeat the last one (finite, discarded)."""
        return pad_patients(a, self.n_pad)


def prepare(spec: Spec, n: int, p: Mapping[str, np.ndarray], pk: Mapping[str, np.ndarray], scale: Array | None,
            dtype: Any, block: int | None = None) -> Prepared:
    """Split ``p`` into parameters shared by all ``n`` patients and per-patient rows, append the PK constants to the
    shared vector and pad patients to a multiple of ``block`` (a power of two; default :data:`BLOCK`)."""
    block = block or BLOCK
    if block < 1 or block & (block - 1):
        raise ValueError(f"the fused kernel's block (IGFAXIS_FUSED_BLOCK) must be a power of two; got {block}")
    flat = {k: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for k, v in p.items()}
    shared_names = tuple(sorted(k for k, v in flat.items() if np.all(v == v[0])))
    varying_names = tuple(sorted(set(flat) - set(shared_names)))
    ns = 0 if spec is None else len(spec[0])
    pk_vals = [float(np.asarray(pk[name])[s]) for s in range(ns) for name in PK_NAMES]
    values = [float(flat[k][0]) for k in shared_names] + pk_vals
    shared = jnp.asarray(np.pad(values, (0, _pow2(len(values)) - len(values))), dtype=dtype)
    n_pad = -(-n // block) * block
    varying = tuple(pad_patients(jnp.asarray(flat[k], dtype=dtype), n_pad) for k in varying_names)
    sc = None if scale is None else pad_patients(jnp.broadcast_to(jnp.asarray(scale, dtype=dtype), (ns, n)), n_pad)
    return Prepared((shared_names, varying_names, block), shared, varying, sc, n, n_pad)


def integrate_fused(model: OdeModel, spec: Spec, dt_h: float, steps: int, substeps: int, n_days: int, y: Array,
                    prep: Prepared, doses: Array | None, hot: Array | None, *, dtype: Any,
                    interpret: bool | None = None) -> tuple[Array, Array]:
    """Run :func:`fused_block` for ``n_days`` from the host state ``y`` with parameters from :func:`prepare`:
    returns the end state and the daily means, padding removed."""
    interpret = jax.default_backend() != "gpu" if interpret is None else interpret
    yp = prep.pad(jnp.asarray(y, dtype=dtype))
    y_end, means = fused_block(model, spec, dt_h, steps, substeps, n_days, *prep.static, interpret,
                               yp, prep.shared, prep.varying, doses, hot, prep.scale)
    return y_end[:, :prep.n], means[:, :, :prep.n]


def lower_for_gpu(model: OdeModel, spec: Spec, y: Array, p: Mapping[str, np.ndarray],
                  pk: Mapping[str, np.ndarray], *, n_days: int = 1, dt_min: float = 1.0, substeps: int = 32,
                  dtype: Any = jnp.float32) -> str:
    """Lower the fused day for CUDA without a GPU (cross-platform lowering to the Triton dialect), a check that
    every operation of ``model`` has a Triton lowering. ``y``: the model's states (drug states are added).
    Returns the lowered module's text."""
    steps = round(1440.0 / dt_min)
    ns = 0 if spec is None else len(spec[0])
    y = np.concatenate([np.asarray(y), np.zeros((3 * ns, np.shape(y)[1]))])  # drug states start empty
    prep = prepare(spec, np.shape(y)[1], p, pk, None, dtype)
    doses = None if spec is None else jnp.zeros((n_days, steps, ns), dtype)
    hot = None if spec is None else jnp.zeros((n_days, steps), bool)
    fn = partial(fused_block, model, spec, dt_min / 60.0, steps, substeps, n_days, *prep.static, False)
    traced = jax.jit(fn).trace(prep.pad(jnp.asarray(y, dtype=dtype)), prep.shared, prep.varying, doses, hot, None)
    return str(traced.lower(lowering_platforms=("cuda",)).as_text())
