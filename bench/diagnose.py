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
