"""Exact-flow Strang splitting for production–loss ODE systems (JAX, batched over patients). Never names a model.

A :class:`~igfaxis.physiology.signaling_model.FlowModel` has states with ``dx/dt = p - l·x`` where ``p >= 0`` and
``l > 0`` do not depend on ``x``. Each component is advanced by its exact flow with the others frozen,
``x ← x + (p - l·x)·h·φ(l·h)`` with ``φ(z) = (1 - e^{-z})/z``; a forward sweep over h/2 and the reverse sweep over
h/2 make Strang splitting: second order, unconditionally stable (stiff rates need no small step), positivity- and
bound-preserving. The input (``model.input_name``) is held constant within each 1-minute step. The axis engine
(:mod:`igfaxis.physiology.engine`, explicit RK4) cannot take this layer at dt = 1 min, hence this second solver.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import CodeType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from igfaxis.physiology.signaling_model import FlowModel


@lru_cache(maxsize=16)
def _compiled(model: FlowModel) -> tuple[tuple[CodeType, CodeType], ...]:
    return tuple(
        (compile(f.production, f"<{f.state}.production>", "eval"), compile(f.loss, f"<{f.state}.loss>", "eval"))
        for f in model.flows
    )


@lru_cache(maxsize=16)
def _compiled_assignments(model: FlowModel) -> tuple[tuple[str, CodeType], ...]:
    return tuple((name, compile(expr, f"<{name}>", "eval")) for name, expr in model.assignments)


def _eval(code: CodeType, env: dict[str, Any]) -> Any:
    return eval(code, {"__builtins__": {}}, env)  # the model's own fixed formulas, no builtins


def _assign(model: FlowModel, env: dict[str, Any]) -> None:
    for name, code in _compiled_assignments(model):
        env[name] = _eval(code, env)


def environment(model: FlowModel, params: Mapping[str, Any], state: Any, ligand: Any) -> dict[str, Any]:
    """Names → values for formulas: parameters, states, the input and the assignments."""
    env: dict[str, Any] = {**params, **dict(zip(model.state_names, state, strict=True)), model.input_name: ligand}
    _assign(model, env)
    return env


def rhs(model: FlowModel, y: NDArray[np.float64], ligand: float, params: Mapping[str, float]) -> NDArray[np.float64]:
    """``dy/dt`` for one patient in NumPy (``y`` in ``model.state_names`` order)."""
    env = environment(model, params, y, ligand)
    out = np.empty(len(model.flows))
    for i, (prod, loss) in enumerate(_compiled(model)):
        out[i] = _eval(prod, env) - _eval(loss, env) * y[i]
    return out


def _phi(z: Any) -> Any:
    import jax.numpy as jnp

    small = z < 1e-6
    safe = jnp.where(small, 1.0, z)
    return jnp.where(small, 1.0 - 0.5 * z, -jnp.expm1(-safe) / safe)


def _sweep(model: FlowModel, y: list[Any], env: dict[str, Any], h: float, order: range) -> None:
    codes = _compiled(model)
    names = model.state_names
    for i in order:
        p = _eval(codes[i][0], env)
        lam = _eval(codes[i][1], env)
        y[i] = y[i] + (p - lam * y[i]) * h * _phi(lam * h)
        env[names[i]] = y[i]
        _assign(model, env)


def strang_step(model: FlowModel, state: tuple[Any, ...], ligand: Any, params: Mapping[str, Any],
                h: float) -> tuple[Any, ...]:
    """One Strang step of length ``h`` (the model's time unit)."""
    y = list(state)
    env = environment(model, params, y, ligand)
    n = len(y)
    _sweep(model, y, env, 0.5 * h, range(n))
    _sweep(model, y, env, 0.5 * h, range(n - 1, -1, -1))
    return tuple(y)


def minute(model: FlowModel, state: tuple[Any, ...], ligand: Any, params: Mapping[str, Any],
           substeps: int) -> tuple[Any, ...]:
    """Advance one exposure step (1 time unit) in ``substeps`` Strang steps."""
    import jax

    h = 1.0 / substeps
    if substeps == 1:
        return strang_step(model, state, ligand, params, h)
    return tuple(jax.lax.fori_loop(0, substeps, lambda _, s: strang_step(model, s, ligand, params, h), state))


def fixed_point(model: FlowModel, ligand: Any, params: Mapping[str, Any], *, n_iter: int = 1500,
                h: float = 10.0) -> tuple[Any, ...]:
    """Steady state at constant input: the fixed point of the splitting map (a steady state of the ODE is a fixed
    point of every component flow), reached by iterating long steps from zero. Traceable."""
    import jax
    import jax.numpy as jnp

    zero = jnp.zeros_like(ligand)
    y0 = tuple(zero for _ in model.flows)
    return tuple(jax.lax.fori_loop(0, n_iter, lambda _, s: strang_step(model, s, ligand, params, h), y0))


@lru_cache(maxsize=16)
def _jitted_fixed_point(model: FlowModel) -> Any:
    import jax

    return jax.jit(lambda lig, pvals: fixed_point(model, lig, pvals))


@lru_cache(maxsize=16)
def _jitted_trajectory(model: FlowModel, substeps: int) -> Any:
    import jax
    import jax.numpy as jnp

    def run(lig: Any, state0: tuple[Any, ...], pvals: Mapping[str, Any]) -> Any:
        def step(s: tuple[Any, ...], lg: Any) -> tuple[tuple[Any, ...], Any]:
            s = minute(model, s, lg, pvals, substeps)
            return s, jnp.stack(s)

        return jax.lax.scan(step, state0, lig)[1]

    return jax.jit(run)


def _jnp_params(params: Mapping[str, ArrayLike]) -> dict[str, Any]:
    import jax.numpy as jnp

    return {k: jnp.asarray(v) for k, v in params.items()}


def steady_state(model: FlowModel, ligand: ArrayLike, params: Mapping[str, ArrayLike]) -> NDArray[np.float64]:
    """Steady state per input level, ``(n, n_states)``."""
    import jax.numpy as jnp

    lig = jnp.atleast_1d(jnp.asarray(ligand, dtype=float))
    return np.stack([np.asarray(s) for s in _jitted_fixed_point(model)(lig, _jnp_params(params))], axis=1)


def trajectory(model: FlowModel, ligand: ArrayLike, y0: ArrayLike, params: Mapping[str, ArrayLike], *,
               substeps: int) -> NDArray[np.float64]:
    """States at the end of every step, ``(n, n_steps, n_states)``, from ``y0`` ``(n, n_states)``; ``ligand`` is
    ``(n, n_steps)``, held within each step."""
    import jax.numpy as jnp

    lig = jnp.asarray(np.atleast_2d(np.asarray(ligand, dtype=float)).T)
    start = np.atleast_2d(np.asarray(y0, dtype=float))
    state0 = tuple(jnp.asarray(start[:, i]) for i in range(len(model.flows)))
    out = _jitted_trajectory(model, int(substeps))(lig, state0, _jnp_params(params))
    return np.asarray(out).transpose(2, 0, 1)
