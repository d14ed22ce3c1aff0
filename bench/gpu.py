"""GPU throughput (run on a GPU machine; see bench/gpu.sh): igfaxis's engine and the generic fixed-step scheme at
up to 1e6 patients, and adaptive diffrax (Tsit5 under vmap) on the same device and model for the >= 10x target.

Targets (issue 8): >= 3e7 patient-days/s for 1e6 patients at the stated accuracy on an H100; >= 10x adaptive
diffrax on the same GPU.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from typing import Any


def _fixed_proxy(sizes: Sequence[int], days: int) -> list[dict[str, Any]]:
    import jax

    from bench import proxy_model as pm
    from bench.engines import Problem, jax_fixed_runner
    from bench.sbml_py import read_sbml

    text = pm.sbml()
    rows = []
    for dtype in ("float32", "float64"):
        for n in sizes:
            prob = Problem(sbml=text, spec=read_sbml(text), varying=pm.VARYING, params=pm.sample_params(n, 1),
                           doses=pm.doses(days), days=days, igf1="I", gh="G")
            run = jax_fixed_runner(prob, dtype=dtype)
            params = jax.device_put(jax.numpy.asarray(prob.params))
            compiled = run.lower(params).compile()
            jax.block_until_ready(compiled(params))
            t0 = time.perf_counter()
            jax.block_until_ready(compiled(params))
            s = time.perf_counter() - t0
            rows.append({"engine": f"proxy jax_fixed_rk4 {dtype}", "n": n, "seconds": s,
                         "patient_days_per_s": n * days / s})
            print(rows[-1], flush=True)
    return rows


def _axis(sizes: Sequence[int], days: int) -> list[dict[str, Any]]:
    """igfaxis's engine on the real axis model from the burnt-in state (as in the CPU throughput table)."""
    from bench.axis_engine import timed_batches

    rows = timed_batches(sizes=sizes, days=days, float32s=(True, False))
    return [{"engine": f"igfaxis engine {'float32' if r['float32'] else 'float64'}", **r} for r in rows]


def _diffrax_axis(n: int, days: int) -> dict[str, Any]:
    """Adaptive Tsit5 (rtol 1e-6, atol 1e-9) under vmap on the exported axis SBML (same patients, same doses),
    one solve per dose interval, saving every minute (the GH-peak metric needs it)."""
    import diffrax
    import jax
    import jax.numpy as jnp

    from bench.axis_case import axis_case
    from bench.sbml_py import make_rhs

    jax.config.update("jax_enable_x64", True)
    prob = axis_case(n_max=n, days=days).problem
    spec = prob.spec
    rhs = make_rhs(spec, varying=prob.varying, backend="jax")
    idx = {sid: i for i, sid in enumerate(spec.state_ids)}

    def f(t: Any, y: Any, p: Any) -> Any:
        return rhs(t, y[:, None], p[:, None])[:, 0]

    def segment(y0: Any, p: Any, t0: Any, t1: Any, ts: Any) -> Any:
        sol = diffrax.diffeqsolve(diffrax.ODETerm(f), diffrax.Tsit5(), t0, t1, 1.0 / 60.0, y0, args=p,
                                  saveat=diffrax.SaveAt(ts=ts, t1=True),
                                  stepsize_controller=diffrax.PIDController(rtol=1e-6, atol=1e-9),
                                  max_steps=200_000)
        return sol.ys

    seg = jax.jit(jax.vmap(segment, in_axes=(0, 0, None, None, None)))
    params = jnp.asarray(prob.params.T)
    y = jnp.asarray(prob.y0.T)
    cuts = sorted({0.0, days * 24.0, *(d.t for d in prob.doses if d.t < days * 24.0)})
    t_start = time.perf_counter()
    compile_s = None
    timed_hours = 0.0
    for a, b in itertools.pairwise(cuts):
        for d in prob.doses:
            if d.t == a:
                y = y.at[:, idx[d.target]].add(d.amount)
        ts = jnp.minimum(a + jnp.arange(24 * 60) / 60.0, b)  # fixed shape (one compile); clipped at the end
        y = seg(y, params, a, b, ts)[:, -1]
        if compile_s is None:
            jax.block_until_ready(y)
            compile_s = time.perf_counter() - t_start
            t_start = time.perf_counter()
        else:
            timed_hours += b - a
    jax.block_until_ready(y)
    s = time.perf_counter() - t_start
    out = {"engine": "diffrax Tsit5 adaptive vmap (axis SBML)", "n": n, "days_timed": timed_hours / 24.0,
           "seconds": s, "compile_and_first_segment_s": compile_s,
           "patient_days_per_s": n * timed_hours / 24.0 / s,
           "note": "one compile (fixed 1440-point save grid per segment); first segment excluded from timing"}
    print(out, flush=True)
    return out


