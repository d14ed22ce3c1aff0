"""Diagnostics behind bench/RESULTS.md: step-size convergence of the engine against the libRoadRunner reference,
and throughput against batch size.

    python -m bench dt-check [--days 14] [--dts 1,0.5,0.25] [--protocol FILE.toml]
    python -m bench batch [--sizes 100,500,2000,5000] [--days 30]
"""

from __future__ import annotations

import time
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
    from bench.axis_engine import _drugs, _population
    from igfaxis.physiology.simulate import burn_in, simulate

    drugs = _drugs(days, None)
    rows = []
    for f32 in (False, True):
        for n in sizes:
            base = burn_in(_population(n, 1), float32=f32)
            simulate(base, days=days, drugs=drugs, float32=f32)
            t0 = time.perf_counter()
            simulate(base, days=days, drugs=drugs, float32=f32)
            s = time.perf_counter() - t0
            rows.append({"n": n, "float32": f32, "seconds": s, "patient_days_per_s": n * days / s})
            print(rows[-1], flush=True)
    best = max(rows, key=lambda r: float(r["patient_days_per_s"]))
    return {"days": days, "rows": rows, "best": best, "note": "timed after compile"}
