"""Diagnostics behind bench/RESULTS.md: step-size convergence of the engine against the libRoadRunner reference,
and throughput against batch size.

    python -m bench dt-check [--days 14] [--dts 1,0.5,0.25] [--protocol FILE.toml]
    python -m bench batch [--sizes 100,500,2000,5000] [--days 30]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def dt_check(*, days: int, dts: Sequence[float], protocol: str | None, n: int = 3) -> dict[str, Any]:
    from bench.axis_case import axis_case
    from bench.engines import run_roadrunner
    from bench.throughput import accuracy

    out: dict[str, Any] = {"days": days, "patients": n, "protocol": protocol or "tesamorelin 2 mg SC daily"}
    ref = None
    for dt in dts:
        case = axis_case(n_max=n, days=days, dt_min=dt, protocol=protocol)
        if ref is None:
            ref = run_roadrunner(case.problem, list(range(n)), rtol=1e-10, atol=1e-12)
        acc = accuracy(case.engine_readout(list(range(n))), ref)
        out[f"dt_{dt:g}_min"] = acc
        print(f"dt = {dt:g} min: {acc}", flush=True)
    return out


def batch(*, sizes: Sequence[int], days: int) -> dict[str, Any]:
    from bench.axis_engine import timed_batches

    rows = timed_batches(sizes=sizes, days=days, float32s=(False, True))
    best = max(rows, key=lambda r: float(r["patient_days_per_s"]))
    return {"days": days, "rows": rows, "best": best, "note": "timed after compile"}


def sensitivity(*, n: int, days: int, check: int = 12) -> dict[str, Any]:
    """Which patients' 26-week trajectories depend on the arithmetic: float32 against float64 (dt 1 min) on ``n``
    patients, then, for up to ``check`` of those outside 0.5 % and 4 typical ones, float64 at dt 1 min and float32
    against float64 at dt 0.5 min. Worst-day relative difference of daily mean IGF-1 per patient."""
    import numpy as np

    from bench.axis_engine import _drugs, _population
    from igfaxis.physiology.simulate import burn_in, simulate

    drugs = _drugs(days, None)

    def igf1(pop: Any, *, dt: float, f32: bool) -> Any:
        base = burn_in(pop, dt_min=dt, float32=f32)
        return simulate(base, days=days, drugs=drugs, dt_min=dt, float32=f32).igf1_ng_ml

    def worst(a: Any, b: Any) -> Any:
        return np.max(np.abs(a - b) / np.abs(b), axis=0)

    pop = _population(n, 1)
    w = worst(igf1(pop, dt=1.0, f32=True), igf1(pop, dt=1.0, f32=False))
    flagged = np.flatnonzero(w > 0.005)
    typical = np.flatnonzero(w <= 0.005)[:4]
    chosen = np.concatenate([flagged[:check], typical])
    sub = pop.take(chosen)
    fine = igf1(sub, dt=0.5, f32=False)
    rows = [{"patient": int(i), "flagged": bool(i in set(flagged.tolist())), "f32_vs_f64": float(w[i]),
             "f64_dt1_vs_f64_dt05": float(a), "f32_dt1_vs_f64_dt05": float(b)}
            for i, a, b in zip(chosen, worst(igf1(sub, dt=1.0, f32=False), fine), worst(igf1(sub, dt=1.0, f32=True),
                                                                                      fine), strict=True)]
    out = {"patients": n, "days": days, "protocol": "tesamorelin 2 mg SC daily at 22:00",
           "share_within_0.5pct_f32_vs_f64": float(np.mean(w <= 0.005)), "rows": rows}
    for r in rows:
        print(r, flush=True)
    return out


def op_count(*, protocol: str | None = None) -> dict[str, Any]:
    """Primitive operations in one RK4 step of one patient (axis + the protocol's dose streams), counted in the
    traced jaxpr with nested calls expanded: what the engine asks of the hardware per patient-step."""
    import collections

    import jax
    import numpy as np

    from bench.axis_engine import _drugs, _population
    from igfaxis.physiology import axis, engine
    from igfaxis.physiology.simulate import burn_in

    base = burn_in(_population(2, 1))
    st = engine.build_streams(_drugs(2, protocol), receptors=axis.RECEPTORS, n_days=2, dt_min=1.0)
    p = {k: float(np.asarray(v).ravel()[0]) for k, v in base.p.items()}
    pk = [{k: float(v[s]) for k, v in st.pk.items()} for s in range(st.n)]
    nx = axis.N_STATES

    def f(t: Any, y: Any) -> Any:
        terms = [engine.stream_terms(y[nx + 3 * s], y[nx + 3 * s + 1], y[nx + 3 * s + 2], pk[s]) for s in range(st.n)]
        u = engine.receptor_inputs(len(axis.RECEPTORS), st.receptor_index, [tm[0] for tm in terms])
        return (*axis.rhs_terms(t, y[:nx], p, u), *(d for tm in terms for d in tm[1:]))

    counts: collections.Counter[str] = collections.Counter()

    def walk(jaxpr: Any) -> None:
        for eqn in jaxpr.eqns:
            inner = [v for v in eqn.params.values() if hasattr(v, "eqns") or hasattr(v, "jaxpr")]
            if not inner:
                counts[eqn.primitive.name] += 1
            for v in inner:
                walk(v if hasattr(v, "eqns") else (v.jaxpr if hasattr(v.jaxpr, "eqns") else v.jaxpr.jaxpr))

    n_states = nx + 3 * st.n
    walk(jax.make_jaxpr(lambda t, *y: engine.rk4_step(f, tuple(y), t, 1.0 / 60.0))(0.1, *[0.5] * n_states).jaxpr)
    arithmetic = {k: v for k, v in counts.items() if k != "convert_element_type"}
    out = {"protocol": protocol or "tesamorelin 2 mg SC daily", "states": n_states, "per_rk4_step": dict(counts),
           "arithmetic_total": sum(arithmetic.values()),
           "note": "convert_element_type are weak-type casts of Python constants (folded by the compiler)"}
    print(out, flush=True)
    return out
