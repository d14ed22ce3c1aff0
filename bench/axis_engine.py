"""igfaxis's own engine on the real axis model (``igfaxis.physiology.simulate``): throughput, interactive latency
and accuracy by self-convergence (dt = 1 min against dt = 0.25 min), used until the axis SBML export exists for
libRoadRunner/SciPy baselines on the same model.

Accuracy metrics as in :mod:`bench.throughput`: daily mean IGF-1 and the daily GH peak (GH peak from the engine's
per-step trace on the days it records: days 0, 90 and the last).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from bench.memory import peak_memory


def _population(n: int, seed: int) -> Any:
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.simulate import sample_population

    half = max(1, n // 2)
    groups = [sample_population(half, age_years=45.0, sex="male", seed=seed)]
    if n - half:
        groups.append(sample_population(n - half, age_years=55.0, sex="female", seed=seed + 1))
    return Patients.concat(groups)


def _drugs(days: int, protocol: str | None) -> tuple[Any, ...]:
    from igfaxis.physiology.parameters import AXIS
    from igfaxis.physiology.protocol import load_protocol, parse_protocol, to_drug_inputs

    text = "name='tesamorelin 2 mg daily'\n[[dose]]\nagent='tesamorelin'\namount='2 mg'\nroute='sc'\nevery='1 day'\n"
    proto = load_protocol(protocol) if protocol else parse_protocol(text)
    return tuple(to_drug_inputs(proto, weight_kg=float(AXIS.value("weight_default_kg")), days=days))


def timed_run(n: int, *, days: int, float32: bool, dt_min: float = 1.0,
              minute_days: Sequence[int] = ()) -> tuple[dict[str, Any], Any]:
    """The engine on the real axis model (tesamorelin) for ``n`` patients: burn-in, a first (compiling) call and
    a timed call of ``simulate``. Returns the row (seconds, patient-days/s, first call and burn-in seconds, failed
    patients) and the timed call's trajectory."""
    from igfaxis.physiology.simulate import burn_in, simulate

    drugs = _drugs(days, None)
    t0 = time.perf_counter()
    base = burn_in(_population(n, 1), float32=float32, dt_min=dt_min)
    t1 = time.perf_counter()
    simulate(base, days=days, drugs=drugs, float32=float32, minute_days=minute_days, dt_min=dt_min)
    t2 = time.perf_counter()
    traj = simulate(base, days=days, drugs=drugs, float32=float32, minute_days=minute_days, dt_min=dt_min)
    s = time.perf_counter() - t2
    row = {"n": n, "float32": float32, "days": days, "seconds": s, "patient_days_per_s": n * days / s,
           "first_call_s": t2 - t1, "burn_in_s": t1 - t0, "failed": int(np.sum(traj.status != 0))}
    return row, traj


def timed_batches(*, sizes: Sequence[int], days: int, float32s: Sequence[bool]) -> list[dict[str, Any]]:
    """:func:`timed_run` per (precision, batch size)."""
    rows: list[dict[str, Any]] = []
    for f32 in float32s:
        for n in sizes:
            rows.append(timed_run(n, days=days, float32=f32)[0])
            print(rows[-1], flush=True)
    return rows


def run(*, sizes: Sequence[int], days: int = 182, protocol: str | None = None, float32: bool = False,
        accuracy_n: int = 2, log: Callable[[str], None] = print) -> dict[str, Any]:
    from igfaxis.physiology.simulate import simulate

    drugs = _drugs(days, protocol)
    out: dict[str, Any] = {"model": "igfaxis-axis (real model, igfaxis.physiology.simulate)", "days": days,
                           "protocol": "tesamorelin 2 mg SC daily" if protocol is None else protocol,
                           "float32": float32, "note": "includes 5 burn-in days per call (2 drive + 3 coupled)"}
    pop = _population(accuracy_n, 7)
    mdays = (0, min(90, days - 1), days - 1)
    t0 = time.perf_counter()
    fine = simulate(pop, days=days, drugs=drugs, dt_min=0.25, minute_days=mdays)
    coarse = simulate(pop, days=days, drugs=drugs, dt_min=1.0, minute_days=mdays, float32=float32)
    igf_err = float(np.max(np.abs(coarse.igf1_ng_ml / fine.igf1_ng_ml - 1.0)))
    gh_err = max(float(np.max(np.abs(coarse.minute_gh_ug_l[d].max(axis=0) / fine.minute_gh_ug_l[d].max(axis=0) - 1)))
                 for d in mdays)
    out["accuracy_vs_dt_0.25min"] = {"igf1_daily_mean_max_rel_err": igf_err, "gh_daily_peak_max_rel_err": gh_err,
                                     "ok": igf_err <= 0.005 and gh_err <= 0.02,
                                     "seconds": round(time.perf_counter() - t0, 2)}
    log(f"accuracy (dt 1 min vs 0.25 min): {out['accuracy_vs_dt_0.25min']}")
    rows = []
    for n in sizes:
        pop = _population(n, 1)
        t0 = time.perf_counter()
        simulate(pop, days=days, drugs=drugs, float32=float32)  # compile (or load from the persistent cache) + run
        first = time.perf_counter() - t0
        with peak_memory() as pk:
            traj = simulate(pop, days=days, drugs=drugs, float32=float32)
        rate = n * days / pk.seconds
        rows.append({"n": n, "first_call_s": round(first, 3), "seconds": round(pk.seconds, 4),
                     "patient_days_per_s": rate, "failed": int(np.sum(traj.status != 0)), "memory": pk.as_dict()})
        log(f"n={n}: {pk.seconds:.3f} s after compile ({rate:.3g} patient-days/s; first call {first:.1f} s)")
    out["rows"] = rows
    return out
