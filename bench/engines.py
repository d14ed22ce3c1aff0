"""The simulators under comparison, each producing the same read-outs per patient and day:
daily mean IGF-1 and daily GH peak, both taken on a 1-minute grid (the accuracy metric needs the peaks).

* :func:`run_roadrunner`: libRoadRunner CVODE, one patient at a time (reset, set parameters, simulate), doses as
  SBML events inside the model.
* :func:`run_scipy`: SciPy ``solve_ivp`` (LSODA) on a Python RHS generated from the same SBML; doses applied between
  segments.
* :func:`run_jax_fixed`: a vectorised fixed-step RK4 (``lax.scan`` over days x minutes, patients as an array axis)
  generated from the same SBML: the generic scheme a JAX engine can reach, for comparison with igfaxis's own engine.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.sbml_py import DoseEvent, OdeSpec, make_rhs

MIN_PER_DAY = 1440


@dataclass(frozen=True)
class Problem:
    sbml: str
    spec: OdeSpec
    varying: tuple[str, ...]
    params: np.ndarray  # (len(varying), N)
    doses: tuple[DoseEvent, ...]
    days: int
    igf1: str  # state or rule id of total IGF-1
    gh: str
    minutes_per_time_unit: float = 1.0
    y0: np.ndarray | None = None  # (len(spec.state_ids), N) per-patient start; None = the SBML initial values
    right_riemann: bool = False  # daily values from samples at minutes 1..1440 (igfaxis engine convention)

    @property
    def n(self) -> int:
        return int(self.params.shape[1])


@dataclass(frozen=True)
class Readout:
    igf1_daily_mean: np.ndarray  # (n, days)
    gh_daily_peak: np.ndarray  # (n, days)


def _daily(igf: np.ndarray, gh: np.ndarray, days: int, right: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """From 1-min samples t = 0..days*1440 (inclusive) to per-day mean (left Riemann, or right) and max."""
    if right:
        igf, gh = igf[1:], gh[1:]
    igf_d = igf[: days * MIN_PER_DAY].reshape(days, MIN_PER_DAY).mean(axis=1)
    gh_d = gh[: days * MIN_PER_DAY].reshape(days, MIN_PER_DAY).max(axis=1)
    return igf_d, gh_d


def run_roadrunner(problem: Problem, patients: Sequence[int], *, rtol: float = 1e-6, atol: float = 1e-12) -> Readout:
    import roadrunner

    roadrunner.Logger.setLevel(roadrunner.Logger.LOG_ERROR)  # CVODE notes at every dose event otherwise
    rr = roadrunner.RoadRunner(problem.sbml)
    rr.integrator.relative_tolerance = rtol
    rr.integrator.absolute_tolerance = atol
    rr.integrator.maximum_num_steps = 10**7
    t_end = problem.days * MIN_PER_DAY / problem.minutes_per_time_unit
    points = problem.days * MIN_PER_DAY + 1
    igf, gh = [], []
    for i in patients:
        rr.resetAll()
        for k, pid in enumerate(problem.varying):
            rr.setValue(pid, float(problem.params[k, i]))
        if problem.y0 is not None:
            for k, sid in enumerate(problem.spec.state_ids):
                rr.setValue(sid, float(problem.y0[k, i]))
        out = rr.simulate(0.0, t_end, points, [problem.igf1, problem.gh])
        a, b = _daily(np.asarray(out[:, 0]), np.asarray(out[:, 1]), problem.days, problem.right_riemann)
        igf.append(a)
        gh.append(b)
    return Readout(np.array(igf), np.array(gh))


def run_scipy(problem: Problem, patients: Sequence[int], *, rtol: float = 1e-6, atol: float = 1e-9) -> Readout:
    from scipy.integrate import solve_ivp

    spec = problem.spec
    rhs = make_rhs(spec, varying=problem.varying, backend="math")
    observe = make_rhs(spec, varying=problem.varying, backend="math", outputs=(problem.igf1, problem.gh))
    scale = problem.minutes_per_time_unit
    t_end = problem.days * MIN_PER_DAY / scale
    cuts = sorted({0.0, t_end, *(d.t for d in problem.doses if d.t < t_end)})
    grid = np.arange(problem.days * MIN_PER_DAY + 1) / scale
    idx = {s: i for i, s in enumerate(spec.state_ids)}
    igf, gh = [], []
    for i in patients:
        p = tuple(float(problem.params[k, i]) for k in range(len(problem.varying)))
        y = np.array(spec.initial if problem.y0 is None else problem.y0[:, i], dtype=float)
        samples = np.empty((2, grid.size))
        for t0, t1 in itertools.pairwise(cuts):
            for d in problem.doses:
                if d.t == t0:
                    y[idx[d.target]] += d.amount
            lo, hi = np.searchsorted(grid, [t0, t1])
            if t1 == t_end:
                hi = grid.size
            sol = solve_ivp(rhs, (t0, t1), y, method="LSODA", t_eval=grid[lo:hi], rtol=rtol, atol=atol, args=(p,))
            if not sol.success:
                raise RuntimeError(sol.message)
            samples[:, lo:hi] = np.array([observe(t, sol.y[:, j], p) for j, t in enumerate(sol.t)]).T
            y = sol.y[:, -1] if sol.t[-1] == t1 else _finish(rhs, sol, t1, p, rtol, atol)
        a, b = _daily(samples[0], samples[1], problem.days, problem.right_riemann)
        igf.append(a)
        gh.append(b)
    return Readout(np.array(igf), np.array(gh))


def _finish(rhs: Any, sol: Any, t1: float, p: tuple[float, ...], rtol: float, atol: float) -> np.ndarray:
    from scipy.integrate import solve_ivp

    s2 = solve_ivp(rhs, (sol.t[-1], t1), sol.y[:, -1], method="LSODA", rtol=rtol, atol=atol, args=(p,))
    return np.asarray(s2.y[:, -1])


def jax_fixed_runner(problem: Problem, *, dt_min: float = 1.0, dtype: str = "float64") -> Any:
    """Build a jitted ``f(params (k, N)) -> (igf_daily (days, N), gh_peak (days, N))``; doses must fall on steps."""
    import jax
    import jax.numpy as jnp

    if dtype == "float64":
        jax.config.update("jax_enable_x64", True)
    dt_ = jnp.dtype(dtype)
    spec = problem.spec
    rhs = make_rhs(spec, varying=problem.varying, backend="jax")
    idx = {s: i for i, s in enumerate(spec.state_ids)}
    steps = round(MIN_PER_DAY / dt_min)
    h = dt_min / problem.minutes_per_time_unit
    dose_add = np.zeros((problem.days, steps, len(spec.state_ids)))
    for d in problem.doses:
        day, rem = divmod(d.t * problem.minutes_per_time_unit, MIN_PER_DAY)
        if int(day) < problem.days:
            dose_add[int(day), round(rem / dt_min), idx[d.target]] += d.amount
    # doses at the same clock time every day -> one vector per step of day (days x pattern) kept small
    per_step = jnp.asarray(dose_add.sum(axis=0) / max(1, problem.days), dtype=dt_)  # (steps, n_states)
    uniform = all(np.allclose(dose_add[d], dose_add[0]) for d in range(problem.days))
    if not uniform:
        raise ValueError("jax_fixed_runner needs the same doses every day")
    io, gi = idx[problem.igf1], idx[problem.gh]

    def step(y: Any, xs: Any, p: Any) -> Any:
        k, dose = xs
        y = y + dose[:, None]
        t = k * h
        k1 = rhs(t, y, p)
        k2 = rhs(t + h / 2, y + h / 2 * k1, p)
        k3 = rhs(t + h / 2, y + h / 2 * k2, p)
        k4 = rhs(t + h, y + h * k3, p)
        return y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)

    def day(carry: Any, day_index: Any, p: Any) -> Any:
        y = carry

        def inner(c: Any, xs: Any) -> Any:
            y, s, mx = c
            s = s + y[io]
            mx = jnp.maximum(mx, y[gi])
            return (step(y, (day_index * steps + xs[0], xs[1]), p), s, mx), None

        zeros = jnp.zeros_like(y[io])
        (y, s, mx), _ = jax.lax.scan(inner, (y, zeros, zeros - jnp.inf), (jnp.arange(steps), per_step))
        return y, (s / steps, mx)

    @jax.jit
    def run(params: Any) -> Any:
        p = params.astype(dt_)
        y0 = jnp.broadcast_to(jnp.asarray(spec.initial, dtype=dt_)[:, None], (len(spec.initial), p.shape[1]))
        _, (igf, gh) = jax.lax.scan(lambda c, d: day(c, d, p), y0, jnp.arange(problem.days))
        return igf, gh

    return run


def run_jax_fixed(problem: Problem, patients: Sequence[int] | None = None, **kw: Any) -> Readout:
    run = jax_fixed_runner(problem, **kw)
    params = problem.params if patients is None else problem.params[:, list(patients)]
    igf, gh = run(params)
    return Readout(np.asarray(igf).T, np.asarray(gh).T)
