"""Throughput at stated accuracy: igfaxis's engine vs libRoadRunner (CVODE) vs SciPy solve_ivp (LSODA), same model.

For each population size the engine runs every patient; the baselines run a measured subset one patient at a time
(they have no batch mode) and are extrapolated linearly per patient where the size exceeds the subset (marked
``extrapolated``). Accuracy is checked on a few patients against libRoadRunner at rtol 1e-10 / atol 1e-12 (the
tight-tolerance reference): max relative error of the daily mean IGF-1 and of the daily GH peak, both on a 1-minute
grid. Targets: IGF-1 <= 0.5 %, GH peaks <= 2 %.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.engines import Problem, Readout, run_roadrunner, run_scipy
from bench.memory import peak_memory

IGF_TOL, GH_TOL = 0.005, 0.02


@dataclass
class Case:
    """One model under test: the SBML problem for the baselines and igfaxis's engine for the same patients."""

    label: str
    problem: Problem
    engine_label: str
    compile_engine: Callable[[int], Callable[[], Any]]  # n -> ready-to-run closure (compiled) for patients 0..n-1
    engine_readout: Callable[[Sequence[int]], Readout]  # accuracy subset
    notes: dict[str, Any] = dataclasses.field(default_factory=dict)


def accuracy(test: Readout, ref: Readout) -> dict[str, float | bool]:
    igf = float(np.max(np.abs(test.igf1_daily_mean / ref.igf1_daily_mean - 1.0)))
    gh = float(np.max(np.abs(test.gh_daily_peak / ref.gh_daily_peak - 1.0)))
    return {"igf1_daily_mean_max_rel_err": igf, "gh_peak_max_rel_err": gh, "ok": igf <= IGF_TOL and gh <= GH_TOL}


def _rate(n: int, days: int, seconds: float) -> float:
    return n * days / seconds if seconds > 0 else float("inf")


def run(case: Case, *, sizes: Sequence[int], rr_subset: int = 10, scipy_subset: int = 2, acc_patients: int = 3,
        log: Callable[[str], None] = print) -> dict[str, Any]:
    prob = case.problem
    days = prob.days
    acc_idx = list(range(min(acc_patients, prob.n)))
    out: dict[str, Any] = {"model": case.label, "engine": case.engine_label, "days": days, "sizes": list(sizes),
                           "notes": case.notes}

    log(f"reference: libRoadRunner rtol 1e-10 atol 1e-12, {len(acc_idx)} patients x {days} d")
    ref = run_roadrunner(prob, acc_idx, rtol=1e-10, atol=1e-12)
    out["accuracy"] = {
        case.engine_label: accuracy(case.engine_readout(acc_idx), ref),
        "libroadrunner_cvode_default": accuracy(run_roadrunner(prob, acc_idx), ref),
        "scipy_lsoda_default": accuracy(run_scipy(prob, acc_idx[:1]), Readout(ref.igf1_daily_mean[:1],
                                                                              ref.gh_daily_peak[:1])),
    }
    log(f"accuracy: {out['accuracy']}")

    baselines: dict[str, dict[str, Any]] = {}
    for name, fn, subset in (("libroadrunner_cvode_default", run_roadrunner, rr_subset),
                             ("scipy_lsoda_default", run_scipy, scipy_subset)):
        k = min(subset, prob.n)
        with peak_memory() as pk:
            fn(prob, list(range(k)))
        per_patient = pk.seconds / k
        baselines[name] = {"measured_patients": k, "seconds_per_patient": per_patient, "memory": pk.as_dict(),
                           "rtol": 1e-6, "atol": 1e-12 if "roadrunner" in name else 1e-9}
        log(f"{name}: {per_patient:.3f} s per patient-{days}d ({_rate(1, days, per_patient):.0f} patient-days/s)")
    out["baselines"] = baselines

    rows = []
    for n in sizes:
        t0 = time.perf_counter()
        runner = case.compile_engine(n)
        compile_s = time.perf_counter() - t0
        if n <= 1000:
            runner()  # warm (allocations, thread pools); large runs are timed on their first call
        with peak_memory() as pk:
            runner()
        row: dict[str, Any] = {"n": n, "engine_seconds": pk.seconds, "engine_compile_s": compile_s,
                               "engine_patient_days_per_s": _rate(n, days, pk.seconds), "engine_memory": pk.as_dict()}
        for name, b in baselines.items():
            secs = b["seconds_per_patient"] * n
            row[name] = {"seconds": secs, "patient_days_per_s": _rate(n, days, secs),
                         "extrapolated": n > b["measured_patients"],
                         "speedup_of_engine": secs / pk.seconds}
        rows.append(row)
        log(f"n={n}: engine {pk.seconds:.2f} s ({row['engine_patient_days_per_s']:.3g} patient-days/s; compile "
            f"{compile_s:.1f} s); x{row['libroadrunner_cvode_default']['speedup_of_engine']:.1f} libRoadRunner, "
            f"x{row['scipy_lsoda_default']['speedup_of_engine']:.1f} SciPy; peak RSS +"
            f"{pk.rss_increase_mib:.0f} MiB")
    out["rows"] = rows
    return out


def proxy_case(*, n_max: int, days: int, seed: int = 1, dtype: str = "float64") -> Case:
    """The 6-state stand-in model (bench/proxy_model.py) with the generic vectorised RK4 as 'engine'."""
    import jax

    from bench import proxy_model as pm
    from bench.engines import jax_fixed_runner, run_jax_fixed
    from bench.sbml_py import read_sbml

    text = pm.sbml()
    prob = Problem(sbml=text, spec=read_sbml(text), varying=pm.VARYING, params=pm.sample_params(n_max, seed),
                   doses=pm.doses(days), days=days, igf1="I", gh="G")
    run = jax_fixed_runner(prob, dtype=dtype)

    def compile_engine(n: int) -> Callable[[], Any]:
        params = jax.numpy.asarray(prob.params[:, :n])
        compiled = run.lower(params).compile()
        return lambda: jax.block_until_ready(compiled(params))

    return Case(label="proxy: 6-state stand-in (bench/proxy_model.py), NOT the igfaxis axis model",
                problem=prob, engine_label=f"jax_fixed_rk4_dt1min_{dtype}",
                compile_engine=compile_engine, engine_readout=lambda idx: run_jax_fixed(prob, idx, dtype=dtype))