def _diffrax_proxy(n: int, days: int) -> dict[str, Any]:
    """Adaptive Tsit5 (rtol 1e-6, atol 1e-9), vmap over patients, one solve per dose interval, 1-min saves."""
    import diffrax
    import jax
    import jax.numpy as jnp

    from bench import proxy_model as pm
    from bench.sbml_py import make_rhs, read_sbml

    jax.config.update("jax_enable_x64", True)
    spec = read_sbml(pm.sbml())
    rhs = make_rhs(spec, varying=pm.VARYING, backend="jax")
    d_idx = spec.state_ids.index("D")

    def f(t: Any, y: Any, p: Any) -> Any:
        return rhs(t, y[:, None], p[:, None])[:, 0]

    def segment(y0: Any, p: Any, t0: Any, t1: Any, ts: Any) -> Any:
        sol = diffrax.diffeqsolve(diffrax.ODETerm(f), diffrax.Tsit5(), t0, t1, 1.0, y0, args=p,
                                  saveat=diffrax.SaveAt(ts=ts, t1=True),
                                  stepsize_controller=diffrax.PIDController(rtol=1e-6, atol=1e-9),
                                  max_steps=100_000)
        return sol.ys

    seg = jax.jit(jax.vmap(segment, in_axes=(0, 0, None, None, None)))
    params = jnp.asarray(pm.sample_params(n, 1).T)
    y = jnp.broadcast_to(jnp.asarray(spec.initial), (n, len(spec.initial)))
    t_start = time.perf_counter()
    compile_s = None
    for day in range(days):
        a, b, c = day * 1440.0, day * 1440.0 + pm.DOSE_AT_MIN, (day + 1) * 1440.0
        ys = seg(y, params, a, b, jnp.arange(a, b))
        y = ys[:, -1].at[:, d_idx].add(pm.DOSE_UG)
        ys = seg(y, params, b, c, jnp.arange(b, c))
        y = ys[:, -1]
        if day == 0:
            jax.block_until_ready(y)
            compile_s = time.perf_counter() - t_start
            t_start = time.perf_counter()
    jax.block_until_ready(y)
    s = time.perf_counter() - t_start
    rate = n * (days - 1) / s
    out = {"engine": "diffrax Tsit5 adaptive vmap (proxy)", "n": n, "days_timed": days - 1, "seconds": s,
           "compile_and_day0_s": compile_s, "patient_days_per_s": rate}
    print(out, flush=True)
    return out


def run(*, sizes: Sequence[int], days: int, model: str, diffrax_n: Sequence[int]) -> dict[str, Any]:
    import jax

    out: dict[str, Any] = {"devices": [str(d) for d in jax.devices()], "days": days, "sizes": list(sizes)}
    out["fixed_proxy"] = _fixed_proxy(sizes, days)
    if model in ("auto", "axis"):
        try:
            out["axis_engine"] = _axis(sizes, days)
        except Exception as exc:
            out["axis_engine_error"] = repr(exc)
    try:
        out["diffrax_axis"] = [_diffrax_axis(n, min(days, 4)) for n in diffrax_n]
        eng = {(r["engine"], r["n"]): r["patient_days_per_s"] for r in out.get("axis_engine", [])}
        out["ratio_engine_vs_diffrax_axis"] = {
            f"{prec} engine at n={d['n']}": eng.get((f"igfaxis engine {prec}", d["n"]), float("nan"))
            / d["patient_days_per_s"] for d in out["diffrax_axis"] for prec in ("float32", "float64")
        }
        out["diffrax_proxy"] = [_diffrax_proxy(n, min(days, 8)) for n in diffrax_n]
        best_fixed = {r["n"]: r["patient_days_per_s"] for r in out["fixed_proxy"] if "float64" in r["engine"]}
        out["ratio_fixed_f64_vs_diffrax"] = {
            d["n"]: best_fixed.get(d["n"], float("nan")) / d["patient_days_per_s"] for d in out["diffrax_proxy"]
        }
    except ImportError as exc:
        out["diffrax"] = f"not measured: {exc}"
    return out
